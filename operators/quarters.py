"""Quarters, the periods declarations are made for, and their arithmetic: in this module only.

A quarter is a small value, `Quarter(year, number)`: a tuple, so that it orders, hashes, unpacks
and compares as `(year, number)` wherever a pair was used. Stored figures keep a quarter as its
index (`quarter_index`: quarters counted from year 0, so that consecutive quarters differ by 1
across years too), one integer the database compares, subtracts and indexes. Pages write a
quarter in the active language ("2022 Q3", « T3 2022 »: `quarter_name`), downloads as
"2022-Q3" (`quarter_code`, and `quarter_code_expression` in SQL).

Due dates and lateness are the reporting calendar's rules (operators.calendar), not arithmetic.
"""

import datetime
from collections.abc import Iterator
from typing import NamedTuple

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Cast, Concat, Mod
from django.utils.translation import gettext as _


def quarter_index(year, quarter):
    """The quarter's index. Works on numbers and on query expressions alike."""
    return year * 4 + quarter - 1


class Quarter(NamedTuple):
    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        """The quarter holding `day`."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_index(cls, index: int) -> "Quarter":
        return cls(index // 4, index % 4 + 1)

    @property
    def index(self) -> int:
        return quarter_index(self.year, self.number)

    def shifted(self, count: int) -> "Quarter":
        """The quarter `count` quarters later (earlier when negative)."""
        return Quarter.from_index(self.index + count)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.shifted(1).first_day - datetime.timedelta(days=1)

    @property
    def code(self) -> str:
        """As downloads write it: 2022-Q3."""
        return f"{self.year}-Q{self.number}"

    @property
    def name(self) -> str:
        """As pages write it, in the active language: 2022 Q3."""
        return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.number}


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter.of(day)


def quarter_of_index(index: int) -> Quarter:
    """The Quarter of a quarter_index()."""
    return Quarter.from_index(index)


def quarter_end(year: int, quarter: int) -> datetime.date:
    return Quarter(year, quarter).last_day


def next_quarter(year: int, quarter: int) -> Quarter:
    return Quarter(year, quarter).shifted(1)


def add_quarters(year: int, quarter: int, count: int) -> Quarter:
    return Quarter(year, quarter).shifted(count)


def first_quarter_after(day: datetime.date) -> Quarter:
    """The first quarter that begins after `day`: the one after the quarter holding it (signed
    on 1 July, the third quarter began on the day itself and so does not come after it)."""
    return Quarter.of(day).shifted(1)


def quarters(first: tuple[int, int], last: tuple[int, int]) -> Iterator[Quarter]:
    """Every quarter from `first` to `last`, both included."""
    for index in range(quarter_index(*first), quarter_index(*last) + 1):
        yield Quarter.from_index(index)


def quarter_code(index: int | None) -> str | None:
    """A quarter_index() as the downloads write it, '2022-Q3'; None stays unknown."""
    return None if index is None else Quarter.from_index(index).code


def quarter_name(index: int) -> str:
    """A quarter_index() as the pages write it, in the active language: 2022 Q3."""
    return Quarter.from_index(index).name


def quarter_code_expression(index: str):
    """quarter_code() in SQL, for the column `index`: NULL stays NULL (Concat would make it '')."""
    year = Cast(F(index) / 4, models.TextField())
    quarter = Cast(Mod(F(index), 4) + 1, models.TextField())
    return Case(
        When(**{f"{index}__isnull": True}, then=Value(None)),
        default=Concat(year, Value("-Q"), quarter, output_field=models.TextField()),
        output_field=models.TextField(),
    )
