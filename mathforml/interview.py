"""The interview-prep page: every lesson's interview questions and model answers, gathered at
build time, so that the page can never disagree with the lessons.

A lesson's "## Interview question" section holds one or more pairs of

    !!! question "Interview question: ..."
    ??? success "Model answer"
        (the answer, indented)

The page that asks for them (docs/interview/index.md) holds MARKER where they go; the plugin
calls `fill` with the lessons in navigation order, grouped by stage.

An answer is shown as written, with two changes: its relative links are made to work from the
interview page, and its code blocks, which continue the lesson's session and would not run
on their own, become a link to the lesson where they run.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

MARKER = "<!-- interview-questions -->"
SECTION = "## Interview question"
_QUESTION = re.compile(r'^!!! question "Interview question: (?P<title>.+)"[ \t]*$')
_ANSWER = re.compile(r'^\?\?\? success "Model answer"[ \t]*$')
_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}).*?^(?P=fence)[ \t]*$\n?", re.M | re.S)


class InterviewError(ValueError):
    """A lesson's interview section the page cannot use; the message says what to fix."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass
class Question:
    title: str  # without the "Interview question: " prefix
    answer: str  # Markdown, not indented
    line: int  # 1-based line of the `!!! question` in the lesson


def questions(source: str) -> list[Question]:
    """The interview questions of a lesson, in order ([] if it has no interview section)."""
    lines = source.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == SECTION)
    except StopIteration:
        return []
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    found = []
    i = start + 1
    while i < end:
        match = _QUESTION.match(lines[i])
        if not match:
            i += 1
            continue
        j = i + 1
        while j < end and not lines[j].strip():
            j += 1
        if j == end or not _ANSWER.match(lines[j]):
            raise InterviewError(
                "the interview question needs its answer right after it, "
                'as ??? success "Model answer" with the answer indented below',
                i + 1,
            )
        k = j + 1
        while k < end and (not lines[k].strip() or lines[k].startswith("    ")):
            k += 1
        answer = textwrap.dedent("\n".join(lines[j + 1 : k])).strip()
        found.append(Question(match["title"].strip(), answer, i + 1))
        i = k
    return found


def relinked(answer: str, lesson: str, here: str) -> str:
    """The answer's relative links, written for `lesson`, made to work from the page `here`
    (both paths relative to docs/)."""

    def move(match: re.Match) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):  # https:, mailto:, site-absolute
            return match[0]
        path, _, anchor = target.partition("#")
        path = path or posixpath.basename(lesson)  # "#anchor" points into the lesson itself
        path = posixpath.normpath(posixpath.join(posixpath.dirname(lesson), path))
        moved = posixpath.relpath(path, posixpath.dirname(here) or ".")
        return f"]({moved}#{anchor})" if anchor else f"]({moved})"

    return _LINK.sub(move, answer)


def shown(answer: str, lesson: str, here: str) -> str:
    """The answer as the interview page shows it."""
    lesson_link = posixpath.relpath(lesson, posixpath.dirname(here) or ".")
    code = f"*The code of this answer runs in [the lesson]({lesson_link}#interview-question).*\n"
    answer = _COMMENT.sub("", answer)  # invisible checks and notes stay with the lesson
    answer = _FENCE.sub(code, answer)
    return relinked(answer, lesson, here)


def fill(
    markdown: str,
    stages: list[tuple[str, list[str]]],
    read: Callable[[str], str],
    title_of: Callable[[str], str],
    here: str,
) -> str:
    """`markdown` with MARKER replaced by every lesson's questions, stage by stage.

    `stages` is [(stage title, [lesson path, ...]), ...] in navigation order; `read(path)`
    returns a lesson's Markdown source.
    """
    if MARKER not in markdown:
        return markdown
    parts = []
    for stage, lessons in stages:
        entries = []
        for lesson in lessons:
            try:
                found = questions(read(lesson))
            except InterviewError as exc:
                raise InterviewError(f"docs/{lesson}:{exc.line}: {exc}", exc.line) from None
            link = posixpath.relpath(lesson, posixpath.dirname(here) or ".")
            for question in found:
                title = (
                    question.title[:1].upper() + question.title[1:]
                )  # after "Interview question: "
                answer = textwrap.indent(shown(question.answer, lesson, here), "    ")
                entries.append(
                    f'!!! question "{title}"\n\n'
                    f"    From [{title_of(lesson)}]({link}#interview-question).\n\n"
                    f'??? success "Model answer"\n\n{answer}\n'
                )
        if entries:
            parts.append(f"## {stage}\n\n" + "\n".join(entries))
    return markdown.replace(MARKER, "\n".join(parts))
