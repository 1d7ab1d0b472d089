"""Checked policies kept on disk (`engine.policy_cache`): read back, they decide and explain as a full load
does; an edit, another engine or other limits load in full again; errors are never kept; a damaged entry or a
folder others can write to only costs the time of a full load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import engine.loader
from engine import limits, policy_cache, yamlsource
from engine.diagnostics import PolicyError
from engine.evaluator import evaluate
from engine.explain import explain
from engine.household import validate_household
from engine.household_input import read_json
from engine.loader import load_policy
from engine.render import decision_json
from tests.helpers import EXAMPLES, MINI, ROOT

SHIPPED = sorted((ROOT / "policy").glob("*.yaml"))
SPARE = "parameters:\n  spare:\n    value: 3 yuan\n    label: {zh: 备用, en: spare}\n"  # an unused one: a warning


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A cache folder of the test's own, empty."""
    where = tmp_path / "cache"
    monkeypatch.setenv("POLICY_CACHE_DIR", str(where))
    monkeypatch.delenv("POLICY_NO_CACHE", raising=False)
    return where


@pytest.fixture
def full_loads(monkeypatch):
    """How many times the full loader ran."""
    calls: list[str] = []
    real = engine.loader.load_policy

    def counted(path, raw=None):
        calls.append(str(path))
        return real(path, raw=raw)
    monkeypatch.setattr(engine.loader, "load_policy", counted)
    return calls


def _copy(tmp_path: Path, text: str, name: str = "draft.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("file", SHIPPED, ids=lambda p: p.name)
def test_a_policy_read_back_decides_and_explains_as_one_loaded_in_full(folder, full_loads, file):
    fresh, fresh_warnings = load_policy(file)
    policy_cache.load_policy_file(file)
    kept, kept_warnings = policy_cache.load_policy_file(file)
    assert full_loads == [str(file)]  # the second came from the cache
    assert kept is not fresh and kept == fresh and kept_warnings == fresh_warnings
    assert kept.parameter_values == fresh.parameter_values
    # every node's checked type, which the evaluator and the explanations look up by the node itself
    pairs = list(zip(policy_cache._nodes(fresh), policy_cache._nodes(kept), strict=True))
    assert len(pairs) > 200
    assert all(kept.types.get(id(b)) == fresh.types.get(id(a)) and a == b for a, b in pairs)
    for path in sorted(EXAMPLES.glob("*.json")):
        data = read_json(path.read_text(encoding="utf-8"), str(path))
        day = fresh.meta.effective_from
        outputs = []
        for policy in (fresh, kept):
            decision = evaluate(policy, validate_household(data, policy, str(path), today=day), day)
            outputs.append(json.dumps(decision_json(decision, explain(decision, "zh")), ensure_ascii=False))
        assert outputs[0] == outputs[1], path.name


def test_warnings_are_kept_with_the_policy(folder, full_loads, tmp_path):
    path = _copy(tmp_path, MINI.read_text(encoding="utf-8").replace("parameters:\n", SPARE, 1))
    first = policy_cache.load_policy_file(path)[1]
    again = policy_cache.load_policy_file(path)[1]
    assert [(d.code, d.message) for d in again] == [(d.code, d.message) for d in first] == [
        ("C005", "parameter `spare` is never used")]
    assert len(full_loads) == 1


def test_an_edited_file_is_loaded_again(folder, full_loads, tmp_path):
    text = MINI.read_text(encoding="utf-8")
    path = _copy(tmp_path, text)
    before = policy_cache.load_policy_file(path)[0]
    path.write_text(text.replace("value: 490 yuan/month", "value: 500 yuan/month"), encoding="utf-8")
    after = policy_cache.load_policy_file(path)[0]
    assert len(full_loads) == 2
    assert before.parameter_values["dibao_standard"] != after.parameter_values["dibao_standard"]
    assert after.sha256 != before.sha256


def test_the_same_bytes_under_another_name_are_their_own_entry(folder, full_loads, tmp_path):
    text = MINI.read_text(encoding="utf-8")
    one, two = _copy(tmp_path, text, "one.yaml"), _copy(tmp_path, text, "two.yaml")
    assert policy_cache.load_policy_file(one)[0].file == str(one)
    assert policy_cache.load_policy_file(two)[0].file == str(two)  # every place it names is in this file
    assert len(full_loads) == 2


def test_a_file_with_errors_is_never_kept(folder, full_loads, tmp_path):
    path = _copy(tmp_path, MINI.read_text(encoding="utf-8").replace("490 yuan/month", "490 yuan/week"))
    for _ in range(2):
        with pytest.raises(PolicyError) as error:
            policy_cache.load_policy_file(path)
        assert error.value.diagnostics[0].span is not None
    assert len(full_loads) == 2
    assert not list(folder.glob("*.pickle"))


def test_a_missing_file_is_said_as_the_loader_says_it(folder, tmp_path):
    with pytest.raises(PolicyError) as error:
        policy_cache.load_policy_file(tmp_path / "absent.yaml")
    assert [d.code for d in error.value.diagnostics] == ["L001"]


def test_a_damaged_entry_is_loaded_in_full_and_replaced(folder, full_loads):
    policy_cache.load_policy_file(MINI)
    [entry] = folder.glob("*.pickle")
    for damage in (b"", b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        assert policy_cache.load_policy_file(MINI)[0].meta.id
    assert len(full_loads) == 4
    policy_cache.load_policy_file(MINI)
    assert len(full_loads) == 4  # replaced by a whole one


def test_an_entry_of_another_engine_or_other_limits_is_not_used(folder, full_loads, monkeypatch):
    policy_cache.load_policy_file(MINI)
    monkeypatch.setattr(policy_cache, "_engine_fingerprint", lambda: "an engine changed since")
    policy_cache.load_policy_file(MINI)
    assert len(full_loads) == 2
    # a lower limit (`POLICY_MAX_POLICY_BYTES`, read when the engine starts) refuses what was kept under a higher one
    monkeypatch.setattr(limits, "MAX_POLICY_BYTES", 100)
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 100)
    with pytest.raises(PolicyError) as error:
        policy_cache.load_policy_file(MINI)
    assert [d.code for d in error.value.diagnostics] == ["L007"]


def test_an_edit_to_the_engine_changes_its_fingerprint(tmp_path, monkeypatch):
    package = tmp_path / "engine"
    (package / "syntax").mkdir(parents=True)
    (package / "policy_cache.py").write_text("")
    (package / "syntax" / "grammar.lark").write_text("start: NUMBER")
    monkeypatch.setattr(policy_cache, "__file__", str(package / "policy_cache.py"))
    policy_cache._engine_fingerprint.cache_clear()
    try:
        before = policy_cache._engine_fingerprint()
        policy_cache._engine_fingerprint.cache_clear()
        (package / "syntax" / "grammar.lark").write_text("start: NUMBER | NAME")
        assert policy_cache._engine_fingerprint() != before
    finally:
        policy_cache._engine_fingerprint.cache_clear()


def test_the_cache_can_be_turned_off(folder, full_loads, monkeypatch):
    monkeypatch.setenv("POLICY_NO_CACHE", "1")
    policy_cache.load_policy_file(MINI)
    policy_cache.load_policy_file(MINI)
    assert len(full_loads) == 2
    assert not folder.exists()


def test_a_folder_others_can_write_to_is_not_used(folder, full_loads):
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)  # anyone could put an entry there, and an entry is unpickled
    policy_cache.load_policy_file(MINI)
    policy_cache.load_policy_file(MINI)
    assert len(full_loads) == 2
    assert not list(folder.glob("*.pickle"))


def test_a_folder_that_cannot_be_made_only_costs_the_full_load(tmp_path, monkeypatch, full_loads):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("POLICY_CACHE_DIR", str(blocker / "cache"))
    assert policy_cache.load_policy_file(MINI)[0].meta.id
    assert len(full_loads) == 1


def test_old_entries_and_what_a_killed_writer_left_are_pruned(folder, monkeypatch, tmp_path):
    monkeypatch.setattr(policy_cache, "KEPT", 2)
    text = MINI.read_text(encoding="utf-8")
    policy_cache.load_policy_file(_copy(tmp_path, text))
    old, recent = folder / ".old.tmp", folder / ".recent.tmp"  # a killed writer's, and one being written now
    for left in (old, recent):
        left.write_bytes(b"half an entry")
    os.utime(old, (0, 0))
    for standard in (491, 492, 493):
        policy_cache.load_policy_file(_copy(tmp_path, text.replace("490 yuan/month", f"{standard} yuan/month")))
    assert len(list(folder.glob("*.pickle"))) == 2
    assert not old.exists() and recent.exists()


def _after_command(report: str) -> str:
    """A script that runs `policy` with its arguments, its output dropped, then prints what `report` says of the
    process (the modules it imported, the patterns it compiled)."""
    return ("import contextlib, io, re, sys\n"
            "from cli.main import main\n"
            "sys.argv = ['policy', *sys.argv[1:]]\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            "        main()\n"
            "    except SystemExit as end:\n"
            "        assert end.code == 0, end.code\n"
            f"print({report})\n")


def test_policy_eval_with_a_warm_cache_reads_no_yaml_schema_or_grammar(tmp_path):
    """What makes `policy eval` start fast: nothing of the loader is imported for policies loaded before."""
    heavy = ("yaml", "jsonschema", "lark", "engine.loader", "engine.checker", "cli.batch_cmd", "engine.batch", "numpy",
             "engine.monitor.register", "sqlite3", "importlib.metadata", "email", "tempfile")
    script = _after_command(f"sorted(m for m in {heavy!r} if m in sys.modules)")
    env = {**os.environ, "POLICY_CACHE_DIR": str(tmp_path / "cache")}
    example = str(EXAMPLES / "DS-0001-dibao-widow.json")
    runs = [subprocess.run([sys.executable, "-c", script, "eval", example, "--explain"], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True).stdout.strip() for _ in range(2)]
    assert "'engine.loader'" in runs[0]  # the first run loads and keeps the policies
    assert runs[1] == "[]"


def test_policy_batch_on_json_lines_with_a_warm_cache_reads_no_csv_tables_checker_schema_or_grammar(tmp_path):
    """What `policy batch` on JSON Lines with the fast engine starts without: the modules of CSV tables, which
    imported the checker with its schema validator and grammar for the words of a misspelt column; and those of
    options it is not given, `--only-changed` (`engine.batch.earlier`) and `--rename-value`
    (`engine.batch.renamed_values`, with the CSV tables' layout it reads words by)."""
    heavy = ("yaml", "jsonschema", "lark", "engine.loader", "engine.checker", "engine.batch.csv_tables",
             "engine.batch.csv_columns", "engine.batch.csv_joins", "engine.batch.spark", "sqlite3",
             "engine.batch.earlier", "engine.batch.renamed_values", "engine.batch.csv_layout")
    script = _after_command(f"sorted(m for m in {heavy!r} if m in sys.modules)")
    env = {**os.environ, "POLICY_CACHE_DIR": str(tmp_path / "cache")}
    households, decisions = tmp_path / "households.jsonl", tmp_path / "decisions.jsonl"
    subprocess.run([sys.executable, "-m", "cli.main", "sample", "--n", "20", "--seed", "7", "-o", str(households)],
                   cwd=ROOT, env=env, capture_output=True, check=True)
    runs = [subprocess.run([sys.executable, "-c", script, "batch", str(households), "-o", str(decisions), "-j", "1"],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)]
    assert runs[1] == "[]"
    assert decisions.read_text(encoding="utf-8").count("\n") == 20


def test_commands_with_a_warm_cache_compile_no_pattern_of_every_chinese_character(tmp_path):
    """A pattern spanning the Chinese characters (`[\\u4e00-\\u9fff]`) takes 1–2 ms to compile, at start-up if it
    is compiled there: `policy --help`, `policy eval` and `policy check` match none of a correct policy."""
    script = _after_command("sorted(key[1] for key in re._cache\n"
                            "             if 'u9fff' in str(key[1]) or chr(0x9fff) in str(key[1]))")
    env = {**os.environ, "POLICY_CACHE_DIR": str(tmp_path / "cache")}
    example = str(EXAMPLES / "DS-0001-dibao-widow.json")
    for command in (["eval", example, "--explain"], ["--help"], ["eval", example, "--format", "json"],
                    ["check", "policy/"], ["eval", example, "--explain", "--lang", "en"]):
        subprocess.run([sys.executable, "-c", script, *command], cwd=ROOT, env=env, check=True, capture_output=True)
        run = subprocess.run([sys.executable, "-c", script, *command], cwd=ROOT, env=env, capture_output=True,
                             text=True, check=True)
        assert run.stdout.strip() == "[]", command
    # nor a policy checked in full (just edited): the patterns that word a syntax error wait for one
    run = subprocess.run([sys.executable, "-c", script, "check", "policy/"], cwd=ROOT, capture_output=True, text=True,
                         env={**env, "POLICY_NO_CACHE": "1"}, check=True)
    assert run.stdout.strip() == "[]"
