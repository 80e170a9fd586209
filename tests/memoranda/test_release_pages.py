"""Releases in public and in the admin: the open data page lists them, each has its page, its
files are served as published with long cache headers (or from the bucket that holds them),
and officials publish one on request and read why one failed."""

import hashlib

import pytest
from django.core.files.storage import FileSystemStorage

from memoranda.models import Release
from memoranda.releases import BUILDING_ALREADY
from tests.conftest import run_worker


class BucketStorage(FileSystemStorage):
    """Stands for an S3 bucket: the files are not on the portal's disk; they have an address."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def url(self, name):
        return f"https://releases.example.org/{name}"


@pytest.fixture
def release(sourced_world, publish):
    return publish()


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_the_open_data_page_lists_each_release_with_its_files_and_checksums(
    client, release, prefix
):
    page = client.get(f"{prefix}/open-data/").content.decode()

    assert f'href="{prefix}/open-data/releases/2026-Q3/"' in page
    for file in release.files.all():
        assert f'href="{prefix}/open-data/releases/2026-Q3/{file.name}"' in page
        assert f'<code class="checksum">{file.sha256}</code>' in page


def test_the_open_data_page_lists_releases_in_a_fixed_number_of_queries(
    client, release, publish, official, django_assert_max_num_queries
):
    publish(requested_by=official)
    publish(requested_by=official)

    with django_assert_max_num_queries(4):
        page = client.get("/en/open-data/").content.decode()

    assert "Release 2026-Q3-r3" in page and "Release 2026-Q3-r2" in page
    assert page.index("Release 2026-Q3-r3") < page.index("Release 2026-Q3-r2")  # latest first


def test_the_open_data_page_says_when_no_release_is_published_yet(client, world, in_english):
    page = client.get("/en/open-data/").content.decode()

    assert "No release has been published yet." in page


def test_a_release_page_shows_how_to_cite_it_and_every_file(client, release, in_english):
    response = client.get("/en/open-data/releases/2026-Q3/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Job commitments monitor, release 2026-Q3, published on" in page
    assert "sha256sum -c SHA256SUMS" in page
    assert page.count('<code class="checksum">') == release.files.count() + 1


def test_a_release_page_names_nobody_who_asked_for_it(client, release, publish, official):
    later = publish(requested_by=official)

    page = client.get(f"/open-data/releases/{later.name}/").content.decode()

    assert official.username not in page


def test_a_release_being_built_or_failed_has_no_public_page(client, sourced_world):
    Release.objects.create(name="2026-Q3", quarter=8107, folder="x")

    assert client.get("/open-data/releases/2026-Q3/").status_code == 404
    assert client.get("/open-data/releases/2026-Q3/commitments.csv").status_code == 404


def test_a_file_is_served_as_published_with_headers_for_a_year_of_caching(client, release):
    file = release.files.get(name="commitments.csv")

    response = client.get("/open-data/releases/2026-Q3/commitments.csv")

    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == file.sha256
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{file.sha256}"'
    assert response["Content-Disposition"] == 'attachment; filename="commitments.csv"'


def test_the_workbook_is_served_with_its_spreadsheet_type(client, release):
    response = client.get("/open-data/releases/2026-Q3/commitments.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_an_unknown_file_of_a_release_is_not_found(client, release):
    assert client.get("/open-data/releases/2026-Q3/settings.py").status_code == 404
    assert client.get("/open-data/releases/2026-Q3/..%2F..%2Fsettings.py").status_code == 404


def test_a_file_in_a_bucket_is_a_redirect_to_the_bucket(client, release, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "releases": {"BACKEND": f"{__name__}.BucketStorage"},
    }

    response = client.get("/open-data/releases/2026-Q3/claims.json")

    assert response.status_code == 302
    assert response["Location"] == f"https://releases.example.org/{release.folder}/claims.json"


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def test_an_official_publishes_a_release_now_from_the_admin(
    official_client, release, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post("/admin/memoranda/release/publish/", follow=True)
    run_worker()

    later = Release.objects.get(name="2026-Q3-r2")
    assert later.state == Release.State.PUBLISHED
    assert later.requested_by.username == "amina"
    [(level, text)] = messages_of(response)
    assert level == "success" and "2026-Q3-r2" in text


def test_the_admin_refuses_a_second_release_while_one_is_being_built(
    official_client, sourced_world
):
    Release.objects.create(name="2026-Q3", quarter=8107, folder="x")

    response = official_client.post("/admin/memoranda/release/publish/", follow=True)

    assert messages_of(response) == [("error", str(BUILDING_ALREADY))]
    assert Release.objects.count() == 1


def test_the_admin_shows_a_failed_release_with_its_error(official_client, sourced_world):
    Release.objects.create(
        name="2026-Q3",
        quarter=8107,
        folder="x",
        state=Release.State.FAILED,
        error="OSError: No space left on device",
    )

    page = official_client.get("/admin/memoranda/release/").content.decode()

    assert "OSError: No space left on device" in page
    assert "/admin/memoranda/release/publish/" in page


def test_nobody_changes_or_deletes_a_release_in_the_admin(official_client, release):
    change = official_client.get(f"/admin/memoranda/release/{release.pk}/change/")
    delete = official_client.post(f"/admin/memoranda/release/{release.pk}/delete/")

    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert delete.status_code == 403
    assert Release.objects.filter(pk=release.pk).exists()


def test_an_official_without_the_permission_cannot_publish(
    client, admin_login, django_user_model, sourced_world
):
    clerk = django_user_model.objects.create_user(username="clerk", is_staff=True)
    admin_login(client, clerk)

    response = client.post("/admin/memoranda/release/publish/")

    assert response.status_code == 403
    assert not Release.objects.exists()
