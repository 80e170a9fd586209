"""The filters of /commitments/: one test per parameter against rows worked out by hand from
the world of tests/conftest.py, whose five commitments have distinct job counts:

| jobs | memorandum   | operator       | segment | city       | region            |
| ---- | ------------ | -------------- | ------- | ---------- | ----------------- |
|  400 | ATLAS-2023-1 | Atlas Relation | BPO     | Casablanca | Casablanca-Settat |
|  250 | ATLAS-2023-1 | Atlas Relation | BPO     | Fès        | Fès-Meknès        |
|  100 | ATLAS-2023-1 | Atlas Relation | ITO     | (none)     | (none)            |
|  300 | RIF-2024-1   | Rif Digital    | ITO     | Tanger     | Tanger-Tétouan-…  |
|   50 | RIF-2024-1   | Rif Digital    | KPO     | Casablanca | Casablanca-Settat |

Bad values answer 200 with an error naming the parameter and list no row at all.
"""

import pytest

from tests.totals import headline

PARAMETERS = ["city", "region", "segment", "operator", "memorandum", "status", "q", "ordering"]


def listed(client, query: str) -> list[int]:
    """Jobs committed of the listed rows, in page order."""
    response = client.get(f"/en/commitments/?{query}")
    assert response.status_code == 200
    return [commitment.jobs_committed for commitment in response.context["commitments"]]


def refused(client, query: str):
    response = client.get(f"/en/commitments/?{query}")
    assert response.status_code == 200
    assert list(response.context["commitments"]) == []
    return response


def test_without_filters_it_lists_every_commitment(client, world):
    assert sorted(listed(client, "")) == [50, 100, 250, 300, 400]


def test_city_keeps_the_commitments_in_that_city(client, world):
    assert sorted(listed(client, "city=casablanca")) == [50, 400]


def test_city_unallocated_keeps_the_commitments_without_a_city(client, world):
    assert listed(client, "city=unallocated") == [100]


def test_region_keeps_the_commitments_in_its_cities(client, world):
    assert sorted(listed(client, "region=casablanca-settat")) == [50, 400]
    assert listed(client, "region=fes-meknes") == [250]


def test_segment_accepts_a_lower_case_code(client, world):
    assert sorted(listed(client, "segment=bpo")) == [250, 400]
    assert sorted(listed(client, "segment=Ito")) == [100, 300]


def test_operator_keeps_the_commitments_of_its_memoranda(client, world):
    assert sorted(listed(client, "operator=rif-digital")) == [50, 300]


def test_memorandum_keeps_its_commitments(client, world):
    assert sorted(listed(client, "memorandum=ATLAS-2023-1")) == [100, 250, 400]


def test_status_filters_on_the_computed_status(client, world):
    # No declaration is validated yet: every commitment has no data, none is achieved.
    assert sorted(listed(client, "status=no_data")) == [50, 100, 250, 300, 400]
    assert listed(client, "status=achieved") == []


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("rif", [50, 300]),  # reference and operator name
        ("relation", [100, 250, 400]),  # operator name
        ("Fès", [250]),  # city name
        ("fes", [250]),  # city slug: the accent-free name
        ("kpo", [50]),  # segment code, any case
        ("knowledge", [50]),  # segment name
        ("ATLAS-2023", [100, 250, 400]),  # part of a reference
    ],
)
def test_q_searches_reference_operator_city_and_segment(client, world, search, expected):
    assert sorted(listed(client, f"q={search}")) == expected


def test_filters_combine(client, world):
    assert listed(client, "city=casablanca&segment=kpo") == [50]


def test_ordering_sorts_ascending_and_descending(client, world):
    assert listed(client, "ordering=jobs_committed") == [50, 100, 250, 300, 400]
    assert listed(client, "ordering=-jobs_committed") == [400, 300, 250, 100, 50]


def test_ordering_by_city_puts_unallocated_last_both_ways(client, world):
    # Ties (two rows in Casablanca) fall back to the memorandum reference.
    assert listed(client, "ordering=city") == [400, 50, 250, 300, 100]
    assert listed(client, "ordering=-city") == [300, 250, 400, 50, 100]


def test_ordering_by_operator_then_jobs(client, world):
    assert listed(client, "ordering=-operator,jobs_committed") == [50, 300, 100, 250, 400]


def test_a_valid_filter_matching_nothing_says_so(client, world):
    response = client.get("/en/commitments/?city=agadir")

    assert response.status_code == 200
    assert list(response.context["commitments"]) == []
    assert "No commitment matches these filters." in response.content.decode()


def test_totals_are_those_of_the_filtered_set(client, world):
    response = client.get("/en/commitments/?city=casablanca")

    assert headline(response.context["totals"]) == {
        "count": 2,
        "jobs_committed": 450,
        "jobs_created": None,
    }


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("city", "atlantis"),
        ("region", "nowhere"),
        ("segment", "xyz"),
        ("operator", "nobody"),
        ("memorandum", "NOPE-1"),
        ("status", "finished"),
        ("ordering", "salary"),
        ("ordering", "-salary"),
    ],
)
def test_unknown_value_is_a_form_error_naming_the_parameter(client, world, parameter, value):
    response = refused(client, f"{parameter}={value}")

    assert list(response.context["errors"]) == [parameter]
    assert f"<code>{parameter}</code>" in response.content.decode()
    assert response.context["totals"] is None


def test_an_invalid_filter_lists_nothing_even_beside_a_valid_one(client, world):
    response = refused(client, "segment=bpo&city=atlantis")

    assert "No commitment is listed until every filter is valid." in response.content.decode()


@pytest.mark.parametrize("parameter", [*PARAMETERS, "page"])
def test_control_characters_are_refused_in_every_parameter(client, world, parameter):
    response = refused(client, f"{parameter}=fes%00")

    assert list(response.context["errors"]) == [parameter]


@pytest.mark.parametrize("parameter", [*PARAMETERS, "page"])
def test_very_long_values_are_refused_in_every_parameter(client, world, parameter):
    response = refused(client, f"{parameter}={'9' * 5000}")

    assert list(response.context["errors"]) == [parameter]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_a_malformed_page_number_is_a_message_not_an_error(client, world, page):
    response = refused(client, f"page={page}")

    assert list(response.context["errors"]) == ["page"]
    assert "<code>page</code>" in response.content.decode()


def test_a_page_past_the_end_says_how_many_pages_there_are(client, world):
    response = refused(client, "page=999")

    assert "the list has 1 page(s)" in response.content.decode()
    # The filters are valid: the totals of the selection are still given.
    assert response.context["totals"]["count"] == 5


def test_pagination_links_keep_the_filters(client, world, settings):
    settings.COMMITMENTS_PER_PAGE = 1

    first = client.get("/en/commitments/?segment=bpo")
    second = client.get("/en/commitments/?segment=bpo&page=2")

    assert 'href="?segment=bpo&amp;page=2"' in first.content.decode()
    assert [c.jobs_committed for c in first.context["commitments"]] == [400]
    assert [c.jobs_committed for c in second.context["commitments"]] == [250]


def test_sort_links_keep_the_filters_and_reverse_the_current_order(client, world):
    page = client.get("/en/commitments/?city=casablanca&ordering=jobs_committed&page=1")

    content = page.content.decode()
    assert 'href="?city=casablanca&amp;ordering=-jobs_committed"' in content
    assert 'href="?city=casablanca&amp;ordering=operator"' in content
    assert 'aria-sort="ascending"' in content


def test_export_links_carry_the_same_filters(client, world):
    content = client.get("/en/commitments/?city=casablanca&segment=kpo").content.decode()

    assert 'href="/en/commitments/export.csv?city=casablanca&amp;segment=kpo"' in content
    assert 'href="/en/commitments/export.json?city=casablanca&amp;segment=kpo"' in content


def test_every_control_has_a_label(client, world):
    content = client.get("/en/commitments/").content.decode()

    for parameter in PARAMETERS:
        assert f'<label for="id_{parameter}">' in content
