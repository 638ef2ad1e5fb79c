"""What the widget tests share (tests/test_widgets_*.py)."""

# Enough of widgets.js for a widget's script to register its math on a blank page.
STUB = "window.mfmlWidgets = {math: {}, define(name, w) { this.math[name] = w.math; }};"
# Redraws wait for the next animation frame; two frames later they have happened.
FRAME = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def live_widget(page):
    """The page's live widget, once it is mounted: brought near the screen by its figure (the
    empty element takes no room), which is centred."""
    figure = page.locator(".mfml-widget").locator("xpath=preceding-sibling::*[1]")
    figure.evaluate("e => e.scrollIntoView({block: 'center'})")
    widget = page.locator(".mfml-widget.mfml-widget--live")
    widget.wait_for()
    return widget


def number(text: str) -> float:
    """A number as a widget writes it, with a true minus sign."""
    return float(text.replace("\u2212", "-"))


# Installed before any script runs: what widget code adds and never removes, listeners on
# anything and running intervals, counted by the script that asked for them (a widget's,
# also when the loader's life.listen adds the listener for it; not the loader's own).
LEAKS = r"""(() => {
  const mine = () => /\/assets\/widgets\/(?!widgets\.js)[\w-]+\.js/.test(new Error().stack);
  const live = [], timers = new Set();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (mine()) live.push([this, type, fn]);
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    const i = live.findIndex(l => l[0] === this && l[1] === type && l[2] === fn);
    if (i >= 0) live.splice(i, 1);
    return remove.call(this, type, fn, options);
  };
  const setInterval = window.setInterval, clearInterval = window.clearInterval;
  window.setInterval = function () {
    const id = setInterval.apply(this, arguments);
    if (mine()) timers.add(id);
    return id;
  };
  window.clearInterval = function (id) { timers.delete(id); return clearInterval.call(this, id); };
  window.mfmlLeaks = () => ({listeners: live.length, timers: timers.size});
})()"""
