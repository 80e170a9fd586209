"""A file that cannot be read as a whole (empty, neither CSV nor XLSX, in an encoding the
import does not read) is named as such by import_commitments and by the admin's import, in the
same words; the command exits non-zero and nothing is saved."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from memoranda import import_files, imports
from memoranda.models import Commitment, Memorandum
from operators.models import Operator

# English pages and messages, whatever an earlier test left active (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"


def a_zip_that_is_no_workbook() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return stream.getvalue()


BAD_FILES = {
    "empty": ("commitments.csv", b"", imports.EMPTY_FILE),
    "only a byte order mark": ("commitments.csv", b"\xef\xbb\xbf\n", imports.EMPTY_FILE),
    "empty workbook file": ("commitments.xlsx", b"", imports.EMPTY_FILE),
    "text named xlsx": ("commitments.xlsx", HEADER.encode(), imports.NOT_XLSX),
    "zip named xlsx": ("commitments.xlsx", a_zip_that_is_no_workbook(), imports.NOT_XLSX),
    "pdf named csv": ("commitments.csv", b"%PDF-1.7\n...", imports.NOT_CSV_OR_XLSX),
    "workbook named csv": ("commitments.csv", a_zip_that_is_no_workbook(), imports.NOT_CSV_OR_XLSX),
    "not even windows-1252": (
        "commitments.csv",
        (HEADER + "X-1,2024-01-01,Soci\x81t\xe9,Fes,BPO,5,2026\n").encode("latin-1"),
        "encodings tried (UTF-8, UTF-8 with BOM, Windows-1252)",
    ),
    "arabic in windows-1256": (
        "commitments.csv",
        (HEADER + "X-1,2024-01-01,الأطلس,Fes,BPO,5,2026\n").encode("cp1256"),
        # Translated when the test reads it: the command speaks English, the admin French.
        lambda: import_files.OTHER_ENCODING % {"line": 2, "text": "ÇáÃØáÓ"},
    ),
    "utf-16": (
        "commitments.csv",
        (HEADER + "X-1,2024-01-01,Atlas,Fes,BPO,5,2026\n").encode("utf-16"),
        import_files.UTF16,
    ),
    "no separator": (
        "commitments.csv",
        HEADER.replace(",", "|").encode() + b"X-1|2024-01-01|Atlas|Fes|BPO|5|2026\n",
        import_files.NO_SEPARATOR,
    ),
    "a row with more values than columns": (
        "commitments.csv",
        HEADER.replace(",", ";").encode() + b"X-1;2024-01-01;Atlas; Maroc;Fes;BPO;5;2026\n",
        "Line(s) 2 hold more values than the header names columns (7), the file being "
        "separated by semicolons",
    ),
}


def counts():
    return Commitment.objects.count(), Memorandum.objects.count(), Operator.objects.count()


def expected(message) -> str:
    """A case's message in the active language."""
    return str(message() if callable(message) else message)


@pytest.mark.parametrize("case", BAD_FILES)
def test_import_commitments_names_the_problem_and_saves_nothing(world, tmp_path, case):
    name, content, message = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_commitments", str(path), stdout=io.StringIO())

    with translation.override("en"):  # commands run in English (Django leaves no locale)
        assert expected(message) in str(caught.value)
    assert "nothing imported" in str(caught.value)
    assert counts() == before


def test_the_encoding_message_names_the_byte_and_its_position(world, tmp_path):
    path = tmp_path / "commitments.csv"
    path.write_bytes(b"memorandum_reference,city\nF\x81s,\n")

    with pytest.raises(CommandError) as caught:
        call_command("import_commitments", str(path), stdout=io.StringIO())

    assert "byte 0x81 at position 27" in str(caught.value)


@pytest.mark.parametrize("case", [case for case in BAD_FILES if case != "empty workbook file"])
def test_the_admin_import_says_the_same(official_client, world, case):
    name, content, message = BAD_FILES[case]
    format_index = 1 if name.endswith(".xlsx") else 0
    before = counts()

    response = official_client.post(
        reverse("admin:memoranda_commitment_import"),
        {"format": str(format_index), "import_file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["import_file"])
    assert expected(message) in errors
    assert counts() == before
