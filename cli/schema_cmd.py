"""`policy schema`: print the JSON Schema of household files, decisions, policy files or test case files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import parse_date, policy_options, require_policy_dir, stop_on_policy_errors
from engine.diagnostics import Said


@click.command()
@click.argument("which", type=click.Choice(["household", "decision", "policy", "cases"]))
@policy_options
@click.option("--date", "date_text", metavar="D", help="Pick the policy in force on this date (YYYY-MM-DD).")
def schema(which: str, policy_file: Path | None, policy_dir: Path, date_text: str | None) -> None:
    """Print a JSON Schema: `household` (what an intake system must send), `decision` (what
    `policy eval --format json` prints and `policy batch` writes as JSON Lines, explanation
    included), `policy`, or `cases` (the test case files `policy test` runs).

    The household and decision schemas are those of one policy: its input fields, categories,
    values and measures by name.

    \b
    Examples:
      policy schema household --policy policy/post-transition.yaml > household.schema.json
      policy schema decision --date 2026-03-01 > decision.schema.json
    """
    import datetime

    from engine.diagnostics import PolicyError
    from engine.household import household_schema
    from engine.loader import policy_schema
    from engine.policy_cache import load_policy_file
    from engine.selection import in_force_in_folder

    if which == "policy":
        click.echo(json.dumps(policy_schema(), ensure_ascii=False, indent=2))
        return
    if which == "cases":
        from engine.cases import cases_schema

        click.echo(json.dumps(cases_schema(), ensure_ascii=False, indent=2))
        return
    require_policy_dir(policy_file, policy_dir)  # only the household and decision schemas need a policy
    try:
        if policy_file is not None:
            policy = load_policy_file(policy_file)[0]
        else:
            day = parse_date(date_text) or datetime.date.today()
            policy = in_force_in_folder(policy_dir, day)
    except PolicyError as error:  # said in English, as the schema is: the command has no --lang
        stop_on_policy_errors(error, "en", Said("no schema was printed", "没有打印 Schema"))
    if which == "decision":
        from engine.decision_schema import decision_schema

        click.echo(json.dumps(decision_schema(policy), ensure_ascii=False, indent=2))
        return
    click.echo(json.dumps(household_schema(policy), ensure_ascii=False, indent=2))
