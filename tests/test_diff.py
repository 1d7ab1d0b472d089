"""`policy diff`: semantic diff, impact with causes, witnesses and the HTML report.

Golden reports live in tests/golden/diff/. After an intended change, regenerate them with

    UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py

and review the new files with `git diff` before committing.
"""

from __future__ import annotations

import collections
import datetime
import functools
import json
import os
import random
import re
import shlex
from decimal import Decimal
from html import escape as html_escape
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.diff_impact_words import cause_text, part_year
from cli.diff_words import Words
from cli.main import cli
from engine.batch.csv_tables import write_households_csv
from engine.diagnostics import Diagnostic, Said
from engine.diff.changes import diff, expression_detail
from engine.diff.hybrid import Hybrids, components
from engine.diff.impact import (
    NONE,
    BadRecord,
    Cause,
    HouseholdChange,
    Impact,
    ImpactRun,
    MeasureTotal,
    Outcome,
    Record,
    classify,
    read_records,
)
from engine.diff.pair_notes import pair_notes
from engine.diff.unfilled import unfilled_inputs_help
from engine.diff.witness import witnesses
from engine.evaluator import evaluate
from engine.household import validate_household
from engine.loader import load_policy
from engine.model import Expr
from engine.sample import households
from engine.syntax.parser import parse
from engine.syntax.printer import to_text
from engine.yamlsource import load_yaml
from tests.helpers import (
    HALF_WIDTH,
    IN_UTF16,
    ROOT,
    STEPPED_SUBSIDIES,
    decompressed,
    files_of_each_shape,
    member_of,
    quotes_nested_alike,
    stepped_subsidy_text,
    text_valued_policies,
    winter_subsidy_text,
)
from tests.helpers import household as household_of

GOLDEN = ROOT / "tests" / "golden" / "diff"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
FIXTURES = ROOT / "tests" / "fixtures" / "diff"
OLD, NEW = "policy/2024-transition.yaml", "policy/post-transition.yaml"
BASE = "tests/fixtures/diff/base.yaml"
HOUSEHOLDS = "tests/fixtures/diff/households.jsonl"


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def invoke(*args: str, input: bytes | None = None):
        return runner.invoke(cli, ["diff", *args], input=input, catch_exceptions=False)
    return invoke


def load(path: str | Path, raw: bytes | None = None) -> tuple[Any, Any]:
    raw = raw if raw is not None else (ROOT / path).read_bytes()
    return load_policy(str(path), raw=raw)[0], load_yaml(raw, str(path))


def policy_diff(old: str, new: str):
    (a, da), (b, db) = load(old), load(new)
    return diff(a, b, da, db), da, db


def expr(text: str) -> Expr:
    node = parse(text)
    return Expr(node, node.span)  # type: ignore[attr-defined]


# -- a policy diffed with itself, however it is formatted, is empty ----------------------------

EXPRESSION_KEYS = {"value", "test", "when", "amount", "share"}


def _reformat(data: Any, rng: random.Random, canonical: bool, key: str = "") -> Any:
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {k: _reformat(v, rng, canonical, k) for k, v in items}
    if isinstance(data, list):
        return [_reformat(v, rng, canonical, key) for v in data]
    if canonical and key in EXPRESSION_KEYS and isinstance(data, str):
        return to_text(parse(data))
    return data


def reformatted(path: str, seed: int, canonical: bool) -> bytes:
    """The same policy re-dumped: keys shuffled, strings re-quoted, re-indented, re-flowed."""
    rng = random.Random(seed)
    data = _reformat(load_yaml((ROOT / path).read_bytes(), path).data, rng, canonical)

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=rng.choice([None, "'", '"']))

    def number(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))

    Dumper.add_representer(str, text)
    Dumper.add_representer(Decimal, number)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, indent=rng.choice([2, 4]),
                     default_flow_style=rng.choice([False, None]), width=rng.choice([60, 4096])).encode("utf-8")


@pytest.mark.parametrize("path", [OLD, NEW, BASE])
def test_a_policy_diffed_with_itself_is_empty(path):
    result, _, _ = policy_diff(path, path)
    assert result.same and result.items == ()


@pytest.mark.parametrize(("seed", "canonical"), [(1, False), (2, True), (3, True)])
def test_reformatting_the_shipped_policy_is_not_a_change(seed, canonical):
    (a, da), (b, db) = load(NEW), load("reformatted.yaml", reformatted(NEW, seed, canonical))
    assert (ROOT / NEW).read_bytes() != reformatted(NEW, seed, canonical)
    assert diff(a, b, da, db).items == ()


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000), canonical=st.booleans())
def test_any_reformatting_of_a_policy_is_not_a_change(seed, canonical):
    (a, da), (b, db) = load(BASE), load("reformatted.yaml", reformatted(BASE, seed, canonical))
    assert diff(a, b, da, db).items == ()


def test_the_command_exits_0_when_the_versions_are_the_same(run):
    result = run(BASE, BASE, "--lang", "en")
    assert result.exit_code == 0
    assert "mean the same" in result.output


# -- what a diff shows -----------------------------------------------------------------------


def test_parameter_change_shows_values_with_units_and_relative_change():
    result, _, _ = policy_diff(OLD, NEW)
    item = next(i for i in result.items if i.id == "dibao_standard")
    value = next(d for d in item.details if d.aspect == "value")
    assert (value.old, value.new, value.unit, value.relative) == (Decimal(5880), Decimal(6120), "rate", Decimal("4.1"))
    assert item.old_at.file == OLD and item.new_at.file == NEW
    assert item.old_at.line == Path(OLD).read_text(encoding="utf-8").split("\n").index("  dibao_standard:") + 1


def test_a_share_written_as_a_percentage_is_shown_as_one_with_its_change_in_points(run, tmp_path):
    """`20%` → `25%` is 5 points, not `0.2 → 0.25 (+25.0%)`; a share written as a decimal stays one."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    written = "  employment_cost_rate:\n    value: 20%\n"
    assert written in post
    for value, zh, en in (("25%", "值：20% → 25% ⚠（+5 个百分点）", "value: 20% → 25% ⚠ (+5 percentage points)"),
                          ("17.5%", "值：20% → 17.5% ⚠（−2.5 个百分点）",
                           "value: 20% → 17.5% ⚠ (−2.5 percentage points)"),
                          ("0.25", "值：0.2 → 0.25 ⚠（+25.0%）", "value: 0.2 → 0.25 ⚠ (+25.0%)")):
        county = tmp_path / "county.yaml"
        county.write_text(post.replace(written, written.replace("20%", value)), encoding="utf-8")
        assert f"      {zh}  （" in run(NEW, str(county), "--lang", "zh").stdout
        assert f"      {en}  (" in run(NEW, str(county), "--lang", "en").stdout
        assert f"- {en}" in run(NEW, str(county), "--lang", "en", "--format", "markdown").stdout


def test_a_fall_is_written_with_the_minus_sign_for_people_and_the_hyphen_for_programs(run, tmp_path):
    """Read aloud, `−9.8%` is `负 9.8%`; a hyphen is a dash. A fall that rounds to nothing has no sign at all,
    as a rise that does has none; the JSON report keeps the machine's `-9.8`."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    written = "  dibao_standard:\n    value: 510 yuan/month\n"
    assert written in post
    for value, change, machine in (("460", "5,520.00 yuan/year ⚠ (−9.8%)", "-9.8"),
                                   ("509.99", "6,119.88 yuan/year ⚠ (0.0%)", "-0.0")):
        county = tmp_path / "county.yaml"
        county.write_text(post.replace(written, written.replace("510", value)), encoding="utf-8")
        page = tmp_path / "report.html"
        text = run(NEW, str(county), "--lang", "en", "--html", str(page)).stdout
        assert f"value: 6,120.00 → {change}  (" in text
        assert f"- value: 6,120.00 → {change}" in run(NEW, str(county), "--lang", "en", "--format", "markdown").stdout
        assert f"6,120.00 → {change}" in page.read_text(encoding="utf-8")
        zh = change.replace("yuan/year", "元/年").replace(" (", "（").replace(")", "）")
        assert f"6,120.00 → {zh}" in run(NEW, str(county), "--lang", "zh").stdout
        report = json.loads(run(NEW, str(county), "--lang", "en", "--format", "json").stdout)
        detail = next(d for c in report["changes"] if c["id"] == "dibao_standard" for d in c["details"]
                      if d["aspect"] == "value")
        assert detail["relative_percent"] == machine


def test_every_report_heads_the_assistance_amounts_with_their_unit(run, tmp_path):
    args = [BASE, "tests/fixtures/diff/param.yaml", "--households", HOUSEHOLDS, "--date", "2025-06-01"]
    page = tmp_path / "report.html"
    for lang, heading in (("zh", "金额（元/年）"), ("en", "amount (yuan/year)")):
        text = run(*args, "--lang", lang, "--html", str(page)).stdout
        assert heading in text and f"| {heading} |" in run(*args, "--lang", lang, "--format", "markdown").stdout
        assert page.read_text(encoding="utf-8").count(f"<th>{heading}</th>") == 2  # by measure, by department


def test_a_fall_in_assistance_paid_is_written_with_the_minus_sign(run, tmp_path):
    """The education aid paid to DS-0008's and DS-0009's students falls by two thirds when the monitoring category is
    abolished: DS-0008 is other hardship now and keeps its grant, DS-0009 meets no category and loses its own."""
    households = tmp_path / "monitored.jsonl"
    households.write_text("".join(json.dumps(json.loads(next(Path("examples/households").glob(f"{h}-*.json"))
                                                        .read_text(encoding="utf-8"))) + "\n"
                                  for h in ("DS-0008", "DS-0009")), encoding="utf-8")
    text = run(OLD, NEW, "--households", str(households), "--date", "2026-03-01", "--lang", "en").stdout
    assert "3,000.00 → 1,000.00 (−66.7%)" in text and "(-66.7%)" not in text


def test_a_parameter_computed_from_a_changed_one_is_flagged_derived():
    result, _, _ = policy_diff(OLD, NEW)
    item = next(i for i in result.items if i.id == "tekun_standard")
    assert item.derived and [d.aspect for d in item.details] == ["value"]
    assert "parameters.tekun_standard" not in {c.key for c in components(result)}


def test_a_definition_computed_from_changed_parameters_shows_its_value_on_each_side(run, tmp_path):
    """The dibao-marginal line is `marginal_multiplier * dibao_standard`: its rule reads the same in both shipped
    versions, but the line moves with the dibao standard, and an auditor is shown by how much."""
    result, _, _ = policy_diff(OLD, NEW)
    item = next(i for i in result.items if i.id == "marginal_line")
    assert item.section == "definitions" and item.derived
    [value] = item.details
    assert (value.aspect, value.old, value.new, value.derived) == ("computed", Decimal("8820.00"),
                                                                   Decimal("9180.00"), True)
    assert value.confirm is not None  # it rests on the multiplier and the standard, both values to confirm
    assert "definitions.marginal_line" not in {c.key for c in components(result)}  # moved by the parameters
    assert "计算值：8,820.00 → 9,180.00 元/年 ⚠（+4.1%）  （由变化的参数计算而来，其规则未变）" in run(OLD, NEW).stdout
    assert "computed value: 8,820.00 → 9,180.00 yuan/year ⚠ (+4.1%)" in run(OLD, NEW, "--lang", "en").stdout
    # its rule changed too: the value is shown beside the rule's change, no longer as derived
    text = (ROOT / NEW).read_text(encoding="utf-8")
    written = "value: marginal_multiplier * dibao_standard"
    assert written in text
    (tmp_path / "new.yaml").write_text(text.replace(written, "value: 2 * dibao_standard"), encoding="utf-8")
    report = json.loads(run(OLD, str(tmp_path / "new.yaml"), "--format", "json", "--lang", "en").stdout)
    change = next(c for c in report["changes"] if c["id"] == "marginal_line")
    assert [(d["aspect"], d["kind"]) for d in change["details"]] == [("computed", "value"), ("value", "expr")]
    assert change["details"][0]["new"] == "12240.00" and "derived" not in change["details"][0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_computed_value_of_text_is_quoted_as_explanations_quote_an_enum_value(run, tmp_path, lang):
    """A definition whose value is text (an enum value the policy names) was printed as it stands, `D`y`<z> → C*x_`,
    where an explanation says such a value in quotes (`住房安全等级为“B”`): the text diff quotes each side alike."""
    old, new = text_valued_policies(tmp_path)
    result = run(str(old), str(new), "--lang", lang)
    assert result.exit_code == 1, result.stderr
    said = {"zh": "计算值：“D`y`<z>” → “C*x_”  （由变化的参数计算而来，其规则未变）",
            "en": "computed value: “D`y`<z>” → “C*x_”  (computed from changed parameters; its rule is unchanged)"}
    assert said[lang] in result.stdout, result.stdout


def test_a_clause_whose_limit_moved_with_the_parameters_shows_the_limit_on_each_side(run, tmp_path):
    """Dibao's deposit test, `deposits_per_capita <= dibao_standard * 24 months`, reads the same in both shipped
    versions, but the limit a household's deposits are measured against moves with the standard (490 → 510 a
    month): it is listed under the clause, computed on each side, as a consequence of the parameter's change."""
    result, _, _ = policy_diff(OLD, NEW)
    dibao = next(i for i in result.items if i.key == "categories.dibao")
    [limit] = dibao.details
    assert (limit.aspect, limit.item, limit.old, limit.new) == ("limit", "deposits", Decimal("11760.00"),
                                                                Decimal("12240.00"))
    assert limit.derived and limit.confirm is not None and dibao.derived
    assert "categories.dibao.when" not in {c.key for c in components(result)}
    # the limits of the other categories' deposit tests (36 months), not those the parameters' own entries list
    limits = {(i.id, d.item): (d.old, d.new) for i in result.items for d in i.details if d.aspect == "limit"}
    assert limits == {("dibao", "deposits"): (Decimal("11760.00"), Decimal("12240.00")),
                      ("dibao_marginal", "deposits"): (Decimal("17640.00"), Decimal("18360.00")),
                      ("rigid_expense", "deposits"): (Decimal("17640.00"), Decimal("18360.00"))}
    assert ("界限 deposits（人均存款不超过24个月低保标准）⚠：11,760.00 → 12,240.00 元 ⚠（+4.1%）  "
            "（由变化的参数计算而来，其规则未变）") in run(OLD, NEW).stdout
    assert ("limit deposits (“deposits per head within 24 months of the dibao standard”) ⚠: 11,760.00 → 12,240.00 "
            "yuan ⚠ (+4.1%)") in run(OLD, NEW, "--lang", "en").stdout
    # the limit's own rule changed (30 months written in place of the parameter's 24): its figure beside the
    # rule's change, no longer derived
    text = (ROOT / NEW).read_text(encoding="utf-8")
    written = "test: deposits_per_capita <= dibao_standard * dibao_deposit_months"
    assert written in text
    (tmp_path / "new.yaml").write_text(text.replace(written, written.replace("dibao_deposit_months", "30 months")),
                                       encoding="utf-8")
    changed, _, _ = policy_diff(OLD, str(tmp_path / "new.yaml"))
    dibao = next(i for i in changed.items if i.key == "categories.dibao")
    rule, limit = [d for d in dibao.details if d.item == "deposits"]
    assert (rule.aspect, limit.aspect, limit.old, limit.new, limit.derived) == ("clause", "limit", Decimal("11760.00"),
                                                                               Decimal("15300.00"), False)


def test_limits_and_amounts_computed_from_parameters_are_said_where_they_are_and_as_what_they_are(tmp_path):
    """A range's bounds are its lower and upper limits; a comparison of two values computed from parameters alone
    decides no household apart and is no limit; an amount computed from parameters alone (tekun support, a month
    of the tekun standard) is listed by its value a month; a share computed from a value to confirm is marked."""
    text = (ROOT / NEW).read_text(encoding="utf-8")
    edits = {"test: per_capita_income < marginal_line":
             "test: per_capita_income in [dibao_standard * 1.1, marginal_multiplier * dibao_standard)",
             "test: deposits_per_capita <= dibao_standard * dibao_deposit_months":
             "test: deposits_per_capita <= dibao_standard * dibao_deposit_months and tekun_standard * 1.2 > "
             "marginal_line"}
    for before, after in edits.items():
        assert before in text
        text = text.replace(before, after)
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    moved = text.replace("value: 510 yuan/month", "value: 530 yuan/month").replace("value: 20%", "value: 25%")
    assert moved.count("530 yuan/month") == 1 and moved.count("value: 25%") == 1
    (tmp_path / "new.yaml").write_text(moved, encoding="utf-8")
    result, _, _ = policy_diff(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    said = {(i.id, d.aspect, d.item): (d.old, d.new) for i in result.items for d in i.details if d.kind == "value"}
    assert said[("dibao_marginal", "lower limit", "income")] == (Decimal("6732.00"), Decimal("6996.00"))
    assert said[("dibao_marginal", "upper limit", "income")] == (Decimal("9180.00"), Decimal("9540.00"))
    assert [k for k in said if k[0] == "dibao"] == [("dibao", "limit", "deposits")]  # not `tekun_standard * 1.2`
    assert said[("tekun_support", "computed amount", None)] == (Decimal("663.00"), Decimal("689.00"))
    support = next(d for i in result.items if i.id == "tekun_support" for d in i.details)
    assert support.unit == "month" and support.derived and support.confirm is not None
    share = next(d for i in result.items if i.id == "wage" for d in i.details if d.aspect == "share")
    assert share.derived and share.confirm is not None  # 80% → 75%, moved by employment_cost_rate, to confirm
    words = Words("en", result)
    assert words.aspect("lower limit") == "lower limit" and Words("zh", result).aspect("upper limit") == "上限"
    from cli.diff_text import diff_text
    report = diff_text(result, "zh")
    assert "      计算金额：663.00 → 689.00 元/月 ⚠（+3.9%）  （由变化的参数计算而来，其规则未变）" in report
    assert "下限 income（" in report and "上限 income（" in report


def test_a_parameter_moved_by_the_parameters_it_is_computed_from_is_said_by_its_computed_value():
    """`tekun_standard: 1.3 * dibao_standard` reads the same in both files; its value is worded as the dibao-margin
    line's, a definition in the same situation, is (`计算值`), in every format; JSON keeps the aspect `value`."""
    from cli.diff_html import page
    from cli.diff_json import diff_json
    from cli.diff_markdown import diff_markdown
    from cli.diff_text import diff_text

    result, _, _ = policy_diff(OLD, NEW)
    zh, en = diff_text(result, "zh"), diff_text(result, "en")
    derived = "计算值：7,644.00 → 7,956.00 元/年 ⚠（+4.1%）  （由变化的参数计算而来，其规则未变）"
    assert f"      {derived}" in zh and "      值：5,880.00 → 6,120.00 元/年" in zh  # a value written, not computed
    assert "      computed value: 7,644.00 → 7,956.00 yuan/year" in en and "      value: 5,880.00 → 6,120.00" in en
    assert "- computed value: 7,644.00 → 7,956.00 yuan/year" in diff_markdown(result, "en")
    assert "<b>计算值</b>：7,644.00 → 7,956.00" in page(result, "zh")
    [value] = [d for c in diff_json(result, "en")["changes"] if c["id"] == "tekun_standard"
               for d in c["details"]]
    assert (value["aspect"], value["derived"]) == ("value", True)


def test_a_limit_written_otherwise_as_the_same_figure_is_said_to_be_unchanged_and_moves_no_household(run, tmp_path):
    """A county writes the margin's clause with the figure itself (`1.5 * dibao_standard`, 8,820.00 元/年) for the
    multiple it named: the rule changed, the line a household is measured against did not, and no one moves."""
    text = (ROOT / BASE).read_text(encoding="utf-8")
    written = "test: per_capita_income < marginal_multiplier * dibao_standard}"
    assert text.count(written) == 1
    (tmp_path / "same.yaml").write_text(text.replace(written, "test: per_capita_income < 1.5 * dibao_standard}"),
                                        encoding="utf-8")
    (tmp_path / "moved.yaml").write_text(text.replace(written, "test: per_capita_income < 1.6 * dibao_standard}"),
                                         encoding="utf-8")
    same = [BASE, str(tmp_path / "same.yaml"), "--households", HOUSEHOLDS, "--date", "2025-06-01"]
    zh = run(*same).stdout
    rule = zh.index("条款 income（收入）")
    assert zh[rule:].split("\n")[3] == "        界限未变：8,820.00 元/年"
    assert "类别变化 0 户" in zh
    assert "        limit unchanged: 8,820.00 yuan/year" in run(*same, "--lang", "en").stdout
    [clause] = [d for c in json.loads(run(*same, "--format", "json", "--lang", "en").stdout)["changes"]
                for d in c["details"] if d["aspect"] == "clause"]
    assert clause["kept_limits"] == [{"aspect": "limit", "value": "8820.00", "unit": "rate",
                                      "note": "limit unchanged: 8,820.00 yuan/year"}]
    moved = run(BASE, str(tmp_path / "moved.yaml")).stdout  # a figure that moved is listed as such, not as kept
    assert "界限未变" not in moved and "界限 income（收入）：8,820.00 → 9,408.00 元/年" in moved


def test_one_move_resting_on_a_value_to_confirm_is_said_in_the_singular(run, tmp_path):
    text = (ROOT / NEW).read_text(encoding="utf-8")
    assert text.count("value: 510 yuan/month") == 1
    (tmp_path / "new.yaml").write_text(text.replace("value: 510 yuan/month", "value: 530 yuan/month"), encoding="utf-8")
    args = [NEW, str(tmp_path / "new.yaml"), "--households", "examples/households", "--date", "2026-03-01"]
    assert "  ⚠ the move of 1 household rests on values to confirm: parameter “rural minimum living standard" in run(
        *args, "--lang", "en").stdout
    assert "  ⚠ 1 户的类别变化取决于待确认的数值" in run(*args).stdout


def test_a_value_to_confirm_is_marked_in_every_format_and_the_moves_resting_on_it_are_said(run, tmp_path):
    """A figure the document does not give (`confirm:`) is no settled change: each report marks the value, and the
    value computed from it, with the note, and says how many moves rest on such values, as `policy doc` marks it."""
    note = "    confirm: {zh: 以县级公布标准为准（待确认）, en: to confirm with the county}\n"
    written = "    source: doc 附件1\n"
    derived = "  tekun_standard: {value: 1.3 * dibao_standard, label: {zh: 特困标准, en: tekun standard}}\n"
    for name, source in (("old.yaml", BASE), ("new.yaml", "tests/fixtures/diff/param.yaml")):
        text = (ROOT / source).read_text(encoding="utf-8")
        assert written in text and "  marginal_multiplier:\n" in text
        text = text.replace(written, written + note).replace("  marginal_multiplier:\n",
                                                             derived + "  marginal_multiplier:\n")
        (tmp_path / name).write_text(text, encoding="utf-8")
    old, new = str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")
    impact = ["--households", HOUSEHOLDS, "--date", "2025-06-01"]
    zh = run(old, new, *impact).stdout
    value = zh.index("值：5,880.00 → 6,120.00 元/年")
    assert zh[value:].split("\n")[1].strip() == "⚠ 以县级公布标准为准（待确认）"
    derived_value = zh.index("值：7,644.00 → 7,956.00 元/年")
    assert zh[derived_value:].split("\n")[1].strip() == "⚠ 以县级公布标准为准（待确认）"
    assert re.search(r"⚠ \d+ 户的类别变化取决于待确认的数值：参数“低保标准”——以县级公布标准为准（待确认）", zh)
    en = run(old, new, *impact, "--lang", "en").stdout
    assert re.search(r"⚠ the moves of \d+ households rest on values to confirm: parameter “dibao standard” — "
                     r"to confirm with the county", en)
    markdown = run(old, new, *impact, "--lang", "en", "--format", "markdown").stdout
    assert "  - ⚠ to confirm with the county" in markdown and "> ⚠ the moves of " in markdown
    page = tmp_path / "report.html"
    run(old, new, *impact, "--html", str(page))
    html = page.read_text(encoding="utf-8")
    report = json.loads(run(old, new, *impact, "--format", "json", "--lang", "en").stdout)
    marked = [(c["id"], d["aspect"]) for c in report["changes"] for d in c["details"] if d.get("confirm")]
    # the two parameters' values, the marginal line computed from the standard, the deposit limits of its clauses
    assert marked[:2] == [("dibao_standard", "value"), ("tekun_standard", "value")] and len(marked) > 2
    assert {aspect for _, aspect in marked[2:]} <= {"computed", "limit"}
    assert html.count("⚠ 以县级公布标准为准（待确认）") == len(marked)
    assert re.search(r"⚠ \d+ 户的类别变化取决于待确认的数值", html)
    values = {c["id"]: d for c in report["changes"] for d in c["details"] if d["aspect"] == "value"}
    assert {k: v.get("confirm") for k, v in values.items()} == {"dibao_standard": "to confirm with the county",
                                                                "tekun_standard": "to confirm with the county"}
    [resting] = report["impact"]["to_confirm"]
    assert resting["changes"] == ["parameters.dibao_standard"] and resting["households"] > 0
    assert resting["households"] == sum(1 for c in report["impact"]["changed"]
                                        if "parameters.dibao_standard" in {x["change"] for x in c["causes"]})
    # each change applied says too what of it rests on a value to confirm, for a script that reads it by change
    applied = {c["key"]: c.get("to_confirm") for c in report["impact"]["changes_applied"]}
    assert applied["parameters.dibao_standard"] == {"confirm": resting["confirm"], "households": resting["households"]}
    assert [key for key, said in applied.items() if said is not None] == resting["changes"]
    # the new version drops the note: its figure is the county's, settled, and nothing rests on a value to confirm
    (tmp_path / "new.yaml").write_text((tmp_path / "new.yaml").read_text(encoding="utf-8").replace(note, ""),
                                       encoding="utf-8")
    settled = json.loads(run(old, new, *impact, "--format", "json", "--lang", "en").stdout)
    values = {c["id"]: d for c in settled["changes"] for d in c["details"] if d["aspect"] == "value"}
    assert {k: v.get("confirm") for k, v in values.items()} == {"dibao_standard": None, "tekun_standard": None}
    assert not settled["impact"].get("to_confirm")
    assert "⚠ 以县级公布标准为准（待确认）" not in run(old, new, *impact).stdout


def test_a_settled_change_that_moves_households_across_a_figure_with_a_value_to_confirm_rests_on_it(run, tmp_path):
    """The margin's multiple is settled, but the line it makes, `marginal_multiplier * dibao_standard`, reads a
    standard to confirm: the households it moves across that line rest on the standard's note. A note on a parameter
    the line does not read (`employment_cost_rate`) is no figure they crossed."""
    note = "{zh: 以县级公布标准为准（待确认）, en: to confirm with the county}"
    text = (ROOT / BASE).read_text(encoding="utf-8")
    standard, rate, multiple = "    source: doc 附件1\n", "    value: 20%\n", "    value: 1.5\n"
    assert text.count(standard) == text.count(rate) == text.count(multiple) == 1
    impact = ["--households", HOUSEHOLDS, "--date", "2025-06-01", "--format", "json", "--lang", "en"]
    for noted, resting in ((standard, True), (rate, False)):
        old = text.replace(noted, f"{noted}    confirm: {note}\n")
        (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
        (tmp_path / "new.yaml").write_text(old.replace(multiple, "    value: 1.8\n"), encoding="utf-8")
        report = json.loads(run(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), *impact).stdout)
        moved = sum(1 for c in report["impact"]["changed"]
                    if "parameters.marginal_multiplier" in {x["change"] for x in c["causes"]})
        assert moved == 2
        assert report["impact"]["to_confirm"] == ([{"confirm": "to confirm with the county", "households": moved,
                                                    "changes": ["parameters.marginal_multiplier"]}]
                                                  if resting else [])
        [value] = [d for c in report["changes"] if c["id"] == "marginal_multiplier" for d in c["details"]
                   if d["aspect"] == "value"]
        assert "confirm" not in value  # the multiple itself is settled: its value is not marked


def test_a_move_across_a_figure_the_new_version_settled_rests_on_no_value_to_confirm(run, tmp_path):
    """Next year's version settles the dibao standard (its `confirm:` dropped), while the months of deposits and the
    margin's multiple stay to confirm: a household the new standard moves across the standard itself rests on no
    value to confirm; one it moves across the deposit limit or the margin line, figures computed from the standard
    together with a value to confirm, does. Every format and language counts alike, and so does the exact run."""
    lines = (ROOT / NEW).read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("  dibao_standard:\n")
    assert lines[at + 1] == "    value: 510 yuan/month\n" and lines[at + 4].startswith("    confirm: {zh: 以县级")
    lines[at + 1] = "    value: 536 yuan/month\n"
    del lines[at + 4]
    (tmp_path / "2027.yaml").write_text("".join(lines).replace("  version: post-transition\n", "  version: '2027'\n"),
                                        encoding="utf-8")
    head = {"id": "p1", "relation": "head", "birth_date": "1962-12-12", "sex": "male", "disability_grade": None,
            "disability_type": None, "labor_capacity": "none", "serious_illness": False, "student": "none",
            "supporter": "able"}

    def household(ident: str, income: int, deposits: int) -> str:
        return json.dumps({"id": ident, "members": [head], "income": [{"type": "alimony", "amount": income}],
                           "expenses": [], "assets": {"deposits": deposits, "vehicles": 0, "extra_houses": 0,
                                                      "registered_business": False},
                           "housing": {"safety_grade": "B"}, "drinking_water": {"safe": True}})

    # 6,260 under 6,432 and over 6,120: across the standard alone, deposits within both limits (12,240 and 12,864)
    # 5,000 under both standards, deposits of 12,500 over the old limit and within the new: across the deposit limit
    # 9,400 between the margin lines 9,180 and 9,648: across the margin line, 1.5 (to confirm) × the standard
    (tmp_path / "hh.jsonl").write_text("\n".join([household("ACROSS-STANDARD", 6260, 4300),
                                                  household("ACROSS-DEPOSITS", 5000, 12500),
                                                  household("ACROSS-MARGIN", 9400, 4300)]) + "\n", encoding="utf-8")
    args = [NEW, str(tmp_path / "2027.yaml"), "--households", str(tmp_path / "hh.jsonl"), "--date", "2026-03-01"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)
    assert [(c["id"], c["old"]["categories"], c["new"]["categories"], [x["change"] for x in c["causes"]])
            for c in report["impact"]["changed"]] == [
        ("ACROSS-STANDARD", ["dibao_marginal"], ["dibao"], ["parameters.dibao_standard"]),
        ("ACROSS-DEPOSITS", ["dibao_marginal"], ["dibao"], ["parameters.dibao_standard"]),
        ("ACROSS-MARGIN", [], ["dibao_marginal"], ["parameters.dibao_standard"])]
    assert report["impact"]["to_confirm"] == [{"confirm": "local value to confirm with the county's published figure",
                                               "changes": ["parameters.dibao_standard"], "households": 2}]
    said = "2 户的类别变化取决于待确认的数值：参数“农村最低生活保障标准”——以县级公布标准为准（本地待确认值）"
    assert f"  ⚠ {said}" in run(*args).stdout
    assert f"> ⚠ {said}" in run(*args, "--format", "markdown").stdout
    assert ("  ⚠ the moves of 2 households rest on values to confirm: parameter “rural minimum living standard (dibao "
            "standard)” — local value to confirm") in run(*args, "--lang", "en").stdout
    page = tmp_path / "report.html"
    run(*args, "--html", str(page))
    assert f"⚠ {said}" in page.read_text(encoding="utf-8")
    # the exact run, one household at a time, counts the same moves
    (old, old_doc), (new, new_doc) = load(NEW), load(tmp_path / "2027.yaml")
    exact = ImpactRun(diff(old, new, old_doc, new_doc), old_doc, new_doc, datetime.date(2026, 3, 1))
    for record in read_records(tmp_path / "hh.jsonl"):
        exact.add(record)
    assert [c.settled for c in exact.impact.changed] == [("parameters.dibao_standard",), (), ()]


def test_moves_resting_on_a_clause_the_document_does_not_give_are_counted_as_grounds_to_confirm(run, tmp_path):
    """Post-transition's `hardship` clause of 其他困难人员 is a county's own ground (`confirm:`): the households it
    moves are not settled, and the report says so apart from the values to confirm, in every format; the clause is
    marked where it is added. Without the note, nothing is said of it."""
    args = [OLD, NEW, "--households", "examples/households"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)
    grounds = [n for n in report["impact"]["to_confirm"] if n["changes"] == ["categories.other_hardship.when"]]
    named = {c["id"] for c in report["impact"]["changed"]
             if "categories.other_hardship.when" in {x["change"] for x in c["causes"]}}
    # the clause alone would make DS-0022 other_hardship, but without it the new version still makes it rigid_expense
    assert "DS-0022" in named
    moved = len(named) - 1
    assert moved > 0 and grounds == [{"confirm": "local grounds to confirm with the county's published rules",
                                      "changes": ["categories.other_hardship.when"], "households": moved}]
    [added] = [d for c in report["changes"] if c["id"] == "other_hardship" for d in c["details"]
               if d["aspect"] == "clause" and d["change"] == "added"]
    assert added["item"] == "hardship" and added["confirm"] == grounds[0]["confirm"]
    en = run(*args, "--lang", "en").stdout
    # only the clause that has the note is named, with the version that holds it: the old version's `disaster`,
    # removed with the same change, cites the document and is settled
    lines = (ROOT / NEW).read_text(encoding="utf-8").splitlines()
    at = f"{NEW}:{next(i for i, line in enumerate(lines, 1) if line.strip().startswith('test: housing_unsafe or'))}"
    assert (f"  ⚠ the moves of {moved} households rest on grounds to confirm: clause “unsafe housing or water / a "
            f"serious illness / losses from a disaster” of “other person in hardship” (new version: {at}) — local "
            "grounds to confirm") in en
    assert "suffered losses from a disaster or accident” of" not in en.split("rest on grounds to confirm")[1]
    assert "  ⚠ the moves of 5 households rest on values to confirm: parameter" in en  # the values, said apart
    zh = run(*args).stdout
    assert (f"  ⚠ {moved} 户的类别变化取决于待确认的认定条件：类别“其他困难人员”的条款“住房或饮水不安全、"
            f"患重特大疾病或遭受灾害损失”（新版本：{at}）——本地增设的认定条件") in zh
    clause = zh.index("+ 条款 hardship")
    assert zh[clause:].split("\n")[1].strip() == "⚠ 本地增设的认定条件，以县级公布的认定办法为准（待确认）"
    text = (ROOT / NEW).read_text(encoding="utf-8")
    note = next(line for line in text.splitlines(keepends=True) if "confirm: {zh: 本地增设的认定条件" in line)
    (tmp_path / "new.yaml").write_text(text.replace(note, ""), encoding="utf-8")
    settled = json.loads(run(OLD, str(tmp_path / "new.yaml"), "--households", "examples/households",
                             "--format", "json", "--lang", "en").stdout)
    assert [n["changes"] for n in settled["impact"]["to_confirm"]] == [
        ["parameters.dibao_standard", "parameters.disposable_income_line"]]


def test_a_ground_to_confirm_named_by_its_id_alone_is_marked_after_a_space_as_a_bare_word(run, tmp_path):
    """A clause whose label is its id (`hardship`) is named by the id alone, a bare word: its mark ⚠ as a ground to
    confirm follows after a space (`条款 hardship ⚠`, was `条款 hardship⚠`), as after a code span in markdown, and as
    after its label's closing bracket where it has one (`条款 hardship（…）⚠`), in both languages."""
    text = (ROOT / NEW).read_text(encoding="utf-8")
    label = ("label: {zh: 住房或饮水不安全、患重特大疾病或遭受灾害损失, en: unsafe housing or water / a serious "
             "illness / losses from a disaster}")
    assert text.count(label) == 1
    (tmp_path / "new.yaml").write_text(text.replace(label, "label: {zh: hardship, en: hardship}"), encoding="utf-8")
    new = str(tmp_path / "new.yaml")
    for lang, marked, code in (("zh", "+ 条款 hardship ⚠：", "- 新增 条款 `hardship` ⚠："),
                               ("en", "+ clause hardship ⚠: ", "- added clause `hardship` ⚠: ")):
        said = run(OLD, new, "--lang", lang).stdout
        assert f"\n      {marked}" in said and "hardship⚠" not in said, said
        assert f"\n{code}" in run(OLD, new, "--lang", lang, "--format", "markdown").stdout
    assert "\n      + 条款 hardship（住房或饮水不安全、患重特大疾病或遭受灾害损失）⚠：" in run(OLD, NEW).stdout


def test_a_line_of_moves_resting_on_grounds_to_confirm_marks_itself_once_not_each_clause_it_names(run, tmp_path):
    """`⚠ 1 户的类别变化取决于待确认的认定条件：…的条款“人均存款不超过24个月低保标准”⚠（新版本：…）` marked twice a line
    that says, as a whole, what rests on something to confirm: the clause it names is not marked again (the change's
    own lines mark its label and give the figure's note), in text, markdown and HTML, in both languages. (A county's
    version that makes the dibao deposits clause a ground of its own and stricter, and a household on its limit.)"""
    text = (ROOT / NEW).read_text(encoding="utf-8")
    rule = "        test: deposits_per_capita <= dibao_standard * dibao_deposit_months\n"
    assert text.count(rule) == 1
    county = text.replace(rule, rule.replace("<=", "<") + "        confirm: {zh: 本县增设（待确认）, en: county's own "
                                                          "(to confirm)}\n").replace("  version: post-transition\n",
                                                                                     "  version: county\n")
    (tmp_path / "county.yaml").write_text(county, encoding="utf-8")
    data = json.loads(next((ROOT / "examples" / "households").glob("DS-0012-*.json")).read_text(encoding="utf-8"))
    data.update(date="2026-03-01", assets={**data["assets"], "deposits": 24480})  # 12,240 a head: on the limit
    (tmp_path / "hh.json").write_text(json.dumps(data), encoding="utf-8")
    args = [NEW, str(tmp_path / "county.yaml"), "--households", str(tmp_path / "hh.json")]
    for lang, clause in (("zh", "的条款“人均存款不超过24个月低保标准”（"),
                         ("en", "clause “deposits per head within 24 months of the dibao standard” of ")):
        said = run(*args, "--lang", lang).stdout
        [line] = [line for line in said.splitlines() if line.startswith("  ⚠ ")]
        assert clause in line and line.count("⚠") == 1, line
        markdown = run(*args, "--lang", lang, "--format", "markdown").stdout
        [quote] = [line for line in markdown.splitlines() if line.startswith("> ⚠ ")]
        assert clause in quote and quote.count("⚠") == 1, quote
        page = tmp_path / "report.html"
        run(*args, "--lang", lang, "--html", str(page))
        [note] = re.findall(r'<p class="note">([^<]*)</p>', page.read_text(encoding="utf-8"))
        assert html_unescape(note).count("⚠") == 1, note
        # the change itself is still marked where its lines name the clause
        assert ("条款 deposits（人均存款不超过24个月低保标准）⚠（" if lang == "zh" else
                "clause deposits (“deposits per head within 24 months of the dibao standard”) ⚠ (") in said


def test_a_move_rests_on_a_change_to_confirm_only_where_taking_it_back_from_the_new_version_changes_its_result(
        run, tmp_path):
    """A change to confirm that alone changes a household's result, but not to where the other changes take it, is
    no ground of its move: the `hardship` clause alone would make DS-0022 `other_hardship`, yet the new version with
    the transition's clauses back still makes it `rigid_expense`; without the new line for other persons in hardship,
    DS-0024 is still one. Values and grounds are counted alike, in every language and in the exact run."""
    args = [OLD, NEW, "--households", "examples/households", "--date", "2026-03-01"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]
    causes = {c["id"]: [x["change"] for x in c["causes"]] for c in report["changed"]}
    assert "categories.other_hardship.when" in causes["DS-0022"] and "parameters.monitoring_line" in causes["DS-0024"]
    assert report["to_confirm"] == [
        {"confirm": "local value to confirm with the county's published figure", "households": 5,
         "changes": ["parameters.dibao_standard", "parameters.disposable_income_line"]},
        {"confirm": "local grounds to confirm with the county's published rules", "households": 4,
         "changes": ["categories.other_hardship.when"]}]
    en = run(*args, "--lang", "en").stdout
    assert ("  ⚠ the moves of 5 households rest on values to confirm: parameter “rural minimum living standard (dibao "
            "standard)”, parameter “the province's rural per-capita disposable income of the previous year” — ") in en
    assert "  ⚠ the moves of 4 households rest on grounds to confirm: clause “unsafe housing or water" in en
    zh = run(*args).stdout
    assert ("  ⚠ 5 户的类别变化取决于待确认的数值：参数“农村最低生活保障标准”、"
            "参数“上年度全省农村居民人均可支配收入”——") in zh
    assert "  ⚠ 4 户的类别变化取决于待确认的认定条件：类别“其他困难人员”的条款" in zh
    # the new version with the clauses taken back, as an auditor would write it: the transition's two clauses
    lines = (ROOT / NEW).read_text(encoding="utf-8").splitlines(keepends=True)
    old_lines = (ROOT / OLD).read_text(encoding="utf-8").splitlines(keepends=True)
    start, old_start = lines.index("  - id: other_hardship\n") + 6, old_lines.index("  - id: other_hardship\n") + 6
    (tmp_path / "back.yaml").write_text("".join([*lines[:start], *old_lines[old_start:old_start + 8],
                                                 *lines[start + 8:]]), encoding="utf-8")
    policies = {"new": load(NEW)[0], "back": load(tmp_path / "back.yaml")[0]}
    for name, version, expected in (("DS-0022", "new", ("rigid_expense",)), ("DS-0022", "back", ("rigid_expense",)),
                                    ("DS-0008", "new", ("other_hardship",)), ("DS-0008", "back", ())):
        [path] = (ROOT / "examples/households").glob(f"{name}-*.json")
        household = validate_household(json.loads(path.read_text(encoding="utf-8")), policies[version], str(path))
        assert evaluate(policies[version], household, datetime.date(2026, 3, 1)).categories == expected
    # the exact run, one household at a time, finds the same
    (old, old_doc), (new, new_doc) = load(OLD), load(NEW)
    exact = ImpactRun(diff(old, new, old_doc, new_doc), old_doc, new_doc, datetime.date(2026, 3, 1))
    for path in sorted((ROOT / "examples/households").glob("*.json")):
        for record in read_records(path):
            exact.add(record)
    settled = {c.id: c.settled for c in exact.impact.changed}
    assert "categories.other_hardship.when" in settled["DS-0022"]
    assert "parameters.monitoring_line" in settled["DS-0024"]
    assert "categories.other_hardship.when" not in settled["DS-0008"]


def test_the_changes_a_change_needs_are_listed_in_chinese_punctuation(run):
    """`（须连同定义“…”、措施“…”一起应用）`: a Chinese report lists with 、 in full-width brackets."""
    zh = run(OLD, NEW, "--households", "examples/households").stdout
    [abolition] = [line for line in zh.splitlines() if line.startswith("  取消类别“防止返贫监测对象”")]
    assert abolition.endswith("（须连同定义“本户或户内成员属于低收入人口（任一类别）”、"
                              "定义“本人属于低收入人口（所在家庭属于任一类别或本人为特困人员）”、"
                              "措施“医疗救助（就高不就低）”一起应用）")
    assert ", " not in abolition.split("（须连同")[1]


def test_the_abolished_category_is_shown_as_absorbed():
    result, _, _ = policy_diff(OLD, NEW)
    item = next(i for i in result.items if i.id == "monitoring")
    assert item.change == "abolished" and item.absorbed_by[0] == "dibao"
    assert item.old_at.file == OLD and item.new_at.file == NEW


def test_a_category_both_versions_abolish_shows_the_day_each_tells_households(run, tmp_path):
    """Next year's version copied from post-transition without the entry's `from:` tells households its own first
    day: the diff shows that day changed, in words and in JSON; with the `from:` kept, nothing."""
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    own_date = next(line for line in shipped.splitlines(keepends=True) if line.startswith("    from: 2026-01-01"))
    kept = tmp_path / "kept.yaml"
    kept.write_text(shipped.replace("effective: {from: 2026-01-01}", "effective: {from: 2027-01-01}"),
                    encoding="utf-8")
    dropped = tmp_path / "2027.yaml"
    dropped.write_text(kept.read_text(encoding="utf-8").replace(own_date, "\n"), encoding="utf-8")
    said = run("--lang", "en", NEW, str(dropped)).output
    assert "  ~ monitoring — household monitored against returning to poverty  [" in said
    at = f"{NEW}:476 → {dropped}:472"  # its `from:` line, and the entry's own where it has none
    assert f"      abolished from: 2026-01-01 → 2027-01-01  ({at})\n" in said
    assert f"      取消日期：2026-01-01 → 2027-01-01  （{at}）\n" in run("--lang", "zh", NEW, str(dropped)).output
    items = json.loads(run("--format", "json", NEW, str(dropped)).stdout)["changes"]
    details = next(c["details"] for c in items if c["section"] == "abolished" and c["id"] == "monitoring")
    assert details == [{"aspect": "abolished_from", "change": "changed", "kind": "text", "old": "2026-01-01",
                        "new": "2027-01-01", "old_at": f"{NEW}:476", "new_at": f"{dropped}:472"}]
    assert "monitoring" not in run("--lang", "en", NEW, str(kept)).output
    assert "\n已取消的类别\n  ~ monitoring — 防止返贫监测对象  [" in run("--lang", "zh", NEW, str(dropped)).output


def test_a_changed_source_of_a_category_both_versions_abolish_is_a_change_placed_at_its_source_line(run, tmp_path):
    """The abolished entry's `source:` alone changed: the diff said the two versions mean the same, no differences."""
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    cited = "    source: dsz-2024-47 二、1 统一标准体系\n    from: 2026-01-01"  # 475, under `abolished:`
    assert shipped.count(cited) == 1
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped.replace(cited, "    source: dsz-2024-47 二、1\n    from: 2026-01-01"), encoding="utf-8")
    result = run(NEW, str(edited), "--format", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["changes"]
    assert [(c["section"], c["id"], c["wording"], c["details"]) for c in changes] == [
        ("abolished", "monitoring", True, [{"aspect": "source", "change": "changed", "kind": "text",
                                            "old": "dsz-2024-47 二、1 统一标准体系", "new": "dsz-2024-47 二、1",
                                            "old_at": f"{NEW}:475", "new_at": f"{edited}:475", "wording": True}])]
    cites = "dsz-2024-47 二、1 统一标准体系 → dsz-2024-47 二、1"
    en = run(NEW, str(edited), "--lang", "en").output
    assert "  ~ monitoring — household monitored against returning to poverty  [wording]  [" in en
    assert f"\n      source: {cites}  [wording]  ({NEW}:475 → {edited}:475)\n" in en
    zh = run(NEW, str(edited), "--lang", "zh").output
    assert f"\n      依据：{cites}  [措辞]  （{NEW}:475 → {edited}:475）\n" in zh


def test_a_chinese_diff_says_an_abolished_category_is_cancelled_in_the_word_households_hear(run):
    """取消, as `policy eval` tells a household and `policy doc` lists it, in the heading, the matrix's note and the
    causes alike: an auditor reading the report to a household says the word it was told."""
    zh = run(*SHIPPED_IMPACT, "--lang", "zh").stdout
    assert "撤销" not in zh
    assert "防止返贫监测对象：自 2026-01-01 起取消 → 并入" in zh and "  “防止返贫监测对象”取消，并入" in zh
    assert "原因：取消类别“防止返贫监测对象” [" in zh
    household = "examples/households/DS-0007-monitoring-only-vehicle.json"
    told = CliRunner().invoke(cli, ["eval", household, "--date", "2026-03-01", "--brief", "--lang", "zh"]).output
    assert "防止返贫监测对象：自 2026-01-01 起取消" in told


ABSORBED_ZH = "最低生活保障对象、特困人员、低保边缘家庭成员、刚性支出困难家庭成员、其他困难人员"
# each label quoted, in English: unquoted, "… because of rigid expenses and other person in hardship" reads as one
ABSORBED_EN = ("“minimum living guarantee (dibao) household”, “person in extreme poverty (tekun)”, “household on the "
               "margin of dibao”, “household in hardship because of rigid expenses” and “other person in hardship”")


def test_the_categories_absorbing_an_abolished_one_are_named_by_their_labels_for_people_and_by_ids_in_json(
        run, tmp_path):
    zh = run(OLD, NEW, "--lang", "zh").output
    assert f"  - monitoring — 防止返贫监测对象：自 2026-01-01 起取消 → 并入{ABSORBED_ZH}  [" in zh
    text = run(OLD, NEW, "--lang", "en").output
    assert (f"  - monitoring — household monitored against returning to poverty: abolished from 2026-01-01 → "
            f"absorbed by {ABSORBED_EN}  [" in text)
    markdown = run(OLD, NEW, "--lang", "zh", "--format", "markdown").output
    assert f"### - `monitoring` — 防止返贫监测对象：自 2026-01-01 起取消 → 并入{ABSORBED_ZH}\n" in markdown
    page = tmp_path / "report.html"
    run(OLD, NEW, "--lang", "en", "--html", str(page))
    assert f": abolished from 2026-01-01 → absorbed by {html_escape(ABSORBED_EN, quote=False)}" in page.read_text(
        encoding="utf-8")
    changes = json.loads(run(OLD, NEW, "--format", "json").stdout)["changes"]
    monitoring = next(c for c in changes if c["id"] == "monitoring")
    assert monitoring["absorbed_by"] == ["dibao", "tekun", "dibao_marginal", "rigid_expense", "other_hardship"]


def test_the_heading_of_an_abolished_category_gives_the_day_it_is_abolished_from(run, tmp_path):
    """The entry's own `from:`, else the new version's first day: the day its explanations tell households."""
    assert (f"  - monitoring — household monitored against returning to poverty: abolished from 2026-01-01 → absorbed "
            f"by {ABSORBED_EN}  [" in run(OLD, NEW, "--lang", "en").output)
    zh = run(OLD, NEW, "--lang", "zh").output
    assert f"  - monitoring — 防止返贫监测对象：自 2026-01-01 起取消 → 并入{ABSORBED_ZH}  [" in zh
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    assert "### - `monitoring` — household monitored against returning to poverty: abolished from 2026-01-01 → " \
        in markdown
    page = tmp_path / "report.html"
    run(OLD, NEW, "--lang", "zh", "--html", str(page))
    assert f"：自 2026-01-01 起取消 → 并入{html_escape(ABSORBED_ZH, quote=False)}" in page.read_text(encoding="utf-8")
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    own_date = next(line for line in shipped.splitlines(keepends=True) if line.startswith("    from: 2026-01-01"))
    earlier = tmp_path / "earlier.yaml"
    earlier.write_text(shipped.replace(own_date, "    from: 2025-10-01\n"), encoding="utf-8")
    assert ": abolished from 2025-10-01 → absorbed by " in run(OLD, str(earlier), "--lang", "en").output
    undated = tmp_path / "undated.yaml"
    undated.write_text(shipped.replace(own_date, "\n").replace("effective: {from: 2026-01-01}",
                                                               "effective: {from: 2026-03-01}"), encoding="utf-8")
    assert "：自 2026-03-01 起取消 → 并入最低生活保障对象、" in run(OLD, str(undated), "--lang", "zh").output


def test_a_removed_or_added_category_whose_clauses_are_alternatives_says_so_above_them(run, tmp_path):
    # `monitoring` is `match: any`: read as a list, its four clauses would all seem required
    text = run(OLD, NEW, "--lang", "en").output.splitlines()
    heading = next(i for i, line in enumerate(text) if line.startswith("  - monitoring — "))
    assert text[heading + 1] == "      match: at least one clause must hold"
    assert text[heading + 2].startswith("      - clause income (")
    zh = run(OLD, NEW, "--lang", "zh").output.splitlines()
    heading = next(i for i, line in enumerate(zh) if line.startswith("  - monitoring — "))
    assert zh[heading + 1] == "      匹配方式：满足任一条款即可"
    # added, as the two files swapped show it: after its level, before its clauses
    added = run(NEW, OLD, "--lang", "en").output.splitlines()
    heading = next(i for i, line in enumerate(added) if line.startswith("  + monitoring — "))
    assert added[heading + 1:heading + 3] == ["      level: decided for the household as a whole",
                                              "      match: at least one clause must hold"]
    markdown = run(OLD, NEW, "--lang", "zh", "--format", "markdown").output
    assert "\n- 匹配方式：满足任一条款即可\n- 删除 条款 `income`（" in markdown
    page = tmp_path / "report.html"
    run(OLD, NEW, "--lang", "en", "--html", str(page))
    assert ("<li><b>match</b>: at least one clause must hold</li><li><b>clause income (“per-capita income below the "
            "monitoring line”)</b>" in page.read_text(encoding="utf-8"))
    # a category of `match: all` is read as a list of conditions already; JSON lists the changes as they are
    assert "match" not in run(BASE, "tests/fixtures/diff/removed.yaml", "--lang", "en").output
    monitoring = next(c for c in json.loads(run(OLD, NEW, "--format", "json").stdout)["changes"]
                      if c["id"] == "monitoring")
    assert [d["aspect"] for d in monitoring["details"]] == ["clause"] * 4


def test_the_impact_says_absorbed_is_where_the_policy_sends_cases_and_the_matrix_where_households_land(
        run, tmp_path):
    impact = json.loads(run(*SHIPPED_IMPACT, "--format", "json").stdout)["impact"]
    households = impact["matrix"]["household"]
    held = sum(c["count"] for c in households if "monitoring" in c["old"].split("+"))
    none = sum(c["count"] for c in households if "monitoring" in c["old"].split("+") and c["new"] == "none")
    assert (held, none) == (22, 3)
    text = run(*SHIPPED_IMPACT, "--lang", "en").output
    matrix = text.split("Household categories: old (rows) → new (columns)\n", 1)[1].split("\n\n", 1)[0]
    assert matrix.splitlines()[-1] == (
        f"  “household monitored against returning to poverty” is abolished, absorbed by {ABSORBED_EN}: that is "
        "where the policy sends the category's cases; where its households land is the matrix above, each decided "
        f"by the new version's rules — {none} of the {held} households that held it meet no household category's "
        "rule and are in none.")
    zh = run(*SHIPPED_IMPACT, "--lang", "zh").output
    assert (f"  “防止返贫监测对象”取消，并入{ABSORBED_ZH}：这是政策规定该类别对象的去向；各户实际落入哪个类别见上表，"
            f"每户按新版本的规则认定——原属该类别的 {held} 户中，{none} 户不符合任何户级类别的条件，"
            "计入“无”（表中 none 列）。\n") in zh
    markdown = run(*SHIPPED_IMPACT, "--lang", "en", "--format", "markdown").output
    assert "|\n\n“household monitored against returning to poverty” is abolished, absorbed by" in markdown
    page = tmp_path / "report.html"
    run(*SHIPPED_IMPACT, "--lang", "zh", "--html", str(page))
    assert f"<p>“防止返贫监测对象”取消，并入{ABSORBED_ZH}：这是政策规定" in page.read_text(encoding="utf-8")
    assert "is abolished" not in run(OLD, NEW, "--lang", "en").output  # without households there is no matrix


def test_label_changes_count_but_are_flagged_as_wording(tmp_path):
    changed = (FIXTURES / "base.yaml").read_text(encoding="utf-8").replace("en: dibao margin}", "en: dibao edge}")
    (a, da), (b, db) = load(BASE), load("labels.yaml", changed.encode("utf-8"))
    result = diff(a, b, da, db)
    assert [(i.id, i.wording) for i in result.items] == [("marginal", True)]
    assert components(result) == []


def test_a_clause_given_a_new_id_and_the_same_rule_is_one_wording_change(run, tmp_path):
    """Renaming a clause changes no decision: it is said as its new id, not as a clause removed and one added."""
    base = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    renamed = base.replace("      - id: deposits\n", "      - id: savings\n")
    (a, da), (b, db) = load(BASE), load("renamed.yaml", renamed.encode("utf-8"))
    [item] = diff(a, b, da, db).items
    assert (item.id, item.wording) == ("dibao", True)
    assert [(d.aspect, d.change, d.old, d.new) for d in item.details] == [
        ("clause id", "changed", "deposits", "savings")]
    (tmp_path / "renamed.yaml").write_text(renamed, encoding="utf-8")
    en = run(BASE, str(tmp_path / "renamed.yaml"), "--lang", "en").output
    assert "      clause id savings (“deposits within 24 months of the standard”): deposits → savings  [wording]" in en
    assert "条款标识 savings（存款不超过24个月标准）：deposits → savings  [措辞]" in run(
        BASE, str(tmp_path / "renamed.yaml"), "--lang", "zh").output
    # a new id with a new rule is not guessed to be the old clause
    (c, dc) = load("rewritten.yaml", renamed.replace("* 24 months", "* 30 months").encode("utf-8"))
    [item] = diff(a, c, da, dc).items
    assert [(d.aspect, d.change) for d in item.details if d.aspect.startswith("clause")] == [
        ("clause", "removed"), ("clause", "added")]


def test_a_reclassified_income_type_is_shown_counted_to_not_counted(run):
    result = run(BASE, "tests/fixtures/diff/income.yaml", "--lang", "en")
    assert result.exit_code == 1
    assert "counted: counted → not counted" in result.output  # as the explanations say it
    assert "→ 不计入收入" in run(BASE, "tests/fixtures/diff/income.yaml", "--lang", "zh").output


def test_an_input_given_with_another_in_one_version_only_is_a_change(run, tmp_path):
    """A version that refuses a grade without a type reads households differently: the diff says so."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    paired = "default: null, given_with: [disability_type], label:"
    assert paired in post
    county = tmp_path / "county.yaml"
    county.write_text(post.replace(paired, "default: null, label:"), encoding="utf-8")
    item = next(i for i in policy_diff(NEW, str(county))[0].items if i.id == "member:disability_grade")
    assert [(d.aspect, d.old, d.new) for d in item.details] == [("given_with", ("disability_type",), ())]
    assert "given with:" in run(NEW, str(county), "--lang", "en").stdout
    assert "须同时填写：" in run(NEW, str(county), "--lang", "zh").stdout


def test_a_changed_label_of_an_input_s_value_is_a_wording_change_placed_at_that_value(run, tmp_path):
    """How explanations say `male` (`value_labels`) changed: the diff said nothing of it, or that nothing changed."""
    edited = (ROOT / NEW).read_text(encoding="utf-8")
    for before, after in (("        head: {zh: 户主, en: head of household}\n",  # 149, a mapping of its own
                           "        head: {zh: 户主, en: household head}\n"),
                          ("value_labels: {male: {zh: 男, en: male},",  # 162, in a mapping of its input's values
                           "value_labels: {male: {zh: 男性, en: male},")):
        assert edited.count(before) == 1
        edited = edited.replace(before, after)
    new = tmp_path / "edited.yaml"
    new.write_text(edited, encoding="utf-8")
    result = run(NEW, str(new), "--format", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["changes"]
    assert [(c["id"], c["wording"], [(d["aspect"], d["item"], d["old"], d["new"], d["old_at"], d["new_at"])
                                     for d in c["details"]]) for c in changes] == [
        ("member:relation", True, [("value label", "head.en", "head of household", "household head", f"{NEW}:149",
                                    f"{new}:149")]),
        ("member:sex", True, [("value label", "male.zh", "男", "男性", f"{NEW}:162", f"{new}:162")])]
    en = run(NEW, str(new), "--lang", "en").output
    assert f"\n      value label male (Chinese): 男 → 男性  [wording]  ({NEW}:162 → {new}:162)\n" in en
    zh = run(NEW, str(new), "--lang", "zh").output
    place = f"{NEW}:149 → {new}:149"
    assert f"\n      取值名称 head（英文）：head of household → household head  [措辞]  （{place}）\n" in zh


@pytest.mark.parametrize("default", ["default: true, ", ""], ids=["with a default", "required"])
def test_an_input_added_says_its_default_or_that_records_without_it_are_refused(run, tmp_path, default):
    """Households written for the old version do not give a new input: without a default, every one is refused."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    water = "    drinking_water.safe: {type: boolean, default: true,"
    assert post.count(water) == 1
    label = "{zh: 卫生厕所安全, en: the toilet is safe}"
    toilet = f"    housing.toilet_safe: {{type: boolean, {default}label: {label}}}\n"
    county = tmp_path / "county.yaml"
    county.write_text(post.replace(water, toilet + water), encoding="utf-8")
    (item,) = [i for i in policy_diff(NEW, str(county))[0].items if i.id == "household:housing.toilet_safe"]
    said = ("default", True) if default else ("required", True)
    assert [(d.aspect, d.new) for d in item.details] == [("type", "boolean"), said]
    zh, en = (run(NEW, str(county), "--lang", lang).stdout for lang in ("zh", "en"))
    assert "  + 家庭：housing.toilet_safe — 卫生厕所安全（新增）" in zh  # the level as `policy doc` says it
    assert "  + household: housing.toilet_safe — the toilet is safe (added)" in en
    assert "      类型：是/否\n" in zh and "      type: yes/no\n" in en  # as `policy doc` says it, not `boolean`
    if default:
        assert "      默认值：是\n" in zh and "      default: yes\n" in en and "refused" not in en
    else:
        assert "      必填，无默认值：缺少它的家庭记录将被拒绝\n" in zh
        assert "      required, no default: household records without it are refused\n" in en
    details = json.loads(run(NEW, str(county), "--format", "json").stdout)["changes"]
    (entry,) = [c for c in details if c["id"] == "household:housing.toilet_safe"]  # JSON keeps the id
    assert [(d["aspect"], d["new"]) for d in entry["details"]] == [("type", "boolean"), said]


def test_a_share_is_said_in_percentages_its_rule_deleted_as_such_and_one_a_parameter_moved_as_derived(run, tmp_path):
    """An officer who deletes the wage's `share: 1 - employment_cost_rate` read only `计入比例：0.8 → 1 (+25.0%)`, and
    one who set the rate to 0% saw the wage's share as a change of its own, applied apart as a cause."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    rule, rate = "    share: 1 - employment_cost_rate\n", "  employment_cost_rate:\n    value: 20%\n"
    assert post.count(rule) == 1 and post.count(rate) == 1
    deleted, zero = tmp_path / "deleted.yaml", tmp_path / "zero.yaml"
    deleted.write_text(post.replace(rule, ""), encoding="utf-8")
    zero.write_text(post.replace(rate, rate.replace("20%", "0%")), encoding="utf-8")
    zh, en = (run(NEW, str(deleted), "--lang", lang).stdout for lang in ("zh", "en"))
    assert "      计入比例：80% → 100%（+20 个百分点）  （" in zh
    assert ("      - 计入比例规则：1 − 工资性收入中扣减的就业成本比例（20% ⚠），原文：1 - employment_cost_rate  （"
            in zh)
    assert "      share: 80% → 100% (+20 percentage points)  (" in en
    assert "(20% ⚠), as written: 1 - employment_cost_rate  (" in en and "      - share rule: 1 − " in en
    written = run(str(deleted), NEW, "--lang", "en").stdout  # the other way: the rule written
    assert "      share: 100% → 80% ⚠ (−20 percentage points)  (" in written  # it reads a rate to confirm
    assert "(20% ⚠), as written: 1 - employment_cost_rate  (" in written and "      + share rule: 1 − " in written
    moved = run(NEW, str(zero), "--lang", "en").stdout
    derived = "(computed from changed parameters; its rule is unchanged)"
    assert f"      share: 80% → 100% ⚠ (+20 percentage points)  {derived}" in moved and "share rule" not in moved
    (wage,) = [i for i in policy_diff(NEW, str(zero))[0].items if i.id == "wage"]
    assert wage.derived  # not a change of its own: applying the rate's moves it


def test_a_plausible_range_set_changed_or_removed_is_a_change(run, tmp_path):
    """A county that ranges pensions from 1,200 a year, and deposits not at all: the auditor sees both."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    pension, deposits = "plausible: {min: 600, max: 200000,", "plausible: {min: 100, if_below: {zh: 存款"
    assert post.count(pension) == 1 and post.count(deposits) == 1
    county = tmp_path / "county.yaml"
    start = post.index(deposits)
    county.write_text(post[:start] + post[post.index("label:", start):]
                      .replace(pension, "plausible: {min: 1200, max: 200000,"), encoding="utf-8")
    items = {i.id: i for i in policy_diff(NEW, str(county))[0].items}
    assert [(d.aspect, d.old, d.new) for d in items["pension"].details] == [
        ("plausible", "600 to 200000", "1200 to 200000")]
    assert [(d.aspect, d.old, d.new) for d in items["household:assets.deposits"].details] == [
        ("plausible", "at least 100", None)]
    assert "plausible range:" in run(NEW, str(county), "--lang", "en").stdout
    assert "合理范围：" in run(NEW, str(county), "--lang", "zh").stdout


@pytest.mark.parametrize(("old", "new", "marks"), [
    ("a < b and c < d", "a < b2 and c < d2", [("b", "b2"), ("d", "d2")]),
    ("(a + b) * c", "(a + x) * c", [("b", "x")]),
    ("count(members where age >= 60) > 1", "count(members where age >= 65) > 1", [("60", "65")]),
    ("a or b or c or d", "a or b or d", [("c", "")]),
    ("x <= y * 24 months", "x <= y * 36 months", [("24 months", "36 months")]),
    ("a < b", "a <= b", [("a < b", "a <= b")]),
])
def test_a_changed_rule_marks_the_smallest_differing_subexpressions(old, new, marks):
    detail = expression_detail("test", expr(old), expr(new))
    assert detail is not None
    assert [(m.old, m.new) for m in detail.marks] == marks
    for m in detail.marks:
        assert detail.old[m.old_range[0]:m.old_range[1]] == m.old
        assert detail.new[m.new_range[0]:m.new_range[1]] == m.new


def test_equal_rules_written_differently_are_not_a_change():
    assert expression_detail("test", expr("(a+b)  <  c"), expr("a + b < c")) is None
    assert expression_detail("test", expr("x in {'C', 'D'}"), expr('x in {"C", "D"}')) is None


def test_a_changed_default_is_said_in_words_with_its_label(run, tmp_path):
    """A yes or no default as `是 → 否`, an enum's value with its label, and a default taken away with what follows."""
    text = Path(NEW).read_text(encoding="utf-8")
    edited = text.replace("drinking_water.safe: {type: boolean, default: true,",
                          "drinking_water.safe: {type: boolean, default: false,", 1)
    sex = "female: {zh: 女, en: female}}\n      nullable: true\n      default: null\n"  # a member's sex
    assert edited != text and edited.count(sex) == 1
    edited = edited.replace(sex, sex.replace("nullable: true", "nullable: false").replace("default: null",
                                                                                          "default: male"))
    edited = edited.replace("assets.vehicles: {type: integer, default: 0, ", "assets.vehicles: {type: integer, ", 1)
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    zh = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "zh").output
    assert "      默认值：是 → 否\n" in zh  # a field written on one line: the place is its heading's
    assert f"      默认值：无 → male（男）  （{NEW}:164 → {tmp_path / 'edited.yaml'}:164）\n" in zh  # its `default:`
    assert "      有默认值：是 → 否（缺少它的家庭记录将被拒绝）\n" in zh
    en = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "en").output
    assert "      default: yes → no\n" in en
    assert "      has a default: yes → no (household records without it are refused)\n" in en


def test_clauses_and_options_are_named_with_their_labels_and_flags_in_words(run, tmp_path):
    """`条款 hardship：…`, `金额 dibao：…`, `有默认值：true → false` and `absorbed_by:` read as code to an auditor."""
    text = Path(NEW).read_text(encoding="utf-8")
    edited = text.replace("amount: medical_share_dibao * own_expenses.medical", "amount: 75% * own_expenses.medical", 1)
    edited = edited.replace("assets.vehicles: {type: integer, default: 0, ", "assets.vehicles: {type: integer, ", 1)
    assert edited.count("75%") == text.count("75%") + 1 and edited.count("default: 0, ") < text.count("default: 0, ")
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    zh = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "zh").output
    # in words, as explanations say it, and as the file writes it
    assert "      金额 dibao（低保对象按70%救助）（policy/post-transition.yaml:519 → " in zh
    assert ("        旧：低保对象医疗救助比例（70% ⚠） × 医疗费用（个人自付部分）"
            "，原文：«medical_share_dibao» * own_expenses.medical\n"
            "        新：75% × 医疗费用（个人自付部分），原文：«75%» * own_expenses.medical\n") in zh
    assert "      有默认值：是 → 否（缺少它的家庭记录将被拒绝）\n" in zh and "      默认值：0 → 无\n" in zh
    markdown = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "en", "--format", "markdown").output
    assert "- amount `dibao` (“dibao households at 70%”) (`policy/post-transition.yaml:519 → " in markdown
    shipped = run(OLD, NEW, "--lang", "zh").output
    assert ("      + 条款 hardship（住房或饮水不安全、患重特大疾病或遭受灾害损失）⚠："
            "住房不安全（C级、D级危房） 或 饮用水不安全 或 有成员患重特大疾病 或 灾害及意外事故损失 > 0"
            "（原文：housing_unsafe or ") in shipped
    page = tmp_path / "page.html"
    run(NEW, OLD, "--lang", "en", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert ("clause id income_after_loss (“per-capita income after rigid expenses and losses below the monitoring "
            "line”)</b>: income → income_after_loss") in html
    reversed_text = run(NEW, OLD, "--lang", "en").output
    assert "      absorbed by: " in reversed_text and "absorbed_by" not in reversed_text


def test_text_marks_the_difference_and_json_gives_both_subexpressions(run):
    text = run(BASE, "tests/fixtures/diff/clause.yaml", "--lang", "en").output
    assert ("old: deposits ÷ size ≤ dibao standard (490.00 yuan/month) × 24 months "
            "(as written: assets.deposits / household_size <= dibao_standard * «24 months»)") in text
    assert ("new: deposits ÷ size ≤ dibao standard (490.00 yuan/month) × 36 months "
            "(as written: assets.deposits / household_size <= dibao_standard * «36 months»)") in text
    data = json.loads(run(BASE, "tests/fixtures/diff/clause.yaml", "--format", "json").stdout)
    detail = next(d for c in data["changes"] for d in c["details"] if d["aspect"] == "clause")
    assert detail["marks"][0]["old"] == "24 months" and detail["marks"][0]["new"] == "36 months"
    assert detail["old_at"] == "tests/fixtures/diff/base.yaml:60"  # the `test:` line
    markdown = run(BASE, "tests/fixtures/diff/clause.yaml", "--format", "markdown").output
    assert "~~24 months~~" in markdown and "**36 months**" in markdown


def test_a_broken_policy_prints_located_diagnostics_and_exits_2(run, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "base.yaml").read_text(encoding="utf-8").replace(
        "test: per_capita_income < dibao_standard", "test: per_capita_income < dibao_standart"), encoding="utf-8")
    result = run(BASE, str(broken), "--lang", "en")
    assert result.exit_code == 2
    assert f"{broken}:56:" in result.output and "error[C001]" in result.output and "dibao_standart" in result.output
    chinese = run(BASE, str(broken), "--lang", "zh")
    assert f"{broken}:56:" in chinese.output and "错误[C001]: 未知名称 `dibao_standart`" in chinese.output
    assert "Traceback" not in result.output


# -- mistakes of the pair: warnings on standard error ----------------------------------------------

WINDOW_2024, WINDOW_2025 = "tests/fixtures/diff/window-2024.yaml", "tests/fixtures/diff/window-2025.yaml"
SAME_VERSION = "tests/fixtures/diff/same-version.yaml"


def test_a_changed_file_kept_under_the_old_version_is_told_to_take_its_own(run):
    result = run(BASE, SAME_VERSION, "--lang", "en")
    assert result.exit_code == 1
    assert (f"warning: {BASE} and {SAME_VERSION} are both `version` base of test.diff, but their content differs: "
            "decisions under either say version base, and register and batch outputs cannot tell them apart; "
            f"give {SAME_VERSION} its own `version`") in result.stderr
    chinese = run(BASE, SAME_VERSION, "--lang", "zh")
    assert (f"警告：{BASE} 与 {SAME_VERSION} 都是 test.diff 的 `version` base，但内容不同："
            "按两者作出的认定都记为版本 base，台账和批量输出无法区分；"
            f"请给 {SAME_VERSION} 另起一个 `version`") in chinese.stderr
    assert "`version`" not in run(BASE, "tests/fixtures/diff/param.yaml", "--lang", "en").stderr


def test_overlapping_windows_are_said_with_the_days_both_are_in_force(run):
    result = run(BASE, WINDOW_2025, "--lang", "en")
    assert (f"warning: {BASE} (2024-01-01 – …) and {WINDOW_2025} (2025-07-01 – …) are both in force from 2025-07-01 "
            "on: `policy check` on a folder holding both refuses them (L008)") in result.stderr
    assert (f"警告：{BASE}（2024-01-01 – …）与 {WINDOW_2025}（2025-07-01 – …）自 2025-07-01 起都生效：对同时存放两者的"
            "文件夹运行 `policy check` 会拒绝它们（L008）") in run(BASE, WINDOW_2025, "--lang", "zh").stderr
    assert "swapped" not in result.stderr and "neither" not in result.stderr


def test_a_gap_between_the_windows_is_said_with_its_days(run):
    result = run(WINDOW_2024, WINDOW_2025, "--lang", "en")
    assert result.stderr == (f"warning: neither {WINDOW_2024} (2024-01-01 – 2024-12-31) nor {WINDOW_2025} (2025-07-01 "
                             "– …) is in force from 2025-01-01 to 2025-06-30: a household evaluated on those days has "
                             "no policy\n")
    assert "在 2025-01-01 至 2025-06-30 期间都不生效" in run(WINDOW_2024, WINDOW_2025, "--lang", "zh").stderr


def test_new_starting_before_old_is_said_to_be_probably_swapped(run):
    result = run(WINDOW_2025, WINDOW_2024, "--lang", "en")
    assert (f"warning: NEW {WINDOW_2024} starts on 2024-01-01, before OLD {WINDOW_2025}, which starts on 2025-07-01: "
            "OLD and NEW are probably swapped on the command line") in result.stderr
    assert "from 2025-01-01 to 2025-06-30" in result.stderr  # the gap is said whichever way round
    assert (f"警告：新版本 {WINDOW_2024} 自 2024-01-01 起施行，早于旧版本 {WINDOW_2025}（自 2025-07-01 起）："
            "命令行上的旧政策与新政策可能写反了") in run(WINDOW_2025, WINDOW_2024, "--lang", "zh").stderr


def test_two_different_policies_are_said_to_be_so_and_their_windows_not_compared(run):
    result = run(OLD, BASE, "--lang", "en")
    assert result.stderr == (f"warning: {OLD} has `id` hunan.low-income and {BASE} has `id` test.diff: they are "
                             "different policies, not two versions of one\n")
    assert (f"警告：{OLD} 的 `id` 是 hunan.low-income，{BASE} 的 `id` 是 test.diff：这是两项不同的政策，"
            "不是同一政策的两个版本") in run(OLD, BASE, "--lang", "zh").stderr


def test_the_shipped_pair_has_nothing_to_warn_of(run):
    assert run(OLD, NEW, "--lang", "en").stderr == ""


def test_a_long_rule_changed_says_its_place_before_the_colon_its_old_and_new_lines_follow(run):
    """`value:  (policy/…:292 → …)`: the colon dangled, its place after it, the old and new lines below."""
    at = f"{OLD}:348 → {NEW}:343"
    said = {(lang, fmt): run(OLD, NEW, "--lang", lang, "--format", fmt).stdout.splitlines()
            for lang in ("en", "zh") for fmt in ("text", "markdown")}
    heads = {("en", "text"): ("      value (", "):"), ("zh", "text"): ("      值（", "）："),
             ("en", "markdown"): ("- value (`", "`):"), ("zh", "markdown"): ("- 值（`", "`）：")}
    for (lang, fmt), (before, after) in heads.items():
        lines = said[lang, fmt]
        i = lines.index(before + at + after)
        assert lines[i + 1].lstrip(" -").startswith(("old: ", "旧：")), lines[i:i + 3]
    assert not any(line.rstrip().endswith((":", "：")) and "  (" in line for line in said["en", "text"])


def test_an_evaluation_date_outside_a_versions_window_is_noted_for_each_such_version(run):
    result = run(OLD, NEW, "--lang", "en", "--households", HOUSEHOLDS, "--date", "2026-03-01")
    assert result.stderr.count("applied as a what-if") == 1
    assert f"note: {OLD} is in force 2024-07-16 – 2025-12-31, not on 2026-03-01; applied as a what-if" \
        in result.stderr
    both = run(WINDOW_2024, WINDOW_2025, "--lang", "zh", "--households", HOUSEHOLDS, "--date", "2024-03-01").stderr
    assert f"注意：{WINDOW_2025} 的施行期为 2025-07-01 – …，不含 2024-03-01；按假设情形适用" in both
    assert "what-if" not in both and f"{WINDOW_2024} 的施行期" not in both
    assert "what-if" not in run(OLD, NEW, "--lang", "en").stderr  # no households: no evaluation date
    once = run(WINDOW_2024, WINDOW_2024, "--lang", "en", "--households", HOUSEHOLDS, "--date", "2025-03-01").stderr
    assert once.count("applied as a what-if") == 1


@pytest.mark.parametrize("date", ["2023-01-01", None])
def test_days_neither_version_is_in_force_on_are_warned_of_once_with_both_windows(run, tmp_path, date):
    items = list(households(3, 3, datetime.date(2023, 1, 1)))
    items[2]["date"] = "2026-03-01"  # (by their own dates) one in the new window: OLD is a what-if on it
    source = tmp_path / "early.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    day = ("--date", date) if date else ()
    said = run(OLD, NEW, "--lang", "en", "--households", str(source), *day).stderr
    warning = (f"warning: neither {OLD} (2024-07-16 – 2025-12-31) nor {NEW} (2026-01-01 – …) is in force on "
               + ("2023-01-01: households decided on that day are decided by both as a what-if" if date else
                  f"the `date` of 2 households (the first of each day: {items[0]['id']} ({source}:1, 2023-01-01)), "
                  "while the others' are in a window: they are decided by both as a what-if; check their `date`"))
    assert said.count(warning) == 1 and said.count("warning:") == 1, said
    assert said.count("applied as a what-if") == (0 if date else 1)  # the day of the one in NEW's window alone
    report = run(OLD, NEW, "--lang", "zh", "--households", str(source), *day, "--format", "json").stdout
    (neither,) = [n for n in json.loads(report)["notes"] if n["level"] == "warning"]
    assert neither["message"].startswith(f"{OLD}（2024-07-16 – 2025-12-31）与 {NEW}（2026-01-01 – …）在 "
                                         + ("2023-01-01 都不生效" if date else "2 户的 `date` 都不生效"))


def test_one_household_dated_outside_both_windows_is_named_with_its_date_to_check(run, tmp_path):
    """The other households are dated within a window: a --date would re-date them all, the one to fix is this."""
    items = list(households(4, 3, datetime.date(2023, 1, 1)))
    for item in items[:2] + items[3:]:
        item["date"] = "2026-03-01"
    source = tmp_path / "one-early.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    said = run(OLD, NEW, "--lang", "en", "--households", str(source)).stderr
    assert (f"is in force on the `date` of 1 household ({items[2]['id']} ({source}:3, 2023-01-01)), while the "
            "others' are in a window: it is decided by both as a what-if; check its `date`") in said
    assert "give --date" not in said
    zh = run(OLD, NEW, "--households", str(source)).stderr
    assert f"在 1 户的 `date` 都不生效（{items[2]['id']}（{source}:3，2023-01-01））" in zh
    assert "请核对它的 `date`" in zh


def test_the_what_if_note_names_the_households_own_days_outside_a_window(run, tmp_path):
    items = list(households(6, 3, datetime.date(2025, 6, 1)))
    items[0]["date"], items[1]["date"] = "2026-02-01", "2026-03-01"  # after the transition: OLD is a what-if
    source = tmp_path / "mixed.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    said = run(OLD, NEW, "--lang", "en", "--households", str(source)).stderr
    assert f"note: {OLD} is in force 2024-07-16 – 2025-12-31, not on 2026-02-01, 2026-03-01; applied as a what-if" \
        in said
    assert f"note: {NEW} is in force 2026-01-01 – …, not on 2025-06-01; applied as a what-if" in said
    assert said.count("what-if") == 2
    on_one_day = run(OLD, NEW, "--lang", "en", "--households", str(source), "--date", "2026-03-01").stderr
    assert "2025-06-01" not in on_one_day and on_one_day.count("what-if") == 1


def _categories_by_batch(policy: str, source: Path, out: Path, *options: str) -> dict[str, Any]:
    """Each side of the impact's matrices as `policy batch --policy` decides the same file: label → count."""
    from collections import Counter

    result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out), "--policy", policy, *options])
    assert result.exit_code == 0, result.output
    households_, members = Counter(), Counter()
    for line in out.read_text(encoding="utf-8").splitlines():
        decision = json.loads(line)
        households_["+".join(decision["categories"]) or "none"] += 1
        for categories in decision["members"].values():
            members["+".join(categories) or "none"] += 1
    return {"household": households_, "member": members}


def _sides(impact: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    from collections import Counter

    sides: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for level in ("household", "member"):
        for side, key in zip(sides, ("old", "new"), strict=True):
            side[level] = Counter()
            for row in impact["matrix"][level]:
                side[level][row[key]] += row["count"]
    return sides


def test_each_household_is_decided_on_the_day_policy_batch_decides_it(run, tmp_path):
    """A sample dated in the transition, diffed without --date, is decided as `policy batch` decides it under
    each version: members as old as on the sample's day, not as old as today."""
    items = list(households(300, 11, datetime.date(2024, 8, 1)))
    source = tmp_path / "sample.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    old, new = (_categories_by_batch(p, source, tmp_path / f"{i}.jsonl") for i, p in enumerate((OLD, NEW)))
    result = run(OLD, NEW, "--households", str(source), "--format", "json")
    impact = json.loads(result.stdout)["impact"]
    assert _sides(impact) == (old, new)
    assert impact["dated_by"] == "household" and impact["undated"] == 0
    assert impact["dates"] == [{"date": "2024-08-01", "households": 300}]
    assert impact["date"] == "2024-08-01"  # the day every household was decided on, not today
    # --date decides every household on that day, its own `date` ignored, as batch's --date does
    day = ["--date", "2026-03-01"]
    forced = json.loads(run(OLD, NEW, "--households", str(source), "--format", "json", *day).stdout)["impact"]
    by_batch = tuple(_categories_by_batch(p, source, tmp_path / f"d{i}.jsonl", *day) for i, p in enumerate((OLD, NEW)))
    assert _sides(forced) == by_batch
    assert by_batch != (old, new)  # two years on, members are older: the day matters to this sample
    assert forced["dated_by"] == "--date" and forced["dates"] == [{"date": "2026-03-01", "households": 300}]


def test_the_json_impact_date_is_the_one_day_households_were_decided_on_if_there_is_one(run, tmp_path):
    """`impact.date` is what was used: the households' one day (today for those that give no `date`), else null."""
    items = list(households(4, 11, datetime.date(2026, 1, 1)))
    source = tmp_path / "sample.jsonl"

    def date_of(records: list[dict[str, Any]]) -> Any:
        source.write_text("".join(json.dumps(h) + "\n" for h in records), encoding="utf-8")
        return json.loads(run(OLD, NEW, "--households", str(source), "--format", "json").stdout)["impact"]["date"]

    assert date_of(items) == "2026-01-01"
    assert date_of([*items[:2], *({**h, "date": "2025-06-01"} for h in items[2:])]) is None  # see `dates`
    undated = [{k: v for k, v in item.items() if k != "date"} for item in items]
    assert date_of([undated[0], *items[1:]]) is None  # one on today, three on their own day: `dates` says which
    assert date_of(undated) == datetime.date.today().isoformat()


@pytest.mark.parametrize(("good", "bad", "en", "zh"), [
    (1, 0, "Impact on 1 household, on its own date (2026-01-01)", "对 1 户的影响（按自带日期评估：2026-01-01）"),
    (2, 0, "Impact on 2 households, each on its own date (2026-01-01 for both)",
     "对 2 户的影响（各户按自带日期评估：全部 2 户为 2026-01-01）"),
    (3, 3, "Impact on 6 households, each on its own date (2026-01-01 for the 3 evaluated)",
     "对 6 户的影响（各户按自带日期评估：已评估的 3 户均为 2026-01-01）"),
    (1, 1, "Impact on 2 households, each on its own date (2026-01-01 for the one evaluated)",
     "对 2 户的影响（各户按自带日期评估：已评估的 1 户为 2026-01-01）"),
    (0, 1, "Impact on 1 household (it could not be evaluated)", "对 1 户的影响（无法评估）"),
], ids=["one", "two", "some refused", "one of two refused", "none evaluated"])
def test_the_impact_heading_counts_the_days_of_the_households_evaluated(run, tmp_path, good, bad, en, zh):
    items = list(households(good + bad, 3, datetime.date(2026, 1, 1)))
    for item in items[good:]:  # refused by both versions
        item["assets"]["deposits"] = "lots"
    source = tmp_path / "sample.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    assert run(OLD, NEW, "--households", str(source), "--lang", "en").stdout.count(f"\n{en}\n") == 1
    assert run(OLD, NEW, "--households", str(source), "--lang", "zh").stdout.count(f"\n{zh}\n") == 1


def test_the_impact_heading_says_the_days_the_households_were_decided_on(run, tmp_path):
    items = list(households(5, 3, datetime.date(2026, 1, 1)))
    source = tmp_path / "sample.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    said = run(OLD, NEW, "--households", str(source), "--lang", "en").stdout
    assert "Impact on 5 households, each on its own date (2026-01-01 for all 5)" in said
    in_chinese = run(OLD, NEW, "--households", str(source)).stdout
    assert "对 5 户的影响（各户按自带日期评估：全部 5 户为 2026-01-01）" in in_chinese
    items[1]["date"] = "2026-03-01"
    del items[2]["date"]
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    today = datetime.date.today().isoformat()
    markdown = run(OLD, NEW, "--households", str(source), "--lang", "en", "--format", "markdown").stdout
    assert f"## Impact on 5 households, each on its own date (2026-01-01 to 2026-03-01 for 4; today, {today}, for 1 " \
           "without one)" in markdown
    assert f"对 5 户的影响（各户按自带日期评估：4 户在 2026-01-01 至 2026-03-01 之间；无日期的 1 户按今天 {today}）" \
        in run(OLD, NEW, "--households", str(source)).stdout
    assert "Impact on 5 households on 2026-02-01" in run(OLD, NEW, "--households", str(source), "--lang", "en",
                                                          "--date", "2026-02-01").stdout
    page = tmp_path / "report.html"
    run(OLD, NEW, "--households", str(source), "--lang", "en", "--html", str(page))
    assert "each on its own date (2026-01-01 to 2026-03-01 for 4;" in page.read_text(encoding="utf-8")


def test_households_none_of_which_could_be_decided_are_said_so_not_decided_today(run, tmp_path):
    """Every household refused (`"relation": "户主"`): the heading and the notes named today as the day they were
    decided on, and called the old version a what-if on it."""
    items = list(households(5, 3, datetime.date(2026, 1, 1)))
    for h in items:
        h["members"][0]["relation"] = "户主"
    source = tmp_path / "sample.jsonl"
    source.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items), encoding="utf-8")
    result = run(OLD, NEW, "--households", str(source), "--lang", "en")
    assert "Impact on 5 households (none could be evaluated)" in result.stdout
    assert "what-if" not in result.stdout + result.stderr, result.stderr
    assert "对 5 户的影响（没有一户能够评估）" in run(OLD, NEW, "--households", str(source)).stdout
    forced = run(OLD, NEW, "--households", str(source), "--lang", "en", "--date", "2026-02-01")
    assert "Impact on 5 households on 2026-02-01" in forced.stdout and "not on 2026-02-01" in forced.stderr


def test_every_report_carries_what_is_amiss_with_the_pair(run, tmp_path):
    """Said on standard error, and again in the report a reader is handed: text, Markdown, HTML and JSON."""
    page = tmp_path / "report.html"
    args = [BASE, "tests/fixtures/diff/param.yaml", "--lang", "en"]
    overlap = "are both in force from 2024-01-01 on"
    assert overlap in run(*args, "--html", str(page)).stderr
    assert "About the two files" in page.read_text(encoding="utf-8") and overlap in page.read_text(encoding="utf-8")
    for fmt in ("text", "markdown"):
        shown = run(*args, "--format", fmt).stdout
        assert "About the two files" in shown and f"warning: {BASE} (2024-01-01 – …) and" in shown, fmt
    [note] = json.loads(run(*args, "--format", "json").stdout)["notes"]
    assert note["level"] == "warning" and overlap in note["message"]


def test_the_same_file_twice_is_said_beside_no_differences(run, tmp_path):
    result = run(BASE, BASE, "--lang", "en")
    assert result.exit_code == 0 and "mean the same" in result.stdout
    assert result.stderr == f"warning: {BASE} is given as both OLD and NEW: the file is compared with itself\n"
    copy = tmp_path / "copy.yaml"
    copy.write_bytes((ROOT / BASE).read_bytes())
    assert run(BASE, str(copy), "--lang", "zh").stderr == \
        f"警告：{BASE} 与 {copy} 逐字节相同：这是拿同一个版本与它自己比较\n"


def test_pair_notes_are_a_list_of_said_and_print_nothing(capsys):
    (base, _), (later, _) = load(BASE), load(WINDOW_2025)
    notes = pair_notes(base, later, [datetime.date(2023, 6, 1)])
    assert [(level, type(n)) for level, n in notes] == [("warning", Said), ("warning", Said)]  # on neither's days
    assert "2023-06-01" in notes[-1][1].en and capsys.readouterr() == ("", "")
    notes = pair_notes(base, later, [datetime.date(2024, 6, 1)])
    assert [(level, type(n)) for level, n in notes] == [("warning", Said), ("note", Said)]  # on BASE's days
    assert pair_notes(*(load(p)[0] for p in (OLD, NEW))) == []


# (OLD, NEW, what else is given, what English and Chinese say of them, `{a}` OLD's path and `{b}` NEW's)
SPACED_PAIRS = {
    "same path": ("base.yaml", "base.yaml", (),
                  ["`{a}` is given as both OLD and NEW: the file is compared with itself"],
                  ["`{a}` 同时作为旧政策和新政策：这是拿同一个文件与它自己比较"]),
    "same bytes": ("base.yaml", "copy of base.yaml", (), ["`{a}` and `{b}` are the same file, byte for byte"],
                   ["`{a}` 与 `{b}` 逐字节相同"]),
    "line endings": ("base.yaml", "base (crlf).yaml", (), ["`{a}` and `{b}` differ only in their line endings"],
                     ["`{a}` 与 `{b}` 只有换行符或字节顺序标记（BOM）不同"]),
    "id": ("2024 transition.yaml", "base.yaml", (),
           ["`{a}` has `id` hunan.low-income and `{b}` has `id` test.diff: they are different policies"],
           ["`{a}` 的 `id` 是 hunan.low-income，`{b}` 的 `id` 是 test.diff：这是两项不同的政策"]),
    "version": ("base.yaml", "same version.yaml", (),
                ["`{a}` and `{b}` are both `version` base of test.diff", "give `{b}` its own `version`"],
                ["`{a}` 与 `{b}` 都是 test.diff 的 `version` base", "请给 `{b}` 另起一个 `version`"]),
    "swapped, gap": ("window 2025.yaml", "window 2024.yaml", (),
                     ["NEW `{b}` starts on 2024-01-01, before OLD `{a}`, which starts on 2025-07-01",
                      "neither `{b}` (2024-01-01 – 2024-12-31) nor `{a}` (2025-07-01 – …) is in force from 2025-01-01"],
                     ["新版本 `{b}` 自 2024-01-01 起施行，早于旧版本 `{a}`（自 2025-07-01 起）",
                      "`{b}`（2024-01-01 – 2024-12-31）与 `{a}`（2025-07-01 – …）在 2025-01-01 至 2025-06-30 "
                      "期间都不生效"]),
    "overlap": ("base.yaml", "window 2025.yaml", (),
                ["`{a}` (2024-01-01 – …) and `{b}` (2025-07-01 – …) are both in force from 2025-07-01 on"],
                ["`{a}`（2024-01-01 – …）与 `{b}`（2025-07-01 – …）自 2025-07-01 起都生效"]),
    "in force on neither": ("window 2024.yaml", "window 2025.yaml",
                            ("--households", HOUSEHOLDS, "--date", "2023-06-01"),
                            ["neither `{a}` (2024-01-01 – 2024-12-31) nor `{b}` (2025-07-01 – …) is in force on "
                             "2023-06-01"],
                            ["`{a}`（2024-01-01 – 2024-12-31）与 `{b}`（2025-07-01 – …）在 2023-06-01 都不生效"]),
}
SPACED_SOURCES = {"base.yaml": BASE, "copy of base.yaml": BASE, "base (crlf).yaml": BASE, "2024 transition.yaml": OLD,
                  "same version.yaml": SAME_VERSION, "window 2024.yaml": WINDOW_2024, "window 2025.yaml": WINDOW_2025}


@pytest.mark.parametrize("case", list(SPACED_PAIRS))
def test_the_notes_on_the_pair_set_apart_a_path_with_spaces_in_their_sentences(run, tmp_path, case):
    """`warning: /tmp/my policies/base.yaml and /tmp/my policies/copy of base.yaml are the same file`: a path's spaces
    ran into the sentence's words, and where a file's name ends could not be told. Such a path is set apart as code
    (in backticks in text and JSON), in both languages; the tests above keep a path a shell takes as one word bare."""
    old_name, new_name, more, english, chinese = SPACED_PAIRS[case]
    folder = tmp_path / "my policies"
    folder.mkdir()
    for name in {old_name, new_name}:
        raw = (ROOT / SPACED_SOURCES[name]).read_bytes()
        (folder / name).write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n") if "crlf" in name else raw)
    a, b = folder / old_name, folder / new_name
    for lang, said, level in (("en", english, "warning: "), ("zh", chinese, "警告：")):
        expected = [s.format(a=a, b=b) for s in said]
        result = run(str(a), str(b), *more, "--lang", lang)
        markdown = run(str(a), str(b), *more, "--lang", lang, "--format", "markdown").stdout
        notes = json.loads(run(str(a), str(b), *more, "--lang", lang, "--format", "json").stdout)["notes"]
        for sentence in expected:
            assert sentence in result.stderr and sentence in result.stdout, (lang, result.output)
            assert any(line.startswith(f"- {level}") and sentence in line for line in markdown.splitlines()), markdown
            assert any(sentence in n["message"] for n in notes), (lang, notes)


@pytest.mark.parametrize("lang, said", [
    ("en", "note: `{b}` is in force 2025-07-01 – …, not on 2024-06-01; applied as a what-if"),
    ("zh", "注意：`{b}` 的施行期为 2025-07-01 – …，不含 2024-06-01；按假设情形适用"),
], ids=["en", "zh"])
def test_the_what_if_note_sets_apart_a_path_with_spaces_in_its_sentence(run, tmp_path, lang, said):
    """`note: /tmp/my policies/window 2025.yaml is in force …`: the what-if note printed the path bare, where the other
    notes on the pair set it apart; now it is in backticks too, in text, markdown and JSON."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    a, b = folder / "base.yaml", folder / "window 2025.yaml"
    a.write_bytes((ROOT / BASE).read_bytes())
    b.write_bytes((ROOT / WINDOW_2025).read_bytes())
    expected = said.format(b=b)
    given = (str(a), str(b), "--households", HOUSEHOLDS, "--date", "2024-06-01", "--lang", lang)
    assert expected in run(*given).stdout
    assert f"- {expected}" in run(*given, "--format", "markdown").stdout
    notes = json.loads(run(*given, "--format", "json").stdout)["notes"]
    assert any(n["message"] == expected.split("：" if lang == "zh" else ": ", 1)[1] for n in notes), notes


def test_a_missing_households_path_is_a_usage_error(run):
    assert run(BASE, BASE, "--households", "no/such/file.jsonl").exit_code == 2


def test_a_folder_without_household_files_is_a_usage_error_not_an_impact_on_nobody(run, tmp_path):
    (tmp_path / "notes.txt").write_text("not a household", encoding="utf-8")
    result = run(BASE, BASE, "--households", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    assert f"{tmp_path} holds no .json or .jsonl file, no households.csv and no Parquet file" in result.output


def test_the_impact_from_tables_parquet_compressed_or_piped_lines_is_the_impact_from_json_lines(run, tmp_path):
    from engine.batch.csv_tables import write_households_csv
    from engine.batch.parquet_layout import write_households_parquet

    day = datetime.date(2026, 3, 1)
    items = list(households(400, 17, day))
    items[7]["members"][-1]["disability_type"] = "wings"  # a member the policies cannot read
    policy = load_policy(ROOT / NEW)[0]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_households_csv(items, tmp_path / "tables", policy)

    def impact(source: Path | str, piped: bytes | None = None) -> dict[str, Any]:
        result = run(OLD, NEW, "--households", str(source), "--date", day.isoformat(), "--format", "json",
                     input=piped)
        assert result.exit_code == 1, result.output
        return json.loads(result.stdout)["impact"]

    def unplaced(found: dict[str, Any]) -> dict[str, Any]:
        """The impact without the places of its records, which differ by format (JSON text has lines and columns, a
        cell of CSV tables its `header`)."""
        text = re.sub(r', "(end_)?(line|column)": (\d+|null)|, "header": "[^"]*"', "", json.dumps(found))
        return json.loads(re.sub(r'"(source|file)": "[^"]*"', r'"\1": "_"', text))

    import pyarrow.parquet as pq

    whole = pq.read_table(tmp_path / "in.parquet")
    (tmp_path / "parts").mkdir()  # a table as Spark writes one
    pq.write_table(whole.slice(0, 150), tmp_path / "parts" / "part-00000.parquet")
    pq.write_table(whole.slice(150), tmp_path / "parts" / "part-00001.parquet")
    (tmp_path / "parts" / "_SUCCESS").touch()
    want = impact(tmp_path / "in.jsonl")
    assert want["changed"] and want["evaluated"] == 399
    tables = impact(tmp_path / "tables")
    assert unplaced(impact(tmp_path / "in.parquet")) == unplaced(want)
    # a CSV cell is told the values as a cell holds them, without JSON's quotes and null an empty cell; all else is
    # the same
    def told(found: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """The impact without its places, and the help of the member the policies cannot read (under each version),
        taken out of it."""
        out = unplaced(found)
        helps = {d.pop("help") for bad in out["bad"] for d in bad["diagnostics"] if d["code"] == "H002"}
        assert len(helps) == 1
        for bad in out["bad"]:  # the help in Chinese (`--lang zh`) too
            for d in bad["diagnostics"]:
                if d["code"] == "H002":
                    d["zh"].pop("help")
        return out, helps.pop()

    (from_tables, cell_help), (from_lines, line_help) = told(tables), told(want)
    assert from_tables == from_lines
    assert line_help.startswith('use one of "physical", ') and line_help.endswith(', "multiple", null')
    assert cell_help == line_help.replace('"', "").replace("null", "an empty cell")
    assert unplaced(impact(tmp_path / "parts")) == unplaced(want)
    import gzip

    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress((tmp_path / "in.jsonl").read_bytes()))
    packed = impact(tmp_path / "in.jsonl.gz")
    assert unplaced(packed) == unplaced(want)
    assert packed["bad"][0]["source"] == f"{tmp_path / 'in.jsonl.gz'}:8"
    piped = impact("-", (tmp_path / "in.jsonl.gz").read_bytes())  # `--households -`, standard input
    assert unplaced(piped) == unplaced(want) and piped["bad"][0]["source"] == "<stdin>:8"
    (tmp_path / "exports").mkdir()  # a folder of JSON Lines, one of them compressed
    lines = (tmp_path / "in.jsonl").read_bytes().splitlines(keepends=True)
    (tmp_path / "exports" / "a.jsonl").write_bytes(b"".join(lines[:5]))
    (tmp_path / "exports" / "b.jsonl.gz").write_bytes(gzip.compress(b"".join(lines[5:])))
    folder = impact(tmp_path / "exports")
    assert unplaced(folder) == unplaced(want)
    assert folder["bad"][0]["source"] == f"{tmp_path / 'exports' / 'b.jsonl.gz'}:3"
    (tmp_path / "spark" / "county=430524").mkdir(parents=True)  # JSON partitioned by county, as Spark writes it
    (tmp_path / "spark" / "county=430525").mkdir()
    (tmp_path / "spark" / "county=430524" / "part-00000.json").write_bytes(b"".join(lines[:5]))
    (tmp_path / "spark" / "county=430525" / "part-00000.json.gz").write_bytes(gzip.compress(b"".join(lines[5:])))
    spark = impact(tmp_path / "spark")
    assert "`county`" in spark["notes"][0]["message"]  # the report says so too
    assert unplaced({**spark, "notes": []}) == unplaced(want)
    (tmp_path / "packed").mkdir()  # the CSV tables compressed, as a database exports them
    for name in ("households.csv", "members.csv", "lines.csv"):
        (tmp_path / "packed" / f"{name}.gz").write_bytes(gzip.compress((tmp_path / "tables" / name).read_bytes()))
    packed_tables = impact(tmp_path / "packed")
    assert unplaced(packed_tables) == unplaced(tables)
    assert packed_tables["bad"][0]["source"] == f"{tmp_path / 'packed' / 'households.csv.gz'}:9"
    (bad,) = tables["bad"]
    members = (tmp_path / "tables" / "members.csv").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(members, 1) if "wings" in line)
    assert bad["source"] == f"{tmp_path / 'tables' / 'households.csv'}:9"
    assert bad["diagnostics"][0]["file"] == f"{tmp_path / 'tables' / 'members.csv'}:{row}"
    for report in ("text", "markdown"):  # the reports for people name that row too, as `policy batch` does
        said = run(OLD, NEW, "--households", str(tmp_path / "tables"), "--date", day.isoformat(), "--lang", "en",
                   "--format", report).stdout
        assert f"{tmp_path / 'tables' / 'members.csv'}:{row}" in said
        assert f"{tmp_path / 'tables' / 'households.csv'}:9 " not in said


def test_tables_and_parquet_decide_each_household_on_its_own_date_as_json_lines_do(run, tmp_path):
    from engine.batch.csv_tables import write_households_csv
    from engine.batch.parquet_layout import write_households_parquet

    items = list(households(120, 19, datetime.date(2024, 8, 1)))
    for i, h in enumerate(items):
        h["date"] = ("2024-08-01", "2025-06-01", "2036-07-01")[i % 3]
    policy = load_policy(ROOT / NEW)[0]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_households_csv(items, tmp_path / "tables", policy)

    def impact(source: Path) -> dict[str, Any]:
        found = json.loads(run(OLD, NEW, "--households", str(source), "--format", "json").stdout)["impact"]
        return json.loads(re.sub(r'"(source|file)": "[^"]*"', r'"\1": "_"', json.dumps(found)))

    want = impact(tmp_path / "in.jsonl")
    assert [d["date"] for d in want["dates"]] == ["2024-08-01", "2025-06-01", "2036-07-01"]
    assert impact(tmp_path / "tables") == impact(tmp_path / "in.parquet") == want


def test_tables_whose_date_column_is_empty_are_warned_of_as_batch_warns_of_them(run, tmp_path):
    import csv

    from engine.batch.csv_tables import write_households_csv

    items = list(households(20, 19, datetime.date(2024, 8, 1)))
    write_households_csv(items, tmp_path / "t", load_policy(ROOT / NEW)[0])
    table = tmp_path / "t" / "households.csv"
    rows = list(csv.reader(table.open(encoding="utf-8", newline="")))
    for row in rows[1:]:
        row[rows[0].index("date")] = ""
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    today = datetime.date.today().isoformat()
    result = run(OLD, NEW, "--households", str(tmp_path / "t"), "--lang", "en")
    assert f"warning: {table}: column `date` is empty in every row: every household is decided on {today}" \
        in result.stderr
    assert f"each on its own date (today, {today}, for 20 without one)" in result.stdout
    assert "`date`" not in run(OLD, NEW, "--households", str(tmp_path / "t"), "--date", "2026-03-01").stderr


@pytest.mark.parametrize("name", ["decisions.parquet", "decisions.jsonl.gz"])
def test_a_file_of_decisions_is_a_usage_error_for_households(run, tmp_path, name):
    decisions = tmp_path / name
    assert CliRunner().invoke(cli, ["batch", "examples/households", "-o", str(decisions)]).exit_code == 0
    result = run(OLD, NEW, "--households", str(decisions), "--lang", "en")
    assert result.exit_code == 2
    assert "this is a file of decisions" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_format_html_is_refused_with_the_option_that_writes_the_html_report(run, lang):
    result = run(OLD, NEW, "--format", "html", "--lang", lang)
    option = {"en": "--html FILE", "zh": "--html 文件"}[lang]  # as the help shows it in Chinese
    assert result.exit_code == 2 and option in result.stderr and "Policy diff" not in result.stdout
    assert option not in run(OLD, NEW, "--format", "xml", "--lang", lang).stderr  # a slip of no other option


@pytest.mark.parametrize("name", ["households.jsonl", "households.json"])
def test_a_bad_record_is_placed_at_its_line_and_column_as_batch_places_it(run, tmp_path, name):
    items = list(households(3, 3, datetime.date(2026, 1, 1)))
    items[1]["assets"]["deposits"] = "lots"
    given = tmp_path / name
    given.write_text("".join(json.dumps(h) + "\n" for h in items) if name.endswith("l") else json.dumps(items),
                     encoding="utf-8")
    CliRunner().invoke(cli, ["batch", str(given), "-o", str(tmp_path / "out.jsonl"), "--policy", OLD])
    (found,) = json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text())["diagnostics"]
    place = f"{given}:{found['line']}:{found['column']}"
    result = run(OLD, NEW, "--households", str(given), "--lang", "en")
    assert f"\n  {place} [both]: assets.deposits: error[H002]: \"lots\" is not a number" in result.stdout
    (bad,) = json.loads(run(OLD, NEW, "--households", str(given), "--format", "json").stdout)["impact"]["bad"]
    assert (bad["diagnostics"][0]["line"], bad["diagnostics"][0]["column"]) == (found["line"], found["column"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_lone_surrogate_or_a_key_twice_in_one_item_of_a_json_list_is_that_items_bad_record_alone(run, tmp_path,
                                                                                                      lang):
    """One item of a `.json` list holding a lone surrogate or a key given twice refused the whole file, one bad record
    said `(line 24, column 3)` in its words and no household evaluated, where `policy eval` and `policy batch` decide
    the others: it is now that item's bad record alone, at its line and column as batch places it, and the list's
    other households are evaluated."""
    items = list(households(4, 3, datetime.date(2026, 1, 1)))
    text = json.dumps(items, indent=2)
    text = text.replace(json.dumps(items[1]["id"]), '"DS\\udc80"', 1)
    text = text.replace(f'"id": {json.dumps(items[3]["id"])},', f'"id": {json.dumps(items[3]["id"])}, "id": "B",', 1)
    given = tmp_path / "households.json"
    given.write_text(text, encoding="utf-8")
    CliRunner().invoke(cli, ["batch", str(given), "-o", str(tmp_path / "out.jsonl"), "--policy", OLD, "--lang", lang])
    batch = [json.loads(line)["diagnostics"][0] for line in
             (tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    result = run(OLD, NEW, "--households", str(given), "--lang", lang)
    assert result.exit_code == 1, result.output  # (the versions differ)
    error = "error" if lang == "en" else "错误"
    for found, said in zip(batch, (("a lone surrogate", "孤立的代理项"), ("duplicate key `id`", "重复的键 `id`")),
                           strict=True):
        assert f"\n  {given}:{found['line']}:{found['column']}: {error}[H001]: " in result.stdout, result.stdout
        assert said[lang == "zh"] in result.stdout
    assert "(line " not in result.stdout and "（第 " not in result.stdout  # placed as `file:line:column:`
    report = json.loads(run(OLD, NEW, "--households", str(given), "--format", "json").stdout)["impact"]
    assert [bad["source"] for bad in report["bad"]] == [f"{given}[1]", f"{given}[3]"]
    assert report["evaluated"] == 2


def test_a_bad_cell_of_csv_tables_is_placed_at_its_row_and_column_as_eval_places_it(run, tmp_path):
    """The report said it by its JSON path, `households.csv:3 [both]: assets.deposits: error[H002]: …`, where `policy
    eval` gives the row and the column (and the member's id)."""
    tables = tmp_path / "tables"
    write_households_csv(list(households(3, 3, datetime.date(2026, 1, 1))), tables, load_policy(ROOT / NEW)[0])
    for name, column, text in (("households.csv", "assets.deposits", "85x60"), ("members.csv", "birth_date", "xx")):
        head, first, *rest = (tables / name).read_text(encoding="utf-8").split("\n")
        cells = first.split(",")
        cells[head.split(",").index(column)] = text
        (tables / name).write_text("\n".join([head, ",".join(cells), *rest]), encoding="utf-8")
    member = next(line for line in (tables / "members.csv").read_text().splitlines() if "xx" in line).split(",")[1]
    households_csv, members_csv = tables / "households.csv", tables / "members.csv"
    for lang, deposits, born in (
            ("en", f'{households_csv}:2, column `assets.deposits` [both]: error[H002]: "85x60" is not a number',
             f'{members_csv}:2 ({member}), column `birth_date` [both]: error[H002]: "xx" is not a date'),
            ("zh", f'{households_csv}:2 的 `assets.deposits` 列 [两版]: 错误[H002]: "85x60" 不是数字',
             f'{members_csv}:2 ({member}) 的 `birth_date` 列 [两版]: 错误[H002]: "xx" 不是日期')):
        said = run(OLD, NEW, "--households", str(tables), "--date", "2026-01-01", "--lang", lang)
        assert said.exit_code == 1  # (the versions differ)
        assert f"\n  {deposits}" in said.stdout and f"\n  {born}" in said.stdout, said.stdout
        evaluated = CliRunner().invoke(cli, ["eval", str(tables), "--date", "2026-01-01", "--lang", lang])
        assert deposits.replace(" [both]", "").replace(" [两版]", "") in evaluated.stderr, evaluated.stderr
    markdown = run(OLD, NEW, "--households", str(tables), "--date", "2026-01-01", "--format", "markdown",
                   "--lang", "en").stdout
    assert f'\n- `` {households_csv}:2, column `assets.deposits` `` \\[both\\]: error\\[H002\\]: "85x60" is not a ' \
        "number" in markdown, markdown
    (bad,) = json.loads(run(OLD, NEW, "--households", str(tables), "--date", "2026-01-01", "--format",
                            "json").stdout)["impact"]["bad"]
    assert [(d["file"], d["path"], d.get("header")) for d in bad["diagnostics"]] == \
        [(f"{households_csv}:2", "assets.deposits", "assets.deposits"),
         (f"{members_csv}:2", "members[0].birth_date", "birth_date")]


@pytest.mark.parametrize("kind", ["decisions", "empty", "empty list"])
def test_a_plain_file_batch_refuses_is_refused_as_batch_refuses_it(run, tmp_path, kind):
    given = tmp_path / ("households.json" if kind == "empty list" else "households.jsonl")
    if kind == "decisions":  # JSON Lines of decisions, as `policy batch` writes them
        assert CliRunner().invoke(cli, ["batch", "examples/households", "-o", str(given)]).exit_code == 0
    else:
        given.write_text("[]\n" if kind == "empty list" else "")
    batch = CliRunner().invoke(cli, ["batch", str(given), "-o", str(tmp_path / "out.jsonl"), "--lang", "en"])
    said = batch.stderr.strip().splitlines()[-1].removeprefix("error: ")
    assert batch.exit_code == 2 and said.startswith(f"{given}: ")
    result = run(OLD, NEW, "--households", str(given), "--lang", "en")
    assert result.exit_code == 2 and said in result.stderr and "Impact" not in result.stdout


def test_a_policy_given_as_households_is_refused_with_the_place_of_the_policies(run):
    result = run(OLD, NEW, "--households", NEW, "--lang", "en")
    assert result.exit_code == 2 and "Impact" not in result.stdout
    assert f"{NEW}:8:1: error[H001]: this is a policy, not a household" in result.stderr
    assert "--policy" not in result.stderr  # diff takes no --policy: its policies are OLD and NEW
    assert "the policies to compare are the OLD and NEW arguments" in result.stderr
    zh = run(OLD, NEW, "--households", NEW, "--lang", "zh")
    assert "要比较的政策是参数旧政策和新政策：`policy diff 旧政策 新政策 --households 路径`" in zh.stderr
    assert "--policy" not in zh.stderr


def test_a_file_of_decisions_in_a_households_folder_is_refused_as_batch_refuses_it(run, tmp_path):
    (tmp_path / "in").mkdir()
    _households_file(tmp_path / "in" / "households.jsonl")
    decisions = tmp_path / "in" / "decisions.jsonl"  # put into the folder read (batch refuses to write it there)
    assert CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "d.jsonl")]).exit_code == 0
    (tmp_path / "d.jsonl").rename(decisions)
    said = f"{decisions}: this is a file of decisions (what `policy batch` writes), not households; move it out of " \
           f"{tmp_path / 'in'}, whose every file is read as households"
    result = run(OLD, NEW, "--households", str(tmp_path / "in"), "--lang", "en")
    assert result.exit_code == 2 and said in result.stderr and "Impact" not in result.stdout
    batch = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl"), "--lang", "en"])
    assert batch.exit_code == 2 and said in batch.stderr
    zh = run(OLD, NEW, "--households", str(tmp_path / "in"), "--lang", "zh")
    assert f"{tmp_path / 'in'} 中的每个文件都作为家庭数据读取，请把它移出该文件夹" in zh.stderr


def test_a_warnings_file_the_next_run_would_read_among_the_households_is_refused_before_the_run(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _households_file(folder / "households.jsonl", 3)
    for name in ("warnings.jsonl", "warnings.json.gz", ".warnings.jsonl"):
        result = run(OLD, NEW, "--households", str(folder), "--warnings", str(folder / name), "--lang", "en")
        assert result.exit_code == 2 and "Impact" not in result.stdout and not result.stdout
        assert f"Invalid value for '--warnings': {folder / name} is in {folder}, the folder this command reads " \
            f"households from: the next run would read it as households. Write it beside the folder " \
            f"({tmp_path / name})" in result.stderr
    page = run(OLD, NEW, "--households", str(folder), "--html", str(folder / "report.json"), "--lang", "en")
    assert page.exit_code == 2 and f"Invalid value for '--html': {folder / 'report.json'} is in {folder}" in page.stderr
    zh = run(OLD, NEW, "--households", str(folder), "--warnings", str(folder / "w.jsonl"), "--lang", "zh")
    assert zh.exit_code == 2 and f"请把它写在这个文件夹旁边（{tmp_path / 'w.jsonl'}）" in zh.stderr
    assert [p.name for p in folder.iterdir()] == ["households.jsonl"]
    for kept in (folder / "warnings.csv", tmp_path / "warnings.jsonl"):  # a name not read, or beside the folder
        result = run(OLD, NEW, "--households", str(folder), "--warnings", str(kept), "--date", "2026-03-01")
        assert result.exit_code == 1 and kept.exists(), result.output


def _households_file(path: Path, n: int = 40) -> list[dict[str, Any]]:
    items = list(households(n, 5, datetime.date(2026, 3, 1)))
    path.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    return items


def test_a_household_read_twice_is_counted_for_each_record_and_every_report_says_how_many_ids_repeat(run, tmp_path):
    (tmp_path / "in").mkdir()
    _households_file(tmp_path / "in" / "hh.jsonl")
    (tmp_path / "in" / "hh (1).jsonl").write_bytes((tmp_path / "in" / "hh.jsonl").read_bytes())  # a re-download
    args = (OLD, NEW, "--households", str(tmp_path / "in"), "--date", "2026-03-01")
    once = json.loads(run(OLD, NEW, "--households", str(tmp_path / "in" / "hh.jsonl"), "--date", "2026-03-01",
                          "--format", "json").stdout)["impact"]
    assert once["repeated_ids"] == 0 and once["notes"] == []
    result = run(*args, "--format", "json", "--lang", "en")
    twice = json.loads(result.stdout)["impact"]
    assert twice["records"] == 80 and twice["repeated_ids"] == 40  # batch's choice: each record counts, said aloud
    assert [c["count"] for c in twice["matrix"]["household"]] == [2 * c["count"] for c in once["matrix"]["household"]]
    said = (f"40 household ids occur in more than one record (the first in {tmp_path / 'in' / 'hh (1).jsonl'}:1 and "
            f"{tmp_path / 'in' / 'hh.jsonl'}:1); each record is counted in the figures of the report: give every "
            "household its own id")
    assert twice["notes"] == [{"level": "warning", "message": said}]
    assert f"warning: {said}\n" in result.stderr
    for report in ("text", "markdown"):
        assert f"warning: {said}" in run(*args, "--format", report, "--lang", "en").stdout
    zh = run(*args, "--html", str(tmp_path / "report.html")).stdout
    said_zh = (f"有 40 个家庭编号出现在不止一条记录中（第一个见于 {tmp_path / 'in' / 'hh (1).jsonl'}:1 和 "
               f"{tmp_path / 'in' / 'hh.jsonl'}:1）；报告中的各项数字对每条记录都分别计入：请给每户一个自己的编号")
    assert f"关于输入（报告中的数字以此为前提）\n  警告：{said_zh}\n" in zh
    assert html_escape(f"警告：{said_zh}") in (tmp_path / "report.html").read_text(encoding="utf-8")
    lines = (tmp_path / "in" / "hh.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "one.jsonl").write_text("".join(lines[:5] + lines[2:3]), encoding="utf-8")  # a line repeated
    one = run(OLD, NEW, "--households", str(tmp_path / "one.jsonl"), "--format", "json", "--lang", "en")
    assert json.loads(one.stdout)["impact"]["notes"][0]["message"].startswith(
        f"1 household id occurs in more than one record (the first in {tmp_path / 'one.jsonl'}:3 and "
        f"{tmp_path / 'one.jsonl'}:6); ")
    pair = policy_diff(OLD, NEW)
    exact = ImpactRun(*pair, datetime.date(2026, 3, 1))
    for record in read_records(tmp_path / "in"):
        exact.add(record)
    assert (exact.impact.repeated_ids, exact.impact.repeated_at) == (40, [0, 40])


def test_input_notes_and_rows_of_no_household_reach_every_report(run, tmp_path):
    from engine.batch.csv_tables import write_households_csv

    items = list(households(30, 3, datetime.date(2026, 3, 1)))
    write_households_csv(items, tmp_path / "tables", load_policy(ROOT / NEW)[0])
    (tmp_path / "tables" / "lines.csv").unlink()
    members = (tmp_path / "tables" / "members.csv").read_text(encoding="utf-8").splitlines()
    members.append("NOBODY" + members[-1][members[-1].index(","):])  # a row of no household
    (tmp_path / "tables" / "members.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    args = (OLD, NEW, "--households", str(tmp_path / "tables"), "--date", "2026-03-01")
    found = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]
    assert found["records"] == found["evaluated"] == 30 and found["bad"] == []  # the row is no household
    assert [(s["source"], s["diagnostics"][0]["code"]) for s in found["stray"]] == \
        [(f"{tmp_path / 'tables' / 'members.csv'}:{len(members)}", "H004")]
    note = "no lines.csv beside households.csv: every household is decided with no income and no expense lines"
    assert found["notes"] == [{"level": "warning", "message": note}]
    text = run(*args, "--lang", "en").stdout
    assert "Impact on 30 households" in text and "bad records 0; rows of no household 1\n" in text
    assert f"About the input (the figures of the report rest on it)\n  warning: {note}\n" in text
    assert f"Rows of no household (1)\n  {tmp_path / 'tables' / 'members.csv'}:{len(members)}: error[H004]" in text
    markdown = run(*args, "--format", "markdown", "--lang", "en").stdout
    assert f"- warning: {note}" in markdown and "### Rows of no household (1)" in markdown
    zh = run(*args, "--html", str(tmp_path / "report.html")).stdout
    assert "对 30 户的影响" in zh and "无法评估的记录 0 条，另有 1 行不属于任何一户" in zh
    assert "警告：households.csv 旁边没有 lines.csv" in zh
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "警告：households.csv 旁边没有 lines.csv" in page and "不属于任何一户的行（1 行）" in page


def test_help_has_an_example(run):
    result = run("--help", "--lang", "en")
    assert result.exit_code == 0 and "Example" in result.output and "--households" in result.output


# -- golden reports ---------------------------------------------------------------------------

GOLDEN_CASES = [
    ("shipped.zh.txt", [OLD, NEW, "--lang", "zh"]),
    ("shipped.en.txt", [OLD, NEW, "--lang", "en"]),
    ("shipped.zh.md", [OLD, NEW, "--lang", "zh", "--format", "markdown"]),
    ("shipped.en.md", [OLD, NEW, "--lang", "en", "--format", "markdown"]),
    ("shipped.en.json", [OLD, NEW, "--lang", "en", "--format", "json"]),
    ("shipped-impact.en.txt", [OLD, NEW, "--lang", "en", "--households", "examples/households",
                               "--date", "2026-03-01"]),
    ("param-impact.zh.md", [BASE, "tests/fixtures/diff/param.yaml", "--lang", "zh", "--format", "markdown",
                            "--households", HOUSEHOLDS, "--date", "2025-06-01", "--show", "2"]),
    *[(f"{pair}.en.{suffix}", [BASE, f"tests/fixtures/diff/{pair}.yaml", "--lang", "en", "--format", fmt])
      for pair in ("param", "clause", "removed", "income", "measures")
      for fmt, suffix in (("text", "txt"), ("markdown", "md"), ("json", "json"))],
    ("measures.zh.txt", [BASE, "tests/fixtures/diff/measures.yaml", "--lang", "zh"]),
    ("removed-impact.en.json", [BASE, "tests/fixtures/diff/removed.yaml", "--lang", "en", "--format", "json",
                                "--households", HOUSEHOLDS, "--date", "2025-06-01"]),
]


@pytest.mark.parametrize(("name", "args"), GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_report_matches_golden(run, name, args):
    result = run(*args)
    assert result.exit_code == 1, result.output
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with UPDATE_GOLDEN=1 and review the new file"
    assert result.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.yaml") if p.name != "clause.yaml"))
def test_each_diff_fixture_checks_clean(fixture):
    """A fixture differs from base.yaml in what its diff is about and in nothing the checker warns of, so that a
    report shows that alone (clause.yaml's label keeps its 24 months on purpose: its diff notes it)."""
    result = CliRunner().invoke(cli, ["check", str(FIXTURES / fixture), "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.endswith("checked 1 file: 0 errors, 0 warnings\n"), result.output


# -- impact and its causes ----------------------------------------------------------------------


@functools.cache
def impact_of(old: str, new: str, source: str, day: str):
    """The impact of a diff on households (cached: tests only read it)."""
    result, da, db = policy_diff(old, new)
    run = ImpactRun(result, da, db, datetime.date.fromisoformat(day))
    for record in read_records(ROOT / source):
        run.add(record)
    return run.impact


@pytest.mark.parametrize(("pair", "household", "cause", "transition"), [
    ("param", "H-STANDARD", "parameters.dibao_standard", (("marginal",), ("dibao",))),
    ("clause", "H-DEPOSITS", "categories.dibao.when", (("marginal",), ("dibao",))),
    ("income", "H-PENSION", "income.pension", ((), ("dibao",))),
    ("removed", "H-HOUSING", "categories.housing", (("housing",), ())),
])
def test_the_one_change_that_moves_a_household_is_found(pair, household, cause, transition):
    impact = impact_of(BASE, f"tests/fixtures/diff/{pair}.yaml", HOUSEHOLDS, "2025-06-01")
    change = next(c for c in impact.changed if c.id == household)
    assert (change.old.categories, change.new.categories) == transition
    assert [(c.key, c.exact) for c in change.causes] == [(cause, True)]
    assert change.combination == ()
    assert "H-UNCHANGED" not in {c.id for c in impact.changed}


def test_reordering_an_exclusive_group_is_a_change_with_its_own_cause():
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    dibao, marginal, housing = (text.index(f"  - id: {c}\n") for c in ("dibao", "marginal", "housing"))
    swapped = text[:dibao] + text[marginal:housing] + text[dibao:marginal] + text[housing:]
    (a, da), (b, db) = load(BASE), load("swapped.yaml", swapped.encode("utf-8"))
    result = diff(a, b, da, db)
    assert [(i.id, i.details[0].old, i.details[0].new) for i in result.items] == [
        ("group tier", ["dibao", "marginal"], ["marginal", "dibao"])]
    run = ImpactRun(result, da, db, datetime.date(2025, 6, 1))
    run.add(Record("zero", {"id": "ZERO", "members": [{"id": "p1", "birth_date": "1985-03-01"}]}))
    change = run.impact.changed[0]
    assert (change.old.label, change.new.label) == ("dibao", "marginal")
    assert [c.key for c in change.causes] == ["categories.group tier.order"]


def test_a_reordered_group_is_said_by_the_labels_of_its_categories_and_the_move_that_made_it(run, tmp_path):
    """`group tier 的顺序` and a list of ids read as code in a Chinese report: the move is said in its words."""
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    dibao, marginal, housing = (text.index(f"  - id: {c}\n") for c in ("dibao", "marginal", "housing"))
    (tmp_path / "swapped.yaml").write_text(text[:dibao] + text[marginal:housing] + text[dibao:marginal]
                                           + text[housing:], encoding="utf-8")
    (tmp_path / "hh.jsonl").write_text(json.dumps({"id": "ZERO", "members": [
        {"id": "p1", "birth_date": "1985-03-01"}]}) + "\n", encoding="utf-8")
    args = [BASE, str(tmp_path / "swapped.yaml"), "--households", str(tmp_path / "hh.jsonl"), "--date", "2025-06-01"]
    zh = run(*args, "--lang", "zh").output
    assert "      组内顺序：低保、低保边缘 → 低保边缘、低保\n" in zh
    assert "  互斥组 tier 内“低保边缘”移到“低保”之前\n" in zh and "categories.group" not in zh
    assert "原因：互斥组 tier 内“低保边缘”移到“低保”之前 — 单独即得新结果" in zh
    assert "dibao, marginal" not in zh
    en = run(*args, "--lang", "en").output
    assert "      order: dibao, dibao margin → dibao margin, dibao\n" in en
    assert "cause: in exclusive group tier, “dibao margin” moved before “dibao” — alone gives the new result" in en


def test_an_exclusive_group_is_headed_as_one_in_the_report_s_language(run, tmp_path):
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8")
    dibao, marginal, housing = (text.index(f"  - id: {c}\n") for c in ("dibao", "marginal", "housing"))
    (tmp_path / "swapped.yaml").write_text(text[:dibao] + text[marginal:housing] + text[dibao:marginal]
                                           + text[housing:], encoding="utf-8")
    args = [BASE, str(tmp_path / "swapped.yaml")]
    assert "\n  ~ 互斥组 tier  [" in run(*args, "--lang", "zh").output
    assert "\n  ~ exclusive group tier  [" in run(*args, "--lang", "en").output
    assert "group tier" not in run(*args, "--lang", "zh", "--format", "markdown").output.replace("互斥组 tier", "")
    assert [c["id"] for c in json.loads(run(*args, "--format", "json").stdout)["changes"]] == ["group tier"]


def test_a_removed_category_is_applied_with_the_rules_that_name_it():
    impact = impact_of(BASE, "tests/fixtures/diff/removed.yaml", HOUSEHOLDS, "2025-06-01")
    assert impact.needs == {"categories.housing": ("assistance.housing_repair",)}
    change = next(c for c in impact.changed if c.id == "H-HOUSING")
    assert change.causes[0].needs == ("assistance.housing_repair",)


def test_member_level_moves_are_counted_per_member():
    impact = impact_of(BASE, "tests/fixtures/diff/param.yaml", HOUSEHOLDS, "2025-06-01")
    assert impact.members[("none", "tekun")] == 1
    elder = next(c for c in impact.changed if c.id == "H-ELDER")
    assert dict(elder.new.members) == {"p1": ("tekun",)}


def test_bad_records_are_located_and_counted_and_do_not_stop_the_run():
    impact = impact_of(BASE, "tests/fixtures/diff/param.yaml", HOUSEHOLDS, "2025-06-01")
    assert impact.records == 8 and impact.evaluated == 6
    assert [(b.source.rsplit("/", 1)[-1], b.diagnostics[0].code) for b in impact.bad] == [
        ("households.jsonl:7", "H003"), ("households.jsonl:8", "H001")]


def test_shipped_pair_dibao_plus_monitoring_counts_under_a_combined_label():
    impact = impact_of(OLD, NEW, "examples/households", "2026-03-01")
    assert impact.households[("dibao+monitoring", "dibao")] >= 1
    change = next(c for c in impact.changed if c.id == "DS-0001")
    assert [c.key for c in change.causes] == ["categories.monitoring"] and change.causes[0].exact


def test_when_no_change_alone_gives_the_result_the_combination_is_named():
    impact = impact_of(OLD, NEW, "examples/households", "2026-03-01")
    change = next(c for c in impact.changed if c.id == "DS-0008")
    assert (change.old.label, change.new.label) == ("monitoring", "other_hardship")
    assert change.causes and not any(c.exact for c in change.causes)
    assert {"categories.other_hardship.when", "categories.monitoring"} <= set(change.combination)
    assert not any(k.startswith("parameters.") for k in change.combination)


ELDERLY_ALONE = """  - id: elderly_alone
    level: household
    label: {zh: 独居老人家庭, en: household of an elderly person living alone}
    when:
      - id: alone
        label: {zh: 家庭仅一人, en: one-person household}
        test: household_size == 1
      - id: elderly
        label: {zh: 年满70周岁, en: aged 70 or over}
        test: all(members, age >= 70)

abolished:
"""
ELDERLY_ALONE_AID = """        amount: medical_share_other_hardship * own_expenses.medical
      - id: elderly_alone
        label: {zh: 独居老人按30%救助, en: elderly living alone at 30%}
        when: elderly_alone
        amount: 30% * own_expenses.medical
"""


def test_a_measure_naming_a_new_category_is_not_a_cause_of_moving_into_it(tmp_path):
    """No category reads a measure: the measure is applied with the category it names, and only that moves."""
    text = Path(NEW).read_text(encoding="utf-8").replace("\nabolished:\n", "\n" + ELDERLY_ALONE, 1)
    assert "        amount: medical_share_other_hardship * own_expenses.medical\n" in text
    text = text.replace("        amount: medical_share_other_hardship * own_expenses.medical\n", ELDERLY_ALONE_AID, 1)
    (a, da), (b, db) = load(NEW), load("elderly.yaml", text.encode("utf-8"))
    run = ImpactRun(diff(a, b, da, db), da, db, datetime.date(2026, 3, 1))
    assert run.impact.needs == {"assistance.medical_assistance": ("categories.elderly_alone",)}
    run.add(Record("old", {"id": "OLD", "members": [{"id": "p1", "birth_date": "1940-03-01"}],
                           "income": [{"type": "pension", "member": "p1", "amount": 60000}]}))
    change = run.impact.changed[0]
    assert (change.old.label, change.new.label) == ("none", "elderly_alone")
    assert [(c.key, c.exact) for c in change.causes] == [("categories.elderly_alone", True)]


def test_causes_of_moves_are_changes_a_category_reads_and_no_change_of_a_combination_can_be_left_out(run, tmp_path):
    """Reversed, the shipped pair adds `monitoring` back, and the measure, its share and the definition naming it
    with it: none is read by a category, so none moves a household or is part of a combination."""
    day = datetime.date(2026, 1, 1)
    sample = tmp_path / "sample.jsonl"
    data = {h["id"]: h for h in households(2000, 1, day)}
    sample.write_text("".join(json.dumps(h) + "\n" for h in data.values()), encoding="utf-8")
    impact = json.loads(run(NEW, OLD, "--households", str(sample), "--format", "json").stdout)["impact"]
    applied = {c["key"]: c.get("with") for c in impact["changes_applied"]}
    assert applied["assistance.medical_assistance"] == ["parameters.medical_share_monitoring", "categories.monitoring"]
    causes = {x["change"] for c in impact["changed"] for x in c["causes"]}
    assert "categories.monitoring" in causes
    assert not {k for k in causes if k.startswith(("assistance.", "parameters.medical_share"))
                or k == "definitions.in_any_category"}
    combined = {tuple(c["combination"]): c for c in impact["changed"] if c["combination"]}
    assert len(combined) >= 2
    result, da, db = policy_diff(NEW, OLD)
    hybrids = Hybrids(result, da, db)
    for keys, change in combined.items():
        household = validate_household(data[change["id"]], result.old, "sample", today=day)
        after = classify(result.new, household, day)
        assert classify(hybrids.get(keys).policy, household, day) == after
        for key in keys:
            without = hybrids.get(k for k in keys if k != key)
            assert key in without.keys or classify(without.policy, household, day) != after, (keys, key)


AGE_65 = ("    test: age >= 60 or age < 16 or (age", "    test: age >= 65 or age < 16 or (age")
DIBAO_WITH_A_MEMBER_OF_63 = {  # dibao under both versions; p1, 63, is tekun only while the age is 60
    "id": "AGE", "date": "2026-01-01",
    "members": [{"id": "p1", "relation": "head", "birth_date": "1962-11-16", "labor_capacity": "weak",
                 "supporter": "unable"},
                {"id": "p2", "relation": "spouse", "birth_date": "1959-01-15", "labor_capacity": "none",
                 "serious_illness": True, "supporter": "able"}],
    "income": [{"type": "basic_pension", "member": "p1", "amount": 2260},
               {"type": "basic_pension", "member": "p2", "amount": 2390}, {"type": "agriculture", "amount": 5760}],
    "expenses": [{"type": "medical", "member": "p1", "amount": 7150},
                 {"type": "medical", "member": "p2", "amount": 33420}],
    "assets": {"deposits": 15280, "vehicles": 0, "extra_houses": 0, "registered_business": False}}


def test_a_household_whose_members_alone_move_reads_as_unchanged_in_every_form(run, tmp_path):
    """`最低生活保障对象；p1: 特困人员 → 无` reads as the household losing dibao: its own categories say they stay."""
    text = Path(NEW).read_text(encoding="utf-8")
    assert text.count(AGE_65[0]) == 1
    (tmp_path / "age.yaml").write_text(text.replace(*AGE_65), encoding="utf-8")
    (tmp_path / "hh.jsonl").write_text(json.dumps(DIBAO_WITH_A_MEMBER_OF_63) + "\n", encoding="utf-8")
    args = [NEW, str(tmp_path / "age.yaml"), "--households", str(tmp_path / "hh.jsonl")]
    page = tmp_path / "report.html"
    said = run(*args, "--lang", "zh", "--html", str(page)).output
    assert "AGE（" in said and "）: 最低生活保障对象（不变）；p1: 特困人员 → 无\n" in said
    assert "  1 户（1 人）  最低生活保障对象（不变）；成员 特困人员 → 无\n" in said
    markdown = run(*args, "--lang", "zh", "--format", "markdown").output
    assert f"| AGE | {tmp_path / 'hh.jsonl'}:1 | 最低生活保障对象（不变）；p1: 特困人员 → 无 |" in markdown
    assert "<td>最低生活保障对象（不变）；p1: 特困人员 → 无</td>" in page.read_text(encoding="utf-8")
    english = run(*args, "--lang", "en").output
    assert "): minimum living guarantee (dibao) household (unchanged); p1: person in extreme poverty (tekun) → none" \
        in english


def test_what_a_change_alone_gives_names_only_the_members_it_moves():
    """p1 is tekun under both versions and under the change alone: the change does not move p1."""
    tekun, none = ("tekun",), ()
    before = Outcome((), (("p1", tekun), ("p2", none)))
    after = Outcome(("rigid_expense",), (("p1", tekun), ("p2", none)))
    alone = Outcome(("dibao_marginal",), (("p1", tekun), ("p2", tekun)))
    change = HouseholdChange("H", "h.jsonl:1", before, after,
                             (Cause("parameters.dibao_standard", (), alone, False),), ("parameters.dibao_standard",))
    said = cause_text(change, Impact(datetime.date(2026, 1, 1)), Words("en"))
    assert said.startswith("parameters.dibao_standard — alone changes the result, to dibao_marginal [p2: none → tekun]")
    assert "p1" not in said


def test_assistance_totals_before_and_after():
    impact = impact_of(BASE, "tests/fixtures/diff/clause.yaml", HOUSEHOLDS, "2025-06-01")
    benefit = impact.measures["dibao_benefit"]
    # H-DEPOSITS becomes dibao with no income: the whole standard, 490 a month, paid per year
    assert (benefit.old_count, benefit.new_count, benefit.new_amount - benefit.old_amount) == (0, 1, Decimal(5880))


def part_year_pair(tmp_path: Path) -> tuple[Path, Path]:
    """The post-transition policy with a winter heating subsidy for tekun members paid until 2027-02-28, and two
    households: a man alone on dibao who turns 60 on 2027-06-15 (tekun from then: his dibao benefit of 344.00 a month
    ends), and a tekun man of 82 alone (663.00 a month, and the subsidy in the new version)."""
    text = winter_subsidy_text(Path(NEW).read_text(encoding="utf-8"), "tekun and today <= 2027-02-28")
    winter = tmp_path / "winter.yaml"
    winter.write_text(text.replace("  version: post-transition\n", "  version: winter-subsidy\n", 1), encoding="utf-8")
    turns_60 = household_of([member_of("p1", "head", "1967-06-15", labor_capacity="full")],
                         [{"type": "agriculture", "amount": 2000}])
    tekun = household_of([member_of("p1", "head", "1944-08-20", labor_capacity="none")],
                         [{"type": "agriculture", "member": "p1", "amount": 1200}])
    households = tmp_path / "households.jsonl"
    households.write_text("".join(json.dumps({**data, "id": name}) + "\n"
                                  for name, data in (("TURNS-60", turns_60), ("TEKUN", tekun))), encoding="utf-8")
    return winter, households


def test_a_monthly_grant_that_stops_within_the_year_counts_the_months_paid(run, tmp_path):
    """Twelve months of a grant that stops sooner overstated the year's cost: each month from the day decided (the
    15th) pays while the grant holds. His dibao benefit holds until 2027-06-14, the day before he turns 60: paid on
    2026-12-15 and the 15th of January to May, 6 × 344.00 = 2,064.00 (not 4,128.00); the subsidy holds until
    2027-02-28: 2026-12-15, 2027-01-15 and 2027-02-15, 3 × 200.00 = 600.00 (not 2,400.00); tekun support holds all
    year for the man of 82, 12 × 663.00 = 7,956.00, and starts on the other's 60th birthday: the 15th of June to
    November, 6 × 663.00 = 3,978.00."""
    winter, households = part_year_pair(tmp_path)
    args = [NEW, str(winter), "--households", str(households), "--date", "2026-12-15"]
    expected = {"dibao_benefit": ("2064.00", "2064.00", 1, 1), "heating_subsidy": ("0.00", "600.00", 0, 1),
                "tekun_support": ("11934.00", "11934.00", 1, 1)}
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]["assistance"]
    measures = {m["id"]: m for m in report["measures"]}
    for measure, figures in expected.items():
        m = measures[measure]
        assert (m["old_amount"], m["new_amount"]) == figures[:2], measure
        assert (m["old_part_year"], m["new_part_year"]) == figures[2:], measure
    assert (report["part_year"]["old"], report["part_year"]["new"]) == (2, 3)
    # the exact run (one household at a time) books the same
    result = diff(*load(NEW)[0:1], load(winter)[0])
    impact_run = ImpactRun(result, load(NEW)[1], load(winter)[1], datetime.date(2026, 12, 15))
    for record in read_records(households):
        impact_run.add(record)
    assert {m: (f"{t.old_amount:.2f}", f"{t.new_amount:.2f}", t.old_part_year, t.new_part_year)
            for m, t in impact_run.impact.measures.items() if m in expected} == expected
    en = run(*args, "--lang", "en").output
    assert "Assistance per year (monthly payments for the months paid in the year from the day decided)\n  monthly " \
        "grants that start or stop within the year from the day decided count only the months paid (a member's " \
        "birthday, a date in their conditions or the policy's end starts or stops them: the day policy eval " \
        "--explain gives as “until”, or the birthday it says brings them): 2 under the old version, 3 under the new; " \
        "of them, 1 under the old version and 1 under the new are not given on the day decided and are counted from " \
        "the first payment on or after the day they start\n" in en
    assert re.search(r"winter heating subsidy for tekun +pilot working group +0 → 1 +0\.00 → 600\.00\n", en)
    assert re.search(r"dibao benefit .* 2,064\.00 → 2,064\.00 \(0\.0%\)\n", en)
    zh = run(*args, "--lang", "zh").output
    assert "帮扶金额（按年计，按月发放的计评估日起一年内发放的月数）\n  评估日起一年内开始或停发的按月帮扶只计" \
        "发放的月数（成员生日、条件中的日期或政策到期使其开始或停发，即 policy eval --explain 所说“至”的那一天或" \
        "所说带来该帮扶的生日）：旧版本 2 项，新版本 3 项；其中评估日尚未发放、自开始之日起的首次发放计起的，" \
        "旧版本 1 项，新版本 1 项\n" in zh
    assert re.search(r"特困人员冬季取暖补贴 .* 0\.00 → 600\.00\n", zh)
    md = run(*args, "--lang", "zh", "--format", "markdown").output
    assert "### 帮扶金额（按年计，按月发放的计评估日起一年内发放的月数）\n\n评估日起一年内开始或停发的按月帮扶" in md
    page = tmp_path / "report.html"
    run(*args, "--lang", "en", "--html", str(page))
    assert "<h3>Assistance per year (monthly payments for the months paid in the year from the day decided)</h3>" \
        "<p>monthly grants that start or stop within the year from the day decided count only the months paid" in \
        html_unescape(page.read_text(encoding="utf-8")).replace("\n", "")


def test_a_monthly_grant_that_starts_within_the_year_counts_the_months_from_its_start(run, tmp_path):
    """A grant a day within the year starts was booked by no version: the year's cost left it out. Decided on
    2026-12-15, the man turning 60 on 2027-06-15 is tekun from then, and his tekun support of 663.00 a month is paid
    on the 15th of June to November — the payment on his birthday counts, as the one on the birthday that ends his
    dibao benefit does not: 6 × 663.00 = 3,978.00, besides the 12 × 663.00 = 7,956.00 of the tekun man of 82. A
    subsidy for tekun members paid from 2027-03-01 to 2027-09-30 is paid him on the 15th of March to September,
    7 × 200.00 = 1,400.00 (the man turning 60 is tekun only from June: the 15th of June to September, 4 × 200.00)."""
    _, households = part_year_pair(tmp_path)
    text = winter_subsidy_text(Path(NEW).read_text(encoding="utf-8"),
                               "tekun and today >= 2027-03-01 and today <= 2027-09-30")
    window = tmp_path / "window.yaml"
    window.write_text(text.replace("  version: post-transition\n", "  version: spring-subsidy\n", 1), encoding="utf-8")
    args = [NEW, str(window), "--households", str(households), "--date", "2026-12-15"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]["assistance"]
    measures = {m["id"]: m for m in report["measures"]}
    expected = {"tekun_support": ("11934.00", "11934.00", 1, 1, 1, 1, 2, 2),
                "heating_subsidy": ("0.00", "2200.00", 0, 2, 0, 2, 0, 2),
                "dibao_benefit": ("2064.00", "2064.00", 1, 1, 0, 0, 1, 1)}
    keys = ("old_amount", "new_amount", "old_part_year", "new_part_year", "old_starts", "new_starts", "old_count",
            "new_count")
    assert {m: tuple(measures[m][k] for k in keys) for m in expected} == expected
    assert (report["part_year"]["old"], report["part_year"]["new"]) == (2, 4)
    assert (report["part_year"]["old_starts"], report["part_year"]["new_starts"]) == (1, 3)
    departments = {d["id"]: d for d in report["departments"]}
    assert (departments["pilot_working_group"]["old_starts"], departments["pilot_working_group"]["new_starts"]) \
        == (1, 3)
    # the exact run (one household at a time) books the same
    result = diff(*load(NEW)[0:1], load(window)[0])
    impact_run = ImpactRun(result, load(NEW)[1], load(window)[1], datetime.date(2026, 12, 15))
    for record in read_records(households):
        impact_run.add(record)
    assert {m: (f"{t.old_amount:.2f}", f"{t.new_amount:.2f}", t.old_part_year, t.new_part_year, t.old_starts,
                t.new_starts, t.old_count, t.new_count)
            for m, t in impact_run.impact.measures.items() if m in expected} == expected
    said = report["part_year"]["message"]  # the text report's line, as the JSON gives it
    assert said.startswith("monthly grants that start or stop within the year from the day decided")
    assert said.endswith("): 2 under the old version, 4 under the new; of them, 1 under the old version and 3 under "
                         "the new are not given on the day decided and are counted from the first payment on or after "
                         "the day they start")
    assert f"\n  {said}\n" in run(*args, "--lang", "en").output
    zh = run(*args, "--lang", "zh").output
    assert "评估日起一年内开始或停发的按月帮扶只计发放的月数（" in zh
    assert "）：旧版本 2 项，新版本 4 项；其中评估日尚未发放、自开始之日起的首次发放计起的，旧版本 1 项，" \
        "新版本 3 项\n" in zh


TEKUN_OF_82 = [member_of("p1", "head", "1944-08-20", labor_capacity="none")]
# 69 and 59 on 2026-12-15: p2 turns 60 on 2027-01-20, p1 70 on 2027-03-10
TURN_60_THEN_70 = [member_of("p1", "head", "1957-03-10", labor_capacity="full"),
                   member_of("p2", "spouse", "1967-01-20", labor_capacity="full")]


@pytest.mark.parametrize(("when", "level", "members", "months"), [
    # the window closes after February and opens again in October: paid on the 15th of December to February, October
    # and November
    ("tekun and (today <= 2027-02-28 or today >= 2027-10-01)", "member", TEKUN_OF_82, 5),
    # a birthday ends it (p2 turns 60 on 2027-01-20), another gives it again (p1 turns 70 on 2027-03-10): paid on the
    # 15th of December and January, and of March to November
    ("count(members where age >= 60) == 1 or any(members where age >= 70)", "household", TURN_60_THEN_70, 11),
])
def test_a_monthly_grant_that_stops_and_starts_again_within_the_year_counts_every_month_paid(run, tmp_path, when,
                                                                                              level, members, months):
    """A grant given on the day decided that stops and is given again later in the year was booked only up to its
    first end (3 × 200.00 = 600.00 for the window, 2 × 200.00 = 400.00 for the birthdays): each month paid counts."""
    households = tmp_path / "households.jsonl"
    households.write_text(json.dumps({**household_of(members, [{"type": "agriculture", "amount": 1200}]),
                                      "id": "AGAIN"}) + "\n", encoding="utf-8")
    text = winter_subsidy_text(Path(NEW).read_text(encoding="utf-8"), when)
    text = text.replace("heating_subsidy\n    level: member\n", f"heating_subsidy\n    level: {level}\n", 1)
    again = tmp_path / "again.yaml"
    again.write_text(text.replace("  version: post-transition\n", "  version: again\n", 1), encoding="utf-8")
    args = [NEW, str(again), "--households", str(households), "--date", "2026-12-15"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]["assistance"]
    subsidy = next(m for m in report["measures"] if m["id"] == "heating_subsidy")
    total = f"{months * 200}.00"
    assert (subsidy["new_count"], subsidy["new_amount"], subsidy["new_part_year"], subsidy["new_starts"]) \
        == (1, total, 1, 0)
    # the exact run (one household at a time) books the same
    impact_run = ImpactRun(diff(load(NEW)[0], load(again)[0]), load(NEW)[1], load(again)[1],
                           datetime.date(2026, 12, 15))
    for record in read_records(households):
        impact_run.add(record)
    assert f"{impact_run.impact.measures['heating_subsidy'].new_amount:.2f}" == total
    for lang in ("en", "zh"):
        said = run(*args, "--lang", lang).output
        assert re.search(rf"(winter heating subsidy for tekun|特困人员冬季取暖补贴) .* 0\.00 → {months * 200:,}\.00\n",
                         said), lang


@pytest.mark.parametrize("subsidy", STEPPED_SUBSIDIES)
def test_a_monthly_grant_whose_amount_a_date_changes_counts_each_month_at_its_amount(run, tmp_path, subsidy):
    """A date that lowers a grant rather than ending it was passed over: the grant was booked for twelve months at its
    first amount (12 × 300.00 = 3,600.00). Decided on 2026-12-15, the tekun man of 82 is paid 300.00 on the 15th of
    December to February and 200.00 on the 15th of March to November: 3 × 300.00 + 9 × 200.00 = 2,700.00."""
    _, households = part_year_pair(tmp_path)
    stepped = tmp_path / "stepped.yaml"
    stepped.write_text(stepped_subsidy_text(Path(NEW).read_text(encoding="utf-8"), subsidy).replace(
        "  version: post-transition\n", "  version: stepped\n", 1), encoding="utf-8")
    args = [NEW, str(stepped), "--households", str(households), "--date", "2026-12-15"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]["assistance"]
    subsidy = next(m for m in report["measures"] if m["id"] == "heating_subsidy")
    # both men are tekun: the one turning 60 from 2027-06-15, at 200.00 on the 15th of June to November, 1,200.00 (a
    # grant that starts); the man of 82 is paid each month, at two amounts, as a grant a birthday changes is
    assert (subsidy["new_count"], subsidy["new_amount"], subsidy["new_part_year"]) == (2, "3900.00", 1)
    impact_run = ImpactRun(diff(load(NEW)[0], load(stepped)[0]), load(NEW)[1], load(stepped)[1],
                           datetime.date(2026, 12, 15))
    for record in read_records(households):
        impact_run.add(record)
    assert f"{impact_run.impact.measures['heating_subsidy'].new_amount:.2f}" == "3900.00"
    for lang in ("en", "zh"):
        said = run(*args, "--lang", lang).output
        assert re.search(r"(winter heating subsidy for tekun|特困人员冬季取暖补贴) .* 0\.00 → 3,900\.00\n", said), lang


@pytest.mark.parametrize(("when", "born", "total", "until"), [
    # under 60 until 2027-09-30: his 60th birthday, 2027-06-15, ends it first — the 15th of December to May, not to
    # September (2,000.00), and said to be paid until the day before
    ("age < 60 and today <= 2027-09-30", "1967-06-15", "1200.00", ("2027-06-14", "至 2027-06-14")),
    # 61 and over from 2027-03-01: his 61st birthday, 2027-06-15, an age no other rule compares with, starts it — the
    # 15th of June to November (it was not booked)
    ("age >= 61 and today >= 2027-03-01", "1966-06-15", "1200.00", None),
])
def test_a_monthly_grant_whose_conditions_read_the_day_and_an_age_counts_the_birthday(run, tmp_path, when, born,
                                                                                       total, until):
    """A rule that read the day (`today`) had no ages: a birthday that starts or ends its grant within the year was
    not looked at, and the year was booked as the dates alone say."""
    households = tmp_path / "households.jsonl"
    member = household_of([member_of("p1", "head", born, labor_capacity="full")], [{"type": "agriculture",
                                                                                    "amount": 2000}])
    households.write_text(json.dumps({**member, "id": "BIRTHDAY"}) + "\n", encoding="utf-8")
    text = winter_subsidy_text(Path(NEW).read_text(encoding="utf-8"), when)
    aged = tmp_path / "aged.yaml"
    aged.write_text(text.replace("  version: post-transition\n", "  version: aged\n", 1), encoding="utf-8")
    args = [NEW, str(aged), "--households", str(households), "--date", "2026-12-15"]
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]["assistance"]
    subsidy = next(m for m in report["measures"] if m["id"] == "heating_subsidy")
    assert (subsidy["new_count"], subsidy["new_amount"], subsidy["new_part_year"]) == (1, total, 1)
    impact_run = ImpactRun(diff(load(NEW)[0], load(aged)[0]), load(NEW)[1], load(aged)[1],
                           datetime.date(2026, 12, 15))
    for record in read_records(households):
        impact_run.add(record)
    assert f"{impact_run.impact.measures['heating_subsidy'].new_amount:.2f}" == total
    if until is None:
        return
    single = tmp_path / "household.json"
    single.write_text(json.dumps({**member, "id": "BIRTHDAY"}), encoding="utf-8")
    for lang, said in zip(("en", "zh"), (f"200.00 yuan/month, until {until[0]}", f"200.00 元/月，{until[1]}"),
                          strict=True):
        brief = CliRunner().invoke(cli, ["eval", str(single), "--policy", str(aged), "--date", "2026-12-15", "--brief",
                                         "--lang", lang], catch_exceptions=False).stdout
        assert said in brief, (lang, brief)


def test_a_grant_that_starts_after_the_years_last_payment_is_not_booked(run, tmp_path):
    """Decided on 2026-12-15, the year's last payment is on 2027-11-15: tekun support from a 60th birthday on
    2027-12-01 pays nothing within the year, so it is neither booked nor counted as a grant that came to 0.00."""
    late = household_of([member_of("p1", "head", "1967-12-01", labor_capacity="full")],
                        [{"type": "agriculture", "amount": 2000}])
    households = tmp_path / "late.jsonl"
    households.write_text(json.dumps({**late, "id": "LATE"}) + "\n", encoding="utf-8")
    report = json.loads(run(OLD, NEW, "--households", str(households), "--date", "2026-12-15", "--format", "json",
                            "--lang", "en").stdout)["impact"]["assistance"]
    tekun = next(m for m in report["measures"] if m["id"] == "tekun_support")
    assert (tekun["new_count"], tekun["new_zero"], tekun["new_amount"], tekun["new_starts"]) == (0, 0, "0.00", 0)


def test_a_what_if_version_counts_the_year_as_the_version_in_force_does(run, tmp_path):
    """Decided on 2026-12-15 the transition policy, ended on 2025-12-31, is a what-if: booked for twelve months whatever
    the birthdays, its column could not be set beside the other's. It counts the year the same way, as if in force:
    the man turning 60 on 2027-06-15 is paid its dibao benefit of 324.00 on the 15th of December to May, 6 × 324.00 =
    1,944.00 (not 3,888.00), and its tekun support of 637.00 from his birthday, the 15th of June to November, 6 ×
    637.00 = 3,822.00, besides the 12 × 637.00 = 7,644.00 of the tekun man of 82."""
    _, households = part_year_pair(tmp_path)
    report = json.loads(run(OLD, NEW, "--households", str(households), "--date", "2026-12-15", "--format", "json",
                            "--lang", "en").stdout)["impact"]["assistance"]
    measures = {m["id"]: m for m in report["measures"]}
    assert {m: (measures[m]["old_amount"], measures[m]["new_amount"], measures[m]["old_starts"],
                measures[m]["new_starts"]) for m in ("tekun_support", "dibao_benefit")} \
        == {"tekun_support": ("11466.00", "11934.00", 1, 1), "dibao_benefit": ("1944.00", "2064.00", 0, 0)}
    assert (report["part_year"]["old"], report["part_year"]["new"]) == (2, 2)
    # the exact run (one household at a time) books the same
    impact_run = ImpactRun(diff(load(OLD)[0], load(NEW)[0]), load(OLD)[1], load(NEW)[1], datetime.date(2026, 12, 15))
    for record in read_records(households):
        impact_run.add(record)
    assert {m: (f"{t.old_amount:.2f}", f"{t.new_amount:.2f}") for m, t in impact_run.impact.measures.items()
            if m in ("tekun_support", "dibao_benefit")} \
        == {"tekun_support": ("11466.00", "11934.00"), "dibao_benefit": ("1944.00", "2064.00")}


def test_the_part_year_grants_are_counted_once_for_the_text_and_the_json():
    """The line over the totals and `assistance.part_year` read the same sums: each version's, over every measure."""
    impact = Impact(datetime.date(2026, 12, 15))
    impact.measures["a"] = MeasureTotal("a", "civil_affairs", old_part_year=1, new_part_year=2)
    impact.measures["b"] = MeasureTotal("b", "health", new_part_year=3)
    assert impact.part_year == (1, 5)
    assert part_year(impact, Words("en")).endswith(": 1 under the old version, 5 under the new")


def test_a_monthly_grant_under_a_policy_that_ends_within_the_year_counts_the_months_to_its_end(run, tmp_path):
    """On 2025-06-01 the transition policy, in force until 2025-12-31, pays on the 1st of June to December: 7 months
    (its explanation says `至本政策到期日 2025-12-31`) — tekun support 7 × 637.00 = 4,459.00, the dibao benefit
    7 × 324.00 = 2,268.00. The post-transition policy, not yet in force that day, is a what-if, counted as if in
    force: no birthday nor date stops a grant within its year, twelve months of 663.00 and 344.00."""
    _, households = part_year_pair(tmp_path)
    report = json.loads(run(OLD, NEW, "--households", str(households), "--date", "2025-06-01", "--format", "json",
                            "--lang", "zh").stdout)["impact"]["assistance"]
    measures = {m["id"]: m for m in report["measures"]}
    assert {m: (measures[m]["old_amount"], measures[m]["new_amount"]) for m in ("tekun_support", "dibao_benefit")} \
        == {"tekun_support": ("4459.00", "7956.00"), "dibao_benefit": ("2268.00", "4128.00")}
    assert [(measures[m]["old_part_year"], measures[m]["new_part_year"]) for m in ("tekun_support", "dibao_benefit")] \
        == [(1, 0), (1, 0)]
    assert report["part_year"]["message"] == (
        "评估日起一年内停发的按月帮扶只计发放的月数（成员生日、条件中的日期或政策到期使其停发，即 policy eval "
        "--explain 所说“至”的那一天）：旧版本 2 项，新版本 0 项")


def test_grants_that_come_to_nothing_are_counted_apart():
    impact = impact_of(OLD, NEW, "examples/households", "2026-03-01")
    medical = impact.measures["medical_assistance"]
    # most members of assisted households paid no medical costs: their medical aid is 0.00
    assert (medical.new_count, medical.new_zero) == (60, 41)
    assert impact.measures["employment_services"].new_zero == 0  # a service has no amount, it is not 0.00


def test_households_are_named_by_labels_for_people_and_by_ids_in_json(run):
    args = [OLD, NEW, "--households", "examples/households", "--date", "2026-03-01", "--lang", "zh"]
    text = run(*args).output
    assert "DS-0007（examples/households/DS-0007-monitoring-only-vehicle.json）: 防止返贫监测对象 → 无" in text
    assert "取消类别“防止返贫监测对象” [大政发〔2024〕47号 二、1 统一标准体系] — 单独即得新结果" in text
    assert "医保部门" in text
    impact = json.loads(run(*args, "--format", "json").stdout)["impact"]
    medical = next(m for m in impact["assistance"]["measures"] if m["id"] == "medical_assistance")
    assert (medical["department"], medical["new_count"], medical["new_zero"]) == ("medical_insurance", 60, 41)


def test_matrices_and_their_legend_list_categories_in_the_policys_order(run):
    """Alphabetical columns beside rows in another order made the diagonal hard to find."""
    text = run(OLD, NEW, *SHIPPED_IMPACT[2:], "--lang", "en").output
    header = text.split("Household categories: old (rows) → new (columns)\n", 1)[1].splitlines()[0].split()
    assert header == ["dibao", "dibao_marginal", "rigid_expense", "other_hardship", "none", "total"]
    block = text.split("Household categories: old (rows) → new (columns)\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.split()[0] for line in block.splitlines()[1:] if line.startswith("  ") and not line.startswith("  “")]
    policy = [c.id for c in load(OLD)[0].categories]  # the old version lists `monitoring` in its place
    order = {c: i for i, c in enumerate(policy)}
    assert rows[-2:] == ["none", "total"]
    assert rows[:-2] == sorted(rows[:-2], key=lambda r: [order[c] for c in r.split("+")]), rows
    legend = text.split("Category names\n", 1)[1].split("\n\n", 1)[0].splitlines()
    ids = [line.split(":")[0].strip() for line in legend]
    assert ids == [c for c in policy if c in ids] + ["none"]


def test_a_category_renamed_under_its_label_is_told_apart_by_its_id(run, tmp_path):
    """A category whose id is renamed keeps its Chinese label: without the ids, the report says 21 households
    moved from 最低生活保障对象 to 最低生活保障对象."""
    post = Path(NEW).read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.yaml"
    text = re.sub(r"(?<![\w])dibao(?![\w])", "dibao_family", post)  # its English label with it
    assert "  - id: dibao_family\n" in text
    renamed.write_text(text, encoding="utf-8")
    said = run(NEW, str(renamed), "--households", "examples/households", "--date", "2026-03-01", "--lang", "zh").output
    assert "最低生活保障对象（dibao） → 最低生活保障对象（dibao_family）" in said
    assert "最低生活保障对象 → 最低生活保障对象" not in said
    assert "特困人员（tekun）" not in said  # a label no other category has is said alone
    english = run(NEW, str(renamed), "--households", "examples/households", "--date", "2026-03-01", "--lang", "en")
    assert "minimum living guarantee (dibao) household → minimum living guarantee (dibao_family) household" \
        in english.output  # labels that differ need no id


def test_a_category_the_new_version_relabels_is_named_by_the_old_label_where_it_is_held_under_the_old(run, tmp_path):
    """`低保边缘家庭 → 无` named the old category by the new version's label, which the old policy never used."""
    text = Path(NEW).read_text(encoding="utf-8")
    old_label = "label: {zh: 低保边缘家庭成员, en: household on the margin of dibao}"
    assert text.count(old_label) == 1
    text = text.replace(old_label, "label: {zh: 低保边缘家庭, en: dibao-marginal household}")
    raised = tmp_path / "relabelled.yaml"
    raised.write_text(text.replace("value: 510 yuan/month", "value: 540 yuan/month", 1), encoding="utf-8")
    said = run(NEW, str(raised), *SHIPPED_IMPACT[2:], "--lang", "zh", "--show", "0").output
    moves = re.findall(r"^  \S+（\S+）: (.*)$", said, re.MULTILINE)
    assert "低保边缘家庭成员 → 最低生活保障对象" in moves, moves
    assert not any(m.startswith("低保边缘家庭 ") for m in moves), moves
    assert "  dibao_marginal: 低保边缘家庭（旧版本称“低保边缘家庭成员”）\n" in said
    english = run(NEW, str(raised), *SHIPPED_IMPACT[2:], "--lang", "en").output
    assert "  dibao_marginal: dibao-marginal household (“household on the margin of dibao” in the old version)\n" \
        in english


def test_a_policy_saved_again_with_other_line_endings_is_the_same_policy(run, tmp_path):
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(b"\xef\xbb\xbf" + Path(NEW).read_bytes().replace(b"\n", b"\r\n"))
    result = run(NEW, str(crlf), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (f"warning: {NEW} and {crlf} differ only in their line endings or byte-order mark, as another editor saves "
            "a file: the same policy, compared with itself") in result.output
    assert "content differs" not in result.output


def test_the_old_policy_with_every_change_swapped_in_classifies_like_the_new():
    result, da, db = policy_diff(OLD, NEW)
    hybrid = Hybrids(result, da, db).get(c.key for c in components(result)).policy
    assert hybrid is not None
    day = datetime.date(2026, 3, 1)
    for data in households(120, 5, day):
        household = validate_household(data, result.new, "sample", today=day)
        assert classify(hybrid, household, day) == classify(result.new, household, day)


def test_a_household_date_is_overridden_by_the_diff_date(tmp_path):
    result, da, db = policy_diff(BASE, "tests/fixtures/diff/param.yaml")
    run = ImpactRun(result, da, db, datetime.date(2025, 6, 1))
    run.add(Record("x", {"id": "X", "date": "1990-01-01", "members": [{"id": "p1", "birth_date": "1950-01-01"}]}))
    assert run.impact.evaluated == 1 and run.impact.members[("tekun", "tekun")] == 1


def _causes_rows(markdown: str) -> list[list[str]]:
    """The rows of the markdown report's causes summary: households, transition, causes."""
    section = markdown.split("### Causes\n", 1)[1].split("\n### ", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in section.splitlines()[3:]
            if line.startswith("|")]  # the table, not the note on values to confirm under it


def test_the_causes_summary_has_one_row_per_move_and_the_causes_that_make_it(run, tmp_path):
    day = datetime.date(2026, 1, 1)  # what `policy sample --n 2000` writes
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(json.dumps(h) + "\n" for h in households(2000, 1, day)), encoding="utf-8")
    args = [OLD, NEW, "--households", str(sample), "--lang", "en"]
    impact = json.loads(run(*args, "--format", "json").stdout)["impact"]

    def moves(before: dict[str, Any], after: dict[str, Any]) -> tuple[tuple[Any, ...], ...]:
        """The members a result moves, without their ids."""
        return tuple(sorted((tuple(c), tuple(after["members"][m])) for m, c in before["members"].items()
                            if c != after["members"][m]))

    causes_of: dict[tuple[Any, ...], collections.Counter[tuple[Any, ...]]] = {}
    for c in impact["changed"]:
        move = (tuple(c["old"]["categories"]), tuple(c["new"]["categories"]), moves(c["old"], c["new"]))
        causes = (tuple((x["change"], x["exact"], tuple(x["result"]["categories"]), moves(c["old"], x["result"]))
                        for x in c["causes"]), tuple(c["combination"]))
        causes_of.setdefault(move, collections.Counter())[causes] += 1
    split = [m for m, causes in causes_of.items() if len(causes) > 1]
    assert len(split) >= 1  # households that make one move for different reasons
    rows = _causes_rows(run(*args, "--format", "markdown").output)
    assert len(rows) == len(causes_of)  # one row for each move, whatever moved its households
    assert len({r[1] for r in rows}) == len(rows)
    assert sum(int(re.match(r"[\d,]+", r[0]).group().replace(",", "")) for r in rows) == len(impact["changed"])
    assert not any(re.search(r"\bp\d+:", r[2]) for r in rows)
    margin = next(r for r in rows if r[1] == "household monitored against returning to poverty → household on the "
                  "margin of dibao")
    parts = margin[2].split("<br>")
    assert [p.split(" of them: ")[0] for p in parts] == ["2", "1"] and margin[0] == "3 households"
    assert "clauses of “other person in hardship” (1 removed, 1 added)" in parts[1]
    assert "other person in hardship" not in parts[0]
    text = run(*args).output
    assert re.findall(r"^ +([\d,]+) households?  household monitored against returning to poverty → household on the "
                      r"margin of dibao$", text, re.MULTILINE) == ["3"]
    assert "      cause (2 of them): parameter" in text and "      cause (1 of them): parameter" in text
    zh = run(OLD, NEW, "--households", str(sample), "--lang", "zh").output
    assert re.findall(r"^ +([\d,]+) 户  防止返贫监测对象 → 低保边缘家庭成员$", zh, re.MULTILINE) == ["3"]
    assert "      原因（其中 2 户）：参数" in zh and "      原因（其中 1 户）：参数" in zh
    monitoring = [r for r in rows if r[1] == "household monitored against returning to poverty → other person in "
                  "hardship" and r[2].startswith("clauses of “other person in hardship” (1 removed, 1 added) ")]
    assert len(monitoring) == 1
    # a cause counts a category's changed clauses by what became of them (its renamed clause is not one of them),
    # which the changes applied one at a time list by their labels
    assert "together: clauses of “other person in hardship” (1 removed, 1 added) + abolition of" in monitoring[0][2]
    page = tmp_path / "report.html"
    run(*args, "--html", str(page))
    assert "<br>1 of them: parameter" in page.read_text(encoding="utf-8")


# -- citations: the article behind each change and each cause -------------------------------------

SHIPPED_IMPACT = [OLD, NEW, "--households", "examples/households", "--date", "2026-03-01"]


def test_each_changed_entry_cites_its_article_where_its_place_is_shown(run):
    zh = run(OLD, NEW, "--lang", "zh").output
    assert ("~ monitoring_line — 其他困难人员收入标准（原防止返贫监测收入范围）  [policy/2024-transition.yaml:56 → "
            "policy/post-transition.yaml:56 · 大政发〔2024〕47号 附件1]") in zh
    assert "disaster_loss > 0）  （policy/post-transition.yaml:468）\n" in zh  # a new clause that cites nothing
    assert (f"并入{ABSORBED_ZH}  [policy/2024-transition.yaml:476 → policy/post-transition.yaml:472 · "
            "大政发〔2024〕47号 二、1 统一标准体系]") in zh  # the abolished category
    en = run(OLD, NEW, "--lang", "en").output
    assert "policy/post-transition.yaml:56 · Dashi Town Doc. [2024] No. 47 Annex 1]" in en
    assert "dsz-2024-47" not in zh + en  # read as the explanations read it, never as written


def test_markdown_and_html_cite_beside_the_place(run, tmp_path):
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    assert ("`policy/2024-transition.yaml:56 → policy/post-transition.yaml:56` · "
            "Dashi Town Doc. \\[2024\\] No. 47 Annex 1") in markdown
    report = tmp_path / "report.html"
    assert run(OLD, NEW, "--lang", "zh", "--html", str(report)).stderr == f"已写入 {report}\n"  # in its language
    page = report.read_text(encoding="utf-8")
    assert ('<div class="where">policy/2024-transition.yaml:56 → policy/post-transition.yaml:56 · '
            "大政发〔2024〕47号 附件1</div>") in page


def _clause_places(explanation: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Where an explanation cites each clause of each category: (category, clause) → file:line."""
    return {(c["id"], w["id"]): w["location"] for c in explanation["categories"]
            for holder in c.get("members") or [c] for w in holder.get("clauses", [])}


def test_a_clause_or_option_is_cited_at_its_rule_in_every_form_as_eval_cites_it(run, tmp_path):
    """An auditor who opens the file at the line the diff gives reads the rule, the line `policy eval` gives."""
    changes = json.loads(run(OLD, NEW, "--lang", "en", "--format", "json").stdout)["changes"]
    places = {(c["id"], d["item"], side): d[f"{side}_at"] for c in changes for d in c["details"]
              if d["aspect"] in ("clause", "option") and d["change"] in ("added", "removed")
              for side in ("old", "new") if d.get(f"{side}_at")}
    rules = {(c["id"], d["item"]): "test:" if d["aspect"] == "clause" else "when:"
             for c in changes for d in c["details"] if d["aspect"] in ("clause", "option")}
    assert len(places) == 7  # 5 clauses removed, 1 added, 1 option removed
    for (entry, item, _), at in places.items():
        path, line = at.rsplit(":", 1)
        text = (ROOT / path).read_text(encoding="utf-8").splitlines()[int(line) - 1].strip()
        assert text.startswith(rules[entry, item]), (at, text)
    household = "examples/households/DS-0007-monitoring-only-vehicle.json"
    for policy, side in ((OLD, "old"), (NEW, "new")):
        explained = CliRunner().invoke(cli, ["eval", household, "--explain", "--format", "json", "--policy", policy,
                                             "--lang", "en"], catch_exceptions=False)
        cited = _clause_places(json.loads(explained.stdout)["explanation"])
        compared = [(entry, item) for entry, item, at_side in places if at_side == side and (entry, item) in cited]
        assert len(compared) == (5 if side == "old" else 1)
        for entry, item in compared:
            assert places[entry, item, side] == cited[entry, item]
    assert places["monitoring", "income", "old"] == f"{OLD}:484"  # its `- id:` line is 482
    assert places["other_hardship", "disaster", "old"] == f"{OLD}:469"
    assert places["medical_assistance", "monitoring", "old"] == f"{OLD}:552"  # the option's `when:`
    assert f"⚠), as written: per_capita_income < monitoring_line  ({OLD}:484 · " in run(OLD, NEW, "--lang", "en").output
    assert f"`{OLD}:484`" in run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    report = tmp_path / "report.html"
    run(OLD, NEW, "--lang", "en", "--html", str(report))
    page = report.read_text(encoding="utf-8")
    assert f"{OLD}:484 · " in page and f"{OLD}:482" not in page


def test_json_gives_each_citation_as_written_and_as_read(run):
    changes = json.loads(run(OLD, NEW, "--lang", "en", "--format", "json").stdout)["changes"]
    line = next(c for c in changes if c["id"] == "monitoring_line")
    assert (line["source"], line["cited"]) == ("dsz-2024-47 附件1", "Dashi Town Doc. [2024] No. 47 Annex 1")
    hardship = next(c for c in changes if c["id"] == "other_hardship")
    clause = next(d for d in hardship["details"] if d.get("item") == "disaster")
    assert (clause["source"], clause["cited"]) == ("dsz-2024-47 附件1", "Dashi Town Doc. [2024] No. 47 Annex 1")
    added = next(d for d in hardship["details"] if d.get("item") == "hardship")
    assert "source" not in added and "cited" not in added  # a ground of the file's own cites no article
    assert "old_source" not in line  # only where the citation itself changed


def _recited(tmp_path: Path) -> tuple[str, str]:
    """base.yaml and a copy whose dibao standard and dibao income clause cite other articles (the clause is also
    renamed), both naming their document `测试文件` / `Test Doc.`."""
    named = "    - {id: doc, title: 测试文件, cited_as: {zh: 测试文件, en: Test Doc.}}"
    text = (FIXTURES / "base.yaml").read_text(encoding="utf-8").replace("    - {id: doc, title: 测试文件}", named)
    changed = (text.replace("    source: doc 附件1", "    source: doc 附件2")
               .replace("en: income below the standard}\n        test: per_capita_income < dibao_standard\n"
                        "        source: doc 二、1",
                        "en: income under the standard}\n        test: per_capita_income < dibao_standard\n"
                        "        source: doc 二、2"))
    assert changed.count("附件2") == 1 and changed.count("二、2") == 1
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(changed, encoding="utf-8")
    return str(old), str(new)


def test_a_changed_citation_shows_old_and_new_once_per_entry(run, tmp_path):
    old, new = _recited(tmp_path)
    text = run(old, new, "--lang", "en").output
    assert (f"~ dibao_standard — dibao standard  [wording]  [{old}:10 → {new}:10 · Test Doc. 附件1 → Test Doc. 附件2]"
            in text)
    clause = [line for line in text.splitlines() if "clause" in line]
    assert clause == [f"      clause label income (English): income below the standard → income under the standard  "
                      f"[wording]  ({old}:55 → {new}:55 · Test Doc. 二、1 → Test Doc. 二、2)",
                      f"      clause source income (“income under the standard”): doc 二、1 → doc 二、2  [wording]  "
                      f"({old}:57 → {new}:57)"]
    changes = json.loads(run(old, new, "--lang", "zh", "--format", "json").stdout)["changes"]
    standard = next(c for c in changes if c["id"] == "dibao_standard")
    assert {k: standard[k] for k in ("source", "cited", "old_source", "old_cited")} == {
        "source": "doc 附件2", "cited": "测试文件 附件2", "old_source": "doc 附件1", "old_cited": "测试文件 附件1"}


def test_a_clause_s_label_or_confirm_changed_is_placed_at_its_key_s_line_as_other_changes_are(run, tmp_path):
    """A renamed clause's label was placed at its `- id:` line (2024-transition.yaml:471), the line of its id, not of
    the label an editor looks for; the `label:` lines are 472 and 463, and a `confirm:` changed is at its own line."""
    changes = json.loads(run(OLD, NEW, "--format", "json").stdout)["changes"]
    hardship = next(c for c in changes if c["id"] == "other_hardship")
    places = [(d["aspect"], d["item"], d["old_at"], d["new_at"]) for d in hardship["details"]
              if d["aspect"] in ("clause id", "clause label")]
    assert places == [("clause id", "income", f"{OLD}:471", f"{NEW}:462"),
                      ("clause label", "income.zh", f"{OLD}:472", f"{NEW}:463"),
                      ("clause label", "income.en", f"{OLD}:472", f"{NEW}:463")]
    text = run(OLD, NEW, "--lang", "en").output
    assert f"[wording]  ({OLD}:472 → {NEW}:463)\n      clause label income (English): " in text
    # `confirm:` of `hardship` at line 469 of the new file (its `- id:` at 466), and a label written over two lines
    source = (ROOT / NEW).read_text(encoding="utf-8")
    edited = source.replace("（待确认）, en: local grounds to confirm with the county's published rules}",
                            "（待核实）, en: local grounds to confirm with the county's published rules}")
    edited = edited.replace("        label: {zh: 人均存款不超过24个月低保标准, en: deposits per head within 24 months "
                            "of the dibao standard}\n        test: deposits_per_capita <= dibao_standard * "
                            "dibao_deposit_months\n",
                            "        test: deposits_per_capita <= dibao_standard * dibao_deposit_months\n"
                            "        label: {zh: 人均存款不超过24个月低保标准, en: deposits per head within 24 "
                            "months of the standard}\n")
    assert edited.count("\n") == source.count("\n") and edited.count("待核实") == 1
    assert "months of the standard}" in edited
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    changes = json.loads(run(NEW, str(tmp_path / "edited.yaml"), "--format", "json").stdout)["changes"]
    placed = {(c["id"], d["aspect"], d["item"]): (d["old_at"], d["new_at"]) for c in changes for d in c["details"]}
    edited_at = str(tmp_path / "edited.yaml")
    assert placed == {("other_hardship", "clause confirm", "hardship.zh"): (f"{NEW}:469", f"{edited_at}:469"),
                      ("dibao", "clause label", "deposits.en"): (f"{NEW}:402", f"{edited_at}:403")}


def test_the_labels_of_entries_and_options_and_a_clause_s_source_changed_are_placed_at_their_key_s_line(run,
                                                                                                       tmp_path):
    """A label changed of a category, parameter, measure or option was placed at the entry's own line (the
    `monitoring_line:` key, 56; a `- id:`) and a clause's `source` changed at none: they are placed at their `label:`
    and `source:` lines, as a clause's label is; a side without the key keeps the entry's line."""
    changes = json.loads(run(OLD, NEW, "--format", "json").stdout)["changes"]
    line = next(c for c in changes if c["id"] == "monitoring_line")
    assert [(d["item"], d["old_at"], d["new_at"]) for d in line["details"] if d["aspect"] == "label"] == [
        ("zh", f"{OLD}:58", f"{NEW}:58"), ("en", f"{OLD}:58", f"{NEW}:58")]
    source = (ROOT / NEW).read_text(encoding="utf-8")
    edited = source
    for before, after in (
            ("    label: {zh: 最低生活保障对象, en: minimum living guarantee (dibao) household}\n",  # category, 394
             "    label: {zh: 最低生活保障对象, en: dibao household}\n"),
            ("        test: per_capita_income < dibao_standard\n"  # a clause's source, 400
             "        source: dsz-2024-47 二、1 统一核算标准 / 附件1\n",
             "        test: per_capita_income < dibao_standard\n        source: dsz-2024-47 附件1\n"),
            ("    label: {zh: 医疗救助（就高不就低）, en: medical assistance (the highest applicable share)}\n",  # 509
             "    label: {zh: 医疗救助（就高不就低）, en: medical assistance (the highest share that applies)}\n"),
            ("        label: {zh: 低保对象按70%救助, en: dibao households at 70%}\n",  # option, 517
             "        label: {zh: 低保对象按百分之七十救助, en: dibao households at 70%}\n"),
            ("        label: {zh: 高等教育阶段国家助学金, en: national grant in higher education}\n",  # 548, `- id` 547
             "        # 高等教育阶段国家助学金\n")):
        assert edited.count(before) == 1
        edited = edited.replace(before, after)
    assert edited.count("\n") == source.count("\n")
    at = str(tmp_path / "edited.yaml")
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    changes = json.loads(run(NEW, at, "--format", "json").stdout)["changes"]
    placed = {(c["id"], d["aspect"], d["item"]): (d["old_at"], d["new_at"]) for c in changes for d in c["details"]}
    assert placed == {("dibao", "clause source", "income"): (f"{NEW}:400", f"{at}:400"),
                      ("dibao", "label", "en"): (f"{NEW}:394", f"{at}:394"),
                      ("medical_assistance", "option label", "dibao.zh"): (f"{NEW}:517", f"{at}:517"),
                      ("medical_assistance", "label", "en"): (f"{NEW}:509", f"{at}:509"),
                      ("education_aid", "option label", "higher.zh"): (f"{NEW}:548", f"{at}:547"),
                      ("education_aid", "option label", "higher.en"): (f"{NEW}:548", f"{at}:547")}
    text = run(NEW, at, "--lang", "en").output
    assert (f"\n      label (English): minimum living guarantee (dibao) household → dibao household  [wording]  "
            f"({NEW}:394 → {at}:394)\n" in text)
    zh = run(NEW, at, "--lang", "zh").output
    assert f"\n      选项名称 higher（中文）：高等教育阶段国家助学金 → 无  [措辞]  （{NEW}:548 → {at}:547）\n" in zh


def test_every_key_changed_of_an_entry_is_placed_at_its_key_s_line_on_each_side(run, tmp_path):
    """A changed `source`, `confirm`, `note`, setting (`counted`, `rigid`, `default`, `group`, `from`,
    `absorbed_by`, `department`…) or label of an entry of any section was placed at the entry's own line or at none:
    each is placed at the line of its key, as a clause's label is."""
    source = (ROOT / NEW).read_text(encoding="utf-8")
    comment = "    # 就高不就低: a tekun member receives the tekun support, which is always above a dibao share\n"
    option = "        label: {zh: 低保对象按70%救助, en: dibao households at 70%}\n"
    assert source.count(comment) == 1 and source.count(option) == 1
    # an option with a source (the shipped ones have none), lines kept: lines 493 to 517 move up one
    base = source.replace(comment, "").replace(option, option + "        source: dsz-2024-47 二、2 健全帮扶政策体系\n")
    edited = base
    # the lines each edit changes are those `at` expects below
    for before, after in (
            ("    source: dsz-2024-47 二、1 统一核算标准 / 附件1\n"
             "    confirm: {zh: 以县级公布标准为准（本地待确认值）,",
             "    source: dsz-2024-47 附件1\n    confirm: {zh: 以县级公布标准为准,"),
            ("      default: A\n      label: {zh: 住房安全等级（C、D级为危房）,",
             "      default: B\n      label: {zh: 住房安全等级,"),
            ("    label: {zh: 工资性收入（扣减就业成本）, en: wage income (less the cost of employment)}\n"
             "    source: dsz-2024-47 附件1\n  business:\n    counted: true\n",
             "    label: {zh: 工资收入（扣减就业成本）, en: wage income (less the cost of employment)}\n"
             "    source: dsz-2024-47 附件3\n  business:\n    counted: false\n"),
            ("    note: {zh: 救助金不计入家庭收入,", "    note: {zh: 救助金不计入收入,"),
            ("    rigid: true\n    label: {zh: 医疗费用（个人自付部分）, en: medical costs paid out of pocket}\n"
             "    source: dsz-2024-47 附件1\n",
             "    rigid: false\n    label: {zh: 医疗费用, en: medical costs paid out of pocket}\n"
             "    source: dsz-2024-47 附件3\n"),
            ("    label: {zh: 家庭人口数, en: household size}\n    source: dsz-2024-47 附件1\n",
             "    label: {zh: 家庭人口, en: household size}\n    source: dsz-2024-47 附件2\n"),
            ("    label: {zh: 饮用水不安全, en: drinking water is unsafe}\n"
             "    source: dsz-2024-47 二、1 优化认定指标 / 附件2\n",
             "    label: {zh: 饮水不安全, en: drinking water is unsafe}\n    source: dsz-2024-47 附件2\n"),
            ("    group: tier\n    label: {zh: 低保边缘家庭成员, en: household on the margin of dibao}\n"
             "    source: dsz-2024-47 二、1 统一标准体系\n",
             "    group: margin\n    label: {zh: 低保边缘家庭成员, en: household on the margin of dibao}\n"
             "    source: dsz-2024-47 附件1\n"),
            ("    label: {zh: 防止返贫监测对象, en: household monitored against returning to poverty}\n"
             "    absorbed_by: [dibao, tekun, dibao_marginal, rigid_expense, other_hardship]\n"
             "    source: dsz-2024-47 二、1 统一标准体系\n    from: 2026-01-01",
             "    label: {zh: 监测对象, en: household monitored against returning to poverty}\n"
             "    absorbed_by: [dibao, tekun, dibao_marginal, rigid_expense]\n"
             "    source: dsz-2024-47 二、1 统一标准体系\n    from: 2025-12-31"),
            ("    department: pilot_working_group\n    per: month\n"
             "    label: {zh: 特困人员基本生活费, en: basic living support for persons in extreme poverty}\n"
             "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3 / 四、2 强化组织领导\n",
             "    department: medical_insurance\n    per: month\n"
             "    label: {zh: 特困人员生活费, en: basic living support for persons in extreme poverty}\n"
             "    source: dsz-2024-47 附件3\n"),
            ("        source: dsz-2024-47 二、2 健全帮扶政策体系\n", "        source: dsz-2024-47 附件3\n")):
        assert edited.count(before) == 1, before
        edited = edited.replace(before, after)
    assert edited.count("\n") == base.count("\n") == source.count("\n")
    old, new = str(tmp_path / "base.yaml"), str(tmp_path / "edited.yaml")
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    result = run(old, new, "--format", "json")
    assert result.exit_code == 1, result.output
    placed = {(c["section"], c["id"], d["aspect"], d.get("item")): (d.get("old_at"), d.get("new_at"))
              for c in json.loads(result.stdout)["changes"] for d in c["details"]}
    at = {key: (f"{old}:{line}", f"{new}:{line}") for key, line in (
        (("parameters", "dibao_standard", "source", None), 44),
        (("parameters", "dibao_standard", "confirm", "zh"), 45),
        (("inputs", "household:housing.safety_grade", "default", None), 141),
        (("inputs", "household:housing.safety_grade", "label", "zh"), 142),
        (("income", "wage", "label", "zh"), 219),
        (("income", "wage", "source", None), 220),
        (("income", "business", "counted", None), 222),
        (("income", "dibao_benefit", "note", "zh"), 255),
        (("expenses", "medical", "rigid", None), 289),
        (("expenses", "medical", "label", "zh"), 290),
        (("expenses", "medical", "source", None), 291),
        (("definitions", "household_size", "label", "zh"), 308),
        (("definitions", "household_size", "source", None), 309),
        (("indicators", "water_unsafe", "label", "zh"), 359),
        (("indicators", "water_unsafe", "source", None), 360),
        (("categories", "dibao_marginal", "group", None), 420),
        (("categories", "dibao_marginal", "source", None), 422),
        (("abolished", "monitoring", "label", "zh"), 473),
        (("abolished", "monitoring", "absorbed_by", None), 474),
        (("abolished", "monitoring", "abolished_from", None), 476),
        (("assistance", "tekun_support", "department", None), 498),
        (("assistance", "tekun_support", "label", "zh"), 500),
        (("assistance", "tekun_support", "source", None), 501),
        (("assistance", "medical_assistance", "option source", "dibao"), 517))}
    assert {key: placed.get(key) for key in at} == at
    text = run(old, new, "--lang", "en").output
    assert (f"\n      counted: counted → not counted  ({old}:222 → {new}:222)\n" in text)
    assert (f"\n      source: dsz-2024-47 附件1 → dsz-2024-47 附件3  [wording]  ({old}:220 → {new}:220)\n" in text)
    zh = run(old, new, "--lang", "zh").output
    assert f"\n      依据：dsz-2024-47 二、1 统一标准体系 → dsz-2024-47 附件1  [措辞]  （{old}:422 → {new}:422）\n" in (
        zh)
    assert f"\n      说明（中文）：救助金不计入家庭收入 → 救助金不计入收入  [措辞]  （{old}:255 → {new}:255）\n" in zh


def test_a_changed_source_of_a_measure_without_options_is_said_once_at_its_source_line(run, tmp_path):
    """A measure without `options:` has one option standing for it, which cites what the measure cites: its changed
    `source` was said twice, the second time as the source of an option (`option source tekun_support`) at no line."""
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    cited = "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3 / 四、2 强化组织领导\n    when: tekun\n"  # 502
    assert shipped.count(cited) == 1
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped.replace(cited, "    source: dsz-2024-47 附件3\n    when: tekun\n"), encoding="utf-8")
    changes = json.loads(run(NEW, str(edited), "--format", "json").stdout)["changes"]
    assert [(c["id"], [(d["aspect"], d["old_at"], d["new_at"]) for d in c["details"]]) for c in changes] == [
        ("tekun_support", [("source", f"{NEW}:502", f"{edited}:502")])]
    cites = "dsz-2024-47 二、2 健全帮扶政策体系 / 附件3 / 四、2 强化组织领导 → dsz-2024-47 附件3"
    for lang, line in (("en", f"      source: {cites}  [wording]  ({NEW}:502 → {edited}:502)\n"),
                       ("zh", f"      依据：{cites}  [措辞]  （{NEW}:502 → {edited}:502）\n")):
        text = run(NEW, str(edited), "--lang", lang).output
        assert line in text
        assert "option source" not in text and "选项依据" not in text


def test_the_keys_changed_of_a_source_and_of_the_process_are_placed_at_their_lines(run, tmp_path):
    """A source's changed title, `cited_as` or article was placed at no line, and the process, headed at its
    first key's line, hid the place of that key's change: each is placed at its key's line, the process at
    `process:`."""
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    edited = shipped
    # lines 18, 19, 30 and 581 (under `process:`, 580)
    for before, after in (("title: {zh: 大政发〔2024〕47号 大市镇", "title: {zh: 大政发〔2024〕第47号 大市镇"),
                          ("      cited_as: {zh: 大政发〔2024〕47号,", "      cited_as: {zh: 大政发〔2024〕第47号,"),
                          ("        附件4: {en: Annex 4}\n", "        附件4: {en: Annex four}\n"),
                          ("  review_working_days: 25\n", "  review_working_days: 20\n")):
        assert edited.count(before) == 1, before
        edited = edited.replace(before, after)
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    new = str(tmp_path / "edited.yaml")
    changes = json.loads(run(NEW, new, "--format", "json").stdout)["changes"]
    placed = {(c["id"], d["aspect"], d.get("item")): (d.get("old_at"), d.get("new_at"))
              for c in changes for d in c["details"]}
    assert placed == {key: (f"{NEW}:{line}", f"{new}:{line}") for key, line in (
        (("source dsz-2024-47", "title", "zh"), 18), (("source dsz-2024-47", "cited_as", "zh"), 19),
        (("source dsz-2024-47", "article", "附件4.en"), 30),
        (("process", "review_working_days", None), 581))}
    assert next(c for c in changes if c["id"] == "process")["old_at"] == f"{NEW}:580"
    en = run(NEW, new, "--lang", "en").output
    assert f"\n      review working days: 25 → 20  ({NEW}:581 → {new}:581)\n" in en
    assert (f"\n      cited as (Chinese): 大政发〔2024〕47号 → 大政发〔2024〕第47号  [wording]  ({NEW}:19 → {new}:19)\n"
            in en)
    zh = run(NEW, new, "--lang", "zh").output
    assert f"\n      条款表述 附件4（英文）：Annex 4 → Annex four  [措辞]  （{NEW}:30 → {new}:30）\n" in zh


def test_a_source_is_headed_by_how_citations_name_it_in_the_reports_language(run, tmp_path):
    """A changed, added or removed source was headed by its id alone (`~ source dsz-2024-47`), where every other entry
    has its label beside its id: it is headed by its `cited_as` name (its title where it has none) in the report's
    language, and in Chinese by what it is (`依据`), as `policy doc` heads the sources."""
    from engine.markdown_text import md_escape
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    text = shipped
    for before, after in (("title: {zh: 大政发〔2024〕47号 大市镇", "title: {zh: 大政发〔2024〕第47号 大市镇"),
                          ("    - id: mz-2021-43", "    - id: gov-2025-1\n      title: {zh: 某县文件, en: a county "
                                                    "notice}\n    - id: mz-2021-43")):
        assert text.count(before) == 1
        text = text.replace(before, after)
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")
    heads = {"en": ("~ source dsz-2024-47 — Dashi Town Doc. [2024] No. 47  [wording]",
                    "+ source gov-2025-1 — a county notice (added)", "- source gov-2025-1 — a county notice (removed)"),
             "zh": ("~ source dsz-2024-47 — 依据 大政发〔2024〕47号  [措辞]",
                    "+ source gov-2025-1 — 依据 某县文件（新增）", "- source gov-2025-1 — 依据 某县文件（删除）")}
    named = {"en": ("Dashi Town Doc. [2024] No. 47", "a county notice"), "zh": ("大政发〔2024〕47号", "某县文件")}
    for lang, (changed, added, removed) in heads.items():
        for old, new, head in ((NEW, edited, added), (edited, NEW, removed)):
            text = run(str(old), str(new), "--lang", lang).output
            assert f"\n  {changed}  [" in text and f"\n  {head}  [" in text, (lang, text)
            markdown = run(str(old), str(new), "--lang", lang, "--format", "markdown").output
            label = changed.split(" — ")[1].split("  [")[0]
            assert f"\n### ~ `source dsz-2024-47` — {md_escape(label)} *" in markdown, (lang, markdown)
            changes = json.loads(run(str(old), str(new), "--format", "json", "--lang", lang).stdout)["changes"]
            assert [c["label"] for c in changes if c["id"].startswith("source ")] == list(named[lang])

def test_an_added_or_removed_sources_title_is_said_in_the_reports_language(run, tmp_path):
    """The title of a source added or removed was its Chinese text in every report: a report gives the title in its
    own language, the other language's only where the source has none in it, saying so; a title written as one
    text, the document's own, as it is."""
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    before = "    - id: mz-2021-43"
    assert shipped.count(before) == 1
    added = ("    - id: gov-2025-1\n      title: {zh: 某县文件, en: a county notice}\n"
             "    - id: gov-2025-2\n      title: {zh: 某镇通知}\n"
             "    - id: gov-2025-3\n      title: {en: a village notice}\n"
             "    - id: gov-2025-4\n      title: 县发〔2025〕1号\n")
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped.replace(before, added + before), encoding="utf-8")
    # a heading names the source by its title as the report's language has it; by the other's, saying so, with whether
    # it was added or removed in the same bracket
    heads = {"en": {"gov-2025-2": "某镇通知 ({change}; no English title in the policy)",
                    "gov-2025-4": "县发〔2025〕1号 ({change})"},
             "zh": {"gov-2025-3": "依据 a village notice（{change}；政策未写中文标题）",
                    "gov-2025-4": "依据 县发〔2025〕1号（{change}）"}}
    said = {"en": {"gov-2025-1": ("a county notice", None),
                   "gov-2025-2": ("某镇通知 (no English title in the policy)", "zh"),
                   "gov-2025-3": ("a village notice", None), "gov-2025-4": ("县发〔2025〕1号", None)},
            "zh": {"gov-2025-1": ("某县文件", None), "gov-2025-2": ("某镇通知", None),
                   "gov-2025-3": ("a village notice（政策未写中文标题）", "en"),
                   "gov-2025-4": ("县发〔2025〕1号", None)}}
    for lang, titles in said.items():
        title, flag, colon = ("title", "[wording]", ": ") if lang == "en" else ("标题", "[措辞]", "：")
        for old, new, side in ((NEW, edited, "new"), (edited, NEW, "old")):
            text = run(str(old), str(new), "--lang", lang).output
            lines = text.splitlines()
            for sid, (shown, _) in titles.items():
                head = next(i for i, line in enumerate(lines) if line.startswith(f"  {'+' if side == 'new' else '-'} "
                                                                                 f"source {sid} — "))
                assert lines[head + 1] == f"      {title}{colon}{shown}  {flag}", (lang, sid, text)
            change = {("en", "new"): "added", ("en", "old"): "removed", ("zh", "new"): "新增", ("zh", "old"): "删除"}
            for sid, named in heads[lang].items():
                heading = f"source {sid} — {named.format(change=change[lang, side])}"
                assert f"\n  {'+' if side == 'new' else '-'} {heading}  [" in text, (lang, sid, text)
            markdown = run(str(old), str(new), "--lang", lang, "--format", "markdown").output
            for sid, (shown, _) in titles.items():
                assert f"- {title}{colon}{shown.replace('[', chr(92) + '[')} *" in markdown, (lang, sid, markdown)
            for sid, named in heads[lang].items():
                heading = f"`source {sid}` — {named.format(change=change[lang, side])}"
                assert f"\n### {'+' if side == 'new' else '-'} {heading.replace('[', chr(92) + '[')}\n" in markdown, \
                    (lang, sid, markdown)
            changes = json.loads(run(str(old), str(new), "--format", "json", "--lang", lang).stdout)["changes"]
            details = {c["id"]: c["details"] for c in changes if c["id"].startswith("source gov-")}
            for sid, (shown, other) in titles.items():
                (detail,) = details[f"source {sid}"]
                assert detail[side] == shown.split(" (")[0].split("（")[0], (lang, sid, detail)
                assert detail.get("lang") == other, (lang, sid, detail)


def test_a_source_is_headed_by_its_name_in_the_reports_language_and_a_note_where_it_has_none(run, tmp_path):
    """A source's heading names it as citations do: by its `cited_as` name in the report's language, else by its title
    in it — a source cited as `{zh: 某镇通知}` alone and titled in English was headed `某镇通知 (added; no English
    “cited as” name in the policy)` in English, and its citations read `某镇通知 …`. Where the policy gives it
    neither in the report's language, it is headed by the other language's, and the bracket says which it lacks: the
    `cited_as` name where it heads by that, else the title."""
    from engine.markdown_text import md_escape

    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    before = "    - id: mz-2021-43"
    cited = "      cited_as: {zh: 民发〔2021〕43号, en: 'MCA Doc. [2021] No. 43'}\n"
    assert shipped.count(before) == 1 and shipped.count(cited) == 1
    added = ("    - id: gov-2025-5\n      title: {zh: 某镇关于救助的通知, en: a town notice on assistance}\n"
             "      cited_as: {zh: 某镇通知}\n"
             "    - id: gov-2025-6\n      title: {zh: 某村关于救助的通知, en: a village notice on assistance}\n"
             "      cited_as: {en: a village notice}\n"
             "    - id: gov-2025-7\n      title: {zh: 某县文件}\n"
             "    - id: gov-2025-8\n      title: {zh: 某乡关于救助的通知}\n      cited_as: {zh: 某乡通知}\n"
             "    - id: gov-2025-9\n      title: {en: a hamlet notice on assistance}\n"
             "      cited_as: {en: a hamlet notice}\n")
    edited = tmp_path / "edited.yaml"
    shipped = shipped.replace(cited, "      cited_as: {zh: 民发〔2021〕43号}\n")
    edited.write_text(shipped.replace(before, added + before), encoding="utf-8")
    heads = {"en": ["+ source gov-2025-5 — a town notice on assistance (added)",
                    "+ source gov-2025-6 — a village notice (added)",
                    "+ source gov-2025-7 — 某县文件 (added; no English title in the policy)",
                    "+ source gov-2025-8 — 某乡通知 (added; no English “cited as” name in the policy)",
                    "~ source mz-2021-43 — MCA Doc. [2021] No. 43: notice of the Ministry of Civil Affairs issuing the "
                    "Measures for Identifying Persons in Extreme Poverty  ["],
             "zh": ["+ source gov-2025-5 — 依据 某镇通知（新增）",
                    "+ source gov-2025-6 — 依据 某村关于救助的通知（新增）",
                    "+ source gov-2025-9 — 依据 a hamlet notice（新增；政策未写中文引用时称）",
                    "~ source mz-2021-43 — 依据 民发〔2021〕43号  ["]}
    for lang, said in heads.items():
        text = run(NEW, str(edited), "--lang", lang).output
        markdown = run(NEW, str(edited), "--lang", lang, "--format", "markdown").output
        for head in said:
            assert f"\n  {head}" in text, (lang, text)
            sign, rest = head.split(" ", 1)
            sid, named = rest.split(" — ")
            assert f"\n### {sign} `{sid}` — {md_escape(named.split('  [')[0])}" in markdown, (lang, markdown)


# one edit of the shipped policy per kind of value a JSON detail gives: (before, after, (entry, aspect, old, new))
JSON_VALUE_EDITS = {
    "source date": ("      date: 2024-07-16\n", "      date: 2024-07-17\n",
                    ("source dsz-2024-47", "date", "2024-07-16", "2024-07-17")),
    "source date removed": ("      date: 2024-07-16\n", "",
                            ("source dsz-2024-47", "date", "2024-07-16", None)),
    "decimal limit": ("minimum: 1, maximum: 4,", "minimum: 1, maximum: 4.5,",
                      ("member:disability_grade", "maximum", "4", "4.5")),
    "list of values": ("values: [male, female]", "values: [male, female, other]",
                       ("member:sex", "values", ["male", "female"], ["male", "female", "other"])),
    "plausible range": ("plausible: {min: 600, max: 200000,", "plausible: {min: 600, max: 300000,",
                        ("pension", "plausible", "600 to 200000", "600 to 300000")),
    "window": ("effective: {from: 2026-01-01}", "effective: {from: 2026-01-02}",
               ("effective", "effective", "2026-01-01 – …", "2026-01-02 – …")),
    "abolished from": ("    from: 2026-01-01  # the day", "    from: 2025-12-01  # the day",
                       ("monitoring", "abolished_from", "2026-01-01", "2025-12-01")),
    "working days": ("  review_working_days: 25\n", "  review_working_days: 20\n",
                     ("process", "review_working_days", 25, 20)),
    # a whole number and a decimal one were given as a number and a text (`0` and `"0.5"`)
    "decimal default": ("assets.deposits: {type: money, default: 0,", "assets.deposits: {type: money, default: 0.5,",
                        ("household:assets.deposits", "default", "0", "0.5")),
    "whole default": ("assets.vehicles: {type: integer, default: 0,", "assets.vehicles: {type: integer, default: 1,",
                      ("household:assets.vehicles", "default", "0", "1")),
    "yes or no default": ("drinking_water.safe: {type: boolean, default: true,",
                          "drinking_water.safe: {type: boolean, default: false,",
                          ("household:drinking_water.safe", "default", True, False)),
}


@pytest.mark.parametrize("kind", JSON_VALUE_EDITS)
def test_every_kind_of_value_a_json_detail_gives_is_json_in_both_languages(run, tmp_path, kind):
    """A changed `date:` of a source ended the JSON report in an internal error (a date is no JSON value): each kind
    of value is given as JSON holds it, a date as its YYYY-MM-DD text, as the text report says it."""
    before, after, (entry, aspect, old, new) = JSON_VALUE_EDITS[kind]
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    assert shipped.count(before) == 1
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped.replace(before, after), encoding="utf-8")
    for lang in ("en", "zh"):
        result = run(NEW, str(edited), "--format", "json", "--lang", lang)
        assert result.exit_code in (0, 1), result.output
        said = {(c["id"], d["aspect"]): (d["old"], d["new"]) for c in json.loads(result.stdout)["changes"]
                for d in c["details"]}
        assert said[entry, aspect] == (old, new)


def test_a_default_added_with_an_input_is_a_decimal_string_as_a_changed_one_is(run, tmp_path):
    """An input added with `default: 0` gave its default as a number, one changed to `0.5` as a text: both are decimal
    strings in JSON, as the text report says them."""
    shipped = (ROOT / NEW).read_text(encoding="utf-8")
    before = "    assets.vehicles: {type: integer, default: 0,"
    assert shipped.count(before) == 1
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped.replace(before, "    assets.boats: {type: integer, default: 0, label: {zh: 船只数, en: "
                                      "boats}}\n" + before), encoding="utf-8")
    for lang, said in (("en", "default: 0"), ("zh", "默认值：0")):
        changes = json.loads(run(NEW, str(edited), "--format", "json", "--lang", lang).stdout)["changes"]
        added = next(c for c in changes if c["id"] == "household:assets.boats")
        assert [(d["aspect"], d["old"], d["new"]) for d in added["details"]] == [
            ("type", None, "integer"), ("default", None, "0")]
        assert said in run(NEW, str(edited), "--lang", lang).output

def test_the_metadata_and_the_process_are_headed_by_what_they_are_and_placed_at_their_keys(run, tmp_path):
    """The title was headed at its first language's line and its changes at none, and headed by what it is in
    Chinese alone (`~ title — 标题`, `~ title`); the process by nothing in either language. Each metadata entry and
    the process are headed at their key's line by what they are in the report's language, as `policy doc` names
    them, and a changed language of the title is placed at its own line."""
    edited = (ROOT / NEW).read_text(encoding="utf-8")
    for before, after in (("  version: post-transition\n", "  version: post-transition-b\n"),  # 10
                          ("    en: Hunan rural low-income population policy (after the transition period)\n",  # 13
                           "    en: Hunan rural low-income policy (after the transition period)\n"),
                          ("  review_working_days: 25\n", "  review_working_days: 20\n")):  # 581, under 580
        assert edited.count(before) == 1
        edited = edited.replace(before, after)
    new = tmp_path / "edited.yaml"
    new.write_text(edited, encoding="utf-8")
    for lang, version, title, process in (("en", "version", "title", "process"), ("zh", "版本", "标题", "办理流程")):
        changes = json.loads(run(NEW, str(new), "--format", "json", "--lang", lang).stdout)["changes"]
        assert [(c["id"], c["label"], c["old_at"], c["new_at"], [(d["item"] if "item" in d else d["aspect"],
                                                                  d.get("old_at"), d.get("new_at"))
                                                                 for d in c["details"]]) for c in changes] == [
            ("version", version, f"{NEW}:10", f"{new}:10", [("version", f"{NEW}:10", f"{new}:10")]),
            ("title", title, f"{NEW}:11", f"{new}:11", [("en", f"{NEW}:13", f"{new}:13")]),
            ("process", process, f"{NEW}:580", f"{new}:580", [("review_working_days", f"{NEW}:581", f"{new}:581")])]
    en = run(NEW, str(new), "--lang", "en").output
    assert f"\n  ~ version  [{NEW}:10 → {new}:10]\n      version: post-transition → " in en
    assert (f"\n  ~ title  [wording]  [{NEW}:11 → {new}:11]\n      title (English): Hunan rural low-income "
            f"population policy (after the transition period) → Hunan rural low-income policy (after the transition "
            f"period)  [wording]  ({NEW}:13 → {new}:13)\n") in en
    assert f"\n  ~ process  [{NEW}:580 → {new}:580 · " in en
    zh = run(NEW, str(new), "--lang", "zh").output
    assert f"\n  ~ title — 标题  [措辞]  [{NEW}:11 → {new}:11]\n      标题（英文）：Hunan rural " in zh
    assert f"[措辞]  （{NEW}:13 → {new}:13）\n" in zh
    assert f"\n  ~ process — 办理流程  [{NEW}:580 → {new}:580 · " in zh
    markdown = run(NEW, str(new), "--lang", "en", "--format", "markdown").output
    assert "### ~ `title` *(wording)*\n" in markdown and "### ~ `process`\n" in markdown


def test_a_cause_row_says_it_counts_households_and_the_members_that_move(run, tmp_path):
    zh = run(*SHIPPED_IMPACT, "--lang", "zh").output
    assert "\n          3 户  防止返贫监测对象 → 无\n" in zh
    assert "\n  1 户（1 人）  低保边缘家庭成员 + 防止返贫监测对象 → 最低生活保障对象；成员 无 → 特困人员\n" in zh
    markdown = run(*SHIPPED_IMPACT, "--lang", "en", "--format", "markdown").output
    assert "| moved | transition | cause |" in markdown and "\n| 7 households | " in markdown
    assert "\n| 1 household (1 member) | " in markdown
    run(*SHIPPED_IMPACT, "--lang", "zh", "--html", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<th>户数（人数）</th>" in page and "<td class=n>7 户</td>" in page
    assert "<td class=n>1 户（1 人）</td>" in page


def test_each_cause_cites_the_change_it_names(run):
    text = run(*SHIPPED_IMPACT, "--lang", "zh").output
    assert "原因：取消类别“防止返贫监测对象” [大政发〔2024〕47号 二、1 统一标准体系] — 单独即得新结果" in text
    # a category's clauses are cited by the articles of the clauses that changed, not by the category's
    # and named by their labels, which a reader who does not read the YAML finds in the explanations; a clause
    # renamed with its rule unchanged is not among them
    assert ("\n  类别“其他困难人员”的条款“遭受自然灾害或意外事故损失”、"
            "“住房或饮水不安全、患重特大疾病或遭受灾害损失” "
            "[大政发〔2024〕47号 附件1；大政发〔2024〕47号 二、1 统一标准体系]") in text
    assert "需组合：类别“其他困难人员”（删去 1 个条款、新增 1 个条款） + 取消类别“防止返贫监测对象”" in text
    assert ("原因：类别“其他困难人员”（删去 1 个条款、新增 1 个条款） "
            "[大政发〔2024〕47号 附件1；大政发〔2024〕47号 二、1 统一标准体系]") in text
    lines = text.splitlines()
    cause = next(lines[i + 1] for i, line in enumerate(lines) if line.startswith("  DS-0008（"))
    alone, _, together = cause.partition("需组合：")
    assert alone.count("[大政发〔2024〕47号 二、1 统一标准体系]") == 1 and "[" not in together  # cited once a line
    assert alone.count("[大政发〔2024〕47号 附件1；大政发〔2024〕47号 二、1 统一标准体系]") == 1
    impact = json.loads(run(*SHIPPED_IMPACT, "--lang", "en", "--format", "json").stdout)["impact"]
    dibao = next(c for c in impact["changed"] if c["id"] == "DS-0001")["causes"][0]
    assert (dibao["change"], dibao["source"], dibao["cited"]) == (
        "categories.monitoring", "dsz-2024-47 二、1 统一标准体系",
        "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the system of standards)")
    applied = {c["key"]: c.get("cited") for c in impact["changes_applied"]}
    assert applied["parameters.monitoring_line"] == "Dashi Town Doc. [2024] No. 47 Annex 1"
    clauses = next(c for c in impact["changes_applied"] if c["key"] == "categories.other_hardship.when")["clauses"]
    assert [(c["id"], c["source"]) for c in clauses] == [
        ("disaster", "dsz-2024-47 附件1"), ("hardship", "dsz-2024-47 二、1 统一标准体系")]  # uncited: its category's


# -- witnesses and the HTML page ------------------------------------------------------------------


def test_witnesses_are_small_and_classified_differently_by_the_two_versions():
    (a, _), (b, _) = load(BASE), load("tests/fixtures/diff/param.yaml")
    day = datetime.date(2025, 6, 1)
    found = witnesses(a, b, day)
    assert ("household", "marginal", "dibao") in {(w.level, w.old, w.new) for w in found}
    assert ("member", "none", "tekun") in {(w.level, w.old, w.new) for w in found}
    for w in found:
        assert len(w.household["members"]) <= 3
        before = evaluate(a, validate_household(w.household, a, "w", today=day), day)
        after = evaluate(b, validate_household(w.household, b, "w", today=day), day)
        assert (before.categories, before.members) != (after.categories, after.members)


def test_witness_households_are_printed_as_json(run):
    result = run(BASE, "tests/fixtures/diff/param.yaml", "--witness", "--date", "2025-06-01", "--format", "json")
    found = json.loads(result.stdout)["witnesses"]
    assert found and all(w["household"]["members"] for w in found)


def test_witnesses_in_text_name_the_categories_by_their_labels(run):
    text = run("policy/2024-transition.yaml", "policy/post-transition.yaml", "--witness",
               "--lang", "en").output
    moves = [line for line in text.splitlines() if " → " in line and line.startswith("household")]
    assert moves and any("household monitored against returning to poverty" in m for m in moves), moves
    assert not any("dibao_marginal" in m or "monitoring" in m.replace("monitored", "") for m in moves)


def test_witnesses_are_numbered_in_the_order_printed_and_a_household_shown_above_is_named_not_repeated(
        run, tmp_path):
    """A witness of a member's move names the member; one found in a household already shown says which it is."""
    raised = tmp_path / "raised.yaml"
    text = Path(NEW).read_text(encoding="utf-8")
    raised.write_text(text.replace("value: 510 yuan/month", "value: 540 yuan/month", 1), encoding="utf-8")
    text = run(NEW, str(raised), "--witness", "--lang", "en").output
    numbers = [int(n) for n in re.findall(r'^  "id": "WITNESS-(\d+)"', text, re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3
    member = re.findall(r"^member: (.*)$", text, re.MULTILINE)
    assert member == ["p1: none → person in extreme poverty (tekun) (the household WITNESS-01 above)"]
    first = re.search(r"^household: (.*)$", text, re.MULTILINE)
    assert first is not None and first.group(1).endswith("; p1: none → person in extreme poverty (tekun)")
    zh = run(NEW, str(raised), "--witness", "--lang", "zh", "--format", "markdown").output
    assert "### 成员级：p1: 无 → 特困人员（即上文的 WITNESS-01）\n" in zh
    page = tmp_path / "w.html"
    run(NEW, str(raised), "--witness", "--lang", "en", "--html", str(page))
    assert "<h3>member: p1: none → person in extreme poverty (tekun) (the household WITNESS-01 above)</h3>" in \
        page.read_text(encoding="utf-8")


def _next_year(tmp_path: Path, *edits: tuple[str, str], name: str = "next.yaml") -> tuple[Path, datetime.date]:
    """The shipped post-transition policy as next year's version: in force from the next 1 January, with `edits`."""
    start = datetime.date(datetime.date.today().year + 1, 1, 1)
    text = Path(NEW).read_text(encoding="utf-8")
    for old, new in (("effective: {from: 2026-01-01}", f"effective: {{from: {start.isoformat()}}}"),
                     ("version: post-transition", "version: next-year"), *edits):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, start


def test_witnesses_are_dated_in_the_new_window_and_eval_under_new_gives_what_the_report_says(run, tmp_path):
    """Before the new version's window, a witness dated today would be decided by the old version in force."""
    following, start = _next_year(tmp_path, ("value: 510 yuan/month", "value: 550 yuan/month"))
    found = json.loads(run(NEW, str(following), "--witness", "--format", "json").stdout)["witnesses"]
    households = [w for w in found if w["level"] == "household"]
    assert households
    for w in households:
        assert w["household"]["date"] == start.isoformat()
        pasted = tmp_path / f"{w['household']['id']}.json"
        pasted.write_text(json.dumps(w["household"]), encoding="utf-8")
        decided = CliRunner().invoke(cli, ["eval", str(pasted), "--policy", str(following), "--format", "json"])
        assert ("+".join(json.loads(decided.stdout)["categories"]) or "none") == w["new"], decided.output


def test_witnesses_on_a_date_the_new_version_is_not_in_force_are_said_to_be_a_what_if(run, tmp_path):
    """`policy eval` on a folder would decide such a witness by the old version: the report says how to reproduce it."""
    following, start = _next_year(tmp_path, ("value: 510 yuan/month", "value: 550 yuan/month"))
    before = start.replace(year=start.year - 1, month=6)  # in the old version's window only
    day = ("--date", before.isoformat())
    report = json.loads(run(NEW, str(following), "--witness", *day, "--format", "json", "--lang", "en").stdout)
    households = [w for w in report["witnesses"] if w["level"] == "household"]
    assert households and all(w["household"]["date"] == before.isoformat() for w in households)  # the user's day
    reproduce = f"`policy eval WITNESS-01.json --policy {following} --date {before.isoformat()}`"
    assert {"level": "note", "message": f"the example households are dated {before.isoformat()}, when {following} "
            f"is not in force ({start.isoformat()} – …): they are decided under it as a what-if, and `policy eval` "
            "on a folder holding the versions decides them by the version in force on that day; to reproduce one: "
            f"{reproduce}"} in report["notes"], report["notes"]
    for w in households:  # the command the note gives decides each as the report says
        pasted = tmp_path / f"{w['household']['id']}.json"
        pasted.write_text(json.dumps(w["household"]), encoding="utf-8")
        decided = CliRunner().invoke(cli, ["eval", str(pasted), "--policy", str(following), *day, "--format", "json"])
        assert ("+".join(json.loads(decided.stdout)["categories"]) or "none") == w["new"], decided.output
    text = run(NEW, str(following), "--witness", *day, "--lang", "zh").stdout
    assert f"注意：示例家庭的日期为 {before.isoformat()}，{following} 在该日不生效" in text and reproduce in text
    markdown = run(NEW, str(following), "--witness", *day, "--format", "markdown", "--lang", "en").stdout
    assert f"- note: the example households are dated {before.isoformat()}, when" in markdown
    in_force = json.loads(run(NEW, str(following), "--witness", "--date", start.isoformat(), "--format", "json").stdout)
    assert not any("WITNESS-01.json" in n["message"] for n in in_force["notes"])

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_reproducing_a_what_if_witness_quotes_a_policy_path_a_shell_would_split(run, tmp_path, lang):
    """`--policy /tmp/next year (draft).yaml` pasted into a shell is three words and a syntax error."""
    following, start = _next_year(tmp_path, ("value: 510 yuan/month", "value: 550 yuan/month"),
                                  name="next year (draft).yaml")
    before = start.replace(year=start.year - 1, month=6).isoformat()
    text = run(NEW, str(following), "--witness", "--date", before, "--lang", lang).stdout
    command = re.search(r"`(policy eval WITNESS-01\.json [^`]*)`", text)
    assert command is not None, text
    assert shlex.split(command.group(1)) == ["policy", "eval", "WITNESS-01.json", "--policy", str(following),
                                             "--date", before]


@pytest.mark.parametrize("lang, said", [
    ("en", "the example households are dated {day}, when `{file}` is not in force ("),
    ("zh", "示例家庭的日期为 {day}，`{file}` 在该日不生效（"),
], ids=["en", "zh"])
def test_a_what_if_witness_note_sets_apart_a_policy_path_with_spaces_in_its_sentence(run, tmp_path, lang, said):
    """`when /tmp/…/next year (draft).yaml is not in force`: the path's spaces ran into the sentence's words, and where
    the file's name ends could not be told. Such a path is set apart as the command beside it is: as code in markdown,
    in backticks in text and JSON; a path a shell takes as one word is left as it is."""
    following, start = _next_year(tmp_path, ("value: 510 yuan/month", "value: 550 yuan/month"),
                                  name="next year (draft).yaml")
    day = start.replace(year=start.year - 1, month=6).isoformat()
    expected = said.format(day=day, file=following)
    text = run(NEW, str(following), "--witness", "--date", day, "--lang", lang).stdout
    assert expected in text, text
    markdown = run(NEW, str(following), "--witness", "--date", day, "--lang", lang, "--format", "markdown").stdout
    assert f"- {'note: ' if lang == 'en' else '注意：'}{expected}" in markdown, markdown
    notes = json.loads(run(NEW, str(following), "--witness", "--date", day, "--lang", lang, "--format",
                           "json").stdout)["notes"]
    assert any(n["message"].startswith(expected) for n in notes), notes
    plain, _ = _next_year(tmp_path, ("value: 510 yuan/month", "value: 550 yuan/month"), name="next.yaml")
    text = run(NEW, str(plain), "--witness", "--date", day, "--lang", lang).stdout
    assert said.format(day=day, file=plain).replace("`", "") in text, text


TOILET = (("    drinking_water.safe:", "    sanitation.safe_toilet: {type: boolean, default: true, "
                                       "label: {zh: 有卫生厕所, en: has a safe toilet}}\n    drinking_water.safe:"),
          ("test: housing_unsafe or water_unsafe or any(", "test: housing_unsafe or water_unsafe or not "
                                                           "sanitation.safe_toilet or any("))  # a new input, read


def test_an_expense_type_turned_rigid_gets_a_witness_and_a_change_without_one_is_named(run, tmp_path):
    following, start = _next_year(tmp_path, ("  disaster:\n    rigid: false", "  disaster:\n    rigid: true"), *TOILET)
    day = ("--date", start.isoformat())
    report = json.loads(run(NEW, str(following), "--witness", *day, "--format", "json", "--lang", "en").stdout)
    rigid = [w for w in report["witnesses"] if w["level"] == "household" and w["new"] == "rigid_expense"]
    assert any(e["type"] == "disaster" for w in rigid for e in w["household"]["expenses"]), report["witnesses"]
    assert [(u["change"], u["message"].split(":")[0]) for u in report["unshown"]] == [
        ("categories.other_hardship.when", "no example household found for clause "
                                           "“unsafe housing or water / a serious illness / losses from a disaster” "
                                           "of “other person in hardship” "
                                           "[Dashi Town Doc. [2024] No. 47 Part II.1 "
                                           "(unifying the system of standards)]")]
    text = run(NEW, str(following), "--witness", *day, "--lang", "zh").stdout
    assert "没有为类别“其他困难人员”的条款“" in text and "categories.other_hardship" not in text
    assert "]找到示例家庭" in text and " 找到示例家庭" not in text  # no space between Chinese words
    assert "没有为 " not in text
    assert "请为这项变化写一个测试用例（`policy test`）" in text
    markdown = run(NEW, str(following), "--witness", *day, "--format", "markdown", "--lang", "en").stdout
    assert re.search(r"^- no example household found for clause “", markdown, re.MULTILINE)


def test_a_move_of_the_households_that_no_example_shows_is_named_with_the_first_household_that_makes_it(run,
                                                                                                       tmp_path):
    """A move that needs two fields changed at once is out of the search's reach: the households given show it, and
    the report names it, with the first of them, rather than look complete."""
    household = {"id": "ALONE-70", "members": [{"id": "p1", "birth_date": "1956-11-30", "relation": "head",
                                                "labor_capacity": "none", "supporter": "able"}],
                 # 7,500 left after the loss: above the transition's monitoring line, below the new one
                 "income": [{"type": "agriculture", "amount": 9500}],
                 "expenses": [{"type": "disaster", "amount": 2000}]}
    households = tmp_path / "hh.jsonl"
    households.write_text(json.dumps(household) + "\n", encoding="utf-8")
    args = (OLD, NEW, "--households", str(households), "--witness", "--date", "2026-03-01")
    report = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)
    assert ("household", NONE, "other_hardship") not in {(w["level"], w["old"], w["new"]) for w in report["witnesses"]}
    [move] = report["unshown_moves"]
    assert (move["level"], move["old"], move["new"], move["households"]) == ("household", NONE, "other_hardship", 1)
    assert move["first"] == {"id": "ALONE-70", "source": f"{households}:1"}
    assert move["message"].startswith("household: none → other person in hardship: no example household found; "
                                      "households of --households that make this move: 1 (the first: ALONE-70, ")
    text = run(*args, "--lang", "zh").stdout
    assert (f"户级：无 → 其他困难人员：没有找到示例家庭；--households 中有 1 户这样变化"
            f"（第一户：ALONE-70，{households}:1）") in text


def test_a_change_that_reads_an_input_the_old_version_lacks_is_named_with_that_reason(run, tmp_path):
    """The old version refuses every household that gives the new input: no search could find a witness."""
    following, start = _next_year(tmp_path, *TOILET)
    day = ("--date", start.isoformat())
    report = json.loads(run(NEW, str(following), "--witness", *day, "--format", "json", "--lang", "en").stdout)
    [hardship] = report["unshown"]
    assert hardship["unknown_to_old"] == ["sanitation.safe_toilet"]
    assert hardship["message"].endswith(
        "]: it reads `sanitation.safe_toilet`, an input the old version does not have, and the old version refuses "
        "every household that gives it (H002), so no household is decided by both; write a test case for this "
        "change (`policy test`)"), hardship["message"]
    text = run(NEW, str(following), "--witness", *day, "--lang", "zh").stdout
    assert "]找到示例家庭：它读取旧版本没有的输入 `sanitation.safe_toilet`，旧版本拒绝给出它的家庭（H002）" in text
    assert "搜索只改变" not in text


def test_an_expense_type_added_as_rigid_is_named_as_refused_by_the_old_version(run, tmp_path):
    """A household with an expense of a type the old version lacks is refused by it (H003): it can be no witness."""
    funeral = "  funeral:\n    rigid: true\n    label: {zh: 丧葬费用, en: funeral costs}\n"
    following, start = _next_year(tmp_path, ("\ndefinitions:\n", funeral + "\ndefinitions:\n"))
    day = ("--date", start.isoformat())
    report = json.loads(run(NEW, str(following), "--witness", *day, "--format", "json", "--lang", "en").stdout)
    assert [(u["change"], u["unknown_to_old"]) for u in report["unshown"]] == [("expenses.funeral", ["funeral"])]
    assert report["unshown"][0]["message"].endswith(
        ": the old version has no expense type `funeral` and refuses every household that gives one (H003), so no "
        "household is decided by both; write a test case for this change (`policy test`)")
    text = run(NEW, str(following), "--witness", *day, "--lang", "zh").stdout
    assert "找到示例家庭：旧版本没有支出类型 `funeral`，会拒绝给出这类支出的家庭（H003）" in text


@pytest.mark.parametrize(("counted", "named"), [("true", True), ("false", False)])
def test_an_income_type_added_as_counted_is_named_as_refused_by_the_old_version(run, tmp_path, counted, named):
    """Counted, an income type moves households as a rigid expense type does, and the old version refuses them too;
    not counted (exempt), it moves no one the categories read, and is not named."""
    gig = f"  gig:\n    counted: {counted}\n    label: {{zh: 零工收入, en: gig income}}\n"
    following, start = _next_year(tmp_path, ("\nexpenses:\n", "\n" + gig + "expenses:\n"))
    day = ("--date", start.isoformat())
    report = json.loads(run(NEW, str(following), "--witness", *day, "--format", "json", "--lang", "en").stdout)
    unshown = [(u["change"], u["unknown_to_old"]) for u in report.get("unshown", [])]
    assert unshown == ([("income.gig", ["gig"])] if named else [])
    if named:
        assert report["unshown"][0]["message"].endswith(
            ": the old version has no income type `gig` and refuses every household that gives one (H003), so no "
            "household is decided by both; write a test case for this change (`policy test`)")
        text = run(NEW, str(following), "--witness", *day, "--lang", "zh").stdout
        assert "找到示例家庭：旧版本没有收入类型 `gig`，会拒绝给出这类收入的家庭（H003）" in text

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_is_self_contained_with_a_matrix_and_the_changed_households(run, tmp_path):
    report = tmp_path / "report.html"
    result = run(BASE, "tests/fixtures/diff/param.yaml", "--households", HOUSEHOLDS, "--date", "2025-06-01",
                 "--lang", "en", "--html", str(report))
    assert result.exit_code == 1 and report.exists() and result.stderr.endswith(f"\nwrote {report}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind
    page = _Page()
    page.feed(report.read_text(encoding="utf-8"))
    tags = [t for t, _ in page.tags]
    assert tags[0] == "html" and "style" in tags and "svg" in tags
    assert not {"script", "link", "img", "iframe"} & set(tags)
    assert any(t == "table" and a.get("class") == "matrix" for t, a in page.tags)
    text = "".join(page.text)
    assert "H-STANDARD" in text and "dibao margin → dibao" in text and "parameter “dibao standard”" in text
    assert all(not (a.get("src") or a.get("href") or "").startswith("http") for _, a in page.tags)


@pytest.mark.parametrize(("lang", "heading"), [("en", "| household | source | transition | cause |"),
                                               ("zh", "| 家庭编号 | 记录 | 变化 | 原因 |")])


def test_markdown_lists_each_changed_household_with_its_record_as_text_and_html_do(run, lang, heading):
    """A case file of several files diffed: the auditor finds each household's record again by its place."""
    markdown = run(*SHIPPED_IMPACT, "--lang", lang, "--format", "markdown").stdout
    listed = markdown.split(heading + "\n|---|---|---|---|\n", 1)[1].split("\n\n", 1)[0].splitlines()
    changed = json.loads(run(*SHIPPED_IMPACT, "--format", "json").stdout)["impact"]["changed"]
    assert len(listed) == len(changed) == 24
    for row, household in zip(listed, changed, strict=True):
        assert row.startswith(f"| {household['id']} | {household['source']} | "), row
    text = run(*SHIPPED_IMPACT, "--lang", lang).stdout
    opening, closing = ("（", "）") if lang == "zh" else (" (", ")")  # Chinese brackets its words full-width
    assert f"  {changed[0]['id']}{opening}{changed[0]['source']}{closing}: " in text  # the place the text report gives


def test_html_report_in_chinese_reads_in_chinese_names_the_matrix_ids_and_lists_every_household(run, tmp_path):
    report = tmp_path / "report.html"
    result = run(*SHIPPED_IMPACT, "--lang", "zh", "--show", "2", "--html", str(report))
    assert "类别变化的家庭（前 2 户，共 24 户）" in result.output  # --show cuts the terminal's list only
    page = _Page()
    page.feed(report.read_text(encoding="utf-8"))
    text = "\n".join(page.text)
    assert "类别变化的家庭（共 24 户）" in text and text.count("examples/households/DS-") == 24
    assert "类别名称" in text and "dibao: 最低生活保障对象" in text
    assert "none: 无（户级矩阵中：没有户级类别，成员仍可能是特困人员；" in text  # not batch's "in no category"
    assert "绿色：类别未变 · 红色：类别变化" in text and "灰色：旧 · 蓝色：新（元/年）" in text
    impact = text.split("的影响（评估日期", 1)[1]  # the diff above quotes the policies' English wording too
    english = re.compile(r"\b(green|red|grey|blue|shade|source|policy|message)\b")
    assert not english.findall(re.sub(r"[\w./-]*\.(yaml|json)\S*", "", impact))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_bars_name_each_measure_by_its_label_as_the_tables_below_them(run, tmp_path, lang):
    """A reader of the chart has no legend of the measures' ids: each bar is named as the table names its row."""
    page = tmp_path / "report.html"
    run(*SHIPPED_IMPACT, "--lang", lang, "--html", str(page))
    [chart] = re.findall(r"<svg .*?</svg>", page.read_text(encoding="utf-8"))
    named = [html_unescape(t) for t in re.findall(r"<text [^>]*>([^<]*)</text>", chart)
             if not re.fullmatch(r"[\d,.]+", t)]
    impact = json.loads(run(*SHIPPED_IMPACT, "--format", "json").stdout)["impact"]
    policy, _ = load(NEW)
    labels = {m.id: m.label.get(lang) for m in policy.assistance}
    shown = [labels[m["id"]] for m in impact["assistance"]["measures"]
             if Decimal(m["old_amount"]) or Decimal(m["new_amount"])]
    assert named == shown and labels["dibao_benefit"] in named
    assert not set(named) & set(labels)  # no measure by its id


def test_bad_records_are_listed_in_the_language_of_the_report(run, tmp_path):
    page = tmp_path / "report.html"
    run(BASE, "tests/fixtures/diff/param.yaml", "--households", HOUSEHOLDS, "--date", "2025-06-01", "--lang", "zh",
        "--html", str(page))
    assert "不是本政策的收入类型" in page.read_text(encoding="utf-8")
    for fmt in ("text", "markdown"):
        chinese = run(BASE, "tests/fixtures/diff/param.yaml", "--households", HOUSEHOLDS, "--date", "2025-06-01",
                      "--lang", "zh", "--format", fmt)
        assert "不是本政策的收入类型" in chinese.stdout and "is not an income type" not in chinese.stdout, fmt
        assert chinese.stderr.splitlines()[-1] == "提示：有 2 条家庭记录无法评估，详见报告"  # after the pair's warning
    english = run(BASE, "tests/fixtures/diff/param.yaml", "--households", HOUSEHOLDS, "--date", "2025-06-01",
                  "--lang", "en")
    assert "error[H003]: \"lottery\" is not an income type of this policy" in english.stdout
    assert english.stderr.splitlines()[-1] == "note: 2 household records could not be evaluated; see the report"
    # with the help `policy eval` gives; and a household's place is no rule's
    assert ('households.jsonl:8:34: error[H001]: not valid JSON: expecting value — help: check the brackets, commas '
            'and quotes near there\n') in english.stdout and "rule at" not in english.stdout


def _gbk_first_line(path: Path) -> tuple[int, int]:
    """Households in JSON Lines, the first line's `head` written `户主` in GBK (as Chinese Windows saves it) and the
    others UTF-8: the line, and the column of its first byte that is not UTF-8."""
    items = _households_file(path, 11)
    first = json.dumps(items[0]).replace('"relation": "head"', '"relation": "户主"', 1)
    path.write_bytes(first.encode("gb18030") + b"\n" + b"".join(json.dumps(h).encode() + b"\n" for h in items[1:]))
    return 1, first.index("户主") + 1


def test_a_line_that_is_not_utf8_is_the_bad_record_of_its_household_alone_as_batch_reads_it(run, tmp_path):
    """A line of JSON Lines in GBK among UTF-8 lines costs its own household, placed at its byte as `policy batch`
    places it, and the other households are evaluated — in every report, in a file given alone or in a folder."""
    (tmp_path / "in").mkdir()
    households_file = tmp_path / "in" / "hh.jsonl"
    line, column = _gbk_first_line(households_file)
    place = f"{households_file}:{line}:{column}: error[H001]: byte 0xbb is not UTF-8 text"
    args = (OLD, NEW, "--households", str(households_file), "--date", "2026-03-01", "--lang", "en")
    text = run(*args, "--warnings", str(tmp_path / "warnings.jsonl")).stdout
    assert "Impact on 11 households on 2026-03-01\n" in text and "evaluated 10, " in text, text
    assert f"  {place} — help: " in text, text
    assert (tmp_path / "warnings.jsonl").exists()
    markdown = run(*args, "--format", "markdown").stdout
    assert f"- `{households_file}:{line}:{column}`: error\\[H001\\]: byte 0xbb is not UTF-8 " \
        "text — help: " in markdown, markdown
    for path in (households_file, tmp_path / "in"):
        data = json.loads(run(OLD, NEW, "--households", str(path), "--date", "2026-03-01", "--format", "json").stdout
                          )["impact"]
        assert (data["records"], data["evaluated"]) == (11, 10)
        [bad] = data["bad"]
        assert bad["source"] == f"{households_file}:{line}" and bad["household"] is None
        assert [(d["code"], d["line"], d["column"]) for d in bad["diagnostics"]] == [("H001", line, column)]
    reference = ImpactRun(*policy_diff(OLD, NEW), datetime.date(2026, 3, 1))
    for record in read_records(households_file):
        reference.add(record)
    assert (reference.impact.records, reference.impact.evaluated) == (11, 10)
    # a file of GBK throughout is refused before the run, as `policy batch` refuses it
    households_file.write_bytes(households_file.read_bytes().replace(b'"head"', '"户主"'.encode("gb18030")))
    refused = run(OLD, NEW, "--households", str(households_file), "--lang", "en")
    assert refused.exit_code == 2 and f"Error: {households_file}:{line}:{column}: the file is not UTF-8; the text is " \
        "GBK (GB18030)" in refused.stderr, refused.stderr  # (placed at line 1's `户主`, as batch places it)


@pytest.mark.parametrize("order", list(IN_UTF16), ids=["big-endian", "little-endian", "marked"])
def test_a_folders_json_lines_in_utf16_are_one_bad_record_told_as_utf16_as_batch_and_ingest_tell_them(run, tmp_path,
                                                                                                      order):
    """A folder's `.jsonl` file saved in UTF-16 was split into lines as if it were UTF-8: big-endian, three bad records
    `not valid JSON: expecting value`; with its mark, four. It is one bad record, told as UTF-16 with how to make it
    UTF-8, as `policy batch` and `policy monitor ingest` tell it; the folder's other file is evaluated."""
    folder = tmp_path / "in"
    folder.mkdir()
    items = list(households(4, 14, datetime.date(2026, 3, 1)))
    (folder / "a.json").write_text(json.dumps(items[0]), encoding="utf-8")
    source = folder / "b.jsonl"
    text = "".join(json.dumps(h) + "\n" for h in items[1:])
    source.write_bytes(b"\xff\xfe" + text.encode("utf-16-le") if order == "UTF-16" else text.encode(order))
    told, told_zh = IN_UTF16[order]
    fix = f"`iconv -f {order} -t UTF-8 {source} > {source}.utf8 && mv {source}.utf8 {source}`"
    args = (OLD, NEW, "--households", str(folder), "--date", "2026-03-01")
    data = json.loads(run(*args, "--format", "json").stdout)["impact"]
    assert (data["records"], data["evaluated"]) == (2, 1), data["bad"]
    [bad] = data["bad"]
    [said] = bad["diagnostics"]
    assert (bad["source"], said["code"], said["message"], said["zh"]["message"]) == (str(source), "H001", told, told_zh)
    assert said["help"].endswith(fix) and said["zh"]["help"].endswith(fix)
    english = run(*args, "--lang", "en").stdout
    assert "Bad records (1)\n" in english and f"error[H001]: {told} — help: " in english, english
    assert "not valid JSON" not in english
    chinese = run(*args, "--lang", "zh").stdout
    assert f"错误[H001]: {told_zh} — 提示：" in chinese, chinese


def test_a_households_folders_files_are_read_as_json_lines_or_as_one_document_as_batch_reads_them(run, tmp_path):
    """A `.jsonl` file holding one household written over many lines, or a list, was split into lines, each a bad
    record (`not valid JSON: extra data`), and so was a `.json` file written over many lines whose objects start
    lines of their own; `policy batch` reads each as the document it is. Each file is read as batch reads it, in
    the folder or given alone."""
    items = list(households(10, 4, datetime.date(2026, 3, 1)))
    folder = tmp_path / "in"
    shapes = files_of_each_shape(folder, items)
    args = (OLD, NEW, "--date", "2026-03-01", "--format", "json")
    data = json.loads(run(*args, "--households", str(folder)).stdout)["impact"]
    assert (data["records"], data["evaluated"]) == (10, 9), [b["source"] for b in data["bad"]]
    assert [b["source"] for b in data["bad"]] == [f"{folder / 'f-cut.jsonl'}:1"]
    for name, (records, bad) in shapes.items():
        alone = json.loads(run(*args, "--households", str(folder / name)).stdout)["impact"]
        assert (alone["records"], [b["source"] for b in alone["bad"]]) == (
            records, [f"{folder / name}:{line}" for line in bad]), name


def test_a_last_line_cut_off_is_said_to_end_the_households_piped_in_or_compressed_as_in_a_plain_file(run, tmp_path):
    """JSON Lines cut inside the last record, with no line break after it, piped in or compressed: the file ends in
    the middle of that record, as the diff (and `policy batch`) says of a plain file; not a quote to look for."""
    import gzip

    _households_file(tmp_path / "hh.jsonl", 5)
    cut = (tmp_path / "hh.jsonl").read_bytes()[:-4]
    (tmp_path / "hh.jsonl").write_bytes(cut)
    (tmp_path / "hh.jsonl.gz").write_bytes(gzip.compress(cut))
    for source, piped, where in ((tmp_path / "hh.jsonl", None, f"{tmp_path / 'hh.jsonl'}:5"),
                                ("-", cut, "<stdin>:5"), ("-", gzip.compress(cut), "<stdin>:5"),
                                (tmp_path / "hh.jsonl.gz", None, f"{tmp_path / 'hh.jsonl.gz'}:5")):
        result = run(OLD, NEW, "--households", str(source), "--date", "2026-03-01", "--format", "json", input=piped)
        [bad] = json.loads(result.stdout)["impact"]["bad"]
        whole = "input" if source == "-" else "file"
        assert bad["source"] == where and [(d["message"], d["help"]) for d in bad["diagnostics"]] == [(
            f"not valid JSON: the {whole} ends in the middle of this record", f"the {whole} is cut off (copied or "
            "exported incompletely): fetch or export it again; the records before this one were read")], (source, bad)

def test_the_known_types_several_groups_of_bad_records_share_are_listed_once(run, tmp_path):
    """Records of three unknown income types are three groups of findings, each with H003's help naming every known
    type: the list is said once, after the groups, and each group's line keeps its finding."""
    known = 'known types counted as income: "wage", "pension"; not counted: "basic_pension"'
    households = tmp_path / "households.jsonl"
    households.write_text("".join(
        f'{{"id": "H-{kind}-{i}", "members": [{{"id": "p1", "birth_date": "1985-03-01"}}], '
        f'"income": [{{"type": "{kind}", "member": "p1", "amount": 100}}]}}\n'
        for kind in ("lottery", "gift", "bonus") for i in (1, 2)), encoding="utf-8")
    for fmt in ("text", "markdown"):
        out = run(BASE, "tests/fixtures/diff/param.yaml", "--households", str(households), "--date", "2025-06-01",
                  "--lang", "en", "--format", fmt).stdout
        assert out.count(known) == 1, fmt
        assert "help (for the 3 H003 findings above): " + known in out, fmt
        code = "error\\[H003\\]" if fmt == "markdown" else "error[H003]"
        for kind in ("lottery", "gift", "bonus"):
            assert f'{code}: "{kind}" is not an income type of this policy\n' in out, (fmt, kind)
    chinese = run(BASE, "tests/fixtures/diff/param.yaml", "--households", str(households), "--date", "2025-06-01",
                  "--lang", "zh").stdout
    assert chinese.count("不计入收入的类型：") == 1 and "提示（以上 3 条 H003 问题）：计入收入的类型：" in chinese
    lone = tmp_path / "lone.jsonl"
    lone.write_text(households.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    out = run(BASE, "tests/fixtures/diff/param.yaml", "--households", str(lone), "--date", "2025-06-01",
              "--lang", "en").stdout
    assert f'error[H003]: "lottery" is not an income type of this policy — help: {known}\n' in out  # one: as it was
    data = json.loads(run(BASE, "tests/fixtures/diff/param.yaml", "--households", str(households), "--date",
                          "2025-06-01", "--format", "json").stdout)
    assert [d["help"] for b in data["impact"]["bad"] for d in b["diagnostics"]] == [known] * 6  # each record's own


def test_an_added_measure_is_listed_whole_and_a_removed_one_too(run, tmp_path):
    post = (ROOT / NEW).read_text(encoding="utf-8")
    measure = ("  - id: elderly_care\n    level: member\n    department: civil_affairs\n    per: month\n"
               "    label: {zh: 高龄补贴, en: care allowance}\n    source: dsz-2024-47 附件3\n"
               "    when: tekun and age >= 80\n    amount: 200 yuan/month * 1 month\n\n")
    at = post.index("\nprocess:") + 1
    more = tmp_path / "more.yaml"
    civil = "departments:\n  civil_affairs: {zh: 民政部门, en: civil affairs}\n"
    more.write_text((post[:at] + measure + post[at:]).replace("departments:\n", civil, 1), encoding="utf-8")
    added = run(NEW, str(more), "--lang", "en").stdout
    for line in ("  + elderly_care — care allowance (added)", "      department: civil affairs",
                 "      level: for each member", "      paid: per month",
                 "      + when: person in extreme poverty (tekun) and aged 80 or over "
                 "(as written: tekun and age >= 80)",
                 "      + amount: 200 yuan/month × 1 month (as written: 200 yuan/month * 1 month)"):
        assert line in added, line
    removed = run(str(more), NEW, "--lang", "zh").stdout
    for line in ("  - elderly_care — 高龄补贴（删除）", "      部门：民政部门\n", "      层级：按人\n",
                 "      发放周期：按月\n", "      - 条件：特困人员 且 年满 80 周岁（原文：tekun and age >= 80）",
                 "      - 金额：200 元/月 × 1 个月（原文：200 yuan/month * 1 month）"):
        assert line in removed, line
    assert "→ 无" not in removed  # the heading says it is removed: its settings are not each said to go


@pytest.mark.parametrize("lang, said", [
    ("en", "      + when: person in extreme poverty (tekun) and aged 60 or over (retirement age), as written: tekun "
           "and age >= retirement_age  ("),
    ("zh", "      + 条件：特困人员 且 年满 60 周岁（退休年龄），原文：tekun and age >= retirement_age  （"),
], ids=["en", "zh"])
def test_a_rule_in_words_that_ends_in_a_bracket_has_the_rule_as_written_after_a_comma(run, tmp_path, lang, said):
    """`aged 60 or over (retirement age) (as written: …)`: two brackets side by side, the second heard as the first
    one's; as after a bracket everywhere else, the rule as written follows a comma."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    measure = ("  - id: elderly_care\n    level: member\n    department: civil_affairs\n    per: month\n"
               "    label: {zh: 高龄补贴, en: care allowance}\n    source: dsz-2024-47 附件3\n"
               "    when: tekun and age >= retirement_age\n    amount: 200 yuan/month * 1 month\n\n")
    retirement = ("parameters:\n  retirement_age:\n    value: 60\n    label: {zh: 退休年龄, en: retirement age}\n"
                  "    source: dsz-2024-47 附件3\n")
    at = post.index("\nprocess:") + 1
    more = tmp_path / "more.yaml"
    civil = "departments:\n  civil_affairs: {zh: 民政部门, en: civil affairs}\n"
    assert post.count("\nparameters:\n") == 1
    more.write_text((post[:at] + measure + post[at:]).replace("departments:\n", civil, 1)
                    .replace("\nparameters:\n", "\n" + retirement, 1), encoding="utf-8")
    added = run(NEW, str(more), "--lang", lang).stdout
    assert said in added, added
    assert ") (as written" not in added and "）（原文" not in added, added


def test_a_measures_settings_are_said_in_words_in_every_form_for_people_and_as_ids_in_json(run, tmp_path):
    """A department by its label, a level and a period as `policy doc` says them — in text, markdown and HTML, in
    Chinese and English; a setting a kept measure drops still goes `→ 无`; JSON keeps the ids."""
    post = (ROOT / NEW).read_text(encoding="utf-8")
    measure = "  - id: dibao_benefit\n    level: household\n    department: pilot_working_group\n    per: month\n"
    assert measure in post
    moved = tmp_path / "moved.yaml"
    moved.write_text(post.replace(measure, measure.replace("pilot_working_group", "medical_insurance")
                                  .replace("    per: month\n", "")), encoding="utf-8")
    said = {"zh": ("部门：试点工作专班 → 医保部门", "发放周期：按月 → 无"),
            "en": ("department: pilot working group → medical insurance", "paid: per month → none")}
    # each at its key's line; the `per:` taken away, at the measure's own line on the new side
    at = {"部门": f"{NEW}:489 → {moved}:489", "department": f"{NEW}:489 → {moved}:489",
          "发放周期": f"{NEW}:490 → {moved}:487", "paid": f"{NEW}:490 → {moved}:487"}
    for lang, (department, period) in said.items():
        text = run(NEW, str(moved), "--lang", lang, "--html", str(tmp_path / f"{lang}.html")).stdout
        markdown = run(NEW, str(moved), "--lang", lang, "--format", "markdown").stdout
        page = (tmp_path / f"{lang}.html").read_text(encoding="utf-8")
        colon = "：" if lang == "zh" else ": "
        for line in (department, period):
            name, value = line.split(colon, 1)
            where = at[name]
            placed = f"（{where}）" if lang == "zh" else f"({where})"
            assert f"      {line}  {placed}\n" in text, text
            assert f"- {line} — `{where}`\n" in markdown, markdown
            assert f'<li><b>{name}</b>{colon}{value} <span class="where">{where}</span></li>' in page, line
        assert "pilot_working_group" not in text + markdown + page
    changes = json.loads(run(NEW, str(moved), "--lang", "zh", "--format", "json").stdout)["changes"]
    (measure_change,) = [c for c in changes if c["id"] == "dibao_benefit"]
    assert [(d["aspect"], d["old"], d["new"]) for d in measure_change["details"]] == [
        ("department", "pilot_working_group", "medical_insurance"), ("per", "month", None)]


def test_the_diff_page_shows_a_measures_settings_as_diff_prints_them():
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"^```\w*\n(.*?)^```", page, re.S | re.M) if "housing_repair" in b]
    printed = (GOLDEN / "measures.zh.txt").read_text(encoding="utf-8").splitlines()
    for line in block.splitlines():
        assert line in printed, line


def test_diff_warns_of_each_households_doubtful_data_once_where_it_is_and_counts_it_in_the_report(run, tmp_path):
    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    doubtful = json.loads(json.dumps(example))
    doubtful["expenses"] = [{"type": "medical", "amount": 3000}]
    doubtful["members"][1]["relation"] = "head"
    (tmp_path / "clean.jsonl").write_text(json.dumps(example) + "\n", encoding="utf-8")
    (tmp_path / "doubtful.jsonl").write_text(json.dumps(doubtful) + "\n", encoding="utf-8")
    clean = run(OLD, NEW, "--households", str(tmp_path / "clean.jsonl"), "--date", "2026-03-01", "--lang", "en")
    result = run(OLD, NEW, "--households", str(tmp_path / "doubtful.jsonl"), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == clean.exit_code == 1  # the versions differ; a warning changes no exit code
    evaluated = CliRunner().invoke(cli, ["eval", str(tmp_path / "doubtful.jsonl"), "--date", "2026-03-01",
                                         "--lang", "en"])
    warned = [line for line in result.stderr.splitlines() if ": warning[H" in line]
    assert warned == [line for line in evaluated.stderr.splitlines() if ": warning[H" in line]  # eval's words
    assert [w.split(": warning[")[1][:4] for w in warned] == ["H011", "H010"]  # once each, not once for each version
    assert warned[1].startswith(f"{tmp_path / 'doubtful.jsonl'}:1:") and ": expenses[0]: warning[H010]: medical " \
        "costs paid out of pocket (medical), 3,000.00 yuan/year: written for the household as a whole, for no member;" \
        in warned[1]
    assert "help: add the member whose expense it is" in result.stderr
    assert "Households warned of for their data (1; 2 warnings)" in result.stdout  # the report counts it
    assert "\nnote: 1 household was warned of for its data; the report counts" in result.stderr  # one household's
    assert "Households warned of" not in clean.stdout and "warning" not in clean.stdout
    as_json = run(OLD, NEW, "--households", str(tmp_path / "doubtful.jsonl"), "--date", "2026-03-01", "--format",
                  "json")
    impact = json.loads(as_json.stdout)["impact"]
    assert impact["evaluated"] == 1 and (impact["warned"]["households"], impact["warned"]["warnings"]) == (1, 2)
    chinese = run(OLD, NEW, "--households", str(tmp_path / "doubtful.jsonl"), "--date", "2026-03-01", "--lang", "zh")
    assert f"{tmp_path / 'doubtful.jsonl'}:1:" in chinese.stderr and ": expenses[0]: 警告[H010]: 医疗费用" \
        "（个人自付部分）（medical）、3,000.00 元/年：写在整户名下，没有写明成员；" in chinese.stderr
    assert "警告[H011]: 成员 \"p1\"、\"p2\" 的关系都填为 \"head\"（户主）：一户只有一位户主" in chinese.stderr
    assert run(OLD, NEW, "--households", str(tmp_path / "clean.jsonl"), "--date", "2026-03-01").stderr.count("H0") == 0


def test_diff_counts_the_households_warned_of_by_kind_lists_the_first_few_and_writes_every_one_to_a_file(run,
                                                                                                        tmp_path):
    from engine.diff.warned import FIRST

    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    lines = []
    for i in range(2 * FIRST + 3):
        h = json.loads(json.dumps(example))
        h["id"] = f"W-{i:02d}"
        h["expenses"] = [{"type": "medical", "amount": 3000}]  # an expense line of no member (H010)
        if i == 4:
            h["income"].append(dict(h["income"][0]))  # and one line given twice (H009)
        lines.append(json.dumps(h) + "\n")
    source = tmp_path / "county.jsonl"
    source.write_text("".join(lines), encoding="utf-8")
    written = tmp_path / "warnings.jsonl"
    written.write_text("an earlier run's\n", encoding="utf-8")
    args = [OLD, NEW, "--households", str(source), "--date", "2026-03-01", "--lang", "en"]
    result = run(*args, "--warnings", str(written))
    assert result.exit_code == 1
    n = len(lines)
    text = result.stdout[result.stdout.index("Households warned of"):]
    assert text.startswith(f"Households warned of for their data ({n}; {n + 1} warnings)\n"
                           f"   1  an income or expense line given twice (H009)\n"
                           f"        W-04: {source}:5:")
    assert f"  {n}  an expense line of no member (H010)\n" in text
    listed = re.findall(r"^ +(W-\d\d): \S+: expenses\[0\]: warning\[H010\]", text, re.M)
    assert listed == [f"W-{i:02d}" for i in range(FIRST)]  # the first few, in input order
    assert f"… and {n - FIRST} more households\n" in text and f"one JSON line per household: {written}\n" in text
    assert result.stderr.count(": warning[H010]") == FIRST  # in full on standard error: the first few only
    assert f"note: {n} households were warned of for their data;" in result.stderr
    entries = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]  # every one, replaced
    assert [e["household"] for e in entries] == [f"W-{i:02d}" for i in range(n)]
    assert [[d["code"] for d in e["diagnostics"]] for e in entries] == [["H010"]] * 4 + [["H009", "H010"]] + \
        [["H010"]] * (n - 5)
    assert entries[0]["source"] == f"{source}:1" and entries[0]["diagnostics"][0]["line"] == 1
    assert entries[0]["diagnostics"][0]["zh"]["message"].startswith(
        "医疗费用（个人自付部分）（medical）、3,000.00 元/年：写在整户名下")
    assert [p.name for p in tmp_path.iterdir()] and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    markdown = run(*args, "--format", "markdown").stdout
    assert f"### Households warned of for their data ({n}; {n + 1} warnings)" in markdown
    assert f"- **{n}** an expense line of no member (H010)\n  - `W-00` `{source}:1:" in markdown
    assert "--warnings FILE writes every warning" in markdown
    run(*args, "--warnings", str(written), "--html", str(tmp_path / "report.html"))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert f"<h3>Households warned of for their data ({n}; {n + 1} warnings)</h3>" in page
    assert f'<td rowspan="{FIRST + 1}" class=n>{n}</td><td rowspan="{FIRST + 1}">an expense line of no member (H010)' \
        "</td><td>W-00</td>" in page and f"… and {n - FIRST} more households" in page
    (tmp_path / "report.html").unlink()
    warned = json.loads(run(*args, "--format", "json", "--warnings", str(written)).stdout)["impact"]["warned"]
    assert (warned["households"], warned["warnings"], warned["file"]) == (n, n + 1, str(written))
    assert [(k["kind"], k["households"], [f["household"] for f in k["first"]]) for k in warned["kinds"]] == [
        ("repeated", 1, ["W-04"]), ("memberless", n, [f"W-{i:02d}" for i in range(FIRST)])]
    alone = run(OLD, NEW, "--warnings", str(tmp_path / "w.jsonl"), "--lang", "en")
    assert alone.exit_code == 2 and "give --households too" in alone.stderr
    assert not (tmp_path / "w.jsonl").exists()


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_a_warnings_file_named_compressed_is_the_same_lines_compressed(run, tmp_path, monkeypatch, suffix):
    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    warned = []
    for i in range(30):
        h = json.loads(json.dumps(example))
        h["id"] = f"W-{i:02d}"
        h["expenses"] = [{"type": "medical", "amount": 3000}]  # an expense line of no member (H010)
        warned.append(json.dumps(h) + "\n")
    source = tmp_path / "county.jsonl"
    source.write_text("".join(warned), encoding="utf-8")
    args = [OLD, NEW, "--households", str(source), "--date", "2026-03-01", "--lang", "en", "--warnings"]
    plain, packed = tmp_path / "warnings.jsonl", tmp_path / f"warnings.jsonl{suffix}"
    assert run(*args, str(plain)).exit_code == 1
    text = plain.read_bytes()
    assert len(text.splitlines()) == 30
    result = run(*args, str(packed))
    assert result.exit_code == 1 and f"every warning is in {packed}" in result.stderr
    assert packed.read_bytes() != text and decompressed(packed) == text
    monkeypatch.setattr("cli.diff_warned._BLOCK", len(text) // 4)  # several streams, one after another: one file
    assert run(*args, str(packed)).exit_code == 1 and decompressed(packed) == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county.jsonl", plain.name, packed.name]  # no working file
    none = tmp_path / f"none.jsonl{suffix}"  # no household warned of: a whole file of no line
    source.write_text(json.dumps(example) + "\n", encoding="utf-8")
    assert run(*args, str(none)).exit_code == 1
    assert none.stat().st_size > 0 and decompressed(none) == b""


def test_a_diff_that_stops_leaves_the_earlier_warnings_file_as_it_was_and_no_part_of_its_own(run, tmp_path,
                                                                                             monkeypatch):
    from engine.diagnostics import Diagnostic
    from engine.diff.warned import WarnedHousehold

    def stopped(*args, each_warned, **options):
        each_warned(WarnedHousehold("W-1", "county.jsonl:1", (Diagnostic.said("H010", Said("x", "x")),)))
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("engine.diff.impact_fast.fast_impact", stopped)
    written = tmp_path / "warnings.jsonl"
    written.write_text("an earlier run's\n", encoding="utf-8")
    result = run(OLD, NEW, "--households", HOUSEHOLDS, "--lang", "en", "--warnings", str(written))
    assert result.exit_code == 2 and "error: cannot read: Input/output error" in result.stderr
    assert written.read_text(encoding="utf-8") == "an earlier run's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["warnings.jsonl"]


@pytest.mark.parametrize("lang, said, help", [
    ("en", "error: cannot read: Input/output error",
     "  help: check the disk and its connection (the system log, `dmesg`, the disk's health), then run the command "
     "again"),
    ("zh", "错误：无法读取：输入/输出错误（磁盘或其连接可能出了故障）",
     "  提示：请检查磁盘及其连接（系统日志、`dmesg`、磁盘健康状况），然后再运行一次这条命令")])
def test_households_on_a_failing_disk_cannot_be_read_with_what_to_do(run, monkeypatch, lang, said, help):
    """The households of `--households` the system could not read said why but not what to do, as other reads do."""
    def failing(*args, **options):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("engine.diff.impact_fast.fast_impact", failing)
    result = run(OLD, NEW, "--households", HOUSEHOLDS, "--lang", lang)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-2:] == [f"{HOUSEHOLDS}: {said}", help], result.stderr

def _sampled_with_a_line_twice(tmp_path: Path, household: str) -> tuple[Path, int]:
    """Three sampled households as CSV tables, the first line of `household` pasted twice (H009); the tables, and
    the row of lines.csv the line is at first (counting from 0: its copy is at line `first + 2` of the file)."""
    tables = tmp_path / "tables"
    made = CliRunner().invoke(cli, ["sample", "--n", "3", "--seed", "1", "--format", "csv", "-o", str(tables),
                                    "--date", "2026-03-01"])
    assert made.exit_code == 0, made.output
    rows = (tables / "lines.csv").read_text(encoding="utf-8").splitlines()
    first = next(i for i, row in enumerate(rows) if row.startswith(f"{household},"))
    rows.insert(first + 1, rows[first])
    (tables / "lines.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tables, first


def test_diff_places_a_warning_about_a_household_of_csv_tables_at_its_row(run, tmp_path):
    tables, first = _sampled_with_a_line_twice(tmp_path, "SAMPLE-0000001")
    result = run(OLD, NEW, "--households", str(tables), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 1
    assert f"{tables / 'lines.csv'}:{first + 2}: " in result.stderr and "warning[H009]: the same as " in result.stderr


def test_a_line_of_no_known_kind_is_a_bad_record_placed_at_its_row_and_its_column(run, tmp_path):
    """It was placed at the row alone, `lines.csv:9: error[H002]: `kind` is `xx`: …`, where the other cells of a line
    are placed at the row and the column, as `policy eval` and `policy batch` place them."""
    tables = tmp_path / "tables"
    made = CliRunner().invoke(cli, ["sample", "--n", "3", "--seed", "1", "--format", "csv", "-o", str(tables),
                                    "--date", "2026-03-01"])
    assert made.exit_code == 0, made.output
    head, *rows = (tables / "lines.csv").read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(rows) if ",income," in row)
    rows[at] = rows[at].replace(",income,", ",xx,", 1)
    (tables / "lines.csv").write_text("\n".join([head.replace("kind", "类别"), *rows]) + "\n", encoding="utf-8")
    args = [OLD, NEW, "--households", str(tables), "--date", "2026-03-01", "--rename-column", "类别=kind"]
    report = run(*args, "--lang", "en").stdout
    assert f"  {tables / 'lines.csv'}:{at + 2}, column `类别`: error[H002]: `kind` is `xx`: " in report, report
    chinese = run(*args, "--lang", "zh").stdout
    assert f"  {tables / 'lines.csv'}:{at + 2} 的 `类别` 列: 错误[H002]: `kind` 为 `xx`：" in chinese, chinese
    [bad] = json.loads(run(*args, "--format", "json").stdout)["impact"]["bad"]
    assert [(d["file"], d["header"]) for d in bad["diagnostics"]] == [(f"{tables / 'lines.csv'}:{at + 2}", "类别")]


def test_a_warnings_file_gives_the_line_of_the_row_of_csv_tables_as_batch_s_errors_file_does(run, tmp_path):
    """A warning about a household of CSV tables is placed by a row (`lines.csv:5`, `households.csv:3`), not a span:
    the warnings file gave its `file` alone, where `policy batch`'s errors file gives the row's line as `line` (and
    `column` null), which a script reads to find it without taking the file's name apart."""
    tables, first = _sampled_with_a_line_twice(tmp_path, "SAMPLE-0000002")
    head, *own = (tables / "households.csv").read_text(encoding="utf-8").splitlines()
    cells = own[2].split(",")
    cells[head.split(",").index("assets.deposits")] = "5"  # deposits written in ten thousands (H013), at line 4
    own[2] = ",".join(cells)
    (tables / "households.csv").write_text("\n".join([head, *own]) + "\n", encoding="utf-8")
    written = tmp_path / "warnings.jsonl"
    result = run(OLD, NEW, "--households", str(tables), "--date", "2026-03-01", "--lang", "en", "--warnings",
                 str(written))
    assert result.exit_code == 1, result.stderr
    found = {(entry["household"], d["code"]): d for entry in map(json.loads, written.read_text("utf-8").splitlines())
             for d in entry["diagnostics"]}
    twice, low = found[("SAMPLE-0000002", "H009")], found[("SAMPLE-0000003", "H013")]
    assert (twice["file"], twice["line"], twice["column"]) == (f"{tables / 'lines.csv'}:{first + 2}", first + 2, None)
    assert (low["file"], low["line"], low["column"], low["header"]) == (f"{tables / 'households.csv'}:4", 4, None,
                                                                        "assets.deposits")
    assert list(low)[:6] == ["code", "severity", "message", "file", "line", "column"]  # as the errors file orders them


def test_a_warnings_file_gives_each_household_its_line_as_batch_s_errors_file_gives_each_record(run, tmp_path):
    """A line of the warnings file has the shape of a line of `policy batch`'s errors file, which names the record's
    line as `line` beside its `source`: the household's row of households.csv (its warnings are placed at other rows,
    of lines.csv or members.csv), its line of JSON Lines, compressed or not, or the line its item of a `.json` file's
    list starts on — where a script reading both files finds the household without taking `source` apart. The JSON
    report lists the first households warned of as the file's lines."""
    import gzip

    tables, first = _sampled_with_a_line_twice(tmp_path, "SAMPLE-0000002")
    written = tmp_path / "warnings.jsonl"
    args = [OLD, NEW, "--date", "2026-03-01", "--lang", "en", "--warnings", str(written), "--households"]

    def entries(households: Path) -> list[dict[str, Any]]:
        assert run(*args, str(households)).exit_code == 1
        return [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]

    [entry] = entries(tables)
    assert list(entry) == ["source", "line", "household", "diagnostics"]  # as the errors file orders them
    assert (entry["source"], entry["line"], entry["household"]) == (f"{tables / 'households.csv'}:3", 3,
                                                                    "SAMPLE-0000002")
    assert entry["diagnostics"][0]["line"] == first + 2  # the warning itself: at the row of lines.csv
    report = json.loads(run(*args, str(tables), "--format", "json").stdout)["impact"]["warned"]
    [listed] = report["kinds"][0]["first"]  # as a line of the file holds it, its words in English alone (`--lang en`)
    assert listed == {**entry, "diagnostics": [{k: v for k, v in d.items() if k != "zh"} for d in entry["diagnostics"]]}
    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    households = [dict(example, id=f"W-{i}") for i in range(3)]
    households[1] = dict(households[1], expenses=[{"type": "medical", "amount": 3000}])  # of no member (H010)
    lines = tmp_path / "county.jsonl"
    lines.write_text("".join(json.dumps(h) + "\n" for h in households), encoding="utf-8")
    packed = tmp_path / "county.jsonl.gz"
    packed.write_bytes(gzip.compress(lines.read_bytes()))
    for source in (lines, packed):
        [entry] = entries(source)
        assert (entry["source"], entry["line"], entry["household"]) == (f"{source}:2", 2, "W-1")
    listed = tmp_path / "county.json"
    listed.write_text(json.dumps(households, indent=2), encoding="utf-8")
    starts = [n for n, text in enumerate(listed.read_text(encoding="utf-8").splitlines(), 1) if text == "  {"]
    [entry] = entries(listed)
    assert (entry["source"], entry["line"], entry["household"]) == (f"{listed}[1]", starts[1], "W-1")


def test_a_bad_record_of_the_json_report_has_its_line_as_batch_s_errors_file_gives_it(run, tmp_path):
    """The JSON report gives each bad record as `policy batch`'s errors file gives it (under `--lang en`, its
    words in English alone),
    with the version that refused it: the record's `line` beside its `source`, and each finding's `line` and
    `column` — a cell of CSV tables that does not parse (`85x60` as deposits) at its row's line, where the text
    report says `households.csv:3, column …`; it gave `source`, `household` and the findings' `file` alone. So is a
    row of no household."""
    tables = tmp_path / "tables"
    made = CliRunner().invoke(cli, ["sample", "--n", "3", "--seed", "1", "--format", "csv", "-o", str(tables),
                                    "--date", "2026-03-01"])
    assert made.exit_code == 0, made.output
    head, *own = (tables / "households.csv").read_text(encoding="utf-8").splitlines()
    cells = own[1].split(",")
    cells[head.split(",").index("assets.deposits")] = "85x60"  # SAMPLE-0000002, at line 3
    own[1] = ",".join(cells)
    (tables / "households.csv").write_text("\n".join([head, *own]) + "\n", encoding="utf-8")
    example = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    lines = tmp_path / "county.jsonl"
    lines.write_text(json.dumps(json.loads(example)) + "\n{not json\n" +
                     json.dumps(json.loads(example.replace('"wage"', '"salary"'))) + "\n", encoding="utf-8")

    def in_english(entry: dict[str, Any]) -> dict[str, Any]:
        return {**entry, "diagnostics": [{k: v for k, v in d.items() if k != "zh"} for d in entry["diagnostics"]]}

    for source, expected in ((tables, [3]), (lines, [2, 3])):
        errors = tmp_path / "errors.jsonl"
        batch = CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--errors",
                                         str(errors), "--date", "2026-03-01"])
        assert batch.exit_code == 2, batch.output
        written = [in_english(json.loads(line)) for line in errors.read_text(encoding="utf-8").splitlines()]
        result = run(OLD, NEW, "--households", str(source), "--date", "2026-03-01", "--format", "json", "--lang",
                     "en")
        bad = json.loads(result.stdout)["impact"]["bad"]
        assert [b["line"] for b in bad] == expected
        assert [{k: v for k, v in b.items() if k != "policy"} for b in bad] == written
        assert all(list(b)[:4] == ["source", "line", "household", "policy"] for b in bad)
    [cell] = json.loads(run(OLD, NEW, "--households", str(tables), "--date", "2026-03-01", "--format",
                            "json").stdout)["impact"]["bad"][0]["diagnostics"]
    assert (cell["file"], cell["line"], cell["column"], cell["header"]) == (f"{tables / 'households.csv'}:3", 3, None,
                                                                            "assets.deposits")
    members = (tables / "members.csv").read_text(encoding="utf-8")
    (tables / "members.csv").write_text(members + "NOPE-1,p1,head,1960-01-01,male,,,full,false,none,able\n",
                                        encoding="utf-8")
    row = len(members.splitlines()) + 1
    [stray] = json.loads(run(OLD, NEW, "--households", str(tables), "--date", "2026-03-01", "--format",
                             "json").stdout)["impact"]["stray"]  # a row of no household: at its line too
    assert (stray["source"], stray["line"], stray["diagnostics"][0]["line"]) == (f"{tables / 'members.csv'}:{row}", row,
                                                                                 row)


def test_the_bad_records_of_the_json_report_follow_its_language_as_batch_s_errors_file_gives_them(run, tmp_path):
    """Under `--lang zh` the JSON report's bad records, and its rows of no household, gave their findings in English
    alone, where the rest of the report is in Chinese: each finding now has its Chinese under `zh`, as `policy
    batch`'s errors file gives it; under `--lang en` the words stay in English alone."""
    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    salary = json.loads(json.dumps(example).replace('"wage"', '"salary"'))
    misdated = json.loads(json.dumps(example).replace('"birth_date": "', '"birth_date": "x', 1))
    lines = tmp_path / "county.jsonl"
    lines.write_text("".join(f"{text}\n" for text in (json.dumps(example), "{not json", json.dumps(salary),
                                                       json.dumps(misdated))), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    batch = CliRunner().invoke(cli, ["batch", str(lines), "-o", str(tmp_path / "out.jsonl"), "--errors", str(errors),
                                     "--date", "2026-03-01"])
    assert batch.exit_code == 2, batch.output
    written = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 3 and all("zh" in d for entry in written for d in entry["diagnostics"])
    args = [OLD, NEW, "--households", str(lines), "--date", "2026-03-01", "--format", "json"]
    bad = json.loads(run(*args, "--lang", "zh").stdout)["impact"]["bad"]
    assert [{k: v for k, v in b.items() if k != "policy"} for b in bad] == written
    said = [d["zh"]["message"] for b in bad for d in b["diagnostics"]]
    assert '"salary" 不是本政策的收入类型' in said and all(re.search("[\u4e00-\u9fff]", m) for m in said), said
    english = json.loads(run(*args, "--lang", "en").stdout)["impact"]["bad"]
    assert [{k: v for k, v in d.items() if k != "zh"} for b in bad for d in b["diagnostics"]] == \
        [d for b in english for d in b["diagnostics"]]
    tables = tmp_path / "tables"
    made = CliRunner().invoke(cli, ["sample", "--n", "2", "--seed", "1", "--format", "csv", "-o", str(tables),
                                    "--date", "2026-03-01"])
    assert made.exit_code == 0, made.output
    with (tables / "members.csv").open("a", encoding="utf-8") as members:
        members.write("NOPE-1,p1,head,1960-01-01,male,,,full,false,none,able\n")
    for lang, chinese in (("zh", True), ("en", False)):
        [stray] = json.loads(run(OLD, NEW, "--households", str(tables), "--date", "2026-03-01", "--format", "json",
                                 "--lang", lang).stdout)["impact"]["stray"]
        assert ("zh" in stray["diagnostics"][0]) is chinese


def test_notes_about_the_files_are_said_once_when_the_report_is_on_the_terminal(tmp_path):
    """The report holds the notes about the two files; standard error repeats them only when the report goes
    elsewhere (a file, a pipe), so a terminal shows each once."""
    import pty
    import subprocess
    import sys

    same = tmp_path / "copy.yaml"
    same.write_bytes(Path(NEW).read_bytes())
    command = [sys.executable, "-m", "cli.main", "diff", NEW, str(same), "--lang", "en"]
    note = "are the same file, byte for byte"
    root = Path(__file__).resolve().parent.parent

    piped = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert note in piped.stdout and note in piped.stderr

    screen, terminal = pty.openpty()
    try:
        run = subprocess.run(command, cwd=root, stdout=terminal, stderr=subprocess.PIPE, text=True, check=False)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(screen, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(screen)
    assert run.returncode == 0
    assert note in shown.decode("utf-8") and note not in run.stderr


def _requiring_a_toilet(tmp_path: Path) -> tuple[Path, int]:
    """NEW with a field it requires (no `default:`) and reads, which households written for OLD do not give; and the
    line it is declared on."""
    lines = (ROOT / NEW).read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("drinking_water.safe:"))
    field = "    housing.toilet_safe: {type: boolean, label: {zh: 卫生厕所, en: safe toilet}}\n"
    lines.insert(at, field)
    water = "test: not drinking_water.safe"
    lines = [line.replace(f"{water}\n", f"{water} or not housing.toilet_safe\n") for line in lines]
    new = tmp_path / "new.yaml"
    new.write_text("".join(lines), encoding="utf-8")
    return new, at + 1


def test_a_report_of_households_one_version_refuses_says_so_once_with_its_help(run, tmp_path):
    """Every household refused by NEW: the totals say they leave them out (OLD pays them), the one refusal is one line
    with its count, and the help that it may have a default is in the report handed on, not on the screen alone."""
    new, line = _requiring_a_toilet(tmp_path)
    args = (NEW, str(new), "--households", "examples/households", "--date", "2026-03-01", "--show", "3")
    report = run(*args, "--lang", "en").stdout
    assert ("  the totals are those of the 0 households evaluated under both versions: the 28 bad records are left out "
            "(28 refused by the new version)\n") in report
    assert report.count("[new]: housing: error[H002]: `toilet_safe` is missing") == 1
    assert "\n  28 records [new]: housing: error[H002]: `toilet_safe` is missing — help: " in report
    assert f"\n  help: `housing.toilet_safe` is new in {new} (line {line}), with no `default:`" in report
    assert len(report.split("Bad records (28)\n", 1)[1].splitlines()) == 3  # the finding, its records, the help
    zh = run(*args, "--lang", "zh").stdout
    assert "合计只含两个版本下都已评估的 0 户：28 条无法评估的记录未计入（新版本拒绝 28 条）" in zh
    assert "\n  28 条记录 [新]: housing: 错误[H002]: " in zh and "\n  提示：`housing.toilet_safe` 是 " in zh
    markdown = run(*args, "--lang", "en", "--format", "markdown").stdout
    assert "- 28 records (`examples/households/" in markdown and "help: `housing.toilet_safe` is new" in markdown
    impact = json.loads(run(*args, "--lang", "en", "--format", "json").stdout)["impact"]
    assert len(impact["bad"]) == 28 and impact["help"][0].startswith("`housing.toilet_safe` is new in ")


def test_show_limits_the_bad_records_listed_as_it_limits_the_households(run, tmp_path):
    items = list(households(5, 3, datetime.date(2026, 1, 1)))
    for i, item in enumerate(items):  # five findings, each its own
        item["assets"]["deposits"] = f"lots {i}"
    source = tmp_path / "bad.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    report = run(OLD, NEW, "--households", str(source), "--show", "2", "--lang", "en").stdout
    listed = report.split("Bad records (5)\n", 1)[1].splitlines()
    assert [line.split(": ", 1)[0] for line in listed] == [
        f"  {source}:1:{_column(source, 1)} [both]", f"  {source}:2:{_column(source, 2)} [both]",
        "  help (for the 2 H002 findings above)", "  3 more lines not listed"]  # the help the two listed share
    every = run(OLD, NEW, "--households", str(source), "--show", "0").stdout
    assert len(every.split("\n无法评估的记录（5 条）\n", 1)[1].splitlines()) == 5 + 1


def _column(path: Path, line: int) -> int:
    """The column of the deposits' value on a line of JSON Lines."""
    return path.read_text(encoding="utf-8").splitlines()[line - 1].index('"lots') + 1


def test_households_refused_for_a_field_the_new_version_adds_without_a_default_are_offered_one(run, tmp_path):
    """A field the new version requires and the old one did not have refuses every household written for the old one:
    besides adding it to each household, the policy may give it a `default:` — said once, where it is declared."""
    new, line = _requiring_a_toilet(tmp_path)
    at = line - 1
    args = (NEW, str(new), "--households", "examples/households", "--date", "2026-03-01")
    result = run(*args, "--lang", "en")
    assert "bad records 28" in result.stdout
    assert (f"help: `housing.toilet_safe` is new in {new} (line {at + 1}), with no `default:`, and 28 household "
            "records do not give it: give it a default there, e.g. `default: false`, for households that do not say, "
            "or add `toilet_safe` to each household") in result.stderr
    assert result.stderr.count("help: `housing.toilet_safe`") == 1
    assert f"{new} 新增的输入字段（第 {at + 1} 行），没有 `default:`，而有 28 条家庭记录没有填写它" in run(*args).stderr
    new.write_text(new.read_text(encoding="utf-8").replace("{type: boolean, label: {zh: 卫生厕所",  # as the help says
                                                           "{type: boolean, default: false, label: {zh: 卫生厕所"),
                   encoding="utf-8")
    followed = run(*args, "--lang", "en")
    assert "bad records 0" in followed.stdout and "toilet_safe" not in followed.stderr


def test_a_field_the_new_version_requires_is_told_by_the_key_its_findings_are_about_however_they_are_worded(tmp_path):
    new, line = _requiring_a_toilet(tmp_path)
    reworded = Said("nothing given for `toilet_safe`", "没有 `toilet_safe`", subject="toilet_safe")
    lacking = Diagnostic.said("H002", reworded, path="housing")
    bad = [BadRecord(f"h{i}.json", f"DS-{i}", "new", (lacking,)) for i in range(2)]
    (help,) = unfilled_inputs_help(bad, load_policy(ROOT / NEW)[0], load_policy(new)[0])
    assert help.en.startswith(f"`housing.toilet_safe` is new in {new} (line {line}), with no `default:`, and 2 "
                              "household records do not give it")


def test_a_field_only_the_new_version_reads_is_said_to_be_unknown_to_the_old_one_not_to_be_ignored(run, tmp_path):
    """Households written for NEW give a field OLD does not know: OLD refuses them, and `--ignore-column` would refuse
    the field (NEW reads it), so the help says which version lacks it rather than offering the option."""
    new, line = _requiring_a_toilet(tmp_path)
    written = tmp_path / "written-for-new.jsonl"
    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples/households").glob("*.json"))]
    for item in items[:3]:
        item.setdefault("housing", {})["toilet_safe"] = True
    written.write_text("".join(json.dumps(item) + "\n" for item in items[:3]), encoding="utf-8")
    result = run(NEW, str(new), "--households", str(written), "--date", "2026-03-01", "--lang", "en")
    assert "--ignore-column" not in result.stderr.replace("--ignore-column cannot leave it out", "")
    assert (f"help: `housing.toilet_safe` is an input of {new} (line {line}) that {NEW} does not know: 3 household "
            "records give it, written for the new version, and the old version refuses them") in result.stderr
    assert f"{NEW} 没有这个字段：有 3 条家庭记录按新版本填写了它，旧版本因不认识它而拒绝" in run(
        NEW, str(new), "--households", str(written), "--date", "2026-03-01").stderr


def test_a_field_the_old_version_requires_and_the_new_one_drops_is_not_said_to_be_new(run, tmp_path):
    """Swapped, the field OLD requires without a default is dropped by NEW: not added by it."""
    old, line = _requiring_a_toilet(tmp_path)
    result = run(str(old), NEW, "--households", "examples/households", "--date", "2026-03-01", "--lang", "en")
    assert "is new in" not in result.stderr
    assert (f"help: `housing.toilet_safe` is required by {old} (line {line}, no `default:`), which the new version "
            "drops, and 28 household records do not give it") in result.stderr
    assert f"`housing.toilet_safe` 是 {old} 必填的输入字段（第 {line} 行，没有 `default:`），新版本已删除它" in run(
        str(old), NEW, "--households", "examples/households", "--date", "2026-03-01").stderr


def test_records_both_versions_refuse_are_said_to_be_refused_by_both(run, tmp_path):
    items = list(households(4, 5, datetime.date(2026, 3, 1)))
    items[0]["members"][0]["sex"] = "M"
    source = tmp_path / "hh.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    args = (OLD, NEW, "--households", str(source), "--date", "2026-03-01")
    report = run(*args, "--lang", "en").stdout
    assert "the 1 bad record is left out (1 refused by both versions)\n" in report  # one record: not `records are`
    assert f"{source}:1:" in report and " [both]: members[0]" in report and "[old]" not in report
    assert "（两个版本都拒绝 1 条）" in run(*args).stdout
    assert [b["policy"] for b in json.loads(run(*args, "--format", "json").stdout)["impact"]["bad"]] == ["both"]


def test_json_totals_say_what_they_leave_out_and_markdown_lists_bad_records_as_text_does(run, tmp_path):
    new, _ = _requiring_a_toilet(tmp_path)
    args = (NEW, str(new), "--households", "examples/households", "--date", "2026-03-01", "--lang", "en")
    totals = json.loads(run(*args, "--format", "json").stdout)["impact"]["assistance"]
    assert totals["households"] == 0 and {k: totals["left_out"][k] for k in ("records", "old", "new", "both")} == {
        "records": 28, "old": 0, "new": 28, "both": 0}
    assert totals["left_out"]["message"].endswith("the 28 bad records are left out (28 refused by the new version)")
    assert {"unit", "measures", "departments"} <= set(totals)  # as before
    markdown = run(*args, "--format", "markdown").stdout
    listed = markdown.split("### Bad records (28)\n", 1)[1]
    assert ") \\[new\\]: housing: error\\[H002\\]: `toilet_safe` is missing — help: add " in listed
    assert json.loads(run(NEW, NEW, "--households", "examples/households", "--format", "json").stdout)[
        "impact"]["assistance"]["left_out"]["records"] == 0


def _with_new_types(tmp_path: Path) -> tuple[Path, int, int]:
    """NEW with an income type (`gig`, counted) and an expense type (`funeral`, rigid) OLD does not have; and the lines
    they are declared on."""
    lines = (ROOT / NEW).read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("  elderly_allowance:\n")
    lines[at:at] = ["  gig:\n", "    counted: true\n", "    label: {zh: 平台灵活就业收入, en: gig platform income}\n"]
    spent = lines.index("  disaster:\n")
    lines[spent:spent] = ["  funeral:\n", "    rigid: true\n", "    label: {zh: 丧葬费用, en: funeral costs}\n"]
    new = tmp_path / "new.yaml"
    new.write_text("".join(lines), encoding="utf-8")
    return new, at + 1, spent + 1


def test_a_type_only_the_new_version_declares_is_said_to_be_declared_there_with_what_to_do(run, tmp_path):
    """Households written for NEW give an income type and an expense type only NEW declares: OLD refuses them (H003),
    and the help names the type, where NEW declares it, and how to see what it changes for those households."""
    new, income_line, expense_line = _with_new_types(tmp_path)
    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples/households").glob("*.json"))]
    for item in items[:3]:
        item["income"].append({"type": "gig", "member": item["members"][0]["id"], "amount": 4000})
    items[3]["expenses"].append({"type": "funeral", "amount": 5000})
    written = tmp_path / "written-for-new.jsonl"
    written.write_text("".join(json.dumps(item) + "\n" for item in items[:5]), encoding="utf-8")
    args = (NEW, str(new), "--households", str(written), "--date", "2026-03-01")
    result = run(*args, "--lang", "en")
    assert "bad records 4" in result.stdout
    assert (f"help: `gig` is an income type of {new} (line {income_line}) that {NEW} does not have: 3 household "
            "records give it, written for the new version, and the old version refuses them; to see what the type "
            f"changes for them, declare `gig` in a copy of {NEW} as that version counts such income, or not "
            f"(`counted:`), and compare the copy with {new}") in result.stderr
    assert (f"help: `funeral` is an expense type of {new} (line {expense_line}) that {NEW} does not have: 1 household "
            "record gives it") in result.stderr
    assert result.stderr.count("help: `gig`") == 1 and "help: `gig` is an income type" in result.stdout
    zh = run(*args).stderr
    assert (f"提示：`gig` 是 {new} 的收入类型（第 {income_line} 行），{NEW} 没有这个类型："
            "有 3 条家庭记录按新版本填写了它，旧版本因不认识它而拒绝") in zh
    assert json.loads(run(*args, "--format", "json", "--lang", "en").stdout)["impact"]["help"][0].startswith(
        f"`gig` is an income type of {new} (line {income_line})")
    swapped = run(str(new), NEW, "--households", str(written), "--date", "2026-03-01", "--lang", "en")
    assert (f"help: `gig` is an income type of {new} (line {income_line}) that the new version, {NEW}, drops: 3 "
            "household records give it, written for the old version, and the new version refuses them") in \
        swapped.stderr


def test_a_parameter_s_rule_is_called_a_rule_in_english_as_in_chinese(run, tmp_path):
    """English called a parameter's rule `expression` where Chinese says `规则`: an auditor comparing the two reports
    read two words for one thing. Both say rule, the word of the rule language, in text, Markdown and HTML; JSON
    keeps its aspect `expression`."""
    en = run(OLD, NEW, "--lang", "en").stdout
    assert "      rule: «490 yuan/month» → «510 yuan/month»\n" in en and "      - rule: 50%\n" in en
    zh = run(OLD, NEW, "--lang", "zh").stdout
    assert "      规则：490 元/月 → 510 元/月（原文：«490 yuan/month» → «510 yuan/month»）\n" in zh
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").stdout
    assert "- removed rule: ~~50%~~" in markdown
    html = tmp_path / "report.html"
    run(OLD, NEW, "--lang", "en", "--html", str(html))
    assert "<li><b>rule</b>: " in html.read_text(encoding="utf-8")
    for said in (en, markdown, html.read_text(encoding="utf-8")):
        assert "expression" not in said
    changes = json.loads(run(OLD, NEW, "--lang", "en", "--format", "json").stdout)["changes"]
    assert "expression" in {d["aspect"] for c in changes for d in c["details"]}


def test_the_chinese_report_brackets_its_words_in_full_width_brackets_in_every_form(run, tmp_path):
    """`防止返贫监测对象医疗救助比例 (删除)` beside `（原文：…）`: the Chinese report mixed half-width brackets with
    full-width ones. What it says in brackets — a change, a relative change, a note, a place, a version — is in
    full-width brackets, in text, Markdown and the HTML report; rules and the English report keep theirs."""
    html = tmp_path / "report.html"
    text = run(OLD, NEW, "--lang", "zh", "--households", "examples/households", "--date", "2026-03-01",
               "--html", str(html)).stdout
    markdown = run(OLD, NEW, "--lang", "zh", "--format", "markdown", "--households", "examples/households",
                   "--date", "2026-03-01").stdout
    page = html.read_text(encoding="utf-8")
    assert text.startswith("政策差异：policy/2024-transition.yaml（2024-transition） → "
                           "policy/post-transition.yaml（post-transition）\n")
    assert "  - medical_share_monitoring — 防止返贫监测对象医疗救助比例（删除）  [policy/2024-transition.yaml:106 · " \
        in text
    assert ("      值：5,880.00 → 6,120.00 元/年 ⚠（+4.1%）  "
            "（policy/2024-transition.yaml:42 → policy/post-transition.yaml:42）\n") in text
    assert ("      计算值：7,644.00 → 7,956.00 元/年 ⚠（+4.1%）  （由变化的参数计算而来，其规则未变）  "
            "（policy/2024-transition.yaml:47 → policy/post-transition.yaml:47）\n") in text
    assert "      - 值：50% ⚠  （policy/2024-transition.yaml:107）\n" in text
    assert "金额（元/年）" in text and re.search(r"\d → [\d,.]+（[+−][\d.]+%）\n", text.split("帮扶金额")[1])
    assert markdown.startswith("# 政策差异：`policy/2024-transition.yaml`（2024-transition） → "
                               "`policy/post-transition.yaml`（post-transition）\n")
    assert "### - `medical_share_monitoring` — 防止返贫监测对象医疗救助比例（删除）\n" in markdown
    assert "### ~ `title` — 标题 *（措辞）*\n" in markdown
    assert "- 计算值：7,644.00 → 7,956.00 元/年 ⚠（+4.1%） *（由变化的参数计算而来，其规则未变）* — `" in markdown
    assert "| 金额（元/年） |" in markdown
    assert "防止返贫监测对象医疗救助比例（删除）" in page
    assert '元/年 ⚠（+4.1%） <span class="where">（由变化的参数计算而来，其规则未变）</span>' in page
    # the report's own words, neither a rule as written nor a label in English, have no half-width bracket
    body = html_unescape(re.sub(r"<[^>]*>", "", page.split("<body", 1)[1]))
    for said in (text, html_unescape(markdown), body):  # (markdown writes a `<` as `&lt;`)
        own = "\n".join(line for line in said.splitlines() if "（英文）" not in line)
        prose = re.sub(r"（原文：.*）|，原文：.*?(?=  （|$)|`[^`]*`", "", own, flags=re.MULTILINE)
        assert HALF_WIDTH.findall(prose) == []
    # a rule keeps its brackets, as the file writes it and in words
    assert "且 (计入收入 − 刚性支出) ÷ 家庭人口数 < " in text
    assert "(counted_income - rigid_expenses) / household_size" in text
    en = run(OLD, NEW, "--lang", "en").stdout
    assert "share of medical costs assisted for monitored households (removed)  [" in en
    assert "      value: 5,880.00 → 6,120.00 yuan/year ⚠ (+4.1%)  (policy/2024-transition.yaml:42 → " in en


def test_an_amount_gives_each_parameter_s_figure_beside_its_label_as_policy_doc_does(run, tmp_path):
    """A removed amount read `防止返贫监测对象医疗救助比例 × 医疗费用（个人自付部分）`: the auditor had to find
    the 50% of a parameter the new version no longer has in the old file."""
    zh = run(OLD, NEW, "--lang", "zh").output
    assert ("      - 金额 monitoring（防止返贫监测对象按50%救助）⚠："
            "防止返贫监测对象医疗救助比例（50% ⚠） × 医疗费用（个人自付部分）"
            "，原文：medical_share_monitoring * own_expenses.medical  （") in zh
    en = run(OLD, NEW, "--lang", "en").output
    assert ("      - amount monitoring (“monitored households at 50%”) ⚠: share of medical costs assisted for "
            "monitored households (50% ⚠) × medical costs paid out of pocket (as written: medical_share_monitoring * "
            "own_expenses.medical)") in en
    # each side by its own version's figure; a parameter's rule that is its figure is said as written alone
    text = Path(NEW).read_text(encoding="utf-8")
    edited = text.replace("  medical_share_dibao:\n    value: 70%", "  medical_share_dibao:\n    value: 75%", 1)
    edited = edited.replace("amount: medical_share_dibao * own_expenses.medical",
                            "amount: medical_share_dibao * own_expenses.medical + 0 yuan/year", 1)
    assert edited.count("75%") == text.count("75%") + 1
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    changed = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "zh").output
    assert "        旧：低保对象医疗救助比例（70% ⚠） × 医疗费用（个人自付部分），原文：" in changed
    assert "        新：低保对象医疗救助比例（75% ⚠） × 医疗费用（个人自付部分） + 0 元/年（原文：" in changed
    assert "      规则：«70%» → «75%»\n" in changed


def test_a_condition_gives_each_parameter_s_figure_beside_its_label_as_policy_doc_does(run, tmp_path):
    """A removed clause read `annual per-capita income < income line for monitoring against returning to poverty`:
    the auditor had to find the line in the old file, as for an amount before it gave its figures."""
    en = run(OLD, NEW, "--lang", "en").output
    assert ("      - clause income (“per-capita income below the monitoring line”): annual per-capita income < income "
            "line for monitoring against returning to poverty (7,300.00 yuan/year ⚠), as written: per_capita_income "
            "< monitoring_line  (policy/2024-transition.yaml:484") in en
    # each parameter's figure once, where the rule first names it
    assert ("rigid expenses > share of household income that rigid expenses must exceed (50% ⚠) × counted income and "
            "(counted income − rigid expenses) ÷ household size < income line for monitoring against returning to "
            "poverty (7,300.00 yuan/year ⚠), as written: rigid_expenses > rigid_expense_share * counted_income and "
            "(counted_income - rigid_expenses) / household_size < monitoring_line  (") in en
    zh = run(OLD, NEW, "--lang", "zh").output
    assert ("      - 条款 income（家庭人均收入低于监测收入范围）："
            "家庭年人均收入 < 防止返贫监测收入范围（7,300.00 元/年 ⚠），原文：") in zh
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    assert ("annual per-capita income &lt; income line for monitoring against returning to poverty (7,300.00 "
            "yuan/year ⚠), as written: ~~per_capita_income &lt; monitoring_line~~ ") in markdown
    # each side of a changed clause by its own version's figures; the rule as written stays the file's text
    text = Path(NEW).read_text(encoding="utf-8")
    edited = text.replace("    value: 510 yuan/month\n", "    value: 520 yuan/month\n", 1)
    edited = edited.replace("test: per_capita_income < dibao_standard\n",
                            "test: per_capita_income < dibao_standard + 0 yuan/month\n", 1)
    edited = edited.replace("test: deposits_per_capita <= dibao_standard * dibao_deposit_months\n",
                            "test: deposits_per_capita <= dibao_standard * dibao_deposit_months + dibao_standard * "
                            "0 months\n", 1)
    edited = edited.replace("label: {zh: 低保存款限额月数, ", "label: {zh: 低保存款限额（24个月）, ", 1)
    assert edited.count("520 yuan/month") == 1 and edited.count("0 months") == 1 and "（24个月）, " in edited
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    changed = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "zh").output
    assert ("        旧：家庭年人均收入 < 农村最低生活保障标准（510.00 元/月 ⚠），原文：per_capita_income < "
            "«dibao_standard»\n"
            "        新：家庭年人均收入 < 农村最低生活保障标准（520.00 元/月 ⚠） + 0 元/月（原文：per_capita_income < "
            "«dibao_standard + 0 yuan/month»）\n") in changed
    changed_en = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "en").output
    assert ("        new: annual per-capita income < rural minimum living standard (dibao standard, 520.00 "
            "yuan/month ⚠) + 0 yuan/month (as written: ") in changed_en
    # a figure once in a rule, where it first names the parameter, and not beside a label that already writes it
    assert ("        旧：家庭人均存款 ≤ 农村最低生活保障标准（510.00 元/月 ⚠） × "
            "低保存款限额月数（24 个月 ⚠），原文：") in changed
    assert ("        新：家庭人均存款 ≤ 农村最低生活保障标准（520.00 元/月 ⚠） × 低保存款限额（24个月）⚠ + "
            "农村最低生活保障标准 × 0 个月（原文：") in changed
    # the JSON report's words are those of the text report
    report = json.loads(run(NEW, str(tmp_path / "edited.yaml"), "--format", "json", "--lang", "en").stdout)
    details = [d for c in report["changes"] for d in c["details"]
               if d.get("item") == "income" and d["aspect"] == "clause"]
    assert [(d["old_words"], d["new_words"]) for d in details] == [(
        "annual per-capita income < rural minimum living standard (dibao standard, 510.00 yuan/month ⚠)",
        "annual per-capita income < rural minimum living standard (dibao standard, 520.00 yuan/month ⚠) + 0 "
        "yuan/month")]


def test_a_figure_to_confirm_is_marked_wherever_the_report_gives_it_as_policy_doc_marks_it(run, tmp_path):
    """A removed clause gave the monitoring line as a settled figure, `(7,300.00 yuan/year)`, where `policy doc`
    marks it and the report marks the margin line computed from such a figure (`9,180.00 元/年 ⚠`): a parameter's
    figure to confirm is marked ⚠ too, in each language and format."""
    en = run(OLD, NEW, "--lang", "en").output
    assert ("annual per-capita income < income line for monitoring against returning to poverty (7,300.00 yuan/year "
            "⚠), as written: per_capita_income < monitoring_line  (") in en
    assert "share of medical costs assisted for monitored households (50% ⚠) × medical costs" in en
    zh = run(OLD, NEW, "--lang", "zh").output
    assert "家庭年人均收入 < 防止返贫监测收入范围（7,300.00 元/年 ⚠），原文：" in zh
    assert "防止返贫监测对象医疗救助比例（50% ⚠） × 医疗费用（个人自付部分）" in zh
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    assert "income line for monitoring against returning to poverty (7,300.00 yuan/year ⚠), as written:" in markdown
    # a figure settled in the file is given as it is
    lines = Path(OLD).read_text(encoding="utf-8").split("\n")
    at = lines.index("  monitoring_line:")
    confirm = next(i for i in range(at, at + 6) if lines[i].startswith("    confirm:"))
    del lines[confirm]
    (tmp_path / "settled.yaml").write_text("\n".join(lines), encoding="utf-8")
    assert ("income line for monitoring against returning to poverty (7,300.00 yuan/year), as written: "
            "per_capita_income < monitoring_line  (") in run(str(tmp_path / "settled.yaml"), NEW, "--lang", "en").output


def test_a_changed_clause_gives_the_value_of_a_definition_computed_from_parameters_alone(run, tmp_path):
    """`家庭年人均收入 < 低保边缘收入标准` gave no figure for the line either side was measured against."""
    edited = Path(NEW).read_text(encoding="utf-8").replace(
        "test: per_capita_income < marginal_line\n", "test: per_capita_income <= marginal_line\n", 1)
    edited = edited.replace("    value: 1.5\n", "    value: 2\n", 1)
    assert edited.count("per_capita_income <= marginal_line") == 1 and "    value: 2\n" in edited
    (tmp_path / "edited.yaml").write_text(edited, encoding="utf-8")
    changed = run(NEW, str(tmp_path / "edited.yaml"), "--lang", "zh").output
    assert "        旧：家庭年人均收入 < 低保边缘收入标准（9,180.00 元/年 ⚠），原文：" in changed
    assert "        新：家庭年人均收入 ≤ 低保边缘收入标准（12,240.00 元/年 ⚠），原文：" in changed


def test_a_value_to_confirm_is_marked_beside_its_figure_with_its_note_under_it(run, tmp_path):
    """A value's line gave its figure as a settled one and the ⚠ only on the next line, with the note, where every
    rule of the report and `policy doc` mark the figure itself (`（7,300.00 元/年 ⚠）`): the ⚠ is beside the figure
    it is about, in each language and format, and the note stays under the line."""
    zh = run(OLD, NEW, "--lang", "zh").output.split("\n")
    at = next(i for i, line in enumerate(zh) if line.strip().startswith("值：5,880.00"))
    assert zh[at].strip().startswith("值：5,880.00 → 6,120.00 元/年 ⚠（+4.1%）  （policy/2024-transition.yaml:42")
    assert zh[at + 1].strip() == "⚠ 以县级公布标准为准（本地待确认值）"
    assert "      计算值：7,644.00 → 7,956.00 元/年 ⚠（+4.1%）  （由变化的参数计算而来，其规则未变）" in "\n".join(zh)
    assert any(line.startswith("      - 值：50% ⚠  （policy/2024-transition.yaml:107）") for line in zh)
    en = run(OLD, NEW, "--lang", "en").output
    assert "      value: 7,300.00 → 7,600.00 yuan/year ⚠ (+4.1%)  (policy/" in en
    assert ("      limit deposits (“deposits per head within 24 months of the dibao standard”) ⚠: 11,760.00 → "
            "12,240.00 yuan ⚠ (+4.1%)  (computed from") in en
    assert "      computed amount: 637.00 → 663.00 yuan/month ⚠ (+4.1%)  (computed from" in en
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    assert "- value: 5,880.00 → 6,120.00 yuan/year ⚠ (+4.1%) — " in markdown
    assert "  - ⚠ local value to confirm with the county's published figure" in markdown
    page = tmp_path / "report.html"
    run(OLD, NEW, "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert "5,880.00 → 6,120.00 元/年 ⚠（+4.1%）" in html
    assert '<span class="note">⚠ 以县级公布标准为准（本地待确认值）</span>' in html
    # a figure the new version settles (its `confirm:` dropped) is given as it is
    lines = Path(NEW).read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  monitoring_line:"))
    del lines[next(i for i in range(at, at + 6) if lines[i].startswith("    confirm:"))]
    (tmp_path / "settled.yaml").write_text("\n".join(lines), encoding="utf-8")
    assert "      value: 7,300.00 → 7,600.00 yuan/year (+4.1%)  (policy/" in run(
        OLD, str(tmp_path / "settled.yaml"), "--lang", "en").output


def test_a_ground_to_confirm_is_marked_beside_the_clause_it_is_with_its_note_under_it(run, tmp_path):
    """Post-transition's `hardship` clause, a county's own ground (`confirm:`), was listed as a settled clause and
    marked ⚠ only on the next line, where an explanation marks the clause itself (`不满足“…”⚠这一条件`): the ⚠ is
    beside the clause it is about, in each language and format, and the note stays under the line."""
    zh = run(OLD, NEW, "--lang", "zh").output.split("\n")
    at = next(i for i, line in enumerate(zh) if line.strip().startswith("+ 条款 hardship"))
    assert zh[at].strip().startswith("+ 条款 hardship（住房或饮水不安全、患重特大疾病或遭受灾害损失）⚠：住房不安全")
    assert zh[at + 1].strip() == "⚠ 本地增设的认定条件，以县级公布的认定办法为准（待确认）"
    en = run(OLD, NEW, "--lang", "en").output
    assert ("      + clause hardship (“unsafe housing or water / a serious illness / losses from a disaster”) ⚠: "
            "housing is unsafe") in en
    markdown = run(OLD, NEW, "--lang", "en", "--format", "markdown").output
    assert "- added clause `hardship` (“unsafe housing or water / a serious illness / losses from a disaster”) ⚠: " \
        in markdown
    page = tmp_path / "report.html"
    run(OLD, NEW, "--lang", "en", "--html", str(page))
    assert "<b>clause hardship (“unsafe housing or water / a serious illness / losses from a disaster”) ⚠</b>" in \
        page.read_text(encoding="utf-8")
    # a settled clause is given as it is
    text = (ROOT / NEW).read_text(encoding="utf-8")
    note = next(line for line in text.splitlines(keepends=True) if "confirm: {zh: 本地增设的认定条件" in line)
    (tmp_path / "new.yaml").write_text(text.replace(note, ""), encoding="utf-8")
    assert "      + clause hardship (“unsafe housing or water / a serious illness / losses from a disaster”): " in run(
        OLD, str(tmp_path / "new.yaml"), "--lang", "en").output


def test_the_warned_households_and_unusable_changes_of_the_json_report_follow_its_language(run, tmp_path):
    """Under `--lang zh` the first households warned of for their data (`impact.warned.kinds[].first`) and the
    finding that stops a change applied on its own (`impact.unusable`) gave their words in English alone, where the
    bad records beside them have their Chinese under `zh`: they now have it too; under `--lang en` they stay
    English alone. The English words, read by scripts, are the same in both."""
    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    example["expenses"] = [{"type": "medical", "amount": 3000}]  # an expense line of no member (H010)
    lines = tmp_path / "county.jsonl"
    lines.write_text(json.dumps(example) + "\n", encoding="utf-8")
    args = [OLD, NEW, "--households", str(lines), "--date", "2026-03-01", "--format", "json"]
    chinese, english = (json.loads(run(*args, "--lang", lang).stdout)["impact"]["warned"] for lang in ("zh", "en"))
    [first] = chinese["kinds"][0]["first"]
    assert first["diagnostics"][0]["zh"]["message"].startswith(
        "医疗费用（个人自付部分）（medical）、3,000.00 元/年：写在整户名下，没有写明成员")
    assert first["diagnostics"][0]["zh"]["help"].startswith("请")
    assert first["diagnostics"][0]["message"].startswith("medical costs paid out of pocket (medical), 3,000.00 yuan")
    [alone] = english["kinds"][0]["first"]
    assert "zh" not in alone["diagnostics"][0]
    assert [{k: v for k, v in d.items() if k != "zh"} for d in first["diagnostics"]] == alone["diagnostics"]
    # a new enum value and the indicator that reads it: the indicator alone refers to a value the old input lacks
    base = (ROOT / BASE).read_text(encoding="utf-8")
    new = tmp_path / "graded.yaml"
    new.write_text(base.replace("values: [A, B, C, D],", "values: [A, B, C, D, E],")
                   .replace('in {"C", "D"}', 'in {"C", "D", "E"}'), encoding="utf-8")
    pair = [BASE, str(new), "--households", HOUSEHOLDS, "--date", "2025-01-01", "--format", "json"]
    unusable = {lang: json.loads(run(*pair, "--lang", lang).stdout)["impact"]["unusable"] for lang in ("zh", "en")}
    said = unusable["zh"]["indicators.housing_unsafe"]
    assert (said["code"], said["message"]) == ("C003", unusable["en"]["indicators.housing_unsafe"]["message"])
    assert re.search("[\u4e00-\u9fff]", said["zh"]["message"]) and "`housing.safety_grade`" in said["zh"]["message"]
    assert "zh" not in unusable["en"]["indicators.housing_unsafe"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_a_change_that_cannot_be_applied_alone_is_said_in_the_reports_language(run, tmp_path, fmt):
    """The finding that stops a change applied on its own was printed in English under `--lang zh` in the text,
    markdown and HTML reports, beside a heading in Chinese: each report now says it in its language."""
    base = (ROOT / BASE).read_text(encoding="utf-8")
    new = tmp_path / "graded.yaml"
    new.write_text(base.replace("values: [A, B, C, D],", "values: [A, B, C, D, E],")
                   .replace('in {"C", "D"}', 'in {"C", "D", "E"}'), encoding="utf-8")
    page = tmp_path / "report.html"
    pair = [BASE, str(new), "--households", HOUSEHOLDS, "--date", "2025-01-01",
            *(["--html", str(page)] if fmt == "html" else ["--format", fmt])]

    def said(lang: str) -> str:  # the words as read: no HTML tags
        out = run(*pair, "--lang", lang).stdout
        text = page.read_text(encoding="utf-8") if fmt == "html" else out
        return html_unescape(re.sub(r"</?code>", "", text))

    chinese, english = said("zh"), said("en")
    assert re.search(r"indicators\.housing_unsafe`?：`\"E\"` 不是 `housing\.safety_grade` 已声明的可选值", chinese)
    assert "is not one of the declared values" not in chinese
    assert "is not one of the declared values of `housing.safety_grade`" in english


# -- markdown code spans ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_findings_keep_their_code_spans_as_code(run, lang):
    """A finding's `value` was written \\`value\\` in the markdown report, so a rendered page showed the backticks
    instead of code: a code span now goes through as code, in both languages."""
    import markdown

    source = run(BASE, "tests/fixtures/diff/param.yaml", "--lang", lang, "--format", "markdown").stdout
    warning = next(line for line in source.splitlines() if "L008" in line)
    assert "`policy check`" in warning and "\\`" not in warning
    assert "<code>policy check</code>" in markdown.markdown(warning)


def test_markdown_escapes_markup_outside_code_spans_and_a_table_cells_bar_in_any():
    """A code span stays code; in a table cell, one that holds a `|` is `<code>`, which Python-Markdown and GitHub both
    read as code in one cell (Python-Markdown shows a code span's `\\|` with its backslash; GitHub ends the cell at a
    `|` in one)."""
    import markdown

    from engine.markdown_text import md_escape

    assert md_escape("write `a*b | c_d` for *a* or _b_ | c") == "write `a*b | c_d` for \\*a\\* or \\_b\\_ \\| c"
    assert md_escape("housing_unsafe, `x | y`, `z`", table=True) == "housing_unsafe, <code>x \\| y</code>, `z`"
    assert md_escape("a lone ` backtick, ``two `` ones") == "a lone \\` backtick, ``two `` ones"
    escaped = md_escape("*d* `e` ` f")
    assert markdown.markdown(escaped) == "<p>*d* <code>e</code> ` f</p>"
    assert md_escape("a < b, <br>") == "a &lt; b, &lt;br\\>"  # `\\<` is no escape to Python-Markdown
    assert markdown.markdown(md_escape("a < b, <br>")) == "<p>a &lt; b, &lt;br&gt;</p>"
    row = markdown.markdown(f"| x |\n|---|\n| {md_escape('`p | q` *r*', table=True)} |", extensions=["tables"])
    assert "<td><code>p | q</code> *r*</td>" in row
    cell = md_escape("`` a*b | `c` &amp; `` d", table=True)
    row = markdown.markdown(f"| x |\n|---|\n| {cell} |", extensions=["tables"])
    assert "<td><code>a*b | `c` &amp;amp;</code> d</td>" in row  # as GitHub reads it too


def test_markdown_escapes_a_tilde_and_a_list_or_heading_mark_only_where_a_line_starts():
    """`\\~` showed its backslash in Python-Markdown, while GitHub strikes out text between tildes: a `~` is
    `&#126;`, as written in both. Text that starts a line with `- `, `+ `, `1. ` or `#` (after `- ` of a list item
    too) made a list item or a heading of it, and a heading dropped a last `#` (`C#`): those are escaped, where a line
    starts or ends only; mid-line, and in a table cell, they stay as written."""
    import markdown

    from engine.markdown_text import md_escape

    assert md_escape("16~60 岁, ~~a~~") == "16&#126;60 岁, &#126;&#126;a&#126;&#126;"
    assert markdown.markdown(md_escape("16~60 岁")) == "<p>16&#126;60 岁</p>"  # `~` to a browser
    for text in ("- a", "+ a", "1. a", "12) a", "# a", "#a", "---", "C#", "a #"):
        for line, html in (("{}", "<p>{}</p>"), ("- {}", "<ul>\n<li>{}</li>\n</ul>"), ("### {}", "<h3>{}</h3>")):
            assert markdown.markdown(line.format(md_escape(text))) == html.format(text), (line, text)
    assert md_escape("- a\n1. b") == "\\- a\n1\\. b"
    assert markdown.markdown(md_escape("- a\n1. b")) == "<p>- a\n1. b</p>"
    assert md_escape("a - b + c 1. d #e and `- f`") == "a - b + c 1. d #e and `- f`"  # no mark: as written
    assert md_escape("- a #", table=True) == "- a #"


def test_markdown_escapes_an_ampersand_only_where_it_would_start_an_entity():
    """`&amp;` rendered as `&` and `&copy;` as `©`, in Python-Markdown and on GitHub alike: a `&` that starts an
    entity (`&`, letters or digits or `#` and a number, `;`) is written `&amp;`; any other (`R&D`, `R&D；`) stays."""
    import markdown

    from engine.markdown_text import md_escape

    for text in ("&amp;", "&copy; 2024", "a &#126; b &#x41; &#X41;", "R&D;", "R&D；", "x & y", "`&amp;` &lt;"):
        for line, html, table in (("{}", "<p>{}</p>", False), ("- {}", "<li>{}</li>", False),
                                  ("| x |\n|---|\n| {} |", "<td>{}</td>", True)):
            rendered = markdown.markdown(line.format(md_escape(text, table)), extensions=["tables"])
            assert html.format(text) in html_unescape(re.sub("</?code>", "`", rendered)), (line, text)
    assert md_escape("R&D; &amp; R&D；, x & y") == "R&amp;D; &amp;amp; R&D；, x & y"
    assert md_escape("`&amp;`") == "`&amp;`"  # in code, as written


def test_markdown_escapes_a_line_of_equals_signs_that_would_make_the_line_above_a_heading():
    """A line of text made only of `=` (or of `-`) under another made that one a heading (`<h1>a</h1>` for `a\\n===`),
    in Python-Markdown and on GitHub alike: where text starts a line with it, its first `=` is `&#61;` (`\\=` shows its
    backslash in Python-Markdown) and its first `-` is `\\-`; a `=` elsewhere stays as written."""
    import markdown

    from engine.markdown_text import md_escape

    for text in ("a\n===", "a\n=", "a\n  ==  ", "a\n---", "a\n-", "a\n- - -", "a = b\n== c", "===", "=== a"):
        for line, html in (("{}", "<p>{}</p>"), ("- {}", "<li>{}</li>"), ("x\n{}", "<p>x\n{}</p>")):
            rendered = markdown.markdown(line.format(md_escape(text)))
            assert html.format(text) in html_unescape(rendered), (line, text)
    assert md_escape("a\n===\n==") == "a\n&#61;==\n&#61;="
    assert md_escape("a == b\n== c\n=== a", table=True) == "a == b == c === a"


def test_a_markdown_table_cell_is_its_text_escaped_and_a_list_its_lines_one_under_the_other():
    """The one way every markdown report writes a table's cell (`md_cell`): its text escaped as a cell's, so that a `|`
    does not end it and a code span that holds one is code in the one cell; a list of lines, joined by `<br>`."""
    import markdown

    from engine.markdown_text import md_cell

    assert md_cell("wage | *bonus*\n- x") == "wage \\| \\*bonus\\* - x"
    assert md_cell(["a | b", "`C|D` &amp;", ""]) == "a \\| b<br><code>C\\|D</code> &amp;amp;<br>"
    assert md_cell([]) == ""
    row = markdown.markdown(f"| x | y |\n|---|---|\n| {md_cell(['a | b', '`C|D`'])} | {md_cell('_e_')} |",
                            extensions=["tables"])
    assert "<td>a | b<br><code>C|D</code></td>\n<td>_e_</td>" in row


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_tables_show_a_label_s_code_with_a_bar_as_code_in_one_cell(run, tmp_path, lang):
    """A label quoting a value with a `|` as code (`` `C|D` ``) showed its backticks and escape in the causes, the
    changed households' and the assistance tables: in a cell it is `<code>`, as `policy doc` writes a rule with a `|`,
    which Python-Markdown and GitHub both read as code in one cell."""
    import markdown

    for name in ("base", "clause"):
        text = (ROOT / "tests" / "fixtures" / "diff" / f"{name}.yaml").read_text(encoding="utf-8")
        text = text.replace("{zh: 低保金, en: dibao benefit}", "{zh: '低保金 `C|D`', en: 'dibao benefit `C|D`'}")
        text = text.replace("{zh: 低保边缘, en: dibao margin}", "{zh: '低保边缘 `a | b`', en: 'dibao margin `a | b`'}")
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    source = run(str(tmp_path / "base.yaml"), str(tmp_path / "clause.yaml"), "--households", HOUSEHOLDS,
                 "--lang", lang, "--format", "markdown").stdout
    benefit, margin = {"en": ("dibao benefit", "dibao margin"), "zh": ("低保金", "低保边缘")}[lang]
    assert f"| {benefit} <code>C\\|D</code> | " in source
    html = markdown.markdown(source, extensions=["tables"])
    assert f"<td>{benefit} <code>C|D</code></td>" in html
    assert html.count(f"<td>{margin} <code>a | b</code> → ") == 2  # the causes' and the changed households' rows
    for table in html.split("<table>")[1:]:  # every row as many cells as its head
        head, body = table.split("</thead>")
        cells = len(re.findall("<th[ >]", head))
        assert all(row.count("<td") == cells for row in body.split("</table>")[0].split("<tr>")[1:]), table


def test_one_household_of_an_abolished_category_in_none_is_said_in_the_singular(run, tmp_path):
    """`1 of the 7 households that held it meet no household category's rule` read as a slip in an auditor's report."""
    sampled = tmp_path / "households.jsonl"
    assert CliRunner().invoke(cli, ["sample", "--n", "20", "--seed", "7", "-o", str(sampled)]).exit_code == 0
    text = run(OLD, NEW, "--households", str(sampled), "--lang", "en").output
    assert ("each decided by the new version's rules — 1 of the 7 households that held it meets no household "
            "category's rule and is in none.\n") in text
    assert "原属该类别的 7 户中，1 户不符合任何户级类别的条件" in run(OLD, NEW, "--households", str(sampled)).output
    impact = json.loads(run(OLD, NEW, "--households", str(sampled), "--format", "json").stdout)["impact"]
    alone = next(c["id"] for c in impact["changed"]
                 if c["old"]["categories"] == ["monitoring"] and c["new"]["categories"] == [])
    lone = tmp_path / "one.jsonl"
    lone.write_text(next(line for line in sampled.read_text(encoding="utf-8").splitlines()
                         if json.loads(line)["id"] == alone) + "\n", encoding="utf-8")
    text = run(OLD, NEW, "--households", str(lone), "--lang", "en").output
    assert ("each decided by the new version's rules — the one household that held it meets no household category's "
            "rule and is in none.\n") in text
    assert ("每户按新版本的规则认定——原属该类别的 1 户不符合任何户级类别的条件，计入“无”（表中 none 列）。\n"
            in run(OLD, NEW, "--households", str(lone), "--lang", "zh").output)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_keeps_a_file_s_path_or_a_household_s_id_holding_a_backtick_as_one_code_span(run, tmp_path, lang):
    """A policy file's or a households file's path, or a household's id, holding a backtick (`` o`ld.yaml ``, `` W`1 ``)
    ended the code span it stood in, in the title, an entry's place and the households warned of: the rest showed as
    text with a stray backtick. Each is written as `md_code` writes code, and reads as one piece of code."""
    import markdown

    old, new, households = tmp_path / "o`ld.yaml", tmp_path / "n`ew.yaml", tmp_path / "h`h.jsonl"
    for shipped, path in ((OLD, old), (NEW, new)):
        path.write_text((ROOT / shipped).read_text(encoding="utf-8"), encoding="utf-8")
    warned = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    warned["id"], warned["expenses"] = "W`1", [{"type": "medical", "amount": 3000}]  # of no member (H010)
    households.write_text(json.dumps(warned) + "\n", encoding="utf-8")
    source = run(str(old), str(new), "--households", str(households), "--date", "2026-03-01", "--lang", lang,
                 "--format", "markdown").stdout
    html = markdown.markdown(source, extensions=["tables"])
    title = html.split("</h1>")[0]
    assert f"<code>{old}</code>" in title and f"<code>{new}</code>" in title
    assert f"<code>{old}:10 → {new}:10</code>" in html and f"<code>W`1</code> <code>{households}:1:" in html
    # no piece of a place or of an id left as text, but in a table's cell, where a household's place is text
    outside = re.sub("<code>[^<]*</code>|<td>[^<]*</td>", "", html)
    assert not re.search(r"(ld|ew)\.yaml[:`]|h\.jsonl:|1`", outside), outside


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_warned_of_whose_id_holds_a_line_break_is_listed_on_one_line_with_its_id_quoted(run, tmp_path,
                                                                                                     lang):
    """An id read from `"C:\\new"` was listed as it was read: `C:` ended the line, and `ew: …` began the next, the
    warning cut from the household it is about. It is quoted as JSON writes it, as the warning quotes it."""
    import markdown

    warned = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    warned["id"] = "C:\new"
    households = tmp_path / "in.jsonl"
    households.write_text(json.dumps(warned) + "\n", encoding="utf-8")
    args = [OLD, NEW, "--households", str(households), "--date", "2026-03-01", "--lang", lang]
    text = run(*args).stdout
    text = text[text.index("\n", text.index("H016")):]  # the households warned of
    listed = [line for line in text.splitlines() if "[H016]" in line]
    assert listed and all(line.lstrip().startswith(f'"C:\\new": {households}:1:8: id: ') for line in listed), text
    assert "C:\n" not in text
    html = markdown.markdown(run(*args, "--format", "markdown").stdout)
    html = html[html.index("H016"):]
    assert '<code>"C:\\new"</code>' in html and "C:\n" not in html
    assert json.loads(run(*args, "--format", "json").stdout)["impact"]["warned"]["kinds"][0]["first"][0][
        "household"] == "C:\new"  # JSON writes it escaped itself


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_control_character_in_a_text_of_csv_tables_or_parquet_is_not_counted_as_read_from_a_backslash(run,
                                                                                                    tmp_path, lang):
    """A cell of CSV tables or a text of Parquet holds a control character as it was typed or written, never read from
    JSON's backslash: the report counted it under `a control character in a text, read from a backslash (H016)`, as
    of JSON, while its warning said to delete it from the cell, or to correct it where the data come from."""
    from engine.batch.parquet_layout import write_households_parquet

    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    items = [example, {**example, "id": "C:\new"}]
    policy = load_policy(ROOT / NEW)[0]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    write_households_parquet(items, tmp_path / "in.parquet", policy)
    write_households_csv(items, tmp_path / "tables", policy)
    backslash = "read from a backslash" if lang == "en" else "反斜杠"
    kind = "a control character in a text (H016)" if lang == "en" else "文本中有控制字符（H016）"

    def report(source: str, fmt: str = "text") -> str:
        result = run(OLD, NEW, "--households", str(tmp_path / source), "--date", "2026-03-01", "--lang", lang,
                     "--format", fmt)
        assert result.exit_code == 1, result.output
        return result.stdout

    assert backslash in report("in.jsonl")
    for source in ("in.parquet", "tables"):
        text = report(source)
        assert f"  1  {kind}\n" in text and backslash not in text, text
        assert kind in report(source, "markdown")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_changed_household_whose_id_holds_a_line_break_is_listed_on_one_line_with_its_id_quoted(run, tmp_path,
                                                                                                   lang):
    """An id read from `"C:\\new"` was listed among the households that move as it was read: `C:` ended the line and
    `ew (in.jsonl:1): …` began the next. It is quoted as JSON writes it, in text, in markdown's table and in HTML;
    the JSON report keeps the id as it is."""
    import markdown

    moved = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    moved["id"] = "C:\new"
    households = tmp_path / "in.jsonl"
    households.write_text(json.dumps(moved) + "\n", encoding="utf-8")
    args = [OLD, NEW, "--households", str(households), "--lang", lang]
    text = run(*args).stdout
    listed = [line for line in text.splitlines() if f"{households}:1" in line and "H016" not in line]
    assert listed and all(line.startswith('  "C:\\new"') for line in listed) and "C:\n" not in text, text
    html = markdown.markdown(run(*args, "--format", "markdown").stdout, extensions=["tables"])
    assert '<td>"C:\\new"</td>' in html and "C:\n" not in html, html
    report = tmp_path / "report.html"
    run(*args, "--html", str(report))
    assert '<td>&quot;C:\\new&quot;</td>' in report.read_text(encoding="utf-8")
    assert json.loads(run(*args, "--format", "json").stdout)["impact"]["changed"][0]["id"] == "C:\new"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_label_that_quotes_words_of_its_own_keeps_them_in_single_quotes_where_the_report_quotes_it(
        run, tmp_path, lang):
    """A category's label that quotes words of its own (`防止返贫“监测”对象`), quoted by the report where the
    category is abolished, renamed or a change of its names it, nested double quotes (`“防止返贫“监测”对象”取消`);
    its own quotes are a quote within a quote, `“防止返贫‘监测’对象”`, as explanations say it."""
    monitored = "label: {zh: 防止返贫监测对象, en: household monitored against returning to poverty}"
    quoted = "label: {zh: 防止返贫“监测”对象, en: household “monitored” against returning to poverty}"
    marginal = "label: {zh: 低保边缘家庭成员, en: household on the margin of dibao}"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old_text, new_text = (Path(p).read_text(encoding="utf-8") for p in (OLD, NEW))
    assert old_text.count(monitored) == new_text.count(monitored) == old_text.count(marginal) == 1
    old.write_text(old_text.replace(monitored, quoted).replace(marginal, "label: {zh: 低保“边缘”家庭成员, en: "
                                                                     "household on the “margin” of dibao}"),
                   encoding="utf-8")
    new.write_text(new_text.replace(monitored, quoted).replace("value: 510 yuan/month", "value: 540 yuan/month", 1),
                   encoding="utf-8")
    said = run(str(old), str(new), "--households", "examples/households", "--date", "2026-03-01", "--lang", lang,
               "--show", "0").output
    assert ("防止返贫‘监测’对象" if lang == "zh" else "household ‘monitored’ against") in said
    assert ("低保‘边缘’家庭成员" if lang == "zh" else "the ‘margin’ of dibao") in said
    assert quotes_nested_alike(said) == []
