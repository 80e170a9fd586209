"""Nothing public vanishes: signings, memoranda, commitments, operators and sites are withdrawn
with a reason and a date, never deleted; they stay on their pages marked as withdrawn and leave
every total from then on.

Totals worked out by hand from the world in tests/conftest.py (1,100 jobs, 5 commitments):
- withdrawing Rif's KPO Casablanca commitment (50) leaves 1,050 jobs in 4 commitments,
  Casablanca 400 (from 450), and no KPO row;
- withdrawing RIF-2024-1 (ITO Tanger 300, KPO Casablanca 50) leaves 750 jobs in 3 commitments;
- withdrawing the signing Offshoring 2023 (ATLAS-2023-1: 400 + 250 + 100) leaves 350 in 2.
"""

import csv
import datetime
import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.urls import reverse

from memoranda import dashboard
from memoranda.models import Commitment, CommitmentMeasurement, Memorandum, Signing
from memoranda.withdrawals import (
    commitment_withdraw,
    memorandum_withdraw,
    operator_withdraw,
    signing_withdraw,
)
from operators.models import Operator, Site
from tests.memoranda.progress_world import declare, set_baseline, site
from tests.totals import headline

# English pages and messages, whatever an earlier test left active (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

D = datetime.date
ON = D(2025, 6, 30)


def kpo(world):
    return Commitment.objects.get(memorandum=world.rif_mou, segment__code="KPO")


def by_city(rows):
    return {row["city__slug"]: row["jobs_committed"] for row in rows}


class TestConstraints:
    @pytest.mark.parametrize(
        ("model", "name"),
        [
            (Signing, "signing"),
            (Memorandum, "memorandum"),
            (Commitment, "commitment"),
            (Operator, "operator"),
            (Site, "site"),
        ],
    )
    def test_a_withdrawal_without_its_reason_is_refused_by_the_database(self, world, model, name):
        with (
            pytest.raises(IntegrityError, match=f"{name}_withdrawal_has_reason"),
            transaction.atomic(),
        ):
            model.objects.update(withdrawn_on=ON, withdrawal_reason="")

    def test_a_reason_without_a_date_is_refused_by_the_database(self, world):
        with (
            pytest.raises(IntegrityError, match="memorandum_withdrawal_has_reason"),
            transaction.atomic(),
        ):
            Memorandum.objects.update(withdrawal_reason="typo")

    def test_a_withdrawal_in_the_future_is_refused_by_the_database(self, world):
        later = datetime.date.today() + datetime.timedelta(days=3)
        with (
            pytest.raises(IntegrityError, match="commitment_withdrawal_not_in_future"),
            transaction.atomic(),
        ):
            Commitment.objects.update(withdrawn_on=later, withdrawal_reason="x")

    def test_model_validation_gives_the_constraints_message(self, world):
        from django.core.exceptions import ValidationError

        memorandum = world.rif_mou
        memorandum.withdrawn_on = ON
        with pytest.raises(ValidationError, match="both its date and its reason"):
            memorandum.validate_constraints()

    def test_the_service_refuses_a_future_date_and_an_empty_reason_naming_them(
        self, world, official
    ):
        from django.core.exceptions import ValidationError

        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as refused:
            commitment_withdraw(commitment=kpo(world), reason="  ", on=tomorrow, user=official)

        assert set(refused.value.message_dict) == {"reason", "on"}
        assert Commitment.objects.filter(withdrawn_on__isnull=False).count() == 0


class TestWhatHangsUnder:
    def test_a_memorandum_withdraws_its_commitments(self, world, official):
        memorandum_withdraw(memorandum=world.rif_mou, reason="Cancelled", on=ON, user=official)

        withdrawn = Commitment.objects.filter(memorandum=world.rif_mou)
        assert {(c.withdrawn_on, c.withdrawal_reason) for c in withdrawn} == {(ON, "Cancelled")}
        assert Commitment.objects.in_force().count() == 3

    def test_a_signing_withdraws_its_memoranda_and_their_commitments(self, world, official):
        signing_withdraw(signing=world.signing, reason="Duplicate", on=ON, user=official)

        world.atlas_mou.refresh_from_db()
        assert world.atlas_mou.withdrawn_on == ON
        assert Memorandum.objects.in_force().get() == world.rif_mou
        assert headline(Commitment.objects.totals())["jobs_committed"] == 350

    def test_an_operator_withdraws_its_memoranda_commitments_and_sites(self, world, official):
        operator_withdraw(operator=world.atlas, reason="Never signed", on=ON, user=official)

        assert world.atlas.withdrawn_on == ON
        assert not Memorandum.objects.in_force().filter(operator=world.atlas).exists()
        assert not Site.objects.filter(operator=world.atlas, withdrawn_on__isnull=True).exists()
        assert Commitment.objects.in_force().count() == 2

    def test_what_was_withdrawn_before_keeps_its_own_date_and_reason(self, world, official):
        earlier = D(2025, 1, 2)
        commitment_withdraw(
            commitment=kpo(world), reason="Typed by mistake", on=earlier, user=official
        )
        memorandum_withdraw(memorandum=world.rif_mou, reason="Cancelled", on=ON, user=official)

        withdrawn = kpo(world)
        assert (withdrawn.withdrawn_on, withdrawal_reason(withdrawn)) == (
            earlier,
            "Typed by mistake",
        )

    def test_withdrawing_twice_changes_nothing(self, world, official):
        assert commitment_withdraw(commitment=kpo(world), reason="x", on=ON, user=official)
        assert not commitment_withdraw(
            commitment=kpo(world), reason="y", on=D(2025, 7, 1), user=official
        )
        assert withdrawal_reason(kpo(world)) == "x"


def withdrawal_reason(commitment):
    return commitment.withdrawal_reason


class TestTotals:
    def test_a_withdrawn_commitment_leaves_the_home_page_totals_and_tables(
        self, client, world, official
    ):
        before = client.get("/en/")
        assert headline(before.context["totals"]) == {
            "count": 5,
            "jobs_committed": 1100,
            "jobs_created": None,
        }
        commitment_withdraw(commitment=kpo(world), reason="Typed twice", on=ON, user=official)

        after = client.get("/en/")
        assert headline(after.context["totals"]) == {
            "count": 4,
            "jobs_committed": 1050,
            "jobs_created": None,
        }
        assert by_city(after.context["by_city"])["casablanca"] == 400
        assert [row["segment__code"] for row in after.context["by_segment"]] == ["BPO", "ITO"]
        assert after.context["counts"] == {"memoranda": 2, "operators": 2}

    def test_a_withdrawn_memorandum_leaves_every_total(self, client, world, official):
        memorandum_withdraw(memorandum=world.rif_mou, reason="Cancelled", on=ON, user=official)

        home = client.get("/en/")
        assert headline(home.context["totals"])["jobs_committed"] == 750
        assert home.context["counts"] == {"memoranda": 1, "operators": 1}
        assert [o.name for o in home.context["operators"]] == ["Atlas Relation"]
        assert headline(Commitment.objects.totals()) == headline(dashboard.dashboard_totals())
        assert list(Commitment.objects.by_city()) == list(dashboard.dashboard_by_city())
        operator = client.get("/en/operators/rif-digital/")
        assert operator.context["operator"].jobs_committed == 0
        assert headline(operator.context["totals"])["count"] == 0
        city = client.get("/en/cities/tanger/")
        assert headline(city.context["totals"])["jobs_committed"] == 0

    def test_the_list_totals_and_json_totals_leave_it_out(self, client, world, official):
        commitment_withdraw(commitment=kpo(world), reason="Typed twice", on=ON, user=official)

        listed = client.get("/en/commitments/?withdrawn=include")
        assert len(listed.context["commitments"]) == 5
        assert headline(listed.context["totals"])["jobs_committed"] == 1050
        exported = json.loads(
            b"".join(client.get("/commitments/export.json?withdrawn=include").streaming_content)
        )
        assert (exported["count"], exported["withdrawn"], len(exported["results"])) == (4, 1, 5)
        assert exported["totals"]["jobs_committed"] == 1050
        by_city_download = client.get("/commitments/by-city.csv")
        rows = list(
            csv.DictReader(io.StringIO(b"".join(by_city_download.streaming_content).decode()))
        )
        assert {row["city"]: row["jobs_committed"] for row in rows}["Casablanca"] == "400"


class TestListAndExports:
    @pytest.fixture
    def withdrawn(self, world, official):
        commitment_withdraw(commitment=kpo(world), reason="Typed twice", on=ON, user=official)
        return kpo(world)

    def test_the_list_leaves_withdrawn_commitments_out_by_default(self, client, withdrawn):
        response = client.get("/en/commitments/")

        assert withdrawn not in list(response.context["commitments"])
        assert len(response.context["commitments"]) == 4

    def test_the_list_includes_them_when_asked_with_their_mark(self, client, withdrawn):
        response = client.get("/en/commitments/?withdrawn=include")

        assert withdrawn in list(response.context["commitments"])
        assert "Withdrawn on 30 June 2025: Typed twice" in response.text

    def test_only_lists_the_withdrawn_ones_and_counts_none(self, client, withdrawn):
        response = client.get("/en/commitments/?withdrawn=only")

        assert list(response.context["commitments"]) == [withdrawn]
        assert headline(response.context["totals"])["count"] == 0
        # Listed although counted in no total: the table shows it, not "no commitment".
        assert "Commitments 1 to 1 of 1" in response.text
        assert "Typed twice" in response.text
        assert "No commitment matches" not in response.text

    def test_a_bad_value_is_named(self, client, withdrawn):
        response = client.get("/en/commitments/?withdrawn=yes")

        assert response.status_code == 200
        assert "withdrawn" in response.context["errors"]
        exported = client.get("/commitments/export.json?withdrawn=yes")
        assert exported.status_code == 400
        assert "withdrawn" in json.loads(exported.content)["errors"]

    def test_the_csv_has_the_withdrawal_columns_and_leaves_them_out_by_default(
        self, client, withdrawn
    ):
        default = csv_rows(client, "/commitments/export.csv")
        included = csv_rows(client, "/commitments/export.csv?withdrawn=include")

        assert len(default) == 4
        assert {row["withdrawn_on"] for row in default} == {""}
        marked = [row for row in included if row["withdrawn_on"]]
        assert [(r["segment"], r["withdrawn_on"], r["withdrawal_reason"]) for r in marked] == [
            ("KPO", "2025-06-30", "Typed twice")
        ]

    def test_the_json_has_the_withdrawal_keys(self, client, withdrawn):
        exported = json.loads(
            b"".join(client.get("/commitments/export.json?withdrawn=only").streaming_content)
        )

        assert exported["results"][0]["withdrawn_on"] == "2025-06-30"
        assert exported["results"][0]["withdrawal_reason"] == "Typed twice"

    def test_the_open_data_page_and_datapackage_describe_the_column(self, client, withdrawn):
        package = client.get("/commitments/datapackage.json").json()
        fields = [
            field["name"]
            for resource in package["resources"]
            if resource["name"] == "commitments"
            for field in resource["schema"]["fields"]
        ]
        at = fields.index("withdrawn_on")
        assert fields[at : at + 2] == ["withdrawn_on", "withdrawal_reason"]
        assert "withdrawn=include" in client.get("/en/open-data/").text


def csv_rows(client, path):
    body = b"".join(client.get(path).streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


class TestPublicPages:
    def test_the_memorandum_page_shows_the_mark_and_its_commitments(self, client, world, official):
        memorandum_withdraw(memorandum=world.rif_mou, reason="Cancelled", on=ON, user=official)

        response = client.get("/en/memoranda/RIF-2024-1/")

        assert response.status_code == 200
        assert response.text.count("Withdrawn on 30 June 2025: Cancelled") == 3
        assert len(response.context["commitments"]) == 2
        assert "2 withdrawn commitments are listed" in response.text

    def test_the_operator_page_marks_its_memoranda_and_sites(self, client, world, official):
        operator_withdraw(operator=world.atlas, reason="Never signed", on=ON, user=official)

        response = client.get("/en/operators/atlas-relation/")

        # The operator, its memorandum, its site and its three commitments.
        assert response.text.count("Withdrawn on 30 June 2025: Never signed") == 6

    def test_the_signing_page_shows_the_mark(self, client, world, official):
        signing_withdraw(signing=world.signing, reason="Duplicate", on=ON, user=official)

        response = client.get(f"/en/signings/{world.signing.slug}/")

        assert "Withdrawn on 30 June 2025: Duplicate" in response.text

    def test_the_mark_reads_in_arabic(self, client, world, official):
        memorandum_withdraw(memorandum=world.rif_mou, reason="ملغاة", on=ON, user=official)

        response = client.get("/ar/memoranda/RIF-2024-1/")

        assert response.status_code == 200
        assert "ملغاة" in response.text


class TestJobsOverTime:
    """Atlas BPO Casablanca (baseline 100, 400 jobs, signed 2023-Q1 = 8092, horizon 8107)
    measured 150 in 2024-Q1 (8096), 200 in 2024-Q3 (8098) and 260 in 2025-Q1 (8100), then
    withdrawn on 15 August 2024: 2024-Q1 ended before and keeps 50 jobs created, with 400 * 4 //
    15 = 106 expected; 2024-Q3 holds the withdrawal and 2025-Q1 comes after: nothing."""

    @pytest.fixture
    def measured(self, world, cities, segments, official):
        set_baseline("BPO", "casablanca", 100)
        casa = site(world.atlas, "C", cities["casablanca"], "BPO", segments=segments)
        for year, quarter, heads in [(2024, 1, 150), (2024, 3, 200), (2025, 1, 260)]:
            declare(casa, year, quarter, BPO=heads)
        commitment = Commitment.objects.get(memorandum=world.atlas_mou, city__slug="casablanca")
        commitment_withdraw(commitment=commitment, reason="Moved", on=D(2024, 8, 15), user=official)
        return commitment

    def test_quarters_before_the_withdrawal_keep_what_was_measured(self, measured):
        quarters = {
            q.index: q for q in dashboard.jobs_over_time(Commitment.objects.all(), D(2025, 6, 1))
        }

        assert (quarters[8096].measured, quarters[8096].created, quarters[8096].expected) == (
            1,
            50,
            106,
        )
        assert quarters[8098].measured == quarters[8100].measured == 0
        assert quarters[8100].created is None
        assert list(
            CommitmentMeasurement.objects.filter(commitment=measured).values_list(
                "quarter", flat=True
            )
        ) == [8096]

    def test_a_selection_says_the_same(self, client, measured):
        body = b"".join(client.get("/commitments/over-time.csv?city=casablanca").streaming_content)
        rows = {row["quarter"]: row for row in csv.DictReader(io.StringIO(body.decode()))}

        assert (rows["2024-Q1"]["commitments_measured"], rows["2024-Q1"]["jobs_created"]) == (
            "1",
            "50",
        )
        assert (rows["2024-Q3"]["commitments_measured"], rows["2024-Q3"]["jobs_created"]) == (
            "0",
            "",
        )


def admin_action(client, url, ids, **extra):
    return client.post(
        url, {"action": "withdraw_selected", "_selected_action": ids, **extra}, follow=True
    )


KINDS = {
    "signing": (Signing, "memoranda", lambda w: w.signing),
    "memorandum": (Memorandum, "memoranda", lambda w: w.rif_mou),
    "commitment": (Commitment, "memoranda", kpo),
    "operator": (Operator, "operators", lambda w: w.rif),
    "site": (Site, "operators", lambda w: Site.objects.get(operator=w.atlas)),
}


class TestAdmin:
    @pytest.mark.parametrize("kind", KINDS)
    def test_an_official_withdraws_each_kind_with_the_action_and_its_form(
        self, official_client, world, kind
    ):
        model, app, get = KINDS[kind]
        obj = get(world)
        url = reverse(f"admin:{app}_{kind}_changelist")

        asked = admin_action(official_client, url, [obj.pk])
        assert asked.status_code == 200
        assert "reason" in asked.context["form"].fields
        assert asked.context["form"]["withdrawn_on"].value() == datetime.date.today()

        done = admin_action(
            official_client,
            url,
            [obj.pk],
            confirm="yes",
            reason="Typed by mistake",
            withdrawn_on="2025-06-30",
        )

        obj.refresh_from_db()
        assert (obj.withdrawn_on, obj.withdrawal_reason) == (ON, "Typed by mistake")
        assert "1 withdrawn." in [str(m) for m in done.context["messages"]]
        assert LogEntry.objects.filter(object_id=str(obj.pk)).exists()

    @pytest.mark.parametrize("kind", KINDS)
    def test_the_withdraw_button_leads_to_the_form_for_one_object(
        self, official_client, world, kind
    ):
        model, app, get = KINDS[kind]
        obj = get(world)
        change = official_client.get(reverse(f"admin:{app}_{kind}_change", args=[obj.pk]))
        withdraw_url = reverse(f"admin:{app}_{kind}_withdraw", args=[obj.pk])
        assert withdraw_url in change.text

        response = official_client.post(
            withdraw_url, {"confirm": "yes", "reason": "Duplicate", "withdrawn_on": "2025-06-30"}
        )

        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.withdrawn_on == ON

    def test_a_future_date_or_no_reason_is_named_and_changes_nothing(self, official_client, world):
        url = reverse("admin:memoranda_memorandum_withdraw", args=[world.rif_mou.pk])
        later = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()

        response = official_client.post(
            url, {"confirm": "yes", "reason": " ", "withdrawn_on": later}
        )

        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"reason", "withdrawn_on"}
        assert not Commitment.objects.filter(withdrawn_on__isnull=False).exists()

    @pytest.mark.parametrize("kind", KINDS)
    def test_the_delete_page_refuses_and_says_to_withdraw(self, official_client, world, kind):
        model, app, get = KINDS[kind]
        obj = get(world)
        url = reverse(f"admin:{app}_{kind}_delete", args=[obj.pk])

        response = official_client.post(url, {"post": "yes"}, follow=True)

        assert model.objects.filter(pk=obj.pk).exists()
        messages = " ".join(str(m) for m in response.context["messages"])
        assert "Withdraw it instead" in messages
        assert "typed by mistake" in messages
        assert response.context["form"].fields["reason"]

    def test_deleting_a_memorandum_keeps_its_commitments(self, official_client, world):
        url = reverse("admin:memoranda_memorandum_changelist")

        response = official_client.post(
            url,
            {"action": "delete_selected", "_selected_action": [world.rif_mou.pk], "post": "yes"},
            follow=True,
        )

        assert Memorandum.objects.count() == 2
        assert Commitment.objects.filter(memorandum=world.rif_mou).count() == 2
        assert "Withdraw it instead" in " ".join(str(m) for m in response.context["messages"])

    def test_the_memorandum_form_has_no_commitment_to_delete(self, official_client, world):
        response = official_client.get(
            reverse("admin:memoranda_memorandum_change", args=[world.rif_mou.pk])
        )

        assert "commitments-0-DELETE" not in response.text

    def test_the_database_refuses_to_delete_a_memorandum_with_commitments(self, world):
        from django.db.models import ProtectedError

        with pytest.raises(ProtectedError):
            world.rif_mou.delete()


@pytest.mark.parametrize("today", ["2025-11-20", "2028-06-01"])
def test_the_dashboard_sums_equal_the_commitment_querysets_with_a_withdrawal(
    world, official, cities, segments, time_machine, today
):
    """As tests/memoranda/test_stored_figures.py holds them equal, with a commitment measured
    before and after its withdrawal."""
    from memoranda import completeness

    set_baseline("BPO", "casablanca", 100)
    casa = site(world.atlas, "C", cities["casablanca"], "BPO", segments=segments)
    for year, quarter, heads in [(2024, 1, 150), (2024, 3, 200), (2025, 1, 260)]:
        declare(casa, year, quarter, BPO=heads)
    commitment = Commitment.objects.get(memorandum=world.atlas_mou, city__slug="casablanca")
    commitment_withdraw(commitment=commitment, reason="Moved", on=D(2024, 8, 15), user=official)
    time_machine.move_to(f"{today} 12:00Z", tick=False)
    commitments = Commitment.objects.all()

    assert dashboard.dashboard_totals() == commitments.totals()
    assert list(dashboard.dashboard_by_city()) == list(commitments.by_city())
    assert list(dashboard.dashboard_by_segment()) == list(commitments.by_segment())
    assert dashboard.dashboard_completeness() == completeness.funnel_figures(
        commitments.with_progress()
    )
    measured = Commitment.objects.filter(pk__in=commitments.values("pk"))
    assert dashboard.jobs_over_time(commitments) == dashboard.jobs_over_time(measured)


def test_the_admin_lists_filter_withdrawn_and_in_force(official_client, world, official):
    commitment_withdraw(commitment=kpo(world), reason="Typed twice", on=ON, user=official)
    url = reverse("admin:memoranda_commitment_changelist")

    withdrawn = official_client.get(url, {"withdrawn": "yes"})
    in_force = official_client.get(url, {"withdrawn": "no"})

    assert [c.pk for c in withdrawn.context["cl"].result_list] == [kpo(world).pk]
    assert len(in_force.context["cl"].result_list) == 4
