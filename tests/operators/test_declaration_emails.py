"""E-mails to an operator's staff when an official returns or reopens one of its declarations:
through the task worker once the change commits, in each member's language, with the reason and
a link to the declaration, to that operator's staff only.

Atlas's site Casanearshore 1 (BPO and ITO) declares 2024 Q1; salma and omar are Atlas's staff,
youssef is Rif Digital's.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from operators.models import Declaration, OperatorMembership
from operators.services import (
    declaration_reopen,
    declaration_return,
    declaration_submit,
    declaration_validate,
)
from tests.conftest import run_worker
from tests.operators.declaration_world import draft


def reads(user, language, email):
    user.email = email
    user.save()
    OperatorMembership.objects.filter(user=user).update(language=language)


@pytest.fixture
def submitted(site, atlas_staff, rif_staff):
    reads(atlas_staff, "fr", "salma@atlas.example")
    reads(rif_staff, "fr", "youssef@rif.example")
    return declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)


@pytest.fixture
def omar(django_user_model, world):
    user = django_user_model.objects.create_user(username="omar", email="omar@atlas.example")
    OperatorMembership.objects.create(user=user, operator=world.atlas, language="en")
    return user


def by_recipient():
    return {tuple(message.to): message for message in mail.outbox}


def test_a_returned_declaration_e_mails_the_operators_staff_with_the_reason_and_a_link(
    site, submitted, official, delivered
):
    with delivered():
        declaration_return(declaration=submitted, user=official, reason="ITO women look wrong")

    [message] = mail.outbox
    assert message.to == ["salma@atlas.example"]
    assert message.body.startswith("Bonjour,")
    assert "Casanearshore 1, T1 2024" in message.subject
    assert "ITO women look wrong" in message.body
    assert f"http://127.0.0.1:8000/space/sites/{site.pk}/2024/q1/" in message.body


def test_each_member_reads_it_in_their_own_language(site, submitted, omar, official, delivered):
    reads(omar, "en", "omar@atlas.example")

    with delivered():
        declaration_return(declaration=submitted, user=official, reason="Check the BPO total")

    messages = by_recipient()
    assert set(messages) == {("omar@atlas.example",), ("salma@atlas.example",)}
    english = messages[("omar@atlas.example",)]
    assert english.subject == "Declaration returned for a correction: Casanearshore 1, 2024 Q1"
    assert english.body.startswith("Hello,")
    assert "An official returned the declaration of Casanearshore 1 for 2024 Q1" in english.body
    assert f"http://127.0.0.1:8000/en/space/sites/{site.pk}/2024/q1/" in english.body
    french = messages[("salma@atlas.example",)]
    assert "/en/" not in french.body


def test_a_reopened_declaration_e_mails_its_staff_in_arabic_with_the_arabic_link(
    site, submitted, atlas_staff, official, second_official, delivered
):
    validated = declaration_validate(declaration=submitted, user=official)
    reads(atlas_staff, "ar", "salma@atlas.example")

    with delivered():
        declaration_reopen(declaration=validated, user=second_official, reason="BPO misread")

    [message] = mail.outbox
    assert message.to == ["salma@atlas.example"]
    assert "Casanearshore 1" in message.subject
    assert "BPO misread" in message.body
    assert f"http://127.0.0.1:8000/ar/space/sites/{site.pk}/2024/q1/" in message.body
    assert message.body.startswith("مرحبًا،")
    assert "الفصل 1 من سنة 2024" in message.subject


def test_reopening_says_the_figures_stop_counting_until_validated_again(
    submitted, atlas_staff, official, second_official, delivered
):
    validated = declaration_validate(declaration=submitted, user=official)
    reads(atlas_staff, "en", "salma@atlas.example")

    with delivered():
        declaration_reopen(declaration=validated, user=second_official, reason="Recount")

    [message] = mail.outbox
    assert message.subject == "Declaration reopened for a correction: Casanearshore 1, 2024 Q1"
    assert "count in no public total" in message.body


def test_only_that_operators_active_staff_with_an_address_are_written_to(
    submitted, omar, django_user_model, world, official, delivered
):
    omar.is_active = False
    omar.save()
    nameless = django_user_model.objects.create_user(username="nadia")
    OperatorMembership.objects.create(user=nameless, operator=world.atlas)

    with delivered():
        declaration_return(declaration=submitted, user=official, reason="Check")

    assert [message.to for message in mail.outbox] == [["salma@atlas.example"]]


def test_nothing_is_sent_before_the_return_commits(
    submitted, official, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration_return(declaration=submitted, user=official, reason="Check")
        assert not DBTaskResult.objects.exists()
        run_worker()
        assert mail.outbox == []

    run_worker()
    assert len(mail.outbox) == 1


def test_a_return_rolled_back_sends_nothing(submitted, official, delivered):
    with delivered(), pytest.raises(RuntimeError), transaction.atomic():
        declaration_return(declaration=submitted, user=official, reason="Check")
        raise RuntimeError("a later step of the same change fails")

    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()
    assert Declaration.objects.get().status == Declaration.Status.SUBMITTED


def test_a_refused_return_sends_nothing(site, atlas_staff, official, delivered):
    reads(atlas_staff, "fr", "salma@atlas.example")
    still_draft = draft(site, atlas_staff)

    with delivered(), pytest.raises(ValidationError):
        declaration_return(declaration=still_draft, user=official, reason="Check")

    assert mail.outbox == []


def test_returning_from_the_admin_e_mails_the_staff(
    submitted, official_client, atlas_staff, delivered
):
    reads(atlas_staff, "en", "salma@atlas.example")

    with delivered():
        response = official_client.post(
            "/admin/operators/declaration/",
            {
                "action": "return_selected",
                "_selected_action": [submitted.pk],
                "confirm": "1",
                "reason": "Women above the headcount in ITO",
            },
        )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["salma@atlas.example"]
    assert "Women above the headcount in ITO" in message.body
