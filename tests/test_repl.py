"""Every page, copied block by block into a plain `python` REPL, runs without an error.

code.InteractiveConsole compiles input line by line exactly like the interactive prompt, so
it rejects what a real paste would: a blank line inside a function body, or a new statement
straight after an indented block.
"""

import code
import contextlib
import io

import pytest

from helpers import DOCS, PAGES, copied_text, rel
from mathforml import data
from mathforml.fences import EXECUTED, iter_fences


class RecordingConsole(code.InteractiveConsole):
    def __init__(self):
        super().__init__({"__name__": "__main__"})
        self.errors = []

    def showtraceback(self):
        self.errors.append(self._last())

    def showsyntaxerror(self, filename=None, **kwargs):
        self.errors.append(self._last())

    @staticmethod
    def _last():
        import sys

        return f"{sys.exc_info()[0].__name__}: {sys.exc_info()[1]}"


def replay(page):
    console = RecordingConsole()
    import matplotlib

    matplotlib.use("Agg")  # not MPLBACKEND: the environment would reach lab kernels too
    import matplotlib.pyplot as plt

    plt.close("all")  # each page is a fresh REPL; figures from earlier pages must not pile up
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for fence in iter_fences(page.read_text()):
            if fence.language not in EXECUTED:
                continue
            for line in copied_text(fence.language, fence.body).splitlines():
                before = len(console.errors)
                console.push(line)
                if len(console.errors) > before:
                    return f"{rel(page)}:{fence.line}: pasting `{line}` gave {console.errors[-1]}"
            console.push("")  # the reader presses Enter after pasting a block
    return None


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_page_pastes_into_a_plain_repl(page, tmp_path, monkeypatch):
    data.copy_into(tmp_path, DOCS)  # the files a reader downloads next to their script
    monkeypatch.chdir(tmp_path)  # a reader's session may save files: not into the checkout
    assert replay(page) is None


def test_replay_catches_a_blank_line_inside_a_function(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\ndef f(x):\n    y = x + 1\n\n    return y\n```\n")
    assert "IndentationError" in replay(page)


def test_replay_catches_a_statement_glued_to_a_block(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> for i in range(2):\n...     i\n0\n1\n>>> x = 1\n```\n")
    assert "SyntaxError" in replay(page)
