"""Runs every Python block of every page in docs/ as a pytest test (with Sybil).

Each page is one namespace, run top to bottom, exactly as a reader pasting its blocks in order.
`pycon` blocks (and `python` blocks starting with >>>) are doctests: the output shown must be
what the code prints. The only setup a reader does not see is documented on the "How to use
this course" page: NumPy 1.25-style scalar printing and matplotlib's non-interactive backend.

Every page starts from the same state, whatever ran before it (NumPy's default print options
and error handling, matplotlib's defaults, an empty scratch folder as working directory), and
every example runs under a time limit: see mathforml/examples.py. A failure is reported in a
few lines (file:line, the failing line, the error); `--tb=long` shows the whole traceback.
A run that changes the files of the git checkout fails (see `pytest_sessionfinish`).
"""

import doctest
import gc
import os
import subprocess
from pathlib import Path

import pytest
from sybil import Example, Sybil
from sybil.evaluators.doctest import NUMBER
from sybil.parsers.markdown import SkipParser

from mathforml.examples import PageStates, concise_report, shorten
from mathforml.sybil_parsers import PythonFenceParser

# pytest-xdist already runs one worker per core; BLAS threads on top of that oversubscribe the
# machine and made matrix-heavy pages ten times slower. Set before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

# NumPy and matplotlib are imported by the first page's setup rather than here: pytest-xdist's
# controller loads this file too, never runs a page, and would spend a second importing them.
PAGES = PageStates(Path(__file__).parent)  # its data/ files are copied into each page's folder

GIT_STATUS = pytest.StashKey[str]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing example reported in a few lines instead of the page and NumPy's source."""
    report = yield
    example = getattr(item, "example", None)
    if not (report.failed and isinstance(example, Example)):
        return report
    report.sections = [(title, shorten(text)) for title, text in report.sections]
    if (
        call.excinfo is not None
        and item.config.getoption("tbstyle") == "auto"
        and not item.config.getoption("fulltrace")
    ):
        report.longrepr = concise_report(
            example, call.excinfo.value, item.config.invocation_params.dir
        )
    return report


def git_status(folder) -> str | None:
    """`git status --porcelain` of the checkout holding `folder` (None if it is not in one)."""
    try:
        run = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def in_controller(config) -> bool:
    """True in the process that runs the session: pytest itself or xdist's controller."""
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session):
    if in_controller(session.config):
        status = git_status(session.config.rootpath)
        if status is not None:
            session.config.stash[GIT_STATUS] = status


def pytest_sessionfinish(session):
    before = session.config.stash.get(GIT_STATUS, None)
    interrupted = session.exitstatus == pytest.ExitCode.INTERRUPTED
    if before is not None and not interrupted:
        after = git_status(session.config.rootpath)
        if after is not None and after != before:
            changed = sorted(set(after.splitlines()) - set(before.splitlines()))
            gone = sorted(set(before.splitlines()) - set(after.splitlines()))
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            lines = [
                "The test run changed the files of the checkout (`git status --porcelain`); "
                "tests must write only to temporary folders:",
                *(f"  {line}" for line in changed),
                *(f"  no longer: {line}" for line in gone),
            ]
            if reporter is not None:
                reporter.write_sep("=", "files changed by the tests", red=True)
                for line in lines:
                    reporter.write_line(line)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    # At exit Python runs full garbage collections over every object still alive (NumPy,
    # matplotlib, scikit-learn...), about a second per process here, to free memory the OS
    # reclaims anyway. Frozen objects are skipped.
    gc.freeze()


pytest_collect_file = Sybil(
    parsers=[
        PythonFenceParser(
            doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | NUMBER
        ),
        SkipParser(),
    ],
    patterns=["*.md"],
    setup=PAGES.setup,
    teardown=PAGES.teardown,
).pytest()
