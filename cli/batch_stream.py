"""`policy batch … -o -`: the decisions to standard output as they are made.

The run itself is `engine.batch.runner.run_to_stream`; here is what is said around it: each bad record's messages
on standard error as `policy eval` prints them (unless `--errors FILE` takes them), a reader that stopped early
(`| head`) ended quietly as a Unix tool ends, and a run stopped before its end said to be incomplete — nothing can
resume it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from cli.batch_end import finished, named, said_of_os_error
from cli.batch_progress import Progress
from cli.batch_summary import SummaryFile
from cli.common import BROKEN_PIPE, USAGE, tell
from engine.diagnostics import Said


def run_to_standard_output(source: Any, settings: Any, errors: Path | None, *, jobs: int, chunk_size: int,
                           progress: Progress, policies: Any, earlier: tuple[str, Mapping[str, bytes]] | None,
                           summary_file: SummaryFile, notes: Any, started: float | None = None,
                           what_if: Callable[[int], Said] | None = None) -> NoReturn:
    """`-o -`: decisions to standard output as they are made; bad records to --errors, else to standard error.
    Ends the command with its exit code; `what_if` as `finished` takes it."""
    from engine.batch.readers import InputError
    from engine.batch.runner import Paths, run_to_stream
    from engine.interruptions import exit_code
    from engine.parallel import WorkerDied

    lang = settings.lang

    def report(lines: bytes) -> None:
        progress.clear()  # over the progress bar, redrawn after
        for entry in lines.splitlines():
            _say_bad_record(orjson.loads(entry), lang)

    stdout = sys.stdout.buffer
    try:
        summary = run_to_stream(source, settings, stdout, errors=errors, report=report, jobs=jobs,
                                chunk_size=chunk_size, progress=progress.draw, started=started)
    except BrokenPipeError:  # the reader stopped early (`| head`): as a Unix tool, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more for Python to flush there
        raise SystemExit(BROKEN_PIPE) from None
    except (InputError, OSError, KeyboardInterrupt, WorkerDied) as error:
        progress.end()
        if isinstance(error, KeyboardInterrupt):
            tell("interrupted", Said("the decisions written to standard output are incomplete; a run to standard "
                                      "output cannot be resumed: run it again",
                                      "写到标准输出的认定结果不完整；写到标准输出的运行无法接着运行：请重新运行"), lang)
            raise SystemExit(exit_code(error)) from None
        shown = named(str(errors)).en if errors is not None else None
        unnamed = Said("cannot write standard output" + (f" or {shown}" if shown is not None else ""),
                       "无法写入标准输出" + (f"或 {shown}" if shown is not None else ""))
        said = said_of_os_error(error, Paths(Path("-"), errors or Path("-")), unnamed) \
            if isinstance(error, OSError) else error.said
        tell("error", Said(f"{said.en}. The decisions written to standard output are incomplete",
                            f"{said.zh}。写到标准输出的认定结果不完整"), lang)
        raise SystemExit(USAGE) from None
    progress.end()
    finished(summary, source, policies, Said("standard output", "标准输出"),
             named(str(errors)) if errors else Said("the messages above", "上面的信息"),
             engine=settings.engine, earlier=earlier, resumed=False,
             report=summary_file.with_errors(str(errors) if errors else None), notes=notes, lang=lang,
             ignored=sorted(settings.ignored), what_if=what_if)


def _say_bad_record(entry: dict[str, Any], lang: str) -> None:
    """A bad record's messages, each as `policy eval` prints one, in `lang` (without the line: it is not kept), said
    of its household as the errors file names it; one about the policy or a rule — no household finding (H), at no
    path of the household — at the record's place, as `policy monitor ingest` says it, since the policy's place
    alone would not say which record it stopped."""
    from engine.diagnostics import Diagnostic, at_record, of_household, render

    source, household = entry.get("source"), entry.get("household")
    for d in entry.get("diagnostics") or []:
        finding = Diagnostic.from_json(d, source)
        if source is not None and not d.get("path") and not d["code"].startswith("H"):
            finding = at_record(finding, source, placed=True)
        if household is not None:
            finding = of_household(household, finding)
        text = render(finding, lang=lang)
        first, _, rest = text.partition("\n")
        click.echo(click.style(first, fg="red", bold=True) + ("\n" + rest if rest else ""), err=True)
