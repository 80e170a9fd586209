"""The declaration admin as a review queue: bulk return with a reason, one declaration's validate,
return and reopen pages, the queue filters and their fixed number of queries.

The queue world below is worked out by hand with 30 due days (quarter end + 30 days):

| quarter | due date   | first submitted  | then                          | queues           |
| ------- | ---------- | ---------------- | ----------------------------- | ---------------- |
| 2024 Q1 | 2024-04-30 | 2024-04-30 23:30 | still submitted               | pending          |
| 2024 Q2 | 2024-07-30 | 2024-07-31 00:10 | still submitted               | pending, late    |
| 2024 Q3 | 2024-10-30 | 2024-10-01       | returned, resubmitted 2025-05 | pending          |
| 2024 Q4 | 2025-01-30 | 2025-02-10       | validated                     | late, validated  |
| 2025 Q1 | 2025-04-30 | 2025-04-15       | flagged: 320 after 120        | pending, flagged |
| 2025 Q2 | 2025-07-30 | 2025-07-01       | returned                      | returned         |
| 2025 Q3 | 2025-10-30 | never            | draft                         | none             |

Times are local (the portal's time zone): 23:30 on the due date is on time, 00:10 the next day
is late.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operators.models import Declaration, DeclarationEvent, DeclarationLine
from operators.services import (
    declaration_return,
    declaration_submit,
    declaration_validate,
)
from tests.operators.declaration_world import draft

# The admin's messages are read in English.
pytestmark = pytest.mark.usefixtures("in_english")

# Queries of the changelist as an official, the same for 3 and for 30 declarations. The late
# queue adds one: the distinct quarters present, whose due dates are worked out in Python.
# No second COUNT of every declaration, no SELECT DISTINCT of their years and quarters: the
# filters' years come from the calendar (one query over the memoranda).
# One more is the device that verified the official's session (the second factor).
QUEUE_QUERIES = {
    None: 9,
    "pending": 9,
    "returned": 9,
    "flagged": 9,
    "validated": 9,
    "late": 10,
}


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def submit(declaration, user, at, **kwargs):
    """Submit through the service, then move the submission back to `at`."""
    declaration = declaration_submit(declaration=declaration, user=user, **kwargs)
    event = declaration.events.filter(action=DeclarationEvent.Action.SUBMITTED).latest("pk")
    DeclarationEvent.objects.filter(pk=event.pk).update(at=at)
    moved = {"submitted_at": at}
    if declaration.first_submitted_at == declaration.submitted_at:  # its first submission
        moved["first_submitted_at"] = at
    Declaration.objects.filter(pk=declaration.pk).update(**moved)
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def queue(site, atlas_staff, official, settings):
    settings.DECLARATION_DUE_DAYS = 30
    staff = atlas_staff
    q = {}
    q["2024Q1"] = submit(draft(site, staff, 2024, 1), staff, local(2024, 4, 30, 23, 30))
    q["2024Q2"] = submit(draft(site, staff, 2024, 2), staff, local(2024, 7, 31, 0, 10))
    q["2024Q3"] = submit(draft(site, staff, 2024, 3), staff, local(2024, 10, 1, 10))
    declaration_return(declaration=q["2024Q3"], user=official, reason="Wrong site")
    q["2024Q3"] = submit(draft(site, staff, 2024, 3), staff, local(2025, 5, 1, 10))
    q["2024Q4"] = submit(draft(site, staff, 2024, 4), staff, local(2025, 2, 10, 10))
    declaration_validate(declaration=q["2024Q4"], user=official)
    big = draft(site, staff, 2025, 1, bpo=(300, 200, 100))
    q["2025Q1"] = submit(big, staff, local(2025, 4, 15, 10), explanation="New contract")
    q["2025Q2"] = submit(draft(site, staff, 2025, 2), staff, local(2025, 7, 1, 10))
    declaration_return(declaration=q["2025Q2"], user=official, reason="Missing women")
    q["2025Q3"] = draft(site, staff, 2025, 3)
    return q


def changelist_url():
    return reverse("admin:operators_declaration_changelist")


def tool_url(name, declaration):
    return reverse(f"admin:operators_declaration_{name}", args=[declaration.pk])


def change_url(declaration):
    return reverse("admin:operators_declaration_change", args=[declaration.pk])


def status_of(declaration):
    return Declaration.objects.get(pk=declaration.pk).status


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def reviewer_without_permission(django_user_model):
    """Ministry staff who may read declarations in the admin but not review them."""
    user = django_user_model.objects.create_user(username="nadia", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_declaration"))
    return user


class TestQueueFilters:
    @pytest.mark.parametrize(
        ("queue_name", "expected"),
        [
            ("pending", ["2024Q1", "2024Q2", "2025Q1", "2024Q3"]),
            ("returned", ["2025Q2"]),
            ("flagged", ["2025Q1"]),
            ("late", ["2024Q4", "2024Q2"]),
            ("validated", ["2024Q4"]),
        ],
    )
    def test_each_queue_holds_exactly_its_declarations(
        self, official_client, queue, queue_name, expected
    ):
        response = official_client.get(changelist_url(), {"queue": queue_name})

        rows = [f"{d.year}Q{d.quarter}" for d in response.context["cl"].result_list]
        if queue_name == "pending":
            assert rows == expected  # Oldest submission first, not by quarter.
        else:
            assert sorted(rows) == sorted(expected)

    def test_late_is_judged_on_the_first_submission(self, official_client, queue):
        """2024 Q3 was resubmitted after its due date, but first submitted on time."""
        response = official_client.get(changelist_url(), {"queue": "late"})

        assert queue["2024Q3"] not in response.context["cl"].result_list

    def test_the_columns_show_quarter_first_submission_and_lateness(self, official_client, queue):
        response = official_client.get(changelist_url())

        cl = response.context["cl"]
        rows = {f"{d.year}Q{d.quarter}": d for d in cl.result_list}
        late = {key for key, row in rows.items() if cl.model_admin.late(row)}
        assert late == {"2024Q2", "2024Q4"}
        assert cl.model_admin.year_quarter(rows["2024Q3"]) == "2024 Q3"
        assert rows["2024Q3"].first_submitted_at == local(2024, 10, 1, 10)
        assert rows["2025Q3"].first_submitted_at is None
        assert rows["2025Q1"].total == 320

    def test_the_quarter_column_sorts_by_year_then_quarter(self, official_client, queue):
        columns = official_client.get(changelist_url()).context["cl"].list_display
        index = list(columns).index("year_quarter")

        response = official_client.get(changelist_url(), {"o": str(index)})

        rows = [(d.year, d.quarter) for d in response.context["cl"].result_list]
        assert rows == sorted(rows)
        assert len(rows) == 7

    def test_a_due_date_setting_of_more_days_makes_nothing_late(
        self, official_client, queue, settings
    ):
        settings.DECLARATION_DUE_DAYS = 60

        response = official_client.get(changelist_url(), {"queue": "late"})

        assert list(response.context["cl"].result_list) == []


@pytest.fixture
def many_declarations(site, segments, atlas_staff):
    """`count` declarations across the statuses, each with two lines and a submission."""

    def build(count):
        statuses = ["submitted", "returned", "validated", "submitted"]
        for number in range(count):
            declaration = Declaration.objects.create(
                site=site,
                year=2000 + number // 4,
                quarter=number % 4 + 1,
                status=statuses[number % 4],
                flagged=number % 4 == 3,
            )
            DeclarationLine.objects.bulk_create(
                DeclarationLine(
                    declaration=declaration,
                    segment=segments[code],
                    headcount=10,
                    permanent=5,
                    women=5,
                )
                for code in ("BPO", "ITO")
            )
            DeclarationEvent.objects.create(
                declaration=declaration,
                actor=atlas_staff,
                actor_username="salma",
                action=DeclarationEvent.Action.SUBMITTED,
            )

    return build


class TestQueueQueries:
    @pytest.mark.parametrize("count", [3, 30])
    @pytest.mark.parametrize("queue_name", list(QUEUE_QUERIES))
    def test_each_queue_runs_fixed_queries(
        self, official_client, many_declarations, count, queue_name
    ):
        many_declarations(count)
        params = {"queue": queue_name} if queue_name else {}

        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = official_client.get(changelist_url(), params)

        assert response.status_code == 200
        assert len(queries) == QUEUE_QUERIES[queue_name]


class TestBulkReturn:
    def post(self, client, declarations, **data):
        return client.post(
            changelist_url(),
            {
                "action": "return_selected",
                "_selected_action": [d.pk for d in declarations],
                **data,
            },
            follow=True,
        )

    def test_it_first_asks_for_the_reason(self, official_client, queue):
        response = self.post(official_client, [queue["2024Q1"], queue["2024Q2"]], index="0")

        assert response.status_code == 200
        assert response.templates[0].name == "admin/operators/declaration/review.html"
        assert list(response.context["declarations"]) == [queue["2024Q2"], queue["2024Q1"]]
        assert not response.context["form"].is_bound
        assert status_of(queue["2024Q1"]) == "submitted"

    def test_it_returns_each_with_the_reason(self, official_client, queue):
        selected = [queue["2024Q1"], queue["2024Q2"]]

        response = self.post(official_client, selected, confirm="yes", reason=" Recount ")

        for declaration in selected:
            declaration.refresh_from_db()
            assert declaration.status == "returned"
            assert declaration.return_reason == "Recount"
            event = declaration.events.latest("pk")
            assert (event.action, event.reason, event.actor_username) == (
                "returned",
                "Recount",
                "amina",
            )
        assert any("2 declarations returned" in m for m in messages_of(response))

    def test_without_a_reason_it_shows_the_error_and_changes_nothing(self, official_client, queue):
        events = DeclarationEvent.objects.count()

        response = self.post(official_client, [queue["2024Q1"]], confirm="yes", reason="  ")

        assert response.context["form"].errors["reason"]
        assert status_of(queue["2024Q1"]) == "submitted"
        assert DeclarationEvent.objects.count() == events

    def test_it_reports_the_ones_refused_and_leaves_them_unchanged(self, official_client, queue):
        selected = [queue["2024Q1"], queue["2025Q3"], queue["2024Q4"]]

        response = self.post(official_client, selected, confirm="yes", reason="Recount")

        assert status_of(queue["2024Q1"]) == "returned"
        assert status_of(queue["2025Q3"]) == "draft"
        assert status_of(queue["2024Q4"]) == "validated"
        messages = messages_of(response)
        refused = [m for m in messages if "Only a submitted declaration" in m]
        assert len(refused) == 2
        assert any("2025 Q3" in m for m in refused)
        assert any("1 declaration returned" in m for m in messages)

    def test_it_is_not_offered_without_the_review_permission(
        self, client, reviewer_without_permission, queue, admin_login
    ):
        admin_login(client, reviewer_without_permission)

        response = client.get(changelist_url())

        assert response.status_code == 200
        assert "return_selected" not in response.content.decode()


class TestOneDeclaration:
    def test_change_page_offers_validate_and_return_for_a_submitted_one(
        self, official_client, queue
    ):
        content = official_client.get(change_url(queue["2024Q1"])).content.decode()

        assert tool_url("validate", queue["2024Q1"]) in content
        assert tool_url("return", queue["2024Q1"]) in content
        assert tool_url("reopen", queue["2024Q1"]) not in content

    def test_change_page_offers_reopen_for_a_validated_one(self, official_client, queue):
        content = official_client.get(change_url(queue["2024Q4"])).content.decode()

        assert tool_url("reopen", queue["2024Q4"]) in content
        assert tool_url("validate", queue["2024Q4"]) not in content

    def test_validate_asks_for_confirmation_then_validates(self, official_client, queue):
        page = official_client.get(tool_url("validate", queue["2024Q1"]))
        assert page.status_code == 200
        assert status_of(queue["2024Q1"]) == "submitted"

        response = official_client.post(tool_url("validate", queue["2024Q1"]), {"confirm": "yes"})

        assert response.status_code == 302
        assert response.url == change_url(queue["2024Q1"])
        assert status_of(queue["2024Q1"]) == "validated"

    def test_validate_of_ones_own_submission_is_refused_with_a_message(
        self, official_client, official, site
    ):
        own = declaration_submit(declaration=draft(site, official), user=official)

        response = official_client.post(tool_url("validate", own), {"confirm": "yes"}, follow=True)

        assert status_of(own) == "submitted"
        assert any("own submission" in m for m in messages_of(response))

    def test_return_records_the_reason(self, official_client, queue):
        response = official_client.post(
            tool_url("return", queue["2024Q2"]), {"confirm": "yes", "reason": "Split is wrong"}
        )

        assert response.status_code == 302
        event = queue["2024Q2"].events.latest("pk")
        assert (event.action, event.reason) == ("returned", "Split is wrong")

    def test_reopen_records_the_reason(self, official_client, queue):
        official_client.post(
            tool_url("reopen", queue["2024Q4"]), {"confirm": "yes", "reason": "Audit found 90"}
        )

        declaration = Declaration.objects.get(pk=queue["2024Q4"].pk)
        assert declaration.status == "returned"
        assert declaration.return_reason == "Audit found 90"
        event = declaration.events.latest("pk")
        assert (event.action, event.reason) == ("reopened", "Audit found 90")

    def test_reopen_without_a_reason_is_refused(self, official_client, queue):
        response = official_client.post(
            tool_url("reopen", queue["2024Q4"]), {"confirm": "yes", "reason": ""}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
        assert status_of(queue["2024Q4"]) == "validated"

    def test_reopen_of_a_declaration_not_validated_is_refused_with_a_message(
        self, official_client, queue
    ):
        response = official_client.post(
            tool_url("reopen", queue["2024Q1"]), {"confirm": "yes", "reason": "Why"}, follow=True
        )

        assert status_of(queue["2024Q1"]) == "submitted"
        assert any("Only a validated declaration" in m for m in messages_of(response))

    @pytest.mark.parametrize(
        ("name", "key"), [("validate", "2024Q1"), ("return", "2024Q1"), ("reopen", "2024Q4")]
    )
    def test_staff_without_the_review_permission_get_403(
        self, client, reviewer_without_permission, queue, name, key, admin_login
    ):
        admin_login(client, reviewer_without_permission)
        url = tool_url(name, queue[key])
        before = status_of(queue[key])

        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "yes", "reason": "x"}).status_code == 403
        assert status_of(queue[key]) == before

    def test_staff_without_the_review_permission_see_no_review_button(
        self, client, reviewer_without_permission, queue, admin_login
    ):
        admin_login(client, reviewer_without_permission)

        content = client.get(change_url(queue["2024Q1"])).content.decode()

        assert tool_url("validate", queue["2024Q1"]) not in content

    def test_an_unknown_declaration_answers_404(self, official_client, db):
        response = official_client.get(reverse("admin:operators_declaration_return", args=[999999]))

        assert response.status_code == 404


@pytest.mark.parametrize("year", ["²", "99999999999999999999", "1999", "abc"])
def test_a_year_outside_the_calendar_lists_the_queue_unfiltered_not_an_error(
    official_client, queue, year
):
    response = official_client.get(changelist_url(), {"year": year})

    assert response.status_code == 200
    assert response.context["cl"].result_count == len(queue)
