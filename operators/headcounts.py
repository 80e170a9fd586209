"""Validated headcounts per scope (operator x segment x city, and operator x segment over all
its cities) and quarter, kept in ScopeHeadcount for the pages that read thousands of them at
once."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Sum

from operators.models import Declaration, DeclarationLine, ScopeHeadcount
from operators.querysets import quarter_index


def scope_rows(operator: int, segment: int, city: int | None, totals: dict) -> list:
    """The rows of one scope from its headcount per quarter index, the latest one marked."""
    latest = max(totals)
    return [
        ScopeHeadcount(
            operator_id=operator,
            segment_id=segment,
            city_id=city,
            quarter_index=index,
            headcount=headcount,
            latest=index == latest,
        )
        for index, headcount in totals.items()
    ]


def scope_headcounts_refresh(operator_ids) -> None:
    """Rebuild the ScopeHeadcount rows of the given operators from their validated declaration
    lines, in a few queries whatever the number of declarations."""
    operator_ids = list(operator_ids)
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
        .annotate(total=Sum("headcount"))
        .order_by()
    )
    by_city = defaultdict(lambda: defaultdict(int))
    all_cities = defaultdict(lambda: defaultdict(int))
    for operator, segment, city, year, quarter, total in lines:
        index = quarter_index(year, quarter)
        by_city[operator, segment, city][index] += total
        all_cities[operator, segment][index] += total
    rows = [row for (o, s, c), totals in by_city.items() for row in scope_rows(o, s, c, totals)]
    rows += [row for (o, s), totals in all_cities.items() for row in scope_rows(o, s, None, totals)]
    with transaction.atomic():
        ScopeHeadcount.objects.filter(operator__in=operator_ids).delete()
        ScopeHeadcount.objects.bulk_create(rows)


def scope_headcounts_rebuild() -> None:
    """Rebuild every operator's rows (after a bulk load that bypassed the services)."""
    from operators.models import Operator

    scope_headcounts_refresh(Operator.objects.values_list("pk", flat=True))
