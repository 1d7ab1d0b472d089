"""engine.model: what is built once per policy."""

from engine.loader import load_policy
from engine.model import Policy, per_policy
from tests.helpers import ROOT


def test_per_policy_builds_once_for_each_load_whichever_was_asked_for_last():
    """Two loads of one file are two policies: each gets what was built of it, asked for in any order, and nothing is
    built twice; what was built of the one asked for last is never given for the other."""
    path = ROOT / "policy" / "post-transition.yaml"
    first, second = load_policy(path)[0], load_policy(path)[0]
    built: list[Policy] = []

    @per_policy
    def derived(policy: Policy) -> tuple[int, int]:
        built.append(policy)
        return (len(built), id(policy))

    asked = [derived(p) for p in (first, first, second, second, first, second, first)]
    assert asked == [(1, id(first)), (1, id(first)), (2, id(second)), (2, id(second)),
                     (1, id(first)), (2, id(second)), (1, id(first))]
    assert [p is q for p, q in zip(built, (first, second), strict=True)] == [True, True]
