"""The `policy` command group. Each command's module is imported when it is run, and imports the engine lazily, so
`policy --help` and `policy eval` stay fast."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
import traceback
from collections.abc import Iterator, MutableMapping

import click

from cli.common import BROKEN_PIPE, USAGE
from engine.diagnostics import FULL

# every command and where it is defined, in the order `policy --help` lists them
COMMANDS = {"check": "cli.check_cmd:check", "eval": "cli.eval_cmd:eval_", "schema": "cli.schema_cmd:schema",
            "test": "cli.test_cmd:test", "sample": "cli.sample_cmd:sample", "batch": "cli.batch_cmd:batch",
            "diff": "cli.diff_cmd:diff", "doc": "cli.doc_cmd:doc", "monitor": "cli.monitor_cmd:monitor"}


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands, each module imported when its command is first looked up: `policy eval` reads
    none of the others (`policy --help` reads them all, for their one-line help)."""

    def __init__(self, where: dict[str, str]):
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name].split(":")
            self._loaded[name] = getattr(importlib.import_module(module), attribute)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


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
            if error.errno == errno.EPIPE:  # the reader of standard output went away (`| head`): stop quietly
                _quiet_standard_output()
                raise SystemExit(BROKEN_PIPE) from None
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

    Exit codes: 0 ok, 1 differs or did not pass, 2 usage or input error, 3 internal error (a bug
    in policy: please report it), 130 interrupted (Ctrl-C), 141 standard output closed by its reader.
    """


cli.commands = _Commands(COMMANDS)


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
