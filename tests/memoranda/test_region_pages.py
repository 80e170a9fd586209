"""A region's page: the figures of a city page over the commitments of its cities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_a_region_page_sums_its_cities_commitments(client, world, cities):
    page = client.get(cities["casablanca"].region.get_absolute_url()).content.decode()

    # Casablanca: Atlas BPO 400 and Rif KPO 50; the region's other cities hold none.
    assert "ATLAS-2023-1" in page and "RIF-2024-1" in page
    assert "450" in page
    assert 'href="/en/cities/casablanca/"' in page
    assert "TANGER" not in page.upper().split("ITS CITIES")[0]


def test_a_region_without_commitments_says_so(client, world):
    page = client.get("/en/regions/oriental/").content.decode()
    assert "No commitment is recorded here yet." in page


def test_region_names_link_to_their_pages(client, world):
    page = client.get("/en/commitments/").content.decode()
    assert 'href="/en/regions/casablanca-settat/"' in page
    city = client.get("/en/cities/fes/").content.decode()
    assert 'href="/en/regions/fes-meknes/"' in city


def test_an_unknown_region_is_a_404(client, db):
    assert client.get("/en/regions/atlantis/").status_code == 404


def test_a_region_page_runs_a_fixed_number_of_queries(client, world, cities):
    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get("/en/regions/casablanca-settat/")
        return len(context)

    before = queries()
    world.atlas_mou.commitments.create(
        segment=world.atlas_mou.commitments.first().segment,
        city=cities["el-jadida"],
        jobs_committed=30,
    )
    assert queries() == before
