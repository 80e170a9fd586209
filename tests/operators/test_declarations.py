"""Declarations in the database and in the admin: constraints, review queue, bulk validation."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operators.models import Declaration, DeclarationLine
from operators.services import declaration_reopen, declaration_submit, declaration_validate
from tests.operators.declaration_world import draft

# Queries of the declaration changelist as an official, the same for 3 and for 30 rows, and of
# one declaration's page, whatever the number of its lines and events. The content types cache
# is emptied first: whether an earlier test filled it must not change the count.
# No second COUNT of every declaration, no SELECT DISTINCT of years and quarters.
# Each count includes the device that verified the official's session (second factor).
CHANGELIST_QUERIES = 9
# The change page's review context adds four: the previous validated quarter, this one's lines,
# the commitments the site feeds and their scopes' figures (memoranda.review).
CHANGE_PAGE_QUERIES = 13


def declaration(site, year=2020, quarter=1, **fields):
    return Declaration.objects.create(site=site, year=year, quarter=quarter, **fields)


def line(declaration, segment, headcount=10, permanent=5, women=5):
    return DeclarationLine(
        declaration=declaration,
        segment=segment,
        headcount=headcount,
        permanent=permanent,
        women=women,
    )


def integrity_error(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


class TestDeclarationConstraints:
    def test_one_declaration_per_site_and_quarter(self, site):
        declaration(site)
        duplicate = Declaration(site=site, year=2020, quarter=1)

        with pytest.raises(ValidationError, match="a déjà une déclaration pour ce trimestre"):
            duplicate.full_clean()
        integrity_error(duplicate)

    @pytest.mark.parametrize("quarter", [0, 5])
    def test_quarter_is_one_to_four(self, site, quarter):
        wrong = Declaration(site=site, year=2020, quarter=quarter)

        with pytest.raises(ValidationError, match="trimestre est un nombre de 1 à 4"):
            wrong.full_clean()
        integrity_error(wrong)

    def test_status_is_a_known_one(self, site):
        integrity_error(Declaration(site=site, year=2020, quarter=1, status="approved"))


class TestLineConstraints:
    @pytest.mark.parametrize(
        ("counts", "message"),
        [
            ((-1, 0, 0), "jamais négatifs"),
            ((10, -1, 0), "jamais négatifs"),
            ((10, 0, -1), "jamais négatifs"),
            ((10, 11, 0), "Les contrats permanents ne peuvent pas dépasser l’effectif"),
            ((10, 0, 11), "Les femmes ne peuvent pas dépasser l’effectif"),
        ],
    )
    def test_counts_are_consistent(self, site, segments, counts, message):
        wrong = line(declaration(site), segments["BPO"], *counts)

        with pytest.raises(ValidationError, match=message):
            wrong.full_clean()
        integrity_error(wrong)

    def test_one_line_per_segment(self, site, segments):
        parent = declaration(site)
        line(parent, segments["BPO"]).save()
        duplicate = line(parent, segments["BPO"])

        with pytest.raises(ValidationError, match="comporte déjà une ligne pour ce segment"):
            duplicate.full_clean()
        integrity_error(duplicate)

    @pytest.mark.parametrize(
        "counts", [(None, None, None), (None, 5, 7), (10, None, 10), (10, 10, None)]
    )
    def test_a_drafts_empty_figures_pass(self, site, segments, counts):
        empty = line(declaration(site), segments["BPO"], *counts)

        empty.full_clean()
        empty.save()

    @pytest.mark.parametrize(
        ("counts", "constraint"),
        [
            ((None, -1, None), "declaration_line_counts_not_negative"),
            ((10, 11, None), "declaration_line_permanent_within_headcount"),
            ((10, None, 11), "declaration_line_women_within_headcount"),
        ],
    )
    def test_a_filled_figure_beside_empty_ones_keeps_the_rules(
        self, site, segments, counts, constraint
    ):
        wrong = line(declaration(site), segments["BPO"], *counts)

        with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
            wrong.save()

    def test_valid_line_passes(self, site, segments):
        line(declaration(site), segments["BPO"], 10, 10, 10).full_clean()


@pytest.fixture
def many_declarations(site, segments, atlas_staff):
    def build(count):
        for number in range(count):
            parent = declaration(
                site, year=2000 + number // 4, quarter=number % 4 + 1, status="submitted"
            )
            DeclarationLine.objects.bulk_create(
                [line(parent, segments["BPO"]), line(parent, segments["ITO"])]
            )

    return build


def reviewed(site, staff, official, times):
    """A declaration validated `times` times, reopened and corrected in between."""
    declaration = draft(site, staff)
    for number in range(times):
        if number:
            declaration_reopen(declaration=declaration, user=official, reason="Recount")
            draft(site, staff, bpo=(100 + number, 80, 50))
        declaration = declaration_submit(declaration=declaration, user=staff)
        declaration = declaration_validate(declaration=declaration, user=official)
    return declaration


def changelist_url():
    return reverse("admin:operators_declaration_changelist")


class TestAdmin:
    @pytest.mark.parametrize("count", [3, 30])
    def test_changelist_runs_fixed_queries(self, official_client, many_declarations, count):
        many_declarations(count)

        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            response = official_client.get(changelist_url())

        assert response.status_code == 200
        assert response.context["cl"].result_count == count
        assert len(queries) == CHANGELIST_QUERIES

    def test_changelist_shows_the_total_of_the_lines(self, official_client, many_declarations):
        many_declarations(1)

        response = official_client.get(changelist_url())

        assert response.context["cl"].result_list[0].total == 20

    @pytest.mark.parametrize("reviews", [1, 3])
    def test_change_page_shows_validated_lines_read_only_with_history(
        self,
        official_client,
        site,
        atlas_staff,
        second_official,
        django_assert_num_queries,
        reviews,
    ):
        validated = reviewed(site, atlas_staff, second_official, reviews)
        url = reverse("admin:operators_declaration_change", args=[validated.pk])

        ContentType.objects.clear_cache()
        with django_assert_num_queries(CHANGE_PAGE_QUERIES):
            response = official_client.get(url)

        assert response.status_code == 200
        content = response.content.decode()
        assert 'name="lines-0-headcount"' not in content
        assert "karim" in content
        events = response.context["inline_admin_formsets"][1].formset.forms
        # created, then submitted and validated each time, reopened and saved in between.
        assert len(events) == 1 + 2 * reviews + 2 * (reviews - 1)

    def test_memberships_changelist_renders(self, official_client, atlas_staff, rif_staff):
        response = official_client.get(reverse("admin:operators_operatormembership_changelist"))

        assert response.status_code == 200
        assert response.context["cl"].result_count == 2

    def test_operator_staff_have_no_admin(self, client, atlas_staff):
        client.force_login(atlas_staff)

        response = client.get(changelist_url())

        assert response.status_code == 302


class TestValidateAction:
    def test_it_validates_and_reports_the_refused_ones(
        self, official_client, official, site, atlas_staff
    ):
        by_operator = declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
        own = declaration_submit(declaration=draft(site, official, quarter=2), user=official)
        still_draft = draft(site, atlas_staff, quarter=3)

        response = official_client.post(
            "/en" + changelist_url(),
            {
                "action": "validate_selected",
                "_selected_action": [by_operator.pk, own.pk, still_draft.pk],
            },
            follow=True,
        )

        statuses = dict(Declaration.objects.values_list("quarter", "status"))
        assert statuses == {1: "validated", 2: "submitted", 3: "draft"}
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("own submission" in message and "Q2" in message for message in messages)
        assert any("submitted declaration" in message and "Q3" in message for message in messages)
        assert any("1 declarations validated" in message for message in messages)
