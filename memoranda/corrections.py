"""Corrections in public: every public figure that changes after it was published leaves a
Correction, written in the transaction of the change.

Two sources:
- Officials' edits of a commitment (jobs committed, baseline, city, segment) or a memorandum
  (horizon, signature date, status): the admin calls correction_record_edit with the reason
  the official gave.
- Jobs created, when a validated declaration is reopened and validated again. The figures'
  rebuild (memoranda.figures.commitment_figures_refresh) brackets itself with
  reopened_figures_before() and reopened_figures_after(): when a reopening withdraws a
  published figure, the figure as published is held in a ReopenedFigure (not public); once
  every declaration of the operator's quarter is validated again, the held figure is compared
  with the new one and a Correction records the change, with the reopening's reason.

Who corrected is a role ("an official", "the operator"), never a person.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from memoranda.models import (
    Commitment,
    CommitmentMeasurement,
    Correction,
    Memorandum,
    ReopenedFigure,
    Signing,
)
from operators.models import City, Declaration, DeclarationEvent, Operator, Segment
from operators.querysets import quarter_index, quarter_of_index

Role = Correction.Role
Field = Correction.Field
Action = DeclarationEvent.Action

# The figures of each kind of object whose change is a public correction.
EDITED_FIELDS = {
    Commitment: (Field.JOBS_COMMITTED, Field.BASELINE, Field.CITY, Field.SEGMENT),
    Memorandum: (Field.HORIZON, Field.SIGNED_ON, Field.STATUS),
}


def stored_value(value) -> str:
    """A figure's value as a Correction stores it: numbers and codes as text, a date in ISO
    form, a city by its French name, a segment by its code, unknown as empty."""
    if value is None:
        return ""
    if isinstance(value, City):
        return value.name
    if isinstance(value, Segment):
        return value.code
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def places_of(obj) -> dict:
    """The commitment, memorandum, operator, signing and city a correction of `obj` is filed
    under, and its subject."""
    if isinstance(obj, Commitment):
        memorandum = obj.memorandum
        return {
            "subject": Correction.Subject.COMMITMENT,
            "commitment": obj,
            "memorandum": memorandum,
            "operator_id": memorandum.operator_id,
            "signing_id": memorandum.signing_id,
            "city_id": obj.city_id,
        }
    if isinstance(obj, Memorandum):
        return {
            "subject": Correction.Subject.MEMORANDUM,
            "memorandum": obj,
            "operator_id": obj.operator_id,
            "signing_id": obj.signing_id,
        }
    if isinstance(obj, Operator):
        return {"subject": Correction.Subject.OPERATOR, "operator": obj}
    if isinstance(obj, Signing):
        return {"subject": Correction.Subject.SIGNING, "signing": obj}
    raise TypeError(f"No public corrections of {type(obj).__name__}.")


def previous_of(places: dict, field: str, quarter: int | None):
    subject = places["subject"]
    return (
        Correction.objects.filter(subject=subject, field=field, quarter=quarter)
        .filter(**{subject: places[subject]})
        .order_by("-corrected_at", "-pk")
        .first()
    )


@transaction.atomic
def correction_record(
    *,
    obj,
    field: str,
    before,
    after,
    reason: str,
    by: str,
    published_at: datetime.datetime | None = None,
    quarter: int | None = None,
) -> Correction | None:
    """Record that `field` of `obj` (a commitment, memorandum, operator or signing), published
    as `before` (at `published_at` when known), is now `after`, and why. Nothing is recorded
    when the value is the same; a ValidationError names the reason when it is missing.

    A figure corrected before is corrected again: the row is the next step of its chain, and
    the value before was published when the previous step corrected it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change: it is published.")})
    before, after = stored_value(before), stored_value(after)
    if before == after:
        return None
    places = places_of(obj)
    previous = previous_of(places, field, quarter)
    if previous is not None:
        published_at = previous.corrected_at
    return Correction.objects.create(
        **places,
        field=field,
        quarter=quarter,
        value_before=before,
        published_at=published_at,
        value_after=after,
        corrected_at=timezone.now(),
        reason=reason,
        by=by,
        step=previous.step + 1 if previous else 1,
    )


def correction_record_edit(*, obj, field: str, before, after, reason: str) -> Correction | None:
    """An official's edit of a public figure of `obj`: `before` and `after` are the field's
    values (a City or Segment for those fields), `reason` the one given on the form."""
    return correction_record(
        obj=obj, field=field, before=before, after=after, reason=reason, by=Role.OFFICIAL
    )


# Jobs created, corrected through a reopened declaration.


def reopened_declarations(operator_ids: list[int]):
    """The operators' declarations that were reopened and are not validated again yet."""
    return Declaration.objects.filter(site__operator__in=operator_ids).filter(
        ~Q(status=Declaration.Status.VALIDATED),
        Exists(DeclarationEvent.objects.filter(declaration=OuterRef("pk"), action=Action.REOPENED)),
    )


@dataclass
class Published:
    """The jobs created published before a rebuild, at the quarters a reopening concerns."""

    pending: set[tuple[int, int]]  # (operator, quarter) with a reopened declaration
    held: dict[tuple[int, int], ReopenedFigure]  # (commitment, quarter) -> figure held
    values: dict[tuple[int, int], int] = field(default_factory=dict)  # (commitment, quarter)
    operators: dict[int, int] = field(default_factory=dict)  # commitment -> operator


def at_operator_quarters(pairs, prefix: str = "") -> Q:
    where = Q()
    for operator, quarter in pairs:
        where |= Q(**{f"{prefix}memorandum__operator": operator, "quarter": quarter})
    return where


def published_jobs(pairs) -> tuple[dict, dict]:
    rows = CommitmentMeasurement.objects.filter(
        at_operator_quarters(pairs, "commitment__"), jobs_created__isnull=False
    ).values_list("commitment", "quarter", "jobs_created", "commitment__memorandum__operator")
    values, operators = {}, {}
    for commitment, quarter, jobs, operator in rows:
        values[commitment, quarter] = jobs
        operators[commitment] = operator
    return values, operators


def reopened_figures_before(operator_ids: list[int]) -> Published | None:
    """What a rebuild of the operators' figures may withdraw or correct, read before it: None
    (after two queries) when no declaration of theirs is reopened and no figure is held."""
    pending = {
        (operator, quarter_index(year, quarter))
        for operator, year, quarter in reopened_declarations(operator_ids).values_list(
            "site__operator", "year", "quarter"
        )
    }
    held = {
        (figure.commitment_id, figure.quarter): figure
        for figure in ReopenedFigure.objects.filter(
            commitment__memorandum__operator__in=operator_ids
        ).select_related("commitment__memorandum")
    }
    if not pending and not held:
        return None
    published = Published(pending, held)
    if pending:
        published.values, published.operators = published_jobs(pending)
    return published


def reopened_figures_after(operator_ids: list[int], published: Published | None) -> None:
    """After the rebuild: hold the published figures that a reopening withdrew, and correct
    the held figures whose quarter is validated again."""
    if published is None:
        return
    held = published.held
    now_values, _operators = published_jobs(
        published.pending
        | {(figure.commitment.memorandum.operator_id, q) for (_c, q), figure in held.items()}
    )
    withdrawn = [
        (key, jobs)
        for key, jobs in published.values.items()
        if key not in held and now_values.get(key) != jobs
    ]
    hold_withdrawn(withdrawn, published.operators)
    for (commitment_id, quarter), figure in held.items():
        operator = figure.commitment.memorandum.operator_id
        if (operator, quarter) in published.pending:
            continue
        corrected = now_values.get((commitment_id, quarter))
        if corrected is not None and corrected != figure.jobs_created:
            correct_jobs_created(figure, corrected, operator)
        figure.delete()


def hold_withdrawn(withdrawn: list, operators: dict[int, int]) -> None:
    published_at = {}
    for (commitment_id, quarter), jobs in withdrawn:
        operator = operators[commitment_id]
        if (operator, quarter) not in published_at:
            published_at[operator, quarter] = last_event_at(operator, quarter, Action.VALIDATED)
        ReopenedFigure.objects.create(
            commitment_id=commitment_id,
            quarter=quarter,
            jobs_created=jobs,
            published_at=published_at[operator, quarter],
        )


def events_of(operator: int, quarter: int, action: str):
    year, number = quarter_of_index(quarter)
    return DeclarationEvent.objects.filter(
        declaration__site__operator=operator,
        declaration__year=year,
        declaration__quarter=number,
        action=action,
    ).order_by("-at", "-pk")


def last_event_at(operator: int, quarter: int, action: str) -> datetime.datetime | None:
    return events_of(operator, quarter, action).values_list("at", flat=True).first()


def correct_jobs_created(figure: ReopenedFigure, corrected: int, operator: int) -> None:
    """The Correction of a held figure: the reason is the latest reopening's of the quarter,
    the role that of whoever submitted the corrected declaration."""
    reopening = events_of(operator, figure.quarter, Action.REOPENED).first()
    submitted_by_official = (
        events_of(operator, figure.quarter, Action.SUBMITTED)
        .values_list("actor__is_staff", flat=True)
        .first()
    )
    correction_record(
        obj=figure.commitment,
        field=Field.JOBS_CREATED,
        before=figure.jobs_created,
        after=corrected,
        reason=reopening.reason if reopening else "",
        by=Role.OFFICIAL if submitted_by_official else Role.OPERATOR,
        published_at=figure.published_at,
        quarter=figure.quarter,
    )


def corrections_public() -> models.QuerySet:
    """Corrections as the public pages and the feed show them, newest first."""
    return Correction.objects.select_related(
        "commitment__segment", "commitment__city", "memorandum", "operator", "signing"
    ).order_by("-corrected_at", "-pk")
