"""The CSV and JSON exports: every matching row, streamed, agreeing with the list's totals,
unknown values empty (CSV) or null (JSON), and 400 for bad parameters."""

import csv
import io
import json

import pytest

from memoranda import exports
from memoranda.exports import COLUMNS
from tests.memoranda.public_world import add_rows

CONTRACT_COLUMNS = [
    "memorandum",
    "signed_on",
    "operator",
    "city",
    "region",
    "segment",
    "jobs_committed",
    "jobs_created",
    "progress_percent",
    "status",
]


@pytest.fixture
def many_rows(world, cities, segments):
    add_rows(world, cities, segments)
    return world


def body(response) -> str:
    assert response.streaming is True
    return b"".join(response.streaming_content).decode()


def csv_rows(client, query: str = "") -> list[dict]:
    response = client.get(f"/commitments/export.csv?{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response))))


def json_export(client, query: str = "") -> dict:
    response = client.get(f"/commitments/export.json?{query}")
    assert response.status_code == 200
    return json.loads(body(response))


def test_csv_columns_start_in_the_contract_order(client, world):
    response = client.get("/commitments/export.csv")

    header = body(response).splitlines()[0].split(",")
    assert header[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert header == list(COLUMNS)


def test_json_rows_have_the_contract_keys_in_order(client, world):
    export = json_export(client)

    assert list(export) == ["count", "totals", "withdrawn", "results"]
    assert list(export["results"][0])[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS


def test_exports_hold_every_row_not_one_page(client, many_rows, settings):
    settings.COMMITMENTS_PER_PAGE = 7

    rows = csv_rows(client)
    export = json_export(client)

    assert len(rows) == 60
    assert export["count"] == 60
    assert len(export["results"]) == 60
    assert sum(int(row["jobs_committed"]) for row in rows) == 1625


def test_csv_row_values(client, world):
    rows = {row["jobs_committed"]: row for row in csv_rows(client)}

    assert rows["250"] == {
        "memorandum": "ATLAS-2023-1",
        "signed_on": "2023-03-15",
        "operator": "Atlas Relation",
        "city": "Fès",
        "region": "Fès-Meknès",
        "segment": "BPO",
        "jobs_committed": "250",
        "jobs_created": "",
        "progress_percent": "",
        "status": "no_data",
        "headcount": "",
        "headcount_quarter": "",
        "status_at_quarter": "",
        "jobs_expected_at_quarter": "",
        "horizon_year": "2026",
        "pace_per_quarter": "",
        "projected_jobs_created": "",
        "projected_gap": "",
        "jobs_needed_per_quarter": "",
        "permanent_percent": "",
        "women_percent": "",
        "memorandum_url": "http://testserver/memoranda/ATLAS-2023-1/",
        "withdrawn_on": "",
        "withdrawal_reason": "",
        "sources": "0",
        "sources_disagree": "false",
    }


def test_unknown_values_are_empty_in_csv(client, world):
    (row,) = csv_rows(client, "city=unallocated")

    assert (row["city"], row["region"], row["jobs_created"], row["progress_percent"]) == (
        "",
        "",
        "",
        "",
    )


def test_unknown_values_are_null_in_json(client, world):
    export = json_export(client, "city=unallocated")

    (row,) = export["results"]
    assert (row["city"], row["region"], row["jobs_created"], row["progress_percent"]) == (
        None,
        None,
        None,
        None,
    )
    assert export["totals"] == {
        "jobs_committed": 100,
        "jobs_created": None,
        "commitments_measured": 0,
        "jobs_committed_measured": 0,
        "out_of_date": 0,
    }


@pytest.mark.parametrize(
    "query",
    ["", "city=casablanca", "city=unallocated", "segment=bpo", "operator=atlas-relation", "q=rif"],
)
def test_exports_agree_with_the_list_totals(client, many_rows, query):
    totals = client.get(f"/commitments/?{query}").context["totals"]

    rows = csv_rows(client, query)
    export = json_export(client, query)

    assert len(rows) == export["count"] == len(export["results"]) == totals["count"]
    assert sum(int(row["jobs_committed"]) for row in rows) == totals["jobs_committed"]
    assert export["totals"] == {
        "jobs_committed": totals["jobs_committed"],
        "jobs_created": totals["jobs_created"],
        "commitments_measured": totals["measured"],
        "jobs_committed_measured": totals["measured_jobs_committed"] or 0,
        "out_of_date": totals["out_of_date"],
    }


def test_exports_follow_the_ordering_parameter(client, world):
    rows = csv_rows(client, "ordering=-jobs_committed")

    assert [row["jobs_committed"] for row in rows] == ["400", "300", "250", "100", "50"]


def test_exports_ignore_the_page_parameter(client, world, settings):
    settings.COMMITMENTS_PER_PAGE = 2

    assert len(csv_rows(client, "page=2")) == 5


@pytest.mark.parametrize(
    ("path", "content_type", "filename"),
    [
        ("/commitments/export.csv", "text/csv; charset=utf-8", "commitments.csv"),
        ("/commitments/export.json", "application/json; charset=utf-8", "commitments.json"),
    ],
)
def test_exports_are_streamed_attachments(client, world, path, content_type, filename):
    response = client.get(path)

    assert response.streaming is True
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.parametrize(
    "path", ["/commitments/export.csv", "/commitments/export.json", "/commitments/export-excel.csv"]
)
def test_exports_stream_pieces_of_many_rows_each(client, world, monkeypatch, path):
    whole = b"".join(client.get(path).streaming_content)
    size = len(whole) // 3
    monkeypatch.setattr(exports, "BUFFER_SIZE", size)

    pieces = list(client.get(path).streaming_content)

    assert b"".join(pieces) == whole
    # A header and five commitments: three or four pieces, not one per row.
    assert 3 <= len(pieces) <= 4
    assert all(len(piece) >= size for piece in pieces[:-1])


def test_buffered_joins_texts_and_bytes_into_pieces_of_at_least_the_size():
    assert list(exports.buffered(["ab", "cd", "e"], size=3)) == ["abcd", "e"]
    assert list(exports.buffered([b"abc", memoryview(b"de"), b"f"], size=3)) == [b"abc", b"def"]
    assert list(exports.buffered([], size=3)) == []


def test_an_empty_selection_is_a_valid_empty_export(client, world):
    assert json_export(client, "city=agadir") == {
        "count": 0,
        "totals": {
            "jobs_committed": 0,
            "jobs_created": None,
            "commitments_measured": 0,
            "jobs_committed_measured": 0,
            "out_of_date": 0,
        },
        "withdrawn": 0,
        "results": [],
    }
    assert csv_rows(client, "city=agadir") == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("city=atlantis", "city"),
        ("segment=xyz", "segment"),
        ("ordering=salary", "ordering"),
        ("status=finished", "status"),
        ("q=a%00b", "q"),
        ("operator=" + "x" * 5000, "operator"),
    ],
)
def test_bad_parameters_give_400_naming_the_parameter(client, world, query, parameter):
    as_json = client.get(f"/en/commitments/export.json?{query}")
    as_csv = client.get(f"/en/commitments/export.csv?{query}")

    assert as_json.status_code == as_csv.status_code == 400
    assert list(json.loads(as_json.content)["errors"]) == [parameter]
    assert as_csv.content.decode().startswith(f"{parameter}: ")


# Queries per export: the same with 5 commitments as with 60.
QUERY_COUNTS = [
    ("/commitments/export.csv", 1),
    ("/commitments/export.json", 2),
    ("/commitments/export.json?city=casablanca", 3),
]


@pytest.mark.parametrize("rows", ["world", "many_rows"])
@pytest.mark.parametrize(("path", "queries"), QUERY_COUNTS)
def test_export_query_count_does_not_grow_with_rows(
    client, db, request, django_assert_num_queries, rows, path, queries
):
    # `db` named here, not only through the fixture fetched below: pytest-django orders tests
    # by the fixtures they name, and one fetched late runs after the transactional tests, whose
    # teardown leaves SQLite's in-memory test database without its tables.
    request.getfixturevalue(rows)

    with django_assert_num_queries(queries):
        body(client.get(path))
