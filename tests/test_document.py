"""`policy doc`: what the generated document says of the policy, in both languages."""

from __future__ import annotations

import re

import pytest

from engine.document import policy_markdown
from engine.loader import load_policy
from tests.helpers import ROOT

POST = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
DOC = {lang: policy_markdown(POST, lang) for lang in ("zh", "en")}


def test_the_opening_says_how_a_yearly_value_is_shown_per_month():
    # `yuan/month and yuan/year … convert exactly` sat above `7,600.00 yuan/year (≈633.33 yuan/month)`
    for lang, said, shown in (
            ("en", "a year is twelve months, and a yearly value shown per month is rounded to two decimals and "
                   "marked ≈ where it does not divide exactly; rules work with the exact value",
             "7,600.00 yuan/year (≈633.33 yuan/month)"),
            ("zh", "一年按 12 个月折算；按年的金额折成每月时四舍五入到两位小数，除不尽的标 ≈；规则按精确值计算",
             "7,600.00 元/年（≈633.33 元/月）")):
        doc = DOC[lang]
        assert said in doc, doc[:600]
        assert shown in doc
        assert "convert exactly" not in doc and "精确换算" not in doc


def test_a_heading_names_an_id_its_label_already_brackets_once():
    # `### 1. person in extreme poverty (tekun) (`tekun`)` said the id twice, in two brackets one after the other
    en, zh = DOC["en"], DOC["zh"]
    assert "### 1. person in extreme poverty (`tekun`)\n" in en
    assert "### 2. minimum living guarantee (`dibao`) household\n" in en
    assert "### 1. 特困人员（`tekun`）\n" in zh
    # a label that ends in a bracket of its own: the id after a dash, still findable by its name
    assert "#### dibao benefit (the monthly gap to the standard; tekun members excepted) — `dibao_benefit`\n" in en
    assert "#### 最低生活保障金（按月补差发放，特困人员不重复计入） — `dibao_benefit`\n" in zh
    assert "absorbed by: minimum living guarantee (`dibao`) household, person in extreme poverty (`tekun`), " in en
    for doc in (en, zh):
        for line in doc.splitlines():
            assert not re.search(r"[)）] ?[(（]`", line), line


def test_an_amount_gives_each_parameter_s_figure_beside_its_label():
    # `低保对象医疗救助比例 × 医疗费用（个人自付部分）` sent the reader to the parameters table for the 70%
    zh, en = DOC["zh"], DOC["en"]
    assert "| 低保对象医疗救助比例（70% ⚠） × 医疗费用（个人自付部分）<br>" \
           "`medical_share_dibao * own_expenses.medical` |" in zh
    assert "| share of medical costs assisted for dibao households (70% ⚠) × medical costs paid out of pocket<br>" \
           "`medical_share_dibao * own_expenses.medical` |" in en
    assert "| 义务教育阶段生活补助标准（1,000.00 元/年 ⚠）<br>`education_grant_compulsory` |" in zh
    # a monthly measure's rate per month; after a label that ends in a bracket, in that bracket, not a second one
    assert "- 金额：特困人员基本生活标准（663.00 元/月 ⚠） × 1 个月\n" in zh
    assert "- Amount: basic living standard for persons in extreme poverty (663.00 yuan/month ⚠) × 1 month\n" in en
    assert "- 金额：向上取整（(农村最低生活保障标准（510.00 元/月 ⚠） − 家庭年人均收入（按月折算）) × " in zh
    assert "- Amount: rounded up ((rural minimum living standard (dibao standard, 510.00 yuan/month ⚠) − annual " \
           "per-capita income (a month's share)) × " in en
    # the parameters table and the rules as written keep their own form; a definition is no figure
    assert "| 低保对象医疗救助比例<br>`medical_share_dibao` | 70% | `70%` |" in zh
    assert "家庭年人均收入（" not in zh.split("## 救助帮扶措施")[1].replace("家庭年人均收入（按月折算）", "")


def _post_transition_edited(*replaced: tuple[str, str]):
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    for old, new in replaced:
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_policy("edited.yaml", raw=text.encode("utf-8"))[0]


def test_a_clause_a_definition_and_a_computed_parameter_give_each_parameter_s_figure_beside_its_label():
    # `家庭年人均收入 < 农村最低生活保障标准` sent the reader of a category to the parameters table for the 510.00,
    # as a grant's amount did before it gave its figures
    zh, en = DOC["zh"], DOC["en"]
    assert "| 家庭年人均收入 &lt; 农村最低生活保障标准（510.00 元/月 ⚠）<br>" \
           "`per_capita_income < dibao_standard` |" in zh
    assert "| annual per-capita income &lt; rural minimum living standard (dibao standard, 510.00 yuan/month ⚠)" \
           "<br>" in en
    assert "| 家庭人均存款 ≤ 农村最低生活保障标准（510.00 元/月 ⚠） × 低保存款限额月数（24 个月 ⚠）<br>" in zh
    assert " &lt; 其他困难人员收入标准（7,600.00 元/年 ⚠；原防止返贫监测收入范围）<br>" in zh
    assert "| 刚性支出 \\> 刚性支出占家庭收入的比例（50% ⚠） × 计入收入<br>" in zh
    # a definition and a parameter computed from others
    # a label's own bracket holds the figure: `倍数（低保标准的倍数），1.5 × …` read the multiple as an operand
    assert "| 低保边缘家庭收入倍数（低保标准的倍数，1.5 ⚠） × 农村最低生活保障标准（510.00 元/月 ⚠）<br>" \
           "`marginal_multiplier * dibao_standard` |" in zh
    assert "| 1.3 × 农村最低生活保障标准（510.00 元/月 ⚠）<br>`1.3 * dibao_standard` |" in zh
    # the parameters' own values, and a share whose figure is written beside it, keep their form
    assert "| 低保对象医疗救助比例<br>`medical_share_dibao` | 70% | `70%` |" in zh
    assert "| 80%（1 − 工资性收入中扣减的就业成本比例）<br>`1 - employment_cost_rate` |" in zh


def test_a_figure_is_said_once_in_a_rule_and_not_beside_a_label_that_already_writes_it():
    policy = _post_transition_edited(
        ("test: per_capita_income < marginal_line",
         "test: per_capita_income in [dibao_standard, marginal_multiplier * dibao_standard)"),
        ("label: {zh: 低保存款限额月数, en: months of deposits allowed for dibao}",
         "label: {zh: 低保存款限额（24个月）, en: months of deposits allowed for dibao (24)}"),
        ("test: deposits_per_capita <= dibao_standard * marginal_deposit_months",
         "test: deposits_per_capita <= disposable_income_line * marginal_deposit_months"))
    zh, en = policy_markdown(policy, "zh"), policy_markdown(policy, "en")
    # a range's end: its figure and whether it is included in one bracket, not two in a row; the second
    # mention of the dibao standard without its figure
    assert "| 家庭年人均收入在农村最低生活保障标准（510.00 元/月 ⚠，含）与" \
           "低保边缘家庭收入倍数（低保标准的倍数，1.5 ⚠） × 农村最低生活保障标准（不含）之间<br>" in zh
    assert "| annual per-capita income between rural minimum living standard (dibao standard, 510.00 yuan/month ⚠, " \
           "included) and income multiple of the dibao standard for the dibao margin (1.5 ⚠) × rural minimum living " \
           "standard (dibao standard, excluded)<br>" in en
    assert "| 家庭人均存款 ≤ 农村最低生活保障标准（510.00 元/月 ⚠） × 低保存款限额（24个月）⚠<br>" in zh
    assert "× months of deposits allowed for dibao (24) ⚠<br>" in en
    # a yearly figure said as its month's share, in one bracket
    assert "| 家庭人均存款 ≤ 上年度全省农村居民人均可支配收入（22,300.00 元/年 ⚠，按月折算） × " \
           "低保边缘及刚性支出困难家庭存款限额月数（36 个月 ⚠）<br>" in zh
    assert "the previous year (22,300.00 yuan/year ⚠, a month's share) × months of deposits allowed" in en
    assert "）（" not in zh.split("## 认定类别")[1].replace("）（`", "")


def test_a_clause_the_document_does_not_give_is_marked_with_its_confirm_note():
    """Post-transition's `hardship` clause is a county's own ground: its row says so under its line, as a parameter
    to confirm is marked; a clause with no note is not."""
    [hardship] = [line for line in DOC["en"].splitlines() if "<br>`hardship`" in line]
    assert re.search(r"\| line \d+<br>⚠ local grounds to confirm with the county's published rules \|$", hardship)
    [zh] = [line for line in DOC["zh"].splitlines() if "<br>`hardship`" in line]
    assert zh.endswith("<br>⚠ 本地增设的认定条件，以县级公布的认定办法为准（待确认） |")
    assert sum("<br>⚠" in line.split(" | ")[-1] for line in DOC["en"].splitlines() if line.startswith("| ")
               and "<br>`" in line and line.split(" | ")[0].lstrip("| ").isdigit()) == 1


def test_a_clause_s_or_an_option_s_label_that_writes_a_figure_to_confirm_is_marked_as_policy_diff_marks_it():
    """`人均存款不超过24个月低保标准` writes the 24 months of `dibao_deposit_months`, `低保对象按70%救助` the 70% of
    `medical_share_dibao`, both values to confirm: the label is read out beside the rule, as the diff marks it ⚠."""
    zh, en = DOC["zh"], DOC["en"]
    for marked in ("| 2 | 人均存款不超过24个月低保标准 ⚠<br>`deposits` |",
                   "| 1 | 家庭人均收入低于低保标准的1.5倍 ⚠<br>`income` |",
                   "| 低保对象按70%救助 ⚠<br>`dibao` |", "| 特困人员全额救助<br>`tekun` |"):
        assert marked in zh, marked
    for marked in ("| 2 | deposits per head within 24 months of the dibao standard ⚠<br>`deposits` |",
                   "| dibao households at 70% ⚠<br>`dibao` |"):
        assert marked in en, marked
    assert "| 1 | 家庭人均收入低于低保标准<br>`income` |" in zh  # no figure in it
    # the county's months entered, their `confirm:` dropped: the label's 24 is settled
    months = ("    source: dsz-2024-47 附件1\n    confirm: {zh: 以县级公布标准为准（本地待确认值）, en: local value to "
              "confirm with the county's published figure}\n  marginal_deposit_months:")
    county = _post_transition_edited((months, months.replace("    confirm: {zh: 以县级公布标准为准（本地待确认值）, "
                                                             "en: local value to confirm with the county's "
                                                             "published figure}\n", "")))
    assert "| 2 | 人均存款不超过24个月低保标准<br>`deposits` |" in policy_markdown(county, "zh")


def test_a_label_ending_in_a_bracket_that_writes_a_figure_to_confirm_is_marked_right_after_it_in_chinese():
    """`人均存款不超过低保标准（24个月） ⚠` where the clause's line in `policy eval --explain` and the diff write
    `（24个月）⚠`: in Chinese a mark follows a closing bracket directly, in English after a space."""
    label = "{zh: 人均存款不超过24个月低保标准, en: deposits per head within 24 months of the dibao standard}"
    county = _post_transition_edited((label, "{zh: 人均存款不超过低保标准（24个月）, en: deposits per head within the "
                                             "dibao standard (24 months)}"))
    assert "| 2 | 人均存款不超过低保标准（24个月）⚠<br>`deposits` |" in policy_markdown(county, "zh")
    assert "| 2 | deposits per head within the dibao standard (24 months) ⚠<br>`deposits` |" in policy_markdown(
        county, "en")


def test_a_definition_computed_from_parameters_alone_gives_its_value():
    # the definitions table gave `marginal_line`'s formula but not its 9,180.00, and the dibao-margin clause read
    # `家庭年人均收入 < 低保边缘收入标准` with no figure, so a label left at an old multiple went uncontradicted
    zh, en = DOC["zh"], DOC["en"]
    assert "| 低保边缘收入标准<br>`marginal_line` | 家庭 | 9,180.00 元/年（765.00 元/月）⚠ | " in zh
    assert "| income line of the dibao margin<br>`marginal_line` | household | 9,180.00 yuan/year " \
           "(765.00 yuan/month) ⚠ | " in en
    # one computed from a household has none
    assert "| 家庭年人均收入<br>`per_capita_income` | 家庭 | — | " in zh
    assert "| 名称 | 层级 | 取值 | 公式 | 依据 |" in zh and "| Name | Level | Value | Formula | Source |" in en
    # a clause that reads it gives the figure beside its label, as explanations give it: per year
    assert "| 家庭年人均收入 &lt; 低保边缘收入标准（9,180.00 元/年 ⚠）<br>`per_capita_income < marginal_line` |" in zh
    assert "| annual per-capita income &lt; income line of the dibao margin (9,180.00 yuan/year ⚠)<br>" in en
    county = _post_transition_edited(("value: 510 yuan/month", "value: 560 yuan/month"),
                                      ("value: 1.5\n", "value: 2\n"))
    assert "| 家庭年人均收入 &lt; 低保边缘收入标准（13,440.00 元/年 ⚠）<br>" in policy_markdown(county, "zh")


def test_a_parameter_to_confirm_is_marked_wherever_its_figure_is_given():
    # the rules and amounts gave `农村最低生活保障标准（510.00 元/月）` as a settled figure, where the parameters table
    # marks it ⚠ and the dibao-margin line computed from it `9,180.00 元/年 ⚠`
    zh, en = DOC["zh"], DOC["en"]
    for shown in ("农村最低生活保障标准（510.00 元/月 ⚠）", "低保存款限额月数（24 个月 ⚠）",
                  "特困人员基本生活标准（663.00 元/月 ⚠） × 1 个月", "低保对象医疗救助比例（70% ⚠） × "):
        assert shown in zh, shown
    for shown in ("rural minimum living standard (dibao standard, 510.00 yuan/month ⚠)",
                  "months of deposits allowed for dibao (24 months ⚠)",
                  "basic living standard for persons in extreme poverty (663.00 yuan/month ⚠) × 1 month",
                  "share of medical costs assisted for dibao households (70% ⚠) × "):
        assert shown in en, shown
    for unmarked in ("510.00 元/月）", "（24 个月）", "663.00 元/月）", "（70%）"):
        assert unmarked not in zh, unmarked
    for unmarked in ("510.00 yuan/month)", "(24 months)", "663.00 yuan/month)", "(70%)"):
        assert unmarked not in en, unmarked
    # once the county has entered its figure, it is given as settled
    settled = ("confirm: {zh: 以县级公布标准为准（本地待确认值）, "
               "en: local value to confirm with the county's published figure}")
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    county = load_policy("county.yaml", raw=text.replace("    " + settled + "\n", "").encode("utf-8"))[0]
    assert "农村最低生活保障标准（510.00 元/月）" in policy_markdown(county, "zh")
    assert "(dibao standard, 510.00 yuan/month)" in policy_markdown(county, "en")


def test_a_definition_computed_from_a_value_to_confirm_is_marked_as_its_parts_are():
    # `9,180.00 元/年（765.00 元/月）` read as settled beside a multiplier and a standard both marked ⚠ in the
    # parameters table: the line is only as settled as its parts
    zh, en = DOC["zh"], DOC["en"]
    assert "| 低保边缘收入标准<br>`marginal_line` | 家庭 | 9,180.00 元/年（765.00 元/月）⚠ | " in zh
    assert "| income line of the dibao margin<br>`marginal_line` | household | 9,180.00 yuan/year " \
           "(765.00 yuan/month) ⚠ | " in en
    # once the county has entered both figures, the line is settled too
    settled = ("confirm: {zh: 以县级公布标准为准（本地待确认值）, "
               "en: local value to confirm with the county's published figure}")
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    county = load_policy("county.yaml", raw=text.replace("    " + settled + "\n", "").encode("utf-8"))[0]
    assert not any(p.confirm for name, p in county.parameters.items() if name in ("dibao_standard",
                                                                                  "marginal_multiplier"))
    zh = policy_markdown(county, "zh")
    assert "| 低保边缘收入标准<br>`marginal_line` | 家庭 | 9,180.00 元/年（765.00 元/月） | " in zh
    assert "| 家庭年人均收入 &lt; 低保边缘收入标准（9,180.00 元/年）<br>" in zh


def test_a_figure_is_not_put_in_a_bracket_that_gives_a_former_name():
    # `其他困难人员收入标准（原防止返贫监测收入范围，7,600.00 元/年）` read as the former line's figure: the figure
    # goes first in the bracket, beside the label it is the value of, the former name after it
    zh, en = DOC["zh"], DOC["en"]
    assert "其他困难人员收入标准（7,600.00 元/年 ⚠；原防止返贫监测收入范围）" in zh
    assert "原防止返贫监测收入范围，7,600.00" not in zh
    assert "income line for other persons in hardship (7,600.00 yuan/year ⚠; formerly the monitoring line)" in en
    assert "formerly the monitoring line, 7,600.00" not in en
    # a bracket that says what the value is keeps the figure at its end
    assert "低保边缘家庭收入倍数（低保标准的倍数，1.5 ⚠）" in zh
    assert "rural minimum living standard (dibao standard, 510.00 yuan/month ⚠)" in en
    # a range's end: whether it is included beside the figure, the former name still after it
    policy = _post_transition_edited(
        ("test: (counted_income - rigid_expenses - disaster_loss) / household_size < monitoring_line",
         "test: per_capita_income in [monitoring_line, disposable_income_line)"))
    zh = policy_markdown(policy, "zh")
    assert "家庭年人均收入在其他困难人员收入标准（7,600.00 元/年 ⚠，含；原防止返贫监测收入范围）与" in zh


def test_the_transition_policy_gives_the_dibao_margin_line_too():
    transition = load_policy(ROOT / "policy" / "2024-transition.yaml")[0]
    zh = policy_markdown(transition, "zh")
    assert "家庭年人均收入 &lt; 低保边缘收入标准（" in zh
    assert "| 低保边缘收入标准<br>`marginal_line` | 家庭 | " in zh


def test_an_abolished_category_gives_the_day_it_is_abolished_from_and_a_source_mid_line_in_lower_case():
    # `— absorbed by: …; Source: …`: no date, though the file says `from: 2026-01-01` and every explanation
    # `自 2026-01-01 起取消`; and a capital mid-line, in a measure's facts too
    [zh] = [line for line in DOC["zh"].splitlines() if line.startswith("- **防止返贫监测对象**")]
    assert zh.startswith("- **防止返贫监测对象**（`monitoring`） — 自 2026-01-01 起取消；"
                         "并入：最低生活保障对象（`dibao`）、")
    assert "；依据：大政发〔2024〕47号 二、1 统一标准体系 · 第 " in zh
    [en] = [line for line in DOC["en"].splitlines() if line.startswith("- **household monitored")]
    assert en.startswith("- **household monitored against returning to poverty** (`monitoring`) — abolished from "
                         "2026-01-01; absorbed by: minimum living guarantee (`dibao`) household, ")
    assert "; source: Dashi Town Doc. \\[2024\\] No. 47 Part II.1 (unifying the system of standards) · line " in en
    assert "- for the household; per month; source: Dashi Town Doc. \\[2024\\] No. 47 Part II.2 " in DOC["en"]
    assert "; Source" not in DOC["en"]
    assert "\n- Source: Dashi Town Doc. \\[2024\\] No. 47 Part II.1 (unifying the system of standards) · line " \
           in DOC["en"]


def test_the_abolished_categories_are_introduced_as_what_the_policy_abolishes_not_as_the_previous_version_s():
    """A next year's version keeps `monitoring`, abolished from 2026-01-01, which its previous version no longer
    had: the list was headed "categories of the previous version that this version drops"."""
    for lang, intro in (("zh", "本政策写明已取消的类别、各自取消的日期，以及承接其家庭的类别。"),
                        ("en", "The categories this policy says are abolished, the day each is abolished from, and "
                               "the categories that take in their households.")):
        lines = DOC[lang].splitlines()
        heading = lines.index("## 已取消的类别" if lang == "zh" else "## Abolished categories")
        assert lines[heading + 2] == intro
        assert "上一版本" not in DOC[lang] and "previous version" not in DOC[lang]


def test_a_clause_is_placed_at_its_test_line_as_explanations_and_the_diff_place_it():
    """`policy doc` placed a clause at its `- id:` line (`line 466` for post-transition's `hardship`), where
    `policy eval --explain` and `policy diff` cite its `test:` line (`policy/post-transition.yaml:468`): an auditor
    holding the document beside an explanation found two lines for one clause. Every clause of both shipped versions,
    in both languages, is placed at its `test:` line."""
    for name in ("post-transition", "2024-transition"):
        path = ROOT / "policy" / f"{name}.yaml"
        policy = load_policy(path)[0]
        lines = path.read_text(encoding="utf-8").splitlines()
        for lang, at in (("en", r"line (\d+)"), ("zh", r"第 (\d+) 行")):
            doc = policy_markdown(policy, lang)
            sections = doc.split("\n## ")[[s.split("\n")[0] for s in doc.split("\n## ")].index(
                {"en": "Categories", "zh": "认定类别"}[lang])].split("\n### ")[1:]
            assert len(sections) == len(policy.categories)
            for category, section in zip(policy.categories, sections, strict=True):
                start = lines.index(f"  - id: {category.id}")
                for clause in category.clauses:
                    own = next(k for k in range(start, len(lines)) if lines[k].strip().startswith(f"- id: {clause.id}"))
                    test = next(k for k in range(own, len(lines)) if lines[k].strip().startswith("test:")) + 1
                    [row] = [r for r in section.splitlines() if f"<br>`{clause.id}` |" in r]
                    assert re.findall(at, row.split(" | ")[-1]) == [str(test)], (name, lang, category.id, row)


def test_policy_doc_and_an_explanation_give_one_line_for_the_hardship_clause():
    from click.testing import CliRunner

    from cli.main import cli

    runner = CliRunner()
    [household] = (ROOT / "examples" / "households").glob("DS-0008-*.json")
    explained = runner.invoke(cli, ["eval", str(household), "--policy", str(ROOT / "policy" / "post-transition.yaml"),
                                    "--date", "2026-03-01", "--explain", "--lang", "en"]).output
    [cited] = re.findall(r"unsafe housing or water / a serious illness / losses from a disaster: .*"
                         r"\[.*post-transition\.yaml:(\d+)\]", explained)
    for lang, said in (("en", f"| line {cited}<br>⚠ "), ("zh", f"| 第 {cited} 行<br>⚠ ")):
        doc = runner.invoke(cli, ["doc", str(ROOT / "policy" / "post-transition.yaml"), "--lang", lang]).output
        [row] = [line for line in doc.splitlines() if "<br>`hardship` |" in line]
        assert said in row, row


def test_a_measure_without_an_amount_names_the_department_that_decides_it_as_eval_says_it():
    """`金额：本政策未定金额，由该部门核定` left `该部门` to the heading above: said alone, the item names the
    department, in the words `policy eval` says the same measure with."""
    for lang, said in (("zh", "\n- 金额由住建部门核定，本政策未作规定\n"),
                       ("en", "\n- Amount decided by the housing and urban-rural development department, not set by "
                              "this policy\n")):
        doc = DOC[lang]
        housing = doc[doc.index("`housing_renovation`"):]
        assert housing[:housing.index("\n#")].endswith(said), housing[:600]
        assert "该部门" not in doc and "the department decides" not in doc


MARKUP = load_policy(ROOT / "tests" / "fixtures" / "policies" / "doc_markup.yaml")[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_label_s_markup_reads_as_written_escaped_once_and_a_bar_in_a_code_cell_stays_code(lang):
    """`policy doc` escaped only `\\`, `|` and newlines: a label's `*` or `_x_` turned into emphasis and its `[` into
    a link's opening in the sources and measures it did not escape at all, and a value's label escaped twice showed
    `\\|`. It escapes as `policy eval` and `policy diff` do, each piece once; a rule with a `|` stays code."""
    import markdown

    source = policy_markdown(MARKUP, lang)
    html = markdown.markdown(source, extensions=["tables"])
    said = {
        "en": ["<h1>test *markup* [draft] C#</h1>", "test *document* | one", "Test Doc. [2024] _1_ Annex *1*",
               "<td>dibao | standard *monthly*<br><code>dibao_standard</code></td>",
               "<td>⚠ confirm with the _county_ [figure]</td>", "<code>C</code> grade C | unsafe",
               "<code>D</code> grade D *unsafe*, <code>C|D</code></td>", "if below: written in *ten thousand* yuan?",
               "<td>wage | bonus</td>", "<td>with _allowances_</td>", "<td>medical | *own share*</td>",
               "<h3>1. dibao _x_ C# (<code>dibao</code>)</h3>", "<td>deposits [within] the standard<br>",
               "<strong>monitored *household*</strong>", "<h3>civil *affairs* (<code>civil_affairs</code>)</h3>",
               "<h4>dibao benefit | *monthly* (<code>dibao_benefit</code>)</h4>", "<li>When: housing *unsafe* and "
               "dibao _x_ C#", "<li>Amount decided by the civil *affairs* department", "<td>unsafe | *extra*<br>"],
        "zh": ["<h1>测试 *标记* [草案] C#</h1>", "测试 *文件* | 一", "测试〔2024〕_1_ 号 附件1",
               "<td>低保 | 标准 *按月*<br><code>dibao_standard</code></td>", "<td>⚠ 以县级 _公布_ 为准</td>",
               "<code>C</code> C 级 | 危房", "<code>D</code> D 级 *危房*、<code>C|D</code></td>",
               "低于时提示：是否以 *万元* 填写？", "<td>工资 | 奖金</td>", "<td>含 _补贴_</td>",
               "<td>医疗 | *自付*</td>", "<h3>1. 低保 _x_ C#（<code>dibao</code>）</h3>", "<td>存款 [不超过] 标准<br>",
               "<strong>监测 *对象*</strong>", "<h3>民政 *部门*（<code>civil_affairs</code>）</h3>",
               "<h4>低保金 | *按月*（<code>dibao_benefit</code>）</h4>",
               "<li>条件：住房 *不安全* 且 低保 _x_ C#", "民政 *部门*", "<td>危房 | *加发*<br>"]}[lang]
    for text in said:
        assert text in html, text
    # the one rule with a bar, as code in a table cell to Python-Markdown and to GitHub alike
    assert '<code>housing.safety_grade in {"C", "D", "C|D"}</code>' in html
    assert '<code>housing.safety_grade in {"C", "D", "C\\|D"}</code>' in source
    assert "\\\\" not in source and "\\" not in html  # each piece escaped once; no escape shows
    assert "<a " not in html and "<del>" not in html
    assert set(re.findall("<em>(.*?)</em>", html)) <= {"share × amount"}  # the introduction's own
    for part in html.split("<table>")[1:]:  # every row as many cells as its head
        head, body = part.split("</thead>")
        rows = body.split("</table>")[0].split("<tr>")[1:]
        assert all(row.count("<td>") == head.count("<th>") for row in rows), part


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_policy_s_id_and_version_holding_a_backtick_or_a_bar_stay_one_piece_of_code_in_their_cell(tmp_path,
                                                                                                       lang):
    """The header's id and version stood between single backticks: one holding a backtick (`` hunan`low ``) ended its
    code span, and one holding a `|` ended the table's cell. Each is code as `md_code` writes it in a cell, as the
    file's path beside them is."""
    import markdown

    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    text = text.replace("  id: hunan.low-income", "  id: hunan`low|income", 1)
    text = text.replace("  version: post-transition", "  version: post`transition", 1)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    source = policy_markdown(load_policy(path)[0], lang)
    html = markdown.markdown(source, extensions=["tables"])
    version = {"zh": "版本", "en": "version"}[lang]
    row = html.split("</tr>")[1]  # the header's first row after its head
    assert "<code>hunan`low|income</code>" in row and f"{version} <code>post`transition</code>" in row, row
    assert row.count("<td") == 2, row


@pytest.mark.parametrize(("cited_as", "lang", "said"), [
    ("{zh: 民发〔2021〕43号}", "en", None),
    ("{zh: 民发〔2021〕43号}", "zh", "民发〔2021〕43号"),
    ("{en: 'MCA Doc. [2021] No. 43'}", "zh", None),
    ("{en: 'MCA Doc. [2021] No. 43'}", "en", "MCA Doc. \\[2021\\] No. 43"),
], ids=["en-title", "zh-cited_as", "zh-title", "en-cited_as"])
def test_the_list_of_sources_says_a_cited_as_name_only_where_citations_use_it(cited_as, lang, said):
    """`cited as: 民发〔2021〕43号` in English, where English citations name the document by its English title (a
    `cited_as` in one language alone leaves the other's reader the title): the list now says a `cited as` name only in
    a language whose citations use it, and the title it lists is then what they use."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    both = "      cited_as: {zh: 民发〔2021〕43号, en: 'MCA Doc. [2021] No. 43'}\n"
    assert text.count(both) == 1
    policy = load_policy("one-language.yaml", raw=text.replace(both, f"      cited_as: {cited_as}\n").encode())[0]
    page = policy_markdown(policy, lang)
    entry = page.split("- `mz-2021-43`")[1].split("\n- ")[0]
    cited = re.findall(r"^  - (?:cited as: |引用时称：)(.*)$", entry, re.MULTILINE)
    assert cited == ([] if said is None else [said]), entry
    source = next(s for s in policy.meta.sources if s.id == "mz-2021-43")
    named = policy.meta.cite("mz-2021-43 第七条", lang)
    assert named is not None and named.startswith(source.names.get(lang)), named
