"""Validated headcounts per scope (operator x segment x city, and operator x segment over all
its cities) and quarter, kept in ScopeHeadcount for the pages that read thousands of them at
once."""

from django.db import connection, models, transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Cast

from operators.models import Declaration, DeclarationLine, ScopeHeadcount
from operators.querysets import quarter_index


def validated_totals(operator_ids: list, by_city: bool):
    """The validated headcount of each scope of the given operators in each quarter with
    validated declarations: per city, or over all the operator's cities (city NULL)."""
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
        .annotate(scope_headcount=Sum("headcount"))
        .order_by()
    )


def insert_scope_rows(totals) -> None:
    """ScopeHeadcount rows from `totals` (see validated_totals), each scope's latest quarter
    marked, written by the database itself: at millions of declaration lines, reading them
    into Python and writing them back took minutes."""
    select, params = totals.query.sql_with_params()
    quote = connection.ops.quote_name
    fields = ["operator", "segment", "city", "quarter_index", "headcount", "latest"]
    columns = ", ".join(quote(ScopeHeadcount._meta.get_field(name).column) for name in fields)
    latest = (
        "scope_quarter = MAX(scope_quarter) OVER "
        "(PARTITION BY scope_operator, scope_segment, scope_city)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(ScopeHeadcount._meta.db_table)} ({columns}) "
            f"SELECT scope_operator, scope_segment, scope_city, scope_quarter, "
            f"scope_headcount, {latest} FROM ({select}) AS totals",
            params,
        )


def scope_headcounts_refresh(operator_ids) -> None:
    """Rebuild the ScopeHeadcount rows of the given operators from their validated declaration
    lines, in a few queries whatever the number of declarations."""
    operator_ids = list(operator_ids)
    with transaction.atomic():
        ScopeHeadcount.objects.filter(operator__in=operator_ids).delete()
        insert_scope_rows(validated_totals(operator_ids, by_city=True))
        insert_scope_rows(validated_totals(operator_ids, by_city=False))


def scope_headcounts_rebuild() -> None:
    """Rebuild every operator's rows (after a bulk load that bypassed the services)."""
    from operators.models import Operator

    scope_headcounts_refresh(Operator.objects.values_list("pk", flat=True))
