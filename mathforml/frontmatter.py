"""The lesson contract: which front-matter keys a page must have, and what each must hold.

Every page needs `title` and `description`. A lesson (any page not named index.md) also needs
`time`, `prerequisites` and `objectives`. Unknown keys are errors too, so a typo such as
`objective:` cannot slip through silently.
"""

from __future__ import annotations

from pathlib import PurePosixPath

PAGE_KEYS = {"title": str, "description": str}
LESSON_KEYS = {"time": int, "prerequisites": list, "objectives": list}
# Material's own per-page switches, allowed on any page.
THEME_KEYS = {"hide", "search", "icon", "status"}

HINTS = {
    "title": 'title: "Vectors"',
    "description": "description: One sentence for search engines and link previews.",
    "time": "time: 25   # minutes, a whole number",
    "prerequisites": "prerequisites: [linear-algebra/vectors.md]   # or [] for none",
    "objectives": 'objectives:\n  - "Compute a dot product by hand"',
}


def is_lesson(src_uri: str) -> bool:
    return PurePosixPath(src_uri).name != "index.md"


def problems(src_uri: str, meta: dict, known_pages: set[str]) -> list[str]:
    """Return one readable sentence per problem; an empty list means the page is fine."""
    required = PAGE_KEYS | (LESSON_KEYS if is_lesson(src_uri) else {})
    found = []
    for key, kind in required.items():
        if key not in meta:
            found.append(f"missing front-matter key '{key}' (add e.g. {HINTS[key]})")
        elif not isinstance(meta[key], kind) or isinstance(meta[key], bool):
            found.append(f"front-matter key '{key}' must be a {kind.__name__} (e.g. {HINTS[key]})")
    for key in sorted(set(meta) - set(required) - THEME_KEYS):
        found.append(
            f"unknown front-matter key '{key}' (allowed: {', '.join([*required, *sorted(THEME_KEYS)])})"
        )
    if isinstance(meta.get("time"), int) and not 1 <= meta["time"] <= 240:
        found.append("front-matter key 'time' must be minutes between 1 and 240")
    for key in ("objectives", "prerequisites"):
        for item in meta.get(key) or []:
            if not isinstance(item, str) or not item.strip():
                found.append(f"every item of front-matter key '{key}' must be non-empty text")
    for link in meta.get("prerequisites") or []:
        if isinstance(link, str) and link not in known_pages:
            found.append(
                f"prerequisite '{link}' is not a page (write it relative to docs/, "
                "e.g. linear-algebra/vectors.md)"
            )
    if is_lesson(src_uri) and isinstance(meta.get("objectives"), list) and not meta["objectives"]:
        found.append("front-matter key 'objectives' needs at least one objective")
    return found
