"""Backups that restore: `manage.py backup` writes a consistent copy of the test database,
`manage.py restore` puts it into another, empty database, where every row of every table is
found again (a count and a checksum per table) and the portal serves its pages."""

import datetime
import hashlib
import io
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from memoranda.models import ImportUpload

ROOT = Path(settings.BASE_DIR)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs with DATABASE_URL naming PostgreSQL"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="runs on the SQLite default")


def fingerprints(cursor, vendor: str, tables: list[str]) -> dict[str, tuple[int, str]]:
    """For each table, its number of rows and a checksum of every value of every row, each
    value quoted as an SQL literal by the database itself (so that types, NULL and binary data
    compare exactly), rows sorted so that their physical order does not matter."""
    result = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} LIMIT 0")
        columns = [column[0] for column in cursor.description]
        quoted = [
            f"quote_nullable({connection.ops.quote_name(c)}::text)"
            if vendor == "postgresql"
            else f"quote({connection.ops.quote_name(c)})"
            for c in columns
        ]
        cursor.execute(f"SELECT {', '.join(quoted)} FROM {connection.ops.quote_name(table)}")
        rows = sorted(cursor.fetchall())
        result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def source_fingerprints() -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        return fingerprints(cursor, connection.vendor, tables)


# The backup reads the database from another connection (pg_dump, SQLite's backup API): what the
# test wrote must be committed.
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def recorded(world, official):
    """The shared world, committed (pg_dump reads from its own connection), with binary data."""
    ImportUpload.objects.create(
        name="pending", data=bytes(range(256)), uploaded_at=datetime.datetime.now(datetime.UTC)
    )
    return world


def run_manage(arguments: list[str], database_url: str, code: str | None = None):
    environment = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "EMAIL_MAILER": "locmem",
    }
    command = [sys.executable, "manage.py", *arguments] + (["-c", code] if code else [])
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


# Run in the restored database: the schema is current, pages answer, and new rows get new ids
# (PostgreSQL's sequences came back with the rows).
PORTAL_WORKS = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings
plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES={**__import__("django.conf").conf.settings.STORAGES, **plain}):
    client = Client(HTTP_HOST="127.0.0.1")
    for path in ["/", "/commitments/", "/memoranda/ATLAS-2023-1/"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert b"Atlas Relation" in response.content, path
get_user_model().objects.create_user(username="after-restore")
print("portal works")
"""


def backup_and_restore(tmp_path: Path, target_url: str) -> Path:
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path), stdout=out)
    [backup] = tmp_path.glob("backup-*")
    assert re.fullmatch(r"backup-\d{4}-\d\d-\d\dT\d{6}Z\.(pgdump|sqlite3)", backup.name)
    assert str(backup) in out.getvalue()

    restored = run_manage(["restore", str(backup)], target_url)
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    return backup


def assert_portal_works_on(target_url: str):
    check = run_manage(["migrate", "--check"], target_url)
    assert check.returncode == 0, check.stdout + check.stderr
    works = run_manage(["shell"], target_url, PORTAL_WORKS)
    assert "portal works" in works.stdout, works.stderr


@pytest.fixture
def postgresql_target():
    """An empty database beside the test database, dropped at the end."""
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    server = {
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    url = f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
    yield url, {"dbname": name, **server}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@on_postgresql
@COMMITTED
def test_a_postgresql_backup_restores_every_row_of_every_table(
    recorded, tmp_path, postgresql_target
):
    url, target = postgresql_target
    expected = source_fingerprints()

    backup_and_restore(tmp_path, url)

    with closing(psycopg.connect(**target)) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(row[0] for row in cursor.fetchall())
        assert tables == sorted(expected)
        found = fingerprints(cursor, "postgresql", tables)
    assert expected["memoranda_commitment"][0] == 5
    assert expected["memoranda_importupload"][0] == 1
    assert found == expected
    assert_portal_works_on(url)


@on_sqlite
@COMMITTED
def test_a_sqlite_backup_restores_every_row_of_every_table(recorded, tmp_path):
    target = tmp_path / "restored" / "db.sqlite3"
    target.parent.mkdir()
    expected = source_fingerprints()

    backup = backup_and_restore(tmp_path / "backups", f"sqlite:///{target}")

    with closing(sqlite3.connect(backup)) as copy:  # the backup is itself a SQLite database
        assert copy.execute("SELECT count(*) FROM memoranda_commitment").fetchone() == (5,)
    with closing(sqlite3.connect(target)) as restored:
        cursor = restored.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = sorted(row[0] for row in cursor.fetchall() if row[0] != "sqlite_sequence")
        assert tables == sorted(t for t in expected if t != "sqlite_sequence")
        found = fingerprints(cursor, "sqlite", tables)
    assert expected["memoranda_commitment"][0] == 5
    assert expected["memoranda_importupload"][0] == 1
    assert found == {table: expected[table] for table in tables}
    assert_portal_works_on(f"sqlite:///{target}")


def fake_backup(path: Path, vendor: str) -> Path:
    """A file that starts as a backup of the vendor's kind does (enough for the checks that
    run before anything is restored)."""
    if vendor == "sqlite":
        with closing(sqlite3.connect(path)) as database:
            database.execute("CREATE TABLE t (x)")
    else:
        path.write_bytes(b"PGDMP" + bytes(100))
    return path


def test_restore_refuses_a_database_that_is_not_empty_naming_it(db, tmp_path):
    backup = fake_backup(tmp_path / "backup.bin", connection.vendor)

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(backup))

    assert f"The database {connection.settings_dict['NAME']} is not empty" in str(refusal.value)
    assert "restore into a new, empty database" in str(refusal.value)


def test_restore_refuses_a_backup_of_the_other_database_kind(db, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = fake_backup(tmp_path / "backup.bin", other)

    with pytest.raises(CommandError, match="backup.bin is a "):
        call_command("restore", str(backup))


def test_restore_refuses_a_file_that_is_no_backup(db, tmp_path):
    (tmp_path / "notes.txt").write_text("not a backup")

    with pytest.raises(CommandError, match="notes.txt is neither a PostgreSQL dump nor a SQLite"):
        call_command("restore", str(tmp_path / "notes.txt"))
    with pytest.raises(CommandError, match="missing.pgdump is not a file"):
        call_command("restore", str(tmp_path / "missing.pgdump"))


@COMMITTED
def test_backup_keeps_the_newest_copies_it_is_asked_to(tmp_path):
    older = [tmp_path / f"backup-2020-01-0{day}T021500Z.sqlite3" for day in (1, 2, 3)]
    for path in older:
        path.write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a backup: left alone")

    call_command("backup", "--dir", str(tmp_path), "--keep", "2", stdout=io.StringIO())

    kept = sorted(path.name for path in tmp_path.iterdir())
    assert len(kept) == 3
    assert kept[0] == "backup-2020-01-03T021500Z.sqlite3"
    assert re.fullmatch(r"backup-20\d\d-.*Z\.(pgdump|sqlite3)", kept[1])
    assert kept[2] == "notes.txt"


@COMMITTED
def test_backup_goes_to_backup_dir_by_default(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "var" / "backups"

    call_command("backup", stdout=io.StringIO())

    [backup] = settings.BACKUP_DIR.glob("backup-*")
    assert backup.stat().st_mode & 0o777 == 0o600  # personal data: the service's user only
    assert not list(settings.BACKUP_DIR.glob(".*partial"))
