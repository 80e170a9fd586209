"""Work of the memoranda app that must not hold a web request, run by the task worker
(`manage.py db_worker`): commitments imports too large for a request (memoranda.import_jobs),
and the memoranda app's part of the daily work (operators.daily_work, DAILY_TASKS)."""

from django.tasks import task

from memoranda import import_jobs
from memoranda.uploads import import_uploads_purge
from operators.daily_work import retried


@task
def commitments_file_check(*, job_id: int, attempt: int = 1) -> str:
    """Check a commitments file (a dry run of its import); returns the status reached."""
    return import_jobs.import_job_run(job_id, dry_run=True, attempt=attempt)


@task
def commitments_file_import(*, job_id: int, attempt: int = 1) -> str:
    """Import a checked and confirmed commitments file, all or nothing."""
    return import_jobs.import_job_run(job_id, dry_run=False, attempt=attempt)


def abandoned_imports_end() -> int:
    """Remove the uploads of previews and end the checked imports left unconfirmed for longer
    than IMPORT_UPLOAD_MINUTES, as purge_import_uploads does: the number removed and ended."""
    return import_uploads_purge() + import_jobs.import_jobs_expire()


@task
def import_uploads_purge_run(*, today: str, attempt: int = 1) -> int:
    """The daily clean-up of abandoned admin imports (abandoned_imports_end)."""
    return retried(abandoned_imports_end, import_uploads_purge_run, today=today, attempt=attempt)
