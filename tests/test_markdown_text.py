"""Markdown that renders as written (`engine.markdown_text`): text of a policy or a household is never code, and the
code the reports write themselves stays code, in `policy eval --format markdown`, `policy diff --format markdown` and
`policy doc`."""

from __future__ import annotations

import json
import re
from typing import Any

import markdown
import pytest

from engine.explain.tree import entries
from engine.markdown_text import CodeSlots, md_escape, md_text
from tests.helpers import EXAMPLES, ROOT, text_valued_policies


def _html(source: str) -> str:
    return markdown.markdown(source, extensions=["tables"])


def test_text_of_a_policy_or_a_household_is_never_code() -> None:
    """`md_text` escapes a label's or a value's backticks with the rest, so that `` a`b`c `` is not a, code b and c;
    `md_escape`, for text we write, keeps its code spans."""
    assert md_text("a`b`c *d* ``e``") == "a\\`b\\`c \\*d\\* \\`\\`e\\`\\`"
    assert _html(md_text("a`b`c | <x>")) == "<p>a`b`c | &lt;x&gt;</p>"
    assert _html(md_escape("write `a*b`")) == "<p>write <code>a*b</code></p>"
    row = _html(f"| x |\n|---|\n| {md_text('`C|D` a`b', table=True)} |")
    assert "<td>`C|D` a`b</td>" in row, row
    assert md_text("- a`b`\n1. c") == "\\- a\\`b\\`\n1\\. c"


def test_code_of_ours_within_text_of_a_household_stays_code_and_the_text_stays_text() -> None:
    """A member's id within a finding is code; the label and the value around it are text, their backticks too."""
    slots = CodeSlots()
    sentence = f"label `x` ({slots.code('a`b')}, {slots.code('p|2')}) given as `y`"
    assert _html(slots.escaped(sentence)) == \
        "<p>label `x` (<code>a`b</code>, <code>p|2</code>) given as `y`</p>"
    assert slots.escaped(sentence, table=True) == "label \\`x\\` (`` a`b ``, <code>p\\|2</code>) given as \\`y\\`"
    assert CodeSlots().escaped("\ue0007\ue001") == "\ue0007\ue001"  # a stand-in of no code is text


def _household(tmp_path: Any, ids: dict[str, str], household_id: str) -> Any:
    data = json.loads((EXAMPLES / "DS-0003-tekun-sibling-working-household.json").read_text(encoding="utf-8"))
    data["id"] = household_id
    for m in data["members"]:
        m["id"] = ids[m["id"]]
    for line in data["income"] + data["expenses"]:
        line["member"] = ids[line["member"]]
    path = tmp_path / "household.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_eval_markdown_shows_a_household_s_and_a_label_s_backticks_as_written(run: Any, tmp_path: Any,
                                                                             lang: str) -> None:
    """A household's id, a member's id or a label holding two backticks (`` a`b`c ``) was read as a code span in the
    title, the income and expense tables and the lines of a formula: each shows its backticks as written; a member's
    id, which was text in the tables and the lines of a formula, is code wherever the report writes it, as in the
    list of members, its backticks within the code."""
    ids = {"p1": "a_b*c", "p2": "<x>", "p3": "q`r`s", "p4": "p4"}
    path = _household(tmp_path, ids, "DS`0`3")
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    policy = tmp_path / "labels.yaml"
    policy.write_text(text.replace("{zh: 教育费用, en: education costs}", "{zh: 教育`费`用, en: education `c`osts}"),
                      encoding="utf-8")
    result = run("eval", path, "--policy", policy, "--date", "2026-03-01", "--lang", lang, "--explain",
                 "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    html = _html(str(result.stdout))
    title = html.split("\n")[0]
    assert "DS`0`3" in title and "<code>" not in title, title
    education = {"zh": "教育`费`用", "en": "education `c`osts"}[lang]
    assert f"<td>{education}</td>\n<td><code>q`r`s</code></td>" in html  # the expense table's member
    assert "<td><code>a_b*c</code></td>" in html and "<td><code>&lt;x&gt;</code></td>" in html  # the income table's
    said = html.replace("（", " (").replace("）", ")")
    assert " (<code>q`r`s</code>) = " in said, said  # a formula line's member
    assert " (<code>a_b*c</code>) = " in said and " (<code>&lt;x&gt;</code>) = " in said, said
    assert " (<code>a_b*c</code>, <code>&lt;x&gt;</code>, <code>q`r`s</code>) — " in said.replace("、", ", "), said
    assert not re.search(r"\(a_b\*c|\(q`r`s|<td>(a_b|q`r`s|&lt;x)", said), said  # an id as text
    assert not re.search(r"<code>(0|r|费|c)</code>", html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_eval_markdown_title_keeps_its_own_code_beside_a_household_s_backticks(run: Any, tmp_path: Any,
                                                                               lang: str) -> None:
    """Decided on today, the title says the file gives no `date`, as code; the household's id beside it, with
    backticks of its own, is text."""
    path = _household(tmp_path, {"p1": "p1", "p2": "p2", "p3": "p3", "p4": "p4"}, "DS`0`3")
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["date"]
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("eval", path, "--lang", lang, "--explain", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    title = _html(str(result.stdout)).split("\n")[0]
    assert "DS`0`3" in title and title.count("<code>") == 1 and "<code>date</code>" in title, title


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_eval_markdown_writes_a_member_s_id_in_a_hint_as_code_and_text_as_before(run: Any, tmp_path: Any,
                                                                                lang: str) -> None:
    """The hint under a failed income condition named the earners whose wages would have to fall by id as text
    (`of p1 and p2 together`), below the same ids as code in the income table: code too, an id's `_` and `*` as
    written; the text report and the JSON say them as before."""
    path = _household(tmp_path, {"p1": "p1", "p2": "a_b*c", "p3": "p3", "p4": "p4"}, "DS-0003")
    args = ["eval", path, "--explain", "--date", "2026-03-01", "--lang", lang]
    html = _html(str(run(*args, "--format", "markdown").stdout))
    code, text = {"zh": ("<code>p1</code> 和 <code>a_b*c</code> 的工资性收入", "p1 和 a_b*c 的工资性收入"),
                  "en": ("of <code>p1</code> and <code>a_b*c</code> together", "of p1 and a_b*c together")}[lang]
    assert html.count(code) == 2, html  # dibao's and the dibao margin's income hints
    assert str(run(*args).stdout).count(text) == 2
    explained = json.loads(run(*args, "--format", "json").stdout)["explanation"]
    hints = [e["would_hold_if"] for e in entries(explained) if "as_received" in e]
    assert len(hints) == 2 and all(text in hint for hint in hints), hints


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_member_s_id_in_a_hint_of_income_or_of_a_birthday_is_code_in_markdown(lang: str) -> None:
    """Whose wage would have to fall (`wage income … of p2`) and whose birthday makes a measure given or ends it
    (`p2 will turn 18 on …`), under a clause, a measure not given and in the assistance table's notes, named the
    member by id as text in markdown: code, as the report writes a member's id; the text report is as it was."""
    from engine.explain import explain
    from engine.loader import load_policy
    from engine.render import render_markdown, render_text
    from tests.helpers import decide, household, member_of

    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    earner = household([member_of("p1", "head", "1975-05-01", labor_capacity="full"),
                        member_of("p2", "spouse", "1977-01-01", labor_capacity="full")],
                       [{"type": "wage", "member": "p2", "amount": 18000}])
    tree = explain(decide(policy, earner, "2026-03-01"), lang)
    code, text = {"zh": ("按实得收入算，`p2` 的工资性收入", "按实得收入算，p2 的工资性收入"),
                  "en": ("(less the cost of employment) of `p2` below",
                         "(less the cost of employment) of p2 below")}[lang]
    report = render_markdown(tree)
    assert report.count(code) == render_text(tree).count(text) == 1  # dibao's (the margin's line is met)
    assert not re.search(r"(?<!`)\bp2\b(?!`)", report), report  # code wherever the report names her
    # the grandson, tekun as a minor, turns 18 on 2026-05-20: his support ends, the household's dibao benefit starts
    minor = household([member_of("p1", "head", "1951-12-01", sex="female", labor_capacity="weak"),
                       member_of("p2", "grandchild", "2008-05-20", labor_capacity="weak", student="higher")],
                      [{"type": "agriculture", "amount": 3000}])
    tree = explain(decide(policy, minor, "2026-03-01"), lang)
    report, plain = render_markdown(tree), render_text(tree)
    turns = {"zh": "p2 将于 2026-05-20 年满 18 周岁", "en": "p2 will turn 18 on 2026-05-20"}[lang]
    assert f"  - → `p2`{turns.removeprefix('p2')}" in report, report  # the dibao benefit not given
    assert f"→ {turns}" in plain
    assert not re.search(r"(?<!`)\bp2\b(?!`)", report), report  # code wherever the report names him

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_diff_markdown_shows_a_value_of_text_as_written(run: Any, tmp_path: Any, lang: str) -> None:
    """A definition whose value is text (an enum value the policy names, `` D`y`<z> `` → `C*x_`) changed with the
    parameters: its change was written as it stands, so that `*` started emphasis, `<z>` a tag and backticks code."""
    old, new = text_valued_policies(tmp_path)
    result = run("diff", old, new, "--format", "markdown", "--lang", lang)
    assert result.exit_code == 1, result.stderr
    source = str(result.stdout)
    assert "“D\\`y\\`&lt;z\\>” → “C\\*x\\_”" in source, source  # in quotes, as explanations say an enum value
    line = next(x for x in _html(source).split("\n") if "→ “C" in x)
    assert "“D`y`&lt;z&gt;” → “C*x_” <em>" in line and "<code>" not in line, line  # (the emphasis the report's note)


def _relabelled(tmp_path: Any, *labels: tuple[str, str]) -> Any:
    """The post-transition policy with each label written as it was (`{zh: …, en: …}`) written anew, as a file."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    for old, new in labels:
        assert old in text
        text = text.replace(old, new)
    policy = tmp_path / "labels.yaml"
    policy.write_text(text, encoding="utf-8")
    return policy


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_policy_doc_shows_a_label_s_and_a_citation_s_backticks_as_written(run: Any, tmp_path: Any, lang: str) -> None:
    """A label, a category's label or a source's title holding two backticks was read as code in the document: each
    shows as written, in a table's cell and in a heading alike, while the rules and ids the document writes as code
    stay code."""
    policy = _relabelled(tmp_path, ("{zh: 教育费用, en: education costs}", "{zh: 教育`费`用, en: education `c`osts}"),
                         ("{zh: 特困人员, en: person in extreme poverty (tekun)}",
                          "{zh: 特困`人`员, en: person in `e`xtreme poverty (tekun)}"))
    out = tmp_path / "doc.md"
    result = run("doc", policy, "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.stderr
    html = _html(out.read_text(encoding="utf-8"))
    education, tekun = {"zh": ("教育`费`用", "特困`人`员"),
                        "en": ("education `c`osts", "person in `e`xtreme poverty")}[lang]
    assert f"<td>{education}" in html and f"{tekun} (<code>tekun</code>)" in html.replace("（", " (").replace("）", ")")
    assert not re.search(r"<code>(费|c|人|e)</code>", html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_diff_markdown_shows_a_label_s_backticks_as_written(run: Any, tmp_path: Any, lang: str) -> None:
    """A label holding two backticks was read as code in the heading of its entry and in the change of its wording:
    both show its backticks as written; the ids the report writes as code stay code."""
    text = (ROOT / "tests" / "fixtures" / "policies" / "mini.yaml").read_text(encoding="utf-8")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("{zh: 人均收入, en: per-capita income}", "{zh: 人均`收`入, en: per-capita `in`come}")
                   .replace("version: v1", "version: v2"), encoding="utf-8")
    result = run("diff", old, new, "--format", "markdown", "--lang", lang)
    assert result.exit_code == 1, result.stderr
    html = _html(str(result.stdout))
    label = {"zh": "人均`收`入", "en": "per-capita `in`come"}[lang]
    assert f"<h3>~ <code>per_capita_income</code> — {label}" in html, html
    assert " → 人均`收`入 <em>" in html and " → per-capita `in`come <em>" in html, html
    assert not re.search(r"<code>(收|in)</code>", html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_markdown_shows_the_household_s_and_the_policy_s_text_as_written(run: Any, tmp_path: Any,
                                                                                lang: str) -> None:
    """`policy eval --brief --format markdown` wrote the title, the labels and the members' ids as they stand, so that
    a household's id `` DS`0`3 `` made code in the title, a label's backticks code and a `*` emphasis: each shows as
    written, and a member said by id (a twin: `子女（15岁，q`r`s）`) has it as code, as the full report writes it."""
    path = _household(tmp_path, {"p1": "p1", "p2": "p2", "p3": "q`r`s", "p4": "p4"}, "DS`0`3")
    data = json.loads(path.read_text(encoding="utf-8"))
    child = next(m for m in data["members"] if m["id"] == "q`r`s")
    data["members"].append({**child, "id": "t*u_"})  # a twin, said by id
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    policy = tmp_path / "labels.yaml"
    labels = "{zh: 教育`费`*用*, en: education `c`*osts*}"
    policy.write_text(text.replace("{zh: 教育费用, en: education costs}", labels), encoding="utf-8")
    result = run("eval", path, "--policy", policy, "--date", "2026-03-01", "--lang", lang, "--brief",
                 "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    html = _html(str(result.stdout))
    title = html.split("\n")[0]
    assert title.startswith("<h1>") and "DS`0`3" in title and "<code>" not in title, title
    assert {"zh": "教育`费`*用*", "en": "education `c`*osts*"}[lang] in html, html
    assert "<code>q`r`s</code>" in html and "<code>t*u_</code>" in html, html
    assert not re.search(r"<code>(0|r|费|c)</code>|<em>", html), html


def _monitored(run: Any, tmp_path: Any, moving: str, starting: str, policy: Any = None) -> Any:
    """A register of February and March 2026: `moving` goes from the dibao margin to dibao, `starting` from nothing to
    the margin (DS-0011, on the dibao line, with less or more income from farming)."""
    on_line = json.loads((EXAMPLES / "DS-0011-on-post-dibao-line.json").read_text(encoding="utf-8"))
    db = tmp_path / "register.sqlite3"
    for date, incomes in (("2026-02-01", (10360, 60000)), ("2026-03-01", (7000, 10360))):
        month = tmp_path / f"{date}.jsonl"
        lines = [{**on_line, "id": household, "income": [
            {**line, "amount": income} if line["type"] == "agriculture" else line for line in on_line["income"]]}
            for household, income in zip((moving, starting), incomes, strict=True)]
        month.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        result = run("monitor", "ingest", month, "--date", date, "--db", db, *(("--policy", policy) if policy else ()))
        assert result.exit_code == 0, result.output
    return db


def _swallowed_lists(source: str) -> list[str]:
    """The paragraphs of a rendering that hold a line markdown makes a list item after a blank line (`- member …`)."""
    return [p for p in re.findall(r"<p>(.*?)</p>", _html(source), re.S) if re.search(r"(^|\n)([-*+]|\d+[.)]) ", p)]


def _every_report(run: Any, tmp_path: Any, lang: str) -> dict[str, str]:
    """Every markdown report, by the command that wrote it: of DS-0003 (no household category, a member's), of the
    two shipped policies, and of a register of two months."""
    example = next((ROOT / "examples" / "households").glob("DS-0003-*.json"))
    reports = {" ".join(args): run("eval", example, "--date", "2026-03-01", "--lang", lang, "--format", "markdown",
                                   *args).stdout
               for args in (("--explain",), (), ("--brief",))}
    reports["diff"] = run("diff", "policy/2024-transition.yaml", "policy/post-transition.yaml", "--lang", lang,
                          "--format", "markdown").stdout
    reports["doc"] = run("doc", "policy/post-transition.yaml", "--lang", lang).stdout
    db = _monitored(run, tmp_path, "H-MOVE", "H-START")
    reports["monitor alerts"] = run("monitor", "alerts", "--db", db, "--lang", lang, "--format", "markdown",
                                    "--today", "2026-03-10").stdout
    reports["monitor show"] = run("monitor", "show", "H-MOVE", "--db", db, "--lang", lang, "--format",
                                  "markdown").stdout
    return reports


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_markdown_report_makes_its_lists_lists(run: Any, tmp_path: Any, lang: str) -> None:
    """`**Result:** none` followed on the next line by `- member …` (and the summary's `**Assistance:**` by its
    measures) was one paragraph to Python-Markdown, which shows `- member …` inside it: a list needs a blank line
    before it after a paragraph."""
    for how, source in _every_report(run, tmp_path, lang).items():
        if how != "monitor show":  # a history without voids or applications has no list
            assert "\n- " in source, how
        assert not _swallowed_lists(source), (how, _swallowed_lists(source))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_markdown_report_shows_each_value_to_confirm_on_a_line_of_its_own(run: Any, tmp_path: Any,
                                                                                lang: str) -> None:
    """The lines of values to confirm (`> ⚠ …`), one under the other, were one quoted paragraph to Python-Markdown,
    which ran them into one line: each is a paragraph of its own."""
    quoted = 0
    for how, source in _every_report(run, tmp_path, lang).items():
        for quote in re.findall(r"<blockquote>(.*?)</blockquote>", _html(source), re.S):
            quoted += quote.count("⚠")
            run_together = [p for p in re.findall(r"<p>(.*?)</p>", quote, re.S) if "\n⚠" in p]
            assert not run_together, (how, run_together)
    assert quoted >= 4, quoted  # the explanation's three and the alerts' one


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monitor_alerts_markdown_shows_the_household_s_and_the_policy_s_text_as_written(run: Any, tmp_path: Any,
                                                                                        lang: str) -> None:
    """`policy monitor alerts --format markdown` wrote the households' ids and the policy's labels as they stand, so
    that an id `` H`0`*1* `` broke out of its bold into code and emphasis, and a label's backticks made code: each
    shows as written, and the command the report gives stays code, the household's id in it as written. A category's
    id, text here but code in `policy monitor show`, is code in both, and so is a member's."""
    policy = _relabelled(tmp_path, ("{zh: 最低生活保障对象, en: minimum living guarantee (dibao) household}",
                                    "{zh: 最低`生活`*保障*对象, en: minimum `living` *guarantee* (dibao) household}"),
                         ("{zh: 家庭年人均收入, en: annual per-capita income}",
                          "{zh: 家庭年`人均`收入, en: annual `per`-capita income}"))
    db = _monitored(run, tmp_path, "H`0`*1*", "S`1`_a_", policy)
    result = run("monitor", "alerts", "--db", db, "--lang", lang, "--format", "markdown", "--today", "2026-03-10")
    assert result.exit_code == 0, result.output
    html = _html(str(result.stdout))
    assert "<strong>H`0`*1*</strong>" in html and "<strong>S`1`_a_</strong>" in html, html
    dibao, income = {"zh": ("最低`生活`*保障*对象", "家庭年`人均`收入"),
                     "en": ("minimum `living` *guarantee* (dibao) household", "annual `per`-capita income")}[lang]
    assert dibao in html and income in html, html
    assert "<code>dibao</code>" in html and "<code>dibao_marginal</code>" in html, html  # ids, as `show` writes them
    assert not re.search(r"[(（]dibao_marginal[)）]", html), html  # (`(dibao)` is of the English label)
    assert "<code>p3</code> · " in html and not re.search(r"[ >]p3 · ", html), html  # a member's grant
    assert "<code>policy monitor apply 'S`1`_a_' --date …</code>" in html, html
    assert not re.search(r"<code>(0|1|生活|人均|living|per)</code>|<em>", html), html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_monitor_show_markdown_shows_the_household_s_the_policy_s_and_the_desk_s_text_as_written(
        run: Any, tmp_path: Any, lang: str) -> None:
    """`policy monitor show --format markdown` wrote the household's id, the policy's labels and the reasons and names
    the desk gave (a void's, an application's void's, a departure's) as they stand, so that `H_0*1*` made emphasis in
    the heading: each shows as written, as the alerts show it, and the categories' ids stay code."""
    policy = _relabelled(tmp_path, ("{zh: 最低生活保障对象, en: minimum living guarantee (dibao) household}",
                                    "{zh: 最低`生活`*保障*对象, en: minimum `living` *guarantee* (dibao) household}"))
    db = _monitored(run, tmp_path, "H_0*1*", "S-1", policy)
    steps = (("void", "H_0*1*", "--date", "2026-02-01", "--reason", "typed *twice* _here_", "--by", "li_*x*"),
             ("apply", "H_0*1*", "--date", "2026-03-02", "--today", "2026-03-05"),
             ("void", "H_0*1*", "--date", "2026-03-02", "--application", "--reason", "a `b` *c*", "--by", "w_*y*"),
             ("apply", "H_0*1*", "--date", "2026-03-03", "--today", "2026-03-05"),
             ("leave", "H_0*1*", "--date", "2026-03-04", "--today", "2026-03-05", "--reason", "moved to *x*",
              "--by", "z_*z*"))
    for step in steps:
        result = run("monitor", *step, "--db", db, "--lang", "en")
        assert result.exit_code == 0, result.output
    result = run("monitor", "show", "H_0*1*", "--db", db, "--lang", lang, "--format", "markdown")
    assert result.exit_code == 0, result.output
    html = _html(str(result.stdout))
    assert html.startswith("<h2>") and "H_0*1*" in html.split("\n")[0], html
    dibao = {"zh": "最低`生活`*保障*对象（<code>dibao</code>）",
             "en": "minimum `living` *guarantee* (<code>dibao</code>) household"}[lang]
    assert dibao in html and "<code>dibao_marginal</code>" in html, html
    for said in ("typed *twice* _here_", "li_*x*", "a `b` *c*", "w_*y*", "moved to *x*", "z_*z*"):
        assert said in html, (said, html)
    assert not re.search(r"<code>(b|生活|living)</code>|<em>|<strong>", html), html
