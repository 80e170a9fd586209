"""A commitments file applied, row by row, with the rules of memoranda.imports: one set of steps
for the admin's import (memoranda.resources, which feeds them through django-import-export for
its preview) and for import_commitments and the import task (`commitments_import`, which runs
them in a plain loop: no diff of every field, no row result kept, about five times faster).

All or nothing: `commitments_import` runs in one transaction, rolled back on any problem or for
a dry run. Every memorandum, operator and commitment it creates or changes keeps
"import of <file>" and the official (or none: the system) in its history, and a changed figure
of a recorded commitment is published as a correction with that reason.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils.translation import gettext_lazy as _

from memoranda import imports
from memoranda.bulk_load import analyze
from memoranda.corrections import correction_record_edit
from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, CommitmentFigures, CommitmentMeasurement, Memorandum
from operators import history
from operators.models import Operator, ScopeHeadcount
from operators.names import close_operator_names

# The public figures an import can change on a recorded commitment (its scope is its identity).
CORRECTED = ("jobs_committed", "baseline_headcount")
# A file of this many rows or more is a bulk load: the tables it wrote are analysed once it
# commits (memoranda.bulk_load.analyze), so that the planner does not keep the statistics of the
# tables before it; a smaller file changes the statistics too little to be worth it.
BULK_IMPORT_ROWS = 500
IMPORTED_TABLES = [
    Operator,
    Memorandum,
    Commitment,
    ScopeHeadcount,
    CommitmentFigures,
    CommitmentMeasurement,
]
# Failures of the database, not of the file: raised, not reported as the file's problems (the
# import task tries the file again).
DATABASE_FAILURES = (OperationalError, InterfaceError)
# Commitments written, with their history records, a batch at a time.
BATCH = 500

DUPLICATE_ROW = _(
    "An earlier row already gives this memorandum's commitment for this segment and city."
)


def import_reason(file_name: str | None) -> str:
    return f"import of {PurePath(file_name or '').name or 'a file'}"


def missing_columns_message(missing) -> str:
    return _("Missing column(s) in the header: %(columns)s.") % {"columns": ", ".join(missing)}


class FileRows:
    """The state of one file's import: the cities and segments, memoranda, operators and
    commitments it can name (read before its rows), what it created, the scopes and operators
    its rows reached."""

    def __init__(self, dataset, reason: str):
        self.reason = reason
        self.size = len(dataset)
        self.reader = imports.LineReader()
        self.index = imports.RecordedIndex(dataset["memorandum_reference"])
        self.created = imports.Creations(memoranda=[], operators=[])
        self.seen = set()
        self.operators = set()
        # The good rows, read once before the others: their new memoranda and operators are
        # created a batch at a time; a bad row is read again in its turn, to report it.
        self.read_lines = {}
        for number, values in enumerate(dataset, start=1):
            try:
                self.read_lines[number] = self.reader.read(
                    dict(zip(dataset.headers, values, strict=True))
                )
            except ValidationError:
                continue
        imports.memoranda_create(self.read_lines.values(), self.created, self.index)

    def line(self, number: int, row: Mapping):
        """The row's line and its memorandum, or the ValidationError naming its columns."""
        line = self.read_lines.get(number) or self.reader.read(row)
        if line.identity in self.seen:
            raise ValidationError({"segment": DUPLICATE_ROW})
        self.seen.add(line.identity)
        memorandum = imports.memorandum_for(line, self.created, self.index)
        self.operators.add(memorandum.operator_id)
        return line, memorandum

    def commitment(self, line, memorandum) -> Commitment:
        """The recorded commitment the line names, or a new one (not saved)."""
        recorded = self.index.commitment(memorandum, line)
        if recorded is not None:
            return recorded
        return Commitment(memorandum=memorandum, segment=line.segment, city=line.city)

    @staticmethod
    def apply(commitment: Commitment, line, row: Mapping) -> dict:
        """Sets the line's figures on `commitment`; returns what a recorded one showed in
        public before the file (a change is a correction)."""
        published = {name: getattr(commitment, name) for name in CORRECTED} if commitment.pk else {}
        commitment.jobs_committed = line.jobs_committed
        # Without a baseline column, a recorded baseline is kept, not erased.
        if "baseline" in row:
            commitment.baseline_headcount = line.baseline
        return published

    @staticmethod
    def unchanged(commitment: Commitment, published: dict) -> bool:
        return bool(published) and all(
            getattr(commitment, name) == before for name, before in published.items()
        )

    def record_corrections(self, commitment: Commitment, published: dict) -> None:
        # Published as corrections, with the file as the reason (memoranda.corrections).
        for name, before in published.items():
            correction_record_edit(
                obj=commitment,
                field=name,
                before=before,
                after=getattr(commitment, name),
                reason=self.reason,
            )

    def finish(self) -> None:
        # Inside the import's transaction: a dry run or a failed file undoes this with the rest.
        commitment_figures_refresh(self.operators)
        if self.size >= BULK_IMPORT_ROWS:
            # Once committed: a dry run or a failed file is rolled back and analyses nothing.
            transaction.on_commit(partial(analyze, IMPORTED_TABLES))


@dataclass
class ImportOutcome:
    """What an import did, or would have done (a dry run), or why it saved nothing."""

    total_rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)  # memoranda.imports.Problem, the file's first
    created: imports.Creations = field(default_factory=lambda: imports.Creations([], []))
    close_names: list = field(default_factory=list)  # operators.names.CloseName


class PlainImport:
    """commitments_import's loop over the rows, the problems kept as the admin's import keeps
    them: the file's, then each bad row's in the order of the file."""

    def __init__(self, dataset, lines, progress):
        self.dataset = dataset
        self.lines = lines
        self.progress = progress
        self.outcome = ImportOutcome(total_rows=len(dataset))
        self.file_problems, self.row_problems, self.row_errors = [], [], []
        self.to_create, self.to_update = [], []

    def run(self, reason: str) -> None:
        try:
            rows = FileRows(self.dataset, reason)
        except DATABASE_FAILURES:
            raise
        except Exception as error:  # as import-export reports a failure before the rows
            self.file_problems.extend(file_problems(error))
            return
        headers = self.dataset.headers
        for number, values in enumerate(self.dataset, start=1):
            self.row(rows, number, dict(zip(headers, values, strict=True)))
            if number % BATCH == 0 and self.progress:
                self.progress(number, self.outcome.total_rows)
        self.save_batches(force=True)
        self.outcome.created = rows.created
        try:
            rows.finish()
        except DATABASE_FAILURES:
            raise
        except Exception as error:
            self.file_problems.extend(file_problems(error))

    def row(self, rows: FileRows, number: int, row: dict) -> None:
        # Spreadsheets keep empty rows below the data; they are not commitments.
        if all(imports.is_blank(value) for value in row.values()):
            self.outcome.unchanged += 1
            return
        where = self.lines[number - 1]
        try:
            line, memorandum = rows.line(number, row)
            commitment = rows.commitment(line, memorandum)
            published = rows.apply(commitment, line, row)
            if rows.unchanged(commitment, published):
                self.outcome.unchanged += 1
                return
            (self.to_update if commitment.pk else self.to_create).append(commitment)
            rows.record_corrections(commitment, published)
        except ValidationError as error:
            self.row_problems.extend(imports.row_problems(where, error))
            return
        except DATABASE_FAILURES:
            raise
        except Exception as error:
            self.row_errors.append(imports.Problem(where, None, str(error)))
            return
        if commitment.pk:
            self.outcome.updated += 1
        else:
            self.outcome.new += 1
        self.save_batches()

    def save_batches(self, force=False) -> None:
        for instances, update_fields in ((self.to_create, ()), (self.to_update, CORRECTED)):
            if instances and (force or len(instances) >= BATCH):
                try:
                    history.bulk_saved(instances, update_fields=update_fields, batch_size=BATCH)
                except DATABASE_FAILURES:
                    raise
                except Exception as error:
                    self.file_problems.extend(file_problems(error))
                finally:
                    instances.clear()

    def problems(self) -> list:
        return self.file_problems + self.row_problems + self.row_errors


def file_problems(error: Exception) -> list:
    return [imports.Problem(None, None, message) for message in imports.messages_of(error)]


def commitments_import(
    dataset,
    *,
    file_name: str | None = None,
    user=None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportOutcome:
    """Imports `dataset` (memoranda.import_files.read_table) in one transaction, saved only if
    no row has a problem and not `dry_run`. `progress(rows done, rows in all)` is called every
    BATCH rows."""
    dataset.headers = imports.normalized_headers(dataset.headers or [])
    lines = getattr(dataset, "lines", None) or [number + 1 for number in range(len(dataset))]
    missing = imports.missing_columns(dataset.headers)
    if missing:
        return ImportOutcome(
            total_rows=len(dataset),
            problems=[imports.Problem(None, None, missing_columns_message(missing))],
        )
    plain = PlainImport(dataset, lines, progress)
    reason = import_reason(file_name)
    with transaction.atomic(), history.recorded(reason=reason, user=user):
        plain.run(reason)
        plain.outcome.problems = plain.problems()
        if dry_run or plain.outcome.problems:
            transaction.set_rollback(True)
    outcome = plain.outcome
    outcome.close_names = close_operator_names(
        [operator.name for operator in outcome.created.operators]
    )
    return outcome
