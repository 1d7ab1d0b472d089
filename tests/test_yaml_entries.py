"""The entries of a policy file's YAML as the indentation findings read them: the value at a path, the column and
style each is written in, and the keys the policy schema lets it hold."""

from __future__ import annotations

import ast
from pathlib import Path

from engine.yaml_entries import entry_keys, key_column, schema_at, value_at, written_as_block
from engine.yamlsource import load_yaml
from tests.helpers import ROOT

TEXT = """\
parameters:
  dibao_standard:
    value: 510 yuan/month
    label: {zh: 农村最低生活保障标准, en: dibao standard}
categories:
  - id: dibao
    when:
      - {id: income, test: x}
"""


def test_the_value_at_a_path_and_none_where_there_is_none():
    doc = load_yaml(TEXT.encode("utf-8"), "p.yaml")
    assert value_at(doc.data, ("parameters", "dibao_standard", "value")) == "510 yuan/month"
    assert value_at(doc.data, ("categories", 0, "id")) == "dibao"
    assert value_at(doc.data, ("categories", 1)) is None
    assert value_at(doc.data, ("parameters", "tekun_standard", "value")) is None


def test_where_an_entry_is_written_and_whether_in_a_block():
    doc = load_yaml(TEXT.encode("utf-8"), "p.yaml")
    assert key_column(doc, ("parameters", "dibao_standard")) == 2
    assert key_column(doc, ("categories", 0)) == 2  # a list item: its `-`
    assert key_column(doc, ("categories", 0, "when", 0)) == 6
    assert key_column(doc, ("parameters", "tekun_standard")) == -1
    assert written_as_block(doc, ("parameters", "dibao_standard"))
    assert not written_as_block(doc, ("parameters", "dibao_standard", "label"))  # `{zh: …}`
    assert not written_as_block(doc, ("categories", 0, "when", 0))


def test_the_keys_the_schema_lets_an_entry_hold():
    allowed, required = entry_keys(schema_at(("parameters", "dibao_standard"))) or (frozenset(), frozenset())
    assert {"value", "label", "source", "confirm"} <= allowed and {"value", "label"} <= required
    assert entry_keys(schema_at(("parameters",))) is None  # a section of named entries: any name
    assert schema_at(("parameters", "dibao_standard", "value", "x")) is None


def test_the_indentation_findings_share_these_helpers_by_their_public_names():
    """`indented_too_far` read the helpers of `indented_too_little` by their private names."""
    for module in ("indented_too_far", "indented_too_little"):
        tree = ast.parse(Path(ROOT / "engine" / f"{module}.py").read_text(encoding="utf-8"))
        private = [(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                   for alias in node.names if alias.name.startswith("_") and node.module != "__future__"]
        assert private == [], module
