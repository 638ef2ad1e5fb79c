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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_axe_violations(new_context, kind, scheme):
    page = new_context(color_scheme=scheme).new_page()
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
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(r)))")
    violations = Axe().run(page).response["violations"]
    report = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}" for v in violations
    ]
    assert not report, "\n".join(report)


def test_search_dialog_and_checklists_have_names(page):
    page.goto("linear-algebra/vectors/")
    assert page.get_attribute(".md-search", "aria-label") == "Search"
    boxes = page.locator(".task-list-item input[type=checkbox]")
    assert boxes.count() > 0
    assert all(box.get_attribute("aria-label") for box in boxes.all())
