"""The glossary: every term has an anchor, the segments read in the visitor's language, and
the status badges, the commitment table's headers and the figures tables' headers link their
terms, at no query's cost."""

import re

import pytest

from memoranda.models import Commitment
from operators.models import Segment

TERMS = [
    "commitment",
    "memorandum",
    "signed-on",
    "operator",
    "city",
    "region",
    "segment",
    "jobs-committed",
    "jobs-created",
    "baseline-headcount",
    "progress",
    "status",
    "out-of-date",
    "coverage",
    "not-yet-allocated",
    "permanent-contracts",
    "women",
    "withdrawn",
    "source-and-claim",
    "recorded-claim",
]


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def anchors(content: str) -> set[str]:
    return set(re.findall(r' id="([^"]+)"', content))


def glossary_links(content: str) -> set[str]:
    return set(re.findall(r'href="/en/glossary/#([^"]+)"', content))


@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/ar", "ar"), ("/en", "en")])
def test_the_glossary_is_in_each_language(client, db, prefix, language):
    content = text(client.get(f"{prefix}/glossary/"))

    assert f'<html lang="{language}"' in content


def test_every_term_and_status_has_an_anchor(client, db, in_english):
    content = text(client.get("/en/glossary/"))

    expected = {*TERMS, *(f"status-{code}" for code in Commitment.Status.values)}
    assert expected <= anchors(content)


def test_statuses_are_defined_with_their_thresholds(client, db, settings, in_english):
    settings.STATUS_ON_TRACK_SHARE = 0.8
    settings.STATUS_AT_RISK_SHARE = 0.5
    settings.STATUS_GRACE_QUARTERS = 2

    content = text(client.get("/en/glossary/"))

    assert "Jobs created are at least 80 % of the jobs expected at the figure" in content
    assert "at least 50 % but less than 80 %" in content
    assert "more than 2 quarters older than the latest quarter due" in content
    assert "<code>out_of_date</code>" in content


def test_segments_are_described_in_the_visitors_language(client, db):
    Segment.objects.filter(code="BPO").update(
        description="Externalisation des processus", description_en="Business processes"
    )

    english, french = text(client.get("/en/glossary/")), text(client.get("/glossary/"))

    for content in (english, french):
        assert 'id="segment-BPO"' in content
    assert "Business processes" in english
    assert "Externalisation des processus" in french
    assert "Business processes" not in french


def test_every_page_links_the_glossary_in_its_footer(client, world, in_english):
    content = text(client.get("/en/signings/"))

    assert 'href="/en/glossary/"' in content


def test_status_badges_link_their_definition(client, world, in_english):
    content = text(client.get("/en/commitments/"))

    assert (
        '<a class="status status-no_data" href="/en/glossary/#status-no_data">no data</a>'
        in content
    )


def test_every_sort_header_keeps_its_sort_link_and_adds_a_named_term_link(
    client, world, in_english
):
    content = text(client.get("/en/commitments/"))

    assert 'href="?ordering=jobs_created">Jobs created' in content
    assert {
        "memorandum",
        "signed-on",
        "operator",
        "city",
        "region",
        "segment",
        "jobs-committed",
        "jobs-created",
        "progress",
        "status",
    } <= glossary_links(content)
    assert (
        '<a class="term-link" href="/en/glossary/#jobs-created"><span aria-hidden="true">?</span>'
        '<span class="visually-hidden">What “Jobs created” means</span></a>'
    ) in content


def test_detail_and_home_headers_are_links_to_their_terms(client, world, in_english):
    detail = text(client.get("/en/cities/casablanca/"))
    home = text(client.get("/en/"))

    assert '<a href="/en/glossary/#jobs-committed">Jobs committed</a></th>' in detail
    assert '<a href="/en/glossary/#women">Women (%)</a></th>' in home
    assert '<a href="/en/glossary/#city">City</a></th>' in home


def test_every_linked_term_exists(client, world, in_english):
    defined = anchors(text(client.get("/en/glossary/")))

    for path in ("/en/", "/en/commitments/", "/en/memoranda/ATLAS-2023-1/"):
        assert glossary_links(text(client.get(path))) <= defined, path


def test_the_glossary_runs_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        text(client.get("/en/glossary/"))
