"""Batch output: decisions as JSON Lines, CSV or Parquet, a chunk at a time.

Input: the decision dictionaries of a chunk (DESIGN §7's JSON form) and the output's columns.
Output: the chunk's encoded bytes — JSON Lines or CSV as written, Parquet as an Arrow IPC
stream that `ParquetSink` turns into the file's row groups.
Invariants: every format holds the same decision (CSV and Parquet flatten it into the columns
of `Columns`, docs/batch.md); money stays exact (decimal text, `decimal(38,2)` in Parquet);
the same decisions encode to the same bytes.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from engine.diagnostics import Said
from engine.model import Policy
from engine.spreadsheet import for_spreadsheets

_PACKED = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}  # an output's last suffix → its compression


def output_format(path: Path, chosen: str | None) -> str:
    """The format an output is written in: `chosen`, else by its suffix before any compression's."""
    if chosen:
        return chosen
    if output_compression(path):
        path = path.with_suffix("")
    return {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}.get(path.suffix.lower(), "jsonl")


def output_compression(path: Path) -> str | None:
    """The compression an output's name asks for (`decisions.jsonl.gz`: gzip), if any."""
    return _PACKED.get(path.suffix.lower())


def compress(data: bytes, kind: str) -> bytes:
    """One chunk's output as a compressed stream of its own. The streams of a run's chunks, one after another,
    are one file for gzip, bzip2, xz and zstd alike (their formats allow it, and their tools, Python and
    Spark read it whole), so a file cut back to a chunk's end is still whole: `--resume` works as on text.
    The same bytes give the same stream (gzip's header holds no time)."""
    if kind == "gzip":
        import gzip

        return gzip.compress(data, compresslevel=6, mtime=0)  # the level `gzip` itself uses
    if kind == "bzip2":
        import bz2

        return bz2.compress(data)
    if kind == "xz":
        import lzma

        return lzma.compress(data)
    import pyarrow as pa

    return bytes(pa.compress(data, "zstd", asbytes=True))


@dataclass(frozen=True)
class Columns:
    """The flat columns of CSV and Parquet output: the union of every policy's values."""

    values: tuple[tuple[str, str], ...]  # (name, kind): a kind of `engine.types`, or "integer" for a whole number
    explain: bool
    brief: bool = False  # `--brief`: the explanation in short sentences, as `policy eval --brief` says it

    @classmethod
    def of(cls, policies: Sequence[Policy], explain: bool, brief: bool = False) -> Columns:
        from engine.evaluator import value_type
        from engine.whole_numbers import whole_value

        seen: dict[str, str] = {}
        for p in policies:
            for name in ("counted_income", "exempt_income", "rigid_expenses",
                         *[d.name for d in p.definitions.values() if d.level == "household"]):
                kind: str = value_type(p, name).kind
                if kind in ("number", "duration") and whole_value(p, name):
                    kind = "integer"  # a count, an age: a whole number in every household
                if seen.setdefault(name, kind) == "integer" and kind != "integer":
                    seen[name] = kind  # whole under one policy but not under another: its general kind
        return cls(tuple(seen.items()), explain, brief)

    def header(self) -> list[str]:
        head = ["household", "date", "policy_id", "policy_version", "policy_file", "policy_sha256",
                "categories", "members"]
        head += [f"values.{name}" for name, _ in self.values]
        head.append("assistance")
        if self.explain:
            head.append("explanation")
        if self.brief:
            head.append("brief")
        return head


def _compact(value: Any) -> str:
    """Compact JSON text, as `policy eval --format json` writes it."""
    return orjson.dumps(value).decode("utf-8")


def encode_jsonl(decisions: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(d) + b"\n" for d in decisions)


def encode_csv(decisions: list[dict[str, Any]], columns: Columns, header: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns.header())
    for d in decisions:
        p = d["policy"]
        row = [d["household"], d["date"], p["id"], p["version"], p["file"], p["sha256"],
               ";".join(d["categories"]), _compact(d["members"])]
        for name, _ in columns.values:
            v = d["values"].get(name)
            row.append("" if v is None else ("true" if v is True else "false" if v is False else str(v)))
        row.append(_compact(d["assistance"]))
        if columns.explain:
            row.append(_compact(d.get("explanation")))
        if columns.brief:
            row.append(d.get("brief", ""))
        writer.writerow(row)
    text = buffer.getvalue()
    return (for_spreadsheets(text) if header else text).encode("utf-8")  # the mark once, at the file's start


def arrow_schema(columns: Columns) -> Any:
    import pyarrow as pa

    money = pa.decimal128(38, 2)
    fields = [pa.field("household", pa.string()), pa.field("date", pa.date32()),
              pa.field("policy_id", pa.string()), pa.field("policy_version", pa.string()),
              pa.field("policy_file", pa.string()), pa.field("policy_sha256", pa.string()),
              pa.field("categories", pa.list_(pa.string())),
              pa.field("members", pa.map_(pa.string(), pa.list_(pa.string())))]
    for name, kind in columns.values:
        kind_type = (pa.bool_() if kind == "boolean" else money if kind in ("amount", "rate")
                     else pa.int64() if kind == "integer" else pa.string())
        fields.append(pa.field(f"values.{name}", kind_type))
    fields.append(pa.field("assistance", pa.list_(pa.struct([
        ("id", pa.string()), ("department", pa.string()), ("amount", money), ("per", pa.string()),
        ("member", pa.string()), ("option", pa.string())]))))
    if columns.explain:
        fields.append(pa.field("explanation", pa.string()))
    if columns.brief:
        fields.append(pa.field("brief", pa.string()))
    return pa.schema(fields)


def encode_arrow(decisions: list[dict[str, Any]], columns: Columns) -> bytes:
    """One chunk of decisions as an Arrow IPC stream (the partial file's form; `ParquetSink` writes the Parquet)."""
    return arrow_stream(decisions_table(decisions, columns))


def arrow_stream(table: Any) -> bytes:
    """A table as Arrow IPC stream bytes: the form chunks of Parquet output wait in."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")  # a fifth of the bytes, and faster than copying them
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def decisions_table(decisions: list[dict[str, Any]], columns: Columns) -> Any:
    """Decision dictionaries as an Arrow table in the layout of `arrow_schema`.

    Built column by column; money goes in as its decimal text and is cast to `decimal(38,2)` by
    Arrow, exactly (the text never has more than two decimals)."""
    import pyarrow as pa

    schema = arrow_schema(columns)
    as_text = pa.schema([pa.field(f.name, _as_decision_text(f.type)) for f in schema])
    policies = [d["policy"] for d in decisions]
    data: dict[str, Any] = {
        "household": [d["household"] for d in decisions],
        "date": pa.array([d["date"] for d in decisions], pa.string()).cast(pa.date32()),
        "policy_id": [p["id"] for p in policies], "policy_version": [p["version"] for p in policies],
        "policy_file": [p["file"] for p in policies], "policy_sha256": [p["sha256"] for p in policies],
        "categories": [d["categories"] for d in decisions],
        "members": [list(d["members"].items()) for d in decisions],
    }
    for name, _ in columns.values:
        data[f"values.{name}"] = [d["values"].get(name) for d in decisions]
    data["assistance"] = [d["assistance"] for d in decisions]
    if columns.explain:
        data["explanation"] = [_compact(d.get("explanation")) for d in decisions]
    if columns.brief:
        data["brief"] = [d.get("brief") for d in decisions]
    arrays = [data[f.name] if isinstance(data[f.name], pa.Array) else pa.array(data[f.name], f.type)
              for f in as_text]
    return pa.Table.from_arrays(arrays, schema=as_text).cast(schema)


def _as_decision_text(kind: Any) -> Any:
    """The same Arrow type with every decimal, date and whole number replaced by text (what the decisions hold)."""
    import pyarrow as pa

    if pa.types.is_decimal(kind) or pa.types.is_date(kind) or pa.types.is_integer(kind):
        return pa.string()
    if pa.types.is_list(kind):
        return pa.list_(_as_decision_text(kind.value_type))
    if pa.types.is_struct(kind):
        return pa.struct([pa.field(f.name, _as_decision_text(f.type)) for f in kind])
    return kind


def decisions_writer(path: Path, columns: Columns) -> Any:
    """A `pyarrow.parquet.ParquetWriter` of decisions in the layout of `arrow_schema`, as `policy batch` writes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    flat = [f.name for f in schema if not pa.types.is_nested(f.type)]
    # statistics where a reader can skip by them (id, date, values); on the lists of categories and
    # assistance they would cost an eighth of the encoding and serve no filter
    return pq.ParquetWriter(path, schema, compression="zstd", write_statistics=flat)


COMPARED = ("household", "categories", "members", "assistance")  # the columns `--only-changed` reads
AS_WRITTEN = Said("give the decisions file `policy batch` wrote earlier (its -o), as it was written",
                  "请给出 `policy batch` 早先写出的认定结果文件（它的 -o），保持原样")  # for one of other kinds


class NotDecisions(ValueError):
    """A Parquet file that is not in the layout of `policy batch`'s decisions, what it lacks and what to do (`help`, or
    None)."""

    def __init__(self, said: Said, help: Said | None = None):
        super().__init__(said.en)
        self.said, self.help = said, help


def _kind_name(kind: Any) -> str:
    """An Arrow type as a reader sees it, without the names Parquet gives the items of lists (`list<string>`)."""
    import pyarrow as pa

    if pa.types.is_map(kind):
        return f"map<{_kind_name(kind.key_type)}, {_kind_name(kind.item_type)}>"
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return f"{'large_' if pa.types.is_large_list(kind) else ''}list<{_kind_name(kind.value_type)}>"
    if pa.types.is_struct(kind):
        return f"struct<{', '.join(f'{f.name}: {_kind_name(f.type)}' for f in kind)}>"
    return str(kind)


def _other_kinds(schema: Any) -> NotDecisions | None:
    """The refusal of a file whose compared columns are not of the kinds `arrow_schema` writes (text for a list, a
    number for an id), naming each such column, its kind and the one expected; None when all are."""
    expected = arrow_schema(Columns((), explain=False))
    wrong = [(name, _kind_name(schema.field(name).type), _kind_name(expected.field(name).type))
             for name in COMPARED if not schema.field(name).type.equals(expected.field(name).type)]
    if not wrong:
        return None
    return NotDecisions(
        Said("; ".join(f"the column `{name}` is {kind}, where `policy batch` writes {wanted}"
                       for name, kind, wanted in wrong),
             "；".join(f"`{name}` 列的类型是 {kind}，而 `policy batch` 写出的是 {wanted}"
                      for name, kind, wanted in wrong)),
        AS_WRITTEN)


def compared_in_parquet(path: Path) -> Iterator[tuple[str, bytes]]:
    """For each decision of a Parquet output of `policy batch`, in file order: its household id and
    the JSON text `--only-changed` fingerprints (`engine.batch.json_output.compared_json`).

    Raises NotDecisions naming the columns a file in that layout would have and this one lacks, and
    UnreadableParquet (`engine.batch.parquet_input`) saying which part of a damaged file cannot be read."""
    import pyarrow as pa

    from engine.batch.json_output import compared_json
    from engine.batch.parquet_input import damaged_rows, parquet_file

    file = parquet_file(path)
    missing = [name for name in COMPARED if name not in file.schema_arrow.names]
    if missing:
        names = [f"`{name}`" for name in missing]
        raise NotDecisions(Said(f"no column {', '.join(names)}", f"没有 {'、'.join(names)} 列"))
    other_kinds = _other_kinds(file.schema_arrow)
    if other_kinds is not None:
        raise other_kinds
    first = 1
    for group in range(file.num_row_groups):  # read a row group at a time, so damage is placed by its rows
        rows = file.metadata.row_group(group).num_rows
        batches = file.iter_batches(batch_size=50_000, row_groups=[group], columns=list(COMPARED))
        while True:
            try:
                table = pa.Table.from_batches([next(batches)])
            except StopIteration:
                break
            except (OSError, ValueError) as error:  # a page that does not decompress or decode
                raise damaged_rows(first, first + rows - 1, error) from None
            texts = compared_json(table).to_pylist()
            yield from zip(table.column("household").to_pylist(), (text.encode("utf-8") for text in texts),
                           strict=True)
        first += rows


class ParquetSink:
    """Parquet output written while the run goes on: each chunk (an Arrow IPC stream) as it arrives.

    The file grows beside the output under a hidden name; `close` finishes it (a file with no
    rows still has the schema). A resumed run starts a new one and feeds it the chunks already
    done, read back from the partial file."""

    def __init__(self, staged: Path, columns: Columns):
        self.staged = staged
        self.writer = decisions_writer(staged, columns)

    def add(self, stream: bytes) -> None:
        import pyarrow as pa

        table = pa.ipc.open_stream(stream).read_all()
        if table.num_rows:
            self.writer.write_table(table)

    def replay(self, partial: Path, spans: list[tuple[int, int]]) -> None:
        with partial.open("rb") as source:
            for start, end in spans:
                source.seek(start)
                self.add(source.read(end - start))

    def close(self) -> None:
        self.writer.close()


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
