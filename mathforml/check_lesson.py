"""`check-lesson docs/STAGE/LESSON.md` (or `lessons_src/LAB.py`): all checks on one page.

The quick loop while writing. In order, stopping at the first that fails:
1. the page's examples, as the test suite runs them (Sybil);
2. the suite's rules for that page: front matter, skeleton, template placeholders left, fence
   names, pasting into a plain REPL, lint of its Python blocks (for a lab: that it ran
   cleanly, lint);
3. a strict build of the whole site (LaTeX, links and anchors, figures, fence attributes), which
   takes seconds once `.cache/` is warm.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def steps(page: str, site: str) -> list[tuple[str, list[str]]]:
    pytest = [sys.executable, "-m", "pytest", "-n", "0", "-q", "--no-header"]
    found = [] if page.startswith("lessons_src/") else [("examples", [*pytest, page])]
    found.append(("rules for this page", [*pytest, "tests", "-k", page]))
    found.append(
        ("strict build", [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site])
    )
    return found


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="check-lesson", description=__doc__.splitlines()[0])
    parser.add_argument("page", help="docs/<stage>/<lesson>.md or lessons_src/<lab>.py")
    args = parser.parse_args(argv)
    page = Path(args.page).resolve()
    if not page.is_file() or not page.is_relative_to(root):
        parser.error(f"{args.page}: no such page in {root}")
    page_name = page.relative_to(root).as_posix()
    if not (page_name.startswith("docs/") and page.suffix == ".md") and not (
        page_name.startswith("lessons_src/") and page.suffix == ".py"
    ):
        parser.error("give a lesson (docs/<stage>/<lesson>.md) or a lab (lessons_src/<lab>.py)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="mathforml-check-") as site:
        for name, command in steps(page_name, site):
            started = time.monotonic()
            run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
            seconds = time.monotonic() - started
            if run.returncode != 0:
                print(f"FAILED {name} ({seconds:.1f} s): {' '.join(command[1:])}\n")
                print((run.stdout + run.stderr).strip())
                return 1
            print(f"ok     {name} ({seconds:.1f} s)")
    print(f"{page_name}: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
