"""`policy test`: run table-driven policy cases, with rule coverage."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import DIFFERS, OK


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
    Example:
      policy test
      policy test tests/cases/dibao.yaml --coverage
      policy test --format junit > policy-tests.xml

    Exit codes: 0 all passed, 1 a case failed, 2 usage error.
    """
    from engine.cases import junit, run_cases

    results, cov = run_cases(list(paths) or [Path("tests/cases")])
    failed = [r for r in results if not r.passed]
    if fmt == "junit":
        click.echo(junit(results), nl=False)
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
        click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if coverage:
        rows = cov.report()
        missing = [(f, c, k, s) for f, c, k, s in rows if len(s) < 2]
        click.echo(f"rule coverage: {cov.percent():.1f}% of clause outcomes ({len(rows)} clauses, "
                   f"both true and false needed)", err=fmt == "junit")
        for file, category, clause, seen in missing:
            need = " and ".join(w for w, b in (("true", True), ("false", False)) if b not in seen)
            click.echo(f"  {file}: {category}.{clause} never {need}", err=fmt == "junit")
    raise SystemExit(DIFFERS if failed or not results else OK)
