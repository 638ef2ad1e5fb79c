"""The phone layout's controls: formulas fitted after instant navigation, the scroll cue as a
block scrolls, the navigation drawer and the keyboard, axe-core on a phone, copy buttons that
leave code readable. Real Chromium on the built site; tests/test_phone.py checks every page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_accessibility import KATEX_DRAWING_PROBLEMS, NOT_CHECKED
from test_browser import OPEN_SOLUTIONS
from test_phone import (
    MISFITS,
    PHONES,
    PROBE_CSS,
    SCROLL_TO_FORMULAS,
    edge_cues,
    look_at_wide_blocks,
    phone,
    screenshot,
)

SMALLER_FORMULAS = """() => [...document.querySelectorAll('article .katex-display > .katex')]
  .filter(k => parseFloat(getComputedStyle(k).fontSize)
               < 1.21 * parseFloat(getComputedStyle(k.parentElement).fontSize) - 0.1).length"""


def test_formulas_fit_after_instant_navigation(new_context):
    """Material's instant navigation swaps the article in without loading a page: the formulas
    of the new one are fitted too (course.js listens to Material's document$)."""
    page = phone(new_context, 390)
    page.goto("linear-algebra/vectors/", wait_until="networkidle")  # Material has the sitemap
    page.evaluate("window.sameDocument = true")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function("location.pathname.endsWith('/dot-product/')")
    page.wait_for_function("document.querySelector('article h1').textContent.includes('dot')")
    assert page.evaluate("window.sameDocument === true"), "expected an instant navigation"
    page.evaluate(SCROLL_TO_FORMULAS)
    assert page.evaluate(MISFITS) == []
    assert page.evaluate(SMALLER_FORMULAS) > 0, "no formula on the new page was set smaller"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("url", "kinds"),
    [("calculus/chain-rule/", {"formula", "code"}), ("start/notation/", {"table", "code"})],
)
def test_scroll_cue_follows_the_scroll_position(new_context, url, kinds, scheme):
    """The cue is on the side where more is hidden: right at the start, left at the end. A
    block that fits shows none. Both palettes."""
    page = phone(new_context, 390, color_scheme=scheme)
    page.goto(url)
    page.evaluate(OPEN_SOLUTIONS)
    page.evaluate(SCROLL_TO_FORMULAS)
    page.add_style_tag(content=PROBE_CSS)
    at_start = look_at_wide_blocks(page)
    at_end = look_at_wide_blocks(page, scroll_to_end=True)
    assert kinds <= {what.split()[0] for what, _, _ in at_start}
    for (what, _, start), (_, _, end) in zip(at_start, at_end, strict=True):
        assert start == (False, True), f"{what} at its start: cue (left, right) = {start}"
        assert end == (True, False), f"{what} at its end: cue (left, right) = {end}"
    # A formula and a code block that fit: no cue on either side.
    for selector in ("article .katex-display", "article pre > code"):
        box = page.evaluate(
            """sel => { const e = [...document.querySelectorAll(sel)]
                          .find(e => e.scrollWidth <= e.clientWidth && e.offsetHeight > 20);
                        if (!e) return null;
                        e.scrollIntoView({block: 'center'});
                        const r = e.getBoundingClientRect();
                        return [r.left + e.clientLeft, r.top + e.clientTop,
                                r.left + e.clientLeft + e.clientWidth,
                                r.top + e.clientTop + e.clientHeight]; }""",
            selector,
        )
        if box:
            assert edge_cues(screenshot(page), box, 60, PHONES[390]) == (False, False), selector


# --- Item 12: the closed navigation drawer takes no focus ---------------------------------------

DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  return {
    what: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.getAttribute('href')}`,
    drawer: !!e.closest('.md-sidebar--primary'),
    article: !!e.closest('article'),
    onScreen: e.getBoundingClientRect().right > 0 && e.getBoundingClientRect().left < innerWidth,
  };
}"""

# How many of the drawer's links take focus when asked to.
FOCUSABLE_DRAWER_LINKS = """() => {
  const links = [...document.querySelectorAll('.md-sidebar--primary a')];
  const ok = links.filter(a => { a.focus(); return document.activeElement === a; });
  document.activeElement.blur();
  return [ok.length, links.length];
}"""


MENU = "label.md-header__button[for='__drawer']"


@pytest.mark.parametrize("width", PHONES)
def test_tab_skips_the_closed_drawer_and_reaches_it_once_opened(new_context, width):
    page = phone(new_context, width)
    page.goto("calculus/chain-rule/")
    path = []
    for _ in range(8):
        page.keyboard.press("Tab")
        path.append(page.evaluate(DESCRIBE_FOCUS))
        if path[-1]["article"]:
            break
    walk = "\n".join(p["what"] for p in path)
    assert not any(p["drawer"] for p in path), f"Tab went into the closed drawer:\n{walk}"
    assert path[-1]["article"], f"no link in the article within 8 Tab presses:\n{walk}"
    assert page.evaluate(FOCUSABLE_DRAWER_LINKS)[0] == 0, "the closed drawer's links take focus"

    # The keyboard opens it with the menu button, and Tab goes on into it, on screen; Escape
    # closes it and goes back to the button.
    page.locator(MENU).focus()
    assert page.evaluate(f"document.activeElement === document.querySelector({MENU!r})")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the drawer slides in in 0.25 s
    assert page.evaluate("document.getElementById('__drawer').checked")
    for _ in range(8):
        page.keyboard.press("Tab")
        now = page.evaluate(DESCRIBE_FOCUS)
        if now["drawer"]:
            assert now["onScreen"], now
            break
    else:
        raise AssertionError("Tab never reaches the open drawer")
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(f"document.activeElement === document.querySelector({MENU!r})")
    assert page.evaluate(FOCUSABLE_DRAWER_LINKS)[0] == 0, "the drawer takes focus once closed"
    page.locator(MENU).focus()
    page.keyboard.press("Space")  # a button's other key
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)

    # A tap on the menu button opens it too, its links take focus; a tap beside it (the
    # overlay) closes it, and they give up focus again.
    page.locator(MENU).tap()
    page.wait_for_timeout(400)
    focusable, links = page.evaluate(FOCUSABLE_DRAWER_LINKS)
    assert focusable >= 10, f"only {focusable} of the open drawer's {links} links take focus"
    page.locator("label.md-overlay").tap(position={"x": width - 5, "y": 300})
    page.wait_for_timeout(400)
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUSABLE_DRAWER_LINKS)[0] == 0


# axe reads the whole page whatever part it checks, and its time grows with the page: the
# light palette on a lesson with formulas, code, exercises and solutions, as
# tests/test_accessibility.py's (4.5 s alone; calculus/chain-rule/, two and a half times as
# long, took 9.3 s alone and 17 s in the suite); the dark palette on a stage page.
@pytest.mark.parametrize(
    ("scheme", "url"), [("light", "linear-algebra/vectors/"), ("dark", "calculus/")]
)
def test_no_axe_violations_on_a_phone_drawer_closed_and_open(new_context, scheme, url):
    """axe-core at 390 px (tests/test_accessibility.py checks the desktop layout), with the menu
    button course.js makes focusable and the drawer open. One rule is left out: on a touch
    screen Material leaves a wide code block out of the Tab order on purpose (it gives it
    tabindex only where the device can hover), and no table wrapper ever gets one. In the dark
    palette only the phone's own parts are checked, the header and the drawer: the article's
    colours are the desktop's, which tests/test_accessibility.py checks in both palettes."""
    options = {
        "resultTypes": ["violations"],
        "rules": {"scrollable-region-focusable": {"enabled": False}},
    }
    page = phone(new_context, 390, color_scheme=scheme)
    page.goto(url)
    page.evaluate(SCROLL_TO_FORMULAS)
    # Blocks skipped off screen leave axe no colours to check (as in test_accessibility.py).
    page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important; }")
    # The whole page with the drawer closed; then the header and the open drawer.
    # KaTeX's drawing is left out once the page shows it hides nothing (test_accessibility.py).
    for drawer, context in (
        ("closed", NOT_CHECKED if scheme == "light" else {"include": [[".md-header"]]}),
        ("open", {"include": [[".md-header"], [".md-sidebar--primary"]]}),
    ):
        if drawer == "open":
            page.locator(MENU).click()
            page.wait_for_timeout(400)
        found = Axe().run(page, context=context, options=options).response["violations"]
        report = [f"{v['id']}: {v['nodes'][0]['target']} {v['help']}" for v in found]
        if context is NOT_CHECKED:
            report += page.evaluate(KATEX_DRAWING_PROBLEMS)
        assert not report, f"drawer {drawer}:\n" + "\n".join(report)


def test_desktop_keeps_its_sidebar(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("calculus/chain-rule/")
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.is_visible()
    focusable, links = page.evaluate(FOCUSABLE_DRAWER_LINKS)
    assert focusable >= 10, f"only {focusable} of the sidebar's {links} links take focus"
    link = page.locator(".md-sidebar--primary a.md-nav__link[href$='/chain-rule/']").first
    assert link.is_visible()


# --- Item 13: the copy button does not cover the first line of code -----------------------------

# Material sets up each code block's buttons when it first scrolls into view (content.lazy):
# scroll to every block, then compare each block's button bar with its first line of text.
COVERED_FIRST_LINES = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const out = [];
  let checked = 0;
  for (const pre of document.querySelectorAll('article pre')) {
    const code = pre.querySelector(':scope > code');
    if (!code) continue;
    pre.scrollIntoView({block: 'center'});
    // Under load Material may take a while: wait up to 5 s of frames, not a fixed count.
    const until = performance.now() + 5000;
    while (!pre.querySelector('.md-code__nav') && performance.now() < until) {
      await frame();
      // Blocks above that are drawn only now (content-visibility) can push it off screen again.
      const r = pre.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) pre.scrollIntoView({block: 'center'});
    }
    const nav = pre.querySelector('.md-code__nav');
    if (!nav) { out.push(`no buttons on "${code.textContent.slice(0, 40)}"`); continue; }
    checked++;
    const range = document.createRange(), rects = [];
    const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      if (!n.data.trim()) continue;
      range.selectNodeContents(n);
      rects.push(...range.getClientRects());
      if (rects.length && rects[rects.length - 1].top > rects[0].bottom) break;
    }
    const first = rects.filter(r => r.top < rects[0].bottom - 1 && r.width > 0);
    const b = nav.getBoundingClientRect();
    const over = r => r.right > b.left && r.left < b.right && r.bottom > b.top && r.top < b.bottom;
    if (first.some(over))
      out.push(`"${code.textContent.split('\\n')[0].slice(0, 60)}"`);
  }
  return [checked, out];
}"""


# On a phone course.css keeps a row above every code block's first line for its buttons, so one
# lab (mkdocs-jupyter's cells) and one lesson (Material's blocks, in admonitions, tabs and
# lists too) cover both kinds of markup; the longest lab has the most blocks.
LAB_AND_LESSON = ["labs/neural_network/", "calculus/chain-rule/"]


@pytest.mark.parametrize("url", LAB_AND_LESSON)
def test_copy_button_leaves_the_first_line_of_code_readable(new_context, url):
    page = phone(new_context, 390)
    page.goto(url)
    page.evaluate(OPEN_SOLUTIONS)
    checked, covered = page.evaluate(COVERED_FIRST_LINES)
    assert checked > 0
    assert not covered, f"{url}: the copy button covers the first line of:\n" + "\n".join(covered)
