"""sources.csv and claims.csv, their description in datapackage.json and on the open data page,
and the sources and sources_disagree columns of the commitment exports.

`sourced_world`, on the world of tests/conftest.py: four sources, three of which disagree on
ATLAS-2023-1's horizon (the ministry: 2026, recorded; Le Matin: 2027; Atlas Relation: "in a few
years", not a number). Le Matin also gives about 100 jobs for Atlas ITO not yet allocated, Atlas
Relation its own headcount (more than 1,200), MAP the signing's jobs and the programme's. Rif
Digital has no claim: its commitments have 0 sources, which do not disagree.

| source            | publisher         | date               | kind     | language |
| ----------------- | ----------------- | ------------------ | -------- | -------- |
| lematin-2023-03   | Le Matin          | 2023-03 (month)    | press    | fr       |
| mcinet-2023-03-15 | the ministry      | 2023-03-15         | official | fr       |
| map-2023-03-16    | MAP               | 2023-03-16 (event) | press    | ar       |
| atlas-relation    | Atlas Relation    | undated            | company  | en       |
"""

import csv
import datetime
import io
import json
from types import SimpleNamespace

import pytest
from django.db import connection
from frictionless import Package

from memoranda import copy_export, exports
from memoranda.models import Claim, Commitment, Programme, Source
from memoranda.source_open_data import CLAIM_COLUMNS, SOURCE_COLUMNS

HYPERLINK = '=HYPERLINK("http://x","y")'
SOURCE_HEADER = [
    "source",
    "publisher",
    "title",
    "url",
    "published_on",
    "date_is",
    "date_precision",
    "kind",
    "language",
]
CLAIM_HEADER = [
    "source",
    "about",
    "reference",
    "field",
    "value_as_worded",
    "number",
    "qualifier",
    "recorded",
]


def url(path):
    return "http://testserver" + path


def streamed(response) -> str:
    assert response.streaming is True
    return b"".join(response.streaming_content).decode()


def csv_of(client, path: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(streamed(client.get(path)))))


def claim(source, subject: str, about, field, value, number=None, qualifier="", **more):
    return Claim.objects.create(
        source=source,
        **{subject: about},
        field=field,
        value=value,
        number=number,
        qualifier=qualifier,
        **more,
    )


@pytest.fixture
def sourced_world(world):
    lematin = Source.objects.create(
        slug="lematin-2023-03",
        publisher="Le Matin",
        title="Offshoring : 1 200 emplois, dont 100 sans ville",
        url="https://lematin.ma/offshoring",
        published_on=datetime.date(2023, 3, 1),
        precision=Source.Precision.MONTH,
        kind=Source.Kind.PRESS,
        language=Source.Language.FRENCH,
    )
    ministry = Source.objects.create(
        slug="mcinet-2023-03-15",
        publisher="Ministère de l'Industrie et du Commerce",
        title="Signature de conventions d'offshoring",
        url="https://www.mcinet.gov.ma/offshoring-2023",
        published_on=datetime.date(2023, 3, 15),
        kind=Source.Kind.OFFICIAL,
        language=Source.Language.FRENCH,
    )
    agency = Source.objects.create(
        slug="map-2023-03-16",
        publisher="MAP",
        published_on=datetime.date(2023, 3, 16),
        dating=Source.Dating.EVENT,
        kind=Source.Kind.PRESS,
        language=Source.Language.ARABIC,
    )
    company = Source.objects.create(
        slug="atlas-relation",
        publisher="Atlas Relation",
        title="About us",
        kind=Source.Kind.COMPANY,
        language=Source.Language.ENGLISH,
    )
    programme = Programme.objects.create(slug="offshoring", title="Offshoring since 2021")
    programme.signings.add(world.signing)
    horizon, jobs = Claim.Field.HORIZON, Claim.Field.JOBS
    exactly = Claim.Qualifier.EXACTLY
    unallocated = Commitment.objects.get(memorandum=world.atlas_mou, city__isnull=True)
    mou = world.atlas_mou
    official = {"recorded": True, "recorded_reason": "The ministry's own release"}
    claim(ministry, "memorandum", mou, horizon, "2026", 2026, exactly, **official)
    claim(lematin, "memorandum", mou, horizon, "fin 2027", 2027, exactly)
    claim(company, "memorandum", mou, horizon, "in a few years", None, "not_a_number")
    claim(lematin, "commitment", unallocated, jobs, "une centaine d'emplois", 100, "about")
    headcount = Claim.Field.HEADCOUNT
    claim(company, "operator", world.atlas, headcount, "more than 1,200 people", 1200, "more_than")
    claim(agency, "signing", world.signing, jobs, "1200 منصب شغل", 1200, exactly)
    claim(agency, "programme", programme, Claim.Field.PLACE, "الرباط")
    return SimpleNamespace(**vars(world), programme=programme, lematin=lematin, company=company)


class TestSourcesCsv:
    def test_it_has_one_row_per_source_by_date_undated_last(self, client, sourced_world):
        rows = csv_of(client, "/open-data/sources.csv")

        assert rows == [
            SOURCE_HEADER,
            [
                "lematin-2023-03",
                "Le Matin",
                "Offshoring : 1 200 emplois, dont 100 sans ville",
                "https://lematin.ma/offshoring",
                "2023-03-01",
                "published",
                "month",
                "press",
                "fr",
            ],
            [
                "mcinet-2023-03-15",
                "Ministère de l'Industrie et du Commerce",
                "Signature de conventions d'offshoring",
                "https://www.mcinet.gov.ma/offshoring-2023",
                "2023-03-15",
                "published",
                "day",
                "official",
                "fr",
            ],
            ["map-2023-03-16", "MAP", "", "", "2023-03-16", "event", "day", "press", "ar"],
            ["atlas-relation", "Atlas Relation", "About us", "", "", "published", "day",
             "company", "en"],
        ]  # fmt: skip

    def test_it_is_a_streamed_utf8_attachment(self, client, sourced_world):
        response = client.get("/open-data/sources.csv")

        assert response.streaming is True
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="sources.csv"'
        assert "\r\n" not in streamed(response)

    def test_with_no_source_it_is_its_header(self, client, db):
        assert csv_of(client, "/open-data/sources.csv") == [SOURCE_HEADER]


class TestClaimsCsv:
    def test_it_has_one_row_per_claim_in_its_sources_order(self, client, sourced_world):
        rows = csv_of(client, "/open-data/claims.csv")

        assert rows == [
            CLAIM_HEADER,
            ["lematin-2023-03", "memorandum", "ATLAS-2023-1", "horizon_year", "fin 2027",
             "2027", "exactly", "false"],
            ["lematin-2023-03", "commitment", "ATLAS-2023-1/ITO/unallocated", "jobs",
             "une centaine d'emplois", "100", "about", "false"],
            ["mcinet-2023-03-15", "memorandum", "ATLAS-2023-1", "horizon_year", "2026", "2026",
             "exactly", "true"],
            ["map-2023-03-16", "signing", "offshoring-2023", "jobs", "1200 منصب شغل", "1200",
             "exactly", "false"],
            ["map-2023-03-16", "programme", "offshoring", "place", "الرباط", "", "", "false"],
            ["atlas-relation", "memorandum", "ATLAS-2023-1", "horizon_year", "in a few years",
             "", "not_a_number", "false"],
            ["atlas-relation", "operator", "atlas-relation", "headcount",
             "more than 1,200 people", "1200", "more_than", "false"],
        ]  # fmt: skip

    def test_a_commitment_in_a_city_is_named_by_its_city(self, client, sourced_world):
        casablanca = Commitment.objects.get(memorandum=sourced_world.rif_mou, segment__code="KPO")
        claim(
            sourced_world.lematin, "commitment", casablanca, Claim.Field.JOBS, "50", 50, "exactly"
        )

        rows = csv_of(client, "/open-data/claims.csv")

        assert ["commitment", "RIF-2024-1/KPO/casablanca"] in [row[1:3] for row in rows]

    def test_it_is_a_streamed_utf8_attachment(self, client, sourced_world):
        response = client.get("/open-data/claims.csv")

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
        assert "1200 منصب شغل" in streamed(response)


class TestFormulas:
    """As every CSV the portal writes (operators.cells): a text a spreadsheet would run as a
    formula gets a quote in front; separators and quotes stay inside their cell."""

    @pytest.fixture
    def dangerous_sources(self, sourced_world):
        Source.objects.filter(slug="lematin-2023-03").update(publisher=HYPERLINK, title="@SUM(A1)")
        Source.objects.filter(slug="map-2023-03-16").update(title='"Jobs", he said\n, twice')
        Claim.objects.filter(value="fin 2027").update(value="+1 year")
        Claim.objects.filter(value="in a few years").update(value="-soon")
        return sourced_world

    def test_sources_csv_quotes_formula_texts(self, client, dangerous_sources):
        rows = csv_of(client, "/open-data/sources.csv")

        assert rows[1][1:3] == ["'" + HYPERLINK, "'@SUM(A1)"]
        assert rows[3][2] == '"Jobs", he said\n, twice'
        assert {len(row) for row in rows} == {len(SOURCE_HEADER)}

    def test_claims_csv_quotes_formula_texts_and_keeps_numbers(self, client, dangerous_sources):
        rows = csv_of(client, "/open-data/claims.csv")

        worded = {row[4]: row for row in rows[1:]}
        assert worded["'+1 year"][5] == "2027"
        assert worded["'-soon"][5:7] == ["", "not_a_number"]
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


class TestDatapackage:
    @pytest.mark.parametrize(
        ("name", "path", "header"),
        [
            ("sources", "/open-data/sources.csv", SOURCE_HEADER),
            ("claims", "/open-data/claims.csv", CLAIM_HEADER),
        ],
    )
    def test_it_describes_each_file_with_the_columns_it_writes(
        self, client, sourced_world, name, path, header
    ):
        package = client.get("/commitments/datapackage.json").json()
        resource = next(r for r in package["resources"] if r["name"] == name)

        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == csv_of(client, path)[0] == header
        assert all(field["type"] and field["title"] and field["description"] for field in fields)
        assert resource["path"] == url(path)
        assert resource["encoding"] == "utf-8"

    def test_it_types_the_columns_and_links_claims_to_their_source(self, client, db):
        package = client.get("/commitments/datapackage.json").json()
        resources = {r["name"]: r for r in package["resources"]}
        types = {
            name: {f["name"]: f["type"] for f in resources[name]["schema"]["fields"]}
            for name in ("sources", "claims")
        }

        assert types["sources"]["published_on"] == "date"
        assert types["claims"]["number"] == "integer"
        assert types["claims"]["recorded"] == "boolean"
        assert resources["sources"]["schema"]["primaryKey"] == "source"
        assert resources["claims"]["schema"]["foreignKeys"] == [
            {"fields": "source", "reference": {"resource": "sources", "fields": "source"}}
        ]

    def test_the_codes_described_are_the_codes_written(self):
        described = {column.name: str(column.description) for column in CLAIM_COLUMNS}

        assert all(code in described["field"] for code in Claim.Field.values)
        assert all(code in described["qualifier"] for code in Claim.Qualifier.values)

    def test_the_commitment_columns_include_sources_and_sources_disagree(self, client, db):
        package = client.get("/commitments/datapackage.json").json()

        fields = package["resources"][0]["schema"]["fields"]
        assert [(f["name"], f["type"]) for f in fields[-2:]] == [
            ("sources", "integer"),
            ("sources_disagree", "boolean"),
        ]

    def test_a_frictionless_tool_reads_both_files_typed_without_error(
        self, client, sourced_world, tmp_path
    ):
        descriptor = client.get("/commitments/datapackage.json").json()
        descriptor["resources"] = [
            r for r in descriptor["resources"] if r["name"] in ("commitments", "sources", "claims")
        ]
        for resource in descriptor["resources"]:
            local = f"{resource['name']}.csv"
            path = resource["path"].removeprefix("http://testserver")
            (tmp_path / local).write_bytes(b"".join(client.get(path).streaming_content))
            resource["path"] = local
        (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

        package = Package(str(tmp_path / "datapackage.json"))
        report = package.validate()

        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        claims = package.get_resource("claims").read_rows()
        assert claims[0]["number"] == 2027
        assert claims[2]["recorded"] is True
        assert claims[4]["number"] is None
        sources = package.get_resource("sources").read_rows()
        assert sources[0]["published_on"] == datetime.date(2023, 3, 1)
        assert sources[3]["published_on"] is None
        commitments = package.get_resource("commitments").read_rows()
        assert {(r["operator"], r["sources"], r["sources_disagree"]) for r in commitments} == {
            ("Atlas Relation", 3, True),
            ("Rif Digital", 0, False),
        }

    def test_a_claim_whose_source_is_missing_breaks_the_foreign_key(
        self, client, sourced_world, tmp_path
    ):
        descriptor = client.get("/commitments/datapackage.json").json()
        descriptor["resources"] = [
            r for r in descriptor["resources"] if r["name"] in ("sources", "claims")
        ]
        for resource in descriptor["resources"]:
            body = streamed(client.get(resource["path"].removeprefix("http://testserver")))
            if resource["name"] == "sources":
                body = "\n".join(line for line in body.splitlines() if "MAP" not in line)
            (tmp_path / f"{resource['name']}.csv").write_text(body)
            resource["path"] = f"{resource['name']}.csv"
        (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

        report = Package(str(tmp_path / "datapackage.json")).validate()

        assert {error[1] for error in report.flatten(["rowNumber", "type"])} == {"foreign-key"}


class TestOpenDataPage:
    def test_it_describes_every_column_and_links_both_files(self, client, db, in_english):
        page = client.get("/en/open-data/").content.decode()

        for column in (*SOURCE_COLUMNS, *CLAIM_COLUMNS):
            assert f"<code>{column.name}</code>" in page
            assert str(column.description).replace("'", "&#x27;") in page
        assert 'href="/en/open-data/sources.csv"' in page
        assert 'href="/en/open-data/claims.csv"' in page
        assert "<code>sources_disagree</code>" in page

    def test_it_says_what_sources_and_claims_are(self, client, db, in_english):
        page = client.get("/en/open-data/").content.decode()

        assert "A source is a public document that states facts" in page
        assert "A claim is what one source says about one figure or fact" in page
        assert "the recorded claim is the one whose value the portal's pages show" in page
        assert "it is never counted as jobs created" in page
        assert "counts the distinct sources that make a claim about the commitment" in page

    @pytest.mark.parametrize("prefix", ["", "/ar"])
    def test_it_serves_both_files_in_every_language(self, client, sourced_world, prefix):
        page = client.get(f"{prefix}/open-data/").content.decode()

        assert f'href="{prefix}/open-data/sources.csv"' in page
        assert csv_of(client, f"{prefix}/open-data/claims.csv")[0] == CLAIM_HEADER


def export_rows(client, query: str = "") -> list[dict]:
    return list(
        csv.DictReader(io.StringIO(streamed(client.get(f"/commitments/export.csv?{query}"))))
    )


def sources_columns(client) -> dict:
    """(memorandum, segment, city) -> (sources, sources_disagree), from the CSV and the JSON."""
    as_csv = {
        (r["memorandum"], r["segment"], r["city"]): (r["sources"], r["sources_disagree"])
        for r in export_rows(client)
    }
    results = json.loads(streamed(client.get("/commitments/export.json")))["results"]
    as_json = {
        (r["memorandum"], r["segment"], r["city"] or ""): (r["sources"], r["sources_disagree"])
        for r in results
    }
    assert as_csv == {key: (str(n), json.dumps(flag)) for key, (n, flag) in as_json.items()}
    return as_json


class TestExportColumns:
    def test_they_come_last_in_the_csv_and_json(self, client, sourced_world):
        header = streamed(client.get("/commitments/export.csv")).splitlines()[0].split(",")
        results = json.loads(streamed(client.get("/commitments/export.json")))["results"]

        assert header[-2:] == ["sources", "sources_disagree"]
        assert list(results[0])[-2:] == ["sources", "sources_disagree"]
        assert header == list(exports.COLUMNS)

    def test_they_count_sources_of_the_commitment_its_memorandum_and_operator(
        self, client, sourced_world
    ):
        """Atlas's: the ministry, Le Matin and Atlas Relation (MAP speaks of the signing and the
        programme only), and they disagree on the memorandum's horizon; Rif's: none."""
        assert sources_columns(client) == {
            ("ATLAS-2023-1", "BPO", "Casablanca"): (3, True),
            ("ATLAS-2023-1", "BPO", "Fès"): (3, True),
            ("ATLAS-2023-1", "ITO", ""): (3, True),
            ("RIF-2024-1", "ITO", "Tanger"): (0, False),
            ("RIF-2024-1", "KPO", "Casablanca"): (0, False),
        }

    def test_a_commitment_without_any_claim_has_no_source_and_no_disagreement(self, client, world):
        assert set(sources_columns(client).values()) == {(0, False)}

    def test_a_source_with_several_claims_counts_once(self, client, sourced_world):
        rif = sourced_world.rif_mou
        claim(
            sourced_world.lematin, "memorandum", rif, Claim.Field.HORIZON, "2027", 2027, "exactly"
        )
        claim(sourced_world.lematin, "operator", sourced_world.rif, Claim.Field.NAME, "Rif")

        assert sources_columns(client)[("RIF-2024-1", "ITO", "Tanger")] == (1, False)


def rif(world):
    return SimpleNamespace(
        mou=world.rif_mou,
        tanger=Commitment.objects.get(memorandum=world.rif_mou, segment__code="ITO"),
        operator=world.rif,
    )


# Two claims, from two sources, about Rif Digital: (subject, field, value, number, qualifier)
# each, and whether Rif's ITO Tanger and KPO Casablanca commitments then disagree.
PAIRS = {
    "same horizon, worded apart": (
        ("mou", "horizon_year", "2027", 2027, "exactly"),
        ("mou", "horizon_year", "by the end of 2027", 2027, "exactly"),
        (False, False),
    ),
    "same number, another qualifier": (
        ("mou", "jobs", "350", 350, "exactly"),
        ("mou", "jobs", "about 350", 350, "about"),
        (True, True),
    ),
    "another number": (
        ("mou", "jobs", "350", 350, "exactly"),
        ("mou", "jobs", "400", 400, "exactly"),
        (True, True),
    ),
    "a number and not a number": (
        ("mou", "jobs", "350", 350, "exactly"),
        ("mou", "jobs", "hundreds", None, "not_a_number"),
        (True, True),
    ),
    "both not a number": (
        ("mou", "jobs", "hundreds", None, "not_a_number"),
        ("mou", "jobs", "several hundred", None, "not_a_number"),
        (False, False),
    ),
    "another place": (
        ("mou", "place", "Tanger", None, ""),
        ("mou", "place", "Tétouan", None, ""),
        (True, True),
    ),
    "the same place": (
        ("mou", "place", "Tanger", None, ""),
        ("mou", "place", "Tanger", None, ""),
        (False, False),
    ),
    "one commitment's jobs": (
        ("tanger", "jobs", "300", 300, "exactly"),
        ("tanger", "jobs", "320", 320, "exactly"),
        (True, False),
    ),
    "two figures: the commitment's and the memorandum's jobs": (
        ("tanger", "jobs", "300", 300, "exactly"),
        ("mou", "jobs", "350", 350, "exactly"),
        (False, False),
    ),
    "two figures of the memorandum": (
        ("mou", "jobs", "350", 350, "exactly"),
        ("mou", "horizon_year", "2027", 2027, "exactly"),
        (False, False),
    ),
    "the operator's headcount, a statement only": (
        ("operator", "headcount", "200", 200, "exactly"),
        ("operator", "headcount", "250", 250, "exactly"),
        (False, False),
    ),
}


@pytest.mark.parametrize(("first", "second", "disagree"), PAIRS.values(), ids=PAIRS)
def test_sources_disagree_when_two_claims_about_one_figure_differ(
    client, sourced_world, first, second, disagree
):
    subjects = rif(sourced_world)
    subject_field = {"mou": "memorandum", "tanger": "commitment", "operator": "operator"}
    for source, (subject, *values) in zip(
        (sourced_world.lematin, sourced_world.company), (first, second), strict=True
    ):
        claim(source, subject_field[subject], getattr(subjects, subject), *values)

    columns = sources_columns(client)

    tanger = columns[("RIF-2024-1", "ITO", "Tanger")]
    casablanca = columns[("RIF-2024-1", "KPO", "Casablanca")]
    assert (tanger[1], casablanca[1]) == disagree
    assert tanger[0] == 2
    # The claims about Tanger's commitment are no source of Casablanca's.
    assert casablanca[0] == len([claim for claim in (first, second) if claim[0] != "tanger"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_sources_columns_as_the_python_writer_does(sourced_world):
    rif_kpo = Commitment.objects.get(memorandum=sourced_world.rif_mou, segment__code="KPO")
    claim(sourced_world.lematin, "commitment", rif_kpo, Claim.Field.CITY, "Casablanca")
    claim(sourced_world.company, "commitment", rif_kpo, Claim.Field.CITY, "Casa")
    commitments = Commitment.objects.for_public_list().order_by("pk")

    written = b"".join(copy_export.copy_csv_lines(commitments, url)).decode()

    assert written == "".join(exports.csv_lines(commitments, url))
    rows = list(csv.DictReader(io.StringIO(written)))
    assert [(r["sources"], r["sources_disagree"]) for r in rows] == [
        ("3", "true"),
        ("3", "true"),
        ("3", "true"),
        ("0", "false"),
        ("2", "true"),
    ]


@pytest.fixture(params=[3, 30], ids=["3 claims", "30 claims"])
def many_claims(request, world):
    """`request.param` claims, each from its own source, about each kind of subject in turn."""
    programme = Programme.objects.create(slug="offshoring", title="Offshoring")
    commitment = Commitment.objects.filter(memorandum=world.atlas_mou).first()
    subjects = [
        ("signing", world.signing),
        ("memorandum", world.rif_mou),
        ("commitment", commitment),
        ("operator", world.atlas),
        ("programme", programme),
    ]
    for number in range(request.param):
        source = Source.objects.create(
            slug=f"source-{number}", publisher=f"Publisher {number}", kind="press"
        )
        subject, about = subjects[number % len(subjects)]
        claim(source, subject, about, Claim.Field.JOBS, str(number), number, "exactly")
    return request.param


# Queries per download, the same with 3 claims as with 30; the commitment exports keep the
# counts pinned in test_exports.py.
QUERY_COUNTS = [
    ("/open-data/sources.csv", 1),
    ("/open-data/claims.csv", 1),
    ("/commitments/export.csv", 1),
    ("/commitments/export.json", 2),
]


@pytest.mark.parametrize(("path", "queries"), QUERY_COUNTS)
def test_query_count_does_not_grow_with_claims(
    client, many_claims, django_assert_num_queries, path, queries
):
    with django_assert_num_queries(queries):
        body = streamed(client.get(path))

    if path == "/open-data/claims.csv":
        assert body.count("\n") == many_claims + 1
