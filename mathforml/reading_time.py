"""A lesson's honest time, estimated from its content.

Readers told us our times were half of what they needed. The estimate counts what a careful
learner does with a page:

- reads its prose (TeX formulas count as one word each) at 130 words a minute, a pace for
  technical text that has to be understood, not skimmed;
- reads, pastes and runs its visible code at 4 lines a minute (blank lines not counted);
- attempts each exercise for 5 minutes before opening its solution (the solution's prose and
  code are counted above).

A lesson's `time` must be within TOLERANCE of the estimate, and no lesson may come out above
MAX_MINUTES: split it instead (CONTRIBUTING.md, "Honest times").
"""

from __future__ import annotations

import re

from mathforml import frontmatter
from mathforml.fences import EXECUTED, iter_fences

WORDS_PER_MINUTE = 130
CODE_LINES_PER_MINUTE = 4
MINUTES_PER_EXERCISE = 5
TOLERANCE = 0.15
MAX_MINUTES = 120


def counts(text: str) -> tuple[int, int, int]:
    """(prose words, visible code lines, exercises) of a page."""
    lines = text.splitlines()
    skip = set(range(frontmatter.line_count(text)))
    code_lines = 0
    for f in iter_fences(text):
        skip.update(range(f.line - 1, f.end_line))
        if f.language in EXECUTED:
            code_lines += sum(1 for line in f.body.splitlines() if line.strip())
    prose = "\n".join(line for i, line in enumerate(lines) if i not in skip)
    prose = re.sub(r"<!--.*?-->", " ", prose, flags=re.S)  # invisible blocks and markers
    prose = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " formula ", prose, flags=re.S)
    prose = re.sub(r"\]\([^)]*\)", "]", prose)
    words = len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", prose))
    exercises = len(re.findall(r'^!!! question "Exercise', text, re.M))
    return words, code_lines, exercises


def estimate(text: str) -> int:
    """Minutes, rounded to the nearest 5."""
    words, code_lines, exercises = counts(text)
    minutes = (
        words / WORDS_PER_MINUTE
        + code_lines / CODE_LINES_PER_MINUTE
        + exercises * MINUTES_PER_EXERCISE
    )
    return max(5, 5 * round(minutes / 5))


def problem(stated: int, text: str) -> str | None:
    """Why `stated` minutes is not an honest time for this page, or None."""
    est = estimate(text)
    words, code_lines, exercises = counts(text)
    how = (
        f"{words} words of prose, {code_lines} lines of code and {exercises} exercise(s) "
        f"make about {est} minutes"
    )
    if est > MAX_MINUTES:
        return f"{how}, above the {MAX_MINUTES}-minute limit: split the lesson in two"
    if abs(stated - est) > max(5, TOLERANCE * est):
        return f"time: {stated}, but {how}: set `time: {est}`"
    return None
