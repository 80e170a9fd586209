"""The operator filter of /commitments/: a text box that suggests every operator's name from a
<datalist>, with no JavaScript. The parameter takes the operator's slug (the public contract)
or its exact name in any case; anything else is a form error naming the parameter."""

import re

import pytest

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
