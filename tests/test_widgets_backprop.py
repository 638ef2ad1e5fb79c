"""The backprop widget in Chromium (docs/assets/widgets/backprop.js): the chain rule lesson's
graph f(x, y) = (x y + sin x)^2 (data-mode="graph", calculus/chain-rule) and a 2-2-1 ReLU
network with the squared error (data-mode="network", calculus/backpropagation).

Its math (mfmlWidgets.math.backprop.graph and .network), on a blank page with only its script,
is compared with a forward and backward pass written out in NumPy here, and every gradient with
central differences. On the network's page: the numbers it draws on its boxes and arrows are
NumPy's after typing new inputs and weights, a huge or impossible value typed is kept to the
widget's limit and every number stays finite, and its stepper goes through the forward pass
and then the backward pass in the documented order by keyboard; by touch in the dark palette,
a tap on an arrow says its gradient and it draws in the palette's colours. On the graph's
page, typed values and a click on an arrow give NumPy's numbers, and after Material's instant
navigation away and back (no listener left behind) one press is one step. (axe-core and the
no-JavaScript figure are tests/test_widgets.py's.)"""

import re

import numpy as np

from helpers import DOCS
from widget_helpers import FRAME, LEAKS, STUB

GRAPH = "calculus/chain-rule/"
NETWORK = "calculus/backpropagation/"
SCRIPT = DOCS / "assets" / "widgets" / "backprop.js"
# Enough of widgets.js for the script to register its math on a blank page.
NUM = re.compile(r"-?\d+\.\d{3}")  # every number the widget shows has three decimals
LIMIT = 1000  # a typed input, weight or bias is kept within +-LIMIT
SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# The documented order of the stepper: the forward pass box by box, then the backward pass in
# reverse order (backprop.js, "steps").
GRAPH_STEPS = ["x", "y", "a", "b", "c", "f"] + [
    "f", "c->f", "a->c", "b->c", "x->a", "y->a", "x->b", "x",
]  # fmt: skip
NETWORK_STEPS = ["x1", "x2", "u1", "u2", "yhat", "L"] + [
    "L", "yhat->L", "yhat", "u2->yhat", "u1->yhat",
    "u2", "x2->u2", "x1->u2", "u1", "x2->u1", "x1->u1",
]  # fmt: skip
# The network of the lesson's figure.
EXAMPLE = {
    "x": [1.0, 2.0],
    "W1": [[0.5, -1.0], [0.25, 0.75]],
    "b1": [0.1, -0.2],
    "W2": [0.8, -0.5],
    "b2": 0.2,
    "y": 1.5,
}


def shown(value: float) -> str:
    """A number as the widget writes it: three decimals, a real minus sign, no -0.000; from a
    million on, four significant digits times a power of ten, 1.235 × 10⁶."""
    if abs(value) >= 1e6:
        digits, power = f"{value:.3e}".split("e")
        return f"{digits} × 10{str(int(power)).translate(SUPER)}".replace("-", "\u2212")
    text = f"{value:.3f}"
    return ("0.000" if float(text) == 0 else text).replace("-", "\u2212")


def numbers(text: str) -> list[float]:
    return [float(n) for n in NUM.findall(text.replace("\u2212", "-"))]


def open_widget(page, url: str, **goto):
    """Load `url`, bring the widget near the screen by its figure, return the live widget."""
    page.goto(url, **goto)
    return live_widget(page)


def live_widget(page):
    figure = page.locator(".mfml-widget[data-widget=backprop]").locator(
        "xpath=preceding-sibling::*[1]"
    )
    figure.evaluate("e => e.scrollIntoView({block: 'center'})")
    widget = page.locator(".mfml-widget--live.mfml-bp")
    widget.locator(".mfml-bp__readout").wait_for()
    return widget


def texts(widget, key: str, kind: str = "box") -> list[str]:
    """The lines of text on a box (kind "box") or beside an arrow or a bias (kind "label")."""
    group = widget.locator(f'.mfml-bp__{kind}[data-key="{key}"]').first
    return group.locator("text").all_text_contents()


def box(widget, name: str):
    """The number box labelled `name`."""
    return widget.get_by_role("spinbutton", name=name, exact=True)


def type_into(widget, name: str, text: str) -> None:
    """Type `text` into the number box `name`; the widget redraws at the next frame."""
    box(widget, name).fill(text)
    widget.page.evaluate(FRAME)


def readout(widget) -> str:
    return widget.locator(".mfml-bp__readout").inner_text()


def stepped(widget) -> tuple[str, str]:
    """The readout and the key highlighted now, in one look (the stepper's loops)."""
    return widget.evaluate(
        "w => [w.querySelector('.mfml-bp__readout').innerText,"
        " w.querySelector('.mfml-bp--on').dataset.key]"
    )


def current(widget) -> str:
    """The key of the box or arrow highlighted now."""
    return widget.locator(".mfml-bp--on").first.get_attribute("data-key")


# --- NumPy: the same forward and backward passes, written out --------------------------------


def np_graph(x: float, y: float, nudge: dict | None = None) -> dict:
    """Values, df/d(node) and what flows back along each arrow; `nudge` adds to nodes (for
    finite differences with respect to an inner node)."""
    d = nudge or {}
    x, y = x + d.get("x", 0.0), y + d.get("y", 0.0)
    a = x * y + d.get("a", 0.0)
    b = np.sin(x) + d.get("b", 0.0)
    c = a + b + d.get("c", 0.0)
    f = c**2
    g = {"f": 1.0}
    g["c"] = g["f"] * 2 * c
    g["a"] = g["c"] * 1.0
    g["b"] = g["c"] * 1.0
    flow = {"c->f": g["c"], "a->c": g["a"], "b->c": g["b"]}
    flow |= {"x->a": g["a"] * y, "y->a": g["a"] * x, "x->b": g["b"] * np.cos(x)}
    g["x"] = flow["x->a"] + flow["x->b"]
    g["y"] = flow["y->a"]
    local = {"x->a": y, "y->a": x, "x->b": np.cos(x), "a->c": 1.0, "b->c": 1.0, "c->f": 2 * c}
    values = {"x": x, "y": y, "a": a, "b": b, "c": c, "f": f}
    return {"values": values, "grads": g, "flow": flow, "local": local}


def np_network(x, W1, b1, W2, b2, y) -> dict:
    """The lesson's two-layer network for one example (B = 1): rows, as in the lesson."""
    X = np.array([x], dtype=float)
    W1, b1 = np.array(W1, dtype=float), np.array(b1, dtype=float)
    W2, b2 = np.array(W2, dtype=float).reshape(2, 1), np.array([b2], dtype=float)
    Z = X @ W1 + b1
    H = np.maximum(Z, 0.0)
    y_hat = H @ W2 + b2
    loss = float(((y_hat - y) ** 2).mean())
    G = 2 * (y_hat - y) / 1  # step 1, B = 1
    dW2, db2, dH = H.T @ G, G.sum(axis=0), G @ W2.T  # step 2
    G_Z = dH * (Z > 0)  # step 3
    dW1, db1 = X.T @ G_Z, G_Z.sum(axis=0)  # step 4
    return {
        "values": {"z": Z[0], "h": H[0], "yhat": y_hat[0, 0], "loss": loss},
        "grads": {"yhat": G[0, 0], "h": dH[0], "z": G_Z[0], "W1": dW1, "b1": db1,
                  "W2": dW2[:, 0], "b2": db2[0]},
    }  # fmt: skip


def np_loss(flat, x, y) -> float:
    W1, b1, W2, b2 = flat[:4].reshape(2, 2), flat[4:6], flat[6:8], flat[8]
    return np_network(x, W1, b1, W2, b2, y)["values"]["loss"]


def central(func, point, step=1e-6) -> np.ndarray:
    point = np.asarray(point, dtype=float)
    out = np.zeros_like(point)
    for i in range(point.size):
        e = np.zeros_like(point)
        e[i] = step
        out[i] = (func(point + e) - func(point - e)) / (2 * step)
    return out


def random_networks(count: int) -> list[dict]:
    """Random networks with every pre-activation far from ReLU's kink (and one unit shut)."""
    rng = np.random.default_rng(7)
    nets = []
    while len(nets) < count:
        x, W1, b1 = rng.normal(size=2), rng.normal(size=(2, 2)), rng.normal(size=2)
        W2, b2, y = rng.normal(size=2), rng.normal(), rng.normal()
        z = x @ W1 + b1
        if np.min(np.abs(z)) > 0.05:
            nets.append({"x": x.tolist(), "W1": W1.tolist(), "b1": b1.tolist(),
                         "W2": W2.tolist(), "b2": float(b2), "y": float(y)})  # fmt: skip
    assert any(min(np.array(n["x"]) @ np.array(n["W1"]) + n["b1"]) < 0 for n in nets)
    return nets


# --- The math ------------------------------------------------------------------------------


def test_backprop_math_matches_numpy_and_finite_differences(page):
    page.set_content("<!doctype html><title>backprop.js alone</title>")  # no lesson, no site
    page.add_script_tag(content=STUB)
    page.add_script_tag(path=SCRIPT)
    points = [(1.0, 2.0), (np.pi, 2.0), (-1.3, 0.4), (0.0, -2.5), (2.2, -0.7), (-3.0, 1.9)]
    nets = [EXAMPLE, *random_networks(6)]
    got = page.evaluate(
        """([points, nets]) => {
          const m = mfmlWidgets.math.backprop;
          return {
            graph: points.map(([x, y]) => m.graph({x, y})),
            network: nets.map(n => m.network(n.x, {W1: n.W1, b1: n.b1, W2: n.W2, b2: n.b2}, n.y)),
            column: m.network([1, 2], {W1: [[0.5, -1], [0.25, 0.75]], b1: [0.1, -0.2],
                                      W2: [[0.8], [-0.5]], b2: [0.2]}, 1.5),
          };
        }""",
        [points, nets],
    )
    for (x, y), js in zip(points, got["graph"], strict=True):
        want = np_graph(x, y)
        for part in ("values", "grads", "flow", "local"):
            assert js[part].keys() == want[part].keys(), part
            for key, value in want[part].items():
                assert np.isclose(js[part][key], value, rtol=1e-12, atol=1e-12), (x, y, part, key)
        # every df/d(node) by central differences, nudging that node alone
        for node in "xyabc":

            def f_of(h, n=node, x=x, y=y):
                return np_graph(x, y, {n: h[0]})["values"]["f"]

            numeric = central(f_of, [0.0])
            assert np.isclose(js["grads"][node], numeric[0], rtol=1e-6, atol=1e-6), (x, y, node)
    assert np.isclose(got["graph"][0]["values"]["f"], 8.074, atol=5e-4)  # the lesson's numbers
    assert np.allclose([got["graph"][0]["grads"][k] for k in "xy"], [14.436, 5.683], atol=5e-4)

    for net, js in zip(nets, got["network"], strict=True):
        want = np_network(net["x"], net["W1"], net["b1"], net["W2"], net["b2"], net["y"])
        for part in ("values", "grads"):
            for key, value in want[part].items():
                assert np.allclose(js[part][key], value, rtol=1e-12, atol=1e-12), (part, key)
        flat = np.concatenate([np.ravel(net["W1"]), net["b1"], net["W2"], [net["b2"]]])
        numeric = central(lambda p, n=net: np_loss(p, n["x"], n["y"]), flat)
        backprop = np.concatenate([np.ravel(js["grads"][k]) for k in ("W1", "b1", "W2")])
        backprop = np.append(backprop, js["grads"]["b2"])
        assert np.allclose(backprop, numeric, rtol=1e-6, atol=1e-7), (net, backprop, numeric)
    example = got["network"][0]
    assert np.isclose(example["values"]["loss"], 0.325, atol=5e-4)  # the lesson's figure
    assert np.allclose(example["grads"]["W1"], [[-0.912, 0.57], [-1.824, 1.14]])
    assert example["grads"] == got["column"]["grads"], "W2 as a column, b2 as [b2]: the same"


# --- The network: typing, huge values and the keyboard --------------------------------------


def widget_text(widget) -> str:
    """Everything the widget writes: its drawing, readout and the drawing's label."""
    return widget.evaluate(
        "w => w.querySelector('svg').textContent + ' ' + w.textContent + ' ' +"
        " w.querySelector('.mfml-bp__graph').getAttribute('aria-label')"
    )


def test_network_typing_huge_values_and_the_keyboard_steps_in_order(page):
    widget = open_widget(page, NETWORK)
    net = {**EXAMPLE, "W1": [[0.5, -1.0], [-0.1, 0.75]], "b1": [0.1, -1.9], "y": -0.25}
    type_into(widget, "W1[2,1]", "-0.1")
    type_into(widget, "b1[2]", "-1.9")  # z2 = -1 + 1.5 - 1.9 < 0: unit 2 is shut
    type_into(widget, "target y", "-0.25")
    want = np_network(net["x"], net["W1"], net["b1"], net["W2"], net["b2"], net["y"])
    v, g = want["values"], want["grads"]
    assert v["z"][1] < 0 and v["z"][0] > 0
    for j in range(2):
        z_line, h_line, grad_line = texts(widget, f"u{j + 1}")
        assert z_line.endswith(shown(v["z"][j])) and h_line.endswith(shown(v["h"][j]))
        assert grad_line.endswith(shown(g["z"][j])), grad_line
        for i in range(2):
            weight, grad = texts(widget, f"x{i + 1}->u{j + 1}", "label")
            assert grad == "grad " + shown(g["W1"][i, j]), (i, j, grad)
        assert texts(widget, f"u{j + 1}->yhat", "label")[1] == "grad " + shown(g["W2"][j])
        assert texts(widget, f"u{j + 1}", "label")[1] == "grad " + shown(g["b1"][j])
    assert texts(widget, "x2->u1", "label")[0] == "W1[2,1] = " + shown(-0.1)
    assert texts(widget, "u2", "label")[1] == "grad 0.000", "the shut unit's bias"
    assert texts(widget, "yhat") == [
        "\u0177 = " + shown(v["yhat"]),
        "\u2202L/\u2202\u0177 = " + shown(g["yhat"]),
    ]
    assert texts(widget, "L")[0] == "L = " + shown(v["loss"])
    assert texts(widget, "yhat", "label")[1] == "grad " + shown(g["b2"])

    # The keyboard: Tab from Previous to Next, then Enter and Space, one step per press.
    widget.get_by_role("button", name="Previous").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Next"
    seen = []
    for k in range(len(NETWORK_STEPS)):
        page.keyboard.press("Enter" if k % 2 else "Space")
        said, key = stepped(widget)
        if k < 6:
            assert said.startswith(f"Forward pass, step {k + 1} of 6: "), said
        else:
            assert said.startswith(f"Backward pass, step {k - 5} of 11: "), said
        seen.append(key)
        if k == len(NETWORK_STEPS) - 1:  # dL/dW1[1,1] = dL/dz1 x x1
            assert numbers(said) == [round(x, 3) for x in (g["z"][0], 1.0, g["W1"][0, 0])]
        if k == 11:  # unit 2, backward: its gate is shut
            assert said.endswith("the gate is shut, which is also \u2202L/\u2202b1[2]."), said
    assert seen == NETWORK_STEPS
    # Before a value is computed its place shows "?": back to the forward pass's third step.
    widget.get_by_role("button", name="Previous").focus()
    for _ in range(len(NETWORK_STEPS) - 3):
        page.keyboard.press("Enter")
    assert readout(widget).startswith("Forward pass, step 3 of 6: z\u2081 = ")
    assert texts(widget, "u1")[0] == "z\u2081 = " + shown(v["z"][0])
    assert texts(widget, "u2")[0] == "?" and texts(widget, "L")[0] == "?"
    assert texts(widget, "u1")[2] == "\u2202L/\u2202z\u2081 = ?"

    # Huge values: each counts as the limit, and every number stays finite (the largest
    # products in powers of ten); the box shows the limit once the edit is done.
    widget.get_by_role("button", name="Show all").click()
    huge = {"x\u2082": "1e9", "W1[2,1]": "1e300", "W2[1]": "-5000", "b2": "1e308"}
    for name, typed in huge.items():
        type_into(widget, name, typed)
    big = {**net, "x": [1.0, LIMIT], "W1": [[0.5, -1.0], [LIMIT, 0.75]],
           "W2": [-LIMIT, -0.5], "b2": LIMIT}  # fmt: skip
    want = np_network(big["x"], big["W1"], big["b1"], big["W2"], big["b2"], big["y"])
    v, g = want["values"], want["grads"]
    assert v["loss"] > 1e17 and abs(g["W1"][1, 0]) > 1e15  # far beyond the boxes' decimals
    assert texts(widget, "L")[0] == "L = " + shown(v["loss"])
    assert texts(widget, "u1")[0] == "z\u2081 = " + shown(v["z"][0])
    assert texts(widget, "x2->u1", "label") == [
        "W1[2,1] = " + shown(LIMIT),
        "grad " + shown(g["W1"][1, 0]),
    ]
    everything = widget_text(widget)
    assert "Infinity" not in everything and "NaN" not in everything, everything
    # Each box shows the limit once left; the last one typed in, still being edited, shows
    # what was typed until Tab.
    assert box(widget, "b2").input_value() == "1e308"
    box(widget, "b2").press("Tab")
    for name, typed in huge.items():
        limit = -LIMIT if typed.startswith("-") else LIMIT
        assert box(widget, name).input_value() == str(limit), name
    # Not a number at all (past the largest double): the last value stays, and comes back.
    type_into(widget, "x\u2081", "1e400")
    box(widget, "x\u2081").press("Tab")
    assert box(widget, "x\u2081").input_value() == "1"
    assert texts(widget, "L")[0] == "L = " + shown(v["loss"])


# --- Touch and the dark palette: the network -------------------------------------------------


def tap_on(page, locator, key: str):
    """A finger on the middle of an element (a line: its midpoint), which is `key`'s."""
    locator.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    under = "([x, y]) => document.elementFromPoint(x, y).closest('[data-key]').dataset.key"
    assert page.evaluate(under, [x, y]) == key
    page.touchscreen.tap(x, y)


COLOURS = """w => {
  const probe = document.createElement('span');
  w.append(probe);
  const colour = v => { probe.style.color = `var(${v})`; return getComputedStyle(probe).color; };
  const palette = {fg: colour('--md-default-fg-color'),
                   light: colour('--md-default-fg-color--light'),
                   bg: colour('--md-default-bg-color'), accent: colour('--md-accent-fg-color'),
                   primary: colour('--md-primary-fg-color'),
                   link: colour('--md-typeset-a-color')};
  probe.remove();
  const style = s => getComputedStyle(w.querySelector(s));
  return {palette, text: style('.mfml-bp__text').fill, grad: style('.mfml-bp__text--grad').fill,
          frame: style('[data-key=u1] .mfml-bp__frame').stroke,
          input: style('[data-key=x1] .mfml-bp__frame').stroke,
          fill: style('.mfml-bp__frame').fill,
          line: style('.mfml-bp__line').stroke, on: style('.mfml-bp--on .mfml-bp__frame').stroke,
          scheme: document.body.dataset.mdColorScheme};
}"""


def luminance(css: str) -> float:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_network_a_tap_on_an_arrow_says_its_gradient_in_the_dark_palette(new_context):
    page = new_context(
        has_touch=True, is_mobile=True, color_scheme="dark", viewport={"width": 800, "height": 900}
    ).new_page()
    page.add_init_script(
        "addEventListener('pointerup', e => window.__pointers.push(e.pointerType), true);"
        "window.__pointers = [];"
    )
    widget = open_widget(page, NETWORK)
    want = np_network(**EXAMPLE)
    tap_on(page, widget.locator('.mfml-bp__edge[data-key="u1->yhat"] .mfml-bp__hit'), "u1->yhat")
    said = readout(widget)
    assert said.startswith("Weight W2[1] = 0.800, from unit 1 to \u0177."), said
    assert numbers(said)[-3:] == [
        round(v, 3) for v in (want["grads"]["yhat"], want["values"]["h"][0], want["grads"]["W2"][0])
    ]
    assert current(widget) == "u1->yhat"
    tap_on(page, widget.locator('.mfml-bp__box[data-key="u2"] .mfml-bp__frame'), "u2")
    assert readout(widget).startswith("Unit 2: z\u2082 = " + shown(want["values"]["z"][1]))
    pointers = page.evaluate("window.__pointers")
    assert pointers == ["touch", "touch"], pointers
    # The dark palette's colours, with a box highlighted (the unit just tapped).
    got = widget.evaluate(COLOURS)
    palette = got["palette"]
    assert got["scheme"] == "slate"
    assert got["text"] == palette["fg"] and got["grad"] == palette["link"]
    assert got["frame"] == got["line"] == palette["light"] and got["fill"] == palette["bg"]
    assert got["on"] == palette["accent"] and got["input"] == palette["primary"]
    assert luminance(got["text"]) > 180 and luminance(got["fill"]) < 60, got  # light on dark


# --- The graph: instant navigation, then typing, the mouse and the stepper ------------------


def assert_graph_shows(widget, x: float, y: float):
    want = np_graph(x, y)
    for node in "xyabcf":
        lines = texts(widget, node)
        assert lines[1] == shown(want["values"][node]), (node, lines)
        assert lines[2].endswith("= " + shown(want["grads"][node])), (node, lines)
    for edge, flow in want["flow"].items():
        local, back = texts(widget, edge, "label")
        assert back == "\u2190 " + shown(flow), (edge, back)
        if edge not in ("a->c", "b->c"):
            assert local.endswith("= " + shown(want["local"][edge])), (edge, local)
    said = readout(widget)
    assert numbers(said)[:5] == [round(v, 3) for v in (x, y, want["values"]["f"],
                                 want["grads"]["x"], want["grads"]["y"])], said  # fmt: skip


def test_graph_typing_and_a_click_then_after_instant_navigation_one_press_is_one_step(page):
    page.add_init_script(LEAKS)
    with page.expect_response("**/sitemap.xml"):  # Material navigates instantly once it has it
        widget = open_widget(page, GRAPH)
    page.evaluate("window.mfmlStayed = true")  # gone if a click loads a new document
    mounted = page.evaluate("mfmlLeaks().listeners")
    assert mounted >= 4, mounted  # the boxes, Next, Previous, Show all, the drawing
    assert_graph_shows(widget, 1.0, 2.0)  # the lesson's point

    # Typing: every value follows.
    type_into(widget, "x", "-0.7")
    assert_graph_shows(widget, -0.7, 2.0)
    type_into(widget, "y", "1.35")
    assert_graph_shows(widget, -0.7, 1.35)
    label = widget.locator(".mfml-bp__graph").get_attribute("aria-label")
    assert "f = " + shown(np_graph(-0.7, 1.35)["values"]["f"]) in label, label

    # The mouse: the arrow x -> b (its line, not its label) says what flows back along it.
    want = np_graph(-0.7, 1.35)
    widget.locator('.mfml-bp__edge[data-key="x->b"] .mfml-bp__hit').click()
    said = readout(widget)
    assert said.startswith("Arrow x \u2192 b: local derivative \u2202b/\u2202x = cos x"), said
    assert numbers(said) == [
        round(v, 3)
        for v in (
            want["local"]["x->b"],
            want["grads"]["b"],
            want["local"]["x->b"],
            want["flow"]["x->b"],
        )
    ]
    assert current(widget) == "x->b"
    widget.locator('.mfml-bp__box[data-key="a"]').click()  # a box: its local derivatives
    assert readout(widget).startswith("Box a = x y = " + shown(want["values"]["a"]))
    assert current(widget) == "a"
    widget.get_by_role("button", name="Next").click()

    # Away, by instant navigation, and back: a fresh widget, with one widget's listeners.
    page.locator("a.md-footer__link--prev").click()  # the lesson before
    page.wait_for_function("location.pathname.endsWith('/calculus/gradient/')")
    page.wait_for_function("mfmlLeaks().listeners === 0", timeout=5000)  # the widget left nothing
    page.locator("a.md-footer__link--next").click()  # and back
    page.wait_for_function("location.pathname.endsWith('/calculus/chain-rule/')")
    widget = live_widget(page)
    assert page.evaluate("window.mfmlStayed"), "expected instant (in-page) navigations"
    assert page.evaluate("mfmlLeaks().listeners") == mounted, "one widget's listeners, once"
    assert page.locator(".mfml-bp").count() == 1
    assert readout(widget).startswith("At x = 1.000, y = 2.000: f = 8.074"), "a fresh widget"

    next_button = widget.get_by_role("button", name="Next")
    for k, key in enumerate(GRAPH_STEPS[:3]):
        next_button.click()
        said, on = stepped(widget)
        assert said.startswith(f"Forward pass, step {k + 1} of 6: ") and on == key, (said, on)
    assert readout(widget) == "Forward pass, step 3 of 6: a = x y = 1.000 \u00d7 2.000 = 2.000."
