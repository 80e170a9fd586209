"""An official records a memorandum with two commitments in the admin, and a visitor sees it.

The official (amina, of the Officials group, not a superuser) logs in to the admin in English
and records SAHARA-2025-1 of Rif Digital (an operator of the world of tests/conftest.py): 150
BPO jobs in Tanger and 90 ITO jobs not yet allocated to a city, 240 in all.
"""

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import log_in_with_password
from tests.second_factor import current_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Memoranda-Record-2025"


@pytest.fixture
def official(django_user_model):
    user = django_user_model.objects.create_user(username="amina", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Officials"))
    return user


def choose(page, field_id: str, search: str, option: str) -> None:
    """Picks `option` in the admin's autocomplete box of `field_id`, typing `search`."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def test_official_records_a_memorandum_with_two_commitments_and_a_visitor_sees_it(
    page, new_page, world, official, last_step
):
    # First login: no authenticator app yet, so the admin sets one up. The app reads the key
    # shown under the QR code; its code confirms it, and the recovery codes are shown once.
    log_in_with_password(page, "/en/admin/login/", "amina", PASSWORD)
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    expect(page.locator(".second-factor-qr svg")).to_be_visible()
    page.locator(".second-factor-secret").inner_text()
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    page.get_by_label("Code shown by the app").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Officials' administration")).to_be_visible()

    page.goto("/en/admin/memoranda/memorandum/add/")
    page.get_by_label("Reference").fill("SAHARA-2025-1")
    choose(page, "id_operator", "Rif", "Rif Digital")
    page.get_by_label("Signed on").fill("2025-02-03")
    page.get_by_label("Horizon year").fill("2028")

    choose(page, "id_commitments-0-segment", "BPO", "BPO")
    choose(page, "id_commitments-0-city", "Tang", "Tanger")
    page.locator("#id_commitments-0-jobs_committed").fill("150")
    page.get_by_role("button", name="Add another commitment").click()
    choose(page, "id_commitments-1-segment", "ITO", "ITO")
    page.locator("#id_commitments-1-jobs_committed").fill("90")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    visitor = new_page()
    last_step(visitor)
    visitor.goto("/en/commitments/?operator=rif-digital")
    expect(visitor.locator(".figures dd").nth(1)).to_have_text("590")  # 300 + 50 + 240
    visitor.get_by_role("link", name="SAHARA-2025-1").first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("SAHARA-2025-1")
    rows = visitor.locator("#commitments-heading ~ .table-scroll table.data tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Tanger")).to_contain_text("150")
    expect(rows.filter(has_text="not yet allocated")).to_contain_text("90")
    expect(visitor.locator(".figures dd").nth(1)).to_have_text("240")
