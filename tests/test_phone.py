"""Phone readers: wide blocks fit or show that they scroll, the closed drawer takes no focus, and
copy buttons do not cover code. Real Chromium on the built site, as in tests/test_browser.py."""

import io

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from test_browser import OPEN_SOLUTIONS, URLS, rendering_problems, watch

# Two common phone widths: 390 px (recent iPhones) and 360 px (many Android phones).
PHONES = {390: 844, 360: 740}


def phone(new_context, width, **options):
    return new_context(
        viewport={"width": width, "height": PHONES[width]},
        device_scale_factor=1,  # screenshots in CSS pixels: the checks below sample them
        is_mobile=True,
        has_touch=True,
        **options,
    ).new_page()


# --- Item 11: wide formulas, tables and code show that they scroll ------------------------------

# Render every block (off-screen ones skip rendering until a reader scrolls near them, which is
# what scrolling to each one here does anyway); no scrollbars, as on a phone at rest (they only
# flash while a finger scrolls, so they are no cue); open every solution; and make all text and
# the code blocks' buttons invisible, so that what is left at a block's edges is what the block
# paints there besides its content: a scroll cue, if there is one. Backgrounds and borders
# stay, so a cue hidden under a table's or a code line's background does not count.
PROBE_CSS = """
.md-typeset > *, .jp-Cell { content-visibility: visible !important; }
* { scrollbar-width: none !important; }
article, article * {
  color: transparent !important; -webkit-text-fill-color: transparent !important;
  text-shadow: none !important; caret-color: transparent !important;
}
.md-code__nav, .md-clipboard, .md-top { visibility: hidden !important; }
"""

# Each formula, table and code block on the page whose content runs past the edge of the box
# that scrolls it sideways -- the block itself, its <code> (Material's code blocks) or an
# ancestor inside the article (Material's table wrapper) -- with that box scrolled to its start.
# What counts is text (and KaTeX's drawn parts) a reader cannot see: a block that only overflows
# by some of its end padding hides nothing. Kept in window.mfmlWide, in page order.
FIND_WIDE = """(code) => {
  const article = document.querySelector('article');
  const blocks = [
    ...[...article.querySelectorAll('.katex-display')].map(e => ['formula', e]),
    ...[...article.querySelectorAll('table')].map(e => ['table', e]),
    ...(code ? [...article.querySelectorAll('pre')].map(e => ['code', e]) : []),
  ];
  const range = document.createRange();
  const contentRight = s => {
    let right = -Infinity;
    const walk = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      if (!n.data.trim()) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) right = Math.max(right, r.right);
    }
    for (const e of s.querySelectorAll('svg, img, .frac-line'))
      right = Math.max(right, e.getBoundingClientRect().right);
    return right;
  };
  // Every formula and table is looked at. Code blocks all share one style, and a page has
  // dozens of wide ones, so only the first in each kind of container (the page itself, an
  // admonition or solution, a tab, a list, a lab cell) is: one screenshot per kind, not per block.
  const kinds = new Set();
  const container = b => {
    const c = b.closest('.admonition, details, .tabbed-block, li, .jp-Cell');
    return c ? c.tagName + '.' + [...c.classList].sort().join('.') : 'page';
  };
  const seen = new Set(), wide = [];
  for (const [kind, block] of blocks) {
    if (kind === 'code' && kinds.has(container(block))) continue;
    const candidates = [block.querySelector(':scope > code'), block];
    for (let e = block.parentElement; e && e !== article; e = e.parentElement) candidates.push(e);
    const s = candidates.find(e => e && getComputedStyle(e).overflowX !== 'visible'
                                  && e.scrollWidth > e.clientWidth + 1);
    if (!s || seen.has(s) || !s.checkVisibility()) continue;  // not in a closed solution or tab
    seen.add(s);
    s.scrollLeft = 0;
    const edge = s.getBoundingClientRect().left + s.clientLeft + s.clientWidth;
    const hidden = contentRight(s) - edge;
    if (hidden <= 1) continue;
    if (kind === 'code') kinds.add(container(block));
    const text = block.querySelector('annotation')?.textContent || block.textContent;
    wide.push({kind, s, what: `${kind} "${text.trim().replace(/\\s+/g, ' ').slice(0, 50)}"`
                              + ` (${Math.round(hidden)} px hidden)`,
               clipped: ['hidden', 'clip'].includes(getComputedStyle(s).overflowX)});
  }
  window.mfmlWide = wide;
  return wide.map(w => [w.what, w.clipped]);
}"""

# Where each wide block's padding box is now, in viewport pixels, and the strip of the viewport
# below the sticky header in which blocks are fully painted.
WHERE = """() => ({
  top: document.querySelector('.md-header').getBoundingClientRect().bottom,
  bottom: innerHeight,
  boxes: mfmlWide.map(({s}) => {
    const r = s.getBoundingClientRect(), left = r.left + s.clientLeft, top = r.top + s.clientTop;
    return [left, top, left + s.clientWidth, top + s.clientHeight];
  }),
})"""

# Anything on the page wider than the screen that no scrolling box inside the page contains.
SIDEWAYS = """() => {
  if (document.documentElement.scrollWidth <= innerWidth) return [];
  const out = [], clips = e => getComputedStyle(e).overflowX !== 'visible';
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= innerWidth + 0.5) continue;
    let a = e.parentElement;
    while (a && a !== document.body && !clips(a)) a = a.parentElement;
    if (a !== document.body) continue;  // inside a box that scrolls or clips: not the page's
    const p = e.parentElement;
    if (p.getBoundingClientRect().right > innerWidth + 0.5) continue;  // report the outermost
    out.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ends at ${r.right}px`);
  }
  return out;
}"""


def screenshot(page):
    png = page.screenshot(animations="disabled", caret="hide")
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), float)


def edge_cues(image, box, top, bottom):
    """(left, right): whether the block paints something at that edge that it does not paint
    just inside it -- a shadow or fade -- on most of its visible rows. None if too little shows.

    Samples the column 2 px inside each edge of the padding box against the column 20 px in.
    """
    left, t, right, b = box
    rows = np.arange(int(max(t, top)) + 3, int(min(b, bottom, image.shape[0])) - 3)
    if len(rows) < 6:
        return None

    def cue(edge, inside):
        if not (0 <= edge < image.shape[1] and 0 <= inside < image.shape[1]):
            return False
        diff = np.abs(image[rows, edge] - image[rows, inside]).max(axis=1)
        return bool((diff >= 8).mean() >= 0.6)

    return cue(int(left) + 1, int(left) + 20), cue(int(right) - 3, int(right) - 21)


def look_at_wide_blocks(page, scroll_to_end=False, code=True):
    """For each block with content past its edge (FIND_WIDE): (label, clipped, (left cue, right
    cue)), each looked at where a reader sees it whole (or its first screenful), scrolled to its
    start or to its end. A block not showing the cue expected there (right at the start, left
    at the end) is looked at once more, alone, a moment later, if only a few on the page are
    odd: on a busy machine a screenshot now and then caught a lab page setting itself up."""
    found = page.evaluate(FIND_WIDE, code)
    page.evaluate(
        "end => mfmlWide.forEach(({s}) => { s.scrollLeft = end ? s.scrollWidth : 0; })",
        scroll_to_end,
    )
    expected = (True, False) if scroll_to_end else (False, True)
    cues = look(page, range(len(found)))
    odd = [i for i, cue in cues.items() if cue != expected]
    for i in odd if len(odd) <= 3 else []:  # more is no glitch
        page.wait_for_timeout(200)
        cues[i] = look(page, [i])[i]
    return [(what, clipped, cues[i]) for i, (what, clipped) in enumerate(found)]


def look(page, todo):
    """{i: (left cue, right cue)} for the blocks of window.mfmlWide numbered in todo."""
    cues = {}
    while missing := [i for i in todo if i not in cues]:
        i = missing[0]
        # The next block not seen yet goes just below the header, then one screenshot serves it
        # and every other block on screen whole or for 60 px or more.
        page.evaluate(
            """i => { const r = mfmlWide[i].s.getBoundingClientRect();
                      scrollBy(0, r.top - document.querySelector('.md-header')
                                  .getBoundingClientRect().bottom - 8); }""",
            i,
        )
        # Taken again until nothing moved while it was taken (a lab's plot loading, say).
        where, image, after = page.evaluate(WHERE), screenshot(page), None
        for _ in range(5):
            if where == (after := page.evaluate(WHERE)):
                break
            where, image = after, screenshot(page)
        for j in missing:
            box = where["boxes"][j]
            shown = min(box[3], where["bottom"]) - max(box[1], where["top"])
            if shown >= min(box[3] - box[1], 60) or j == i:
                cues[j] = edge_cues(image, box, where["top"], where["bottom"]) or (False, False)
    return cues


# Scroll to each display formula as a reader does: course.js measures each one as it comes near
# the screen.
SCROLL_TO_FORMULAS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (const d of document.querySelectorAll('article .katex-display')) {
    if (d.style.getPropertyValue('--mfml-em')) continue;  // measured already: it came near
    const r = d.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) {
      d.scrollIntoView({block: 'center'});
      await frame();
    }
  }
  await frame();
  scrollTo(0, 0);
}"""

# Display formulas that could fit their column at 80% of KaTeX's size (or more) but scroll, and
# formulas made smaller that scroll all the same. Measured here, not read from course.js.
MISFITS = """() => [...document.querySelectorAll('article .katex-display')]
  .filter(d => d.offsetWidth > 0 && !d.closest('td, th'))
  .flatMap(d => {
    const html = d.querySelector('.katex-html'), range = document.createRange();
    range.selectNodeContents(html);
    const size = parseFloat(getComputedStyle(html).fontSize);
    const full = 1.21 * parseFloat(getComputedStyle(d).fontSize);
    const ems = range.getBoundingClientRect().width / size;  // the width it needs, in its ems
    const cs = getComputedStyle(d);
    const room = d.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const scrolls = d.scrollWidth > d.clientWidth + 1;
    const what = `formula "${d.querySelector('annotation').textContent.slice(0, 50)}"`;
    if (scrolls && ems * 0.8 * full <= room - 4)  // course.css keeps 4px for glyph overhang
      return [`${what} would fit at ${Math.ceil(100 * room / (ems * full))}% but scrolls`];
    if (scrolls && size < full - 0.1)
      return [`${what} is set at ${Math.round(100 * size / full)}% and still scrolls`];
    return [];
  })"""


# The pages in a few interleaved shares, so that the workers share the sweep out.
SHARES = 6


@pytest.mark.parametrize("share", range(SHARES))
def test_every_page_on_a_phone(new_context, base_url, share):
    """Every page on both phones: nothing off-site, no error, all math typeset, alt text on
    every image, no sideways scroll (test_browser's page checks). And a formula a little too
    wide is set smaller to fit; a formula, table or code block whose content still runs past
    the edge scrolls inside itself and shows it: something (a shadow, a fade) at the edge where
    there is more to see, and nothing at the edge where there is not. Each page is loaded once,
    on the wider phone, then the phone is narrowed, as a reader turning it would: the sizes
    follow the width by CSS alone (course.css), with no script to run again. Code blocks all
    share one style, so their cues are looked at on the wider phone only."""
    page = phone(new_context, max(PHONES))
    problems = watch(page, base_url)
    offenders = []
    counts = {width: {"formula": 0, "table": 0, "code": 0} for width in PHONES}
    for url in URLS[share::SHARES]:
        page.set_viewport_size({"width": max(PHONES), "height": PHONES[max(PHONES)]})
        page.goto(url)
        page.evaluate(OPEN_SOLUTIONS)
        for width in sorted(PHONES, reverse=True):
            first = width == max(PHONES)
            page.set_viewport_size({"width": width, "height": PHONES[width]})
            at = f"{url} at {width}px"
            # What the page shows does not change with the width, only how it is laid out.
            found = rendering_problems(page, url, width, content=first)
            offenders += [f"{p} at {width}px" for p in found]
            if first:  # course.js measures each formula once, in ems: narrowing needs no more
                page.evaluate(SCROLL_TO_FORMULAS)
            offenders += [f"{at}: {e}" for e in page.evaluate(MISFITS)]
            if first:  # it stays for the narrower phone: the page is not loaded again
                page.add_style_tag(content=PROBE_CSS)
            for e in page.evaluate(SIDEWAYS):
                offenders.append(f"{at}: page scrolls sideways: {e}")
            # Code blocks share one style whatever the width: their cues are looked at once.
            for what, clipped, (left, right) in look_at_wide_blocks(page, code=first):
                counts[width][what.split()[0]] += 1
                if clipped:
                    offenders.append(f"{at}: {what} is cut off (overflow hidden)")
                elif not right:
                    offenders.append(f"{at}: {what} scrolls with no cue at its right edge")
                elif left:
                    offenders.append(f"{at}: {what} shows a cue on the left with nothing there")
    print(f"blocks with content past the edge: {counts}; offenders: {len(offenders)}")
    assert not offenders, f"{len(offenders)} offenders:\n" + "\n".join(offenders)
    assert not problems, problems


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_a_phone_drawer_closed_and_open(new_context, scheme):
    """axe-core at 390 px (tests/test_accessibility.py checks the desktop layout), with the menu
    button course.js makes focusable and the drawer open. One rule is left out: on a touch
    screen Material leaves a wide code block out of the Tab order on purpose (it gives it
    tabindex only where the device can hover), and no table wrapper ever gets one."""
    options = {
        "resultTypes": ["violations"],
        "rules": {"scrollable-region-focusable": {"enabled": False}},
    }
    page = phone(new_context, 390, color_scheme=scheme)
    page.goto("calculus/chain-rule/")
    page.evaluate(SCROLL_TO_FORMULAS)
    # Blocks skipped off screen leave axe no colours to check (as in test_accessibility.py).
    page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important; }")
    # The whole page with the drawer closed; then the header and the open drawer.
    for drawer, context in (
        ("closed", None),
        ("open", {"include": [[".md-header"], [".md-sidebar--primary"]]}),
    ):
        if drawer == "open":
            page.locator(MENU).click()
            page.wait_for_timeout(400)
        found = Axe().run(page, context=context, options=options).response["violations"]
        report = [f"{v['id']}: {v['nodes'][0]['target']} {v['help']}" for v in found]
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


LABS_AND_A_LESSON = [u for u in URLS if u.startswith("labs/")] + ["calculus/chain-rule/"]


@pytest.mark.parametrize("url", LABS_AND_A_LESSON)
def test_copy_button_leaves_the_first_line_of_code_readable(new_context, url):
    page = phone(new_context, 390)
    page.goto(url)
    page.evaluate(OPEN_SOLUTIONS)
    checked, covered = page.evaluate(COVERED_FIRST_LINES)
    assert checked > 0
    assert not covered, f"{url}: the copy button covers the first line of:\n" + "\n".join(covered)
