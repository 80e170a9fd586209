"""Public pages of the releases: a release's page, and its files, served from the releases
storage as they were published: from this server's disk with headers that let any cache keep
them for a year, or, from an S3-compatible bucket, by a redirect to the bucket's address."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from memoranda.models import Release, ReleaseFile
from memoranda.release_files import CHECKSUMS, DATAPACKAGE
from memoranda.releases import release_storage

# A release never changes: its files may be kept by any cache for as long as it likes.
FOREVER = "public, max-age=31536000, immutable"


def release_detail(request: HttpRequest, name: str) -> HttpResponse:
    release = get_object_or_404(Release.objects.published().with_files(), name=name)
    context = {
        "release": release,
        "files": release.files.all(),
        "checksums": CHECKSUMS,
        "datapackage": DATAPACKAGE,
    }
    return render(request, "memoranda/release_detail.html", context)


def release_file(request: HttpRequest, name: str, filename: str) -> HttpResponse:
    file = get_object_or_404(
        ReleaseFile.objects.filter(release__state=Release.State.PUBLISHED),
        release__name=name,
        name=filename,
    )
    storage = release_storage()
    try:
        storage.path(file.path)
    except NotImplementedError:
        # Not on this server's disk: the storage serves it itself, at file-server speed.
        return redirect(storage.url(file.path))
    response = FileResponse(
        storage.open(file.path, "rb"),
        content_type=file.media_type,
        as_attachment=filename not in (DATAPACKAGE, CHECKSUMS),
        filename=filename,
    )
    response["Cache-Control"] = FOREVER
    response["ETag"] = f'"{file.sha256}"'
    return response
