"""The stored figures (scope headcounts, each commitment's figures and measurements) stay equal
to a rebuild from the declarations after any sequence of writes through the services:
validations, returns, reopenings, site moves, withdrawals and an official's edit of a
commitment."""

import datetime
import random

import pytest
from django.core.management import call_command

from memoranda.figures import commitment_figures_refresh, expected_jobs, figures_of
from memoranda.models import (
    Commitment,
    CommitmentFigures,
    CommitmentMeasurement,
    DashboardCell,
    DashboardQuarter,
    OperatorTotals,
    Signing,
    SigningShare,
)
from memoranda.withdrawals import commitment_withdraw
from operators import services
from operators.models import Declaration, ScopeHeadcount, Site
from operators.sites import site_save

pytestmark = pytest.mark.django_db

# The random sequence's today.
TODAY = datetime.date(2025, 11, 20)

FIGURE_FIELDS = [f.attname for f in CommitmentFigures._meta.fields]
MEASUREMENT_FIELDS = [f.attname for f in CommitmentMeasurement._meta.fields if f.attname != "id"]
SCOPE_FIELDS = [f.attname for f in ScopeHeadcount._meta.fields if f.attname != "id"]
CELL_FIELDS = [f.attname for f in DashboardCell._meta.fields if f.attname != "id"]
QUARTER_FIELDS = [f.attname for f in DashboardQuarter._meta.fields if f.attname != "id"]
TOTALS_FIELDS = [f.attname for f in OperatorTotals._meta.fields]
SHARE_FIELDS = [f.attname for f in SigningShare._meta.fields if f.attname != "id"]
DERIVED = (
    ScopeHeadcount,
    CommitmentFigures,
    CommitmentMeasurement,
    DashboardCell,
    DashboardQuarter,
    OperatorTotals,
    SigningShare,
)


def stored() -> tuple:
    return (
        sorted(ScopeHeadcount.objects.values_list(*SCOPE_FIELDS), key=repr),
        sorted(CommitmentFigures.objects.values_list(*FIGURE_FIELDS), key=repr),
        sorted(CommitmentMeasurement.objects.values_list(*MEASUREMENT_FIELDS), key=repr),
        sorted(DashboardCell.objects.values_list(*CELL_FIELDS), key=repr),
        sorted(DashboardQuarter.objects.values_list(*QUARTER_FIELDS), key=repr),
        sorted(OperatorTotals.objects.values_list(*TOTALS_FIELDS), key=repr),
        sorted(SigningShare.objects.values_list(*SHARE_FIELDS), key=repr),
    )


@pytest.fixture
def baselines(world):
    for number, commitment in enumerate(Commitment.objects.order_by("pk")):
        if number != 3:  # One baseline left unknown.
            commitment.baseline_headcount = 10 * number
            commitment.save()
    commitment_figures_refresh([world.atlas.pk, world.rif.pk])


def random_step(rng, sites, cities, staff, official):
    site = rng.choice(sites)
    declarations = list(Declaration.objects.filter(site=site))
    action = rng.choice(["declare", "declare", "review", "reopen", "move", "withdraw"])
    if action == "withdraw":
        in_force = list(Commitment.objects.in_force().order_by("pk"))
        if len(in_force) > 2:  # Some left to measure.
            on = rng.choice([datetime.date(2023, 8, 1), datetime.date(2024, 5, 10), TODAY])
            commitment_withdraw(
                commitment=rng.choice(in_force), reason="test", on=on, user=official
            )
    elif action == "declare" or not declarations:
        year, quarter = rng.choice([(2023, 3), (2024, 1), (2024, 4), (2025, 2)])
        existing = Declaration.objects.filter(site=site, year=year, quarter=quarter).first()
        if existing is None or existing.status in services.EDITABLE:
            lines = {s.code: rng_line(rng) for s in site.segments.all()}
            declaration = services.declaration_save_draft(
                site=site, year=year, quarter=quarter, lines=lines, user=staff[site.operator_id]
            )
            services.declaration_submit(
                declaration=declaration, user=staff[site.operator_id], explanation="test"
            )
    elif action == "review":
        for declaration in declarations:
            if declaration.status == Declaration.Status.SUBMITTED:
                if rng.random() < 0.7:
                    services.declaration_validate(declaration=declaration, user=official)
                else:
                    services.declaration_return(
                        declaration=declaration, user=official, reason="check"
                    )
    elif action == "reopen":
        for declaration in declarations:
            if declaration.status == Declaration.Status.VALIDATED:
                services.declaration_reopen(declaration=declaration, user=official, reason="fix")
                break
    else:
        site.city = rng.choice(cities)
        site_save(site=site)


def rng_line(rng) -> tuple[int, int, int]:
    headcount = rng.randrange(0, 400)
    return headcount, rng.randrange(0, headcount + 1), rng.randrange(0, headcount + 1)


def test_stored_figures_equal_a_rebuild_after_random_writes(
    world, baselines, cities, segments, atlas_staff, rif_staff, official, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 11, 20, 12, tzinfo=datetime.UTC), tick=False)
    rng = random.Random(8)
    places = [cities[slug] for slug in ("casablanca", "fes", "tanger", "rabat")]
    sites = []
    for operator, codes in ((world.atlas, ("BPO", "ITO")), (world.rif, ("ITO", "KPO"))):
        for number, city in enumerate(places[:2]):
            site = operator.sites.model(operator=operator, name=f"S{number}", city=city)
            site_save(site=site, segments=[segments[code] for code in codes])
            sites.append(site)
    staff = {world.atlas.pk: atlas_staff, world.rif.pk: rif_staff}
    for _ in range(60):
        random_step(rng, sites, places, staff, official)
    assert Commitment.objects.filter(withdrawn_on__isnull=False).exists()
    commitment = Commitment.objects.get(memorandum=world.atlas_mou, city__slug="fes")
    commitment.jobs_committed = 321
    commitment.city = cities["rabat"]  # An official moves it: Fès's sums must lose it.
    commitment.save()
    # And moves Atlas's memorandum to another signing: the first one's totals must lose it.
    world.atlas_mou.signing = Signing.objects.create(
        title="Nearshoring 2025", slug="nearshoring-2025", signed_on=datetime.date(2025, 2, 1)
    )
    world.atlas_mou.save()
    commitment_figures_refresh([world.atlas.pk, world.rif.pk])

    before = stored()
    assert before[1], "the sequence stored figures"
    assert Declaration.objects.filter(status=Declaration.Status.VALIDATED).exists()
    assert before[3] and before[4], "the sequence stored dashboard sums"
    assert before[5] and before[6], "the sequence stored operators' and signings' totals"
    for model in DERIVED:
        model.objects.all().delete()
    call_command("rebuild_figures", stdout=None)

    assert stored() == before


def test_every_commitment_has_its_stored_figures_after_a_rebuild(world):
    call_command("rebuild_figures", stdout=None)

    assert CommitmentFigures.objects.count() == Commitment.objects.count() == 5


def scope(*rows):
    return [tuple(row) for row in rows]


COMMITMENT = {
    "pk": 1,
    "city_id": None,
    "segment_id": 1,
    "jobs_committed": 400,
    "baseline_headcount": 100,
    "signed_on": datetime.date(2023, 3, 15),
    "horizon_year": 2026,
    "follow_up_quarters": 0,
    "memorandum_status": "in_force",
    "terminated_on": None,
}


def test_pace_and_projection_from_the_last_four_validated_quarters():
    # The last four of 2024-Q1 (8096) 150, 2024-Q3 (8098) 200, 2024-Q4 (8099) 260, 2025-Q1
    # (8100) 280, 2025-Q2 (8101) 300 run from 200 to 300 over 3 quarters, 33.3 a quarter.
    # Projection at 2026-Q4 (8107): 200 + 33.33 * 6 = 400.
    rows = [(8098, 200), (8099, 260), (8100, 280), (8101, 300)]
    figures = figures_of(COMMITMENT, [(q, h, h // 2, h // 3) for q, h in rows])

    assert (figures.quarter, figures.headcount, figures.jobs_created) == (8101, 300, 200)
    assert round(figures.pace, 2) == 33.33
    assert figures.projected_jobs == 400
    assert (figures.permanent, figures.women) == (150, 100)


def test_quarters_before_the_signature_give_no_figure_nor_pace():
    # Signed 2023-Q1 (8092): 2022-Q3 and 2022-Q4 measure nothing it promised.
    figures = figures_of(COMMITMENT, [(8090, 50, 0, 0), (8091, 60, 0, 0), (8093, 80, 0, 0)])

    assert (figures.quarter, figures.jobs_created, figures.pace) == (8093, -20, None)


def test_the_pace_reads_only_the_last_four_validated_quarters_of_the_scope(world, sites_declared):
    """sites_declared: Atlas BPO Casablanca 150, 200, 260, 300 over 2024-Q4 to 2025-Q3, and an
    earlier 2024-Q2 of 90 that must not count."""
    from tests.memoranda.progress_world import declare

    declare(Site.objects.get(name="C"), 2024, 2, BPO=90, ITO=0)
    row = Commitment.objects.with_progress().get(
        memorandum=world.atlas_mou, segment__code="BPO", city__slug="casablanca"
    )

    assert row.pace == 50.0  # (300 - 150) / 3
    assert CommitmentMeasurement.objects.filter(commitment=row).count() == 5


def test_one_validated_quarter_gives_no_pace():
    figures = figures_of(COMMITMENT, [(8101, 300, 0, 0)])

    assert (figures.pace, figures.projected_jobs) == (None, None)


def test_no_baseline_gives_a_pace_but_no_projection():
    commitment = {**COMMITMENT, "baseline_headcount": None}
    figures = figures_of(commitment, [(8100, 280, 0, 0), (8101, 300, 0, 0)])

    assert (figures.jobs_created, figures.pace, figures.projected_jobs) == (None, 20.0, None)


def test_a_terminated_memorandum_is_due_until_its_termination_quarter():
    commitment = {
        **COMMITMENT,
        "memorandum_status": "terminated",
        "terminated_on": datetime.date(2024, 8, 1),
    }
    figures = figures_of(commitment, [])

    assert figures.final_quarter == 2024 * 4 + 2


@pytest.mark.parametrize(
    ("measured", "expected"),
    [(8091, 0), (8092, 0), (8099, 186), (8107, 400), (8110, 400)],
)
def test_expected_jobs_follow_the_straight_trajectory(measured, expected):
    assert expected_jobs(400, 8092, 8107, measured) == expected


@pytest.mark.parametrize("today", ["2025-11-20", "2026-03-01", "2028-06-01"])
def test_the_dashboard_sums_equal_the_commitment_figures_at_any_date(
    world, sites_declared, time_machine, today
):
    """The home page reads DashboardCell and DashboardQuarter; the lists read the commitments:
    they must say the same, out-of-date counts included, whatever the date."""
    from memoranda import completeness, dashboard

    time_machine.move_to(f"{today} 12:00Z", tick=False)
    commitments = Commitment.objects.all()

    assert dashboard.dashboard_totals() == commitments.totals()
    assert list(dashboard.dashboard_by_city()) == list(commitments.by_city())
    assert list(dashboard.dashboard_by_segment()) == list(commitments.by_segment())
    assert dashboard.dashboard_completeness() == completeness.funnel_figures(
        commitments.with_progress()
    )
    measured = Commitment.objects.filter(pk__in=commitments.values("pk"))
    assert dashboard.jobs_over_time(commitments) == dashboard.jobs_over_time(measured)


@pytest.fixture
def sites_declared(world, cities, segments):
    """Two sites of each operator, four quarters declared and validated."""
    from tests.memoranda.progress_world import declare, set_baseline, site

    for segment, city, baseline in [("BPO", "casablanca", 100), ("ITO", None, 10)]:
        set_baseline(segment, city, baseline)
    set_baseline("ITO", "tanger", 0)
    casa = site(world.atlas, "C", cities["casablanca"], "BPO", "ITO", segments=segments)
    tanger = site(world.rif, "T", cities["tanger"], "ITO", "KPO", segments=segments)
    for year, quarter, heads in [(2024, 4, 150), (2025, 1, 200), (2025, 2, 260), (2025, 3, 300)]:
        declare(casa, year, quarter, BPO=heads, ITO=heads // 4)
        declare(tanger, year, quarter, ITO=heads // 2, KPO=5)
    return world


def test_withdrawing_a_commitment_in_the_admin_takes_it_out_of_the_dashboard_sums(
    official_client, world
):
    from memoranda import dashboard

    commitment = Commitment.objects.get(memorandum=world.rif_mou, segment__code="KPO")
    before = dashboard.dashboard_totals()

    response = official_client.post(
        f"/admin/memoranda/commitment/{commitment.pk}/withdraw/",
        {"confirm": "yes", "reason": "Typed twice", "withdrawn_on": "2025-06-30"},
    )

    assert response.status_code == 302
    after = dashboard.dashboard_totals()
    assert (
        before["count"] - after["count"],
        before["jobs_committed"] - after["jobs_committed"],
    ) == (1, 50)
    assert after == Commitment.objects.totals()
