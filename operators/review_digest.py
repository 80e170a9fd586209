"""E-mails to reviewers (officials) about submitted declarations, each in the language the
official reads, handed to the task worker once the change that made them commits.

REVIEW_DIGEST chooses how: "each" sends every reviewer one e-mail per submission; "daily" (the
default) records each submission as a waiting ReviewDigestEntry, and the daily work sends one
digest listing the entries waiting since the previous one. An entry is attached to the digest
that lists it in the same transaction as the digest, so that a run that is late covers every day
since the last one, and a second run the same day finds nothing left to send.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from operators import calendar
from operators.models import Declaration, ReviewDigest, ReviewDigestEntry
from operators.quarters import quarter_index, quarter_name
from operators.tasks import email_enqueue


def reviewer_addresses() -> dict[str, list[str]]:
    """E-mail addresses of the active officials who may review declarations (as
    services.is_official judges them), by the language each reads, in one query."""
    review = Permission.objects.filter(
        codename="review_declaration", content_type__app_label="operators"
    ).values("pk")
    may_review = (
        Q(is_superuser=True) | Q(groups__permissions__in=review) | Q(user_permissions__in=review)
    )
    rows = (
        get_user_model()
        .objects.filter(may_review, is_active=True, is_staff=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", "official_profile__language")
        .distinct()
    )
    addresses: dict[str, list[str]] = {}
    for email, language in rows:
        group = addresses.setdefault(language or settings.LANGUAGE_CODE, [])
        if email not in group:
            group.append(email)
    return addresses


def declaration_submitted_notify(declaration: Declaration) -> None:
    """Called by the submission, inside its transaction: tell the reviewers now ("each") or
    keep the submission for the next digest ("daily"). Nothing leaves if it rolls back."""
    if settings.REVIEW_DIGEST == "each":
        reviewers_tell([declaration], daily=False)
        return
    ReviewDigestEntry.objects.update_or_create(
        declaration=declaration, digest=None, defaults={"submitted_at": declaration.submitted_at}
    )


def review_digest_send(now=None) -> ReviewDigest | None:
    """Send the digest of the submissions waiting since the previous one; None, and nothing
    sent, when none awaits review (or no reviewer has an address: the entries keep waiting)."""
    now = now or timezone.now()
    with transaction.atomic():
        waiting = list(
            ReviewDigestEntry.objects.filter(digest=None)
            .select_for_update(of=("self",))
            .select_related("declaration__site__operator")
        )
        # Reviewed (or returned) before any digest: nothing is left to tell about it.
        handled = [e.pk for e in waiting if e.declaration.status != Declaration.Status.SUBMITTED]
        ReviewDigestEntry.objects.filter(pk__in=handled).delete()
        entries = [e for e in waiting if e.pk not in handled]
        recipients = reviewer_addresses()
        if not entries or not recipients:
            return None
        digest = ReviewDigest.objects.create(
            sent_at=now,
            recipients=", ".join(email for group in recipients.values() for email in group),
        )
        ReviewDigestEntry.objects.filter(pk__in=[e.pk for e in entries]).update(digest=digest)
        reviewers_tell([e.declaration for e in entries], daily=True, recipients=recipients)
    return digest


def reviewers_tell(declarations, *, daily: bool, recipients=None) -> None:
    """One e-mail per reviewer (none sees another's address), in the language they read."""
    recipients = reviewer_addresses() if recipients is None else recipients
    for language, addresses in sorted(recipients.items()):
        subject, body = review_message(declarations, daily, language)
        for address in addresses:
            email_enqueue(subject, body, [address])


def review_message(declarations, daily: bool, language: str) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "daily": daily,
            "count": len(declarations),
            "items": [review_item(declaration) for declaration in declarations],
            "queue_url": settings.PORTAL_URL
            + reverse("admin:operators_declaration_changelist")
            + "?queue=pending",
        }
        subject = render_to_string("operators/review_digest_subject.txt", context)
        body = render_to_string("operators/review_digest_email.txt", context)
    return " ".join(subject.split()), body


def review_item(declaration: Declaration) -> dict:
    """What a reviewer reads of one submission, in the active language."""
    site = declaration.site
    return {
        "operator": site.operator.name,
        "site": site.name,
        "period": quarter_name(quarter_index(declaration.year, declaration.quarter)),
        "flagged": declaration.flagged,
        "late": calendar.submitted_late(
            declaration.year, declaration.quarter, declaration.first_submitted_at
        ),
        "url": settings.PORTAL_URL
        + reverse("admin:operators_declaration_change", args=[declaration.pk]),
    }
