"""Every page, copied block by block into a plain `python` REPL, is read as the page means.

code.InteractiveConsole compiles input line by line exactly like the interactive prompt, so
it rejects what a real paste would: a blank line inside a function body, or a new statement
straight after an indented block.

Nothing is run here. The examples' run (docs/conftest.py) executes each page's blocks in one
namespace, top to bottom, as a reader's session does, and the only code it runs that a reader
does not, the invisible guards, is held to leaving that session alone (mathforml/guards.py:
no name visible code uses is bound or changed, no random generator drawn from). Running every
page a second time without its guards took 38 of the suite's worker-seconds and caught
nothing those two do not.
"""

import code
import sys

import pytest

from helpers import PAGES, copied_text, rel
from mathforml.fences import EXECUTED, iter_fences


class PastingConsole(code.InteractiveConsole):
    """The interactive prompt's reading of input, without running what it reads."""

    def __init__(self):
        super().__init__({"__name__": "__main__"})
        self.errors = []

    def runcode(self, code):
        pass

    def showsyntaxerror(self, filename=None, **kwargs):
        self.errors.append(f"{sys.exc_info()[0].__name__}: {sys.exc_info()[1]}")


def replay(page):
    console = PastingConsole()
    for fence in iter_fences(page.read_text()):
        if fence.language not in EXECUTED:
            continue
        for line in copied_text(fence.language, fence.body).splitlines():
            console.push(line)
            if console.errors:
                return f"{rel(page)}:{fence.line}: pasting `{line}` gave {console.errors[-1]}"
        console.push("")  # the reader presses Enter after pasting a block
    return None


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_page_pastes_into_a_plain_repl(page):
    assert replay(page) is None


def test_replay_catches_a_blank_line_inside_a_function(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\ndef f(x):\n    y = x + 1\n\n    return y\n```\n")
    assert "IndentationError" in replay(page)


def test_replay_catches_a_statement_glued_to_a_block(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> for i in range(2):\n...     i\n0\n1\n>>> x = 1\n```\n")
    assert "SyntaxError" in replay(page)
