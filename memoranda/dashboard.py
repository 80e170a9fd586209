"""Selectors of the public dashboard: jobs created over time against the expected trajectory,
and the operators with their progress and reporting record. Each runs a fixed number of
queries whatever the number of commitments, declarations and quarters."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from memoranda.models import Commitment
from memoranda.querysets import (
    committed_jobs_of,
    expected_jobs,
    headcount,
    horizon_quarter,
    jobs_created,
    scope_value,
    signature_quarter,
)
from operators.calendar import quarter_of
from operators.models import Operator
from operators.querysets import quarter_index, quarter_of_index
from operators.reporting import reporting_records

LINES = "segment__declaration_lines"


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


def operator_figure(aggregate):
    """`aggregate` over the outer operator's commitments, each annotated with its `created`
    jobs (NULL when unknown), as a subquery: joins never multiply an operator's row."""
    commitments = (
        Commitment.objects.filter(memorandum__operator=OuterRef("pk"))
        .order_by()
        .annotate(headcount=headcount())
        .annotate(created=jobs_created())
        .values("memorandum__operator")
        .annotate(total=aggregate)
        .values("total")
    )
    return Subquery(commitments, output_field=models.IntegerField())


def leading_operators(limit: int, today: datetime.date | None = None) -> list[Operator]:
    """The `limit` operators with the most jobs committed, each with jobs_committed,
    jobs_created (None while no commitment's figure is known), measured_jobs_committed and
    progress_percent as in CommitmentQuerySet.grouped_figures, and its reporting `record`
    (operators.reporting): four queries whatever the number of operators."""
    known = Q(created__isnull=False)
    operators = list(
        Operator.objects.annotate(
            jobs_committed=committed_jobs_of("memorandum__operator"),
            jobs_created=operator_figure(Sum("created")),
            measured_jobs_committed=operator_figure(Sum("jobs_committed", filter=known)),
        )
        .annotate(
            progress_percent=Cast(F("jobs_created"), models.FloatField())
            * 100.0
            / NullIf(F("measured_jobs_committed"), 0)
        )
        .filter(jobs_committed__gt=0)
        .order_by(F("jobs_committed").desc(), "name")[:limit]
    )
    records = reporting_records([operator.pk for operator in operators], today)
    for operator in operators:
        operator.record = records[operator.pk]
    return operators
