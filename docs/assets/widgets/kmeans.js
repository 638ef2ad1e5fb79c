// Widget "kmeans": k-means one step at a time (widgets.js loads this file).
//
// The points are the element's own (data-points="x,y x,y ...", so a test reads the very same
// ones). k-means starts from k of them picked by a small seeded generator (data-seed, default
// 1), then each press of "Next step" runs one step, assign or update in turn, and says which in
// the readout. Points take the colour AND the shape of their cluster; each centre is a large
// copy of its cluster's mark, trailing the path it has moved along. The objective J (the sum of
// squared distances from the points to their centres) is drawn after every step in a small
// chart: it never goes up. "Start over" restarts from the same centres, "New start" picks
// others; changing k starts over.
(function () {
  "use strict";
  var W = 400, H = 300, PAD = 14;  // the scatter plot's viewBox
  var CW = 400, CH = 90;  // the chart's viewBox
  var SHAPES = ["circle", "square", "triangle", "diamond", "cross"];

  // ---- the math: pure functions, compared with NumPy by tests/test_widgets_transform_kmeans.py

  function distance2(p, q) {
    var dx = p[0] - q[0], dy = p[1] - q[1];
    return dx * dx + dy * dy;
  }

  // The index of each point's nearest centroid (the first of equals, as NumPy's argmin).
  function assign(points, centroids) {
    return points.map(function (p) {
      var best = 0, bestD = Infinity;
      centroids.forEach(function (c, j) {
        var d = distance2(p, c);
        if (d < bestD) { best = j; bestD = d; }
      });
      return best;
    });
  }

  // The mean of each cluster's points. A cluster with no points keeps its previous centroid
  // (previous[j]) if given, else its centroid is [NaN, NaN] (as NumPy's mean of nothing).
  function update(points, labels, k, previous) {
    var sums = [], counts = [];
    for (var j = 0; j < k; j++) { sums.push([0, 0]); counts.push(0); }
    points.forEach(function (p, i) {
      sums[labels[i]][0] += p[0];
      sums[labels[i]][1] += p[1];
      counts[labels[i]] += 1;
    });
    return sums.map(function (s, j) {
      if (counts[j]) return [s[0] / counts[j], s[1] / counts[j]];
      return previous ? previous[j].slice() : [NaN, NaN];
    });
  }

  // J: the sum over points of the squared distance to the centroid of their cluster.
  function objective(points, labels, centroids) {
    return points.reduce(function (sum, p, i) {
      return sum + distance2(p, centroids[labels[i]]);
    }, 0);
  }

  // mulberry32: a small seeded generator of numbers in [0, 1).
  function generator(seed) {
    var a = seed | 0;
    return function () {
      a = (a + 0x6d2b79f5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // The starting centroids: k of the points, drawn in turn by the generator, skipping a draw
  // that repeats a point already taken (the same index or the same place).
  function init(points, k, seed) {
    var random = generator(seed);
    var chosen = [];
    while (chosen.length < k) {
      var p = points[Math.floor(random() * points.length)];
      if (!chosen.some(function (c) { return c[0] === p[0] && c[1] === p[1]; })) {
        chosen.push(p.slice());
      }
    }
    return chosen;
  }

  // ---- the widget

  // Element builders shared by the widgets (widgets.js).
  var html = window.mfmlWidgets.html, svg = window.mfmlWidgets.svg;

  function fmt(x, digits) {
    return x.toFixed(digits === undefined ? 2 : digits).replace("-", "\u2212");
  }

  // A mark of size r centred on (x, y), as path data: one shape per cluster.
  function mark(shape, x, y, r) {
    var X = function (v) { return (x + v * r).toFixed(1); };
    var Y = function (v) { return (y + v * r).toFixed(1); };
    switch (shape) {
      case "square":
        return "M" + X(-0.85) + " " + Y(-0.85) + "H" + X(0.85) + "V" + Y(0.85) + "H" + X(-0.85) + "Z";
      case "triangle":
        return "M" + X(0) + " " + Y(-1.15) + "L" + X(1.05) + " " + Y(0.75) + "L" + X(-1.05) + " " + Y(0.75) + "Z";
      case "diamond":
        return "M" + X(0) + " " + Y(-1.2) + "L" + X(1.2) + " " + Y(0) + "L" + X(0) + " " + Y(1.2) + "L" + X(-1.2) + " " + Y(0) + "Z";
      case "cross":
        var a = 0.35, b = 1.1;
        return "M" + X(-a) + " " + Y(-b) + "H" + X(a) + "V" + Y(-a) + "H" + X(b) + "V" + Y(a) + "H" + X(a) +
          "V" + Y(b) + "H" + X(-a) + "V" + Y(a) + "H" + X(-b) + "V" + Y(-a) + "H" + X(-a) + "Z";
      default:  // circle
        return "M" + X(-1) + " " + Y(0) + "a" + r + " " + r + " 0 1 0 " + (2 * r) + " 0a" + r + " " + r +
          " 0 1 0 " + (-2 * r) + " 0Z";
    }
  }

  function parsePoints(text) {
    return (text || "").trim().split(/\s+/).filter(Boolean).map(function (pair) {
      return pair.split(",").map(Number);
    }).filter(function (p) { return p.length === 2 && isFinite(p[0]) && isFinite(p[1]); });
  }

  function mount(element, life) {
    var points = parsePoints(element.dataset.points);
    var seed = Number(element.dataset.seed) || 1;
    var k = Math.min(5, Math.max(2, Number(element.dataset.k) || 3));
    var state;  // {centroids, labels, phase, step, history: [J], converged, trails}

    var on = life.listen;

    // Data coordinates to the viewBox, keeping the aspect ratio.
    var xs = points.map(function (p) { return p[0]; });
    var ys = points.map(function (p) { return p[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var scale = Math.min((W - 2 * PAD) / (x1 - x0 || 1), (H - 2 * PAD) / (y1 - y0 || 1));
    var ox = (W - scale * (x1 - x0)) / 2, oy = (H - scale * (y1 - y0)) / 2;
    function sx(x) { return ox + (x - x0) * scale; }
    function sy(y) { return H - oy - (y - y0) * scale; }

    var plot = svg("svg", {class: "mfml-km__plot", viewBox: "0 0 " + W + " " + H, role: "img",
                           "aria-label": ""});
    var trailGroup = plot.appendChild(svg("g", {class: "mfml-km__trails"}));
    var dots = points.map(function () {
      return plot.appendChild(svg("path", {class: "mfml-km__point"}));
    });
    var centreGroup = plot.appendChild(svg("g", {}));
    var trails = [], centres = [];
    for (var j = 0; j < 5; j++) {
      trails.push(trailGroup.appendChild(svg("path", {class: "mfml-km__trail mfml-km__c" + j})));
      centres.push(centreGroup.appendChild(svg("path", {class: "mfml-km__centre mfml-km__c" + j})));
    }

    var chart = svg("svg", {class: "mfml-km__chart", viewBox: "0 0 " + CW + " " + CH,
                            role: "img", "aria-label": ""});
    chart.appendChild(svg("path", {class: "mfml-km__frame",
                                   d: "M40 8V" + (CH - 16) + "H" + (CW - 6)}));
    var chartTop = chart.appendChild(svg("text", {x: 36, y: 14, "text-anchor": "end"}));
    chart.appendChild(svg("text", {x: 36, y: CH - 16, "text-anchor": "end"}, ["0"]));
    chart.appendChild(svg("text", {x: CW - 6, y: CH - 3, "text-anchor": "end"}, ["step"]));
    chart.appendChild(svg("text", {x: 46, y: 14}, ["J"]));
    var line = chart.appendChild(svg("polyline", {class: "mfml-km__line"}));
    var lineDots = chart.appendChild(svg("path", {class: "mfml-km__dots"}));

    var slider = html("input", {type: "range", min: "2", max: "5", step: "1", value: String(k)});
    var shown = html("output", {}, [String(k)]);
    var next = html("button", {type: "button", class: "mfml-km__next"}, ["Next step: assign"]);
    var again = html("button", {type: "button"}, ["Start over"]);
    var reseed = html("button", {type: "button"}, ["New start"]);
    var controls = html("div", {class: "mfml-widget__controls"}, [
      html("label", {}, ["Clusters k", slider, shown]), next, again, reseed,
    ]);
    var readout = html("p", {class: "mfml-widget__readout mfml-km__readout",
                             "aria-live": "polite"});
    var root = html("div", {class: "mfml-km"}, [plot, controls, readout, chart]);
    element.append(root);

    function start(newSeed) {
      seed = newSeed;
      state = {centroids: init(points, k, seed), labels: null, phase: "assign", step: 0,
               history: [], converged: false, trails: []};
      state.trails = state.centroids.map(function (c) { return [c.slice()]; });
      draw();
    }

    function stepOnce() {
      var s = state;
      s.step += 1;
      if (s.phase === "assign") {
        var labels = assign(points, s.centroids);
        var moved = s.labels ? labels.filter(function (l, i) { return l !== s.labels[i]; }).length
          : points.length;
        // once no point changes cluster, no later step changes anything: it stays converged
        s.converged = s.converged || (s.labels !== null && moved === 0);
        s.moved = moved;
        s.labels = labels;
        s.phase = "update";
      } else {
        s.centroids = update(points, s.labels, k, s.centroids);
        s.centroids.forEach(function (c, j) { s.trails[j].push(c.slice()); });
        s.phase = "assign";
      }
      s.history.push(objective(points, s.labels, s.centroids));
      draw();
    }

    function draw() {
      var s = state;
      var labels = s.labels;
      points.forEach(function (p, i) {
        var c = labels ? labels[i] : -1;
        dots[i].setAttribute("d", mark(c < 0 ? "circle" : SHAPES[c], sx(p[0]), sy(p[1]), 4));
        dots[i].setAttribute("class", "mfml-km__point" + (c < 0 ? "" : " mfml-km__c" + c));
      });
      for (var j = 0; j < 5; j++) {
        var used = j < k;
        centres[j].style.display = used ? "" : "none";
        trails[j].style.display = used ? "" : "none";
        if (!used) continue;
        var c = s.centroids[j];
        centres[j].setAttribute("d", mark(SHAPES[j], sx(c[0]), sy(c[1]), 10));
        trails[j].setAttribute("d", s.trails[j].map(function (t, n) {
          return (n ? "L" : "M") + sx(t[0]).toFixed(1) + " " + sy(t[1]).toFixed(1);
        }).join(""));
      }

      // the chart of J: steps 1, 2, ... across, J from 0 up to its first value
      var h = s.history;
      var top = h.length ? h[0] : 1;
      var across = Math.max(10, h.length);
      var xy = h.map(function (J, n) {
        return (40 + (n + 1) * (CW - 56) / across).toFixed(1) + "," +
          (CH - 16 - (J / top) * (CH - 26)).toFixed(1);
      });
      line.setAttribute("points", xy.join(" "));
      lineDots.setAttribute("d", xy.map(function (p) {
        var q = p.split(",").map(Number);
        return mark("circle", q[0], q[1], 2.5);
      }).join(""));
      chartTop.textContent = h.length ? fmt(top, 0) : "";

      var J = h.length ? h[h.length - 1] : null;
      var said;
      if (!s.step) {
        said = "Start: " + k + " centres, placed on " + k + " of the points. Next step: assign.";
      } else if (s.phase === "update") {  // the step just done was an assign
        said = "Step " + s.step + ", assign: every point joined its nearest centre" +
          (s.step === 1 ? "." : " (" + s.moved + (s.moved === 1 ? " point" : " points") +
            " changed cluster).");
        if (s.converged) said += " Converged: no point changes cluster, so nothing moves again.";
      } else if (s.converged) {
        said = "Step " + s.step + ", update: every centre is already at the mean of its points." +
          " Converged: nothing moves again.";
      } else {
        said = "Step " + s.step + ", update: every centre moved to the mean of its points.";
      }
      readout.textContent = said;
      var value = html("span", {class: "mfml-km__j"}, [J === null ? "not yet defined" : fmt(J)]);
      readout.append(" J = ", value, ".");
      if (h.length > 1) {
        var previous = h[h.length - 2];
        readout.append(J < previous - 1e-9 ? " It went down by " + fmt(previous - J) + "."
          : " It stayed the same.");
      }
      next.textContent = "Next step: " + s.phase;
      plot.setAttribute("aria-label", points.length + " points in the plane and " + k +
        " centres; " + (labels ? "each point is coloured and shaped by its cluster" :
        "the points are not yet assigned") + ". " + said);
      chart.setAttribute("aria-label", h.length ? "J after each step: " +
        h.map(function (v) { return fmt(v); }).join(", ") : "J after each step: no steps yet");
    }

    on(next, "click", stepOnce);
    on(again, "click", function () { start(seed); });
    on(reseed, "click", function () { start(seed + 1); });
    on(slider, "input", function () {
      k = Number(slider.value);
      shown.textContent = String(k);
      start(seed);
    });

    start(seed);

    return function unmount() {
      root.remove();
    };
  }

  window.mfmlWidgets.define("kmeans", {
    math: {assign: assign, update: update, objective: objective, init: init},
    mount: mount,
  });
})();
