"""Selectors of the public dashboard: jobs created over time against the expected trajectory,
and the operators with their progress and reporting record. Each runs a fixed number of
queries whatever the number of commitments, declarations and quarters."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, Sum
from django.urls import reverse
from django.utils import timezone

from memoranda.models import Commitment, CommitmentMeasurement
from operators.calendar import quarter_of
from operators.querysets import quarter_code, quarter_index, quarter_of_index
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
    return quarter_index(*quarter_of(today or timezone.localdate())) - 1


def jobs_over_time(commitments, today: datetime.date | None = None) -> list[QuarterFigures]:
    """Per quarter that has ended at `today`, from the earliest signature's quarter on, in two
    queries: how many of `commitments` were measured in that quarter (a validated declaration
    of that very quarter in their scope, and a recorded baseline), their jobs committed, the
    jobs their trajectories expected then, and their jobs created then. A quarter with nothing
    measured is a gap (None), never the previous quarter's figure nor 0; the quarter in
    progress has no row.
    """
    first = commitments.aggregate(first=Min("memorandum__signed_on"))["first"]
    if first is None:
        return []
    indexes = range(quarter_index(*quarter_of(first)), last_ended_index(today) + 1)
    measurements = CommitmentMeasurement.objects.filter(
        jobs_created__isnull=False, quarter__gte=indexes.start, quarter__lt=indexes.stop
    )
    if commitments.query.has_filters():
        measurements = measurements.filter(commitment__in=commitments.order_by().values("pk"))
    rows = {
        row["quarter"]: row
        for row in measurements.order_by()
        .values("quarter")
        .annotate(
            measured=Count("pk"),
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
    record: four queries whatever the number of operators."""
    rows = list(
        Commitment.objects.grouped_figures(
            OPERATOR, f"{OPERATOR}__name", f"{OPERATOR}__slug"
        ).order_by(F("jobs_committed").desc(), f"{OPERATOR}__name")[:limit]
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
