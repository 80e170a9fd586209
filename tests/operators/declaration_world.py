"""Helpers that build declarations for the personas of conftest.py."""

from operators.services import declaration_save_draft, declaration_submit, declaration_validate

# Queries of the declaration form page, pinned in test_operator_space.py.
DECLARATION_QUERIES = 9


def lines(bpo=(100, 80, 50), ito=(20, 10, 5)):
    return {"BPO": bpo, "ITO": ito}


def draft(site, user, year=2024, quarter=1, **counts):
    return declaration_save_draft(
        site=site, year=year, quarter=quarter, lines=lines(**counts), comment="", user=user
    )


def form_data(action="save", year=2024, quarter=1, **overrides):
    data = {
        "year": year,
        "quarter": quarter,
        "BPO-headcount": 100,
        "BPO-permanent": 80,
        "BPO-women": 50,
        "ITO-headcount": 20,
        "ITO-permanent": 10,
        "ITO-women": 5,
        "comment": "",
        "explanation": "",
        "action": action,
    }
    data.update(overrides)
    return data


def declare(site, staff, official, year, quarter, validate=True, **lines):
    declaration = declaration_save_draft(
        site=site,
        year=year,
        quarter=quarter,
        lines={code: (count, 0, 0) for code, count in lines.items()},
        user=staff,
    )
    declaration = declaration_submit(declaration=declaration, user=staff, explanation="Growth.")
    if validate:
        declaration = declaration_validate(declaration=declaration, user=official)
    return declaration
