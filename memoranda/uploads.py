"""Uploads of the admin import, kept between preview and confirmation (django-import-export's
temporary storage) in the database and removed once the import ends, whatever its outcome:
confirmed, failed at confirmation, refused at the preview, or left unconfirmed (removed after
IMPORT_UPLOAD_MINUTES by the next upload and by `manage.py purge_import_uploads`)."""

import datetime
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from memoranda.models import ImportUpload


class UploadGone(Exception):
    """The upload a confirmation names is no longer kept (confirmed already, or expired)."""


def import_upload_save(*, name: str, data: bytes) -> None:
    with transaction.atomic():
        import_uploads_purge()
        ImportUpload.objects.create(name=name, data=data, uploaded_at=timezone.now())


def import_upload_remove(*, name: str) -> None:
    with transaction.atomic():
        ImportUpload.objects.filter(name=name).delete()


def import_uploads_purge() -> int:
    """Removes the uploads of previews left unconfirmed for longer than IMPORT_UPLOAD_MINUTES."""
    limit = timezone.now() - datetime.timedelta(minutes=settings.IMPORT_UPLOAD_MINUTES)
    with transaction.atomic():
        deleted, _ = ImportUpload.objects.filter(uploaded_at__lt=limit).delete()
    return deleted


class DatabaseUploadStorage(BaseStorage):
    """IMPORT_EXPORT_TMP_STORAGE_CLASS: one ImportUpload row per upload, named at random."""

    def save(self, data):
        if not self.name:
            self.name = uuid4().hex
        import_upload_save(name=self.name, data=bytes(data))

    def read(self):
        data = ImportUpload.objects.filter(name=self.name).values_list("data", flat=True).first()
        if data is None:
            raise UploadGone(self.name)
        data = bytes(data)
        return data if "b" in self.read_mode else data.decode(self.encoding or "utf-8")

    def remove(self):
        import_upload_remove(name=self.name)
