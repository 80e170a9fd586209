"""The bad-input corpus (tests/bad_input.py) over public pages, the operator space and the
admin: no request answers 500, and no refused write leaves a trace in any table."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from operators.models import Site
from tests import bad_input

pytestmark = pytest.mark.django_db

AREAS = {
    "public": bad_input.public_probes,
    "operator space": bad_input.space_probes,
    "logins": bad_input.login_probes,
    "admin": lambda: bad_input.admin_probes(admin.site._registry),
    "admin import and export": bad_input.import_export_probes,
}
# Written in docs/bad-input.md; a corpus that shrinks below it fails here.
AT_LEAST = 1500
# Each area's probes are sent in this many consecutive chunks, each a test of its own, so that
# the suite's workers share them (the admin's alone took over a minute); each chunk starts from
# the same world.
CHUNKS = {"public": 4, "operator space": 3, "logins": 1, "admin": 8, "admin import and export": 1}


@pytest.fixture
def corpus_world(world, segments, cities, atlas_staff, official, admin_login):
    """The shared world, Atlas's site serving BPO, and a site of Rif Digital's that Atlas's
    staff must not reach; a client per persona that answers 500 rather than raising."""
    own = world.atlas.sites.get()
    own.segments.add(segments["BPO"])
    other = Site.objects.create(operator=world.rif, name="Tanger Tech", city=cities["tanger"])
    other.segments.add(segments["ITO"])
    clients = {name: Client(raise_request_exception=False) for name in ("visitor", "atlas")}
    clients["atlas"].force_login(atlas_staff)
    clients["official"] = Client(raise_request_exception=False)
    admin_login(clients["official"], official)
    return clients, {"own": own.pk, "other": other.pk}


def send(client: Client, probe: bad_input.Probe, ids: dict):
    path = probe.path.format(**ids)
    if probe.content_type:
        return client.generic(probe.method, path, probe.data["raw"], probe.content_type)
    data = {
        key: uploaded(*value, ids) if isinstance(value, tuple) else value
        for key, value in probe.data.items()
    }
    if probe.method == "GET":
        return client.get(path, data)
    if probe.method == "POST":
        return client.post(path, data)
    return client.generic(probe.method, path, "&".join(f"{k}={v}" for k, v in data.items()))


def uploaded(name: str, content: bytes, ids: dict) -> SimpleUploadedFile:
    """The probe's file, with the ids of its world in place of {own} and {other}."""
    for key, value in ids.items():
        content = content.replace(f"{{{key}}}".encode(), str(value).encode())
    return SimpleUploadedFile(name, content)


def run(probes, clients, ids) -> list[str]:
    """Every probe sent; the failures described, one line each."""
    failures = []
    for probe in probes:
        checked = probe.writes
        before = bad_input.fingerprint() if checked else None
        response = send(clients[probe.persona], probe, ids)
        if response.status_code >= 500:
            failures.append(f"{response.status_code}: {probe}")
        refused = probe.must_refuse or response.status_code not in (301, 302, 303)
        if checked and refused and bad_input.fingerprint() != before:
            failures.append(f"wrote although refused ({response.status_code}): {probe}")
    return failures


def test_the_corpus_holds_at_least_the_documented_number_of_requests():
    counts = {area: len(build()) for area, build in AREAS.items()}

    assert sum(counts.values()) >= AT_LEAST, counts
    assert all(counts.values())


def test_the_fingerprint_changes_with_any_row_added_changed_or_removed(world, segments):
    site = world.atlas.sites.get()
    before = bad_input.fingerprint()
    assert bad_input.fingerprint() == before

    site.segments.add(segments["BPO"])
    added = bad_input.fingerprint()
    Site.objects.filter(pk=site.pk).update(name="Casanearshore 2")
    changed = bad_input.fingerprint()
    Site.objects.filter(pk=site.pk).update(name="")
    emptied = bad_input.fingerprint()
    site.segments.clear()
    removed = bad_input.fingerprint()

    assert len({before, added, changed, emptied, removed}) == 5


def chunk(probes: list, index: int, count: int) -> list:
    """The index-th of `count` consecutive chunks of `probes`, all of nearly the same size."""
    return probes[len(probes) * index // count : len(probes) * (index + 1) // count]


def test_the_chunks_send_every_probe_once():
    assert CHUNKS.keys() == AREAS.keys()
    for area, build in AREAS.items():
        probes = build()
        chunks = [chunk(probes, index, CHUNKS[area]) for index in range(CHUNKS[area])]

        assert [probe for part in chunks for probe in part] == probes, area
        assert all(chunks), area


@pytest.mark.parametrize(
    ("area", "index"),
    [
        pytest.param(area, index, id=f"{area} {index + 1} of {count}")
        for area, count in CHUNKS.items()
        for index in range(count)
    ],
)
def test_no_bad_input_is_a_server_error_or_a_partial_write(corpus_world, area, index):
    clients, ids = corpus_world
    probes = chunk(AREAS[area](), index, CHUNKS[area])

    failures = run(probes, clients, ids)

    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(failures[:40])
