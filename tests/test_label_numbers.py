"""A label that writes a number its rule does not have (C029): `人均存款不超过24个月低保标准` beside `… * 30 months`.

Most cases are the mini policy's `deposits` clause of `dibao` with its label and rule rewritten, the way an
officer edits them; the catalogue's case is the shipped policy itself. `policy diff` says the same beside a
changed rule whose label did not change (the last tests).
"""

from __future__ import annotations

import json
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.diagnostics import Diagnostic, render, source_lines
from engine.diff.changes import diff
from engine.loader import load_policy
from engine.syntax.numerals import separators_removed
from engine.yamlsource import load_yaml
from tests.helpers import MINI, ROOT, diagnostics_of_text

TWO_YEARS = "assets.deposits / household_size <= dibao_standard * 24 months"
DEPOSITS = ("        label: {zh: 存款, en: deposits}\n"
            "        test: assets.deposits / household_size <= dibao_standard * 24 months\n")
SHIPPED_MONTHS = "  dibao_deposit_months:\n    value: 24 months\n"


def label_line(zh: str, en: str) -> str:
    """The `label:` line of a clause; a text with a comma (`7,600`) in quotes, as YAML's `{…}` needs it."""
    def flow(text: str) -> str:
        return f"'{text}'" if "," in text else text

    return f"        label: {{zh: {flow(zh)}, en: {flow(en)}}}"


def clause(zh: str, en: str, test: str) -> list[Diagnostic]:
    """The findings for the mini policy whose `deposits` clause has the label `zh` / `en` and the rule `test`."""
    text = MINI.read_text(encoding="utf-8")
    assert text.count(DEPOSITS) == 1
    return diagnostics_of_text(text.replace(DEPOSITS, f"{label_line(zh, en)}\n        test: {test}\n"), "mini.yaml")


def shipped_with(old: str, new: str) -> str:
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_a_clause_label_its_rule_left_behind_is_one_warning_for_both_languages_as_the_catalogue_shows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The dibao deposit months changed from 24 to 30, the label of the clause that reads them not: one warning, at
    the 24 of the clause's Chinese label, says where the English writes it too and what to write in each."""
    (tmp_path / "policy").mkdir()
    changed = shipped_with(SHIPPED_MONTHS, SHIPPED_MONTHS.replace("24 months", "30 months"))
    (tmp_path / "policy" / "post-transition.yaml").write_text(changed, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = diagnostics_of_text(changed, "policy/post-transition.yaml")
    line = 1 + changed[:changed.index("label: {zh: 人均存款不超过24个月低保标准")].count("\n")  # dibao's deposits
    # two warnings of one line, at columns 28 and 67, read as two mistakes, and `policy eval` counted two
    assert [(d.code, d.severity, d.span.line, d.span.column, d.span.end_column) for d in found] == [
        ("C029", "warning", line, 28, 30)]
    assert [d.message for d in found] == [
        "the label of clause `deposits` of `dibao` writes 24 in both languages (columns 28 and 67), a number its rule "
        "does not have: it has `dibao_standard` = 510.00 yuan/month and `dibao_deposit_months` = 30 months"]
    # the months are the parameter's, the only one of months the rule reads: it is named, with which to change
    at = 1 + changed[:changed.index(SHIPPED_MONTHS.replace("24 months", "30 months"))].count("\n") + 1
    assert [d.help for d in found] == [
        f"the rule's figure is `dibao_deposit_months` = 30 months (line {at}): if 30 months is right, write the "
        "labels `人均存款不超过30个月低保标准` and `deposits per head within 30 months of the dibao standard`; "
        f"if 24 is right, change the value of `dibao_deposit_months` at line {at}, not the rule"]
    assert found[0].zh == ("`dibao` 的条款 `deposits` 的标签写着 24（中英文都写着，第 28、67 列），"
                           "但它的规则中没有这个数：规则中的数是 `dibao_standard` = 510.00 元/月、"
                           "`dibao_deposit_months` = 30 个月",
                           f"规则中的数是 `dibao_deposit_months` = 30 个月（第 {at} 行）：如果 30 个月是对的，"
                           "请把标签分别改为 `人均存款不超过30个月低保标准` 和 "
                           "`deposits per head within 30 months of the dibao standard`；如果 24 是对的，"
                           f"请修改第 {at} 行 `dibao_deposit_months` 的值，而不是规则")
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    lines = source_lines("policy/post-transition.yaml")
    for d in found:
        assert render(d, lines) + "\n" in catalogue
    assert render(found[0], lines, lang="zh") + "\n" in catalogue
    # the months put back, or the label written to say them: no warning
    assert diagnostics_of_text(changed.replace("value: 30 months", "value: 24 months"),
                               "policy/post-transition.yaml") == []
    relabelled = (changed.replace("24个月低保标准", "30个月低保标准")
                  .replace("within 24 months of the dibao", "within 30 months of the dibao"))
    assert diagnostics_of_text(relabelled, "policy/post-transition.yaml") == []


@pytest.mark.parametrize("path", [*sorted((ROOT / "policy").glob("*.yaml")),
                                  *sorted((ROOT / "tests" / "fixtures" / "policies").glob("*.yaml")),
                                  *sorted((ROOT / "tests" / "fixtures" / "diff").glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_the_shipped_policies_and_the_fixture_policies_cry_no_wolf(path: Path):
    found = [d for d in diagnostics_of_text(path.read_text(encoding="utf-8"), path.name) if d.code == "C029"]
    if path.name == "clause.yaml":  # the diff fixture of a changed clause: 36 months, its label left at 24
        assert [(d.span.line, d.message.split(" in both languages")[0]) for d in found] == [
            (59, "the label of clause `deposits` of `dibao` writes 24")]
    else:
        assert found == []


def test_a_number_the_rule_reaches_through_a_definition_and_a_parameter_is_found():
    """`低于低保标准的1.5倍` beside `per_capita_income < marginal_line`: `marginal_line` multiplies by
    `marginal_multiplier`, which is 1.5."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert "test: per_capita_income < marginal_line" in text and "低于低保标准的1.5倍" in text
    assert diagnostics_of_text(text, "policy/post-transition.yaml") == []
    found = diagnostics_of_text(shipped_with("    value: 1.5\n", "    value: 1.6\n"), "policy/post-transition.yaml")
    line = 1 + text[:text.index("低于低保标准的1.5倍")].count("\n")  # the label's line in the shipped policy
    assert [(d.code, d.span.line) for d in found] == [("C029", line)]
    assert found[0].message == ("the label of clause `income` of `dibao_marginal` writes 1.5 in both languages "
                                "(columns 34 and 68), a number its rule does not have: it has `marginal_multiplier` "
                                "= 1.6 and `dibao_standard` = 510.00 yuan/month")
    # the multiple is the parameter's, the only plain number the rule reaches: it is named, with which to change
    at = 1 + text[:text.index("  marginal_multiplier:\n")].count("\n") + 1
    assert found[0].help == (f"the rule's figure is `marginal_multiplier` = 1.6 (line {at}): if 1.6 is right, write "
                             "the labels `家庭人均收入低于低保标准的1.6倍` and `per-capita income below 1.6 times the "
                             f"dibao standard`; if 1.5 is right, change the value of `marginal_multiplier` at line "
                             f"{at}, not the rule")


def test_a_rule_of_more_numbers_than_are_shown_counts_them_all_in_chinese_as_its_等_says():
    """`甲、乙等 9 个` says there are nine in all: the Chinese counted only those not shown (`…6.00 元等 3 个`)."""
    many = " + ".join(f"{n} yuan" for n in range(1, 8))
    text = shipped_with("        test: deposits_per_capita <= dibao_standard * dibao_deposit_months\n",
                        f"        test: deposits_per_capita + {many} <= dibao_standard * dibao_deposit_months\n")
    text = text.replace(SHIPPED_MONTHS, "  dibao_deposit_months:\n    value: 30 months\n")
    (found,) = diagnostics_of_text(text, "policy/post-transition.yaml")
    shown = [f"{n}.00" for n in range(1, 7)]
    assert found.message.endswith(f"it has {' yuan, '.join(shown)} yuan and 3 more")
    assert found.in_lang("zh").message.endswith(f"规则中的数是 {' 元、'.join(shown)} 元等 9 个")


@pytest.mark.parametrize(("zh", "en", "test"), [
    ("存款不超过24个月低保标准", "within 24 months of the standard", TWO_YEARS),
    ("存款不超过2年低保标准", "within 2 years of the standard", TWO_YEARS),
    ("存款不超过36个月低保标准", "within 36 months", "assets.deposits / household_size <= dibao_standard * 3 years"),
    ("人均存款不超过7,600元", "at most 7,600 yuan a head", "assets.deposits / household_size <= 7600 yuan"),
    ("人均存款不超过7，600元", "at most 7600 yuan", "assets.deposits / household_size <= 7600 yuan"),
    ("人均收入低于每月490元", "income below 490 a month", "per_capita_income < 5880 yuan/year"),
    ("人均收入低于每年5880元", "income below 5880 a year", "per_capita_income < 490 yuan/month"),
    ("人均收入低于每月633.33元", "income below 633.33 a month", "per_capita_income < 7600 yuan/year"),
    ("人均收入低于每月588元", "income below 588 a month", "per_capita_income < 1.2 * dibao_standard"),
    ("人均收入低于低保标准的30%", "income below 30% of the standard", "per_capita_income < 0.3 * dibao_standard"),
    ("人均收入低于低保标准的0.3倍", "income below 0.3 times the standard", "per_capita_income < 30% * dibao_standard"),
    ("人均收入低于低保标准的30 ％", "income below 30 % of the standard", "per_capita_income < 30% * dibao_standard"),
    ("人均存款不超过12,000元", "deposits at most 12,000 yuan a head", "assets.deposits / household_size <= 12000 yuan"),
    ("人均存款不超过11760元", "at most 11760 yuan", TWO_YEARS),
    ("2023年人均存款", "deposits as counted in 2023", TWO_YEARS),
    ("存款（C2类）", "deposits (the 2nd count)", TWO_YEARS),
    ("存款不超过二十四个月低保标准", "deposits", "assets.deposits / household_size <= dibao_standard * 30 months"),
])
def test_a_number_matches_in_the_forms_a_label_writes_it(zh: str, en: str, test: str):
    """Units, the other period, percentages and hundredths, thousands separators, folded figures; calendar years,
    numbers inside words and Chinese numerals are not checked."""
    assert clause(zh, en, test) == []


@pytest.mark.parametrize(("zh", "en", "test", "numbers", "offered"), [
    ("存款不超过25个月低保标准", "within 25 months", TWO_YEARS,
     ["25"], [("存款不超过24个月低保标准", "within 24 months")]),
    ("低于低保标准的40%", "below 40% of the standard", "per_capita_income < 30% * dibao_standard",
     ["40%"], [("低于低保标准的30%", "below 30% of the standard")]),
    ("人均存款不超过7,700元", "at most 7700 yuan", "assets.deposits / household_size <= 7600 yuan",
     ["7,700"], [("人均存款不超过7600元", "at most 7600 yuan")]),
    ("低于每月490元", "below 490 a month", "per_capita_income < 6120 yuan/year",
     ["490"], [None]),  # the rule's figure is a year's: a label would need it converted
    ("存款不超过25至26个月", "25 to 26 months", TWO_YEARS,
     ["25", "26"], [None] * 2),  # two numbers: which one the figure replaces is not clear
])
def test_a_number_both_languages_write_is_warned_of_once_where_each_is_written(zh, en, test, numbers, offered):
    # `存款不超过25个月` and `within 25 months` were two warnings of one line, the same words at two columns
    found = clause(zh, en, test)
    assert [d.code for d in found] == ["C029"] * len(numbers)
    assert [d.message.split(" writes ")[1].split(" in both")[0] for d in found] == numbers
    lines = MINI.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text == DEPOSITS.split("\n")[0])
    written = label_line(zh, en)
    for d, number in zip(found, numbers, strict=True):
        # the underline sits under the number in the Chinese; the message gives the column of each
        start = written.index(zh) + zh.index(number.rstrip("%"))
        assert (d.span.line, d.span.column, d.span.end_column) == (line, start + 1, start + 1 + len(number))
        english = written.index(en) + en.index(separators_removed(number).rstrip("%")) + 1
        assert f" in both languages (columns {start + 1} and {english})," in d.message
    for d, labels in zip(found, offered, strict=True):
        expected = (f"write the labels `{labels[0]}` and `{labels[1]}`" if labels
                    else "change the label to say what it says")
        assert d.help is not None and expected in d.help


def test_a_number_only_one_language_writes_or_written_otherwise_in_each_is_warned_of_where_it_is_written():
    found = clause("存款不超过25个月低保标准", "deposits within the limit", TWO_YEARS)
    assert [(d.code, d.message.split(", a number")[0]) for d in found] == [
        ("C029", "the label of clause `deposits` of `dibao` writes 25")]
    assert found[0].help is not None and "write the label `存款不超过24个月低保标准`" in found[0].help
    found = clause("存款不超过25个月低保标准", "within 26 months", TWO_YEARS)
    assert [d.message.split(", a number")[0].split(" writes ")[1] for d in found] == ["25", "26"]
    written = label_line("存款不超过25个月低保标准", "within 26 months")
    assert [d.span.column for d in found] == [written.index("25") + 1, written.index("26") + 1]


@pytest.mark.parametrize(("test", "en", "zh"), [
    ("per_capita_income < 5880 yuan/year", "5,880.00 yuan/year", "5,880.00 元/年"),
    ("per_capita_income < 490 yuan/month", "490.00 yuan/month", "490.00 元/月"),
    ("assets.deposits / household_size <= 12000 yuan", "12,000.00 yuan", "12,000.00 元"),
    ("assets.deposits / household_size <= dibao_standard * 3 years",
     "3 years and `dibao_standard` = 490.00 yuan/month", "3 年、`dibao_standard` = 490.00 元/月"),
    ("assets.deposits / household_size <= dibao_standard * 30 months",
     "30 months and `dibao_standard` = 490.00 yuan/month", "30 个月、`dibao_standard` = 490.00 元/月"),
])
def test_the_rules_figures_are_written_as_explanations_write_them(test: str, en: str, zh: str):
    """Money to the fen with its thousands grouped and a space before its unit, in each language: `490.00 元/月`,
    not the rule's `490元/月`."""
    found = clause("存款不超过17个月", "within 17 months", test)
    assert [d.code for d in found] == ["C029"]
    assert found[0].message.endswith(f"a number its rule does not have: it has {en}"), found[0].message
    assert found[0].zh is not None and found[0].zh[0].endswith(f"规则中的数是 {zh}"), found[0].zh


def test_the_labels_of_definitions_parameters_and_options_are_checked_and_those_of_categories_are_not():
    text = MINI.read_text(encoding="utf-8")
    for old, new, where in [
        ("label: {zh: 人口, en: size}", "label: {zh: 满18周岁的人口, en: members of 18 or more}", "`household_size`"),
        ("label: {zh: 低保标准, en: dibao standard}",
         "label: {zh: 低保标准（每月480元）, en: dibao standard (480 a month)}", "`dibao_standard`"),
        ("label: {zh: 低保金, en: dibao benefit}",
         "label: {zh: 低保金（补差的90%）, en: dibao benefit (90% of the gap)}", "measure `dibao_benefit`"),
    ]:
        assert text.count(old) == 1, old
        found = diagnostics_of_text(text.replace(old, new), "mini.yaml")
        assert [d.code for d in found] == ["C029"], (new, [d.message for d in found])
        assert f"the label of {where} writes" in found[0].message
    named = text.replace("label: {zh: 低保, en: dibao}", "label: {zh: 低保（第2类）, en: dibao (group 2)}")
    assert diagnostics_of_text(named, "mini.yaml") == []


def test_an_option_label_its_amount_left_behind_is_warned_of():
    # the share written in the rule in place of its parameter (left unused, C005)
    changed = shipped_with("amount: medical_share_dibao * own", "amount: 75% * own")
    found = [d for d in diagnostics_of_text(changed, "policy/post-transition.yaml") if d.code == "C029"]
    line = 1 + changed[:changed.index("低保对象按70%救助")].count("\n")  # the option's label in the shipped policy
    assert [(d.code, d.span.line) for d in found] == [("C029", line)]
    assert found[0].message.startswith("the label of option `dibao` of `medical_assistance` writes 70% in both "
                                       "languages (columns ")
    assert found[0].message.endswith("a number its rule does not have: it has 75%")
    assert found[0].help is not None and "write the labels `低保对象按75%救助` and `" in found[0].help


def test_a_figure_the_rule_reads_from_a_parameter_names_the_parameter_and_which_of_the_two_to_change():
    """`medical_share_dibao: 75%` beside an option label that says 70%: the help names the parameter, its value and
    its line, and says what to change for either reading — the label, or the parameter's value (not the rule)."""
    changed = shipped_with("  medical_share_dibao:\n    value: 70%\n", "  medical_share_dibao:\n    value: 75%\n")
    found = [d for d in diagnostics_of_text(changed, "policy/post-transition.yaml") if d.code == "C029"]
    line = 1 + changed[:changed.index("  medical_share_dibao:\n    value: 75%")].count("\n") + 1  # its `value:`
    assert [d.message.split(" (columns")[0] + d.message.split(")")[-1] for d in found] == [
        "the label of option `dibao` of `medical_assistance` writes 70% in both languages, a number its rule does "
        "not have: it has `medical_share_dibao` = 75%"]
    assert [d.help for d in found] == [
        f"the rule's figure is `medical_share_dibao` = 75% (line {line}): if 75% is right, write the labels "
        f"`低保对象按75%救助` and `dibao households at 75%`; if 70% is right, change the value of "
        f"`medical_share_dibao` at line {line}, not the rule"]
    assert found[0].zh is not None and found[0].zh[1] == (
        f"规则中的数是 `medical_share_dibao` = 75%（第 {line} 行）：如果 75% 是对的，"
        "请把标签分别改为 `低保对象按75%救助` 和 `dibao households at 75%`；"
        f"如果 70% 是对的，请修改第 {line} 行 `medical_share_dibao` 的值，而不是规则")


def test_a_parameter_is_named_only_where_the_label_says_which_parameter_the_figure_is():
    """Of the parameters a rule reads, the one whose figure is of the label number's kind: the months of `24个月`
    (not the dibao standard's yuan), the multiple of `1.5倍`; none where two are of that kind."""
    found = clause("存款不超过25个月低保标准", "within 25 months", "assets.deposits / household_size <= "
                   "dibao_standard * 24 months")
    assert "change the rule" in (found[0].help or "")  # the figure is the rule's own: no parameter to name
    text = MINI.read_text(encoding="utf-8")
    months = text.replace("parameters:\n", "parameters:\n  deposit_months: {value: 24 months, label: {zh: 月数, "
                          "en: months}}\n", 1)
    found = clause_in(months, "存款不超过25个月低保标准", "within 25 months",
                      "assets.deposits / household_size <= dibao_standard * deposit_months")
    at = _line_of(months, "deposit_months:")
    assert [(d.help or "").split(":")[0] for d in found] == [
        f"the rule's figure is `deposit_months` = 24 months (line {at})"]
    found = clause_in(months, "存款不超过25", "within 25", "assets.deposits / household_size <= dibao_standard * "
                      "deposit_months")
    assert all(d.help is not None and d.help.startswith("if the rule is right") for d in found)  # 25 of what?


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.strip().startswith(start))


def clause_in(text: str, zh: str, en: str, test: str) -> list[Diagnostic]:
    """`clause`, in a mini policy of `text`."""
    assert text.count(DEPOSITS) == 1
    return [d for d in diagnostics_of_text(text.replace(DEPOSITS, f"{label_line(zh, en)}\n        test: {test}\n"),
                                           "mini.yaml") if d.code == "C029"]


def test_a_rule_without_a_number_says_so():
    found = clause("存款不超过24个月", "within 24 months", "housing_unsafe")
    written = label_line("存款不超过24个月", "within 24 months")
    zh, en = written.index("24") + 1, written.rindex("24") + 1
    assert [d.message for d in found] == [
        f"the label of clause `deposits` of `dibao` writes 24 in both languages (columns {zh} and {en}), but its rule "
        "has no number"]
    assert found[0].zh is not None and found[0].zh[0] == (
        f"`dibao` 的条款 `deposits` 的标签写着 24（中英文都写着，第 {zh}、{en} 列），但它的规则中没有数")


# -- said by `policy diff`, beside a changed rule whose label did not change ----------------------------------

BASE = "tests/fixtures/diff/base.yaml"
CLAUSE = "tests/fixtures/diff/clause.yaml"  # base.yaml with 36 months for 24, its label left at 24
NOTE_EN = ("note: the label was not changed and still writes 24, a number the new rule does not have (“deposits "
           "within 24 months of the standard”): check which of the two is meant")
NOTE_ZH = "注意：标签没有修改，仍写着 24，而新规则中没有这个数（“存款不超过24个月标准”）：请核对两者以哪个为准"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(cli, ["diff", *args], catch_exceptions=False)
    return invoke


def changed_details(old: tuple[str, str], new: tuple[str, str]) -> list[Any]:
    """The details of `diff` between two policy texts, each given as (name, text)."""
    (a, da), (b, db) = ((load_policy(name, raw=text.encode("utf-8"))[0], load_yaml(text.encode("utf-8"), name))
                        for name, text in (old, new))
    return [d for item in diff(a, b, da, db).items for d in item.details]


def test_a_changed_clause_whose_label_was_left_behind_is_noted_under_the_change_in_every_report(run, tmp_path):
    lines = run(BASE, CLAUSE, "--lang", "en").output.split("\n")
    new = lines.index("        new: deposits ÷ size ≤ dibao standard (490.00 yuan/month) × 36 months (as written: "
                      "assets.deposits / household_size <= dibao_standard * «36 months»)")
    assert lines[new + 1] == f"        {NOTE_EN}"
    lines = run(BASE, CLAUSE, "--lang", "zh").output.split("\n")
    new = lines.index("        新：存款 ÷ 人口 ≤ 低保标准（490.00 元/月） × 36 个月（原文：assets.deposits / "
                      "household_size <= dibao_standard * «36 months»）")
    assert lines[new + 1] == f"        {NOTE_ZH}"
    markdown = run(BASE, CLAUSE, "--lang", "zh", "--format", "markdown").output
    assert "  - 新：存款 ÷ 人口 ≤ 低保标准（490.00 元/月） × 36 个月（原文：assets.deposits / household_size &lt;= " \
           "dibao_standard \\* **36 months**）\n" \
           f"  - {NOTE_ZH}\n" in markdown
    data = json.loads(run(BASE, CLAUSE, "--lang", "en", "--format", "json").stdout)
    (detail,) = [d for c in data["changes"] for d in c["details"] if d["aspect"] == "clause"]
    assert {"aspect", "change", "kind", "old", "new", "item", "old_at", "new_at", "marks"} <= set(detail)
    assert detail["label_numbers"] == [
        {"lang": "zh", "number": "24", "label": "存款不超过24个月标准"},
        {"lang": "en", "number": "24", "label": "deposits within 24 months of the standard"}]
    assert detail["label_note"] == NOTE_EN.removeprefix("note: ")
    described = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    assert f"        {NOTE_EN}\n" in described and f"`{NOTE_ZH}`" in described
    page = tmp_path / "diff.html"
    run(BASE, CLAUSE, "--lang", "zh", "--html", str(page))
    assert f'<span class="note">{html_escape(NOTE_ZH)}</span>' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(("label", "rule"), [
    ("label: {zh: 存款不超过36个月标准, en: deposits within 36 months of the standard}", "36 months"),  # both changed
    (None, "2 years"),  # another rule, whose figure is still the label's 24 months
])
def test_a_changed_rule_whose_label_still_says_it_is_not_noted(run, label, rule):
    text = (ROOT / BASE).read_text(encoding="utf-8")
    changed = text.replace("dibao_standard * 24 months", f"dibao_standard * {rule}")
    if label is not None:
        old_label = "label: {zh: 存款不超过24个月标准, en: deposits within 24 months of the standard}"
        changed = changed.replace(old_label, label)
    details = changed_details((BASE, text), ("changed.yaml", changed))
    assert [d.aspect for d in details if d.kind == "expr"] == ["clause"]
    assert all(d.stale_label is None for d in details)


def test_an_option_and_a_parameter_left_behind_by_their_rules_are_noted_too():
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    details = changed_details(("policy/post-transition.yaml", text),
                              ("new.yaml", text.replace("amount: medical_share_dibao * own", "amount: 75% * own")))
    (amount,) = [d for d in details if d.aspect == "amount"]
    assert amount.item == "dibao" and amount.stale_label is not None
    assert amount.stale_label.said("en").en.startswith("the label was not changed and still writes 70%,")
    assert "（“低保对象按70%救助”）" in amount.stale_label.said("zh").zh
    labelled = "label: {zh: 低保标准（每月490元）, en: dibao standard (490 a month)}"
    mini = MINI.read_text(encoding="utf-8").replace("label: {zh: 低保标准, en: dibao standard}", labelled)
    details = changed_details(("mini.yaml", mini), ("new.yaml", mini.replace("value: 490 yuan/month",
                                                                              "value: 510 yuan/month")))
    (value,) = [d for d in details if d.aspect == "value"]
    assert value.stale_label is not None and [n.number for n in value.stale_label.numbers] == ["490", "490"]
    assert value.stale_label.said("zh").zh.startswith("标签没有修改，仍写着 490，")


def test_a_label_the_old_rule_already_disagreed_with_is_not_noted_under_the_change(run, tmp_path):
    text = (ROOT / BASE).read_text(encoding="utf-8")
    old = text.replace("dibao_standard * 24 months", "dibao_standard * 30 months")  # the label's 24 already wrong
    new = text.replace("dibao_standard * 24 months", "dibao_standard * 36 months")
    details = changed_details(("old.yaml", old), ("new.yaml", new))
    (clause,) = [d for d in details if d.kind == "expr"]
    assert clause.aspect == "clause" and clause.stale_label is None
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    for lang in ("en", "zh"):
        shown = run(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--lang", lang).output
        assert "«36 months»" in shown and "still writes" not in shown and "仍写着" not in shown, shown
    data = json.loads(run(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", "json").stdout)
    assert not any("label_note" in d for c in data["changes"] for d in c["details"])
    # the change that made it disagree, from a rule that had the label's 24, is still noted
    details = changed_details(("base.yaml", text), ("new.yaml", new))
    (clause,) = [d for d in details if d.kind == "expr"]
    assert clause.stale_label is not None and [n.number for n in clause.stale_label.numbers] == ["24", "24"]


def test_only_the_numbers_the_change_left_behind_are_noted():
    labelled = "label: {zh: 低保标准（每月490元，上年480元）, en: dibao standard (490 a month; 480 last year)}"
    mini = MINI.read_text(encoding="utf-8").replace("label: {zh: 低保标准, en: dibao standard}", labelled)
    details = changed_details(("mini.yaml", mini), ("new.yaml", mini.replace("value: 490 yuan/month",
                                                                              "value: 510 yuan/month")))
    (value,) = [d for d in details if d.aspect == "value"]
    assert value.stale_label is not None  # 480 was never the rule's: only 490 went with this change
    assert [n.number for n in value.stale_label.numbers] == ["490", "490"]
    assert value.stale_label.said("en").en.startswith("the label was not changed and still writes 490, a number ")
