"""A commitments file read as a table: one reading for import_commitments and the admin's import.

The reading itself (encodings, separators, XLSX, line numbers, the messages of a file that
cannot be read) is operators.spreadsheet_files, shared with the operators' declaration upload;
here it knows the commitment columns, which tell a CSV's separator.
"""

import tablib

from memoranda import imports
from operators.spreadsheet_files import (  # noqa: F401 (the names callers and tests use)
    NO_SEPARATOR,
    OTHER_ENCODING,
    TOO_MANY_VALUES,
    UTF16,
    FileProblem,
)
from operators.spreadsheet_files import read_table as read_spreadsheet

COLUMNS = imports.REQUIRED_COLUMNS + imports.OPTIONAL_COLUMNS


def read_table(data: bytes, *, xlsx: bool) -> tablib.Dataset:
    """The file's rows under its header, without blank rows; `dataset.lines` holds the line of
    each row in the file."""
    return read_spreadsheet(data, xlsx=xlsx, columns=COLUMNS)
