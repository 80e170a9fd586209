"""The operator space's commitments page: an operator's staff see their own commitments with
jobs created and progress, computed as on the public pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from memoranda.models import Commitment
from operators.views import operator_staff_required


@operator_staff_required
def space_commitments(request: HttpRequest) -> HttpResponse:
    commitments = Commitment.objects.for_public_list().filter(memorandum__operator=request.operator)
    context = {
        "operator": request.operator,
        "commitments": commitments,
        "totals": commitments.totals(),
    }
    return render(request, "memoranda/space_commitments.html", context)
