"""Admin of signings, memoranda and commitments, and the commitment columns of reference data.

Every computed column comes from a QuerySet annotation (one subquery per figure), so that a
changelist runs the same number of queries whatever the number of rows.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from memoranda import (
    completeness,
    import_files,
    import_template,
    imports,
    release_admin,  # noqa: F401 - registers the releases
    review,
    withdrawals,
)
from memoranda.corrections import EDITED_FIELDS, correction_record_edit
from memoranda.dashboard import dashboard_totals
from memoranda.figures import commitment_figures_refresh
from memoranda.import_jobs import import_job_confirm, import_job_start
from memoranda.models import Commitment, CommitmentImport, Memorandum, Signing
from memoranda.querysets import annotate_operators, annotate_places
from memoranda.resources import CommitmentResource
from memoranda.source_admin import ClaimInline
from memoranda.uploads import UploadGone, import_upload_remove
from operators import admin as operators_admin
from operators.admin_history import HistoryAdmin, InlineChangesNeedReason
from operators.forms import ConstraintAwareModelForm, constraint_message
from operators.models import City, Declaration, Operator, Region, Segment
from operators.withdrawal_admin import WithdrawalAdmin

NOT_YET_ALLOCATED = _("not yet allocated")
# The file to fill in, offered on the import page: its content type and how it is built.
IMPORT_TEMPLATES = {
    "csv": ("text/csv; charset=utf-8", import_template.template_csv),
    "xlsx": (XLSX.CONTENT_TYPE, import_template.template_xlsx),
}


class CommittedJobsColumns:
    """Columns over the `commitments_count` and `jobs_committed` annotations."""

    @admin.display(description=_("commitments"), ordering="commitments_count")
    def commitments_count(self, obj):
        return obj.commitments_count

    @admin.display(description=_("jobs committed"), ordering="jobs_committed")
    def jobs_committed(self, obj):
        return getattr(obj, "jobs_committed", None)


# operators never imports memoranda, so the commitment columns of its models are added here.
class RegionAdmin(CommittedJobsColumns, operators_admin.RegionAdmin):
    list_display = [
        *operators_admin.RegionAdmin.list_display,
        "commitments_count",
        "jobs_committed",
    ]

    def get_queryset(self, request):
        # Commitments reach a region through their city.
        return annotate_places(super().get_queryset(request), "city__region")


class CityAdmin(CommittedJobsColumns, operators_admin.CityAdmin):
    list_display = [*operators_admin.CityAdmin.list_display, "commitments_count", "jobs_committed"]

    def get_queryset(self, request):
        return annotate_places(super().get_queryset(request), "city")


class SegmentAdmin(CommittedJobsColumns, operators_admin.SegmentAdmin):
    list_display = [
        *operators_admin.SegmentAdmin.list_display,
        "commitments_count",
        "jobs_committed",
    ]

    def get_queryset(self, request):
        return annotate_places(super().get_queryset(request), "segment")


class OperatorAdmin(WithdrawalAdmin, CommittedJobsColumns, operators_admin.OperatorAdmin):
    withdraw_service = withdrawals.operators_withdraw
    withdraw_keyword = "operators"
    withdraws_also = _(
        "Withdrawing an operator also withdraws its memoranda, their commitments and its sites, "
        "with the same date and reason."
    )
    inlines = [*operators_admin.OperatorAdmin.inlines, ClaimInline]
    list_display = [
        *operators_admin.OperatorAdmin.list_display,
        "memoranda_count",
        "jobs_committed",
    ]

    def get_queryset(self, request):
        # Subqueries, not joins: memoranda x commitments would multiply the counts.
        return annotate_operators(super().get_queryset(request))

    @admin.display(description=_("memoranda"), ordering="memoranda_count")
    def memoranda_count(self, operator):
        return operator.memoranda_count


for model, model_admin in [
    (Region, RegionAdmin),
    (City, CityAdmin),
    (Segment, SegmentAdmin),
    (Operator, OperatorAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)


class CorrectionsAdmin:
    """An official's change of a public figure (memoranda.corrections.EDITED_FIELDS), on the
    object or on an inline commitment, is published as a Correction with the form's reason for
    this change (operators.admin_history.HistoryAdmin asks for it), in the save's transaction."""

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if change:
            self.record_corrections(obj, before, form.changed_data, reason_of(form))

    def save_formset(self, request, form, formset, change):
        public = EDITED_FIELDS.get(formset.model)
        changed = [
            inline
            for inline in formset.forms
            if public
            and inline.instance.pk
            and inline.has_changed()
            and not formset._should_delete_form(inline)
        ]
        before = formset.model.objects.in_bulk([inline.instance.pk for inline in changed])
        super().save_formset(request, form, formset, change)
        for inline in changed:
            self.record_corrections(
                inline.instance, before[inline.instance.pk], inline.changed_data, reason_of(form)
            )

    def record_corrections(self, obj, before, changed_data, reason):
        for name in EDITED_FIELDS[type(obj)]:
            if name in changed_data:
                correction_record_edit(
                    obj=obj,
                    field=name,
                    before=getattr(before, name),
                    after=getattr(obj, name),
                    reason=reason,
                )


def reason_of(form) -> str:
    return form.cleaned_data.get("change_reason", "")


class SigningForm(ConstraintAwareModelForm):
    constraint_fields = {
        "signing_announced_jobs_positive": "announced_jobs",
        "signing_announced_budget_positive": "announced_budget_mad",
        "signing_kind_known": "kind",
    }


class MemorandumForm(ConstraintAwareModelForm):
    constraint_fields = {
        "memorandum_reference_format": "reference",
        "memorandum_horizon_not_before_signature": "horizon_year",
        "memorandum_status_known": "status",
        "memorandum_terminated_not_before_signature": "terminated_on",
        "memorandum_terminated_has_date": "terminated_on",
        "memorandum_reference_unique_ignoring_case": "reference",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Most memoranda have no follow-up: an empty box means none rather than an error.
        if "follow_up_quarters" in self.fields:
            self.fields["follow_up_quarters"].required = False

    def clean_follow_up_quarters(self):
        return self.cleaned_data.get("follow_up_quarters") or 0


NO_HORIZON_MESSAGE = _(
    "A commitment needs its memorandum's horizon: record the horizon year first (jobs are "
    "followed only against a horizon)."
)


class CommitmentForm(ConstraintAwareModelForm):
    constraint_fields = {
        "commitment_jobs_committed_positive": "jobs_committed",
        "commitment_baseline_not_negative": "baseline_headcount",
        "commitment_unique_per_memorandum_segment_city": "segment",
        "commitment_unique_unallocated_per_memorandum_segment": "segment",
    }

    def clean(self):
        cleaned = super().clean()
        memorandum = cleaned.get("memorandum")
        if memorandum is not None and memorandum.horizon_year is None:
            self.add_error("memorandum", NO_HORIZON_MESSAGE)
        return cleaned


class CommitmentInlineFormSet(InlineChangesNeedReason):
    """Rejects two lines of one memorandum for the same segment and city.

    A formset checks unique_together across its forms, but not conditional unique constraints,
    which both of Commitment's are: two new duplicate lines would otherwise reach the database.
    """

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or not data.get("segment"):
                continue
            if self.instance.horizon_year is None:
                form.add_error(None, NO_HORIZON_MESSAGE)
            key = (data["segment"], data.get("city"))
            if key in seen:
                form.add_error("segment", duplicate_message(data.get("city")))
            seen.add(key)


def duplicate_message(city):
    name = (
        "commitment_unique_per_memorandum_segment_city"
        if city
        else "commitment_unique_unallocated_per_memorandum_segment"
    )
    return constraint_message(Commitment, name)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    form = CommitmentForm
    formset = CommitmentInlineFormSet
    fields = ["segment", "city", "jobs_committed", "baseline_headcount"]
    autocomplete_fields = ["segment", "city"]
    extra = 1
    # Never deleted, even one typed by mistake: withdrawn from its own page.
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("segment", "city")

    def get_max_num(self, request, obj=None, **kwargs):
        return settings.MEMORANDUM_MAX_COMMITMENTS

    def get_formset(self, request, obj=None, **kwargs):
        # Never more forms built than a memorandum can hold, however many a post announces
        # (config.request_guard refuses such a post before this point).
        kwargs.setdefault("absolute_max", settings.MEMORANDUM_MAX_COMMITMENTS)
        kwargs.setdefault("validate_max", True)
        return super().get_formset(request, obj, **kwargs)


class MemorandumInline(admin.TabularInline):
    """The memoranda of a signing, read here and edited on their own page."""

    model = Memorandum
    fields = ["reference", "operator", "signed_on", "horizon_year", "status", "jobs_committed"]
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("operator").with_totals()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("jobs committed"))
    def jobs_committed(self, memorandum):
        return memorandum.jobs_committed


@admin.register(Signing)
class SigningAdmin(HistoryAdmin, WithdrawalAdmin, admin.ModelAdmin):
    withdraw_service = withdrawals.signings_withdraw
    withdraw_keyword = "signings"
    withdraws_also = _(
        "Withdrawing a signing also withdraws its memoranda and their commitments, with the "
        "same date and reason."
    )
    form = SigningForm
    inlines = [MemorandumInline, ClaimInline]
    list_display = [
        "title",
        "signed_on",
        "city",
        "memoranda_count",
        "announced_jobs",
        "jobs_committed",
        "announced_budget_mad",
    ]
    list_filter = ["kind", "city__region", "city"]
    list_select_related = ["city"]
    search_fields = ["title", "place", "presided_by"]
    autocomplete_fields = ["city"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["memoranda_count", "jobs_committed"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "kind", "signed_on", "place", "city", "presided_by"]},
        ),
        (
            _("In Arabic and English"),
            {
                "fields": [
                    ("title_ar", "title_en"),
                    ("place_ar", "place_en"),
                    ("presided_by_ar", "presided_by_en"),
                    ("notes_ar", "notes_en"),
                ],
                "classes": ["collapse"],
                "description": _(
                    "Shown to Arabic and English readers; where empty, the French text is shown."
                ),
            },
        ),
        (
            _("Announced and recorded figures"),
            {
                "fields": [
                    ("announced_jobs", "jobs_committed"),
                    "memoranda_count",
                    "announced_budget_mad",
                ],
            },
        ),
        (
            _("Source"),
            {
                "fields": [
                    "source_title",
                    "source_publisher",
                    "source_published_on",
                    "source_url",
                    "notes",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        # Recorded figures beside the announced ones, as subqueries.
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("memoranda recorded"), ordering="memoranda_count")
    def memoranda_count(self, signing):
        return getattr(signing, "memoranda_count", None)

    @admin.display(description=_("jobs committed in its memoranda"), ordering="jobs_committed")
    def jobs_committed(self, signing):
        return getattr(signing, "jobs_committed", None)


@admin.register(Memorandum)
class MemorandumAdmin(
    HistoryAdmin, CorrectionsAdmin, WithdrawalAdmin, CommittedJobsColumns, admin.ModelAdmin
):
    withdraw_service = withdrawals.memoranda_withdraw
    withdraw_keyword = "memoranda"
    withdraws_also = _(
        "Withdrawing a memorandum also withdraws its commitments, with the same date and reason."
    )
    form = MemorandumForm
    inlines = [CommitmentInline, ClaimInline]
    list_display = [
        "reference",
        "operator",
        "signing",
        "signed_on",
        "horizon_year",
        "status",
        "commitments_count",
        "jobs_committed",
    ]
    # Lookups across commitments could repeat a memorandum; the changelist filters them through
    # EXISTS, so each memorandum shows once (tested). No operator filter: a list of thousands of
    # operators would weigh on every page; the search box finds an operator by name.
    list_filter = [
        "status",
        "signing",
        "commitments__city",
        "commitments__city__region",
        "commitments__segment",
    ]
    list_select_related = ["operator", "signing"]
    # One COUNT of the filtered rows per page, not a second one of every memorandum.
    show_full_result_count = False
    search_fields = ["reference", "operator__name"]
    autocomplete_fields = ["operator", "signing"]

    def get_queryset(self, request):
        # Totals as subqueries: a join on commitments would repeat each memorandum.
        return super().get_queryset(request).with_totals()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the commitments are saved: the dates, the horizon and every line count.
        moved_from = form.initial.get("operator") if change else None
        commitment_figures_refresh({form.instance.operator_id, moved_from} - {None})


class AllocationListFilter(admin.RelatedFieldListFilter):
    """The city filter, with commitments without a city offered as not yet allocated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = NOT_YET_ALLOCATED


class CompletenessListFilter(admin.SimpleListFilter):
    """The officials' to-do: the commitments each step of the public data-completeness funnel
    (memoranda.completeness) leaves out."""

    title = _("data to complete")
    parameter_name = "to_complete"

    def lookups(self, request, model_admin):
        return [
            ("city", _("not allocated to a city")),
            ("baseline", _("allocated, baseline not recorded")),
            ("figure", _("allocated with a baseline, no current figure")),
        ]

    def queryset(self, request, queryset):
        steps = {
            "city": ~completeness.ALLOCATED,
            "baseline": completeness.ALLOCATED & ~completeness.WITH_BASELINE,
            "figure": completeness.WITH_BASELINE & ~completeness.measured(),
        }
        if self.value() in steps:
            return queryset.filter(steps[self.value()])
        return queryset


class SpreadsheetCSV(CSV):
    """CSV read as memoranda.import_files reads it (encodings, separators, line numbers): the
    upload reaches it as bytes."""

    def create_dataset(self, in_stream, **kwargs):
        return import_files.read_table(bytes(in_stream), xlsx=False)

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True


class SpreadsheetXLSX(XLSX):
    def create_dataset(self, in_stream):
        return import_files.read_table(bytes(in_stream), xlsx=True)


class CommitmentImportForm(ImportForm):
    """The admin's import form, checking the file as a whole as import_commitments does."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].error_messages["empty"] = imports.EMPTY_FILE
        # The file as read and its number of rows, once clean() could read it as a table.
        self.data_read, self.rows = b"", None

    def xlsx_chosen(self) -> bool:
        chosen = (getattr(self, "cleaned_data", None) or {}).get("format")
        return chosen not in (None, "") and issubclass(self.formats[int(chosen)], XLSX)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and cleaned.get("format") not in (None, ""):
            try:
                self.data_read = b"".join(upload.chunks())
                self.rows = len(import_files.read_table(self.data_read, xlsx=self.xlsx_chosen()))
            except import_files.FileProblem as problem:
                self.add_error("import_file", str(problem))
            upload.seek(0)
        return cleaned


class CommitmentConfirmImportForm(ConfirmImportForm):
    """The confirmation of a previewed import names one of the import formats, or it is refused
    as a form error (a forged post was a server error)."""

    def clean_format(self):
        chosen = self.cleaned_data["format"]
        if chosen not in {str(index) for index in range(len(CommitmentAdmin.import_formats))}:
            raise ValidationError(_("Unknown file format."))
        return chosen


@admin.register(Commitment)
class CommitmentAdmin(
    HistoryAdmin, CorrectionsAdmin, WithdrawalAdmin, ImportExportMixin, admin.ModelAdmin
):
    withdraw_service = withdrawals.commitments_withdraw
    withdraw_keyword = "commitments"
    form = CommitmentForm
    inlines = [ClaimInline]
    resource_classes = [CommitmentResource]
    import_formats = [SpreadsheetCSV, SpreadsheetXLSX]
    export_formats = [CSV, XLSX]
    import_form_class = CommitmentImportForm
    confirm_form_class = CommitmentConfirmImportForm
    change_list_template = "admin/memoranda/commitment/change_list.html"
    export_template_name = "admin/memoranda/commitment/export.html"
    import_template_name = "admin/memoranda/commitment/import.html"
    list_display = [
        "memorandum",
        "operator",
        "segment",
        "allocated_city",
        "jobs_committed",
        "baseline",
        "jobs_created",
        "status",
    ]
    list_filter = [
        CompletenessListFilter,
        ("city", AllocationListFilter),
        "city__region",
        "segment",
        "memorandum__signing",
        "memorandum__status",
    ]
    list_select_related = ["memorandum__operator", "segment", "city"]
    # One COUNT of the filtered rows per page, not a second one of every commitment.
    show_full_result_count = False
    search_fields = ["memorandum__reference", "memorandum__operator__name"]
    autocomplete_fields = ["memorandum", "segment", "city"]

    def get_queryset(self, request):
        # The figures the public sees, from validated declarations, beside the recorded ones.
        return super().get_queryset(request).with_progress()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A commitment moved to another operator's memorandum leaves that operator's figures.
        moved_from = form.initial.get("memorandum") if change else None
        operators = Memorandum.objects.filter(pk__in={obj.memorandum_id, moved_from} - {None})
        commitment_figures_refresh(operators.values_list("operator", flat=True))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if "cl" in context:
            # Totals of every filtered row, not only the page shown; of every commitment, from
            # the stored dashboard sums (withdrawn ones count in neither).
            rows = context["cl"].queryset
            context["totals"] = rows.totals() if rows.query.has_filters() else dashboard_totals()
        return response

    @admin.display(description=_("operator"), ordering="memorandum__operator__name")
    def operator(self, commitment):
        return commitment.memorandum.operator

    @admin.display(description=_("city"), ordering="city__name", empty_value=NOT_YET_ALLOCATED)
    def allocated_city(self, commitment):
        return commitment.city

    @admin.display(
        description=_("baseline headcount"), ordering="baseline_headcount", empty_value=_("unknown")
    )
    def baseline(self, commitment):
        return commitment.baseline_headcount

    @admin.display(description=_("jobs created"), ordering="jobs_created", empty_value=_("unknown"))
    def jobs_created(self, commitment):
        return commitment.jobs_created

    @admin.display(description=_("status"), ordering="status")
    def status(self, commitment):
        return Commitment.Status(commitment.status).label

    def has_import_permission(self, request):
        # An import records memoranda and operators as well as commitments.
        return request.user.has_perms(
            [
                "memoranda.add_commitment",
                "memoranda.change_commitment",
                "memoranda.add_memorandum",
                "operators.add_operator",
            ]
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        # Before the default URLs, whose <path:object_id>/ would swallow these.
        return (
            [
                path(
                    f"import/template.{extension}",
                    self.admin_site.admin_view(self.import_template_view),
                    {"extension": extension},
                    name=f"memoranda_commitment_import_template_{extension}",
                )
                for extension in IMPORT_TEMPLATES
            ]
            + [
                path(
                    "import/<int:job_id>/",
                    self.admin_site.admin_view(self.import_job_view),
                    name="memoranda_commitment_import_job",
                ),
            ]
            + super().get_urls()
        )

    def import_job_view(self, request, job_id):
        """An import run by the task worker, for the official who started it only: its
        progress, then what it would do (with the confirmation) or did, or its problems."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(CommitmentImport.objects.started_by(request.user), pk=job_id)
        if request.method == "POST":
            if not import_job_confirm(job=job, official=request.user):
                messages.error(request, _("This import is not waiting for confirmation."))
            return HttpResponseRedirect(job.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "job": job,
            "refresh_seconds": settings.IMPORT_REFRESH_SECONDS,
        }
        return TemplateResponse(request, "admin/memoranda/commitment/import_job.html", context)

    def import_template_view(self, request, extension):
        if not self.has_import_permission(request):
            raise PermissionDenied
        content_type, build = IMPORT_TEMPLATES[extension]
        response = HttpResponse(build(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="commitments.{extension}"'
        return response

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import runs the checks again; any failure then undoes the whole file.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            # A file too large to check and import within a request goes to the task worker.
            if (
                form.is_valid()
                and form.rows is not None
                and form.rows > settings.IMPORT_INLINE_ROWS
            ):
                job = import_job_start(
                    official=request.user,
                    file_name=form.cleaned_data["import_file"].name,
                    data=form.data_read,
                    xlsx=form.xlsx_chosen(),
                    rows=form.rows,
                )
                return HttpResponseRedirect(job.get_absolute_url())
        response = super().import_action(request, **kwargs)
        # A preview that offers no confirmation (bad rows, unreadable file) ends the import: its
        # upload is removed at once.
        context = getattr(response, "context_data", None) or {}
        # The uploaded file object, which the mixin names after its upload (and which leaves the
        # form's cleaned data when the file cannot be read).
        files = getattr(context.get("form"), "files", None) or {}
        upload = getattr(files.get("import_file"), "tmp_storage_name", None)
        if upload and not context.get("confirm_form"):
            import_upload_remove(name=upload)
        if "form" in context:
            # The official's imports run by the worker, to find their pages again.
            context["commitment_imports"] = CommitmentImport.objects.started_by(request.user)[:10]
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", imports.read_failure_message(e, form.xlsx_chosen()))

    def process_import(self, request, **kwargs):
        # The confirmation ends the import whatever happens: its upload goes even when the
        # import fails with an error.
        upload = request.POST.get("import_file_name", "")
        try:
            return super().process_import(request, **kwargs)
        except (UploadGone, OSError):
            # A confirmation naming a file the preview did not store (or no longer holds, or a
            # name no file can have): raised on reading it, before anything is written.
            messages.error(
                request,
                _("Nothing was imported: the uploaded file is no longer kept; upload it again."),
            )
            return HttpResponseRedirect(reverse("admin:memoranda_commitment_import"))
        finally:
            if upload and self.has_import_permission(request):
                import_upload_remove(name=upload)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _("Nothing was imported: the file no longer passes the checks. Upload it again."),
            )
            return HttpResponseRedirect(reverse("admin:memoranda_commitment_import"))
        return super().process_result(result, request)


class DeclarationAdmin(operators_admin.DeclarationAdmin):
    """The review page of a declaration, with the commitments its site's figures feed (the
    operators app, which never imports memoranda, leaves them out)."""

    figures_fed_template = "admin/memoranda/declaration_commitments.html"

    def figures_fed(self, declaration):
        return review.fed_commitments(declaration)


admin.site.unregister(Declaration)
admin.site.register(Declaration, DeclarationAdmin)
