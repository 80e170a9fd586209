"""The admin of reference data, operators and sites, as an official uses it."""

import pytest
from django.urls import reverse
from django.utils import translation

from operators.forms import constraint_message
from operators.models import Operator, Site

# Queries of one changelist as an official, the same for 3 and for 30 operators (with the
# device that verified the official's session: second factor).
CHANGELIST_QUERIES = {
    "operators_region": 8,
    "operators_city": 9,
    "operators_segment": 8,
    # No second COUNT of every operator or site (show_full_result_count is off).
    "operators_operator": 9,
    "operators_site": 10,
}


def fr(message):
    with translation.override("fr"):
        return str(message)


def admin_url(model_name, view="changelist", *args):
    return reverse(f"admin:operators_{model_name}_{view}", args=args)


@pytest.fixture
def many_operators(world, cities, segments):
    def build(count):
        for number in range(count):
            operator = Operator.objects.create(
                name=f"Operator {number}", slug=f"operator-{number}", home_city=cities["fes"]
            )
            site = Site.objects.create(operator=operator, name="Fès Shore", city=cities["fes"])
            site.segments.set([segments["BPO"], segments["ITO"]])

    return build


def operator_post(world, cities, **fields):
    return {
        "name": "Oujda Contact",
        "slug": "oujda-contact",
        "group": "",
        "ice": "",
        "home_city": cities["oujda"].pk,
        "website": "",
        "activities": "",
        "sites-TOTAL_FORMS": "0",
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "0",
        "sites-MAX_NUM_FORMS": "1000",
        **fields,
    }


class TestPagesRenderForOfficials:
    @pytest.mark.parametrize("model_name", ["region", "city", "segment", "operator", "site"])
    def test_it_shows_changelist(self, official_client, world, model_name):
        response = official_client.get(admin_url(model_name))

        assert response.status_code == 200
        assert response.context["cl"].result_count > 0

    @pytest.mark.parametrize("model_name", ["city", "segment", "operator", "site"])
    def test_it_shows_add_page(self, official_client, world, model_name):
        response = official_client.get(admin_url(model_name, "add"))

        assert response.status_code == 200
        assert response.context["add"] is True

    def test_officials_translate_regions_but_neither_add_nor_rename_them(
        self, official_client, cities
    ):
        region = cities["fes"].region

        response = official_client.get(admin_url("region", "change", region.pk))
        add = official_client.get(admin_url("region", "add"))

        assert response.status_code == 200
        assert response.context["has_change_permission"] is True
        fields = response.context["adminform"].form.fields
        assert {"name_ar", "name_en"} <= set(fields)
        assert not {"name", "slug"} & set(fields)
        assert add.status_code == 403

    def test_it_shows_city_and_segment_change_pages(self, official_client, cities, segments):
        city = official_client.get(admin_url("city", "change", cities["fes"].pk))
        segment = official_client.get(admin_url("segment", "change", segments["KPO"].pk))

        assert city.context["adminform"].form.initial["name"] == "Fès"
        assert segment.context["adminform"].form.initial["code"] == "KPO"

    def test_it_shows_operator_with_its_sites_inline(self, official_client, world):
        response = official_client.get(admin_url("operator", "change", world.atlas.pk))

        assert response.status_code == 200
        # The sites inline among others (the portal's operator admin adds the claims of sources).
        [sites] = [i for i in response.context["inline_admin_formsets"] if i.opts.model is Site]
        assert [form.instance.name for form in sites.formset.initial_forms] == ["Casanearshore 1"]

    def test_it_shows_site_change_page(self, official_client, world):
        site = world.atlas.sites.get()

        response = official_client.get(admin_url("site", "change", site.pk))

        assert response.context["adminform"].form.initial["name"] == "Casanearshore 1"


class TestComputedColumns:
    def test_operator_list_counts_memoranda_and_jobs(self, official_client, world):
        response = official_client.get(admin_url("operator"))

        columns = {
            operator.name: (operator.memoranda_count, operator.jobs_committed)
            for operator in response.context["cl"].result_list
        }
        assert columns == {"Atlas Relation": (1, 750), "Rif Digital": (1, 350)}

    def test_operator_list_says_which_operators_are_set_up_for_reporting(
        self, official_client, world
    ):
        response = official_client.get(admin_url("operator"))

        columns = {
            operator.name: operator.set_up_for_reporting
            for operator in response.context["cl"].result_list
        }
        # Rif Digital has commitments and no site: it cannot declare yet.
        assert columns == {"Atlas Relation": True, "Rif Digital": False}
        assert "Configuré pour les déclarations" in response.content.decode()

    def test_city_list_sums_commitments_in_each_city(self, official_client, world):
        response = official_client.get(admin_url("city"))

        columns = {
            city.slug: (city.commitments_count, city.jobs_committed)
            for city in response.context["cl"].result_list
        }
        assert columns["casablanca"] == (2, 450)
        assert columns["fes"] == (1, 250)
        assert columns["tanger"] == (1, 300)
        assert columns["rabat"] == (0, 0)

    def test_region_list_sums_commitments_of_its_cities(self, official_client, world, cities):
        response = official_client.get(admin_url("region"))

        columns = {
            region.slug: (region.cities_count, region.jobs_committed)
            for region in response.context["cl"].result_list
        }
        # Casablanca-Settat holds Casablanca and El Jadida; the unallocated 100 jobs count nowhere.
        assert columns["casablanca-settat"] == (2, 450)
        assert columns["fes-meknes"] == (2, 250)

    def test_segment_list_sums_commitments_of_each_segment(self, official_client, world):
        response = official_client.get(admin_url("segment"))

        columns = {
            segment.code: segment.jobs_committed for segment in response.context["cl"].result_list
        }
        assert columns == {"BPO": 650, "ESO": 0, "ITO": 400, "KPO": 50}


class TestChangelistFilters:
    def test_operator_filter_by_home_region(self, official_client, world, cities):
        response = official_client.get(
            admin_url("operator"), {"home_city__region__id__exact": cities["casablanca"].region_id}
        )

        assert [o.name for o in response.context["cl"].result_list] == ["Atlas Relation"]

    @pytest.mark.parametrize(
        ("value", "names"), [("no", ["Rif Digital"]), ("yes", ["Atlas Relation"])]
    )
    def test_operator_filter_by_set_up_for_reporting(self, official_client, world, value, names):
        response = official_client.get(admin_url("operator"), {"set_up": value})

        assert [o.name for o in response.context["cl"].result_list] == names

    def test_operator_search_by_ice(self, official_client, world):
        response = official_client.get(admin_url("operator"), {"q": "001234567000089"})

        assert [o.name for o in response.context["cl"].result_list] == ["Rif Digital"]

    def test_city_filter_by_region(self, official_client, cities):
        response = official_client.get(
            admin_url("city"), {"region__id__exact": cities["fes"].region_id}
        )

        assert sorted(c.slug for c in response.context["cl"].result_list) == ["fes", "meknes"]

    def test_site_filter_by_segment_lists_each_site_once(
        self, official_client, many_operators, segments
    ):
        many_operators(2)

        response = official_client.get(
            admin_url("site"), {"segments__id__in": f"{segments['BPO'].pk},{segments['ITO'].pk}"}
        )

        assert response.context["cl"].result_count == 2


class TestChangelistQueries:
    @pytest.mark.parametrize("count", [3, 30])
    @pytest.mark.parametrize("model", sorted(CHANGELIST_QUERIES))
    def test_changelist_queries_do_not_grow_with_rows(
        self, official_client, many_operators, django_assert_max_num_queries, model, count
    ):
        many_operators(count)

        with django_assert_max_num_queries(CHANGELIST_QUERIES[model]) as captured:
            response = official_client.get(reverse(f"admin:{model}_changelist"))

        assert response.status_code == 200
        assert len(captured.captured_queries) == CHANGELIST_QUERIES[model]


class TestOperatorForm:
    def test_it_creates_operator_with_a_site(self, official_client, world, cities, segments):
        data = operator_post(
            world,
            cities,
            **{
                "sites-TOTAL_FORMS": "1",
                "sites-0-name": "Oujda Shore",
                "sites-0-city": cities["oujda"].pk,
                "sites-0-segments": [segments["BPO"].pk, segments["KPO"].pk],
            },
        )

        response = official_client.post(admin_url("operator", "add"), data)

        assert response.status_code == 302
        site = Site.objects.get(operator__slug="oujda-contact")
        assert sorted(site.segments.values_list("code", flat=True)) == ["BPO", "KPO"]

    @pytest.mark.parametrize(
        ("fields", "field", "constraint"),
        [
            ({"ice": "12345"}, "ice", "operator_ice_fifteen_digits"),
            ({"ice": "001234567000089"}, "ice", "operator_ice_unique"),
            ({"name": "ATLAS relation"}, "name", "operator_name_unique_ignoring_case"),
        ],
        ids=["ice-too-short", "ice-taken", "name-taken"],
    )
    def test_it_rejects_bad_operator_on_the_field(
        self, official_client, world, cities, fields, field, constraint
    ):
        data = operator_post(world, cities, **fields)

        response = official_client.post(admin_url("operator", "add"), data)

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors[field]
        assert fr(constraint_message(Operator, constraint)) in errors
        assert not Operator.objects.filter(slug="oujda-contact").exists()

    def test_it_rejects_two_sites_with_one_name(self, official_client, world, cities):
        site = world.atlas.sites.get()

        response = official_client.post(
            admin_url("site", "add"),
            {"operator": world.atlas.pk, "name": site.name, "city": cities["rabat"].pk},
        )

        message = constraint_message(Site, "site_name_unique_per_operator")
        assert fr(message) in response.context["adminform"].form.errors["name"]
        assert world.atlas.sites.count() == 1


class TestCitySearch:
    """Typing a city's name picks that city first, before the cities of a region named alike
    (Rabat, not Kénitra of Rabat-Salé-Kénitra)."""

    def autocomplete(self, client, term):
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "term": term,
                "app_label": "memoranda",
                "model_name": "commitment",
                "field_name": "city",
            },
        )
        assert response.status_code == 200
        return [result["text"] for result in response.json()["results"]]

    def test_the_city_named_so_comes_before_its_regions_other_cities(self, official_client):
        names = self.autocomplete(official_client, "Rabat")

        assert names[0] == "Rabat"
        assert "Kénitra" in names[1:]

    def test_a_prefix_of_the_name_comes_before_region_matches(self, official_client):
        names = self.autocomplete(official_client, "tan")

        assert names[0] == "Tanger"

    def test_a_name_typed_without_its_accent_matches_by_slug_first(self, official_client):
        assert self.autocomplete(official_client, "fes")[0] == "Fès"

    def test_the_changelist_search_ranks_the_same_way(self, official_client):
        response = official_client.get(admin_url("city"), {"q": "rabat"})

        rows = response.context["cl"].result_list
        assert rows[0].name == "Rabat"
        assert "Kénitra" in [city.name for city in rows[1:]]
