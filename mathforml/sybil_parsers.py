"""A Sybil parser that runs every Python fence, not only those tagged exactly `python`.

Stock Sybil (`sybil.parsers.markdown.PythonCodeBlockParser`) collects a fence only when its info
string is exactly `python`, so ```python title="x"``` or ```pycon``` would silently never run.
Here the first word of the info string decides. Built only from Sybil's documented API: see
"Developing your own parsers" and the API reference at https://sybil.readthedocs.io.
"""

import re
from collections.abc import Iterable

from sybil import Document, Lexeme, Region
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, FencedCodeBlockLexer

from mathforml.examples import DoctestBlock, DoctestEvaluator, TimeLimited
from mathforml.fences import EXECUTED
from mathforml.guards import Guard

# The info string (what follows ``` on the opening line) whose first word is python, py or pycon,
# in any case. Braces and the string's first dot count as blanks, so `{.python .extra}` and
# `python.x` are Python, while `pythonic`, `py3`, `ipython`, `python,x` or `{.text .python}` are
# not. Blanks never include the newline: a bare ``` fence is never Python.
BLANK = r"(?:\{|[^\S\n])"
NAME = "(?i:" + "|".join(re.escape(name) for name in sorted(EXECUTED)) + ")"
PYTHON_INFO = (
    rf"{BLANK}*"
    rf"(?:\.{BLANK}*{NAME}(?=[\s{{])"  # `.python`: the first dot is before the name...
    rf"|{NAME}(?=[\s{{.]))"  # ...or after it (`python.x`), or there is none
    r".*"  # the rest of the line: title="...", linenums="1", figure="..."
)


class PythonFenceParser:
    """Sybil parser for `python`, `py` and `pycon` fences, with or without attributes.

    A block whose code starts with `>>>` is a doctest: one Sybil example for the whole block,
    whose prompts run in order, each known by its own line of the page (also in a block indented
    inside an admonition or a tab), and the first that fails is reported at its line. (One
    example per prompt made 1,900 more pytest items, each with its own setup, report and
    message to pytest-xdist's controller: a tenth of the snippets' run.) Any other block is
    executed in the page's namespace, as `sybil.parsers.markdown.PythonCodeBlockParser` does.
    Each block runs under the time limit (mathforml.examples.TimeLimited); doctest outputs are
    compared by mathforml.examples.DoctestEvaluator (floats rounded to the digits written).
    `<!-- invisible-code-block: python -->` comments (guards) are collected too, like Sybil's own
    parser does, and each fails if it moves a random generator of the page
    (mathforml.guards.Guard).
    """

    def __init__(self, doctest_optionflags: int = 0) -> None:
        self.lexers = [
            (FencedCodeBlockLexer(language=PYTHON_INFO), False),
            (
                DirectiveInHTMLCommentLexer(
                    directive=r"(invisible-)?code(-block)?", arguments=PYTHON_INFO
                ),
                True,  # invisible: a guard, which must leave the page's generators alone
            ),
        ]
        self.python_evaluator = TimeLimited(PythonEvaluator(), "block")
        self.guard_evaluator = TimeLimited(Guard(PythonEvaluator()), "block")
        self.doctest_parser = DocTestStringParser()  # used for its examples, not its evaluator
        self.doctest_evaluator = TimeLimited(DoctestEvaluator(doctest_optionflags), "block")

    def __call__(self, document: Document) -> Iterable[Region]:
        for lexer, invisible in self.lexers:
            for block in lexer(document):
                source = block.lexemes["source"]
                if source.startswith(">>>"):
                    place = PagePositions(document, block, source)
                    prompts = [
                        # the page's line of each prompt, not its line in the block's code
                        (example.parsed, document.text.count("\n", 0, place(example.start)) + 1)
                        for example in self.doctest_parser(source, document.path)
                    ]
                    block.parsed = DoctestBlock(prompts)
                    block.evaluator = self.doctest_evaluator
                    yield block
                else:
                    block.parsed = source
                    block.evaluator = self.guard_evaluator if invisible else self.python_evaluator
                    yield block


class PagePositions:
    """Maps a position in a block's code (the `source` lexeme) to its position in the page.

    The lexer removes the block's indentation (inside an admonition or a tab) from every line,
    so `Region.adjust`, which adds one offset, places a doctest example as if no indentation
    had been removed: at a wrong line of the page. Here the code's n-th line is the page's n-th
    line after the opening fence, and a column within it is shifted by the indentation removed
    from that line.
    """

    def __init__(self, document: Document, block: Region, source: Lexeme) -> None:
        self.text = document.text
        self.code = str(source)
        self.code_lines = source.splitlines()
        start = block.start + source.offset  # the page's line holding the code's first line
        self.starts = [start]
        for _ in self.code_lines:
            start = self.text.find("\n", start) + 1 or len(self.text)
            self.starts.append(start)

    def __call__(self, position: int) -> int:
        line = self.text_line(position)
        column = position - self.line_start(position)
        if column == 0 or line >= len(self.code_lines):
            return self.starts[line] + column
        page_line = self.text[self.starts[line] : self.starts[line + 1]].rstrip("\n")
        removed = len(page_line) - len(self.code_lines[line])
        return self.starts[line] + removed + column

    def text_line(self, position: int) -> int:
        return self.code.count("\n", 0, position)

    def line_start(self, position: int) -> int:
        return self.code.rfind("\n", 0, position) + 1
