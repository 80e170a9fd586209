"""Officials' edits of public figures in the admin: a reason is required, and the save records
the correction with it (memoranda.admin.ChangeReasonAdmin)."""

import pytest
from django.urls import reverse
from django.utils import translation

from memoranda.models import Commitment, Correction, Memorandum

# Messages are read in English.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def commitment_url(commitment):
    return reverse("admin:memoranda_commitment_change", args=[commitment.pk])


def memorandum_url(memorandum):
    return reverse("admin:memoranda_memorandum_change", args=[memorandum.pk])


def commitment_post(commitment, **fields):
    return {
        "memorandum": commitment.memorandum_id,
        "segment": commitment.segment_id,
        "city": commitment.city_id or "",
        "jobs_committed": commitment.jobs_committed,
        "baseline_headcount": commitment.baseline_headcount or "",
        **fields,
    }


def memorandum_post(memorandum, **fields):
    """The memorandum's change page as recorded, its commitments inline."""
    commitments = list(memorandum.commitments.order_by("pk"))
    data = {
        "reference": memorandum.reference,
        "operator": memorandum.operator_id,
        "signing": memorandum.signing_id or "",
        "signed_on": memorandum.signed_on.isoformat(),
        "horizon_year": str(memorandum.horizon_year),
        "status": memorandum.status,
        "follow_up_quarters": "0",
        "source_title": "",
        "source_url": "",
        "commitments-INITIAL_FORMS": str(len(commitments)),
        "commitments-TOTAL_FORMS": str(len(commitments)),
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
    }
    for index, commitment in enumerate(commitments):
        data[f"commitments-{index}-id"] = commitment.pk
        data[f"commitments-{index}-memorandum"] = memorandum.pk
        data[f"commitments-{index}-segment"] = commitment.segment_id
        data[f"commitments-{index}-city"] = commitment.city_id or ""
        data[f"commitments-{index}-jobs_committed"] = commitment.jobs_committed
        data[f"commitments-{index}-baseline_headcount"] = commitment.baseline_headcount or ""
    data.update(fields)
    return data


def in_french(message):
    with translation.override("fr"):
        return str(message)


def atlas_bpo_casablanca():
    return Commitment.objects.get(segment__code="BPO", city__slug="casablanca")


class TestCommitmentEdits:
    def test_an_edit_with_a_reason_records_the_correction(self, official_client, world):
        commitment = atlas_bpo_casablanca()

        response = official_client.post(
            commitment_url(commitment),
            commitment_post(commitment, jobs_committed=350, change_reason="Amended by rider 2"),
        )

        assert response.status_code == 302
        correction = Correction.objects.get()
        assert correction.subject == Correction.Subject.COMMITMENT
        assert correction.commitment == commitment
        assert correction.field == Correction.Field.JOBS_COMMITTED
        assert (correction.value_before, correction.value_after) == ("400", "350")
        assert correction.reason == "Amended by rider 2"
        assert correction.by == Correction.Role.OFFICIAL
        assert correction.operator == world.atlas
        assert correction.signing == world.signing
        assert atlas_bpo_casablanca().jobs_committed == 350

    def test_an_edit_without_a_reason_is_refused_and_changes_nothing(self, official_client, world):
        commitment = atlas_bpo_casablanca()

        response = official_client.post(
            commitment_url(commitment), commitment_post(commitment, jobs_committed=350)
        )

        assert response.status_code == 200
        [error] = response.context["adminform"].form.errors["change_reason"]
        assert "jobs committed" in error
        assert atlas_bpo_casablanca().jobs_committed == 400
        assert not Correction.objects.exists()

    def test_a_city_and_a_baseline_each_get_their_correction(self, official_client, world, cities):
        commitment = Commitment.objects.get(segment__code="ITO", city__isnull=True)

        official_client.post(
            commitment_url(commitment),
            commitment_post(
                commitment,
                city=cities["fes"].pk,
                baseline_headcount=12,
                change_reason="Allocated by the 2024 rider",
            ),
        )

        values = dict(Correction.objects.values_list("field", "value_after"))
        assert values == {"city": "Fès", "baseline_headcount": "12"}
        before = dict(Correction.objects.values_list("field", "value_before"))
        assert before == {"city": "", "baseline_headcount": ""}

    def test_a_second_correction_is_the_next_step_of_the_chain(self, official_client, world):
        commitment = atlas_bpo_casablanca()
        official_client.post(
            commitment_url(commitment),
            commitment_post(commitment, jobs_committed=350, change_reason="Rider 2"),
        )
        official_client.post(
            commitment_url(commitment),
            commitment_post(atlas_bpo_casablanca(), jobs_committed=380, change_reason="Rider 3"),
        )

        first, second = Correction.objects.order_by("step")
        assert (second.step, second.value_before, second.value_after) == (2, "350", "380")
        assert second.published_at == first.corrected_at

    def test_the_add_page_asks_no_reason(self, official_client, world):
        response = official_client.get(reverse("admin:memoranda_commitment_add"))

        assert "change_reason" not in response.context["adminform"].form.fields


class TestMemorandumEdits:
    def test_a_horizon_edit_with_a_reason_is_recorded(self, official_client, world):
        memorandum = world.atlas_mou

        response = official_client.post(
            memorandum_url(memorandum),
            memorandum_post(memorandum, horizon_year="2027", change_reason="Extended by decree"),
        )

        assert response.status_code == 302
        correction = Correction.objects.get()
        assert correction.subject == Correction.Subject.MEMORANDUM
        assert correction.memorandum == memorandum
        assert correction.commitment is None
        assert (correction.field, correction.value_before, correction.value_after) == (
            "horizon_year",
            "2026",
            "2027",
        )
        assert Memorandum.objects.get(pk=memorandum.pk).horizon_year == 2027

    def test_an_inline_commitment_edit_takes_the_memorandums_reason(self, official_client, world):
        memorandum = world.atlas_mou
        data = memorandum_post(memorandum, change_reason="Corrected from the signed text")
        index = next(
            i for i in range(3) if data[f"commitments-{i}-id"] == atlas_bpo_casablanca().pk
        )
        data[f"commitments-{index}-jobs_committed"] = "420"

        response = official_client.post(memorandum_url(memorandum), data)

        assert response.status_code == 302
        correction = Correction.objects.get()
        assert correction.commitment == atlas_bpo_casablanca()
        assert (correction.value_before, correction.value_after) == ("400", "420")
        assert correction.reason == "Corrected from the signed text"

    def test_an_inline_edit_without_a_reason_is_refused_on_the_field(self, official_client, world):
        memorandum = world.atlas_mou
        data = memorandum_post(memorandum)
        data["commitments-0-jobs_committed"] = "999"

        response = official_client.post(memorandum_url(memorandum), data)

        assert response.status_code == 200
        formset = response.context["inline_admin_formsets"][0].formset
        assert formset.forms[0].errors["jobs_committed"]
        assert not Commitment.objects.filter(jobs_committed=999).exists()
        assert not Correction.objects.exists()

    def test_a_change_of_no_public_figure_needs_no_reason(self, official_client, world):
        memorandum = world.atlas_mou

        response = official_client.post(
            memorandum_url(memorandum), memorandum_post(memorandum, source_title="Press release")
        )

        assert response.status_code == 302
        assert not Correction.objects.exists()


class TestReopeningWarns:
    def test_the_reopen_page_says_the_reason_may_be_published(
        self, official_client, published_world
    ):
        declaration = published_world.declaration
        url = reverse("admin:operators_declaration_reopen", args=[declaration.pk])

        response = official_client.get(url)

        field = response.context["form"].fields["reason"]
        with translation.override("en"):
            assert "the reason is published with the correction" in str(field.help_text)
        assert response.status_code == 200
