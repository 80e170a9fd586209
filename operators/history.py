"""The record of every change to the audited models: who, when, each field before and after, why.

One mechanism for all of them, django-simple-history: each save or deletion of an audited model
writes a full row of its values to the model's historical table (`Model.history`), with the
user, the date, the kind of change (+ created, ~ changed, - deleted) and the reason.

Auditing a model is one line in its body, then `makemigrations`::

    history = audited(public_fields=["value"])

`public_fields` names the fields whose change alters a public figure: the admin then requires a
reason to change them (operators.admin_history), and memoranda.history.public_changes reports
them. A new model (a source, a claim) is audited the same way; its admin takes the
`HistoryAdmin` mixin.

Who and why come from the surroundings of the write, so that services, imports and commands
need not pass them down to every save: `recorded(reason=..., user=...)` around the write
("import of <file>", "command <name>"); the reason an admin form gave for its request; and
the signed-in user of the request (simple-history's middleware). No user means the system.

Writes that bypass save() must not touch the audited models, or write their history themselves
(simple_history.utils.bulk_create_with_history / bulk_update_with_history); the demo world's
bulk load (memoranda.demo_world, COPY) writes demo rows without history, on purpose.
"""

import contextlib
import contextvars
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history import utils
from simple_history.models import HistoricalRecords

from config.page_cache import public_figures_changed


@dataclass(frozen=True)
class Surroundings:
    reason: str = ""
    user: object = None


_surroundings: contextvars.ContextVar[Surroundings | None] = contextvars.ContextVar(
    "history_surroundings", default=None
)
_skipped: contextvars.ContextVar[bool] = contextvars.ContextVar("history_skipped", default=False)
_audited: dict[type, "AuditedHistory"] = {}


class AuditedHistoricalModel(models.Model):
    """What every historical table holds beyond the audited model's own fields."""

    # Kept so that the record still names the person once their account is deleted, and so
    # that a history page needs no join on users.
    history_username = models.CharField(_("username"), max_length=150, blank=True)

    class Meta:
        abstract = True


class AuditedHistory(HistoricalRecords):
    """simple-history's HistoricalRecords with the project's choices: a reason of any length, the
    username kept, and writes inside `skipped()` left out."""

    def __init__(self, *, public_fields: Sequence[str] = (), **options):
        options.setdefault("bases", [AuditedHistoricalModel])
        options.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**options)
        self.public_fields = tuple(public_fields)

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        _audited[cls] = self

    def post_save(self, instance, created, using=None, **kwargs):
        if not _skipped.get():
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        if not _skipped.get():
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not _skipped.get():
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def audited(*, public_fields: Sequence[str] = (), m2m_fields: Sequence[str] = ()) -> AuditedHistory:
    """The history of a model: `history = audited(public_fields=[...])` in its body.
    `m2m_fields` adds many-to-many fields (a site's segments) to each record."""
    return AuditedHistory(public_fields=public_fields, m2m_fields=m2m_fields)


def record(instance: models.Model, *, created: bool) -> None:
    """Write one history record of `instance` as it is now: for a service that saves a row and
    its many-to-many fields inside skipped(), so that one change is one record, not three."""
    if _skipped.get():
        return
    _audited[type(instance)].create_historical_record(instance, "+" if created else "~")


def bulk_saved(objs: Sequence[models.Model], *, update_fields: Sequence[str] = (), batch_size=None):
    """Bulk creates `objs` (or, given `update_fields`, bulk updates those fields), with one
    history record each that keeps who and why from recorded(), as save() would: for imports of
    thousands of rows, where a record a row costs a query and simple-history's set-up."""
    if not objs:
        return
    # Bulk writes send no signal (config.page_cache.renew_on_change).
    public_figures_changed()
    model = type(objs[0])
    surroundings = _surroundings.get() or request_surroundings()
    user = surroundings.user if surroundings else None
    if _skipped.get():
        if update_fields:
            model.objects.bulk_update(objs, update_fields, batch_size=batch_size)
        else:
            model.objects.bulk_create(objs, batch_size=batch_size)
        return
    options = {
        "batch_size": batch_size,
        "default_user": user,
        "default_change_reason": surroundings.reason if surroundings else "",
        "custom_historical_attrs": {
            "history_username": user.get_username() if user is not None else ""
        },
    }
    if update_fields:
        utils.bulk_update_with_history(objs, model, list(update_fields), **options)
    else:
        utils.bulk_create_with_history(objs, model, **options)


def public_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of `model` whose change alters a public figure (and needs a reason)."""
    history = _audited.get(model)
    return history.public_fields if history else ()


@contextlib.contextmanager
def recorded(*, reason: str = "", user=None):
    """Writes inside keep `reason` and `user` in their history records (unless a record has
    its own). Nested blocks take the innermost reason, and the outer user when they give none."""
    outer = _surroundings.get()
    if outer and user is None:
        user = outer.user
    token = _surroundings.set(
        Surroundings(reason=reason or (outer.reason if outer else ""), user=user)
    )
    try:
        yield
    finally:
        _surroundings.reset(token)


@contextlib.contextmanager
def skipped():
    """Writes inside keep no history: demo data, or a service that then writes one record()
    for several writes of one object. Never a real change left unrecorded."""
    token = _skipped.set(True)
    try:
        yield
    finally:
        _skipped.reset(token)


def fill_from_surroundings(sender, history_instance, **kwargs):
    """Receiver of simple-history's pre_create_historical_record: who and why from recorded()."""
    surroundings = _surroundings.get() or request_surroundings()
    if surroundings:
        if not history_instance.history_change_reason:
            history_instance.history_change_reason = surroundings.reason
        if history_instance.history_user is None and surroundings.user is not None:
            history_instance.history_user = surroundings.user
    history_instance.history_change_reason = history_instance.history_change_reason or ""
    user = history_instance.history_user
    history_instance.history_username = user.get_username() if user is not None else ""


def request_surroundings() -> Surroundings | None:
    """The reason an admin form gave for the writes of its request (admin_history.save_form)."""
    request = getattr(HistoricalRecords.context, "request", None)
    reason = getattr(request, "history_reason", "")
    return Surroundings(reason=reason) if reason else None


class RecordedCommand(BaseCommand):
    """A management command whose writes are recorded with the reason "command <name>" and no
    user (the system)."""

    def execute(self, *args, **options):
        name = type(self).__module__.rsplit(".", 1)[-1]
        with recorded(reason=f"command {name}"):
            return super().execute(*args, **options)


# Reading the history: the same renderer for the audited models and the declaration events.


@dataclass(frozen=True)
class Change:
    """One field's change, as a person reads it: "Jobs committed: 300 → 350". `before` is None
    when the record created the object."""

    label: str
    before: str | None
    after: str

    def __str__(self):
        if self.before is None:
            return gettext("%(field)s: %(value)s") % {"field": self.label, "value": self.after}
        return gettext("%(field)s: %(before)s → %(after)s") % {
            "field": self.label,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Entry:
    """One record of an object's history."""

    at: datetime.datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


THE_SYSTEM = _("the system")
ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
EMPTY = "–"


def changes_between(
    before: Mapping | None,
    after: Mapping,
    keys: Iterable[str],
    *,
    label: Callable[[str], str],
    text: Callable[[str, object], str],
) -> list[Change]:
    """The keys whose value differs from `before` to `after` (every non-empty one when there is
    no `before`), labelled and written as text."""
    changes = []
    for key in keys:
        new = after.get(key)
        if before is None:
            if new not in (None, "", frozenset()):
                changes.append(Change(label(key), None, text(key, new)))
        elif before.get(key) != new:
            changes.append(Change(label(key), text(key, before.get(key)), text(key, new)))
    return changes


def value_text(model_field, value, labels: Mapping | None = None) -> str:
    """A field's value as a person reads it: a choice's label, a city's name, a date."""
    if value is None or value == "":
        return EMPTY
    if model_field is not None and model_field.is_relation:
        return str((labels or {}).get(value, f"#{value}"))
    if model_field is not None and model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.date | datetime.datetime):
        return formats.localize(value)
    return str(value)


class ModelValues:
    """Labels and readable values of one model's fields (and the many-to-many fields its history
    keeps), with the names of the objects they point to: one query per related model whatever
    the number of records, given records fetched with `history_queryset`."""

    def __init__(self, model: type[models.Model], records: Sequence = ()):
        self.fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        self.rows = history_m2m_rows(model)
        self.many = {f.name: f for f in self.rows}
        self.fields.update(self.many)
        self.labels = {}
        for name, model_field in self.fields.items():
            if model_field.is_relation:
                ids = set()
                for record in records:
                    value = self.value(record, name)
                    ids |= set(value) if name in self.many else {value}
                ids.discard(None)
                related = model_field.related_model._default_manager.in_bulk(ids) if ids else {}
                self.labels[name] = related

    def value(self, record, name: str):
        if name not in self.many:
            return getattr(record, name)
        target = utils.get_m2m_reverse_field_name(self.many[name])
        rows = getattr(record, self.rows[self.many[name]]).all()
        return frozenset(getattr(row, f"{target}_id") for row in rows)

    def label(self, name: str) -> str:
        return str(capfirst(self.fields[name].verbose_name))

    def text(self, name: str, value) -> str:
        if name in self.many:
            names = sorted(str(self.labels[name].get(pk, f"#{pk}")) for pk in value)
            return ", ".join(names) or EMPTY
        return value_text(self.fields[name], value, self.labels.get(name))

    def of(self, record) -> dict:
        return {name: self.value(record, name) for name in self.fields}


def history_m2m_rows(model: type[models.Model]) -> dict:
    """Each many-to-many field the history of `model` keeps, with the name of the relation from
    a record to its rows of that field (which prefetch_related takes)."""
    audited_history = _audited.get(model)
    if audited_history is None:
        return {}
    return {
        field: rows._meta.get_field("history").remote_field.get_accessor_name()
        # simple-history keeps one dict of these for every audited model.
        for field, rows in audited_history.m2m_models.items()
        if field.model is model
    }


def history_queryset(obj: models.Model):
    """An object's history records, newest first, with what reading them needs."""
    records = obj.history.order_by("-history_date", "-history_id")
    return records.prefetch_related(*history_m2m_rows(type(obj)).values())


def history_entries(model: type[models.Model], records: Sequence, older=None) -> list[Entry]:
    """The records of one object, newest first, as entries a person reads; `older` is the
    record just before the last one given (when the list is a page of a longer history)."""
    values = ModelValues(model, [*records, *([older] if older else [])])
    following = [*records[1:], older]
    entries = []
    for record, previous in zip(records, following, strict=True):
        after = values.of(record)
        if record.history_type == "-":
            changes = []
        else:
            before = values.of(previous) if previous is not None else None
            changes = changes_between(
                before, after, values.fields, label=values.label, text=values.text
            )
        entries.append(
            Entry(
                at=record.history_date,
                who=record.history_username or str(THE_SYSTEM),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
