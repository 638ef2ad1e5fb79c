"""The data files lessons and labs read: `docs/data/`, copied into every scratch folder.

A lesson reads a small classic table such as `play_tennis.csv` from its working directory,
just as a reader does after downloading the file (the site publishes it at `data/<name>`)
next to their script. So the empty folder each page's examples, each figure block and each
lab runs in starts with a copy of every file in `docs/data/`, and a figure or lab is drawn
again when one of those files changes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

FOLDER = "data"  # inside docs/


def files(docs: Path | None) -> list[Path]:
    """The data files under `docs/data/`, by name (none if there is no such folder)."""
    folder = docs / FOLDER if docs is not None else None
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file())


def copy_into(target: Path, docs: Path | None) -> None:
    """Copy every data file into `target`, a scratch folder about to be used."""
    for path in files(docs):
        shutil.copyfile(path, Path(target) / path.name)


def fingerprint(docs: Path | None) -> str:
    """A digest of the data files' names and contents, for the figure and lab caches."""
    digest = hashlib.sha256()
    for path in files(docs):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
