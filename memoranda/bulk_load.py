"""Rows written in bulk, with their primary keys chosen by the writer, for the demo generator's
millions of declarations: COPY on PostgreSQL (through psycopg), executemany elsewhere.

Model instances and bulk_create cost tens of microseconds a row in Python, and bulk_create
must read back every new key; here a row is a tuple and its key is known before it is written,
so that child rows can name it. Fields the caller leaves out get their model default, so that
a field added later with a default needs no change here.
"""

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, models

from config.page_cache import public_figures_changed


class BulkLoader:
    """Writes rows of several models; call `finish()` once done, so that the database's own
    key sequences continue after the keys chosen here."""

    def __init__(self):
        self.postgresql = connection.vendor == "postgresql"
        self.written: list[type[models.Model]] = []
        self.texts: dict = {}

    def next_id(self, model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MAX({self.quote(model._meta.pk.column)}) FROM "
                f"{self.quote(model._meta.db_table)}"
            )
            (largest,) = cursor.fetchone()
        return (largest or 0) + 1

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]):
        """Write `rows`, tuples of the values of `fields` (the primary key first, as "id")."""
        given = [model._meta.get_field(name) for name in fields]
        defaulted = [
            field
            for field in model._meta.concrete_fields
            if field not in given and not field.primary_key
        ]
        defaults = tuple(
            field.get_db_prep_save(field.get_default(), connection) for field in defaulted
        )
        columns = ", ".join(self.quote(field.column) for field in given + defaulted)
        table = self.quote(model._meta.db_table)
        if model not in self.written:
            self.written.append(model)
        with connection.cursor() as cursor:
            if self.postgresql:
                stamps = [i for i, f in enumerate(given) if isinstance(f, models.DateTimeField)]
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream:
                    for row in rows:
                        stream.write_row(self.with_text_stamps(row, stamps) + defaults)
            else:
                placeholders = ", ".join(["%s"] * (len(given) + len(defaulted)))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                    [self.prepared(given, row) + defaults for row in rows],
                )

    def finish(self) -> None:
        """Move each written table's key sequence past the largest key (PostgreSQL; SQLite's
        follows the largest key by itself), and refresh those tables' planner statistics."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.written)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.analyze(self.written)
        # COPY and INSERT send no signal.
        public_figures_changed()

    def analyze(self, written: Sequence[type[models.Model]] | None = None) -> None:
        analyze(written)

    @contextmanager
    def foreign_keys_checked_once(self, written: Sequence[type[models.Model]]) -> Iterator[None]:
        """On PostgreSQL, the foreign keys of the `written` models' tables are dropped while
        the block runs and added back at its end, which checks every row at once. Otherwise
        each row written queues a check of its own until the commit: at millions of rows, the
        commit took minutes (PostgreSQL's advice for populating a database)."""
        if not self.postgresql:
            yield
            return
        keys = [
            (model, field)
            for model in written
            for field in model._meta.concrete_fields
            if field.is_relation and field.db_constraint
        ]
        # A table with checks still pending cannot be altered: run them now (as Django's
        # check_constraints does, constraints deferred again afterwards).
        connection.check_constraints()
        with connection.schema_editor() as editor:
            for model, key in keys:
                editor.alter_field(model, key, unconstrained(key))
        yield
        connection.check_constraints()
        with connection.schema_editor() as editor:
            for model, key in keys:
                editor.alter_field(model, unconstrained(key), key)

    def with_text_stamps(self, row: tuple, stamps: list[int]) -> tuple:
        """The row with its date-times in ISO text: psycopg takes a few microseconds to adapt
        each aware date-time, and the demo's millions of rows share a few thousand."""
        if not stamps:
            return row
        row = list(row)
        for i in stamps:
            value = row[i]
            if value is not None:
                text = self.texts.get(value)
                if text is None:
                    text = self.texts[value] = value.isoformat()
                row[i] = text
        return tuple(row)

    @staticmethod
    def prepared(fields, row: tuple) -> tuple:
        return tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        )

    @staticmethod
    def quote(name: str) -> str:
        return connection.ops.quote_name(name)


def unconstrained(key: models.ForeignKey) -> models.ForeignKey:
    """The same foreign key without its database constraint."""
    field = copy.copy(key)
    field.db_constraint = False
    return field


def analyze(written: Sequence[type[models.Model]] | None = None) -> None:
    """PostgreSQL only, where autovacuum may be off: freshly loaded tables would keep the
    statistics of empty ones, and the next queries over them would be planned for a handful of
    rows. Every table when `written` is None."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if written is None:
            cursor.execute("ANALYZE")
        for model in written or []:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
