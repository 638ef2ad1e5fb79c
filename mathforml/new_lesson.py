"""`new-lesson STAGE/NAME.md "Title"`: start a lesson from the template and add it to the nav.

The template is the one printed in CONTRIBUTING.md (between the template markers), so the
guide and the scaffold cannot drift apart.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def template(root: Path = ROOT) -> str:
    guide = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = guide.split("<!-- template:start -->", 1)[1].split("<!-- template:end -->", 1)[0]
    return block.strip().removeprefix("````markdown").removesuffix("````").strip() + "\n"


_NOT_PROSE = re.compile(r"^(#|---|```|\$\$$|<!--|-->|time:|prerequisites:|objectives:\s*$)")


def placeholders(text: str, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, text) of each line still as the template wrote it: prose to replace.

    Template prose is every line outside its code blocks but for headings and the structure
    every lesson shares (front matter keys, admonition titles without "...").
    """
    prose, in_code = set(), False
    for line in template(root).splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
        elif stripped and not in_code and not _NOT_PROSE.match(stripped):
            shared = stripped.startswith(("!!!", "???")) and "..." not in stripped
            if not shared:  # an admonition title every lesson has is not a placeholder
                prose.add(stripped)
    return [
        (n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip() in prose
    ]


def add_to_nav(mkdocs_yml: str, src: str, title: str) -> str:
    """Return mkdocs.yml with `title: src` appended to the section of src's stage."""
    stage = src.split("/", 1)[0]
    lines = mkdocs_yml.splitlines()
    for i, line in enumerate(lines):
        section = re.match(rf"^(\s*)- (.+):\s*{re.escape(stage)}/index\.md\s*$", line)
        entry = re.match(rf"^(\s*)- {re.escape(stage)}/index\.md\s*$", line)
        if section:  # a one-page stage: turn it into a section
            indent = section[1]
            lines[i : i + 1] = [
                f"{indent}- {section[2]}:",
                f"{indent}    - {stage}/index.md",
                f'{indent}    - "{title}": {src}',
            ]
            return "\n".join(lines) + "\n"
        if entry:
            indent = entry[1]
            j = i + 1  # at the end of the stage (a lab follows the lesson it belongs to)...
            while j < len(lines) and lines[j].startswith(indent + "- "):
                j += 1
            if lines[j - 1].rstrip().endswith(f" {stage}/quiz.md"):
                j -= 1  # ...but before the stage's self-check, which ends it
            lines.insert(j, f'{indent}- "{title}": {src}')
            return "\n".join(lines) + "\n"
    raise SystemExit(f"mkdocs.yml has no nav entry for {stage}/index.md: add the stage first")


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="new-lesson", description=__doc__.splitlines()[0])
    parser.add_argument("path", help="lesson path inside docs/, e.g. probability/bayes.md")
    parser.add_argument("title", help='the lesson title, e.g. "Bayes theorem"')
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+\.md", args.path) or args.path.endswith("/index.md"):
        parser.error("path must look like stage/lesson-name.md (lower case, hyphens)")
    target = root / "docs" / args.path
    if target.exists():
        parser.error(f"docs/{args.path} already exists")
    config = root / "mkdocs.yml"
    new_config = add_to_nav(config.read_text(encoding="utf-8"), args.path, args.title)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template(root).replace('"TITLE"', f'"{args.title}"'), encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    print(
        f"Created docs/{args.path} and added it to the nav in mkdocs.yml.\n"
        f"Preview: .venv/bin/mkdocs serve    Check: .venv/bin/check-lesson docs/{args.path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
