"""The home page (overrides/home.html) and reading progress (docs/assets/progress.js).

A reader ticks a lesson's "Before you move on" checklist; the ticks stay in the browser's
localStorage through instant navigation and reloads; a lesson with every item ticked is marked
in the navigation and counted on its stage page and on the home page's card; the home page's
reset clears it all. Real Chromium on the built site, as in tests/test_browser.py."""

import json
import re

import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from helpers import ROOT, ConfigLoader
from mathforml import frontmatter
from test_accessibility import SCROLL_THROUGH

LESSON, OTHER, STAGE = "linear-algebra/dot-product/", "linear-algebra/vectors/", "linear-algebra/"
CHECKLIST = "#before-you-move-on ~ ul.task-list input[type=checkbox]"
KEY = "mathforml-progress"


def lessons_per_stage() -> dict[str, int]:
    """{stage title: how many lessons its section of mkdocs.yml's nav has}, by the build's rule."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    return {
        title: sum(
            isinstance(e, dict)
            and next(iter(e.values())).endswith(".md")
            and frontmatter.is_lesson(next(iter(e.values())))
            for e in entries
        )
        for section in config["nav"]
        for title, entries in section.items()
        if isinstance(entries, list)
    }


def at(path: str) -> re.Pattern:
    """The address of a page, whatever section of it navigation.tracking has put after a #."""
    return re.compile(f"/{re.escape(path)}(#.*)?$")


def ticks(page) -> list[bool]:
    return [box.is_checked() for box in page.locator(CHECKLIST).all()]


def go(page, link: str, path: str, title: str) -> None:
    """Follow a link (instant navigation) and wait for the new page, not just its address:
    Material changes the address before it swaps the page in."""
    page.locator(link).click()
    page.wait_for_url(at(path))
    expect(page.locator("article h1")).to_have_text(title)


# Boxes are ticked from the keyboard (Space on the focused box): a click aims at a point on the
# screen, and a long lesson's blocks still settling as it scrolls could move the box away.


def test_ticks_stay_through_instant_navigation_and_reloads(page):
    page.goto(LESSON)
    boxes = page.locator(CHECKLIST)
    expect(boxes.first).to_be_enabled()  # tickable (Material renders them disabled)
    assert boxes.count() >= 3 and not any(ticks(page))
    boxes.nth(0).press("Space")
    boxes.nth(2).press("Space")
    expect(boxes.nth(2)).to_be_checked()
    page.evaluate("window.mfmlSameDocument = true")
    go(page, f".md-nav--primary a[href$='/{STAGE}']", STAGE, "Linear algebra")
    expect(page.locator(CHECKLIST).first).to_be_enabled()  # set up again for the new page
    assert not any(ticks(page)), "ticks belong to the page they were ticked on"
    page.go_back()
    page.wait_for_url(at(LESSON))
    expect(page.locator("article h1")).to_have_text("The dot product")
    expect(boxes.nth(0)).to_be_checked()
    assert page.evaluate("window.mfmlSameDocument"), "instant navigation: no reload"
    assert ticks(page)[:4] == [True, False, True, False]
    page.reload()
    expect(boxes.nth(0)).to_be_checked()
    assert ticks(page)[:4] == [True, False, True, False]


def test_a_finished_lesson_counts_everywhere_and_reset_clears_it(page):
    counts = lessons_per_stage()
    page.goto(LESSON)
    link = page.locator(f".md-nav--primary a.md-nav__link[href$='/{LESSON}']")
    for box in page.locator(CHECKLIST).all()[:-1]:
        box.press("Space")
    expect(page.locator(CHECKLIST).nth(-2)).to_be_checked()
    expect(link.locator(".mfml-done")).to_have_count(0)  # not finished until every item is
    page.locator(CHECKLIST).last.press("Space")
    expect(link.locator(".mfml-done")).to_be_visible()
    expect(link).to_have_accessible_name("The dot product (finished)")

    # Its stage page, reached by instant navigation: the lesson counted, and marked in the nav.
    go(page, f".md-nav--primary a[href$='/{STAGE}']", STAGE, "Linear algebra")
    bar = page.get_by_role("progressbar", name="Your progress through Linear algebra")
    expect(bar).to_have_attribute("aria-valuenow", "1")
    expect(bar).to_have_attribute("aria-valuemax", str(counts["Linear algebra"]))
    expect(page.locator("article")).to_contain_text(
        f"1 of {counts['Linear algebra']} lessons finished"
    )
    expect(page.locator(f".md-nav--primary a[href$='/{LESSON}'] .mfml-done")).to_be_visible()
    expect(page.locator(".md-nav--primary a.md-nav__link .mfml-done")).to_have_count(1)

    # The home page: every stage's card counts its own lessons.
    go(page, ".md-header a.md-logo", "", "Mathematics for Machine Learning")
    for title, total in counts.items():
        bar = page.get_by_role("progressbar", name=f"Your progress through {title}")
        expect(bar).to_have_attribute("aria-valuemax", str(total))
        expect(bar).to_have_attribute("aria-valuenow", "1" if title == "Linear algebra" else "0")

    # Reset, with a confirm step: the first click asks, "Keep it" keeps.
    reset = page.get_by_role("button", name="Reset my progress")
    clear = page.get_by_role("button", name="Yes, clear my progress")
    expect(clear).to_be_hidden()
    reset.click()
    page.get_by_role("button", name="Keep it").click()
    expect(clear).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('{KEY}')")
    reset.click()
    clear.click()
    expect(page.get_by_role("status")).to_have_text("Your progress is cleared.")
    bar = page.get_by_role("progressbar", name="Your progress through Linear algebra")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None  # the only place it was


def test_home_page_with_progress_is_accessible(page):
    """The h1 in the main landmark, and no axe-core violation with progress shown (a bar part
    filled, the reset's confirm step open and focused), in the light palette, then the dark."""
    finished = {OTHER: {"t": ["a"], "n": 1}, LESSON: {"t": ["a"], "n": 1}}
    page.context.add_init_script(
        f"localStorage.setItem('{KEY}', {json.dumps(json.dumps(finished))})"
    )
    page.emulate_media(color_scheme="light")
    page.goto("")
    bar = page.get_by_role("progressbar", name="Your progress through Linear algebra")
    expect(bar).to_have_attribute("aria-valuenow", "2")
    expect(page.locator("main h1")).to_have_text("Mathematics for Machine Learning")
    page.get_by_role("button", name="Reset my progress").click()
    page.evaluate(SCROLL_THROUGH)
    for scheme in ["default", "slate"]:
        if scheme == "slate":
            page.locator("label[title='Switch to dark mode']").click()
            page.mouse.move(0, 0)  # off the toggle, whose tooltip would fade in as axe measures
            page.get_by_role("button", name="Keep it").focus()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(r)))")
        # Colours fade when the palette or the focus changes: measure them once they are set.
        page.wait_for_function("!document.getAnimations().some(a => a.playState == 'running')")
        violations = Axe().run(page).response["violations"]
        report = [
            f"{scheme}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
            for v in violations
        ]
        assert not report, "\n".join(report)


def test_without_javascript_the_home_page_reads_and_checklists_stay_read_only(built_site):
    """The built HTML, as a browser without script shows it: the band with one h1, the promise
    and both calls to action, every card; no progress (script draws it); read-only checklists."""
    folder = built_site[0]
    home = (folder / "index.html").read_text()
    hero = home.split('<section class="mfml-hero"', 1)[1].split("</section>", 1)[0]
    assert home.count("<h1") == 1 and "<h1" in hero
    assert 'href="start/how-to-use/">Start here<' in hero
    assert 'href="start/readiness/">Take the readiness check<' in hero
    assert 'class="language-pycon highlight"' in hero
    assert home.count("<strong>Written:</strong>") == len(lessons_per_stage())
    assert "mfml-progress" not in home
    lesson = (folder / LESSON / "index.html").read_text().split('id="before-you-move-on"', 1)[1]
    boxes = re.findall(r"<input type=\"checkbox\"[^>]*>", lesson)
    assert boxes and all("disabled" in box for box in boxes)
