"""Citations in the reader's language: a source's `cited_as` and `articles`, checked, documented and diffed."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.diagnostics import Diagnostic
from engine.evaluator import evaluate
from engine.explain import explain
from engine.household import validate_household
from engine.loader import load_policy
from tests.helpers import ROOT, diagnostics_of_text

SHIPPED = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
ANNEX_1 = "        附件1: {en: Annex 1}\n"
ANNEX_3 = "        附件3: {en: Annex 3}\n"
PROCEDURE = "        二、3 统一认定流程: {en: Part II.3 (unifying the identification procedure)}\n"
AGE = "    label: {zh: 年龄（周岁）, en: age in full years}\n    source: dsz-2024-47 "  # a citation of 附件2 alone
EXAMPLE = ROOT / "examples" / "households" / "DS-0011-on-post-dibao-line.json"


def edited(*replacements: tuple[str, str]) -> str:
    text = SHIPPED
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def diagnose(text: str) -> list[Diagnostic]:
    return diagnostics_of_text(text, "post.yaml")


def explained(text: str, lang: str) -> dict[str, Any]:
    policy = load_policy("post.yaml", raw=text.encode("utf-8"))[0]
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    day = datetime.date(2026, 3, 1)
    return explain(evaluate(policy, validate_household(data, policy, EXAMPLE.name, today=day), day), lang)


def cited(tree: dict[str, Any]) -> dict[str, str]:
    """Every citation of an explanation tree, as written → as said."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "source" in node and "cited" in node:
                found[node["source"]] = node["cited"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(tree)
    return found


def test_english_explanations_say_each_article_of_a_citation_as_the_source_words_it():
    said = cited(explained(SHIPPED, "en"))
    assert said["dsz-2024-47 二、1 统一核算标准 / 附件1"] == \
        "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the accounting standard) / Annex 1"
    assert said["dsz-2024-47 附件2"] == "Dashi Town Doc. [2024] No. 47 Annex 2"
    assert all("附件" not in text and "二、" not in text for text in said.values())


def test_chinese_explanations_keep_the_articles_as_written():
    said = cited(explained(SHIPPED, "zh"))
    assert said["dsz-2024-47 二、1 统一核算标准 / 附件1"] == "大政发〔2024〕47号 二、1 统一核算标准 / 附件1"
    assert all(text == source.replace("dsz-2024-47", "大政发〔2024〕47号").replace("; mz-2021-43", "；民发〔2021〕43号")
               for source, text in said.items())


LABOUR = "dsz-2024-47 二、1 优化认定指标 / 附件2; mz-2021-43 第七条 / 第十条"  # who is unable to work


def test_a_citation_of_two_documents_names_each_with_its_own_articles():
    assert cited(explained(SHIPPED, "en"))[LABOUR] == ("Dashi Town Doc. [2024] No. 47 Part II.1 (refining the "
                                                      "identification indicators) / Annex 2; "
                                                      "MCA Doc. [2021] No. 43 Article 7 / Article 10")
    assert cited(explained(SHIPPED, "zh"))[LABOUR] == \
        "大政发〔2024〕47号 二、1 优化认定指标 / 附件2；民发〔2021〕43号 第七条 / 第十条"


def test_documents_parted_by_a_full_width_semicolon_are_read_as_by_a_semicolon():
    """`；` is what a Chinese keyboard types between the two documents: read as `;`, checked and cited the same."""
    wide = LABOUR.replace("; ", "；")
    indicator = f"unable to work)}}\n    source: {LABOUR}\n"
    text = edited((indicator, indicator.replace(LABOUR, wide)))
    assert diagnose(text) == []
    assert cited(explained(text, "zh"))[wide] == \
        "大政发〔2024〕47号 二、1 优化认定指标 / 附件2；民发〔2021〕43号 第七条 / 第十条"


def test_each_document_of_a_citation_is_checked_against_its_own_source():
    indicator = f"unable to work)}}\n    source: {LABOUR}\n"  # the indicator's; the category's clause cites it too
    unknown = diagnose(edited((indicator, indicator.replace("mz-2021-43", "mz-2021-34"))))
    assert [(d.code, d.message) for d in unknown] == [("C010", "unknown source `mz-2021-34`")]
    slip = diagnose(edited((indicator, indicator.replace("第十条", "第十一条"))))
    assert [(d.code, d.message) for d in slip] == [
        ("C011", "the article `第十一条` is not among the `articles` of `mz-2021-43`: it has no `en` wording")]
    assert slip[0].help is not None
    assert slip[0].help.startswith("`mz-2021-43` lists `第七条`, `第十条`: if `第十一条` is a slip")


@pytest.mark.parametrize(("wrong", "right", "parted_by"), [
    ("mz-2021-34", "mz-2021-43", "; "),  # the second document's id mistyped
    ("dsz-2024-74", "dsz-2024-47", "; "),  # the first's
    ("mz-2021-34", "mz-2021-43", "；"),  # parted as a Chinese keyboard types it
])
def test_the_unknown_document_of_a_citation_of_two_is_underlined_alone(wrong: str, right: str, parted_by: str):
    indicator = f"unable to work)}}\n    source: {LABOUR}\n"
    citation = LABOUR.replace("; ", parted_by).replace(right, wrong)
    text = edited((indicator, indicator.replace(LABOUR, citation)))
    (d,) = diagnose(text)
    line = text.split("\n").index(f"    source: {citation}") + 1
    part = next(part.strip() for part in re.split("[;；]", citation) if wrong in part)
    column = len("    source: ") + citation.index(part) + 1
    assert d.code == "C010" and d.span is not None
    assert (d.span.line, d.span.column, d.span.end_line, d.span.end_column) == (line, column, line,
                                                                                column + len(part))


def test_an_article_without_wording_is_shown_as_written_and_the_others_still_translated():
    said = cited(explained(edited((ANNEX_1, "")), "en"))
    assert said["dsz-2024-47 二、1 统一核算标准 / 附件1"] == \
        "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the accounting standard) / 附件1"


def test_a_space_too_many_around_the_slash_changes_neither_the_wording_nor_the_check():
    text = SHIPPED.replace("二、1 统一核算标准 / 附件1", "二、1 统一核算标准  /  附件1")
    said = cited(explained(text, "en"))
    assert said["dsz-2024-47 二、1 统一核算标准  /  附件1"] == \
        "Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the accounting standard) / Annex 1"
    assert diagnose(text) == []


@pytest.mark.parametrize("written", [
    "二、1 统一核算标准/附件1", "二、1 统一核算标准／附件1", "二、1 统一核算标准，附件1", "二、1 统一核算标准, 附件1",
    "二、1 统一核算标准 /附件1", "二、1 统一核算标准 附件1",
])
def test_two_articles_run_together_without_the_spaced_slash_are_told_to_part_them(written: str):
    """Each listed article, run together with a `/` without spaces or a comma, was told to be added under
    `articles` as one article: an entry the English explanations would then word twice over."""
    text = SHIPPED.replace("二、1 统一核算标准 / 附件1", written, 1)
    (found,) = [d for d in diagnose(text) if d.code == "C011"]
    assert found.message == \
        f"the article `{written}` is not among the `articles` of `dsz-2024-47`: it has no `en` wording"
    assert found.help == ("the articles of a citation are parted by ` / `, a space on each side: write "
                          "`dsz-2024-47 二、1 统一核算标准 / 附件1`")
    assert found.zh is not None and found.zh[1] == \
        "一处引用的各条条文之间用 ` / ` 分隔，两边各空一格：请写 `dsz-2024-47 二、1 统一核算标准 / 附件1`"


def test_articles_are_translated_even_when_the_document_has_no_cited_as_name():
    """The document is then named by its title in the reader's language, as `policy diff` heads it."""
    said = cited(explained(edited(("      cited_as: {zh: 大政发〔2024〕47号, en: 'Dashi Town Doc. [2024] No. 47'}\n",
                                   "")), "en"))
    assert said["dsz-2024-47 附件2"].startswith("Dashi Town Doc. [2024] No. 47: implementation plan")
    assert said["dsz-2024-47 附件2"].endswith("rural low-income population Annex 2")
    chinese = cited(explained(edited(
        ("      cited_as: {zh: 大政发〔2024〕47号, en: 'Dashi Town Doc. [2024] No. 47'}\n", "")), "zh"))
    assert chinese["dsz-2024-47 附件2"] == ("大政发〔2024〕47号 大市镇防止返贫帮扶政策和农村低收入人口常态化帮扶政策"
                                          "衔接并轨试点工作实施方案 附件2")


def test_the_shipped_articles_are_all_cited_and_every_cited_article_has_its_wording():
    for name in ("2024-transition.yaml", "post-transition.yaml"):
        assert load_policy(ROOT / "policy" / name)[1] == []


def test_an_entry_no_citation_names_is_a_warning_with_the_article_it_probably_meant():
    text = edited((ANNEX_3, "        附件３: {en: Annex 3}\n"))  # a full-width digit
    found = diagnose(text)
    assert [(d.code, d.severity) for d in found] == [("C016", "warning"), ("C011", "warning")]
    slip, untranslated = found
    assert slip.message == "no citation names the article `附件３` of `dsz-2024-47`"
    assert slip.help == "did you mean `附件3`?"
    assert slip.span is not None and text.split("\n")[slip.span.line - 1].startswith("        附件３:")
    assert slip.span.column == 9
    assert untranslated.message == \
        "the article `附件3` is not among the `articles` of `dsz-2024-47`: it has no `en` wording"
    assert untranslated.help == ("add `附件3: {en: …}` under `articles` of source `dsz-2024-47`; "
                                 "until then English explanations show it as written")
    first = next(i for i, line in enumerate(text.split("\n"), 1) if "source: dsz-2024-47" in line and "附件3" in line)
    assert untranslated.span is not None and untranslated.span.line == first  # once, at its first citation


def test_a_citation_written_with_a_full_width_digit_is_pointed_at_the_article_it_means():
    text = edited((AGE + "附件2\n", AGE + "附件２\n"))
    found = diagnose(text)
    assert [(d.code, d.message) for d in found] == [
        ("C011", "the article `附件２` is not among the `articles` of `dsz-2024-47`: it has no `en` wording")]
    assert found[0].help is not None
    assert found[0].help.startswith("did you mean `附件2`? If `附件２` is an article of the document, add `附件２:")

@pytest.mark.parametrize(("written", "meant"), [
    ("二、2 健全帮扶体系", "二、2 健全帮扶政策体系"),  # a word of the input method left out
    ("二、2 健全帮扶政策政策体系", "二、2 健全帮扶政策体系"),  # a word typed twice
    ("二、1 统一核算标难", "二、1 统一核算标准"),  # a character changed
    ("二、1 统一核算准", "二、1 统一核算标准"),  # a character dropped
    ("二、2", "二、2 健全帮扶政策体系"),  # the start of the one listed article of its number, as C010's help wrote it
    ("二、２", "二、2 健全帮扶政策体系"),
    ("二、2 健全帮扶", "二、2 健全帮扶政策体系"),
])
def test_a_citation_with_a_chinese_character_mistyped_is_pointed_at_the_article_it_means(written, meant):
    """The article cited elsewhere, written with a character dropped, added or changed, or by its start alone, was told
    only to be added under `articles`, which would make the slip the policy's own wording (and `二、2` cited beside
    `二、2 健全帮扶政策体系`, Part II.2 twice over in English)."""
    citation = "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3\n" if "二、2" in meant else \
        "    source: dsz-2024-47 二、1 统一核算标准 / 附件1\n    confirm:"
    text = SHIPPED.replace(citation, citation.replace(meant, written), 1)
    assert text != SHIPPED
    (found,) = [d for d in diagnose(text) if d.code == "C011"]
    assert found.message == \
        f"the article `{written}` is not among the `articles` of `dsz-2024-47`: it has no `en` wording"
    assert found.help is not None and found.help.startswith(
        f"did you mean `{meant}`? If `{written}` is an article of the document, add `{written}: {{en: …}}`")
    assert found.zh is not None and found.zh[1].startswith(f"是否应为 `{meant}`？如果 `{written}` 确是文件中的条文")


@pytest.mark.parametrize("written", ["二、1", "附件"])
def test_a_citation_that_starts_several_listed_articles_or_only_a_longer_number_is_not_pointed_at_one(written):
    """`二、1` starts three listed articles, and `附件` is no number of its own: neither means one of them."""
    citation = "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3\n"
    text = SHIPPED.replace(citation, f"    source: dsz-2024-47 {written} / 附件3\n", 1)
    (found,) = [d for d in diagnose(text) if d.code == "C011"]
    assert found.help is not None and not found.help.startswith("did you mean"), found.help


def test_a_citation_of_another_numbered_article_is_not_taken_for_a_slip_of_one_cited_elsewhere():
    """`二、3 统一核算标准` differs from the cited `二、1 统一核算标准` in its number alone: another article of the
    document, most likely, as `附件5` is not told `did you mean `附件4``."""
    citation = "    source: dsz-2024-47 二、1 统一核算标准 / 附件1\n    confirm:"
    text = SHIPPED.replace(citation, citation.replace("二、1", "二、3"), 1)
    (found,) = [d for d in diagnose(text) if d.code == "C011"]
    assert found.help is not None and not found.help.startswith("did you mean")


def test_a_citation_of_an_article_the_source_does_not_list_is_told_the_articles_of_its_kind():
    """`附件5` where the entries list `附件1` to `附件4`: no guess at which, but the annexes listed, for a slip."""
    found = [d for d in diagnose(edited((AGE + "附件2\n", AGE + "附件5\n")))
             if d.code == "C011"]
    assert [(d.message, d.help) for d in found] == [(
        "the article `附件5` is not among the `articles` of `dsz-2024-47`: it has no `en` wording",
        "`dsz-2024-47` lists `附件1`, `附件2`, `附件3`, `附件4`: if `附件5` is a slip, write one of them; if it is an "
        "article of the document, add `附件5: {en: …}` under `articles` of source `dsz-2024-47`; until then English "
        "explanations show it as written")]
    assert found[0].zh == (
        "条文 `附件5` 不在 `dsz-2024-47` 的 `articles` 中：它没有 `en` 的文字",
        "`dsz-2024-47` 列出的有 `附件1`、`附件2`、`附件3`、`附件4`：如果 `附件5` 是笔误，请改为其中之一；如果它确是"
        "文件中的条文，请在出处 `dsz-2024-47` 的 `articles` 下加上 `附件5: {en: …}`；在此之前，英文解释中照原样显示它")
    ninth = (AGE + "附件2\n", AGE + "第九条\n")
    other = [d for d in diagnose(edited(ninth)) if d.code == "C011"]
    assert [d.help for d in other] == [
        "add `第九条: {en: …}` under `articles` of source `dsz-2024-47`; until then English explanations show it as "
        "written"]  # nothing of its kind listed


def test_a_citation_of_an_article_not_declared_beside_one_no_citation_names_asks_which_is_meant():
    """A county declares 第五条 and cites 第六条: the citation is not told only to declare 第六条."""
    text = edited((ANNEX_3, ANNEX_3 + "        第五条: {en: Article 5}\n"))
    cited = "    label: {zh: 年龄（周岁）, en: age in full years}\n    source: dsz-2024-47 附件2\n"
    assert text.count(cited) == 1
    found = diagnose(text.replace(cited, cited.replace("附件2", "第六条")))
    slip = next(d for d in found if d.code == "C016")
    assert (slip.message, slip.help) == ("no citation names the article `第五条` of `dsz-2024-47`",
                                         "did you mean `第六条`?")
    (cite,) = [d for d in found if d.code == "C011"]
    assert cite.message == "the article `第六条` is not among the `articles` of `dsz-2024-47`: it has no `en` wording"
    assert cite.help is not None and cite.help.startswith(
        "did you mean `第五条`? If `第六条` is an article of the document, add `第六条: {en: …}`")


@pytest.mark.parametrize("entry, help_", [
    ("        附件1 / 附件2: {en: Annex 1}\n",
     "an entry holds one article: a citation separates its articles with ` / `"),
    ("        第十条: {en: Article 10}\n", "remove the entry, or cite the article as `dsz-2024-47 第十条`"),
])
def test_the_help_of_an_uncited_entry_says_what_to_do(entry, help_):
    found = [d for d in diagnose(edited((ANNEX_3, ANNEX_3 + entry))) if d.code == "C016"]
    assert [d.help for d in found] == [help_]


def test_a_citation_of_an_unknown_source_leaves_the_articles_it_names_unreported():
    """The slip is the source id (C010): the articles it names are not also entries no citation names."""
    found = diagnose(edited(("  source: dsz-2024-47 二、3 统一认定流程 / 附件4\n",
                             "  source: dsz-2024-48 二、3 统一认定流程 / 附件4\n")))
    assert [(d.code, d.help) for d in found] == [
        ("C010", "declare it under `policy.sources`; if it is a typo, did you mean `dsz-2024-47`?")]


def test_a_new_document_of_another_year_is_to_be_declared_before_it_is_taken_for_a_typo():
    """`dsz-2025-01` differs from the declared `dsz-2024-47` in its digits alone, as a county's later document
    does: the help says first to declare it, and names the declared id only as a possible typo."""
    citation = "    source: dsz-2024-47 二、1 统一标准体系\n    when:\n      - id: no_labour_capacity"
    found = diagnose(edited((citation, citation.replace("dsz-2024-47 二、1 统一标准体系", "dsz-2025-01 第三条"))))
    assert [(d.code, d.message, d.help) for d in found] == [(
        "C010", "unknown source `dsz-2025-01`",
        "declare it under `policy.sources`; if it is a typo, did you mean `dsz-2024-47`?")]
    assert found[0].zh == ("未知出处 `dsz-2025-01`",
                           "请在 `policy.sources` 下声明这个出处；如果是笔误，是否应为 `dsz-2024-47`？")
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"  help: {found[0].help}\n" in catalogue
    mistyped = diagnose(edited((citation, citation.replace("dsz-2024-47", "dzs-2024-47"))))
    assert [(d.code, d.help) for d in mistyped] == [("C010", "did you mean `dsz-2024-47`?")]  # letters: a typo


def test_an_uncited_entry_is_no_slip_of_another_numbered_article():
    found = [d for d in diagnose(edited(("  source: dsz-2024-47 二、3 统一认定流程 / 附件4\n",
                                         "  source: dsz-2024-47 二、3 统一认定流程\n"))) if d.code == "C016"]
    assert [(d.message, d.help) for d in found] == [(
        "no citation names the article `附件4` of `dsz-2024-47`",
        "remove the entry, or cite the article as `dsz-2024-47 附件4`")]  # not "did you mean `附件3`?"


def test_a_source_without_articles_asks_for_no_wording():
    start = SHIPPED.index("      articles:")
    end = SHIPPED.index("      date: 2024-07-16")
    assert diagnose(SHIPPED[:start] + SHIPPED[end:]) == []


NOT_A_MAP = "must be a map (key: value lines), not a text"


@pytest.mark.parametrize("old, new, message, help_", [
    (ANNEX_1, "        附件1: Annex 1\n", f"`policy.sources[dsz-2024-47].articles.附件1` {NOT_A_MAP}",
     "give its wording in each language it is read in: `{en: Annex 1}`"),
    (ANNEX_1, "        '附件1 ': {en: Annex 1}\n", "the article `附件1 ` has a space at its start or end",
     "write it as citations write it: `附件1`"),
    ("    label: {zh: 农村最低生活保障标准, en: rural minimum living standard (dibao standard)}\n",
     "    label: 农村最低生活保障标准\n", f"`parameters.dibao_standard.label` {NOT_A_MAP}",
     "give the text in each language: `{zh: 农村最低生活保障标准, en: …}`"),
])
def test_a_wording_written_wrongly_is_located_with_its_fix(old, new, message, help_):
    text = edited((old, new))
    (found,) = diagnose(text)
    assert (found.code, found.message, found.help) == ("L004", message, help_)
    assert found.span is not None and text.split("\n")[found.span.line - 1] == new.rstrip("\n")


def test_policy_doc_lists_the_wordings_in_its_language(run):
    english = run("doc", "policy/post-transition.yaml", "--lang", "en").output
    assert "  - cited as: Dashi Town Doc. \\[2024\\] No. 47\n  - articles, as explanations say them:\n" \
           "    - `二、1 统一标准体系`: Part II.1 (unifying the system of standards)\n" in english
    assert "    - `附件4`: Annex 4\n" in english
    assert re.search(r"\| `510 yuan/month` \| Dashi Town Doc\. \\\[2024\\\] No\. 47 Part II\.1 \(unifying the "
                     r"accounting standard\) / Annex 1 · line \d+ \|", english)  # cited as explanations cite it
    assert "Source: Dashi Town Doc. \\[2024\\] No. 47 Part II.3 (unifying the identification procedure) / Annex 4\n" \
        in english
    chinese = run("doc", "policy/post-transition.yaml", "--lang", "zh").output
    assert "  - 引用时称：大政发〔2024〕47号\n" in chinese
    assert "条款在说明中的表述" not in chinese  # no article has a Chinese wording other than as written
    assert re.search(r"\| `510 yuan/month` \| 大政发〔2024〕47号 二、1 统一核算标准 / 附件1 · 第 \d+ 行 \|", chinese)
    assert "dsz-2024-47" not in chinese.split("## 参数")[1]  # the id only in the list of sources


def test_a_changed_wording_is_a_wording_change_in_the_diff(run, tmp_path: Path):
    changed = tmp_path / "changed.yaml"
    changed.write_text(edited((ANNEX_1, "        附件1: {en: Appendix 1}\n"), (PROCEDURE, ""),
                              ("en: 'Dashi Town Doc. [2024] No. 47'", "en: 'Dashi Doc. No. 47'")), encoding="utf-8")
    result = run("diff", ROOT / "policy" / "post-transition.yaml", changed, "--lang", "en")
    assert result.exit_code == 1
    assert "changes: 1 (1 in wording only)" in result.output
    assert "cited as (English): Dashi Town Doc. [2024] No. 47 → Dashi Doc. No. 47  [wording]" in result.output
    assert "article 附件1 (English): Annex 1 → Appendix 1  [wording]" in result.output
    assert ("article 二、3 统一认定流程 (English): Part II.3 (unifying the identification procedure) → none  [wording]"
            in result.output)
    chinese = run("diff", ROOT / "policy" / "post-transition.yaml", changed).output
    assert "条款表述 附件1（英文）：Annex 1 → Appendix 1  [措辞]" in chinese


TEKUN_SUPPORT = "    source: dsz-2024-47 二、2 健全帮扶政策体系 / 附件3 / 四、2 强化组织领导"


@pytest.mark.parametrize("article", ["附件3", "附件 3", "二、1 统一核算标准 / 附件1"])
def test_an_article_cited_without_its_source_is_told_the_source_to_write_first(article):
    """`source: 附件3` names an article the declared `dsz-2024-47` lists: the id was left out, not undeclared."""
    found = diagnose(edited((f"{TEKUN_SUPPORT}\n    when: tekun\n", f"    source: {article}\n    when: tekun\n")))
    first = article.split(" / ")[0]
    assert [(d.code, d.message, d.help) for d in found] == [(
        "C010", f"unknown source `{article.split()[0]}`",
        f"`{first}` is an article of `dsz-2024-47`: write the source id first, `dsz-2024-47 {article}`")]
    assert found[0].zh[1] == (f"`{first}` 是出处 `dsz-2024-47` 的条文：请先写出处编号，再空一格写条文："
                              f"`dsz-2024-47 {article}`")


@pytest.mark.parametrize(("written", "meant"), [
    ("二、2", "二、2 健全帮扶政策体系"),
    ("二、2 / 附件3", "二、2 健全帮扶政策体系 / 附件3"),
])
def test_the_start_of_an_article_cited_without_its_source_is_told_the_full_citation(written, meant):
    """`source: 二、2` starts the one article `二、2 健全帮扶政策体系` that `dsz-2024-47` lists: it was told to declare
    `二、2` as a source, where the citation to write is the source id and that article."""
    found = diagnose(edited((f"{TEKUN_SUPPORT}\n    when: tekun\n", f"    source: {written}\n    when: tekun\n")))
    assert [(d.code, d.message, d.help) for d in found] == [(
        "C010", "unknown source `二、2`",
        "`二、2` is the start of the article `二、2 健全帮扶政策体系` of `dsz-2024-47`: "
        f"did you mean `dsz-2024-47 {meant}`?")]
    assert found[0].zh[1] == (f"`二、2` 是出处 `dsz-2024-47` 的条文 `二、2 健全帮扶政策体系` 的开头："
                              f"是否应为 `dsz-2024-47 {meant}`？")
    assert not diagnose(edited((f"{TEKUN_SUPPORT}\n    when: tekun\n", f"    source: dsz-2024-47 {meant}\n"
                                                                     "    when: tekun\n")))


def test_the_start_of_several_articles_cited_without_its_source_is_not_told_one_of_them():
    found = diagnose(edited((f"{TEKUN_SUPPORT}\n    when: tekun\n", "    source: 二、1\n    when: tekun\n")))
    assert [(d.code, d.help) for d in found] == [
        ("C010", "declare it under `policy.sources`; declared: `dsz-2024-47`, `mz-2021-43`")]


@pytest.mark.parametrize(("written", "meant"), [
    ("二、2", "二、2 健全帮扶政策体系"),
    ("二、2 / 附件3", "二、2 健全帮扶政策体系 / 附件3"),
    ("二、1 / 附件３", "二、1 / 附件３"),  # the start of three listed articles, and one written otherwise: as cited
])
def test_a_source_cited_by_its_name_is_told_the_full_article_it_lists(written, meant):
    """`大政发〔2024〕47号 二、2` was told to write `dsz-2024-47 二、2`, which the next check told to add `二、2` under
    `articles`: the article the source lists, `二、2 健全帮扶政策体系`, is what to write."""
    found = diagnose(edited((f"{TEKUN_SUPPORT}\n    when: tekun\n", f"    source: 大政发〔2024〕47号 {written}\n"
                                                                     "    when: tekun\n")))
    assert [(d.code, d.help) for d in found] == [(
        "C010", "`大政发〔2024〕47号` is how `dsz-2024-47` is named: a citation starts with the source's id, write "
                f"`dsz-2024-47 {meant}`")]
    assert found[0].zh[1] == \
        f"`大政发〔2024〕47号` 是出处 `dsz-2024-47` 的名称：引用时请写出处编号：`dsz-2024-47 {meant}`"
    if "健全" in meant:  # what it says to write is told nothing more
        assert not diagnose(edited((f"{TEKUN_SUPPORT}\n    when: tekun\n", f"    source: dsz-2024-47 {meant}\n"
                                                                         "    when: tekun\n")))


@pytest.mark.parametrize("version", ["2024-transition", "post-transition"])
def test_each_measure_of_the_shipped_policies_cites_the_article_that_hands_assistance_to_the_departments(version):
    # 二、2 健全帮扶政策体系 sends the households to the departments (住建 and 水利 among them), which give
    # assistance by 附件3; 二、1 优化认定指标 only adds housing and water to the indicators. 四、2 gives the payment
    # of the dibao and tekun benefits to the pilot working group: those two cite it too
    policy = load_policy(ROOT / "policy" / f"{version}.yaml")[0]
    paid = ("dibao_benefit", "tekun_support")
    cites = "dsz-2024-47 二、2 健全帮扶政策体系 / 附件3"
    assert [(m.id, m.source) for m in policy.assistance
            if m.source != cites + (" / 四、2 强化组织领导" if m.id in paid else "")] == []


# 统一, 优化, 健全 and 强化 head the document's articles as verbs (unify, refine, improve, strengthen); a category
# is named one way
ARTICLES_EN = {"二、1 统一标准体系": "Part II.1 (unifying the system of standards)",
               "二、1 统一核算标准": "Part II.1 (unifying the accounting standard)",
               "二、1 优化认定指标": "Part II.1 (refining the identification indicators)",
               "二、2 健全帮扶政策体系": "Part II.2 (improving the system of assistance policies)",
               "二、3 统一认定流程": "Part II.3 (unifying the identification procedure)",
               "四、2 强化组织领导": "Part IV.2 (strengthening organisation and leadership)"}


def test_the_shipped_policies_say_articles_and_categories_alike_and_as_the_document_means_them() -> None:
    old, new = (load_policy(ROOT / "policy" / name)[0] for name in ("2024-transition.yaml", "post-transition.yaml"))
    for policy in (old, new):
        dsz = next(s for s in policy.meta.sources if s.id == "dsz-2024-47")
        headed = {written: wording.en for written, wording in dsz.articles if written.startswith(("二", "四"))}
        assert headed == ARTICLES_EN
        # 刚性支出困难家庭: a household in hardship because of its rigid expenses, not one whose expenses are unbearable
        assert next(c for c in policy.categories if c.id == "rigid_expense").label.en == \
            "household in hardship because of rigid expenses"
    kept = {c.id: c.label for c in new.categories}
    assert {c.id: c.label for c in old.categories if c.id in kept} == kept
    (gone,) = new.abolished
    assert gone.label == next(c for c in old.categories if c.id == gone.id).label
