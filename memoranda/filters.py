"""The filters of the public commitment list, shared by the page and its exports."""

import unicodedata

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from memoranda.models import Commitment, Correction, Memorandum, Signing
from memoranda.querysets import current_figure, latest_due_index, status_is
from operators.models import City, Operator, Region, Segment

# No real city slug, reference or search is this long; longer values are refused before they
# reach the database.
MAX_PARAMETER_LENGTH = 200

UNALLOCATED = "unallocated"

# Tie-breakers after the requested ordering, so that pages never overlap or skip rows.
STABLE_ORDERING = ("memorandum__reference", "segment__code", "city__name", "pk")


def has_control_character(value: str) -> bool:
    return any(unicodedata.category(character) == "Cc" for character in value)


def screen_parameters(data, names) -> tuple[dict, dict]:
    """The query parameters without those that no filter may read, and why each was dropped.

    A NUL byte is a server error on PostgreSQL rather than a no-match, so control characters
    are refused here, before any field looks the value up.
    """
    kept, refused = data.copy(), {}
    for name in names:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        for value in (v for v in values if isinstance(v, str)):
            if has_control_character(value):
                refused[name] = _("Control characters are not allowed in this parameter.")
            elif len(value) > MAX_PARAMETER_LENGTH:
                refused[name] = _(
                    "This value is too long: at most %(max)d characters are allowed."
                ) % {"max": MAX_PARAMETER_LENGTH}
        if name in refused:
            kept.pop(name, None)
    return kept, refused


class NamesInput(forms.TextInput):
    """A text box with the names of its field's choices as a <datalist>: the browser suggests
    them as the visitor types, and the box still takes any text, without JavaScript. Beyond
    `listed` choices the page does not carry them all: the datalist starts empty and the
    box's script fills it from `suggest_url` (see memoranda.suggestions)."""

    listed = 200

    class Media:
        js = ["js/suggest.js"]

    def __init__(self, attrs=None, suggest_url=""):
        super().__init__(attrs)
        self.suggest_url = suggest_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or name}_names"
        attrs["list"] = list_id
        # One query, whatever the number of choices: at most `listed` and one more.
        field = self.choices.field
        choices = [field.label_from_instance(c) for c in field.queryset[: self.listed + 1]]
        if len(choices) > self.listed:
            attrs["data-suggest"] = str(self.suggest_url)
            choices = []
        box = super().render(name, value, attrs, renderer)
        names = format_html_join("", '<option value="{}"></option>', ((c,) for c in choices))
        return box + format_html('<datalist id="{}">{}</datalist>', list_id, names)


class OperatorChoiceField(django_filters.fields.ModelChoiceField):
    """An operator by its slug (the public contract) or by its exact name in any case, as a
    visitor types it, in one query. Names are unique ignoring case (a constraint of Operator),
    so a name finds one operator at most; a slug wins over another operator's name."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        matches = self.queryset.filter(Q(slug=value) | Q(name__iexact=value))
        matches = sorted(matches, key=lambda operator: operator.slug != value)
        if not matches:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return matches[0]


class OperatorFilter(django_filters.ModelChoiceFilter):
    field_class = OperatorChoiceField


class CommitmentFilterForm(forms.Form):
    """Screens the raw parameters, then lets each field validate what is left."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The drop-downs name places in the visitor's language; the parameters stay slugs.
        for name in ("city", "region"):
            self.fields[name].label_from_instance = lambda place: place.local_name

    def full_clean(self):
        refused = {}
        if self.is_bound:
            self.data, refused = screen_parameters(self.data, self.fields)
            if self.data.get("segment"):
                # Segment codes are stored upper case; "bpo" means BPO.
                self.data["segment"] = self.data["segment"].upper()
        super().full_clean()
        for name, message in refused.items():
            self.add_error(name, message)


class CommitmentOrderingFilter(django_filters.OrderingFilter):
    """Unknown figures sort last in both directions, the same on SQLite and PostgreSQL."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.ordering_expression(param) for param in value if param]
        return qs.order_by(*ordering, *STABLE_ORDERING)

    def ordering_expression(self, param: str):
        name = self.get_ordering_value(param)
        if name.startswith("-"):
            return F(name[1:]).desc(nulls_last=True)
        return F(name).asc(nulls_last=True)

    def build_choices(self, fields, labels):
        # django-filter formats the descending labels when the filter is declared, which
        # freezes them in the language active at import; these stay lazy, shown per request.
        choices = []
        for field, param in fields.items():
            label = labels.get(field, param)
            descending = format_lazy(_("{label} (descending)"), label=label)
            choices += [(param, label), (f"-{param}", descending)]
        return choices


# Ordering parameter -> what it sorts on, in the order of the list's columns.
ORDERING_FIELDS = {
    "memorandum": "memorandum__reference",
    "signed_on": "memorandum__signed_on",
    "operator": "memorandum__operator__name",
    "city": "city__name",
    "region": "city__region__name",
    "segment": "segment__code",
    "jobs_committed": "jobs_committed",
    "jobs_created": "jobs_created",
    "progress_percent": "progress_percent",
    "status": "status",
}

ORDERING_LABELS = {
    "memorandum": _("Memorandum"),
    "signed_on": _("Signed on"),
    "operator": _("Operator"),
    "city": _("City"),
    "region": _("Region"),
    "segment": _("Segment"),
    "jobs_committed": _("Jobs committed"),
    "jobs_created": _("Jobs created"),
    "progress_percent": _("Progress"),
    "status": _("Status"),
}


YES_NO = (("yes", _("yes")), ("no", _("no")))
BASELINE_CHOICES = (("recorded", _("recorded")), ("unknown", _("unknown")))
FIGURE_CHOICES = (
    ("current", _("known and not out of date")),
    ("not_current", _("unknown or out of date")),
)
WITHDRAWN_CHOICES = (("include", _("listed too")), ("only", _("only them")))


class CommitmentFilter(django_filters.FilterSet):
    """Filters of /commitments/ and its exports: the parameters of the public contract."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_PARAMETER_LENGTH,
        help_text=_("Memorandum reference, operator, city or segment."),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.only("pk", "slug", "name", "name_ar", "name_en"),
        to_field_name="slug",
        empty_label=_("All cities"),
        null_label=_("Not yet allocated"),
        null_value=UNALLOCATED,
        error_messages={
            "invalid_choice": _(
                "No city has the slug “%(value)s”; use a city slug such as fes, or unallocated."
            )
        },
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="city__region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("No region has the slug “%(value)s”.")},
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"),
        queryset=Segment.objects.only("pk", "code"),
        to_field_name="code",
        empty_label=_("All segments"),
        error_messages={"invalid_choice": _("No segment has the code “%(value)s”.")},
    )
    operator = OperatorFilter(
        label=_("Operator"),
        field_name="memorandum__operator",
        queryset=Operator.objects.only("pk", "slug", "name"),
        to_field_name="slug",
        # A text box that suggests the names as one types: it takes a typed name or a slug
        # (the contract), keeps a wrong value in view beside its error, and a browser filters
        # the suggestions by what is typed, which a drop-down of thousands cannot do.
        widget=NamesInput(suggest_url=reverse_lazy("memoranda:operator_names")),
        empty_label=None,
        help_text=_(
            "Type an operator's name and pick it among the suggestions, or give the slug of its "
            "page address, such as cnexia."
        ),
        error_messages={"invalid_choice": _("No operator has the name or the slug “%(value)s”.")},
    )
    memorandum = django_filters.ModelChoiceFilter(
        label=_("Memorandum reference"),
        queryset=Memorandum.objects.only("pk", "reference"),
        to_field_name="reference",
        # A text box: a national programme holds thousands of memoranda.
        widget=forms.TextInput,
        empty_label=None,
        error_messages={"invalid_choice": _("No memorandum has the reference “%(value)s”.")},
    )
    signing = django_filters.ModelChoiceFilter(
        label=_("Signing"),
        field_name="memorandum__signing",
        queryset=Signing.objects.only("pk", "slug", "title"),
        to_field_name="slug",
        empty_label=_("All signings"),
        error_messages={"invalid_choice": _("No signing has the slug “%(value)s”.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Commitment.Status.choices,
        method="filter_status",
        empty_label=_("All statuses"),
        error_messages={
            "invalid_choice": format_lazy(
                _("Unknown status “%(value)s”; use one of: {codes}."),
                codes=", ".join(Commitment.Status.values),
            )
        },
    )
    allocated = django_filters.ChoiceFilter(
        label=_("Allocated to a city"),
        choices=YES_NO,
        method="filter_allocated",
        empty_label=_("Allocated or not"),
        error_messages={"invalid_choice": _("Use yes or no, not “%(value)s”.")},
    )
    baseline = django_filters.ChoiceFilter(
        label=_("Baseline headcount"),
        choices=BASELINE_CHOICES,
        method="filter_baseline",
        empty_label=_("Recorded or not"),
        error_messages={"invalid_choice": _("Use recorded or unknown, not “%(value)s”.")},
    )
    figure = django_filters.ChoiceFilter(
        label=_("Figure of jobs created"),
        choices=FIGURE_CHOICES,
        method="filter_figure",
        empty_label=_("Current or not"),
        error_messages={"invalid_choice": _("Use current or not_current, not “%(value)s”.")},
    )
    withdrawn = django_filters.ChoiceFilter(
        label=_("Withdrawn commitments"),
        choices=WITHDRAWN_CHOICES,
        method="filter_withdrawn",
        empty_label=_("Left out"),
        help_text=_("Listed with their reason; they count in no total."),
        error_messages={"invalid_choice": _("Use include or only, not “%(value)s”.")},
    )
    ordering = CommitmentOrderingFilter(
        label=_("Sort by"),
        fields=tuple((field, param) for param, field in ORDERING_FIELDS.items()),
        field_labels={field: ORDERING_LABELS[param] for param, field in ORDERING_FIELDS.items()},
        empty_label=_("Default order"),
        error_messages={
            "invalid_choice": _(
                "Unknown ordering “%(value)s”; use a column name such as city or "
                "jobs_committed, with a leading minus sign for descending order."
            )
        },
    )

    class Meta:
        model = Commitment
        fields = []
        form = CommitmentFilterForm

    def place(self, withdrawn: str = "include") -> Q | None:
        """When the (valid) filters select by place only (city, region, segment) and their
        `withdrawn` parameter is the one given (include: listed too, the stored sums per
        quarter; empty: in force only, the stored sums of today), conditions on the city and
        segment of the stored sums (CommitmentFigures, DashboardQuarter, DashboardCell)
        selecting the same commitments; None for any other selection."""
        cleaned = self.form.cleaned_data
        places = ("city", "region", "segment")
        others = [name for name in self.filters if name not in (*places, "ordering")]
        if (cleaned.get("withdrawn") or "") != withdrawn or any(
            cleaned.get(name) for name in others if name != "withdrawn"
        ):
            return None
        place = Q()
        city = cleaned.get("city")
        if city == UNALLOCATED:
            place &= Q(city__isnull=True)
        elif city:
            place &= Q(city=city)
        if cleaned.get("region"):
            place &= Q(city__region=cleaned["region"])
        if cleaned.get("segment"):
            place &= Q(segment=cleaned["segment"])
        return place

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("withdrawn"):
            # Left out unless asked for: filter_withdrawn is not called for an empty value.
            queryset = queryset.filter(withdrawn_on__isnull=True)
        return queryset

    def filter_withdrawn(self, queryset, name, value):
        return queryset.filter(withdrawn_on__isnull=False) if value == "only" else queryset

    def filter_allocated(self, queryset, name, value):
        return queryset.filter(city__isnull=value == "no")

    def filter_baseline(self, queryset, name, value):
        return queryset.filter(baseline_headcount__isnull=value == "unknown")

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_is(value, latest_due_index()))

    def filter_figure(self, queryset, name, value):
        current = current_figure(latest_due_index())
        return queryset.filter(current if value == "current" else ~current)

    def search(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(memorandum__reference__icontains=value)
            | Q(memorandum__operator__name__icontains=value)
            | Q(memorandum__operator__slug__icontains=value)
            | Q(city__name__icontains=value)
            | Q(city__name_ar__icontains=value)
            | Q(city__name_en__icontains=value)
            # Slugs are the accent-free names: "fes" finds Fès.
            | Q(city__slug__icontains=value)
            | Q(segment__code__iexact=value)
            | Q(segment__name__icontains=value)
            | Q(segment__name_ar__icontains=value)
            | Q(segment__name_en__icontains=value)
        )


class CorrectionFilterForm(forms.Form):
    """The changes page's parameters, screened like the commitment list's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].label_from_instance = lambda place: place.local_name

    def full_clean(self):
        refused = {}
        if self.is_bound:
            self.data, refused = screen_parameters(self.data, self.fields)
        super().full_clean()
        for name, message in refused.items():
            self.add_error(name, message)


class CorrectionFilter(django_filters.FilterSet):
    """Filters of /changes/ and its feed: operator, city and signing, by slug."""

    operator = django_filters.ModelChoiceFilter(
        label=_("Operator"),
        queryset=Operator.objects.only("pk", "slug", "name"),
        to_field_name="slug",
        # A text box, as on the commitment list: thousands of operators make no drop-down.
        widget=forms.TextInput,
        empty_label=None,
        help_text=_("As in the operator's page address, such as cnexia."),
        error_messages={"invalid_choice": _("No operator has the slug “%(value)s”.")},
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.only("pk", "slug", "name", "name_ar", "name_en"),
        to_field_name="slug",
        method="filter_city",
        empty_label=_("All cities"),
        error_messages={
            "invalid_choice": _("No city has the slug “%(value)s”; use a city slug such as fes.")
        },
    )
    signing = django_filters.ModelChoiceFilter(
        label=_("Signing"),
        queryset=Signing.objects.only("pk", "slug", "title"),
        to_field_name="slug",
        empty_label=_("All signings"),
        error_messages={"invalid_choice": _("No signing has the slug “%(value)s”.")},
    )

    class Meta:
        model = Correction
        fields = []
        form = CorrectionFilterForm

    def filter_city(self, queryset, name, value):
        """Corrections of the city's commitments, of a commitment moved out of it, and of the
        memoranda holding a commitment there."""
        if not value:
            return queryset
        holds_one = Exists(Commitment.objects.filter(memorandum=OuterRef("memorandum"), city=value))
        return queryset.filter(
            Q(city=value)
            | Q(field=Correction.Field.CITY, value_before=value.name)
            | Q(subject=Correction.Subject.MEMORANDUM) & holds_one
        )
