"""The progress of a `policy batch` run on standard error: a bar on a terminal, lines now and then in a log.

Where standard error is a terminal, a bar redrawn in place (`progress_bar`) — unless the decisions themselves are
shown on that terminal (`-o -`), which a bar would be drawn over; where it is not (a scheduler's log, a file), a
progress line every `--progress-every` seconds (`progress_lines`), or nothing. Whatever is said while a bar is drawn
first clears it (`clear`), and the run's last words start on a line of their own (`end`). The run itself
(`engine.batch.runner`) only calls the drawing function it is given.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from engine.diagnostics import display_width


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


def progress_bar(total: int | None, stream: Any = sys.stderr,
                 estimate: Callable[[], int | None] | None = None,
                 lang: str = "en", columns: Callable[[], int] | None = None) -> Callable[[int, int, float], None]:
    """A one-line bar with rate and ETA, redrawn in place (only used on a terminal). Without a `total`, an
    `estimate` (read as the run goes on) stands in for it, shown `≈`; without either, the count and rate.

    The line fits the terminal's width (`columns`, read at each redraw: a window may be resized), short of its last
    column: a line that wraps is redrawn below itself, a trail down the screen. What does not fit is left out, the
    least useful first: the bar is made shorter, then go the word `households`, the rate, the bar and the count —
    the share done and the time left stay. The rest of the line is erased, so a shorter line leaves nothing behind."""
    width = columns or (lambda: shutil.get_terminal_size().columns)

    def draw(done: int, fresh: int, seconds: float) -> None:
        share, parts = _progress_parts(total, estimate, done, fresh, seconds, lang)
        stream.write(f"\r{_fitted(share, parts, max(1, width() - 1))}\x1b[K")
        stream.flush()

    return draw


_BAR, _SHORTEST_BAR = 30, 10


def _fitted(share: float | None, parts: dict[str, str], room: int) -> str:
    """The progress line that fits in `room` columns, leaving out the least useful parts first (`progress_bar`)."""
    count, bare, speed, eta = parts["count"], parts["bare"], parts["speed"], parts.get("eta", "")
    if share is None:
        for shown in ([count, speed], [bare, speed], [count], [bare]):
            line = " · ".join(shown)
            if display_width(line) <= room:
                return line
        return _cut(bare, room)
    percent = f"{share:6.1%}"
    for bar, pieces in ((True, [count, speed, eta]), (True, [bare, speed, eta]), (True, [bare, eta]),
                        (False, [bare, eta]), (False, [eta])):
        rest = f"{percent} " + " · ".join(p for p in pieces if p)
        if not bar:
            if display_width(rest.lstrip()) <= room:
                return rest.lstrip()
            continue
        filled = min(_BAR, room - display_width(rest) - 3)  # `[`, `]` and a space
        if filled >= _SHORTEST_BAR:
            done = int(share * filled)
            return f"[{'#' * done}{'.' * (filled - done)}] {rest}"
    return _cut(f"{percent.strip()} {eta}", room)


def _cut(text: str, room: int) -> str:
    while text and display_width(text) > room:
        text = text[:-1]
    return text


def progress_lines(total: int | None, every: float, stream: Any = None,
                   estimate: Callable[[], int | None] | None = None,
                   lang: str = "en") -> Callable[[int, int, float], None]:
    """Where standard error is a log (a scheduler's, a file): a line with the count, rate and ETA each `every`
    seconds of the run at most (the first after `every` seconds: a short run says nothing but its summary)."""
    said = [0.0]

    def log(done: int, fresh: int, seconds: float) -> None:
        if seconds - said[0] < every or not done:
            return
        said[0] = seconds
        share, text = _progress(total, estimate, done, fresh, seconds, lang)
        out = stream or sys.stderr  # the one in place when the run goes (a test's capture too)
        head = "进度：" if lang == "zh" else "progress: "
        out.write(f"{head}{text}\n" if share is None else f"{head}{share:.1%} · {text}\n")
        out.flush()

    return log


def spark_progress_lines(lang: str = "en", stream: Any = None) -> Callable[[float, list[tuple[int, int, int]]], None]:
    """A progress line for a run on Spark, which counts tasks, not households: the time run and each stage then
    running with its tasks done (`progress: 0:42 on Spark · stage 2: 1/2 tasks done`)."""

    def log(seconds: float, stages: list[tuple[int, int, int]]) -> None:
        zh = lang == "zh"
        parts = [f"Spark 上已用 {_clock(seconds)}" if zh else f"{_clock(seconds)} on Spark"]
        parts += [f"阶段 {stage}：已完成 {done}/{tasks} 个任务" if zh else f"stage {stage}: {done}/{tasks} tasks done"
                  for stage, done, tasks in stages]
        out = stream or sys.stderr
        out.write(("进度：" if zh else "progress: ") + " · ".join(parts) + "\n")
        out.flush()

    return log


def _progress(total: int | None, estimate: Callable[[], int | None] | None, done: int, fresh: int,
              seconds: float, lang: str = "en") -> tuple[float | None, str]:
    """(the share done, if the whole is known or guessed; `270,000/≈277,810 households · 9,000/s · ETA 0:12`,
    in Chinese `270,000/≈277,810 户 · 每秒 9,000 户 · 预计还需 0:12`)."""
    share, parts = _progress_parts(total, estimate, done, fresh, seconds, lang)
    return share, " · ".join(parts[key] for key in ("count", "speed", "eta") if key in parts)


def _progress_parts(total: int | None, estimate: Callable[[], int | None] | None, done: int, fresh: int,
                    seconds: float, lang: str = "en") -> tuple[float | None, dict[str, str]]:
    """(the share done, if the whole is known or guessed; the parts of the line: `count` (with the word
    households), `bare` (without it), `speed` and, with a share, `eta`)."""
    rate = fresh / seconds if seconds > 0 else 0.0
    guess = None if total or estimate is None else estimate()
    whole = total or guess
    zh = lang == "zh"
    speed = f"每秒 {rate:,.0f} 户" if zh else f"{rate:,.0f}/s"
    noun = " 户" if zh else " households"
    if not whole:
        return None, {"count": f"{done:,}{noun}", "bare": f"{done:,}", "speed": speed}
    eta = _clock(max(0, whole - done) / rate) if rate > 0 else "…"  # nothing decided yet: no estimate
    count = f"{done:,}/{'≈' if guess else ''}{whole:,}"
    return min(1.0, done / whole), {"count": count + noun, "bare": count, "speed": speed,
                                    "eta": f"预计还需 {eta}" if zh else f"ETA {eta}"}


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
