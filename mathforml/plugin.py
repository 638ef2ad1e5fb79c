"""The course's MkDocs plugin: what it adds to a stock MkDocs + Material build, event by event.

Configured in mkdocs.yml under `plugins: - mathforml:` (options below), registered as an
entry point in pyproject.toml. Each step lives in its own module; this file only says when
each runs, in the order MkDocs calls the events:

- on_config: fetch KaTeX (once, into the cache) and start a fresh build's state.
- on_files: add lab pages and downloads (`labs`) and KaTeX's CSS and fonts; start drawing
  figures and executing labs in a process pool (`pool`), so pages need not wait in turn.
- on_nav: note each stage's lessons, in order, for the interview-prep page.
- on_pre_page: wait for a lab's execution; point its "Edit this page" at its Jupytext source.
- on_page_markdown: check front matter (`frontmatter`), add the lesson box (`lesson_box`),
  mark where figures go (`figures`), show why skipped blocks are skipped (`codeblocks`),
  gather the lessons' interview questions where a page asks for them (`interview`).
- on_page_content: keep labs' cells only (`labs`), place figures, keep code and TeX out of
  search and set code blocks and SVGs aside while search reads the page (`aside`).
- on_post_page: put them back, typeset the math (`typeset`), fix accessible names (`a11y`).

Every cache lives in `cache_dir` beside mkdocs.yml: deleting it gives a truly cold build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mathforml import TIME_LIMIT, a11y, codeblocks, figures, frontmatter, interview, katex, labs
from mathforml.aside import SetAside
from mathforml.fences import attribute_problems, iter_fences
from mathforml.lesson_box import lesson_box
from mathforml.pool import Pool
from mathforml.typeset import MathError, Typesetter, head_links

KATEX_URL = "assets/katex"


class CourseConfig(base.Config):
    labs_dir = c.Type(str, default="lessons_src")  # Jupytext labs, beside mkdocs.yml
    cache_dir = c.Type(str, default=".cache")  # beside mkdocs.yml
    time_limit = c.Type(int, default=TIME_LIMIT)  # seconds a figure block or a lab cell may run
    render_math = c.Type(bool, default=True)  # off only for the benchmark's client-side baseline
    katex_version = c.Type(str, default=katex.VERSION)
    katex_integrity = c.Type(str, default=katex.INTEGRITY)  # npm's dist.integrity of that version


@dataclass
class PageParts:
    """What one page carries from one event to the next."""

    figures: list[tuple[str, str]] = field(default_factory=list)  # (alt text, SVG)
    aside: SetAside = field(default_factory=SetAside)


class CoursePlugin(BasePlugin[CourseConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.pool = Pool()  # started by the first job, stopped after each build
        self.typesetter: Typesetter | None = None  # kept across `mkdocs serve` rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that `mkdocs serve` keeps this one object across rebuilds (MkDocs 1.4+)."""

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path).parent
        self.cache = self.root / self.config.cache_dir
        self.labs_dir = self.root / self.config.labs_dir
        self.docs = Path(config.docs_dir)
        self.katex = katex.ensure_assets(
            self.cache, self.config.katex_version, self.config.katex_integrity
        )
        math_cache = self.cache / f"math-{self.config.katex_version}"
        if self.typesetter is None or self.typesetter.cache != math_cache:
            self.on_shutdown()
            self.typesetter = Typesetter(self.katex, math_cache)
        self.pages: dict[str, PageParts] = {}
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None and jupyter.config["execute"]:
            raise PluginError(
                "mkdocs.yml: set mkdocs-jupyter's `execute: false`; the mathforml "
                "plugin executes labs itself (mathforml/labs.py)"
            )

    # --- files ----------------------------------------------------------------------------------

    @event_priority(100)  # before mkdocs-jupyter wraps notebooks as pages
    def _add_labs_and_assets(self, files: Files, *, config: MkDocsConfig) -> Files:
        # MkDocs builds the pages in the order of `files`, one after another, in this process,
        # while the pool runs the jobs in the order they are queued. Both take the labs first,
        # then the Markdown pages with their figures: the pool's first jobs are the longest, and
        # this process renders each lab (mkdocs-jupyter's work, a second a lab) as soon as it
        # has run, instead of rendering them all at the end with nothing left to overlap.
        labs_first = []
        for source in sorted(self.labs_dir.glob("*.py")):
            labs_first += self._lab_files(source, config)
        files = Files([*labs_first, *files])
        for file in files.documentation_pages():
            if file.src_uri.endswith(".md"):
                self._start_drawing(file)
        for path in sorted(self.katex.rglob("*")):
            if path.is_file() and path.name != "katex.min.js":
                uri = f"{KATEX_URL}/{path.relative_to(self.katex).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    @event_priority(-100)  # after mkdocs-jupyter has wrapped them
    def _point_notebooks_at_their_source(self, files: Files, *, config: MkDocsConfig) -> Files:
        # mkdocs-jupyter's wrapper works the source path out from src_dir, which a generated
        # file lacks; give it the executed notebook's path.
        for file in files:
            inner = getattr(file, "file", None)
            if inner is not None and self._is_lab(inner):
                file.abs_src_path = inner.abs_src_path
        return files

    on_files = CombinedEvent(_add_labs_and_assets, _point_notebooks_at_their_source)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.stages = [
            (
                section.title,
                [
                    item.file.src_uri
                    for item in section.children
                    if isinstance(item, Page)
                    and item.file.src_uri.endswith(".md")
                    and frontmatter.is_lesson(item.file.src_uri)
                ],
            )
            for section in nav.items
            if isinstance(section, Section)
        ]
        return nav

    # --- pages ----------------------------------------------------------------------------------

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self._is_lab(page.file):
            try:
                self.pool.result(f"lab:{page.file.src_uri}")  # mkdocs-jupyter renders it next
            except labs.LabError as exc:
                raise PluginError(str(exc)) from None
            page.edit_url = self._lab_edit_url(page.file, config)
        return page

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self._is_lab(page.file):
            return markdown
        where = f"docs/{page.file.src_uri}"
        source = page.file.content_string
        try:
            meta = frontmatter.read(source)
        except frontmatter.FrontMatterError as exc:
            raise PluginError(f"{where}:{exc.line}: {exc}") from None
        for fence in iter_fences(source):
            for problem in attribute_problems(fence):
                raise PluginError(f"{where}:{fence.line}: {problem}")
        known = {f.src_uri for f in files.documentation_pages()}
        problems = frontmatter.problems(page.file.src_uri, meta, known)
        if problems:
            raise PluginError(f"{where}: " + "; ".join(problems))
        # Figure blocks are found in the whole file, so that their line numbers count the
        # front matter (which `markdown` no longer has).
        offset = source.count("\n") - markdown.count("\n")
        parts = self.pages[page.file.src_uri] = PageParts()
        found = figures.blocks("\n" * offset + markdown)
        for block in found:
            if not block.alt:
                raise PluginError(
                    f'{where}:{block.fence.line}: figure="" needs alt text '
                    "describing the figure for readers who cannot see it"
                )
            salt = block.salt(page.file.src_uri)
            try:
                svg = self.pool.result(f"figure:{salt}") or figures.render_svg(
                    block.fence.body, block.alt, salt, self.cache / "figures", None, self.docs
                )
            except figures.FigureError as exc:
                raise PluginError(
                    f"{where}:{block.fence.line}: figure block failed: {exc}"
                ) from None
            parts.figures.append((block.alt, svg))
        markdown = figures.with_markers("\n" * offset + markdown, found)[offset:]
        markdown = codeblocks.skip_notices(markdown)
        if frontmatter.is_lesson(page.file.src_uri):
            markdown = lesson_box(meta, page.file.src_uri, self._title_of) + "\n" + markdown
        try:
            return interview.fill(
                markdown, self.stages, self._source_of, self._title_of, page.file.src_uri
            )
        except interview.InterviewError as exc:
            raise PluginError(str(exc)) from None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        parts = self.pages.setdefault(page.file.src_uri, PageParts())
        if self._is_lab(page.file):
            stem = Path(page.file.src_uri).stem
            downloads = {
                "Download .ipynb": self._url(f"{labs.URL}/files/{stem}.ipynb", page),
                "Download .py (Jupytext)": self._url(f"{labs.URL}/files/{stem}.py", page),
            }
            try:
                html = labs.page_html(html, self._display(self.labs_dir / f"{stem}.py"), downloads)
            except labs.LabError as exc:
                raise PluginError(str(exc)) from None
            # Plots, like lesson figures, wait aside: their tick labels are no search matter.
            html = labs.PLOT.sub(lambda plot: parts.aside.put(plot[0]), html)
        for n, (alt, svg) in enumerate(parts.figures):
            html = html.replace(
                f"<p>{figures.marker(n)}</p>", figures.element(n, alt, parts.aside.put(svg))
            )
        return codeblocks.out_of_search(html, parts.aside.put)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self.pages.pop(page.file.src_uri, PageParts()).aside.restore(output)
        output = codeblocks.copy_without_prompts(output)
        if self.config.render_math:
            try:
                output = self.typesetter.page(output, page.file.src_uri, self._is_lab(page.file))
            except MathError as exc:
                raise PluginError(
                    f"{self._where(page, exc.tex)}: broken LaTeX in ${exc.tex}$: {exc}"
                ) from None
        output = head_links(output, lambda path: self._url(f"{KATEX_URL}/{path}", page))
        return a11y.fix(output)

    # --- the end of a build ---------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.pool.close()

    def on_build_error(self, *, error: Exception) -> None:
        self.pool.close()

    def on_shutdown(self) -> None:
        self.pool.close()
        if self.typesetter is not None:
            self.typesetter.close()
            self.typesetter = None

    # --- helpers --------------------------------------------------------------------------

    def _lab_files(self, source: Path, config: MkDocsConfig) -> list[File]:
        """The lab's page (its executed notebook, executed in the pool if not cached yet),
        and its downloads."""
        executed = labs.executed_path(source, self.cache / "labs", self.docs)
        page = f"{labs.URL}/{source.stem}.ipynb"
        if not executed.exists():
            args = (
                str(source),
                str(executed),
                self._display(source),
                self.config.time_limit,
                str(self.docs),
            )
            self.pool.submit(f"lab:{page}", labs.execute, *args)
        notebook, script = (
            f"{labs.URL}/files/{source.stem}.ipynb",
            f"{labs.URL}/files/{source.name}",
        )
        return [
            File.generated(config, page, abs_src_path=str(executed)),
            File.generated(config, notebook, content=labs.downloadable(source)),
            File.generated(config, script, content=source.read_bytes()),
        ]

    def _start_drawing(self, file: File) -> None:
        """Draw the page's figures in the pool, unless they are cached."""
        for block in figures.blocks(file.content_string):
            salt = block.salt(file.src_uri)
            args = (block.fence.body, block.alt, salt, self.cache / "figures")
            if block.alt and not figures.cache_path(*args, self.docs).exists():
                time_limit = self.config.time_limit
                self.pool.submit(f"figure:{salt}", figures.render_svg, *args, time_limit, self.docs)

    def _is_lab(self, file: File) -> bool:
        return (
            file.src_uri.startswith(f"{labs.URL}/")
            and file.src_uri.endswith(".ipynb")
            and "/files/" not in file.src_uri
        )

    def _lab_edit_url(self, file: File, config: MkDocsConfig) -> str | None:
        """Where a lab is edited: its source in `labs_dir`, not the notebook the build makes."""
        if not config.edit_uri:
            return None
        docs = urljoin((config.repo_url or "").rstrip("/") + "/", config.edit_uri)
        source = self.labs_dir / f"{Path(file.src_uri).stem}.py"
        return urljoin(docs, Path(os.path.relpath(source, self.docs)).as_posix())

    def _display(self, path: Path) -> str:
        """A source file as error messages name it: relative to mkdocs.yml."""
        return path.relative_to(self.root).as_posix()

    def _where(self, page: Page, text: str) -> str:
        """'file:line' of the first place `text` occurs in the page's source."""
        if self._is_lab(page.file):
            path = self.labs_dir / f"{Path(page.file.src_uri).stem}.py"
        else:
            path = Path(page.file.abs_src_path)
        source = path.read_text(encoding="utf-8")
        index = source.find(text)
        line = f":{source.count(chr(10), 0, index) + 1}" if index >= 0 else ""
        return f"{self._display(path)}{line}"

    def _source_of(self, src_uri: str) -> str:
        return (self.docs / src_uri).read_text(encoding="utf-8")

    def _title_of(self, src_uri: str) -> str:
        return frontmatter.read(self._source_of(src_uri)).get("title", src_uri)

    @staticmethod
    def _url(path: str, page: Page) -> str:
        return get_relative_url(path, page.url or ".")
