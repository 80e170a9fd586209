"""Withdrawals of signings, memoranda, commitments and operators (see
operators.models.Withdrawable), each in one transaction with the rebuild of the figures.

One rule for what hangs under what is withdrawn: withdrawing a signing withdraws its memoranda,
a memorandum its commitments, an operator its memoranda and its sites, all with the same date
and reason; what was withdrawn before keeps its own. So a commitment counts as withdrawn
exactly when its own withdrawn_on is set, which is all the figures and lists read.

The stored figures of the commitments' operators are rebuilt (memoranda.figures): from the
withdrawal on, a commitment leaves every total, and it is measured only in the quarters that
ended before its withdrawal.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet

from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, Memorandum, Signing
from operators.models import Operator, Site
from operators.sites import sites_withdraw
from operators.withdrawals import rows_withdraw, withdrawal_checked


def commitments_withdraw(*, commitments: QuerySet, reason: str, on: datetime.date, user) -> list:
    """Withdraw `commitments` (a Commitment queryset) and rebuild their operators' figures.
    Returns the primary keys of those withdrawn now (not those withdrawn before)."""
    reason, on = withdrawal_checked(reason, on)
    with transaction.atomic():
        marked = rows_withdraw(commitments, reason=reason, on=on, user=user)
        operators = Commitment.objects.filter(pk__in=marked).values_list(
            "memorandum__operator", flat=True
        )
        commitment_figures_refresh(set(operators))
    return marked


def memoranda_withdraw(*, memoranda: QuerySet, reason: str, on: datetime.date, user) -> list:
    """Withdraw `memoranda` (a Memorandum queryset) and their commitments."""
    reason, on = withdrawal_checked(reason, on)
    with transaction.atomic():
        marked = rows_withdraw(memoranda, reason=reason, on=on, user=user)
        commitments = Commitment.objects.filter(memorandum__in=memoranda.values("pk"))
        commitments_withdraw(commitments=commitments, reason=reason, on=on, user=user)
    return marked


def signings_withdraw(*, signings: QuerySet, reason: str, on: datetime.date, user) -> list:
    """Withdraw `signings` (a Signing queryset), their memoranda and commitments."""
    reason, on = withdrawal_checked(reason, on)
    with transaction.atomic():
        marked = rows_withdraw(signings, reason=reason, on=on, user=user)
        memoranda = Memorandum.objects.filter(signing__in=signings.values("pk"))
        memoranda_withdraw(memoranda=memoranda, reason=reason, on=on, user=user)
    return marked


def operators_withdraw(*, operators: QuerySet, reason: str, on: datetime.date, user) -> list:
    """Withdraw `operators` (an Operator queryset), their memoranda, commitments and sites."""
    reason, on = withdrawal_checked(reason, on)
    with transaction.atomic():
        marked = rows_withdraw(operators, reason=reason, on=on, user=user)
        chosen = operators.values("pk")
        memoranda = Memorandum.objects.filter(operator__in=chosen)
        memoranda_withdraw(memoranda=memoranda, reason=reason, on=on, user=user)
        sites_withdraw(
            sites=Site.objects.filter(operator__in=chosen), reason=reason, on=on, user=user
        )
    return marked


def commitment_withdraw(*, commitment: Commitment, reason: str, on: datetime.date, user) -> bool:
    return one(commitments_withdraw, "commitments", commitment, reason, on, user)


def memorandum_withdraw(*, memorandum: Memorandum, reason: str, on: datetime.date, user) -> bool:
    return one(memoranda_withdraw, "memoranda", memorandum, reason, on, user)


def signing_withdraw(*, signing: Signing, reason: str, on: datetime.date, user) -> bool:
    return one(signings_withdraw, "signings", signing, reason, on, user)


def operator_withdraw(*, operator: Operator, reason: str, on: datetime.date, user) -> bool:
    return one(operators_withdraw, "operators", operator, reason, on, user)


def one(service, name: str, obj, reason, on, user) -> bool:
    """Apply a withdrawal `service` to one object, refreshed after; False if already withdrawn."""
    queryset = type(obj).objects.filter(pk=obj.pk)
    marked = service(**{name: queryset}, reason=reason, on=on, user=user)
    obj.refresh_from_db(fields=["withdrawn_on", "withdrawal_reason"])
    return bool(marked)
