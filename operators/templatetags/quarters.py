"""Quarters written one way everywhere, in the active language (operators.quarters.quarter_name:
"2022 Q3", « T3 2022 »), in the operator space as on the public pages."""

from django import template

from operators.quarters import quarter_index, quarter_name

register = template.Library()


@register.filter
def quarter_label(entry) -> str:
    """`{{ entry|quarter_label }}` for anything with a year and a quarter."""
    return quarter_name(quarter_index(entry.year, entry.quarter))
