"""Security headers on every kind of page, and markup that a strict Content Security Policy
lets through: no inline script, no inline style, nothing from another origin."""

from html.parser import HTMLParser

import pytest

from operators.models import OperatorMembership

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
