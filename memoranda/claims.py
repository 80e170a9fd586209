"""Rules about claims that more than one writer applies (the admin's forms, the loader of the
programme's sources): whether a recorded claim agrees with the figure the portal records, and
whether the sources of a figure disagree.

A claim marked as recorded is the one whose value the portal shows for its figure: where the
portal also keeps that figure in a column of its own (a commitment's jobs committed, a
signing's announced jobs), the recorded claim's number must be that column's value, or the
page would show one number and cite a source saying another.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import formats
from django.utils.translation import gettext as _

from memoranda.models.sources import NUMERIC_FIELDS, SUBJECTS, Claim, ClaimField

# (subject, claim field) -> the subject's column holding the value the portal records.
RECORDED_COLUMNS = {
    ("commitment", ClaimField.JOBS): "jobs_committed",
    ("commitment", ClaimField.BASELINE): "baseline_headcount",
    ("signing", ClaimField.JOBS): "announced_jobs",
    ("signing", ClaimField.INVESTMENT): "announced_budget_mad",
    ("memorandum", ClaimField.HORIZON): "horizon_year",
}


def recorded_value_mismatch(claim: Claim) -> str | None:
    """Why `claim` cannot be the recorded one, or None: a recorded claim about a figure the
    portal keeps in a column (RECORDED_COLUMNS) states that column's value. Claims not recorded,
    and claims about other figures, are not checked."""
    if not claim.recorded:
        return None
    name, subject = claim.subject_named()
    column = RECORDED_COLUMNS.get((name, claim.field))
    if column is None:
        return None
    recorded = getattr(subject, column)
    if recorded == claim.number:
        return None
    verbose_name = subject._meta.get_field(column).verbose_name
    if recorded is None:
        return _(
            "The portal records no value for “%(field)s” of this %(subject)s: record it there "
            "before marking a claim as recorded."
        ) % {"field": verbose_name, "subject": subject._meta.verbose_name}
    return _(
        "The portal records %(value)s for “%(field)s” of this %(subject)s: the recorded claim "
        "must give that number, or “%(field)s” be corrected first."
    ) % {
        "value": formats.number_format(recorded, force_grouping=claim.field != ClaimField.HORIZON),
        "field": verbose_name,
        "subject": subject._meta.verbose_name,
    }


def statement(claim: Claim) -> tuple:
    """What two claims about one figure must share to agree: the number and its qualifier for
    a number ("more than 1,000" and "1,000" disagree), the wording for words. The one rule of
    disagreement: the pages (memoranda.citations), the admin's filter (sources_disagree) and
    the exports' column (memoranda.querysets.sources_disagree) apply it."""
    if claim.field in NUMERIC_FIELDS:
        return (claim.number, claim.qualifier)
    return (claim.value,)


def sources_disagree() -> Exists:
    """True for a claim when another claim about the same figure (same subject, same field)
    says something else: another number or qualifier for a number, other words for the rest.

    One EXISTS per row, for filters and columns alike. Only one subject column is set on a
    claim (claim_about_one_subject), and a comparison with the empty ones is never true.
    """
    same_subject = Q.create([(name, OuterRef(name)) for name in SUBJECTS], connector=Q.OR)
    # Number and qualifier go together (claim_number_with_its_qualifier): the number is empty
    # exactly when the qualifier is "not a number", so equal qualifiers leave only numbers to
    # compare, both present.
    other_number = ~Q(qualifier=OuterRef("qualifier")) | (
        Q(number__isnull=False) & ~Q(number=OuterRef("number"))
    )
    # Words compare as worded (see statement).
    other_words = ~Q(value=OuterRef("value"))
    differs = (Q(field__in=NUMERIC_FIELDS) & other_number) | (
        ~Q(field__in=NUMERIC_FIELDS) & other_words
    )
    others = (
        Claim.objects.filter(same_subject, differs, field=OuterRef("field"))
        .exclude(pk=OuterRef("pk"))
        .order_by()
    )
    return Exists(others)
