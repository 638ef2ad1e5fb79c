"""Every number the prose or the TeX of a page states is one its code computes or uses.

A worked example that says "the solution is (0.3, 1.2)" while the code below it finds
(0.4, -0.3) is wrong in a way no example test can see. This check reads the numbers a page
states outside its code:

- decimals (`0.36`, `-1.6`, `91.3%`, `1.5 \\times 10^{-8}`) anywhere in prose and TeX;
- the integer entries of vectors and matrices written in TeX (`(17, -3, 55)`, `bmatrix`);

and requires each to appear, rounded to the digits written and with its sign, among the number
literals of the page's code: visible blocks, their printed outputs (`pycon`), and invisible
guard blocks (see mathforml/guards.py). A number that is not a result (a version, a year, a
quoted figure) is declared on the line before its paragraph, with the reason:

    <!-- not-computed: 3.11, 2.1 "Python and NumPy versions" -->
"""

from __future__ import annotations

import re

from mathforml import frontmatter
from mathforml.fences import iter_fences
from mathforml.guards import INVISIBLE

SCIENTIFIC = re.compile(r"(?<![\w.])([-−]?)(\d+(?:\.\d+)?)\s*\\times\s*10\^\{?([-−]?\d+)\}?")
DECIMAL = re.compile(r"(?<![\w.])([-−]?)(\d+\.\d+)(?![\w.]*\d)(\\?%)?")
MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+)\$", re.S)
TUPLE = re.compile(r"\(\s*([-−]?\d+(?:\.\d+)?(?:\s*,\s*[-−]?\d+(?:\.\d+)?)+)\s*\)")
MATRIX = re.compile(r"\\begin\{[bpv]matrix\}(.*?)\\end\{[bpv]matrix\}", re.S)
LITERAL = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|(?<![\w.])-?\.\d+")
MARKER = re.compile(r'<!--\s*not-computed:\s*(?P<numbers>[^"]*?)\s*"(?P<why>[^"]+)"\s*-->')
MARKER_START = re.compile(r"<!--\s*not-computed\b")


def _hidden_lines(text: str) -> set[int]:
    """0-based lines that are code, front matter or HTML comments: not prose."""
    hidden = set(range(frontmatter.line_count(text)))
    for f in iter_fences(text):
        hidden.update(range(f.line - 1, f.end_line))
    for m in re.finditer(r"<!--.*?-->", text, re.S):
        first = text.count("\n", 0, m.start())
        hidden.update(range(first, first + m[0].count("\n") + 1))
    return hidden


def known_numbers(text: str) -> list[float]:
    """Every number literal in the page's code, outputs and invisible blocks."""
    code = [f.body for f in iter_fences(text) if f.language in {"python", "py", "pycon"}]
    code += [m["code"] for m in INVISIBLE.finditer(text)]
    return [float(x) for body in code for x in LITERAL.findall(body)]


def stated(text: str) -> list[tuple[int, float, int, str]]:
    """(1-based line, value, decimals written, as written) for each number the prose states."""
    hidden = _hidden_lines(text)
    found = []
    for i, line in enumerate(text.splitlines()):
        if i in hidden:
            continue
        prose = re.sub(r"`[^`]*`", " ", line)  # inline code is code
        prose = re.sub(r"\]\([^)]*\)|<[^>]+>", " ", prose)  # link targets and HTML tags
        prose = prose.replace("−", "-")
        for m in SCIENTIFIC.finditer(prose):
            mantissa = m[2]
            digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
            value = float(mantissa) * 10 ** int(m[3].replace("−", "-")) * (-1 if m[1] else 1)
            found.append((i + 1, value, digits - int(m[3]), m[0]))
        prose = SCIENTIFIC.sub(" ", prose)
        for m in DECIMAL.finditer(prose):
            value, digits = float(m[2]) * (-1 if m[1] else 1), len(m[2].split(".")[1])
            if m[3]:  # 91.3% is 0.913
                value, digits = value / 100, digits + 2
            found.append((i + 1, value, digits, m[0]))
        for m in MATH.finditer(prose):
            tex = m[1] or m[2]
            entries = [x for t in TUPLE.finditer(tex) for x in t[1].split(",")]
            entries += [x for b in MATRIX.finditer(tex) for x in re.split(r"&|\\\\", b[1])]
            for x in entries:
                x = x.strip()
                if re.fullmatch(r"-?\d+", x):
                    found.append((i + 1, float(x), 0, x))
    return found


def _exempt(text: str) -> tuple[dict[int, set[str]], list[tuple[int, str]]]:
    """Lines -> numbers declared not computed there; and malformed markers."""
    lines = text.splitlines()
    exempt: dict[int, set[str]] = {}
    bad = []
    for i, line in enumerate(lines):
        if not MARKER_START.search(line):
            continue
        m = MARKER.search(line)
        if not m or not m["numbers"].strip():
            bad.append((i + 1, 'write the marker as <!-- not-computed: 3.11, 2.1 "why" -->'))
            continue
        numbers = {n.strip().replace("−", "-") for n in m["numbers"].split(",")}
        j = i + 1
        while j < len(lines) and lines[j].strip():  # the paragraph that follows
            exempt.setdefault(j + 1, set()).update(numbers)
            j += 1
    return exempt, bad


def _matches(value: float, digits: int, known: list[float]) -> bool:
    return any(round(k, digits) == round(value, digits) for k in known)


def problems(text: str) -> list[tuple[int, str]]:
    """(line, what to do) for each stated number no code on the page computes or uses."""
    known = known_numbers(text)
    exempt, found = _exempt(text)
    for line, value, digits, written in stated(text):
        if written.lstrip("-") in exempt.get(line, ()) or written in exempt.get(line, ()):
            continue
        if not _matches(value, digits, known):
            found.append(
                (
                    line,
                    f"{written} is stated but no code on the page computes it: compute it (or "
                    "assert it in an invisible block), correct it, or, if it is not a result, "
                    "declare it on the line before the paragraph: <!-- not-computed: "
                    f'{written} "why" -->',
                )
            )
    return sorted(found)
