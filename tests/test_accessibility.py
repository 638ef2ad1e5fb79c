"""axe-core finds no WCAG violation on each kind of page, in the light and the dark palette."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_browser import OPEN_SOLUTIONS

PAGE_TYPES = {
    "home": "",
    "stage overview": "linear-algebra/",
    "lesson": "linear-algebra/dot-product/",
    "lesson with exercises and solutions open": "linear-algebra/vectors/",
    "reference page": "start/notation/",
    "lab": "labs/cosine_similarity/",
}

SCROLL_THROUGH = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, 0);
  await frame();
}"""


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_axe_violations(new_context, kind):
    """In the light palette, then in the dark one, switched by the reader's toggle on the same
    loaded page (so the page is loaded and scrolled through once, and axe runs twice)."""
    page = new_context(color_scheme="light").new_page()
    page.goto(PAGE_TYPES[kind])
    page.evaluate(OPEN_SOLUTIONS)
    # Material sets up a code block (copy button, keyboard access when it scrolls) as it comes
    # into view (content.lazy): scroll through the page as a reader does before checking.
    page.evaluate(SCROLL_THROUGH)
    # Off-screen blocks skip rendering (content-visibility: auto), which leaves axe no layout
    # to measure contrast on; render everything, as it is once a reader scrolls to it.
    page.add_style_tag(
        content=".md-typeset > *, .jp-Cell { content-visibility: visible !important; }"
    )
    report = axe_report(page, "light")
    # The reader's dark-mode toggle, clicked from script: a mouse left hovering over it shows
    # its tooltip, which axe caught half faded in.
    page.evaluate("document.querySelector(\"label[for='__palette_1']\").click()")
    report += axe_report(page, "dark")
    assert not report, "\n".join(report)


def axe_report(page, palette: str) -> list[str]:
    """axe-core's violations on the page as it is, in `palette` (checked first)."""
    scheme = {"light": "default", "dark": "slate"}[palette]
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(r)))")
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    violations = Axe().run(page).response["violations"]
    return [
        f"{palette}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
        for v in violations
    ]


def test_search_dialog_and_checklists_have_names(page):
    page.goto("linear-algebra/vectors/")
    assert page.get_attribute(".md-search", "aria-label") == "Search"
    boxes = page.locator(".task-list-item input[type=checkbox]")
    assert boxes.count() > 0
    assert all(box.get_attribute("aria-label") for box in boxes.all())
