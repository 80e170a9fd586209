"""The founding case loads as the facts sheet gives it, and loading it again changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from memoranda.models import Commitment, Memorandum, Signing
from operators.models import City, Operator

pytestmark = pytest.mark.django_db


def load() -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_founding_data", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Signing.objects.values()),
        list(Operator.objects.values()),
        list(Memorandum.objects.values()),
        list(Commitment.objects.values()),
    )


def test_it_records_the_four_memoranda_and_5050_jobs():
    load()
    assert Memorandum.objects.count() == 4
    assert Commitment.objects.totals()["jobs_committed"] == 5050
    jobs = dict(Commitment.objects.values_list("memorandum__operator__name", "jobs_committed"))
    assert jobs == {"NTT Data Morocco": 1000, "Phoneo": 2000, "Cnexia": 1750, "Eids Maroc": 300}
    segments = dict(Commitment.objects.values_list("memorandum__operator__name", "segment__code"))
    assert segments == {
        "NTT Data Morocco": "ITO",
        "Phoneo": "BPO",
        "Cnexia": "BPO",
        "Eids Maroc": "BPO",
    }


def test_it_invents_no_city_split():
    load()
    assert not Commitment.objects.filter(city__isnull=False).exists()
    assert Commitment.objects.filter(baseline_headcount__isnull=False).count() == 0


def test_cnexia_is_based_in_fes_and_no_other_operator_has_a_home_city():
    load()
    homes = dict(Operator.objects.values_list("name", "home_city__slug"))
    assert homes == {
        "Cnexia": "fes",
        "Eids Maroc": None,
        "NTT Data Morocco": None,
        "Phoneo": None,
    }


def test_the_announced_figures_and_source_belong_to_the_signing():
    load()
    signing = Signing.objects.get()
    assert signing.signed_on == datetime.date(2022, 4, 20)
    assert signing.announced_jobs == 5050
    assert signing.announced_budget_mad == Decimal("65000000")
    assert signing.city == City.objects.get(slug="casablanca")
    assert "Médias24" in signing.source_publisher
    assert signing.source_url == ""  # the facts sheet gives no address: none is invented
    assert set(Memorandum.objects.values_list("signing", flat=True)) == {signing.pk}
    assert set(Memorandum.objects.values_list("horizon_year", flat=True)) == {2026}


def test_loading_twice_changes_nothing():
    first_output = load()
    before = snapshot()
    second_output = load()
    assert snapshot() == before
    assert "Created memorandum MDE-2022-PHONEO" in first_output
    assert "nothing changed" in second_output


def test_loading_again_keeps_an_officials_later_city_allocation(cities):
    load()
    commitment = Commitment.objects.get(memorandum__reference="MDE-2022-CNEXIA")
    commitment.city = cities["fes"]
    commitment.save()
    load()
    assert Commitment.objects.filter(memorandum__reference="MDE-2022-CNEXIA").count() == 1
    assert Commitment.objects.get(memorandum__reference="MDE-2022-CNEXIA").city == cities["fes"]
