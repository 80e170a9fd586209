"""Writes of quarterly declarations: the draft, submission and review cycle.

Each service is one transaction that locks the declaration's row first, so that concurrent
calls on PostgreSQL run one after the other and the second one sees what the first one did.
Each service records one DeclarationEvent with the values before and after.

Refusals: PermissionDenied when the person may not act at all (another operator's site, not an
official, their own submission); ValidationError naming the field when the input or the
declaration's state does not allow the change. Nothing is saved on a refusal.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.page_cache import public_figures_changed
from operators.headcounts import scope_headcounts_refresh
from operators.models import Declaration, DeclarationEvent, DeclarationLine, Segment, Site
from operators.notifications import declaration_returned_notify
from operators.quarters import quarter_end
from operators.review_digest import declaration_submitted_notify

Status = Declaration.Status
Action = DeclarationEvent.Action
EDITABLE = (Status.DRAFT, Status.RETURNED)


def is_official(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("operators.review_declaration")


def declaration_save_draft(
    *,
    site: Site,
    year: int,
    quarter: int,
    lines: Mapping,
    comment: str = "",
    user,
) -> Declaration:
    """Create or update the declaration of `site` for a quarter that has ended.

    `lines` maps each segment the site serves (a Segment or its code) to a tuple
    (headcount, permanent, women); a figure not known yet is None, which a draft keeps and a
    submission refuses. A figure given keeps the rules of a submitted one even in a draft.
    """
    check_may_declare(user, site)
    check_quarter(year, quarter)
    counts = clean_lines(site, lines)
    with transaction.atomic():
        declaration, created = Declaration.objects.select_for_update().get_or_create(
            site=site, year=year, quarter=quarter
        )
        if not created and declaration.status not in EDITABLE:
            raise not_editable(declaration)
        before = None if created else snapshot(declaration)
        declaration.comment = comment
        declaration.save()
        declaration.lines.all().delete()
        DeclarationLine.objects.bulk_create(
            DeclarationLine(
                declaration=declaration, segment=segment, headcount=h, permanent=p, women=w
            )
            for segment, (h, p, w) in counts.items()
        )
        record(declaration, user, Action.CREATED if created else Action.SAVED, before=before)
    return declaration


def declaration_submit(*, declaration: Declaration, user, explanation: str = "") -> Declaration:
    """Submit a draft or a returned declaration for review.

    A total that moves more than DECLARATION_CHANGE_THRESHOLD from the previous validated quarter
    needs an explanation, and the declaration is flagged for the reviewer.
    """
    check_may_declare(user, declaration.site)
    with transaction.atomic():
        declaration = lock(declaration)
        if declaration.status not in EDITABLE:
            raise not_editable(declaration)
        if not declaration.lines.exists():
            raise ValidationError({"lines": _("Declare the headcount before submitting.")})
        missing = missing_figures(declaration)
        if missing:
            raise ValidationError({"lines": missing})
        explanation = explanation.strip()
        large_change = large_change_error(declaration)
        large = large_change is not None
        if large and not explanation:
            raise ValidationError({"explanation": large_change})
        before = snapshot(declaration)
        declaration.status = Status.SUBMITTED
        declaration.explanation = explanation
        declaration.flagged = large
        declaration.submitted_at = timezone.now()
        declaration.first_submitted_at = declaration.first_submitted_at or declaration.submitted_at
        declaration.submitted_by = user
        declaration.save()
        record(declaration, user, Action.SUBMITTED, before=before)
        declaration_submitted_notify(declaration)
        # No figure changes, but the operator's public reporting record does: the quarter is
        # no longer missing or open, and a first submission after the due date counts late.
        public_figures_changed()
    return declaration


def declaration_validate(*, declaration: Declaration, user) -> Declaration:
    """Validate a submitted declaration: its figures count in public from now on."""
    with transaction.atomic():
        declaration = lock(declaration)
        check_may_review(user, declaration)
        if declaration.submitted_by_id == user.pk:
            raise PermissionDenied(_("Nobody validates their own submission."))
        declaration = review(declaration, user, Status.VALIDATED, Action.VALIDATED)
        scope_headcounts_refresh([declaration.site.operator_id])
        return declaration


def declaration_return(*, declaration: Declaration, user, reason: str) -> Declaration:
    """Send a submitted declaration back to the operator with the reviewer's reason."""
    reason = required_reason(reason)
    with transaction.atomic():
        declaration = lock(declaration)
        check_may_review(user, declaration)
        declaration = review(declaration, user, Status.RETURNED, Action.RETURNED, reason)
        declaration_returned_notify(declaration, reopened=False)
        return declaration


def declaration_reopen(*, declaration: Declaration, user, reason: str) -> Declaration:
    """Unlock a validated declaration so that it can be corrected and submitted again.

    It goes back to the operator as returned, with the reason, and stops counting in public
    until validated again.
    """
    reason = required_reason(reason)
    with transaction.atomic():
        declaration = lock(declaration)
        if not is_official(user):
            raise PermissionDenied(_("Only officials reopen declarations."))
        if declaration.status != Status.VALIDATED:
            raise ValidationError({"status": _("Only a validated declaration can be reopened.")})
        declaration = review(declaration, user, Status.RETURNED, Action.REOPENED, reason)
        scope_headcounts_refresh([declaration.site.operator_id])
        declaration_returned_notify(declaration, reopened=True)
        return declaration


def review(declaration, user, status, action, reason: str = "") -> Declaration:
    before = snapshot(declaration)
    declaration.status = status
    declaration.reviewed_at = timezone.now()
    declaration.reviewed_by = user
    declaration.return_reason = reason
    declaration.save()
    record(declaration, user, action, before=before, reason=reason)
    return declaration


def lock(declaration: Declaration) -> Declaration:
    """The declaration's row, locked until the transaction ends, with its current values."""
    return (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("site")
        .get(pk=declaration.pk)
    )


def check_may_declare(user, site: Site) -> None:
    if is_official(user):
        return
    membership = getattr(user, "operator_membership", None)
    if membership is None or membership.operator_id != site.operator_id:
        raise PermissionDenied(_("You may declare only for your own operator's sites."))


def check_may_review(user, declaration: Declaration) -> None:
    if not is_official(user):
        raise PermissionDenied(_("Only officials review declarations."))
    if declaration.status != Status.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted declaration can be reviewed.")})


def check_quarter(year: int, quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("The quarter is a number from 1 to 4.")})
    if not 2000 <= year <= 9998:
        raise ValidationError({"year": _("Enter a year such as 2024.")})
    if quarter_end(year, quarter) >= timezone.localdate():
        raise ValidationError(
            {"quarter": _("This quarter has not ended yet: declare it once it is over.")}
        )


def clean_lines(site: Site, lines: Mapping) -> dict[Segment, tuple[int, int, int]]:
    """The lines as {segment: (headcount, permanent, women)}, or a ValidationError on "lines"
    naming every segment at fault."""
    served = {segment.code: segment for segment in site.segments.all()}
    errors, counts = [], {}
    for key, values in lines.items():
        code = key.code if isinstance(key, Segment) else str(key).strip().upper()
        if code not in served:
            errors.append(
                _("%(segment)s: this site does not serve this segment.") % {"segment": code}
            )
            continue
        error = line_error(values)
        if error:
            errors.append(f"{code}: {error}")
        counts[served[code]] = values
    for code in sorted(served.keys() - {segment.code for segment in counts}):
        errors.append(
            _("%(segment)s: declare this segment, 0 if nobody works in it.") % {"segment": code}
        )
    if not served:
        errors.append(_("This site serves no segment yet: ask an official to set its segments."))
    if errors:
        raise ValidationError({"lines": errors})
    return counts


def line_error(values) -> str | None:
    """What is wrong with one line's (headcount, permanent, women); None (a figure not known
    yet) passes here, as a draft may hold it, and submission refuses it (missing_figures)."""
    if not (
        isinstance(values, tuple | list)
        and len(values) == 3
        and all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values)
    ):
        return _("give the headcount, permanent contracts and women as whole numbers.")
    headcount, permanent, women = values
    if any(v < 0 for v in values if v is not None):
        return _("headcounts are never negative.")
    if headcount is None:
        return None
    if permanent is not None and permanent > headcount:
        return _("permanent contracts cannot exceed the headcount.")
    if women is not None and women > headcount:
        return _("women cannot exceed the headcount.")
    return None


def missing_figures(declaration: Declaration) -> list[str]:
    """One message per segment the site serves whose figures are not all given."""
    lines = {line.segment.code: line for line in declaration.lines.select_related("segment")}
    missing = []
    for segment in declaration.site.segments.order_by("code"):
        line = lines.get(segment.code)
        if line is None or None in (line.headcount, line.permanent, line.women):
            missing.append(
                _("%(segment)s: give every figure before submitting, 0 if nobody is counted.")
                % {"segment": segment.code}
            )
    return missing


def previous_validated(declaration: Declaration) -> tuple[int, int, int] | None:
    """(year, quarter, total headcount) of the site's latest validated declaration before this
    one's quarter, or None when there is none."""
    return (
        Declaration.objects.validated()
        .filter(site_id=declaration.site_id)
        .before(declaration.year, declaration.quarter)
        .latest_first()
        .with_total()
        .values_list("year", "quarter", "total")
        .first()
    )


def percent_change(before: int | None, after: int | None) -> str | None:
    """The change from `before` to `after` as the pages write it: "+150 %", "-20 %", "0 %";
    None when either is unknown or there was nobody before (no share of zero)."""
    if before is None or after is None or before == 0:
        return None
    change = round((after - before) * 100 / before)
    sign = "+" if change > 0 else ""
    return _("%(change)s %%") % {"change": f"{sign}{change}"}


def large_change_error(declaration: Declaration) -> str | None:
    """The message asking to explain a large change of the total from the previous validated
    quarter, naming both totals; None when the change is within the threshold."""
    return large_change_message(previous_validated(declaration), total_of(declaration))


def large_change_message(previous: tuple[int, int, int] | None, after: int) -> str | None:
    """large_change_error() for a total `after` whose previous validated quarter is `previous`
    (year, quarter, total, or None), so that a caller holding both (the upload's preview) asks
    no query."""
    if previous is None:
        return None
    year, quarter, before = previous
    if before == 0:
        large = after > 0
    else:
        large = abs(after - before) > settings.DECLARATION_CHANGE_THRESHOLD * before
    if not large:
        return None
    message = _(
        "The total changes from %(before)s in %(year)s Q%(quarter)s to %(after)s%(change)s, "
        "more than %(share)s %%: explain why before submitting."
    )
    change = percent_change(before, after)
    return message % {
        "before": before,
        "after": after,
        "change": f", {change}" if change else "",
        "year": year,
        "quarter": quarter,
        "share": round(settings.DECLARATION_CHANGE_THRESHOLD * 100),
    }


def total_of(declaration: Declaration) -> int:
    return sum(h for h in declaration.lines.values_list("headcount", flat=True) if h is not None)


def required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the operator will read it.")})
    return reason


def not_editable(declaration: Declaration) -> ValidationError:
    if declaration.status == Status.VALIDATED:
        message = _("This declaration is validated and locked: an official must reopen it.")
    else:
        message = _("This declaration is submitted and awaits review.")
    return ValidationError({"status": message})


def snapshot(declaration: Declaration) -> dict:
    """The declaration's values as the history keeps them."""
    lines = {
        line.segment.code: [line.headcount, line.permanent, line.women]
        for line in declaration.lines.select_related("segment")
    }
    return {
        "status": declaration.status,
        "comment": declaration.comment,
        "explanation": declaration.explanation,
        "flagged": declaration.flagged,
        "return_reason": declaration.return_reason,
        "lines": lines,
        "total": sum(values[0] or 0 for values in lines.values()),
    }


def record(declaration, user, action, *, before, reason: str = "") -> DeclarationEvent:
    return DeclarationEvent.objects.create(
        declaration=declaration,
        actor=user,
        actor_username=user.get_username(),
        action=action,
        reason=reason,
        before=before,
        after=snapshot(declaration),
    )


def declarations_save_uploaded(*, declarations, user, submit: bool) -> list[Declaration]:
    """Save every declaration of an upload as a draft, and submit each when `submit`, in one
    transaction: all or nothing. Each item has site, year, quarter, lines (as
    declaration_save_draft takes them), comment and explanation. A refusal of any item is a
    ValidationError naming its site and quarter, and nothing is saved."""
    saved = []
    with transaction.atomic():
        for item in declarations:
            try:
                declaration = declaration_save_draft(
                    site=item.site,
                    year=item.year,
                    quarter=item.quarter,
                    lines=item.lines,
                    comment=item.comment,
                    user=user,
                )
                if submit:
                    declaration = declaration_submit(
                        declaration=declaration, user=user, explanation=item.explanation
                    )
            except ValidationError as error:
                where = f"{item.site.name}, {item.year} Q{item.quarter}"
                messages = [f"{where}: {message}" for message in error.messages]
                raise ValidationError(messages) from None
            saved.append(declaration)
    return saved
