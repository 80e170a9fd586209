"""Named personas and a site for the declaration tests (helpers in declaration_world.py).

| persona          | who                                             |
| ---------------- | ----------------------------------------------- |
| official (amina) | ministry staff in the Officials group           |
| second_official  | another official (karim), to review amina's work |
| atlas_staff      | Atlas Relation's reporting manager (salma)      |
| rif_staff        | Rif Digital's reporting manager (youssef)       |

Atlas's site "Casanearshore 1" (Casablanca) serves BPO and ITO.
"""

import pytest
from django.contrib.auth.models import Group

from operators.models import OperatorMembership, Site


@pytest.fixture
def second_official(django_user_model):
    user = django_user_model.objects.create_user(username="karim", is_staff=True)
    user.groups.add(Group.objects.get(name="Officials"))
    return user


def staff_of(django_user_model, operator, username):
    user = django_user_model.objects.create_user(username=username)
    OperatorMembership.objects.create(user=user, operator=operator)
    return user


@pytest.fixture
def atlas_staff(django_user_model, world):
    return staff_of(django_user_model, world.atlas, "salma")


@pytest.fixture
def rif_staff(django_user_model, world):
    return staff_of(django_user_model, world.rif, "youssef")


@pytest.fixture
def site(world, segments):
    site = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    site.segments.set([segments["BPO"], segments["ITO"]])
    return site
