"""Shared worlds of the memoranda tests, on the world of tests/conftest.py.

`sites` and `declared`: the world of jobs created, progress and status worked out by hand in
test_progress.py's docstring (read on TODAY, 20 November 2025).

Corrections of public figures:

`reopened_world`: Atlas Relation's site Casanearshore 1 (Casablanca) serves BPO and ITO; the
baselines of Atlas BPO Casablanca (100) and Atlas ITO not yet allocated (10) are recorded.
salma declares 2024 Q1 (BPO 300, ITO 20) and amina validates it: jobs created 200 and 10 are
published. amina reopens it ("Interns were counted as staff"), salma corrects BPO to 280 and
karim validates it: Atlas BPO Casablanca's jobs created of 2024 Q1 are corrected from 200 to
180; Atlas ITO's stay 10 and are no correction.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from memoranda.models import Claim, Commitment, Source
from memoranda.releases import release_publish
from memoranda.withdrawals import commitment_withdraw
from operators.models import Declaration, Site
from operators.quarters import quarter_index
from tests.conftest import run_worker
from tests.memoranda import progress_world
from tests.memoranda.correction_world import REOPEN_REASON, correct, declare
from tests.memoranda.progress_world import TODAY, set_baseline, site


@pytest.fixture
def karim(django_user_model):
    """A second official, to validate what amina reopened."""
    user = django_user_model.objects.create_user(username="karim", is_staff=True)
    user.groups.add(Group.objects.get(name="Officials"))
    return user


@pytest.fixture
def atlas_site(world, segments):
    site = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    site.segments.set([segments["BPO"], segments["ITO"]])
    return site


@pytest.fixture
def baselines(world):
    Commitment.objects.filter(segment__code="BPO", city__slug="casablanca").update(
        baseline_headcount=100
    )
    Commitment.objects.filter(segment__code="ITO", city__isnull=True).update(baseline_headcount=10)


@pytest.fixture
def published_world(world, atlas_site, baselines, atlas_staff, official):
    declaration = declare(atlas_site, atlas_staff, official, bpo=300, ito=20)
    return SimpleNamespace(**vars(world), site=atlas_site, declaration=declaration)


@pytest.fixture
def reopened_world(published_world, atlas_staff, official, karim):
    declaration = correct(
        published_world.declaration, atlas_staff, karim, official, REOPEN_REASON, bpo=280, ito=20
    )
    return SimpleNamespace(**{**vars(published_world), "declaration": declaration})


@pytest.fixture
def sites(world, cities, segments):
    casa = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    casa.segments.set([segments["BPO"], segments["ITO"]])
    return {
        "atlas_casa": casa,
        "atlas_fes": site(world.atlas, "Fès Shore", cities["fes"], "BPO", segments=segments),
        "atlas_rabat": site(world.atlas, "Technopolis", cities["rabat"], "ITO", segments=segments),
        "rif_tanger": site(world.rif, "Tanger Tech", cities["tanger"], "ITO", segments=segments),
        "rif_casa": site(
            world.rif, "Rif Casa", cities["casablanca"], "KPO", "BPO", segments=segments
        ),
    }


@pytest.fixture
def declared(world, sites, time_machine):
    time_machine.move_to(TODAY, tick=False)
    for segment_code, city_slug, baseline in [
        ("BPO", "casablanca", 100),
        ("BPO", "fes", 50),
        ("ITO", None, 10),
        ("ITO", "tanger", 0),
    ]:
        set_baseline(segment_code, city_slug, baseline)
    progress_world.declare(sites["atlas_casa"], 2024, 4, BPO=300, ITO=20)
    progress_world.declare(sites["atlas_casa"], 2025, 2, BPO=380, ITO=30)
    progress_world.declare(
        sites["atlas_casa"], 2025, 3, Declaration.Status.SUBMITTED, BPO=9137, ITO=9137
    )
    progress_world.declare(sites["atlas_fes"], 2025, 2, BPO=120)
    progress_world.declare(sites["atlas_fes"], 2025, 4, Declaration.Status.DRAFT, BPO=5553)
    progress_world.declare(sites["atlas_rabat"], 2024, 4, ITO=25)
    progress_world.declare(sites["atlas_rabat"], 2025, 2, ITO=90)
    progress_world.declare(sites["rif_tanger"], 2025, 3, ITO=100)
    progress_world.declare(sites["rif_tanger"], 2025, 4, Declaration.Status.RETURNED, ITO=7771)
    progress_world.declare(sites["rif_casa"], 2025, 1, KPO=40)
    progress_world.declare(sites["rif_casa"], 2025, 2, BPO=500)
    return world


# Releases (tests/memoranda/test_releases.py, test_release_pages.py): on 15 October 2026 the
# quarter that closed last is 2026-Q3; the releases storage is a folder of the test's own.
Q3_2026 = quarter_index(2026, 3)


@pytest.fixture
def releases_root(settings, tmp_path):
    root = tmp_path / "releases"
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


@pytest.fixture
def october_2026(time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 15, 12, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def sourced_world(published_world, october_2026, releases_root):
    source = Source.objects.create(
        slug="mcinet-2023-03-15",
        publisher="Ministère de l'Industrie et du Commerce",
        title="Signature de conventions d'offshoring",
        url="https://www.mcinet.gov.ma/offshoring-2023",
        published_on=datetime.date(2023, 3, 15),
        kind=Source.Kind.OFFICIAL,
        language=Source.Language.FRENCH,
    )
    Claim.objects.create(
        source=source,
        memorandum=published_world.atlas_mou,
        field="jobs",
        value="750 emplois",
        number=750,
        qualifier="exactly",
    )
    return published_world


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish through the service, then let the real worker build the release."""

    def publish(requested_by=None, quarter=Q3_2026):
        with django_capture_on_commit_callbacks(execute=True):
            release = release_publish(quarter=quarter, requested_by=requested_by)
        run_worker()
        if release is not None:
            release.refresh_from_db()
        return release

    return publish


@pytest.fixture
def withdrawn(declared, official):
    """`declared`, with Atlas's BPO commitment in Casablanca withdrawn on 30 June 2025."""
    commitment = Commitment.objects.get(city__slug="casablanca", segment__code="BPO")
    commitment_withdraw(
        commitment=commitment, reason="Typed twice", on=datetime.date(2025, 6, 30), user=official
    )
