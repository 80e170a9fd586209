"""Operator names suggested as a visitor types in the list's operator box.

Up to NamesInput.listed operators, the page holds every name in the box's <datalist> and no
script is needed. Beyond that (a national portal has about ten thousand: 400 kB of every list
page), the datalist starts empty and static/js/suggest.js fills it from operator_names with
the few names that hold what is typed; without JavaScript the box still takes a name or a slug.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.request_guard import checks_own_parameters
from memoranda.filters import MAX_PARAMETER_LENGTH, has_control_character
from operators.models import Operator

# Names a suggestion gives at most.
SUGGESTED = 20


def matching_operators(term: str):
    """The operators whose name holds `term` (ignoring case) or whose slug holds its slug
    (accent-free: "genere" finds "Généré"), those whose name starts with it first, by name."""
    slug = slugify(term)
    holds = Q(name__icontains=term) | (Q(slug__contains=slug) if slug else Q(pk__in=[]))
    first = Case(
        When(name__istartswith=term, then=Value(0)), default=1, output_field=IntegerField()
    )
    return Operator.objects.filter(holds).order_by(first, "name").only("name", "slug")


def json_response(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@checks_own_parameters
def operator_names(request: HttpRequest) -> HttpResponse:
    """`?q=` the text typed: {"operators": [{"name", "slug"}, ...]}, at most SUGGESTED, none
    for an empty text; a bad `q` is a 400 naming it."""
    term = request.GET.get("q", "").strip()
    if has_control_character(term) or len(term) > MAX_PARAMETER_LENGTH:
        message = _(
            "The parameter q must be at most %(max)d characters, without control characters."
        )
        return json_response({"errors": {"q": [message % {"max": MAX_PARAMETER_LENGTH}]}}, 400)
    operators = matching_operators(term)[:SUGGESTED] if term else []
    return json_response(
        {"operators": [{"name": operator.name, "slug": operator.slug} for operator in operators]}
    )
