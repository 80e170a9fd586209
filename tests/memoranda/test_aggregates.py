"""Aggregates computed in SQL, checked against numbers worked out by hand from the world in
conftest.py (5 commitments, 1,100 jobs; Atlas 750 jobs, Rif 350 jobs)."""

import datetime

import pytest

from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, Memorandum, Signing
from memoranda.querysets import annotate_operators, annotate_places
from memoranda.withdrawals import commitment_withdraw, memorandum_withdraw
from operators.models import City, Operator, Region, Segment
from tests.totals import headline

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_atlas_memorandum(world, segments, cities):
    """A second Atlas memorandum with three commitments: joins from Atlas would now pair each
    of its 2 memoranda with up to 3 commitments each, multiplying rows if summed naively."""
    memorandum = Memorandum.objects.create(
        reference="ATLAS-2025-2",
        signing=world.signing,
        operator=world.atlas,
        signed_on=datetime.date(2025, 2, 1),
        horizon_year=2028,
    )
    for segment, city, jobs in [("ESO", "rabat", 20), ("ESO", "agadir", 30), ("KPO", None, 5)]:
        Commitment.objects.create(
            memorandum=memorandum,
            segment=segments[segment],
            city=cities[city] if city else None,
            jobs_committed=jobs,
        )
    # As the memorandum admin does once the commitments are saved.
    commitment_figures_refresh([world.atlas.pk])
    return memorandum


def test_totals_sum_jobs_committed_and_count_commitments(world):
    totals = Commitment.objects.totals()
    assert headline(totals) == {"count": 5, "jobs_committed": 1100, "jobs_created": None}


def test_totals_of_an_empty_set_are_zero_committed_and_unknown_created(world):
    assert headline(Commitment.objects.filter(jobs_committed__gt=10_000).totals()) == {
        "count": 0,
        "jobs_committed": 0,
        "jobs_created": None,
    }


def test_totals_follow_the_filter(world):
    totals = Commitment.objects.filter(city__slug="casablanca").with_progress().totals()
    assert (totals["count"], totals["jobs_committed"]) == (2, 450)


def test_jobs_created_stay_unknown_without_validated_declarations(world):
    rows = list(Commitment.objects.with_progress().values_list("jobs_created", "status"))
    assert rows == [(None, Commitment.Status.NO_DATA)] * 5
    assert not Commitment.objects.with_progress().filter(progress_percent__isnull=False).exists()


def test_memorandum_totals(world):
    by_reference = {
        m.reference: (m.jobs_committed, m.commitments_count)
        for m in Memorandum.objects.with_totals()
    }
    assert by_reference == {"ATLAS-2023-1": (750, 3), "RIF-2024-1": (350, 2)}


def test_memorandum_without_commitment_totals_zero(world):
    Memorandum.objects.create(
        reference="EMPTY-1",
        operator=world.rif,
        signed_on=datetime.date(2024, 5, 1),
        horizon_year=2025,
    )
    empty = Memorandum.objects.with_totals().get(reference="EMPTY-1")
    assert (empty.jobs_committed, empty.commitments_count) == (0, 0)


def test_operator_totals_do_not_multiply_across_memoranda(world, second_atlas_memorandum):
    by_slug = {
        o.slug: (o.memoranda_count, o.jobs_committed)
        for o in annotate_operators(Operator.objects.all())
    }
    # Atlas: 750 + (20 + 30 + 5) = 805 over 2 memoranda; Rif unchanged.
    assert by_slug == {"atlas-relation": (2, 805), "rif-digital": (1, 350)}


def test_signing_totals_put_recorded_figures_beside_announced_ones(world, second_atlas_memorandum):
    signing = Signing.objects.with_totals().get(pk=world.signing.pk)
    # Rif's memorandum has no signing: only the two Atlas memoranda count.
    assert (signing.memoranda_count, signing.jobs_committed) == (2, 805)
    assert signing.announced_jobs == 1200


def test_signing_totals_follow_a_memorandum_moved_to_another_signing(
    world, second_atlas_memorandum
):
    other = Signing.objects.create(
        title="Nearshoring 2025", slug="nearshoring-2025", signed_on=datetime.date(2025, 2, 1)
    )
    second_atlas_memorandum.signing = other
    second_atlas_memorandum.save()
    world.rif_mou.signing = other
    world.rif_mou.save()
    commitment_figures_refresh([world.atlas.pk, world.rif.pk])

    totals = {s.slug: (s.memoranda_count, s.jobs_committed) for s in Signing.objects.with_totals()}
    assert totals == {"offshoring-2023": (1, 750), "nearshoring-2025": (2, 55 + 350)}


def test_signing_totals_leave_out_what_is_withdrawn(world, second_atlas_memorandum, official):
    on = datetime.date(2025, 6, 30)
    memorandum_withdraw(memorandum=second_atlas_memorandum, reason="test", on=on, user=official)
    commitment_withdraw(
        commitment=Commitment.objects.get(memorandum=world.atlas_mou, city__slug="fes"),
        reason="test",
        on=on,
        user=official,
    )

    signing = Signing.objects.with_totals().get(pk=world.signing.pk)
    assert (signing.memoranda_count, signing.jobs_committed) == (1, 750 - 250)


def test_city_totals(world, second_atlas_memorandum):
    cities = {
        c.slug: (c.commitments_count, c.jobs_committed)
        for c in annotate_places(
            City.objects.filter(slug__in=["casablanca", "fes", "oujda"]), "city"
        )
    }
    assert cities == {"casablanca": (2, 450), "fes": (1, 250), "oujda": (0, 0)}


def test_segment_totals(world, second_atlas_memorandum):
    segments = {
        s.code: (s.commitments_count, s.jobs_committed)
        for s in annotate_places(Segment.objects.all(), "segment")
    }
    assert segments == {"BPO": (2, 650), "ITO": (2, 400), "ESO": (2, 50), "KPO": (2, 55)}


def test_region_totals_leave_out_withdrawn_commitments(world, second_atlas_memorandum, official):
    commitment_withdraw(
        commitment=Commitment.objects.get(memorandum=world.atlas_mou, city__slug="casablanca"),
        reason="test",
        on=datetime.date(2025, 6, 30),
        user=official,
    )
    regions = {
        r.slug: (r.commitments_count, r.jobs_committed)
        for r in annotate_places(
            Region.objects.filter(slug__in=["casablanca-settat", "rabat-sale-kenitra"]),
            "city__region",
        )
    }
    # Casablanca keeps Rif's KPO (50); Rabat holds the second Atlas memorandum's ESO (20).
    assert regions == {"casablanca-settat": (1, 50), "rabat-sale-kenitra": (1, 20)}


def test_by_city_groups_unallocated_commitments_last(world, second_atlas_memorandum):
    rows = [
        (row["city__slug"], row["jobs_committed"], row["commitments"])
        for row in Commitment.objects.by_city()
    ]
    assert rows == [
        ("agadir", 30, 1),
        ("casablanca", 450, 2),
        ("fes", 250, 1),
        ("rabat", 20, 1),
        ("tanger", 300, 1),
        (None, 105, 2),
    ]


def test_by_segment(world):
    rows = [
        (row["segment__code"], row["jobs_committed"]) for row in Commitment.objects.by_segment()
    ]
    assert rows == [("BPO", 650), ("ITO", 400), ("KPO", 50)]
