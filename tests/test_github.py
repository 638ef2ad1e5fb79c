"""What cannot run here (GitHub Actions, the Pages deploy) is linted and checked statically."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*args):
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, cwd=ROOT)


def test_workflows_match_the_schema():
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_form_matches_the_schema():
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "lesson-problem.yml"
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", str(form))
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load(form.read_text())["name"] == "Report a problem in a lesson"


def test_zizmor_finds_nothing():
    result = run("zizmor", "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_commits():
    for workflow in WORKFLOWS:
        for uses in re.findall(r"uses:\s*(\S+)", workflow.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses), f"{workflow.name}: {uses}"


def load(name):
    # PyYAML reads the key `on` as True.
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())


def test_ci_runs_the_test_command_and_a_strict_build_on_every_push_and_pr():
    ci = load("ci.yml")
    assert set(ci[True]) == {"push", "pull_request"}
    steps = " ".join(step.get("run", "") for step in ci["jobs"]["test"]["steps"])
    assert "bash .ci/run" in steps and "mkdocs build --strict" in steps


def test_pages_deploys_main_with_the_official_actions():
    pages = load("pages.yml")
    assert pages[True]["push"]["branches"] == ["main"]
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text
    assert "mkdocs build --strict" in text
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2 and commands[0].endswith("mkdocs serve")
    ci_run = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci_run == commands[1]


def test_external_links_are_checked_on_a_schedule_and_reported_as_an_issue():
    links = load("links.yml")
    assert "schedule" in links[True] and "pull_request" not in links[True]
    text = (ROOT / ".github" / "workflows" / "links.yml").read_text()
    assert "linkchecker --check-extern" in text and "gh issue create" in text
    assert links["jobs"]["links"]["permissions"] == {"issues": "write"}


def test_lighthouse_and_the_benchmark_run_on_main():
    quality = load("quality.yml")
    assert quality[True]["push"]["branches"] == ["main"]
    steps = " ".join(step.get("run", "") for step in quality["jobs"]["benchmark"]["steps"])
    assert "tests/benchmark.py" in steps and "--lighthouse" in steps
