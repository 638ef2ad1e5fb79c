"""The interview-prep page is gathered from the lessons at build time (mathforml/interview.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from helpers import ConfigLoader, nav_entries
from mathforml import frontmatter, interview

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

LESSON = """\
## In code

Text.

## Interview question

!!! question "Interview question: why $\\sqrt{d}$?"

??? success "Model answer"

    Because of [the variance](#the-math) and [PCA](../linear-algebra/pca.md).
    See [the docs](https://numpy.org/doc/).

    <!-- invisible-code-block: python
    assert True
    -->

    ```pycon
    >>> 1 + 1
    2
    ```

    The end.

!!! question "Interview question: and another?"

??? success "Model answer"

    Yes, [see this](softmax.md#p-y).

## Exercises

!!! question "Exercise 1: not an interview question"
"""


def test_every_pair_in_the_interview_section_is_found():
    found = interview.questions(LESSON)
    assert [q.title for q in found] == ["why $\\sqrt{d}$?", "and another?"]
    assert found[0].line == 7
    assert found[0].answer.startswith("Because of") and found[0].answer.endswith("The end.")
    assert interview.questions("## Why this matters\n\nNo questions here.\n") == []


def test_a_question_without_its_answer_is_an_error_naming_the_line():
    broken = LESSON.replace('??? success "Model answer"\n\n    Yes', "Yes")
    with pytest.raises(interview.InterviewError) as error:
        interview.questions(broken)
    second = broken.splitlines().index('!!! question "Interview question: and another?"') + 1
    assert error.value.line == second and "Model answer" in str(error.value)


def test_answers_link_back_and_leave_their_code_in_the_lesson():
    answer = interview.questions(LESSON)[0].answer
    shown = interview.shown(answer, "calculus/attention.md", "interview/index.md")
    assert "[the variance](../calculus/attention.md#the-math)" in shown
    assert "[PCA](../linear-algebra/pca.md)" in shown
    assert "[the docs](https://numpy.org/doc/)" in shown
    assert ">>>" not in shown and "invisible-code-block" not in shown
    assert "runs in [the lesson](../calculus/attention.md#interview-question)" in shown
    assert interview.relinked("[x](softmax.md#p-y)", "calculus/a.md", "interview/index.md") == (
        "[x](../calculus/softmax.md#p-y)"
    )


def test_the_page_groups_questions_by_stage_in_lesson_order():
    sources = {"s/a.md": LESSON, "s/b.md": "## Why this matters\n", "t/c.md": LESSON}
    page = interview.fill(
        f"Intro.\n\n{interview.MARKER}\n",
        [("Stage S", ["s/a.md", "s/b.md"]), ("Stage T", ["t/c.md"]), ("Empty", [])],
        sources.__getitem__,
        lambda path: f"Title of {path}",
        "interview/index.md",
    )
    assert interview.MARKER not in page
    assert re.findall(r"^## .*", page, re.M) == ["## Stage S", "## Stage T"]
    assert page.count('!!! question "') == 4
    assert "From [Title of s/a.md](../s/a.md#interview-question)." in page
    assert "Title of s/b.md" not in page
    assert interview.fill("No marker.\n", [], sources.__getitem__, str, "x.md") == "No marker.\n"


def nav_lessons() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    return [p for p in nav_entries(config["nav"]) if p.endswith(".md") and frontmatter.is_lesson(p)]


def test_every_interview_question_in_the_navigation_has_its_answer():
    """Caught here, before a build: a question without its answer. (That every lesson has an
    interview question is the lesson skeleton's rule, tests/test_lessons.py.)"""
    for lesson in nav_lessons():
        try:
            interview.questions((DOCS / lesson).read_text(encoding="utf-8"))
        except interview.InterviewError as exc:
            pytest.fail(f"docs/{lesson}:{exc.line}: {exc}")


def test_the_built_page_holds_every_lessons_questions(built_site):
    """In sync by construction; this checks the construction: every question of every lesson
    in the navigation is on the built page, once, with a link to its lesson."""
    folder, *_ = built_site
    page = html.unescape((folder / "interview" / "index.html").read_text(encoding="utf-8"))
    expected = [
        (lesson, question.title)
        for lesson in nav_lessons()
        for question in interview.questions((DOCS / lesson).read_text(encoding="utf-8"))
    ]
    assert len(expected) >= 55
    titles = re.findall(r'<p class="admonition-title">(.*?)</p>', page, re.S)
    assert len(titles) == len(expected)
    text = re.sub(r"<[^>]+>", "", page)  # abbreviations are marked up, for one
    for lesson, title in expected:
        url = "../" + lesson.removesuffix(".md") + "/#interview-question"
        title = title[:1].upper() + title[1:]
        if "$" not in title:  # titles with TeX are typeset, so compare the plain ones
            title = title.replace("`", "")  # Markdown code in a title becomes <code>
            assert title in text, f"docs/{lesson}: {title!r} is missing from the interview page"
        assert f'href="{url}"' in page, f"no link to {url}"
