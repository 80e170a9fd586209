"""One guard in front of every page (public, operator space, admin) against input that would
otherwise reach the database or the admin's machinery and end as a server error.

- A NUL character in a parameter's name or value, or an uploaded file's name: PostgreSQL
  refuses NUL in text, so a search or an autocomplete term holding one was a 500. Refused with
  400, naming the parameter, except by the views marked @checks_own_parameters, which show it
  as a form error of their own (the public list and its downloads, the public contract). In
  the address itself: 404, no such page.
- Form data that cannot be read (malformed multipart): 400.
- In the admin, the ids of a bulk action (`_selected_action`) that are not ids of the model,
  and an inline formset announcing more forms than the inline allows (checked before any form
  is built: 100,000 announced forms held a worker for 30 s): 400, naming the parameter.
- A whole number too large for the database (beyond 64 bits) in an admin page's parameter or
  posted field (a filter, a page, an id, a related object's choice; SQLite cannot even bind
  one): 400; in an address's id: 404.
- A list filter the admin cannot apply, raised outside the changelist (the export view reads
  the changelist's filters from its own parameters): 400.

Nothing has been written when any of these answers: the guard runs before the view.
"""

import re

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
WHOLE_NUMBER = re.compile(r"[+-]?\d+")
# Parameters whose text is searched for, never compared with a number column.
FREE_TEXT = {"q", "term"}


def out_of_range(value) -> bool:
    """Whether `value` is a whole number that no 64-bit integer column can hold."""
    if isinstance(value, int):
        return not -(2**63) <= value < 2**63
    if not WHOLE_NUMBER.fullmatch(value):
        return False
    digits = value.lstrip("+-").lstrip("0")
    return len(digits) > 19 or out_of_range(int(value))


def checks_own_parameters(view):
    """Marks a view that refuses bad query parameters itself, naming them in its own format:
    the guard leaves its query string alone."""
    view.checks_own_parameters = True
    return view


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def nul_problem(data) -> str | None:
    """The message naming the parameter of `data` (a QueryDict) holding a NUL, or None."""
    for name, values in data.lists():
        if NUL in name or any(NUL in value for value in values):
            return _("The parameter “%(name)s” holds a NUL character, which is never valid.") % {
                "name": name.replace(NUL, "\\0")
            }
    return None


def form_data_problem(request: HttpRequest) -> str | None:
    """A NUL in the posted form data or in an uploaded file's name, or None."""
    if request.method != "POST":
        return None
    problem = nul_problem(request.POST)
    for name, upload in request.FILES.items():
        if problem is None and NUL in (upload.name or ""):
            problem = _("The name of the file sent as “%(name)s” holds a NUL character.") % {
                "name": name
            }
    return problem


def own_parameters(model_admin) -> set[str]:
    """The parameters of a changelist's own filters (SimpleListFilter), which read their
    values themselves (the review queue's year, for instance)."""
    if model_admin is None:
        return set()
    return {
        entry.parameter_name
        for entry in model_admin.list_filter
        if isinstance(entry, type) and issubclass(entry, SimpleListFilter)
    }


def number_problem(request: HttpRequest, exempt: set[str]) -> str | None:
    """A whole number no 64-bit column holds, in the query or the posted form (SQLite cannot
    bind one; a choice of related object posted as one was a server error), or None."""
    sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in sources:
        for name, values in data.lists():
            if name in exempt or name in FREE_TEXT:
                continue
            if any(out_of_range(value) for value in values):
                return _("The parameter “%(name)s” holds a number too large to be valid.") % {
                    "name": name
                }
    return None


def selected_ids_problem(request: HttpRequest, model_admin) -> str | None:
    pk = model_admin.model._meta.pk
    for value in request.POST.getlist("_selected_action"):
        try:
            if out_of_range(pk.to_python(value)):
                raise ValidationError(value)
        except ValidationError:
            return _("“%(value)s” in “_selected_action” is not the id of a %(model)s.") % {
                "value": value[:50],
                "model": model_admin.model._meta.verbose_name,
            }
    return None


def inline_forms_problem(request: HttpRequest, model_admin) -> str | None:
    """Each inline's announced number of forms against the most its formset would build
    (absolute_max: existing and new forms together)."""
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        name = f"{formset.get_default_prefix()}-{TOTAL_FORM_COUNT}"
        announced = request.POST.get(name)
        if announced is None:
            continue
        most = formset.absolute_max
        if not (announced.isascii() and announced.isdigit()) or out_of_range(announced):
            announced_number = None
        else:
            announced_number = int(announced)
        if announced_number is None or announced_number > most:
            return _("“%(name)s” must be a whole number of at most %(most)d, not “%(value)s”.") % {
                "name": name,
                "most": most,
                "value": announced[:20],
            }
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            raise Http404
        try:
            problem = form_data_problem(request)
        except MultiPartParserError:
            problem = _("The form data sent could not be read.")
        if problem:
            return bad_request(request, problem)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(out_of_range(value) for value in view_kwargs.values() if isinstance(value, int)):
            raise Http404
        # Every ModelAdmin view is wrapped with the ModelAdmin it belongs to.
        model_admin = getattr(view_func, "model_admin", None)
        problem = None
        if not getattr(view_func, "checks_own_parameters", False):
            problem = nul_problem(request.GET)
        if problem is None and "admin" in request.resolver_match.namespaces:
            problem = number_problem(request, own_parameters(model_admin))
        if problem:
            return bad_request(request, problem)
        if model_admin is None or request.method != "POST":
            return None
        problem = selected_ids_problem(request, model_admin)
        if problem is None and request.user.is_active and request.user.is_staff:
            problem = inline_forms_problem(request, model_admin)
        return bad_request(request, problem) if problem else None

    def process_exception(self, request, exception):
        if isinstance(exception, IncorrectLookupParameters):
            return bad_request(request, _("A filter of this list cannot be applied."))
        return None


def accepted_by(field, value) -> bool:
    """Whether `value` could be a value of the model field `field` (an id, for instance)."""
    try:
        python_value = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return not (isinstance(python_value, int) and out_of_range(python_value))


def ignore_impossible_autocomplete_values() -> None:
    """The admin's autocomplete widgets, shown again with a form's errors, look up the submitted
    values as ids without checking them first: an id that is no number was a server error on
    every form with an autocomplete field. Values that cannot be ids are left out of that
    lookup, as ids of no row already are; the form still says the choice is invalid."""
    from django.contrib.admin.widgets import AutocompleteMixin

    lookup = AutocompleteMixin.optgroups
    if getattr(lookup, "ignores_impossible_values", False):
        return

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        field_name = getattr(remote, "field_name", None)
        meta = remote.model._meta
        target = meta.get_field(field_name) if field_name else meta.pk
        possible = [v for v in value if v in ("", None) or accepted_by(target, v)]
        return lookup(self, name, possible, attr)

    optgroups.ignores_impossible_values = True
    AutocompleteMixin.optgroups = optgroups
