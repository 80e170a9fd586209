"""What withdrawals of every kind share (see operators.models.Withdrawable): the checks of a
reason and a date, and the marking of rows. The services that withdraw are
operators.sites.sites_withdraw and memoranda.withdrawals, which also withdraw what hangs under
what they withdraw."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from operators import history


def withdrawal_checked(reason: str, on: datetime.date | None) -> tuple[str, datetime.date]:
    """The reason, stripped, and the date of a withdrawal, or a ValidationError naming the
    field at fault: a reason is required and the date is not after today (local time)."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why it is withdrawn: the reason is shown on the public pages.")
    if on is None:
        errors["on"] = _("Give the date of the withdrawal.")
    elif on > timezone.localdate():
        errors["on"] = _("A withdrawal cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return reason, on


def rows_withdraw(queryset: QuerySet, *, reason: str, on: datetime.date, user) -> list[int]:
    """Mark the rows of `queryset` not yet withdrawn as withdrawn `on` for `reason`, each saved
    on its own so that whatever records changes sees each one; rows already withdrawn keep
    their own date and reason. `user` is who withdraws, for the record of changes. Returns the
    primary keys of the rows marked."""
    marked = []
    # By primary key from the plain table: the admin's querysets join related rows, which
    # PostgreSQL will not lock on the nullable side of an outer join.
    rows = queryset.model._base_manager.filter(
        pk__in=list(queryset.values_list("pk", flat=True)), withdrawn_on__isnull=True
    )
    # Each row's history keeps who withdrew it and why (operators.history).
    with history.recorded(reason=f"withdrawn: {reason}", user=user):
        for row in rows.select_for_update().order_by("pk"):
            row.withdrawn_on, row.withdrawal_reason = on, reason
            row.save(update_fields=["withdrawn_on", "withdrawal_reason"])
            marked.append(row.pk)
    return marked
