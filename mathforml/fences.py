"""Find fenced code blocks in Markdown, including those indented inside admonitions and tabs.

Deliberately independent of Sybil's lexer: the test that no Python fence goes unexecuted
compares what this finds with what Sybil collects, so it must not share Sybil's blind spots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PYTHON_LIKE = {"python", "py", "pycon", "python3", "py3", "ipython", "ipython3", "pytb"}
# The fences Sybil runs (see docs/conftest.py); the other PYTHON_LIKE names are errors.
EXECUTED = {"python", "py", "pycon"}

_OPEN = re.compile(r"^(?P<indent>[ \t]*(?:>[ \t]*)*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_WORD = re.compile(r"^\{?\s*\.?([\w+-]+)")


@dataclass
class Fence:
    language: str  # first word of the info string, lower-cased ("" if none)
    info: str  # the whole info string
    line: int  # 1-based line of the opening fence
    indent: str
    body: str  # the code, with the fence's indentation removed
    end_line: int  # 1-based line of the closing fence


def iter_fences(text: str):
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m["indent"], m["fence"], m["info"].strip()
        closing = re.compile(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        body = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line.lstrip()
            for line in lines[i + 1 : j]
        )
        word = _WORD.match(info)
        yield Fence(word[1].lower() if word else "", info, i + 1, indent, body, j + 1)
        i = j + 1


def repl_input(transcript: str) -> str:
    """The code of a REPL transcript: prompts and output lines dropped.

    A bare `...` line (which closes an indented block) becomes the blank line that the plain
    REPL needs there. This is what the copy button yields for a pycon block.
    """
    lines = []
    for line in transcript.splitlines():
        if line.startswith((">>> ", "... ")):
            lines.append(line[4:])
        elif line.rstrip() in (">>>", "..."):
            lines.append("")
    return "\n".join(lines) + "\n"


# What a fence's info string may hold after its language: pymdownx.highlight's options and
# ours. superfences silently gives up on a fence it cannot parse (the rest of the page then
# renders as text with visible backticks), so anything else is an error.
ATTRIBUTES = {
    "title": 'title="file.py"',
    "linenums": 'linenums="1"',
    "hl_lines": 'hl_lines="2 3"',
    "figure": 'figure="What the figure shows, for screen readers"',
}
_ATTRIBUTE = re.compile(r'\s*(?:([\w-]+)="[^"]*"|([\w-]+)=\S*|([.#][\w-]+)|(\S+))')


def attribute_problems(fence: Fence) -> list[str]:
    """One sentence per attribute of the fence that the build does not know or cannot read."""
    info = fence.info.strip()
    braced = info.startswith("{") and info.endswith("}")
    rest = info[1:-1].strip() if braced else info
    word = _WORD.match(rest)
    rest = rest[word.end() :] if word else rest
    known = ", ".join(ATTRIBUTES.values())
    problems = []
    for match in _ATTRIBUTE.finditer(rest):
        key, unquoted, css, bare = match.groups()
        name = key or unquoted or bare
        if css and braced:
            continue  # {.python .extra}: classes and ids are fine inside braces
        if unquoted:
            problems.append(f"attribute {match[0].strip()!r} needs its value in double quotes")
        elif name in ATTRIBUTES and bare:
            problems.append(f"attribute '{name}' needs a value: {ATTRIBUTES[name]}")
        elif name not in ATTRIBUTES:
            problems.append(f"unknown attribute {(name or css)!r} (known: {known})")
    return problems
