"""One guard in front of every page (public, operator space, admin) against input that would
otherwise reach the database or the admin's machinery and end as a server error.

- A NUL character anywhere in the path, a parameter's name or value, or an uploaded file's
  name: PostgreSQL refuses NUL in text, so a search or an autocomplete term holding one was a
  500. Refused with 400, naming the parameter.
- Form data that cannot be read (malformed multipart): 400.
- In the admin, the ids of a bulk action (`_selected_action`) that are not ids of the model,
  and an inline formset announcing more forms than the inline allows (checked before any form
  is built: 100,000 announced forms held a worker for 30 s): 400, naming the parameter.
- A list filter the admin cannot apply, raised outside the changelist (the export view reads
  the changelist's filters from its own parameters): 400.

Nothing has been written when any of these answers: the guard runs before the view.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def nul_problem(request: HttpRequest) -> str | None:
    """The message naming where a NUL is, or None."""
    if NUL in request.path:
        return _("The address holds a NUL character, which is never valid.")
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for data in sources:
        for name, values in data.lists():
            if NUL in name or any(NUL in value for value in values):
                return _(
                    "The parameter “%(name)s” holds a NUL character, which is never valid."
                ) % {"name": name.replace(NUL, "\\0")}
    if request.method == "POST":
        for name, upload in request.FILES.items():
            if NUL in (upload.name or ""):
                return _("The name of the file sent as “%(name)s” holds a NUL character.") % {
                    "name": name
                }
    return None


def selected_ids_problem(request: HttpRequest, model_admin) -> str | None:
    pk = model_admin.model._meta.pk
    for value in request.POST.getlist("_selected_action"):
        try:
            pk.to_python(value)
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
        if not announced.isdecimal() or int(announced) > most:
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
        try:
            problem = nul_problem(request)
        except MultiPartParserError:
            problem = _("The form data sent could not be read.")
        if problem:
            return bad_request(request, problem)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every ModelAdmin view is wrapped with the ModelAdmin it belongs to.
        model_admin = getattr(view_func, "model_admin", None)
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
