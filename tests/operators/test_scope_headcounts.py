"""Validated headcounts per scope, kept up to date by the review services.

Atlas has Casanearshore 1 (Casablanca, BPO and ITO) and, here, Fès Shore (Fès, BPO only).
"""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command

from operators.models import ScopeHeadcount
from operators.services import (
    declaration_reopen,
)
from tests.operators.declaration_world import declare

pytestmark = pytest.mark.django_db


@pytest.fixture
def fes_site(world, cities, segments):
    site = world.atlas.sites.create(name="Fès Shore", city=cities["fes"])
    site.segments.set([segments["BPO"]])
    return site


def rows():
    """Each scope's latest validated quarter and headcount."""
    latest = ScopeHeadcount.objects.filter(latest=True).select_related("segment", "city")
    return {
        (r.segment.code, r.city.slug if r.city else "*"): (r.year_quarter, r.headcount)
        for r in latest
    }


def history(segment_code, city_slug=None):
    """A scope's validated headcount per quarter, oldest first."""
    scope = ScopeHeadcount.objects.filter(segment__code=segment_code)
    scope = scope.filter(city__slug=city_slug) if city_slug else scope.filter(city__isnull=True)
    return [(r.year_quarter, r.headcount, r.latest) for r in scope.order_by("quarter_index")]


def test_every_validated_quarter_is_kept_and_only_the_last_is_marked_latest(
    site, fes_site, atlas_staff, official
):
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    declare(fes_site, atlas_staff, official, 2024, 1, BPO=40)
    declare(site, atlas_staff, official, 2024, 3, BPO=130, ITO=30)
    declare(site, atlas_staff, official, 2024, 2, BPO=110, ITO=25, validate=False)

    assert history("BPO", "casablanca") == [((2024, 1), 100, False), ((2024, 3), 130, True)]
    assert history("BPO", "fes") == [((2024, 1), 40, True)]
    assert history("BPO") == [((2024, 1), 140, False), ((2024, 3), 130, True)]


def test_validating_records_each_city_and_all_cities_at_the_latest_quarter(
    site, fes_site, atlas_staff, official
):
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    declare(site, atlas_staff, official, 2024, 2, BPO=110, ITO=25)
    declare(fes_site, atlas_staff, official, 2024, 1, BPO=40)
    # BPO over all cities: the latest quarter is 2024 Q2, where only Casablanca declared: 110.
    assert rows() == {
        ("BPO", "casablanca"): ((2024, 2), 110),
        ("ITO", "casablanca"): ((2024, 2), 25),
        ("BPO", "fes"): ((2024, 1), 40),
        ("BPO", "*"): ((2024, 2), 110),
        ("ITO", "*"): ((2024, 2), 25),
    }


def test_cities_that_declared_the_same_latest_quarter_add_up(site, fes_site, atlas_staff, official):
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    declare(fes_site, atlas_staff, official, 2024, 1, BPO=40)
    assert rows()[("BPO", "*")] == ((2024, 1), 140)


def test_submitted_figures_are_not_recorded(site, atlas_staff, official):
    declare(site, atlas_staff, official, 2024, 1, validate=False, BPO=100, ITO=20)
    assert rows() == {}


def test_reopening_removes_the_figures_until_validated_again(site, atlas_staff, official):
    declaration = declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    declaration_reopen(declaration=declaration, user=official, reason="Recount")
    assert rows() == {}


def test_moving_a_site_to_another_city_in_the_admin_moves_its_headcount(
    site, atlas_staff, official, official_client, cities, segments
):
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    response = official_client.post(
        f"/admin/operators/site/{site.pk}/change/",
        {
            "operator": site.operator_id,
            "name": site.name,
            "city": cities["rabat"].pk,
            "segments": [segments["BPO"].pk, segments["ITO"].pk],
        },
    )
    assert response.status_code == 302
    assert set(rows()) == {("BPO", "rabat"), ("ITO", "rabat"), ("BPO", "*"), ("ITO", "*")}


def test_the_rebuild_command_recomputes_from_the_declarations(site, atlas_staff, official):
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    before = rows()
    ScopeHeadcount.objects.all().delete()
    call_command("rebuild_figures", stdout=StringIO())
    assert rows() == before


def test_the_migration_builds_the_same_rows_as_the_services(site, fes_site, atlas_staff, official):
    """Databases from before the history was kept get it from the migration's rebuild."""
    from django.apps import apps

    rebuild = importlib.import_module(
        "operators.migrations.0010_scope_headcount_every_quarter"
    ).rebuild
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    declare(fes_site, atlas_staff, official, 2024, 2, BPO=40)
    declare(site, atlas_staff, official, 2024, 3, BPO=130, ITO=30)
    by_services = [history(code, city) for code, city in SCOPES]

    rebuild(apps, None)

    assert [history(code, city) for code, city in SCOPES] == by_services
    assert by_services[0] == [((2024, 1), 100, False), ((2024, 3), 130, True)]


SCOPES = [("BPO", "casablanca"), ("BPO", "fes"), ("ITO", "casablanca"), ("BPO", None)]
