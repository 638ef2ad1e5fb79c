"""Checks that teach stay visible; guards go into invisible blocks that cannot break a paste.

A visible block is what a reader copies, so its checks should be ones a learner learns from:
a few `assert` lines, each testing the code's own results. Walls of asserts and arithmetic on
literals (`assert 1.10 * 150 == 165`) go into Sybil's invisible code blocks:

    <!-- invisible-code-block: python
    assert math.isclose(4 * 0.6, 2.4)
    -->

The page does not show them, the tests run them in the page's namespace, and a reader pasting
what they see never runs them. So an invisible block must leave alone everything visible code
uses, or the reader's session would differ from the one the tests ran:
- it binds no name that visible code uses (guards name their own variables with a leading
  underscore) and changes no such object in place (`x[0] = 1`, `xs.sort()`): `problems`;
- it draws from no random generator of the page, not even through a function that does
  (`rng.normal()` would shift every later draw of the reader's): `Guard`, as the tests run it.
Together these are why the tests need not run each page a second time without its guards.
"""

from __future__ import annotations

import ast
import pickle
import re
import sys
from dataclasses import dataclass
from typing import Any

from sybil import Example

from mathforml.fences import EXECUTED, iter_fences, repl_input

MAX_VISIBLE_ASSERTS = 3
INVISIBLE = re.compile(
    r"^(?P<indent>[ \t]*)<!--[ \t]*invisible-code-block:[ \t]*python[ \t]*\n"
    r"(?P<code>.*?)^[ \t]*-->",
    re.M | re.S,
)


@dataclass
class Block:
    line: int  # 1-based line of the page where the block opens
    code: str
    visible: bool


def blocks(text: str) -> list[Block]:
    """Every executed block of a page, visible or not, in page order."""
    found = [
        Block(f.line, repl_input(f.body) if f.body.lstrip().startswith(">>>") else f.body, True)
        for f in iter_fences(text)
        if f.language in EXECUTED
    ]
    for m in INVISIBLE.finditer(text):
        indent = m["indent"]
        code = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line.lstrip()
            for line in m["code"].splitlines()
        )
        found.append(Block(text.count("\n", 0, m.start()) + 1, code, False))
    return sorted(found, key=lambda b: b.line)


def _tree(block: Block) -> ast.Module | None:
    try:
        return ast.parse(block.code)
    except SyntaxError:
        return None  # the example tests report it, with its line


def imported(tree: ast.AST) -> set[str]:
    return {
        (a.asname or a.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names
    }


def bound(tree: ast.AST) -> set[str]:
    """Names a block binds at the top level of the session (assignments, defs, imports, loops)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            names.add(node.name)
    return names | imported(tree)


# Methods that change their object in place: lists, dicts, sets, NumPy arrays.
IN_PLACE = {
    "append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem",
    "add", "discard", "sort", "reverse", "fill", "resize", "put", "itemset", "partition",
    "shuffle", "setflags",
}  # fmt: skip


def root(node: ast.expr) -> str | None:
    """The name an attribute, subscript or call chain starts from: `a` for `a.b[0].c()`."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def changed(tree: ast.AST) -> set[str]:
    """Names whose object a block changes in place: `x[0] = 1`, `x.attr += 1`, `xs.sort()`."""
    names = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in IN_PLACE
        ):
            targets = [node.func]
        names |= {root(t) for t in targets if isinstance(t, ast.Attribute | ast.Subscript)}
    return names - {None}


def used(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


BUILTINS = {"abs", "round", "int", "float", "sum", "min", "max", "len", "pow", "all", "any"}
MODULES = {"np", "numpy", "math"}


def is_tautology(test: ast.expr) -> bool:
    """True when an assert checks only literals: no variable and no function of the page, only
    numbers and the functions of Python, `math` and NumPy (`np.isclose(1.1 * 150, 165)`)."""
    modules = {
        id(n.value)
        for n in ast.walk(test)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in MODULES
    }
    builtins = {
        id(n.func)
        for n in ast.walk(test)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in BUILTINS
    }
    return not any(
        isinstance(n, ast.Name) and id(n) not in modules | builtins for n in ast.walk(test)
    )


def problems(text: str) -> list[tuple[int, str]]:
    """(line, what to do) for every guard rule a page breaks."""
    found = []
    visible_uses: set[str] = set()
    parsed = [(b, _tree(b)) for b in blocks(text)]
    modules: set[str] = set()
    for b, tree in parsed:
        if tree is not None and b.visible:
            visible_uses |= used(tree)
            modules |= imported(tree)
    for b, tree in parsed:
        if tree is None:
            continue
        if not b.visible:
            leaked = sorted(bound(tree) & visible_uses)
            if leaked:
                found.append(
                    (
                        b.line,
                        f"this invisible block binds {', '.join(leaked)}, which visible code uses: "
                        "a reader pasting the page would not have it. Rename the guard's "
                        "variables (e.g. with a leading underscore) or move the code into view",
                    )
                )
            touched = sorted(changed(tree) & visible_uses - modules)  # np.sort(x): a copy
            if touched:
                found.append(
                    (
                        b.line,
                        f"this invisible block changes {', '.join(touched)} in place, which "
                        "visible code uses: a reader pasting the page would have it unchanged. "
                        "Work on a copy (`_x = x.copy()`) or move the code into view",
                    )
                )
            continue
        asserts = [n for n in ast.walk(tree) if isinstance(n, ast.Assert)]
        if len(asserts) > MAX_VISIBLE_ASSERTS:
            found.append(
                (
                    b.line,
                    f"{len(asserts)} assert lines in one visible block (at most "
                    f"{MAX_VISIBLE_ASSERTS}): keep the checks a learner learns from and move "
                    "the others into an invisible block "
                    "(<!-- invisible-code-block: python ... -->)",
                )
            )
        for a in asserts:
            if is_tautology(a.test):
                found.append(
                    (
                        b.line + a.lineno,
                        f"`assert {ast.unparse(a.test)}` checks arithmetic on literals, not the "
                        "code: move it into an invisible block",
                    )
                )
    return found


def generator_states(namespace: dict) -> dict[str, bytes]:
    """The state of each NumPy random generator of the page's visible code, by name (a name
    with a leading underscore is a guard's own), pickled: equal bytes, equal states."""
    numpy = sys.modules.get("numpy")
    if numpy is None:  # nothing imported NumPy: there is no generator to move
        return {}
    states = {"np.random": numpy.random.get_state(legacy=False)}  # np.random.rand() and kin
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        if isinstance(value, numpy.random.Generator):
            states[name] = value.bit_generator.state
        elif isinstance(value, numpy.random.RandomState):
            states[name] = value.get_state(legacy=False)
    return {name: pickle.dumps(state) for name, state in states.items()}


class Guard:
    """A Sybil evaluator for invisible blocks: `evaluator`, failing if the block moved a random
    generator of the page (a reader who never runs the block would draw different numbers)."""

    def __init__(self, evaluator: Any) -> None:
        self.evaluator = evaluator

    def __repr__(self) -> str:
        return f"Guard({self.evaluator!r})"

    def __call__(self, example: Example) -> Any:
        __tracebackhide__ = True
        before = generator_states(example.namespace)
        result = self.evaluator(example)
        after = generator_states(example.namespace)
        moved = sorted(name for name, state in before.items() if after.get(name, state) != state)
        if moved:
            return (
                f"this invisible block draws from {', '.join(moved)}, which a reader pasting "
                "the page never does: their later draws would differ from the page's. Give "
                "the guard a generator of its own (`_rng = np.random.default_rng(1)`)"
            )
        return result
