"""Demonstration data, for benchmarks and demos only: never real figures.

Everything it creates is marked as demo data: the signing is titled so, operators' names start
with "DEMO", memorandum references with "DEMO-", so it can be told apart and removed. It writes
only while settings.DEMO is on: demo data never share a database with real data.

What the world holds, built so that the pages' paths all have something to show (figures
measured, out of date, achieved, behind, past their horizon, unknown), is described in
memoranda.demo_world.
"""

import datetime
import random

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from memoranda.demo_world import LOADED, DemoCounts, DemoWorld
from memoranda.models import Commitment, Correction, Memorandum, Signing
from operators import history
from operators.headcounts import scope_headcounts_refresh
from operators.models import (
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    ScopeHeadcount,
    Site,
)

DEMO_SIGNING_SLUG = "demo-data"


class DemoRefused(Exception):
    """The database may hold real data: settings.DEMO is off."""


def check_demo_database() -> None:
    if not settings.DEMO:
        raise DemoRefused(
            "Refusing to write demo data: DEMO is off, so this database may hold real data, "
            "and demo data never share a database with real data. Run it with DEMO=true on a "
            "database of its own (make demo does)."
        )


def demo_commitments_generate(
    count: int, quarters: int = 0, *, seed: int = 2022, today: datetime.date | None = None
) -> DemoCounts:
    """Add `count` demo commitments in new memoranda of new demo operators and, when `quarters`
    is positive, the operators' sites and declarations over the `quarters` quarters up to the
    last one ended by `today` (by default the local date)."""
    check_demo_database()
    world = DemoWorld(random.Random(seed), today or timezone.localdate(), quarters)
    with transaction.atomic():
        with world.loader.foreign_keys_checked_once(LOADED):
            counts = world.generate(count, demo_signing())
        world.loader.finish()
        # Written in bulk, past the review services that keep scope headcounts (and what is
        # derived from them) up to date: rebuilt once, for the new operators.
        with world.loader.foreign_keys_checked_once([ScopeHeadcount]):
            scope_headcounts_refresh(world.operator_ids)
        world.loader.analyze()
    return counts


def demo_signing() -> Signing:
    signing, _ = Signing.objects.get_or_create(
        slug=DEMO_SIGNING_SLUG,
        defaults={
            "title": "DEMO – données de démonstration, pas des chiffres réels",
            "signed_on": datetime.date(2023, 1, 15),
            "notes": "Generated for benchmarks and demonstrations. Not real figures.",
        },
    )
    return signing


@transaction.atomic
def demo_data_delete() -> int:
    """Remove every demo memorandum, its commitments and demo operators. Allowed whatever
    settings.DEMO says: it removes only what is marked as demo data.

    Demo rows were loaded without history (COPY), and their removal keeps none either: a
    history record per row would make removing 100,000 demo commitments slow."""
    with history.skipped():
        return demo_rows_delete()


def demo_rows_delete() -> int:
    demo_sites = Site.objects.filter(operator__slug__startswith="demo-operator-")
    DeclarationLine.objects.filter(declaration__site__in=demo_sites).delete()
    DeclarationEvent.objects.filter(declaration__site__in=demo_sites).delete()
    Declaration.objects.filter(site__in=demo_sites).delete()
    demo_sites.delete()
    # Demo corrections are demo data too: the public record of real figures keeps its own.
    Correction.objects.filter(
        Q(memorandum__signing__slug=DEMO_SIGNING_SLUG) | Q(signing__slug=DEMO_SIGNING_SLUG)
    ).delete()
    deleted, _ = Commitment.objects.filter(memorandum__signing__slug=DEMO_SIGNING_SLUG).delete()
    Memorandum.objects.filter(signing__slug=DEMO_SIGNING_SLUG).delete()
    Operator.objects.filter(slug__startswith="demo-operator-", memoranda__isnull=True).delete()
    Signing.objects.filter(slug=DEMO_SIGNING_SLUG).delete()
    return deleted
