"""Two cold builds of the same sources produce byte-identical pages, figures and notebooks."""

import filecmp
import shutil
from concurrent.futures import ThreadPoolExecutor

from helpers import ROOT, mkdocs_build


def cold_copy(tmp_path, name):
    """A copy of the sources with its own empty notebook cache (mkdocs-jupyter's is per folder)."""
    copy = tmp_path / name
    copy.mkdir()
    for item in ("docs", "lessons_src"):
        shutil.copytree(ROOT / item, copy / item)
    (copy / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    (copy / "mathforml").symlink_to(ROOT / "mathforml")
    return copy / "mkdocs.yml"


def test_two_cold_builds_are_byte_identical(tmp_path):
    configs = [cold_copy(tmp_path, name) for name in ("a", "b")]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda c: mkdocs_build(c, c.parent / "site"), configs))
    for run in runs:
        assert run.returncode == 0, run.stderr
    a, b = (c.parent / "site" for c in configs)
    compared = 0
    for path in sorted(a.rglob("*")):
        if path.suffix in {".html", ".svg", ".ipynb", ".css", ".js", ".json"} and path.is_file():
            twin = b / path.relative_to(a)
            assert filecmp.cmp(path, twin, shallow=False), f"{path.relative_to(a)} differs"
            compared += 1
    assert compared > 20
