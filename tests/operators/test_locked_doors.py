"""Failed logins are limited per account and address on both login pages: the operator staff's
(/accounts/login/) and the officials' (/admin/login/). Every test posts to the real pages, and
the attempts are counted in django-axes' own tables.

LOGIN_FAILURE_LIMIT is 5 and LOGIN_LOCKOUT_MINUTES 15 (the defaults): the fifth failure locks
the pair of account and address, and every attempt after it is refused until 15 minutes after
that failure, even with the right password.
"""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse
from django.utils import timezone

from operators.models import OperatorMembership

PASSWORD = "Right-password-of-2026"
START = datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC)
ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "198.51.100.8"


class CountingHasher(MD5PasswordHasher):
    """MD5, counting every password it hashes: checking one hashes it too (verify encodes)."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


@pytest.fixture
def staff_member(django_user_model, world):
    user = django_user_model.objects.create_user(username="salma", password=PASSWORD)
    OperatorMembership.objects.create(user=user, operator=world.atlas)
    return user


@pytest.fixture
def admin_official(official):
    """An official without a second factor yet: the right password alone logs them in (and
    sends them to enrolment), so that these tests are about the password only."""
    official.set_password(PASSWORD)
    official.save()
    return official


@pytest.fixture(params=["portal", "admin"])
def door(request, staff_member, admin_official):
    """One of the two login pages, with the account that logs in there."""
    if request.param == "portal":
        return {"url": "/en/accounts/login/", "user": staff_member}
    return {"url": "/en/admin/login/", "user": admin_official}


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def attempt(client, door, password, address=ADDRESS, username=None, **headers):
    data = {"username": username or door["user"].username, "password": password}
    if door["url"].endswith("/admin/login/"):
        data["next"] = "/en/admin/"
    return client.post(door["url"], data, REMOTE_ADDR=address, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, door, times, **kwargs):
    return [attempt(client, door, "wrong-password-123", **kwargs) for _ in range(times)]


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, door, clock):
    failures = fail(client, door, 5)

    assert [r.status_code for r in failures] == [200, 200, 200, 200, 429]
    response = attempt(client, door, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "5 failed logins from your address" in page
    # The last failure was at 10:00 in Casablanca (UTC+1): retry from 10:15.
    assert "You can try again from 10:15" in page
    attempts = AccessAttempt.objects.get()
    assert (attempts.username, attempts.ip_address, attempts.failures_since_start) == (
        door["user"].username,
        ADDRESS,
        5,
    )


def test_four_failures_do_not_lock(client, door, clock):
    fail(client, door, 4)

    response = attempt(client, door, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_lockout_page_is_in_the_visitors_language(client, staff_member, clock):
    door = {"url": "/ar/accounts/login/", "user": staff_member}
    fail(client, door, 5)

    response = attempt(client, door, PASSWORD)

    assert response.status_code == 429
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_the_lockout_ends_after_the_lockout_time(client, door, clock):
    fail(client, door, 5)
    clock.shift(datetime.timedelta(minutes=14, seconds=59))
    assert attempt(client, door, PASSWORD).status_code == 429

    clock.shift(datetime.timedelta(seconds=2))
    response = attempt(client, door, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_a_refused_attempt_does_not_move_the_retry_time(client, door, clock):
    fail(client, door, 5)
    clock.shift(datetime.timedelta(minutes=10))
    fail(client, door, 2)

    clock.shift(datetime.timedelta(minutes=5, seconds=1))

    assert attempt(client, door, PASSWORD).status_code == 302


def test_another_address_still_gets_in_and_another_account_from_the_same_address(
    client, door, staff_member, admin_official, clock
):
    fail(client, door, 5)

    from_elsewhere = attempt(client, door, PASSWORD, address=OTHER_ADDRESS)
    assert from_elsewhere.status_code == 302
    client.logout()
    other = staff_member if door["user"] == admin_official else admin_official
    other_door = {"url": "/en/accounts/login/", "user": other}
    assert attempt(client, other_door, PASSWORD).status_code == 302
    # The locked pair stays locked.
    client.logout()
    assert attempt(client, door, PASSWORD).status_code == 429


def test_a_locked_attempt_hashes_no_password(client, door, counting_hasher, clock):
    fail(client, door, 5)
    assert counting_hasher.calls == 5  # each failure checked a password

    counting_hasher.calls = 0
    response = attempt(client, door, PASSWORD)

    assert response.status_code == 429
    assert counting_hasher.calls == 0


def test_an_unknown_account_is_locked_too(client, door, counting_hasher, clock):
    fail(client, door, 5, username="nobody")
    counting_hasher.calls = 0

    assert fail(client, door, 1, username="nobody")[0].status_code == 429
    assert counting_hasher.calls == 0


class TestBehindTheProxy:
    """With TRUSTED_PROXY_COUNT=1 the client is the last address of X-Forwarded-For, which the
    proxy writes; what a client writes to the left of it is not trusted."""

    def test_the_forwarded_address_is_counted_and_cannot_be_forged(
        self, client, door, settings, clock
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        proxy = {"address": "127.0.0.1"}
        fail(client, door, 5, HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.5", **proxy)

        forged = attempt(
            client, door, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.5", **proxy
        )
        other_client = attempt(client, door, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.6", **proxy)

        assert AccessAttempt.objects.get().ip_address == "192.0.2.5"
        assert forged.status_code == 429
        assert other_client.status_code == 302

    def test_without_a_trusted_proxy_the_header_is_ignored(self, client, door, settings, clock):
        settings.TRUSTED_PROXY_COUNT = 0
        fail(client, door, 5, HTTP_X_FORWARDED_FOR="192.0.2.5")

        response = attempt(client, door, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.6")

        assert AccessAttempt.objects.get().ip_address == ADDRESS
        assert response.status_code == 429


class TestOfficialsLiftLockouts:
    def test_an_official_sees_the_lockout_and_lifts_it(
        self, client, staff_member, official_client, clock
    ):
        door = {"url": "/en/accounts/login/", "user": staff_member}
        fail(client, door, 5)
        assert attempt(client, door, PASSWORD).status_code == 429

        changelist = official_client.get(reverse("admin:axes_accessattempt_changelist"))
        assert changelist.status_code == 200
        assert "salma" in changelist.content.decode()
        locked = AccessAttempt.objects.get(username="salma")
        delete_url = reverse("admin:axes_accessattempt_delete", args=[locked.pk])
        assert official_client.post(delete_url, {"post": "yes"}).status_code == 302

        assert not AccessAttempt.objects.exists()
        response = attempt(client, door, PASSWORD)
        assert response.status_code == 302
        assert logged_in(client)

    def test_officials_may_not_add_or_change_attempts(self, official):
        assert official.has_perm("axes.view_accessattempt")
        assert official.has_perm("axes.delete_accessattempt")
        assert not official.has_perm("axes.change_accessattempt")
        assert not official.has_perm("axes.add_accessattempt")


def test_the_retry_time_is_local(client, door, clock):
    fail(client, door, 5)

    response = attempt(client, door, PASSWORD)

    retry = timezone.localtime(START + datetime.timedelta(minutes=15))
    assert retry.strftime("%H:%M") in response.content.decode()
