import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # lets tests import helpers.py


def pytest_terminal_summary(terminalreporter):
    from test_examples import deliberate_skips

    from helpers import rel

    skips = deliberate_skips()
    terminalreporter.write_sep("-", f"deliberately skipped examples: {len(skips)}")
    for page, line, arguments in skips:
        terminalreporter.write_line(f"{rel(page)}:{line}: {arguments.strip()}")
