"""Rules for lesson code that CONTRIBUTING.md states, checked rather than only written down.

- Lessons and labs import only the standard library and the distributions declared in
  pyproject.toml's `[project] dependencies`: an import that works only because something else
  pulled it in (SciPy comes with scikit-learn) breaks when that changes, and a reader installing
  what the course declares would not have it.
- Randomness comes from `np.random.default_rng(seed)`, never NumPy's legacy global state
  (`np.random.seed`, `np.random.rand`, ...): ruff's NPY002 rule, run over every page's blocks by
  tests/test_style.py, reports it; checked here on a page that breaks it.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers import DOCS, LABS, ROOT, rel
from mathforml.fences import EXECUTED, iter_fences, repl_input

PAGES = sorted(DOCS.rglob("*.md"))
PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)")


@cache
def declared() -> set[str]:
    """The canonical names of the distributions in `[project] dependencies`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {canonicalize_name(Requirement(spec).name) for spec in project["dependencies"]}


@cache
def distributions() -> dict[str, list[str]]:
    """Import name -> the installed distributions providing it (sklearn -> scikit-learn)."""
    return importlib.metadata.packages_distributions()


def problem(module: str) -> str | None:
    """Why a lesson may not import `module` (a top-level name), or None if it may."""
    if module in sys.stdlib_module_names:
        return None
    providers = {canonicalize_name(d) for d in distributions().get(module, [])}
    if providers & declared():
        return None
    return "not a declared dependency (declare it in pyproject.toml or use NumPy)"


def imports(code: str) -> list[tuple[int, str, str]]:
    """(line in `code`, the import statement, its top-level module) for every absolute import."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}", a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, f"from {node.module} import ...", node.module.split(".")[0]))
    return sorted(found)


def page_code(text: str) -> list[tuple[str, list[int]]]:
    """Each executed block's code (a transcript's as a reader pastes it) with, for each of its
    lines, the line in the page. Blocks shown but skipped are included: readers run them too."""
    blocks = []
    for fence in iter_fences(text):
        if fence.language not in EXECUTED:
            continue
        lines = fence.body.splitlines()
        if fence.body.lstrip().startswith(">>>"):
            code = repl_input(fence.body)
            where = [fence.line + 1 + i for i, line in enumerate(lines) if PROMPT.match(line)]
        else:
            code = fence.body
            where = [fence.line + 1 + i for i in range(len(lines))]
        blocks.append((code, where))
    return blocks


def import_problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    blocks = page_code(text) if path.suffix == ".md" else [(text, range(1, text.count("\n") + 2))]
    found = []
    for code, where in blocks:
        for line, statement, module in imports(code):
            why = problem(module)
            if why:
                found.append(f"{rel(path)}:{where[line - 1]}: {statement}: {why}")
    return found


@pytest.mark.parametrize("path", PAGES + LABS, ids=rel)
def test_lessons_import_only_the_standard_library_and_declared_dependencies(path):
    found = import_problems(path)
    assert not found, "\n".join(found)


def test_the_import_check_bites(tmp_path):
    assert "scipy" in distributions(), "SciPy is installed (scikit-learn needs it)"
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nimport math\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
        "from sklearn.datasets import load_iris\nfrom mpl_toolkits.mplot3d import Axes3D\n"
        "import scipy\n```\n\n"
        "!!! note\n\n    ```pycon\n    >>> x = 1\n    >>> for i in range(2):\n    ...     i\n"
        "    ...\n    0\n    1\n    >>> from scipy.linalg import lu\n    >>> import pytest\n"
        "    ```\n"
    )
    where = rel(page)
    assert import_problems(page) == [
        f"{where}:7: import scipy: not a declared dependency (declare it in pyproject.toml "
        "or use NumPy)",
        f"{where}:19: from scipy.linalg import ...: not a declared dependency (declare it in "
        "pyproject.toml or use NumPy)",
        f"{where}:20: import pytest: not a declared dependency (declare it in pyproject.toml "
        "or use NumPy)",  # a test dependency is not a lesson's
    ]
    lab = tmp_path / "lab.py"
    lab.write_text("# %%\nimport numpy as np\n\n# %%\nimport scipy.stats\n")
    assert [p.split(": ")[0] for p in import_problems(lab)] == [f"{rel(lab)}:5"]


def test_legacy_random_state_in_a_page_is_reported_by_ruff(tmp_path):
    from test_style import block_findings

    page = tmp_path / "page.md"
    page.write_text(
        "```python\nimport numpy as np\n\nnp.random.seed(0)\nx = np.random.rand(3)\n```\n\n"
        "```pycon\n>>> y = np.random.randn(2)\n>>> from numpy.random import normal\n"
        ">>> z = normal(size=2)\n>>> rng = np.random.default_rng(0)\n>>> w = rng.normal(size=2)\n"
        "```\n"
    )
    found = block_findings(page)
    assert [f.split(": ")[0].rsplit(":", 1)[1] for f in found] == ["4", "5", "9", "11"], found
    for finding, call in zip(found, ["seed", "rand", "randn", "normal"], strict=True):
        assert (
            f"NPY002 Replace legacy `np.random.{call}` call with `np.random.Generator`" in finding
        )


LEGACY_GENERATOR = re.compile(r"\brandom\.RandomState\s*\(")


def legacy_generators(path: Path) -> list[str]:
    """`np.random.RandomState(...)` in a page's code or a lab: ruff's NPY002 does not flag it."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        lines = list(enumerate(text.splitlines(), 1))
    else:
        lines = [
            (fence.line + n, line)
            for fence in iter_fences(text)
            for n, line in enumerate(fence.body.splitlines(), 1)
        ]
    return [
        f"{rel(path)}:{n}: np.random.RandomState is NumPy's legacy generator; use "
        "rng = np.random.default_rng(0) and rng.normal(...), rng.integers(...)"
        for n, line in lines
        if LEGACY_GENERATOR.search(line)
    ]


@pytest.mark.parametrize("path", PAGES + LABS, ids=rel)
def test_no_legacy_random_generator(path):
    found = legacy_generators(path)
    assert not found, "\n".join(found)


def test_the_legacy_generator_check_bites(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Text about RandomState is fine.\n\n!!! note\n\n    ```python\n"
        "    rs = np.random.RandomState(0)\n    ```\n"
    )
    assert [p.split(": ")[0] for p in legacy_generators(page)] == [f"{page}:6"]
