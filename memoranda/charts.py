"""Coordinates of the dashboard's charts, worked out on the server from the same figures as the
pages' tables; templates/memoranda/includes/chart_*.html draw them as SVG, so that a chart
needs no script in the browser, prints, and reads the same in every language.

Pure Python: rows in, numbers out. Texts (labels, legends, unknown values) are the templates'
business, to be translated there. Charts are laid out left to right in every language, the
Arabic pages included: an axis of numbers reads that way, and their labels sit outside the bars.

Each chart comes in two drawings of the same figures: the wide one, and a narrow one for phones
(labels above the bars, the line chart's end labels in a legend, fewer year marks), which the
stylesheet shows below 42rem. An SVG scales its text with its width: the wide drawing squeezed
into a phone's 358 px would print its 11-unit labels at about 6 px, the narrow one keeps them
at 12 px or more on any screen from 360 px wide.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 150  # category labels, right-aligned against the bars
VALUE_WIDTH = 70  # direct value labels after the longest bar
LEGEND_HEIGHT = 30
AXIS_HEIGHT = 24
BAR_HEIGHT = 14
BAR_GAP = 2
ROW_GAP = 14
LINE_LABEL_WIDTH = 180  # direct labels at the end of each line, long in French and Arabic
LINE_HEIGHT = 280
LABEL_SPACING = 14  # least vertical distance between two end labels

NARROW_WIDTH = 320  # a 360 px phone shows it at scale 1.025, a 390 px one at 1.12
NARROW_LABEL_HEIGHT = 18  # the category's label on its own line above its two bars
NARROW_VALUE_WIDTH = 56
NARROW_LEGEND_HEIGHT = 50  # legend on two lines
NARROW_LINE_HEIGHT = 250
NARROW_LINE_TOP = 48  # room for the line chart's legend, which holds its end labels
NARROW_YEAR_SPACING = 40  # least distance between two year marks


@dataclass(frozen=True)
class Tick:
    position: float
    value: int


def nice_step(top: float, count: int = 5) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten, in whole numbers) that covers `top`
    in about `count` steps."""
    raw = max(top, 1) / count
    power = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    return max(int(next(f for f in factors if raw <= f * power) * power), 1)


def scale_top(values: Sequence[int], count: int = 5) -> tuple[int, int]:
    """The axis's top (a multiple of the step above every value) and its step."""
    step = nice_step(max([*values, 1]), count)
    return step * max(math.ceil(max([*values, 1]) / step), 1), step


@dataclass(frozen=True)
class Bar:
    """One bar; `value` None means unknown: no bar, the template says so at `label_x`."""

    value: int | None
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class BarRow:
    label: str
    label_y: float
    committed: Bar
    created: Bar


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    origin: float  # x of zero
    axis_y: float
    rows: list[BarRow]
    ticks: list[Tick]
    legend_height: float = LEGEND_HEIGHT

    @property
    def label_x(self) -> float:
        return self.origin - 8

    @property
    def legend_created_x(self) -> float:
        return self.origin + 200

    @property
    def grid_top(self) -> float:
        return self.legend_height - 6

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 16


def bar(value: int | None, y: float, origin: float, per_unit: float) -> Bar:
    # Jobs lost (a negative figure) draw no bar; the label still gives the number.
    width = round(max(value or 0, 0) * per_unit, 1)
    return Bar(value, origin, y, width, BAR_HEIGHT, origin + width + 4, y + BAR_HEIGHT - 3)


def bar_chart(rows: Sequence[tuple[str, int, int | None]], narrow: bool = False) -> BarChart:
    """Horizontal grouped bars of (label, jobs committed, jobs created or None) rows: for each
    row, the committed bar above the created one, on one scale from zero. Wide, each label
    stands left of its bars; narrow, above them, and the bars start at the left edge."""
    values = [value for _, *pair in rows for value in pair if value is not None]
    if narrow:
        width, legend, label_height = NARROW_WIDTH, NARROW_LEGEND_HEIGHT, NARROW_LABEL_HEIGHT
        origin, end = 8, NARROW_WIDTH - NARROW_VALUE_WIDTH  # room for half the "0" below
        top, step = scale_top(values, count=3)
    else:
        width, legend, label_height = WIDTH, LEGEND_HEIGHT, 0
        origin, end = LABEL_WIDTH, WIDTH - VALUE_WIDTH
        top, step = scale_top(values)
    per_unit = (end - origin) / top
    row_height = label_height + 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
    chart_rows = []
    for number, (label, committed, created) in enumerate(rows):
        y = legend + number * row_height + label_height
        chart_rows.append(
            BarRow(
                label=label,
                label_y=y - 5 if narrow else y + BAR_HEIGHT + BAR_GAP / 2 + 4,
                committed=bar(committed, y, origin, per_unit),
                created=bar(created, y + BAR_HEIGHT + BAR_GAP, origin, per_unit),
            )
        )
    axis_y = legend + len(rows) * row_height
    ticks = [Tick(round(origin + value * per_unit, 1), value) for value in range(0, top + 1, step)]
    height = int(axis_y + AXIS_HEIGHT)
    return BarChart(width, height, origin, axis_y, chart_rows, ticks, legend)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int


@dataclass(frozen=True)
class YearTick:
    position: float
    year: int


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    expected_runs: list[list[Point]]  # unbroken runs of measured quarters, one polyline each
    created_runs: list[list[Point]]
    expected_label_y: float
    created_label_y: float | None
    y_ticks: list[Tick]
    years: list[YearTick]

    @property
    def label_x(self) -> float:
        return self.right + 8

    @property
    def tick_label_x(self) -> float:
        return self.left - 6

    @property
    def year_label_y(self) -> float:
        return self.bottom + 16

    @property
    def note_position(self) -> Point:
        """Where to say that jobs created are unknown: the plot's top left corner, which a
        rising trajectory leaves empty."""
        return Point(self.left + 8, self.top + 16, 0)

    @property
    def created_points(self) -> list[Point]:
        return [point for run in self.created_runs for point in run]

    @property
    def expected_lines(self) -> list[str]:
        return [polyline(run) for run in self.expected_runs]

    @property
    def created_lines(self) -> list[str]:
        return [polyline(run) for run in self.created_runs]


def polyline(points: list[Point]) -> str:
    return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in points)


def runs(points: Sequence[Point | None]) -> list[list[Point]]:
    """Consecutive known points, split where a value is unknown."""
    found, current = [], []
    for point in [*points, None]:
        if point is None:
            if current:
                found.append(current)
            current = []
        else:
            current.append(point)
    return found


def end_labels(expected_y: float, created_y: float | None) -> tuple[float, float | None]:
    """The two end labels' heights, moved apart when the lines end too close to each other."""
    if created_y is None or abs(expected_y - created_y) >= LABEL_SPACING:
        return expected_y, created_y
    middle, half = (expected_y + created_y) / 2, LABEL_SPACING / 2
    if expected_y <= created_y:
        return round(middle - half, 1), round(middle + half, 1)
    return round(middle + half, 1), round(middle - half, 1)


def line_chart(
    quarters: Sequence[tuple[int, int, int | None, int | None]], narrow: bool = False
) -> LineChart:
    """A line of expected jobs and one of jobs created over (year, quarter, expected, created)
    rows, one per consecutive quarter; either is None in a quarter with nothing measured, where
    both lines break (a gap, never a zero); created may be negative (jobs lost). Each year is
    marked at its first quarter. Narrow, the end labels move to a legend above the plot and
    years are marked at least NARROW_YEAR_SPACING apart."""
    created_values = [created for *_, created in quarters if created is not None]
    expected_values = [expected for _, _, expected, _ in quarters if expected is not None]
    low = min([*created_values, 0])
    top, step = scale_top(expected_values + created_values, count=4 if narrow else 5)
    low = -step * math.ceil(-low / step) if low < 0 else 0
    if narrow:
        width, height, left, right, upper = (
            NARROW_WIDTH,
            NARROW_LINE_HEIGHT,
            48,
            312,
            NARROW_LINE_TOP,
        )
    else:
        width, height, left, right, upper = WIDTH, LINE_HEIGHT, 56, WIDTH - LINE_LABEL_WIDTH, 12
    bottom = height - AXIS_HEIGHT

    def x(number: int) -> float:
        return round(left + number * (right - left) / max(len(quarters) - 1, 1), 1)

    def y(value: int) -> float:
        return round(bottom - (value - low) * (bottom - upper) / (top - low), 1)

    def points(values) -> list[Point | None]:
        return [None if v is None else Point(x(n), y(v), v) for n, v in enumerate(values)]

    expected = points([e for _, _, e, _ in quarters])
    created = points([c for *_, c in quarters])
    known_expected = [point for point in expected if point is not None]
    known = [point for point in created if point is not None]
    expected_label_y, created_label_y = end_labels(
        known_expected[-1].y if known_expected else bottom, known[-1].y if known else None
    )
    years = [
        YearTick(x(n), year)
        for n, (year, quarter, *_) in enumerate(quarters)
        if quarter == 1 or n == 0
    ]
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=upper,
        bottom=bottom,
        expected_runs=runs(expected),
        created_runs=runs(created),
        expected_label_y=expected_label_y,
        created_label_y=created_label_y,
        y_ticks=[Tick(y(value), value) for value in range(low, top + 1, step)],
        years=spaced(years, NARROW_YEAR_SPACING) if narrow else years,
    )


def spaced(years: list[YearTick], spacing: float) -> list[YearTick]:
    """Every k-th year mark, from the first, with k the least that keeps them `spacing` apart."""
    if len(years) < 2:
        return years
    gap = min(b.position - a.position for a, b in zip(years, years[1:], strict=False))
    every = max(math.ceil(spacing / gap), 1) if gap > 0 else 1
    return years[::every]
