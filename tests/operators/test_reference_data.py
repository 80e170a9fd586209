"""Reference data that migrations create in every database."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from operators.models import City, Region, Segment
from operators.querysets import fold

pytestmark = pytest.mark.django_db


def test_the_twelve_regions_exist():
    assert Region.objects.count() == 12


@pytest.mark.parametrize(
    ("slug", "name", "region"),
    [
        ("fes", "Fès", "Fès-Meknès"),
        ("tanger", "Tanger", "Tanger-Tétouan-Al Hoceïma"),
        ("casablanca", "Casablanca", "Casablanca-Settat"),
        ("rabat", "Rabat", "Rabat-Salé-Kénitra"),
        ("agadir", "Agadir", "Souss-Massa"),
        ("tetouan", "Tétouan", "Tanger-Tétouan-Al Hoceïma"),
        ("laayoune", "Laâyoune", "Laâyoune-Sakia El Hamra"),
    ],
)
def test_cities_of_the_facts_sheet_have_their_slug_and_region(slug, name, region):
    city = City.objects.get(slug=slug)
    assert (city.name, city.region.name) == (name, region)


def test_every_city_of_the_facts_sheet_is_seeded():
    assert City.objects.count() == 14


def test_the_four_segments_exist_with_their_definition():
    segments = Segment.objects.by_code()
    assert sorted(segments) == ["BPO", "ESO", "ITO", "KPO"]
    assert "ingénierie" in segments["ESO"].description.lower()
    assert "engineering" in segments["ESO"].description_en.lower()
    assert "الهندسة" in segments["ESO"].description_ar


def test_every_region_city_and_segment_is_named_in_arabic_and_english():
    for model in (Region, City, Segment):
        assert not model.objects.filter(name_ar="").exists()
        assert not model.objects.filter(name_en="").exists()


@pytest.mark.parametrize(
    ("model", "key", "french", "arabic", "english"),
    [
        (City, {"slug": "fes"}, "Fès", "فاس", "Fez"),
        (City, {"slug": "tanger"}, "Tanger", "طنجة", "Tangier"),
        (City, {"slug": "casablanca"}, "Casablanca", "الدار البيضاء", "Casablanca"),
        (Region, {"slug": "souss-massa"}, "Souss-Massa", "سوس-ماسة", "Souss-Massa"),
        (Region, {"slug": "oriental"}, "Oriental", "الشرق", "Oriental"),
        (
            Segment,
            {"code": "BPO"},
            "Externalisation des processus métier",
            "تعهيد عمليات الأعمال",
            "Business process outsourcing",
        ),
    ],
)
def test_the_local_name_follows_the_active_language(model, key, french, arabic, english):
    item = model.objects.get(**key)
    names = {}
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            names[language] = item.local_name

    assert names == {"fr": french, "ar": arabic, "en": english}
    assert item.name == french


def test_an_empty_translation_falls_back_to_the_french_name():
    city = City.objects.get(slug="meknes")
    city.name_ar = ""
    city.save()

    with translation.override("ar"):
        assert city.local_name == "Meknès"


@pytest.mark.parametrize("text", ["Fès", "FES", "fes", " Fes ", "FÈS"])
def test_city_names_fold_ignoring_case_and_accents(text):
    assert City.objects.by_folded_name()[fold(text)].slug == "fes"


def test_the_officials_group_can_manage_memoranda_but_not_users():
    codenames = set(
        Group.objects.get(name="Officials").permissions.values_list("codename", flat=True)
    )
    assert {"add_memorandum", "change_commitment", "delete_site", "view_region"} <= codenames
    assert "add_region" not in codenames
    assert not any(name.endswith("_user") or name.endswith("_group") for name in codenames)
