// Widget "backprop": values forward, gradients backward, on a small graph, in two uses chosen by
// the element's data-mode:
//
//   data-mode="graph"   (calculus/chain-rule.md): the lesson's running example
//                       f(x, y) = (x y + sin x)^2 with nodes a = x y, b = sin x, c = a + b,
//                       f = c^2, at (x, y) = (1, 2);
//   data-mode="network" (calculus/backpropagation.md): a 2-2-1 network for one example,
//                       z = x W1 + b1, h = relu(z), y_hat = h W2 + b2, L = (y_hat - y)^2,
//                       the lesson's two-layer network with B = 1, at the example weights of
//                       its figure.
//
// The reader types new inputs, weights or biases (labelled number inputs: the keyboard works
// natively) and every value on every box and every gradient on every arrow follows. Next and
// Previous step through the forward pass, box by box, then the backward pass in reverse order,
// arrow by arrow; values not yet computed at the current step show as "?". A live readout
// states the current step's computation with its numbers. Clicking or tapping a box or an
// arrow (pointer events) selects it and the readout gives its local derivative. Redraws only
// change text and classes of the SVG built at mount.
(function () {
  "use strict";

  // --- The math: pure functions, compared with NumPy by tests/test_widgets_backprop.py. -----

  // f(x, y) = (x y + sin x)^2 as the lesson's graph. values: every node; grads: df/d(node);
  // local: d(child)/d(parent) on each arrow "parent->child"; flow: what the backward pass
  // sends along each arrow, df/d(child) * d(child)/d(parent).
  function graph(inputs) {
    var x = Number(inputs.x), y = Number(inputs.y);
    var a = x * y, b = Math.sin(x), c = a + b, f = c * c;
    var local = { "x->a": y, "y->a": x, "x->b": Math.cos(x), "a->c": 1, "b->c": 1, "c->f": 2 * c };
    var grads = { f: 1 };
    grads.c = grads.f * local["c->f"];
    grads.a = grads.c * local["a->c"];
    grads.b = grads.c * local["b->c"];
    var flow = {
      "c->f": grads.c, "a->c": grads.a, "b->c": grads.b,
      "x->a": grads.a * local["x->a"], "y->a": grads.a * local["y->a"],
      "x->b": grads.b * local["x->b"],
    };
    grads.x = flow["x->a"] + flow["x->b"];  // x has two children: the two paths add up
    grads.y = flow["y->a"];
    return { values: { x: x, y: y, a: a, b: b, c: c, f: f }, grads: grads, local: local, flow: flow };
  }

  // The 2-2-1 ReLU network on one example x = [x1, x2] with target y (a number), params
  // {W1: [[W11, W12], [W21, W22]] (input i, hidden unit j), b1: [b1, b2], W2: [w1, w2] (or the
  // column [[w1], [w2]]), b2: number (or [b2])}. ReLU's slope at exactly 0 is taken as 0, as
  // in the lesson. values: z, h, yhat, loss; grads: dL/d of yhat, h, z, x and of every weight
  // and bias, each shaped like its variable (W2 as a flat list of 2).
  function network(x, params, target) {
    var W1 = params.W1, b1 = params.b1;
    var W2 = params.W2.map(function (w) { return Array.isArray(w) ? w[0] : w; });
    var b2 = Array.isArray(params.b2) ? params.b2[0] : params.b2;
    var z = [0, 1].map(function (j) { return x[0] * W1[0][j] + x[1] * W1[1][j] + b1[j]; });
    var h = z.map(function (v) { return Math.max(v, 0); });
    var yhat = h[0] * W2[0] + h[1] * W2[1] + b2;
    var loss = (yhat - target) * (yhat - target);
    var dyhat = 2 * (yhat - target);                                  // step 1: dL/dy_hat
    var dW2 = h.map(function (v) { return v * dyhat; });              // step 2: H^T G
    var dh = W2.map(function (w) { return dyhat * w; });              //         G W2^T
    var dz = dh.map(function (g, j) { return z[j] > 0 ? g : 0; });   // step 3: the ReLU gate
    var dW1 = [0, 1].map(function (i) {                               // step 4: X^T G
      return [0, 1].map(function (j) { return x[i] * dz[j]; });
    });
    var dx = [0, 1].map(function (i) { return dz[0] * W1[i][0] + dz[1] * W1[i][1]; });
    return {
      values: { x: [x[0], x[1]], z: z, h: h, yhat: yhat, loss: loss, target: target },
      grads: { yhat: dyhat, W2: dW2, b2: dyhat, h: dh, z: dz, W1: dW1, b1: dz.slice(), x: dx },
    };
  }

  // --- Text. --------------------------------------------------------------------------------

  var MINUS = "\u2212", TIMES = " \u00d7 ", D = "\u2202", HAT = "\u0177";
  var SUB = "\u2080\u2081\u2082";
  var SUPER = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
  // A typed input, weight or bias is kept within +-LIMIT: then every value and gradient stays
  // finite (the largest, the network's loss, is below 1e20), and fmt writes it short: from a
  // million on, in powers of ten.
  var LIMIT = 1000;
  function fmt(v) {
    if (Math.abs(v) >= 1e6) {  // 1234567 as 1.235 × 10⁶
      var parts = v.toExponential(3).split("e");
      var power = String(Number(parts[1])).replace(/\d/g, function (d) { return SUPER[d]; });
      return parts[0].replace("-", MINUS) + TIMES + "10" + power;
    }
    var s = v.toFixed(3);
    if (Number(s) === 0) s = "0.000";  // no "-0.000"
    return s.replace("-", MINUS);
  }
  function par(v) { return Number(v.toFixed(3)) < 0 ? "(" + fmt(v) + ")" : fmt(v); }
  function dd(top, bottom) { return D + top + "/" + D + bottom; }

  // --- Drawing helpers. ---------------------------------------------------------------------

  // Element builders shared by the widgets (widgets.js).
  var html = window.mfmlWidgets.html, svg = window.mfmlWidgets.svg;

  // --- The two uses. Each describes its boxes, arrows, inputs and steps; mount draws them. ----
  //
  // A box: {key, cx, cy, w, h, input?, lines: [line]}; an arrow: {key, from, to, t, dx, dy,
  // lines}, its label at fraction t of the way plus (dx, dy); a label: {key, x, y, lines}.
  // A line: {text(r), at, pending?, grad?}: its text, shown from step `at` on ("?" before it,
  // or `pending`), in the gradient style if grad.

  function graphMode() {
    var inputs = [{ name: "x", label: "x", value: 1 }, { name: "y", label: "y", value: 2 }];
    function compute(s) { return graph({ x: s.x, y: s.y }); }
    // Forward steps 0-5 (x, y, a, b, c, f); backward steps 6-13.
    var G = { f: 6, c: 7, a: 8, b: 9, y: 11, x: 13 };
    var FLOW = { "c->f": 7, "a->c": 8, "b->c": 9, "x->a": 10, "y->a": 11, "x->b": 12 };
    var FORMULA = { a: "a = x y", b: "b = sin x", c: "c = a + b", f: "f = c\u00b2" };
    var LOCAL = { "x->a": "y", "y->a": "x", "x->b": "cos x", "a->c": "1", "b->c": "1", "c->f": "2c" };
    var ORDER = ["x", "y", "a", "b", "c", "f"];
    var place = { x: [60, 82], y: [60, 250], a: [270, 240], b: [270, 50], c: [470, 150], f: [622, 150] };
    var boxes = ORDER.map(function (name, k) {
      var first = FORMULA[name] || name;
      return {
        key: name, cx: place[name][0], cy: place[name][1], w: 104, h: 54, input: !FORMULA[name],
        lines: [
          { text: function () { return first; }, at: -1 },
          { text: function (r) { return fmt(r.values[name]); }, at: k },
          { text: function (r) { return dd("f", name) + " = " + fmt(r.grads[name]); }, at: G[name],
            pending: dd("f", name) + " = ?", grad: true },
        ],
      };
    });
    // Each arrow's label sits beside it, clear of the other arrows.
    var LABEL_AT = { "x->b": [165, 36], "x->a": [208, 138], "y->a": [165, 276], "a->c": [398, 220],
                     "b->c": [398, 80], "c->f": [546, 104] };
    var edges = Object.keys(LOCAL).map(function (key) {
      var ends = key.split("->");
      return {
        key: key, from: ends[0], to: ends[1], label: LABEL_AT[key],
        lines: [
          { text: function (r) {
              return LOCAL[key] === "1" ? "1" : LOCAL[key] + " = " + fmt(r.local[key]);
            }, at: ORDER.indexOf(ends[1]) },
          { text: function (r) { return "\u2190 " + fmt(r.flow[key]); }, at: FLOW[key], grad: true },
        ],
      };
    });

    function edgeStep(key) {
      return function (r) {
        var ends = key.split("->"), p = ends[0], v = ends[1];
        var product = dd("f", v) + TIMES + LOCAL[key] + " = " + fmt(r.grads[v]) + TIMES +
          fmt(r.local[key]) + " = " + fmt(r.flow[key]);
        if (p === "x") return "the path from x through " + v + ": " + product;
        return dd("f", p) + " = " + product;
      };
    }
    var steps = [
      { key: "x", text: function (r) { return "x = " + fmt(r.values.x) + ", an input"; } },
      { key: "y", text: function (r) { return "y = " + fmt(r.values.y) + ", an input"; } },
      { key: "a", text: function (r) {
          return "a = x y = " + fmt(r.values.x) + TIMES + par(r.values.y) + " = " + fmt(r.values.a);
        } },
      { key: "b", text: function (r) {
          return "b = sin x = sin(" + fmt(r.values.x) + ") = " + fmt(r.values.b);
        } },
      { key: "c", text: function (r) {
          return "c = a + b = " + fmt(r.values.a) + " + " + par(r.values.b) + " = " + fmt(r.values.c);
        } },
      { key: "f", text: function (r) {
          return "f = c\u00b2 = " + par(r.values.c) + "\u00b2 = " + fmt(r.values.f);
        } },
      { key: "f", text: function () { return dd("f", "f") + " = 1, the seed"; } },
      { key: "c->f", text: edgeStep("c->f") },
      { key: "a->c", text: edgeStep("a->c") },
      { key: "b->c", text: edgeStep("b->c") },
      { key: "x->a", text: edgeStep("x->a") },
      { key: "y->a", text: edgeStep("y->a") },
      { key: "x->b", text: edgeStep("x->b") },
      { key: "x", text: function (r) {
          return dd("f", "x") + " = " + fmt(r.flow["x->a"]) + " + " + par(r.flow["x->b"]) + " = " +
            fmt(r.grads.x) + ", the two paths added";
        } },
    ];
    var forward = 6;

    // What a click on a box or an arrow says: its local derivatives.
    function describe(key, r) {
      var v = r.values, g = r.grads;
      if (key.indexOf("->") > 0) {
        var ends = key.split("->");
        return "Arrow " + ends[0] + " \u2192 " + ends[1] + ": local derivative " + dd(ends[1], ends[0]) +
          " = " + LOCAL[key] + (LOCAL[key] === "1" ? "" : " = " + fmt(r.local[key])) +
          ". Back along it flows " + dd("f", ends[1]) + TIMES + dd(ends[1], ends[0]) + " = " +
          fmt(g[ends[1]]) + TIMES + fmt(r.local[key]) + " = " + fmt(r.flow[key]) + ".";
      }
      var said = {
        x: "Input x = " + fmt(v.x) + ". It feeds a (local derivative " + dd("a", "x") + " = y = " +
          fmt(r.local["x->a"]) + ") and b (" + dd("b", "x") + " = cos x = " + fmt(r.local["x->b"]) +
          "), so " + dd("f", "x") + " adds two paths: " + fmt(g.x) + ".",
        y: "Input y = " + fmt(v.y) + ". It feeds a (local derivative " + dd("a", "y") + " = x = " +
          fmt(r.local["y->a"]) + "), so " + dd("f", "y") + " = " + fmt(g.y) + ".",
        a: "Box a = x y = " + fmt(v.a) + ". Local derivatives " + dd("a", "x") + " = y = " +
          fmt(r.local["x->a"]) + " and " + dd("a", "y") + " = x = " + fmt(r.local["y->a"]) + "; " +
          dd("f", "a") + " = " + fmt(g.a) + ".",
        b: "Box b = sin x = " + fmt(v.b) + ". Local derivative " + dd("b", "x") + " = cos x = " +
          fmt(r.local["x->b"]) + "; " + dd("f", "b") + " = " + fmt(g.b) + ".",
        c: "Box c = a + b = " + fmt(v.c) + ". Local derivatives " + dd("c", "a") + " = " +
          dd("c", "b") + " = 1; " + dd("f", "c") + " = " + fmt(g.c) + ".",
        f: "Box f = c\u00b2 = " + fmt(v.f) + ". Local derivative " + dd("f", "c") + " = 2c = " +
          fmt(r.local["c->f"]) + "; the backward pass starts here with " + dd("f", "f") + " = 1.",
      };
      return said[key];
    }
    function summary(r) {
      return "At x = " + fmt(r.values.x) + ", y = " + fmt(r.values.y) + ": f = " + fmt(r.values.f) +
        ", " + dd("f", "x") + " = " + fmt(r.grads.x) + ", " + dd("f", "y") + " = " + fmt(r.grads.y) + ".";
    }
    function title(r) {
      return "Computational graph of f(x, y) = (x y + sin x)\u00b2 with boxes a = x y, b = sin x, " +
        "c = a + b and f = c\u00b2, each showing its value and the derivative of f with respect " +
        "to it, each arrow its local derivative and what flows back along it. " + summary(r);
    }
    return {
      name: "graph", width: 680, height: 300, inputs: inputs, compute: compute, boxes: boxes,
      edges: edges, labels: [], steps: steps, forward: forward, describe: describe,
      summary: summary, title: title,
      key: "Each box: its formula, its value and the derivative of f with respect to it. Each " +
        "arrow: its local derivative, and after \u2190 what flows back along it, the derivative " +
        "of f with respect to the box it enters times the local derivative.",
    };
  }

  function networkMode() {
    // The example of the figure in calculus/backpropagation.md, "A two-layer network".
    var inputs = [
      { name: "x1", label: "x" + SUB[1], value: 1 }, { name: "x2", label: "x" + SUB[2], value: 2 },
      { name: "W11", label: "W1[1,1]", value: 0.5 }, { name: "W12", label: "W1[1,2]", value: -1 },
      { name: "W21", label: "W1[2,1]", value: 0.25 }, { name: "W22", label: "W1[2,2]", value: 0.75 },
      { name: "b11", label: "b1[1]", value: 0.1 }, { name: "b12", label: "b1[2]", value: -0.2 },
      { name: "W2_1", label: "W2[1]", value: 0.8 }, { name: "W2_2", label: "W2[2]", value: -0.5 },
      { name: "b2", label: "b2", value: 0.2 }, { name: "y", label: "target y", value: 1.5 },
    ];
    function compute(s) {
      return network([s.x1, s.x2], {
        W1: [[s.W11, s.W12], [s.W21, s.W22]], b1: [s.b11, s.b12], W2: [s.W2_1, s.W2_2], b2: s.b2,
      }, s.y);
    }
    function w1name(i, j) { return "W1[" + (i + 1) + "," + (j + 1) + "]"; }
    function w1(s, i, j) { return s["W" + (i + 1) + (j + 1)]; }
    function z(j) { return "z" + SUB[j + 1]; }
    function h(j) { return "h" + SUB[j + 1]; }
    function xs(i) { return "x" + SUB[i + 1]; }
    // Forward steps 0-5: x1, x2, unit 1, unit 2, y_hat, L. Backward 6-16.
    var UNIT_G = [14, 11];
    var W1_G = [[16, 13], [15, 12]];  // [input i][unit j]
    var W2_G = [10, 9];
    var boxes = [
      { key: "x1", cx: 40, cy: 80, w: 62, h: 40, input: true, lines: [
        { text: function () { return xs(0); }, at: -1 },
        { text: function (r) { return fmt(r.values.x[0]); }, at: 0 }] },
      { key: "x2", cx: 40, cy: 230, w: 62, h: 40, input: true, lines: [
        { text: function () { return xs(1); }, at: -1 },
        { text: function (r) { return fmt(r.values.x[1]); }, at: 1 }] },
    ];
    [0, 1].forEach(function (j) {
      boxes.push({ key: "u" + (j + 1), cx: 280, cy: j ? 230 : 74, w: 122, h: 56, lines: [
        { text: function (r) { return z(j) + " = " + fmt(r.values.z[j]); }, at: 2 + j },
        { text: function (r) { return h(j) + " = relu = " + fmt(r.values.h[j]); }, at: 2 + j },
        { text: function (r) { return dd("L", z(j)) + " = " + fmt(r.grads.z[j]); }, at: UNIT_G[j],
          pending: dd("L", z(j)) + " = ?", grad: true }] });
    });
    boxes.push({ key: "yhat", cx: 500, cy: 150, w: 112, h: 42, lines: [
      { text: function (r) { return HAT + " = " + fmt(r.values.yhat); }, at: 4 },
      { text: function (r) { return dd("L", HAT) + " = " + fmt(r.grads.yhat); }, at: 7,
        pending: dd("L", HAT) + " = ?", grad: true }] });
    boxes.push({ key: "L", cx: 632, cy: 150, w: 76, h: 42, lines: [
      { text: function (r) { return "L = " + fmt(r.values.loss); }, at: 5 },
      { text: function (r) { return "y = " + fmt(r.values.target); }, at: -1 }] });

    // Labels beside the straight arrows; on the crossing ones, near their start, far apart.
    var W1_AT = [[[145, 58], [115, 130]], [[115, 184], [145, 254]]];
    var edges = [];
    [0, 1].forEach(function (i) {
      [0, 1].forEach(function (j) {
        edges.push({ key: "x" + (i + 1) + "->u" + (j + 1), from: "x" + (i + 1), to: "u" + (j + 1),
          label: W1_AT[i][j], lines: [
            { text: function (r, s) { return w1name(i, j) + " = " + fmt(w1(s, i, j)); }, at: -1 },
            { text: function (r) { return "grad " + fmt(r.grads.W1[i][j]); }, at: W1_G[i][j], grad: true },
          ] });
      });
    });
    [0, 1].forEach(function (j) {
      edges.push({ key: "u" + (j + 1) + "->yhat", from: "u" + (j + 1), to: "yhat",
        label: j ? [404, 214] : [404, 88], lines: [
          { text: function (r, s) { return "W2[" + (j + 1) + "] = " + fmt(s["W2_" + (j + 1)]); }, at: -1 },
          { text: function (r) { return "grad " + fmt(r.grads.W2[j]); }, at: W2_G[j], grad: true },
        ] });
    });
    edges.push({ key: "yhat->L", from: "yhat", to: "L", label: [578, 104], lines: [
      { text: function () { return "2(" + HAT + " " + MINUS + " y)"; }, at: -1 },
      { text: function (r) { return "= " + fmt(r.grads.yhat); }, at: 7, grad: true }] });

    var labels = [
      { key: "u1", x: 280, y: 28, lines: [
        { text: function (r, s) { return "b1[1] = " + fmt(s.b11); }, at: -1 },
        { text: function (r) { return "grad " + fmt(r.grads.b1[0]); }, at: UNIT_G[0], grad: true }] },
      { key: "u2", x: 280, y: 284, lines: [
        { text: function (r, s) { return "b1[2] = " + fmt(s.b12); }, at: -1 },
        { text: function (r) { return "grad " + fmt(r.grads.b1[1]); }, at: UNIT_G[1], grad: true }] },
      { key: "yhat", x: 508, y: 198, lines: [
        { text: function (r, s) { return "b2 = " + fmt(s.b2); }, at: -1 },
        { text: function (r) { return "grad " + fmt(r.grads.b2); }, at: 8, grad: true }] },
    ];

    function unitForward(j) {
      return function (r, s) {
        return z(j) + " = " + xs(0) + " " + w1name(0, j) + " + " + xs(1) + " " + w1name(1, j) +
          " + b1[" + (j + 1) + "] = " + fmt(s.x1) + TIMES + par(w1(s, 0, j)) + " + " + par(s.x2) +
          TIMES + par(w1(s, 1, j)) + " + " + par(s["b1" + (j + 1)]) + " = " + fmt(r.values.z[j]) +
          ", and " + h(j) + " = relu(" + z(j) + ") = " + fmt(r.values.h[j]);
      };
    }
    function unitBackward(j) {
      return function (r, s) {
        var open = r.values.z[j] > 0;
        return dd("L", h(j)) + " = " + dd("L", HAT) + " W2[" + (j + 1) + "] = " + fmt(r.grads.yhat) +
          TIMES + par(s["W2_" + (j + 1)]) + " = " + fmt(r.grads.h[j]) + "; " + dd("L", z(j)) + " = " +
          dd("L", h(j)) + TIMES + "relu\u2032(" + z(j) + ") = " + fmt(r.grads.h[j]) + TIMES +
          (open ? "1" : "0") + " = " + fmt(r.grads.z[j]) + (open ? "" : ", the gate is shut") +
          ", which is also " + dd("L", "b1[" + (j + 1) + "]");
      };
    }
    function w1Backward(i, j) {
      return function (r, s) {
        return dd("L", w1name(i, j)) + " = " + dd("L", z(j)) + TIMES + xs(i) + " = " +
          fmt(r.grads.z[j]) + TIMES + par(s["x" + (i + 1)]) + " = " + fmt(r.grads.W1[i][j]);
      };
    }
    function w2Backward(j) {
      return function (r) {
        return dd("L", "W2[" + (j + 1) + "]") + " = " + dd("L", HAT) + TIMES + h(j) + " = " +
          fmt(r.grads.yhat) + TIMES + par(r.values.h[j]) + " = " + fmt(r.grads.W2[j]);
      };
    }
    var steps = [
      { key: "x1", text: function (r) { return xs(0) + " = " + fmt(r.values.x[0]) + ", an input"; } },
      { key: "x2", text: function (r) { return xs(1) + " = " + fmt(r.values.x[1]) + ", an input"; } },
      { key: "u1", text: unitForward(0) },
      { key: "u2", text: unitForward(1) },
      { key: "yhat", text: function (r, s) {
          return HAT + " = " + h(0) + " W2[1] + " + h(1) + " W2[2] + b2 = " + fmt(r.values.h[0]) + TIMES +
            par(s.W2_1) + " + " + fmt(r.values.h[1]) + TIMES + par(s.W2_2) + " + " + par(s.b2) +
            " = " + fmt(r.values.yhat);
        } },
      { key: "L", text: function (r) {
          return "L = (" + HAT + " " + MINUS + " y)\u00b2 = (" + fmt(r.values.yhat) + " " + MINUS + " " +
            par(r.values.target) + ")\u00b2 = " + fmt(r.values.loss);
        } },
      { key: "L", text: function () { return dd("L", "L") + " = 1, the seed"; } },
      { key: "yhat->L", text: function (r) {
          return dd("L", HAT) + " = 2(" + HAT + " " + MINUS + " y) = 2" + TIMES + "(" + fmt(r.values.yhat) +
            " " + MINUS + " " + par(r.values.target) + ") = " + fmt(r.grads.yhat);
        } },
      { key: "yhat", text: function (r) {
          return dd("L", "b2") + " = " + dd("L", HAT) + TIMES + "1 = " + fmt(r.grads.b2);
        } },
      { key: "u2->yhat", text: w2Backward(1) },
      { key: "u1->yhat", text: w2Backward(0) },
      { key: "u2", text: unitBackward(1) },
      { key: "x2->u2", text: w1Backward(1, 1) },
      { key: "x1->u2", text: w1Backward(0, 1) },
      { key: "u1", text: unitBackward(0) },
      { key: "x2->u1", text: w1Backward(1, 0) },
      { key: "x1->u1", text: w1Backward(0, 0) },
    ];
    var forward = 6;

    function describe(key, r, s) {
      var m = /^x(\d)->u(\d)$/.exec(key);
      if (m) {
        var i = m[1] - 1, j = m[2] - 1;
        return "Weight " + w1name(i, j) + " = " + fmt(w1(s, i, j)) + ", from input " + xs(i) +
          " to unit " + (j + 1) + ". Local derivative " + dd(z(j), w1name(i, j)) + " = " + xs(i) +
          " = " + fmt(r.values.x[i]) + ", so " + dd("L", w1name(i, j)) + " = " + dd("L", z(j)) + TIMES +
          xs(i) + " = " + fmt(r.grads.z[j]) + TIMES + par(r.values.x[i]) + " = " +
          fmt(r.grads.W1[i][j]) + ".";
      }
      m = /^u(\d)->yhat$/.exec(key);
      if (m) {
        var k = m[1] - 1, name = "W2[" + (k + 1) + "]";
        return "Weight " + name + " = " + fmt(s["W2_" + (k + 1)]) + ", from unit " + (k + 1) +
          " to " + HAT + ". Local derivative " + dd(HAT, name) + " = " + h(k) + " = " +
          fmt(r.values.h[k]) + ", so " + dd("L", name) + " = " + dd("L", HAT) + TIMES + h(k) + " = " +
          fmt(r.grads.yhat) + TIMES + par(r.values.h[k]) + " = " + fmt(r.grads.W2[k]) + ".";
      }
      if (key === "yhat->L") {
        return "Arrow " + HAT + " \u2192 L: local derivative " + dd("L", HAT) + " = 2(" + HAT + " " +
          MINUS + " y) = " + fmt(r.grads.yhat) + ".";
      }
      m = /^u(\d)$/.exec(key);
      if (m) {
        var u = m[1] - 1, open = r.values.z[u] > 0;
        return "Unit " + (u + 1) + ": " + z(u) + " = " + fmt(r.values.z[u]) + ", " + h(u) + " = relu(" +
          z(u) + ") = " + fmt(r.values.h[u]) + ". Local derivative " + dd(h(u), z(u)) + " = relu\u2032(" +
          z(u) + ") = " + (open ? "1" : "0, the gate is shut") + "; " + dd("L", z(u)) + " = " +
          fmt(r.grads.z[u]) + ", which is also " + dd("L", "b1[" + (u + 1) + "]") + ".";
      }
      if (key === "yhat") {
        return "Output " + HAT + " = " + fmt(r.values.yhat) + ". Local derivatives " + dd(HAT, h(0)) +
          " = W2[1] = " + fmt(s.W2_1) + ", " + dd(HAT, h(1)) + " = W2[2] = " + fmt(s.W2_2) + " and " +
          dd(HAT, "b2") + " = 1; " + dd("L", HAT) + " = " + fmt(r.grads.yhat) + ".";
      }
      if (key === "L") {
        return "Loss L = (" + HAT + " " + MINUS + " y)\u00b2 = " + fmt(r.values.loss) + " with target y = " +
          fmt(r.values.target) + ". Local derivative " + dd("L", HAT) + " = 2(" + HAT + " " + MINUS +
          " y) = " + fmt(r.grads.yhat) + "; the backward pass starts here with " + dd("L", "L") + " = 1.";
      }
      m = /^x(\d)$/.exec(key);
      var n = m[1] - 1;
      return "Input " + xs(n) + " = " + fmt(r.values.x[n]) + ". Local derivatives " + dd(z(0), xs(n)) +
        " = " + w1name(n, 0) + " = " + fmt(w1(s, n, 0)) + " and " + dd(z(1), xs(n)) + " = " +
        w1name(n, 1) + " = " + fmt(w1(s, n, 1)) + ".";
    }
    function summary(r) {
      return "Prediction " + HAT + " = " + fmt(r.values.yhat) + ", loss L = " + fmt(r.values.loss) +
        "; " + dd("L", HAT) + " = " + fmt(r.grads.yhat) + ".";
    }
    function title(r) {
      var g = r.grads;
      return "A network with 2 inputs, 2 ReLU units and 1 output, for one example x = (" +
        fmt(r.values.x[0]) + ", " + fmt(r.values.x[1]) + ") with target y = " + fmt(r.values.target) +
        ". " + summary(r) + " Gradients: W1 rows (" + fmt(g.W1[0][0]) + ", " + fmt(g.W1[0][1]) +
        ") and (" + fmt(g.W1[1][0]) + ", " + fmt(g.W1[1][1]) + "), b1 (" + fmt(g.b1[0]) + ", " +
        fmt(g.b1[1]) + "), W2 (" + fmt(g.W2[0]) + ", " + fmt(g.W2[1]) + "), b2 " + fmt(g.b2) + ".";
    }
    return {
      name: "network", width: 680, height: 306, inputs: inputs, compute: compute, boxes: boxes,
      edges: edges, labels: labels, steps: steps, forward: forward, describe: describe,
      summary: summary, title: title,
      key: "Each arrow carries its weight and, as grad, the derivative of the loss L with " +
        "respect to it; W1[i,j] joins input i to unit j. Above each unit and the output, its " +
        "bias and the bias's gradient. Each unit shows z = x W1 + b1, h = relu(z) and " +
        D + "L/" + D + "z.",
    };
  }

  // --- Mounting. ----------------------------------------------------------------------------

  var serial = 0;

  function mount(element, life) {
    var id = "mfml-bp-" + (++serial);
    var mode = element.dataset.mode === "network" ? networkMode() : graphMode();
    var state = {};
    mode.inputs.forEach(function (input) { state[input.name] = input.value; });
    var step = -1;        // -1: everything shown, no step
    var selected = null;  // the key of a clicked box or arrow
    var listen = life.listen;

    // The drawing, built once: text and classes change on each redraw.
    var figure = svg("svg", { viewBox: "0 0 " + mode.width + " " + mode.height, role: "img",
                              width: mode.width, height: mode.height, class: "mfml-bp__graph" });
    var defs = figure.appendChild(svg("defs", {}));
    ["", "-on"].forEach(function (suffix) {
      var marker = defs.appendChild(svg("marker", { id: id + "-head" + suffix, viewBox: "0 0 10 10",
        refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, orient: "auto",
        markerUnits: "userSpaceOnUse" }));
      marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "mfml-bp__head" + suffix }));
    });
    var edgeLayer = figure.appendChild(svg("g", {}));
    var boxLayer = figure.appendChild(svg("g", {}));
    var labelLayer = figure.appendChild(svg("g", {}));
    var byKey = {};   // key -> the SVG groups that show it
    var lines = [];   // every line of text: {node, line, shown}
    function remember(key, group) { (byKey[key] = byKey[key] || []).push(group); }

    function writeLines(parent, specs, x, y, size) {
      specs.forEach(function (spec, k) {
        var node = parent.appendChild(svg("text", { x: x, y: y + k * (size + 3),
          "text-anchor": "middle",
          class: "mfml-bp__text" + (spec.grad ? " mfml-bp__text--grad" : "") +
                 (size < 12 ? " mfml-bp__text--small" : "") }));
        lines.push({ node: node, spec: spec, shown: null });
      });
    }
    function label(parent, key, x, y, specs, width) {
      var group = parent.appendChild(svg("g", { class: "mfml-bp__label", "data-key": key }));
      var height = specs.length * 14 + 4;
      group.appendChild(svg("rect", { x: x - width / 2, y: y - height / 2, width: width,
                                      height: height, rx: 3, class: "mfml-bp__label-bg" }));
      writeLines(group, specs, x, y - height / 2 + 13, 11);
      remember(key, group);
    }

    var where = {};
    mode.boxes.forEach(function (b) {
      where[b.key] = b;
      var group = boxLayer.appendChild(svg("g", {
        class: "mfml-bp__box" + (b.input ? " mfml-bp__box--input" : ""), "data-key": b.key }));
      group.appendChild(svg("rect", { x: b.cx - b.w / 2, y: b.cy - b.h / 2, width: b.w,
                                      height: b.h, rx: 6, class: "mfml-bp__frame" }));
      var top = b.cy - (b.lines.length * 15 - 3) / 2 + 10;
      writeLines(group, b.lines, b.cx, top, 12);
      remember(b.key, group);
    });
    // An arrow runs from the edge of one box to the edge of the other.
    function rim(b, ux, uy) {
      var tx = ux ? (b.w / 2) / Math.abs(ux) : Infinity, ty = uy ? (b.h / 2) / Math.abs(uy) : Infinity;
      return Math.min(tx, ty);
    }
    mode.edges.forEach(function (e) {
      var a = where[e.from], b = where[e.to];
      var dx = b.cx - a.cx, dy = b.cy - a.cy, n = Math.sqrt(dx * dx + dy * dy);
      var ux = dx / n, uy = dy / n;
      var s = rim(a, ux, uy) + 2, t = n - rim(b, ux, uy) - 2;
      var x1 = a.cx + ux * s, y1 = a.cy + uy * s, x2 = a.cx + ux * t, y2 = a.cy + uy * t;
      var group = edgeLayer.appendChild(svg("g", { class: "mfml-bp__edge", "data-key": e.key }));
      var line = group.appendChild(svg("line", { x1: x1, y1: y1, x2: x2, y2: y2,
        class: "mfml-bp__line", "marker-end": "url(#" + id + "-head)" }));
      group.appendChild(svg("line", { x1: x1, y1: y1, x2: x2, y2: y2,
                                      class: "mfml-bp__hit" }));  // on top
      group.line = line;
      remember(e.key, group);
      label(labelLayer, e.key, e.label[0], e.label[1], e.lines, 88);
    });
    mode.labels.forEach(function (l) { label(labelLayer, l.key, l.x, l.y, l.lines, 96); });

    // The controls: a labelled number box per input, weight and bias; the stepper's buttons.
    var fields = html("div", { class: "mfml-widget__controls mfml-bp__fields" });
    var boxesByName = {};
    mode.inputs.forEach(function (input) {
      var box = html("input", { type: "number", step: "0.1", value: String(input.value),
                                min: String(-LIMIT), max: String(LIMIT), id: id + "-" + input.name,
                                "data-name": input.name, inputmode: "decimal" });
      boxesByName[input.name] = box;
      fields.append(html("label", { for: box.id }, [input.label, box]));
    });
    var previous = html("button", { type: "button", class: "mfml-bp__previous" }, ["Previous"]);
    var next = html("button", { type: "button", class: "mfml-bp__next" }, ["Next"]);
    var all = html("button", { type: "button", class: "mfml-bp__all" }, ["Show all"]);
    var stepper = html("div", { class: "mfml-widget__controls mfml-bp__stepper", role: "group",
                                "aria-label": "Step by step: forward pass, then backward pass" },
                       [previous, next, all]);
    var readout = html("p", { class: "mfml-widget__readout mfml-bp__readout", "aria-live": "polite" });
    var key = html("p", { class: "mfml-bp__key" }, [mode.key]);
    element.classList.add("mfml-bp");
    element.append(figure, key, fields, stepper, readout);

    var result = mode.compute(state);

    function phase(k) {
      var forward = k < mode.forward;
      return (forward ? "Forward pass, step " + (k + 1) + " of " + mode.forward
                      : "Backward pass, step " + (k + 1 - mode.forward) + " of " +
                        (mode.steps.length - mode.forward)) + ": ";
    }
    function render() {
      lines.forEach(function (l) {
        var hidden = step >= 0 && l.spec.at > step;
        var text = hidden ? (l.spec.pending || "?") : l.spec.text(result, state);
        if (text !== l.shown) { l.node.textContent = text; l.shown = text; }
      });
      var on = selected !== null ? selected : step >= 0 ? mode.steps[step].key : null;
      Object.keys(byKey).forEach(function (k) {
        byKey[k].forEach(function (group) {
          var active = k === on;
          if (group.classList.contains("mfml-bp--on") !== active) {
            group.classList.toggle("mfml-bp--on", active);
            if (group.line) {
              group.line.setAttribute("marker-end", "url(#" + id + "-head" + (active ? "-on" : "") + ")");
            }
          }
        });
      });
      var said;
      if (selected !== null) said = mode.describe(selected, result, state);
      else if (step >= 0) said = phase(step) + mode.steps[step].text(result, state) + ".";
      else said = mode.summary(result) + " Press Next to step through the forward pass, then the backward pass.";
      if (readout.textContent !== said) readout.textContent = said;
      figure.setAttribute("aria-label", mode.title(result));
      previous.setAttribute("aria-disabled", String(step < 0));
      next.setAttribute("aria-disabled", String(step >= mode.steps.length - 1));
    }

    // Every edit recomputes everything: a dozen numbers, then text where it changed, at the
    // next frame: a held arrow key edits faster than frames come, and redrawing for each edit
    // made every frame lay out and paint the drawing again (about 20 frames a second on the
    // benchmark's slowed phone). A value beyond +-LIMIT counts as the limit; one that is not a
    // number ("-", "", "1e400") leaves the last value. Once the edit is done the box shows the
    // value in use.
    var frame = 0;
    listen(fields, "input", function (event) {
      var box = event.target, v = box.valueAsNumber;
      if (!box.dataset.name || isNaN(v)) return;
      state[box.dataset.name] = Math.min(LIMIT, Math.max(-LIMIT, v));
      result = mode.compute(state);
      if (!frame) frame = life.frame(function () { frame = 0; render(); });
    });
    listen(fields, "change", function (event) {
      var box = event.target, name = box.dataset.name;
      if (name && box.valueAsNumber !== state[name]) box.value = String(state[name]);
    });
    listen(next, "click", function () {
      if (step < mode.steps.length - 1) step += 1;
      selected = null;
      render();
    });
    listen(previous, "click", function () {
      if (step >= 0) step -= 1;
      selected = null;
      render();
    });
    listen(all, "click", function () {
      step = -1;
      selected = null;
      render();
    });
    // A click or a tap on a box or an arrow (or its label) selects it; elsewhere, unselects.
    listen(figure, "pointerup", function (event) {
      if (event.button > 0) return;
      var target = event.target.closest ? event.target.closest("[data-key]") : null;
      selected = target ? target.getAttribute("data-key") : null;
      render();
    });

    render();
    return function unmount() {
      element.classList.remove("mfml-bp");
      element.replaceChildren();
    };
  }

  window.mfmlWidgets.define("backprop", { math: { graph: graph, network: network }, mount: mount });
})();
