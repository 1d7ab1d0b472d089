"""The handbook: generated pages, `policy doc`, the rule-language examples, editor support.

The generated reference pages must name every key of the policy schema and every command;
`policy doc` must show every parameter, category and clause of the shipped policies in both
languages; every example of the rule-language page must parse and check; the site's
navigation must point at pages that exist; and yaml-language-server, driven over stdio as an
editor drives it, must accept the shipped policies and report a broken one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from cli.main import cli
from engine.checker import FUNCTIONS, Checker
from engine.document import WORDS, policy_markdown
from engine.explain.phrases import static_for
from engine.loader import load_policy, policy_schema
from engine.model import Policy
from engine.render import with_id
from engine.syntax import ast
from engine.syntax.parser import _UNIT_NAMES, parse
from tests.helpers import HALF_WIDTH, ROOT, command_of

SHIPPED = sorted((ROOT / "policy").glob("*.yaml"))
LANGS = ("zh", "en")


def _hooks() -> Any:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _hooks()


@pytest.fixture(scope="module")
def shipped() -> list[Policy]:
    return [load_policy(path.relative_to(ROOT), raw=path.read_bytes())[0] for path in SHIPPED]


# -- the policy-file reference -------------------------------------------------------------


def _schema_properties(node: Any) -> tuple[set[str], set[str]]:
    """Every property name and every description anywhere in a schema."""
    names: set[str] = set()
    descriptions: set[str] = set()
    if isinstance(node, dict):
        names.update(node.get("properties", {}))
        if isinstance(node.get("description"), str):
            descriptions.add(node["description"])
        for value in node.values():
            more_names, more_descriptions = _schema_properties(value)
            names |= more_names
            descriptions |= more_descriptions
    elif isinstance(node, list):
        for value in node:
            more_names, more_descriptions = _schema_properties(value)
            names |= more_names
            descriptions |= more_descriptions
    return names, descriptions


def test_policy_file_reference_names_every_schema_key_with_its_description() -> None:
    schema = policy_schema()
    page = hooks.schema_reference(schema)
    names, descriptions = _schema_properties(schema)
    assert len(names) > 40
    code_spans = re.findall(r"`([^`]+)`", page)
    for name in names:
        assert any(re.search(rf"(^|[.\]]){re.escape(name)}$", span) for span in code_spans), name
    for description in descriptions:
        assert description.replace("|", "\\|") in page, description


def test_policy_file_reference_gives_full_paths_types_and_requirements() -> None:
    page = hooks.schema_reference(policy_schema())
    assert "| `parameters.NAME.value` | expression ([rule language](../rule-language.md)) | required |" in page
    assert "| `categories[].when[].test` |" in page
    assert "| `categories[].match` | one of `all`, `any` |" in page
    assert "| `policy.effective.from` | date `YYYY-MM-DD` | required |" in page
    assert "  - `options`, without `when`, `amount`" in page  # the oneOf rule of a measure


def test_policy_file_reference_follows_the_schema_when_it_changes() -> None:
    schema = json.loads(json.dumps(policy_schema()))
    schema["properties"]["process"]["properties"]["appeal_days"] = {
        "type": "integer", "description": "Days to appeal a decision."}
    page = hooks.schema_reference(schema)
    assert "| `process.appeal_days` | whole number |  | Days to appeal a decision. |" in page


# -- the command reference -----------------------------------------------------------------


def _command_paths(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += _command_paths(command, (*path, name))
    return found


def test_cli_reference_has_every_command_and_subcommand_with_its_help() -> None:
    page = hooks.cli_reference(cli)
    paths = _command_paths(cli)
    assert {("doc",), ("diff",), ("check",), ("eval",), ("test",)} <= set(paths)
    for path in paths:
        name = " ".join(path)
        assert f"\n## policy {name}\n" in page, name
        assert f"Usage: policy {name} [OPTIONS]" in page, name
    assert "Usage: policy [OPTIONS] COMMAND [ARGS]..." in page


def test_cli_reference_in_chinese_has_every_command_with_its_chinese_help() -> None:
    page = hooks.cli_reference(cli, "zh")
    assert page.startswith("# 命令参考\n\n**中文** · [English](cli.md)\n")
    for path in _command_paths(cli):
        name = " ".join(path)
        assert f"\n## policy {name}\n" in page, name
        assert f"用法：policy {name} [选项]" in page, name
    assert "用法：policy [选项] 命令 [参数]..." in page
    assert "| [`policy eval`](#policy-eval) | 认定家庭所属类别" in page
    assert "Usage:" not in page and "Options:" not in page and "Show this message" not in page
    assert "[OPTIONS]" not in page and "COMMAND [ARGS]" not in page
    assert "[中文](cli.zh.md) · **English**" in hooks.cli_reference(cli)


def test_cli_reference_includes_subcommands_of_groups() -> None:
    @click.group("tools")
    def tools() -> None:
        """Maintenance tools."""

    @tools.command("reindex")
    def reindex() -> None:
        """Rebuild the index."""

    root = click.Group("policy", commands={"tools": tools})
    page = hooks.cli_reference(root)
    assert "## policy tools reindex" in page and "Usage: policy tools reindex [OPTIONS]" in page


# -- the usage lines the pages quote ---------------------------------------------------------

# a command line a page quotes in code (in ``…`` where it holds a backtick; it may wrap), after `用法：` where it is a
# Chinese usage line
_QUOTED_RUN = re.compile(r"(`+)(?:用法：)?(policy [^`]+?)\1")
# a placeholder as click shows one: `FILE`, `D`, `OLD=NEW`, `POLICY.yaml`, `FILE|DIR|-...`
_PLACEHOLDER = re.compile(r"[A-Z][A-Z_]*(?:[=.|][A-Za-z_]+)*(?:\|-)?(?:\.\.\.)?")


def _usage_lines() -> Iterator[tuple[str, str]]:
    """(where, usage line) of every usage line the pages and the README quote: a command line with a part in brackets,
    as a usage line writes what may be left out (`policy monitor show HOUSEHOLD [--date D]`, `用法：policy check [选项]
    路径...`)."""
    for page in [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]:
        text = page.read_text(encoding="utf-8")
        for found in _QUOTED_RUN.finditer(text):
            if "[" in found[2]:
                line = text.count("\n", 0, found.start()) + 1
                yield f"{page.relative_to(ROOT)}:{line}", " ".join(found[2].split())


def _names_another_value(option: click.Option, value: str, metavar: str) -> bool:
    """Whether a usage line gives `option` a value its help does not name: another placeholder than `metavar`, a
    value not among its choices (`text|csv` is)."""
    choices = getattr(option.type, "choices", None)
    if choices is not None:
        return not set(value.split("|")) <= set(map(str, choices))
    return bool(_PLACEHOLDER.fullmatch(value)) and value != metavar


def _unlike_the_help(usage: str) -> list[str]:
    """What a usage line says otherwise than its command's own help: an option the command does not have, a value not
    named by the option's placeholder (`--date D`) or not one of its choices, an argument not named by its placeholder
    (`HOUSEHOLD`); a usage line quoted as the help shows it (`policy check [选项] 路径...`), any word of it."""
    path = command_of(usage, {" ".join(("policy", *path)) for path in [(), *_command_paths(cli)]})
    command = _command(tuple(path.split()[1:]))
    if "[选项]" in usage or "[OPTIONS]" in usage:
        lang = "zh" if "[选项]" in usage else "en"
        help_ = CliRunner().invoke(cli, [*path.split()[1:], "--help", "--lang", lang], prog_name="policy").output
        own = re.split(r"：|: ", help_.splitlines()[0], maxsplit=1)[1]
        return [] if own.startswith(usage) else [f"the help says `{own}`"]
    with click.Context(command) as ctx:
        options = {name: param for param in command.params if isinstance(param, click.Option)
                   for name in (*param.opts, *param.secondary_opts)}
        arguments = {param.make_metavar(ctx).removesuffix("...").strip("[]") for param in command.params
                     if isinstance(param, click.Argument)}
        unlike, words = [], iter(word.strip("[]…") for word in usage.split()[len(path.split()):] if word != "|")
        for word in words:
            option = options.get(word)
            if word.startswith("-") and option is None:
                unlike.append(f"{word}: no such option")
            elif option is not None and not option.is_flag:
                value, metavar = next(words, ""), option.make_metavar(ctx)
                if value and _names_another_value(option, value, metavar):
                    unlike.append(f"{word} {value}: the help says {word} {metavar}")
            elif option is None and _PLACEHOLDER.fullmatch(word) and word.removesuffix("...") not in arguments:
                unlike.append(f"{word}: the help says {' '.join(sorted(arguments))}")
    return unlike


def test_every_usage_line_a_page_quotes_is_its_command_s_own() -> None:
    """A usage line a page quotes names the options, their values and the arguments as `policy … --help` does, so
    that a reader finds them there: `policy monitor show HOUSEHOLD [--date D]`, where it said `HOUSEHOLD_ID`."""
    unlike = [f"{where}: `{usage}`: {what}" for where, usage in _usage_lines() for what in _unlike_the_help(usage)]
    assert unlike == [], "\n".join(unlike)


@pytest.mark.parametrize(("usage", "unlike"), [
    ("policy monitor show HOUSEHOLD_ID [--date D]", ["HOUSEHOLD_ID: the help says HOUSEHOLD"]),
    ("policy monitor void HOUSEHOLD --date DATE [--by PERSON]", ["--date DATE: the help says --date D"]),
    ("policy monitor alerts [--kind K]…", ["--kind K: the help says --kind [start|exit|move|near|overdue|due_soon]"]),
    ("policy eval FILES... [--explain] [--no-such]", ["--no-such: no such option"]),
    ("policy check [选项] 文件...", ["the help says `policy check [选项] 路径...`"]),
    ("policy monitor alerts [--margin 5%] [--format text|csv] [-o OUTPUT]", []),
    ("policy test PATHS [--lang zh|en]", []),
    ("policy test FILE [--lang zh|en]", ["FILE: the help says PATHS"]),
])
def test_a_usage_line_unlike_the_help_is_caught(usage: str, unlike: list[str]) -> None:
    assert _unlike_the_help(usage) == unlike


# -- the rendered policies -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_policy_doc_shows_every_parameter_category_and_clause(shipped: list[Policy], lang: str) -> None:
    for policy in shipped:
        text = policy_markdown(policy, lang)
        assert text.startswith(f"# {policy.meta.title.get(lang)}\n")
        for name, parameter in policy.parameters.items():
            assert f"`{name}`" in text and parameter.label.get(lang) in text
            assert f"`{parameter.expr.text}`" in text
        aside = f"{WORDS[lang]['open']}`{{}}`{WORDS[lang]['close']}"  # ` (`id`)`, `（`id`）`
        for number, category in enumerate(policy.categories, 1):
            # the id once: in the label's own bracket where it names it there (`person in extreme poverty (`tekun`)`)
            assert f"### {number}. {with_id(category.label.get(lang), category.id, lang == 'zh', '`')}\n" in text
            for j, clause in enumerate(category.clauses, 1):
                # marked ⚠ where the label writes a figure to confirm (`人均存款不超过24个月低保标准 ⚠`)
                assert re.search(rf"\| {j} \| {re.escape(clause.label.get(lang))}( ⚠)?<br>`{clause.id}` \| ", text)
                assert f"<br>`{clause.test.text}` |" in text
        for table in (policy.income, policy.expenses, policy.definitions):
            for name, item in table.items():
                assert f"`{name}`" in text and item.label.get(lang) in text
        for measure in policy.assistance:
            assert f"#### {with_id(measure.label.get(lang), measure.id, lang == 'zh', '`')}\n" in text
            assert aside.format(measure.department) in text
        for abolished in policy.abolished:
            assert f"**{abolished.label.get(lang)}**{aside.format(abolished.id)}" in text
        if policy.process is not None:
            assert str(policy.process.review_working_days) in text


def test_policy_doc_reads_values_with_units_and_confirm_marks(shipped: list[Policy]) -> None:
    post = next(p for p in shipped if p.meta.version == "post-transition")
    en, zh = policy_markdown(post, "en"), policy_markdown(post, "zh")
    assert "| 510.00 yuan/month (6,120.00 yuan/year) | `510 yuan/month` |" in en
    assert "| 7,600.00 yuan/year (≈633.33 yuan/month) | `7600 yuan/year` |" in en  # the cents round it
    assert "| 663.00 yuan/month (7,956.00 yuan/year) | 1.3 × rural minimum living standard (dibao standard, " \
           "510.00 yuan/month ⚠)<br>`1.3 * dibao_standard` |" in en
    assert "| 20% | `20%` |" in en
    assert "| 510.00 元/月（6,120.00 元/年） |" in zh
    assert "⚠ local value to confirm with the county's published figure" in en
    assert "| `wage` | wage income (less the cost of employment) | 80% (1 − share of wage income deducted as the " \
           "cost of employment)<br>`1 - employment_cost_rate` |" in en
    assert "exclusive group `tier`, priority 1 of 4" in en and "互斥组 `tier`，第 1 位" in zh
    assert "absorbed by: minimum living guarantee (`dibao`) household" in en
    assert "**25 working days**, **40 working days** at most in special cases" in en
    assert "| whole number, 1 to 4; may be empty; given only with “type of disability” | — |" in en
    assert "整数，1 至 4；可为空；须与“残疾等级（1级最重）”同时填写" not in zh  # each names the other
    assert "可为空；须与“残疾类别”同时填写 | — |" in zh and "须与“残疾等级（1级最重）”同时填写 | — |" in zh
    assert policy_markdown(post, "en") == en  # the same policy gives the same bytes


def test_generated_policy_and_diff_pages_are_in_both_languages() -> None:
    pages = {**hooks.policy_pages(ROOT), **hooks.diff_pages(ROOT)}
    for path in SHIPPED:
        assert f"[中文]({path.stem}.zh.md) · **English**" in pages[f"policies/{path.stem}.md"]
        assert f"**中文** · [English]({path.stem}.md)" in pages[f"policies/{path.stem}.zh.md"]
    assert pages["policies/changes.md"].startswith("# Policy diff: `policy/2024-transition.yaml`")
    assert pages["policies/changes.zh.md"].startswith("# 政策差异")
    assert "`monitoring`" in pages["policies/changes.md"]


def test_every_page_in_the_navigation_exists() -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)

    def pages(nav: Any) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [p for item in nav for p in pages(item)]
        if isinstance(nav, dict):
            return [p for value in nav.values() for p in pages(value)]
        return []

    generated = set(hooks.generated_pages(ROOT))
    for page in pages(config["nav"]):
        assert page in generated or (ROOT / "docs" / page).is_file(), f"mkdocs.yml names {page}, which does not exist"
    assert "docs/hooks.py" in config["hooks"]


_LINK = re.compile(r"\]\(([^)#:\s]+\.md)(?:#[^)]*)?\)")
_SAID_BUILT = re.compile(r"when the site is\s+built|网站时")


def test_a_link_to_a_page_written_when_the_site_is_built_says_where_the_page_is() -> None:
    """A page docs/hooks.py writes at the build is in no folder of the repository: a reader of docs/ on GitHub or
    in a clone follows its link to nothing, unless the text around the link says the page is the built site's."""
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for section in re.split(r"^#+ ", text, flags=re.MULTILINE):
            for target in _LINK.findall(section):
                if not (page.parent / target).is_file():
                    assert _SAID_BUILT.search(section), f"{page.name} links to {target} without saying where it is"


# -- `policy doc` on the command line -------------------------------------------------------


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return invoke


def test_doc_prints_the_document(run, shipped: list[Policy]) -> None:  # type: ignore[no-untyped-def]
    result = run("doc", "policy/post-transition.yaml", "--lang", "en")
    assert result.exit_code == 0
    post = next(p for p in shipped if p.meta.version == "post-transition")
    assert result.output == policy_markdown(post, "en")


def test_doc_writes_a_file_atomically(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "过渡期.md"
    result = run("doc", "policy/2024-transition.yaml", "--lang", "zh", "-o", str(target))
    assert result.exit_code == 0
    assert f"已写入 {target}" in result.output  # (the --lang of the document is that of its messages)
    assert target.read_text(encoding="utf-8").startswith("# 湖南农村低收入人口认定与救助帮扶政策（过渡期）\n")
    assert [p.name for p in tmp_path.iterdir()] == ["过渡期.md"]


def test_doc_of_a_broken_policy_exits_2_with_a_located_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("test: per_capita_income < dibao_standard\n",
                                   "test: per_capita_income < dibao_standart\n"), encoding="utf-8")
    result = run("doc", str(broken), "--lang", "en", "-o", str(tmp_path / "out.md"))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: error\[C001\]: unknown name `dibao_standart`", result.output)
    chinese = run("doc", str(broken), "--lang", "zh", "-o", str(tmp_path / "out.md"))
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: 错误\[C001\]: 未知名称 `dibao_standart`", chinese.output)
    assert "did you mean `dibao_standard`?" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.md").exists()


def test_doc_of_a_file_that_is_not_yaml_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy: [unclosed\n", encoding="utf-8")
    result = run("doc", str(bad), "--lang", "en")
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "error[L" in result.output


def test_doc_usage_errors_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("doc", "policy/missing.yaml").exit_code == 2
    assert run("doc", "policy/post-transition.yaml", "--lang", "fr").exit_code == 2
    result = run("doc", "policy/post-transition.yaml", "-o", str(tmp_path / "no" / "such" / "dir.md"), "--lang", "en")
    assert result.exit_code == 2
    assert f"there is no folder {tmp_path / 'no' / 'such'} to write dir.md in" in result.output
    assert "Traceback" not in result.output


def test_doc_help_has_an_example(run) -> None:  # type: ignore[no-untyped-def]
    result = run("doc", "--help")
    assert result.exit_code == 0
    assert "policy doc policy/post-transition.yaml --lang en" in result.output


# -- the rule-language reference -----------------------------------------------------------


def _examples() -> list[str]:
    """Every code span in an `example` column of the rule-language page."""
    found = []
    lines = (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8").splitlines()
    column = None
    for line in lines:
        if not line.startswith("|"):
            column = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if column is None:
            column = cells.index("example") if "example" in cells else -1
        elif column >= 0 and not set(cells[0]) <= set("-"):
            found += [m for m in re.findall(r"`([^`]+)`", cells[column])]
    return found


def test_every_rule_language_example_parses_and_checks(shipped: list[Policy]) -> None:
    post = next(p for p in shipped if p.meta.version == "post-transition")
    examples = _examples()
    assert len(examples) > 60
    for example in examples:
        node = parse(example)
        problems = []
        for level in ("household", "member"):
            checker = Checker(post)
            checker.infer(node, level)  # type: ignore[arg-type]
            problems = [d.message for d in checker.diagnostics if d.severity == "error"]
            if not problems:
                break
        assert not problems, f"`{example}`: {problems}"


def test_every_construct_of_the_rule_language_has_an_example() -> None:
    nodes = [n for example in _examples() for n in parse(example).walk()]
    kinds = {type(n).__name__ for n in nodes}
    every_node = {c.__name__ for c in vars(ast).values()
                  if isinstance(c, type) and issubclass(c, ast.Node) and c not in (ast.Node, ast.Unparsed)}
    assert every_node <= kinds, every_node - kinds
    assert set(FUNCTIONS) <= {n.function for n in nodes if isinstance(n, ast.Call)}
    aggregates = [n for n in nodes if isinstance(n, ast.Aggregate)]
    assert set(ast.AGGREGATES) <= {n.function for n in aggregates}
    assert {(n.where is not None, n.value is not None) for n in aggregates} == {
        (False, False), (True, False), (False, True), (True, True)}
    assert set(_UNIT_NAMES.values()) <= {n.unit for n in nodes if isinstance(n, ast.Quantity)}
    assert {"<", "<=", ">", ">=", "==", "!="} <= {n.op for n in nodes if isinstance(n, ast.Compare)}
    assert {"+", "-", "*", "/"} <= {n.op for n in nodes if isinstance(n, ast.Arith)}
    ranges = {(n.low_closed, n.high_closed) for n in nodes if isinstance(n, ast.InRange)}
    assert ranges == {(True, True), (True, False), (False, True), (False, False)}
    assert {True, False} == {n.negated for n in nodes if isinstance(n, ast.InSet)}
    names = {n.dotted for n in nodes if isinstance(n, ast.Name)}
    assert {"today", "counted_income", "exempt_income", "rigid_expenses", "own_counted_income"} <= names
    for prefix in ("income.", "expenses.", "own_income.", "own_expenses."):
        assert any(name.startswith(prefix) for name in names), prefix


# -- editor support ------------------------------------------------------------------------


def _fenced(page: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", page, flags=re.S)


def test_editor_page_settings_point_at_the_shipped_schema() -> None:
    page = (ROOT / "docs" / "editor.md").read_text(encoding="utf-8")
    settings = [json.loads(block) for block in _fenced(page, "json")]
    schemas = next(s["yaml.schemas"] for s in settings if "yaml.schemas" in s)
    for schema_path in schemas:
        assert (ROOT / schema_path).resolve() == (ROOT / hooks.SCHEMA_FILE).resolve()
    for path in SHIPPED:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../engine/schema/policy.schema.json"
        assert first in page


def test_editor_task_problem_matcher_reads_policy_check_output(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "editor.md").read_text(encoding="utf-8")
    tasks = next(json.loads(b) for b in _fenced(page, "json") if "tasks" in json.loads(b))
    pattern = tasks["tasks"][0]["problemMatcher"]["pattern"]
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("test: assets.vehicles == 0\n", "test: assets.vehicle == 0\n", 1), encoding="utf-8")
    command = tasks["tasks"][0]["command"].split()
    assert command[:4] == ["policy", "check", "--lang", "en"], "the matcher reads `error` and `warning`"
    result = CliRunner().invoke(cli, [*command[1:-1], str(broken)])
    assert result.exit_code == 1
    matches = [m for m in (re.match(pattern["regexp"], line) for line in result.output.splitlines()) if m]
    assert matches, result.output
    found = matches[0]
    assert found.group(pattern["file"]) == str(broken)
    assert int(found.group(pattern["line"])) == text.splitlines().index("        test: assets.vehicles == 0") + 1
    assert found.group(pattern["severity"]) == "error" and found.group(pattern["code"]) == "C001"


YLS_VERSION = "1.25.0"  # .ci/run installs the same version


def _language_server() -> Path:
    """The yaml-language-server script: from POLICY_YAML_LANGUAGE_SERVER (set by .ci/run), else
    installed once with npm into the user's cache folder. Never skipped: without npm this fails."""
    configured = os.environ.get("POLICY_YAML_LANGUAGE_SERVER")
    if configured:
        assert Path(configured).is_file(), f"POLICY_YAML_LANGUAGE_SERVER={configured} does not exist"
        return Path(configured)
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policy" / f"yls-{YLS_VERSION}"
    script = cache / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if not script.is_file():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install yaml-language-server for the editor-support test"
        subprocess.run([npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--loglevel=error",
                        f"yaml-language-server@{YLS_VERSION}"], check=True, capture_output=True, timeout=300)
    return script


class LanguageClient:
    """Just enough of an LSP client: JSON-RPC over the server's stdin and stdout."""

    def __init__(self, script: Path, yaml_settings: dict[str, Any]):
        node = shutil.which("node")
        assert node, "node is needed to run yaml-language-server"
        self.settings = yaml_settings
        self.process = subprocess.Popen([node, str(script), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
            "workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": yaml_settings}})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if not line.strip():
                    break
                key, _, value = line.decode("ascii").partition(":")
                if key.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)["result"]

    def wait(self, wanted: Any, limit: float = 60) -> dict[str, Any]:
        """The next message `wanted` accepts, answering the server's own requests meanwhile."""
        while True:
            try:
                message = self.inbox.get(timeout=limit)
            except queue.Empty:
                raise AssertionError("yaml-language-server did not answer") from None
            assert message is not None, "yaml-language-server stopped"
            if message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                self._send({"id": message["id"],
                            "result": [self.settings if i.get("section") == "yaml" else None for i in items]})
            elif "method" in message and "id" in message:
                self._send({"id": message["id"], "result": None})
            elif wanted(message):
                return message

    def diagnostics(self, path: Path, text: str | None = None) -> list[dict[str, Any]]:
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": text if text is not None else path.read_text(encoding="utf-8")}})
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]  # type: ignore[no-any-return]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


BREAKAGES = {  # text of the shipped policy → a schema mistake an officer makes
    "    value: 510 yuan/month\n": "    valeu: 510 yuan/month\n",
    "  business:\n    counted: true\n": "  business:\n    counted: yes please\n",
    "  - id: dibao\n    level: household\n": "  - id: dibao\n    level: houshold\n",
    "  effective: {from: 2026-01-01}\n": "  effective: {from: 2026-13-01}\n",
}


def test_yaml_language_server_accepts_the_shipped_policies_and_reports_a_broken_one(tmp_path: Path) -> None:
    # the broken copy sits where the shipped modeline's relative path finds the schema
    (tmp_path / "engine" / "schema").mkdir(parents=True)
    shutil.copy(ROOT / hooks.SCHEMA_FILE, tmp_path / hooks.SCHEMA_FILE)
    (tmp_path / "policy").mkdir()
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    for old, new in BREAKAGES.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    broken = tmp_path / "policy" / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    client = LanguageClient(_language_server(), {"validate": True})
    try:
        found = client.diagnostics(broken)  # first, so the schema is loaded before the shipped files
        reported = {(d["range"]["start"]["line"], d["message"]) for d in found}
        assert (lines.index("    valeu: 510 yuan/month"), "Property valeu is not allowed.") in reported
        assert (lines.index("    counted: yes please"), 'Incorrect type. Expected "boolean".') in reported
        assert any(line == lines.index("    level: houshold") and "household" in message
                   for line, message in reported)
        assert any(line == lines.index("  effective: {from: 2026-13-01}") and "date" in message
                   for line, message in reported)
        assert all(d["severity"] == 1 for d in found)
        for path in SHIPPED:
            assert client.diagnostics(path) == [], path
    finally:
        client.close()


def test_yaml_language_server_completes_keys_through_the_settings(tmp_path: Path) -> None:
    schema_uri = (ROOT / hooks.SCHEMA_FILE).resolve().as_uri()
    client = LanguageClient(_language_server(), {"validate": True, "completion": True,
                                                 "schemas": {schema_uri: ["draft-*.yaml"]}})
    try:
        draft = tmp_path / "draft-1.yaml"
        text = "policy:\n  id: hunan.low-income\n  \n"
        found = client.diagnostics(draft, text)
        assert 'Missing property "categories".' in {d["message"] for d in found}
        result = client.request("textDocument/completion", {"textDocument": {"uri": draft.resolve().as_uri()},
                                                            "position": {"line": 2, "character": 2}})
        items = result["items"] if isinstance(result, dict) else result
        assert {"version", "title", "effective", "sources"} <= {item["label"] for item in items}
    finally:
        client.close()


# -- the diff page --------------------------------------------------------------------------


def test_diff_page_says_how_many_sample_households_move_as_the_diff_counts_them(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    speed = page.split("## Speed", 1)[1]
    said = re.search(r"hold no household category \(([\d,]+) of the 2,000 of `policy sample --n 2000`\),\s+and few "
                     r"of those move; (\d+)% of the households move — ([\d,]+) of those 2,000, [\d,]+ of the "
                     r"100,000 above\s+— and ([\d,]+) of the [\d,]+ are the households monitored", speed)
    assert said, "the Speed section no longer says how many sample households move"
    none, percent, moved, monitored = (int(x.replace(",", "")) for x in said.groups())
    sample = tmp_path / "s.jsonl"
    assert run("sample", "--n", "2000", "-o", str(sample)).exit_code == 0
    html = tmp_path / "report.html"
    impact = json.loads(run("diff", "policy/2024-transition.yaml", "policy/post-transition.yaml",
                            "--households", str(sample), "--format", "json", "--html", str(html), "--lang", "zh"
                            ).stdout)["impact"]
    households = impact["matrix"]["household"]
    # the HTML report's section speaks of the same households, and of the page they make
    page_of = re.search(r"the ([\d,]+) that move of the 2,000 households of `policy sample --n 2000`, those of\s+"
                        r"\[the speed section\]\(#speed\), make a page of about (\d+) kB", page)
    assert page_of, "the HTML report section no longer says how many sample households move"
    assert int(page_of[1].replace(",", "")) == len(impact["changed"])
    named = html.read_text(encoding="utf-8").replace(str(sample), "households.jsonl")  # as the page names it
    assert abs(int(page_of[2]) - len(named.encode("utf-8")) / 1000) <= 5
    assert none == sum(c["count"] for c in households if c["old"] == "none")
    assert moved == len(impact["changed"]) and percent == round(100 * moved / 2000)
    assert monitored == sum(1 for c in impact["changed"] if "monitoring" in c["old"]["categories"])
    assert monitored == sum(c["count"] for c in households if "monitoring" in c["old"].split("+"))
    assert f"for the fifth ({percent}%) that move" in speed  # where the time of the search for causes goes


def test_diff_page_speed_counts_are_what_the_benchmark_counts() -> None:
    """The counts of the benchmark run the Speed section shows, never its timings: the changes of the semantic
    diff and the households that move among the benchmark's 1,000 and 10,000 (the 100,000 take too long here)."""
    from bench.diff import DAY, sample_records, shipped_policies
    from engine.diff.changes import diff
    from engine.diff.impact_fast import fast_impact

    speed = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8").split("## Speed", 1)[1]
    shown = next(block for block in _fenced(speed, "") if block.startswith("$ python bench/diff.py"))
    changes = re.search(r"^semantic diff of the shipped policies: [\d.]+ ms, (\d+) changes;", shown, re.M)
    assert changes, "the Speed section no longer shows how many changes the semantic diff finds"
    moved = {int(n.replace(",", "")): int(changed.replace(",", ""))
             for n, changed in re.findall(r"^ +([\d,]+) .* ([\d,]+) +yes$", shown, re.M)}
    assert set(moved) == {1_000, 10_000, 100_000}
    old, new, doc_old, doc_new = shipped_policies()
    policy_diff = diff(old, new, doc_old, doc_new)
    assert int(changes[1]) == len(policy_diff.items)
    records = sample_records(10_000)
    for n in (1_000, 10_000):
        assert moved[n] == len(fast_impact(policy_diff, doc_old, doc_new, records[:n], DAY).changed), n
    assert f", {moved[100_000]:,} of the 100,000 above" in speed


def test_diff_page_summary_of_causes_is_what_the_diff_of_the_sample_prints(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The row of the summary of causes shown on the page, as the diff of `policy sample --n 2000` prints it:
    line for line and column for column, `[…]` standing for an article cited and `…` for text left out."""
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    lines = page.splitlines()
    start = next(k for k, line in enumerate(lines) if line.endswith("户  防止返贫监测对象 → 低保边缘家庭成员"))
    block = lines[start:lines.index("  ```", start)]
    sample = tmp_path / "s.jsonl"
    assert run("sample", "--n", "2000", "-o", str(sample)).exit_code == 0
    printed = run("diff", "policy/2024-transition.yaml", "policy/post-transition.yaml", "--households", str(sample),
                  "--lang", "zh").stdout.splitlines()
    shown = [re.compile("".join(r"\[[^]]+\]" if part == "[…]" else ".+?" if part == "…" else re.escape(part)
                                for part in re.split(r"(\[…\]|…)", line.removeprefix("  "))))
             for line in block]  # the block is indented as a part of its list item
    first = next(k for k, line in enumerate(printed) if shown[0].fullmatch(line))
    for pattern, line in zip(shown, printed[first:first + len(shown)], strict=True):
        assert pattern.fullmatch(line), (pattern.pattern, line)
    # and the lines the causes end with, of the moves resting on values to confirm and on grounds to confirm
    [confirm] = re.findall(r"`(⚠ [\d,]+ 户的类别变化取决于待确认的数值：[^`]+)`", page)
    assert f"  {confirm}" in printed
    [grounds] = re.findall(r"`(⚠ [\d,]+ 户的类别变化取决于待确认的认定条件：[^`]+)`", page)
    said = re.compile("  " + ".+?".join(re.escape(part) for part in grounds.split("…")))
    assert any(said.fullmatch(line) for line in printed), grounds


def test_diff_page_citations_are_what_the_diff_of_the_shipped_policies_prints(run) -> None:  # type: ignore[no-untyped-def]
    """The lines the page shows of the citations each change gives are lines of the shipped pair's report as printed,
    `…` standing for the lines left out: a label or a wording the policy changed since is not quoted as it was."""
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    lines = page.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("Each changed entry that cites an article"))
    opening = lines.index("```", start)
    block = lines[opening + 1:lines.index("```", opening + 1)]
    printed = run("diff", "policy/2024-transition.yaml", "policy/post-transition.yaml", "--lang", "zh").stdout
    shown = [line for line in block if line.strip() != "…"]
    assert len(shown) == 3 and all(f"{line}\n" in printed for line in shown), shown


# -- the formats page ----------------------------------------------------------------------


def test_formats_page_decision_is_what_eval_prints_for_its_household(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    household_text, decision_text = _fenced(page, "json")[:2]
    (tmp_path / "household.json").write_text(household_text, encoding="utf-8")
    result = run("eval", str(tmp_path / "household.json"), "--format", "json", "--date", "2026-03-01")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    shown = json.loads(decision_text)
    assert shown["policy"].pop("sha256") == "…"
    printed["policy"].pop("sha256")
    assert shown == printed
    assert json.dumps(shown) == json.dumps(printed)  # the same keys in the same order


def test_formats_page_input_errors_are_what_eval_prints(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    household = _fenced(page, "json")[0]
    for old, new in (('[{"type": "wage"', '[{"type": "salary"'),
                     ('"birth_date": "1979-10-21"', '"birth_date": "1952-13-01"')):
        assert household.count(old) == 1, old
        household = household.replace(old, new)
    (tmp_path / "household.json").write_text(household, encoding="utf-8")
    result = run("eval", "--lang", "en", str(tmp_path / "household.json"), "--date", "2026-03-01")
    assert result.exit_code == 2
    assert result.stderr.replace(f"{tmp_path}/", "") == _fenced(page, "text")[0]


# -- the testing page ----------------------------------------------------------------------


def test_testing_page_example_case_passes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    case = _fenced(page, "yaml")[0]
    folder = tmp_path / "tests" / "cases"  # where the example's ../../ paths find the policy and households
    folder.mkdir(parents=True)
    for name in ("policy", "examples"):
        (tmp_path / name).symlink_to(ROOT / name)
    (folder / "example.yaml").write_text(case, encoding="utf-8")
    result = run("test", "--lang", "en", str(folder / "example.yaml"))
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"1 passed, 0 failed (1 case file in {folder})\n")


def test_testing_page_shows_where_a_mistake_in_a_household_is(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    section = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8").split(
        "## A household with mistakes")[1].split("\n## ")[0]
    (case,), (shown,) = _fenced(section, "yaml"), _fenced(section, "text")
    (tmp_path / "tests" / "cases").mkdir(parents=True)
    (tmp_path / "policy").symlink_to(ROOT / "policy")
    (tmp_path / "tests" / "cases" / "widow.yaml").write_text(case, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output == shown


def test_testing_page_shows_what_policy_test_prints_for_a_policy_with_mistakes(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    shown = _fenced(page.split("## A policy with mistakes")[1], "text")[0]
    (tmp_path / "policy").mkdir()
    shutil.copy(ROOT / "policy" / "2024-transition.yaml", tmp_path / "policy")
    post = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    typo = post.replace("test: per_capita_income < dibao_standard\n", "test: per_capita_income ＜ dibao_standard\n", 1)
    (tmp_path / "policy" / "post-transition.yaml").write_text(typo, encoding="utf-8")
    shutil.copytree(ROOT / "tests" / "cases", tmp_path / "tests" / "cases")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output == shown


# -- evaluation errors in the catalogue ----------------------------------------------------

EVALUATION_ERRORS = {  # code → how docs/errors.md breaks the post-transition policy for its example
    "E001": {"test: per_capita_income < dibao_standard\n":
             "test: counted_income / count(members where age >= 60) < dibao_standard\n"},
    "E002": {'test: supporter in {"none", "unable"}\n': "test: disability_grade + 1 > 2\n"},
    "E003": {"    value: counted_income / household_size\n":
             "    value: counted_income / household_size + min(members where disability_grade <= 2, "
             "own_counted_income)\n"},
}


def _catalogue_entry(code: str) -> str:
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return next(s for s in re.split(r"^## ", page, flags=re.MULTILINE) if s.startswith(f"{code} — "))


def _eval_of(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str = "en") -> str:
    """What `policy eval household.json --lang LANG` prints, failing, for a household file that holds `text`."""
    (tmp_path / "household.json").write_text(text, encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["eval", "--lang", lang, str(tmp_path / "household.json")],
                                catch_exceptions=False)
    assert result.exit_code == 2
    return result.stderr.replace(f"{tmp_path}/", "")


def test_errors_page_shows_a_household_finding_in_chinese_as_eval_says_it(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    intro = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8").split("\n## ")[0]
    household = _fenced(_catalogue_entry("H002"), "json")[0]
    shown = next(block for block in _fenced(intro, "text") if "错误[H002]" in block)
    assert _eval_of(household, tmp_path, monkeypatch, "zh") == shown


def test_errors_page_shows_how_eval_ends_the_findings_of_a_policy_with_errors(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    intro = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8").split("\n## ")[0]
    shown = next(block for block in _fenced(intro, "text") if "没有认定任何家庭" in block)
    (tmp_path / "policy").mkdir()
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    (tmp_path / "policy" / "post-transition.yaml").write_text(
        text.replace("test: per_capita_income < dibao_standard\n", "test: per_capita_income < dibao_standart\n", 1),
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    household = ROOT / "examples" / "households" / "DS-0001-dibao-widow.json"
    result = CliRunner().invoke(cli, ["eval", str(household), "--policy", "policy/post-transition.yaml", "--lang",
                                      "zh"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == shown
    english = CliRunner().invoke(cli, ["eval", str(household), "--policy", "policy/post-transition.yaml", "--lang",
                                       "en"], catch_exceptions=False)
    said = " ".join(intro.split("(`--lang en`: ``")[1].split("``")[0].split())
    assert english.stderr.splitlines()[-1] == said


def test_benchmarks_page_says_how_long_the_shipped_policies_are() -> None:
    page = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    found = re.search(r"load \+ check a shipped policy \((\d+)–(\d+) lines", page)
    assert found is not None
    lengths = sorted(len(path.read_text(encoding="utf-8").splitlines()) for path in SHIPPED)
    assert [int(found[1]), int(found[2])] == [lengths[0], lengths[-1]]


# The YAML slips docs/errors.md tells of in prose, each made in a copy of the shipped policy: the line it changes
# (found by its text, not its number), what it becomes, and what of `policy check`'s finding the page quotes (its
# message or help, in English or Chinese), which names lines of the shipped file that move as the file is edited.
_HELP, _MESSAGE, _ZH_MESSAGE = ("en", "help"), ("en", "message"), ("zh", "message")
_SLIPS_IN_PROSE = {
    "a line between keys of another indentation": (r"^    share: 1 - employment_cost_rate$",
                                                   "   share: 1 - employment_cost_rate", [_HELP]),
    "a new indicator a column off": (r"^(  # a weak capacity to work)", "   water_source_unsafe:\n"
                                     "     test: not drinking_water.safe\n"
                                     "     label: {zh: 水源不安全, en: unsafe source}\n\\1", [_HELP]),
    "a share on an expense type": (r"^(    label: \{zh: 医疗费用（个人自付部分）.*)$", r"\1\n    share: 120%",
                                   [_HELP, ("zh", "help")]),
    "a confirm on a measure": (r"^(    amount: tekun_standard \* 1 month)$", r"\1\n    confirm: {zh: 待定, en: to do}",
                               [_HELP, ("zh", "help")]),
    "the first key under a parameter at column 2": (r"^    value: 510 yuan/month$", " value: 510 yuan/month", [_HELP]),
    "a parameter's name at the left margin": (r"^  tekun_standard:$", "tekun_standard:", [_HELP]),
    "the first key under a parameter moved out": (r"^    value: 510 yuan/month$", "   value: 510 yuan/month", [_HELP]),
    "a parameter's key moved out": (r"^    confirm: (.*)(?=\n  disposable_income_line:)", r"  confirm: \1",
                                    [_MESSAGE, _HELP, _ZH_MESSAGE]),
    "a parameter's name moved in": (r"^  tekun_standard:$", "    tekun_standard:", [_MESSAGE, _HELP, _ZH_MESSAGE]),
    "a quote not closed on its line": (r"^        test: per_capita_income < dibao_standard$",
                                       '        test: "per_capita_income < dibao_standard', [_HELP]),
    "a clause's source moved out": (r"^        source: (.*)(?=\n\n  - id: dibao\n)", r"    source: \1",
                                    [_MESSAGE, _HELP]),
    "a clause moved out": (r"^      - id: income$", "    - id: income", [_HELP]),
    "a clause pasted in the column of the categories": (
        r"^(      - id: rigid_burden)$", "  - id: no_vehicle\n    label: {zh: 无机动车辆, en: no motor vehicle}\n"
        "    test: assets.vehicles == 0\n    source: dsz-2024-47 附件1\n\\1", [_MESSAGE, _HELP, _ZH_MESSAGE]),
    "a key moved in under a measure": (r"^(    department: disability_federation)$", r"\1\n      per: year", [_HELP]),
    "a list item with a full-width dash": (r"^      - id: no_extra_house$", "      － id: no_extra_house", [_HELP]),
    "a measure's when as a list": (r"^    when: housing_unsafe and in_any_category$",
                                   "    when:\n      - housing_unsafe\n      - in_any_category", [_MESSAGE, _HELP]),
    "a measure's when as clauses": (r"^    when: housing_unsafe and in_any_category$",
                                    "    when:\n      - id: unsafe\n        label: {zh: 住房, en: housing}\n"
                                    "        test: housing_unsafe\n      - id: poor\n"
                                    "        label: {zh: 低收入, en: poor}\n        test: in_any_category", [_HELP]),
    "a parameter's figure and its unit as a list": (r"^    value: 510 yuan/month$", "    value: [510, month]",
                                                    [_HELP]),
    "a parameter's figure and a unit the language has not, as a list": (
        r"^    value: 510 yuan/month$", "    value: [510, dollars]", [_HELP]),
    "a parameter's figure and a word that is no unit, on its line": (r"^    value: 510 yuan/month$",
                                                                      "    value: 510 dollars", [_MESSAGE, _HELP]),
    "a parameter's figure and a slip of its unit, on its line": (r"^    value: 510 yuan/month$",
                                                                  "    value: 510 yaun/month", [_HELP]),
    "a parameter's figure and its period alone, as a list": (r"^    value: 510 yuan/month$", "    value: [24, month]",
                                                             [_HELP]),
    "an amount as a list, its operator in an item": (r"^    amount: tekun_standard \* 1 month$",
                                                     '    amount:\n      - tekun_standard\n      - "* 1 month"',
                                                     [_HELP]),
    "an amount as a list, its operator left out": (r"^    amount: tekun_standard \* 1 month$",
                                                   "    amount: [tekun_standard, 1 month]", [_HELP]),
    "a standard written as a percentage": (r"^    value: 510 yuan/month$", "    value: 5.1%", [_MESSAGE, _HELP]),
    "a standard written as a percentage with a unit": (r"^    value: 510 yuan/month$", "    value: 5.36% yuan/month",
                                                        [_MESSAGE, _HELP]),
    "a standard without its unit, in a measure's amount": (r"^    value: 1\.3 \* dibao_standard$", "    value: 200",
                                                          [_MESSAGE, _HELP]),
    "a share in tenths": (r"^(  rigid_expense_share:\n    )value: 50%$", r"\1value: 六成", [_MESSAGE, _HELP]),
    "a count of months without its unit": (r"^    value: 24 months$", "    value: 24", [_MESSAGE, _HELP]),
    "a dotted input field run into a keyword": (r'^    test: housing\.safety_grade in \{"C", "D"\}$',
                                                '    test: housing.safety_gradein {"C", "D"}',
                                                [_MESSAGE, _HELP, ("zh", "help")]),
    "a section written twice": (r"\Z", "indicators:\n  extra:\n    test: age > 1\n    label: {zh: 额外, en: extra}\n",
                                [_HELP]),
}


@pytest.mark.parametrize("slip", sorted(_SLIPS_IN_PROSE))
def test_errors_page_says_what_check_says_of_a_slip_in_the_shipped_policy_with_its_lines(
        slip: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, replacement, quoted = _SLIPS_IN_PROSE[slip]
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, slip
    (tmp_path / "post-transition.yaml").write_text(edited, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    page = " ".join((ROOT / "docs" / "errors.md").read_text(encoding="utf-8").split())
    for lang, part in quoted:
        said = CliRunner().invoke(cli, ["--lang", lang, "check", "post-transition.yaml"]).output.splitlines()
        if part == "message":
            shown = said[0].split("]: ", 1)[1].removeprefix("not valid YAML: ")
        else:
            shown = next(line for line in said if line.startswith(("  help: ", "  提示："))).split("：" if lang == "zh"
                                                                                                 else ": ", 1)[1]
        assert shown in page, (slip, lang, shown)


@pytest.mark.parametrize("code", ["H001", "H002"])
def test_errors_page_shows_what_eval_prints_for_its_household(code: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    body = _catalogue_entry(code)
    assert _eval_of(_fenced(body, "json")[0], tmp_path, monkeypatch) == _fenced(body, "text")[0]


def test_errors_page_shows_what_eval_prints_for_a_policy_given_as_a_household(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _fenced(_catalogue_entry("H001"), "text")[1]
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["eval", "--lang", "en", "policy/post-transition.yaml"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == shown


HOUSEHOLD_ERRORS = {  # (code, example of its entry) → how docs/errors.md changes DS-0001 for it
    ("H001", 3): {'"id": "DS-0001",': '"id": "DS-0001", "id": "DS-0002",'},
    ("H001", 4): {'"agriculture", "amount": 6000': '"agriculture", "amount": ６０００'},
    ("H001", 5): {'"wage", "member": "p1", "amount": 3000}': '"wage", "member": "p1", "amount": 12,000}'},
    ("H001", 6): {'  ],\n  "expenses"': '  ]\n  "expenses"'},
    ("H002", 1): {'"wage", "member": "p1", "amount": 3000}': '"wage", "member": "p1", "amount": "12,000"}'},
    ("H002", 2): {'"date": "2025-06-01"': '"date": 45292'},
    ("H002", 3): {'"agriculture", "amount": 6000': '"agriculture", "amount": -2000'},  # a loss, shown in Chinese
    ("H003", 0): {'{"type": "wage"': '{"type": "salary"'},
    ("H004", 0): {'"type": "education", "member": "p2"': '"type": "education", "member": "p3"'},
    ("H005", 0): {'{"id": "p2"': '{"id": "p1"',
                  '"type": "education", "member": "p2"': '"type": "education", "member": "p1"'},
    ("H006", 0): {'"birth_date": "2012-09-05"': '"birth_date": "2030-01-01"'},
    ("H008", 0): {'"disability_grade": null, "disability_type": null, "labor_capacity": "full"':
                  '"disability_grade": 2, "disability_type": null, "labor_capacity": "full"'},
    ("L008", 1): {'"date": "2025-06-01"': '"date": "2024-01-01"'},  # a household's own date: its error, at it
}


@pytest.mark.parametrize(("code", "example"), sorted(HOUSEHOLD_ERRORS))
def test_errors_page_shows_what_eval_prints_for_the_example_household_changed(
        code: str, example: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    for old, new in HOUSEHOLD_ERRORS[(code, example)].items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    shown = _fenced(_catalogue_entry(code), "text")[example]
    assert _eval_of(text, tmp_path, monkeypatch, "zh" if "错误[" in shown else "en") == shown


def test_policy_files_page_shows_what_eval_says_in_chinese_of_a_grade_without_its_type(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "policy-files.md").read_text(encoding="utf-8")
    shown = next(block for block in _fenced(page, "text") if "H008" in block)
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    for old, new in HOUSEHOLD_ERRORS[("H008", 0)].items():
        text = text.replace(old, new)
    assert _eval_of(text, tmp_path, monkeypatch, "zh") == shown


def test_errors_page_shows_what_eval_warns_of_a_line_given_twice_and_still_decides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = _catalogue_entry("H009")
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    farm = '{"type": "agriculture", "amount": 6000}'
    assert text.count(farm) == 1
    (tmp_path / "household.json").write_text(
        text.replace(farm, farm + ',\n    {"type": "wage", "member": "p1", "amount": 3000}'), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    for lang in ("en", "zh"):
        result = CliRunner().invoke(cli, ["eval", "--lang", lang, str(tmp_path / "household.json")],
                                    catch_exceptions=False)
        assert result.exit_code == 0 and result.stdout, result.stderr  # decided, and warned of
        said = result.stderr.replace(f"{tmp_path}/", "")
        if lang == "en":
            assert said == _fenced(body, "text")[0]
        else:
            assert said.splitlines()[0].split("警告[H009]: ")[1] in body.replace("\n", "")


def test_errors_page_shows_what_eval_warns_of_two_households_of_one_id_and_still_decides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    (tmp_path / "b.json").write_text(text.replace('"amount": 3000', '"amount": 9000'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["eval", "--lang", "en", "--policy-dir", str(ROOT / "policy"), "a.json",
                                      "b.json"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.count("Household DS-0001:") == 2
    assert result.stderr == _fenced(_catalogue_entry("H005"), "text")[1]


def test_errors_page_shows_what_eval_warns_of_a_medical_bill_of_no_member_and_how_it_explains_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = _catalogue_entry("H010")
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    bill = '{"type": "medical", "member": "p1", "amount": 3000}'
    assert text.count(bill) == 1
    (tmp_path / "household.json").write_text(text.replace(bill, '{"type": "medical", "amount": 3000}'),
                                             encoding="utf-8")
    monkeypatch.chdir(ROOT)
    flat = body.replace("\n", " ")
    for lang in ("en", "zh"):
        result = CliRunner().invoke(cli, ["eval", "--lang", lang, "--explain", str(tmp_path / "household.json")],
                                    catch_exceptions=False)
        assert result.exit_code == 0 and result.stdout, result.stderr  # decided, and warned of
        said = result.stderr.replace(f"{tmp_path}/", "")
        zero = next(line for line in result.stdout.splitlines() if "expenses[0]" in line)
        if lang == "en":
            assert said == _fenced(body, "text")[0]
            assert zero.split("medical insurance: ")[1].split("  [")[0] in flat
        else:
            assert said.splitlines()[0].split("警告[H010]: ")[1] in body.replace("\n", "")
            assert zero.split("医保部门：")[1].split("  [")[0] in body.replace("\n", "")


DOUBTS = {  # code → how docs/errors.md changes DS-0001 for its warning
    "H011": {'"relation": "child"': '"relation": "head"'},
    "H012": {'"relation": "head"': '"relation": "spouse"'},
    "H013": {'{"type": "agriculture", "amount": 6000}':
             '{"type": "agriculture", "amount": 6000},\n    {"type": "pension", "member": "p1", "amount": 150}'},
    "H014": {'{"type": "agriculture", "amount": 6000}':
             '{"type": "agriculture", "amount": 6000},\n    {"type": "alimony", "member": "p1", "amount": 2400}'},
    "H016": {'"id": "DS-0001"': '"id": "C:\\new"'},
}


def test_policy_files_page_shows_what_eval_says_in_chinese_of_a_pension_written_for_the_month(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "policy-files.md").read_text(encoding="utf-8")
    shown = next(block for block in _fenced(page, "text") if "H013" in block)
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    for old, new in DOUBTS["H013"].items():
        text = text.replace(old, new)
    (tmp_path / "household.json").write_text(text, encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["eval", "--lang", "zh", str(tmp_path / "household.json")], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout
    assert result.stderr.replace(f"{tmp_path}/", "") == shown


@pytest.mark.parametrize("code", sorted(DOUBTS))
def test_errors_page_shows_what_eval_warns_of_a_doubtful_household_and_still_decides(
        code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8")
    for old, new in DOUBTS[code].items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    _warned_as_the_errors_page_says(code, text, tmp_path, monkeypatch)


def test_errors_page_shows_what_eval_warns_of_a_member_unable_to_work_whose_spouse_earns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sick = ROOT / "tests" / "fixtures" / "households" / "K07-supporter-none-but-working-spouse.json"
    _warned_as_the_errors_page_says("H015", sick.read_text(encoding="utf-8"), tmp_path, monkeypatch,
                                    "--date", "2026-03-01")


def _warned_as_the_errors_page_says(code: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    *options: str) -> None:
    """What `policy eval` says of the household `text` is the entry's example, in English, and quoted in Chinese."""
    body = _catalogue_entry(code)
    (tmp_path / "household.json").write_text(text, encoding="utf-8")
    monkeypatch.chdir(ROOT)
    for lang in ("en", "zh"):
        result = CliRunner().invoke(cli, ["eval", "--lang", lang, *options, str(tmp_path / "household.json")],
                                    catch_exceptions=False)
        assert result.exit_code == 0 and result.stdout, result.stderr  # decided, and warned of
        said = result.stderr.replace(f"{tmp_path}/", "")
        if lang == "en":
            assert said == _fenced(body, "text")[0]
        else:  # the Chinese is quoted in the entry, message and help, as one text
            flat = body.replace("\n", "")
            message, help = said.splitlines()[0].split(f"警告[{code}]: ")[1], said.splitlines()[-1]
            assert message in flat and help.removeprefix("  提示：") in flat, said


@pytest.mark.parametrize("code", sorted(EVALUATION_ERRORS))
def test_errors_page_shows_what_eval_prints_for_an_evaluation_error(code: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    body = _catalogue_entry(code)
    shown = _fenced(body, "text")[0]
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    for old, new in EVALUATION_ERRORS[code].items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "my-policy.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    command = "eval examples/households/DS-0001-dibao-widow.json --policy policy/my-policy.yaml --date 2026-03-01"
    if code == "E001":
        assert f"`policy {command}`" in body
    result = CliRunner().invoke(cli, [*command.split(), "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == shown


def test_nothing_a_user_reads_cites_a_design_file_they_do_not_have() -> None:
    readable = [*(ROOT / "docs").glob("*.md"), ROOT / "README.md", ROOT / "examples" / "households" / "README.md"]
    for path in readable:
        assert "DESIGN" not in path.read_text(encoding="utf-8"), path
    for path, command in [((), cli), *((p, c) for p in _command_paths(cli) for c in [_command(p)])]:
        texts = [command.help or "", *(getattr(param, "help", None) or "" for param in command.params)]
        assert not any("DESIGN" in text for text in texts), f"policy {' '.join(path)} --help"


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


MONITOR_SWITCH_QUOTES = [  # what docs/monitor.md quotes of the alerts of the switch, `…` where it cuts a list
    "Policy values changed for every household: 2024-transition → post-transition (6)",
    "rural minimum living standard (dibao standard) 490.00 → 510.00 yuan/month",
    "basic living standard for persons in extreme poverty 637.00 → 663.00 yuan/month",
    "minimum living guarantee (dibao) household · per-capita income below the dibao standard: fails → holds "
    "(annual per-capita income 5,880.00, unchanged, line 5,880.00 → 6,120.00)",
    "other person in hardship · per-capita income after rigid expenses and losses below the line for other persons "
    "in hardship: holds ((counted income − rigid expenses − losses from disasters and accidents) ÷ household size "
    "4,900.00, line 7,600.00)",
    "household on the margin of dibao: “minimum living guarantee (dibao) household” comes first in the same "
    "group and applies now",
    "household monitored against returning to poverty: abolished from 2026-01-01, absorbed by “minimum living "
    "guarantee (dibao) household”, … and “other person in hardship”; this household meets none of them: assistance "
    "stops (source: Dashi Town Doc. [2024] No. 47 Part II.1 (unifying the system of standards))",
    "…；本户不符合其中任何一类：停止救助（依据 大政发〔2024〕47号 二、1 统一标准体系）",
]


# no household told the same loses a category at the switch but to one that comes first or to the abolition: the
# page's "now fails" is of DS-0006 told after it that its flood is more than a year back
MONITOR_FLOOD_GONE_QUOTE = ("other person in hardship · per-capita income after rigid expenses and losses below the "
                            "line for other persons in hardship: fails ((counted income − rigid expenses − losses "
                            "from disasters and accidents) ÷ household size 10,666.67, line 7,600.00)")


def test_monitor_page_shows_what_the_alerts_of_the_switch_print(tmp_path: Path) -> None:
    from tests.helpers import flood_gone_register, switch_register

    page = " ".join((ROOT / "docs" / "monitor.md").read_text(encoding="utf-8").split())
    (tmp_path / "all").mkdir()
    (tmp_path / "flood").mkdir()
    switch = switch_register(tmp_path / "all")
    quoted = [*((quote, switch) for quote in MONITOR_SWITCH_QUOTES),
              (MONITOR_FLOOD_GONE_QUOTE, flood_gone_register(tmp_path / "flood"))]
    for quote, db in quoted:
        assert f"`{quote}`" in page, quote
        lang = "zh" if re.search("[\u4e00-\u9fff]", quote) else "en"
        output = CliRunner().invoke(cli, ["monitor", "alerts", "--db", db, "--lang", lang],
                                    catch_exceptions=False).output
        found = re.search(".*".join(re.escape(part) for part in quote.split("…")), output)
        assert found, quote


def test_policy_doc_shows_plausible_ranges_with_their_hints(shipped: list[Policy]) -> None:
    post = next(p for p in shipped if p.meta.version == "post-transition")
    en, zh = policy_markdown(post, "en"), policy_markdown(post, "zh")
    assert ("| `pension` | pensions (other than the basic residents' pension) | 100% |  | 600.00 to 200,000.00 "
            "yuan/year; if below: was the monthly amount written as the yearly one? | Dashi Town") in en
    assert "| 600.00 至 200,000.00 元/年；低于时提示：是否把月额当成了年额？ | 大政发〔2024〕47号 附件1" in zh
    assert ("| amount (yuan) ≥ 0 | at least 100.00 yuan; if below: were the deposits written in units of "
            "ten thousand yuan (万元)? | 0 |") in en
    assert "| 金额（元） ≥ 0 | 不低于 100.00 元；低于时提示：存款是否以万元填写？ | 0 |" in zh
    assert "| Field | Name | Counted share | Note | Plausible range | Source |" in en
    # a table none of whose rows declares a range has no column for one
    assert "| Field | Name | Rigid expense | Note | Source |" in en and "| 字段 | 名称 | 刚性支出 | 说明 | 依据 |" in zh
    assert "warned of (H013)" in en and "给出警告（H013）" in zh


def _post_transition_with(tmp_path: Path, written: str, added: str) -> Policy:
    """The post-transition policy with `added` written after `written`, loaded from a copy."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    assert written in text
    target = tmp_path / "ranged.yaml"
    target.write_text(text.replace(written, written + added), encoding="utf-8")
    return load_policy(target, raw=target.read_bytes())[0]


def test_policy_doc_shows_a_whole_number_range_and_a_hint_in_the_one_language_given(tmp_path: Path) -> None:
    policy = _post_transition_with(tmp_path, "assets.vehicles: {type: integer, default: 0, minimum: 0, ",
                                   "plausible: {max: 3, if_above: {en: 'was the value of the vehicles written?'}}, ")
    en, zh = policy_markdown(policy, "en"), policy_markdown(policy, "zh")
    assert "| whole number ≥ 0 | at most 3; if above: was the value of the vehicles written? | 0 |" in en
    assert "| 整数 ≥ 0 | 不高于 3；高于时提示：was the value of the vehicles written? | 0 |" in zh


def test_policy_doc_words_fixed_amounts_absorbing_categories_and_ranges_as_explanations_do(tmp_path: Path) -> None:
    """A fixed grant, held by a parameter to confirm, as `--explain` says what it grants (`1,000.00 元/年`) with its
    rule beside it, and its option naming the parameter; the categories that absorb an abolished one listed with
    `、`; a range's ends run on after `在`/`与` where they are words."""
    policy = _post_transition_with(tmp_path, "when: member_in_category and disability_grade in [1, 4]",
                                   " and per_capita_income in [dibao_standard, 1.5 * dibao_standard)")
    zh, en = policy_markdown(policy, "zh"), policy_markdown(policy, "en")
    assert "| 1,000.00 元/年（≈83.33 元/月） | `1000 yuan/year` |" in zh
    assert "| 1,000.00 yuan/year (≈83.33 yuan/month) | `1000 yuan/year` |" in en
    assert "| 义务教育阶段生活补助标准（1,000.00 元/年 ⚠）<br>`education_grant_compulsory` |" in zh
    assert "— 自 2026-01-01 起取消；并入：最低生活保障对象（`dibao`）、特困人员（`tekun`）、" in zh
    assert "（`other_hardship`）；依据：" in zh
    assert "— abolished from 2026-01-01; absorbed by: minimum living guarantee (`dibao`) household, person in " \
           "extreme poverty (`tekun`)" in en
    ranged = "残疾等级（1级最重）在 1（含）与 4（含）之间 且 家庭年人均收入在农村最低生活保障标准（含）与 1.5 × " \
             "农村最低生活保障标准（不含）之间"
    # the document gives the standard's figure where the range first names it, in the bracket of its end
    figured = ranged.replace("农村最低生活保障标准（含）", "农村最低生活保障标准（510.00 元/月 ⚠，含）")
    assert f"- 条件：本人属于低收入人口（所在家庭属于任一类别或本人为特困人员） 且 {figured}\n" in zh
    [measure] = [a for a in policy.assistance if a.options[0].when.text.endswith("1.5 * dibao_standard)")]
    for lang, said in (("zh", ranged), ("en", "annual per-capita income between rural minimum living "
                                             "standard (dibao standard) (included) and 1.5 × rural minimum")):
        assert said in static_for(policy).phrases(lang).wording.condition(measure.options[0].when.node)  # explains


def test_policy_doc_says_income_not_counted_as_explanations_do(shipped: list[Policy]) -> None:
    for policy in shipped:
        en, zh = policy_markdown(policy, "en"), policy_markdown(policy, "zh")
        assert "### Income not counted\n" in en and "Exempt income" not in en and "an exempt type" not in en
        assert "### 不计入家庭收入\n" in zh and "豁免" not in zh


def test_testing_page_shows_what_policy_test_warns_of_a_case_with_a_bill_of_no_member(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    section = page.split("A case whose household is valid but most likely holds a slip")[1]
    (case,), shown = _fenced(section.split("```text")[0], "yaml"), _fenced(section, "text")[0]
    (tmp_path / "tests" / "cases").mkdir(parents=True)
    (tmp_path / "policy").symlink_to(ROOT / "policy")
    (tmp_path / "tests" / "cases" / "rigid.yaml").write_text(case, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["test", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 0  # warned, and passed
    assert result.output == shown
    chinese = CliRunner().invoke(cli, ["test", "--lang", "zh"], catch_exceptions=False)
    assert chinese.output.splitlines()[-1] in section.replace("\n", "")


def test_diff_page_shows_what_diff_warns_of_a_household_with_a_bill_of_no_member_and_how_the_report_counts_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    shown = next(block for block in _fenced(page, "text") if "warning[H010]" in block)
    household = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    household["expenses"] = [{"type": "medical", "amount": 3000}]
    (tmp_path / "households.jsonl").write_text(json.dumps(household, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["diff", "policy/2024-transition.yaml", "policy/post-transition.yaml",
                                      "--households", str(tmp_path / "households.jsonl"), "--date", "2026-03-01",
                                      "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    assert shown in result.stderr.replace(f"{tmp_path}/", "")
    counted = next(block for block in _fenced(page, "text") if block.startswith("Households warned of"))
    assert counted in result.stdout.replace(f"{tmp_path}/", "")  # and the report counts it


def test_sample_page_shares_are_what_the_shipped_policies_decide_of_the_sample(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """docs/sample.md's "What they add up to", measured as it says: the 100,000 households of seed 1 decided by each
    shipped policy with `policy batch --policy`; each share as the table rounds it."""
    households = tmp_path / "h.jsonl"
    assert run("sample", "--n", "100000", "--seed", "1", "-o", str(households)).exit_code == 0
    members = sum(len(json.loads(line)["members"]) for line in households.open(encoding="utf-8"))
    page = (ROOT / "docs" / "sample.md").read_text(encoding="utf-8")
    table = page.split("## What they add up to", 1)[1].split("\n\n")[2]
    rows = {cells[0]: cells[1:] for cells in ([c.strip() for c in line.strip("|").split("|")]
                                               for line in table.splitlines()[2:])}
    lines = {"2024-transition": (5880, 8820, 7300, 20921), "post-transition": (6120, 9180, 7600, 22300)}
    for column, version in enumerate(("2024-transition", "post-transition")):
        out, summary = tmp_path / f"{version}.jsonl", tmp_path / f"{version}.json"
        result = run("batch", str(households), "-o", str(out), "--policy", str(ROOT / "policy" / f"{version}.yaml"),
                     "--summary", str(summary), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        said = json.loads(summary.read_text(encoding="utf-8"))
        n = said["households"]
        measured = {"households in no category, with no tekun member": f"{100 * said['in_no_category'] / n:.1f}%"}
        for category in said["categories"]:
            if category["level"] == "member":
                measured[f"`{category['id']}` members, of all members"] = f"{100 * category['count'] / members:.1f}%"
            else:
                measured[f"`{category['id']}` households"] = f"{100 * category['count'] / n:.1f}%"
        near = [0, 0, 0, 0]
        for line in out.open(encoding="utf-8"):
            income = float(json.loads(line)["values"]["per_capita_income"])
            for k, at in enumerate(lines[version]):
                near[k] += abs(income - at) <= 0.05 * at
        measured["households with per-capita income within 5% of the dibao standard / margin line / monitoring line / "
                 "disposable-income line"] = " / ".join(f"{100 * k / n:.1f}" for k in near) + "%"
        for row, cells in rows.items():
            assert cells[column] == measured.get(row, "—"), (version, row, measured.get(row))


def test_ci_runs_the_readme_test_command_and_fails_when_its_install_fails() -> None:
    """README's second command is what `.ci/run` runs (quietly), in a subshell: under `set -e`, a failure of any
    command of an `&&` list but its last is passed over, so a failed install would reach ruff and a green run with
    no test run."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "pip install -e '.[test]' && python -m pytest"
    assert f"```sh\n{command}\n```" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert f"({command.replace('install -e', 'install --quiet -e')})\n" in ci


@pytest.mark.parametrize(("lang", "window"), [("zh", "2026-01-01 – 长期有效"), ("en", "2026-01-01 – open-ended")])
def test_policy_doc_says_an_open_ended_window_one_way(shipped: list[Policy], lang: str, window: str) -> None:
    post = next(p for p in shipped if p.meta.version == "post-transition")
    text = policy_markdown(post, lang)
    assert f"| {WORDS[lang]['in_force']} | {window} |" in text
    assert WORDS[lang]["param_intro"].format(window=window) in text  # not `2026-01-01 – …` a few lines below


DSZ_EN = ("Dashi Town Doc. [2024] No. 47: implementation plan of the Dashi town pilot merging the assistance against "
          "returning to poverty with the regular assistance to the rural low-income population")
MZ_EN = ("MCA Doc. [2021] No. 43: notice of the Ministry of Civil Affairs issuing the Measures for Identifying Persons "
         "in Extreme Poverty")


def test_policy_doc_names_each_source_by_its_title_in_the_reader_s_language(shipped: list[Policy]) -> None:
    """An English reader is not left with the Chinese title of the documents the rules cite; a Chinese one keeps it."""
    for policy in shipped:
        en, zh = policy_markdown(policy, "en"), policy_markdown(policy, "zh")
        for source, title, date in (("dsz-2024-47", DSZ_EN, "2024-07-16"), ("mz-2021-43", MZ_EN, "2021-04-26")):
            escaped = title.replace("[", "\\[").replace("]", "\\]")  # `[2024]` as written, not a link's text
            assert f"- `{source}`: {escaped} ({date})\n" in en
        assert "大市镇" not in en and "特困人员认定办法" not in en
        assert "- `dsz-2024-47`：大政发〔2024〕47号 大市镇防止返贫帮扶政策和农村低收入人口常态化帮扶政策" \
               "衔接并轨试点工作实施方案（2024-07-16）\n" in zh
        assert "- `mz-2021-43`：民发〔2021〕43号 民政部关于印发《特困人员认定办法》的通知（2021-04-26）\n" in zh


def test_a_source_title_written_as_one_text_is_shown_in_either_language(tmp_path: Path) -> None:
    """A file written before titles had languages keeps loading, and shows its one title to every reader."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    start = text.index("      title: {zh: 民发")
    end = text.index("      cited_as: {zh: 民发")
    path = tmp_path / "post-transition.yaml"
    path.write_text(text[:start] + "      title: 民发〔2021〕43号 特困人员认定办法\n" + text[end:], encoding="utf-8")
    policy, diagnostics = load_policy(path)
    assert policy is not None and not [d for d in diagnostics if d.severity == "error"], diagnostics
    for lang in ("en", "zh"):
        assert "民发〔2021〕43号 特困人员认定办法" in policy_markdown(policy, lang)


def test_policy_doc_in_chinese_brackets_and_separates_as_chinese_prose_does(shipped: list[Policy]) -> None:
    """`（…，…）` and `；` in Chinese prose; the comma that groups thousands (`5,880.00`) and rules as written stay."""
    for policy in shipped:
        prose = re.sub(r"`[^`]*`|&lt;", "", policy_markdown(policy, "zh"))  # `&lt;` is `<`, not a `;`
        assert HALF_WIDTH.findall(prose) == [], policy.file
    transition = policy_markdown(next(p for p in shipped if p.meta.version == "2024-transition"), "zh")
    assert "| 490.00 元/月（5,880.00 元/年） |" in transition
    assert "衔接并轨试点工作实施方案（2024-07-16）\n" in transition
    assert "| 整数，1 至 4；可为空；须与“残疾类别”同时填写 |" in transition


def test_policy_doc_words_each_rule_as_explanations_do_with_the_rule_beside_it(shipped: list[Policy]) -> None:
    """A county head reads conditions, amounts, values and defaults in words; the officer still finds the rule."""
    post = next(p for p in shipped if p.meta.version == "post-transition")
    zh, en = policy_markdown(post, "zh"), policy_markdown(post, "en")
    assert "| 1 | 家庭人均收入低于低保标准<br>`income` | 家庭年人均收入 &lt; 农村最低生活保障标准（510.00 元/月 ⚠）" \
           "<br>" \
           "`per_capita_income < dibao_standard` |" in zh
    assert "- 条件：本人属于低收入人口（所在家庭属于任一类别或本人为特困人员） 且 " \
           "残疾等级（1级最重）在 1（含）与 4（含）之间\n" \
           "  - 规则：`member_in_category and disability_grade in [1, 4]`\n" in zh  # a range, not `1 or 4`
    assert "- When: is a low-income person (the household is in a category or the member is in extreme poverty) " \
           "and disability grade (1 is the most severe) between 1 " \
           "(included) and 4 (included)\n" in en
    assert "- 金额：向上取整（(农村最低生活保障标准（510.00 元/月 ⚠） − 家庭年人均收入（按月折算）) × " \
           "不属于“特困人员”的成员数 × 1 个月）\n" \
           "  - 规则：`ceil((dibao_standard - per_capita_income) * count(members where not tekun) * 1 month)`\n" in zh
    assert "| 特困人员<br>`tekun` | 特困人员医疗救助比例（100% ⚠） × 医疗费用（个人自付部分）<br>" \
           "`medical_share_tekun * own_expenses.medical` |" in zh
    assert "| 1.3 × 农村最低生活保障标准（510.00 元/月 ⚠）<br>`1.3 * dibao_standard` |" in zh
    assert "| 80%（1 − 工资性收入中扣减的就业成本比例）<br>`1 - employment_cost_rate` |" in zh
    assert "| 家庭 | — | 计入收入 ÷ 家庭人口数<br>`counted_income / household_size` |" in zh  # a household's: no value
    assert "| 取值之一 `head` 户主、`spouse` 配偶、" in zh and "| `other` 其他 |" in zh  # values by their labels
    assert "| `assets.registered_business` | 家庭成员注册有企业或个体工商户 | 是/否 |  | 否 |" in zh
    assert "| `drinking_water.safe` | drinking water is safe | yes/no |  | yes |" in en
    assert "须与“残疾类别”同时填写" in zh and "given only with “type of disability”" in en
    assert "计入家庭的计入收入（规则中写作 `counted_income`）" in zh and "计入 `counted_income`" not in zh


def test_the_docs_give_brief_not_explain_as_the_form_to_read_aloud():
    # `--explain` shows category ids (`特困人员（tekun）`), rule places and workings: a caseworker reads `--brief`
    places = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    wrong = []
    for path in places:
        for part in re.split(r"\n\s*\n|\n\s*[*-] ", path.read_text(encoding="utf-8")):
            for sentence in re.split(r"(?<=[.;:])\s", " ".join(part.split())):
                if re.search(r"--explain`?[^.;]*\bread[^.;]*\baloud", sentence) and "--brief" not in sentence:
                    wrong.append(f"{path.name}: {sentence}")
    assert not wrong, "\n".join(wrong)


def test_the_docs_name_other_hardship_in_the_singular_as_the_policies_do(shipped: list[Policy]) -> None:
    """The category is an “other person in hardship”, as every category is one household or person; the policies'
    labels that speak of the group (`income line for other persons in hardship`) keep their plural."""
    group = "other persons in hardship"
    labels: set[str] = set()
    for policy in shipped:
        assert all(c.label.get("en") != group for c in policy.categories)
        said = [*policy.parameters.values(), *policy.definitions.values(), *policy.income.values(),
                *policy.expenses.values(), *policy.categories, *policy.assistance]
        said += [clause for c in policy.categories for clause in c.clauses]
        said += [option for a in policy.assistance for option in a.options]
        labels |= {label.get("en") for item in said if (label := item.label) is not None}
    wrong = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = " ".join(path.read_text(encoding="utf-8").split())
        for label in sorted((label for label in labels if group in label), key=len, reverse=True):
            text = text.replace(label, "")
        wrong += [f"{path.name}: …{text[max(0, i - 60):i + 40]}…" for i in
                  (m.start() for m in re.finditer(group, text, re.IGNORECASE))]
    assert not wrong, "\n".join(wrong)


def test_every_page_that_says_how_long_the_tests_take_says_what_the_readme_says():
    """README gives the time the whole suite takes, with the CI runs it rests on; a page that says it too agrees."""
    said = re.compile(r"(\d+) to (\d+) minutes on two cores")
    readme = said.findall(" ".join((ROOT / "README.md").read_text(encoding="utf-8").split()))
    assert len(readme) == 1, readme
    pages = {path.name: said.findall(" ".join(path.read_text(encoding="utf-8").split()))
             for path in sorted((ROOT / "docs").glob("*.md"))}
    assert pages["quickstart.md"]
    assert {name: found for name, found in pages.items() if found and found != readme} == {}


def test_the_size_of_an_explained_household_is_what_batch_writes(tmp_path: Path) -> None:
    """The pages said 30 KB a household where 30,000 households gave 1.47 GB: the figures of the options' table and of
    `--explain`'s help are those of a run over sampled households, in each language; `--brief`'s help said `a sixth`
    of `--explain`'s bytes where the table's figures and a run give a fifth: its fraction, and its row of the table,
    are those of the same run."""
    import datetime

    from engine.sample import households

    source = tmp_path / "h.jsonl"
    source.write_text("".join(json.dumps(h) + "\n" for h in households(400, 1, datetime.date(2026, 1, 1))),
                      encoding="utf-8")
    helps = {p.name: p.help or "" for p in cli.commands["batch"].params}
    helped = re.search(r"about (\d+) KB a household", helps["explain"])
    assert helped is not None
    fractions = {"a third": 3, "a quarter": 4, "a fifth": 5, "a sixth": 6, "a seventh": 7, "an eighth": 8}
    brief = re.search(r"about (a \w+|an \w+) of --explain's bytes", helps["brief"])
    assert brief is not None and brief[1] in fractions, helps["brief"]
    page = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    rows = {option: re.search(rf"\| `--{option}` \|.*about (\d+) KB a household in English, (\d+) KB in Chinese",
                              page) for option in ("explain", "brief")}
    for lang, column in (("en", 1), ("zh", 2)):
        measured: dict[str, float] = {}
        for option in ("explain", "brief"):
            output = tmp_path / f"{lang}-{option}.jsonl"
            result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(output), f"--{option}", "--lang", lang,
                                              "--jobs", "1"])
            assert result.exit_code == 0, result.output
            measured[option] = output.stat().st_size / 400 / 1000
            row = rows[option]
            assert row is not None and abs(measured[option] / int(row[column]) - 1) < 0.1, (lang, option, measured)
        assert abs(measured["explain"] / int(helped[1]) - 1) < 0.15, (lang, measured, helped[0])
        assert abs(measured["brief"] / measured["explain"] * fractions[brief[1]] - 1) < 0.12, (lang, measured, brief[0])


def test_the_help_for_a_line_of_an_unknown_member_points_at_a_place_of_the_page_that_exists():
    """The help sends the caseworker to docs/formats.md for a person who left or joined the household: in Chinese
    words, quoting the page's own English heading and the item under it, which a renamed heading would leave
    pointing nowhere."""
    from engine.household import HouseholdError, validate_household
    from tests.helpers import household, member

    data = household([member("p1", "1960-01-01")], [{"type": "wage", "member": "p3", "amount": 1000}])
    with pytest.raises(HouseholdError) as raised:
        validate_household(data, load_policy(ROOT / "policy" / "post-transition.yaml")[0], "h.json")
    found = raised.value.diagnostics[0]
    assert found.code == "H004" and found.zh is not None and found.help is not None
    zh, en = found.zh[1] or "", found.help
    assert ("参见 docs/formats.md 的 “Household input (a contract)” 一节中的 “Members who left or joined”"
            "（迁出或迁入的成员）一条") in zh
    assert "see “Members who left or joined” under “Household input (a contract)” in docs/formats.md" in en
    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    heading, item = re.findall(r"“([^”]+)”", zh)[:2]
    section = page.partition(f"\n## {heading}\n")[2].partition("\n## ")[0]
    assert f"\n* **{item}.**" in section, f"docs/formats.md has no “{item}” under a heading “{heading}”"


def test_errors_page_heads_h016_with_words_that_fit_every_input() -> None:
    """H016 warns of a text read from JSON's escape, typed into a cell of CSV tables or stored so in Parquet: its
    heading (and the code's description) said `…, read from a backslash`, which only JSON reads. It says what
    `policy diff` counts every input's under, and the pages' links to it lead to it."""
    from cli.diff_warned import kind_said
    from engine.diagnostics import CODES

    title = CODES["H016"]
    assert kind_said("escaped", "en", backslash=False) == f"{title} (H016)"
    assert f"\n## H016 — {title}\n" in (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    anchor = "h016-" + re.sub(r"[^\w\s-]", "", title.lower()).replace(" ", "-")
    for page in (ROOT / "docs").glob("*.md"):
        for link in re.findall(r"\(((?:errors\.md)?#h016-[^)]*)\)", page.read_text(encoding="utf-8")):
            assert link.partition("#")[2] == anchor, (page.name, link)
