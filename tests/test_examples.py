"""The snippet harness itself: nothing skipped silently, conventions kept, and it bites."""

import re
import subprocess
import sys
import textwrap
import unittest

import pytest
from sybil import Sybil
from sybil.parsers.markdown import SkipParser

from helpers import DOCS, PAGES, ROOT, rel
from mathforml.fences import EXECUTED, PYTHON_LIKE, iter_fences
from mathforml.sybil_parsers import PythonFenceParser

SKIP = re.compile(r"<!--\s*skip:(.*?)-->")
SKIP_WITH_REASON = re.compile(r'^\s*next\s+"[^"]+"\s*$')


def sybil_lines(path):
    document = Sybil(parsers=[PythonFenceParser()]).parse(path)
    return {document.text.count("\n", 0, example.start) + 1 for example in document}


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_every_python_fence_is_executed(page):
    text = page.read_text()
    collected = sybil_lines(page)
    for fence in iter_fences(text):
        if fence.language not in PYTHON_LIKE:
            continue
        where = f"{rel(page)}:{fence.line}"
        assert fence.language in EXECUTED, (
            f"{where}: ```{fence.language} blocks are not run; use ```python or ```pycon")
        # A code block starts at its fence; a doctest block yields one example per >>> line.
        assert any(fence.line <= line < fence.end_line for line in collected), (
            f"{where}: this block is never executed by the tests")


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_fence_conventions(page):
    for fence in iter_fences(page.read_text()):
        where = f"{rel(page)}:{fence.line}"
        starts_with_prompt = fence.body.lstrip().startswith(">>>")
        if fence.language == "pycon":
            assert starts_with_prompt, f"{where}: a pycon block is a REPL transcript; start it with >>>"
        if fence.language in ("python", "py"):
            assert not starts_with_prompt, f"{where}: a transcript with >>> belongs in a ```pycon block"


def deliberate_skips():
    """Every skipped block as 'file:line: reason' (listed in the test report's summary)."""
    skips = []
    for page in PAGES:
        text = page.read_text()
        for match in SKIP.finditer(text):
            skips.append((page, text.count("\n", 0, match.start()) + 1, match[1]))
    return skips


def test_no_hidden_code_and_every_skip_has_a_reason():
    for page in PAGES:
        assert "invisible-code" not in page.read_text(), f"{rel(page)}: hidden code is not allowed"
    for page, line, arguments in deliberate_skips():
        assert SKIP_WITH_REASON.match(arguments), (
            f'{rel(page)}:{line}: write <!-- skip: next "why this block must not run" -->')


def test_a_skip_with_a_reason_skips_one_block_and_shows_why(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('<!-- skip: next "needs a GPU" -->\n```python\nraise RuntimeError\n```\n'
                    '```python\nx = 1\n```\n')
    document = Sybil(parsers=[PythonFenceParser(), SkipParser()]).parse(page)
    outcomes = []
    for example in document:
        try:
            example.evaluate()
            outcomes.append("ran")
        except unittest.SkipTest as skip:
            outcomes.append(f"skipped: {skip}")
    assert outcomes[1:] == ["skipped: needs a GPU", "ran"]


def test_the_fence_parser_accepts_attributes_and_aliases(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(textwrap.dedent('''\
        ```python title="a.py" linenums="1"
        a = 1
        ```
        ```py
        b = 2
        ```
        !!! note
            ```pycon
            >>> a + b
            3
            ```
        ```{.python .extra}
        c = 3
        ```
        '''))
    assert sorted(sybil_lines(page)) == [1, 4, 9, 12]


BAD_OUTPUT = '''\
---
title: Bad
---

Some prose.

```pycon
>>> 1 + 1
3
```
'''

RAISING = '''\
---
title: Raises
---

```python
import math
x = math.sqrt(-1)
```
'''


@pytest.mark.parametrize("name, text, expected", [
    ("bad_output.md", BAD_OUTPUT, ["bad_output.md::line:8", "Expected:", "3", "Got:", "2"]),
    ("raising.md", RAISING, ["raising.md::line:5", "ValueError", "math domain error"]),
])
def test_the_harness_bites(tmp_path, name, text, expected):
    """A wrong expected output, or a block that raises, fails pytest naming the file and line."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conftest.py").write_text((DOCS / "conftest.py").read_text())
    (tmp_path / "docs" / name).write_text(text)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), "-c", "/dev/null", str(tmp_path / "docs" / name)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    for fragment in expected:
        assert fragment in run.stdout, run.stdout
