// Widget "gradient-descent" (calculus/gradient-descent.md): gradient descent on the bowl
// f(x) = (a/2) x^2 with curvature a = 2, that is the lesson's f(x) = x^2, from x0 = 2.
//
// The reader picks the learning rate eta on a slider marked at 1/a = 0.5 (past it the steps
// overshoot) and at the stability limit 2/a = 1 (past it they diverge), picks the start x0 on a
// second slider or by pressing on the plot, and takes steps one at a time (Step) or on a timer
// (Play/Pause); Reset goes back to the start. The plot shows the iterates on the curve; a
// live readout gives the step count, the iterate, the loss, the factor 1 - 2 eta each step
// multiplies x by and what gradient descent does at that eta. The state is (x0, eta, k); the
// path is recomputed from it, so moving a slider after some steps shows the same number of
// steps at the new setting.
//
// The widget sits in the lesson's "The picture", before r and a are introduced, so its words
// use only eta, x and numbers: "0.5", "1", "1 - 2 eta" (the lesson's own r, not yet named).
// While Play runs, the readout is not announced (aria-live="off"): a screen reader hears it
// once, when the reader pauses or the iteration budget stops the walk.
(function () {
  "use strict";
  var A = 2;            // curvature: f(x) = x^2 is (a/2) x^2 with a = 2
  var X0 = 2;           // the start of the lesson's first figure
  var ETA = 0.3;        // its "about right" learning rate
  var BUDGET = 50;      // iteration budget: the lesson's third stopping criterion
  var TICK_MS = 350;    // one step per tick while playing
  var TOL = 1e-9;

  // --- The math: pure functions, compared with NumPy by the tests. -------------------------

  // x_{k+1} = x_k - eta f'(x_k) with f'(x) = a x: every iterate from x_0 to x_steps.
  function path(x0, eta, steps, a) {
    if (a === undefined) a = A;
    var xs = [x0];
    for (var k = 0; k < steps; k++) {
      var x = xs[k];
      xs.push(x - eta * a * x);
    }
    return xs;
  }
  function loss(x, a) {
    if (a === undefined) a = A;
    return 0.5 * a * x * x;
  }
  // Every step multiplies x by r = 1 - eta a.
  function factor(eta, a) {
    if (a === undefined) a = A;
    return 1 - eta * a;
  }
  function limit(a) {
    if (a === undefined) a = A;
    return 2 / a;
  }
  // What gradient descent does at this learning rate (the lesson's table).
  function regime(eta, a) {
    if (a === undefined) a = A;
    var d = eta * a;
    if (d <= 0) return "stays";
    if (Math.abs(d - 1) < TOL) return "one-step";
    if (Math.abs(d - 2) < TOL) return "bounces";
    if (d < 1) return "slides";
    if (d < 2) return "oscillates";
    return "diverges";
  }

  // --- Drawing helpers. --------------------------------------------------------------------

  // Element builders shared by the widgets (widgets.js).
  var html = window.mfmlWidgets.html, svg = window.mfmlWidgets.svg;
  // A number as the readout shows it: 4 significant digits, a real minus sign; far from 1,
  // "m x 10^n", which has a written form (with a superscript) and a spoken one (in words).
  function minus(s) { return s.replace(/-/g, "\u2212"); }
  function sci(v) {
    if (v === 0 || Math.abs(v) < 1e-300) return null;
    var e = Math.floor(Math.log10(Math.abs(v)));
    if (e >= -3 && e < 5) return null;
    var parts = v.toExponential(3).split("e");   // the mantissa may round up to 10: read it back
    return { mantissa: minus(String(Number(parts[0]))), exponent: Number(parts[1]) };
  }
  function fmt(v) {
    if (v === 0 || Math.abs(v) < 1e-300) return "0";
    var s = sci(v);
    if (s) return s.mantissa + "\u00a0\u00d7\u00a010^" + minus(String(s.exponent));
    return minus(String(Number(v.toPrecision(4))));
  }
  function spoken(v) {
    var s = sci(v);
    if (!s) return fmt(v);
    return s.mantissa + " times 10 to the power " + (s.exponent < 0 ? "minus " : "") +
      Math.abs(s.exponent);
  }
  // The same number as nodes for the readout: the written form for the eye (the exponent
  // raised), the spoken one for a screen reader (hidden from sight, not from it).
  var HIDDEN = "position: absolute; width: 1px; height: 1px; overflow: hidden; " +
    "clip-path: inset(50%); white-space: nowrap;";
  function shown(v) {
    var s = sci(v);
    if (!s) return [fmt(v)];
    var sup = document.createElement("sup");
    sup.textContent = minus(String(s.exponent));
    var seen = html("span", { "aria-hidden": "true" }, [s.mantissa + "\u00a0\u00d7\u00a010", sup]);
    var heard = html("span", { style: HIDDEN }, [spoken(v)]);
    return [seen, heard];
  }
  function fixed(v, digits) {
    var s = v.toFixed(digits);
    if (Number(s) === 0) s = (0).toFixed(digits);  // no "-0.00"
    return s.replace("-", "\u2212");
  }
  var SUB = "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089";
  function sub(k) {
    return String(k).replace(/\d/g, function (d) { return SUB[d]; });
  }

  var W = 440, H = 260, LEFT = 34, RIGHT = 10, TOP = 10, BOTTOM = 30;
  var XMIN = -6.5, XMAX = 6.5, YMIN = -1, YMAX = 40, XLIM = 6;
  function px(x) { return LEFT + (x - XMIN) / (XMAX - XMIN) * (W - LEFT - RIGHT); }
  function py(y) { return H - BOTTOM - (y - YMIN) / (YMAX - YMIN) * (H - TOP - BOTTOM); }
  // Far-off points are clamped: a segment leaving the plot is hidden anyway, and the browser
  // never sees coordinates like 1e16.
  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
  function pt(x) {
    return clamp(px(x), -1e4, 1e4).toFixed(1) + "," + clamp(py(loss(x)), -1e4, 1e4).toFixed(1);
  }

  var serial = 0;

  function mount(element, life) {
    var id = "mfml-gd-" + (++serial);
    var state = { x0: X0, eta: ETA, k: 0 };
    var timer = 0, frame = 0, dragging = null, pending = null;
    var paused = false;   // stopped by Pause, until the next change: the readout says so

    // The plot: axes and the curve once; the path and the points are updated in place.
    var plot = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
                            class: "mfml-gd__plot" });
    var clip = svg("clipPath", { id: id + "-clip" });
    clip.append(svg("rect", { x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: H - TOP - BOTTOM }));
    var defs = svg("defs");
    defs.append(clip);
    plot.append(defs);
    [0, 10, 20, 30, 40].forEach(function (y) {
      plot.append(svg("line", { class: "faint", x1: LEFT, x2: W - RIGHT, y1: py(y), y2: py(y) }));
      var label = svg("text", { class: "fg-fill", x: LEFT - 5, y: py(y) + 4, "text-anchor": "end" });
      label.textContent = String(y);
      plot.append(label);
    });
    [-6, -4, -2, 0, 2, 4, 6].forEach(function (x) {
      plot.append(svg("line", { class: "fg", x1: px(x), x2: px(x), y1: H - BOTTOM, y2: H - BOTTOM + 4 }));
      var label = svg("text", { class: "fg-fill", x: px(x), y: H - BOTTOM + 16, "text-anchor": "middle" });
      label.textContent = String(x).replace("-", "\u2212");
      plot.append(label);
    });
    plot.append(svg("line", { class: "fg", x1: LEFT, x2: W - RIGHT, y1: H - BOTTOM, y2: H - BOTTOM }));
    var xName = svg("text", { class: "fg-fill", x: W - RIGHT, y: H - 4, "text-anchor": "end" });
    xName.textContent = "x";
    var yName = svg("text", { class: "fg-fill", x: px(0) + 8, y: TOP + 12 });
    yName.textContent = "f(x) = x\u00b2";
    plot.append(xName, yName);
    var curve = [];
    for (var i = 0; i <= 130; i++) curve.push(pt(XMIN + i / 130 * (XMAX - XMIN)));
    var inside = svg("g", { "clip-path": "url(#" + id + "-clip)" });
    inside.append(svg("polyline", { class: "fg mfml-gd__curve", points: curve.join(" ") }));
    var trail = svg("polyline", { class: "mfml-gd__path", points: "" });
    var dots = svg("path", { class: "mfml-gd__dots", d: "" });
    var start = svg("rect", { class: "mfml-gd__start", width: 9, height: 9 });
    var here = svg("circle", { class: "mfml-gd__here", r: 6 });
    inside.append(trail, dots, start, here);
    plot.append(inside);

    // The controls: native inputs and buttons, each with its label.
    var eta = html("input", { type: "range", id: id + "-eta", min: "0.01", max: "1.2", step: "0.01",
                              value: String(ETA),
                              "aria-describedby": id + "-over " + id + "-limit" });
    var etaOut = html("output", { for: id + "-eta", class: "mfml-gd__value" }, [ETA.toFixed(2)]);
    function mark(value, text, extra) {
      var fraction = (value - 0.01) / (1.2 - 0.01);
      return html("span", Object.assign({ class: "mfml-gd__mark",
        style: "left: calc(8px + (100% - 16px) * " + fraction.toFixed(4) + ")" }, extra || {}),
        [text]);
    }
    var scale = html("div", { class: "mfml-gd__scale" }, [
      mark(1 / A, fmt(1 / A) + ": overshoots", { id: id + "-over" }),
      mark(limit(), fmt(limit()) + ": limit", { id: id + "-limit",
        class: "mfml-gd__mark mfml-gd__mark--limit" }),
    ]);
    var etaLabel = html("label", { for: id + "-eta" }, ["Learning rate \u03b7"]);
    var etaBox = html("div", { class: "mfml-gd__slider" }, [eta, scale]);
    var start0 = html("input", { type: "range", id: id + "-x0", min: String(-XLIM), max: String(XLIM),
                                 step: "0.1", value: String(X0) });
    var x0Out = html("output", { for: id + "-x0", class: "mfml-gd__value" }, [fmt(X0)]);
    var x0Label = html("label", { for: id + "-x0" }, ["Start x\u2080"]);
    var stepButton = html("button", { type: "button" }, ["Step"]);
    var playButton = html("button", { type: "button" }, ["Play"]);
    var resetButton = html("button", { type: "button" }, ["Reset"]);
    var readout = html("div", { class: "mfml-widget__readout mfml-gd__readout", "aria-live": "polite" });
    var where = html("p", {});
    var what = html("p", {});
    readout.append(where, what);
    var controls = html("div", { class: "mfml-widget__controls mfml-gd__controls" }, [
      html("div", { class: "mfml-gd__row" }, [etaLabel, etaBox, etaOut]),
      html("div", { class: "mfml-gd__row" }, [x0Label, html("div", { class: "mfml-gd__slider" },
                                                           [start0]), x0Out]),
      html("div", { class: "mfml-gd__buttons" }, [stepButton, playButton, resetButton]),
    ]);
    element.append(plot, controls, readout);

    function render() {
      frame = 0;
      var xs = path(state.x0, state.eta, state.k);
      var x = xs[state.k];
      var kind = regime(state.eta);
      var r = factor(state.eta);
      var over = fmt(1 / A), edge = fmt(limit());
      trail.setAttribute("points", xs.map(pt).join(" "));
      trail.setAttribute("data-regime", kind);
      dots.setAttribute("d", xs.map(function (v) {
        var p = pt(v).split(",");
        return "M" + (Number(p[0]) - 3) + "," + p[1] + "a3,3 0 1 0 6,0a3,3 0 1 0 -6,0";
      }).join(""));
      dots.setAttribute("data-regime", kind);
      var s = pt(state.x0).split(",");
      start.setAttribute("x", Number(s[0]) - 4.5);
      start.setAttribute("y", Number(s[1]) - 4.5);
      var h = pt(x).split(",");
      here.setAttribute("cx", h[0]);
      here.setAttribute("cy", h[1]);
      etaOut.textContent = state.eta.toFixed(2);
      x0Out.textContent = fmt(state.x0);
      var at = "x" + sub(state.k);
      where.replaceChildren.apply(where, [(paused ? "Paused. " : "") + "Step k = " + state.k +
        ": " + at + " = "].concat(shown(x), [", loss f(" + at + ") = "], shown(loss(x)), ["."]));
      // 1 - 2 eta, as the lesson writes the factor it later calls r (a = 2 here).
      var said = "\u03b7 = " + state.eta.toFixed(2) + ", so each step multiplies x by 1 \u2212 " +
        fmt(A) + "\u03b7 = " + fixed(r, 2) + ": ";
      said += {
        stays: "the walker does not move.",
        slides: "it slides towards the minimum without crossing it.",
        "one-step": "\u03b7 = " + over + ", so it lands on the minimum in one step.",
        oscillates: "\u03b7 is past " + over + ", so each step overshoots the minimum, but by " +
          "less each time: it oscillates and converges.",
        bounces: "\u03b7 is at the limit " + edge + ": it bounces between x\u2080 and " +
          "\u2212x\u2080 for ever.",
        diverges: "\u03b7 is past the limit " + edge + ": diverging, each step overshoots " +
          "further than the last.",
      }[kind];
      if (state.k >= BUDGET) said += " Iteration budget of " + BUDGET + " steps reached: press Reset.";
      what.textContent = said;
      plot.setAttribute("aria-label", "Gradient descent on f(x) = x\u00b2 from x\u2080 = " +
        fmt(state.x0) + " with learning rate " + state.eta.toFixed(2) + ": " +
        (state.k === 0 ? "no steps yet." : "after " + state.k + (state.k === 1 ? " step " : " steps ") +
        at + " = " + spoken(x) + ", " + (kind === "diverges" ? "diverging." : kind === "bounces" ?
        "bouncing." : "converging.")));
      playButton.textContent = timer ? "Pause" : "Play";
    }
    function draw() {
      if (!frame) frame = life.frame(render);
    }

    function step() {
      if (state.k >= BUDGET) return false;
      state.k += 1;
      draw();
      return true;
    }
    // Playing, the readout changes every tick: it is announced once, when the walk stops (the
    // attribute is set before the redraw that rewrites the readout, a frame later).
    function stop() {
      if (timer) clearInterval(timer);
      timer = 0;
      readout.setAttribute("aria-live", "polite");
      draw();
    }
    function tick() {
      step();
      if (state.k >= BUDGET) stop();
    }

    function change() { paused = false; draw(); }
    function onEta() { state.eta = Number(eta.value); change(); }
    function onX0() { state.x0 = Number(start0.value); change(); }
    function onStep() { paused = false; step(); }
    function onPlay() {
      if (timer) { paused = true; return stop(); }
      paused = false;
      if (state.k >= BUDGET) state.k = 0;
      readout.setAttribute("aria-live", "off");
      timer = setInterval(tick, TICK_MS);
      tick();
    }
    function onReset() { state.k = 0; paused = false; stop(); }

    // Pressing on the plot puts the start there (mouse, pen or touch); moves are coalesced
    // into one update per frame.
    function fromPointer(event) {
      var box = plot.getBoundingClientRect();
      var x = XMIN + ((event.clientX - box.left) / box.width * W - LEFT) / (W - LEFT - RIGHT) *
        (XMAX - XMIN);
      return Math.round(clamp(x, -XLIM, XLIM) * 10) / 10;
    }
    function moveStart() {
      pending = null;
      start0.value = String(dragging);
      state.x0 = Number(start0.value);
      paused = false;
      render();
    }
    function onDown(event) {
      if (event.button !== undefined && event.button > 0) return;
      event.preventDefault();
      if (plot.setPointerCapture) plot.setPointerCapture(event.pointerId);
      dragging = fromPointer(event);
      if (frame) { life.cancel(frame); frame = 0; }
      moveStart();
    }
    function onMove(event) {
      if (dragging === null) return;
      dragging = fromPointer(event);
      if (!pending) pending = life.frame(moveStart);
    }
    function onUp() {
      if (pending) { life.cancel(pending); moveStart(); }
      dragging = null;
    }

    [
      [eta, "input", onEta], [start0, "input", onX0], [stepButton, "click", onStep],
      [playButton, "click", onPlay], [resetButton, "click", onReset],
      [plot, "pointerdown", onDown], [plot, "pointermove", onMove], [plot, "pointerup", onUp],
      [plot, "pointercancel", onUp],
    ].forEach(function (l) { life.listen(l[0], l[1], l[2]); });
    render();

    return function unmount() {
      if (timer) clearInterval(timer);
      timer = 0;
      element.replaceChildren();
    };
  }

  window.mfmlWidgets.define("gradient-descent", {
    math: { path: path, loss: loss, factor: factor, limit: limit, regime: regime },
    mount: mount,
  });
})();
