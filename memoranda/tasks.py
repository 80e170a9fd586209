"""The memoranda app's part of the daily work (operators.daily_work, DAILY_TASKS)."""

from django.tasks import task

from memoranda.uploads import import_uploads_purge
from operators.daily_work import retried


@task
def import_uploads_purge_run(*, today: str, attempt: int = 1) -> int:
    """Remove the uploads of admin imports left unconfirmed: the number removed."""
    return retried(import_uploads_purge, import_uploads_purge_run, today=today, attempt=attempt)
