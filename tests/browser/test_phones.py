"""Every public page, the account pages and the operator space work on a phone 390 px wide
(844 px high), in each of the three languages: the page never scrolls sideways, every link,
field and button lies inside the screen's width (or in a table that scrolls in its own box),
chart text measures 12 px or more, the declaration form's boxes and buttons are on screen, and
the commitments list shows the first commitment's figures on one screen.

The world is the founding data with Cnexia's site in Fès (founding_world, in conftest.py).
The downloads (CSV, JSON, data package) are files, not pages, and are left out.
"""

import pytest

from memoranda import founding_data
from operators.models import Declaration
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = {"fr": "", "ar": "/ar", "en": "/en"}
SIGNING = founding_data.SIGNING["slug"]

# Two commitments a page, so that the founding data's four make a page 2.
PER_PAGE = 2
PUBLIC_PAGES = {
    "/": 200,
    "/commitments/": 200,
    "/commitments/?city=unallocated&segment=bpo&status=no_data&ordering=-jobs_committed": 200,
    "/commitments/?page=2": 200,
    "/commitments/?city=atlantis&status=sometime&page=x": 200,
    "/commitments/?page=9": 200,
    "/memoranda/MDE-2022-CNEXIA/": 200,
    f"/signings/{SIGNING}/": 200,
    "/operators/cnexia/": 200,
    "/cities/fes/": 200,
    "/segments/BPO/": 200,
    "/open-data/": 200,
    "/operators/no-such-operator/": 404,
}
ACCOUNT_PAGES = {
    "/accounts/login/": 200,
    "/accounts/password_reset/": 200,
    "/accounts/password_reset/done/": 200,
    "/accounts/reset/MQ/no-such-token/": 200,
    "/accounts/reset/done/": 200,
}
# {site} is the staff member's site.
SPACE_PAGES = [
    "/space/",
    "/space/sites/{site}/2022/q4/",
    "/space/sites/{site}/2022/q3/",
    "/space/sites/{site}/2022/q3/history/",
    "/space/commitments/",
    "/space/sites/{site}/open/",
    "/space/upload/",
    "/accounts/password_change/",
    "/accounts/password_change/done/",
]

# Links, fields and buttons that stick out of the screen's width, unless inside a box that
# scrolls sideways (a wide table's), where scrolling that box reaches them.
OFF_SCREEN = """() => {
    const width = window.innerWidth, found = [];
    const scrolls = element => {
        for (let box = element.parentElement; box; box = box.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
        }
        return false;
    };
    for (const element of document.querySelectorAll("a, button, input, select, textarea")) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || element.type === "hidden") continue;
        if ((box.left < -0.5 || box.right > width + 0.5) && !scrolls(element)) {
            const name = (element.innerText || element.name || element.id).trim().slice(0, 40);
            found.push(`${element.tagName.toLowerCase()} "${name}" at ${box.left}-${box.right}`);
        }
    }
    return found;
}"""

# Each drawn text of the charts on screen, its size on screen: its font size times the scale
# at which its SVG is drawn (rendered width over viewBox width).
CHART_TEXT = """() => [...document.querySelectorAll("svg.chart")]
    .filter(svg => svg.getBoundingClientRect().width > 0)
    .map(svg => {
        const box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
        return {
            id: svg.getAttribute("aria-labelledby").split(" ")[0],
            texts: [...svg.querySelectorAll("text")].map(text => {
                const own = text.getBoundingClientRect();
                return {
                    text: text.textContent.trim(),
                    px: parseFloat(getComputedStyle(text).fontSize) * scale,
                    inside: own.left >= box.left - 1 && own.right <= box.right + 1,
                };
            }),
        };
    })"""


def sideways(page) -> dict:
    """What makes the page wider than the screen: its width, and the controls off screen."""
    page.wait_for_load_state()  # a link just clicked may still be loading its page
    found = page.evaluate(
        "() => ({width: document.documentElement.scrollWidth, screen: window.innerWidth})"
    )
    return {**found, "off_screen": page.evaluate(OFF_SCREEN)}


def visit_all(page, paths: dict, prefix: str) -> list[str]:
    problems = []
    for path, status in paths.items():
        response = page.goto(prefix + path)
        assert response.status == status, f"{prefix}{path}: {response.status}"
        found = sideways(page)
        if found["width"] > found["screen"] or found["off_screen"]:
            problems.append(f"{prefix}{path}: {found}")
    return problems


@pytest.fixture
def phone(new_page, settings):
    settings.COMMITMENTS_PER_PAGE = PER_PAGE
    page = new_page()
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_never_scroll_sideways_on_a_phone(phone, founding_world, language):
    problems = visit_all(phone, PUBLIC_PAGES, LANGUAGES[language])

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_pages_never_scroll_sideways_on_a_phone(phone, founding_world, language):
    problems = visit_all(phone, ACCOUNT_PAGES, LANGUAGES[language])

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_operator_space_never_scrolls_sideways_on_a_phone(
    phone, live_site, founding_world, language
):
    log_in(phone, live_site, founding_world["staff"])
    site = founding_world["site"].pk
    paths = {path.format(site=site): 200 for path in SPACE_PAGES}

    problems = visit_all(phone, paths, LANGUAGES[language])

    assert problems == [], "\n".join(problems)
    # The header's log-out button, off screen at 390 px before.
    log_out = phone.locator(".logout-form button")
    box = log_out.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def chart_text_problems(page) -> tuple[list[str], list[dict]]:
    drawn = page.evaluate(CHART_TEXT)
    problems = [
        f"{chart['id']}: “{text['text']}” {text['px']:.1f} px"
        + ("" if text["inside"] else ", cut off by the chart's edge")
        for chart in drawn
        for text in chart["texts"]
        if text["px"] < 12 or not text["inside"]
    ]
    return problems, drawn


@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_text_is_at_least_12_px_on_a_phone_and_on_a_desktop(phone, founding_world, language):
    for viewport in (PHONE, DESKTOP, {"width": 360, "height": 780}):
        phone.set_viewport_size(viewport)
        phone.goto(LANGUAGES[language] + "/")

        problems, drawn = chart_text_problems(phone)

        assert len(drawn) == 3, viewport  # one drawing of each chart on screen
        assert all(chart["texts"] for chart in drawn)
        assert problems == [], f"at {viewport['width']} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_declaration_form_fits_a_phone_and_saves(phone, live_site, founding_world, language):
    log_in(phone, live_site, founding_world["staff"])
    site = founding_world["site"]
    phone.goto(f"{LANGUAGES[language]}/space/sites/{site.pk}/2022/q4/")
    form = phone.locator("main form")
    controls = form.locator("input:not([type=hidden]), textarea, button")

    assert controls.count() == 3 + 2 + 2  # three figures, comment, explanation, two buttons
    # Measured where they stand, unscrolled: scrolling one into view would also scroll a box
    # that holds it sideways, and hide that it was out of sight.
    boxes = controls.evaluate_all(
        "controls => controls.map(c => [c.name, c.getBoundingClientRect().left, "
        "c.getBoundingClientRect().right])"
    )
    outside = [box for box in boxes if box[1] < 0 or box[2] > PHONE["width"]]
    assert outside == [], outside

    # The permanent and women boxes take what is typed, and the draft keeps it.
    numbers = form.locator("input[type=number]")
    numbers.nth(1).fill("280")
    numbers.nth(2).fill("190")
    form.locator("button[value=save]").click()
    phone.wait_for_load_state()
    line = Declaration.objects.get(site=site, year=2022, quarter=4).lines.get()
    assert (line.headcount, line.permanent, line.women) == (420, 280, 190)


FIRST_ROW = """() => {
    const row = document.querySelector("main table tbody tr");
    row.scrollIntoView({block: "start"});
    const rowBox = row.getBoundingClientRect();
    return [...row.children].map(cell => {
        const box = cell.getBoundingClientRect();
        return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                text: cell.innerText.trim(), rowTop: rowBox.top};
    });
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_shows_the_first_commitments_figures_on_one_phone_screen(
    phone, founding_world, language
):
    phone.goto(LANGUAGES[language] + "/commitments/?ordering=memorandum")
    cells = phone.evaluate(FIRST_ROW)

    # Memorandum, signed on, operator, city, region, segment, then the figures: jobs
    # committed, jobs created with its quarter, progress, status.
    assert len(cells) == 10
    assert cells[0]["text"].startswith("MDE-2022-CNEXIA")  # then "corrected" (its Q3 was)
    figures = cells[6:]
    assert "1" in figures[0]["text"] and "750" in figures[0]["text"]  # 1,750 jobs committed
    assert "400" in figures[1]["text"] and "2022" in figures[1]["text"]  # in Q3 2022, corrected
    for cell in cells:
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
        assert cell["bottom"] - cell["rowTop"] <= PHONE["height"], cell


def test_list_keeps_its_table_for_screen_readers_on_a_phone(phone, founding_world):
    phone.goto("/en/commitments/?ordering=memorandum")
    table = phone.get_by_role("table", name="Commitments 1 to 2 of 4")

    assert table.get_by_role("columnheader").count() == 10
    assert table.get_by_role("row").count() == 1 + PER_PAGE
    assert table.get_by_role("rowheader").count() == PER_PAGE
    # Each stacked cell shows its column's name, which is no part of its text nor of what a
    # screen reader reads for it (the column header names it).
    cell = table.get_by_role("cell").nth(5)
    label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label.startswith('"Jobs committed"'), label
    assert cell.inner_text().strip() == cell.text_content().strip() == "1,750"
    assert cell.evaluate("cell => cell.getBoundingClientRect().height") > 30  # label and figure


PICTURED = {
    "home": "/",
    "commitments": "/commitments/",
    "signing": f"/signings/{SIGNING}/",
    "operator": "/operators/cnexia/",
    "declaration": "/space/sites/{site}/2022/q4/",
    "calendar": "/space/",
}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_pages_pictured_at_390_and_1280_px(new_page, live_site, founding_world, language):
    """Keeps a picture of each page at both widths in test-artifacts/phones/, to look at, and
    checks that the desktop width never scrolls sideways either."""
    page = new_page()
    log_in(page, live_site, founding_world["staff"])
    folder = ARTIFACTS / "phones"
    folder.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        for name, path in PICTURED.items():
            page.goto(LANGUAGES[language] + path.format(site=founding_world["site"].pk))
            found = sideways(page)
            assert found["width"] <= found["screen"] and not found["off_screen"], (path, found)
            picture = folder / f"{name}-{language}-{viewport['width']}.png"
            page.screenshot(path=picture, full_page=True)


AXE_RUN = """() => axe.run(document, {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    .then(results => results.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`))"""
STACKED = {
    "home": "/",
    "commitments": "/commitments/",
    "memorandum": "/memoranda/MDE-2022-CNEXIA/",
    "declaration": "/space/sites/{site}/2022/q4/",
    "upload": "/space/upload/",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_layout_has_no_accessibility_violation(
    phone, live_site, founding_world, axe_source, language
):
    """axe-core's WCAG A and AA checks on the phone layout: stacked cards, narrow charts."""
    log_in(phone, live_site, founding_world["staff"])
    for path in STACKED.values():
        phone.goto(LANGUAGES[language] + path.format(site=founding_world["site"].pk))
        phone.evaluate(axe_source)  # not a <script> tag: the CSP forbids inline scripts

        assert phone.evaluate(AXE_RUN) == [], phone.url
