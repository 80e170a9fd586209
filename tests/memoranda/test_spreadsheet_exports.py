"""The spreadsheet downloads of the commitments: export.xlsx holds export.csv's rows and columns
as a typed workbook, export-excel.csv is export.csv as Excel reads it in French (byte-order
mark, semicolons, decimal commas); both take the list's parameters, answer a bad one as the CSV
does, write texts safe to open in a spreadsheet and run a fixed number of queries.

The `measured` world gives figures of every kind (a negative pace among them) beside unknown
ones, and a withdrawn commitment whose withdrawn_on is a date."""

import csv
import datetime
import io
import itertools

import openpyxl
import pytest

from memoranda import spreadsheets
from memoranda.exports import COLUMNS, TEXT_COLUMNS
from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, Memorandum
from memoranda.opendata import COLUMNS as DESCRIBED_COLUMNS
from memoranda.withdrawals import commitment_withdraw
from operators.cells import FORMULA_STARTS
from operators.headcounts import scope_headcounts_refresh
from operators.models import City, Declaration, DeclarationLine, Operator, Site
from tests.memoranda.progress_world import TODAY

pytestmark = pytest.mark.django_db

XLSX = "/commitments/export.xlsx"
EXCEL_CSV = "/commitments/export-excel.csv"
HYPERLINK = '=HYPERLINK("http://x","y")'
TYPES = {column.name: column.type for column in DESCRIBED_COLUMNS}
DECIMAL_COLUMNS = [name for name, kind in TYPES.items() if kind == "number"]
# Cell types openpyxl reads back: n a number, d a date, s a text, b a truth value.
CELL_TYPES = {"integer": "n", "year": "n", "number": "n", "date": "d", "string": "s"}
CELL_TYPES["boolean"] = "b"


def declare(site, year, quarter, segment, headcount, permanent, women):
    declaration = Declaration.objects.create(
        site=site, year=year, quarter=quarter, status=Declaration.Status.VALIDATED
    )
    DeclarationLine.objects.create(
        declaration=declaration,
        segment=segment,
        headcount=headcount,
        permanent=permanent,
        women=women,
    )


@pytest.fixture
def measured(world, cities, segments, official, time_machine):
    """Figures of every kind beside unknown ones, read on 20 November 2025:

    - Atlas BPO Casablanca (400, baseline 100): 300 in 2025-Q1, 280 in 2025-Q2 (100 permanent,
      90 women): 180 created, 45.0 %, a pace of -20.0 a quarter, shares 35.7 and 32.1 %;
    - Rif ITO Tanger (300, baseline 0): 330 in 2025-Q3: achieved, 110.0 %;
    - Rif KPO Casablanca withdrawn on 30 June 2025 (listed with withdrawn=include);
    - the others without a figure (no_data)."""
    time_machine.move_to(TODAY, tick=False)
    casa = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    casa.segments.set([segments["BPO"]])
    declare(casa, 2025, 1, segments["BPO"], 300, 100, 90)
    declare(casa, 2025, 2, segments["BPO"], 280, 100, 90)
    tanger = Site.objects.create(operator=world.rif, name="Tanger Tech", city=cities["tanger"])
    tanger.segments.set([segments["ITO"]])
    declare(tanger, 2025, 3, segments["ITO"], 330, 200, 150)
    scope_headcounts_refresh([world.atlas.pk, world.rif.pk])
    Commitment.objects.filter(segment__code="BPO", city__slug="casablanca").update(
        baseline_headcount=100
    )
    Commitment.objects.filter(segment__code="ITO", city__slug="tanger").update(baseline_headcount=0)
    commitment_figures_refresh([world.atlas.pk, world.rif.pk])
    commitment_withdraw(
        commitment=Commitment.objects.get(segment__code="KPO"),
        reason="Never signed",
        on=datetime.date(2025, 6, 30),
        user=official,
    )
    return world


def csv_rows(client, query: str = "") -> list[list[str]]:
    """export.csv's lines, its header first."""
    response = client.get(f"/commitments/export.csv?{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def sheet_of(client, query: str = ""):
    response = client.get(f"{XLSX}?{query}")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["commitments"]
    return workbook["commitments"]


def excel_csv_bytes(client, query: str = "") -> bytes:
    response = client.get(f"{EXCEL_CSV}?{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def excel_csv_rows(client, query: str = "") -> list[list[str]]:
    text = excel_csv_bytes(client, query).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def as_written_in_csv(value) -> str:
    """A workbook cell's value as export.csv writes it (numbers compared as numbers: the
    workbook stores 50.0 as 50)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        assert value.time() == datetime.time(0)
        return value.date().isoformat()
    return value


def assert_same_cells(sheet_rows: list, lines: list[list[str]]) -> None:
    assert len(sheet_rows) == len(lines)
    for number, (cells, line) in enumerate(zip(sheet_rows, lines, strict=True), start=1):
        assert len(cells) == len(line) == len(COLUMNS), number
        for column, cell, text in zip(COLUMNS, cells, line, strict=True):
            value = as_written_in_csv(cell)
            if isinstance(value, int | float):
                assert text != "" and float(text) == value, (number, column)
            else:
                assert value == text, (number, column)


QUERIES = [
    "",
    "city=unallocated",
    "status=achieved",
    "status=no_data",
    "withdrawn=include",
    "segment=bpo&ordering=-progress_percent",
    "city=agadir",
]


# Atlas BPO Casablanca in the measured world.
HAND_WORKED = {
    "signed_on": datetime.datetime(2023, 3, 15),
    "jobs_committed": 400,
    "jobs_created": 180,
    "progress_percent": 45,
    "headcount": 280,
    "headcount_quarter": "2025-Q2",
    "pace_per_quarter": -20,
    "permanent_percent": 35.7,
    "women_percent": 32.1,
    "horizon_year": 2026,
    "sources": 0,
    "sources_disagree": False,
}


class TestWorkbook:
    @pytest.mark.parametrize("query", QUERIES)
    def test_it_holds_the_csv_rows_cell_by_cell(self, client, measured, query):
        sheet = sheet_of(client, query)

        assert_same_cells(list(sheet.values), csv_rows(client, query))

    def test_the_filters_really_select(self, client, measured):
        def selected(query):
            return len(list(sheet_of(client, query).values)) - 1

        counts = [selected(query) for query in QUERIES]

        assert counts == [4, 1, 1, 2, 5, 2, 0]

    def test_figures_are_numbers_worked_out_by_hand(self, client, measured):
        sheet = sheet_of(client, "city=casablanca&segment=bpo")
        (row,) = sheet.iter_rows(min_row=2, values_only=True)
        values = dict(zip(COLUMNS, row, strict=True))

        assert {column: values[column] for column in HAND_WORKED} == HAND_WORKED

    def test_its_header_is_the_csv_header_frozen(self, client, world):
        sheet = sheet_of(client)

        assert [cell.value for cell in sheet[1]] == list(COLUMNS)
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])

    def test_cells_have_the_type_of_their_column(self, client, measured):
        sheet = sheet_of(client, "withdrawn=include")
        types = {}
        for row in sheet.iter_rows(min_row=2):
            for column, cell in zip(COLUMNS, row, strict=True):
                if cell.value is not None:
                    types.setdefault(column, set()).add(cell.data_type)

        assert types == {column: {CELL_TYPES[TYPES[column]]} for column in COLUMNS}
        assert sheet["B2"].is_date
        assert sheet["B2"].value == datetime.datetime(2023, 3, 15)

    def test_unknown_values_are_empty_cells_never_zero(self, client, world):
        sheet = sheet_of(client, "city=unallocated")
        (row,) = sheet.iter_rows(min_row=2, values_only=True)
        values = dict(zip(COLUMNS, row, strict=True))

        assert [values[c] for c in ("city", "region", "jobs_created", "progress_percent")] == [
            None
        ] * 4
        assert values["jobs_committed"] == 100

    def test_it_holds_every_row_not_one_page(self, client, world, settings):
        settings.COMMITMENTS_PER_PAGE = 2

        assert len(list(sheet_of(client, "page=2").values)) == 1 + 5

    def test_it_is_a_workbook_attachment(self, client, world):
        response = client.get(XLSX)

        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert response["Content-Disposition"] == 'attachment; filename="commitments.xlsx"'


@pytest.fixture
def dangerous_world(world):
    """Atlas renamed =HYPERLINK(...), Casablanca renamed `-Casa; "the white", x` (separators of
    both CSVs, quotes and a minus in front)."""
    Operator.objects.filter(pk=world.atlas.pk).update(name=HYPERLINK)
    City.objects.filter(slug="casablanca").update(name='-Casa; "the white", x')
    return world


class TestFormulas:
    def test_no_workbook_cell_is_a_live_formula(self, client, dangerous_world):
        sheet = sheet_of(client)
        cells = [cell for row in sheet.iter_rows() for cell in row]
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]

        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        assert not [text for text in texts if text.startswith(FORMULA_STARTS)]
        assert "'" + HYPERLINK in texts
        assert '\'-Casa; "the white", x' in texts

    def test_workbook_texts_are_quoted_as_the_csv_quotes_them(self, client, dangerous_world):
        assert_same_cells(list(sheet_of(client).values), csv_rows(client))

    def test_excel_csv_quotes_formulas_and_keeps_separators_inside_cells(
        self, client, dangerous_world
    ):
        header, *rows = excel_csv_rows(client)
        texts = [row[COLUMNS.index(column)] for row in rows for column in TEXT_COLUMNS]

        assert {len(row) for row in rows} == {len(COLUMNS)}
        assert "'" + HYPERLINK in texts
        assert '\'-Casa; "the white", x' in texts
        assert not [text for text in texts if text.startswith(FORMULA_STARTS)]

    def test_a_control_character_xlsx_cannot_hold_uncovers_no_formula(self, client, world):
        Operator.objects.filter(pk=world.rif.pk).update(name="\x01=1+1")

        sheet = sheet_of(client)
        operators = {row[COLUMNS.index("operator")] for row in sheet.iter_rows(values_only=True)}

        assert "\ufffd=1+1" in operators
        assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


class TestExcelCsv:
    def test_it_starts_with_a_byte_order_mark_and_separates_with_semicolons(self, client, world):
        data = excel_csv_bytes(client)

        assert data.startswith(b"\xef\xbb\xbf")
        assert data[3:].decode().splitlines()[0] == ";".join(COLUMNS)
        assert "Fès".encode() in data

    @pytest.mark.parametrize("query", QUERIES)
    def test_it_parses_back_to_the_csv_values(self, client, measured, query):
        excel = excel_csv_rows(client, query)
        plain = csv_rows(client, query)

        assert excel[0] == plain[0] == list(COLUMNS)
        assert len(excel) == len(plain)
        for excel_row, row in zip(excel[1:], plain[1:], strict=True):
            for column, excel_cell, cell in zip(COLUMNS, excel_row, row, strict=True):
                expected = cell.replace(".", ",") if column in DECIMAL_COLUMNS else cell
                assert excel_cell == expected, column

    def test_decimals_are_written_with_a_comma(self, client, measured):
        header, *rows = excel_csv_rows(client)
        decimals = [row[header.index(c)] for row in rows for c in DECIMAL_COLUMNS]

        assert "-20,0" in decimals  # Atlas BPO Casablanca's pace: a number, not quoted
        assert all("," in d and "." not in d for d in decimals if d)

    def test_a_negative_decimal_stays_a_number(self):
        values = [-2.5, 12, -120, "-Op", None, True]

        assert [spreadsheets.excel_cell(v) for v in values] == [
            "-2,5",
            12,
            -120,
            "'-Op",
            "",
            "true",
        ]

    def test_it_is_a_csv_attachment(self, client, world):
        response = client.get(EXCEL_CSV)

        assert response.streaming is True
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="commitments-excel.csv"'


@pytest.mark.parametrize("path", [XLSX, EXCEL_CSV])
@pytest.mark.parametrize(
    "query", ["city=atlantis", "status=finished", "ordering=salary", "q=a%00b", "segment=xyz"]
)
def test_a_bad_parameter_is_answered_as_the_csv_answers_it(client, world, path, query):
    expected = client.get(f"/en/commitments/export.csv?{query}")

    response = client.get(f"/en{path}?{query}")

    assert response.status_code == expected.status_code == 400
    assert response["Content-Type"] == expected["Content-Type"]
    assert response.content == expected.content


@pytest.fixture(params=[3, 30])
def commitments(request, db, cities, segments):
    """An operator with one memorandum of `request.param` commitments."""
    operator = Operator.objects.create(name="Sahara Sourcing", slug="sahara-sourcing")
    memorandum = Memorandum.objects.create(
        reference="SAHARA-2024-1",
        operator=operator,
        signed_on=datetime.date(2024, 5, 2),
        horizon_year=2027,
    )
    scopes = itertools.islice(itertools.product(segments.values(), cities.values()), request.param)
    Commitment.objects.bulk_create(
        Commitment(memorandum=memorandum, segment=segment, city=city, jobs_committed=10)
        for segment, city in scopes
    )
    commitment_figures_refresh([operator.pk])
    return request.param


# The rows' one query, as export.csv: the same with 3 commitments as with 30.
def test_the_workbook_query_count_does_not_grow_with_rows(
    client, commitments, django_assert_num_queries
):
    with django_assert_num_queries(1):
        content = b"".join(client.get(XLSX).streaming_content)

    assert openpyxl.load_workbook(io.BytesIO(content)).active.max_row == 1 + commitments


def test_the_excel_csv_query_count_does_not_grow_with_rows(
    client, commitments, django_assert_num_queries
):
    with django_assert_num_queries(1):
        content = b"".join(client.get(EXCEL_CSV).streaming_content)

    assert content.count(b"\n") == 1 + commitments


def test_the_list_links_both_beside_csv_and_json_keeping_its_filters(client, world, in_english):
    page = client.get("/en/commitments/?segment=bpo&page=1").content.decode()

    assert 'href="/en/commitments/export.csv?segment=bpo">CSV</a>' in page
    assert 'href="/en/commitments/export.xlsx?segment=bpo">Excel (XLSX)</a>' in page
    assert 'href="/en/commitments/export-excel.csv?segment=bpo">CSV for Excel (semicolons)' in page


def test_the_open_data_page_offers_and_explains_both(client, world, in_english):
    page = client.get("/en/open-data/").content.decode()

    assert 'href="/en/commitments/export.xlsx"' in page
    assert 'href="/en/commitments/export-excel.csv"' in page
    assert "byte-order mark" in page
    assert "dates are dates" in page
