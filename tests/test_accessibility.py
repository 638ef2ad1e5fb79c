"""axe-core finds no WCAG violation on each kind of page, in the light and the dark palette."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_browser import OPEN_SOLUTIONS

# One page of each kind; every solution is opened on each. Tables are on the reference page.
PAGE_TYPES = {
    "home": "",
    "stage overview": "linear-algebra/",
    "lesson with exercises and solutions open": "linear-algebra/vectors/",
    "reference page": "start/notation/",
    "lab": "labs/cosine_similarity/",
}

SCROLL_THROUGH = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
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


# KaTeX writes each formula twice: MathML, which screen readers read and axe checks, and
# `.katex-html`, the drawing, hidden from them (aria-hidden). The drawing is most of a long
# page's elements and a sixth of axe's time on it. It is left out of axe's run once the page
# shows it can hide no problem: hidden from assistive technology, nothing focusable, and drawn
# in exactly the colour of the text around it, on no background of its own, so its contrast is
# that of the text beside it, which axe does check.
NOT_CHECKED = {"exclude": [[".katex-html"]]}
KATEX_DRAWING_PROBLEMS = """() => {
  const out = [];
  for (const html of document.querySelectorAll('.katex-html')) {
    const root = html.closest('.katex');
    const what = `formula "${(root.querySelector('annotation')?.textContent || '').slice(0, 40)}"`;
    if (html.getAttribute('aria-hidden') !== 'true') out.push(`${what} is not aria-hidden`);
    if (html.querySelector('a, button, input, select, textarea, [tabindex], [contenteditable]'))
      out.push(`${what} has something focusable in its drawing`);
    const colour = getComputedStyle(root.parentElement).color;
    for (const e of [html, ...html.querySelectorAll('*')]) {
      const s = getComputedStyle(e);
      if (s.color !== colour) { out.push(`${what} is drawn in ${s.color}, not ${colour}`); break; }
      if (s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.backgroundImage !== 'none') {
        out.push(`${what} has a background of its own`); break;
      }
    }
  }
  return out;
}"""


def axe_report(page, palette: str) -> list[str]:
    """axe-core's violations on the page as it is, in `palette` (checked first)."""
    scheme = {"light": "default", "dark": "slate"}[palette]
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(r)))")
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    violations = Axe().run(page, context=NOT_CHECKED).response["violations"]
    return [
        f"{palette}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
        for v in violations
    ] + [f"{palette}: {p}" for p in page.evaluate(KATEX_DRAWING_PROBLEMS)]


def test_a_formula_drawing_axe_cannot_vouch_for_is_reported(page):
    """The check that lets axe skip KaTeX's drawing bites: a drawing that is coloured, holds
    something focusable, is read by screen readers or has a background is named."""
    formula = (
        '<span class="katex"><span class="katex-mathml"><math><semantics><mi>x</mi>'
        '<annotation encoding="application/x-tex">{tex}</annotation></semantics></math></span>'
        '<span class="katex-html" {hidden}>{drawing}</span></span>'
    )
    hidden = 'aria-hidden="true"'
    page.set_content(
        '<p style="color: rgb(0, 0, 0)">'
        + formula.format(tex="ok", hidden=hidden, drawing="<span>x</span>")
        + formula.format(tex="red", hidden=hidden, drawing='<b style="color: red">x</b>')
        + formula.format(
            tex="link", hidden=hidden, drawing='<a href="#" style="color: inherit">x</a>'
        )
        + formula.format(tex="read", hidden="", drawing="<span>x</span>")
        + formula.format(tex="bg", hidden=hidden, drawing='<i style="background: #eee">x</i>')
        + "</p>"
    )
    assert page.evaluate(KATEX_DRAWING_PROBLEMS) == [
        'formula "red" is drawn in rgb(255, 0, 0), not rgb(0, 0, 0)',
        'formula "link" has something focusable in its drawing',
        'formula "read" is not aria-hidden',
        'formula "bg" has a background of its own',
    ]


def test_search_dialog_and_checklists_have_names(page):
    page.goto("linear-algebra/vectors/")
    assert page.get_attribute(".md-search", "aria-label") == "Search"
    boxes = page.locator(".task-list-item input[type=checkbox]")
    assert boxes.count() > 0
    assert all(box.get_attribute("aria-label") for box in boxes.all())
