"""A demo world (settings.DEMO) says DEMO on every page: a banner and the page title, in the
three languages, on public pages, the operator space, the account pages, the admin and the
error pages. Without DEMO, no page says it."""

import re

import pytest
from django.template import loader
from django.utils import translation

from operators.models import OperatorMembership

BANNER = "demo-banner"
PAGES = [
    "/",
    "/commitments/",
    "/memoranda/ATLAS-2023-1/",
    "/operators/atlas-relation/",
    "/open-data/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/admin/login/",
]
BANNERS = {
    "": ("DÉMO – chiffres fictifs", "DÉMO – "),
    "/ar": ("عرض تجريبي – أرقام وهمية", "عرض تجريبي – "),
    "/en": ("DEMO – not real figures", "DEMO – "),
}


def title_of(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S)[1].strip()


@pytest.fixture
def demo(settings):
    settings.DEMO = True


@pytest.fixture
def atlas_staff_client(client, world, django_user_model):
    user = django_user_model.objects.create_user(username="salma")
    OperatorMembership.objects.create(user=user, operator=world.atlas)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", list(BANNERS))
def test_every_public_and_account_page_says_demo_in_its_language(client, world, demo, prefix, path):
    banner, title = BANNERS[prefix]

    page = client.get(prefix + path).content.decode()

    assert BANNER in page
    assert banner in page
    assert title_of(page).startswith(title)


@pytest.mark.parametrize("path", ["/space/", "/space/commitments/"])
def test_the_operator_space_says_demo(atlas_staff_client, demo, path):
    page = atlas_staff_client.get(path).content.decode()

    assert "DÉMO – chiffres fictifs" in page
    assert title_of(page).startswith("DÉMO – ")


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/memoranda/commitment/", "/admin/operators/declaration/"]
)
def test_the_admin_says_demo(official_client, world, demo, path):
    page = official_client.get("/en" + path).content.decode()

    assert "DEMO – not real figures" in page
    assert title_of(page).startswith("DEMO – ")


def test_error_pages_say_demo(client, db, demo, settings):
    settings.DEBUG = False
    not_found = client.get("/en/no-such-page/").content.decode()
    bad_request = client.get("/en/", headers={"host": "attacker.example"}).content.decode()
    with translation.override("en"):
        server_error = loader.get_template("500.html").render()

    for page in (not_found, bad_request, server_error):
        assert "DEMO – not real figures" in page
        assert title_of(page).startswith("DEMO – ")


@pytest.mark.parametrize("path", [*PAGES, "/no-such-page/"])
def test_without_demo_no_page_says_it(client, world, settings, path):
    settings.DEMO = False

    page = client.get("/en" + path).content.decode()

    assert BANNER not in page
    assert "DEMO" not in title_of(page)


def test_without_demo_the_admin_and_500_page_do_not_say_it(official_client, world, settings):
    settings.DEMO = False
    admin = official_client.get("/en/admin/").content.decode()
    with translation.override("en"):
        server_error = loader.get_template("500.html").render()

    for page in (admin, server_error):
        assert "not real figures" not in page
        assert "DEMO" not in title_of(page)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/", "/admin/login/"])
def test_the_banner_carries_no_inline_code_for_the_policy_to_block(
    official_client, world, demo, path
):
    from tests.test_security_headers import blocked_markup

    response = official_client.get(path, follow=True)

    assert "demo-banner" in response.content.decode()
    assert blocked_markup(response) == []
