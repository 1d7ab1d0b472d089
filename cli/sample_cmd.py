"""`policy sample`: write synthetic households as JSON Lines."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import click

from cli.common import parse_date, write_atomically


@click.command()
@click.option("--n", "count", type=click.IntRange(min=1), default=100, show_default=True,
              help="How many households.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same households.")
@click.option("--date", "date_text", default="2026-01-01", show_default=True,
              help="Reference date for members' ages.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically) instead of standard output.")
def sample(count: int, seed: int, date_text: str, output: Path | None) -> None:
    """Write realistic synthetic households (JSON Lines) for diffs, batch runs and benchmarks.

    The distributions are described in docs/sample.md.

    \b
    Example:
      policy sample --n 1000 --seed 7 -o households.jsonl
    """
    from engine.sample import households

    on = parse_date(date_text) or datetime.date(2026, 1, 1)
    lines = (json.dumps(h, ensure_ascii=False, separators=(",", ":")) + "\n" for h in households(count, seed, on))
    if output is None:
        for line in lines:
            sys.stdout.write(line)
        return
    write_atomically(output, lines)
    click.echo(f"wrote {count} households to {output}", err=True)
