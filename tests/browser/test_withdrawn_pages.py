"""Withdrawn records read on a phone (390 px wide) and in Arabic, right to left: the mark is
shown, the page does not scroll sideways (tables scroll in their own box), and axe-core finds
no WCAG A or AA violation."""

import datetime

import pytest

from memoranda.models import Memorandum
from memoranda.services import founding_data_load
from memoranda.withdrawals import memorandum_withdraw
from operators.models import City, Operator, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
    .then(r => r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" "))))"""


@pytest.fixture
def withdrawn_world(django_user_model):
    founding_data_load()
    cnexia = Operator.objects.get(slug="cnexia")
    Site.objects.create(operator=cnexia, name="Fès Shore", city=City.objects.get(slug="fes"))
    official = django_user_model.objects.create_user(username="amina", is_staff=True)
    memorandum_withdraw(
        memorandum=Memorandum.objects.get(reference="MDE-2022-CNEXIA"),
        reason="Recorded twice by mistake; the memorandum of record is another one",
        on=datetime.date(2025, 6, 30),
        user=official,
    )


@pytest.mark.parametrize("language", ["/ar", "/en", ""])
@pytest.mark.parametrize("path", ["/memoranda/MDE-2022-CNEXIA/", "/operators/cnexia/"])
def test_a_withdrawn_page_reads_at_390_px_in_every_language(
    page, live_site, withdrawn_world, axe_source, language, path
):
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(language + path)

    assert response.status == 200
    # The memorandum's page opens with the notice; the operator's marks its memorandum's row.
    mark = page.locator(".withdrawn-notice" if "memoranda" in path else "main .withdrawn").first
    assert mark.is_visible()
    assert "Recorded twice by mistake" in mark.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if "memoranda" in path:
        box = mark.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    if language == "/ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    page.evaluate(axe_source)
    assert page.evaluate(AXE_RUN, WCAG_TAGS) == []
