"""The built site in real Chromium: copy buttons, math, figures, dark mode, search, navigation.

Every page is loaded on two phones by tests/test_phone.py, which applies the page checks
here (`watch`, `rendering_problems`): offline, no errors, math typeset, alt text, no sideways
scroll."""

import re

from helpers import DOCS, LABS, PAGES, copied_text
from mathforml.fences import iter_fences

# `page`, `context` and `new_context` are pytest-playwright's, on Debian's Chromium, with the
# built site as base_url and clipboard access (tests/conftest.py).

URLS = [p.relative_to(DOCS).with_suffix("").as_posix().removesuffix("index") for p in PAGES]
URLS = [u + "/" if u and not u.endswith("/") else u for u in URLS] + [
    f"labs/{lab.stem}/" for lab in LABS
]


# Every solution open: a lesson's collapsed admonitions and a lab's folded solutions.
OPEN_SOLUTIONS = """() => {
  document.querySelectorAll('article details').forEach(d => d.open = true);
  document.querySelectorAll('button.mfml-reveal[aria-expanded=false]').forEach(b => b.click());
}"""


def test_a_labs_solutions_are_closed_until_opened(page):
    """As a lesson's solutions are: each one's text and cells are hidden behind a button."""
    page.goto("labs/cosine_similarity/")
    buttons = page.locator("button.mfml-reveal")
    assert buttons.count() == 3  # three tasks
    heading = page.locator("h4#solution-to-task-1")
    first = buttons.first
    solution_code = page.locator("#cell-32")
    assert heading.is_visible() and not solution_code.is_visible()
    assert first.get_attribute("aria-expanded") == "false"
    first.click()
    assert first.get_attribute("aria-expanded") == "true" and solution_code.is_visible()
    assert page.locator("h3#task-2-every-sentences-nearest-neighbour").is_visible()  # not folded
    first.click()
    assert not solution_code.is_visible()


def watch(page, base_url) -> list[str]:
    """Record, for the page's life, console errors, page errors, failed or off-site requests."""
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # Moving on to the next page cancels late requests (ERR_ABORTED); anything else counts.
    page.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" in (r.failure or "") or problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    page.on(
        "request",
        lambda r: (
            r.url.startswith(base_url)
            or r.url.startswith("data:")
            or problems.append(f"off-site request: {r.url}")
        ),
    )
    return problems


def test_watch_records_errors_and_off_site_requests(page, base_url):
    """The sweep's recorder bites: an error logged, a script error, a missing file and a request
    to another site are each recorded."""
    problems = watch(page, base_url)
    page.goto("linear-algebra/vectors/")
    assert problems == []
    page.evaluate("console.error('boom')")
    page.evaluate("setTimeout(() => { throw new Error('bang'); })")
    page.evaluate("fetch('missing.json').catch(() => {})")
    page.evaluate("fetch('https://example.com/x.js').catch(() => {})")
    page.wait_for_timeout(500)
    found = "\n".join(problems)
    for expected in ("console: boom", "page error: bang", "404: ", "off-site request: https://"):
        assert expected in found, found


# What rendering_problems looks at, in one round trip: the page's width, and (with `content`)
# KaTeX's errors, the article's text outside code and formulas, and images without alt text.
PAGE_STATE = """async content => {
  if (content) await document.fonts.ready;
  const out = {width: document.documentElement.scrollWidth};
  if (!content) return out;
  const article = document.querySelector('article');
  const text = article.cloneNode(true);
  text.querySelectorAll('pre, code, .katex').forEach(e => e.remove());
  return {...out, katexErrors: document.querySelectorAll('.katex-error').length,
          text: text.innerText,
          noAlt: [...article.querySelectorAll('img')].filter(i => !i.getAttribute('alt')).length};
}"""


def rendering_problems(page, url, width, content=True) -> list[str]:
    """What is wrong with the loaded page: math not typeset, raw TeX left, an image without alt
    text (the content: `content=False` skips it when only the width has changed since it was
    checked), or a page wider than the screen. Every page is checked on two phones, loaded
    once for these checks and the wide-block checks (tests/test_phone.py)."""
    state = page.evaluate(PAGE_STATE, content)
    found = []
    if state["width"] > width:
        found.append(f"{url}: page is {state['width']}px wide on a {width}px phone")
    if not content:
        return found
    if state["katexErrors"]:
        found.append(f"{url}: KaTeX could not typeset a formula")
    # Raw TeX left for the browser would show as \( ... \) or $...$ around a backslash.
    if re.search(r"\\\(|\\\[|\$\$|\$[^$\n]*\\[a-zA-Z]", state["text"]):
        found.append(f"{url}: raw TeX left")
    found += [f"{url}: image without alt text"] * state["noAlt"]
    return found


def pycon_blocks():
    page = DOCS / "linear-algebra" / "vectors.md"
    return [f for f in iter_fences(page.read_text()) if f.language == "pycon"]


def test_copy_button_on_a_transcript_copies_only_code(page):
    page.goto("linear-algebra/vectors/")
    blocks = page.locator("article .language-pycon")
    expected = [copied_text("pycon", f.body) for f in pycon_blocks()]
    assert blocks.count() == len(expected) > 0
    for i, want in enumerate(expected):
        blocks.nth(i).hover()
        blocks.nth(i).locator("button[data-md-type=copy], .md-clipboard").first.click()
        got = page.evaluate("navigator.clipboard.readText()")
        assert ">>>" not in got and "\n... " not in got
        assert got.rstrip("\n") == want.rstrip("\n")


def test_dark_mode_toggle_and_figures_follow_the_palette(page):
    page.goto("linear-algebra/vectors/")
    colour = "getComputedStyle(document.querySelector('.mfml-figure svg')).color"
    light = page.evaluate(colour)
    page.locator("label[for='__palette_1']").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    dark = page.evaluate(colour)
    assert light != dark
    # The axes and labels are drawn in currentColor, so they take the text colour.
    assert page.locator(".mfml-figure svg [style*='currentColor']").count() > 0


def test_figures_past_skipped_blocks_are_painted_whole(context, page):
    """Each figure on a long page looks as its own SVG does alone on a blank page.

    course.css lets the browser skip off-screen blocks (content-visibility). When a selector
    slip made every element inside those blocks skippable too, Chromium left log-axis tick
    labels and half of a rotated axis label unpainted in figures further down the page.
    """
    import io

    import numpy as np
    from PIL import Image

    def grey(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("L"), float)

    alone = context.new_page()
    # The page's widget would replace its first figure as it comes near: the figures are what
    # is looked at here (tests/test_widgets.py checks the widget).
    page.route("**/assets/widgets/*.js", lambda route: route.abort())
    page.goto("calculus/gradient-descent/")
    figures = page.locator("article .mfml-figure svg").all()
    assert len(figures) == 3
    for i, svg in enumerate(figures, start=1):
        svg.evaluate("e => e.scrollIntoView({block: 'center'})")  # a jump, as from the contents
        page.wait_for_timeout(300)
        box, colour = svg.bounding_box(), svg.evaluate("e => getComputedStyle(e).color")
        # The viewport's pixels where the figure is: an element screenshot (its waits, and the
        # style that hides the caret, added and removed) took 1.5-4 s on this long page.
        got = grey(page.screenshot(clip=box, caret="initial"))
        alone.set_content(
            f'<body style="margin: 0; color: {colour}"><div style="width: '
            f'{box["width"]}px">{svg.evaluate("e => e.outerHTML")}</div>'
        )
        want = grey(alone.locator("svg").screenshot(caret="initial"))
        # Rounding may shift a figure by a pixel; a missing label is hundreds of dark pixels.
        rows, cols = min(got.shape[0], want.shape[0]) - 2, min(got.shape[1], want.shape[1]) - 2
        lost = min(
            (abs(got[1 : rows + 1, 1 : cols + 1] - want[y : y + rows, x : x + cols]) > 100).sum()
            for y in range(3)
            for x in range(3)
        )
        assert lost < 30, f"figure {i} on calculus/gradient-descent/: {lost} pixels differ"


def test_only_whole_blocks_are_skipped_off_screen(page):
    """content-visibility goes on top-level blocks and lab cells, never on what is inside them.

    Skipping a KaTeX span or an SVG label on its own breaks it: subscripts vanished and
    formulas spread apart when a stray space in course.css's selector did that.
    """
    for url in ("calculus/gradient-descent/", "labs/pca_from_scratch/"):
        page.goto(url)
        skippable = page.evaluate("""() => [...document.querySelectorAll('article *')]
            .filter(e => getComputedStyle(e).contentVisibility === 'auto')
            .map(e => e.parentElement.matches('.md-typeset, .jp-Notebook')
                      ? 'block' : e.tagName)""")
        assert skippable.count("block") > 10, f"{url}: nothing is skipped off screen"
        assert set(skippable) == {"block"}, f"{url}: elements inside blocks are skippable"


def test_instant_navigation_keeps_math_and_widgets(page):
    page.goto("linear-algebra/vectors/", wait_until="networkidle")  # Material has the sitemap
    page.evaluate("window.sameDocument = true")
    loads = []  # Material fetches the next page by XHR; a normal navigation loads a document
    page.on("request", lambda r: loads.append((r.resource_type, r.url)))
    page.locator("a.md-footer__link--next").click()
    # An instant navigation fires no load event: wait for the new article instead.
    page.wait_for_function(
        "location.pathname.endsWith('/dot-product/') &&"
        " /dot product/i.test(document.querySelector('article h1').textContent)"
    )
    # Only if the site was built with site_url = this server's address (tests/conftest.py).
    assert page.evaluate("window.sameDocument === true"), "expected an instant (in-page) navigation"
    kinds = [kind for kind, url in loads if url.endswith("/dot-product/")]
    assert kinds and "document" not in kinds, loads
    assert page.locator("article .katex").count() > 0
    assert page.locator(".katex-error").count() == 0
    assert page.locator("article .mfml-figure svg").count() > 0
    # Widgets are set up again on the new content: copy buttons, their names, collapsible blocks.
    block = page.locator("article .language-python").first
    block.hover()
    block.locator("button[data-md-type=copy], .md-clipboard").first.click()
    code = block.locator("code").inner_text()
    assert page.evaluate("navigator.clipboard.readText()").strip() == code.strip()
    assert block.locator(".md-code__nav").get_attribute("aria-label").startswith("Code block")
    details = page.locator("article details").first
    details.locator("summary").click()
    assert details.get_attribute("open") is not None


def test_search_finds_a_lesson_by_a_word_in_its_body(page):
    asked = []
    page.on("request", lambda r: "search_index.json" in r.url and asked.append(r.url))
    page.goto("linear-algebra/dot-product/")
    page.wait_for_timeout(1500)
    assert not asked, "the search index is fetched only once a reader opens search"
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Typed at once, before the index has arrived: Material runs the query when it is ready.
    page.locator(".md-search__input").press_sequentially("Pythagoras", delay=20)  # real keystrokes
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=90_000)  # the search worker indexes the whole site first
    assert len(asked) == 1, asked
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert any("linear-algebra/vectors/" in h for h in hrefs), hrefs


def test_search_keyboard_shortcut_fetches_the_index(page):
    page.goto("calculus/derivatives/")
    with page.expect_request("**/search/search_index.json", timeout=10_000):
        page.keyboard.press("/")
    page.wait_for_function(
        "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=90_000,
    )
