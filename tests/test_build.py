"""The real site builds strictly, and what it ships keeps the site's promises."""

import gzip
import re

import pytest

from helpers import LABS, PAGES, ROOT, mini_site, mkdocs_build


@pytest.fixture
def site(built_site):
    out, _, run, _ = built_site
    # MkDocs' own warnings (the kernel's notice about TCP on a cold lab cache is not one).
    assert not re.search(r"^WARNING\s+-", run.stderr, re.M), run.stderr
    return out


def html_pages(site):
    return sorted(p for p in site.rglob("index.html"))


def test_every_page_and_lab_is_built(site):
    built = {p.parent.relative_to(site).as_posix() for p in html_pages(site)}
    for page in PAGES:
        url = page.relative_to(ROOT / "docs").with_suffix("").as_posix()
        url = url.removesuffix("index").rstrip("/") or "."
        assert url in built, f"{page} was not built"
    for lab in LABS:
        assert f"labs/{lab.stem}" in built
        assert (site / "labs" / "files" / f"{lab.stem}.ipynb").exists()


def test_no_request_leaves_the_site(site):
    offsite = re.compile(
        r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I
    )
    for page in html_pages(site):
        text = re.sub(r'<link rel="canonical"[^>]*>', "", page.read_text())  # a name, not a fetch
        assert not offsite.search(text), f"{page}: loads something from another host"
        assert "fonts.googleapis" not in text


def test_math_is_rendered_at_build_time(site):
    pages_with_math = 0
    for page in html_pages(site):
        text = page.read_text()
        assert "katex-error" not in text
        article = text[text.find("<article") : text.find("</article>")]
        assert 'class="arithmatex"' not in article, f"{page}: formula left for the browser"
        assert "katex.min.js" not in text and "mathjax" not in text.lower().replace(
            "no-mathjax", ""
        )
        if 'class="katex"' in text:
            pages_with_math += 1
            assert "assets/katex/katex.min.css" in text, f"{page}: KaTeX CSS not linked"
    assert pages_with_math >= 3
    css = (site / "assets" / "katex" / "katex.min.css").read_text()
    for font in re.findall(r"url\((fonts/[^)]+)\)", css):
        assert (site / "assets" / "katex" / font).exists(), font


def test_figures_are_inline_svg_with_alt_text(site):
    figures = 0
    for page in html_pages(site):
        for svg in re.findall(r'<figure class="mfml-figure"[^>]*>(<svg[^>]*>)', page.read_text()):
            figures += 1
            assert 'role="img"' in svg and re.search(r'aria-label="[^"]{8,}"', svg), page
            assert "width=" not in svg.split("viewBox")[0]
    assert figures >= 2


def test_no_figure_draws_more_markers_than_a_page_lays_out_quickly(site):
    """Lessons' figures and labs' plots alike (mathforml/figures.py, MARKER_LIMIT)."""
    from mathforml.figures import MARKER_LIMIT, markers

    for page in html_pages(site):
        for svg in re.findall(r'<svg role="img".*?</svg>', page.read_text(), re.S):
            assert markers(svg) <= MARKER_LIMIT, (page, svg[:120])


def test_a_figure_of_many_markers_fails_and_says_how_to_draw_it(tmp_path):
    from mathforml import figures

    dots = "import matplotlib.pyplot as plt\nplt.scatter(range({n}), range({n}){extra})\n"
    figures.render_svg(dots.format(n=400, extra=""), "dots", "a#0")  # no error
    # Its tick marks are markers too: 513 in all.
    with pytest.raises(figures.FigureError, match=r"513 markers .* rasterized=True"):
        figures.render_svg(dots.format(n=501, extra=""), "dots", "a#0")
    svg = figures.render_svg(dots.format(n=5000, extra=", rasterized=True"), "dots", "a#0")
    assert figures.markers(svg) < 20 and "<image " in svg  # the ticks stay shapes


def test_a_lab_plot_of_many_markers_is_kept_as_pixels():
    import base64
    import random

    from mathforml.labs import _keep_the_lighter_image

    png = base64.b64encode(random.Random(0).randbytes(20_000)).decode()  # heavier than the SVGs
    for n, kept in [(500, "image/svg+xml"), (501, "image/png")]:
        data = {"image/svg+xml": "<svg>" + '<use x="1"/>' * n + "</svg>", "image/png": png}
        _keep_the_lighter_image(data)
        assert list(data) == [kept], n


def test_lab_pages_are_light_and_offer_downloads(site):
    for lab in LABS:
        page = site / "labs" / lab.stem / "index.html"
        text = page.read_text()
        article = text[text.find("<article") : text.find("</article>")]
        article = re.sub(r"<svg .*?</svg>", "", article, flags=re.S)  # figures' own styles
        assert "<style" not in article and "<script" not in article, (
            "mkdocs-jupyter's inline CSS or scripts crept back in"
        )
        assert len(gzip.compress(text.encode())) < 200_000, f"{page} is heavy for a lab page"
        assert f"files/{lab.stem}.ipynb" in text and "Download .ipynb" in text
        assert 'class="katex"' in text, "lab math not rendered"
        assert "jp-OutputArea-output" in text, "lab outputs missing"
        figures = len(re.findall(r"^# Figure:", lab.read_text(), re.M))
        svgs = re.findall(r'<svg role="img" aria-label="[^"]{8,}"[^>]*>(.*?)</svg>', text, re.S)
        rasters = re.findall(r'<img alt="[^"]{8,}" class="mfml-raster"', text)
        assert len(svgs) + len(rasters) == figures, f"{lab.name}: a '# Figure:' cell lost its plot"
        assert text.count("<img") == len(rasters), f"{lab.name}: an image without alt text"
        for svg in svgs:  # drawn in the page's colours, like lesson figures
            assert "currentColor" in svg and "#010203" not in svg


def test_katex_assets_survive_parallel_first_builds(tmp_path):
    """A fresh checkout's first builds run in parallel; none may see half-written assets."""
    from concurrent.futures import ThreadPoolExecutor

    from mathforml import katex

    with ThreadPoolExecutor(4) as pool:
        folders = list(pool.map(lambda _: katex.ensure_assets(tmp_path), range(4)))
    assert len(set(folders)) == 1
    css = (folders[0] / "katex.min.css").read_text()
    assert "@font-face" in css and 'format("woff")' not in css
    assert len(list((folders[0] / "fonts").glob("*.woff2"))) == 20
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".katex")]


def test_math_cache_follows_edits(tmp_path):
    """Rebuilds reuse each page's typeset math, but an edited formula is typeset afresh."""
    page = "---\ntitle: H\ndescription: D\n---\n\nThe area is $%s$.\n"
    for tex, shown in (("\\pi r^2", "π"), ("\\tau r^2", "τ"), ("\\pi r^2", "π")):
        config = mini_site(tmp_path, {"index.md": page % tex})
        run = mkdocs_build(config, tmp_path / "out")
        assert run.returncode == 0, run.stderr
        html = (tmp_path / "out" / "index.html").read_text()
        assert f"<mi>{shown}</mi>" in html and html.count('class="katex"') == 1, tex
    assert len(list((tmp_path / ".cache").glob("math-*/*.json"))) == 1  # with the site, not ours


def test_tables_have_header_text(site):
    """Screen readers announce a column by its header; an empty <th> leaves it nameless."""
    for page in html_pages(site):
        assert not re.search(r"<th[^>]*>\s*</th>", page.read_text()), f"{page}: empty table header"


def test_figures_drawn_in_the_pool_match_those_drawn_in_the_build(tmp_path):
    """Cold builds draw figures in other processes (mathforml/pool.py); same SVG either way."""
    from mathforml import figures
    from mathforml.pool import Pool

    code = "import matplotlib.pyplot as plt\nplt.plot([0, 1], [0, 1])\nplt.show()\n"
    args = (code, "a rising line", "page.md#0", tmp_path)
    pool = Pool()
    pool.submit("figure", figures.render_svg, *args)
    try:
        svg = pool.result("figure")
    finally:
        pool.close()
    assert svg == figures.cache_path(*args).read_text() == figures.render_svg(*args[:3])


def test_a_failing_job_fails_where_its_page_waits():
    from mathforml.pool import Pool

    pool = Pool()
    pool.submit("job", int, "not a number")
    try:
        with pytest.raises(ValueError, match="not a number"):
            pool.result("job")
    finally:
        pool.close()
    assert pool.result("no such job") is None


def test_build_jobs_and_lab_kernels_use_one_blas_thread_each(monkeypatch, tmp_path):
    """The pool runs a job per core: a BLAS thread per core inside each job oversubscribed the
    machine (a lab ran several times slower), so jobs and lab kernels get one thread each."""
    import os

    from helpers import LAB_HEADER
    from mathforml import labs
    from mathforml.pool import ONE_THREAD, Pool

    for name in ONE_THREAD:
        monkeypatch.delenv(name, raising=False)  # as in a plain `mkdocs build`
    pool = Pool()
    pool.submit("threads", os.getenv, "OPENBLAS_NUM_THREADS")
    try:
        assert pool.result("threads") == "1"
    finally:
        pool.close()
    lab = tmp_path / "threads.py"
    lab.write_text(
        LAB_HEADER + '# %%\nimport os\nassert os.environ["OPENBLAS_NUM_THREADS"] == "1"\n'
    )
    labs.execute(str(lab), str(tmp_path / "out" / "threads.ipynb"), "threads.py", 60)


def test_search_indexes_no_figure(site):
    """Figures and lab plots wait aside while Material's search reads a page."""
    index = (site / "search" / "search_index.json").read_text()
    assert "Matplotlib v" not in index and "<svg" not in index, "a figure reached the index"
