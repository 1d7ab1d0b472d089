"""The `policy` command group. Each command's module is imported when it is run, and imports the engine lazily, so
`policy --help` and `policy eval` stay fast."""

from __future__ import annotations

import contextlib
import errno
import importlib
import io
import os
import stat
import sys
import traceback
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from cli.common import BROKEN_PIPE, LANGS, USAGE, why_not_written, write_elsewhere
from cli.localize import Group, adopt, in_language, language_of, speaking
from engine.diagnostics import FULL, Said, too_long
from engine.interruptions import exit_code, stop_on_signals

# every command and where it is defined, in the order `policy --help` lists them
COMMANDS = {"check": "cli.check_cmd:check", "eval": "cli.eval_cmd:eval_", "schema": "cli.schema_cmd:schema",
            "test": "cli.test_cmd:test", "sample": "cli.sample_cmd:sample", "batch": "cli.batch_cmd:batch",
            "diff": "cli.diff_cmd:diff", "doc": "cli.doc_cmd:doc", "monitor": "cli.monitor_cmd:monitor"}


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands, each module imported when its command is first looked up: `policy eval` reads
    none of the others (`policy --help` reads them all, for their one-line help). Each is adopted by
    `cli.localize`, so that its help and usage errors follow the language of the run."""

    def __init__(self, where: dict[str, str]):
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name].split(":")
            with speaking(None):  # what click words a module keeps (a Path's `file`) stay click's own
                self._loaded[name] = adopt(getattr(importlib.import_module(module), attribute))
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, "")
        self._loaded[name] = adopt(command)

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


class PolicyGroup(Group):
    """An interruption (Ctrl-C, SIGTERM, SIGHUP), a full disk and a name too long (of a working file beside an output)
    end any command with a plain message and their own exit code: click would say `Aborted!` with exit 1, which a
    script reads as "differs", and show the others as a traceback. The help, the usage errors and these messages are
    in the language the command line asks for (`cli.localize`)."""

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        given = sys.argv[1:] if args is None else list(args)
        with speaking(language_of(given)):
            return super().main(args, *rest, **options)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as interruption:  # Ctrl-C, or SIGTERM / SIGHUP (`engine.interruptions`)
            click.echo(in_language(
                "\ninterrupted: the command stopped before the end; output files are written whole or not at all, "
                "so none was left half-written: run the command again",
                "\n已中断：命令没有运行完。输出文件要么完整写出、要么不写，不会留下写了一半的文件；请重新运行这条命令"),
                err=True)
            raise SystemExit(exit_code(interruption)) from None
        except OSError as error:
            if error.errno == errno.EPIPE:  # the reader of standard output went away (`| head`): stop quietly
                _quiet_standard_output()
                raise SystemExit(BROKEN_PIPE) from None
            if error.errno not in FULL and error.errno != errno.ENAMETOOLONG:
                raise
            _quiet_standard_output()
            where = f"{error.filename}: " if error.filename else ""
            why, help = why_not_written(error, error.filename or ""), write_elsewhere(error)
            if error.errno == errno.ENAMETOOLONG:  # the output's own name was refused before the run: a file beside it
                shorter = too_long(error.filename or "")[1]
                help = Said(f"give the output {shorter.en} (a working file named after it is written beside it)",
                            f"请给输出改用{shorter.zh}（写入时会在旁边写一个以它命名的工作文件）")
            click.echo(in_language(f"error: {where}cannot write the output: {why.en}\n  help: {help.en}",
                                   f"错误：{where}无法写入输出：{why.zh}\n  提示：{help.zh}"), err=True)
            raise SystemExit(USAGE) from None


def _quiet_standard_output() -> None:
    """What is left in standard output's buffer cannot be written either: drop it rather than fail again at exit."""
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@click.group(cls=PolicyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="policy")
@click.option("--lang", type=LANGS, expose_value=False,
              help="Language of the help, of usage errors and of every command's output (default: from the locale, "
                   "else zh); `policy --lang en COMMAND` is `policy COMMAND --lang en`.")
def cli() -> None:
    """Low-income assistance policies as data: check them, evaluate households, explain and compare.

    \b
    Examples:
      policy check policy/
      policy eval examples/households/DS-0001-dibao-widow.json --explain --lang en
      policy test tests/cases --coverage
      policy schema household --policy policy/post-transition.yaml

    Exit codes: 0 ok, 1 differs or did not pass, 2 usage or input error, 3 internal error (a bug
    in policy: please report it), 130 interrupted (Ctrl-C; 143 by SIGTERM, 129 by SIGHUP), 141 standard
    output closed by its reader.
    """


cli.commands = _Commands(COMMANDS)


class _WholeWrites(io.RawIOBase):
    """A file descriptor each write to which is made whole or fails: Python's own writer, whose write to a pipe
    whose reader went away midway (`policy eval … | head`) comes back short, drops the rest without an error, so
    the command ended as if its output had been read (exit 0, not 141)."""

    def __init__(self, fd: int):
        self.fd = fd

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def fileno(self) -> int:
        return self.fd

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        while view:
            view = view[os.write(self.fd, view):]  # raises BrokenPipeError once the reader has gone
        return len(data)


def _whole_writes_to_a_pipe() -> None:
    """Standard output through `_WholeWrites` when it is a pipe, its encoding and buffering as they were."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        stream = sys.stdout
        if stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode):
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_WholeWrites(stream.fileno())), encoding=stream.encoding,
                                          errors=stream.errors, line_buffering=bool(stream.line_buffering))


def main() -> None:
    stop_on_signals()  # a scheduler's stop and a closed terminal end a command as Ctrl-C does
    _whole_writes_to_a_pipe()
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt as interruption:
        with speaking(language_of(sys.argv[1:])):
            click.echo(in_language("interrupted", "已中断"), err=True)
        sys.exit(exit_code(interruption))
    except Exception as error:  # an engine bug, never a user mistake: show it and ask for a report
        with speaking(language_of(sys.argv[1:])):
            _report(error)


def _report(error: Exception) -> None:
    parallel = sys.modules.get("engine.parallel")  # imported only by the commands that fork workers
    if parallel is not None and isinstance(error, parallel.WorkerDied):  # the system killed one: no bug
        click.echo(in_language(f"error: {error}. Run the command again when more memory is free",
                               "错误：有一个工作进程没做完就结束了，多半是系统内存不足把它停掉了。"
                               "请在内存空闲较多时重新运行这条命令"), err=True)
        sys.exit(2)
    click.echo(traceback.format_exc(), err=True)
    click.echo(in_language("internal error: this is a bug in policy, not in your input. Please report it with the "
                           "command you ran and the files it read.",
                           "内部错误：这是 policy 程序的缺陷，不是您输入的问题。"
                           "请报告，并附上所运行的命令和它读取的文件。"),
               err=True)
    sys.exit(3)


if __name__ == "__main__":
    main()
