"""Every page on a phone: wide blocks fit or show that they scroll. Real Chromium on the built
site, as in tests/test_browser.py; tests/test_phone_controls.py drives the phone layout's
controls (the drawer, copy buttons, the scroll cue as it moves) with the helpers below.

The sweep has a file of its own because pytest-xdist hands out whole files (`--dist
loadfile`): the phone's other tests go to whichever worker is free."""

import io

import numpy as np
import pytest
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
# stay, so a cue hidden under a table's or a code line's background does not count. Nothing
# moves or blinks, so screenshots need no options that restyle the page for each one (they
# cost a sixth of the screenshots' time).
PROBE_CSS = """
.md-typeset > *, .jp-Cell { content-visibility: visible !important; }
* {
  scrollbar-width: none !important; caret-color: transparent !important;
  transition: none !important; animation: none !important;
}
article, article * {
  color: transparent !important; -webkit-text-fill-color: transparent !important;
  text-shadow: none !important;
}
.md-code__nav, .md-clipboard, .md-top { visibility: hidden !important; }
"""

# Each formula, table and code block on the page whose content runs past the edge of the box
# that scrolls it sideways -- the block itself, its <code> (Material's code blocks) or an
# ancestor inside the article (Material's table wrapper) -- with that box scrolled to its start.
# What counts is text (and KaTeX's drawn parts) a reader cannot see: a block that only overflows
# by some of its end padding hides nothing. Kept in window.mfmlWide, in page order. With `fresh`,
# only blocks not looked at before on this page (window.mfmlLooked): the sweep looks again on
# the narrower phone only at blocks that start to overflow there, since one that overflowed on
# the wider phone overflows on the narrower one too, and its cues are drawn by the same CSS.
FIND_WIDE = """([code, fresh]) => {
  window.mfmlLooked = window.mfmlLooked || new Set();
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
    if (fresh && mfmlLooked.has(s)) continue;
    s.scrollLeft = 0;
    const edge = s.getBoundingClientRect().left + s.clientLeft + s.clientWidth;
    const hidden = contentRight(s) - edge;
    if (hidden <= 1) continue;
    if (kind === 'code') kinds.add(container(block));
    mfmlLooked.add(s);
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
    """The viewport, as an RGB array; PROBE_CSS must be on the page (it stills it).

    caret="initial": Playwright's default hides the caret with a style it adds and removes
    around each screenshot, two restyles of the whole page; PROBE_CSS hides it already."""
    png = page.screenshot(caret="initial")
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


def look_at_wide_blocks(page, scroll_to_end=False, code=True, fresh=False):
    """For each block with content past its edge (FIND_WIDE): (label, clipped, (left cue, right
    cue)), each looked at where a reader sees it whole (or its first screenful), scrolled to its
    start or to its end. A block not showing the cue expected there (right at the start, left
    at the end) is looked at once more, alone, a moment later, if only a few on the page are
    odd: on a busy machine a screenshot now and then caught a lab page setting itself up."""
    found = page.evaluate(FIND_WIDE, [code, fresh])
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
  const measured = d => d.style.getPropertyValue('--mfml-em');
  for (const d of document.querySelectorAll('article .katex-display')) {
    if (measured(d) || d.offsetWidth === 0) continue;  // measured already, or not shown
    const r = d.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) d.scrollIntoView({block: 'center'});
    // course.js measures it when its IntersectionObserver reports it near, which on a busy
    // machine came frames late: once after the sweep had scrolled on, so the formula was
    // never measured. Wait for it, a second at most (one never measured is MISFITS' to name).
    const start = performance.now();
    do await frame(); while (!measured(d) && performance.now() - start < 1000);
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


# The pages in a few interleaved shares, each swept by one browser page: one test per page
# would start a fresh browser page (and renderer) 80 times.
SHARES = 6

# Each share's first page is loaded; the others are reached as most readers reach them, by
# Material's instant navigation (a click on a link to a page of the site swaps in the new
# content, and Material's and the course's scripts set it up, without loading a document).
# Loading every page, parsing the same scripts and styles again, made the sweep a tenth slower
# (113 s against 102 s on one worker).
# document$ emits once the new page is in place; the click is from script, so no link has to
# be on screen.
NAVIGATE = """url => {
  const target = new URL(url, location.origin + '/');
  window.mfmlLooked = new Set();
  window.mfmlArrived = null;
  window.mfmlArriving?.unsubscribe();
  window.mfmlArriving = document$.subscribe(() => { window.mfmlArrived = location.pathname; });
  const link = Object.assign(document.createElement('a'), {href: target.href});
  document.body.append(link);
  link.click();
  link.remove();
  return target.pathname;
}"""


@pytest.mark.parametrize("share", range(SHARES))
def test_every_page_on_a_phone(new_context, base_url, share):
    """Every page on both phones: nothing off-site, no error, all math typeset, alt text on
    every image, no sideways scroll (test_browser's page checks). And a formula a little too
    wide is set smaller to fit; a formula, table or code block whose content still runs past
    the edge scrolls inside itself and shows it: something (a shadow, a fade) at the edge where
    there is more to see, and nothing at the edge where there is not. Each page is loaded once,
    on the wider phone, then the phone is narrowed, as a reader turning it would: the sizes
    follow the width by CSS alone (course.css), with no script to run again. A block's cues
    are drawn by the same CSS at any width, so each block is looked at once: code blocks (all
    of one style) on the wider phone, formulas and tables on the phone where they first
    overflow. Pages after a share's first are reached by instant navigation (NAVIGATE)."""
    page = phone(new_context, max(PHONES))
    problems = watch(page, base_url)
    offenders = []
    probe = None
    for n, url in enumerate(URLS[share::SHARES]):
        page.set_viewport_size({"width": max(PHONES), "height": PHONES[max(PHONES)]})
        if n == 0:
            page.goto(url)
        else:
            probe.evaluate("e => e.remove()")  # the page before's: this one starts as a reader's
            path = page.evaluate(NAVIGATE, url)
            # A document load instead (the page's own window, no mfmlArrived) fails at once.
            page.wait_for_function(
                "path => [path, undefined].includes(window.mfmlArrived)", arg=path
            )
            assert page.evaluate("window.mfmlArrived") == path, f"{url}: not an instant navigation"
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
                probe = page.add_style_tag(content=PROBE_CSS)
            for e in page.evaluate(SIDEWAYS):
                offenders.append(f"{at}: page scrolls sideways: {e}")
            # On the narrower phone: the formulas and tables that only start to overflow there.
            wide = look_at_wide_blocks(page, code=first, fresh=not first)
            for what, clipped, (left, right) in wide:
                if clipped:
                    offenders.append(f"{at}: {what} is cut off (overflow hidden)")
                elif not right:
                    offenders.append(f"{at}: {what} scrolls with no cue at its right edge")
                elif left:
                    offenders.append(f"{at}: {what} shows a cue on the left with nothing there")
    assert not offenders, f"{len(offenders)} offenders:\n" + "\n".join(offenders)
    assert not problems, problems
