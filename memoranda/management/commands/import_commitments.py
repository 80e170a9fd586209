from pathlib import Path

from django.core.management.base import CommandError

from memoranda.commitment_import import commitments_import
from memoranda.import_files import FileProblem, read_table
from operators.history import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Import commitments from a CSV file (UTF-8 or Windows-1252; commas, semicolons or tabs) "
        "or an XLSX workbook, with the admin's rules. All or nothing: any bad row is reported "
        "with its line and column, and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV or XLSX file, header on line 1.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but save nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        dataset = read_rows(file)
        result = commitments_import(dataset, dry_run=dry_run, file_name=file.name)
        if result.problems:
            raise CommandError(
                f"{file}: nothing imported, {len(result.problems)} problem(s):\n"
                + "\n".join(str(problem) for problem in result.problems)
            )
        self.report(result, dry_run)

    def report(self, result, dry_run):
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        for memorandum in result.created.memoranda:
            self.stdout.write(f"New memorandum: {memorandum.reference}")
        for operator in result.created.operators:
            self.stdout.write(f"New operator: {operator.name} ({operator.slug})")
        for pair in result.close_names:
            self.stdout.write(
                self.style.WARNING(
                    f"Warning: new operator “{pair.new}” is close to “{pair.recorded}”: "
                    "check that they are not the same company."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Commitments: {result.new} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )


def read_rows(path: Path):
    """The file's rows (memoranda.import_files), or the reason it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        return read_table(data, xlsx=path.suffix.lower() == ".xlsx")
    except FileProblem as problem:
        raise CommandError(f"{path}: nothing imported. {problem}") from None
