"""The snippet harness itself: nothing skipped silently, conventions kept, and it bites."""

import doctest
import gc
import os
import re
import shutil
import signal
import subprocess
import textwrap
import unittest
from pathlib import Path

import pytest
from sybil import Document, Sybil
from sybil.evaluators.doctest import NUMBER
from sybil.parsers.markdown import SkipParser
from sybil.testing import check_parser

from helpers import DOCS, PAGES, rel
from mathforml import TIME_LIMIT
from mathforml.examples import DoctestBlock, NumberChecker, TimeLimited, shorten, time_limit
from mathforml.fences import EXECUTED, PYTHON_LIKE, iter_fences
from mathforml.sybil_parsers import PythonFenceParser

SKIP = re.compile(r"<!--\s*skip:(.*?)-->")
SKIP_WITH_REASON = re.compile(r'^\s*next\s+"[^"]+"\s*$')


def sybil_lines(path):
    """The line where each example Sybil collects starts: a code block's or a doctest block's."""
    document = Sybil(parsers=[PythonFenceParser()]).parse(path)
    return {document.text.count("\n", 0, example.start) + 1 for example in document}


def prompt_lines(path):
    """The line of the page of each >>> prompt, as the doctest blocks collected know it."""
    document = Sybil(parsers=[PythonFenceParser()]).parse(path)
    blocks = [example.parsed for example in document if isinstance(example.parsed, DoctestBlock)]
    return [line for block in blocks for _, line in block]


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
        # Each block, code or doctest, is one example starting at its fence.
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


def test_invisible_code_is_python_and_every_skip_has_a_reason():
    for page in PAGES:
        assert "invisible-code-block:" not in page.read_text().replace(
            "invisible-code-block: python", ""
        ), f"{rel(page)}: invisible blocks are `<!-- invisible-code-block: python`"
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
    """Each block is one example starting at its fence; a doctest block knows each >>> prompt's
    own line, also in a block indented inside an admonition or a tab."""
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

        ??? success "Solution"

            Some text.

            ```pycon
            >>> b + 1
            2
            >>> for i in range(2):
            ...     i
            ...
            0
            1
            >>> b + 3
            4
            ```

        === "Tab"

            !!! example

                ```pycon
                >>> b
                1
                >>> b + 10
                11
                ```
        """)
    )
    assert sorted(sybil_lines(page)) == [1, 4, 12, 20, 36]
    assert prompt_lines(page) == [5, 7, 21, 23, 28, 37, 39]


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
    docs = pytester.path / "docs"
    shutil.rmtree(docs, ignore_errors=True)  # from an earlier run in the same test
    docs.mkdir()
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
        (
            "bad_output.md",
            BAD_OUTPUT,
            7,  # the test is the block; the report names the prompt's line
            ["docs/bad_output.md:8: the output is not what the page shows", "Expected:", "    3"],
        ),
        ("raising.md", RAISING, 5, ["docs/raising.md:7: ValueError: math domain error"]),
    ],
    ids=["bad_output", "raising"],
)
def test_the_harness_bites(request, name, text, line, expected):
    """A wrong expected output, or a block that raises, fails pytest naming the file and line."""
    result = run_pages(request, {name: text})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"FAILED docs/{name}::line:{line},column:1*"])
    result.stdout.fnmatch_lines(expected)


MIDDLE_PROMPT_FAILS = """\
```pycon
>>> a = 1
>>> a + 1
2
>>> a + 2
4
>>> a + 3
```
"""


def test_a_doctest_block_stops_at_its_first_failing_prompt_and_names_its_line(request):
    """A doctest block is one test: the prompts before the failing one pass, and what follows
    it does not run (its namespace would be in a state the page never shows)."""
    text = MIDDLE_PROMPT_FAILS.replace(">>> a + 3", ">>> a + 3\n>>> raise SystemExit('ran on')")
    result = run_pages(request, {"middle.md": text})
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["docs/middle.md:5: the output is not what the page shows", "    >>> a + 2", "Expected:"]
    )
    result.stdout.no_fnmatch_line("*ran on*")


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
    result.assert_outcomes(passed=3, skipped=1)  # the doctest block, the skip comment, the last
    result.stdout.fnmatch_lines(["SKIPPED *: needs a GPU"])


# ---- every example under a time limit ----

LOOPING = """\
---
title: Loops
---

```python
x = 1
while True: x += 1
```

```pycon
>>> while True:
...     pass
...
```

```python
try:
    n = 0
    while True: n += 1
except Exception:
    pass
```

```python
try:
    n = 0
    while True: n += 1
except BaseException:
    pass
```

```python
y = x
```
"""


class Backstop(BaseException):
    """Stops a looping example if the time limit does not (a BaseException: not swallowed)."""


def test_an_example_running_too_long_fails_naming_its_line(request, monkeypatch):
    """A block or a doctest example stopped after MATHFORML_TIME_LIMIT seconds; the next one runs,
    and the alarm is handed back as it was."""
    monkeypatch.setenv("MATHFORML_TIME_LIMIT", "0.3")

    def backstop(signum, frame):
        raise Backstop("the time limit did not stop the example")

    previous = signal.signal(signal.SIGALRM, backstop)
    signal.setitimer(signal.ITIMER_REAL, 20, 1)  # a regression fails this test, never hangs it
    try:
        result = run_pages(request, {"loops.md": LOOPING})
        assert signal.getsignal(signal.SIGALRM) is backstop
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] < 20
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    result.assert_outcomes(failed=4, passed=1)
    result.stdout.fnmatch_lines(
        [
            "docs/loops.md:7: this block ran longer than 0.3 s (mathforml.TIME_LIMIT; *",
            "    while True: x += 1",
            "docs/loops.md:11: this block ran longer than 0.3 s *",
            "    >>> while True:",
            "docs/loops.md:19: this block ran longer than 0.3 s *",  # `except Exception` misses it
            "    while True: n += 1",
            "docs/loops.md:24: this block ran longer than 0.3 s *",  # caught, still a failure
            "    ```python",
        ]
    )


def test_the_time_limit_gives_back_a_timer_already_running():
    def outer(signum, frame):
        raise AssertionError("the outer timer must not fire during this test")

    previous = signal.signal(signal.SIGALRM, outer)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert TimeLimited(lambda example: "done")(object()) == "done"
        assert signal.getsignal(signal.SIGALRM) is outer
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "value, seconds", [(None, TIME_LIMIT), ("", TIME_LIMIT), ("2.5", 2.5), ("0", 0)]
)
def test_the_time_limit_is_mathforml_time_limit_unless_overridden(monkeypatch, value, seconds):
    if value is None:
        monkeypatch.delenv("MATHFORML_TIME_LIMIT", raising=False)
    else:
        monkeypatch.setenv("MATHFORML_TIME_LIMIT", value)
    assert time_limit() == seconds


# ---- every page starts from the same state and leaves none behind ----

CHANGES_STATE = """\
```python
import os

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

np.set_printoptions(precision=1)
np.seterr(all="raise")
matplotlib.rcParams["lines.linewidth"] = 9
plt.figure()
with open("junk.txt", "w") as junk:
    junk.write("left behind")
with open(RECORD, "w") as record:
    record.write(os.getcwd())
os.mkdir("elsewhere")
os.chdir("elsewhere")
```

```pycon
>>> np.array([1.23456])
array([1.2])
```
"""

EXPECTS_DEFAULTS = """\
```pycon
>>> import os
>>> import matplotlib
>>> import matplotlib.pyplot as plt
>>> import numpy as np
>>> np.array([1.23456])
array([1.23456])
>>> np.float64(2.5)
2.5
>>> matplotlib.rcParams["lines.linewidth"]
1.5
>>> np.geterr()
{'divide': 'warn', 'over': 'warn', 'under': 'ignore', 'invalid': 'warn'}
>>> plt.get_fignums()
[]
>>> os.listdir()
[]
>>> os.path.basename(os.getcwd()).startswith("mathforml-page-")
True
```
"""


@pytest.mark.parametrize("order", ["changes first", "defaults first"])
def test_each_page_starts_from_the_documented_state_whatever_ran_before(request, order):
    """Pages run in one process, in either order: what one page changes never reaches another,
    nor the process after the run; and a page starts from the defaults even if the process was
    left in another state."""
    import matplotlib
    import numpy as np

    pytester = request.getfixturevalue("pytester")  # changes to its folder first
    record = pytester.path / "scratch.txt"  # where the page records its working directory
    changes_state = CHANGES_STATE.replace("RECORD", repr(str(record)))
    pages = {"a.md": changes_state, "b.md": EXPECTS_DEFAULTS}
    if order == "defaults first":
        pages = {"a.md": EXPECTS_DEFAULTS, "b.md": changes_state}

    def settings():  # matplotlib's, but the backend: the pages' setup selects Agg, and keeps it
        return {k: v for k, v in matplotlib.rcParams.items() if not k.startswith("backend")}

    before = (np.get_printoptions(), np.geterr(), settings(), os.getcwd())
    np.set_printoptions(precision=3)  # left by some earlier test of the same process
    try:
        result = run_pages(request, pages)
        after = (np.get_printoptions()["precision"], np.geterr(), settings())
    finally:
        np.set_printoptions(**before[0])
    result.assert_outcomes(passed=3)  # the three blocks of the two pages
    assert after == (3, before[1], before[2])  # as before the run
    assert os.getcwd() == before[3] == str(pytester.path)
    scratch = Path(record.read_text())
    assert scratch.name.startswith("mathforml-page-") and not scratch.exists()  # removed
    assert not list(pytester.path.rglob("junk.txt"))


# ---- a run must not change the checkout ----

WRITES_TO = """\
```python
with open({path!r}, "w") as junk:
    junk.write("left behind")
```
"""


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)


def test_a_run_that_changes_the_checkout_fails_listing_the_files(request, tmp_path):
    pytester = request.getfixturevalue("pytester")
    git("init", "-q", cwd=pytester.path)
    (pytester.path / ".gitignore").write_text("__pycache__/\n")
    stray = pytester.path / "junk.txt"
    result = run_pages(request, {"writes.md": WRITES_TO.format(path=str(stray))})
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*files changed by the tests*",
            "The test run changed the files of the checkout*",
            "  ?? junk.txt",
        ]
    )
    # Outside a checkout, or writing elsewhere, all is well.
    result = run_pages(request, {"writes.md": WRITES_TO.format(path=str(tmp_path / "x.txt"))})
    assert result.ret == pytest.ExitCode.OK
    result.stdout.no_fnmatch_line("*files changed*")


def test_outside_a_git_checkout_there_is_nothing_to_compare(request):
    stray = request.getfixturevalue("pytester").path / "junk.txt"
    result = run_pages(request, {"writes.md": WRITES_TO.format(path=str(stray))})
    assert result.ret == pytest.ExitCode.OK
    result.stdout.no_fnmatch_line("*files changed*")


# ---- short, readable failure reports ----

DEEP_ERROR = """\
---
title: Deep
---

Prose.

```python
import numpy as np


def solve(A, b):
    return np.linalg.solve(A, b)


singular = np.array([[1.0, 2.0], [2.0, 4.0]])
x = solve(singular, np.ones(2))
```

```pycon
>>> y = 1
>>> np.linalg.inv(singular)
array([[1., 0.],
       [0., 1.]])
```
"""


def failure_sections(result: pytest.RunResult) -> list[list[str]]:
    """The lines of each failure report, from its ____ title line to the next one."""
    sections, current = [], None
    for line in result.outlines:
        if re.match(r"^_{3,} .* _{3,}$", line):
            current = []
            sections.append(current)
        elif line.startswith("=" * 10):
            current = None
        elif current is not None:
            current.append(line)
    return sections


def test_an_exception_deep_in_numpy_is_reported_at_the_line_of_the_page(request):
    result = run_pages(request, {"deep.md": DEEP_ERROR})
    result.assert_outcomes(failed=2)
    block, doctest_example = failure_sections(result)
    assert block[:3] == [
        "docs/deep.md:12: numpy.linalg.LinAlgError: Singular matrix",
        "    return np.linalg.solve(A, b)",
        block[2],
    ]
    assert re.match(r"raised in numpy/linalg/.*\.py:\d+, in ", block[2]), block
    assert doctest_example[:2] == [
        "docs/deep.md:21: numpy.linalg.LinAlgError: Singular matrix",
        "    >>> np.linalg.inv(singular)",
    ]
    assert len(block) < 10 and len(doctest_example) < 10, result.outlines
    # The whole traceback is one option away.
    result = run_pages(request, {"deep.md": DEEP_ERROR}, "--tb=long")
    assert len(result.outlines) > 40
    result.stdout.fnmatch_lines(["*def solve(A, b):*", "*LinAlgError*"])


HUGE_OUTPUT = """\
```pycon
>>> print(("0123456789" * 5 + "\\n") * 20_000)  # 1 MB
{want}
```
"""


@pytest.mark.parametrize("large", ["got", "expected and got"])
def test_a_huge_mismatch_is_cut(request, large):
    want = "short" if large == "got" else "\n".join(["x" * 49] * 20_000)
    result = run_pages(request, {"huge.md": HUGE_OUTPUT.format(want=want)})
    result.assert_outcomes(failed=1)
    (report,) = failure_sections(result)
    assert report[0] == "docs/huge.md:2: the output is not what the page shows"
    assert len(result.outlines) < 110
    assert sum(map(len, result.outlines)) < 20_000
    result.stdout.fnmatch_lines(["*[[]... * more characters (* more lines) cut ...[]]"])


def test_shorten_says_how_much_it_cut():
    assert shorten("a\nb\n", max_lines=40) == "a\nb\n"
    assert shorten("line\n" * 100, max_lines=3) == (
        "line\nline\nline\n[... 485 more characters (97 more lines) cut ...]\n"
    )
    assert shorten("x" * 10_000, max_chars=10) == (
        "xxxxxxxxxx\n[... 9,990 more characters (0 more lines) cut ...]"
    )


# ---- floats compare at the precision written, rounded ----


@pytest.mark.parametrize(
    "want, got, matches",
    [
        ("array([2., 4., 6.])", "array([2., 4., 6.])", True),
        ("array([2., 4., 7.])", "array([2., 4., 6.])", False),  # Sybil's NUMBER accepts it
        ("6.", "6.4", True),  # 6.4 to zero decimals is 6
        ("6.", "5.9999999999", True),
        ("6.", "6.6", False),
        ("0.707", "0.7071067811865476", True),
        ("0.707", "0.7076", False),  # rounds to 0.708; Sybil's NUMBER accepts it
        ("0.708", "0.7071067811865476", False),  # Sybil's NUMBER accepts it
        ("1.414", "1.4142135623730951", True),
        ("0.5", "0.55", True),  # exactly halfway: either way
        ("0.6", "0.55", True),
        ("1.5e-05", "1.54e-05", True),
        ("1.5e-05", "1.56e-05", False),
        ("2e+10", "2.4e+10", True),
        ("7", "6", False),  # integers compare exactly
        ("[1.0, 2.0]", "[1.0, 2.0, 3.0]", False),  # a different count of numbers
    ],
)
def test_floats_match_when_rounded_to_the_digits_written(want, got, matches):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | NUMBER
    assert NumberChecker().check_output(want + "\n", got + "\n", flags) is matches


ROUNDING = """\
```pycon
>>> import numpy as np
>>> np.sqrt(0.5)
0.707
>>> np.sqrt(2) ** 2
2.0
>>> 6.000000001
6.
```

```pycon
>>> np.array([2.0, 4.0, 6.0])
array([2., 4., 7.])
```
"""


def test_a_whole_number_float_in_the_expected_output_is_not_a_free_pass(request):
    result = run_pages(request, {"rounding.md": ROUNDING})
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["FAILED docs/rounding.md::line:11,column:1*"])
