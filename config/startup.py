"""What the portal checks before it serves pages or sends e-mail, beyond what settings can
check alone: commands that do neither (migrate, makemigrations, backup) run without it."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_mailer() -> None:
    """Refuse to serve or send without a mail server when DEBUG is off (settings.MAILER_MISSING
    names the variable), rather than let invitation links land in the server log."""
    if settings.MAILER_MISSING:
        raise ImproperlyConfigured(settings.MAILER_MISSING)
