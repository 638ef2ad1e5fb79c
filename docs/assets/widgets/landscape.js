// Widget "landscape" (calculus/optimisers.md): the lesson's four optimisers, GD, momentum,
// RMSProp and Adam, raced on a loss surface the reader can turn in 3-D.
//
// Three surfaces: the lesson's narrow valley f = (x^2 + 100 y^2) / 2 with the race's learning
// rates (its default start (-8, 1) redraws the figure above the widget), and the Rosenbrock
// valley and the saddle x^2 - y^2 of the optimiser-race lab, with the lab's learning rates
// (and, on the saddle, its start and its race: to escape, |y| > 1).
// The update rules, their hyper-parameter names (eta, beta, rho, beta1, beta2, eps) and their
// defaults are the lesson's functions, line for line. A run stops when it comes within 1e-3 of
// the minimum (the lesson's tolerance), on the saddle when it escapes, |y| > 1 (the lab's
// rule), when it leaves the surface's bounds (it has blown up), or after the surface's step
// budget.
//
// Left, the surface: a 30 x 30 mesh on a <canvas>, rotated (azimuth about the vertical axis,
// then elevation), projected orthographically and painted far to near (painter's algorithm),
// with the four paths lifted onto it. Drag it (mouse, pen or touch), use its arrow keys, or the
// azimuth slider, to turn it. Right, the contour map (SVG): click or tap it to start all four
// runs from that point, or focus it, move the start with the arrow keys and press Enter.
// Paths differ by dash pattern and end-marker shape as well as colour; a live readout gives
// each optimiser's final loss and step count. Colours come from Material's palette variables
// and this widget's section of widgets.css, read again when the reader switches palettes.
(function () {
  "use strict";
  var TOL = 1e-3;             // "within 10^-3 of the minimum", as in the lesson's race
  var MESH = 30;              // quads per side of the 3-D mesh
  var GRID = 80;              // cells per side for the contour lines (marching squares)
  var AZ_STEP = 5, EL_STEP = 5, EL_MIN = 5, EL_MAX = 85;
  var OPTIMISERS = ["gd", "momentum", "rmsprop", "adam"];
  var NAMES = { gd: "GD", momentum: "Momentum", rmsprop: "RMSProp", adam: "Adam" };
  // The defaults of the lesson's functions momentum(..., beta=0.9), rmsprop(..., rho=0.9,
  // eps=1e-8) and adam(grad, w0, eta=0.001, steps=1000, beta1=0.9, beta2=0.999, eps=1e-8).
  var DEFAULTS = {
    gd: {},
    momentum: { beta: 0.9 },
    rmsprop: { rho: 0.9, eps: 1e-8 },
    adam: { eta: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  };

  // --- The math: pure functions, compared with NumPy by tests/test_widgets_landscape.py. ----

  function range(from, to, by) {
    var out = [];
    for (var v = from; v <= to + 1e-9; v += by) out.push(Math.round(v * 1e9) / 1e9);
    return out;
  }
  function logspace(a, b, n) {
    var out = [];
    for (var k = 0; k < n; k++) out.push(Math.pow(10, a + (b - a) * k / (n - 1)));
    return out;
  }
  function widened(box) {  // the box and half its size again on every side
    var wx = (box.x[1] - box.x[0]) / 2, wy = (box.y[1] - box.y[0]) / 2;
    return { x: [box.x[0] - wx, box.x[1] + wx], y: [box.y[0] - wy, box.y[1] + wy] };
  }

  var surfaces = {
    valley: {
      label: "Narrow valley",
      formula: "f(x, y) = (x² + 100y²)/2",
      f: function (x, y) { return 0.5 * (x * x + 100 * (y * y)); },
      grad: function (x, y) { return [x, 100 * y]; },
      box: { x: [-9, 3], y: [-1.4, 1.4] },
      minimum: [0, 0],
      start: [-8, 1],
      steps: 1000,
      // The lesson's race: GD just under its limit 0.02, the others at rates that suit them.
      settings: {
        gd: { eta: 0.019 },
        momentum: { eta: 0.01, beta: 0.9 },
        rmsprop: { eta: 0.01, rho: 0.9, eps: 1e-8 },
        adam: { eta: 0.3, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      },
      levels: [0.5, 2, 5, 10, 20, 35, 55, 80],
      ticks: { x: [-8, -6, -4, -2, 0, 2], y: [-1, 0, 1] },
      height: "linear",
    },
    rosenbrock: {
      label: "Rosenbrock valley",
      formula: "f(x, y) = (1 − x)² + 100(y − x²)²",
      f: function (x, y) { var d = y - x * x; return (1 - x) * (1 - x) + 100 * (d * d); },
      grad: function (x, y) {
        var d = y - x * x;
        return [-2 * (1 - x) - 400 * x * d, 200 * d];
      },
      box: { x: [-2, 2], y: [-0.5, 3] },
      minimum: [1, 1],
      start: [-1.5, 2],
      steps: 5000,
      // The lab's tuned rates; GD at the largest grid rate below its limit at the minimum.
      settings: {
        gd: { eta: 0.001 },
        momentum: { eta: 0.002, beta: 0.9 },
        rmsprop: { eta: 0.002, rho: 0.9, eps: 1e-8 },
        adam: { eta: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      },
      levels: logspace(-1, 3.5, 14),
      ticks: { x: [-2, -1, 0, 1, 2], y: [0, 1, 2, 3] },
      height: "log",
    },
    saddle: {
      label: "Saddle",
      formula: "f(x, y) = x² − y²",
      f: function (x, y) { return x * x - y * y; },
      grad: function (x, y) { return [2 * x, -2 * y]; },
      box: { x: [-2, 2], y: [-1.5, 1.5] },
      minimum: null,           // nothing to reach: the race is to escape,
      escape: 1,               // to |y| > 1, the lab's rule; a start is kept to |y| <= 1
      starts: { x: [-2, 2], y: [-1, 1] },
      start: [1, 0.001],
      steps: 2000,
      settings: {              // the lab's saddle race at eta = 0.01 for all four
        gd: { eta: 0.01 },
        momentum: { eta: 0.01, beta: 0.9 },
        rmsprop: { eta: 0.01, rho: 0.9, eps: 1e-8 },
        adam: { eta: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
      },
      levels: range(-2, 3.5, 0.5),
      ticks: { x: [-2, -1, 0, 1, 2], y: [-1, 0, 1] },
      height: "linear",
    },
  };
  // Where a run stops as "left the map", blown up: half the map again on every side (a path
  // may swing a little past the edge and come back).
  Object.keys(surfaces).forEach(function (name) {
    surfaces[name].bounds = widened(surfaces[name].box);
  });

  function zeros() { return { v: [0, 0], m: [0, 0], s: [0, 0] }; }

  // One step of each rule, from the lesson: w is w_{t-1}, g = grad f(w_{t-1}), t = 1, 2, ...
  // Each returns the new point and the new state; nothing is changed in place.
  var step = {
    gd: function (w, g, t, state, p) {
      return { w: [w[0] - p.eta * g[0], w[1] - p.eta * g[1]], state: state };
    },
    momentum: function (w, g, t, state, p) {
      var v = [p.beta * state.v[0] + g[0], p.beta * state.v[1] + g[1]];
      return { w: [w[0] - p.eta * v[0], w[1] - p.eta * v[1]],
               state: { v: v, m: state.m, s: state.s } };
    },
    rmsprop: function (w, g, t, state, p) {
      var s = [p.rho * state.s[0] + (1 - p.rho) * (g[0] * g[0]),
               p.rho * state.s[1] + (1 - p.rho) * (g[1] * g[1])];
      return { w: [w[0] - p.eta * g[0] / (Math.sqrt(s[0]) + p.eps),
                   w[1] - p.eta * g[1] / (Math.sqrt(s[1]) + p.eps)],
               state: { v: state.v, m: state.m, s: s } };
    },
    adam: function (w, g, t, state, p) {
      var m = [p.beta1 * state.m[0] + (1 - p.beta1) * g[0],
               p.beta1 * state.m[1] + (1 - p.beta1) * g[1]];
      var s = [p.beta2 * state.s[0] + (1 - p.beta2) * (g[0] * g[0]),
               p.beta2 * state.s[1] + (1 - p.beta2) * (g[1] * g[1])];
      var c1 = 1 - Math.pow(p.beta1, t), c2 = 1 - Math.pow(p.beta2, t);
      var w0 = w[0] - p.eta * (m[0] / c1) / (Math.sqrt(s[0] / c2) + p.eps);
      var w1 = w[1] - p.eta * (m[1] / c1) / (Math.sqrt(s[1] / c2) + p.eps);
      return { w: [w0, w1], state: { v: state.v, m: m, s: s } };
    },
  };

  function surfaceOf(surface) {
    return typeof surface === "string" ? surfaces[surface] : surface;
  }
  function params(optimiser, surface, given) {
    return Object.assign({}, DEFAULTS[optimiser], given || surfaceOf(surface).settings[optimiser]);
  }
  function inside(bounds, w) {
    return isFinite(w[0]) && isFinite(w[1]) && w[0] >= bounds.x[0] && w[0] <= bounds.x[1] &&
      w[1] >= bounds.y[0] && w[1] <= bounds.y[1];
  }
  function escaped(s, w) { return s.escape !== undefined && Math.abs(w[1]) > s.escape; }
  function distance(a, b) {
    var dx = a[0] - b[0], dy = a[1] - b[1];
    return Math.sqrt(dx * dx + dy * dy);
  }

  // The path [w_0, w_1, ...] of `optimiser` on `surface` (a name or a surface) from `start`:
  // at most `steps` steps (the surface's budget if omitted), ending early at the first point
  // within params.tol (1e-3) of the minimum, past the saddle's escape lines |y| = 1 (as the
  // lab's stop=escaped), or outside the surface's bounds. `params` are the lesson's names
  // (eta, beta, rho, beta1, beta2, eps); missing ones take the lesson's defaults, and without
  // `params` the surface's own settings are used.
  function run(optimiser, surface, start, steps, given) {
    var s = surfaceOf(surface);
    var p = params(optimiser, s, given);
    var tol = p.tol === undefined ? TOL : p.tol;
    if (steps === undefined || steps === null) steps = s.steps;
    var w = [Number(start[0]), Number(start[1])], state = zeros(), path = [w];
    for (var t = 1; t <= steps; t++) {
      var next = step[optimiser](w, s.grad(w[0], w[1]), t, state, p);
      w = next.w;
      state = next.state;
      path.push(w);
      if (!inside(s.bounds, w)) break;
      if (s.minimum && distance(w, s.minimum) < tol) break;
      if (escaped(s, w)) break;
    }
    return path;
  }

  // How a path ended: its step count, the loss at its last point, and why it stopped.
  function summary(surface, path, tol) {
    var s = surfaceOf(surface), last = path[path.length - 1];
    if (tol === undefined) tol = TOL;
    var outcome = !inside(s.bounds, last) ? "left"
      : s.minimum && distance(last, s.minimum) < tol ? "reached"
      : escaped(s, last) ? "escaped" : "budget";
    return { steps: path.length - 1, loss: s.f(last[0], last[1]), outcome: outcome };
  }

  // Contour lines of the surface at its levels, by marching squares on an n x n grid of its
  // map: a list of segments [x1, y1, x2, y2] in the surface's own coordinates.
  function contours(surface, n) {
    var s = surfaceOf(surface);
    n = n || GRID;
    var x0 = s.box.x[0], y0 = s.box.y[0];
    var dx = (s.box.x[1] - x0) / n, dy = (s.box.y[1] - y0) / n;
    var values = [];
    for (var j = 0; j <= n; j++) {
      for (var i = 0; i <= n; i++) values.push(s.f(x0 + i * dx, y0 + j * dy));
    }
    var segments = [];
    s.levels.forEach(function (level) {
      for (var j = 0; j < n; j++) {
        for (var i = 0; i < n; i++) {
          // corners counter-clockwise from bottom-left: (i, j), (i+1, j), (i+1, j+1), (i, j+1)
          var c = [values[j * (n + 1) + i], values[j * (n + 1) + i + 1],
                   values[(j + 1) * (n + 1) + i + 1], values[(j + 1) * (n + 1) + i]];
          var xs = [i, i + 1, i + 1, i], ys = [j, j, j + 1, j + 1];
          var crossings = [];
          for (var e = 0; e < 4; e++) {
            var a = c[e], b = c[(e + 1) % 4];
            if ((a < level) !== (b < level)) {
              var k = (level - a) / (b - a), f = (e + 1) % 4;
              crossings.push([x0 + (xs[e] + k * (xs[f] - xs[e])) * dx,
                              y0 + (ys[e] + k * (ys[f] - ys[e])) * dy]);
            }
          }
          if (crossings.length === 2) {
            segments.push([crossings[0][0], crossings[0][1], crossings[1][0], crossings[1][1]]);
          } else if (crossings.length === 4) {  // a saddle cell: pair by the centre's side
            var centre = (c[0] + c[1] + c[2] + c[3]) / 4;
            var order = (centre < level) === (c[0] < level) ? [0, 3, 1, 2] : [0, 1, 2, 3];
            segments.push([crossings[order[0]][0], crossings[order[0]][1],
                           crossings[order[1]][0], crossings[order[1]][1]]);
            segments.push([crossings[order[2]][0], crossings[order[2]][1],
                           crossings[order[3]][0], crossings[order[3]][1]]);
          }
        }
      }
    });
    return segments;
  }

  // The 3-D view: a point (X, Y, Z) of the normalised scene (the map is [-1, 1] x [-1, 1]),
  // turned by `azimuth` degrees about the vertical axis, seen from `elevation` degrees above
  // the horizon: [right, up, towards the viewer]. Orthographic, so depth only orders.
  function project(X, Y, Z, azimuth, elevation) {
    var a = azimuth * Math.PI / 180, e = elevation * Math.PI / 180;
    var x1 = X * Math.cos(a) - Y * Math.sin(a), y1 = X * Math.sin(a) + Y * Math.cos(a);
    return [x1, y1 * Math.sin(e) + Z * Math.cos(e), -y1 * Math.cos(e) + Z * Math.sin(e)];
  }

  var math = {
    surfaces: surfaces, defaults: DEFAULTS, optimisers: OPTIMISERS, tol: TOL,
    step: step, params: params, run: run, summary: summary, contours: contours,
    project: project,
  };

  // --- Drawing helpers. --------------------------------------------------------------------

  // Element builders shared by the widgets (widgets.js).
  var html = window.mfmlWidgets.html, svg = window.mfmlWidgets.svg;

  // Shapes that tell the paths apart without colour: dash pattern and end marker.
  var DASH = { gd: [], momentum: [7, 3], rmsprop: [2, 2.5], adam: [9, 3, 2, 3] };
  var MARKER = {
    gd: "M4 0A4 4 0 1 1-4 0A4 4 0 1 1 4 0Z",
    momentum: "M-3.5-3.5H3.5V3.5H-3.5Z",
    rmsprop: "M0-4.6L4.2 3L-4.2 3Z",
    adam: "M0-4.8L4.8 0L0 4.8L-4.8 0Z",
  };
  var LOOK = { gd: "solid line, circle", momentum: "dashed line, square",
               rmsprop: "dotted line, triangle", adam: "dash-dot line, diamond" };
  var SUPER = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸",
                9: "⁹" };
  var SYMBOL = { eta: "η", beta: "β", rho: "ρ", beta1: "β₁", beta2: "β₂" };

  function number(x) {  // a coordinate for people: two decimals, a real minus sign
    var text = x !== 0 && Math.abs(x) < 0.01 ? String(Number(x.toPrecision(2))) : x.toFixed(2);
    return text.replace(/^-/, "−");
  }
  function lossText(x) {
    if (!isFinite(x)) return String(x);
    if (x === 0) return "0";
    var a = Math.abs(x);
    if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(3))).replace(/^-/, "−");
    var parts = x.toExponential(2).split("e");
    var power = String(Number(parts[1])).replace(/[-0-9]/g, function (ch) { return SUPER[ch]; });
    return parts[0].replace(/^-/, "−") + " × 10" + power;
  }
  function settingsText(optimiser, p) {
    var keys = optimiser === "gd" ? ["eta"] : optimiser === "momentum" ? ["eta", "beta"]
      : optimiser === "rmsprop" ? ["eta", "rho"] : ["eta", "beta1", "beta2"];
    return keys.map(function (k) { return SYMBOL[k] + " = " + p[k]; }).join(", ");
  }
  function parseColour(text) {
    var m = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!m) return [128, 128, 128, 1];
    var parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }
  function mix(a, b, k) {
    return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
  }
  function rgb(c, alpha) {
    var body = Math.round(c[0]) + "," + Math.round(c[1]) + "," + Math.round(c[2]);
    return alpha === undefined ? "rgb(" + body + ")" : "rgba(" + body + "," + alpha + ")";
  }

  var count = 0;

  // --- The widget. -------------------------------------------------------------------------

  function mount(element, life) {
    var id = "mfml-ls-" + (++count);
    var listen = life.listen;

    // State: the surface, the view angles, the start of the shown runs, a pending start.
    var key = "valley", surface = surfaces.valley;
    var azimuth = 30, elevation = 35;
    var start = surface.start.slice(), pending = null;
    var paths = {}, runs = 0;

    // The 3-D view.
    var hint = html("p", { class: "mfml-ls__hint", id: id + "-hint" }, [
      "Drag the surface, or focus it and use the arrow keys, to turn it. Click or tap the map " +
      "to start all four there, or focus the map, move the start with the arrow keys and " +
      "press Enter."]);
    var canvas = html("canvas", { class: "mfml-ls__surface", tabindex: "0", role: "img",
                                  width: "360", height: "280", "aria-describedby": id + "-hint" });
    var ctx = canvas.getContext("2d");

    // The contour map.
    var W = 360, H = 280, L = 42, T = 10, R = 350, B = 240;
    var clip = svg("clipPath", { id: id + "-clip" }, [
      svg("rect", { x: L, y: T, width: R - L, height: B - T })]);
    var contourPath = svg("path", { class: "mfml-ls__contour" });
    var frame = svg("rect", { class: "mfml-ls__frame", x: L, y: T, width: R - L, height: B - T,
                              fill: "none" });
    var plot = svg("rect", { class: "mfml-ls__area", x: L, y: T, width: R - L, height: B - T,
                             fill: "transparent" });  // where a click lands; no stroke
    var ticks = svg("g", { class: "mfml-ls__ticks" });
    var pathLines = {}, endMarks = {};
    var layer = svg("g", { "clip-path": "url(#" + id + "-clip)" }, [contourPath]);
    OPTIMISERS.forEach(function (o) {
      pathLines[o] = svg("polyline", { class: "mfml-ls__path mfml-ls__path--" + o });
      layer.append(pathLines[o]);
    });
    OPTIMISERS.forEach(function (o) {
      endMarks[o] = svg("path", { class: "mfml-ls__end mfml-ls__end--" + o, d: MARKER[o] });
      layer.append(endMarks[o]);
    });
    var minimumMark = svg("path", { class: "mfml-ls__minimum", d: "M-5-5L5 5M-5 5L5-5" });
    var escapeLines = svg("path", { class: "mfml-ls__tick mfml-ls__escape", "stroke-dasharray": "5 3" });
    var startMark = svg("circle", { class: "mfml-ls__start", r: "6" });
    layer.append(minimumMark, escapeLines, startMark);
    var map = svg("svg", { class: "mfml-ls__map", viewBox: "0 0 " + W + " " + H, tabindex: "0",
                           role: "img", "aria-describedby": id + "-hint" }, [
      svg("defs", {}, [clip]), plot, frame, layer, ticks,
      svg("text", { class: "mfml-ls__label", x: (L + R) / 2, y: H - 6, "text-anchor": "middle" }, ["x"]),
      svg("text", { class: "mfml-ls__label", x: 10, y: (T + B) / 2 + 4, "text-anchor": "middle" }, ["y"]),
    ]);

    // Controls.
    var select = html("select", { id: id + "-surface" });
    Object.keys(surfaces).forEach(function (k) {
      select.append(html("option", { value: k }, [surfaces[k].label]));
    });
    var slider = html("input", { type: "range", id: id + "-azimuth", min: "0", max: "359",
                                 step: "1", value: String(azimuth) });
    var angles = html("output", { for: id + "-azimuth", class: "mfml-ls__angles" });
    var controls = html("div", { class: "mfml-widget__controls" }, [
      html("label", {}, ["Surface", select]),
      html("label", {}, ["Azimuth", slider]),
      angles,
    ]);

    // The readout, which is also the legend.
    var startLine = html("p", { class: "mfml-ls__from" });
    var pendingLine = html("p", { class: "mfml-ls__pending", hidden: "" });
    var legend = html("ul", { class: "mfml-ls__legend" });
    var items = {};
    OPTIMISERS.forEach(function (o) {
      var swatch = svg("svg", { class: "mfml-ls__swatch", viewBox: "0 0 40 12", width: "40",
                                height: "12", "aria-hidden": "true" }, [
        svg("line", { class: "mfml-ls__path mfml-ls__path--" + o, x1: "2", y1: "6", x2: "31",
                      y2: "6" }),
        svg("path", { class: "mfml-ls__end mfml-ls__end--" + o, d: MARKER[o],
                      transform: "translate(33 6)" }),
      ]);
      items[o] = html("span", { class: "mfml-ls__result", "data-optimiser": o });
      legend.append(html("li", {}, [swatch, items[o]]));
    });
    // Not atomic: moving the start announces the one line that says where it is now.
    var readout = html("div", { class: "mfml-widget__readout", role: "status", "aria-live": "polite" },
                       [startLine, pendingLine, legend]);
    var probe = html("span", { class: "mfml-ls__probe", "aria-hidden": "true" });

    element.classList.add("mfml-landscape");
    element.replaceChildren(
      html("div", { class: "mfml-ls__views" }, [canvas, map]), hint, controls, readout, probe);

    // --- Colours: Material's variables and this widget's, read again on a palette switch. ---
    var palette = {};
    function resolve(value) {  // an opaque colour: a translucent one as seen on the page
      probe.style.color = value;
      var c = parseColour(getComputedStyle(probe).color);
      return palette.bg && c[3] < 1 ? mix(palette.bg, c, c[3]) : c.slice(0, 3);
    }
    var mesh = null;  // {X, Y, Z (vertices), fill (per quad), depth, order}
    function readPalette() {
      palette.bg = null;
      palette.bg = resolve("var(--md-default-bg-color)");
      palette.fg = resolve("var(--md-default-fg-color)");
      palette.low = resolve("var(--mfml-ls-low)");
      palette.high = resolve("var(--mfml-ls-high)");
      OPTIMISERS.forEach(function (o) { palette[o] = rgb(resolve("var(--mfml-ls-" + o + ")")); });
      if (mesh) colourMesh();
    }

    // --- The mesh: vertices in the normalised scene, one fill per quad. --------------------
    function heightOf(s, lo, hi) {
      if (s.height === "log") {
        var top = Math.log1p(hi);
        return function (f) { return Math.min(1, Math.max(0, Math.log1p(Math.max(f, 0)) / top)); };
      }
      return function (f) { return Math.min(1, Math.max(0, (f - lo) / (hi - lo))); };
    }
    function toScene(x, y) {
      var b = surface.box;
      return [2 * (x - b.x[0]) / (b.x[1] - b.x[0]) - 1, 2 * (y - b.y[0]) / (b.y[1] - b.y[0]) - 1];
    }
    function buildMesh() {
      var n = MESH + 1, b = surface.box, values = [], lo = Infinity, hi = -Infinity;
      for (var j = 0; j < n; j++) {
        for (var i = 0; i < n; i++) {
          var f = surface.f(b.x[0] + (b.x[1] - b.x[0]) * i / MESH,
                            b.y[0] + (b.y[1] - b.y[0]) * j / MESH);
          values.push(f);
          lo = Math.min(lo, f);
          hi = Math.max(hi, f);
        }
      }
      var h = heightOf(surface, lo, hi);
      var X = new Float64Array(n * n), Y = new Float64Array(n * n), Z = new Float64Array(n * n);
      for (var k = 0; k < n * n; k++) {
        X[k] = 2 * (k % n) / MESH - 1;
        Y[k] = 2 * Math.floor(k / n) / MESH - 1;
        Z[k] = (h(values[k]) - 0.5) * 0.9;
      }
      var quads = MESH * MESH, corners = new Uint16Array(quads * 4);
      for (var q = 0; q < quads; q++) {
        var qi = q % MESH, qj = Math.floor(q / MESH), base = qj * n + qi;
        corners.set([base, base + 1, base + n + 1, base + n], q * 4);
      }
      var order = [];
      for (var o = 0; o < quads; o++) order.push(o);
      mesh = { X: X, Y: Y, Z: Z, h: h, corners: corners, quads: quads, order: order,
               depth: new Float64Array(quads), sx: new Float64Array(n * n),
               sy: new Float64Array(n * n), sd: new Float64Array(n * n), fill: [] };
      colourMesh();
    }
    // Height picks the colour between --mfml-ls-low and --mfml-ls-high; light from a fixed
    // direction shades it, fading towards the page's background where the surface faces away.
    function colourMesh() {
      var light = [-0.35, -0.55, 0.76], c = mesh.corners;
      for (var q = 0; q < mesh.quads; q++) {
        var a = c[q * 4], b = c[q * 4 + 1], cc = c[q * 4 + 2], d = c[q * 4 + 3];
        var ux = mesh.X[cc] - mesh.X[a], uy = mesh.Y[cc] - mesh.Y[a], uz = mesh.Z[cc] - mesh.Z[a];
        var vx = mesh.X[d] - mesh.X[b], vy = mesh.Y[d] - mesh.Y[b], vz = mesh.Z[d] - mesh.Z[b];
        var nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        var len = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
        var shade = Math.abs(nx * light[0] + ny * light[1] + nz * light[2]) / len;
        var t = ((mesh.Z[a] + mesh.Z[b] + mesh.Z[cc] + mesh.Z[d]) / 4) / 0.9 + 0.5;
        mesh.fill[q] = rgb(mix(palette.bg, mix(palette.low, palette.high, t), 0.15 + 0.4 * shade));
      }
      palette.grid = rgb(palette.fg, 0.22);
      palette.ink = rgb(palette.fg);
      palette.paper = rgb(palette.bg);
    }

    // --- The 3-D view. -----------------------------------------------------------------------
    function lifted(x, y) {
      var b = surface.box;
      var cx = Math.min(b.x[1], Math.max(b.x[0], x)), cy = Math.min(b.y[1], Math.max(b.y[0], y));
      var p = toScene(cx, cy);
      return [p[0], p[1], (mesh.h(surface.f(cx, cy)) - 0.5) * 0.9 + 0.012];
    }
    function drawMarker(o, x, y, size) {
      ctx.beginPath();
      var r = size;
      if (o === "gd") ctx.arc(x, y, r, 0, 2 * Math.PI);
      else if (o === "momentum") ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      else if (o === "rmsprop") { ctx.moveTo(x, y - r * 1.1); ctx.lineTo(x + r, y + r * 0.75); ctx.lineTo(x - r, y + r * 0.75); }
      else { ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r * 1.15, y); ctx.lineTo(x, y + r * 1.15); ctx.lineTo(x - r * 1.15, y); }
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
    // How far the surface reaches across and up and down the screen at this elevation, over
    // every azimuth, so that turning it never changes its size (and cropping never clips it).
    var fits = {};
    function fitted(se, ce) {
      var name = key + ":" + elevation;
      if (fits[name]) return fits[name];
      var m = mesh, top = -Infinity, bottom = Infinity, across = 0;
      for (var turn = 0; turn < 360; turn += 10) {
        var a = turn * Math.PI / 180, ca = Math.cos(a), sa = Math.sin(a);
        for (var k = 0; k < m.X.length; k++) {
          var x1 = m.X[k] * ca - m.Y[k] * sa, y1 = m.X[k] * sa + m.Y[k] * ca;
          var up = y1 * se + m.Z[k] * ce;
          top = Math.max(top, up);
          bottom = Math.min(bottom, up);
          across = Math.max(across, Math.abs(x1));
        }
      }
      fits[name] = { top: top, bottom: bottom, across: across };
      return fits[name];
    }
    function draw() {
      var Wc = canvas.width, Hc = canvas.height;
      if (!Wc || !Hc || !mesh) return;
      var px = Wc / 360;  // canvas pixels per CSS-sized unit of the 360-wide design
      var a = azimuth * Math.PI / 180, e = elevation * Math.PI / 180;
      var ca = Math.cos(a), sa = Math.sin(a), ce = Math.cos(e), se = Math.sin(e);
      var fit = fitted(se, ce);
      var scale = Math.min(Wc / (2 * fit.across * 1.08), Hc / ((fit.top - fit.bottom) * 1.12));
      var cx = Wc / 2, cy = Hc / 2 + scale * (fit.top + fit.bottom) / 2;
      function put(X, Y, Z, out, k) {  // project(), inlined for the mesh
        var x1 = X * ca - Y * sa, y1 = X * sa + Y * ca;
        out.sx[k] = cx + scale * x1;
        out.sy[k] = cy - scale * (y1 * se + Z * ce);
        out.sd[k] = -y1 * ce + Z * se;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, Wc, Hc);
      var m = mesh, c = m.corners, vertices = m.X.length, q;
      for (var k = 0; k < vertices; k++) put(m.X[k], m.Y[k], m.Z[k], m, k);
      for (q = 0; q < m.quads; q++) {
        m.depth[q] = m.sd[c[q * 4]] + m.sd[c[q * 4 + 1]] + m.sd[c[q * 4 + 2]] + m.sd[c[q * 4 + 3]];
      }
      m.order.sort(function (i, j) { return m.depth[i] - m.depth[j]; });  // far to near
      ctx.lineWidth = 0.6 * px;
      ctx.strokeStyle = palette.grid;
      ctx.lineJoin = "round";
      for (var n = 0; n < m.quads; n++) {
        q = m.order[n];
        var i0 = c[q * 4], i1 = c[q * 4 + 1], i2 = c[q * 4 + 2], i3 = c[q * 4 + 3];
        ctx.beginPath();
        ctx.moveTo(m.sx[i0], m.sy[i0]);
        ctx.lineTo(m.sx[i1], m.sy[i1]);
        ctx.lineTo(m.sx[i2], m.sy[i2]);
        ctx.lineTo(m.sx[i3], m.sy[i3]);
        ctx.closePath();
        ctx.fillStyle = m.fill[q];
        ctx.fill();
        ctx.stroke();
      }
      function screen(p) {
        var x1 = p[0] * ca - p[1] * sa, y1 = p[0] * sa + p[1] * ca;
        return [cx + scale * x1, cy - scale * (y1 * se + p[2] * ce)];
      }
      // Axis names at the foot of two edges of the map.
      ctx.fillStyle = palette.ink;
      ctx.font = Math.round(12 * px) + "px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      var b = surface.box, ex = lifted((b.x[0] + b.x[1]) / 2, b.y[0]), ey = lifted(b.x[0], (b.y[0] + b.y[1]) / 2);
      var xl = screen([0, -1.2, ex[2]]), yl = screen([-1.2, 0, ey[2]]);
      ctx.fillText("x", xl[0], xl[1]);
      ctx.fillText("y", yl[0], yl[1]);
      // The paths, on top of the surface, then their end markers.
      ctx.lineWidth = 2 * px;
      OPTIMISERS.forEach(function (o) {
        var path = paths[o];
        if (!path) return;
        var every = Math.max(1, Math.ceil(path.length / 1200));
        ctx.strokeStyle = palette[o];
        ctx.setLineDash(DASH[o].map(function (d) { return d * px; }));
        ctx.beginPath();
        for (var k = 0; k < path.length; k += every) {
          var p = screen(lifted(path[k][0], path[k][1]));
          if (k === 0) ctx.moveTo(p[0], p[1]); else ctx.lineTo(p[0], p[1]);
        }
        var last = path[path.length - 1], pl = screen(lifted(last[0], last[1]));
        ctx.lineTo(pl[0], pl[1]);
        ctx.stroke();
      });
      ctx.setLineDash([]);
      ctx.lineWidth = 1.2 * px;
      ctx.strokeStyle = palette.paper;
      OPTIMISERS.forEach(function (o) {
        var path = paths[o];
        if (!path) return;
        var last = path[path.length - 1], p = screen(lifted(last[0], last[1]));
        ctx.fillStyle = palette[o];
        drawMarker(o, p[0], p[1], 4.2 * px);
      });
      if (surface.minimum) {
        var pm = screen(lifted(surface.minimum[0], surface.minimum[1])), r = 4.5 * px;
        ctx.beginPath();
        ctx.moveTo(pm[0] - r, pm[1] - r);
        ctx.lineTo(pm[0] + r, pm[1] + r);
        ctx.moveTo(pm[0] - r, pm[1] + r);
        ctx.lineTo(pm[0] + r, pm[1] - r);
        ctx.lineWidth = 2 * px;
        ctx.strokeStyle = palette.ink;
        ctx.stroke();
      }
      var s = pending || start, ps = screen(lifted(s[0], s[1]));
      ctx.beginPath();
      ctx.arc(ps[0], ps[1], 6 * px, 0, 2 * Math.PI);
      ctx.lineWidth = 2 * px;
      ctx.strokeStyle = palette.ink;
      ctx.stroke();
    }

    function sizeCanvas() {
      var width = canvas.clientWidth, ratio = window.devicePixelRatio || 1;
      if (!width) return;
      var w = Math.round(width * ratio), h = Math.round(width * 280 / 360 * ratio);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
    }

    function describeView() {
      canvas.setAttribute("aria-label", "3-D view of the " + surface.label.toLowerCase() + ", " +
        surface.formula + ", seen from azimuth " + Math.round(azimuth) + "°, elevation " +
        Math.round(elevation) + "°, with the four paths from (" + number(start[0]) + ", " +
        number(start[1]) + ")");
      angles.value = "azimuth " + Math.round(azimuth) + "°, elevation " + Math.round(elevation) + "°";
      element.dataset.azimuth = String(Math.round(azimuth));
      element.dataset.elevation = String(Math.round(elevation));
    }
    function rotate(az, el) {
      azimuth = ((Math.round(az) % 360) + 360) % 360;
      elevation = Math.min(EL_MAX, Math.max(EL_MIN, Math.round(el)));
      slider.value = String(azimuth);
      describeView();
      draw();
    }

    // --- The contour map. ----------------------------------------------------------------------
    function mapX(x) { return L + (x - surface.box.x[0]) / (surface.box.x[1] - surface.box.x[0]) * (R - L); }
    function mapY(y) { return B - (y - surface.box.y[0]) / (surface.box.y[1] - surface.box.y[0]) * (B - T); }
    function drawMapBase() {
      var d = contours(surface).map(function (s) {
        return "M" + mapX(s[0]).toFixed(1) + " " + mapY(s[1]).toFixed(1) +
          "L" + mapX(s[2]).toFixed(1) + " " + mapY(s[3]).toFixed(1);
      }).join("");
      contourPath.setAttribute("d", d);
      var labels = [];
      surface.ticks.x.forEach(function (x) {
        labels.push(svg("line", { class: "mfml-ls__tick", x1: mapX(x), x2: mapX(x), y1: B, y2: B + 4 }));
        labels.push(svg("text", { x: mapX(x), y: B + 15, "text-anchor": "middle" }, [number(x).replace(".00", "")]));
      });
      surface.ticks.y.forEach(function (y) {
        labels.push(svg("line", { class: "mfml-ls__tick", x1: L - 4, x2: L, y1: mapY(y), y2: mapY(y) }));
        labels.push(svg("text", { x: L - 7, y: mapY(y) + 4, "text-anchor": "end" }, [number(y).replace(".00", "")]));
      });
      ticks.replaceChildren.apply(ticks, labels);
      if (surface.minimum) {
        minimumMark.setAttribute("transform", "translate(" + mapX(surface.minimum[0]).toFixed(1) + " " +
                                 mapY(surface.minimum[1]).toFixed(1) + ")");
        minimumMark.removeAttribute("visibility");
      } else {
        minimumMark.setAttribute("visibility", "hidden");
      }
      // The saddle's escape lines y = -1 and y = 1, dashed across the map.
      escapeLines.setAttribute("d", surface.escape === undefined ? "" : [-1, 1].map(function (k) {
        var y = mapY(k * surface.escape).toFixed(1);
        return "M" + L + " " + y + "H" + R;
      }).join(""));
    }
    function drawMapPaths() {
      OPTIMISERS.forEach(function (o) {
        var path = paths[o];
        pathLines[o].setAttribute("points", path.map(function (w) {
          var x = Math.max(-1e4, Math.min(1e4, mapX(w[0]))), y = Math.max(-1e4, Math.min(1e4, mapY(w[1])));
          return (isFinite(x) ? x : 1e4).toFixed(1) + "," + (isFinite(y) ? y : 1e4).toFixed(1);
        }).join(" "));
        var last = path[path.length - 1];
        var inMap = inside(surface.box, last);
        endMarks[o].setAttribute("transform", "translate(" + mapX(inMap ? last[0] : 0).toFixed(1) + " " +
                                 mapY(inMap ? last[1] : 0).toFixed(1) + ")");
        if (inMap) endMarks[o].removeAttribute("visibility");
        else endMarks[o].setAttribute("visibility", "hidden");
      });
      placeStart();
    }
    function placeStart() {
      var s = pending || start;
      startMark.setAttribute("cx", mapX(s[0]).toFixed(1));
      startMark.setAttribute("cy", mapY(s[1]).toFixed(1));
      map.classList.toggle("mfml-ls__map--pending", !!pending);
    }
    function describeMap() {
      map.setAttribute("aria-label", "Contour map of the " + surface.label.toLowerCase() +
        " with the paths of GD, momentum, RMSProp and Adam from (" + number(start[0]) + ", " +
        number(start[1]) + ")" + (pending ? "; next start (" + number(pending[0]) + ", " +
        number(pending[1]) + ")" : ""));
    }

    // --- Running and reporting. ---------------------------------------------------------------
    function runAll() {
      OPTIMISERS.forEach(function (o) { paths[o] = run(o, key, start); });
      runs += 1;
      element.dataset.runs = String(runs);
      element.dataset.startX = String(start[0]);
      element.dataset.startY = String(start[1]);
      report();
      drawMapPaths();
      describeMap();
      describeView();
      draw();
    }
    function report() {
      startLine.textContent = surface.label + ", " + surface.formula + ": runs from (" +
        number(start[0]) + ", " + number(start[1]) + ")" +
        (surface.minimum ? ", to within 0.001 of the minimum (" + surface.minimum.join(", ") +
         ") or " + surface.steps + " steps:" : " until they escape past the dashed lines, |y| > " +
         surface.escape + " as in the lab, or " + surface.steps + " steps:");
      pendingLine.hidden = true;
      OPTIMISERS.forEach(function (o) {
        var r = summary(key, paths[o]), p = params(o, key);
        var why = r.outcome === "reached" ? "reached the minimum"
          : r.outcome === "escaped" ? "escaped" : r.outcome === "left" ? "left the map"
          : surface.minimum ? "not there yet" : "not escaped yet";
        items[o].textContent = NAMES[o] + " (" + LOOK[o] + "; " + settingsText(o, p) +
          "): loss " + lossText(r.loss) + " after " + r.steps +
          (r.steps === 1 ? " step, " : " steps, ") + why;
        items[o].dataset.loss = String(r.loss);
        items[o].dataset.steps = String(r.steps);
        items[o].dataset.outcome = r.outcome;
      });
    }
    function setStart(x, y) {
      var b = surface.starts || surface.box;  // on the saddle: not already escaped
      start = [Math.min(b.x[1], Math.max(b.x[0], x)), Math.min(b.y[1], Math.max(b.y[0], y))];
      pending = null;
      runAll();
    }
    function movePending(dx, dy) {
      var b = surface.starts || surface.box, s = pending || start;
      pending = [Math.min(b.x[1], Math.max(b.x[0], s[0] + dx)),
                 Math.min(b.y[1], Math.max(b.y[0], s[1] + dy))];
      pending = [Math.round(pending[0] * 1e6) / 1e6, Math.round(pending[1] * 1e6) / 1e6];
      pendingLine.hidden = false;
      pendingLine.textContent = "Next start (" + number(pending[0]) + ", " + number(pending[1]) +
        "): press Enter to run from there.";
      element.dataset.pendingX = String(pending[0]);
      element.dataset.pendingY = String(pending[1]);
      placeStart();
      describeMap();
      draw();
    }
    function setSurface(name) {
      key = name;
      surface = surfaces[name];
      element.dataset.surface = name;
      select.value = name;
      start = surface.start.slice();
      pending = null;
      buildMesh();
      drawMapBase();
      runAll();
    }

    // --- Input. --------------------------------------------------------------------------------
    listen(select, "change", function () { setSurface(select.value); });
    listen(slider, "input", function () { rotate(Number(slider.value), elevation); });
    listen(canvas, "keydown", function (event) {
      var turns = { ArrowLeft: [-AZ_STEP, 0], ArrowRight: [AZ_STEP, 0],
                    ArrowUp: [0, EL_STEP], ArrowDown: [0, -EL_STEP] }[event.key];
      if (!turns) return;
      event.preventDefault();
      rotate(azimuth + turns[0], elevation + turns[1]);
    });
    // Dragging: pointer moves are added up and applied once per animation frame.
    var drag = null, nextFrame = 0, moved = [0, 0];
    listen(canvas, "pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { id: event.pointerId, x: event.clientX, y: event.clientY };
      try { canvas.setPointerCapture(event.pointerId); } catch (error) { /* not a live pointer */ }
      event.preventDefault();
    });
    listen(canvas, "pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) return;
      moved[0] += event.clientX - drag.x;
      moved[1] += event.clientY - drag.y;
      drag.x = event.clientX;
      drag.y = event.clientY;
      if (!nextFrame) {
        nextFrame = life.frame(function () {
          nextFrame = 0;
          var unit = 360 / Math.max(canvas.clientWidth, 1);  // a full turn across the canvas
          var turn = moved[0] * unit * 0.75, tilt = moved[1] * unit * 0.5;
          var whole = [Math.trunc(turn), Math.trunc(tilt)];
          moved = [moved[0] - whole[0] / (unit * 0.75), moved[1] - whole[1] / (unit * 0.5)];
          if (whole[0] || whole[1]) rotate(azimuth - whole[0], elevation + whole[1]);
        });
      }
    });
    function endDrag(event) {
      if (drag && event.pointerId === drag.id) drag = null;
    }
    listen(canvas, "pointerup", endDrag);
    listen(canvas, "pointercancel", endDrag);

    function toData(clientX, clientY) {
      var matrix = map.getScreenCTM();
      if (!matrix) return null;
      var point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
      var b = surface.box;
      return [b.x[0] + (point.x - L) / (R - L) * (b.x[1] - b.x[0]),
              b.y[0] + (B - point.y) / (B - T) * (b.y[1] - b.y[0])];
    }
    listen(map, "click", function (event) {  // mouse, pen, and a tap on a touch screen
      var p = toData(event.clientX, event.clientY);
      if (p) setStart(p[0], p[1]);
    });
    listen(map, "keydown", function (event) {
      var b = surface.box, big = event.shiftKey ? 5 : 1;
      var sx = (b.x[1] - b.x[0]) / 40 * big, sy = (b.y[1] - b.y[0]) / 40 * big;
      var moves = { ArrowLeft: [-sx, 0], ArrowRight: [sx, 0], ArrowUp: [0, sy], ArrowDown: [0, -sy] };
      if (moves[event.key]) {
        event.preventDefault();
        movePending(moves[event.key][0], moves[event.key][1]);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        var s = pending || start;
        setStart(s[0], s[1]);
      }
    });

    // The palette: Material switches it with attributes on <body>.
    var watcher = new MutationObserver(function () { readPalette(); draw(); });
    watcher.observe(document.body, { attributes: true, attributeFilter: [
      "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"] });
    var resizer = new ResizeObserver(function () { sizeCanvas(); draw(); });
    resizer.observe(canvas);

    readPalette();
    sizeCanvas();
    setSurface(key);
    rotate(azimuth, elevation);

    return function unmount() {
      watcher.disconnect();
      resizer.disconnect();
      element.replaceChildren();
      element.classList.remove("mfml-landscape");
      ["surface", "runs", "startX", "startY", "pendingX", "pendingY", "azimuth", "elevation"]
        .forEach(function (name) { delete element.dataset[name]; });
    };
  }

  mfmlWidgets.define("landscape", { math: math, mount: mount });
})();
