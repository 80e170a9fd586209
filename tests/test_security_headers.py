"""Security headers on every kind of page, and markup that a strict Content Security Policy
lets through: no inline script, no inline style, nothing from another origin."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import URLResolver, reverse

from operators import account_urls
from operators import urls as space_urls
from operators.models import OperatorMembership
from tests.second_factor import log_in_verified

PUBLIC_PAGES = [
    "/",
    "/ar/",
    "/en/commitments/?city=casablanca&segment=bpo",
    "/commitments/?city=nowhere",
    "/memoranda/ATLAS-2023-1/",
    "/signings/offshoring-2023/",
    "/operators/atlas-relation/",
    "/cities/casablanca/",
    "/segments/BPO/",
    "/accounts/login/",
    "/accounts/password_reset/",
]

ADMIN_PAGES = [
    "/admin/",
    "/admin/memoranda/memorandum/",
    "/admin/memoranda/memorandum/add/",
    "/admin/memoranda/commitment/",
    "/admin/memoranda/commitment/import/",
    "/admin/operators/declaration/",
    "/ar/admin/memoranda/signing/",
]

SPACE_PAGES = ["/space/", "/space/commitments/"]


class InlineCodeFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block, and every address that
    points outside the portal."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.blocked.append(f"<{tag} style=…>")
        if any(name.startswith("on") for name in attributes):
            self.blocked.append(f"<{tag}> event handler attribute")
        if tag == "style":
            self.blocked.append("<style> element")
        if tag == "script":
            self.in_script = "src" not in attributes
        for name in ("src", "href", "action"):
            value = attributes.get(name) or ""
            if value.startswith(("http:", "https:", "//")) and tag != "a":
                self.blocked.append(f"<{tag} {name}={value}> from another origin")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.blocked.append("inline <script>")


def blocked_markup(response) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.blocked


def assert_secure_headers(response):
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_a_strict_policy_and_carry_no_inline_code(client, world, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_secure_headers(response)
    assert blocked_markup(response) == []


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_work_under_the_same_policy(official_client, world, path):
    response = official_client.get(path)

    assert response.status_code == 200
    assert_secure_headers(response)
    assert blocked_markup(response) == []


@pytest.mark.parametrize("path", SPACE_PAGES)
def test_operator_space_works_under_the_same_policy(client, django_user_model, world, path):
    user = django_user_model.objects.create_user(username="salma")
    OperatorMembership.objects.create(user=user, operator=world.atlas)
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 200
    assert_secure_headers(response)
    assert blocked_markup(response) == []


def test_exports_carry_the_headers_too(client, world):
    response = client.get("/commitments/export.csv")

    assert_secure_headers(response)


def test_the_finder_catches_inline_script_and_style():
    finder = InlineCodeFinder()
    finder.feed(
        '<p style="color: red" onclick="x()">a</p><script>alert(1)</script>'
        '<script src="/static/a.js"></script><style>p{}</style>'
        '<img src="https://elsewhere.example/pixel.gif">'
    )

    assert finder.blocked == [
        "<p style=…>",
        "<p> event handler attribute",
        "inline <script>",
        "<style> element",
        "<img src=https://elsewhere.example/pixel.gif> from another origin",
    ]


def test_admin_export_page_replaces_what_the_policy_blocks_with_files(official_client, world):
    response = official_client.get("/admin/memoranda/commitment/export/")

    assert response.status_code == 200
    assert_secure_headers(response)
    # django-import-export's template still carries these; the browser ignores them under the
    # policy, and the two files below do their work instead.
    assert blocked_markup(response) == [
        "<p style=…>",
        "<input> event handler attribute",
        "<label style=…>",
    ]
    page = response.content.decode()
    assert "admin-extras/export.css" in page
    assert "admin-extras/export_select_all.js" in page


def test_every_response_says_other_origins_may_not_embed_it(client, world):
    for path in ["/commitments/export.json", "/no-such-page/", "/space/"]:
        response = client.get(path)

        assert response.status_code in (200, 302, 404)
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_hsts_with_subdomains_and_preload_is_sent_over_https(client, world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    response = client.get("/", secure=True)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Strict-Transport-Security" not in client.get("/").headers  # never over plain HTTP


def test_behind_the_proxy_plain_http_is_redirected_and_https_is_served(client, world, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    plain = client.get("/commitments/?city=casablanca")
    secure = client.get("/commitments/?city=casablanca", HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301
    assert plain.url == "https://testserver/commitments/?city=casablanca"
    assert secure.status_code == 200


# Values for each parameter of the private URL patterns; a new parameter without one fails the
# test below, so that a new page is tested as soon as it exists.
SAMPLE_ARGUMENTS = {
    "year": "2024",
    "quarter": "1",
    "uidb64": "MQ",
    "token": "set-password",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "pk": "1",
    "app_label": "memoranda",
    "url": "no-such-page/",
    "job_id": "1",
    "extension": "csv",
}


def concrete_paths(patterns, prefix: str, arguments: dict[str, str]) -> list[str]:
    """One address for every URL pattern under `patterns`, named or not, path() or re_path()."""

    def fill(match):
        value = arguments[match[1]]
        return value(prefix) if callable(value) else value

    paths = []
    for pattern in patterns:
        route = str(pattern.pattern)
        route = re.sub(r"<(?:\w+:)?(\w+)>", fill, route)
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, route).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            paths += concrete_paths(pattern.url_patterns, prefix + route, arguments)
        else:
            paths.append(prefix + route)
    return paths


def assert_private(response, path):
    assert response.status_code < 500, path
    directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, f"{path}: {response.headers.get('Cache-Control')}"


def private_pages(world, language: str) -> dict[str, list[str]]:
    # Where config/urls.py mounts the three URL modules.
    assert reverse("operators:calendar") == "/space/"
    assert reverse("login") == "/accounts/login/"
    assert reverse("admin:index") == "/admin/"
    start = "/" if language == "fr" else f"/{language}/"
    site = world.atlas.sites.get()
    # An existing object of each admin's model, so that its pages show it.
    objects = {
        f"{start}admin/{model._meta.app_label}/{model._meta.model_name}/": str(pk)
        for model in admin.site._registry
        if (pk := model._default_manager.values_list("pk", flat=True).first()) is not None
    }
    arguments = {
        **SAMPLE_ARGUMENTS,
        "site_id": str(site.pk),
        "object_id": lambda prefix: objects.get(prefix, "1"),
    }
    return {
        "space": concrete_paths(space_urls.urlpatterns, f"{start}space/", arguments),
        "accounts": concrete_paths(account_urls.urlpatterns, f"{start}accounts/", arguments),
        "admin": concrete_paths(admin.site.urls[0], f"{start}admin/", arguments),
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_private_page_is_kept_out_of_every_cache(
    client, django_user_model, world, atlas_staff, language
):
    pages = private_pages(world, language)
    superuser = django_user_model.objects.create_superuser(username="root", password="x")
    answered = []

    for path in pages["accounts"]:  # as a visitor
        assert_private(client.get(path), path)
    client.force_login(atlas_staff)
    for path in pages["space"] + pages["accounts"]:
        response = client.get(path)
        assert_private(response, path)
        answered.append(response.status_code)
    log_in_verified(client, superuser)  # the admin asks for the second factor
    for path in pages["admin"]:
        response = client.get(path)
        assert_private(response, path)
        answered.append(response.status_code)

    assert len(pages["admin"]) > 80 and len(pages["space"]) == 7 and len(pages["accounts"]) == 8
    assert answered.count(200) > len(answered) / 2  # pages, not only redirects and errors


def test_a_form_posted_to_a_private_page_is_not_stored_either(client, atlas_staff):
    response = client.post("/accounts/login/", {"username": "salma", "password": "wrong"})

    assert response.status_code == 200
    assert_private(response, "/accounts/login/")


@pytest.mark.parametrize("path", PUBLIC_PAGES[:-2] + ["/commitments/export.csv"])
def test_public_pages_keep_their_own_caching(client, world, path):
    response = client.get(path)

    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "private" not in response.headers.get("Cache-Control", "")
