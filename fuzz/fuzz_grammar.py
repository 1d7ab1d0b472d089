"""Fuzz the rule-language parser and printer: only ParseFailure may escape; printing round-trips."""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports():
    from engine.syntax.parser import ParseFailure, parse
    from engine.syntax.printer import to_text


def test_one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(200)
    try:
        node = parse(text)
    except ParseFailure:
        return
    assert parse(to_text(node)) == node, text


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
