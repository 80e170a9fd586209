"""sources.csv and claims.csv: every source and every claim, as open data.

A source is a document that states facts; a claim is what one source says about one figure of a
signing, memorandum, commitment, operator or programme (memoranda.models.sources). The columns
are described once, here, for the files, the open data page and datapackage.json alike. Both
files are streamed from one query each, whatever the number of rows, and written as the
commitment export is: UTF-8, lines ending with \n, unknown values empty, text safe to open in a
spreadsheet (memoranda.exports.csv_cells).
"""

from collections.abc import Iterator

from django.db.models import F
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from memoranda.exports import CHUNK_SIZE, csv_cells, csv_writer
from memoranda.models import SUBJECTS, Claim, ClaimField, ClaimQualifier, Source
from memoranda.tableschema import Column, Table

# sources.csv column -> the Source value it reads.
SOURCE_VALUES = {
    "source": "slug",
    "publisher": "publisher",
    "title": "title",
    "url": "url",
    "published_on": "published_on",
    "date_is": "dating",
    "date_precision": "precision",
    "kind": "kind",
    "language": "language",
}

SOURCE_COLUMNS = (
    Column(
        "source",
        "string",
        _("Source"),
        _("Identifier of the source, such as mcinet-2022-04-20: claims.csv names it so."),
        required=True,
    ),
    Column(
        "publisher",
        "string",
        _("Publisher"),
        _("Who published the document: a ministry, a newspaper, a company, parliament."),
        required=True,
    ),
    Column("title", "string", _("Title"), _("Title of the document; empty when it has none.")),
    Column(
        "url",
        "string",
        _("Address"),
        _("Address of the document; empty when none was kept."),
        format="uri",
    ),
    Column(
        "published_on",
        "date",
        _("Date"),
        _(
            "Date of the source (ISO 8601, YYYY-MM-DD), as date_is and date_precision say; "
            "empty when the source is undated."
        ),
    ),
    Column(
        "date_is",
        "string",
        _("The date is"),
        _(
            "published: the date the document was published; event: the page shows no date, "
            "and the date is that of the event its text reports."
        ),
        required=True,
        constraints={"enum": list(Source.Dating.values)},
    ),
    Column(
        "date_precision",
        "string",
        _("Precision of the date"),
        _(
            "day: the date is exact; month: the source gives only the month (the day is then "
            "the 1st); year: it gives only the year, the only part of the date to read."
        ),
        required=True,
        constraints={"enum": list(Source.Precision.values)},
    ),
    Column(
        "kind",
        "string",
        _("Kind"),
        _(
            "official (a government or agency), press, company (an operator's own release) or "
            "parliament (a question or answer in parliament)."
        ),
        required=True,
        constraints={"enum": list(Source.Kind.values)},
    ),
    Column(
        "language",
        "string",
        _("Language"),
        _(
            "Language of the document, as an ISO 639-1 code: fr, ar, en or es; empty when not "
            "known."
        ),
        constraints={"enum": list(Source.Language.values)},
    ),
)

CLAIM_COLUMNS = (
    Column(
        "source",
        "string",
        _("Source"),
        _("Identifier of the source that makes the claim (the source column of sources.csv)."),
        required=True,
    ),
    Column(
        "about",
        "string",
        _("About"),
        _("What the claim is about: a signing, memorandum, commitment, operator or programme."),
        required=True,
        constraints={"enum": SUBJECTS},
    ),
    Column(
        "reference",
        "string",
        _("Reference"),
        _(
            "Which one: for a memorandum, its reference; for a commitment, its memorandum's "
            "reference, segment code and city identifier, such as ATLAS-2023-1/BPO/casablanca "
            "(unallocated in place of the city when the commitment is not yet allocated to "
            "one); for a signing, an operator or a programme, its identifier, as in the "
            "portal's addresses."
        ),
        required=True,
    ),
    Column(
        "field",
        "string",
        _("Figure"),
        _(
            "The figure or fact the claim states: jobs, investment_mad (in dirhams), "
            "horizon_year, signed_on, place, name, baseline_headcount (headcount at signature), "
            "headcount or city. On a signing, jobs and investment are the announced totals of "
            "all its memoranda; on a programme, the totals officials claimed for it. A headcount "
            "claimed about an operator is a statement by its source, never counted as jobs "
            "created."
        ),
        required=True,
        constraints={"enum": list(ClaimField.values)},
    ),
    Column(
        "value_as_worded",
        "string",
        _("As worded"),
        _("What the source says, as it says it, such as “more than 65 million dirhams”."),
        required=True,
    ),
    Column(
        "number",
        "integer",
        _("Number"),
        _(
            "The number the wording gives, in units (65 million: 65000000). Empty for a fact in "
            "words (a place, a name) and when the qualifier is not_a_number."
        ),
        constraints={"minimum": 0},
    ),
    Column(
        "qualifier",
        "string",
        _("Qualifier"),
        _(
            "How the wording qualifies the number: exactly, more_than, about, at_least, or "
            "not_a_number (the source gives the figure without a number, such as “several "
            "hundred”). Empty for a fact in words."
        ),
        constraints={"enum": list(ClaimQualifier.values)},
    ),
    Column(
        "recorded",
        "boolean",
        _("Recorded"),
        _(
            "true for the claim the portal records for this figure: the one whose value its "
            "pages show, chosen by an official with a reason; false for the others, which stay "
            "published. At most one claim is recorded per figure."
        ),
        required=True,
    ),
)

SOURCE_KEY = {"resource": "sources", "fields": "source"}
SOURCE_TABLES = (
    Table(
        "sources",
        "memoranda:sources_csv",
        _("Sources"),
        _("One row per source: a public document that states facts about the programme."),
        SOURCE_COLUMNS,
        {"primaryKey": "source"},
    ),
    Table(
        "claims",
        "memoranda:claims_csv",
        _("Claims"),
        _("One row per claim: what one source says about one figure, as worded."),
        CLAIM_COLUMNS,
        # Every claim's source is a row of sources.csv.
        {
            "foreignKeys": [
                {"fields": "source", "reference": {"resource": "sources", "fields": "source"}}
            ]
        },
    ),
)

# The subject each claim is about, by the readable reference the query reads for it.
SUBJECT_REFERENCES = {
    "signing": "signing__slug",
    "memorandum": "memorandum__reference",
    "commitment": "commitment__memorandum__reference",
    "operator": "operator__slug",
    "programme": "programme__slug",
}
# A commitment's reference: its memorandum's, its segment's and its city's.
COMMITMENT_SCOPE = ("commitment__segment__code", "commitment__city__slug")
UNALLOCATED = "unallocated"
CLAIM_VALUES = ("source__slug", "field", "value", "number", "qualifier", "recorded")


def by_date(prefix: str = "") -> list:
    """Sources (or claims, by their source's) by date, the undated last on every database,
    then by identifier."""
    return [F(f"{prefix}published_on").asc(nulls_last=True), f"{prefix}slug"]


def source_rows() -> Iterator[list]:
    values = Source.objects.order_by(*by_date()).values(*SOURCE_VALUES.values())
    for value in values.iterator(chunk_size=CHUNK_SIZE):
        if value["published_on"]:
            value["published_on"] = value["published_on"].isoformat()
        yield [value[name] for name in SOURCE_VALUES.values()]


def subject_of(value: dict) -> tuple[str, str]:
    """What a claim is about and its readable reference (see CLAIM_COLUMNS)."""
    about = next(name for name in SUBJECTS if value[SUBJECT_REFERENCES[name]] is not None)
    reference = value[SUBJECT_REFERENCES[about]]
    if about == "commitment":
        segment, city = (value[name] for name in COMMITMENT_SCOPE)
        reference = f"{reference}/{segment}/{city or UNALLOCATED}"
    return about, reference


def claim_rows() -> Iterator[list]:
    claims = Claim.objects.order_by(*by_date("source__"), "pk").values(
        *CLAIM_VALUES, *SUBJECT_REFERENCES.values(), *COMMITMENT_SCOPE
    )
    for value in claims.iterator(chunk_size=CHUNK_SIZE):
        number = value["number"]
        yield [
            value["source__slug"],
            *subject_of(value),
            value["field"],
            value["value"],
            None if number is None else int(number),
            value["qualifier"] or None,
            value["recorded"],
        ]


def csv_lines(columns, rows) -> Iterator[str]:
    writer = csv_writer()
    yield writer.writerow([column.name for column in columns])
    for row in rows:
        yield writer.writerow(csv_cells(row))


def csv_download(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def sources_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_download(csv_lines(SOURCE_COLUMNS, source_rows()), "sources.csv")


def claims_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_download(csv_lines(CLAIM_COLUMNS, claim_rows()), "claims.csv")
