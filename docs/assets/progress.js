// Progress that stays. The "Before you move on" checklists can be ticked, and what a reader
// ticks is kept in this browser's localStorage only: no account, nothing sent anywhere. A page
// is finished when every item of its checklist is ticked. Which lessons a stage has comes from
// the navigation every page carries (hidden or not): the links of the stage's section whose
// address is under the stage page's, minus its self-check (quiz/), the build's own rule
// (frontmatter.is_lesson). Finished pages get a mark in the navigation; a stage page and the
// home page's cards show how many of the stage's lessons are finished; the home page can clear
// it all. Redone for each page under instant navigation (document$) and when another tab
// changes the ticks. Without script, or without storage, the checklists stay read-only.
(function () {
  var KEY = "mathforml-progress";
  var config = document.getElementById("__config");
  var base = new URL(config ? JSON.parse(config.textContent).base : ".", location.href).href;
  try {
    localStorage.setItem(KEY + "-test", "1");
    localStorage.removeItem(KEY + "-test");
  } catch (e) {
    return;
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || {};
    } catch (e) {
      return {};
    }
  }
  function save(data) {
    try {
      localStorage.setItem(KEY, JSON.stringify(data));
    } catch (e) {}
  }
  // A page's address within the site, e.g. "linear-algebra/vectors/" ("" for the home page).
  function key(url) {
    var href = new URL(url, location.href).href.replace(/[?#].*$/, "").replace(/index\.html$/, "");
    return href.indexOf(base) === 0 ? href.slice(base.length) : null;
  }
  function finished(data, page) {
    var p = data[page];
    return !!p && p.n > 0 && p.t.length >= p.n;
  }
  // An item is known by its text (its accessible name), so reordering keeps the ticks.
  function id(box) {
    var text = box.getAttribute("aria-label") || box.parentNode.parentNode.textContent, h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36);
  }
  function boxes() {
    var found = [], h2 = document.getElementById("before-you-move-on");
    for (var e = h2 && h2.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling) {
      if (e.matches("ul.task-list")) found.push.apply(found, e.querySelectorAll("input[type=checkbox]"));
    }
    return found;
  }
  function stages() {
    var sel = ".md-nav--primary > .md-nav__list > .md-nav__item--section";
    return Array.prototype.map.call(document.querySelectorAll(sel), function (section) {
      var links = section.querySelectorAll(":scope > nav > .md-nav__list > .md-nav__item > a");
      var home = links.length ? key(links[0].href) : null, lessons = [];
      Array.prototype.forEach.call(links, function (a) {
        var page = key(a.href);
        if (home && page && page !== home && !page.indexOf(home) && !/\/quiz\/$/.test(page)) lessons.push(page);
      });
      return { key: home, title: section.querySelector(":scope > label").textContent.trim(), lessons: lessons };
    });
  }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  // "3 of 16 lessons finished" and a bar: a progressbar named after the stage.
  function meter(parent, stage, data) {
    var done = stage.lessons.filter(function (page) { return finished(data, page); }).length;
    var total = stage.lessons.length, text = done + " of " + total + " lessons finished";
    var box = parent.querySelector(":scope > .mfml-progress");
    if (!box) {
      box = el("div", "mfml-progress");
      box.appendChild(el("span", "mfml-progress__text")).setAttribute("aria-hidden", "true");
      var bar = box.appendChild(el("span", "mfml-progress__bar"));
      bar.appendChild(el("span"));
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-label", "Your progress through " + stage.title);
      bar.setAttribute("aria-valuemin", "0");
      parent.appendChild(box);
    }
    box.firstChild.textContent = text;
    var meterBar = box.lastChild;
    meterBar.setAttribute("aria-valuemax", String(total));
    meterBar.setAttribute("aria-valuenow", String(done));
    meterBar.setAttribute("aria-valuetext", text);
    meterBar.firstChild.style.width = (total ? (100 * done) / total : 0) + "%";
    return box;
  }
  function resetControl(after) {
    var box = el("div", "mfml-reset");
    box.appendChild(el("p", "", "Tick the checklist at the end of each lesson and these cards " +
      "count your finished lessons. Your ticks stay in this browser: no account, nothing sent anywhere."));
    var reset = box.appendChild(el("button", "md-button", "Reset my progress"));
    var ask = box.appendChild(el("p", "mfml-reset__confirm", "Clear every tick on every page? "));
    var yes = ask.appendChild(el("button", "md-button", "Yes, clear my progress"));
    var no = ask.appendChild(el("button", "md-button", "Keep it"));
    var status = box.appendChild(el("p", "mfml-reset__status"));
    status.setAttribute("role", "status");
    ask.hidden = true;
    [reset, yes, no].forEach(function (b) { b.type = "button"; });
    reset.addEventListener("click", function () {
      ask.hidden = false;
      status.textContent = "";
      no.focus();
    });
    no.addEventListener("click", function () {
      ask.hidden = true;
      reset.focus();
    });
    yes.addEventListener("click", function () {
      localStorage.removeItem(KEY);
      ask.hidden = true;
      reset.focus();
      render();
      status.textContent = "Your progress is cleared.";
    });
    after.insertAdjacentElement("afterend", box);
  }

  function render() {
    var data = load(), here = key(location.href), all = boxes(), list = stages();
    // This page's checklist: tickable, with what was ticked before.
    var ticked = data[here] ? data[here].t : [];
    all.forEach(function (box) {
      box.disabled = false;
      box.classList.add("mfml-tick");
      box.checked = ticked.indexOf(id(box)) >= 0;
    });
    if (data[here] && all.length) {  // items changed since they were ticked: keep what matches
      var kept = all.filter(function (b) { return b.checked; }).map(id);
      if (kept.length !== ticked.length || data[here].n !== all.length) {
        if (kept.length) data[here] = { t: kept, n: all.length };
        else delete data[here];
        save(data);
      }
    }
    // The navigation: a mark on each finished page, with words for screen readers.
    var links = ".md-nav--primary a.md-nav__link, .md-nav--primary label.md-nav__link[for=__toc]";
    document.querySelectorAll(links).forEach(function (link) {
      var page = !link.href ? here : link.hash ? null : key(link.href);  // not the contents' links
      var mark = link.querySelector(":scope > .mfml-done"), done = page !== null && finished(data, page);
      if (done && !mark) {
        mark = link.insertBefore(el("span", "mfml-done"), link.querySelector(":scope > .md-nav__icon"));
        mark.appendChild(el("span", "mfml-sr", " (finished)"));
      } else if (!done && mark) {
        mark.remove();
      }
    });
    // A stage page: its progress under its title. The home page: each card's, and the reset.
    list.forEach(function (stage) {
      if (stage.key === here) {
        var title = document.querySelector("article h1");
        var holder = document.querySelector("article > .mfml-stage-progress");
        if (!holder) {
          holder = el("div", "mfml-stage-progress");
          if (title) title.insertAdjacentElement("afterend", holder);
          else document.querySelector("article").prepend(holder);
        }
        meter(holder, stage, data);
      }
      document.querySelectorAll("article .grid.cards > ul > li").forEach(function (card) {
        var link = card.querySelector("a[href]");
        if (link && key(link.href) === stage.key) meter(card, stage, data);
      });
    });
    var cards = document.querySelector("article .grid.cards");
    if (here === "" && cards && !document.querySelector(".mfml-reset")) resetControl(cards);
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("mfml-tick")) return;
    var data = load(), all = boxes(), here = key(location.href);
    var ticked = all.filter(function (b) { return b.checked; }).map(id);
    if (ticked.length) data[here] = { t: ticked, n: all.length };
    else delete data[here];
    save(data);
    render();
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) render();
  });
  if (window.document$) window.document$.subscribe(render);  // also emits for the first page
  else render();
})();
