"""The officials' work lists fit a 1280 px wide screen: the review queue and the list of missing
declarations do not scroll sideways, with operators and sites of long names.

The world: three operators of long names, each with two sites signed under a memorandum of
2023, so that every quarter since 2023 Q2 is owed; each site has a submitted declaration of
2024 Q1 and nothing else, so the missing list has many rows.
"""

import datetime

import pytest
from django.contrib.auth.models import Group

from memoranda.models import Commitment, Memorandum
from operators.models import City, Operator, OperatorMembership, Segment, Site
from operators.services import declaration_save_draft, declaration_submit
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH, HEIGHT = 1280, 800
NAMES = [
    "Atlas Relation Client Services Maroc",
    "Rif Digital Outsourcing and Consulting",
    "Souss Nearshore Business Solutions",
]


@pytest.fixture
def busy_world(django_user_model):
    bpo = Segment.objects.get(code="BPO")
    official = django_user_model.objects.create_user(username="amina", is_staff=True)
    official.groups.add(Group.objects.get(name="Officials"))
    for number, name in enumerate(NAMES):
        operator = Operator.objects.create(name=name, slug=f"operator-{number}")
        memorandum = Memorandum.objects.create(
            reference=f"LONG-REFERENCE-2023-{number}",
            operator=operator,
            signed_on=datetime.date(2023, 3, 15),
            horizon_year=2026,
        )
        Commitment.objects.create(memorandum=memorandum, segment=bpo, jobs_committed=500)
        staff = django_user_model.objects.create_user(username=f"staff-{number}")
        OperatorMembership.objects.create(user=staff, operator=operator)
        for city in City.objects.order_by("name")[:2]:
            site = Site.objects.create(
                operator=operator, name=f"{city.name} Technopark Building {number}", city=city
            )
            site.segments.set([bpo])
            draft = declaration_save_draft(
                site=site, year=2024, quarter=1, lines={"BPO": (120, 80, 60)}, user=staff
            )
            declaration_submit(declaration=draft, user=staff)
    return official


def sideways_scroll(page) -> int:
    """How many pixels the page, or the list's own box (which the admin lets scroll on its
    own, hiding the last columns), scrolls sideways: 0 when both fit."""
    return page.evaluate(
        """() => Math.max(...[document.documentElement, document.querySelector('.results')]
            .map(box => box.scrollWidth - box.clientWidth))"""
    )


@pytest.mark.parametrize(
    "path",
    ["/en/admin/operators/declaration/", "/en/admin/operators/missing-declarations/"],
    ids=["review-queue", "missing-declarations"],
)
def test_official_lists_fit_1280_pixels_without_sideways_scroll(
    browser, live_site, busy_world, path, request
):
    context = browser.new_context(
        base_url=live_site.url, viewport={"width": WIDTH, "height": HEIGHT}
    )
    try:
        page = context.new_page()
        log_in(page, live_site, busy_world)
        page.goto(path)
        assert page.locator("#result_list tbody tr").count() > 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
        assert sideways_scroll(page) == 0
    finally:
        context.close()
