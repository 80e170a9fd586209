"""Helpers that publish and correct declarations for the worlds of conftest.py."""

from memoranda.models import Commitment
from operators.services import (
    declaration_reopen,
    declaration_save_draft,
    declaration_submit,
    declaration_validate,
)

REOPEN_REASON = "Interns were counted as staff"


def declare(site, user, official, bpo, ito, year=2024, quarter=1):
    declaration = declaration_save_draft(
        site=site,
        year=year,
        quarter=quarter,
        lines={"BPO": (bpo, 0, 0), "ITO": (ito, 0, 0)},
        user=user,
    )
    declaration = declaration_submit(declaration=declaration, user=user, explanation="Growth")
    return declaration_validate(declaration=declaration, user=official)


def correct(declaration, staff, official, reopener, reason, bpo, ito):
    declaration = declaration_reopen(declaration=declaration, user=reopener, reason=reason)
    declaration = declaration_save_draft(
        site=declaration.site,
        year=declaration.year,
        quarter=declaration.quarter,
        lines={"BPO": (bpo, 0, 0), "ITO": (ito, 0, 0)},
        user=staff,
    )
    declaration = declaration_submit(declaration=declaration, user=staff, explanation="Fixed")
    return declaration_validate(declaration=declaration, user=official)


def bpo_casablanca():
    return Commitment.objects.get(segment__code="BPO", city__slug="casablanca")
