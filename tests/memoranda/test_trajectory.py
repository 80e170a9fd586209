"""Jobs created over time against the expected trajectory (memoranda.dashboard.jobs_over_time),
checked against numbers worked out by hand from the `declared` world of test_progress.py.

Quarter indexes (year * 4 + quarter - 1): 2023-Q1 = 8092 (Atlas signed), 2024-Q1 = 8096 (Rif
signed), 2024-Q4 = 8099, 2025-Q1 = 8100, 2025-Q2 = 8101, 2025-Q3 = 8102; on TODAY 2025-Q4 is in
progress and has no row.

Each quarter counts only the commitments measured in that very quarter (a validated
declaration of that quarter in their scope, and a recorded baseline): nothing is carried into
later quarters.

| commitment           | baseline | 2024-Q4             | 2025-Q2             | 2025-Q3          |
| -------------------- | -------- | ------------------- | ------------------- | ---------------- |
| Atlas BPO Casablanca | 100      | 300 -> 200, exp 186 | 380 -> 280, exp 240 |                  |
| Atlas BPO Fès        | 50       |                     | 120 -> 70, exp 150  |                  |
| Atlas ITO unalloc.   | 10       | 45 -> 35, exp 46    | 120 -> 110, exp 60  |                  |
| Rif ITO Tanger       | 0        |                     |                     | 100, exp 120     |
| Rif KPO Casablanca   | unknown: measured in 2025-Q1 but never counted                         |

Expected at quarter m: jobs_committed * (m - s) // 15 (Atlas s = 8092, Rif s = 8096).
Per quarter (measured, their jobs committed, expected, created):
- 2024-Q4: 2, 500, 232, 235;
- 2025-Q1: a gap (only Rif KPO, whose baseline is unknown);
- 2025-Q2: 3, 750, 450, 460;
- 2025-Q3: 1, 300, 120, 100.
"""

import datetime

import pytest

from memoranda.dashboard import jobs_over_time
from memoranda.models import Commitment, Memorandum
from tests.memoranda.progress_world import declare, set_baseline, site

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 11, 20)


def series(commitments=None):
    commitments = Commitment.objects.all() if commitments is None else commitments
    return {
        (row.year, row.quarter): (row.measured, row.committed, row.expected, row.created)
        for row in jobs_over_time(commitments, TODAY)
    }


GAP = (0, None, None, None)


def test_it_runs_from_the_first_signature_quarter_to_the_last_quarter_ended(declared):
    quarters = list(series())

    assert quarters[0] == (2023, 1)
    assert quarters[-1] == (2025, 3)
    assert len(quarters) == 11


def test_quarters_without_a_measurement_are_gaps_not_zeros(declared):
    figures = series()

    assert figures[2023, 1] == GAP
    assert figures[2024, 3] == GAP
    assert figures[2025, 1] == GAP


def test_each_quarter_counts_only_the_commitments_measured_in_it(declared):
    figures = series()

    assert figures[2024, 4] == (2, 500, 232, 235)
    assert figures[2025, 2] == (3, 750, 450, 460)
    assert figures[2025, 3] == (1, 300, 120, 100)


def test_the_quarter_in_progress_has_no_row(declared):
    assert (2025, 4) not in series()


def test_unknown_baseline_commitments_are_never_counted(declared):
    # Rif KPO Casablanca has a validated 40 in 2025-Q1 but no baseline.
    figures = series(Commitment.objects.filter(segment__code="KPO"))

    assert figures[2025, 1] == GAP


def test_two_commitments_two_sites_and_two_segments_in_one_scope_count_once_each(
    declared, world, cities, segments
):
    """A second Atlas memorandum in the BPO Casablanca scope, signed in 2025-Q1 (s = 8100,
    horizon 2028: h = 8115) with a baseline of 300, and a second Atlas site in Casablanca
    declaring BPO and ITO in 2025-Q2. Joins from the scope would pair each line with both
    commitments and each quarter with every site: each commitment must count once.

    BPO Casablanca in 2025-Q2: 380 + 20 = 400, so 300 for the first commitment (expected 240)
    and 100 for the new one (expected 200 * 1 // 15 = 13); its scope's 2024-Q4 comes before its
    signature and measures nothing it promised. Atlas ITO unallocated: 30 + 90 + 5 = 125 - 10 =
    115. 2025-Q2: 4 measured, 400 + 250 + 100 + 200 = 950 committed, 240 + 150 + 60 + 13 = 463
    expected, 300 + 70 + 115 + 100 = 585 created.
    """
    second = Memorandum.objects.create(
        reference="ATLAS-2025-2",
        operator=world.atlas,
        signed_on=datetime.date(2025, 1, 15),
        horizon_year=2028,
    )
    Commitment.objects.create(
        memorandum=second,
        segment=segments["BPO"],
        city=cities["casablanca"],
        jobs_committed=200,
        baseline_headcount=300,
    )
    declare(
        site(world.atlas, "Casa 2", cities["casablanca"], "BPO", "ITO", segments=segments),
        2025,
        2,
        BPO=20,
        ITO=5,
    )

    figures = series()

    assert figures[2024, 4] == (2, 500, 232, 235)
    assert figures[2025, 1] == GAP
    assert figures[2025, 2] == (4, 950, 463, 585)


def test_a_scope_without_a_declaration_in_a_later_quarter_is_not_carried(world, sites):
    set_baseline("BPO", "fes", 0)
    declare(sites["atlas_fes"], 2024, 2, BPO=30)

    figures = series(Commitment.objects.filter(segment__code="BPO", city__slug="fes"))

    assert [figures[2024, q][3] for q in (1, 2, 3, 4)] == [None, 30, None, None]
    assert figures[2025, 3] == GAP


def test_no_commitment_gives_no_quarter(db):
    assert jobs_over_time(Commitment.objects.all(), TODAY) == []


def test_it_runs_two_queries_whatever_the_rows(declared, django_assert_num_queries):
    with django_assert_num_queries(2):
        jobs_over_time(Commitment.objects.all(), TODAY)
