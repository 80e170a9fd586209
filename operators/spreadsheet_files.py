"""Spreadsheet files read as tables: one reading for every import of the portal (the
commitments import of memoranda, the operators' declaration upload).

CSV as spreadsheets save it: UTF-8 with or without a byte-order mark, or Windows-1252 (French
Excel's "CSV (separator: semicolon)"); separated by commas, semicolons or tabs, the separator
told by the header line. XLSX: the first sheet. Blank rows are dropped, and every other row
keeps the line (or sheet row) it came from, so that a problem names the line a person sees.
A file that cannot be read as a table raises FileProblem, whose message says why.

It lives in operators, which memoranda may import and never the other way round.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence

import tablib
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Starts of files that are certainly not CSV text (ZIP-based workbooks, old Excel, PDF, images).
BINARY_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
# Separators a spreadsheet writes, as the messages name them.
SEPARATORS = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}
# Read as Windows-1252, a file in another single-byte or multi-byte encoding (Arabic in
# Windows-1256, Cyrillic, Shift-JIS...) turns its words into runs of accented Latin letters,
# which French, English or Spanish names never hold three of in a row.
FOREIGN_RUN = re.compile(r"(?:(?![\x00-\x7f])\w){3,}")

EMPTY_FILE = _("The file is empty: it holds no header and no rows.")
NOT_CSV_OR_XLSX = _(
    "The file is neither a CSV file nor an XLSX workbook: save it from the spreadsheet as CSV "
    "UTF-8 or as an Excel workbook (.xlsx)."
)
NOT_XLSX = _(
    "The file is not a readable XLSX workbook: save it from the spreadsheet as an Excel "
    "workbook (.xlsx), or as CSV UTF-8."
)
ENCODINGS_TRIED = "UTF-8, UTF-8 with BOM, Windows-1252"
UNREADABLE_ENCODING = _(
    "The file could not be read as text in the encodings tried (%(encodings)s): byte "
    "%(byte)s at position %(position)d is not valid there. Save it as CSV UTF-8."
)
UTF16 = _(
    "The file is written in UTF-16 (Excel's “Unicode text”), which the import does not read: "
    "save it as CSV UTF-8."
)
OTHER_ENCODING = _(
    "The file is in an encoding the import does not read (it reads UTF-8 and Windows-1252): "
    "line %(line)d reads “%(text)s”. Save it as CSV UTF-8."
)
NO_SEPARATOR = _(
    "The header line holds no comma, semicolon or tab, so its columns cannot be told apart: "
    "separate the columns with commas, semicolons or tabs."
)
TOO_MANY_VALUES = _(
    "Line(s) %(lines)s hold more values than the header names columns (%(columns)d), "
    "the file being separated by %(separator)s: a value holding that separator must be "
    "in double quotes."
)
# A workbook is a ZIP of XML parts, which usually unpack to a few times to a few dozen times
# their packed size. One that unpacks to far more (a "ZIP bomb": megabytes of repeated cells or
# shared strings packed into kilobytes) would hold the server's memory and time for minutes.
MAX_XLSX_EXPANSION = 100
MIN_XLSX_UNPACKED_BYTES = 10_000_000
TOO_LARGE_XLSX = _(
    "The workbook unpacks to %(size)d MB, more than the %(max)d MB this import reads: save "
    "only the sheet to import, or save it as CSV UTF-8."
)
TOO_MANY_ROWS = _(
    "The file holds more than %(max)d rows, more than this import takes: split it into "
    "several files."
)


class FileProblem(Exception):
    """The file cannot be read as a table; str() says why, in the words the person reads."""


def encoding_message(error: UnicodeDecodeError) -> str:
    return UNREADABLE_ENCODING % {
        "encodings": ENCODINGS_TRIED,
        "byte": f"0x{error.object[error.start]:02x}",
        "position": error.start,
    }


def file_problem(data: bytes, xlsx: bool) -> str | None:
    """What makes `data` unreadable as a table (an XLSX workbook when `xlsx`, CSV otherwise),
    or None."""
    if not data.removeprefix(UTF8_BOM).strip():
        return str(EMPTY_FILE)
    if xlsx:
        return None if data.startswith(b"PK\x03\x04") else str(NOT_XLSX)
    if data.startswith(UTF16_BOMS):
        return None  # UTF-16 text, which decoded() names as such
    if data.startswith(BINARY_STARTS) or b"\x00" in data:
        return str(NOT_CSV_OR_XLSX)
    return None


def normalized_headers(headers: Sequence) -> list[str]:
    """Header cells as the rules name them: spreadsheets add spaces and capitals."""
    return [str(header or "").strip().lower() for header in headers]


def read_table(
    data: bytes, *, xlsx: bool, columns: Sequence[str], max_rows: int | None = None
) -> tablib.Dataset:
    """The file's rows under its header, without blank rows; `dataset.lines` holds the line of
    each row in the file. `columns` are the names the reader knows, which tell a CSV's
    separator. More than `max_rows` rows (blank ones included) is a FileProblem, found before
    the rows are kept."""
    problem = file_problem(data, xlsx)
    if problem:
        raise FileProblem(problem)
    if xlsx:
        header, numbered = read_xlsx(data, max_rows)
    else:
        header, numbered = read_csv(decoded(data), columns, max_rows)
    dataset = tablib.Dataset(headers=header)
    width = len(header)
    for _line, cells in numbered:
        dataset.append((list(cells) + [None] * width)[:width])
    dataset.lines = [line for line, _cells in numbered]
    return dataset


def decoded(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):
        raise FileProblem(str(UTF16))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if data.startswith(UTF8_BOM):
            raise FileProblem(encoding_message(error)) from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileProblem(encoding_message(error)) from None
    foreign = FOREIGN_RUN.search(text)
    if foreign:
        line = text.count("\n", 0, foreign.start()) + 1
        raise FileProblem(str(OTHER_ENCODING % {"line": line, "text": foreign.group()}))
    return text


def separator_of(header_line: str, columns: Sequence[str]) -> str:
    """The separator that splits the header line into the most known columns, then the most
    columns."""

    def score(separator):
        cells = normalized_headers(next(csv.reader([header_line], delimiter=separator)))
        return (sum(cell in columns for cell in cells), len(cells))

    best = max(SEPARATORS, key=score)
    if score(best)[1] < 2:
        raise FileProblem(str(NO_SEPARATOR))
    return best


def too_many_rows(max_rows: int) -> FileProblem:
    return FileProblem(str(TOO_MANY_ROWS % {"max": max_rows}))


def read_csv(text: str, columns: Sequence[str], max_rows: int | None = None) -> tuple[list, list]:
    separator = separator_of(text.lstrip("\ufeff").partition("\n")[0].rstrip("\r"), columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = next(reader, [])
    numbered, overfull, line = [], [], reader.line_num
    for count, cells in enumerate(reader, start=1):
        if max_rows is not None and count > max_rows:
            raise too_many_rows(max_rows)
        # A quoted value may span lines: a record starts on the line after the previous one.
        if any(cell.strip() for cell in cells):
            numbered.append((line + 1, cells))
            if any(cell.strip() for cell in cells[len(header) :]):
                overfull.append(line + 1)
        line = reader.line_num
    if overfull:
        raise FileProblem(
            str(
                TOO_MANY_VALUES
                % {
                    "lines": ", ".join(str(number) for number in overfull[:10]),
                    "columns": len(header),
                    "separator": SEPARATORS[separator],
                }
            )
        )
    return header, numbered


def unpacked_size_check(data: bytes) -> None:
    """FileProblem when the workbook's parts unpack to too much. The sizes the ZIP declares are
    the most its reader unpacks: a part that unpacks to more fails its check (BadZipFile)."""
    try:
        size = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileProblem(str(NOT_XLSX)) from None
    limit = max(MAX_XLSX_EXPANSION * len(data), MIN_XLSX_UNPACKED_BYTES)
    if size > limit:
        message = TOO_LARGE_XLSX % {"size": size // 1_000_000, "max": limit // 1_000_000}
        raise FileProblem(str(message))


def sheet_rows(sheet, max_rows: int | None) -> Iterator:
    # The sheet's declared dimension is ignored: a tiny file declaring A1:XFD1048576 would
    # otherwise have every missing row filled in with 16,384 empty cells. Each row is then as
    # wide as its own last cell.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if max_rows is not None and number > max_rows + 1:
            raise too_many_rows(max_rows)
        yield number, cells


def read_xlsx(data: bytes, max_rows: int | None = None) -> tuple[list, list]:
    import openpyxl

    unpacked_size_check(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = sheet_rows(workbook.active, max_rows)
        header = list(next(rows, (1, ()))[1])
        numbered = [
            (number, cells)
            for number, cells in rows
            if any(cell is not None and str(cell).strip() for cell in cells)
        ]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException):
        raise FileProblem(str(NOT_XLSX)) from None
    workbook.close()
    return header, numbered
