"""Rows of the commitment exports: the columns are defined once, for CSV and JSON alike.

Both formats are generators over the queryset's iterator, so memory stays flat whatever the
number of rows. Unknown figures are None here: empty in CSV, null in JSON.
"""

import csv
import json
from collections.abc import Callable, Iterator

from django.urls import reverse

from memoranda.filters import ORDERING_FIELDS
from operators.querysets import quarter_of_index

# Rows fetched per database round trip while streaming.
CHUNK_SIZE = 2000

# Export column -> the value it reads from CommitmentQuerySet.for_public_list(): the list's
# sortable columns, in the same order, then the validated headcount they are measured from and
# the memorandum's horizon.
SOURCES = {
    **ORDERING_FIELDS,
    "headcount": "headcount",
    "headcount_quarter": "headcount_quarter",
    "horizon_year": "memorandum__horizon_year",
}
COLUMNS = (*SOURCES, "memorandum_url")


def rows(commitments, absolute_url: Callable[[str], str]) -> Iterator[dict]:
    """Export values of each commitment, in COLUMNS order.

    Plain values rather than model instances: building thousands of related objects only to
    read one field of each would dominate the export's time.
    """
    # Every memorandum URL differs only by its reference: reverse once, substitute per row.
    placeholder = "~reference~"
    url_pattern = absolute_url(reverse("memoranda:memorandum_detail", args=[placeholder]))
    values = commitments.values(*SOURCES.values())
    for value in values.iterator(chunk_size=CHUNK_SIZE):
        row = {column: value[source] for column, source in SOURCES.items()}
        row["signed_on"] = row["signed_on"].isoformat()
        if row["progress_percent"] is not None:
            row["progress_percent"] = round(row["progress_percent"], 1)
        row["headcount_quarter"] = quarter_label(row["headcount_quarter"])
        row["memorandum_url"] = url_pattern.replace(placeholder, row["memorandum"])
        yield row


def quarter_label(index: int | None) -> str | None:
    """'2025-Q3' for a quarter_index(); None stays unknown."""
    if index is None:
        return None
    return "{}-Q{}".format(*quarter_of_index(index))


class LineBuffer:
    """A file-like object that hands back what csv.writer writes instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(commitments, absolute_url) -> Iterator[str]:
    writer = csv.writer(LineBuffer())
    yield writer.writerow(COLUMNS)
    for row in rows(commitments, absolute_url):
        yield writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])


def json_chunks(commitments, totals: dict, absolute_url) -> Iterator[str]:
    """`{"count": N, "totals": {...}, "results": [...]}`, one row per chunk."""
    head = {
        "count": totals["count"],
        "totals": {
            "jobs_committed": totals["jobs_committed"],
            "jobs_created": totals["jobs_created"],
        },
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    separator = ""
    for row in rows(commitments, absolute_url):
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ", "
    yield "]}"
