"""Commitments imports run by the task worker (memoranda.models.CommitmentImport): a file
larger than IMPORT_INLINE_ROWS rows is checked, then imported, outside the web request.

`import_job_start` keeps the upload and has the worker check it (a dry run of the whole import,
rolled back); `import_job_confirm` has the worker import it, in one transaction, all or nothing.
A failure the database may not repeat (a lost connection, a deadlock) is tried again, the import
being all or nothing; any other marks the import failed, with its error, for the official.
"""

import contextlib
import copy
import datetime
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext

from memoranda.commitment_import import DATABASE_FAILURES, ImportOutcome, commitments_import
from memoranda.import_files import FileProblem, read_table
from memoranda.imports import Problem
from memoranda.models import CommitmentImport

Status = CommitmentImport.Status
# Attempts of an import whose database failed under it, a minute apart.
ATTEMPTS = 3
RETRIED = DATABASE_FAILURES


def import_job_start(*, official, file_name: str, data: bytes, xlsx: bool, rows: int):
    """Keeps the upload and has the worker check it once this transaction commits."""
    from memoranda.tasks import commitments_file_check

    with transaction.atomic():
        job = CommitmentImport.objects.create(
            official=official,
            file_name=PurePath(file_name).name[:255],
            xlsx=xlsx,
            data=data,
            rows_total=rows,
        )
        transaction.on_commit(partial(commitments_file_check.enqueue, job_id=job.pk))
    return job


def import_job_confirm(*, job: CommitmentImport, official) -> bool:
    """Has the worker import a checked file; False when it is not waiting for confirmation
    (confirmed already, refused, or another official's)."""
    from memoranda.tasks import commitments_file_import

    with transaction.atomic():
        confirmed = (
            CommitmentImport.objects.started_by(official)
            .filter(pk=job.pk, status=Status.CHECKED)
            .update(status=Status.QUEUED)
        )
        if confirmed:
            transaction.on_commit(partial(commitments_file_import.enqueue, job_id=job.pk))
    return bool(confirmed)


def import_jobs_expire() -> int:
    """Ends the imports checked and left unconfirmed for longer than IMPORT_UPLOAD_MINUTES, as
    an abandoned preview's upload is removed: their files go."""
    minutes = settings.IMPORT_UPLOAD_MINUTES
    with transaction.atomic():
        return CommitmentImport.objects.filter(
            status=Status.CHECKED,
            started_at__lt=timezone.now() - datetime.timedelta(minutes=minutes),
        ).update(
            status=Status.FAILED,
            data=b"",
            finished_at=timezone.now(),
            error=gettext(
                "Not confirmed within %(minutes)d minutes: nothing was imported; upload the file "
                "again."
            )
            % {"minutes": minutes},
        )


def import_job_run(job_id: int, *, dry_run: bool, attempt: int = 1) -> str:
    """The worker's check (`dry_run`) or import of the file; returns the status reached."""
    waiting = Status.CHECKING if dry_run else Status.QUEUED
    job = CommitmentImport.objects.filter(pk=job_id, status=waiting).first()
    if job is None:  # already run (a task enqueued twice), or no longer kept
        return ""
    if not dry_run:
        CommitmentImport.objects.filter(pk=job.pk).update(status=Status.RUNNING, rows_done=0)
    try:
        outcome = outcome_of(job, dry_run)
    except RETRIED as error:
        connection_renew()
        if attempt < ATTEMPTS:
            return import_job_retry(job, dry_run, attempt, error)
        job_finish(job, Status.FAILED, error=failure(error))
        raise
    except Exception as error:
        connection_renew()
        job_finish(job, Status.FAILED, error=failure(error))
        raise
    return job_record(job, outcome, dry_run)


def connection_renew() -> None:
    """After a failure, a connection the failure left unusable is replaced before the job's
    status is written with it (else the job would stay "importing"). Not inside a transaction
    (a test's own), where the connection is the transaction's."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def outcome_of(job: CommitmentImport, dry_run: bool) -> ImportOutcome:
    try:
        dataset = read_table(bytes(job.data), xlsx=job.xlsx)
    except FileProblem as problem:
        return ImportOutcome(problems=[Problem(None, None, str(problem))])
    with progress_writer(job.pk) as progress:
        return commitments_import(
            dataset, file_name=job.file_name, user=job.official, dry_run=dry_run, progress=progress
        )


def job_record(job: CommitmentImport, outcome: ImportOutcome, dry_run: bool) -> str:
    if outcome.problems:
        status = Status.REFUSED if dry_run else Status.FAILED
        error = "" if dry_run else gettext("The file no longer passes the checks.")
    else:
        status, error = (Status.CHECKED if dry_run else Status.DONE), ""
    job.problems = [
        {"line": p.line, "column": p.column, "message": str(p.message)} for p in outcome.problems
    ]
    job.creations = {
        "memoranda": [[m.reference, m.operator.name] for m in outcome.created.memoranda],
        "operators": [operator.name for operator in outcome.created.operators],
        "close_names": [[pair.new, pair.recorded] for pair in outcome.close_names],
    }
    job.new, job.updated, job.unchanged = outcome.new, outcome.updated, outcome.unchanged
    job.rows_total = max(outcome.total_rows, job.rows_total)
    job.rows_done = job.rows_total if status == Status.DONE else 0
    job_finish(job, status, error=error)
    return status


def job_finish(job: CommitmentImport, status: str, *, error: str = "") -> None:
    job.status, job.error = status, error
    fields = ["status", "error", "problems", "creations", "new", "updated", "unchanged"]
    fields += ["rows_total", "rows_done"]
    if status != Status.CHECKED:
        # The import has ended: its file is no longer needed.
        job.data, job.finished_at = b"", timezone.now()
        fields += ["data", "finished_at"]
    with transaction.atomic():
        job.save(update_fields=fields)


def import_job_retry(job, dry_run: bool, attempt: int, error: Exception) -> str:
    from memoranda.tasks import commitments_file_check, commitments_file_import

    task = commitments_file_check if dry_run else commitments_file_import
    waiting = Status.CHECKING if dry_run else Status.QUEUED
    CommitmentImport.objects.filter(pk=job.pk).update(status=waiting, error=failure(error))
    run_after = timezone.now() + datetime.timedelta(minutes=attempt)
    task.using(run_after=run_after).enqueue(job_id=job.pk, attempt=attempt + 1)
    return waiting


def failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


@contextlib.contextmanager
def progress_writer(job_id: int):
    """Writes the rows done on a connection of its own, which the import's transaction does
    not hold back: on PostgreSQL. SQLite has one writer at a time, the import: there the page
    shows the rows done once the import ends."""
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor == "sqlite":
        yield None
        return
    settings_dict = copy.deepcopy(database.settings_dict)
    settings_dict.get("OPTIONS", {}).pop("pool", None)  # one plain connection, for this import
    side = type(database)(settings_dict, DEFAULT_DB_ALIAS)
    table = database.ops.quote_name(CommitmentImport._meta.db_table)

    def write(done: int, total: int) -> None:
        try:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET rows_done = %s WHERE id = %s AND rows_total >= %s",
                    [done, job_id, done],
                )
        except DatabaseError:
            pass  # progress is a courtesy: the import goes on without it

    try:
        yield write
    finally:
        side.close()
