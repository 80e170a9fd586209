"""Display helpers of the public pages."""

from django import template
from django.conf import settings
from django.urls import translate_url

from memoranda.figures import Outlook, current_index, public_share
from memoranda.models import Commitment
from operators.models import in_active_language
from operators.querysets import quarter_name

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """The translated label of a Commitment.Status code (status is an annotation, so the model
    has no get_status_display)."""
    if code in Commitment.Status.values:
        return Commitment.Status(code).label
    return code


@register.filter
def local(row: dict, field: str) -> str:
    """A values() row's reference name in the active language: `{{ row|local:"city__name" }}`
    reads city__name_ar under Arabic, city__name_en under English, and falls back to the French
    city__name. Models have local_name for the same."""
    return in_active_language(row.get, field)


@register.simple_tag(takes_context=True)
def path_in_default_language(context) -> str:
    """The current path and query string at its unprefixed (default language) URL.

    The language switcher posts to an unprefixed URL, where only unprefixed paths resolve;
    given a prefixed `next` such as /en/commitments/, set_language would keep the old prefix.
    """
    return translate_url(context["request"].get_full_path(), settings.LANGUAGE_CODE)


@register.filter
def quarter(index: int | None) -> str:
    """A quarter index (see operators.querysets.quarter_index) as pages write it: 2022 Q3."""
    if index is None:
        return ""
    return quarter_name(index)


@register.filter
def outlook(commitment) -> Outlook:
    """Where a with_progress() commitment is heading (memoranda.figures.Outlook), today."""
    return Outlook.of(commitment, current_index())


@register.filter
def share_of(part: int | None, whole: int | None) -> float | None:
    """A public share in percent, withheld (None) below settings.PUBLIC_MIN_HEADCOUNT."""
    return public_share(part, whole)


@register.filter
def abs_value(number: int) -> int:
    return abs(number)


@register.simple_tag
def public_min_headcount() -> int:
    return settings.PUBLIC_MIN_HEADCOUNT


@register.simple_tag
def cited(citations, subject, field: str):
    """The figure of `subject` named `field` with its claims, or None: for a note beside it."""
    note = getattr(citations, "note", None)  # pages without sources pass none
    if note is None or subject is None:
        return None
    return note(subject, field)
