"""Missing declarations: each site's quarters whose due date has passed with nothing submitted,
for the officials' list, its reminders and the admin home's counts.

Worked out from the reporting calendar's rules (operators.calendar: the quarters owed, due dates,
withdrawn sites) in three queries whatever the number of sites and quarters: a missing
declaration is the absence of a row, so no query can list it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from operators import calendar
from operators.models import Declaration, Site

SITE_FIELDS = [
    "name",
    "withdrawn_on",
    "operator__name",
    "operator__slug",
    "city__name",
]


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
    """Every missing declaration of every site, most overdue first, in three queries: the
    sites with their operators and cities, the operators' obligations, and which site's
    quarters were ever submitted (as tuples: at tens of thousands of declarations, model
    instances took seconds)."""
    today = today or timezone.localdate()
    latest = calendar.latest_due_quarter(today)
    # Only what the list, its filter and the reminders show: at a thousand sites, building
    # the operators' and cities' every field was half the time.
    sites = list(Site.objects.select_related("operator", "city").only(*SITE_FIELDS).order_by())
    owed = calendar.owed_quarters_by_operator({site.operator_id for site in sites})
    # Submitted once is never missing again: returned and reopened ones keep their date.
    submitted = set(
        Declaration.objects.filter(first_submitted_at__isnull=False)
        .order_by()
        .values_list("site_id", "year", "quarter")
    )
    rows = [
        MissingDeclaration(site, year, quarter, due_on, (today - due_on).days)
        for site in sites
        for year, quarter in owed.get(site.operator_id, ())
        if (year, quarter) <= latest
        and (site.pk, year, quarter) not in submitted
        and not calendar.after_withdrawal(site, year, quarter)
        for due_on in [calendar.due_date(year, quarter)]
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
