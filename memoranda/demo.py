"""Demonstration data, for benchmarks and demos only: never real figures.

Everything it creates is marked as demo data: the signing is titled so, operators' names start
with "DEMO", memorandum references with "DEMO-", so it can be told apart and removed.
"""

import datetime
import itertools
import random

from django.db import transaction

from memoranda.models import Commitment, Memorandum, Signing
from operators.models import City, Operator, Segment

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
    deleted, _ = Commitment.objects.filter(memorandum__signing__slug=DEMO_SIGNING_SLUG).delete()
    Memorandum.objects.filter(signing__slug=DEMO_SIGNING_SLUG).delete()
    Operator.objects.filter(slug__startswith="demo-operator-", memoranda__isnull=True).delete()
    Signing.objects.filter(slug=DEMO_SIGNING_SLUG).delete()
    return deleted
