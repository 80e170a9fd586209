"""The CSV export written by PostgreSQL itself: COPY (...) TO STDOUT of the export's columns,
streamed block by block, at the database's own speed rather than a Python row at a time.

Every column is the expression of the value memoranda.exports.rows() works out in Python (the
SQLite path and the JSON export): the two are held equal by a test on PostgreSQL. Unknown
values are NULL, which COPY writes as an empty field, as csv_lines() does; text columns pass
through operators.cells.SafeText, the SQL form of the rule csv_lines() applies.
"""

from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Cast, Concat, Greatest, NullIf, Round
from django.urls import reverse

from memoranda.exports import COLUMNS, SOURCED, SOURCES, TEXT_COLUMNS, csv_header
from memoranda.figures import current_index
from operators.cells import SafeText, safe_text
from operators.quarters import quarter_code_expression

DECIMAL = models.DecimalField(max_digits=30, decimal_places=10)
# Text columns whose values are codes the portal writes: a status (Commitment.Status) and a
# quarter such as 2022-Q3. None starts like a formula (a test holds every one to it), so
# SafeText, evaluated for every row of a national export, is left out for them.
CODED_COLUMNS = ("status", "status_at_quarter", "headcount_quarter")


def one_decimal(expression):
    """Rounded to one decimal as Python's round() writes it (PostgreSQL rounds numerics only)."""
    return Round(Cast(expression, DECIMAL), 1)


def public_share(part: str):
    """memoranda.figures.public_share() of `part` in the headcount, in SQL."""
    shown = Q(headcount__gte=settings.PUBLIC_MIN_HEADCOUNT, **{f"{part}__isnull": False})
    return Case(
        When(shown, then=one_decimal(F(part) * 100.0 / F("headcount"))),
        default=Value(None),
        output_field=DECIMAL,
    )


def jobs_needed(current: int):
    """memoranda.figures.Outlook.jobs_needed_per_quarter, in SQL."""
    remaining = F("horizon_quarter") - current
    still_to_create = Greatest(F("jobs_committed") - F("jobs_created"), Value(0))
    return Case(
        When(
            Q(jobs_created__isnull=False, horizon_quarter__gt=current),
            then=Round(Cast(still_to_create, DECIMAL) / remaining, 1),
        ),
        default=Value(None),
        output_field=DECIMAL,
    )


def column_expressions(url_start: str, url_end: str, current: int) -> dict:
    """Each export column (COLUMNS) as an SQL expression over for_public_list()'s rows."""
    expressions = {column: F(source) for column, source in SOURCES.items()}
    expressions.update(
        progress_percent=one_decimal(F("progress_percent")),
        pace_per_quarter=one_decimal(F("pace")),
        headcount_quarter=quarter_code_expression("headcount_quarter"),
        projected_gap=F("projected_jobs") - F("jobs_committed"),
        jobs_needed_per_quarter=jobs_needed(current),
        permanent_percent=public_share("permanent"),
        women_percent=public_share("women"),
        memorandum_url=Concat(
            Value(url_start),
            F("memorandum__reference"),
            Value(url_end),
            output_field=models.TextField(),
        ),
        withdrawn_on=F("withdrawn_on"),
        # Empty, like the Python writer's None, when not withdrawn.
        withdrawal_reason=NullIf(
            F("withdrawal_reason"), Value(""), output_field=models.TextField()
        ),
        sources=F(SOURCED["sources"]),
        # COPY writes a boolean as t or f; the Python writer as true or false.
        sources_disagree=Case(
            When(Q(**{SOURCED["sources_disagree"]: True}), then=Value("true")),
            default=Value("false"),
            output_field=models.TextField(),
        ),
    )
    # Text made safe to open in a spreadsheet, by the same rule as the Python writer; a
    # memorandum's address starts like the portal's, and a code never like a formula.
    starts_safe = set(CODED_COLUMNS)
    if safe_text(url_start) == url_start:
        starts_safe.add("memorandum_url")
    expressions.update(
        {
            column: SafeText(expressions[column])
            for column in TEXT_COLUMNS
            if column not in starts_safe
        }
    )
    return {f"export_{column}": expressions[column] for column in COLUMNS}


def copy_csv_lines(commitments, absolute_url: Callable[[str], str]) -> Iterator[bytes]:
    """The header, then the blocks PostgreSQL's COPY writes for `commitments`."""
    from psycopg import ClientCursor

    placeholder = "~reference~"
    url_start, url_end = absolute_url(
        reverse("memoranda:memorandum_detail", args=[placeholder])
    ).split(placeholder)
    expressions = column_expressions(url_start, url_end, current_index())
    rows = commitments.with_sources().annotate(**expressions).values_list(*expressions)
    sql, params = rows.query.sql_with_params()
    yield csv_header().encode()
    connection.ensure_connection()
    # COPY takes no parameters: the values are bound on the client, quoted by psycopg.
    statement = ClientCursor(connection.connection).mogrify(sql, params)
    copy_statement = f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)"
    if connection.queries_logged:
        # Run on psycopg's own cursor, which Django's query log does not see: logged here, as
        # Django's debug cursor would, so that query counts and the debug toolbar see it.
        connection.queries_log.append({"sql": copy_statement, "time": "0.000"})
    with connection.connection.cursor() as cursor, cursor.copy(copy_statement) as copy:
        for block in copy:
            yield bytes(block)
