"""The admin's large changelists (declarations, commitments, memoranda, operators, sites) cost
one COUNT of the rows they show, never a second one of the whole table, and no SELECT DISTINCT
to list filter choices: declaration years and quarters come from the calendar."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operators import calendar

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
    """The paginator's and the full result's counts (Django's `__count`): the rows' query may
    count commitments in a subquery, and the commitment list's totals are an aggregate of the
    filtered rows, which it shows."""
    return [query for query in queries if query.startswith('SELECT COUNT(*) AS "__COUNT"')]


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
