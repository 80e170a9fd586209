"""The officials' list of missing declarations (operators.missing), on the admin site: filtered
by operator, sorted by a column, a page at a time, with a reminder to the selected rows'
operators.

Not a changelist: a missing declaration is a row that does not exist. The list is the
calendar's, built in a fixed number of queries, then filtered, sorted and cut in Python.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from operators import reminders, services
from operators.missing import missing_declarations

PER_PAGE = 50
# Each sortable column's key; "-" before it sorts the other way. Rows equal in that column stay
# by operator, site and quarter whichever way it goes.
SORT_KEYS = {
    "operator": lambda row: row.operator.name.casefold(),
    "site": lambda row: row.site.name.casefold(),
    "quarter": lambda row: (row.year, row.quarter),
    "overdue": lambda row: row.days_overdue,
}


def in_order(rows: list, ordering: str) -> list:
    rows = sorted(
        rows, key=lambda r: (r.operator.name.casefold(), r.site.name.casefold(), r.year, r.quarter)
    )
    return sorted(rows, key=SORT_KEYS[ordering.lstrip("-")], reverse=ordering.startswith("-"))


COLUMNS = [
    ("operator", _("operator")),
    ("site", _("site")),
    ("quarter", _("quarter")),
    ("overdue", _("days overdue")),
]


class MissingFilterForm(forms.Form):
    operator = forms.ChoiceField(label=_("operator"), required=False)
    ordering = forms.ChoiceField(
        label=_("ordering"),
        required=False,
        choices=[(f"{sign}{key}", f"{sign}{key}") for key in SORT_KEYS for sign in ("", "-")],
        error_messages={
            "invalid_choice": format_lazy(
                "{} {}",
                _("Sort by one of the columns:"),
                ", ".join(f"{sign}{key}" for key in SORT_KEYS for sign in ("", "-")),
            )
        },
    )

    def __init__(self, data, operators):
        super().__init__(data)
        self.fields["operator"].choices = [("", "")] + [(o.slug, o.name) for o in operators]
        self.fields["operator"].error_messages["invalid_choice"] = _(
            "No missing declaration of an operator named so: pick one in the list."
        )


def missing_declarations_page(request, admin_site):
    """The list (GET), or the reminder of the selected rows (POST), as an official."""
    if not request.user.has_perm("operators.view_declaration"):
        raise PermissionDenied
    rows = missing_declarations()
    if request.method == "POST":
        return remind_selected(request, rows)
    operators = sorted({row.operator for row in rows}, key=lambda o: o.name.casefold())
    form = MissingFilterForm(request.GET, operators)
    shown, ordering = list(rows), "-overdue"
    if form.is_valid():
        if slug := form.cleaned_data["operator"]:
            shown = [row for row in shown if row.operator.slug == slug]
        ordering = form.cleaned_data["ordering"] or ordering
    shown = in_order(shown, ordering)
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin_site.each_context(request),
        "title": _("Missing declarations"),
        "form": form,
        "page": page,
        "count": len(shown),
        "operators": operators,
        "operator": form.cleaned_data.get("operator") if form.is_valid() else "",
        "columns": header_links(request, ordering),
        "can_remind": services.is_official(request.user),
    }
    return TemplateResponse(request, "admin/operators/missing_declarations.html", context)


def header_links(request, ordering: str) -> list[dict]:
    """Each column's header: its label, whether the list is sorted by it, and the address
    that sorts by it (the other way when it already is)."""
    columns = []
    for key, label in COLUMNS:
        sorted_by = ordering.lstrip("-") == key
        descending = ordering.startswith("-")
        target = key if sorted_by and descending else f"-{key}" if sorted_by else key
        query = {**request.GET.dict(), "ordering": target}
        query.pop("page", None)
        columns.append(
            {
                "label": label,
                "sorted": sorted_by,
                "descending": sorted_by and descending,
                "url": f"?{urlencode(query)}",
            }
        )
    return columns


def remind_selected(request, rows):
    """Remind the operators of the selected rows (those still missing), then back to the
    list as it was."""
    if not services.is_official(request.user):
        raise PermissionDenied
    back = reverse("admin:operators_missing_declarations") + (
        f"?{request.GET.urlencode()}" if request.GET else ""
    )
    selected = set(request.POST.getlist("selected"))
    chosen = [row for row in rows if row.key in selected]
    if not chosen:
        messages.warning(request, _("Select the missing declarations to remind their operators."))
        return redirect(back)
    outcome = reminders.missing_reminders_send(chosen)
    report(request, outcome)
    return redirect(back)


def report(request, outcome: reminders.ReminderOutcome) -> None:
    def names(operators):
        return ", ".join(operator.name for operator in operators)

    if outcome.sent:
        messages.success(
            request,
            ngettext(
                "A reminder was sent to the staff of %(operators)s.",
                "Reminders were sent to the staff of %(operators)s.",
                len(outcome.sent),
            )
            % {"operators": names(outcome.sent)},
        )
    if outcome.already_reminded:
        messages.warning(
            request,
            _("Already reminded today, nothing sent again: %(operators)s.")
            % {"operators": names(outcome.already_reminded)},
        )
    if outcome.no_staff:
        messages.error(
            request,
            _("No staff account to remind, invite someone first: %(operators)s.")
            % {"operators": names(outcome.no_staff)},
        )
