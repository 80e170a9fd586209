"""axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA violation on any public page, the
account pages or the operator space, in each of the three languages.

The world is the founding data (four memoranda of 20 April 2022), with Cnexia's staff member
(nadia) declaring a site in Fès: 2022 Q3 validated, then reopened and corrected (so that the
pages list a correction), so that figures, progress and statuses are on the pages, and 2022
Q4 left as a draft.
"""

import pytest

from memoranda import founding_data
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = {"fr": "", "ar": "/ar", "en": "/en"}
SIGNING = founding_data.SIGNING["slug"]

PUBLIC_PAGES = {
    "home": "/",
    "commitments": "/commitments/",
    "commitments-filtered": "/commitments/?city=unallocated&segment=bpo&ordering=-jobs_committed",
    "commitments-invalid": "/commitments/?city=atlantis&status=sometime&page=x",
    "memorandum": "/memoranda/MDE-2022-CNEXIA/",
    "signing": f"/signings/{SIGNING}/",
    "operator": "/operators/cnexia/",
    "city": "/cities/fes/",
    "segment": "/segments/BPO/",
    "open-data": "/open-data/",
    "changes": "/changes/",
    "changes-invalid": "/changes/?city=atlantis&page=x",
    "not-found": "/operators/no-such-operator/",
    "login": "/accounts/login/",
    "password-reset": "/accounts/password_reset/",
}
NOT_OK = {"not-found": 404}
# {site} is the staff member's site.
SPACE_PAGES = {
    "space-calendar": "/space/",
    "space-declaration": "/space/sites/{site}/2022/q4/",
    "space-validated-declaration": "/space/sites/{site}/2022/q3/",
    "space-history": "/space/sites/{site}/2022/q3/history/",
    "space-commitments": "/space/commitments/",
    "space-open-quarters": "/space/sites/{site}/open/",
}

AXE_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
    .then(results => results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(" ")),
    })))"""


def assert_no_violations(page, axe_source: str) -> None:
    # evaluate, not a <script> tag: the site's Content-Security-Policy forbids inline scripts.
    page.evaluate(axe_source)
    violations = page.evaluate(AXE_RUN, WCAG_TAGS)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )
    assert not violations, f"axe-core found violations on {page.url}:\n{report}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_accessibility_violation(
    page, live_site, founding_world, axe_source, name, language
):
    response = page.goto(LANGUAGES[language] + PUBLIC_PAGES[name])
    assert response.status == NOT_OK.get(name, 200)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_violations(page, axe_source)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SPACE_PAGES)
def test_operator_space_page_has_no_accessibility_violation(
    page, live_site, founding_world, axe_source, name, language
):
    log_in(page, live_site, founding_world["staff"])
    path = SPACE_PAGES[name].format(site=founding_world["site"].pk)
    response = page.goto(LANGUAGES[language] + path)
    assert response.ok, response.status
    assert page.locator("html").get_attribute("lang") == language
    assert_no_violations(page, axe_source)


FOCUSED = """() => {
    const element = document.activeElement, style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        name: (element.innerText || element.name || element.id || "").trim().slice(0, 40),
        outline: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
    };
}"""


def test_keyboard_focus_is_visible_on_links_buttons_inputs_and_selects(page, world):
    page.goto("/en/commitments/?city=casablanca")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    assert {"a", "button", "input", "select"} <= {stop["tag"] for stop in stops}
    hidden = [stop for stop in stops if stop["outline"] == "none" or stop["width"] < 2]
    assert not hidden, f"focus is not visible on: {hidden}"
