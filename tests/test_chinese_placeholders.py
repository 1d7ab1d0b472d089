"""A Chinese message that suggests a command line names its values as the Chinese help does (`--date 日期`,
`show 家庭编号`, `--snapshot 编号`), never by the English help's placeholders (`--date D`): a caseworker reading
Chinese copies the command and replaces the word the Chinese help taught for it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from cli.help_zh import PLACEHOLDERS
from tests.helpers import ROOT

# an English placeholder standing as its own word after an option or a command's word: `--date D`, `--snapshot=N`,
# `show HOUSEHOLD`; not a value written in code (`[A, B, C, D]`, `{"C", "D"}`) nor a part of an id (`DS-0001`)
_AFTER_AN_OPTION = re.compile(r"(?:--[a-z][a-z-]*|(?<![\w-])[a-z][a-z-]*)[ =]("
                              + "|".join(re.escape(word) for word in sorted(PLACEHOLDERS, key=len, reverse=True))
                              + r")(?![\w.=/-])")


def _said_in_chinese(tree: ast.AST) -> Iterator[ast.expr]:
    """The expressions of a module that are said in Chinese: the second argument (or `zh=`) of each `Said(en, zh)`,
    the `"zh"` half of a message table (`WORDS = {"zh": {…}, "en": {…}}`), and the Chinese branch of
    `… if lang == "zh" else …`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Said":
            yield from node.args[1:2]
            yield from (keyword.value for keyword in node.keywords if keyword.arg == "zh")
        elif isinstance(node, ast.Dict):
            yield from (value for key, value in zip(node.keys, node.values, strict=True)
                        if isinstance(key, ast.Constant) and key.value == "zh")
        elif isinstance(node, ast.IfExp) and _language_asked(node.test) is not None:
            yield node.body if _language_asked(node.test) == "zh" else node.orelse


def _language_asked(test: ast.expr) -> str | None:
    """The language whose words come first in `… if lang == "zh" else …` (`zh`; `en` of `lang == "en"`, `zh` of
    `lang != "en"`), or None where the test asks no language."""
    if not (isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.Eq | ast.NotEq)
            and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value in ("zh", "en")):
        return None
    asked = test.comparators[0].value
    return asked if isinstance(test.ops[0], ast.Eq) else {"zh": "en", "en": "zh"}[asked]


def english_placeholders_in_chinese(paths: list[Path]) -> list[str]:
    """Each English placeholder after an option in a Chinese string of `paths`, as `file:line: the words`."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for said in _said_in_chinese(tree):
            for node in ast.walk(said):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found += [f"{shown}:{node.lineno}: {match[0]} (in Chinese: "
                              f"{match[0].replace(match[1], PLACEHOLDERS[match[1]])})"
                              for match in _AFTER_AN_OPTION.finditer(node.value)]
    return found


def _sources() -> list[Path]:
    return [path for folder in ("engine", "cli") for path in sorted((ROOT / folder).rglob("*.py"))]


def test_no_chinese_message_names_a_value_by_its_english_placeholder() -> None:
    found = english_placeholders_in_chinese(_sources())
    assert found == [], "\n".join(found)


def test_an_english_placeholder_in_a_chinese_message_is_caught(tmp_path: Path) -> None:
    source = tmp_path / "said.py"
    source.write_text('lang = "zh"\n'
                      'leave = Said("`leave HOUSEHOLD --date D`", f"`policy monitor leave {x} --date D`")\n'
                      'WORDS = {"zh": {"show": "用 `show ID` 查看"}, "en": {"show": "see `show ID`"}}\n'
                      'again = "--snapshot N" if lang == "zh" else "--snapshot N"\n'
                      'fine = Said("`--date D`", "`--date 日期`、集合 `{\\"C\\", \\"D\\"}`、`[A, B, C, D]`")\n',
                      encoding="utf-8")
    found = [line.partition(": ")[2] for line in english_placeholders_in_chinese([source])]
    assert found == ["--date D (in Chinese: --date 日期)", "show ID (in Chinese: show 编号)",
                     "--snapshot N (in Chinese: --snapshot 整数)"]
