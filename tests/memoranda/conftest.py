"""Corrections of public figures, on the world of tests/conftest.py.

`reopened_world`: Atlas Relation's site Casanearshore 1 (Casablanca) serves BPO and ITO; the
baselines of Atlas BPO Casablanca (100) and Atlas ITO not yet allocated (10) are recorded.
salma declares 2024 Q1 (BPO 300, ITO 20) and amina validates it: jobs created 200 and 10 are
published. amina reopens it ("Interns were counted as staff"), salma corrects BPO to 280 and
karim validates it: Atlas BPO Casablanca's jobs created of 2024 Q1 are corrected from 200 to
180; Atlas ITO's stay 10 and are no correction.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from memoranda.models import Commitment
from operators.models import Site
from tests.memoranda.correction_world import REOPEN_REASON, correct, declare


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
