"""`engine.sample`: households shaped like a rural township, dated, and some next to every income line."""

from __future__ import annotations

import datetime
import functools
import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from engine.evaluator import evaluate
from engine.household import validate_household
from engine.loader import load_policy
from engine.model import Policy
from engine.sample import households, money, near_lines
from tests.helpers import MINI, ROOT

DAY = datetime.date(2026, 1, 1)
VERSIONS = ["2024-transition", "post-transition"]


@functools.cache
def shipped(version: str) -> Policy:
    return load_policy(ROOT / "policy" / f"{version}.yaml")[0]


@functools.cache
def sampled() -> tuple[dict[str, Any], ...]:
    return tuple(households(2000, 3, DAY))


def age(member: dict[str, Any]) -> int:
    born = datetime.date.fromisoformat(member["birth_date"])
    return DAY.year - born.year - ((DAY.month, DAY.day) < (born.month, born.day))


def can_support(member: dict[str, Any]) -> bool:
    return 18 <= age(member) < 60 and member["labor_capacity"] == "full" and member["student"] == "none"


def test_the_same_seed_gives_the_same_households_and_another_seed_others() -> None:
    assert list(households(30, 9, DAY)) == list(households(30, 9, DAY)) != list(households(30, 10, DAY))


def test_every_household_is_dated_on_the_day_its_ages_are_counted_to() -> None:
    """So that `policy batch` and `policy monitor` decide them on that day, not on the day they run."""
    assert {h["date"] for h in sampled()} == {"2026-01-01"}
    assert {h["date"] for h in households(3, 1, datetime.date(2025, 6, 1))} == {"2025-06-01"}


def test_members_ages_fit_their_relation_to_the_head() -> None:
    for h in sampled():
        head = age(h["members"][0])
        for m in h["members"][1:]:
            if m["relation"] == "spouse":
                assert abs(age(m) - head) <= 15, h["id"]
            elif m["relation"] == "child":
                assert age(m) <= head - 22, h["id"]
            elif m["relation"] == "parent":
                assert age(m) >= head + 18, h["id"]
            elif m["relation"] == "grandchild":
                assert age(m) <= head - 40, h["id"]


def test_children_and_the_very_old_cannot_work_and_most_adults_can() -> None:
    members = [m for h in sampled() for m in h["members"]]
    assert {m["labor_capacity"] for m in members if age(m) < 16 or age(m) >= 75} == {"none"}
    adults = Counter(m["labor_capacity"] for m in members if 18 <= age(m) < 60)
    assert adults["full"] > 0.85 * sum(adults.values()) and adults["weak"] and adults["none"]


def test_who_lives_with_someone_able_to_support_them_has_an_able_supporter() -> None:
    children_without = children = 0
    for h in sampled():
        for m in h["members"]:
            if any(can_support(other) for other in h["members"] if other is not m):
                assert m["supporter"] == "able", (h["id"], m["id"])
            if age(m) < 16:
                children += 1
                children_without += m["supporter"] != "able"
    assert children_without < 0.01 * children


@pytest.mark.parametrize("version", VERSIONS)
def test_most_households_belong_to_no_category_and_few_members_are_tekun(version: str) -> None:
    policy = shipped(version)
    decisions = [evaluate(policy, validate_household(h, policy, h["id"], today=DAY), DAY) for h in sampled()[:1000]]
    outside = sum(1 for d in decisions if not d.categories and not any(d.members.values()))
    tiers = Counter(c for d in decisions for c in d.categories)
    tekun = sum(1 for d in decisions for cats in d.members.values() if "tekun" in cats)
    members = sum(len(d.members) for d in decisions)
    assert outside > 700, tiers
    assert 20 <= tiers["dibao"] <= 100, tiers
    assert all(tiers[c.id] for c in policy.categories if c.level == "household"), tiers  # every one occurs
    assert 0 < tekun < 0.03 * members


def test_the_lines_households_are_placed_near_are_the_shipped_policies_income_lines() -> None:
    lines = []
    for version in VERSIONS:
        values, policy = shipped(version).parameter_values, shipped(version)
        dibao = values["dibao_standard"]
        lines += [dibao, values["marginal_multiplier"] * dibao, values["monitoring_line"],
                  values["disposable_income_line"]]
        assert Decimal(str(near_lines.WAGE_SHARE)) == 1 - values["employment_cost_rate"]
        counted = {name for name, kind in policy.income.items() if kind.counted}
        assert counted >= money.COUNTED_TYPES
        drawn = {x["type"] for h in sampled() for x in h["income"]}
        assert drawn <= set(policy.income) and drawn - money.COUNTED_TYPES <= set(policy.income) - counted
    assert sorted(lines) == sorted(Decimal(x) for x in near_lines.LINES)


@pytest.mark.parametrize("line", near_lines.LINES)
def test_every_income_line_has_households_just_below_it_and_just_above_it(line: int) -> None:
    per_head = [near_lines.counted_income(h["income"], money.COUNTED_TYPES) / len(h["members"]) for h in sampled()]
    below = sum(1 for x in per_head if line * (1 - near_lines.SPREAD) <= x < line)
    above = sum(1 for x in per_head if line <= x <= line * (1 + near_lines.SPREAD))
    assert below >= 5 and above >= 5, (below, above)


@pytest.mark.parametrize("fmt, name", [("parquet", "h.parquet"), ("csv", "tables")])
def test_sample_from_another_folder_names_the_policy_folder_to_pass(fmt, name, run, monkeypatch, tmp_path) -> None:
    """CSV tables and Parquet take their columns from the policy in force: from a folder with no policy/, as a data
    engineer follows docs/sample.md, the refusal says why, and names the shipped folder by its path; passing it
    writes the file."""
    pytest.importorskip("pyarrow")
    monkeypatch.chdir(tmp_path)  # no policy/ here
    refused = run("sample", "--n", "5", "--format", fmt, "-o", name, "--lang", "en")
    assert refused.exit_code == 2
    said = " ".join(refused.stderr.split())
    assert "there is no folder policy/ here to find the policy in force (CSV tables and Parquet take their columns " \
           "from it; JSON Lines (-o households.jsonl) need no policy)" in said
    assert f"give --policy-dir {ROOT / 'policy'} (the policies shipped with this installation)" in said
    chinese = " ".join(run("sample", "--n", "5", "--format", fmt, "-o", name, "--lang", "zh").stderr.split())
    assert "CSV 表格和 Parquet 的列取自现行政策" in chinese
    assert f"请给出 `--policy-dir {ROOT / 'policy'}`（随本安装提供的政策）" in chinese
    assert not (tmp_path / name).exists()
    written = run("sample", "--n", "5", "--format", fmt, "-o", name, "--policy-dir", ROOT / "policy", "--lang", "en")
    assert written.exit_code == 0, written.output
    assert (tmp_path / name / "members.csv").is_file() if fmt == "csv" else (tmp_path / name).is_file()
    assert run("sample", "--n", "5", "-o", "h.jsonl").exit_code == 0  # JSON Lines need no policy


def test_without_shipped_policies_the_refusal_names_the_options(run, monkeypatch, tmp_path) -> None:
    """An installation that ships no policy/ (a wheel) gets the options to give, without a path."""
    import cli.common

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.common, "shipped_policy_dir", lambda: None)
    refused = run("sample", "--n", "5", "-o", "h.parquet", "--lang", "en")
    assert refused.exit_code == 2
    assert "need no policy): give `--policy FILE`, or --policy-dir DIR" in " ".join(refused.stderr.split())


@pytest.mark.parametrize("version", VERSIONS)
def test_a_shipped_policy_takes_every_sampled_household_as_drawn(version) -> None:
    """Fitting to a policy whose inputs the sampler draws changes nothing: the same objects, so the same bytes."""
    from engine.sample.fitted import Fitting

    fitting = Fitting(shipped(version))
    assert all(fitting.fitted(h) is h for h in sampled())
    assert fitting.note() is None


OTHER_INPUTS = {  # the mini policy, with inputs the sampler does not draw and a grade it draws beyond its maximum
    "    housing.safety_grade:": "    land.mu: {type: number, nullable: true, default: null, "
                                "label: {zh: 亩, en: land}}\n"
                                "    application.date: {type: date, label: {zh: 申请日, en: applied}}\n"
                                "    housing.safety_grade:",
    "disability_grade: {type: integer, minimum: 1, maximum: 4,": "disability_grade: {type: integer, minimum: 1, "
                                                                "maximum: 3,",
    "test: own_counted_income < dibao_standard}": "test: own_counted_income < dibao_standard and "
                                                  "(application.date < 2026-06-01 or land.mu > 1)}",
}


@pytest.mark.parametrize("fmt, name", [("jsonl", "h.jsonl"), ("parquet", "h.parquet"), ("csv", "tables")])
def test_households_sampled_for_a_policy_of_other_inputs_are_fitted_to_it_and_all_decided(fmt, name, run,
                                                                                          tmp_path) -> None:
    """A policy officer trying a policy of their own inputs samples households for it: every one is written in the
    policy's own inputs (a drawn value it would refuse, as grade 4 beyond its maximum 3, takes its default; an input
    the sampler does not draw, its default or the household's date; lines of types it lacks are left out), the note
    says so, and `policy batch` decides every household."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    text = MINI.read_text(encoding="utf-8")
    for old, new in OTHER_INPUTS.items():
        assert old in text
        text = text.replace(old, new)
    policy = tmp_path / "own.yaml"
    policy.write_text(text, encoding="utf-8")
    out = tmp_path / name
    written = run("sample", "--n", "300", "--seed", "4", "--date", "2025-06-01", "--policy", policy, "-o", out,
                  "--lang", "en", *(["--format", "csv"] if fmt == "csv" else []))
    assert written.exit_code == 0, written.stderr
    said = " ".join(written.stderr.split())
    assert f"note: the households are drawn for the inputs of the shipped policies; to fit {policy}: " \
           "`application.date`, `land.mu` and `members[].disability_grade` take their default (or a plain value: " \
           "0, false, the first value listed) wherever the sampler draws no value that fits their declaration; " in said
    assert "income lines of types it does not have (`agriculture`, `alimony`" in said
    assert "`pension` and `property`) are left out" in said
    decided = run("batch", out, "-o", tmp_path / "d.jsonl", "--policy", policy, "--lang", "en")
    assert decided.exit_code == 0, decided.stderr
    assert "300 households; 300 decisions written" in decided.stderr
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {m["disability_grade"] for h in rows for m in h["members"]} == {None, 1, 2, 3}
        assert {h["application"]["date"] for h in rows} == {"2025-06-01"}
        assert {h["land"]["mu"] for h in rows} == {None}
        assert {x["type"] for h in rows for x in h["income"]} <= {"wage", "basic_pension"}
        assert all(m.keys() == {"id", "birth_date", "disability_grade", "supporter"} for h in rows
                   for m in h["members"])


def test_the_types_the_sampler_leaves_alone_are_those_the_shipped_policies_declare() -> None:
    """A type beyond these is a policy's own, which sampled households are given lines of."""
    from engine.sample.fitted import SHIPPED_TYPES

    declared = {(section, name) for version in VERSIONS for section in ("income", "expenses")
                for name in getattr(shipped(version), section)}
    assert declared == SHIPPED_TYPES


OWN_TYPES = {  # post-transition, with an income type and an expense type of its own
    "  elderly_allowance:\n": "  gig:\n    counted: true\n    plausible: {min: 500}\n"
                              "    label: {zh: 平台灵活就业收入, en: gig platform income}\n  elderly_allowance:\n",
    "  disaster:\n": "  funeral:\n    rigid: true\n    label: {zh: 丧葬费用, en: funeral costs}\n  disaster:\n",
}


def test_households_sampled_for_a_policy_with_types_of_its_own_give_lines_of_them(run, tmp_path) -> None:
    """A policy officer who adds an income or expense type samples households for it: some give lines of each type
    (for a member, within its plausible range), the rest of every household is drawn as for the shipped policy,
    the note says what was added, the same seed gives the same lines, and `policy batch` decides every household."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    for old, new in OWN_TYPES.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    policy = tmp_path / "own.yaml"
    policy.write_text(text, encoding="utf-8")
    out, again = tmp_path / "h.jsonl", tmp_path / "again.jsonl"
    written = run("sample", "--n", "300", "--seed", "4", "--policy", policy, "-o", out, "--lang", "en")
    assert written.exit_code == 0, written.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gig = [x for h in rows for x in h["income"] if x["type"] == "gig"]
    funeral = [x for h in rows for x in h["expenses"] if x["type"] == "funeral"]
    assert 10 <= len(gig) <= 60 and 10 <= len(funeral) <= 60
    assert all(x["amount"] >= 500 and x["amount"] % 10 == 0 and x["member"].startswith("p") for x in gig)
    drawn = list(households(300, 4, DAY))
    without = [{**h, "income": [x for x in h["income"] if x["type"] != "gig"],
                "expenses": [x for x in h["expenses"] if x["type"] != "funeral"]} for h in rows]
    assert without == drawn
    said = " ".join(written.stderr.split())
    assert (f"note: the households are drawn for the inputs of the shipped policies; to fit {policy}: "
            f"{len(gig)} income lines of its own type `gig` and {len(funeral)} expense lines of its own type "
            "`funeral` are added, each to about one household in ten") in said
    assert run("sample", "--n", "300", "--seed", "4", "--policy", policy, "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
    decided = run("batch", out, "-o", tmp_path / "d.jsonl", "--policy", policy, "--lang", "en")
    assert decided.exit_code == 0, decided.stderr
    assert "300 households; 300 decisions written" in decided.stderr
