"""Properties of the syntax stage and the loader under random input.

* printing any AST and parsing the text back gives the same AST (spans aside), and printing is
  canonical: printing the parsed text again gives the same text;
* `parse` on any text returns a node or raises `ParseFailure`, nothing else;
* `load_policy` on any bytes, random or a corrupted real policy, returns or raises `PolicyError`;
* the checker never crashes on a policy the loader built, whatever its rules say.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.diagnostics import PolicyError
from engine.loader import load_policy
from engine.syntax import ast
from engine.syntax.parser import ParseFailure, parse
from engine.syntax.printer import to_text

MINI = Path(__file__).resolve().parent / "fixtures" / "policies" / "mini.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYWORDS = {"if", "then", "else", "or", "and", "not", "in", "where", "true", "false"}

# -- random ASTs ------------------------------------------------------------------------------

identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,7}", fullmatch=True)
# words the grammar treats specially when they are names: `members`, function and unit words
names_first = st.one_of(st.sampled_from(["members", "count", "min", "yuan", "month", "years", "e5"]),
                        identifiers.filter(lambda s: s not in KEYWORDS))
decimals = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
)

leaves = st.one_of(
    st.builds(ast.Number, decimals),
    st.builds(ast.Percent, decimals),
    st.builds(ast.Quantity, decimals, st.sampled_from(ast.UNITS)),
    st.builds(ast.Date, st.dates()),
    st.builds(ast.String, st.text(max_size=8)),
    st.builds(ast.Boolean, st.booleans()),
    st.builds(lambda first, rest: ast.Name((first, *rest)), names_first, st.lists(identifiers, max_size=2)),
)


def _compound(children: st.SearchStrategy[ast.Node]) -> st.SearchStrategy[ast.Node]:
    optional = st.none() | children
    items = st.lists(children, max_size=3).map(tuple)
    return st.one_of(
        st.builds(ast.Neg, children),
        st.builds(ast.Arith, st.sampled_from("+-*/"), children, children),
        st.builds(ast.Compare, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), children, children),
        st.builds(ast.InRange, children, children, children, st.booleans(), st.booleans()),
        st.builds(ast.InSet, children, items, st.booleans()),
        st.builds(ast.Not, children),
        st.builds(ast.And, children, children),
        st.builds(ast.Or, children, children),
        st.builds(ast.IfThenElse, children, children, children),
        st.builds(ast.Call, names_first, items),
        st.builds(ast.Aggregate, names_first, optional, optional),
    )


expressions = st.recursive(leaves, _compound, max_leaves=24)


@SETTINGS
@given(expressions)
def test_parse_of_printed_text_is_the_same_expression(node: ast.Node):
    text = to_text(node)
    assert parse(text) == node, text


@SETTINGS
@given(expressions)
def test_printing_is_canonical(node: ast.Node):
    text = to_text(node)
    assert to_text(parse(text)) == text


# `f(members …)` reads as an aggregation: a call whose first argument starts with `members` is rare
# in random ASTs, so it gets its own property
members_led = st.recursive(
    st.builds(lambda rest: ast.Name(("members", *rest)), st.lists(identifiers, max_size=2)),
    lambda inner: st.one_of(
        st.builds(ast.Arith, st.sampled_from("+-*/"), inner, leaves),
        st.builds(ast.Compare, st.sampled_from(["<", "=="]), inner, leaves),
        st.builds(ast.InSet, inner, st.lists(leaves, max_size=2).map(tuple), st.booleans()),
        st.builds(ast.And, inner, leaves),
    ),
    max_leaves=4,
)


@SETTINGS
@given(names_first, members_led, st.lists(expressions, max_size=2))
def test_a_call_whose_first_argument_starts_with_members_round_trips(function: str, first: ast.Node,
                                                                      rest: list[ast.Node]):
    node = ast.Call(function, (first, *rest))
    assert parse(to_text(node)) == node, to_text(node)


def test_an_and_inside_an_or_is_printed_in_brackets_as_the_checker_asks():
    for written, printed in [
        ("a and b or c", "(a and b) or c"),
        ("a or b and c or d", "a or (b and c) or d"),
        ("(a or b) and c", "(a or b) and c"),
        ("not a and b or c", "(not a and b) or c"),
        ("a or b or c", "a or b or c"),
    ]:
        assert to_text(parse(written)) == printed
        assert to_text(parse(printed)) == printed


def test_the_strategy_reaches_every_node_type():
    kinds = {cls for cls in vars(ast).values()
             if isinstance(cls, type) and issubclass(cls, ast.Node) and cls not in (ast.Node, ast.Unparsed)}
    # `Unparsed` stands for a rule the parser refused: the loader makes it, no parse ever does
    seen: set[type] = set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(expressions)
    def collect(node: ast.Node) -> None:
        seen.update(type(n) for n in node.walk())

    collect()
    assert seen == kinds


# -- parse never crashes ----------------------------------------------------------------------

VOCABULARY = [
    "a", "b.c", "members", "count", "sum", "min", "age", "(", ")", "[", "]", "{", "}", ",", ".",
    "+", "-", "*", "/", "%", "<", "<=", "==", "!=", ">", ">=", "=", "!", "and", "or", "not", "in",
    "if", "then", "else", "where", "true", "false", "0", "1.5", "20%", "490 yuan/month", "24 months",
    "2024-02-30", "2024-07-16", '"C"', "'x'", '"', "'", "\\", "≥", "“", "\n", " ", "\t", "yuan", "9" * 30,
]
token_soup = st.lists(st.sampled_from(VOCABULARY), max_size=20).map(" ".join)


@SETTINGS
@given(st.one_of(st.text(max_size=40), token_soup))
def test_parse_returns_a_node_or_raises_parse_failure(text: str):
    try:
        node = parse(text)
    except ParseFailure as failure:
        d = failure.diagnostic
        assert d.code in ("S001", "S002", "S003", "S004", "L007")
        assert d.span is not None and d.span.line >= 1 and d.span.column >= 1
    else:
        assert isinstance(node, ast.Node)


# -- load_policy never crashes -----------------------------------------------------------------

YAML_BITS = ["\n", "  ", "\t", ":", ": ", "- ", "{", "}", "[", "]", ",", "'", '"', "#", "&a ", "*a",
             "!!python/object ", "---\n", "? ", "|\n", ">\n", "%", "@", "`", "\\", "\x00", "\r", "\ufeff",
             "2024-02-30", "1e9999", ".nan", "~", "yes", "<<: *a", "\xff"]


@st.composite
def corrupted_policy(draw: st.DrawFn) -> bytes:
    """The mini policy with a few random cuts, insertions and replacements."""
    data = bytearray(MINI_TEXT.encode("utf-8"))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=max(0, len(data) - 1)))
        action = draw(st.sampled_from(["cut", "insert", "replace"]))
        piece = draw(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=4))).encode("utf-8", "surrogatepass")
        if action == "cut":
            del data[at:at + draw(st.integers(min_value=1, max_value=40))]
        elif action == "insert":
            data[at:at] = piece
        else:
            data[at:at + len(piece)] = piece
    return bytes(data)


@FEWER
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.lists(st.sampled_from([*YAML_BITS, "policy", "parameters", "a"]), max_size=30)
                 .map(lambda bits: "".join(bits).encode("utf-8")),
                 corrupted_policy()))
def test_load_policy_returns_or_raises_policy_error(raw: bytes):
    try:
        policy, warnings = load_policy("random.yaml", raw=raw)
    except PolicyError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert d.message and "\n" not in d.message
    else:
        assert policy.file == "random.yaml"
        assert all(w.severity == "warning" for w in warnings)


# -- the checker never crashes ------------------------------------------------------------------

MINI_NAMES = ["per_capita_income", "dibao_standard", "household_size", "age", "birth_date", "assets.deposits",
              "housing.safety_grade", "supporter", "disability_grade", "counted_income", "own_counted_income",
              "income.wage", "today", "dibao", "tekun", "housing_unsafe", "unknown_thing"]
mini_names = st.sampled_from(MINI_NAMES).map(lambda dotted: ast.Name(tuple(dotted.split("."))))
mini_leaves = st.one_of(mini_names, leaves)
mini_expressions = st.recursive(mini_leaves, _compound, max_leaves=12)
CLAUSE = "test: per_capita_income < 1.5 * dibao_standard}"
AMOUNT = "amount: ceil((dibao_standard - per_capita_income) * household_size * 1 month)"


@FEWER
@given(mini_expressions, st.sampled_from(["clause", "definition", "amount"]))
def test_the_checker_never_crashes(node: ast.Node, where: str):
    text = json.dumps(to_text(node), ensure_ascii=False)
    if where == "clause":
        policy_text = MINI_TEXT.replace(CLAUSE, f"test: {text}}}")
    elif where == "definition":
        policy_text = MINI_TEXT.replace("value: counted_income / household_size", f"value: {text}")
    else:
        policy_text = MINI_TEXT.replace(AMOUNT, f"amount: {text}")
    try:
        load_policy("random.yaml", raw=policy_text.encode("utf-8"))
    except PolicyError as error:
        assert error.diagnostics
