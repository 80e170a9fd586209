"""Coverage beside every total, job quality withheld for small headcounts, the data-completeness
funnel and its filters, and the jobs-over-time download, against numbers worked out by hand
from the `declared` world of test_progress.py (read on 20 November 2025).

Declared world: jobs created are known for Atlas BPO Casablanca (400 committed), Atlas BPO
Fès (250), Atlas ITO unallocated (100) and Rif ITO Tanger (300): 4 of 5 commitments, 1,050 of
1,100 jobs committed. Baselines are recorded for those four; Rif KPO Casablanca (50) has none.
The signing announced 1,200 jobs.

Funnel: recorded 1,100, of which the signing's memorandum ATLAS-2023-1 holds 750 (62.5 % of the
1,200 it announced; RIF-2024-1 belongs to no signing); allocated 1,000 (4 commitments: all but
the ITO unallocated); with a baseline 950 (3: without Rif KPO); measured by a current figure
950 (3).
"""

import csv
import io

import pytest

from memoranda.models import Commitment
from operators.headcounts import scope_headcounts_refresh
from tests.memoranda.progress_world import declare, set_baseline, site

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_totals_say_over_what_jobs_created_are_known(client, declared):
    page = text(client.get("/en/commitments/"))

    assert "Jobs created are known for 4 of 5 commitments (1,050 of 1,100 jobs committed)." in page


def test_home_headline_keeps_its_coverage_once_a_figure_exists(client, declared):
    page = text(client.get("/en/"))

    assert "Jobs created are known for 4 of 5 commitments (1,050 of 1,100 jobs committed)." in page


def test_totals_count_out_of_date_figures(client, declared, time_machine):
    time_machine.move_to("2026-03-01 12:00Z", tick=False)
    totals = Commitment.objects.totals()

    # On 1 March 2026 2025-Q4 is due: figures of 2025-Q2 are out of date, Tanger's 2025-Q3 not.
    assert (totals["measured"], totals["out_of_date"]) == (4, 3)
    assert "3 of these figures are out of date" in text(client.get("/en/commitments/"))


def test_funnel_steps_against_numbers_worked_out_by_hand(client, declared):
    funnel = client.get("/en/").context["funnel"]

    assert [(step.jobs, step.commitments) for step in funnel] == [
        (1200, None),
        (1100, 5),
        (1000, 4),
        (950, 3),
        (950, 3),
    ]
    assert round(funnel[1].share, 1) == 62.5
    assert round(funnel[2].share, 1) == 90.9


def test_each_funnel_step_links_to_the_commitments_it_leaves_out(client, declared):
    funnel = client.get("/en/").context["funnel"]
    left_out = {step.label: step.left_out for step in funnel if step.left_out}

    unallocated = client.get(f"/en/commitments/?{left_out['Allocated to a city']}")
    no_baseline = client.get(f"/en/commitments/?{left_out['With a recorded baseline']}")

    assert [c.segment.code for c in unallocated.context["commitments"]] == ["ITO"]
    assert [(c.segment.code, c.city.slug) for c in no_baseline.context["commitments"]] == [
        ("KPO", "casablanca")
    ]


def test_a_signing_funnel_counts_and_links_its_own_commitments(client, declared):
    """Only ATLAS-2023-1 belongs to the signing: 750 jobs, 650 allocated, all measured."""
    funnel = client.get("/en/signings/offshoring-2023/").context["funnel"]

    assert [(step.jobs, step.commitments) for step in funnel] == [
        (1200, None),
        (750, 3),
        (650, 2),
        (650, 2),
        (650, 2),
    ]
    assert all("signing=offshoring-2023" in step.left_out for step in funnel[2:])


def test_the_last_funnel_step_leaves_out_what_time_makes_out_of_date(
    client, declared, time_machine
):
    time_machine.move_to("2026-03-01 12:00Z", tick=False)
    funnel = client.get("/en/").context["funnel"]
    response = client.get(f"/en/commitments/?{funnel[-1].left_out}")

    # Only Tanger's 2025-Q3 figure is still current.
    assert (funnel[-1].jobs, funnel[-1].commitments) == (300, 1)
    rows = {(c.segment.code, c.city.slug) for c in response.context["commitments"]}
    assert rows == {("BPO", "casablanca"), ("BPO", "fes")}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("allocated=no", 1),
        ("allocated=yes", 4),
        ("baseline=unknown", 1),
        ("baseline=recorded", 4),
        ("figure=current", 4),
        ("figure=not_current", 1),
        ("signing=offshoring-2023", 3),
    ],
)
def test_completeness_filters(client, declared, query, expected):
    response = client.get(f"/en/commitments/?{query}")

    assert response.context["totals"]["count"] == expected


@pytest.mark.parametrize(
    "query", ["allocated=maybe", "baseline=0", "figure=stale", "signing=nowhere", "status=late"]
)
def test_bad_completeness_values_are_form_errors_naming_the_parameter(client, world, query):
    name = query.split("=")[0]
    response = client.get(f"/en/commitments/?{query}")

    assert response.status_code == 200
    assert name in response.context["errors"]
    assert f"<code>{name}</code>" in text(response)


def test_the_admin_to_do_lists_what_each_step_leaves_out(official_client, declared):
    response = official_client.get("/admin/memoranda/commitment/", {"to_complete": "baseline"})

    rows = list(response.context["cl"].result_list)
    assert [(c.segment.code, c.city.slug) for c in rows] == [("KPO", "casablanca")]


def test_quality_shares_are_withheld_below_the_minimum_headcount(client, world, segments):
    """Tanger: 8 people, then a second commitment's scope with 40 (30 permanent, 10 women)."""
    set_baseline("ITO", "tanger", 0)
    set_baseline("BPO", "casablanca", 0)
    tanger = site(
        world.rif,
        "Tanger Tech",
        world.rif_mou.commitments.get(city__slug="tanger").city,
        "ITO",
        segments=segments,
    )
    declaration = declare(tanger, 2025, 2, ITO=8)
    declaration.lines.update(permanent=8, women=1)
    scope_headcounts_refresh([world.rif.pk])

    response = client.get("/en/memoranda/RIF-2024-1/")
    page = text(response)

    assert "withheld: fewer than 10 people" in page
    assert "12.5 %" not in page
    rows = {row["city"]: row for row in csv.DictReader(io.StringIO(export_csv(client)))}
    assert (rows["Tanger"]["headcount"], rows["Tanger"]["women_percent"]) == ("8", "")


def test_quality_shares_are_shown_from_the_minimum_headcount(client, world, segments, settings):
    settings.PUBLIC_MIN_HEADCOUNT = 8
    set_baseline("ITO", "tanger", 0)
    city = world.rif_mou.commitments.get(city__slug="tanger").city
    declaration = declare(site(world.rif, "T", city, "ITO", segments=segments), 2025, 2, ITO=8)
    declaration.lines.update(permanent=6, women=2)
    scope_headcounts_refresh([world.rif.pk])

    rows = {row["city"]: row for row in csv.DictReader(io.StringIO(export_csv(client)))}

    assert (rows["Tanger"]["permanent_percent"], rows["Tanger"]["women_percent"]) == (
        "75.0",
        "25.0",
    )
    assert "75.0 %" in text(client.get("/en/memoranda/RIF-2024-1/"))


def export_csv(client, path="/commitments/export.csv", query="") -> str:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_over_time_csv_has_one_row_per_ended_quarter_with_gaps_empty(client, declared):
    rows = list(csv.DictReader(io.StringIO(export_csv(client, "/commitments/over-time.csv"))))

    assert list(rows[0]) == [
        "quarter",
        "commitments_measured",
        "jobs_committed_measured",
        "jobs_expected_measured",
        "jobs_created",
    ]
    by_quarter = {row["quarter"]: row for row in rows}
    assert (rows[0]["quarter"], rows[-1]["quarter"], len(rows)) == ("2023-Q1", "2025-Q3", 11)
    assert list(by_quarter["2024-Q4"].values()) == ["2024-Q4", "2", "500", "232", "235"]
    assert list(by_quarter["2025-Q1"].values()) == ["2025-Q1", "0", "", "", ""]


def test_over_time_csv_takes_the_list_parameters(client, declared):
    rows = list(
        csv.DictReader(
            io.StringIO(export_csv(client, "/commitments/over-time.csv", "operator=rif-digital"))
        )
    )

    # Rif signed in 2024-Q1; only Tanger is measured, in 2025-Q3.
    assert rows[0]["quarter"] == "2024-Q1"
    assert [row["quarter"] for row in rows if row["jobs_created"]] == ["2025-Q3"]


def test_over_time_csv_refuses_a_bad_parameter_naming_it(client, world):
    response = client.get("/commitments/over-time.csv?city=atlantis")

    assert response.status_code == 400
    assert response.content.decode().startswith("city:")


def test_the_home_chart_has_no_point_for_the_quarter_in_progress(client, declared):
    context = client.get("/en/").context

    assert context["over_time"][-1].label == "2025-Q3"
    points = [point for run in context["time_chart"].created_runs for point in run]
    assert len(points) == 3  # 2024-Q4, 2025-Q2, 2025-Q3: nothing drawn where nothing measured.
