"""The tutorials run as written: every command, every edit, every output shown.

Each tutorial page (docs/tutorial.md, docs/tutorial.zh.md) is read top to bottom in a
temporary copy of `policy/` and `examples/`. Markers in HTML comments, invisible on the
site, say what each fenced block is for:

* a ```sh block: each line is a command, run with bash and the installed `policy`; every
  command must exit 0, except that `<!-- exit: N -->` before the block sets the last one's;
* `<!-- output -->` before a ```text block: each of its lines must be one whole line of the
  output (stdout and stderr) of the ```sh block before it, bar indentation, and the lines must
  come in the order shown; `…` stands for any text, so a line cut short ends with `…`;
* `<!-- edit: FILE -->` before two blocks: the first must occur exactly once in FILE and is
  replaced by the second;
* `<!-- create: FILE -->` before a block: FILE is written with its text.

A block of another language with no marker is prose (an example to read), never run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

TUTORIALS = ["tutorial.md", "tutorial.zh.md"]
MARKER = re.compile(r"^<!--\s*(output|exit|edit|create)\s*:?\s*(.*?)\s*-->$")


@dataclass
class Block:
    lang: str
    text: str
    line: int
    marker: tuple[str, str] | None


def blocks(markdown: str) -> list[Block]:
    """The fenced blocks of a page, each with the marker comment that precedes it (if any)."""
    found: list[Block] = []
    marker: tuple[str, str] | None = None
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        match = MARKER.match(line.strip())
        if match:
            marker = (match.group(1), match.group(2))
        elif line.startswith("```"):
            lang, start, body = line[3:].strip(), i + 1, []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            found.append(Block(lang, "\n".join(body) + "\n", start, marker))
            marker = None
        i += 1
    return found


def commands(block: Block) -> list[str]:
    joined = block.text.replace("\\\n", " ")
    return [c.strip() for c in joined.splitlines() if c.strip() and not c.strip().startswith("#")]


def _matches(expected: str, line: str) -> bool:
    """Whether one shown line is one output line, bar its indentation (`…` stands for any text)."""
    pattern = ".*".join(re.escape(part) for part in expected.strip().split("…"))
    return re.fullmatch(pattern, line.strip()) is not None


def shown_in(expected: str, output: str) -> bool:
    """Whether one shown line is one line of the output."""
    return any(_matches(expected, line) for line in output.splitlines())


def shown_in_order(shown: str, output: str) -> str | None:
    """The first shown line not found in the output after the line before it, or None when all are."""
    lines, at = output.splitlines(), 0
    for expected in (line for line in shown.splitlines() if line.strip()):
        found = next((n for n in range(at, len(lines)) if _matches(expected, lines[n])), None)
        if found is None:
            return expected
        at = found + 1
    return None


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("COLUMNS", None)
    return env


def run_tutorial(page: Path, workdir: Path) -> list[str]:
    """Follow the page in `workdir`; return the commands run. Fails at the first step that differs."""
    env = _environment()
    assert shutil.which("policy", path=env["PATH"]), "the `policy` command is not installed (pip install -e .)"
    pending_edit: tuple[str, str] | None = None
    output: str | None = None
    ran: list[str] = []
    for block in blocks(page.read_text(encoding="utf-8")):
        where = f"{page.name}:{block.line}"
        kind, argument = block.marker or ("", "")
        if pending_edit is not None:
            file, old = pending_edit
            target = workdir / file
            text = target.read_text(encoding="utf-8")
            assert text.count(old) == 1, f"{where}: the text to find occurs {text.count(old)} times in {file}"
            target.write_text(text.replace(old, block.text), encoding="utf-8")
            pending_edit = None
        elif kind == "edit":
            pending_edit = (argument, block.text)
        elif kind == "create":
            (workdir / argument).write_text(block.text, encoding="utf-8")
        elif block.lang == "sh":
            expected_exit = int(argument) if kind == "exit" else 0
            steps = commands(block)
            output = ""
            for n, command in enumerate(steps):
                result = subprocess.run(["bash", "-c", command], cwd=workdir, env=env, capture_output=True,
                                        text=True, encoding="utf-8", timeout=120)
                output += result.stdout + result.stderr
                want = expected_exit if n == len(steps) - 1 else 0
                assert result.returncode == want, (
                    f"{where}: `{command}` exited {result.returncode}, the page says {want}\n"
                    f"{result.stdout}{result.stderr}")
                ran.append(command)
        elif kind == "output":
            assert output is not None, f"{where}: an output block before any command"
            missing = shown_in_order(block.text, output)
            assert missing is None, (f"{where}: not in the output, whole and after the line above it: "
                                     f"{missing!r}\n--- output:\n{output}")
        elif kind:
            pytest.fail(f"{where}: the marker `{kind}` does not apply to a ```{block.lang} block")
    assert pending_edit is None, f"{page.name}: an edit marker without its replacement block"
    return ran


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for folder in ("policy", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial_runs_as_written(name: str, workdir: Path) -> None:
    ran = run_tutorial(ROOT / "docs" / name, workdir)
    # the steps the handbook promises an officer, in both languages
    for needed in ("policy check", "policy test", "policy eval", "--explain", "policy diff", "policy doc"):
        assert any(needed in command for command in ran), f"{name} never runs `{needed}`"
    assert (workdir / "scratch" / "my-policy.md").is_file()
    edited = (workdir / "scratch" / "my-policy.yaml").read_text(encoding="utf-8")
    assert "530 yuan/month" in edited
    # the prose names the line of the clause added in step 4, as the explanation shows it: its rule's line
    rule = edited[:edited.rindex("test: deposits_per_capita <= dibao_standard * 36 months")].count("\n") + 1
    page = (ROOT / "docs" / name).read_text(encoding="utf-8")
    said = re.findall(r"\(line (\d+) of your file\)|（文件第 (\d+) 行）", page)
    assert said and {int(en or zh) for en, zh in said} == {rule}, f"{name} names line {said}, the rule is on {rule}"


def test_both_tutorials_run_the_same_commands_and_edits() -> None:
    def steps(name: str) -> list[tuple[str, str]]:
        found = []
        for block in blocks((ROOT / "docs" / name).read_text(encoding="utf-8")):
            if block.lang == "sh":
                found += [("sh", re.sub(r"--lang \w+", "--lang L", c)) for c in commands(block)]
            elif block.marker and block.marker[0] in ("edit", "create"):
                found.append((block.marker[0], block.marker[1]))
        return found

    assert steps("tutorial.md") == steps("tutorial.zh.md")


def test_each_tutorial_links_to_the_other() -> None:
    english = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    chinese = (ROOT / "docs" / "tutorial.zh.md").read_text(encoding="utf-8")
    assert "(tutorial.zh.md)" in english and "(tutorial.md)" in chinese


def test_the_checker_of_shown_output_can_fail() -> None:
    output = "checked 1 file: 0 errors, 0 warnings\n  DS-0011 (x.json): dibao_marginal → dibao\n"
    assert shown_in("checked 1 file: 0 errors, 0 warnings", output)
    assert shown_in("checked 1 file: 0 errors…", output)
    assert shown_in("DS-0011 … → dibao", output)
    assert not shown_in("checked 1 file: 0 errors", output)  # cut short without `…`
    assert not shown_in("checked 1 file: 1 error", output)
    assert not shown_in("dibao … DS-0011", output)
    assert not shown_in("DS-0011 (x.json): dibao_marginal  → dibao", output)  # spacing as printed
    assert shown_in_order("checked 1 file…\nDS-0011…", output) is None
    assert shown_in_order("DS-0011…\nchecked 1 file…", output) == "checked 1 file…"


def test_markers_are_read_from_the_page() -> None:
    page = ("<!-- exit: 1 -->\n```sh\npolicy check a.yaml\n```\n"
            "<!-- edit: f.yaml -->\n```yaml\na\n```\n\n```yaml\nb\n```\n")
    found = blocks(page)
    assert [(b.lang, b.marker) for b in found] == [("sh", ("exit", "1")), ("yaml", ("edit", "f.yaml")),
                                                   ("yaml", None)]
    assert commands(found[0]) == ["policy check a.yaml"]
