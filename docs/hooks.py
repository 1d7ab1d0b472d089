"""mkdocs hooks: the handbook pages that are generated, so that they cannot drift.

Input: the repository the site is built from (the folder of mkdocs.yml): the
JSON Schema `engine/schema/policy.schema.json`, the `policy` click commands and
the shipped policies in `policy/`. Output, added to the site on every build
(nothing is written into docs/):

* `reference/policy-file.md` — every key of the policy-file schema with its type,
  whether it is required, its description and its constraints;
* `reference/cli.md` and `reference/cli.zh.md` — the `--help` of `policy` and of every
  command and subcommand, in English and Chinese;
* `policies/NAME.md` and `policies/NAME.zh.md` — each shipped policy rendered by
  `policy doc` in English and Chinese;
* `policies/changes.md` and `policies/changes.zh.md` — `policy diff` between the
  two shipped versions, as markdown.

Invariant: a policy with errors, or a command that fails, stops the build with
the reason; a page is never silently left out. The functions here are pure
(text in, text out) so tests can check them without building the site.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = "engine/schema/policy.schema.json"
DIFF_PAIR = ("policy/2024-transition.yaml", "policy/post-transition.yaml")
SWITCH = {"en": "[中文]({zh}) · **English**", "zh": "**中文** · [English]({en})"}


# -- the policy-file reference --------------------------------------------------------------

SHARED = {
    "label": "label `{zh, en}`",
    "expression": "expression ([rule language](../rule-language.md))",
    "source": "citation (text)",
    "date": "date `YYYY-MM-DD`",
    "level": "`household` or `member`",
    "input": "input field (see [input](#input))",
}
JSON_TYPES = {"string": "text", "number": "number", "integer": "whole number", "boolean": "`true` or `false`",
              "object": "map", "array": "list", "null": "empty"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _def_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else None


def _type(node: dict[str, Any], defs: dict[str, Any]) -> str:
    name = _def_name(node)
    if name is not None:
        return SHARED.get(name, f"see [{name}](#{name})")
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    if "anyOf" in node:
        return " or ".join(_type(alt, defs) for alt in node["anyOf"])
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(JSON_TYPES.get(k, k) for k in kind)
    if kind == "string" and node.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if kind == "array":
        items = node.get("items", {})
        inner = "maps" if items.get("type") == "object" else _type(items, defs) if items else "values"
        return f"list of {inner}"
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return f"map of NAME → {_type(node['additionalProperties'], defs)}"
    return JSON_TYPES.get(kind, "any value") if kind else "any value"


def _description(node: dict[str, Any], defs: dict[str, Any]) -> str:
    text = node.get("description")
    name = _def_name(node)
    if text is None and name is not None:
        text = defs.get(name, {}).get("description")
    return text or ""


def _constraints(node: dict[str, Any]) -> list[str]:
    found = []
    for key, words in (("minimum", "at least {}"), ("maximum", "at most {}"), ("minLength", "at least {} character"),
                       ("minItems", "at least {} item"), ("minProperties", "at least {} entry")):
        if key in node:
            found.append(words.format(node[key]))
    if node.get("pattern") == r"\S":  # a text that must hold more than white space
        found.append("not empty, nor spaces alone")
    elif "pattern" in node:
        found.append(f"matches `{node['pattern']}`")
    names = node.get("propertyNames", {})
    if "pattern" in names:
        found.append(f"names match `{names['pattern']}`")
    if node.get("additionalProperties") is False:
        found.append("no other keys")
    return found


def _rows(node: dict[str, Any], path: str, defs: dict[str, Any]) -> Iterator[list[str]]:
    """One table row per key below `node`, depth first, in schema order."""
    required = set(node.get("required", []))
    for key, child in node.get("properties", {}).items():
        child_path = f"{path}.{key}" if path else key
        yield _row(child, child_path, key in required, defs)
        yield from _below(child, child_path, defs)


def _below(node: dict[str, Any], path: str, defs: dict[str, Any]) -> Iterator[list[str]]:
    if _def_name(node) is not None:
        return
    if node.get("type") == "object" and "properties" in node:
        yield from _rows(node, path, defs)
    elif node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        entry = node["additionalProperties"]
        if _def_name(entry) is None:
            yield _row(entry, f"{path}.NAME", False, defs)
        yield from _below(entry, f"{path}.NAME", defs)
    elif node.get("type") == "array" and isinstance(node.get("items"), dict):
        yield from _below(node["items"], f"{path}[]", defs)


def _row(node: dict[str, Any], path: str, required: bool, defs: dict[str, Any]) -> list[str]:
    description = _description(node, defs)
    if not description and path.endswith(".NAME"):
        description = "One entry; its key is the name you give it."
    extra = _constraints(node)
    if extra:
        description = (description + " " if description else "") + "(" + "; ".join(extra) + ")"
    return [f"`{path}`", _cell(_type(node, defs)), "required" if required else "", _cell(description)]


def _either(node: dict[str, Any]) -> list[str]:
    """The `oneOf` rules of an object, in words."""
    lines = []
    for alternative in node.get("oneOf", []):
        needs = ", ".join(f"`{k}`" for k in alternative.get("required", []))
        banned = []
        forbidden = alternative.get("not", {})
        for part in [forbidden, *forbidden.get("anyOf", [])]:
            banned += [f"`{k}`" for k in part.get("required", [])]
        lines.append(f"  - {needs}" + (f", without {', '.join(banned)}" if banned else ""))
    return ["- exactly one of:", *lines, ""] if lines else []


def schema_reference(schema: dict[str, Any]) -> str:
    """The policy-file reference page, from the policy JSON Schema."""
    defs = schema.get("$defs", {})
    out = [
        "# Policy file reference",
        "",
        f"Generated from `{SCHEMA_FILE}` each time this site is built, so it cannot drift from "
        "the schema that `policy check` and your editor use. For explanations and examples of every "
        "section, read [Policy files](../policy-files.md); for the expressions, the "
        "[rule language](../rule-language.md).",
        "",
        f"{schema.get('description', '')}",
        "",
        "How to read the key paths: `parameters.NAME.value` — `NAME` is a name you choose "
        "(lowercase letters, digits and `_`); `categories[].when[].test` — `[]` is each item of a list. "
        "A key not listed here is an error (`policy check` reports it with a \"did you mean\").",
        "",
        "## The sections of a policy file",
        "",
    ]
    required = set(schema.get("required", []))
    out += ["| Section | Type | Required | Description |", "|---|---|---|---|"]
    for key, node in schema.get("properties", {}).items():
        out.append("| " + " | ".join(_row(node, key, key in required, defs)) + " |")
    out.append("")
    for key, node in schema.get("properties", {}).items():
        out += [f"## `{key}`", "", _cell(_description(node, defs)), ""]
        rows = list(_below(node, key, defs))
        if rows:
            out += ["| Key | Type | Required | Description |", "|---|---|---|---|"]
            out += ["| " + " | ".join(row) + " |" for row in rows]
            out.append("")
        target = node.get("items", node) if node.get("type") == "array" else node
        out += _either(target)
    out += ["## Shared shapes", "", "Shapes used by several sections.", ""]
    for name, node in defs.items():
        out += [f"### {name}", "", f"{_description(node, defs)}", "", f"Type: {_type(node, defs)}.", ""]
        extra = _constraints(node)
        if extra:
            out += ["Constraints: " + "; ".join(extra) + ".", ""]
        rows = list(_rows(node, "", defs))
        if rows:
            out += ["| Key | Type | Required | Description |", "|---|---|---|---|"]
            out += ["| " + " | ".join(row) + " |" for row in rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# -- the command reference ------------------------------------------------------------------


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    import click

    ctx = click.Context(group, info_name="policy")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


LOCALES = {"en": "en_US.UTF-8", "zh": "zh_CN.UTF-8"}  # the help follows the locale when no --lang is given
CLI_TITLE = {"en": "# Command reference", "zh": "# 命令参考"}
CLI_INTRO = {
    "en": ["Generated from the commands' own `--help` each time this site is built, so it always matches "
           "the installed `policy`. Type `policy COMMAND --help` for the same text in a terminal; the help "
           "is in the language of `--lang` (`policy --lang en COMMAND --help`), else of the locale.",
           "Exit codes, for every command: **0** ok, **1** differs or did not pass, **2** a usage or input "
           "error (each one located, never a traceback), **3** an internal error (a bug in `policy`: the "
           "message asks for a report), **130** interrupted (Ctrl-C), **141** standard output closed by its "
           "reader (`policy batch … -o - | head`)."],
    "zh": ["本页在每次构建网站时由各命令自己的 `--help` 生成，所以总与安装的 `policy` 一致。在终端里输入 "
           "`policy 命令 --help` 可以看到同样的内容；帮助使用 `--lang` 指定的语言"
           "（`policy --lang zh 命令 --help`），没有指定时跟随系统语言环境，非英文环境下为中文。",
           "各命令的退出码：**0** 正常，**1** 有差异或未通过，**2** 用法或输入错误（每个都标明位置，"
           "不会出现程序报错的堆栈），**3** 内部错误（`policy` 程序的缺陷，提示会请您报告），"
           "**130** 已中断（Ctrl-C），**141** 标准输出被读取方关闭（`policy batch … -o - | head`）。"],
}
CLI_COLUMNS = {"en": "| Command | What it does |", "zh": "| 命令 | 作用 |"}


def _help(group: Any, path: tuple[str, ...], lang: str = "en") -> str:
    from click.testing import CliRunner

    result = CliRunner().invoke(group, [*path, "--help"], prog_name="policy",
                                env={"COLUMNS": "100", "LC_ALL": LOCALES[lang]})
    if result.exit_code != 0:
        raise RuntimeError(f"`policy {' '.join(path)} --help` failed: {result.output}")
    return result.output.rstrip()


def cli_reference(group: Any, lang: str = "en") -> str:
    """The command reference page in `lang`: `policy --help` and every command's and subcommand's help."""
    from cli.localize import short_help, speaking

    commands = list(_commands(group))
    out = [CLI_TITLE[lang], "", _switch(lang, "cli"), ""]
    for paragraph in CLI_INTRO[lang]:
        out += [paragraph, ""]
    out += [CLI_COLUMNS[lang], "|---|---|"]
    for path, command in commands:
        name = " ".join(path)
        with speaking(lang):
            said = short_help(f"policy {name}", command, 90)
        out.append(f"| [`policy {name}`](#policy-{'-'.join(path)}) | {_cell(said)} |")
    out += ["", "## policy", "", "```text", _help(group, (), lang), "```", ""]
    for path, _command in commands:
        out += [f"## policy {' '.join(path)}", "", "```text", _help(group, path, lang), "```", ""]
    return "\n".join(out).rstrip() + "\n"


# -- the shipped policies, rendered -----------------------------------------------------------


def _switch(lang: str, stem: str) -> str:
    return SWITCH[lang].format(zh=f"{stem}.zh.md", en=f"{stem}.md")


def policy_pages(root: Path = ROOT) -> dict[str, str]:
    """`policies/NAME[.zh].md` → the policy rendered by `policy doc`, for every file in policy/."""
    from engine.diagnostics import PolicyError
    from engine.document import policy_markdown
    from engine.loader import load_policy

    pages = {}
    for path in sorted((root / "policy").glob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        try:
            policy, _ = load_policy(relative, raw=path.read_bytes())
        except PolicyError as error:
            raise RuntimeError(f"{relative} has errors; run `policy check {relative}`:\n{error}") from None
        for lang, suffix in (("en", ""), ("zh", ".zh")):
            text = policy_markdown(policy, lang)
            title, _, rest = text.partition("\n")
            pages[f"policies/{path.stem}{suffix}.md"] = f"{title}\n\n{_switch(lang, path.stem)}\n{rest}"
    return pages


def diff_pages(root: Path = ROOT) -> dict[str, str]:
    """`policies/changes[.zh].md` → `policy diff OLD NEW --format markdown` between the shipped versions."""
    from click.testing import CliRunner

    from cli.main import cli

    pages = {}
    for lang, suffix in (("en", ""), ("zh", ".zh")):
        args = ["diff", *DIFF_PAIR, "--format", "markdown", "--lang", lang]
        with contextlib.chdir(root):
            result = CliRunner().invoke(cli, args, prog_name="policy")
        if result.exit_code not in (0, 1) or (result.exception and not isinstance(result.exception, SystemExit)):
            raise RuntimeError(f"`policy {' '.join(args)}` failed (exit {result.exit_code}):\n{result.output}")
        title, _, rest = result.output.partition("\n")
        command = f"policy {' '.join(args)}"
        note = {"en": f"Generated when the site is built by `{command}`.",
                "zh": f"本页在构建网站时由 `{command}` 生成。"}[lang]
        pages[f"policies/changes{suffix}.md"] = f"{title}\n\n{_switch(lang, 'changes')}\n\n{note}\n{rest}"
    return pages


def generated_pages(root: Path = ROOT) -> dict[str, str]:
    """Every generated page: site path → markdown."""
    from cli.main import cli

    schema = json.loads((root / SCHEMA_FILE).read_text(encoding="utf-8"))
    pages = {"reference/policy-file.md": schema_reference(schema), "reference/cli.md": cli_reference(cli),
             "reference/cli.zh.md": cli_reference(cli, "zh")}
    pages.update(policy_pages(root))
    pages.update(diff_pages(root))
    return pages


# -- mkdocs events ---------------------------------------------------------------------------


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    for uri, text in generated_pages().items():
        if files.get_file_from_path(uri) is not None:
            raise RuntimeError(f"docs/{uri} exists but this page is generated: remove the file")
        files.append(File.generated(config, uri, content=text))
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    for watched in ("policy", "engine", "cli"):
        server.watch(str(ROOT / watched))
    return server
