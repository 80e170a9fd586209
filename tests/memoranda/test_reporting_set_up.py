"""An operator with commitments and no site is not set up for reporting: its page and the home
page's operator table say so, and since when it should have been reporting, instead of a
record of 0 declarations due and 0 missing that would read as a clean one.

Phoneo, added here to the world of tests/conftest.py, signed on 20 April 2022 (horizon 2026)
like the founding operators and has no site: it owes declarations from 2022 Q3, whose
declaration was due on 30 October 2022. Rif Digital has no site either (first owed quarter
2024 Q2); Atlas Relation has its site Casanearshore 1.
"""

import datetime
import re

import pytest
from django.utils import timezone

from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, Memorandum
from operators.models import Operator, Site

pytestmark = pytest.mark.django_db

OWED_SINCE = (
    "Not set up for reporting: no site recorded; declarations have been owed since 2022 Q3 "
    "(first due 30 October 2022)"
)
NOT_YET = "Not set up for reporting yet: no site recorded"


def operator_with_commitment(name, slug, signed_on, horizon_year, segment, city=None):
    operator = Operator.objects.create(name=name, slug=slug)
    memorandum = Memorandum.objects.create(
        reference=f"{slug.upper()}-{signed_on.year}-1",
        operator=operator,
        signed_on=signed_on,
        horizon_year=horizon_year,
    )
    Commitment.objects.create(
        memorandum=memorandum, segment=segment, city=city, jobs_committed=2000
    )
    # As the admin and the imports do after recording commitments.
    commitment_figures_refresh([operator.pk])
    return operator


@pytest.fixture
def phoneo(world, segments):
    return operator_with_commitment(
        "Phoneo", "phoneo", datetime.date(2022, 4, 20), 2026, segments["BPO"]
    )


@pytest.fixture
def newcomer(world, segments):
    """Signed today: its first owed quarter has not ended yet."""
    today = timezone.localdate()
    return operator_with_commitment("Newcomer", "newcomer", today, today.year + 3, segments["ITO"])


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def reporting_section(page: str) -> str:
    return page.split('id="reporting-heading"')[1].split("</section>")[0]


def operator_row(page: str, name: str) -> str:
    table = page.split('id="operators-table"')[1].split("</table>")[0]
    [row] = [row for row in re.findall(r"<tr>.*?</tr>", table, re.DOTALL) if f">{name}</a>" in row]
    return row


class TestOperatorPage:
    def test_it_says_not_set_up_and_since_when_instead_of_counts(self, client, phoneo):
        section = reporting_section(text(client.get("/en/operators/phoneo/")))

        assert OWED_SINCE in section
        for count in ("Declarations due so far", "On time", "Late", "Missing", "Open now"):
            assert f"<dt>{count}</dt>" not in section

    def test_it_writes_the_quarter_and_date_like_the_rest_of_the_site(self, client, phoneo):
        french = reporting_section(text(client.get("/operators/phoneo/")))
        arabic = reporting_section(text(client.get("/ar/operators/phoneo/")))

        assert (
            "Non configuré pour les déclarations : aucun site enregistré ; des déclarations "
            "sont dues depuis le T3 2022 (première échéance : 30 octobre 2022)"
        ) in french
        assert "الفصل 3 من سنة 2022" in arabic
        assert "غير مهيأ للتصريح" in arabic

    def test_before_its_first_quarter_ends_it_is_not_set_up_yet(self, client, newcomer):
        section = reporting_section(text(client.get("/en/operators/newcomer/")))

        assert NOT_YET in section
        assert "owed since" not in section

    def test_once_a_site_is_added_it_shows_the_counts(self, client, phoneo, cities):
        Site.objects.create(operator=phoneo, name="Phoneo Rabat", city=cities["rabat"])

        response = client.get("/en/operators/phoneo/")
        section = reporting_section(text(response))

        record = response.context["record"]
        assert record.set_up and record.missing == record.due_so_far > 0
        assert "Not set up for reporting" not in section
        assert f"<dt>Missing</dt><dd>{record.missing}</dd>" in section


class TestHomePage:
    def test_operator_rows_say_not_set_up_and_since_when(self, client, phoneo):
        page = text(client.get("/en/"))

        row = operator_row(page, "Phoneo")
        assert OWED_SINCE in row
        assert "none due yet" not in row
        assert '<td class="num">0</td>' not in row
        assert (
            "Not set up for reporting: no site recorded; declarations have been owed since "
            "2024 Q2 (first due 30 July 2024)"
        ) in operator_row(page, "Rif Digital")
        assert "Not set up" not in operator_row(page, "Atlas Relation")

    def test_an_operator_whose_first_quarter_has_not_ended_is_not_set_up_yet(
        self, client, newcomer
    ):
        assert NOT_YET in operator_row(text(client.get("/en/")), "Newcomer")

    def test_once_a_site_is_added_the_row_shows_the_counts(self, client, phoneo, cities):
        Site.objects.create(operator=phoneo, name="Phoneo Rabat", city=cities["rabat"])

        response = client.get("/en/")

        [figures] = [o for o in response.context["operators"] if o.name == "Phoneo"]
        row = operator_row(text(response), "Phoneo")
        assert "Not set up" not in row
        # Every quarter from 2022 Q3 whose due date has passed is missing, none came on time.
        assert f'<td class="num">{figures.record.missing}</td>' in row
        assert figures.record.on_time == 0 < figures.record.missing


class TestQueries:
    def test_home_runs_the_same_queries_with_operators_not_set_up(
        self, client, phoneo, segments, django_assert_num_queries
    ):
        # 18 as in test_public_pages: two for jobs over time, two for the funnel, five for
        # the operators, two for the signings' sources and the programmes, two for the date
        # the figures last changed.
        with django_assert_num_queries(18):
            client.get("/")
        for number in range(5):
            operator_with_commitment(
                f"Founding {number}",
                f"founding-{number}",
                datetime.date(2022, 4, 20),
                2026,
                segments["KPO"],
            )

        with django_assert_num_queries(18):
            response = client.get("/")

        assert sum(not o.record.set_up for o in response.context["operators"]) == 7

    def test_operator_page_not_set_up_runs_no_more_queries_than_one_set_up(
        self, client, phoneo, django_assert_num_queries
    ):
        # The thirteen of test_public_pages, less the declarations and the segments of sites
        # there are none of.
        with django_assert_num_queries(11):
            client.get("/operators/phoneo/")
        with django_assert_num_queries(13):
            client.get("/operators/atlas-relation/")
