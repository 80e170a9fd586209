"""Operator staff accounts: an official invites, the person sets a password and logs in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from operators.models import OperatorMembership

ADD_URL = "/admin/operators/operatormembership/add/"


def invite(client, operator, email="nadia@atlas.example"):
    return client.post(
        ADD_URL,
        {"email": email, "first_name": "Nadia", "last_name": "Berrada", "operator": operator.pk},
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)


class TestInvitation:
    def test_an_official_invites_and_the_person_sets_a_password_and_logs_in(
        self, client, official_client, world, delivered
    ):
        with delivered():
            response = invite(official_client, world.atlas)
        assert response.status_code == 302
        user = get_user_model().objects.get(username="nadia@atlas.example")
        assert not user.has_usable_password()
        assert user.operator_membership.operator == world.atlas
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["nadia@atlas.example"]
        assert "Atlas Relation" in message.body

        official_client.logout()
        response = client.get(link_in(message), follow=True)
        assert response.status_code == 200
        assert response.context["validlink"]
        set_password_url = response.redirect_chain[-1][0]
        password = "quarterly-Head-count-42"
        response = client.post(
            set_password_url, {"new_password1": password, "new_password2": password}
        )
        assert response.status_code == 302

        response = client.post(
            "/accounts/login/", {"username": "nadia@atlas.example", "password": password}
        )
        assert response.status_code == 302
        assert response.url == "/space/"
        response = client.get("/space/")
        assert response.status_code == 200
        assert "Atlas Relation" in response.text

    def test_the_link_works_once(self, client, official_client, world, delivered):
        with delivered():
            invite(official_client, world.atlas)
        official_client.logout()
        response = client.get(link_in(mail.outbox[0]), follow=True)
        url = response.redirect_chain[-1][0]
        client.post(url, {"new_password1": "Quarter-one-77x", "new_password2": "Quarter-one-77x"})
        response = client.get(link_in(mail.outbox[0]), follow=True)
        assert not response.context["validlink"]

    def test_it_refuses_an_e_mail_already_used_and_creates_nothing(
        self, official_client, world, delivered
    ):
        with delivered():
            invite(official_client, world.atlas)
        with delivered():
            response = invite(official_client, world.rif)
        assert response.status_code == 200
        assert "email" in response.context["adminform"].form.errors
        assert OperatorMembership.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_operator_staff_cannot_invite(self, client, world, atlas_staff):
        client.force_login(atlas_staff)
        response = invite(client, world.atlas, "other@atlas.example")
        assert response.status_code == 302  # to the admin's login: not an official
        assert not get_user_model().objects.filter(username="other@atlas.example").exists()
        assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
        "/en/accounts/login/",
    ],
)
def test_account_pages_are_in_the_portals_look(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="site-header"' in response.text


def test_password_change_and_logout(client, world, atlas_staff):
    atlas_staff.set_password("first-Pass-2024x")
    atlas_staff.save()
    client.force_login(atlas_staff)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "first-Pass-2024x",
            "new_password1": "second-Pass-2025y",
            "new_password2": "second-Pass-2025y",
        },
    )
    assert response.status_code == 302
    assert client.get("/accounts/password_change/done/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code in (200, 302)
    assert client.get("/space/").status_code == 302


def test_officials_keep_the_admins_own_password_and_log_out_pages(official_client):
    response = official_client.get("/admin/password_change/")
    templates = [template.name for template in response.templates]
    assert "admin/base_site.html" in templates
    assert not any(name.startswith("accounts/") for name in templates)


def test_staff_password_pages_are_in_the_portals_look(official_client):
    response = official_client.get("/accounts/password_change/")
    templates = [template.name for template in response.templates]
    assert "accounts/password_change_form.html" in templates
    assert "base.html" in templates
