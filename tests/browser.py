"""Shared set-up for the tests that drive real Chromium against the built site."""

import functools
import http.server
import os
import shutil
import threading

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> str:
    """Path of Debian's Chromium; skip the module without it, except in CI where that fails."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is missing: .ci/run should have installed it",
                        pytrace=False)
        pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
    return path


def serve(directory):
    """Serve a folder on 127.0.0.1 in a thread; returns (base_url, stop)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}/", stop
