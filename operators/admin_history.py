"""The history in the admin: a reason on each change form, required when a public figure changes,
and each object's history as a readable list of changes (the change form's History link).

A ModelAdmin of an audited model (operators.history) takes `HistoryAdmin` first among its bases;
an inline formset whose rows hold public figures takes `InlineChangesNeedReason`, so that the
parent form's reason covers its rows.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from operators import history
from operators.models import Declaration, DeclarationLine

REASON_FIELD = "change_reason"
HISTORY_PER_PAGE = 100
REASON_LABEL = _("Reason for this change")


def field_labels(form, names) -> str:
    return ", ".join(str(form.fields[name].label or name).lower() for name in names)


def with_reason(form_class: type[forms.ModelForm], model):
    """`form_class` with the reason for the change, required on an existing object when one of
    `model`'s public fields changed."""
    public = history.public_fields(model)

    if public:
        help_text = _(
            "Kept in the history with the change. Required when one of these fields changes, "
            "since the public sees them: %(fields)s."
        ) % {"fields": ", ".join(str(model._meta.get_field(name).verbose_name) for name in public)}
    else:
        help_text = _("Kept in the history with the change.")

    class ReasonForm(form_class):
        change_reason = forms.CharField(
            label=REASON_LABEL,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=help_text,
        )

        def clean(self):
            cleaned = super().clean()
            reason = (cleaned.get(REASON_FIELD) or "").strip()
            cleaned[REASON_FIELD] = reason
            changed = [name for name in public if name in self.changed_data]
            if changed and not reason and not self.instance._state.adding:
                self.add_error(
                    REASON_FIELD,
                    _("Give the reason for this change: %(fields)s is shown in public.")
                    % {"fields": field_labels(self, changed)},
                )
            return cleaned

    ReasonForm.__name__ = form_class.__name__
    return ReasonForm


class InlineChangesNeedReason(BaseInlineFormSet):
    """Inline rows whose public figures change need the parent form's reason, which the
    history then keeps for them too (one reason for the whole form)."""

    def clean(self):
        super().clean()
        if (self.data.get(REASON_FIELD) or "").strip():
            return
        public = history.public_fields(self.model)
        for form in self.initial_forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            for name in public:
                if name in form.changed_data and name in form.fields:
                    form.add_error(
                        name,
                        _(
                            "Give the reason for this change in “%(reason)s” above: %(field)s "
                            "is shown in public."
                        )
                        % {"reason": REASON_LABEL, "field": field_labels(form, [name])},
                    )


class HistoryAdmin:
    """ModelAdmin mixin: the reason field, kept with every write the form makes (the official is
    the request's user), and the readable history page."""

    history_template = "admin/history/object_history.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Change forms only: a creation has no before, and its form may not be a model form
        # whose cleaned data go to save (the staff invitation's go to a service).
        if obj is not None:
            kwargs["form"] = with_reason(kwargs.get("form", self.form), self.model)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != REASON_FIELD]
        if self.reason_shown(request, obj):
            fields.append(REASON_FIELD)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if REASON_FIELD in flatten_fieldsets(fieldsets) or not self.reason_shown(request, obj):
            return fieldsets
        return [*fieldsets, (REASON_LABEL, {"fields": [REASON_FIELD]})]

    def reason_shown(self, request, obj) -> bool:
        return obj is not None and self.has_change_permission(request, obj)

    def save_form(self, request, form, change):
        # Every write of this request from here on (save_model, inlines, services they call)
        # keeps the reason: history.fill_from_surroundings reads it from the request.
        request.history_reason = getattr(form, "cleaned_data", {}).get(REASON_FIELD, "")
        return super().save_form(request, form, change)

    def history_view(self, request, object_id, extra_context=None):
        """The object's history, newest first: date, who, reason and each field before and
        after. A fixed number of queries whatever the number of records."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        page = positive_int(request.GET.get("p"), 1)
        start = (page - 1) * HISTORY_PER_PAGE
        records = list(history.history_queryset(obj)[start : start + HISTORY_PER_PAGE + 1])
        shown, older = records[:HISTORY_PER_PAGE], records[HISTORY_PER_PAGE:]
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(object)s") % {"object": obj},
            "subtitle": None,
            "entries": history.history_entries(self.model, shown, older[0] if older else None),
            "page": page,
            "newer_page": page - 1 if page > 1 else None,
            "older_page": page + 1 if older else None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.history_template, context)


def positive_int(value, default: int) -> int:
    """A page number from the query string; anything else is the first page, not an error."""
    if value and value.isascii() and value.isdigit() and len(value) < 7 and int(value) > 0:
        return int(value)
    return default


DECLARATION_FIELDS = ("status", "comment", "explanation", "flagged", "return_reason")
LINE_PARTS = ("headcount", "permanent", "women")


def declaration_changes(before: dict | None, after: dict | None) -> list[history.Change]:
    """A declaration event's values before and after (operators.services.snapshot), read with
    the same renderer as the other histories: "BPO – headcount: 120 → 135"."""
    fields = {name: Declaration._meta.get_field(name) for name in DECLARATION_FIELDS}
    flat_before, flat_after = flat_snapshot(before), flat_snapshot(after) or {}
    lines = sorted(
        {key for values in (flat_before or {}, flat_after) for key in values if ":" in key}
    )

    def label(key: str) -> str:
        if key in fields:
            return str(capfirst(fields[key].verbose_name))
        if key == "total":
            return str(_("Total headcount"))
        code, part = key.split(":")
        return f"{code} – {DeclarationLine._meta.get_field(part).verbose_name}"

    def text(key: str, value) -> str:
        return history.value_text(fields.get(key), value)

    keys = [*DECLARATION_FIELDS, *lines, "total"]
    return history.changes_between(flat_before, flat_after, keys, label=label, text=text)


def flat_snapshot(snapshot: dict | None) -> dict | None:
    if snapshot is None:
        return None
    values = {name: snapshot.get(name) for name in (*DECLARATION_FIELDS, "total")}
    for code, counts in (snapshot.get("lines") or {}).items():
        parts = zip(LINE_PARTS, counts, strict=False)
        values.update({f"{code}:{part}": count for part, count in parts})
    return values
