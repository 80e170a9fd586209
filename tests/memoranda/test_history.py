"""Every change on the record: an official's edit, an import and a command each keep who, when,
each value before and after and why, and a public figure changes only with a reason."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from memoranda.demo import demo_commitments_generate, demo_data_delete
from memoranda.history import change_reason, public_changes
from memoranda.models import Commitment, Memorandum
from memoranda.withdrawals import commitment_withdraw
from operators import history
from operators.admin_history import REASON_LABEL
from operators.models import Operator
from tests.admin_forms import change_form_data

HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year"


def shown(message, response):
    """A message in the language `response` was rendered in (French unless the request asked
    for another)."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return str(message)


def label(model, name, response):
    return shown(model._meta.get_field(name).verbose_name, response)


def admin_url(model_name, view, *args):
    return reverse(f"admin:memoranda_{model_name}_{view}", args=args)


@pytest.fixture
def casablanca_bpo(world, segments):
    return Commitment.objects.get(
        memorandum=world.atlas_mou, segment=segments["BPO"], city__slug="casablanca"
    )


def readable(change):
    return (change.label, change.before, change.after)


def edit(client, obj, model_name, **changes):
    page = client.get(admin_url(model_name, "change", obj.pk))
    return client.post(admin_url(model_name, "change", obj.pk), change_form_data(page, **changes))


def latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


class TestOfficialsEdit:
    def test_it_keeps_values_before_and_after_the_official_and_the_reason(
        self, official_client, official, casablanca_bpo, cities
    ):
        response = edit(
            official_client,
            casablanca_bpo,
            "commitment",
            jobs_committed="450",
            city=cities["rabat"].pk,
            change_reason="Amendment of 2 May 2024",
        )

        assert response.status_code == 302
        record = latest(casablanca_bpo)
        assert (record.history_type, record.history_user, record.history_username) == (
            "~",
            official,
            "amina",
        )
        assert change_reason(casablanca_bpo) == "Amendment of 2 May 2024"
        assert public_changes(casablanca_bpo) == [
            ("jobs_committed", 400, 450),
            ("city", cities["casablanca"].pk, cities["rabat"].pk),
        ]

    def test_a_public_figure_changes_only_with_a_reason_naming_the_field(
        self, official_client, casablanca_bpo
    ):
        records = casablanca_bpo.history.count()

        response = edit(official_client, casablanca_bpo, "commitment", jobs_committed="450")

        assert response.status_code == 200
        [error] = response.context["adminform"].form.errors["change_reason"]
        assert label(Commitment, "jobs_committed", response) in error
        casablanca_bpo.refresh_from_db()
        assert casablanca_bpo.jobs_committed == 400
        assert casablanca_bpo.history.count() == records

    def test_a_field_that_is_not_public_changes_without_a_reason(self, official_client, world):
        response = edit(official_client, world.atlas_mou, "memorandum", source_title="Bulletin")

        assert response.status_code == 302
        record = latest(world.atlas_mou)
        assert (record.source_title, record.history_change_reason) == ("Bulletin", "")
        assert public_changes(world.atlas_mou) == []

    def test_memorandum_horizon_needs_a_reason(self, official_client, world):
        response = edit(official_client, world.atlas_mou, "memorandum", horizon_year="2027")

        assert response.status_code == 200
        [error] = response.context["adminform"].form.errors["change_reason"]
        assert label(Memorandum, "horizon_year", response) in error

    def test_the_memorandum_reason_covers_its_commitments_inline(
        self, official_client, world, segments
    ):
        page = official_client.get(admin_url("memorandum", "change", world.atlas_mou.pk))
        forms = page.context["inline_admin_formsets"][0].formset.forms
        index = next(
            i for i, f in enumerate(forms) if f.instance.city and f.instance.city.slug == "fes"
        )
        field = f"commitments-{index}-jobs_committed"
        url = admin_url("memorandum", "change", world.atlas_mou.pk)

        refused = official_client.post(url, change_form_data(page, **{field: "300"}))
        accepted = official_client.post(
            url, change_form_data(page, **{field: "300", "change_reason": "Signed addendum"})
        )

        [error] = (
            refused.context["inline_admin_formsets"][0]
            .formset.forms[index]
            .errors["jobs_committed"]
        )
        assert shown(REASON_LABEL, refused) in error
        assert label(Commitment, "jobs_committed", refused) in error
        assert accepted.status_code == 302
        commitment = forms[index].instance
        assert public_changes(commitment) == [("jobs_committed", 250, 300)]
        assert change_reason(commitment) == "Signed addendum"

    def test_a_withdrawal_keeps_who_and_why(self, official, casablanca_bpo):
        commitment_withdraw(
            commitment=casablanca_bpo,
            reason="Recorded twice",
            on=datetime.date(2024, 5, 2),
            user=official,
        )

        record = Commitment.history.filter(id=casablanca_bpo.pk).order_by("-history_id").first()
        assert (
            record.history_type,
            record.withdrawn_on,
            record.history_username,
            record.history_change_reason,
        ) == ("~", datetime.date(2024, 5, 2), "amina", "withdrawn: Recorded twice")


class TestHistoryPage:
    def test_it_lists_changes_readably_newest_first_linked_from_the_change_form(
        self, official_client, casablanca_bpo, cities
    ):
        edit(
            official_client,
            casablanca_bpo,
            "commitment",
            jobs_committed="450",
            change_reason="Amendment",
        )
        edit(
            official_client,
            casablanca_bpo,
            "commitment",
            jobs_committed="450",
            city=cities["rabat"].pk,
            change_reason="Moved to Rabat",
        )
        url = admin_url("commitment", "history", casablanca_bpo.pk)

        change_page = official_client.get(admin_url("commitment", "change", casablanca_bpo.pk))
        response = official_client.get(url)

        assert url in change_page.content.decode()
        entries = response.context["entries"]
        assert [entry.reason for entry in entries[:2]] == ["Moved to Rabat", "Amendment"]
        assert [readable(change) for change in entries[0].changes] == [
            (label(Commitment, "city", response).capitalize(), "Casablanca", "Rabat")
        ]
        assert [readable(change) for change in entries[1].changes] == [
            (label(Commitment, "jobs_committed", response).capitalize(), "400", "450")
        ]
        assert entries[0].who == "amina"
        page = response.content.decode()
        assert "Casablanca → Rabat" in page and "Moved to Rabat" in page

    def test_it_runs_a_fixed_number_of_queries(self, official_client, casablanca_bpo):
        url = admin_url("commitment", "history", casablanca_bpo.pk)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert official_client.get(url).status_code == 200
            return len(captured)

        few = queries()
        for jobs in range(401, 421):
            casablanca_bpo.jobs_committed = jobs
            casablanca_bpo.save()
        many = queries()

        assert casablanca_bpo.history.count() > 20
        assert few == many <= HISTORY_PAGE_QUERIES

    def test_a_bad_page_number_shows_the_first_page(self, official_client, casablanca_bpo):
        response = official_client.get(
            admin_url("commitment", "history", casablanca_bpo.pk), {"p": "x"}
        )

        assert response.status_code == 200


# Session, user, the official's second-factor device, two of permissions, the commitment, its
# records, one query per foreign key's labels (memorandum, segment, city) and three for the
# commitment's own name in the title.
HISTORY_PAGE_QUERIES = 13


class TestImports:
    def test_the_command_records_each_created_row_with_the_file_name(self, world, tmp_path):
        path = tmp_path / "april.csv"
        path.write_text(
            f"{HEADER}\nNEW-1,2024-05-02,Sahara Services,rabat,BPO,40,2027\n"
            "ATLAS-2023-1,2023-03-15,Atlas Relation,casablanca,BPO,420,2026\n"
        )

        call_command("import_commitments", str(path), stdout=io.StringIO())

        created = Commitment.objects.get(memorandum__reference="NEW-1")
        for obj in (created, created.memorandum, created.memorandum.operator):
            record = latest(obj)
            assert (record.history_type, record.history_change_reason, record.history_user) == (
                "+",
                "import of april.csv",
                None,
            )
        updated = Commitment.objects.get(memorandum=world.atlas_mou, city__slug="casablanca")
        assert public_changes(updated) == [("jobs_committed", 400, 420)]
        assert change_reason(updated) == "import of april.csv"

    def test_an_unchanged_row_writes_no_history(self, world, tmp_path):
        path = tmp_path / "same.csv"
        path.write_text(
            f"{HEADER}\nATLAS-2023-1,2023-03-15,Atlas Relation,casablanca,BPO,400,2026\n"
        )
        records = Commitment.history.count()

        call_command("import_commitments", str(path), stdout=io.StringIO())

        assert Commitment.history.count() == records

    def test_the_admin_import_records_the_official_and_the_file_name(
        self, official_client, official, world
    ):
        content = f"{HEADER}\nNEW-1,2024-05-02,Sahara Services,rabat,BPO,40,2027\n".encode()
        preview = official_client.post(
            admin_url("commitment", "import"),
            {"format": "0", "import_file": SimpleUploadedFile("may.csv", content)},
        )
        official_client.post(
            admin_url("commitment", "process_import"), preview.context["confirm_form"].initial
        )

        created = Commitment.objects.get(memorandum__reference="NEW-1")
        [record] = created.history.all()
        assert (record.history_change_reason, record.history_user) == (
            "import of may.csv",
            official,
        )
        assert latest(Operator.objects.get(name="Sahara Services")).history_username == "amina"


class TestCommands:
    def test_load_founding_data_names_the_command_and_no_user(self, db):
        call_command("load_founding_data", stdout=io.StringIO())

        memorandum = Memorandum.objects.get(reference="MDE-2022-PHONEO")
        record = latest(memorandum.commitments.get())
        assert (record.history_change_reason, record.history_user, record.history_username) == (
            "command load_founding_data",
            None,
            "",
        )

    def test_the_history_page_says_the_system_did_it(self, db, official_client):
        call_command("load_founding_data", stdout=io.StringIO())
        memorandum = Memorandum.objects.get(reference="MDE-2022-PHONEO")

        response = official_client.get(admin_url("memorandum", "history", memorandum.pk))

        [entry] = response.context["entries"]
        assert (entry.who, entry.reason) == (
            shown(history.THE_SYSTEM, response),
            "command load_founding_data",
        )


class TestDemoData:
    def test_demo_rows_are_written_and_removed_without_history(self, db, settings):
        settings.DEMO = True
        demo_commitments_generate(5, today=datetime.date(2025, 5, 1))
        records = Commitment.history.count()

        demo_data_delete()

        assert Commitment.objects.count() == 0
        assert Commitment.history.count() == records == 0


def test_writes_inside_recorded_take_its_reason_and_user(world, official):
    with history.recorded(reason="Outer", user=official), history.recorded(reason="Inner"):
        world.rif.group = "Rif Holding"
        world.rif.save()

    record = latest(world.rif)
    assert (record.history_change_reason, record.history_user) == ("Inner", official)
