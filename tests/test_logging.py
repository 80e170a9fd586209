"""Logs: JSON lines one setting away (LOG_FORMAT=json), and a request identifier in every line
a request leads to and in its response's X-Request-ID header."""

import io
import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings

from config.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def start(code: str, **environment) -> subprocess.CompletedProcess:
    """Django set up with the portal's settings in a fresh interpreter, running `code`."""
    env = {"PATH": "/usr/bin:/bin", "EMAIL_MAILER": "locmem", **environment}
    script = f"import django; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
    )


@pytest.fixture
def json_log():
    """The `django.request` logger written as production's LOG_FORMAT=json writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_each_response_carries_a_request_identifier_of_its_own(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_the_proxys_request_identifier_is_kept(client):
    response = client.get("/", HTTP_X_REQUEST_ID="7f3c2a10-9d4e-4b8a-a1f2-0c5e6d7b8a91")

    assert response["X-Request-ID"] == "7f3c2a10-9d4e-4b8a-a1f2-0c5e6d7b8a91"


@pytest.mark.parametrize("given", ["x", "a b c d e f g h", "<script>alert(1)</script>", "9" * 65])
def test_an_unsafe_request_identifier_is_replaced(client, given):
    response = client.get("/", HTTP_X_REQUEST_ID=given)

    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


def test_a_requests_log_lines_carry_its_identifier_as_json(client, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="proxy-request-0001")

    assert response.status_code == 404
    [line] = json_log()
    assert line["request_id"] == "proxy-request-0001"
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["time"].endswith("+00:00")


def test_log_format_json_writes_one_json_object_a_line():
    result = start(
        "import logging; logging.getLogger('memoranda').warning('rebuilt %s figures', 12)",
        LOG_FORMAT="json",
    )

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip())
    assert line["message"] == "rebuilt 12 figures"
    assert line["logger"] == "memoranda"
    assert line["request_id"] == "-"


def test_the_default_text_format_carries_the_identifier_too():
    result = start("import logging; logging.getLogger('memoranda').warning('rebuilt')")

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING memoranda [-] rebuilt")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOG_FORMAT", "xml"),
        ("LOG_LEVEL", "loud"),
        ("WORKER_STALE_SECONDS", "30"),
        ("WORKER_HEARTBEAT_SECONDS", "soon"),
    ],
)
def test_a_bad_logging_or_heartbeat_setting_stops_the_start_naming_it(name, value):
    result = start("", **{name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.splitlines()[-1]
