"""Display helpers of the public pages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

from memoranda.figures import Outlook, current_index, public_share
from memoranda.models import Commitment
from operators.models import in_active_language
from operators.quarters import quarter_name

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
    """A quarter index (see operators.quarters.quarter_index) as pages write it: 2022 Q3."""
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


def translated_content(obj, field: str) -> tuple[str, bool]:
    """A content field that officials write (`field`, French) in the active language, from
    `field_ar` or `field_en`, and whether it fell back to the French text."""
    text = getattr(obj, field, "") or ""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == settings.LANGUAGE_CODE:
        return text, False
    translated = getattr(obj, f"{field}_{language}", "")
    return (translated, False) if translated else (text, bool(text))


@register.simple_tag
def content(obj, field: str):
    """`{% content signing "notes" %}`: the text in the active language; where no translation
    exists, the French text marked lang="fr" dir="ltr", so that an Arabic page does not
    scramble its punctuation."""
    text, french = translated_content(obj, field)
    if french:
        return format_html('<span lang="fr" dir="ltr">{}</span>', text)
    return text


@register.filter
def content_text(obj, field: str) -> str:
    """The same text without markup, for a page's title or an attribute."""
    return translated_content(obj, field)[0]
