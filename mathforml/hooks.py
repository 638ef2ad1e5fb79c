"""MkDocs hooks for the course site (wired in mkdocs.yml under `hooks:`).

What they add to a stock MkDocs + Material build:
- lab sources in lessons_src/ become pages under labs/, with .ipynb and .py downloads;
- every page's front matter is checked against the lesson contract (mathforml/frontmatter.py)
  and lessons get an "at a glance" box built from it;
- ```python figure="alt"``` blocks become inline SVG figures (mathforml/figures.py);
- math is rendered to KaTeX HTML at build time (mathforml/katex.py): no math JavaScript ships,
  and a broken formula stops the build with its file and line; each page's typeset formulas
  are kept in .cache/math-<version>/ beside mkdocs.yml, so a warm build only typesets
  what changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path, PurePosixPath

import jupytext
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from mathforml import a11y, figures, frontmatter, katex, prebuild
from mathforml.fences import iter_fences, repl_input

LABS_SRC = "lessons_src"
LABS_URL = "labs"
KATEX_URL = "assets/katex"
CACHE = Path(__file__).resolve().parent.parent / ".cache"  # the checkout's, shared by all builds

# tests/benchmark.py turns this off to build the client-side KaTeX baseline from the same pages.
RENDER_MATH = True

_renderer: katex.Renderer | None = None
_assets: Path | None = None
_figures: dict[str, list[str]] = {}  # page src_uri -> rendered SVGs, filled before HTML
_typeset: dict[str, dict[str, str]] = {"known": {}, "used": {}}  # see _render_math_cached


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def _katex_assets() -> Path:
    global _assets
    if _assets is None:
        _assets = katex.ensure_assets(CACHE)
    return _assets


def _render(tex: str, display: bool) -> str:
    global _renderer
    key = f"{int(display)}{tex}"
    if key not in _typeset["known"]:
        if _renderer is None:
            _renderer = katex.Renderer(_katex_assets())
        _typeset["known"][key] = _renderer.render(tex, display)
    _typeset["used"][key] = _typeset["known"][key]
    return _typeset["used"][key]


def on_shutdown():
    global _renderer
    prebuild.stop()
    if _renderer is not None:
        _renderer.close()
        _renderer = None


# --- files: labs, downloads, KaTeX assets ---------------------------------------------------

@event_priority(100)  # before mkdocs-jupyter turns .py files into notebook pages
def _add_labs_and_assets(files, config):
    labs = _root(config) / LABS_SRC
    for source in sorted(labs.glob("*.py")):
        stem = source.stem
        files.append(File.generated(config, f"{LABS_URL}/{source.name}", abs_src_path=str(source)))
        notebook = jupytext.read(source)
        for n, cell in enumerate(notebook.cells, 1):
            cell.id = f"cell-{n}"  # stable ids: identical downloads from identical sources
        files.append(File.generated(config, f"{LABS_URL}/files/{stem}.ipynb",
                                    content=jupytext.writes(notebook, fmt="ipynb")))
        files.append(File.generated(config, f"{LABS_URL}/files/{source.name}",
                                    content=source.read_bytes()))
    assets = _katex_assets()
    for path in sorted(assets.rglob("*")):
        if path.is_file() and path.name != "katex.min.js":
            uri = f"{KATEX_URL}/{path.relative_to(assets).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


@event_priority(-100)  # after mkdocs-jupyter has wrapped the labs
def _point_notebooks_at_their_source(files, config):
    # mkdocs-jupyter's wrapper recomputes abs_src_path from src_dir, which a generated file
    # lacks; hand it the real path so it can read and execute the lab.
    for file in files:
        inner = getattr(file, "file", None)
        if inner is not None and inner.src_uri.startswith(f"{LABS_URL}/"):
            file.abs_src_path = inner.abs_src_path
    return files


def _figure_blocks(markdown: str):
    """(fence, alt text, number) of each ```python figure="alt"``` block, in page order."""
    n = 0
    for fence in iter_fences(markdown):
        match = _FIGURE_ATTR.search(fence.info)
        if fence.language == "python" and match:
            yield fence, match[1].strip(), n
        n += 'figure="' in fence.info


@event_priority(-110)
def _start_drawing_and_executing(files, config):
    jobs = {}
    for file in files.documentation_pages():
        if file.src_uri.endswith(".md"):
            for fence, alt, n in _figure_blocks(Path(file.abs_src_path).read_text(encoding="utf-8")):
                salt = f"{file.src_uri}#{n}"
                if alt and not figures.cache_path(fence.body, alt, salt, CACHE / "figures").exists():
                    jobs[f"figure:{salt}"] = (figures.render_svg, fence.body, alt, salt,
                                              CACHE / "figures")
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config["execute"] and jupyter.config["cache"] \
            and not jupyter.config["execute_ignore"]:
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

        options = {k: jupyter.config[k] for k in (
            "kernel_name", "theme", "allow_errors", "show_input", "no_input", "no_prompt",
            "remove_tag_config", "highlight_extra_classes", "include_requirejs",
            "custom_mathjax_url")}
        for file in files.documentation_pages():
            if file.src_uri.startswith(f"{LABS_URL}/") and file.src_uri.endswith(".py"):
                path = file.abs_src_path
                cached = _get_cache_path(jupyter.config["cache_dir"],
                                         _compute_cache_key(path, jupyter.config, True))
                if not cached.exists():
                    jobs[f"lab:{file.src_uri}"] = (prebuild.execute_lab, path,
                                                   {"execute": True, **options},
                                                   jupyter.config["toc_depth"], str(cached))
    prebuild.start(jobs)  # figures first: the pages that need them are built first
    return files


on_files = CombinedEvent(_add_labs_and_assets, _point_notebooks_at_their_source,
                         _start_drawing_and_executing)


def on_build_error(error):
    prebuild.stop()


# --- Markdown: front matter, lesson box, figures ----------------------------------------------

def _front_matter_problems(page, files) -> list[str]:
    raw = page.file.content_string
    if not raw.startswith("---\n"):
        return ["no front matter: start the file with a YAML block between two '---' lines "
                "(see CONTRIBUTING.md, 'The lesson template')"]
    block = raw[4:raw.find("\n---", 4)] if "\n---" in raw[4:] else raw[4:]
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        return [f"front matter is not valid YAML{where}: {getattr(exc, 'problem', exc)}"]
    if not isinstance(meta, dict):
        return ["front matter must be a YAML mapping of keys to values"]
    known = {f.src_uri for f in files.documentation_pages()}
    return frontmatter.problems(page.file.src_uri, meta, known)


def _title_of(src_uri: str, config) -> str:
    text = (Path(config.docs_dir) / src_uri).read_text(encoding="utf-8")
    return get_data(text)[1].get("title", src_uri)


def _lesson_box(page, config) -> str:
    meta = page.meta
    here = PurePosixPath(page.file.src_uri).parent
    needs = [f"[{_title_of(p, config)}]({os.path.relpath(p, here or '.')})"
             for p in meta["prerequisites"]]
    lines = [
        '!!! abstract "Lesson at a glance"',
        "",
        f"    :material-clock-outline: **About {meta['time']} minutes** &nbsp;·&nbsp; "
        f"**Before this:** {', '.join(needs) if needs else 'nothing but Python'}",
        "",
        "    **You will be able to:**",
        "",
        *[f"    - {objective}" for objective in meta["objectives"]],
        "",
    ]
    return "\n".join(lines) + "\n"


_SKIP = re.compile(r'^([ \t]*)<!--\s*skip:\s*next\s+"([^"]+)"\s*-->[ \t]*$', re.M)
_FIGURE_ATTR = re.compile(r'\s+figure="([^"]*)"')


def _figures_to_placeholders(markdown: str, page) -> str:
    lines = markdown.split("\n")
    svgs = []
    for fence, alt, n in reversed(list(_figure_blocks(markdown))):
        if not alt:
            raise PluginError(f"docs/{page.file.src_uri}:{fence.line}: figure=\"\" needs alt "
                              "text describing the figure for readers who cannot see it")
        prebuild.wait(f"figure:{page.file.src_uri}#{n}")
        try:
            svg = figures.render_svg(fence.body, alt, f"{page.file.src_uri}#{n}", CACHE / "figures")
        except figures.FigureError as exc:
            raise PluginError(f"docs/{page.file.src_uri}:{fence.line}: figure block failed: {exc}")
        svgs.append((n, svg, alt))
        start = fence.line - 1
        lines[start] = _FIGURE_ATTR.sub("", lines[start])
        lines.insert(fence.end_line, "")
        lines.insert(fence.end_line + 1, f"{fence.indent}MFMLFIGURE{n}")
    _figures[page.file.src_uri] = [svg for _, svg, _ in sorted(svgs)]
    page.meta["_figure_alts"] = [alt for _, _, alt in sorted(svgs)]
    return "\n".join(lines)


def on_pre_page(page, config, files):
    if not _is_lab(page):
        return page
    render = page.render  # mkdocs-jupyter's, which executes the notebook

    def render_or_explain(config, files):
        prebuild.wait(f"lab:{page.file.src_uri}")
        try:
            with prebuild.inline_plots():
                render(config, files)
        except Exception as exc:  # nbclient's CellExecutionError, or a kernel failure
            lab = f"{LABS_SRC}/{PurePosixPath(page.file.src_uri).name}"
            text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            cell = re.search(r"-{18}\n(.*?)\n-{18}", str(exc), re.S)
            where = _line_of(text, cell[1].splitlines()[0]) if cell and cell[1].strip() else ""
            last = [line for line in str(exc).strip().splitlines() if line.strip()][-1:]
            raise PluginError(f"{lab}{where}: a cell of this lab failed while executing: "
                              f"{last[0] if last else exc}. Run the lab top to bottom to fix it.")
    page.render = render_or_explain
    return page


def on_page_markdown(markdown, page, config, files):
    if _is_lab(page):
        return markdown
    # The front matter has already been split off `markdown`; the fence line numbers
    # reported for errors must count it, so work on offsets within the full file.
    problems = _front_matter_problems(page, files)
    if problems:
        raise PluginError(f"docs/{page.file.src_uri}: " + "; ".join(problems))
    offset = page.file.content_string.count("\n") - markdown.count("\n")
    padded = "\n" * offset + markdown
    padded = _figures_to_placeholders(padded, page)
    markdown = _SKIP.sub(r'\1!!! warning "The next block is not run by the tests"\n\n\1    \2\n',
                         padded[offset:])
    if frontmatter.is_lesson(page.file.src_uri):
        markdown = _lesson_box(page, config) + "\n" + markdown
    return markdown


_NB_COPY_WIDGET = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.S)
_NB_COPY_TEXT = re.compile(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*', re.S)
_NB_STREAM_SPLIT = re.compile(
    r'</pre>\s*</div>\s*</div>\s*<div class="jp-OutputArea-child">\s*'
    r'<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\s*'
    r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"[^>]*>\s*<pre>')
_NB_CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(.*?)</pre></div>', re.S)


def _slim_lab(html_text: str, page) -> str:
    """Keep the notebook's cells, drop what mkdocs-jupyter bundles around them.

    It inlines ~590 KB of JupyterLab CSS, a MathJax loader with an empty src, a Mermaid
    loader that imports from a CDN and its own copy widget. The math is already rendered, we
    ship a small stylesheet for cells, and Material's copy button serves code cells once they
    are marked up as Material code blocks.
    """
    start = html_text.find('<div class="jupyter-wrapper">')
    if start < 0:
        raise PluginError(f"{page.file.src_uri}: mkdocs-jupyter output changed; update _slim_lab")
    body = _NB_COPY_TEXT.sub("", _NB_COPY_WIDGET.sub("", html_text[start:]))
    body = _NB_CODE.sub(r'<div class="language-python highlight"><pre><code>\1</code></pre></div>', body)
    # jupytext gives cells random ids on every read; number them so builds are reproducible.
    for n, cell_id in enumerate(dict.fromkeys(re.findall(r"cell-id=([\w-]+)", body)), 1):
        body = body.replace(f"cell-id={cell_id}", f"cell-{n}")
    # The kernel splits printed text into chunks as timing dictates; one block per run of
    # printed lines makes the page the same on every build.
    body = _NB_STREAM_SPLIT.sub("", body)
    body = "".join(_alt_text_for_plots(chunk, page)
                   for chunk in re.split(r'(?=<div class="jp-Cell )', body))
    stem = PurePosixPath(page.file.src_uri).stem
    link = lambda name: get_relative_url(f"{LABS_URL}/files/{name}", page.url)  # noqa: E731
    downloads = (
        '<p class="mfml-downloads">'
        f'<a class="md-button md-button--primary" href="{link(stem + ".ipynb")}" download>'
        "Download .ipynb</a> "
        f'<a class="md-button md-button--primary" href="{link(stem + ".py")}" download>Download .py (Jupytext)</a></p>'
    )
    return downloads + body


_FIGURE_COMMENT = re.compile(r"^#\s*Figure:\s*(.+)$", re.M)


def _alt_text_for_plots(cell: str, page) -> str:
    """Give a lab cell's plot the alt text from its `# Figure: ...` comment."""
    code = html.unescape(re.sub(r"<[^>]+>", "", cell))
    alt = _FIGURE_COMMENT.search(code)
    if "<img " not in cell:
        if alt:
            raise PluginError(
                f"{LABS_SRC}/{PurePosixPath(page.file.src_uri).name}: the cell '# Figure: "
                f"{alt[1].strip()[:40]}...' showed no plot: draw the figure in that cell and "
                "end it with plt.show() (a stale .cache/mkdocs-jupyter entry can also cause "
                "this: delete it)")
        return cell
    cell = cell.replace('alt="No description has been provided for this image" ', "")  # nbconvert's
    if not alt:
        raise PluginError(
            f"{LABS_SRC}/{PurePosixPath(page.file.src_uri).name}: a cell draws a figure but has no "
            "alt text; start the cell with a comment '# Figure: what the plot shows'")
    return re.sub(r"<img (?![^>]*\balt=)", f'<img alt="{html.escape(alt[1].strip())}" ', cell)


_CODE_BLOCK = re.compile(r'(<div class="language-[\w-]+ highlight")')


def on_page_content(html_text, page, config, files):
    if _is_lab(page):
        html_text = _slim_lab(html_text, page)
    else:
        alts = page.meta.pop("_figure_alts", [])
        for n, alt in enumerate(alts):
            html_text = html_text.replace(
                f"<p>MFMLFIGURE{n}</p>",
                f'<figure class="mfml-figure" data-figure="{n}"><figcaption>{html.escape(alt)}'
                "</figcaption></figure>",
            )
    # Code is most of the text of a lesson; indexing it tripled the search index that every
    # first visit downloads, for matches nobody searches for. Prose and inline code stay.
    # Formulas' TeX source reads as noise in search results; KaTeX renders them after indexing.
    html_text = html_text.replace('class="arithmatex">', 'class="arithmatex" data-search-exclude>')
    html_text = _CODE_BLOCK.sub(r"\1 data-search-exclude", html_text)
    # Material's search plugin parses each page's HTML next, and tokenising highlighted code it
    # then excludes was a third of a warm build; the blocks wait aside until on_post_page.
    stash = _code_blocks[page.file.src_uri] = []

    def set_aside(match):
        stash.append(match[0])
        return _code_placeholder(len(stash) - 1)

    return _WHOLE_CODE_BLOCK.sub(set_aside, html_text)


_code_blocks: dict[str, list[str]] = {}
_WHOLE_CODE_BLOCK = re.compile(r'<div class="language-[\w-]+ highlight"[^>]*>.*?</pre></div>', re.S)


def _code_placeholder(n: int) -> str:
    return f'<div data-mfml-code="{n}"></div>'


# --- HTML: math, figures, lab page extras -------------------------------------------------------

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex"(?: data-search-exclude)?>(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])</(?P=tag)>',
    re.S,
)
_NB_MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_NB_MATH = re.compile(r"\$\$(.+?)\$\$|\$(?!\s)([^$\n]+?)(?<!\s)\$", re.S)


def _line_of(source: str, tex: str) -> str:
    index = source.find(tex)
    return f":{source.count(chr(10), 0, index) + 1}" if index >= 0 else ""


def _math_error(page, tex, exc):
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    where = ("docs/" + page.file.src_uri if not page.file.src_uri.startswith(LABS_URL)
             else f"{LABS_SRC}/{PurePosixPath(page.file.src_uri).name}")
    return PluginError(f"{where}{_line_of(source, tex)}: broken LaTeX in ${tex}$: {exc}")


def _render_markdown_math(output, page, config):
    def replace(m):
        tex = html.unescape(m["tex"])
        try:
            return _render(tex, m["open"] == r"\[")
        except katex.KatexError as exc:
            raise _math_error(page, tex, exc)
    return _ARITHMATEX.sub(replace, output)


def _render_notebook_math(output, page, config):
    def in_cell(cell):
        def replace(m):
            display = m[1] is not None
            tex = html.unescape(m[1] if display else m[2])
            try:
                rendered = _render(tex, display)
            except katex.KatexError as exc:
                raise _math_error(page, tex, exc)
            return rendered
        return cell[1] + _NB_MATH.sub(replace, cell[2]) + cell[3]
    return _NB_MARKDOWN_CELL.sub(in_cell, output)


def _is_lab(page) -> bool:
    return page.file.src_uri.startswith(f"{LABS_URL}/") and page.file.src_uri.endswith(".py")


# Which KaTeX font files a page's markup will ask for (by KaTeX's own class names), so they
# can be preloaded: otherwise the browser only requests them after laying out the formulas.
_FONTS_BY_MARKUP = {
    "KaTeX_Main-Regular": r'class="katex"',
    "KaTeX_Math-Italic": r"mathnormal",
}  # Rarer faces (bold, AMS, big delimiters) load on demand: often only for off-screen math.


def _head_links(page, output: str) -> str:
    if 'class="katex' not in output:
        return output
    url = lambda path: get_relative_url(f"{KATEX_URL}/{path}", page.url or ".")  # noqa: E731
    links = [f'<link rel="stylesheet" href="{url("katex.min.css")}">']
    for font, pattern in _FONTS_BY_MARKUP.items():
        if re.search(pattern, output):
            links.append(f'<link rel="preload" href="{url(f"fonts/{font}.woff2")}" as="font" '
                         'type="font/woff2" crossorigin>')
    return output.replace("</head>", "".join(links) + "</head>", 1)


_PYCON = re.compile(r'<div class="language-pycon highlight"((?: data-search-exclude)?)>(<pre>.*?</pre>)',
                    re.S)


def _copy_without_prompts(output: str) -> str:
    # Material copies an ancestor's data-copy attribute when there is one, so a transcript's
    # copy button yields only its input lines, ready to paste into a REPL.
    def add(m):
        text = html.unescape(re.sub(r"<[^>]+>", "", m[2]))
        copy = html.escape(repl_input(text).rstrip("\n"), quote=True).replace("\n", "&#10;")
        return f'<div class="language-pycon highlight"{m[1]} data-copy="{copy}">{m[2]}'
    return _PYCON.sub(add, output)


def _render_math_cached(output, page, config):
    # Typesetting costs about 2 ms a formula (11 s for the course), most of a warm build, so
    # each page keeps the formulas of its last build: one file per page, beside the site's
    # mkdocs.yml (a test's site in a temporary folder takes its cache with it), holding only
    # the formulas still on the page, so the cache never outgrows the site.
    name = hashlib.sha256(f"{config.config_file_path}:{page.file.src_uri}".encode()).hexdigest()
    store = _root(config) / ".cache" / f"math-{katex.VERSION}" / f"{name[:32]}.json"
    options = hashlib.sha256(Path(katex.__file__).read_bytes()).hexdigest()  # how we call KaTeX
    try:
        saved = json.loads(store.read_text())
    except (FileNotFoundError, ValueError):
        saved = {}
    known = saved.get("formulas", {}) if saved.get("options") == options else {}
    _typeset["known"], _typeset["used"] = dict(known), {}
    render = _render_notebook_math if _is_lab(page) else _render_markdown_math
    output = render(output, page, config)
    if _typeset["used"] != known:
        store.parent.mkdir(parents=True, exist_ok=True)
        staging = store.with_suffix(f".{os.getpid()}.tmp")  # parallel builds: write, then rename
        staging.write_text(json.dumps({"options": options, "formulas": _typeset["used"]}))
        staging.replace(store)
    return output


def on_post_page(output, page, config):
    for n, block in enumerate(_code_blocks.pop(page.file.src_uri, [])):
        output = output.replace(_code_placeholder(n), block, 1)
    output = _copy_without_prompts(output)
    if RENDER_MATH:
        output = _render_math_cached(output, page, config)
    for n, svg in enumerate(_figures.pop(page.file.src_uri, [])):
        output = output.replace(f'data-figure="{n}">', f'data-figure="{n}">{svg}', 1)
    return a11y.fix(_head_links(page, output))
