"""The operator filter of /commitments/: a text box that suggests every operator's name from a
<datalist>, with no JavaScript, up to NamesInput.listed operators; beyond, the names that hold
what is typed, from /commitments/operators.json (memoranda.suggestions). The parameter takes
the operator's slug (the public contract) or its exact name in any case; anything else is a
form error naming the parameter."""

import re

import pytest

from memoranda.filters import NamesInput
from memoranda.suggestions import SUGGESTED
from operators.models import Operator


def get(client, query: str):
    response = client.get(f"/en/commitments/?{query}")
    assert response.status_code == 200
    return response


def listed(client, query: str) -> list[int]:
    return sorted(c.jobs_committed for c in get(client, query).context["commitments"])


def operator_field(response) -> str:
    content = response.content.decode()
    return re.search(r'<label for="id_operator".*?</div>', content, re.S).group(0)


@pytest.mark.parametrize(
    "value", ["rif-digital", "Rif Digital", "RIF DIGITAL", "rif digital", "+Rif+Digital+"]
)
def test_operator_takes_its_slug_or_its_exact_name_in_any_case(client, world, value):
    assert listed(client, f"operator={value}") == [50, 300]


def test_the_downloads_take_an_operator_name_too(client, world):
    response = client.get("/commitments/export.json?operator=atlas%20relation")

    assert response.status_code == 200
    assert b'"count": 3' in b"".join(response.streaming_content)


def test_a_slug_wins_over_another_operators_name(client, world):
    # An operator named as another's slug: the slug keeps its meaning.
    Operator.objects.create(name="rif-digital", slug="namesake")

    assert listed(client, "operator=rif-digital") == [50, 300]
    assert listed(client, "operator=namesake") == []


@pytest.mark.parametrize(
    "value",
    ["Rif", "Digital", "rif-digita", "نوكيا", "☎ Rif Digital", "%25", "'; DROP TABLE x;--"],
)
def test_a_partial_or_unknown_name_is_a_form_error_naming_the_parameter(client, world, value):
    response = client.get("/en/commitments/", {"operator": value})

    assert response.status_code == 200
    assert list(response.context["commitments"]) == []
    assert list(response.context["errors"]) == ["operator"]
    assert "No operator has the name or the slug" in response.context["errors"]["operator"][0]
    assert "<code>operator</code>" in response.content.decode()


@pytest.mark.parametrize("character", ["\x00", "\x01", "\t", "\n", "\x1f", "\x7f"])
def test_control_characters_in_an_operator_name_are_a_form_error(client, world, character):
    response = client.get("/en/commitments/", {"operator": f"Rif{character}Digital"})

    assert response.status_code == 200
    assert response.context["errors"] == {
        "operator": ["Control characters are not allowed in this parameter."]
    }


def test_a_name_longer_than_any_is_a_form_error(client, world):
    response = client.get("/en/commitments/", {"operator": "Rif Digital " * 100})

    assert response.status_code == 200
    assert list(response.context["errors"]) == ["operator"]
    assert "too long" in response.context["errors"]["operator"][0]


def test_the_downloads_refuse_an_unknown_operator_naming_the_parameter(client, world):
    response = client.get("/en/commitments/export.csv", {"operator": "Nobody at all"})

    assert response.status_code == 400
    assert response.content.decode().startswith("operator: No operator has")


def test_the_box_suggests_every_operator_by_name(client, world):
    field = operator_field(get(client, ""))

    assert 'list="id_operator_names"' in field
    assert (
        '<datalist id="id_operator_names"><option value="Atlas Relation"></option>'
        '<option value="Rif Digital"></option></datalist>'
    ) in field


def test_the_box_is_labelled_and_described_and_keeps_what_was_typed(client, world):
    field = operator_field(get(client, "operator=Nobody"))

    assert field.startswith('<label for="id_operator">Operator</label>')
    assert 'value="Nobody"' in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_operator_helptext id_operator_error"' in field
    assert "Type an operator&#x27;s name" in field


def test_operator_names_are_escaped_in_the_suggestions(client, world):
    Operator.objects.create(name='<b>"Bold" & Co</b>', slug="bold")

    field = operator_field(get(client, ""))

    assert '<option value="&lt;b&gt;&quot;Bold&quot; &amp; Co&lt;/b&gt;"></option>' in field
    assert listed(client, "operator=%3Cb%3E%22bold%22+%26+co%3C%2Fb%3E") == []
    assert get(client, "operator=%3Cb%3E%22bold%22+%26+co%3C%2Fb%3E").context["errors"] == {}


def test_the_box_suggests_every_operator_by_name_with_no_script_up_to_its_limit(
    client, world, monkeypatch
):
    monkeypatch.setattr(NamesInput, "listed", 2)
    response = get(client, "")
    field = operator_field(response)

    assert "data-suggest" not in field
    assert field.count("<option ") == 2
    assert "js/suggest" in response.content.decode()  # the script, which does nothing here


def test_beyond_its_limit_the_page_carries_no_name_and_the_box_asks_for_them(
    client, world, monkeypatch
):
    monkeypatch.setattr(NamesInput, "listed", 1)
    field = operator_field(get(client, ""))

    assert '<datalist id="id_operator_names"></datalist>' in field
    assert 'data-suggest="/en/commitments/operators.json"' in field


def suggested(client, term: str) -> list[str]:
    response = client.get("/en/commitments/operators.json", {"q": term})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [operator["name"] for operator in response.json()["operators"]]


def test_suggestions_hold_the_typed_text_those_starting_with_it_first(client, world):
    Operator.objects.create(name="Digital Services Généré", slug="digital-services-genere")

    assert suggested(client, "digital") == ["Digital Services Généré", "Rif Digital"]
    assert suggested(client, "RIF") == ["Rif Digital"]
    assert suggested(client, "genere") == ["Digital Services Généré"]  # by the slug, no accent
    assert suggested(client, "nobody") == []
    assert suggested(client, "  ") == []


def test_suggestions_are_few_whatever_the_operators(client, world, django_assert_num_queries):
    Operator.objects.bulk_create(
        Operator(name=f"Operator {number:03}", slug=f"operator-{number:03}") for number in range(50)
    )

    with django_assert_num_queries(1):
        names = suggested(client, "operator")

    assert names == [f"Operator {number:03}" for number in range(SUGGESTED)]


@pytest.mark.parametrize("term", ["x" * 201, "a\x01b", "a\x00b"])
def test_a_bad_text_is_refused_naming_the_parameter(client, world, term):
    response = client.get("/en/commitments/operators.json", {"q": term})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]
