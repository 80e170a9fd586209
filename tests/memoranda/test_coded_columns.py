"""The export columns that COPY writes without the formula guard hold only codes the portal
writes (memoranda.copy_export.CODED_COLUMNS): none may start like a spreadsheet formula."""

import pytest

from memoranda.copy_export import CODED_COLUMNS
from memoranda.exports import COLUMNS, SOURCES, TEXT_COLUMNS
from memoranda.models import Commitment
from operators.cells import safe_text
from operators.quarters import quarter_code, quarter_index


def test_the_coded_columns_are_text_columns_of_the_export():
    assert set(CODED_COLUMNS) <= set(TEXT_COLUMNS) <= set(COLUMNS)
    assert SOURCES["status"] == "status" and SOURCES["status_at_quarter"] == "status_then"


@pytest.mark.parametrize("status", Commitment.Status.values)
def test_no_status_starts_like_a_formula(status):
    assert safe_text(status) == status


def test_no_quarter_code_starts_like_a_formula():
    first, last = quarter_index(1, 1), quarter_index(9999, 4)
    for index in range(first, last + 1, 97):
        code = quarter_code(index)
        assert safe_text(code) == code, code
    assert quarter_code(first) == "1-Q1"
