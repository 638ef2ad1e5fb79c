"""Runs every Python block of every page in docs/ as a pytest test (with Sybil).

Each page is one namespace, run top to bottom, exactly as a reader pasting its blocks in order.
`pycon` blocks (and `python` blocks starting with >>>) are doctests: the output shown must be
what the code prints. The only setup a reader does not see is documented on the "How to use
this course" page: NumPy 1.25-style scalar printing and matplotlib's non-interactive backend.
"""

import os

# pytest-xdist already runs one worker per core; BLAS threads on top of that oversubscribe the
# machine and made matrix-heavy pages ten times slower. Set before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import doctest

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sybil import Sybil  # noqa: E402
from sybil.evaluators.doctest import NUMBER  # noqa: E402
from sybil.parsers.markdown import SkipParser  # noqa: E402

from mathforml.sybil_parsers import PythonFenceParser  # noqa: E402


def setup(namespace):
    np.set_printoptions(legacy="1.25")  # prints 5.0, not np.float64(5.0)


def teardown(namespace):
    np.set_printoptions(legacy=False)
    plt.close("all")


pytest_collect_file = Sybil(
    parsers=[
        PythonFenceParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | NUMBER),
        SkipParser(),
    ],
    patterns=["*.md"],
    setup=setup,
    teardown=teardown,
).pytest()
