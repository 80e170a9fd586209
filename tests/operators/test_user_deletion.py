"""Deleting a user keeps every record they made, with a label of who it was where the row
would lose the link: memberships, declarations, declaration events. An account whose admin log
would be deleted with it (Django's LogEntry cannot keep a label) is refused: deactivate it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from operators.models import Declaration, DeclarationEvent, OperatorMembership
from operators.services import declaration_submit, declaration_validate
from tests.operators.declaration_world import draft

# English pages and messages, whatever an earlier test left active (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def root_client(django_user_model, admin_login):
    """A superuser's own client: official_client logs the shared `client` in as amina."""
    client = Client()
    admin_login(client, django_user_model.objects.create_superuser("root"))
    return client


@pytest.fixture
def validated(site, atlas_staff, official):
    declaration = draft(site, atlas_staff)
    declaration = declaration_submit(declaration=declaration, user=atlas_staff)
    return declaration_validate(declaration=declaration, user=official)


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def test_deleting_an_operators_staff_member_keeps_their_membership_and_declarations(
    root_client, validated, atlas_staff, world
):
    url = reverse("admin:auth_user_delete", args=[atlas_staff.pk])

    response = root_client.post(url, {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="salma").exists()
    membership = OperatorMembership.objects.get(operator=world.atlas)
    assert (membership.user, membership.former_username) == (None, "salma")
    assert str(membership) == "salma – Atlas Relation"
    declaration = Declaration.objects.get(pk=validated.pk)
    assert (declaration.submitted_by, declaration.submitted_by_username) == (None, "salma")
    actors = set(DeclarationEvent.objects.values_list("actor_username", flat=True))
    assert actors == {"salma", "amina"}
    # The former member's membership still lists in the admin.
    memberships = root_client.get(reverse("admin:operators_operatormembership_changelist"))
    assert memberships.status_code == 200


def test_deleting_an_official_in_bulk_keeps_who_reviewed(root_client, validated, official):
    response = root_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [official.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="amina").exists()
    declaration = Declaration.objects.get(pk=validated.pk)
    assert (declaration.reviewed_by, declaration.reviewed_by_username) == (None, "amina")
    assert declaration.status == Declaration.Status.VALIDATED


def test_an_official_with_an_admin_history_is_refused_and_keeps_it(
    root_client, official_client, official, world
):
    official_client.post(
        reverse("admin:memoranda_memorandum_withdraw", args=[world.rif_mou.pk]),
        {"confirm": "yes", "reason": "Duplicate", "withdrawn_on": "2025-06-30"},
    )
    history = LogEntry.objects.filter(user=official).count()
    assert history == 1

    response = root_client.post(
        reverse("admin:auth_user_delete", args=[official.pk]), {"post": "yes"}, follow=True
    )

    assert get_user_model().objects.filter(pk=official.pk).exists()
    assert LogEntry.objects.filter(user=official).count() == history
    assert "Deactivate the account instead" in messages_of(response)


def test_the_bulk_deletion_refuses_such_an_account_and_deletes_the_others(
    root_client, official_client, official, atlas_staff, world
):
    official_client.post(
        reverse("admin:memoranda_memorandum_withdraw", args=[world.rif_mou.pk]),
        {"confirm": "yes", "reason": "Duplicate", "withdrawn_on": "2025-06-30"},
    )

    response = root_client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [official.pk, atlas_staff.pk],
            "post": "yes",
        },
        follow=True,
    )

    remaining = set(get_user_model().objects.values_list("username", flat=True))
    assert remaining == {"root", "amina"}
    assert "amina was not deleted" in messages_of(response)
    # The deletion log names only the account deleted.
    deleted = LogEntry.objects.filter(user__username="root", action_flag=3)
    assert [entry.object_repr for entry in deleted] == ["salma"]
