"""A commitments file larger than IMPORT_INLINE_ROWS leaves the web request: the task worker
checks it, the official confirms, the worker imports it all or nothing, and a page shows the
official (only them) its progress and its outcome, or every problem, or the error it failed on."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from memoranda import import_jobs
from memoranda.models import Commitment, CommitmentImport, Memorandum
from operators import history
from operators.models import Operator
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db

IMPORT = "admin:memoranda_commitment_import"
HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"
ROWS = (
    "NEW-1,2024-05-02,Sahara Services,Laâyoune,BPO,40,2027\n"
    "NEW-1,2024-05-02,Sahara Services,rabat,ITO,25,2027\n"
    "RIF-2024-1,2024-01-10,Rif Digital,Tanger,ITO,320,2027\n"
)
Status = CommitmentImport.Status


@pytest.fixture(autouse=True)
def small_inline_limit(settings):
    """Files of more than two rows go to the worker, so that small files show it."""
    settings.IMPORT_INLINE_ROWS = 2


@pytest.fixture
def upload(official_client, django_capture_on_commit_callbacks):
    """Uploads `content` to the admin's import; the worker then checks it. Returns the job."""

    def upload(content: str, name="big.csv", *, client=official_client, work=True):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse(IMPORT),
                {"format": "0", "import_file": SimpleUploadedFile(name, content.encode())},
            )
        job = CommitmentImport.objects.latest("started_at")
        assert response.status_code == 302
        assert response["Location"] == job.get_absolute_url()
        if work:
            run_worker()
        job.refresh_from_db()
        return job

    return upload


@pytest.fixture
def confirm(official_client, django_capture_on_commit_callbacks):
    def confirm(job, *, client=official_client):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(job.get_absolute_url())
        run_worker()
        job.refresh_from_db()
        return response

    return confirm


def test_a_large_file_is_checked_by_the_worker_and_waits_for_confirmation(
    official_client, world, upload
):
    job = upload(HEADER + ROWS, work=False)
    assert job.status == Status.CHECKING
    page = official_client.get(job.get_absolute_url())
    assert b'http-equiv="refresh"' in page.content

    run_worker()
    job.refresh_from_db()

    assert job.status == Status.CHECKED
    assert (job.new, job.updated, job.unchanged) == (2, 1, 0)
    assert job.creations["memoranda"] == [["NEW-1", "Sahara Services"]]
    assert not Memorandum.objects.filter(reference="NEW-1").exists()
    page = official_client.get(job.get_absolute_url())
    assert b'http-equiv="refresh"' not in page.content
    assert b'class="import-job-confirm"' in page.content


def test_once_confirmed_the_worker_imports_it_and_the_page_shows_the_outcome(
    official_client, official, world, upload, confirm
):
    job = upload(HEADER + ROWS)

    response = confirm(job)

    assert response.status_code == 302
    assert job.status == Status.DONE
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert (job.new, job.updated, job.unchanged) == (2, 1, 0)
    assert job.data == b""  # the file is no longer kept
    assert Commitment.objects.filter(memorandum__reference="NEW-1").count() == 2
    updated = Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO")
    assert updated.jobs_committed == 320
    record = Operator.history.get(name="Sahara Services")
    assert (record.history_user, record.history_change_reason) == (official, "import of big.csv")
    page = official_client.get(job.get_absolute_url())
    assert b'http-equiv="refresh"' not in page.content
    assert b'class="import-job-confirm"' not in page.content
    assert job.get_status_display() in page.content.decode()


def test_a_file_with_bad_rows_is_refused_with_every_problem_and_nothing_is_saved(
    official_client, world, upload, in_english
):
    job = upload(HEADER + ROWS + "NEW-2,2024-05-02,Sahara Services,Atlantis,BPO,0,2027\n")

    assert job.status == Status.REFUSED
    assert {(p["line"], p["column"]) for p in job.problems} == {
        (5, "city"),
        (5, "jobs_committed"),
    }
    assert job.data == b""
    assert not Memorandum.objects.filter(reference__startswith="NEW-").exists()
    page = official_client.get(job.get_absolute_url()).content.decode()
    assert "Unknown city “Atlantis”" in page
    assert 'class="import-job-confirm"' not in page


def test_a_confirmation_of_a_refused_file_imports_nothing(official_client, world, upload, confirm):
    job = upload(HEADER + ROWS + "NEW-2,2024-05-02,Sahara Services,Atlantis,BPO,40,2027\n")

    confirm(job)

    assert job.status == Status.REFUSED
    assert not DBTaskResult.objects.filter(task_path__endswith="commitments_file_import").exists()


def test_confirming_twice_imports_once(official_client, world, upload, confirm):
    job = upload(HEADER + ROWS)
    confirm(job)
    confirm(job)

    assert DBTaskResult.objects.filter(task_path__endswith="commitments_file_import").count() == 1
    assert Commitment.objects.filter(memorandum__reference="NEW-1").count() == 2


def test_a_file_that_no_longer_passes_at_confirmation_fails_and_saves_nothing(
    official_client, world, upload, confirm, in_english
):
    job = upload(HEADER + ROWS)
    # Recorded between the check and the confirmation, with another operator.
    Memorandum.objects.create(
        reference="NEW-1",
        operator=world.rif,
        signed_on=datetime.date(2024, 5, 2),
        horizon_year=2027,
    )

    confirm(job)

    assert job.status == Status.FAILED
    assert job.error == "The file no longer passes the checks."
    assert [(p["line"], p["column"]) for p in job.problems] == [(2, "operator"), (3, "operator")]
    assert not Operator.objects.filter(name="Sahara Services").exists()
    page = official_client.get(job.get_absolute_url()).content.decode()
    assert job.error in page


def test_an_unexpected_error_marks_the_import_failed_with_its_error(
    official_client, world, upload, confirm, monkeypatch
):
    job = upload(HEADER + ROWS)

    def breaks(data, **kwargs):
        raise RuntimeError("the file store is unreachable")

    monkeypatch.setattr(import_jobs, "read_table", breaks)
    confirm(job)

    assert job.status == Status.FAILED
    assert job.error == "RuntimeError: the file store is unreachable"
    assert DBTaskResult.objects.get(task_path__endswith="commitments_file_import").status == (
        TaskResultStatus.FAILED
    )
    assert not Operator.objects.filter(name="Sahara Services").exists()
    assert job.error in official_client.get(job.get_absolute_url()).content.decode()


def test_a_lost_database_connection_is_tried_again_later(
    official_client, world, upload, confirm, monkeypatch
):
    job = upload(HEADER + ROWS)
    real_save = history.bulk_saved
    calls = []

    def fails_once(objs, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_save(objs, **kwargs)

    monkeypatch.setattr(history, "bulk_saved", fails_once)
    confirm(job)

    assert job.status == Status.QUEUED
    assert not Operator.objects.filter(name="Sahara Services").exists()
    assert "server closed the connection" in job.error
    retry = DBTaskResult.objects.filter(task_path__endswith="commitments_file_import").latest(
        "enqueued_at"
    )
    assert retry.run_after > timezone.now()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.error) == (Status.DONE, "")
    assert Commitment.objects.filter(memorandum__reference="NEW-1").count() == 2


def test_a_connection_the_failure_left_unusable_is_replaced_before_the_status_is_written(
    official_client, world, upload, confirm, monkeypatch
):
    job = upload(HEADER + ROWS)
    renewed = []

    def unusable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(import_jobs, "outcome_of", unusable)
    monkeypatch.setattr(import_jobs, "connection_renew", lambda: renewed.append(job.pk))
    confirm(job)

    job.refresh_from_db()
    assert renewed == [job.pk]
    assert job.status == Status.QUEUED  # tried again later, written with the renewed connection


def test_a_checked_import_left_unconfirmed_ends_after_the_upload_lifetime(
    official_client, world, upload, confirm, settings
):
    settings.IMPORT_UPLOAD_MINUTES = 60
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)):
        job = upload(HEADER + ROWS)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 59, tzinfo=datetime.UTC)):
        call_command("purge_import_uploads", stdout=io.StringIO())
        job.refresh_from_db()
        assert job.status == Status.CHECKED  # the official may still confirm it
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 1, tzinfo=datetime.UTC)):
        call_command("purge_import_uploads", stdout=io.StringIO())

    job.refresh_from_db()
    assert (job.status, job.data) == (Status.FAILED, b"")
    confirm(job)
    assert not Memorandum.objects.filter(reference="NEW-1").exists()


def test_only_the_official_who_started_it_sees_or_confirms_the_import(
    client, django_user_model, admin_login, world, upload
):
    job = upload(HEADER + ROWS)
    colleague = django_user_model.objects.create_superuser(
        username="karim", password="x-colleague-pass-1"
    )
    admin_login(client, colleague)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(job.get_absolute_url()).status_code == 404
    job.refresh_from_db()
    assert job.status == Status.CHECKED


def test_the_import_page_lists_the_officials_own_imports_only(
    official_client, client, django_user_model, admin_login, world, upload
):
    job = upload(HEADER + ROWS)

    page = official_client.get(reverse(IMPORT)).content.decode()
    assert job.get_absolute_url() in page
    colleague = django_user_model.objects.create_superuser(username="karim", password="x-pass-2")
    admin_login(client, colleague)
    assert job.get_absolute_url() not in client.get(reverse(IMPORT)).content.decode()


def test_a_small_file_is_still_previewed_within_the_request(official_client, world, upload):
    response = official_client.post(
        reverse(IMPORT),
        {
            "format": "0",
            "import_file": SimpleUploadedFile(
                "small.csv", (HEADER + ROWS.splitlines(True)[0]).encode()
            ),
        },
    )

    assert response.status_code == 200
    assert "confirm_form" in response.context
    assert not CommitmentImport.objects.exists()


def test_the_page_runs_a_fixed_number_of_queries(
    official_client, world, upload, django_assert_max_num_queries
):
    bad = "".join(f"NEW-{n},2024-05-02,Sahara,Atlantis,BPO,40,2027\n" for n in range(30))
    job = upload(HEADER + ROWS + bad)
    assert len(job.problems) == 30

    with django_assert_max_num_queries(8):
        official_client.get(job.get_absolute_url())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_committed_beside_the_import_transaction(django_user_model):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time: the progress shows once the import ends")
    official = django_user_model.objects.create_user(username="amina", password="x-pass-1")
    job = CommitmentImport.objects.create(official=official, file_name="big.csv", rows_total=1000)

    with transaction.atomic():
        with import_jobs.progress_writer(job.pk) as progress:
            progress(500, 1000)
        transaction.set_rollback(True)  # as a failed import: its progress stays seen

    job.refresh_from_db()
    assert job.rows_done == 500


def test_a_confirmation_forged_from_another_site_is_refused(official_client, world, upload):
    """A page elsewhere that posts to the import's address in the official's browser carries
    no CSRF token: nothing is imported."""
    job = upload(HEADER + ROWS)
    official_client.handler.enforce_csrf_checks = True

    assert official_client.post(job.get_absolute_url()).status_code == 403
    job.refresh_from_db()
    assert job.status == Status.CHECKED
