"""Reads over reference data: finding a city or a segment the way people write them."""

import unicodedata

from django.db import models
from django.db.models.functions import Coalesce


def fold(text: str) -> str:
    """Lower-case ASCII form of a name: "Fès", "FES" and "fes" all fold to "fes"."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class CityQuerySet(models.QuerySet):
    def by_folded_name(self) -> dict:
        """Every city under its folded name and its slug, for matching imported text."""
        index = {}
        for city in self.select_related("region"):
            index[fold(city.name)] = city
            index[fold(city.slug)] = city
        return index


class SegmentQuerySet(models.QuerySet):
    def by_code(self) -> dict:
        """Every segment under its upper-case code, for matching imported text."""
        return {segment.code.upper(): segment for segment in self}


def headcount_total():
    """Total direct headcount of the outer declaration: the sum of its lines, in a subquery so
    that other joins never multiply it. A declaration without lines totals 0."""
    from operators.models import DeclarationLine

    lines = (
        DeclarationLine.objects.filter(declaration=models.OuterRef("pk"))
        .order_by()
        .values("declaration")
        .annotate(total=models.Sum("headcount"))
        .values("total")
    )
    return Coalesce(models.Subquery(lines), models.Value(0))


class DeclarationQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(status="validated")

    def flagged(self):
        return self.filter(flagged=True)

    def with_total(self):
        return self.annotate(total=headcount_total())

    def before(self, year: int, quarter: int):
        """Declarations of quarters strictly earlier than the given one."""
        return self.filter(models.Q(year__lt=year) | models.Q(year=year, quarter__lt=quarter))

    def latest_first(self):
        return self.order_by("-year", "-quarter")


class DeclarationLineQuerySet(models.QuerySet):
    def of_previous_validated(self, site_id: int, year: int, quarter: int):
        """The lines of the site's latest validated declaration before the given quarter, with
        that declaration, in one query: what the declaration form shows beside each figure and
        the large-change rule compares with."""
        from operators.models import Declaration

        previous = (
            Declaration.objects.validated()
            .filter(site_id=site_id)
            .before(year, quarter)
            .latest_first()
            .values("pk")[:1]
        )
        return self.filter(declaration_id=models.Subquery(previous)).select_related(
            "declaration", "segment"
        )
