"""Reporting reminders: who gets one, what it lists, and at most one a day per operator.

World: Atlas signed on 15 March 2023 (horizon 2026), so its site Casanearshore 1 owes 2023 Q2
onwards; Q2 ends on 30 June and is due on 30 July (30 days). Rif has no site.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operators.models import ReminderLog
from operators.reminders import reporting_reminders_send
from operators.services import declaration_save_draft, declaration_submit

pytestmark = pytest.mark.django_db

JULY_25 = datetime.date(2023, 7, 25)  # 5 days before Q2's due date
JULY_10 = datetime.date(2023, 7, 10)  # 20 days before it
AUGUST_5 = datetime.date(2023, 8, 5)  # Q2 missing


@pytest.fixture
def send(delivered):
    """Today's reminders, committed and delivered by the task worker as in production."""

    def run(today=None):
        with delivered():
            return reporting_reminders_send(today)

    return run


@pytest.fixture
def atlas_email(atlas_staff):
    atlas_staff.email = "salma@atlas.example"
    atlas_staff.save()
    return atlas_staff.email


def test_it_reminds_a_declaration_due_within_the_week(site, atlas_email, send):
    sent = send(JULY_25)
    assert [log.operator.slug for log in sent] == ["atlas-relation"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [atlas_email]
    assert "Casanearshore 1, T2 2023" in message.body
    assert "/space/" in message.body


def test_it_does_not_remind_a_declaration_due_in_three_weeks(site, atlas_email, send):
    assert send(JULY_10) == []
    assert mail.outbox == []


def test_it_reminds_a_missing_declaration(site, atlas_email, send):
    send(AUGUST_5)
    assert ReminderLog.objects.get().items == [
        {"site": "Casanearshore 1", "year": 2023, "quarter": 2, "status": "missing"}
    ]


def test_running_twice_the_same_day_sends_nothing_new(site, atlas_email, delivered):
    with delivered():
        call_command("send_reporting_reminders", stdout=StringIO())  # many quarters missing
    first = len(mail.outbox)
    out = StringIO()
    with delivered():
        call_command("send_reporting_reminders", stdout=out)
    assert first == 1
    assert len(mail.outbox) == 1
    assert "0 reminder(s) sent." in out.getvalue()


def test_the_next_day_reminds_again(site, atlas_email, send):
    send(AUGUST_5)
    send(AUGUST_5 + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_submitted_declaration_is_not_reminded(site, atlas_email, atlas_staff, segments, send):
    declaration = declaration_save_draft(
        site=site,
        year=2023,
        quarter=2,
        lines={segments["BPO"]: (10, 8, 4), segments["ITO"]: (5, 5, 2)},
        comment="",
        user=atlas_staff,
    )
    declaration_submit(declaration=declaration, user=atlas_staff)
    assert send(JULY_25) == []


def test_operators_without_staff_address_get_nothing(site, atlas_staff, rif_staff, send):
    assert send(AUGUST_5) == []
    assert not ReminderLog.objects.exists()


def test_a_mail_server_that_is_down_leaves_the_reminder_recorded_and_retried(
    site, atlas_email, settings, send
):
    settings.MAILERS = {"default": {"BACKEND": "tests.operators.failing_mailer.Backend"}}

    send(AUGUST_5)

    assert ReminderLog.objects.get().operator.slug == "atlas-relation"
    assert mail.outbox == []
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.args_kwargs["kwargs"]["recipients"] == [atlas_email]
