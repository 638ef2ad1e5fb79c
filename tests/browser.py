"""Chromium and a static file server, shared by the browser tests and tools/benchmark.py."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

# Debian's Chromium under Playwright (see FINDINGS.md). Playwright adds --headless itself
# unless it is told to run headed; Lighthouse's --chrome-flags need it spelled out.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The Chromium to drive: $CHROME_PATH if set, else Debian's `chromium` on PATH."""
    return (
        os.environ.get("CHROME_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def require_chromium() -> str:
    """Path of Chromium; skip without it, except in CI (env CI set) where that fails."""
    import pytest

    path = chromium_path()
    if not path:
        if os.environ.get("CI"):
            pytest.fail(
                "CI is set but Chromium is missing: .ci/run should have installed it", pytrace=False
            )
        pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
    return path


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; with `compress`, text types gzip-compressed as GitHub Pages does."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".py")
    compress = False

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            self.compress
            and path.suffix in self.COMPRESS
            and path.is_file()
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            body = gzip.compress(path.read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


def serve(directory, compress: bool = False):
    """Serve a folder (it may not exist yet) on 127.0.0.1 in a thread; returns (base_url, stop)."""
    handler = type("Handler", (Handler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}/", stop
