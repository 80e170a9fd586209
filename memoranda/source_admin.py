"""Admin of sources, their claims and programmes, and the claims inline that the admins of
signings, memoranda, commitments, operators and programmes show.

An official records what each source says about a figure, and ticks the claim the portal
records, with the reason. The database refuses what cannot be (memoranda.models.sources); the
forms show each refusal on its field, and refuse a recorded claim that states another number
than the one the portal records (memoranda.claims.recorded_value_mismatch).
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.models import InlineForeignKeyField
from django.utils.translation import gettext_lazy as _

from memoranda.claims import recorded_value_mismatch, sources_disagree
from memoranda.models import SUBJECTS, Claim, Programme, Source
from memoranda.querysets import subquery_total
from operators.admin_history import HistoryAdmin, InlineChangesNeedReason
from operators.forms import ConstraintAwareModelForm, constraint_message

DISAGREE_PARAMETER = "disagree"


class SourceForm(ConstraintAwareModelForm):
    constraint_fields = {
        "source_kind_known": "kind",
        "source_dating_known": "dating",
        "source_precision_known": "precision",
        "source_language_known": "language",
        "source_address_http": "url",
        "source_date_not_in_future": "published_on",
    }


@admin.register(Source)
class SourceAdmin(HistoryAdmin, admin.ModelAdmin):
    form = SourceForm
    list_display = [
        "slug",
        "publisher",
        "title",
        "published_on",
        "kind",
        "language",
        "claims_count",
    ]
    list_filter = ["kind", "language", "dating"]
    search_fields = ["publisher", "title", "url", "slug"]
    prepopulated_fields = {"slug": ["publisher", "published_on"]}
    fieldsets = [
        (None, {"fields": ["slug", "publisher", "title", "url", "kind", "language"]}),
        (_("Date"), {"fields": ["published_on", "dating", "precision"]}),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        # The number of claims as a subquery: each source once, whatever its claims.
        claims = subquery_total(Claim.objects.all(), "source", Count("pk"))
        return super().get_queryset(request).annotate(claims_count=claims)

    @admin.display(description=_("claims"), ordering="claims_count")
    def claims_count(self, source):
        return source.claims_count


class ClaimForm(ConstraintAwareModelForm):
    """A claim, each refusal of the database on the field at fault, and a recorded claim
    refused when its number is not the value the portal records for its figure."""

    constraint_fields = {
        "claim_field_known": "field",
        "claim_number_with_its_qualifier": "qualifier",
        "claim_number_not_negative": "number",
        "claim_recorded_has_reason": "recorded_reason",
        **{f"claim_one_recorded_per_{subject}_figure": "recorded" for subject in SUBJECTS},
    }

    class Meta:
        widgets = {
            "paraphrase": forms.Textarea(attrs={"rows": 3}),
            "recorded_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self):
        # After the instance is built from the form and the constraints checked.
        super()._post_clean()
        problem = recorded_value_mismatch(self.instance)
        if problem:
            self.add_error("number", problem)


class ClaimInlineForm(ClaimForm):
    def _get_validation_exclusions(self):
        # The parent of an inline row is set by the formset, and is not yet saved on an add
        # page: the constraints on the subject (exactly one, one recorded claim per figure)
        # are the formset's to check (ClaimInlineFormSet), not each row's against an empty id.
        exclude = super()._get_validation_exclusions()
        exclude.update(
            name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)
        )
        return exclude


class ClaimInlineFormSet(InlineChangesNeedReason):
    """The claims of one subject. Refuses two recorded claims for one figure among its rows, or
    one beside a recorded claim the page does not show: a unique constraint with a condition
    is checked neither across a formset's rows nor, for a new parent, against the database.

    A post without this formset's management form (a change page opened before the claims were
    shown on it) changes no claim, instead of refusing the whole page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        total = f"{self.prefix}-{TOTAL_FORM_COUNT}"
        if self.is_bound and total not in self.data:
            self.data = self.data.copy()
            self.data.update({total: "0", f"{self.prefix}-{INITIAL_FORM_COUNT}": "0"})

    def clean(self):
        super().clean()
        subject = self.fk.name
        message = constraint_message(Claim, f"claim_one_recorded_per_{subject}_figure")
        taken = set()
        if self.instance.pk:
            shown = [form.instance.pk for form in self.initial_forms]
            recorded = Claim.objects.filter(**{subject: self.instance}, recorded=True)
            taken = set(recorded.exclude(pk__in=shown).values_list("field", flat=True))
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("recorded") or not data.get("field"):
                continue
            if data["field"] in taken:
                form.add_error("recorded", message)
            taken.add(data["field"])


class ClaimInline(admin.TabularInline):
    """What the sources say about the object, each claim's wording in the paraphrase on the
    claim's own page. Never deleted: what has been public stays visible."""

    model = Claim
    form = ClaimInlineForm
    formset = ClaimInlineFormSet
    fields = ["source", "field", "value", "number", "qualifier", "recorded", "recorded_reason"]
    autocomplete_fields = ["source"]
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class SourcesDisagreeFilter(admin.SimpleListFilter):
    """The figures whose sources disagree: claims that another claim about the same figure
    contradicts (memoranda.claims.sources_disagree)."""

    title = _("sources disagree")
    parameter_name = DISAGREE_PARAMETER

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(sources_disagree())
            case "no":
                return queryset.filter(~sources_disagree())
        return queryset


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin, admin.ModelAdmin):
    form = ClaimForm
    change_list_template = "admin/memoranda/claim/change_list.html"
    list_display = [
        "field",
        "subject",
        "value",
        "number",
        "qualifier",
        "source",
        "recorded",
        "disagreed",
    ]
    list_filter = [SourcesDisagreeFilter, "field", "qualifier", "recorded", "source__kind"]
    list_select_related = [
        "source",
        "signing",
        "memorandum",
        "commitment__memorandum",
        "commitment__segment",
        "commitment__city",
        "operator",
        "programme",
    ]
    # One COUNT of the filtered claims per page, not a second one of every claim.
    show_full_result_count = False
    search_fields = ["value", "paraphrase", "source__publisher", "source__title", "source__slug"]
    autocomplete_fields = ["source", *SUBJECTS]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "source",
                    "field",
                    "value",
                    ("number", "qualifier"),
                    "paraphrase",
                    ("paraphrase_ar", "paraphrase_en"),
                ]
            },
        ),
        (
            _("Subject of the claim"),
            {
                "fields": [*SUBJECTS],
                "description": _(
                    "One of them: a signing, a memorandum, a commitment, an operator or a "
                    "programme."
                ),
            },
        ),
        (
            _("Recorded value"),
            {
                "fields": [
                    "recorded",
                    "recorded_reason",
                    ("recorded_reason_ar", "recorded_reason_en"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        # Whether another claim about the figure disagrees, as one EXISTS per row.
        return super().get_queryset(request).annotate(disagreed=sources_disagree())

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "disagree_parameter": DISAGREE_PARAMETER}
        if request.GET.get(DISAGREE_PARAMETER) == "yes":
            extra_context["title"] = _("Figures whose sources disagree")
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("subject"))
    def subject(self, claim):
        return claim.subject

    @admin.display(description=_("sources disagree"), boolean=True, ordering="disagreed")
    def disagreed(self, claim):
        return claim.disagreed


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin, admin.ModelAdmin):
    inlines = [ClaimInline]
    list_display = ["title", "slug", "signings_count", "claims_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["signings"]
    fields = [
        "title",
        ("title_ar", "title_en"),
        "slug",
        "description",
        ("description_ar", "description_en"),
        "signings",
    ]

    def get_queryset(self, request):
        # Subqueries, not joins: signings x claims would multiply both counts.
        signings = subquery_total(
            Programme.signings.through.objects.all(), "programme", Count("pk")
        )
        claims = subquery_total(Claim.objects.all(), "programme", Count("pk"))
        return super().get_queryset(request).annotate(signings_count=signings, claims_count=claims)

    @admin.display(description=_("signings"), ordering="signings_count")
    def signings_count(self, programme):
        return programme.signings_count

    @admin.display(description=_("claims"), ordering="claims_count")
    def claims_count(self, programme):
        return programme.claims_count
