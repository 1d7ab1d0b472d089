"""The rule language's parser kept on disk (`engine.syntax.parser`): built from the grammar once, read back by the
next command from the folder of checked policies (`engine.policy_cache`), found by the grammar's text; a damaged
entry, or a folder that cannot be written, only costs the time of building it again; `POLICY_NO_CACHE=1` keeps
nothing anywhere."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from engine.syntax import parser
from engine.syntax.parser import GRAMMAR, build_parser, parse

RULE = "per_capita_income < dibao_standard and housing.safety_grade in {\"C\", \"D\"}"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A cache folder of the test's own, empty; the process's parser forgotten before and after."""
    where = tmp_path / "cache"
    monkeypatch.setenv("POLICY_CACHE_DIR", str(where))
    monkeypatch.delenv("POLICY_NO_CACHE", raising=False)
    parser._lark.cache_clear()
    yield where
    parser._lark.cache_clear()


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "grammar").glob("*.lark"))


def _positions(text: str, built: object) -> list[tuple[str, int, int, int, int]]:
    tree = built.parse(text)  # type: ignore[attr-defined]
    return [(t.data, t.meta.line, t.meta.column, t.meta.end_line, t.meta.end_column) for t in tree.iter_subtrees()]


def test_the_parser_is_kept_in_the_cache_folder_and_read_back_as_built(folder):
    assert parse(RULE)
    kept = _entries(folder)
    assert len(kept) == 1
    assert kept[0].stat().st_mode & 0o077 == 0  # nobody else may read it, or write it
    assert not list((folder / "grammar").glob("*.tmp"))  # written whole: nothing left half-way
    fresh, read_back = build_parser(GRAMMAR.read_text(encoding="utf-8")), build_parser(GRAMMAR.read_text("utf-8"))
    assert read_back.parse(RULE) == fresh.parse(RULE)
    assert _positions(RULE, read_back) == _positions(RULE, fresh)
    assert _entries(folder) == kept


def test_an_entry_is_found_by_the_grammar_text(folder):
    grammar = GRAMMAR.read_text(encoding="utf-8")
    build_parser(grammar)
    build_parser(grammar + "\n// an edited grammar is built again, never read from the entry of the old one\n")
    assert len(_entries(folder)) == 2


def test_a_damaged_entry_is_built_again_and_replaced(folder):
    parse(RULE)
    [entry] = _entries(folder)
    entry.write_bytes(b"half an entry")
    parser._lark.cache_clear()
    assert parse(RULE) == parse(RULE)
    assert entry.read_bytes() != b"half an entry"
    assert _positions(RULE, build_parser(GRAMMAR.read_text(encoding="utf-8")))


def test_a_cache_folder_that_cannot_be_made_only_costs_the_build(folder, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("POLICY_CACHE_DIR", str(blocked))
    assert parse(RULE)
    assert blocked.read_text() == "not a folder"


def test_without_the_cache_nothing_is_kept_anywhere(folder, tmp_path, monkeypatch):
    """Not in the cache folder, nor in the shared temporary folder, where another user could leave a parser of
    theirs to be read back."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("POLICY_NO_CACHE", "1")
    assert parse(RULE)
    assert not folder.exists()
    assert list(shared.iterdir()) == []


def test_the_oldest_parsers_go_when_another_is_kept(folder):
    """One parser is kept for each grammar, Lark and Python a command ran with: a few are kept, the oldest go."""
    grammar = GRAMMAR.read_text(encoding="utf-8")
    for n in range(parser.KEPT_PARSERS):
        build_parser(grammar + f"\n// version {n}\n")
    for age, entry in enumerate(sorted(_entries(folder), key=lambda e: e.stat().st_mtime_ns)):
        os.utime(entry, (age, age))  # in the order written, however fast
    oldest = min(_entries(folder), key=lambda e: e.stat().st_mtime_ns)
    build_parser(grammar)
    kept = _entries(folder)
    assert len(kept) == parser.KEPT_PARSERS and oldest not in kept
