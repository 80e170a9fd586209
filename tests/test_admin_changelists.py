"""The admin's large changelists (declarations, commitments, memoranda, operators, sites) cost
one COUNT of the rows they show, never a second one of the whole table, and no SELECT DISTINCT
to list filter choices: declaration years and quarters come from the calendar."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operators import calendar
from operators.admin_paging import CappedPaginator
from tests.memoranda.progress_world import declare

CHANGELISTS = [
    "/admin/operators/declaration/",
    "/admin/memoranda/commitment/",
    "/admin/memoranda/memorandum/",
    "/admin/operators/operator/",
    "/admin/operators/site/",
]


def changelist_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"].upper() for query in context.captured_queries]


def counts(queries: list[str]) -> list[str]:
    """The paginator's and the full result's counts (Django's `__count`, or the capped count
    of operators.admin_paging): the rows' query may count commitments in a subquery, and the
    commitment list's totals are an aggregate of the filtered rows, which it shows."""
    return [query for query in queries if query.startswith("SELECT COUNT(*)")]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_a_large_changelist_counts_its_rows_once_without_distinct(official_client, world, url):
    queries = changelist_queries(official_client, url)

    assert len(counts(queries)) == 1, counts(queries)
    assert not [query for query in queries if "DISTINCT" in query]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/operators/declaration/?year=2024&quarter=2",
        "/admin/operators/declaration/?status__exact=submitted",
        "/admin/memoranda/commitment/?segment__id__exact=1",
        "/admin/memoranda/memorandum/?status__exact=in_force",
        "/admin/operators/site/?city__id__exact=1",
    ],
)
def test_a_filtered_changelist_counts_the_filtered_rows_only(official_client, world, url):
    queries = changelist_queries(official_client, url)

    assert len(counts(queries)) == 1, counts(queries)
    assert not [query for query in queries if "DISTINCT" in query]


def test_the_declaration_year_and_quarter_choices_come_from_the_calendar(official_client, world):
    response = official_client.get("/admin/operators/declaration/")

    page = response.content.decode()
    years = sorted({year for year, _quarter in calendar.calendar_quarters()})
    assert years, "the calendar has quarters"
    for year in years:
        assert f"?year={year}" in page
    for quarter in (1, 2, 3, 4):
        assert f"quarter={quarter}" in page


@pytest.fixture
def five_declarations(world, segments):
    site = world.atlas.sites.get()
    site.segments.add(segments["BPO"])
    for year, quarter in ((2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)):
        declare(site, year, quarter, BPO=300)


def test_the_declaration_list_counts_no_further_than_its_cap(
    official_client, five_declarations, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    queries = changelist_queries(official_client, "/admin/operators/declaration/")
    response = official_client.get("/admin/operators/declaration/")

    assert [query for query in counts(queries) if "LIMIT 4" in query] == counts(queries)
    assert response.context["cl"].paginator.capped
    page = response.content.decode()
    assert "plus de 3 déclarations" in page  # The admin speaks French by default.
    assert "Sélectionner les" not in page  # No "select all N" with an N not counted.
    assert len(response.context["cl"].result_list) == 5  # Every row within the cap's pages.


def test_under_its_cap_the_declaration_list_says_its_count(official_client, five_declarations):
    response = official_client.get("/admin/operators/declaration/")

    assert not response.context["cl"].paginator.capped
    assert response.context["cl"].result_count == 5
    assert "5 déclarations" in response.content.decode()
