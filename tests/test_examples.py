"""The snippet harness itself: nothing skipped silently, conventions kept, and it bites."""

import gc
import re
import textwrap
import unittest

import pytest
from sybil import Document, Sybil
from sybil.parsers.markdown import SkipParser
from sybil.testing import check_parser

from helpers import DOCS, PAGES, rel
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
            f"{where}: ```{fence.language} blocks are not run; use ```python or ```pycon"
        )
        # A code block starts at its fence; a doctest block yields one example per >>> line.
        assert any(fence.line <= line < fence.end_line for line in collected), (
            f"{where}: this block is never executed by the tests"
        )


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_fence_conventions(page):
    for fence in iter_fences(page.read_text()):
        where = f"{rel(page)}:{fence.line}"
        starts_with_prompt = fence.body.lstrip().startswith(">>>")
        if fence.language == "pycon":
            assert starts_with_prompt, (
                f"{where}: a pycon block is a REPL transcript; start it with >>>"
            )
        if fence.language in ("python", "py"):
            assert not starts_with_prompt, (
                f"{where}: a transcript with >>> belongs in a ```pycon block"
            )


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
            f'{rel(page)}:{line}: write <!-- skip: next "why this block must not run" -->'
        )


def test_a_skip_with_a_reason_skips_one_block_and_shows_why(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '<!-- skip: next "needs a GPU" -->\n```python\nraise RuntimeError\n```\n'
        "```python\nx = 1\n```\n"
    )
    document = Sybil(parsers=[PythonFenceParser(), SkipParser()]).parse(page)
    outcomes = []
    for example in document:
        try:
            example.evaluate()
            outcomes.append("ran")
        except unittest.SkipTest as skip:
            outcomes.append(f"skipped: {skip}")
    assert outcomes[1:] == ["skipped: needs a GPU", "ran"]


def check(text: str) -> Document:
    """Sybil's own parser test: exactly one example in `text`, evaluated; returns the document."""
    return check_parser(PythonFenceParser(), textwrap.dedent(text))


@pytest.mark.parametrize(
    "info",
    [
        "python",
        "py",
        "pycon",
        "Python",
        " python",
        'python title="a.py" linenums="1"',
        'python figure="A parabola, for screen readers"',
        "{.python .extra}",
        "{ .py }",
        "python.x",
    ],
)
def test_a_fence_whose_info_string_starts_with_python_py_or_pycon_is_run(info):
    document = check(f"""\
        Prose.

        ```{info}
        x = 1
        ```
        """)
    assert document.namespace["x"] == 1


# The first WORD decides, not a prefix: ```pythonic``` or ```py3``` are not Python. ```ipython```,
# ```python3``` and the like are not run either; test_every_python_fence_is_executed rejects them.
@pytest.mark.parametrize(
    "info",
    [
        "",
        "text",
        "console",
        "pythonic",
        "pyc",
        "py3",
        "python3",
        "pycon3",
        "ipython",
        "pytb",
        "python,x",
        "{.pythonic}",
        "{.text .python}",
        "text python",
    ],
)
def test_any_other_fence_is_not_run(info):
    # check_parser requires exactly one example: the ```python block that follows.
    document = check(f"""\
        ```{info}
        raise AssertionError("this block must not run")
        ```

        ```python
        x = 1
        ```
        """)
    assert document.namespace["x"] == 1


@pytest.mark.parametrize(
    "container, indent",
    [
        ("!!! note", 4),
        ('??? success "Solution"', 4),
        ('???+ tip "Hint"', 4),
        ('=== "NumPy"', 4),
        ('!!! example\n\n    === "NumPy"', 8),
    ],
)
def test_a_fence_indented_in_an_admonition_or_a_tab_is_run(container, indent):
    code = textwrap.indent("```python\nif True:\n    x = 1\n```", " " * indent)
    document = check_parser(PythonFenceParser(), f"{container}\n\n{code}\n")
    assert document.namespace["x"] == 1  # the block's own indentation is kept


@pytest.mark.parametrize("info", ["pycon", "python"])
def test_a_block_starting_with_a_prompt_is_a_doctest(info):
    check(f"""\
        ```{info}
        >>> 1 + 1
        2
        ```
        """)
    with pytest.raises(AssertionError, match=r"line 2, column 1 .*\nExpected:\n +3\nGot:\n +2"):
        check(f"""\
            ```{info}
            >>> 1 + 1
            3
            ```
            """)


def test_a_block_that_raises_fails():
    with pytest.raises(ValueError, match="math domain error"):
        check("""\
            ```python
            import math
            math.sqrt(-1)
            ```
            """)


def test_examples_are_where_they_are_on_the_page(tmp_path):
    """A code block starts at its fence; a doctest block yields one example per >>> line."""
    page = tmp_path / "page.md"
    page.write_text(
        textwrap.dedent("""\
        ```python title="a.py" linenums="1"
        a = 1
        ```
        ```pycon
        >>> a + 1
        2
        >>> a + 2
        3
        ```
        !!! note

            ```python
            b = a
            ```
        """)
    )
    # Not tested: in an indented block, every >>> example is reported on the block's first
    # prompt line, because Sybil places doctest examples as if no indentation had been removed.
    assert sorted(sybil_lines(page)) == [1, 5, 7, 12]


def run_pages(
    request: pytest.FixtureRequest, pages: dict[str, str], *args: str
) -> pytest.RunResult:
    """Run pytest on `pages` (name: Markdown) in a docs/ folder with the course's docs/conftest.py.

    It runs in this process (`pytester.runpytest`): about 0.2 s a run instead of 2 s for a new
    interpreter, which imports NumPy and matplotlib again. That takes three precautions:
    - Pytester unloads, after the test, the modules imported since it started, and NumPy's
      compiled core cannot be loaded twice in a process: NumPy and matplotlib are imported
      before Pytester starts (hence `request`, not a `pytester` argument), so they stay loaded.
    - pytest-playwright keeps global state that a nested run trips on: it is off in the inner run.
    - docs/conftest.py freezes the garbage collector when its session ends: unfrozen after, or
      this process could never free the objects alive at that moment.
    """
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401

    pytester = request.getfixturevalue("pytester")
    docs = pytester.mkdir("docs")
    (docs / "conftest.py").write_text((DOCS / "conftest.py").read_text())
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)
    options = ["-p", "no:xdist", "-p", "no:playwright", "-p", "no:cacheprovider"]
    try:
        return pytester.runpytest(*options, "--rootdir", pytester.path, *args, "docs")
    finally:
        gc.unfreeze()


BAD_OUTPUT = """\
---
title: Bad
---

Some prose.

```pycon
>>> 1 + 1
3
```
"""

RAISING = """\
---
title: Raises
---

```python
import math
x = math.sqrt(-1)
```
"""


@pytest.mark.parametrize(
    "name, text, line, expected",
    [
        ("bad_output.md", BAD_OUTPUT, 8, ["Expected:", "    3", "Got:", "    2"]),
        ("raising.md", RAISING, 5, ["*ValueError: math domain error", "docs/raising.md:7: *"]),
    ],
    ids=["bad_output", "raising"],
)
def test_the_harness_bites(request, name, text, line, expected):
    """A wrong expected output, or a block that raises, fails pytest naming the file and line."""
    result = run_pages(request, {name: text})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"FAILED docs/{name}::line:{line},column:1*"])
    result.stdout.fnmatch_lines(expected)


A_GOOD_PAGE = """\
---
title: Good
---

```pycon
>>> import numpy as np
>>> np.sqrt(2.0)
1.414
>>> list(range(100))
[0, 1, 2, ...]
>>> print("a    b")
a b
```

<!-- skip: next "needs a GPU" -->
```python
raise RuntimeError
```

```python title="same_namespace.py"
assert np.sqrt(4.0) == 2
```
"""


def test_the_harness_reads_a_page_as_a_reader_would(request):
    """NumPy 1.25-style printing, floats at the precision shown, `...` and spacing forgiven, one
    namespace per page, and a skipped block reported with its reason."""
    result = run_pages(request, {"good.md": A_GOOD_PAGE}, "-rs")
    result.assert_outcomes(passed=6, skipped=1)  # 4 prompts, the skip comment, the last block
    result.stdout.fnmatch_lines(["SKIPPED *: needs a GPU"])
