"""The whole course offline: one printable page, and a PDF printed from it by Chromium.

    .venv/bin/python tools/pdf.py site/        # after `mkdocs build`; the Pages workflow runs it

It reads the built site, whose pages are finished (math typeset at build time, figures
inlined, labs rendered), and writes two files into it:

- print/index.html: every page of the navigation, in order (each page's `rel=next` link), on
  one page with no script. A stage's lessons and labs sit under it: their headings go one
  level down, so the outline nests. Ids are prefixed with their page's anchor, so they stay
  unique; links between pages become links within the document; other links to the site
  become absolute. It is marked `noindex`, and it is neither in the search index nor in the
  sitemap, which the build made before it existed.
- mathforml.pdf: that page printed by the Chromium the browser tests drive, A4, with an
  outline (PDF bookmarks, from the headings) and working internal links.

Why not mkdocs-print-site-plugin: it collects each page's HTML in `on_page_content`, before
our plugin typesets the math and puts code blocks and figures back (`on_post_page`), so its
page would hold raw TeX and placeholders; and it adds its CSS and JS to every page. Reading
the built pages gets exactly what readers see, costs the build nothing, and needs no new
dependency. Chromium needs its own step anyway.
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser tests' Chromium flags and file server
from browser import FLAGS, chromium_path, serve  # noqa: E402

PRINT = "print/"  # the print page's address in the site
PDF = "mathforml.pdf"

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
LINK = re.compile(r'<link rel="(next|canonical|stylesheet)" href="([^"]*)">')
REFERENCE = re.compile(r'(?<=\s)(id|for|name|aria-labelledby|aria-describedby)="([^"]*)"')
STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S)
HEADING = re.compile(r"<(h[1-6])\b([^>]*)>(.*?)</\1>", re.S)
HREF = re.compile(r'(?<=\s)((?:xlink:)?href|src)="([^"]*)"')

# The page's own rules. course.css lets the browser skip blocks far off screen
# (content-visibility), which on paper lost matrix brackets: every block is drawn here.
# Chromium prints in a time that grows with pages times positioned elements, and KaTeX
# positions most of its spans: those that need it only as a containing block for the visually
# hidden MathML are left in place, and that MathML is not printed (it is not drawn anyway).
# Where a title wraps, Chromium's bookmark joins the two words unless the space is kept
# (pre-wrap; `rewrite` puts each heading on one line).
CSS = """
.md-typeset * { content-visibility: visible !important; }
.md-main__inner, .md-content__inner { margin: 0 auto; padding: 0; }
.mfml-print-page ~ .mfml-print-page { break-before: page; }
.md-typeset pre > code { white-space: pre-wrap; overflow-wrap: anywhere; }
.md-typeset :is(h1, h2, h3, h4, h5, h6) { white-space: pre-wrap; }
.katex, .katex .base, .katex .vlist { position: static; }
@media print { .katex .katex-mathml { display: none; } }
"""
FOOTER = (
    '<div style="font-size: 8px; width: 100%; text-align: center; color: #555;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def anchor(url: str) -> str:
    """A page's id in the print page: its address with dashes, `home` for the home page."""
    return url.strip("/").replace("/", "-") or "home"


def pages_in_order(site: Path) -> list[tuple[str, str]]:
    """(address, HTML) of every page in the navigation, from the home page along `rel=next`."""
    pages, url = {}, ""
    while url is not None and url not in pages:
        pages[url] = (site / url / "index.html").read_text(encoding="utf-8")
        following = [href for rel, href in LINK.findall(pages[url]) if rel == "next"]
        url = posixpath.normpath(posixpath.join(url, following[0])) + "/" if following else None
    return list(pages.items())


def rewrite(url: str, text: str, base: str, known: set[str]) -> str:
    """The page's article, ready to sit in the print page beside the others."""
    page_url = next((href for rel, href in LINK.findall(text) if rel == "canonical"), base + url)
    prefix = anchor(url) + "--"
    body = ARTICLE.search(text)[1]
    body = re.sub(r'<a class="(?:headerlink|anchor-link)"[^>]*>.*?</a>', "", body)
    body = re.sub(r"<script\b.*?</script>", "", body, flags=re.S)  # the print page has no JS
    body = HEADING.sub(lambda m: f"<{m[1]}{m[2]}>{' '.join(m[3].split())}</{m[1]}>", body)
    body = REFERENCE.sub(
        lambda m: f'{m[1]}="{" ".join(prefix + name for name in m[2].split())}"', body
    )
    body = body.replace("url(#", f"url(#{prefix}")

    def link(m: re.Match) -> str:
        attribute, value = m[1], m[2]
        if value.startswith("#"):
            return f'{attribute}="#{prefix}{value[1:]}"'
        target = urljoin(page_url, html.unescape(value))
        if not target.startswith(base):
            return m[0]  # another site, or data: URIs
        path, _, fragment = target[len(base) :].partition("#")
        if attribute == "src":  # read by the print page itself: relative, so it works offline
            return f'src="{posixpath.relpath(path or ".", PRINT)}"'
        if path in known:
            return f'{attribute}="#{anchor(path)}{"--" + fragment if fragment else ""}"'
        return f'{attribute}="{html.escape(target)}"'

    body = HREF.sub(link, body)
    return re.sub(r"<details\b", "<details open", body)  # solutions shown on paper


def print_page(site: Path, only: set[str] | None = None) -> str:
    """The HTML of the print page: every page of the course in navigation order, or only
    those whose addresses are in `only` (the test prints a few)."""
    pages = pages_in_order(site)
    home = pages[0][1]
    base = next(href for rel, href in LINK.findall(home) if rel == "canonical")
    if only is not None:
        pages = [(url, text) for url, text in pages if url in only]
    known = {url for url, _ in pages}
    styles, sections, contents = [], [], []
    for url, text in pages:
        for rel, href in LINK.findall(text):
            path = posixpath.relpath(posixpath.normpath(posixpath.join(url, href)), PRINT)
            if rel == "stylesheet" and path not in styles:
                styles.append(path)
        body = rewrite(url, text, base, known)
        title = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", body)[1]))
        if url.count("/") > 1:  # a lesson or a lab: under its stage (the last one-level page)
            body = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", body)
            contents[-1][1].append((url, title))
        elif url:
            contents.append(((url, title), []))
        sections.append(f'<section class="mfml-print-page" id="{anchor(url)}">{body}</section>')
    entry = '<li><a href="#{}">{}</a>'.format
    listing = "".join(
        entry(anchor(url), html.escape(title))
        + ("<ul>" + "".join(entry(anchor(u), html.escape(t)) for u, t in lessons) + "</ul>")
        * bool(lessons)
        for (url, title), lessons in contents
    )
    sections.insert(1, f'<h2 id="contents">Contents</h2>\n<ul>{listing}</ul>')
    # Each lab plot carries the same global <style>: one copy styles them all, and a hundred
    # copies slowed every style recalculation down.
    seen = set()
    sections = [
        STYLE.sub(lambda m: "" if m[0] in seen else seen.add(m[0]) or m[0], section)
        for section in sections
    ]
    head = "".join(f'<link rel="stylesheet" href="{href}">\n' for href in styles)
    name = re.search(r"<title>(.*?)</title>", home, re.S)[1].rsplit(" - ", 1)[-1].strip()
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{name}: the whole course</title>\n{head}<style>{CSS}</style>\n</head>\n"
        + re.search(r"<body[^>]*>", home)[0]
        + '\n<main class="md-main"><div class="md-main__inner md-grid"><div class="md-content">'
        '<article class="md-content__inner md-typeset">\n'
        + "\n".join(sections)
        + "\n</article></div></div></main>\n</body>\n</html>\n"
    )


def write_pdf(page, url: str, path: Path) -> None:
    """Print the print page at `url` to `path`, in a Playwright page of Chromium."""
    page.goto(url, wait_until="load", timeout=600_000)
    page.evaluate("document.fonts.ready.then(() => true)")  # KaTeX's fonts, all of them
    page.pdf(
        path=path,
        format="A4",
        margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        outline=True,  # bookmarks from the headings; needs `tagged`
        tagged=True,
    )


def make_pdf(site: Path) -> Path:
    """Write print/index.html and mathforml.pdf into the built site; returns the PDF's path."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium is missing: apt-get install chromium, or set CHROME_PATH")
    (site / PRINT).mkdir(exist_ok=True)
    (site / PRINT / "index.html").write_text(print_page(site), encoding="utf-8")
    url, stop = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
            write_pdf(browser.new_page(), url + PRINT, site / PDF)
            browser.close()
    finally:
        stop()
    return site / PDF


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's site_dir)")
    site = parser.parse_args().site
    started = time.monotonic()
    pdf = make_pdf(site)
    seconds = time.monotonic() - started
    print(f"{pdf}: {pdf.stat().st_size / 1e6:.1f} MB in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
