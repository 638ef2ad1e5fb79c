"""What every widget shares (docs/assets/widgets/widgets.js; CONTRIBUTING.md, "Adding a
widget"): only widget pages load widget code, and only when a widget comes near the screen; a
live widget replaces its figure, which is what a reader without JavaScript sees; axe-core finds
nothing in any widget, in either palette. Each widget's math and behaviour are tested in its
own file (tests/test_widgets_*.py)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import DOCS, PAGES, rel
from test_browser import watch

WIDGET = re.compile(r'<div class="mfml-widget" data-widget="([a-z0-9-]+)"')
LOADER = '<script src="../../assets/widgets/widgets.js" defer></script>'


def page_url(page) -> str:
    return page.relative_to(DOCS).with_suffix("").as_posix() + "/"


# {lesson URL: the widgets on it, in page order}, from the Markdown sources.
WIDGET_PAGES = {
    page_url(p): WIDGET.findall(p.read_text()) for p in PAGES if WIDGET.search(p.read_text())
}


def test_every_widget_page_loads_the_loader_and_no_other_page_does():
    for page in PAGES:
        text = page.read_text()
        names = WIDGET.findall(text)
        if names:
            assert text.rstrip().endswith(LOADER), f"{rel(page)}: end the page with {LOADER}"
        else:
            assert "assets/widgets/" not in text, f"{rel(page)}: widget code on a page without one"
        for name in names:
            assert (DOCS / "assets" / "widgets" / f"{name}.js").is_file(), (
                f"{rel(page)}: no docs/assets/widgets/{name}.js for data-widget={name!r}"
            )


def test_every_widget_follows_the_figure_it_replaces(built_site):
    """Without JavaScript a reader sees that figure, and nothing of the widget (test below)."""
    folder = built_site[0]
    for url, names in WIDGET_PAGES.items():
        html = (folder / url / "index.html").read_text()
        found = [  # (the figure just before, the widget's name); attributes in any order
            (figure, re.search(r'data-widget="([a-z0-9-]+)"', tag)[1])
            for figure, tag in re.findall(
                r'(</figure>\s*)?<div ([^>]*\bclass="mfml-widget"[^>]*)>', html
            )
        ]
        assert [name for _, name in found] == names, f"{url}: widget elements not as in the page"
        assert all(figure for figure, _ in found), f"{url}: put each widget right after a figure"


def test_without_javascript_each_widget_page_shows_its_figures(new_context):
    page = new_context(java_script_enabled=False).new_page()
    for url in WIDGET_PAGES:
        page.goto(url)
        widgets = page.locator(".mfml-widget")
        for i in range(widgets.count()):
            widget = widgets.nth(i)
            assert widget.bounding_box()["height"] == 0, f"{url}: a widget takes room"
            assert widget.evaluate("e => e.innerText.trim()") == "", f"{url}: its words show"
            figure = widget.locator("xpath=preceding-sibling::*[1]")
            assert figure.is_visible() and figure.locator("svg, img").count(), url


@pytest.mark.parametrize("url", WIDGET_PAGES)
def test_a_widget_loads_near_the_screen_replaces_its_figure_and_passes_axe(
    new_context, base_url, url
):
    page = new_context(color_scheme="light").new_page()
    problems = watch(page, base_url)
    fetched = []
    page.on("request", lambda r: "/assets/widgets/" in r.url and fetched.append(r.url))
    page.goto(url)
    widgets = page.locator(".mfml-widget")
    first_top = widgets.first.evaluate("e => e.getBoundingClientRect().top / innerHeight")
    if first_top > 2:  # more than a screen below the fold: nothing fetched but the loader
        page.wait_for_timeout(300)
        assert [u for u in fetched if not u.endswith(("widgets.js", "widgets.css"))] == [], url
    for i in range(widgets.count()):
        widgets.nth(i).scroll_into_view_if_needed()
        page.wait_for_selector(f".mfml-widget >> nth={i}", state="attached")
        widgets.nth(i).locator("xpath=self::*[contains(@class, 'mfml-widget--live')]").wait_for()
        figure = widgets.nth(i).locator("xpath=preceding-sibling::*[1]")
        assert figure.is_hidden(), f"{url}: the figure stays beside the live widget"
    # axe builds its model of the whole document whatever it is asked to check, three seconds
    # on a long lesson: the rest of the page goes (the widget keeps its styles, which come from
    # the theme's stylesheets and its ancestors), leaving axe the widget alone.
    page.evaluate("""() => {
      for (const e of document.querySelectorAll('article > *, .md-sidebar, .md-tabs, .md-footer'))
        if (!e.matches('.mfml-widget') && !e.querySelector('.mfml-widget')) e.remove();
    }""")
    report = []
    for palette, scheme in (("light", "default"), ("dark", "slate")):
        if palette == "dark":
            page.evaluate("document.querySelector(\"label[for='__palette_1']\").click()")
        page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(r)))")
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        violations = Axe().run(page, context={"include": [[".mfml-widget"]]}).response
        report += [
            f"{palette}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
            for v in violations["violations"]
        ]
    assert not report, "\n".join(report)
    assert not problems, problems
