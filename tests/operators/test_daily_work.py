"""The daily work has one mechanism: `manage.py run_daily_work`, once a day (one cron line or
timer), hands the day's tasks to the task worker, which sends the reminders and the reviewers'
digest and removes abandoned import uploads. Running it twice the same day sends nothing twice;
a task that meets a database it cannot reach is tried again later, any other error marks it
failed with its error.

World: on 5 August 2024 Atlas's Casanearshore 1 has submitted 2024 Q2 (on 10 July) and misses
its earlier quarters (2023 Q2 to 2024 Q1): its staff (salma) are reminded, the reviewers
(amina, karim, nadia) get a digest listing 2024 Q2.
"""

import datetime
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operators.daily_work import DAILY_ATTEMPTS
from operators.models import ReminderLog, ReviewDigest
from operators.services import declaration_submit
from tests.conftest import run_worker
from tests.operators.declaration_world import draft

pytestmark = pytest.mark.django_db

AUGUST_5 = datetime.datetime(2024, 8, 5, 6, tzinfo=datetime.UTC)


@pytest.fixture
def day(site, atlas_staff, reviewers):
    atlas_staff.email = "salma@atlas.example"
    atlas_staff.save()
    with time_machine.travel(datetime.datetime(2024, 7, 10, 10, tzinfo=datetime.UTC)):
        declaration = draft(site, atlas_staff, year=2024, quarter=2)
        declaration_submit(declaration=declaration, user=atlas_staff)
    return declaration


@pytest.fixture
def work(django_capture_on_commit_callbacks):
    """`run_daily_work` as cron runs it, then the task worker until nothing is ready: the
    e-mails the daily tasks hand over once their changes commit are delivered too."""

    def run(when=AUGUST_5):
        with time_machine.travel(when, tick=False):
            out = StringIO()
            call_command("run_daily_work", stdout=out)
            while DBTaskResult.objects.ready().exists():
                with django_capture_on_commit_callbacks(execute=True):
                    run_worker()
        return out.getvalue()

    return run


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_daily_work_reminds_operators_and_sends_the_reviewers_digest(day, work):
    out = work()

    assert recipients() == [
        "amina@gov.example",
        "karim@gov.example",
        "nadia@gov.example",
        "salma@atlas.example",
    ]
    assert ReminderLog.objects.get().sent_on == datetime.date(2024, 8, 5)
    assert ReviewDigest.objects.get().entries.get().declaration == day
    assert out.count("Enqueued") == len(settings.DAILY_TASKS) == 3
    done = DBTaskResult.objects.filter(task_path__in=settings.DAILY_TASKS)
    assert sorted(done.values_list("task_path", "status")) == [
        ("memoranda.tasks.import_uploads_purge_run", TaskResultStatus.SUCCESSFUL),
        ("operators.daily_work.reporting_reminders_run", TaskResultStatus.SUCCESSFUL),
        ("operators.daily_work.review_digest_run", TaskResultStatus.SUCCESSFUL),
    ]
    assert {r.args_kwargs["kwargs"]["today"] for r in done} == {"2024-08-05"}


def test_running_it_twice_a_day_sends_nothing_twice(day, work):
    work()
    work(AUGUST_5 + datetime.timedelta(hours=8))

    assert len(mail.outbox) == 4
    assert ReminderLog.objects.count() == 1
    assert ReviewDigest.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__in=settings.DAILY_TASKS).count() == 6


def test_the_next_day_reminds_again_but_sends_no_empty_digest(day, work):
    work()
    work(AUGUST_5 + datetime.timedelta(days=1))

    assert recipients().count("salma@atlas.example") == 2
    assert recipients().count("karim@gov.example") == 1


def test_nothing_leaves_before_the_worker_runs(day):
    with time_machine.travel(AUGUST_5, tick=False):
        call_command("run_daily_work", stdout=StringIO())

    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert DBTaskResult.objects.ready().count() == 3


def test_a_locked_database_is_tried_again_later_and_then_marked_failed(day, work):
    locked = OperationalError("database is locked")
    with mock.patch("operators.daily_work.review_digest_send", side_effect=locked):
        work()
        waits = []
        for attempt in range(2, DAILY_ATTEMPTS + 1):
            retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
            assert retry.args_kwargs["kwargs"] == {"today": "2024-08-05", "attempt": attempt}
            waits.append(retry.run_after - retry.enqueued_at)
            with time_machine.travel(retry.run_after, tick=False):
                run_worker()

    assert [round(w.total_seconds() / 60) for w in waits] == [5, 10, 20]
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.task_path == "operators.daily_work.review_digest_run"
    assert failed.exception_class_path == "django.db.utils.OperationalError"
    assert "database is locked" in failed.traceback
    assert not ReviewDigest.objects.exists()
    assert recipients() == ["salma@atlas.example"]  # the reminders went all the same


def test_a_task_that_fails_otherwise_is_marked_failed_with_its_error_at_once(day, work):
    broken = ValueError("a template is missing")
    with mock.patch("operators.daily_work.review_digest_send", side_effect=broken):
        work()

    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.task_path == "operators.daily_work.review_digest_run"
    assert "a template is missing" in failed.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_a_late_worker_still_works_on_the_day_it_was_asked_for(
    day, django_capture_on_commit_callbacks
):
    with time_machine.travel(AUGUST_5, tick=False):
        call_command("run_daily_work", stdout=StringIO())
    with (
        time_machine.travel(AUGUST_5 + datetime.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_worker()

    assert ReminderLog.objects.get().sent_on == datetime.date(2024, 8, 5)


def test_without_a_mail_server_the_daily_work_is_refused_naming_email_host(settings):
    settings.MAILER_MISSING = "EMAIL_HOST must name the SMTP server"
    with pytest.raises(ImproperlyConfigured, match="EMAIL_HOST"):
        call_command("run_daily_work", stdout=StringIO())
    assert not DBTaskResult.objects.exists()
