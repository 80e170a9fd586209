"""A declaration's review page in the admin, with what the reviewer weighs: the previous
validated quarter, the change, the explanation, and the commitments its figures feed.

The world of tests/conftest.py, worked out by hand. Atlas Relation (ATLAS-2023-1, signed
2023-03-15) commits 400 BPO jobs in Casablanca (baseline 100), 250 BPO jobs in Fès and 100 ITO
jobs not yet allocated (baseline 10). Its site Casanearshore 1 (Casablanca) serves BPO and ITO;
its site Fès Shore (Fès) serves ITO.

| declaration                     | BPO | ITO | total | status    |
| ------------------------------- | --- | --- | ----- | --------- |
| Casanearshore 1, 2024 Q1        | 300 |  20 |   320 | validated |
| Fès Shore, 2024 Q2              |     |   5 |     5 | validated |
| Casanearshore 1, 2024 Q2        | 520 |  20 |   540 | submitted |

Casanearshore 1's 2024 Q2 changes by +220 from 320, +69 % (220 / 320 = 68.75 %), more than
50 %: flagged, explained "A new client in Casablanca". It feeds BPO Casablanca and ITO
unallocated, not BPO Fès (another city) nor Rif Digital's. Jobs created now (2024 Q1):
BPO Casablanca 300 - 100 = 200, ITO 20 - 10 = 10 (Fès Shore's 2024 Q2 is a later quarter: ITO's
figure is 2024 Q2's, 5 - 10 = -5). Once validated (2024 Q2): BPO Casablanca 520 - 100 = 420, ITO
20 + 5 - 10 = 15.
"""

import pytest
from django.urls import reverse

from memoranda.figures import commitment_figures_refresh
from memoranda.models import Commitment, CommitmentFigures
from operators.models import Site
from operators.services import declaration_save_draft, declaration_submit, declaration_validate
from tests.operators.admin_pages import table_rows, text_of

pytestmark = pytest.mark.usefixtures("in_english")

EXPLANATION = "A new client in Casablanca"
# The admin's own (session, user, the second factor's device, the declaration, its lines and
# events), the previous validated quarter, and three for the commitments fed (memoranda.review).
REVIEW_PAGE_QUERIES = 13


def declared(site, staff, year, quarter, lines, explanation=""):
    draft = declaration_save_draft(site=site, year=year, quarter=quarter, lines=lines, user=staff)
    return declaration_submit(declaration=draft, user=staff, explanation=explanation)


@pytest.fixture
def review_world(world, site, cities, segments, atlas_staff, second_official):
    Commitment.objects.filter(segment__code="BPO", city__slug="casablanca").update(
        baseline_headcount=100
    )
    Commitment.objects.filter(segment__code="ITO", city__isnull=True).update(baseline_headcount=10)
    fes = Site.objects.create(operator=world.atlas, name="Fès Shore", city=cities["fes"])
    fes.segments.set([segments["ITO"]])
    q1 = declared(site, atlas_staff, 2024, 1, {"BPO": (300, 0, 0), "ITO": (20, 0, 0)})
    declaration_validate(declaration=q1, user=second_official)
    fes_q2 = declared(fes, atlas_staff, 2024, 2, {"ITO": (5, 0, 0)})
    declaration_validate(declaration=fes_q2, user=second_official)
    q2 = declared(site, atlas_staff, 2024, 2, {"BPO": (520, 0, 0), "ITO": (20, 0, 0)}, EXPLANATION)
    return q1, q2


def change_url(declaration):
    return reverse("admin:operators_declaration_change", args=[declaration.pk])


def review_page(client, declaration) -> str:
    response = client.get(change_url(declaration))
    assert response.status_code == 200
    return response.content.decode()


def context_text(page: str) -> str:
    start = page.index('id="review-context"')
    return text_of(page[start : page.index("</fieldset>", start)])


def test_it_shows_the_previous_validated_quarter_the_change_and_the_explanation(
    official_client, review_world
):
    _q1, q2 = review_world

    shown = context_text(review_page(official_client, q2))

    assert "Previous validated quarter 2024 Q1: 320 in all" in shown
    assert "This declaration 540 in all" in shown
    assert "+220 (+69 %)" in shown
    assert "flagged" in shown
    assert EXPLANATION in shown


def test_a_first_declaration_has_no_previous_quarter_and_no_change(official_client, review_world):
    q1, _q2 = review_world

    shown = context_text(review_page(official_client, q1))

    assert "none: this site has no validated declaration before this quarter" in shown
    assert "Difference" not in shown
    assert "none given" in shown


def test_it_lists_the_commitments_fed_with_jobs_created_now_and_once_validated(
    official_client, review_world
):
    _q1, q2 = review_world

    rows = table_rows(review_page(official_client, q2), "review-commitments")

    assert rows == [
        ["ATLAS-2023-1", "BPO, Casablanca", "400", "100", "200 (2024 Q1)", "420 (2024 Q2)"],
        [
            "ATLAS-2023-1",
            "ITO, not yet allocated (all the operator's cities)",
            "100",
            "10",
            "-5 (2024 Q2)",
            "15 (2024 Q2)",
        ],
    ]


def test_once_validated_the_stored_figures_are_those_the_page_announced(review_world, official):
    _q1, q2 = review_world
    declaration_validate(declaration=q2, user=official)

    stored = dict(
        CommitmentFigures.objects.filter(commitment__memorandum__reference="ATLAS-2023-1")
        .exclude(commitment__city__slug="fes")
        .values_list("commitment__segment__code", "jobs_created")
    )

    assert stored == {"BPO": 420, "ITO": 15}


def test_an_earlier_quarter_than_the_latest_validated_changes_no_jobs_created(
    official_client, review_world, site, atlas_staff
):
    earlier = declared(site, atlas_staff, 2023, 4, {"BPO": (250, 0, 0), "ITO": (15, 0, 0)})

    rows = table_rows(review_page(official_client, earlier), "review-commitments")

    assert [row[4:] for row in rows] == [
        ["200 (2024 Q1)", "200 (2024 Q1)"],
        ["-5 (2024 Q2)", "-5 (2024 Q2)"],
    ]


def test_without_a_baseline_jobs_created_stay_unknown(official_client, review_world, world):
    _q1, q2 = review_world
    Commitment.objects.filter(segment__code="BPO", city__slug="casablanca").update(
        baseline_headcount=None
    )
    commitment_figures_refresh([world.atlas.pk])  # as the commitment admin does

    bpo = table_rows(review_page(official_client, q2), "review-commitments")[0]

    assert bpo[3:] == ["unknown", "unknown (no baseline)", "unknown (no baseline)"]


def test_a_validated_declaration_shows_jobs_created_now_only(official_client, review_world):
    q1, _q2 = review_world

    rows = table_rows(review_page(official_client, q1), "review-commitments")

    assert [row[4:] for row in rows] == [["200 (2024 Q1)"], ["-5 (2024 Q2)"]]


def test_the_review_page_runs_a_fixed_number_of_queries(
    official_client, review_world, django_assert_max_num_queries
):
    _q1, q2 = review_world
    official_client.get(change_url(q2))  # sessions and caches warmed

    with django_assert_max_num_queries(REVIEW_PAGE_QUERIES):
        review_page(official_client, q2)


def test_an_operators_staff_cannot_reach_the_review_page(client, review_world, atlas_staff):
    _q1, q2 = review_world
    client.force_login(atlas_staff)

    response = client.get(change_url(q2))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_validate_page_shows_the_same_context_before_confirming(official_client, review_world):
    _q1, q2 = review_world
    url = reverse("admin:operators_declaration_validate", args=[q2.pk])

    page = official_client.get(url).content.decode()

    assert "+220 (+69 %)" in context_text(page)
    assert [row[4:] for row in table_rows(page, "review-commitments")] == [
        ["200 (2024 Q1)", "420 (2024 Q2)"],
        ["-5 (2024 Q2)", "15 (2024 Q2)"],
    ]
