"""What cannot run here (GitHub Actions, the Pages deploy) is linted and checked statically,
and so are the dependencies: declared in pyproject.toml, pinned in requirements.lock."""

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import ROOT, rel
from mathforml.fences import PYTHON_LIKE, iter_fences, repl_input

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*args):
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, cwd=ROOT)


def test_workflows_match_the_schema():
    result = run(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)
    )
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


def commands_under(path, heading):
    text = (ROOT / path).read_text()
    block = text.split(heading, 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second():
    commands = commands_under("README.md", "## Quick start")
    assert len(commands) == 2 and commands[0].endswith("mkdocs serve")
    assert commands[1].endswith("pytest")
    ci_run = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci_run == commands[1]


def test_quick_start_installs_from_the_lock_and_contributing_says_the_same():
    commands = commands_under("README.md", "## Quick start")
    for command in commands:
        assert (
            "pip install -q -r requirements.lock && .venv/bin/pip install -q --no-deps -e . &&"
            in command
        )
    assert commands_under("CONTRIBUTING.md", "## Preview and test") == commands


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
    script = re.search(r"python (\S+benchmark\.py) ", steps)
    assert script and (ROOT / script[1]).is_file() and "--lighthouse" in steps


# --- Dependencies: declared in pyproject.toml, pinned with hashes in requirements.lock -------

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK = ROOT / "requirements.lock"
DECLARED = [
    Requirement(r)
    for r in [
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["test"],
    ]
]
FROM_THE_LOCK = ["-q -r requirements.lock", "-q --no-deps -e ."]  # then the course itself


def locked():
    """{name: [(version, hashes, entry), ...]}: a name has two entries where the lock forks on
    the Python version."""
    pins = {}
    for entry in re.split(r"\n(?=[^\s#])", LOCK.read_text()):
        if entry.startswith("#"):
            continue
        pin = re.match(r"([A-Za-z0-9][\w.-]*)==(\S+)", entry)
        assert pin, f"requirements.lock: not a pin: {entry.splitlines()[0]}"
        hashes = re.findall(r"--hash=sha256:[0-9a-f]{64}", entry)
        pins.setdefault(canonicalize_name(pin[1]), []).append((Version(pin[2]), hashes, entry))
    return pins


def pip_installs(script):
    """The arguments of each `pip install` in a shell script."""
    return [args.strip() for args in re.findall(r"pip3? install([^&;|\n]*)", script)]


def test_every_python_install_comes_from_the_lock():
    in_lock = set(locked())
    assert pip_installs((ROOT / ".ci" / "run").read_text()) == FROM_THE_LOCK, ".ci/run"
    for workflow in WORKFLOWS:
        jobs = load(workflow.name)["jobs"].values()
        script = "\n".join(step.get("run", "") for job in jobs for step in job.get("steps", []))
        other = re.search(r"\b(uv|pipx|conda|poetry|pdm|easy_install)\b|setup\.py", script)
        assert not other, f"{workflow.name} installs with {other[0]}"
        installs = pip_installs(script)
        if "bash .ci/run" in script:
            installs = FROM_THE_LOCK + installs
        if ".venv/bin/" in script or installs:
            assert installs[:2] == FROM_THE_LOCK, f"{workflow.name}: pip install {installs}"
        # After the lock (pip checks a hash for each file), only exact pins of tools it lacks.
        for args in installs[2:]:
            tools = re.fullmatch(r'-q ("[\w.-]+==[\w.]+" ?)+', args)
            assert tools, f"{workflow.name}: `pip install {args}` is neither the lock nor a pin"
            for name in re.findall(r'"([\w.-]+)==', args):
                assert canonicalize_name(name) not in in_lock, f"{workflow.name}: {name} is locked"


def test_lock_pins_every_declared_dependency_within_its_range_with_hashes():
    pins = locked()
    for requirement in DECLARED:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"pyproject.toml declares {name}; requirements.lock lacks it"
        for version, _, _ in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {name}=={version}, outside pyproject.toml's {requirement}"
            )
    declared = {canonicalize_name(r.name) for r in DECLARED}
    for name, entries in pins.items():
        for version, hashes, entry in entries:
            assert hashes, f"requirements.lock: {name}=={version} has no --hash=sha256:"
            # Locked for pyproject.toml, which no longer declares it: the lock is stale.
            if "mathforml (pyproject.toml)" in entry:
                assert name in declared, f"requirements.lock: pyproject.toml dropped {name}"
    assert not {"torch", "triton"} & set(pins)
    assert not any(name.startswith("nvidia-") for name in pins)


def test_lock_records_the_refresh_command_documented_in_contributing():
    header = re.search(r"^#    (uv pip compile .+)$", LOCK.read_text(), re.M)
    assert header, "requirements.lock: no `uv pip compile` command in its header"
    command = header[1]
    for part in ("pyproject.toml --extra test", "--universal", "--generate-hashes"):
        assert part in command, f"requirements.lock was made without {part}"
    assert command.endswith(" -o requirements.lock")
    # The lock starts at the oldest Python the project supports.
    oldest = re.fullmatch(r">=(\d+\.\d+)", PYPROJECT["project"]["requires-python"])[1]
    assert f"--python-version {oldest} " in command
    contributing = (ROOT / "CONTRIBUTING.md").read_text().split("## Dependencies", 1)[1]
    assert re.search(rf"&& \S*{re.escape(command)}\n", contributing), (
        "CONTRIBUTING.md's refresh line is not the command that made requirements.lock"
    )


def imports_in_python(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a block showing an error, say: read its import lines alone
        return set(re.findall(r"^\s*(?:from|import)\s+(\w+)", source, re.M))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def imported_modules():
    """{top-level module: the first file importing it}, over the code and the pages' blocks."""
    found = {}
    files = [ROOT / "docs" / "conftest.py"]
    for folder in ("mathforml", "tests", "lessons_src", "tools"):
        files += sorted((ROOT / folder).rglob("*.py"))
    for path in files:
        for name in imports_in_python(path.read_text()):
            found.setdefault(name, rel(path))
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for fence in iter_fences(page.read_text()):
            if fence.language in PYTHON_LIKE:
                code = fence.body
                if code.lstrip().startswith(">>>"):
                    code = repl_input(code)
                for name in imports_in_python(code):
                    found.setdefault(name, f"{rel(page)}:{fence.line}")
    return found


def test_every_third_party_import_is_declared():
    # The course's own package, and what tests/ and tools/ import from beside themselves.
    local = {"mathforml"} | {p.stem for d in ("tests", "tools") for p in (ROOT / d).glob("*.py")}
    declared = {canonicalize_name(r.name) for r in DECLARED}
    providers = packages_distributions()
    for module, where in sorted(imported_modules().items()):
        if module in sys.stdlib_module_names or module == "__future__" or module in local:
            continue
        owners = {canonicalize_name(d) for d in providers.get(module, [])}
        assert owners, f"{where} imports {module}, which no installed package provides"
        assert owners & declared, (
            f"{where} imports {module} (from {', '.join(sorted(owners))}): "
            "declare it in pyproject.toml and refresh requirements.lock"
        )
