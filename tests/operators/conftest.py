"""A second official and a site for the declaration tests (helpers in declaration_world.py;
the official and the operators' staff are in tests/conftest.py).

| persona          | who                                             |
| ---------------- | ----------------------------------------------- |
| second_official  | another official (karim), to review amina's work |
| reviewers        | amina (French), karim (English), nadia (Arabic), with e-mail addresses |

Atlas's site "Casanearshore 1" (Casablanca) serves BPO and ITO.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from operators.models import OfficialProfile, Site
from tests.operators.missing_world import TODAY as MISSING_TODAY
from tests.operators.missing_world import build_missing_world


@pytest.fixture
def second_official(django_user_model):
    user = django_user_model.objects.create_user(username="karim", is_staff=True)
    user.groups.add(Group.objects.get(name="Officials"))
    return user


@pytest.fixture
def site(world, segments):
    site = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    site.segments.set([segments["BPO"], segments["ITO"]])
    return site


@pytest.fixture
def reviewers(official, second_official, django_user_model):
    """The officials who review, with their addresses: amina reads French (no choice made),
    karim chose English, nadia Arabic."""
    nadia = django_user_model.objects.create_user(username="nadia", is_staff=True)
    nadia.groups.add(Group.objects.get(name="Officials"))
    for user, email in ((official, "amina"), (second_official, "karim"), (nadia, "nadia")):
        user.email = f"{email}@gov.example"
        user.save()
    OfficialProfile.objects.create(user=second_official, language="en")
    OfficialProfile.objects.create(user=nadia, language="ar")
    return SimpleNamespace(amina=official, karim=second_official, nadia=nadia)


@pytest.fixture
def missing_world(
    world, site, cities, segments, atlas_staff, rif_staff, second_official, settings, time_machine
):
    """Missing declarations of three operators on 15 August 2024, the day the test stays on
    (tests/operators/missing_world.py tells them)."""
    time_machine.move_to(MISSING_TODAY, tick=False)
    return build_missing_world(
        world, site, cities, segments, atlas_staff, rif_staff, second_official, settings
    )
