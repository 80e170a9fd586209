"""Backups of the whole database and their restoration (`manage.py backup`, `manage.py restore`).

PostgreSQL: pg_dump's custom format, which pg_dump writes from one snapshot (consistent while
the portal runs) and pg_restore reads. SQLite: the online backup API, which copies the pages
under a read lock, so that a write in progress is either wholly in the copy or not at all.
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
EXTENSIONS = {POSTGRESQL: ".pgdump", SQLITE: ".sqlite3"}
# The first bytes of each kind of file: a custom-format dump, a SQLite database.
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
KIND = {POSTGRESQL: "a PostgreSQL dump", SQLITE: "a SQLite database"}
NAME = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}


def engine() -> str:
    vendor = connection.settings_dict["ENGINE"]
    if vendor not in EXTENSIONS:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def database_name() -> str:
    return str(connection.settings_dict["NAME"])


def postgres_environment() -> dict[str, str]:
    """The client programs' connection settings, the password in the environment rather than
    on a command line that every user of the machine can read."""
    database = connection.settings_dict
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def run_client(program: str, arguments: list[str]) -> None:
    try:
        result = subprocess.run(
            [program, *arguments], env=postgres_environment(), capture_output=True, text=True
        )
    except FileNotFoundError:
        raise CommandError(
            f"{program} was not found: install PostgreSQL's client programs or name them "
            "with PG_DUMP and PG_RESTORE."
        ) from None
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")


def backup_write(directory: Path) -> Path:
    """Writes a consistent copy of the database into `directory`, named after the time (UTC),
    and returns its path. The copy is written under a temporary name and renamed when complete,
    so that a file named as a backup is always a whole one."""
    vendor = engine()
    # A backup holds personal data and password hashes: for the service's user only.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y-%m-%dT%H%M%SZ")
    path = directory / f"backup-{stamp}{EXTENSIONS[vendor]}"
    if path.exists():
        raise CommandError(f"{path} exists already: wait a second and run the backup again.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        if vendor == POSTGRESQL:
            run_client(
                settings.PG_DUMP,
                ["--format=custom", f"--file={partial}", f"--dbname={database_name()}"],
            )
        else:
            connection.ensure_connection()
            with closing(sqlite3.connect(partial)) as copy:
                connection.connection.backup(copy)
        partial.chmod(0o600)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def backups_prune(directory: Path, *, keep: int) -> list[Path]:
    """Removes all but the `keep` (at least one) newest backups of `directory`: their names
    sort by time."""
    backups = sorted(
        path for extension in EXTENSIONS.values() for path in directory.glob(f"backup-*{extension}")
    )
    removed = backups[: -max(keep, 1)]
    for path in removed:
        path.unlink()
    return removed


def check_restorable(path: Path) -> str:
    vendor = engine()
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    with path.open("rb") as file:
        start = file.read(len(MAGIC[SQLITE]))
    kind = next((kind for kind, magic in MAGIC.items() if start.startswith(magic)), None)
    if kind is None:
        raise CommandError(f"{path} is neither a PostgreSQL dump nor a SQLite database.")
    if kind != vendor:
        raise CommandError(
            f"{path} is {KIND[kind]}, but the configured database is {NAME[vendor]}."
        )
    tables = connection.introspection.table_names()
    if tables:
        raise CommandError(
            f"The database {database_name()} is not empty ({len(tables)} tables, such as "
            f"{tables[0]}): restore into a new, empty database."
        )
    return vendor


def backup_restore(path: Path) -> int:
    """Restores the backup at `path` into the configured database, which must be empty, and
    returns the number of tables restored."""
    vendor = check_restorable(path)
    if vendor == POSTGRESQL:
        run_client(
            settings.PG_RESTORE,
            [
                "--exit-on-error",
                "--single-transaction",
                # The restoring user owns what it restores, whoever owned it at the backup.
                "--no-owner",
                "--no-privileges",
                f"--dbname={database_name()}",
                str(path),
            ],
        )
    else:
        connection.close()
        with (
            closing(sqlite3.connect(path)) as source,
            closing(sqlite3.connect(database_name())) as target,
        ):
            source.backup(target)
    connection.close()
    return len(connection.introspection.table_names())
