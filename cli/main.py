"""The `policy` command group. Commands import the engine lazily, so `--help` stays fast."""

from __future__ import annotations

import sys
import traceback

import click

from cli.batch_cmd import batch
from cli.check_cmd import check
from cli.diff_cmd import diff
from cli.doc_cmd import doc
from cli.eval_cmd import eval_
from cli.monitor_cmd import monitor
from cli.sample_cmd import sample
from cli.schema_cmd import schema
from cli.test_cmd import test


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="policy")
def cli() -> None:
    """Low-income assistance policies as data: check them, evaluate households, explain and compare.

    \b
    Examples:
      policy check policy/
      policy eval examples/households/DS-0001-dibao-widow.json --explain --lang en
      policy test tests/cases --coverage
      policy schema household --policy policy/post-transition.yaml

    Exit codes: 0 ok, 1 differs or did not pass, 2 usage or input error.
    """


for command in (check, eval_, schema, test, sample, batch, diff, doc, monitor):
    cli.add_command(command)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # an engine bug, never a user mistake: show it and ask for a report
        parallel = sys.modules.get("engine.parallel")  # imported only by the commands that fork workers
        if parallel is not None and isinstance(error, parallel.WorkerDied):  # the system killed one: no bug
            click.echo(f"error: {error}. Run the command again when more memory is free", err=True)
            sys.exit(2)
        click.echo(traceback.format_exc(), err=True)
        click.echo("internal error: this is a bug in policy, not in your input. Please report it with the "
                   "command you ran and the files it read.", err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
