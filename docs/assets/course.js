// Material adds a small <nav> of buttons (copy, ...) to every code block, all unnamed; a page
// with several of them then has landmarks a screen reader cannot tell apart. Name each one.
document$.subscribe(function () {
  document.querySelectorAll(".md-code__nav").forEach(function (nav, i) {
    nav.setAttribute("aria-label", "Code block " + (i + 1) + " actions");
  });
});
