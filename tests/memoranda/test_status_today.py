"""Status judged today: a figure has a quarter, and time passing makes it out of date; the
horizon passing makes a shortfall missed.

The world of conftest.py: ATLAS-2023-1 signed 2023-03-15 (s = 2023-Q1 = 8092), horizon 2026
(its last quarter due: 2026-Q4 = 8107, due on 30 January 2027). Atlas BPO Casablanca commits
400 jobs; its baseline is recorded here as 100. Declarations are due 30 days after their
quarter's end, so on 15 May 2025 the latest quarter due is 2025-Q1 and, with one grace
quarter, a figure of 2024-Q4 is still current; on 15 August 2025 2025-Q2 is due and 2024-Q4
is out of date.

Atlas's 2024-Q4 headcount of 300 makes 200 jobs created, against 400 * 7 // 15 = 186 expected
then: on track then.
"""

import datetime
import json

import pytest

from memoranda.models import Commitment
from memoranda.services import founding_data_load
from operators.models import City, Operator, Segment, Site
from tests.memoranda.progress_world import commitment, declare, set_baseline, site

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def on(time_machine, year, month, day):
    time_machine.move_to(datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def casa(world, cities, segments):
    set_baseline("BPO", "casablanca", 100)
    return site(world.atlas, "Casa Shore", cities["casablanca"], "BPO", segments=segments)


def judged(segment_code="BPO", city_slug="casablanca"):
    row = Commitment.objects.with_progress().get(pk=commitment(segment_code, city_slug).pk)
    return row.status, row.status_then


def test_a_figure_within_the_grace_quarter_keeps_its_status(casa, time_machine):
    declare(casa, 2024, 4, BPO=300)
    on(time_machine, 2025, 5, 15)

    assert judged() == (Status.ON_TRACK, Status.ON_TRACK)


def test_a_figure_older_than_the_grace_is_out_of_date_with_its_status_then(casa, time_machine):
    declare(casa, 2024, 4, BPO=300)
    on(time_machine, 2025, 8, 15)

    assert judged() == (Status.OUT_OF_DATE, Status.ON_TRACK)


def test_the_grace_comes_from_settings(casa, time_machine, settings):
    declare(casa, 2024, 4, BPO=300)
    on(time_machine, 2025, 5, 15)
    settings.STATUS_GRACE_QUARTERS = 0

    assert judged()[0] == Status.OUT_OF_DATE


def test_achieved_holds_only_while_the_figure_is_current(casa, time_machine):
    declare(casa, 2024, 4, BPO=600)
    on(time_machine, 2025, 5, 15)
    assert judged() == (Status.ACHIEVED, Status.ACHIEVED)

    on(time_machine, 2026, 1, 15)
    assert judged() == (Status.OUT_OF_DATE, Status.ACHIEVED)


def test_a_shortfall_at_the_last_quarter_due_is_missed(casa, time_machine):
    declare(casa, 2026, 4, BPO=300)
    on(time_machine, 2027, 1, 20)
    # The horizon's last quarter is not due before 30 January 2027.
    assert judged()[0] == Status.BEHIND

    on(time_machine, 2027, 3, 1)
    assert judged() == (Status.MISSED, Status.BEHIND)


def test_a_promise_kept_at_the_horizon_is_achieved_not_missed(casa, time_machine):
    declare(casa, 2026, 4, BPO=520)
    on(time_machine, 2027, 3, 1)

    assert judged() == (Status.ACHIEVED, Status.ACHIEVED)


def test_years_after_the_horizon_a_figure_of_its_last_quarter_stays_current(casa, time_machine):
    declare(casa, 2026, 4, BPO=300)
    on(time_machine, 2030, 6, 1)

    assert judged()[0] == Status.MISSED


def test_a_figure_older_than_the_last_quarter_due_is_out_of_date_after_the_horizon(
    casa, time_machine
):
    declare(casa, 2025, 4, BPO=300)
    on(time_machine, 2030, 6, 1)

    assert judged()[0] == Status.OUT_OF_DATE


def test_no_figure_is_no_data_whatever_the_date(world, time_machine):
    on(time_machine, 2030, 6, 1)

    assert judged()[0] == Status.NO_DATA


@pytest.mark.parametrize(
    ("today", "status", "expected"),
    [
        ((2025, 8, 15), "out_of_date", ["BPO Casablanca"]),
        ((2025, 8, 15), "on_track", []),
        ((2027, 3, 1), "missed", []),
    ],
)
def test_the_list_filters_by_status_judged_today(
    client, casa, time_machine, today, status, expected
):
    declare(casa, 2024, 4, BPO=300)
    on(time_machine, *today)

    response = client.get("/en/commitments/", {"status": status})

    rows = [f"{c.segment.code} {c.city.name}" for c in response.context["commitments"]]
    assert rows == expected


def test_the_list_filters_missed_commitments(client, casa, time_machine):
    declare(casa, 2026, 4, BPO=300)
    on(time_machine, 2027, 3, 1)

    response = client.get("/en/commitments/", {"status": "missed"})

    assert [c.jobs_created for c in response.context["commitments"]] == [200]


def test_the_list_says_when_and_what_an_out_of_date_figure_was(client, casa, time_machine):
    declare(casa, 2024, 4, BPO=300)
    on(time_machine, 2025, 8, 15)

    page = client.get("/en/commitments/", {"status": "out_of_date"}).content.decode()

    assert "out of date" in page
    assert "last validated figure 2024 Q4, 200 jobs created then (on track then)" in page


def test_exports_give_the_figures_quarter_and_its_status_then(client, casa, time_machine):
    declare(casa, 2024, 4, BPO=300)
    on(time_machine, 2025, 8, 15)

    response = client.get("/commitments/export.json", {"status": "out_of_date"})
    export = json.loads(b"".join(response.streaming_content))

    (row,) = export["results"]
    assert (row["headcount_quarter"], row["jobs_created"], row["status"]) == (
        "2024-Q4",
        200,
        "out_of_date",
    )
    assert (row["status_at_quarter"], row["jobs_expected_at_quarter"]) == ("on_track", 186)
    assert export["totals"]["out_of_date"] == 1


def test_cnexia_with_one_figure_of_2022_is_out_of_date_in_2026(client, time_machine):
    """The issue's case: the founding data, Cnexia's baseline recorded, one validated
    declaration for 2022 Q3, read on 1 December 2026."""
    founding_data_load()
    cnexia = Operator.objects.get(slug="cnexia")
    Commitment.objects.filter(memorandum__operator=cnexia).update(baseline_headcount=0)
    fes = Site.objects.create(operator=cnexia, name="Fès Shore", city=City.objects.get(slug="fes"))
    fes.segments.set([Segment.objects.get(code="BPO")])
    declare(fes, 2022, 3, BPO=400)
    on(time_machine, 2026, 12, 1)

    page = client.get("/en/memoranda/MDE-2022-CNEXIA/").content.decode()

    assert "out of date" in page
    assert "last validated figure 2022 Q3, 400 jobs created then" in page
    assert ">on track<" not in page


def test_the_status_filter_selects_exactly_the_rows_the_status_names(casa):
    """memoranda.querysets.status_is, the conditions the list's ?status= filters with, against
    the status CASE the rows show: for a grid of stored figures (unknown, short, on the limits
    of each share, reached; current, within the grace, out of date; before and after the
    last quarter due; with and without jobs expected) judged at three quarters, each figure
    matches exactly one code, the one the CASE gives."""
    from django.db.models import Count

    from memoranda.figures import status_at
    from memoranda.models import CommitmentFigures
    from memoranda.querysets import current_figure, status, status_is

    target = commitment("BPO", "casablanca")
    figures = CommitmentFigures.objects.filter(commitment=target)
    rows = Commitment.objects.filter(pk=target.pk)
    final = figures.get().final_quarter
    committed = target.jobs_committed
    seen = set()
    for due in (final - 6, final, final + 5):
        for created in (None, 0, 200, 240, 359, 360, committed):
            for expected in (None, 400):
                for quarter in (due - 2, due - 1, due, final - 1):
                    figures.update(
                        jobs_created=created,
                        jobs_expected=expected,
                        quarter=quarter,
                        status_then=status_at(created, committed, expected),
                    )
                    counts = rows.aggregate(
                        **{code: Count("pk", filter=status_is(code, due)) for code in Status},
                        current=Count("pk", filter=current_figure(due)),
                    )
                    case = rows.annotate(judged=status(due)).get().judged
                    matched = [code for code in Status if counts[code]]
                    assert matched == [case], (due, created, expected, quarter, counts)
                    assert counts["current"] == (case not in ("no_data", "out_of_date"))
                    seen.add(case)

    assert seen == set(Status.values)
