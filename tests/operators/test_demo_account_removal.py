"""The migration that removes what the former create_demo_operator_account command gave the
real founding operator Cnexia: its DEMO site in Fès, that site's declarations and the staff
account demo-cnexia. Cnexia's real site "Fès Shore" and its declarations stay.
"""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from operators.headcounts import scope_headcounts_refresh
from operators.models import (
    Declaration,
    DeclarationEvent,
    DeclarationLine,
    Operator,
    OperatorMembership,
    ScopeHeadcount,
    Site,
)
from operators.services import declaration_save_draft, declaration_submit, declaration_validate

pytestmark = pytest.mark.django_db

migration = importlib.import_module("operators.migrations.0012_remove_demo_operator_account")
DEMO_SITE = "DEMO – site de démonstration"


def remove():
    migration.remove_demo_operator_account(apps, None)


def declare(site, staff, official, quarter, headcount, validate=True):
    declaration = declaration_save_draft(
        site=site, year=2024, quarter=quarter, lines={"BPO": (headcount, 0, 0)}, user=staff
    )
    declaration = declaration_submit(declaration=declaration, user=staff, explanation="Growth.")
    if validate:
        declaration = declaration_validate(declaration=declaration, user=official)
    return declaration


@pytest.fixture
def cnexia(db, cities, segments):
    call_command("load_founding_data", stdout=StringIO())
    operator = Operator.objects.get(slug="cnexia")
    real = operator.sites.create(name="Fès Shore", city=cities["fes"])
    real.segments.set([segments["BPO"]])
    return operator


@pytest.fixture
def demo_account(cnexia, cities, segments, django_user_model):
    """What the command created: the account, its membership and the DEMO site in Fès."""
    user = django_user_model.objects.create_user(username="demo-cnexia", password="x-demo-1")
    OperatorMembership.objects.create(user=user, operator=cnexia)
    site = cnexia.sites.create(name=DEMO_SITE, city=cities["fes"])
    site.segments.set([segments["BPO"]])
    return user


@pytest.fixture
def declared(cnexia, demo_account, official):
    """The demo account declared for both sites; the real site's figures were validated."""
    real = cnexia.sites.get(name="Fès Shore")
    demo = cnexia.sites.get(name=DEMO_SITE)
    declare(real, demo_account, official, 1, 100)
    declare(demo, demo_account, official, 1, 40)
    declare(demo, demo_account, official, 2, 45)
    declare(demo, demo_account, official, 3, 50, validate=False)


def fes_bpo_history():
    return list(
        ScopeHeadcount.objects.filter(segment__code="BPO", city__slug="fes")
        .order_by("quarter_index")
        .values_list("quarter_index", "headcount", "latest")
    )


def test_it_removes_the_demo_site_its_declarations_and_the_demo_account(declared):
    remove()

    assert not Site.objects.filter(name=DEMO_SITE).exists()
    assert not get_user_model().objects.filter(username="demo-cnexia").exists()
    assert not OperatorMembership.objects.exists()
    assert set(Declaration.objects.values_list("site__name", flat=True)) == {"Fès Shore"}
    assert DeclarationLine.objects.count() == 1
    assert set(DeclarationEvent.objects.values_list("declaration__site__name", flat=True)) == {
        "Fès Shore"
    }


def test_it_leaves_cnexias_real_site_and_its_validated_figures(declared):
    real = Declaration.objects.get(site__name="Fès Shore")

    remove()

    real.refresh_from_db()
    assert real.status == Declaration.Status.VALIDATED
    assert real.submitted_by is None  # the account is gone; its history keeps the name
    assert real.events.filter(actor_username="demo-cnexia").exists()
    # Fès BPO counted the demo site too; it is back to the real site's figure alone.
    assert fes_bpo_history() == [(2024 * 4, 100, True)]


def test_the_rebuilt_figures_are_those_the_services_make(declared):
    remove()
    rebuilt = fes_bpo_history()

    scope_headcounts_refresh([Operator.objects.get(slug="cnexia").pk])

    assert fes_bpo_history() == rebuilt


def test_it_keeps_an_account_named_demo_cnexia_that_was_made_staff(demo_account):
    demo_account.is_staff = True
    demo_account.save()

    remove()

    assert get_user_model().objects.filter(username="demo-cnexia").exists()
    assert OperatorMembership.objects.filter(user=demo_account).exists()
    assert not Site.objects.filter(name=DEMO_SITE).exists()


def test_it_touches_nothing_on_a_database_without_the_demo_account(cnexia, official):
    remove()

    assert list(cnexia.sites.values_list("name", flat=True)) == ["Fès Shore"]
    assert get_user_model().objects.filter(username="amina").exists()


def test_a_demo_named_site_of_another_operator_stays(world, cities):
    world.atlas.sites.create(name=DEMO_SITE, city=cities["fes"])

    remove()

    assert world.atlas.sites.filter(name=DEMO_SITE).exists()
