"""Whether the portal serves a demo world (settings.DEMO), for the templates that say so.

A tag rather than a context processor: the 400 and 500 pages are rendered without a request or
context processors, and they must say DEMO too.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def demo_mode() -> bool:
    return settings.DEMO
