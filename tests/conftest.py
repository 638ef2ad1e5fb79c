import os

# pytest-xdist already runs one worker per core; BLAS threads on top of that oversubscribe the
# machine and made matrix-heavy pages ten times slower. Set before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import sys
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

sys.path.insert(0, str(Path(__file__).parent))  # lets tests import helpers.py

import pytest  # noqa: E402

from browser import FLAGS, serve  # noqa: E402
from helpers import ROOT, mkdocs_build  # noqa: E402


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once per test process and served on 127.0.0.1: (folder, url, run)."""
    site = tmp_path_factory.mktemp("site")
    url, stop = serve(site)
    lock = ROOT / ".cache" / "test-site-build.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        # On a fresh clone two workers building at once both draw every figure and run every
        # lab; one at a time, the second build finds the caches full.
        if fcntl:  # POSIX only; elsewhere the builds just overlap
            fcntl.flock(held, fcntl.LOCK_EX)
        run = mkdocs_build(ROOT / "mkdocs.yml", site, SITE_URL=url)  # see site_url in mkdocs.yml
    assert run.returncode == 0, run.stderr
    yield site, url, run
    stop()


@pytest.fixture(scope="session")
def base_url(built_site):
    return built_site[1]


@pytest.fixture(scope="session")
def browser():
    from browser import require_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, base_url):
    context = browser.new_context(base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    yield context
    context.close()


def pytest_terminal_summary(terminalreporter):
    from test_examples import deliberate_skips

    from helpers import rel

    skips = deliberate_skips()
    terminalreporter.write_sep("-", f"deliberately skipped examples: {len(skips)}")
    for page, line, arguments in skips:
        terminalreporter.write_line(f"{rel(page)}:{line}: {arguments.strip()}")
