"""Selectors of the public dashboard: jobs created over time against the expected trajectory,
and the operators with their progress and reporting record. Each runs a fixed number of
queries whatever the number of commitments, declarations and quarters."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone

from memoranda.models import Commitment
from memoranda.querysets import (
    expected_jobs,
    horizon_quarter,
    scope_value,
    signature_quarter,
)
from operators.calendar import quarter_of
from operators.querysets import quarter_index, quarter_of_index
from operators.reporting import ReportingRecord, reporting_records


@dataclass(frozen=True)
class QuarterFigures:
    """The dashboard's figures at the end of one quarter (see jobs_over_time)."""

    index: int
    expected: int
    created: int | None
    measured: int

    @property
    def year(self) -> int:
        return quarter_of_index(self.index)[0]

    @property
    def quarter(self) -> int:
        return quarter_of_index(self.index)[1]


def jobs_over_time(commitments, today: datetime.date | None = None) -> list[QuarterFigures]:
    """Per quarter from the earliest signature's quarter to the quarter in progress at
    `today`, in three queries:

    - expected: the sum over every commitment signed by then of expected_jobs() at that
      quarter, the straight line from 0 at its signature's quarter to jobs_committed at its
      horizon's last quarter;
    - created: the sum, over the commitments with a recorded baseline that are signed by then
      and whose scope has a validated declaration at or before that quarter, of the scope's
      validated headcount at the latest such quarter minus the baseline. The scope is the one
      of jobs created (operator x segment x city, or all the operator's cities when not yet
      allocated), so the last quarter's figure is the jobs created of the headline. None
      while no commitment is counted: unknown, never 0;
    - measured: how many commitments the created figure counts.
    """
    first = commitments.aggregate(first=Min("memorandum__signed_on"))["first"]
    if first is None:
        return []
    indexes = range(
        quarter_index(*quarter_of(first)),
        quarter_index(*quarter_of(today or timezone.localdate())) + 1,
    )
    expected = expected_by_quarter(commitments, indexes)
    created = created_by_quarter(commitments, indexes)
    return [
        QuarterFigures(
            index=index,
            expected=expected[f"expected_{index}"] or 0,
            created=created[f"created_{index}"],
            measured=created[f"measured_{index}"],
        )
        for index in indexes
    ]


def once_per_commitment(commitments):
    """`commitments` such that an aggregate computes each annotation once per commitment.

    Aggregated directly, every mention of an annotation in every quarter's sum repeats its SQL:
    on SQLite a Python date function per mention and row (0.57 s at 2,000 commitments over 19
    quarters), on both databases a scope lookup per mention. distinct() makes Django aggregate
    over a subquery that computes them once; the rows are distinct already (they hold the
    primary key).
    """
    return commitments.order_by().distinct()


def expected_by_quarter(commitments, indexes) -> dict:
    """expected_<index> for each quarter index, in one query."""
    commitments = once_per_commitment(
        commitments.annotate(
            signature_quarter=signature_quarter(), horizon_quarter=horizon_quarter()
        )
    )
    # Signed after the quarter: nothing is expected yet, even of a commitment signed in its
    # horizon's last quarter, for which expected_jobs() expects everything at once.
    signed = {index: Q(signature_quarter__lte=index) for index in indexes}
    return commitments.aggregate(
        **{
            f"expected_{index}": Sum(expected_jobs(models.Value(index)), filter=signed[index])
            for index in indexes
        }
    )


def created_by_quarter(commitments, indexes) -> dict:
    """created_<index> and measured_<index> for each quarter index, in one query: each
    commitment with a recorded baseline, signed by the quarter, counts its scope's validated
    headcount at the latest validated quarter up to it (one indexed ScopeHeadcount row per
    commitment and quarter), minus the baseline."""
    counted = once_per_commitment(
        commitments.filter(baseline_headcount__isnull=False).annotate(
            signature_quarter=signature_quarter(),
            **{f"headcount_{index}": scope_value("headcount", index) for index in indexes},
        )
    )
    figures = {}
    for index in indexes:
        holds = Q(signature_quarter__lte=index, **{f"headcount_{index}__isnull": False})
        created = F(f"headcount_{index}") - F("baseline_headcount")
        figures[f"created_{index}"] = Sum(created, filter=holds)
        figures[f"measured_{index}"] = Count("pk", filter=holds)
    return counted.aggregate(**figures)


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
        )
        for row in rows
    ]
