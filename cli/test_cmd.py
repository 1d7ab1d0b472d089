"""`policy test`: run table-driven policy cases, with rule coverage."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.common import DIFFERS, HEADS, OK, USAGE, counted, lang_option, print_diagnostics, say_policy_warnings

if TYPE_CHECKING:
    from engine.cases import CoverageRow


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "junit"]), default="text", show_default=True,
              help="text for people, junit XML for CI systems.")
@click.option("--coverage", is_flag=True,
              help="Report, per policy, how many outcomes of its clauses and of its assistance measures' `when` "
                   "conditions the cases saw (each true and false), and those never seen true or never seen false.")
@click.option("-v", "--verbose", is_flag=True,
              help="List passing cases too, and with --coverage every clause and condition.")
@lang_option
def test(paths: tuple[Path, ...], fmt: str, coverage: bool, verbose: bool, lang: str | None) -> None:
    """Run policy test cases (YAML files of `cases:`; default folder tests/cases).

    \b
    Examples:
      policy test
      policy test tests/cases/dibao.yaml --coverage
      policy test --format junit > policy-tests.xml
      policy test --lang en -v

    Text is in the language of `--lang`; junit XML stays English, for CI systems.

    A case whose household is valid but most likely holds a slip of the data (a line given twice,
    a medical bill of no member, two heads of household, a figure out of its plausible range) is
    decided as given, passing or failing as it would, and warned of as `policy eval` warns, at
    its line in the case file or the household file; the summary counts the cases warned.

    A case that expects what cannot be meant as written (a category, value, measure or member
    the policy or its household does not have, or of the other level; `4,200.00` inside `{…}`,
    which YAML splits at its comma; a figure with its unit, `19元`) is not run: each mistake is
    told at its place in the case file, with how to write it, and the other cases run.

    Exit codes: 0 all passed, 1 a case failed or none was found, 2 a case file that cannot be read as one, a
    policy with errors (each problem located, as `policy check` reports it; the cases of that
    file or policy do not run), a case with mistakes in what it expects, or a usage error.
    """
    from cli.common import default_lang
    from cli.localize import in_language
    from engine.cases import junit, run_cases
    from engine.diagnostics import render, source_lines

    lang = lang or default_lang()
    zh = lang == "zh"
    searched = list(paths) or [Path("tests/cases")]
    if not paths and not searched[0].is_dir():
        raise click.UsageError(in_language("there is no folder tests/cases here: give the case files or folders to run",
                                           "这里没有 tests/cases 文件夹：请给出要运行的测试用例文件或文件夹"))
    run = run_cases(searched)
    results, cov, problems = run.results, run.coverage, run.problems
    print_diagnostics(problems, source_lines, lang=lang)
    none_found = not results and not problems  # said once, the policies passed over named in it
    for policy_file in [] if none_found else run.policies_passed_over:
        click.echo(_policy_apart(policy_file, zh), err=True)
    for policy_file, warned in run.policy_warnings.items():  # as `policy eval --policy` says them, once a policy
        say_policy_warnings(policy_file, warned, lang)
    if none_found:
        click.echo(_none_found(searched, run.policies_passed_over, zh), err=True)
    failed = [r for r in results if not r.passed and not r.no_household and not r.mistaken]
    unhoused = sum(r.no_household for r in results)  # not run: their household file is not there
    mistaken = sum(r.mistaken for r in results)  # not run: what they expect cannot be meant as written
    if fmt == "junit":
        click.echo(junit(results, problems), nl=False)
    else:
        for r in results:
            if r.passed and not verbose and not r.notes and not r.warnings:
                continue
            not_run = r.no_household or r.mistaken  # its household file is not there, or what it expects is mistaken
            mark = click.style(("通过" if zh else "PASS"), fg="green") if r.passed else \
                click.style(("未运行" if zh else "NOT RUN"), fg="yellow", bold=True) if not_run else \
                click.style(("失败" if zh else "FAIL"), fg="red", bold=True)
            click.echo(f"{mark} {r.file}:{r.line} {r.name}")
            for note in r.notes:
                click.echo(f"     {HEADS['note'].in_lang(lang)}{note.in_lang(lang)}")
            for d in [*r.warnings, *r.findings]:  # as `policy eval` shows them: the place, the line underlined, help
                click.echo(textwrap.indent(render(d, source_lines(d.span.file) if d.span else None, lang), "     "))
            if r.error and not r.findings:
                click.echo(f"     错误：{r.error.zh}" if zh else f"     error: {r.error.en}")
            # each difference, then its reasons: the brief's lines and the workings, indented as `policy eval --brief`'s
            for said in r.said():
                click.echo(textwrap.indent(said.zh if zh else said.en, "     "))
        click.echo(_summary(len(results) - len(failed) - unhoused - mistaken, len(failed), run.unread_files,
                            run.not_run, run.broken_policies, run.folders, zh, sum(1 for r in results if r.warnings),
                            run.no_policy, unhoused, mistaken))
    if coverage:
        click.echo(_coverage_report(cov.report(), verbose, zh), nl=False, err=fmt == "junit")
    raise SystemExit(USAGE if problems or unhoused or mistaken else DIFFERS if failed or not results else OK)


def _policy_apart(file: Path, zh: bool) -> str:
    """Said of a policy in a folder of cases run: not a case file, so not run here."""
    from engine.diagnostics import path_in_prose, shell_word

    check, named = f"`policy check {shell_word(str(file))}`", path_in_prose(str(file))
    if zh:
        return f"注意：{named} 是政策文件，不是测试用例文件，这里不运行；请用 {check} 检查它"
    return f"note: {named} is a policy, not a file of test cases, so it is not run here; check it with {check}"


def _none_found(searched: list[Path], policies: list[Path], zh: bool) -> str:
    """Why no case ran: the folder holds policies and no case file, with a case file to write beside them; else what
    a case file is, and the files that are there but not read as ones (`cases.txt`)."""
    from engine.cases import passed_over
    from engine.diagnostics import path_in_prose

    where, others = ", ".join(path_in_prose(str(s)) for s in searched), passed_over(searched)
    if policies:
        return _only_policies(where, policies, zh)
    if others:
        named = ", ".join(path_in_prose(str(f)) for f in others[:3]) + (", …" if len(others) > 3 else "")
        return (f"{where} 中没有测试用例：只有 `.yaml` 和 `.yml` 文件会被当作测试用例文件读取，这里一个也没有"
                f"（只找到 {named.replace(', ', '、')}）" if zh else
                f"no test cases found in {where}: only `.yaml` and `.yml` files are read as case files, and there "
                f"are none (found only {named})")
    return (f"{where} 中没有测试用例：测试用例文件是包含 `cases:` 列表的 `.yaml` 或 `.yml` 文件（见 docs/testing.md）"
            if zh else f"no test cases found in {where}: a case file is a `.yaml` or `.yml` file with a `cases:` "
            "list (see docs/testing.md)")


def _only_policies(where: str, policies: list[Path], zh: bool) -> str:
    """`no test cases found in scratch: it holds a policy, scratch/my-policy.yaml, but no case file`, and a case
    file to write beside the first policy, naming it (`policy:` is read relative to the case file), that runs and
    passes as shown; where none can be shown (`_example`), what each case of that file names its policy by."""
    from engine.diagnostics import path_in_prose
    from engine.yamlsource import yaml_text

    first = policies[0]
    named = ", ".join(path_in_prose(str(p)) for p in policies[:3]) + (", …" if len(policies) > 3 else "")
    cases = path_in_prose(str(first.parent / "cases.yaml"))
    example = _example(first, zh)
    if zh:
        shown = f"：\n{example}\n（见 docs/testing.md）" if example else \
            f"，每个用例以 `policy: {yaml_text(first.name)}` 指明政策（见 docs/testing.md）"
        return (f"{where} 中没有测试用例：其中有政策文件 {named.replace(', ', '、')}，但没有测试用例文件；"
                f"请在它旁边另写一个测试用例文件，例如 {cases}{shown}")
    held, beside = (f"policies ({named})", "them") if len(policies) > 1 else (f"a policy, {named},", "it")
    shown = f":\n{example}\n(see docs/testing.md)" if example else \
        f", each case naming its policy as `policy: {yaml_text(first.name)}` (see docs/testing.md)"
    return (f"no test cases found in {where}: it holds {held} but no case file; write the cases in a file of their "
            f"own beside {beside}, such as {cases}{shown}")


def _example(policy: Path, zh: bool) -> str | None:
    """A case file beside `policy` of the tutorial's example household, indented, that passes as shown: on the
    policy's first day, expecting the categories the policy gives the household then. The household is named
    relative to the case file where that file is in the project folder that holds the household, else by its whole
    path, so that the case runs whatever folder `policy test` is run from. None where the example household is not
    there or the policy does not decide it (a policy with errors, one that asks for other fields)."""
    from engine.cases import example_case, example_home
    from engine.household import EXAMPLE
    from engine.yamlsource import yaml_text

    home = example_home()
    if home is None:
        return None
    folder = policy.parent.resolve()
    household = os.path.relpath(home / EXAMPLE, folder) if folder.is_relative_to(home) else str(home / EXAMPLE)
    decided = example_case(policy.parent / "cases.yaml", policy.name, household)
    if decided is None:
        return None
    day, categories = decided
    return textwrap.indent(f"cases:\n  - name: {'示例家庭' if zh else 'example household'}\n"
                           f"    policy: {yaml_text(policy.name)}\n    date: {day.isoformat()}\n"
                           f"    household: {yaml_text(household)}\n"
                           f"    expect: {{categories: [{', '.join(categories)}]}}", "  ")


def _summary(passed: int, failed: int, unread: int, not_run: int, broken_policies: int, folders: dict[Path, int],
             zh: bool, warned: int = 0, no_policy: int = 0, no_household: int = 0, mistaken: int = 0) -> str:
    """The closing line: `181 passed, 0 failed, 1 case file not run (see above; 9 case files in tests/cases)`, the
    case files read counted by folder (`12 case files in tests/cases, 1 in county/cases`); the cases `warned`
    of their household's data (`2 cases with warnings about their household`), passing or not; and the cases not
    run because their policy has errors (`not_run`), or it or their household file is not there (`no_policy`,
    `no_household`), or because what they expect has mistakes (`mistaken`)."""
    if zh:
        left = (f"，{warned} 个用例的家庭数据有警告" if warned else "") + (
            f"，{unread} 个测试用例文件未运行" if unread else "") + (
            f"，{not_run} 个用例未运行：其政策文件有错误" if not_run else "") + (
            f"，{no_policy} 个用例未运行：找不到其政策文件" if no_policy else "") + (
            f"，{no_household} 个用例未运行：找不到其家庭文件" if no_household else "") + (
            f"，{mistaken} 个用例未运行：其预期写法有误" if mistaken else "")
        read = "，".join(f"{'当前文件夹中' if str(f) == '.' else f'{f} 中'} {n} 个文件" for f, n in folders.items())
        return f"{passed} 个通过，{failed} 个失败{left}（{'见上文；' if left else ''}{read}）"
    left = (f", {counted(warned, 'case')} with warnings about {'its household' if warned == 1 else 'their households'}"
            if warned else "") + (f", {unread} case file{'s' if unread != 1 else ''} not run" if unread else "") + (
        f", {not_run} case{'s' if not_run != 1 else ''} not run: "
        f"{'their policy has' if broken_policies == 1 else 'their policies have'} errors" if not_run else "") + (
        f", {no_policy} case{'s' if no_policy != 1 else ''} not run: policy file not found" if no_policy else "") + (
        f", {no_household} case{'s' if no_household != 1 else ''} not run: household file not found"
        if no_household else "") + (
        f", {counted(mistaken, 'case')} not run: mistakes in what {'it expects' if mistaken == 1 else 'they expect'}"
        if mistaken else "")
    read = ", ".join(f"{counted(n, 'case file') if i == 0 else n} in {'this folder' if str(f) == '.' else f}"
                     for i, (f, n) in enumerate(folders.items()))
    return f"{passed} passed, {failed} failed{left} ({'see above; ' if left else ''}{read})"


def _coverage_report(rows: list[CoverageRow], verbose: bool, zh: bool = False) -> str:
    """The overall figure, one line per policy, then the clauses and the conditions of assistance measures a case
    never saw hold or never saw fail (with --verbose, every one and what was seen); in Chinese with `zh`."""
    def percent(part: list[CoverageRow]) -> str:
        return f"{100 * sum(len(row.seen) for row in part) / (2 * len(part)) if part else 100:.1f}%"

    def counted(part: list[CoverageRow]) -> str:
        """`36 clauses and 30 assistance conditions` (`36 个条款和 30 个救助条件`); the clauses alone in a policy
        without measures."""
        n = sum(not row.assistance for row in part)
        m = len(part) - n
        if zh:
            return f"{n} 个条款" + (f"和 {m} 个救助条件" if m else "")
        return f"{n} clause{'s' * (n != 1)}" + (f" and {m} assistance condition{'s' * (m != 1)}" if m else "")

    measures = any(row.assistance for row in rows)
    if zh:
        lines = [f"规则覆盖率：{'条款和救助条件' if measures else '条款'}结果的 {percent(rows)}（共 {counted(rows)}；"
                 f"每个{'条款和条件' if measures else '条款'}都要有一个成立的用例和一个不成立的用例）"]
    else:
        lines = [f"rule coverage: {percent(rows)} of {'clause and condition' if measures else 'clause'} outcomes "
                 f"({counted(rows)}; each needs a case where it holds and one where it fails)"]
    by_policy: dict[str, list[CoverageRow]] = {}
    for row in rows:
        by_policy.setdefault(_tidy(row.file), []).append(row)
    for file, part in sorted(by_policy.items()):
        lines.append(f"  {file}：{counted(part)}中的 {percent(part)}" if zh
                     else f"  {file}: {percent(part)} of {counted(part)}")
        for row in part:
            never = [verdict for verdict in (True, False) if verdict not in row.seen]
            name = f"{row.owner}.{row.condition}"
            if never:
                said = "，".join("从未成立" if v else "从未不成立" for v in never) if zh else \
                    "never " + " and never ".join("true" if v else "false" for v in never)
                lines.append(f"    {name}{'：' if zh else ': '}{said}")
            elif verbose:
                lines.append(f"    {name}" + ("：成立与不成立都见过" if zh else ": true and false"))
    return "\n".join(lines) + "\n"


def _tidy(file: str) -> str:
    """A policy path as the user would write it: relative to the current folder when it lies inside it."""
    absolute = os.path.abspath(file)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        return absolute
    return absolute if relative.startswith("..") else relative
