"""Two daily runs at once on PostgreSQL (a cron line and a catch-up timer, say): the waiting
entries' row locks make the second digest see that the first one listed them, so the reviewers
get one digest, not two. The world is committed from other threads, as in
test_declaration_concurrency.py (helpers in race_world.py), and removed afterwards."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django_tasks_db.models import DBTaskResult

from operators import review_digest, services
from operators.models import ReviewDigest, ReviewDigestEntry
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
        reason="SQLite runs one write transaction at a time: two digests cannot overlap there",
    ),
]


def build_submitted_world():
    declaration, staff = build_race_world()
    services.declaration_submit(declaration=declaration, user=staff)
    reviewer = get_user_model().objects.create_user(
        username="race-reviewer", email="race-reviewer@gov.example", is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name="Officials"))


def remove_submitted_world():
    ReviewDigestEntry.objects.filter(declaration__site__operator__slug="race-shore").delete()
    ReviewDigest.objects.filter(recipients="race-reviewer@gov.example").delete()
    DBTaskResult.objects.filter(
        args_kwargs__kwargs__recipients=["race-reviewer@gov.example"]
    ).delete()
    get_user_model().objects.filter(username="race-reviewer").delete()
    remove_race_world()


@pytest.fixture
def submitted_world():
    committed(build_submitted_world)
    yield
    committed(remove_submitted_world)


def test_two_digests_at_once_list_the_submission_once(submitted_world, monkeypatch):
    addresses = review_digest.reviewer_addresses

    def slowly():
        # Keeps the first digest inside its transaction while the second one starts.
        time.sleep(0.3)
        return addresses()

    monkeypatch.setattr(review_digest, "reviewer_addresses", slowly)

    outcomes = in_parallel(review_digest.review_digest_send, review_digest.review_digest_send)

    sent = [o for o in outcomes if isinstance(o, ReviewDigest)]
    assert len(sent) == 1 and outcomes.count(None) == 1, outcomes
    e_mails = committed(
        lambda: DBTaskResult.objects.filter(
            args_kwargs__kwargs__recipients=["race-reviewer@gov.example"]
        ).count()
    )
    assert e_mails == 1
