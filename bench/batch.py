"""Batch evaluation, side by side on the same seeded households: prints households/s and × the fastest.

    python bench/batch.py [--n 100000] [--jobs 2]

Implementations, all on the post-transition policy and the same households:
* the fast engine's columnar program (compute alone: categories from columns; and with the
  decision dictionaries built), and its intake (validated households → columns);
* the exact evaluator, without and with explanations, and `policy batch` start-up alone;
* a hand-written numpy version of the post-transition categories (floats, no guard: what
  a data engineer would write by hand, the practical limit for Python);
* a plain-Python loop over the households with exact decimals;
* OpenFisca-core with the same categories as OpenFisca variables, fed arrays, and fed a JSON
  situation (its documented input) of a thousand households; installed by `pip install -e '.[bench]'`
  (without it those rows are left out, and the benchmark says so);
* `policy batch` end to end: JSON Lines and Parquet in and out, and CSV tables and gzip JSON Lines
  in, on `--jobs` processes — on the households, and (JSON Lines, Parquet) on them repeated `--scale` times (a
  long run, where start-up no longer counts);
* the files of the long runs read and written by the I/O libraries alone (pyarrow, Arrow's JSON
  reader), no household decided: the ceiling of any engine built on them, on this machine.
Every implementation must give every household the same categories: the benchmark
stops with an error naming the first household where two disagree.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import compile_project  # noqa: E402
from engine.batch import columnar  # noqa: E402
from engine.batch.csv_tables import write_households_csv  # noqa: E402
from engine.batch.parquet_layout import write_households_parquet  # noqa: E402
from engine.batch.writers import Columns, decisions_table, decisions_writer  # noqa: E402
from engine.evaluator import evaluate  # noqa: E402
from engine.explain import explain  # noqa: E402
from engine.household import validate_household  # noqa: E402
from engine.loader import load_policy  # noqa: E402
from engine.render import decision_json  # noqa: E402
from engine.sample import households  # noqa: E402

DAY = datetime.date(2026, 3, 1)
TIER = ("dibao", "dibao_marginal", "rigid_expense", "other_hardship")
Answer = tuple[tuple[str, ...], frozenset[str]]  # household categories, members who are tekun


def timed(fn: Callable[[], Any], rounds: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(rounds):
        gc.collect()  # not the garbage of an earlier row,
        gc.freeze()  # nor the households and decisions kept for the comparisons (`policy batch` holds one chunk)
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def alternated(fns: list[Callable[[], Any]], rounds: int = 5) -> list[tuple[float, Any]]:
    """The best of `rounds` runs of each function, run in turn (a, b, a, b, …): a slow spell of the
    machine falls on all of them alike, so their ratio holds better than their figures."""
    best: list[tuple[float, Any]] = [(float("inf"), None)] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            seconds, result = timed(fn)
            if seconds < best[i][0]:
                best[i] = (seconds, result)
    return best


# -- the hand-written versions ------------------------------------------------------------


# the exported enum fields as small integer codes, as a data frame's categoricals would hold them
DISABILITY = {None: 0, "physical": 1, "visual": 2, "hearing": 3, "speech": 4, "intellectual": 5, "mental": 6,
              "multiple": 7}
SUPPORTER = {"able": 0, "unable": 1, "none": 2}
SAFETY = {"A": 0, "B": 1, "C": 2, "D": 3}
DAY_YMD = DAY.year * 10000 + DAY.month * 100 + DAY.day


def flat(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The households as flat arrays (what a data engineer would export), for the numpy version.

    Money is summed per household (and per member) with the income shares, as the fast engine sums
    it when it builds its columns; every other field is exported as it is — dates as YYYYMMDD
    numbers, enums as codes, a disability grade not given as NaN — and the rules on them run in
    numpy, as the fast engine runs them on its columns."""
    counted, rigid, disaster, deposits, vehicles, houses, business, safety, water = [], [], [], [], [], [], [], [], []
    sizes, member_hh, birth, own, supporter, disability, grade, ill = [], [], [], [], [], [], [], []
    assessed_unable: list[bool] = []
    in_school: list[bool] = []
    still_at_school: list[bool] = []  # compulsory or senior secondary, kept unable to work at any age (第十条)
    for i, h in enumerate(items):
        shares = {"wage": 0.8, "business": 1, "agriculture": 1, "property": 1, "pension": 1, "alimony": 1,
                  "transfer_other": 1}
        c = sum(x["amount"] * shares[x["type"]] for x in h["income"] if x["type"] in shares)
        counted.append(c)
        rigid.append(sum(x["amount"] for x in h["expenses"] if x["type"] != "disaster"))
        disaster.append(sum(x["amount"] for x in h["expenses"] if x["type"] == "disaster"))
        a = h["assets"]
        deposits.append(a["deposits"])
        vehicles.append(a["vehicles"])
        houses.append(a["extra_houses"])
        business.append(a["registered_business"])
        safety.append(SAFETY[h["housing"]["safety_grade"]])
        water.append(h["drinking_water"]["safe"])
        sizes.append(len(h["members"]))
        for m in h["members"]:
            member_hh.append(i)
            birth.append(int(m["birth_date"].replace("-", "")))
            own.append(sum(x["amount"] * shares[x["type"]] for x in h["income"]
                           if x.get("member") == m["id"] and x["type"] in shares))
            supporter.append(SUPPORTER[m["supporter"]])
            disability.append(DISABILITY[m["disability_type"]])
            grade.append(np.nan if m["disability_grade"] is None else m["disability_grade"])
            ill.append(m["serious_illness"])
            assessed_unable.append(m["labor_capacity"] == "none")
            in_school.append(m["student"] != "none")
            still_at_school.append(m["student"] in ("compulsory", "high_school"))
    f = np.asarray
    return {"counted": f(counted, float), "rigid": f(rigid, float), "disaster": f(disaster, float),
            "deposits": f(deposits, float), "vehicles": f(vehicles), "houses": f(houses), "business": f(business),
            "safety": f(safety, np.int8), "water_safe": f(water), "size": f(sizes, float),
            "member_hh": f(member_hh), "birth": f(birth), "own": f(own, float), "supporter": f(supporter, np.int8),
            "disability": f(disability, np.int8), "grade": f(grade, float), "ill": f(ill),
            "assessed_unable": f(assessed_unable, bool), "in_school": f(in_school, bool),
            "still_at_school": f(still_at_school, bool)}


def numpy_categories(a: dict[str, Any]) -> tuple[Any, Any]:
    """Post-transition categories by hand in numpy: the tier (0 none, 1–4) and tekun per member."""
    pci = a["counted"] / a["size"]
    dpc = a["deposits"] / a["size"]
    ill = np.bincount(a["member_hh"], weights=a["ill"], minlength=len(pci)) > 0
    unsafe = (a["safety"] >= SAFETY["C"]) | ~a["water_safe"]
    dibao = (pci < 6120) & (dpc <= 12240) & (a["vehicles"] == 0) & (a["houses"] == 0) & ~a["business"]
    marginal = (pci < 9180) & (dpc <= 18360) & (a["vehicles"] == 0)
    rigid = (pci < 22300) & (a["rigid"] > 0.5 * a["counted"]) & (dpc <= 18360)
    left = (a["counted"] - a["rigid"] - a["disaster"]) / a["size"]  # a head, after rigid expenses and losses
    other = (left < 7600) & (unsafe | ill | (a["disaster"] > 0))
    tier = np.select([dibao, marginal, rigid, other], [1, 2, 3, 4], 0)
    age = (DAY_YMD - a["birth"]) // 10000  # whole years between two YYYYMMDD numbers
    kind, grade = a["disability"], a["grade"]  # a grade not given is NaN: no comparison holds
    disabled = (((kind == DISABILITY["intellectual"]) | (kind == DISABILITY["mental"])) & (grade <= 3)) | (
        (kind == DISABILITY["physical"]) & (grade <= 2)) | ((kind == DISABILITY["visual"]) & (grade == 1))
    no_labour = ((age >= 60) | (age < 16) | ((age < 18) & a["in_school"]) | a["still_at_school"] | disabled
                 | a["assessed_unable"])
    # income written for no member is everyone's, in equal shares
    shared = (a["counted"] - np.bincount(a["member_hh"], weights=a["own"], minlength=len(pci))) / a["size"]
    tekun = no_labour & (a["own"] + shared[a["member_hh"]] < 6120) & (a["supporter"] != SUPPORTER["able"])
    return tier, tekun


def python_categories(h: dict[str, Any]) -> Answer:
    """Post-transition categories by hand, one household at a time, with exact decimals."""
    share: dict[str, Decimal | int] = {"wage": Decimal("0.8"), "business": 1, "agriculture": 1, "property": 1,
                                       "pension": 1, "alimony": 1, "transfer_other": 1}
    counted = sum((Decimal(x["amount"]) * share[x["type"]] for x in h["income"] if x["type"] in share), Decimal(0))
    rigid = sum((Decimal(x["amount"]) for x in h["expenses"] if x["type"] != "disaster"), Decimal(0))
    disaster = sum((Decimal(x["amount"]) for x in h["expenses"] if x["type"] == "disaster"), Decimal(0))
    size = len(h["members"])
    pci, dpc = counted / size, Decimal(h["assets"]["deposits"]) / size
    a = h["assets"]
    unsafe = h["housing"]["safety_grade"] in ("C", "D") or not h["drinking_water"]["safe"]
    tier: tuple[str, ...] = ()
    if pci < 6120 and dpc <= 12240 and a["vehicles"] == 0 and a["extra_houses"] == 0 and not a["registered_business"]:
        tier = ("dibao",)
    elif pci < 9180 and dpc <= 18360 and a["vehicles"] == 0:
        tier = ("dibao_marginal",)
    elif pci < 22300 and rigid > counted / 2 and dpc <= 18360:
        tier = ("rigid_expense",)
    elif (counted - rigid - disaster) / size < 7600 and (
            unsafe or any(m["serious_illness"] for m in h["members"]) or disaster > 0):
        tier = ("other_hardship",)
    owns = {m["id"]: sum((Decimal(x["amount"]) * share[x["type"]] for x in h["income"]
                          if x.get("member") == m["id"] and x["type"] in share), Decimal(0)) for m in h["members"]}
    shared = (counted - sum(owns.values(), Decimal(0))) / size  # income written for no member, in equal shares
    tekun = set()
    for m in h["members"]:
        born = datetime.date.fromisoformat(m["birth_date"])
        age = DAY.year - born.year - ((DAY.month, DAY.day) < (born.month, born.day))
        g, t = m["disability_grade"], m["disability_type"]
        disabled = g is not None and ((t in ("intellectual", "mental") and g <= 3) or (t == "physical" and g <= 2)
                                      or (t == "visual" and g == 1))
        minor = age < 16 or (age < 18 and m["student"] != "none")
        at_school = m["student"] in ("compulsory", "high_school")  # at any age (第十条)
        no_labour = age >= 60 or minor or at_school or disabled or m["labor_capacity"] == "none"
        if no_labour and owns[m["id"]] + shared < 6120 and m["supporter"] in ("none", "unable"):
            tekun.add(m["id"])
    return tier, frozenset(tekun)


def answers_of_decisions(decisions: list[dict[str, Any]]) -> list[Answer]:
    return [(tuple(d["categories"]), frozenset(m for m, cats in d["members"].items() if "tekun" in cats))
            for d in decisions]


def answers_of_arrays(items: list[dict[str, Any]], tier: Any, tekun: Any, member_hh: Any) -> list[Answer]:
    names: tuple[tuple[str, ...], ...] = ((), *((c,) for c in TIER))
    out: list[set[str]] = [set() for _ in items]
    ids = [m["id"] for h in items for m in h["members"]]
    for j in np.flatnonzero(tekun).tolist():
        out[member_hh[j]].add(ids[j])
    return [(names[t], frozenset(s)) for t, s in zip(tier.tolist(), out, strict=True)]


# -- OpenFisca -------------------------------------------------------------------------------


OPENFISCA_HOUSEHOLD = {"counted": float, "rigid": float, "disaster": float, "deposits": float, "size": float,
                       "vehicles": float, "houses": float, "business": bool, "safety": int, "water_safe": bool}
OPENFISCA_PERSON = {"birth": int, "own": float, "supporter": int, "disability": int, "grade": float, "ill": bool,
                    "assessed_unable": bool, "in_school": bool, "still_at_school": bool}
PERIOD = "2026-03"


def openfisca_system() -> Any | None:
    """The post-transition categories as OpenFisca-core variables (a tax-benefit system), or None when
    OpenFisca-core is not installed."""
    try:
        from openfisca_core import periods
        from openfisca_core.entities import build_entity
        from openfisca_core.taxbenefitsystems import TaxBenefitSystem
        from openfisca_core.variables import Variable
    except ImportError:
        return None
    household = build_entity(key="household", plural="households", label="household",
                             roles=[{"key": "member", "plural": "members", "label": "member"}])
    person = build_entity(key="person", plural="persons", label="person", is_person=True)
    system = TaxBenefitSystem([household, person])

    def variable(name: str, entity: Any, dtype: Any, formula: Callable[..., Any] | None = None) -> None:
        attributes: dict[str, Any] = {"value_type": dtype, "entity": entity, "definition_period": periods.MONTH,
                                      "label": name}
        if formula is not None:
            attributes["formula"] = formula
        system.add_variable(type(name, (Variable,), attributes))

    for name, dtype in OPENFISCA_HOUSEHOLD.items():
        variable(name, household, dtype)
    for name, dtype in OPENFISCA_PERSON.items():
        variable(name, person, dtype)

    def pci(h: Any, p: Any) -> Any:
        return h("counted", p) / h("size", p)

    def dpc(h: Any, p: Any) -> Any:
        return h("deposits", p) / h("size", p)

    def disabled(m: Any, p: Any) -> Any:
        kind, grade = m("disability", p), m("grade", p)
        return (((kind == DISABILITY["intellectual"]) | (kind == DISABILITY["mental"])) & (grade <= 3)) | (
            (kind == DISABILITY["physical"]) & (grade <= 2)) | ((kind == DISABILITY["visual"]) & (grade == 1))

    variable("pci", household, float, pci)
    variable("shared", household, float, lambda h, p: (h("counted", p) - h.sum(h.members("own", p))) / h("size", p))
    variable("dpc", household, float, dpc)
    variable("dibao", household, bool, lambda h, p: (h("pci", p) < 6120) & (h("dpc", p) <= 12240) & (
        h("vehicles", p) == 0) & (h("houses", p) == 0) & ~h("business", p))
    variable("marginal", household, bool, lambda h, p: (h("pci", p) < 9180) & (h("dpc", p) <= 18360) & (
        h("vehicles", p) == 0))
    variable("rigid_expense", household, bool, lambda h, p: (h("pci", p) < 22300) & (
        h("rigid", p) > 0.5 * h("counted", p)) & (h("dpc", p) <= 18360))
    variable("unsafe", household, bool, lambda h, p: (h("safety", p) >= SAFETY["C"]) | ~h("water_safe", p))
    variable("left", household, float, lambda h, p: (h("counted", p) - h("rigid", p) - h("disaster", p)) / h("size", p))
    variable("other_hardship", household, bool, lambda h, p: (h("left", p) < 7600) & (
        h("unsafe", p) | h.any(h.members("ill", p)) | (h("disaster", p) > 0)))
    variable("tier", household, int, lambda h, p: np.select(
        [h("dibao", p), h("marginal", p), h("rigid_expense", p), h("other_hardship", p)], [1, 2, 3, 4], 0))
    variable("age", person, int, lambda m, p: (DAY_YMD - m("birth", p)) // 10000)
    variable("disabled", person, bool, disabled)
    variable("tekun", person, bool, lambda m, p: (
        (m("age", p) >= 60) | (m("age", p) < 16) | ((m("age", p) < 18) & m("in_school", p))
        | m("still_at_school", p) | m("disabled", p) | m("assessed_unable", p)) & (
        m("own", p) + m.household("shared", p) < 6120) & (m("supporter", p) != SUPPORTER["able"]))
    return system


def openfisca_arrays(system: Any, a: dict[str, Any]) -> tuple[float, float, Any, Any]:
    """(set-up seconds, calculation seconds, tier, tekun): OpenFisca-core fed the flat arrays."""
    from openfisca_core.simulations import SimulationBuilder

    start = time.perf_counter()
    n, members = len(a["size"]), len(a["member_hh"])
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", [f"m{i}" for i in range(members)])
    group = builder.declare_entity("household", [f"h{i}" for i in range(n)])
    builder.join_with_persons(group, [f"h{i}" for i in a["member_hh"].tolist()], ["member"] * members)
    simulation = builder.build(system)
    for name in (*OPENFISCA_HOUSEHOLD, *OPENFISCA_PERSON):
        simulation.set_input(name, PERIOD, np.asarray(a[name]))
    setup = time.perf_counter() - start
    start = time.perf_counter()
    tier = simulation.calculate("tier", PERIOD)
    tekun = simulation.calculate("tekun", PERIOD)
    return setup, time.perf_counter() - start, tier, tekun


def openfisca_situation(a: dict[str, Any]) -> dict[str, Any]:
    """The households as one OpenFisca situation (its documented JSON input): every value under its period."""
    persons = {f"m{i}": {name: {PERIOD: a[name][i].item()} for name in OPENFISCA_PERSON}
               for i in range(len(a["member_hh"]))}
    households: dict[str, dict[str, Any]] = {
        f"h{i}": {"members": [], **{name: {PERIOD: a[name][i].item()} for name in OPENFISCA_HOUSEHOLD}}
        for i in range(len(a["size"]))}
    for i, h in enumerate(a["member_hh"].tolist()):
        households[f"h{h}"]["members"].append(f"m{i}")
    return {"persons": persons, "households": households}


def openfisca_situations(system: Any, situation: dict[str, Any]) -> tuple[float, Any, Any]:
    """(seconds, tier, tekun): OpenFisca-core fed a JSON situation, built into a simulation and calculated."""
    from openfisca_core.simulations import SimulationBuilder

    start = time.perf_counter()
    simulation = SimulationBuilder().build_from_entities(system, situation)
    tier = simulation.calculate("tier", PERIOD)
    tekun = simulation.calculate("tekun", PERIOD)
    return time.perf_counter() - start, tier, tekun


# -- the run ----------------------------------------------------------------------------------


def disagree(name: str, got: list[Answer], want: list[Answer], items: list[dict[str, Any]]) -> None:
    for h, a, b in zip(items, got, want, strict=True):
        if a != b:
            raise SystemExit(f"bench/batch.py: {name} disagrees with the exact evaluator on {h['id']}: {a} != {b}")


def library_floors(tmp: Path, n: int, columns: Columns) -> list[tuple[str, float]]:
    """The files of the long runs read and written by the I/O libraries alone, no household decided: the
    households file read (Arrow, on every core), and the decisions `policy batch` wrote written again,
    Parquet in its row groups and writer settings. No engine built on these libraries goes faster end
    to end on this machine."""
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    written = pq.ParquetFile(tmp / "g.parquet")
    groups = [written.read_row_group(g) for g in range(written.num_row_groups)]

    def parquet() -> None:
        pq.read_table(tmp / "big.parquet")
        with decisions_writer(tmp / "floor.parquet", columns) as writer:
            for group in groups:
                writer.write_table(group)

    lines = (tmp / "g.jsonl").read_bytes()

    def json_lines() -> None:
        pj.read_json(tmp / "big.jsonl", read_options=pj.ReadOptions(block_size=1 << 24))
        with (tmp / "floor.jsonl").open("wb") as out:
            out.write(lines)
            out.flush()
            os.fsync(out.fileno())

    seconds_parquet, _ = timed(parquet)
    seconds_json, _ = timed(json_lines)
    return [(f"I/O alone, no evaluation: Parquet, {n:,} households", n / seconds_parquet),
            (f"I/O alone, no evaluation: JSON Lines, {n:,} households", n / seconds_json)]


def cli_rate(args: list[str], n: int) -> float:
    """Households/s of one `policy batch` run, which must succeed (a failed run has no rate)."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "cli.main", "batch", *args], cwd=ROOT, check=False,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"bench/batch.py: `policy batch {' '.join(args)}` failed ({run.returncode}):\n{run.stderr}")
    return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="households (default 100000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=int, default=10,
                        help="the long end-to-end runs repeat the households this many times (default 10)")
    options = parser.parse_args()
    compile_project()
    n = options.n
    policy = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
    items = list(households(n, options.seed, DAY))
    validated = [validate_household(h, policy, "bench", today=DAY) for h in items]
    rows: list[tuple[str, float]] = []

    seconds, exact = timed(lambda: [decision_json(evaluate(policy, h, DAY)) for h in validated])
    rows.append(("exact evaluator, decision JSON (1 process)", n / seconds))
    want = answers_of_decisions(exact)
    subset = validated[: max(1, n // 50)]
    seconds, _ = timed(lambda: [decision_json(d, explain(d, "zh")) for d in (evaluate(policy, h, DAY) for h in subset)])
    rows.append(("exact evaluator + explanation (1 process)", len(subset) / seconds))

    program = columnar.fast_program(policy)
    days = [DAY] * n
    arrays = flat(items)
    gc.disable()  # as `policy batch` does while it decides a chunk
    with np.errstate(all="ignore"):
        seconds, frame = timed(lambda: columnar.Frame(program, validated, days))
        rows.append(("fast engine: households → columns (1 process)", n / seconds))

        def categories_only() -> None:
            frame.memo.clear()
            for category in policy.categories:
                program.assigned(frame, category)
        (seconds, _), (seconds_numpy, (tier, tekun)) = alternated([categories_only, lambda: numpy_categories(arrays)])
        rows.append(("fast engine: categories, compute alone", n / seconds))
        compute_fast = n / seconds
        frame.memo.clear()
        seconds, decisions = timed(lambda: program.decide(columnar.Frame(program, validated, days),
                                                          [h.id for h in validated], days))
        rows.append(("fast engine: columns + decision dicts (1 process)", n / seconds))
    gc.enable()
    fast = [d if d is not None else exact[i] for i, d in enumerate(decisions)]
    rechecked = sum(d is None for d in decisions)
    disagree("the fast engine", answers_of_decisions(fast), want, items)
    if json.dumps(fast) != json.dumps(exact):
        raise SystemExit("bench/batch.py: the fast engine's decisions differ from the exact evaluator's")

    rows.append(("hand-written numpy categories, compute alone", n / seconds_numpy))
    compute_numpy = n / seconds_numpy
    disagree("hand-written numpy", answers_of_arrays(items, tier, tekun, arrays["member_hh"].tolist()), want, items)

    seconds, loop = timed(lambda: [python_categories(h) for h in items])
    rows.append(("plain-Python loop, exact decimals (1 process)", n / seconds))
    disagree("the plain-Python loop", loop, want, items)

    system = openfisca_system()
    if system is None:
        print("bench/batch.py: OpenFisca-core is not installed, so its rows are left out "
              "(pip install -e '.[bench]' installs it)", file=sys.stderr)
    else:
        setup, calc, tier_of, tekun_of = openfisca_arrays(system, arrays)
        disagree("OpenFisca", answers_of_arrays(items, np.asarray(tier_of), np.asarray(tekun_of),
                                                arrays["member_hh"].tolist()), want, items)
        rows.append(("OpenFisca-core fed arrays, calculation alone", n / calc))
        rows.append(("OpenFisca-core fed arrays, set-up + calculation", n / (setup + calc)))
        few = items[:min(n, 1000)]  # its JSON input slows down more than linearly: a thousand is enough to show it
        few_arrays = flat(few)
        seconds, tier_of, tekun_of = openfisca_situations(system, openfisca_situation(few_arrays))
        disagree("OpenFisca fed a situation", answers_of_arrays(few, np.asarray(tier_of), np.asarray(tekun_of),
                                                                few_arrays["member_hh"].tolist()), want[:len(few)], few)
        rows.append((f"OpenFisca-core fed a JSON situation of {len(few):,} households", len(few) / seconds))

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "in.jsonl").write_bytes(b"".join(orjson.dumps(h) + b"\n" for h in items))
        write_households_parquet(items, tmp / "in.parquet", policy)
        common = ["--date", DAY.isoformat(), "--policy", str(ROOT / "policy" / "post-transition.yaml"),
                  "--jobs", str(options.jobs)]
        rows.append((f"policy batch, fast, JSON Lines in and out ({options.jobs} processes)",
                     cli_rate([str(tmp / "in.jsonl"), "-o", str(tmp / "f.jsonl"), *common], n)))
        rows.append((f"policy batch, fast, Parquet in and out ({options.jobs} processes)",
                     cli_rate([str(tmp / "in.parquet"), "-o", str(tmp / "f.parquet"), *common], n)))
        write_households_csv(items, tmp / "tables", policy)
        rows.append((f"policy batch, fast, CSV tables in, JSON Lines out ({options.jobs} processes)",
                     cli_rate([str(tmp / "tables"), "-o", str(tmp / "c.jsonl"), *common], n)))
        write_households_csv(items, tmp / "quoted", policy, quoted=True)  # as a database export writes them
        rows.append((f"policy batch, fast, quoted CSV tables in, JSON Lines out ({options.jobs} processes)",
                     cli_rate([str(tmp / "quoted"), "-o", str(tmp / "q.jsonl"), *common], n)))
        (tmp / "in.jsonl.gz").write_bytes(gzip.compress((tmp / "in.jsonl").read_bytes(), compresslevel=6))
        rows.append((f"policy batch, fast, gzip JSON Lines in, JSON Lines out ({options.jobs} processes)",
                     cli_rate([str(tmp / "in.jsonl.gz"), "-o", str(tmp / "z.jsonl"), *common], n)))
        rows.append((f"policy batch, exact, JSON Lines in and out ({options.jobs} processes)",
                     cli_rate([str(tmp / "in.jsonl"), "-o", str(tmp / "e.jsonl"), "--engine", "exact", *common],
                              n)))
        big = options.scale * n  # the same households again and again: the rate of a long run, start-up amortised
        (tmp / "big.jsonl").write_bytes((tmp / "in.jsonl").read_bytes() * options.scale)
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.concat_tables([pq.read_table(tmp / "in.parquet")] * options.scale), tmp / "big.parquet",
                       compression="zstd", row_group_size=100_000)
        long_json = cli_rate([str(tmp / "big.jsonl"), "-o", str(tmp / "g.jsonl"), *common], big)
        rows.append((f"policy batch, fast, JSON Lines, {big:,} households ({options.jobs} processes)", long_json))
        long_parquet = cli_rate([str(tmp / "big.parquet"), "-o", str(tmp / "g.parquet"), *common], big)
        rows.append((f"policy batch, fast, Parquet, {big:,} households ({options.jobs} processes)", long_parquet))
        if (tmp / "g.jsonl").read_bytes() != (tmp / "f.jsonl").read_bytes() * options.scale:
            raise SystemExit("bench/batch.py: the long JSON Lines run differs from the short one repeated")
        (floor_parquet, floor_json) = floors = library_floors(tmp, big, Columns.of([policy], False))
        rows += floors
        explained = max(1, n // 5)  # a fifth: at 5,000 about a third of the run was start-up, not explaining
        (tmp / "few.jsonl").write_bytes(b"".join(orjson.dumps(h) + b"\n" for h in items[:explained]))
        (tmp / "one.jsonl").write_bytes(orjson.dumps(items[0]) + b"\n")
        start_up = 1 / cli_rate([str(tmp / "one.jsonl"), "-o", str(tmp / "one.out.jsonl"), "--explain", *common], 1)
        rows.append((f"policy batch, exact + explanation, JSON Lines, {explained:,} households "
                     f"({options.jobs} processes)",
                     cli_rate([str(tmp / "few.jsonl"), "-o", str(tmp / "x.jsonl"), "--explain", *common], explained)))
        if (tmp / "f.jsonl").read_bytes() != (tmp / "e.jsonl").read_bytes():
            raise SystemExit("bench/batch.py: `policy batch` fast and exact outputs differ")
        if (tmp / "f.jsonl").read_bytes() != (tmp / "z.jsonl").read_bytes():
            raise SystemExit("bench/batch.py: `policy batch` from gzip JSON Lines and from the plain file differ")
        if (tmp / "f.jsonl").read_bytes() != (tmp / "c.jsonl").read_bytes():
            raise SystemExit("bench/batch.py: `policy batch` from CSV tables and from JSON Lines differ")
        if (tmp / "c.jsonl").read_bytes() != (tmp / "q.jsonl").read_bytes():
            raise SystemExit("bench/batch.py: `policy batch` from CSV tables quoted and unquoted differ")
        if (tmp / "f.jsonl").read_bytes() != b"".join(orjson.dumps(d) + b"\n" for d in exact):
            raise SystemExit("bench/batch.py: `policy batch` output differs from the exact evaluator's")
        parquet_out = pq.read_table(tmp / "f.parquet")
        if not parquet_out.equals(decisions_table(exact, Columns.of([policy], False))):
            raise SystemExit("bench/batch.py: `policy batch` Parquet output differs from the exact evaluator's")
        if not pq.read_table(tmp / "g.parquet").equals(pa.concat_tables([parquet_out] * options.scale)):
            raise SystemExit("bench/batch.py: the long Parquet run differs from the short one repeated")

    fastest = max(rate for _, rate in rows)
    print(f"{n:,} households (seed {options.seed}), post-transition policy, {DAY}; all implementations agree "
          f"on every household; {rechecked} handed by the fast engine to the exact evaluator")
    print(f"{'implementation':<80} {'households/s':>14} {'× fastest':>10}")
    for name, rate in rows:
        print(f"{name:<80} {rate:>14,.0f} {fastest / rate:>10.1f}")
    print(f"fast engine compute / hand-written numpy compute: {compute_numpy / compute_fast:.1f}× slower")
    print("policy batch start-up (one household explained: imports of the compiled modules, loading the policy, "
          f"forking): {start_up:.2f} s")
    print(f"policy batch end to end / I/O alone, {big:,} households: Parquet {long_parquet / floor_parquet[1]:.0%}, "
          f"JSON Lines {long_json / floor_json[1]:.0%}")


if __name__ == "__main__":
    main()
