"""The admin home: named after the portal in the three languages, and what waits for the
officials, each count a link to the list it counts.

On the world of tests/operators/missing_world.py (15 August 2024), plus: Rif's Tanger Tech
2024 Q2 submitted on 20 July 2024 (on time, due 30 July) and Atlas's Fès Shore 2024 Q1
submitted today (late) and returned. Waiting: to review 2 (Casanearshore 1 2023 Q3, Tanger
Tech 2024 Q2), of which submitted late 1 (2023 Q3: first submitted today, due 30 October
2023); returned 1 (Fès Shore 2024 Q1); missing 9 - 2 = 7.
"""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from operators.services import declaration_return, declaration_save_draft, declaration_submit
from tests.operators.admin_pages import table_rows
from tests.operators.missing_world import TODAY

WAITING = {"pending": 2, "late": 1, "returned": 1, "missing": 7}
# The admin's own (session, user, device, permissions, the recent actions) and the panel's
# six (operators.missing.waiting).
HOME_QUERIES = 12


@pytest.fixture
def home_world(missing_world, atlas_staff, rif_staff, official, time_machine):
    time_machine.move_to(datetime.datetime(2024, 7, 20, 10, tzinfo=datetime.UTC), tick=False)
    tanger = declaration_save_draft(
        site=missing_world["tanger"], year=2024, quarter=2, lines={"ITO": (8, 4, 3)}, user=rif_staff
    )
    declaration_submit(declaration=tanger, user=rif_staff)
    time_machine.move_to(TODAY, tick=False)
    fes = declaration_save_draft(
        site=missing_world["fes"], year=2024, quarter=1, lines={"BPO": (9, 4, 3)}, user=atlas_staff
    )
    fes = declaration_submit(declaration=fes, user=atlas_staff)
    declaration_return(declaration=fes, user=official, reason="Split the headcount by segment")
    return missing_world


WAITING_ROW = re.compile(
    r'<th scope="row"><a href="([^"]+)">[^<]*</a></th>\s*<td class="waiting-(\w+)">(\d+)</td>'
)


def waiting_links(page: str) -> dict[str, tuple[str, int]]:
    """Each count of the panel as (the address it links to, the number)."""
    panel = page[page.index('id="waiting-module"') :]
    return {
        key: (unescape(url), int(count))
        for url, key, count in WAITING_ROW.findall(panel[: panel.index("</table>")])
    }


def test_it_counts_what_waits(official_client, home_world, in_english):
    page = official_client.get(reverse("admin:index")).content.decode()

    assert {key: count for key, (_url, count) in waiting_links(page).items()} == WAITING


def test_each_count_links_to_the_list_it_counts(official_client, home_world, in_english):
    page = official_client.get(reverse("admin:index")).content.decode()

    for key, (url, count) in waiting_links(page).items():
        listed = official_client.get(url)
        assert listed.status_code == 200, key
        assert len(table_rows(listed.content.decode(), "result_list")) == count, key


def test_the_home_runs_a_fixed_number_of_queries(
    official_client, home_world, in_english, django_assert_max_num_queries
):
    official_client.get(reverse("admin:index"))
    with django_assert_max_num_queries(HOME_QUERIES):
        official_client.get(reverse("admin:index"))


def test_a_staff_account_without_declarations_sees_no_panel(
    client, home_world, django_user_model, admin_login
):
    clerk = django_user_model.objects.create_user(username="clerk", is_staff=True)
    admin_login(client, clerk)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert 'id="waiting-module"' not in response.text


def test_an_operators_staff_cannot_reach_the_admin_home(client, home_world, atlas_staff):
    client.force_login(atlas_staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("prefix", "portal"),
    [
        ("", "Observatoire des engagements d’emploi"),
        ("/ar", "مرصد التزامات إحداث مناصب الشغل"),
        ("/en", "Job commitments monitor"),
    ],
)
def test_the_admin_is_named_after_the_portal_in_each_language(
    official_client, world, prefix, portal
):
    page = official_client.get(f"{prefix}/admin/").content.decode()

    assert f'<div id="site-name"><a href="{prefix}/admin/">{portal}</a></div>' in " ".join(
        page.split()
    ).replace("> <", "><")
    assert f"| {portal}</title>" in page
    assert "Django" not in page


def test_the_admin_home_is_titled_for_officials(official_client, world, in_english):
    page = official_client.get("/en/admin/").content.decode()

    assert "<title>Officials&#x27; administration | Job commitments monitor</title>" in page
