"""Cold builds: draw figures and execute labs on every core before the pages ask for them.

MkDocs builds pages one after another, so a cold build drew 58 figures (matplotlib) and ran
six labs (a Jupyter kernel each) one at a time. `start` hands that work to a pool of
processes as soon as the files are known; each job fills the cache its page reads from
(.cache/figures, mkdocs-jupyter's cache), and the page hook calls `wait` for its own job
first. A job that fails is left for the page hook to meet again, so errors are reported the
usual way, with file and line. Warm builds find everything cached and start no pool.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

_pool: ProcessPoolExecutor | None = None
_jobs: dict[str, Future] = {}


def start(jobs: dict[str, tuple]) -> None:
    """Run each job, `key: (function, *args)`, in the pool; slowest first, as given."""
    global _pool
    if not jobs:
        return
    # spawn, not fork: `mkdocs serve` has threads, and a forked V8 (KaTeX) is not safe.
    _pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 2,
                                mp_context=multiprocessing.get_context("spawn"))
    for key, (function, *args) in jobs.items():
        _jobs[key] = _pool.submit(function, *args)


def wait(key: str) -> None:
    """Block until the job for `key` (if one was started) has finished, failed or not."""
    job = _jobs.pop(key, None)
    if job is not None:
        try:
            job.result()
        except Exception:  # noqa: BLE001 - the page hook redoes the work and reports it
            pass


def stop() -> None:
    global _pool
    _jobs.clear()
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None


def execute_lab(path: str, options: dict, toc_depth: int, cache_file: str) -> None:
    """Execute a lab as mkdocs-jupyter would and store the page where it looks first."""
    from mkdocs_jupyter import convert
    from mkdocs_jupyter.plugin import _get_nb_toc_tokens

    with inline_plots():
        body = convert.nb2html(path, **options)
    toc_tokens, title = _get_nb_toc_tokens(path, toc_depth)
    target = Path(cache_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_suffix(f".{os.getpid()}.tmp")
    staging.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}),
                       encoding="utf-8")
    staging.replace(target)


@contextlib.contextmanager
def inline_plots():
    """Let the lab's kernel show plots inline, whatever MPLBACKEND the build runs with.

    A kernel inherits the environment; with MPLBACKEND=Agg (as tests and headless servers
    often set) plt.show() draws nothing and the lab page silently loses its figures.
    """
    saved = os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved
