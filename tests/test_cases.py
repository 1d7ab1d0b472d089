"""Run the table-driven policy cases (tests/cases/*.yaml) under pytest, and their coverage."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from engine.cases import Coverage, _Policies, case_files, read_cases, run_case, run_cases
from tests.helpers import ROOT

CASES = ROOT / "tests" / "cases"
ALL = [(file, line, case) for file in case_files([CASES]) for line, case in read_cases(file)]
POLICIES = _Policies()


@pytest.mark.parametrize(("file", "line", "case"), ALL,
                         ids=[f"{f.stem}:{line}" for f, line, _ in ALL])
def test_case(file, line, case):
    result = run_case(file, line, case, POLICIES, Coverage())
    assert result.error is None, result.error
    assert result.passed, "\n".join(d.en for d in result.differences)


def test_there_are_enough_cases_for_both_policies():
    versions = {str(case["policy"]).rsplit("/", 1)[-1] for _, _, case in ALL}
    assert len(ALL) >= 60
    assert versions == {"2024-transition.yaml", "post-transition.yaml"}


def test_cases_cover_every_clause_and_assistance_condition_both_ways_on_both_policies():
    run = run_cases([CASES])
    coverage, problems = run.coverage, run.problems
    assert not problems
    rows = coverage.report()
    missing = [f"{r.file}: {r.owner}.{r.condition} seen {sorted(r.seen)}" for r in rows if len(r.seen) < 2]
    assert not missing, "\n".join(missing)
    assert len(coverage.policies) == 2
    assert {(r.owner, r.condition) for r in rows if r.assistance} >= {
        ("dibao_benefit", "when"), ("medical_assistance", "dibao.when"), ("disability_support", "when")}


def test_a_wrong_expectation_fails_with_a_readable_difference(tmp_path):
    bad = tmp_path / "bad.yaml"
    example = ROOT / "examples" / "households" / "DS-0001-dibao-widow.json"
    bad.write_text(f"""cases:
  - name: wrong on purpose
    policy: {ROOT / 'policy' / 'post-transition.yaml'}
    date: 2026-03-01
    household: {example}
    expect:
      categories: [dibao_marginal]
      values: {{per_capita_income: "1.00"}}
  - name: a slip on purpose
    policy: {ROOT / 'policy' / 'post-transition.yaml'}
    date: 2026-03-01
    household: {example}
    expect:
      categories: [tekun_typo]
      values: {{per_capita_income: "1.00"}}
""", encoding="utf-8")
    results = run_cases([bad]).results
    assert not results[0].passed and not results[0].mistaken
    assert results[0].differences[0].en.startswith("categories: expected [dibao_marginal], got [dibao]")
    assert results[0].differences[1].en.startswith("values.per_capita_income: expected 1.00 yuan/year, got")
    assert results[0].differences[0].zh.startswith("categories：应为 [dibao_marginal]，实际为 [dibao]")
    assert results[0].differences[1].zh.startswith("values.per_capita_income：应为 1.00 元/年，实际为")
    # a category the policy does not have is a mistake of the case file, at its place, and nothing is compared
    assert results[1].mistaken and not results[1].passed and results[1].differences == []
    [(d, zh)] = [(d, d.in_lang("zh")) for d in results[1].findings]
    assert (d.code, d.span.file, d.span.line, d.span.column) == ("L004", str(bad), 14, 20)
    assert d.message == "categories: `tekun_typo` is no category of the policy (did you mean `tekun`?)"
    assert zh.message == "categories：`tekun_typo` 不是本政策的类别（是否应为 `tekun`？）"
    assert d.help == "the policy's categories: `tekun`, `dibao`, `dibao_marginal`, `rigid_expense`, `other_hardship`"
    assert zh.help == "本政策的类别：`tekun`、`dibao`、`dibao_marginal`、`rigid_expense`、`other_hardship`"


def test_a_name_the_policy_does_not_have_is_said_to_be_one_and_a_parameter_is_compared(tmp_path):
    """A slip in a name said as a slip, not as a value that was not computed or a grant not given; a split
    number said as YAML read it; a parameter (the county's standard) checked as a value is."""
    cases = _write(tmp_path, "cases.yaml", """cases:
  - name: slips
    policy: POLICY
    date: 2026-03-01
    household: EXAMPLE
    expect:
      members: {p1: [tekum]}
      values: {per_capita_incom: "4125.00", counted_income: 8,250, dibao_standard: "6120.00"}
      assistance: {dibao_benefit: "1.00", dibao_benfit: "1.00"}
  - name: the standard
    policy: POLICY
    date: 2026-03-01
    household: EXAMPLE
    expect: {values: {dibao_standard: 6120, marginal_multiplier: "1.5"}}
""")
    slips, standard = run_cases([cases]).results
    said = [en for en, _ in _told(slips)]
    assert "members.p1: `tekum` is no category of the policy (did you mean `tekun`?)" in said
    assert "values.per_capita_incom: the policy has no value `per_capita_incom` (did you mean `per_capita_income`?)" \
        in said
    assert ("values.counted_income: `8,250` is read as two entries, as YAML splits a number at its comma: write 8250, "
            "without the "
            "thousands separator") in said
    assert "assistance.dibao_benfit: the policy has no measure `dibao_benfit` (did you mean `dibao_benefit`?)" in said
    assert not any(d.startswith("values.250") for d in said)  # the second half of `8,250`: said once, above
    assert not any(d.startswith("values.counted_income: expected") for d in said)  # nor its first half compared
    assert slips.mistaken and slips.differences == []  # not run: what is written right is not compared either
    assert not any(d.startswith("values.dibao_standard") for d in said)  # 510 yuan/month is 6,120.00 a year
    assert standard.passed, [d.en for d in standard.differences]
    wrong = _write(tmp_path, "wrong.yaml", GOOD.replace("{categories: [dibao]}", "{values: {dibao_standard: 560}}"))
    (result,) = run_cases([wrong]).results
    assert [d.zh for d in result.differences] == ["values.dibao_standard：应为 560.00 元/年，实际为 6120.00 元/年"]


def test_a_category_the_version_abolished_is_said_to_be_abolished_with_those_that_absorb_it(tmp_path):
    cases = _write(tmp_path, "cases.yaml", """cases:
  - name: still monitored after the transition
    policy: POLICY
    date: 2026-03-01
    household: EXAMPLE
    expect: {categories: [monitoring]}
""")
    result = run_cases([cases]).results[0]
    assert not result.passed and result.mistaken
    absorbed = "dibao, tekun, dibao_marginal, rigid_expense and other_hardship"
    [(en, zh)] = _told(result)
    assert en == ("categories: category `monitoring` is abolished in this version of the policy; "
                                        f"its households are absorbed by {absorbed}")
    assert zh == ("categories：类别 `monitoring` 在此版本的政策中已取消，原属该类别的家庭已并入 "
                                        f"{absorbed.replace(' and ', ', ').replace(', ', '、')}")


def _write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text.replace("POLICY", str(ROOT / "policy" / "post-transition.yaml"))
                    .replace("EXAMPLE", str(ROOT / "examples" / "households" / "DS-0001-dibao-widow.json")),
                    encoding="utf-8")
    return path


GOOD = """cases:
  - name: the widow is dibao
    policy: POLICY
    date: 2026-03-01
    household: EXAMPLE
    expect: {categories: [dibao]}
"""


def test_a_misspelt_key_is_a_located_error_not_a_case_that_compares_nothing(tmp_path):
    _write(tmp_path, "a_good.yaml", GOOD)
    _write(tmp_path, "b_typo.yaml", GOOD.replace("expect: {categories:", "expect: {category:")
           + GOOD.split("\n", 1)[1].replace("expect:", "expected:"))
    run = run_cases([tmp_path])
    results, problems = run.results, run.problems
    assert [r.passed for r in results] == [True], "the good file still runs; the bad one runs no case"
    assert [(d.code, d.span.line, d.message, d.help) for d in problems] == [
        ("L004", 6, "unknown key `category` in `cases[0].expect`", "did you mean `categories`?"),
        ("L004", 11, "unknown key `expected` in `cases[1]`", "did you mean `expect`?"),
    ]


def test_a_date_that_is_not_one_hides_none_of_the_case_files_other_mistakes(tmp_path):
    _write(tmp_path, "typo.yaml", GOOD.replace("2026-03-01", "2026-02-30") + GOOD.split("\n", 1)[1].replace(
        "expect:", "expected:"))
    run = run_cases([tmp_path])
    assert run.results == []
    assert [(d.code, d.span.line, d.message, d.help) for d in run.problems] == [
        ("L004", 4, "`cases[0].date`: `2026-02-30` is not a date", "2026-02 has 28 days"),
        ("L004", 11, "unknown key `expected` in `cases[1]`", "did you mean `expect`?"),
    ]


def test_every_mistake_of_a_case_file_is_told_in_one_run_each_at_its_place(tmp_path):
    """A date written `2027/1/5`, a figure `372元` and a `policy:` path counted from elsewhere took three runs, one
    mistake each; the figure is found even where the policy is not there to say what its name holds."""
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "post.yaml").write_bytes((ROOT / "policy" / "post-transition.yaml").read_bytes())
    (tmp_path / "cases").mkdir()
    cases = _write(tmp_path / "cases", "bad.yaml", GOOD.replace("POLICY", "policy/post.yaml").replace(
        "2026-03-01", "2026/3/1").replace("{categories: [dibao]}", "{assistance: {dibao_benefit: 320元}}"))
    run = run_cases([cases])
    assert run.results == [] and run.unread_files == 1
    assert [(d.code, d.span.file, d.span.line, d.span.column) for d in run.problems] == [
        ("L001", str(cases), 3, 13), ("L004", str(cases), 4, 11), ("L004", str(cases), 6, 42)]
    assert run.problems[0].help.endswith("the file named `post.yaml` is `../policy/post.yaml`")
    assert run.problems[1].message == "`cases[0].date`: `2026/3/1` is not a date"
    assert run.problems[2].help == "write the number alone: `320`"
    assert (run.no_policy, run.not_run) == (0, 0), "the file's cases are not run for its own mistakes"


@pytest.mark.parametrize(("figure", "help"), [
    ("values: {dibao_standard: 510元/月}",
     "write the number alone: `510` if the case expects `dibao_standard` per month, `6120` if per year (its policy "
     "does not load, so which the decision gives is not known)"),
    ("assistance: {dibao_benefit: 228元/年}",
     "write the number alone: `228` if the case expects `dibao_benefit` per year, `19` if per month (its policy does "
     "not load, so which the decision gives is not known)"),
    ("assistance: {dibao_benefit: 100元/年}",
     "write the number alone: `100` if the case expects `dibao_benefit` per year, its twelfth if per month (its "
     "policy does not load, so which the decision gives is not known)"),
])
def test_a_figure_written_per_month_or_year_beside_a_policy_that_does_not_load_is_not_told_one_number(
        tmp_path, figure, help):
    """`510元/月` beside a `policy:` path that names no file was told `write the number alone: `510``, where the
    decision gives the standard per year, 6120: the period is the policy's to say."""
    cases = _write(tmp_path, "cases.yaml", GOOD.replace("POLICY", "nowhere.yaml").replace(
        "{categories: [dibao]}", "{" + figure + "}"))
    missing, written = run_cases([cases]).problems
    assert (missing.code, written.code) == ("L001", "L004")
    assert written.help == help
    assert written.zh is not None and written.zh[1].endswith("（其政策文件未能读取，不知道认定结果按月还是按年给出）")


def test_the_mistakes_of_every_case_of_a_file_are_told_together(tmp_path):
    """The second case's `320元` was not said until the first case's date was mended."""
    second = GOOD.split("\n", 1)[1].replace("{categories: [dibao]}", "{assistance: {dibao_benefit: 320元}}")
    cases = _write(tmp_path, "two.yaml", GOOD.replace("2026-03-01", "2026/3/1") + second)
    run = run_cases([cases])
    assert run.results == [] and run.unread_files == 1
    assert [(d.code, d.span.line) for d in run.problems] == [("L004", 4), ("L004", 11)]


def test_a_broken_policy_is_reported_once_as_check_reports_it_and_its_cases_do_not_run(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    broken = tmp_path / "broken.yaml"
    broken.write_text((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").replace(
        "test: per_capita_income < dibao_standard\n", "test: per_capita_income ＜ dibao_standard\n", 1),
        encoding="utf-8")
    _write(cases, "a_good.yaml", GOOD)
    for name in ("b_one.yaml", "c_two.yaml"):  # two cases each
        _write(cases, name, (GOOD + GOOD.split("\n", 1)[1]).replace("POLICY", "../broken.yaml"))
    run = run_cases([cases])
    assert [r.passed for r in run.results] == [True], "the good file's case still runs"
    assert [(d.code, Path(d.span.file).resolve(), d.message, d.help) for d in run.problems] == [
        ("S001", broken.resolve(), "unexpected `＜`", "write `<`")]
    assert (run.not_run, run.broken_policies, run.unread_files) == (4, 1, 0)


def test_a_policy_that_is_not_there_is_placed_on_the_case_that_names_it(tmp_path):
    cases = _write(tmp_path, "cases.yaml", GOOD.replace("POLICY", "nowhere.yaml"))
    run = run_cases([cases])
    assert run.results == []
    (d,) = run.problems
    assert (d.code, d.span.file, d.span.line, d.span.column) == ("L001", str(cases), 3, 13)
    assert d.help == "the path of `policy` is relative to the case file"


def test_a_path_counted_from_elsewhere_is_told_the_path_from_the_case_file(tmp_path):
    """`policy: ../policy/x.yaml` in `tests/cases/`, counted from the repository or from `tests/`: the help gives
    the path that reaches the file of that name from the case file, in both languages."""
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "post.yaml").write_bytes((ROOT / "policy" / "post-transition.yaml").read_bytes())
    (tmp_path / "tests" / "cases").mkdir(parents=True)
    cases = _write(tmp_path / "tests" / "cases", "cases.yaml", GOOD.replace("POLICY", "../policy/post.yaml"))
    (d,) = run_cases([cases]).problems
    assert d.help == ("the path of `policy` is relative to the case file: from there, the file named `post.yaml` is "
                      "`../../policy/post.yaml`")
    assert d.zh is not None and d.zh[1].endswith("名为 `post.yaml` 的文件是 `../../policy/post.yaml`")


def _policy_beside(folder):
    """`p.yaml`, the policy the cases below name, beside them: its path is right, so that the mistake made on purpose
    is the file's only one."""
    (folder / "p.yaml").write_bytes((ROOT / "policy" / "post-transition.yaml").read_bytes())


@pytest.mark.parametrize(("text", "code", "message"), [
    (b"cases:\n  - just a text\n", "L004", "`cases[0]` must be a map (key: value lines), not a text"),
    (b"cases: 5\n", "L004", "`cases` must be a list (lines starting with `- `), not a number"),
    (b"- a\n- b\n", "L004", "the document must be a map (key: value lines), not a list"),
    (b"cases:\n  - name: [\n", "L002", "not valid YAML: expected the node content, but found the end of the file"),
    (b"cases:\n\t- x\n", "L006", "tab used for indentation"),
    (b"\xba\xcc", "L001", "byte 0xba is not UTF-8 text"),  # (`render` says its line is read as GB18030)
    (b"# nothing yet\n", "L005", "the file is empty"),
    (b"cases:\n  - name: no expectation\n    policy: p.yaml\n    date: 2026-03-01\n    household: h.json\n",
     "L004", "`cases[0]` is missing `expect`"),
])
def test_a_file_that_is_not_a_case_file_says_where_and_why(tmp_path, text, code, message):
    _policy_beside(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(text)
    run = run_cases([bad])
    results, problems = run.results, run.problems
    assert results == []
    assert [(d.code, d.message) for d in problems] == [(code, message)]
    assert problems[0].span.file == str(bad)


@pytest.mark.parametrize(("expect", "help"), [
    ("dibao", "to expect the category, list it under `categories`: `{categories: [dibao]}`"),
    ("'no category'", "write `key: value` lines indented under it, of the keys `categories`, `members`, `values`, "
                      "`assistance`"),
])
def test_an_expectation_written_as_a_text_is_told_the_keys_it_holds(tmp_path, expect, help):
    _policy_beside(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - name: one category\n    policy: p.yaml\n    date: 2026-03-01\n    household: h.json\n"
                   f"    expect: {expect}\n", encoding="utf-8")
    (d,) = run_cases([bad]).problems
    assert (d.code, d.message, d.help) == ("L004", "`cases[0].expect` must be a map (key: value lines), not a text",
                                           help)
    assert d.zh is not None and d.zh[1]


def test_one_category_where_a_list_belongs_is_told_to_put_it_in_brackets(tmp_path):
    """`categories: dibao` is a text to YAML; the fix is the brackets, said in both languages."""
    _policy_beside(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - name: one category\n    policy: p.yaml\n    date: 2026-03-01\n    household: h.json\n"
                   "    expect:\n      categories: dibao\n", encoding="utf-8")
    (d,) = run_cases([bad]).problems
    assert (d.code, d.span.line, d.span.column) == ("L004", 7, 19)
    assert d.message == "`cases[0].expect.categories` must be a list (lines starting with `- `), not a text"
    assert (d.help, d.zh[1]) == ("write it in square brackets, as a list: `[dibao]`", "请用方括号写成列表：`[dibao]`")


@pytest.mark.parametrize(("written", "got"), [("none", "a text"), ("无", "a text"), ("no", "true/false"),
                                            ("false", "true/false")])
def test_no_category_written_as_a_word_is_told_to_write_empty_brackets(tmp_path, written, got):
    """`categories: none` was told to write `[none]`, which is refused in turn (`write `[]` for no category`), and
    `categories: no` (false to YAML) was told nothing: each is told `[]`, as a blank `categories:` is."""
    _policy_beside(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n  - name: no category\n    policy: p.yaml\n    date: 2026-03-01\n    household: h.json\n"
                   f"    expect:\n      categories: {written}\n      members: {{p1: {written}}}\n", encoding="utf-8")
    household, member = run_cases([bad]).problems
    assert household.message == f"`cases[0].expect.categories` must be a list (lines starting with `- `), not {got}"
    assert household.help is not None and household.help.startswith(
        "write the categories expected in square brackets, as `[dibao]`, or `[]` for none expected")
    assert household.zh is not None and "预期不属于任何类别的写 `[]`" in (household.zh[1] or "")
    assert member.help is not None and "or `[]` for none" in member.help


def test_a_measure_the_policy_does_not_have_and_is_close_to_none_is_told_the_policy_s_measures(tmp_path):
    """`assistance: {dibao: …}` for the dibao benefit is far from every measure's name: it was told only that the
    policy has no measure `dibao`, with nothing to write instead; the help lists the policy's measures, as an
    unknown category's lists its categories."""
    cases = _write(tmp_path, "cases.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                        'expect: {assistance: {dibao: "320.00"}}'))
    [result] = run_cases([cases]).results
    [d] = result.findings
    assert d.message == "assistance.dibao: the policy has no measure `dibao`"
    assert d.help is not None and d.help.startswith("the policy's measures: `") and "`dibao_benefit`" in d.help
    assert d.zh is not None and (d.zh[1] or "").startswith("本政策的措施：") and "`dibao_benefit`" in (d.zh[1] or "")


def test_an_inline_household_may_write_dates_unquoted(tmp_path):
    cases = _write(tmp_path, "inline.yaml", """cases:
  - name: an elderly person alone, no income
    policy: POLICY
    date: 2026-03-01
    household: {id: IN-1, members: [{id: p1, birth_date: 1950-01-01}]}
    expect: {categories: [dibao], members: {p1: [tekun]}}
""")
    run = run_cases([cases])
    results, problems = run.results, run.problems
    assert not problems
    assert results[0].error is None and results[0].passed, results[0].differences


def test_an_empty_members_expects_no_member_in_any_category_as_an_empty_assistance_expects_no_measure(tmp_path):
    alone = "household: {id: IN-1, members: [{id: p1, birth_date: 1950-01-01}]}"  # p1 is tekun
    cases = _write(tmp_path, "members.yaml", GOOD.replace("household: EXAMPLE", alone).replace(
        "expect: {categories: [dibao]}", "expect: {members: {}}") + GOOD.split("\n", 1)[1].replace(
        "expect: {categories: [dibao]}", "expect: {members: {}}"))
    tekun, widow = run_cases([cases]).results
    assert [(d.en, d.zh) for d in tekun.differences] == [
        ("members.p1: expected [], got [tekun] (`members: {}` expects no member in any category)",
         "members.p1：应为 []，实际为 [tekun]（`members: {}` 表示每个成员都不属于任何类别）")]
    assert widow.passed, [d.en for d in widow.differences]


def test_an_empty_values_checks_nothing_and_is_refused_where_it_is_written(tmp_path):
    cases = _write(tmp_path, "values.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                         "expect: {values: {}, members: {}}"))
    run = run_cases([cases])
    assert run.results == [] and run.unread_files == 1
    [d] = run.problems
    assert (d.code, d.span.line, d.span.column, d.message) == ("L004", 6, 22, "`cases[0].expect.values` is empty")
    assert d.help.startswith("an empty `values:` checks nothing: name each value to check")
    assert d.in_lang("zh").help.startswith("空的 `values:` 什么也不检查")


def test_a_measure_granted_without_an_amount_is_said_in_words_as_policy_eval_says_it(tmp_path):
    cases = _write(tmp_path, "c.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                    "expect: {assistance: {dibao_benefit: '280.00'}}"))
    [result] = run_cases([cases]).results
    said = {d.en.split(":")[0]: d for d in result.differences}["assistance.employment_services/p1"]
    assert said.en == ("assistance.employment_services/p1: granted (amount decided by the human resources and social "
                       "security department, not set by this policy), not expected")
    assert said.zh == ("assistance.employment_services/p1：给予了（金额由人社部门核定，本政策未作规定），但用例没有写")
    assert "null" not in said.en + said.zh
    written = _write(tmp_path, "d.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                      "expect: {assistance: {employment_services/p1: null}}"))
    assert not any(d.en.startswith("assistance.employment_services/p1")
                   for d in run_cases([written]).results[0].differences)
    amount = _write(tmp_path, "e.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                     "expect: {assistance: {employment_services/p1: 100}}"))
    said = {d.en.split(":")[0]: d for d in run_cases([amount]).results[0].differences}
    assert said["assistance.employment_services/p1"].en == (
        "assistance.employment_services/p1: expected 100.00 yuan, got (amount decided by the human resources and "
        "social security department, not set by this policy)")
    assert said["assistance.employment_services/p1"].zh == (
        "assistance.employment_services/p1：应为 100.00 元，实际为（金额由人社部门核定，本政策未作规定）")


def test_null_expects_a_grant_without_an_amount_and_is_never_said_to_be_what_the_policy_sets(tmp_path):
    """`null` in a case means: granted, with no amount. Said so, and where the policy sets the measure's amount and
    grants it, said that it does, never that the department decides it; a measure not granted is expected by leaving
    it out, and said so, not told to be given an amount that could not pass."""
    said = dict(_differences(tmp_path, "{assistance: {dibao_benefit: null, medical_assistance/p1: 2100, "
                                       "medical_assistance/p2: 0, education_aid/p2: 1000, "
                                       "employment_services/p1: null, tekun_support/p1: null, "
                                       "housing_renovation: null}}"))
    assert said == {
        "assistance.dibao_benefit: expected a grant without an amount (`null`), got 320.00 yuan/month (`null` is "
        "written for a measure without an amount; this policy sets the amount of `dibao_benefit`: write the amount "
        "expected, as 320.00)":
        "assistance.dibao_benefit：应为给予但不定金额（`null`），实际为 320.00 元/月（`null` 用于不定金额的措施；"
        "本政策定了 `dibao_benefit` 的金额：请写预期的金额，例如 320.00）",
        "assistance.housing_renovation: expected a grant without an amount (`null`), not granted (to expect "
        "`housing_renovation` not granted, leave it out: `assistance` lists exactly the measures granted)":
        "assistance.housing_renovation：应为给予但不定金额（`null`），但没有给予（预期不给予 `housing_renovation` 时，"
        "请不要写它：`assistance` 列出的正是给予的各项措施）",
        "assistance.tekun_support/p1: expected a grant without an amount (`null`), not granted (to expect "
        "`tekun_support/p1` not granted, leave it out: `assistance` lists exactly the measures granted)":
        "assistance.tekun_support/p1：应为给予但不定金额（`null`），但没有给予（预期不给予 `tekun_support/p1` 时，"
        "请不要写它：`assistance` 列出的正是给予的各项措施）",
    }
    assert not any("department decides" in en or "write the amount" in en for en in said if "not granted" in en)
    zero = dict(_differences(tmp_path, "{assistance: {dibao_benefit: 320, medical_assistance/p1: 2100, "
                                       "medical_assistance/p2: 0, education_aid/p2: 1000, "
                                       "employment_services/p1: null, tekun_support/p1: 0, housing_renovation: 0.00}}"))
    assert list(zero) == [
        "assistance.housing_renovation: expected 0.00 yuan, not granted (to expect `housing_renovation` not granted, "
        "leave it out: `assistance` lists exactly the measures granted)",
        "assistance.tekun_support/p1: expected 0.00 yuan/month, not granted (to expect `tekun_support/p1` not granted, "
        "leave it out: `assistance` lists exactly the measures granted)"]
    # as the help says: left out, the measure not granted is no difference
    assert _differences(tmp_path, "{assistance: {dibao_benefit: 320, medical_assistance/p1: 2100, "
                                  "medical_assistance/p2: 0, education_aid/p2: 1000, "
                                  "employment_services/p1: null}}") == []


def _differences(tmp_path, expect: str) -> list[tuple[str, str]]:
    cases = _write(tmp_path, "values.yaml", GOOD.replace("expect: {categories: [dibao]}", f"expect: {expect}"))
    run = run_cases([cases])
    assert not run.problems, run.problems
    (result,) = run.results
    return _told(result)


def _told(result) -> list[tuple[str, str]]:
    """What a case's run says, in English and Chinese: the mistakes of what it expects, each at its place, where it
    has any (it is not run: `mistaken`); else its differences."""
    if result.mistaken:
        return [(d.message, d.in_lang("zh").message) for d in result.findings]
    return [(d.en, d.zh) for d in result.differences]


@pytest.mark.parametrize("written", [
    "{per_capita_income: 4200}", "{per_capita_income: 4200.0}", "{per_capita_income: '4200.00'}",
    "{per_capita_income: '4,200.00'}", "{per_capita_income: 4200.000}",
    "{household_size: 2}", "{household_size: 2.0}", "{household_size: '2'}",
    "{in_any_category: true, water_unsafe: false}",
    "{rigid_expense_share: 50%}", "{rigid_expense_share: '50 %'}", "{rigid_expense_share: 0.5}",
    "{dibao_benefit: 320, medical_assistance/p1: 2100, medical_assistance/p2: 0, education_aid/p2: '1000',"
    " employment_services/p1: null}",
])
def test_numbers_compare_by_value_however_the_case_writes_them(tmp_path, written):
    key = "assistance" if "dibao_benefit" in written else "values"
    assert _differences(tmp_path, f"{{{key}: {written}}}") == []


@pytest.mark.parametrize(("written", "en", "zh"), [
    ("{values: {per_capita_income: 4300}}",
     "values.per_capita_income: expected 4300.00 yuan/year, got 4200.00 yuan/year",
     "values.per_capita_income：应为 4300.00 元/年，实际为 4200.00 元/年"),
    ("{values: {per_capita_income: 4200.001}}",
     "values.per_capita_income: expected 4200.001 yuan/year, got 4200.00 yuan/year (money is kept to the fen: two "
     "decimals)", "values.per_capita_income：应为 4200.001 元/年，实际为 4200.00 元/年（金额只算到分，即两位小数）"),
    ("{values: {per_capita_income: some 4200}}",  # (`4200 yuan`, `about 4200` are mistakes of the case file: below)
     "values.per_capita_income: expected some 4200, got 4200.00 yuan/year (write a number, such as 4200.00)",
     "values.per_capita_income：应为 some 4200，实际为 4200.00 元/年（请写数字，例如 4200.00）"),
    ("{values: {dibao_standard: 510}}",
     "values.dibao_standard: expected 510.00 yuan/year, got 6120.00 yuan/year (a decision gives a rate per year: "
     "510.00 yuan/month is 6120.00 yuan/year)",
     "values.dibao_standard：应为 510.00 元/年，实际为 6120.00 元/年"
     "（认定结果中的金额按年计：510.00 元/月即 6120.00 元/年）"),
    ("{values: {household_size: 2.5}}", "values.household_size: expected 2.5, got 2",
     "values.household_size：应为 2.5，实际为 2"),
    ("{values: {household_size: 3.00}}", "values.household_size: expected 3, got 2",
     "values.household_size：应为 3，实际为 2"),
    ("{values: {rigid_expense_share: 60%}}", "values.rigid_expense_share: expected 60%, got 50%",
     "values.rigid_expense_share：应为 60%，实际为 50%"),
    ("{values: {employment_cost_rate: '25 %'}}", "values.employment_cost_rate: expected 25%, got 20%",
     "values.employment_cost_rate：应为 25%，实际为 20%"),
    ("{values: {rigid_expense_share: 60}}", "values.rigid_expense_share: expected 60, got 0.5 (a share: write 60% "
     "or 0.6)", "values.rigid_expense_share：应为 60，实际为 0.5（这是比例：请写 60% 或 0.6）"),
    ("{values: {employment_cost_rate: 20}}", "values.employment_cost_rate: expected 20, got 0.2 (a share: write 20% "
     "or 0.2)", "values.employment_cost_rate：应为 20，实际为 0.2（这是比例：请写 20% 或 0.2）"),
    ("{values: {rigid_expense_share: 60％}}",
     "values.rigid_expense_share: expected 60％, got 50% (`％` is a full-width percent sign: write 60%, with a "
     "half-width `%`)",
     "values.rigid_expense_share：应为 60％，实际为 50%（`％` 是全角百分号：请写 60%，用半角的 `%`）"),
    ("{values: {household_size: 3}}", "values.household_size: expected 3, got 2",  # a count: no share
     "values.household_size：应为 3，实际为 2"),
    ("{values: {per_capita_income: 60%}}",
     "values.per_capita_income: expected 60%, got 4200.00 yuan/year (write a number, such as 4200.00)",
     "values.per_capita_income：应为 60%，实际为 4200.00 元/年（请写数字，例如 4200.00）"),
    ("{values: {in_any_category: 1}}",
     "values.in_any_category: expected 1, got true (a yes/no value is written `true` or `false`)",
     "values.in_any_category：应为 1，实际为 true（是/否值写作 `true` 或 `false`）"),
    ("{values: {in_any_category: 'yes'}}",
     "values.in_any_category: expected yes, got true (a yes/no value is written `true` or `false`)",
     "values.in_any_category：应为 yes，实际为 true（是/否值写作 `true` 或 `false`）"),
    ("{values: {water_unsafe: true}}", "values.water_unsafe: expected true, got false",
     "values.water_unsafe：应为 true，实际为 false"),
    ("{values: {water_unsafe: \"false\"}}",
     'values.water_unsafe: expected "false", got false (`"false"` in quotes is a text: write false, without quotes)',
     'values.water_unsafe：应为 "false"，实际为 false（`"false"` 加了引号，是文本：请写 false，不加引号）'),
    ("{values: {water_unsafe: 'False'}}",
     'values.water_unsafe: expected "False", got false (`"False"` in quotes is a text: write false, without quotes)',
     'values.water_unsafe：应为 "False"，实际为 false（`"False"` 加了引号，是文本：请写 false，不加引号）'),
    ("{assistance: {dibao_benefit: 320.5, medical_assistance/p1: 2100, medical_assistance/p2: 0, "
     "education_aid/p2: 1000, employment_services/p1: null}}",
     "assistance.dibao_benefit: expected 320.50 yuan/month, got 320.00 yuan/month",
     "assistance.dibao_benefit：应为 320.50 元/月，实际为 320.00 元/月"),
    ("{assistance: {dibao_benefit: 3840, medical_assistance/p1: 2100, medical_assistance/p2: 0, "
     "education_aid/p2: 1000, employment_services/p1: null}}",
     "assistance.dibao_benefit: expected 3840.00 yuan/month, got 320.00 yuan/month (it is granted per month: write "
     "the monthly amount, 320.00)",
     "assistance.dibao_benefit：应为 3840.00 元/月，实际为 320.00 元/月（这项措施按月给予：请写每月的金额 320.00）"),
])
def test_a_value_that_differs_is_shown_in_the_form_of_the_decision_on_both_sides(tmp_path, written, en, zh):
    assert _differences(tmp_path, written) == [(en, zh)]


def test_a_share_computed_and_written_a_hundred_times_over_is_told_to_be_a_share():
    from engine.expectations import compare

    actual = {"categories": [], "members": {}, "values": {"share": "0.35", "count": "2"}, "assistance": []}
    said = compare({"values": {"share": 35, "count": 200}}, actual, lambda _: "number")
    assert [(d.en, d.zh) for d in said] == [
        ("values.share: expected 35, got 0.35 (a share: write 35% or 0.35)",
         "values.share：应为 35，实际为 0.35（这是比例：请写 35% 或 0.35）"),
        ("values.count: expected 200, got 2", "values.count：应为 200，实际为 2")]
    assert compare({"values": {"share": "35%"}}, actual, lambda _: "number") == []
    assert compare({"values": {"share": "35％"}}, actual, lambda _: "number")[0].en.startswith(
        "values.share: expected 35％, got 35% (`％` is a full-width percent sign: write 35%")


def test_categories_compare_in_any_order_for_the_household_and_for_each_member():
    from engine.expectations import compare

    actual = {"categories": ["dibao", "monitoring"], "members": {"p1": ["tekun", "other"], "p2": []},
              "values": {}, "assistance": []}
    assert compare({"categories": ["monitoring", "dibao"], "members": {"p1": ["other", "tekun"]}}, actual,
                   lambda _: "unknown") == []
    [said] = compare({"categories": ["monitoring"]}, actual, lambda _: "unknown")
    assert said.zh == "categories：应为 [monitoring]，实际为 [dibao, monitoring]"


def test_a_category_of_the_other_level_is_said_to_be_one_with_where_to_write_it(tmp_path):
    alone = "household: {id: IN-1, members: [{id: p1, birth_date: 1950-01-01}]}"  # dibao, and p1 is tekun
    cases = _write(tmp_path, "levels.yaml", GOOD.replace("household: EXAMPLE", alone).replace(
        "expect: {categories: [dibao]}", "expect: {categories: [dibao, tekun], members: {p1: [tekun, dibao]}}"))
    [result] = run_cases([cases]).results
    assert _told(result) == [
        ("categories: `tekun` is a member-level category: write it under `members:`, as `members: {p1: [tekun]}`",
         "categories：`tekun` 是按成员认定的类别：请写在 `members:` 下，例如 `members: {p1: [tekun]}`"),
        ("members.p1: `dibao` is a household-level category: write it under `categories:`, as `categories: [dibao]`",
         "members.p1：`dibao` 是按家庭认定的类别：请写在 `categories:` 下，例如 `categories: [dibao]`")]


def test_an_input_under_values_is_said_to_be_given_not_checked_with_the_values_there_are(tmp_path):
    """With what reads it: the values computed from it; for one read by conditions alone, those conditions, never
    the household's values, which are not computed from it; for one nothing reads, nothing more."""
    said = _differences(tmp_path, "{values: {drinking_water.safe: true, birth_date/p1: '1967-03-12', "
                                  "assets.vehicles: 0, student/p2: compulsory, sex/p1: female, zzz: 1}}")
    checks = ("`values` checks what the policy computes (definitions, indicators, income and expense totals) and its "
              "parameters")
    checks_zh = "`values` 检查本政策算出的值（定义、指标、收入和支出合计）和参数"
    computed = ("`counted_income`, `exempt_income`, `rigid_expenses`, `household_size`, `per_capita_income`, "
                "`shared_income_per_head`, `deposits_per_capita`, `disaster_loss`, `marginal_line`, "
                "`in_any_category`, `housing_unsafe`, `water_unsafe`")
    assert said == [
        ("values.drinking_water.safe: `drinking_water.safe` is an input, given in the household, not checked: "
         f"{checks}; computed from it: `water_unsafe`",
         f"values.drinking_water.safe：`drinking_water.safe` 是输入项，由家庭数据给出，不在这里检查：{checks_zh}；"
         "由它算出的值：`water_unsafe`"),
        (f"values.birth_date/p1: `birth_date` is an input, given in the household, not checked: {checks}; computed "
         "from it: `age/p1`",
         f"values.birth_date/p1：`birth_date` 是输入项，由家庭数据给出，不在这里检查：{checks_zh}；"
         "由它算出的值：`age/p1`"),
        (f"values.assets.vehicles: `assets.vehicles` is an input, given in the household, not checked: {checks}; "
         "no value is computed from it; the conditions that read it: `dibao.no_vehicle`, `dibao_marginal.no_vehicle`",
         f"values.assets.vehicles：`assets.vehicles` 是输入项，由家庭数据给出，不在这里检查：{checks_zh}；"
         "没有由它算出的值；读取它的条件：`dibao.no_vehicle`、`dibao_marginal.no_vehicle`"),
        (f"values.student/p2: `student` is an input, given in the household, not checked: {checks}; computed from "
         "it: `no_labour_capacity/p2`",
         f"values.student/p2：`student` 是输入项，由家庭数据给出，不在这里检查：{checks_zh}；"
         "由它算出的值：`no_labour_capacity/p2`"),
        (f"values.sex/p1: `sex` is an input, given in the household, not checked: {checks}",
         f"values.sex/p1：`sex` 是输入项，由家庭数据给出，不在这里检查：{checks_zh}"),
        (f"values.zzz: the policy has no value `zzz`: {checks}; computed for this household: {computed}",
         f"values.zzz：本政策没有名为 `zzz` 的值：{checks_zh}；为这户家庭算出的值：{computed.replace(', ', '、')}"),
    ]


def test_a_measure_written_at_the_other_level_or_for_a_member_not_there_is_said_to_be(tmp_path):
    said = _differences(tmp_path, "{assistance: {dibao_benefit/p1: 320, medical_assistance: 2100, "
                                  "education_aid/p2: 1000, employment_services/p1: null, tekun_support: 728, "
                                  "education_aid/p3: 0}}")
    assert said == [
        ("assistance.dibao_benefit/p1: `dibao_benefit` is granted to the household, not to a member: write "
         "`dibao_benefit` (granted 320.00 yuan/month)",
         "assistance.dibao_benefit/p1：`dibao_benefit` 按家庭给予，不按成员：请写 `dibao_benefit`"
         "（给予了 320.00 元/月）"),
        ("assistance.medical_assistance: `medical_assistance` is granted to each member, not to the household: write "
         "`medical_assistance/p1` (granted 2100.00 yuan/year) and `medical_assistance/p2` (granted 0.00 yuan/year)",
         "assistance.medical_assistance：`medical_assistance` 按成员逐人给予，不按家庭：请写 "
         "`medical_assistance/p1`（给予了 2100.00 元/年）、`medical_assistance/p2`（给予了 0.00 元/年）"),
        ("assistance.tekun_support: `tekun_support` is granted to each member, not to the household: write it for a "
         "member, as `tekun_support/p1`; no member was granted it",
         "assistance.tekun_support：`tekun_support` 按成员逐人给予，不按家庭：请按成员写，例如 `tekun_support/p1`；"
         "没有成员得到这项措施"),
        ("assistance.education_aid/p3: no such member", "assistance.education_aid/p3：没有这个成员")]


def test_a_member_measure_written_for_a_household_of_three_names_each_member_as_a_list_is_said(tmp_path):
    three = str(ROOT / "examples" / "households" / "DS-0004-marginal-monthly-wage.json")
    cases = _write(tmp_path, "three.yaml", GOOD.replace("EXAMPLE", three).replace(
        "expect: {categories: [dibao]}", "expect: {assistance: {medical_assistance: 0}}"))
    run = run_cases([cases])
    [(en, zh)] = [(en, zh) for en, zh in _told(run.results[0]) if en.startswith("assistance.medical_assistance:")]
    assert en.endswith("not to the household: write `medical_assistance/p1` (granted 0.00 yuan/year), "
                            "`medical_assistance/p2` (granted 1750.00 yuan/year) and `medical_assistance/p3` "
                            "(granted 0.00 yuan/year)")
    assert zh.endswith("请写 `medical_assistance/p1`（给予了 0.00 元/年）、"
                            "`medical_assistance/p2`（给予了 1750.00 元/年）、"
                            "`medical_assistance/p3`（给予了 0.00 元/年）")


def test_a_member_level_value_is_checked_for_a_member_and_said_to_be_one_without(tmp_path):
    assert _differences(tmp_path, "{values: {age/p1: 58, age/p2: 13, no_labour_capacity/p2: true}}") == []
    assert _differences(tmp_path, "{values: {age/p2: 12}}") == [
        ("values.age/p2: expected 12, got 13", "values.age/p2：应为 12，实际为 13")]
    assert _differences(tmp_path, "{values: {age: 58, age/p2: 12, age/p3: 1, per_capita_income/p1: 4200, "
                                  "agee/p1: 58}}") == [
        ("values.age: `age` is a member-level value: write it for a member, as `age/p1`",
         "values.age：`age` 是按成员计算的值：请按成员写，例如 `age/p1`"),
        ("values.age/p3: no such member", "values.age/p3：没有这个成员"),
        ("values.per_capita_income/p1: `per_capita_income` is a household-level value: write `per_capita_income`, "
         "without `/p1`",
         "values.per_capita_income/p1：`per_capita_income` 是按家庭计算的值：请写 `per_capita_income`，不加 `/p1`"),
        ("values.agee/p1: the policy has no member-level value `agee` (did you mean `age`?)",
         "values.agee/p1：本政策没有按成员计算、名为 `agee` 的值（是否应为 `age`？）")]


def test_a_name_written_as_its_chinese_label_or_none_written_as_a_word_gets_what_to_write(tmp_path):
    said = _differences(tmp_path, "{categories: [最低生活保障对象], members: {p1: [特困人员], 户主: [], P2: [], "
                                  "p2: [none]}, values: {家庭年人均收入: 4200}, assistance: {最低生活保障金: 320}}")
    zh = [z for _, z in said]
    assert "categories：`最低生活保障对象` 是 `dibao` 的标签：请写 `dibao`" in zh
    assert "members.p1：`特困人员` 是 `tekun` 的标签：请写 `tekun`" in zh
    assert "members.户主：没有这个成员：成员要写编号，`户主` 是 `p1`：请写 `p1`" in zh
    assert "members.P2：没有这个成员（是不是 `p2`？）" in zh
    assert "members.p2：没有类别时请写 `[]`，不写 `[none]`" in zh
    assert "values.家庭年人均收入：`家庭年人均收入` 是 `per_capita_income` 的标签：请写 `per_capita_income`" in zh
    assert ("assistance.最低生活保障金：`dibao_benefit` 的标签是 `最低生活保障金（按月补差发放，特困人员不重复计入）`："
            "请写 `dibao_benefit`") in zh
    en = [e for e, _ in said]
    assert "members.户主: no such member: members are named by their id, and `户主` is `p1`: write `p1`" in en
    assert "members.p2: write `[]` for no category, not `[none]`" in en
    assert "categories: `最低生活保障对象` is the label of `dibao`: write `dibao`" in en
    assert not any("is no category" in e or "has no value" in e or "has no measure" in e for e in en), en


def test_a_number_split_at_its_thousands_separator_is_said_so_with_decimals_and_in_assistance(tmp_path):
    assert _differences(tmp_path, "{values: {per_capita_income: 4,200.00, household_size: 2}, assistance: {"
                                  "dibao_benefit: 320, medical_assistance/p1: 2,100.00, medical_assistance/p2: 0, "
                                  "education_aid/p2: 1,000, employment_services/p1: null}}") == [
        ("values.per_capita_income: `4,200.00` is read as two entries, as YAML splits a number at its comma: write "
         "4200.00, without the thousands separator",
         "values.per_capita_income：`4,200.00` 被 YAML 在逗号处拆成了两项：请写作 4200.00，不加千分位逗号"),
        ("assistance.medical_assistance/p1: `2,100.00` is read as two entries, as YAML splits a number at its comma: "
         "write 2100.00, without the thousands separator",
         "assistance.medical_assistance/p1：`2,100.00` 被 YAML 在逗号处拆成了两项：请写作 2100.00，不加千分位逗号"),
        ("assistance.education_aid/p2: `1,000` is read as two entries, as YAML splits a number at its comma: write "
         "1000, without the thousands separator",
         "assistance.education_aid/p2：`1,000` 被 YAML 在逗号处拆成了两项：请写作 1000，不加千分位逗号")]
    [(en, zh)] = _differences(tmp_path, "{values: {counted_income: 1,234,567.50}}")
    assert en.startswith("values.counted_income: `1,234,567.50` is read as 3 entries") and "write 1234567.50" in en
    assert zh.startswith("values.counted_income：`1,234,567.50` 被 YAML 在逗号处拆成了 3 项：请写作 1234567.50")


def test_a_decimal_comma_is_told_to_be_a_decimal_point_written_bare_or_in_quotes(tmp_path):
    assert _differences(tmp_path, '{values: {per_capita_income: "4200,00", household_size: 2}}') == [
        ("values.per_capita_income: expected 4200,00, got 4200.00 yuan/year (write 4200.00: a decimal point, not a "
         "comma)",
         "values.per_capita_income：应为 4200,00，实际为 4200.00 元/年（请写作 4200.00：小数点用“.”，不用逗号）")]
    said = _differences(tmp_path, "{values: {household_size: 2}, assistance: {"
                                  "dibao_benefit: 320,00, medical_assistance/p1: 2100, medical_assistance/p2: 0, "
                                  "education_aid/p2: 1000, employment_services/p1: null}}")
    assert said == [
        ("assistance.dibao_benefit: `320,00` is read as two entries, as YAML splits a number at its comma: write "
         "320.00, with a decimal point",
         "assistance.dibao_benefit：`320,00` 被 YAML 在逗号处拆成了两项：请写作 320.00，小数点用“.”")]


def test_a_count_is_not_a_yes_and_text_compares_as_written():
    from engine.expectations import agrees

    assert not agrees(True, "1", "number") and not agrees(1, True, "boolean") and agrees(False, False, "boolean")
    assert agrees("B", "B", "text") and not agrees("b", "B", "text") and not agrees("B ", "B", "text")
    assert agrees(2, "2", "text") and not agrees("2.0", "2", "text")
    assert agrees("2026-03-01", "2026-03-01", "date") and not agrees("2026-3-1", "2026-03-01", "date")
    assert agrees("0.333333333333", "0.333333333333", "number") and not agrees("0.33", "0.333333333333", "number")
    assert not agrees("NaN", "4200.00", "rate") and not agrees(None, "0.00", "amount")


INLINE = """cases:
  - name: a widow with a wage
    policy: POLICY
    date: 2026-03-01
    household:
      id: IN-1
      members: [{id: p1, birth_date: 1967-03-12}]
      income:
        - {type: wages, member: p1, amount: 3000}
    expect: {categories: [dibao]}
  - name: two mistakes on one line
    policy: POLICY
    date: 2026-03-01
    household: {id: IN-2, members: [{id: p1, birth_date: 1967-03-12, sex: x}], incme: []}
    expect: {categories: [dibao]}
"""


def test_a_mistake_in_an_inline_household_is_placed_in_the_case_file(tmp_path):
    cases = _write(tmp_path, "inline.yaml", INLINE)
    first, second = run_cases([cases]).results
    assert [(d.code, d.span.file, d.span.line, d.span.column, d.path, d.help) for d in first.findings] == [
        ("H003", str(cases), 9, 18, "income[0].type",
         "did you mean `\"wage\"` (wage income (less the cost of employment))?")]
    assert first.error.en == f'{cases}:9:18: income[0].type: error[H003]: "wages" is not an income type of this policy'
    assert first.error.zh == f'{cases}:9:18: income[0].type: 错误[H003]: "wages" 不是本政策的收入类型'
    column = INLINE.splitlines()[13].index  # in file order, each at its own column
    assert [(d.span.line, d.span.column) for d in second.findings] == [
        (14, column("sex: x") + 6), (14, column("incme") + 1)]


def test_a_mistake_in_a_household_file_is_placed_in_it_and_a_missing_one_on_the_case(tmp_path):
    (tmp_path / "bad.json").write_text('{"id": "B", "members": [{"id": "p1", "birth_date": "1967-03-12"}],\n'
                                       ' "income": [{"type": "wages", "member": "p1", "amount": 300}]}\n')
    (tmp_path / "broken.json").write_text('{"id": "X", "members": [}\n')
    cases = _write(tmp_path, "files.yaml", "cases:\n" + "".join(
        GOOD.split("\n", 1)[1].replace("EXAMPLE", name) for name in ("bad.json", "broken.json", "nowhere.json")))
    bad, broken, missing = run_cases([cases]).results
    assert [(d.code, d.span.file, d.span.line, d.span.column) for d in bad.findings] == [
        ("H003", str(tmp_path / "bad.json"), 2, 22)]
    assert [(d.code, d.span.file, d.span.line, d.span.column) for d in broken.findings] == [
        ("H001", str(tmp_path / "broken.json"), 1, 25)]
    [d] = missing.findings
    assert (d.code, d.span.file, d.span.line, d.span.column) == ("L001", str(cases), 15, 16)
    assert d.help == "the path of `household` is relative to the case file"
    assert "Errno" not in missing.error.en and "None" not in broken.error.en


def test_a_household_path_counted_from_the_repository_is_told_the_path_from_the_case_file(tmp_path):
    """The tutorial's `scratch/cases.yaml` naming its household as it is typed in the shell, from the repository
    (`examples/households/…`): the help gives the path that reaches it from the case file, `../examples/…`, in both
    languages, where it only said that the path is relative to the case file."""
    name = "DS-0001-dibao-widow.json"
    (tmp_path / "examples" / "households").mkdir(parents=True)
    (tmp_path / "examples" / "households" / name).write_bytes((ROOT / "examples" / "households" / name).read_bytes())
    (tmp_path / "scratch").mkdir()
    cases = _write(tmp_path / "scratch", "cases.yaml", GOOD.replace("EXAMPLE", f"examples/households/{name}"))
    [missing] = run_cases([cases]).results
    [d] = missing.findings
    assert d.code == "L001"
    assert d.help == ("the path of `household` is relative to the case file: from there, the file named "
                      f"`{name}` is `../examples/households/{name}`")
    assert d.zh is not None and d.zh[1].endswith(f"名为 `{name}` 的文件是 `../examples/households/{name}`")


def test_coverage_shows_a_new_measure_whose_condition_no_case_exercises(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text((ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").replace(
        "\nprocess:\n", """
  - id: elderly_care
    level: member
    department: civil_affairs
    label: {zh: 高龄老人居家照料, en: home care for the very old}
    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3
    when: tekun and age >= 80

process:
""", 1).replace("departments:\n", "departments:\n  civil_affairs: {zh: 民政部门, en: civil affairs}\n", 1),
        encoding="utf-8")
    cases = _write(tmp_path, "cases.yaml", GOOD.replace("POLICY", str(policy)))
    run = run_cases([cases])
    assert not run.problems and run.results[0].passed
    rows = {(r.owner, r.condition): r for r in run.coverage.report()}
    assert rows["elderly_care", "when"].seen == {False} and rows["elderly_care", "when"].assistance
    assert rows["dibao_benefit", "when"].seen == {True}
    assert rows["medical_assistance", "dibao.when"].seen == {True}
    assert rows["medical_assistance", "tekun.when"].seen == {False}
    assert not rows["dibao", "income"].assistance


def test_a_value_of_none_of_its_kinds_is_told_them_as_a_sentence_lists_them(tmp_path):
    """The kinds a value may be, in Chinese as in English: `文本、数字、…或空值`, not `文本或数字或…或空值`."""
    cases = _write(tmp_path, "listed.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                         "expect: {values: {per_capita_income: [1, 2]}}"))
    [d] = run_cases([cases]).problems
    assert d.message == ("`cases[0].expect.values.per_capita_income` must be a text, a number, true or false or "
                         "empty, not a list")
    assert d.in_lang("zh").message == ("`cases[0].expect.values.per_capita_income` 应为文本、数字、是/否值（true 或 "
                                       "false）或空值，而不是列表")


def test_a_blank_categories_or_assistance_is_an_unfinished_case_refused_with_how_to_say_none(tmp_path):
    """`categories:` and `assistance:` left blank were read as `[]` and `{}`, and the unfinished case passed."""
    cases = _write(tmp_path, "blank.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                        "expect:\n      categories:\n      assistance:"))
    run = run_cases([cases])
    assert run.results == [] and run.unread_files == 1
    categories, assistance = run.problems
    assert (categories.span.line, categories.message) == (
        7, "`cases[0].expect.categories` must be a list (lines starting with `- `), not empty")
    assert categories.help == ("write the categories expected in square brackets, as `[dibao]`, or `[]` for none "
                               "expected; or remove `categories:` to leave them unchecked")
    assert categories.in_lang("zh").help == ("请在方括号中写出预期的类别，例如 `[dibao]`；预期不属于任何类别的写 `[]`；"
                                            "或删去 `categories:`，不检查类别")
    assert (assistance.span.line, assistance.message) == (
        8, "`cases[0].expect.assistance` must be a map (key: value lines), not empty")
    assert assistance.help == ("write each measure expected indented under it with its amount, as "
                               "`dibao_benefit: 320.00`, or `{}` for none granted; or remove `assistance:` to leave "
                               "the measures unchecked")
    assert assistance.in_lang("zh").help.startswith("请在它下面缩进写出预期给予的每项措施及其金额")
    empty = _write(tmp_path, "empty.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                        "expect: {categories: [], assistance: {}}"))
    assert not run_cases([empty]).problems, "`[]` and `{}` still expect none"


def test_cases_written_without_cases_above_them_are_told_to_add_it_and_one_case_where_its_dash_goes(tmp_path):
    """A list of cases with no `cases:` above it was told to remove each `- `, which made it a policy file to the
    tool; one case under `cases:` without `- ` was told to put one before each entry: before each of its keys."""
    case = GOOD.split("\n", 1)[1]
    bare = _write(tmp_path, "bare.yaml", textwrap.dedent(case))
    [d] = run_cases([bare]).problems
    assert (d.code, d.span.line, d.message) == ("L004", 1, "the document must be a map (key: value lines), not a list")
    assert d.help == "a case file begins with a line `cases:`: add it above the list, and indent the list under it"
    assert d.in_lang("zh").help == \
        "测试用例文件以一行 `cases:` 开头：请在列表上方加上这一行，并把整个列表缩进放在它下面"
    _write(tmp_path, "bare.yaml", "cases:\n" + textwrap.indent(textwrap.dedent(case), "  "))
    assert run_cases([bare]).results[0].passed, "the help followed"
    undashed = _write(tmp_path, "undashed.yaml", "cases:\n" + case.replace("  - name:", "    name:"))
    [d] = run_cases([undashed]).problems
    assert (d.span.line, d.message) == (2, "`cases` must be a list (lines starting with `- `), not a map")
    assert d.help == ("put `- ` before the first key of each case only, `- name: …`, and indent the case's other "
                      "keys as far as `name`")
    assert d.in_lang("zh").help == \
        "每个用例只在它的第一个键前加 `- `，写成 `- name: …`，并让这个用例的其他键与 `name` 对齐"
    _write(tmp_path, "undashed.yaml", "cases:\n" + case.replace("    name:", "  - name:"))
    assert run_cases([undashed]).results[0].passed, "the help followed"


@pytest.mark.parametrize(("expect", "column", "message", "help"), [
    ("{categories: [dibao，tekun]}", 27, "`cases[0].expect.categories[0]` is `dibao，tekun`: `，` is a full-width "
     "comma, so it is one value", "separate the values with the English comma: `dibao, tekun`"),
    ("{members: {p1: [tekun、dibao]}}", 29, "`cases[0].expect.members.p1[0]` is `tekun、dibao`: `、` is an enumeration "
     "comma (顿号), so it is one value", "separate the values with the English comma: `tekun, dibao`"),
    ("\n      categories：[dibao]", 7, "`cases[0].expect` must be a map (key: value lines), not a text",
     "`：` is a full-width colon: write `categories: [dibao]`"),
])
def test_a_full_width_comma_or_colon_in_a_case_is_named_with_what_to_type_instead(tmp_path, expect, column, message,
                                                                                  help):
    """`[dibao，tekun]` was one category, `dibao，tekun`, said to be none of the policy's (did you mean `tekun`?);
    `categories：[dibao]` a text, told the keys `expect:` holds, one of which the officer had typed."""
    cases = _write(tmp_path, "wide.yaml", GOOD.replace("{categories: [dibao]}", expect))
    run = run_cases([cases])
    assert run.results == []
    [d] = run.problems
    assert (d.code, d.span.column, d.message, d.help) == ("L004", column, message, help)
    assert "，" in d.in_lang("zh").message or "：" in d.in_lang("zh").help


@pytest.mark.parametrize(("entry", "where", "help"), [
    ("assistance: {dibao_benefit: 320元}", "assistance.dibao_benefit", "write the number alone: `320`"),
    ("assistance: {dibao_benefit: '320元'}", "assistance.dibao_benefit", "write the number alone: `320`"),
    ("assistance: {dibao_benefit: 320元/月}", "assistance.dibao_benefit",
     "write the number alone: `320` (`dibao_benefit` is granted per month: the case writes the monthly amount)"),
    ("assistance: {dibao_benefit: ￥320}", "assistance.dibao_benefit", "write the number alone: `320`"),
    ("assistance: {dibao_benefit: 320.00 元}", "assistance.dibao_benefit", "write the number alone: `320.00`"),
    ("assistance: {dibao_benefit: 三百二十元}", "assistance.dibao_benefit",
     "write the figure in digits, such as 4200.00"),
    ("values: {dibao_standard: 510元/月}", "values.dibao_standard",
     "write the yearly figure alone: `6120` (a decision gives a rate per year: 510.00 yuan/month is 6120.00 "
     "yuan/year)"),
    ("values: {per_capita_income: 4200 yuan}", "values.per_capita_income", "write the number alone: `4200`"),
    ("values: {per_capita_income: 0.42万}", "values.per_capita_income", "write the number alone: `4200`"),
    ("values: {marginal_multiplier: 1.8倍}", "values.marginal_multiplier", "write the number alone: `1.8`"),
    ("values: {age/p1: 58岁}", "values.age/p1", "write the number alone: `58`"),
    ("values: {household_size: 2人}", "values.household_size", "write the number alone: `2`"),
    ("values: {household_size: 两人}", "values.household_size", "write the figure in digits, such as 2"),
    ("values: {age/p1: 五十八岁}", "values.age/p1", "write the figure in digits, such as 45"),
    ("values: {rigid_expense_share: 五成}", "values.rigid_expense_share",
     "write the share as a percentage: `50%` (or 0.5)"),
    # a year's amount of a measure granted per month was told `write the number alone: `228``, a twelfth wrong
    ("assistance: {dibao_benefit: 228元/年}", "assistance.dibao_benefit",
     "write the monthly figure alone: `19` (`dibao_benefit` is granted per month: 228.00 yuan/year is 19.00 "
     "yuan/month)"),
    ("assistance: {dibao_benefit: 19.00 元/年}", "assistance.dibao_benefit",
     "write the monthly amount alone (`dibao_benefit` is granted per month, and 19.00 yuan/year is no amount to the "
     "fen a month, ≈1.58 yuan/month): `19.00` if that is the monthly amount"),
])
def test_a_figure_written_with_its_unit_or_in_words_is_a_mistake_of_the_case_file_told_the_number(
        tmp_path, entry, where, help):
    """`19元` was a failed case, `expected 19元, got 19.00 yuan/month (write a number, such as 4200.00)`: the figure
    was right, its writing wrong, and the help the same for an age, a count and a share. A slip of its case, which
    is not run, as a name the policy does not have is: it stopped every case of its file."""
    cases = _write(tmp_path, "units.yaml", GOOD.replace("{categories: [dibao]}", "{" + entry + "}"))
    run = run_cases([cases])
    assert (run.problems, run.unread_files) == ([], 0)
    [result] = run.results
    assert result.mistaken and not result.passed and result.differences == []
    [d] = result.findings
    raw = entry.split(": ", 2)[2].rstrip("}")
    written = raw.strip("'")
    column = cases.read_text(encoding="utf-8").splitlines()[5].index(raw) + 1
    assert (d.code, d.span.line, d.span.column) == ("L004", 6, column)
    assert d.message == (f"`cases[0].expect.{where}` is `{written}`, not a number: a case writes a figure in "
                         "digits, without its unit")
    assert d.help == help
    assert d.in_lang("zh").message.endswith("不是数字：用例中的数值只写阿拉伯数字，不带单位")


def test_a_figure_with_its_unit_keeps_its_case_from_running_and_the_others_run(tmp_path, run):
    """`19元` in one case stopped the whole case file (`1 case file not run`), where a name the policy does not have
    stops its case alone: the other cases went unchecked for a slip of one."""
    unit = GOOD.split("\n", 1)[1].replace("{categories: [dibao]}", "{assistance: {dibao_benefit: 19元}}")
    slip = GOOD.split("\n", 1)[1].replace("{categories: [dibao]}", "{categories: [dibo]}")
    cases = _write(tmp_path, "three.yaml", GOOD + unit + slip)
    english = run("test", "--lang", "en", cases)
    assert english.exit_code == 2
    assert english.stderr == ""
    out = english.stdout.splitlines()
    assert out[:5] == [
        f"NOT RUN {cases}:7 the widow is dibao",
        f"     {cases}:11:42: error[L004]: `cases[1].expect.assistance.dibao_benefit` is `19元`, not a number: a case "
        "writes a figure in digits, without its unit",
        "       11 |     expect: {assistance: {dibao_benefit: 19元}}",
        "          |                                          ^^^^",
        "       help: write the number alone: `19`",
    ]
    assert out[5] == f"NOT RUN {cases}:12 the widow is dibao"
    assert out[-1] == f"1 passed, 0 failed, 2 cases not run: mistakes in what they expect (see above; 1 case file in " \
        f"{tmp_path})"
    chinese = run("test", "--lang", "zh", cases)
    assert chinese.exit_code == 2
    assert f"未运行 {cases}:7 the widow is dibao\n" in chinese.stdout
    assert ("错误[L004]: `cases[1].expect.assistance.dibao_benefit` 是 `19元`，"
            "不是数字：用例中的数值只写阿拉伯数字，不带单位\n") in chinese.stdout
    assert "       提示：请只写数字：`19`\n" in chinese.stdout
    assert chinese.stdout.endswith(
        f"1 个通过，0 个失败，2 个用例未运行：其预期写法有误（见上文；{tmp_path} 中 1 个文件）\n")


def test_a_figure_with_its_unit_is_told_beside_the_mistakes_of_its_household(tmp_path):
    """The figure and the household's mistakes of one case, in one run: neither hides the other."""
    bad = "household: {id: IN-1, members: [{id: p1, birth_date: 1950-01-01}], income: [{type: lottery, amount: 5}]}"
    cases = _write(tmp_path, "both.yaml", GOOD.replace("household: EXAMPLE", bad).replace(
        "{categories: [dibao]}", "{assistance: {dibao_benefit: 19元}}"))
    [result] = run_cases([cases]).results
    assert result.mistaken and not result.passed
    assert [(d.code, d.span.line) for d in result.findings] == [("H003", 5), ("L004", 6)]
    missing = _write(tmp_path, "missing.yaml", GOOD.replace("household: EXAMPLE", "household: nowhere.json").replace(
        "{categories: [dibao]}", "{assistance: {dibao_benefit: 19元}}"))
    [result] = run_cases([missing]).results
    assert result.no_household and not result.mistaken, "counted once, as a case whose household is not there"
    assert [(d.code, d.span.line) for d in result.findings] == [("L001", 5), ("L004", 6)]


def test_a_figure_with_its_unit_is_told_beside_the_other_slips_of_its_case(tmp_path):
    cases = _write(tmp_path, "both.yaml", GOOD.replace("{categories: [dibao]}",
                                                       "{categories: [dibo], assistance: {dibao_benefit: 320元}}"))
    [result] = run_cases([cases]).results
    assert result.mistaken
    line = cases.read_text(encoding="utf-8").splitlines()[5]
    assert [(d.code, d.span.line, d.span.column) for d in result.findings] == [
        ("L004", 6, line.index("dibo]") + 1), ("L004", 6, line.index("320元") + 1)]
    assert result.findings[1].help == "write the number alone: `320`"


@pytest.mark.parametrize(("expect", "en", "zh", "help", "help_zh"), [
    ("{values: {/p1: 3}}", "values./p1: no value is named before `/p1`", "values./p1：`/p1` 前面没有写值的名称",
     "write the member's value with its name before `/`: `own_income_with_share/p1`, `age/p1`, "
     "`member_in_category/p1` or `no_labour_capacity/p1`",
     "成员的值要在 `/` 前写上名称：`own_income_with_share/p1`、`age/p1`、`member_in_category/p1` 或 "
     "`no_labour_capacity/p1`"),
    ("{assistance: {/p2: 1000}}", "assistance./p2: no measure is named before `/p2`",
     "assistance./p2：`/p2` 前面没有写措施的名称",
     "write the member's measure with its name before `/`: `tekun_support/p2`, `medical_assistance/p2`, "
     "`education_aid/p2`, `employment_services/p2` or `disability_support/p2`",
     "成员的措施要在 `/` 前写上名称：`tekun_support/p2`、`medical_assistance/p2`、`education_aid/p2`、"
     "`employment_services/p2` 或 `disability_support/p2`"),
])
def test_a_member_s_value_or_grant_written_without_its_name_is_told_the_name_is_missing(
        tmp_path, expect, en, zh, help, help_zh):
    """`values: {/p1: 3}` was told `values./p1: the policy has no member-level value ```, an empty name in quotes,
    and `assistance: {/p2: …}` `the policy has no measure ```: the name before `/` is what is missing."""
    cases = _write(tmp_path, "unnamed.yaml", GOOD.replace("{categories: [dibao]}", expect))
    [result] = run_cases([cases]).results
    assert result.mistaken
    [d] = result.findings
    line = cases.read_text(encoding="utf-8").splitlines()[5]
    assert (d.code, d.span.line, d.span.column) == ("L004", 6, line.index("/p") + 1)
    assert (d.message, d.in_lang("zh").message) == (en, zh)
    assert (d.help, d.in_lang("zh").help) == (help, help_zh)


@pytest.mark.parametrize(("expect", "en", "zh", "help", "help_zh"), [
    ("{values: {age/: 58}}", "values.age/: no member is named after `/`", "values.age/：`/` 后面没有写成员",
     "write the member's id after `/`: `age/p1` or `age/p2`", "请在 `/` 后写成员编号：`age/p1` 或 `age/p2`"),
    ("{assistance: {tekun_support/: 3}}", "assistance.tekun_support/: no member is named after `/`",
     "assistance.tekun_support/：`/` 后面没有写成员",
     "write the member's id after `/`: `tekun_support/p1` or `tekun_support/p2`",
     "请在 `/` 后写成员编号：`tekun_support/p1` 或 `tekun_support/p2`"),
    ("{assistance: {dibao_benefit/: 3}}", "assistance.dibao_benefit/: no member is named after `/`",
     "assistance.dibao_benefit/：`/` 后面没有写成员",
     "`dibao_benefit` is granted to the household: write `dibao_benefit`, without `/`",
     "`dibao_benefit` 按家庭给予：请写 `dibao_benefit`，不加 `/`"),
])
def test_a_value_or_grant_written_with_no_member_after_its_slash_is_told_the_member_is_missing(
        tmp_path, expect, en, zh, help, help_zh):
    """`values: {age/: 58}` was told only `no such member`: no member is named, and the help says which to write
    (the household's own measure, `dibao_benefit/`, is written without `/`)."""
    cases = _write(tmp_path, "memberless.yaml", GOOD.replace("{categories: [dibao]}", expect))
    [result] = run_cases([cases]).results
    assert result.mistaken
    [d] = result.findings
    line = cases.read_text(encoding="utf-8").splitlines()[5]
    assert (d.code, d.span.line, d.span.column) == ("L004", 6, line.index("{", line.index("{") + 1) + 2)
    assert (d.message, d.in_lang("zh").message) == (en, zh)
    assert (d.help, d.in_lang("zh").help) == (help, help_zh)


@pytest.mark.parametrize(("entry", "message", "zh", "help"), [
    ("values: {per_capita_income: about 4200}", "an approximate figure: a case expects the exact number",
     "这是约数：用例要写精确的数值", "write the number alone: `4200`, if that is the exact figure"),
    ("values: {per_capita_income: 约4200}", "an approximate figure: a case expects the exact number",
     "这是约数：用例要写精确的数值", "write the number alone: `4200`, if that is the exact figure"),
    ("values: {per_capita_income: 4200左右}", "an approximate figure: a case expects the exact number",
     "这是约数：用例要写精确的数值", "write the number alone: `4200`, if that is the exact figure"),
    ("assistance: {dibao_benefit: 大约320元}",
     "an approximate figure: a case expects the exact number, in digits, without its unit",
     "这是约数：用例要写精确的数值，只写阿拉伯数字，不带单位",
     "write the number alone: `320`, if that is the exact figure"),
])
def test_a_figure_said_roughly_is_told_it_is_approximate_and_the_exact_number_is_wanted(tmp_path, entry, message,
                                                                                        zh, help):
    """`约4200` was said to be written "without its unit", where its mistake is the `约`: a case checks a decision's
    figure exactly, and `about` says the figure is not the one to check."""
    cases = _write(tmp_path, "rough.yaml", GOOD.replace("{categories: [dibao]}", "{" + entry + "}"))
    run = run_cases([cases])
    assert (run.problems, run.unread_files) == ([], 0)
    [d] = run.results[0].findings
    section, rest = entry.split(": {", 1)
    key, written = rest.rstrip("}").split(": ", 1)
    assert d.code == "L004"
    assert d.message == f"`cases[0].expect.{section}.{key}` is `{written}`, {message}"
    assert d.in_lang("zh").message == f"`cases[0].expect.{section}.{key}` 是 `{written}`，{zh}"
    assert d.help == help
    assert d.in_lang("zh").help.endswith("（如果这就是精确值）")


@pytest.mark.parametrize(("categories", "said"), [
    ("[低保]", "categories: `低保` is short for the label of `dibao`, `最低生活保障对象`: write `dibao`"),
    ("[低保边缘]", "categories: `低保边缘` is short for the label of `dibao_marginal`, `低保边缘家庭成员`: write "
                "`dibao_marginal`"),
    ("[刚性支出困难]", "categories: `刚性支出困难` is short for the label of `rigid_expense`, `刚性支出困难家庭成员`: "
                   "write `rigid_expense`"),
    ("[其他困难]", "categories: `其他困难` is short for the label of `other_hardship`, `其他困难人员`: write "
                "`other_hardship`"),
    ("[特困]", "categories: `特困` is short for the label of `tekun`, `特困人员`, a member-level category: write it "
             "under `members:`, as `members: {p1: [tekun]}`"),
    ("[特困人员]", "categories: `特困人员` is the label of `tekun`, a member-level category: write it under "
               "`members:`, as `members: {p1: [tekun]}`"),
])
def test_a_category_written_by_its_short_chinese_name_is_told_its_id_and_where_a_members_goes(tmp_path, categories,
                                                                                          said):
    """`[低保]` got no suggestion, its words being in two labels; `[特困]` was told to write `tekun`, and then that
    `tekun` goes under `members:`: the first hint says where it goes."""
    alone = "household: {id: IN-1, members: [{id: p1, birth_date: 1950-01-01}]}"  # p1 is tekun
    cases = _write(tmp_path, "short.yaml", GOOD.replace("household: EXAMPLE", alone).replace(
        "{categories: [dibao]}", "{categories: " + categories + "}"))
    [result] = run_cases([cases]).results
    told = dict(_told(result))
    assert said in told
    zh = told[said]
    assert zh.startswith("categories：`") and ("简称" in zh or "标签" in zh)


def test_a_member_left_blank_is_an_unfinished_case_refused_with_how_to_say_none(tmp_path):
    """`members: {p1: }` was read as `p1: []`, and the case passed expecting the member in no category."""
    cases = _write(tmp_path, "blank.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                        "expect:\n      members:\n        p1:"))
    run = run_cases([cases])
    assert run.results == [] and run.unread_files == 1
    (member,) = run.problems
    assert (member.span.line, member.message) == (
        8, "`cases[0].expect.members.p1` must be a list (lines starting with `- `), not empty")
    assert member.help == ("write the member's categories expected in square brackets, as `[tekun]`, or `[]` for "
                           "none; or remove `p1:` to leave that member unchecked")
    assert member.in_lang("zh").help == ("请在方括号中写出这名成员预期的类别，例如 `[tekun]`；"
                                        "预期不属于任何类别的写 `[]`；或删去 `p1:`，不检查这名成员")
    empty = _write(tmp_path, "empty.yaml", GOOD.replace("expect: {categories: [dibao]}",
                                                        "expect: {members: {p1: []}}"))
    assert not run_cases([empty]).problems, "`[]` still expects none"


def test_a_case_refused_on_a_clause_that_reads_a_value_to_confirm_is_told_that_value_under_the_reasons(tmp_path):
    """The reasons of a failed case gave a clause's note to confirm, but not the note of the dibao standard the failed
    clause compares with: the case may fail on a county's figure not yet entered, which the brief says and the test
    did not."""
    cases = _write(tmp_path, "standard.yaml", """cases:
  - name: income above the standard, taken for dibao
    policy: POLICY
    date: 2026-03-01
    household:
      id: C-2
      members: [{id: p1, relation: head, birth_date: 1980-05-01}]
      income: [{type: agriculture, amount: 7000}]
    expect: {categories: [dibao]}
""")
    (result,) = run_cases([cases]).results
    assert not result.passed
    for lang, said in (("en", "⚠ local value to confirm with the county's published figure: rural minimum living "
                              "standard (dibao standard)"),
                       ("zh", "⚠ 以县级公布标准为准（本地待确认值）：农村最低生活保障标准")):
        [dibao] = [getattr(r, lang) for under in result.reasons for r in under if "✘" in getattr(r, lang)]
        lines = dibao.splitlines()
        assert lines[-1] == f"    {said}", lines  # after the articles, as a ground to confirm is
        # what the grants read is no reason of a category's
        assert not any("医疗救助比例" in line or "medical costs" in line for line in lines), lines


def test_a_case_refused_on_a_county_clause_to_confirm_is_told_so_under_the_reasons(tmp_path):
    from tests.helpers import COUNTY_CLAUSE, county_clause_text

    (tmp_path / "county.yaml").write_text(county_clause_text(), encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text("""cases:
  - name: a car, but taken for dibao
    policy: county.yaml
    date: 2026-03-01
    household:
      id: C-1
      members: [{id: p1, relation: head, birth_date: 1980-05-01}]
      income: [{type: agriculture, amount: 3000}]
      assets: {vehicles: 1}
    expect: {categories: [dibao]}
""", encoding="utf-8")
    (result,) = run_cases([cases]).results
    assert not result.passed
    for lang, sep, mark in (("zh", "：", "”⚠"), ("en", ": ", "” ⚠")):
        label, note = COUNTY_CLAUSE["label"][lang], COUNTY_CLAUSE["confirm"][lang]
        [dibao] = [getattr(r, lang) for under in result.reasons for r in under if "✘" in getattr(r, lang)]
        lines = dibao.splitlines()
        assert f"“{label}{mark}" in lines[0], lines
        assert lines[-1] == f"    ⚠ {note}{sep}{label}", lines  # after the articles, as the brief ends with it


def test_each_grant_expected_otherwise_is_followed_by_why_it_was_not_given_a_member_grant_too(run, tmp_path):
    """Three grants expected and not given: the one reason said (the household's dibao benefit) came after all three,
    under `education_aid/p1`, where it read as why education aid was not given; the member's measures got none."""
    alone = ROOT / "examples" / "households" / "DS-0002-tekun-elderly-alone.json"
    cases = _write(tmp_path, "grants.yaml", f"""cases:
  - name: a tekun man alone, expected grants he does not get
    policy: POLICY
    date: 2026-06-01
    household: {alone}
    expect:
      assistance: {{tekun_support/p1: "663.00", medical_assistance/p1: "8000.00", dibao_benefit: 100,
                   education_aid/p1: 1000, disability_support/p1: null}}
""")
    for lang, words in (("en", {
            "dibao_benefit": "✘ dibao benefit (the monthly gap to the standard; tekun members excepted) — pilot "
                             "working group: not given, because every member is a “person in extreme poverty (tekun)”",
            "disability_support/p1": "✘ disability allowances and rehabilitation services (p1) — disabled persons' "
                                     "federation: not given, because the condition “disability grade (1 is the most "
                                     "severe) between 1 (included) and 4 (included)” is not met",
            "education_aid/p1": "✘ education aid (the highest applicable grant) (p1) — education: not given, because "
                                "level of schooling — “not in school” (must be “compulsory education”, “senior high "
                                "school” or “higher education”)"}),
                        ("zh", {
            "dibao_benefit": "✘ 最低生活保障金（按月补差发放，特困人员不重复计入） — 试点工作专班："
                             "未给予，因为所有成员都属于“特困人员”",
            "disability_support/p1": "✘ 残疾人两项补贴与康复服务（p1） — 残联："
                                     "未给予，因为不符合“残疾等级（1级最重）在 1（含）与 4（含）之间”这一条件",
            "education_aid/p1": "✘ 教育资助（就高不就低）（p1） — 教育部门：未给予，因为在读学段为“不在读”"
                                "（须为“义务教育”、“高中阶段”或“高等教育”）"})):
        result = run("test", "--lang", lang, cases)
        assert result.exit_code == 1
        said = result.stdout.splitlines()
        for key, reason in words.items():
            [at] = [i for i, line in enumerate(said) if line.startswith(f"     assistance.{key}")]
            assert said[at + 1].startswith(f"       {reason}  ["), said  # its own reason, under it
        # the forms of a measure of several that all lack the same (not in school) are said once: no line for each
        [at] = [i for i, line in enumerate(said) if line.startswith("     assistance.education_aid/p1")]
        assert not said[at + 2].startswith("           "), said
    report = run("test", "--lang", "en", cases, "--format", "junit").stdout
    assert ("assistance.disability_support/p1: expected a grant without an amount (`null`), not granted (to expect "
            "`disability_support/p1` not granted, leave it out: `assistance` lists exactly the measures granted)\n"
            "  ✘ disability allowances and rehabilitation services (p1)") in report
