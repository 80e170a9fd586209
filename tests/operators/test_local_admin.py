from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_creates_the_local_admin_once_and_prints_its_password_once(settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()
    call_command("create_local_admin", stdout=first)
    call_command("create_local_admin", stdout=second)
    password = first.getvalue().split("password: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    validate_password(password, admin)  # 12 characters or more, none common
    assert password not in second.getvalue()


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_local_admin", stdout=StringIO())
    assert not get_user_model().objects.exists()
