"""The declaration cycle as operator staff and officials go through it, and what it refuses."""

import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from operators.models import Declaration, DeclarationEvent, DeclarationLine
from operators.services import (
    declaration_reopen,
    declaration_return,
    declaration_save_draft,
    declaration_submit,
    declaration_validate,
)
from tests.operators.declaration_world import draft, lines

Status = Declaration.Status


def actions(declaration):
    return list(declaration.events.values_list("action", "actor_username"))


def validated(site, staff, official, year=2024, quarter=1, **counts):
    declaration = draft(site, staff, year=year, quarter=quarter, **counts)
    declaration = declaration_submit(declaration=declaration, user=staff)
    return declaration_validate(declaration=declaration, user=official)


class TestCycle:
    def test_it_goes_through_return_validation_and_reopening_keeping_history(
        self, site, atlas_staff, official, second_official
    ):
        declaration = draft(site, atlas_staff)
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)
        declaration = declaration_return(
            declaration=declaration, user=official, reason="ITO women look wrong"
        )
        assert declaration.status == Status.RETURNED
        assert declaration.return_reason == "ITO women look wrong"

        draft(site, atlas_staff, ito=(20, 10, 8))
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)
        declaration = declaration_validate(declaration=declaration, user=official)
        assert declaration.status == Status.VALIDATED
        assert declaration.reviewed_by == official

        declaration = declaration_reopen(
            declaration=declaration, user=second_official, reason="BPO headcount misread"
        )
        assert declaration.status == Status.RETURNED
        assert not Declaration.objects.validated().exists()
        draft(site, atlas_staff, bpo=(110, 80, 50), ito=(20, 10, 8))
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)
        declaration = declaration_validate(declaration=declaration, user=second_official)

        assert declaration.status == Status.VALIDATED
        assert actions(declaration) == [
            ("created", "salma"),
            ("submitted", "salma"),
            ("returned", "amina"),
            ("saved", "salma"),
            ("submitted", "salma"),
            ("validated", "amina"),
            ("reopened", "karim"),
            ("saved", "salma"),
            ("submitted", "salma"),
            ("validated", "karim"),
        ]

    def test_events_keep_values_before_and_after_and_the_reason(self, site, atlas_staff, official):
        declaration = validated(site, atlas_staff, official)
        declaration = declaration_reopen(declaration=declaration, user=official, reason="Typo")
        draft(site, atlas_staff, bpo=(110, 80, 50))

        reopened, saved = declaration.events.order_by("at", "pk")[3:5]
        assert reopened.reason == "Typo"
        assert reopened.actor.username == "amina"
        assert (reopened.before["status"], reopened.after["status"]) == ("validated", "returned")
        assert saved.before["lines"]["BPO"] == [100, 80, 50]
        assert saved.after["lines"]["BPO"] == [110, 80, 50]
        assert (saved.before["total"], saved.after["total"]) == (120, 130)

    def test_the_total_is_the_sum_of_the_lines(self, site, atlas_staff):
        declaration = draft(site, atlas_staff)

        assert Declaration.objects.with_total().get(pk=declaration.pk).total == 120

    def test_an_event_keeps_the_actors_name_once_the_account_is_gone(self, site, atlas_staff):
        declaration = draft(site, atlas_staff)
        atlas_staff.delete()

        event = DeclarationEvent.objects.get(declaration=declaration)
        assert event.actor is None
        assert event.actor_username == "salma"


class TestFirstSubmission:
    """Lateness is judged on the first submission, so it survives returns and reopenings."""

    def test_the_first_submission_time_is_kept_through_return_and_reopening(
        self, site, atlas_staff, official, second_official
    ):
        declaration = declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
        first = declaration.first_submitted_at
        assert first == declaration.submitted_at

        declaration = declaration_return(declaration=declaration, user=official, reason="Check")
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)
        declaration = declaration_validate(declaration=declaration, user=official)
        declaration = declaration_reopen(
            declaration=declaration, user=second_official, reason="Recount"
        )
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)

        declaration.refresh_from_db()
        assert declaration.submitted_at > first
        assert declaration.first_submitted_at == first

    def test_a_draft_has_no_first_submission(self, site, atlas_staff):
        assert draft(site, atlas_staff).first_submitted_at is None

    def test_the_migration_takes_it_from_the_history(self, site, atlas_staff, official):
        """Declarations submitted before the field existed get their earliest submission."""
        from django.apps import apps

        backfill = importlib.import_module(
            "operators.migrations.0011_declaration_first_submitted_at"
        ).first_submissions
        declaration = declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
        declaration_return(declaration=declaration, user=official, reason="Check")
        declaration_submit(declaration=declaration, user=atlas_staff)
        earliest = declaration.events.filter(action="submitted").earliest("at").at
        never = draft(site, atlas_staff, year=2024, quarter=2)
        Declaration.objects.update(first_submitted_at=None)

        backfill(apps, None)

        assert Declaration.objects.get(pk=declaration.pk).first_submitted_at == earliest
        assert Declaration.objects.get(pk=never.pk).first_submitted_at is None


class TestWhoMayAct:
    def test_it_rejects_other_operators_site(self, site, rif_staff):
        with pytest.raises(PermissionDenied):
            draft(site, rif_staff)

        assert not Declaration.objects.exists()

    def test_other_operators_staff_cannot_submit(self, site, atlas_staff, rif_staff):
        declaration = draft(site, atlas_staff)

        with pytest.raises(PermissionDenied):
            declaration_submit(declaration=declaration, user=rif_staff)

        declaration.refresh_from_db()
        assert declaration.status == Status.DRAFT

    def test_operator_staff_cannot_validate(self, site, atlas_staff):
        declaration = draft(site, atlas_staff)
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)

        with pytest.raises(PermissionDenied):
            declaration_validate(declaration=declaration, user=atlas_staff)
        with pytest.raises(PermissionDenied):
            declaration_return(declaration=declaration, user=atlas_staff, reason="no")

    def test_nobody_validates_their_own_submission(self, site, official, second_official):
        declaration = draft(site, official)
        declaration = declaration_submit(declaration=declaration, user=official)

        with pytest.raises(PermissionDenied):
            declaration_validate(declaration=declaration, user=official)

        declaration.refresh_from_db()
        assert declaration.status == Status.SUBMITTED
        declaration = declaration_validate(declaration=declaration, user=second_official)
        assert declaration.status == Status.VALIDATED

    def test_operator_staff_cannot_reopen(self, site, atlas_staff, official):
        declaration = validated(site, atlas_staff, official)

        with pytest.raises(PermissionDenied):
            declaration_reopen(declaration=declaration, user=atlas_staff, reason="oops")


class TestStates:
    def test_validated_declaration_is_locked(self, site, atlas_staff, official):
        declaration = validated(site, atlas_staff, official)

        with pytest.raises(ValidationError) as save_error:
            draft(site, atlas_staff, bpo=(1, 1, 1))
        with pytest.raises(ValidationError) as submit_error:
            declaration_submit(declaration=declaration, user=atlas_staff)

        assert "status" in save_error.value.message_dict
        assert "status" in submit_error.value.message_dict
        assert DeclarationLine.objects.get(segment__code="BPO").headcount == 100

    def test_submitted_declaration_cannot_be_submitted_twice(self, site, atlas_staff):
        declaration = draft(site, atlas_staff)
        declaration_submit(declaration=declaration, user=atlas_staff)

        with pytest.raises(ValidationError, match="attend d’être vérifiée"):
            declaration_submit(declaration=declaration, user=atlas_staff)

    def test_a_draft_cannot_be_validated(self, site, atlas_staff, official):
        declaration = draft(site, atlas_staff)

        with pytest.raises(ValidationError) as error:
            declaration_validate(declaration=declaration, user=official)

        assert "status" in error.value.message_dict

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_return_and_reopen_need_a_reason(self, site, atlas_staff, official, reason):
        declaration = draft(site, atlas_staff)
        declaration = declaration_submit(declaration=declaration, user=atlas_staff)

        with pytest.raises(ValidationError) as error:
            declaration_return(declaration=declaration, user=official, reason=reason)

        assert "reason" in error.value.message_dict
        declaration.refresh_from_db()
        assert declaration.status == Status.SUBMITTED

    def test_reopening_needs_a_reason(self, site, atlas_staff, official):
        declaration = validated(site, atlas_staff, official)

        with pytest.raises(ValidationError) as error:
            declaration_reopen(declaration=declaration, user=official, reason="")

        assert "reason" in error.value.message_dict


class TestLargeChange:
    def test_large_change_needs_an_explanation_and_is_flagged(self, site, atlas_staff, official):
        validated(site, atlas_staff, official, quarter=1)
        declaration = draft(site, atlas_staff, quarter=2, bpo=(200, 80, 50))

        with pytest.raises(ValidationError) as error:
            declaration_submit(declaration=declaration, user=atlas_staff)
        assert "explanation" in error.value.message_dict
        declaration.refresh_from_db()
        assert declaration.status == Status.DRAFT

        declaration = declaration_submit(
            declaration=declaration, user=atlas_staff, explanation="New client campaign"
        )
        assert declaration.flagged
        assert declaration.explanation == "New client campaign"
        assert list(Declaration.objects.flagged()) == [declaration]

    def test_change_within_the_threshold_is_not_flagged(self, site, atlas_staff, official):
        validated(site, atlas_staff, official, quarter=1)
        declaration = draft(site, atlas_staff, quarter=2, bpo=(150, 80, 50))

        declaration = declaration_submit(declaration=declaration, user=atlas_staff)

        assert not declaration.flagged

    def test_threshold_comes_from_settings(self, site, atlas_staff, official, settings):
        settings.DECLARATION_CHANGE_THRESHOLD = 0.1
        validated(site, atlas_staff, official, quarter=1)
        declaration = draft(site, atlas_staff, quarter=2, bpo=(150, 80, 50))

        with pytest.raises(ValidationError, match="10 %"):
            declaration_submit(declaration=declaration, user=atlas_staff)

    def test_first_declaration_is_never_a_large_change(self, site, atlas_staff):
        declaration = draft(site, atlas_staff, bpo=(5000, 0, 0))

        assert not declaration_submit(declaration=declaration, user=atlas_staff).flagged


class TestBadInput:
    @pytest.mark.parametrize(
        ("bpo", "message"),
        [
            ((-1, 0, 0), "jamais négatifs"),
            ((10, 11, 0), "contrats permanents ne peuvent pas dépasser"),
            ((10, 0, 11), "femmes ne peuvent pas dépasser"),
            ((10, "5", 0), "nombres entiers"),
            ((10, 5), "nombres entiers"),
        ],
    )
    def test_it_refuses_bad_counts_naming_the_segment(self, site, atlas_staff, bpo, message):
        with pytest.raises(ValidationError) as error:
            draft(site, atlas_staff, bpo=bpo)

        [text] = error.value.message_dict["lines"]
        assert text.startswith("BPO: ")
        assert message.lower() in text.lower()
        assert not Declaration.objects.exists()

    def test_a_refused_correction_keeps_the_previous_figures(self, site, atlas_staff):
        draft(site, atlas_staff)

        with pytest.raises(ValidationError):
            draft(site, atlas_staff, bpo=(-5, 0, 0))

        assert DeclarationLine.objects.get(segment__code="BPO").headcount == 100
        assert DeclarationEvent.objects.count() == 1

    def test_it_refuses_a_segment_the_site_does_not_serve(self, site, atlas_staff):
        with pytest.raises(ValidationError) as error:
            declaration_save_draft(
                site=site,
                year=2024,
                quarter=1,
                lines={**lines(), "KPO": (1, 1, 1)},
                comment="",
                user=atlas_staff,
            )

        assert error.value.message_dict["lines"] == ["KPO : ce site ne dessert pas ce segment."]
        assert not Declaration.objects.exists()

    def test_it_requires_every_segment_the_site_serves(self, site, atlas_staff):
        with pytest.raises(ValidationError) as error:
            declaration_save_draft(
                site=site,
                year=2024,
                quarter=1,
                lines={"BPO": (1, 1, 1)},
                comment="",
                user=atlas_staff,
            )

        assert "ITO" in error.value.message_dict["lines"][0]

    def test_it_refuses_a_quarter_that_has_not_ended(self, site, atlas_staff):
        today = timezone.localdate()
        current = (today.month - 1) // 3 + 1

        with pytest.raises(ValidationError) as error:
            draft(site, atlas_staff, year=today.year, quarter=current)

        assert "quarter" in error.value.message_dict
        assert not Declaration.objects.exists()

    @pytest.mark.parametrize("quarter", [0, 5])
    def test_it_refuses_a_quarter_outside_one_to_four(self, site, atlas_staff, quarter):
        with pytest.raises(ValidationError) as error:
            draft(site, atlas_staff, quarter=quarter)

        assert "quarter" in error.value.message_dict


def test_quarter_end_dates():
    from operators.quarters import quarter_end

    assert [quarter_end(2024, q) for q in (1, 2, 3, 4)] == [
        datetime.date(2024, 3, 31),
        datetime.date(2024, 6, 30),
        datetime.date(2024, 9, 30),
        datetime.date(2024, 12, 31),
    ]
