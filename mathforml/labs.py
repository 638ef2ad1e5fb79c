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

URL = "labs"  # where lab pages and their downloads live in the site


class LabError(RuntimeError):
    """A lab failed to execute; the message names the file and line."""


def downloadable(source: Path) -> str:
    """The lab as a notebook without outputs, with cell ids that do not change between builds."""
    notebook = jupytext.read(source)
    for n, cell in enumerate(notebook.cells, 1):
        cell.id = f"cell-{n}"
    return jupytext.writes(notebook, fmt="ipynb")


def executed_path(source: Path, cache: Path) -> Path:
    """Where the executed notebook is kept: named by the lab and by what decides its outputs."""
    import matplotlib
    import numpy

    recipe = b"\0".join(
        [
            source.read_bytes(),
            Path(__file__).read_bytes(),
            numpy.__version__.encode(),
            matplotlib.__version__.encode(),
        ]
    )
    return (
        cache / f"{source.stem}-{hashlib.sha256(recipe).hexdigest()[:16]}" / f"{source.stem}.ipynb"
    )


def execute(source: str, target: str, display: str, timeout: int) -> None:
    """Run the lab top to bottom in a fresh kernel and write the notebook with its outputs.

    The kernel works in an empty scratch folder (files the lab writes are thrown away), talks
    to us over local sockets rather than TCP, and may spend `timeout` seconds on a cell.
    """
    notebook = jupytext.read(source)
    running = [0]  # the cell being executed, for error messages
    # The kernel inherits the environment; with MPLBACKEND=Agg (as tests and headless servers
    # often set) plt.show() draws nothing and the page silently loses its figures.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with (
        tempfile.TemporaryDirectory(prefix="mathforml-lab-") as scratch,
        tempfile.TemporaryDirectory(prefix="mathforml-kernel-") as sockets,
    ):
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(sockets, "kernel")
        client = NotebookClient(
            notebook,
            kernel_name="python3",
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
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    staging = Path(target).with_suffix(f".{os.getpid()}.tmp")
    nbformat.write(notebook, staging)
    staging.replace(target)  # atomic: a build never reads half a notebook


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
    body = "".join(
        _plot_alt_text(cell, display) for cell in re.split(r'(?=<div class="jp-Cell )', body)
    )
    buttons = " ".join(
        f'<a class="md-button md-button--primary" href="{url}" download>{label}</a>'
        for label, url in downloads.items()
    )
    return f'<p class="mfml-downloads">{buttons}</p>' + body


def _plot_alt_text(cell: str, display: str) -> str:
    """Give a cell's plot the alt text from its `# Figure: ...` comment."""
    code = html.unescape(re.sub(r"<[^>]+>", "", cell))
    alt = _FIGURE_COMMENT.search(code)
    if "<img " not in cell:
        if alt:
            raise LabError(
                f"{display}: the cell '# Figure: {alt[1].strip()[:40]}...' showed no "
                "plot: draw the figure in that cell and end it with plt.show()"
            )
        return cell
    cell = cell.replace('alt="No description has been provided for this image" ', "")  # nbconvert's
    if not alt:
        raise LabError(
            f"{display}: a cell draws a figure but has no alt text; start the cell "
            "with a comment '# Figure: what the plot shows'"
        )
    return re.sub(r"<img (?![^>]*\balt=)", f'<img alt="{html.escape(alt[1].strip())}" ', cell)
