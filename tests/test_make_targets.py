"""`make run` serves real data only; `make demo` serves a demo world from a database of its own.

The commands `make run` runs are read from the Makefile itself, so that a demo command added to
it later fails here.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q

from memoranda.models import Commitment, Memorandum, Signing
from operators.models import Declaration, Operator, OperatorMembership, Site

MAKEFILE = Path(settings.BASE_DIR) / "Makefile"
# The test database is migrated already; nothing to serve or to work on.
SERVES = {"migrate", "runserver", "db_worker"}


def recipe(target: str) -> tuple[list[str], list[str]]:
    """The target's `export` lines and the manage.py commands of its recipe, in order."""
    text = MAKEFILE.read_text()
    exports = re.findall(rf"^{target}: export (.+)$", text, re.M)
    body = re.search(rf"^{target}: \$\(VENV\).*\n((?:\t.*\n)+)", text, re.M)[1]
    serve = re.search(r"^SERVE = ((?:.*\\\n)*.*)$", text, re.M)[1]
    return exports, re.findall(r"manage\.py (\S+)", body.replace("$(SERVE)", serve))


def demo_in(*values) -> bool:
    return any("demo" in (value or "").lower() for value in values)


@pytest.mark.django_db
def test_make_runs_commands_create_no_demo_object(settings):
    settings.DEBUG = True  # as make run sets it
    exports, commands = recipe("run")
    assert "DEMO = false" in exports
    assert commands[0] == "migrate"
    assert commands[-3:] == ["run_daily_work", "db_worker", "runserver"]

    for command in commands:
        if command not in SERVES:
            call_command(command, stdout=StringIO())

    assert Operator.objects.exists()  # the founding data
    assert not [o for o in Operator.objects.all() if demo_in(o.name, o.slug)]
    assert not [s for s in Site.objects.all() if demo_in(s.name)]
    assert not [m for m in Memorandum.objects.all() if demo_in(m.reference)]
    assert not [s for s in Signing.objects.all() if demo_in(s.title, s.slug)]
    assert not Commitment.objects.filter(memorandum__reference__istartswith="demo").exists()
    assert not Declaration.objects.exists()
    assert not OperatorMembership.objects.exists()
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["admin"]
    assert not get_user_model().objects.filter(Q(username__icontains="demo")).exists()


def test_make_demo_serves_a_demo_world_from_its_own_database():
    exports, commands = recipe("demo")

    assert "DEMO = true" in exports
    assert "DEBUG = true" in exports
    assert "DATABASE_URL = sqlite:///$(CURDIR)/var/demo.sqlite3" in exports
    assert commands == ["migrate", "create_demo_world", "run_daily_work", "db_worker", "runserver"]
