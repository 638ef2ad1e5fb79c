import os

# pytest-xdist already runs one worker per core; BLAS threads on top of that oversubscribe the
# machine and made matrix-heavy pages ten times slower. Set before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # lets tests import helpers.py

import pytest
from filelock import FileLock

from browser import FLAGS, require_chromium, serve
from helpers import ROOT, mkdocs_build

# The test site: the real site, built ONCE per test session and served by ONE server.
#
# Material's instant navigation only takes over a click on a link whose address is in
# sitemap.xml, and it rewrites only the scheme and host of those addresses to the page's own,
# not the port or the path (Material 9.8's bundle). So the site must be built with site_url
# (SITE_URL in mkdocs.yml) equal to the exact address the browsers load it from, and the
# server at that address must live as long as the session: the worker that builds the site
# may run out of tests and exit long before the others. Hence:
#
# - the server runs in pytest-xdist's controller, the one process that lives for the whole
#   session: `pytest_configure_node` (before xdist starts each worker) starts it once, on a
#   free port, for a folder that does not exist yet, and hands each worker the folder and the
#   address (`workerinput`). The folder is in a temporary directory the controller makes and
#   removes at the end (pytest's basetemp has no public API in the controller);
# - the first worker that needs the site builds it into that folder with SITE_URL set to that
#   address, holding a file lock, and records the build's outcome beside it: xdist's
#   documented pattern for a session fixture that must run once. The other workers wait on the
#   lock and read the outcome; nobody builds twice, and a failed build fails every worker with
#   the same message;
# - with one process (-n 0, -p no:xdist) that process serves and builds, in its basetemp.
SITE = pytest.StashKey[tuple[str, str]]()
WORKER_INPUT = "mathforml_site"


def serve_site(config: pytest.Config, folder: Path) -> tuple[str, str]:
    """Serve `folder` from this process until pytest ends; returns (folder, base url)."""
    if SITE not in config.stash:
        url, stop = serve(folder)
        config.add_cleanup(stop)
        config.stash[SITE] = (str(folder), url)
    return config.stash[SITE]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    if SITE not in node.config.stash:
        shared = Path(tempfile.mkdtemp(prefix="mathforml-test-site-"))
        node.config.add_cleanup(lambda: shutil.rmtree(shared, ignore_errors=True))
        serve_site(node.config, shared / "site")  # stopped before the folder goes (cleanups: LIFO)
    node.workerinput[WORKER_INPUT] = node.config.stash[SITE]


def build_once(folder: Path, url: str) -> tuple[subprocess.CompletedProcess, bool]:
    """Build the real site into `folder` unless another process of this session already did.

    Also says whether that build was cold: no figure, lab or formula in the checkout's
    `.cache/` when it started (a fresh clone, as in CI). KaTeX does not count: the small test
    sites fetch it into the checkout's cache, possibly first."""
    outcome = folder.with_name("site-build.json")
    with FileLock(folder.with_name("site-build.lock")):
        if not outcome.exists():
            cold = not any(
                any((ROOT / ".cache").glob(pattern))
                for pattern in ("figures/*.svg", "labs/*/*.ipynb", "math-*/*.json")
            )
            started = time.monotonic()
            run = mkdocs_build(ROOT / "mkdocs.yml", folder, SITE_URL=url)  # see site_url there
            seconds = round(time.monotonic() - started, 1)
            outcome.write_text(json.dumps({**vars(run), "seconds": seconds, "cold": cold}))
    result = json.loads(outcome.read_text())
    result.pop("seconds")
    cold = result.pop("cold")
    return subprocess.CompletedProcess(**result), cold


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory):
    """The real site, built once per session and served on 127.0.0.1.

    (folder, url, the build's CompletedProcess, whether the build started from empty caches)"""
    shared = getattr(request.config, "workerinput", {}).get(WORKER_INPUT)
    if shared is None:  # no xdist controller serving it (see above): this process does
        shared = serve_site(request.config, tmp_path_factory.getbasetemp() / "site")
    folder, url = Path(shared[0]), shared[1]
    run, cold = build_once(folder, url)
    assert run.returncode == 0, run.stderr
    return folder, url, run, cold


# The order pytest-xdist hands files to the workers (whole files, in this order: `--dist
# loadfile --no-loadscope-reorder` in pyproject.toml). Its default, most tests first, started
# the phone sweep, few tests but the longest file, last: one worker swept alone for 80 s while
# the other sat idle. So:
# 1. the phone sweep: its worker builds the site (about a minute from a fresh clone), then sweeps;
# 2. the files that never need the site: the other worker's work while the site builds;
# 3. the files that need the site.
LONGEST = Path(__file__).with_name("test_phone.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    need_site = {i.path for i in items if "built_site" in getattr(i, "fixturenames", ())}
    items.sort(key=lambda i: 0 if i.path == LONGEST else 2 if i.path in need_site else 1)


# pytest-playwright: its `browser`, `context`, `new_context` and `page` fixtures, with the
# three documented overrides below, so --headed, --slowmo, --tracing, --video and
# --screenshot work as its documentation says.


def pytest_configure(config):
    browsers = set(config.getoption("--browser", default=None) or [])
    if browsers - {"chromium"} or config.getoption("--browser-channel", default=None):
        raise pytest.UsageError(
            "The browser tests drive Debian's Chromium only (/usr/bin/chromium, "
            "or $CHROME_PATH); --browser and --browser-channel would ask "
            "Playwright for a browser it downloads, which `playwright install` "
            "cannot do here."
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never one of Playwright's own; skipped without it, failing in CI."""
    headless = browser_type_launch_args.get("headless", True)  # False with --headed
    return {
        **browser_type_launch_args,
        "executable_path": require_chromium(),
        "args": [flag for flag in FLAGS if headless or flag != "--headless"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every context may read the clipboard (the copy-button tests); base_url comes from below."""
    return {**browser_context_args, "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.fixture(scope="session")
def base_url(built_site):
    return built_site[1]


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir():
    """Replaces pytest-playwright's, which empties --output (test-results/) as each xdist
    worker starts its first test, and so can delete traces another worker has already saved.
    pytest_sessionstart below empties it once, in the controller."""


def pytest_sessionstart(session):
    output = session.config.getoption("--output", default=None)
    if output and not hasattr(session.config, "workerinput"):
        shutil.rmtree(output, ignore_errors=True)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter and not hasattr(session.config, "workerinput"):
        reporter.write_line(
            "The build and browser tests share one build of the real site, made by the first "
            "test that needs it (seconds with a warm .cache/, about a minute on a fresh clone)."
        )


def pytest_terminal_summary(terminalreporter):
    if SITE in terminalreporter.config.stash:
        outcome = Path(terminalreporter.config.stash[SITE][0]).with_name("site-build.json")
        if outcome.exists():
            built = json.loads(outcome.read_text())
            how = "from empty caches" if built["cold"] else "with warm caches"
            terminalreporter.write_sep(
                "-", f"the test site was built once, {how}, in {built['seconds']} s"
            )
    from helpers import rel
    from test_examples import deliberate_skips

    skips = deliberate_skips()
    terminalreporter.write_sep("-", f"deliberately skipped examples: {len(skips)}")
    for page, line, arguments in skips:
        terminalreporter.write_line(f"{rel(page)}:{line}: {arguments.strip()}")
