"""The JSON Schemas shipped as package data: policy files and test case files (`policy schema`)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

FOLDER = Path(__file__).parent


@functools.cache
def shipped(name: str) -> dict[str, Any]:
    """The schema `engine/schema/{name}.schema.json`."""
    return json.loads((FOLDER / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for that schema, dates checked as dates."""
    return jsonschema.Draft202012Validator(shipped(name), format_checker=jsonschema.FormatChecker())


def names_an_input(name: str, level: str) -> bool:
    """Whether the policy schema lets `name` name an input of `level` (`household`: `group.name`)."""
    pattern = shipped("policy")["properties"]["inputs"]["properties"][level]["propertyNames"]["pattern"]
    return re.fullmatch(pattern, name) is not None
