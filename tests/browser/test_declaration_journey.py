"""A member of an operator's staff submits a quarterly declaration, an official validates it in
the admin, and the figures a visitor sees change.

Atlas Relation's BPO commitment in Casablanca promises 400 jobs from a baseline headcount of 0;
its site Casanearshore 1 (Casablanca) serves BPO. Salma, of Atlas's staff, declares 130 people
for 2024 Q1: once validated, the visitor sees 130 jobs created, 32.5 % of the promise.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from memoranda.models import Commitment
from operators.models import OperatorMembership, Site
from tests.browser.conftest import log_in_with_password
from tests.second_factor import current_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Quarterly-Head-count-42"
SELECTION = "/en/commitments/?city=casablanca&segment=BPO&operator=atlas-relation"


@pytest.fixture
def people(django_user_model, world, segments):
    Site.objects.get(operator=world.atlas).segments.set([segments["BPO"]])
    Commitment.objects.filter(
        memorandum=world.atlas_mou, segment__code="BPO", city__slug="casablanca"
    ).update(baseline_headcount=0)
    salma = django_user_model.objects.create_user(username="salma", password=PASSWORD)
    OperatorMembership.objects.create(user=salma, operator=world.atlas)
    amina = django_user_model.objects.create_user(
        username="amina", password=PASSWORD, is_staff=True
    )
    amina.groups.add(Group.objects.get(name="Officials"))
    # Her authenticator app, set up earlier: the admin asks for its code after the password.
    TOTPDevice.objects.create(user=amina, name="authenticator", confirmed=True)


def expect_figures(visitor, jobs_created: str, progress: str) -> None:
    visitor.goto(SELECTION)
    row = visitor.locator("table.data tbody tr")
    expect(row).to_have_count(1)
    # A known figure is written with its quarter: "130 in 2024 Q1".
    figure = re.compile(rf"^\s*{re.escape(jobs_created)}( in \d{{4}} Q[1-4])?\s*$")
    expect(row.locator("td").nth(6)).to_have_text(figure)
    expect(row.locator("td").nth(7)).to_have_text(progress)


def test_staff_declaration_validated_by_an_official_changes_the_public_progress(
    page, new_page, people, last_step
):
    visitor = new_page()
    expect_figures(visitor, "— no validated declaration yet", "— unknown")

    log_in_with_password(page, "/en/accounts/login/", "salma", PASSWORD)
    page.get_by_role("link", name="Declare Casanearshore 1 2024 Q1").click()
    page.get_by_label("BPO: direct headcount").fill("130")
    page.get_by_label("BPO: of which permanent contracts").fill("90")
    page.get_by_label("BPO: of which women").fill("70")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("submitted")

    # Submitted figures stay private until an official validates them.
    expect_figures(visitor, "— no validated declaration yet", "— unknown")

    official = new_page()
    device = TOTPDevice.objects.get(user__username="amina")
    log_in_with_password(official, "/en/admin/login/", "amina", PASSWORD, current_code(device))
    official.goto("/en/admin/operators/declaration/?queue=pending")
    official.get_by_role("link", name="Casanearshore 1").click()
    official.get_by_role("link", name="Validate").click()
    official.get_by_role("button", name="Validate the declaration").click()
    expect(official.locator(".messagelist")).to_contain_text("The declaration is validated.")

    last_step(visitor)
    expect_figures(visitor, "130", "32.5 %")
