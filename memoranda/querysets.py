"""Aggregates over commitments, computed in the database.

A commitment's figures (jobs created, their quarter, pace, projection) are read from their
stored form, CommitmentFigures (see memoranda.figures), one row per commitment joined on its
primary key; only the status as of today is computed, from stored columns. Sums and counts
across other relations are correlated subqueries wrapped in Coalesce, one per aggregate, so
that joins never multiply rows and a page runs a fixed number of queries.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least, NullIf
from django.utils import timezone

from operators.calendar import latest_due_quarter
from operators.quarters import quarter_index

# Rows not withdrawn (see operators.models.Withdrawable): the only ones any total counts.
IN_FORCE = Q(withdrawn_on__isnull=True)


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
    """Jobs committed over the commitments in force (not withdrawn) whose `outer_field` is the
    outer row."""
    from memoranda.models import Commitment

    queryset = Commitment.objects.in_force() if commitments is None else commitments
    return subquery_total(queryset, outer_field, Sum("jobs_committed"))


def commitments_count_of(outer_field: str):
    """Commitments in force (not withdrawn) whose `outer_field` is the outer row."""
    from memoranda.models import Commitment

    return subquery_total(Commitment.objects.in_force(), outer_field, Count("pk"))


class WithdrawableQuerySet(models.QuerySet):
    """Rows of a Withdrawable model (see operators.models.Withdrawable)."""

    def in_force(self):
        """Those not withdrawn: the only ones any total counts."""
        return self.filter(IN_FORCE)


def latest_due_index(today: datetime.date | None = None) -> int:
    """Quarter index of the latest quarter whose declaration is due at `today`."""
    return quarter_index(*latest_due_quarter(today or timezone.localdate()))


def out_of_date(due: int, prefix: str = "figures__") -> Q:
    """The outer commitment's figure lags the latest quarter due (`due`, or its last quarter
    due once that has passed) by more than settings.STATUS_GRACE_QUARTERS. `prefix` leads to
    the stored quarter and last quarter due (CommitmentFigures' or DashboardCell's)."""
    last_due = Least(F(f"{prefix}final_quarter"), Value(due))
    grace = settings.STATUS_GRACE_QUARTERS
    # The second condition follows from the first (the last quarter due is never after
    # `due`); written out, it lets the planner read the quarters from their index.
    return Q(**{f"{prefix}quarter__lt": last_due - grace}) & Q(
        **{f"{prefix}quarter__lt": due - grace}
    )


def status(due: int):
    """Commitment.Status of the outer commitment judged today, `due` being the quarter index of
    the latest quarter due today (latest_due_index):

    - no_data: jobs created unknown (no validated figure, or no baseline);
    - out_of_date: the figure is out of date (see out_of_date), whatever it said then;
    - achieved: jobs created reach the jobs committed;
    - missed: the last quarter due (the horizon's, plus follow-up quarters) is due, and short;
    - otherwise the status the figure had at its quarter (on_track, at_risk, behind), stored
      (memoranda.figures.status_at).
    """
    from memoranda.models import Commitment

    code = Commitment.Status
    return models.Case(
        models.When(figures__jobs_created__isnull=True, then=Value(code.NO_DATA)),
        models.When(out_of_date(due), then=Value(code.OUT_OF_DATE)),
        models.When(figures__status_then=code.ACHIEVED, then=Value(code.ACHIEVED)),
        models.When(figures__final_quarter__lte=due, then=Value(code.MISSED)),
        default=F("figures__status_then"),
        output_field=models.CharField(),
    )


def status_is(code: str, due: int) -> Q:
    """The commitments whose status judged at `due` (see status) is `code`, as conditions on
    the stored columns rather than on the status CASE: the same rows (a test holds them equal
    for every code), but conditions that the planner reads from an index (status then and
    last quarter due, figures_by_status_then), where a CASE compared with a code makes it
    read and judge every row."""
    from memoranda.models import Commitment

    codes = Commitment.Status
    if code == codes.NO_DATA:
        return Q(figures__jobs_created__isnull=True)
    if code == codes.OUT_OF_DATE:
        return known() & out_of_date(due)
    if code == codes.ACHIEVED:
        return current_figure(due) & Q(figures__status_then=codes.ACHIEVED)
    if code == codes.MISSED:
        short = [codes.ON_TRACK, codes.AT_RISK, codes.BEHIND]
        return current_figure(due) & Q(
            figures__status_then__in=short, figures__final_quarter__lte=due
        )
    if code in (codes.ON_TRACK, codes.AT_RISK, codes.BEHIND):
        return current_figure(due) & Q(figures__status_then=code, figures__final_quarter__gt=due)
    raise ValueError(f"Unknown status {code!r}")


def current_figure(due: int) -> Q:
    """The commitments whose jobs created are known and not out of date at `due`: every
    status but no_data and out_of_date."""
    last_due = Least(F("figures__final_quarter"), Value(due))
    return known() & Q(figures__quarter__gte=last_due - settings.STATUS_GRACE_QUARTERS)


# Stored figures the public rows read, under the names the pages and exports use.
STORED = {
    "headcount": "figures__headcount",
    "headcount_quarter": "figures__quarter",
    "jobs_created": "figures__jobs_created",
    "expected_jobs": "figures__jobs_expected",
    "progress_percent": "figures__progress_percent",
    "status_then": "figures__status_then",
    "final_quarter": "figures__final_quarter",
    "horizon_quarter": "figures__horizon_quarter",
    "pace": "figures__pace",
    "projected_jobs": "figures__projected_jobs",
    "permanent": "figures__permanent",
    "women": "figures__women",
}


def known(field: str = "figures__jobs_created") -> Q:
    return Q(**{f"{field}__isnull": False})


def coverage(due: int, among: Q = IN_FORCE) -> dict:
    """Aggregates saying over what jobs created are summed: the commitments (`among` them:
    those in force) whose figure is known and their jobs committed, those of them out of date,
    and the validated headcount, permanent contracts and women behind them (for the shares of
    job quality)."""
    headcount = known("figures__headcount") & among
    return {
        "measured": Count("figures__jobs_created", filter=among),
        "measured_jobs_committed": Sum("jobs_committed", filter=known() & among),
        "out_of_date": Count("pk", filter=known() & out_of_date(due) & among),
        "headcount_total": Sum("figures__headcount", filter=headcount),
        "permanent_total": Sum("figures__permanent", filter=headcount),
        "women_total": Sum("figures__women", filter=headcount),
    }


def claimed(*fields: tuple[str, str]) -> Q:
    """Whether a claim is about the outer commitment through one of `fields`, pairs of the
    commitment's field and the claim's: `pk IN (SELECT commitment_id FROM claims)` and so on,
    subqueries that do not depend on the row, which the database reads once and looks up by
    hash. A national list has few claims and many commitments: the per-row subqueries of
    sources_count and sources_disagree then run only for the rows a claim is about."""
    from memoranda.models import Claim

    condition = Q()
    for own, claims in fields:
        keys = Claim.objects.filter(**{f"{claims}__isnull": False}).values(claims)
        condition |= Q(**{f"{own}__in": keys})
    return condition


def sources_count():
    """Distinct sources with a claim about the outer commitment, its memorandum or its
    operator: a COUNT over the claims rather than an aggregate, so that the subquery has no
    GROUP BY and always gives one row (0 when no claim)."""
    from memoranda.models import Claim

    claims = Claim.objects.filter(
        Q(commitment=OuterRef("pk"))
        | Q(memorandum=OuterRef("memorandum_id"))
        | Q(operator=OuterRef("memorandum__operator_id"))
    )
    count = Func(
        F("source"),
        function="COUNT",
        template="%(function)s(DISTINCT %(expressions)s)",
        output_field=models.IntegerField(),
    )
    about = claimed(
        ("pk", "commitment"), ("memorandum", "memorandum"), ("memorandum__operator", "operator")
    )
    return Case(
        When(about, then=Subquery(claims.order_by().annotate(count=count).values("count"))),
        default=Value(0),
        output_field=models.IntegerField(),
    )


def sources_disagree():
    """Whether two claims about one figure of the outer commitment, or of its memorandum,
    differ: in number or qualifier (a null number goes with the qualifier not_a_number, which
    differs from any other), or, for a figure in words, in wording: the rule of
    memoranda.claims.statement, per commitment."""
    from memoranda.models import NUMERIC_FIELDS, Claim

    words = ~Q(field__in=NUMERIC_FIELDS)
    figures = (
        Claim.objects.filter(Q(commitment=OuterRef("pk")) | Q(memorandum=OuterRef("memorandum_id")))
        .order_by()
        .values("commitment", "memorandum", "field")
        .annotate(
            lowest=Min("number"),
            highest=Max("number"),
            first_qualifier=Min("qualifier"),
            last_qualifier=Max("qualifier"),
            first_wording=Min("value", filter=words),
            last_wording=Max("value", filter=words),
        )
        .filter(
            Q(lowest__lt=F("highest"))
            | Q(first_qualifier__lt=F("last_qualifier"))
            | Q(first_wording__lt=F("last_wording"))
        )
    )
    about = claimed(("pk", "commitment"), ("memorandum", "memorandum"))
    return Case(
        When(about, then=Exists(figures)), default=Value(False), output_field=models.BooleanField()
    )


class CommitmentQuerySet(WithdrawableQuerySet):
    def with_progress(self, today: datetime.date | None = None):
        """Annotate each commitment's stored figures (see memoranda.figures and STORED) and
        its status judged at `today` (see status; status_then is the status the figure had at
        its own quarter). Validated declarations only: the public never sees an unvalidated
        figure. One join on the stored figures' primary key, no subquery: filtering and
        sorting on any of them stays an indexed read.
        """
        return self.annotate(**{name: F(field) for name, field in STORED.items()}).annotate(
            status=status(latest_due_index(today))
        )

    def for_public_list(self, today: datetime.date | None = None):
        """Rows of the public list and its exports: related names and the with_progress()
        figures in one query."""
        return self.select_related(
            "memorandum__operator", "memorandum__signing", "segment", "city__region"
        ).with_progress(today)

    def with_sources(self):
        """Annotate `source_count` (see sources_count) and `sources_disagree`: the exports'
        sources and sources_disagree columns."""
        return self.annotate(source_count=sources_count(), sources_disagree=sources_disagree())

    def totals(self, today: datetime.date | None = None, listing: bool = False) -> dict:
        """Jobs committed and created over the set, with their coverage (see coverage), in one
        query. Jobs created sum the commitments whose figure is known (SUM skips NULL) and stay
        None while none is known: an unknown figure is never counted as 0. Withdrawn
        commitments count in no total, even in a set that lists them: with `listing`, `listed`
        counts every row of the set and `withdrawn` those withdrawn; `count` the others."""
        totals = self.order_by().aggregate(
            # Before jobs_committed, whose aggregate would take the field's name; each named
            # apart from the with_progress() annotations, which would take theirs.
            **coverage(latest_due_index(today)),
            count=Count("pk", filter=IN_FORCE),
            **(
                {"listed": Count("pk"), "withdrawn": Count("pk", filter=~IN_FORCE)}
                if listing
                else {}
            ),
            committed_total=Coalesce(Sum("jobs_committed", filter=IN_FORCE), 0),
            created_total=Sum("figures__jobs_created", filter=IN_FORCE),
        )
        totals["jobs_committed"] = totals.pop("committed_total")
        totals["jobs_created"] = totals.pop("created_total")
        return totals

    def grouped_figures(self, *fields, today: datetime.date | None = None):
        """Per group of `fields`: commitments, jobs_committed, jobs_created (over the
        commitments whose figure is known; None while none is), the coverage aggregates, and
        progress_percent (jobs created against the jobs committed of the commitments whose
        figure is known, so that unknown commitments neither count as 0 nor inflate the
        denominator)."""
        return (
            self.in_force()
            .order_by()
            .values(*fields)
            .annotate(
                # Before jobs_committed, whose aggregate would take the field's name.
                **coverage(latest_due_index(today)),
                commitments=Count("pk"),
                jobs_committed=Sum("jobs_committed"),
                jobs_created=Sum("figures__jobs_created"),
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


class MemorandumQuerySet(WithdrawableQuerySet):
    def with_totals(self):
        return self.annotate(
            jobs_committed=committed_jobs_of("memorandum"),
            commitments_count=commitments_count_of("memorandum"),
        )


class SigningQuerySet(WithdrawableQuerySet):
    def with_totals(self):
        """Recorded figures beside the announced ones: memoranda and jobs committed in them,
        added up from the operators' stored parts (SigningShare), a row per operator of the
        signing rather than every commitment."""
        from memoranda.models import SigningShare

        shares = SigningShare.objects.all()
        return self.annotate(
            memoranda_count=subquery_total(shares, "signing", Sum("memoranda")),
            jobs_committed=subquery_total(shares, "signing", Sum("jobs_committed")),
        )


def annotate_operators(operators):
    """Operators with their memoranda count and jobs committed, in force (not withdrawn)."""
    from memoranda.models import Memorandum

    return operators.annotate(
        memoranda_count=subquery_total(Memorandum.objects.in_force(), "operator", Count("pk")),
        jobs_committed=committed_jobs_of("memorandum__operator"),
    )


def annotate_places(queryset, outer_field: str):
    """Cities, regions or segments with their commitments in force and jobs committed, added
    up from the stored dashboard sums (DashboardCell: a row per segment, figure quarter and
    last quarter due of the place, where a city of a national programme holds thousands of
    commitments)."""
    from memoranda.models import DashboardCell

    cells = DashboardCell.objects.all()
    return queryset.annotate(
        commitments_count=subquery_total(cells, outer_field, Sum("commitments")),
        jobs_committed=subquery_total(cells, outer_field, Sum("jobs_committed")),
    )
