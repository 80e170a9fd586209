"""E-mails leave through the task worker: never while the change that made them is open, never
for a change rolled back, and tried again while the mail server cannot be reached."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operators.tasks import EMAIL_ATTEMPTS, email_enqueue
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db

DOWN = {"default": {"BACKEND": "tests.operators.failing_mailer.Backend"}}


def test_an_e_mail_waits_for_the_commit_and_then_for_the_worker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue("Subject", "Body", ["salma@atlas.example"])
        assert not DBTaskResult.objects.exists()  # nothing before the commit

    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    assert mail.outbox == []
    run_worker()
    [message] = mail.outbox
    assert (message.subject, message.to) == ("Subject", ["salma@atlas.example"])
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_change_rolled_back_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_enqueue("Subject", "Body", ["salma@atlas.example"])
        raise RuntimeError("the change fails after the e-mail was prepared")

    run_worker()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_an_unreachable_server_is_tried_again_later_and_then_marked_failed(
    settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue("Subject", "Body", ["salma@atlas.example"])

    start = timezone.now()
    waits = []
    for attempt in range(1, EMAIL_ATTEMPTS):
        with time_machine.travel(start + datetime.timedelta(hours=attempt), tick=False):
            run_worker()
        retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
        waits.append(retry.run_after - (start + datetime.timedelta(hours=attempt)))
    with time_machine.travel(start + datetime.timedelta(hours=EMAIL_ATTEMPTS), tick=False):
        run_worker()

    assert waits == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    last = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert last.exception_class_path == "builtins.ConnectionError"
    assert "The mail server is down." in last.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert mail.outbox == []


def test_a_retry_is_not_run_before_its_time(settings, django_capture_on_commit_callbacks):
    settings.MAILERS = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue("Subject", "Body", ["salma@atlas.example"])
    run_worker()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    run_worker()  # the retry waits a minute
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        run_worker()
    assert len(mail.outbox) == 1


def test_a_password_reset_e_mail_goes_through_the_worker(client, atlas_staff, delivered):
    atlas_staff.email = "salma@atlas.example"
    atlas_staff.set_password("a-long-enough-password")
    atlas_staff.save()

    with delivered():
        response = client.post("/accounts/password_reset/", {"email": "salma@atlas.example"})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["salma@atlas.example"]
    assert "/accounts/reset/" in message.body
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
