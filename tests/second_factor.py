"""Officials' sessions in tests, verified by a second factor as the admin requires when DEBUG is
off: the official gets a confirmed TOTP device and the session is verified by django-otp's own
login(), as the admin's login form does once the code is right. Tests whose subject is the login
page itself post to it instead (tests/operators/test_second_factor.py)."""

import time

import django_otp
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def log_in_verified(client, user) -> TOTPDevice:
    """Logs `user` in on the test `client` with a session verified by their TOTP device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, device)
    request.session.save()
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the official's authenticator app shows now for `device`."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def password_login(client, username: str, password: str, url: str = "/en/accounts/login/"):
    """Logs in through a real login page, as a person would: the test client's own login()
    calls authenticate() without a request, which the failed-login limits refuse. Returns
    whether it worked."""
    response = client.post(url, {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session
