"""`policy diff --households`: the help said under bad records refused for an input a version requires with no
`default:` — given where it is true (one version requires what the other does not), never where a record is merely
damaged, and never a made-up date."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from engine.batch.csv_tables import write_households_csv
from engine.loader import load_policy
from engine.sample import households
from tests.helpers import ROOT

OLD, NEW = "policy/2024-transition.yaml", "policy/post-transition.yaml"
DAY = "2026-03-01"


def _without_birth_date(tmp_path: Path) -> tuple[Path, Path]:
    """Four households, the third with no date of birth for its head: as JSON Lines, and as CSV tables (an empty
    cell)."""
    items = list(households(4, 5, datetime.date.fromisoformat(DAY)))
    source = tmp_path / "hh.jsonl"
    tables = tmp_path / "tables"
    write_households_csv(items, tables, load_policy(ROOT / NEW)[0])
    del items[2]["members"][0]["birth_date"]
    source.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    members = tables / "members.csv"
    rows = members.read_text(encoding="utf-8").split("\n")
    at = next(k for k, row in enumerate(rows) if row.startswith(f"{items[2]['id']},p1,"))
    header = rows[0].split(",")
    cells = rows[at].split(",")
    cells[header.index("birth_date")] = ""
    rows[at] = ",".join(cells)
    members.write_text("\n".join(rows), encoding="utf-8")
    return source, tables


def test_a_record_with_no_date_of_birth_is_told_to_give_it_not_the_policies_to_make_one_up(run, tmp_path):
    """Both versions require `birth_date`: a record without it is damaged, as `policy batch` says (H002, add the
    date). The diff added, once for each version and again on standard error, `give it a default there, e.g.
    default: "1958-03-02"` — which would decide every member without a date as aged 67, unable to work."""
    source, tables = _without_birth_date(tmp_path)
    for given, finding in [(source, "members[0] (p1): error[H002]: `birth_date` is missing — help: add `birth_date`"),
                           (tables, "column `birth_date` [both]: error[H002]: `birth_date` is empty — help: fill in "
                                    "the `birth_date` column")]:
        for lang in ("en", "zh"):
            result = run("diff", OLD, NEW, "--households", given, "--date", DAY, "--lang", lang)
            assert result.exit_code == 1, result.stderr  # (the versions differ)
            said = result.stdout + result.stderr
            assert "default" not in said and "默认值" not in said
        result = run("diff", OLD, NEW, "--households", given, "--date", DAY, "--lang", "en")
        assert result.stdout.count(finding) == 1
        assert "note: 1 household record could not be evaluated; see the report\n" in result.stderr
        assert json.loads(run("diff", OLD, NEW, "--households", given, "--date", DAY, "--format", "json").stdout)[
            "impact"]["help"] == []


def _versions(tmp_path: Path, field: str, old_default: str) -> tuple[Path, Path, int]:
    """Two copies of NEW, the old one giving `field` of `members` a default, the new one none; and the line of the new
    one's declaration."""
    text = (ROOT / NEW).read_text(encoding="utf-8")
    declared = f"    {field}: {{type: date, label: {{zh: 出生日期, en: date of birth}}}}\n"
    assert declared in text
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(_ending(text.replace(declared, declared.replace("{type: date,",
                                                                   f"{{type: date, default: {old_default},"))),
                   encoding="utf-8")
    new.write_text(_later(text), encoding="utf-8")
    return old, new, text[:text.index(declared)].count("\n") + 1


def _ending(text: str) -> str:
    """A policy in force for 2026 alone, as an earlier version of `_later`'s."""
    return text.replace("effective: {from: 2026-01-01}", "effective: {from: 2026-01-01, to: 2026-12-31}", 1)


def _later(text: str) -> str:
    """A policy as a later version of itself, in force a year on."""
    return text.replace("version: post-transition", "version: post-transition-2027", 1).replace(
        "effective: {from: 2026-01-01}", "effective: {from: 2027-01-01}", 1)


def test_a_date_one_version_defaults_and_the_other_requires_is_given_in_each_household_not_by_a_default(run, tmp_path):
    """The old version gives `birth_date` a default, the new one none: the new version alone refuses the record. The
    help says so, and asks for the date in each household: a default date would decide every member without one as
    born that day."""
    source, _ = _without_birth_date(tmp_path)
    old, new, line = _versions(tmp_path, "birth_date", '"1958-03-02"')
    result = run("diff", old, new, "--households", source, "--date", DAY, "--lang", "en")
    assert result.exit_code == 1, result.stderr  # (the versions differ)
    assert result.stderr.count("help: ") == 1 and (
        f"help: `birth_date` has no `default:` in {new} (line {line}), while {old} gives it one, and 1 household "
        "record does not give it: add `birth_date` to each household rather than a default: a `default:` date is "
        "taken as the date of every record that does not give one, and decides them by it\n") in result.stderr
    assert "e.g. `default:" not in result.stderr
    chinese = run("diff", old, new, "--households", source, "--date", DAY).stderr
    assert (f"`birth_date` 在 {new} 中没有 `default:`（第 {line} 行），{old} 却有，而有 1 条家庭记录没有填写它："
            "请在每户数据中填写 `birth_date`，不要用默认值：`default:` 日期会被当作每条未填写它的记录的日期，"
            "并据此认定") in chinese


def test_a_field_one_version_defaults_and_the_other_requires_is_offered_the_same_default(run, tmp_path):
    """Not a date: the version that requires it may give it the default the other version gives, so that both decide
    the records that do not give it alike."""
    text = (ROOT / NEW).read_text(encoding="utf-8")
    at = next(i for i, line in enumerate(text.splitlines()) if line.strip().startswith("drinking_water.safe:"))
    lines = text.splitlines(keepends=True)
    field = "    housing.toilet_safe: {type: boolean, label: {zh: 卫生厕所, en: safe toilet}}\n"
    water = "test: not drinking_water.safe"
    new_lines = [line.replace(f"{water}\n", f"{water} or not housing.toilet_safe\n") for line in lines]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(_ending("".join([*new_lines[:at], field.replace("{type: boolean,", "{type: boolean, default: true,"),
                                    *new_lines[at:]])), encoding="utf-8")
    new.write_text(_later("".join([*new_lines[:at], field, *new_lines[at:]])), encoding="utf-8")
    result = run("diff", old, new, "--households", "examples/households", "--date", DAY, "--lang", "en")
    assert result.exit_code == 1, result.stderr  # (the versions differ)
    assert (f"help: `housing.toilet_safe` has no `default:` in {new} (line {at + 1}), while {old} gives it one, and 28 "
            "household records do not give it: give it the same default there, `default: true`, for households that "
            "do not say, or add `toilet_safe` to each household\n") in result.stderr
