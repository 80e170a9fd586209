"""A visitor looks for an operator among more than the page can carry: the operator box's list
starts empty, fills with the names that hold what is typed (static/js/suggest.js asking
/commitments/operators.json), and the name picked filters the list.

The world of tests/conftest.py (Atlas Relation, Rif Digital), with NamesInput.listed lowered
to 1 so that its two operators are more than the page lists.
"""

import re

import pytest
from playwright.sync_api import expect

from memoranda.filters import NamesInput

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_typing_part_of_a_name_suggests_it_and_picking_it_filters(
    page, live_site, world, monkeypatch
):
    monkeypatch.setattr(NamesInput, "listed", 1)
    page.goto("/en/commitments/")
    names = page.locator("#id_operator_names option")
    expect(names).to_have_count(0)

    page.get_by_label("Operator").press_sequentially("digi")

    expect(names).to_have_count(1)
    expect(names.first).to_have_attribute("value", "Rif Digital")
    page.get_by_label("Operator").fill("Rif Digital")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"operator=Rif\+Digital"))
    operators = page.locator("table.data tbody td[data-label='Operator']")
    expect(operators.first).to_be_visible()
    assert set(operators.all_inner_texts()) == {"Rif Digital"}
