"""How the test suite runs a page's examples: limits, state, number matching, failure reports.

docs/conftest.py wires these into Sybil and pytest; mathforml/sybil_parsers.py uses the
evaluators. Public APIs only: Sybil's documented evaluator protocol (a callable taking a
`sybil.Example`), the standard `doctest` runner and checker hooks, pytest's report hooks.

- Every example runs under a time limit (`time_limit()`: `mathforml.TIME_LIMIT` seconds, or
  the `MATHFORML_TIME_LIMIT` environment variable; 0 turns it off).
- Every page starts from the same state (`page_state`), whatever ran before it in the process,
  and leaves nothing behind: NumPy's print options and floating-point error handling,
  matplotlib's settings and figures, the working directory (a scratch folder per page).
- Floats in expected output match the printed value rounded to the digits written
  (`NumberChecker`).
- A failure is reported in a few lines: file:line, the failing line, the error
  (`concise_report`); long outputs are cut (`shorten`).
"""

from __future__ import annotations

import contextlib
import copy
import doctest
import os
import re
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sybil import Example
from sybil.evaluators.doctest import NUMBER
from sybil.evaluators.doctest import OutputChecker as SybilOutputChecker
from sybil.example import SybilFailure

from mathforml import TIME_LIMIT, data

# ---- the time limit ----

TIME_LIMIT_VARIABLE = "MATHFORML_TIME_LIMIT"


def time_limit() -> float:
    """Seconds an example may run: `MATHFORML_TIME_LIMIT` if set (0: no limit), else TIME_LIMIT."""
    value = os.environ.get(TIME_LIMIT_VARIABLE, "").strip()
    if not value:
        return TIME_LIMIT
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(
            f"{TIME_LIMIT_VARIABLE}={value!r}: give a number of seconds (0 for no limit)"
        ) from None
    return max(seconds, 0.0)


def seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


class TimeLimitExceeded(BaseException):
    """Raised inside an example that runs too long.

    A BaseException, like KeyboardInterrupt, so that the page's own `except Exception:` does
    not swallow it.
    """


class TimeLimited:
    """A Sybil evaluator: `evaluator`, stopped after `time_limit()` seconds.

    SIGALRM (`signal.setitimer`) interrupts the running Python code in the main thread, the
    thread pytest and its xdist workers run tests in. Elsewhere (another thread, or a platform
    without SIGALRM) the example runs without a limit. The alarm repeats every second until the
    example returns, in case the page catches the first one, and it is always switched off (and
    any timer that was running before restored) when the example ends, however it ends. A long
    call into compiled code (one huge matrix product) is interrupted only when it returns.
    """

    def __init__(self, evaluator: Callable[[Example], Any], what: str = "block") -> None:
        self.evaluator = evaluator
        self.what = what

    def __repr__(self) -> str:
        return f"TimeLimited({self.evaluator!r})"

    def __call__(self, example: Example) -> Any:
        __tracebackhide__ = True
        seconds = time_limit()
        if (
            not seconds
            or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
        ):
            return self.evaluator(example)
        message = (
            f"this {self.what} ran longer than {seconds_text(seconds)} (mathforml.TIME_LIMIT; "
            f"make it faster, or set {TIME_LIMIT_VARIABLE} to change the limit)"
        )
        active = True
        fired = False

        def on_alarm(signum, frame):
            nonlocal fired
            if active:
                fired = True
                raise TimeLimitExceeded(message)

        previous_handler = signal.signal(signal.SIGALRM, on_alarm)
        started = time.monotonic()
        previous_delay, previous_interval = signal.setitimer(
            signal.ITIMER_REAL, seconds, min(seconds, 1.0)
        )
        try:
            try:
                result = self.evaluator(example)
            finally:
                active = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
            if previous_delay:  # someone else's timer was running: give it back its time left
                left = previous_delay - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), previous_interval)
        if fired:  # the page caught the alarm (or a doctest expected some other error)
            raise TimeLimitExceeded(message)
        return result


# ---- the state every page starts from ----

# NumPy's defaults (numpy.set_printoptions documents them), with NumPy 1.25-style scalars: the
# one setting a reader types (see "How to use this course").
PRINT_OPTIONS = {
    "edgeitems": 3,
    "threshold": 1000,
    "floatmode": "maxprec",
    "precision": 8,
    "suppress": False,
    "linewidth": 75,
    "nanstr": "nan",
    "infstr": "inf",
    "sign": "-",
    "formatter": None,
    "legacy": "1.25",
    "override_repr": None,
}
# NumPy's default floating-point error handling (numpy.seterr documents it).
FLOAT_ERRORS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}


@contextlib.contextmanager
def page_state(docs: Path | None = None) -> Iterator[Path]:
    """Run a page from the course's documented state and put everything back afterwards.

    On entry: NumPy's default print options with NumPy 1.25-style scalars, NumPy's default
    floating-point error handling, matplotlib's default settings with the off-screen Agg
    backend and no open figure, and a new scratch folder as the working directory (yielded)
    holding only the course's data files (mathforml.data, from `docs`). On exit, whatever the
    page did: figures closed, the print options, error handling, matplotlib settings and
    working directory as they were before, and the scratch folder deleted. (Warning filters
    need nothing: pytest restores them after every test.)
    """
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cwd = os.getcwd()
    print_options = np.get_printoptions()
    float_errors = np.geterr()
    with (
        tempfile.TemporaryDirectory(prefix="mathforml-page-", ignore_cleanup_errors=True) as tmp,
        matplotlib.rc_context(),  # restores every rcParam on exit
    ):
        try:
            matplotlib.rcdefaults()
            np.set_printoptions(**PRINT_OPTIONS)
            np.seterr(**FLOAT_ERRORS)
            plt.close("all")
            data.copy_into(Path(tmp), docs)
            os.chdir(tmp)
            yield Path(tmp)
        finally:
            plt.close("all")
            os.chdir(cwd)  # before the scratch folder is deleted
            np.set_printoptions(**print_options)
            np.seterr(**float_errors)


class PageStates:
    """Sybil `setup`/`teardown` callables that keep each page inside `page_state()`."""

    def __init__(self, docs: Path | None = None) -> None:
        self.docs = docs  # the docs folder, whose data files each page finds in its folder
        self.open: dict[int, contextlib.ExitStack] = {}

    def setup(self, namespace: dict) -> None:
        stack = contextlib.ExitStack()
        stack.enter_context(page_state(self.docs))
        self.open[id(namespace)] = stack

    def teardown(self, namespace: dict) -> None:
        stack = self.open.pop(id(namespace), None)
        try:
            namespace.clear()  # Sybil keeps every page's document: free its arrays now
        finally:
            if stack is not None:
                stack.close()


# ---- comparing outputs: floats at the precision written ----

# A float as written in expected output: 0.707, 6., .5, 1.5e-05, 2e+10. An integer without an
# exponent is not a float here: it must match exactly.
FLOAT = re.compile(
    r"""
    (?: [+-]?\d*\.(?P<fraction>\d+) | [+-]?\d+\. ) (?: [eE] (?P<exponent>[+-]?\d+) )?
    | [+-]?\d+ [eE] (?P<integer_exponent>[+-]?\d+)
    """,
    re.VERBOSE,
)


def float_matches(written: re.Match, printed: str) -> bool:
    """Whether `printed`, rounded to the digits of `written`, is the number written.

    The tolerance is half a unit in the last digit written: 0.707 matches 0.7071067 (and
    0.70651, not 0.7076); `6.` (zero decimals) matches 6.0, 5.9999999 or 6.4, never 7.0.
    A value exactly halfway (0.55 for 0.5 or 0.6) matches both, whichever way it was rounded.
    """
    digits = len(written.group("fraction") or "")
    exponent = int(written.group("exponent") or written.group("integer_exponent") or 0)
    tolerance = 0.5 * 10.0 ** (exponent - digits)
    try:
        difference = abs(float(written.group()) - float(printed))
    except (ValueError, OverflowError):
        return False
    return difference <= tolerance * (1 + 1e-9)


class NumberChecker(SybilOutputChecker):
    """Sybil's output checker, with the NUMBER flag rounding instead of Sybil's own rule.

    Sybil's NUMBER accepts a difference of one unit in the last digit written, so `6.` (a
    NumPy whole-number float) matched 7.0 and `0.707` matched 0.7079. Here each float of the
    expected output matches the printed one rounded to the digits written (`float_matches`);
    the expected and printed outputs must have the same count of floats, in the same places.
    Everything else (ELLIPSIS, NORMALIZE_WHITESPACE, trailing whitespace) is Sybil's.
    """

    def round_numbers(self, want: str, got: str) -> str:
        """`got` with each float that matches the one written in `want` replaced by it."""
        wanted = list(FLOAT.finditer(want))
        printed = list(FLOAT.finditer(got))
        if len(wanted) != len(printed):
            return got
        pieces, end = [], 0
        for w, g in zip(wanted, printed, strict=True):
            pieces.append(got[end : g.start()])
            pieces.append(w.group() if float_matches(w, g.group()) else g.group())
            end = g.end()
        return "".join(pieces) + got[end:]

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if optionflags & NUMBER:
            got = self.round_numbers(want, got)
            optionflags &= ~NUMBER
        return super().check_output(want, got, optionflags)


# ---- failure reports ----

MAX_LINES = 40
MAX_CHARS = 4000


def shorten(text: str, max_lines: int = MAX_LINES, max_chars: int = MAX_CHARS) -> str:
    """`text`, cut after `max_lines` lines or `max_chars` characters with a note of what was cut."""
    if len(text) <= max_chars and text.count("\n") <= max_lines:
        return text
    kept = "".join(text.splitlines(keepends=True)[:max_lines])[:max_chars]
    cut_lines = text.count("\n") - kept.count("\n")
    cut_chars = len(text) - len(kept)
    note = f"[... {cut_chars:,} more characters ({cut_lines:,} more lines) cut ...]"
    return kept.rstrip("\n") + "\n" + note + ("\n" if text.endswith("\n") else "")


class DoctestRunner(doctest.DocTestRunner):
    """Runs one doctest example: mismatches reported short, exceptions raised as they are.

    An exception the example did not expect propagates (as with `doctest.DebugRunner`), so it
    is reported like an exception in a code block, with its line in the page.
    """

    def __init__(self, optionflags: int) -> None:
        self.checker = NumberChecker()
        super().__init__(checker=self.checker, verbose=False, optionflags=optionflags)

    def report_failure(self, out, test, example, got):
        shown = copy.copy(example)
        shown.want = shorten(example.want)
        out(self.checker.output_difference(shown, shorten(got), self.optionflags))

    def report_unexpected_exception(self, out, test, example, exc_info):
        raise exc_info[1]


class DoctestBlock(list):
    """A doctest block's prompts, in order: (doctest.Example, the line of the page it is on)."""


class DoctestEvaluator:
    """A Sybil evaluator for a doctest block (`DoctestBlock`): its prompts run in order, in the
    page's namespace itself (not a copy), like Sybil's DocTestEvaluator, with our runner.

    The first prompt whose output differs or that raises stops the block, and the Sybil
    example's `line` becomes that prompt's line, so that every report names it.
    """

    def __init__(self, optionflags: int = 0) -> None:
        self.runner = DoctestRunner(optionflags)

    def __call__(self, example: Example) -> str:
        __tracebackhide__ = True
        namespace = example.namespace
        named = "__name__" not in namespace
        if named:
            namespace["__name__"] = "__test__"
        try:
            for prompt, line in example.parsed:
                test = doctest.DocTest([prompt], {}, example.path, None, prompt.lineno, None)
                test.globs = namespace
                output: list[str] = []
                try:
                    self.runner.run(test, clear_globs=False, out=output.append)
                except BaseException:
                    example.line = line
                    raise
                if output:
                    example.line = line
                    return "".join(output)
            return ""
        finally:
            if named:
                del namespace["__name__"]


def doctest_filename(example: Example) -> str:
    """The file name doctest compiles an example under (one example per DocTest: index 0)."""
    return f"<doctest {example.path}[0]>"


def page_line(example: Example, exc: BaseException) -> int:
    """The line of the page where `exc` was raised: the deepest frame in the example's code."""
    line = example.line
    if isinstance(exc, SyntaxError) and exc.lineno:
        frames = [(exc.filename, exc.lineno)]
    else:
        frames = [
            (frame.f_code.co_filename, n) for frame, n in traceback.walk_tb(exc.__traceback__)
        ]
    for filename, lineno in frames:
        if filename == example.path:  # a code block, compiled at its lines in the page
            line = lineno
        elif filename == doctest_filename(example):  # a doctest example: lines from 1
            line = example.line + lineno - 1
    return line


def display_path(path: str | Path, base: Path) -> str:
    """`path` relative to `base` if it is inside it, else as it is."""
    path = Path(path)
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)


def module_path(path: str) -> str:
    """A library file as its import path shows it: numpy/linalg/_linalg.py."""
    roots = [Path(p) for p in sys.path if p and Path(path).is_relative_to(p)]
    return min((Path(path).relative_to(r).as_posix() for r in roots), key=len, default=path)


def concise_report(example: Example, exc: BaseException, base: Path) -> str:
    """A failure in a few lines: where in the page, that line, the error, where it was raised.

    `base`: the folder paths are shown relative to (where pytest was started).
    """
    where = display_path(example.path, base)
    lines = example.document.text.splitlines()
    if isinstance(exc, SybilFailure):  # a doctest example printed something else
        source = lines[example.line - 1].strip() if example.line <= len(lines) else ""
        return (
            f"{where}:{example.line}: the output is not what the page shows\n"
            f"    {source}\n{shorten(exc.result)}"
        )
    line = page_line(example, exc)
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    if isinstance(exc, TimeLimitExceeded):
        error = str(exc)
    else:
        error = shorten("".join(traceback.format_exception_only(exc)).strip())
    report = [f"{where}:{line}: {error}", f"    {source}"]
    frames = traceback.extract_tb(exc.__traceback__)
    if frames and not isinstance(exc, SyntaxError | TimeLimitExceeded):
        last = frames[-1]
        if last.filename not in (example.path, doctest_filename(example)):
            report.append(f"raised in {module_path(last.filename)}:{last.lineno}, in {last.name}")
    report.append("(the whole traceback: rerun with --tb=long)")
    return "\n".join(report)
