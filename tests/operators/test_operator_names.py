"""New operator names close to recorded ones: the same company written two ways, warned of."""

import pytest

from operators.names import CloseName, close_names, name_key


@pytest.mark.parametrize(
    ("new", "recorded"),
    [
        ("Webhelp Maroc", "Webhelp"),
        ("WEBHELP", "Webhelp"),
        ("Intelcia Morocco S.A.", "Intelcia"),
        ("Majorel SARL", "majorel sa"),
        ("Sitel-Maroc", "Sitel"),
        ("Société Générale", "Societe generale"),
        ("Atlas", "Atlas Relation"),
        ("Atlas Relation Casablanca", "Atlas Relation"),
    ],
)
def test_names_differing_by_case_accents_punctuation_country_or_form_are_close(new, recorded):
    assert close_names([new], [recorded]) == [CloseName(new=new, recorded=recorded)]


@pytest.mark.parametrize(
    ("new", "recorded"),
    [
        ("Webhelp", "Teleperformance"),
        ("Atlas Relation", "Relation Atlas"),
        ("Atlantic", "Atlas"),
        ("Maroc", "Maroc Telecom"),  # nothing left of a name but a neutral word
    ],
)
def test_other_names_are_not(new, recorded):
    assert close_names([new], [recorded]) == []


def test_new_names_of_one_file_are_compared_with_each_other():
    assert close_names(["Souss Services", "Souss Services SARL"], []) == [
        CloseName(new="Souss Services SARL", recorded="Souss Services")
    ]


def test_the_key_keeps_the_words_that_name_the_company():
    assert name_key("  S.A.R.L. Webhelp-Maroc, Rabat ") == ("webhelp", "rabat")
