"""The progress of a `policy batch` run on standard error: a bar on a terminal, lines now and then in a log.

Where standard error is a terminal, a bar redrawn in place (`engine.batch.runner.progress_bar`) — unless the
decisions themselves are shown on that terminal (`-o -`), which a bar would be drawn over; where it is not (a
scheduler's log, a file), a progress line every `--progress-every` seconds (`progress_lines`), or nothing. Whatever
is said while a bar is drawn first clears it (`clear`), and the run's last words start on a line of their own (`end`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class Progress:
    """How the run shows its progress: `draw` (done, fresh, seconds), or None for nothing; `interactive` where it
    is a bar on a terminal."""

    interactive: bool
    draw: Callable[[int, int, float], None] | None

    @classmethod
    def of(cls, source: Any, streamed: bool, every: float, lang: str) -> Progress:
        """The progress display for a run of `source`; `streamed`: the decisions go to standard output (`-o -`);
        `every`: --progress-every's seconds (0: none)."""
        from engine.batch.runner import progress_bar, progress_lines

        interactive = sys.stderr.isatty() and not (streamed and sys.stdout.isatty())  # no bar over decisions shown
        draw = progress_bar(source.count(), estimate=source.estimated_count, lang=lang) if interactive else \
            progress_lines(source.count(), every, estimate=source.estimated_count, lang=lang) \
            if every and not sys.stderr.isatty() else None  # a log: now and then a line
        return cls(interactive, draw)

    def clear(self) -> None:
        """Erase the bar, to say something where it was (it is drawn again after)."""
        if self.interactive:
            click.echo("\r\x1b[K", nl=False, err=True)

    def end(self) -> None:
        """Leave the bar's line, so that what follows starts on a line of its own."""
        if self.interactive:
            click.echo("", err=True)
