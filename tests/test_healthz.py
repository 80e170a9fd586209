"""/healthz: the database, the cache and the task worker (by its last heartbeat), as JSON, 200
when all are well and 503 naming the part that is not; never a secret, a host or a user."""

import datetime
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connections
from django.tasks import TaskResultStatus

from config import health
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db

STALE = datetime.timedelta(seconds=600)


def beaten(client):
    """A first check starts the heartbeat; the worker runs it."""
    client.get("/healthz")
    run_worker()


def test_it_is_well_once_the_worker_has_beaten(client):
    beaten(client)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_before_any_heartbeat_it_fails_and_starts_one(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "no heartbeat yet"
    assert health.heartbeats().filter(status=TaskResultStatus.READY).count() == 1


def test_it_names_the_worker_stale_since_its_last_heartbeat(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
    beaten(client)
    time_machine.shift(STALE + datetime.timedelta(seconds=1))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "worker": "stale since 2026-12-01T10:00:00+00:00",
    }


def test_a_worker_that_keeps_running_its_heartbeat_stays_well(client, settings, time_machine):
    settings.WORKER_STALE_SECONDS = 180
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
    beaten(client)
    for _minute in range(15):
        time_machine.shift(datetime.timedelta(seconds=61))
        run_worker()  # the beat it enqueued for itself is due

    assert client.get("/healthz").status_code == 200
    # Beats older than twice the threshold (6 minutes: 6 beats) are removed as new ones run.
    assert health.heartbeats().filter(status=TaskResultStatus.SUCCESSFUL).count() == 6


def test_two_chains_of_heartbeats_merge_into_one(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
    health.worker_heartbeat.enqueue()
    health.worker_heartbeat.enqueue()
    run_worker()

    assert health.heartbeats().filter(status=TaskResultStatus.READY).count() == 1


def test_it_is_answered_whatever_the_host_and_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["emplois.example.ma"]
    settings.SECURE_SSL_REDIRECT = True
    beaten(client)

    response = client.get("/healthz", HTTP_HOST="web:8000")

    assert response.status_code == 200
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1").status_code == 200


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_an_unreachable_database_is_named_without_its_address_or_password(client):
    beaten(client)
    refused = OperationalError(
        'connection to server at "db.internal" (5432) failed: password authentication failed '
        'for user "monitor" password=hunter2'
    )
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
    assert response.json()["checks"]["worker"] == "unknown (the database is unreachable)"
    for secret in ("db.internal", "monitor", "hunter2", "5432"):
        assert secret not in response.content.decode()


def test_an_unreachable_redis_cache_is_named_without_its_address(client, settings):
    pytest.importorskip("redis")
    beaten(client)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:cache-password@127.0.0.1:1/15",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unreachable"
    assert "cache-password" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_a_redis_cache_that_answers_is_well(client, settings):
    pytest.importorskip("redis")
    beaten(client)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }

    assert client.get("/healthz").json()["checks"]["cache"] == "ok"


def test_a_cache_that_keeps_nothing_fails(client, settings):
    beaten(client)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "does not keep values"


def test_without_a_worker_the_worker_is_not_used(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "not used"


def test_the_command_checks_the_parts_named(client, capsys, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
    beaten(client)
    call_command("healthcheck", "database", "worker")
    assert '"worker": "ok"' in capsys.readouterr().out

    time_machine.shift(STALE * 2)
    with pytest.raises(CommandError, match="worker stale since 2026-12-01T10:00:00"):
        call_command("healthcheck", "database", "worker")
