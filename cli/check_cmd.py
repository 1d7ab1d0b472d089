"""`policy check`: load and check policy files, print every diagnostic."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import DIFFERS, OK, USAGE, print_diagnostics


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json (one object per diagnostic, in a list) for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check policy files (or folders of them) for mistakes, before any household is evaluated.

    Reports, all at once and sorted by position: YAML and schema mistakes, expression
    syntax, unknown names (with "did you mean"), unit and type errors, unknown enum
    values, cycles, unused parameters and unreachable categories; and, among the files
    of one folder, effective periods that overlap.

    \b
    Examples:
      policy check policy/
      policy check --strict --format json policy/post-transition.yaml
    """
    from engine.diagnostics import PolicyError, source_lines
    from engine.model import Policy
    from engine.policy_cache import load_policy_file
    from engine.selection import gaps, overlaps, policy_files

    files = policy_files(list(paths))
    if not files:
        click.echo("error: no .yaml files found in " + ", ".join(map(str, paths)), err=True)
        raise SystemExit(USAGE)
    found = []
    by_folder: dict[Path, list[Policy]] = {}
    for file in files:
        try:
            policy, warnings = load_policy_file(file)
            found.extend(warnings)
            by_folder.setdefault(file.resolve().parent, []).append(policy)
        except PolicyError as error:
            found.extend(error.diagnostics)
    for policies in by_folder.values():  # `policy eval` picks among a folder's files by date
        found.extend([*overlaps(policies), *gaps(policies)])
    errors = sum(d.severity == "error" for d in found)
    warnings_count = len(found) - errors
    if fmt == "json":
        click.echo(json.dumps([d.to_json() for d in found], ensure_ascii=False, indent=2))
    else:
        print_diagnostics(found, source_lines, err=False)
        summary = (f"checked {len(files)} file{'s' * (len(files) != 1)}: "
                   f"{errors} error{'s' * (errors != 1)}, {warnings_count} warning{'s' * (warnings_count != 1)}")
        click.echo(summary, err=True)
    if errors or (strict and warnings_count):
        raise SystemExit(DIFFERS)
    raise SystemExit(OK)
