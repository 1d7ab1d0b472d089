"""`policy.member_description`: members named in explanations as `p2（子女，12岁）`, and its mistakes located."""

from __future__ import annotations

import datetime
import json

import pytest

from engine.diagnostics import Diagnostic
from engine.evaluator import evaluate
from engine.explain import explain
from engine.household import validate_household
from engine.loader import load_policy
from engine.render import render_markdown, render_text
from tests.helpers import ROOT, decide, diagnostics_of_text, household, member

MINI_TEXT = (ROOT / "tests" / "fixtures" / "policies" / "mini.yaml").read_text(encoding="utf-8")
EFFECTIVE = "  effective: {from: 2024-01-01, to: 2025-12-31}\n"


def mini(description: str) -> str:
    """The mini policy with a `member_description:` line (as written) after `effective:`."""
    assert MINI_TEXT.count(EFFECTIVE) == 1
    return MINI_TEXT.replace(EFFECTIVE, EFFECTIVE + f"  member_description: {description}\n")


def diagnose(text: str) -> list[Diagnostic]:
    return diagnostics_of_text(text, "mini.yaml")


def line_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


# -- the shipped policies ---------------------------------------------------------------------


def shipped_tree(name: str, lang: str) -> dict:
    data = json.loads((ROOT / "examples" / "households" / name).read_text(encoding="utf-8"))
    day = datetime.date.fromisoformat(data["date"])
    folder = ROOT / "policy"
    policy = next(p for p in (load_policy(f)[0] for f in sorted(folder.glob("*.yaml"))) if p.meta.in_force(day))
    return explain(evaluate(policy, validate_household(data, policy, name, today=day), day), lang)


def full_years(born: str, day: str) -> int:
    b, d = datetime.date.fromisoformat(born), datetime.date.fromisoformat(day)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


@pytest.mark.parametrize("name", ["DS-0003-tekun-sibling-working-household.json",
                                  "DS-0025-orphan-and-grandmother.json"])
def test_the_shipped_policies_describe_each_member_by_relation_and_age(name: str) -> None:
    data = json.loads((ROOT / "examples" / "households" / name).read_text(encoding="utf-8"))
    relation_zh = {"head": "户主", "spouse": "配偶", "child": "子女", "parent": "父母", "grandchild": "孙子女",
                   "sibling": "兄弟姐妹", "other": "其他"}
    zh, en = shipped_tree(name, "zh"), shipped_tree(name, "en")
    want_zh = [{"id": m["id"],
                "description": f"{relation_zh[m['relation']]}，{full_years(m['birth_date'], data['date'])}岁"}
               for m in data["members"]]
    assert zh["household_members"] == want_zh
    assert [m["description"].split(", aged ")[1] for m in en["household_members"]] == \
        [str(full_years(m["birth_date"], data["date"])) for m in data["members"]]


def test_the_text_lists_the_members_and_names_them_in_each_member_category() -> None:
    tree = shipped_tree("DS-0003-tekun-sibling-working-household.json", "zh")
    text = render_text(tree)
    assert "家庭成员：p1（户主，45岁）、p2（配偶，42岁）、p3（子女，15岁）、p4（兄弟姐妹，50岁）" in text
    assert "  成员 p4（兄弟姐妹，50岁）：特困人员" in text  # the result
    assert "    ✔ 成员 p4（兄弟姐妹，50岁）：认定" in text  # the category, member by member
    english = render_text(shipped_tree("DS-0003-tekun-sibling-working-household.json", "en"))
    assert "Members: p1 (head of household, aged 45), p2 (spouse, aged 42)" in english
    markdown = render_markdown(tree)
    assert "**家庭成员：** `p1`（户主，45岁）、`p2`（配偶，42岁）" in markdown
    assert "**成员 `p4`（兄弟姐妹，50岁）** — 认定" in markdown


# -- what a policy may write --------------------------------------------------------------------

PEOPLE = [member("p1", "1950-03-01", supporter="none"), member("p2", "2010-07-15", supporter="able")]


def test_a_description_may_use_any_member_expression_and_reads_enum_values_by_their_labels() -> None:
    text = mini("{zh: '{supporter}，{age}岁，{age >= 60}', en: '{supporter}, {disability_grade}'}")
    text = text.replace("supporter: {type: enum, values: [able, unable, none], default: none,",
                        "supporter: {type: enum, values: [able, unable, none], default: none, "
                        "value_labels: {none: {zh: 无赡养人, en: no supporter}},")
    policy, warnings = load_policy("mini.yaml", raw=text.encode("utf-8"))
    # `able` and `unable` have no words, nor has the housing grade: said as written, as below
    assert [(d.code, d.message.split(":")[0]) for d in warnings] == [
        ("C042", "`housing.safety_grade` has no `value_labels`"),
        ("C042", "the `value_labels` of `supporter` give no words for `able` and `unable`")]
    decision = decide(policy, household(PEOPLE))
    assert explain(decision, "zh")["household_members"] == [
        {"id": "p1", "description": "无赡养人，74岁，是"}, {"id": "p2", "description": "able，14岁，否"}]
    assert explain(decision, "en")["household_members"] == [
        {"id": "p1", "description": "no supporter, (none)"}, {"id": "p2", "description": "able, (none)"}]


def test_without_a_description_members_are_named_by_id_alone() -> None:
    policy, _ = load_policy("mini.yaml", raw=MINI_TEXT.encode("utf-8"))
    tree = explain(decide(policy, household(PEOPLE)), "zh")
    assert tree["household_members"] == [{"id": "p1"}, {"id": "p2"}]
    text = render_text(tree)
    assert "家庭成员" not in text
    assert "    ✔ 成员 p1：认定" in text


def test_a_description_in_one_language_serves_both_and_is_warned_about() -> None:
    text = mini("{zh: '{age}岁'}")
    found = diagnose(text)
    assert [(d.code, d.message) for d in found] == [("C011", "the member description has no `en` text")]
    assert (found[0].span.line, found[0].span.column) == line_of(text, "{zh: '{age}岁'}")
    policy, _ = load_policy("mini.yaml", raw=text.encode("utf-8"))
    english = explain(decide(policy, household(PEOPLE)), "en")
    assert english["household_members"][0] == {"id": "p1", "description": "74岁"}


def test_a_name_used_only_in_the_description_is_not_reported_unused() -> None:
    text = mini("{zh: '{elderly}', en: '{elderly}'}").replace(
        "  age: {level: member,",
        "  elderly: {level: member, value: age >= 60, label: {zh: 老人, en: elderly}}\n  age: {level: member,")
    assert diagnose(text) == []


# -- its mistakes, located ----------------------------------------------------------------------


@pytest.mark.parametrize(("description", "code", "message", "at", "hint"), [
    ("{zh: '{agee}岁', en: '{age}'}", "C001", "unknown name `agee`", "agee", "did you mean `age`?"),
    ("{zh: '{年龄}岁', en: '{age}'}", None, None, "年龄", "`age`"),
    ("{zh: '{age岁', en: '{age}'}", "S004", "this `{` is never closed", "{age岁", "close it with `}`"),
    ("{zh: 'age}岁', en: '{age}'}", "S001", "this `}` closes no `{`", "}岁", "remove it"),
    ("{zh: '{}岁', en: '{age}'}", "S003", "`{}` names nothing", "{}岁", "e.g. `{relation}`"),
    ("{zh: '{count(members)}人', en: '{age}'}", "C009", None, "count(members)", None),
])
def test_a_mistake_in_the_description_is_located_in_its_braces(description: str, code: str | None, message: str | None,
                                                                at: str, hint: str | None) -> None:
    text = mini(description)
    found = [d for d in diagnose(text) if d.severity == "error"]
    assert len(found) == 1, [(d.code, d.message) for d in found]
    d = found[0]
    if code is not None:
        assert d.code == code
    if message is not None:
        assert d.message == message
    assert (d.span.line, d.span.column) == line_of(text, at)
    if hint is not None:
        assert hint in (d.help or "")


def test_a_changed_description_is_a_wording_change_in_the_diff(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shipped = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    written = "  member_description: {zh: '{relation}，{age}岁', en: '{relation}, aged {age}'}\n"
    assert shipped.count(written) == 1
    changed = tmp_path / "changed.yaml"
    changed.write_text(shipped.replace(written, "  member_description: {zh: '{relation}（{age}岁）'}\n"),
                       encoding="utf-8")
    result = run("diff", ROOT / "policy" / "post-transition.yaml", changed, "--lang", "en")
    assert result.exit_code == 1
    assert "changes: 1 (1 in wording only)" in result.output
    assert "member description (Chinese): {relation}，{age}岁 → {relation}（{age}岁）  [wording]" in result.output
    assert "member description (English): {relation}, aged {age} → none  [wording]" in result.output
    chinese = run("diff", ROOT / "policy" / "post-transition.yaml", changed, "--lang", "zh").output
    assert "成员描述（中文）：{relation}，{age}岁 → {relation}（{age}岁）  [措辞]" in chinese


def test_the_summary_without_reasons_names_the_members_too(run) -> None:  # type: ignore[no-untyped-def]
    example = ROOT / "examples" / "households" / "DS-0003-tekun-sibling-working-household.json"
    text = run("eval", example).output.splitlines()
    assert text[1:4] == ["家庭成员：p1（户主，45岁）、p2（配偶，42岁）、p3（子女，15岁）、p4（兄弟姐妹，50岁）",
                         "认定结果：无", "  成员 p4（兄弟姐妹，50岁）：特困人员"]
    markdown = run("eval", example, "--format", "markdown", "--lang", "en").output
    assert "- member `p4` (sibling, aged 50): person in extreme poverty (tekun)\n" in markdown
