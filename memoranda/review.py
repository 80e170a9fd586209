"""The commitments a declaration's figures feed, for its review page in the admin: each one's
scope, jobs committed, baseline, and jobs created now and, for a submitted declaration, once it
is validated (worked out here, nothing saved).

A commitment is fed by a declaration's line when it is the site's operator's, in the line's
segment, and in the site's city or not yet allocated (its scope is then all the operator's
cities). Jobs created are measured at the scope's latest validated quarter from the signature's
on (memoranda.figures), so validating changes them only when the declaration's quarter is that
one or a later one.
"""

from dataclasses import dataclass

from django.db.models import Q

from memoranda.models import Commitment
from operators.models import Declaration, ScopeHeadcount
from operators.quarters import quarter_index


@dataclass(frozen=True)
class FedCommitment:
    commitment: Commitment
    jobs_created: int | None
    measured_in: int | None
    jobs_created_if_validated: int | None = None
    measured_in_if_validated: int | None = None


def fed_commitments(declaration: Declaration) -> list[FedCommitment]:
    """The commitments `declaration` feeds, in three queries: its lines, the commitments with
    their stored figures, the scopes' validated headcounts of its quarter."""
    site = declaration.site
    lines = dict(declaration.lines.values_list("segment_id", "headcount"))
    commitments = (
        Commitment.objects.filter(
            Q(city_id=site.city_id) | Q(city__isnull=True),
            memorandum__operator_id=site.operator_id,
            segment_id__in=list(lines),
            withdrawn_on__isnull=True,
        )
        .select_related("memorandum", "segment", "city", "figures")
        .order_by("memorandum__reference", "segment__code", "city__name")
    )
    if declaration.status != Declaration.Status.SUBMITTED:
        return [current(commitment) for commitment in commitments]
    quarter = quarter_index(declaration.year, declaration.quarter)
    scope_rows = ScopeHeadcount.objects.filter(
        Q(city_id=site.city_id) | Q(city__isnull=True),
        operator_id=site.operator_id,
        segment_id__in=list(lines),
        quarter_index=quarter,
    ).values_list("segment_id", "city_id", "headcount")
    scopes = {(segment, city): headcount for segment, city, headcount in scope_rows}
    return [
        if_validated(commitment, quarter, lines[commitment.segment_id] or 0, scopes)
        for commitment in commitments
    ]


def current(commitment: Commitment) -> FedCommitment:
    figures = getattr(commitment, "figures", None)
    if figures is None:
        return FedCommitment(commitment, None, None)
    return FedCommitment(commitment, figures.jobs_created, figures.quarter)


def if_validated(commitment, quarter: int, line: int, scopes: dict) -> FedCommitment:
    """The commitment's figures now and once the declaration of `quarter`, holding `line` in
    the commitment's segment, counts in its scope (whose validated headcounts of that quarter,
    by segment and city, are `scopes`)."""
    now = current(commitment)
    figures = getattr(commitment, "figures", None)
    if figures is None or quarter < figures.start_quarter:
        # Before the signature: a headcount then measures nothing the memorandum promised.
        return FedCommitment(commitment, now.jobs_created, now.measured_in, *now_pair(now))
    if figures.quarter is not None and quarter < figures.quarter:
        # A later quarter is validated already: jobs created are measured there.
        return FedCommitment(commitment, now.jobs_created, now.measured_in, *now_pair(now))
    headcount = scopes.get((commitment.segment_id, commitment.city_id), 0) + line
    baseline = commitment.baseline_headcount
    created = None if baseline is None else headcount - baseline
    return FedCommitment(commitment, now.jobs_created, now.measured_in, created, quarter)


def now_pair(now: FedCommitment) -> tuple[int | None, int | None]:
    return now.jobs_created, now.measured_in
