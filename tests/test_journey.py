"""The whole journey through the test client, as its people live it: an official invites a
member of Atlas's staff, who sets a password, declares a quarter and submits it; the official
returns it with a reason, the staff member corrects it, the official validates it, and the
public figures change. Then the official reopens it, the staff member corrects it again, it is
validated again, and the history keeps both versions.

Atlas's BPO commitment in Casablanca promises 400 jobs; the official records its baseline
headcount at signature (0). Its site Casanearshore 1 is in Casablanca and serves BPO.
"""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from memoranda.models import Commitment
from operators.models import Declaration, DeclarationEvent, Site
from tests.second_factor import password_login

pytestmark = pytest.mark.django_db

EXPORT = "/commitments/export.json?city=casablanca&segment=BPO&operator=atlas-relation"


@pytest.fixture
def atlas_site(world, segments):
    site = Site.objects.get(operator=world.atlas)
    site.segments.set([segments["BPO"]])
    Commitment.objects.filter(
        memorandum=world.atlas_mou, segment__code="BPO", city__slug="casablanca"
    ).update(baseline_headcount=0)
    return site


def public_row(client) -> dict:
    (row,) = json.loads(b"".join(client.get(EXPORT)))["results"]
    return row


def declare(client, site, action, headcount, **extra):
    url = f"/space/sites/{site.pk}/2024/q1/"
    data = {
        "year": 2024,
        "quarter": 1,
        "BPO-headcount": headcount,
        "BPO-permanent": headcount // 2,
        "BPO-women": headcount // 4,
        "comment": "",
        "explanation": "",
        "action": action,
        **extra,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def review(official_client, declaration, name, status, **data):
    url = f"/admin/operators/declaration/{declaration.pk}/{name}/"
    response = official_client.post(url, {"confirm": "1", **data})
    assert response.url == f"/admin/operators/declaration/{declaration.pk}/change/"
    declaration.refresh_from_db()
    assert declaration.status == status


def test_the_whole_journey(official_client, world, atlas_site, delivered):
    client, public = Client(), Client()

    # An official invites Nadia; she sets her password from the e-mail and logs in.
    with delivered():
        official_client.post(
            "/admin/operators/operatormembership/add/",
            {"email": "nadia@atlas.example", "first_name": "Nadia", "operator": world.atlas.pk},
        )
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    set_password_page = client.get(link, follow=True).redirect_chain[-1][0]
    password = "quarterly-Head-count-42"
    client.post(set_password_page, {"new_password1": password, "new_password2": password})
    assert password_login(client, "nadia@atlas.example", password)

    # She declares 2024 Q1; submitted figures stay private until validated.
    declare(client, atlas_site, "submit", 120)
    declaration = Declaration.objects.get(site=atlas_site, year=2024, quarter=1)
    assert public_row(public)["jobs_created"] is None
    assert "120" not in public.get("/en/commitments/?city=casablanca").content.decode()

    # Returned with a reason, corrected, validated: the public sees 130 - 0 = 130 jobs created.
    review(
        official_client,
        declaration,
        "return",
        "returned",
        reason="BPO headcount misses the night shift",
    )
    assert "night shift" in client.get(f"/space/sites/{atlas_site.pk}/2024/q1/").content.decode()
    declare(client, atlas_site, "submit", 130)
    review(official_client, declaration, "validate", "validated")
    row = public_row(public)
    assert (row["headcount"], row["jobs_created"], row["progress_percent"]) == (130, 130, 32.5)

    # Reopened with a reason, corrected to 110, validated again: the public sees 110.
    review(
        official_client, declaration, "reopen", "returned", reason="Two sites were counted together"
    )
    assert public_row(public)["jobs_created"] is None  # reopened: no longer validated
    declare(client, atlas_site, "submit", 110)
    review(official_client, declaration, "validate", "validated")
    assert public_row(public)["jobs_created"] == 110

    # The history names who did what and why, and keeps both validated versions.
    events = DeclarationEvent.objects.filter(declaration=declaration)
    validated = [e for e in events if e.action == DeclarationEvent.Action.VALIDATED]
    assert [e.actor_username for e in validated] == ["amina", "amina"]
    reopened = events.get(action=DeclarationEvent.Action.REOPENED)
    assert reopened.reason == "Two sites were counted together"
    history = client.get(f"/space/sites/{atlas_site.pk}/2024/q1/history/").content.decode()
    assert "130" in history and "110" in history
