"""The lesson contract, the labs and the scaffold, checked without a full build."""

import re
import subprocess
import sys

import jupytext
import nbclient
import pytest
import yaml

from helpers import DOCS, LABS, PAGES, ROOT, ConfigLoader, front_matter, mini_site, mkdocs_build, rel
from mathforml import frontmatter, new_lesson

KNOWN = {p.relative_to(DOCS).as_posix() for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_front_matter(page):
    text = page.read_text()
    assert text.startswith("---\n"), f"{rel(page)}: no front matter"
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    problems = frontmatter.problems(page.relative_to(DOCS).as_posix(), meta, KNOWN)
    assert not problems, f"{rel(page)}: " + "; ".join(problems)


def test_front_matter_rules_name_the_key():
    meta = {"title": "T", "description": "D", "time": 0, "prerequisites": ["x.md"],
            "objectives": [], "summary": "?"}
    found = " | ".join(frontmatter.problems("stage/l.md", meta, {"stage/l.md"}))
    for fragment in ("'time' must be minutes", "prerequisite 'x.md'", "'objectives' needs",
                     "unknown front-matter key 'summary'"):
        assert fragment in found
    assert frontmatter.problems("stage/index.md", {"title": "T", "description": "D"}, set()) == []


@pytest.mark.parametrize("lab", LABS, ids=rel)
def test_lab_runs_top_to_bottom_cleanly(lab):
    notebook = jupytext.read(lab)
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", f"{rel(lab)}: warning or stderr: {output['text']}"
            assert output["output_type"] != "error"


def test_labs_start_with_a_title():
    for lab in LABS:
        first = jupytext.read(lab).cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# "), rel(lab)


def test_new_lesson_scaffolds_a_page_that_builds_and_runs(tmp_path):
    for name in ("CONTRIBUTING.md", "mkdocs.yml"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    (tmp_path / "docs").mkdir()
    assert new_lesson.main(["probability/bayes.md", "Bayes"], root=tmp_path) == 0
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    stage = next(e for e in config["nav"] if "Probability & statistics" in e)
    assert stage["Probability & statistics"] == ["probability/index.md", {"Bayes": "probability/bayes.md"}]
    lesson = (tmp_path / "docs" / "probability" / "bayes.md").read_text()
    assert lesson.startswith('---\ntitle: "Bayes"')
    # The template is a valid lesson: it builds and its examples pass.
    site = tmp_path / "mini"
    site.mkdir()
    config_path = mini_site(site, {"index.md": "---\ntitle: H\ndescription: D\n---\n\nHi.\n",
                                   "probability/bayes.md": lesson})
    run = mkdocs_build(config_path, site / "out")
    assert run.returncode == 0, run.stderr
    (site / "docs" / "conftest.py").write_text((DOCS / "conftest.py").read_text())
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider",
                          "-c", "/dev/null", "--rootdir", str(site), "-q",
                          str(site / "docs" / "probability" / "bayes.md")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and " passed" in run.stdout, run.stdout


def test_new_lesson_goes_after_the_lessons_and_before_the_labs():
    config = "nav:\n  - S:\n      - s/index.md\n      - A: s/a.md\n      - Lab: labs/x.py\n"
    updated = new_lesson.add_to_nav(config, "s/b.md", "B")
    assert updated.splitlines()[-2:] == ['      - "B": s/b.md', "      - Lab: labs/x.py"]


def test_new_lesson_refuses_bad_paths(tmp_path, capsys):
    with pytest.raises(SystemExit):
        new_lesson.main(["Not A Path.md", "X"], root=tmp_path)
    assert "stage/lesson-name.md" in capsys.readouterr().err


def test_contributing_front_matter_helper_is_a_valid_lesson():
    meta = yaml.safe_load(front_matter().split("---\n")[1])
    assert frontmatter.problems("stage/x.md", meta, set()) == []


SKELETON = ["Why this matters", "The picture", "The math", "In code", "Worked example by hand",
            "Interview question", "Exercises", "Summary", "Before you move on"]
# Stage 0 pages (how to use, notation, readiness) adapt the skeleton to what they are.
LESSONS = [p for p in PAGES if frontmatter.is_lesson(p.relative_to(DOCS).as_posix())
           and p.parent.name != "start"]


@pytest.mark.parametrize("page", LESSONS, ids=rel)
def test_lesson_follows_the_skeleton(page):
    text = page.read_text()
    headings = re.findall(r"^## (.+?)\s*$", text, re.M)
    assert [h for h in headings if h in SKELETON] == SKELETON, (
        f"{rel(page)}: the lesson's ## headings must include, in order: {SKELETON}")
    assert re.search(r'^!!! info "ML connection', text, re.M), f"{rel(page)}: no ML connection box"
    assert 'figure="' in text, f"{rel(page)}: no figure"
    exercises = text.split("## Exercises", 1)[1].split("## Summary", 1)[0]
    questions = re.findall(r'^!!! question "Exercise', exercises, re.M)
    solutions = re.split(r'^\?\?\? success "Solution', exercises, flags=re.M)[1:]
    assert len(questions) >= 3, f"{rel(page)}: fewer than 3 exercises"
    assert len(solutions) == len(questions), f"{rel(page)}: every exercise needs a solution"
    for n, solution in enumerate(solutions, 1):
        body = solution.split("\n!!! ", 1)[0]
        assert re.search(r"^    ```(python|pycon)", body, re.M), (
            f"{rel(page)}: solution {n} has no tested code block")
    interview = text.split("## Interview question", 1)[1].split("\n## ", 1)[0]
    assert '??? success "Model answer' in interview, f"{rel(page)}: no model answer"
    items = text.split("## Before you move on", 1)[1].split("\n- [ ] ")[1:]
    assert items, f"{rel(page)}: the checklist is empty"
    for item in items:
        assert "](#" in item or "](../" in item or ".md#" in item, (
            f"{rel(page)}: checklist item without a link to where it is taught: {item[:60]}")


@pytest.mark.parametrize("stage", sorted(p for p in PAGES if p.name == "index.md" and p.parent != DOCS),
                         ids=rel)
def test_stage_page_times_match_the_lessons(stage):
    """A stage table row "| [Title](lesson.md) | ... | N min |" must agree with the lesson."""
    for link, minutes in re.findall(r"^\|[^|]*\| \[[^\]]+\]\(([\w-]+\.md)\) \|.*\| (\d+) min \|$",
                                    stage.read_text(), re.M):
        meta = yaml.safe_load((stage.parent / link).read_text().split("---\n", 2)[1])
        assert meta["time"] == int(minutes), f"{rel(stage)}: {link} takes {meta['time']} min"
