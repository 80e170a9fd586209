"""Corrections in public: the memorandum and operator pages, the changes page /changes/ and its
Atom feed. The worlds are described in conftest.py: Atlas BPO Casablanca's jobs created of
2024 Q1 were published as 200 and corrected to 180 through a reopened declaration."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from memoranda.corrections import correction_record_edit
from memoranda.models import Commitment, Correction
from operators.services import declaration_reopen
from tests.memoranda.correction_world import REOPEN_REASON, correct

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Every account of the worlds: none may appear in public.
USERNAMES = ("amina", "karim", "salma", "youssef")
JOBS_CREATED_SENTENCE = "First published as 200 on {day}; corrected to 180 on {day}: " + (
    REOPEN_REASON + "."
)


def today_in_english():
    return timezone.localdate().strftime("%-d %B %Y")


def page(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def feed(path="/en/changes/feed/"):
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content.decode(), ET.fromstring(response.content)


def entries(root):
    return root.findall(f"{ATOM}entry")


class TestReopenedDeclarationInPublic:
    @pytest.mark.parametrize(
        "path", ["/en/memoranda/ATLAS-2023-1/", "/en/operators/atlas-relation/", "/en/changes/"]
    )
    def test_the_correction_shows_where_the_commitment_does(self, reopened_world, path):
        body = page(path)

        assert JOBS_CREATED_SENTENCE.format(day=today_in_english()) in body
        assert "ATLAS-2023-1 · BPO · Casablanca" in body
        assert "jobs created in 2024 Q1" in body
        assert "Corrected by the operator." in body

    def test_the_feed_is_atom_with_the_correction(self, reopened_world):
        text, root = feed()

        assert root.tag == f"{ATOM}feed"
        assert root.find(f"{ATOM}title").text == "Corrections of public figures"
        assert root.find(f"{ATOM}updated").text
        (entry,) = entries(root)
        assert entry.find(f"{ATOM}title").text == "ATLAS-2023-1 · BPO · Casablanca: " + (
            "jobs created in 2024 Q1"
        )
        summary = entry.find(f"{ATOM}summary").text
        assert JOBS_CREATED_SENTENCE.format(day=today_in_english()) in summary
        link = entry.find(f"{ATOM}link").get("href")
        correction = Correction.objects.get()
        assert link == f"http://testserver/en/memoranda/ATLAS-2023-1/#correction-{correction.pk}"
        assert entry.find(f"{ATOM}id").text == link
        assert entry.find(f"{ATOM}updated").text.startswith(str(timezone.now().year))

    def test_a_figure_reopened_but_not_validated_again_is_no_correction_yet(
        self, published_world, official
    ):
        declaration_reopen(declaration=published_world.declaration, user=official, reason="Check")

        assert not Correction.objects.exists()
        assert "First published" not in page("/en/changes/")

    def test_a_declaration_validated_again_unchanged_is_no_correction(
        self, published_world, atlas_staff, official, karim
    ):
        correct(published_world.declaration, atlas_staff, karim, official, "Check", 300, 20)

        assert not Correction.objects.exists()

    def test_a_second_correction_shows_the_whole_chain(
        self, reopened_world, atlas_staff, official, karim
    ):
        correct(reopened_world.declaration, atlas_staff, karim, official, "Site count", 290, 20)

        body = page("/en/memoranda/ATLAS-2023-1/")
        day = today_in_english()
        assert JOBS_CREATED_SENTENCE.format(day=day) in body
        assert f"Published as 180 on {day}; corrected again to 190 on {day}: Site count." in body
        assert body.index("corrected again to 190") < body.index("corrected to 180")

    @pytest.mark.parametrize(
        "path",
        [
            "/changes/",
            "/ar/changes/",
            "/en/changes/",
            "/changes/feed/",
            "/memoranda/ATLAS-2023-1/",
            "/operators/atlas-relation/",
        ],
    )
    def test_no_account_name_appears_in_public(self, reopened_world, path):
        body = Client().get(path).content.decode()

        assert "180" in body
        for username in USERNAMES:
            assert username not in body


class TestAdminEditInPublic:
    def test_an_official_edit_shows_on_pages_and_feed(self, official_client, world):
        commitment = Commitment.objects.get(segment__code="BPO", city__slug="casablanca")
        official_client.post(
            f"/admin/memoranda/commitment/{commitment.pk}/change/",
            {
                "memorandum": commitment.memorandum_id,
                "segment": commitment.segment_id,
                "city": commitment.city_id,
                "jobs_committed": 350,
                "baseline_headcount": "",
                "change_reason": "Amended by the rider of May",
            },
        )
        day = today_in_english()
        sentence = (
            f"First published as 400; corrected to 350 on {day}: Amended by the rider of May."
        )

        for path in [
            "/en/memoranda/ATLAS-2023-1/",
            "/en/operators/atlas-relation/",
            "/en/changes/",
        ]:
            body = page(path)
            assert sentence in body
            assert "Corrected by an official." in body
            assert "amina" not in body
        _text, root = feed()
        (entry,) = entries(root)
        assert entry.find(f"{ATOM}title").text == "ATLAS-2023-1 · BPO · Casablanca: jobs committed"
        assert sentence in entry.find(f"{ATOM}summary").text

    def test_a_reason_is_html_escaped_in_the_feed(self, world):
        correction_record_edit(
            obj=world.atlas_mou,
            field="horizon_year",
            before=2026,
            after=2027,
            reason="<script>alert(1)</script>",
        )

        text, root = feed()

        assert "<script>" not in text
        assert "&lt;script&gt;" in entries(root)[0].find(f"{ATOM}summary").text
        assert "<script>" not in page("/en/changes/")


@pytest.fixture
def three_corrections(world, cities):
    """A horizon of ATLAS-2023-1 (which holds commitments in Casablanca and Fès), the jobs of
    Atlas BPO Fès, and Rif ITO Tanger moved to Casablanca."""
    correction_record_edit(
        obj=world.atlas_mou, field="horizon_year", before=2026, after=2027, reason="Decree 1"
    )
    fes = Commitment.objects.get(segment__code="BPO", city__slug="fes")
    correction_record_edit(obj=fes, field="jobs_committed", before=250, after=260, reason="Rider 2")
    tanger = Commitment.objects.get(segment__code="ITO", city__slug="tanger")
    Commitment.objects.filter(pk=tanger.pk).update(city=cities["casablanca"])
    tanger.refresh_from_db()
    correction_record_edit(
        obj=tanger,
        field="city",
        before=cities["tanger"],
        after=cities["casablanca"],
        reason="Moved",
    )


def reasons(path):
    response = Client().get(path)
    assert response.status_code == 200
    return [c.reason for c in response.context["corrections"]]


def feed_reasons(path):
    _text, root = feed(path)
    return [e.find(f"{ATOM}summary").text.rsplit(": ", 1)[1].split(".")[0] for e in entries(root)]


class TestFilters:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", ["Moved", "Rider 2", "Decree 1"]),
            ("operator=atlas-relation", ["Rider 2", "Decree 1"]),
            ("operator=rif-digital", ["Moved"]),
            # The memorandum holds a commitment in Fès; the Tanger line left Tanger.
            ("city=fes", ["Rider 2", "Decree 1"]),
            ("city=tanger", ["Moved"]),
            ("city=casablanca", ["Moved", "Decree 1"]),
            ("signing=offshoring-2023", ["Rider 2", "Decree 1"]),
            ("operator=atlas-relation&city=fes&signing=offshoring-2023", ["Rider 2", "Decree 1"]),
        ],
    )
    def test_page_and_feed_filter_alike(self, three_corrections, query, expected):
        assert reasons(f"/en/changes/?{query}") == expected
        assert feed_reasons(f"/en/changes/feed/?{query}") == expected

    @pytest.mark.parametrize(
        ("query", "parameter", "message"),
        [
            ("operator=nobody", "operator", "No operator has the slug “nobody”."),
            ("city=atlantis", "city", "No city has the slug “atlantis”"),
            ("signing=never", "signing", "No signing has the slug “never”."),
            ("city=fes%00", "city", "Control characters are not allowed"),
            ("operator=" + "x" * 300, "operator", "This value is too long"),
        ],
    )
    def test_a_wrong_value_is_a_form_error_naming_the_parameter(
        self, three_corrections, query, parameter, message
    ):
        response = Client().get(f"/en/changes/?{query}")

        assert response.status_code == 200
        assert message in " ".join(response.context["errors"][parameter])
        assert response.context["corrections"] == []
        feed_response = Client().get(f"/en/changes/feed/?{query}")
        assert feed_response.status_code == 400
        assert feed_response.content.decode().startswith(f"{parameter}: ")
        assert message in feed_response.content.decode()

    def test_the_page_links_its_feed_with_its_filters(self, three_corrections):
        body = page("/en/changes/?operator=rif-digital&page=1")

        assert 'href="/en/changes/feed/?operator=rif-digital"' in body

    def test_operator_and_memorandum_pages_link_the_operators_feed(self, world):
        for path in ["/en/operators/atlas-relation/", "/en/memoranda/ATLAS-2023-1/"]:
            body = page(path)
            assert 'href="/en/changes/feed/?operator=atlas-relation"' in body
            assert "Subscribe to this operator's corrections (Atom feed)" in body


def many_corrections(memorandum, count):
    """`count` corrections of the memorandum's horizon, a day apart, the latest last."""
    start = timezone.now() - datetime.timedelta(days=count)
    for number in range(count):
        Correction.objects.create(
            subject=Correction.Subject.MEMORANDUM,
            memorandum=memorandum,
            operator_id=memorandum.operator_id,
            signing_id=memorandum.signing_id,
            field=Correction.Field.HORIZON,
            value_before=str(2026 + number),
            value_after=str(2027 + number),
            corrected_at=start + datetime.timedelta(days=number),
            reason=f"Decree {number}",
            by=Correction.Role.OFFICIAL,
            step=number + 1,
        )


class TestPagination:
    def test_newest_first_fifty_a_page(self, world):
        many_corrections(world.atlas_mou, 51)

        first = reasons("/en/changes/")
        second = reasons("/en/changes/?page=2")

        assert len(first) == 50
        assert first[0] == "Decree 50"
        assert second == ["Decree 0"]

    @pytest.mark.parametrize("number", ["two", "9"])
    def test_a_wrong_page_is_named(self, world, number):
        response = Client().get(f"/en/changes/?page={number}")

        assert response.status_code == 200
        assert "page" in response.context["errors"]


class TestLanguages:
    @pytest.mark.parametrize(
        ("prefix", "language", "direction"),
        [("", "fr", "ltr"), ("/ar", "ar", "rtl"), ("/en", "en", "ltr")],
    )
    def test_the_page_and_feed_in_each_language(self, reopened_world, prefix, language, direction):
        body = page(f"{prefix}/changes/")
        assert f'<html lang="{language}" dir="{direction}">' in body
        assert f'href="{prefix}/memoranda/ATLAS-2023-1/#correction-' in body
        assert REOPEN_REASON in body
        _text, root = feed(f"{prefix}/changes/feed/")
        (entry,) = entries(root)
        assert f"{prefix}/memoranda/ATLAS-2023-1/" in entry.find(f"{ATOM}link").get("href")

    def test_the_arabic_page_names_the_city_in_arabic(self, reopened_world):
        assert "ATLAS-2023-1 · BPO · الدار البيضاء" in page("/ar/changes/")


class TestQueries:
    # The city and signing drop-downs, the count and the page of corrections.
    CHANGES_QUERIES = 4

    @pytest.mark.parametrize("count", [1, 60])
    def test_the_changes_page_runs_the_same_queries_whatever_the_rows(
        self, world, django_assert_num_queries, count
    ):
        many_corrections(world.atlas_mou, count)

        with django_assert_num_queries(self.CHANGES_QUERIES):
            Client().get("/en/changes/")

    @pytest.mark.parametrize("count", [1, 60])
    def test_a_filtered_page_adds_one_look_up_per_filter(
        self, world, django_assert_num_queries, count
    ):
        many_corrections(world.atlas_mou, count)

        with django_assert_num_queries(self.CHANGES_QUERIES + 3):
            Client().get("/en/changes/?operator=atlas-relation&city=fes&signing=offshoring-2023")

    @pytest.mark.parametrize("count", [1, 60])
    def test_the_feed_runs_the_same_queries_whatever_the_rows(
        self, world, django_assert_num_queries, count
    ):
        many_corrections(world.atlas_mou, count)

        # The operator's look-up and the entries.
        with django_assert_num_queries(2):
            Client().get("/en/changes/feed/?operator=atlas-relation")

    def test_the_jobs_created_correction_does_not_change_the_page_queries(
        self, reopened_world, django_assert_num_queries
    ):
        with django_assert_num_queries(self.CHANGES_QUERIES):
            Client().get("/en/changes/")


class TestCorrectedRows:
    @pytest.mark.parametrize(
        "path", ["/en/commitments/", "/en/memoranda/ATLAS-2023-1/", "/en/cities/casablanca/"]
    )
    def test_a_corrected_commitment_is_marked_in_the_tables(self, reopened_world, path):
        body = page(path)

        marker = 'href="/en/memoranda/ATLAS-2023-1/#corrections">corrected</a>'
        # Only Atlas BPO Casablanca's row: its ITO line was validated again unchanged.
        assert body.count(marker) == 1

    def test_no_row_is_marked_without_corrections(self, published_world):
        assert ">corrected</a>" not in page("/en/commitments/")


class TestNothingCorrectedVanishes:
    def test_the_admin_refuses_to_delete_a_corrected_commitment(
        self, reopened_world, official_client
    ):
        commitment = Commitment.objects.get(segment__code="BPO", city__slug="casablanca")
        url = f"/en/admin/memoranda/commitment/{commitment.pk}/delete/"

        response = official_client.post(url, {"post": "yes"})

        # Refused, like any deletion of what has been public: it is withdrawn instead.
        assert response.status_code == 302
        assert response.url.endswith(f"/commitment/{commitment.pk}/withdraw/")
        assert Commitment.objects.filter(pk=commitment.pk).exists()
        assert Correction.objects.filter(commitment=commitment).exists()
