"""Public pages and downloads cached for anonymous visitors (config/page_cache.py), with Redis
and with the process's own memory: a page unchanged since it was stored is served without a
query, and every kind of change that can alter a public figure shows at the next request once
it has committed.

The suite runs with the page cache off (tests/settings.py); these tests turn it on, each with a
key prefix of its own, and run the commit callbacks of each change (`committed`), which the
test's transaction would otherwise hold back. Redis is the one REDIS_TEST_URL names (database 9
of the local server by default); without it the Redis cases are skipped, saying why.
"""

import datetime
import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from config import page_cache
from memoranda.models import Commitment, Release
from memoranda.releases import release_files_record
from memoranda.withdrawals import commitment_withdraw
from operators import services, sites
from operators.models import Site
from operators.quarters import quarter_index
from operators.reporting import operator_reporting_record
from tests.admin_forms import change_form_data
from tests.operators.declaration_world import draft
from tests.test_routers import queries_on_each_database, replicated, routed  # noqa: F401

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/9")
ATLAS_JSON = "/commitments/export.json?operator=atlas-relation"
HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Resource-Policy",
    "Content-Type",
    "Vary",
)


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def cache_settings(kind: str, prefix: str) -> dict:
    if kind == "redis":
        return {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}


@pytest.fixture(params=["locmem", "redis"])
def page_cached(request, settings):
    """The page cache on, in local memory or in Redis, under a key prefix of this test's own;
    its keys are removed afterwards (never the whole Redis database, which others share)."""
    if request.param == "redis" and not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_TEST_URL} (REDIS_TEST_URL)")
    prefix = f"test-page-cache-{uuid.uuid4().hex}"
    settings.CACHES = {"default": cache_settings(request.param, prefix)}
    settings.PAGE_CACHE_SECONDS = 3600
    page_cache.state.down_until, page_cache.state.renewal_pending = 0.0, False
    yield request.param
    if request.param == "redis":
        client = redis.Redis.from_url(REDIS_TEST_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        caches["default"].clear()


@pytest.fixture
def visitor():
    """An anonymous visitor: a client of its own, never the official's signed-in one."""
    return Client()


def settle() -> None:
    """The test's transaction so far taken as committed: the commit callbacks it holds back
    run, as after a real commit, and are forgotten. A transaction renews the generation once
    (public_figures_changed), so without this the fixtures' writes would have asked for the
    renewal a change is tested for, and the change's own would never be registered."""
    connection = transaction.get_connection()
    callbacks, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in callbacks:
        callback()


@pytest.fixture
def committed():
    """`with committed():` around a change: what the fixtures wrote has committed before it
    (settle), and the change commits at the end of the block."""

    @contextmanager
    def commit():
        yield
        settle()

    settle()
    return commit


def totals(visitor, url=ATLAS_JSON) -> dict:
    response = visitor.get(url)
    assert response.status_code == 200
    return json.loads(body(response))["totals"]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def atlas_site(world, segments):
    """Atlas's Casablanca site serves BPO and ITO; its BPO Casablanca and unallocated ITO
    commitments start from a baseline of 0, so a validated declaration gives them jobs."""
    site = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    site.segments.set([segments["BPO"], segments["ITO"]])
    world.atlas_mou.commitments.update(baseline_headcount=0)
    return site


@pytest.fixture
def validated(atlas_site, atlas_staff, official):
    declaration = draft(atlas_site, atlas_staff, 2024, 1, bpo=(100, 80, 50), ito=(20, 10, 5))
    services.declaration_submit(declaration=declaration, user=atlas_staff)
    return services.declaration_validate(declaration=declaration, user=official)


class TestUnchangedPages:
    @pytest.mark.parametrize("url", ["/", "/commitments/", "/en/commitments/?city=casablanca"])
    def test_a_second_request_runs_no_query(
        self, page_cached, world, visitor, url, django_assert_num_queries
    ):
        first = visitor.get(url)

        with django_assert_num_queries(0):
            second = visitor.get(url)

        assert (second.status_code, second.content) == (200, first.content)

    def test_a_stored_page_keeps_every_header(self, page_cached, world, visitor):
        first = visitor.get("/commitments/", HTTP_ACCEPT_ENCODING="gzip")
        second = visitor.get("/commitments/", HTTP_ACCEPT_ENCODING="gzip")

        assert "script-src 'self'" in second["Content-Security-Policy"]
        assert {name: second.get(name) for name in HEADERS} == {
            name: first.get(name) for name in HEADERS
        }
        assert second["Content-Encoding"] == "gzip"
        assert second.content == first.content

    def test_a_head_request_is_answered_from_the_stored_page(
        self, page_cached, world, visitor, django_assert_num_queries
    ):
        first = visitor.get("/commitments/")

        with django_assert_num_queries(0):
            head = visitor.head("/commitments/")

        assert (head.status_code, head["Content-Length"]) == (200, str(len(first.content)))

    def test_the_order_of_the_parameters_does_not_matter(
        self, page_cached, world, visitor, django_assert_num_queries
    ):
        visitor.get("/commitments/?segment=BPO&city=casablanca")

        with django_assert_num_queries(0):
            assert visitor.get("/commitments/?city=casablanca&segment=BPO").status_code == 200

    def test_each_language_has_its_own_page(self, page_cached, world, visitor):
        french = visitor.get("/commitments/")
        arabic = visitor.get("/ar/commitments/")

        assert 'lang="fr"' in french.text
        assert 'lang="ar"' in arabic.text

    def test_a_stored_download_runs_no_query(
        self, page_cached, world, visitor, django_assert_num_queries
    ):
        first = visitor.get("/commitments/export.csv")

        with django_assert_num_queries(0):
            second = visitor.get("/commitments/export.csv")

        assert body(second) == body(first)
        assert second["Content-Type"] == first["Content-Type"]

    def test_a_download_larger_than_the_limit_is_served_uncached(
        self, page_cached, world, visitor, settings, django_assert_max_num_queries
    ):
        settings.PAGE_CACHE_MAX_BYTES = 100
        first = body(visitor.get("/commitments/export.csv"))
        queries = []
        with django_assert_max_num_queries(50) as context:
            second = body(visitor.get("/commitments/export.csv"))
            queries = context.captured_queries

        assert len(first) > 100
        assert second == first
        assert queries

    def test_a_page_does_not_outlive_its_day(
        self, page_cached, world, visitor, time_machine, django_assert_max_num_queries
    ):
        time_machine.move_to(datetime.datetime(2026, 5, 4, 22, tzinfo=datetime.UTC))
        visitor.get("/commitments/")
        time_machine.move_to(datetime.datetime(2026, 5, 5, 0, 30, tzinfo=datetime.UTC))

        with django_assert_max_num_queries(50) as context:
            visitor.get("/commitments/")

        assert context.captured_queries


class TestOperatorSuggestions:
    def test_the_names_suggested_are_stored_like_a_page(
        self, page_cached, world, visitor, django_assert_num_queries
    ):
        visitor.get("/commitments/operators.json", {"q": "rif"})
        with django_assert_num_queries(0):
            stored = visitor.get("/commitments/operators.json", {"q": "rif"})

        assert stored.json() == {"operators": [{"name": "Rif Digital", "slug": "rif-digital"}]}

    def test_they_follow_a_renamed_operator(self, page_cached, world, visitor, committed):
        visitor.get("/commitments/?segment=BPO")
        visitor.get("/commitments/operators.json", {"q": "rif"})

        with committed():
            world.rif.name = "Rif Digital Services"
            world.rif.save()

        assert '<option value="Rif Digital Services">' in visitor.get("/commitments/").text
        suggested = visitor.get("/commitments/operators.json", {"q": "rif"}).json()
        assert suggested["operators"][0]["name"] == "Rif Digital Services"


class TestPagesNeverStored:
    def test_a_signed_in_user_gets_their_own_page(
        self, page_cached, world, visitor, official, admin_login
    ):
        visitor.get("/commitments/")
        signed_in = Client()
        admin_login(signed_in, official)

        page = signed_in.get("/commitments/")

        assert reverse("logout") in page.text
        assert reverse("logout") not in visitor.get("/commitments/").text

    def test_a_host_outside_allowed_hosts_is_refused_even_for_a_stored_page(
        self, page_cached, world, visitor
    ):
        visitor.get("/commitments/")

        assert Client(HTTP_HOST="evil.example").get("/commitments/").status_code == 400

    def test_a_visitor_with_a_message_waiting_gets_their_own_page(
        self, page_cached, world, visitor, django_assert_max_num_queries
    ):
        visitor.get("/commitments/")
        visitor.cookies["messages"] = "waiting"

        with django_assert_max_num_queries(50) as context:
            assert visitor.get("/commitments/").status_code == 200

        assert context.captured_queries

    def test_the_admin_is_never_stored(self, page_cached, world, official_client):
        official_client.get("/admin/")
        client = Client()

        assert client.get("/admin/").status_code == 302

    def test_public_pages_carry_no_csrf_token_for_visitors(self, page_cached, world, visitor):
        page = visitor.get("/")

        assert "csrfmiddlewaretoken" not in page.text
        assert not page.cookies

    def test_a_visitor_switches_language_without_a_token(self, world):
        response = Client(enforce_csrf_checks=True).post(
            "/i18n/setlang/", {"language": "en", "next": "/commitments/"}
        )

        assert response["Location"] == "/en/commitments/"

    def test_a_signed_in_users_switch_needs_its_token(self, atlas_staff):
        client = Client(enforce_csrf_checks=True)
        client.force_login(atlas_staff)

        response = client.post("/i18n/setlang/", {"language": "ar", "next": "/space/"})

        assert response.status_code == 403


class TestEveryChangeShowsAtOnce:
    def test_a_validation_through_the_service(
        self, page_cached, atlas_site, visitor, atlas_staff, official, committed
    ):
        declaration = draft(atlas_site, atlas_staff, 2024, 1, bpo=(100, 80, 50), ito=(20, 10, 5))
        services.declaration_submit(declaration=declaration, user=atlas_staff)
        before = totals(visitor)

        with committed():
            services.declaration_validate(declaration=declaration, user=official)

        assert before["jobs_created"] in (None, 0)
        assert totals(visitor)["jobs_created"] == 120

    def test_a_reopening(self, page_cached, validated, visitor, official, committed):
        before = totals(visitor)

        with committed():
            services.declaration_reopen(declaration=validated, user=official, reason="Typo")

        assert before["jobs_created"] == 120
        assert totals(visitor)["jobs_created"] in (None, 0)

    def test_an_officials_edit_of_a_commitment(
        self, page_cached, world, visitor, official_client, cities, committed
    ):
        commitment = Commitment.objects.get(memorandum=world.atlas_mou, city=cities["casablanca"])
        url = reverse("admin:memoranda_commitment_change", args=[commitment.pk])
        before = totals(visitor)
        data = change_form_data(
            official_client.get(url), jobs_committed="450", change_reason="Addendum"
        )

        with committed():
            assert official_client.post(url, data).status_code == 302

        assert (before["jobs_committed"], totals(visitor)["jobs_committed"]) == (750, 800)

    def test_an_officials_edit_of_a_memorandum(
        self, page_cached, world, visitor, official_client, committed
    ):
        url = reverse("admin:memoranda_memorandum_change", args=[world.atlas_mou.pk])
        page = f"/memoranda/{world.atlas_mou.reference}/"
        assert "2026" in visitor.get(page).text
        data = change_form_data(
            official_client.get(url), horizon_year="2031", change_reason="Extended"
        )

        with committed():
            assert official_client.post(url, data).status_code == 302

        assert "2031" in visitor.get(page).text

    def test_an_officials_edit_of_an_operator(
        self, page_cached, world, visitor, official_client, committed
    ):
        url = reverse("admin:operators_operator_change", args=[world.atlas.pk])
        assert "Atlas Relation" in visitor.get("/commitments/").text
        data = change_form_data(official_client.get(url), name="Atlas Contact Centres")

        with committed():
            assert official_client.post(url, data).status_code == 302

        assert "Atlas Contact Centres" in visitor.get("/commitments/").text

    def test_an_import(self, page_cached, world, visitor, tmp_path, committed):
        path = tmp_path / "commitments.csv"
        path.write_text(
            "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"
            "ATLAS-2023-1,2023-03-15,Atlas Relation,Rabat,BPO,70,2026\n"
        )
        before = totals(visitor)

        with committed():
            call_command("import_commitments", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115

        assert (before["jobs_committed"], totals(visitor)["jobs_committed"]) == (750, 820)

    def test_a_withdrawal(self, page_cached, world, visitor, official, cities, committed):
        commitment = Commitment.objects.get(memorandum=world.atlas_mou, city=cities["fes"])
        before = totals(visitor)

        with committed():
            commitment_withdraw(
                commitment=commitment,
                reason="Never signed",
                on=datetime.date(2025, 6, 30),
                user=official,
            )

        assert (before["jobs_committed"], totals(visitor)["jobs_committed"]) == (750, 500)

    def test_a_site_move(self, page_cached, validated, visitor, cities, committed):
        before = totals(visitor)
        validated.site.city = cities["rabat"]

        with committed():
            sites.site_save(site=validated.site)

        # The BPO headcount leaves Casablanca; the unallocated ITO commitment keeps its 20.
        assert (before["jobs_created"], totals(visitor)["jobs_created"]) == (120, 20)

    def test_a_submission(self, page_cached, atlas_site, atlas_staff, visitor, committed):
        # The operator's public record counts it missing until it is submitted, late.
        declaration = draft(atlas_site, atlas_staff, 2024, 1, bpo=(100, 80, 50), ito=(20, 10, 5))
        url = f"/en/operators/{atlas_site.operator.slug}/"
        before = operator_reporting_record(atlas_site.operator)
        assert f"<dt>Missing</dt><dd>{before.missing}</dd>" in visitor.get(url).content.decode()

        with committed():
            services.declaration_submit(declaration=declaration, user=atlas_staff)

        after = operator_reporting_record(atlas_site.operator)
        assert (after.missing, after.late) == (before.missing - 1, before.late + 1)
        page = visitor.get(url).content.decode()
        assert f"<dt>Missing</dt><dd>{after.missing}</dd>" in page
        assert f"<dt>Late</dt><dd>{after.late}</dd>" in page

    def test_a_release_published(self, page_cached, world, visitor, committed):
        release = Release.objects.create(
            name="2026-Q3", quarter=quarter_index(2026, 3), folder="check-2026-Q3"
        )
        assert (
            "/en/open-data/releases/2026-Q3/" not in visitor.get("/en/open-data/").content.decode()
        )

        with committed():
            release_files_record(release=release, written=[])

        assert (
            'href="/en/open-data/releases/2026-Q3/"'
            in visitor.get("/en/open-data/").content.decode()
        )


def portal_process(code: str, cache_dir) -> str:
    """Run `code` in a process of its own with the portal's settings, as the task worker or a
    management command runs beside the web server, without Redis; returns what it printed."""
    env = {
        "PATH": "/usr/bin:/bin",
        "EMAIL_MAILER": "locmem",
        "PAGE_CACHE_DIR": str(cache_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


class TestWithoutRedis:
    """Without REDIS_URL the page cache is still one for every process of the machine: the
    task worker and the management commands change public figures too."""

    @pytest.fixture
    def portal_cache(self, settings, tmp_path):
        """This process's page cache as the portal configures it without Redis."""
        printed = portal_process(
            "import json; from django.conf import settings; "
            "print(json.dumps(settings.CACHES['default'], default=str))",
            tmp_path,
        )
        settings.CACHES = {"default": json.loads(printed)}
        settings.PAGE_CACHE_SECONDS = 3600
        page_cache.state.down_until, page_cache.state.renewal_pending = 0.0, False
        yield tmp_path
        caches["default"].clear()

    def test_a_renewal_in_another_process_leaves_the_stored_pages_behind(
        self, portal_cache, validated, visitor, official
    ):
        settle()
        assert totals(visitor)["jobs_created"] == 120

        # Made and committed in the worker: the renewal happens there, not here.
        services.declaration_reopen(declaration=validated, user=official, reason="Typo")
        transaction.get_connection().run_on_commit = []
        portal_process(
            "from config.page_cache import generation_renew; generation_renew()", portal_cache
        )

        assert totals(visitor)["jobs_created"] in (None, 0)


class TestCacheDown:
    @pytest.fixture
    def cache_down(self, settings):
        """A Redis address where nothing listens: every call to the cache fails."""
        settings.CACHES = {
            "default": {
                "BACKEND": "config.redis_cache.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
                "OPTIONS": {"socket_connect_timeout": 0.5},
            }
        }
        settings.PAGE_CACHE_SECONDS = 3600
        page_cache.state.down_until, page_cache.state.renewal_pending = 0.0, False
        yield
        page_cache.state.down_until, page_cache.state.renewal_pending = 0.0, False

    def test_pages_are_served_uncached_with_the_right_figures(
        self, cache_down, validated, visitor, official, caplog, committed
    ):
        # The fixtures' commit already found the cache down: ask it again now.
        page_cache.state.down_until = 0.0

        assert visitor.get("/").status_code == 200
        assert visitor.get("/commitments/").status_code == 200
        assert totals(visitor)["jobs_created"] == 120

        with committed():
            services.declaration_reopen(declaration=validated, user=official, reason="Typo")

        assert totals(visitor)["jobs_created"] in (None, 0)
        assert "page cache is unavailable" in caplog.text

    def test_a_renewal_owed_is_made_before_any_stored_page_is_served(
        self, page_cached, validated, visitor, official, committed
    ):
        visitor.get(ATLAS_JSON)
        page_cache.state.renewal_pending = True
        page_cache.state.down_until = 0.0

        services.declaration_reopen(declaration=validated, user=official, reason="Typo")

        # The reopening's own callback never ran (held back), the owed renewal did.
        assert totals(visitor)["jobs_created"] in (None, 0)
        assert not page_cache.state.renewal_pending


class TestReadReplica:
    @replicated
    @pytest.mark.usefixtures("routed")
    def test_a_page_to_be_stored_reads_the_primary_never_the_replica(
        self, world, visitor, settings
    ):
        settings.CACHES = {"default": cache_settings("locmem", f"replica-{uuid.uuid4().hex}")}
        settings.PAGE_CACHE_SECONDS = 3600
        page_cache.state.down_until, page_cache.state.renewal_pending = 0.0, False
        _, _, stored_reads = queries_on_each_database(visitor, "/commitments/")
        settings.PAGE_CACHE_SECONDS = 0
        _, _, uncached_reads = queries_on_each_database(visitor, "/commitments/")

        assert stored_reads == []
        assert uncached_reads
