"""A site moved anywhere moves its figures: the site admin and the operator admin's site inline
save sites through operators.sites, which rebuilds the validated headcounts of the operators
concerned when a site's city, operator or segments change, and only then.

Atlas's Casanearshore 1 (Casablanca, BPO and ITO) has a validated 2024 Q1 declaration: 100 BPO
and 20 ITO. Atlas commits 400 BPO jobs in Casablanca and, here, 300 in Rabat, both with a
baseline of 0, so the public jobs created are 100 wherever the site is, unknown elsewhere.
"""

import json

import pytest
from django.urls import reverse

from memoranda.models import Commitment
from operators import sites
from operators.models import ScopeHeadcount, Site
from tests.operators.declaration_world import declare

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(world, site, cities, segments, atlas_staff, official):
    world.atlas_mou.commitments.filter(segment__code="BPO", city=cities["casablanca"]).update(
        baseline_headcount=0
    )
    Commitment.objects.create(
        memorandum=world.atlas_mou,
        segment=segments["BPO"],
        city=cities["rabat"],
        jobs_committed=300,
        baseline_headcount=0,
    )
    declare(site, atlas_staff, official, 2024, 1, BPO=100, ITO=20)
    return site


@pytest.fixture
def rebuilds(monkeypatch):
    """Each rebuild the site services ask for: the operators, and the segments each of them
    serves by then (so a test sees that the segments were saved before the rebuild)."""
    calls = []
    real = sites.scope_headcounts_refresh

    def spy(operator_ids):
        served = {
            site.name: sorted(site.segments.values_list("code", flat=True))
            for site in Site.objects.filter(operator__in=operator_ids)
        }
        calls.append((set(operator_ids), served))
        real(operator_ids)

    monkeypatch.setattr(sites, "scope_headcounts_refresh", spy)
    return calls


def scope_cities(operator=None):
    """The cities of the latest validated headcount rows, by segment ('*': all cities)."""
    rows = ScopeHeadcount.objects.filter(latest=True).select_related("segment", "city")
    if operator is not None:
        rows = rows.filter(operator=operator)
    return {(r.segment.code, r.city.slug if r.city else "*", r.headcount) for r in rows}


def public_jobs_created(client, operator="atlas-relation", segment="BPO"):
    """Jobs created per city, as the public export gives them."""
    response = client.get("/commitments/export.json", {"operator": operator, "segment": segment})
    export = json.loads(b"".join(response.streaming_content))
    return {row["city"]: row["jobs_created"] for row in export["results"]}


def site_post(site, **fields):
    return {
        "operator": site.operator_id,
        "name": site.name,
        "city": site.city_id,
        "segments": list(site.segments.values_list("pk", flat=True)),
        **fields,
    }


def operator_post(operator, site_forms):
    """The operator admin's change form, with one inline form per (site, fields) pair; a site
    None is a new one."""
    initial = [pair for pair in site_forms if pair[0] is not None]
    data = {
        "name": operator.name,
        "slug": operator.slug,
        "group": operator.group,
        "ice": operator.ice or "",
        "home_city": operator.home_city_id or "",
        "website": operator.website,
        "activities": operator.activities,
        "sites-TOTAL_FORMS": str(len(site_forms)),
        "sites-INITIAL_FORMS": str(len(initial)),
        "sites-MIN_NUM_FORMS": "0",
        "sites-MAX_NUM_FORMS": "1000",
    }
    for number, (site, fields) in enumerate(site_forms):
        prefix = f"sites-{number}-"
        if site is not None:
            data[prefix + "id"] = site.pk
            fields = site_post(site, **fields)
            fields.pop("operator")
        data[prefix + "operator"] = operator.pk
        data.update({prefix + name: value for name, value in fields.items()})
    return data


def change_site(client, site, **fields):
    url = reverse("admin:operators_site_change", args=[site.pk])
    response = client.post(url, site_post(site, **fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def change_operator(client, operator, site_forms):
    url = reverse("admin:operators_operator_change", args=[operator.pk])
    response = client.post(url, operator_post(operator, site_forms))
    assert response.status_code == 302, [
        formset.errors for formset in response.context["inline_admin_formsets"]
    ]
    return response


BEFORE = {
    ("BPO", "casablanca", 100),
    ("ITO", "casablanca", 20),
    ("BPO", "*", 100),
    ("ITO", "*", 20),
}
IN_RABAT = {("BPO", "rabat", 100), ("ITO", "rabat", 20), ("BPO", "*", 100), ("ITO", "*", 20)}


class TestSiteAdmin:
    def test_moving_a_site_to_another_city_moves_its_validated_headcount(
        self, official_client, declared, cities, client
    ):
        assert scope_cities() == BEFORE
        assert public_jobs_created(client) == {"Casablanca": 100, "Fès": None, "Rabat": None}

        change_site(official_client, declared, city=cities["rabat"].pk)

        assert scope_cities() == IN_RABAT
        assert public_jobs_created(client) == {"Casablanca": None, "Fès": None, "Rabat": 100}

    def test_moving_a_site_to_another_operator_rebuilds_both(
        self, official_client, declared, world, rebuilds
    ):
        change_site(official_client, declared, operator=world.rif.pk)

        assert [operators for operators, _ in rebuilds] == [{world.atlas.pk, world.rif.pk}]
        assert scope_cities(world.atlas) == set()
        assert scope_cities(world.rif) == BEFORE

    def test_changing_segments_rebuilds_after_they_are_saved(
        self, official_client, declared, world, segments, rebuilds
    ):
        change_site(official_client, declared, segments=[segments["BPO"].pk])

        assert rebuilds == [({world.atlas.pk}, {"Casanearshore 1": ["BPO"]})]
        # A validated line keeps the segment it was declared in: locked figures are corrected
        # by reopening the declaration, not by editing the site.
        assert scope_cities() == BEFORE

    def test_an_unchanged_save_does_not_rebuild(self, official_client, declared, rebuilds):
        change_site(official_client, declared)

        assert rebuilds == []
        assert scope_cities() == BEFORE

    def test_a_new_site_does_not_rebuild(self, official_client, world, cities, segments, rebuilds):
        response = official_client.post(
            reverse("admin:operators_site_add"),
            {
                "operator": world.rif.pk,
                "name": "Rif Tanger",
                "city": cities["tanger"].pk,
                "segments": [segments["ITO"].pk],
            },
        )

        assert response.status_code == 302
        site = Site.objects.get(name="Rif Tanger")
        assert list(site.segments.values_list("code", flat=True)) == ["ITO"]
        assert rebuilds == []


class TestOperatorPageInline:
    def test_moving_a_site_in_the_inline_moves_its_validated_headcount(
        self, official_client, declared, world, cities, client
    ):
        change_operator(official_client, world.atlas, [(declared, {"city": cities["rabat"].pk})])

        assert Site.objects.get(pk=declared.pk).city == cities["rabat"]
        assert scope_cities() == IN_RABAT
        assert public_jobs_created(client) == {"Casablanca": None, "Fès": None, "Rabat": 100}

    def test_changing_segments_in_the_inline_rebuilds_after_they_are_saved(
        self, official_client, declared, world, segments, rebuilds
    ):
        change_operator(
            official_client, world.atlas, [(declared, {"segments": [segments["ITO"].pk]})]
        )

        assert rebuilds == [({world.atlas.pk}, {"Casanearshore 1": ["ITO"]})]

    def test_several_sites_moved_at_once_rebuild_once(
        self, official_client, declared, world, cities, segments, atlas_staff, official, rebuilds
    ):
        fes = world.atlas.sites.create(name="Fès Shore", city=cities["fes"])
        fes.segments.set([segments["BPO"]])
        declare(fes, atlas_staff, official, 2024, 1, BPO=40)

        change_operator(
            official_client,
            world.atlas,
            [(declared, {"city": cities["rabat"].pk}), (fes, {"city": cities["rabat"].pk})],
        )

        assert [operators for operators, _ in rebuilds] == [{world.atlas.pk}]
        assert ("BPO", "rabat", 140) in scope_cities()

    def test_an_unchanged_inline_does_not_rebuild(self, official_client, declared, world, rebuilds):
        change_operator(official_client, world.atlas, [(declared, {})])

        assert rebuilds == []
        assert scope_cities() == BEFORE

    def test_a_site_added_in_the_inline_has_its_segments_and_no_rebuild(
        self, official_client, declared, world, cities, segments, rebuilds
    ):
        new = {"name": "Rabat Shore", "city": cities["rabat"].pk, "segments": [segments["KPO"].pk]}

        change_operator(official_client, world.atlas, [(declared, {}), (None, new)])

        site = Site.objects.get(name="Rabat Shore")
        assert (site.operator, list(site.segments.values_list("code", flat=True))) == (
            world.atlas,
            ["KPO"],
        )
        assert rebuilds == []


class TestServices:
    def test_site_create_sets_the_segments(self, world, cities, segments, rebuilds):
        site = sites.site_create(
            operator=world.rif, name="Rif Tanger", city=cities["tanger"], segments=[segments["ITO"]]
        )

        assert list(site.segments.values_list("code", flat=True)) == ["ITO"]
        assert rebuilds == []

    def test_site_save_without_segments_keeps_them(self, declared, world, cities, rebuilds):
        declared.city = cities["rabat"]

        sites.site_save(site=declared)

        assert rebuilds == [({world.atlas.pk}, {"Casanearshore 1": ["BPO", "ITO"]})]
        assert scope_cities() == IN_RABAT
