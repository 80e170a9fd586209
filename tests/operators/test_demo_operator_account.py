from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from operators.models import OperatorMembership, Site

pytestmark = pytest.mark.django_db


def test_it_creates_a_cnexia_staff_account_once_with_a_demo_site(settings, client):
    settings.DEBUG = True
    call_command("load_founding_data", stdout=StringIO())
    first, second = StringIO(), StringIO()
    call_command("create_demo_operator_account", stdout=first)
    call_command("create_demo_operator_account", stdout=second)
    password = first.getvalue().split("password: ")[1].split()[0]
    membership = OperatorMembership.objects.select_related("user", "operator").get()
    assert membership.operator.slug == "cnexia"
    assert membership.user.check_password(password)
    assert password not in second.getvalue()
    site = Site.objects.get(operator__slug="cnexia")
    assert site.name.startswith("DEMO")
    assert site.city.slug == "fes"
    assert client.login(username="demo-cnexia", password=password)


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_operator_account", stdout=StringIO())
    assert not OperatorMembership.objects.exists()
