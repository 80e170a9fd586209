"""Validated headcounts per scope (operator x segment x city, and operator x segment over all
its cities) and quarter, kept in ScopeHeadcount for the pages that read thousands of them at
once.

Figures derived from these rows live in apps that operators does not import (memoranda's
per-commitment figures): such an app registers a listener with on_scope_headcounts_changed(),
and every rebuild calls it in the same transaction, so that no write of a headcount can leave
the figures behind.
"""

from collections.abc import Callable, Iterable

from django.db import connection, models, transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Cast

from operators.models import Declaration, DeclarationLine, Operator, ScopeHeadcount
from operators.quarters import quarter_index

Listener = Callable[[list[int]], None]
listeners: list[Listener] = []


def on_scope_headcounts_changed(listener: Listener) -> Listener:
    """Register `listener(operator_ids)`, called after each rebuild of those operators' rows."""
    if listener not in listeners:
        listeners.append(listener)
    return listener


def validated_totals(operator_ids: list, by_city: bool):
    """The validated headcount, permanent contracts and women of each scope of the given
    operators in each quarter with validated declarations: per city, or over all the
    operator's cities (city NULL)."""
    site = "declaration__site__"
    # Typed, so that PostgreSQL inserts the NULL into the key column.
    city = F(site + "city") if by_city else Cast(Value(None), models.BigIntegerField())
    return (
        DeclarationLine.objects.filter(
            declaration__status=Declaration.Status.VALIDATED,
            **{site + "operator__in": operator_ids},
        )
        .values(
            scope_operator=F(site + "operator"),
            scope_segment=F("segment"),
            scope_city=city,
            scope_quarter=quarter_index(F("declaration__year"), F("declaration__quarter")),
        )
        .annotate(
            scope_headcount=Sum("headcount"),
            scope_permanent=Sum("permanent"),
            scope_women=Sum("women"),
        )
        .order_by()
    )


def insert_scope_rows(totals) -> None:
    """ScopeHeadcount rows from `totals` (see validated_totals), each scope's latest quarter
    marked, written by the database itself: at millions of declaration lines, reading them
    into Python and writing them back took minutes."""
    select, params = totals.query.sql_with_params()
    quote = connection.ops.quote_name
    fields = [
        "operator",
        "segment",
        "city",
        "quarter_index",
        "headcount",
        "permanent",
        "women",
        "latest",
    ]
    columns = ", ".join(quote(ScopeHeadcount._meta.get_field(name).column) for name in fields)
    latest = (
        "scope_quarter = MAX(scope_quarter) OVER "
        "(PARTITION BY scope_operator, scope_segment, scope_city)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(ScopeHeadcount._meta.db_table)} ({columns}) "
            f"SELECT scope_operator, scope_segment, scope_city, scope_quarter, "
            f"scope_headcount, scope_permanent, scope_women, {latest} FROM ({select}) AS totals",
            params,
        )


def lock_operators(operator_ids: list[int]) -> None:
    """Lock the operators' rows until the transaction ends, in a fixed order: two rebuilds of
    one operator run one after the other, the second reading what the first wrote, rather than
    both deleting and inserting the same derived rows."""
    list(
        Operator.objects.select_for_update().filter(pk__in=operator_ids).order_by("pk").values("pk")
    )


def scope_headcounts_refresh(operator_ids: Iterable[int]) -> None:
    """Rebuild the ScopeHeadcount rows of the given operators from their validated declaration
    lines, in a few queries whatever the number of declarations, then the figures derived from
    them (see on_scope_headcounts_changed)."""
    operator_ids = sorted(set(operator_ids))
    with transaction.atomic():
        lock_operators(operator_ids)
        ScopeHeadcount.objects.filter(operator__in=operator_ids).delete()
        insert_scope_rows(validated_totals(operator_ids, by_city=True))
        insert_scope_rows(validated_totals(operator_ids, by_city=False))
        for listener in listeners:
            listener(operator_ids)


def scope_headcounts_rebuild() -> None:
    """Rebuild every operator's rows (after a bulk load that bypassed the services)."""
    scope_headcounts_refresh(Operator.objects.values_list("pk", flat=True))
