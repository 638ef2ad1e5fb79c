// Widget "transformations": a 2x2 matrix moving the plane (widgets.js loads this file).
//
// The reader edits the four entries of A, or drags the tips of A e1 and A e2 (the columns of
// A) with a mouse, a finger or the arrow keys. The picture follows: the grid moved by A, the
// image of the unit square (its signed area is det A; it turns orange and dashed when A flips
// orientation), and the real eigenvector directions as dashed lines through the origin. The
// readout below says the same in numbers, and says so when the eigenvalues are complex.
// A determinant within rounding error of 0 (say 0.3 * 0.3 - 0.9 * 0.1) counts as 0: the plane
// is squashed, not flipped. Typed entries are kept within [-MAX, MAX], and the readout says so.
//
// Options on the element (all optional):
//   data-matrix="a b c d"   the starting matrix, row by row: A = [[a, b], [c, d]]
//   data-focus="columns" | "det" | "eig"   the lesson it is in, which sets the readout's first
//     line and what it names: "columns" (before determinants are taught) speaks of area, not
//     of det A; only "eig" starts with the eigenvector lines and their readout shown
(function () {
  "use strict";
  var SCALE = 38;  // viewBox units per unit of the plane; the view is -200..200 square
  var LIMIT = 5;  // a dragged handle stays within [-LIMIT, LIMIT] (the view) in each coordinate
  var MAX = 100;  // typed entries and arrow keys stay within [-MAX, MAX]
  var STEP = 0.1;  // arrow keys and drags move a handle on this grid (Shift + arrow: 1)
  var GRID = 6;  // the moved grid is the image of the lines x, y = -GRID..GRID

  // ---- the math: pure functions, compared with NumPy by tests/test_widgets_transform_kmeans.py

  function det(a, b, c, d) {
    return a * d - b * c;
  }

  // The sign of det A: 1 (orientation kept), -1 (flipped), or 0 when A is singular. The two
  // products of det round apart by about 1e-16 of their size, so |det| <= 1e-9 * (the largest
  // entry)^2 counts as 0; on the widget's grid of 0.1 a nonzero det is at least 0.01.
  function orientation(a, b, c, d) {
    var D = det(a, b, c, d);
    var size = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
    return Math.abs(D) <= 1e-9 * size * size ? 0 : D > 0 ? 1 : -1;
  }

  // A x for A = [[a, b], [c, d]] (rows, as NumPy writes it) and x = [x, y].
  function apply(matrix, point) {
    return [matrix[0][0] * point[0] + matrix[0][1] * point[1],
            matrix[1][0] * point[0] + matrix[1][1] * point[1]];
  }

  function unit(v) {
    var n = Math.hypot(v[0], v[1]);
    return [v[0] / n, v[1] / n];
  }

  // An eigenvector for the eigenvalue l: a nonzero vector in the null space of A - l I. Each
  // row of A - l I is orthogonal to it, so the vector turned from the longer row is one.
  function eigenvector(a, b, c, d, l, fallback) {
    var r1 = [b, l - a];  // orthogonal to the first row (a - l, b)
    var r2 = [l - d, c];  // orthogonal to the second row (c, d - l)
    var n1 = Math.hypot(r1[0], r1[1]);
    var n2 = Math.hypot(r2[0], r2[1]);
    var size = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d), 1);
    if (Math.max(n1, n2) <= 1e-12 * size) return fallback;  // A = l I: every vector works
    return unit(n1 >= n2 ? r1 : r2);
  }

  // The eigenvalues of [[a, b], [c, d]] from l^2 - (a + d) l + det = 0.
  // Real: {complex: false, values: [l1, l2] with l1 >= l2, vectors: [v1, v2] (unit length)}.
  // A repeated eigenvalue of a matrix that is not l I has one direction: v1 = v2.
  // Complex: {complex: true, values: [[re, im], [re, -im]] with im > 0, vectors: null}.
  function eig(a, b, c, d) {
    var half = (a + d) / 2;
    // (a + d)^2 - 4 det, written without the cancellation of that difference
    var disc = (a - d) * (a - d) + 4 * b * c;
    var size = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d), 1);
    if (disc < -1e-12 * size * size) {
      var im = Math.sqrt(-disc) / 2;
      return {complex: true, values: [[half, im], [half, -im]], vectors: null};
    }
    var root = disc <= 1e-12 * size * size ? 0 : Math.sqrt(disc) / 2;  // 0: a repeated one
    var l1 = half + root;
    var l2 = half - root;
    return {
      complex: false,
      values: [l1, l2],
      vectors: [eigenvector(a, b, c, d, l1, [1, 0]), eigenvector(a, b, c, d, l2, [0, 1])],
    };
  }

  // ---- the widget

  // Element builders shared by the widgets (widgets.js).
  var html = window.mfmlWidgets.html, svg = window.mfmlWidgets.svg;

  // Numbers as the readout writes them: a true minus sign, and no "-0".
  function fmt(x, digits) {
    var s = x.toFixed(digits === undefined ? 2 : digits);
    if (Number(s) === 0) s = s.replace("-", "");
    return s.replace("-", "\u2212");
  }

  // An entry of A as the inputs and the labels write it: at most two decimals, no trailing 0s.
  function entry(x) {
    var r = Math.round(x * 100) / 100;
    return String(r === 0 ? 0 : r);
  }

  function num(x) {
    return entry(x).replace("-", "\u2212");
  }

  function px(p) {
    return (p[0] * SCALE).toFixed(1) + " " + (-p[1] * SCALE).toFixed(1);
  }

  function mount(element, life) {
    var start = (element.dataset.matrix || "2 -1 1 1").trim().split(/\s+/).map(Number);
    if (start.length !== 4 || !start.every(isFinite)) start = [2, -1, 1, 1];
    var focus = element.dataset.focus || "columns";
    var m = start.slice();  // a, b, c, d: A = [[a, b], [c, d]]
    var frame = 0;
    var pending = null;  // the latest pointer position of a drag, drawn at the next frame

    var on = life.listen;

    // -- the picture: everything that moves is one attribute of one element, set in draw()
    var stage = html("div", {class: "mfml-tf__stage"});
    var picture = svg("svg", {class: "mfml-tf__picture", viewBox: "-200 -200 400 400",
                              role: "img", "aria-label": ""});
    var still = [];
    for (var i = -LIMIT; i <= LIMIT; i++) {
      var u = i * SCALE;
      still.push("M" + u + " -200V200M-200 " + u + "H200");
    }
    picture.appendChild(svg("path", {class: "faint", d: still.join("")}));
    var grid = picture.appendChild(svg("path", {class: "mfml-tf__grid"}));
    picture.appendChild(svg("path", {class: "mfml-tf__axes", d: "M-200 0H200M0 -200V200"}));
    var square = picture.appendChild(svg("polygon", {class: "mfml-tf__square"}));
    var eigLines = [0, 1].map(function () {
      return picture.appendChild(svg("line", {class: "mfml-tf__eigline"}));
    });
    var eigLabels = [0, 1].map(function () {
      return picture.appendChild(svg("text", {class: "mfml-tf__label"}));
    });
    var flipped = picture.appendChild(svg("text", {class: "mfml-tf__flag", x: -192, y: -180}));
    var arrows = [0, 1].map(function (j) {
      var g = picture.appendChild(svg("g", {class: "mfml-tf__arrow mfml-tf__e" + (j + 1)}));
      return {
        shaft: g.appendChild(svg("line", {x1: 0, y1: 0})),
        head: g.appendChild(svg("polygon", {})),
        label: g.appendChild(svg("text", {})),
      };
    });

    var overlay = svg("svg", {class: "mfml-tf__handles", viewBox: "-200 -200 400 400",
                              role: "group", "aria-label": "Handles for the columns of A"});
    var handles = [0, 1].map(function (j) {
      var g = overlay.appendChild(svg("g", {class: "mfml-tf__handle mfml-tf__e" + (j + 1),
        tabindex: "0", role: "button", "aria-roledescription": "draggable point"}));
      g.appendChild(svg("circle", {r: 18, class: "mfml-tf__hit"}));
      g.appendChild(svg("circle", {r: 7, class: "mfml-tf__dot"}));
      return g;
    });
    // A finger on a handle drags it, and anywhere else on the picture scrolls the page (the
    // picture is pan-y). Chromium ignores touch-action on the handles themselves (SVG shapes);
    // on their svg it holds for them alone: the overlay takes no pointer, only its handles do.
    overlay.style.touchAction = "none";
    stage.append(picture, overlay);

    // -- the controls: the matrix as four labelled inputs, the eigenvector switch, a reset
    var names = ["a\u2081\u2081", "a\u2081\u2082", "a\u2082\u2081", "a\u2082\u2082"];
    var says = ["row 1, column 1: x of A e1", "row 1, column 2: x of A e2",
                "row 2, column 1: y of A e1", "row 2, column 2: y of A e2"];
    var inputs = names.map(function (name, k) {
      return html("input", {type: "number", step: "0.1", min: String(-MAX), max: String(MAX),
                            class: "mfml-tf__entry", "aria-label": "A, " + says[k],
                            value: entry(m[k])});
    });
    var matrix = html("fieldset", {class: "mfml-tf__matrix"}, [
      html("legend", {}, ["Matrix A"]),
    ].concat(inputs.map(function (input, k) {
      return html("label", {title: says[k]}, [html("span", {"aria-hidden": "true"}, [names[k]]),
                                              input]);
    })));
    var showEig = html("input", {type: "checkbox"});
    showEig.checked = focus === "eig";
    var reset = html("button", {type: "button"}, ["Reset A"]);
    var controls = html("div", {class: "mfml-widget__controls"}, [
      matrix, html("label", {}, [showEig, "Eigenvector lines"]), reset,
    ]);
    var lines = {columns: html("span"), det: html("span"), eig: html("span")};
    var note = html("span", {class: "mfml-tf__note"});  // says when a typed entry was cut back
    var readout = html("p", {class: "mfml-widget__readout mfml-tf__readout",
                             "aria-live": "polite"});
    var order = focus === "det" ? ["det", "columns", "eig"]
      : focus === "eig" ? ["eig", "columns", "det"] : ["columns", "det", "eig"];
    order.forEach(function (key) {
      lines[key].className = "mfml-tf__say-" + key;
      readout.append(lines[key], " ");
    });
    readout.append(note);
    var root = html("div", {class: "mfml-tf"}, [stage, controls, readout]);
    element.append(root);

    function arrow(parts, tip) {
      var x = tip[0] * SCALE;
      var y = -tip[1] * SCALE;
      var n = Math.hypot(x, y);
      parts.shaft.setAttribute("x2", x.toFixed(1));
      parts.shaft.setAttribute("y2", y.toFixed(1));
      if (n < 1e-9) {
        parts.head.setAttribute("points", "");
      } else {
        var ux = x / n, uy = y / n, back = Math.min(12, n);
        var bx = x - ux * back, by = y - uy * back;
        parts.head.setAttribute("points", [
          x.toFixed(1) + "," + y.toFixed(1),
          (bx - uy * 5).toFixed(1) + "," + (by + ux * 5).toFixed(1),
          (bx + uy * 5).toFixed(1) + "," + (by - ux * 5).toFixed(1),
        ].join(" "));
        parts.shaft.setAttribute("x2", (x - ux * back * 0.8).toFixed(1));
        parts.shaft.setAttribute("y2", (y - uy * back * 0.8).toFixed(1));
      }
    }

    function pair(v) {
      return "(" + num(v[0]) + ", " + num(v[1]) + ")";
    }

    function draw() {
      var a = m[0], b = m[1], c = m[2], d = m[3];
      var A = [[a, b], [c, d]];
      var e1 = [a, c], e2 = [b, d];
      var path = [];
      for (var t = -GRID; t <= GRID; t++) {
        path.push("M" + px(apply(A, [t, -GRID])) + "L" + px(apply(A, [t, GRID])));
        path.push("M" + px(apply(A, [-GRID, t])) + "L" + px(apply(A, [GRID, t])));
      }
      grid.setAttribute("d", path.join(""));
      square.setAttribute("points", [[0, 0], e1, [a + b, c + d], e2].map(function (p) {
        return (p[0] * SCALE).toFixed(1) + "," + (-p[1] * SCALE).toFixed(1);
      }).join(" "));
      var orient = orientation(a, b, c, d);
      var area = orient === 0 ? 0 : det(a, b, c, d);
      var flip = orient < 0;
      square.classList.toggle("is-flipped", flip);
      flipped.textContent = flip ? "orientation flipped" : "";
      arrow(arrows[0], e1);
      arrow(arrows[1], e2);
      [e1, e2].forEach(function (v, j) {
        var x = v[0] * SCALE, y = -v[1] * SCALE;
        handles[j].setAttribute("transform", "translate(" + x.toFixed(1) + " " + y.toFixed(1) + ")");
        var label = arrows[j].label;
        label.textContent = "A e" + (j + 1);
        label.setAttribute("x", (x + (x >= 0 ? 10 : -10)).toFixed(1));
        label.setAttribute("y", (y + (y > 0 ? 18 : -10)).toFixed(1));
        label.setAttribute("text-anchor", x >= 0 ? "start" : "end");
        handles[j].setAttribute("aria-label", "A e" + (j + 1) + ", column " + (j + 1) +
          " of A, at " + pair(v) + ". Arrow keys move it by " + STEP + ", with Shift by 1.");
      });

      var e = eig(a, b, c, d);
      var showing = showEig.checked;
      var scalar = b === 0 && c === 0 && a === d;  // A = a I: every direction is kept
      var count = e.complex || scalar ? 0 : e.values[0] === e.values[1] ? 1 : 2;
      var eigText;
      if (e.complex) {
        eigText = "No real eigenvectors: the eigenvalues are complex, " + fmt(e.values[0][0]) +
          " \u00b1 " + fmt(e.values[0][1]) + "i, so A turns every direction.";
      } else if (scalar) {
        eigText = "Every vector is an eigenvector: A is " + fmt(a) + " times I, \u03bb = " +
          fmt(a) + ".";
      } else if (count === 1) {
        eigText = "One real eigenvector direction, along " + pair(e.vectors[0]) +
          ", with the repeated eigenvalue \u03bb = " + fmt(e.values[0]) + ".";
      } else {
        eigText = "Real eigenvectors: along " + pair(e.vectors[0]) + " with \u03bb = " +
          fmt(e.values[0]) + ", and along " + pair(e.vectors[1]) + " with \u03bb = " +
          fmt(e.values[1]) + ".";
      }
      for (var j = 0; j < 2; j++) {
        var visible = showing && j < count;
        eigLines[j].style.display = visible ? "" : "none";
        eigLabels[j].style.display = visible ? "" : "none";
        if (!visible) continue;
        var v = e.vectors[j];
        eigLines[j].setAttribute("x1", (-v[0] * 300).toFixed(1));
        eigLines[j].setAttribute("y1", (v[1] * 300).toFixed(1));
        eigLines[j].setAttribute("x2", (v[0] * 300).toFixed(1));
        eigLines[j].setAttribute("y2", (-v[1] * 300).toFixed(1));
        // the label sits on the line near the edge of the view, on its upper half
        var s = 170 / Math.max(Math.abs(v[0]), Math.abs(v[1]));
        var sign = v[1] >= 0 ? 1 : -1;
        eigLabels[j].setAttribute("x", (sign * v[0] * s).toFixed(1));
        eigLabels[j].setAttribute("y", (-sign * v[1] * s - 6).toFixed(1));
        eigLabels[j].setAttribute("text-anchor", sign * v[0] >= 0 ? "end" : "start");
        eigLabels[j].textContent = "\u03bb = " + fmt(e.values[j]);
      }

      var shape = orient === 0 ? "the plane is squashed onto a line (or a point), area 0"
        : "the unit square's image has area " + fmt(Math.abs(area)) +
          (flip ? ", orientation flipped (a mirror image)" : ", orientation kept");
      lines.columns.textContent = "A = [[" + num(a) + ", " + num(b) + "], [" + num(c) + ", " +
        num(d) + "]]: e1 lands on " + pair(e1) + ", e2 on " + pair(e2) + ".";
      // Before the determinant is taught (focus "columns") the same fact, without its name.
      lines.det.textContent = focus === "columns"
        ? shape.charAt(0).toUpperCase() + shape.slice(1) + "."
        : "det A = " + fmt(area) + ": " + shape + ".";
      lines.eig.textContent = showing ? eigText : "";
      picture.setAttribute("aria-label", "The grid moved by A: " + lines.columns.textContent +
        (orient === 0 ? " The plane is squashed onto a line (or a point)."
          : " The unit square becomes a parallelogram of area " + fmt(Math.abs(area)) +
            (flip ? ", flipped." : ", not flipped.")) + (showing ? " " + eigText : ""));
    }

    function setEntries(values, from) {
      note.textContent = "";
      values.forEach(function (v, k) {
        if (v === null) return;
        m[k] = v;
        if (inputs[k] !== from) inputs[k].value = entry(v);
      });
      draw();
    }

    // x on the grid of STEP, within [-limit, limit]
    function snap(x, limit) {
      var s = Math.round(Math.max(-limit, Math.min(limit, x)) / STEP) * STEP;
      return Math.round(s * 100) / 100;
    }

    // Column j of A is the handle's position: entries j (top row) and j + 2 (bottom row).
    // A drag keeps it in the view; the keys step on from where it is, typed values too.
    function moveHandle(j, x, y) {
      var values = [null, null, null, null];
      values[j] = snap(x, LIMIT);
      values[j + 2] = snap(y, LIMIT);
      setEntries(values);
    }

    function drawDrag() {
      frame = 0;
      if (!pending) return;
      var ctm = overlay.getScreenCTM();
      if (!ctm) return;
      var p = new DOMPoint(pending.x, pending.y).matrixTransform(ctm.inverse());
      moveHandle(pending.j, p.x / SCALE, -p.y / SCALE);
      pending = null;
    }

    handles.forEach(function (handle, j) {
      on(handle, "pointerdown", function (event) {
        if (event.button !== 0) return;
        event.preventDefault();
        handle.setPointerCapture(event.pointerId);
        handle.classList.add("is-dragging");
        readout.setAttribute("aria-busy", "true");  // announce once, when the drag ends
        handle.focus({preventScroll: true});
      });
      on(handle, "pointermove", function (event) {
        if (!handle.hasPointerCapture(event.pointerId)) return;
        pending = {j: j, x: event.clientX, y: event.clientY};
        if (!frame) frame = life.frame(drawDrag);
      });
      function end(event) {
        if (!handle.classList.contains("is-dragging")) return;
        if (handle.hasPointerCapture(event.pointerId)) handle.releasePointerCapture(event.pointerId);
        handle.classList.remove("is-dragging");
        if (frame) life.cancel(frame);
        drawDrag();
        readout.removeAttribute("aria-busy");
      }
      on(handle, "pointerup", end);
      on(handle, "pointercancel", end);
      on(handle, "keydown", function (event) {
        var dx = {ArrowLeft: -1, ArrowRight: 1}[event.key] || 0;
        var dy = {ArrowDown: -1, ArrowUp: 1}[event.key] || 0;
        if (!dx && !dy) return;
        event.preventDefault();
        var step = event.shiftKey ? 1 : STEP;
        var values = [null, null, null, null];  // only the coordinate the key moves changes
        if (dx) values[j] = snap(m[j] + dx * step, MAX);
        if (dy) values[j + 2] = snap(m[j + 2] + dy * step, MAX);
        setEntries(values);
      });
    });
    inputs.forEach(function (input, k) {
      on(input, "input", function () {
        var v = input.valueAsNumber;
        if (!isFinite(v)) return;  // half-typed ("-", "1e"): wait for the rest
        var values = [null, null, null, null];
        values[k] = Math.max(-MAX, Math.min(MAX, v));
        setEntries(values, input);
        if (values[k] !== v) {
          note.textContent = "Entries are kept between \u2212" + MAX + " and " + MAX + ": " +
            names[k] + " is " + num(values[k]) + ".";
        }
      });
      on(input, "change", function () { input.value = entry(m[k]); });
    });
    on(showEig, "change", draw);
    on(reset, "click", function () { setEntries(start.slice()); });

    draw();

    return function unmount() {
      root.remove();
    };
  }

  window.mfmlWidgets.define("transformations", {
    math: {det: det, orientation: orientation, eig: eig, apply: apply},
    mount: mount,
  });
})();
