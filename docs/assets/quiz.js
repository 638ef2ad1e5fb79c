// Stage self-checks (docs/<stage>/quiz.md; CONTRIBUTING.md, "Adding a quiz question").
// Only quiz pages load this file, with a <script> at the end of their Markdown; Material's
// instant navigation runs such a script again on each visit, so it sets itself up once and
// then enhances each new page through document$.
//
// Without script a question reads as written: its text, its options (a list) or its code, and
// a closed "Answer" block. With it, each question becomes a form: a radio group (or a box for
// a number) in a fieldset with a legend, a Check button, and a live region that says at once
// whether the answer is right, followed by the answer block's one-line explanation and its
// link to the lesson section that teaches it.
(function () {
  if (window.mfmlQuiz) return;
  window.mfmlQuiz = true;
  var LETTERS = "abcdefghijkl";

  // A number as a reader may type it: 0.25, -1.5, 1/4, .5, with a comma or a minus sign.
  function parse(text) {
    var t = text.trim().replace(/\u2212/g, "-").replace(",", ".");
    var fraction = /^(-?\d*\.?\d+)\s*\/\s*(\d*\.?\d+)$/.exec(t);
    if (fraction) return Number(fraction[1]) / Number(fraction[2]);
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
  }

  // Half a unit in the last digit the key is written with: "0.89" accepts 0.885 to 0.895.
  function tolerance(question) {
    if (question.dataset.tolerance) return Number(question.dataset.tolerance);
    var decimals = (question.dataset.answer.split(".")[1] || "").length;
    return decimals ? 0.5 * Math.pow(10, -decimals) : 1e-9;
  }

  function element(tag, attributes, children) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      e.setAttribute(name, attributes[name]);
    });
    e.append.apply(e, children || []);
    return e;
  }

  // The options: the items of the question's list (choice, or the steps of a derivation), or
  // the lines of its code block ("which line is wrong").
  function options(question, kind) {
    var list = question.querySelector(":scope > ol");
    if (list) {
      list.remove();
      return Array.prototype.map.call(list.children, function (item, i) {
        var value = kind === "line" ? String(i + 1) : LETTERS[i];
        var tag = element("span", { class: "mfml-quiz__tag" },
                          [kind === "line" ? "Line " + value + ":" : value + "."]);
        var content = Array.prototype.slice.call(item.childNodes);
        return { value: value, label: [tag, " "].concat(content) };
      });
    }
    var code = question.querySelector("td.code code, pre > code");
    var lines = code.textContent.replace(/\n$/, "").split("\n");
    return lines.map(function (line, i) {
      return {
        value: String(i + 1),
        label: [element("span", { class: "mfml-quiz__tag" }, ["Line " + (i + 1) + ":"]), " ",
                element("code", {}, [line.trim()])],
      };
    });
  }

  function enhance(question, n, score) {
    question.dataset.ready = "true";
    var kind = question.dataset.kind;
    var key = question.dataset.answer;
    var answer = question.querySelector(":scope > details");
    // The answer's one paragraph, to follow the verdict on the same line.
    var explanation = element("span", { class: "mfml-quiz__why" });
    Array.prototype.forEach.call(answer.children, function (child) {
      if (child.nodeName !== "SUMMARY") explanation.append.apply(explanation, child.childNodes);
    });
    answer.remove();
    var name = "mfml-q" + n;
    var legend = element("legend", {}, ["Your answer to question " + n]);
    var stem = question.querySelector(":scope > p");
    if (stem) stem.id = name + "-text";
    var fieldset = element("fieldset", stem ? { "aria-describedby": stem.id } : {}, [legend]);
    if (kind === "number") {
      var input = element("input", { type: "text", inputmode: "decimal", autocomplete: "off",
                                     id: name, spellcheck: "false" });
      fieldset.append(element("label", { for: name }, ["A number"]), " ", input);
    } else {
      options(question, kind).forEach(function (option) {
        var radio = element("input", { type: "radio", name: name, value: option.value });
        var text = element("span", {}, option.label);  // one flow of text beside the radio
        fieldset.append(element("label", { class: "mfml-quiz__option" }, [radio, text]));
      });
    }
    var feedback = element("div", { class: "mfml-quiz__feedback", role: "status",
                                    "aria-live": "polite" });
    var check = element("button", { type: "submit", class: "mfml-quiz__check" }, ["Check"]);
    var form = element("form", { class: "mfml-quiz__form", novalidate: "" },
                       [fieldset, check, feedback]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var given, right;
      if (kind === "number") {
        given = parse(form.querySelector("input").value);
        if (isNaN(given)) return ask("Type a number first, such as 0.25 or 1/4.");
        right = Math.abs(given - Number(key)) <= tolerance(question);
      } else {
        var chosen = form.querySelector("input:checked");
        if (!chosen) return ask("Choose an answer first.");
        right = chosen.value === key;
      }
      question.dataset.state = right ? "right" : "wrong";
      feedback.replaceChildren(element("strong", { class: "mfml-quiz__verdict" },
                                       [right ? "Right." : "Not quite."]),
                               " ", explanation.cloneNode(true));
      score();
    });
    // Nothing to check yet: say what is missing, and forget any earlier verdict.
    function ask(text) {
      delete question.dataset.state;
      feedback.replaceChildren(text);
      score();
    }
    question.append(form);
  }

  function setUp() {
    var questions = document.querySelectorAll("article .mfml-quiz:not([data-ready])");
    if (!questions.length) return;
    var all = document.querySelectorAll("article .mfml-quiz");
    var total = element("p", { class: "mfml-quiz-score" });
    function score() {
      var right = document.querySelectorAll("article .mfml-quiz[data-state='right']").length;
      total.textContent = "Right so far: " + right + " of " + all.length + ".";
    }
    Array.prototype.forEach.call(questions, function (question) {
      enhance(question, Array.prototype.indexOf.call(all, question) + 1, score);
    });
    all[all.length - 1].after(total);
    score();
  }

  if (window.document$) window.document$.subscribe(setUp);  // also emits for the first page
  else setUp();
})();
