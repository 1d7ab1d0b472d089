"""The fast impact run (`engine.diff.impact_fast`) gives exactly the impact of the exact one (`ImpactRun`).

Each test runs the same records both ways and compares the whole `Impact` — as dataclasses and
as the report's JSON (`cli.diff_json.diff_json`): matrices, changed households with causes and
combinations, assistance totals, bad records. The exact run is the reference and is kept small.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner

from cli.diff_json import diff_json
from cli.main import cli
from engine.batch import edges
from engine.diff.changes import PolicyDiff, diff
from engine.diff.hybrid_union import build_union
from engine.diff.impact import Attribution, Days, Impact, ImpactRun, Line, Record, parse_line, read_records
from engine.diff.impact_chunk import millionths
from engine.diff.impact_fast import fast_impact
from engine.loader import load_policy
from engine.sample import households
from engine.yamlsource import YamlDocument, load_yaml
from tests.helpers import ROOT

OLD, NEW = "policy/2024-transition.yaml", "policy/post-transition.yaml"
BASE = "tests/fixtures/diff/base.yaml"
DAY = datetime.date(2026, 3, 1)


def load(path: str, text: str | None = None) -> tuple[Any, YamlDocument]:
    raw = text.encode("utf-8") if text is not None else (ROOT / path).read_bytes()
    return load_policy(path, raw=raw)[0], load_yaml(raw, path)


class Versions(NamedTuple):
    diff: PolicyDiff
    old_doc: YamlDocument
    new_doc: YamlDocument
    attribution: Attribution  # built once: the exact and the fast run of a test share its hybrids


def versions(old: str, new: str, new_text: str | None = None) -> Versions:
    (a, da), (b, db) = load(old), load(new, new_text)
    result = diff(a, b, da, db)
    return Versions(result, da, db, Attribution(result, da, db))


def exact(pair: Versions, records: list[Any], day: datetime.date | Days) -> Impact:
    run = ImpactRun(pair.diff, pair.old_doc, pair.new_doc, day, attribution=pair.attribution)
    for record in records:
        run.add(parse_line(record) if isinstance(record, Line) else record)
    return run.impact


def fast(pair: Versions, records: Any, day: datetime.date | Days, **options: Any) -> Impact:
    return fast_impact(pair.diff, pair.old_doc, pair.new_doc, records, day, attribution=pair.attribution, **options)


def assert_same(pair: Versions, reference: Impact, fast: Impact) -> None:
    as_json = [json.dumps(diff_json(pair.diff, "en", i, None), ensure_ascii=False, indent=1) for i in (reference, fast)]
    assert as_json[0] == as_json[1]
    assert fast == reference
    assert list(fast.households) == list(reference.households)  # the same order of first occurrence
    assert list(fast.members) == list(reference.members)


def mangled(h: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Now and then a record that one version or both refuse, or that only the exact route can read."""
    h = copy.deepcopy(h)
    r = rng.random()
    if r < 0.02:
        h["members"][0]["birth_date"] = "2099-01-01"  # after the evaluation date
    elif r < 0.04:
        h.setdefault("income", []).append({"type": "lottery", "amount": 5})  # an unknown income type
    elif r < 0.05:
        h["members"] = []
    elif r < 0.07:
        h.setdefault("assets", {})["deposits"] = 12345.6789  # more than two decimals: refused, as a line amount is
    return h


@functools.cache
def shipped() -> Versions:
    return versions(OLD, NEW)


@functools.cache
def sample_records() -> list[Any]:
    rng = random.Random(3)
    return [Record(f"sample:{i + 1}", mangled(h, rng)) for i, h in enumerate(households(2000, 7, DAY))]


@functools.cache
def edge_records() -> list[Any]:
    rng = random.Random(4)
    old = shipped().diff.old
    return [Record(f"edge:{i + 1}", mangled(h, rng)) for i, h in enumerate(edges.households(old, 1500, 9, DAY))]


@functools.cache
def reference(name: str) -> Impact:
    return exact(shipped(), {"sample": sample_records, "edge": edge_records}[name](), DAY)


# -- the example households and the fixture pairs -------------------------------------------------


def test_example_households_give_the_same_impact():
    records = list(read_records(ROOT / "examples" / "households"))
    assert_same(shipped(), exact(shipped(), records, DAY), fast(shipped(), records, DAY))


@pytest.mark.parametrize("pair", ["param", "clause", "removed", "income"])
def test_fixture_pairs_give_the_same_impact_with_bad_records(pair):
    versions_ = versions(BASE, f"tests/fixtures/diff/{pair}.yaml")
    records = list(read_records(ROOT / "tests" / "fixtures" / "diff" / "households.jsonl"))
    day = datetime.date(2025, 6, 1)
    reference_ = exact(versions_, records, day)
    assert reference_.bad and reference_.changed
    assert_same(versions_, reference_, fast(versions_, records, day))


# -- generated households ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "edge"])
def test_generated_households_give_the_same_impact(name):
    records = {"sample": sample_records, "edge": edge_records}[name]()
    result = fast(shipped(), records, DAY, processes=1, chunk_size=300)
    assert_same(shipped(), reference(name), result)
    assert len(result.changed) > 300 and result.bad and any(c.combination for c in result.changed)


def test_forked_workers_merge_chunks_in_input_order():
    assert_same(shipped(), reference("edge"), fast(shipped(), edge_records(), DAY, processes=2, chunk_size=250))


def test_households_decided_on_their_own_days_give_the_same_impact_as_the_exact_run():
    """Each household on its own `date` (else today, here DAY): the days differ within a chunk and a frame, on both
    sides of the transition's end, and the exact and fast runs agree household by household."""
    rng = random.Random(5)
    days = ["2024-08-01", "2025-06-01", "2025-12-31", "2026-01-01", "2036-07-01", None]
    records = []
    for i, h in enumerate(households(900, 13, datetime.date(2024, 8, 1))):
        h = mangled(h, rng)
        day = days[i % len(days)]
        if day is None:
            h.pop("date", None)
        elif isinstance(h.get("date"), str):
            h["date"] = day
        records.append(Record(f"dated:{i + 1}", h))
    own = Days(DAY)
    reference_ = exact(shipped(), records, own)
    assert reference_.changed and not reference_.forced and reference_.undated >= 100
    assert len(reference_.dated) == len(days)
    assert_same(shipped(), reference_, fast(shipped(), records, own, processes=2, chunk_size=200))
    forced = exact(shipped(), records, DAY)  # every household on one day: other categories than on their own
    assert (forced.households, forced.members) != (reference_.households, reference_.members)
    assert set(forced.dated) == {DAY}


# -- versions the union cannot hold, and amounts that are not whole millionths ------------------


def test_a_new_version_that_reads_households_differently_is_run_on_its_own():
    text = (ROOT / NEW).read_text(encoding="utf-8")
    vehicles = "assets.vehicles: {type: integer, default: 0,"
    changed = text.replace(vehicles, vehicles.replace("default: 0", "default: 1"))
    assert changed != text
    pair = versions(OLD, "variant.yaml", changed)
    union = build_union(pair.attribution, pair.diff.old, pair.diff.new)
    assert union is not None and union.names_of(pair.diff.new) is None  # the hybrids share one frame, the new not
    records = sample_records()[:250]
    assert_same(pair, exact(pair, records, DAY), fast(pair, records, DAY, processes=1, chunk_size=100))


def test_amounts_the_exact_evaluator_rounds_are_added_one_by_one_as_it_does():
    text = (ROOT / NEW).read_text(encoding="utf-8")
    ceil = "amount: ceil((dibao_standard - per_capita_income) * count(members where not tekun) * 1 month)"
    assert ceil in text
    pair = versions(OLD, "thirds.yaml", text.replace(ceil, ceil.replace("amount: ceil(", "amount: (") + " / 3"))
    records = sample_records()[:250]  # whether thirds add up to whole millionths depends on the households
    reference_ = exact(pair, records, DAY)
    amount = reference_.measures["dibao_benefit"].new_amount
    assert millionths(amount) is None  # a sum of thirds: the run must have taken the one-by-one route
    assert_same(pair, reference_, fast(pair, records, DAY, processes=1, chunk_size=100))


def test_amounts_are_carried_as_whole_millionths_only_when_exact():
    assert millionths(Decimal("1234.567891")) == 1_234_567_891
    assert millionths(Decimal("5880.00")) == 5_880_000_000
    assert millionths(Decimal("0.0000001")) is None
    assert millionths(Decimal(10) ** 12) is None


# -- the command -------------------------------------------------------------------------------------


def test_the_command_reports_the_exact_impact_of_a_json_lines_file(tmp_path, monkeypatch):
    rng = random.Random(8)
    path = tmp_path / "households.jsonl"
    rows = [json.dumps(mangled(h, rng), ensure_ascii=False) for h in households(200, 5, DAY)]
    rows.insert(3, "{broken")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("engine.diff.impact_fast.CHUNK_SIZE", 70)  # several chunks: lines are parsed by forked workers
    result = CliRunner().invoke(cli, ["diff", OLD, NEW, "--households", str(path), "--date", DAY.isoformat(),
                                      "--format", "json", "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 1
    expected = exact(shipped(), list(read_records(path)), DAY)
    report = json.loads(json.dumps(diff_json(shipped().diff, "en", expected, None)))
    assert json.loads(result.stdout)["impact"] == report["impact"]
    assert "13 household records could not be evaluated" in result.stderr
    assert any(b["source"].endswith(":4") and b["policy"] is None for b in json.loads(result.stdout)["impact"]["bad"])


def test_a_households_file_that_cannot_be_read_is_a_located_usage_error(tmp_path, monkeypatch):
    path = tmp_path / "households.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.suffix == ".jsonl":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = CliRunner().invoke(cli, ["diff", BASE, BASE, "--households", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{path}: error: cannot read: Permission denied" in result.stderr and "Traceback" not in result.output


# -- what the households' data most likely got wrong --------------------------------------------


def test_warnings_about_the_households_data_are_found_once_per_household_alike_by_both_runs(tmp_path):
    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    doubtful = copy.deepcopy(example)
    doubtful["expenses"] = [{"type": "medical", "amount": 3000}]  # of no member: both versions read it per member
    doubtful["income"].append(dict(doubtful["income"][0]))  # a line pasted twice
    lines = tmp_path / "households.jsonl"
    lines.write_text("".join(json.dumps(h) + "\n" for h in (example, doubtful, example)), encoding="utf-8")
    records = list(read_records(lines))
    reference_ = exact(shipped(), records, DAY)
    assert [(d.code, d.path, d.span.line if d.span else None) for w in reference_.warned.first for d in w.warnings] \
        == [("H009", "income[2]", 2), ("H010", "expenses[0]", 2)]  # once, not once for each version
    assert_same(shipped(), reference_, fast(shipped(), records, DAY, processes=1, chunk_size=2))
    listed = tmp_path / "households.json"
    listed.write_text(json.dumps([example, doubtful], indent=2), encoding="utf-8")
    found = [d for w in fast(shipped(), list(read_records(listed)), DAY, processes=1).warned.first for d in w.warnings]
    assert [d.span.file for d in found] == [str(listed)] * 2
    assert all(d.span is not None and d.span.line > 30 for d in found)  # in the second household of the list


def test_a_run_keeps_counts_and_the_first_few_households_warned_of_and_hands_over_every_one_in_input_order(tmp_path):
    from engine.diff.warned import FIRST

    example = json.loads((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    many = []
    for i in range(3 * FIRST + 2):
        h = copy.deepcopy(example)
        h["id"] = f"W-{i:02d}"
        h["expenses"] = [{"type": "medical", "amount": 3000}]  # every one: an expense line of no member (H010)
        if i % 4 == 1:
            h["income"].append(dict(h["income"][0]))  # every fourth: a line given twice as well (H009)
        many.append(h)
    many.insert(3, example)  # one with nothing to doubt
    lines = tmp_path / "households.jsonl"
    lines.write_text("".join(json.dumps(h) + "\n" for h in many), encoding="utf-8")
    handed: list[Any] = []
    impact = fast(shipped(), list(read_records(lines)), DAY, processes=2, chunk_size=3, each_warned=handed.append)
    warned = [h["id"] for h in many if h is not example]
    assert [w.household for w in handed] == warned  # every one, in input order, across chunks and processes
    assert sum(len(w.warnings) for w in handed) == impact.warned.warnings == len(warned) + 4
    assert impact.warned.households == len(warned)
    assert [(kind, n, [w.household for w in first]) for kind, n, first in impact.warned.by_kind()] == [
        ("repeated", 4, ["W-01", "W-05", "W-09", "W-13"]),
        ("memberless", len(warned), warned[:FIRST])]
    assert len(impact.warned.first) < len(warned)  # only the first few are kept
    assert impact.warned == exact(shipped(), list(read_records(lines)), DAY).warned


@pytest.mark.parametrize("new", [NEW, OLD])  # households read otherwise, and alike
def test_a_record_both_versions_refuse_is_said_to_be_refused_by_both(new):
    items = list(households(3, 5, DAY))
    items[0]["members"][0]["sex"] = "M"  # neither version knows the value
    items[1].setdefault("income", []).append({"type": "wages", "amount": "abc"})  # nor an amount in words
    records = [Record(f"r:{i + 1}", h) for i, h in enumerate(items)]
    pair = versions(OLD, new)
    reference = exact(pair, records, DAY)
    assert [(b.source, b.policy) for b in reference.bad] == [("r:1", "both"), ("r:2", "both")]
    assert_same(pair, reference, fast(pair, records, DAY))
