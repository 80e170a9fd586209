from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from memoranda.backups import backup_write, backups_prune


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database (pg_dump's custom format on PostgreSQL, "
        "SQLite's online backup on SQLite) into BACKUP_DIR, named after the date and time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            help="folder of the backups (default: the BACKUP_DIR setting)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="then remove all but the N newest backups of the folder",
        )

    def handle(self, *args, directory=None, keep=None, **options):
        directory = directory or settings.BACKUP_DIR
        path = backup_write(directory)
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")
        if keep is not None:
            for removed in backups_prune(directory, keep=max(keep, 1)):
                self.stdout.write(f"Older backup removed: {removed}")
