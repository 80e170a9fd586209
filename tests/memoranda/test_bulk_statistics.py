"""After a bulk load the portal refreshes PostgreSQL's planner statistics itself: this
machine's PostgreSQL runs without autovacuum, and production may too, so freshly loaded tables
would otherwise be planned as the near-empty tables they were."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memoranda.commitment_import import BULK_IMPORT_ROWS
from memoranda.models import Commitment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
    ),
]

HEADER = "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year"
SEGMENTS = ["BPO", "ITO", "ESO", "KPO"]


def bulk_file(tmp_path, memoranda: int):
    rows = [
        f"BULK-2024-{number},2024-02-01,Bulk Operator {number % 7},Casablanca,{segment},10,2028"
        for number in range(1, memoranda + 1)
        for segment in SEGMENTS
    ]
    path = tmp_path / "bulk.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def estimated_rows(model) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def statistics_of_the_world(world):
    """The planner's statistics as they stood before the file: the world's five commitments."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Commitment._meta.db_table}")
    assert estimated_rows(Commitment) == 5


def test_a_bulk_import_analyses_the_tables_it_wrote(
    tmp_path, statistics_of_the_world, django_capture_on_commit_callbacks
):
    path = bulk_file(tmp_path, BULK_IMPORT_ROWS // len(SEGMENTS))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_commitments", str(path), stdout=io.StringIO())

    assert Commitment.objects.count() == 5 + BULK_IMPORT_ROWS
    assert estimated_rows(Commitment) == 5 + BULK_IMPORT_ROWS


def test_a_dry_run_analyses_nothing(
    tmp_path, statistics_of_the_world, django_capture_on_commit_callbacks
):
    path = bulk_file(tmp_path, BULK_IMPORT_ROWS // len(SEGMENTS))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("import_commitments", str(path), "--dry-run", stdout=io.StringIO())

    assert callbacks == []
    assert estimated_rows(Commitment) == 5


def test_rebuild_figures_analyses_the_database(world):
    with CaptureQueriesContext(connection) as context:
        call_command("rebuild_figures", stdout=io.StringIO())

    assert "ANALYZE" in [query["sql"] for query in context.captured_queries]
