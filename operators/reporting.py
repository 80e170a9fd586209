"""An operator's reporting record: how its declarations came in, from its calendar.

Declarations are made per site: an operator without a site is not set up for reporting. It
cannot owe a declaration, so its record holds no counts (None, never 0: a missing set-up must
not read as a clean record), only since when it should have been reporting.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from operators.calendar import (
    Entry,
    Status,
    calendar_of,
    due_date,
    opens_on,
    owed_quarters_by_operator,
)
from operators.models import Operator, Site
from operators.quarters import Quarter


@dataclass(frozen=True)
class ReportingRecord:
    """Counts over the declarations whose due date has passed, and those still open, of an
    operator set up for reporting; for one that is not (set_up False), no counts and the first
    owed quarter whose declaration has opened (owed_since), if any."""

    due_so_far: int | None
    on_time: int | None
    late: int | None
    missing: int | None
    open_now: int | None
    set_up: bool = True
    owed_since: Quarter | None = None

    @property
    def on_time_percent(self) -> float | None:
        """Share of the declarations due so far that came on time; None before any was due."""
        if not self.due_so_far:
            return None
        return self.on_time * 100.0 / self.due_so_far

    @property
    def first_due_on(self) -> datetime.date | None:
        """The due date of owed_since's declaration, the first one a set-up would have met."""
        return due_date(*self.owed_since) if self.owed_since else None


def reporting_record(entries: list[Entry], today: datetime.date | None = None) -> ReportingRecord:
    """The record of an operator set up for reporting, from its calendar's entries."""
    today = today or timezone.localdate()
    past_due = [entry for entry in entries if entry.due_on < today]
    return ReportingRecord(
        due_so_far=len(past_due),
        on_time=sum(1 for e in past_due if e.status != Status.MISSING and not e.late),
        late=sum(1 for e in past_due if e.late),
        missing=sum(1 for e in past_due if e.status == Status.MISSING),
        open_now=sum(1 for e in entries if e.status == Status.DUE and e.due_on >= today),
    )


def not_set_up_record(owed: set[Quarter], today: datetime.date) -> ReportingRecord:
    """The record of an operator without a site that owes `owed`: since the first of them whose
    declaration has opened (the day after the quarter ends), it should have been reporting."""
    opened = [quarter for quarter in owed if opens_on(*quarter) <= today]
    return ReportingRecord(
        due_so_far=None,
        on_time=None,
        late=None,
        missing=None,
        open_now=None,
        set_up=False,
        owed_since=min(opened, default=None),
    )


def reporting_records(operators, today: datetime.date | None = None) -> dict:
    """The reporting record of each of `operators` (primary keys), by primary key, from one
    calendar of all their sites: three queries whatever the number of operators (the sites,
    the memoranda, the declarations)."""
    today = today or timezone.localdate()
    entries: dict[int, list[Entry]] = {pk: [] for pk in operators}
    # No ordering: the model's would join operators to sort rows that are only grouped here.
    sites = list(Site.objects.filter(operator__in=list(entries)).order_by())
    owed = owed_quarters_by_operator(list(entries))
    for entry in calendar_of(sites, owed, today):
        entries[entry.site.operator_id].append(entry)
    set_up = {site.operator_id for site in sites}
    return {
        pk: reporting_record(rows, today)
        if pk in set_up
        else not_set_up_record(owed.get(pk, set()), today)
        for pk, rows in entries.items()
    }


def operator_reporting_record(
    operator: Operator, today: datetime.date | None = None
) -> ReportingRecord:
    """One operator's record, in the three queries of reporting_records."""
    return reporting_records([operator.pk], today)[operator.pk]
