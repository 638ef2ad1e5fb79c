"""Rules for what a page states, checked on every page (see CONTRIBUTING.md, "Honest pages").

- Every number the prose or TeX states is computed or used by the page's code
  (mathforml/stated_numbers.py).
- Checks that teach stay visible; guards go into invisible blocks, which define no name that
  visible code uses (mathforml/guards.py).
- A lesson's `time` follows the estimate from its content (mathforml/reading_time.py).
"""

import pytest
from sybil import Sybil
from sybil.example import SybilFailure

from helpers import DOCS, PAGES, rel
from mathforml import frontmatter, guards, reading_time, stated_numbers
from mathforml.sybil_parsers import PythonFenceParser

LESSONS = [p for p in PAGES if frontmatter.is_lesson(p.relative_to(DOCS).as_posix())]


def report(page, found):
    return "\n".join(f"{rel(page)}:{line}: {what}" for line, what in found)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_every_stated_number_is_computed_on_the_page(page):
    found = stated_numbers.problems(page.read_text())
    assert not found, report(page, found)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_guards_are_invisible_and_define_nothing_visible_code_uses(page):
    found = guards.problems(page.read_text())
    assert not found, report(page, found)


@pytest.mark.parametrize("page", LESSONS, ids=rel)
def test_time_follows_the_estimate_from_the_content(page):
    text = page.read_text()
    why = reading_time.problem(frontmatter.read(text)["time"], text)
    assert why is None, f"{rel(page)}: {why}"


# The rules bite: each catches what it exists for.

SOLVING_SYSTEMS_BEFORE_THE_FIX = """\
The normal equations give $\\mathbf{A}^\\top\\mathbf{y} = (14, 3, 46)$,
so $c_1 = 0.3$ and $c_2 = 1.2$.

```python
import numpy as np
A = np.array([[1.0, 0, 2], [1, 1, 3], [0, -1, 5]])
y = np.array([3.0, 4, 6])
assert np.allclose(A.T @ y, [17, -3, 55])
c = np.array([0.4, -0.3, 1.5])
```
"""


def test_a_solution_whose_prose_contradicts_its_code_is_caught():
    """Defect 2 of issue 13, as it was: prose (14, 3, 46), c1 = 0.3, c2 = 1.2; code disagrees."""
    flagged = [
        msg.split(" ")[0] for _, msg in stated_numbers.problems(SOLVING_SYSTEMS_BEFORE_THE_FIX)
    ]
    assert sorted(flagged) == ["0.3", "1.2", "14", "46"]  # 3 happens to be a literal of the code
    fixed = SOLVING_SYSTEMS_BEFORE_THE_FIX.replace("(14, 3, 46)", "(17, -3, 55)")
    fixed = fixed.replace("$c_1 = 0.3$ and $c_2 = 1.2$", "$\\mathbf{c} = (0.4, -0.3, 1.5)$")
    assert stated_numbers.problems(fixed) == []


@pytest.mark.parametrize(
    "prose, code, ok",
    [
        ("keeps 91.3% of the variance", "print(0.91304)", True),
        ("keeps 91.3% of the variance", "print(0.9141)", False),
        ("about $1.5 \\times 10^{-8}$", "h = 1.49e-08", True),
        ("about $1.5 \\times 10^{-8}$", "h = 1.4e-08", False),
        ("the slope is $-0.8$", "r = 0.8", False),  # the sign counts
        ("the slope is $-0.8$", "r = -0.8", True),
        ("$\\begin{bmatrix} 1 & 2 \\\\ 3 & 5 \\end{bmatrix}$", "A = [[1, 2], [3, 4]]", False),
        ("in `x = 0.123` and [a link](https://x.org/v1.25)", "", True),  # code and URLs
    ],
)
def test_numbers_match_rounded_to_the_digits_written(prose, code, ok):
    page = f"{prose}\n\n```python\n{code}\n```\n"
    assert (stated_numbers.problems(page) == []) is ok


def test_a_number_that_is_not_a_result_is_declared_with_a_reason():
    page = "You need Python 3.11 or newer.\n"
    assert stated_numbers.problems(page)
    declared = '<!-- not-computed: 3.11 "the Python version" -->\n' + page
    assert stated_numbers.problems(declared) == []
    no_reason = "<!-- not-computed: 3.11 -->\n" + page
    assert "write the marker as" in stated_numbers.problems(no_reason)[0][1]


GUARDED = """\
```python
x = 2.0
y = x * 3
assert y == 6
```

<!-- invisible-code-block: python
_expected = 6
assert y == _expected
-->
"""


def test_an_invisible_guard_runs_with_the_page_and_may_fail(tmp_path):
    """The guard is an example Sybil runs in the page's namespace: a wrong guard fails."""
    sybil = Sybil(parsers=[PythonFenceParser()])
    for text, fails in [
        (GUARDED, False),
        (GUARDED.replace("_expected = 6", "_expected = 7"), True),
    ]:
        page = tmp_path / "page.md"
        page.write_text(text)
        outcomes = []
        for example in sybil.parse(page):
            try:
                example.evaluate()
                outcomes.append("ok")
            except AssertionError:
                outcomes.append("failed")
        assert outcomes == ["ok", "failed" if fails else "ok"]
    assert guards.problems(GUARDED) == []


@pytest.mark.parametrize(
    "guard, complaint",
    [
        ("y = 7\nassert y", "binds y, which visible code uses"),
        ("import math as x\nassert x", "binds x, which visible code uses"),
    ],
)
def test_a_guard_that_defines_what_visible_code_uses_is_caught(guard, complaint):
    page = GUARDED.replace("_expected = 6\nassert y == _expected", guard)
    assert complaint in guards.problems(page)[0][1]


@pytest.mark.parametrize(
    "guard, complaint",
    [
        ("_x = x\nxs.append(_x)", "changes xs in place"),
        ("xs[0] = 1", "changes xs in place"),
        ("xs.sort()", "changes xs in place"),
        ("_xs = sorted(xs)\n_xs.sort()\nassert np.sort(xs)[0] == _xs[0]", None),
    ],
)
def test_a_guard_that_changes_what_visible_code_uses_is_caught(guard, complaint):
    page = (
        "```python\nimport numpy as np\nx = 2.0\nxs = [3.0, x]\n```\n\n"
        f"<!-- invisible-code-block: python\n{guard}\n-->\n\n```python\nprint(xs)\n```\n"
    )
    found = guards.problems(page)
    assert (complaint in found[0][1]) if complaint else found == []


DRAWS = """\
```python
import numpy as np
rng = np.random.default_rng(0)
def noise():
    return rng.normal()
```

<!-- invisible-code-block: python
GUARD
-->

```python
x = rng.normal()
```
"""


@pytest.mark.parametrize(
    "guard, complaint",
    [
        ("assert abs(rng.normal()) < 10", "draws from rng"),
        ("assert abs(noise()) < 10", "draws from rng"),  # through a function of the page
        ("assert np.random.rand() < 1", "draws from np.random"),
        ("_rng = np.random.default_rng(1)\nassert abs(_rng.normal()) < 10", None),
    ],
)
def test_a_guard_that_draws_from_the_pages_generator_fails(tmp_path, guard, complaint):
    """A reader never runs the guard, so their `x` would not be the page's."""
    page = tmp_path / "page.md"
    page.write_text(DRAWS.replace("GUARD", guard))
    failures = []
    for example in Sybil(parsers=[PythonFenceParser()]).parse(page):
        try:
            example.evaluate()
        except SybilFailure as failure:
            failures.append(str(failure))
    assert (len(failures) == 1 and complaint in failures[0]) if complaint else failures == []


def test_walls_of_asserts_and_tautologies_in_visible_code_are_caught():
    wall = "```python\nx = 1\n" + "assert x == 1\n" * 4 + "```\n"
    assert "4 assert lines in one visible block" in guards.problems(wall)[0][1]
    tautology = "```python\nimport numpy as np\nassert np.isclose(1.1 * 150, 165)\n```\n"
    assert "checks arithmetic on literals" in guards.problems(tautology)[0][1]
    real_check = "```python\nimport numpy as np\nw = 1.1\nassert np.isclose(w * 150, 165)\n```\n"
    assert guards.problems(real_check) == []


def test_time_estimate_counts_prose_code_and_exercises():
    prose = " ".join(["word"] * 1300)  # 10 minutes at 130 words a minute
    code = "```python\n" + "x = 1\n" * 40 + "```\n"  # 10 minutes at 4 lines a minute
    exercises = '!!! question "Exercise 1"\n\n!!! question "Exercise 2"\n'  # 10 minutes
    page = f"---\ntime: 30\n---\n{prose}\n\n{code}\n{exercises}"
    words, code_lines, count = reading_time.counts(page)
    assert (code_lines, count) == (40, 2) and 1300 <= words <= 1306  # + "question Exercise 1"
    assert reading_time.estimate(page) == 30
    assert reading_time.problem(30, page) is None
    assert "set `time: 30`" in reading_time.problem(15, page)
    long = page.replace(prose, " ".join(["word"] * 15000))
    assert "split the lesson in two" in reading_time.problem(120, long)
