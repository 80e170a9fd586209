import csv
import zipfile
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import CommandError
from import_export.results import RowResult
from openpyxl.utils.exceptions import InvalidFileException

from memoranda import imports
from memoranda.resources import CommitmentResource
from operators.history import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Import commitments from a CSV file (UTF-8) or an XLSX workbook, with the admin's rules. "
        "All or nothing: any bad row is reported with its line and column, and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV or XLSX file, header on line 1.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but save nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        dataset, lines = read_rows(file)
        resource = CommitmentResource()
        result = resource.import_data(
            dataset, dry_run=dry_run, rollback_on_validation_errors=True, file_name=file.name
        )
        problems = describe_problems(result, lines)
        if problems:
            raise CommandError(
                f"{file}: nothing imported, {len(problems)} problem(s):\n" + "\n".join(problems)
            )
        self.report(resource, result, dry_run)

    def report(self, resource, result, dry_run):
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        for memorandum in resource.created.memoranda:
            self.stdout.write(f"New memorandum: {memorandum.reference}")
        for operator in resource.created.operators:
            self.stdout.write(f"New operator: {operator.name} ({operator.slug})")
        totals = result.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"Commitments: {totals[RowResult.IMPORT_TYPE_NEW]} created, "
                f"{totals[RowResult.IMPORT_TYPE_UPDATE]} updated, "
                f"{totals[RowResult.IMPORT_TYPE_SKIP]} unchanged."
            )
        )


def read_rows(path: Path) -> tuple[tablib.Dataset, list[int]]:
    """The file's rows without blank ones, and the line (or sheet row) of each in the file."""
    xlsx = path.suffix.lower() == ".xlsx"
    try:
        problem = imports.file_problem(path.read_bytes(), xlsx)
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None
    if problem:
        raise CommandError(f"{path}: nothing imported. {problem}")
    header, numbered = read_xlsx(path) if xlsx else read_csv(path)
    dataset = tablib.Dataset(headers=header)
    width = len(header)
    for _line, cells in numbered:
        dataset.append((list(cells) + [None] * width)[:width])
    return dataset, [line for line, _cells in numbered]


def read_csv(path: Path) -> tuple[list, list]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        numbered, line = [], reader.line_num
        for cells in reader:
            # A quoted value may span lines: a record starts on the line after the previous one.
            if any(cell.strip() for cell in cells):
                numbered.append((line + 1, cells))
            line = reader.line_num
    return header, numbered


def read_xlsx(path: Path) -> tuple[list, list]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException):
        raise CommandError(f"{path}: nothing imported. {imports.NOT_XLSX}") from None
    rows = workbook.active.iter_rows(values_only=True)
    header = list(next(rows, ()))
    numbered = [
        (number, cells)
        for number, cells in enumerate(rows, start=2)
        if any(cell is not None and str(cell).strip() for cell in cells)
    ]
    workbook.close()
    return header, numbered


def describe_problems(result, lines: list[int]) -> list[str]:
    problems = [message for error in result.base_errors for message in messages_of(error.error)]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            where = f"line {lines[row.number - 1]}"
            if column != NON_FIELD_ERRORS:
                where += f", column {column}"
            problems.extend(f"{where}: {message}" for message in messages)
    for row in result.error_rows:
        for error in row.errors:
            problems.append(f"line {lines[row.number - 1]}: {error.error}")
    return problems


def messages_of(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
