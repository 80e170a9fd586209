"""Integrity lives in the database: each named constraint refuses bad rows with its message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from memoranda.models import Commitment, Memorandum, Signing
from operators.models import Operator, Segment, Site

# Messages are read in English.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def refused(model_instance) -> str:
    """Save through the database and return the constraint's name from the error."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        model_instance.save()
    return str(caught.value)


def test_it_refuses_zero_jobs_committed(world, segments):
    commitment = Commitment(memorandum=world.rif_mou, segment=segments["BPO"], jobs_committed=0)
    assert "commitment_jobs_committed_positive" in refused(commitment)
    with pytest.raises(ValidationError, match="Jobs committed must be a positive number"):
        commitment.full_clean()


def test_it_refuses_a_second_commitment_for_the_same_memorandum_segment_and_city(
    world, segments, cities
):
    duplicate = Commitment(
        memorandum=world.atlas_mou,
        segment=segments["BPO"],
        city=cities["casablanca"],
        jobs_committed=10,
    )
    refused(duplicate)
    with pytest.raises(ValidationError, match="already has a commitment for this segment in"):
        duplicate.full_clean()


def test_it_refuses_a_second_unallocated_commitment_for_the_same_segment(world, segments):
    duplicate = Commitment(memorandum=world.atlas_mou, segment=segments["ITO"], jobs_committed=5)
    refused(duplicate)
    with pytest.raises(ValidationError, match="not yet allocated to a city"):
        duplicate.full_clean()


def test_it_accepts_the_same_segment_in_another_city_and_unallocated(world, segments, cities):
    Commitment.objects.create(
        memorandum=world.atlas_mou, segment=segments["ITO"], city=cities["rabat"], jobs_committed=5
    )
    Commitment.objects.create(memorandum=world.rif_mou, segment=segments["ITO"], jobs_committed=5)
    assert Commitment.objects.filter(segment__code="ITO").count() == 4


def test_it_refuses_a_horizon_before_the_signature(world):
    memorandum = Memorandum(
        reference="LATE-1",
        operator=world.rif,
        signed_on=datetime.date(2024, 6, 1),
        horizon_year=2023,
    )
    assert "memorandum_horizon_not_before_signature" in refused(memorandum)
    with pytest.raises(ValidationError, match="horizon year cannot come before the signature"):
        memorandum.full_clean()


def test_it_accepts_a_horizon_in_the_year_of_signature(world):
    Memorandum.objects.create(
        reference="SAME-YEAR",
        operator=world.rif,
        signed_on=datetime.date(2024, 6, 1),
        horizon_year=2024,
    )


def test_it_refuses_a_reference_that_cannot_stand_in_a_url(world):
    memorandum = Memorandum(
        reference="MOU 2024/1",
        operator=world.rif,
        signed_on=datetime.date(2024, 6, 1),
        horizon_year=2025,
    )
    assert "memorandum_reference_format" in refused(memorandum)


def test_it_refuses_a_duplicate_reference(world):
    refused(
        Memorandum(
            reference="RIF-2024-1",
            operator=world.atlas,
            signed_on=datetime.date(2024, 6, 1),
            horizon_year=2025,
        )
    )


def test_it_refuses_an_unknown_memorandum_status(world):
    world.rif_mou.status = "forgotten"
    assert "memorandum_status_known" in refused(world.rif_mou)


@pytest.mark.parametrize("ice", ["12345", "12345678901234X", "12345 678901234"])
def test_it_refuses_an_ice_that_is_not_fifteen_digits(ice):
    assert "operator_ice_fifteen_digits" in refused(Operator(name="Bad", slug="bad", ice=ice))


def test_it_refuses_an_ice_another_operator_has(world):
    refused(Operator(name="Copy", slug="copy", ice=world.rif.ice))


def test_it_allows_many_operators_without_ice(world):
    Operator.objects.create(name="First", slug="first")
    Operator.objects.create(name="Second", slug="second")
    assert Operator.objects.filter(ice="").count() == 3


def test_it_refuses_an_operator_name_that_differs_only_by_case(world):
    refused(Operator(name="ATLAS RELATION", slug="atlas-2"))


def test_it_refuses_two_sites_of_one_operator_with_one_name(world, cities):
    refused(Site(operator=world.atlas, name="Casanearshore 1", city=cities["rabat"]))


def test_it_refuses_a_lower_case_segment_code():
    assert "segment_code_upper_case" in refused(Segment(code="xpo", name="X"))


@pytest.mark.parametrize("field", ["announced_jobs", "announced_budget_mad"])
def test_it_refuses_non_positive_announced_figures(world, field):
    setattr(world.signing, field, 0)
    refused(world.signing)


def test_deleting_an_operator_with_memoranda_is_refused(world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world.rif.delete()


def test_signing_keeps_unknown_announced_figures_unknown(db):
    signing = Signing.objects.create(slug="s", title="S", signed_on=datetime.date(2024, 1, 1))
    signing.refresh_from_db()
    assert signing.announced_jobs is None
    assert signing.announced_budget_mad is None
