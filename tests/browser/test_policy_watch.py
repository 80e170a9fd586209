"""The watch every browser test keeps on its pages catches what it is there to catch: an
inline script the Content Security Policy blocks, and a request outside the portal."""

import pytest

from tests.browser.conftest import watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INJECT = """() => {
    const script = document.createElement("script");
    script.textContent = "document.title = 'injected'";
    document.body.appendChild(script);
    const image = document.createElement("img");
    image.src = "http://elsewhere.invalid/pixel.gif";
    document.body.appendChild(image);
}"""


def test_the_watch_reports_a_blocked_inline_script_and_an_outside_request(browser, live_site):
    context = browser.new_context(base_url=live_site.url)
    page = context.new_page()
    problems: list[str] = []
    watch(page, live_site.url, problems)
    page.goto("/en/")

    blocked = lambda message: "Content Security Policy" in message.text  # noqa: E731
    with page.expect_console_message(blocked), page.expect_request("**/pixel.gif"):
        page.evaluate(INJECT)
    title = page.title()
    context.close()

    assert title != "injected"  # the policy kept the inline script from running
    assert any("inline script" in problem for problem in problems), problems
    assert "request to http://elsewhere.invalid/pixel.gif" in problems
