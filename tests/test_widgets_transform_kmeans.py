"""The widgets "transformations" and "kmeans" (docs/assets/widgets/, issue 17) in Chromium.

Each widget's lesson is loaded at most three times in all:

- their math against NumPy, on a blank page holding only the loader;
- each driven by mouse and keyboard on one load of a lesson, with the numbers shown checked
  against NumPy (no console error, no failed or off-site request);
- each driven by a finger on another lesson (or another load) in a dark touch context, the
  dark palette's colours checked, then the light one's;
- an instant navigation away leaves none of its listeners behind, and back again one key
  press or click moves it once, on the third.

Which lesson the transformation explorer is in changes what it says (its data-focus): on
"matrices as transformations" it names no determinant, and only on "eigenvectors" does it
start with the eigenvector lines shown."""

import contextlib
import re
from urllib.parse import urljoin

import numpy as np
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from helpers import DOCS
from test_browser import watch
from widget_helpers import LEAKS, number

MATRICES = "linear-algebra/matrices-as-transformations/"
DETERMINANTS = "linear-algebra/determinants/"
EIGENVECTORS = "linear-algebra/eigenvectors/"
KMEANS = "algorithms/kmeans/"


def open_widget(page, url, name):
    """Load `url` and bring its widget near the screen, which mounts it in place of the
    build-time figure before it; returns the live widget."""
    page.goto(url, wait_until="domcontentloaded")  # the lesson's images are not needed
    widget = live_widget(page, name)
    figure_gone(widget)
    return widget


def live_widget(page, name):
    widget = page.locator(f'.mfml-widget[data-widget="{name}"]')
    widget.evaluate("e => e.scrollIntoView()")
    page.locator(f'.mfml-widget--live[data-widget="{name}"]').wait_for()
    return widget


def figure_gone(widget, why=""):
    assert widget.evaluate("e => e.previousElementSibling.matches('.mfml-figure')")
    assert widget.locator("xpath=preceding-sibling::*[1]").is_hidden(), "the figure stays" + why


CENTRE = "e => e.scrollIntoView({block: 'center'})"
# Material takes over a link's click once it has read the sitemap: its fetch has ended.
SITEMAP_READ = """() => performance.getEntriesByType('resource')
  .some(e => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)"""
TITLE = "document.querySelector('article h1').textContent"


def away_and_back(page, url, name):
    """Mount the widget on `url`, follow the footer's link to the next page (checking that the
    widget left no listener behind) and its link back, both instant navigations, and mount the
    widget again; returns it."""
    page.add_init_script(LEAKS)
    open_widget(page, url, name)
    assert page.evaluate("mfmlLeaks().listeners") > 0  # the count sees the widget's own
    page.wait_for_function(SITEMAP_READ)
    page.evaluate("window.sameDocument = true")
    title = page.evaluate(TITLE)
    # Wait for each new page's content, not just its address, before clicking on it.
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function(f"t => {TITLE} !== t", arg=title)
    # The loader unmounts as Material hands it the new page; what is left 2 s later stays.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("() => mfmlLeaks().listeners === 0", timeout=2000)
    assert page.evaluate("mfmlLeaks().listeners") == 0, (
        "listeners left behind by the unmounted widget"
    )
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_function(f"t => {TITLE} === t", arg=title)
    assert page.evaluate(f"location.pathname.endsWith('/{url}') && window.sameDocument")
    return live_widget(page, name)  # the test checks figure_gone last: see AFTER_INSTANT


# Material's instant navigation swaps the <head>, and with it the widgets' stylesheet that the
# loader added: the figure came back beside the live widget, and the widget lost its styles.
AFTER_INSTANT = " after an instant navigation (widgets.css gone from <head>?)"


def blank_with_loader(page, base_url, *names):
    """A blank page with the loader and nothing else, once the scripts of `names` are in."""
    page.set_content(f'<script src="{urljoin(base_url, "assets/widgets/widgets.js")}"></script>')
    page.evaluate("names => Promise.all(names.map(mfmlWidgets.load)).then(() => 0)", names)


# ---- transformations


def entries(widget) -> list[float]:
    return [
        float(v) for v in widget.locator(".mfml-tf__entry").evaluate_all("l => l.map(i => i.value)")
    ]


def said(widget, key) -> str:
    """One line of the readout: "columns", "det" or "eig"."""
    return widget.locator(f".mfml-tf__say-{key}").inner_text()


def shown_det(widget) -> float:
    return number(re.match(r"det A = (\S+):", said(widget, "det"))[1])


def shown_area(widget) -> float:
    """The area of the unit square's image, as the lesson before determinants says it."""
    return number(re.search(r"has area (\S+),", said(widget, "det"))[1])


def check_eig(widget, A):
    """The eigen line of the readout (and the dashed lines) against numpy.linalg.eig."""
    text = said(widget, "eig")
    lines = widget.locator(".mfml-tf__eigline")
    w, V = np.linalg.eig(np.array(A, dtype=float))
    if np.iscomplexobj(w):
        assert text.startswith("No real eigenvectors"), text
        re_, im = re.search(r"complex, (\S+) \u00b1 (\S+)i", text).groups()
        assert (number(re_), number(im)) == (round(w[0].real, 2), round(abs(w[0].imag), 2))
        assert [lines.nth(i).is_visible() for i in range(2)] == [False, False]
        return
    assert text.startswith("Real eigenvectors"), text
    values = [number(v) for v in re.findall(r"\u03bb = (\S+?)[,.]?(?:\s|$)", text)]
    assert values == [round(v, 2) for v in sorted(w, reverse=True)]
    vectors = [[number(a), number(b)] for a, b in re.findall(r"along \((\S+), (\S+)\)", text)]
    for v, u in zip(vectors, V.T[np.argsort(-w)], strict=True):
        assert abs(abs(np.dot(v, u)) - 1) < 0.01
    assert [lines.nth(i).is_visible() for i in range(2)] == [True, True]


def to_screen(widget):
    """Plane coordinates to page pixels, found from where the handles of A e1 and A e2 are."""
    a, b, c, d = entries(widget)
    (x1, y1), (x2, _) = handle_centre(widget, 1), handle_centre(widget, 2)
    scale = (x1 - x2) / (a - b)  # pixels per unit (the same across and up)
    return lambda x, y: (x1 + (x - a) * scale, y1 - (y - c) * scale)


def handle_centre(widget, j):
    box = widget.locator(f".mfml-tf__handle.mfml-tf__e{j}").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def type_matrix(widget, values):
    for box, value in zip(widget.locator(".mfml-tf__entry").all(), values, strict=True):
        box.fill(value)


def grid_singular(rng, n):
    """n singular matrices on the widget's drag grid of 0.1: both columns multiples of one
    direction. Their det in floating point is often a tiny nonzero number, as 0.3 * 0.3 -
    0.9 * 0.1 is."""
    found = [[0.3, 0.9, 0.1, 0.3]]  # columns (0.3, 0.1) and (0.9, 0.3)
    while len(found) < n:
        g = rng.integers(-5, 6, 2)
        s = rng.integers(-5, 6, 2)
        if not g.any() or abs(g * s.max()).max() > 50 or abs(g * s.min()).max() > 50:
            continue
        (a, c), (b, d) = np.round(g * s[0] / 10, 1), np.round(g * s[1] / 10, 1)
        found.append([a, b, c, d])
    return found


def test_math_of_both_widgets_matches_numpy(page, base_url):
    """det, its sign (0 for a singular matrix), eig and apply against numpy.linalg; assign,
    update, objective and the seeded start of k-means against NumPy and a Python copy of the
    generator, on the lesson's own points."""
    rng = np.random.default_rng(0)
    matrices = [
        [2, -1, 1, 1],
        [3, 1, 1, 2],
        [4, 1, 2, 3],
        [0, -1, 1, 0],  # a quarter turn: complex eigenvalues
        [0.8, -0.6, 0.6, 0.8],
        [1, 1, 0, 1],  # a shear: one eigenvector direction
        [2, 0, 0, 2],  # every vector is an eigenvector
        [-1, 0, 0, 1],
        [2, 1, 4, 2],  # singular
        [0, 0, 0, 0],
        [0.001, 0.002, 0.002, 0.003],  # tiny entries, not singular
        *np.round(rng.uniform(-3, 3, (12, 4)), 1).tolist(),
        *np.round(rng.uniform(-5, 5, (30, 4)), 1).tolist(),  # on the drag grid
    ]
    singular = grid_singular(rng, 30)
    points = [[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [-1.5, 0.25]]
    blank_with_loader(page, base_url, "transformations", "kmeans")
    got = page.evaluate(
        """([matrices, points]) => {
          const t = mfmlWidgets.math.transformations;
          return matrices.map(m => ({det: t.det(...m), sign: t.orientation(...m),
            eig: t.eig(...m), apply: points.map(p => t.apply([[m[0], m[1]], [m[2], m[3]]], p))}));
        }""",
        [matrices + singular, points],
    )
    complex_seen = 0
    for m, js in zip(matrices + singular, got, strict=True):
        A = np.array(m, dtype=float).reshape(2, 2)
        assert np.isclose(js["det"], np.linalg.det(A)), m
        rank = np.linalg.matrix_rank(A)
        assert js["sign"] == (0 if rank < 2 else np.sign(np.linalg.det(A))), m
        assert np.allclose(js["apply"], np.array(points) @ A.T), m
        w, V = np.linalg.eig(A)
        if np.iscomplexobj(w) and abs(w.imag).max() < 1e-6:  # as [[-0.4, 0.2], [-0.8, 0.4]]:
            w, V = w.real, V.real  # 0 twice, which rounding in eig has split into +-1e-9 i
        if np.iscomplexobj(w):
            complex_seen += 1
            assert js["eig"]["complex"], m
            want = sorted(w, key=lambda z: -z.imag)
            assert np.allclose([complex(*v) for v in js["eig"]["values"]], want), m
            continue
        assert not js["eig"]["complex"], m
        order = np.argsort(-w, kind="stable")
        assert np.allclose(js["eig"]["values"], w[order]), m
        for v, u, lam in zip(js["eig"]["vectors"], V.T[order], w[order], strict=True):
            assert np.isclose(abs(np.dot(v, u)), 1), m  # both unit length: equal up to sign
            assert np.allclose(A @ v, lam * np.array(v)), m
    assert complex_seen >= 3
    # The singular ones do test a tolerance: floating point gives some a det that is not 0.
    assert sum(js["det"] != 0 for js in got[len(matrices) :]) >= 3

    data = lesson_points()
    P = rng.normal(size=(40, 2)) * 3
    C = rng.normal(size=(4, 2)) * 3
    labels = np.r_[np.arange(4), rng.integers(0, 4, 36)]
    no_three = np.where(labels == 3, 0, labels)
    js = page.evaluate(
        """([P, C, labels, noThree, data]) => {
          const km = mfmlWidgets.math.kmeans;
          const starts = [];
          for (let k = 2; k <= 5; k++)
            for (let seed = 1; seed <= 4; seed++) starts.push(km.init(data, k, seed));
          return {assign: km.assign(P, C), update: km.update(P, labels, 4),
                  objective: km.objective(P, labels, C),
                  keeps: km.update(P, noThree, 4, C), empty: km.update(P, noThree, 4),
                  starts: starts};
        }""",
        [P.tolist(), C.tolist(), labels.tolist(), no_three.tolist(), data.tolist()],
    )
    assert js["assign"] == np_assign(P, C).tolist()
    assert np.allclose(js["update"], np_update(P, labels, 4, C))
    assert np.isclose(js["objective"], np_objective(P, labels, C))
    assert np.allclose(js["keeps"], np_update(P, no_three, 4, C))  # an empty cluster stays put
    assert np.isnan(js["empty"][3]).all() and np.allclose(js["empty"][:3], js["keeps"][:3])
    want = [py_init(data, k, seed) for k in range(2, 6) for seed in range(1, 5)]
    assert all(np.array_equal(a, b) for a, b in zip(js["starts"], want, strict=True))


def test_transformations_by_mouse_and_keyboard(page, base_url):
    """On "matrices as transformations": a mouse drag sets a column, the arrow keys step a
    handle (from a typed value too), the eigenvector switch, typed entries (a rotation, a
    singular matrix whose det rounds to -1e-17, an entry far too large), each readout against
    NumPy; and no word "det" before the lesson that teaches it."""
    problems = watch(page, base_url)  # console errors, failed or off-site requests
    widget = open_widget(page, MATRICES, "transformations")
    readout = widget.locator(".mfml-tf__readout")
    assert entries(widget) == [2, -1, 1, 1]
    assert shown_area(widget) == round(np.linalg.det([[2, -1], [1, 1]]), 2) == 3
    assert said(widget, "eig") == ""  # eigenvectors come two lessons later: off
    assert not widget.get_by_label("Eigenvector lines").is_checked()
    assert not widget.locator(".mfml-tf__eigline").first.is_visible()

    widget.locator(".mfml-tf__stage").evaluate(CENTRE)  # the whole plane on the screen
    screen = to_screen(widget)
    page.mouse.move(*handle_centre(widget, 1))
    page.mouse.down()
    page.mouse.move(*screen(3, -0.5), steps=6)
    page.mouse.up()
    expect(widget.locator(".mfml-tf__entry").first).to_have_value("3")
    assert entries(widget) == [3, -1, -0.5, 1]  # A e1, the first column, is where it was dropped
    assert shown_area(widget) == round(np.linalg.det([[3, -1], [-0.5, 1]]), 2) == 2.5
    assert np.allclose(handle_centre(widget, 1), screen(3, -0.5), atol=2)
    label = widget.locator("svg[role=img]").get_attribute("aria-label")
    assert "e1 lands on (3, \u22120.5)" in label and "area 2.50, not flipped" in label
    assert "det" not in readout.inner_text() + label

    handle = widget.locator(".mfml-tf__handle.mfml-tf__e2")
    handle.press("ArrowRight")
    handle.press("Shift+ArrowDown")
    assert entries(widget) == [3, -0.9, -0.5, 0]  # one step of 0.1 across, one of 1 down
    switch = widget.get_by_label("Eigenvector lines")
    switch.press("Space")
    assert switch.is_checked()
    check_eig(widget, [[3, -0.9], [-0.5, 0]])

    type_matrix(widget, ["0.8", "-0.6", "0.6", "0.8"])  # a rotation by about 37 degrees
    check_eig(widget, [[0.8, -0.6], [0.6, 0.8]])
    assert said(widget, "det").endswith("area 1.00, orientation kept.")

    # Singular: 0.3 * 0.3 - 0.9 * 0.1 is -1.39e-17 in floating point, which is no flip.
    type_matrix(widget, ["0.3", "0.9", "0.1", "0.3"])
    assert said(widget, "det") == "The plane is squashed onto a line (or a point), area 0."
    assert "is-flipped" not in widget.locator(".mfml-tf__square").get_attribute("class")
    assert widget.locator(".mfml-tf__flag").text_content() == ""

    # Typed entries are kept within [-100, 100] (1e155 once read "NaN i"); the keys step on
    # from a typed value outside the drag range.
    first = widget.locator(".mfml-tf__entry").first
    first.fill("1e155")
    assert entries(widget)[1:] == [0.9, 0.1, 0.3]
    assert (
        "Entries are kept between \u2212100 and 100: a\u2081\u2081 is 100." in readout.inner_text()
    )
    first.press("Tab")  # the box shows the entry kept once the reader leaves it
    assert entries(widget) == [100, 0.9, 0.1, 0.3]
    assert not re.search("NaN|Infinity", readout.inner_text())
    check_eig(widget, [[100, 0.9], [0.1, 0.3]])
    widget.locator(".mfml-tf__entry").nth(1).fill("7")
    handle.press("ArrowRight")
    assert entries(widget) == [100, 7.1, 0.1, 0.3]  # from 7, not from the drag range's 5
    assert "kept between" not in readout.inner_text()
    assert problems == []


def test_transformations_by_touch_in_the_dark(new_context):
    """On "determinants", in a dark touch context: the eigenvector lines start hidden, a finger
    drags A e1 across the line of A e2 and the square flips (det against NumPy); the colours
    are Material's dark ones, then change with the light palette."""
    page = new_context(has_touch=True, color_scheme="dark").new_page()
    widget = open_widget(page, DETERMINANTS, "transformations")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert entries(widget) == [3, 1, 1, 2]
    assert widget.locator(".mfml-tf__readout").inner_text().startswith("det A = 5.00")
    assert said(widget, "eig") == ""  # eigenvectors are the next lesson: off
    assert not widget.locator(".mfml-tf__eigline").first.is_visible()

    widget.locator(".mfml-tf__stage").evaluate(CENTRE)  # the whole plane on the screen
    page.evaluate(
        "window.pointerTypes = [];"
        "addEventListener('pointerdown', e => pointerTypes.push(e.pointerType), true)"
    )
    screen = to_screen(widget)
    # Mostly up the screen: a handle must keep the gesture that would scroll anywhere else.
    (x0, y0), (x1, y1) = handle_centre(widget, 1), screen(1.5, 4)
    cdp = page.context.new_cdp_session(page)

    def swipe(x0, y0, x1, y1):
        touch = "Input.dispatchTouchEvent"
        cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
        for t in np.linspace(0, 1, 7)[1:]:
            point = {"x": x0 + t * (x1 - x0), "y": y0 + t * (y1 - y0)}
            cdp.send(touch, {"type": "touchMove", "touchPoints": [point]})
        cdp.send(touch, {"type": "touchEnd", "touchPoints": []})

    swipe(x0, y0, x1, y1)
    expect(widget.locator(".mfml-tf__entry").first).to_have_value("1.5")
    assert page.evaluate("pointerTypes") == ["touch"]
    assert entries(widget) == [1.5, 1, 4, 2]
    assert shown_det(widget) == round(np.linalg.det([[1.5, 1], [4, 2]]), 2) == -1.0
    assert "orientation flipped" in said(widget, "det")
    assert "is-flipped" in widget.locator(".mfml-tf__square").get_attribute("class")
    assert widget.locator(".mfml-tf__flag").text_content() == "orientation flipped"
    # The same gesture off the handles scrolls the page and moves nothing.
    top = page.evaluate("scrollY")
    swipe(*screen(-3, -2), *screen(-3, 1))
    page.wait_for_function("top => scrollY > top", arg=top)
    assert entries(widget) == [1.5, 1, 4, 2]

    e1 = widget.locator(".mfml-tf__e1 line")
    e2 = widget.locator(".mfml-tf__e2 line")
    grid = widget.locator(".mfml-tf__grid")
    dark = [e1.evaluate(STROKE), e2.evaluate(STROKE), grid.evaluate(STROKE)]
    # Material's dark link indigo and its accent; the grid in the dark text colour, faded.
    assert dark[:2] == ["rgb(84, 136, 232)", "rgb(255, 110, 66)"]
    assert dark[2] == page.evaluate(COLOUR, [".mfml-tf", "--md-default-fg-color--lighter"])
    page.evaluate("document.body.dataset.mdColorScheme = 'default'")
    light = [e1.evaluate(STROKE), e2.evaluate(STROKE), grid.evaluate(STROKE)]
    assert all(a != b for a, b in zip(dark, light, strict=True)), (dark, light)


def test_transformations_after_instant_navigation_moves_once_per_key(page):
    """On "eigenvectors", back from the next page: mounted once, the eigenvector lines on from
    the start, and one key press moves a handle one step."""
    widget = away_and_back(page, EIGENVECTORS, "transformations")
    assert widget.locator(".mfml-tf").count() == 1  # mounted once
    assert widget.locator(".mfml-tf__readout").inner_text().startswith("Real eigenvectors")
    check_eig(widget, [[4, 1], [2, 3]])
    widget.locator(".mfml-tf__handle.mfml-tf__e2").press("ArrowRight")
    assert entries(widget) == [4, 1.1, 2, 3]  # one step, not two
    check_eig(widget, [[4, 1.1], [2, 3]])
    assert shown_det(widget) == round(np.linalg.det([[4, 1.1], [2, 3]]), 2)
    figure_gone(widget, AFTER_INSTANT)


STROKE = "e => getComputedStyle(e).stroke"
FILL = "e => getComputedStyle(e).fill"
COLOUR = """([root, name]) => {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  document.querySelector(root).append(probe);
  const c = getComputedStyle(probe).color;
  probe.remove();
  return c;
}"""


# ---- kmeans

LESSON = DOCS / "algorithms" / "kmeans.md"


def lesson_points() -> np.ndarray:
    """The widget's points, from its data-points in the lesson; its invisible check restates
    them (and checks that they form four groups): the two must agree."""
    text = LESSON.read_text(encoding="utf-8")
    attribute = re.search(r'data-widget="kmeans"[^>]*data-points="([^"]*)"', text)[1]
    restated = re.search(
        r'_widget = np\.array\(\[_p\.split\(","\) for _p in """(.*?)"""', text, re.S
    )
    P = np.array([[float(v) for v in pair.split(",")] for pair in attribute.split()])
    assert np.array_equal(P, np.array([p.split(",") for p in restated[1].split()], dtype=float))
    return P


def widget_points(page) -> np.ndarray:
    """The points the k-means widget clusters: its data-points attribute."""
    text = page.locator('.mfml-widget[data-widget="kmeans"]').get_attribute("data-points")
    return np.array([[float(v) for v in pair.split(",")] for pair in text.split()])


def np_assign(P, C):
    return ((P[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)


def np_update(P, labels, k, previous):
    return np.array(
        [P[labels == j].mean(axis=0) if (labels == j).any() else previous[j] for j in range(k)]
    )


def np_objective(P, labels, C):
    return ((P - C[labels]) ** 2).sum()


def mulberry32(seed):
    """The widget's generator, in Python: uniform numbers in [0, 1) from a 32-bit state."""
    mask = 0xFFFFFFFF
    state = seed & mask

    def imul(a, b):
        return (a * b) & mask

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & mask
        t = imul(state ^ (state >> 15), 1 | state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & mask) ^ t
        return ((t ^ (t >> 14)) & mask) / 2**32

    return random


def py_init(P, k, seed):
    """The widget's start: k distinct points, drawn in turn by the seeded generator."""
    random = mulberry32(seed)
    chosen = []
    while len(chosen) < k:
        p = P[int(random() * len(P))]
        if not any(np.array_equal(p, c) for c in chosen):
            chosen.append(p)
    return np.array(chosen)


class Run:
    """k-means in NumPy beside the widget: each step pressed, the readout checked against it."""

    def __init__(self, widget, P, k, seed):
        self.widget, self.P, self.C = widget, P, py_init(P, k, seed)
        self.labels, self.converged, self.step, self.shown = None, False, 0, []

    def steps(self, n, press):
        readout = self.widget.locator(".mfml-km__readout")
        for _ in range(n):
            press()
            self.step += 1
            said = readout.inner_text()
            if self.step % 2:  # odd steps assign, even ones update
                labels = np_assign(self.P, self.C)
                if self.labels is None:
                    want = f"Step {self.step}, assign: every point joined its nearest centre. J"
                else:
                    moved = int((labels != self.labels).sum())
                    self.converged |= moved == 0
                    s = "" if moved == 1 else "s"
                    want = f"Step {self.step}, assign: every point joined its nearest centre "
                    want += f"({moved} point{s} changed cluster)."
                self.labels = labels
            else:
                self.C = np_update(self.P, self.labels, len(self.C), self.C)
                how = "is already at" if self.converged else "moved to"
                want = f"Step {self.step}, update: every centre {how} the mean of its points."
            assert said.startswith(want), (want, said)
            assert ("Converged" in said) == self.converged, said  # on every step once it is
            J = number(re.search(r" J = (\S+?)\.(?:\s|$)", said)[1])
            assert round(np_objective(self.P, self.labels, self.C), 2) == J, (self.step, said)
            self.shown.append(J)
        assert (np.diff(self.shown) <= 0).all()  # J never goes up
        dots = self.widget.locator(".mfml-km__line").get_attribute("points").split()
        assert len(dots) == self.step  # the chart has one point per step so far
        return self


def test_kmeans_by_mouse_and_keyboard_shows_numpys_steps(page, base_url):
    """Clicks, Enter and Space on "Next step", the slider's arrow key, "New start" and "Start
    over", each readout (which step, how many points moved, converged, J) against NumPy."""
    problems = watch(page, base_url)  # console errors, failed or off-site requests
    widget = open_widget(page, KMEANS, "kmeans")
    P = widget_points(page)
    assert np.array_equal(P, lesson_points())
    next_step = widget.locator(".mfml-km__next")
    assert widget.locator(".mfml-km__j").inner_text() == "not yet defined"
    run = Run(widget, P, 3, 1).steps(8, next_step.click)
    assert run.converged  # at step 7; step 8 says so too

    slider = widget.locator("input[type=range]")
    slider.focus()
    slider.press("ArrowRight")  # k = 4: a fresh start from the same seed
    assert widget.locator("output").inner_text() == "4"
    assert widget.locator(".mfml-km__readout").inner_text().startswith("Start: 4 centres")
    run = Run(widget, P, 4, 1).steps(2, lambda: next_step.press("Enter"))
    run.steps(1, lambda: next_step.press(" "))

    widget.get_by_role("button", name="New start").click()  # the next seed
    Run(widget, P, 4, 2).steps(3, next_step.click)
    widget.get_by_role("button", name="Start over").click()
    assert widget.locator(".mfml-km__line").get_attribute("points") == ""
    Run(widget, P, 4, 2).steps(1, next_step.click)
    assert problems == []


def test_kmeans_tapped_in_the_dark(new_context):
    """A finger's taps on "Next step" step once each, in Material's dark colours, which change
    with the light palette."""
    page = new_context(has_touch=True, color_scheme="dark").new_page()
    widget = open_widget(page, KMEANS, "kmeans")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    next_step = widget.locator(".mfml-km__next")
    next_step.scroll_into_view_if_needed()
    box = next_step.bounding_box()
    page.evaluate(
        "window.clickTypes = [];"
        "addEventListener('click', e => clickTypes.push(e.pointerType), true)"
    )

    def tap():
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    Run(widget, widget_points(page), 3, 1).steps(2, tap)
    assert page.evaluate("clickTypes") == ["touch", "touch"]  # a finger's, not a mouse's

    # The points have their clusters' colours, the same as their centres'.
    fills = [widget.locator(f".mfml-km__centre.mfml-km__c{j}").evaluate(FILL) for j in range(3)]
    points = [
        widget.locator(f".mfml-km__point.mfml-km__c{j}").first.evaluate(FILL) for j in range(3)
    ]
    assert fills == points == ["rgb(84, 136, 232)", "rgb(255, 110, 66)", "rgb(102, 187, 106)"]
    line = widget.locator(".mfml-km__line").evaluate(STROKE)
    assert line == page.evaluate(COLOUR, [".mfml-km", "--md-default-fg-color"])
    page.evaluate("document.body.dataset.mdColorScheme = 'default'")
    assert widget.locator(".mfml-km__line").evaluate(STROKE) != line
    assert widget.locator(".mfml-km__centre.mfml-km__c2").evaluate(FILL) == "rgb(46, 125, 50)"


def test_kmeans_after_instant_navigation_steps_once_per_click(page):
    widget = away_and_back(page, KMEANS, "kmeans")
    assert widget.locator(".mfml-km").count() == 1  # mounted once
    Run(widget, widget_points(page), 3, 1).steps(2, widget.locator(".mfml-km__next").click)
    figure_gone(widget, AFTER_INSTANT)
