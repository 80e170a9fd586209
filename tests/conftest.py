"""A small named world shared by the tests.

Reference data (regions, cities, segments) and the Officials group come from the migrations.
The world adds two operators and their memoranda, with commitments in three cities and one not
yet allocated:

| memorandum   | operator    | segment | city       | jobs |
| ------------ | ----------- | ------- | ---------- | ---- |
| ATLAS-2023-1 | Atlas Relation | BPO  | Casablanca |  400 |
| ATLAS-2023-1 | Atlas Relation | BPO  | Fès        |  250 |
| ATLAS-2023-1 | Atlas Relation | ITO  | (none)     |  100 |
| RIF-2024-1   | Rif Digital | ITO     | Tanger     |  300 |
| RIF-2024-1   | Rif Digital | KPO     | Casablanca |   50 |

Totals: 1,100 jobs, 5 commitments, 2 memoranda, 2 operators.

Personas: official (amina, in the Officials group), atlas_staff (salma, Atlas Relation's
reporting manager), rif_staff (youssef, Rif Digital's).
"""

import datetime
from collections import defaultdict
from contextlib import contextmanager
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.db import connections, transaction
from django.db.backends.base.creation import BaseDatabaseCreation
from django.utils import translation

from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, Memorandum, Signing
from operators.models import City, Operator, OperatorMembership, Segment, Site
from tests.second_factor import log_in_verified


class DatabaseAccess:
    blocker = None


@pytest.fixture(autouse=True)
def database_access(django_db_blocker):
    DatabaseAccess.blocker = django_db_blocker


def is_transactional(item) -> bool:
    """Whether the test commits for real (and so empties the database as it ends). Every such
    test of the suite declares serialized_rollback, which restores what the migrations created
    as it starts; mixed with transactional tests that do not, the post_migrate signal of their
    flush would recreate content types that the next restore then duplicates."""
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in getattr(
        item, "fixturenames", ()
    )


def refill_database() -> None:
    """Puts back what the migrations created (regions, cities, segments, groups, content types).

    A transactional test empties the database as it ends, and serialized_rollback refills it
    only as the next such test starts: the other tests that follow would find it empty.
    """
    if DatabaseAccess.blocker is None:
        return
    with DatabaseAccess.blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if contents := getattr(connection, "_test_serialized_contents", None):
                connection.creation.deserialize_db_from_string(contents)


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def pytest_collection_modifyitems(config, items):
    """A test marked database_independent runs on one database only in CI: one that asks for
    the database would lose the other database's run, so it stops the collection."""
    for item in items:
        if item.get_closest_marker("database_independent") and (
            item.get_closest_marker("django_db")
            or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            raise pytest.UsageError(f"{item.nodeid} is database_independent but uses the database")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # trylast: after the test's fixtures (its database flush) are torn down.
    if nextitem is not None and is_transactional(item) and not is_transactional(nextitem):
        refill_database()


@pytest.fixture(scope="session", autouse=True)
def flush_by_deleting_on_postgresql():
    """A transactional test ends with a flush, which PostgreSQL does with one TRUNCATE of every
    table: about 2 s each time, for tables of a few rows. DELETE empties them the same way (no
    sequence is reset either way; the foreign keys, deferred, are checked as the flush commits)
    in a few milliseconds. A flush that resets sequences or cascades keeps its TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(table)};" for table in tables]

    with mock.patch.object(DatabaseOperations, "sql_flush", sql_flush):
        yield


def deserialize_in_bulk(self, data: str) -> None:
    """What BaseDatabaseCreation.deserialize_db_from_string does (the rows the migrations
    created, put back as serialized_rollback asks), with one INSERT per table rather than an
    UPDATE and an INSERT per row: about 300 rows, 0.7 s on PostgreSQL before each transactional
    test. Like the original: raw rows (no save() of the models), a row of the same key
    overwritten, in one transaction, the foreign keys checked once all are in."""
    alias = self.connection.alias
    rows, links = defaultdict(list), []
    with transaction.atomic(using=alias):
        with self.connection.constraint_checks_disabled():
            for deserialized in serializers.deserialize("json", data, using=alias):
                rows[type(deserialized.object)].append(deserialized.object)
                links.append(deserialized)
            for model, objects in rows.items():
                # The first transactional test finds the rows there already: overwritten, as
                # the original's UPDATE does.
                fields = [field.name for field in model._meta.concrete_fields]
                model._base_manager.using(alias).bulk_create(
                    objects,
                    update_conflicts=True,
                    unique_fields=[model._meta.pk.name],
                    update_fields=[name for name in fields if name != model._meta.pk.name],
                )
            for deserialized in links:
                for accessor, values in (deserialized.m2m_data or {}).items():
                    getattr(deserialized.object, accessor).set_base(values, raw=True)
        self.connection.check_constraints(table_names={model._meta.db_table for model in rows})


@pytest.fixture(scope="session", autouse=True)
def restore_in_bulk():
    with mock.patch.object(BaseDatabaseCreation, "deserialize_db_from_string", deserialize_in_bulk):
        yield


@pytest.fixture(autouse=True)
def unhashed_static_files(settings):
    """Tests render templates without running collectstatic first, so static URLs are not
    looked up in the hashed-name manifest that production builds."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Production hashes with PBKDF2 at a cost meant to be slow (about 0.6 s a password here);
    tests that only need an account with a password use MD5. A test whose subject is hashing
    sets PASSWORD_HASHERS back to the production list itself."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language, whatever an earlier test or request left
    active (the test client's requests run in the test's thread, and the locale middleware
    leaves the request's language active after it): reverse() gives unprefixed addresses and
    messages read in French unless the test asks for another language (`in_english`)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def run_worker() -> None:
    """The task worker, as production runs it, until the queue is empty. Inside the test's own
    transaction, which production never has, the worker must not close its connection between
    tasks (it does to drop stale ones: on PostgreSQL that would leave the test's transaction)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """`with delivered():` around an action: once it commits (its on-commit callbacks run, which
    the test's own transaction would otherwise hold back), the task worker runs what it
    enqueued, e-mails included, which then reach `mail.outbox`."""

    @contextmanager
    def action():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_worker()

    return action


@pytest.fixture
def in_english():
    """English active for the test: reverse() gives the /en/ addresses and messages computed in
    the test read as the pages do, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def cities():
    return {city.slug: city for city in City.objects.select_related("region")}


@pytest.fixture
def segments():
    return Segment.objects.by_code()


@pytest.fixture
def world(db, cities, segments):
    signing = Signing.objects.create(
        slug="offshoring-2023",
        title="Offshoring 2023",
        signed_on=datetime.date(2023, 3, 15),
        city=cities["rabat"],
        announced_jobs=1200,
        announced_budget_mad=10_000_000,
        source_title="Communiqué",
    )
    atlas = Operator.objects.create(
        name="Atlas Relation", slug="atlas-relation", home_city=cities["casablanca"]
    )
    rif = Operator.objects.create(name="Rif Digital", slug="rif-digital", ice="001234567000089")
    Site.objects.create(operator=atlas, name="Casanearshore 1", city=cities["casablanca"])
    atlas_mou = Memorandum.objects.create(
        reference="ATLAS-2023-1",
        signing=signing,
        operator=atlas,
        signed_on=datetime.date(2023, 3, 15),
        horizon_year=2026,
    )
    rif_mou = Memorandum.objects.create(
        reference="RIF-2024-1",
        operator=rif,
        signed_on=datetime.date(2024, 1, 10),
        horizon_year=2027,
    )
    rows = [
        (atlas_mou, "BPO", "casablanca", 400),
        (atlas_mou, "BPO", "fes", 250),
        (atlas_mou, "ITO", None, 100),
        (rif_mou, "ITO", "tanger", 300),
        (rif_mou, "KPO", "casablanca", 50),
    ]
    for memorandum, segment, city, jobs in rows:
        Commitment.objects.create(
            memorandum=memorandum,
            segment=segments[segment],
            city=cities[city] if city else None,
            jobs_committed=jobs,
        )
    # As the admin and the imports do after recording commitments.
    commitment_figures_refresh([atlas.pk, rif.pk])
    return SimpleNamespace(
        signing=signing, atlas=atlas, rif=rif, atlas_mou=atlas_mou, rif_mou=rif_mou
    )


@pytest.fixture
def official(django_user_model):
    """Ministry staff: admin access through the Officials group only, no superuser power."""
    user = django_user_model.objects.create_user(
        username="amina", password="x-official-pass-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Officials"))
    return user


@pytest.fixture
def official_client(client, official):
    """The official logged in to the admin, their session verified by a second factor."""
    log_in_verified(client, official)
    return client


@pytest.fixture
def admin_login():
    """Call it with a client and a staff user: logs them in with a session verified by a second
    factor, as the admin requires (tests/second_factor.py)."""
    return log_in_verified


def staff_of(django_user_model, operator, username):
    user = django_user_model.objects.create_user(username=username)
    OperatorMembership.objects.create(user=user, operator=operator)
    return user


@pytest.fixture
def atlas_staff(django_user_model, world):
    return staff_of(django_user_model, world.atlas, "salma")


@pytest.fixture
def rif_staff(django_user_model, world):
    return staff_of(django_user_model, world.rif, "youssef")
