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
from operators.models import (
    City,
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    Segment,
)
from operators.quarters import quarter_index, quarter_of_index

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


# Jobs created, corrected through a reopened declaration. A commitment's scope is (operator,
# segment, city), the city None when it is not yet allocated: a declaration feeds the scopes
# of its site's operator and city, and the operator's unallocated ones, in its lines' segments.

Scope = tuple[int, int, int | None]


def reopened_declarations(operator_ids: list[int]):
    """The operators' declarations that were reopened and are not validated again yet."""
    return Declaration.objects.filter(site__operator__in=operator_ids).filter(
        ~Q(status=Declaration.Status.VALIDATED),
        Exists(DeclarationEvent.objects.filter(declaration=OuterRef("pk"), action=Action.REOPENED)),
    )


@dataclass
class Reopened:
    """The scopes and quarters of the reopened declarations, and the published jobs created
    there before a rebuild."""

    cities: set[tuple[int, int, int, int]]  # (operator, quarter, segment, city)
    held: dict[tuple[int, int], ReopenedFigure]  # (commitment, quarter) -> figure held
    values: dict[tuple[int, int], int] = field(default_factory=dict)  # (commitment, quarter)
    scopes: dict[int, Scope] = field(default_factory=dict)  # commitment -> its scope

    def __post_init__(self):
        self.segments = {(op, quarter, segment) for op, quarter, segment, _c in self.cities}

    def is_reopened(self, scope: Scope, quarter: int) -> bool:
        operator, segment, city = scope
        if city is None:
            return (operator, quarter, segment) in self.segments
        return (operator, quarter, segment, city) in self.cities

    def operator_quarters(self) -> set[tuple[int, int]]:
        return {(op, quarter) for op, quarter, _s, _c in self.cities}


def scope_of(commitment: Commitment) -> Scope:
    return (commitment.memorandum.operator_id, commitment.segment_id, commitment.city_id)


def published_jobs(operator_quarters) -> tuple[dict, dict]:
    """The jobs created stored for the operators' commitments in those quarters, and the
    commitments' scopes."""
    where = Q(pk__in=[])
    for operator, quarter in operator_quarters:
        where |= Q(commitment__memorandum__operator=operator, quarter=quarter)
    rows = CommitmentMeasurement.objects.filter(where, jobs_created__isnull=False).values_list(
        "commitment",
        "quarter",
        "jobs_created",
        "commitment__memorandum__operator",
        "commitment__segment",
        "commitment__city",
    )
    values, scopes = {}, {}
    for commitment, quarter, jobs, *scope in rows:
        values[commitment, quarter] = jobs
        scopes[commitment] = tuple(scope)
    return values, scopes


def reopened_figures_before(operator_ids: list[int]) -> Reopened | None:
    """What a rebuild of the operators' figures may withdraw or correct, read before it: None
    (after two queries) when no declaration of theirs is reopened and no figure is held."""
    lines = DeclarationLine.objects.filter(declaration__in=reopened_declarations(operator_ids))
    cities = {
        (operator, quarter_index(year, quarter), segment, city)
        for operator, year, quarter, segment, city in lines.values_list(
            "declaration__site__operator",
            "declaration__year",
            "declaration__quarter",
            "segment",
            "declaration__site__city",
        )
    }
    held = {
        (figure.commitment_id, figure.quarter): figure
        for figure in ReopenedFigure.objects.filter(
            commitment__memorandum__operator__in=operator_ids
        ).select_related("commitment__memorandum")
    }
    if not cities and not held:
        return None
    reopened = Reopened(cities, held)
    if cities:
        reopened.values, reopened.scopes = published_jobs(reopened.operator_quarters())
    return reopened


def reopened_figures_after(operator_ids: list[int], reopened: Reopened | None) -> None:
    """After the rebuild: hold the published figures that a reopening withdrew, and correct
    the held figures whose declarations are all validated again."""
    if reopened is None:
        return
    held = reopened.held
    now, _scopes = published_jobs(
        reopened.operator_quarters()
        | {(scope_of(figure.commitment)[0], quarter) for (_c, quarter), figure in held.items()}
    )
    withdrawn = [
        (commitment, quarter, jobs)
        for (commitment, quarter), jobs in reopened.values.items()
        if (commitment, quarter) not in held
        and reopened.is_reopened(reopened.scopes[commitment], quarter)
        and now.get((commitment, quarter)) != jobs
    ]
    for commitment, quarter, jobs in withdrawn:
        ReopenedFigure.objects.create(
            commitment_id=commitment,
            quarter=quarter,
            jobs_created=jobs,
            published_at=events_in(reopened.scopes[commitment], quarter, Action.VALIDATED)
            .values_list("at", flat=True)
            .first(),
        )
    for (commitment, quarter), figure in held.items():
        if reopened.is_reopened(scope_of(figure.commitment), quarter):
            continue
        corrected = now.get((commitment, quarter))
        if corrected is not None and corrected != figure.jobs_created:
            correct_jobs_created(figure, corrected)
        figure.delete()


def events_in(scope: Scope, quarter: int, action: str):
    """The events of one kind of the declarations feeding `scope` in `quarter`, latest first."""
    operator, segment, city = scope
    year, number = quarter_of_index(quarter)
    events = DeclarationEvent.objects.filter(
        declaration__site__operator=operator,
        declaration__year=year,
        declaration__quarter=number,
        declaration__lines__segment=segment,
        action=action,
    )
    if city is not None:
        events = events.filter(declaration__site__city=city)
    return events.order_by("-at", "-pk")


def correct_jobs_created(figure: ReopenedFigure, corrected: int) -> None:
    """The Correction of a held figure: the reason is the latest reopening's in its scope and
    quarter, the role that of whoever submitted the corrected declaration."""
    scope = scope_of(figure.commitment)
    reopening = events_in(scope, figure.quarter, Action.REOPENED).first()
    submitted_by_official = (
        events_in(scope, figure.quarter, Action.SUBMITTED)
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
