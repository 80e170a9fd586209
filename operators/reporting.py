"""An operator's reporting record: how its declarations came in, from its calendar."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from operators.calendar import Entry, Status, build
from operators.models import Site


@dataclass(frozen=True)
class ReportingRecord:
    """Counts over the declarations whose due date has passed, and those still open."""

    due_so_far: int
    on_time: int
    late: int
    missing: int
    open_now: int

    @property
    def on_time_percent(self) -> float | None:
        """Share of the declarations due so far that came on time; None before any was due."""
        if not self.due_so_far:
            return None
        return self.on_time * 100.0 / self.due_so_far


def reporting_record(entries: list[Entry], today: datetime.date | None = None) -> ReportingRecord:
    today = today or timezone.localdate()
    past_due = [entry for entry in entries if entry.due_on < today]
    return ReportingRecord(
        due_so_far=len(past_due),
        on_time=sum(1 for e in past_due if e.status != Status.MISSING and not e.late),
        late=sum(1 for e in past_due if e.late),
        missing=sum(1 for e in past_due if e.status == Status.MISSING),
        open_now=sum(1 for e in entries if e.status == Status.DUE and e.due_on >= today),
    )


def reporting_records(operators, today: datetime.date | None = None) -> dict:
    """The reporting record of each of `operators` (primary keys), by primary key, from one
    calendar of all their sites: three queries whatever the number of operators."""
    today = today or timezone.localdate()
    entries: dict[int, list[Entry]] = {pk: [] for pk in operators}
    for entry in build(Site.objects.filter(operator__in=list(entries)), today):
        entries[entry.site.operator_id].append(entry)
    return {pk: reporting_record(rows, today) for pk, rows in entries.items()}
