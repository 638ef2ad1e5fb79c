"""A cold build is byte-identical to the test site: pages, figures and notebooks.

On a fresh clone the test site is itself built cold, so this compares two cold builds; on a
working tree the test site comes from caches that earlier builds filled, so it also shows
that no cache entry has gone stale. Either way: no timestamps, random ids or machine paths.
"""

import filecmp
import shutil

from helpers import ROOT, mkdocs_build


def cold_copy(tmp_path):
    """A copy of the sources in a new folder, so every cache (they live beside mkdocs.yml) is empty."""
    copy = tmp_path / "cold"
    copy.mkdir()
    for item in ("docs", "lessons_src"):
        shutil.copytree(ROOT / item, copy / item)
    (copy / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    (copy / "mathforml").symlink_to(ROOT / "mathforml")
    return copy / "mkdocs.yml"


def test_a_cold_build_is_byte_identical_to_the_test_site(tmp_path, built_site):
    site, url, _ = built_site
    config = cold_copy(tmp_path)
    run = mkdocs_build(config, config.parent / "site", SITE_URL=url)
    assert run.returncode == 0, run.stderr
    cold = config.parent / "site"
    compared = 0
    for path in sorted(cold.rglob("*")):
        if path.suffix in {".html", ".svg", ".ipynb", ".css", ".js", ".json"} and path.is_file():
            twin = site / path.relative_to(cold)
            assert filecmp.cmp(path, twin, shallow=False), f"{path.relative_to(cold)} differs"
            compared += 1
    assert compared > 20
