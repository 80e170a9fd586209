"""The list's pages and totals at any depth: a page reads its keys, then its rows
(memoranda.paging), and a selection by place takes its totals from the stored dashboard sums
(memoranda.dashboard.dashboard_totals), as the whole list does.

The world of conftest.py (five commitments, two of them in Casablanca) with its declarations
over several quarters (`declared`), and a withdrawal of Atlas's BPO commitment in Casablanca.
"""

import datetime

import pytest

from memoranda.dashboard import dashboard_totals
from memoranda.filters import CommitmentFilter
from memoranda.models import Commitment

pytestmark = pytest.mark.django_db

PLACES = [
    {},
    {"city": "casablanca"},
    {"city": "unallocated"},
    {"region": "casablanca-settat"},
    {"segment": "BPO"},
    {"region": "casablanca-settat", "segment": "ITO"},
]
DATES = [datetime.date(2025, 3, 1), datetime.date(2025, 11, 20), datetime.date(2027, 5, 1)]
ORDERINGS = ["", "segment", "-jobs_committed", "status", "-city", "operator"]


def selection(parameters: dict) -> CommitmentFilter:
    filterset = CommitmentFilter(parameters, queryset=Commitment.objects.for_public_list())
    assert filterset.is_valid(), filterset.errors
    return filterset


def label(parameters: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in parameters.items()) or "all"


@pytest.mark.parametrize("today", DATES, ids=str)
@pytest.mark.parametrize("parameters", PLACES, ids=label)
def test_the_stored_totals_of_a_place_are_the_totals_of_its_commitments(
    withdrawn, parameters, today
):
    filterset = selection(parameters)
    place = filterset.place(withdrawn="")

    stored = dashboard_totals(today=today, place=place)
    summed = filterset.qs.totals(today=today)

    assert place is not None
    for key in ("count", "jobs_committed", "jobs_created", "measured", "out_of_date"):
        assert stored[key] == summed[key], key
    assert (stored["measured_jobs_committed"] or 0) == (summed["measured_jobs_committed"] or 0)


@pytest.mark.parametrize(
    "parameters",
    [{"withdrawn": "include"}, {"city": "casablanca", "status": "behind"}, {"q": "atlas"}],
    ids=label,
)
def test_any_other_selection_sums_its_commitments(withdrawn, parameters):
    assert selection(parameters).place(withdrawn="") is None


def test_the_list_of_a_city_shows_the_totals_of_its_commitments_in_force(client, withdrawn):
    response = client.get("/en/commitments/?city=casablanca")

    totals = response.context["totals"]
    in_force = Commitment.objects.in_force().filter(city__slug="casablanca")
    assert totals["count"] == totals["listed"] == in_force.count() == 1
    assert totals["jobs_committed"] == 50  # Rif's KPO; Atlas's BPO (400) is withdrawn.
    assert [c.jobs_committed for c in response.context["commitments"]] == [50]


@pytest.mark.parametrize("ordering", ORDERINGS, ids=lambda o: o or "default")
def test_pages_hold_every_row_once_in_the_lists_order(client, declared, settings, ordering):
    settings.COMMITMENTS_PER_PAGE = 2
    whole = client.get("/en/commitments/", {"ordering": ordering})
    settings.COMMITMENTS_PER_PAGE = 50
    expected = [
        c.pk for c in client.get("/en/commitments/", {"ordering": ordering}).context["commitments"]
    ]
    settings.COMMITMENTS_PER_PAGE = 2

    paged = []
    for number in (1, 2, 3):
        page = client.get("/en/commitments/", {"ordering": ordering, "page": number})
        paged += [c.pk for c in page.context["commitments"]]

    assert whole.context["page_obj"].paginator.num_pages == 3
    assert len(expected) == 5
    assert paged == expected


def test_a_deep_page_reads_its_rows_in_as_many_queries_as_the_first(
    client, declared, settings, django_assert_num_queries
):
    settings.COMMITMENTS_PER_PAGE = 2
    client.get("/en/commitments/?page=3")  # Warms what is read once per process.
    with django_assert_num_queries(8) as first:
        client.get("/en/commitments/?ordering=jobs_committed&page=1")
    with django_assert_num_queries(8) as deep:
        response = client.get("/en/commitments/?ordering=jobs_committed&page=3")

    assert [c.jobs_committed for c in response.context["commitments"]] == [400]
    # The last page holds one row: its key alone, then its row.
    keys = [q["sql"] for q in deep.captured_queries if "LIMIT 1 OFFSET 4" in q["sql"]]
    assert len(keys) == 1 and keys[0].startswith('SELECT "memoranda_commitment"."id" AS "pk"')
    assert len(first.captured_queries) == len(deep.captured_queries)
