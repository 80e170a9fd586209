"""Reporting reminders: one e-mail a day at most to each operator's staff, listing the
declarations due soon, missing, or returned for a correction."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from operators import calendar
from operators.models import ReminderLog, Site
from operators.notifications import staff_addresses
from operators.tasks import email_enqueue


def needs_reminder(entry: calendar.Entry, today: datetime.date) -> bool:
    if entry.status in (calendar.Status.MISSING, calendar.Status.RETURNED):
        return True
    days_left = (entry.due_on - today).days
    return entry.status == calendar.Status.DUE and days_left <= settings.REMINDER_DAYS_BEFORE_DUE


def reporting_reminders_send(today: datetime.date | None = None) -> list[ReminderLog]:
    """Send today's reminders; operators already reminded today get nothing new."""
    today = today or timezone.localdate()
    addresses = staff_addresses()
    due: dict[int, list[calendar.Entry]] = {}
    for entry in calendar.build(Site.objects.filter(operator_id__in=addresses), today):
        if needs_reminder(entry, today):
            due.setdefault(entry.site.operator_id, []).append(entry)
    already = set(ReminderLog.objects.filter(sent_on=today).values_list("operator_id", flat=True))
    sent = []
    for operator_id, entries in due.items():
        if operator_id not in already:
            log = remind(operator_id, entries, addresses[operator_id], today)
            if log is not None:
                sent.append(log)
    return sent


def remind(operator_id, entries, recipients, today) -> ReminderLog | None:
    """Record one reminder and hand its e-mails to the worker, one per language its
    `recipients` read (a dict of addresses by language); a concurrent run that recorded it
    first wins, and its e-mails leave only once the record is committed."""
    items = [
        {"site": e.site.name, "year": e.year, "quarter": e.quarter, "status": e.status}
        for e in entries
    ]
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                operator_id=operator_id,
                sent_on=today,
                recipients=", ".join(email for group in recipients.values() for email in group),
                items=items,
            )
            for language, addresses in sorted(recipients.items()):
                subject, body = reminder_message(entries, today, language)
                email_enqueue(subject, body, addresses)
    except IntegrityError:
        return None
    return log


def reminder_message(entries, today, language=settings.LANGUAGE_CODE) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "entries": entries,
            "today": today,
            "space_url": settings.PORTAL_URL + reverse("operators:calendar"),
        }
        subject = render_to_string("operators/reminder_email_subject.txt", context).strip()
        body = render_to_string("operators/reminder_email.txt", context)
    return subject, body


@dataclass
class ReminderOutcome:
    """What an official's reminder did, operator by operator."""

    sent: list = field(default_factory=list)
    no_staff: list = field(default_factory=list)
    already_reminded: list = field(default_factory=list)


def missing_reminders_send(missing, today: datetime.date | None = None) -> ReminderOutcome:
    """An official's reminder of the given missing declarations (operators.missing rows), to
    each of their operators' staff in the language each reads, through the worker once
    recorded; an operator already reminded today, or without staff, gets nothing."""
    today = today or timezone.localdate()
    by_operator: dict = {}
    for row in missing:
        by_operator.setdefault(row.operator, []).append(row.entry)
    addresses = staff_addresses([operator.pk for operator in by_operator])
    outcome = ReminderOutcome()
    for operator, entries in sorted(by_operator.items(), key=lambda item: item[0].name):
        if operator.pk not in addresses:
            outcome.no_staff.append(operator)
        elif remind(operator.pk, entries, addresses[operator.pk], today) is None:
            outcome.already_reminded.append(operator)
        else:
            outcome.sent.append(operator)
    return outcome
