"""`policy diff`: an assistance option's label that writes the figure of a parameter to confirm (`confirm:`) — the
70% of `低保对象按70%救助`, read from `medical_share_dibao` — is marked ⚠ as the figure is, with its note, in every
format and both languages; a label whose figure is settled, or is not the parameter's, is not."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import ROOT

OLD, NEW = "policy/2024-transition.yaml", "policy/post-transition.yaml"
NOTE_ZH = "⚠ 以县级公布标准为准（本地待确认值）"
NOTE_EN = "⚠ local value to confirm with the county's published figure"


def _lines_after(text: str, start: str) -> list[str]:
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(start))
    return [line.strip() for line in (*lines[at:at + 3], "", "")][:3]


def test_the_removed_option_of_the_shipped_pair_is_marked_where_its_label_writes_a_figure_to_confirm(run, tmp_path):
    zh = run("diff", OLD, NEW, "--lang", "zh").stdout
    option, note, amount = _lines_after(zh, "- 选项 monitoring")
    assert option.startswith("- 选项 monitoring（防止返贫监测对象按50%救助）⚠：防止返贫监测对象")
    assert note == NOTE_ZH  # the note once, under the first line that names the option
    assert amount.startswith("- 金额 monitoring（防止返贫监测对象按50%救助）⚠："
                             "防止返贫监测对象医疗救助比例（50% ⚠） × ")
    en = run("diff", OLD, NEW, "--lang", "en").stdout
    option, note, amount = _lines_after(en, "- option monitoring")
    assert option.startswith("- option monitoring (“monitored households at 50%”) ⚠: household monitored")
    assert note == NOTE_EN
    assert amount.startswith("- amount monitoring (“monitored households at 50%”) ⚠: share of medical costs")
    markdown = run("diff", OLD, NEW, "--lang", "en", "--format", "markdown").stdout
    option, note, amount = _lines_after(markdown, "- removed option `monitoring`")
    assert option.startswith("- removed option `monitoring` (“monitored households at 50%”) ⚠: ")
    assert note == f"- {NOTE_EN}"
    assert amount.startswith("- removed amount `monitoring` (“monitored households at 50%”) ⚠: ")
    page = tmp_path / "report.html"
    run("diff", OLD, NEW, "--lang", "zh", "--html", page)
    html = page.read_text(encoding="utf-8")
    assert "<b>选项 monitoring（防止返贫监测对象按50%救助）⚠</b>" in html
    assert "<b>金额 monitoring（防止返贫监测对象按50%救助）⚠</b>" in html
    option = html[html.index("<b>选项 monitoring"):]
    assert option[:option.index("</li>")].endswith(f'<span class="note">{NOTE_ZH}</span>')
    report = json.loads(run("diff", OLD, NEW, "--lang", "zh", "--format", "json").stdout)
    [measure] = [c for c in report["changes"] if c["id"] == "medical_assistance"]
    option, amount = measure["details"]
    figures = [{"lang": "zh", "number": "50%", "label": "防止返贫监测对象按50%救助",
                "parameter": "medical_share_monitoring"},
               {"lang": "en", "number": "50%", "label": "monitored households at 50%",
                "parameter": "medical_share_monitoring"}]
    assert option["label_figures"] == figures and option["label_confirm"] == "以县级公布标准为准（本地待确认值）"
    assert amount["label_figures"] == figures and "label_confirm" not in amount


def _edited(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> str:
    text = (ROOT / NEW).read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    assert text.count("\n") == (ROOT / NEW).read_text(encoding="utf-8").count("\n")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path / name)


WIDER = ("        when: dibao\n", "        when: dibao or dibao_marginal\n")


def test_a_changed_option_whose_label_writes_a_figure_to_confirm_is_marked_and_a_settled_one_is_not(run, tmp_path):
    wider = _edited(tmp_path, "wider.yaml", WIDER)
    zh = run("diff", NEW, wider, "--lang", "zh").stdout
    changed, note, _ = _lines_after(zh, "条件 dibao")
    assert changed.startswith("条件 dibao（低保对象按70%救助）⚠：最低生活保障对象 → ")
    assert note == NOTE_ZH
    en = run("diff", NEW, wider, "--lang", "en").stdout
    assert _lines_after(en, "when dibao")[0].startswith("when dibao (“dibao households at 70%”) ⚠: ")
    # the county's figure entered, its `confirm:` dropped: the label's 70% is settled
    settled = _edited(tmp_path, "settled.yaml", WIDER, (
        "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3\n"
        "    confirm: {zh: 以县级公布标准为准（本地待确认值）, "
        "en: local value to confirm with the county's published figure}\n"
        "  medical_share_marginal:\n",
        "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3\n"
        "    # the county's published figure\n"
        "  medical_share_marginal:\n"))
    zh = run("diff", NEW, settled, "--lang", "zh").stdout
    changed, after, _ = _lines_after(zh, "条件 dibao")
    assert changed.startswith("条件 dibao（低保对象按70%救助）：") and "⚠" not in after
    # a label that writes another figure than the parameter's is not marked either
    other = _edited(tmp_path, "other.yaml", WIDER, ("{zh: 低保对象按70%救助, en: dibao households at 70%}",
                                                   "{zh: 低保对象按3成救助, en: dibao households at 3 tenths}"))
    zh = run("diff", NEW, other, "--lang", "zh").stdout
    assert _lines_after(zh, "条件 dibao")[0].startswith("条件 dibao（低保对象按3成救助）：")
    report = json.loads(run("diff", NEW, other, "--format", "json").stdout)
    assert not any("label_figures" in d for c in report["changes"] for d in c["details"])


def test_a_clause_s_label_that_writes_a_figure_to_confirm_is_marked_as_an_option_s_label_is(run, tmp_path):
    """`人均存款不超过24个月低保标准` writes the 24 months of `dibao_deposit_months`, a value to confirm, as
    `防止返贫监测对象按50%救助` writes the 50% of `medical_share_monitoring`: the clause's label is marked ⚠
    wherever the report names the clause, its note said once (here the limit's own note already says it)."""
    zh = run("diff", OLD, NEW, "--lang", "zh").stdout
    limit, note, after = _lines_after(zh, "界限 deposits（人均存款不超过24个月低保标准）")
    assert limit.startswith("界限 deposits（人均存款不超过24个月低保标准）⚠：11,760.00 → 12,240.00 元 ⚠（+4.1%）")
    assert note == NOTE_ZH and not after.startswith("⚠")
    assert "界限 deposits（人均存款不超过36个月低保标准）⚠：17,640.00 → 18,360.00 元 ⚠" in zh
    en = run("diff", OLD, NEW, "--lang", "en").stdout
    assert ("limit deposits (“deposits per head within 24 months of the dibao standard”) ⚠: 11,760.00 → 12,240.00 "
            "yuan ⚠ (+4.1%)") in en
    markdown = run("diff", OLD, NEW, "--lang", "zh", "--format", "markdown").stdout
    assert "- 界限 `deposits`（人均存款不超过24个月低保标准）⚠：11,760.00 → 12,240.00 元 ⚠" in markdown
    page = tmp_path / "report.html"
    run("diff", OLD, NEW, "--lang", "zh", "--html", page)
    assert "<b>界限 deposits（人均存款不超过24个月低保标准）⚠</b>" in page.read_text(encoding="utf-8")
    report = json.loads(run("diff", OLD, NEW, "--lang", "zh", "--format", "json").stdout)
    [dibao] = [c for c in report["changes"] if c["id"] == "dibao"]
    [limit] = dibao["details"]
    assert limit["label_figures"] == [
        {"lang": "zh", "number": "24", "label": "人均存款不超过24个月低保标准", "parameter": "dibao_deposit_months"},
        {"lang": "en", "number": "24", "label": "deposits per head within 24 months of the dibao standard",
         "parameter": "dibao_deposit_months"}]
    # the county's months entered, their `confirm:` dropped: the label's 24 is settled, the limit still rests on the
    # dibao standard to confirm
    months = ("  dibao_deposit_months:\n    value: 24 months\n    label: {zh: 低保存款限额月数, en: months of "
              "deposits allowed for dibao}\n    source: dsz-2024-47 附件1\n    confirm: {zh: "
              "以县级公布标准为准（本地待确认值）, en: local value to confirm with the county's published figure}\n")
    settled = _edited(tmp_path, "settled.yaml", (months, months.replace(
        "    confirm: {zh: 以县级公布标准为准（本地待确认值）, en: local value to confirm with the county's published "
        "figure}\n", "    # the county's published figure\n")))
    zh = run("diff", OLD, settled, "--lang", "zh").stdout
    limit, note, _ = _lines_after(zh, "界限 deposits（人均存款不超过24个月低保标准）")
    assert limit.startswith("界限 deposits（人均存款不超过24个月低保标准）：11,760.00 → 12,240.00 元 ⚠")
    assert note == NOTE_ZH


TIGHTER = ("        test: deposits_per_capita <= dibao_standard * dibao_deposit_months\n",
           "        test: deposits_per_capita <= dibao_standard * dibao_deposit_months / 4\n")


def test_a_clause_whose_label_writes_a_figure_to_confirm_is_marked_where_a_cause_names_it(run, tmp_path):
    """The change list marks `条款 deposits（人均存款不超过24个月低保标准）⚠` (24 is `dibao_deposit_months`), but the
    changes applied one at a time and the cause of each move named it unmarked (`clause “deposits per head within 24
    months of the dibao standard” of “…”`), reading the 24 months out as settled: they mark it after its quotes, as an
    explanation quotes it, in text and markdown, in both languages; a settled clause's label is not marked."""
    tighter = _edited(tmp_path, "tighter.yaml", TIGHTER)
    args = [NEW, tighter, "--households", "examples/households", "--date", "2026-03-01"]
    zh = run("diff", *args, "--lang", "zh").stdout
    named = "类别“最低生活保障对象”的条款“人均存款不超过24个月低保标准”⚠ [大政发〔2024〕47号 附件1]"
    assert f"\n  {named}\n" in zh and f"原因：{named} — 单独即得新结果" in zh, zh
    en = run("diff", *args, "--lang", "en").stdout
    named = ("clause “deposits per head within 24 months of the dibao standard” ⚠ of “minimum living guarantee (dibao) "
             "household” [Dashi Town Doc. [2024] No. 47 Annex 1]")
    assert f"\n  {named}\n" in en and f"cause: {named} — alone gives the new result" in en, en
    markdown = run("diff", *args, "--lang", "en", "--format", "markdown").stdout
    assert "clause “deposits per head within 24 months of the dibao standard” ⚠ of “minimum living" in markdown
    # but for the line of the moves resting on values to confirm, marked once at its head
    [resting] = [line for line in markdown.splitlines() if line.startswith("> ⚠ the moves of ")]
    assert "clause “deposits per head within 24 months of the dibao standard” of “" in resting
    assert resting.count("⚠") == 1, resting
    assert "dibao standard” of" not in markdown.replace(resting, "")
    # (the JSON names the change by ids, `类别 dibao 的条款 deposits`, and lists the label's figures on its details)
    # a clause whose label writes no figure to confirm: unmarked
    income = _edited(tmp_path, "income.yaml", ("        test: per_capita_income < dibao_standard\n",
                                               "        test: per_capita_income < dibao_standard * 2\n"))
    plain = run("diff", NEW, income, "--households", "examples/households", "--date", "2026-03-01",
                "--lang", "zh").stdout
    assert "的条款“家庭人均收入低于低保标准” [" in plain and "低保标准”⚠" not in plain
