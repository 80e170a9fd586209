"""Concurrent submissions on PostgreSQL: the row lock makes the second one see the first.

The race needs rows that other connections can see, so this test commits its own small world
from other threads and deletes it afterwards, instead of a transactional test whose final flush
would also empty the reference data that the migrations seeded for the rest of the suite.
"""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from operators import services
from operators.models import Declaration
from tests.operators.race_world import (
    build_race_world,
    committed,
    in_parallel,
    remove_race_world,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database for each write transaction, so it cannot show "
        "two submissions racing; row locks are PostgreSQL's",
    ),
]


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
