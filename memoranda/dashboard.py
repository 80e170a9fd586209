"""Selectors of the public dashboard: jobs created over time against the expected trajectory,
and the operators with their progress and reporting record. Each runs a fixed number of
queries whatever the number of commitments, declarations and quarters."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Min, Q, Sum
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse

from memoranda.figures import current_index
from memoranda.models import (
    Commitment,
    CommitmentFigures,
    CommitmentMeasurement,
    DashboardCell,
    DashboardQuarter,
    Memorandum,
    OperatorTotals,
)
from memoranda.querysets import latest_due_index, out_of_date
from operators.quarters import quarter_code, quarter_index, quarter_of, quarter_of_index
from operators.reporting import ReportingRecord, reporting_records


@dataclass(frozen=True)
class QuarterFigures:
    """The dashboard's figures measured in one quarter that has ended (see jobs_over_time):
    over the commitments measured in that quarter only, nothing carried from earlier ones."""

    index: int
    measured: int
    committed: int | None
    expected: int | None
    created: int | None

    @property
    def year(self) -> int:
        return quarter_of_index(self.index)[0]

    @property
    def quarter(self) -> int:
        return quarter_of_index(self.index)[1]

    @property
    def label(self) -> str:
        """The quarter as the downloads write it: 2022-Q3."""
        return quarter_code(self.index)


def last_ended_index(today: datetime.date | None = None) -> int:
    return current_index(today) - 1


def jobs_over_time(
    commitments, today: datetime.date | None = None, place: Q | None = None
) -> list[QuarterFigures]:
    """Per quarter that has ended at `today`, from the earliest signature's quarter on, in two
    queries: how many of `commitments` were measured in that quarter (a validated declaration
    of that very quarter in their scope, and a recorded baseline), their jobs committed, the
    jobs their trajectories expected then, and their jobs created then. A quarter with nothing
    measured is a gap (None), never the previous quarter's figure nor 0; the quarter in
    progress has no row.

    Every commitment, or those of a `place` (conditions on a city and a segment selecting the
    same commitments, withdrawn ones included: CommitmentFilter.place), is read from the
    stored sums per place and quarter (DashboardQuarter), a few hundred rows; any other
    selection from its measurements, a row per commitment and quarter.
    """
    if place is not None:
        stored = CommitmentFigures.objects.filter(place)
        first = stored.aggregate(first=Min("start_quarter"))["first"]
        rows, measured = DashboardQuarter.objects.filter(place), Sum("measured")
    elif commitments.query.has_filters():
        first = commitments.aggregate(first=Min("memorandum__signed_on"))["first"]
        first = None if first is None else quarter_index(*quarter_of(first))
        rows = CommitmentMeasurement.objects.filter(
            jobs_created__isnull=False, commitment__in=commitments.order_by().values("pk")
        )
        measured = Count("pk")
    else:
        first = Memorandum.objects.aggregate(first=Min("signed_on"))["first"]
        first = None if first is None else quarter_index(*quarter_of(first))
        rows, measured = DashboardQuarter.objects.all(), Sum("measured")
    if first is None:
        return []
    indexes = range(first, last_ended_index(today) + 1)
    rows = {
        row["quarter"]: row
        for row in rows.filter(quarter__gte=indexes.start, quarter__lt=indexes.stop)
        .order_by()
        .values("quarter")
        .annotate(
            measured=measured,
            committed=Sum("jobs_committed"),
            expected=Sum("jobs_expected"),
            created=Sum("jobs_created"),
        )
    }
    empty = {"measured": 0, "committed": None, "expected": None, "created": None}
    return [
        QuarterFigures(
            index=index,
            **{key: rows.get(index, empty)[key] for key in empty},
        )
        for index in indexes
    ]


@dataclass(frozen=True)
class OperatorFigures:
    """One operator's line of the dashboard: its figures as CommitmentQuerySet.grouped_figures
    computes them for any group, and its reporting record (operators.reporting)."""

    name: str
    slug: str
    jobs_committed: int
    jobs_created: int | None
    progress_percent: float | None
    record: ReportingRecord
    commitments: int = 0
    measured: int = 0
    measured_jobs_committed: int | None = None
    out_of_date: int = 0

    def get_absolute_url(self) -> str:
        return reverse("memoranda:operator_detail", args=[self.slug])


OPERATOR = "memorandum__operator"


def leading_operators(limit: int, today: datetime.date | None = None) -> list[OperatorFigures]:
    """The `limit` operators with the most jobs committed, with their figures and reporting
    record: five queries whatever the number of operators. The leaders are found by index in
    the stored OperatorTotals; only their commitments are added up."""
    leaders = OperatorTotals.objects.order_by("-jobs_committed", "operator__name")[:limit]
    rows = list(
        Commitment.objects.filter(
            memorandum__operator__in=list(leaders.values_list("pk", flat=True))
        )
        .grouped_figures(OPERATOR, f"{OPERATOR}__name", f"{OPERATOR}__slug")
        .order_by(F("jobs_committed").desc(), f"{OPERATOR}__name")
    )
    records = reporting_records([row[OPERATOR] for row in rows], today)
    return [
        OperatorFigures(
            name=row[f"{OPERATOR}__name"],
            slug=row[f"{OPERATOR}__slug"],
            jobs_committed=row["jobs_committed"],
            jobs_created=row["jobs_created"],
            progress_percent=row["progress_percent"],
            record=records[row[OPERATOR]],
            commitments=row["commitments"],
            measured=row["measured"],
            measured_jobs_committed=row["measured_jobs_committed"],
            out_of_date=row["out_of_date"],
        )
        for row in rows
    ]


def cell_figures(due: int) -> dict:
    """CommitmentQuerySet.grouped_figures()'s aggregates, over DashboardCell rows."""
    return {
        # Before measured, whose aggregate would take the field's name.
        "out_of_date": Coalesce(Sum("measured", filter=out_of_date(due, prefix="")), 0),
        "commitments": Sum("commitments"),
        "jobs_committed": Sum("jobs_committed"),
        "measured": Coalesce(Sum("measured"), 0),
        "measured_jobs_committed": NullIf(Sum("measured_jobs_committed"), 0),
        "jobs_created": Sum("jobs_created"),
        "headcount_total": Sum("headcount"),
        "permanent_total": Sum("permanent"),
        "women_total": Sum("women"),
    }


def cell_progress():
    return Cast(F("jobs_created"), FloatField()) * 100.0 / NullIf(F("measured_jobs_committed"), 0)


def dashboard_totals(today: datetime.date | None = None, place: Q | None = None) -> dict:
    """CommitmentQuerySet.totals() of every commitment in force, or of those of a `place`
    (CommitmentFilter.place), from the stored dashboard sums."""
    cells = DashboardCell.objects.filter(place or Q())
    totals = cells.aggregate(**cell_figures(latest_due_index(today)))
    totals["count"] = totals.pop("commitments") or 0
    totals["jobs_committed"] = totals["jobs_committed"] or 0
    return totals


def dashboard_groups(*fields, today: datetime.date | None = None):
    """CommitmentQuerySet.grouped_figures() of every commitment, per group of `fields` (of the
    city or the segment), from the stored dashboard sums."""
    return (
        DashboardCell.objects.order_by()
        .values(*fields)
        .annotate(**cell_figures(latest_due_index(today)))
        .annotate(progress_percent=cell_progress())
    )


def dashboard_by_city():
    return dashboard_groups("city__name", "city__name_ar", "city__name_en", "city__slug").order_by(
        F("city__name").asc(nulls_last=True)
    )


def dashboard_by_segment():
    return dashboard_groups(
        "segment__code", "segment__name", "segment__name_ar", "segment__name_en"
    ).order_by("segment__code")


def dashboard_completeness(today: datetime.date | None = None) -> dict:
    """memoranda.completeness.funnel_figures() of every commitment, from the stored sums."""
    allocated = Q(city__isnull=False)
    with_baseline = allocated & Q(baseline_known=True)
    current = (
        with_baseline & Q(quarter__isnull=False) & ~out_of_date(latest_due_index(today), prefix="")
    )
    figures = DashboardCell.objects.aggregate(
        recorded_count=Sum("commitments"),
        recorded=Sum("jobs_committed"),
        allocated_count=Sum("commitments", filter=allocated),
        allocated=Sum("jobs_committed", filter=allocated),
        baseline_count=Sum("commitments", filter=with_baseline),
        baseline=Sum("jobs_committed", filter=with_baseline),
        measured_count=Sum("measured", filter=current),
        measured=Sum("measured_jobs_committed", filter=current),
    )
    # Counts, as COUNT gives them over commitments: 0 rather than NULL.
    return {k: v or 0 if k.endswith("_count") else v for k, v in figures.items()}
