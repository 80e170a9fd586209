"""The history of operators, sites, staff memberships and declarations, as officials read it in
the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from operators import history, sites
from operators.admin_history import declaration_changes
from operators.models import Declaration, DeclarationLine, OperatorMembership
from operators.services import declaration_reopen, declaration_submit, declaration_validate
from tests.admin_forms import change_form_data
from tests.operators.declaration_world import draft


def shown(message, response):
    """A message in the language `response` was rendered in."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return str(message)


def admin_url(model_name, view, *args):
    return reverse(f"admin:operators_{model_name}_{view}", args=args)


def latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def readable(changes):
    return [(change.label, change.before, change.after) for change in changes]


@pytest.fixture
def reopened(site, atlas_staff, official, second_official):
    declaration = declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
    declaration_validate(declaration=declaration, user=official)
    return declaration_reopen(declaration=declaration, user=second_official, reason="Recount")


class TestDeclarationHistory:
    def test_a_reopening_reads_as_changes_of_labelled_values(self, reopened):
        event = reopened.events.latest("pk")

        with translation.override("fr"):
            changes = readable(declaration_changes(event.before, event.after))
            status = str(Declaration._meta.get_field("status").verbose_name).capitalize()
            reason = str(Declaration._meta.get_field("return_reason").verbose_name).capitalize()
            validated, returned = (
                str(Declaration.Status.VALIDATED.label),
                str(Declaration.Status.RETURNED.label),
            )
        assert changes == [(status, validated, returned), (reason, history.EMPTY, "Recount")]

    def test_a_correction_names_each_line_changed(self, site, atlas_staff):
        first = draft(site, atlas_staff)
        draft(site, atlas_staff, bpo=(120, 80, 50))
        event = first.events.latest("pk")

        with translation.override("fr"):
            changes = readable(declaration_changes(event.before, event.after))
            headcount = str(DeclarationLine._meta.get_field("headcount").verbose_name)
        assert (f"BPO – {headcount}", "100", "120") in changes
        assert changes[-1][1:] == ("120", "140")

    def test_the_admin_shows_them_newest_first_and_no_raw_values(self, official_client, reopened):
        response = official_client.get(admin_url("declaration", "change", reopened.pk))

        page = response.content.decode()
        assert response.status_code == 200
        assert "Recount" in page
        assert '"status"' not in page and "&quot;status&quot;" not in page
        validated = shown(Declaration.Status.VALIDATED.label, response)
        returned = shown(Declaration.Status.RETURNED.label, response)
        assert f"{validated} → {returned}" in page
        # The reopening (newest) comes before the creation of the draft.
        action = Declaration.events.rel.related_model.Action
        assert page.index(shown(action.REOPENED.label, response)) < page.index(
            shown(action.CREATED.label, response)
        )


class TestSitesAndOperators:
    def test_a_site_moved_in_the_admin_keeps_the_cities_by_name(
        self, official_client, official, site, cities
    ):
        page = official_client.get(admin_url("site", "change", site.pk))

        response = official_client.post(
            admin_url("site", "change", site.pk),
            change_form_data(page, city=cities["rabat"].pk, change_reason="New premises"),
        )

        assert response.status_code == 302
        history_page = official_client.get(admin_url("site", "history", site.pk))
        [newest, *_older] = history_page.context["entries"]
        assert (newest.who, newest.reason) == ("amina", "New premises")
        assert [(c.before, c.after) for c in newest.changes] == [("Casablanca", "Rabat")]

    def test_a_change_of_segments_is_one_record_with_the_segments_by_code(
        self, official_client, site, segments
    ):
        page = official_client.get(admin_url("site", "change", site.pk))
        records = site.history.count()

        official_client.post(
            admin_url("site", "change", site.pk),
            change_form_data(page, segments=[segments["BPO"].pk, segments["KPO"].pk]),
        )

        history_page = official_client.get(admin_url("site", "history", site.pk))
        [newest, *_older] = history_page.context["entries"]
        assert site.history.count() == records + 1
        assert [(c.before, c.after) for c in newest.changes] == [("BPO, ITO", "BPO, KPO")]

    def test_an_operator_changes_without_a_reason(self, official_client, world):
        page = official_client.get(admin_url("operator", "change", world.rif.pk))

        response = official_client.post(
            admin_url("operator", "change", world.rif.pk),
            change_form_data(page, group="Rif Holding"),
        )

        assert response.status_code == 302
        record = latest(world.rif)
        assert (record.group, record.history_change_reason, record.history_username) == (
            "Rif Holding",
            "",
            "amina",
        )

    def test_the_operator_history_page_runs_a_fixed_number_of_queries(self, official_client, world):
        url = admin_url("operator", "history", world.rif.pk)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert official_client.get(url).status_code == 200
            return len(captured)

        few = queries()
        for number in range(15):
            world.rif.group = f"Group {number}"
            world.rif.save()

        assert few == queries() <= 8

    def test_the_site_history_page_runs_a_fixed_number_of_queries(
        self, official_client, site, segments
    ):
        url = admin_url("site", "history", site.pk)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert official_client.get(url).status_code == 200
            return len(captured)

        few = queries()
        for code in ["KPO", "ESO", "BPO", "ITO"] * 3:
            sites.site_save(site=site, segments=[segments[code]])

        assert site.history.count() > 12
        # Session, user, two of permissions, the site, its records and their segments, and the
        # names of operators, cities and segments (and the site's own name, for the title).
        assert few == queries() <= 12  # 11, and the official's second-factor device


class TestMemberships:
    def test_a_membership_moved_to_another_operator_is_recorded(
        self, official_client, world, atlas_staff
    ):
        membership = OperatorMembership.objects.get(user=atlas_staff)
        page = official_client.get(admin_url("operatormembership", "change", membership.pk))

        response = official_client.post(
            admin_url("operatormembership", "change", membership.pk),
            change_form_data(page, operator=world.rif.pk, change_reason="Joined Rif Digital"),
        )

        assert response.status_code == 302
        history_page = official_client.get(
            admin_url("operatormembership", "history", membership.pk)
        )
        [newest, *_older] = history_page.context["entries"]
        assert newest.reason == "Joined Rif Digital"
        assert [(c.before, c.after) for c in newest.changes] == [("Atlas Relation", "Rif Digital")]

    def test_the_language_a_member_chooses_is_recorded_with_them(self, client, atlas_staff):
        client.force_login(atlas_staff)

        client.post("/i18n/setlang/", {"language": "ar", "next": "/space/"})

        membership = OperatorMembership.objects.get(user=atlas_staff)
        record = latest(membership)
        assert (membership.language, record.language, record.history_user) == (
            "ar",
            "ar",
            atlas_staff,
        )
