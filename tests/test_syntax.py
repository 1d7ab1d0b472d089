"""The rule language's grammar, construct by construct (docs/rule-language.md).

Two tables: text → the AST it must parse to (spans are not compared), and text → the syntax
error it must give (code, column, message). A third checks that spans land on the right
characters, also when an expression starts elsewhere in a file.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from engine.diagnostics import Diagnostic
from engine.syntax import ast
from engine.syntax.chinese import Labels, name_for_label
from engine.syntax.numerals import numeral_value, read_number
from engine.syntax.parser import MAX_NESTING, ParseFailure, date_help, parse, text_source_map, unescape


def n(*parts: str) -> ast.Name:
    return ast.Name(parts)


def num(text: str) -> ast.Number:
    return ast.Number(Decimal(text))


def q(value: str, unit: str) -> ast.Quantity:
    return ast.Quantity(Decimal(value), unit)


def s(value: str) -> ast.String:
    return ast.String(value)


a, b, c, x = n("a"), n("b"), n("c"), n("x")
TRUE, FALSE = ast.Boolean(True), ast.Boolean(False)

PARSES: list[tuple[str, ast.Node]] = [
    # values and their units
    ("1.5", num("1.5")),
    ("0", num("0")),
    ("24", num("24")),
    ("20%", ast.Percent(Decimal(20))),
    ("12.5%", ast.Percent(Decimal("12.5"))),
    ("3000 yuan", q("3000", "yuan")),
    ("490 yuan/month", q("490", "yuan/month")),
    ("5880 yuan/year", q("5880", "yuan/year")),
    ("24 months", q("24", "month")),
    ("1 month", q("1", "month")),
    ("1 year", q("1", "year")),
    ("2 years", q("2", "year")),
    ("2024-07-16", ast.Date(datetime.date(2024, 7, 16))),
    ('"C"', s("C")),
    ("'none'", s("none")),
    ('"a \\"quoted\\" word"', s('a "quoted" word')),
    ("'it\\'s'", s("it's")),
    ('"back\\\\slash"', s("back\\slash")),
    ('"two\\nlines"', s("two\nlines")),
    ('"低保"', s("低保")),
    ("true", TRUE),
    ("false", FALSE),
    # names
    ("per_capita_income", n("per_capita_income")),
    ("assets.deposits", n("assets", "deposits")),
    ("income.wage", n("income", "wage")),
    ("_private", n("_private")),
    ("members", n("members")),
    ("yuan", n("yuan")),
    ("a.if", n("a", "if")),
    # arithmetic: left-associative, * / bind tighter than + -
    ("a + b", ast.Arith("+", a, b)),
    ("a - b - c", ast.Arith("-", ast.Arith("-", a, b), c)),
    ("a - (b - c)", ast.Arith("-", a, ast.Arith("-", b, c))),
    ("a + b * c", ast.Arith("+", a, ast.Arith("*", b, c))),
    ("(a + b) * c", ast.Arith("*", ast.Arith("+", a, b), c)),
    ("a / b / c", ast.Arith("/", ast.Arith("/", a, b), c)),
    ("1.5 * dibao_standard", ast.Arith("*", num("1.5"), n("dibao_standard"))),
    ("dibao_standard * 24 months", ast.Arith("*", n("dibao_standard"), q("24", "month"))),
    ("3000 yuan / 1 month", ast.Arith("/", q("3000", "yuan"), q("1", "month"))),
    ("1 - employment_cost_rate", ast.Arith("-", num("1"), n("employment_cost_rate"))),
    ("(a + b) / household_size", ast.Arith("/", ast.Arith("+", a, b), n("household_size"))),
    # unary minus binds tightest
    ("-disaster_loss", ast.Neg(n("disaster_loss"))),
    ("-a * b", ast.Arith("*", ast.Neg(a), b)),
    ("a - -1", ast.Arith("-", a, ast.Neg(num("1")))),
    ("a--1", ast.Arith("-", a, ast.Neg(num("1")))),
    ("- - 1", ast.Neg(ast.Neg(num("1")))),
    ("-(a + b)", ast.Neg(ast.Arith("+", a, b))),
    # comparisons
    ("a < b", ast.Compare("<", a, b)),
    ("a <= b", ast.Compare("<=", a, b)),
    ("a > b", ast.Compare(">", a, b)),
    ("a >= b", ast.Compare(">=", a, b)),
    ("a == b", ast.Compare("==", a, b)),
    ("a != b", ast.Compare("!=", a, b)),
    ("a + 1 < b * 2", ast.Compare("<", ast.Arith("+", a, num("1")), ast.Arith("*", b, num("2")))),
    ("(a < b) == c", ast.Compare("==", ast.Compare("<", a, b), c)),
    ("disaster_loss > 0", ast.Compare(">", n("disaster_loss"), num("0"))),
    ("birth_date < 2024-01-01", ast.Compare("<", n("birth_date"), ast.Date(datetime.date(2024, 1, 1)))),
    # ranges: [ ] closed, ( ) open
    ("x in [a, b]", ast.InRange(x, a, b, True, True)),
    ("x in [a, b)", ast.InRange(x, a, b, True, False)),
    ("x in (a, b]", ast.InRange(x, a, b, False, True)),
    ("x in (a, b)", ast.InRange(x, a, b, False, False)),
    ("per_capita_income in [dibao_standard, 1.5 * dibao_standard)",
     ast.InRange(n("per_capita_income"), n("dibao_standard"),
                 ast.Arith("*", num("1.5"), n("dibao_standard")), True, False)),
    # sets
    ('housing.safety_grade in {"C", "D"}', ast.InSet(n("housing", "safety_grade"), (s("C"), s("D")))),
    ('student not in {"none"}', ast.InSet(n("student"), (s("none"),), negated=True)),
    ("x in {}", ast.InSet(x, ())),
    ("x in {1}", ast.InSet(x, (num("1"),))),
    ("a + 1 in {2, 3}", ast.InSet(ast.Arith("+", a, num("1")), (num("2"), num("3")))),
    # not, and, or: not binds tighter than and, and tighter than or
    ("not drinking_water.safe", ast.Not(n("drinking_water", "safe"))),
    ("not not a", ast.Not(ast.Not(a))),
    ("not a < b", ast.Not(ast.Compare("<", a, b))),
    ('not x in {"A"}', ast.Not(ast.InSet(x, (s("A"),)))),
    ("a and b", ast.And(a, b)),
    ("a or b", ast.Or(a, b)),
    ("a and b and c", ast.And(ast.And(a, b), c)),
    ("a or b and c", ast.Or(a, ast.And(b, c))),
    ("a and b or c", ast.Or(ast.And(a, b), c)),
    ("not a and b", ast.And(ast.Not(a), b)),
    ("not (a and b)", ast.Not(ast.And(a, b))),
    ("vehicles == 0 and extra_houses == 0",
     ast.And(ast.Compare("==", n("vehicles"), num("0")), ast.Compare("==", n("extra_houses"), num("0")))),
    # if … then … else: loosest of all
    ('if student == "higher" then 4000 yuan/year else 0',
     ast.IfThenElse(ast.Compare("==", n("student"), s("higher")), q("4000", "yuan/year"), num("0"))),
    ("if a then b else c or x", ast.IfThenElse(a, b, ast.Or(c, x))),
    ("if a then if b then c else x else 1", ast.IfThenElse(a, ast.IfThenElse(b, c, x), num("1"))),
    ("if if a then b else c then 1 else 2", ast.IfThenElse(ast.IfThenElse(a, b, c), num("1"), num("2"))),
    ("(if a then 1 else 2) + 3", ast.Arith("+", ast.IfThenElse(a, num("1"), num("2")), num("3"))),
    # functions
    ("max(counted_income - rigid_expenses, 0)",
     ast.Call("max", (ast.Arith("-", n("counted_income"), n("rigid_expenses")), num("0")))),
    ("min(a, b, c)", ast.Call("min", (a, b, c))),
    ("round(x)", ast.Call("round", (x,))),
    ("round(per_capita_income / 12, 2)",
     ast.Call("round", (ast.Arith("/", n("per_capita_income"), num("12")), num("2")))),
    ("ceil(monthly_gap)", ast.Call("ceil", (n("monthly_gap"),))),
    ("floor(x)", ast.Call("floor", (x,))),
    ("abs(a - b)", ast.Call("abs", (ast.Arith("-", a, b),))),
    ("age(birth_date) >= 60", ast.Compare(">=", ast.Call("age", (n("birth_date"),)), num("60"))),
    ("f()", ast.Call("f", ())),
    ("f((members))", ast.Call("f", (n("members"),))),
    # aggregation over members
    ("count(members)", ast.Aggregate("count", None, None)),
    ("count(members where age >= 60)", ast.Aggregate("count", ast.Compare(">=", n("age"), num("60")), None)),
    ("any(members where serious_illness)", ast.Aggregate("any", n("serious_illness"), None)),
    ("any(members, serious_illness)", ast.Aggregate("any", None, n("serious_illness"))),
    ('all(members, labor_capacity == "none")',
     ast.Aggregate("all", None, ast.Compare("==", n("labor_capacity"), s("none")))),
    ("sum(members, own_counted_income)", ast.Aggregate("sum", None, n("own_counted_income"))),
    ("sum(members where student != \"none\", own_expenses.education)",
     ast.Aggregate("sum", ast.Compare("!=", n("student"), s("none")), n("own_expenses", "education"))),
    ("min(members where age >= 18, age)", ast.Aggregate("min", ast.Compare(">=", n("age"), num("18")), n("age"))),
    ("max(members, age)", ast.Aggregate("max", None, n("age"))),
    ("count(members where a, b)", ast.Aggregate("count", a, b)),
    # whitespace and line breaks are free
    ("  a\n  <\n  b  ", ast.Compare("<", a, b)),
    ("a<b", ast.Compare("<", a, b)),
    ("a\tand\tb", ast.And(a, b)),
]


@pytest.mark.parametrize(("text", "expected"), PARSES, ids=[t for t, _ in PARSES])
def test_parses_to(text: str, expected: ast.Node):
    assert parse(text) == expected


FAILS: list[tuple[str, str, int, str]] = [
    # text, code, column, message
    ("", "S003", 1, "empty expression"),
    ("   ", "S003", 1, "empty expression"),
    ("a <", "S003", 3, "expression ends too early after `<`"),
    ("a ==", "S003", 3, "expression ends too early after `==`"),
    ("not", "S003", 1, "expression ends too early after `not`"),
    ("if a then b", "S003", 11, "expression ends too early after `b`"),
    ("a < b < c", "S002", 7, "unexpected `<`"),
    ("a < b == c", "S002", 7, "unexpected `==`"),
    ("a b", "S002", 3, "unexpected `b`"),
    ("a +* b", "S002", 4, "unexpected `*`"),
    ("1.5.2", "S002", 4, "unexpected `.`"),
    ("x not in [1, 2]", "S002", 10, "unexpected `[`"),
    ("24 months months", "S002", 11, "unexpected `months`"),
    ("a)", "S002", 2, "`)` closes nothing"),
    ("(a))", "S002", 4, "`)` closes nothing"),
    ("x in {1}}", "S002", 9, "`}` closes nothing"),
    ("a in [1, 2}", "S002", 11, "unexpected `}`"),
    ("count(members where)", "S002", 20, "unexpected `)`"),
    ("a = b", "S001", 3, "unexpected `=`"),
    ("% a", "S001", 1, "stray `%`"),
    ("a < % b", "S001", 5, "stray `%`"),
    ("a ≥ b", "S001", 3, "unexpected `≥`"),
    ("a ≠ b", "S001", 3, "unexpected `≠`"),
    ("x == “C”", "S001", 6, "unexpected `“`"),
    ("max（a, b)", "S001", 4, "unexpected `（`"),
    ("a，b", "S001", 2, "unexpected `，`"),
    ("a && b", "S001", 3, "unexpected `&&`"),
    ("a || b", "S001", 3, "unexpected `||`"),
    ("!a", "S001", 1, "unexpected `!`"),
    ("a == 'x", "S001", 6, "the quote `'` is never closed"),
    ('a == "x', "S001", 6, 'the quote `"` is never closed'),
    ("a # b", "S001", 3, "unexpected character `#`"),
    ("2024-02-30", "S001", 1, "`2024-02-30` is not a date"),
    ("x < 2024-13-01", "S001", 5, "`2024-13-01` is not a date"),
    ("(a + b", "S004", 1, "unclosed `(`"),
    ("f(a, b", "S004", 2, "unclosed `(`"),
    ("x in [1, 2", "S004", 6, "unclosed `[`"),
    ("x in {1, 2", "S004", 6, "unclosed `{`"),
    # numbers with a thousands separator: the whole number is underlined
    ("20,921 yuan/year", "S002", 1, "unexpected `,` in the number `20,921`"),
    ("x < 1,000,000", "S002", 5, "unexpected `,` in the number `1,000,000`"),
    ("20，921 yuan/year", "S001", 1, "unexpected `，` in the number `20，921`"),
    # numbers with a decimal comma, as some offices write a decimal point
    ("510,50 yuan/month", "S002", 1, "unexpected `,` in the number `510,50`"),
    ("x * 1,5", "S002", 5, "unexpected `,` in the number `1,5`"),
    # words and characters from a Chinese input method, one error for the whole word
    ("a 且 b", "S001", 3, "unexpected `且`"),
    ("a 并且 b", "S001", 3, "unexpected `并且`"),
    ("a 或 b", "S001", 3, "unexpected `或`"),
    ("490 元", "S001", 5, "unexpected `元`"),
    ("490 元/月", "S001", 5, "unexpected `元/月`"),
    ("5880元/年", "S001", 5, "unexpected `元/年`"),
    ("dibao_standard * 24个月", "S001", 20, "unexpected `个月`"),
    ("四百九十 yuan/month", "S001", 1, "unexpected `四百九十`"),
    ("a < 低保标准", "S001", 5, "names in a rule are written in English letters, not `低保标准`"),
    ('x in {"none"、 "weak"}', "S001", 13, "unexpected `、`"),
    ("a < b；", "S001", 6, "unexpected `；`"),
    ("a < b：", "S001", 6, "unexpected `：`"),
    # operators and keywords from other languages
    ('a <> "full"', "S002", 3, "unexpected `<>`"),
    ("a =< b", "S001", 3, "unexpected `=<`"),
    ("a OR b", "S002", 3, "unexpected `OR`"),
    ("NOT a or b", "S002", 1, "unexpected `NOT`"),
    ("x between a and b", "S002", 3, "unexpected `between`"),
    ("1.3 times x", "S002", 5, "unexpected `times`"),
    ("50% of x", "S002", 5, "unexpected `of`"),
    ("50% counted_income", "S002", 5, "unexpected `counted_income`"),
    ("x < 5.36% yuan/month", "S002", 11, "unexpected `yuan/month`"),
    ('x in {"none" "weak"}', "S002", 14, 'unexpected `"weak"`'),
    ("x in 1..4", "S002", 6, "unexpected `1..4`"),
    ('x in {"full, "weak"} and y', "S001", 7, "this text seems to miss its closing quote"),
    ("-" * (MAX_NESTING + 5) + "1", "L007", 1, f"the expression is nested more than {MAX_NESTING} levels deep"),
    ("a" + " + a" * (MAX_NESTING + 5), "L007", 1, f"the expression is nested more than {MAX_NESTING} levels deep"),
]


@pytest.mark.parametrize(("text", "code", "column", "message"), FAILS, ids=[f[0][:30] for f in FAILS])
def test_fails_with(text: str, code: str, column: int, message: str):
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    d = caught.value.diagnostic
    assert (d.code, d.span.column if d.span else None, d.message) == (code, column, message)
    assert d.help is None or "\n" not in d.help


HELPS = [
    ("a < b < c", "comparisons do not chain"),
    ("a \\ 2", "write `/` to divide"),
    ("a # b", "a rule is written with names, numbers, operators"),  # (a character of none of them)
    ("a / b 😀", "remove it (a note goes in a `# comment` after the rule)"),
    ("if a then b", "needs `else"),
    ("a = b", "write `==`"),
    ("a ≥ b", "write `>=`"),
    ("a ≧ b", "write `>=`"),
    ("a ＝＝ b", "write `==`"),
    ("a ！＝ b", "write `!=`"),
    ("a ›＝ b", "write `>=`"),
    ("a <＝ b", "write `<=`"),
    ("a && b", "write `and`"),
    ("max（a, b)", "write `(`"),
    ("a × b", "write `*`"),
    ("!a", "write `not`"),
    ("a and !b", "write `not`"),
    ("a < !b", "`!` has no meaning in a rule here: delete it, `a < b`"),  # a number goes there, no yes/no
    ("x in !a", "delete it, `x in a`"),
    ("x == “C”", "straight quotes"),
    ("supporter == “none”", 'use straight quotes: "none"'),  # the text it quotes, whatever it is
    ("supporter == ‘none’", 'use straight quotes: "none"'),
    ("supporter == “none", 'use straight quotes: `"`'),  # never closed: no text to show
    ("x not in [1, 2]", "not (x in [a, b])"),
    ("(a + b", "add the closing `)`"),
    ("x in [1, 2", "`]` or `)`"),
    ("2024-02-30", "2024-02 has 29 days"),
    ("2023-02-29", "2023-02 has 28 days"),
    ("2024-13-01", "the month must be between 01 and 12"),
    ("a b", "expected an operator such as `+ - * /`, `and`, `or`, or the end of the rule"),
    ("a +* b", "expected a value here"),
    ("x in 1 to 4", "after `in` write a range `[a, b]` or a set"),
    ("20,921 yuan/year", "write numbers without a thousands separator, e.g. `20921`"),
    ("20，921 yuan/year", "write numbers without a thousands separator, e.g. `20921`"),
    ("510,50 yuan/month", "write a decimal point, not a comma: `510.50`"),
    ("x * 1，5", "write a decimal point, not a comma: `1.5`"),
    ("a 且 b", "write `and`"),
    ("a 并且 b", "write `and`"),
    ("a 或 b", "write `or`"),
    ("490 元", "write units in English: `490 yuan` for a sum; `490 yuan/month` or `490 yuan/year` for an amount "
              "per month or per year"),
    ("490 元/月", "write units in English: `490 yuan/month`"),
    ("5880元/年", "write units in English: `5880 yuan/year`"),
    ("dibao_standard * 24个月", "write units in English: `24 months`"),
    ("age >= 60岁", "an age is a plain number of years: write `60`"),
    ("四百九十 yuan/month", "write numbers with digits: `490`"),
    ("x < 3千 yuan/year", "write the whole number with digits: `3000`"),
    ("x < 5百 yuan/month", "write the whole number with digits: `500`"),
    ("x < 1.2千", "write the whole number with digits: `1200`"),
    ("x < 2万5千", "write the whole number with digits: `25000`"),
    ("x < 3千元/年", "write the whole number with digits: `3000 yuan/year`"),
    ("x < 2.23万元/年", "write the whole number with digits: `22300 yuan/year`"),
    ("x * 百分之二十", "write percentages with digits: `20%`"),
    ("x * 百分之12.5", "write percentages with digits: `12.5%`"),
    ("二十五天", "write numbers with digits: `25`"),
    ("a < 低保标准", "write the name declared under `parameters`, `definitions` or `inputs`"),
    ('x in {"none"、 "weak"}', "write `,`"),
    ("a < b；", "join conditions with `and` or `or`"),
    ('a <> "full"', "write `!=`"),
    ("a =< b", "write `<=`"),
    ("a OR b", "keywords are written in lower case: write `or`"),
    ("x < 560 Yuan/Month", "units are written in lower case: `560 yuan/month`"),
    ("x > 12 Months", "units are written in lower case: `12 months`"),
    ("x < 510 yuan per month", "write an amount per month as `510 yuan/month`"),
    ("x < 510 a month", "write an amount per month as `510 yuan/month`"),
    ("x < 7600 yuan annually", "write an amount per year as `7600 yuan/year`"),
    ("x < 7600 per annum", "write an amount per year as `7600 yuan/year`"),
    ("x < 510 RMB/month", "write an amount per month as `510 yuan/month`"),
    ("x < 3000 rmb", "amounts are in yuan: write `3000 yuan`"),
    ("x * 20 percent", "write a percentage with `%`: `20%`"),
    ("x * 12.5 per cent", "write a percentage with `%`: `12.5%`"),
    ("per_capita_income < 1.5 dibao_standard", "a multiple is written with `*`: write `1.5 * dibao_standard`"),
    ("x < 1.5x dibao_standard", "write `*`: `1.5 * dibao_standard`"),
    ("x < dibao_standard x 1.5", "write `*`: `dibao_standard * 1.5`"),
    ("x in [1 y]", "put a `,` between the values: `1, y`"),
    ("x > = 5", "write `>=`, with no space inside"),
    ("x < = 5", "write `<=`, with no space inside"),
    ("x ! = 5", "write `!=`, with no space inside"),
    ("x == = 3", "write `==` to compare two values"),
    ("x < .5 * y", "write `0.5`"),
    ("x < 5.", "remove the full stop: a rule does not end with one"),
    ("NOT a or b", "write `not`"),
    ("x between a and b", "`x in [a, b]`"),
    ("1.3 times x", "`1.3 * x`"),
    ('a is not "C"', '`a != "C"`'),
    ("50% of x", "`50% * x`"),
    ("50% counted_income", "`50% * counted_income`"),
    ("x * 六成", "write the share as a percentage: `60%` (or 0.6)"),
    ("x * 6成", "write the share as a percentage: `60%` (or 0.6)"),
    ("x * 7.5成 + y", "write the share as a percentage: `75%` (or 0.75)"),
    ("x < 5.36% yuan/month", "a percentage has no unit: for money write the amount in yuan the document gives, "
     "`… yuan/month`; for a share of money, the percentage times that money, `5.36% * …`"),
    ("deposits <= 5% yuan", "`… yuan`"),
    ('x in {"none" "weak"}', 'put a `,` between the values: `"none", "weak"`'),
    ("x in 1..4", "write a range with brackets: `[1, 4]`"),
    ('x in {"full, "weak"} and y', 'close it: `"full"`'),
    ("x < ¥510/month", "write the unit after the number: `510 yuan/month`"),
    ("x < ￥510/月", "write the unit after the number: `510 yuan/month`"),
    ("x < ¥ 3000", "write the unit after the number: `3000 yuan`"),
    ("x < a, y == 0", "a rule is one test: join conditions with `and` where all must hold (or `or` where one is "
     "enough): `x < a and y == 0`; or give each its own clause"),
    ("x < a，y == 0", "`x < a and y == 0`"),
    ("x < a、y == 0、z", "`x < a and y == 0 and z`"),
    ("max(x, 1) < a, y == 0", "`max(x, 1) < a and y == 0`"),
    ("any(member where x)", "an aggregation reads `members`: write `members`"),
    ("x in [1, 2, 3, 4]", "a range has two ends, `[a, b]`; to list values, write a set: `{1, 2, 3, 4}`"),
    ("x in (1, 2, 3] and y", "to list values, write a set: `{1, 2, 3}`"),
    ("x in [1-4]", "write a range with a comma between its ends: `[1, 4]`"),
    ("x in 1-4", "write a range with a comma between its ends: `[1, 4]`"),
    ("x in [1 到 4)", "write a range with a comma between its ends: `[1, 4)`"),
    ("x in 1~4 and y", "write a range with a comma between its ends: `[1, 4]`"),
    ("own_counted_income + shar:ed", "remove it: a rule has no `:`"),
]


def test_a_share_in_tenths_followed_by_more_words_is_not_given_a_percentage_it_does_not_say():
    with pytest.raises(ParseFailure) as caught:
        parse("x * 七成半")  # 75%: only the tenths a case file reads are given one
    assert "%" not in (caught.value.diagnostic.help or "")


def test_no_help_lists_grammar_terminals():
    for text in ("a b", "a +* b", "1.5.2", "a in [1, 2}", "x in 1 to 4", "count(members where)", "a , b"):
        with pytest.raises(ParseFailure) as caught:
            parse(text)
        help = caught.value.diagnostic.help or ""
        assert not any(word in help for word in ("RPAR", "NAME", "`%`, `)`", "$END", "`.`, …")), (text, help)


@pytest.mark.parametrize(("text", "value"), [
    ("四百九十", "490"), ("二十五", "25"), ("十五", "15"), ("一千零五", "1005"), ("两万三千", "23000"),
    ("二零二四", "2024"), ("一点五", "1.5"), ("万", "10000"),
    ("三亿五千万", "350000000"), ("一亿零五百", "100000500"), ("十二万三千四百五十六", "123456"),
    ("三万亿", "3000000000000"), ("两万亿三千亿", "2300000000000"), ("亿", "100000000"),
    ("一千二", "1200"), ("三千五", "3500"), ("一万二", "12000"), ("三千万", "30000000"), ("十二点五", "12.5"),
    ("3千", "3000"), ("5百", "500"), ("1.2千", "1200"), ("2.23万", "22300"), ("2万5千", "25000"), ("3千零5", "3005"),
    ("2万5000", "25000"), ("百分之二十", "0.2"), ("百分之五十", "0.5"), ("百分之12.5", "0.125"),
])
def test_chinese_numerals_are_read_as_digits(text: str, value: str):
    assert numeral_value(text) == value


@pytest.mark.parametrize("text", ["3千50", "3千05", "三百五千", "三千二五", "3千2.5", "2十50"])
def test_a_number_with_more_than_one_reading_gets_no_number(text: str):
    assert read_number(text, 0) == (None, len(text))
    with pytest.raises(ParseFailure) as caught:
        parse(f"x < {text}")
    assert caught.value.diagnostic.help in ("write the whole number with digits", "write numbers with digits")


def test_a_numeral_inside_a_word_is_not_read_as_a_number():
    for text in ("x < 百分比", "x < 三无人员", "x2万"):
        with pytest.raises(ParseFailure) as caught:
            parse(text)
        assert not re.search(r"\d", caught.value.diagnostic.help or ""), text


def test_a_name_written_as_its_chinese_label_gets_the_name():
    labels = {"农村最低生活保障标准": "dibao_standard", "低保边缘收入标准": "marginal_line", "年龄": "age"}
    assert name_for_label("年龄", labels) == ("age", "年龄")
    assert name_for_label("低保标准", labels) == ("dibao_standard", "农村最低生活保障标准")
    assert name_for_label("存款", labels) is None
    with pytest.raises(ParseFailure) as caught:
        parse("x < 低保标准", labels=Labels(labels))
    assert caught.value.diagnostic.help == "`dibao_standard` is labelled `农村最低生活保障标准`: write `dibao_standard`"


@pytest.mark.parametrize(("text", "hint"), HELPS)
def test_helps_with(text: str, hint: str):
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    assert caught.value.diagnostic.help is not None
    assert hint in caught.value.diagnostic.help


@pytest.mark.parametrize(("text", "message", "help", "zh"), [
    ("x < 5.36 % yuan/month", "unexpected `yuan/month`",
     "a percentage has no unit: for money write the amount in yuan the document gives, `… yuan/month`; for a share "
     "of money, the percentage times that money, `5.36% * …`",
     "百分比不带单位：金额请按政策原文写出元数，`… yuan/month`；金额的一定比例请写成百分比乘以该金额，`5.36% * …`"),
    ("deposits <= 5 %yuan", "unexpected `yuan`",
     "a percentage has no unit: for money write the amount in yuan the document gives, `… yuan`; for a share of "
     "money, the percentage times that money, `5% * …`",
     "百分比不带单位：金额请按政策原文写出元数，`… yuan`；金额的一定比例请写成百分比乘以该金额，`5% * …`"),
    ("50 % of x", "unexpected `of`", "write `*` to take a percentage: `50% * x`", "取百分比请用 `*`：`50% * x`"),
])
def test_a_percentage_written_with_a_space_before_its_sign_gets_the_percentage_help(
        text: str, message: str, help: str, zh: str):
    """`5.36 %` is the percentage `5.36%` (the rule language takes a space before `%`): it was told only that an
    operator was expected after it."""
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    d = caught.value.diagnostic
    assert (d.message, d.help, d.zh[1] if d.zh else None) == (message, help, zh)


@pytest.mark.parametrize(("text", "declared", "message", "hint"), [
    # with the names the policy declares, a word after a number that names none of them is no multiple
    ("x < 24 mnths", {"x"}, "`mnths` is not a unit of the rule language", "did you mean `months`? write `24 months`"),
    ("x * 20 percnt", {"x"}, "`percnt` is not a unit of the rule language", "did you mean `percent`? write `20%`"),
    # a name, a function it calls or an input's field it reads is multiplied; without the names, any word is
    ("x < 1.5 dibao_standard", {"x", "dibao_standard"}, "unexpected `dibao_standard`",
     "write `1.5 * dibao_standard`"),
    ("x < 2 round(x)", {"x"}, "unexpected `round`", "write `2 * round`"),
    ("x < 2 assets.vehicles", {"x", "assets.vehicles"}, "unexpected `assets`", "write `2 * assets`"),
    ("x < 510 dollars", None, "unexpected `dollars`", "write `510 * dollars`"),
])
def test_a_word_after_a_number_is_a_unit_unless_it_is_a_name(text: str, declared: set[str] | None, message: str,
                                                              hint: str):
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared=declared)
    d = caught.value.diagnostic
    assert (d.code, d.message.split(" (")[0]) == ("S002", message) and d.help is not None and hint in d.help, d


# A rule as an input method or a document writes it; the code the help gives; the rule as the help has it rewritten
# (what YAML leaves of it, a comment taken away).
FOLLOWED = [
    ("disability_grade in [1，4]", "`disability_grade in [1, 4]`", "disability_grade in [1, 4]"),
    ('grade in {"C"、"D"}', '`grade in {"C", "D"}`', 'grade in {"C", "D"}'),
    ("round(x，2) > 0", "`round(x, 2) > 0`", "round(x, 2) > 0"),
    ("today >= 2026年1月1日", "`2026-01-01`", "today >= 2026-01-01"),
    ("today >= 2026年1月1号 and x", "`2026-01-01`", "today >= 2026-01-01 and x"),
    ("today >= 2026.1.1", "`2026-01-01`", "today >= 2026-01-01"),
    ("birth_date >= 1966年1月 and x", "`1966-01-01`", "birth_date >= 1966-01-01 and x"),  # a month, no day
    ("birth_date >= 1966 年 12 月", "`1966-12-01`", "birth_date >= 1966-12-01"),
    ("510 yuan/month#县里公布的标准", "`510 yuan/month #县里公布的标准`", "510 yuan/month"),
    ("510 yuan/month ＃县里公布的标准", "`510 yuan/month #县里公布的标准`", "510 yuan/month"),
    ("1 — employment_cost_rate", "`-`", "1 - employment_cost_rate"),
    ("1 —— employment_cost_rate", "`-`", "1 - employment_cost_rate"),
    ("drinking_water.safe == 否", "`false`", "drinking_water.safe == false"),
    ("drinking_water.safe == 是", "`true`", "drinking_water.safe == true"),
    ("不是 drinking_water.safe", "`not`", "not drinking_water.safe"),
    ("x and 不是 drinking_water.safe", "`not`", "x and not drinking_water.safe"),
    ('supporter 不是 "none"', "`!=`", 'supporter != "none"'),
    ("disability_grade in ［1, 4］", "`[1, 4]`", "disability_grade in [1, 4]"),  # both brackets in one run
    ("disability_grade in [1，4）", "`disability_grade in [1, 4)`", "disability_grade in [1, 4)"),  # both marks
    ("x < （a + b） × 2", "`(a + b) * 2`", "x < (a + b) * 2"),
    ("per_capita_income < 1.5倍 dibao_standard", "`1.5 * dibao_standard`", "per_capita_income < 1.5 * dibao_standard"),
]


@pytest.mark.parametrize(("text", "code", "fixed"), FOLLOWED, ids=[f[0] for f in FOLLOWED])
def test_the_help_followed_as_written_gives_a_rule_that_reads(text: str, code: str, fixed: str):
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    d = caught.value.diagnostic
    assert d.help is not None and d.zh is not None
    assert code in d.help and code in d.zh[1], (d.help, d.zh)
    assert parse(fixed)


def test_a_month_written_as_a_document_writes_it_is_told_a_date_needs_a_day():
    """`1966年1月` was told `write units in English: `1966 years``, which made it worse."""
    with pytest.raises(ParseFailure) as caught:
        parse("birth_date >= 1966年1月")
    d = caught.value.diagnostic
    assert (d.message, d.help) == ("unexpected `1966年1月`",
                                   "a date needs a day: for the first day of the month write `1966-01-01` "
                                   "(year-month-day)")
    assert d.zh == ("此处不应出现 `1966年1月`", "日期要写到日：如果是这个月的第一天，请写 `1966-01-01`（年-月-日）")


def test_a_date_written_otherwise_that_is_no_date_is_told_why():
    with pytest.raises(ParseFailure) as caught:
        parse("today >= 2026年2月30日")
    assert caught.value.diagnostic.help == "2026-02 has 28 days"


def test_a_rule_with_two_names_in_chinese_is_told_both():
    labels = Labels({"家庭年人均收入": "per_capita_income", "农村最低生活保障标准": "dibao_standard"})
    with pytest.raises(ParseFailure) as caught:
        parse("家庭年人均收入 < 农村最低生活保障标准", labels=labels)
    d = caught.value.diagnostic
    assert d.help == ("`家庭年人均收入` is the label of `per_capita_income`; `农村最低生活保障标准` is the label of "
                      "`dibao_standard`: write `per_capita_income < dibao_standard`")
    assert d.zh is not None and d.zh[1].endswith("：请写 `per_capita_income < dibao_standard`")
    with pytest.raises(ParseFailure) as caught:  # with a word of the rule language among them
        parse("家庭年人均收入 小于 农村最低生活保障标准", labels=labels)
    assert (caught.value.diagnostic.help or "").endswith("write `per_capita_income < dibao_standard`")


def test_everyday_names_close_to_one_label_are_guessed():
    """`家庭人均收入` is not in `家庭年人均收入`, but its characters are, in order; `低保标准` is the short form of
    `农村最低生活保障标准`: the rule is guessed, and said as a guess."""
    labels = Labels({"家庭年人均收入": "per_capita_income", "农村最低生活保障标准": "dibao_standard",
                     "家庭年人均存款": "deposits_per_capita"})
    with pytest.raises(ParseFailure) as caught:
        parse("家庭人均收入 < 低保标准", labels=labels)
    d = caught.value.diagnostic
    assert d.help == ("did you mean `per_capita_income < dibao_standard`? (`per_capita_income` is labelled "
                      "`家庭年人均收入`; `dibao_standard` is labelled `农村最低生活保障标准`)")
    assert d.zh is not None and d.zh[1] == (
        "是不是 `per_capita_income < dibao_standard`？（`per_capita_income` 的标签是 `家庭年人均收入`；"
        "`dibao_standard` 的标签是 `农村最低生活保障标准`）")
    with pytest.raises(ParseFailure) as caught:  # one word alone
        parse("家庭人均收入 > 0", labels=labels)
    d = caught.value.diagnostic
    assert d.help == "did you mean `per_capita_income`? (`per_capita_income` is labelled `家庭年人均收入`)"
    assert d.zh is not None
    assert d.zh[1] == "是不是 `per_capita_income`？（`per_capita_income` 的标签是 `家庭年人均收入`）"
    with pytest.raises(ParseFailure) as caught:  # `家庭人均`: in `家庭年人均收入` and `家庭年人均存款` alike, no guess
        parse("家庭人均 > 0", labels=labels)
    assert "did you mean" not in (caught.value.diagnostic.help or "")


@pytest.mark.parametrize(("text", "fixed"), [
    ("x < 1.5倍低保标准", "1.5 * dibao_standard"),
    ("家庭年人均收入 < 1.5倍低保标准", "per_capita_income < 1.5 * dibao_standard"),
    ("家庭年人均收入 < 1.5 倍低保标准 and 存款 <= 低保标准 * 24 months",
     "per_capita_income < 1.5 * dibao_standard and deposits_per_capita <= dibao_standard * 24 months"),
    ("x < 1.5 倍低保标准 and 存款 <= 低保标准 * 24 months",
     "x < 1.5 * dibao_standard and deposits_per_capita <= dibao_standard * 24 months"),
    ("家庭年人均收入 < 1.5倍 dibao_standard", "per_capita_income < 1.5 * dibao_standard"),
    ("x < 低保标准的1.5倍", "1.5 * dibao_standard"),  # the multiple after the standard, as the label of the margin
    ("家庭年人均收入 < 低保标准的1.5倍", "per_capita_income < 1.5 * dibao_standard"),
    ("家庭年人均收入 低于 低保标准的 1.5 倍", "per_capita_income < 1.5 * dibao_standard"),
    ("低保标准的1.5倍 > 家庭年人均收入", "1.5 * dibao_standard > per_capita_income"),
    ("家庭年人均收入 < 低保标准的1.5倍 and 存款 <= 低保标准 * 24 months",
     "per_capita_income < 1.5 * dibao_standard and deposits_per_capita <= dibao_standard * 24 months"),
    ("家庭年人均收入 < dibao_standard的1.5倍", "per_capita_income < 1.5 * dibao_standard"),
])
def test_a_multiple_written_in_chinese_is_told_with_the_rest_of_the_rule_in_one_finding(text: str, fixed: str):
    """`1.5倍低保标准` was told `write `1.5``, dropping the standard; the rule's other Chinese words took a run each."""
    labels = Labels({"家庭年人均收入": "per_capita_income", "农村最低生活保障标准": "dibao_standard",
                     "家庭人均存款": "deposits_per_capita"})
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=labels)
    found = caught.value.diagnostic
    assert found.help is not None and found.help.endswith(f"write `{fixed}`"), found.help
    assert found.zh is not None and found.zh[1].endswith(f"请写 `{fixed}`"), found.zh
    assert found.help.count("`dibao_standard` is labelled") <= 1  # each name told once, though written twice
    parse(fixed)


MULTIPLE_LABELS = Labels({"家庭年人均收入": "per_capita_income", "农村最低生活保障标准": "dibao_standard",
                          "家庭人均存款": "deposits_per_capita"})


@pytest.mark.parametrize(("text", "fixed"), [
    ("家庭年人均收入低于低保标准的1.5倍", "per_capita_income < 1.5 * dibao_standard"),
    ("家庭年人均收入低于1.5倍低保标准", "per_capita_income < 1.5 * dibao_standard"),
    ("家庭年人均收入低于农村最低生活保障标准", "per_capita_income < dibao_standard"),
    ("家庭年人均收入不超过低保标准的1.5倍 and x", "per_capita_income <= 1.5 * dibao_standard and x"),
    ("低保标准的1.5倍高于家庭年人均收入", "1.5 * dibao_standard > per_capita_income"),
    ("家庭年人均收入 高于低保标准的1.5倍", "per_capita_income > 1.5 * dibao_standard"),  # the word, then the multiple
    ("家庭年人均收入低于低保标准且家庭人均存款不超过低保标准的24倍",
     "per_capita_income < dibao_standard and deposits_per_capita <= 24 * dibao_standard"),
])
def test_a_rule_written_in_chinese_words_without_spaces_is_told_the_whole_rule(text: str, fixed: str):
    """`家庭年人均收入低于低保标准的1.5倍`, as a document writes it, was one word of no label: told only to write
    names in English letters."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=MULTIPLE_LABELS)
    found = caught.value.diagnostic
    assert found.help is not None and found.help.endswith(f": write `{fixed}`"), found.help
    assert "`家庭年人均收入` is the label of `per_capita_income`" in found.help
    assert found.zh is not None and found.zh[1].endswith(f"请写 `{fixed}`"), found.zh
    parse(fixed)


@pytest.mark.parametrize(("text", "fixed"), [
    ("x < 低保标准或 y", "x < dibao_standard or y"),
    ("x < 低保标准且 y", "x < dibao_standard and y"),
    ("x < 低保标准或者y", "x < dibao_standard or y"),
    ("x < 低保标准的1.5倍或 y", "x < 1.5 * dibao_standard or y"),  # was `dibao_standardor y`
    ("x < 低保标准的1.5倍且 y", "x < 1.5 * dibao_standard and y"),
    ("x < 低保标准 或y", "x < dibao_standard or y"),  # was `ory`
    ("x<低保标准或 y", "x<dibao_standard or y"),  # was `x< dibao_standard`: the spacing as written
    ("not(住房不安全或家庭年人均收入 < x)", "not(housing_unsafe or per_capita_income < x)"),  # was `( housing_unsafe`
    ("x < 1.5倍低保标准或 y", "x < 1.5 * dibao_standard or y"),  # was `write `1.5``, the standard dropped
    ("x < 1.5倍低保标准且y", "x < 1.5 * dibao_standard and y"),
    ("(x < 低保标准)或 y", "(x < dibao_standard) or y"),  # was `)or y`: a keyword is a word, set apart from a bracket
    ("x < 低保标准或(y)", "x < dibao_standard or (y)"),  # was `or(y)`
    ("住房不安全或(x < 低保标准)", "housing_unsafe or (x < dibao_standard)"),
])
def test_a_chinese_keyword_among_labels_is_told_a_rule_that_reads_as_spaced_as_written(text: str, fixed: str):
    """The whole rule a Chinese keyword among labels is told reads when pasted back: a keyword or a name is set
    apart by a space from a word it would run into, and from nothing else (a bracket, an operator)."""
    labels = Labels({**MULTIPLE_LABELS.names, "住房不安全": "housing_unsafe"})
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=labels)
    found = caught.value.diagnostic
    assert found.help is not None and found.help.endswith(f": write `{fixed}`"), found.help
    assert found.zh is not None and found.zh[1].endswith(f"：请写 `{fixed}`"), found.zh
    parse(fixed)


@pytest.mark.parametrize(("text", "replaced", "fixed"), [
    ("per_capita_income < dibao_standard或 住房不安全", "或 住房不安全",
     "per_capita_income < dibao_standard or housing_unsafe"),  # was `write `dibao_standard or``, at `或` alone
    ("x < dibao_standard 或 住房不安全", "或 住房不安全", "x < dibao_standard or housing_unsafe"),
    ("非(住房不安全)", "非(住房不安全", "not (housing_unsafe)"),  # was `write `not``
    ("x < 1.5或 住房不安全", "或 住房不安全", "x < 1.5 or housing_unsafe"),
])
def test_a_chinese_keyword_before_a_label_is_told_the_whole_rule_at_the_words_it_replaces(
        text: str, replaced: str, fixed: str):
    """A Chinese keyword before a label was told the keyword alone (`write `dibao_standard or``), the label left to
    be told next: the whole rule is told, as where the label comes first, underlined where it differs."""
    labels = Labels({**MULTIPLE_LABELS.names, "住房不安全": "housing_unsafe"})
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=labels)
    d = caught.value.diagnostic
    _told_unexpected_at(d, "S001", text, replaced)
    assert (d.help, d.in_lang("zh").help) == (f"`住房不安全` is the label of `housing_unsafe`: write `{fixed}`",
                                              f"`住房不安全` 是 `housing_unsafe` 的标签：请写 `{fixed}`")
    parse(fixed)


def _told_unexpected_at(d: Diagnostic, code: str, text: str, word: str) -> None:
    """`d` is `code`, `word` unexpected, underlined where `text` has it, in English and Chinese."""
    start = text.index(word) + 1
    assert (d.code, d.message, d.span.column, d.span.end_column) == (code, f"unexpected `{word}`", start,
                                                                     start + len(word))
    assert d.in_lang("zh").message == f"此处不应出现 `{word}`"


NEGATED_LABELS = Labels({**MULTIPLE_LABELS.names, "住房不安全": "housing_unsafe", "非农收入": "income.non_farm"})


@pytest.mark.parametrize(("text", "fixed"), [
    ("非住房不安全", "not housing_unsafe"),
    ("非住房不安全 and x", "not housing_unsafe and x"),
    ("x或非住房不安全", "x or not housing_unsafe"),
    ("非住房不安全且家庭年人均收入低于低保标准", "not housing_unsafe and per_capita_income < dibao_standard"),
    ("非农收入 > 0 and 非住房不安全", "income.non_farm > 0 and not housing_unsafe"),  # a label that starts with 非
    ("非农收入低于低保标准", "income.non_farm < dibao_standard"),  # its `非` is its own, with no spaces either
    ("住房不安全且非农收入低于低保标准", "housing_unsafe and income.non_farm < dibao_standard"),
])
def test_a_negation_glued_to_a_label_is_told_as_not_and_the_name(text: str, fixed: str):
    """`非住房不安全`, `非` run into a label, was one word of no label: told only to write names in English letters."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=NEGATED_LABELS, declared={"x"})
    found = caught.value.diagnostic
    assert found.help is not None and found.help.endswith(f": write `{fixed}`"), found.help
    assert found.zh is not None and found.zh[1].endswith(f"：请写 `{fixed}`"), found.zh
    parse(fixed)


@pytest.mark.parametrize(("text", "meant"), [
    ("非农收入 > 0", "income.non_farm"),  # the label as it is, not `not` and a part of it
    ("住房不安全非家庭年人均收入", None),  # `非` after a name is no test
])
def test_a_label_that_starts_with_a_negation_is_not_split(text: str, meant: str | None):
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=NEGATED_LABELS)
    help = caught.value.diagnostic.help or ""
    assert "not " not in help, help
    assert meant is None or help.endswith(f"write `{meant}`"), help


def test_a_rule_written_without_spaces_with_a_name_close_to_a_label_is_told_it_as_a_guess():
    with pytest.raises(ParseFailure) as caught:
        parse("家庭人均收入低于低保标准的1.5倍", labels=MULTIPLE_LABELS)
    found = caught.value.diagnostic
    assert found.message == "names in a rule are written in English letters, not `家庭人均收入低于低保标准的1.5倍`"
    assert found.help == ("did you mean `per_capita_income < 1.5 * dibao_standard`? (`per_capita_income` is labelled "
                          "`家庭年人均收入`; `dibao_standard` is labelled `农村最低生活保障标准`)")


@pytest.mark.parametrize("text", [
    "家庭年人均收入低于三无人员",  # a part that is no label
    "家庭年人均收入和低保标准",  # a one-character word of the language, which labels hold too: not split on
    "家庭年人均收入低保标准 > 0",  # two labels with no word between
    "低于低于低保标准",
])
def test_a_rule_without_spaces_whose_parts_are_not_all_known_gets_no_whole_rule(text: str):
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=MULTIPLE_LABELS)
    assert "<" not in (caught.value.diagnostic.help or ""), caught.value.diagnostic.help


def test_a_name_written_with_spaces_is_told_the_name_it_is():
    labels = Labels({"家庭人均收入": "per_capita_income", "农村最低生活保障标准": "dibao_standard"})
    with pytest.raises(ParseFailure) as caught:
        parse("per capita income < 1.5 * dibao_standard", labels=labels)
    found = caught.value.diagnostic
    assert (found.message, found.help) == ("`per capita income` is not a name: a name has no spaces",
                                           "write `per_capita_income`")
    assert (found.span.column, found.span.end_column) == (1, 18)
    assert found.in_lang("zh").message == "`per capita income` 不是名称：名称中不能有空格"
    with pytest.raises(ParseFailure) as caught:
        parse("x < dibao standard and y", labels=labels)
    assert caught.value.diagnostic.help == "write `dibao_standard`"
    with pytest.raises(ParseFailure) as caught:  # words that make no declared name: what could come there
        parse("x < foo bar", labels=labels)
    assert caught.value.diagnostic.message == "unexpected `bar`"


def test_a_unit_in_english_words_is_underlined_whole_and_said_in_both_languages():
    with pytest.raises(ParseFailure) as caught:
        parse("dibao_standard < 510 yuan per month")
    found = caught.value.diagnostic
    assert (found.span.column, found.span.end_column) == (27, 36)  # `per month`
    assert found.message == "unexpected `per`"
    assert found.in_lang("zh").help == "按月的金额请写成 `510 yuan/month`"
    with pytest.raises(ParseFailure) as caught:
        parse("x * 20 percent")
    assert caught.value.diagnostic.in_lang("zh").help == "百分数请写成 `20%`"


@pytest.mark.parametrize(("text", "written", "full"), [("2.23e4 yuan/year", "2.23e4", "22300"),
                                                     ("x < 2.23E+4", "2.23E+4", "22300"), ("x * 5e-2", "5e-2", "0.05")])
def test_a_number_with_an_exponent_is_told_the_number_in_full(text: str, written: str, full: str):
    """`2.23e4` was read as `2.23` and a name `e4`, and told to write `2.23 * e4`."""
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    found = caught.value.diagnostic
    assert (found.code, found.message) == ("S002", f"`{written}` is written with an exponent")
    assert found.help == f"numbers are written in full, without an exponent: write `{full}`"
    assert found.span is not None and found.span.end_column - found.span.column == len(written)
    assert found.in_lang("zh").help == f"数字要完整写出，不用指数：请写 `{full}`"
    parse(text.replace(written, full))
    with pytest.raises(ParseFailure) as caught:  # a number no document gives is not written out
        parse("1e309 yuan/year")
    assert caught.value.diagnostic.help == ("numbers are written in full, without an exponent; `1e309` would be 310 "
                                            "digits long: write the figure the document gives")


@pytest.mark.parametrize(("text", "note"), [("50%（暂定）", "（暂定）"), ("50%(暂定)", "(暂定)"),
                                            ("490 yuan/month （待县里确认）", "（待县里确认）"),
                                            ("a < b (见附件1)", "(见附件1)")])
def test_a_note_in_brackets_after_a_rule_is_told_to_be_a_comment(text: str, note: str):
    """`50%（暂定）` was told to write `(`, then `50% * (暂定)`."""
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    found = caught.value.diagnostic
    rule = text[:text.index(note)].strip()
    assert found.message == f"`{note}` after the rule is not part of it"
    assert found.help == (f"move the note to a comment: `{rule}  # {note[1:-1]}` (a parameter's value still to be "
                          "confirmed is marked with `confirm:`)")
    assert found.in_lang("zh").message == f"规则后面的 `{note}` 不是规则的一部分"
    assert found.span is not None and found.span.column == text.index(note) + 1
    parse(rule)


def test_brackets_that_are_part_of_the_rule_are_no_note():
    for text, message in (("a < （低保标准）", "unexpected `（`"), ("max（a, b)", "unexpected `（`"),
                          # a call's bracket, a name in Chinese within: the name is the finding
                          ("max(低保标准x, 2)", "names in a rule are written in English letters, not `低保标准`")):
        with pytest.raises(ParseFailure) as caught:
            parse(text)
        assert caught.value.diagnostic.message == message, text


def test_spans_cover_the_characters_they_came_from():
    text = "per_capita_income < 1.5 * dibao_standard"
    node = parse(text)
    assert isinstance(node, ast.Compare) and isinstance(node.right, ast.Arith)
    assert (node.span.column, node.span.end_column) == (1, len(text) + 1)
    assert (node.left.span.column, node.left.span.end_column) == (1, 18)
    assert (node.right.span.column, node.right.span.end_column) == (21, len(text) + 1)
    assert (node.right.right.span.column, node.right.right.span.end_column) == (27, 41)


def test_spans_are_offset_into_the_file_the_expression_came_from():
    text = "a +\n  unknown_name"
    node = parse(text, text_source_map(text, file="policy.yaml", line=50, column=15))
    assert isinstance(node, ast.Arith)
    left, right = node.left.span, node.right.span
    assert (left.file, left.line, left.column) == ("policy.yaml", 50, 15)
    assert (right.line, right.column, right.end_column) == (51, 3, 15)


def test_spans_take_no_part_in_equality():
    assert parse("a+b") == parse("  a  +  b  ")
    assert hash(parse("a+b")) == hash(parse("(a) + (b)"))


def test_a_failure_is_located_in_the_file():
    text = "x <\n   % y"
    with pytest.raises(ParseFailure) as caught:
        parse(text, text_source_map(text, file="p.yaml", line=10, column=9))
    span = caught.value.diagnostic.span
    assert span is not None and (span.file, span.line, span.column) == ("p.yaml", 11, 4)


@pytest.mark.parametrize(("body", "value"), [
    (r"plain", "plain"),
    (r"a\"b", 'a"b'),
    (r"a\'b", "a'b"),
    (r"a\\b", "a\\b"),
    (r"a\nb", "a\nb"),
    (r"a\tb", "a\tb"),
    (r"a\qb", r"a\qb"),
    (r"\\n", r"\n"),
])
def test_unescape(body: str, value: str):
    assert unescape(body) == value


def test_date_help_names_the_days_of_the_month():
    assert date_help("2024-04-31") == "2024-04 has 30 days"
    assert date_help("not a date") == "write a real date as YYYY-MM-DD"


def test_names_in_lists_every_name_in_source_order():
    node = parse("if a then sum(members where b, c.d) else max(e, 1)")
    assert [name.dotted for name in ast.names_in(node)] == ["a", "b", "c.d", "e"]


@pytest.mark.parametrize(("text", "declared", "column", "written", "meant"), [
    ("a < b adn c", {"a", "b", "c"}, 7, "adn", "`and`"),
    ("a < b ro c", {"a", "b", "c"}, 7, "ro", "`or`"),
    ("a < b an c", {"a", "b", "c"}, 7, "an", "`and`"),  # not `in`, which the rule would not read after it
    ("if a < b than c else d", {"a", "b", "c", "d"}, 10, "than", "`then`"),
    ("if a then b els c", {"a", "b", "c"}, 13, "els", "`else`"),
    ("count(members wehre age >= 60) > 0", {"age"}, 15, "wehre", "`where`"),
    ('x ni {"C", "D"}', {"x"}, 3, "ni", "`in`"),
    ('x nto in {"C", "D"}', {"x"}, 3, "nto", "`not`"),
    ("nto a < b", {"a", "b"}, 1, "nto", "`not`"),
    ("fi a < b then c else d", {"a", "b", "c", "d"}, 1, "fi", "`if`"),
])
def test_a_misspelt_keyword_is_told_the_keyword(text: str, declared: set[str], column: int, written: str,
                                                meant: str):
    """`adn` for `and`: it was told only that an operator was expected, or (`wehre`) to put a comma before it."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared=declared)
    d = caught.value.diagnostic
    assert (d.code, d.span.column, d.span.end_column, d.message) == ("S002", column, column + len(written),
                                                                     f"unexpected `{written}`")
    assert (d.help, d.in_lang("zh").help) == (f"did you mean {meant}?", f"是否应为 {meant}？")


@pytest.mark.parametrize("text", ["a < b foo c", "a < b on", "a nt 5"])
def test_a_word_that_is_no_slip_of_a_keyword_is_not_told_one(text: str):
    """`on` is one letter from `or` and `in`, `nt` from `not`, but neither would make the rule read."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared={"a", "b", "c"})
    assert "did you mean" not in (caught.value.diagnostic.help or "")


def test_a_full_width_bracket_that_closes_nothing_is_told_so_not_to_be_written_half_width():
    """`x < y）`: it was told to write `)`, which then closes nothing; `(x < y））` to write `))`."""
    with pytest.raises(ParseFailure) as caught:
        parse("x < y）")
    d = caught.value.diagnostic
    assert (d.code, d.span.column, d.message, d.help) == (
        "S001", 6, "`）` closes nothing", "remove it, or add the opening `(` where it belongs")
    assert d.in_lang("zh").message == "`）` 前面没有与之配对的开括号"
    with pytest.raises(ParseFailure) as caught:
        parse("(x < y））")
    d = caught.value.diagnostic
    assert (d.code, d.span.column, d.help) == ("S001", 7, "write `)`")
    with pytest.raises(ParseFailure) as caught:  # a bracket that closes one is still told its half-width form
        parse("(x < y） and z")
    assert caught.value.diagnostic.help == "write `)`"
    with pytest.raises(ParseFailure) as caught:  # the fragment told ends before the bracket that closes nothing
        parse("（x + 1） * 2）")
    assert caught.value.diagnostic.help == "write `(x + 1) * 2`"


@pytest.mark.parametrize(("text", "word", "help"), [
    ("a < b ornot c", "ornot", "did you mean `or not`?"),
    ("a < b orc", "orc", "did you mean `or c`?"),
    ("x == 1 andb", "andb", "did you mean `and b`?"),
    ('x notin {"C"}', "notin", "did you mean `not in`?"),
    ("count(members wherex) > 0", "wherex", "did you mean `where x`?"),
    ("dibao_standard * 1.5or housing_unsafe", "1.5or", "did you mean `1.5 or`?"),
    ("x < 2and y", "2and", "did you mean `2 and`?"),
    ("3in [1, 5]", "3in", "did you mean `3 in`?"),
    ('x < 3 or 3in {1, 2}', "3in", "did you mean `3 in`?"),
    ("if a then 1else 2", "1else", "did you mean `1 else`?"),
    ("if 1then 2 else 3", "1then", "did you mean `1 then`?"),
    ("x < 2026-01-01or y", "2026-01-01or", "did you mean `2026-01-01 or`?"),
])
def test_a_keyword_is_a_whole_word(text: str, word: str, help: str):
    """`ornot` was read as `or not`, `orc` as `or c`: the lexer split a keyword off the word it ran into; `1.5or y`
    was read as `1.5 or y` without a word said, where `dibao_standardor y` is told: after a number as after a name."""
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    d = caught.value.diagnostic
    start = text.index(word) + 1
    assert (d.code, d.message, d.span.column, d.span.end_column) == ("S002", f"unexpected `{word}`", start,
                                                                     start + len(word))
    assert (d.help, d.in_lang("zh").help) == (help, f"是否应为 {help[13:-1]}？")
    assert d.in_lang("zh").message == f"此处不应出现 `{word}`"


@pytest.mark.parametrize(("text", "message", "help"), [
    # the keyword apart does not read either: told as the keyword was, never as a multiple (`2 * not`)
    ("x < 2not y", "unexpected `not`", "expected an operator such as `+ - * /`, `and`, `or`, or the end of the rule"),
    ("x < 1.5in y", "unexpected `in`", "expected an operator such as `+ - * /`, `and`, `or`, or the end of the rule"),
])
def test_a_number_run_into_a_keyword_that_does_not_read_apart_is_told_the_keyword_unexpected(
        text: str, message: str, help: str):
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    d = caught.value.diagnostic
    assert (d.code, d.message, d.help) == ("S002", message, help)


@pytest.mark.parametrize(("text", "word", "apart"), [
    ("x < 2or", "2or", "2 or"),
    ("x < 1.5or ", "1.5or", "1.5 or"),
    ("x < 2026-01-01and", "2026-01-01and", "2026-01-01 and"),
    ("if x then 1else", "1else", "1 else"),
    ("x < 2 monthsor", "2 monthsor", "2 months or"),
])
def test_a_number_run_into_a_keyword_that_ends_the_rule_is_told_the_two_apart(text: str, word: str, apart: str):
    """`x < 2or` was told `expression ends too early after `or``, at the `or` of `2or`, as if it were apart: the
    words run together are the slip seen first, told as where a value follows (`x < 2or y`), with the value missing."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared={"x"})
    d = caught.value.diagnostic
    _told_unexpected_at(d, "S002", text, word)
    assert (d.help, d.in_lang("zh").help) == (f"did you mean `{apart}`, with a value after it?",
                                              f"是否应为 `{apart}`，后面再写一个值？")


@pytest.mark.parametrize(("text", "declared"), [
    ("x < 490 yuan/monthin [1 yuan, 2 yuan]", {"x"}),
    ("x < 490 yuan/monthin [1 yuan, 2 yuan]", None),
    ("x < 2 monthsin [1 month, 2 months]", {"x"}),
    ("x < 3 yuanin y", {"x", "y"}),
])
def test_an_amount_run_into_a_keyword_that_does_not_read_apart_is_told_the_keyword_unexpected(
        text: str, declared: set[str] | None):
    """`x < 490 yuan/monthin [1 yuan, 2 yuan]` was told `unexpected `[``, past the mistake, and `x < 2 monthsin …`
    that `monthsin` is no unit, with `2 months` to write, the `in` dropped: written apart the rule still does not
    read (comparisons do not chain), so it is told at the keyword, as a number run into one is (`x < 1.5in y`)."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared=declared)
    d = caught.value.diagnostic
    start = text.index("in [") + 1 if "in [" in text else text.index("in y") + 1
    assert (d.code, d.message, d.span.column, d.span.end_column) == ("S002", "unexpected `in`", start, start + 2)
    assert d.help == "expected an operator such as `+ - * /`, `and`, `or`, or the end of the rule"
    assert d.in_lang("zh").message == "此处不应出现 `in`"


@pytest.mark.parametrize(("text", "declared", "word", "help"), [
    ("a < b ornot c", {"a", "b", "c"}, "ornot", "did you mean `or not`?"),
    ("a < bor c", {"a", "b", "c"}, "bor", "did you mean `b or c`?"),
    ("a < dibao_standardor x", {"a", "dibao_standard", "x"}, "dibao_standardor", "did you mean `dibao_standard or x`?"),
    ("incomeand y", {"income", "y"}, "incomeand", "did you mean `income and y`?"),
    ("if bthen c else d", {"b", "c", "d"}, "bthen", "did you mean `b then c`?"),
    ("if b then celse d", {"b", "c", "d"}, "celse", "did you mean `c else d`?"),
    ("assets.vehiclesand x", {"assets.vehicles", "x"}, "assets.vehiclesand", "did you mean `assets.vehicles and x`?"),
    ('housing.safety_gradein ["C", "D"]', {"housing.safety_grade"}, "housing.safety_gradein",
     "did you mean `housing.safety_grade in`?"),
    ('a.b.cor d', {"a.b.c", "d"}, "a.b.cor", "did you mean `a.b.c or d`?"),
    ("assets . vehiclesand x", {"assets.vehicles", "x"}, "assets . vehiclesand",
     "did you mean `assets.vehicles and x`?"),
    ("assets. vehiclesand x", {"assets.vehicles", "x"}, "assets. vehiclesand", "did you mean `assets.vehicles and x`?"),
    ("a < dibao_standardor 1.5", {"a", "dibao_standard"}, "dibao_standardor", "did you mean `dibao_standard or 1.5`?"),
    ("depositsor 1.5 > 0", {"assets.deposits", "deposits_per_capita"}, "depositsor",
     "did you mean `assets.deposits or 1.5`?"),
    ("x < 1 and vehiclesand y", {"assets.vehicles", "x", "y"}, "vehiclesand", "did you mean `assets.vehicles and y`?"),
    # a unit run into a keyword: `yuan/monthor` reads `yuan`, then `/ monthor`, and was told at the `y` after it
    ("x < 490 yuan/monthor y", {"x", "y"}, "490 yuan/monthor", "did you mean `490 yuan/month or y`?"),
    ("x < 490 yuan/yearand y", {"x", "y"}, "490 yuan/yearand", "did you mean `490 yuan/year and y`?"),
    ("x < 490yuan/monthor y", {"x", "y"}, "490yuan/monthor", "did you mean `490 yuan/month or y`?"),
    ("x < 2 monthsand y", {"x", "y"}, "2 monthsand", "did you mean `2 months and y`?"),
    ("x < 3 yuanor assets.deposits", {"x", "assets.deposits"}, "3 yuanor", "did you mean `3 yuan or assets.deposits`?"),
    ("490 yuan/monthin [1 yuan/month, 600 yuan/month]", set(), "490 yuan/monthin", "did you mean `490 yuan/month in`?"),
    # apart, the rule does not read either (comparisons do not chain): was told `unexpected `[``, past the slip
    ("x < dibao_standardin [1 yuan, 2 yuan]", {"x", "dibao_standard"}, "dibao_standardin",
     "did you mean `dibao_standard in`?"),
    ('x < safety_gradein {"C", "D"}', {"x", "housing.safety_grade"}, "safety_gradein",
     "did you mean `housing.safety_grade in`?"),
    ("x < assets.depositsin [1 yuan, 2 yuan]", {"x", "assets.deposits"}, "assets.depositsin",
     "did you mean `assets.deposits in`?"),
])
def test_a_name_and_a_keyword_run_together_are_told_apart_where_the_names_are_known(
        text: str, declared: set[str], word: str, help: str):
    """`dibao_standardor x`, `incomeand y`: a name run into the keyword after it was told only what could come where
    the rule stopped, at the word after it; `ornot` was told `unknown name`, the words of C001, under S002."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared=declared)
    d = caught.value.diagnostic
    start = text.index(word) + 1
    assert (d.code, d.message, d.span.column, d.span.end_column) == ("S002", f"unexpected `{word}`", start,
                                                                     start + len(word))
    assert (d.help, d.in_lang("zh").help) == (help, f"是否应为 {help[13:-1]}？")
    assert d.in_lang("zh").message == f"此处不应出现 `{word}`"


@pytest.mark.parametrize(("text", "declared"), [
    ("x < dibao_standartin [1 yuan, 2 yuan]", {"x", "dibao_standard"}),  # `dibao_standart` names nothing
    ("x < dibao_standardin [1 yuan, 2 yuan]", None),  # the names are not known
    ("x < dibao_standardin [1 yuan, 2 yuan]", {"x", "dibao_standard", "dibao_standardin"}),  # a name of its own
])
def test_a_name_run_into_a_keyword_where_the_rule_does_not_read_apart_is_not_split_where_the_name_is_not_known(
        text: str, declared: set[str] | None):
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared=declared)
    assert "did you mean" not in (caught.value.diagnostic.help or "")


@pytest.mark.parametrize(("text", "word", "written"), [
    ("x < 1.5或 y", "或", "1.5 or y"),
    ("x < 1.5或者 y", "或者", "1.5 or y"),
    ("x < 1.5且y", "且", "1.5 and y"),
    ("x < dibao_standard或 y", "或", "dibao_standard or y"),
    ("assets.vehicles == 0且 y", "且", "0 and y"),
    ("x < 490 yuan/month或 y", "或", "490 yuan/month or y"),
    ("x < 2 months且 y", "且", "2 months and y"),
    ("x < 2026-01-01或 y", "或", "2026-01-01 or y"),
    ("x < 1.5 或y", "或", "or y"),
    ('x < 1.5或 "C" == z', "或", "1.5 or"),
    ("x < 1.5 或 y", "或", "or"),  # spaced already: the keyword alone is the fix
])
def test_a_keyword_typed_in_chinese_against_a_word_is_told_with_the_spaces_it_needs(text: str, word: str,
                                                                                     written: str):
    """`x < 1.5或 y` was told to write `or`, and `1.5or y`, the character replaced, is a number run into a
    keyword, an error of its own: the help writes the keyword with the word it ran into, and the spaces between."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, declared={"x", "y", "z", "dibao_standard", "assets.vehicles"})
    d = caught.value.diagnostic
    start = text.index(word) + 1
    assert (d.code, d.message, d.span.column, d.span.end_column) == ("S001", f"unexpected `{word}`", start,
                                                                     start + len(word))
    assert (d.help, d.in_lang("zh").help) == (f"write `{written}`", f"请写 `{written}`")


@pytest.mark.parametrize(("text", "word", "fixed"), [
    ("(x < 1) 或 y", "或", "(x < 1) or y"),
    ("(x < 1)或 (y)", "或", "(x < 1) or (y)"),  # was `write `or``, and `)or (` runs the keyword into the bracket
    ("(x < 1)或(y)", "或", "(x < 1) or (y)"),
    ("x < 1 或 (y)", "或", "x < 1 or (y)"),
    ("(x < 1) 或者 y", "或者", "(x < 1) or y"),
    ("x in [1, 2] 且 (z)", "且", "x in [1, 2] and (z)"),
    ("(x < 1) 或 (y 且 z)", "或 (y 且", "(x < 1) or (y and z)"),  # every keyword of the rule
    ('(x == "C")或 (y)', "或", '(x == "C") or (y)'),  # a quoted text too: was `write `or``
    ('(x == "户主")或 (y)', "或", '(x == "户主") or (y)'),  # the Chinese in a quoted text is kept as it is
    ("(x == '户 主')或 (y 且 z)", "或 (y 且", "(x == '户 主') or (y and z)"),
    ('(y)或 (x == "户主")', "或", '(y) or (x == "户主")'),  # underlined to the keyword, not into the quoted text
])
def test_a_chinese_keyword_beside_a_bracket_is_told_the_whole_rule(text: str, word: str, fixed: str):
    """`(x < 1) 或 y`, a Chinese keyword beside a bracket in a rule with no label, was told the keyword alone
    (`write `or``), which pasted against a bracket (`(x < 1)或 (y)`) runs into it: the whole rule is told, as where
    the rule has a label, the keyword set apart from the bracket."""
    with pytest.raises(ParseFailure) as caught:
        parse(text, labels=KEYWORD_IN_A_LABEL, declared={"x", "y", "z"})
    d = caught.value.diagnostic
    _told_unexpected_at(d, "S001", text, word)
    assert (d.help, d.in_lang("zh").help) == (f"write `{fixed}`", f"请写 `{fixed}`")
    parse(fixed)


# the shipped policies' labels hold `或` (`家庭成员注册有企业或个体工商户`)
KEYWORD_IN_A_LABEL = Labels({"住房不安全": "housing_unsafe",
                             "家庭成员注册有企业或个体工商户": "assets.registered_business"})


def test_a_chinese_keyword_is_not_read_as_the_label_that_holds_it():
    """`住房不安全 或 (x < 1)` was told `write `housing_unsafe assets.registered_business (x < 1)``: the `或` read as
    the shortest label holding it, `家庭成员注册有企业或个体工商户`."""
    with pytest.raises(ParseFailure) as caught:
        parse("住房不安全 或 (x < 1)", labels=KEYWORD_IN_A_LABEL)
    assert caught.value.diagnostic.help == ("`住房不安全` is the label of `housing_unsafe`: "
                                            "write `housing_unsafe or (x < 1)`")


def test_a_field_run_into_a_keyword_that_more_than_one_group_holds_is_told_each():
    """`medicalor x`, where `medical` is the last part of two fields: each split, the officer to choose."""
    with pytest.raises(ParseFailure) as caught:
        parse("medicalor x", declared={"expenses.medical", "own_expenses.medical", "x"})
    d = caught.value.diagnostic
    assert (d.message, d.span.column, d.span.end_column) == ("unexpected `medicalor`", 1, 10)
    assert (d.help, d.in_lang("zh").help) == (
        "did you mean `expenses.medical or x` or `own_expenses.medical or x`?",
        "是否应为 `expenses.medical or x` 或 `own_expenses.medical or x`？")


@pytest.mark.parametrize(("text", "declared"), [
    ("a < dibao_standardor x", None),  # the names are not known: `dibao_standardor` may be one
    ("a < dibao_standardor x", {"a", "x"}),  # `dibao_standard` names nothing
    ("a < dibao_standardor", {"a", "dibao_standard"}),  # reads as it is: one name (unknown, as the checker says)
    ("assets.vehiclesand x", {"vehicles", "x"}),  # `assets.vehicles` names nothing, whatever its last part does
    ("assets . vehiclesand x", {"vehicles", "x"}),
    ("housing.vehiclesand x", {"assets.vehicles", "x"}),  # a field of another group: not a slip of a keyword
])
def test_a_word_ending_in_a_keyword_is_not_split_where_its_name_is_not_known(text: str, declared: set[str] | None):
    try:
        parse(text, declared=declared)
    except ParseFailure as caught:
        assert "did you mean" not in (caught.diagnostic.help or "")


@pytest.mark.parametrize(("text", "names"), [
    ("order < b", ["order", "b"]),
    ("a < b or notable", ["a", "b", "notable"]),
    ("if ifx then thenx else elsex", ["ifx", "thenx", "elsex"]),
    ('x in {index, "C"}', ["x", "index"]),
    ("not nothing and android", ["nothing", "android"]),
    ("count(members where wherever) > truex", ["wherever", "truex"]),
])
def test_a_name_that_starts_with_a_keyword_still_reads_as_a_name(text: str, names: list[str]):
    assert [name.dotted for name in ast.names_in(parse(text))] == names


@pytest.mark.parametrize(("text", "fixed"), [
    ("max(per_capita_income，0 yuan/year）） < dibao_standard",
     "max(per_capita_income, 0 yuan/year)） < dibao_standard"),
    ("round(x，2) > 0", "round(x, 2) > 0"),
    ("x in [1，4） and y", "x in [1, 4) and y"),
])
def test_a_full_width_comma_is_told_in_the_rule_as_written(text: str, fixed: str):
    """`max(a，b）） < c` was told to write `(a, b)) < c`: the function's name dropped, and the extra bracket, which
    closes nothing, written half-width with the rest."""
    with pytest.raises(ParseFailure) as caught:
        parse(text)
    d = caught.value.diagnostic
    assert (d.help, d.in_lang("zh").help) == (f"write `,` between the values: `{fixed}`",
                                               f"值与值之间请写 `,`：`{fixed}`")


@pytest.mark.parametrize(("rule", "named", "zh_named", "fix", "zh_fix", "fixed"), [
    ("not\u00a0assets.registered_business", "no-break space (U+00A0)", "不间断空格（U+00A0）",
     "type an ordinary space", "请改为普通空格", "not assets.registered_business"),
    ("not\u2009assets.registered_business", "thin space (U+2009)", "窄空格（U+2009）",
     "type an ordinary space", "请改为普通空格", "not assets.registered_business"),
    ("not assets.registered\u200b_business", "zero-width space (U+200B), which cannot be seen",
     "看不见的零宽空格（U+200B）", "delete it", "请删去它", "not assets.registered_business"),
])
def test_a_space_copied_from_a_web_page_is_named_and_told_the_fix_that_keeps_the_rule(
        rule: str, named: str, zh_named: str, fix: str, zh_fix: str, fixed: str):
    """`not\\u00a0assets.registered_business` was told ``unexpected character ` ` ``, a character no one sees, and
    to remove it, which would give `notassets.registered_business`."""
    with pytest.raises(ParseFailure) as caught:
        parse(rule)
    d = caught.value.diagnostic
    assert (d.code, d.message) == ("S001", f"unexpected {named}")
    assert d.help == f"{fix} (text copied from a web page or a word processor brings it)"
    assert d.zh == (f"此处不应出现{zh_named}", f"{zh_fix}（从网页或文字处理软件复制文字时会带进来）")
    at = d.span.column - 1 if d.span is not None else -1
    done = rule[:at] + (" " if fix.startswith("type") else "") + rule[at + 1:]
    assert done == fixed and parse(done)


@pytest.mark.parametrize(("rule", "named", "zh_named"), [
    ("age >=\u200e 16", "left-to-right mark (U+200E), which cannot be seen", "看不见的从左到右标记（U+200E）"),
    ("age >= 16 \u200fand student == \"none\"", "right-to-left mark (U+200F), which cannot be seen",
     "看不见的从右到左标记（U+200F）"),
    ("age >= 16 and stu\u00addent == \"none\"", "soft hyphen (U+00AD), which cannot be seen",
     "看不见的软连字符（U+00AD）"),
    ("age >= 16 a\u00adnd student == \"none\"", "soft hyphen (U+00AD), which cannot be seen",
     "看不见的软连字符（U+00AD）"),
    ("age >= 16\ufeff and student == \"none\"", "zero-width no-break space (U+FEFF), which cannot be seen",
     "看不见的零宽不间断空格（U+FEFF）"),
])
def test_an_invisible_mark_in_a_rule_is_named_and_told_to_be_deleted(rule: str, named: str, zh_named: str):
    """A left-to-right mark, a right-to-left mark or a soft hyphen was told ``unexpected character `…` ``, printing
    the character itself, which no one sees."""
    with pytest.raises(ParseFailure) as caught:
        parse(rule)
    d = caught.value.diagnostic
    assert (d.code, d.message) == ("S001", f"unexpected {named}")
    assert d.help == "delete it (text copied from a web page or a word processor brings it)"
    assert d.zh == (f"此处不应出现{zh_named}", "请删去它（从网页或文字处理软件复制文字时会带进来）")
    at = d.span.column - 1 if d.span is not None else -1
    assert parse(rule[:at] + rule[at + 1:])


@pytest.mark.parametrize(("rule", "unit", "fixed"), [
    ("yuan 510/month", "yuan", "510 yuan/month"),
    ("per_capita_income < yuan 6000/year", "yuan", "6000 yuan/year"),
    ("months_in_category >= months 6", "months", "6 months"),
])
def test_a_unit_written_before_its_number_is_told_to_write_the_number_first(rule: str, unit: str, fixed: str):
    """`yuan 510/month` was told the generic `expected an operator`, at the number."""
    with pytest.raises(ParseFailure) as caught:
        parse(rule)
    d = caught.value.diagnostic
    written = rule[rule.rindex(unit):]
    assert (d.code, d.message) == ("S002", f"the unit `{unit}` is written before its number")
    assert d.help == f"write the number first: `{fixed}`"
    assert d.zh == (f"单位 `{unit}` 写在了数字前面", f"数字在前、单位在后：请写 `{fixed}`")
    assert d.span is not None and (d.span.column, d.span.end_column) == (len(rule) - len(written) + 1, len(rule) + 1)
    assert parse(rule.replace(written, fixed))
