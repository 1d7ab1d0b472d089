"""The JSON Schema of a decision (DESIGN §7) for one policy: `policy schema decision`.

Input: a loaded `Policy`. Output: a JSON Schema (draft 2020-12) that every decision this
policy gives validates against, as `policy eval --format json` and `policy batch` write it
(JSON Lines): its categories, values, measures and options by name, money as decimal text,
and, with `--explain`, the explanation tree of `engine/schema/explanation.schema.json`.
Invariant: no object takes a key the schema does not name (`additionalProperties` is false),
save the maps keyed by member id, so a consumer that validates learns of any change of the contract.
"""

from __future__ import annotations

import copy
from typing import Any

from engine import schema as schemas
from engine.evaluator import program_for, value_type
from engine.explain.words import BUILTIN_LABELS
from engine.model import Label, Policy
from engine.values import kind_of

MONEY = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$",
         "description": "yuan as decimal text with two places (rates per year unless `per` says otherwise)"}
NUMBER = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "description": "an exact decimal as text"}
_MONEY, _NUMBER = {"$ref": "#/$defs/money"}, {"$ref": "#/$defs/number"}


def _value(kind: str, label: Label) -> dict[str, Any]:
    """The schema of one value of `values` by its kind, titled with its labels; null where an input it
    reads was left empty."""
    if kind in ("amount", "rate"):
        shape = _MONEY
    elif kind in ("number", "duration"):
        shape = _NUMBER
    elif kind == "boolean":
        shape = {"type": "boolean"}
    elif kind == "date":
        shape = {"type": "string", "format": "date"}
    elif kind == "text":
        shape = {"type": "string"}
    else:
        shape = {}
    title = " / ".join(text for text in (label.zh, label.en) if text)
    return {"title": title, "anyOf": [shape, {"type": "null"}]} if shape else {"title": title}


def decision_schema(policy: Policy) -> dict[str, Any]:
    """The JSON Schema of a decision of this policy, its explanation included."""
    explanation = copy.deepcopy(schemas.shipped("explanation"))
    defs = explanation.pop("$defs")
    for key in ("$schema", "title"):
        explanation.pop(key)
    household = [c.id for c in policy.categories if c.level == "household"]
    member = [c.id for c in policy.categories if c.level == "member"]
    names = ["counted_income", "exempt_income", "rigid_expenses", *program_for(policy).household_definitions]
    labels = {**BUILTIN_LABELS, **{name: d.label for name, d in policy.definitions.items()}}
    values = {name: _value(kind_of(value_type(policy, name)), labels[name]) for name in names}
    options = sorted({o.id for m in policy.assistance for o in m.options})
    grant = {
        "type": "object", "additionalProperties": False, "required": ["id", "department", "amount", "option"],
        "properties": {
            "id": {"enum": [m.id for m in policy.assistance]},
            "department": {"enum": sorted({m.department for m in policy.assistance})},
            "amount": {"anyOf": [_MONEY, {"type": "null"}], "description": "null for services and works"},
            "per": {"enum": ["month", "year"], "description": "the period the amount covers"},
            "member": {"type": "string", "description": "the member, for a member-level measure"},
            "option": {"enum": options, "description": "the rule that won (就高不就低)"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"decision of {policy.meta.id} {policy.meta.version}",
        "description": "One decision, as `policy eval --format json` prints it and `policy batch` writes it "
                       "(a line of JSON Lines). See docs/formats.md.",
        "type": "object", "additionalProperties": False,
        "required": ["household", "policy", "date", "categories", "members", "values", "assistance"],
        "properties": {
            "household": {"type": "string", "description": "the household's id"},
            "policy": {
                "type": "object", "additionalProperties": False, "required": ["id", "version", "file", "sha256"],
                "properties": {
                    "id": {"const": policy.meta.id}, "version": {"const": policy.meta.version},
                    "file": {"type": "string", "description": "the policy file as it was named"},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                               "description": "of the policy file's bytes"},
                },
            },
            "date": {"type": "string", "format": "date", "description": "the evaluation date"},
            "categories": {"type": "array", "uniqueItems": True, "items": {"enum": household},
                           "description": "household-level categories that apply, in policy order"},
            "members": {"type": "object", "description": "member id → member-level categories",
                        "additionalProperties": {"type": "array", "uniqueItems": True, "items": {"enum": member}}},
            "values": {"type": "object", "additionalProperties": False, "required": names, "properties": values},
            "assistance": {"type": "array", "items": grant, "description": "each measure granted"},
            "explanation": {"$ref": "#/$defs/explanation", "description": "with --explain"},
            "brief": {"type": "string", "description": "with `policy batch --brief`: the explanation in short "
                                                      "sentences, its lines joined by a line end"},
        },
        "$defs": {"money": MONEY, "number": NUMBER, "explanation": explanation, **defs},
    }
