"""Contributors are one click away: every page links "Edit this page" to its source on GitHub
and "Report a problem" to the issue form with the page filled in, and shows the day git last
changed it (mkdocs.yml, overrides/main.html). Static checks of the built site: no browser."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import yaml

from helpers import LABS, ROOT

GITHUB = "https://github.com/mathforml/mathforml"
EDIT = f"{GITHUB}/edit/main/"  # then the source's path in the repository
LESSON = "linear-algebra/vectors/"  # a page of the site, and its source below
LESSON_SOURCE = "docs/linear-algebra/vectors.md"
BUTTON = re.compile(r"<a\b[^>]*\bmd-content__button\b[^>]*>")  # Material's, above the title


class _Tag(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.attrs = dict(attrs)  # values unescaped, as a browser reads them


def buttons(page_html: str) -> list[dict]:
    """The attributes of the links above the page's title (edit, report)."""
    start = page_html.index("<article")
    found = []
    for tag in BUTTON.findall(page_html, start, start + 20_000):
        parser = _Tag()
        parser.feed(tag)
        found.append(parser.attrs)
    return found


def source_of(url: str) -> str:
    """The file, relative to the repository, that the page at `url` (site-relative) is built
    from: a lab's Jupytext script, or a Markdown page."""
    if url.startswith("labs/"):
        return f"lessons_src/{url.split('/')[1]}.py"
    for candidate in (f"docs/{url.rstrip('/')}.md", f"docs/{url}index.md"):
        if (ROOT / candidate).is_file():
            return candidate
    raise AssertionError(f"{url}: no source in docs/")


def pages(site: Path) -> dict[str, str]:
    """{site-relative url: html} of every page."""
    return {
        (p.parent.relative_to(site).as_posix() + "/").removeprefix("./"): p.read_text()
        for p in sorted(site.rglob("index.html"))
    }


def test_every_page_links_to_its_source_and_to_the_issue_form_with_itself_filled_in(built_site):
    site, base_url, *_ = built_site
    found = pages(site)
    assert LESSON in found and f"labs/{LABS[0].stem}/" in found and "" in found  # home too
    for url, page_html in found.items():
        links = buttons(page_html)
        edit = [a["href"] for a in links if a.get("rel") == "edit"]
        assert edit == [EDIT + source_of(url)], f"{url}: Edit this page links to {edit}"
        report = [a for a in links if a["href"].startswith(f"{GITHUB}/issues/new?")]
        assert len(report) == 1, f"{url}: no Report a problem link beside Edit this page"
        assert report[0].get("title"), f"{url}: the report link has no accessible name"
        query = parse_qs(urlsplit(report[0]["href"]).query)
        page = query.get("page")
        assert page == [urljoin(base_url, url)], f"{url}: the form gets {page}"


def test_a_labs_edit_link_opens_its_jupytext_source(built_site):
    """Not labs/<name>.ipynb, which the build makes and the repository does not hold."""
    site, *_ = built_site
    lab = LABS[0]
    edit = [a["href"] for a in buttons((site / "labs" / lab.stem / "index.html").read_text())]
    assert EDIT + f"lessons_src/{lab.name}" in edit, f"labs/{lab.stem}/ edits {edit}"


def test_the_report_link_opens_a_form_that_github_fills_in_from_its_query(built_site):
    """GitHub fills an issue form's field from the query parameter named by the field's id;
    tests/test_github.py checks the form against GitHub's schema."""
    site, *_ = built_site
    links = buttons((site / LESSON / "index.html").read_text())
    report = [a["href"] for a in links if a["href"].startswith(f"{GITHUB}/issues/new?")]
    assert report, f"{LESSON}: no Report a problem link"
    query = parse_qs(urlsplit(report[0]).query)
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / query.pop("template")[0]
    fields = {f.get("id"): f for f in yaml.safe_load(form.read_text())["body"]}
    assert query, "the report link fills in nothing"
    for key in query:
        assert key in fields, f"{form.name} has no field with id {key!r} to fill in"
        assert fields[key]["type"] in {"input", "textarea"}, f"{form.name}: {key} is not text"


def last_update(page_html: str) -> str | None:
    """The date Material shows under the page ("Last update"), if any."""
    aside = re.search(r'<aside class="md-source-file">(.*?)</aside>', page_html, re.S)
    date = aside and re.search(r'revision-date-localized-plugin-date"[^>]*>([^<]+)<', aside[1])
    return date[1].strip() if date else None


def test_a_lesson_shows_the_day_git_last_changed_its_source(built_site):
    """The plugin dates a page by the author date of the last commit that changed its source,
    in UTC; a lab's page, made by the build, has no commit, and shows no date rather than the
    build's clock (overrides/main.html), which would make two builds differ."""
    site, *_ = built_site
    stamp = subprocess.run(
        ["git", "log", "-1", "--format=%at", "--", LESSON_SOURCE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    day = datetime.fromtimestamp(int(stamp), UTC)
    expected = f"{day:%B} {day.day}, {day.year}"  # English, "long": December 7, 2026
    shown = last_update((site / LESSON / "index.html").read_text())
    assert shown == expected, f"{LESSON} shows {shown}; git last changed {LESSON_SOURCE} {expected}"
    lab = site / "labs" / LABS[0].stem / "index.html"
    assert last_update(lab.read_text()) is None, "a lab shows the build's clock as its date"
