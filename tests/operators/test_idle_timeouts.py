"""Sessions end after their idle time: officials' after OFFICIAL_IDLE_MINUTES (30) without a
request, and at browser close; operator staff's after STAFF_IDLE_MINUTES (120). The person lands
on their login page with a message saying why. Logins go through the real login pages."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from operators.models import OperatorMembership
from tests.second_factor import current_code

PASSWORD = "Right-password-of-2026"
START = datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def amina(official):
    official.set_password(PASSWORD)
    official.save()
    TOTPDevice.objects.create(user=official, name="authenticator", confirmed=True)
    return official


@pytest.fixture
def salma(django_user_model, world):
    user = django_user_model.objects.create_user(username="salma", password=PASSWORD)
    OperatorMembership.objects.create(user=user, operator=world.atlas)
    return user


def official_logs_in(client, amina):
    device = TOTPDevice.objects.get(user=amina)
    response = client.post(
        "/en/admin/login/",
        {"username": "amina", "password": PASSWORD, "otp_token": current_code(device)},
    )
    assert response.status_code == 302
    return response


def staff_logs_in(client):
    response = client.post("/en/accounts/login/", {"username": "salma", "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_an_official_idle_for_more_than_30_minutes_is_logged_out(client, amina, clock):
    official_logs_in(client, amina)
    clock.shift(29 * MINUTE)
    assert client.get("/en/admin/").status_code == 200  # active: the idle time starts again
    clock.shift(29 * MINUTE)
    assert client.get("/en/admin/memoranda/memorandum/").status_code == 200

    clock.shift(31 * MINUTE)
    response = client.get("/en/admin/memoranda/memorandum/")

    assert response.status_code == 302
    assert response["Location"] == (
        "/en/admin/login/?next=%2Fen%2Fadmin%2Fmemoranda%2Fmemorandum%2F"
    )
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Your session ended after 30 minutes without activity" in page


def test_operator_staff_are_logged_out_after_120_idle_minutes(client, salma, clock):
    staff_logs_in(client)
    clock.shift(119 * MINUTE)
    assert client.get("/en/space/").status_code == 200

    clock.shift(121 * MINUTE)
    response = client.get("/en/space/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fspace%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Your session ended after 120 minutes without activity" in page
    assert client.get("/en/space/")["Location"].startswith("/en/accounts/login/")


def test_the_idle_times_are_settings(client, salma, clock, settings):
    settings.STAFF_IDLE_MINUTES = 5
    staff_logs_in(client)

    clock.shift(6 * MINUTE)

    assert client.get("/en/space/").status_code == 302


def test_an_officials_session_ends_at_browser_close(client, amina, clock, settings):
    official_logs_in(client, amina)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    # No lifetime: the browser forgets the cookie when it closes.
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""


def test_operator_staff_keep_their_session_for_their_idle_time_only(client, salma, clock, settings):
    staff_logs_in(client)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    # The idle time, and five minutes more so that the idle check says why it ended.
    assert cookie["max-age"] == 125 * 60


def test_a_page_a_minute_writes_the_session_once(client, salma, clock):
    staff_logs_in(client)
    client.get("/en/space/")
    with CaptureQueriesContext(connection) as within_a_minute:
        client.get("/en/space/")
    clock.shift(2 * MINUTE)
    with CaptureQueriesContext(connection) as after_a_minute:
        client.get("/en/space/")

    def session_writes(captured):
        return [
            q
            for q in captured.captured_queries
            if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")
        ]

    assert session_writes(within_a_minute) == []
    assert len(session_writes(after_a_minute)) == 1
