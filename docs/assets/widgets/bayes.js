// Widget "bayes" (probability/bayes.md): the base-rate explorer.
//
// Three sliders set the prevalence P(D), the sensitivity P(+ | D) and the false-positive rate
// P(+ | not D), starting at the lesson's 1%, 99% and 5%. The town of 10,000 from the lesson's
// figure is drawn the same way: one mark per person, in 100 blocks of 100 arranged ten by
// ten, in the order sick and positive, sick and negative, healthy and positive, healthy and
// negative. Each kind has its own shape as well as its own colour (sick: squares, healthy:
// dots; positive: filled, negative: hollow), and the legend gives each kind's count in words.
// The live readout gives the posterior P(D | +) from the formula and the share of the grid's
// positives who are sick.
//
// Drawing stays cheap however the sliders move: each kind is one path of at most three
// rectangles per block, filled with a pattern that repeats that kind's mark once per cell, so
// a redraw sets four short attributes instead of touching 10,000 elements.
(function () {
  "use strict";
  var N = 10000;
  var CELL = 6;            // one person, in SVG units
  var SIDE = 10 * 11 - 1;  // cells across: 10 blocks of 10, a cell of gap between blocks
  var START = { prevalence: 1, sensitivity: 99, fpr: 5 };  // percent: the lesson's example

  // --- The math: pure functions, compared with NumPy by the tests. -------------------------

  // P(D | +) = P(+ | D) P(D) / (P(+ | D) P(D) + P(+ | not D) P(not D)); NaN when nobody can
  // test positive.
  function posterior(prevalence, sensitivity, fpr) {
    var sickPositive = sensitivity * prevalence;
    var evidence = sickPositive + fpr * (1 - prevalence);
    return evidence > 0 ? sickPositive / evidence : NaN;
  }
  function round(x) { return Math.floor(x + 0.5); }
  // Natural frequencies: whole people out of n, each count rounded half up, adding up to n.
  function counts(prevalence, sensitivity, fpr, n) {
    if (n === undefined) n = N;
    var sick = round(n * prevalence);
    var tp = round(sick * sensitivity);
    var healthy = n - sick;
    var fp = round(healthy * fpr);
    return { tp: tp, fn: sick - tp, fp: fp, tn: healthy - fp };
  }

  // --- Drawing. ---------------------------------------------------------------------------

  // Element builders shared by the widgets (widgets.js).
  var html = window.mfmlWidgets.html, svg = window.mfmlWidgets.svg;
  function percent(p, digits) { return (100 * p).toFixed(digits) + "%"; }
  function many(n) { return n.toLocaleString("en"); }

  // Each kind's mark, centred on (x, y), for a cell of side 6 (the legend draws it bigger).
  var SHAPES = {
    tp: function (x, y) { return "M" + (x - 2.5) + "," + (y - 2.5) + "h5v5h-5z"; },
    fn: function (x, y) { return "M" + (x - 2) + "," + (y - 2) + "h4v4h-4z"; },
    fp: function (x, y) { return "M" + (x - 2.6) + "," + y + "a2.6,2.6 0 1 0 5.2,0a2.6,2.6 0 1 0 -5.2,0"; },
    tn: function (x, y) { return "M" + (x - 1.9) + "," + y + "a1.9,1.9 0 1 0 3.8,0a1.9,1.9 0 1 0 -3.8,0"; },
  };
  var KINDS = ["tp", "fn", "fp", "tn"];
  var WORDS = {
    tp: ["sick, test positive", "true positives", "filled squares"],
    fn: ["sick, test negative", "false negatives", "hollow squares"],
    fp: ["healthy, test positive", "false positives", "filled dots"],
    tn: ["healthy, test negative", "true negatives", "hollow dots"],
  };

  // The cells of people first to last - 1 (in the figure's order: block by block, each block
  // row by row) as rectangles: at most three per block.
  function rectangles(first, last) {
    var d = "";
    if (last <= first) return d;
    function rect(block, row, col0, col1, rows) {
      var x = ((block % 10) * 11 + col0) * CELL, y = (Math.floor(block / 10) * 11 + row) * CELL;
      d += "M" + x + "," + y + "h" + (col1 - col0) * CELL + "v" + rows * CELL + "h" +
        (col0 - col1) * CELL + "z";
    }
    for (var block = Math.floor(first / 100); block * 100 < last; block++) {
      var s = Math.max(first, block * 100) - block * 100;   // seats s to e - 1 of this block
      var e = Math.min(last, block * 100 + 100) - block * 100;
      var r0 = Math.floor(s / 10), r1 = Math.floor((e - 1) / 10);
      if (r0 === r1) { rect(block, r0, s % 10, (e - 1) % 10 + 1, 1); continue; }
      if (s % 10) { rect(block, r0, s % 10, 10, 1); r0 += 1; }
      var end = (e - 1) % 10 === 9 ? r1 + 1 : r1;          // the last row, if full
      if (end > r0) rect(block, r0, 0, 10, end - r0);
      if (end === r1) rect(block, r1, 0, (e - 1) % 10 + 1, 1);
    }
    return d;
  }

  var serial = 0;

  function mount(element, life) {
    var id = "mfml-bayes-" + (++serial);
    var frame = 0;
    var size = SIDE * CELL;
    var grid = svg("svg", { viewBox: "0 0 " + size + " " + size, width: size, height: size,
                            role: "img", class: "mfml-bayes__grid" });
    var defs = svg("defs");
    var paths = {};
    KINDS.forEach(function (kind) {
      var tile = svg("pattern", { id: id + "-" + kind, patternUnits: "userSpaceOnUse",
                                  width: CELL, height: CELL });
      tile.append(svg("path", { class: "mfml-bayes__" + kind, d: SHAPES[kind](CELL / 2, CELL / 2) }));
      defs.append(tile);
      paths[kind] = svg("path", { class: "mfml-bayes__cells", "data-kind": kind,
                                  fill: "url(#" + id + "-" + kind + ")", d: "" });
    });
    grid.append(defs);
    KINDS.forEach(function (kind) { grid.append(paths[kind]); });

    function slider(name, text, min, max, step) {
      var input = html("input", { type: "range", id: id + "-" + name, min: String(min),
                                  max: String(max), step: String(step), value: String(START[name]) });
      var output = html("output", { for: id + "-" + name, class: "mfml-bayes__value" });
      var row = html("div", { class: "mfml-bayes__row" }, [
        html("label", { for: id + "-" + name }, [text]), input, output]);
      return { input: input, output: output, row: row };
    }
    var sliders = {
      prevalence: slider("prevalence", "Prevalence P(D)", 0.1, 50, 0.1),
      sensitivity: slider("sensitivity", "Sensitivity P(+ | D)", 0, 100, 1),
      fpr: slider("fpr", "False-positive rate P(+ | not D)", 0, 50, 0.5),
    };
    var legend = html("ul", { class: "mfml-bayes__legend" });
    var legendCounts = {};
    KINDS.forEach(function (kind) {
      var glyph = svg("svg", { viewBox: "0 0 6 6", width: 14, height: 14, "aria-hidden": "true",
                               focusable: "false" });
      glyph.append(svg("path", { class: "mfml-bayes__" + kind, d: SHAPES[kind](3, 3) }));
      legendCounts[kind] = html("span", { class: "mfml-bayes__count" });
      legend.append(html("li", {}, [glyph, html("span", {}, [legendCounts[kind],
        " " + WORDS[kind][0] + " (" + WORDS[kind][1] + ", " + WORDS[kind][2] + ")"])]));
    });
    var formula = html("p", {});
    var share = html("p", {});
    var readout = html("div", { class: "mfml-widget__readout mfml-bayes__readout",
                                "aria-live": "polite" }, [formula, share]);
    var controls = html("div", { class: "mfml-widget__controls mfml-bayes__controls" },
                        [sliders.prevalence.row, sliders.sensitivity.row, sliders.fpr.row]);
    var picture = html("div", { class: "mfml-bayes__picture" }, [grid, legend]);
    element.append(picture, controls, readout);

    function value(name) { return Number(sliders[name].input.value) / 100; }

    function render() {
      frame = 0;
      var prevalence = value("prevalence"), sensitivity = value("sensitivity"), fpr = value("fpr");
      Object.keys(sliders).forEach(function (name) {
        var text = String(Number(sliders[name].input.value)) + "%";
        sliders[name].output.textContent = text;
        sliders[name].input.setAttribute("aria-valuetext", text);  // "1%", not "1"
      });
      var c = counts(prevalence, sensitivity, fpr);
      var at = 0;
      KINDS.forEach(function (kind) {
        paths[kind].setAttribute("d", rectangles(at, at + c[kind]));
        at += c[kind];
        legendCounts[kind].textContent = many(c[kind]);
      });
      var p = posterior(prevalence, sensitivity, fpr);
      formula.textContent = isNaN(p)
        ? "P(D | +) is undefined: with a sensitivity and a false-positive rate of 0%, nobody tests positive."
        : "P(D | +) = " + p.toFixed(3) + ": a positive result means a " + percent(p, 1) +
          " chance of being sick.";
      var positives = c.tp + c.fp;
      // The grid rounds to whole people: when the formula has positives but fewer than one in
      // 10,000, the grid has none, and says why, so that the two lines agree.
      share.textContent = positives
        ? "In the grid, " + many(c.tp) + " of the " + many(positives) +
          (positives === 1 ? " person" : " people") + " who test positive " +
          (c.tp === 1 ? "is" : "are") + " sick: " + percent(c.tp / positives, 1) + "."
        : isNaN(p) ? "In the grid, nobody tests positive."
        : "In the grid, nobody tests positive: fewer than 1 in " + many(N) + " people would.";
      grid.setAttribute("aria-label", "10,000 people in 100 blocks of 100, one mark each: " +
        KINDS.map(function (kind) { return many(c[kind]) + " " + WORDS[kind][0]; }).join(", ") +
        "." + (positives ? " " + many(c.tp) + " of the " + many(positives) + " positives are sick." : ""));
    }
    function draw() {
      if (!frame) frame = life.frame(render);
    }
    Object.keys(sliders).forEach(function (name) {
      life.listen(sliders[name].input, "input", draw);
    });
    render();

    return function unmount() {
      element.replaceChildren();
    };
  }

  window.mfmlWidgets.define("bayes", {
    math: { posterior: posterior, counts: counts },
    mount: mount,
  });
})();
