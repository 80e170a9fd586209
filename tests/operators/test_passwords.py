"""Passwords per OWASP ASVS 5.0 level 2: at least 12 characters, up to 128 (so 64 and more are
allowed), no composition rules, none from the shipped common-password list; every page where a
password is set says the rule and applies it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.second_factor import password_login


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",  # 12 characters, spaces allowed
        "493817264059",  # digits only: no composition rules
        "toutes les lettres minuscules",
        "x" * 64,
        "é" * 128,
    ],
)
def test_long_enough_passwords_of_any_kind_are_accepted(password):
    validate_password(password)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "password, reason",
    [
        ("eleven char", "at least 12 characters"),
        ("qwerty123456", "too common"),  # 12 characters, on the shipped list
        ("1q2w3e4r5t6y", "too common"),
        ("y" * 129, "at most 128 characters"),
    ],
)
def test_short_common_or_overlong_passwords_are_refused(password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)

    assert reason in " ".join(refused.value.messages)


def test_a_password_close_to_the_accounts_name_is_refused(django_user_model, db):
    user = django_user_model(username="nadia.berrada", email="nadia.berrada@atlas.example")

    with pytest.raises(ValidationError, match="too similar"):
        validate_password("nadia.berrada1", user)


@pytest.fixture
def set_password_page(client, official_client, world, delivered):
    """The page of an invitation's link, where the invited person chooses a password."""
    with delivered():
        official_client.post(
            "/en/admin/operators/operatormembership/add/",
            {"email": "nadia@atlas.example", "first_name": "Nadia", "operator": world.atlas.pk},
        )
    official_client.logout()
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body)[0]
    link = link.replace("/accounts/", "/en/accounts/") if "/en/" not in link else link
    response = client.get(link, follow=True)
    return response


def test_the_invitations_set_password_page_says_the_rule_and_applies_it(client, set_password_page):
    page = set_password_page.content.decode()
    url = set_password_page.redirect_chain[-1][0]
    assert "at least 12 characters" in page
    assert "up to 128 characters" in page

    short = client.post(url, {"new_password1": "Short-pass1", "new_password2": "Short-pass1"})
    assert short.status_code == 200
    assert "at least 12 characters" in short.content.decode()
    assert not get_user_model().objects.get(username="nadia@atlas.example").has_usable_password()

    good = "long enough passphrase"
    assert client.post(url, {"new_password1": good, "new_password2": good}).status_code == 302
    assert password_login(client, "nadia@atlas.example", good)


def test_the_password_change_page_applies_the_rule(client, django_user_model, world):
    django_user_model.objects.create_user(username="salma", password="Right-password-of-2026")
    assert password_login(client, "salma", "Right-password-of-2026")

    page = client.get("/en/accounts/password_change/").content.decode()
    refused = client.post(
        "/en/accounts/password_change/",
        {
            "old_password": "Right-password-of-2026",
            "new_password1": "qwerty123456",
            "new_password2": "qwerty123456",
        },
    )

    assert "at least 12 characters" in page
    assert refused.status_code == 200
    assert "too common" in refused.content.decode()


def test_the_admins_set_password_page_says_the_rule_and_applies_it(
    client, django_user_model, admin_login
):
    root = django_user_model.objects.create_superuser("root")
    target = django_user_model.objects.create_user(username="karim")
    admin_login(client, root)
    url = f"/en/admin/auth/user/{target.pk}/password/"

    page = client.get(url).content.decode()
    refused = client.post(
        url, {"usable_password": "true", "password1": "eleven char", "password2": "eleven char"}
    )
    accepted = client.post(
        url,
        {"usable_password": "true", "password1": "twelve chars", "password2": "twelve chars"},
    )

    assert "at least 12 characters" in page
    assert "at least 12 characters" in refused.content.decode()
    assert accepted.status_code == 302
    target.refresh_from_db()
    assert target.check_password("twelve chars")
