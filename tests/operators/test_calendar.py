"""The reporting calendar: the quarters each site owes, their due dates and their state."""

import datetime

import pytest
from django.utils import timezone

from operators import calendar
from operators.calendar import Status
from operators.models import Declaration, DeclarationEvent, Site
from operators.quarters import first_quarter_after, quarter_end
from operators.services import declaration_return, declaration_submit, declaration_validate
from tests.operators.declaration_world import draft

D = datetime.date


class TestDateArithmetic:
    @pytest.mark.parametrize(
        "year, quarter, end",
        [(2022, 1, D(2022, 3, 31)), (2022, 2, D(2022, 6, 30)), (2024, 4, D(2024, 12, 31))],
    )
    def test_quarter_end(self, year, quarter, end):
        assert quarter_end(year, quarter) == end

    @pytest.mark.parametrize(
        "signed_on, first",
        [
            (D(2022, 4, 20), (2022, 3)),  # the founding memoranda
            (D(2022, 6, 30), (2022, 3)),  # last day of a quarter: the next one is full
            (D(2022, 7, 1), (2022, 4)),  # first day of a quarter: that one is not "after"
            (D(2022, 12, 31), (2023, 1)),  # last day of the year
            (D(2022, 1, 1), (2022, 2)),
        ],
    )
    def test_first_quarter_after_signature(self, signed_on, first):
        assert first_quarter_after(signed_on) == first

    def test_due_date_counts_the_configured_days_from_the_quarters_end(self, settings):
        assert calendar.opens_on(2022, 3) == D(2022, 10, 1)
        assert calendar.due_date(2022, 3) == D(2022, 10, 30)
        settings.DECLARATION_DUE_DAYS = 45
        assert calendar.due_date(2022, 4) == D(2023, 2, 14)


def statuses(entries):
    return {(e.year, e.quarter): (e.status, e.late) for e in entries}


def set_submission_time(declaration, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    DeclarationEvent.objects.filter(declaration=declaration, action="submitted").update(at=moment)
    Declaration.objects.filter(pk=declaration.pk).update(
        submitted_at=moment, first_submitted_at=moment
    )


class TestOperatorCalendar:
    """Atlas signed on 15 March 2023 (horizon 2026): its first declaration is for 2023 Q2, due
    on 30 July 2023."""

    def test_it_lists_the_quarters_ended_and_the_one_in_progress(self, site, world):
        entries = calendar.operator_calendar(world.atlas, today=D(2023, 10, 15))
        assert statuses(entries) == {
            (2023, 2): (Status.MISSING, False),
            (2023, 3): (Status.DUE, False),
            (2023, 4): (Status.UPCOMING, False),
        }
        assert entries[1].due_on == D(2023, 10, 30)
        assert entries[1].site == site

    def test_due_until_the_due_date_then_missing(self, site, world):
        on_due_date = calendar.operator_calendar(world.atlas, today=D(2023, 7, 30))
        day_after = calendar.operator_calendar(world.atlas, today=D(2023, 7, 31))
        assert statuses(on_due_date)[(2023, 2)] == (Status.DUE, False)
        assert statuses(day_after)[(2023, 2)] == (Status.MISSING, False)

    def test_a_draft_is_still_due_then_missing(self, site, world, atlas_staff):
        draft(site, atlas_staff, year=2023, quarter=2)
        entries = calendar.operator_calendar(world.atlas, today=D(2023, 8, 15))
        assert statuses(entries)[(2023, 2)] == (Status.MISSING, False)
        assert entries[0].declaration is not None

    def test_submitted_on_time_late_returned_and_validated(
        self, site, world, atlas_staff, official
    ):
        on_time = declaration_submit(
            declaration=draft(site, atlas_staff, year=2023, quarter=2), user=atlas_staff
        )
        set_submission_time(on_time, D(2023, 7, 30))
        late = declaration_submit(
            declaration=draft(site, atlas_staff, year=2023, quarter=3), user=atlas_staff
        )
        set_submission_time(late, D(2023, 11, 2))
        returned = declaration_submit(
            declaration=draft(site, atlas_staff, year=2023, quarter=4), user=atlas_staff
        )
        set_submission_time(returned, D(2024, 1, 10))
        declaration_return(declaration=returned, user=official, reason="Check ITO")

        entries = calendar.operator_calendar(world.atlas, today=D(2024, 2, 15))
        assert statuses(entries) == {
            (2023, 2): (Status.SUBMITTED, False),
            (2023, 3): (Status.LATE, True),
            (2023, 4): (Status.RETURNED, False),
            (2024, 1): (Status.UPCOMING, False),
        }
        declaration_validate(declaration=late, user=official)
        entries = calendar.operator_calendar(world.atlas, today=D(2024, 2, 15))
        assert statuses(entries)[(2023, 3)] == (Status.VALIDATED, True)

    def test_lateness_is_judged_on_the_first_submission(self, site, world, atlas_staff, official):
        declaration = declaration_submit(
            declaration=draft(site, atlas_staff, year=2023, quarter=2), user=atlas_staff
        )
        set_submission_time(declaration, D(2023, 7, 20))
        declaration_return(declaration=declaration, user=official, reason="Check ITO")
        draft(site, atlas_staff, year=2023, quarter=2, ito=(21, 10, 5))
        declaration_submit(declaration=declaration, user=atlas_staff)
        entries = calendar.operator_calendar(world.atlas, today=D(2023, 9, 1))
        assert statuses(entries)[(2023, 2)] == (Status.SUBMITTED, False)

    def test_an_operator_without_memoranda_owes_nothing(self, world, cities):
        Site.objects.create(operator=world.rif, name="Tanger Med", city=cities["tanger"])
        world.rif_mou.commitments.all().delete()
        world.rif_mou.delete()
        assert calendar.operator_calendar(world.rif, today=D(2025, 1, 1)) == []

    def test_overdue_lists_late_and_missing_of_every_operator(self, site, world, cities):
        Site.objects.create(operator=world.rif, name="Tanger Med", city=cities["tanger"])
        entries = calendar.overdue(today=D(2024, 5, 15))
        # Atlas: 2023 Q2 to 2024 Q1 missing; Rif (signed 10 January 2024): 2024 Q2 not ended.
        assert {(e.site.name, e.year, e.quarter) for e in entries} == {
            ("Casanearshore 1", 2023, 2),
            ("Casanearshore 1", 2023, 3),
            ("Casanearshore 1", 2023, 4),
            ("Casanearshore 1", 2024, 1),
        }
        assert {e.status for e in entries} == {Status.MISSING}


class TestQueryCount:
    def calendar_queries(self, django_assert_num_queries, operator, today):
        with django_assert_num_queries(3):
            return calendar.operator_calendar(operator, today=today)

    def test_one_site_and_four_quarters(self, site, world, atlas_staff, django_assert_num_queries):
        draft(site, atlas_staff, year=2023, quarter=2)
        entries = self.calendar_queries(django_assert_num_queries, world.atlas, D(2024, 2, 1))
        assert len(entries) == 4

    def test_five_sites_and_sixteen_quarters(
        self, site, world, cities, atlas_staff, django_assert_num_queries
    ):
        for number in range(2, 6):
            Site.objects.create(operator=world.atlas, name=f"Site {number}", city=cities["fes"])
        world.atlas_mou.follow_up_quarters = 1  # 2023 Q2 to 2026 Q4, then 2027 Q1
        world.atlas_mou.save()
        draft(site, atlas_staff, year=2023, quarter=2)
        draft(site, atlas_staff, year=2024, quarter=3)
        entries = self.calendar_queries(django_assert_num_queries, world.atlas, D(2027, 4, 1))
        assert len(entries) == 5 * 16
