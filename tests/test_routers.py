"""With a read replica (DATABASE_REPLICA_URL), the public pages read the portal's tables from it;
writes, the admin, the operator space, accounts, sessions and tasks stay on the primary. The
test database has a second alias, "replica", a second connection to the same database."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from config.routers import PrimaryReplicaRouter, public_reads
from memoranda.models import Commitment
from operators.models import Declaration
from tests.test_settings import settings_value

ROUTER = "config.routers.PrimaryReplicaRouter"
# The replica is seen only once the test's rows are committed, as replication would see them.
replicated = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    yield
    # The test database is dropped at the end of the run, which PostgreSQL refuses while the
    # replica alias's pool still holds connections to it (Django closes only its own alias's).
    replica = connections["replica"]
    replica.close()
    if hasattr(replica, "close_pool"):
        replica.close_pool()


def queries_on_each_database(client, url: str, **request):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url, **request)
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


def test_public_reads_of_the_portals_tables_go_to_the_replica():
    router = PrimaryReplicaRouter()
    token = public_reads.set(True)
    try:
        assert router.db_for_read(Commitment) == "replica"
        assert router.db_for_read(Declaration) == "replica"
        for model in (get_user_model(), Session, DBTaskResult):
            assert router.db_for_read(model) == "default"
        assert router.db_for_write(Commitment) == "default"
    finally:
        public_reads.reset(token)


def test_outside_a_public_page_every_read_goes_to_the_primary():
    router = PrimaryReplicaRouter()

    assert router.db_for_read(Commitment) == "default"
    assert not router.allow_migrate("replica", "memoranda")
    assert router.allow_migrate("default", "memoranda")


@replicated
def test_the_commitments_page_reads_its_rows_from_the_replica(client, world, routed):
    response, primary, replica = queries_on_each_database(client, "/commitments/")

    assert response.status_code == 200
    assert "ATLAS-2023-1" in response.content.decode()
    assert any("memoranda_commitment" in sql for sql in replica)
    assert not any("memoranda_commitment" in sql for sql in primary)


@replicated
def test_the_admin_reads_everything_from_the_primary(client, world, routed, official, admin_login):
    admin_login(client, official)

    response, primary, replica = queries_on_each_database(client, "/admin/memoranda/commitment/")

    assert response.status_code == 200
    assert any("memoranda_commitment" in sql for sql in primary)
    assert replica == []


@replicated
def test_the_operator_space_and_a_form_post_read_from_the_primary(
    client, world, routed, atlas_staff
):
    client.force_login(atlas_staff)

    response, _primary, replica = queries_on_each_database(client, "/space/")
    assert response.status_code in (200, 302)
    assert replica == []

    with CaptureQueriesContext(connections["replica"]) as posted:
        client.post("/i18n/setlang/", {"language": "en", "next": "/commitments/"})
    assert posted.captured_queries == []


def test_a_replica_url_turns_the_router_on():
    routers = settings_value(
        "s.DATABASE_ROUTERS, sorted(s.DATABASES)",
        DATABASE_URL="postgres://monitor@primary.example:5432/monitor",
        DATABASE_REPLICA_URL="postgres://monitor@replica.example:5432/monitor",
    )

    assert routers == f"['{ROUTER}'] ['default', 'replica']"
    assert settings_value("s.DATABASE_ROUTERS") == "[]"


@pytest.mark.parametrize(
    "replica_url", ["sqlite:///var/replica.sqlite3", "nonsense://replica.example/monitor"]
)
def test_a_bad_replica_url_stops_the_start_naming_it(replica_url):
    with pytest.raises(subprocess.CalledProcessError) as failure:
        settings_value(
            "s.DEBUG",
            DATABASE_URL="postgres://monitor@primary.example:5432/monitor",
            DATABASE_REPLICA_URL=replica_url,
        )
    assert "DATABASE_REPLICA_URL" in failure.value.stderr
