"""The public pages: each renders in French, Arabic and English, says what is unknown, answers
404 for what does not exist, and runs a fixed number of queries whatever its rows."""

import pytest

from tests.memoranda.public_world import add_rows

LANGUAGES = [("", "fr", "ltr"), ("/ar", "ar", "rtl"), ("/en", "en", "ltr")]

# Each page, and a text it must show for the world of tests/conftest.py.
PAGES = [
    ("/", "Offshoring 2023"),
    ("/commitments/", "ATLAS-2023-1"),
    ("/memoranda/ATLAS-2023-1/", "Atlas Relation"),
    ("/signings/offshoring-2023/", "ATLAS-2023-1"),
    ("/operators/atlas-relation/", "Casanearshore 1"),
    ("/cities/tanger/", "RIF-2024-1"),
    ("/segments/KPO/", "RIF-2024-1"),
    ("/glossary/", "KPO"),
]


@pytest.fixture
def many_rows(world, cities, segments):
    add_rows(world, cities, segments)
    return world


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("prefix", "language", "direction"), LANGUAGES)
@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_every_page_renders_in_each_language(
    client, world, prefix, language, direction, path, expected
):
    response = client.get(prefix + path)

    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in text(response)
    assert expected in text(response)


def test_home_shows_headline_figures_and_unknown_jobs_created(client, world):
    response = client.get("/en/")

    totals = response.context["totals"]
    assert (totals["count"], totals["jobs_committed"], totals["jobs_created"]) == (5, 1100, None)
    assert (totals["measured"], totals["measured_jobs_committed"]) == (0, None)
    assert response.context["counts"] == {"memoranda": 2, "operators": 2}
    assert "1,100" in text(response)
    # Unknown for either reason, so the headline says what would make it known.
    assert "</span> not known yet</span>" in text(response)
    assert "validated a declaration in its scope and its baseline headcount" in text(response)


def test_home_lists_jobs_by_city_with_a_not_yet_allocated_row(client, world):
    response = client.get("/en/")

    by_city = {row["city__slug"]: row["jobs_committed"] for row in response.context["by_city"]}
    assert by_city == {"casablanca": 450, "fes": 250, "tanger": 300, None: 100}
    assert "Not yet allocated" in text(response)


def test_home_lists_jobs_by_segment(client, world):
    response = client.get("/en/")

    by_segment = {
        row["segment__code"]: row["jobs_committed"] for row in response.context["by_segment"]
    }
    assert by_segment == {"BPO": 650, "ITO": 400, "KPO": 50}


def test_home_shows_announced_figures_beside_recorded_ones_with_the_source(client, world):
    response = client.get("/en/")

    signing = response.context["signings"][0]
    assert (signing.announced_jobs, signing.jobs_committed, signing.memoranda_count) == (
        1200,
        750,
        1,
    )
    assert "1,200" in text(response)
    assert "10,000,000" in text(response)
    assert "Communiqué" in text(response)


def test_home_labels_sector_context_with_its_years(client, world):
    page = text(client.get("/en/"))

    assert "more than 120,000" in page
    assert "(2022)" in page
    assert "(2021)" in page


def test_language_switcher_keeps_the_query_string(client, world):
    page = text(client.get("/en/commitments/?city=casablanca&segment=bpo"))

    assert 'action="/i18n/setlang/"' in page
    assert 'name="next" type="hidden" value="/commitments/?city=casablanca&amp;segment=bpo"' in page


def test_language_switcher_leads_to_the_same_filtered_list_in_arabic(client, world):
    page = text(client.get("/en/commitments/?city=casablanca"))
    next_path = page.split('name="next" type="hidden" value="')[1].split('"')[0]

    response = client.post("/i18n/setlang/", {"language": "ar", "next": next_path})

    assert response.status_code == 302
    assert response["Location"] == "/ar/commitments/?city=casablanca"


def test_memorandum_page_shows_its_commitments_totals_and_list_link(client, world):
    response = client.get("/en/memoranda/ATLAS-2023-1/")

    assert response.context["totals"]["jobs_committed"] == 750
    assert [c.jobs_committed for c in response.context["commitments"]] == [400, 250, 100]
    assert "not yet allocated" in text(response)
    assert "/en/commitments/?memorandum=ATLAS-2023-1" in text(response)


def test_signing_page_lists_its_memoranda_only(client, world):
    response = client.get("/en/signings/offshoring-2023/")

    assert [m.reference for m in response.context["memoranda"]] == ["ATLAS-2023-1"]
    assert "RIF-2024-1" not in text(response)


def test_operator_page_shows_memoranda_sites_and_home_city(client, world):
    response = client.get("/en/operators/rif-digital/")

    assert response.context["totals"]["jobs_committed"] == 350
    assert "No site is recorded for this operator." in text(response)
    assert "/en/commitments/?operator=rif-digital" in text(response)
    page = text(client.get("/en/operators/atlas-relation/"))
    assert "Casanearshore 1" in page
    assert 'href="/en/cities/casablanca/"' in page


def test_city_page_shows_only_commitments_in_the_city(client, world):
    response = client.get("/en/cities/casablanca/")

    assert sorted(c.jobs_committed for c in response.context["commitments"]) == [50, 400]
    assert "/en/commitments/?city=casablanca" in text(response)


def test_segment_page_shows_definition_and_commitments(client, world):
    response = client.get("/en/segments/ITO/")

    assert "Information and communication technology trades." in text(response)
    assert sorted(c.jobs_committed for c in response.context["commitments"]) == [100, 300]
    assert "/en/commitments/?segment=ITO" in text(response)


@pytest.mark.parametrize(
    ("path", "location"),
    [("/segments/bpo/", "/segments/BPO/"), ("/ar/segments/Kpo/", "/ar/segments/KPO/")],
)
def test_segment_code_in_any_case_redirects_to_upper_case(client, world, path, location):
    response = client.get(path)

    assert response.status_code == 301
    assert response["Location"] == location


@pytest.mark.parametrize(
    "path",
    [
        "/memoranda/NOPE-1/",
        "/memoranda/%00/",
        "/signings/nope/",
        "/operators/nope/",
        "/cities/atlantis/",
        "/segments/XYZ/",
        "/segments/bp%00/",
        "/en/memoranda/NOPE-1/",
    ],
)
def test_unknown_objects_answer_404(client, world, path):
    assert client.get(path).status_code == 404


def test_unknown_values_are_shown_as_unknown_never_as_zero(client, world):
    response = client.get("/en/commitments/?memorandum=ATLAS-2023-1&city=unallocated")

    page = text(response)
    assert "not yet allocated" in page
    assert '<span class="unknown"><span aria-hidden="true">—</span> unknown</span>' in page
    assert "no validated declaration yet" in page


def test_pages_cite_that_figures_are_never_invented(client, world):
    assert "Figures are never invented" in text(client.get("/en/"))


# Queries per page: the same with 5 commitments as with 60. Two of those of the home and
# detail pages say when their figures last changed (memoranda.last_changed).
QUERY_COUNTS = [
    # Two for jobs over time, two for the completeness funnel, five for the operators and
    # their reporting records, one for the signings' sources, one for the programmes.
    ("/", 18),
    # One of them lists the operators' names that the operator box suggests; two read the
    # page, its keys then its rows (memoranda.paging).
    ("/commitments/", 8),
    # One look-up per filter value given; an operator's slug or name is one look-up.
    ("/commitments/?city=casablanca&segment=bpo&ordering=-jobs_committed", 10),
    ("/commitments/?operator=rif-digital", 9),
    ("/commitments/?operator=RIF+DIGITAL", 9),
    # The memorandum, its commitments and their totals, its corrections, the claims of its
    # sources.
    ("/memoranda/ATLAS-2023-1/", 7),
    # The signing, its memoranda, their totals, the completeness funnel, its sources' claims.
    ("/signings/offshoring-2023/", 7),
    # Three of them build the reporting record: sites, memoranda, declarations; one lists its
    # corrections, one its sources' claims.
    ("/operators/atlas-relation/", 13),
    # The totals from the stored sums, and a count of the withdrawn commitments listed.
    ("/cities/casablanca/", 6),
    ("/segments/BPO/", 6),
    ("/regions/casablanca-settat/", 7),
    # The segments it describes.
    ("/glossary/", 1),
]


@pytest.mark.parametrize("rows", ["world", "many_rows"])
@pytest.mark.parametrize(("path", "queries"), QUERY_COUNTS)
def test_page_query_count_does_not_grow_with_rows(
    client, db, request, django_assert_num_queries, rows, path, queries
):
    # `db` named here, not only through the fixture fetched below: pytest-django orders tests
    # by the fixtures they name, and one fetched late runs after the transactional tests, whose
    # teardown leaves SQLite's in-memory test database without its tables.
    request.getfixturevalue(rows)

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert response.status_code == 200


def test_many_rows_fixture_really_adds_rows(client, many_rows):
    response = client.get("/en/commitments/")

    assert response.context["totals"]["count"] == 60
    assert len(response.context["commitments"]) == 50
