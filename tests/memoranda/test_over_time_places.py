"""The jobs-over-time download of a selection by place (city, region, segment) reads the stored
sums per place and quarter (DashboardQuarter) instead of every measurement of the selected
commitments: its rows are the measurements' rows, whatever the place, withdrawn commitments
included as everywhere in that download.

The world of conftest.py with its declarations over several quarters (`declared`), one
withdrawal of Atlas's BPO commitment in Casablanca on 30 June 2025 (its measurements before
stay in the download).
"""

import pytest

from memoranda.dashboard import jobs_over_time
from memoranda.filters import CommitmentFilter
from memoranda.models import Commitment

pytestmark = pytest.mark.django_db

PLACES = [
    {"city": "casablanca"},
    {"city": "unallocated"},
    {"city": "tanger"},
    {"city": "fes"},
    {"region": "casablanca-settat"},
    {"segment": "BPO"},
    {"segment": "ITO"},
    {"city": "casablanca", "segment": "BPO"},
    {"region": "casablanca-settat", "segment": "ITO"},
]


def selection(parameters: dict) -> CommitmentFilter:
    filterset = CommitmentFilter(
        {"withdrawn": "include", **parameters},
        queryset=Commitment.objects.for_public_list(),
    )
    assert filterset.is_valid(), filterset.errors
    return filterset


@pytest.mark.parametrize(
    "parameters", PLACES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_a_place_reads_the_stored_sums_and_finds_the_measurements_figures(withdrawn, parameters):
    filterset = selection(parameters)
    place = filterset.place()

    assert place is not None
    from_measurements = jobs_over_time(filterset.qs)
    assert jobs_over_time(filterset.qs, place=place) == from_measurements


@pytest.mark.parametrize("parameters", [{"city": "casablanca"}, {"segment": "BPO"}])
def test_the_places_compared_hold_measurements_withdrawn_ones_included(withdrawn, parameters):
    filterset = selection(parameters)
    rows = jobs_over_time(filterset.qs, place=filterset.place())

    assert sum(row.measured for row in rows) >= 1
    in_force = selection({**parameters, "withdrawn": ""})
    assert sum(row.measured for row in jobs_over_time(in_force.qs)) < sum(
        row.measured for row in rows
    )


@pytest.mark.parametrize(
    "parameters",
    [{"operator": "rif-digital"}, {"status": "behind"}, {"withdrawn": ""}, {"q": "casa"}],
)
def test_any_other_selection_reads_the_measurements(declared, parameters):
    assert selection({"segment": "BPO", **parameters}).place() is None


def test_the_download_of_a_place_takes_a_fixed_number_of_queries(
    withdrawn, client, django_assert_num_queries
):
    # The region and the segment looked up, the first quarter, the sums.
    with django_assert_num_queries(4):
        response = client.get("/commitments/over-time.csv?region=casablanca-settat&segment=BPO")
        body = b"".join(response.streaming_content).decode()

    assert body.splitlines()[0].startswith("quarter,")
    assert len(body.splitlines()) > 2
