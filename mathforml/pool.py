"""Slow build work (drawing figures, executing labs) on every core, before the pages ask.

MkDocs builds pages one after another. A cold build has dozens of figures to draw and
several labs to execute, so the plugin hands that work to a pool of processes as soon as
the files are known, and each page waits only for its own jobs. A job's exception is raised
again where the page waits for it, so errors still name the page and line.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


class Pool:
    """Jobs by name; `result(name)` waits for one. Nothing starts until `submit` is called."""

    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.jobs: dict[str, Future] = {}

    def submit(self, name: str, function: Callable[..., Any], *args: Any) -> None:
        if self.executor is None:
            # spawn, not fork: `mkdocs serve` runs threads, and a forked V8 (KaTeX) is unsafe.
            self.executor = ProcessPoolExecutor(
                max_workers=os.cpu_count() or 2,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=set_up_worker,
                initargs=(os.getpid(),),
            )
        self.jobs[name] = self.executor.submit(function, *args)

    def result(self, name: str) -> Any:
        """The job's return value (None if no job has that name); re-raises its exception."""
        job = self.jobs.pop(name, None)
        return None if job is None else job.result()

    def close(self) -> None:
        self.jobs.clear()
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
            self.executor = None


# The pool already runs one job per core; a NumPy that also starts a BLAS thread per core in
# each job oversubscribes the machine (a lab's matrix products ran many times slower on two
# busy cores). Set before the worker's first job imports NumPy; a value set by the user wins.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def set_up_worker(parent: int) -> None:
    for name, value in ONE_THREAD.items():
        os.environ.setdefault(name, value)
    exit_with_parent(parent)


def exit_with_parent(parent: int) -> None:
    """In a worker: end this process soon after the build's process has gone.

    A build stopped by a signal (`kill`, a closed terminal) runs no clean-up, and its
    workers, about 150 MB each, would otherwise live on with nothing to do.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()
