"""References are unique ignoring case; a terminated memorandum has its termination date; the
database, the admin form and the import say so in the same words."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from memoranda import imports
from memoranda.models import REFERENCE_PATTERN, Memorandum

# English pages and messages, whatever an earlier test left active (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

CASE_MESSAGE = "A memorandum with this reference already exists (ignoring case)."
TERMINATED_MESSAGE = "A terminated memorandum needs its termination date."


def refused(memorandum) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        memorandum.save()
    return str(caught.value)


def test_the_database_refuses_a_reference_differing_only_by_case(world):
    twin = Memorandum(
        reference="atlas-2023-1",
        operator=world.rif,
        signed_on=datetime.date(2023, 3, 15),
        horizon_year=2026,
    )
    assert "memorandum_reference_unique_ignoring_case" in refused(twin)


def test_the_database_refuses_a_terminated_memorandum_without_its_date(world):
    world.rif_mou.status = Memorandum.Status.TERMINATED
    assert "memorandum_terminated_has_date" in refused(world.rif_mou)


def test_a_terminated_memorandum_with_its_date_is_accepted(world):
    world.rif_mou.status = Memorandum.Status.TERMINATED
    world.rif_mou.terminated_on = datetime.date(2025, 2, 1)
    world.rif_mou.save()


def test_the_import_checks_the_constraints_own_pattern():
    constraint = next(
        c for c in Memorandum._meta.constraints if c.name == "memorandum_reference_format"
    )
    assert constraint.condition.children == [("reference__regex", REFERENCE_PATTERN)]
    assert imports.REFERENCE.pattern == REFERENCE_PATTERN


def change_form_post(memorandum, **changes):
    data = {
        "reference": memorandum.reference,
        "operator": memorandum.operator_id,
        "signed_on": memorandum.signed_on.isoformat(),
        "horizon_year": str(memorandum.horizon_year),
        "status": memorandum.status,
        "follow_up_quarters": "0",
        "terminated_on": "",
        "commitments-TOTAL_FORMS": "0",
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_the_admin_form_says_a_terminated_memorandum_needs_its_date(official_client, world):
    memorandum = world.rif_mou

    response = official_client.post(
        reverse("admin:memoranda_memorandum_change", args=[memorandum.pk]),
        change_form_post(memorandum, status="terminated"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["terminated_on"] == [TERMINATED_MESSAGE]
    assert Memorandum.objects.get(pk=memorandum.pk).status == "in_force"


def test_the_admin_form_refuses_a_reference_differing_only_by_case(official_client, world):
    memorandum = world.rif_mou

    response = official_client.post(
        reverse("admin:memoranda_memorandum_change", args=[memorandum.pk]),
        change_form_post(memorandum, reference="atlas-2023-1"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reference"] == [CASE_MESSAGE]
    assert Memorandum.objects.get(pk=memorandum.pk).reference == "RIF-2024-1"


def test_the_import_refuses_a_reference_differing_only_by_case(world, tmp_path):
    path = tmp_path / "commitments.csv"
    path.write_text(
        "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"
        "atlas-2023-1,2023-03-15,Atlas Relation,Rabat,BPO,80,2026\n"
    )

    with pytest.raises(CommandError) as caught:
        call_command("import_commitments", str(path), stdout=io.StringIO())

    assert f"line 2, column memorandum_reference: {CASE_MESSAGE} ATLAS-2023-1" in str(caught.value)
    assert not Memorandum.objects.filter(reference="atlas-2023-1").exists()
    assert world.atlas_mou.commitments.count() == 3
