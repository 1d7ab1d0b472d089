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
