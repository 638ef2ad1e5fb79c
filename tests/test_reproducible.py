"""A cold build and a warm build of the same sources are byte-identical: pages, figures, notebooks.

One of the two builds starts from empty caches and so downloads nothing it may reuse, draws
every figure, executes every lab and typesets every formula itself (the test checks that it
wrote those caches); the other reuses caches. Equal bytes show that no cache entry is stale or
leaks into the output, and that nothing machine- or time-dependent ships (timestamps, random
ids, paths).

Which build is cold depends on the checkout, so that the suite never pays for two cold builds:
- on a fresh clone (CI), the test site itself was built from empty caches, into the
  checkout's `.cache/`; the other build is a warm one, in a copy of the sources given a copy of
  that cache;
- on a working tree whose `.cache/` earlier builds filled, the test site is the warm build; the
  other build is cold, in a copy of the sources whose `.cache/` starts empty.

Each page shows the date of the last commit that changed it (git-revision-date-localized in
mkdocs.yml), so the copy is given the checkout's git history too: a `.git` file naming the
checkout's repository, which the build only reads. Both builds then take every date from the
same commits, never from the clock.
"""

import filecmp
import shutil
import subprocess
from pathlib import Path

from helpers import LABS, ROOT, copy_sources, mkdocs_build


def assert_filled_by_a_cold_build(cache: Path) -> None:
    assert len(list(cache.glob("figures/*.svg"))) > 20, "the cold build drew no figures"
    assert len(list(cache.glob("labs/*/*.ipynb"))) == len(LABS), "the cold build ran no labs"
    assert list(cache.glob("katex-*/katex.min.css")), "no KaTeX in the cold build's cache"
    assert list(cache.glob("math-*/*.json")), "the cold build typeset no math"


def share_git_history(copy: Path) -> None:
    """Let git, run in `copy`, read the checkout's repository (unless there is none)."""
    git = subprocess.run(
        ["git", "rev-parse", "--absolute-git-dir"], cwd=ROOT, capture_output=True, text=True
    )
    if git.returncode == 0:
        (copy / ".git").write_text(f"gitdir: {git.stdout.strip()}\n")


def test_a_cold_and_a_warm_build_are_byte_identical(tmp_path, built_site):
    site, url, _, site_was_cold = built_site
    config = copy_sources(tmp_path / "copy")
    share_git_history(config.parent)
    cache = config.parent / ".cache"
    if site_was_cold:
        assert_filled_by_a_cold_build(ROOT / ".cache")
        shutil.copytree(ROOT / ".cache", cache)
    run = mkdocs_build(config, config.parent / "site", SITE_URL=url)
    assert run.returncode == 0, run.stderr
    if not site_was_cold:
        assert_filled_by_a_cold_build(cache)
    assert not (ROOT / "mathforml" / ".cache").exists()
    other = config.parent / "site"
    compared = 0
    for path in sorted(other.rglob("*")):
        if path.suffix in {".html", ".svg", ".ipynb", ".css", ".js", ".json"} and path.is_file():
            twin = site / path.relative_to(other)
            assert filecmp.cmp(path, twin, shallow=False), f"{path.relative_to(other)} differs"
            compared += 1
    assert compared > 20
