"""Reads over reference data: finding a city or a segment the way people write them."""

import unicodedata

from django.db import models


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
