"""The loss-landscape widget in Chromium (calculus/optimisers, docs/assets/widgets/landscape.js).

Its math (mfmlWidgets.math.landscape) is compared, on a blank page with only its script, with
the lesson's four update rules written again here in NumPy, on all three surfaces from several
starts; on the saddle a run ends at the lab's escape, |y| > 1, and from the lab's start its
step counts are the lab's. The widget is driven by mouse and keyboard on one page load: the
arrow keys turn the surface and move the start, Enter runs, a click on the contour map starts
all four runs there (the start it reports is the point under the pointer, and the losses and
step counts it shows are NumPy's from that start), a drag turns the surface, the surface menu
changes the function. Then by touch in the slate palette on another: a tap starts the runs,
a touch drag turns the surface, and it draws in the palette's colours. It survives Material's
instant navigation without leaving a listener behind.
(What every widget shares, axe-core and the no-JavaScript figure, is tests/test_widgets.py.)"""

import json
from functools import cache

import numpy as np

from helpers import DOCS
from widget_helpers import FRAME, LEAKS, STUB, live_widget

URL = "calculus/optimisers/"
SCRIPT = DOCS / "assets" / "widgets" / "landscape.js"
OPTIMISERS = ["gd", "momentum", "rmsprop", "adam"]
TOL = 1e-3  # the lesson's race: within 10^-3 of the minimum

# The defaults of the lesson's functions momentum, rmsprop and adam.
DEFAULTS = {
    "gd": {},
    "momentum": {"beta": 0.9},
    "rmsprop": {"rho": 0.9, "eps": 1e-8},
    "adam": {"eta": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


def _settings(gd, momentum, rmsprop, adam):
    return {
        "gd": {"eta": gd},
        "momentum": {"eta": momentum, "beta": 0.9},
        "rmsprop": {"eta": rmsprop, "rho": 0.9, "eps": 1e-8},
        "adam": {"eta": adam, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    }


# The three surfaces: the lesson's canyon with the race's learning rates, and the lab's
# Rosenbrock valley and saddle with the lab's (lessons_src/optimiser_race.py). `bounds`: where
# a run counts as off the map (blown up): the map and half its size again on every side.
# `escape`: on the saddle a run ends at the first point with |y| > 1, the lab's stop=escaped,
# and a start is kept within `starts`, not already escaped.
SURFACES = {
    "valley": {
        "f": lambda x, y: 0.5 * (x**2 + 100 * y**2),
        "grad": lambda w: np.array([w[0], 100 * w[1]]),
        "box": ((-9, 3), (-1.4, 1.4)),
        "bounds": ((-15, 9), (-2.8, 2.8)),
        "minimum": (0.0, 0.0),
        "start": (-8.0, 1.0),
        "steps": 1000,
        "settings": _settings(0.019, 0.01, 0.01, 0.3),
    },
    "rosenbrock": {
        "f": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        "grad": lambda w: np.array(
            [-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] ** 2), 200 * (w[1] - w[0] ** 2)]
        ),
        "box": ((-2, 2), (-0.5, 3)),
        "bounds": ((-4, 4), (-2.25, 4.75)),
        "minimum": (1.0, 1.0),
        "start": (-1.5, 2.0),
        "steps": 5000,
        "settings": _settings(0.001, 0.002, 0.002, 0.02),
    },
    "saddle": {
        "f": lambda x, y: x**2 - y**2,
        "grad": lambda w: np.array([2 * w[0], -2 * w[1]]),
        "box": ((-2, 2), (-1.5, 1.5)),
        "bounds": ((-4, 4), (-3, 3)),
        "starts": ((-2, 2), (-1, 1)),
        "escape": 1.0,
        "minimum": None,
        "start": (1.0, 0.001),
        "steps": 2000,
        "settings": _settings(0.01, 0.01, 0.01, 0.01),
    },
}


# The lab's saddle race at eta = 0.01 (task 6), from its start (1, 0.001): the steps until
# |y| > 1 of GD, momentum, RMSProp and Adam.
LAB_SADDLE_STEPS = [349, 72, 72, 77]


def outcome(surface, last) -> str:
    """How a run ended: "left" the bounds, "reached" the minimum, "escaped", or "budget"."""
    s = SURFACES[surface]
    (x0, x1), (y0, y1) = s["bounds"]
    if not (np.all(np.isfinite(last)) and x0 <= last[0] <= x1 and y0 <= last[1] <= y1):
        return "left"
    if s["minimum"] is not None and np.linalg.norm(last - s["minimum"]) < TOL:
        return "reached"
    return "escaped" if "escape" in s and abs(last[1]) > s["escape"] else "budget"


@cache
def np_run(name, surface, start, steps=None, params=None):
    """The lesson's update rules, line for line, with the widget's stopping rule; `params`, if
    given, a tuple of (name, value) pairs."""
    s = SURFACES[surface]
    p = {**DEFAULTS[name], **(s["settings"][name] if params is None else dict(params))}
    w = np.array(start, dtype=float)
    v, m, sq = np.zeros(2), np.zeros(2), np.zeros(2)
    path = [w]
    for t in range(1, (s["steps"] if steps is None else steps) + 1):
        g = s["grad"](w)
        if name == "gd":
            w = w - p["eta"] * g
        elif name == "momentum":
            v = p["beta"] * v + g
            w = w - p["eta"] * v
        elif name == "rmsprop":
            sq = p["rho"] * sq + (1 - p["rho"]) * g**2
            w = w - p["eta"] * g / (np.sqrt(sq) + p["eps"])
        else:
            m = p["beta1"] * m + (1 - p["beta1"]) * g
            sq = p["beta2"] * sq + (1 - p["beta2"]) * g**2
            m_hat = m / (1 - p["beta1"] ** t)
            s_hat = sq / (1 - p["beta2"] ** t)
            w = w - p["eta"] * m_hat / (np.sqrt(s_hat) + p["eps"])
        path.append(w)
        if outcome(surface, w) != "budget":
            break
    path = np.array(path)
    path.flags.writeable = False  # cached: shared by every caller
    return path


def open_widget(page):
    page.goto(URL, wait_until="domcontentloaded")  # the widget needs the loader, not the load
    return whole_widget(page)


def whole_widget(page):
    """The live widget, then scrolled, if need be, until all of it is on screen: this file's
    mouse and touch tests click at coordinates in it."""
    widget = live_widget(page)
    widget.scroll_into_view_if_needed()
    return widget


def state(widget) -> dict:
    return widget.evaluate("e => Object.assign({}, e.dataset)")


def shown_results(widget) -> dict:
    """Per optimiser: the loss, step count and outcome the readout shows."""
    return widget.evaluate("""e => Object.fromEntries(
        [...e.querySelectorAll('.mfml-ls__result')].map(r => [r.dataset.optimiser, {
            loss: Number(r.dataset.loss), steps: Number(r.dataset.steps),
            outcome: r.dataset.outcome, text: r.textContent}]))""")


WHY = {"reached": "reached the minimum", "escaped": "escaped", "left": "left the map"}


def assert_shows_numpy(widget, surface, start):
    s = SURFACES[surface]
    shown = shown_results(widget)
    for name in OPTIMISERS:
        path = np_run(name, surface, tuple(start))
        last, ended = path[-1], outcome(surface, path[-1])
        got = shown[name]
        assert got["steps"] == len(path) - 1, (surface, start, name, got)
        assert np.isclose(got["loss"], s["f"](*last), rtol=1e-6, atol=1e-12), (name, got)
        assert got["outcome"] == ended, (name, got)
        steps = f"{len(path) - 1} step" + ("" if len(path) == 2 else "s")
        assert f"after {steps}, " in got["text"], got["text"]
        if ended in WHY:
            assert got["text"].endswith(WHY[ended]), got["text"]


def started(widget) -> tuple[float, float]:
    now = state(widget)
    return float(now["startX"]), float(now["startY"])


def map_point(widget, fx: float, fy: float):
    """An integer client position at fractions (fx, fy) of the contour map's plot area, and
    the point of the surface under it, from the plot's box on screen and the surface's map."""
    box = widget.locator(".mfml-ls__area").bounding_box()
    cx, cy = round(box["x"] + fx * box["width"]), round(box["y"] + fy * box["height"])
    return (cx, cy), box


def data_at(box, surface, cx, cy):
    (x0, x1), (y0, y1) = SURFACES[surface]["box"]
    return (
        x0 + (cx - box["x"]) / box["width"] * (x1 - x0),
        y1 - (cy - box["y"]) / box["height"] * (y1 - y0),
    )


def turned_from(page, widget, azimuth: str) -> str:
    """Wait until a drag has turned the surface away from `azimuth`; the new azimuth."""
    page.wait_for_function(
        "([e, a]) => e.dataset.azimuth !== a", arg=[widget.element_handle(), azimuth], timeout=5000
    )
    return state(widget)["azimuth"]


def test_landscape_math_matches_numpy(page):
    page.set_content("<!doctype html><title>landscape.js alone</title>")  # no lesson, no site
    page.add_script_tag(content=STUB)
    page.add_script_tag(path=SCRIPT)
    starts = {
        "valley": [(-8.0, 1.0), (2.5, -1.2), (-5.0, 0.3)],
        "rosenbrock": [(-1.5, 2.0), (0.5, -0.3), (1.8, 2.9)],
        "saddle": [(1.0, 0.001), (-1.5, 0.5), (0.3, -0.6)],
    }
    # One JSON string back (exact: JSON writes each double so that it reads back the same):
    # Playwright's own transfer of the 50 000 points of the paths takes seconds.
    got = page.evaluate(
        """starts => { const m = mfmlWidgets.math.landscape, out = {};
        for (const [s, points] of Object.entries(starts)) {
          const surface = m.surfaces[s];
          const runs = points.map(p => m.optimisers.map(o => m.run(o, s, p)));
          out[s] = {
            runs, outcomes: runs.map(r => r.map(path => m.summary(s, path).outcome)),
            f: points.map(p => surface.f(p[0], p[1])),
            grad: points.map(p => surface.grad(p[0], p[1])),
            settings: surface.settings, steps: surface.steps, box: surface.box,
            bounds: surface.bounds, escape: surface.escape ?? null, starts: surface.starts ?? null,
          };
        }
        // The lesson's default Adam (eta = 0.001) in its canyon race: 3000 steps from (-8, 1).
        out.adamDefault = m.run('adam', 'valley', [-8, 1], 3000, {});
        return JSON.stringify(out); }""",
        starts,
    )
    got = json.loads(got)
    for surface, points in starts.items():
        s, js = SURFACES[surface], got[surface]
        assert js["settings"] == s["settings"] and js["steps"] == s["steps"]
        assert (js["box"]["x"], js["box"]["y"]) == tuple(map(list, s["box"]))
        assert (js["bounds"]["x"], js["bounds"]["y"]) == tuple(map(list, s["bounds"]))
        assert js["escape"] == s.get("escape")
        if "starts" in s:
            assert (js["starts"]["x"], js["starts"]["y"]) == tuple(map(list, s["starts"]))
        for i, start in enumerate(points):
            assert np.isclose(js["f"][i], s["f"](*start))
            assert np.allclose(js["grad"][i], s["grad"](np.array(start)))
            for j, name in enumerate(OPTIMISERS):
                want = np_run(name, surface, start)
                path = np.array(js["runs"][i][j])
                assert path.shape == want.shape, (surface, start, name, path.shape, want.shape)
                assert np.allclose(path, want, rtol=1e-7, atol=1e-9), (surface, start, name)
                assert js["outcomes"][i][j] == outcome(surface, want[-1]), (surface, start, name)
    # From the lesson's start the race of its figure: 469, 130, all 1000, 133 steps.
    steps = [len(run) - 1 for run in got["valley"]["runs"][0]]
    assert steps == [469, 130, 1000, 133]
    # From the lab's saddle start, the lab's race at eta = 0.01: every run escapes, in the
    # lab's numbers of steps. The ranking changes: RMSProp, last in the canyon, ties first.
    saddle = got["saddle"]
    assert [len(run) - 1 for run in saddle["runs"][0]] == LAB_SADDLE_STEPS
    assert saddle["outcomes"][0] == ["escaped"] * 4
    assert {o for runs in saddle["outcomes"] for o in runs} == {"escaped"}
    default = np.array(got["adamDefault"])
    assert np.allclose(default, np_run("adam", "valley", (-8, 1), 3000, ()))
    assert (
        round(float(np.linalg.norm(default[-1])), 1) == 5.2
    )  # "still 5.2 away", as the lesson says


def test_keyboard_then_mouse_turn_the_surface_move_the_start_and_change_it(page):
    widget = open_widget(page)
    assert state(widget)["runs"] == "1"
    assert_shows_numpy(widget, "valley", SURFACES["valley"]["start"])
    escape = widget.locator(".mfml-ls__escape")
    assert not escape.get_attribute("d"), "no escape lines on the canyon"
    # The keyboard: arrows on the surface turn it, 5 degrees a press; the slider 1 degree.
    canvas = widget.locator("canvas")
    canvas.focus()
    page.keyboard.press("ArrowRight")
    assert (state(widget)["azimuth"], state(widget)["elevation"]) == ("35", "35")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert (state(widget)["azimuth"], state(widget)["elevation"]) == ("25", "30")
    assert widget.locator("output").inner_text() == "azimuth 25°, elevation 30°"
    slider = widget.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert state(widget)["azimuth"] == "26" and "azimuth 26°" in canvas.get_attribute("aria-label")
    # The map: arrows move the next start by 1/40 of the map, Enter runs from it.
    widget.locator(".mfml-ls__map").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert state(widget)["runs"] == "1", "moving the start does not run yet"
    assert "press Enter" in widget.locator(".mfml-ls__pending").inner_text()
    page.keyboard.press("Enter")
    assert state(widget)["runs"] == "2"
    start = started(widget)
    assert np.allclose(start, (-8 + 2 * 12 / 40, 1 - 2.8 / 40)), start
    assert_shows_numpy(widget, "valley", start)
    assert widget.locator(".mfml-ls__pending").is_hidden()

    # The mouse: a click on the map runs from the point under it.
    (cx, cy), box = map_point(widget, 0.3, 0.15)
    page.mouse.click(cx, cy)
    assert state(widget)["runs"] == "3", "one click, one run"
    start = started(widget)
    assert np.allclose(start, data_at(box, "valley", cx, cy), rtol=0, atol=1e-5), start
    assert_shows_numpy(widget, "valley", start)
    label = widget.locator(".mfml-ls__map").get_attribute("aria-label")
    assert f"({start[0]:.2f}, {start[1]:.2f})".replace("-", "−") in label
    # A mouse drag across the surface turns it, redrawn once per frame.
    surface = canvas.bounding_box()
    x, y = surface["x"] + surface["width"] / 2, surface["y"] + surface["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y, steps=4)
    page.mouse.up()
    turned = turned_from(page, widget, "26")
    assert slider.input_value() == turned
    assert f"azimuth {turned}°" in canvas.get_attribute("aria-label")

    # The surface menu changes the function: the contours, and the numbers, which are NumPy's.
    contours = widget.locator(".mfml-ls__contour").get_attribute("d")
    for surface in ("rosenbrock", "saddle"):
        widget.locator("select").select_option(surface)
        assert state(widget)["surface"] == surface
        assert_shows_numpy(widget, surface, SURFACES[surface]["start"])
        assert widget.locator(".mfml-ls__contour").get_attribute("d") != contours
    assert "of the saddle" in canvas.get_attribute("aria-label")
    # The saddle from the lab's start: the lab's race, escape steps and all.
    assert [shown_results(widget)[o]["steps"] for o in OPTIMISERS] == LAB_SADDLE_STEPS
    assert "|y| > 1 as in the lab" in widget.locator(".mfml-ls__from").inner_text()
    # Its escape lines y = -1 and y = 1, dashed across the map (a sixth of the plot in from
    # its bottom and top edges), and a click beyond one starts on it: not already escaped.
    lines = [
        float(v) for v in escape.get_attribute("d").replace("M", " ").replace("H", " ").split()
    ]
    top, bottom = 10, 240  # the plot area in the map's viewBox
    assert np.allclose(
        lines[1::3], [bottom - (bottom - top) / 6, top + (bottom - top) / 6], atol=0.06
    )
    (cx, cy), box = map_point(widget, 0.6, 0.05)
    page.mouse.click(cx, cy)
    start = started(widget)
    assert state(widget)["runs"] == "6" and start[1] == 1.0, start
    assert np.isclose(start[0], data_at(box, "saddle", cx, cy)[0], rtol=0, atol=1e-5)
    assert_shows_numpy(widget, "saddle", start)


LUMA = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let sum = 0, n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 250) {
    sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]; n++; }
  return n ? sum / n : -1; }"""
STROKE = "e => getComputedStyle(e).stroke"


def test_touch_in_the_slate_palette_a_tap_starts_there_a_drag_turns(new_context):
    page = new_context(
        has_touch=True, color_scheme="light", viewport={"width": 412, "height": 860}
    ).new_page()
    widget = open_widget(page)
    # The palette: switched to slate, the widget draws in its colours.
    canvas = widget.locator("canvas")
    gd_line = widget.locator(".mfml-ls__map .mfml-ls__path--gd")
    contour = widget.locator(".mfml-ls__contour")
    light = {"luma": canvas.evaluate(LUMA), "gd": gd_line.evaluate(STROKE)}
    page.evaluate("document.querySelector(\"label[for='__palette_1']\").click()")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.evaluate(FRAME)
    dark = {"luma": canvas.evaluate(LUMA), "gd": gd_line.evaluate(STROKE)}
    assert light["gd"] == "rgb(214, 39, 40)" and dark["gd"] == "rgb(255, 123, 114)"
    slate_fg = page.evaluate("""() => { const p = document.createElement('span');
        p.style.color = 'var(--md-default-fg-color--lighter)'; document.body.append(p);
        const c = getComputedStyle(p).color; p.remove(); return c; }""")
    assert contour.evaluate(STROKE) == slate_fg
    # The surface is painted from the slate background: the drawn pixels are dark now.
    # (about 155 against 95 here: the background behind the shading went from white to slate)
    assert light["luma"] > 130 and 0 <= dark["luma"] < min(110, light["luma"] - 40), (light, dark)

    # A tap on the map runs from the point under the finger.
    widget.locator("select").select_option("saddle")
    assert state(widget)["runs"] == "2"
    (cx, cy), box = map_point(widget, 0.8, 0.45)
    page.touchscreen.tap(cx, cy)
    assert state(widget)["runs"] == "3", "one tap, one run"
    start = started(widget)
    assert np.allclose(start, data_at(box, "saddle", cx, cy), rtol=0, atol=1e-5), start
    assert_shows_numpy(widget, "saddle", start)
    # A touch drag on the surface turns it too (pointer events of type "touch").
    canvas.evaluate("""c => {
        const r = c.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        const at = (type, dx) => c.dispatchEvent(new PointerEvent(type, {pointerId: 7,
            pointerType: 'touch', isPrimary: true, button: 0, buttons: 1, bubbles: true,
            clientX: x + dx, clientY: y}));
        at('pointerdown', 0); at('pointermove', -20); at('pointermove', -40); at('pointerup', -40);
    }""")
    turned_from(page, widget, "30")


def test_instant_navigation_leaves_no_listener_behind(page):
    page.add_init_script(LEAKS)
    # Material follows a link instantly once it has the sitemap, which it fetches on load.
    with page.expect_response(lambda r: r.url.endswith("/sitemap.xml")):
        page.goto(URL, wait_until="domcontentloaded")
    page.evaluate("window.sameDocument = true")
    whole_widget(page)
    first = page.evaluate("mfmlLeaks().listeners")
    assert first > 5
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_function("!location.pathname.endsWith('/optimisers/')")
    # The loader unmounts the widget when the new page's content is in: every listener goes.
    page.wait_for_function("mfmlLeaks().listeners === 0", timeout=5000)
    page.locator("a.md-footer__link--next").click()
    page.wait_for_function("location.pathname.endsWith('/optimisers/')")
    assert page.evaluate("window.sameDocument === true"), "expected an instant navigation"
    widget = whole_widget(page)
    assert page.evaluate("mfmlLeaks().listeners") == first, "one widget's listeners, once"
    assert state(widget)["runs"] == "1"
    (cx, cy), box = map_point(widget, 0.5, 0.5)
    page.mouse.click(cx, cy)
    assert state(widget)["runs"] == "2", "one click, one run"
    widget.locator("canvas").focus()
    page.keyboard.press("ArrowLeft")
    assert state(widget)["azimuth"] == "25", "one key, one step"
