"""Every CSV and XLSX download writes a text a spreadsheet would run as a formula with a quote
in front (operators.cells), and keeps numbers as numbers, a negative one included."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from memoranda import exports
from memoranda.models import Commitment
from operators.cells import FORMULA_STARTS, safe_text
from operators.models import City, Operator

HYPERLINK = '=HYPERLINK("http://x","y")'
DANGEROUS = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def url(path):
    return "http://testserver" + path


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def dangerous_world(world):
    """Atlas renamed =HYPERLINK(...), Casablanca renamed "-Casa, \"the white\"" (a separator,
    quotes and a minus in front)."""
    Operator.objects.filter(pk=world.atlas.pk).update(name=HYPERLINK)
    City.objects.filter(slug="casablanca").update(name='-Casa, "the white"')
    return world


@pytest.mark.parametrize("text", DANGEROUS)
def test_safe_text_puts_a_quote_in_front_of_each_formula_start(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Atlas", "", "a=b", "1-2", -5, 3.5, None])
def test_safe_text_leaves_other_values_alone(value):
    assert safe_text(value) == value


def test_the_rule_covers_what_owasp_lists():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.django_db
class TestPublicCsv:
    def test_commitments_csv_quotes_a_formula_operator(self, client, dangerous_world):
        body = streamed(client.get(reverse("memoranda:commitment_export_csv")))
        rows = list(csv.DictReader(io.StringIO(body)))

        operators = {row["operator"] for row in rows}
        assert "'" + HYPERLINK in operators
        assert HYPERLINK not in operators
        texts = [row[column] for row in rows for column in exports.TEXT_COLUMNS]
        assert not [text for text in texts if text.startswith(FORMULA_STARTS)]

    def test_an_embedded_separator_stays_inside_its_cell(self, client, dangerous_world):
        body = streamed(client.get(reverse("memoranda:commitment_export_csv")))
        rows = list(csv.DictReader(io.StringIO(body)))

        assert '\'-Casa, "the white"' in {row["city"] for row in rows}
        assert {len(row) for row in rows} == {len(exports.COLUMNS)}
        assert all(None not in row for row in rows)

    def test_a_negative_number_stays_a_number(self, dangerous_world):
        values = {"jobs_committed": 5, "projected_gap": -120, "operator": "-Op"}
        assert exports.csv_cells(values.values()) == [5, -120, "'-Op"]

    @pytest.mark.parametrize("name", DANGEROUS)
    def test_each_formula_start_is_quoted_in_the_csv(self, client, world, name):
        Operator.objects.filter(pk=world.rif.pk).update(name=name)

        body = streamed(client.get(reverse("memoranda:commitment_export_csv")))

        operators = {row["operator"] for row in csv.DictReader(io.StringIO(body))}
        assert "'" + name in operators

    def test_by_city_csv_quotes_a_formula_city(self, client, dangerous_world):
        body = streamed(client.get(reverse("memoranda:by_city_csv")))

        cities = {row["city"] for row in csv.DictReader(io.StringIO(body))}
        assert '\'-Casa, "the white"' in cities

    def test_by_segment_and_over_time_csv_have_no_formula(self, client, dangerous_world):
        for name in ("memoranda:by_segment_csv", "memoranda:over_time_csv"):
            body = streamed(client.get(reverse(name)))
            cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
            assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
    def test_copy_quotes_as_the_python_writer_does(self, dangerous_world):
        from memoranda import copy_export

        commitments = Commitment.objects.for_public_list().order_by("pk")
        for name in DANGEROUS[1:]:
            Operator.objects.filter(pk=dangerous_world.rif.pk).update(name=name)

            written = b"".join(copy_export.copy_csv_lines(commitments, url)).decode()

            assert written == "".join(exports.csv_lines(commitments, url))
            assert "'" + HYPERLINK.replace('"', '""') in written
            assert "'" + name in {row["operator"] for row in csv.DictReader(io.StringIO(written))}


def admin_export(client, file_format: str):
    export_url = reverse("admin:memoranda_commitment_export")
    form = client.get(export_url).context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("commitmentresource_")}
    formats = dict(form.fields["format"].choices)
    index = next(key for key, label in formats.items() if label.lower() == file_format)
    return client.post(export_url, {"format": index, "resource": "0", **selected})


@pytest.mark.django_db
class TestAdminExports:
    def test_xlsx_has_no_live_formula_and_no_text_starting_with_equals(
        self, official_client, dangerous_world
    ):
        response = admin_export(official_client, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]

        assert response.status_code == 200
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
        assert "'" + HYPERLINK in texts

    def test_xlsx_numbers_stay_numbers(self, official_client, dangerous_world):
        response = admin_export(official_client, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in sheet[1]]
        jobs = [row[header.index("jobs_committed")] for row in sheet.iter_rows(min_row=2)]

        assert sorted(cell.value for cell in jobs) == [50, 100, 250, 300, 400]
        assert {cell.data_type for cell in jobs} == {"n"}

    def test_csv_quotes_a_formula_operator(self, official_client, dangerous_world):
        response = admin_export(official_client, "csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

        assert "'" + HYPERLINK in {row["operator"] for row in rows}

    def test_a_quoted_export_imports_back_unchanged(
        self, official_client, dangerous_world, tmp_path
    ):
        path = tmp_path / "export.csv"
        path.write_bytes(admin_export(official_client, "csv").content)
        out = io.StringIO()

        call_command("import_commitments", str(path), stdout=out)

        assert "0 created, 0 updated, 5 unchanged" in out.getvalue()
        assert not Operator.objects.filter(name__startswith="'").exists()
