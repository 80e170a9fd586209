"""Releases: the open data files published once per quarter's close (and on an official's
request), built by the real task worker, never changed afterwards.

The world is tests/memoranda/conftest.py's `published_world` (Atlas BPO Casablanca: 200 jobs
created in 2024 Q1) with one source and its claim, on 15 October 2026: the quarter that closed
last is 2026-Q3.
"""

import csv
import datetime
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from frictionless import Package

from memoranda.models import Release, ReleaseFile
from memoranda.releases import closing_quarter, release_publish
from operators.quarters import quarter_index
from tests.conftest import run_worker
from tests.memoranda.conftest import Q3_2026
from tests.memoranda.correction_world import REOPEN_REASON, correct

TABLES = ("commitments", "jobs-over-time", "sources", "claims")
FILES = {f"{table}.{extension}" for table in TABLES for extension in ("csv", "json", "xlsx")} | {
    "datapackage.json",
    "SHA256SUMS",
}


class BrokenStorage(FileSystemStorage):
    """A storage that fails on the third file it is asked to save, as a full disk would."""

    saved = 0

    def _save(self, name, content):
        BrokenStorage.saved += 1
        if BrokenStorage.saved == 3:
            raise OSError("No space left on device")
        return super()._save(name, content)


def broken_storage(settings, root):
    BrokenStorage.saved = 0
    broken = {"BACKEND": f"{__name__}.BrokenStorage", "OPTIONS": {"location": root}}
    settings.STORAGES = {**settings.STORAGES, "releases": broken}


def stored(root: Path, file: ReleaseFile) -> bytes:
    return (root / file.path).read_bytes()


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_release_is_built_by_the_worker_with_every_file_and_its_checksum(
    sourced_world, publish, releases_root
):
    release = publish()

    assert release.name == "2026-Q3" and release.state == Release.State.PUBLISHED
    assert release.published_at is not None and release.error == ""
    files = {file.name: file for file in release.files.all()}
    assert set(files) == FILES
    for file in files.values():
        content = stored(releases_root, file)
        assert file.size == len(content) > 0
        assert file.sha256 == hashlib.sha256(content).hexdigest()


def test_sha256sums_lists_every_other_file_as_sha256sum_checks_them(
    sourced_world, publish, releases_root
):
    release = publish()

    files = {file.name: file for file in release.files.all()}
    lines = stored(releases_root, files["SHA256SUMS"]).decode().splitlines()
    listed = dict(reversed(line.split("  ")) for line in lines)
    assert set(listed) == FILES - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(stored(releases_root, files[name])).hexdigest() == digest


def test_the_release_csv_files_equal_the_live_downloads_at_that_moment(
    sourced_world, publish, releases_root, client, settings
):
    settings.PORTAL_URL = "http://testserver"
    release = publish()

    files = {file.name: file for file in release.files.all()}
    live = {
        "commitments.csv": "/commitments/export.csv?withdrawn=include",
        "jobs-over-time.csv": "/commitments/over-time.csv",
        "sources.csv": "/open-data/sources.csv",
        "claims.csv": "/open-data/claims.csv",
    }
    for name, path in live.items():
        assert stored(releases_root, files[name]) == streamed(client.get(path)), name
    commitments = list(csv.DictReader(io.StringIO(stored(releases_root, files[name]).decode())))
    assert commitments  # the comparison above compared something
    rows = csv.DictReader(io.StringIO(stored(releases_root, files["commitments.csv"]).decode()))
    created = {row["jobs_created"] for row in rows if row["city"] == "Casablanca"}
    assert "200" in created


def test_the_release_json_holds_the_live_json_rows(sourced_world, publish, releases_root, client):
    release = publish()

    files = {file.name: file for file in release.files.all()}
    published = json.loads(stored(releases_root, files["commitments.json"]))
    live = json.loads(streamed(client.get("/commitments/export.json?withdrawn=include")))
    assert published["count"] == live["count"] == 5
    assert published["totals"] == live["totals"]
    claims = json.loads(stored(releases_root, files["claims.json"]))["results"]
    assert claims == [
        {
            "source": "mcinet-2023-03-15",
            "about": "memorandum",
            "reference": "ATLAS-2023-1",
            "field": "jobs",
            "value_as_worded": "750 emplois",
            "number": 750,
            "qualifier": "exactly",
            "recorded": False,
        }
    ]


def test_a_frictionless_tool_validates_every_file_of_the_release_with_its_checksum(
    sourced_world, publish, releases_root
):
    release = publish()

    descriptor = releases_root / release.folder / "datapackage.json"
    package = Package(str(descriptor))
    report = package.validate()

    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert len(package.resources) == 12
    rows = package.get_resource("commitments-xlsx").read_rows()
    assert {row["jobs_created"] for row in rows if row["city"] == "Casablanca"} >= {200}
    described = json.loads(descriptor.read_text())
    assert described["version"] == "2026-Q3"
    assert described["resources"][0]["hash"].startswith("sha256:")


def test_a_frictionless_tool_reports_a_file_altered_after_publication(
    sourced_world, publish, releases_root
):
    release = publish()
    csv_file = releases_root / release.folder / "sources.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b"Signature", b"Signatura"))

    report = Package(str(releases_root / release.folder / "datapackage.json")).validate()

    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert errors == {("sources", "hash-count")}


def test_a_later_correction_leaves_the_published_release_as_it_was(
    sourced_world, publish, releases_root, atlas_staff, official, karim
):
    release = publish()
    before = {file.name: stored(releases_root, file) for file in release.files.all()}

    correct(sourced_world.declaration, atlas_staff, karim, official, REOPEN_REASON, 280, 20)
    later = publish(requested_by=official)

    assert {file.name: stored(releases_root, file) for file in release.files.all()} == before
    assert later.name == "2026-Q3-r2"
    changed = {f.name for f in later.files.all() if stored(releases_root, f) != before[f.name]}
    assert {"commitments.csv", "commitments.json", "commitments.xlsx"} <= changed


def test_the_database_refuses_to_change_a_published_release(sourced_world, publish):
    release = publish()
    file = release.files.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(name="2026-Q4")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFile.objects.filter(pk=file.pk).update(sha256="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFile.objects.create(
            release=release, name="extra.csv", path="x", media_type="text/csv", size=1, sha256=""
        )
    assert Release.objects.get(pk=release.pk).name == "2026-Q3"


def test_a_second_publication_of_the_same_quarter_does_nothing(sourced_world, publish):
    first = publish()

    assert publish() is None
    call_command("publish_release", stdout=io.StringIO())
    run_worker()

    assert list(Release.objects.all()) == [first]
    assert first.files.count() == len(FILES)


@pytest.mark.parametrize("requested", [False, True])
def test_a_concurrent_request_for_the_same_name_is_answered_as_one_being_built(
    sourced_world, official, monkeypatch, requested
):
    """Another request commits the quarter's release between this one's checks and its row
    (simulated: it is written as this one picks its name)."""
    from memoranda import releases

    picked = releases.release_name

    def taken_meanwhile(quarter):
        name = picked(quarter)
        Release.objects.create(name=name, quarter=quarter, folder=f"{name}-other")
        return name

    monkeypatch.setattr(releases, "release_name", taken_meanwhile)

    if requested:
        with pytest.raises(ValidationError) as raised:
            release_publish(quarter=Q3_2026, requested_by=official)
        assert raised.value.messages == [str(releases.BUILDING_ALREADY)]
    else:
        assert release_publish(quarter=Q3_2026) is None
    # Only the other request's release (gone with this transaction when it was refused).
    assert not Release.objects.exclude(folder="2026-Q3-other").exists()


def test_the_daily_command_publishes_the_quarter_that_closed_last(
    sourced_world, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_release", stdout=out)
    run_worker()

    release = Release.objects.get()
    assert release.name == "2026-Q3" and release.state == Release.State.PUBLISHED
    assert "2026-Q3" in out.getvalue()


def test_the_quarter_closed_waits_the_configured_days(settings):
    settings.RELEASE_DAYS_AFTER_QUARTER = 45

    assert closing_quarter(datetime.date(2026, 11, 14)) == quarter_index(2026, 2)
    assert closing_quarter(datetime.date(2026, 11, 15)) == Q3_2026


def test_a_quarter_that_has_not_ended_has_no_release(sourced_world):
    with pytest.raises(ValidationError) as raised:
        release_publish(quarter=quarter_index(2026, 4))

    assert "quarter" in raised.value.message_dict
    assert not Release.objects.exists()


def test_a_failing_storage_leaves_no_half_release_and_keeps_the_error(
    sourced_world, publish, settings, releases_root
):
    broken_storage(settings, releases_root)

    release = publish()

    assert release.state == Release.State.FAILED
    assert "No space left on device" in release.error
    assert not release.files.exists()
    assert [path for path in releases_root.rglob("*") if path.is_file()] == []


def test_a_failed_release_is_not_public_and_the_next_attempt_takes_its_name(
    sourced_world, publish, settings, releases_root, client
):
    working = settings.STORAGES
    broken_storage(settings, releases_root)
    failed = publish()
    settings.STORAGES = working

    assert client.get("/open-data/releases/2026-Q3/").status_code == 404
    retried = publish()

    assert retried.name == failed.name == "2026-Q3"
    assert retried.state == Release.State.PUBLISHED
    assert client.get("/open-data/releases/2026-Q3/").status_code == 200


def test_a_build_stopped_midway_is_failed_and_holds_back_no_later_release(
    sourced_world, publish, time_machine, in_english
):
    stopped = Release.objects.create(name="2026-Q3", quarter=Q3_2026, folder="stopped")
    time_machine.shift(datetime.timedelta(hours=7))

    release = publish()

    stopped.refresh_from_db()
    assert stopped.state == Release.State.FAILED and "did not finish" in stopped.error
    assert release.name == "2026-Q3" and release.state == Release.State.PUBLISHED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_release_built_outside_any_transaction_as_the_worker_runs_it_is_published(
    sourced_world, releases_root
):
    """No test transaction around the build, as in production: on PostgreSQL the tables are
    then read in one REPEATABLE READ, read-only transaction (release_files.one_moment)."""
    release = release_publish(quarter=Q3_2026)  # commits: the task waits for the worker
    run_worker()

    release.refresh_from_db()
    assert release.state == Release.State.PUBLISHED, release.error
    assert release.files.count() == len(FILES)
