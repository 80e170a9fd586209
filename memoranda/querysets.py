"""Aggregates over commitments, computed in the database.

Sums and counts across relations are correlated subqueries wrapped in Coalesce, one per
aggregate, so that joins never multiply rows and a page runs a fixed number of queries.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractQuarter,
    ExtractYear,
    Greatest,
    Least,
    NullIf,
)

from operators.querysets import quarter_index


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


def scope_value(field: str, at_quarter: int | None = None):
    """One field of the outer commitment's ScopeHeadcount row: the row of its memorandum's
    operator, its segment and its city, or the all-cities row (city NULL) while the commitment
    is not yet allocated; at the scope's latest validated quarter, or at the latest one up to
    the quarter index `at_quarter`. NULL when no validated declaration is in scope.

    ScopeHeadcount holds each scope's validated headcount per quarter (see
    operators.headcounts): one indexed row per commitment, rather than a sum over every
    declaration line of the scope on each page.
    """
    from operators.models import ScopeHeadcount

    rows = ScopeHeadcount.objects.filter(
        operator=OuterRef("memorandum__operator"), segment=OuterRef("segment")
    )
    if at_quarter is None:
        # No ordering: the model's would join operators, segments and cities to sort one row.
        rows = rows.filter(latest=True).order_by()
    else:
        rows = rows.filter(quarter_index__lte=at_quarter).order_by("-quarter_index")
    return models.Case(
        models.When(
            city__isnull=True, then=Subquery(rows.filter(city__isnull=True).values(field)[:1])
        ),
        default=Subquery(rows.filter(city=OuterRef("city")).values(field)[:1]),
        output_field=models.IntegerField(),
    )


def headcount_quarter():
    """Quarter index (see quarter_index) of the latest validated declaration in the outer
    commitment's scope; NULL when there is none."""
    return scope_value("quarter_index")


def headcount():
    """Validated headcount in the outer commitment's scope at its latest validated quarter,
    summed over the sites that declared that quarter; NULL (unknown, never 0) when there is
    none."""
    return scope_value("headcount")


def jobs_created():
    """Reads the outer `headcount` annotation; NULL when it or the baseline is unknown."""
    return F("headcount") - F("baseline_headcount")


def signature_quarter():
    # EXTRACT gives a numeric on PostgreSQL: cast so that the trajectory divides as integers.
    signed_on = "memorandum__signed_on"
    year = Cast(ExtractYear(signed_on), models.IntegerField())
    return quarter_index(year, Cast(ExtractQuarter(signed_on), models.IntegerField()))


def horizon_quarter():
    """The horizon year's last quarter."""
    return quarter_index(F("memorandum__horizon_year"), 4)


def expected_jobs(measured=None):
    """Jobs expected by the measured quarter on a straight line from 0 at the signature's
    quarter to jobs_committed at the horizon's last quarter, rounded down (integer division,
    the same on SQLite and PostgreSQL). The measured quarter is clamped to [signature, horizon]
    so that the figure stays within [0, jobs_committed]; signed in the horizon's last quarter,
    everything is expected at once.

    Reads the outer `signature_quarter` and `horizon_quarter` annotations, and the measured
    quarter from `measured` (by default the `headcount_quarter` annotation); the measured
    quarter is named once, as each mention repeats its subquery in the SQL.
    """
    start, end = F("signature_quarter"), F("horizon_quarter")
    measured = F("headcount_quarter") if measured is None else measured
    measured = Greatest(Least(measured, end), start)
    return models.Case(
        models.When(horizon_quarter__lte=start, then=F("jobs_committed")),
        default=F("jobs_committed") * (measured - start) / (end - start),
        output_field=models.IntegerField(),
    )


def status():
    """Commitment.Status of the outer commitment, from its `jobs_created` and `expected_jobs`
    annotations; the shares of the trajectory come from settings."""
    from memoranda.models import Commitment

    code = Commitment.Status
    expected = Cast(F("expected_jobs"), models.FloatField())
    on_track = expected * Value(settings.STATUS_ON_TRACK_SHARE)
    at_risk = expected * Value(settings.STATUS_AT_RISK_SHARE)
    return models.Case(
        models.When(jobs_created__isnull=True, then=Value(code.NO_DATA)),
        models.When(jobs_created__gte=F("jobs_committed"), then=Value(code.ACHIEVED)),
        models.When(jobs_created__gte=on_track, then=Value(code.ON_TRACK)),
        models.When(jobs_created__gte=at_risk, then=Value(code.AT_RISK)),
        default=Value(code.BEHIND),
        output_field=models.CharField(),
    )


class CommitmentQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate headcount, headcount_quarter, jobs_created, progress_percent and status,
        from validated declarations only (the public never sees an unvalidated figure).

        - headcount: the validated headcount in the commitment's scope (its memorandum's
          operator x its segment x its city, or all the operator's cities when not yet
          allocated) at the latest validated quarter in that scope, headcount_quarter (see
          quarter_index). Both NULL when no validated declaration is in scope.
        - jobs_created: headcount - baseline_headcount; NULL when either is unknown, since an
          unrecorded baseline is never taken as 0. Negative when jobs were lost.
        - progress_percent: jobs_created * 100 / jobs_committed; NULL with jobs_created.
        - status: no_data without jobs_created; achieved once jobs_created reaches
          jobs_committed; otherwise on_track, at_risk or behind against expected_jobs times
          settings.STATUS_ON_TRACK_SHARE and STATUS_AT_RISK_SHARE, where expected_jobs =
          jobs_committed * (m - s) / (h - s) in quarter indexes: s the signature's quarter, h
          the horizon year's last quarter, m the measured headcount_quarter.

        Each figure is a correlated subquery or an expression over them: one query whatever
        the number of declarations, and joins never multiply a headcount.
        """
        return (
            self.annotate(
                headcount_quarter=headcount_quarter(),
                signature_quarter=signature_quarter(),
                horizon_quarter=horizon_quarter(),
            )
            .annotate(headcount=headcount())
            .annotate(
                jobs_created=jobs_created(),
                expected_jobs=expected_jobs(),
            )
            .annotate(
                progress_percent=Cast(F("jobs_created"), models.FloatField())
                * 100.0
                / F("jobs_committed"),
                status=status(),
            )
        )

    def for_public_list(self):
        """Rows of the public list and its exports: related names and the with_progress()
        figures (headcount and its quarter included) in one query."""
        return self.select_related(
            "memorandum__operator", "memorandum__signing", "segment", "city__region"
        ).with_progress()

    def totals(self) -> dict:
        """Jobs committed and created over the set, in one query. Jobs created sum the
        commitments whose figure is known (SUM skips NULL) and stay None while none is known:
        an unknown figure is never counted as 0."""
        # Over the selected primary keys rather than the annotated rows: aggregating over them
        # would compute every annotation (status, trajectory) of every row for one sum.
        selected = self.model.objects.filter(pk__in=self.order_by().values("pk"))
        totals = (
            selected.annotate(headcount=headcount())
            .annotate(jobs_created=jobs_created())
            .aggregate(
                count=Count("pk"),
                jobs_committed=Coalesce(Sum("jobs_committed"), 0),
                # Named apart from the annotation it sums: an aggregate of the same name would
                # take the annotation's place in the query and sum nothing.
                created_total=Sum("jobs_created"),
            )
        )
        totals["jobs_created"] = totals.pop("created_total")
        return totals

    def grouped_figures(self, *fields):
        """Per group of `fields`: commitments, jobs_committed, jobs_created (over the
        commitments whose figure is known; None while none is), measured (how many are known),
        measured_jobs_committed (their jobs committed) and progress_percent (jobs created
        against those jobs committed, so that unknown commitments neither count as 0 nor
        inflate the denominator)."""
        known = models.Q(created__isnull=False)
        return (
            self.order_by()
            .annotate(headcount=headcount())
            # Named apart from the jobs_created aggregate, which would otherwise replace it.
            .annotate(created=jobs_created())
            .values(*fields)
            .annotate(
                # Before jobs_committed, whose aggregate would take the field's name.
                measured_jobs_committed=Sum("jobs_committed", filter=known),
                commitments=Count("pk"),
                jobs_committed=Sum("jobs_committed"),
                jobs_created=Sum("created"),
                measured=Count("created"),
            )
            .annotate(
                progress_percent=Cast(F("jobs_created"), models.FloatField())
                * 100.0
                / NullIf(F("measured_jobs_committed"), 0)
            )
        )

    def by_city(self):
        """Figures per city (see grouped_figures), unallocated commitments grouped under a
        null city."""
        return self.grouped_figures(
            "city__name", "city__name_ar", "city__name_en", "city__slug"
        ).order_by(F("city__name").asc(nulls_last=True))

    def by_segment(self):
        """Figures per segment (see grouped_figures)."""
        return self.grouped_figures(
            "segment__code", "segment__name", "segment__name_ar", "segment__name_en"
        ).order_by("segment__code")


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
