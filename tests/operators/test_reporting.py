"""An operator's public reporting record, worked out by hand.

Atlas signed on 15 March 2023, so its site Casanearshore 1 owes 2023 Q2 (due 30 July) and
2023 Q3 (due 30 October); on 1 December 2023, 2023 Q4 has not ended.
"""

import datetime

import pytest
from django.utils import timezone

from operators.calendar import operator_calendar
from operators.models import Declaration, DeclarationEvent, Operator, Site
from operators.reporting import reporting_record, reporting_records
from operators.services import declaration_save_draft, declaration_submit

pytestmark = pytest.mark.django_db

DECEMBER_1 = datetime.date(2023, 12, 1)


def submit_q2(site, user, segments, on: datetime.date):
    declaration = declaration_save_draft(
        site=site,
        year=2023,
        quarter=2,
        lines={segments["BPO"]: (40, 30, 20), segments["ITO"]: (10, 10, 5)},
        user=user,
    )
    declaration_submit(declaration=declaration, user=user)
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    DeclarationEvent.objects.filter(declaration=declaration).update(at=moment)
    Declaration.objects.filter(pk=declaration.pk).update(
        submitted_at=moment, first_submitted_at=moment
    )


def record_of(world, today=DECEMBER_1):
    return reporting_record(operator_calendar(world.atlas, today), today)


def test_a_quarter_submitted_on_time_and_one_missing(world, site, atlas_staff, segments):
    submit_q2(site, atlas_staff, segments, on=datetime.date(2023, 7, 20))
    record = record_of(world)
    assert (record.due_so_far, record.on_time, record.late, record.missing) == (2, 1, 0, 1)
    assert record.on_time_percent == 50.0


def test_a_quarter_submitted_after_its_due_date_is_late(world, site, atlas_staff, segments):
    submit_q2(site, atlas_staff, segments, on=datetime.date(2023, 8, 5))
    record = record_of(world)
    assert (record.due_so_far, record.on_time, record.late, record.missing) == (2, 0, 1, 1)
    assert record.on_time_percent == 0.0


def test_before_any_due_date_the_rate_is_unknown(world, site):
    record = record_of(world, today=datetime.date(2023, 7, 15))  # Q2 open, due on 30 July
    assert (record.due_so_far, record.open_now) == (0, 1)
    assert record.on_time_percent is None


def test_the_operator_page_shows_the_reporting_record(client, world, site, atlas_staff, segments):
    submit_q2(site, atlas_staff, segments, on=datetime.date(2023, 7, 20))
    page = client.get("/en/operators/atlas-relation/").content.decode()
    section = page.split("Reporting record")[1].split("</section>")[0]
    # Today, every quarter after 2023 Q2 whose due date has passed is missing.
    record = reporting_record(operator_calendar(world.atlas))
    assert record.on_time == 1 and record.missing == record.due_so_far - 1
    assert f"<dt>Missing</dt><dd>{record.missing}</dd>" in section
    assert f"<dt>On time</dt><dd>1 ({round(100 / record.due_so_far)}%)</dd>" in section


class TestNotSetUp:
    """Rif Digital signed on 10 January 2024 and has no site: it owes 2024 Q2 (due 30 July
    2024) onwards, but cannot declare."""

    def test_an_operator_without_a_site_has_no_counts_and_owes_since_its_first_quarter(self, world):
        record = reporting_records([world.rif.pk], datetime.date(2025, 1, 15))[world.rif.pk]

        assert not record.set_up
        assert (record.owed_since, record.first_due_on) == ((2024, 2), datetime.date(2024, 7, 30))
        counts = (record.due_so_far, record.on_time, record.late, record.missing, record.open_now)
        assert counts == (None,) * 5
        assert record.on_time_percent is None

    @pytest.mark.parametrize(
        ("today", "owed_since"),
        [
            (datetime.date(2024, 6, 30), None),  # 2024 Q2 has not ended.
            (datetime.date(2024, 7, 1), (2024, 2)),  # Its declaration opens today.
        ],
    )
    def test_it_owes_a_quarter_once_its_declaration_opens(self, world, today, owed_since):
        record = reporting_records([world.rif.pk], today)[world.rif.pk]

        assert not record.set_up
        assert record.owed_since == owed_since

    def test_an_operator_without_memoranda_nor_site_owes_nothing(self, world):
        lone = Operator.objects.create(name="Lone", slug="lone")

        record = reporting_records([lone.pk])[lone.pk]

        assert (record.set_up, record.owed_since, record.due_so_far) == (False, None, None)

    def test_once_a_site_is_added_the_record_counts_its_declarations(self, world, cities):
        Site.objects.create(operator=world.rif, name="Rif Tanger", city=cities["tanger"])

        record = reporting_records([world.rif.pk], datetime.date(2025, 1, 15))[world.rif.pk]

        # 2024 Q2 and Q3 are past due and missing; 2024 Q4 is due by 30 January 2025.
        assert record.set_up and record.owed_since is None
        assert (record.due_so_far, record.missing, record.open_now) == (2, 2, 1)

    def test_an_operator_with_a_site_before_its_first_quarter_is_set_up(self, world, cities):
        Site.objects.create(operator=world.rif, name="Rif Tanger", city=cities["tanger"])

        record = reporting_records([world.rif.pk], datetime.date(2024, 3, 1))[world.rif.pk]

        assert record.set_up
        assert (record.due_so_far, record.on_time_percent) == (0, None)

    def test_records_take_three_queries_whatever_the_operators(
        self, world, site, cities, django_assert_num_queries
    ):
        operators = [world.atlas.pk, world.rif.pk]
        for number in range(5):
            operators.append(Operator.objects.create(name=f"O{number}", slug=f"o{number}").pk)
        Site.objects.create(operator_id=operators[-1], name="Main", city=cities["fes"])

        with django_assert_num_queries(3):
            records = reporting_records(operators, DECEMBER_1)

        assert [record.set_up for record in records.values()] == [True] + [False] * 5 + [True]
