"""Nadia, of Cnexia's staff, downloads the file to fill, fills it with one mistake, sees it named
with its line and column, corrects it and submits every open quarter of her site at once; the
page, its problems and its preview never scroll sideways at 390 or 1280 px (pictures kept in
test-artifacts/upload/ to look at) and pass axe-core's WCAG A and AA checks.

The world is the founding data with Cnexia's site in Fès (founding_world, in conftest.py).
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from operators.models import Declaration
from tests.browser.conftest import ARTIFACTS, log_in
from tests.browser.test_phones import AXE_RUN, DESKTOP, PHONE, sideways

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check_both_widths(page, name: str) -> None:
    folder = ARTIFACTS / "upload"
    folder.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        found = sideways(page)
        assert found["width"] <= found["screen"] and not found["off_screen"], (name, found)
        page.screenshot(path=folder / f"{name}-{viewport['width']}.png", full_page=True)
        if page.locator("#preview-title").count():
            page.locator("#preview-title").scroll_into_view_if_needed()
            page.screenshot(path=folder / f"{name}-{viewport['width']}-screen.png")


def filled(template: bytes, women_of_first_row: int) -> bytes:
    header, *rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig")), delimiter=";"))
    for row in rows:
        row[5:8] = ["410", "300", "200"]
    rows[0][7] = str(women_of_first_row)
    stream = io.StringIO(newline="")
    csv.writer(stream, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return stream.getvalue().encode("cp1252")


def no_accessibility_violation(page, axe_source) -> None:
    page.evaluate(axe_source)  # not a <script> tag: the CSP forbids inline scripts
    assert page.evaluate(AXE_RUN) == [], page.url


def test_staff_upload_a_filled_template_fix_a_mistake_and_submit(
    page, live_site, founding_world, tmp_path, axe_source
):
    log_in(page, live_site, founding_world["staff"])
    page.goto("/en/space/")
    page.get_by_role("link", name="Upload declarations").click()
    expect(page).to_have_url(re.compile(r"/en/space/upload/$"))
    check_both_widths(page, "form")
    with page.expect_download() as download:
        page.get_by_role("link", name="File to fill (CSV, semicolons)").click()
    template = download.value.path().read_bytes()
    open_quarters = len(template.decode("utf-8-sig").splitlines()) - 1

    wrong = tmp_path / "declarations.csv"
    wrong.write_bytes(filled(template, women_of_first_row=500))
    page.get_by_label("file", exact=True).set_input_files(wrong)
    page.get_by_role("button", name="Check the file").click()
    problems = page.locator("#upload-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("Line 2")
    expect(problems.first).to_contain_text("women")
    check_both_widths(page, "problems")
    no_accessibility_violation(page, axe_source)

    right = tmp_path / "declarations-corrected.csv"
    right.write_bytes(filled(template, women_of_first_row=200))
    page.get_by_label("file", exact=True).set_input_files(right)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#upload-preview tbody tr")).to_have_count(open_quarters)
    check_both_widths(page, "preview")
    no_accessibility_violation(page, axe_source)
    page.get_by_role("button", name="Submit all for review").click()

    expect(page.locator(".messages")).to_contain_text(f"{open_quarters} declarations are submitted")
    assert Declaration.objects.filter(status="submitted").count() == open_quarters
