"""Files uploaded to the admin's import are kept in the database between preview and
confirmation, never on disk, and removed once the import ends, whatever its outcome."""

import datetime
import io
import tempfile

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from memoranda.admin import CommitmentAdmin
from memoranda.models import Commitment, ImportUpload, Memorandum

HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"
GOOD = (HEADER + "NEW-1,2024-05-02,Sahara Services,Laâyoune,bpo,40,2027\n").encode()
BAD = (HEADER + "NEW-2,2024-05-02,Sahara Services,Atlantis,BPO,40,2027\n").encode()
with translation.override("en"):  # the English pages, whose messages the tests read
    IMPORT = reverse("admin:memoranda_commitment_import")
    CONFIRM = reverse("admin:memoranda_commitment_process_import")


@pytest.fixture(autouse=True)
def disk(tmp_path, monkeypatch, settings):
    """The temporary folder and the media folder, empty at the start, so that any file an
    import left behind would show."""
    temporary = tmp_path / "tmp"
    media = tmp_path / "media"
    temporary.mkdir()
    media.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    settings.MEDIA_ROOT = media
    return [temporary, media]


def nothing_on(disk) -> bool:
    return not [path for folder in disk for path in folder.rglob("*")]


def preview(client, content: bytes, name="commitments.csv", format_index=0):
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"format": str(format_index), "import_file": upload})


def confirm(client, response):
    return client.post(CONFIRM, response.context["confirm_form"].initial)


def test_a_confirmed_import_leaves_nothing_behind(official_client, world, disk):
    previewed = preview(official_client, GOOD)

    # Between preview and confirmation the file is in the database, which every worker shares.
    [upload] = ImportUpload.objects.all()
    assert bytes(upload.data) == GOOD
    assert upload.name == previewed.context["confirm_form"].initial["import_file_name"]
    response = confirm(official_client, previewed)

    assert response.status_code == 302
    assert Memorandum.objects.filter(reference="NEW-1").exists()
    assert not ImportUpload.objects.exists()
    assert nothing_on(disk)


def test_an_xlsx_import_reads_its_upload_back_as_bytes(official_client, world, disk):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.strip().split(","))
    workbook.active.append(
        ["RIF-2024-1", datetime.date(2024, 1, 10), "Rif Digital", "Tanger", "ITO", 320, 2027]
    )
    stream = io.BytesIO()
    workbook.save(stream)

    confirm(official_client, preview(official_client, stream.getvalue(), "commitments.xlsx", 1))

    commitment = Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO")
    assert commitment.jobs_committed == 320
    assert not ImportUpload.objects.exists()
    assert nothing_on(disk)


def test_a_preview_refused_for_bad_rows_removes_its_upload(official_client, world, disk):
    response = preview(official_client, BAD)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert response.context["result"].invalid_rows
    assert not ImportUpload.objects.exists()
    assert nothing_on(disk)


def test_an_unreadable_file_removes_its_upload(official_client, world, disk):
    response = preview(official_client, b"not a spreadsheet", "commitments.xlsx", 1)

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert not ImportUpload.objects.exists()
    assert nothing_on(disk)


def test_a_confirmation_that_fails_the_checks_removes_its_upload(official_client, world, disk):
    previewed = preview(official_client, GOOD)
    Memorandum.objects.create(  # recorded meanwhile with another date: the file fails now
        reference="NEW-1",
        operator=world.atlas,
        signed_on=datetime.date(2024, 6, 1),
        horizon_year=2027,
    )

    response = confirm(official_client, previewed)

    assert response.url == IMPORT
    assert Commitment.objects.count() == 5
    assert not ImportUpload.objects.exists()


def test_a_confirmation_that_crashes_still_removes_its_upload(
    official_client, world, disk, monkeypatch
):
    previewed = preview(official_client, GOOD)

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(CommitmentAdmin, "process_dataset", crash)
    with pytest.raises(RuntimeError):
        confirm(official_client, previewed)

    assert not ImportUpload.objects.exists()
    assert not Memorandum.objects.filter(reference="NEW-1").exists()


def test_confirming_twice_says_to_upload_again(official_client, world):
    previewed = preview(official_client, GOOD)
    confirm(official_client, previewed)

    again = official_client.post(CONFIRM, previewed.context["confirm_form"].initial, follow=True)

    assert again.status_code == 200
    assert "upload it again" in again.content.decode()
    assert Commitment.objects.filter(memorandum__reference="NEW-1").count() == 1


def test_an_abandoned_preview_is_removed_after_its_lifetime(official_client, world, settings):
    settings.IMPORT_UPLOAD_MINUTES = 60
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)):
        preview(official_client, GOOD)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 59, tzinfo=datetime.UTC)):
        call_command("purge_import_uploads", stdout=io.StringIO())
        assert ImportUpload.objects.count() == 1  # the official may still confirm it
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 1, tzinfo=datetime.UTC)):
        call_command("purge_import_uploads", stdout=io.StringIO())

    assert not ImportUpload.objects.exists()


def test_the_next_upload_removes_abandoned_previews(official_client, world, settings):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)):
        abandoned = preview(official_client, GOOD).context["confirm_form"].initial
    with time_machine.travel(datetime.datetime(2026, 12, 1, 11, 0, tzinfo=datetime.UTC)):
        fresh = preview(official_client, GOOD).context["confirm_form"].initial

    assert list(ImportUpload.objects.values_list("name", flat=True)) == [fresh["import_file_name"]]
    assert abandoned["import_file_name"] != fresh["import_file_name"]
