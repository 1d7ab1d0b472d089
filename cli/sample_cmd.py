"""`policy sample`: write synthetic households as JSON Lines, CSV tables or Parquet."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from cli.common import (
    USAGE,
    file_in_existing_folder,
    is_special_file,
    lang_option,
    not_a_spreadsheet,
    parse_date,
    policy_options,
    require_policy_dir,
    stop_on_policy_errors,
    tell,
    why_not_written,
    write_atomically,
)
from cli.localize import in_language
from engine.diagnostics import Said, counted, path_in_prose
from engine.install_words import to_install

if TYPE_CHECKING:
    from engine.model import Policy
    from engine.sample.fitted import Fitting

SAMPLE_FORMATS = click.Choice(["jsonl", "csv", "parquet"])


@click.command()
@click.option("-n", "--n", "count", metavar="N", type=click.IntRange(min=1), default=100, show_default=True,
              help="How many households.")
@click.option("--seed", metavar="SEED", type=click.IntRange(min=0), default=1, show_default=True,
              help="The same seed gives the same households (0 or more).")
@click.option("--date", "date_text", metavar="D", default="2026-01-01", show_default=True,
              help="The day the households describe: members' ages are counted to it, and it is written as each "
                   "household's `date`, so eval, batch and monitor decide them on it (unless given `--date`).")
@click.option("-o", "--output", metavar="OUTPUT", type=click.Path(path_type=Path),
              help="Write here (atomically) instead of standard output; for CSV tables, the folder to write them "
                   "in (created if needed).")
@click.option("--format", "fmt", type=SAMPLE_FORMATS, default=None,
              help="jsonl, csv (the tables `policy batch` reads, in the folder -o) or parquet  "
                   "[default: parquet for an -o ending in .parquet, csv for one ending in .csv, else jsonl].")
@policy_options
@lang_option
def sample(count: int, seed: int, date_text: str, output: Path | None, fmt: str | None,
           policy_file: Path | None, policy_dir: Path, lang: str | None) -> None:
    """Write realistic synthetic households for diffs, batch runs and benchmarks.

    The distributions are described in docs/sample.md: most households belong to no
    category, and one in twenty is placed next to an income line of the shipped policies.
    Every household is dated `--date`. CSV tables and Parquet take their columns from the
    policy in force on --date (or `--policy FILE`); the households are fitted to a policy of
    other inputs than the shipped ones (--policy FILE for JSON Lines), one in ten given a line
    of each income or expense type of its own, and a note says what that changed. --lang sets
    the language of what it says on standard error; the households are data, the same in any
    language.

    \b
    Examples:
      policy sample --n 1000 --seed 7 -o households.jsonl
      policy sample --n 100000 -o households.parquet
      policy sample --n 100000 --format csv -o tables/

    Parquet needs pyarrow, which `pip install -e .` leaves out: `pip install -e '.[parquet]'` in
    the repository.
    """
    from cli.common import default_lang
    from engine.sample import households
    from engine.sample.fitted import Fitting

    lang = lang or default_lang()
    on = parse_date(date_text) or datetime.date(2026, 1, 1)
    if on.year < 1900:  # members are born up to 101 years before it
        raise click.BadParameter(in_language(f"`{date_text}` is too early: give a reference date from 1900 on",
                                             f"`{date_text}` 太早了：请给出 1900 年以后的参考日期"),
                                 param_hint="--date")
    not_a_spreadsheet(output, fmt, Said("name it .jsonl or .parquet, or write CSV tables with --format csv -o FOLDER",
                                        "请改用 .jsonl 或 .parquet 后缀，或用 --format csv -o 文件夹 写出 CSV 表格"))
    by_suffix = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}  # `-o h.csv` must not get JSON Lines
    fmt = fmt or by_suffix.get(output.suffix.lower() if output is not None else "", "jsonl")
    if output is not None and fmt != "csv":  # a file's folder must exist; CSV tables' folder is made
        ctx = click.get_current_context()
        file_in_existing_folder(ctx, next(p for p in ctx.command.params if p.name == "output"), output)
    if fmt == "jsonl":  # fitted to a policy only when one is given: JSON Lines need none
        fitting = Fitting(_policy(policy_file, policy_dir, on, lang), seed=seed) if policy_file is not None else None
        drawn = households(count, seed, on) if fitting is None else fitting.all(households(count, seed, on))
        lines = (json.dumps(h, ensure_ascii=False, separators=(",", ":")) + "\n" for h in drawn)
        if output is None:
            for line in lines:
                sys.stdout.write(line)
        else:
            try:
                write_atomically(output, lines)
            except OSError as error:
                _cannot_write(output, error, lang)
            _wrote(count, f"{output}", lang)
        _fitted(fitting, lang)
        return
    if output is None:
        where = Said("FOLDER", "文件夹") if fmt == "csv" else Said("FILE.parquet", "文件.parquet")
        raise click.UsageError(in_language(f"--format {fmt} writes files: give -o {where.en}",
                                           f"--format {fmt} 写出的是文件：请给出 -o {where.zh}"))
    if fmt == "csv":
        if output.name == "households.csv":  # the tables' folder, named as `policy batch` takes it
            output = output.parent
        elif output.suffix.lower() == ".csv":
            name = click.format_filename(output)
            raise click.UsageError(in_language("CSV households are three tables (households.csv, members.csv, "
                                               f"lines.csv): give -o a folder to write them in, not {name}",
                                               "CSV 格式的家庭数据是三张表格（households.csv、members.csv、"
                                               f"lines.csv）：请用 -o 给出存放它们的文件夹，而不是 {name}"))
        if output.exists() and not output.is_dir():
            name = click.format_filename(output)
            raise click.UsageError(in_language(f"{name} is a file: CSV tables are written into a folder",
                                               f"{name} 是文件：CSV 表格要写到文件夹里"))
    policy = _policy(policy_file, policy_dir, on, lang)
    fitting = Fitting(policy, seed=seed)
    if fmt == "csv":
        from engine.batch.csv_tables import write_households_csv

        try:
            write_households_csv(fitting.all(households(count, seed, on)), output, policy)
        except OSError as error:
            _cannot_write(output, error, lang)
        _wrote(count, f"{output}/", lang, ["households.csv", "members.csv", "lines.csv"])
        _fitted(fitting, lang)
        return
    if is_special_file(output):
        name = click.format_filename(output)
        raise click.UsageError(in_language(f"{name} is a device or a pipe: a Parquet file is written beside its name "
                                           "and renamed into place; give a file name",
                                           f"{name} 是设备或管道：Parquet 文件先写在它旁边，再改名放到位：请给出一个"
                                           "文件名"))
    try:
        from engine.batch.parquet_layout import write_households_parquet

        write_households_parquet(fitting.all(households(count, seed, on)), output, policy)
    except ImportError:
        how = to_install("parquet")
        raise click.UsageError(in_language(f"writing Parquet needs pyarrow: {how.en}",
                                           f"写 Parquet 需要 pyarrow：{how.zh}")) from None
    except OSError as error:
        _cannot_write(output, error, lang)
    _wrote(count, f"{output}", lang)
    _fitted(fitting, lang)


def _fitted(fitting: Fitting | None, lang: str) -> None:
    """A note of what fitting the households to a policy of other inputs changed, if anything."""
    said = fitting.note() if fitting is not None else None
    if said is not None:
        tell("note", said, lang)


def _wrote(count: int, where: str, lang: str, files: list[str] | None = None) -> None:
    """`wrote 2,000 households to households.jsonl` (`已将 2,000 户写入 households.jsonl`), the count as every report
    writes it, and the files of a folder."""
    where = path_in_prose(where)
    if lang == "zh":
        click.echo(f"已将 {count:,} 户写入 {where}" + (f"（{'、'.join(files)}）" if files else ""), err=True)
    else:
        click.echo(f"wrote {counted(count, 'household')} to {where}" + (f" ({', '.join(files)})" if files else ""),
                   err=True)


def _cannot_write(output: Path, error: OSError, lang: str) -> NoReturn:
    why = why_not_written(error, output)
    click.echo(f"{output}: 错误：无法写入家庭数据：{why.zh}" if lang == "zh" else
               f"{output}: error: cannot write the households: {why.en}", err=True)
    raise SystemExit(USAGE)


def _policy(policy_file: Path | None, policy_dir: Path, on: datetime.date, lang: str) -> Policy:
    """The policy whose inputs name the columns: --policy, else the one in force on the reference date."""
    from engine.diagnostics import PolicyError
    from engine.policy_cache import load_policy_file
    from engine.selection import in_force_in_folder

    require_policy_dir(policy_file, policy_dir, Said("CSV tables and Parquet take their columns from it; JSON Lines "
                                                     "(-o households.jsonl) need no policy",
                                                     "CSV 表格和 Parquet 的列取自现行政策；JSON Lines"
                                                     "（-o households.jsonl）不需要政策"))
    try:
        return load_policy_file(policy_file)[0] if policy_file is not None else in_force_in_folder(policy_dir, on)
    except PolicyError as error:
        stop_on_policy_errors(error, lang, Said("no household was written", "没有写出任何家庭"))
