"""A visitor filters the commitment list by city and segment, pages through it, switches to
Arabic without losing the filters, and downloads the CSV, whose rows and sums are the page's.

Beside the world of tests/conftest.py, four more operators each commit BPO jobs in Casablanca,
so that Casablanca x BPO holds five commitments (400 + 120 + 80 + 60 + 45 = 705 jobs), three
pages at two rows a page. The world's other commitments lie outside the filter.
"""

import csv
import datetime

import pytest
from playwright.sync_api import expect

from memoranda.figures import commitment_figures_rebuild
from memoranda.models import Commitment, Memorandum
from operators.models import Operator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MORE_CASABLANCA_BPO = [("Anfa Contact", 120), ("Bouskoura Care", 80), ("Maarif BPO", 60)]
MORE_CASABLANCA_BPO += [("Sidi Maarouf Services", 45)]


@pytest.fixture
def casablanca_world(world, cities, segments, settings):
    settings.COMMITMENTS_PER_PAGE = 2
    for number, (name, jobs) in enumerate(MORE_CASABLANCA_BPO, start=1):
        operator = Operator.objects.create(name=name, slug=f"casa-{number}")
        memorandum = Memorandum.objects.create(
            reference=f"CASA-2024-{number}",
            operator=operator,
            signed_on=datetime.date(2024, 6, 1),
            horizon_year=2027,
        )
        Commitment.objects.create(
            memorandum=memorandum,
            segment=segments["BPO"],
            city=cities["casablanca"],
            jobs_committed=jobs,
        )
    # As the admin and the imports do after recording commitments.
    commitment_figures_rebuild()
    return world


def totals(page) -> tuple[int, int]:
    """The commitments and jobs committed of the page's totals, read in any language: they are
    its first two figures; digits are read whatever their script or separators."""
    figures = page.locator(".figures dd")
    return tuple(
        int("".join(c for c in figures.nth(i).inner_text() if c.isdigit())) for i in (0, 1)
    )


def expect_casablanca_bpo_rows(page, count: int) -> None:
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(count)
    for row in rows.all():
        expect(row.locator("td").nth(2)).to_have_text("Casablanca")
        expect(row.locator("td").nth(4)).to_have_text("BPO")


def test_visitor_filters_pages_switches_to_arabic_and_downloads_the_matching_csv(
    page, casablanca_world, last_step, tmp_path
):
    last_step(page)
    page.goto("/en/commitments/")
    expect(page.locator("table.data caption")).to_have_text("Commitments 1 to 2 of 9")

    page.get_by_label("City", exact=True).select_option("casablanca")
    page.get_by_label("Segment").select_option("BPO")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.data caption")).to_have_text("Commitments 1 to 2 of 5")
    assert totals(page) == (5, 705)
    expect_casablanca_bpo_rows(page, 2)

    pages = page.get_by_role("navigation", name="Pages")
    pages.get_by_role("link", name="Next").click()
    expect(pages).to_contain_text("Page 2 of 3")
    expect(page.locator("table.data caption")).to_have_text("Commitments 3 to 4 of 5")
    expect_casablanca_bpo_rows(page, 2)
    pages.get_by_role("link", name="Next").click()
    expect(pages).to_contain_text("Page 3 of 3")
    expect_casablanca_bpo_rows(page, 1)

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Switch language").click()
    page.wait_for_url("**/ar/commitments/?*")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#id_city")).to_have_value("casablanca")
    expect(page.locator("#id_segment")).to_have_value("BPO")
    assert "page=3" in page.url
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    shown = totals(page)

    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("link", name="CSV", exact=True).click()
    path = tmp_path / "commitments.csv"
    download.value.save_as(path)
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    downloaded = (len(rows), sum(int(row["jobs_committed"]) for row in rows))
    assert downloaded == shown == (5, 705)
    references = {"ATLAS-2023-1", *(f"CASA-2024-{n}" for n in range(1, 5))}
    assert {row["memorandum"] for row in rows} == references
    assert {row["segment"] for row in rows} == {"BPO"}
    assert len({row["city"] for row in rows}) == 1  # Casablanca, in whatever language
    # No declaration is validated: jobs created are unknown, empty in the file.
    assert {row["jobs_created"] for row in rows} == {""}
