"""Bad policies paired with what `policy check` must say about them, and the error catalogue.

Each file in tests/fixtures/bad/ is the mini policy with one mistake; expected.yaml lists, for
each, every diagnostic with its code, exact message, place and help. A wrong location or an
unhelpful message is fixed in the engine, never in the expectation.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.diagnostics import CODES, MAX_SHOWN, TAB_SHOWN, Diagnostic, PolicyError, Said, Span, render, source_lines
from engine.listed_rules import listed_rule_help
from engine.loader import load_policy
from tests.helpers import diagnostics_of_text

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "bad"
EXPECTED: dict[str, list[dict[str, Any]]] = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
FIXTURES = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "expected.yaml")
ERRORS_MD = ROOT / "docs" / "errors.md"


def diagnostics_of(path: Path) -> list[Diagnostic]:
    """Everything loading reports: the errors it raised, or the warnings of a policy that loaded."""
    try:
        _, warnings = load_policy(path)
    except PolicyError as error:
        return error.diagnostics
    return warnings


def test_every_fixture_has_an_expectation_and_every_expectation_a_fixture():
    assert sorted(EXPECTED) == FIXTURES
    assert len(FIXTURES) >= 28


def test_the_fixtures_cover_every_stage():
    codes = {d["code"] for expected in EXPECTED.values() for d in expected}
    for group in "LSC":
        assert any(code.startswith(group) for code in codes), group
    assert {"C005", "C006", "C011"} <= codes  # warnings too


@pytest.mark.parametrize("name", FIXTURES)
def test_bad_policy_reports_what_is_expected(name: str):
    path = BAD / name
    found = diagnostics_of(path)
    expected = EXPECTED[name]
    shown = "\n".join(render(d) for d in found)
    assert len(found) == len(expected), f"{name} reported:\n{shown}"
    for got, want in zip(found, expected, strict=True):
        assert got.code == want["code"], shown
        assert got.severity == want.get("severity", "error"), shown
        assert got.message == want["message"], shown
        assert got.span is not None, shown
        assert got.span.file == str(path)
        assert (got.span.line, got.span.column) == (want["line"], want["column"]), shown
        if "end_column" in want:
            assert (got.span.end_line, got.span.end_column) == (want["line"], want["end_column"]), shown
        if "help" in want:
            assert got.help is not None and want["help"] in got.help, shown


@pytest.mark.parametrize("name", FIXTURES)
def test_messages_follow_the_house_style(name: str):
    for d in diagnostics_of(BAD / name):
        assert d.code in CODES
        assert not d.message[0].isupper(), d.message
        assert not d.message.endswith("."), d.message
        assert "\n" not in d.message
        assert d.help is None or ("\n" not in d.help and not d.help.endswith(".")), d.help
        assert "Traceback" not in d.message


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _underlined(source: str, caret: str) -> str:
    """The characters of a rendered source line that stand above the carets, counted in terminal columns."""
    shown, marks = source[source.index("|") + 2:], caret[caret.index("|") + 2:]
    first, last = marks.index("^"), marks.rindex("^") + 1
    column, picked = 0, []
    for ch in shown:
        if first <= column < last:
            picked.append(ch)
        column += _columns(ch)
    return "".join(picked)


def _check_underline(d: Diagnostic, lines: list[str]) -> None:
    source, caret = render(d, lines).splitlines()[1:3]
    assert d.span is not None
    line = lines[d.span.line - 1].replace("\t", TAB_SHOWN)
    start = d.span.column - 1
    spanned = line[start:d.span.end_column - 1] if d.span.end_line == d.span.line else line[start:]
    under = _underlined(source, caret)
    assert under == (spanned or line[start:start + 1]) or (under and spanned.startswith(under)), (under, spanned)
    assert _columns(source) <= MAX_SHOWN + 12, "a long line is shown as a window around the mistake"


@pytest.mark.parametrize("name", FIXTURES)
def test_the_underline_sits_under_the_span(name: str):
    # in a terminal a Chinese character takes two columns: the caret counts them so
    path = BAD / name
    lines = source_lines(str(path))
    for d in diagnostics_of(path):
        assert d.span is not None
        if lines and d.span.line <= len(lines):
            _check_underline(d, lines)


@pytest.mark.parametrize("column", [1, 30, 600, 1150, 1195])
def test_a_very_long_line_is_shown_around_the_mistake(column: int):
    line = "    test: " + " or ".join(f"age < {n}" for n in range(120))
    d = Diagnostic("S002", "unexpected `<`", Span("p.yaml", 1, column, 1, column + 4))
    source = render(d, [line]).splitlines()[1]
    _check_underline(d, [line])
    assert source.count("…") == (column > 41) + (column < len(line) - 100)


@pytest.mark.parametrize(("line", "shown", "caret"), [("\t- id: income", "→- id: income", "^"),
                                                      ("      -\tid: income", "      -→id: income", "       ^")])
def test_a_tab_in_the_line_shown_is_marked_where_the_caret_points(line: str, shown: str, caret: str):
    text = MINI.read_text(encoding="utf-8").replace("      - id: income\n", line + "\n")
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    (d,) = caught.value.diagnostics
    for lang in ("en", "zh"):
        assert render(d, text.split("\n"), lang).splitlines()[1:3] == [f"  48 | {shown}", f"     | {caret}"]


def test_a_file_that_does_not_exist_is_reported_without_a_traceback(tmp_path: Path):
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path / "missing.yaml")
    (d,) = caught.value.diagnostics
    assert d.code == "L001"
    assert d.message.startswith("cannot read the file")


SHIPPED = ROOT / "policy" / "post-transition.yaml"
_QUESTION = "en: was the wage written in units of ten thousand yuan (万元)?}}"  # a `?` ending a value in `{…}`


def test_an_indentation_mistake_in_a_copy_of_the_shipped_policy_is_reported_where_it_is():
    """The shipped file's hints end with `?` inside `{…}`: a mistake further on is reported at its own line."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert _QUESTION in text
    old = "        test: housing_unsafe or water_unsafe or any(members where serious_illness) or disaster_loss > 0\n"
    assert text.count(old) == 1
    broken = text.replace(old, " " + old)
    with pytest.raises(PolicyError) as caught:
        load_policy("my-policy.yaml", raw=broken.encode("utf-8"))
    (d,) = caught.value.diagnostics
    line = broken[:broken.index(" " + old)].count("\n") + 1
    assert (d.code, d.span.line if d.span else None) == ("L002", line), render(d)


def test_full_width_spaces_as_indentation_are_named_on_their_own_line():
    """A Chinese input method types U+3000 for a space: YAML reads it as text, so it stopped a line later and
    blamed that line's indentation (and suggested single quotes)."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "    share: 1 - employment_cost_rate\n"
    assert text.count(old) == 1
    broken = text.replace(old, "\u3000\u3000share: 1 - employment_cost_rate\n")
    with pytest.raises(PolicyError) as caught:
        load_policy("my-policy.yaml", raw=broken.encode("utf-8"))
    (d,) = caught.value.diagnostics
    line = broken[:broken.index("\u3000")].count("\n") + 1
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == ("L002", line, 1, 3)
    assert d.zh == ("不是有效的 YAML：缩进中用了全角空格",
                    "YAML 只能用普通空格缩进：请把它们换成普通（半角）空格（全角空格是中文输入法打出的）")


def test_full_width_spaces_inside_a_block_of_text_are_its_text():
    text = MINI.read_text(encoding="utf-8")
    old = "    source: doc 附件1\n"
    assert text.count(old) == 1
    block = "    source: |\n      doc 附件1\n      \u3000\u3000第二段\n"  # a paragraph indented the Chinese way
    policy, _ = load_policy("mini.yaml", raw=text.replace(old, block).encode("utf-8"))
    assert policy.meta.version == "v1"


def test_a_full_width_space_after_a_colon_is_named_in_chinese_as_in_a_rule():
    text = MINI.read_text(encoding="utf-8").replace("value: 490 yuan/month", "value:\u3000490 yuan/month")
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    (d,) = caught.value.diagnostics
    assert d.zh == ("不是有效的 YAML：`value:` 后面是全角空格，不是普通空格",
                    "冒号后请改为普通空格（这个全角空格是中文输入法打出的）：`value: 490 yuan/month`")


@pytest.mark.parametrize(("date", "help"), [("2025－12－31", "日期中的 `－` 是全角连字符：请写 `2025-12-31`"),
                                             ("２０２５－１２－３１", "日期中有全角字符：请写 `2025-12-31`"),
                                             ("2025-02-29", "2025-02 只有 28 天")])
def test_a_date_that_is_no_date_is_said_in_chinese_with_its_place_and_fix(date: str, help: str):
    text = MINI.read_text(encoding="utf-8").replace("to: 2025-12-31}", f"to: {date}}}")
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    (d,) = caught.value.diagnostics
    assert d.zh == (f"`policy.effective.to` 的 `{date}` 不是日期", help)


@pytest.mark.parametrize(("old", "written", "path", "read", "text_too"), [
    ("review_working_days: 25", "025", "process.review_working_days", 21, False),
    ("special_case_working_days: 40", "040", "process.special_case_working_days", 32, False),
    ("plausible: {min: 600,", "0600", "income.pension.plausible.min", 384, False),
    ("value: 510 yuan/month", "0510", "parameters.dibao_standard.value", 328, True),  # a rule, unit left out
    ("version: post-transition", "025", "policy.version", 21, True),
])
def test_a_number_with_a_leading_zero_is_told_yaml_reads_it_in_octal(old: str, written: str, path: str, read: int,
                                                                     text_too: bool):
    """YAML 1.1 reads `025` as 21: the review period, a plausible minimum or a standard changed without a word.
    Quotes are offered only where a text may stand: in a number field `'025'` is refused as a text."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    meant = written.lstrip("0")
    broken = text.replace(old, re.sub(r"(?<=: )[^{]*?(?=,|$)", written, old, count=1))
    d = _found_in_edited(broken)[0]
    line = _line_of(text, old)
    column = broken.split("\n")[line - 1].index(written) + 1
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == \
        ("L004", line, column, column + len(written))
    quoted = Said(f"; if it is a text, put it in quotes: `'{written}'`", f"；如果它是文本，请加上引号：`'{written}'`") \
        if text_too else Said("", "")
    assert (d.message, d.help) == (
        f"`{path}`: `{written}` starts with 0, so YAML reads it as the octal number {read}",
        f"write it without the leading zero: `{meant}`{quoted.en}")
    assert d.zh == (f"`{path}` 的 `{written}` 以 0 开头，YAML 会把它读作八进制数 {read}",
                    f"请去掉开头的 0，写作 `{meant}`{quoted.zh}")
    if path != "policy.version":  # a text, which `25` is not either
        assert "L004" not in [f.code for f in _found_in_edited(broken.replace(f": {written}", f": {meant}", 1))]
    codes = [f.code for f in _found_in_edited(broken.replace(f": {written}", f": '{written}'", 1))]
    assert ("L004" not in codes) == text_too


@pytest.mark.parametrize(("written", "read", "message_zh", "help_zh", "meant"), [
    ("1:30", 90, "会被 YAML 按六十进制（时间的写法）读作 90",
     "请用普通数字写出想要的数，不用 `:`（如果是 90，就写 `90`）", "90"),
    ("1:30.5", 90.5, "会被 YAML 按六十进制（时间的写法）读作 90.5",
     "请用普通数字写出想要的数，不用 `:`（如果是 90.5，就写 `90.5`）", "25"),
    ("1_000", 1000, "会被 YAML 读作 1000（不管其中的 `_`）", "请去掉 `_`，写作 `1000`", "1000"),
    ("1_000.5", 1000.5, "会被 YAML 读作 1000.5（不管其中的 `_`）", "请去掉 `_`，写作 `1000.5`", "25"),
])
def test_a_number_yaml_reads_in_base_60_or_without_its_underscores_is_refused_where_written(
        written: str, read: float, message_zh: str, help_zh: str, meant: str):
    """`review_working_days: 1:30` was a clean check, and `policy doc` promised 90 working days."""
    text = SHIPPED.read_text(encoding="utf-8")
    broken = text.replace("review_working_days: 25", f"review_working_days: {written}", 1)
    (d,) = _found_in_edited(broken)
    line = _line_of(text, "review_working_days: 25")
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == \
        ("L004", line, 24, 24 + len(written))
    assert d.message.startswith(f"`process.review_working_days`: YAML reads `{written}` as {read:g}")
    assert d.zh == (f"`process.review_working_days` 的 `{written}` {message_zh}", help_zh)
    assert "quotes" not in (d.help or "")
    assert _found_in_edited(broken.replace(f": {written}", f": {meant}", 1)) == []


@pytest.mark.parametrize(("written", "meant"), [("025.5", "`25` 或 `26`"), ("25.0", "`25`")])
def test_a_fraction_where_a_whole_number_is_wanted_is_told_the_whole_numbers_next_to_it(written: str, meant: str):
    text = SHIPPED.read_text(encoding="utf-8")
    (d,) = _found_in_edited(text.replace("review_working_days: 25", f"review_working_days: {written}", 1))
    assert d.zh == ("`process.review_working_days` 应为整数，而不是数字", f"这里按整数计，不能有小数：请写 {meant}")
    assert d.help == f"this counts whole units, with no fraction: write {meant.replace(' 或 ', ' or ')}"


def test_a_number_in_hexadecimal_is_told_the_number_yaml_reads():
    text = SHIPPED.read_text(encoding="utf-8")
    (d,) = _found_in_edited(text.replace("review_working_days: 25", "review_working_days: 0x19", 1))
    assert d.code == "L004" and d.message == "`process.review_working_days`: YAML reads `0x19` as the hexadecimal " \
        "number 25"
    assert d.zh == ("`process.review_working_days` 的 `0x19` 会被 YAML 读作十六进制数 25",
                    "请用普通数字写作 `25`")


@pytest.mark.parametrize("blank", ["\u3000", "\u3000\u3000", "'  '", "'\u00a0'"])
@pytest.mark.parametrize(("old", "empty", "path"), [
    ("label: {zh: 农村最低生活保障标准,", "label: {zh: BLANK,", "parameters.dibao_standard.label.zh"),
    ("label: {zh: 家庭人均收入低于低保标准, en: per-capita income below the dibao standard}",
     "label: {zh: BLANK, en: per-capita income below the dibao standard}", "categories[dibao].when[income].label.zh"),
    ("source: dsz-2024-47 二、1 统一核算标准 / 附件1\n    confirm:", "source: BLANK\n    confirm:",
     "parameters.dibao_standard.source"),
])
def test_a_text_left_blank_with_spaces_is_told_it_is_empty_as_an_empty_one_is(old: str, empty: str, path: str,
                                                                               blank: str):
    """A full-width space typed where the text goes (`{zh: 　}`) was read as the text: explanations showed `✔ 　：…`."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (refused,) = _found_in_edited(text.replace(old, empty.replace("BLANK", "''"), 1))
    (d,) = _found_in_edited(text.replace(old, empty.replace("BLANK", blank), 1))
    assert d.span is not None and refused.span is not None
    assert (d.span.line, d.span.column) == (refused.span.line, refused.span.column)
    assert (d.code, d.message, d.help, d.zh) == (refused.code, refused.message, refused.help, refused.zh)
    assert d.message == f"`{path}` is empty"


@pytest.mark.parametrize(("old", "wide", "meant", "message", "help_zh"), [
    ("review_working_days: 25", "review_working_days: ２５", "25",
     "`process.review_working_days` must be a whole number, not a text", "应写作 `25`，用半角数字"),
    ("assets.vehicles: {type: integer, default: 0, minimum: 0,", "assets.vehicles: {type: integer, default: 0, "
     "minimum: ０,", "0", "`inputs.household.assets.vehicles.minimum` must be a number, not a text",
     "应写作 `0`，用半角数字"),
    ("review_working_days: 25", "review_working_days: ２５天", "25",
     "`process.review_working_days` must be a whole number, not a text", "请只写数字：`25`"),
    ("review_working_days: 25", "review_working_days: ０２５", "25",  # not `025`, which YAML reads in octal
     "`process.review_working_days` must be a whole number, not a text", "应写作 `25`，用半角数字"),
])
def test_a_number_in_full_width_digits_is_told_the_half_width_number(old: str, wide: str, meant: str, message: str,
                                                                     help_zh: str):
    """`２５`, typed with a Chinese input method, is text to YAML: the finding said so, with no way out."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (d,) = _found_in_edited(text.replace(old, wide, 1))
    assert d.code == "L004" and d.message == message and d.zh is not None and d.zh[1] == help_zh
    assert _offered(d.help) == meant
    assert "L004" not in [f.code for f in _found_in_edited(text.replace(old, old.replace("25", meant), 1))]


@pytest.mark.parametrize("old", [
    "  effective: {from: 2026-01-01}\n",
    "    label: {zh: 农村最低生活保障标准, en: rural minimum living standard (dibao standard)}\n",
    "        label: {zh: 家庭人均收入低于低保标准, en: per-capita income below the dibao standard}\n",  # a clause's
])
@pytest.mark.parametrize("after", ["\u3000", "\u3000\u3000", "\u3000 # 注释"])
def test_a_full_width_space_after_a_value_is_told_to_be_deleted(old: str, after: str):
    """YAML read `}　` as a second value and stopped there: the line was said to be indented unlike the lines
    around it, and told to start in the column it starts in."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = text.replace(old, old.rstrip("\n") + after + "\n", 1)
    (d,) = _found_in_edited(broken)
    column, width = len(old), after.count("\u3000")
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == \
        ("L002", _line_of(text, old), column, column + width)
    assert (d.message, d.help) == ("not valid YAML: a full-width space after the value",
                                   "delete it (a Chinese input method typed it)")
    assert d.zh == ("不是有效的 YAML：值的后面有全角空格", "请删去这个全角空格（它是中文输入法打出的）")
    assert _found_in_edited(broken.replace("\u3000", "")) == []


@pytest.mark.parametrize(("old", "path"), [("review_working_days: 25", "process.review_working_days"),
                                           ("    value: 1.5\n", "parameters.marginal_multiplier.value")])
@pytest.mark.parametrize("after", ["\u3000", "\u3000 # 注释", "\u00a0"])
def test_a_full_width_space_after_a_number_in_block_style_is_told_to_be_deleted(old: str, path: str, after: str):
    """`review_working_days: 25　` was told to be written `25`, the caret under the `25` it already was."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    number = old.split(": ")[1].strip()
    broken = text.replace(old, old.rstrip("\n") + after + old[len(old.rstrip("\n")):], 1)
    (d,) = _found_in_edited(broken)
    column = broken.split("\n")[_line_of(text, old) - 1].index(after[0]) + 1
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == \
        ("L004", _line_of(text, old), column, column + 1)
    space, typed = (("a full-width space", " (a Chinese input method typed it)") if after[0] == "\u3000"
                    else ("a no-break space (U+00A0)", ""))
    assert (d.message, d.help) == (f"{space} after the number `{number}` of `{path}`", f"delete it{typed}")
    if after[0] == "\u3000":
        assert d.zh == (f"`{path}` 的数字 `{number}` 的后面有全角空格", "请删去这个全角空格（它是中文输入法打出的）")


def test_a_key_indented_three_spaces_among_four_is_told_the_column_of_its_map():
    text = SHIPPED.read_text(encoding="utf-8")
    old = "    share: 1 - employment_cost_rate\n"
    broken = text.replace(old, "   share: 1 - employment_cost_rate\n")
    with pytest.raises(PolicyError) as caught:
        load_policy("my-policy.yaml", raw=broken.encode("utf-8"))
    (d,) = caught.value.diagnostics
    line = text[:text.index(old)].count("\n") + 1
    assert text.split("\n")[line - 2] == "    counted: true"
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L002", line, 4)
    assert (d.message, d.help) == ("not valid YAML: this line is not indented like the lines around it",
                                   f"start it in column 5, as `counted:` on line {line - 1} starts")
    assert d.zh == ("不是有效的 YAML：这一行的缩进与周围的行不一致",
                    f"请让它从第 5 列开始，与第 {line - 1} 行的 `counted:` 对齐")


def _found_in_edited(text: str) -> list[Diagnostic]:
    """What loading an edited copy of the shipped policy reports."""
    try:
        return load_policy("my-policy.yaml", raw=text.encode("utf-8"))[1]
    except PolicyError as error:
        return error.diagnostics


def _offered(help: str | None) -> str:
    """What a help line offers to write: the last text in backticks."""
    assert help is not None
    return re.findall(r"`([^`]+)`", help)[-1]


def _line_of(text: str, old: str) -> int:
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("key", "listed", "wide"), [
    ("values", "[A, B, C, D]", "［A, B, C, D］"),
    ("absorbed_by", "[dibao, tekun, dibao_marginal, rigid_expense, other_hardship]",
     "［dibao, tekun, dibao_marginal, rigid_expense, other_hardship］"),
    ("given_with", "[disability_grade]", "【disability_grade】"),
])
def test_a_list_in_full_width_brackets_is_offered_the_half_width_list(key: str, listed: str, wide: str):
    text = SHIPPED.read_text(encoding="utf-8")
    (d,) = _found_in_edited(text.replace(f"{key}: {listed}", f"{key}: {wide}", 1))
    assert d.code == "L004" and d.message.endswith("must be a list (lines starting with `- `), not a text")
    assert d.help == f"`{wide[0]}` and `{wide[-1]}` are full-width brackets: write the list with half-width ones, " \
                     f"`{listed}`"
    assert d.zh[1] == f"`{wide[0]}` 和 `{wide[-1]}` 是全角括号：请改用半角括号写成列表：`{listed}`"
    assert _found_in_edited(text.replace(f"{key}: {listed}", f"{key}: {_offered(d.help)}", 1)) == []


def test_a_label_in_full_width_braces_is_offered_the_half_width_map():
    """`｛` opens no map: YAML read a text, and stopped at its `: ` with "`: ` inside a value", help: quote it."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "        label: {zh: 无机动车辆, en: no motor vehicle}\n"
    broken = text.replace(old, old.replace("{", "｛").replace("}", "｝"), 1)
    (d,) = _found_in_edited(broken)
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L002", _line_of(text, old), 16)
    assert (d.message, d.help) == ("not valid YAML: `｛` and `｝` are full-width brackets",
                                   "write the half-width ones: `label: {zh: 无机动车辆, en: no motor vehicle}`")
    assert d.zh == ("不是有效的 YAML：`｛` 和 `｝` 是全角括号",
                    "请改用半角括号：`label: {zh: 无机动车辆, en: no motor vehicle}`")
    fixed = broken.replace(old.replace("{", "｛").replace("}", "｝"), f"        {_offered(d.help)}\n", 1)
    assert _found_in_edited(fixed) == []


@pytest.mark.parametrize(("old", "item"), [("      - id: no_extra_house\n", "      - id: no_vehicle\n"),
                                           ("      - id: income\n", "      - id: deposits\n")])  # the first item
def test_a_list_item_with_a_full_width_dash_is_told_the_dash_and_its_column(old: str, item: str):
    """`－ id:` is a key to YAML, which stopped at it, or at the line after (`this line is not indented …`)."""
    text = SHIPPED.read_text(encoding="utf-8")
    broken = text.replace(old, old.replace("- ", "－ "), 1)
    (d,) = _found_in_edited(broken)
    line, beside = _line_of(text, old), _line_of(text, item)
    shown = old.strip()
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L002", line, 7)
    assert (d.message, d.help) == ("not valid YAML: the dash `－` is full-width",
                                   f"a list item starts with the half-width `- `: write `{shown}` in column 7, as `-` "
                                   f"on line {beside} starts")
    assert d.zh == ("不是有效的 YAML：`－` 是全角连字符",
                    f"列表项以半角的 `- ` 开头：请写 `{shown}`，从第 7 列写起，与第 {beside} 行的 `-` 对齐")
    assert _found_in_edited(broken.replace(old.replace("- ", "－ "), " " * 6 + shown + "\n", 1)) == []


def test_the_first_item_of_a_list_indented_less_is_told_where_to_start_it():
    """YAML read `id:` as a key of its own map, and stopped at the `label:` under it: it blamed `label:`, indented
    more than the keys around it."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "      - id: income\n"
    broken = text.replace(old, "    - id: income\n", 1)
    (d,) = _found_in_edited(broken)
    line, beside = _line_of(text, old), _line_of(text, "      - id: deposits\n")
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == ("L002", line, 5, 17)
    assert (d.message, d.help) == ("not valid YAML: the list item `- id: income` is indented less than the keys "
                                   "under it", f"start it in column 7, as `-` on line {beside} starts")
    assert d.zh == ("不是有效的 YAML：列表项 `- id: income` 比它下面的键缩进得少",
                    f"请让它从第 7 列开始，与第 {beside} 行的 `-` 对齐")
    assert _found_in_edited(broken.replace("    - id: income\n", " " * 6 + "- id: income\n", 1)) == []
    # a list of one item: its keys say where it starts
    alone = text[:text.index("      - id: deposits\n")] + text[text.index("\n  - id: dibao_marginal\n") + 1:]
    (d,) = _found_in_edited(alone.replace(old, "    - id: income\n", 1))
    assert d.help == f"start it in column 7, so that `id:` lines up with `label:` on line {line + 1}"
    assert d.zh[1] == f"请让它从第 7 列开始，使 `id:` 与第 {line + 1} 行的 `label:` 对齐"
    # the parameter only the clauses cut away read is unused: nothing else is found
    assert [(d.code, d.message) for d in _found_in_edited(alone)] == [
        ("C005", "parameter `dibao_deposit_months` is never used")]
    # keys indented too far under an item in line with the others are still the ones told
    label = "        label: {zh: 家庭人均收入低于低保标准"
    (d,) = _found_in_edited(text.replace(label, "  " + label))
    assert d.message == "not valid YAML: this line is indented more than the keys around it"


def test_a_note_after_a_value_is_told_to_go_to_a_comment():
    text = SHIPPED.read_text(encoding="utf-8")
    old = "  rigid_expense_share:\n    value: 50%\n"
    assert text.count(old) == 1
    for note in ("（暂定）", "(暂定)"):
        (d,) = _found_in_edited(text.replace(old, f"  rigid_expense_share:\n    value: 50%{note}\n"))
        assert d.span is not None and (d.span.line, d.span.column) == (_line_of(text, old) + 1, 15)
        assert d.message == f"`{note}` after the rule is not part of it"
        assert d.help == "move the note to a comment: `50%  # 暂定` (a parameter's value still to be confirmed is " \
                         "marked with `confirm:`)"
        comment = re.search(r"comment: `([^`]+)`", d.help)
        assert comment is not None
        assert _found_in_edited(text.replace(old, f"  rigid_expense_share:\n    value: {comment.group(1)}\n")) == []


def _elderly(indent: str = "    ") -> str:
    """A new indicator's lines, its keys indented `indent` under its name."""
    keys = ["test: household_size == 1", "label: {zh: 独居老人, en: elderly living alone}",
            "source: dsz-2024-47 二、1 优化认定指标 / 附件2"]
    return "elderly_alone:\n" + "".join(f"{indent}{key}\n" for key in keys)


_ELDERLY = _elderly()


def test_a_section_written_twice_is_told_to_join_the_first_not_to_keep_one():
    text = SHIPPED.read_text(encoding="utf-8")
    first = text.split("\n").index("indicators:") + 1
    edited = text + "\nindicators:\n  " + _ELDERLY
    (d,) = _found_in_edited(edited)
    again = edited.split("\n").index("indicators:", first) + 1
    assert d.span is not None and (d.code, d.span.line, d.message) == ("L003", again, "duplicate key `indicators`")
    assert d.help == f"move these entries under the `indicators:` at line {first}, then delete line {again}"
    assert d.zh == ("重复的键 `indicators`", f"请把这些项移到第 {first} 行的 `indicators:` 下面，再删去第 {again} 行")
    # a list of entries likewise; an empty section again is one of the two to keep
    categories = text.split("\n").index("categories:") + 1
    (d,) = _found_in_edited(text + "\ncategories:\n  - id: x\n    label: {en: x}\n    when: dibao\n")
    assert d.help is not None and d.help.startswith(f"move these entries under the `categories:` at line {categories}")
    (d,) = _found_in_edited(text + "\nindicators: {}\n")
    assert d.help == f"`indicators` is already set at line {first}: keep one of them"


def test_keys_written_in_chinese_are_each_told_their_english_key_once_where_they_are():
    text = SHIPPED.read_text(encoding="utf-8")
    label, effective = "    label: {zh: 农村最低生活保障标准", "  effective: {from: 2026-01-01}"
    edited = text.replace(label, label.replace("label", "标签"), 1).replace(effective, "  生效日期: {from: 2026-01-01}")
    found = _found_in_edited(edited)  # not also "`policy` is missing `effective`" at `id:`, line 9
    assert [(d.span.line if d.span else None, d.zh) for d in found] == [
        (_line_of(text, effective), ("`policy` 中有未知的键 `生效日期`",
                                     "键名要用英文：请把 `生效日期` 写成 `effective`")),
        (_line_of(text, label), ("`parameters.dibao_standard` 中有未知的键 `标签`",
                                 "键名要用英文：请把 `标签` 写成 `label`"))]


def test_a_list_of_names_typed_with_a_chinese_comma_is_told_the_comma_not_the_rule_for_names():
    text = SHIPPED.read_text(encoding="utf-8")
    (d,) = _found_in_edited(text.replace("absorbed_by: [dibao, tekun,", "absorbed_by: [dibao，tekun,"))
    assert (d.code, d.message, d.help) == (
        "L004",
        "`abolished[monitoring].absorbed_by[0]` is `dibao，tekun`: `，` is a full-width comma, so it is one value",
        "separate the values with the English comma: `dibao, tekun`")
    assert d.zh is not None and d.zh[1] == "各个值之间请用英文逗号分隔：`dibao, tekun`"


def test_a_finding_names_the_items_of_a_list_by_their_ids_as_the_file_writes_them():
    text = SHIPPED.read_text(encoding="utf-8")
    old = "label: {zh: 住房或饮水不安全、患重特大疾病或遭受灾害损失"
    (d,) = _found_in_edited(text.replace(old, old.replace("、", ", ")))
    assert d.message == ("unknown key `患重特大疾病或遭受灾害损失` in "
                         "`categories[other_hardship].when[hardship].label`")
    assert d.zh is not None and d.zh[0].startswith("`categories[other_hardship].when[hardship].label` 中有未知的键")
    # an id two items share names neither: they are counted, from 0
    found = _found_in_edited(text.replace("  - id: tekun\n", "  - id: dibao\n").replace(
        "    group: tier\n", "    group: tier\n    match: some\n", 1))
    assert "`categories[1].match` is `some`, not one of the allowed values" in [d.message for d in found]


def test_a_key_of_a_one_line_map_without_its_colon_is_told_the_colon_not_to_quote_an_expression():
    text = SHIPPED.read_text(encoding="utf-8")
    old = "label: {zh: 饮用水不安全, en: drinking water is unsafe}"
    (d,) = _found_in_edited(text.replace(old, old.replace("zh:", "zh")))
    assert (d.code, d.message) == ("L004", "unknown key `zh 饮用水不安全` in `indicators.water_unsafe.label`")
    assert d.help == "missing `:` after `zh`: write `zh: 饮用水不安全`"
    assert d.zh == ("`indicators.water_unsafe.label` 中有未知的键 `zh 饮用水不安全`",
                    "`zh` 后面缺少 `:`：请写 `zh: 饮用水不安全`")
    # a word that is no key there, or an expression cut at a `,`, is still told to quote the expression
    (d,) = _found_in_edited(text.replace(old, old.replace("zh:", "cn")))
    assert d.help is not None and "put the expression in quotes" in d.help


def _under(text: str, section: str, entry: str) -> str:
    """The shipped policy's text with `entry` (its lines) added as the first entry of `section`."""
    return text.replace(f"\n{section}:\n", f"\n{section}:\n{entry}", 1)


def test_an_indicator_written_under_definitions_is_told_so_once():
    text = SHIPPED.read_text(encoding="utf-8")
    edited = _under(text, "definitions", "  " + _ELDERLY)
    (d,) = _found_in_edited(edited)  # not also "missing `value`"
    line = edited.split("\n").index("    test: household_size == 1") + 1
    assert d.span is not None and (d.code, d.span.line) == ("L004", line)
    assert (d.message, d.help) == ("unknown key `test` in `definitions.elderly_alone`",
                                   "an entry with `test:` is an indicator: move it under `indicators:`, or write "
                                   "`value:`")
    assert d.zh == ("`definitions.elderly_alone` 中有未知的键 `test`",
                    "带有 `test:` 的项是指标：请把它移到 `indicators:` 下面，或改用 `value:`")
    # another mistake of the entry is still said
    found = _found_in_edited(edited.replace("    label: {zh: 独居老人, en: elderly living alone}\n", ""))
    assert [d.message for d in found] == ["unknown key `test` in `definitions.elderly_alone`",
                                          "`definitions.elderly_alone` is missing `label`"]
    # the other sections' entries likewise, each said once
    slips = [("indicators", "  one:\n    value: 1.5\n    label: {en: one}\n",
              "an entry with `value:` is a parameter or a definition: move it under `parameters:` or `definitions:`, "
              "or write `test:`"),
             ("expenses", "  pension:\n    counted: true\n    share: 50%\n    label: {en: pension}\n",
              "an entry with `counted:` and `share:` is an income type: move it under `income:`, or write `rigid:`"),
             ("definitions", "  base:\n    value: 490 yuan/month\n    confirm: true\n    label: {en: base}\n",
              "an entry with `confirm:` is a parameter: move it under `parameters:`, or remove `confirm:`"),
             ("parameters", "  alone:\n    level: household\n    note: {en: x}\n    test: household_size == 1\n"
                            "    label: {en: alone}\n",
              "an entry with `level:`, `note:` and `test:` is an indicator: move it under `indicators:`, or write "
              "`value:`")]
    for section, entry, help in slips:
        (d,) = _found_in_edited(_under(text, section, entry))
        assert d.help == help, section
    (d,) = _found_in_edited(_under(text, "expenses", "  pension:\n    counted: true\n    share: 50%\n"
                                                     "    label: {en: pension}\n"))
    assert d.zh[1] == "带有 `counted:`、`share:` 的项是收入类型：请把它移到 `income:` 下面，或改用 `rigid:`"
    # three keys, and two sections to choose from, as Chinese lists them: `a、b、c`, `a或b`
    (d,) = _found_in_edited(_under(text, "parameters", slips[3][1]))
    assert d.zh[1] == "带有 `level:`、`note:`、`test:` 的项是指标：请把它移到 `indicators:` 下面，或改用 `value:`"
    (d,) = _found_in_edited(_under(text, "indicators", slips[0][1]))
    assert d.zh[1] == ("带有 `value:` 的项是参数或定义：请把它移到 `parameters:` 或 `definitions:` 下面，"
                       "或改用 `test:`")
    # a key of no other section is told the keys allowed
    (d,) = _found_in_edited(_under(text, "definitions", "  x:\n    value: 1\n    tset: 2\n    label: {en: x}\n"))
    assert d.help is not None and not d.help.startswith("an entry with")


def test_an_entry_outdented_to_the_margin_is_told_to_indent_it_into_the_section_above():
    text = SHIPPED.read_text(encoding="utf-8")
    lines = text.split("\n")
    section = lines.index("indicators:") + 1
    after = text.replace("\ncategories:\n", "\n" + _ELDERLY + "\ncategories:\n", 1)
    (d,) = _found_in_edited(after)
    line = after.split("\n").index("elderly_alone:") + 1
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L004", line, 1)
    assert (d.message, d.help) == ("unknown key `elderly_alone` in the document",
                                   f"it looks like an entry of `indicators:` (line {section}): indent it by 2 "
                                   "spaces, to the column of the section's entries")
    assert d.zh == ("文件中有未知的键 `elderly_alone`",
                    f"它像是 `indicators:`（第 {section} 行）下的一项：请把它缩进 2 个空格，与这一节的各项对齐")
    # its keys outdented with it: all its lines are to indent
    (d,) = _found_in_edited(after.replace(_ELDERLY, _elderly("  ")))
    assert d.help is not None and "indent it and the lines under it by 2 spaces" in d.help
    # what is no entry of the section above is told the keys allowed
    (d,) = _found_in_edited(after.replace("    test: household_size == 1\n", "    value: 3\n"))
    assert d.help is not None and d.help.startswith("allowed keys:")


def test_the_shipped_policy_loads_where_libyaml_is_missing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("engine.yamlsource._FAST_LOADER", None)
    policy, warnings = load_policy("post-transition.yaml", raw=SHIPPED.read_bytes())
    assert policy.meta.version == "post-transition" and warnings == []


# -- one slip in the mini policy, one error that shows the fix --------------------------------

MINI = ROOT / "tests" / "fixtures" / "policies" / "mini.yaml"
_LAST = "when: housing_unsafe and dibao"

# old text → new text, then the code, column, a part of the message and a part of the help
SLIPS: list[tuple[str, str, str, int, str, str]] = [
    ("test: per_capita_income < dibao_standard\n", 'test: "C" == housing.safety_grade or x\n', "L002", 15,
     "the rule starts with a quote", """`test: '"C" == housing.safety_grade or x'`"""),
    ("test: per_capita_income < dibao_standard\n", 'test: "per_capita_income < {"C"}"\n', "L002", 15,
     "in double quotes and holds double quotes too", """`test: 'per_capita_income < {"C"}'`"""),
    ("test: per_capita_income < dibao_standard\n", 'test: {"C", "D"} == x # note\n', "L002", 15,
     "starts with `{`, so YAML reads `{\"C\", \"D\"}` as a map", """`test: '{"C", "D"} == x'`"""),
    ("test: age >= 60}", "test: 'C' == supporter}", "L002", 50,
     "YAML reads only `'C'` as its text", """`test: '"C" == supporter'`"""),
    ("test: per_capita_income < dibao_standard\n", "test: !housing_unsafe\n", "L002", 15,
     "`!` does not mean “not” here", "write `not housing_unsafe`"),
    ("value: 490 yuan/month", "value: !490 yuan/month", "L002", 12,  # a number: not `not 490 yuan/month`
     "`!` does not mean “not” here", "`!` has no meaning in a rule here: delete it, `490 yuan/month`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < !dibao_standard\n", "S001", 35,
     "unexpected `!`", "`!` has no meaning in a rule here: delete it, `per_capita_income < dibao_standard`"),
    ("amount: ceil(", "amount: !重要 ceil(", "L002", 13,  # not "expected URI"
     "YAML reads `!重要` as a tag", "delete `!重要`, or keep `重要` as a comment: `ceil((dibao_standard"),
    ("value: 490 yuan/month", "value: *1.3 dibao_standard", "L002", 12,
     "a value cannot start with `*` (YAML reads it as an alias)", "write the number first: `1.3 * dibao_standard`"),
    ("test: per_capita_income < dibao_standard\n", "test： per_capita_income < dibao_standard\n", "L002", 13,
     "`test` is followed by a full-width colon `：`", "write the English colon and a space: `test: …`"),
    ("{test: 'housing", "{test：'housing", "L002", 24,
     "`test` is followed by a full-width colon `：`", "`test: …`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 低保标准\n", "S001", 35,
     "not `低保标准`", "`低保标准` is the label of `dibao_standard`: write `dibao_standard`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 0.76万\n", "S001", 39,
     "unexpected `万`", "write the whole number with digits: `7600`"),
    ("value: 490 yuan/month", "value: 0.49千 yuan/month", "S001", 16,
     "unexpected `千`", "write the whole number with digits: `490`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 4百9十元/月\n", "S001", 36,
     "unexpected `百9十元/月`", "write the whole number with digits: `490 yuan/month`"),
    ("value: 20%", "value: 百分之二十", "S001", 12, "unexpected `百分之二十`", "write percentages with digits: `20%`"),
    ("test: per_capita_income < 1.5 * dibao_standard}", "test: per_capita_income < 1.5倍 * dibao_standard}",
     "S001", 80, "unexpected `倍`", "a multiple is a plain number: write `1.5`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < dibao_standard的1.3倍\n", "S001", 49,
     "unexpected `的1.3倍`", "a multiple is written with `*`: write `1.3 * dibao_standard`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 低保标准的1.5倍\n", "S001", 35,
     "not `低保标准的1.5倍`", "`低保标准` is the label of `dibao_standard`, and a multiple is written with `*`: "
     "write `1.5 * dibao_standard`"),
    ("test: per_capita_income < dibao_standard\n", "test: 人均收入 < 低保标准的1.5倍\n", "S001", 15,
     "not `人均收入`", "`低保标准` is the label of `dibao_standard`: write `per_capita_income < 1.5 * dibao_standard`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income ＜＝ dibao_standard\n", "S001", 33,
     "unexpected `＜＝`", "write `<=`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income ‹＝ dibao_standard\n", "S001", 33,
     "unexpected `‹＝`", "write `<=`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < dibao_standard。\n", "S001", 49,
     "unexpected `。`", "remove the full stop: a rule does not end with one"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income\u3000< dibao_standard\n", "S001", 32,
     "unexpected full-width space", "type an ordinary space"),
    ("test: per_capita_income < dibao_standard\n", "test: today >= 2026/1/1 and per_capita_income < dibao_standard\n",
     "C002", 15, "cannot compare a date with a number", "is a division here: write the date as `2026-01-01`"),
    ("test: per_capita_income < dibao_standard\n", "test: today >= 2026-1-1 and per_capita_income < dibao_standard\n",
     "C002", 15, "cannot compare a date with a number", "is a subtraction here: write the date as `2026-01-01`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 500\n", "C002", 15,
     "cannot compare a rate (yuan/month or yuan/year) with a number",
     "give the number a unit: `500 yuan/month` or `500 yuan/year`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 5880\n", "C002", 15,
     "cannot compare a rate (yuan/month or yuan/year) with a number",
     "write `dibao_standard` (`490 yuan/month`), or give the number a unit: `5880 yuan/month` or `5880 yuan/year`"),
    ("test: per_capita_income < dibao_standard\n", "test: 3 < 490 yuan/month\n", "C002", 15,
     "cannot compare a number with a rate", "give the number a unit: `3 yuan/month`"),  # not "write `490`"
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 490 yuan\n", "C002", 15,
     "cannot compare a rate (yuan/month or yuan/year) with an amount (yuan)",
     "give the amount its period: `490 yuan/month` or `490 yuan/year`"),
    ("    when: dibao\n", "    when: rigid_expense\n", "C001", 11, "unknown name `rigid_expense`",
     "is declared nowhere in this file (was it deleted or renamed?): declare it under `parameters`, `definitions`, "
     "`indicators` or `inputs`"),
    ("    when: dibao\n", "    when: household_unsafe\n", "C001", 11, "unknown name `household_unsafe`",
     "did you mean `housing_unsafe`?"),
    ("test: per_capita_income < dibao_standard\n", 'test: housing.safety_grade == "C" or "D"\n', "C002", 46,
     "each side of `or` must be a yes/no test", 'write `housing.safety_grade in {"C", "D"}`'),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, to: 2025/12/31}", "L004", 37,
     "`policy.effective.to`: `2025/12/31` is not a date", "write `2025-12-31`"),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, to: 20251231}", "L004", 37,
     "`policy.effective.to` must be a date (YYYY-MM-DD), not a number", "write `2025-12-31`"),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, to: 46022}", "L004", 37,
     "`policy.effective.to` must be a date (YYYY-MM-DD), not a number",
     "if this is a spreadsheet's day number, write the date it stands for: `2025-12-31`"),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, to: '2025-02-29'}", "L004", 37,
     "`policy.effective.to`: `2025-02-29` is not a date", "2025-02 has 28 days"),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, to: 2025－12－31}", "L004", 37,
     "`policy.effective.to`: `2025－12－31` is not a date", "the dashes `－` are full-width: write `2025-12-31`"),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, to: 2025-02-29}", "L004", 37,
     "`policy.effective.to`: `2025-02-29` is not a date", "2025-02 has 28 days"),  # read as a date by YAML
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: 2024年1月1日至2025年12月31日", "L004", 14,
     "`policy.effective` must be a map (key: value lines), not a text",
     "write the first day in force as `from`, and the last, if there is one, as `to`: "
     "`effective: {from: 2024-01-01, to: 2025-12-31}`"),
    ("      - id: deposits\n", "       - id: deposits\n", "L002", 8,  # a list item, one space too far in
     "this line is not indented like the lines around it", "start it in column 7, as `-` on line 48 starts"),
    ("effective: {from: 2024-01-01, to: 2025-12-31}", "effective: {from: 2024-01-01, until: 2025-12-31}", "L004",
     33, "unknown key `until`", "did you mean `to`?"),  # a word of its own, not a typo of `to`
    ("    when: dibao\n", "    if: dibao\n", "L004", 5, "unknown key `if`", "did you mean `when`?"),  # one error,
    ("values: [A, B, C, D]", "choices: [A, B, C, D]", "L004", 40, "unknown key `choices`",  # not also `when`
     "did you mean `values`?"),  # (or `values`) missing
    ("  - id: marginal\n", "  - name: marginal\n", "L004", 5, "unknown key `name`",  # its id, not its label, and
     "did you mean `id`?"),  # not also `id` missing
    ("    label: {zh: 边缘, en: marginal}\n", "    label: {zh: 边缘, en: marginal}\n    name: 边缘户\n", "L004", 5,
     "unknown key `name`", "the key for it is `label`, and the entry has one already: remove `name:`, or merge it "
     "into `label:`"),
    ("  dibao_standard:\n", "  Dibao_Standard:\n", "L004", 3, "`Dibao_Standard` is not a valid name here",
     "names are written in lower case: write `dibao_standard`"),  # not also each rule reading `dibao_standard`
    ("  medical: {rigid: true,", "  medical costs: {rigid: true,", "L004", 3, "`medical costs` is not a valid name",
     "names join their words with `_`: write `medical_costs`"),
    ("birth_date: {type: date,", "birth_date: {type: datetime,", "L004", 24, "is `datetime`, not one of the allowed",
     "did you mean `date`?"),
    ("{type: money, default: 0,", "{type: moeny, default: 0,", "L004", 29, "is `moeny`, not one of the allowed",
     "did you mean `money`?"),
    ("    when: dibao\n", "", "L004", 5,  # neither `when` nor `options`: told so
     "`assistance[dibao_benefit]` is missing `when` (or `options`)",
     "add `when:` with the rule that gives the measure"),
    ("    when: housing_unsafe and dibao", "    when: housing_unsafe and dibao\n    options:\n"
     "      - {id: a, when: dibao}", "L004", 5,
     "must have either `when` (and optionally `amount`) or `options`, not both", "keep one of them"),
    ("    source: doc 附件1\n", "    source:\n", "L004", 12, "must be a text, not empty",
     "write the text after the colon, or remove the key"),
    ("    value: counted_income / household_size\n    label: {zh: 人均收入, en: per-capita income}\n", "", "L004", 21,
     "`definitions.per_capita_income` must be a map", "write its keys indented under it: `value: …` and `label: …`"),
    ("      - id: income\n        label: {zh: 收入, en: income}\n        test: per_capita_income < dibao_standard\n"
     "        source: doc 二、1\n      - id: deposits\n        label: {zh: 存款, en: deposits}\n"
     "        test: assets.deposits / household_size <= dibao_standard * 24 months\n", "", "L004", 10,
     "`categories[dibao].when` must be a list", "each starting with `- id: …`, with `label: …` and `test: …` below it"),
    ("    when:\n      - {id: income, label: {zh: 收入, en: income}, test: per_capita_income < 1.5 * dibao_standard}\n",
     "    when: []\n", "L004", 11, "`categories[marginal].when` is empty",
     "write at least one entry indented under it"),
    ("  basic_pension: {counted: false, label: {zh: 基础养老金, en: basic pension}}\n",  # its keys not under it:
     "  basic_pension:\n  counted: false\n  label: {zh: 基础养老金, en: basic pension}\n", "L004", 17,  # one error,
     "`income.basic_pension` must be a map", "write its keys indented under it: `counted: …` and `label: …`"),
    ("    label: {zh: 边缘, en: marginal}\n", "    label:\n", "L004", 11, "`categories[marginal].label` must be a map",
     "give the text in each language: `{zh: …, en: …}`"),
    ("basic_pension: {counted: false,", "basic_pension: {counted: ,", "L004", 28,
     "`income.basic_pension.counted` must be true or false", "write `true` or `false`"),
    ("departments:\n  civil_affairs: {zh: 民政, en: civil affairs}\n", "departments:\n", "L004", 13,
     "`departments` must be a map", "write its entries indented under it, or remove it"),
    ("    label: {zh: 低保标准, en: dibao standard}\n", "    label: }{zh: 低保标准, en: dibao standard}\n", "L002", 12,
     "a value cannot start with `}`", "remove the stray `}`, or put the whole value in single quotes"),
    ("    per: month\n", "    per: ,month\n", "L002", 10, "a value cannot start with `,`",
     "remove the stray `,`, or put the whole value in single quotes"),
    ("    label: {zh: 低保标准, en: dibao standard}\n", "", "L004", 5, "`parameters.dibao_standard` is missing `label`",
     "add `label: {zh: …, en: …}`, the name explanations give it in each language"),
    ("    value: 490 yuan/month\n", "", "L004", 5, "`parameters.dibao_standard` is missing `value`",
     "add `value:`; write the figure, e.g. `490 yuan/month`, `20%` or `1.5`"),
    ("        test: per_capita_income < dibao_standard\n", "", "L004", 9, "is missing `test`",
     "add `test:`; write a rule, e.g. `per_capita_income < dibao_standard`"),
    ("wage: {counted: true, share:", "wage: {share:", "L004", 9, "`income.wage` is missing `counted`",
     "add `counted: true` for income counted in the household's income, else `counted: false`"),
    ("medical: {rigid: true, label:", "medical: {label:", "L004", 12, "`expenses.medical` is missing `rigid`",
     "add `rigid: true` for a rigid expense, else `rigid: false`"),
    ("{type: money, default: 0,", "{default: 0,", "L004", 22, "is missing `type`",
     "add `type:`, one of `money`, `integer`, `number`, `boolean`, `date`, `enum` or `text`"),
    ("  dibao_standard:\n    value: 490 yuan/month\n    label: {zh: 低保标准, en: dibao standard}\n"
     "    source: doc 附件1\n", "  dibao_standard: 490 yuan/month\n", "L004", 19,
     "`parameters.dibao_standard` must be a map",
     "write the rule under its key, with a label, each indented under it: `value: 490 yuan/month` and "
     "`label: {zh: …, en: …}`"),
    ("  version: v1\n", "  version: 2027\n", "L004", 12, "`policy.version` must be a text, not a number",
     "put it in quotes, for YAML to read it as a text: `'2027'`"),
    ("  version: v1\n", "  version: 1.10\n", "L004", 12, "`policy.version` must be a text, not a number",
     "put it in quotes as written, for YAML to read it as a text: `'…'`"),  # (YAML reads 1.1)
    ("  - id: tekun\n", "  - id: 1\n", "L004", 9, "`categories[0].id` must be a text, not a number",
     "names use lowercase letters, digits and `_`, starting with a letter"),  # quoted, no name either
    ("    level: member\n", "    level: person\n", "L004", 12, "`categories[tekun].level` is `person`",
     "did you mean `member`?"),
    ("    level: member\n", "    level: 成员\n", "L004", 12, "is `成员`, not one of the allowed values",
     "did you mean `member`?"),
    ("    group: tier\n    label: {zh: 低保,", "    group: tier\n    match: or\n    label: {zh: 低保,", "L004", 12,
     "`categories[dibao].match` is `or`", "did you mean `any`?"),
    ("    group: tier\n    label: {zh: 低保,", "    group: [tier]\n    label: {zh: 低保,", "L004", 12,
     "`categories[dibao].group` must be a text, not a list", "write it without brackets: `tier`"),
    ("    per: month\n", "    per: monthly\n", "L004", 10, "`assistance[dibao_benefit].per` is `monthly`",
     "did you mean `month`?"),
    ("    department: civil_affairs\n    per: month", "    department: 民政\n    per: month", "L004", 17,
     "`民政` is not a valid name here", "`民政` is the label of `civil_affairs`: write `civil_affairs`"),
    ("    department: civil_affairs\n    per: month", "    department: civil affairs\n    per: month", "L004", 17,
     "`civil affairs` is not a valid name here", "names join their words with `_`: write `civil_affairs`"),
    ("    department: civil_affairs\n    per: month", "    department: civil\n    per: month", "C001", 17,
     "unknown department `civil`", "did you mean `civil_affairs`?"),
    ("    when: dibao\n", "    when: dibao\n    if: dibao\n", "L004", 5, "unknown key `if`",
     "the key for it is `when`, and the entry has one already: remove `if:`, or merge it into `when:`"),
    ("values: [A, B, C, D]", "values: [A, B, C, C]", "L004", 58,  # at the second `C`
     "`inputs.household.housing.safety_grade.values` lists `C` twice",
     "list each value once: remove this one, or write the value it was meant to be"),
    ("label: {zh: 低保标准, en: dibao standard}", "label: {zh:低保标准, en: dibao standard}", "L004", 13,
     "unknown key `zh:低保标准`", "put a space after the colon: `zh: 低保标准`"),
    ("effective: {from: 2024-01-01,", "effective: {from:2024-01-01,", "L004", 15,  # not also "missing `from`"
     "unknown key `from:2024-01-01`", "put a space after the colon: `from: 2024-01-01`"),
    ("{type: money, default: 0,", "{type:money, default: 0,", "L004", 23,  # not also "missing `type`"
     "unknown key `type:money`", "put a space after the colon: `type: money`"),
    ("label: {zh: 低保标准, en: dibao standard}", "label: {zh: 低保, 标准, 补助, en: dibao standard}", "L004", 21,
     "unknown key `标准`",  # once for the text cut twice, not also for `补助`
     "inside `{…}` a `,` ends the text of `zh`: write `，` instead, or put the whole text in quotes: "
     "`zh: '低保, 标准, 补助'`"),
    ("label: {zh: 低保标准, en: dibao standard}", "label: {zh: 低保标准, en: dibao, standard}", "L004", 34,
     "unknown key `standard`", "inside `{…}` a `,` ends the text of `en`: put the whole text in quotes: "
     "`en: 'dibao, standard'`"),
    ("    label: {zh: 低保标准, en: dibao standard}", "    标签: {zh: 低保标准, en: dibao standard}", "L004", 5,
     "unknown key `标签`", "keys are written in English: write `label` for `标签`"),  # not also "missing `label`"
    ("effective: {from: 2024-01-01,", "生效日期: {from: 2024-01-01,", "L004", 3,
     "unknown key `生效日期`", "keys are written in English: write `effective` for `生效日期`"),
    ("        test: per_capita_income < dibao_standard\n", "        条件: per_capita_income < dibao_standard\n",
     "L004", 9, "unknown key `条件`", "write `test` for `条件`"),  # a clause's, not a category's `when`
    ("    source: doc 附件1\n", "    source: 测试文件 附件1\n", "C010", 13,  # the title, not the id
     "unknown source `测试文件`", "`测试文件` is how `doc` is named: a citation starts with the source's id, "
     "write `doc 附件1`"),
    ("values: [A, B, C, D]", "values: [A，B，C，D]", "L004", 49,  # a Chinese input method's commas: one value
     "`inputs.household.housing.safety_grade.values[0]` is `A，B，C，D`: `，` is a full-width comma, so it is one "
     "value",
     "separate the values with the English comma: `A, B, C, D`"),
    ("      - id: deposits\n", "      id: deposits\n", "L002", 7,  # a new list item without its `- `
     "this line starts in the column of the list's `-`, without one",
     "if a new entry of the list starts here, begin it with `- ` as the others (line 48): `- id: deposits`"),
    ("        test: assets.deposits /", "      test: assets.deposits /", "L002", 7,  # a key of the clause above:
     "`test:` is indented less than the keys of the entry above it",  # not a new clause without its `- `
     "start it in column 9, as `label:` on line 53 starts: the entry of line 52 has no `test:` yet"),
    ("  dibao_standard:\n", "dibao_standard:\n", "L002", 1, "`dibao_standard:` is indented less than the keys",
     "start it in column 3, as line 13 starts: YAML noticed only there"),  # the first key of its map
    ("  employment_cost_rate:\n    value: 20%\n", "employment_cost_rate:\n    value: 20%\n  x:\n    value: 1\n",
     "L002", 1, "`employment_cost_rate:` is indented less than the keys around it", "start it in column 3"),
    ("    value: 490 yuan/month\n", "      value: 490 yuan/month\n", "L002", 7,  # a key too far in, first of its map
     "`value:` is indented more than the keys around it", "start it in column 5, as line 11 starts"),
    ("    department: civil_affairs\n    per: month", "    department: civil_affairs\n      per: month", "L002", 7,
     "this line is indented more than the keys around it",  # a key too far in, after the first of its map
     "start it in column 5, as `department:` on line 64 starts"),
    ("    label: {zh: 危房改造", "     label: {zh: 危房改造", "L002", 6,
     "this line is indented more than the keys around it", "start it in column 5, as `department:` on line 70 starts"),
    ("    value: 490 yuan/month\n", " value: 490 yuan/month\n", "L002", 2,  # the first key of its map, too far out:
     "this line is not indented like the lines around it",  # its map's other keys, not `dibao_standard:`
     "start it in column 5, as `label:` on line 11 starts"),
    ("    value: 490 yuan/month\n", "   value: 490 yuan/month\n", "L002", 4,  # not `label:`, where YAML stopped
     "`value:` is indented less than the keys around it", "start it in column 5, as `label:` on line 11 starts"),
    ("    value: 490 yuan/month\n", "  value: 490 yuan/month\n", "L002", 3,
     "`value:` is indented less than the keys around it", "start it in column 5, as `label:` on line 11 starts"),
    ("    value: 490 yuan/month\n", "\tvalue: 490 yuan/month\n", "L006", 1, "tab used for indentation",
     "indent this line with 4 spaces, to start it in column 5 as `label:` on line 11 starts"),
    ("    label: {zh: 低保标准", "\tlabel: {zh: 低保标准", "L006", 1, "tab used for indentation",
     "indent this line with 4 spaces, to start it in column 5 as `value:` on line 10 starts"),
    ("    label: {zh: 低保标准", "  label: {zh: 低保标准", "L002", 3,  # a key too far out, between two of its map
     "`label:` is indented less than the keys around it", "start it in column 5, as line 12 starts"),
    ("    label: {zh: 就业成本, en: employment cost}\n", "    label: {zh: 就业成本, en: employment cost}\n"
     "  source: doc 附件1\n", "L004", 3,  # the last entry's key, dedented
     "`source:` is probably indented too little: it belongs under `employment_cost_rate:` (line 13)",
     "start it in column 5, as `label:` on line 15 starts"),
    ("  - id: marginal\n", "    id: marginal\n", "L003", 5, "duplicate key `id`",
     "if a new entry of the list starts here, begin it with `- ` at column 3, as the others: `- id: …`"),
    ("value: 490 yuan/month", "value: 5,880 yuan/year", "S002", 12,
     "unexpected `,` in the number `5,880`", "e.g. `5880`"),
    ("default: 0, minimum: 0, label: {zh: 存款", "default: 6,120, minimum: 0, label: {zh: 存款", "L004", 45,
     "the number `6,120` is split at its `,`", "write numbers without a thousands separator, e.g. `6120`"),
    ("{type: money, default: 0, minimum: 0,", "{type: money, default: '1,000', minimum: 0,", "C013", 45,
     "the default of `assets.deposits` must be an amount in yuan, not `1,000`",
     "write numbers without a thousands separator, e.g. `1000`"),
    (_LAST, _LAST + "\nprocess: {review_working_days: 1,025}", "L004", 32,
     "the number `1,025` is split at its `,`", "write numbers without a thousands separator, e.g. `1025`"),
    (_LAST, _LAST + "\nprocess:\n  review_working_days: 1,025", "L004", 24,
     "must be a whole number, not a text", "write numbers without a thousands separator, e.g. `1025`"),
    (_LAST, _LAST + "\nprocess:\n  review_working_days: 二十五", "L004", 24,
     "must be a whole number, not a text", "write just the number: `25`"),
    (_LAST, _LAST + "\nprocess:\n  review_working_days: 25天", "L004", 24,
     "must be a whole number, not a text", "write just the number: `25`"),
    (_LAST, _LAST + "\nprocess:\n  review_working_days: 2十5天", "L004", 24,
     "must be a whole number, not a text", "write just the number: `25`"),
    (_LAST, _LAST + "\nprocess:\n  review_working_days: 5%", "L004", 24,
     "must be a whole number, not a text", "write just the number: `5`"),
    ("      - id: deposits\n        label: {zh: 存款, en: deposits}\n", "      - assets.deposits < 1\n      - id: d\n"
     "        label: {zh: 存款, en: deposits}\n", "L004", 9, "`categories[dibao].when[1]` must be a map",
     "write `- id: …`, then `label: {zh: …, en: …}` and `test: assets.deposits < 1` below it"),
    ("    when:\n      - {id: income, label: {zh: 收入, en: income}, test: per_capita_income < 1.5 * dibao_standard}",
     "    when: per_capita_income < 1.5 * dibao_standard", "L004", 11, "`categories[marginal].when` must be a list",
     "`when:` lists clauses, each a map: write `- id: …`, then `label: {zh: …, en: …}` and "
     "`test: per_capita_income < 1.5 * dibao_standard` below it"),
    ("values: [A, B, C, D]", "values: [A, B, null, D]", "L004", 55,  # an item, where no key or colon is
     "`inputs.household.housing.safety_grade.values[2]` must be a text, not empty",
     "write the value, or remove the item from the list"),
    ("label: {zh: 低保标准, en: dibao standard}", "label: {zh: '低保标准, en: 'dibao standard'}", "L002", 22,
     "the quote of `zh` is not closed before `, en:`",  # not "expected `,` or `}`, but got `d`"
     "end the text with `'` before the comma: `zh: '低保标准'`"),
    ("label: {zh: 低保标准, en: dibao standard}", 'label: {zh: "低保标准, en: "dibao standard"}', "L002", 22,
     "the quote of `zh` is not closed before `, en:`", """end the text with `"` before the comma: `zh: "低保标准"`"""),
    ("label: {zh: 人口, en: size}", "label: {zh: 人口，en: size}", "L002", 57,
     "a Chinese comma `，` between the entries of `{…}`", "write the English comma and a space: `, en: …`"),
    ("values: [able, unable, none], default: none", "values: ['yes', unable, none], default: yes", "L004", 69,
     "`inputs.member.supporter.default` is `yes`, which YAML reads as true, not as the value `yes`",
     "put it in quotes: `default: 'yes'`"),  # not "the default `true` is not one of its values"
    ("values: [able, unable, none]", "values: [yes, unable, none]", "L004", 38,
     "must be a text, not true/false", "YAML reads `yes`, `no`, `on` and `off` as true or false: put the word in"),
    ("value: 490 yuan/month", "value:", "L004", 11, "`parameters.dibao_standard.value` is empty",
     "write the figure, e.g. `490 yuan/month`, `20%` or `1.5`"),
    ("label: {zh: 人口, en: size}", "label: {zh：人口, en: size}", "L004", 51,
     "unknown key `zh：人口`", "`：` is a full-width colon: write `zh: 人口`"),
    ("label: {zh: 人口, en: size}", "label: {zh: 人口, en household size}", "L004", 59,
     "unknown key `en household size`", "missing `:` after `en`: write `en: household size`"),
    ("    value: 490 yuan/month\n", "\u3000\u3000value: 490 yuan/month\n", "L002", 1,  # not the `label:` after it
     "the indentation uses full-width spaces", "replace them with ordinary spaces"),
    ("    label: {zh: 低保标准", "\u00a0\u00a0\u00a0\u00a0label: {zh: 低保标准", "L002", 1,
     "the indentation uses no-break spaces", "replace them with ordinary spaces"),
    ("value: 490 yuan/month", "value:\u3000490 yuan/month", "L002", 11,  # not "this line has no colon"
     "`value:` is followed by a full-width space, not an ordinary one",
     "type an ordinary space after the colon (a Chinese input method typed this one): `value: 490 yuan/month`"),
    ("value: 490 yuan/month", "value:490 yuan/month", "L002", 5,  # the colon is there: not "no colon"
     "`value:` has no space after its colon", "put a space after the colon: `value: 490 yuan/month`"),
    ("label: {zh: 低保标准", "label:{zh: 低保标准", "L002", 5,  # not "`: ` inside a value"
     "`label:` has no space after its colon", "put a space after the colon: `label: {zh: 低保标准, en: dibao"),
    ("    source: doc 附件1\n", "    source:doc 附件1\n", "L002", 5,  # not "not a `key: value` line"
     "`source:` has no space after its colon", "put a space after the colon: `source: doc 附件1`"),
    ("    source: doc 附件1\n", "    source:\u00a0doc 附件1\n", "L002", 12,
     "`source:` is followed by a no-break space (U+00A0)",
     "type an ordinary space after the colon: `source: doc 附件1`"),
    ("      - id: income\n", "      -\tid: income\n", "L002", 8,  # not "a value cannot start with a tab"
     "a tab follows `-`", "replace the tab with a space: `- id: income`"),
    ("      - id: income\n", "      -id: income\n", "L002", 7,  # not only "write `- ` followed by the item"
     "a list item needs a space after `-`", "put a space after `-`: `- id: income`"),
    ("amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)",
     "amount: dibao_standard * 12", "C024", 30, "a rate times a plain `12` is 12 times the rate",
     "did you mean `12 months`?"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income * 12 < 5880 yuan/year\n", "C024", 35,
     "a rate times a plain `12` is 12 times the rate", "convert by themselves: drop `* 12`"),
    ("test: per_capita_income < dibao_standard\n", "test: per_capita_income < 5880 yuan/year / 12\n", "C024", 52,
     "a rate divided by a plain `12` is 1/12 of the rate", "convert by themselves: drop `/ 12`"),
]


@pytest.mark.parametrize(("old", "new", "code", "column", "message", "help"), SLIPS, ids=[s[1] for s in SLIPS])
def test_a_slip_gets_one_error_that_shows_the_fix(old: str, new: str, code: str, column: int, message: str,
                                                   help: str):
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    try:
        _, found = load_policy("mini.yaml", raw=text.replace(old, new).encode("utf-8"))
    except PolicyError as error:
        found = error.diagnostics
    assert len(found) == 1, [render(d) for d in found]
    (d,) = found
    assert (d.code, d.span.column if d.span else None) == (code, column), render(d)
    assert message in d.message, render(d)
    assert d.help is not None and help in d.help, render(d)


def test_indentation_of_both_wide_spaces_names_them_as_every_list_is_said_in_each_language():
    """The Chinese joined the two kinds with `和`, where every other list of the Chinese output uses `、`."""
    text = MINI.read_text(encoding="utf-8").replace("    value: 490", "\u3000\u00a0  value: 490")
    with pytest.raises(PolicyError) as error:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    (d,) = error.value.diagnostics
    assert d.code == "L002" and d.message == \
        "not valid YAML: the indentation uses full-width spaces and no-break spaces (U+00A0)"
    assert d.in_lang("zh").message == "不是有效的 YAML：缩进中用了全角空格、不间断空格（U+00A0）"


@pytest.mark.parametrize(("old", "new", "meant"), [
    ("basic_pension: {counted: false,", "basic_pension: {counted: 否,", "false"),
    ("wage: {counted: true,", "wage: {counted: 是,", "true"),
    ("wage: {counted: true,", "wage: {counted: 1,", "true"),
    ("medical: {rigid: true,", "medical: {rigid: 有,", "true"),
    ("medical: {rigid: true,", "medical: {rigid: 0,", "false"),
    ("wage: {counted: true,", 'wage: {counted: "true",', "true"),
])
def test_a_yes_or_no_written_otherwise_is_told_which_of_true_and_false_it_means(old: str, new: str, meant: str):
    """`counted: 是` is told `write true`, as an input's `default: 是` is: not to choose between the two; `"true"`
    in quotes, to take the quotes away."""
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.replace(old, new).encode("utf-8"))
    (d,) = caught.value.diagnostics
    quoted = '"' in new
    assert (d.code, d.help, d.zh[1] if d.zh else None) == (
        "L004", f"write `{meant}`" + (" without quotes" if quoted else ""),
        f"请写 `{meant}`" + ("，不加引号" if quoted else "")), render(d)


@pytest.mark.parametrize(("old", "new", "meant"), [
    ("wage: {counted: true,", "wage: {counted: ture,", "true"),
    ("basic_pension: {counted: false,", "basic_pension: {counted: flase,", "false"),
    ("medical: {rigid: true,", "medical: {rigid: True_,", "true"),
    ("medical: {rigid: true,", "medical: {rigid: fals,", "false"),
])
def test_a_slip_of_true_or_false_is_told_which_it_means(old: str, new: str, meant: str):
    """`counted: ture` was told to write `true` or `false`, as if it said neither."""
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.replace(old, new).encode("utf-8"))
    (d,) = caught.value.diagnostics
    assert (d.code, d.help, d.zh[1] if d.zh else None) == (
        "L004", f"did you mean `{meant}`?", f"是否应为 `{meant}`？"), render(d)


# -- the error catalogue ------------------------------------------------------------------


def _catalogue() -> dict[str, str]:
    """Each `## CODE — title` section of docs/errors.md, by code."""
    text = ERRORS_MD.read_text(encoding="utf-8")
    parts = re.split(r"^## ([A-Z]\d{3}) — .*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_code_has_a_heading_in_the_error_catalogue():
    text = ERRORS_MD.read_text(encoding="utf-8")
    for code, title in CODES.items():
        assert f"## {code} — {title}\n" in text, code
    headings = re.findall(r"^## ([A-Z]\d{3}) — ", text, flags=re.MULTILINE)
    assert sorted(headings) == sorted(CODES), "a heading for a code that does not exist, or one twice"


def test_the_catalogue_shows_the_messages_policy_check_gives():
    # the examples of docs/errors.md are fixtures here, reported as policy/my-policy.yaml
    shown = re.findall(r"^policy/my-policy\.yaml:(\d+):(\d+): (?:error|warning)\[([LSC]\d{3})\]: (.*)$",
                       ERRORS_MD.read_text(encoding="utf-8"), flags=re.MULTILINE)
    # as `policy check` prints them, with their lines shown (a line read as GB18030 is said to be)
    reported = {(d.span.line, d.span.column, d.code, render(d, source_lines(d.span.file)).split("\n")[0].split(
        f"[{d.code}]: ", 1)[1]) for name in FIXTURES for d in diagnostics_of(BAD / name) if d.span is not None}
    assert len(shown) >= 20
    for line, column, code, message in shown:
        assert (int(line), int(column), code, message) in reported, f"docs/errors.md shows {code}: {message}"


def test_the_catalogue_opens_with_what_policy_check_prints_for_the_shipped_policy(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    shown = re.search(r"```text\n(policy/post-transition\.yaml:(\d+):.*?)\n```",
                      ERRORS_MD.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert shown is not None
    lines = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").split("\n")
    number = int(shown.group(2))
    assert lines[number - 1].endswith("dibao_standard")
    lines[number - 1] = lines[number - 1].removesuffix("dibao_standard") + "dibao_standart"
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "post-transition.yaml").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (d,) = diagnostics_of(Path("policy/post-transition.yaml"))
    assert render(d, source_lines("policy/post-transition.yaml")) == shown.group(1)
    in_chinese = re.search(r"```text\n(policy/post-transition\.yaml:\d+:\d+: 错误.*?)\n```",
                           ERRORS_MD.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert in_chinese is not None
    assert render(d, source_lines("policy/post-transition.yaml"), lang="zh") == in_chinese.group(1)


def test_every_catalogue_entry_shows_an_example_a_message_and_a_fix():
    for code, body in _catalogue().items():
        assert "```" in body, f"{code}: no example"
        assert f"[{code}]" in body, f"{code}: the message shown is missing"
        assert "**Fix" in body, f"{code}: no fix"


# -- findings about a policy in Chinese ------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CODE = re.compile(r"`[^`]+`")
_DIGITS = re.compile(r"[0-9][0-9,.:/-]*[0-9]|[0-9]")


def _check_said_in_chinese(d: Diagnostic) -> None:
    """The finding has its Chinese, which names what the English names: every `code` span and every number."""
    assert d.zh is not None, f"{d.code} has no Chinese: {d.message}"
    message, help = d.zh
    for en, zh in ((d.message, message), (d.help, help)):
        if en is None:
            assert zh is None, (d.message, zh)
            continue
        assert zh is not None and _CJK.search(zh), (en, zh)
        assert "\n" not in zh and not zh.endswith(("。", ".")), zh
        for part in _CODE.findall(en):
            assert part in zh, f"{part} is in `{en}` but not in `{zh}`"
        shown = _CODE.sub("", zh)
        for number in _DIGITS.findall(_CODE.sub("", en)):
            assert number in shown or number in zh, f"{number} is in `{en}` but not in `{zh}`"


@pytest.mark.parametrize("name", FIXTURES)
def test_every_finding_about_a_policy_is_said_in_chinese_too(name: str):
    for d in diagnostics_of(BAD / name):
        _check_said_in_chinese(d)
        words = render(d, source_lines(str(BAD / name)), lang="zh")
        assert words.startswith(f"{d.span}: {'错误' if d.severity == 'error' else '警告'}[{d.code}]: {d.zh[0]}")


def _the_one_error(text: str) -> Diagnostic:
    """The one error loading the shipped policy, edited to `text`, reports (it has a place and its Chinese)."""
    with pytest.raises(PolicyError) as caught:
        load_policy("post-transition.yaml", raw=text.encode("utf-8"))
    found = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert len(found) == 1, [render(d) for d in found]
    (d,) = found
    assert d.span is not None and d.zh is not None
    return d


@pytest.mark.parametrize(("line", "moved", "by", "said"), [
    # a parameter's key in the column of the parameters: not a parameter `confirm` missing `value` and `label`
    (60, "    confirm:", 2,
     ("L004", 60, 3, "`confirm:` is probably indented too little: it belongs under `monitoring_line:` (line 56)",
      "start it in column 5, as `source:` on line 59 starts",
      "`confirm:` 可能缩进得太少了：它应属于第 56 行的 `monitoring_line:`",
      "请让它从第 5 列开始，与第 59 行的 `source:` 对齐")),
    # a clause in the column of the categories: not a category missing `when` with an unknown key `test`
    (386, "      - id: no_able_supporter", 4,
     ("L004", 386, 3, "this list item is probably indented too little: it belongs under `when:` (line 377)",
      "start it in column 7, as `-` on line 382 starts, and move the lines under it by the same amount",
      "这个列表项可能缩进得太少了：它应属于第 377 行的 `when:`",
      "请让它从第 7 列开始，与第 382 行的 `-` 对齐，它下面的各行也同样右移")),
    # a clause's source in the column of its category's keys: not its category's `source` given twice, to delete
    (389, "        source:", 4,
     ("L003", 389, 5, "`source:` is probably indented too little: it belongs under the entry above it, at line 386",
      "start it in column 9, as `test:` on line 388 starts",
      "`source:` 可能缩进得太少了：它应属于上面第 386 行的那一项", "请让它从第 9 列开始，与第 388 行的 `test:` 对齐")),
    # the last key of the file at the left margin: not an unknown section `source`
    (583, "  source:", 2,
     ("L004", 583, 1, "`source:` is probably indented too little: it belongs under `process:` (line 580)",
      "start it in column 3, as `special_case_working_days:` on line 582 starts",
      "`source:` 可能缩进得太少了：它应属于第 580 行的 `process:`",
      "请让它从第 3 列开始，与第 582 行的 `special_case_working_days:` 对齐")),
])
def test_a_line_indented_too_little_is_told_so_once_with_its_column(line: int, moved: str, by: int,
                                                                     said: tuple[str, int, int, str, str, str, str]):
    """The line (with the lines under it, if it has any) moved `by` columns to the left in the shipped policy."""
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].startswith(moved)
    under = " " * (len(moved) - len(moved.lstrip()) + 1)
    end = next(n for n in range(line, len(lines)) if not lines[n].startswith(under))
    lines[line - 1:end] = [text[by:] for text in lines[line - 1:end]]
    d = _the_one_error("\n".join(lines))
    assert (d.code, d.span.line, d.span.column, d.message, d.help, *d.zh) == said, render(d)


@pytest.mark.parametrize(("old", "new"), [
    ("test: per_capita_income < dibao_standard\n", "test: !housing_unsafe\n"),
    ("value: 490 yuan/month", "value: !!python/object:os.system 490 yuan/month"),
])
def test_a_yaml_tag_is_not_called_a_label_in_chinese(old: str, new: str):
    """标签 is what the Chinese messages call a `label:` everywhere: a YAML tag (`!…`) is a YAML 标记."""
    text = MINI.read_text(encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.replace(old, new).encode("utf-8"))
    (d,) = caught.value.diagnostics
    assert "tag" in d.message and d.zh is not None, render(d)
    assert "YAML 标记" in d.zh[0] and "标签" not in "".join(part or "" for part in d.zh), d.zh


@pytest.mark.parametrize(("old", "new"), [s[:2] for s in SLIPS], ids=[s[1] for s in SLIPS])
def test_every_slip_is_said_in_chinese_too(old: str, new: str):
    text = MINI.read_text(encoding="utf-8")
    try:
        _, found = load_policy("mini.yaml", raw=text.replace(old, new).encode("utf-8"))
    except PolicyError as error:
        found = error.diagnostics
    for d in found:
        _check_said_in_chinese(d)


@pytest.mark.parametrize(("cited", "name"), [
    ("大政发[2024]47号 附件1", "大政发[2024]47号"),
    ("大政发（2024）47号 附件1", "大政发（2024）47号"),
    ("大政发【2024】47号 附件1", "大政发【2024】47号"),
    ("大政发〔2024〕47号附件1", "大政发〔2024〕47号"),  # no space before the article
    ("大政发[2024]47号附件1", "大政发[2024]47号"),
])
def test_a_source_cited_by_its_name_in_another_spelling_is_told_its_id(cited: str, name: str):
    """`大政发[2024]47号 附件1` was told to declare the document under `policy.sources`: a second time."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "    source: dsz-2024-47 附件1\n"
    (d,) = _found_in_edited(text.replace(old, f"    source: {cited}\n", 1))
    assert d.code == "C010" and d.span is not None and d.span.line == _line_of(text, old)
    assert d.help == f"`{name}` is how `dsz-2024-47` is named: a citation starts with the source's id, write " \
        "`dsz-2024-47 附件1`"
    assert d.zh is not None
    assert d.zh[1] == f"`{name}` 是出处 `dsz-2024-47` 的名称：引用时请写出处编号：`dsz-2024-47 附件1`"


@pytest.mark.parametrize(("old", "new"), [
    ("        test: per_capita_income < marginal_line\n", "        test: per_capita_income < marginal_lin\n"),
    ("  marginal_line:\n    value: marginal_multiplier * dibao_standard\n"
     "    label: {zh: 低保边缘收入标准, en: income line of the dibao margin}\n    source: dsz-2024-47 附件1\n", ""),
])
def test_an_unknown_name_is_told_alone_not_with_what_follows_from_it(old: str, new: str):
    """After `marginal_lin` the label's 1.5 was said to be missing from the rule, twice, and the definition or the
    multiplier it was meant to reach was told to be deleted as unused: following that made things worse."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    found = _found_in_edited(text.replace(old, new, 1))
    assert [(d.code, d.message.split("`")[0]) for d in found] == [("C001", "unknown name ")]


def test_an_unknown_parameter_in_a_parameter_leaves_the_one_it_meant_untold_to_be_removed():
    """`tekun_extr` in a parameter's value (C001 `unknown parameter`) left `tekun_extra`, the one it was meant to
    reach, told to be removed as unused (C005): following that made things worse."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "  tekun_standard:\n    value: 1.3 * dibao_standard\n"
    assert text.count(old) == 1
    extra = "  tekun_extra:\n    value: 50 yuan/month\n    label: {zh: 特困加发, en: tekun extra}\n" \
        "    source: dsz-2024-47 附件1\n"
    misspelt = old.replace("dibao_standard", "dibao_standard + tekun_extr")
    found = _found_in_edited(text.replace(old, extra + misspelt, 1))
    assert [(d.code, d.message) for d in found] == [("C001", "unknown parameter `tekun_extr`")]


@pytest.mark.parametrize(("old", "key", "column"), [
    ("    when: tekun\n    amount: tekun_standard * 1 month\n", "amount", 5),  # a measure's when and amount
    ("        label: {zh: 无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、"
     "重度残疾人或经评估无劳动能力）, "
     "en: unable to work (elderly / minor under 16 or in school / still in compulsory or senior secondary "
     "school / severely disabled / assessed as unable to work)}\n"
     "        test: no_labour_capacity\n",
     "test", 9),  # a clause's
])
def test_two_keys_run_together_on_one_line_are_told_to_part(old: str, key: str, column: int):
    """`when: tekun amount: …` was told to quote the whole value or to delete the colon: either gave S002."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    first, second = old.rstrip("\n").split("\n")
    broken = text.replace(old, f"{first} {second.strip()}\n", 1)
    (d,) = _found_in_edited(broken)
    written = second.strip()
    outer = first.split(":")[0].strip()
    assert d.span is not None and (d.code, d.span.line, d.span.column) == \
        ("L002", _line_of(text, old), len(first) + 2)
    assert (d.message, d.help) == (f"not valid YAML: `{key}:` is written on the line of `{outer}:`",
                                   f"put `{written}` on a line of its own, in column {column}, as `{outer}:` starts")
    assert d.zh == (f"不是有效的 YAML：`{key}:` 和 `{outer}:` 写在了同一行",
                    f"请把 `{written}` 另起一行，从第 {column} 列写起，与 `{outer}:` 对齐")
    told = re.findall(r"`([^`]+)`", d.help or "")[0]
    parted = broken.replace(f"{first} {second.strip()}\n", f"{first}\n{' ' * (column - 1)}{told}\n", 1)
    assert _found_in_edited(parted) == []


def test_a_colon_inside_a_value_that_starts_no_key_of_its_entry_is_still_told_to_quote():
    text = SHIPPED.read_text(encoding="utf-8")
    old = "    when: tekun\n"
    (d,) = _found_in_edited(text.replace(old, "    when: tekun cause: x\n", 1))
    assert (d.message, d.help) == ("not valid YAML: `: ` inside a value",
                                   "put the whole value in single quotes, or remove the colon")


@pytest.mark.parametrize(("first", "last", "by", "beside", "said"), [
    # tekun's first clause two columns right: YAML stopped at the clause after it, and was told to move that one
    (378, 381, 2, 382, ("the list item `- id: no_labour_capacity` is indented more than the items after it",
                        "列表项 `- id: no_labour_capacity` 比它后面的各项缩进得多", "左移")),
    # the last option of education aid, and the last measure, two columns left: told to move their first line only
    (547, 550, -2, 543, ("this list item is indented less than the items above it", "这个列表项比它上面的各项缩进得少",
                         "右移")),
    (573, 578, -2, 566, ("this list item is indented less than the items above it", "这个列表项比它上面的各项缩进得少",
                         "右移")),
])
def test_a_whole_list_item_out_of_line_is_told_to_move_with_its_lines(first: int, last: int, by: int, beside: int,
                                                                      said: tuple[str, str, str]):
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    assert lines[first - 1].lstrip().startswith("- ") and lines[beside - 1].lstrip().startswith("- ")
    column = len(lines[first - 1]) - len(lines[first - 1].lstrip())
    moved = [(" " * by + text) if by > 0 else text[-by:] for text in lines[first - 1:last]]
    broken = "\n".join(lines[:first - 1] + moved + lines[last:])
    (d,) = _found_in_edited(broken)
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L002", first, column + by + 1)
    assert (d.message, d.help) == (f"not valid YAML: {said[0]}", f"start it in column {column + 1}, as `-` on line "
                                   f"{beside} starts, and move the lines under it by the same amount")
    assert d.zh == (f"不是有效的 YAML：{said[1]}",
                    f"请让它从第 {column + 1} 列开始，与第 {beside} 行的 `-` 对齐，它下面的各行也同样{said[2]}")


@pytest.mark.parametrize(("before", "first"), [("      - id: rigid_burden\n", False),
                                               ("      - id: no_labour_capacity\n", True)])
def test_a_clause_pasted_in_the_column_of_the_categories_is_told_to_move_to_the_column_of_its_clauses(before: str,
                                                                                                      first: bool):
    """A clause pasted at column 3 among clauses at column 7 made YAML read the next clause as text going on, and
    the one finding, at that next clause, said to quote it or to delete its colon: that made things worse."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(before) == 1
    pasted = "  - id: no_vehicle\n    label: {zh: 无机动车辆, en: no motor vehicle}\n" \
        "    test: assets.vehicles == 0\n    source: dsz-2024-47 附件1\n"
    broken = text.replace(before, pasted + before, 1)
    line = _line_of(text, before)
    lines = text.split("\n")
    when = max(n for n in range(1, line) if lines[n - 1] == "    when:")
    beside = line + 4 if first else max(n for n in range(1, line) if lines[n - 1].startswith("      - id: "))
    (d,) = _found_in_edited(broken)
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L002", line, 3)
    assert (d.message, d.help) == (
        f"not valid YAML: the list item `- id: no_vehicle` is indented less than the other items of `when:` "
        f"(line {when})",
        f"start it in column 7, as `-` on line {beside} starts, and move the lines under it by the same amount")
    assert d.zh == (f"不是有效的 YAML：列表项 `- id: no_vehicle` 比第 {when} 行 `when:` 的其他各项缩进得少",
                    f"请让它从第 7 列开始，与第 {beside} 行的 `-` 对齐，它下面的各行也同样右移")
    assert _found_in_edited(text.replace(before, pasted.replace("\n  ", "\n      ").replace("  - ", "      - ", 1)
                                         + before, 1)) == []


@pytest.mark.parametrize(("old", "new", "key", "where"), [
    ("  review_working_days: 25\n", "  审核时限: 25\n", "review_working_days", "process"),
    ("        test: no_labour_capacity\n", "        金额: no_labour_capacity\n", "test",
     "categories[tekun].when[no_labour_capacity]"),
])
def test_a_key_in_chinese_where_one_key_is_missing_is_told_to_be_that_key(old: str, new: str, key: str, where: str):
    """`审核时限:` was an unknown key with the allowed keys listed, and `process` was also missing
    `review_working_days`: two findings for one word, neither saying which key it was."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (d,) = _found_in_edited(text.replace(old, new, 1))
    chinese = new.split(":")[0].strip()
    assert d.span is not None and (d.code, d.span.line, d.span.column) == \
        ("L004", _line_of(text, old), len(new) - len(new.lstrip()) + 1)
    assert d.help == f"keys are written in English: write `{key}` for `{chinese}`: it is the key `{where}` is missing"
    assert d.zh is not None and d.zh[1] == f"键名要用英文：请把 `{chinese}` 写成 `{key}`，即 `{where}` 缺少的键"


def test_a_key_in_chinese_where_no_key_is_missing_is_told_the_allowed_keys():
    text = SHIPPED.read_text(encoding="utf-8")
    (d,) = _found_in_edited(text.replace("  review_working_days: 25\n", "  review_working_days: 25\n  审核: 1\n", 1))
    assert d.help == "allowed keys: `review_working_days`, `source`, `special_case_working_days`"


_CONFIRM = "    confirm: {zh: 县里还没定, en: the county has not decided}\n"


@pytest.mark.parametrize(("after", "help", "zh"), [
    # `share:`, as an income type has it: an expense counts in full, and a weight is written in a rule
    ("    label: {zh: 医疗费用（个人自付部分）, en: medical costs paid out of pocket}\n", "an expense type has no "
     "`share`: a rigid expense counts in full; to weight it, write it in the rule that reads it, e.g. "
     "`rigid_expenses + 20% * expenses.medical`", "支出类型没有 `share`：刚性支出全额计入；如要加权，请写在读取它的"
     "规则中，例如 `rigid_expenses + 20% * expenses.medical`"),
    # `confirm:`, as a parameter or a clause has it: on the parameter the amount reads, named with its line
    ("    amount: tekun_standard * 1 month\n", "a measure takes no `confirm:`: put it on the parameter its amount "
     "reads, `tekun_standard` (line 46), or on a clause of a category",
     "措施不能带 `confirm:`：请把它写在金额所用的参数上（第 46 行的 `tekun_standard`），或写在类别的条款上"),
    ("    amount: ceil((dibao_standard - per_capita_income) * count(members where not tekun) * 1 month)\n",
     "a measure takes no `confirm:`: put it on the parameter its amount reads, `dibao_standard` (line 41), or on a "
     "clause of a category",
     "措施不能带 `confirm:`：请把它写在金额所用的参数上（第 41 行的 `dibao_standard`），或写在类别的条款上"),
    ("        amount: education_grant_higher\n", "a measure takes no `confirm:`: put it on a parameter its amounts "
     "read, `education_grant_compulsory` (line 111), `education_grant_high_school` (line 116) or "
     "`education_grant_higher` (line 121), or on a clause of a category",
     "措施不能带 `confirm:`：请把它写在金额所用的参数上（第 111 行的 `education_grant_compulsory`、第 116 行的 "
     "`education_grant_high_school` 或第 121 行的 `education_grant_higher`），或写在类别的条款上"),
    # a measure without an amount: its ground is a category's
    ("    when: housing_unsafe and in_any_category\n", "a measure takes no `confirm:`: put it on a clause of the "
     "category that gives the measure", "措施不能带 `confirm:`：请写在给予该措施的类别的条款上"),
])
def test_a_key_of_another_kind_of_entry_is_told_where_it_belongs(after: str, help: str, zh: str):
    """The allowed keys alone did not say what to do with a key the officer saw on another kind of entry."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(after) == 1
    added = "    share: 120%\n" if after.startswith("    label") else _CONFIRM
    if after.startswith("        amount"):
        added = _CONFIRM  # on the measure, after its options
        after = after + "\n"
    (d,) = _found_in_edited(text.replace(after, after + added, 1))
    key = added.split(":")[0].strip()
    assert d.span is not None and (d.code, d.span.line, d.span.column) == \
        ("L004", _line_of(text, after) + after.count("\n"), 5)
    assert d.message.startswith(f"unknown key `{key}`")
    assert (d.help, d.zh[1] if d.zh else None) == (help, zh)


@pytest.mark.parametrize(("after", "added", "help", "zh"), [
    # `confirm:` on an option of a measure, as on the measure: on the parameter its amount reads
    ("        amount: medical_share_dibao * own_expenses.medical\n", _CONFIRM.replace("    ", "        ", 1),
     "an option of a measure takes no `confirm:`: put it on the parameter its amount reads, `medical_share_dibao` "
     "(line {medical_share_dibao}), or on a clause of a category",
     "措施的选项不能带 `confirm:`：请把它写在金额所用的参数上（第 {medical_share_dibao} 行的 `medical_share_dibao`），"
     "或写在类别的条款上"),
    # `share:` on a definition, as an income type has it: a share of its value is written in the value
    ("    value: count(members)\n", "    share: 50%\n",
     "a definition has no `share`: only an income type is counted in part; to take a share of its value, write it in "
     "its `value:`, e.g. `value: 50% * count(members)`",
     "定义没有 `share`：只有收入类型才按比例计入；如要取它的值的一部分，请写在它的 `value:` 中，例如 "
     "`value: 50% * count(members)`"),
    ("    value: assets.deposits / household_size\n", "    share: 0.5\n",  # a number, and a value that is a ratio
     "a definition has no `share`: only an income type is counted in part; to take a share of its value, write it in "
     "its `value:`, e.g. `value: 0.5 * (assets.deposits / household_size)`",
     "定义没有 `share`：只有收入类型才按比例计入；如要取它的值的一部分，请写在它的 `value:` 中，例如 "
     "`value: 0.5 * (assets.deposits / household_size)`"),
    # no example where the value is no rule: `share:` written in its place
    ("    value: expenses.disaster\n", "    share: 50% *\n",
     "a definition has no `share`: only an income type is counted in part; to take a share of its value, write it in "
     "its `value:`", "定义没有 `share`：只有收入类型才按比例计入；如要取它的值的一部分，请写在它的 `value:` 中"),
    ("    value: own_counted_income + shared_income_per_head\n", "    share: 1 - employment_cost_rate\n",
     "a definition has no `share`: only an income type is counted in part; to take a share of its value, write it in "
     "its `value:`, e.g. `value: (1 - employment_cost_rate) * (own_counted_income + shared_income_per_head)`",
     "定义没有 `share`：只有收入类型才按比例计入；如要取它的值的一部分，请写在它的 `value:` 中，例如 "
     "`value: (1 - employment_cost_rate) * (own_counted_income + shared_income_per_head)`"),
])
def test_a_key_of_another_kind_of_entry_on_an_option_or_a_definition_is_told_where_it_belongs(
        after: str, added: str, help: str, zh: str):
    """`confirm:` on an option and `share:` on a definition were told only the allowed keys."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(after) == 1
    lines = {"medical_share_dibao": _line_of(text, "  medical_share_dibao:\n")}
    (d,) = _found_in_edited(text.replace(after, after + added, 1))
    key = added.split(":")[0].strip()
    assert d.span is not None and (d.code, d.span.line, d.span.column) == \
        ("L004", _line_of(text, after) + 1, len(added) - len(added.lstrip()) + 1)
    assert d.message.startswith(f"unknown key `{key}`")
    assert (d.help, d.zh[1] if d.zh else None) == (help.format(**lines), zh.format(**lines))


def test_a_parameter_named_in_chinese_is_told_the_one_name_the_rules_read():
    """`低保标准:` for `dibao_standard:` was told the rule for names, beside one C001 per rule reading
    `dibao_standard`: nine findings for one word, none naming the name to write."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "  dibao_standard:\n"
    assert text.count(old) == 1
    broken = text.replace(old, "  低保标准:\n", 1)
    (d,) = [d for d in _found_in_edited(broken) if d.severity == "error"]
    reads = [n for n, line in enumerate(text.split("\n"), 1) if re.search(r"\bdibao_standard\b(?!:)", line)]
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L004", _line_of(text, old), 3)
    assert d.help == "names are written in English: write `dibao_standard`, the name the rules read (lines " \
                     f"{reads[0]}, {reads[1]}, {reads[2]}, …) and nothing declares"
    assert d.zh is not None and d.zh[1] == "名称要用英文：请写 `dibao_standard`，即规则（第 " \
                                           f"{reads[0]}、{reads[1]}、{reads[2]}… 行）读取而没有声明的名称"
    assert [d for d in _found_in_edited(broken.replace("  低保标准:\n", f"  {_offered(d.help.split(',')[0])}:\n"))
            if d.severity == "error"] == []


@pytest.mark.parametrize(("after", "written", "fixed"), [
    (0, "＃ 过渡期后政策", "# 过渡期后政策"),  # the first line: YAML stopped at `policy:`, a key after the document
    (389, "      ＃ 县里另行规定存款标准", "# 县里另行规定存款标准"),
    (37, "    ＃县里待定", "# 县里待定"),
])
def test_a_comment_line_begun_with_a_full_width_number_sign_is_told_to_write_it_half_width(after: int, written: str,
                                                                                         fixed: str):
    """Was: "more text after the end of the document" at `policy:`, or "`＃ 县里…` is not a `key: value` line"
    with "check the indentation and the colon"."""
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    broken = [*lines[:after], written, *lines[after:]]
    (d,) = _found_in_edited("\n".join(broken))
    column = len(written) - len(written.lstrip()) + 1
    assert d.span is not None and (d.code, d.span.line, d.span.column) == ("L002", after + 1, column)
    assert (d.message, d.help) == (
        "not valid YAML: `＃` is a full-width number sign: YAML reads this line as text, not as a comment",
        f"a comment starts with the half-width `#`: write `{fixed}`")
    assert d.zh == ("不是有效的 YAML：`＃` 是全角井号：YAML 把这一行读作文本，而不是注释",
                    f"注释以半角的 `#` 开始：请写 `{fixed}`")
    broken[after] = " " * (column - 1) + _offered(d.help)
    assert _found_in_edited("\n".join(broken)) == []


@pytest.mark.parametrize(("old", "quoted"), [
    ("'{relation}，{age}岁', en:", "'{relation}，{age}岁'"),  # before the comma
    ("'{relation}, aged {age}'}", "'{relation}, aged {age}'"),  # before the closing brace
])
def test_a_full_width_space_after_a_quoted_value_inside_braces_is_told_to_be_deleted(old: str, quoted: str):
    """Was told to quote the value, or a value expected: following either broke the file further."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (d,) = _found_in_edited(text.replace(old, old.replace(quoted, quoted + "\u3000"), 1))
    line = _line_of(text, old)
    column = text.split("\n")[line - 1].index(old) + len(quoted) + 1
    assert d.span is not None and (d.code, d.span.line, d.span.column, d.span.end_column) == \
        ("L002", line, column, column + 1)
    assert (d.message, d.help) == ("not valid YAML: a full-width space after the value",
                                   "delete it (a Chinese input method typed it)")


_HIDDEN = "住房或饮水不安全 #含危房, 患重特大疾病或遭受灾害损失"


def test_a_comment_begun_inside_braces_is_told_it_hid_the_rest_of_the_line():
    """`{zh: 住房或饮水不安全 #含危房, …}` was told that `{` is never closed, and to add `}` at the end of the line."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "{zh: 住房或饮水不安全、患重特大疾病或遭受灾害损失, en:"
    assert text.count(old) == 1
    broken = text.replace(old, f"{{zh: {_HIDDEN}, en:", 1)
    (d,) = _found_in_edited(broken)
    line = _line_of(text, old)
    assert d.span is not None and (d.code, d.span.line, d.span.column) == \
        ("L002", line, broken.split("\n")[line - 1].index(" #") + 2)
    assert (d.message, d.help) == (
        "not valid YAML: ` #` inside `{…}` starts a comment, which hides the rest of the line",
        f"put the text in quotes, `zh: '{_HIDDEN}'`, or remove the `#`")
    assert d.zh == ("不是有效的 YAML：`{…}` 中的 ` #` 开始了注释，把这一行后面的内容都当成了注释",
                    f"请给文本加引号，写成 `zh: '{_HIDDEN}'`，或删去 `#`")
    told = _offered(d.help.split(", or")[0])
    quoted = broken.replace(f"zh: {_HIDDEN}", told, 1)
    assert _found_in_edited(quoted) == []


@pytest.mark.parametrize(("written", "got", "note"), [
    ("false", "true/false", "{zh: …, en: …}"),
    ("", "empty", "{zh: …, en: …}"),
    ("已确认", "a text", "{zh: 已确认, en: …}"),
])
def test_a_confirm_written_as_confirmed_is_told_that_deleting_it_marks_the_figure_entered(written, got, note):
    """`confirm: false`, `confirm: 已确认` or `confirm:` left empty mean the figure is entered: a `{zh: …, en: …}`
    note would keep it marked to confirm."""
    text = SHIPPED.read_text(encoding="utf-8")
    old = "    confirm: {zh: 以县级公布标准为准（本地待确认值）, en: local value to confirm with the county's " \
        "published figure}\n"
    assert old in text
    (d,) = _found_in_edited(text.replace(old, f"    confirm: {written}\n".replace(" \n", "\n"), 1))
    assert d.code == "L004" and d.span is not None and d.span.line == _line_of(text, old)
    assert d.message == f"`parameters.dibao_standard.confirm` must be a map (key: value lines), not {got}"
    assert d.help == ("once the figure is entered, delete this `confirm:` line: without it the value is no longer "
                      f"marked to confirm; if a note of what is still to confirm was meant, write it in each language: "
                      f"`confirm: {note}`")
    assert d.zh[1] == ("录入数值后请删去这一行 `confirm:`：删去后该数值不再标为待确认；如果要写的是仍待确认之处的说明，"
                       f"请按语言分别写出：`confirm: {note}`")


@pytest.mark.parametrize(("entry", "broken"), [
    ("    source: dsz-2024-47 附件1\n    confirm: {zh: 以县级公布标准为准（本地待确认值）, en: local value to confirm "
     "with the county's published figure}\n", "    source: dsz-2024-47 附件1; dsz-2024-47 附件5\n    confirm: false\n"),
    ("    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3\n    options:",
     "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3 / 附件5\n    note: 不重复\n    options:"),
])
def test_an_article_cited_only_by_an_entry_with_a_schema_mistake_is_not_called_never_cited(entry, broken):
    """The entry is reported (L004) and built as a stand-in, or left out: its citation still names the article, so
    `附件5` is no C016 beside the schema mistake."""
    text = SHIPPED.read_text(encoding="utf-8").replace("        附件4: {en: Annex 4}\n",
                                                       "        附件4: {en: Annex 4}\n        附件5: {en: Annex 5}\n")
    assert text.count(entry) >= 1
    alone = _found_in_edited(text)
    assert [d.code for d in alone] == ["C016"], "uncited, the entry is warned of"
    found = _found_in_edited(text.replace(entry, broken, 1))
    assert [d.code for d in found] == ["L004"], [d.message for d in found]
@pytest.mark.parametrize(("moved", "above", "section", "block"), [
    # the name alone moved in: its keys, left in their column, read as `dibao_standard`'s given again
    ("  tekun_standard:", "  dibao_standard:", "parameters:", False),
    ("  per_capita_income:", "  household_size:", "definitions:", False),
    ("  business:", "  wage:", "income:", False),
    ("    supporter:", "    student:", "  member:", False),
    # the entry moved in with its lines: one unknown key of the entry above
    ("  tekun_standard:", "  dibao_standard:", "parameters:", True),
])
def test_an_entry_indented_too_far_is_told_so_once_with_its_column(moved: str, above: str, section: str,
                                                                    block: bool):
    """The name of an entry (with the lines under it, when `block`) moved two columns to the right in the shipped
    policy: one finding at the name, none that would have the good lines under it deleted as keys given twice."""
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    line = lines.index(moved) + 1
    under = " " * (len(moved) - len(moved.lstrip()) + 1)
    end = next(n for n in range(line, len(lines)) if not lines[n].startswith(under)) if block else line
    lines[line - 1:end] = ["  " + text for text in lines[line - 1:end]]
    entry = max(n for n in range(1, line) if lines[n - 1] == above)
    opened = max(n for n in range(1, line) if lines[n - 1] == section)
    name, holder, column = moved.strip(), above.strip(), len(above) - len(above.lstrip()) + 1
    d = _the_one_error("\n".join(lines))
    left = (", and move the lines under it left by the same amount", "，它下面的各行也同样左移") if block else ("", "")
    assert (d.code, d.span.line, d.span.column, d.message, d.help, *d.zh) == (
        "L004", line, column + 2,
        f"`{name}` is probably indented too far: it is an entry of `{section.strip()}` (line {opened}), "
        f"not a key of `{holder}` (line {entry})",
        f"start it in column {column}, as `{holder}` on line {entry} starts{left[0]}",
        f"`{name}` 可能缩进得太多了：它是第 {opened} 行 `{section.strip()}` 下的一项，"
        f"而不是第 {entry} 行 `{holder}` 的键",
        f"请让它从第 {column} 列开始，与第 {entry} 行的 `{holder}` 对齐{left[1]}"), render(d)


_NEW_INDICATOR = ("water_source_unsafe:", "test: not drinking_water.safe",
                  "label: {zh: 饮用水水源不安全, en: the source of drinking water is unsafe}")
_NEW_PARAMETER = ("heating_subsidy:", "value: 200 yuan/month", "label: {zh: 取暖补贴, en: heating subsidy}")


@pytest.mark.parametrize(("before", "above", "lines", "name", "keys", "moved"), [
    # one column too far: not the column of `source:`, the last key of the entry above (a key of that entry)
    ("  # a weak capacity to work", "  no_labour_capacity:", _NEW_INDICATOR, 3, 5, True),
    ("  # a weak capacity to work", "  no_labour_capacity:", _NEW_INDICATOR, 3, 4, False),
    ("  # a weak capacity to work", "  no_labour_capacity:", _NEW_INDICATOR, 1, 3, True),
    ("  employment_cost_rate:\n", "  disposable_income_line:", _NEW_PARAMETER, 3, 5, True),
    # right of the keys above: YAML reads it as the last value going on, and says it is indented more
    ("  # a weak capacity to work", "  no_labour_capacity:", _NEW_INDICATOR, 5, 7, True),
])
def test_a_new_entry_typed_out_of_its_column_is_told_the_column_of_the_entry_before_it(
        before: str, above: str, lines: tuple[str, ...], name: int, keys: int, moved: bool):
    """A key with no value over keys the entry above also has starts a new entry of the same map: it is told to
    line up with that entry's name, and following the help reads (no L002, and not `indented too far`)."""
    text = SHIPPED.read_text(encoding="utf-8")
    new = "\n".join([" " * name + lines[0], *(" " * keys + line for line in lines[1:])]) + "\n"
    line = _line_of(text, before)
    entry = max(n for n, written in enumerate(text.split("\n")[:line], 1) if written.split(" #")[0].rstrip() == above)
    d = _the_one_error(text.replace(before, new + before, 1))
    way = "左移" if name > 2 else "右移"
    under = (", and move the lines under it by the same amount", f"，它下面的各行也同样{way}") if moved else ("", "")
    assert (d.code, d.span.line, d.span.column, d.message, d.help, d.zh[1]) == (
        "L002", line, name + 1, "not valid YAML: this line is "
        + ("indented more than the keys around it" if name > 4 else "not indented like the lines around it"),
        f"start it in column 3, as `{above.strip()}` on line {entry} starts{under[0]}",
        f"请让它从第 3 列开始，与第 {entry} 行的 `{above.strip()}` 对齐{under[1]}"), render(d)
    fixed = "\n".join(["  " + lines[0], *(" " * (keys + (2 - name if moved else 0)) + line for line in lines[1:])])
    assert [f.code for f in _found_in_edited(text.replace(before, fixed + "\n" + before, 1))
            if f.code.startswith("L")] == []


@pytest.mark.parametrize(("tab", "under"), [
    ("\t", "    "),
    ("  \t", "    "),  # spaces, then a tab
    ("\t", "\t  "),  # the keys under it indented with a tab too: each told its own column
])
def test_a_new_entry_indented_with_a_tab_is_told_the_column_of_the_entry_before_it(tab: str, under: str):
    """As an entry typed a column off (L002 above): told the column of `source:`, the last key of the entry above,
    the new indicator became one of that entry's keys."""
    text = SHIPPED.read_text(encoding="utf-8")
    before = "  # a weak capacity to work"
    line = _line_of(text, before)
    entry = max(n for n, written in enumerate(text.split("\n")[:line], 1)
                if written.split(" #")[0].rstrip() == "  no_labour_capacity:")
    new = "\n".join([tab + _NEW_INDICATOR[0], *(under + key for key in _NEW_INDICATOR[1:])]) + "\n"
    found = _found_in_edited(text.replace(before, new + before, 1))
    assert [f.code for f in found] == ["L006"] * (1 if under == "    " else 3)
    d = found[0]
    assert (d.span.line, d.help, d.zh[1]) == (
        line, "YAML indents with spaces only: indent this line with 2 spaces, to start it in column 3 as "
        f"`no_labour_capacity:` on line {entry} starts",
        f"YAML 只能用空格缩进：请用 2 个空格缩进这一行，使它从第 3 列开始，与第 {entry} 行的 `no_labour_capacity:` 对齐"
    ), render(d)
    fixed = "\n".join(["  " + _NEW_INDICATOR[0], *("    " + key for key in _NEW_INDICATOR[1:])]) + "\n"
    assert [f.code for f in _found_in_edited(text.replace(before, fixed + before, 1))
            if f.code.startswith("L")] == []


@pytest.mark.parametrize(("written", "help"), [
    # a block under the last key of the entry above, one column out: that entry's keys are where it belongs
    (("   note:", "     zh: 说明", "     en: note"), "start it in column 5, as `source:` on line {source} starts"),
    # a new entry with nothing under it yet: nothing tells it from a key of the entry above
    (("   water_source_unsafe:",), "start it in column 5, as `source:` on line {source} starts"),
])
def test_a_key_out_of_column_with_no_entry_s_keys_under_it_lines_up_with_the_keys_above(written: tuple[str, ...],
                                                                                      help: str):
    text = SHIPPED.read_text(encoding="utf-8")
    before = "  # a weak capacity to work"
    source = max(n for n, line in enumerate(text.split("\n")[:_line_of(text, before)], 1)
                 if line.startswith("    source: dsz-2024-47 二、1 优化认定指标 / 附件2; mz-2021-43"))
    d = _the_one_error(text.replace(before, "\n".join(written) + "\n" + before, 1))
    assert (d.code, d.help) == ("L002", help.format(source=source)), render(d)


_CLAUSES = ("      - id: unsafe\n        label: {zh: 住房不安全, en: unsafe housing}\n        test: housing_unsafe\n"
            "      - id: poor\n        label: {zh: 低保, en: dibao}\n        test: dibao\n")


@pytest.mark.parametrize(("listed", "help", "zh"), [
    # a category's style copied: the conditions as items, joined with `and` on one line
    ("      - housing_unsafe\n      - dibao\n",
     "a measure's `when:` is one rule, not a list: join the conditions with `and` on one line: "
     "`when: housing_unsafe and dibao`",
     "措施的 `when:` 是一条规则，不是列表：请用 `and` 把各个条件连成一行：`when: housing_unsafe and dibao`"),
    # an `or` among them keeps its brackets, to be worked out as the list meant
    ("      - housing_unsafe or water_unsafe\n      - dibao\n",
     "a measure's `when:` is one rule, not a list: join the conditions with `and` on one line: "
     "`when: (housing_unsafe or water_unsafe) and dibao`",
     "措施的 `when:` 是一条规则，不是列表：请用 `and` 把各个条件连成一行："
     "`when: (housing_unsafe or water_unsafe) and dibao`"),
    ("      - housing_unsafe and dibao\n",
     "a measure's `when:` is one rule, not a list: write it on the line of `when:`: `when: housing_unsafe and dibao`",
     "措施的 `when:` 是一条规则，不是列表：请把它写在 `when:` 的同一行：`when: housing_unsafe and dibao`"),
    # a category's clauses copied, with ids and labels: a measure has none
    (_CLAUSES,
     "a measure has no clauses (only a category has): write their tests in one `when:`, joined with `and`: "
     "`when: housing_unsafe and dibao`",
     "措施没有条款（只有类别才有）：请把各条款的 `test` 用 `and` 连成一条 `when:`：`when: housing_unsafe and dibao`"),
], ids=["rules", "an or", "one rule", "clauses"])
def test_a_measures_when_written_as_a_list_is_told_to_join_its_conditions_with_and(listed: str, help: str,
                                                                                    zh: str):
    """Quotes would not make a list one rule: the help writes the one line for it."""
    text = MINI.read_text(encoding="utf-8")
    old = "    when: housing_unsafe and dibao\n"
    assert text.count(old) == 1
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.replace(old, "    when:\n" + listed).encode("utf-8"))
    (d,) = caught.value.diagnostics
    assert (d.code, d.message, d.help, d.zh) == (
        "L004", "`assistance[housing_renovation].when` must be an expression, not a list", help,
        ("`assistance[housing_renovation].when` 应为表达式，而不是列表", zh)), render(d)
    _check_said_in_chinese(d)


def test_an_options_when_written_as_a_list_is_told_the_one_line_too():
    text = MINI.read_text(encoding="utf-8")
    old = "    when: dibao\n    amount: ceil("
    assert text.count(old) == 1
    options = "    options:\n      - id: only\n        when:\n          - dibao\n          - household_size > 1\n" \
              "        amount: ceil("
    with pytest.raises(PolicyError) as caught:
        load_policy("mini.yaml", raw=text.replace(old, options).encode("utf-8"))
    (d,) = caught.value.diagnostics
    assert (d.message, d.help) == (
        "`assistance[dibao_benefit].options[only].when` must be an expression, not a list",
        "an option's `when:` is one rule, not a list: join the conditions with `and` on one line: "
        "`when: dibao and household_size > 1`"), render(d)


@pytest.mark.parametrize(("name", "label", "listed", "written"), [
    ("deposit_limit", {"zh": "低保存款限额月数", "en": "months of deposits allowed"}, [24, "month"], "24 months"),
    ("deposit_limit", {"zh": "存款限额", "en": "deposit limit in years"}, [2, "年"], "2 years"),
    ("dibao_deposit_months", {"zh": "月数", "en": "months"}, [24, "per month"], "24 months"),
])
def test_a_figure_listed_with_its_period_is_a_count_where_the_parameter_says_it_counts(
        name: str, label: dict[str, str], listed: list[Any], written: str) -> None:
    """Its name or its label says the parameter counts months (or years): the period is its unit, not a rate's."""
    help = listed_rule_help(("parameters", name, "value"), listed, {"parameters": {name: {"label": label}}})
    assert help is not None
    assert help.en == f"a parameter's `value:` is one figure with its unit, not a list: write `value: {written}`"


@pytest.mark.parametrize(("old", "new", "at", "message", "help", "zh"), [
    # a parameter's figure and its unit, as two items
    ("    value: 510 yuan/month\n", "    value: [510, month]\n", (42, 12),
     "`parameters.dibao_standard.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write `value: 510 yuan/month`",
     "参数的 `value:` 是一个带单位的数值，不是列表：请写 `value: 510 yuan/month`"),
    ("    value: 24 months\n", "    value: [24, 个月]\n", (77, 12),
     "`parameters.dibao_deposit_months.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write `value: 24 months`",
     "参数的 `value:` 是一个带单位的数值，不是列表：请写 `value: 24 months`"),
    # a word the rule language has no unit for: the units it has, and the one most likely meant
    ("    value: 510 yuan/month\n", "    value: [510, dollars]\n", (42, 12),
     "`parameters.dibao_standard.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list, and `dollars` is not a unit of the rule "
     "language (its units: `yuan`, `yuan/month`, `yuan/year`, `months`, `years`, `%`): amounts are in yuan, write "
     "`value: 510 yuan`, or `value: 510 yuan/month` for an amount per month",
     "参数的 `value:` 是一个带单位的数值，不是列表，而且 `dollars` 不是规则语言的单位（可用的单位：`yuan`、"
     "`yuan/month`、`yuan/year`、`months`、`years`、`%`）：金额的单位是元，请写 `value: 510 yuan`，"
     "按月的金额写 `value: 510 yuan/month`"),
    ("    value: 510 yuan/month\n", "    value: [510, yaun/month]\n", (42, 12),
     "`parameters.dibao_standard.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list, and `yaun/month` is not a unit of the rule "
     "language (its units: `yuan`, `yuan/month`, `yuan/year`, `months`, `years`, `%`): did you mean `yuan/month`? "
     "write `value: 510 yuan/month`",
     "参数的 `value:` 是一个带单位的数值，不是列表，而且 `yaun/month` 不是规则语言的单位（可用的单位：`yuan`、"
     "`yuan/month`、`yuan/year`、`months`、`years`、`%`）：是否应为 `yuan/month`？请写 `value: 510 yuan/month`"),
    ("    value: 510 yuan/month\n", "    value: [510, bananas]\n", (42, 12),
     "`parameters.dibao_standard.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list, and `bananas` is not a unit of the rule "
     "language (its units: `yuan`, `yuan/month`, `yuan/year`, `months`, `years`, `%`): write `value: 510` and the "
     "unit meant",
     "参数的 `value:` 是一个带单位的数值，不是列表，而且 `bananas` 不是规则语言的单位（可用的单位：`yuan`、"
     "`yuan/month`、`yuan/year`、`months`、`years`、`%`）：请写 `value: 510` 和要用的单位"),
    ("    value: 24 months\n", "    value: [30, days]\n", (77, 12),
     "`parameters.dibao_deposit_months.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list, and `days` is not a unit: durations are "
     "written in months or years, e.g. `1 month`",
     "参数的 `value:` 是一个带单位的数值，不是列表，而且 `days` 不是可用的单位：时长只能以月或年表示，例如 `1 month`"),
    # a parameter's name is no unit: the figure multiplies it
    ("    value: 1.3 * dibao_standard\n", "    value: [1.3, dibao_standard]\n", (47, 12),
     "`parameters.tekun_standard.value` must be an expression, not a list",
     "a parameter's `value:` is one rule, not a list: write it on one line, with the operator meant between its "
     "items, such as `*`: `value: 1.3 * dibao_standard`",
     "参数的 `value:` 是一条规则，不是列表：请写成一行，各项之间写上要用的运算符，例如 `*`："
     "`value: 1.3 * dibao_standard`"),
    # `month` alone: a count of months, or yuan a month; a figure too large to count months is yuan a month
    ("    value: 510 yuan/month\n", "    value: [24, month]\n", (42, 12),
     "`parameters.dibao_standard.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write `value: 24 months` if it counts months, "
     "or `value: 24 yuan/month` if it is an amount per month",
     "参数的 `value:` 是一个带单位的数值，不是列表：如果它是月数，请写 `value: 24 months`；如果它是每月的金额，"
     "请写 `value: 24 yuan/month`"),
    ("    value: 7600 yuan/year\n", "    value: [60, 年]\n", (57, 12),
     "`parameters.monitoring_line.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write `value: 60 years` if it counts years, "
     "or `value: 60 yuan/year` if it is an amount per year",
     "参数的 `value:` 是一个带单位的数值，不是列表：如果它是年数，请写 `value: 60 years`；如果它是每年的金额，"
     "请写 `value: 60 yuan/year`"),
    ("    value: 7600 yuan/year\n", "    value: [7600, year]\n", (57, 12),
     "`parameters.monitoring_line.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write `value: 7600 yuan/year`",
     "参数的 `value:` 是一个带单位的数值，不是列表：请写 `value: 7600 yuan/year`"),
    ("    value: 20%\n", "    value: [20%, 30%]\n", (67, 12),
     "`parameters.employment_cost_rate.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write the one that applies, `value: 20%` or "
     "`value: 30%`",
     "参数的 `value:` 是一个带单位的数值，不是列表：请只写适用的那一个，`value: 20%` 或 `value: 30%`"),
    ("    value: 20%\n", "    value: [20%, 25%, 30%]\n", (67, 12),
     "`parameters.employment_cost_rate.value` must be an expression, not a list",
     "a parameter's `value:` is one figure with its unit, not a list: write the one that applies, `value: 20%`, "
     "`value: 25%` or `value: 30%`",
     "参数的 `value:` 是一个带单位的数值，不是列表：请只写适用的那一个，`value: 20%`、`value: 25%` 或 "
     "`value: 30%`"),
    # the parts of an amount, the operator carried by the second item, or by neither
    ("    amount: tekun_standard * 1 month\n", '    amount:\n      - tekun_standard\n      - "* 0.3"\n', (505, 7),
     "`assistance[tekun_support].amount` must be an expression, not a list",
     "a measure's `amount:` is one rule, not a list: write its items on one line: `amount: tekun_standard * 0.3`",
     "措施的 `amount:` 是一条规则，不是列表：请把各项写成一行：`amount: tekun_standard * 0.3`"),
    ("    amount: tekun_standard * 1 month\n", "    amount: [tekun_standard, 1 month]\n", (504, 13),
     "`assistance[tekun_support].amount` must be an expression, not a list",
     "a measure's `amount:` is one rule, not a list: write it on one line, with the operator meant between its "
     "items, such as `*`: `amount: tekun_standard * 1 month`",
     "措施的 `amount:` 是一条规则，不是列表：请写成一行，各项之间写上要用的运算符，例如 `*`："
     "`amount: tekun_standard * 1 month`"),
    # an income type's share, each item carrying its operator: one rule, no brackets added
    ("    share: 1 - employment_cost_rate\n", '    share: [1, "- employment_cost_rate"]\n', (217, 12),
     "`income.wage.share` must be an expression, not a list",
     "an income type's `share:` is one rule, not a list: write its items on one line: "
     "`share: 1 - employment_cost_rate`",
     "收入类型的 `share:` 是一条规则，不是列表：请把各项写成一行：`share: 1 - employment_cost_rate`"),
    # an indicator's and a clause's conditions, joined with `and`; an `or` keeps its brackets
    ('    test: housing.safety_grade in {"C", "D"}\n',
     '    test:\n      - housing.safety_grade in {"C", "D"}\n      - not drinking_water.safe\n', (355, 7),
     "`indicators.housing_unsafe.test` must be an expression, not a list",
     "an indicator's `test:` is one rule, not a list: join the conditions with `and` on one line: "
     '`test: housing.safety_grade in {"C", "D"} and not drinking_water.safe`',
     "指标的 `test:` 是一条规则，不是列表：请用 `and` 把各个条件连成一行："
     '`test: housing.safety_grade in {"C", "D"} and not drinking_water.safe`'),
    ("        test: per_capita_income < dibao_standard\n",
     "        test:\n          - per_capita_income > 0 or household_size > 1\n"
     "          - per_capita_income < dibao_standard\n", (400, 11),
     "`categories[dibao].when[income].test` must be an expression, not a list",
     "a clause's `test:` is one rule, not a list: join the conditions with `and` on one line: "
     "`test: (per_capita_income > 0 or household_size > 1) and per_capita_income < dibao_standard`",
     "条款的 `test:` 是一条规则，不是列表：请用 `and` 把各个条件连成一行："
     "`test: (per_capita_income > 0 or household_size > 1) and per_capita_income < dibao_standard`"),
    ("        test: per_capita_income < dibao_standard\n", "        test: [per_capita_income < dibao_standard]\n",
     (399, 15), "`categories[dibao].when[income].test` must be an expression, not a list",
     "a clause's `test:` is one rule, not a list: write it on the line of `test:`: "
     "`test: per_capita_income < dibao_standard`",
     "条款的 `test:` 是一条规则，不是列表：请把它写在 `test:` 的同一行：`test: per_capita_income < dibao_standard`"),
], ids=["figure and unit", "months in Chinese", "unknown unit", "unit misspelt", "no unit near", "days",
        "name as an item", "month alone", "year alone in Chinese", "year alone of a large figure", "two figures",
        "three figures", "operator carried", "operator left out", "share", "indicator", "clause", "clause of one"])
def test_a_rule_written_as_a_list_is_told_the_one_line_it_should_be(old: str, new: str, at: tuple[int, int],
                                                                   message: str, help: str, zh: str):
    """Quotes would not make a list one rule: the help writes it on one line, from the list's own items, at the
    list."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1 or old.startswith("        test: per_capita")
    d = _the_one_error(text.replace(old, new, 1))
    assert (d.code, (d.span.line, d.span.column), d.message, d.help, d.zh[1]) == ("L004", at, message, help, zh), \
        render(d)
    _check_said_in_chinese(d)


_ITS_UNITS = "(its units: `yuan`, `yuan/month`, `yuan/year`, `months`, `years`, `%`)"
_ITS_UNITS_ZH = "（可用的单位：`yuan`、`yuan/month`、`yuan/year`、`months`、`years`、`%`）"


@pytest.mark.parametrize(("old", "new", "at", "message", "help", "zh"), [
    # a word after a number that names nothing the policy declares: no unit, told so, as the list form is
    ("    value: 510 yuan/month\n", "    value: 510 dollars\n", (42, 16, 23),
     f"`dollars` is not a unit of the rule language {_ITS_UNITS}",
     "amounts are in yuan, write `510 yuan`, or `510 yuan/month` for an amount per month",
     (f"`dollars` 不是规则语言的单位{_ITS_UNITS_ZH}",
      "金额的单位是元，请写 `510 yuan`，按月的金额写 `510 yuan/month`")),
    ("    value: 510 yuan/month\n", "    value: 510 yaun\n", (42, 16, 20),
     f"`yaun` is not a unit of the rule language {_ITS_UNITS}", "did you mean `yuan`? write `510 yuan`",
     (f"`yaun` 不是规则语言的单位{_ITS_UNITS_ZH}", "是否应为 `yuan`？请写 `510 yuan`")),
    ("    value: 510 yuan/month\n", "    value: 510 yaun/month\n", (42, 16, 26),
     f"`yaun/month` is not a unit of the rule language {_ITS_UNITS}",
     "did you mean `yuan/month`? write `510 yuan/month`",
     (f"`yaun/month` 不是规则语言的单位{_ITS_UNITS_ZH}", "是否应为 `yuan/month`？请写 `510 yuan/month`")),
    ("    value: 510 yuan/month\n", "    value: 510 bananas\n", (42, 16, 23),
     f"`bananas` is not a unit of the rule language {_ITS_UNITS}", "write `510` and the unit meant",
     (f"`bananas` 不是规则语言的单位{_ITS_UNITS_ZH}", "请写 `510` 和要用的单位")),
    ("        test: per_capita_income < dibao_standard\n", "        test: per_capita_income < 6120 USD\n",
     (399, 40, 43), f"`USD` is not a unit of the rule language {_ITS_UNITS}",
     "amounts are in yuan, write `6120 yuan`, or `6120 yuan/month` for an amount per month",
     (f"`USD` 不是规则语言的单位{_ITS_UNITS_ZH}", "金额的单位是元，请写 `6120 yuan`，按月的金额写 `6120 yuan/month`")),
    # a name the policy declares, a parameter's or a category's: the number multiplies it
    ("    value: 1.3 * dibao_standard\n", "    value: 1.3 dibao_standard\n", (47, 16, 30),
     "unexpected `dibao_standard`", "a multiple is written with `*`: write `1.3 * dibao_standard`",
     ("此处不应出现 `dibao_standard`", "倍数要用 `*` 表示：请写 `1.3 * dibao_standard`")),
    ("        test: per_capita_income < dibao_standard\n", "        test: per_capita_income < 2 tekun\n",
     (399, 37, 42), "unexpected `tekun`", "a multiple is written with `*`: write `2 * tekun`",
     ("此处不应出现 `tekun`", "倍数要用 `*` 表示：请写 `2 * tekun`")),
], ids=["currency", "unit misspelt", "rate misspelt", "no unit near", "currency in a clause",
        "parameter", "category"])
def test_a_word_after_a_number_that_names_nothing_is_told_it_is_no_unit(
        old: str, new: str, at: tuple[int, int, int], message: str, help: str, zh: tuple[str, str]):
    """`510 dollars` on the line of `value:` was told to write `510 * dollars`, an unknown name: a word after a
    number that the policy does not declare is told, at the word, that it is no unit, with the units there are and
    the one meant; a name the policy declares is still multiplied."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1 or old.startswith("        test: per_capita")
    d = _the_one_error(text.replace(old, new, 1))
    assert (d.code, (d.span.line, d.span.column, d.span.end_column), d.message, d.help, d.zh) \
        == ("S002", at, message, help, zh), render(d)
    _check_said_in_chinese(d)


@pytest.mark.parametrize(("new", "column", "key", "quoted"), [
    ("label: {zh: 低保标准, en: dibao standard: monthly}", 41, "en", "'dibao standard: monthly'"),
    ("label: {zh: 低保标准: 每月, en: dibao standard}", 21, "zh", "'低保标准: 每月'"),
    ("label: {zh: 低保标准, en: the dibao standard: the 'line'}", 45, "en", "\"the dibao standard: the 'line'\""),
])
def test_a_colon_inside_a_text_of_a_map_on_one_line_is_told_to_quote_that_text(new: str, column: int, key: str,
                                                                             quoted: str):
    """It was told YAML's `expected `,` or `}`, but got `:``, and given a rule's quotes as the example."""
    text = MINI.read_text(encoding="utf-8").replace("label: {zh: 低保标准, en: dibao standard}", new)
    with pytest.raises(PolicyError) as error:
        load_policy("mini.yaml", raw=text.encode("utf-8"))
    (d,) = error.value.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("L002", 11, column), render(d)
    assert (d.message, d.help) == (
        f"not valid YAML: the text of `{key}` holds `: `, which YAML reads as the start of another key",
        f"put the text in quotes: `{key}: {quoted}`")
    zh = d.in_lang("zh")
    assert (zh.message, zh.help) == (f"不是有效的 YAML：`{key}` 的文本中有 `: `，YAML 会把它当作另一个键的开始",
                                     f"请给文本加上引号：`{key}: {quoted}`")


@pytest.mark.parametrize(("new", "column", "key", "meant"), [
    ("label: {zh: 低保标准, zh: dibao standard}", 23, "zh", "en: dibao standard"),
    ("label: {en: dibao standard, en: 低保标准}", 33, "en", "zh: 低保标准"),
])
def test_a_language_written_twice_where_the_other_is_missing_is_told_the_other(new: str, column: int, key: str,
                                                                               meant: str):
    """`{zh: 低保标准, zh: dibao standard}`: the English text typed under `zh:` was told to keep one of the two."""
    text = MINI.read_text(encoding="utf-8").replace("label: {zh: 低保标准, en: dibao standard}", new)
    found = diagnostics_of_text(text, "mini.yaml")
    (d,) = [d for d in found if d.code == "L003"]
    assert (d.span.line, d.span.column, d.message) == (11, column, f"duplicate key `{key}`"), render(d)
    assert d.help == f"`{key}` is already set at line 11: if this is the other language's text, write `{meant}`"
    assert d.in_lang("zh").help == f"`{key}` 已在第 11 行写过：如果这是另一种语言的文本，请写 `{meant}`"


def test_a_language_written_twice_beside_the_other_is_told_to_keep_one():
    text = MINI.read_text(encoding="utf-8").replace("label: {zh: 低保标准, en: dibao standard}",
                                                    "label: {zh: 低保标准, en: dibao standard, zh: 低保}")
    (d,) = [d for d in diagnostics_of_text(text, "mini.yaml") if d.code == "L003"]
    assert d.help == "`zh` is already set at line 11: keep one of them"
