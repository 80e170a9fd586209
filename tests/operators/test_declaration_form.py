"""The declaration form in everyday use: drafts that keep what is filled, submissions that need
every figure, what was typed kept through an error, the due date and lateness, and the previous
validated quarter beside each figure.

Atlas's site Casanearshore 1 serves BPO and ITO; its 2024 Q1 declaration was due on 30 April
2024. Pages are read in English.
"""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operators.models import Declaration, DeclarationLine, Site
from operators.services import declaration_save_draft, declaration_submit, declaration_validate
from tests.operators.declaration_world import DECLARATION_QUERIES, draft, form_data

pytestmark = pytest.mark.usefixtures("in_english")


def url(site, year=2024, quarter=1):
    return f"/en/space/sites/{site.pk}/{year}/q{quarter}/"


def figures(declaration):
    return {
        line.segment.code: (line.headcount, line.permanent, line.women)
        for line in declaration.lines.select_related("segment")
    }


def box(html, name):
    """The input element of one figure, as the page writes it."""
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html)[0]


def previous_note(html, name):
    match = re.search(rf'<p class="help previous" id="id_{name}_previous">(.*?)</p>', html)
    return re.sub(r"<[^>]+>", "", match[1]) if match else None


def validated(site, staff, official, quarter=1, **counts):
    declaration = declaration_submit(
        declaration=draft(site, staff, quarter=quarter, **counts), user=staff
    )
    return declaration_validate(declaration=declaration, user=official)


@pytest.fixture
def salma(client, atlas_staff):
    client.force_login(atlas_staff)
    return client


class TestDrafts:
    def test_a_draft_keeps_the_figures_filled_and_leaves_the_others_unknown(self, salma, site):
        data = form_data("save", **{"BPO-permanent": "", "ITO-women": "", "ITO-permanent": ""})

        response = salma.post(url(site), data)

        assert response.status_code == 302
        declaration = Declaration.objects.get()
        assert declaration.status == Declaration.Status.DRAFT
        assert figures(declaration) == {"BPO": (100, None, 50), "ITO": (20, None, None)}
        html = salma.get(url(site)).content.decode()
        assert 'value=""' in box(html, "BPO-permanent")
        assert 'value="100"' in box(html, "BPO-headcount")

    def test_a_draft_with_every_figure_empty_is_saved(self, salma, site):
        empty = {
            f"{s}-{c}": "" for s in ("BPO", "ITO") for c in ("headcount", "permanent", "women")
        }

        assert salma.post(url(site), form_data("save", **empty)).status_code == 302

        assert figures(Declaration.objects.get()) == {
            "BPO": (None, None, None),
            "ITO": (None, None, None),
        }

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"BPO-women": "-3"}, "BPO-women", "greater than or equal to 0"),
            ({"BPO-permanent": "101"}, "BPO-permanent", "cannot exceed the headcount"),
            ({"ITO-women": "21", "ITO-permanent": ""}, "ITO-women", "cannot exceed the headcount"),
        ],
    )
    def test_a_draft_refuses_a_figure_a_submission_would_refuse_naming_the_field(
        self, salma, site, atlas_staff, overrides, field, message
    ):
        draft(site, atlas_staff)

        response = salma.post(url(site), form_data("save", **overrides))

        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        assert message in response.content.decode()
        assert figures(Declaration.objects.get()) == {"BPO": (100, 80, 50), "ITO": (20, 10, 5)}

    def test_the_service_refuses_a_negative_figure_in_a_draft(self, site, atlas_staff):
        with pytest.raises(ValidationError) as error:
            declaration_save_draft(
                site=site,
                year=2024,
                quarter=1,
                lines={"BPO": (None, -1, None), "ITO": (None, None, None)},
                user=atlas_staff,
            )

        assert error.value.message_dict["lines"][0].startswith("BPO")
        assert not Declaration.objects.exists()

    def test_a_history_shows_an_empty_figure_as_a_dash(self, salma, site):
        salma.post(url(site), form_data("save", **{"ITO-women": ""}))

        html = salma.get(url(site) + "history/").content.decode()

        assert "ITO: 20, of which 10 permanent, — women" in html


class TestSubmitting:
    def test_it_names_each_missing_figure_and_saves_nothing(self, salma, site, atlas_staff):
        draft(site, atlas_staff)
        data = form_data("submit", **{"BPO-permanent": "", "ITO-women": ""})

        response = salma.post(url(site), data)

        assert response.status_code == 200
        errors = response.context["form"].errors
        assert set(errors) == {"BPO-permanent", "ITO-women"}
        for field in errors:
            assert "Required to submit" in errors[field][0]
        declaration = Declaration.objects.get()
        assert declaration.status == Declaration.Status.DRAFT
        assert figures(declaration) == {"BPO": (100, 80, 50), "ITO": (20, 10, 5)}

    def test_a_draft_completed_later_is_submitted(self, salma, site):
        salma.post(url(site), form_data("save", **{"ITO-women": ""}))

        response = salma.post(url(site), form_data("submit", **{"ITO-women": "7"}))

        assert response.status_code == 302
        declaration = Declaration.objects.get()
        assert declaration.status == Declaration.Status.SUBMITTED
        assert figures(declaration)["ITO"] == (20, 10, 7)

    def test_the_service_refuses_to_submit_a_draft_with_empty_figures(self, site, atlas_staff):
        declaration = declaration_save_draft(
            site=site,
            year=2024,
            quarter=1,
            lines={"BPO": (100, 80, 50), "ITO": (20, None, 5)},
            user=atlas_staff,
        )

        with pytest.raises(ValidationError) as error:
            declaration_submit(declaration=declaration, user=atlas_staff)

        [message] = error.value.message_dict["lines"]
        assert message.startswith("ITO")
        declaration.refresh_from_db()
        assert declaration.status == Declaration.Status.DRAFT


class TestTypedValues:
    def test_text_typed_into_a_number_box_is_shown_again_as_typed(self, salma, site):
        data = form_data("save", **{"BPO-headcount": "12O", "ITO-women": "2.5"})

        response = salma.post(url(site), data)

        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="12O"' in box(html, "BPO-headcount")
        assert 'type="text"' in box(html, "BPO-headcount")
        assert 'value="2.5"' in box(html, "ITO-women")
        assert 'value="80"' in box(html, "BPO-permanent")
        assert "Enter a whole number." in html
        assert not Declaration.objects.exists()

    def test_values_typed_survive_a_refused_submission(self, salma, site, atlas_staff, official):
        validated(site, atlas_staff, official, quarter=1)

        response = salma.post(
            url(site, 2024, 2),
            form_data("submit", quarter=2, **{"BPO-headcount": "400", "comment": "Kept"}),
        )

        html = response.content.decode()
        assert 'value="400"' in box(html, "BPO-headcount")
        assert "Kept" in html

    def test_spaces_between_thousands_are_accepted(self, salma, site):
        data = form_data("save", **{"BPO-headcount": "1 200", "BPO-permanent": "1\u202f000"})

        assert salma.post(url(site), data).status_code == 302

        assert figures(Declaration.objects.get())["BPO"] == (1200, 1000, 50)


class TestTiming:
    def test_a_declaration_not_submitted_after_its_due_date_is_late(self, salma, site):
        with time_machine.travel(datetime.datetime(2024, 5, 2, 10, tzinfo=datetime.UTC)):
            html = salma.get(url(site)).content.decode()

        assert "This declaration is late: it was due on 30 April 2024." in html

    def test_a_declaration_before_its_due_date_says_when_it_is_due(self, salma, site):
        with time_machine.travel(datetime.datetime(2024, 4, 10, 10, tzinfo=datetime.UTC)):
            html = salma.get(url(site)).content.decode()

        assert "This declaration is due on 30 April 2024." in html
        assert "is late" not in html

    def test_a_declaration_submitted_after_its_due_date_says_so(self, salma, site, atlas_staff):
        with time_machine.travel(datetime.datetime(2024, 5, 2, 10, tzinfo=datetime.UTC)):
            declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
            html = salma.get(url(site)).content.decode()

        assert "First submitted late: it was due on 30 April 2024." in html

    def test_a_declaration_submitted_on_time_says_so(self, salma, site, atlas_staff):
        with time_machine.travel(datetime.datetime(2024, 4, 30, 10, tzinfo=datetime.UTC)):
            declaration_submit(declaration=draft(site, atlas_staff), user=atlas_staff)
        html = salma.get(url(site)).content.decode()

        assert "First submitted on time: it was due on 30 April 2024." in html


class TestPreviousQuarter:
    def test_each_figure_shows_the_previous_validated_value_and_the_change(
        self, salma, site, atlas_staff, official
    ):
        validated(site, atlas_staff, official, quarter=1)
        draft(site, atlas_staff, quarter=2, bpo=(300, 80, None), ito=(20, 12, 5))

        html = salma.get(url(site, 2024, 2)).content.decode()

        assert "the figure validated for 2024 Q1" in html
        assert previous_note(html, "BPO-headcount") == "previously 100 (+200 %)"
        assert previous_note(html, "BPO-permanent") == "previously 80 (0 %)"
        assert previous_note(html, "BPO-women") == "previously 50"
        assert previous_note(html, "ITO-permanent") == "previously 10 (+20 %)"

    def test_the_change_follows_what_was_typed(self, salma, site, atlas_staff, official):
        validated(site, atlas_staff, official, quarter=1)

        response = salma.post(
            url(site, 2024, 2),
            form_data("save", quarter=2, **{"BPO-headcount": "50", "BPO-women": "51"}),
        )

        html = response.content.decode()
        assert previous_note(html, "BPO-headcount") == "previously 100 (-50 %)"

    def test_only_a_validated_quarter_of_the_same_site_counts(
        self, salma, site, world, segments, atlas_staff, official
    ):
        declaration_submit(declaration=draft(site, atlas_staff, quarter=1), user=atlas_staff)
        other = Site.objects.create(operator=world.atlas, name="Fès Shore", city=site.city)
        other.segments.set([segments["BPO"], segments["ITO"]])
        validated(other, atlas_staff, official, quarter=1)

        html = salma.get(url(site, 2024, 2)).content.decode()

        assert 'class="help previous"' not in html

    def test_a_segment_the_previous_quarter_did_not_declare_says_so(
        self, salma, site, segments, atlas_staff, official
    ):
        validated(site, atlas_staff, official, quarter=1)
        site.segments.add(segments["KPO"])

        html = salma.get(url(site, 2024, 2)).content.decode()

        assert previous_note(html, "KPO-headcount") == "previously: not declared"

    def test_a_large_change_message_names_both_totals(self, salma, site, atlas_staff, official):
        validated(site, atlas_staff, official, quarter=1)

        data = form_data("submit", quarter=2, **{"BPO-headcount": "280"})
        response = salma.post(url(site, 2024, 2), data)

        [message] = response.context["form"].errors["explanation"]
        assert message == (
            "The total changes from 120 in 2024 Q1 to 300, +150 %, more than 50 %: explain why "
            "before submitting."
        )
        assert message in response.content.decode()

    @pytest.mark.parametrize("quarters_validated", [0, 1, 3])
    def test_the_form_runs_a_fixed_number_of_queries(
        self, salma, site, atlas_staff, official, quarters_validated
    ):
        for quarter in range(1, quarters_validated + 1):
            validated(site, atlas_staff, official, quarter=quarter)
        draft(site, atlas_staff, quarter=4)

        with CaptureQueriesContext(connection) as queries:
            response = salma.get(url(site, 2024, 4))

        assert response.status_code == 200
        assert len(queries) == DECLARATION_QUERIES
        assert DeclarationLine.objects.count() == 2 * (quarters_validated + 1)
