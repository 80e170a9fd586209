"""On PostgreSQL the CSV export is written by COPY: it must be the file the Python writer
makes, value for value, whatever the figures (unknown, withheld, out of date, negative)."""

import pytest
from django.db import connection

from memoranda import copy_export, exports
from memoranda.models import Commitment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]


def url(path):
    return "http://testserver" + path


@pytest.mark.parametrize("query", [{}, {"city__slug": "casablanca"}, {"baseline_headcount": None}])
def test_copy_writes_the_file_the_python_writer_writes(declared, settings, query):
    settings.PUBLIC_MIN_HEADCOUNT = 30  # Some shares withheld, some shown.
    commitments = Commitment.objects.for_public_list().filter(**query).order_by("pk")

    written = b"".join(copy_export.copy_csv_lines(commitments, url)).decode()
    expected = "".join(exports.csv_lines(commitments, url))

    assert written == expected
    assert written.count("\n") == commitments.count() + 1


def test_the_csv_download_is_the_copy_on_postgresql(client, declared):
    response = client.get("/commitments/export.csv")
    body = b"".join(response.streaming_content).decode()

    expected = "".join(exports.csv_lines(Commitment.objects.for_public_list(), url))
    assert sorted(body.splitlines()) == sorted(expected.splitlines())


def test_a_portal_address_that_starts_like_a_formula_is_quoted_as_the_python_writer_does(
    declared,
):
    commitments = Commitment.objects.for_public_list().order_by("pk")

    def formula_url(path):
        return "=HYPERLINK" + path

    written = b"".join(copy_export.copy_csv_lines(commitments, formula_url)).decode()
    expected = "".join(exports.csv_lines(commitments, formula_url))

    assert written == expected
    assert "'=HYPERLINK/memoranda/" in written
