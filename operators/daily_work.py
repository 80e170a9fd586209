"""The daily work, run by the task worker: `manage.py run_daily_work` (one cron line or timer,
README "Daily work") hands it the tasks DAILY_TASKS names, each with the day it was asked for.

Each task may run twice the same day, or late, without doing anything twice or leaving anything
out: the reminders keep one ReminderLog per operator and day, the digest attaches what it lists
to itself. So a task that meets a database it cannot reach (or a locked SQLite file) is tried
again later; any other error marks it failed with its error (superusers see it in the admin,
*Task Results*), since running it again would only fail again.
"""

import datetime
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.tasks import Task, task
from django.utils import timezone

from operators.reminders import reporting_reminders_send
from operators.review_digest import review_digest_send

DAILY_ATTEMPTS = 4
TRANSIENT = (OperationalError, InterfaceError)


def retried(work: Callable[[], int], again: Task, *, today: str, attempt: int) -> int:
    """Run `work`; after a transient database error, enqueue `again` for 5, 10, then 20 minutes
    later, up to DAILY_ATTEMPTS attempts, the last one's error marking the task failed."""
    try:
        return work()
    except TRANSIENT:
        if attempt >= DAILY_ATTEMPTS:
            raise
        retry_at = timezone.now() + datetime.timedelta(minutes=5 * 2 ** (attempt - 1))
        again.using(run_after=retry_at).enqueue(today=today, attempt=attempt + 1)
        return 0


@task
def reporting_reminders_run(*, today: str, attempt: int = 1) -> int:
    """The reminders of `today` (an ISO date): the number of operators reminded."""
    day = datetime.date.fromisoformat(today)
    return retried(
        lambda: len(reporting_reminders_send(day)),
        reporting_reminders_run,
        today=today,
        attempt=attempt,
    )


@task
def review_digest_run(*, today: str, attempt: int = 1) -> int:
    """The reviewers' digest: the number of declarations it listed (0: nothing sent)."""

    def send() -> int:
        digest = review_digest_send()
        return 0 if digest is None else digest.entries.count()

    return retried(send, review_digest_run, today=today, attempt=attempt)
