"""Each detail page and the home page say when their figures last changed: the latest review
of a validated declaration behind them, or the latest official change (a Correction) in their
scope, whichever is later. Pinned query counts are in test_public_pages.py."""

import datetime

import pytest

from memoranda.models import Commitment, Correction
from operators.models import Declaration, DeclarationLine, Site

NOTHING_YET = (
    "No declaration behind these figures has been validated yet, and none of them has been "
    "officially changed."
)


def at(day: int, month: int = 6) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 12, tzinfo=datetime.UTC)


def month(number: int, day: int = 9) -> datetime.datetime:
    return at(day, number)


def changed_on(client, path: str) -> str | None:
    """The ISO date the page gives, or None when it says nothing has changed yet."""
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    if NOTHING_YET in content:
        return None
    start = content.index('Figures last changed on <time datetime="') + 40
    return content[start : start + 10]


def declaration(site, segment, reviewed_at, status=Declaration.Status.VALIDATED):
    """A declaration of the quarter before the review's, one a site."""
    quarter = (reviewed_at.month - 1) // 3 or 4
    year = reviewed_at.year - (quarter == 4)
    record = Declaration.objects.create(
        site=site, year=year, quarter=quarter, status=status, reviewed_at=reviewed_at
    )
    DeclarationLine.objects.create(
        declaration=record, segment=segment, headcount=10, permanent=0, women=0
    )
    return record


@pytest.fixture
def rif_site(world, cities, segments):
    site = Site.objects.create(operator=world.rif, name="Tanger Tech", city=cities["tanger"])
    site.segments.set([segments["ITO"], segments["KPO"]])
    return site


@pytest.fixture
def atlas_site(world, cities, segments):
    site = Site.objects.get(name="Casanearshore 1")
    site.segments.set([segments["BPO"], segments["ITO"]])
    return site


PAGES = [
    "/en/",
    "/en/memoranda/RIF-2024-1/",
    "/en/operators/rif-digital/",
    "/en/cities/tanger/",
    "/en/regions/tanger-tetouan-al-hoceima/",
    "/en/segments/ITO/",
]


@pytest.mark.parametrize("path", [*PAGES, "/en/signings/offshoring-2023/"])
def test_pages_say_when_nothing_has_changed_yet(client, world, in_english, path):
    assert changed_on(client, path) is None


@pytest.mark.parametrize("path", PAGES)
def test_pages_give_the_latest_validation_behind_their_figures(
    client, rif_site, segments, in_english, path
):
    declaration(rif_site, segments["ITO"], month(3))
    declaration(rif_site, segments["ITO"], month(6))

    assert changed_on(client, path) == "2025-06-09"


def test_submitted_or_returned_declarations_change_nothing_public(
    client, rif_site, segments, in_english
):
    declaration(rif_site, segments["ITO"], month(3))
    declaration(rif_site, segments["ITO"], month(6), status=Declaration.Status.SUBMITTED)
    declaration(rif_site, segments["ITO"], month(9), status=Declaration.Status.RETURNED)

    assert changed_on(client, "/en/cities/tanger/") == "2025-03-09"


def test_a_validation_outside_the_scope_leaves_a_page_alone(
    client, rif_site, atlas_site, segments, in_english
):
    # Rif Digital's Tanger site declares KPO too, which Rif committed only in Casablanca.
    declaration(rif_site, segments["KPO"], at(10))
    # Atlas's Casablanca site: its ITO counts for Atlas's unallocated ITO commitment.
    declaration(atlas_site, segments["ITO"], at(12))

    assert changed_on(client, "/en/cities/tanger/") is None
    assert changed_on(client, "/en/cities/casablanca/") is None
    assert changed_on(client, "/en/segments/ITO/") == "2025-06-12"
    assert changed_on(client, "/en/memoranda/ATLAS-2023-1/") == "2025-06-12"
    assert changed_on(client, "/en/memoranda/RIF-2024-1/") is None
    assert changed_on(client, "/en/") == "2025-06-12"


def test_an_official_change_later_than_any_validation_is_the_date(
    client, world, rif_site, segments, in_english
):
    declaration(rif_site, segments["ITO"], at(3))
    commitment = Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO")
    Correction.objects.create(
        subject=Correction.Subject.COMMITMENT,
        commitment=commitment,
        memorandum=world.rif_mou,
        operator=world.rif,
        city=commitment.city,
        field=Correction.Field.JOBS_COMMITTED,
        value_before="250",
        value_after="300",
        corrected_at=at(15),
        reason="The memorandum's annex gives 300.",
        by=Correction.Role.OFFICIAL,
    )

    for path in PAGES:
        assert changed_on(client, path) == "2025-06-15", path
    assert changed_on(client, "/en/memoranda/ATLAS-2023-1/") is None
    assert changed_on(client, "/en/cities/casablanca/") is None
