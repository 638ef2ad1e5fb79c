"""The "Lesson at a glance" box a lesson opens with, written from its front matter."""

from __future__ import annotations

import posixpath
from collections.abc import Callable


def lesson_box(meta: dict, src_uri: str, title_of: Callable[[str], str]) -> str:
    """Markdown for the box: time, prerequisites linked by their titles, objectives."""
    here = posixpath.dirname(src_uri) or "."
    needs = [f"[{title_of(p)}]({posixpath.relpath(p, here)})" for p in meta["prerequisites"]]
    lines = [
        '!!! abstract "Lesson at a glance"',
        "",
        f"    :material-clock-outline: **About {meta['time']} minutes** &nbsp;·&nbsp; "
        f"**Before this:** {', '.join(needs) if needs else 'nothing but Python'}",
        "",
        "    **You will be able to:**",
        "",
        *[f"    - {objective}" for objective in meta["objectives"]],
        "",
    ]
    return "\n".join(lines) + "\n"
