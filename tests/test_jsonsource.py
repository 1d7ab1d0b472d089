"""Where a value or a key of a JSON text is: the span a household finding points at."""

from __future__ import annotations

import json

import pytest

from engine.diagnostics import Span
from engine.jsonsource import JsonText

HOUSEHOLD = """{
  "id": "DS-0001",
  "members": [
    {"id": "p1", "birth_date": "1952-13-01"},
    {"id": "p2",
     "relation": "户主", "sex": "男"}
  ],
  "income": [ ],
  "assets" : {"deposits" :3000}
}
"""


def shown(text: JsonText, path: tuple[str | int, ...], key: bool = False) -> tuple[str, str] | None:
    """Where the span is, and the text it covers (on its first line)."""
    span = text.span(path, key=key)
    if span is None:
        return None
    line = text.text.split("\n")[span.line - text.line]
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    return f"{span.line}:{span.column}", line[span.column - 1:end]


@pytest.mark.parametrize(("path", "key", "expected"), [
    (("members", 0, "birth_date"), False, ("4:32", '"1952-13-01"')),
    (("members", 0, "birth_date"), True, ("4:18", '"birth_date"')),
    (("members", 1, "sex"), False, ("6:31", '"男"')),   # a column is a character, wide or not
    (("members", 1), False, ("5:5", '{"id": "p2",')),  # a map over several lines: from its `{` to the line's end
    (("income",), False, ("8:13", "[ ]")),
    (("assets", "deposits"), False, ("9:27", "3000")),  # white space around the colon
    (("assets", "deposits"), True, ("9:15", '"deposits"')),
    ((), False, ("1:1", "{")),
    ((), True, ("1:1", "{")),                          # the document has no key: its value is the place
    (("members", 1, 0), True, None),                   # a key is never an index
])
def test_a_path_finds_its_value_or_its_key(path, key, expected):
    assert shown(JsonText(HOUSEHOLD, "household.json"), path, key) == expected


@pytest.mark.parametrize("path", [("members", 2), ("members", "0"), ("income", 0), ("id", "x"), ("nothing",),
                                  ("members", 0, "birth_date", "year")])
def test_a_path_the_text_does_not_hold_has_no_span(path):
    assert JsonText(HOUSEHOLD, "household.json").span(path) is None


def test_a_line_of_json_lines_counts_from_its_own_line_and_bytes_are_read_as_utf8():
    line = json.dumps({"id": "DS-0002", "members": [{"id": "p1", "sex": "男"}]}, ensure_ascii=False)
    text = JsonText(line.encode("utf-8"), "households.jsonl", line=17)
    span = text.span(("members", 0, "sex"))
    assert span is not None and (str(span), span.end_column - span.column) == ("households.jsonl:17:51", 3)


def test_a_byte_order_mark_is_not_a_column_and_an_escaped_key_is_its_text():
    text = JsonText('\ufeff{"\\u0069d": "a", "x\\"y": [1, 2.50, -3e2, true, null, "\\n"]}', "h.json")
    assert str(text.span(("id",))) == "h.json:1:13"
    span = text.span(("x\"y", 5))
    assert span is not None and (str(span), span.end_column) == ("h.json:1:54", 58)


def test_a_text_that_is_not_the_json_read_has_no_span_rather_than_an_error():
    assert JsonText('{"members": [{"id": ', "h.json").span(("members", 0, "id")) is None
    assert JsonText("", "h.json").span(("id",)) is None


def test_each_value_is_skipped_once_however_many_spans_are_asked(monkeypatch):
    """A list of thousands of households, each with a finding, is walked once, not once per finding."""
    from engine import jsonsource

    items = [{"id": str(i), "members": []} for i in range(50)]
    text = JsonText(json.dumps(items), "h.json")
    skipped: list[int] = []
    real = jsonsource._SKIPPER.raw_decode
    monkeypatch.setattr(jsonsource._SKIPPER, "raw_decode", lambda s, at: skipped.append(at) or real(s, at))
    for _ in range(2):
        assert [text.span((i, "id")) is not None for i in range(50)] == [True] * 50
    assert len(skipped) == 1 + 50 + 50 * 2 * 2  # the list, its items, and each item's keys and values


def test_a_refused_word_or_repeated_key_is_spotted_in_the_text():
    text = JsonText('{"id": "a", "m": {"id": "b", "x": [1, NaN]},\n "id": "c", "k": {"a\\"id": 1}}', "h.json")
    assert text.spot(bare="NaN") == Span("h.json", 1, 39, 1, 42)
    assert text.spot(repeated_key="id") == Span("h.json", 2, 2, 2, 6)  # the inner map's `id` is its own
    assert text.spot(bare="Infinity") is None and text.spot(repeated_key="k") is None
    assert text.spot(bare="id") is None  # a word inside a string is not a word
