"""Validated headcounts per scope (operator x segment x city, and operator x segment over all
its cities) and quarter, kept in ScopeHeadcount for the pages that read thousands of them at
once.

Figures derived from these rows live in apps that operators does not import (memoranda's
per-commitment figures): such an app registers a listener with on_scope_headcounts_changed(),
and every rebuild calls it in the same transaction, so that no write of a headcount can leave
the figures behind.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Sum

from operators.models import Declaration, DeclarationLine, ScopeHeadcount
from operators.querysets import quarter_index

Listener = Callable[[list[int]], None]
listeners: list[Listener] = []


def on_scope_headcounts_changed(listener: Listener) -> Listener:
    """Register `listener(operator_ids)`, called after each rebuild of those operators' rows."""
    if listener not in listeners:
        listeners.append(listener)
    return listener


def scope_rows(operator: int, segment: int, city: int | None, totals: dict) -> list:
    """The rows of one scope from its (headcount, permanent, women) per quarter index, the
    latest one marked."""
    latest = max(totals)
    return [
        ScopeHeadcount(
            operator_id=operator,
            segment_id=segment,
            city_id=city,
            quarter_index=index,
            headcount=headcount,
            permanent=permanent,
            women=women,
            latest=index == latest,
        )
        for index, (headcount, permanent, women) in totals.items()
    ]


def add(totals: dict, index: int, counts: tuple) -> None:
    totals[index] = tuple(a + b for a, b in zip(totals.get(index, (0, 0, 0)), counts, strict=True))


def lock_operators(operator_ids: list[int]) -> None:
    """Lock the operators' rows until the transaction ends, in a fixed order: two rebuilds of
    one operator run one after the other, the second reading what the first wrote, rather than
    both deleting and inserting the same derived rows."""
    from operators.models import Operator

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
        rows = validated_scope_rows(operator_ids)
        ScopeHeadcount.objects.filter(operator__in=operator_ids).delete()
        ScopeHeadcount.objects.bulk_create(rows, batch_size=5000)
        for listener in listeners:
            listener(operator_ids)


def validated_scope_rows(operator_ids: list[int]) -> list[ScopeHeadcount]:
    lines = (
        DeclarationLine.objects.filter(
            declaration__status=Declaration.Status.VALIDATED,
            declaration__site__operator__in=operator_ids,
        )
        .values_list(
            "declaration__site__operator",
            "segment",
            "declaration__site__city",
            "declaration__year",
            "declaration__quarter",
        )
        .annotate(total=Sum("headcount"), permanent=Sum("permanent"), women=Sum("women"))
        .order_by()
    )
    by_city = defaultdict(dict)
    all_cities = defaultdict(dict)
    for operator, segment, city, year, quarter, *counts in lines:
        index = quarter_index(year, quarter)
        add(by_city[operator, segment, city], index, counts)
        add(all_cities[operator, segment], index, counts)
    rows = [row for (o, s, c), totals in by_city.items() for row in scope_rows(o, s, c, totals)]
    rows += [row for (o, s), totals in all_cities.items() for row in scope_rows(o, s, None, totals)]
    return rows


def scope_headcounts_rebuild() -> None:
    """Rebuild every operator's rows (after a bulk load that bypassed the services)."""
    from operators.models import Operator

    scope_headcounts_refresh(Operator.objects.values_list("pk", flat=True))
