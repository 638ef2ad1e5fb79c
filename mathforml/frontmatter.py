"""The lesson contract: reading a page's front matter and checking it.

The contract itself is a JSON Schema, `frontmatter.schema.json` beside this file, so editors
can validate front matter as you type. Every page needs `title` and `description`; a lesson
(any page not named index.md or quiz.md) also needs `time`, `prerequisites` and `objectives`.
A stage's self-check, `docs/<stage>/quiz.md`, is not a lesson: it says `quiz: true` instead
(so an editor, which sees no file name, knows it too) and gets no lesson box, no time and no
lesson skeleton. Unknown keys are errors, so a typo such as `objective:` cannot slip through.
The build, the lesson box and the tests all read front matter through `read`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import yaml
from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).parent / "frontmatter.schema.json").read_text())
_VALIDATORS = {
    kind: Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": SCHEMA["$defs"]})
    for kind in ("page", "lesson", "quiz")
}
KEYS = {  # the keys each kind of page may have, in the order error messages list them
    "page": list(SCHEMA["$defs"]["common"]["properties"]),
    "lesson": [*SCHEMA["$defs"]["common"]["properties"], *SCHEMA["$defs"]["lesson"]["properties"]],
    "quiz": [*SCHEMA["$defs"]["common"]["properties"], *SCHEMA["$defs"]["quiz"]["properties"]],
}
# MkDocs' own rule for where front matter ends (mkdocs.utils.meta), so both agree.
_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)?(?:\.{3}|-{3})[ \t]*(?:\n|$)", re.S)

HINTS = {
    "title": 'title: "Vectors"',
    "description": "description: One sentence for search engines and link previews.",
    "time": "time: 25   # minutes, a whole number",
    "prerequisites": "prerequisites: [linear-algebra/vectors.md]   # or [] for none",
    "objectives": 'objectives:\n  - "Compute a dot product by hand"',
    "quiz": "quiz: true   # the page is a stage's self-check, docs/<stage>/quiz.md",
}


class FrontMatterError(ValueError):
    """The front matter cannot be read at all; `line` is 1-based within the file."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def is_lesson(src_uri: str) -> bool:
    return PurePosixPath(src_uri).name not in ("index.md", "quiz.md")


def is_quiz(src_uri: str) -> bool:
    """A stage's self-check: docs/<stage>/quiz.md (CONTRIBUTING.md, "Adding a quiz question")."""
    return PurePosixPath(src_uri).name == "quiz.md"


def kind_of(src_uri: str) -> str:
    """Which definition of the schema a page follows: "lesson", "quiz" or "page"."""
    return "quiz" if is_quiz(src_uri) else "lesson" if is_lesson(src_uri) else "page"


def line_count(text: str) -> int:
    """How many lines the front matter takes at the top of `text` (0 if it has none)."""
    block = _BLOCK.match(text)
    return block[0].count("\n") + (not block[0].endswith("\n")) if block else 0


def read(text: str) -> dict:
    """The front matter of a page's full text, as a mapping."""
    block = _BLOCK.match(text)
    if block is None:
        raise FrontMatterError(
            "no front matter: start the file with a YAML block between two '---' lines "
            "(see CONTRIBUTING.md, 'The lesson template')"
        )
    try:
        meta = yaml.safe_load((block[1] or "").rstrip("\n"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or exc
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a YAML mapping of keys to values")
    return meta


def problems(src_uri: str, meta: dict, known_pages: set[str]) -> list[str]:
    """One readable sentence per problem; an empty list means the page keeps the contract."""
    kind = kind_of(src_uri)
    found = [_sentence(error, kind) for error in _VALIDATORS[kind].iter_errors(meta)]
    for link in meta.get("prerequisites") or []:
        if isinstance(link, str) and link not in known_pages:
            found.append(
                f"prerequisite '{link}' is not a page (write it relative to docs/, "
                "e.g. linear-algebra/vectors.md)"
            )
    return sorted(set(found), key=found.index)


def _sentence(error, kind: str) -> str:
    """A JSON Schema error as a sentence naming the key and showing a correct example."""
    key = error.path[0] if error.path else None
    hint = f" (e.g. {HINTS[key]})" if key in HINTS else ""
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return "; ".join(f"missing front-matter key '{k}' (add e.g. {HINTS[k]})" for k in missing)
    if error.validator == "unevaluatedProperties":
        unknown = sorted(set(error.instance) - set(KEYS[kind]))
        return "; ".join(
            f"unknown front-matter key '{k}' (allowed: {', '.join(KEYS[kind])})" for k in unknown
        )
    if len(error.path) > 1:  # an item of a list
        return f"every item of front-matter key '{key}' must be {_ITEM[key]}"
    if error.validator == "pattern":
        return f"front-matter key '{key}' must not be empty{hint}"
    if error.validator == "const":
        return f"front-matter key '{key}' must be {json.dumps(error.validator_value)}{hint}"
    if error.validator in ("minimum", "maximum"):
        return f"front-matter key '{key}' must be minutes between 1 and 240"
    if error.validator == "minItems":
        return f"front-matter key '{key}' needs at least one item{hint}"
    if error.validator == "type":
        kind_name = {"integer": "whole number", "array": "list"}.get(
            error.validator_value, error.validator_value
        )
        return f"front-matter key '{key}' must be a {kind_name}{hint}"
    return f"front-matter key '{key}': {error.message}{hint}"


_ITEM = {
    "prerequisites": "a lesson path like linear-algebra/vectors.md, listed once",
    "objectives": "non-empty text",
    "hide": "one of Material's hide switches (navigation, toc, footer, ...)",
}
