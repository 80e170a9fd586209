"""The portal in French, Arabic and English: reference names in the visitor's language, the
switcher keeping the page and its filters, numbers and dates written the language's way, the
error pages and the admin."""

import html
import re

import pytest
from django.template import loader
from django.utils import translation

from memoranda import views
from operators.models import City, OperatorMembership, Region
from operators.services import declaration_save_draft
from tests.memoranda.public_world import add_rows


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def next_of(page: str) -> str:
    """The `next` the language switcher posts, as a browser reads it from the page."""
    return html.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', page)[1])


def switch(client, page: str, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": next_of(page)})


# --- Reference names -------------------------------------------------------------------------


def test_it_shows_city_region_and_segment_names_in_arabic_on_the_list(client, world):
    page = text(client.get("/ar/commitments/"))

    assert "الدار البيضاء" in page  # Casablanca, in the table and the city drop-down
    assert "الدار البيضاء-سطات" in page  # its region
    assert '<option value="fes">فاس</option>' in page
    assert '<option value="souss-massa">سوس-ماسة</option>' in page
    assert "Fès" not in page


def test_it_shows_city_names_in_english_on_the_list(client, world):
    page = text(client.get("/en/commitments/"))

    assert '<option value="fes">Fez</option>' in page
    assert '<option value="tanger">Tangier</option>' in page
    assert ">Tangier</a>" in page
    assert "Fez-Meknes" in page


def test_it_keeps_the_french_names_at_the_unprefixed_urls(client, world):
    page = text(client.get("/commitments/"))

    assert '<option value="fes">Fès</option>' in page
    assert "Fès-Meknès" in page
    assert "فاس" not in page


def test_it_shows_city_and_segment_names_in_arabic_on_the_home_page(client, world):
    page = text(client.get("/ar/"))

    assert '<a href="/ar/cities/fes/">فاس</a>' in page
    assert '<abbr title="تعهيد عمليات الأعمال">BPO</abbr>' in page


def test_it_shows_segment_names_in_english_on_the_home_page(client, world):
    page = text(client.get("/en/"))

    assert '<abbr title="Business process outsourcing">BPO</abbr>' in page
    assert '<a href="/en/cities/tanger/">Tangier</a>' in page


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/ar/cities/fes/", ["<h1>فاس</h1>", "فاس-مكناس"]),
        ("/en/cities/fes/", ["<h1>Fez</h1>", "Fez-Meknes"]),
        ("/cities/fes/", ["<h1>Fès</h1>", "Fès-Meknès"]),
        ("/ar/segments/ESO/", ["تعهيد خدمات الهندسة", "الهندسة والبحث والتطوير."]),
        ("/en/segments/ESO/", ["Engineering services outsourcing", "research and development"]),
        ("/segments/ESO/", ["Externalisation des services d’ingénierie", "L’ingénierie"]),
        ("/ar/operators/atlas-relation/", ["الدار البيضاء"]),
        ("/en/signings/offshoring-2023/", ["Rabat"]),
    ],
)
def test_detail_pages_name_places_and_segments_in_the_page_language(client, world, path, names):
    page = text(client.get(path))

    for name in names:
        assert name in page


def test_an_empty_translation_shows_the_french_name(client, world):
    City.objects.filter(slug="fes").update(name_en="")

    page = text(client.get("/en/"))

    assert '<a href="/en/cities/fes/">Fès</a>' in page


def test_the_search_finds_a_city_by_its_arabic_or_english_name(client, world):
    arabic = client.get("/ar/commitments/", {"q": "طنجة"})
    english = client.get("/en/commitments/", {"q": "Tangier"})

    assert [c.city.slug for c in arabic.context["commitments"]] == ["tanger"]
    assert [c.city.slug for c in english.context["commitments"]] == ["tanger"]


@pytest.fixture
def atlas_member(django_user_model, world, segments):
    """Atlas's reporting manager; Atlas's site serves BPO."""
    world.atlas.sites.get().segments.set([segments["BPO"]])
    user = django_user_model.objects.create_user(username="salma")
    OperatorMembership.objects.create(user=user, operator=world.atlas)
    return user


def test_the_operator_space_names_cities_and_segments_in_arabic(client, world, atlas_member):
    site = world.atlas.sites.get()
    client.force_login(atlas_member)

    calendar = text(client.get("/ar/space/"))
    declaration = text(client.get(f"/ar/space/sites/{site.pk}/2023/q2/"))

    assert "(الدار البيضاء)" in calendar
    assert "(الدار البيضاء)" in declaration
    assert "تعهيد عمليات الأعمال" in declaration


# --- The language switcher -------------------------------------------------------------------

FILTERED = "/commitments/?city=casablanca&segment=BPO&ordering=-jobs_committed&page=2"


@pytest.mark.parametrize(
    ("start", "language", "destination"),
    [
        (FILTERED, "ar", "/ar" + FILTERED),
        ("/en" + FILTERED, "ar", "/ar" + FILTERED),
        ("/ar" + FILTERED, "fr", FILTERED),
        ("/ar" + FILTERED, "en", "/en" + FILTERED),
        ("/en/cities/fes/", "ar", "/ar/cities/fes/"),
        ("/ar/memoranda/ATLAS-2023-1/", "fr", "/memoranda/ATLAS-2023-1/"),
    ],
)
def test_switching_language_keeps_the_page_its_filters_and_its_page_number(
    client, world, cities, segments, start, language, destination
):
    add_rows(world, cities, segments)  # enough Casablanca BPO rows for a second page
    page = text(client.get(start))

    response = switch(client, page, language)

    assert response.status_code == 302
    assert response["Location"] == destination
    assert text(client.get(destination))


def test_the_switched_page_shows_the_same_rows_in_the_new_language(client, world, settings):
    settings.COMMITMENTS_PER_PAGE = 1
    french = client.get("/commitments/?city=casablanca&page=2")

    response = switch(client, text(french), "en")
    english = client.get(response["Location"])

    assert [c.pk for c in english.context["commitments"]] == [
        c.pk for c in french.context["commitments"]
    ]
    assert "Page 2 of 2" in text(english)


# --- Numbers and dates -----------------------------------------------------------------------

# The world's signing is dated 15 March 2023; its commitments total 1,100 jobs and its
# memoranda run to 2026 and 2027.
FORMATS = [
    ("", "1\xa0100", "15 mars 2023", "15/03/2023", "10\xa0000\xa0000"),
    ("/ar", "1.100", "15 مارس 2023", "15/03/2023", "10.000.000"),
    ("/en", "1,100", "15 March 2023", "15 Mar 2023", "10,000,000"),
]


@pytest.mark.parametrize(("prefix", "total", "date", "short_date", "budget"), FORMATS)
def test_numbers_and_dates_are_written_the_way_of_each_language(
    client, world, prefix, total, date, short_date, budget
):
    home = text(client.get(prefix + "/"))
    commitments = text(client.get(prefix + "/commitments/"))

    assert f"<dd>{total}</dd>" in home
    assert f">{budget}</td>" in home  # the signing's announced budget
    assert f'<time datetime="2023-03-15">{date}</time>' in home
    assert f'<time datetime="2023-03-15">{short_date}</time>' in commitments


GROUPED_YEAR = re.compile(r"\b2(?:\xa0| |\.|,)0[0-9]{2}\b")


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/commitments/",
        "/memoranda/ATLAS-2023-1/",
        "/signings/offshoring-2023/",
        "/operators/atlas-relation/",
    ],
)
def test_years_are_never_grouped_like_quantities(client, world, prefix, path):
    page = text(client.get(prefix + path))

    assert GROUPED_YEAR.findall(page) == []


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_the_admin_shows_years_ungrouped(official_client, world, prefix):
    page = text(official_client.get(prefix + "/admin/memoranda/memorandum/"))

    assert GROUPED_YEAR.findall(page) == []
    assert ">2026<" in page


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_the_declaration_form_keeps_raw_numbers_in_its_inputs(
    client, world, segments, atlas_member, prefix
):
    site = world.atlas.sites.get()
    declaration_save_draft(
        site=site,
        year=2023,
        quarter=2,
        lines={segments["BPO"]: (12_500, 9_000, 6_000)},
        comment="",
        user=atlas_member,
    )
    client.force_login(atlas_member)

    page = text(client.get(f"{prefix}/space/sites/{site.pk}/2023/q2/"))

    assert 'value="12500"' in page
    assert GROUPED_YEAR.findall(page) == []


# --- Error pages -----------------------------------------------------------------------------


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("prefix", "language", "direction", "title"),
    [
        ("", "fr", "ltr", "Page introuvable"),
        ("/ar", "ar", "rtl", "الصفحة غير موجودة"),
        ("/en", "en", "ltr", "Page not found"),
    ],
)
def test_a_missing_page_answers_404_in_the_page_language(
    client, db, production, prefix, language, direction, title
):
    response = client.get(prefix + "/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert f"<h1>{title}</h1>" in page
    assert 'class="site-header"' in page


def test_a_missing_object_answers_the_same_404_page(client, db, production):
    response = client.get("/en/cities/atlantis/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "Accès refusé"), ("/ar", "الدخول مرفوض"), ("/en", "Access denied")],
)
def test_a_forbidden_page_answers_403_in_the_page_language(
    official_client, production, prefix, title
):
    # Officials may view regions but not add them.
    response = official_client.get(prefix + "/admin/operators/region/add/")

    assert response.status_code == 403
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "Requête incorrecte"), ("/ar", "طلب غير صالح"), ("/en", "Bad request")],
)
def test_a_bad_request_answers_400_in_the_page_language(client, db, production, prefix, title):
    response = client.get(prefix + "/", headers={"host": "attacker.example"})

    assert response.status_code == 400
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "language", "direction", "title"),
    [
        ("", "fr", "ltr", "Erreur du serveur"),
        ("/ar", "ar", "rtl", "خطأ في الخادم"),
        ("/en", "en", "ltr", "Server error"),
    ],
)
def test_a_server_error_answers_500_in_the_page_language(
    client, db, production, monkeypatch, prefix, language, direction, title
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False

    response = client.get(prefix + "/")

    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert f"<h1>{title}</h1>" in page
    assert "the database went away" not in page


def test_the_500_page_renders_without_a_request_or_context(db):
    with translation.override("ar"):
        page = loader.get_template("500.html").render()

    assert '<html lang="ar" dir="rtl">' in page
    assert 'href="/en/"' in page  # the other languages' home pages
    assert 'href="/"' in page


# --- The admin -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "language", "direction", "expected"),
    [
        # The apps' names and the portal's, which the admin is named after.
        ("/ar", "ar", "rtl", ["مذكرات التفاهم والالتزامات", "مرصد التزامات إحداث مناصب الشغل"]),
        ("/en", "en", "ltr", ["Memoranda and commitments", "Job commitments monitor"]),
    ],
)
def test_the_admin_index_works_in_arabic_and_english(
    official_client, world, prefix, language, direction, expected
):
    page = text(official_client.get(prefix + "/admin/"))

    assert f'<html lang="{language}" dir="{direction}"' in page
    for phrase in expected:
        assert phrase in page


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        # Officials' records keep the French reference names, in every language.
        ("/ar", ["مناصب الشغل الملتزم بها", "ATLAS-2023-1", "Fès"]),
        ("/en", ["Jobs committed", "ATLAS-2023-1", "Fès"]),
    ],
)
def test_the_commitment_changelist_works_in_arabic_and_english(
    official_client, world, prefix, expected
):
    page = text(official_client.get(prefix + "/admin/memoranda/commitment/"))

    for phrase in expected:
        assert phrase in page


def test_officials_edit_the_translations_of_a_city(official_client):
    client = official_client
    city = City.objects.get(slug="oujda")

    page = text(client.get(f"/en/admin/operators/city/{city.pk}/change/"))
    response = client.post(
        f"/en/admin/operators/city/{city.pk}/change/",
        {
            "name": "Oujda",
            "name_ar": "وجدة",
            "name_en": "Oujda (Eastern Morocco)",
            "slug": "oujda",
            "region": city.region_id,
        },
    )

    assert 'name="name_ar"' in page and 'name="name_en"' in page
    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.name, city.name_en) == ("Oujda", "Oujda (Eastern Morocco)")


def test_officials_translate_a_region_but_cannot_rename_it(official_client):
    region = Region.objects.get(slug="oriental")
    url = f"/admin/operators/region/{region.pk}/change/"

    response = official_client.post(
        url, {"name": "Renamed", "slug": "renamed", "name_ar": "جهة الشرق", "name_en": "East"}
    )

    assert response.status_code == 302
    region.refresh_from_db()
    assert (region.name, region.slug) == ("Oriental", "oriental")
    assert (region.name_ar, region.name_en) == ("جهة الشرق", "East")


def test_officials_edit_segment_translations_in_the_admin(official_client):
    page = text(official_client.get("/en/admin/operators/segment/add/"))

    for field in ("name_ar", "name_en", "description_ar", "description_en"):
        assert f'name="{field}"' in page


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("", "Observatoire des engagements d’emploi"),
        ("/ar", "مرصد التزامات إحداث مناصب الشغل"),
        ("/en", "Job commitments monitor"),
    ],
)
def test_the_admin_is_named_after_the_portal_in_each_language(official_client, prefix, name):
    page = official_client.get(f"{prefix}/admin/").content.decode()

    assert "Django" not in page
    assert name in page
