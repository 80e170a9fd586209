"""Concurrent submissions on PostgreSQL: the row lock makes the second one see the first.

The race needs rows that other connections can see, so this test commits its own small world
from other threads and deletes it afterwards, instead of a transactional test whose final flush
would also empty the reference data that the migrations seeded for the rest of the suite.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from operators import services
from operators.models import (
    City,
    Declaration,
    DeclarationEvent,
    Operator,
    OperatorMembership,
    Segment,
    Site,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database for each write transaction, so it cannot show "
        "two submissions racing; row locks are PostgreSQL's",
    ),
]


def in_parallel(*calls):
    """Run each call in its own thread, hence its own committed connection; return what each
    returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def committed(call):
    [outcome] = in_parallel(call)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def build_race_world():
    operator = Operator.objects.create(name="Race Shore", slug="race-shore")
    site = Site.objects.create(operator=operator, name="Race 1", city=City.objects.first())
    site.segments.set([Segment.objects.get(code="BPO")])
    user = get_user_model().objects.create_user(username="race-staff")
    OperatorMembership.objects.create(user=user, operator=operator)
    declaration = services.declaration_save_draft(
        site=site, year=2024, quarter=1, lines={"BPO": (10, 5, 5)}, user=user
    )
    return declaration, user


def remove_race_world():
    DeclarationEvent.objects.filter(declaration__site__operator__slug="race-shore").delete()
    Declaration.objects.filter(site__operator__slug="race-shore").delete()
    Site.objects.filter(operator__slug="race-shore").delete()
    OperatorMembership.objects.filter(operator__slug="race-shore").delete()
    get_user_model().objects.filter(username="race-staff").delete()
    Operator.objects.filter(slug="race-shore").delete()


@pytest.fixture
def race_world():
    world = committed(build_race_world)
    yield world
    committed(remove_race_world)


def test_two_submissions_of_one_draft_give_one_submission_and_a_clear_error(
    race_world, monkeypatch
):
    declaration, staff = race_world
    check = services.large_change_error

    def slowly(declaration):
        # Keeps the first submission inside its transaction while the second one starts.
        time.sleep(0.3)
        return check(declaration)

    monkeypatch.setattr(services, "large_change_error", slowly)

    def submit():
        return services.declaration_submit(declaration=declaration, user=staff)

    outcomes = in_parallel(submit, submit)

    submitted = [o for o in outcomes if isinstance(o, Declaration)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(submitted) == 1 and len(refused) == 1, outcomes
    with translation.override("en"):
        assert "awaits review" in refused[0].message_dict["status"][0]
    events = committed(lambda: list(declaration.events.values_list("action", flat=True)))
    assert events == ["created", "submitted"]
