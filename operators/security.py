"""Locked doors: the client's address behind the proxy, the lockout page, the password length
ceiling and idle sessions.

Failed logins are counted by django-axes (settings: LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES);
its backend comes first in AUTHENTICATION_BACKENDS, so a locked pair of account and address is
refused before any password is hashed.
"""

import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Session keys: when the session last saw a request (a Unix time) and how long it may stay idle.
LAST_SEEN_KEY = "last_seen"
IDLE_SECONDS_KEY = "idle_seconds"
OFFICIAL_KIND_KEY = "official_session"
# The last-seen time is written at most once a minute, so that a page does not cost a session
# write on every request: idle time is measured to the minute.
LAST_SEEN_RESOLUTION = 60
SESSION_EXPIRY_MARGIN = 5 * 60


# django-axes keeps the username of each failed attempt in a column of 255 characters: a longer
# one posted to a login page (never a real account: usernames hold 150) was a server error on
# PostgreSQL. Counted under its first 255 characters instead.
AXES_USERNAME_LENGTH = 255


def client_username(request, credentials=None) -> str:
    """The username django-axes counts failed logins under (AXES_USERNAME_CALLABLE)."""
    username = credentials.get("username") if credentials else request.POST.get("username")
    return (username or "")[:AXES_USERNAME_LENGTH]


def client_ip_address(request) -> str | None:
    """The address of the client: the connection's own without a proxy; behind
    TRUSTED_PROXY_COUNT proxies, the address the outermost of them saw, which the proxies put
    that many places from the right in X-Forwarded-For (a client can write anything to the left
    of it, so nothing further left is trusted)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def retry_at(request, credentials) -> datetime.datetime | None:
    """When the locked pair of account and address may try again: its last counted failure
    plus the lockout time."""
    attempt = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None),
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    cool_off = get_cool_off(request)
    if attempt is None or cool_off is None:
        return None
    return attempt + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets, in the visitor's language, with the time to retry."""
    retry = retry_at(request, credentials)
    admin_login = request.path == reverse("admin:login")
    template = "admin/locked_out.html" if admin_login else "accounts/locked_out.html"
    context = {
        "retry_at": timezone.localtime(retry) if retry else None,
        "failure_limit": settings.LOGIN_FAILURE_LIMIT,
        "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES,
        "title": _("Too many failed logins"),
    }
    return render(request, template, context, status=429)


class MaximumLengthValidator:
    """Refuses passwords longer than `max_length` (ASVS: at least 64 allowed, at most 128)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long: it may have at most %(max_length)d character.",
                    "This password is too long: it may have at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return ngettext(
            "Your password may have up to %(max_length)d character.",
            "Your password may have up to %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}


def is_official(user) -> bool:
    """Officials work in the admin: staff accounts. Operator staff are not staff accounts."""
    return bool(user.is_staff)


@receiver(user_logged_in, dispatch_uid="locked_doors_session_limits")
def session_limits_on_login(sender, request, user, **kwargs):
    """An official's session ends when the browser closes, and either kind's after its idle
    time."""
    if request is None or not hasattr(request, "session"):
        return
    official = is_official(user)
    minutes = settings.OFFICIAL_IDLE_MINUTES if official else settings.STAFF_IDLE_MINUTES
    request.session[IDLE_SECONDS_KEY] = minutes * 60
    request.session[OFFICIAL_KIND_KEY] = official
    request.session[LAST_SEEN_KEY] = int(timezone.now().timestamp())
    # The stored session outlives the idle time a little, so that the idle check, not the
    # session's expiry, ends it and the person is told why.
    request.session.set_expiry(0 if official else minutes * 60 + SESSION_EXPIRY_MARGIN)


class IdleTimeoutMiddleware:
    """Ends a session that saw no request for its idle time, and sends the person to their login
    page with a message that says so. Reads only the session, never the user row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            timed_out = self.check(request)
            if timed_out is not None:
                return timed_out
        return self.get_response(request)

    def check(self, request):
        session = request.session
        idle_seconds = session.get(IDLE_SECONDS_KEY)
        if idle_seconds is None:
            return None
        now = int(timezone.now().timestamp())
        last_seen = session.get(LAST_SEEN_KEY, now)
        if now - last_seen > idle_seconds:
            official = session.get(OFFICIAL_KIND_KEY, False)
            logout(request)
            minutes = idle_seconds // 60
            messages.warning(
                request,
                ngettext(
                    "Your session ended after %(minutes)d minute without activity. "
                    "Please log in again.",
                    "Your session ended after %(minutes)d minutes without activity. "
                    "Please log in again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            login = reverse("admin:login") if official else reverse(settings.LOGIN_URL)
            next_url = request.get_full_path() if request.method == "GET" else None
            if next_url:
                login = f"{login}?{urlencode({'next': next_url})}"
            return redirect(login)
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN_KEY] = now
        return None
