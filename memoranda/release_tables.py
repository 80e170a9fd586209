"""The tables a release publishes, each as CSV, JSON and XLSX, written by the public exports'
own writers from the columns defined once (memoranda.opendata, memoranda.source_open_data):

- commitments: every commitment, withdrawn ones included with their date and reason, as
  export.csv?withdrawn=include, export.json and export.xlsx write it;
- jobs-over-time: as over-time.csv; sources and claims: as sources.csv and claims.csv.

Every writer yields its file a piece at a time from a queryset's iterator, so memory stays flat
whatever the number of rows. The JSON of a table other than commitments is
`{"results": [{column: value, ...}, ...]}`, as the commitment JSON's results.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from memoranda import exports, spreadsheets
from memoranda.copy_export import copy_csv_lines
from memoranda.dashboard import jobs_over_time
from memoranda.filters import CommitmentFilter
from memoranda.models import Commitment
from memoranda.opendata import COLUMNS, OVER_TIME_COLUMNS, SUMMARIES
from memoranda.source_open_data import (
    CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_TABLES,
    claim_rows,
    csv_lines,
    source_rows,
)
from memoranda.tableschema import csv_resource

# Bytes read at a time from a workbook's temporary file.
READ_SIZE = 1 << 16

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": spreadsheets.XLSX_CONTENT_TYPE,
}


def portal_url(path: str) -> str:
    """Addresses in a release (the memorandum pages) start with the portal's own, not with the
    address of a request: the worker serves none."""
    return settings.PORTAL_URL + path


def released_commitments():
    """Every commitment, withdrawn ones included: a release keeps what was public."""
    filterset = CommitmentFilter(
        {"withdrawn": "include"}, queryset=Commitment.objects.for_public_list()
    )
    return filterset.qs


def file_chunks(file) -> Iterator[bytes]:
    """A temporary file's bytes, a block at a time, then the file closed."""
    with file:
        yield from iter(lambda: file.read(READ_SIZE), b"")


def results_json(columns, rows) -> Iterator[str]:
    """`{"results": [...]}`, one row (an object keyed by column name) per piece."""
    names = [column.name for column in columns]
    yield '{"results": ['
    separator = ""
    for row in rows:
        yield separator + json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        separator = ", "
    yield "]}"


@dataclass(frozen=True)
class ReleaseTable:
    """A table of a release: its name (the files' names and the datapackage's resources), its
    columns, and a writer per format that returns the file's pieces (str or bytes)."""

    name: str
    title: Promise
    columns: tuple
    writers: dict[str, Callable[[], Iterator]]
    keys: dict = field(default_factory=dict)

    def filename(self, extension: str) -> str:
        return f"{self.name}.{extension}"

    def resource(self, extension: str) -> dict:
        """The table's file in `extension` as a Tabular Data Resource: the CSV under the
        table's name, the others under name-json and name-xlsx."""
        resource = csv_resource(self.name, self.filename(extension), self.columns, self.keys)
        resource["title"] = str(self.title)
        if extension == "json":
            resource.update(name=f"{self.name}-json", format="json", mediatype="application/json")
            resource["dialect"] = {"json": {"property": "results", "keyed": True}}
            del resource["encoding"]
        elif extension == "xlsx":
            resource.update(name=f"{self.name}-xlsx", format="xlsx")
            resource["mediatype"] = spreadsheets.XLSX_CONTENT_TYPE
            resource["dialect"] = {"excel": {"sheet": self.sheet_title}}
            del resource["encoding"]
        return resource

    @property
    def sheet_title(self) -> str:
        return spreadsheets.SHEET_TITLE if self.name == "commitments" else self.name


def commitments_csv() -> Iterator:
    # On PostgreSQL the database writes the file itself, as export.csv does.
    write = copy_csv_lines if connection.vendor == "postgresql" else exports.csv_lines
    return write(released_commitments(), portal_url)


def commitments_json() -> Iterator[str]:
    commitments = released_commitments()
    return exports.json_chunks(commitments, commitments.totals(listing=True), portal_url)


def commitments_xlsx() -> Iterator[bytes]:
    return file_chunks(spreadsheets.xlsx_file(released_commitments(), portal_url))


def over_time_rows() -> Iterator[list]:
    return exports.over_time_rows(jobs_over_time(released_commitments()))


def table(name, title, columns, csv, rows, keys=None) -> ReleaseTable:
    """A table whose JSON and XLSX are written from `rows` (lists in column order)."""
    names = [column.name for column in columns]
    return ReleaseTable(
        name,
        title,
        columns,
        {
            "csv": csv,
            "json": lambda: results_json(columns, rows()),
            "xlsx": lambda: file_chunks(spreadsheets.table_xlsx_file(name, names, rows())),
        },
        keys or {},
    )


def release_tables() -> tuple[ReleaseTable, ...]:
    over_time, sources, claims = SUMMARIES[0], *SOURCE_TABLES
    return (
        ReleaseTable(
            "commitments",
            _("Commitments"),
            COLUMNS,
            {"csv": commitments_csv, "json": commitments_json, "xlsx": commitments_xlsx},
        ),
        table(
            over_time.name,
            over_time.title,
            OVER_TIME_COLUMNS,
            lambda: exports.over_time_lines(jobs_over_time(released_commitments())),
            over_time_rows,
        ),
        table(
            sources.name,
            sources.title,
            SOURCE_COLUMNS,
            lambda: csv_lines(SOURCE_COLUMNS, source_rows()),
            source_rows,
            sources.keys,
        ),
        table(
            claims.name,
            claims.title,
            CLAIM_COLUMNS,
            lambda: csv_lines(CLAIM_COLUMNS, claim_rows()),
            claim_rows,
            claims.keys,
        ),
    )
