"""Missing declarations: each site's quarters whose due date has passed with nothing submitted,
for the officials' list, its reminders and the admin home's counts.

Read from the reporting calendar (operators.calendar) in its three queries whatever the number
of sites and quarters: a missing declaration is the absence of a row, so no query can list it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from operators import calendar
from operators.models import Declaration, Site


@dataclass(frozen=True)
class MissingDeclaration:
    """One site's quarter, due on `due_on` and still not submitted."""

    site: Site
    year: int
    quarter: int
    due_on: datetime.date
    days_overdue: int

    @property
    def operator(self):
        return self.site.operator

    @property
    def key(self) -> str:
        """How the list's check boxes name the row: site, year and quarter."""
        return f"{self.site.pk}-{self.year}-{self.quarter}"

    @property
    def entry(self) -> calendar.Entry:
        """As the calendar shows it, for the reminder e-mails."""
        return calendar.Entry(
            self.site, self.year, self.quarter, calendar.Status.MISSING, False, None
        )


def missing_declarations(today: datetime.date | None = None) -> list[MissingDeclaration]:
    """Every missing declaration of every site, most overdue first, in three queries (the
    sites with their operators and cities, the operators' memoranda, the declarations)."""
    today = today or timezone.localdate()
    sites = list(Site.objects.select_related("operator", "city").order_by())
    owed = calendar.owed_quarters_by_operator({site.operator_id for site in sites})
    rows = [
        MissingDeclaration(
            site=entry.site,
            year=entry.year,
            quarter=entry.quarter,
            due_on=entry.due_on,
            days_overdue=(today - entry.due_on).days,
        )
        for entry in calendar.calendar_of(sites, owed, today)
        if entry.status == calendar.Status.MISSING
    ]
    return sorted(rows, key=lambda row: (-row.days_overdue, row.operator.name, row.site.name))


@dataclass(frozen=True)
class Waiting:
    """What waits for the officials: declarations to review, returned to their operators,
    submitted late and still to review, and missing."""

    pending: int
    returned: int
    late: int
    missing: int


def waiting(today: datetime.date | None = None) -> Waiting:
    """The admin home's counts, in six queries: one for pending and returned, two for the late
    ones (the calendar's quarters, the count), three for the missing."""
    counts = Declaration.objects.aggregate(
        pending=Count("pk", filter=Q(status=Declaration.Status.SUBMITTED)),
        returned=Count("pk", filter=Q(status=Declaration.Status.RETURNED)),
    )
    submitted = Declaration.objects.filter(status=Declaration.Status.SUBMITTED)
    return Waiting(
        pending=counts["pending"],
        returned=counts["returned"],
        late=calendar.late_declarations(submitted).count(),
        missing=len(missing_declarations(today)),
    )
