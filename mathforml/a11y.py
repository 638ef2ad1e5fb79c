"""Accessible names Material's templates leave out (found by axe-core; see the tests).

Small string edits on the final HTML instead of copies of Material's templates, so a theme
upgrade keeps working; tests/test_accessibility.py fails if one stops applying.
"""

from __future__ import annotations

import html
import re

_TASK = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control">'
    r'<input type="checkbox")([^>]*/>.*?</label>)(.*?)(?=</li>|<ul)',
    re.S,
)


def _label_task(m: re.Match) -> str:
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", m[3])).split())
    return f'{m[1]} aria-label="{html.escape(text[:120])}"{m[2]}{m[3]}'


def fix(output: str) -> str:
    output = output.replace('role="dialog">', 'role="dialog" aria-label="Search">', 1)
    return _TASK.sub(_label_task, output)
