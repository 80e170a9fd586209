"""The commitments file, for the admin's import and export and for import_commitments.

The rules live in memoranda.imports; this resource feeds rows through them and maps each to the
commitment it names: (memorandum, segment, city or not yet allocated).
"""

from functools import partial
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from memoranda import imports
from memoranda.bulk_load import analyze
from memoranda.corrections import correction_record_edit
from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, CommitmentFigures, CommitmentMeasurement, Memorandum
from operators import history
from operators.cells import safe_text
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


class CommitmentResource(resources.ModelResource):
    memorandum_reference = fields.Field(
        attribute="memorandum__reference", column_name="memorandum_reference"
    )
    signed_on = fields.Field(
        attribute="memorandum__signed_on",
        column_name="signed_on",
        widget=widgets.DateWidget(format="%Y-%m-%d"),
    )
    operator = fields.Field(attribute="memorandum__operator__name", column_name="operator")
    city = fields.Field(attribute="city__name", column_name="city")
    segment = fields.Field(attribute="segment__code", column_name="segment")
    jobs_committed = fields.Field(
        attribute="jobs_committed", column_name="jobs_committed", widget=widgets.IntegerWidget()
    )
    horizon_year = fields.Field(
        attribute="memorandum__horizon_year",
        column_name="horizon_year",
        widget=widgets.IntegerWidget(),
    )
    baseline = fields.Field(
        attribute="baseline_headcount", column_name="baseline", widget=widgets.IntegerWidget()
    )

    class Meta:
        model = Commitment
        fields = imports.REQUIRED_COLUMNS + imports.OPTIONAL_COLUMNS
        skip_unchanged = True
        report_skipped = True
        # New and changed commitments are written a batch at a time, their history records
        # too (operators.history.bulk_saved): a fixed number of queries per batch, not per row.
        use_bulk = True
        batch_size = 500
        # All or nothing, whatever the project settings say.
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.created = imports.Creations(memoranda=[], operators=[])
        self.reader = None
        self.index = None
        self.read_lines = {}
        self.line = None
        self.memorandum = None
        self.seen = set()
        self.operators = set()
        self.reason = ""
        self.published = {}

    def export_field(self, field, instance, **kwargs):
        # A text a spreadsheet would run as a formula is written as text (operators.cells).
        return safe_text(super().export_field(field, instance, **kwargs))

    def import_data(self, dataset, *args, file_name=None, user=None, **kwargs):
        """Import `dataset`; every memorandum, operator and commitment it creates or changes
        keeps "import of <file_name>" and `user` (the official, or none: the system) in its
        history. The result also holds `problems`, `created` and `close_names`
        (memoranda.imports.Problem, Creations, operators.names.CloseName)."""
        dataset.headers = imports.normalized_headers(dataset.headers or [])
        lines = getattr(dataset, "lines", None) or [number + 1 for number in range(len(dataset))]
        missing = imports.missing_columns(dataset.headers)
        if missing:
            result = self.header_error(dataset, missing)
        else:
            self.reason = f"import of {PurePath(file_name or '').name or 'a file'}"
            with history.recorded(reason=self.reason, user=user):
                result = super().import_data(
                    dataset, *args, file_name=file_name, user=user, **kwargs
                )
        result.problems = imports.problems_of(result, lines)
        result.created = self.created
        result.close_names = close_operator_names(
            [operator.name for operator in self.created.operators]
        )
        return result

    def header_error(self, dataset, missing):
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        message = _("Missing column(s) in the header: %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        result.append_base_error(self.get_error_result_class()(ValidationError(message)))
        return result

    def before_import(self, dataset, **kwargs):
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

    def import_row(self, row, instance_loader, **kwargs):
        # Spreadsheets keep empty rows below the data; they are not commitments.
        if all(imports.is_blank(value) for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, row_number=None, **kwargs):
        self.line = self.read_lines.get(row_number) or self.reader.read(row)
        if self.line.identity in self.seen:
            raise ValidationError(
                {
                    "segment": _(
                        "An earlier row already gives this memorandum's commitment for this "
                        "segment and city."
                    )
                }
            )
        self.seen.add(self.line.identity)
        self.memorandum = imports.memorandum_for(self.line, self.created, self.index)
        self.operators.add(self.memorandum.operator_id)

    def after_import(self, dataset, result, **kwargs):
        # Inside the import's transaction: a dry run or a failed file undoes this with the rest.
        commitment_figures_refresh(self.operators)
        if len(dataset) >= BULK_IMPORT_ROWS:
            # Once committed: a dry run or a failed file is rolled back and analyses nothing.
            transaction.on_commit(partial(analyze, IMPORTED_TABLES))
        super().after_import(dataset, result, **kwargs)

    def get_instance(self, instance_loader, row):
        # Read with the file's other commitments before its first row (imports.RecordedIndex).
        return self.index.commitment(self.memorandum, self.line)

    def init_instance(self, row=None):
        return Commitment(
            memorandum=self.memorandum, segment=self.line.segment, city=self.line.city
        )

    def import_instance(self, instance, row, **kwargs):
        # What the commitment showed in public before the file: a change is a correction.
        self.published = (
            {name: getattr(instance, name) for name in CORRECTED} if instance.pk else {}
        )
        instance.jobs_committed = self.line.jobs_committed
        # Without a baseline column, a recorded baseline is kept, not erased.
        if "baseline" in row:
            instance.baseline_headcount = self.line.baseline

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        # Published as corrections, with the file as the reason (memoranda.corrections).
        for name, before in self.published.items():
            correction_record_edit(
                obj=instance,
                field=name,
                before=before,
                after=getattr(instance, name),
                reason=self.reason,
            )

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.bulk_save(self.create_instances, (), batch_size, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.bulk_save(self.update_instances, CORRECTED, batch_size, raise_errors, result)

    def bulk_save(self, instances, update_fields, batch_size, raise_errors, result):
        # Always in the import's transaction (Meta.use_transactions): a dry run rolls it back.
        try:
            history.bulk_saved(instances, update_fields=update_fields, batch_size=batch_size)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        return (instance.jobs_committed, instance.baseline_headcount) == (
            original.jobs_committed,
            original.baseline_headcount,
        )
