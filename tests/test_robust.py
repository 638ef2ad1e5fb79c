"""Mistakes a contributor can make get a clear, bounded answer naming the file and line."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import HOME, LAB_HEADER, front_matter, mini_site, mkdocs_build
from mathforml import figures, labs
from mathforml.examples import page_state


def build(tmp_path, pages, **kwargs):
    run = mkdocs_build(mini_site(tmp_path, pages, **kwargs), tmp_path / "site")
    return run.returncode, run.stderr


def lesson(body: str) -> dict[str, str]:
    return {"index.md": HOME, "stage/lesson.md": front_matter() + body}


def test_an_emoji_in_math_fails_naming_the_formula(tmp_path):
    code, log = build(tmp_path, lesson("\nFine $x$.\n\nA smile: $x + 😀$.\n"))
    assert code != 0
    assert "docs/stage/lesson.md:11: broken LaTeX in $x + 😀$" in log, log
    assert "Basic Multilingual Plane" in log and "UnicodeDecodeError" not in log, log


def test_a_character_beyond_the_bmp_that_katex_knows_is_rendered(tmp_path):
    code, log = build(tmp_path, lesson("\nDouble-struck: $\\mathbb{A} = \\text{𝔸}$.\n"))
    assert code == 0, log
    html = (tmp_path / "site" / "stage" / "lesson" / "index.html").read_text()
    assert "𝔸" in html or "&#x1D538;" in html


def test_a_figure_attribute_without_its_value_fails(tmp_path):
    body = "\n```python figure\nx = 1\n```\n\nText after the block.\n"
    code, log = build(tmp_path, lesson(body))
    assert code != 0
    assert "docs/stage/lesson.md:9: attribute 'figure' needs a value: figure=\"" in log, log


def test_an_unknown_fence_attribute_fails(tmp_path):
    code, log = build(tmp_path, lesson('\n```python tilte="a.py"\nx = 1\n```\n'))
    assert code != 0
    assert "docs/stage/lesson.md:9: unknown attribute 'tilte'" in log, log


def test_a_looping_figure_block_fails_after_the_time_limit(tmp_path):
    body = '\n```python figure="Never drawn"\nwhile True:\n    pass\n```\n'
    started = time.monotonic()
    code, log = build(tmp_path, lesson(body), time_limit=2)
    assert code != 0
    assert "docs/stage/lesson.md:9: figure block failed: the block ran longer than 2 s" in log, log
    assert time.monotonic() - started < 60


def test_a_looping_lab_cell_fails_after_the_time_limit(tmp_path):
    lab = (
        LAB_HEADER + "# %% [markdown]\n# # Slow lab\n\n# %%\nx = 1\n\n# %%\nwhile True:\n    pass\n"
    )
    code, log = build(
        tmp_path,
        {"index.md": HOME},
        nav=["index.md", "labs/slow.ipynb"],
        labs={"slow.py": lab},
        time_limit=3,
    )
    assert code != 0
    assert "lessons_src/slow.py:16: a cell ran longer than 3 s" in log, log


def test_figures_and_labs_run_in_a_scratch_folder_that_holds_the_data_files(tmp_path):
    """Figure blocks and labs read docs/data/ files by name, as readers do with the downloaded
    file beside their script; what they write is thrown away with the scratch folder."""
    reads = (
        'assert open("table.csv").read() == "x,y\\n1,2\\n"\nopen("junk-{}.txt", "w").write("x")\n'
    )
    figure = (
        '\n```python figure="A line"\nimport matplotlib.pyplot as plt\n'
        + reads.format("figure")
        + "plt.plot([0, 1])\nplt.show()\n```\n"
    )
    lab = LAB_HEADER + "# %% [markdown]\n# # Lab\n\n# %%\n" + reads.format("lab")
    config = mini_site(
        tmp_path,
        {**lesson(figure), "data/table.csv": "x,y\n1,2\n"},
        nav=["index.md", "stage/lesson.md", "labs/writes.ipynb"],
        labs={"writes.py": lab},
    )
    run = mkdocs_build(config, tmp_path / "site")  # cwd: the site's folder
    assert run.returncode == 0, run.stderr
    assert not list(tmp_path.rglob("junk-*.txt")), list(tmp_path.rglob("junk-*.txt"))
    assert (tmp_path / "site" / "data" / "table.csv").exists()  # published for readers


def test_each_page_starts_in_a_folder_with_the_data_files_and_caches_follow_them(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("x,y\n1,2\n")
    with page_state(tmp_path) as folder:
        assert sorted(p.name for p in folder.iterdir()) == ["table.csv"]
    args = ("import matplotlib.pyplot as plt\nplt.plot([0])\nplt.show()\n", "A", "s", tmp_path)
    before = (
        figures.cache_path(*args, tmp_path),
        labs.executed_path(Path(__file__), tmp_path, tmp_path),
    )
    (tmp_path / "data" / "table.csv").write_text("x,y\n1,3\n")
    after = (
        figures.cache_path(*args, tmp_path),
        labs.executed_path(Path(__file__), tmp_path, tmp_path),
    )
    assert before[0] != after[0] and before[1] != after[1]


def children(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in os.listdir(f"/proc/{parent}/task") if os.path.exists(f"/proc/{parent}") else []:
            try:
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    kids = {int(k) for k in f.read().split()}
            except OSError:
                continue
            todo += kids - found
            found |= kids
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_a_build_stopped_by_a_signal_leaves_no_workers(tmp_path):
    """The pool's workers (and the lab kernels they start) exit when the build is killed."""
    slow_figure = (
        '\n```python figure="Slow"\nimport time\nimport matplotlib.pyplot as plt\n'
        "time.sleep(60)\nplt.plot([0, 1])\nplt.show()\n```\n"
    )
    lab = LAB_HEADER + "# %% [markdown]\n# # Lab\n\n# %%\nimport time\ntime.sleep(60)\n"
    config = mini_site(
        tmp_path,
        lesson(slow_figure),
        nav=["index.md", "stage/lesson.md", "labs/sleepy.ipynb"],
        labs={"sleepy.py": lab},
    )
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "s")],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(children(build.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.5)  # two workers, a kernel, the resource tracker
        time.sleep(2)
        started = children(build.pid)
        assert len(started) >= 3, started
        build.send_signal(signal.SIGTERM)
        build.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not [pid for pid in started if alive(pid)]
    finally:
        build.kill()
        for pid in children(build.pid):
            os.kill(pid, signal.SIGKILL)
