"""Corrections recorded by the services: jobs created through a reopened declaration, and an
official's edit (memoranda.corrections). The world is described in conftest.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from memoranda.corrections import correction_record_edit
from memoranda.models import Commitment, Correction, ReopenedFigure
from operators.models import Site
from operators.services import (
    declaration_reopen,
    declaration_save_draft,
    declaration_submit,
    declaration_validate,
)
from tests.memoranda.correction_world import REOPEN_REASON, bpo_casablanca, correct, declare

pytestmark = pytest.mark.django_db


class TestJobsCreatedCorrections:
    def test_a_reopened_and_corrected_declaration_records_the_change(self, reopened_world):
        correction = Correction.objects.get()

        assert correction.commitment == bpo_casablanca()
        assert correction.field == Correction.Field.JOBS_CREATED
        assert correction.quarter == 2024 * 4
        assert (correction.value_before, correction.value_after) == ("200", "180")
        assert correction.reason == REOPEN_REASON
        assert correction.by == Correction.Role.OPERATOR
        assert correction.step == 1
        assert correction.published_at is not None
        assert correction.published_at <= correction.corrected_at
        assert correction.operator == reopened_world.atlas
        assert correction.signing == reopened_world.signing
        assert correction.city.slug == "casablanca"
        assert not ReopenedFigure.objects.exists()

    def test_an_unallocated_commitment_is_corrected_too(
        self, published_world, atlas_staff, official, karim
    ):
        correct(
            published_world.declaration, atlas_staff, karim, official, "ITO miscounted", 300, 25
        )

        correction = Correction.objects.get()
        assert correction.commitment == Commitment.objects.get(
            segment__code="ITO", city__isnull=True
        )
        assert (correction.value_before, correction.value_after) == ("10", "15")
        assert correction.city is None
        assert correction.reason == "ITO miscounted"

    def test_a_correction_declared_by_an_official_says_an_official(
        self, published_world, official, karim
    ):
        correct(
            published_world.declaration, karim, official, official, "Typed by the desk", 250, 20
        )

        assert Correction.objects.get().by == Correction.Role.OFFICIAL

    def test_the_published_figure_is_held_while_the_declaration_is_reopened(
        self, published_world, official
    ):
        declaration_reopen(declaration=published_world.declaration, user=official, reason="Check")

        held = ReopenedFigure.objects.get(commitment=bpo_casablanca())
        assert (held.quarter, held.jobs_created) == (2024 * 4, 200)
        validation = published_world.declaration.events.get(action="validated")
        assert held.published_at == validation.at
        # Both lines of the declaration left the quarter: both figures of 2024 Q1 are held.
        assert ReopenedFigure.objects.count() == 2
        assert not Correction.objects.exists()

    def test_an_other_quarter_validated_meanwhile_keeps_the_held_figure(
        self, published_world, atlas_staff, official, karim
    ):
        declaration = published_world.declaration
        declaration_reopen(declaration=declaration, user=official, reason="Check")
        declare(published_world.site, atlas_staff, official, bpo=310, ito=20, quarter=2)

        assert ReopenedFigure.objects.filter(quarter=2024 * 4).count() == 2
        assert not Correction.objects.exists()

        resubmit(declaration, atlas_staff, karim, bpo=260, ito=20)

        correction = Correction.objects.get()
        assert (correction.quarter, correction.value_before, correction.value_after) == (
            2024 * 4,
            "200",
            "160",
        )
        assert not ReopenedFigure.objects.exists()

    def test_without_a_baseline_nothing_was_published_and_nothing_is_corrected(
        self, world, atlas_site, atlas_staff, official, karim
    ):
        declaration = declare(atlas_site, atlas_staff, official, bpo=300, ito=20)

        correct(declaration, atlas_staff, karim, official, "Check", 280, 20)

        assert not Correction.objects.exists()
        assert not ReopenedFigure.objects.exists()


def resubmit(declaration, staff, official, bpo, ito):
    declaration = declaration_save_draft(
        site=declaration.site,
        year=declaration.year,
        quarter=declaration.quarter,
        lines={"BPO": (bpo, 0, 0), "ITO": (ito, 0, 0)},
        user=staff,
    )
    declaration = declaration_submit(declaration=declaration, user=staff, explanation="Fixed")
    return declaration_validate(declaration=declaration, user=official)


class TestRecordService:
    def test_a_reason_is_required(self, world):
        with pytest.raises(ValidationError) as error:
            correction_record_edit(
                obj=world.atlas_mou, field="horizon_year", before=2026, after=2027, reason="  "
            )

        assert "reason" in error.value.message_dict
        assert not Correction.objects.exists()

    def test_the_same_value_is_no_correction(self, world):
        assert (
            correction_record_edit(
                obj=world.atlas_mou, field="horizon_year", before=2026, after=2026, reason="No-op"
            )
            is None
        )
        assert not Correction.objects.exists()

    def test_values_are_stored_as_the_pages_read_them(self, world, cities, segments):
        commitment = Commitment.objects.get(segment__code="ITO", city__isnull=True)
        dated = correction_record_edit(
            obj=world.atlas_mou,
            field="signed_on",
            before=datetime.date(2023, 3, 15),
            after=datetime.date(2023, 3, 16),
            reason="Date of the signed copy",
        )
        placed = correction_record_edit(
            obj=commitment, field="city", before=None, after=cities["fes"], reason="Rider"
        )
        recoded = correction_record_edit(
            obj=commitment,
            field="segment",
            before=segments["ITO"],
            after=segments["BPO"],
            reason="Rider",
        )

        assert (dated.value_before, dated.value_after) == ("2023-03-15", "2023-03-16")
        assert (placed.value_before, placed.value_after) == ("", "Fès")
        assert (recoded.value_before, recoded.value_after) == ("ITO", "BPO")
        with translation.override("en"):
            assert placed.shown(placed.value_before) == "not yet allocated"
            assert dated.shown(dated.value_after) == "16 March 2023"

    def test_the_database_refuses_a_correction_without_reason(self, world):
        with pytest.raises(IntegrityError, match="correction_reason_given"), transaction.atomic():
            Correction.objects.create(
                subject="memorandum",
                memorandum=world.atlas_mou,
                field="horizon_year",
                value_before="2026",
                value_after="2027",
                corrected_at=timezone.now(),
                reason="",
                by="official",
            )

    def test_a_status_is_shown_by_its_label(self, world):
        correction = correction_record_edit(
            obj=world.atlas_mou,
            field="status",
            before="in_force",
            after="terminated",
            reason="Terminated by the ministry",
        )

        with translation.override("en"):
            assert correction.summary() == (
                "First published as in force; corrected to terminated on "
                f"{formats.date_format(timezone.localdate(), 'DATE_FORMAT')}: "
                "Terminated by the ministry."
            )


class TestTwoSitesReopened:
    def test_each_commitment_takes_the_reason_of_the_declaration_in_its_scope(
        self, published_world, atlas_staff, official, karim, cities, segments
    ):
        fes_site = Site.objects.create(
            operator=published_world.atlas, name="Fès Shore", city=cities["fes"]
        )
        fes_site.segments.set([segments["BPO"]])
        fes = Commitment.objects.get(segment__code="BPO", city__slug="fes")
        Commitment.objects.filter(pk=fes.pk).update(baseline_headcount=50)
        fes_declaration = declaration_save_draft(
            site=fes_site, year=2024, quarter=1, lines={"BPO": (90, 0, 0)}, user=atlas_staff
        )
        fes_declaration = declaration_submit(declaration=fes_declaration, user=atlas_staff)
        fes_declaration = declaration_validate(declaration=fes_declaration, user=official)

        casa = declaration_reopen(
            declaration=published_world.declaration, user=official, reason="Casablanca interns"
        )
        fes_declaration = declaration_reopen(
            declaration=fes_declaration, user=official, reason="Fès double count"
        )
        resubmit(casa, atlas_staff, karim, bpo=290, ito=20)
        assert not Correction.objects.filter(commitment=fes).exists()
        fes_declaration = declaration_save_draft(
            site=fes_site, year=2024, quarter=1, lines={"BPO": (80, 0, 0)}, user=atlas_staff
        )
        fes_declaration = declaration_submit(declaration=fes_declaration, user=atlas_staff)
        declaration_validate(declaration=fes_declaration, user=karim)

        reasons = {
            c.commitment.city.slug: (c.value_before, c.value_after, c.reason)
            for c in Correction.objects.select_related("commitment__city")
        }
        assert reasons == {
            "casablanca": ("200", "190", "Casablanca interns"),
            "fes": ("40", "30", "Fès double count"),
        }
