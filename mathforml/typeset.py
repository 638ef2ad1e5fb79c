"""Math typeset at build time: every formula of a page becomes KaTeX HTML.

Formulas come from pymdownx.arithmatex (lessons) or as `$...$` in notebook Markdown cells
(labs, which arithmatex never sees). Typesetting costs about 2 ms a formula, most of a warm
build, so each page keeps the formulas of its last build in one file under the cache,
holding only the formulas still on the page, so the cache never outgrows the site.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path

from mathforml import katex

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex"(?: data-search-exclude)?>'
    r"(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])</(?P=tag)>",
    re.S,
)
_NB_MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S
)
_NB_MATH = re.compile(r"\$\$(.+?)\$\$|\$(?!\s)([^$\n]+?)(?<!\s)\$", re.S)
# How we call KaTeX: a change to it retires every cached formula.
_OPTIONS = hashlib.sha256(Path(katex.__file__).read_bytes()).hexdigest()


class MathError(ValueError):
    """KaTeX refused a formula: `tex` is the formula, the message is KaTeX's."""

    def __init__(self, tex: str, message: str):
        super().__init__(message)
        self.tex = tex


class Typesetter:
    """Typesets pages' math with one KaTeX engine, started on first need."""

    def __init__(self, assets: Path, cache: Path):
        self.assets = assets
        self.cache = cache  # one JSON file per page
        self.engine: katex.Renderer | None = None

    def page(self, output: str, src_uri: str, notebook: bool) -> str:
        """The page with its math typeset; raises MathError for a formula KaTeX refuses."""
        store = self.cache / f"{hashlib.sha256(src_uri.encode()).hexdigest()[:32]}.json"
        try:
            saved = json.loads(store.read_text())
        except (FileNotFoundError, ValueError):
            saved = {}
        known = saved.get("formulas", {}) if saved.get("options") == _OPTIONS else {}
        used: dict[str, str] = {}

        def typeset(tex: str, display: bool) -> str:
            key = f"{int(display)}{tex}"
            if key not in known:
                if self.engine is None:
                    self.engine = katex.Renderer(self.assets)
                try:
                    known[key] = self.engine.render(tex, display)
                except katex.KatexError as exc:
                    raise MathError(tex, str(exc)) from None
            used[key] = known[key]
            return used[key]

        if notebook:

            def in_cell(cell: re.Match) -> str:
                def formula(m: re.Match) -> str:
                    display = m[1] is not None
                    return typeset(html.unescape(m[1] if display else m[2]), display)

                return cell[1] + _NB_MATH.sub(formula, cell[2]) + cell[3]

            output = _NB_MARKDOWN_CELL.sub(in_cell, output)
        else:
            output = _ARITHMATEX.sub(
                lambda m: typeset(html.unescape(m["tex"]), m["open"] == r"\["), output
            )
        if used != saved.get("formulas"):
            store.parent.mkdir(parents=True, exist_ok=True)
            staging = store.with_suffix(f".{os.getpid()}.tmp")  # parallel builds: write, rename
            staging.write_text(json.dumps({"options": _OPTIONS, "formulas": used}))
            staging.replace(store)
        return output

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None


# Which KaTeX font files a page's markup will ask for (by KaTeX's own class names), so they
# can be preloaded: otherwise the browser only requests them after laying out the formulas.
# Rarer faces (bold, AMS, big delimiters) load on demand: often only for off-screen math.
_FONTS_BY_MARKUP = {
    "KaTeX_Main-Regular": r'class="katex"',
    "KaTeX_Math-Italic": r"mathnormal",
}


def head_links(output: str, url_of) -> str:
    """Link KaTeX's CSS and preload its two core fonts, on pages that have math.

    `url_of(path)` gives the page-relative URL of a file under the KaTeX assets folder.
    """
    if 'class="katex' not in output:
        return output
    links = [f'<link rel="stylesheet" href="{url_of("katex.min.css")}">']
    for font, pattern in _FONTS_BY_MARKUP.items():
        if re.search(pattern, output):
            links.append(
                f'<link rel="preload" href="{url_of(f"fonts/{font}.woff2")}" as="font" '
                'type="font/woff2" crossorigin>'
            )
    return output.replace("</head>", "".join(links) + "</head>", 1)
