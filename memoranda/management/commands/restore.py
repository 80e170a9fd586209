from pathlib import Path

from django.core.management.base import BaseCommand

from memoranda.backups import backup_restore, database_name


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into the configured database, which "
        "must be empty (a new database); run `manage.py migrate` afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup to restore")

    def handle(self, *args, file, **options):
        tables = backup_restore(file)
        self.stdout.write(f"Restored {file} into {database_name()}: {tables} tables.")
