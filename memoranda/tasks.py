"""Work of the memoranda app that must not hold a web request, run by the task worker
(`manage.py db_worker`): commitments imports too large for a request (memoranda.import_jobs)."""

from django.tasks import task

from memoranda import import_jobs


@task
def commitments_file_check(*, job_id: int, attempt: int = 1) -> str:
    """Check a commitments file (a dry run of its import); returns the status reached."""
    return import_jobs.import_job_run(job_id, dry_run=True, attempt=attempt)


@task
def commitments_file_import(*, job_id: int, attempt: int = 1) -> str:
    """Import a checked and confirmed commitments file, all or nothing."""
    return import_jobs.import_job_run(job_id, dry_run=False, attempt=attempt)
