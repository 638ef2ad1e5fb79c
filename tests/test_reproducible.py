"""A truly cold build is byte-identical to the test site: pages, figures and notebooks.

The cold build runs in a copy of the sources in a new folder, whose `.cache/` starts empty:
it downloads KaTeX, draws every figure, executes every lab and typesets every formula
itself (the test checks that it wrote those caches). On a working tree the test site comes
from caches that earlier builds filled, so this also shows that no cache entry has gone
stale; on a fresh clone it compares two cold builds. Either way: no timestamps, random ids
or machine paths in what ships.
"""

import filecmp

from helpers import LABS, ROOT, copy_sources, mkdocs_build


def test_a_cold_build_is_byte_identical_to_the_test_site(tmp_path, built_site):
    site, url, _ = built_site
    config = copy_sources(tmp_path / "cold")
    run = mkdocs_build(config, config.parent / "site", SITE_URL=url)
    assert run.returncode == 0, run.stderr
    cache = config.parent / ".cache"
    assert len(list(cache.glob("figures/*.svg"))) > 20, "the copy drew no figures of its own"
    assert len(list(cache.glob("labs/*/*.ipynb"))) == len(LABS), "the copy executed no labs"
    assert list(cache.glob("katex-*/katex.min.css")), "the copy did not fetch KaTeX itself"
    assert list(cache.glob("math-*/*.json")), "the copy typeset no math itself"
    assert not (ROOT / "mathforml" / ".cache").exists()
    cold = config.parent / "site"
    compared = 0
    for path in sorted(cold.rglob("*")):
        if path.suffix in {".html", ".svg", ".ipynb", ".css", ".js", ".json"} and path.is_file():
            twin = site / path.relative_to(cold)
            assert filecmp.cmp(path, twin, shallow=False), f"{path.relative_to(cold)} differs"
            compared += 1
    assert compared > 20
