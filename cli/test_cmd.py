"""`policy test`: run table-driven policy cases, with rule coverage."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import DIFFERS, OK, USAGE, print_diagnostics


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "junit"]), default="text", show_default=True,
              help="text for people, junit XML for CI systems.")
@click.option("--coverage", is_flag=True,
              help="Report, per clause of each category, whether cases saw it true and false.")
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
def test(paths: tuple[Path, ...], fmt: str, coverage: bool, verbose: bool) -> None:
    """Run policy test cases (YAML files of `cases:`; default folder tests/cases).

    \b
    Examples:
      policy test
      policy test tests/cases/dibao.yaml --coverage
      policy test --format junit > policy-tests.xml

    Exit codes: 0 all passed, 1 a case failed, 2 a case file that cannot be read as one (each
    problem located) or a usage error.
    """
    from engine.cases import junit, run_cases
    from engine.loader import source_lines

    searched = list(paths) or [Path("tests/cases")]
    if not paths and not searched[0].is_dir():
        raise click.UsageError("there is no folder tests/cases here: give the case files or folders to run")
    results, cov, problems = run_cases(searched)
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
        unread = len({d.span.file for d in problems if d.span is not None})
        click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed"
                   + (f", {unread} case file{'s' if unread != 1 else ''} not run (see above)" if unread else ""))
    if coverage:
        rows = cov.report()
        missing = [(f, c, k, s) for f, c, k, s in rows if len(s) < 2]
        click.echo(f"rule coverage: {cov.percent():.1f}% of clause outcomes ({len(rows)} clauses, "
                   f"both true and false needed)", err=fmt == "junit")
        for file, category, clause, seen in missing:
            need = " and ".join(w for w, b in (("true", True), ("false", False)) if b not in seen)
            click.echo(f"  {file}: {category}.{clause} never {need}", err=fmt == "junit")
    raise SystemExit(USAGE if problems else DIFFERS if failed or not results else OK)
