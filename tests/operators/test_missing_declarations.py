"""The officials' list of missing declarations in the admin: every site and quarter past its due
date with nothing submitted, with its operator and days overdue; filtered by operator, sorted,
a page at a time, in a fixed number of queries; and the reminder of the selected rows' operators.

The world and its numbers: tests/operators/missing_world.py (15 August 2024).
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from operators import admin_missing, calendar
from operators.missing import missing_declarations
from operators.models import OperatorMembership, ReminderLog, Site
from tests.operators.admin_pages import table_rows

pytestmark = pytest.mark.usefixtures("in_english")

# The session, the official, the second factor's device, their own and their groups'
# permissions, then the calendar's four (sites, memoranda, declarations, then the sites of the
# missing rows with their operators and cities).
MISSING_PAGE_QUERIES = 9

ALL_ROWS = [
    ["Atlas Relation", "Fès Shore (Fès)", "2023 Q2", "382"],
    ["Atlas Relation", "Fès Shore (Fès)", "2023 Q3", "290"],
    ["Atlas Relation", "Casanearshore 1 (Casablanca)", "2023 Q4", "198"],
    ["Atlas Relation", "Fès Shore (Fès)", "2023 Q4", "198"],
    ["Atlas Relation", "Casanearshore 1 (Casablanca)", "2024 Q1", "107"],
    ["Atlas Relation", "Fès Shore (Fès)", "2024 Q1", "107"],
    ["Atlas Relation", "Casanearshore 1 (Casablanca)", "2024 Q2", "16"],
    ["Atlas Relation", "Fès Shore (Fès)", "2024 Q2", "16"],
    ["Rif Digital", "Tanger Tech (Tanger)", "2024 Q2", "16"],
]


def url(**query):
    path = reverse("admin:operators_missing_declarations")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows(client, **query) -> list[list[str]]:
    response = client.get(url(**query))
    assert response.status_code == 200
    page = response.content.decode()
    if 'id="result_list"' not in page:
        return []
    # The check box's cell (empty) and the due date's are left out.
    return [row[1:5] for row in table_rows(page, "result_list")]


def test_it_lists_every_site_quarter_past_due_and_not_submitted_most_overdue_first(
    official_client, missing_world
):
    assert rows(official_client) == ALL_ROWS


def test_it_shows_each_due_date(official_client, missing_world):
    page = official_client.get(url(operator="rif-digital")).content.decode()

    assert table_rows(page, "result_list")[0][5] == "30 Jul 2024"


def test_it_filters_by_operator(official_client, missing_world):
    assert rows(official_client, operator="rif-digital") == ALL_ROWS[8:]


def test_an_unknown_operator_is_a_message_naming_the_parameter(official_client, missing_world):
    response = official_client.get(url(operator="nobody"))

    assert response.status_code == 200
    assert "operator: No missing declaration of an operator named so" in response.text


def test_an_unknown_ordering_is_a_message_naming_the_parameter(official_client, missing_world):
    response = official_client.get(url(ordering="salary"))

    assert response.status_code == 200
    assert "ordering: Sort by one of the columns:" in response.text


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("overdue", [ALL_ROWS[i] for i in (6, 7, 8, 4, 5, 2, 3, 1, 0)]),
        # Rows of one operator stay by site and quarter.
        ("-operator", [ALL_ROWS[i] for i in (8, 2, 4, 6, 0, 1, 3, 5, 7)]),
        ("site", [ALL_ROWS[i] for i in (2, 4, 6, 0, 1, 3, 5, 7, 8)]),
        ("-quarter", [ALL_ROWS[i] for i in (6, 7, 8, 4, 5, 2, 3, 1, 0)]),
    ],
)
def test_it_sorts_by_a_column(official_client, missing_world, ordering, expected):
    assert rows(official_client, ordering=ordering) == expected


def test_it_shows_a_page_at_a_time(official_client, missing_world, monkeypatch):
    monkeypatch.setattr(admin_missing, "PER_PAGE", 4)

    assert rows(official_client) == ALL_ROWS[:4]
    assert rows(official_client, page=3) == ALL_ROWS[8:]
    assert "Page 3 of 3" in official_client.get(url(page=3)).text


def test_it_runs_a_fixed_number_of_queries_whatever_the_rows(
    official_client, missing_world, world, cities, django_assert_num_queries
):
    official_client.get(url())  # sessions warmed
    with django_assert_num_queries(MISSING_PAGE_QUERIES):
        assert len(rows(official_client)) == 9
    for number in range(5):
        Site.objects.create(operator=world.rif, name=f"Rabat {number}", city=cities["rabat"])

    with django_assert_num_queries(MISSING_PAGE_QUERIES):
        assert len(rows(official_client)) == 14


# --- Reminders ---------------------------------------------------------------------------------


@pytest.fixture
def staff_emails(atlas_staff, rif_staff):
    atlas_staff.email, rif_staff.email = "salma@atlas.example", "youssef@rif.example"
    atlas_staff.save()
    rif_staff.save()
    OperatorMembership.objects.filter(user=rif_staff).update(language="ar")


def remind(client, delivered, *keys):
    with delivered():
        return client.post(url(), {"selected": list(keys), "remind": "yes"})


def test_it_reminds_the_selected_rows_operators_each_in_their_language(
    official_client, missing_world, staff_emails, delivered, site
):
    tanger = missing_world["tanger"]

    response = remind(
        official_client, delivered, f"{site.pk}-2024-1", f"{site.pk}-2024-2", f"{tanger.pk}-2024-2"
    )

    assert response.status_code == 302
    assert response.url == url()
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("salma@atlas.example",), ("youssef@rif.example",)}
    atlas = by_recipient["salma@atlas.example",].body
    assert "Casanearshore 1, T1 2024" in atlas and "Casanearshore 1, T2 2024" in atlas
    assert "Fès Shore" not in atlas  # not selected
    assert "Tanger Tech" in by_recipient["youssef@rif.example",].body
    assert [
        (log.operator.slug, [(item["year"], item["quarter"]) for item in log.items])
        for log in ReminderLog.objects.order_by("operator__name")
    ] == [("atlas-relation", [(2024, 1), (2024, 2)]), ("rif-digital", [(2024, 2)])]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Reminders were sent to the staff of Atlas Relation, Rif Digital."]


def test_it_sends_nothing_again_to_an_operator_reminded_today(
    official_client, missing_world, staff_emails, delivered, site
):
    remind(official_client, delivered, f"{site.pk}-2024-2")
    mail.outbox.clear()

    response = remind(official_client, delivered, f"{site.pk}-2024-1")

    assert mail.outbox == []
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Already reminded today, nothing sent again: Atlas Relation."
    )


def test_it_says_which_operator_has_no_staff_to_remind(
    official_client, missing_world, delivered, site
):
    response = remind(official_client, delivered, f"{site.pk}-2024-2")

    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "No staff account to remind, invite someone first: Atlas Relation."
    ]


def test_a_row_no_longer_missing_is_not_reminded(
    official_client, missing_world, staff_emails, delivered, site
):
    # 2023 Q3 of Casanearshore 1 was submitted: not a missing declaration.
    response = remind(official_client, delivered, f"{site.pk}-2023-3", "999-2024-2", "junk")

    assert mail.outbox == []
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Select the missing declarations to remind their operators."
    ]


def test_the_reminder_leaves_once_committed_through_the_worker(
    official_client, missing_world, staff_emails, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        official_client.post(url(), {"selected": [f"{site.pk}-2024-2"], "remind": "yes"})

    assert mail.outbox == []  # nothing sent while the request's transaction is open
    assert len(callbacks) == 1


# --- Who may see it ----------------------------------------------------------------------------


def test_an_operators_staff_cannot_reach_the_list(client, missing_world, atlas_staff):
    client.force_login(atlas_staff)

    response = client.get(url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_staff_account_without_the_declarations_permission_is_refused(
    client, missing_world, django_user_model, admin_login
):
    clerk = django_user_model.objects.create_user(username="clerk", is_staff=True)
    admin_login(client, clerk)

    assert client.get(url()).status_code == 403


def test_a_reader_of_declarations_may_not_send_reminders(
    client, missing_world, django_user_model, admin_login, staff_emails, site
):
    reader = django_user_model.objects.create_user(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_declaration"))
    admin_login(client, reader)

    assert client.get(url()).status_code == 200
    response = client.post(url(), {"selected": [f"{site.pk}-2024-2"], "remind": "yes"})
    assert response.status_code == 403
    assert ReminderLog.objects.count() == 0


def test_the_list_agrees_with_the_operator_calendars(missing_world):
    listed = {(row.site.pk, row.year, row.quarter) for row in missing_declarations()}

    assert listed == {
        (entry.site.pk, entry.year, entry.quarter)
        for entry in calendar.overdue()
        if entry.status == calendar.Status.MISSING
    }
    assert len(listed) == 9
