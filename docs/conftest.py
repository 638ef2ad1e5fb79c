"""Runs every Python block of every page in docs/ as a pytest test (with Sybil).

Each page is one namespace, run top to bottom, exactly as a reader pasting its blocks in order.
`pycon` blocks (and `python` blocks starting with >>>) are doctests: the output shown must be
what the code prints. The only setup a reader does not see is documented on the "How to use
this course" page: NumPy 1.25-style scalar printing and matplotlib's non-interactive backend.
"""

import doctest
import gc
import os

from sybil import Sybil
from sybil.evaluators.doctest import NUMBER
from sybil.parsers.markdown import SkipParser

from mathforml.sybil_parsers import PythonFenceParser

# pytest-xdist already runs one worker per core; BLAS threads on top of that oversubscribe the
# machine and made matrix-heavy pages ten times slower. Set before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


def setup(namespace):
    # NumPy and matplotlib are imported here rather than at the top because pytest-xdist's
    # controller loads this file too, never runs a page, and would spend a second importing
    # them before starting the workers.
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    np.set_printoptions(legacy="1.25")  # prints 5.0, not np.float64(5.0)


def teardown(namespace):
    import matplotlib.pyplot as plt
    import numpy as np

    np.set_printoptions(legacy=False)
    plt.close("all")
    namespace.clear()  # Sybil keeps every page's document, so free its arrays now


def pytest_sessionfinish(session):
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
    setup=setup,
    teardown=teardown,
).pytest()
