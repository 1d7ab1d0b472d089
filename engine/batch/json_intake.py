"""A block of JSON Lines → one Arrow table in the households layout, read by Arrow's JSON reader.

Input: the lines of a chunk (bytes, one household each) and the policy. Output: a `Parsed` —
the table (dates as text), the line behind each of its rows, and the lines left to the
record-by-record route.
Invariants: a line reaches the table only when Arrow reads it exactly as `engine.household_input.read_json`
and the quick route would: a line that holds anything Arrow reads differently is left to the
record route *before* parsing — bytes that are not UTF-8, an amount with an exponent or more than two
decimals or written as text (Arrow refuses all three in an integer field), a key
written with an escape, a null where the field may not be null (Arrow cannot tell it from an absent key), a byte-order
mark. Arrow refuses the rest of what is wrong (a duplicate key, a value of the wrong kind, an
unknown key, text that is not UTF-8, a lone surrogate); the lines of a block it refuses are
halved until each refused line stands alone, and those go to the record route. So the
columnar intake (`engine.batch.arrow_intake`) sees, for every line it is given, the values the
record route would validate.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.batch.arrow_intake import nulls_read_alike
from engine.batch.arrow_words import written_apart
from engine.batch.line_block import joined
from engine.diagnostics import is_utf8
from engine.export_words import Words
from engine.model import Policy, per_policy


@dataclass
class Parsed:
    table: Any  # Arrow table in the households layout, dates as text; None when no line was read
    lines: list[int]  # the index (in the chunk's lines) of each row of the table
    rest: list[int]  # the lines for the record route


class JsonShape:
    """What reading a policy's households with Arrow needs: the schema, and the patterns that send a line away."""

    def __init__(self, policy: Policy):
        import pyarrow as pa
        import pyarrow.json as pj

        from engine.batch.parquet_layout import households_arrow_schema

        self.schema = households_arrow_schema(policy, dates=pa.string())
        self.options = pj.ParseOptions(explicit_schema=self.schema, unexpected_field_behavior="error")
        # with --ignore-column: other fields read too, to be dropped (`_read`)
        self.inferring = pj.ParseOptions(explicit_schema=self.schema, unexpected_field_behavior="infer")
        # Arrow refuses text, decimals and exponents in an integer field; in a decimal field it takes
        # "12" and 1e3, and rounds 5.100 to 5.10, so those keys are looked at in the text
        decimal_keys = sorted({f.name.rsplit(".", 1)[-1] for f in policy.inputs.values()
                               if f.type in ("money", "number")} | {"amount"})
        # keys whose null is the field's own null: not a name any other key could have
        others = {"id", "date", "members", "income", "expenses", "type", "member", "amount",
                  *(f.name.split(".", 1)[0] for f in policy.input_fields("household")),
                  *(f.name.rsplit(".", 1)[-1] for f in policy.inputs.values() if not f.nullable)}
        self.nullable = {f.name.rsplit(".", 1)[-1].encode() for f in policy.inputs.values()
                         if f.nullable and f.name.rsplit(".", 1)[-1] not in others}
        self.usable = nulls_read_alike(policy)  # Arrow's null cannot tell an absent key from a null
        # each pattern starts with a literal, so that the regular expression engine skips ahead quickly (a
        # negative zero, which Arrow reads as 0, is read alike: the sign of a zero decides nothing, is never written)
        self.patterns = [
                         # text, an exponent (after the digits, or after a fraction), a third decimal; the
                         # possessive quantifiers never give back digits, so a plain amount fails at once
                         *[re.compile(b'"' + re.escape(k.encode()) + rb'"\s*+:\s*+(?:"|-?[0-9]++(?:[eE]'
                                      rb'|\.(?:[0-9]{3}|[0-9]*+[eE])))') for k in decimal_keys],
                         # a null (or the word anywhere) that is not the value of a nullable field's own key,
                         # `"key":null` or `"key": null`: the look-behinds run only where `null` was found
                         re.compile(b"null" + b"".join(b"(?<!" + re.escape(b'"' + n + b'"' + gap + b"null") + b")"
                                                       for n in sorted(self.nullable) for gap in (b":", b": ")))]
        # patterns looked for only when their first bytes occur at all (they seldom do)
        self.rare = [(b"\\", re.compile(rb"\\(?:[^\"\\]|\\.)*\"\s*:")),  # an escape inside a key
                     (b"\xef\xbb\xbf", re.compile(b"\xef\xbb\xbf"))]  # a byte-order mark
        self.key = (self.schema, tuple(sorted(self.nullable)), self.usable, tuple(decimal_keys))


@functools.cache
def _written(words: Words) -> re.Pattern[bytes]:
    """Any of the words of `--rename-value` written as a JSON text, spaces within its quotes aside: `"否"`."""
    texts = sorted({word.encode() for _, _, pairs in words for word, _ in pairs}, key=len, reverse=True)
    return re.compile(rb'"\s*(?:' + b"|".join(re.escape(text) for text in texts) + rb')\s*"')


@per_policy
def json_shape(policy: Policy) -> JsonShape:
    return JsonShape(policy)


def parse_lines(lines: Sequence[bytes], policies: Sequence[Policy], ignored: frozenset[str] = frozenset(),
                words: Words = ()) -> Parsed | None:
    """Read the lines with Arrow, leaving to the record route every line it might read differently.

    None when the policies read households differently (each line may fall under any of them), or without
    pyarrow (not installed with `pip install -e .` alone): the record route decides every line then.
    `ignored`: the fields of `--ignore-column`, read by Arrow as they come and dropped; lines with any other
    unknown field are refused as without them. `words`: the values of `--rename-value`; a line that writes one of a
    field that is no text (`"serious_illness": "否"`) is left to the record route, which reads it as the value
    (`engine.export_words`); the words of text fields are read by Arrow, then renamed (`engine.batch.arrow_words`)."""
    try:
        import pyarrow as pa
    except ImportError:
        return None

    shape = json_shape(policies[0])
    if not shape.usable or any(json_shape(p).key != shape.key for p in policies[1:]):
        return None
    block, starts = joined(lines)
    ascii_only = block.isascii()  # then no byte-order mark, and nothing that is not UTF-8
    patterns = shape.patterns + [pattern for first, pattern in shape.rare  # (no byte-order mark in ASCII)
                                 if (first.isascii() or not ascii_only) and first in block]
    apart = written_apart(words, shape.schema) if words else ()
    if apart:
        patterns.append(_written(apart))
    found = [m.start() for pattern in patterns for m in pattern.finditer(block)]
    doubtful = {int(i) for i in np.searchsorted(starts, found, side="right") - 1}
    if not ascii_only:  # Arrow keeps the bytes of a string as they are, even when they are not UTF-8
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            doubtful |= {i for i, line in enumerate(lines) if not is_utf8(line)}
    wanted = [i for i in range(len(lines)) if i not in doubtful]
    tables: list[Any] = []
    kept: list[int] = []
    refused: list[int] = []

    def attempt(indexes: list[int]) -> None:
        data = block if len(indexes) == len(lines) else b"\n".join([lines[i] for i in indexes])
        table = _read(data, shape, ignored)
        if table is not None and table.num_rows == len(indexes):
            tables.append(table)
            kept.extend(indexes)
        elif len(indexes) == 1:
            refused.append(indexes[0])
        else:
            middle = len(indexes) // 2
            attempt(indexes[:middle])
            attempt(indexes[middle:])

    if wanted:
        attempt(wanted)
    table = pa.concat_tables(tables) if tables else None
    return Parsed(table, kept, sorted(doubtful | set(refused)))


def _read(data: bytes, shape: JsonShape, ignored: frozenset[str] = frozenset()) -> Any:
    """The lines in `data` (joined by newlines) as a table, or None when Arrow refuses them (`ignored`: or when they
    hold an unknown field that is not one of these, which are dropped)."""
    import pyarrow.json as pj

    options = pj.ReadOptions(use_threads=False, block_size=max(len(data) + 1, 1 << 16))
    try:
        if not ignored:
            return pj.read_json(io.BytesIO(data), read_options=options, parse_options=shape.options)
        from engine.batch.ignored import arrow_without

        table = arrow_without(pj.read_json(io.BytesIO(data), read_options=options, parse_options=shape.inferring),
                              ignored)
    except Exception:  # Arrow refuses in several ways (ArrowInvalid, UnicodeDecodeError, …)
        return None
    return table if table.schema.equals(shape.schema) else None
