"""Performance benchmark: this site against the same pages with client-side KaTeX.

    .venv/bin/python tools/benchmark.py [--runs 5] [--lighthouse] [--full-suite]

Both sites are built in copies of what a build reads (docs/, lessons_src/, overrides/,
mkdocs.yml; the mathforml plugin is an installed package), each with its own empty `.cache/`,
so the first build of each is truly cold: it fetches KaTeX, draws every figure and executes
every lab (checked afterwards). The baseline is built from the same sources and theme settings
(theme override included) with the plugin's `render_math: false` and Material's documented
KaTeX recipe (arithmatex generic output + katex.min.js + auto-render, typeset on `document$`),
with every asset served locally, so the two sides differ only in how math is rendered. Both
sites are served gzip-compressed, as GitHub Pages serves them, and each page is loaded cold,
alternately ours/baseline, in headless Chromium on a desktop profile and on a phone profile
with 4x CPU throttling. Medians are printed with ratios (ours / baseline) and the targets from
the quality-gates issue. It is a measurement, not a test: numbers vary with the machine, so
compare the two columns, not runs on different machines. It exits non-zero when the heaviest
lesson misses a target; --lighthouse adds Lighthouse scores (npm `lighthouse`, run with npx),
also failing below the thresholds. CI runs it on main.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from functools import partial
from pathlib import Path

import yaml

from mathforml.frontmatter import is_lesson

ROOT = Path(__file__).resolve().parent.parent


sys.path.insert(0, str(ROOT / "tests"))  # the browser tests' Chromium, server and build helpers
from browser import FLAGS, chromium_path, serve  # noqa: E402
from helpers import ConfigLoader, copy_sources, mkdocs_build  # noqa: E402
from mathforml import katex  # noqa: E402

CHROMIUM = chromium_path() or "/usr/bin/chromium"
TARGETS = {  # ratio targets (ours / baseline) on the most math-heavy lesson
    "first formula (ms)": 0.3,
    "all math + fonts (ms)": 1.0,
    "scripts ready (ms)": 1.2,
    "gzip bytes": 0.85,
}
LIGHTHOUSE_MIN = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 98}

# Material's documented KaTeX recipe, with the assets local instead of on a CDN.
BASELINE_JS = """document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\\\(", right: "\\\\)", display: false },
      { left: "\\\\[", right: "\\\\]", display: true },
    ],
  });
});
"""

# Collected in the page from the first moment: formulas typeset, scripts mounted, layout shift.
PROBE = """
window.__bench = {first: null, last: null, count: 0, scripts: null, cls: 0};
let onScreen = null;  // the code blocks in view, once an IntersectionObserver has said
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value;
}).observe({type: "layout-shift", buffered: true});
(function tick() {
  const b = window.__bench, now = performance.now();
  const n = document.getElementsByClassName("katex").length;
  if (n && b.first === null) b.first = now;
  if (n !== b.count) { b.count = n; b.last = now; }
  if (!b.subscribed && window.document$) {
    b.subscribed = true;  // after the task in which every subscriber has mounted its widgets
    document$.subscribe(() => setTimeout(() => { b.mounted = true; }));
  }
  // Ready: widgets mounted, and each code block on screen has its copy button (content.lazy
  // adds them as blocks come into view).
  if (b.scripts === null && b.mounted && onScreen &&
      [...onScreen].every(code => code.parentElement.querySelector(".md-code__nav")))
    b.scripts = now;
  requestAnimationFrame(tick);
})();
document.addEventListener("DOMContentLoaded", () => {
  const seen = new Set(), codes = document.querySelectorAll("pre > code");
  const watch = new IntersectionObserver(entries => {
    for (const e of entries) e.isIntersecting ? seen.add(e.target) : seen.delete(e.target);
    onScreen = seen;
  });
  codes.forEach(code => watch.observe(code));
  if (!codes.length) onScreen = seen;
});
"""


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def timed_build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    result = mkdocs_build(config, site)
    if result.returncode:
        sys.exit(f"build of {config} failed:\n{result.stderr}")
    return time.perf_counter() - start


def cold_build(config: Path, site: Path) -> float:
    """Time a build that starts without any cache, and check that it filled its own."""
    cache = config.parent / ".cache"
    assert not cache.exists(), f"{cache} exists: the build would not be cold"
    seconds = timed_build(config, site)
    for name in ("figures", "labs"):  # the plugin's caches beside mkdocs.yml
        assert (cache / name).is_dir() and any((cache / name).iterdir()), (
            f"the cold build wrote nothing to {cache / name}: it must have used another cache"
        )
    return seconds


def plugin_options(config: dict, name: str) -> dict:
    """The options of plugin `name` in a loaded mkdocs.yml, made editable in place."""
    for i, entry in enumerate(config["plugins"]):
        key = entry if isinstance(entry, str) else next(iter(entry))
        if key == name:
            options = {} if isinstance(entry, str) else dict(entry[key] or {})
            config["plugins"][i] = {name: options}
            return options
    sys.exit(f"mkdocs.yml has no `{name}` plugin")


def make_baseline(work: Path) -> Path:
    """The same sources, math left to client-side KaTeX (the full npm tarball, same version)."""
    path = copy_sources(work / "baseline")
    docs = path.parent / "docs"
    config = yaml.load(path.read_text(), Loader=ConfigLoader)
    options = plugin_options(config, "mathforml")
    options["render_math"] = False
    version = options.get("katex_version", katex.VERSION)
    integrity = options.get("katex_integrity", katex.INTEGRITY)
    with urllib.request.urlopen(katex.tarball_url(version), timeout=60) as response:
        data = response.read()
    algorithm, expected = integrity.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        sys.exit(f"{katex.tarball_url(version)} does not match katex_integrity in mkdocs.yml")
    client = docs / "assets" / "katex-client"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/dist/")
            if (
                member.isfile()
                and name in ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js")
                or name.startswith("fonts/")
            ):
                (client / name).parent.mkdir(parents=True, exist_ok=True)
                (client / name).write_bytes(tar.extractfile(member).read())
    (docs / "assets" / "katex-init.js").write_text(BASELINE_JS)
    config["extra_css"] = ["assets/katex-client/katex.min.css", *config.get("extra_css", [])]
    config["extra_javascript"] = [
        "assets/katex-init.js",
        "assets/katex-client/katex.min.js",
        "assets/katex-client/contrib/auto-render.min.js",
        *config.get("extra_javascript", []),
    ]
    # The real config tags the emoji functions with !!python/name; dumped back the same way.
    path.write_text(yaml.dump(config, Dumper=yaml.Dumper, sort_keys=False))
    return path


KIND = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "fonts", "Image": "images"}


def load_once(browser, url: str, phone: bool) -> dict:
    options = (
        {
            "viewport": {"width": 360, "height": 740},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        }
        if phone
        else {"viewport": {"width": 1280, "height": 800}}
    )
    context = browser.new_context(**options)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if phone:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    kinds, raw, wire = {}, {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda e: kinds.__setitem__(e["requestId"], KIND.get(e["type"], "other")),
    )
    cdp.on(
        "Network.dataReceived",
        lambda e: raw.__setitem__(e["requestId"], raw.get(e["requestId"], 0) + e["dataLength"]),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.add_init_script(PROBE)
    page.goto(url, wait_until="load")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # settle: no new formula for a second, fonts done
        state = page.evaluate(
            "[performance.now() - (window.__bench.last || 0),"
            " document.fonts.status, window.__bench.scripts]"
        )
        if state[0] > 1000 and state[1] == "loaded" and state[2] is not None:
            break
        page.wait_for_timeout(100)
    bench = page.evaluate("window.__bench")
    fonts_end = page.evaluate(
        "Math.max(0, ...performance.getEntriesByType('resource')"
        ".filter(r => /\\.woff2?$/.test(r.name)).map(r => r.responseEnd))"
    )
    context.close()
    result = {
        "first formula (ms)": bench["first"] or 0,
        "all math + fonts (ms)": max(bench["last"] or 0, fonts_end),
        "scripts ready (ms)": bench["scripts"] or 0,
        "layout shift": bench["cls"],
        "formulas": bench["count"],
    }
    for kind in ("html", "css", "js", "fonts", "images"):
        ids = [i for i, k in kinds.items() if k == kind]
        result[f"{kind} raw"] = sum(raw.get(i, 0) for i in ids)
        result[f"{kind} gzip"] = sum(wire.get(i, 0) for i in ids)
    result["raw bytes"] = sum(raw.values())
    result["gzip bytes"] = sum(wire.values())
    return result


# Frames the page draws while a control is dragged: requestAnimationFrame's timestamps, kept
# from now until window.__dragDone is set.
COUNT_FRAMES = """() => {
  window.__frames = []; window.__dragDone = false;
  const tick = t => {
    window.__frames.push(t);
    if (!window.__dragDone) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def frames_per_second(page, work) -> float:
    """Frames per second the page draws while `work()` is repeated for about two seconds."""
    page.evaluate(COUNT_FRAMES)
    started = time.monotonic()
    while time.monotonic() - started < 2:
        work()
    page.evaluate("window.__dragDone = true")
    frames = page.evaluate("window.__frames")
    return 1000 * (len(frames) - 1) / (frames[-1] - frames[0])


def to_and_fro(page, x: float, y: float, reach: float) -> None:
    """One drag stroke with the mouse button held: right, left, back to the middle."""
    page.mouse.move(x + reach, y, steps=10)
    page.mouse.move(x - reach, y, steps=20)
    page.mouse.move(x, y, steps=10)


# A number box's own input events, kept from the widget (which listens further up the page).
DEAF = "e => ['input', 'change'].forEach(t => e.addEventListener(t, v => v.stopPropagation()))"


def widget_fps(browser, url: str) -> list[tuple[str, str, float]]:
    """Frames per second while the reader works each widget's main control for about two
    seconds, on the phone profile with 4x CPU throttling: [(widget, what was done, fps)].
    The control is the first slider (dragged to and fro), else a draggable handle (dragged),
    else a number box (ArrowUp held down: each press recomputes; the widget redraws at the next
    frame). The issue asks for 30 or more. For a number box, "what was done" also gives the
    frame rate with the widget deaf to the box (DEAF): the most the box itself allows."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load")
    results = []
    widgets = page.locator(".mfml-widget")
    for i in range(widgets.count()):
        widget = widgets.nth(i)
        widget.scroll_into_view_if_needed()
        widget.locator("xpath=self::*[contains(@class, 'mfml-widget--live')]").wait_for()
        drag = widget.locator("input[type=range], [class*=__handle]:not([class*=__handles])")
        control = drag.first if drag.count() else widget.locator("input[type=number]").first
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if drag.count():
            page.mouse.move(x, y)
            page.mouse.down()
            reach = max(40.0, box["width"] / 2 - 8)
            what, fps = "drag", frames_per_second(page, partial(to_and_fro, page, x, y, reach))
            page.mouse.up()
        else:
            control.focus()
            press = partial(page.keyboard.press, "ArrowUp")
            fps = frames_per_second(page, press)
            control.evaluate(DEAF)
            alone = frames_per_second(page, press)
            what = f"ArrowUp in a number box (the box alone: {alone:.0f} fps)"
        results.append((widget.get_attribute("data-widget"), what, fps))
    context.close()
    return results


def pick_pages(site: Path) -> list[str]:
    """The most math-heavy lesson (a page built from docs/<stage>/<lesson>.md, not a stage page,
    a quiz or the interview-prep page, which gathers every lesson's answers), home, a lab."""
    counts = {p: p.read_text().count('class="katex"') for p in site.rglob("index.html")}
    sources = {p: p.parent.relative_to(site).as_posix() + ".md" for p in counts}
    lessons = [p for p, s in sources.items() if is_lesson(s) and (ROOT / "docs" / s).is_file()]
    heaviest = max(lessons, key=counts.get)
    return [heaviest.parent.relative_to(site).as_posix() + "/", "", "labs/pca_from_scratch/"]


def widget_pages(site: Path) -> list[str]:
    """The lessons with a widget, the one whose widgets have the most code first."""
    code = {}
    for page in site.rglob("index.html"):
        names = set(re.findall(r'data-widget="([a-z0-9-]+)"', page.read_text()))
        if names:
            widgets = site / "assets" / "widgets"
            code[page] = sum((widgets / f"{name}.js").stat().st_size for name in names)
    pages = sorted(code, key=lambda p: (-code[p], str(p)))
    return [p.parent.relative_to(site).as_posix() + "/" for p in pages]


def measure(pages, ours_url, base_url, runs):
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for profile, phone in (("desktop", False), ("phone, 4x CPU", True)):
            for page in pages:
                samples = {"ours": [], "baseline": []}
                for _ in range(runs):  # alternate, so drift on the machine hits both alike
                    samples["ours"].append(load_once(browser, ours_url + page, phone))
                    samples["baseline"].append(load_once(browser, base_url + page, phone))
                results[(profile, page)] = {
                    side: {k: statistics.median(s[k] for s in runs_) for k in runs_[0]}
                    for side, runs_ in samples.items()
                }
        browser.close()
    return results


def missed_targets(ours, base) -> list[str]:
    missed = [key for key, target in TARGETS.items() if ours[key] > target * base[key]]
    return missed + (["layout shift"] if ours["layout shift"] > 0.05 else [])


def print_table(title, ours, base, keys):
    print(f"\n{title}")
    print(f"  {'metric':<24}{'ours':>12}{'baseline':>12}{'ratio':>8}  target")
    for key in keys:
        a, b = ours[key], base[key]
        ratio = a / b if b else float("nan")
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            verdict = f"<= {target}  {'met' if ratio <= target else 'MISSED'}"
        if key == "layout shift":
            verdict = f"<= 0.05  {'met' if a <= 0.05 else 'MISSED'}"
        if key == "layout shift":
            fmt = "{:.3f}".format
        else:
            fmt = "{:,.0f}".format
        print(f"  {key:<24}{fmt(a):>12}{fmt(b):>12}{ratio:>8.2f}  {verdict}")


def children_cpu() -> float:
    """CPU seconds of this process's finished children, and of the descendants they waited for."""
    times = os.times()
    return times.children_user + times.children_system


def suite_times(full: bool):
    # The CPU seconds are printed too: on a shared machine the same run's wall time varied by a
    # fifth from one hour to the next, and its CPU time with it; a budget read against a slow
    # hour is read with the CPU time beside it.
    start, cpu = time.perf_counter(), children_cpu()
    result = run([str(ROOT / ".venv" / "bin" / "pytest"), "docs", "-q"], cwd=ROOT)
    docs_time = time.perf_counter() - start
    passed = int(re.search(r"(\d+) passed", result.stdout)[1])
    print(
        f"\nSnippet tests: {passed} blocks in {docs_time:.1f} s, {children_cpu() - cpu:.1f} s "
        f"of CPU ({passed / docs_time:.0f} blocks/s, budget 15 s)"
    )
    if full:
        start, cpu = time.perf_counter(), children_cpu()
        result = run([str(ROOT / ".venv" / "bin" / "pytest"), "-q"], cwd=ROOT)
        print(
            f"Whole suite: {time.perf_counter() - start:.0f} s, {children_cpu() - cpu:.0f} s of "
            f"CPU (budget 300 s): {result.stdout.strip().splitlines()[-1]}"
        )


def lighthouse(url_base: str, pages) -> bool:
    ok = True
    print("\nLighthouse (desktop preset)")
    for page in pages:
        result = run(
            [
                "npx",
                "--yes",
                "lighthouse@13.5.0",
                url_base + page,
                "--quiet",
                "--preset=desktop",
                "--output=json",
                "--output-path=stdout",
                "--only-categories=" + ",".join(LIGHTHOUSE_MIN),
                "--chrome-flags=" + " ".join(FLAGS),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
        if result.returncode:
            print(f"  {page or 'home'}: lighthouse failed: {result.stderr[-300:]}")
            ok = False
            continue
        report = json.loads(result.stdout)
        scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        low = {k: v for k, v in scores.items() if v < LIGHTHOUSE_MIN[k]}
        ok &= not low
        print(
            f"  {page or 'home':<36}"
            + "  ".join(f"{k} {v}" for k, v in scores.items())
            + (f"   BELOW: {low}" if low else "")
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lighthouse", action="store_true")
    parser.add_argument("--full-suite", action="store_true")
    parser.add_argument(
        "--heaviest-only", action="store_true", help="only the most math-heavy page"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mathforml-bench-"))
    ours_config = copy_sources(work / "ours")
    cold = cold_build(ours_config, work / "ours-site")
    warm = timed_build(ours_config, work / "ours-site")
    base_config = make_baseline(work)
    base_cold = cold_build(base_config, work / "base-site")
    print(
        f"Build, whole site: ours cold {cold:.1f} s, warm {warm:.1f} s (budgets 60 s / 15 s); "
        f"baseline cold {base_cold:.1f} s"
    )
    index = (work / "ours-site" / "search" / "search_index.json").read_bytes()
    print(
        f"Search index: {len(index):,} bytes, {len(gzip.compress(index, 6)):,} gzip; both sites "
        "fetch it when a reader first opens search (overrides/main.html), so no first load "
        "counts it"
    )
    (ours_url, _), (base_url, _) = (
        serve(work / "ours-site", compress=True),
        serve(work / "base-site", compress=True),
    )
    pages = pick_pages(work / "ours-site")[: 1 if args.heaviest_only else None]
    with_widgets = widget_pages(work / "ours-site")
    checked = pages[:1] + with_widgets[:1]  # the targets hold on these
    if not args.heaviest_only:
        pages += with_widgets[:1]
    results = measure(pages, ours_url, base_url, args.runs)
    timing = [
        "first formula (ms)",
        "all math + fonts (ms)",
        "scripts ready (ms)",
        "layout shift",
        "formulas",
    ]
    sizes = [f"{k} {v}" for k in ("html", "css", "js", "fonts", "images") for v in ("raw", "gzip")]
    for (profile, page), sides in results.items():
        print_table(
            f"{page or 'home'} ({profile}), medians of {args.runs} cold loads",
            sides["ours"],
            sides["baseline"],
            timing + sizes + ["raw bytes", "gzip bytes"],
        )
    missed = [
        f"{key} ({profile}, {page})"
        for (profile, page), sides in results.items()
        if page in checked
        for key in missed_targets(sides["ours"], sides["baseline"])
    ]
    checked_names = " and ".join(p for p in checked if p in pages)
    print(
        f"\nTargets on {checked_names}: " + (f"MISSED {', '.join(missed)}" if missed else "all met")
    )
    if with_widgets and not args.heaviest_only:
        from playwright.sync_api import sync_playwright

        print("\nWidgets, dragging their first control, phone with 4x CPU throttling (>= 30 fps)")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for page in with_widgets:
                for name, what, fps in widget_fps(browser, ours_url + page):
                    verdict = "met" if fps >= 30 else "MISSED"
                    missed += [] if fps >= 30 else [f"{name} at {fps:.0f} fps"]
                    print(f"  {name:<18}{page:<44}{what:<25} {fps:6.1f} fps  {verdict}")
            browser.close()
    if not args.heaviest_only:
        suite_times(args.full_suite)
    ok = not missed
    if args.lighthouse and not args.heaviest_only:
        ok &= lighthouse(ours_url, [pages[1], pages[0], pages[2]])
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
