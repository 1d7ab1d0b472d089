"""Every example in every command's `--help` runs as written.

Each example runs through click's CliRunner in a folder of its own that holds what a user's folder
would: the shipped policies, the example households and test cases, and the files the examples name
(`household.json`, `many.jsonl`, `exports/`, CSV tables in `tables/`, the same under a county's own
headers in `county/`, with values in its own words in `village/`, a register, …). Pipes (`a | b`) and
redirections (`> file`) are followed.
Two things cannot run here as written and are changed, each for a stated reason (SUBSTITUTIONS);
the Spark example needs a cluster, so the job is handed to a stand-in that checks it is given the
URLs as written. The examples of a `policy monitor` command run in the order given, in one folder, as
a user trying them one after another runs them: an application is recorded before it is closed or
voided, a snapshot before it is voided.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from engine.batch.csv_tables import write_households_csv
from engine.loader import load_policy
from tests.helpers import ROOT

SUBSTITUTIONS = {  # as written → as run here, and why
    "--n 100000": "--n 300",  # the same code path, a hundredth of the time
    "/srv/desk/register.sqlite3": "desk/register.sqlite3",  # a folder the test may write in
}
def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def help_examples(command: click.Command) -> list[str]:
    """The example command lines of a help text, continuation lines joined."""
    lines = (command.help or "").splitlines()
    found: list[str] = []
    inside = False
    for line in lines:
        text = line.strip()
        if re.fullmatch(r"Examples?:", text):
            inside = True
            continue
        if not inside:
            continue
        if not text:
            break
        if found and found[-1].endswith("\\"):
            found[-1] = found[-1][:-1].rstrip() + " " + text
        else:
            found.append(text)
    return found


EXAMPLES = [(" ".join(path) or "policy", example) for path, command in _commands(cli)
            for example in help_examples(command) if path[:1] != ("monitor",)]
SEQUENCES = {" ".join(path): help_examples(command) for path, command in _commands(cli) if path[:1] == ("monitor",)}


def test_every_command_has_examples_under_one_heading() -> None:
    for path, command in _commands(cli):
        examples = help_examples(command)
        assert examples, f"policy {' '.join(path)} --help has no example"
        heading = "Example:" if len(examples) == 1 else "Examples:"
        assert heading in (command.help or ""), f"policy {' '.join(path)}: {len(examples)} under the wrong heading"


# the files the folder below holds as a user's own (the examples name them; nothing shipped is called so)
USERS_OWN = ("household.json", "a.json", "b.json", "many.jsonl", "households.jsonl", "exports/", "tables/",
             "export/", "county/", "village/", "old.yaml", "new.yaml", "holidays-2027.yaml", "decisions-2025.jsonl",
             "/srv/desk/register.sqlite3")


def test_a_help_whose_examples_read_a_users_own_files_says_so() -> None:
    for path, command in _commands(cli):
        read = [re.sub(r"(-o|>) \S+", "", example) for example in help_examples(command)]  # not what they write
        named = [name for name in USERS_OWN if any(re.search(rf"(?<![\w/-]){re.escape(name)}", example)
                                                     for example in read)]
        if named:
            assert re.search(r"stands? for your own", " ".join((command.help or "").split())), \
                f"policy {' '.join(path)} --help names {', '.join(named)} and does not say they stand for the user's"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's folder: what the examples read, and a register with the example households in it."""
    base = tmp_path_factory.mktemp("examples")
    shutil.copytree(ROOT / "policy", base / "policy")
    shutil.copytree(ROOT / "examples", base / "examples")
    shutil.copytree(ROOT / "tests" / "cases", base / "tests" / "cases")
    households = sorted((ROOT / "examples" / "households").glob("*.json"))
    shutil.copy(households[0], base / "household.json")
    shutil.copy(households[1], base / "a.json")
    shutil.copy(households[2], base / "b.json")
    lines = "".join(json.dumps(json.loads(h.read_text(encoding="utf-8")), ensure_ascii=False) + "\n"
                    for h in households)
    for name in ("many.jsonl", "households.jsonl", "exports/2026-03.jsonl"):
        (base / name).parent.mkdir(exist_ok=True)
        (base / name).write_text(lines, encoding="utf-8")
    for h in households:
        shutil.copy(h, base / "exports" / h.name)
    write_households_csv([json.loads(h.read_text(encoding="utf-8")) for h in households], base / "tables",
                         load_policy(base / "policy" / "post-transition.yaml")[0])  # a county's export, as CSV
    shutil.copytree(base / "tables", base / "export")  # the same with columns of the export's own
    for table, extra in (("households.csv", ["phone", "address"]), ("members.csv", ["name"])):
        head, *rows = (base / "export" / table).read_text(encoding="utf-8").splitlines()
        (base / "export" / table).write_text("\n".join([",".join([head, *extra]),
                                                        *(",".join([row, *["x"] * len(extra)]) for row in rows)])
                                             + "\n", encoding="utf-8")
    shutil.copytree(base / "tables", base / "county")  # the same under a county system's own headers
    for table, names in (("households.csv", {"id": "户编号", "assets.deposits": "存款"}),
                         ("members.csv", {"household": "户编号"}), ("lines.csv", {"household": "户编号"})):
        head, rest = (base / "county" / table).read_text(encoding="utf-8").split("\n", 1)
        (base / "county" / table).write_text(",".join(names.get(c, c) for c in head.split(",")) + "\n" + rest,
                                             encoding="utf-8")
    shutil.copytree(base / "tables", base / "village")  # the same with values in a county system's own words
    members = base / "village" / "members.csv"
    words = {",head,": ",户主,", ",spouse,": ",配偶,", ",male,": ",男,", ",female,": ",女,"}
    text = members.read_text(encoding="utf-8")
    for value, word in words.items():
        text = text.replace(value, word)
    members.write_text(text, encoding="utf-8")
    shutil.copy(base / "policy" / "2024-transition.yaml", base / "old.yaml")
    shutil.copy(base / "policy" / "post-transition.yaml", base / "new.yaml")
    (base / "desk").mkdir()
    # a calendar file as an office writes it from the State Council's notice (only its form matters here)
    (base / "holidays-2027.yaml").write_text("2027:\n  source: the notice\n  holidays: [2027-01-01]\n",
                                             encoding="utf-8")
    runner = CliRunner()
    with contextlib.chdir(base):
        for args in (["batch", "households.jsonl", "-o", "decisions-2025.jsonl", "--date", "2025-06-01"],
                     ["monitor", "ingest", "households.jsonl", "--date", "2025-06-01"]):
            assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0, args
    return base


def _run(words: list[str], stdin: bytes | None) -> Result:
    assert words[0] == "policy", words
    return CliRunner().invoke(cli, words[1:], input=stdin, catch_exceptions=False)


def _interrupt_a_batch(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave the journal of an interrupted run, as Ctrl-C before the end does."""
    import engine.batch.runner as runner

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(runner, "_finish", interrupted)
        assert CliRunner().invoke(cli, args, catch_exceptions=False).exit_code == 130


def _stand_in_for_a_cluster(words: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The Spark job is run by a stand-in that checks it gets the input, output and master as written."""
    import engine.batch.spark as spark
    from engine.batch.problems import Problems

    def run_spark(source: str, output: str, errors: str, job: object, master: str,
                  say: object = None, **progress: object) -> tuple[int, int, float, Counter[str], Problems, int, str]:
        assert (source, output, master) == (words[2], words[words.index("-o") + 1],
                                            words[words.index("--spark-master") + 1])
        assert errors == output + ".errors.jsonl"
        return 28, 0, 1.0, Counter(), Problems(), 0, "json"

    monkeypatch.setattr(spark, "run_spark", run_spark)


def _run_example(command: str, example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run one example in the current folder as a user types it."""
    line = example
    for written, here in SUBSTITUTIONS.items():
        line = line.replace(written, here)
    if "--engine spark" in line:
        _stand_in_for_a_cluster(shlex.split(line), monkeypatch)
    if "--resume" in line:
        _interrupt_a_batch(shlex.split(line.replace("--resume", ""))[1:], monkeypatch)
    *stages, last = [shlex.split(part) for part in line.split(" | ")]
    target = None
    if ">" in last:
        last, target = last[:last.index(">")], last[last.index(">") + 1]
    stdin = None
    for stage in stages:
        if stage[0] == "cat":
            stdin = Path(stage[1]).read_bytes()
        else:
            before = _run(stage, stdin)
            assert before.exit_code == 0, f"{' '.join(stage)}: {before.output}"
            stdin = before.stdout_bytes
    result = _run(last, stdin)
    assert result.exit_code in (0, 1), f"`{example}` (from policy {command} --help) exits {result.exit_code}:\n" \
        f"{result.output}"
    assert "Traceback" not in result.output
    if target is not None:
        Path(target).write_bytes(result.stdout_bytes)
        assert result.stdout_bytes.strip(), example


@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_help_example_runs(command: str, example: str, folder: Path, tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "here"
    shutil.copytree(folder, work)
    monkeypatch.chdir(work)
    _run_example(command, example, monkeypatch)


@pytest.mark.parametrize("command", SEQUENCES)
def test_monitor_examples_run_in_the_order_given(command: str, folder: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "here"
    shutil.copytree(folder, work)
    monkeypatch.chdir(work)
    for example in SEQUENCES[command]:
        _run_example(command, example, monkeypatch)
