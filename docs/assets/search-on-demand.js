// Material requests the search index (the text of every page: the largest file of a first
// visit, and it grows with each lesson) as soon as any page starts. Most visits never search,
// so this holds that one request back until the reader shows they want to search: pointing
// at or touching the search button, focusing the search box (by click or the / s f keys), or
// arriving with a search (?q=) or highlight (?h=) in the address. It must run before
// Material's bundle, whose request goes through XMLHttpRequest (see theme/main.html).
(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var wanted;
  var want = new Promise(function (resolve) { wanted = resolve; });
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) wanted();
  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target instanceof Element && event.target.closest("[for=__search], .md-search")) wanted();
    }, { capture: true, passive: true });
  });

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.isSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.isSearchIndex) return send.apply(xhr, args);
    want.then(function () {
      if (xhr.readyState === XMLHttpRequest.OPENED) send.apply(xhr, args);  // not aborted meanwhile
    });
  };
})();
