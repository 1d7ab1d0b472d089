"""`policy doc`: what the generated document says of the policy, in both languages."""

from __future__ import annotations

import re

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
    assert "| 低保对象医疗救助比例（70%） × 医疗费用（个人自付部分）<br>" \
           "`medical_share_dibao * own_expenses.medical` |" in zh
    assert "| share of medical costs assisted for dibao households (70%) × medical costs paid out of pocket<br>" \
           "`medical_share_dibao * own_expenses.medical` |" in en
    assert "| 义务教育阶段生活补助标准（1,000.00 元/年）<br>`education_grant_compulsory` |" in zh
    # a monthly measure's rate per month; after a label's own bracket, a comma, not two brackets in a row
    assert "- 金额：特困人员基本生活标准（663.00 元/月） × 1 个月\n" in zh
    assert "- Amount: basic living standard for persons in extreme poverty (663.00 yuan/month) × 1 month\n" in en
    assert "- 金额：向上取整（(农村最低生活保障标准（510.00 元/月） − 家庭年人均收入（按月折算）) × " in zh
    assert "- Amount: rounded up ((rural minimum living standard (dibao standard), 510.00 yuan/month − annual " \
           "per-capita income (a month's share)) × " in en
    # the parameters table and the rules as written keep their own form; a definition is no figure
    assert "| 低保对象医疗救助比例<br>`medical_share_dibao` | 70% | `70%` |" in zh
    assert "家庭年人均收入（" not in zh.split("## 救助帮扶措施")[1].replace("家庭年人均收入（按月折算）", "")
