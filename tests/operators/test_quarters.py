"""Quarter arithmetic, in one module: the Quarter value and the index stored figures keep."""

import datetime

import pytest
from django.utils import translation

from operators.quarters import (
    Quarter,
    first_quarter_after,
    quarter_code,
    quarter_end,
    quarter_index,
    quarter_name,
    quarters,
)

D = datetime.date


@pytest.mark.parametrize(
    "day, quarter",
    [(D(2022, 1, 1), (2022, 1)), (D(2022, 4, 20), (2022, 2)), (D(2022, 12, 31), (2022, 4))],
)
def test_the_quarter_of_a_day(day, quarter):
    assert Quarter.of(day) == quarter


def test_a_quarter_is_a_year_and_number_pair_that_orders_and_unpacks():
    year, number = Quarter(2022, 3)
    assert (year, number) == (2022, 3)
    assert Quarter(2022, 4) < Quarter(2023, 1) < (2023, 2)
    assert {Quarter(2022, 3): "x"}[(2022, 3)] == "x"


def test_the_index_counts_quarters_across_years():
    assert Quarter(2023, 1).index - Quarter(2022, 4).index == 1
    assert Quarter(2022, 3).index == quarter_index(2022, 3) == 2022 * 4 + 2
    assert Quarter.from_index(Quarter(2026, 4).index) == (2026, 4)


@pytest.mark.parametrize(
    "count, expected", [(1, (2023, 1)), (5, (2024, 1)), (-4, (2021, 4)), (0, (2022, 4))]
)
def test_shifting_crosses_year_ends(count, expected):
    assert Quarter(2022, 4).shifted(count) == expected


@pytest.mark.parametrize(
    "quarter, first, last",
    [
        ((2024, 1), D(2024, 1, 1), D(2024, 3, 31)),
        ((2024, 2), D(2024, 4, 1), D(2024, 6, 30)),
        ((2024, 3), D(2024, 7, 1), D(2024, 9, 30)),
        ((2024, 4), D(2024, 10, 1), D(2024, 12, 31)),
    ],
)
def test_first_and_last_days(quarter, first, last):
    assert (Quarter(*quarter).first_day, Quarter(*quarter).last_day) == (first, last)
    assert quarter_end(*quarter) == last


def test_the_first_quarter_after_a_signature_begins_after_it():
    assert first_quarter_after(D(2022, 4, 20)) == (2022, 3)
    assert first_quarter_after(D(2022, 7, 1)) == (2022, 4)
    assert first_quarter_after(D(2022, 12, 31)) == (2023, 1)


def test_quarters_lists_both_ends_and_every_one_between():
    assert list(quarters((2022, 3), (2023, 2))) == [(2022, 3), (2022, 4), (2023, 1), (2023, 2)]
    assert list(quarters((2023, 1), (2022, 4))) == []


def test_downloads_and_pages_write_a_quarter_their_way():
    index = Quarter(2022, 3).index
    assert quarter_code(index) == "2022-Q3" == Quarter(2022, 3).code
    assert quarter_code(None) is None
    with translation.override("en"):
        assert quarter_name(index) == "2022 Q3"
    with translation.override("fr"):
        assert quarter_name(index) == "T3 2022"


def test_a_quarter_number_outside_one_to_four_has_no_days():
    with pytest.raises(ValueError):
        _ = Quarter(2022, 5).first_day


def test_the_latest_due_quarter_is_a_quarter_across_a_year_end(settings):
    from operators.calendar import latest_due_quarter

    settings.DECLARATION_DUE_DAYS = 30
    # On 30 January the fourth quarter's due date has not passed: the third quarter's has.
    latest = latest_due_quarter(D(2027, 1, 30))
    assert isinstance(latest, Quarter)
    assert (latest.code, latest.index) == ("2026-Q3", quarter_index(2026, 3))
    assert latest_due_quarter(D(2027, 1, 31)).code == "2026-Q4"
