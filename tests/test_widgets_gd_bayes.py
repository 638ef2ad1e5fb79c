"""Two widgets in Chromium: gradient descent on the lesson's parabola (calculus/gradient-descent)
and the base-rate explorer (probability/bayes), in docs/assets/widgets/.

Each widget's math (mfmlWidgets.math[NAME]) is compared with the same computation in NumPy, on
a blank page that loads only the loader and the widget's script. Each lesson is then loaded
twice: once driven by mouse and keyboard, then left and re-entered by Material's instant
navigation (nothing left behind by the copy it replaced, the new copy answers once per
action); once on a dark touch phone, driven by touch, then switched to the light palette. The
numbers each widget shows are checked against NumPy after every action.
(What every widget shares, axe-core and the no-JavaScript figure, is tests/test_widgets.py.)"""

import contextlib
import re
from urllib.parse import urljoin

import numpy as np
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from widget_helpers import FRAME, LEAKS, live_widget, number

GD = "calculus/gradient-descent/"
BAYES = "probability/bayes/"
NUM = r"[−-]?\d+(?:\.\d+)?"


def open_widget(page, url: str, **goto):
    """Load `url`, bring its widget near the screen (by its figure: the empty element takes no
    room) and return the live widget."""
    page.goto(url, **({"wait_until": "domcontentloaded"} | goto))
    return live_widget(page)


def widget_math(page, base_url: str, name: str):
    """A blank page with the loader and nothing else; returns once `name`'s script is in."""
    loader = urljoin(base_url, "assets/widgets/widgets.js")
    page.set_content(f'<script src="{loader}"></script>')
    page.evaluate("name => mfmlWidgets.load(name).then(() => undefined)", name)


def settled(page):
    """Redraws wait for the next animation frame; two frames later they have happened."""
    page.evaluate(FRAME)


def away_and_back(page, url: str) -> dict:
    """From the widget's page to its stage's overview and back, by links in the navigation,
    instantly; returns what the widget code left running while the reader was away."""
    page.evaluate("window.sameDocument = true")
    stage = url.split("/")[0]
    page.locator(f".md-nav--primary a[href$='/{stage}/']").click()
    page.wait_for_function(f"location.pathname.endsWith('/{stage}/')")
    # The loader unmounts when Material hands it the new page, just after the address changes;
    # what is still running 2 s later was left behind, and is returned.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("!mfmlLeaks().listeners && !mfmlLeaks().timers", timeout=2000)
    left = page.evaluate("mfmlLeaks()")
    page.locator(f".md-nav--primary a[href$='/{url}']").click()
    page.wait_for_function(f"location.pathname.endsWith('/{url}')")
    assert page.evaluate("window.sameDocument === true"), "expected instant navigation"
    return left


def palette_colours(page, selectors: list[str]) -> list[str]:
    """The computed stroke of each selector's element, then the article's text colour."""
    return page.evaluate(
        """ss => [...ss.map(s => getComputedStyle(document.querySelector(s)).stroke),
                  getComputedStyle(document.querySelector('article')).color]""",
        selectors,
    )


def assert_follows_the_palette(page, selectors: list[str]):
    """In the dark palette the strokes are the body text's colour; switched to light, they all
    change with it."""
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    dark = palette_colours(page, selectors)
    assert len(set(dark)) == 1, dark
    page.locator("label[title='Switch to light mode']").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    light = palette_colours(page, selectors)
    assert len(set(light)) == 1 and light[0] != dark[0], (light, dark)


# --- gradient descent ---------------------------------------------------------------------

A = 2.0  # the lesson's f(x) = x^2 is (a/2) x^2 with curvature a = 2

# A number as a screen reader hears the readout: "0.128", or "4.9 times 10 to the power minus 85".
SPOKEN = rf"{NUM}(?: times 10 to the power (?:minus )?\d+)?"


def spoken_number(text: str) -> float:
    m = re.fullmatch(rf"({NUM})(?: times 10 to the power (minus )?(\d+))?", text)
    assert m, text
    return number(m[1]) * 10.0 ** ((-1 if m[2] else 1) * int(m[3] or 0))


# What a screen reader reads of the readout: the written "m × 10<sup>n</sup>" is hidden from it.
HEARD = """e => { const c = e.cloneNode(true);
  c.querySelectorAll('[aria-hidden=true]').forEach(h => h.remove()); return c.textContent; }"""


def np_path(x0: float, eta: float, steps: int, a: float = A) -> np.ndarray:
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - eta * a * xs[-1])
    return np.array(xs)


def np_regime(eta: float, a: float = A) -> str:
    r = 1 - eta * a
    if np.isclose(r, 0):
        return "one-step"
    if np.isclose(r, -1):
        return "bounces"
    return "slides" if r > 0 else "oscillates" if r > -1 else "diverges"


def gd_shown(widget) -> dict:
    """The step count, iterate and loss the readout says, and all it says."""
    text = widget.locator(".mfml-widget__readout").evaluate(HEARD)
    m = re.search(rf"Step k = (\d+): x\S+ = ({SPOKEN}), loss f\(x\S+\) = ({SPOKEN})\.", text)
    assert m, text
    return {"k": int(m[1]), "x": spoken_number(m[2]), "loss": spoken_number(m[3]), "text": text}


def assert_gd_shows(widget, x0: float, eta: float, k: int):
    shown = gd_shown(widget)
    want = np_path(x0, eta, k)[-1]
    factor = f"each step multiplies x by 1 − 2η = {1 - 2 * eta:.2f}".replace("-", "−")
    assert factor.replace("−0.00", "0.00") in shown["text"], shown["text"]
    assert shown["k"] == k, shown["text"]
    assert np.isclose(shown["x"], want, rtol=1e-3, atol=0), (shown, want)
    assert np.isclose(shown["loss"], want**2, rtol=1e-3, atol=0), (shown, want**2)
    points = widget.locator(".mfml-gd__path").get_attribute("points").split()
    assert len(points) == k + 1, "one point on the curve per iterate"
    return shown


# The step count the readout shows, in the page.
GD_K = "+/Step k = (\\d+)/.exec(document.querySelector('.mfml-gd__readout').textContent)[1]"


def test_gd_math_matches_numpy(page, base_url):
    widget_math(page, base_url, "gradient-descent")
    cases = [  # (x0, eta, steps, a): the lesson's runs, both sides of 1/a and 2/a, exercise 1
        (2.0, 0.02, 6, 2.0),
        (2.0, 0.3, 6, 2.0),
        (2.0, 1.1, 6, 2.0),
        (3.0, 0.1, 50, 2.0),
        (3.0, 0.9, 50, 2.0),
        (3.0, 1.1, 50, 2.0),
        (3.0, 0.5, 3, 2.0),
        (3.0, 1.0, 4, 2.0),
        (-4.5, 0.73, 20, 2.0),
        (1.0, 0.15, 30, 10.0),
        (1.0, 0.21, 30, 10.0),
    ]
    etas = np.round(np.arange(0.01, 1.21, 0.01), 2).tolist()
    got = page.evaluate(
        """([cases, etas]) => {
          const m = mfmlWidgets.math["gradient-descent"];
          return {paths: cases.map(([x0, eta, n, a]) => m.path(x0, eta, n, a)),
                  defaultPath: m.path(2, 0.3, 6),
                  losses: etas.map(e => m.loss(e * 3)), factors: etas.map(e => m.factor(e)),
                  regimes: etas.map(e => m.regime(e)), limits: [m.limit(), m.limit(10)]};
        }""",
        [cases, etas],
    )
    for (x0, eta, n, a), path in zip(cases, got["paths"], strict=True):
        assert np.allclose(path, np_path(x0, eta, n, a)), (x0, eta, n, a)
        assert np.allclose(path, (1 - eta * a) ** np.arange(n + 1) * x0)  # the closed form
    assert np.allclose(got["defaultPath"], np_path(2.0, 0.3, 6))  # a = 2 unless told
    assert np.allclose(got["losses"], (np.array(etas) * 3) ** 2)  # f(x) = (a/2) x^2 = x^2
    assert np.allclose(got["factors"], 1 - A * np.array(etas))
    assert got["regimes"] == [np_regime(e) for e in etas]
    assert got["limits"] == [1.0, 0.2]
    # The regime the widget names is what NumPy sees after many steps.
    for eta, regime in zip(etas, got["regimes"], strict=True):
        far = (1 - eta * A) ** np.arange(2001) * 2.0  # the closed form, checked above
        if regime in ("slides", "one-step", "oscillates"):
            assert abs(far[-1]) < 1e-6, eta
        if regime == "oscillates":
            assert np.all(np.sign(far[1:4]) == -np.sign(far[:3])), eta
        if regime == "diverges":
            assert abs(far[-1]) > 1e6, eta


def test_gd_by_mouse_and_keyboard_then_after_instant_navigation(page):
    page.add_init_script(LEAKS)
    with page.expect_response("**/sitemap.xml"):  # Material navigates instantly once it has it
        widget = open_widget(page, GD)
    mounted = page.evaluate("mfmlLeaks()")
    assert mounted["listeners"] > 0 and mounted["timers"] == 0
    assert widget.locator("svg[role=img]").count() == 1
    readout = widget.locator(".mfml-widget__readout")
    assert readout.get_attribute("aria-live") == "polite"
    assert_gd_shows(widget, 2.0, 0.3, 0)  # the lesson's start and "about right" rate
    # In "The picture" the lesson has not yet named r or a: the widget says 0.5, 1 and 1 - 2η.
    eta = widget.get_by_label("Learning rate η")
    marks = [
        page.locator(f"#{i}").inner_text() for i in eta.get_attribute("aria-describedby").split()
    ]
    assert marks == ["0.5: overshoots", "1: limit"]
    said = widget.inner_text() + widget.locator("svg").get_attribute("aria-label")
    assert not re.search(r"1/a|2/a|\br =|ηa", said), said

    # --- Mouse. Three steps, then a click near the slider's right end: past the limit, the
    # same 3 steps now diverge.
    for _ in range(3):
        widget.get_by_role("button", name="Step").click()
    settled(page)
    assert_gd_shows(widget, 2.0, 0.3, 3)
    eta.scroll_into_view_if_needed()
    box = eta.bounding_box()
    page.mouse.click(box["x"] + 0.95 * box["width"], box["y"] + box["height"] / 2)
    settled(page)
    value = float(eta.input_value())
    assert value > 1
    shown = assert_gd_shows(widget, 2.0, value, 3)
    assert "η is past the limit 1: diverging" in shown["text"]
    assert "diverging" in widget.locator("svg").get_attribute("aria-label")
    assert widget.locator(".mfml-gd__path").get_attribute("data-regime") == "diverges"

    # Play steps on a timer, silently for a screen reader; Pause stops it and says where it is.
    widget.get_by_role("button", name="Play").click()
    assert readout.get_attribute("aria-live") == "off"
    assert page.evaluate("mfmlLeaks().timers") == 1
    page.wait_for_function(f"k => {GD_K} > k", arg=4)
    assert readout.get_attribute("aria-live") == "off"
    widget.get_by_role("button", name="Pause").click()
    assert page.evaluate("mfmlLeaks().timers") == 0  # stopped: no timer left to step again
    assert readout.get_attribute("aria-live") == "polite"
    settled(page)
    shown = assert_gd_shows(widget, 2.0, value, page.evaluate(GD_K))
    assert shown["text"].startswith("Paused. Step k = ") and shown["k"] > 4
    widget.get_by_role("button", name="Reset").click()
    settled(page)
    assert "Paused" not in assert_gd_shows(widget, 2.0, value, 0)["text"]

    # Press on the plot at x = -4, drag to x = 5: the start follows the pointer.
    plot = widget.locator("svg.mfml-gd__plot")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()

    def at(x):  # the plot's own scale: 440 wide, x from -6.5 to 6.5 between 34 and 430
        return box["x"] + (34 + (x + 6.5) / 13 * 396) / 440 * box["width"]

    y = box["y"] + box["height"] / 2
    page.mouse.click(at(-4), y)
    settled(page)
    start = widget.get_by_label("Start x₀")
    assert start.input_value() == "-4"
    assert_gd_shows(widget, -4.0, value, 0)
    page.mouse.down()
    page.mouse.move(at(0), y, steps=4)
    page.mouse.move(at(5), y, steps=4)
    page.mouse.up()
    settled(page)
    assert start.input_value() == "5"
    widget.get_by_role("button", name="Step").click()
    settled(page)
    assert_gd_shows(widget, 5.0, value, 1)

    # --- Keyboard: the limit, then one step to the minimum, then just past it.
    eta.focus()
    page.keyboard.press("End")  # 1.2
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
    assert eta.input_value() == "1"
    page.keyboard.press("Tab")  # the start slider
    page.keyboard.press("Tab")  # Step
    assert page.evaluate("document.activeElement.textContent") == "Step"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    settled(page)
    shown = assert_gd_shows(widget, 5.0, 1.0, 3)  # 5, -5, 5, -5
    assert "η is at the limit 1: it bounces" in shown["text"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    for _ in range(50):
        page.keyboard.press("ArrowLeft")
    settled(page)
    assert eta.input_value() == "0.5"
    shown = assert_gd_shows(widget, 5.0, 0.5, 3)
    assert shown["x"] == 0 and "lands on the minimum in one step" in shown["text"]
    page.keyboard.press("ArrowRight")  # 0.51: between 0.5 and the limit
    settled(page)
    shown = assert_gd_shows(widget, 5.0, 0.51, 3)
    assert "it oscillates and converges" in shown["text"] and shown["x"] < 0
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowLeft")  # the start, one notch of 0.1 lower
    settled(page)
    assert_gd_shows(widget, 4.9, 0.51, 3)

    # The iteration budget: 46 more steps, then Play takes the 50th and stops by itself, and
    # only then is the readout announced. Tiny numbers are said in words.
    page.keyboard.press("Tab")  # Step
    page.evaluate(
        "() => { const b = document.activeElement; for (let i = 0; i < 46; i++) b.click(); }"
    )
    page.keyboard.press("Tab")  # Play
    page.keyboard.press("Enter")
    assert readout.get_attribute("aria-live") == "polite"
    assert page.evaluate("mfmlLeaks().timers") == 0
    settled(page)
    shown = assert_gd_shows(widget, 4.9, 0.51, 50)
    assert "Iteration budget of 50 steps reached" in shown["text"], shown["text"]
    assert re.search(r"x₅₀ = 5\.5\d* times 10 to the power minus 85,", shown["text"]), shown["text"]
    assert page.evaluate("document.activeElement.textContent") == "Play"
    # Huge numbers too; the eye sees them as "m × 10" with a raised exponent.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")  # 1.2: r = -1.4, x50 = 4.9 * 1.4^50, about 10^8
    settled(page)
    shown = assert_gd_shows(widget, 4.9, 1.2, 50)
    assert abs(shown["loss"]) > 1e15
    written = widget.locator(".mfml-gd__readout [aria-hidden=true]").all_inner_texts()
    heard = re.search(rf": x₅₀ = ({SPOKEN}), loss f\(x₅₀\) = ({SPOKEN})\.", shown["text"]).groups()
    assert len(written) == 2 and len(heard) == 2
    for text, spoken in zip(written, heard, strict=True):
        mantissa, exponent = spoken.split(" times 10 to the power ")
        assert text == f"{mantissa}\u00a0×\u00a010{exponent}"  # the exponent in its <sup>
    assert widget.locator(".mfml-gd__readout sup").count() == 2
    hidden = widget.locator(".mfml-gd__readout span:not([aria-hidden])").first.bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1, "the spoken form is not seen"
    assert "times 10 to the power 7" in widget.locator("svg").get_attribute("aria-label")

    # --- Instant navigation: away while playing, and back to a new copy with nothing left.
    widget.get_by_role("button", name="Play").click()
    assert page.evaluate("mfmlLeaks().timers") == 1
    assert away_and_back(page, GD) == {"listeners": 0, "timers": 0}
    widget = live_widget(page)
    assert page.locator(".mfml-widget svg.mfml-gd__plot").count() == 1
    assert page.evaluate("mfmlLeaks()") == mounted
    assert_gd_shows(widget, 2.0, 0.3, 0)
    widget.get_by_role("button", name="Step").click()
    settled(page)
    assert_gd_shows(widget, 2.0, 0.3, 1)  # one click, one step


def test_gd_by_touch_on_a_dark_phone(new_context):
    page = new_context(
        has_touch=True, is_mobile=True, viewport={"width": 412, "height": 860}, color_scheme="dark"
    ).new_page()
    widget = open_widget(page, GD)
    step = widget.get_by_role("button", name="Step")
    step.tap()
    step.tap()
    settled(page)
    assert_gd_shows(widget, 2.0, 0.3, 2)
    eta = widget.get_by_label("Learning rate η")
    box = eta.bounding_box()
    eta.tap(position={"x": 0.8 * box["width"], "y": box["height"] / 2})
    settled(page)
    value = float(eta.input_value())
    assert 0.5 < value < 1, value
    shown = assert_gd_shows(widget, 2.0, value, 2)
    assert "oscillates" in shown["text"]
    plot = widget.locator("svg.mfml-gd__plot")
    box = plot.bounding_box()
    plot.tap(position={"x": (34 + 3.5 / 13 * 396) / 440 * box["width"], "y": box["height"] / 2})
    settled(page)
    assert widget.get_by_label("Start x₀").input_value() == "-3"
    assert_gd_shows(widget, -3.0, value, 2)
    assert_follows_the_palette(page, [".mfml-gd__curve", ".mfml-gd__here", ".mfml-gd__plot .fg"])


# --- Bayes ----------------------------------------------------------------------------------

KINDS = ["tp", "fn", "fp", "tn"]


def np_posterior(prevalence, sensitivity, fpr):
    prevalence, sensitivity, fpr = np.broadcast_arrays(prevalence, sensitivity, fpr)
    sick_positive = sensitivity * prevalence
    evidence = sick_positive + fpr * (1 - prevalence)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(evidence > 0, sick_positive / evidence, np.nan)


def np_counts(prevalence, sensitivity, fpr, n=10_000) -> dict:
    """Whole people, each count rounded half up, as the widget rounds."""
    sick = np.floor(n * prevalence + 0.5)
    tp = np.floor(sick * sensitivity + 0.5)
    fp = np.floor((n - sick) * fpr + 0.5)
    return {"tp": tp, "fn": sick - tp, "fp": fp, "tn": n - sick - fp}


NAMES = ("Prevalence P(D)", "Sensitivity P(+ | D)", "False-positive rate P(+ | not D)")


def settings(widget) -> tuple[float, float, float]:
    return tuple(float(widget.get_by_label(n, exact=True).input_value()) / 100 for n in NAMES)


RECT = re.compile(r"M([\d.]+),([\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+z")


def drawn_layout(widget) -> np.ndarray:
    """Which kind (0 to 3) the grid draws in each cell, -1 in the gaps between blocks: each kind
    is a path of rectangles ("M x,y h w v h h -w z", in cells of 6 units) filled with its mark."""
    paths = widget.locator("svg[role=img] path[data-kind]")
    assert paths.evaluate_all("ps => ps.map(p => p.dataset.kind)") == KINDS
    layout = np.full((109, 109), -1)
    for kind, d in enumerate(paths.evaluate_all("ps => ps.map(p => p.getAttribute('d'))")):
        assert RECT.sub("", d) == "", d
        for x, y, w, h in (np.array(m, float) / 6 for m in RECT.findall(d)):
            x, y, w, h = (round(v) for v in (x, y, w, h))
            assert (layout[y : y + h, x : x + w] == -1).all(), "rectangles overlap"
            layout[y : y + h, x : x + w] = kind
    return layout


def figure_layout(counts: dict) -> np.ndarray:
    """The lesson's figure: person i in block i // 100 of a 10 x 10 arrangement with a cell of
    gap between blocks, seat i % 100 row by row; sick and positive first, healthy and negative
    last (the figure block's own code)."""
    kind = np.repeat(np.arange(4), [int(counts[k]) for k in KINDS])
    person = np.arange(10_000)
    block, seat = person // 100, person % 100
    row = (block // 10) * 11 + seat // 10
    col = (block % 10) * 11 + seat % 10
    layout = np.full((109, 109), -1)
    layout[row, col] = kind
    return layout


def assert_bayes_shows(widget):
    """The posterior, the grid and the legend are NumPy's for the sliders' current values, and
    each slider tells a screen reader its value as a percentage."""
    sliders = [widget.get_by_label(n, exact=True) for n in NAMES]
    values = [float(s.input_value()) for s in sliders]
    assert [s.get_attribute("aria-valuetext") for s in sliders] == [f"{v:g}%" for v in values]
    prevalence, sensitivity, fpr = (v / 100 for v in values)
    text = widget.locator(".mfml-widget__readout").inner_text()
    want = np_posterior(prevalence, sensitivity, fpr)
    counts = np_counts(prevalence, sensitivity, fpr)
    if np.isnan(want):
        assert "P(D | +) is undefined" in text, text
    else:
        m = re.search(rf"P\(D \| \+\) = ({NUM}): a positive result means a ({NUM})% chance", text)
        assert m, text
        assert round(float(want), 3) == number(m[1]) and round(100 * float(want), 1) == number(m[2])
    assert np.array_equal(drawn_layout(widget), figure_layout(counts)), counts
    legend = [
        int(c.replace(",", "")) for c in widget.locator(".mfml-bayes__count").all_inner_texts()
    ]
    assert legend == [counts[k] for k in KINDS] and sum(legend) == 10_000
    positives = counts["tp"] + counts["fp"]
    if positives:
        m = re.search(
            rf"In the grid, ([\d,]+) of the ([\d,]+) (?:people|person) who test positive "
            rf"(?:are|is) sick: ({NUM})%",
            text,
        )
        assert m, text
        shown = int(m[1].replace(",", "")), int(m[2].replace(",", ""))
        assert shown == (counts["tp"], positives), text
        assert number(m[3]) == round(100 * counts["tp"] / positives, 1)
    elif np.isnan(want):
        assert text.endswith("In the grid, nobody tests positive."), text
    else:  # the formula has positives, the grid of whole people none: it says why
        assert text.endswith(
            "In the grid, nobody tests positive: fewer than 1 in 10,000 people would."
        )
        assert 10_000 * (sensitivity * prevalence + fpr * (1 - prevalence)) < 1
    return text


def test_bayes_math_matches_numpy(page, base_url):
    widget_math(page, base_url, "bayes")
    grid = (
        np.array(
            np.meshgrid(
                [0.001, 0.01, 0.1, 0.5, 0.999], [0, 0.5, 0.9, 0.99, 1], [0, 0.01, 0.05, 0.5, 1]
            )
        )
        .reshape(3, -1)
        .T.tolist()
    )
    got = page.evaluate(
        """grid => {
          const m = mfmlWidgets.math.bayes;
          return {posteriors: grid.map(g => m.posterior(...g)),
                  counts: grid.map(g => m.counts(...g)),
                  small: grid.map(g => m.counts(...g, 1000)),
                  lesson: [m.posterior(0.01, 0.99, 0.05), m.counts(0.01, 0.99, 0.05, 10000),
                           [0.5, 0.1, 0.01, 0.001].map(b => m.posterior(b, 0.9, 0.05)),
                           m.posterior(0.01, 1, 0.05), m.posterior(0.001, 0.99, 0.01)]};
        }""",
        grid,
    )
    p, s, f = np.array(grid).T
    posteriors = np.array([np.nan if v is None else v for v in got["posteriors"]])
    assert np.allclose(posteriors, np_posterior(p, s, f), equal_nan=True)
    assert np.isnan(posteriors).sum() == 5  # nobody tests positive: sensitivity 0, fpr 0
    want = np_counts(p, s, f)
    for kind in KINDS:
        assert [c[kind] for c in got["counts"]] == want[kind].tolist(), kind
        assert [c[kind] for c in got["small"]] == np_counts(p, s, f, 1000)[kind].tolist(), kind
    assert all(sum(c.values()) == 10_000 for c in got["counts"])
    # The lesson's own numbers: 1 in 6; the town of 10,000; the precision at four base rates;
    # exercise 2's perfect sensitivity; the interview question's fraud model.
    one_in_six, town, precision, perfect, fraud = got["lesson"]
    assert np.isclose(one_in_six, 1 / 6) and np.isclose(one_in_six, np_posterior(0.01, 0.99, 0.05))
    assert town == {"tp": 99, "fn": 1, "fp": 495, "tn": 9405}
    assert np.allclose(precision, np_posterior([0.5, 0.1, 0.01, 0.001], 0.9, 0.05))
    assert np.round(precision, 3).tolist() == [0.947, 0.667, 0.154, 0.018]
    assert round(perfect, 3) == 0.168 and round(fraud, 3) == 0.090


def test_bayes_by_keyboard_and_mouse_then_after_instant_navigation(page):
    page.add_init_script(LEAKS)
    with page.expect_response("**/sitemap.xml"):  # Material navigates instantly once it has it
        widget = open_widget(page, BAYES)
    mounted = page.evaluate("mfmlLeaks()")
    assert mounted["listeners"] > 0
    assert np.allclose(settings(widget), (0.01, 0.99, 0.05))  # the lesson's example
    text = assert_bayes_shows(widget)
    assert "P(D | +) = 0.167" in text and "99 of the 594 people" in text  # as the lesson says

    # --- Keyboard: the lesson's words, "push the sensitivity to 100% and it barely moves".
    widget.get_by_label("Sensitivity P(+ | D)").focus()
    page.keyboard.press("End")
    settled(page)
    assert np.allclose(settings(widget), (0.01, 1.0, 0.05))
    assert "P(D | +) = 0.168" in assert_bayes_shows(widget)
    page.keyboard.press("Home")
    settled(page)
    assert "P(D | +) = 0.000" in assert_bayes_shows(widget)
    page.keyboard.press("Tab")
    page.keyboard.press("Home")  # false-positive rate 0 too: nobody tests positive
    settled(page)
    assert "P(D | +) is undefined" in assert_bayes_shows(widget)
    # Sensitivity 1% of a prevalence of 0.1%: the formula's positives are all sick, but fewer
    # than one of the grid's 10,000, and the grid's line says so.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Home")
    settled(page)
    assert np.allclose(settings(widget), (0.001, 0.01, 0.0))
    assert "a 100.0% chance" in assert_bayes_shows(widget)
    for _ in range(18):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    settled(page)
    assert np.allclose(settings(widget), (0.019, 0.01, 0.005))
    assert_bayes_shows(widget)

    # --- Mouse: a click on the prevalence's track, then the false-positive rate's thumb dragged
    # to the left end: every positive is sick.
    prevalence = widget.get_by_label("Prevalence P(D)")
    prevalence.scroll_into_view_if_needed()
    box = prevalence.bounding_box()
    page.mouse.click(box["x"] + 0.3 * box["width"], box["y"] + box["height"] / 2)
    settled(page)
    assert settings(widget)[0] > 0.1
    assert_bayes_shows(widget)
    fpr = widget.get_by_label("False-positive rate P(+ | not D)")
    box = fpr.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8 + 0.01 * (box["width"] - 16), y)  # the thumb, at 0.5 of 50
    page.mouse.down()
    page.mouse.move(box["x"] + 0.5 * box["width"], y, steps=3)
    assert settings(widget)[2] > 0.2  # the thumb was caught
    page.mouse.move(box["x"] - 20, y, steps=3)
    page.mouse.up()
    settled(page)
    assert settings(widget)[2] == 0
    assert "P(D | +) = 1.000" in assert_bayes_shows(widget)

    # --- Instant navigation: away and back to a new copy, with nothing left of the old one.
    assert away_and_back(page, BAYES) == {"listeners": 0, "timers": 0}
    widget = live_widget(page)
    assert page.locator(".mfml-widget svg.mfml-bayes__grid").count() == 1
    assert page.evaluate("mfmlLeaks()") == mounted
    widget.get_by_label("Prevalence P(D)").focus()
    page.keyboard.press("ArrowRight")  # one press, one notch
    settled(page)
    assert np.allclose(settings(widget), (0.011, 0.99, 0.05))
    assert_bayes_shows(widget)


def test_bayes_by_touch_on_a_dark_phone(new_context):
    page = new_context(
        has_touch=True, is_mobile=True, viewport={"width": 412, "height": 860}, color_scheme="dark"
    ).new_page()
    widget = open_widget(page, BAYES)
    for name, fraction in (("Sensitivity P(+ | D)", 0.5), ("Prevalence P(D)", 0.25)):
        slider = widget.get_by_label(name)
        box = slider.bounding_box()
        before = settings(widget)
        slider.tap(position={"x": fraction * box["width"], "y": box["height"] / 2})
        settled(page)
        assert settings(widget) != before, name
        assert_bayes_shows(widget)
    assert_follows_the_palette(page, [".mfml-bayes__tn"])
