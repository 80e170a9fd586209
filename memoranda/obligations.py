"""What memoranda oblige their operators to declare: the quarters owed under each memorandum.

A memorandum makes its operator's sites declare every quarter from the first full quarter after
signature to the last quarter of the horizon year, plus the memorandum's follow-up quarters; a
terminated memorandum stops at the quarter holding its termination date, a withdrawn one at the
quarter holding its withdrawal. The reporting calendar (operators.calendar) knows nothing of
memoranda: this module gives it the quarters each operator owes (registered in the app's ready()).
"""

import datetime
import functools
from collections.abc import Iterable

from django.db.models import Min

from memoranda.models import Memorandum
from operators.quarters import Quarter, add_quarters, first_quarter_after, quarter_of, quarters

OBLIGATION_FIELDS = [
    "operator_id",
    "signed_on",
    "horizon_year",
    "follow_up_quarters",
    "status",
    "terminated_on",
    "withdrawn_on",
]


def last_quarter(horizon_year: int, follow_up_quarters: int, status: str, terminated_on) -> Quarter:
    if status == Memorandum.Status.TERMINATED and terminated_on is not None:
        return quarter_of(terminated_on)
    return add_quarters(horizon_year, 4, follow_up_quarters or 0)


def reporting_quarters(memoranda: Iterable[dict]) -> set[Quarter]:
    """The quarters owed under the given memoranda, each a dict of signed_on, horizon_year,
    follow_up_quarters, status, terminated_on and (optionally) withdrawn_on."""
    owed = set()
    for memorandum in memoranda:
        if memorandum["horizon_year"] is None:
            continue  # no horizon published: no commitment, nothing owed
        first = first_quarter_after(memorandum["signed_on"])
        last = last_quarter(
            memorandum["horizon_year"],
            memorandum["follow_up_quarters"],
            memorandum["status"],
            memorandum["terminated_on"],
        )
        if memorandum.get("withdrawn_on") is not None:
            last = min(last, quarter_of(memorandum["withdrawn_on"]))
        owed.update(quarters_between(first, last))
    return owed


@functools.lru_cache(maxsize=4096)
def quarters_between(first: Quarter, last: Quarter) -> frozenset[Quarter]:
    """quarters(first, last), kept: thousands of memoranda share a few hundred periods."""
    return frozenset(quarters(first, last))


def owed_quarters_by_operator(operator_ids) -> dict[int, set[Quarter]]:
    """Each operator's owed quarters, in one query over its memoranda."""
    rows = Memorandum.objects.filter(operator_id__in=operator_ids).order_by()
    owed: dict[int, set[Quarter]] = {}
    for row in rows.values(*OBLIGATION_FIELDS):
        owed.setdefault(row["operator_id"], set()).update(reporting_quarters([row]))
    return owed


def first_signature() -> datetime.date | None:
    """The earliest signature of any memorandum: the calendar's first quarter."""
    return Memorandum.objects.aggregate(first=Min("signed_on"))["first"]
