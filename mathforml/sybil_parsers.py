"""Sybil parsers that run every Python-like fence, not only those tagged exactly `python`.

Stock Sybil collects a fence only when its info string is exactly `python`, so
```python title="x"``` or ```pycon``` would silently never run. Here the first word decides.
"""

from sybil.parsers.abstract.codeblock import PythonDocTestOrCodeBlockParser
from sybil.parsers.markdown.codeblock import CodeBlockParser

from mathforml.fences import EXECUTED


class _FirstWordCodeBlockParser(CodeBlockParser):
    def __call__(self, document):
        for region in self.lexers(document):
            words = region.lexemes["arguments"].replace("{", " ").replace(".", " ", 1).split()
            if words and words[0].lower() in EXECUTED:
                region.parsed = region.lexemes["source"]
                region.evaluator = self._evaluator or self.evaluate
                yield region


class PythonFenceParser(PythonDocTestOrCodeBlockParser):
    """`python`, `py` and `pycon` fences, with or without attributes after the language."""

    codeblock_parser_class = _FirstWordCodeBlockParser
