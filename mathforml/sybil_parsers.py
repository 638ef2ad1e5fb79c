"""A Sybil parser that runs every Python fence, not only those tagged exactly `python`.

Stock Sybil (`sybil.parsers.markdown.PythonCodeBlockParser`) collects a fence only when its info
string is exactly `python`, so ```python title="x"``` or ```pycon``` would silently never run.
Here the first word of the info string decides. Built only from Sybil's documented API: see
"Developing your own parsers" and the API reference at https://sybil.readthedocs.io.
"""

import re
from collections.abc import Iterable

from sybil import Document, Region
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, FencedCodeBlockLexer

from mathforml.fences import EXECUTED

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

    A block whose code starts with `>>>` is a doctest, one example per prompt; any other block is
    executed in the page's namespace, as `sybil.parsers.markdown.PythonCodeBlockParser` does.
    `<!-- invisible-code-block: python -->` comments are collected too, like Sybil's own parser
    does (the tests forbid them in pages).
    """

    def __init__(self, doctest_optionflags: int = 0) -> None:
        self.lexers = [
            FencedCodeBlockLexer(language=PYTHON_INFO),
            DirectiveInHTMLCommentLexer(
                directive=r"(invisible-)?code(-block)?", arguments=PYTHON_INFO
            ),
        ]
        self.python_evaluator = PythonEvaluator()
        self.doctest_parser = DocTestStringParser(DocTestEvaluator(doctest_optionflags))

    def __call__(self, document: Document) -> Iterable[Region]:
        for lexer in self.lexers:
            for block in lexer(document):
                source = block.lexemes["source"]
                if source.startswith(">>>"):
                    for example in self.doctest_parser(source, document.path):
                        example.adjust(block, source)  # positions in the page, not the block
                        yield example
                else:
                    block.parsed = source
                    block.evaluator = self.python_evaluator
                    yield block
