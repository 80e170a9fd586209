"""A withdrawn site owes no declaration after the quarter holding its withdrawal, nor does the
operator of a withdrawn memorandum under it; the declarations made stay.

Atlas Relation's memorandum, signed 15 March 2023 (horizon 2026), is owed from 2023-Q2.
"""

import datetime

import pytest

from memoranda.withdrawals import memorandum_withdraw
from operators import calendar
from operators.calendar import Status
from operators.services import declaration_submit, declaration_validate
from operators.sites import site_withdraw
from tests.operators.declaration_world import draft

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 1, 15)


def quarters(entries):
    return {(entry.year, entry.quarter): entry.status for entry in entries}


def test_a_withdrawn_site_owes_nothing_after_its_withdrawal_quarter(
    site, atlas_staff, official, world
):
    declaration = draft(site, atlas_staff, year=2023, quarter=4)
    declaration = declaration_submit(declaration=declaration, user=atlas_staff)
    declaration_validate(declaration=declaration, user=official)
    site_withdraw(site=site, reason="Closed", on=D(2024, 2, 10), user=official)

    owed = quarters(calendar.operator_calendar(world.atlas, today=TODAY))

    assert sorted(owed) == [(2023, 2), (2023, 3), (2023, 4), (2024, 1)]
    assert owed[2023, 4] == Status.VALIDATED
    assert calendar.overdue(today=TODAY, operators=[world.atlas.pk]) == [
        e for e in calendar.operator_calendar(world.atlas, today=TODAY) if e.overdue
    ]


def test_a_declaration_after_the_withdrawal_stays_listed(site, atlas_staff, official, world):
    draft(site, atlas_staff, year=2024, quarter=3)
    site_withdraw(site=site, reason="Closed", on=D(2024, 2, 10), user=official)

    owed = quarters(calendar.operator_calendar(world.atlas, today=TODAY))

    assert (2024, 3) in owed
    assert (2024, 2) not in owed


def test_a_withdrawn_memorandum_is_owed_until_its_withdrawal_quarter(site, official, world):
    memorandum_withdraw(
        memorandum=world.atlas_mou, reason="Never signed", on=D(2023, 11, 1), user=official
    )

    owed = quarters(calendar.operator_calendar(world.atlas, today=TODAY))

    assert sorted(owed) == [(2023, 2), (2023, 3), (2023, 4)]
