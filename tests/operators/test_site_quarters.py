"""One page for every open quarter of one site: a table whose rows are small declaration forms,
saved and submitted through the same services as the declaration page.

Atlas signed on 15 March 2023: its site Casanearshore 1 (BPO and ITO) owes 2023 Q2 onwards. On
10 April 2024, 2023 Q2 to Q4 are missing and 2024 Q1 is due (by 30 April 2024). Pages are read
in English.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operators.models import Declaration
from operators.services import declaration_submit, declaration_validate
from tests.operators.declaration_world import draft, form_data

pytestmark = pytest.mark.usefixtures("in_english")

APRIL_10 = datetime.datetime(2024, 4, 10, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def on_april_10():
    with time_machine.travel(APRIL_10, tick=False):
        yield


@pytest.fixture
def salma(client, atlas_staff):
    client.force_login(atlas_staff)
    return client


def table_url(site):
    return f"/en/space/sites/{site.pk}/open/"


def listed(response):
    return [(entry.year, entry.quarter) for entry, _form in response.context["rows"]]


def figures(declaration):
    return {
        line.segment.code: (line.headcount, line.permanent, line.women)
        for line in declaration.lines.select_related("segment")
    }


def test_it_lists_every_open_quarter_and_no_other(salma, site, atlas_staff, official):
    declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)
    draft(site, atlas_staff, 2023, 2, bpo=(90, 70, None))

    response = salma.get(table_url(site))

    assert response.status_code == 200
    assert listed(response) == [(2023, 2), (2023, 4), (2024, 1)]
    html = response.content.decode()
    assert 'name="BPO-headcount" id="id_2023q2_BPO-headcount" value="90"' in html
    assert 'id="id_2023q2_BPO-women" value=""' in html
    assert "This declaration is due on 30 April 2024." in html
    assert "This declaration is late: it was due on 30 January 2024." in html


def test_a_returned_quarter_is_listed_with_the_reason(salma, site, atlas_staff, official):
    from operators.services import declaration_return

    submitted = declaration_submit(declaration=draft(site, atlas_staff, 2023, 3), user=atlas_staff)
    declaration_return(declaration=submitted, user=official, reason="ITO women look wrong")

    response = salma.get(table_url(site))

    assert (2023, 3) in listed(response)
    assert "ITO women look wrong" in response.content.decode()


def test_saving_a_row_saves_that_quarters_draft_only(salma, site):
    response = salma.post(table_url(site), form_data("save", 2023, 4, **{"ITO-women": ""}))

    assert response.status_code == 302
    assert response.url == table_url(site)
    declaration = Declaration.objects.get()
    assert (declaration.year, declaration.quarter, declaration.status) == (2023, 4, "draft")
    assert figures(declaration) == {"BPO": (100, 80, 50), "ITO": (20, 10, None)}
    assert list(declaration.events.values_list("action", flat=True)) == ["created"]


def test_saving_a_row_keeps_the_drafts_comment(salma, site, atlas_staff):
    from operators.services import declaration_save_draft

    declaration_save_draft(
        site=site,
        year=2023,
        quarter=4,
        lines={"BPO": (1, 1, 1), "ITO": (1, 1, 1)},
        comment="Counted on 31 December",
        user=atlas_staff,
    )
    html = salma.get(table_url(site)).content.decode()
    data = form_data("save", 2023, 4)
    row_form = re.search(r'<form id="quarter-2023-4".*?</form>', html, re.S)[0]
    data["comment"] = re.search(r'name="comment" value="([^"]*)"', row_form)[1]

    salma.post(table_url(site), data)

    assert Declaration.objects.get().comment == "Counted on 31 December"


def test_submitting_a_row_submits_it_and_it_leaves_the_table(salma, site):
    response = salma.post(table_url(site), form_data("submit", 2023, 2), follow=True)

    assert Declaration.objects.get(year=2023, quarter=2).status == "submitted"
    assert listed(response) == [(2023, 3), (2023, 4), (2024, 1)]
    assert "The declaration is submitted" in response.content.decode()


def test_bad_input_in_a_row_is_named_saves_nothing_and_keeps_what_was_typed(salma, site):
    data = form_data("submit", 2023, 3, **{"BPO-women": "lots", "ITO-permanent": ""})

    response = salma.post(table_url(site), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'type="text" inputmode="numeric" name="BPO-women" id="id_2023q3_BPO-women" value="lots"'
        in html
    )
    assert "Enter a whole number." in html
    assert "Required to submit" in html
    assert 'href="#id_2023q3_BPO-women"' in html
    assert 'id="id_2023q2_BPO-women" value=""' in html  # the other rows stay as they were
    assert not Declaration.objects.exists()


def test_a_large_change_asks_for_the_explanation_in_its_row(salma, site, atlas_staff, official):
    validated = declaration_submit(declaration=draft(site, atlas_staff, 2023, 2), user=atlas_staff)
    declaration_validate(declaration=validated, user=official)

    response = salma.post(table_url(site), form_data("submit", 2023, 3, **{"BPO-headcount": "280"}))

    html = response.content.decode()
    assert "from 120 in 2023 Q2 to 300, +150 %" in html
    assert 'id="id_2023q3_explanation"' in html
    assert "previously 100 (+180 %)" in html
    assert not Declaration.objects.filter(quarter=3).exists()

    data = form_data("submit", 2023, 3, explanation="New client", **{"BPO-headcount": "280"})
    assert salma.post(table_url(site), data).status_code == 302
    assert Declaration.objects.get(year=2023, quarter=3).flagged


def test_a_quarter_no_longer_open_changes_nothing(salma, site, atlas_staff):
    submitted = declaration_submit(declaration=draft(site, atlas_staff, 2023, 2), user=atlas_staff)

    response = salma.post(
        table_url(site), form_data("save", 2023, 2, **{"BPO-headcount": "999"}), follow=True
    )

    assert "not open for a declaration any more" in response.content.decode()
    assert figures(submitted)["BPO"] == (100, 80, 50)


def test_another_operators_site_answers_404(client, site, rif_staff):
    client.force_login(rif_staff)

    assert client.get(table_url(site)).status_code == 404
    assert client.post(table_url(site), form_data("save", 2023, 2)).status_code == 404
    assert not Declaration.objects.exists()


def test_the_calendar_links_to_the_table(salma, site):
    html = salma.get("/en/space/").content.decode()

    assert f'href="{table_url(site)}"' in html


# Session, user, membership, the site and its segments, the memoranda, the declarations and
# their lines, the validated lines.
TABLE_QUERIES = 9


@pytest.mark.parametrize("today", [datetime.date(2023, 11, 1), datetime.date(2024, 4, 10)])
def test_the_table_runs_a_fixed_number_of_queries(salma, site, atlas_staff, official, today):
    with time_machine.travel(today, tick=False):
        validated = declaration_submit(
            declaration=draft(site, atlas_staff, 2023, 2), user=atlas_staff
        )
        declaration_validate(declaration=validated, user=official)
        draft(site, atlas_staff, 2023, 3)
        if today.year == 2024:
            draft(site, atlas_staff, 2023, 4)

        with CaptureQueriesContext(connection) as queries:
            response = salma.get(table_url(site))

    assert response.status_code == 200
    assert len(response.context["rows"]) == (1 if today.year == 2023 else 3)
    assert len(queries) == TABLE_QUERIES
