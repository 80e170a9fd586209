from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from memoranda.models import Commitment, Memorandum
from operators.models import Operator

pytestmark = pytest.mark.django_db


def test_it_refuses_to_write_demo_data_without_confirmation():
    with pytest.raises(CommandError, match="--i-know-this-is-demo-data"):
        call_command("generate_demo_commitments", "10", stdout=StringIO())
    assert not Commitment.objects.exists()


def test_it_generates_the_asked_number_of_commitments_all_marked_demo(world):
    call_command("generate_demo_commitments", "23", "--i-know-this-is-demo-data", stdout=StringIO())
    demo = Commitment.objects.filter(memorandum__reference__startswith="DEMO-")
    assert demo.count() == 23
    assert Commitment.objects.count() == 5 + 23
    assert all(
        name.startswith("DEMO ")
        for name in Operator.objects.filter(memoranda__reference__startswith="DEMO-").values_list(
            "name", flat=True
        )
    )


def test_it_deletes_demo_data_and_nothing_else(world):
    call_command("generate_demo_commitments", "12", "--i-know-this-is-demo-data", stdout=StringIO())
    call_command("generate_demo_commitments", "--delete", stdout=StringIO())
    assert Commitment.objects.count() == 5
    assert Memorandum.objects.count() == 2
    assert Operator.objects.count() == 2


def test_it_generates_demo_declarations_for_demo_operators_only(world):
    from operators.models import Declaration, DeclarationLine, Site

    call_command(
        "generate_demo_commitments",
        "20",
        "--quarters",
        "3",
        "--i-know-this-is-demo-data",
        stdout=StringIO(),
    )
    sites = Site.objects.filter(operator__slug__startswith="demo-operator-")
    assert sites.exists()
    assert Declaration.objects.count() == sites.count() * 3
    assert set(Declaration.objects.values_list("year", "quarter")) == {
        (2025, 2),
        (2025, 3),
        (2025, 4),
    }
    # Every line's segment is one its site serves, and the counts hold together.
    for line in DeclarationLine.objects.select_related("declaration__site"):
        assert line.segment in line.declaration.site.segments.all()
        assert line.women <= line.permanent <= line.headcount
    call_command("generate_demo_commitments", "--delete", stdout=StringIO())
    assert not Declaration.objects.exists()
    assert Site.objects.count() == 1  # Atlas's own site stays


def test_demo_declarations_come_in_on_time_and_late(world):
    """So that the review queue's late filter has something to find in benchmarks."""
    from operators.calendar import late_declarations
    from operators.models import Declaration

    call_command(
        "generate_demo_commitments",
        "20",
        "--quarters",
        "3",
        "--i-know-this-is-demo-data",
        stdout=StringIO(),
    )
    late = late_declarations(Declaration.objects.all()).count()

    assert 0 < late < Declaration.objects.count()
    assert not Declaration.objects.filter(first_submitted_at__isnull=True).exists()
