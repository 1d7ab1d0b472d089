"""The `policy` command group. Commands import the engine lazily, so `--help` stays fast."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback

import click

from cli.batch_cmd import batch
from cli.check_cmd import check
from cli.common import USAGE
from cli.diff_cmd import diff
from cli.doc_cmd import doc
from cli.eval_cmd import eval_
from cli.monitor_cmd import monitor
from cli.sample_cmd import sample
from cli.schema_cmd import schema
from cli.test_cmd import test
from engine.diagnostics import FULL


class PolicyGroup(click.Group):
    """Ctrl-C and a full disk end any command with a plain message and their own exit code: click would say
    `Aborted!` with exit 1, which a script reads as "differs", and show a disk-full as a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ninterrupted: the command stopped before the end; output files are written whole or "
                       "not at all, so none was left half-written: run the command again", err=True)
            raise SystemExit(130) from None
        except OSError as error:
            if error.errno not in FULL:
                raise
            _quiet_standard_output()
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}cannot write the output: {error.strerror}\n"
                       "  help: free some disk space, or write the output somewhere else", err=True)
            raise SystemExit(USAGE) from None


def _quiet_standard_output() -> None:
    """What is left in standard output's buffer cannot be written either: drop it rather than fail again at exit."""
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@click.group(cls=PolicyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
