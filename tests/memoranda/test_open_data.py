"""The open data page and datapackage.json: every export column described, and the real CSV
readable, typed, by a Frictionless tool."""

import datetime
import json

import pytest
from frictionless import Package

from memoranda import columns, exports
from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment
from operators.headcounts import scope_headcounts_refresh
from operators.models import Declaration, DeclarationLine, Site


def test_datapackage_describes_every_csv_column_in_file_order(client, world):
    package = client.get("/commitments/datapackage.json").json()
    header = client.get("/commitments/export.csv").getvalue().decode().splitlines()[0]

    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == header.split(",")
    assert all(f["description"] and f["title"] for f in fields)


def test_every_described_column_has_exactly_one_value_in_the_exports():
    sources = [*exports.SOURCES, *exports.DERIVED, *exports.WITHDRAWAL, *exports.SOURCED]
    assert sorted(sources) == sorted(exports.COLUMNS)
    assert len(set(sources)) == len(sources)


def test_the_summaries_downloads_write_their_described_columns(client, world):
    for path, group in (
        ("/commitments/by-city.csv", "city"),
        ("/commitments/by-segment.csv", "segment"),
    ):
        header = client.get(path).getvalue().decode().splitlines()[0]
        assert header.split(",") == [group, *(c.name for c in columns.GROUP_COLUMNS)]
    header = client.get("/commitments/over-time.csv").getvalue().decode().splitlines()[0]
    assert header.split(",") == [c.name for c in columns.OVER_TIME_COLUMNS]


def test_datapackage_points_at_the_csv_export_and_names_licence_and_source(client, world):
    package = client.get("/commitments/datapackage.json").json()

    resource = package["resources"][0]
    assert resource["path"] == "http://testserver/commitments/export.csv"
    assert resource["schema"]["missingValues"] == [""]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["homepage"] == "http://testserver/open-data/"
    assert package["sources"]


def test_datapackage_licence_comes_from_settings(client, world, settings):
    settings.OPEN_DATA_LICENCE_NAME = "ODbL-1.0"
    settings.OPEN_DATA_LICENCE_TITLE = "Open Database License"

    package = client.get("/commitments/datapackage.json").json()

    assert package["licenses"][0]["name"] == "ODbL-1.0"
    assert "Open Database License" in client.get("/en/open-data/").content.decode()


def test_datapackage_is_described_in_the_requested_language(client, world):
    english = client.get("/en/commitments/datapackage.json").json()
    arabic = client.get("/ar/commitments/datapackage.json").json()

    assert english["title"] == "Job commitments of memoranda of understanding"
    assert arabic["title"] != english["title"]


@pytest.fixture
def world_with_headcount(world, segments):
    """Atlas's Casablanca site has a validated BPO headcount of 350 and the commitment's
    baseline is 100, so the export carries every type: known jobs created and progress beside
    unknown ones."""
    site = Site.objects.get(operator=world.atlas, name="Casanearshore 1")
    site.segments.set([segments["BPO"]])
    declaration = Declaration.objects.create(
        site=site, year=2025, quarter=2, status=Declaration.Status.VALIDATED
    )
    DeclarationLine.objects.create(
        declaration=declaration, segment=segments["BPO"], headcount=350, permanent=0, women=0
    )
    scope_headcounts_refresh([world.atlas.pk])
    Commitment.objects.filter(memorandum=world.atlas_mou, city__slug="casablanca").update(
        baseline_headcount=100
    )
    commitment_figures_refresh([world.atlas.pk])
    return world


def test_a_frictionless_tool_reads_the_real_csv_typed_without_error(
    client, world_with_headcount, tmp_path
):
    csv_file = tmp_path / "commitments.csv"
    csv_file.write_bytes(b"".join(client.get("/commitments/export.csv").streaming_content))
    descriptor = client.get("/commitments/datapackage.json").json()
    descriptor["resources"] = descriptor["resources"][:1]  # The summaries are read below.
    descriptor["resources"][0]["path"] = "commitments.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

    package = Package(str(tmp_path / "datapackage.json"))
    report = package.validate()
    rows = package.get_resource("commitments").read_rows()

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(rows) == 5
    casablanca = next(r for r in rows if r["memorandum"] == "ATLAS-2023-1" and r["city"])
    assert casablanca["city"] == "Casablanca"
    assert casablanca["jobs_created"] == 250
    assert casablanca["headcount_quarter"] == "2025-Q2"
    unallocated = next(r for r in rows if r["city"] is None)
    assert unallocated["jobs_created"] is None
    assert unallocated["status"] == "no_data"
    assert casablanca["signed_on"] == datetime.date(2023, 3, 15)
    assert casablanca["horizon_year"] == 2026


def test_a_frictionless_tool_rejects_a_file_that_breaks_the_schema(client, world, tmp_path):
    """The schema constrains something: a negative commitment and an unknown status fail."""
    lines = b"".join(client.get("/commitments/export.csv").streaming_content).decode()
    broken = lines.replace(",400,", ",-400,", 1).replace("no_data", "perhaps", 1)
    (tmp_path / "commitments.csv").write_text(broken)
    descriptor = client.get("/commitments/datapackage.json").json()
    descriptor["resources"] = descriptor["resources"][:1]
    descriptor["resources"][0]["path"] = "commitments.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

    report = Package(str(tmp_path / "datapackage.json")).validate()

    errors = report.flatten(["fieldName", "type"])
    assert {error[1] for error in errors} == {"constraint-error"}
    assert ["jobs_committed", "constraint-error"] in errors
    assert ["status", "constraint-error"] in errors


@pytest.mark.parametrize("prefix", ["", "/ar", "/en"])
def test_open_data_page_describes_every_column_and_links_the_files(client, world, prefix):
    response = client.get(f"{prefix}/open-data/")

    page = response.content.decode()
    assert response.status_code == 200
    for column in exports.COLUMNS:
        assert f"<code>{column}</code>" in page
    assert f'href="{prefix}/commitments/export.csv"' in page
    assert f'href="{prefix}/commitments/export.json"' in page
    assert f'href="{prefix}/commitments/datapackage.json"' in page


def test_open_data_page_states_unknown_values_frequency_licence_and_source(client, world):
    page = client.get("/en/open-data/").content.decode()

    assert "never zero" in page
    assert "every quarter, at the latest 30 days after the quarter ends" in page
    assert 'rel="license"' in page
    assert "Creative Commons Attribution 4.0" in page
    assert "validated" in page


def test_every_page_links_to_the_open_data_page(client, world):
    page = client.get("/en/commitments/").content.decode()

    assert 'href="/en/open-data/"' in page


def test_summary_downloads_are_described_with_the_columns_they_write(client, world_with_headcount):
    package = client.get("/commitments/datapackage.json").json()
    resources = {resource["name"]: resource for resource in package["resources"][1:]}

    for name, path in [
        ("jobs-over-time", "/commitments/over-time.csv"),
        ("jobs-by-city", "/commitments/by-city.csv"),
        ("jobs-by-segment", "/commitments/by-segment.csv"),
    ]:
        header = b"".join(client.get(path).streaming_content).decode().splitlines()[0]
        fields = [field["name"] for field in resources[name]["schema"]["fields"]]
        assert header.split(",") == fields
        assert resources[name]["path"] == f"http://testserver{path}"


def test_a_frictionless_tool_reads_the_summaries_typed_without_error(
    client, world_with_headcount, tmp_path
):
    descriptor = client.get("/commitments/datapackage.json").json()
    for resource in descriptor["resources"]:
        local = f"{resource['name']}.csv"
        path = resource["path"].removeprefix("http://testserver")
        (tmp_path / local).write_bytes(b"".join(client.get(path).streaming_content))
        resource["path"] = local
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

    report = Package(str(tmp_path / "datapackage.json")).validate()

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_by_city_download_matches_the_home_table(client, world_with_headcount):
    rows = b"".join(client.get("/commitments/by-city.csv").streaming_content).decode()
    lines = rows.splitlines()

    assert lines[1].startswith("Casablanca,2,450,")
    assert lines[-1].startswith(",1,100,")


def test_a_demo_worlds_datapackage_says_demo_in_its_title(client, world, settings):
    settings.DEMO = True
    package = client.get("/en/commitments/datapackage.json").json()

    assert package["title"].startswith("DEMO – not real figures: ")
