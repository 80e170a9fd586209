"""Missing declarations: each site's quarters whose due date has passed with nothing submitted,
for the officials' list, its reminders and the admin home's counts.

Worked out from the reporting calendar's rules (operators.calendar: the quarters owed, due dates,
withdrawn sites) in four queries whatever the number of sites and quarters: a missing
declaration is the absence of a row, so no query can list it.
"""

import bisect
import datetime
from dataclasses import dataclass

from django.db import connections
from django.db.models import BigIntegerField, Count, F, Q
from django.db.models.functions import Cast
from django.utils import timezone

from operators import calendar
from operators.models import Declaration, Site
from operators.quarters import Quarter, quarter_index, quarter_of

# More quarter indexes (year * 4 + quarter - 1) than a declaration's year column can hold (a
# small integer): site ids times this plus the index name one site's quarter in one number.
QUARTER_INDEXES = 32_768 * 4

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


def missing_keys(today: datetime.date) -> list[tuple[int, int, int]]:
    """(site id, year, quarter) of every missing declaration, in three queries and no model
    instance: at 57,000 sites and 2 million declarations, instances of every site and a set
    of every declaration's (site, year, quarter) took most of ten seconds."""
    latest = calendar.latest_due_quarter(today)
    sites = list(Site.objects.order_by().values_list("pk", "operator_id", "withdrawn_on"))
    owed = calendar.owed_quarters_by_operator({operator for _, operator, _ in sites})
    # Each operator's due quarters as quarter indexes, in order.
    due = {
        operator: sorted(quarter_index(*q) for q in quarters if q <= latest)
        for operator, quarters in owed.items()
    }
    # Submitted once is never missing again: returned and reopened ones keep their date. One
    # number per declaration (site, then quarter index), cheaper to read and hold than tuples.
    width = QUARTER_INDEXES
    site_quarter = Cast("site_id", BigIntegerField()) * width + F("year") * 4 + F("quarter") - 1
    numbers = (
        Declaration.objects.filter(first_submitted_at__isnull=False)
        .order_by()
        .values_list(site_quarter, flat=True)
    )
    # Read through the cursor: Django's rows cost more than the query at millions of them.
    sql, params = numbers.query.sql_with_params()
    with connections[numbers.db].cursor() as cursor:
        cursor.execute(sql, params)
        submitted = {number for (number,) in cursor.fetchall()}
    keys = []
    for site, operator, withdrawn_on in sites:
        indexes = due.get(operator, ())
        if withdrawn_on is not None:
            # After the quarter of the site's withdrawal nothing is owed.
            indexes = indexes[
                : bisect.bisect_right(indexes, quarter_index(*quarter_of(withdrawn_on)))
            ]
        base = site * width
        keys += [(site, *Quarter.from_index(i)) for i in indexes if base + i not in submitted]
    return keys


def missing_declarations(today: datetime.date | None = None) -> list[MissingDeclaration]:
    """Every missing declaration of every site, most overdue first (see missing_keys), with
    the sites, their operators and cities of those rows only (one query more)."""
    today = today or timezone.localdate()
    keys = missing_keys(today)
    # Only what the list, its filter and the reminders show.
    sites = Site.objects.select_related("operator", "city").only(*SITE_FIELDS).order_by()
    sites = sites.in_bulk({site for site, _, _ in keys})
    rows = [
        MissingDeclaration(sites[site], year, quarter, due_on, (today - due_on).days)
        for site, year, quarter in keys
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
        missing=len(missing_keys(today or timezone.localdate())),
    )
