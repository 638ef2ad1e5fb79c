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
