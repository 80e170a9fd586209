"""Remove what the former create_demo_operator_account command gave the real founding operator
Cnexia: a site named "DEMO – site de démonstration", the declarations made for it (with their
lines and history) and the staff account demo-cnexia with its membership. Demo data never share
a database with real data; `make demo` now serves a demo world from a database of its own.

Nothing else is touched: Cnexia's other sites and declarations, and an account named
demo-cnexia that someone has since made staff, stay.
"""

from collections import defaultdict

from django.conf import settings
from django.db import migrations
from django.db.models import Sum

OPERATOR_SLUG = "cnexia"
DEMO_SITE = "DEMO – site de démonstration"
USERNAME = "demo-cnexia"


def remove_demo_operator_account(apps, schema_editor):
    Site = apps.get_model("operators", "Site")
    Declaration = apps.get_model("operators", "Declaration")
    DeclarationLine = apps.get_model("operators", "DeclarationLine")
    DeclarationEvent = apps.get_model("operators", "DeclarationEvent")
    OperatorMembership = apps.get_model("operators", "OperatorMembership")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    site = Site.objects.filter(operator__slug=OPERATOR_SLUG, name=DEMO_SITE).first()
    if site is not None:
        declarations = Declaration.objects.filter(site=site)
        counted = declarations.filter(status="validated").exists()
        DeclarationLine.objects.filter(declaration__in=declarations).delete()
        DeclarationEvent.objects.filter(declaration__in=declarations).delete()
        declarations.delete()
        site.segments.clear()
        operator_id = site.operator_id
        site.delete()
        if counted:
            rebuild_scope_headcounts(apps, operator_id)

    user = User.objects.filter(username=USERNAME, is_staff=False, is_superuser=False).first()
    if user is not None:
        OperatorMembership.objects.filter(user=user).delete()
        user.delete()


def rebuild_scope_headcounts(apps, operator_id: int) -> None:
    """The operator's validated headcount per scope and quarter, without the removed site:
    what operators.headcounts.scope_headcounts_refresh makes, with the historical models."""
    ScopeHeadcount = apps.get_model("operators", "ScopeHeadcount")
    DeclarationLine = apps.get_model("operators", "DeclarationLine")
    lines = (
        DeclarationLine.objects.filter(
            declaration__status="validated", declaration__site__operator=operator_id
        )
        .values_list(
            "segment", "declaration__site__city", "declaration__year", "declaration__quarter"
        )
        .annotate(total=Sum("headcount"))
        .order_by()
    )
    scopes = defaultdict(lambda: defaultdict(int))
    for segment, city, year, quarter, total in lines:
        index = year * 4 + quarter - 1
        scopes[segment, city][index] += total
        scopes[segment, None][index] += total
    ScopeHeadcount.objects.filter(operator=operator_id).delete()
    ScopeHeadcount.objects.bulk_create(
        ScopeHeadcount(
            operator_id=operator_id,
            segment_id=segment,
            city_id=city,
            quarter_index=index,
            headcount=headcount,
            latest=index == max(totals),
        )
        for (segment, city), totals in scopes.items()
        for index, headcount in totals.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("operators", "0011_declaration_first_submitted_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(remove_demo_operator_account, migrations.RunPython.noop)]
