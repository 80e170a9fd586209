"""Display helpers of the public pages."""

from django import template

from memoranda.models import Commitment

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """The translated label of a Commitment.Status code (status is an annotation, so the model
    has no get_status_display)."""
    if code in Commitment.Status.values:
        return Commitment.Status(code).label
    return code
