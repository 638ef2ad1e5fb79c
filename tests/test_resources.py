"""Where to go next: every stage page points to its best companions through a short "Go further"
box that links the resources page, and every external link on that page is https and inside
the weekly link check's reach (.github/workflows/links.yml). Read from the sources: no build."""

import re
import shlex
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from helpers import DOCS, ROOT, ConfigLoader, nav_entries, rel

RESOURCES = DOCS / "resources" / "index.md"
STAGES = ["start", "linear-algebra", "calculus", "probability", "algorithms", "project"]
BOX = re.compile(r'^!!! \w+ "Go further"\n((?:[ \t]*\n|    .*\n)*)', re.M)
TRACKING = re.compile(r"utm_\w+|fbclid|gclid|mc_[ce]id|ref|referrer|source", re.I)


def box_problems(text: str) -> list[str]:
    """What is wrong with a stage page's "Go further" box, if anything."""
    boxes = list(BOX.finditer(text))
    if len(boxes) != 1:
        return [f'{len(boxes)} "Go further" boxes: a stage page has one (!!! tip "Go further")']
    box = boxes[0]
    body = box[1]
    problems = []
    items = re.findall(r"^    - ", body, re.M)
    if not 2 <= len(items) <= 4:
        problems.append(f"{len(items)} companions: keep the box to 2-4, one line each")
    if not re.search(r"\]\(\.\./resources/index\.md\)", body):
        problems.append("no link to the resources page: end with [...](../resources/index.md)")
    anchors = resource_anchors()
    for item in re.split(r"^    - ", body, flags=re.M)[1:]:
        linked = re.findall(r"\]\(\.\./resources/index\.md#([\w-]+)\)", item)
        if not linked:
            problems.append(f"a companion that links no resources section: {item[:60]!r}")
        problems += [f"no section #{a} on the resources page" for a in linked if a not in anchors]
    after = text[box.end() :].lstrip("\n")
    if "\n## Before you move on" in "\n" + text and not after.startswith("## Before you move on"):
        problems.append('the box belongs just before "## Before you move on"')
    return problems


def resource_anchors() -> set[str]:
    from markdown.extensions.toc import slugify

    found = set()
    for heading in re.findall(r"^#{2,6} (.+?)\s*$", RESOURCES.read_text(), re.M):
        explicit = re.search(r"\{#([\w-]+)\}$", heading)
        found.add(explicit[1] if explicit else slugify(heading, "-"))
    return found


def external_links(text: str) -> list[str]:
    """Every address the page links outside the site: inline, reference-style, autolinks, HTML."""
    return [
        *re.findall(r"\]\(\s*<?([a-z][\w+.-]*:[^)\s>]+)", text),
        *re.findall(r"^\s*\[[^\]]+\]:\s*<?([a-z][\w+.-]*:\S+?)>?\s*$", text, re.M),
        *re.findall(r"<([a-z][\w+.-]*://[^>\s]+)>", text),
        *re.findall(r"href=[\"']([a-z][\w+.-]*:[^\"']+)", text),
    ]


def link_check_scope() -> tuple[list[str], list[str], list[str]]:
    """(start pages, patterns linkchecker skips, problems) of the weekly external link check."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text())
    runs = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
    commands = [line for run in runs for line in run.splitlines() if "linkchecker " in line]
    commands = [c for c in commands if "pip install" not in c]
    assert len(commands) == 1, f"links.yml: expected one linkchecker command, found {commands}"
    args = shlex.split(commands[0].split(">")[0])[1:]
    starts, skipped, problems = [], [], []
    if "--check-extern" not in args:
        problems.append("linkchecker runs without --check-extern: external links go unchecked")
    i = 0
    while i < len(args):
        arg = args[i]
        name, _, value = arg.partition("=")
        takes_value = name in {"--ignore-url", "--no-follow-url", "-r", "--recursion-level"}
        if takes_value and not value:
            i, value = i + 1, args[i + 1]
        if name in {"--ignore-url", "--no-follow-url"}:
            skipped.append(value)
        elif name in {"-r", "--recursion-level"} and 0 <= int(value) < 2:
            # home page (0) -> resources page (1) -> its external links (2)
            problems.append(f"linkchecker's recursion stops before the page's links ({value})")
        elif not arg.startswith("-"):
            starts.append(arg)
        i += 1
    return starts, skipped, problems


def test_nav_lists_the_resources_page_after_interview_prep():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    pages = nav_entries(config["nav"])
    assert "resources/index.md" in pages, "mkdocs.yml: add '- Where to go next: resources/index.md'"
    assert pages[pages.index("resources/index.md") - 1] == "interview/index.md"


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_page_has_a_short_go_further_box_linking_the_resources_page(stage):
    page = DOCS / stage / "index.md"
    problems = box_problems(page.read_text())
    assert not problems, f"{rel(page)}: " + "; ".join(problems)


def test_every_external_link_on_the_resources_page_is_https_and_checked_weekly():
    links = external_links(RESOURCES.read_text())
    assert len(links) >= 10, f"{rel(RESOURCES)}: only {len(links)} external links found"
    for url in links:
        parts = urlsplit(url)
        assert parts.scheme == "https", f"{rel(RESOURCES)}: {url} is not https"
        tracking = [k for k, _ in parse_qsl(parts.query) if TRACKING.fullmatch(k)]
        assert not tracking, f"{rel(RESOURCES)}: {url} carries tracking parameters {tracking}"
    # The weekly check starts at the home page and follows every internal link: Material puts
    # the whole navigation on every page, so a page in the nav is reached from there.
    starts, skipped, problems = link_check_scope()
    assert not problems, "links.yml: " + "; ".join(problems)
    reaches_it = "site/resources/index.html" in starts or (
        "site/index.html" in starts
        and "resources/index.md"
        in nav_entries(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)["nav"])
    )
    assert reaches_it, f"links.yml: the link check starts at {starts} and never reaches the page"
    for url in [*links, "site/resources/index.html"]:
        hit = [pattern for pattern in skipped if re.search(pattern, url)]
        assert not hit, f"links.yml: {url} is skipped by linkchecker's {hit}"
