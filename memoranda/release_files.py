"""Writing a release's files to the releases storage: each table in every format, then
datapackage.json describing them with their checksums, then SHA256SUMS listing every file.

Each file is spooled to a temporary file while its SHA-256 and size are worked out, then saved
to the storage, which copies it in chunks (to the disk, or to S3 in parts): memory stays flat
whatever the file's size.
"""

import hashlib
import json
import posixpath
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files import File
from django.db import connection, transaction
from django.urls import reverse

from memoranda.opendata import data_package
from memoranda.release_tables import MEDIA_TYPES, portal_url, release_tables

FORMATS = ("csv", "json", "xlsx")
DATAPACKAGE = "datapackage.json"
CHECKSUMS = "SHA256SUMS"
# The media types of the two files that describe the others.
DESCRIPTOR_TYPES = {DATAPACKAGE: "application/json", CHECKSUMS: "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class WrittenFile:
    name: str
    path: str
    media_type: str
    size: int
    sha256: str


class StorageRenamed(Exception):
    """The storage saved a file under another name than asked: a file of that name existed."""


def file_write(storage, folder: str, name: str, media_type: str, pieces: Iterable) -> WrittenFile:
    """Write `pieces` (str, as UTF-8, or bytes) as `folder/name` in `storage`."""
    digest, size = hashlib.sha256(), 0
    path = posixpath.join(folder, name)
    with tempfile.TemporaryFile() as spool:
        for piece in pieces:
            data = piece.encode() if isinstance(piece, str) else piece
            digest.update(data)
            size += len(data)
            spool.write(data)
        spool.seek(0)
        saved = storage.save(path, File(spool, name=name))
    if saved != path:
        raise StorageRenamed(f"{path} was saved as {saved}")
    return WrittenFile(name, path, media_type, size, digest.hexdigest())


@contextmanager
def one_moment():
    """On PostgreSQL, every table read in one REPEATABLE READ transaction, so that the files
    describe one moment even while officials work. Elsewhere (SQLite, whose transactions here
    take the write lock), or inside a transaction already open, each query on its own."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def release_package(release, written: list[WrittenFile]) -> dict:
    """The live datapackage.json's description, its resources the release's files, each with
    its SHA-256 and size (which a Frictionless tool checks)."""
    by_name = {file.name: file for file in written}
    package = data_package(portal_url)
    package.update(
        name=f"job-commitments-{release.name.lower()}",
        version=release.name,
        homepage=portal_url(reverse("memoranda:release_detail", args=[release.name])),
    )
    package["resources"] = []
    for table in release_tables():
        for extension in FORMATS:
            file = by_name[table.filename(extension)]
            resource = table.resource(extension)
            resource["hash"] = f"sha256:{file.sha256}"
            # Frictionless tools read a JSON table through a JSON parser that counts no bytes,
            # and report any expected size as wrong: SHA256SUMS gives that file's size.
            if extension != "json":
                resource["bytes"] = file.size
            package["resources"].append(resource)
    return package


def checksums(written: list[WrittenFile]) -> str:
    """As sha256sum writes them, so that `sha256sum -c SHA256SUMS` checks a download."""
    return "".join(f"{file.sha256}  {file.name}\n" for file in written)


def release_files_write(release, storage, written: list[WrittenFile]) -> None:
    """Every file of `release` into its folder, appended to `written` as each is saved (so
    that a failure knows what to remove)."""
    with one_moment():
        for table in release_tables():
            for extension in FORMATS:
                pieces = table.writers[extension]()
                name = table.filename(extension)
                written.append(
                    file_write(storage, release.folder, name, MEDIA_TYPES[extension], pieces)
                )
    package = json.dumps(release_package(release, written), ensure_ascii=False, indent=2)
    write_descriptor(storage, release.folder, DATAPACKAGE, package, written)
    # Last, so that it lists datapackage.json too.
    write_descriptor(storage, release.folder, CHECKSUMS, checksums(written), written)


def write_descriptor(storage, folder: str, name: str, content: str, written: list) -> None:
    written.append(file_write(storage, folder, name, DESCRIPTOR_TYPES[name], [content]))
