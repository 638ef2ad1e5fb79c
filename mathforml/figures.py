"""Turn a ```python figure="alt text"``` block into an inline SVG at build time.

The block is shown to the reader as ordinary code (the tests run it in the page's namespace
like any other block) and is also run here, on its own, to draw the figure. Text, axes and
ticks are drawn in a placeholder colour that becomes `currentColor`, so the figure follows
the page's light or dark palette. In the Markdown, a marker paragraph below the block says
where the figure goes (`with_markers`); `element` is the HTML that replaces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import signal
import tempfile
import threading
import warnings
from dataclasses import dataclass
from html import escape
from pathlib import Path

from mathforml import data
from mathforml.fences import Fence, iter_fences

_INK = "#010203"  # placeholder colour, swapped for currentColor after rendering
STYLE = {
    "svg.fonttype": "none",  # real <text>: crisp, selectable, takes the page's colour
    "font.family": "sans-serif",
    "font.size": 11,
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "axes.edgecolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "grid.color": _INK,
    "grid.alpha": 0.15,
    "legend.edgecolor": _INK,
    "legend.framealpha": 0,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.transparent": True,
}


_NUMPY_PRINT = dict(
    precision=8,
    threshold=1000,
    edgeitems=3,
    linewidth=75,
    suppress=False,
    nanstr="nan",
    infstr="inf",
    sign="-",
    floatmode="maxprec",
    legacy=False,
)


class FigureError(RuntimeError):
    pass


_ATTR = re.compile(r'\s+figure="([^"]*)"')


@dataclass
class FigureBlock:
    fence: Fence
    alt: str
    number: int  # its place among the page's figures, from 0

    def salt(self, src_uri: str) -> str:
        """What makes the SVG's ids unique on the site (and the same on every build)."""
        return f"{src_uri}#{self.number}"


def blocks(markdown: str) -> list[FigureBlock]:
    """Each ```python figure="alt"``` block, in page order."""
    found, n = [], 0
    for fence in iter_fences(markdown):
        match = _ATTR.search(fence.info)
        if fence.language == "python" and match:
            found.append(FigureBlock(fence, match[1].strip(), n))
        n += 'figure="' in fence.info
    return found


def marker(n: int) -> str:
    return f"MFMLFIGURE{n}"


def with_markers(markdown: str, figure_blocks: list[FigureBlock]) -> str:
    """Drop the figure attribute from each block's fence and put a marker paragraph after it."""
    lines = markdown.split("\n")
    for block in reversed(figure_blocks):
        fence = block.fence
        lines[fence.line - 1] = _ATTR.sub("", lines[fence.line - 1])
        lines[fence.end_line : fence.end_line] = ["", f"{fence.indent}{marker(block.number)}"]
    return "\n".join(lines)


def element(n: int, alt: str, svg: str) -> str:
    """The HTML for figure `n`, in place of its marker paragraph."""
    return (
        f'<figure class="mfml-figure" data-figure="{n}">{svg}'
        f"<figcaption>{escape(alt)}</figcaption></figure>"
    )


def render_svg(
    code: str,
    alt: str,
    salt: str,
    cache: Path | None = None,
    time_limit: int | None = None,
    docs: Path | None = None,
) -> str:
    """The inline SVG for a figure block, from `cache` when the same block was drawn before.

    The block runs in a scratch folder holding only the course's data files (mathforml.data,
    from `docs`; files it writes are thrown away) and, in a main thread, for at most
    `time_limit` seconds.
    """
    if cache is None:
        return _draw(code, alt, salt, time_limit, docs)
    path = cache_path(code, alt, salt, cache, docs)
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg = _draw(code, alt, salt, time_limit, docs)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(svg, encoding="utf-8")
    partial.replace(path)  # atomic: parallel builds never read half a file
    return svg


def cache_path(code: str, alt: str, salt: str, cache: Path, docs: Path | None = None) -> Path:
    """Where the figure is kept: named by everything that decides how it looks."""
    import matplotlib

    recipe = "\0".join(
        [
            code,
            alt,
            salt,
            matplotlib.__version__,
            Path(__file__).read_text(),
            data.fingerprint(docs),
        ]
    )
    return cache / f"{hashlib.sha256(recipe.encode()).hexdigest()}.svg"


@contextlib.contextmanager
def _limited(seconds: int | None):
    """Raise TimeoutError in this thread after `seconds` (a main thread only: signals)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"the block ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _draw(
    code: str, alt: str, salt: str, time_limit: int | None = None, docs: Path | None = None
) -> str:
    """Run `code` in a fresh namespace and return its current figure as inline SVG markup."""
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")
    # From matplotlib's and NumPy's defaults, whatever the process set before (the SVG's ids
    # hash numbers as NumPy prints them), so the same block draws the same SVG in any process;
    # a block's own changes end with it.
    with matplotlib.rc_context(), np.printoptions(**_NUMPY_PRINT), warnings.catch_warnings():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update({**STYLE, "svg.hashsalt": salt})
        warnings.simplefilter("error")  # a warning in a figure block fails the build, as in tests
        warnings.filterwarnings("ignore", "FigureCanvasAgg is non-interactive")
        try:
            with (
                tempfile.TemporaryDirectory() as scratch,
                contextlib.chdir(scratch),
                _limited(time_limit),
            ):
                data.copy_into(Path(scratch), docs)
                exec(compile(code, "<figure block>", "exec"), {"__name__": "__figure__"})
        except TimeoutError as exc:
            raise FigureError(f"{exc}; make it faster (the plugin's time_limit)") from None
        except Exception as exc:
            raise FigureError(
                f"{type(exc).__name__}: {exc} (figure blocks are also run on their own "
                "at build time, so they must define everything they use)"
            ) from exc
        if not plt.get_fignums():
            raise FigureError("the block drew no figure (end it with plt.show())")
        buffer = io.StringIO()
        plt.gcf().savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close("all")
    if (n := markers(buffer.getvalue())) > MARKER_LIMIT:
        raise FigureError(
            f"it draws {n} markers as separate SVG shapes, more than {MARKER_LIMIT}, which "
            "makes the page take seconds to load; pass rasterized=True to the call that "
            "draws the many points (they become one image; axes and text stay sharp), or "
            "draw fewer"
        )
    return finish_svg(buffer.getvalue(), alt)


# Matplotlib draws each marker of a scatter or a marked line as an SVG <use> element, and
# Chromium restyles every <use> on each of the dozen style updates a page goes through as it
# loads. A figure of 3,042 markers held a phone-sized page at 5-7 s before its load event on
# this project's machine (0.4 s without the figure; the same markers as plain <path>s, 0.8 s).
# 944 markers (linear-algebra/whitening) still cost 0.6-1 s, 532 (algorithms/kmeans) 0.2 s.
# Past this many, the points should be pixels: `rasterized=True` on the call that draws them.
MARKER_LIMIT = 500


def markers(svg: str) -> int:
    """How many markers (<use> elements) a matplotlib SVG draws."""
    return svg.count("<use ")


def finish_svg(svg: str, alt: str) -> str:
    """Matplotlib's SVG file as markup for a page: palette colours, scalable, named."""
    svg = svg[svg.index("<svg") :]
    svg = svg.replace(_INK, "currentColor")
    # Size by the viewBox so the figure scales down on a phone instead of overflowing.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    label = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
