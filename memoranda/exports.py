"""Rows of the commitment exports: the columns are defined once, for CSV, JSON and the
spreadsheet downloads (memoranda.spreadsheets) alike.

Every format is written from a generator over the queryset's iterator, so memory stays flat
whatever the number of rows. Unknown figures are None here: empty in CSV, null in JSON.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator

from django.urls import reverse

from memoranda import columns
from memoranda.columns import COMMITMENT_COLUMNS
from memoranda.figures import Outlook, current_index, public_share
from memoranda.filters import ORDERING_FIELDS
from operators.cells import safe_text
from operators.quarters import quarter_code

# Rows fetched per database round trip while streaming.
CHUNK_SIZE = 2000
# Characters (or bytes) of a download handed to the response at once (see buffered).
BUFFER_SIZE = 64 * 1024

# Export column -> the value it reads from CommitmentQuerySet.for_public_list(): the list's
# sortable columns, in the same order, then the validated headcount they are measured from and
# the memorandum's horizon.
SOURCES = {
    **ORDERING_FIELDS,
    "headcount": "headcount",
    "headcount_quarter": "headcount_quarter",
    "status_at_quarter": "status_then",
    "jobs_expected_at_quarter": "expected_jobs",
    "horizon_year": "memorandum__horizon_year",
    "pace_per_quarter": "pace",
    "projected_jobs_created": "projected_jobs",
}
# Worked out per row from the values above (see outlook and quality).
DERIVED = (
    "projected_gap",
    "jobs_needed_per_quarter",
    "permanent_percent",
    "women_percent",
    "memorandum_url",
)
# Read from the queryset for DERIVED, not written as such.
INPUTS = {"horizon_quarter": "horizon_quarter", "permanent": "permanent", "women": "women"}
# Added after the others, which keep their places: empty unless the commitment is withdrawn
# (listed with withdrawn=include or withdrawn=only).
WITHDRAWAL = {"withdrawn_on": "withdrawn_on", "withdrawal_reason": "withdrawal_reason"}
# Added after those: how many sources make claims about the commitment, and whether two claims
# about one of its figures differ (CommitmentQuerySet.with_sources()).
SOURCED = {"sources": "source_count", "sources_disagree": "sources_disagree"}
# The columns, in their order, as memoranda.columns describes them; a test holds every one to
# its value above.
COLUMNS = tuple(column.name for column in COMMITMENT_COLUMNS)
# The columns holding text, which the CSV writes through operators.cells (PostgreSQL's COPY
# applies the same rule in SQL to these; the Python writers to every text value).
TEXT_COLUMNS = tuple(column.name for column in COMMITMENT_COLUMNS if column.type == "string")
# The columns holding a date: ISO 8601 text in CSV and JSON, a date in a workbook.
DATE_COLUMNS = tuple(column.name for column in COMMITMENT_COLUMNS if column.type == "date")


def typed_rows(commitments, absolute_url: Callable[[str], str]) -> Iterator[dict]:
    """Export values of each commitment, in COLUMNS order, dates as dates (see rows()).

    Plain values rather than model instances: building thousands of related objects only to
    read one field of each would dominate the export's time.
    """
    # Every memorandum URL differs only by its reference: reverse once, substitute per row.
    placeholder = "~reference~"
    url_pattern = absolute_url(reverse("memoranda:memorandum_detail", args=[placeholder]))
    current = current_index()
    values = commitments.with_sources().values(
        *SOURCES.values(), *INPUTS.values(), *WITHDRAWAL.values(), *SOURCED.values()
    )
    for value in values.iterator(chunk_size=CHUNK_SIZE):
        row = {column: value[source] for column, source in SOURCES.items()}
        for column in ("progress_percent", "pace_per_quarter"):
            if row[column] is not None:
                row[column] = round(row[column], 1)
        row["headcount_quarter"] = quarter_code(row["headcount_quarter"])
        outlook = Outlook.of(value, current)
        row["projected_gap"] = outlook.projected_gap
        row["jobs_needed_per_quarter"] = outlook.jobs_needed_per_quarter
        row["permanent_percent"] = public_share(value["permanent"], value["headcount"])
        row["women_percent"] = public_share(value["women"], value["headcount"])
        row["memorandum_url"] = url_pattern.replace(placeholder, row["memorandum"])
        row["withdrawn_on"] = value["withdrawn_on"]
        row["withdrawal_reason"] = value["withdrawal_reason"] or None
        row.update({column: value[source] for column, source in SOURCED.items()})
        yield row


def rows(commitments, absolute_url: Callable[[str], str]) -> Iterator[dict]:
    """typed_rows() with each date written ISO 8601 (YYYY-MM-DD), as CSV and JSON hold it."""
    for row in typed_rows(commitments, absolute_url):
        for column in DATE_COLUMNS:
            if row[column] is not None:
                row[column] = row[column].isoformat()
        yield row


def buffered(chunks: Iterable, size: int | None = None) -> Iterator:
    """The chunks (texts, or bytes) joined into pieces of at least `size`: the writers give a
    row at a time, and each piece costs its way through the response's streaming
    (middleware, WSGI, the socket), 100,000 times for a national export."""
    size = size or BUFFER_SIZE
    pieces, length = [], 0
    for chunk in chunks:
        pieces.append(chunk)
        length += len(chunk)
        if length >= size:
            yield join(pieces)
            pieces, length = [], 0
    if pieces:
        yield join(pieces)


def join(pieces: list):
    return "".join(pieces) if isinstance(pieces[0], str) else b"".join(pieces)


class LineBuffer:
    """A file-like object that hands back what csv.writer writes instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_writer():
    """CSV as PostgreSQL's COPY writes it (see memoranda.copy_export): lines end with \n."""
    return csv.writer(LineBuffer(), lineterminator="\n")


def csv_header() -> str:
    return csv_writer().writerow(COLUMNS)


def csv_cell(value):
    """Unknown: empty; a truth value: true or false, as Table Schema's booleans and the JSON
    write it; a text: safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_text(value)


def csv_cells(values) -> list:
    """A CSV line's cells (see csv_cell)."""
    return [csv_cell(value) for value in values]


def csv_lines(commitments, absolute_url) -> Iterator[str]:
    writer = csv_writer()
    yield writer.writerow(COLUMNS)
    for row in rows(commitments, absolute_url):
        yield writer.writerow(csv_cells(row[c] for c in COLUMNS))


def json_chunks(commitments, totals: dict, absolute_url) -> Iterator[str]:
    """`{"count": N, "totals": {...}, "withdrawn": W, "results": [...]}`, one row per chunk:
    `count` commitments in force, counted in the totals, and `withdrawn` ones listed beside
    them (withdrawn=include or only), counted in none."""
    head = {
        "count": totals["count"],
        "totals": {
            "jobs_committed": totals["jobs_committed"],
            "jobs_created": totals["jobs_created"],
            # Over what jobs created are summed: the commitments whose figure is known.
            "commitments_measured": totals["measured"],
            "jobs_committed_measured": totals["measured_jobs_committed"] or 0,
            "out_of_date": totals["out_of_date"],
        },
        "withdrawn": totals["withdrawn"],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    separator = ""
    for row in rows(commitments, absolute_url):
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ", "
    yield "]}"


OVER_TIME_COLUMNS = tuple(column.name for column in columns.OVER_TIME_COLUMNS)

# Column of the by-city and by-segment downloads (memoranda.columns.GROUP_COLUMNS, in their
# order) -> the CommitmentQuerySet.grouped_figures() value it reads, after the group's own
# column (city or segment).
GROUP_SOURCES = {
    "commitments": "commitments",
    "jobs_committed": "jobs_committed",
    "commitments_measured": "measured",
    "jobs_committed_measured": "measured_jobs_committed",
    "jobs_created": "jobs_created",
    "progress_percent": "progress_percent",
    "out_of_date": "out_of_date",
}


def grouped_lines(rows, group_column: str, group_source: str) -> Iterator[str]:
    """Figures per city or per segment as CSV lines: `group_column` (city, empty when not yet
    allocated, or segment) read from `group_source`, then GROUP_SOURCES."""
    writer = csv.writer(LineBuffer())
    names = [column.name for column in columns.GROUP_COLUMNS]
    yield writer.writerow([group_column, *names])
    for row in rows:
        values = {name: row[GROUP_SOURCES[name]] for name in names}
        if values["progress_percent"] is not None:
            values["progress_percent"] = round(values["progress_percent"], 1)
        yield writer.writerow(csv_cells([row[group_source] or "", *values.values()]))


def over_time_rows(quarters) -> Iterator[list]:
    """The jobs-over-time figures (memoranda.dashboard.QuarterFigures), one list of values in
    OVER_TIME_COLUMNS order per quarter; a quarter with nothing measured has 0 commitments and
    unknown figures."""
    for q in quarters:
        yield [q.label, q.measured, q.committed, q.expected, q.created]


def over_time_lines(quarters) -> Iterator[str]:
    """over_time_rows() as CSV lines."""
    writer = csv.writer(LineBuffer())
    yield writer.writerow(OVER_TIME_COLUMNS)
    for row in over_time_rows(quarters):
        yield writer.writerow(csv_cells(row))
