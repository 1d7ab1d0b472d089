"""Households placed on and next to every threshold of a policy: the differential test's data.

Input: a loaded policy, a count, a seed and a reference date. Output: household dicts in
the DESIGN §6 form. About a third are plain `engine.sample` households; the others are
moved so that a threshold is met exactly or missed by one fen: per-capita income at the
dibao standard, the margin line, the monitoring line and the disposable-income line
(sizes 1–4, counted through farming income and through wages after the employment
cost), deposits per head at the months of the standard its deposit limits read (the
parameters named `…deposit_months`; 24 and 36 where it has none), rigid expenses at exactly
the set share of income, a member's own income at the standard (tekun), a member's own
pension and their share of the household's farm income adding up to it (tekun), the dibao
benefit on a whole yuan (its `ceil`), medical costs whose assistance ends on a half
fen. Every amount is whole fen, as a household's must be (deposits a thousandth of a yuan
around their limits are refused now, as any amount with more than two decimals is). Invariant:
the same seed gives the same households.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from engine.model import Policy
from engine.sample import household as sample_household

CENT = Decimal("0.01")
STEPS = (-CENT, Decimal(0), CENT)
COUNTED = {"wage", "business", "agriculture", "property", "pension", "alimony", "transfer_other"}


def _number(value: Decimal) -> Any:
    value = value.quantize(CENT)
    return int(value) if value == value.to_integral_value() else float(value)


def _lines(policy: Policy) -> dict[str, Decimal]:
    """The yearly income lines the policy compares per-capita income with."""
    params = policy.parameter_values
    out: dict[str, Decimal] = {}
    for name in ("dibao_standard", "monitoring_line", "disposable_income_line", "tekun_standard"):
        if isinstance(params.get(name), Decimal):
            out[name] = params[name]
    if "dibao_standard" in out and isinstance(params.get("marginal_multiplier"), Decimal):
        out["marginal_line"] = params["marginal_multiplier"] * out["dibao_standard"]
    return out


def _deposit_months(policy: Policy) -> list[Decimal]:
    """The months of the standard the deposit limits allow, in the policy's order (`dibao_deposit_months`, …)."""
    months = [value for name, value in policy.parameter_values.items()
              if name.endswith("deposit_months") and isinstance(value, Decimal)]
    return months or [Decimal(24), Decimal(36)]


def _wage_share(policy: Policy) -> Decimal:
    rate = policy.parameter_values.get("employment_cost_rate")
    return 1 - rate if isinstance(rate, Decimal) else Decimal(1)


def _shrink(h: dict[str, Any], rng: random.Random) -> int:
    """Keep one to four members; drop the lines of members that left."""
    size = min(len(h["members"]), rng.randint(1, 4))
    h["members"] = h["members"][:size]
    kept = {m["id"] for m in h["members"]}
    for section in ("income", "expenses"):
        h[section] = [x for x in h[section] if x.get("member") in kept or "member" not in x]
    return size


def _place(h: dict[str, Any], policy: Policy, rng: random.Random) -> None:
    lines = _lines(policy)
    if "dibao_standard" not in lines:
        return
    dibao = lines["dibao_standard"]
    size = _shrink(h, rng)
    step = rng.choice(STEPS)
    mode = rng.choice(["income", "income", "wage_income", "deposits", "deposits", "rigid", "own_income",
                       "shared_income", "benefit", "medical"])
    others = [x for x in h["income"] if x["type"] not in COUNTED]
    if mode in ("income", "wage_income", "benefit", "rigid"):
        line = lines[rng.choice(sorted(lines))]
        total = line * size + step
        if mode == "benefit":  # the monthly gap × size lands on a whole yuan, or one fen off
            total = dibao * size - 12 * rng.randint(1, 40) + step
        if mode == "wage_income":
            wage = (total / _wage_share(policy)).quantize(CENT)
            h["income"] = [*others, {"type": "wage", "member": h["members"][0]["id"], "amount": _number(wage)}]
        else:
            h["income"] = [*others, {"type": "agriculture", "amount": _number(max(total, Decimal(0)))}]
        if mode == "rigid":
            share = policy.parameter_values.get("rigid_expense_share")
            if isinstance(share, Decimal):
                counted = max(total, Decimal(0))
                h["expenses"] = [{"type": "medical", "member": h["members"][0]["id"],
                                  "amount": _number(max(share * counted + rng.choice(STEPS), Decimal(0)))}]
    elif mode == "deposits":
        months = rng.choice(_deposit_months(policy))
        h["assets"]["deposits"] = _number(max(dibao * months / 12 * size + step, Decimal(0)))
    elif mode == "own_income":
        wage = ((dibao + step) / _wage_share(policy)).quantize(CENT)
        member = rng.choice(h["members"])
        member["supporter"] = rng.choice(["none", "unable"])
        h["income"] = [x for x in h["income"] if x.get("member") != member["id"]]
        h["income"].append({"type": "wage", "member": member["id"], "amount": _number(wage)})
    elif mode == "shared_income":  # own pension and an equal share of the household's farm: on the standard
        member = rng.choice(h["members"])
        member["supporter"] = rng.choice(["none", "unable"])
        pension = Decimal(rng.randrange(0, int(dibao)))
        h["income"] = [*others, {"type": "pension", "member": member["id"], "amount": _number(pension)},
                       {"type": "agriculture", "amount": _number((dibao + step - pension) * size)}]
    else:  # a medical cost ending in 5 fen, so 70 %, 60 %, 50 % or 40 % of it ends on a half fen
        member = rng.choice(h["members"])
        amount = Decimal(rng.randrange(100, 60000)) + Decimal(rng.choice([5, 15, 25, 35, 45])) / 100
        h["expenses"].append({"type": "medical", "member": member["id"], "amount": _number(amount)})


def households(policy: Policy, n: int, seed: int, on: datetime.date) -> Iterator[dict[str, Any]]:
    """`n` households, two thirds of them placed on or next to a threshold of `policy`."""
    rng = random.Random(seed)
    for number in range(1, n + 1):
        h = sample_household(rng, number, on)
        h["id"] = f"EDGE-{number:07d}"
        if rng.random() < 2 / 3:
            _place(h, policy, rng)
        yield h
