"""Style checks, the same tools and files as .pre-commit-config.yaml; every failure names file:line.

- The project's Python (mathforml/, tests/, lessons_src/, docs/conftest.py, tools/) passes
  `ruff check` and `ruff format --check` (settings in ruff.toml).
- The Python blocks of every page pass `ruff check`. A page is one namespace, read top to
  bottom, so its executed blocks (`python`, `py`, and the code of `pycon` transcripts) are joined
  in order into one virtual file named after the page; findings are reported at the Markdown
  line. Blocks are linted, not formatted: their hand alignment is part of the lesson.
- codespell finds no typo in the prose and the code comments (settings in .codespellrc, project
  words in .codespell-words.txt; British spelling is the course's convention).

Run it on changed pages only with `python tests/test_style.py docs/<page>.md ...` (the
pre-commit hook does this).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as a script for pre-commit
    sys.path.insert(0, str(ROOT))

from mathforml.fences import EXECUTED, iter_fences, repl_input  # noqa: E402

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
# What ruff checks and formats: the project's Python files (ruff.toml's header says the same).
CODE = [
    p
    for p in ("mathforml", "tests", "lessons_src", "docs/conftest.py", "tools")
    if (ROOT / p).exists()
]
# What codespell reads: prose, lessons, labs, code and its comments, and the reader-facing text
# in the site configuration and theme override.
SPELLING = [
    p
    for p in (
        "README.md",
        "CONTRIBUTING.md",
        "mkdocs.yml",
        "pyproject.toml",
        "docs",
        "lessons_src",
        "mathforml",
        "tests",
        "overrides",
        ".github",
        ".ci",
    )
    if (ROOT / p).exists()
]
# A bare comparison or expression prints its value in a REPL transcript: that is the point there.
TRANSCRIPT_ONLY = {"B015", "B018"}
SKIP_NEXT = re.compile(r"^\s*<!--\s*skip:\s*next\b")
SKIP_START = re.compile(r"^\s*<!--\s*skip:\s*start\b")
SKIP_END = re.compile(r"^\s*<!--\s*skip:\s*end\b")


def tool(name: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ruff or codespell from this Python's environment (the project's venv)."""
    try:
        if name == "ruff":
            from ruff.__main__ import find_ruff_bin

            command = [find_ruff_bin()]
        else:
            import codespell_lib  # noqa: F401

            command = [sys.executable, "-m", "codespell_lib"]
    except (ImportError, FileNotFoundError):
        pytest.fail(f"{name} is not installed: .venv/bin/pip install -e '.[test]'")
    return subprocess.run([*command, *args], input=stdin, cwd=ROOT, capture_output=True, text=True)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


# ---- the Python blocks of a page, as one file, with a map back to Markdown lines ----


def skipped_fence_lines(text: str) -> set[int]:
    """Opening lines of fences that Sybil's `<!-- skip: ... -->` directives keep from running."""
    lines, skipped, pending, inside = text.splitlines(), set(), False, False
    for fence in iter_fences(text):
        for line in lines[: fence.line - 1][::-1]:  # the directives between this fence and the last
            if line.lstrip().startswith(("```", "~~~")):
                break
            if SKIP_START.match(line):
                inside = True
                break
            if SKIP_END.match(line):
                inside = False
                break
            if SKIP_NEXT.match(line):
                pending = True
                break
        if pending or inside:
            skipped.add(fence.line)
        pending = False
    return skipped


def transcript_code(body: str, first_line: int) -> list[tuple[str, int]]:
    """The code of a `pycon` block (exactly what repl_input gives) with its Markdown lines."""
    lines, placed, i = body.splitlines(), [], 0
    for code in repl_input(body).splitlines():
        while i < len(lines) and not (lines[i].startswith((">>>", "...")) and lines[i][4:] == code):
            i += 1
        placed.append((code, first_line + min(i, len(lines) - 1)))
        i += 1
    return placed


def page_as_python(page: Path) -> tuple[str, list[tuple[int, str]]]:
    """A page's executed blocks joined in order, and for each line its (Markdown line, language)."""
    text = page.read_text(encoding="utf-8")
    skipped = skipped_fence_lines(text)
    code: list[str] = []
    origin: list[tuple[int, str]] = []
    for fence in iter_fences(text):
        if fence.language not in EXECUTED or fence.line in skipped:
            continue
        if code:
            code.append("")  # one blank line between blocks, as the reader presses Enter
            origin.append((fence.line, fence.language))
        if fence.language == "pycon":
            placed = transcript_code(fence.body, fence.line + 1)
        else:
            placed = [(line, fence.line + 1 + k) for k, line in enumerate(fence.body.splitlines())]
        for line, md_line in placed:
            code.append(line)
            origin.append((md_line, fence.language))
    return "\n".join(code) + "\n", origin


def block_findings(page: Path) -> list[str]:
    """`ruff check` on a page's blocks, as 'docs/<page>.md:<line>: <rule> <message>'."""
    source, origin = page_as_python(page)
    if not source.strip():
        return []
    # The virtual file is named after the page, so ruff.toml's "docs/**/*.md" settings apply
    # (a page from elsewhere, as in the tests below, is linted as if it were in docs/).
    name = rel(page) if page.is_relative_to(DOCS) else f"docs/{page.name}"
    run = tool(
        "ruff",
        "check",
        "--config",
        "ruff.toml",
        "--output-format",
        "json",
        "--extension",
        "md:python",
        "--stdin-filename",
        name,
        "-",
        stdin=source,
    )
    if run.returncode not in (0, 1):
        return [f"{rel(page)}: ruff failed: {run.stderr.strip()}"]
    found = []
    for item in json.loads(run.stdout):
        row = item["location"]["row"]
        md_line, language = origin[min(row, len(origin)) - 1]
        if language == "pycon" and item["code"] in TRANSCRIPT_ONLY:
            continue
        found.append(f"{rel(page)}:{md_line}: {item['code']} {item['message']}")
    return found


PAGES_WITH_CODE = [
    p
    for p in PAGES
    if any(f.language in EXECUTED for f in iter_fences(p.read_text(encoding="utf-8")))
]


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=rel)
def test_lesson_blocks_pass_ruff(page):
    found = block_findings(page)
    assert not found, "ruff on the page's code blocks (settings: ruff.toml):\n" + "\n".join(found)


def test_block_lines_map_back_to_the_markdown(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```pycon\n>>> import os\n>>> 1 == 1\nTrue\n>>> for i in range(2):\n"
        "...     i\n...\n0\n1\n```\n\n    ```python\n    import json\n    x = 1  \n    ```\n\n"
        '<!-- skip: next "shown, not run" -->\n```python\nimport sys\n```\n'
    )
    source, origin = page_as_python(page)
    assert "import sys" not in source  # a skipped block is not part of the session
    found = [line.split(": ", 1)[1] for line in block_findings(page)]
    # os (line 4) and json (line 15) are unused; line 16 has trailing whitespace; the bare
    # comparison on line 5 and the bare `i` on line 8 are fine in a transcript.
    assert [f.split(" ")[0] for f in found] == ["F401", "F401", "W291"], found
    assert [line.split(":")[1] for line in block_findings(page)] == ["4", "15", "16"]


def test_a_bare_comparison_in_a_python_block_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nx = 1\nx == 2\n```\n")
    assert [f.split(": ", 1)[1][:4] for f in block_findings(page)] == ["B015"]


# ---- the project's Python files ----


def test_code_passes_ruff_check():
    run = tool("ruff", "check", "--output-format", "concise", *CODE)
    assert run.returncode == 0, run.stdout + run.stderr


def test_code_is_ruff_formatted():
    run = tool("ruff", "format", "--check", "--output-format", "concise", *CODE)
    assert run.returncode == 0, (
        run.stdout + run.stderr + "\nfix with: .venv/bin/ruff format " + " ".join(CODE)
    )


# ---- spelling ----


def test_spelling():
    run = tool("codespell", *SPELLING)
    assert run.returncode == 0, (
        run.stdout + run.stderr + "\nA real word? Add it to .codespell-words.txt (one a line)."
    )


def test_spelling_keeps_british_english(tmp_path):
    typo = "rec" + "ieve"  # spelt out whole, it would fail test_spelling on this file
    prose = tmp_path / "prose.md"
    prose.write_text(
        "We optimise the colour of the centre, normalised and modelled: analyse,\n"
        f"behaviour, labelled, minimise. We will {typo} it.\n"
    )
    run = tool("codespell", str(prose))
    assert run.stdout.strip() == f"{prose}:2: {typo} ==> receive", run.stdout


# ---- pre-commit runs the same tools on the same files ----


def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


SUFFIXES = {"python": ".py", "pyi": ".pyi", "markdown": ".md", "text": "", "file": ""}


def hook_selects(hook: dict, path: str) -> bool:
    """Whether pre-commit would pass `path` to `hook` (its files, exclude and types)."""
    if not re.search(hook.get("files", ""), path) or re.search(hook.get("exclude", "^$"), path):
        return False
    types = [SUFFIXES[kind] for kind in hook.get("types", [])]
    types_or = [SUFFIXES[kind] for kind in hook.get("types_or", [])]
    return all(path.endswith(s) for s in types) and (not types_or or path.endswith(tuple(types_or)))


def tracked_files(*paths: str) -> list[str]:
    run = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [f for f in run.stdout.splitlines() if (ROOT / f).is_file()]


def test_pre_commit_runs_the_same_checks_on_the_same_files():
    found = hooks()
    text = (ROOT / ".pre-commit-config.yaml").read_text().splitlines()
    expected = {
        "ruff-check": (".venv/bin/ruff check", CODE, ".py"),
        "ruff-format": (".venv/bin/ruff format", CODE, ".py"),
        "codespell": (".venv/bin/codespell", SPELLING, ""),
        "lesson-blocks": (".venv/bin/python tests/test_style.py", ["docs"], ".md"),
    }
    for hook_id, (entry, paths, suffix) in expected.items():
        at = next((n for n, line in enumerate(text, 1) if line.split() == ["-", "id:", hook_id]), 1)
        where = f".pre-commit-config.yaml:{at}: {hook_id}"
        assert hook_id in found, f"{where}: no such hook; it should run {entry}"
        hook = found[hook_id]
        assert hook["entry"].startswith(entry), f"{where}: runs {hook['entry']!r}, not {entry!r}"
        # Same settings: the tools read ruff.toml and .codespellrc themselves; no extra args.
        assert not hook.get("args"), f"{where}: passes its own args {hook['args']}"
        missed = [
            f for f in tracked_files(*paths) if f.endswith(suffix) and not hook_selects(hook, f)
        ]
        assert not missed, f"{where}: skips files that tests/test_style.py checks: {missed}"


def main(paths: list[str]) -> int:
    """For pre-commit: lint the blocks of the given Markdown pages."""
    found = [
        f
        for p in paths
        if (page := (ROOT / p).resolve()).is_relative_to(DOCS)
        for f in block_findings(page)
    ]
    print("\n".join(found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
