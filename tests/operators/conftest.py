"""A second official and a site for the declaration tests (helpers in declaration_world.py;
the official and the operators' staff are in tests/conftest.py).

| persona          | who                                             |
| ---------------- | ----------------------------------------------- |
| second_official  | another official (karim), to review amina's work |

Atlas's site "Casanearshore 1" (Casablanca) serves BPO and ITO.
"""

import pytest
from django.contrib.auth.models import Group

from operators.models import Site


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
