"""The public dashboard: charts drawn on the server as SVG from the same figures as its tables,
readable without colour or script, in French, Arabic and English; figures by city, segment and
operator worked out by hand from the `declared` world of test_progress.py:

| commitment           | committed | created |
| -------------------- | --------- | ------- |
| Atlas BPO Casablanca | 400       | 280     |
| Atlas BPO Fès        | 250       | 70      |
| Atlas ITO unalloc.   | 100       | 110     |
| Rif ITO Tanger       | 300       | 100     |
| Rif KPO Casablanca   | 50        | unknown |
"""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from memoranda import charts
from memoranda.dashboard import leading_operators
from memoranda.models import Commitment
from operators.calendar import operator_calendar
from operators.models import Site
from operators.reporting import reporting_record, reporting_records
from tests.memoranda.progress_world import declare, site
from tests.memoranda.public_world import add_rows

pytestmark = pytest.mark.django_db


SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
COORDINATES = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height", "r")


def text(response) -> str:
    return response.content.decode()


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(markup) for markup in SVG.findall(page)]


def local_tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_every_chart_is_an_image_named_by_its_title_and_described(client, declared, prefix):
    page = text(client.get(prefix + "/"))
    found = svgs(page)

    # Each chart drawn wide and narrow (for phones), each drawing with its own ids.
    assert len(found) == 6
    assert len({svg.get("aria-labelledby") for svg in found}) == 6
    for svg in found:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        children = {child.get("id"): child for child in svg}
        assert local_tag(children[title_id]) == "title" and children[title_id].text.strip()
        assert local_tag(children[desc_id]) == "desc" and children[desc_id].text.strip()


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_chart_coordinates_are_plain_numbers_in_every_language(client, declared, prefix):
    """French and Arabic write decimals with a comma: coordinates must not be localised."""
    for svg in svgs(text(client.get(prefix + "/"))):
        for element in svg.iter():
            for name in COORDINATES:
                if element.get(name) is not None:
                    float(element.get(name))
            for pair in (element.get("points") or "").split():
                [float(number) for number in pair.split(",")]


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_home_has_no_inline_style_nor_script(client, declared, prefix):
    page = text(client.get(prefix + "/"))

    assert "style=" not in page
    assert "<script" not in page


def test_charts_say_jobs_created_are_unknown_rather_than_draw_zero(client, world):
    page = text(client.get("/en/"))
    drawings = SVG.findall(page)

    # Wide and narrow drawings alike: four cities and three segments, each says unknown, and
    # only the legend has a hatched bar.
    for over_time, by_city, by_segment in (drawings[0::2], drawings[1::2]):
        assert by_city.count("jobs created not known yet") == 4
        assert by_segment.count("jobs created not known yet") == 3
        assert by_city.count('class="bar-created"') == 1
        assert "Jobs created not known yet" in over_time
        assert '<polyline class="line-created"' not in over_time
    assert "No quarter has been measured yet: jobs created are not known." in page


def test_tables_show_created_figures_and_progress_by_city_and_segment(client, declared):
    response = client.get("/en/")

    by_city = {
        row["city__slug"]: (row["jobs_committed"], row["jobs_created"], row["measured"])
        for row in response.context["by_city"]
    }
    assert by_city == {
        "casablanca": (450, 280, 1),
        "fes": (250, 70, 1),
        "tanger": (300, 100, 1),
        None: (100, 110, 1),
    }
    progress = {
        row["segment__code"]: (row["jobs_created"], row["progress_percent"])
        for row in response.context["by_segment"]
    }
    # BPO 350 / 650; ITO 210 / 400; KPO unknown, never 0.
    assert progress == {
        "BPO": (350, pytest.approx(53.846, 0.001)),
        "ITO": (210, 52.5),
        "KPO": (None, None),
    }
    # Casablanca: 280 over the 400 committed by the one commitment with a known figure.
    casablanca = next(r for r in response.context["by_city"] if r["city__slug"] == "casablanca")
    assert casablanca["progress_percent"] == 70.0
    assert "(known for 1 of 2 commitments, 400 jobs committed)" in text(response)


def test_chart_figures_are_the_tables_and_the_querysets(client, declared):
    response = client.get("/en/")
    context = response.context

    city_bars = [(row.committed.value, row.created.value) for row in context["city_chart"].rows]
    assert city_bars == [(450, 280), (250, 70), (300, 100), (100, 110)]
    assert context["city_chart"].rows[-1].label == "Not yet allocated"
    for row, bar in zip(context["by_city"], context["city_chart"].rows, strict=True):
        totals = Commitment.objects.filter(city__slug=row["city__slug"]).totals()
        if row["city__slug"] is None:
            totals = Commitment.objects.filter(city__isnull=True).totals()
        assert (bar.committed.value, bar.created.value) == (
            totals["jobs_committed"],
            totals["jobs_created"],
        )
    segment_bars = [
        (r.label, r.committed.value, r.created.value) for r in context["segment_chart"].rows
    ]
    assert segment_bars == [("BPO", 650, 350), ("ITO", 400, 210), ("KPO", 50, None)]
    points = [point.value for run in context["time_chart"].expected_runs for point in run]
    assert points == [row.expected for row in context["over_time"] if row.measured]
    # The caption speaks of the latest quarter measured, 2025-Q3: Rif ITO Tanger alone.
    assert (context["now"].label, context["now"].measured, context["now"].created) == (
        "2025-Q3",
        1,
        100,
    )


def test_each_value_is_written_beside_its_bar(client, declared):
    drawings = SVG.findall(text(client.get("/en/")))

    for by_city in drawings[2:4]:  # wide and narrow
        for value in ("450", "280", "250", "70", "300", "100", "110"):
            assert f">{value}</text>" in by_city


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_chart_labels_are_the_tables_city_names(client, declared, prefix):
    response = client.get(prefix + "/")
    page = text(response)

    for row in response.context["city_chart"].rows:
        assert f">{row.label}</text>" in page
        assert f">{row.label}</a></th>" in page


def test_operators_table_shows_figures_and_reporting_record(client, declared):
    response = client.get("/en/")
    operators = {
        operator.name: (
            operator.jobs_committed,
            operator.jobs_created,
            round(operator.progress_percent, 1),
        )
        for operator in response.context["operators"]
    }

    # Atlas 280 + 70 + 110 over 750; Rif 100 over the 300 of its known commitment.
    assert operators == {"Atlas Relation": (750, 460, 61.3), "Rif Digital": (350, 100, 33.3)}
    assert 'id="operators-table"' in text(response)
    assert "Declarations on time" in text(response)


def test_operators_without_known_figures_show_unknown(client, world):
    operators = leading_operators(10)

    assert [(o.name, o.jobs_committed, o.jobs_created) for o in operators] == [
        ("Atlas Relation", 750, None),
        ("Rif Digital", 350, None),
    ]
    assert operators[0].progress_percent is None


def test_bulk_reporting_records_equal_each_operators_own(declared):
    today = datetime.date(2025, 11, 20)
    operators = [declared.atlas, declared.rif]

    records = reporting_records([operator.pk for operator in operators], today)

    for operator in operators:
        assert records[operator.pk] == reporting_record(operator_calendar(operator, today), today)
    assert records[declared.atlas.pk].due_so_far > 0


def test_operators_are_the_leading_ones_by_jobs_committed(world, cities, segments):
    add_rows(world, cities, segments)

    names = [operator.name for operator in leading_operators(3)]

    # Atlas: 750 + 50 * 10; Rif 350; the five extra operators 5 each.
    assert names == ["Atlas Relation", "Rif Digital", "Operator 1"]


def test_home_query_count_does_not_grow_with_operators_sites_and_declarations(
    client, declared, cities, segments, django_assert_max_num_queries
):
    # As pinned in test_public_pages.py.
    with django_assert_max_num_queries(18):
        client.get("/")
    add_rows(declared, cities, segments)
    for number, extra in enumerate(Site.objects.filter(name="Main site"), start=1):
        extra.segments.set([segments["BPO"]])
        declare(extra, 2025, 1, BPO=10 * number)
        declare(extra, 2025, 2, BPO=20 * number)
    declare(site(declared.rif, "Rif Fès", cities["fes"], "ITO", segments=segments), 2025, 2, ITO=7)

    with django_assert_max_num_queries(18):
        response = client.get("/")

    assert len(response.context["operators"]) == 7


def test_print_styles_keep_charts_and_tables(settings):
    from pathlib import Path

    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    print_rules = css.split("@media print", 1)[1]

    assert ".chart" in print_rules and "table.data" in print_rules


def test_bar_chart_scales_every_bar_on_one_axis():
    chart = charts.bar_chart([("A", 400, 100), ("B", 200, None), ("C", 50, -20)])
    a, b, c = chart.rows

    assert a.committed.width == 2 * b.committed.width == 8 * c.committed.width
    assert a.created.width * 4 == a.committed.width
    assert b.created.value is None and b.created.width == 0
    assert c.created.value == -20 and c.created.width == 0  # jobs lost: no bar, a label
    assert [tick.value for tick in chart.ticks] == [0, 100, 200, 300, 400]
    assert chart.ticks[-1].position == a.committed.x + a.committed.width


def test_line_chart_breaks_the_created_line_where_unknown():
    chart = charts.line_chart(
        [
            (2024, 3, 0, None),
            (2024, 4, 10, 5),
            (2025, 1, 20, None),
            (2025, 2, 30, 8),
            (2025, 3, 40, 9),
        ]
    )

    assert [len(run) for run in chart.created_runs] == [1, 2]
    assert [tick.year for tick in chart.years] == [2024, 2025]
    assert chart.expected_runs[0][0].y == chart.bottom
    assert chart.expected_runs[-1][-1].x == chart.right


def test_line_chart_breaks_both_lines_where_nothing_was_measured():
    chart = charts.line_chart(
        [(2024, 3, 10, 5), (2024, 4, None, None), (2025, 1, 20, 8), (2025, 2, 30, 9)]
    )

    assert [len(run) for run in chart.expected_runs] == [1, 2]
    assert [len(run) for run in chart.created_runs] == [1, 2]
    assert len(chart.created_points) == 3


def test_line_chart_keeps_end_labels_apart():
    chart = charts.line_chart([(2025, 1, 0, 0), (2025, 2, 100, 99)])

    assert chart.created_label_y - chart.expected_label_y >= charts.LABEL_SPACING


def test_line_chart_without_created_figures_has_no_created_label():
    chart = charts.line_chart([(2025, 1, 0, None), (2025, 2, 100, None)])

    assert chart.created_runs == [] and chart.created_label_y is None


def test_line_chart_axis_goes_below_zero_for_jobs_lost():
    chart = charts.line_chart([(2025, 1, 0, -30), (2025, 2, 100, -10)])

    assert chart.y_ticks[0].value < 0
    assert all(chart.top <= point.y <= chart.bottom for point in chart.created_points)


def test_narrow_bar_chart_puts_labels_above_bars_starting_at_the_left_edge():
    chart = charts.bar_chart([("Casablanca", 400, 100), ("Fès", 200, None)], narrow=True)
    first, second = chart.rows

    assert chart.width == charts.NARROW_WIDTH
    assert first.committed.x == second.committed.x == chart.origin < 10
    assert first.label_y < first.committed.y and second.label_y < second.committed.y
    assert first.created.y + first.created.height < second.label_y - 12  # room for a label
    assert chart.ticks[-1].position <= chart.width - charts.NARROW_VALUE_WIDTH
    assert chart.grid_top == charts.NARROW_LEGEND_HEIGHT - 6


def test_narrow_line_chart_marks_years_far_enough_apart():
    quarters = [(year, quarter, 10, 5) for year in range(2022, 2032) for quarter in (1, 2, 3, 4)]
    chart = charts.line_chart(quarters, narrow=True)
    positions = [tick.position for tick in chart.years]

    assert chart.width == charts.NARROW_WIDTH and chart.right < chart.width
    assert chart.years[0].year == 2022 and len(chart.years) < 10
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert min(gaps) >= charts.NARROW_YEAR_SPACING
