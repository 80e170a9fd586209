"""The French, Arabic and English catalogues: every message translated and compiled, and the pages
shown in French at unprefixed URLs, in Arabic (right to left) under /ar/ and in English under /en/.

The source strings are English, so the English catalogue translates each message to itself; it
exists so that English is a full language like the others."""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGUES = ["fr", "ar", "en"]
# Plural forms of each language: French 0-1, millions, others; Arabic 0, 1, 2, 3-10, 11-99,
# others; English 1, others.
NPLURALS = {"fr": 3, "ar": 6, "en": 2}
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[sd]|\{\w*\}|</?[A-Za-z][^>]*>")
# Counts that reach every plural form of the three languages.
PLURAL_SAMPLES = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 1_000_000]
# What the README's makemessages command reads: the apps, the project's templates and settings.
SOURCES = ["config", "memoranda", "operators", "templates"]


def catalogue_path(language, suffix):
    return LOCALE / language / "LC_MESSAGES" / f"django.{suffix}"


def catalogue(language) -> polib.POFile:
    return polib.pofile(str(catalogue_path(language, "po")))


def messages(language) -> list[polib.POEntry]:
    """The catalogue's messages, obsolete ones and the header left out."""
    return [entry for entry in catalogue(language) if not entry.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[form] for form in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.database_independent
@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_header_is_not_fuzzy_and_names_its_language(language):
    po = catalogue(language)

    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={NPLURALS[language]};")


@pytest.mark.database_independent
@pytest.mark.parametrize("language", CATALOGUES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(language)
    nplurals = NPLURALS[language]

    assert len(entries) > 200
    assert [e.msgid for e in entries if e.fuzzy] == []
    assert [e.msgid for e in entries if not all(translations(e))] == []
    plurals = [e for e in entries if e.msgid_plural]
    assert plurals
    assert [e.msgid for e in plurals if len(e.msgstr_plural) != nplurals] == []


@pytest.mark.database_independent
def test_catalogues_hold_every_message_of_the_sources(tmp_path, settings):
    """The README's makemessages, run on a copy of the sources, finds no message that the
    catalogues lack: a string marked for translation and never translated would reach Arabic
    and French readers in English."""
    for name in SOURCES:
        shutil.copytree(
            LOCALE.parent / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True)

    extracted = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = {e.msgid for e in extracted if not e.obsolete} - {e.msgid for e in messages("fr")}
    assert sorted(missing) == []


@pytest.mark.database_independent
@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_keep_every_placeholder_and_outer_whitespace(language):
    wrong = []
    for entry in messages(language):
        source = entry.msgid_plural or entry.msgid
        for translation in translations(entry):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append((entry.msgid, translation))
            if (source[:1].isspace(), source[-1:].isspace()) != (
                translation[:1].isspace(),
                translation[-1:].isspace(),
            ):
                wrong.append((entry.msgid, translation))

    assert wrong == []


@pytest.mark.database_independent
@pytest.mark.parametrize("language", CATALOGUES)
def test_compiled_catalogue_matches_its_source(language):
    """The compiled catalogues are committed: they must hold what the .po file says."""
    with catalogue_path(language, "mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    for entry in messages(language):
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if not entry.msgid_plural:
            assert compiled.gettext(msgid) == entry.msgstr
        else:
            for count in PLURAL_SAMPLES:
                expected = entry.msgstr_plural[compiled.plural(count)]
                assert compiled.ngettext(msgid, entry.msgid_plural, count) == expected


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_home_is_french_at_the_unprefixed_url(client, world):
    page = text(client.get("/"))

    assert '<html lang="fr" dir="ltr">' in page
    assert "Les emplois promis sont-ils créés ?" in page
    assert "Emplois engagés" in page
    assert "Non encore affectés" in page
    assert "pas encore connu" in page
    assert "Jobs committed" not in page


def test_commitment_list_is_french_at_the_unprefixed_url(client, world):
    page = text(client.get("/commitments/"))

    assert '<html lang="fr" dir="ltr">' in page
    assert "Filtrer les engagements" in page
    assert "Emplois engagés" in page
    assert "Emplois créés" in page
    assert "non encore affecté" in page
    assert "pas de données" in page
    assert "Emplois engagés (décroissant)" in page
    assert "Jobs committed" not in page


def test_filter_errors_are_french_at_the_unprefixed_url(client, world):
    page = text(client.get("/commitments/", {"city": "atlantis"}))

    assert "Certains paramètres n’ont pas pu être utilisés" in page
    assert "Aucune ville n’a l’identifiant « atlantis »" in page


def test_arabic_pages_are_right_to_left_and_in_arabic(client, world):
    home = text(client.get("/ar/"))
    commitments = text(client.get("/ar/commitments/"))

    assert '<html lang="ar" dir="rtl">' in home
    assert "مناصب الشغل الملتزم بها" in home
    assert "مذكرات التفاهم" in home
    assert '<html lang="ar" dir="rtl">' in commitments
    assert "تصفية الالتزامات" in commitments
    assert "غير موزع بعد" in commitments
    assert "مناصب الشغل الملتزم بها (تنازلي)" in commitments
    assert "Jobs committed" not in home + commitments
    assert "Emplois engagés" not in home + commitments


def test_english_pages_stay_in_english(client, world):
    home = text(client.get("/en/"))
    commitments = text(client.get("/en/commitments/"))

    assert '<html lang="en" dir="ltr">' in home
    assert "Are the promised jobs being created?" in home
    assert "Jobs committed" in home
    assert "Not yet allocated" in home
    assert "Filter commitments" in commitments
    assert "not yet allocated" in commitments
    # The sort options are translated per request, not frozen in the language of the import.
    assert "Jobs committed (descending)" in commitments
    assert "Emplois engagés" not in home + commitments


def test_admin_shows_french_verbose_names(official_client, world):
    changelist = text(official_client.get("/admin/memoranda/memorandum/"))
    index = text(official_client.get("/admin/"))

    assert '<html lang="fr" dir="ltr">' in changelist
    assert "Mémorandums" in changelist
    assert "mémorandum" in changelist
    assert "Emplois engagés" in changelist
    assert "Mémorandums et engagements" in index
    assert "Opérateurs et données de référence" in index


@pytest.mark.database_independent
def test_the_english_catalogue_translates_each_message_to_itself():
    def itself(entry):
        return [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]

    wrong = [entry.msgid for entry in messages("en") if translations(entry) != itself(entry)]

    assert wrong == []


@pytest.mark.database_independent
@pytest.mark.parametrize("language", CATALOGUES)
def test_every_catalogue_holds_the_same_messages(language):
    """A message added to the sources reaches all three catalogues in the same pass."""
    assert {e.msgid for e in messages(language)} == {e.msgid for e in messages("fr")}
