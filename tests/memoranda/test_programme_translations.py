"""Every French content text of the programme has an English and an Arabic translation."""

import re

import pytest

from memoranda import founding_data, programme_data
from memoranda import programme_translations as translations

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
SIGNING_FIELDS = ("title", "place", "presided_by", "notes")
PROGRAMME_FIELDS = ("title", "description")


def signing_slugs():
    return [founding_data.SIGNING["slug"]] + [s.slug for s in programme_data.SIGNINGS]


def operator_slugs():
    return [m[1] for m in founding_data.MEMORANDA] + [o.slug for o in programme_data.OPERATORS]


def programme_slugs():
    return [p["slug"] for p in programme_data.PROGRAMMES]


def claim_texts():
    texts = {c.paraphrase for c in programme_data.CLAIMS} | {
        c.recorded for c in programme_data.CLAIMS
    }
    return sorted(t for t in texts if t)


def entries():
    """Every (where, {"en": ..., "ar": ...}) the module holds."""
    for slug, fields in translations.SIGNINGS.items():
        for field, entry in fields.items():
            yield f"signing {slug} {field}", entry
    for slug, fields in translations.OPERATORS.items():
        for field, entry in fields.items():
            yield f"operator {slug} {field}", entry
    for slug, fields in translations.PROGRAMMES.items():
        for field, entry in fields.items():
            yield f"programme {slug} {field}", entry
    for text, entry in translations.TEXTS.items():
        yield f"text {text!r}", entry


def test_the_founding_signing_and_operators_are_covered():
    assert "outsourcing-2022-04-20" in translations.SIGNINGS
    for slug in ("ntt-data-morocco", "phoneo", "cnexia", "eids-maroc"):
        assert slug in translations.OPERATORS


@pytest.mark.parametrize("slug", signing_slugs())
def test_every_signing_has_its_fields(slug):
    assert slug in translations.SIGNINGS
    for field in SIGNING_FIELDS:
        assert field in translations.SIGNINGS[slug], (slug, field)


@pytest.mark.parametrize("slug", operator_slugs())
def test_every_operator_has_its_activities(slug):
    assert "activities" in translations.OPERATORS.get(slug, {}), slug


@pytest.mark.parametrize("slug", programme_slugs())
def test_every_programme_has_its_fields(slug):
    assert slug in translations.PROGRAMMES
    for field in PROGRAMME_FIELDS:
        assert field in translations.PROGRAMMES[slug], (slug, field)


def test_every_paraphrase_and_recorded_reason_is_translated():
    missing = [text for text in claim_texts() if text not in translations.TEXTS]
    assert missing == []


def test_no_translation_is_left_without_its_french():
    assert set(translations.SIGNINGS) == set(signing_slugs())
    assert set(translations.OPERATORS) == set(operator_slugs())
    assert set(translations.PROGRAMMES) == set(programme_slugs())
    assert set(translations.TEXTS) == set(claim_texts())


def test_every_entry_has_english_and_arabic():
    for where, entry in entries():
        assert set(entry) == {"en", "ar"}, where
        assert entry["en"].strip(), where
        assert entry["ar"].strip(), where


def test_the_arabic_is_in_arabic_letters():
    for where, entry in entries():
        assert ARABIC_LETTER.search(entry["ar"]), where
