"""Each way a contribution can be malformed stops the build with the file and what to fix."""

import pytest

from helpers import HOME, LAB_HEADER, front_matter, mini_site, mkdocs_build

GOOD = front_matter() + "\nFine page with $x^2$.\n"


def build(tmp_path, pages, **kwargs):
    run = mkdocs_build(mini_site(tmp_path, pages, **kwargs), tmp_path / "site")
    return run.returncode, run.stderr


def test_a_good_mini_site_builds_and_shows_why_a_block_is_skipped(tmp_path):
    page = GOOD + '\n<!-- skip: next "it opens a window" -->\n```python\nplt.show()\n```\n'
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": page})
    assert code == 0, log
    html = (tmp_path / "site" / "stage" / "lesson" / "index.html").read_text()
    assert "The next block is not run by the tests" in html and "it opens a window" in html


@pytest.mark.parametrize(
    "text, expected",
    [
        ("No front matter at all.\n", "no front matter"),
        ("---\ntitle: [unclosed\n---\n\nText.\n", "lesson.md:2: front matter is not valid YAML"),
        (front_matter().replace("time: 5\n", ""), "missing front-matter key 'time'"),
        (front_matter().replace("time: 5", "time: soon"), "'time' must be a whole number"),
        (
            front_matter().replace("time: 5", "time: 5\nobjective: typo"),
            "unknown front-matter key 'objective'",
        ),
        (
            front_matter(prerequisites="[stage/nope.md]"),
            "prerequisite 'stage/nope.md' is not a page",
        ),
    ],
)
def test_bad_front_matter(tmp_path, text, expected):
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": text})
    assert code != 0
    assert "docs/stage/lesson.md" in log and expected in log, log


def test_page_missing_from_nav(tmp_path):
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": GOOD}, nav=["index.md"])
    assert code != 0
    assert "stage/lesson.md" in log and 'not included in the "nav"' in log, log


def test_nav_entry_without_a_page(tmp_path):
    code, log = build(tmp_path, {"index.md": HOME}, nav=["index.md", {"Gone": "stage/gone.md"}])
    assert code != 0
    assert "stage/gone.md" in log and "not found" in log, log


def test_broken_latex_names_file_and_line(tmp_path):
    page = front_matter() + "\nLine nine.\n\nLine eleven: $\\frac{a$ is broken.\n"
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": page})
    assert code != 0
    assert "docs/stage/lesson.md:11: broken LaTeX in $\\frac{a$" in log, log
    assert "KaTeX parse error" in log


def test_raising_figure_block(tmp_path):
    page = front_matter() + '\n```python figure="A plot"\nplot_undefined()\n```\n'
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": page})
    assert code != 0
    assert "docs/stage/lesson.md:9: figure block failed: NameError" in log, log


def test_link_to_a_missing_page(tmp_path):
    page = GOOD + "\nSee [the next lesson](next.md).\n"
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": page})
    assert code != 0
    assert "stage/lesson.md" in log and "next.md" in log, log


def test_link_to_a_missing_anchor(tmp_path):
    page = GOOD + "\n## Real heading\n\nSee [above](#no-such-heading).\n"
    code, log = build(tmp_path, {"index.md": HOME, "stage/lesson.md": page})
    assert code != 0
    assert "stage/lesson.md" in log and "no-such-heading" in log, log


def test_failing_lab_cell(tmp_path):
    lab = LAB_HEADER + "# %% [markdown]\n# # Broken lab\n\n# %%\nx = 1\n\n# %%\ny = 1 / 0\n"
    code, log = build(
        tmp_path, {"index.md": HOME}, nav=["index.md", "labs/broken.ipynb"], labs={"broken.py": lab}
    )
    assert code != 0
    assert "lessons_src/broken.py:16: a cell of this lab failed" in log, log
    assert "ZeroDivisionError" in log


PLOT = "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\n"


def test_lab_figure_that_shows_nothing(tmp_path):
    lab = LAB_HEADER + "# %% [markdown]\n# # A lab\n\n# %%\n# Figure: a falling line\nx = 1\n"
    code, log = build(
        tmp_path, {"index.md": HOME}, nav=["index.md", "labs/quiet.ipynb"], labs={"quiet.py": lab}
    )
    assert code != 0
    assert "lessons_src/quiet.py: the cell '# Figure: a falling line...' showed no plot" in log, log


def test_lab_plots_survive_a_non_inline_mplbackend(tmp_path):
    """Tests and headless servers often export MPLBACKEND=Agg; lab kernels must not inherit it."""
    lab = (
        LAB_HEADER
        + f"# %% [markdown]\n# # A lab\n\n# %%\n# Figure: a falling line\n{PLOT}plt.show()\n"
    )
    config = mini_site(
        tmp_path, {"index.md": HOME}, nav=["index.md", "labs/plot.ipynb"], labs={"plot.py": lab}
    )
    run = mkdocs_build(config, tmp_path / "site", MPLBACKEND="Agg")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "site" / "labs" / "plot" / "index.html").read_text()
    assert '<svg role="img" aria-label="a falling line"' in page
