"""Each commitment's stored figures (CommitmentFigures and CommitmentMeasurement), computed
from the scope headcounts and rebuilt by every write that can change them.

A commitment's figures depend on its scope's validated headcounts (operators.headcounts calls
commitment_figures_refresh after each rebuild of an operator's scope headcounts) and on the
commitment and its memorandum (the memoranda writes call it for the operators concerned).

Rules, in quarter indexes (operators.quarters.quarter_index):
- The trajectory runs from 0 jobs at the signature's quarter to jobs_committed at the horizon
  year's last quarter, rounded down; signed in that last quarter, everything is expected at
  once.
- Only quarters from the signature's on count: a headcount declared before the memorandum was
  signed measures nothing it promised.
- The figure is the scope's latest such validated quarter; jobs created are its headcount minus
  the baseline, unknown while the baseline is.
- A withdrawn commitment (memoranda.withdrawals) keeps its figures, for its own row, but is
  measured only in the quarters before the one holding its withdrawal (they ended before it:
  what was measured then was true then) and counts in no dashboard sum or operator total.
- The pace compares the first and the last of the scope's last four validated quarters (two at
  least), in headcount per quarter; the projection carries the figure at that pace to the
  horizon's last quarter.

A rebuild that withdraws or corrects a published figure of a reopened quarter records it
(memoranda.corrections: reopened_figures_before and reopened_figures_after bracket it).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from config.page_cache import public_figures_changed
from memoranda.bulk_load import analyze
from memoranda.corrections import reopened_figures_after, reopened_figures_before
from memoranda.models import (
    Commitment,
    CommitmentFigures,
    CommitmentMeasurement,
    DashboardCell,
    DashboardQuarter,
    Memorandum,
    OperatorTotals,
    SigningShare,
)
from memoranda.obligations import last_quarter
from operators.headcounts import lock_operators
from operators.models import Operator, ScopeHeadcount, Segment
from operators.quarters import quarter_index, quarter_of

PACE_QUARTERS = 4
# Operators rebuilt per round of queries: bounds memory on a full rebuild.
OPERATORS_PER_BATCH = 500
# Operators per statement writing measurements: below SQLite's limit of query parameters.
MEASUREMENT_BATCH = 5000

COMMITMENT_FIELDS = {
    "operator": F("memorandum__operator"),
    "signed_on": F("memorandum__signed_on"),
    "horizon_year": F("memorandum__horizon_year"),
    "follow_up_quarters": F("memorandum__follow_up_quarters"),
    "memorandum_status": F("memorandum__status"),
    "terminated_on": F("memorandum__terminated_on"),
}


def expected_jobs(jobs_committed: int, start: int, horizon: int, measured: int) -> int:
    """Jobs expected at quarter `measured` on the straight trajectory (see the module)."""
    if horizon <= start:
        return jobs_committed
    measured = max(start, min(measured, horizon))
    return jobs_committed * (measured - start) // (horizon - start)


def status_at(created: int | None, committed: int, expected: int | None) -> str | None:
    """The status a figure of `created` jobs had at its own quarter: achieved once it reaches
    the jobs committed; otherwise on_track, at_risk or behind against the `expected` jobs then
    times settings.STATUS_ON_TRACK_SHARE and STATUS_AT_RISK_SHARE (behind with nothing
    expected to compare); None without a figure. Stored: after changing a share, run
    rebuild_figures."""
    codes = Commitment.Status
    if created is None:
        return None
    if created >= committed:
        return codes.ACHIEVED
    if expected is not None and created >= expected * settings.STATUS_ON_TRACK_SHARE:
        return codes.ON_TRACK
    if expected is not None and created >= expected * settings.STATUS_AT_RISK_SHARE:
        return codes.AT_RISK
    return codes.BEHIND


def figures_of(commitment: dict, recent: list[tuple]) -> CommitmentFigures:
    """One commitment's CommitmentFigures from its values (see COMMITMENT_FIELDS) and its
    scope's last PACE_QUARTERS (quarter, headcount, permanent, women) rows, in quarter order."""
    committed, baseline = commitment["jobs_committed"], commitment["baseline_headcount"]
    start = quarter_index(*quarter_of(commitment["signed_on"]))
    horizon = quarter_index(commitment["horizon_year"], 4)
    final = quarter_index(
        *last_quarter(
            commitment["horizon_year"],
            commitment["follow_up_quarters"],
            commitment["memorandum_status"],
            commitment["terminated_on"],
        )
    )
    figures = CommitmentFigures(
        commitment_id=commitment["pk"],
        city_id=commitment["city_id"],
        segment_id=commitment["segment_id"],
        jobs_committed=committed,
        baseline_known=baseline is not None,
        start_quarter=start,
        horizon_quarter=horizon,
        final_quarter=final,
    )
    if commitment.get("withdrawn_on") is not None:
        figures.withdrawn_quarter = quarter_index(*quarter_of(commitment["withdrawn_on"]))
    recent = [row for row in recent if row[0] >= start]
    if not recent:
        return figures
    quarter, headcount, figures.permanent, figures.women = recent[-1]
    figures.quarter, figures.headcount = quarter, headcount
    figures.jobs_expected = expected_jobs(committed, start, horizon, quarter)
    if baseline is not None:
        figures.jobs_created = created = headcount - baseline
        figures.progress_percent = created * 100.0 / committed
        figures.status_then = status_at(created, committed, figures.jobs_expected)
    if len(recent) >= 2:
        (first, first_headcount, *_) = recent[0]
        figures.pace = (headcount - first_headcount) / (quarter - first)
        if figures.jobs_created is not None:
            ahead = max(horizon - quarter, 0)
            figures.projected_jobs = round(figures.jobs_created + figures.pace * ahead)
    return figures


def batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def commitment_figures_refresh(operator_ids: Iterable[int]) -> None:
    """Rebuild the stored figures of every commitment of the given operators' memoranda, in a
    fixed number of queries per batch of operators."""
    operator_ids = sorted(set(operator_ids))
    with transaction.atomic():
        lock_operators(operator_ids)
        published = reopened_figures_before(operator_ids)
        places = set()
        for batch in batches(operator_ids, OPERATORS_PER_BATCH):
            places |= refresh_batch(batch)
        if len(operator_ids) > OPERATORS_PER_BATCH:
            # A bulk rebuild: the planner must know the rows just written before it joins
            # millions of them (this machine's PostgreSQL, for one, runs no autovacuum).
            analyze([ScopeHeadcount, CommitmentFigures])
        for batch in batches(operator_ids, MEASUREMENT_BATCH):
            insert_measurements(batch)
        dashboard_refresh(places)
        reopened_figures_after(operator_ids, published)
        # Every change of a public figure passes here: validation, reopening, imports, site
        # moves, withdrawals, the admin's saves of commitments, the programme's loader.
        public_figures_changed()


def refresh_batch(operator_ids: list[int]) -> set[tuple[int | None, int]]:
    """Rebuild the figures of the operators' commitments and remove their measurements (which
    insert_measurements writes once every batch's figures are in); returns the places (city,
    segment) whose dashboard sums they changed, before and after."""
    of_operators = {"commitment__memorandum__operator__in": operator_ids}
    places = set(
        CommitmentFigures.objects.filter(**of_operators).values_list("city", "segment").distinct()
    )
    commitments = Commitment.objects.filter(memorandum__operator__in=operator_ids).values(
        "pk",
        "segment_id",
        "city_id",
        "jobs_committed",
        "baseline_headcount",
        "withdrawn_on",
        **COMMITMENT_FIELDS,
    )
    recent = defaultdict(list)
    for operator, segment, city, *values in recent_scope_rows(operator_ids):
        recent[operator, segment, city].append(tuple(values))
    figures = [
        figures_of(c, recent.get((c["operator"], c["segment_id"], c["city_id"]), []))
        for c in commitments.order_by().iterator(chunk_size=5000)
    ]
    # Commitments that moved to another operator are rebuilt too: both operators are named.
    CommitmentFigures.objects.filter(**of_operators).delete()
    CommitmentMeasurement.objects.filter(**of_operators).delete()
    CommitmentFigures.objects.bulk_create(figures, batch_size=5000)
    operator_totals_refresh(operator_ids)
    signing_shares_refresh(operator_ids)
    return places | {(row.city_id, row.segment_id) for row in figures}


def operator_totals_refresh(operator_ids: list[int]) -> None:
    totals = (
        Commitment.objects.filter(memorandum__operator__in=operator_ids, withdrawn_on__isnull=True)
        .values("memorandum__operator")
        .annotate(count=Count("pk"), jobs=Sum("jobs_committed"))
        .order_by()
    )
    OperatorTotals.objects.filter(operator__in=operator_ids).delete()
    OperatorTotals.objects.bulk_create(
        OperatorTotals(
            operator_id=row["memorandum__operator"],
            commitments=row["count"],
            jobs_committed=row["jobs"],
        )
        for row in totals
    )


def signing_shares_refresh(operator_ids: list[int]) -> None:
    """The operators' parts of each signing: memoranda in force and the jobs committed of
    their commitments in force (as a signing's totals count them: SigningQuerySet.with_totals)."""
    memoranda = (
        Memorandum.objects.in_force()
        .filter(operator__in=operator_ids, signing__isnull=False)
        .values_list("signing", "operator")
        .annotate(Count("pk"))
    )
    commitments = (
        Commitment.objects.in_force()
        .filter(memorandum__operator__in=operator_ids, memorandum__signing__isnull=False)
        .values_list("memorandum__signing", "memorandum__operator")
        .annotate(Sum("jobs_committed"))
    )
    shares = defaultdict(lambda: [0, 0])
    for column, rows in enumerate((memoranda, commitments)):
        for signing, operator, value in rows.order_by():
            shares[signing, operator][column] = value
    SigningShare.objects.filter(operator__in=operator_ids).delete()
    SigningShare.objects.bulk_create(
        SigningShare(signing_id=signing, operator_id=operator, memoranda=count, jobs_committed=jobs)
        for (signing, operator), (count, jobs) in shares.items()
    )


def recent_scope_rows(operator_ids: list[int]):
    """The last PACE_QUARTERS ScopeHeadcount rows of each scope of the operators, as (operator,
    segment, city, quarter, headcount, permanent, women) in quarter order: the latest figure and
    the pace need no more, whatever the years of declarations."""
    rank = Window(
        RowNumber(),
        partition_by=[F("operator"), F("segment"), F("city")],
        order_by=F("quarter_index").desc(),
    )
    return (
        ScopeHeadcount.objects.filter(operator__in=operator_ids)
        .annotate(rank=rank)
        .filter(rank__lte=PACE_QUARTERS)
        .order_by("quarter_index")
        .values_list(
            "operator", "segment", "city", "quarter_index", "headcount", "permanent", "women"
        )
    )


def insert_measurements(operator_ids: list[int]) -> None:
    """CommitmentMeasurement rows of the operators' commitments, one per quarter from the
    signature's on where the scope has a validated headcount, written by the database from the
    stored figures' trajectory and the scope headcounts: at millions of quarters, reading them
    into Python and writing them back took minutes. The expected jobs are expected_jobs()'s, in
    SQL."""
    table = {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in [
            ("measurement", CommitmentMeasurement),
            ("figures", CommitmentFigures),
            ("commitment", Commitment),
            ("memorandum", Memorandum),
            ("scope", ScopeHeadcount),
        ]
    }
    operators = ", ".join(["%s"] * len(operator_ids))
    expected = (
        "CASE WHEN f.horizon_quarter <= f.start_quarter THEN c.jobs_committed "
        "ELSE c.jobs_committed * ((CASE WHEN s.quarter_index > f.horizon_quarter "
        "THEN f.horizon_quarter ELSE s.quarter_index END) - f.start_quarter) "
        "/ (f.horizon_quarter - f.start_quarter) END"
    )
    # Two statements rather than an OR in the join, which would rule out a hash join.
    for place in ("s.city_id = c.city_id", "s.city_id IS NULL AND c.city_id IS NULL"):
        sql = (
            f"INSERT INTO {table['measurement']} (commitment_id, quarter, jobs_committed, "
            "jobs_expected, headcount, jobs_created) "
            f"SELECT c.id, s.quarter_index, c.jobs_committed, {expected}, s.headcount, "
            "s.headcount - c.baseline_headcount "
            f"FROM {table['figures']} f JOIN {table['commitment']} c ON c.id = f.commitment_id "
            f"JOIN {table['memorandum']} m ON m.id = c.memorandum_id "
            f"JOIN {table['scope']} s ON s.operator_id = m.operator_id "
            f"AND s.segment_id = c.segment_id AND {place} "
            "AND s.quarter_index >= f.start_quarter "
            "AND (f.withdrawn_quarter IS NULL OR s.quarter_index < f.withdrawn_quarter) "
            f"WHERE m.operator_id IN ({operators})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, operator_ids)


def commitment_figures_rebuild() -> None:
    """Rebuild every commitment's figures (after a bulk load that bypassed the services)."""
    commitment_figures_refresh(Operator.objects.values_list("pk", flat=True))


def dashboard_refresh(places: set[tuple[int | None, int]]) -> None:
    """Rebuild the DashboardCell and DashboardQuarter rows of the given (city, segment) places
    from the stored commitment figures, in four queries.

    The places' segments are locked first, in a fixed order (after the operators that
    commitment_figures_refresh locked): two rebuilds touching one place run one after the
    other, the second reading what the first committed.
    """
    if not places:
        return
    segments = sorted({segment for _city, segment in places})
    list(Segment.objects.select_for_update().filter(pk__in=segments).order_by("pk").values("pk"))
    where = at_places(places)
    DashboardCell.objects.filter(where).delete()
    DashboardQuarter.objects.filter(where).delete()
    known = Q(jobs_created__isnull=False)
    cells = (
        # Withdrawn commitments count in no sum; their measurements stop before the withdrawal.
        CommitmentFigures.objects.filter(where, withdrawn_quarter__isnull=True)
        .values("city", "segment", "quarter", "final_quarter", "baseline_known")
        .annotate(
            commitments=Count("pk"),
            committed=Sum("jobs_committed"),
            known=Count("jobs_created"),
            known_committed=Coalesce(Sum("jobs_committed", filter=known), 0),
            created=Sum("jobs_created"),
            heads=Sum("headcount"),
            permanents=Sum("permanent"),
            womens=Sum("women"),
        )
        .order_by()
    )
    DashboardCell.objects.bulk_create(
        DashboardCell(
            city_id=c["city"],
            segment_id=c["segment"],
            quarter=c["quarter"],
            final_quarter=c["final_quarter"],
            baseline_known=c["baseline_known"],
            commitments=c["commitments"],
            jobs_committed=c["committed"],
            measured=c["known"],
            measured_jobs_committed=c["known_committed"],
            jobs_created=c["created"],
            headcount=c["heads"],
            permanent=c["permanents"],
            women=c["womens"],
        )
        for c in cells
    )
    quarters = (
        CommitmentMeasurement.objects.filter(jobs_created__isnull=False)
        .filter(at_places(places, "commitment__figures__"))
        .values(
            "quarter",
            city=F("commitment__figures__city"),
            segment=F("commitment__figures__segment"),
        )
        .annotate(
            measured=Count("pk"),
            committed=Sum("jobs_committed"),
            expected=Sum("jobs_expected"),
            created=Sum("jobs_created"),
        )
        .order_by()
    )
    DashboardQuarter.objects.bulk_create(
        (
            DashboardQuarter(
                city_id=q["city"],
                segment_id=q["segment"],
                quarter=q["quarter"],
                measured=q["measured"],
                jobs_committed=q["committed"],
                jobs_expected=q["expected"],
                jobs_created=q["created"],
            )
            for q in quarters
        ),
        batch_size=5000,
    )


def at_places(places, prefix: str = "") -> Q:
    """Rows of the given (city, segment) places, a None city being not yet allocated."""
    where = Q()
    for city, segment in places:
        city_lookup = {f"{prefix}city": city} if city else {f"{prefix}city__isnull": True}
        where |= Q(**city_lookup, **{f"{prefix}segment": segment})
    return where


def current_index(today: datetime.date | None = None) -> int:
    """Quarter index of the quarter in progress."""
    return quarter_index(*quarter_of(today or timezone.localdate()))


@dataclass(frozen=True)
class Outlook:
    """Where a commitment is heading, from its stored figures and the quarter in progress:
    the projected shortfall (negative) or surplus at the horizon, and the jobs per quarter
    still needed from now to keep the promise. None where not enough is known: no pace (fewer
    than two validated quarters), no jobs created, or the horizon already reached."""

    projected_gap: int | None
    jobs_needed_per_quarter: float | None

    @classmethod
    def of(cls, row, current: int) -> "Outlook":
        """`row` reads jobs_committed, jobs_created, projected_jobs and horizon_quarter, from a
        values() dict or a with_progress() instance."""
        get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, None)
        committed, created, projected = (
            get("jobs_committed"),
            get("jobs_created"),
            get("projected_jobs"),
        )
        gap = None if projected is None else projected - committed
        remaining = (get("horizon_quarter") or 0) - current
        needed = None
        if created is not None and remaining > 0:
            needed = round(max(committed - created, 0) / remaining, 1)
        return cls(gap, needed)


def public_share(part: int | None, whole: int | None) -> float | None:
    """`part` of `whole` in percent, to one decimal; None when unknown or when `whole` is below
    settings.PUBLIC_MIN_HEADCOUNT, so that nobody on a small site can be singled out."""
    if part is None or not whole or whole < settings.PUBLIC_MIN_HEADCOUNT:
        return None
    return round(part * 100 / whole, 1)
