"""The operator space: who sees what, the declaration journey, bad input and query counts.

Atlas signed on 15 March 2023 (horizon 2026): its first declaration due is 2023 Q2. Its site
Casanearshore 1 serves BPO and ITO.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operators.models import Declaration, DeclarationLine, Site
from operators.services import declaration_return, declaration_submit, declaration_validate
from tests.operators.declaration_world import DECLARATION_QUERIES, draft, form_data

Status = Declaration.Status


def declaration_url(site, year=2024, quarter=1, suffix=""):
    return f"/space/sites/{site.pk}/{year}/q{quarter}/{suffix}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="x-root-pass-1")


@pytest.fixture
def personas(atlas_staff, rif_staff, official, superuser):
    return {
        "anonymous": None,
        "atlas": atlas_staff,
        "rif": rif_staff,
        "official": official,
        "superuser": superuser,
    }


OWN = {"anonymous": 302, "atlas": 200, "rif": 200, "official": 404, "superuser": 404}
ATLAS_ONLY = {"anonymous": 302, "atlas": 200, "rif": 404, "official": 404, "superuser": 404}
PUBLIC = {"anonymous": 200, "atlas": 200, "rif": 200, "official": 200, "superuser": 200}


@pytest.mark.parametrize("persona", list(OWN))
def test_permission_matrix(client, site, atlas_staff, personas, persona):
    draft(site, atlas_staff)
    urls = {
        "/space/": OWN,
        "/space/commitments/": OWN,
        declaration_url(site): ATLAS_ONLY,
        declaration_url(site, suffix="history/"): ATLAS_ONLY,
        f"/space/sites/{site.pk}/open/": ATLAS_ONLY,
        declaration_url(site, 2024, 2): ATLAS_ONLY,
        "/commitments/export.csv": PUBLIC,
        "/commitments/export.json": PUBLIC,
    }
    if personas[persona]:
        client.force_login(personas[persona])
    for url, expected in urls.items():
        response = client.get(url)
        assert response.status_code == expected[persona], url
        if response.status_code == 302:
            assert response.url.startswith("/accounts/login/?next=")
        if persona == "rif" and url.startswith("/space/"):
            assert "Casanearshore" not in response.content.decode()


def test_another_operators_site_answers_404_to_a_post_and_saves_nothing(client, site, rif_staff):
    client.force_login(rif_staff)
    response = client.post(declaration_url(site), form_data())
    assert response.status_code == 404
    assert not Declaration.objects.exists()


def test_the_calendar_shows_each_quarter_with_its_status_and_link(client, site, atlas_staff):
    draft(site, atlas_staff, year=2023, quarter=2)
    client.force_login(atlas_staff)
    response = client.get("/space/")
    text = response.content.decode()
    assert "T2 2023" in text and "T3 2026" in text
    assert declaration_url(site, 2023, 2) in text
    entries = {(e.year, e.quarter): e.status for e in response.context["entries"]}
    assert entries[(2023, 2)] == "missing"  # a draft is not a submission


def test_the_commitments_page_lists_only_the_operators_commitments(client, world, atlas_staff):
    client.force_login(atlas_staff)
    response = client.get("/space/commitments/")
    assert {c.memorandum.reference for c in response.context["commitments"]} == {"ATLAS-2023-1"}
    assert response.context["totals"]["jobs_committed"] == 750


def test_the_journey_draft_submit_return_correct_validate(client, site, atlas_staff, official):
    client.force_login(atlas_staff)
    response = client.post(declaration_url(site), form_data("save"))
    assert response.status_code == 302
    declaration = Declaration.objects.get(site=site, year=2024, quarter=1)
    assert declaration.status == Status.DRAFT

    client.post(declaration_url(site), form_data("submit"))
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED
    response = client.get(declaration_url(site))
    assert '<form method="post" novalidate>' not in response.content.decode()

    declaration_return(declaration=declaration, user=official, reason="ITO women look wrong")
    response = client.get(declaration_url(site))
    assert "ITO women look wrong" in response.content.decode()

    response = client.post(declaration_url(site), form_data("submit", **{"ITO-women": 8}))
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED
    assert declaration.lines.get(segment__code="ITO").women == 8

    declaration_validate(declaration=declaration, user=official)
    response = client.get("/en" + declaration_url(site))
    text = response.content.decode()
    assert "validated and locked" in text
    assert 'name="BPO-headcount"' not in text

    response = client.get(declaration_url(site, suffix="history/"))
    events = [event.action for event, _before, _after in response.context["events"]]
    # Submitting from the form saves its figures first, then submits them.
    assert events == [
        "created",
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "validated",
    ]
    assert "ITO women look wrong" in response.content.decode()


def test_a_declaration_validated_while_editing_shows_the_validated_version(
    client, site, atlas_staff, official
):
    declaration = draft(site, atlas_staff)
    client.force_login(atlas_staff)
    client.get(declaration_url(site))  # the form is open in a tab
    declaration = declaration_submit(declaration=declaration, user=atlas_staff)
    declaration_validate(declaration=declaration, user=official)

    response = client.post(
        "/en" + declaration_url(site), form_data("save", **{"BPO-headcount": 999})
    )
    assert response.status_code == 302
    response = client.get(response.url)
    text = response.content.decode()
    assert "validated this declaration while you were editing" in text
    assert (
        DeclarationLine.objects.get(declaration=declaration, segment__code="BPO").headcount == 100
    )
    assert "999" not in text


@pytest.mark.parametrize(
    "url_args, overrides, field, message",
    [
        ({}, {"BPO-headcount": "-1"}, "BPO-headcount", "greater than or equal to 0"),
        ({}, {"ITO-women": "2.5"}, "ITO-women", "whole number"),
        ({}, {"BPO-headcount": ""}, "BPO-headcount", "Required to submit"),
        ({}, {"BPO-permanent": "101"}, "BPO-permanent", "cannot exceed the headcount"),
        ({}, {"ITO-women": "21"}, "ITO-women", "cannot exceed the headcount"),
        ({}, {"KPO-headcount": "5"}, "__all__", "KPO: this site does not serve this segment"),
        ({}, {"quarter": "2"}, "quarter", "another quarter"),
        ({"year": 2030, "quarter": 1}, {"year": 2030}, "quarter", "not ended yet"),
        ({"year": 2023, "quarter": 1}, {"year": 2023}, "quarter", "first one due is 2023 Q2"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    client, site, atlas_staff, url_args, overrides, field, message
):
    client.force_login(atlas_staff)
    year, quarter = url_args.get("year", 2024), url_args.get("quarter", 1)
    data = form_data("submit", year=year, quarter=quarter)
    data.update(overrides)
    response = client.post("/en" + declaration_url(site, year, quarter), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_large_change_needs_an_explanation_and_keeps_nothing(client, site, atlas_staff, official):
    validated = declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
    declaration_validate(declaration=validated, user=official)
    client.force_login(atlas_staff)
    url = declaration_url(site, 2024, 2)
    response = client.post(url, form_data("submit", quarter=2, **{"BPO-headcount": 400}))
    assert response.status_code == 200
    assert "explanation" in response.context["form"].errors
    assert not Declaration.objects.filter(quarter=2).exists()
    data = form_data("submit", quarter=2, explanation="New client", **{"BPO-headcount": 400})
    assert client.post(url, data).status_code == 302
    assert Declaration.objects.get(quarter=2).flagged


def resize(world, cities, site, number_of_sites, signed_on):
    world.atlas_mou.signed_on = signed_on
    world.atlas_mou.save()
    for number in range(2, number_of_sites + 1):
        other = Site.objects.create(operator=world.atlas, name=f"Site {number}", city=cities["fes"])
        other.segments.set(site.segments.all())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# Session, user, membership, then the page's own: the calendar's three queries, or the site, its
# segments, the declaration and its lines, the operator's memoranda, the previous validated
# quarter's lines.
CALENDAR_QUERIES = 6


@pytest.mark.parametrize(
    "number_of_sites, signed_on, quarters",
    [(1, datetime.date(2025, 12, 1), 4), (5, datetime.date(2022, 12, 1), 16)],
)
def test_query_counts_do_not_grow_with_sites_and_quarters(
    client, world, cities, site, atlas_staff, number_of_sites, signed_on, quarters
):
    resize(world, cities, site, number_of_sites, signed_on)
    draft(site, atlas_staff, year=2026, quarter=1)
    client.force_login(atlas_staff)
    assert queries(client, "/space/") == CALENDAR_QUERIES
    response = client.get("/space/")
    assert len(response.context["entries"]) == number_of_sites * quarters
    assert queries(client, declaration_url(site, 2026, 1)) == DECLARATION_QUERIES


def test_inactive_staff_cannot_log_in(client, atlas_staff):
    atlas_staff.set_password("first-Pass-2024x")
    atlas_staff.is_active = False
    atlas_staff.save()
    response = client.post(
        "/accounts/login/", {"username": "salma", "password": "first-Pass-2024x"}
    )
    assert response.status_code == 200
    assert get_user_model().objects.get(username="salma").last_login is None
