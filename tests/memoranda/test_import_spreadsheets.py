"""Commitments files as spreadsheets save them: French Excel's semicolons in Windows-1252 with
day-first dates, tabs, a byte-order mark; the same in import_commitments and the admin's import,
whose page lists problems in a table, what the import will create and close operator names."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from memoranda import import_files
from memoranda.import_template import COLUMNS
from memoranda.models import Commitment, Memorandum
from operators.models import Operator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

HEADER = ["memorandum_reference", "signed_on", "operator", "city", "segment"]
HEADER += ["jobs_committed", "horizon_year", "baseline"]
# Saved by French Excel as "CSV (separator: semicolon)": Windows-1252, day-first dates.
FRENCH_EXCEL = (
    ";".join(HEADER) + "\r\n"
    "SUD-2025-1;01/06/2025;Société Souss;Fès;BPO;60;2028;\r\n"
    "SUD-2025-1;01/06/2025;Société Souss;;KPO;15;2028;0\r\n"
    ";;;;;;;\r\n"
).encode("cp1252")


def run(path, *args):
    out = io.StringIO()
    call_command("import_commitments", str(path), *args, stdout=out)
    return out.getvalue()


def rejected(path):
    with pytest.raises(CommandError) as caught:
        run(path)
    return str(caught.value)


def counts():
    return Commitment.objects.count(), Memorandum.objects.count(), Operator.objects.count()


@pytest.fixture
def write(tmp_path):
    def write(content: bytes, name="commitments.csv"):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def preview(client, content: bytes, name="commitments.csv", format_index=0):
    return client.post(
        reverse("admin:memoranda_commitment_import"),
        {"format": str(format_index), "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, response):
    return client.post(
        reverse("admin:memoranda_commitment_process_import"),
        response.context["confirm_form"].initial,
    )


class TestCommand:
    def test_it_imports_a_french_excel_file(self, world, write):
        output = run(write(FRENCH_EXCEL))

        assert "Commitments: 2 created, 0 updated, 0 unchanged." in output
        memorandum = Memorandum.objects.get(reference="SUD-2025-1")
        assert memorandum.operator.name == "Société Souss"
        assert memorandum.signed_on.isoformat() == "2025-06-01"
        assert memorandum.commitments.get(segment__code="BPO").city.slug == "fes"

    @pytest.mark.parametrize(
        ("separator", "encoding"),
        [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-8"), ("\t", "cp1252"), (",", "cp1252")],
    )
    def test_it_reads_every_separator_and_encoding(self, world, write, separator, encoding):
        rows = [HEADER, ["SUD-2025-1", "10/06/2025", "Société Souss", "Fès", "BPO", "60", "2028"]]
        text = "\n".join(separator.join(row) for row in rows) + "\n"

        run(write(text.encode(encoding)))

        memorandum = Memorandum.objects.get(reference="SUD-2025-1")
        assert (memorandum.operator.name, memorandum.signed_on.isoformat()) == (
            "Société Souss",
            "2025-06-10",
        )

    def test_a_quoted_value_holding_another_separator_stays_one_value(self, world, write):
        text = ",".join(HEADER) + '\nSUD-2025-1,2025-06-01,"Souss; Services",Agadir,BPO,60,2028,\n'

        run(write(text.encode()))

        assert Operator.objects.filter(name="Souss; Services").exists()

    def test_a_second_run_of_the_french_excel_file_changes_nothing(self, world, write):
        path = write(FRENCH_EXCEL)
        run(path)

        assert "0 created, 0 updated, 2 unchanged" in run(path)

    def test_a_day_first_date_that_does_not_exist_names_line_and_column(self, world, write):
        before = counts()

        message = rejected(write(FRENCH_EXCEL.replace(b"01/06/2025;Soci", b"31/06/2025;Soci", 1)))

        assert "line 2, column signed_on: “31/06/2025” is not a date" in message
        assert counts() == before

    def test_a_comma_file_row_in_a_semicolon_file_is_refused_naming_its_line(self, world, write):
        content = FRENCH_EXCEL + b"SUD-2025-2,2025-06-01,Souss,Agadir,BPO,60,2028,\r\n"
        before = counts()

        message = rejected(write(content))

        # Its one value lacks every other column.
        assert "line 5, column signed_on: This column is required." in message
        assert counts() == before

    def test_it_warns_of_a_new_operator_close_to_a_recorded_one(self, world, write):
        row = "SUD-2025-1,2025-06-01,ATLAS RELATION MAROC S.A.,,BPO,60,2028,"
        text = ",".join(HEADER) + "\n" + row + "\n"

        output = run(write(text.encode()))

        assert (
            "Warning: new operator “ATLAS RELATION MAROC S.A.” is close to “Atlas Relation”"
            in output
        )
        assert Operator.objects.filter(name="ATLAS RELATION MAROC S.A.").exists()


class TestAdmin:
    def test_a_french_excel_file_previews_and_imports(self, official_client, world):
        previewed = preview(official_client, FRENCH_EXCEL)

        assert previewed.status_code == 200
        assert "confirm_form" in previewed.context
        assert confirm(official_client, previewed).status_code == 302
        memorandum = Memorandum.objects.get(reference="SUD-2025-1")
        assert memorandum.operator.name == "Société Souss"
        assert memorandum.commitments.count() == 2
        # Written a batch at a time, each commitment keeps who and why.
        for commitment in memorandum.commitments.all():
            [record] = commitment.history.all()
            assert (record.history_type, record.history_username) == ("+", "amina")
            assert record.history_change_reason == "import of commitments.csv"

    def test_the_preview_lists_what_the_import_creates_and_close_names(
        self, official_client, world
    ):
        text = (
            ",".join(HEADER) + "\n"
            "SUD-2025-1,2025-06-01,Atlas Relation Maroc,,BPO,60,2028,\n"
            "SUD-2025-2,2025-06-01,Rif,,BPO,60,2028,\n"
            "RIF-2024-1,2024-01-10,Rif Digital,Tanger,ITO,320,2027,\n"
        )

        page = preview(official_client, text.encode()).content.decode()

        assert "What the import will create" in page
        assert "<li>SUD-2025-1 (Atlas Relation Maroc)</li>" in page
        assert "<li>SUD-2025-2 (Rif)</li>" in page
        assert "<li>Atlas Relation Maroc</li>" in page
        assert (
            "New operator “Atlas Relation Maroc” is close to the recorded operator "
            "“Atlas Relation”" in page
        )
        assert "New operator “Rif” is close to the recorded operator “Rif Digital”" in page
        assert "RIF-2024-1 (" not in page  # recorded already
        assert not Memorandum.objects.filter(reference__startswith="SUD-").exists()

    def test_row_problems_are_a_table_of_line_column_and_message(self, official_client, world):
        content = FRENCH_EXCEL.replace(b";F\xe8s;", b";Atlantis;").replace(b";KPO;", b";XPO;")
        before = counts()

        response = preview(official_client, content)

        assert "confirm_form" not in response.context
        rows = [
            (problem.line, problem.column, problem.message[:20])
            for problem in response.context["result"].problems
        ]
        assert rows == [(2, "city", "Unknown city “Atlant"), (3, "segment", "Unknown segment “XPO")]
        page = response.content.decode()
        assert '<table class="import-problems">' in page
        assert "<td>2</td>\n      <td>city</td>\n      <td>Unknown city" in page
        assert counts() == before

    def test_a_missing_column_is_in_the_table_for_the_whole_file(self, official_client, world):
        text = "memorandum_reference;signed_on;operator;segment\nX-1;2025-06-01;Souss;BPO\n"

        response = preview(official_client, text.encode())

        page = response.content.decode()
        assert "<td>whole file</td>" in page
        assert "Missing column(s) in the header: city, jobs_committed, horizon_year." in page
        assert not Memorandum.objects.filter(reference="X-1").exists()

    def test_the_import_page_links_both_templates(self, official_client, world):
        page = official_client.get(reverse("admin:memoranda_commitment_import")).content.decode()

        assert reverse("admin:memoranda_commitment_import_template_csv") in page
        assert reverse("admin:memoranda_commitment_import_template_xlsx") in page


class TestTemplate:
    def test_the_csv_template_has_the_columns_and_imports_as_is(
        self, official_client, world, write
    ):
        response = official_client.get(reverse("admin:memoranda_commitment_import_template_csv"))

        assert response["Content-Disposition"] == 'attachment; filename="commitments.csv"'
        table = import_files.read_table(response.content, xlsx=False)
        assert table.headers == list(COLUMNS)
        assert len(table) == 1
        run(write(response.content))
        assert Memorandum.objects.filter(reference="EXAMPLE-2025-1").exists()

    def test_the_xlsx_template_has_the_columns_and_imports_as_is(
        self, official_client, world, write
    ):
        response = official_client.get(reverse("admin:memoranda_commitment_import_template_xlsx"))

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [cell.value for cell in sheet[1]] == list(COLUMNS)
        assert sheet.max_row == 2
        run(write(response.content, name="commitments.xlsx"))
        commitment = Commitment.objects.get(memorandum__reference="EXAMPLE-2025-1")
        assert (commitment.city.slug, commitment.jobs_committed) == ("casablanca", 250)

    def test_the_templates_are_for_officials_who_may_import(
        self, client, admin_login, world, django_user_model
    ):
        viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
        admin_login(client, viewer)

        response = client.get(reverse("admin:memoranda_commitment_import_template_csv"))

        assert response.status_code == 403


class TestQueries:
    def test_the_queries_of_an_import_do_not_grow_with_its_rows(self, world, write, cities):
        names = sorted(city.name for city in cities.values())

        def queries(size):
            rows = [
                f"RIF-2024-1;10/01/2024;Rif Digital;{name};ESO;{size};2027;"
                for name in names[:size]
            ]
            path = write((";".join(HEADER) + "\n" + "\n".join(rows) + "\n").encode())
            with CaptureQueriesContext(connection) as captured:
                run(path, "--dry-run")
            return len(captured)

        assert queries(3) == queries(12)
