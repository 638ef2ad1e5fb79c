"""The whole course offline (tools/pdf.py): one print page, and a PDF printed from it.

Printing all of the course (over 600 pages) takes minutes, so the PDF here is printed from a
few pages that cover each kind (the home page, two stages, a lesson with math, code and
figures, a lab); the print page of the whole course is assembled and checked without printing.
The PDF is read with poppler-utils (`pdfinfo`, `pdftotext`, `pdftohtml`), as a reader's
viewer would read it.
"""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape

import pytest
import yaml

from helpers import ROOT, ConfigLoader

sys.path.insert(0, str(ROOT / "tools"))
import pdf

# Printed by the PDF tests: two stages, each with a page under it, one of them a lab.
PRINTED = [
    "",
    "start/",
    "start/how-to-use/",
    "linear-algebra/",
    "linear-algebra/vectors/",
    "labs/cosine_similarity/",
]
# What the PDF must show of docs/linear-algebra/vectors.md.
CODE = "directions = np.stack([np.cos(t), np.sin(t)])"  # a line of its code
MATH = "v12 + v22 + ⋯ + vn2"  # \sqrt{v_1^2 + ... + v_n^2} as KaTeX draws it (TeX has \cdots)
FIGURE = "All vectors of norm 1"  # a figure's title, drawn as text in its SVG


def address(src: str) -> str:
    """The built page's address of a nav entry: `linear-algebra/vectors.md` -> `.../vectors/`."""
    path = src.removesuffix(".md").removesuffix(".ipynb").removesuffix("index")
    return path if path.endswith("/") or not path else path + "/"


def nav_levels() -> list[tuple[str, int]]:
    """(address, outline level) of every page in mkdocs.yml's nav, in order: 1 for the home
    page, each stage's own page and the other top-level pages, 2 for the pages of a stage."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)["nav"]
    levels = []
    for entry in nav:
        (target,) = entry.values() if isinstance(entry, dict) else (entry,)
        if isinstance(target, str):
            levels.append((address(target), 1))
            continue
        for n, child in enumerate(target):
            (path,) = child.values() if isinstance(child, dict) else (child,)
            levels.append((address(path), 1 if n == 0 else 2))
    return levels


def title(site, url: str) -> str:
    """A built page's title as its heading shows it (and so the outline)."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", (site / url / "index.html").read_text(), re.S)[1]
    heading = re.sub(r'<a class="(?:headerlink|anchor-link)".*?</a>', "", heading)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", heading)).split())


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {tool} is missing: .ci/run installs poppler-utils")
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def course(built_site):
    """The print page of the whole course."""
    return pdf.print_page(built_site[0])


@pytest.fixture(scope="module")
def printed(built_site, browser, tmp_path_factory):
    """The PDF of the pages in PRINTED, its text and its pdftohtml XML (outline and links)."""
    site, url = built_site[0], built_site[1]
    html = pdf.print_page(site, set(PRINTED))
    path = tmp_path_factory.mktemp("pdf") / "course.pdf"
    context = browser.new_context()
    # Served beside the built site without writing into it (other tests compare its files).
    context.route(url + pdf.PRINT, lambda route: route.fulfill(body=html, content_type="text/html"))
    pdf.write_pdf(context.new_page(), url + pdf.PRINT, path)
    context.close()
    xml = ET.fromstring(poppler("pdftohtml", "-xml", "-i", "-stdout", str(path)))
    return path, poppler("pdftotext", str(path), "-"), xml


def test_the_print_page_holds_every_page_in_nav_order_with_each_stage_over_its_pages(course):
    # The first heading of each page's section: the PDF's outline is made from the headings.
    found = re.findall(r'<section class="mfml-print-page" id="([^"]+)">.*?<h(\d)', course, re.S)
    expected = [(pdf.anchor(url), str(level)) for url, level in nav_levels()]
    assert found == expected
    assert course.count("<h1") == sum(level == 1 for _, level in nav_levels())


def test_the_print_page_links_within_itself_and_is_kept_out_of_search(course, built_site):
    ids = set(re.findall(r'\sid="([^"]*)"', course))
    targets = re.findall(r'\shref="#([^"]*)"', course)
    assert sorted({t for t in targets if t not in ids}) == []
    parts = re.split(r'<section class="mfml-print-page" id="([^"]+)">', course)
    between_pages = [
        target
        for page, part in zip(parts[1::2], parts[2::2], strict=True)
        for target in re.findall(r'\shref="#([^"]*)"', part)
        if target != page and not target.startswith(page + "--")
    ]
    assert len(between_pages) > 500, "links between the course's pages are no longer links"
    for url, _ in nav_levels():  # no link to a page of the course leaves the document
        assert f'href="{built_site[1]}{url}"' not in course
        assert f'href="{built_site[1]}{url}#' not in course
    assert '<meta name="robots" content="noindex">' in course
    assert "<script" not in course and 'class="arithmatex"' not in course  # typeset, no JS


def test_the_pdf_has_a_sane_number_of_tagged_pages(printed):
    info = poppler("pdfinfo", str(printed[0]))
    assert 25 <= int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]) <= 80, info
    assert re.search(r"^Tagged:\s+yes", info, re.M), info


def outline(xml) -> list[tuple[str, int, list[str]]]:
    """The PDF's top-level bookmarks: (title, page, titles of the bookmarks under it)."""
    top = []
    assert xml.find("outline") is not None, "the PDF has no outline"
    items = list(xml.find("outline"))
    for n, item in enumerate(items):
        if item.tag == "item":
            inner = items[n + 1] if n + 1 < len(items) and items[n + 1].tag == "outline" else []
            children = [child.text for child in inner if child.tag == "item"]
            top.append((item.text, int(item.get("page")), children))
    return top


def test_the_outline_has_each_stage_with_its_lessons_and_labs_under_it(printed, built_site):
    site = built_site[0]
    bookmarks = outline(printed[2])
    stages = [url for url, level in nav_levels() if url in PRINTED and level == 1]
    assert [name for name, _, _ in bookmarks] == [title(site, url) for url in stages]
    under = dict((name, children) for name, _, children in bookmarks)
    stage = None
    for url, level in nav_levels():
        if level == 1:
            stage = title(site, url)
        elif url in PRINTED:
            assert title(site, url) in under[stage], f"{url} is not under {stage}"


def test_math_code_and_figures_come_through_as_text(printed):
    text = printed[1]
    assert MATH in text and "∥v∥" in text  # typeset by KaTeX, not TeX source
    assert CODE in text
    assert FIGURE in text.splitlines()  # a line of its own: the figure's title, not the code's
    source = (ROOT / "docs" / "linear-algebra" / "vectors.md").read_text()
    assert CODE in source and f'set_title("{FIGURE}")' in source, "pick new text from the lesson"


def test_internal_links_lead_to_the_page_each_names(printed, built_site):
    # The contents list links each stage and page: a link named as a page lands on the page
    # its bookmark leads to. Every link within the PDF leads to one of its pages.
    pages = int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(printed[0])), re.M)[1])
    bookmarks, links = {}, {}
    for item in printed[2].iter("item"):
        bookmarks.setdefault(item.text, int(item.get("page")))
    for link in printed[2].iter("a"):
        target = re.fullmatch(r"[^#]*\.html#(\d+)", link.get("href", ""))  # within the PDF
        if target:
            assert 1 <= int(target[1]) <= pages
            links.setdefault(" ".join("".join(link.itertext()).split()), set()).add(int(target[1]))
    for url in PRINTED[1:]:
        name = title(built_site[0], url)
        assert bookmarks[name] in links.get(name, ()), f"no link to {name!r} leads to its page"


def test_the_pages_workflow_publishes_the_pdf_with_the_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = [step.get("run", step.get("uses", "")) for step in workflow["jobs"]["build"]["steps"]]
    order = ["apt-get install -y -qq chromium", "mkdocs build", "tools/pdf.py site", "upload-pages"]
    where = [next((n for n, step in enumerate(steps) if what in step), None) for what in order]
    assert None not in where and where == sorted(where), f"pages.yml should run, in order: {order}"


def test_the_home_page_links_the_pdf_and_the_print_page(built_site):
    home = (built_site[0] / "index.html").read_text(encoding="utf-8")
    assert 'href="mathforml.pdf"' in home and 'href="print/"' in home
