"""The widgets "transformations" and "kmeans" (docs/assets/widgets/, issue 17) in Chromium.

Their math against NumPy; each driven by mouse, keyboard and touch, with the numbers shown
checked against NumPy; one step per click after an instant navigation away and back (no
doubled listeners); and the dark palette's colours in the slate scheme."""

import re

import numpy as np
from playwright.sync_api import expect

from test_browser import watch

MATRICES = "linear-algebra/matrices-as-transformations/"
DETERMINANTS = "linear-algebra/determinants/"
EIGENVECTORS = "linear-algebra/eigenvectors/"
KMEANS = "algorithms/kmeans/"


def open_widget(page, url, name):
    """Load `url` and bring its widget into view, which mounts it in place of the build-time
    figure before it; returns the widget."""
    page.goto(url)
    widget = page.locator(f'.mfml-widget[data-widget="{name}"]')
    widget.evaluate("e => e.scrollIntoView()")
    page.wait_for_selector(f'.mfml-widget--live[data-widget="{name}"]')
    assert widget.evaluate("e => e.previousElementSibling.matches('.mfml-figure')")
    assert widget.locator("xpath=preceding-sibling::*[1]").is_hidden(), "the figure stays"
    return widget


def number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


TITLE = "document.querySelector('article h1').textContent"


def away_and_back(page, url, name):
    """Mount the widget on `url`, follow the footer's link to the next page and its link back,
    both instant navigations, and mount the widget again; returns it."""
    open_widget(page, url, name)
    page.wait_for_load_state("networkidle")  # Material has the sitemap: navigations are instant
    page.evaluate("window.sameDocument = true")
    title = page.evaluate(TITLE)
    # Wait for each new page's content, not just its address, before clicking on it.
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function(f"t => {TITLE} !== t", arg=title)
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_function(f"t => {TITLE} === t", arg=title)
    assert page.evaluate(f"location.pathname.endsWith('/{url}') && window.sameDocument")
    widget = page.locator(f'.mfml-widget[data-widget="{name}"]')
    widget.evaluate("e => e.scrollIntoView()")
    page.wait_for_selector(f'.mfml-widget--live[data-widget="{name}"]')
    return widget


# ---- transformations


def entries(widget) -> list[float]:
    return [
        float(v) for v in widget.locator(".mfml-tf__entry").evaluate_all("l => l.map(i => i.value)")
    ]


def shown_det(widget) -> float:
    text = widget.locator(".mfml-tf__say-det").inner_text()
    return number(re.match(r"det A = (\S+):", text)[1])


def to_screen(widget):
    """Plane coordinates to page pixels, found from where the handles of A e1 and A e2 are."""
    a, b, c, d = entries(widget)
    (x1, y1), (x2, _) = handle_centre(widget, 1), handle_centre(widget, 2)
    scale = (x1 - x2) / (a - b)  # pixels per unit (the same across and up)
    return lambda x, y: (x1 + (x - a) * scale, y1 - (y - c) * scale)


def handle_centre(widget, j):
    box = widget.locator(f".mfml-tf__handle.mfml-tf__e{j}").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_math_of_both_widgets_matches_numpy(page):
    """det, eig and apply against numpy.linalg; assign, update, objective and the seeded start
    of k-means against NumPy and a Python copy of the generator."""
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
        *np.round(rng.uniform(-3, 3, (12, 4)), 1).tolist(),
    ]
    points = [[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [-1.5, 0.25]]
    page.goto(KMEANS)
    got = page.evaluate(
        """async ([matrices, points]) => {
          await mfmlWidgets.load("transformations");
          const t = mfmlWidgets.math.transformations;
          return matrices.map(m => ({det: t.det(...m), eig: t.eig(...m),
            apply: points.map(p => t.apply([[m[0], m[1]], [m[2], m[3]]], p))}));
        }""",
        [matrices, points],
    )
    complex_seen = 0
    for m, js in zip(matrices, got, strict=True):
        A = np.array(m, dtype=float).reshape(2, 2)
        assert np.isclose(js["det"], np.linalg.det(A)), m
        assert np.allclose(js["apply"], np.array(points) @ A.T), m
        w, V = np.linalg.eig(A)
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

    data = widget_points(page)
    P = rng.normal(size=(40, 2)) * 3
    C = rng.normal(size=(4, 2)) * 3
    labels = np.r_[np.arange(4), rng.integers(0, 4, 36)]
    no_three = np.where(labels == 3, 0, labels)
    js = page.evaluate(
        """async ([P, C, labels, noThree, data]) => {
          await mfmlWidgets.load("kmeans");
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


def test_dragging_a_handle_with_the_mouse_sets_the_column_and_det(page):
    widget = open_widget(page, MATRICES, "transformations")
    assert entries(widget) == [2, -1, 1, 1]
    widget.locator(".mfml-tf__handle.mfml-tf__e1").scroll_into_view_if_needed()
    screen = to_screen(widget)
    page.mouse.move(*handle_centre(widget, 1))
    page.mouse.down()
    page.mouse.move(*screen(3, -0.5), steps=6)
    page.mouse.up()
    expect(widget.locator(".mfml-tf__entry").first).to_have_value("3")
    assert entries(widget) == [3, -1, -0.5, 1]  # A e1, the first column, is where it was dropped
    A = np.array([[3, -1], [-0.5, 1]])
    assert shown_det(widget) == round(np.linalg.det(A), 2) == 2.5
    x, y = handle_centre(widget, 1)
    assert np.allclose((x, y), screen(3, -0.5), atol=2)
    label = widget.locator("svg[role=img]").get_attribute("aria-label")
    assert "e1 lands on (3, \u22120.5)" in label and "signed area 2.50" in label


def test_arrow_keys_move_a_handle_and_a_rotation_has_no_real_eigenvectors(page, base_url):
    problems = watch(page, base_url)  # console errors, failed or off-site requests
    widget = open_widget(page, EIGENVECTORS, "transformations")
    handle = widget.locator(".mfml-tf__handle.mfml-tf__e2")
    handle.focus()
    handle.press("ArrowRight")
    handle.press("Shift+ArrowDown")
    assert entries(widget) == [4, 1.1, 2, 2]  # one step of 0.1 across, one of 1 down
    A = np.array([[4, 1.1], [2, 2]])
    w, V = np.linalg.eig(A)
    said = widget.locator(".mfml-tf__say-eig").inner_text()
    assert said.startswith("Real eigenvectors")
    values = [number(v) for v in re.findall(r"\u03bb = (\S+?)[,.]?(?:\s|$)", said)]
    assert values == [round(v, 2) for v in sorted(w, reverse=True)]
    vectors = [[number(a), number(b)] for a, b in re.findall(r"along \((\S+), (\S+)\)", said)]
    for v, u in zip(vectors, V.T[np.argsort(-w)], strict=True):
        assert abs(abs(np.dot(v, u)) - 1) < 0.01
    assert shown_det(widget) == round(np.linalg.det(A), 2)
    lines = widget.locator(".mfml-tf__eigline")
    assert [lines.nth(i).is_visible() for i in range(2)] == [True, True]

    for box, value in zip(
        widget.locator(".mfml-tf__entry").all(), ["0.8", "-0.6", "0.6", "0.8"], strict=True
    ):
        box.fill(value)  # a rotation by about 37 degrees
    said = widget.locator(".mfml-tf__say-eig").inner_text()
    w = np.linalg.eigvals(np.array([[0.8, -0.6], [0.6, 0.8]]))
    assert said.startswith("No real eigenvectors"), said
    re_, im = re.search(r"complex, (\S+) \u00b1 (\S+)i", said).groups()
    assert (number(re_), number(im)) == (round(w[0].real, 2), round(abs(w[0].imag), 2))
    assert [lines.nth(i).is_visible() for i in range(2)] == [False, False]
    assert shown_det(widget) == 1.0
    assert problems == []


def test_a_touch_drag_flips_the_square(new_context):
    page = new_context(has_touch=True).new_page()
    widget = open_widget(page, DETERMINANTS, "transformations")
    assert entries(widget) == [3, 1, 1, 2]
    widget.locator(".mfml-tf__handle.mfml-tf__e1").scroll_into_view_if_needed()
    page.evaluate(
        "window.pointerTypes = [];"
        "addEventListener('pointerdown', e => pointerTypes.push(e.pointerType), true)"
    )
    screen = to_screen(widget)
    (x0, y0), (x1, y1) = handle_centre(widget, 1), screen(-1, 2)
    cdp = page.context.new_cdp_session(page)
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for t in np.linspace(0, 1, 7)[1:]:
        point = {"x": x0 + t * (x1 - x0), "y": y0 + t * (y1 - y0)}
        cdp.send(touch, {"type": "touchMove", "touchPoints": [point]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})
    expect(widget.locator(".mfml-tf__entry").first).to_have_value("-1")
    assert page.evaluate("pointerTypes") == ["touch"]
    assert entries(widget) == [-1, 1, 2, 2]
    A = np.array([[-1, 1], [2, 2]])
    assert shown_det(widget) == round(np.linalg.det(A), 2) == -4.0
    assert "orientation flipped" in widget.locator(".mfml-tf__say-det").inner_text()
    assert "is-flipped" in widget.locator(".mfml-tf__square").get_attribute("class")
    assert widget.locator(".mfml-tf__flag").text_content() == "orientation flipped"


def test_transformations_after_instant_navigation_moves_once_per_key(page):
    widget = away_and_back(page, MATRICES, "transformations")
    assert widget.locator(".mfml-tf").count() == 1  # mounted once
    widget.locator(".mfml-tf__handle.mfml-tf__e1").press("ArrowUp")
    assert entries(widget) == [2, -1, 1.1, 1]  # one step, not two
    assert shown_det(widget) == round(np.linalg.det([[2, -1], [1.1, 1]]), 2)


def test_both_widgets_draw_in_the_dark_palette(new_context):
    page = new_context(color_scheme="dark").new_page()
    colour = """([root, name]) => {
      const probe = document.createElement('span');
      probe.style.color = `var(${name})`;
      document.querySelector(root).append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    }"""
    stroke = "e => getComputedStyle(e).stroke"
    fill = "e => getComputedStyle(e).fill"
    widget = open_widget(page, DETERMINANTS, "transformations")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    e1 = widget.locator(".mfml-tf__e1 line")
    e2 = widget.locator(".mfml-tf__e2 line")
    grid = widget.locator(".mfml-tf__grid")
    dark = [e1.evaluate(stroke), e2.evaluate(stroke), grid.evaluate(stroke)]
    # Material's dark link indigo and its accent; the grid in the dark text colour, faded.
    assert dark[:2] == ["rgb(84, 136, 232)", "rgb(255, 110, 66)"]
    assert dark[2] == page.evaluate(colour, [".mfml-tf", "--md-default-fg-color--lighter"])
    page.evaluate("document.body.dataset.mdColorScheme = 'default'")
    light = [e1.evaluate(stroke), e2.evaluate(stroke), grid.evaluate(stroke)]
    assert all(a != b for a, b in zip(dark, light, strict=True)), (dark, light)

    widget = open_widget(page, KMEANS, "kmeans")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    widget.locator(".mfml-km__next").click()  # assign: the points take their clusters' colours
    fills = [widget.locator(f".mfml-km__centre.mfml-km__c{j}").evaluate(fill) for j in range(3)]
    points = [
        widget.locator(f".mfml-km__point.mfml-km__c{j}").first.evaluate(fill) for j in range(3)
    ]
    assert fills == points == ["rgb(84, 136, 232)", "rgb(255, 110, 66)", "rgb(102, 187, 106)"]
    line = widget.locator(".mfml-km__line").evaluate(stroke)
    assert line == page.evaluate(colour, [".mfml-km", "--md-default-fg-color"])
    page.evaluate("document.body.dataset.mdColorScheme = 'default'")
    assert widget.locator(".mfml-km__line").evaluate(stroke) != line
    assert widget.locator(".mfml-km__centre.mfml-km__c2").evaluate(fill) == "rgb(46, 125, 50)"


# ---- kmeans


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


def shown_j(widget) -> float:
    return number(widget.locator(".mfml-km__j").inner_text())


def check_steps(widget, P, C, labels, steps, first, press):
    """Take `steps` steps with `press`, checking each J shown against NumPy's; returns the state."""
    shown = []
    for n in range(first, first + steps):
        press()
        said = widget.locator(".mfml-km__readout").inner_text()
        if labels is None or n % 2 == 1:  # odd steps assign, even ones update
            assert said.startswith(f"Step {n}, assign"), said
            labels = np_assign(P, C)
        else:
            assert said.startswith(f"Step {n}, update"), said
            C = np_update(P, labels, len(C), C)
        shown.append(shown_j(widget))
        assert shown[-1] == round(np_objective(P, labels, C), 2), (n, said)
    assert (np.diff(shown) <= 0).all()  # J never goes up
    dots = widget.locator(".mfml-km__line").get_attribute("points").split()
    assert len(dots) == first + steps - 1  # the chart has one point per step so far
    return C, labels


def test_kmeans_steps_by_mouse_and_keyboard_show_numpys_j(page, base_url):
    problems = watch(page, base_url)  # console errors, failed or off-site requests
    widget = open_widget(page, KMEANS, "kmeans")
    P = widget_points(page)
    assert P.shape == (60, 2)
    next_step = widget.locator(".mfml-km__next")
    assert widget.locator(".mfml-km__j").inner_text() == "not yet defined"
    check_steps(widget, P, py_init(P, 3, 1), None, 8, 1, next_step.click)

    slider = widget.locator("input[type=range]")
    slider.focus()
    slider.press("ArrowRight")  # k = 4: a fresh start from the same seed
    assert widget.locator("output").inner_text() == "4"
    assert widget.locator(".mfml-km__readout").inner_text().startswith("Start: 4 centres")
    C, labels = check_steps(
        widget, P, py_init(P, 4, 1), None, 2, 1, lambda: next_step.press("Enter")
    )
    check_steps(widget, P, C, labels, 1, 3, lambda: next_step.press(" "))

    widget.get_by_role("button", name="New start").click()  # the next seed
    check_steps(widget, P, py_init(P, 4, 2), None, 3, 1, next_step.click)
    widget.get_by_role("button", name="Start over").click()
    assert widget.locator(".mfml-km__line").get_attribute("points") == ""
    check_steps(widget, P, py_init(P, 4, 2), None, 1, 1, next_step.click)
    assert problems == []


def test_kmeans_tapped_with_a_finger_steps_once(new_context):
    page = new_context(has_touch=True).new_page()
    widget = open_widget(page, KMEANS, "kmeans")
    P = widget_points(page)
    next_step = widget.locator(".mfml-km__next")
    next_step.scroll_into_view_if_needed()
    box = next_step.bounding_box()
    page.evaluate(
        "window.clickTypes = [];"
        "addEventListener('click', e => clickTypes.push(e.pointerType), true)"
    )

    def tap():
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    check_steps(widget, P, py_init(P, 3, 1), None, 2, 1, tap)
    assert page.evaluate("clickTypes") == ["touch", "touch"]  # a finger's, not a mouse's


def test_kmeans_after_instant_navigation_steps_once_per_click(page):
    widget = away_and_back(page, KMEANS, "kmeans")
    assert widget.locator(".mfml-km").count() == 1  # mounted once
    P = widget_points(page)
    check_steps(widget, P, py_init(P, 3, 1), None, 2, 1, widget.locator(".mfml-km__next").click)
