"""Helpers for races on PostgreSQL: calls run in threads of their own, hence committed
connections of their own, on a small world committed the same way and removed afterwards."""

import threading

from django.contrib.auth import get_user_model
from django.db import connection

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
