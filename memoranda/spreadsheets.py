"""The commitment export for spreadsheets: an XLSX workbook, and a CSV that Excel opens as it
stands in a French locale. Both hold the rows and columns of export.csv (memoranda.exports),
with its texts made safe to open in a spreadsheet by the same rule (operators.cells).

- The workbook keeps the types: numbers as numbers, dates as dates, true or false as truth
  values, unknown values as empty cells. openpyxl's write-only mode writes each row to a
  temporary file as it comes, and the workbook is zipped into another, so memory stays flat
  whatever the number of rows.
- Excel in French reads a comma-separated file as one column, and a file without a byte-order
  mark as Windows-1252, which garbles every accent; it reads 12.5 as a text or a date. The
  Excel CSV starts with a UTF-8 byte-order mark, separates its cells with semicolons and writes
  its decimals with a comma; it is export.csv otherwise.
"""

import csv
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from memoranda.exports import COLUMNS, LineBuffer, csv_cell, rows, typed_rows
from operators.cells import safe_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "commitments"
# Written in place of a control character that XLSX cannot hold (all but tab and line breaks):
# openpyxl refuses the whole text otherwise.
REPLACEMENT = "\ufffd"

BYTE_ORDER_MARK = "\ufeff"
EXCEL_DELIMITER = ";"


def xlsx_cell(value):
    """A text made safe (operators.cells), after any character XLSX cannot hold is replaced,
    so that removing one never uncovers a formula; anything else as it is: openpyxl writes a
    number, a date or a truth value as such and leaves None an empty cell."""
    if isinstance(value, str):
        return safe_text(ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value))
    return value


def xlsx_row(sheet, row) -> list:
    """A row's cells (see xlsx_cell). An unknown value in the last column is written as an
    empty cell all the same, where write-only mode would write nothing: a reader that sizes a
    row by its last written cell (as Frictionless tools do) still finds every column."""
    cells = [xlsx_cell(value) for value in row]
    if cells and cells[-1] is None:
        cells[-1] = WriteOnlyCell(sheet, value=None)
        # Excel's own default alignment, set only so that the empty cell is written at all.
        cells[-1].alignment = Alignment(vertical="bottom")
    return cells


def header_cells(sheet, columns=COLUMNS) -> list:
    cells = []
    for index, column in enumerate(columns, start=1):
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        cells.append(cell)
        # Wide enough for the column's name; set before any row, as write-only mode requires.
        sheet.column_dimensions[get_column_letter(index)].width = max(len(column) + 2, 10)
    return cells


def xlsx_file(commitments, absolute_url: Callable[[str], str]):
    """The workbook of `commitments` in a temporary file, read from its start: one sheet,
    "commitments", its header row frozen."""
    values = typed_rows(commitments, absolute_url)
    return table_xlsx_file(SHEET_TITLE, COLUMNS, ([row[c] for c in COLUMNS] for row in values))


def table_xlsx_file(title: str, columns, rows):
    """A workbook of one sheet, `title`, in a temporary file read from its start: `columns`
    (names) as its frozen header row, then `rows` (lists of values in that order)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, columns))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    # Closed by the response that sends it (FileResponse), or here if the workbook fails.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def excel_cell(value):
    """csv_cell(), with a decimal comma. A decimal is never a text, so never quoted: a negative
    pace stays a number (-2,5)."""
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return csv_cell(value)


def excel_csv_lines(commitments, absolute_url: Callable[[str], str]) -> Iterator[str]:
    writer = csv.writer(LineBuffer(), delimiter=EXCEL_DELIMITER, lineterminator="\n")
    yield BYTE_ORDER_MARK + writer.writerow(COLUMNS)
    for row in rows(commitments, absolute_url):
        yield writer.writerow([excel_cell(row[column]) for column in COLUMNS])
