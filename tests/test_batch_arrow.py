"""Parquet households decided from their Arrow columns: the same bytes as the record route and the exact engine."""

from __future__ import annotations

import copy
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from engine.batch import edges
from engine.batch.arrow_intake import read_table
from engine.batch.evaluate import Settings
from engine.batch.parquet_layout import households_arrow_schema, write_households_parquet
from engine.batch.writers import Columns
from engine.doubts import HEADS, IMPLAUSIBLE, MEMBERLESS, doubts
from engine.household import validate_household
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import ROOT

POST = ROOT / "policy" / "post-transition.yaml"
TRANSITION = ROOT / "policy" / "2024-transition.yaml"
DAY = datetime.date(2026, 3, 1)


@pytest.fixture(scope="module")
def post():
    return load_policy(POST)[0]


def arrow_rows(items: list[dict[str, Any]], policy: Any) -> pa.Table:
    """Household dicts as a table in the households layout, written as they are (no checks, no repairs)."""
    dates = {f.name for f in policy.input_fields("member") if f.type == "date"}

    def day(value: Any) -> Any:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value

    rows = []
    for h in items:
        row = copy.deepcopy(h)
        row["date"] = day(row.get("date"))
        if isinstance(row.get("members"), list):
            row["members"] = [None if m is None else {k: day(v) if k in dates else v for k, v in m.items()}
                              for m in row["members"]]
        for section in ("income", "expenses"):
            if isinstance(row.get(section), list):
                row[section] = [None if x is None else {**x, "amount": None if x.get("amount") is None
                                                        else Decimal(str(x["amount"]))} for x in row[section]]
        for key, section in row.items():
            if isinstance(section, dict):
                row[key] = {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in section.items()}
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=households_arrow_schema(policy))


def two_decimals(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The households whose amounts a decimal(18, 2) column can hold (some threshold households need more)."""

    def fits(value: Any) -> bool:
        if isinstance(value, dict):
            return all(fits(v) for v in value.values())
        if isinstance(value, list):
            return all(fits(v) for v in value)
        return not isinstance(value, float) or Decimal(str(value)).as_tuple().exponent >= -2  # type: ignore[operator]
    return [h for h in items if fits(h)]


def odd_base() -> dict[str, Any]:
    """A plain household with two members or more and two lines, which each odd household changes in one way."""
    base = households(1, 11, DAY).__next__()
    base["members"].append({"id": "c9", "relation": "child", "birth_date": "2010-05-05", "sex": "male",
                            "labor_capacity": "none", "serious_illness": False, "student": "compulsory",
                            "supporter": "able"})
    base["income"] = [{"type": "wage", "member": "p1", "amount": 1200}, {"type": "pension", "amount": 300.5}]
    return base


def odd_households() -> list[tuple[str, dict[str, Any]]]:
    """Households the columnar intake must leave to the record route (each is wrong, or unusual, in one way)."""
    base = odd_base()
    out: list[tuple[str, dict[str, Any]]] = []

    def variant(name: str, change: Any) -> None:
        h = copy.deepcopy(base)
        h["id"] = f"ODD-{name}"
        change(h)
        out.append((name, h))

    variant("null-id", lambda h: h.update(id=None))
    variant("empty-id", lambda h: h.update(id=""))
    variant("no-members", lambda h: h.update(members=[]))
    variant("null-members", lambda h: h.update(members=None))
    variant("null-member", lambda h: h["members"].append(None))
    variant("repeated-member", lambda h: h["members"][1].update(id="p1"))
    variant("empty-member-id", lambda h: h["members"][1].update(id=""))
    variant("unknown-enum", lambda h: h["members"][0].update(relation="martian"))
    variant("no-birth-date", lambda h: h["members"][0].update(birth_date=None))
    variant("born-after-the-day", lambda h: h["members"][1].update(birth_date="2027-01-01"))
    variant("born-too-long-ago", lambda h: h["members"][0].update(birth_date="1800-01-01"))  # a slip for 1950
    variant("grade-out-of-range", lambda h: h["members"][0].update(disability_grade=7))
    variant("grade-without-type", lambda h: h["members"][0].update(disability_grade=1, disability_type=None))
    variant("type-without-grade", lambda h: h["members"][1].update(disability_grade=None, disability_type="mental"))
    variant("line-of-a-stranger", lambda h: h["income"][0].update(member="ghost"))
    variant("line-of-no-one", lambda h: h["income"][0].update(member=""))
    variant("unknown-income", lambda h: h["income"][0].update(type="lottery"))
    variant("negative-amount", lambda h: h["income"][0].update(amount=-5))
    variant("no-amount", lambda h: h["income"][0].update(amount=None))
    variant("null-line", lambda h: h["income"].append(None))
    variant("huge-deposits", lambda h: h["assets"].update(deposits=10**14))
    return out


def unusual_but_valid(post: Any) -> list[dict[str, Any]]:
    """Nulls that mean "absent" (the default applies) or "null" (the field may be null): the intake accepts these."""
    base = households(1, 12, DAY).__next__()
    out = []
    for name, change in (
        ("no-assets", lambda h: h.update(assets=None)),
        ("deposits-absent", lambda h: h["assets"].update(deposits=None)),
        ("sex-unknown", lambda h: h["members"][0].update(sex=None)),
        ("disabled", lambda h: h["members"][0].update(disability_grade=2, disability_type="physical")),
        ("not-disabled", lambda h: h["members"][0].update(disability_grade=None, disability_type=None)),
        ("relation-absent", lambda h: h["members"][0].update(relation=None)),
        ("income-absent", lambda h: h.update(income=None)),
        ("household-line", lambda h: h.update(income=[{"type": "agriculture", "amount": 2000.25}])),
        ("line-twice", lambda h: h.update(income=[{"type": "agriculture", "amount": 2000.25}] * 2)),
        ("bill-for-no-member", lambda h: h.update(expenses=[{"type": "medical", "amount": 900.5}])),
        ("two-heads", lambda h: h["members"][-1].update(relation="head")),
        ("no-head", lambda h: h["members"][0].update(relation="spouse")),
        ("pension-of-a-month", lambda h: h.update(income=[{"type": "pension", "amount": 150}])),
        ("deposits-in-wan", lambda h: h.update(assets={"deposits": 5})),
        ("zero-wage", lambda h: h.update(income=[{"type": "wage", "amount": 0}])),
    ):
        h = copy.deepcopy(base)
        h["id"] = f"VALID-{name}"
        change(h)
        out.append(h)
    return out


def settings_for(policy: Any) -> Settings:
    return Settings((policy,), policy, "policy", DAY, DAY, False, "zh", "parquet", "fast",
                    Columns.of([policy], False))


def test_the_intake_accepts_plain_and_unusual_rows_and_leaves_every_odd_one(post):
    good = list(households(200, 3, DAY)) + two_decimals(list(edges.households(post, 300, 4, DAY)))
    good += unusual_but_valid(post)
    odd = odd_households()
    items = good + [h for _, h in odd]
    intake = read_table(arrow_rows(items, post), settings_for(post))
    assert intake is not None
    alone = read_table(arrow_rows([odd_base()], post), settings_for(post))
    assert alone is not None and alone.rest.tolist() == []  # each odd one is odd by its own change
    assert [items[i]["id"] for i in intake.rest.tolist()] == [h["id"] for _, h in odd]
    (group,) = intake.groups
    assert group.rows.tolist() == list(range(len(good)))
    assert group.ids.to_pylist() == [h["id"] for h in good]

    def given_twice(h: dict[str, Any]) -> bool:  # two lines of a section with the same type, member and amount
        sections = [[(x["type"], x.get("member"), Decimal(str(x["amount"]))) for x in h.get(section) or []]
                    for section in ("income", "expenses")]
        return any(len(set(lines)) < len(lines) for lines in sections)
    assert group.doubted["repeated"].tolist() == [given_twice(h) for h in good]
    assert given_twice(next(h for h in good if h["id"] == "VALID-line-twice"))
    found = [{d.kind for d in doubts(validate_household(without_nulls(h), post, today=DAY), post, DAY)} for h in good]
    assert group.doubted[HEADS].tolist() == [HEADS in kinds for kinds in found]  # as the record route finds them
    assert group.doubted[IMPLAUSIBLE].tolist() == [IMPLAUSIBLE in kinds for kinds in found]
    assert group.doubted[MEMBERLESS].tolist() == [MEMBERLESS in kinds for kinds in found]
    assert MEMBERLESS in found[[h["id"] for h in good].index("VALID-bill-for-no-member")]
    named = dict(zip(group.ids.to_pylist(), zip(group.doubted[HEADS].tolist(), group.doubted[IMPLAUSIBLE].tolist(),
                                                strict=True), strict=True))
    assert [named[f"VALID-{n}"] for n in ("two-heads", "no-head", "pension-of-a-month", "deposits-in-wan",
                                          "zero-wage")] == [(True, False), (True, False), (False, True),
                                                            (False, True), (False, False)]


def without_nulls(value: Any) -> Any:
    """A row as a household file gives it: a null of a column is a key left out (or the null it may be)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    return [without_nulls(v) for v in value] if isinstance(value, list) else value


def test_another_layout_is_left_to_the_record_route(post):
    table = arrow_rows(list(households(5, 3, DAY)), post)
    with_extra = read_table(table.append_column("extra", pa.array([1] * 5)), settings_for(post))
    assert with_extra is not None and with_extra.rest.tolist() == list(range(5)) and not with_extra.groups
    deposits_as_float = table.set_column(table.schema.get_field_index("assets"), "assets", pa.array(
        [{"deposits": 1.5, "vehicles": 0, "extra_houses": 0, "registered_business": False}] * 5))
    assert read_table(deposits_as_float, settings_for(post)).rest.tolist() == list(range(5))


def mixed_file(path: Path, post: Any) -> list[dict[str, Any]]:
    items = list(households(150, 21, DAY)) + two_decimals(list(edges.households(post, 200, 22, DAY)))
    items += unusual_but_valid(post)
    items += [h for _, h in odd_households()]
    rng = np.random.default_rng(5)
    rng.shuffle(items)  # odd rows spread over the chunks
    for i, h in enumerate(items):  # dates under both policies, and one before any policy is in force
        h["date"] = ("2024-09-01", "2026-03-01", None, "1990-01-01")[i % 4] if i % 7 else None
    pq.write_table(arrow_rows(items, post), path)
    return items


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_the_columnar_route_writes_the_bytes_of_the_exact_engine(run, tmp_path, post, suffix):
    source = tmp_path / "in.parquet"
    mixed_file(source, post)
    outputs = {}
    for engine in ("fast", "exact"):
        out = tmp_path / f"{engine}.{suffix}"
        result = run("batch", source, "-o", out, "--engine", engine, "--jobs", 2, "--chunk-size", 64,
                     "--policy-dir", "policy")
        assert result.exit_code == 2, result.stderr  # the odd rows are bad records, and the run finishes
        errors = (tmp_path / f"{engine}.{suffix}.errors.jsonl").read_text(encoding="utf-8")
        outputs[engine] = (pq.read_table(out) if suffix == "parquet" else out.read_bytes(), errors)
    fast, exact = outputs["fast"], outputs["exact"]
    assert fast[1] == exact[1] and fast[1].count("\n") > len(odd_households())
    if suffix == "parquet":
        assert fast[0].equals(exact[0]) and fast[0].num_rows > 200
        versions = set(fast[0].column("policy_version").to_pylist())
        assert versions == {"2024-transition", "post-transition"}
    else:
        assert fast[0] == exact[0]
        assert {json.loads(x)["policy"]["version"] for x in fast[0].splitlines()} == \
            {"2024-transition", "post-transition"}


@pytest.mark.parametrize("row_group", [192, 1_000])
def test_a_worker_takes_the_chunks_of_a_small_row_group_together_and_the_bytes_stay(run, tmp_path, post, row_group):
    """Chunks of 64 rows: three to a row group of 192 go to one worker as a run (each worker decodes only its own row
    groups); sixteen to a row group of 1,000 are more than a run holds, and go one by one. Either way the output is
    that of one process."""
    from engine.batch import runner
    from engine.batch.parquet_input import ParquetHouseholds

    items = list(households(1_500, 35, DAY))
    source = tmp_path / "in.parquet"
    pq.write_table(arrow_rows(items, post), source, row_group_size=row_group)
    runs = list(ParquetHouseholds(source, [post]).runs(64))
    assert [len(r) for r in runs] == ([3] * 8 if row_group == 192 else [1] * 24)
    assert [payload[2] for r in runs for payload in r] == list(range(0, 1_500, 64))
    resumed = list(runner._chunks(ParquetHouseholds(source, [post]), 64, skip=4))  # from chunk 4, inside a run
    assert [(first, len(r)) for first, r in resumed][:2] == ([(4, 2), (6, 3)] if row_group == 192 else [(4, 1), (5, 1)])
    assert resumed[0][1][0][2] == 4 * 64
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}.parquet"
        result = run("batch", source, "-o", out, "--date", DAY, "--jobs", jobs, "--chunk-size", 64)
        assert result.exit_code == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and pq.read_table(tmp_path / "out-2.parquet").num_rows == 1_500


def test_days_become_calendar_dates_as_python_counts_them():
    from engine.batch.arrow_intake import _FIRST_DAY, _LAST_DAY, EPOCH, _ymd

    days = np.concatenate([np.arange(_FIRST_DAY, _FIRST_DAY + 800), np.arange(-800, 800),
                           np.arange(_LAST_DAY - 800, _LAST_DAY + 1),
                           np.random.default_rng(1).integers(_FIRST_DAY, _LAST_DAY, 5000)])
    expected = [int((EPOCH + datetime.timedelta(days=int(d))).strftime("%Y%m%d")) for d in days]
    assert _ymd(days).tolist() == expected


def test_a_chunk_turns_its_birth_dates_into_calendar_dates_once(post, monkeypatch):
    from engine.batch import arrow_intake

    items = list(households(300, 3, DAY))
    members = sum(len(h["members"]) for h in items)
    lengths: list[int] = []
    real = arrow_intake._ymd

    def counted(days: Any) -> Any:
        lengths.append(len(days))
        return real(days)
    monkeypatch.setattr(arrow_intake, "_ymd", counted)
    intake = read_table(arrow_rows(items, post), settings_for(post))
    assert intake is not None and intake.rest.tolist() == []
    assert lengths.count(members) == 1  # for the birth-date column and for the doubt about a spouse (H015) alike

# -- JSON Lines read by Arrow ------------------------------------------------------------------


def json_line(h: dict[str, Any]) -> bytes:
    return json.dumps(h, ensure_ascii=False).encode("utf-8")


def tricky_lines() -> list[tuple[str, bytes]]:
    """Lines Arrow's JSON reader would read differently from the household reader, or refuse."""
    h = households(1, 31, DAY).__next__()
    h["income"] = [{"type": "wage", "member": "p1", "amount": 1200}]
    plain = json_line(h)
    out = [
        ("exponent", plain.replace(b'"amount": 1200', b'"amount": 1.2e3')),
        ("three-decimals", plain.replace(b'"amount": 1200', b'"amount": 1200.125')),
        ("amount-as-text", plain.replace(b'"amount": 1200', b'"amount": "1200"')),
        ("escaped-key", plain.replace(b'"amount": 1200', b'"amou\\u006et": 1200')),
        ("byte-order-mark", b"\xef\xbb\xbf" + plain),
        ("relation-absent", plain.replace(b'"relation": "head"', b'"relation": null')),
        ("null-assets", plain.replace(b'"assets": {', b'"assets": null, "x": {', 1).replace(b', "x": {', b', "y": {')),
        ("duplicate-key", plain.replace(b'{"id": ', b'{"id": "A", "id": ', 1)),
        ("unknown-key", plain.replace(b'{"id": ', b'{"colour": "red", "id": ', 1)),
        ("two-objects", plain + b" " + plain),
        ("not-utf8", plain.replace(b'"head"', b'"he\xffad"')),
        ("lone-surrogate", plain.replace(b'"head"', b'"\\ud800"')),
        ("boolean-as-text", plain.replace(b'"serious_illness": false', b'"serious_illness": "false"')),
        ("not-an-object", b"[1, 2, 3]"),
        ("cut-short", plain[:-5]),
        ("trailing-zero-decimals", plain.replace(b'"amount": 1200', b'"amount": 1200.100')),
        ("capital-exponent", plain.replace(b'"amount": 1200', b'"amount": 12E+2')),
    ]
    assets = re.search(rb'"assets": \{"deposits": ([0-9.]+), "vehicles": ([0-9]+)', plain)
    assert assets is not None
    deposits, vehicles = (b'"deposits": ' + assets[1], b'"vehicles": ' + assets[2])
    for name, old, new in (("deposits-as-text", deposits, b'"deposits": "5"'),
                           ("deposits-exponent", deposits, b'"deposits": 5e0'),
                           ("deposits-three-decimals", deposits, b'"deposits": 5.001'),
                           ("vehicles-as-text", vehicles, b'"vehicles": "0"'),
                           ("vehicles-with-decimals", vehicles, b'"vehicles": 0.0'),
                           ("vehicles-exponent", vehicles, b'"vehicles": 0e0'),
                           ("compact-null", b'"relation": "head"', b'"relation":null')):
        assert old in plain, name
        out.append((name, plain.replace(old, new, 1)))
    return out


def negative_zeros() -> list[bytes]:
    """Lines with a negative zero, which Arrow reads as 0 and the household reader as -0: the sign of a zero decides
    nothing and no decision writes it, so these are read by Arrow."""
    h = households(1, 35, DAY).__next__()
    h["income"] = [{"type": "wage", "member": "p1", "amount": 1200}]
    plain = json_line(h)
    deposits = re.search(rb'"deposits": [0-9.]+', plain)
    vehicles = re.search(rb'"vehicles": [0-9]+', plain)
    assert deposits is not None and vehicles is not None
    return [plain.replace(b'"amount": 1200', b'"amount": -0.0').replace(b'"SAMPLE-', b'"ZERO-AMOUNT-'),
            plain.replace(deposits[0], b'"deposits": -0').replace(b'"SAMPLE-', b'"ZERO-DEPOSITS-'),
            plain.replace(vehicles[0], b'"vehicles": -0').replace(b'"SAMPLE-', b'"ZERO-VEHICLES-')]


def test_arrow_reads_plain_lines_and_leaves_every_tricky_one(post):
    from engine.batch.json_intake import parse_lines

    good = [json_line(h) for h in households(300, 32, DAY)] + [
        json_line(h) for h in unusual_but_valid(post) if h["id"] in ("VALID-sex-unknown", "VALID-household-line")]
    good += negative_zeros()
    tricky = tricky_lines()
    lines = good[:150] + [line for _, line in tricky] + good[150:]
    parsed = parse_lines(lines, [post])
    assert parsed is not None and parsed.table is not None
    assert parsed.rest == list(range(150, 150 + len(tricky)))
    assert parsed.lines == [i for i in range(len(lines)) if not 150 <= i < 150 + len(tricky)]
    assert parsed.table.num_rows == len(good)


@pytest.mark.parametrize("block", [b"", b"\n", b'{"id":"a"}\n{"id":"b"}\n', b'{"id":"a"}\r\n\r\n \t\n{"id":"b"}\r\r',
                                   b'\n\n  {"id":"a"}  \n\x0c\n\x0b{"id":"b"}', b'{"id":"a"}\n\n{"id":"b"}\n'])
def test_a_block_of_lines_is_split_as_python_splits_it(block):
    """The lines numpy finds are those of `split`, `strip` and `rstrip` (lines blank to JSON — a line of `\\f` is
    not —, carriage returns), and joined they are one text with each line where Arrow's rows say."""
    from engine.batch.line_block import Lines

    kept = [(n, line.rstrip(b"\r")) for n, line in enumerate(block.split(b"\n"), 7) if line.strip(b" \t\r")]
    lines = Lines(block, 7)
    assert lines.numbers == [n for n, _ in kept]
    assert list(lines) == [line for _, line in kept] == [lines[i] for i in range(len(lines))]
    text, starts = lines.joined()
    assert text == b"\n".join(line for _, line in kept)
    assert [text[start:start + len(line)] for start, (_, line) in zip(starts.tolist(), kept, strict=True)] == \
        [line for _, line in kept]


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_json_lines_through_arrow_give_the_bytes_of_the_exact_engine(run, tmp_path, post, suffix):
    items = list(households(200, 33, DAY)) + two_decimals(list(edges.households(post, 200, 34, DAY)))
    for i, h in enumerate(items):  # under both policies, and one day before any is in force
        h["date"] = ("2024-09-01", "2026-03-01", "1990-01-01")[i % 3] if i % 5 else None
    for h, name in zip(items, ['a"b', "back\\slash", "tab\there", "中文户", "emoji😀", "del\x7f", "ls\u2028x",
                               "ctl\x01"], strict=False):  # ids only orjson's escaping writes alike
        h["id"] = name
        h["members"][0]["id"] = name + "-1"
        for line in (*h.get("income", []), *h.get("expenses", [])):
            if line.get("member") == "p1":
                line["member"] = name + "-1"
    lines = [json_line(h) for h in items]
    lines += [line for _, line in tricky_lines()] + [json_line(h) for _, h in odd_households()] + negative_zeros()
    for day in ("2026-02-30", "2026-3-1", "0000-01-01"):  # Arrow reads these; the columnar intake must refuse them
        lines.append(json_line({**items[0], "id": f"DAY-{day}", "date": day}))
    order = np.random.default_rng(9).permutation(len(lines))
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines[i] for i in order) + b"\n\n   \n")
    outputs = {}
    for engine in ("fast", "exact"):
        out = tmp_path / f"{engine}.{suffix}"
        result = run("batch", source, "-o", out, "--engine", engine, "--jobs", 2, "--chunk-size", 50,
                     "--policy-dir", "policy")
        assert result.exit_code == 2, result.stderr
        errors = (tmp_path / f"{engine}.{suffix}.errors.jsonl").read_text(encoding="utf-8")
        outputs[engine] = (pq.read_table(out) if suffix == "parquet" else out.read_bytes(), errors)
    assert outputs["fast"][1] == outputs["exact"][1]
    if suffix == "parquet":
        assert outputs["fast"][0].equals(outputs["exact"][0])
    else:
        assert outputs["fast"][0] == outputs["exact"][0]
    decided = outputs["fast"][0].num_rows if suffix == "parquet" else outputs["fast"][0].count(b"\n")
    assert decided > len(items) // 2  # the plain lines in force, and the tricky lines that are households after all


def test_each_decision_line_of_a_chunk_is_put_together_in_one_join(run, tmp_path, monkeypatch):
    """Every piece of a line (dates and amounts in quotes, the brackets of its lists) goes into the one
    element-wise join of the whole line, not into a join of its own over the chunk's rows first; the bytes stay
    orjson's (`test_json_lines_through_arrow_give_the_bytes_of_the_exact_engine`)."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(json_line(h) for h in households(300, 35, DAY)) + b"\n")
    joins = pc.binary_join_element_wise
    lengths: list[int] = []

    def counted(*parts: Any, **options: Any) -> Any:
        lengths.append(max((len(p) for p in parts if isinstance(p, pa.Array)), default=0))
        return joins(*parts, **options)

    monkeypatch.setattr(pc, "binary_join_element_wise", counted)
    out = tmp_path / "out.jsonl"
    result = run("batch", source, "-o", out, "--jobs", 1, "--date", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    decisions = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert len(decisions) == 300 and all(None not in d["values"].values() for d in decisions)
    assert lengths.count(300) == 1


@pytest.mark.parametrize("distinct, limit", [(3, None), (40_000, None), (40_000, 1 << 20)])
def test_distinct_rows_number_each_combination_of_values_once(distinct, limit, monkeypatch):
    from engine.batch import json_output
    from engine.batch.json_output import _distinct_rows

    if limit is not None:  # renumbered after every column or two
        monkeypatch.setattr(json_output, "_CODE_LIMIT", limit)

    rng = np.random.default_rng(5)
    rows = 60_000
    columns = [pa.array(rng.integers(0, distinct, rows).astype(str).tolist(), pa.string()) for _ in range(5)]
    columns.append(pa.array([None if i % 7 == 0 else i % 2 for i in range(rows)], pa.int64()))  # nulls too
    first, which = _distinct_rows(columns)
    combos = list(zip(*(c.to_pylist() for c in columns), strict=True))
    assert len(first) == len(set(combos))
    assert [combos[i] for i in first] == list(dict.fromkeys(combos))  # each combination's first row, in order
    for column in columns:
        assert column.take(pa.array(first)).take(pa.array(which)).equals(column)


def test_a_worker_reads_any_row_range_of_a_parquet_file_in_batches(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from engine.batch.parquet_input import _ParquetCursor

    table = pa.table({"row": list(range(50_000))})
    path = tmp_path / "rows.parquet"
    pq.write_table(table, path, row_group_size=12_345)  # chunks straddle row groups and batches
    cursor = _ParquetCursor()
    cursor.BATCH = 1000
    for start, end in [(0, 7_000), (14_000, 21_000), (21_000, 25_000), (3_000, 30_000), (49_990, 50_000),
                       (12_345, 12_346), (60_000, 61_000), (0, 50_000)]:
        got = cursor.rows(str(path), start, end)
        want = list(range(start, min(end, 50_000)))
        assert (got.column("row").to_pylist() if got is not None else []) == want, (start, end)


def test_a_chunk_over_two_row_groups_reads_the_listed_texts_as_the_dictionaries_they_are_stored_as(run, tmp_path,
                                                                                                       post,
                                                                                                       monkeypatch):
    """Parquet stores each text column as a dictionary per row group. The texts a policy lists the values of (six
    fields of a member, the lines' types, the housing grade) reach the intake as those dictionaries, where they were
    decoded into texts and encoded again; a chunk across two row groups, each with a dictionary of its own, is read
    as one, and a null or a relation not among the values reads as before: the bytes of the exact engine, and the
    bad record worded as before."""
    from engine.batch import arrow_intake
    from engine.batch.evaluate import evaluate_table_chunk
    from engine.batch.parquet_input import nullable_inputs

    items = list(households(300, 41, DAY))
    items[120]["members"][0]["relation"] = "martian"  # in the second row group only: its dictionary is not the first's
    items[130]["members"][-1]["sex"] = None
    items[140]["housing"] = {"safety_grade": None}
    items[145]["income"] = [{"type": "pension", "amount": 300}, {"type": "wage", "member": "p1", "amount": 900}]
    source = tmp_path / "h.parquet"
    pq.write_table(arrow_rows(items, post), source, row_group_size=100)
    seen: list[pa.Table] = []
    real = arrow_intake.read_table

    def kept(table: pa.Table, settings: Settings) -> Any:
        seen.append(table)
        return real(table, settings)
    monkeypatch.setattr(arrow_intake, "read_table", kept)
    result = evaluate_table_chunk(0, str(source), 50, 150, nullable_inputs([post]), settings_for(post))
    (table,) = seen
    members = table.column("members")
    relations = [chunk.values.field("relation") for chunk in members.chunks]
    assert len(relations) == 2 and all(pa.types.is_dictionary(r.type) for r in relations)
    assert "martian" in relations[1].dictionary.to_pylist() and "martian" not in relations[0].dictionary.to_pylist()
    for name, field in (("members", "sex"), ("members", "labor_capacity"), ("income", "type"), ("expenses", "type")):
        assert pa.types.is_dictionary(table.schema.field(name).type.value_type.field(field).type), (name, field)
    assert pa.types.is_dictionary(table.schema.field("housing").type.field("safety_grade").type)
    assert pa.types.is_string(members.type.value_type.field("id").type)  # ids are not values of a list
    intake = real(table, settings_for(post))
    assert intake is not None and intake.rest.tolist() == [70]
    assert result.bad == 1 and result.written == 99
    outputs = []
    for engine in ("exact", "fast"):
        out = tmp_path / f"{engine}.jsonl"
        done = run("batch", source, "-o", out, "--date", DAY.isoformat(), "--engine", engine, "-j", "1",
                   "--chunk-size", 75, "--lang", "en")
        assert done.exit_code == 2, done.output
        outputs.append((out.read_bytes(), Path(f"{out}.errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].count(b"\n") == 1 and b"martian" in outputs[0][1]


def with_land(text: str) -> str:
    """The post-transition policy with a member input of type `number`, land in mu, that the dibao income test
    reads."""
    land = ("land_area: {type: number, default: 0.5, minimum: 0, plausible: {max: 40, if_above: "
            "{zh: 是否以平方米填写？, en: was the land written in square metres?}}, "
            "label: {zh: 承包地面积（亩）, en: contracted land (mu)}}")
    text = text.replace("  member:\n    relation:\n", f"  member:\n    {land}\n    relation:\n", 1)
    return text.replace("test: per_capita_income < dibao_standard\n",
                        "test: per_capita_income + sum(members, land_area) * 300 yuan/year / household_size "
                        "< dibao_standard\n", 1)


LAND = [None, 0, 0.5, 1.25, 1.5, "1.5000000001", 2, 3.3333, 10, 45, "0.0000000001", 123456789]


def test_a_number_input_is_read_from_columns_at_the_decimals_it_needs(run, tmp_path):
    """An input of type `number` sent every chunk to the record route (7 times slower for Parquet). It is read from
    its decimal column in units of the fewest decimals its values need, and decides as the exact engine does: land
    of ten decimals, of 123,456,789 mu (beyond 2**50 in those units: that household goes the record route), out of
    its plausible range (a doubt), or left to its default of half a mu."""
    policy_file = tmp_path / "land.yaml"
    policy_file.write_text(with_land(POST.read_text(encoding="utf-8")), encoding="utf-8")
    policy = load_policy(policy_file)[0]
    items = list(households(240, 31, DAY))
    for i, h in enumerate(items):
        land = LAND[i % len(LAND)]
        if land is not None:
            h["members"][0]["land_area"] = Decimal(str(land))
    table = arrow_rows(items, policy)
    intake = read_table(table, settings_for(policy))
    assert intake is not None
    huge = [i for i, h in enumerate(items) if h["members"][0].get("land_area") == Decimal(123456789)]
    assert intake.rest.tolist() == huge and huge  # the rest decided from columns
    (group,) = intake.groups
    kept = [h for i, h in enumerate(items) if i not in huge]
    found = [{d.kind for d in doubts(validate_household(without_nulls(h), policy, today=DAY), policy, DAY)}
             for h in kept]
    assert group.doubted[IMPLAUSIBLE].tolist() == [IMPLAUSIBLE in kinds for kinds in found]  # as the record route
    assert all(group.doubted[IMPLAUSIBLE][i] for i, h in enumerate(kept) if h["members"][0].get("land_area") == 45)
    pq.write_table(table, tmp_path / "h.parquet")
    def number(value: Decimal) -> int | float:  # as a household file writes it (1e-10 with an exponent)
        return int(value) if value == value.to_integral_value() else float(value)
    (tmp_path / "h.jsonl").write_text("".join(json.dumps(without_nulls(h), default=number) + "\n" for h in items))
    outputs = []
    for source, engine in (("h.jsonl", "exact"), ("h.parquet", "fast"), ("h.jsonl", "fast")):
        out = tmp_path / f"{source}.{engine}.jsonl"
        result = run("batch", tmp_path / source, "-o", out, "--policy", policy_file, "--date", DAY.isoformat(),
                     "--engine", engine, "-j", "1")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


def test_a_table_without_some_of_the_policys_inputs_is_still_decided_from_its_columns(run, tmp_path, post):
    """An export leaves out inputs it does not hold: a Parquet table without land (written for the shipped policy),
    without the drinking-water column and without `assets.vehicles` sent the whole file the record route, ten times
    slower. The fields it lacks are absent keys in every row, their defaults apply, and the decisions are the exact
    engine's; where a null would not read as an absent key (a field that may be null with another default), the
    table still goes the record route."""
    policy_file = tmp_path / "land.yaml"
    policy_file.write_text(with_land(POST.read_text(encoding="utf-8")), encoding="utf-8")
    policy = load_policy(policy_file)[0]
    items = list(households(150, 41, DAY))
    table = arrow_rows(items, post).drop_columns(["drinking_water"])  # the shipped layout: no land_area
    assets = table.column("assets").combine_chunks()
    kept = [f for f in assets.type if f.name != "vehicles"]
    table = table.set_column(table.schema.get_field_index("assets"), "assets", pa.StructArray.from_arrays(
        [assets.field(f.name) for f in kept], fields=kept, mask=assets.is_null()))
    intake = read_table(table, settings_for(policy))
    assert intake is not None and intake.rest.tolist() == [] and intake.groups[0].rows.tolist() == list(range(150))
    pq.write_table(table, tmp_path / "h.parquet")
    for h in items:
        h.pop("drinking_water", None)
        h.get("assets", {}).pop("vehicles", None)
    (tmp_path / "h.jsonl").write_text("".join(json.dumps(without_nulls(h)) + "\n" for h in items))
    outputs = []
    for source, engine in (("h.jsonl", "exact"), ("h.parquet", "fast")):
        out = tmp_path / f"{source}.{engine}.jsonl"
        result = run("batch", tmp_path / source, "-o", out, "--policy", policy_file, "--date", DAY.isoformat(),
                     "--engine", engine, "-j", "1")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    other = load_policy(tmp_path / "land.yaml", raw=policy_file.read_bytes().replace(
        b"land_area: {type: number, default: 0.5,", b"land_area: {type: number, nullable: true, default: 0.5,"))[0]
    assert read_table(table, settings_for(other)).rest.tolist() == list(range(150))  # a null is no absent key here


def test_a_number_of_assets_with_more_digits_than_a_figure_may_have_is_refused_by_both_engines(run, tmp_path):
    """A figure of `assets` may have at most 18 digits; a Parquet decimal of scale 10 writes 100,000,000 mu with 19.
    The record route refuses it ("too large or too precise"); read from columns, it was decided."""
    land = "assets.land: {type: number, default: 0, minimum: 0, label: {zh: 承包地（亩）, en: land (mu)}}"
    text = POST.read_text(encoding="utf-8").replace("    assets.deposits:", f"    {land}\n    assets.deposits:", 1)
    policy_file = tmp_path / "land.yaml"
    policy_file.write_text(text, encoding="utf-8")
    policy = load_policy(policy_file)[0]
    items = list(households(40, 5, DAY))
    for i, h in enumerate(items):
        h["assets"]["land"] = [Decimal("100000000"), Decimal("1.5"), Decimal("12345678"), Decimal(0)][i % 4]
    write_households_parquet(items, tmp_path / "h.parquet", policy)
    outputs = []
    for engine in ("exact", "fast"):
        out = tmp_path / f"{engine}.jsonl"
        result = run("batch", tmp_path / "h.parquet", "-o", out, "--policy", policy_file, "--date", DAY.isoformat(),
                     "--engine", engine, "-j", "1", "--lang", "en")
        assert result.exit_code == 2 and "assets.land" in result.output and "too large or too precise" in result.output
        outputs.append((out.read_bytes(), Path(f"{out}.errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].count(b"\n") == 10  # the households of 100,000,000 mu


def leaves_as(array: pa.Array, change: Any) -> pa.Array:
    """`array` with each leaf (at any depth, in structs and lists) replaced by `change(leaf, name)`."""

    def walk(a: pa.Array, name: str) -> pa.Array:
        mask = a.is_null() if a.null_count else None
        if pa.types.is_struct(a.type):
            kids = [walk(a.field(f.name), f.name) for f in a.type]
            return pa.StructArray.from_arrays(kids, fields=[pa.field(f.name, k.type) for f, k in
                                                            zip(a.type, kids, strict=True)], mask=mask)
        if pa.types.is_list(a.type):
            return pa.ListArray.from_arrays(pa.array(a.offsets.to_numpy()), walk(a.values, name), mask=mask)
        return change(a, name)
    return walk(array, "")


def retyped(table: pa.Table, change: Any) -> pa.Table:
    return pa.Table.from_arrays([leaves_as(table.column(n).combine_chunks(), lambda a, f, n=n: change(a, n, f))
                                 for n in table.column_names], names=table.column_names)


FLOAT_LAND = [None, 0.0, 0.5, 1.25, 3.3333, 45.0, 12.0, 0.1 + 0.2, 7.1, 1e-10, -0.0, 1e300, float("nan"), 1 / 3]


@pytest.mark.parametrize("kind", ["money-decimal(38,2)", "money-int64", "money-decimal(12,1)", "int32", "large-text",
                                  "dictionary-text", "land-float64", "land-int64", "land-decimal(20,4)",
                                  "birth-dates-as-text", "large-lists-and-text"])
def test_columns_of_other_types_that_read_alike_are_decided_from_columns(run, tmp_path, kind):
    """An export writes money as Spark's `decimal(38,2)` or as whole yuan in `int64` (which the message for money held
    as floats suggests), a count as `int32`, text as `large_string` or dictionary-encoded, land as `double`, birth
    dates as text, lists and text as Polars writes them (`large_list`, `large_string`): each sent the whole file the
    record route, five to fourteen times slower. They are read from their columns as the record route reads each
    value — a float by its shortest text, where it has at most ten decimals (0.1 + 0.2 has 17, and goes the record
    route, as does -0.0; 1e300 and NaN are bad records on both), a date as `YYYY-MM-DD` (`1958-02-30` and `1958-3-2`
    go the record route, which refuses them) — and the bytes are the exact engine's."""
    policy_file = tmp_path / "land.yaml"
    policy_file.write_text(with_land(POST.read_text(encoding="utf-8")), encoding="utf-8")
    policy = load_policy(policy_file)[0]
    items = list(households(160, 51, DAY))
    for i, h in enumerate(items):
        h["members"][0]["land_area"] = Decimal(i % 7) / 2  # whole and half mu, for the decimal and integer columns
    table = arrow_rows(items, policy)
    money = kind.startswith("money")
    odd: list[int] = []
    if kind == "land-float64":
        floats = [FLOAT_LAND[i % len(FLOAT_LAND)] for i in range(len(items))]
        odd = [i for i, x in enumerate(floats) if x in (0.1 + 0.2, 1 / 3, 1e300) or x != x or str(x) == "-0.0"]
        members = table.column("members").combine_chunks()
        land: list[float | None] = [None] * len(members.values)
        for first, x in zip(members.offsets.to_pylist(), floats, strict=False):  # each household's first member
            land[first] = x
        table = retyped(table, lambda a, column, field: pa.array(land, pa.float64()) if field == "land_area" else a)
    elif kind == "large-lists-and-text":
        def large(kind: pa.DataType) -> pa.DataType:
            if pa.types.is_list(kind):
                return pa.large_list(pa.field(kind.value_field.name, large(kind.value_type)))
            if pa.types.is_struct(kind):
                return pa.struct([pa.field(f.name, large(f.type)) for f in kind])
            return pa.large_string() if pa.types.is_string(kind) else kind
        table = table.cast(pa.schema([pa.field(f.name, large(f.type)) for f in table.schema]))
    elif kind == "birth-dates-as-text":
        members = table.column("members").combine_chunks()
        written = [d.isoformat() for d in members.values.field("birth_date").to_pylist()]
        for i, first in enumerate(members.offsets.to_pylist()[:-1]):
            if i % 11 == 3 or i % 13 == 5:
                written[first] = "1958-02-30" if i % 11 == 3 else "1958-3-2"
                odd.append(i)
        odd.sort()
        table = retyped(table, lambda a, column, field: pa.array(written, pa.large_string())
                        if field == "birth_date" else a)
    else:
        want = {"money-decimal(38,2)": pa.decimal128(38, 2), "money-int64": pa.int64(),
                "money-decimal(12,1)": pa.decimal128(12, 1), "int32": pa.int32(), "large-text": pa.large_string(),
                "land-int64": pa.int64(), "land-decimal(20,4)": pa.decimal128(20, 4)}.get(kind)

        def change(a: pa.Array, column: str, field: str) -> pa.Array:
            if money and pa.types.is_decimal(a.type) and field != "land_area":
                return pc.round(a, 0 if want == pa.int64() else 1).cast(want)
            if kind == "int32" and pa.types.is_int64(a.type):
                return a.cast(want)
            if kind.endswith("text") and pa.types.is_string(a.type):
                return a.dictionary_encode() if kind == "dictionary-text" else a.cast(want)
            if kind.startswith("land") and field == "land_area":
                return pc.floor(a).cast(want) if want == pa.int64() else a.cast(want)
            return a
        table = retyped(table, change)
    pq.write_table(table, tmp_path / "h.parquet")
    read = read_table(pq.read_table(tmp_path / "h.parquet"), settings_for(policy))
    assert read is not None and read.rest.tolist() == odd
    assert read.groups[0].rows.tolist() == [i for i in range(len(items)) if i not in odd]
    outputs = []
    for engine in ("exact", "fast"):
        out = tmp_path / f"{engine}.jsonl"
        result = run("batch", tmp_path / "h.parquet", "-o", out, "--policy", policy_file, "--date", DAY.isoformat(),
                     "--engine", engine, "-j", "1", "--lang", "en")
        assert result.exit_code == (2 if odd else 0), result.output
        outputs.append((out.read_bytes(), Path(f"{out}.errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    if kind == "birth-dates-as-text":
        assert outputs[0][1].count(b"\n") == len(odd) and b"1958-02-30" in outputs[0][1]
    if kind == "land-float64":
        assert outputs[0][1].count(b"\n") == sum(1 for i in odd if floats[i] != floats[i] or floats[i] == 1e300)
        assert b"out of any sensible range" in outputs[0][1] and b"not a number a household may hold" in outputs[0][1]


def test_a_float_is_read_from_its_column_as_the_decimal_of_its_shortest_text():
    """`_float_scaled` takes a float as the record route does, `Decimal(str(x))`, wherever that has at most ten
    decimals and stays below 2**50 in units of its last one; any other float is left to the record route."""
    from engine.batch.arrow_intake import _float_scaled

    rng = np.random.default_rng(8)
    values = [*(round(float(x), int(k)) for x, k in zip(rng.uniform(-1e6, 1e6, 3000), rng.integers(0, 12, 3000),
                                                        strict=True)),
              *rng.uniform(0, 50, 1000).tolist(), *np.frombuffer(rng.bytes(8 * 1000), dtype=np.float64).tolist(),
              0.1 + 0.2, 1 / 3, 2.35 * 3, 1e-10, 1e-11, 5e-324, 2.0**50, 2.0**50 - 1, 1125899906842.6239, 0.0, -0.0,
              float("inf"), float("nan"), 1e15, 1e16, 123456.7890123456]
    for x in values:
        whole, scale, holds = _float_scaled(np.asarray([x]))
        exact = Decimal(str(x)) if np.isfinite(x) else None
        expected = exact is not None and str(x) != "-0.0" and -int(exact.normalize().as_tuple().exponent) <= 10 \
            and abs(exact.scaleb(max(0, -int(exact.normalize().as_tuple().exponent)))) < 2**50
        assert bool(holds[0]) == expected, x
        if expected:
            assert Decimal(int(whole[0])).scaleb(-scale) == exact, x
    together = np.asarray([1.5, 0.25, 12.0, 0.1 + 0.2, 7.125, -3.3])
    whole, scale, holds = _float_scaled(together)
    assert scale == 3 and holds.tolist() == [True, True, True, False, True, True]
    assert whole.tolist() == [1500, 250, 12000, 0, 7125, -3300]


def test_the_texts_holding_a_control_character_are_found_alike_with_or_without_a_regular_expression():
    """`_holding_control`, which tells a chunk whose text holds no control byte at all by one pass over its bytes,
    finds the same entries as the regular expression it spares, sliced arrays, nulls and characters of other bytes
    (U+0085, a next line; U+2028; 中) among them; an entry that is null holds none."""
    from engine.batch.arrow_intake import _holding_control
    from engine.diagnostics import CONTROL

    rng = np.random.default_rng(16)
    alphabet = ["p", "1", "-", " ", "中", "\u0085", "\u2028", "\t", "\x7f", "\x00", "\x1f", "\n"]
    for case in range(300):
        plain = case % 3 != 0  # most arrays hold no control character at all: the pass over the bytes decides them
        letters = alphabet[:7] if plain else alphabet
        texts = ["".join(rng.choice(letters, int(rng.integers(0, 6)))) if rng.random() > 0.1 else None
                 for _ in range(int(rng.integers(1, 12)))]
        array = pa.array(texts, pa.string())
        start = int(rng.integers(0, len(texts)))
        for part in (array, array.slice(start), array.slice(start, int(rng.integers(0, len(texts) - start + 1)))):
            expected = pc.fill_null(pc.match_substring_regex(part, CONTROL), False).to_numpy(zero_copy_only=False)
            assert _holding_control(part).tolist() == expected.tolist(), (texts, start)
    around = pa.array(["a\tb", "plain", None, "中\x7f"], pa.string())
    assert _holding_control(around.slice(1, 2)).tolist() == [False, False]  # (the tab and DEL beside it, not in it)
    assert _holding_control(around).tolist() == [True, False, False, True]
