"""The lesson contract, the labs and the scaffold, checked without a full build."""

import re
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

from helpers import (
    DOCS,
    HOME,
    LABS,
    PAGES,
    ROOT,
    ConfigLoader,
    front_matter,
    mini_site,
    mkdocs_build,
    nav_entries,
    rel,
)
from mathforml import frontmatter, labs, new_lesson

KNOWN = {p.relative_to(DOCS).as_posix() for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_front_matter(page):
    meta = frontmatter.read(page.read_text())
    problems = frontmatter.problems(page.relative_to(DOCS).as_posix(), meta, KNOWN)
    assert not problems, f"{rel(page)}: " + "; ".join(problems)


def test_front_matter_rules_name_the_key():
    meta = {
        "title": "T",
        "description": "D",
        "time": 0,
        "prerequisites": ["s/x.md", "x.md"],
        "objectives": [],
        "summary": "?",
    }
    found = frontmatter.problems("stage/l.md", meta, {"stage/l.md"})
    assert found == [
        "front-matter key 'time' must be minutes between 1 and 240",
        "every item of front-matter key 'prerequisites' must be a lesson path like "
        "linear-algebra/vectors.md, listed once",
        "front-matter key 'objectives' needs at least one item (e.g. objectives:\n"
        '  - "Compute a dot product by hand")',
        "unknown front-matter key 'summary' (allowed: title, description, hide, search, icon, "
        "status, time, prerequisites, objectives)",
        "prerequisite 's/x.md' is not a page (write it relative to docs/, e.g. "
        "linear-algebra/vectors.md)",
        "prerequisite 'x.md' is not a page (write it relative to docs/, e.g. "
        "linear-algebra/vectors.md)",
    ]
    assert frontmatter.problems("stage/index.md", {"title": "T", "description": "D"}, set()) == []
    stage_page = frontmatter.problems("stage/index.md", {"title": "", "time": True}, set())
    assert stage_page == [
        "missing front-matter key 'description' (add e.g. description: One sentence for search "
        "engines and link previews.)",
        "front-matter key 'title' must not be empty (e.g. title: \"Vectors\")",
        "unknown front-matter key 'time' (allowed: title, description, hide, search, icon, status)",
    ]
    assert frontmatter.problems("s/l.md", {**meta, "time": True, "summary": 1}, set())[0] == (
        "front-matter key 'time' must be a whole number (e.g. time: 25   # minutes, a whole number)"
    )


def test_front_matter_schema_is_a_valid_json_schema_that_editors_can_use():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(frontmatter.SCHEMA)
    lesson = frontmatter.read(LESSONS[0].read_text())
    assert not list(Draft202012Validator(frontmatter.SCHEMA).iter_errors(lesson))
    assert list(Draft202012Validator(frontmatter.SCHEMA).iter_errors({**lesson, "tme": 5}))


def test_a_quiz_page_is_not_a_lesson():
    """docs/<stage>/quiz.md, a stage's self-check, says `quiz: true` and nothing of a lesson's:
    no time, prerequisites or objectives, so no lesson box, time estimate or skeleton."""
    from jsonschema import Draft202012Validator

    quiz = {"title": "Stage: self-check", "description": "D", "quiz": True}
    assert frontmatter.kind_of("stage/quiz.md") == "quiz" and not frontmatter.is_lesson("s/quiz.md")
    assert frontmatter.problems("stage/quiz.md", quiz, set()) == []
    assert frontmatter.problems("stage/quiz.md", {**quiz, "quiz": False, "time": 10}, set()) == [
        "front-matter key 'quiz' must be true (e.g. quiz: true   # the page is a stage's "
        "self-check, docs/<stage>/quiz.md)",
        f"unknown front-matter key 'time' (allowed: {', '.join(frontmatter.KEYS['quiz'])})",
    ]
    missing = frontmatter.problems("stage/quiz.md", {"title": "T", "description": "D"}, set())
    assert missing == [
        "missing front-matter key 'quiz' (add e.g. quiz: true   # the page is a stage's "
        "self-check, docs/<stage>/quiz.md)"
    ]
    lesson = frontmatter.read(LESSONS[0].read_text())
    assert frontmatter.problems("stage/l.md", {**lesson, "quiz": True}, KNOWN) == [
        f"unknown front-matter key 'quiz' (allowed: {', '.join(frontmatter.KEYS['lesson'])})"
    ]
    # An editor sees no file name: the schema tells a quiz from a lesson by its `quiz` key.
    editor = Draft202012Validator(frontmatter.SCHEMA)
    assert not list(editor.iter_errors(quiz)) and list(editor.iter_errors({**quiz, "time": 5}))
    assert list(editor.iter_errors({**lesson, "quiz": True}))
    # The lesson rules leave quizzes out; the quizzes are checked in tests/test_quiz.py.
    quizzes = [p for p in PAGES if p.name == "quiz.md"]
    assert len(quizzes) == 4 and not set(quizzes) & set(LESSONS)
    for page in quizzes:
        assert frontmatter.read(page.read_text())["quiz"] is True
        assert skeleton_problems(page.read_text()), "a quiz does not pass for a lesson"


@pytest.mark.parametrize(
    "text, line",
    [
        ("No front matter.\n", 1),
        ("---\ntitle: A\ndescription: [unclosed\n---\n", 3),
        ("---\n- a list\n---\n", 1),
    ],
)
def test_unreadable_front_matter_says_where(text, line):
    with pytest.raises(frontmatter.FrontMatterError) as error:
        frontmatter.read(text)
    assert error.value.line == line


@pytest.mark.parametrize("lab", LABS, ids=rel)
def test_lab_runs_top_to_bottom_cleanly(lab, built_site):
    """The build executed every lab (mathforml/labs.py); none printed a warning or an error."""
    notebook = nbformat.read(labs.executed_path(lab, ROOT / ".cache" / "labs", DOCS), as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells and all(cell.execution_count for cell in code_cells), rel(lab)
    for cell in code_cells:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", (
                f"{rel(lab)}: warning or stderr: {output['text']}"
            )
            assert output["output_type"] != "error"


def test_a_failing_lab_cell_is_named_by_file_and_line(tmp_path):
    lab = tmp_path / "broken.py"
    lab.write_text(
        jupytext.writes(
            jupytext.reads("x = 1\n\n# %%\ny = 1 / 0\n", fmt="py:percent"), fmt="py:percent"
        )
    )
    with pytest.raises(labs.LabError) as error:
        labs.execute(str(lab), str(tmp_path / "out.ipynb"), "lessons_src/broken.py", timeout=60)
    line = lab.read_text().splitlines().index("y = 1 / 0") + 1
    assert str(error.value).startswith(f"lessons_src/broken.py:{line}: a cell of this lab failed")
    assert "ZeroDivisionError: division by zero" in str(error.value)
    assert not (tmp_path / "out.ipynb").exists()


def test_labs_start_with_a_title():
    for lab in LABS:
        first = jupytext.read(lab).cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# "), rel(lab)


@pytest.mark.parametrize("lab", LABS, ids=rel)
def test_a_lab_is_tasks_each_with_a_solution_the_page_folds(lab):
    """Learners do labs: at least three "### Task N" cells, each followed by its
    "#### Solution to task N", which the site keeps closed until opened (course.js)."""
    headings = re.findall(r"^# #{3,4} (Task|Solution to task) (\d+)", lab.read_text(), re.M)
    numbers = [n for _, n in headings[::2]]
    expected = [kind for n in numbers for kind in (("Task", n), ("Solution to task", n))]
    assert len(numbers) >= 3 and headings == expected, (
        f"{rel(lab)}: write at least three '### Task N' cells, each followed by its "
        f"'#### Solution to task N'; found {headings}"
    )


def test_each_lab_follows_the_lesson_it_belongs_to_which_links_to_it():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    entries = nav_entries(config["nav"])
    labs_in_nav = [e for e in entries if e.startswith("labs/")]
    assert sorted(labs_in_nav) == sorted(f"labs/{lab.stem}.ipynb" for lab in LABS)
    for lab in labs_in_nav:
        before = entries[entries.index(lab) - 1]
        previous = [e for e in entries[: entries.index(lab)] if not e.startswith("labs/")][-1]
        assert before == previous or before.startswith("labs/"), lab
        text = (DOCS / previous).read_text()
        assert f"labs/{Path(lab).name})" in text, (
            f"{previous} comes before {lab} in the navigation but does not link to it: add "
            f"[Lab: ...](../{lab})"
        )


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings, as Python-Markdown's toc extension makes them."""
    from markdown.extensions.toc import slugify

    text = page.read_text()
    return {slugify(h, "-") for h in re.findall(r"^#{1,6} (.+?)\s*$", text, re.M)}


def course_link_problems(text: str) -> list[str]:
    """Links to the course's own address that reach no page or no heading."""
    site = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)["site_url"]
    found = []
    for url in re.findall(re.escape(site) + r"[^)\s\"'>]*", text):
        path, _, anchor = url.removeprefix(site).partition("#")
        path = path.strip("/")
        if path and (DOCS / path).is_file() and not anchor:
            continue  # a file the site publishes as it is, such as data/messages.csv
        page = DOCS / f"{path}.md" if path else DOCS / "index.md"
        if not page.exists():
            page = DOCS / path / "index.md"
        if not page.exists():
            found.append(f"{url}: no page docs/{path}.md")
        elif anchor and anchor not in anchors(page):
            found.append(f"{url}: no heading with that anchor in {rel(page)}")
    return found


@pytest.mark.parametrize("lab", LABS, ids=rel)
def test_a_labs_links_into_the_course_reach_pages_and_anchors_that_exist(lab):
    """Labs link lessons by absolute address (it works on the site and in a downloaded
    notebook), which the strict build does not check: this does."""
    problems = course_link_problems(lab.read_text())
    assert not problems, f"{rel(lab)}: " + "; ".join(problems)


def test_the_course_link_check_bites():
    site = "https://mathforml.github.io/mathforml/"
    good = (
        f"[a]({site}calculus/gradient/#curvature-and-the-hessian) [b]({site}start/) "
        f"[c]({site}data/play_tennis.csv)"
    )
    assert course_link_problems(good) == []
    bad = (
        f"[a]({site}calculus/gradient/#no-such-heading) [b]({site}calculus/nope/) "
        f"[c]({site}data/nope.csv)"
    )
    assert len(course_link_problems(bad)) == 3


def test_new_lesson_scaffolds_a_page_that_builds_and_runs(tmp_path, request):
    (tmp_path / "CONTRIBUTING.md").write_text((ROOT / "CONTRIBUTING.md").read_text())
    # The real nav (it ends the file) and a stage that is still one roadmap page.
    nav = (ROOT / "mkdocs.yml").read_text() + "  - Later stage: later/index.md\n"
    (tmp_path / "mkdocs.yml").write_text(nav)
    (tmp_path / "docs").mkdir()
    assert new_lesson.main(["later/bayes.md", "Bayes"], root=tmp_path) == 0
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    stage = next(e for e in config["nav"] if "Later stage" in e)
    assert stage["Later stage"] == ["later/index.md", {"Bayes": "later/bayes.md"}]
    lesson = (tmp_path / "docs" / "later" / "bayes.md").read_text()
    assert lesson.startswith('---\ntitle: "Bayes"')
    # The template is a valid lesson: it builds and its examples pass.
    site = tmp_path / "mini"
    site.mkdir()
    config_path = mini_site(
        site,
        {"index.md": "---\ntitle: H\ndescription: D\n---\n\nHi.\n", "later/bayes.md": lesson},
    )
    run = mkdocs_build(config_path, site / "out")
    assert run.returncode == 0, run.stderr
    from test_examples import run_pages  # pytest in this process, with docs/conftest.py

    result = run_pages(request, {"later/bayes.md": lesson})
    passed = result.ret == pytest.ExitCode.OK and result.parseoutcomes().get("passed")
    assert passed, result.stdout.str()


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        # At the end of its stage, after the last lesson's lab...
        ("Lab: labs/x.ipynb", ["      - Lab: labs/x.ipynb", '      - "B": s/b.md']),
        # ...but before the stage's self-check, which ends it.
        ("Check: s/quiz.md", ['      - "B": s/b.md', "      - Check: s/quiz.md"]),
    ],
    ids=["after the last lab", "before the self-check"],
)
def test_new_lesson_goes_at_the_end_of_its_stage(last, expected):
    config = (
        f"nav:\n  - S:\n      - s/index.md\n      - A: s/a.md\n      - {last}\n  - T: t/index.md\n"
    )
    updated = new_lesson.add_to_nav(config, "s/b.md", "B")
    assert updated.splitlines()[-3:] == [*expected, "  - T: t/index.md"]


def test_new_lesson_refuses_bad_paths(tmp_path, capsys):
    with pytest.raises(SystemExit):
        new_lesson.main(["Not A Path.md", "X"], root=tmp_path)
    assert "stage/lesson-name.md" in capsys.readouterr().err


def test_contributing_front_matter_helper_is_a_valid_lesson():
    meta = frontmatter.read(front_matter())
    assert frontmatter.problems("stage/x.md", meta, set()) == []


SKELETON = [
    "Why this matters",
    "The picture",
    "The math",
    "Worked example by hand",
    "In code",
    "Interview question",
    "Exercises",
    "Summary",
    "Before you move on",
]
# Stage 0 pages (how to use, notation, readiness) adapt the skeleton to what they are.
LESSONS = [
    p
    for p in PAGES
    if frontmatter.is_lesson(p.relative_to(DOCS).as_posix()) and p.parent.name != "start"
]


def skeleton_problems(text: str) -> list[str]:
    """What a lesson's text lacks of the skeleton, one sentence each."""
    headings = re.findall(r"^## (.+?)\s*$", text, re.M)
    if [h for h in headings if h in SKELETON] != SKELETON:
        return [f"the lesson's ## headings must include, in order: {SKELETON}"]
    found = []
    if not re.search(r'^!!! info "ML connection', text, re.M):
        found.append('no ML connection box (!!! info "ML connection")')
    if 'figure="' not in text:
        found.append('no figure (```python figure="...")')
    exercises = text.split("## Exercises", 1)[1].split("## Summary", 1)[0]
    questions = re.findall(r'^!!! question "Exercise', exercises, re.M)
    solutions = re.split(r'^\?\?\? success "Solution', exercises, flags=re.M)[1:]
    if len(questions) < 3:
        found.append(f"{len(questions)} exercise(s): a lesson has at least 3")
    if len(solutions) != len(questions):
        found.append("every exercise needs a solution")
    for n, solution in enumerate(solutions, 1):
        if not re.search(r"^    ```(python|pycon)", solution.split("\n!!! ", 1)[0], re.M):
            found.append(f"solution {n} has no tested code block")
    interview = text.split("## Interview question", 1)[1].split("\n## ", 1)[0]
    if '??? success "Model answer' not in interview:
        found.append("no model answer to the interview question")
    items = text.split("## Before you move on", 1)[1].split("\n- [ ] ")[1:]
    if not items:
        found.append("the checklist is empty")
    for item in items:
        if not ("](#" in item or "](../" in item or ".md#" in item):
            found.append(f"checklist item without a link to where it is taught: {item[:60]}")
    return found


@pytest.mark.parametrize("page", LESSONS, ids=rel)
def test_lesson_follows_the_skeleton(page):
    problems = skeleton_problems(page.read_text())
    assert not problems, f"{rel(page)}: " + "; ".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_no_template_placeholder_is_left(page):
    left = new_lesson.placeholders(page.read_text())
    assert not left, "\n".join(
        f"{rel(page)}:{n}: replace this placeholder from the template: {text}" for n, text in left
    )


def test_the_template_has_the_skeleton_and_its_placeholders_are_named():
    template = new_lesson.template()
    assert skeleton_problems(template) == []
    placeholders = dict(new_lesson.placeholders(template))
    assert placeholders[2] == 'title: "TITLE"'
    assert "The task, small enough to do by hand." in placeholders.values()
    assert len(placeholders) >= 15
    assert skeleton_problems(template.replace('!!! question "Exercise 3: ..."', "")) == [
        "2 exercise(s): a lesson has at least 3",
        "every exercise needs a solution",
    ]


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


def test_home_page_stage_totals_match_the_lessons():
    """Each written stage's card says how many pages and labs it has and the sum of its times."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    home = (DOCS / "index.md").read_text()
    for section in config["nav"][1:]:
        (entries,) = section.values()
        if not isinstance(entries, list):
            continue  # a stage still being written: a one-page roadmap
        pages = nav_entries(entries)
        stage = pages[0].removesuffix("/index.md")
        lessons = [p for p in pages if p.endswith(".md") and frontmatter.is_lesson(p)]  # no quiz
        labs_count = sum(p.startswith("labs/") for p in pages)
        minutes = sum(frontmatter.read((DOCS / p).read_text())["time"] for p in lessons)
        noun = "pages" if stage == "start" else "lessons"
        written = f"**Written:** {len(lessons)} {noun}, {hours(minutes)}"
        plural = "lab" if labs_count == 1 else "labs"
        written += f", and {labs_count} {plural}." if labs_count else "."
        card = home.split(f"]({stage}/index.md)**", 1)[1].split("\n-   ", 1)[0]
        assert written in card, f"docs/index.md, the {stage} card: write {written!r}"


@pytest.mark.parametrize(
    "stage", sorted(p for p in PAGES if p.name == "index.md" and p.parent != DOCS), ids=rel
)
def test_stage_page_times_match_the_lessons(stage):
    """A stage table row "| [Title](lesson.md) | ... | N min |" must agree with the lesson."""
    for link, minutes in re.findall(
        r"^\|[^|]*\| \[[^\]]+\]\(([\w-]+\.md)\) \|.*\| (\d+) min \|$", stage.read_text(), re.M
    ):
        meta = frontmatter.read((stage.parent / link).read_text())
        assert meta["time"] == int(minutes), f"{rel(stage)}: {link} takes {meta['time']} min"


def test_check_lesson_runs_the_examples_and_every_rule_for_one_page(monkeypatch, capsys, tmp_path):
    """The quick loop (`check-lesson`) selects the page's examples and its per-page tests."""
    from mathforml import check_lesson

    planned = check_lesson.steps("docs/linear-algebra/vectors.md", "/tmp/site")
    assert [name for name, _ in planned] == ["examples", "rules for this page", "strict build"]
    assert planned[-1][1][-4:] == ["build", "--strict", "-d", "/tmp/site"]
    # Its build fails on a warning (with -q, MkDocs 1.6's --strict stops counting warnings).
    config = mini_site(tmp_path, {"index.md": HOME + "\nSee [a missing page](missing.md).\n"})
    build = [*planned[-1][1][:-2], "-f", str(config), "-d", str(tmp_path / "site")]
    run = subprocess.run(build, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode != 0 and "missing.md" in run.stderr
    # Run all but the whole-site build, which test_build covers.
    monkeypatch.setattr(check_lesson, "steps", lambda page, site: planned[:2])
    assert check_lesson.main(["docs/linear-algebra/vectors.md"]) == 0
    out = capsys.readouterr().out
    assert "ok     examples" in out and "ok     rules for this page" in out
    collected = subprocess.run(
        [*planned[1][1], "--collect-only"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    for rule in (
        "test_front_matter[",
        "test_lesson_follows_the_skeleton[",
        "test_no_template_placeholder_is_left[",
        "test_every_python_fence_is_executed[",
        "test_page_pastes_into_a_plain_repl[",
        "test_lesson_blocks_pass_ruff[",
    ):
        assert rule in collected, rule


def test_check_lesson_refuses_what_is_not_a_page(capsys):
    from mathforml import check_lesson

    with pytest.raises(SystemExit):
        check_lesson.main(["mkdocs.yml"])
    assert "give a lesson" in capsys.readouterr().err
