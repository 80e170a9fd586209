"""Browser tests: Playwright drives the system's Chromium against pytest-django's live server.

Chromium is the binary named by CHROMIUM_PATH, else `chromium` (Debian's package) or
`chromium-browser` on the PATH; axe-core is the npm package that `make test` installs under
node_modules/. Without either the tests are skipped with the reason, except under CI, where
they must run and fail instead.

One browser serves all the browser tests of a session; each test gets a fresh context
(cookies, storage), so no test sees another's login or language.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections
from django.test import Client

from memoranda.models import Commitment
from memoranda.services import founding_data_load
from operators.models import City, Operator, OperatorMembership, Segment, Site
from operators.services import (
    declaration_reopen,
    declaration_save_draft,
    declaration_submit,
    declaration_validate,
)
from tests.second_factor import log_in_verified

BROWSER_TESTS = Path(__file__).resolve().parent
ROOT = BROWSER_TESTS.parents[1]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

# Without these Chromium tries to reach its vendor's services at start-up and in the
# background, which a closed network refuses.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]


def unavailable(reason: str):
    """Skip locally; under CI a missing browser or axe-core is a failure, not a skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
    pytest.skip(reason)


class SharedChromium:
    """One Chromium for all the browser tests of a session, started by the first of them and
    stopped right after the last (see pytest_runtest_teardown).

    Playwright's synchronous API keeps an event loop running in the main thread while it is
    started, where Django refuses ORM calls and asyncio refuses to start another loop. ORM calls
    are allowed meanwhile (the tests set up data only between browser steps, never during one),
    on the test's own connections, and the loop is gone before any later test runs.
    """

    playwright = None
    browser = None
    allowed_before = None

    @classmethod
    def get(cls):
        if cls.browser is None:
            cls.start(find_chromium())
        return cls.browser

    @classmethod
    def start(cls, executable: str) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            unavailable("Playwright is not installed: pip install '.[test]'.")
        cls.allowed_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        # While an event loop runs in a thread, Django gives that thread a second set of
        # database connections, as for async code: hand it the test's own, which carry the
        # test database's state (such as the data serialized_rollback restores).
        own = {alias: connections[alias] for alias in connections}
        cls.playwright = sync_playwright().start()
        for alias, connection in own.items():
            connections[alias] = connection
        cls.browser = cls.playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    @classmethod
    def stop(cls) -> None:
        if cls.playwright is None:
            return
        if cls.browser is not None:
            cls.browser.close()
        cls.playwright.stop()
        cls.playwright = cls.browser = None
        if cls.allowed_before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.allowed_before


def find_chromium() -> str:
    executable = os.environ.get("CHROMIUM_PATH")
    if executable and not Path(executable).exists():
        unavailable(f"CHROMIUM_PATH names no file: {executable}")
    executable = executable or shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        unavailable(
            "No Chromium found: install Debian's chromium package or set CHROMIUM_PATH; "
            "PYTEST_ARGS='-m \"not browser\"' leaves the browser tests out."
        )
    return executable


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # trylast: after the test's fixtures (its contexts, its database flush) are torn down; the
    # database is refilled by tests/conftest.py's own hook.
    if nextitem is None or BROWSER_TESTS not in nextitem.path.parents:
        SharedChromium.stop()


@pytest.fixture
def browser():
    return SharedChromium.get()


@pytest.fixture
def live_site(live_server, settings):
    """The live server, with session and CSRF cookies that plain HTTP can carry."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server


@pytest.fixture
def new_page(browser, live_site):
    """Opens a page in a fresh context: one per person of a journey, each with its own cookies.

    Every page is watched for what the Content Security Policy blocks, for script errors and
    for requests outside the portal: any of them fails the test as it ends.
    """
    contexts, problems = [], []

    def new_page():
        context = browser.new_context(base_url=live_site.url, accept_downloads=True)
        context.set_default_timeout(10_000)
        context.on("page", lambda page: watch(page, live_site.url, problems))
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()
    assert problems == [], "\n".join(problems)


def watch(page, portal: str, problems: list[str]) -> None:
    """Adds to `problems` what the page's Content Security Policy blocks, its script errors
    and its requests outside `portal`."""
    page.on("console", lambda m: blocked_by_policy(m.text) and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("request", lambda r: outside(r.url, portal) and problems.append(f"request to {r.url}"))


def blocked_by_policy(message: str) -> bool:
    return "Content Security Policy" in message


def outside(url: str, portal: str) -> bool:
    return not url.startswith((portal, "data:", "blob:", "about:"))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def last_step(new_page, request):
    """Call it with a page: a picture of that page as the test ends, passed or failed, is kept
    in test-artifacts/<test name>.png."""
    shown = []
    yield shown.append
    if shown:
        ARTIFACTS.mkdir(exist_ok=True)
        shown[-1].screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        unavailable("axe-core is not installed: run `npm ci` (make test does it when npm exists).")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def log_in(page, live_site, user) -> None:
    """Gives the page's browser context a session of `user`, as the test client's force_login
    would (an official's verified by a second factor, as the admin requires): for pages whose
    test is not about logging in."""
    client = Client()
    if user.is_staff:
        log_in_verified(client, user)
    else:
        client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    cookie = {"name": name, "value": client.cookies[name].value, "url": live_site.url}
    page.context.add_cookies([cookie])


def log_in_with_password(page, path: str, username: str, password: str, code: str = "") -> None:
    """Logs in through the form at `path` (the portal's or the admin's), in English; `code` is
    the second factor's, which the admin's form asks for under the password."""
    page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    if code:
        page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture
def founding_world(django_user_model):
    """The founding data (four memoranda of 20 April 2022), with Cnexia's staff member (nadia)
    declaring a site in Fès: 2022 Q3 validated, then reopened and corrected (so that the pages
    list a correction), so that figures, progress and statuses are on the pages, and 2022 Q4
    left as a draft."""
    founding_data_load()
    cnexia = Operator.objects.get(slug="cnexia")
    Commitment.objects.filter(memorandum__operator=cnexia).update(baseline_headcount=0)
    site = Site.objects.create(operator=cnexia, name="Fès Shore", city=City.objects.get(slug="fes"))
    site.segments.set([Segment.objects.get(code="BPO")])
    staff = django_user_model.objects.create_user(username="nadia")
    OperatorMembership.objects.create(user=staff, operator=cnexia)
    official = django_user_model.objects.create_user(username="amina", is_staff=True)
    official.groups.add(Group.objects.get(name="Officials"))
    lines = {"BPO": (420, 300, 210)}
    q3 = declaration_save_draft(site=site, year=2022, quarter=3, lines=lines, user=staff)
    declaration_submit(declaration=q3, user=staff)
    q3 = declaration_validate(declaration=q3, user=official)
    # Reopened and corrected: the pages list a correction of Cnexia's jobs created.
    declaration_reopen(declaration=q3, user=official, reason="Interns counted as staff")
    corrected = {"BPO": (400, 300, 200)}
    q3 = declaration_save_draft(site=site, year=2022, quarter=3, lines=corrected, user=staff)
    declaration_submit(declaration=q3, user=staff)
    declaration_validate(declaration=q3, user=official)
    declaration_save_draft(site=site, year=2022, quarter=4, lines=lines, user=staff)
    assert datetime.date.today() > datetime.date(2023, 1, 1)  # both quarters have ended
    return {"site": site, "staff": staff}
