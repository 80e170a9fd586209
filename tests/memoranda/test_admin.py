"""The admin of signings, memoranda and commitments, as an official uses it."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from memoranda.figures import commitment_figures_rebuild
from memoranda.models import Commitment, Memorandum, Signing
from operators.forms import constraint_message
from operators.models import Operator
from tests.totals import headline

# Queries of one changelist as an official: session, user, the device that verified the
# session (second factor), permissions, counts, filter choices and the page's rows. Pinned for 3
# and for 30 memoranda alike.
CHANGELIST_QUERIES = {
    "memoranda_signing": 10,
    # No second COUNT of every memorandum or commitment (show_full_result_count is off).
    "memoranda_memorandum": 11,
    "memoranda_commitment": 12,
}

HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"


def fr(message):
    """A model message as the French admin shows it."""
    with translation.override("fr"):
        return str(message)


def admin_url(model_name, view="changelist", *args):
    return reverse(f"admin:memoranda_{model_name}_{view}", args=args)


@pytest.fixture
def many_memoranda(db, world, cities, segments):
    """Add `count` memoranda, each with its own operator and two commitments."""

    def build(count):
        for number in range(count):
            operator = Operator.objects.create(name=f"Operator {number}", slug=f"operator-{number}")
            memorandum = Memorandum.objects.create(
                reference=f"BULK-{number}",
                signing=world.signing,
                operator=operator,
                signed_on=datetime.date(2023, 3, 15),
                horizon_year=2026,
            )
            Commitment.objects.create(
                memorandum=memorandum,
                segment=segments["BPO"],
                city=cities["casablanca"],
                jobs_committed=10,
            )
            Commitment.objects.create(
                memorandum=memorandum, segment=segments["ITO"], city=None, jobs_committed=5
            )
        # As the admin and the imports do after recording commitments.
        commitment_figures_rebuild()

    return build


def memorandum_post(world, segments, cities, commitments, **fields):
    """Add-page data of a memorandum with its commitments inline."""
    data = {
        "reference": "NEW-2025-1",
        "operator": world.atlas.pk,
        "signing": "",
        "signed_on": "2025-02-01",
        "horizon_year": "2028",
        "status": "in_force",
        "source_title": "",
        "source_url": "",
        "commitments-TOTAL_FORMS": str(len(commitments)),
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, (segment, city, jobs) in enumerate(commitments):
        data[f"commitments-{index}-segment"] = segments[segment].pk
        data[f"commitments-{index}-city"] = cities[city].pk if city else ""
        data[f"commitments-{index}-jobs_committed"] = str(jobs)
        data[f"commitments-{index}-baseline_headcount"] = ""
    return data


class TestPagesRenderForOfficials:
    @pytest.mark.parametrize("model_name", ["signing", "memorandum", "commitment"])
    def test_it_shows_changelist_and_add_page(self, official_client, world, model_name):
        changelist = official_client.get(admin_url(model_name))
        add = official_client.get(admin_url(model_name, "add"))

        assert changelist.status_code == 200
        assert changelist.context["cl"].result_count > 0
        assert add.status_code == 200
        assert "adminform" in add.context

    def test_it_shows_signing_with_announced_and_recorded_figures(self, official_client, world):
        response = official_client.get(admin_url("signing", "change", world.signing.pk))

        assert response.status_code == 200
        signing = response.context["original"]
        assert (signing.announced_jobs, signing.jobs_committed, signing.memoranda_count) == (
            1200,
            750,
            1,
        )
        assert "ATLAS-2023-1" in response.content.decode()

    def test_it_shows_memorandum_with_its_commitments_inline(self, official_client, world):
        response = official_client.get(admin_url("memorandum", "change", world.atlas_mou.pk))

        assert response.status_code == 200
        inline = response.context["inline_admin_formsets"][0]
        assert len(inline.formset.initial_forms) == 3

    def test_it_shows_commitment_change_page(self, official_client, world):
        commitment = world.rif_mou.commitments.get(segment__code="KPO")

        response = official_client.get(admin_url("commitment", "change", commitment.pk))

        assert response.status_code == 200
        assert response.context["adminform"].form.initial["jobs_committed"] == 50


class TestComputedColumns:
    def test_signing_list_shows_recorded_beside_announced(self, official_client, world):
        response = official_client.get(admin_url("signing"))

        [signing] = response.context["cl"].result_list
        assert (signing.announced_jobs, signing.memoranda_count, signing.jobs_committed) == (
            1200,
            1,
            750,
        )

    def test_memorandum_list_totals_each_memorandum(self, official_client, world):
        response = official_client.get(admin_url("memorandum"))

        totals = {
            m.reference: (m.commitments_count, m.jobs_committed)
            for m in response.context["cl"].result_list
        }
        assert totals == {"ATLAS-2023-1": (3, 750), "RIF-2024-1": (2, 350)}

    def test_commitment_list_shows_totals_of_the_filtered_set(self, official_client, world):
        everything = official_client.get(admin_url("commitment"))
        casablanca = official_client.get(
            admin_url("commitment"), {"city__id__exact": world.atlas.home_city_id}
        )

        assert everything.context["totals"]["jobs_committed"] == 1100
        assert everything.context["totals"]["count"] == 5
        # Read from the stored sums when nothing is filtered: the aggregate's figures.
        computed = Commitment.objects.with_progress().totals()
        assert {key: everything.context["totals"][key] for key in computed} == computed
        assert casablanca.context["totals"]["jobs_committed"] == 450
        assert 'class="commitment-totals"' in casablanca.content.decode()

    def test_commitment_totals_cover_every_page_not_only_the_first(
        self, official_client, world, many_memoranda
    ):
        many_memoranda(60)

        response = official_client.get(admin_url("commitment"))

        assert len(response.context["cl"].result_list) == 100
        assert response.context["totals"]["jobs_committed"] == 1100 + 60 * 15

    def test_commitment_list_says_not_yet_allocated_for_no_city(
        self, official_client, world, segments
    ):
        response = official_client.get(
            admin_url("commitment"), {"segment__id__exact": segments["ITO"].pk}
        )

        # fr() translates lazy messages only; the French admin shows this one in French.
        assert "non encore affecté" in response.content.decode()


class TestChangelistFilters:
    def test_memorandum_filter_across_commitments_lists_each_once(
        self, official_client, world, segments
    ):
        # ATLAS-2023-1 has two BPO commitments: a join would list it twice.
        response = official_client.get(
            admin_url("memorandum"), {"commitments__segment__id__exact": segments["BPO"].pk}
        )

        cl = response.context["cl"]
        assert [m.reference for m in cl.result_list] == ["ATLAS-2023-1"]
        assert cl.result_count == 1

    def test_memorandum_filter_by_commitment_city(self, official_client, world, cities):
        response = official_client.get(
            admin_url("memorandum"), {"commitments__city__id__exact": cities["tanger"].pk}
        )

        assert [m.reference for m in response.context["cl"].result_list] == ["RIF-2024-1"]

    def test_memorandum_filter_by_commitment_region(self, official_client, world, cities):
        region = cities["casablanca"].region

        response = official_client.get(
            admin_url("memorandum"), {"commitments__city__region__id__exact": region.pk}
        )

        cl = response.context["cl"]
        assert sorted(m.reference for m in cl.result_list) == ["ATLAS-2023-1", "RIF-2024-1"]
        assert cl.result_count == 2

    def test_memorandum_filter_by_signing_and_status(self, official_client, world):
        response = official_client.get(
            admin_url("memorandum"),
            {"signing__id__exact": world.signing.pk, "status__exact": "in_force"},
        )

        assert [m.reference for m in response.context["cl"].result_list] == ["ATLAS-2023-1"]

    def test_commitment_filter_not_yet_allocated(self, official_client, world):
        response = official_client.get(admin_url("commitment"), {"city__isnull": "True"})

        [commitment] = response.context["cl"].result_list
        assert (commitment.memorandum.reference, commitment.segment.code) == ("ATLAS-2023-1", "ITO")

    def test_commitment_filter_by_region_and_segment(
        self, official_client, world, cities, segments
    ):
        response = official_client.get(
            admin_url("commitment"),
            {
                "city__region__id__exact": cities["casablanca"].region_id,
                "segment__id__exact": segments["KPO"].pk,
            },
        )

        assert response.context["totals"]["jobs_committed"] == 50

    def test_commitment_search_by_operator_name(self, official_client, world):
        response = official_client.get(admin_url("commitment"), {"q": "rif digital"})

        assert headline(response.context["totals"]) == {
            "count": 2,
            "jobs_committed": 350,
            "jobs_created": None,
        }


class TestChangelistQueries:
    @pytest.mark.parametrize("count", [3, 30])
    @pytest.mark.parametrize("model", sorted(CHANGELIST_QUERIES))
    def test_changelist_queries_do_not_grow_with_rows(
        self, official_client, many_memoranda, django_assert_max_num_queries, model, count
    ):
        many_memoranda(count)
        url = reverse(f"admin:{model}_changelist")

        with django_assert_max_num_queries(CHANGELIST_QUERIES[model]) as captured:
            response = official_client.get(url)

        assert response.status_code == 200
        assert len(captured.captured_queries) == CHANGELIST_QUERIES[model]


class TestMemorandumForm:
    def test_it_creates_memorandum_with_two_commitments(
        self, official_client, world, segments, cities
    ):
        data = memorandum_post(world, segments, cities, [("BPO", "fes", 120), ("ITO", None, 30)])

        response = official_client.post(admin_url("memorandum", "add"), data)

        assert response.status_code == 302
        memorandum = Memorandum.objects.with_totals().get(reference="NEW-2025-1")
        assert (memorandum.commitments_count, memorandum.jobs_committed) == (2, 150)
        assert memorandum.commitments.get(city=None).segment.code == "ITO"

    @pytest.mark.parametrize(
        ("commitments", "fields", "field", "message"),
        [
            (
                [("BPO", "fes", 0)],
                {},
                "jobs_committed",
                constraint_message(Commitment, "commitment_jobs_committed_positive"),
            ),
            (
                [("BPO", "fes", 10)],
                {"horizon_year": "2024"},
                "horizon_year",
                constraint_message(Memorandum, "memorandum_horizon_not_before_signature"),
            ),
            (
                [("BPO", "fes", 10), ("BPO", "fes", 20)],
                {},
                "segment",
                constraint_message(Commitment, "commitment_unique_per_memorandum_segment_city"),
            ),
            (
                [("ITO", None, 10), ("ITO", None, 20)],
                {},
                "segment",
                constraint_message(
                    Commitment, "commitment_unique_unallocated_per_memorandum_segment"
                ),
            ),
            (
                [("BPO", "fes", 10)],
                {"reference": "MDE 2025/1"},
                "reference",
                constraint_message(Memorandum, "memorandum_reference_format"),
            ),
        ],
        ids=[
            "jobs-zero",
            "horizon-before-signature",
            "duplicate-city",
            "duplicate-unallocated",
            "bad-reference",
        ],
    )
    def test_it_rejects_bad_input_on_the_field_and_saves_nothing(
        self, official_client, world, segments, cities, commitments, fields, field, message
    ):
        data = memorandum_post(world, segments, cities, commitments, **fields)

        response = official_client.post(admin_url("memorandum", "add"), data)

        assert response.status_code == 200
        assert fr(message) in errors_of(response, field)
        assert not Memorandum.objects.filter(reference=data["reference"]).exists()
        assert Commitment.objects.count() == 5

    def test_it_rejects_a_new_line_duplicating_a_recorded_commitment(
        self, official_client, world, segments, cities
    ):
        memorandum = world.atlas_mou
        data = change_post(memorandum)
        data.update(
            {
                "commitments-TOTAL_FORMS": "4",
                "commitments-3-segment": segments["BPO"].pk,
                "commitments-3-city": cities["fes"].pk,
                "commitments-3-jobs_committed": "5",
                "commitments-3-baseline_headcount": "",
            }
        )

        response = official_client.post(admin_url("memorandum", "change", memorandum.pk), data)

        assert response.status_code == 200
        message = constraint_message(Commitment, "commitment_unique_per_memorandum_segment_city")
        assert fr(message) in errors_of(response, "segment")
        assert memorandum.commitments.count() == 3


class TestSigningForm:
    def test_it_rejects_zero_announced_jobs(self, official_client, world):
        data = {
            "title": "Signing 2025",
            "slug": "signing-2025",
            "signed_on": "2025-01-10",
            "announced_jobs": "0",
            "memoranda-TOTAL_FORMS": "0",
            "memoranda-INITIAL_FORMS": "0",
        }

        response = official_client.post(admin_url("signing", "add"), data)

        message = constraint_message(Signing, "signing_announced_jobs_positive")
        assert fr(message) in errors_of(response, "announced_jobs")
        assert not Signing.objects.filter(slug="signing-2025").exists()


def change_post(memorandum):
    """Change-page data of a memorandum as recorded, commitments included."""
    data = {
        "reference": memorandum.reference,
        "operator": memorandum.operator_id,
        "signing": memorandum.signing_id or "",
        "signed_on": memorandum.signed_on.isoformat(),
        "horizon_year": str(memorandum.horizon_year),
        "status": memorandum.status,
        "source_title": "",
        "source_url": "",
        "commitments-INITIAL_FORMS": str(memorandum.commitments.count()),
        "commitments-TOTAL_FORMS": str(memorandum.commitments.count()),
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
    }
    for index, commitment in enumerate(memorandum.commitments.order_by("pk")):
        data[f"commitments-{index}-id"] = commitment.pk
        data[f"commitments-{index}-memorandum"] = memorandum.pk
        data[f"commitments-{index}-segment"] = commitment.segment_id
        data[f"commitments-{index}-city"] = commitment.city_id or ""
        data[f"commitments-{index}-jobs_committed"] = commitment.jobs_committed
        data[f"commitments-{index}-baseline_headcount"] = ""
    return data


def errors_of(response, field):
    """Every error the admin form and its inlines show for `field`."""
    errors = list(response.context["adminform"].form.errors.get(field, []))
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            errors.extend(form.errors.get(field, []))
    return errors


class TestImportInAdmin:
    def upload(self, client, name, content, format_index):
        return client.post(
            admin_url("commitment", "import"),
            {"format": str(format_index), "import_file": SimpleUploadedFile(name, content)},
        )

    def confirm(self, client, preview):
        return client.post(
            admin_url("commitment", "process_import"), preview.context["confirm_form"].initial
        )

    def test_official_imports_csv_after_preview(self, official_client, world):
        content = (
            HEADER
            + "ATLAS-2023-1,2023-03-15,Atlas Relation,rabat,BPO,80,2026\n"
            + "NEW-1,2024-05-02,Sahara Services,Laâyoune,bpo,40,2027\n"
        ).encode()

        preview = self.upload(official_client, "commitments.csv", content, 0)

        assert preview.status_code == 200
        assert not Memorandum.objects.filter(reference="NEW-1").exists()
        assert [row.import_type for row in preview.context["result"].rows] == ["new", "new"]
        response = self.confirm(official_client, preview)
        assert response.status_code == 302
        assert Commitment.objects.get(memorandum__reference="NEW-1").city.slug == "laayoune"
        assert Commitment.objects.filter(memorandum=world.atlas_mou).count() == 4
        assert Operator.objects.get(name="Sahara Services").slug == "sahara-services"

    def test_official_imports_xlsx(self, official_client, world):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER.strip().split(","))
        sheet.append(
            ["RIF-2024-1", datetime.date(2024, 1, 10), "Rif Digital", "Tanger", "ITO", 320, 2027]
        )
        stream = io.BytesIO()
        workbook.save(stream)

        preview = self.upload(official_client, "commitments.xlsx", stream.getvalue(), 1)
        assert [row.import_type for row in preview.context["result"].rows] == ["update"]
        self.confirm(official_client, preview)

        commitment = Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO")
        assert commitment.jobs_committed == 320

    def test_it_shows_bad_rows_and_imports_nothing(self, official_client, world):
        content = (
            HEADER
            + "NEW-1,2024-05-02,Sahara Services,Laâyoune,BPO,40,2027\n"
            + "NEW-2,2024-05-02,Sahara Services,Atlantis,BPO,40,2027\n"
        ).encode()

        response = self.upload(official_client, "commitments.csv", content, 0)

        assert response.status_code == 200
        assert "confirm_form" not in response.context
        [invalid] = response.context["result"].invalid_rows
        assert invalid.number == 2
        assert list(invalid.field_specific_errors) == ["city"]
        assert "Atlantis" in response.content.decode()
        assert not Memorandum.objects.filter(reference__startswith="NEW-").exists()
        assert not Operator.objects.filter(name="Sahara Services").exists()

    def test_confirm_saves_nothing_when_the_file_no_longer_passes(self, official_client, world):
        content = (
            HEADER
            + "ATLAS-2023-1,2023-03-15,Atlas Relation,rabat,BPO,80,2026\n"
            + "NEW-1,2024-05-02,Atlas Relation,Agadir,BPO,40,2027\n"
        ).encode()
        preview = self.upload(official_client, "commitments.csv", content, 0)
        # Between preview and confirmation, someone records NEW-1 with another date.
        Memorandum.objects.create(
            reference="NEW-1",
            operator=world.atlas,
            signed_on=datetime.date(2024, 6, 1),
            horizon_year=2027,
        )

        response = self.confirm(official_client, preview)

        assert response.status_code == 302
        assert response.url == admin_url("commitment", "import")
        assert Commitment.objects.count() == 5

    def test_it_names_a_missing_column(self, official_client, world):
        content = b"memorandum_reference,signed_on,operator,segment,jobs_committed\n"

        response = self.upload(official_client, "commitments.csv", content + b"X,1,2,3,4\n", 0)

        assert "confirm_form" not in response.context
        assert "city, horizon_year" in response.content.decode()

    def test_staff_without_commitment_permissions_cannot_import(
        self, client, world, django_user_model, admin_login
    ):
        user = django_user_model.objects.create_user(username="visitor", is_staff=True)
        admin_login(client, user)

        response = client.get(admin_url("commitment", "import"))

        assert response.status_code == 403


class TestExportInAdmin:
    def test_exported_file_imports_back_unchanged(self, official_client, world, tmp_path):
        form = official_client.get(admin_url("commitment", "export")).context["form"]
        selected = {name: "on" for name in form.fields if name.startswith("commitmentresource_")}

        response = official_client.post(
            admin_url("commitment", "export"), {"format": "0", "resource": "0", **selected}
        )
        path = tmp_path / "export.csv"
        path.write_bytes(response.content)
        out = io.StringIO()
        call_command("import_commitments", str(path), stdout=out)

        assert response.status_code == 200
        assert "ITO,100,2026" in response.content.decode()
        assert "0 created, 0 updated, 5 unchanged" in out.getvalue()
