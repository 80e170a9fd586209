"""Settings read from the environment fail loudly on a bad value and are safe by default."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_float, env_int, env_list

# Settings read here or in subprocesses given an environment of their own: the suite's database
# plays no part.
pytestmark = pytest.mark.database_independent


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_env_bool_names_the_variable_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_int_names_the_variable_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT"):
        env_int("COUNT", 1)


def test_env_float_reads_a_share_and_names_the_variable_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("SHARE", "0.25")
    assert env_float("SHARE", 0.5) == 0.25
    monkeypatch.setenv("SHARE", "half")
    with pytest.raises(ImproperlyConfigured, match="SHARE"):
        env_float("SHARE", 0.5)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def settings_value(expression: str, **environment) -> str:
    """Import the settings in a fresh interpreter with the given environment (and the locmem
    mailer, as the test configuration chooses, unless the environment says otherwise)."""
    env = {"PATH": "/usr/bin:/bin", "EMAIL_MAILER": "locmem", **environment}
    code = f"import config.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_debug_is_off_unless_asked_for():
    assert settings_value("s.DEBUG") == "False"
    assert settings_value("s.DEBUG", DEBUG="true") == "True"


def test_a_postgres_url_turns_on_the_connection_pool():
    engine_and_pool = settings_value(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['OPTIONS']['pool']",
        DATABASE_URL="postgres://u:p@db.example:5432/monitor",
    )
    assert engine_and_pool == "django.db.backends.postgresql True"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STATUS_GRACE_QUARTERS", "-1"),
        ("STATUS_GRACE_QUARTERS", "one"),
        ("PUBLIC_MIN_HEADCOUNT", "0"),
        ("PUBLIC_MIN_HEADCOUNT", "ten"),
        ("TASK_BACKEND", "redis"),
    ],
)
def test_a_bad_status_or_privacy_setting_stops_the_start_naming_it(name, value):
    with pytest.raises(subprocess.CalledProcessError) as failure:
        settings_value("s.DEBUG", **{name: value})

    assert name in failure.value.stderr
    assert "ImproperlyConfigured" in failure.value.stderr


def test_tasks_wait_in_the_database_for_the_worker_by_default():
    assert settings_value("s.TASKS['default']['BACKEND']") == "django_tasks_db.DatabaseBackend"


def test_status_and_privacy_settings_have_safe_defaults():
    assert settings_value("s.STATUS_GRACE_QUARTERS, s.PUBLIC_MIN_HEADCOUNT") == "1 10"


def test_releases_are_files_on_this_server_by_default():
    storage = settings_value('s.STORAGES["releases"]["BACKEND"]')
    location = settings_value('s.STORAGES["releases"]["OPTIONS"]["location"]', RELEASES_ROOT="rel")

    assert storage == "django.core.files.storage.FileSystemStorage"
    assert location == "rel"


def test_a_bucket_name_keeps_releases_in_an_s3_compatible_storage():
    options = settings_value(
        'sorted((k, v) for k, v in s.STORAGES["releases"]["OPTIONS"].items() if v is not None)',
        RELEASES_S3_BUCKET="open-data",
        RELEASES_S3_ENDPOINT_URL="https://s3.example.org",
    )
    backend = settings_value('s.STORAGES["releases"]["BACKEND"]', RELEASES_S3_BUCKET="open-data")

    assert backend == "storages.backends.s3.S3Storage"
    assert "('bucket_name', 'open-data')" in options
    assert "('endpoint_url', 'https://s3.example.org')" in options
    assert "('file_overwrite', False)" in options


@pytest.mark.parametrize(
    "value",
    ["http://cache.example:6379/0", "redis://:secret@cache.example:port/0", "redis:///0", "6379"],
)
def test_a_bad_redis_url_stops_the_start_naming_it_and_not_its_password(value):
    with pytest.raises(subprocess.CalledProcessError) as failure:
        settings_value("s.DEBUG", REDIS_URL=value)

    assert "ImproperlyConfigured: REDIS_URL" in failure.value.stderr
    assert "secret" not in failure.value.stderr


def test_pages_are_cached_in_redis_when_redis_url_names_it_and_in_shared_files_otherwise():
    backend = "s.CACHES['default']['BACKEND'].rsplit('.', 1)[1]"
    assert settings_value(backend) == "FileBasedCache"
    assert settings_value(backend, REDIS_URL="redis://cache.example:6379/2") == "RedisCache"


def test_the_page_cache_is_off_by_default_with_debug_on_only():
    assert settings_value("s.PAGE_CACHE_SECONDS") == "86400"
    assert settings_value("s.PAGE_CACHE_SECONDS", DEBUG="true") == "0"
    assert settings_value("s.PAGE_CACHE_SECONDS", DEBUG="true", PAGE_CACHE_SECONDS="60") == "60"


def test_an_error_report_hides_the_addresses_that_hold_a_password(settings, rf):
    """DEBUG's error page and error e-mails list the settings: a Redis or database address
    with its password in it is shown as stars, like SECRET_KEY."""
    from django.views.debug import ExceptionReporter

    address = "redis://:s3cret-redis@cache.internal:6379/0"
    settings.REDIS_URL = address
    settings.DATABASE_URL = "postgres://portal:s3cret-primary@db.internal/portal"
    settings.DATABASE_REPLICA_URL = "postgres://portal:s3cret-replica@replica.internal/portal"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": address}}
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        report = ExceptionReporter(rf.get("/"), *sys.exc_info()).get_traceback_text()

    assert "REDIS_URL = '********************'" in report
    assert "s3cret" not in report
