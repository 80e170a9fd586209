"""The reporting calendar: which quarterly declarations each site owes, and their state.

Which quarters an operator owes is not the calendar's to say: the app that records what
operators promised (memoranda) registers an obligations source with obligations_register(), and
the calendar asks it (operators never imports memoranda). A site owes the union of its
operator's obligations, up to the quarter holding its own withdrawal if it is withdrawn (its
declarations stay, and a declaration made for a later quarter is still listed).

"The first full quarter after signature" is the quarter after the one holding the signature
day: signed on 20 April or on 30 June, the first declaration is the third quarter's; signed on
1 July, it is the fourth quarter's, since the third quarter began on the signature day itself
and so does not come after it.

A quarter's declaration opens the day after the quarter ends and is due DECLARATION_DUE_DAYS
days after the quarter's end: submitted on the due date is on time, later is late. Lateness is
judged on the first submission, so that a declaration returned for a correction does not turn
late because of the review.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from operators.models import Declaration, DeclarationLine, Operator, Site
from operators.quarters import (
    Quarter,
    quarter_end,
    quarter_of,
    quarters,
)


class Obligations(Protocol):
    """What an app that records promises tells the calendar."""

    def owed_quarters_by_operator(self, operator_ids: Iterable[int]) -> dict[int, set[Quarter]]:
        """Each operator's owed quarters, in one query whatever the number of operators."""

    def first_signature(self) -> datetime.date | None:
        """The earliest day from which anything can be owed."""


class NoObligations:
    """Until an app registers its obligations, nobody owes anything."""

    def owed_quarters_by_operator(self, operator_ids):
        return {}

    def first_signature(self):
        return None


obligations: Obligations = NoObligations()


def obligations_register(source: Obligations) -> None:
    global obligations
    obligations = source


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    DUE = "due", _("due")
    SUBMITTED = "submitted", _("submitted")
    LATE = "late", _("submitted late")
    RETURNED = "returned", _("returned")
    VALIDATED = "validated", _("validated")
    MISSING = "missing", _("missing")


OVERDUE = (Status.LATE, Status.MISSING)
# Still open for a declaration: ended and owed, not submitted, or returned for a correction.
OPEN = (Status.DUE, Status.MISSING, Status.RETURNED)


def opens_on(year: int, quarter: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=1)


def due_date(year: int, quarter: int) -> datetime.date:
    """The last day on which the quarter's declaration is on time."""
    return quarter_end(year, quarter) + datetime.timedelta(days=settings.DECLARATION_DUE_DAYS)


def latest_due_quarter(today: datetime.date) -> Quarter:
    """The latest quarter whose declaration's due date has passed at `today`: missing if it
    has not come by now."""
    latest = quarter_of(today)
    while due_date(*latest) >= today:
        latest = latest.shifted(-1)
    return latest


def entry_status(year, quarter, declaration, today: datetime.date) -> tuple[str, bool]:
    """The status of one site's quarter at `today`, and whether it was submitted late."""
    if today <= quarter_end(year, quarter):
        return Status.UPCOMING, False
    due = due_date(year, quarter)
    if declaration is None or declaration.first_submitted_at is None:
        return (Status.DUE if today <= due else Status.MISSING), False
    late = submitted_late(year, quarter, declaration.first_submitted_at)
    if declaration.status == Declaration.Status.VALIDATED:
        return Status.VALIDATED, late
    if declaration.status == Declaration.Status.RETURNED:
        return Status.RETURNED, late
    if declaration.status == Declaration.Status.SUBMITTED:
        return (Status.LATE if late else Status.SUBMITTED), late
    return (Status.DUE if today <= due else Status.MISSING), late


@dataclass
class Entry:
    """One site's declaration for one quarter, as the calendar shows it."""

    site: Site
    year: int
    quarter: int
    status: str
    late: bool
    declaration: Declaration | None

    @property
    def opens_on(self) -> datetime.date:
        return opens_on(self.year, self.quarter)

    @property
    def due_on(self) -> datetime.date:
        return due_date(self.year, self.quarter)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def overdue(self) -> bool:
        return self.status in OVERDUE


def submitted_late(year: int, quarter: int, first_submitted) -> bool:
    """Whether a declaration first submitted at `first_submitted` (None if never) was late."""
    return first_submitted is not None and first_submitted >= late_from(year, quarter)


def late_from(year: int, quarter: int) -> datetime.datetime:
    """The first instant at which a submission of the quarter is late: the local midnight
    after the due date, so that a submission on the due date itself is on time."""
    day_after_due = due_date(year, quarter) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day_after_due, datetime.time.min))


def calendar_quarters(today: datetime.date | None = None) -> list[Quarter]:
    """Every quarter from the one holding the earliest signature to the quarter in progress:
    the quarters a declaration can be owed for, read from the obligations (a few thousand rows)
    rather than from the declarations (millions)."""
    first = obligations.first_signature()
    if first is None:
        return []
    return list(quarters(quarter_of(first), quarter_of(today or timezone.localdate())))


def late_declarations(declarations):
    """The declarations whose first submission came after their due date, in SQL.

    The due date is worked out in Python by due_date() for each quarter of the calendar
    (calendar_quarters), rather than as date arithmetic in SQL: the rule stays in one place,
    the SQL stays portable between SQLite and PostgreSQL, and there are only a few dozen
    quarters to OR.
    """
    late = models.Q()
    for year, quarter in calendar_quarters():
        late |= models.Q(
            year=year, quarter=quarter, first_submitted_at__gte=late_from(year, quarter)
        )
    return declarations.filter(late) if late else declarations.none()


def owed_quarters_by_operator(operator_ids) -> dict[int, set[Quarter]]:
    """Each operator's owed quarters, from the registered obligations."""
    return obligations.owed_quarters_by_operator(operator_ids)


def build(sites, today: datetime.date | None = None) -> list[Entry]:
    """The calendar of `sites` (a Site queryset) up to the quarter in progress at `today`, in
    three queries whatever the number of sites and quarters: the sites, their operators'
    obligations, their declarations."""
    today = today or timezone.localdate()
    sites = list(sites.select_related("city").order_by("name", "pk"))
    owed = owed_quarters_by_operator({site.operator_id for site in sites})
    return calendar_of(sites, owed, today)


def calendar_of(sites: list[Site], owed: dict[int, set[Quarter]], today) -> list[Entry]:
    """The calendar of `sites` (a list) whose operators owe `owed` (as owed_quarters_by_operator
    gives them), in one query: their declarations."""
    # Unordered: the model's ordering joins every site and operator only to sort rows that
    # are looked up by key here.
    rows = Declaration.objects.filter(site__in=sites).order_by()
    declarations = {(d.site_id, d.year, d.quarter): d for d in rows}
    entries = []
    for site in sites:
        for year, quarter in sorted(owed.get(site.operator_id, ())):
            if (year, quarter) > quarter_of(today):
                continue  # Quarters after the one in progress are not listed yet.
            declaration = declarations.get((site.pk, year, quarter))
            if declaration is None and after_withdrawal(site, year, quarter):
                continue
            status, late = entry_status(year, quarter, declaration, today)
            entries.append(Entry(site, year, quarter, status, late, declaration))
    return entries


def after_withdrawal(site: Site, year: int, quarter: int) -> bool:
    """Whether the quarter comes after the one holding the site's withdrawal, if any."""
    return site.withdrawn_on is not None and (year, quarter) > quarter_of(site.withdrawn_on)


def operator_calendar(operator: Operator, today: datetime.date | None = None) -> list[Entry]:
    return build(Site.objects.filter(operator=operator), today)


def overdue(today: datetime.date | None = None, operators=None) -> list[Entry]:
    """Late and missing declarations of every site (or of `operators`' sites), for reminders
    and the review queue."""
    sites = Site.objects.all() if operators is None else Site.objects.filter(operator__in=operators)
    return [entry for entry in build(sites, today) if entry.overdue]


def open_entries(sites: list[Site], today: datetime.date) -> list[Entry]:
    """The sites' calendar entries still open for a declaration, earliest first within each
    site, with their declarations' lines (three queries, whatever the number of sites and
    quarters)."""
    owed = owed_quarters_by_operator({site.operator_id for site in sites})
    entries = [entry for entry in calendar_of(sites, owed, today) if entry.status in OPEN]
    declarations = [entry.declaration for entry in entries if entry.declaration]
    lines = models.Prefetch("lines", queryset=DeclarationLine.objects.select_related("segment"))
    models.prefetch_related_objects(declarations, lines)
    return entries


def period_error(owed: set[Quarter], year: int, quarter: int, today: datetime.date) -> str | None:
    """Why no declaration is owed for this quarter by an operator owing `owed`, or None when
    one is."""
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 9998:
        return _("No such quarter: the quarter is a number from 1 to 4 of a year such as 2024.")
    if quarter_end(year, quarter) >= today:
        return _("This quarter has not ended yet: declare it once it is over.")
    if (year, quarter) in owed:
        return None
    if owed and (year, quarter) < min(owed):
        first_year, first_quarter = min(owed)
        message = _("No declaration is due for this quarter: the first one due is %(year)s Q%(q)s.")
        return message % {"year": first_year, "q": first_quarter}
    return _("No declaration is due for this quarter under your operator's memoranda.")


def owed_quarters(operator: Operator) -> set[Quarter]:
    """Every quarter the operator's sites owe, whether ended or not."""
    return owed_quarters_by_operator([operator.pk]).get(operator.pk, set())
