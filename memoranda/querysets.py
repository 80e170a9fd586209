"""Aggregates over commitments, computed in the database.

Sums and counts across relations are correlated subqueries wrapped in Coalesce, one per
aggregate, so that joins never multiply rows and a page runs a fixed number of queries.
"""

from django.db import models
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce


def subquery_total(queryset, outer_field: str, expression, default=0):
    """Correlated SUM/COUNT of `expression` over `queryset` rows whose `outer_field` is the
    outer row's primary key."""
    grouped = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(total=expression)
        .values("total")
    )
    return Coalesce(Subquery(grouped), Value(default), output_field=models.IntegerField())


def committed_jobs_of(outer_field: str, commitments=None):
    """Jobs committed over the commitments whose `outer_field` is the outer row."""
    from memoranda.models import Commitment

    queryset = Commitment.objects.all() if commitments is None else commitments
    return subquery_total(queryset, outer_field, Sum("jobs_committed"))


def commitments_count_of(outer_field: str):
    from memoranda.models import Commitment

    return subquery_total(Commitment.objects.all(), outer_field, Count("pk"))


def jobs_created():
    """Jobs created for the outer commitment: from validated quarterly declarations, which do
    not exist yet, so unknown (NULL) for every commitment."""
    return Cast(Value(None), models.IntegerField())


class CommitmentQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate jobs_created, progress_percent and status.

        Jobs created come from validated quarterly declarations; until a commitment has one,
        they are unknown (NULL), its progress is unknown and its status is no_data.
        """
        from memoranda.models import Commitment

        status = Commitment.Status
        return self.annotate(
            jobs_created=jobs_created(),
        ).annotate(
            progress_percent=Cast(F("jobs_created"), models.FloatField())
            * 100.0
            / F("jobs_committed"),
            status=models.Case(
                models.When(jobs_created__isnull=True, then=Value(status.NO_DATA)),
                models.When(jobs_created__gte=F("jobs_committed"), then=Value(status.ACHIEVED)),
                default=Value(status.NO_DATA),
                output_field=models.CharField(),
            ),
        )

    def for_public_list(self):
        """Rows of the public list and its exports: related names in one query."""
        return self.select_related(
            "memorandum__operator", "memorandum__signing", "segment", "city__region"
        ).with_progress()

    def totals(self) -> dict:
        """Jobs committed and created over the set, in one query. Jobs created stay None while
        no commitment of the set has a known figure."""
        return self.order_by().aggregate(
            count=Count("pk"),
            jobs_committed=Coalesce(Sum("jobs_committed"), 0),
            # Summed from the expression, not the annotation: Django would otherwise refer to
            # the annotation by alias outside the subquery that defines it.
            jobs_created=Sum(jobs_created()),
        )

    def by_city(self):
        """Jobs committed per city, unallocated commitments grouped under a null city."""
        return (
            self.order_by()
            .values("city__name", "city__slug")
            .annotate(jobs_committed=Sum("jobs_committed"), commitments=Count("pk"))
            .order_by(F("city__name").asc(nulls_last=True))
        )

    def by_segment(self):
        return (
            self.order_by()
            .values("segment__code", "segment__name")
            .annotate(jobs_committed=Sum("jobs_committed"), commitments=Count("pk"))
            .order_by("segment__code")
        )


class MemorandumQuerySet(models.QuerySet):
    def with_totals(self):
        return self.annotate(
            jobs_committed=committed_jobs_of("memorandum"),
            commitments_count=commitments_count_of("memorandum"),
        )


class SigningQuerySet(models.QuerySet):
    def with_totals(self):
        """Recorded figures beside the announced ones: memoranda and jobs committed in them."""
        from memoranda.models import Memorandum

        return self.annotate(
            memoranda_count=subquery_total(Memorandum.objects.all(), "signing", Count("pk")),
            jobs_committed=committed_jobs_of("memorandum__signing"),
        )


def annotate_operators(operators):
    """Operators with their memoranda count and jobs committed."""
    from memoranda.models import Memorandum

    return operators.annotate(
        memoranda_count=subquery_total(Memorandum.objects.all(), "operator", Count("pk")),
        jobs_committed=committed_jobs_of("memorandum__operator"),
    )


def annotate_places(queryset, outer_field: str):
    """Cities or segments with their commitments count and jobs committed."""
    return queryset.annotate(
        commitments_count=commitments_count_of(outer_field),
        jobs_committed=committed_jobs_of(outer_field),
    )
