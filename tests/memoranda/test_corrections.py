"""Corrections recorded by the services: jobs created through a reopened declaration, and an
official's edit (memoranda.corrections). The world is described in conftest.py."""

import pytest

from memoranda.models import Correction, ReopenedFigure
from tests.memoranda.correction_world import REOPEN_REASON, bpo_casablanca

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
