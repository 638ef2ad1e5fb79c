// Material adds a small <nav> of buttons (copy, ...) to each code block, unnamed, and with
// content.lazy only once the block scrolls into view; a page with several of them then has
// landmarks a screen reader cannot tell apart. Name each one as it appears.
(function () {
  function name(nav) {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("pre"));
    nav.setAttribute("aria-label", "Code block " + (blocks.indexOf(nav.closest("pre")) + 1) + " actions");
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.matches(".md-code__nav")) name(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
  document.querySelectorAll(".md-code__nav").forEach(name);
})();

// A display formula a little too wide for its column (on a phone, most often) is set a little
// smaller, down to 80%, so that it fits; wider ones keep their size and scroll, with a cue
// (course.css). The width a formula needs, in ems of its own size, does not depend on the
// screen: it is measured once per formula and kept in --mfml-em, and course.css turns it into a
// font size with the column's width (container query units), so turning the phone or resizing
// the window needs no script. Formulas on the first screens are measured at once, before the
// page is first drawn, the rest as they come near the screen (off-screen blocks are not laid
// out until then: content-visibility in course.css); again when a font arrives (it changes
// widths), and for each new page under Material's instant navigation (document$).
(function () {
  var near = "IntersectionObserver" in window && new IntersectionObserver(function (entries) {
    var ready = entries.filter(function (entry) { return entry.isIntersecting; });
    ready.forEach(function (entry) { near.unobserve(entry.target); });
    fit(ready.map(function (entry) { return entry.target; }));
  }, { rootMargin: "100% 0px" });

  function fit(displays) {
    // All measurements first, then all writes: one layout, however many formulas.
    var ems = displays.map(function (display) {
      var html = display.querySelector(".katex-html");
      if (!html) return 0;
      var range = document.createRange();
      range.selectNodeContents(html);
      return range.getBoundingClientRect().width / parseFloat(getComputedStyle(html).fontSize);
    });
    displays.forEach(function (display, i) {
      if (ems[i] > 0) {
        display.style.setProperty("--mfml-em", ems[i].toFixed(3));
        // A size container only from here: made one while a skipped block hid it, it was
        // sized against the viewport and never again (Chromium), so the formula kept its size.
        // Not in a table cell, whose width depends on what is in it.
        if (!display.closest("td, th")) display.style.containerType = "inline-size";
      } else if (near && !display.mfmlWaits) {
        display.mfmlWaits = true;  // not drawn yet (a tab not shown): measure it once it is
        near.observe(display);
      }
    });
  }

  var article = null;
  function setUp() {
    if (near && document.querySelector("article") !== article) {
      near.disconnect();  // formulas of the page before, under instant navigation
      article = document.querySelector("article");
    }
    var displays = Array.prototype.slice.call(document.querySelectorAll("article .katex-display"));
    var limit = 2 * window.innerHeight;
    fit(displays.filter(function (display) {
      if (display.getBoundingClientRect().top < limit) return true;
      if (near) near.observe(display);
      return false;
    }));
  }

  setUp();
  // Formulas in a solution measure 0 wide until it is opened.
  document.addEventListener("toggle", function (event) {
    if (event.target.open && event.target.querySelectorAll) {
      fit(Array.prototype.slice.call(event.target.querySelectorAll(".katex-display")));
    }
  }, true);
  if (window.document$) window.document$.subscribe(setUp);  // also emits for the first page
  if (document.fonts) {
    document.fonts.addEventListener("loadingdone", function () {
      var measured = document.querySelectorAll("article .katex-display[style*='--mfml-em']");
      fit(Array.prototype.slice.call(measured));
    });
  }
})();

// Below 1220 px the navigation is a drawer that course.css keeps out of the Tab order while it
// is closed. Material's menu button (a <label> for the #__drawer checkbox) takes no focus, so
// the keyboard could not open it: make it focusable and named, as Material's own section labels
// in the navigation are (a <label> may not take role="button"). Enter on a focused label is
// Material's (it clicks it); Space is added here, and Escape closes the drawer again and
// returns to the button. The button is display: none on wide screens; instant navigation
// keeps the header.
(function () {
  var drawer = document.getElementById("__drawer");
  var button = document.querySelector("label.md-header__button[for='__drawer']");
  if (!drawer || !button) return;
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Navigation");
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) {
      drawer.checked = false;
      button.focus();
    }
  });
})();

// A lab's solutions stay closed until the learner opens them, as a lesson's do ("??? success"
// admonitions): under each "Solution to task N" heading, the rest of its cell and the cells
// up to the next heading are hidden behind a button. Without script they simply show.
(function () {
  function fold() {
    document.querySelectorAll(".jp-Notebook h4[id^='solution-to-task']").forEach(function (h) {
      if (h.nextElementSibling && h.nextElementSibling.classList.contains("mfml-reveal")) return;
      var hidden = [], e = h.nextElementSibling;
      for (; e && !/^H[1-4]$/.test(e.tagName); e = e.nextElementSibling) hidden.push(e);
      var cell = !e && h.closest(".jp-Notebook > .jp-Cell");  // the next heading ends it
      for (var c = cell && cell.nextElementSibling; c; c = c.nextElementSibling) {
        if (c.querySelector("h1, h2, h3, h4")) break;
        hidden.push(c);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button mfml-reveal";
      button.setAttribute("aria-expanded", "false");
      button.textContent = "Show the solution";
      hidden.forEach(function (e) { e.hidden = true; });
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "Hide the solution" : "Show the solution";
        hidden.forEach(function (e) { e.hidden = !open; });
      });
      h.insertAdjacentElement("afterend", button);
    });
  }
  if (window.document$) window.document$.subscribe(fold);  // also emits for the first page
  else fold();
})();
