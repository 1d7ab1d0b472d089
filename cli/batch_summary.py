"""`policy batch --summary FILE`: the run's summary as JSON, for whatever runs the batch.

The file holds what the summary lines say (counts, the tally of categories) with the files, the
engine, the policies applied and the exit code (`engine.batch.tally.summary_json`). It is removed
when a run starts and written atomically when the run ends, so a summary always tells of the files
beside it; a device or a pipe (`/dev/stdout`) is written at once, but not standard output when the
decisions go there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import orjson

from cli.common import USAGE, why_not_written, writable_before_the_run, write_atomically
from cli.localize import in_language
from engine.diagnostics import Said, path_in_prose


class SummaryFile:
    """`--summary FILE`: the facts of the run known before it starts; the counts are added when it ends."""

    def __init__(self, path: Path | None, facts: dict[str, Any]):
        self.path, self.facts = path, facts

    def clear(self) -> None:
        """Remove an earlier run's summary as this run starts: a run that does not finish leaves none, so a summary
        always tells of the files beside it."""
        if self.path is not None and self.path.is_file():
            self.path.unlink()

    def with_errors(self, errors: str | None) -> SummaryFile:
        return SummaryFile(self.path, {**self.facts, "errors": errors})

    def write(self, held: Any, policies: Any, exit_code: int, **counts: Any) -> None:
        if self.path is None:
            return
        from engine.batch.tally import summary_json  # here, not at the top: every command imports this module

        record = summary_json(held, policies, self.facts, counts, exit_code)
        try:
            write_atomically(self.path, orjson.dumps(record, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
        except OSError as error:
            why = why_not_written(error, self.path)
            name = path_in_prose(str(self.path))
            click.echo(in_language(f"error: cannot write the summary to {name}: {why.en} (the run itself "
                                   "is done: its output is in place)",
                                   f"错误：无法把摘要写入 {name}：{why.zh}"
                                   "（运行本身已经完成：输出已写好）"),
                       err=True)
            raise SystemExit(USAGE) from None


def summary_apart(summary: Path, written: Sequence[Path | None], streamed: bool = False) -> None:
    """The summary must not take the place of a file the run writes, nor (`-o -`) go into the decisions."""
    for other in written:
        if other is not None and summary.resolve() == other.resolve():
            name = path_in_prose(click.format_filename(summary))
            raise click.BadParameter(in_language(f"{name} is a file the run writes already; give the summary a name "
                                                 "of its own", f"这次运行已经要写 {name}：请给摘要另起一个名字"),
                                     param_hint="'--summary'")
    if streamed and summary.exists() and _is_standard_output(summary):
        name = path_in_prose(click.format_filename(summary))
        raise click.BadParameter(in_language(f"{name} is standard output, where -o - writes the decisions; give the "
                                             "summary a file of its own",
                                             f"{name} 是标准输出，-o - 会把认定结果写到那里：请给摘要另指定一个文件"),
                                 param_hint="'--summary'")


def _is_standard_output(path: Path) -> bool:
    try:
        return os.path.samestat(path.stat(), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # no file behind standard output (a test's capture)
        return False


def summary_writable(summary: Path) -> None:
    """Stop before the run when the summary could not be written where it is named (a folder one may not write, a name
    too long): found only at the end, the whole run would be done for an error. Tried as it is written at the end,
    with a hidden file beside it (`write_atomically`), removed at once; a device or a pipe is written as it is."""
    writable_before_the_run(summary, Said("the summary", "摘要"), "'--summary'")
