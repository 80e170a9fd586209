from django.conf import settings
from django.core.management.base import BaseCommand

from memoranda.import_jobs import import_jobs_expire
from memoranda.uploads import import_uploads_purge


class Command(BaseCommand):
    help = (
        "Remove the uploads of admin imports previewed and never confirmed for more than "
        "IMPORT_UPLOAD_MINUTES. Each new upload does it too; schedule this once a day so that "
        "a last abandoned preview does not stay. Imports the task worker checked and nobody "
        "confirmed within that time are ended, their files removed."
    )

    def handle(self, *args, **options):
        removed = import_uploads_purge()
        self.stdout.write(
            f"{removed} upload(s) older than {settings.IMPORT_UPLOAD_MINUTES} minutes removed."
        )
        expired = import_jobs_expire()
        self.stdout.write(f"{expired} checked import(s) left unconfirmed ended.")
