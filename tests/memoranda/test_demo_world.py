"""`make demo`'s world (create_demo_world): on an empty demo database, generated operators,
commitments and declarations, a staff account of one demo operator with a quarter to declare,
and an official who reviews declarations in the admin; nothing without DEMO."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from memoranda.models import Commitment
from operators.models import Declaration, Operator, OperatorMembership
from tests.second_factor import password_login

pytestmark = pytest.mark.django_db


def create_world(**options) -> str:
    out = StringIO()
    call_command("create_demo_world", "--commitments", "40", "--quarters", "6", stdout=out)
    return out.getvalue()


def password_of(output: str, username: str) -> str:
    return re.search(rf"'{username}' with password: (\S+)", output)[1]


@pytest.fixture
def demo(settings):
    settings.DEMO = True


def test_it_refuses_while_demo_is_off(settings):
    settings.DEMO = False

    with pytest.raises(CommandError, match="DEMO is off"):
        create_world()

    assert not Operator.objects.exists()
    assert not get_user_model().objects.exists()


def test_it_builds_a_world_with_its_two_accounts_and_prints_their_passwords_once(demo, client):
    first = create_world()
    second = create_world()

    assert Commitment.objects.count() == 40
    assert Declaration.objects.exists()
    staff_password = password_of(first, "demo-staff")
    official_password = password_of(first, "demo-official")
    assert staff_password not in second and official_password not in second
    assert "exists" in second
    assert Commitment.objects.count() == 40
    assert password_login(client, "demo-staff", staff_password)
    assert password_login(client, "demo-official", official_password)
    # Generated passwords follow the password rules (12 characters or more, none common).
    validate_password(staff_password)
    validate_password(official_password)


def test_the_staff_account_declares_for_a_demo_operator_with_a_quarter_left_to_declare(
    demo, client
):
    output = create_world()
    membership = OperatorMembership.objects.select_related("operator", "user").get()
    assert membership.operator.name.startswith("DEMO ")
    assert not membership.user.is_staff

    assert password_login(client, "demo-staff", password_of(output, "demo-staff"))
    page = client.get("/en/space/").content.decode()

    assert "DEMO – not real figures" in page
    latest = Declaration.objects.order_by("-year", "-quarter").first()
    assert not Declaration.objects.filter(
        site__operator=membership.operator, year=latest.year, quarter=latest.quarter
    ).exists()


def test_the_official_reviews_declarations_in_the_admin(demo, client, settings):
    # `make demo` runs with DEBUG on, where the admin asks for no second factor.
    settings.OFFICIAL_SECOND_FACTOR = False
    output = create_world()
    official = get_user_model().objects.get(username="demo-official")
    assert official.is_staff and not official.is_superuser
    assert official.groups.filter(name="Officials").exists()
    assert official.has_perm("operators.review_declaration")

    password = password_of(output, "demo-official")
    assert password_login(client, "demo-official", password, url="/en/admin/login/")
    response = client.get("/en/admin/operators/declaration/?status__exact=submitted")

    assert response.status_code == 200
    assert "DEMO – not real figures" in response.content.decode()


def test_it_leaves_a_database_that_holds_operators_alone(demo, world):
    output = create_world()

    assert "exists" in output
    assert not Operator.objects.filter(slug__startswith="demo-").exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
