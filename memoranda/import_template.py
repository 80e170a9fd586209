"""The commitments file to fill in: the import's columns and one example row, as CSV and XLSX.

The CSV is what French Excel opens as columns: UTF-8 with a byte-order mark, semicolons; the
import reads it back as it reads any file it accepts (memoranda.import_files).
"""

import csv
import datetime
import io

from memoranda import imports

# One commitment, to replace: a memorandum not yet recorded, its operator, a city, a segment.
EXAMPLE = {
    "memorandum_reference": "EXAMPLE-2025-1",
    "signed_on": datetime.date(2025, 4, 20),
    "operator": "Example Services",
    "city": "Casablanca",
    "segment": "BPO",
    "jobs_committed": 250,
    "horizon_year": 2028,
    "baseline": 40,
}
COLUMNS = imports.REQUIRED_COLUMNS + imports.OPTIONAL_COLUMNS


def template_csv() -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(
        [value.isoformat() if isinstance(value, datetime.date) else value for value in row()]
    )
    return "\ufeff".encode() + stream.getvalue().encode()


def template_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "commitments"
    sheet.append(COLUMNS)
    sheet.append(row())
    sheet.cell(row=2, column=COLUMNS.index("signed_on") + 1).number_format = "yyyy-mm-dd"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def row() -> list:
    return [EXAMPLE[column] for column in COLUMNS]
