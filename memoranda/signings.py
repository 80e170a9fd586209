"""Pages of the programme: every signing, and a programme's claimed totals against them."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from memoranda.citations import citations
from memoranda.models import Claim, Programme, Signing
from memoranda.programme import programme_totals


def signing_list(request: HttpRequest) -> HttpResponse:
    """Every signing: date, place, kind, jobs announced and recorded, number of sources."""
    sources = (
        Claim.objects.filter(signing=OuterRef("pk"))
        .values("signing")
        .annotate(count=Count("source", distinct=True))
        .values("count")
    )
    signings = (
        Signing.objects.with_totals()
        .select_related("city")
        .annotate(sources=Coalesce(Subquery(sources), 0))
        .order_by(F("signed_on").asc(nulls_last=True), "title")
    )
    programmes = Programme.objects.order_by("title")
    return render(
        request,
        "memoranda/signing_list.html",
        {"signings": signings, "programmes": programmes},
    )


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's claimed totals beside the figures announced at its signings."""
    programme = get_object_or_404(Programme, slug=slug)
    signings = (
        programme.signings.with_totals()
        .select_related("city")
        .order_by(F("signed_on").asc(nulls_last=True), "title")
    )
    context = {
        "programme": programme,
        "signings": signings,
        "totals": programme_totals(programme),
        "citations": citations(Q(programme=programme) | Q(signing__programmes=programme)),
    }
    return render(request, "memoranda/programme_detail.html", context)
