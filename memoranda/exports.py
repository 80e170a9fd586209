"""Rows of the commitment exports: the columns are defined once, for CSV and JSON alike.

Both formats are generators over the queryset's iterator, so memory stays flat whatever the
number of rows. Unknown figures are None here: empty in CSV, null in JSON.
"""

import csv
import json
from collections.abc import Callable, Iterator

# Rows fetched per database round trip while streaming.
CHUNK_SIZE = 2000

COLUMNS = (
    "memorandum",
    "signed_on",
    "operator",
    "city",
    "region",
    "segment",
    "jobs_committed",
    "jobs_created",
    "progress_percent",
    "status",
    "horizon_year",
    "memorandum_url",
)


def commitment_row(commitment, absolute_url: Callable[[str], str]) -> dict:
    """One commitment of CommitmentQuerySet.for_public_list() as export values, in COLUMNS
    order."""
    memorandum = commitment.memorandum
    city = commitment.city
    progress = commitment.progress_percent
    return {
        "memorandum": memorandum.reference,
        "signed_on": memorandum.signed_on.isoformat(),
        "operator": memorandum.operator.name,
        "city": city.name if city else None,
        "region": city.region.name if city else None,
        "segment": commitment.segment.code,
        "jobs_committed": commitment.jobs_committed,
        "jobs_created": commitment.jobs_created,
        "progress_percent": None if progress is None else round(progress, 1),
        "status": commitment.status,
        "horizon_year": memorandum.horizon_year,
        "memorandum_url": absolute_url(memorandum.get_absolute_url()),
    }


def rows(commitments, absolute_url) -> Iterator[dict]:
    for commitment in commitments.iterator(chunk_size=CHUNK_SIZE):
        yield commitment_row(commitment, absolute_url)


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
