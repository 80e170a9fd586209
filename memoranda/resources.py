"""The commitments file, for the admin's import (its preview and confirmation) and export.

The rules live in memoranda.imports and the steps of a row in memoranda.commitment_import
(FileRows), which import_commitments runs without django-import-export's row machinery; this
resource feeds rows through the same steps and maps each to the commitment it names:
(memorandum, segment, city or not yet allocated).
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.results import RowResult

from memoranda import commitment_import, imports
from memoranda.models import Commitment
from operators import history
from operators.cells import safe_text
from operators.names import close_operator_names


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
        batch_size = commitment_import.BATCH
        # All or nothing, whatever the project settings say.
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows = None
        self.reason = ""
        self.line = None
        self.memorandum = None
        self.published = {}

    @property
    def created(self) -> imports.Creations:
        return self.rows.created if self.rows else imports.Creations(memoranda=[], operators=[])

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
            self.reason = commitment_import.import_reason(file_name)
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
        message = commitment_import.missing_columns_message(missing)
        result.append_base_error(self.get_error_result_class()(ValidationError(message)))
        return result

    def before_import(self, dataset, **kwargs):
        self.rows = commitment_import.FileRows(dataset, self.reason)

    def import_row(self, row, instance_loader, **kwargs):
        # Spreadsheets keep empty rows below the data; they are not commitments.
        if all(imports.is_blank(value) for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, row_number=None, **kwargs):
        self.line, self.memorandum = self.rows.line(row_number, row)

    def after_import(self, dataset, result, **kwargs):
        if self.rows:  # None when the file failed before its rows
            self.rows.finish()
        super().after_import(dataset, result, **kwargs)

    def get_instance(self, instance_loader, row):
        # Read with the file's other commitments before its first row (imports.RecordedIndex).
        return self.rows.index.commitment(self.memorandum, self.line)

    def init_instance(self, row=None):
        return self.rows.commitment(self.line, self.memorandum)

    def import_instance(self, instance, row, **kwargs):
        self.published = self.rows.apply(instance, self.line, row)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.rows.record_corrections(instance, self.published)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.bulk_save(self.create_instances, (), batch_size, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.bulk_save(
            self.update_instances, commitment_import.CORRECTED, batch_size, raise_errors, result
        )

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
