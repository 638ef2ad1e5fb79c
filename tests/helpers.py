"""Small helpers shared by the tests: where things are, building a site, reading pages."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from mathforml import katex
from mathforml.fences import repl_input

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "includes" not in p.parts)
LABS = sorted((ROOT / "lessons_src").glob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


class ConfigLoader(yaml.Loader):
    """Reads mkdocs.yml like MkDocs, except that `!ENV [NAME, default]` gives the default."""


ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def mkdocs_build(config: Path, site_dir: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `config`: its exit code and what it logged (as `stderr`).

    With `env_vars`, the real command in a new process with those variables set (the course's
    own site is built that way, once per session). Without, the same build in this process,
    as MkDocs' command runs it: about a second less per build (no new interpreter importing
    MkDocs, Material and the plugin again), for the dozens of small sites the tests build.
    """
    if env_vars:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"]
            + ["-f", str(config), "-d", str(site_dir)],
            cwd=config.parent,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars},
            timeout=300,
        )
    return build_here(config, site_dir)


class _Log(logging.Handler):
    """What the command line prints of MkDocs' log: 'LEVEL    -  message' lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def build_here(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """The steps of mkdocs/__main__.py's `build` command, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    log, logger = _Log(), logging.getLogger("mkdocs")
    logger.addHandler(log)
    level, logger.level = logger.level, logging.INFO
    cwd = Path.cwd()
    os.chdir(config.parent)  # as the command is run: from the site's folder
    code = 0
    try:
        cfg = load_config(str(config), site_dir=str(site_dir), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except Exception as exc:  # the command prints it (an Abort, a config error) and exits 1
        log.lines.append(f"Error: {exc}")
        code = 1
    finally:
        os.chdir(cwd)
        logger.removeHandler(log)
        logger.level = level
    return subprocess.CompletedProcess(["mkdocs", "build"], code, "", "\n".join(log.lines))


def nav_entries(items) -> list[str]:
    """The nav's pages in reading order (`items`: mkdocs.yml's nav, or a section of it)."""
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += nav_entries(value) if isinstance(value, list) else [value]
    return found


# What a build reads, besides the installed mathforml plugin.
SOURCES = ("docs", "lessons_src", "overrides", "mkdocs.yml")


def copy_sources(target: Path) -> Path:
    """A copy of what a build reads, and nothing else: no `.cache/`, so its first build is cold."""
    target.mkdir(parents=True)
    for item in SOURCES:
        if (ROOT / item).is_dir():
            shutil.copytree(
                ROOT / item, target / item, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(ROOT / item, target / item)
    return target / "mkdocs.yml"


def mini_site(
    tmp: Path,
    pages: dict[str, str],
    nav: list | None = None,
    labs: dict[str, str] | None = None,
    **plugin_options,
) -> Path:
    """Write a small site that uses the real theme, plugin and extensions; return mkdocs.yml.

    `plugin_options` override the mathforml plugin's options (e.g. time_limit=2).

    Its cache starts empty, as a fresh clone's does, except for KaTeX (copied from the
    checkout's cache), so that each small site does not download it again.
    """
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = []
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(DOCS / "includes")]
    for name, text in pages.items():
        (tmp / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "docs" / name).write_text(textwrap.dedent(text).lstrip())
    shutil.copytree(DOCS / "assets", tmp / "docs" / "assets", dirs_exist_ok=True)
    for name, text in (labs or {}).items():
        (tmp / "lessons_src").mkdir(exist_ok=True)
        (tmp / "lessons_src" / name).write_text(textwrap.dedent(text).lstrip())
    config["nav"] = nav if nav is not None else list(pages)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mathforml" in plugin:
            plugin["mathforml"].update(plugin_options)
    assets = katex.ensure_assets(ROOT / ".cache")
    shutil.copytree(assets, tmp / ".cache" / assets.name, dirs_exist_ok=True)
    path = tmp / "mkdocs.yml"
    # The real config tags the emoji functions with !!python/name; dump them back the same way.
    path.write_text(yaml.dump(config, Dumper=yaml.Dumper, sort_keys=False))
    return path


# A home page and a lab header (the kernel) for the small sites the tests build.
HOME = "---\ntitle: Home\ndescription: Home page.\n---\n\nWelcome.\n"
LAB_HEADER = """\
# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

"""


def front_matter(title="A lesson", prerequisites="[]") -> str:
    return (
        f"---\ntitle: {title}\ndescription: A test page.\ntime: 5\n"
        f"prerequisites: {prerequisites}\nobjectives: [Check the build]\n---\n"
    )


def copied_text(language: str, body: str) -> str:
    """What the site's copy button should yield for a block of the Markdown source."""
    if language == "pycon":
        return repl_input(body)
    return body if body.endswith("\n") else body + "\n"
