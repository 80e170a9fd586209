"""Jobs created over time against the expected trajectory (memoranda.dashboard.jobs_over_time),
checked against numbers worked out by hand from the `declared` world of test_progress.py.

Quarter indexes (year * 4 + quarter - 1): 2023-Q1 = 8092 (Atlas signed), 2024-Q1 = 8096 (Rif
signed), 2024-Q4 = 8099, 2025-Q1 = 8100, 2025-Q2 = 8101, 2025-Q3 = 8102, 2025-Q4 = 8103 (the
quarter in progress on TODAY).

Created, from the validated lines in each commitment's scope, held until the scope's next
validated quarter:

| commitment           | baseline | 2024-Q4    | 2025-Q2     | 2025-Q3 |
| -------------------- | -------- | ---------- | ----------- | ------- |
| Atlas BPO Casablanca | 100      | 300 -> 200 | 380 -> 280  |         |
| Atlas BPO Fès        | 50       |            | 120 -> 70   |         |
| Atlas ITO unalloc.   | 10       | 45 -> 35   | 120 -> 110  |         |
| Rif ITO Tanger       | 0        |            |             | 100     |
| Rif KPO Casablanca   | unknown: never counted                      |

Totals: before 2024-Q4 unknown; 2024-Q4 and 2025-Q1: 235 (2 counted); 2025-Q2: 460 (3);
2025-Q3 and 2025-Q4: 560 (4), the jobs created of the headline.

Expected at quarter m: jobs_committed * (m - s) // 15 per commitment, once signed. Atlas (s =
8092): 400, 250, 100; Rif (s = 8096): 300, 50.
- 2023-Q4 (m = 8095): 400*3//15 + 250*3//15 + 100*3//15 = 80 + 50 + 20 = 150; Rif not signed.
- 2024-Q4 (8099): 186 + 116 + 46 = 348; Rif 300*3//15 + 50*3//15 = 60 + 10 = 70; 418.
- 2025-Q4 (8103): 293 + 183 + 73 = 549; Rif 140 + 23 = 163; 712.
"""

import datetime

import pytest

from memoranda.dashboard import jobs_over_time
from memoranda.models import Commitment, Memorandum
from tests.memoranda import test_progress
from tests.memoranda.test_progress import declare, set_baseline, site

# The declared world and its sites, shared with test_progress.py.
declared, sites = test_progress.declared, test_progress.sites

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 11, 20)


def series(commitments=None):
    commitments = Commitment.objects.all() if commitments is None else commitments
    return {
        (row.year, row.quarter): (row.expected, row.created, row.measured)
        for row in jobs_over_time(commitments, TODAY)
    }


def test_it_runs_from_the_first_signature_quarter_to_the_quarter_in_progress(declared):
    quarters = list(series())

    assert quarters[0] == (2023, 1)
    assert quarters[-1] == (2025, 4)
    assert len(quarters) == 12


def test_created_is_unknown_until_a_scope_has_a_validated_declaration(declared):
    figures = series()

    assert figures[2023, 1] == (0, None, 0)
    assert figures[2023, 4] == (150, None, 0)
    assert figures[2024, 3][1:] == (None, 0)


def test_created_holds_each_scope_headcount_until_its_next_validated_quarter(declared):
    figures = series()

    assert figures[2024, 4] == (418, 235, 2)
    assert figures[2025, 1][1:] == (235, 2)
    assert figures[2025, 2][1:] == (460, 3)
    assert figures[2025, 3][1:] == (560, 4)
    assert figures[2025, 4] == (712, 560, 4)


def test_last_quarter_equals_the_headline_jobs_created(declared):
    last = jobs_over_time(Commitment.objects.all(), TODAY)[-1]

    assert last.created == Commitment.objects.totals()["jobs_created"]


def test_unknown_baseline_commitments_are_never_counted(declared):
    # Rif KPO Casablanca has a validated 40 in 2025-Q1 but no baseline.
    figures = series(Commitment.objects.filter(segment__code="KPO"))

    assert figures[2025, 4] == (23, None, 0)


def test_two_commitments_two_sites_and_two_segments_in_one_scope_count_once_each(
    declared, world, cities, segments
):
    """A second Atlas memorandum in the BPO Casablanca scope, signed in 2025-Q1 with a
    baseline of 300, and a second Atlas site in Casablanca declaring BPO and ITO in 2025-Q2.
    Joins from the scope would pair each line with both commitments and each quarter with
    every site: each commitment must still count the scope's headcount once.

    BPO Casablanca: 2024-Q4 300; 2025-Q2 380 + 20 = 400. The new commitment counts from its
    signature quarter with the headcount then held: 2025-Q1 300 - 300 = 0, 2025-Q2 100. The
    first one: 2025-Q2 400 - 100 = 300. Atlas ITO unallocated: 120 + 5 = 125 - 10 = 115.
    2025-Q2: 300 + 70 + 115 + 100 = 585 (4 counted); 2025-Q3: 585 + 100 Tanger = 685 (5).
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

    assert figures[2024, 4][1:] == (235, 2)
    assert figures[2025, 1][1:] == (235, 3)
    assert figures[2025, 2][1:] == (585, 4)
    assert figures[2025, 4][1:] == (685, 5)
    assert figures[2025, 4][1] == Commitment.objects.totals()["jobs_created"]


def test_a_scope_without_a_declaration_in_a_later_quarter_keeps_its_latest(world, sites):
    set_baseline("BPO", "fes", 0)
    declare(sites["atlas_fes"], 2024, 2, BPO=30)

    figures = series(Commitment.objects.filter(segment__code="BPO", city__slug="fes"))

    assert [figures[2024, q][1] for q in (1, 2, 3, 4)] == [None, 30, 30, 30]
    assert figures[2025, 4][1] == 30


def test_no_commitment_gives_no_quarter(db):
    assert jobs_over_time(Commitment.objects.all(), TODAY) == []


def test_it_runs_three_queries_whatever_the_rows(declared, django_assert_num_queries):
    with django_assert_num_queries(3):
        jobs_over_time(Commitment.objects.all(), TODAY)
