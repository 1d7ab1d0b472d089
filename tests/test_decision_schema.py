"""`policy schema decision`: every decision the engine writes fits it, and it refuses what does not."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import jsonschema
import pytest

from engine.decision_schema import decision_schema
from engine.evaluator import evaluate
from engine.explain import explain
from engine.household import validate_household
from engine.loader import load_policy
from engine.render import decision_json
from engine.sample import households
from tests.helpers import EXAMPLES, ROOT, county_standards

POLICIES = {"2024-transition": datetime.date(2025, 6, 1), "post-transition": datetime.date(2026, 3, 1)}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _problems(validator: jsonschema.Draft202012Validator, decision: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(decision)]


@pytest.mark.parametrize("version", sorted(POLICIES))
def test_every_decision_and_explanation_of_examples_and_sampled_households_fits_the_schema(version):
    policy = load_policy(ROOT / "policy" / f"{version}.yaml")[0]
    validator = _validator(decision_schema(policy))
    day = POLICIES[version]
    data = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(EXAMPLES.glob("*.json"))]
    data += list(households(150, 11, day))
    data.append(_sparse(policy, data[0]))
    data.append(_doubted(data[0]))
    seen: set[str] = set()
    for raw in data:
        household = validate_household(raw, policy, "test", today=day)
        decision = evaluate(policy, household, day)
        assert _problems(validator, decision_json(decision)) == [], household.id
        for lang in ("zh", "en"):
            explained = decision_json(decision, explain(decision, lang))
            assert _problems(validator, explained) == [], (household.id, lang)
            seen |= _keys(explained["explanation"])
    # the households reach the explanation's rarer parts, so the schema is tried on them too
    assert {"defaults", "defaulted", "preempted_by", "failed", "would_hold_if", "margin", "substituted",
            "confirm", "share", "zero", "higher_wins", "working", "member", "as_received",
            "blocked_by", "doubts", "doubt", "check", "looked_at", "met_by", "withheld_members", "forms"} <= seen
    # a policy that ends within a year of the day pays a month's amount until its end, not for the year
    assert ("paid_until" if version == "2024-transition" else "per_year") in seen


def _sparse(policy: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The household with every input that has a default left out, so that the defaults are explained."""
    sparse = copy.deepcopy(data)
    for f in policy.input_fields("member"):
        if f.has_default:
            for m in sparse["members"]:
                m.pop(f.name, None)
    for f in policy.input_fields("household"):
        group, name = f.name.split(".", 1)
        if f.has_default and group in sparse:
            sparse[group].pop(name, None)
    return sparse


def _doubted(data: dict[str, Any]) -> dict[str, Any]:
    """The household with figures most likely wrong (`engine.doubts`): a line given twice, a bill of no member, a
    pension a month's, deposits in 万元, and two heads of household."""
    doubted = copy.deepcopy(data)
    doubted["income"] += [dict(doubted["income"][0]), {"type": "pension", "member": "p1", "amount": 500}]
    doubted["expenses"].append({"type": "medical", "amount": 500})
    doubted["assets"]["deposits"] = 3
    doubted["members"][1]["relation"] = "head"
    return doubted


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | set().union(*(_keys(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_keys(v) for v in data))
    return set()


def test_a_what_if_outside_the_window_has_its_note_and_fits(run, tmp_path):
    schema = json.loads(run("schema", "decision", "--policy", "policy/post-transition.yaml").stdout)
    result = run("eval", EXAMPLES / "DS-0001-dibao-widow.json", "--policy", "policy/post-transition.yaml",
                 "--date", "2025-06-01", "--format", "json", "--explain")
    decision = json.loads(result.stdout)
    assert "note" in decision["explanation"]
    assert _problems(_validator(schema), decision) == []


@pytest.mark.parametrize("options", [["--engine", "fast"], ["--engine", "exact"], ["--explain", "--brief"]],
                         ids=["fast", "exact", "explained"])
def test_what_policy_batch_writes_fits_the_schema_printed_for_its_policy(run, tmp_path, options):
    source = tmp_path / "h.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in households(200, 5, datetime.date(2026, 3, 1))),
                      encoding="utf-8")
    out = tmp_path / "d.jsonl"
    result = run("batch", source, "-o", out, "--date", "2026-03-01", *options)
    assert result.exit_code == 0, result.output
    printed = run("schema", "decision", "--date", "2026-03-01")
    assert printed.exit_code == 0, printed.output
    validator = _validator(json.loads(printed.stdout))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    for line in lines:
        assert _problems(validator, json.loads(line)) == []


def _decided() -> tuple[jsonschema.Draft202012Validator, dict[str, Any]]:
    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    day = POLICIES["post-transition"]
    raw = json.loads((EXAMPLES / "DS-0002-tekun-elderly-alone.json").read_text(encoding="utf-8"))
    decision = evaluate(policy, validate_household(raw, policy, "test", today=day), day)
    return _validator(decision_schema(policy)), decision_json(decision, explain(decision, "en"))


DELETE = object()  # `_set`: the key goes


def _set(path: str, value: Any) -> Any:
    def change(d: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        for key in parents:
            d = d[int(key)] if isinstance(d, list) else d[key]
        if value is DELETE:
            del d[last]
        else:
            d[last] = value
    return change


@pytest.mark.parametrize(("change", "where"), [
    (_set("categories", ["monitoring"]), "$.categories[0]"),  # a category of the transition policy only
    (_set("categories", ["tekun"]), "$.categories[0]"),  # a member-level category on the household
    (_set("members/p1", ["dibao"]), "$.members.p1[0]"),
    (_set("values/per_capita_income", "4320.5"), "$.values.per_capita_income"),
    (_set("values/housing_unsafe", "no"), "$.values.housing_unsafe"),
    (_set("values/household_size", DELETE), "$.values"),
    (_set("values/bonus", "1.00"), "$.values"),
    (_set("policy/version", "2024-transition"), "$.policy.version"),
    (_set("date", "2026-02-30"), "$.date"),
    (_set("assistance/0/id", "free_lunch"), "$.assistance[0].id"),
    (_set("assistance/0/amount", 600), "$.assistance[0].amount"),
    (_set("extra", True), "$"),
    (_set("explanation/lang", "fr"), "$.explanation.lang"),
    (_set("explanation/categories/0/members/0/clauses/0/verdict", "yes"),
     "$.explanation.categories[0].members[0].clauses[0].verdict"),
    (_set("explanation/categories/1/clauses/0/derived/0/kind", "guess"),
     "$.explanation.categories[1].clauses[0].derived[0].kind"),
    (_set("explanation/categories/1/clauses/0/colour", "red"), "$.explanation.categories[1].clauses[0]"),
    # a yes/no found is true, false or null, never the word the sentence says it by
    (_set("explanation/categories/1/clauses/4/looked_at/0/value", "no"),
     "$.explanation.categories[1].clauses[4].looked_at[0].value"),
    (_set("explanation/categories/1/clauses/4/looked_at/0/name", "assets.registered_business"),
     "$.explanation.categories[1].clauses[4].looked_at[0]"),
    (_set("explanation/categories/1/clauses/4/looked_at", []), "$.explanation.categories[1].clauses[4].looked_at"),
])
def test_the_schema_refuses_what_no_decision_of_the_policy_holds(change, where):
    validator, decision = _decided()
    assert _problems(validator, decision) == []
    changed = copy.deepcopy(decision)
    change(changed)
    problems = _problems(validator, changed)
    assert problems and all(p.startswith(where + ":") for p in problems), problems


def test_the_transition_schema_names_its_own_categories_and_measures():
    schemas = {v: decision_schema(load_policy(ROOT / "policy" / f"{v}.yaml")[0]) for v in POLICIES}
    categories = {v: s["properties"]["categories"]["items"]["enum"] for v, s in schemas.items()}
    assert "monitoring" in categories["2024-transition"] and "monitoring" not in categories["post-transition"]
    values = schemas["post-transition"]["properties"]["values"]["properties"]
    assert values["per_capita_income"]["title"] and values["housing_unsafe"]["anyOf"][0] == {"type": "boolean"}


def test_the_shipped_explanation_schema_is_a_schema_of_its_own():
    explanation = json.loads((ROOT / "engine" / "schema" / "explanation.schema.json").read_text(encoding="utf-8"))
    _validator(explanation)
    _, decision = _decided()
    assert _problems(_validator(explanation), decision["explanation"]) == []


def test_the_total_of_income_not_counted_is_titled_as_explanations_and_diffs_say_it():
    path = ROOT / "policy" / "post-transition.yaml"
    policy = load_policy(path, raw=path.read_bytes())[0]
    title = decision_schema(policy)["properties"]["values"]["properties"]["exempt_income"]["title"]
    assert title == "不计入收入 / income not counted"


def test_each_yes_no_a_clause_looked_at_fits_the_schema_and_is_what_its_sentence_says():
    # `looked_at` is an optional key of a clause: a rule of yes/no conditions has it, a comparison has not
    validator, decision = _decided()
    clauses = [c for category in decision["explanation"]["categories"]
               for c in [*category.get("clauses", []), *(x for m in category.get("members", []) for x in m["clauses"])]]
    looked = {c["id"]: c["looked_at"] for c in clauses if "looked_at" in c}
    assert looked["no_registered_business"] == [
        {"label": "a member has a registered company or business", "value": False}]
    assert [f["label"] for f in looked["hardship"]] == ["housing is unsafe (grade C or D)", "drinking water is unsafe"]
    assert not any("looked_at" in c for c in clauses if "compared" in c)
    for c in clauses:
        for f in c.get("looked_at", []):
            assert f"{f['label']} — {'yes' if f['value'] else 'no'}" in c["sentence"]
    assert _problems(validator, decision) == []
    schema = decision_schema(load_policy(ROOT / "policy" / "post-transition.yaml")[0])
    assert "looked_at" not in schema["$defs"]["clause"]["required"]  # additive: decisions without it still fit


def test_an_explanation_that_cites_the_document_of_a_parameter_besides_its_entrys_own_fits_the_schema():
    policy = county_standards()
    validator = _validator(decision_schema(policy))
    day = datetime.date(2026, 3, 1)
    for path in sorted(EXAMPLES.glob("DS-000[12]-*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        decision = evaluate(policy, validate_household(raw, policy, path.name, today=day), day)
        for lang in ("zh", "en"):
            explained = decision_json(decision, explain(decision, lang))
            assert "parameters_cited" in json.dumps(explained)
            assert _problems(validator, explained) == [], (path.name, lang)
    broken = copy.deepcopy(explained)
    broken["explanation"]["categories"][1]["clauses"][0]["parameters_cited"] = [{"label": "x"}]
    assert _problems(validator, broken)
