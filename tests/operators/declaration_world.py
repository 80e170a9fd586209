"""Helpers that build declarations for the personas of conftest.py."""

from operators.services import declaration_save_draft


def lines(bpo=(100, 80, 50), ito=(20, 10, 5)):
    return {"BPO": bpo, "ITO": ito}


def draft(site, user, year=2024, quarter=1, **counts):
    return declaration_save_draft(
        site=site, year=year, quarter=quarter, lines=lines(**counts), comment="", user=user
    )
