"""A member given no one able to support them (`supporter` "none" or "unable": what 特困 asks for) in a household
paid maintenance by relatives (`alimony`, 赡养费、抚养费、扶养费): warned of (H014) on every route, the decision
unchanged."""

from __future__ import annotations

import copy
import datetime
import json
import re
from typing import Any

import pytest

from engine.doubts import doubts
from engine.evaluator import evaluate
from engine.household import validate_household
from engine.loader import load_policy
from tests.helpers import ROOT

POST = ROOT / "policy" / "post-transition.yaml"
WIDOW = ROOT / "tests" / "fixtures" / "households" / "K16-maintenance-but-no-supporter.json"
DAY = datetime.date(2026, 3, 1)


@pytest.fixture(scope="module")
def post() -> Any:
    return load_policy(POST)[0]


def _widow() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WIDOW.read_text(encoding="utf-8"))
    return data


def _doubts(data: dict[str, Any], policy: Any) -> list[tuple[str, str, str | None]]:
    household = validate_household(data, policy)
    return [(d.code, d.where, d.member) for d in doubts(household, policy, DAY)]


def test_a_widow_given_no_supporter_whose_son_pays_maintenance_is_doubted_and_still_decided(post: Any) -> None:
    household = validate_household(_widow(), post)
    found = doubts(household, post, DAY)
    assert [(d.code, d.where, d.kind) for d in found] == [("H014", "members[0] (p1).supporter", "supported")]
    assert found[0].message.en == (
        '"p1" is given supporter "none" (no one with a legal duty of support who can support them), but the '
        "household's income has maintenance paid by relatives with a duty of support (alimony) for \"p1\": "
        "income[0], 4,800.00 yuan/year")
    assert "MCA Doc. [2021] No. 43" in found[0].help.en and "民发〔2021〕43号" in found[0].help.zh
    assert not re.search(r"[\u4e00-\u9fff]", found[0].help.en)  # English, the citation too, as explanations cite it
    decision = evaluate(post, household, DAY)
    assert "tekun" in decision.members["p1"]  # a doubt warns; the caseworker decides


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["members"][0].update(supporter="unable"), [("H014", "members[0] (p1).supporter", "p1")]),
    (lambda d: d["income"][0].pop("member"), [("H014", "members[0] (p1).supporter", "p1")]),  # of the household
    (lambda d: d["members"][0].pop("supporter"), []),  # "none" by default: told of as a default, not doubted
    (lambda d: (d["members"][0].pop("supporter"), d["income"][0].pop("member")), []),
    (lambda d: d["members"][0].update(supporter="able"), []),
    (lambda d: d["income"].pop(0), []),
    (lambda d: d["income"][0].update(amount=0), []),
    (lambda d: d["income"][0].update(type="transfer_other"), []),
])
def test_only_maintenance_paid_to_a_member_given_no_able_supporter_is_doubted(post: Any, change: Any,
                                                                              expected: Any) -> None:
    data = _widow()
    change(data)
    assert _doubts(data, post) == expected


def test_maintenance_named_to_one_member_doubts_that_member_only(post: Any) -> None:
    data = _widow()
    data["members"].append({"id": "p2", "relation": "grandchild", "birth_date": "2015-05-01", "supporter": "none"})
    data["members"].append({"id": "p3", "relation": "child", "birth_date": "1990-05-01"})  # "none" by default
    assert _doubts(data, post) == [("H014", "members[0] (p1).supporter", "p1")]
    data["income"][0].pop("member")
    assert _doubts(data, post) == [("H014", "members[0] (p1).supporter", "p1"),
                                   ("H014", "members[1] (p2).supporter", "p2")]


def test_eval_warns_in_chinese_and_the_explanation_says_it(run: Any) -> None:
    result = run("eval", "--lang", "zh", "--explain", "--date", "2026-03-01", WIDOW)
    assert result.exit_code == 0, result.stderr
    assert ("members[0] (p1).supporter: 警告[H014]: 成员 \"p1\" 的法定赡养、抚养、扶养义务人填为 \"none\"（无），"
            "但家庭收入中有给 \"p1\" 的赡养费、抚养费、扶养费（alimony）：income[0]，4,800.00 元/年") in result.stderr
    assert ("法定赡养、抚养、扶养义务人（p1）填为“无”，但家庭收入中有给其本人的赡养费、抚养费、扶养费"
            "（4,800.00 元/年）") in result.stdout
    assert explained_doubts(run, WIDOW) == [("H014", "p1", "none")]


def test_members_with_the_same_finding_are_said_once_in_words_that_read_aloud(run: Any, tmp_path: Any) -> None:
    """Two members given no supporter, in a household paid maintenance: one finding, both members named, the value
    said as what they are given (`… (aged 70) none:` is no sentence); the JSON keeps one entry for each."""
    data = _widow()
    data["members"].append({**data["members"][0], "id": "p2", "relation": "spouse", "birth_date": "1956-01-01",
                            "sex": "male"})
    del data["income"][0]["member"]  # the household's maintenance: a doubt of each member alike
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    said = {(lang, how): run("eval", "--lang", lang, how, "--date", "2026-03-01", path).stdout
            for lang in ("zh", "en") for how in ("--brief", "--explain")}
    assert ("\n  户主（67岁）和配偶（70岁）的法定赡养、抚养、扶养义务人填为“无”，但家庭收入中有赡养费、抚养费、扶养费"
            "（4,800.00 元/年），特困人员须") in said["zh", "--brief"]
    assert ("\n  head of household (aged 67) and spouse (aged 70): person with a legal duty of support given as "
            "“none”, but the household's income has maintenance paid by relatives with a duty of support "
            "(4,800.00 yuan/year), while a person in extreme poverty (tekun) has no one") in said["en", "--brief"]
    assert "\n  · 法定赡养、抚养、扶养义务人（p1、p2）填为“无”，但家庭收入中有" in said["zh", "--explain"]
    assert ("\n  · person with a legal duty of support (p1, p2) given as “none”, but the household's income has "
            in said["en", "--explain"])
    for text in said.values():
        assert text.count("(tekun) has no one") + text.count("特困人员须无法定义务人") == 1
    assert explained_doubts(run, path) == [("H014", "p1", "none"), ("H014", "p2", "none")]


def explained_doubts(run: Any, household: Any) -> list[tuple[str, str, str]]:
    """The doubts of the household's explanation (`policy eval --explain`, JSON) on 2026-03-01: code, member, value."""
    tree = json.loads(run("eval", "--format", "json", "--explain", "--lang", "en", "--date", "2026-03-01",
                          household).stdout)
    explanation = tree["explanation"] if "explanation" in tree else tree[0]["explanation"]
    return [(d["code"], d["member"], d["value"]) for d in explanation["doubts"]]


def test_batch_counts_them_alike_on_both_engines(run: Any, tmp_path: Any) -> None:
    widow, able, shared = _widow(), _widow(), _widow()
    able["id"], able["members"][0]["supporter"] = "K16-able", "able"
    shared["id"] = "K16-shared"
    shared["income"][0].pop("member")
    unsaid = copy.deepcopy(shared) | {"id": "K16-unsaid"}
    unsaid["members"][0].pop("supporter")
    items = [able, *[copy.deepcopy(widow) | {"id": f"K16-{i}"} for i in range(3)], unsaid, shared]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items),
                                       encoding="utf-8")
    for engine in ("fast", "exact"):
        summary = tmp_path / f"{engine}.json"
        result = run("batch", tmp_path / "in.jsonl", "-o", tmp_path / f"{engine}.jsonl", "--engine", engine,
                     "--date", "2026-03-01", "--policy", POST, "--lang", "en", "--summary", summary)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines()[-1].startswith(
            "warning: 4 households were decided with a member given no one able to support them though the household "
            f"is paid maintenance by relatives (the first: {tmp_path / 'in.jsonl'}:2, members[0] (p1).supporter: "), \
            result.stderr
        assert json.loads(summary.read_text(encoding="utf-8"))["no_supporter_but_maintenance"] == 4
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "exact.jsonl").read_bytes()


COUPLE = ROOT / "tests" / "fixtures" / "households" / "K17-maintenance-but-no-supporter-couple.json"
ONE_CHECK = {"en": "check who pays it and whether they are bound and able to support the member: if so, correct it "
                   "and decide again; the household was decided with it as given",
             "zh": "请核实这笔费用由谁支付、其是否负有义务并有能力履行，如是请改正后重新认定；已按所填认定"}
MANY_CHECK = {"en": "check who pays it and whether they are bound and able to support the members: if so, correct "
                    "the value of each and decide again; the household was decided with the values as given",
              "zh": ONE_CHECK["zh"]}  # Chinese says one member and two alike


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("how", [("--explain",), ("--brief",), ("--explain", "--format", "markdown"), ()])
def test_what_to_check_agrees_in_number_with_the_members_the_finding_names(run: Any, lang: str,
                                                                           how: tuple[str, ...]) -> None:
    """An elderly couple both given no supporter, in a household paid maintenance: the finding names both members,
    and what to check says `the members` (`the member` read as if one of them was meant); the widow alone, `the
    member`. Chinese, which does not mark the number, says both alike."""
    said = {}
    for name, path in (("one", WIDOW), ("two", COUPLE)):
        result = run("eval", "--lang", lang, *how, "--date", "2026-03-01", path)
        assert result.exit_code == 0, result.stderr
        said[name] = result.stdout
    assert said["two"].count(MANY_CHECK[lang]) == 1, said["two"]
    assert said["one"].count(ONE_CHECK[lang]) == 1, said["one"]
    if lang == "en":
        assert "support the member:" not in said["two"] and "support the members" not in said["one"]
    names = {("en", False): "(p1, p2)", ("zh", False): "（p1、p2）", ("en", True): "(`p1`, `p2`)",
             ("zh", True): "（`p1`、`p2`）"}
    if how != ("--brief",):
        assert names[lang, "markdown" in how] + (" given as" if lang == "en" else "填为") in said["two"]
    else:
        assert ("head of household (aged 75) and spouse (aged 73)" if lang == "en" else "户主（75岁）和配偶（73岁）") \
            in said["two"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_members_paid_maintenance_each_in_a_line_of_their_own_are_each_said_with_their_payment(run: Any, lang: str,
                                                                                               tmp_path: Any) -> None:
    """A couple given no supporter, each paid 2,400.00 of maintenance in a line of their own: said once for both,
    the finding read as one payment, and what to check asked who pays `it` / `这笔费用`. Each member is said with the
    payment that is theirs (`for them` / `给其本人的`), what to check in one member's words; a payment of the household
    as a whole (K17) is still said once for both."""
    data = json.loads(COUPLE.read_text(encoding="utf-8"))
    shared = next(line for line in data["income"] if line["type"] == "alimony")
    data["income"] = [line for line in data["income"] if line is not shared] + [
        {**shared, "member": "p1"}, {**shared, "member": "p2"}]
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    own = {"en": "person with a legal duty of support ({m}) given as “none”, but the household's income has "
                 "maintenance paid by relatives with a duty of support for them (2,400.00 yuan/year)",
           "zh": "法定赡养、抚养、扶养义务人（{m}）填为“无”，但家庭收入中有给其本人的赡养费、抚养费、扶养费"
                 "（2,400.00 元/年）"}
    for how in (("--explain",), ("--explain", "--format", "markdown"), ()):
        said = run("eval", "--lang", lang, *how, "--date", "2026-03-01", path).stdout
        if "markdown" not in how:
            assert own[lang].format(m="p1") in said and own[lang].format(m="p2") in said, said
        assert said.count(ONE_CHECK[lang]) == 2 and (lang == "zh" or MANY_CHECK[lang] not in said), said
    brief = run("eval", "--lang", lang, "--brief", "--date", "2026-03-01", path).stdout
    assert brief.count(ONE_CHECK[lang]) == 2, brief
    shared_said = run("eval", "--lang", lang, "--explain", "--date", "2026-03-01", COUPLE).stdout
    assert shared_said.count(ONE_CHECK[lang] if lang == "zh" else MANY_CHECK[lang]) == 1
    assert "for them" not in shared_said and "给其本人的" not in shared_said
    tree = json.loads(run("eval", "--format", "json", "--explain", "--lang", lang, "--date", "2026-03-01",
                          path).stdout)["explanation"]
    assert [(d["member"], d["line"]) for d in tree["doubts"]] == [("p1", "income[2]"), ("p2", "income[3]")]
