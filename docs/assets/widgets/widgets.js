// Interactive widgets: the loader (CONTRIBUTING.md, "Adding a widget").
//
// Only pages with a widget load this file, with a <script> at the end of their Markdown, as
// quiz pages load quiz.js; Material's instant navigation runs such a script again on each
// visit, so it sets itself up once and then follows each new page through document$.
//
// A widget is an element placed right after the build-time figure it brings to life, holding
// the page's words about what to try with it:
//   <div class="mfml-widget" data-widget="NAME" role="group" aria-label="..." markdown>
//   Drag the slider past ... </div>
// Without script the reader sees that figure, and not those words (course.css hides what the
// element holds until it is live), and the element takes no room. When it comes within a
// screen of the viewport, this file loads widgets/NAME.js (once per visit to the site) and
// mounts the widget in it, the words first; the figure is then hidden. Each new page's
// widgets are mounted afresh, and the previous page's unmounted first. A widget listens and
// asks for animation frames through `life`, the second argument of its mount, and those end
// with it: this file removes the listeners and cancels the frames. What else it starts (a
// timer, an observer) its mount's returned function ends.
//
// NAME.js registers itself with
//   mfmlWidgets.define(NAME, {math: {pure functions}, mount: function (element, life) {...}})
// and its math is then mfmlWidgets.math[NAME], which the tests compare with NumPy.
(function () {
  if (window.mfmlWidgets) return;
  var base = document.currentScript.src.replace(/widgets\.js(\?.*)?$/, "");
  var defined = {};
  var loading = {};
  var mounted = [];

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        defined[name] = resolve;
        var script = document.createElement("script");
        script.src = base + name + ".js";
        script.onerror = function () { reject(new Error("widget " + name + " did not load")); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // The element builders every widget draws with: html("p", {class: "x"}, ["Text", child])
  // and svg("line", {x1: 0, ...}, [children]); each sets the attributes as given and appends
  // the children (elements or strings) in order.
  function element(namespace, tag, attributes, children) {
    var e = namespace ? document.createElementNS(namespace, tag) : document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { e.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) { e.append(child); });
    return e;
  }

  window.mfmlWidgets = {
    math: {},
    load: load,
    define: function (name, widget) {
      window.mfmlWidgets.math[name] = widget.math || {};
      defined[name](widget);
    },
    html: function (tag, attributes, children) { return element(null, tag, attributes, children); },
    svg: function (tag, attributes, children) {
      return element("http://www.w3.org/2000/svg", tag, attributes, children);
    },
  };

  // life.listen(target, type, handler, options), life.frame(callback) and life.cancel(id):
  // addEventListener, requestAnimationFrame and cancelAnimationFrame, undone by life.end().
  function lifetime() {
    var listeners = [];
    var frames = new Set();
    return {
      listen: function (target, type, handler, options) {
        target.addEventListener(type, handler, options);
        listeners.push([target, type, handler, options]);
      },
      frame: function (callback) {
        var id = requestAnimationFrame(function (time) { frames.delete(id); callback(time); });
        frames.add(id);
        return id;
      },
      cancel: function (id) {
        frames.delete(id);
        cancelAnimationFrame(id);
      },
      end: function () {
        listeners.splice(0).forEach(function (l) { l[0].removeEventListener(l[1], l[2], l[3]); });
        frames.forEach(function (id) { cancelAnimationFrame(id); });
        frames.clear();
      },
    };
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = base + "widgets.css";

  function mount(element) {
    load(element.dataset.widget).then(function (widget) {
      if (!element.isConnected) return;  // the reader has moved on to another page
      var words = Array.prototype.slice.call(element.children);
      var life = lifetime();
      var unmount = widget.mount(element, life);
      element.prepend.apply(element, words);  // first, whatever the widget did with them
      mounted.push(function () { life.end(); if (unmount) unmount(); });
      element.classList.add("mfml-widget--live");
      var figure = element.previousElementSibling;
      if (figure && figure.matches(".mfml-figure")) figure.hidden = true;
    }).catch(function (error) {
      console.warn(error.message + ": the figure stays in its place");  // offline, say
    });
  }

  var near = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      near.unobserve(entry.target);
      mount(entry.target);
    });
  }, { rootMargin: "100% 0px" });

  function setUp() {
    mounted.splice(0).forEach(function (unmount) { unmount(); });
    // Material's instant navigation swaps what <head> holds: add the styles back each time.
    if (!style.isConnected) document.head.appendChild(style);
    near.disconnect();
    document.querySelectorAll(".mfml-widget[data-widget]").forEach(function (element) {
      near.observe(element);
    });
  }

  if (window.document$) window.document$.subscribe(setUp);
  else setUp();
})();
