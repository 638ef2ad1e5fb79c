"""Labs: Jupytext scripts in lessons_src/ become executed notebook pages with downloads.

For each lab `lessons_src/NAME.py` the site gets:
- `labs/files/NAME.ipynb` and `labs/files/NAME.py`, the learner's downloads (no outputs);
- `labs/NAME.ipynb`, the page: the lab executed with nbclient into `.cache/labs/`, which
  mkdocs-jupyter renders (its `execute` option stays off: there is one way labs run, here,
  for builds and tests alike);
- on the page, only the notebook's cells: `page_html` drops the CSS and scripts that
  mkdocs-jupyter bundles around them and adds the download buttons.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import os
import re
import tempfile
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from traitlets.config import Config

from mathforml import data, figures, pool

URL = "labs"  # where lab pages and their downloads live in the site


# Plots as SVG in the page's palette, like lesson figures, where that is lighter than PNG.
# Run at the kernel's start, so the notebook readers download is untouched.
_KERNEL_SETUP = [
    f"--IPKernelApp.exec_lines={line}"
    for line in (
        "%config InlineBackend.figure_formats = ['svg', 'png']",
        "%config InlineBackend.print_figure_kwargs = "
        "{'bbox_inches': 'tight', 'metadata': {'Date': None}}",
        f"%config InlineBackend.rc = {dict(figures.STYLE, **{'svg.hashsalt': 'lab'})!r}",
    )
]


PLOT = re.compile(r'<svg role="img".*?</svg>', re.S)  # a lab plot on the finished page


class LabError(RuntimeError):
    """A lab failed to execute; the message names the file and line."""


def downloadable(source: Path) -> str:
    """The lab as a notebook without outputs, with cell ids that do not change between builds."""
    notebook = jupytext.read(source)
    for n, cell in enumerate(notebook.cells, 1):
        cell.id = f"cell-{n}"
    return jupytext.writes(notebook, fmt="ipynb")


def executed_path(source: Path, cache: Path, docs: Path | None = None) -> Path:
    """Where the executed notebook is kept: named by the lab and by what decides its outputs
    (its source, this module and mathforml/figures.py, whose style and marker limit shape its
    plots, NumPy's and matplotlib's versions, the data files it may read)."""
    import matplotlib
    import numpy

    recipe = b"\0".join(
        [
            source.read_bytes(),
            Path(__file__).read_bytes(),
            Path(figures.__file__).read_bytes(),
            numpy.__version__.encode(),
            matplotlib.__version__.encode(),
            data.fingerprint(docs).encode(),
        ]
    )
    return (
        cache / f"{source.stem}-{hashlib.sha256(recipe).hexdigest()[:16]}" / f"{source.stem}.ipynb"
    )


def execute(source: str, target: str, display: str, timeout: int, docs: str | None = None) -> None:
    """Run the lab top to bottom in a fresh kernel and write the notebook with its outputs.

    The kernel works in a scratch folder holding only the course's data files (mathforml.data,
    from `docs`; files the lab writes are thrown away), talks
    to us over local sockets rather than TCP, and may spend `timeout` seconds on a cell.
    """
    notebook = jupytext.read(source)
    running = [0]  # the cell being executed, for error messages
    # The kernel inherits the environment; with MPLBACKEND=Agg (as tests and headless servers
    # often set) plt.show() draws nothing and the page silently loses its figures.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env = {**pool.ONE_THREAD, **env}  # one BLAS thread per kernel, as in the pool (pool.py)
    with (
        tempfile.TemporaryDirectory(prefix="mathforml-lab-") as scratch,
        tempfile.TemporaryDirectory(prefix="mathforml-kernel-") as sockets,
    ):
        data.copy_into(Path(scratch), Path(docs) if docs else None)
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(sockets, "kernel")
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            extra_arguments=_KERNEL_SETUP,
            timeout=timeout,
            allow_errors=False,
            record_timing=False,
            config=config,
            on_cell_execute=lambda cell, cell_index: running.__setitem__(0, cell_index),
        )
        try:
            client.execute(env=env, cwd=scratch)
        except CellTimeoutError:
            where = f"{display}{_line(source, notebook, running[0])}"
            raise LabError(
                f"{where}: a cell ran longer than {timeout} s; make it faster or split it "
                "(the plugin's time_limit)"
            ) from None
        except CellExecutionError as exc:
            where = f"{display}{_line(source, notebook, running[0])}"
            raise LabError(
                f"{where}: a cell of this lab failed while executing: {exc.ename}: "
                f"{exc.evalue}. Run the lab top to bottom to fix it."
            ) from None
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            _keep_the_lighter_image(output.get("data", {}))
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    staging = Path(target).with_suffix(f".{os.getpid()}.tmp")
    nbformat.write(notebook, staging)
    staging.replace(target)  # atomic: a build never reads half a notebook


def _keep_the_lighter_image(data: dict) -> None:
    """Of a plot's SVG and PNG, keep the one that weighs less on the page (gzip-served).

    SVG takes the page's colours and is usually far lighter; a plot of many thousands of
    shapes (a filled contour map) can be lighter as pixels, and one of many markers is slow
    to lay out as SVG (figures.MARKER_LIMIT), so it is kept as pixels too.
    """
    if "image/svg+xml" in data and "image/png" in data:
        svg = len(gzip.compress(data["image/svg+xml"].encode()))
        png = len(gzip.compress(data["image/png"].encode()))
        slow = figures.markers(data["image/svg+xml"]) > figures.MARKER_LIMIT
        del data["image/png" if svg <= png and not slow else "image/svg+xml"]


def _line(source: str, notebook, index: int) -> str:
    """':N', the line of the lab script where cell `index` starts (its first code line)."""
    first = next((line for line in notebook.cells[index].source.splitlines() if line.strip()), "")
    text = Path(source).read_text(encoding="utf-8")
    at = text.find(first) if first else -1
    return f":{text.count(chr(10), 0, at) + 1}" if at >= 0 else ""


# --- the page -------------------------------------------------------------------------------

_COPY_WIDGET = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.S
)
_COPY_TEXT = re.compile(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*', re.S)
_STREAM_SPLIT = re.compile(
    r'</pre>\s*</div>\s*</div>\s*<div class="jp-OutputArea-child">\s*'
    r'<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\s*'
    r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"[^>]*>\s*<pre>'
)
_CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(.*?)</pre></div>', re.S)
_FIGURE_COMMENT = re.compile(r"^#\s*Figure:\s*(.+)$", re.M)
# nbconvert shows an SVG output as an <img> with a data: URL; inline, it can take the
# page's colours and its text stays text.
_SVG_OUTPUT = re.compile(
    r'<div class="jp-RenderedSVG[^"]*"[^>]*>\s*'
    r'(<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"[^>]*>)'
)
_PNG_OUTPUT = re.compile(r'<div class="jp-RenderedImage[^"]*"[^>]*>\s*(<img [^>]*>)')
# What mkdocs-jupyter appends to a notebook read from .ipynb: JupyterLab's CSS again.
_APPENDED_CSS = re.compile(r"\n {8}<style>\n.*\n {8}</style>\n {8}$", re.S)


def page_html(content: str, display: str, downloads: dict[str, str]) -> str:
    """Keep the notebook's cells, drop what mkdocs-jupyter bundles around them.

    It inlines ~590 KB of JupyterLab CSS, a MathJax loader with an empty src, a Mermaid
    loader that imports from a CDN and its own copy widget. The math is typeset at build
    time, course.css styles the cells, and Material's copy button serves code cells once they
    are marked up as Material code blocks. `downloads` maps button labels to URLs.
    """
    start = content.find('<div class="jupyter-wrapper">')
    if start < 0:
        raise LabError(f"{display}: mkdocs-jupyter's output changed; update mathforml/labs.py")
    body = _COPY_TEXT.sub("", _COPY_WIDGET.sub("", _APPENDED_CSS.sub("", content[start:])))
    body = _CODE.sub(
        r'<div class="language-python highlight"><pre><code>\1</code></pre></div>', body
    )
    # nbconvert numbers cells by their random ids; number them in order so builds are stable.
    for n, cell_id in enumerate(dict.fromkeys(re.findall(r"cell-id=([\w-]+)", body)), 1):
        body = body.replace(f"cell-id={cell_id}", f"cell-{n}")
    # The kernel splits printed text into chunks as timing dictates; one block per run of
    # printed lines makes the page the same on every build.
    body = _STREAM_SPLIT.sub("", body)
    cells = re.split(r'(?=<div class="jp-Cell )', body)
    body = "".join(_finish_plot(cell, display, n) for n, cell in enumerate(cells))
    buttons = " ".join(
        f'<a class="md-button md-button--primary" href="{url}" download>{label}</a>'
        for label, url in downloads.items()
    )
    return f'<p class="mfml-downloads">{buttons}</p>' + body


def _finish_plot(cell: str, display: str, number: int) -> str:
    """Finish a cell's plot as a lesson figure is, named by its `# Figure: ...` comment."""
    plot = _SVG_OUTPUT.search(cell) or _PNG_OUTPUT.search(cell)
    code = html.unescape(re.sub(r"<[^>]+>", "", cell[: plot.start()] if plot else cell))
    alt = _FIGURE_COMMENT.search(code)
    if not plot:
        if alt:
            raise LabError(
                f"{display}: the cell '# Figure: {alt[1].strip()[:40]}...' showed no "
                "plot: draw the figure in that cell and end it with plt.show()"
            )
        return cell
    if not alt:
        raise LabError(
            f"{display}: a cell draws a figure but has no alt text; start the cell "
            "with a comment '# Figure: what the plot shows'"
        )
    if plot.re is _PNG_OUTPUT:  # drawn in the light palette: shown on a light background
        label = html.escape(alt[1].strip())
        image = re.sub(r'\s(?:alt|class)="[^"]*"', "", plot[1])  # nbconvert's placeholders
        image = image.replace("<img ", f'<img alt="{label}" class="mfml-raster" ', 1)
        return cell[: plot.start(1)] + image + cell[plot.end(1) :]
    svg = base64.b64decode(plot[2]).decode("utf-8")
    # Every lab figure's ids share one salt: make them unique on the page.
    svg = re.sub(r'(\bid="|url\(#|href="#)([\w.-]+)', rf"\1\2-f{number}", svg)
    return cell[: plot.start(1)] + figures.finish_svg(svg, alt[1].strip()) + cell[plot.end(1) :]
