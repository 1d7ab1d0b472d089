"""The fast engine and the quick intake give exactly the exact evaluator's answers, threshold cases included."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from decimal import Decimal
from typing import Any

import numpy as np
import orjson
import pytest

from engine.batch import columnar, edges, evaluate
from engine.batch import columns as c
from engine.batch.evaluate import Settings, evaluate_chunk, evaluate_lines
from engine.batch.readers import Record
from engine.batch.writers import Columns
from engine.household import Household, HouseholdError, validate_household
from engine.household_input import read_json
from engine.intake import household_from, parse
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import ROOT, alone_farming, grandmother_and_grandson, household, member, mini_with, policy_from_text

POLICIES = {
    "post-transition": (ROOT / "policy" / "post-transition.yaml", datetime.date(2026, 3, 1)),
    "2024-transition": (ROOT / "policy" / "2024-transition.yaml", datetime.date(2025, 6, 1)),
}


def settings_of(policy: Any, day: datetime.date, engine: str) -> Settings:
    return Settings((policy,), policy, "policy", day, day, False, "zh", "jsonl", engine, Columns.of([policy], False))


def run_chunk(policy: Any, day: datetime.date, items: list[Any], engine: str) -> Any:
    records = [Record(i + 1, f"t:{i + 1}", raw=orjson.dumps(h)) for i, h in enumerate(items)]
    return evaluate_chunk(0, records, settings_of(policy, day, engine))


def run_lines(policy: Any, day: datetime.date, items: list[Any], monkeypatch: Any) -> tuple[Any, int]:
    """The households as one chunk of a JSON Lines file that `policy batch` decides with the fast engine: read by
    Arrow's JSON reader and decided from its columns; and how many of them went one by one instead (refused by the
    columnar intake, or flagged by the fast engine)."""
    apart = 0
    decide = evaluate._decide

    def counted(records: Any, settings: Settings) -> Any:
        nonlocal apart
        apart += len(records)
        return decide(records, settings)
    with monkeypatch.context() as patched:
        patched.setattr(evaluate, "_decide", counted)
        lines = [orjson.dumps(h) for h in items]
        result = evaluate_lines(0, "t", range(1, len(lines) + 1), lines, settings_of(policy, day, "fast"))
    return result, apart


def differences(ours: Any, exact: Any) -> list[tuple[bytes, bytes]]:
    """The decision lines of two runs of the same households that differ."""
    return [(a, b) for a, b in zip(ours.output.splitlines(), exact.output.splitlines(), strict=True) if a != b]


@pytest.mark.parametrize("version", sorted(POLICIES))
def test_fast_engine_equals_exact_evaluator_on_and_around_every_threshold(version, monkeypatch):
    # 50,000 households for each of the two shipped policies: 100,000 in all, decided by the exact evaluator once
    # and by both routes of the fast engine: from records checked one by one, and from Arrow's columns as
    # `policy batch` reads a JSON Lines file
    path, day = POLICIES[version]
    policy = load_policy(path)[0]
    items = list(edges.households(policy, 50_000, 2026, day))
    exact = run_chunk(policy, day, items, "exact")
    records = run_chunk(policy, day, items, "fast")
    columns, apart = run_lines(policy, day, items, monkeypatch)
    assert exact.bad == 0 and records.bad == 0 and columns.bad == 0
    assert differences(records, exact) == []
    assert differences(columns, exact) == []
    # the columnar program decides almost every household itself; with every amount in whole fen (a third decimal
    # is refused) none of these lies within its float lane's error of a limit where the exact lane lacks it, so
    # few or none are handed to the exact evaluator (the flags themselves are tested below); and Arrow's columns
    # hold almost every one of them, so the columns route is the one tried, not records read line by line
    assert records.rechecked < len(items) / 10
    assert apart < len(items) / 10


def test_the_households_sit_on_the_thresholds_so_an_off_by_one_engine_is_caught(monkeypatch):
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    items = list(edges.households(policy, 2000, 7, day))
    compare = c.compare

    def sloppy(op: str, a: Any, b: Any) -> Any:  # `<` read as `<=`, with no guard: a boundary bug
        verdict, _ = compare("<=" if op == "<" else op, a, b)
        return verdict, np.bool_(False)
    monkeypatch.setattr(c, "compare", sloppy)
    columnar._policies.clear()
    fast, exact = run_chunk(policy, day, items, "fast"), run_chunk(policy, day, items, "exact")
    columnar._policies.clear()
    assert len(differences(fast, exact)) > 20


def test_the_deposits_sit_on_the_limits_the_policys_own_deposit_months_give():
    """A county that allows 30 months of the standard where the shipped file says 24: households are placed on
    30 months' worth, so a compiled deposit limit is tried where it lies, not where it used to."""
    path, day = POLICIES["post-transition"]
    text = path.read_text(encoding="utf-8")
    assert text.count("    value: 24 months\n") == 1
    policy = policy_from_text(text.replace("    value: 24 months\n", "    value: 30 months\n"))
    standard = policy.parameter_values["dibao_standard"]
    per_head = Counter(Decimal(str(h["assets"]["deposits"])) / len(h["members"])
                       for h in edges.households(policy, 3000, 11, day))
    placed = {months: per_head[standard * months / 12] for months in (24, 30, 36)}
    # a plain sample household may hold two years' worth by chance, not as one placed there
    assert placed[30] > 20 and placed[36] > 20 and placed[24] < 5, placed


def test_a_policy_the_compiler_declines_runs_on_the_exact_evaluator(monkeypatch):
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    items = list(households(50, 3, day))

    def declined(self: Any, policy: Any) -> None:
        raise c.Unsupported("for the test")
    monkeypatch.setattr(columnar.FastProgram, "__init__", declined)
    columnar._policies.clear()
    fast = run_chunk(policy, day, items, "fast")
    columnar._policies.clear()
    assert fast.rechecked == 50 and fast.output == run_chunk(policy, day, items, "exact").output


def test_a_failure_of_the_compiled_program_leaves_the_chunk_to_the_exact_evaluator(monkeypatch):
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    items = list(households(30, 5, day))

    def failing(self: Any, frame: Any, ids: Any, days: Any) -> Any:
        raise RuntimeError("for the test")
    monkeypatch.setattr(columnar.FastProgram, "decide", failing)
    monkeypatch.setattr(columnar, "_STRICT", False)  # (as in a run)
    fast = run_chunk(policy, day, items, "fast")
    assert fast.rechecked == 30 and fast.bad == 0 and fast.output == run_chunk(policy, day, items, "exact").output


def test_a_sum_over_members_that_cancels_the_household_total_is_decided_without_the_exact_evaluator():
    # income no member is named for, per head: zero where every line names a member, a third of a fen off
    # a whole number where a farm is shared three ways; both shown to the fen and compared with the standard
    policy = mini_with({"  age: {level: member": "  unattributed:\n"
                        "    value: (counted_income - sum(members, own_counted_income)) / household_size\n"
                        "    label: {zh: 未指明成员的收入人均份额, en: unattributed income per head}\n"
                        "  age: {level: member",
                        "test: own_counted_income < dibao_standard}": "test: own_counted_income + unattributed < "
                                                                      "dibao_standard}"})
    day = datetime.date(2025, 6, 1)
    people = [member("p1", "1950-01-01"), member("p2", "1952-03-04"), member("p3", "2014-05-06")]
    wages = [{"type": "wage", "member": p, "amount": a} for p, a in (("p1", 1234.57), ("p2", 2345.67), ("p3", 0.03))]
    items = [{**household(people, wages), "id": "T-1"},
             {**household(people, [*wages, {"type": "wage", "amount": 17640.01}]), "id": "T-2"},
             {**household(people, [{"type": "wage", "amount": 22050}]), "id": "T-3"}]
    fast, exact = run_chunk(policy, day, items, "fast"), run_chunk(policy, day, items, "exact")
    assert fast.output == exact.output and fast.rechecked == 0
    decided = [json.loads(line) for line in fast.output.splitlines()]
    assert [d["values"]["unattributed"] for d in decided] == ["0.00", "4704.00", "5880.00"]
    assert [d["members"]["p1"] for d in decided] == [["tekun"], ["tekun"], []]


def test_income_given_to_no_member_is_shared_by_the_fast_engine_as_by_the_exact_evaluator():
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    items = [alone_farming(7000), alone_farming(5000), alone_farming(7000, member="p1"),
             grandmother_and_grandson(20000), grandmother_and_grandson(12240), grandmother_and_grandson(12239.98)]
    items = [{**h, "id": f"T-{i}"} for i, h in enumerate(items, 1)]
    fast, exact = run_chunk(policy, day, items, "fast"), run_chunk(policy, day, items, "exact")
    assert fast.output == exact.output and fast.rechecked == 0
    assert [json.loads(line)["members"] for line in fast.output.splitlines()] == [
        {"p1": []}, {"p1": ["tekun"]}, {"p1": []}, {"p1": [], "p2": []}, {"p1": [], "p2": []},
        {"p1": ["tekun"], "p2": ["tekun"]}]  # 6,119.99 each: one fen below the standard


# -- the quick intake -----------------------------------------------------------------------


def both_ways(raw: bytes, policy: Any, day: datetime.date) -> tuple[Any, Any]:
    def outcome(fn: Any) -> Any:
        try:
            return fn()
        except HouseholdError as error:
            return [d.to_json() for d in error.diagnostics]
    quick = outcome(lambda: household_from(raw, *parse(raw, "t"), policy, "t", day))
    full = outcome(lambda: validate_household(read_json(raw.decode("utf-8"), "t"), policy, "t", today=day,
                                              renamable=True))  # (as every command that reads an export)
    return quick, full


CORRUPTIONS = [
    ('"amount":', '"amount":1.005,"x":'),  # three decimals
    ('"amount":', '"amount":1e3,"x":'),
    ('"deposits":', '"deposits":12.345,"x":'),
    ('"vehicles":0', '"vehicles":0.0'),
    ('"vehicles":0', '"vehicles":true'),
    ('"vehicles":0', '"vehicles":-1'),
    ('"safe":', '"safe":"yes","x":'),
    ('"student":"none"', '"student":"none","student":"higher"'),  # a duplicate key
    ('"student":"none"', '"student" :"none","student":"higher"'),
    ('"relation":"head"', '"relation":"boss"'),
    ('"birth_date":"', '"birth_date":"2030-01-01","y":"'),
    ('"birth_date":"', '"birth_date":"1990-02-30","y":"'),
    ('"birth_date":"', '"birth_date":"1800-01-01","y":"'),  # more than MAX_AGE years before the day
    ('"members":[', '"members":[{"id":"p1","birth_date":"1950-01-01"},'),  # a member id twice
    ('"type":"wage"', '"type":"salary"'),
    ('"member":"p1"', '"member":"p9"'),
    ('"id":"SAMPLE', '"id":"","x":"SAMPLE'),
    ('"housing":{', '"housing":null,"h":{'),
    ('"income":[', '"income":null,"i":['),
    ('"disability_grade":null', '"disability_grade":5'),
    ('"disability_grade":null', '"disability_grade":2.0'),
    ('"disability_grade":null', '"disability_grade":2'),  # a grade without a type (given_with)
    ('"disability_type":null', '"disability_type":"mental"'),  # a type without a grade
    ('"disability_type":null,', ''),  # a type left out: no refusal where the grade is null, one where it is given
    ('"amount":', '"amount":123456789012345678,"x":'),
]


def test_quick_intake_accepts_and_refuses_exactly_as_the_full_validator():
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    tried = 0
    for h in households(150, 13, day):
        raw = orjson.dumps(h)
        quick, full = both_ways(raw, policy, day)
        assert quick == full
        assert both_ways(json.dumps(h, indent=1).encode(), policy, day) == (full, full)
        for old, new in CORRUPTIONS:
            if old in raw.decode():
                quick, full = both_ways(raw.decode().replace(old, new, 1).encode(), policy, day)
                assert quick == full, new
                tried += 1
    assert tried > 1000


@pytest.mark.parametrize("written", [b'"student" :"higher"', b'"student"\t:"higher"', b'"student"\r:"higher"',
                                     b'"student"\n:"higher"', b'"student":"higher","x":"a\\"b"',
                                     b'"stu\\u0064ent":"higher"'])
def test_a_key_given_twice_is_found_past_white_space_and_escapes(written):
    """A key given again, written after white space before its colon or beside an escaped quote, or spelt with an
    escape: orjson keeps the later value, and the quick route must tell (by each byte a key may be hidden behind)
    and refuse the record as the full validator does."""
    policy, day = _post_transition()
    for _, raw in _students(day):
        quick, full = both_ways(raw.replace(b'"student":"none"', b'"student":"none",' + written, 1), policy, day)
        assert quick == full
        assert type(full) is list and "H001" in {d["code"] for d in full}, written


def _post_transition() -> tuple[Any, datetime.date]:
    path, day = POLICIES["post-transition"]
    return load_policy(path)[0], day


def _students(day: datetime.date) -> list[tuple[dict[str, Any], bytes]]:
    """Sampled households, each with its text, that give a member `"student":"none"`."""
    return [(h, raw) for h in households(20, 11, day) if b'"student":"none"' in (raw := orjson.dumps(h))]


@pytest.mark.parametrize("twice", [False, True])
@pytest.mark.parametrize("written", [b'"A:1"', b'"::"', b'"A\\":1"', b'":"'])
def test_a_colon_in_a_text_is_no_key(written, twice):
    """The quick route counts a record's keys by its colons: a colon in a text (an id `A:1`) is no key, and a key
    given twice beside one is still found. A record is accepted or refused as the full validator does it."""
    policy, day = _post_transition()
    for h, raw in _students(day):
        raw = raw.replace(orjson.dumps(h["id"]), written, 1)
        if twice:
            raw = raw.replace(b'"student":"none"', b'"student":"none","student":"higher"', 1)
        quick, full = both_ways(raw, policy, day)
        assert quick == full
        assert (type(full) is list) == twice, raw


def test_households_dated_by_their_own_date_set_up_the_record_check_once_for_the_day_they_share(monkeypatch):
    """Without --date, each household's own `date` is its day: read once, the households of one day share it, as
    they share --date, so the record check works out the earliest birth date a member may have once for that day
    (not once a household), and every decision is the one --date gives for that day."""
    import engine.intake

    policy, day = _post_transition()
    items = list(households(200, 5, day))
    records = [Record(i + 1, f"t:{i + 1}", raw=orjson.dumps(h)) for i, h in enumerate(items)]
    worked_out: list[datetime.date] = []
    earliest = engine.intake.earliest_birth
    monkeypatch.setattr(engine.intake, "earliest_birth", lambda today: worked_out.append(today) or earliest(today))
    own = evaluate_chunk(0, records, Settings((policy,), policy, "policy", None, datetime.date(2026, 12, 7), False,
                                              "zh", "jsonl", "exact", Columns.of([policy], False)))
    assert len(worked_out) <= 1 and set(worked_out) <= {day}  # (none: set up for that day already)
    assert own.output == run_chunk(policy, day, items, "exact").output and own.bad == 0


@pytest.mark.parametrize("value", [0, 1, 9_999_999_999_999, 10**13, -1, -(10**13), 2**63, True, 2.0, 1.5, "1", None])
@pytest.mark.parametrize("field", ["deposits", "vehicles", "extra_houses"])
def test_quick_intake_reads_a_whole_number_as_the_full_validator(field, value):
    """A count or an amount in whole yuan is read as it is by the quick route up to its bounds (none below 0, none
    from 10**13 on); beyond them, and for anything else, it says and refuses what the full validator does."""
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    for h in households(3, 5, day):
        h["assets"] = {**(h.get("assets") or {}), field: value}
        quick, full = both_ways(orjson.dumps(h), policy, day)
        assert quick == full
        if isinstance(full, Household) and type(value) is int:  # the quick route's Decimal, digit for digit
            assert household_from(orjson.dumps(h), h, False, policy, "t", day).fields[f"assets.{field}"].as_tuple() \
                == Decimal(value).as_tuple()


def test_quick_intake_reads_exact_decimals_from_csv_and_parquet_readers():
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    data = {"id": "D", "members": [{"id": "p1", "birth_date": "1950-01-01"}],
            "income": [{"type": "wage", "member": "p1", "amount": Decimal("100.10")}],
            "assets": {"deposits": Decimal("12.34")}}
    assert household_from(None, data, True, policy, "t", day) == validate_household(data, policy, "t", today=day)
    for deposits, said in ((Decimal("12.345"), "12.345 has more than two decimals"),  # a third decimal
                           (0.1 + 0.2, "0.30000000000000004 has more than two decimals"),  # a float, by its repr
                           (1e20, "1e+20 is too large for an amount in yuan")):
        given = {**data, "assets": {"deposits": deposits}}
        with pytest.raises(HouseholdError) as quick:
            household_from(None, given, isinstance(deposits, Decimal), policy, "t", day)
        with pytest.raises(HouseholdError) as full:
            validate_household(given, policy, "t", today=day)
        assert [d.to_json() for d in quick.value.diagnostics] == [d.to_json() for d in full.value.diagnostics]
        assert [(d.path, d.message) for d in full.value.diagnostics] == [("assets.deposits", said)]


def test_quick_intake_refuses_deposits_with_a_third_decimal_as_the_full_validator_does():
    path, day = POLICIES["post-transition"]
    policy = load_policy(path)[0]
    for h in households(40, 3, day):
        h["assets"] = {**(h.get("assets") or {}), "deposits": 0}
        raw = orjson.dumps(h)
        for written in (b"100.123", b"100.120", b"1E+20", b"100.12"):
            quick, full = both_ways(raw.replace(b'"deposits":0', b'"deposits":' + written, 1), policy, day)
            assert quick == full
            assert (written == b"100.12") == (type(full) is not list), written


# -- the guarded arithmetic ----------------------------------------------------------------


def test_money_on_a_half_fen_is_sent_to_the_exact_evaluator():
    texts, flags = c.money_strings(np.array([864.255, 864.25, 12.0, -0.001, 0.0]),
                                   np.array([1e-13, 1e-13, 0.0, 1e-18, 0.0]))
    assert flags.tolist() == [True, False, False, False, False]  # -0.001 is 0.00, as the exact engine writes it
    assert texts[1:] == ["864.25", "12.00", "0.00", "0.00"]


def test_a_comparison_within_its_error_bound_is_flagged_and_exact_ones_are_not():
    a = c.Col("num", np.array([6120.0, 6120.0, 6119.0]), np.array([1e-9, 0.0, 1e-9]))
    b = c.Col("num", 6120.0)
    verdict, flag = c.compare("<", a, b)
    assert flag.tolist() == [True, False, False] and verdict.tolist() == [False, False, True]


def test_ceil_near_a_whole_number_is_flagged():
    col, flag = c.rounding(c.Col("num", np.array([3.0000000000001, 3.4, 3.0]), np.array([1e-12, 1e-12, 0.0])),
                           "ceil")
    assert flag.tolist() == [True, False, False] and col.v.tolist()[1:] == [4.0, 3.0]


def test_the_exact_lane_leaves_small_fractions_unreduced_and_still_shows_whole_numbers():
    ten = c.Col("num", np.array([10.0, 7.0]), 0.0, False, "household", c.Exact(np.array([10, 7]), np.int64(1), True))
    five = c.Col("num", 5.0, 0.0, False, None, c.exact_constant(Decimal(5)))
    quotient, flag = c.divide(ten, five)
    assert not flag.any() and quotient.q is not None
    assert quotient.q.n.tolist() == [10, 7] and quotient.q.d == 5  # 10/5 and 7/5, as they came
    texts, unsure = c.number_strings(quotient.v, quotient.e, quotient.q)
    assert texts[0] == "2" and unsure.tolist() == [False, True]  # 2 is whole; 1.4 goes to the exact evaluator
    verdict, flag = c.compare("==", quotient, c.Col("num", 2.0, 0.0, False, None, c.exact_constant(Decimal(2))))
    assert verdict.tolist() == [True, False] and not np.any(flag)


def test_equal_values_cancel_to_a_positive_zero_where_the_float_lane_misses_it_by_a_rounding():
    # counted income 14,112.00 summed over lines, and the same summed member by member in another order
    lines = c.Col("num", np.array([14112.000000000002, 0.0]), np.array([1e-11, 0.0]), False, "household",
                  c.Exact(np.array([1411200, 0]), np.int64(100), True))
    members = c.Col("num", np.array([14112.0, -0.0]), np.array([1e-11, 0.0]), False, "household",
                    c.Exact(np.array([1411200, 0]), np.int64(100), True))
    left = c.add(lines, members, -1.0)
    assert left.v.tolist() == [0.0, 0.0] and not np.signbit(left.v[0])
    cents, unsure = c.money_cents(left.v, left.e, left.q)
    assert cents.tolist() == [0, 0] and not unsure.any()  # shown as 0.00 without the exact evaluator
    # 0 − (−0) is +0 in both lanes; −0 − 0 keeps the sign the float lane has: it is not a cancellation
    assert not np.signbit(c.add(lines, members, -1.0).v[1])
    assert np.signbit(c.add(members, lines, -1.0).v[1])


@pytest.mark.parametrize("lane_has_the_null_row", [False, True])  # input columns say True: 0 in both lanes
def test_a_null_compared_exactly_follows_the_rule_for_null(lane_has_the_null_row):
    grade = c.Col("num", np.array([3.0, 0.0, 4.0]), 0.0, np.array([False, True, False]), "member",
                  c.Exact(np.array([3, 0, 4]), np.int64(1), np.array([True, lane_has_the_null_row, True])))
    three = c.Col("num", 3.0, 0.0, False, None, c.exact_constant(Decimal(3)))
    for op, want in (("<=", [True, False, False]), ("!=", [False, True, True]), ("==", [True, False, False])):
        verdict, flag = c.compare(op, grade, three)
        assert verdict.tolist() == want and not np.any(flag), op


def _fractions(q: c.Exact, rows: int) -> list[Any]:
    from fractions import Fraction

    n, d, ok = (np.broadcast_to(x, (rows,)).tolist() for x in (q.n, q.d, q.ok))
    return [Fraction(a, b) if good else None for a, b, good in zip(n, d, ok, strict=True)]


@pytest.mark.parametrize(("left_d", "right_d"), [
    (100, 100), (500, 100), (6, 4),  # one denominator each (the lowest common multiple is taken)
    (np.array([500, 1000, 1500, 500]), 500),  # a share per head of an amount in 500ths, and that amount
    (100, np.array([300, 100, 700, 200])),
    (np.array([3, 7, 9, 11]), 500),  # not multiples: the general way
    (np.array([2, 4, 6, 8]), np.array([3, 5, 7, 9])),
])
def test_exact_sums_and_differences_equal_fraction_arithmetic_however_the_denominators_stand(left_d, right_d):
    left = c.Exact(np.array([1234567, -5, 0, 999999999]), np.asarray(left_d, dtype=np.int64), True)
    right = c.Exact(np.array([-1234567, 7, 0, 1]), np.asarray(right_d, dtype=np.int64), True)
    for sign in (1, -1):
        got = _fractions(c.q_add(left, right, sign), 4)
        want = [a + sign * b for a, b in zip(_fractions(left, 4), _fractions(right, 4), strict=True)]
        assert got == want, sign


def test_an_exact_sum_too_large_for_int64_is_given_up_not_wrapped_around():
    from fractions import Fraction

    total = c.q_add(c.Exact(np.array([2**59, 3]), np.int64(100), True),
                    c.Exact(np.array([2**59, 4]), np.int64(300), True), 1)
    assert np.asarray(total.ok).tolist() == [False, True]  # the other row is left to the float lane, then flagged
    assert _fractions(total, 2)[1] == Fraction(13, 300)


def test_a_sum_over_every_member_is_summed_exactly_household_by_household():
    from fractions import Fraction

    policy = load_policy(POLICIES["post-transition"][0])[0]
    program = columnar.fast_program(policy)
    validated = [validate_household(h, policy, "t") for h in households(300, 7, datetime.date(2026, 3, 1))]
    frame = columnar.Frame(program, validated, [datetime.date(2026, 3, 1)] * len(validated))
    own = frame.inputs["own_counted_income"]
    assert own.q is not None and own.q.whole  # the case the running total serves
    total = program._sum_all(frame, lambda _: own)
    assert total.q is not None
    members = _fractions(own.q, frame.members)
    want = [sum(members[frame.starts[i]:frame.starts[i] + frame.sizes[i]], Fraction(0)) for i in range(frame.size)]
    assert _fractions(total.q, frame.size) == want
    assert total.v.tolist() == [float(x) for x in want]  # the float lane is the nearest double


def test_the_float_lane_of_an_exactly_known_result_is_computed_only_when_read_and_then_as_at_once():
    reads = []

    def counted_income() -> tuple[Any, Any]:
        reads.append("counted income")
        return np.array([6119.99, 6120.0, -0.0]), np.array([1e-11, 1e-11, 0.0])

    income = c.Col.deferred(counted_income, False, "household",
                            c.Exact(np.array([611999, 612000, 0]), np.int64(100), True))
    size = c.Col("num", np.array([1.0, 3.0, 2.0]), 0.0, False, "household",
                 c.Exact(np.array([1, 3, 2]), np.int64(1), True))
    pension = c.Col("num", 300.0, 0.0, False, None, c.exact_constant(Decimal(300)))
    line = c.Col("num", 270.0, 0.0, False, None, c.exact_constant(Decimal(270)))
    per_head, flag = c.divide(c.add(c.scale(income, 12, divide=True), pension, 1.0), size)
    verdict, unsure = c.compare("<", per_head, line)
    assert not np.any(flag) and not np.any(unsure)
    # (6,120 / 12 + 300) / 3 is 270 exactly, on the line; the exact lane alone decides it…
    assert verdict.tolist() == [False, False, True]
    assert reads == []  # …so nothing computed the float lane

    def eager(col: c.Col) -> c.Col:  # the same values with the float lane given at once
        return c.Col("num", col.v, col.e, col.null, col.level, col.q)

    at_once, _ = c.divide(c.add(c.scale(eager(income), 12, divide=True), pension, 1.0), size)
    assert per_head.v.tolist() == at_once.v.tolist() and per_head.e.tolist() == at_once.e.tolist()
    assert reads == ["counted income"]  # read once, for the whole chain
    assert np.signbit(per_head.v[2]) == np.signbit(at_once.v[2])


def test_a_quotient_the_exact_lane_has_gets_a_float_lane_whose_bound_holds():
    # 0.012 per head where the float lane of the dividend, a difference that cancelled, is 1.04e-6 off
    off = c.Col("num", np.array([0.01200104, -0.0, 0.0]), np.array([2e-6, 0.0, 0.0]), False, "household",
                c.Exact(np.array([6, 0, 0]), np.int64(500), True))
    size = c.Col("num", np.array([1.0, -2.0, -2.0]), 0.0, False, "household",
                 c.Exact(np.array([1, -2, -2]), np.int64(1), True))
    for divisor in (size, c.Col("num", size.v, np.array([1e-9, 1e-9, 1e-9]), False, "household", size.q)):
        quotient, flag = c.divide(off, divisor)
        assert not np.any(flag)
        assert quotient.v[0] == 0.012 and np.all(np.abs(quotient.v - [0.012, 0, 0]) <= quotient.e)
        # (−0 / −2 and 0 / −2 are zeros of either sign: no decision writes the sign of a zero)


def test_a_dividend_that_cancelled_is_not_trusted_to_more_than_the_exact_lane_says():
    # (9e10 × 0.8 + 0.024 + 0.024 − the members' 9e10 × 0.8 + 0.024) / 2 is 0.012 exactly, whose float lane is off
    # by 1e-6; × 5,000 it is 60 — not above the youngest member's 60 years, which no exact lane carries
    policy = mini_with({"  age: {level: member": "  unattributed:\n"
                        "    value: (counted_income - sum(members, own_counted_income)) / household_size\n"
                        "    label: {zh: 未指明成员的收入人均份额, en: unattributed income per head}\n"
                        "  age: {level: member",
                        "test: per_capita_income < 1.5 * dibao_standard}":
                            "test: 'unattributed * 1 year / (dibao_standard * 1 month) * 2450000 > "
                            "min(members, age)'}"})
    day = datetime.date(2025, 6, 1)
    items = []
    for i, big in enumerate((9e10, 9e11, 9e12, 0)):
        lines = [{"type": "wage", "member": "p1", "amount": big}, {"type": "wage", "member": "p2", "amount": 0.03},
                 {"type": "wage", "amount": 0.03}]
        items.append({**household([member("p1", "1950-01-01"), member("p2", "1965-01-01")], lines), "id": f"T-{i}"})
    fast, exact = run_chunk(policy, day, items, "fast"), run_chunk(policy, day, items, "exact")
    assert fast.output == exact.output
    assert [json.loads(line)["categories"] for line in fast.output.splitlines()] == [[], [], [], ["dibao"]]


def test_a_rounded_whole_number_beyond_two_to_the_fifty_is_not_called_exact_in_the_float_lane():
    n = np.array([2**54 + 1, 7])  # 2**54 + 1 has no double: its float lane is 2**54, 1 off
    value = c.Col("num", n.astype(float), n.astype(float) * c.U, False, "household", c.Exact(n, np.int64(1), True))
    rounded, flag = c.rounding(value, "ceil")
    assert not np.any(flag)
    assert [abs(int(v) - x) <= e for v, x, e in zip(rounded.v.tolist(), (2**54 + 1, 7), rounded.e.tolist(),
                                                    strict=True)] == [True, True]
    assert rounded.e[1] == 0  # 7 is exact


def test_a_tie_that_decimal_arithmetic_reaches_through_a_rounded_third_is_left_to_the_exact_evaluator():
    # 800,000 / 3 has no finite decimal expansion: the exact evaluator carries it to 60 digits, and 3 times that
    # is a hair above 800,000, so `counted_income < household_size * per_capita_income` holds there, as
    # `policy eval` says; 900,000 / 3 is exact, and its tie is the fraction's, decided by the fast engine itself
    policy = mini_with({"test: per_capita_income < dibao_standard\n":
                        "test: counted_income < household_size * per_capita_income\n"})
    day = datetime.date(2025, 6, 1)
    people = [member("p1", "1950-01-01"), member("p2", "1952-03-04"), member("p3", "2014-05-06")]
    items = [{**household(people, [{"type": "wage", "amount": wage}]), "id": f"T-{i}"}
             for i, wage in enumerate((1_000_000, 1_125_000))]
    fast, exact = run_chunk(policy, day, items, "fast"), run_chunk(policy, day, items, "exact")
    assert fast.output == exact.output and fast.rechecked == 1
    assert [json.loads(line)["categories"] for line in fast.output.splitlines()] == [["dibao"], []]


def test_the_factors_other_than_2_and_5_are_the_same_looked_up_or_divided_out():
    numbers = np.arange(1, 5000, dtype=np.int64)  # (below 4,096 looked up in a table, above divided out)
    looked_up = c.odd_part(numbers)
    assert looked_up.tolist() == [int(c.odd_part(np.int64(x))) for x in numbers.tolist()]
    assert looked_up[[0, 1, 2, 4, 11, 499, 1499]].tolist() == [1, 1, 3, 1, 3, 1, 3]  # 1, 2, 3, 5, 12, 500, 1500


def test_a_constant_left_of_or_in_a_member_test_is_decided_by_the_fast_engine():
    # `0 yuan/year < 0 yuan/year` is one yes/no for every member: the flags of the right side were passed on
    # through a count per household of a scalar, which numpy refuses (the program then stopped)
    policy = mini_with({"test: own_counted_income < dibao_standard}":
                        "test: '(0 yuan/year < 0 yuan/year or own_counted_income < per_capita_income)'}"})
    day = datetime.date(2025, 6, 1)
    items = [{**household([member("p1", "1950-01-01"), member("p2", "1952-03-04")],
                          [{"type": "wage", "member": "p1", "amount": 1000}, {"type": "wage", "amount": 3000}]),
              "id": "T-1"}]
    fast, exact = run_chunk(policy, day, items, "fast"), run_chunk(policy, day, items, "exact")
    assert fast.output == exact.output and fast.rechecked == 0
    assert json.loads(fast.output)["members"] == {"p1": ["tekun"], "p2": ["tekun"]}


def test_a_zero_negated_or_picked_is_decided_from_columns_not_handed_to_the_exact_evaluator(run, tmp_path):
    """`-rigid_expenses` of a household with none is a zero whose sign the fast engine could not vouch for, and so is
    the largest of the members' negated bills: every such household went to the exact evaluator (65,391 of 100,000
    sampled ones for the first alone). The sign of a zero is written by no decision; none is handed over now."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8").replace(
        "definitions:\n", "definitions:\n  expenses_owed:\n    value: -rigid_expenses\n    label: {zh: 负刚性支出, "
        "en: rigid expenses as owed}\n    source: dsz-2024-47 附件1\n  least_owed:\n    value: "
        "max(members, -own_expenses.medical)\n    label: {zh: 成员最少医疗支出（负）, en: least medical bill owed}\n"
        "    source: dsz-2024-47 附件1\n", 1)
    (tmp_path / "owed.yaml").write_text(text, encoding="utf-8")
    day = datetime.date(2026, 3, 1)
    (tmp_path / "h.jsonl").write_bytes(b"".join(orjson.dumps(h) + b"\n" for h in households(300, 8, day)))
    outputs = []
    for engine in ("exact", "fast"):
        out = tmp_path / f"{engine}.jsonl"
        result = run("batch", tmp_path / "h.jsonl", "-o", out, "--policy", tmp_path / "owed.yaml", "--date",
                     day.isoformat(), "--engine", engine, "-j", "1", "--summary", tmp_path / f"{engine}.json")
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and b'"expenses_owed":"0.00"' in outputs[1]
    assert json.loads((tmp_path / "fast.json").read_text(encoding="utf-8"))["rechecked"] == 0
