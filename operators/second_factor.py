"""Officials' second factor: a TOTP device (an authenticator app) and single-use recovery codes,
both django-otp devices.

The admin's login form asks for the code with the password; an official without a confirmed
device signs in with the password only and is sent to enrolment, the only admin page open to
them until they have confirmed a device. A wrong or missing code counts as a failed login for
django-axes, like a wrong password, and TOTP devices also slow down repeated wrong codes
themselves (django-otp's throttling).
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def second_factor_required() -> bool:
    return settings.OFFICIAL_SECOND_FACTOR


def is_verified(user) -> bool:
    """Whether a device verified this session's user (django-otp's OTPMiddleware sets
    otp_device as it loads the user; the admin's login form as it logs them in)."""
    return getattr(user, "otp_device", None) is not None


def has_device(user) -> bool:
    """A confirmed TOTP device: recovery codes alone do not make an enrolment."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def second_factor_enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device an enrolment shows, the same one on every visit until confirmed."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def second_factor_confirm(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms `device` with a code from the app: the session is verified by it and the new
    recovery codes are returned (to be shown once). None, with nothing changed, when the code is
    wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(device.user)
    otp_login(request, device)
    return codes


def recovery_codes_replace(user) -> list[str]:
    """Replaces the user's recovery codes with new ones, each valid once."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_reset(user) -> int:
    """Removes every device of `user` (a lost phone): their next login enrols a new one.
    Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth address as an inline SVG QR code (presentation attributes only: no
    style attribute, which the Content Security Policy would refuse)."""
    code = segno.make(device.config_url, error="m")
    return code.svg_inline(scale=5, border=4, light="#fff", title=str(_("QR code to scan")))


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_token(token: str) -> str:
    return "".join(token.split()).replace("-", "")


class SecondFactorAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form with the second factor's code under the password."""

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=32,
        strip=True,
        help_text=_(
            "The 6 digits your authenticator app shows, or one of your recovery codes. Leave it "
            "empty if you have not set up an app yet: you will be asked to."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_code": _(
            "Please enter the correct username, password and code for a staff account. Note "
            "that the fields may be case-sensitive."
        ),
    }

    def clean(self):
        cleaned = super().clean()
        if not second_factor_required() or self.user_cache is None:
            return cleaned
        user = self.user_cache
        if not any(devices_for_user(user)):
            return cleaned  # enrols right after logging in
        token = normalise_token(cleaned.get("otp_token") or "")
        device = match_token(user, token) if token else None
        if device is None:
            # Counted by django-axes like a wrong password (same pair of account and address).
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned.get("username")},
                request=self.request,
            )
            self.user_cache = None
            raise forms.ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        user.otp_device = device  # django-otp marks the session verified as it logs in
        return cleaned


class EnrolmentForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=16,
        help_text=_("The 6 digits the app shows for this portal once it has read the code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        token = normalise_token(self.cleaned_data["token"])
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Enter the 6 digits the app shows."))
        return token
