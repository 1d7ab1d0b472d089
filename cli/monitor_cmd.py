"""`policy monitor`: the register of households over time, its alerts and review deadlines.

The group is here; each subcommand is in a module of its own (`cli.monitor_ingest`, `cli.monitor_alerts`,
`cli.monitor_show`, `cli.monitor_reassess`, `cli.monitor_applications` for apply and close, `cli.monitor_void`,
`cli.monitor_leave`), and
what they share — the --db and --calendar options, opening the register, errors and notes — in `cli.monitor_common`.
"""

from __future__ import annotations

from typing import Any

import click

from cli.localize import Group, spoken
from cli.monitor_alerts import alerts
from cli.monitor_applications import apply, close
from cli.monitor_common import fail
from cli.monitor_ingest import ingest
from cli.monitor_leave import leave
from cli.monitor_reassess import reassess
from cli.monitor_show import show
from cli.monitor_void import void


class _MonitorGroup(Group):
    """A register found damaged in a page a command reads only midway (`Register.__exit__`) is refused as one
    damaged from its first page is, rather than shown as a bug."""

    def invoke(self, ctx: click.Context) -> Any:
        from engine.monitor.register import RegisterError

        try:
            return super().invoke(ctx)
        except RegisterError as error:
            fail(spoken() or "en", error.said, error.help)


@click.group(cls=_MonitorGroup)
def monitor() -> None:
    """Keep households under watch over time: snapshots, alerts and review deadlines.

    A register (one SQLite file) keeps every household snapshot with its decision and the
    policy that made it; no record in it is ever overwritten or deleted. docs/monitor.md explains
    the workflow.

    \b
    Examples:
      policy monitor ingest exports/2026-03.jsonl
      policy monitor alerts --since 2026-03-01 --margin 5%
      policy monitor show DS-0001 --explain --lang en
      policy monitor reassess --policy policy/post-transition.yaml --dry-run
      policy monitor apply DS-0001 --date 2026-03-02
      policy monitor close DS-0001 --date 2026-03-20
      policy monitor void DS-0010 --date 2025-06-01 --reason "wrong id: DS-0100's data"
      policy monitor leave DS-0016 --date 2026-04-01 --reason "moved to another township"

    Files named in the examples stand for your own, and DS-0001, DS-0010, DS-0016 for households in your
    register; the examples run in the order given.
    """


# in the order of the workflow (`--help` lists them by name)
for _command in (ingest, alerts, show, reassess, apply, close, void, leave):
    monitor.add_command(_command)
