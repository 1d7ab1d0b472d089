"""Where a run of `policy batch` writes, checked before the run: each refusal is a usage error, said at once.

The output's format (from `--format` or its name) must be one the run can write there: Parquet needs pyarrow, is
compressed inside the file and cannot go to standard output; zstd needs pyarrow; a run to standard output (`-o -`)
cannot be resumed. The errors file must differ from the output; no file the run writes may be a device or a pipe
(it is written beside and renamed into place), nor take the place of another (`--summary`), nor be one the run or
the next one would read among the households (`not_read_back`, `not_an_input`). The summary, written only when the
run ends, is tried where it is named (`summary_writable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cli.batch_summary import summary_apart, summary_writable
from cli.common import is_special_file, not_a_spreadsheet, not_an_input, not_read_back, not_too_long
from cli.localize import in_language
from engine.diagnostics import path_in_prose
from engine.install_words import to_install


@dataclass(frozen=True)
class Outputs:
    """The files of a run to files or to standard output, checked: the output's format and compression, the
    output and errors paths (`engine.batch.runner.Paths`), the errors file's compression as named, and each file
    the run writes with the option that names it."""

    fmt: str
    compression: str | None
    paths: Any
    errors_compression: str | None
    written: list[tuple[Path, str]]

    def not_inputs_of(self, source: Any, old_path: Path | None) -> None:
        """Refuse a file the run writes that is one it reads: a table of the input (every one, also one not there)
        or --only-changed's file."""
        for written, hint in self.written:
            not_an_input(written, (*source.files(every=True), old_path), hint)


def checked_outputs(input_path: Path, output: Path, fmt: str | None, errors_path: Path | None,
                    summary_path: Path | None, resume: bool) -> Outputs:
    """The files the run writes, each refused before the run if it cannot be written as asked."""
    from engine.batch.runner import Paths
    from engine.batch.writers import output_compression, output_format

    streamed = str(output) == "-"  # standard output
    not_a_spreadsheet(output, fmt)
    fmt = output_format(output, fmt)
    if fmt == "parquet" and not has_pyarrow():
        how = to_install("parquet")
        raise click.UsageError(in_language(f"Parquet output needs pyarrow: {how.en}",
                                           f"输出 Parquet 需要 pyarrow：{how.zh}"))
    compression = None if streamed else output_compression(output)
    if compression is not None:
        compressible(output, fmt, compression)
    if streamed:
        _streamable(fmt, resume)
    paths = Paths(output, errors_path or output.with_name(output.name + ".errors.jsonl"))
    errors_compression = output_compression(errors_path) if errors_path is not None else None  # named so
    if errors_compression is not None and errors_path is not None:
        compressible(errors_path, "jsonl", errors_compression)
    if not streamed and paths.errors.resolve() == paths.output.resolve():
        raise click.BadParameter(in_language("the errors file must differ from the output",
                                             "错误文件不能与输出文件是同一个文件"), param_hint="--errors")
    if errors_path is None and not streamed:  # named after the output, it may be a name too long where that is not
        not_too_long(paths.errors, "'--errors' (= OUTPUT.errors.jsonl)")
    written_files = [(paths.output, "'-o' / '--output'"), (paths.errors, "'--errors'")]
    if streamed:  # only the errors file, when one is given
        written_files = [(errors_path, "'--errors'")] if errors_path is not None else []
    for written, hint in written_files:
        if is_special_file(written):
            name = path_in_prose(click.format_filename(written))
            raise click.BadParameter(in_language(f"{name} is a device or a pipe: a batch writes beside its output and "
                                                 "renames the result into place; give a file name",
                                                 f"{name} 是设备或管道：批量运行先写在输出旁边，再改名放到位："
                                                 "请给出一个文件名"), param_hint=hint)
    if summary_path is not None and str(summary_path) == "-":  # not a file named `-`, which no one meant
        raise click.BadParameter(in_language(
            "`-` is not read as standard output here: the summary is written to a file; give a file name (or "
            "/dev/stdout, when the decisions are not written there)",
            "这里的 `-` 不表示标准输出：摘要写入文件；请给出一个文件名（认定结果不写到标准输出时，"
            "也可以给出 /dev/stdout）"),
            param_hint="'--summary'")
    if summary_path is not None:  # a device or a pipe will do (`--summary /dev/stdout`): it is written at once
        summary_writable(summary_path)
        summary_apart(summary_path, [f for f, _ in written_files] + ([] if streamed else [paths.journal]), streamed)
        written_files.append((summary_path, "'--summary'"))
    for written, hint in written_files:  # a file the next run would read among the folder's households
        default = written == paths.errors and errors_path is None
        not_read_back(written, input_path, f"{hint} (= OUTPUT.errors.jsonl)" if default else hint)
    return Outputs(fmt, compression, paths, errors_compression, written_files)


def has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def compressible(output: Path, fmt: str, kind: str) -> None:
    """Stop before the run when an output named compressed (`decisions.jsonl.gz`) cannot be written so."""
    given, name = path_in_prose(str(output)), output.with_suffix("").name
    if fmt == "parquet":
        plain = path_in_prose(name)
        raise click.UsageError(in_language(f"{given}: Parquet is compressed inside the file (zstd); name the output "
                                           f"{plain}, without {output.suffix}",
                                           f"{given}：Parquet 在文件内部已经压缩（zstd）：请把输出命名为 {plain}，"
                                           f"不加 {output.suffix}"))
    if kind == "zstd" and not has_pyarrow():
        how, gzipped = to_install("parquet"), path_in_prose(f"{name}.gz")
        raise click.UsageError(in_language(f"{given}: writing zstd needs pyarrow: {how.en}; or name the "
                                           f"output {gzipped} for gzip",
                                           f"{given}：写 zstd 需要 pyarrow：{how.zh}；或把输出命名为 "
                                           f"{gzipped}，用 gzip 压缩"))


def _streamable(fmt: str, resume: bool) -> None:
    """`-o -`: JSON Lines or CSV, as they come, and nothing to resume."""
    if fmt == "parquet":
        raise click.UsageError(in_language("Parquet cannot be written to standard output (a Parquet file ends with the "
                                           "index its readers seek to): give a file name, or --format jsonl or csv",
                                           "Parquet 不能写到标准输出（Parquet 文件的末尾是读取时要跳转到的索引）："
                                           "请给出文件名，或用 --format jsonl 或 csv"))
    if resume:
        raise click.UsageError(in_language("--resume continues a run written to a file; a run written to standard "
                                           "output (-o -) cannot be resumed: run it again without --resume",
                                           "--resume 只能接着运行写到文件的运行；写到标准输出（-o -）的运行无法接着"
                                           "运行：请不加 --resume 重新运行"))
