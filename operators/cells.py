"""Text cells of every CSV and XLSX the portal writes, made safe to open in a spreadsheet.

A spreadsheet runs a cell as a formula when its text starts with one of FORMULA_STARTS, so an
operator named `=HYPERLINK("http://x","y")` would become a live link in an official's Excel.
Following OWASP's guidance on CSV injection, such a text is written with a single quote in
front (`'=HYPERLINK(...)`): spreadsheets show it as text, and the quote is visible, so nothing
is hidden from the reader. Separators, double quotes and line breaks inside a text never start
a new cell: the CSV writers quote such a field and double its quotes (RFC 4180).

Only text columns pass through here: numbers stay numbers, a negative one included.

This is the one definition of the rule: safe_text() for the Python writers (the exports, the
admin's import-export files) and SafeText() for the CSV that PostgreSQL's COPY writes.
"""

from django.db import models
from django.db.models import Case, Value, When
from django.db.models.functions import Concat, Left
from django.db.models.lookups import In

# What a spreadsheet reads as the start of a formula: =, +, -, @, a tab or a carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Written in front of such a text so that it stays text.
QUOTE = "'"


def safe_text(value):
    """`value` with a quote in front when it is a text a spreadsheet would run as a formula;
    anything else (a number, a date, None) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def unquoted_text(value):
    """safe_text() undone, for imports: a file the portal wrote imports back unchanged."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def SafeText(expression):  # noqa: N802 (an SQL expression, named like one)
    """safe_text() in SQL, over a text expression; NULL stays NULL."""
    return Case(
        When(In(Left(expression, 1), list(FORMULA_STARTS)), then=Concat(Value(QUOTE), expression)),
        default=expression,
        output_field=models.TextField(),
    )
