"""The upload of many declarations at once: a CSV or XLSX file with one row per site, quarter and
segment, read as every import of the portal reads files (operators.spreadsheet_files), checked
row by row with the declaration form's own rules, shown as a preview, then saved in one
transaction (services.declarations_save_uploaded): all or nothing.

Columns: site (the site's reference: its number in the portal, which the template gives and
which does not change when the site is renamed), year, quarter, segment (its code), headcount,
permanent, women; optional: site_name (read by nobody: it helps the person filling the file)
and explanation (of a large change, used on submission; given on any one row of the
declaration, or the same on several). An empty figure is not known yet: a draft keeps it, a
submission needs it.

A site of another operator is refused in the same words as a site that does not exist: the
upload reveals nothing about other operators.
"""

import base64
import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from operators import calendar, services
from operators.cells import safe_text, unquoted_text
from operators.forms import COUNTS, CountField, above_headcount
from operators.models import Declaration, Segment, Site
from operators.spreadsheet_files import FileProblem, normalized_headers, read_table

REQUIRED_COLUMNS = ("site", "year", "quarter", "segment", "headcount", "permanent", "women")
OPTIONAL_COLUMNS = ("site_name", "explanation")
# The template's order: the site's name beside its reference, the explanation last.
COLUMNS = ("site", "site_name", "year", "quarter", "segment", "headcount", "permanent", "women")
COLUMNS += ("explanation",)
# One megabyte, about twenty thousand rows: far more than an operator's sites and open quarters.
MAX_FILE_BYTES = 1_048_576
# Confirmed within the request, through the same services as the form, at about 35 ms (SQLite)
# to 65 ms (PostgreSQL) a submission (docs/performance.md): a hundred stay well inside a
# proxy's timeout. An operator's sites times their open quarters rarely come near it.
MAX_DECLARATIONS = 100
# Rows read at most, blank ones included: a hundred declarations of many segments each, with
# room to spare. The file is refused as soon as its reading passes it, before any row is
# checked, so that a small file (a workbook's rows are packed) never costs more than this.
MAX_ROWS = 5000
SESSION_KEY = "declaration_upload"
QUARTER = re.compile(r"^[QqTt]?\s*([1-4])$")
# Bounded: Python refuses to read a number of more than 4,300 digits (a ValueError), and no
# site number or year comes near eighteen.
WHOLE = re.compile(r"^\d{1,18}$")

REQUIRED = _("This column is required.")
UNKNOWN_SITE = _(
    "No site of your operator has the reference “%(value)s”: use the site column of the "
    "template, which gives each of your sites' references."
)
NOT_A_YEAR = _("Enter a year such as 2024.")
NOT_A_QUARTER = _("The quarter is a number from 1 to 4.")
NOT_OPEN = _("This quarter is not open for a declaration any more.")
NOT_SERVED = _("%(segment)s: this site does not serve this segment.")
TWICE = _("This site, quarter and segment are already on line %(line)d.")
MISSING_SEGMENT = _(
    "%(segment)s: this site serves this segment: add its row, with empty figures if they are "
    "not known yet."
)
EXPLANATIONS_DIFFER = _(
    "The rows of this declaration give different explanations: give it on one row, or the "
    "same on each."
)
MISSING_COLUMNS = _(
    "The file has no column %(columns)s: its first line must name the columns %(expected)s, "
    "as the template does."
)
UNKNOWN_COLUMNS = _("Unknown column(s) %(columns)s: the columns are %(expected)s.")
# One field for every figure: cleaning keeps no state.
COUNT_FIELD = CountField()
TOO_MANY = _(
    "The file holds %(count)d declarations (sites and quarters), more than the %(max)d an "
    "upload takes: split it into several files, by site or by quarter."
)
TO_SUBMIT = _("Required to submit: give the figure, 0 if nobody is counted.")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or one row, when `column` is empty) of the file."""

    line: int
    column: str
    message: str


@dataclass
class Row:
    """One row whose site, quarter and segment are right; its figures are still text."""

    line: int
    site: Site
    year: int
    quarter: int
    segment: Segment
    cells: dict
    explanation: str


@dataclass
class PlannedDeclaration:
    """One declaration the upload saves: a site's quarter with a line per segment."""

    entry: calendar.Entry
    rows: list[Row]
    lines: dict = field(default_factory=dict)
    explanation: str = ""
    previous: tuple | None = None

    site = property(lambda self: self.entry.site)
    year = property(lambda self: self.entry.year)
    quarter = property(lambda self: self.entry.quarter)

    @property
    def comment(self) -> str:
        """The draft's comment, kept: the file has no comment column."""
        return self.entry.declaration.comment if self.entry.declaration else ""

    @property
    def total(self) -> int:
        return sum(values[0] for values in self.lines.values() if values[0] is not None)

    @property
    def large_change(self) -> str | None:
        return services.large_change_message(self.previous, self.total)

    def figures(self) -> list[tuple[str, tuple]]:
        return sorted(self.lines.items())


@dataclass
class Preview:
    """What the file would save, or every problem that stops it."""

    problems: list[Problem]
    declarations: list[PlannedDeclaration]
    # What stops the declarations from being submitted (they can still be saved as drafts).
    to_submit: list[Problem]

    @property
    def can_save(self) -> bool:
        return not self.problems and bool(self.declarations)

    @property
    def can_submit(self) -> bool:
        return self.can_save and not self.to_submit

    @property
    def row_count(self) -> int:
        return sum(len(declaration.rows) for declaration in self.declarations)


class Context:
    """The operator's sites, calendar and validated totals, read once for the whole file
    (five queries, whatever the number of rows)."""

    def __init__(self, operator, today):
        self.today = today
        self.sites = {
            site.pk: site
            for site in Site.objects.filter(operator=operator).prefetch_related(
                Prefetch("segments", queryset=Segment.objects.order_by("code"))
            )
        }
        self.owed = calendar.owed_quarters_by_operator([operator.pk]).get(operator.pk, set())
        entries = calendar.calendar_of(list(self.sites.values()), {operator.pk: self.owed}, today)
        self.entries = {(e.site.pk, e.year, e.quarter): e for e in entries}
        self.validated: dict[int, list[tuple]] = {}
        rows = (
            Declaration.objects.validated()
            .filter(site__operator=operator)
            .with_total()
            .values_list("site_id", "year", "quarter", "total")
        )
        for site_id, year, quarter, total in sorted(rows):
            self.validated.setdefault(site_id, []).append((year, quarter, total))

    def previous(self, site_id: int, year: int, quarter: int) -> tuple | None:
        """(year, quarter, total) of the site's latest validated quarter before this one."""
        earlier = [row for row in self.validated.get(site_id, ()) if row[:2] < (year, quarter)]
        return earlier[-1] if earlier else None

    def period_problem(self, site: Site, year: int, quarter: int) -> str | None:
        entry = self.entries.get((site.pk, year, quarter))
        if entry is None:
            return calendar.period_error(self.owed, year, quarter, self.today) or str(NOT_OPEN)
        if entry.status == calendar.Status.UPCOMING:
            return calendar.period_error(self.owed, year, quarter, self.today)
        if entry.status not in calendar.OPEN:
            return services.not_editable(entry.declaration).messages[0]
        return None


def is_xlsx(name: str, data: bytes) -> bool:
    return name.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04")


def preview_of(data: bytes, *, name: str, operator, today) -> Preview:
    """The upload checked against the operator's sites and calendar at `today`; FileProblem
    when the file cannot be read as a table with the upload's columns."""
    table = read_table(data, xlsx=is_xlsx(name, data), columns=COLUMNS, max_rows=MAX_ROWS)
    headers = checked_headers(table.headers or [])
    context = Context(operator, today)
    problems, rows, seen = [], [], {}
    for line, cells in zip(table.lines, table, strict=True):
        row = dict(zip(headers, cells, strict=True))
        row.pop("", None)
        found, row_problems = row_of(row, line, context)
        problems += row_problems
        if found is None:
            continue
        key = (found.site.pk, found.year, found.quarter, found.segment.code)
        if key in seen:
            problems.append(Problem(line, "segment", str(TWICE % {"line": seen[key]})))
            continue
        seen[key] = line
        rows.append(found)
    periods = {(row.site.pk, row.year, row.quarter) for row in rows}
    if len(periods) > MAX_DECLARATIONS:
        raise FileProblem(str(TOO_MANY % {"count": len(periods), "max": MAX_DECLARATIONS}))
    declarations = planned(rows, context, problems)
    problems.sort(key=lambda problem: (problem.line, COLUMNS.index(problem.column or "site")))
    to_submit = [problem for declaration in declarations for problem in blockers(declaration)]
    return Preview(problems, declarations, to_submit)


def checked_headers(headers) -> list[str]:
    names = normalized_headers(headers)
    expected = ", ".join(COLUMNS)
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise FileProblem(
            str(MISSING_COLUMNS % {"columns": ", ".join(missing), "expected": expected})
        )
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        message = UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "expected": expected}
        raise FileProblem(str(message))
    return names


def text_of(value) -> str:
    """A cell as text: a spreadsheet's 12.0 reads as 12, an empty cell as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def row_of(cells: Mapping, line: int, context: Context) -> tuple[Row | None, list[Problem]]:
    """The row's site, quarter and segment checked; its figures are checked with the other rows
    of its declaration (planned)."""
    problems = []

    def problem(column, message):
        problems.append(Problem(line, column, str(message)))

    site_text, year_text = text_of(cells.get("site")), text_of(cells.get("year"))
    quarter_text = text_of(cells.get("quarter"))
    code = unquoted_text(text_of(cells.get("segment"))).upper()
    site = context.sites.get(int(site_text)) if WHOLE.match(site_text) else None
    if site is None:
        problem("site", UNKNOWN_SITE % {"value": site_text} if site_text else REQUIRED)
    year = int(year_text) if WHOLE.match(year_text) and 2000 <= int(year_text) <= 9998 else None
    if year is None:
        problem("year", NOT_A_YEAR if year_text else REQUIRED)
    quarter_match = QUARTER.match(quarter_text)
    quarter = int(quarter_match[1]) if quarter_match else None
    if quarter is None:
        problem("quarter", NOT_A_QUARTER if quarter_text else REQUIRED)
    if not code:
        problem("segment", REQUIRED)
    if problems or site is None:
        return None, problems
    segment = next((s for s in site.segments.all() if s.code == code), None)
    if segment is None:
        problem("segment", NOT_SERVED % {"segment": code})
    period = context.period_problem(site, year, quarter)
    if period:
        problem("quarter", period)
    if problems:
        return None, problems
    explanation = unquoted_text(text_of(cells.get("explanation")))
    return Row(line, site, year, quarter, segment, dict(cells), explanation), []


def planned(rows: list[Row], context: Context, problems: list[Problem]) -> list:
    """The rows grouped into declarations, each checked as the declaration form checks it;
    their problems added to `problems`."""
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.site.pk, row.year, row.quarter), []).append(row)
    declarations = []
    for (site_id, year, quarter), group in groups.items():
        declaration = PlannedDeclaration(context.entries[(site_id, year, quarter)], group)
        declaration.previous = context.previous(site_id, year, quarter)
        problems += declaration_problems(declaration)
        declarations.append(declaration)
    return declarations


def declaration_problems(declaration: PlannedDeclaration) -> list[Problem]:
    rows, first = declaration.rows, declaration.rows[0].line
    problems = []
    present = {row.segment.code for row in rows}
    for segment in declaration.site.segments.all():
        if segment.code not in present:
            message = MISSING_SEGMENT % {"segment": segment.code}
            problems.append(Problem(first, "segment", str(message)))
    explanations = {row.explanation: row.line for row in rows if row.explanation}
    if len(explanations) > 1:
        line = max(explanations.values())
        problems.append(Problem(line, "explanation", str(EXPLANATIONS_DIFFER)))
    existing = declaration.entry.declaration
    declaration.explanation = next(iter(explanations), existing.explanation if existing else "")
    lines, figure_problems = figures_of(rows)
    if figure_problems:
        return problems + figure_problems
    declaration.lines = lines
    return problems


def figures_of(rows: list[Row]) -> tuple[dict, list[Problem]]:
    """{segment code: (headcount, permanent, women)} of the rows, checked with the declaration
    form's own field and rule (CountField, above_headcount): the same messages as the form."""
    lines, problems = {}, []
    for row in rows:
        figures = {}
        for count, _label in COUNTS:
            try:
                figures[count] = COUNT_FIELD.clean(text_of(row.cells.get(count)))
            except ValidationError as error:
                problems += [Problem(row.line, count, str(m)) for m in error.messages]
                figures[count] = None
        for count, message in above_headcount(figures).items():
            problems.append(Problem(row.line, count, str(message)))
        lines[row.segment.code] = tuple(figures[count] for count, _label in COUNTS)
    return lines, problems


def blockers(declaration: PlannedDeclaration) -> list[Problem]:
    """What stops a declaration from being submitted: a figure not given, a large change not
    explained."""
    found = []
    if not declaration.lines:
        return found  # Its problems stop it altogether.
    for row in declaration.rows:
        values = declaration.lines[row.segment.code]
        for (count, _label), value in zip(COUNTS, values, strict=True):
            if value is None:
                found.append(Problem(row.line, count, str(TO_SUBMIT)))
    large = declaration.large_change
    if large and not declaration.explanation:
        found.append(Problem(declaration.rows[0].line, "explanation", str(large)))
    return found


def keep(session, name: str, data: bytes) -> str:
    """Keep the file in the visitor's session until it is confirmed; its digest, which the
    confirmation must name, so that a preview confirms the file it showed and no other."""
    digest = hashlib.sha256(data).hexdigest()
    session[SESSION_KEY] = {
        "name": name,
        "digest": digest,
        "data": base64.b64encode(data).decode("ascii"),
    }
    return digest


def kept(session, digest: str) -> tuple[str, bytes] | None:
    upload = session.get(SESSION_KEY)
    if not upload or not digest or upload["digest"] != digest:
        return None
    return upload["name"], base64.b64decode(upload["data"])


def forget(session) -> None:
    session.pop(SESSION_KEY, None)


def template_rows(operator, today) -> list[list]:
    """One row per site, open quarter and segment the site serves, with the figures of a draft
    or returned declaration already given (three queries and two for the sites)."""
    segments = Prefetch("segments", queryset=Segment.objects.order_by("code"))
    sites = list(
        Site.objects.filter(operator=operator).prefetch_related(segments).order_by("name", "pk")
    )
    rows = []
    for entry in calendar.open_entries(sites, today):
        declaration = entry.declaration
        lines = {line.segment.code: line for line in declaration.lines.all()} if declaration else {}
        explanation = declaration.explanation if declaration else ""
        for segment in entry.site.segments.all():
            line = lines.get(segment.code)
            figures = [getattr(line, count) if line else None for count, _label in COUNTS]
            site = entry.site
            rows.append(
                [site.pk, safe_text(site.name), entry.year, entry.quarter, safe_text(segment.code)]
                + figures
                + [safe_text(explanation)]
            )
    return rows


def template_csv(rows: list[list]) -> bytes:
    """As French Excel opens it in columns: UTF-8 with a byte-order mark, semicolons."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return "\ufeff".encode() + stream.getvalue().encode()


def xlsx_text(value):
    """A control character that XLSX cannot hold (all but tab and line breaks, which a pasted
    explanation may carry) replaced: openpyxl refuses the whole workbook otherwise. The
    replacement never starts a formula, so the rows' safe_text() stays enough."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def template_xlsx(rows: list[list]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "declarations"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([xlsx_text(value) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
