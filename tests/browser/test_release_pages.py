"""The releases on the open data page and a release's own page, on a desktop screen (1280 px)
and a phone (390 px), in the three languages: neither page scrolls sideways, whatever the
length of a checksum or an address; and both pass the accessibility checks."""

import pytest
from django.db import transaction

from memoranda.releases import closing_quarter, release_publish
from tests.browser.test_accessibility import assert_no_violations
from tests.browser.test_phones import DESKTOP, LANGUAGES, PHONE, sideways
from tests.conftest import run_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def released(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "releases"},
        },
    }
    with transaction.atomic():
        release = release_publish(quarter=closing_quarter())
    run_worker()
    release.refresh_from_db()
    return release


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_release_pages_never_scroll_sideways(page, released, screen, last_step):
    page.set_viewport_size(screen)
    problems = []
    for prefix in LANGUAGES.values():
        for path in ("/open-data/", f"/open-data/releases/{released.name}/"):
            response = page.goto(prefix + path)
            assert response.status == 200, prefix + path
            assert page.locator("code.checksum").first.is_visible()
            found = sideways(page)
            if found["width"] > found["screen"] or found["off_screen"]:
                problems.append(f"{prefix}{path}: {found}")
    page.goto("/en/open-data/")
    last_step(page)
    assert problems == []


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_release_pages_pass_the_accessibility_checks(page, released, axe_source, prefix):
    for path in ("/open-data/", f"/open-data/releases/{released.name}/"):
        page.goto(prefix + path)
        assert_no_violations(page, axe_source)
