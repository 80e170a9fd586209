"""The rules of a commitments import, one set for the admin's import and import_commitments.

A row is read into a CommitmentLine (text to dates, numbers, an existing city and segment), or
rejected with a message per column at fault. Only then is its memorandum found or created, with
its operator; a memorandum already recorded must agree with the row.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.functions import Upper
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from memoranda.models import REFERENCE_PATTERN, Commitment, Memorandum
from operators import history
from operators.cells import unquoted_text
from operators.forms import constraint_message
from operators.models import City, Operator, Segment
from operators.querysets import fold

# The file as a whole (empty, not CSV nor XLSX, its encoding): the same words in
# import_commitments, the admin's import and the operators' declaration upload.
from operators.spreadsheet_files import (  # noqa: F401 (names the callers use)
    EMPTY_FILE,
    ENCODINGS_TRIED,
    NOT_CSV_OR_XLSX,
    NOT_XLSX,
    UNREADABLE_ENCODING,
    encoding_message,
    file_problem,
    normalized_headers,
)

REQUIRED_COLUMNS = (
    "memorandum_reference",
    "signed_on",
    "operator",
    "city",
    "segment",
    "jobs_committed",
    "horizon_year",
)
OPTIONAL_COLUMNS = ("baseline",)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# As French spreadsheets write dates: day first.
DAY_FIRST_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# The database constraint's own pattern (memorandum_reference_format).
REFERENCE = re.compile(REFERENCE_PATTERN)


def read_failure_message(error: Exception, xlsx: bool) -> str:
    """The message for a file the admin's import could not read."""
    if isinstance(error, UnicodeDecodeError):
        return encoding_message(error)
    return str(NOT_XLSX if xlsx else NOT_CSV_OR_XLSX)


@dataclass(frozen=True)
class CommitmentLine:
    """One row of a commitments file, checked and converted."""

    memorandum_reference: str
    signed_on: datetime.date
    operator: str
    city: City | None
    segment: Segment
    jobs_committed: int
    horizon_year: int
    baseline: int | None

    @property
    def identity(self) -> tuple:
        return (self.memorandum_reference.upper(), self.segment.pk, getattr(self.city, "pk", None))


def missing_columns(headers: Sequence[str]) -> list[str]:
    return [column for column in REQUIRED_COLUMNS if column not in headers]


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def required_text(value, max_length: int) -> str:
    if is_blank(value):
        raise ValidationError(_("This column is required."))
    # A text the portal's own export made safe for spreadsheets reads as it was recorded.
    text = unquoted_text(str(value).strip())
    if len(text) > max_length:
        raise ValidationError(
            _("At most %(max)d characters, not %(length)d."),
            params={"max": max_length, "length": len(text)},
        )
    return text


def reference(value) -> str:
    text = required_text(value, Memorandum._meta.get_field("reference").max_length)
    if not REFERENCE.match(text):
        raise ValidationError(constraint_message(Memorandum, "memorandum_reference_format"))
    return text


def operator_name(value) -> str:
    return required_text(value, Operator._meta.get_field("name").max_length)


def file_date(value) -> datetime.date:
    # Spreadsheets hand over dates as dates; text is YYYY-MM-DD or DD/MM/YYYY, never a guess
    # between day first and month first.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = required_text(value, 10)
    day_first = DAY_FIRST_DATE.match(text)
    try:
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            return datetime.date(year, month, day)
        if not ISO_DATE.match(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _(
                "“%(value)s” is not a date written YYYY-MM-DD or DD/MM/YYYY, such as 2022-04-20 "
                "or 20/04/2022."
            ),
            params={"value": text},
        ) from None


def whole_number(value) -> int:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = required_text(value, 20)
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValidationError(_("“%(value)s” is not a whole number."), params={"value": text})
    return int(text)


def jobs(value) -> int:
    number = whole_number(value)
    if number <= 0:
        raise ValidationError(constraint_message(Commitment, "commitment_jobs_committed_positive"))
    return number


def year(value) -> int:
    number = whole_number(value)
    if not 1900 <= number <= 2200:
        raise ValidationError(_("“%(value)s” is not a year."), params={"value": number})
    return number


def baseline(value) -> int | None:
    if is_blank(value):
        return None
    number = whole_number(value)
    if number < 0:
        raise ValidationError(constraint_message(Commitment, "commitment_baseline_not_negative"))
    return number


class LineReader:
    """Reads rows against the cities and segments that exist when the import starts."""

    def __init__(self):
        self.cities = City.objects.by_folded_name()
        self.segments = Segment.objects.by_code()

    def read(self, row: Mapping) -> CommitmentLine:
        values, errors = {}, {}
        for column, parse in self.parsers().items():
            try:
                values[column] = parse(row.get(column))
            except ValidationError as error:
                errors[column] = error.messages
        if {"horizon_year", "signed_on"} <= values.keys() and (
            values["horizon_year"] < values["signed_on"].year
        ):
            errors["horizon_year"] = [
                constraint_message(Memorandum, "memorandum_horizon_not_before_signature")
            ]
        if errors:
            raise ValidationError(errors)
        return CommitmentLine(**values)

    def parsers(self) -> dict[str, Callable]:
        return {
            "memorandum_reference": reference,
            "signed_on": file_date,
            "operator": operator_name,
            "city": self.city,
            "segment": self.segment,
            "jobs_committed": jobs,
            "horizon_year": year,
            "baseline": baseline,
        }

    def city(self, value) -> City | None:
        if is_blank(value):
            return None
        city = self.cities.get(fold(unquoted_text(str(value).strip())))
        if city is None:
            raise ValidationError(
                _(
                    "Unknown city “%(value)s”: give the name or slug of a recorded city, or leave "
                    "empty when not yet allocated."
                ),
                params={"value": str(value).strip()},
            )
        return city

    def segment(self, value) -> Segment:
        code = required_text(value, Segment._meta.get_field("code").max_length).upper()
        segment = self.segments.get(code)
        if segment is None:
            raise ValidationError(
                _("Unknown segment “%(value)s”; recorded segments: %(known)s."),
                params={"value": str(value).strip(), "known": ", ".join(sorted(self.segments))},
            )
        return segment


@dataclass
class Creations:
    """Memoranda and operators an import created, to report them."""

    memoranda: list[Memorandum]
    operators: list[Operator]


# References a query reads at most, whatever the database's limit on parameters.
CHUNK = 500


class RecordedIndex:
    """The memoranda, operators and commitments a file can name, read before its rows in a
    fixed number of queries (one per CHUNK references, one for the operators), and kept up to
    date as the import creates: a row then costs no lookup query."""

    def __init__(self, references: Iterable):
        wanted = sorted({unquoted_text(str(r).strip()).upper() for r in references if r})
        self.memoranda = {}
        for start in range(0, len(wanted), CHUNK):
            recorded = (
                Memorandum.objects.select_related("operator")
                .annotate(upper_reference=Upper("reference"))
                .filter(upper_reference__in=wanted[start : start + CHUNK])
                .order_by()
            )
            self.memoranda.update((m.reference.upper(), m) for m in recorded)
        self.commitments = {}
        ids = sorted(memorandum.pk for memorandum in self.memoranda.values())
        for start in range(0, len(ids), CHUNK):
            recorded = (
                Commitment.objects.select_related("memorandum__operator", "segment", "city")
                .filter(memorandum__in=ids[start : start + CHUNK])
                .order_by()
            )
            self.commitments.update(
                ((c.memorandum_id, c.segment_id, c.city_id), c) for c in recorded
            )
        self._operators = None

    @property
    def operators(self) -> dict:
        """Every operator under its lower-case name; read once, when a memorandum is new."""
        if self._operators is None:
            self._operators = {}
            for operator in Operator.objects.order_by("-name"):
                self._operators[operator.name.lower()] = operator
            self.slugs = {operator.slug for operator in self._operators.values()}
        return self._operators

    def commitment(self, memorandum, line: CommitmentLine) -> Commitment | None:
        return self.commitments.get(
            (memorandum.pk, line.segment.pk, getattr(line.city, "pk", None))
        )


def memorandum_for(line: CommitmentLine, created: Creations, index: RecordedIndex) -> Memorandum:
    """The row's memorandum: the recorded one if it agrees with the row, else a new one."""
    memorandum = index.memoranda.get(line.memorandum_reference.upper())
    if memorandum is not None:
        check_agreement(memorandum, line)
        return memorandum
    memorandum = Memorandum.objects.create(
        reference=line.memorandum_reference,
        operator=operator_for(line.operator, created, index),
        signed_on=line.signed_on,
        horizon_year=line.horizon_year,
    )
    index.memoranda[memorandum.reference.upper()] = memorandum
    created.memoranda.append(memorandum)
    return memorandum


def memoranda_create(lines: Iterable[CommitmentLine], created: Creations, index: RecordedIndex):
    """Creates, a batch at a time, the memoranda the lines name that are not recorded, from the
    first line naming each, and their operators that are not recorded: before the rows, so that
    each row then finds its memorandum in `index` (rows that disagree with it are refused)."""
    new = {}
    for line in lines:
        if line.memorandum_reference.upper() not in index.memoranda:
            new.setdefault(line.memorandum_reference.upper(), line)
    if not new:
        return
    operators = {}
    for line in new.values():
        key = line.operator.lower()
        if key not in index.operators and key not in operators:
            slug = unique_operator_slug(line.operator, index.slugs)
            index.slugs.add(slug)
            operators[key] = Operator(name=line.operator, slug=slug)
    history.bulk_saved(list(operators.values()), batch_size=CHUNK)
    index.operators.update(operators)
    created.operators.extend(operators.values())
    memoranda = [
        Memorandum(
            reference=line.memorandum_reference,
            operator=index.operators[line.operator.lower()],
            signed_on=line.signed_on,
            horizon_year=line.horizon_year,
        )
        for line in new.values()
    ]
    history.bulk_saved(memoranda, batch_size=CHUNK)
    index.memoranda.update((memorandum.reference.upper(), memorandum) for memorandum in memoranda)
    created.memoranda.extend(memoranda)


def check_agreement(memorandum: Memorandum, line: CommitmentLine) -> None:
    if memorandum.reference != line.memorandum_reference:
        message = constraint_message(Memorandum, "memorandum_reference_unique_ignoring_case")
        raise ValidationError({"memorandum_reference": f"{message} {memorandum.reference}"})
    recorded = {
        "signed_on": (memorandum.signed_on, line.signed_on),
        "operator": (memorandum.operator.name, line.operator),
        "horizon_year": (memorandum.horizon_year, line.horizon_year),
    }
    errors = {
        column: _("Memorandum %(reference)s is recorded with %(kept)s, not %(given)s.")
        % {"reference": memorandum.reference, "kept": kept, "given": given}
        for column, (kept, given) in recorded.items()
        if str(kept).casefold() != str(given).casefold()
    }
    if errors:
        raise ValidationError(errors)


def operator_for(name: str, created: Creations, index: RecordedIndex) -> Operator:
    operator = index.operators.get(name.lower())
    if operator is None:
        slug = unique_operator_slug(name, index.slugs)
        operator = Operator.objects.create(name=name, slug=slug)
        index.operators[name.lower()] = operator
        index.slugs.add(slug)
        created.operators.append(operator)
    return operator


def unique_operator_slug(name: str, taken: set[str]) -> str:
    max_length = Operator._meta.get_field("slug").max_length
    base = (slugify(name) or "operator")[: max_length - 4]
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@dataclass(frozen=True)
class Problem:
    """What stops a file, where it is: its line in the file (none for the file as a whole) and
    its column (none for the row as a whole)."""

    line: int | None
    column: str | None
    message: str

    def __str__(self):
        where = [f"line {self.line}"] if self.line else []
        where += [f"column {self.column}"] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


def problems_of(result, lines: Sequence[int]) -> list[Problem]:
    """Every problem of an import's result, the file's first; `lines` holds the line in the
    file of each row of the dataset."""
    problems = [
        Problem(None, None, message)
        for error in result.base_errors
        for message in messages_of(error.error)
    ]
    for row in result.invalid_rows:
        problems.extend(row_problems(lines[row.number - 1], row.error))
    for row in result.error_rows:
        for error in row.errors:
            problems.append(Problem(lines[row.number - 1], None, str(error.error)))
    return problems


def row_problems(line: int, error: ValidationError) -> list[Problem]:
    """The problems of the row at `line` that `error` names, a column's or the row's."""
    try:
        by_column = error.message_dict
    except AttributeError:
        by_column = {NON_FIELD_ERRORS: error.messages}
    return [
        Problem(line, None if column == NON_FIELD_ERRORS else column, message)
        for column, messages in by_column.items()
        for message in messages
    ]


def messages_of(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
