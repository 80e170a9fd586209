"""Demonstration data, for benchmarks and demos only: never real figures.

Everything it creates is marked as demo data: the signing is titled so, operators' names start
with "DEMO", memorandum references with "DEMO-", so it can be told apart and removed.
"""

import datetime
import itertools
import random

from django.db import transaction
from django.utils import timezone

from memoranda.models import Commitment, Memorandum, Signing
from operators.headcounts import scope_headcounts_refresh
from operators.models import (
    City,
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    Segment,
    Site,
)
from operators.querysets import quarter_index, quarter_of_index
from operators.services import quarter_end

DEMO_SIGNING_SLUG = "demo-data"
COMMITMENTS_PER_MEMORANDUM = 5
MEMORANDA_PER_OPERATOR = 2


@transaction.atomic
def demo_commitments_generate(count: int, seed: int = 2022) -> int:
    """Add `count` demo commitments in new demo memoranda; returns how many were created."""
    rng = random.Random(seed)
    signing, _ = Signing.objects.get_or_create(
        slug=DEMO_SIGNING_SLUG,
        defaults={
            "title": "DEMO – données de démonstration, pas des chiffres réels",
            "signed_on": datetime.date(2023, 1, 15),
            "notes": "Generated for benchmarks and demonstrations. Not real figures.",
        },
    )
    scopes = list(itertools.product(Segment.objects.all(), [None, *City.objects.all()]))
    start = Memorandum.objects.filter(signing=signing).count()
    memoranda_count = -(-count // COMMITMENTS_PER_MEMORANDUM)
    operators = Operator.objects.bulk_create(
        Operator(name=f"DEMO Operator {n:05d}", slug=f"demo-operator-{n:05d}")
        for n in range(start, start + -(-memoranda_count // MEMORANDA_PER_OPERATOR))
    )
    memoranda = Memorandum.objects.bulk_create(
        Memorandum(
            reference=f"DEMO-{start + n:05d}",
            signing=signing,
            operator=operators[n // MEMORANDA_PER_OPERATOR],
            signed_on=signing.signed_on + datetime.timedelta(days=rng.randrange(700)),
            horizon_year=2026 + rng.randrange(4),
        )
        for n in range(memoranda_count)
    )
    commitments = []
    for memorandum in memoranda:
        for segment, city in rng.sample(scopes, COMMITMENTS_PER_MEMORANDUM):
            commitments.append(
                Commitment(
                    memorandum=memorandum,
                    segment=segment,
                    city=city,
                    jobs_committed=rng.randrange(10, 800),
                )
            )
    Commitment.objects.bulk_create(commitments[:count])
    return min(count, len(commitments))


@transaction.atomic
def demo_data_delete() -> int:
    """Remove every demo memorandum, its commitments and demo operators."""
    demo_sites = Site.objects.filter(operator__slug__startswith="demo-operator-")
    DeclarationLine.objects.filter(declaration__site__in=demo_sites).delete()
    DeclarationEvent.objects.filter(declaration__site__in=demo_sites).delete()
    Declaration.objects.filter(site__in=demo_sites).delete()
    demo_sites.delete()
    deleted, _ = Commitment.objects.filter(memorandum__signing__slug=DEMO_SIGNING_SLUG).delete()
    Memorandum.objects.filter(signing__slug=DEMO_SIGNING_SLUG).delete()
    Operator.objects.filter(slug__startswith="demo-operator-", memoranda__isnull=True).delete()
    Signing.objects.filter(slug=DEMO_SIGNING_SLUG).delete()
    return deleted


@transaction.atomic
def demo_declarations_generate(quarters: int, seed: int = 2022) -> int:
    """Give every demo operator a site in each city of its commitments, serving their segments,
    and declarations for the `quarters` quarters before 2026 Q1: mostly validated, some
    submitted (a few flagged) or returned, so that the review queue has work. Returns how many
    declarations were created."""
    rng = random.Random(seed)
    commitments = Commitment.objects.filter(
        memorandum__signing__slug=DEMO_SIGNING_SLUG, city__isnull=False
    ).values_list("memorandum__operator_id", "city_id", "segment_id")
    served: dict[tuple[int, int], set[int]] = {}
    for operator_id, city_id, segment_id in commitments:
        served.setdefault((operator_id, city_id), set()).add(segment_id)
    # In bulk rather than through operators.sites: new sites feed no figure until their
    # declarations, whose headcounts are rebuilt below.
    sites = Site.objects.bulk_create(
        Site(operator_id=operator_id, city_id=city_id, name=f"DEMO site {city_id}")
        for operator_id, city_id in served
    )
    Site.segments.through.objects.bulk_create(
        Site.segments.through(site_id=site.pk, segment_id=segment_id)
        for site in sites
        for segment_id in served[site.operator_id, site.city_id]
    )
    declarations = Declaration.objects.bulk_create(
        Declaration(
            site=site,
            year=year,
            quarter=quarter,
            **demo_review_state(rng),
            **demo_submission(year, quarter, rng),
        )
        for site in sites
        for year, quarter in demo_quarters(quarters)
    )
    segments_of = {site.pk: served[site.operator_id, site.city_id] for site in sites}
    DeclarationLine.objects.bulk_create(
        demo_line(declaration, segment_id, rng)
        for declaration in declarations
        for segment_id in segments_of[declaration.site_id]
    )
    # Bulk-created, bypassing the review services that keep scope headcounts up to date.
    scope_headcounts_refresh({operator_id for operator_id, _ in served})
    return len(declarations)


def demo_quarters(count: int) -> list[tuple[int, int]]:
    last = quarter_index(2025, 4)
    return [quarter_of_index(index) for index in range(last - count + 1, last + 1)]


def demo_review_state(rng: random.Random) -> dict:
    roll = rng.random()
    if roll < 0.9:
        return {"status": Declaration.Status.VALIDATED}
    if roll < 0.97:
        return {"status": Declaration.Status.SUBMITTED, "flagged": roll > 0.95}
    return {"status": Declaration.Status.RETURNED, "return_reason": "DEMO: figures to check."}


def demo_submission(year: int, quarter: int, rng: random.Random) -> dict:
    """Submitted between 1 and 45 days after the quarter's end: about a third of them late."""
    day = quarter_end(year, quarter) + datetime.timedelta(days=rng.randrange(1, 46))
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return {"submitted_at": at, "first_submitted_at": at}


def demo_line(declaration, segment_id: int, rng: random.Random) -> DeclarationLine:
    headcount = rng.randrange(20, 900)
    permanent = rng.randrange(headcount // 2, headcount + 1)
    return DeclarationLine(
        declaration=declaration,
        segment_id=segment_id,
        headcount=headcount,
        permanent=permanent,
        women=rng.randrange(0, permanent + 1),
    )
