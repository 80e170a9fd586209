"""What changed in public, read from the history (operators.history), for the code that publishes
corrections.

    for field, before, after in public_changes(commitment):
        ...
    reason = change_reason(commitment)

Both read the latest history record of an instance, or the historical record given (a row of
`Commitment.history`, say, to go through past changes). Values are the stored ones: numbers,
dates, status codes, and ids for foreign keys (city, segment); operators.history.ModelValues
writes them as a person reads them.
"""

from typing import NamedTuple

from operators import history


class PublicChange(NamedTuple):
    field: str
    before: object
    after: object


def latest_record(instance_or_record):
    """The historical record itself, or the latest one of a model instance (None if none)."""
    if hasattr(instance_or_record, "history_type"):
        return instance_or_record
    return instance_or_record.history.order_by("-history_date", "-history_id").first()


def public_changes(instance_or_record, previous=None) -> list[PublicChange]:
    """The public fields (history.public_fields) that the record changed, with their values
    before and after: empty for a creation, a deletion or a change of other fields only.
    `previous`, when the caller has it already, saves the query for the record before."""
    record = latest_record(instance_or_record)
    if record is None or record.history_type != "~":
        return []
    previous = previous if previous is not None else record.prev_record
    if previous is None:
        return []
    model = record.instance_type
    changes = []
    for name in history.public_fields(model):
        attname = model._meta.get_field(name).attname
        before, after = getattr(previous, attname), getattr(record, attname)
        if before != after:
            changes.append(PublicChange(name, before, after))
    return changes


def change_reason(instance_or_record) -> str:
    """The reason kept with the record (the latest one of an instance)."""
    record = latest_record(instance_or_record)
    return (record.history_change_reason or "") if record is not None else ""
