"""`policy test`: run table-driven policy cases, with rule coverage."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cli.common import DIFFERS, OK, USAGE, print_diagnostics


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "junit"]), default="text", show_default=True,
              help="text for people, junit XML for CI systems.")
@click.option("--coverage", is_flag=True,
              help="Report, per policy, how many clause outcomes the cases saw (each clause true and false), and "
                   "the clauses never seen true or never seen false.")
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too, and with --coverage every clause.")
def test(paths: tuple[Path, ...], fmt: str, coverage: bool, verbose: bool) -> None:
    """Run policy test cases (YAML files of `cases:`; default folder tests/cases).

    \b
    Examples:
      policy test
      policy test tests/cases/dibao.yaml --coverage
      policy test --format junit > policy-tests.xml

    Exit codes: 0 all passed, 1 a case failed, 2 a case file that cannot be read as one, a
    policy with errors (each problem located, as `policy check` reports it; the cases of that
    file or policy do not run) or a usage error.
    """
    from engine.cases import junit, run_cases
    from engine.diagnostics import source_lines

    searched = list(paths) or [Path("tests/cases")]
    if not paths and not searched[0].is_dir():
        raise click.UsageError("there is no folder tests/cases here: give the case files or folders to run")
    run = run_cases(searched)
    results, cov, problems = run.results, run.coverage, run.problems
    print_diagnostics(problems, source_lines)
    if not results and not problems:
        click.echo(f"no test cases found in {', '.join(map(str, searched))}: a case file is YAML with a "
                   "`cases:` list (see docs/testing.md)", err=True)
    failed = [r for r in results if not r.passed]
    if fmt == "junit":
        click.echo(junit(results, problems), nl=False)
    else:
        for r in results:
            if r.passed and not verbose:
                continue
            mark = click.style("PASS", fg="green") if r.passed else click.style("FAIL", fg="red", bold=True)
            click.echo(f"{mark} {r.file}:{r.line} {r.name}")
            if r.error:
                click.echo(f"     error: {r.error}")
            for d in r.differences:
                click.echo(f"     {d}")
        unread = run.unread_files
        not_run = (f", {unread} case file{'s' if unread != 1 else ''} not run" if unread else "") + (
            f", {run.not_run} case{'s' if run.not_run != 1 else ''} not run: "
            f"{'their policy has' if run.broken_policies == 1 else 'their policies have'} errors"
            if run.not_run else "")
        click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed"
                   + (f"{not_run} (see above)" if not_run else ""))
    if coverage:
        click.echo(_coverage_report(cov.report(), verbose), nl=False, err=fmt == "junit")
    raise SystemExit(USAGE if problems else DIFFERS if failed or not results else OK)


def _coverage_report(rows: list[tuple[str, str, str, set[bool]]], verbose: bool) -> str:
    """The overall figure, one line per policy, then the clauses a case never saw hold or never saw fail
    (with --verbose, every clause and what was seen)."""
    def percent(part: list[tuple[str, str, str, set[bool]]]) -> str:
        return f"{100 * sum(len(seen) for *_, seen in part) / (2 * len(part)) if part else 100:.1f}%"

    lines = [f"rule coverage: {percent(rows)} of clause outcomes ({len(rows)} clause{'s' * (len(rows) != 1)}; "
             "each needs a case where it holds and one where it fails)"]
    by_policy: dict[str, list[tuple[str, str, str, set[bool]]]] = {}
    for row in rows:
        by_policy.setdefault(_tidy(row[0]), []).append(row)
    for file, part in sorted(by_policy.items()):
        lines.append(f"  {file}: {percent(part)} of {len(part)} clause{'s' * (len(part) != 1)}")
        for _, category, clause, seen in part:
            never = [word for word, verdict in (("true", True), ("false", False)) if verdict not in seen]
            if never:
                lines.append(f"    {category}.{clause}: never {' and never '.join(never)}")
            elif verbose:
                lines.append(f"    {category}.{clause}: true and false")
    return "\n".join(lines) + "\n"


def _tidy(file: str) -> str:
    """A policy path as the user would write it: relative to the current folder when it lies inside it."""
    absolute = os.path.abspath(file)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        return absolute
    return absolute if relative.startswith("..") else relative
