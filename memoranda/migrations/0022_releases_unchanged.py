"""A published release never changes.

The database itself refuses to change a published release's row or to add, change or move a
file of one (triggers, on SQLite and PostgreSQL). Deleting is refused by the admin (nobody has
the permission) and by the files' PROTECT foreign key; a trigger against it would also stop
the test runner's flush between tests on SQLite.

Officials view releases and their files and may publish one: memoranda.officials."""

from django.db import migrations

MESSAGE = "A published release never changes: corrections go into the next release."

SQLITE = [
    f"""CREATE TRIGGER release_published_unchanged BEFORE UPDATE ON memoranda_release
    WHEN OLD.state = 'published' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER release_file_published_unchanged BEFORE UPDATE ON memoranda_releasefile
    WHEN (SELECT state FROM memoranda_release WHERE id = OLD.release_id) = 'published'
      OR (SELECT state FROM memoranda_release WHERE id = NEW.release_id) = 'published'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER release_file_published_closed BEFORE INSERT ON memoranda_releasefile
    WHEN (SELECT state FROM memoranda_release WHERE id = NEW.release_id) = 'published'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER release_published_unchanged",
    "DROP TRIGGER release_file_published_unchanged",
    "DROP TRIGGER release_file_published_closed",
]

POSTGRESQL = [
    f"""CREATE FUNCTION memoranda_release_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE TRIGGER release_published_unchanged BEFORE UPDATE ON memoranda_release
    FOR EACH ROW WHEN (OLD.state = 'published') EXECUTE FUNCTION memoranda_release_unchanged()""",
    f"""CREATE FUNCTION memoranda_release_file_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM memoranda_release WHERE state = 'published' AND (id = NEW.release_id
          OR (TG_OP = 'UPDATE' AND id = OLD.release_id))) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER release_file_published_unchanged BEFORE INSERT OR UPDATE
    ON memoranda_releasefile FOR EACH ROW EXECUTE FUNCTION memoranda_release_file_unchanged()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER release_file_published_unchanged ON memoranda_releasefile",
    "DROP FUNCTION memoranda_release_file_unchanged()",
    "DROP TRIGGER release_published_unchanged ON memoranda_release",
    "DROP FUNCTION memoranda_release_unchanged()",
]


def run(statements: dict):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("memoranda", "0021_releases")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
