"""Only public APIs of the libraries we build on: no `_private` name of theirs is used.

A private name (one leading underscore) can change in any release without notice; the build
once copied mkdocs-jupyter's private cache format and Sybil's internal parser method, and a
minor release of either could have broken it silently. This scans every Python file of ours
for third-party private names imported, read, called or overridden.
"""

import ast

import pytest

from helpers import ROOT, rel

FILES = sorted(
    path
    for folder in ("mathforml", "tests", "tools", "lessons_src")
    for path in (ROOT / folder).rglob("*.py")
) + [ROOT / "docs" / "conftest.py"]
OURS = {"mathforml", "helpers", "browser", "conftest"}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_ours(module: str | None) -> bool:
    top = (module or "").split(".")[0]
    return top in OURS or top.startswith("test_") or top == ""


def private_names(source: str) -> list[tuple[int, str]]:
    """(line, what) for each third-party private name the code uses."""
    tree = ast.parse(source)
    found = []
    own_names = set()  # names our own classes and functions define (self._x of ours is fine)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own_names.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            own_names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own_names.add(node.id)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not is_ours(node.module):
            found += [
                (node.lineno, f"from {node.module} import {a.name}")
                for a in node.names
                if is_private(a.name)
            ]
            if any(is_private(part) for part in (node.module or "").split(".")):
                found.append((node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {a.name}")
                for a in node.names
                if not is_ours(a.name) and any(is_private(p) for p in a.name.split("."))
            ]
        elif (
            isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in own_names
        ):
            found.append((node.lineno, f"{ast.unparse(node)}"))
    return found


@pytest.mark.parametrize("path", FILES, ids=rel)
def test_no_third_party_private_names(path):
    found = private_names(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{rel(path)}:{line}: {what}" for line, what in found)


@pytest.mark.parametrize(
    "code, expected",
    [
        (
            "from mkdocs_jupyter.plugin import _compute_cache_key",
            "from mkdocs_jupyter.plugin import _compute_cache_key",
        ),
        ("import sybil._private", "import sybil._private"),
        ("node.config._tmp_path_factory.getbasetemp()", "node.config._tmp_path_factory"),
        (
            "class P(CodeBlockParser):\n    def f(self):\n        return self._evaluator",
            "self._evaluator",
        ),
    ],
)
def test_the_scan_finds_private_names(code, expected):
    assert [what for _, what in private_names(code)] == [expected]


def test_the_scan_allows_our_own_private_names():
    code = (
        "from mathforml.x import _helper\n_CACHE = {}\n"
        "class A:\n    def __init__(self):\n        self._n = 1\n    def f(self):\n"
        "        return self._n, _CACHE, self.__class__\n"
    )
    assert private_names(code) == []
