"""What memoranda oblige: the quarters each memorandum makes its operator's sites declare."""

import datetime

import pytest

from memoranda.obligations import owed_quarters_by_operator, reporting_quarters
from operators import calendar

D = datetime.date


def memorandum(
    signed_on, horizon_year, follow_up_quarters=0, status="in_force", terminated_on=None
):
    return {
        "signed_on": signed_on,
        "horizon_year": horizon_year,
        "follow_up_quarters": follow_up_quarters,
        "status": status,
        "terminated_on": terminated_on,
    }


class TestReportingQuarters:
    def test_it_runs_from_the_first_full_quarter_to_the_horizon_years_end(self):
        owed = reporting_quarters([memorandum(D(2022, 4, 20), 2026)])
        assert min(owed) == (2022, 3)
        assert max(owed) == (2026, 4)
        assert len(owed) == 2 + 4 * 4

    def test_it_adds_follow_up_quarters_across_the_year_end(self):
        owed = reporting_quarters([memorandum(D(2022, 4, 20), 2023, 5)])
        assert max(owed) == (2025, 1)

    def test_a_terminated_memorandum_stops_at_the_quarter_of_its_termination(self):
        owed = reporting_quarters(
            [memorandum(D(2022, 4, 20), 2026, 4, "terminated", D(2023, 5, 2))]
        )
        assert sorted(owed) == [(2022, 3), (2022, 4), (2023, 1), (2023, 2)]

    def test_a_termination_date_counts_only_when_the_status_is_terminated(self):
        owed = reporting_quarters([memorandum(D(2022, 4, 20), 2023, 0, "in_force", D(2022, 8, 1))])
        assert max(owed) == (2023, 4)

    def test_terminated_within_the_signature_quarter_owes_nothing(self):
        owed = reporting_quarters(
            [memorandum(D(2022, 4, 20), 2026, 0, "terminated", D(2022, 6, 30))]
        )
        assert owed == set()

    def test_it_is_the_union_of_the_operators_memoranda(self):
        owed = reporting_quarters(
            [memorandum(D(2022, 4, 20), 2022), memorandum(D(2022, 8, 1), 2023)]
        )
        assert sorted(owed)[0] == (2022, 3)
        assert len(owed) == 2 + 4


@pytest.mark.django_db
class TestTheCalendarAsksTheMemoranda:
    def test_an_operators_owed_quarters_come_from_its_memoranda(self, world):
        # Atlas signed on 15 March 2023 for 2026, Rif on 10 January 2024 for 2027.
        owed = calendar.owed_quarters_by_operator([world.atlas.pk, world.rif.pk])
        assert owed == owed_quarters_by_operator([world.atlas.pk, world.rif.pk])
        assert (min(owed[world.atlas.pk]), max(owed[world.atlas.pk])) == ((2023, 2), (2026, 4))
        assert (min(owed[world.rif.pk]), max(owed[world.rif.pk])) == ((2024, 2), (2027, 4))
        assert len(owed[world.atlas.pk]) == 3 + 3 * 4
        assert calendar.calendar_quarters(D(2024, 5, 1))[0] == (2023, 1)

    def test_without_registered_obligations_nothing_is_owed(self, world, monkeypatch):
        monkeypatch.setattr(calendar, "obligations", calendar.NoObligations())
        assert calendar.owed_quarters_by_operator([world.atlas.pk]) == {}
        assert calendar.calendar_quarters() == []
