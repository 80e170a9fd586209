"""E-mails to an operator's staff, each in the language the member reads (their membership's
language), handed to the task worker once the change that made them commits (operators.tasks):
the reminders' addresses, and the notice that an official returned or reopened a declaration."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from operators.models import Declaration, OperatorMembership
from operators.quarters import quarter_index, quarter_name
from operators.tasks import email_enqueue


def staff_addresses(operator_ids=None) -> dict[int, dict[str, list[str]]]:
    """Active staff e-mail addresses of every operator (or of those given), by the language
    each person reads, in one query."""
    addresses: dict[int, dict[str, list[str]]] = {}
    memberships = OperatorMembership.objects.filter(user__is_active=True).exclude(user__email="")
    if operator_ids is not None:
        memberships = memberships.filter(operator_id__in=operator_ids)
    rows = memberships.order_by("operator_id", "user__email").values_list(
        "operator_id", "language", "user__email"
    )
    for operator_id, language, email in rows:
        addresses.setdefault(operator_id, {}).setdefault(language, []).append(email)
    return addresses


def declaration_returned_notify(declaration: Declaration, *, reopened: bool) -> None:
    """Tell the staff of the declaration's operator that an official returned it (or reopened
    it once validated), with the reason and a link to it: one e-mail per language they read,
    sent only if the return commits."""
    operator_id = declaration.site.operator_id
    recipients = staff_addresses([operator_id]).get(operator_id, {})
    for language, addresses in sorted(recipients.items()):
        subject, body = returned_message(declaration, reopened, language)
        email_enqueue(subject, body, addresses)


def returned_message(declaration: Declaration, reopened: bool, language: str) -> tuple[str, str]:
    with translation.override(language):
        path = reverse(
            "operators:declaration",
            args=[declaration.site_id, declaration.year, declaration.quarter],
        )
        context = {
            "reopened": reopened,
            "site": declaration.site.name,
            "period": quarter_name(quarter_index(declaration.year, declaration.quarter)),
            "reason": declaration.return_reason,
            "declaration_url": settings.PORTAL_URL + path,
        }
        subject = render_to_string("operators/declaration_returned_subject.txt", context)
        body = render_to_string("operators/declaration_returned_email.txt", context)
    return " ".join(subject.split()), body
