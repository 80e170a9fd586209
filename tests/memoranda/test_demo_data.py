"""The demo generator: it writes only in a demo world (settings.DEMO), marks everything DEMO,
and builds data that exercise the pages' paths: baselines (most, not all), declarations up to
the last ended quarter, operators out of date, commitments achieved, behind, past their
horizon."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Max, Min

from memoranda.demo import DemoRefused, demo_commitments_generate
from memoranda.demo_world import OUT_OF_DATE, last_ended_quarter
from memoranda.models import Commitment, Memorandum
from operators.calendar import late_declarations
from operators.headcounts import scope_headcounts_rebuild
from operators.models import (
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    ScopeHeadcount,
    Site,
)
from operators.quarters import quarter_index, quarter_of_index

pytestmark = pytest.mark.django_db

# A Wednesday in the second quarter: the last ended quarter is 2026 Q1.
TODAY = datetime.date(2026, 5, 13)


@pytest.fixture
def demo(settings):
    settings.DEMO = True


def generate(*args):
    call_command(
        "generate_demo_commitments",
        *map(str, args),
        "--i-know-this-is-demo-data",
        stdout=StringIO(),
    )


def latest_quarter_by_operator() -> dict[str, int]:
    """The quarter_index of each operator's latest declaration."""
    rows = Declaration.objects.values("site__operator__slug").annotate(
        last=Max(quarter_index(F("year"), F("quarter")))
    )
    return {row["site__operator__slug"]: row["last"] for row in rows}


# --- Refusals ----------------------------------------------------------------------------------


def test_it_refuses_to_write_demo_data_without_confirmation(demo):
    with pytest.raises(CommandError, match="--i-know-this-is-demo-data"):
        call_command("generate_demo_commitments", "10", stdout=StringIO())
    assert not Commitment.objects.exists()


def test_it_refuses_to_write_while_demo_is_off_and_says_why(settings):
    settings.DEMO = False

    with pytest.raises(CommandError, match="DEMO is off, so this database may hold real data"):
        generate(10, "--quarters", 4)

    assert not Operator.objects.exists()
    assert not Commitment.objects.exists()


def test_the_generator_itself_refuses_while_demo_is_off(settings):
    settings.DEMO = False

    with pytest.raises(DemoRefused, match="DEMO=true"):
        demo_commitments_generate(10, 4)

    assert not Operator.objects.exists()


# --- What it writes ----------------------------------------------------------------------------


def test_it_generates_the_asked_number_of_commitments_all_marked_demo(world, demo):
    generate(23)

    demo_commitments = Commitment.objects.filter(memorandum__reference__startswith="DEMO-")
    assert demo_commitments.count() == 23
    assert Commitment.objects.count() == 5 + 23
    names = Operator.objects.filter(memoranda__reference__startswith="DEMO-").values_list(
        "name", flat=True
    )
    assert all(name.startswith("DEMO ") for name in names)


def test_it_deletes_demo_data_and_nothing_else(world, demo):
    generate(12, "--quarters", 3)
    call_command("generate_demo_commitments", "--delete", stdout=StringIO())

    assert Commitment.objects.count() == 5
    assert Memorandum.objects.count() == 2
    assert Operator.objects.count() == 2
    assert not Declaration.objects.exists()
    assert Site.objects.count() == 1  # Atlas's own site stays


def test_it_records_a_baseline_on_most_commitments_but_not_all(demo):
    demo_commitments_generate(200, 8, today=TODAY)

    commitments = Commitment.objects.all()
    without = commitments.filter(baseline_headcount__isnull=True).count()
    assert 0 < without < commitments.count() * 0.25
    progress = Commitment.objects.with_progress()
    # A commitment without baseline has unknown jobs created, even where its scope declared.
    assert not progress.filter(baseline_headcount__isnull=True, jobs_created__isnull=False)
    assert progress.filter(jobs_created__isnull=False).count() > commitments.count() * 0.6


def test_signatures_and_horizons_spread_and_horizons_never_come_before_signature(demo):
    demo_commitments_generate(200, 40, today=TODAY)

    memoranda = list(Memorandum.objects.values_list("signed_on", "horizon_year"))
    assert all(signed_on.year <= horizon for signed_on, horizon in memoranda)
    assert all(signed_on <= TODAY for signed_on, _ in memoranda)
    assert len({signed_on.year for signed_on, _ in memoranda}) >= 6
    assert any(horizon < TODAY.year for _, horizon in memoranda)
    assert any(horizon > TODAY.year for _, horizon in memoranda)


def test_declarations_end_at_the_last_ended_quarter_and_span_the_quarters_asked(demo):
    demo_commitments_generate(60, 12, today=TODAY)

    quarters = Declaration.objects.aggregate(
        first=Min(quarter_index(F("year"), F("quarter"))),
        last=Max(quarter_index(F("year"), F("quarter"))),
    )
    assert quarter_of_index(quarters["last"]) == (2026, 1)
    assert quarters["first"] >= quarters["last"] - 11


def test_by_default_declarations_end_at_the_quarter_ended_before_today(demo):
    from django.utils import timezone

    generate(30, "--quarters", 3)  # operators 0 and 1 did not declare the last quarter; 2 did

    last = Declaration.objects.aggregate(last=Max(quarter_index(F("year"), F("quarter"))))["last"]
    assert last == last_ended_quarter(timezone.localdate())


def test_some_operators_stopped_declaring_a_few_quarters_ago(demo):
    demo_commitments_generate(200, 12, today=TODAY)
    last = last_ended_quarter(TODAY)

    latest = latest_quarter_by_operator()

    stopped = {slug for slug, index in latest.items() if index <= last - 3}
    assert stopped == {slug for slug in latest if int(slug.rsplit("-", 1)[1]) % 20 in OUT_OF_DATE}
    assert 0 < len(stopped) < len(latest) / 2
    assert sum(index == last for index in latest.values()) > len(latest) / 2


def test_the_world_reaches_every_status(demo):
    demo_commitments_generate(300, 20, today=TODAY)
    rows = Commitment.objects.with_progress(today=TODAY).values("status")

    assert {row["status"] for row in rows} == set(Commitment.Status.values)


def test_declarations_are_mostly_validated_with_some_pending_and_returned(demo):
    demo_commitments_generate(100, 8, today=TODAY)

    declarations = Declaration.objects.all()
    validated = declarations.filter(status="validated").count()
    assert validated > declarations.count() * 0.8
    assert declarations.filter(status="submitted").exists()
    returned = declarations.filter(status="returned")
    assert returned.exists()
    assert not returned.filter(return_reason="").exists()
    assert DeclarationEvent.objects.filter(action="returned").count() == returned.count()
    assert 0 < late_declarations(declarations).count() < declarations.count()
    assert not declarations.filter(first_submitted_at__isnull=True).exists()


def test_declaration_lines_hold_together_and_serve_their_sites_segments(demo):
    demo_commitments_generate(30, 3, today=TODAY)

    assert DeclarationLine.objects.exists()
    for line in DeclarationLine.objects.select_related("declaration__site"):
        assert line.segment in line.declaration.site.segments.all()
        assert line.women <= line.permanent <= line.headcount
    assert set(Site.objects.values_list("operator__slug", flat=True)) <= set(
        Operator.objects.filter(slug__startswith="demo-operator-").values_list("slug", flat=True)
    )


def test_its_scope_headcounts_are_those_a_rebuild_makes(demo):
    demo_commitments_generate(60, 6, today=TODAY)
    rows = set(
        ScopeHeadcount.objects.values_list(
            "operator", "segment", "city", "quarter_index", "headcount", "latest"
        )
    )

    scope_headcounts_rebuild()

    assert rows
    assert rows == set(
        ScopeHeadcount.objects.values_list(
            "operator", "segment", "city", "quarter_index", "headcount", "latest"
        )
    )


def test_it_adds_to_an_existing_demo_world_and_the_database_keys_carry_on(world, demo, cities):
    demo_commitments_generate(20, 3, today=TODAY)
    demo_commitments_generate(20, 3, today=TODAY)

    assert Commitment.objects.filter(memorandum__reference__startswith="DEMO-").count() == 40
    assert Operator.objects.filter(slug="demo-operator-00003").exists()
    # Rows created afterwards by the ORM get keys past those the generator chose.
    operator = Operator.objects.create(name="After", slug="after")
    site = Site.objects.create(operator=operator, name="After 1", city=cities["fes"])
    assert operator.pk > Operator.objects.exclude(pk=operator.pk).aggregate(Max("pk"))["pk__max"]
    assert site.pk > Site.objects.exclude(pk=site.pk).aggregate(Max("pk"))["pk__max"]
