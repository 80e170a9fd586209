"""Officials sign in to the admin with a second factor whenever DEBUG is off (tests run with it
off, so OFFICIAL_SECOND_FACTOR is on): a code from an authenticator app (TOTP) or a recovery
code, on the admin's real login page. An official without a device enrols on first login.
Operator staff need no second factor.
"""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from operators.models import OperatorMembership
from tests.second_factor import current_code

PASSWORD = "Right-password-of-2026"
LOGIN = "/en/admin/login/"
INDEX = "/en/admin/"
ENROL = "/en/admin/second-factor/enrol/"
START = datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def amina(official):
    official.set_password(PASSWORD)
    official.save()
    return official


@pytest.fixture
def phone(amina):
    """Amina's authenticator app, set up earlier, and her recovery codes."""
    device = TOTPDevice.objects.create(user=amina, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=amina, name="recovery codes", confirmed=True)
    for code in ("recover01", "recover02"):
        StaticToken.objects.create(device=static, token=code)
    return device


def log_in(client, username="amina", password=PASSWORD, code=""):
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": code, "next": INDEX}
    )


def reaches_admin(client) -> bool:
    return client.get(INDEX).status_code == 200


def test_the_login_page_asks_for_the_code(client, db):
    page = client.get(LOGIN).content.decode()

    assert 'name="otp_token"' in page
    assert 'autocomplete="one-time-code"' in page
    assert "one of your recovery codes" in page


def test_password_and_code_open_the_admin(client, phone, clock):
    response = log_in(client, code=current_code(phone))

    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert reaches_admin(client)


@pytest.mark.parametrize("code", ["", "000000", "recover99"])
def test_the_right_password_without_the_right_code_is_refused(client, phone, clock, code):
    if code == "000000" and current_code(phone) == code:
        code = "000001"

    response = log_in(client, code=code)

    assert response.status_code == 200
    assert "correct username, password and code" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not reaches_admin(client)


def test_wrong_codes_count_as_failed_logins(client, phone, clock):
    responses = [log_in(client, code="000000") for _ in range(5)]
    clock.shift(datetime.timedelta(seconds=30))

    refused = log_in(client, code=current_code(phone))

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get(username="amina").failures_since_start == 5
    assert refused.status_code == 429
    assert not reaches_admin(client)


def test_a_password_only_session_does_not_reach_the_admin(client, phone):
    # The operator staff's login page checks the password only.
    assert client.post("/en/accounts/login/", {"username": "amina", "password": PASSWORD})

    response = client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    # The login page asks again, for the password and the code.
    assert 'name="otp_token"' in client.get(LOGIN).content.decode()


def test_enrolment_of_an_account_with_a_device_is_refused(client, phone):
    client.post("/en/accounts/login/", {"username": "amina", "password": PASSWORD})

    response = client.get(ENROL)

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=phone.user).count() == 1
    assert not reaches_admin(client)


def test_a_recovery_code_works_once(client, phone, clock):
    assert log_in(client, code="recover01").status_code == 302
    assert reaches_admin(client)
    client.post("/en/admin/logout/")

    again = log_in(client, code="recover01")

    assert again.status_code == 200
    assert not reaches_admin(client)
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["recover02"]


def test_a_code_cannot_be_used_twice(client, phone, clock):
    code = current_code(phone)
    assert log_in(client, code=code).status_code == 302
    client.post("/en/admin/logout/")

    assert log_in(client, code=code).status_code == 200


class TestEnrolment:
    def test_an_official_without_a_device_enrols_and_gets_recovery_codes_once(
        self, client, amina, clock
    ):
        response = log_in(client)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)
        assert not reaches_admin(client)

        page = client.get(ENROL)
        html = page.content.decode()
        assert page.status_code == 200
        svg = re.search(r"<svg.*?</svg>", html, re.S)[0]
        assert 'class="segno"' in svg
        # Nothing the strict Content Security Policy would block: no inline style or script.
        assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "'unsafe-inline'" not in page["Content-Security-Policy"]
        device = TOTPDevice.objects.get(user=amina, confirmed=False)
        secret = re.search(r'<code class="second-factor-secret">([A-Z2-7 ]+)</code>', html)[1]
        assert len(secret.replace(" ", "")) == 32
        # The same secret on a second visit, until confirmed.
        assert secret in client.get(ENROL).content.decode()

        wrong = client.post(ENROL, {"token": "12345"})
        assert "Enter the 6 digits" in wrong.content.decode()
        assert not reaches_admin(client)

        done = client.post(ENROL, {"token": current_code(device)})
        codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
        assert done.status_code == 200
        assert len(codes) == 10
        device.refresh_from_db()
        assert device.confirmed
        assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
        assert reaches_admin(client)
        # Shown once: the page is closed now that a device is confirmed.
        assert client.get(ENROL).status_code == 302

        # The next login asks for the app's code.
        client.post("/en/admin/logout/")
        clock.shift(datetime.timedelta(seconds=30))
        assert log_in(client).status_code == 200
        assert log_in(client, code=current_code(device)).status_code == 302
        assert reaches_admin(client)

    def test_a_wrong_confirmation_code_confirms_nothing(self, client, amina, clock):
        log_in(client)
        client.get(ENROL)

        response = client.post(ENROL, {"token": "000000"})

        device = TOTPDevice.objects.get(user=amina)
        if current_code(device) != "000000":
            assert "not the one the app shows" in response.content.decode()
            assert not device.confirmed
            assert not StaticDevice.objects.exists()

    def test_the_enrolment_page_needs_a_logged_in_official(self, client, atlas_staff, db):
        assert client.get(ENROL)["Location"].startswith(LOGIN)
        client.force_login(atlas_staff)
        assert client.get(ENROL)["Location"].startswith(LOGIN)


def test_without_the_setting_the_password_is_enough(client, amina, settings):
    settings.OFFICIAL_SECOND_FACTOR = False

    assert log_in(client).status_code == 302
    assert reaches_admin(client)


def test_operator_staff_need_no_second_factor(client, django_user_model, world):
    user = django_user_model.objects.create_user(username="salma", password=PASSWORD)
    OperatorMembership.objects.create(user=user, operator=world.atlas)

    response = client.post("/en/accounts/login/", {"username": "salma", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/en/space/").status_code == 200


class TestLostPhone:
    def test_the_command_removes_the_devices_and_the_next_login_enrols(
        self, client, phone, clock, capsys
    ):
        call_command("reset_second_factor", "amina")

        assert "Removed 2 device(s)" in capsys.readouterr().out
        assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
        assert log_in(client)["Location"].startswith(ENROL)

    def test_a_session_verified_by_a_removed_device_loses_the_admin(
        self, official_client, official
    ):
        assert reaches_admin(official_client)

        call_command("reset_second_factor", official.username)

        assert not reaches_admin(official_client)

    def test_an_official_removes_a_colleagues_device_in_the_admin_without_seeing_its_secret(
        self, official_client, django_user_model, admin_login
    ):
        colleague = django_user_model.objects.create_user(username="karim", is_staff=True)
        device = TOTPDevice.objects.create(user=colleague, name="authenticator", confirmed=True)

        listing = official_client.get(reverse("admin:otp_totp_totpdevice_changelist"))
        change = official_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
        deleted = official_client.post(
            reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
        )

        assert listing.status_code == 200 and "karim" in listing.content.decode()
        assert change.status_code == 200
        assert device.key not in change.content.decode()
        assert deleted.status_code == 302
        assert not TOTPDevice.objects.filter(pk=device.pk).exists()

    def test_the_command_names_an_unknown_account(self, db):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="No account named 'nobody'"):
            call_command("reset_second_factor", "nobody")
