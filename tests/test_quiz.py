"""Stage self-checks: docs/<stage>/quiz.md, enhanced by docs/assets/quiz.js.

Every key is computed: each question is followed by an invisible guard that computes the answer
and asserts it equals its `_key` (Sybil runs it with the page, like every block in docs/); the
checks here make sure that `_key` is the key the page shows, and the widget works in Chromium
(CONTRIBUTING.md, "Adding a quiz question")."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from sybil import Sybil

from helpers import DOCS, PAGES, ROOT, ConfigLoader, nav_entries, rel
from mathforml import frontmatter
from mathforml.sybil_parsers import PythonFenceParser
from test_lessons import anchors

STAGES = ["linear-algebra", "calculus", "probability", "algorithms"]
QUIZZES = [DOCS / stage / "quiz.md" for stage in STAGES]
LETTERS = "abcdefghijkl"
SCRIPT = '<script src="../../assets/quiz.js" defer></script>'

QUESTION = re.compile(
    r'^<div class="mfml-quiz" data-kind="(?P<kind>[^"]*)" data-answer="(?P<key>[^"]*)" markdown>\n'
    r"(?P<body>.*?)^</div>\n\n"
    r"(?:<!-- invisible-code-block: python\n(?P<guard>.*?)^-->\n)?",
    re.M | re.S,
)
ANSWER = re.compile(r'^\?\?\? success "Answer"\n\n(?P<why>(?:    .*\n|\n)+)', re.M)


@dataclass
class Question:
    line: int
    kind: str
    key: str
    options: list[str]  # the list items, or the lines of the code ("which line is wrong")
    why: str  # the answer's explanation, dedented
    guard: str | None


def questions(text: str) -> list[Question]:
    found = []
    for m in QUESTION.finditer(text):
        body = m["body"]
        code = re.search(r'^```python linenums="1"\n(.*?)^```$', body, re.M | re.S)
        options = code[1].splitlines() if code else re.findall(r"^\d+\. (.*)$", body, re.M)
        answer = ANSWER.search(body)
        why = re.sub(r"^    ", "", answer["why"], flags=re.M).strip() if answer else ""
        line = text.count("\n", 0, m.start()) + 1
        found.append(Question(line, m["kind"], m["key"], options, why, m["guard"]))
    return found


def key_problems(q: Question) -> list[str]:
    """What is wrong with one question's key: its kind, range, explanation and guard."""
    found = []
    shown = {"choice": f"**({q.key})**", "line": f"**Line {q.key}**", "number": f"**{q.key}**"}
    if q.kind not in shown:
        return [f"data-kind must be choice, number or line, not {q.kind!r}"]
    if q.kind == "choice" and q.key not in LETTERS[: len(q.options)]:
        found.append(f"the key {q.key!r} is not one of the {len(q.options)} options")
    if q.kind == "line" and not (q.key.isdigit() and 1 <= int(q.key) <= len(q.options)):
        found.append(f"the key {q.key!r} is not one of the {len(q.options)} lines")
    if q.kind == "number" and not re.fullmatch(r"-?\d+(\.\d+)?", q.key):
        found.append(f"the key {q.key!r} is not a number")
    if not q.why.startswith(shown[q.kind]):
        found.append(f"the answer must start with the key, {shown[q.kind]}")
    if "\n\n" in q.why:
        found.append("the explanation must be one paragraph")
    if q.guard is None:
        return [*found, "no invisible guard block right after the question's </div>"]
    tree = ast.parse(q.guard)
    keys = [
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and [getattr(target, "id", None) for target in node.targets] == ["_key"]
    ]
    kinds = {"choice": str, "line": int, "number": (int, float)}
    written = repr(q.key) if q.kind == "choice" else q.key
    if (
        len(keys) != 1
        or not isinstance(keys[0], kinds[q.kind])
        or str(keys[0]) != q.key
        and (q.kind != "number" or float(keys[0]) != float(q.key))
    ):
        found.append(f"the guard must set `_key = {written}` once (found {keys})")
    uses_key = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert)
        and any(isinstance(n, ast.Name) and n.id == "_key" for n in ast.walk(node))
    ]
    if not uses_key:
        found.append("the guard never asserts anything about `_key`")
    if q.kind == "choice":
        letters = [
            [k.value for k in node.keys if isinstance(k, ast.Constant)]
            for node in ast.walk(tree)
            if isinstance(node, ast.Dict)
        ]
        if list(LETTERS[: len(q.options)]) not in letters:
            found.append("the guard must judge every option in a dict keyed 'a', 'b', ...")
    return found


@pytest.mark.parametrize("quiz", QUIZZES, ids=rel)
def test_a_quiz_has_8_to_12_mixed_questions_with_computed_keys(quiz):
    text = quiz.read_text()
    found = questions(text)
    assert text.count('class="mfml-quiz"') == len(found), "a question not written as the others"
    assert 8 <= len(found) <= 12, f"{rel(quiz)}: {len(found)} questions"
    assert {q.kind for q in found} == {"choice", "number", "line"}, "mix the three kinds"
    problems = [f"{rel(quiz)}:{q.line}: {p}" for q in found for p in key_problems(q)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("quiz", QUIZZES, ids=rel)
def test_each_answer_links_the_lesson_section_that_teaches_it(quiz):
    for q in questions(quiz.read_text()):
        links = re.findall(r"\]\(([\w./-]+\.md)#([\w-]+)\)", q.why)
        assert links, f"{rel(quiz)}:{q.line}: link the section that teaches it: [..](x.md#y)"
        for path, anchor in links:
            target = (quiz.parent / path).resolve()
            lesson = frontmatter.is_lesson(target.relative_to(DOCS).as_posix())
            assert lesson and anchor in anchors(target), f"{rel(quiz)}:{q.line}: {path}#{anchor}"


def test_each_stage_ends_with_its_quiz_which_loads_the_script():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    sections = [next(iter(s.values())) for s in config["nav"] if isinstance(s, dict)]
    stages = {nav_entries(s)[0]: nav_entries(s) for s in sections if isinstance(s, list)}
    for stage, quiz in zip(STAGES, QUIZZES, strict=True):
        assert stages[f"{stage}/index.md"][-1] == f"{stage}/quiz.md", f"{stage}: quiz goes last"
        meta = frontmatter.read(quiz.read_text())
        assert meta["quiz"] is True and meta["title"].endswith(": self-check")
        labels = [
            k
            for s in sections
            for e in s
            if isinstance(e, dict)
            for k, v in e.items()
            if v == f"{stage}/quiz.md"
        ]
        assert labels == [meta["title"]], "the nav's label is the page's title: write the title"
        assert quiz.read_text().rstrip().endswith(SCRIPT)
    assert sorted(p for p in PAGES if "quiz.js" in p.read_text()) == sorted(QUIZZES)  # only


BAD_KEY = """\
<div class="mfml-quiz" data-kind="number" data-answer="6" markdown>

What is 2 times 3?

??? success "Answer"

    **6**: see [the dot product](dot-product.md#the-math).

</div>

<!-- invisible-code-block: python
_product = 2 * 3
_key = 6
assert _product == _key
-->
"""


def test_a_wrong_key_fails(tmp_path):
    """The page and its guard disagree: caught here. Both wrong: the guard fails under Sybil."""
    assert key_problems(questions(BAD_KEY)[0]) == []
    shown_only = BAD_KEY.replace('data-answer="6"', 'data-answer="7"').replace("**6**", "**7**")
    assert key_problems(questions(shown_only)[0]) == [
        "the guard must set `_key = 7` once (found [6])"
    ]
    page = tmp_path / "quiz.md"
    page.write_text(shown_only.replace("_key = 6", "_key = 7"))
    *_, guard = Sybil(parsers=[PythonFenceParser()]).parse(page)
    with pytest.raises(AssertionError):
        guard.evaluate()
    choice = BAD_KEY.replace('"number" data-answer="6"', '"choice" data-answer="c"')
    assert "the key 'c' is not one of the 0 options" in key_problems(questions(choice)[0])


def test_without_script_a_question_reads_with_its_answer_closed(built_site):
    folder, *_ = built_site
    html = (folder / "linear-algebra" / "quiz" / "index.html").read_text()
    blocks = re.findall(r'<div class="mfml-quiz".*?</details>\s*</div>', html, re.S)
    assert len(blocks) == len(questions(QUIZZES[0].read_text())) == 11
    for block in blocks:
        assert re.search(r"<p>.+?</p>", block, re.S), "the question's text"
        if 'data-kind="number"' not in block:
            assert "<ol>" in block or "linenos" in block, "its options, or its numbered code"
        assert re.search(r'<details class="success">\s*<summary>Answer</summary>', block)
        assert re.search(r'<a href="\.\./[\w-]+/#[\w-]+">', block), "a link to a lesson section"
    assert html.count(SCRIPT) == 1
    others = [p for p in folder.rglob("*.html") if "quiz.js" in p.read_text(errors="replace")]
    assert sorted(others) == sorted(folder / s / "quiz" / "index.html" for s in STAGES)


# --- In Chromium: one page, reached by instant navigation from the lesson before it ----------

STATUS = ".mfml-quiz__feedback"


def axe_report(page, context: str) -> list[str]:
    """axe-core on the questions (the header, navigation and footer, the same on every page, are
    tests/test_accessibility.py's)."""
    page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important; }")
    violations = Axe().run(page, context=context).response["violations"]
    return [f"{v['id']}: {v['nodes'][0]['target']} {v['help']}" for v in violations]


def test_a_quiz_answers_at_once_by_mouse_and_keyboard(page):
    requested = []
    page.on("request", lambda r: "quiz.js" in r.url and requested.append(r.url))
    with page.expect_response("**/sitemap.xml"):  # Material navigates instantly once it has it
        page.goto("linear-algebra/")  # the stage's overview, a light page
    assert not requested and page.evaluate("window.mfmlQuiz") is None, "quiz.js on another page"
    page.evaluate("window.mfmlStayed = true")  # gone if the click loads a new document
    page.locator(".md-nav--primary a[href$='/linear-algebra/quiz/']").click()
    page.wait_for_function("document.querySelectorAll('.mfml-quiz form').length === 11")
    assert page.evaluate("window.mfmlStayed") and len(requested) == 1, "an instant navigation"
    assert page.locator(".mfml-quiz details").count() == 0  # the answers went into the feedback

    # The mouse, on "which line gives the attention scores" (b): wrong, then right.
    second = page.locator(".mfml-quiz").nth(1)
    group = second.locator("fieldset")
    assert group.locator("legend").inner_text() == "Your answer to question 2"
    assert group.get_by_role("radio").count() == 4
    feedback = second.locator(STATUS)
    assert feedback.get_attribute("role") == "status"
    assert feedback.get_attribute("aria-live") == "polite" and feedback.inner_text() == ""
    second.get_by_role("button", name="Check").click()
    assert feedback.inner_text() == "Choose an answer first."
    second.get_by_label("Q @ K.T").check()
    second.get_by_role("button", name="Check").click()
    assert feedback.inner_text().startswith("Not quite. (b): it turns over only")
    link = feedback.get_by_role("link", name="transposing the last two axes")
    target = "linear-algebra/batched-einsum/#transposing-the-last-two-axes"
    assert link.get_attribute("href").endswith(target)  # instant navigation made it absolute
    assert second.get_attribute("data-state") == "wrong"
    second.get_by_label("Q @ np.swapaxes(K, -1, -2)").check()
    second.get_by_role("button", name="Check").click()
    assert feedback.inner_text().startswith("Right. (b)")

    # The keyboard, on a number (0.94, to two places) and on a radio group (b).
    first = page.locator(".mfml-quiz").first
    first.get_by_label("A number").focus()
    page.keyboard.type("0.5")
    page.keyboard.press("Enter")
    assert first.locator(STATUS).inner_text().startswith("Not quite. 0.94")
    page.keyboard.press("Control+A")
    page.keyboard.type("0.9428")
    page.keyboard.press("Enter")
    assert first.locator(STATUS).inner_text().startswith("Right. 0.94")
    definite = page.locator(".mfml-quiz").nth(4)
    definite.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowDown")  # moves to, and selects, option b
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    assert definite.locator(STATUS).inner_text().startswith("Right. (b)")
    assert page.locator(".mfml-quiz-score").text_content() == "Right so far: 3 of 11."
    wrong = page.locator(".mfml-quiz").nth(3)  # which line is wrong (3), by the mouse
    wrong.get_by_label("Line 1:").check()
    wrong.get_by_role("button", name="Check").click()
    assert wrong.locator(STATUS).inner_text().startswith("Not quite. Line 3: projecting")
    assert page.locator(".mfml-quiz[data-state]").count() == 4

    # Answered right and wrong, with feedback shown: accessible in the light palette and the dark.
    assert axe_report(page, ".mfml-quiz, .mfml-quiz-score") == []  # every question
    page.locator("label[for='__palette_1']").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert axe_report(page, ".mfml-quiz[data-state], .mfml-quiz-score") == []  # those answered

    # Material runs a page's scripts again on each visit: the second run subscribes to nothing.
    page.evaluate("""() => {
      const subscribe = document$.subscribe;
      window.mfmlSubscribed = 0;
      document$.subscribe = (...a) => (window.mfmlSubscribed++, subscribe.apply(document$, a));
    }""")
    page.add_script_tag(url=page.evaluate("new URL('../../assets/quiz.js', location.href).href"))
    assert page.evaluate("window.mfmlSubscribed") == 0
    # Back and forward again: the new copy of the page is set up, once.
    page.go_back()
    page.wait_for_function("location.pathname.endsWith('/linear-algebra/')")
    page.go_forward()
    page.wait_for_function("document.querySelectorAll('.mfml-quiz form').length === 11")
    assert page.locator(".mfml-quiz fieldset").count() == 11
    assert page.locator(".mfml-quiz-score").count() == 1


def test_the_contributing_example_is_a_question_that_passes():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    example = text.split("## Adding a quiz question", 1)[1].split("````markdown\n", 1)[1]
    (question,) = questions(example.split("````", 1)[0])
    assert key_problems(question) == []
    exec("import numpy as np\n" + question.guard, {})  # its guard computes the key it states
