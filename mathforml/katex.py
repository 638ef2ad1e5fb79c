"""Build-time KaTeX: fetch one pinned KaTeX release and render TeX to HTML with it.

The same npm tarball supplies the renderer (katex.min.js, run in V8 via mini-racer) and the
CSS and fonts the pages link to, so the markup and the styles can never disagree on version.
Nothing here needs Node: the tarball comes straight from the npm registry over HTTPS and is
checked against the registry's published sha512 before use.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

# The defaults of the plugin's katex_version and katex_integrity options (mkdocs.yml).
VERSION = "0.16.47"
INTEGRITY = "sha512-Eeo8Ys1doU1z+x8AZsPpQu+p/QcZBI5PeOo7QGQdy2x2m0MU/hYagBbGOmXwr5KVbEfVuWv9LpnQWeehogurjg=="  # noqa: E501

# Browsers that can run the site all take WOFF2, so the older formats are never requested.
_OTHER_FONT_FORMATS = re.compile(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)')


class KatexError(ValueError):
    """KaTeX refused a formula; the message is KaTeX's own."""


def tarball_url(version: str = VERSION) -> str:
    return f"https://registry.npmjs.org/katex/-/katex-{version}.tgz"


def ensure_assets(cache_dir: Path, version: str = VERSION, integrity: str = INTEGRITY) -> Path:
    """Return a folder holding katex.min.js, katex.min.css and fonts/*.woff2, fetching once.

    `integrity` is the npm registry's `dist.integrity` of that version (`npm view
    katex@VERSION dist.integrity`).
    """
    target = cache_dir / f"katex-{version}"
    if (target / "katex.min.css").exists():
        return target
    tarball = tarball_url(version)
    with urllib.request.urlopen(tarball, timeout=60) as response:
        data = response.read()
    algorithm, expected = integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise RuntimeError(
            f"{tarball} does not match the pinned {algorithm} integrity "
            "(plugin option katex_integrity in mkdocs.yml)"
        )
    # Several builds may start at once on a fresh checkout (the tests run in parallel), so each
    # unpacks into its own folder and the first complete one to be renamed into place wins.
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".katex-{version}-", dir=cache_dir))
    (staging / "fonts").mkdir()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/dist/")
            if name in ("katex.min.js", "katex.min.css") or (
                name.startswith("fonts/") and name.endswith(".woff2")
            ):
                (staging / name).write_bytes(tar.extractfile(member).read())
    css = (staging / "katex.min.css").read_text()
    (staging / "katex.min.css").write_text(_OTHER_FONT_FORMATS.sub("", css))
    try:
        staging.rename(target)
    except OSError:  # another build got there first with the same files
        shutil.rmtree(staging)
    return target


class Renderer:
    """One V8 context with KaTeX loaded; close() it, or the process may hang at exit."""

    def __init__(self, assets: Path, macros: dict[str, str] | None = None):
        from py_mini_racer import MiniRacer

        self._ctx = MiniRacer()
        self._ctx.eval((assets / "katex.min.js").read_text())
        self._macros = macros or {}
        # mini-racer hands strings back as UTF-8 and cannot decode half of a UTF-16 pair,
        # which is how V8 holds a character outside the Basic Multilingual Plane (an emoji).
        # KaTeX cuts such pairs in two in its messages, so each half leaves V8 as \u{D83D}
        # (and, should KaTeX ever render one, a whole pair as an HTML reference &#x1F600;).
        self._render = self._ctx.eval(
            "(function (tex, display, macros) {"
            "  const pair = /[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]/g, half = /[\\uD800-\\uDFFF]/g;"
            "  const hex = c => c.codePointAt(0).toString(16).toUpperCase();"
            "  try { return [true, katex.renderToString(tex, {displayMode: display,"
            "         throwOnError: true, strict: 'error', macros: JSON.parse(macros)})"
            "         .replace(pair, c => '&#x' + hex(c) + ';')]; }"
            "  catch (e) { return [false, String(e.message || e)"
            "         .replace(half, c => '\\\\u{' + hex(c) + '}')]; } })"
        )

    def render(self, tex: str, display: bool) -> str:
        ok, result = self._render(tex, display, json.dumps(self._macros))
        if not ok:
            if "\\u{D" in result:
                result += (
                    ". KaTeX cannot typeset characters outside the Basic Multilingual "
                    "Plane, such as emoji: move them out of the formula"
                )
            raise KatexError(result)
        return result

    def close(self) -> None:
        self._ctx.close()
