"""Publishing releases: the services that start one, the task that builds it, and the quarter
a release closes.

A release is named after the quarter it closes: "2026-Q3" for the release published when that
quarter closed (by the daily `manage.py publish_release`), "2026-Q3-r2", "2026-Q3-r3" for the
ones an official asks for before the next quarter closes. It is built by the task worker: its
files are written under a folder of its own, then, in one transaction, its list of files is
recorded and it becomes published. A failure removes what was written and leaves the release
failed with its error, never public; a published release is never rebuilt nor changed.
"""

import contextlib
import datetime
import secrets
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.page_cache import public_figures_changed
from memoranda.dashboard import last_ended_index
from memoranda.models import Release, ReleaseFile
from memoranda.release_files import release_files_write
from operators.quarters import quarter_code

STORAGE = "releases"
# A build still unfinished after this long was stopped (the worker restarted mid-build): it is
# marked failed, so that it does not hold back every later release.
BUILD_TIMEOUT = datetime.timedelta(hours=6)
BUILDING_ALREADY = _("A release is being built already: it is published once the worker is done.")


def release_storage():
    return storages[STORAGE]


def closing_quarter(today: datetime.date | None = None) -> int:
    """The quarter whose release is due at `today`: the last one that ended at least
    RELEASE_DAYS_AFTER_QUARTER days before."""
    delay = datetime.timedelta(days=settings.RELEASE_DAYS_AFTER_QUARTER)
    return last_ended_index((today or timezone.localdate()) - delay)


def release_name(quarter: int) -> str:
    """The quarter's code for its first release, then -r2, -r3… (failed builds not counted)."""
    count = Release.objects.of_quarter(quarter).count()
    code = quarter_code(quarter)
    return code if count == 0 else f"{code}-r{count + 1}"


@transaction.atomic
def release_publish(*, quarter: int, requested_by=None) -> Release | None:
    """Start building a release closing `quarter`; the worker builds it once this commits.

    Without `requested_by` (the quarter's close, run daily) nothing happens when the quarter
    already has its release, or while one is being built: None. An official's request
    (`requested_by`) always makes a new release, unless one is being built."""
    if quarter > last_ended_index():
        raise ValidationError({"quarter": _("A release closes a quarter that has ended.")})
    stopped_builds_fail()
    building = Release.objects.select_for_update().filter(state=Release.State.BUILDING)
    if requested_by is None and (building.exists() or Release.objects.of_quarter(quarter).exists()):
        return None
    if building.exists():
        raise ValidationError(BUILDING_ALREADY)
    name = release_name(quarter)
    try:
        # A savepoint: the lock above holds no row while none is being built, so a concurrent
        # request (the daily command and an official, two officials) may have taken the same
        # name since; the database's unique name says so, and is answered as that one's build.
        with transaction.atomic():
            release = Release.objects.create(
                name=name,
                quarter=quarter,
                requested_by=requested_by,
                folder=f"{name}-{secrets.token_hex(8)}",
            )
    except IntegrityError:
        if requested_by is None:
            return None
        raise ValidationError(BUILDING_ALREADY) from None
    transaction.on_commit(partial(release_build.enqueue, release_id=release.pk))
    return release


def stopped_builds_fail() -> None:
    started_before = timezone.now() - BUILD_TIMEOUT
    Release.objects.filter(state=Release.State.BUILDING, requested_at__lt=started_before).update(
        state=Release.State.FAILED,
        error=_("The build did not finish within %(hours)s hours: the worker was stopped.")
        % {"hours": int(BUILD_TIMEOUT.total_seconds() // 3600)},
    )


@task
def release_build(*, release_id: int) -> str:
    """Write every file of the release, then publish it; its state is returned."""
    release = Release.objects.get(pk=release_id)
    if release.state != Release.State.BUILDING:
        return release.state  # a release is built once, never again
    storage = release_storage()
    written = []
    try:
        # In the portal's own language, as its unprefixed pages are.
        with translation.override(settings.LANGUAGE_CODE):
            release_files_write(release, storage, written)
    except Exception as error:
        release_fail(release=release, error=error, storage=storage, written=written)
        raise
    if not release_files_record(release=release, written=written):
        release_fail(release=release, error=None, storage=storage, written=written)
        return Release.State.FAILED
    return Release.State.PUBLISHED


@transaction.atomic
def release_files_record(*, release: Release, written) -> bool:
    """The release's files and its publication, at once: public from this commit on. False
    when the release is no longer being built (marked failed meanwhile as stopped)."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    if release.state != Release.State.BUILDING:
        return False
    ReleaseFile.objects.bulk_create(
        ReleaseFile(
            release=release,
            name=file.name,
            path=file.path,
            media_type=file.media_type,
            size=file.size,
            sha256=file.sha256,
        )
        for file in written
    )
    release.state = Release.State.PUBLISHED
    release.published_at = timezone.now()
    release.save(update_fields=["state", "published_at"])
    # The open data page lists it from this commit on: cached pages are left behind.
    public_figures_changed()
    return True


def release_fail(*, release: Release, error: Exception | None, storage, written) -> None:
    """Remove what the failed build wrote and keep its error for the officials to read (None:
    the error recorded already stays)."""
    for file in written:
        # The error to keep is the build's own, not one of a removal.
        with contextlib.suppress(Exception):
            storage.delete(file.path)
    if error is None:
        return
    with transaction.atomic():
        Release.objects.filter(pk=release.pk, state=Release.State.BUILDING).update(
            state=Release.State.FAILED, error=f"{type(error).__name__}: {error}"
        )
