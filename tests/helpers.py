"""Small builders shared by the tests: policies from text, households from a few fields."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from engine.diagnostics import Diagnostic, PolicyError
from engine.evaluator import Decision, evaluate
from engine.household import validate_household
from engine.loader import load_policy
from engine.model import Policy

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "policies" / "mini.yaml"
EXAMPLES = ROOT / "examples" / "households"
POST = str(ROOT / "policy" / "post-transition.yaml")

# a half-width bracket, semicolon or comma in Chinese prose; a formula's own brackets stay, as explanations word it
# (`且 (计入收入 − 刚性支出) ÷ 家庭人口数`), and so does the comma that groups thousands
# how a household file saved in UTF-16 is told, in English and in Chinese, by the encoding `iconv` names
IN_UTF16 = {"UTF-16BE": ("the text is UTF-16 (big-endian, with no byte-order mark), not UTF-8",
                         "文本是 UTF-16 编码（大端序，无字节顺序标记），不是 UTF-8"),
            "UTF-16LE": ("the text is UTF-16 (little-endian, with no byte-order mark), not UTF-8",
                         "文本是 UTF-16 编码（小端序，无字节顺序标记），不是 UTF-8"),
            "UTF-16": ("byte 0xff is not UTF-8 text", "字节 0xff 不是 UTF-8 文本")}
HALF_WIDTH = re.compile(r"[^\s|(（且或×÷+−] \(|\w\(|\) [^\s)）×÷+−<>=≤≥且或]|;|,(?!\d)")


def post_transition_from(day: str, text: str | None = None) -> str:
    """The post-transition policy (or `text`, a copy of it) in force from `day`, the day it abolishes monitoring."""
    text = Path(POST).read_text(encoding="utf-8") if text is None else text
    return text.replace("effective: {from: 2026-01-01}", f"effective: {{from: {day}}}").replace(
        "    from: 2026-01-01", f"    from: {day}")


def policy_from_text(text: str, name: str = "inline.yaml") -> Policy:
    return load_policy(Path(name), raw=text.encode("utf-8"))[0]


def with_winter_subsidy(text: str, when: str) -> Policy:
    """A policy with a winter heating subsidy for tekun members, paid while `when` holds."""
    return policy_from_text(winter_subsidy_text(text, when))


def winter_subsidy_text(text: str, when: str) -> str:
    """A policy's text with a winter heating subsidy of 200 yuan a month for tekun members, paid while `when` holds:
    a measure a policy officer adds whose condition reads the date."""
    assert "\n  - id: drinking_water_works\n" in text
    return text.replace("\n  - id: drinking_water_works\n", f"""
  - id: heating_subsidy
    level: member
    department: pilot_working_group
    per: month
    label: {{zh: 特困人员冬季取暖补贴, en: winter heating subsidy for tekun}}
    when: {when}
    amount: 200 yuan/month * 1 month

  - id: drinking_water_works
""", 1)


# the winter heating subsidy for tekun members paid all year, at 300.00 a month until 2027-02-28 and 200.00 from
# 2027-03-01: two options, the higher of which a date in its condition ends; or one amount that reads the date
STEPPED_SUBSIDIES = ["""    options:
      - id: winter
        label: {zh: 冬季, en: in winter}
        when: tekun and today <= 2027-02-28
        amount: 300 yuan/month * 1 month
      - id: rest
        label: {zh: 其余月份, en: other months}
        when: tekun
        amount: 200 yuan/month * 1 month
""", """    when: tekun
    amount: (if today <= 2027-02-28 then 300 yuan/month else 200 yuan/month) * 1 month
"""]


def stepped_subsidy_text(text: str, subsidy: str) -> str:
    """A policy's text with the winter heating subsidy for tekun members given as `subsidy` (`STEPPED_SUBSIDIES`)."""
    text = winter_subsidy_text(text, "tekun")
    before = "    when: tekun\n    amount: 200 yuan/month * 1 month\n"
    assert text.count(before) == 1
    return text.replace(before, subsidy, 1)


def text_valued_policies(folder: Path) -> tuple[Path, Path]:
    """Two versions of the mini policy (`old.yaml`, `new.yaml` in `folder`) whose definition `grade_line` is text, an
    enum value of the housing grade the policy names (`` D`y`<z> `` → `C*x_`), moved by the dibao standard (490 → 520
    yuan a month)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("values: [A, B, C, D]", "values: [A, B, C, D, 'C*x_', 'D`y`<z>']").replace(
        "  age: {level: member,", "  grade_line: {value: 'if dibao_standard > 500 yuan/month then \"C*x_\" else "
        "\"D`y`<z>\"', label: {zh: 等级线, en: grade line}}\n  age: {level: member,").replace(
        "test: 'housing.safety_grade in {\"C\", \"D\"}'", "test: 'housing.safety_grade == grade_line'")
    old, new = folder / "old.yaml", folder / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("value: 490 yuan/month", "value: 520 yuan/month").replace("version: v1", "version: v2"),
                   encoding="utf-8")
    return old, new


def diagnostics_of_text(text: str, name: str = "inline.yaml") -> list[Diagnostic]:
    """Everything loading a policy text reports: the errors it raised, or the warnings of a policy that loaded."""
    try:
        _, warnings = load_policy(Path(name), raw=text.encode("utf-8"))
    except PolicyError as error:
        return error.diagnostics
    return warnings


def mini_with(replacements: dict[str, str]) -> Policy:
    """The mini policy with some text replaced — each key must occur in the file."""
    text = MINI.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return policy_from_text(text)


def member(pid: str, born: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "birth_date": born, **fields}


def household(members: list[dict[str, Any]], income: list[dict[str, Any]] | None = None,
              expenses: list[dict[str, Any]] | None = None, **groups: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "T-1", "members": members, "income": income or [], "expenses": expenses or []}
    data.update(groups)
    return data


def alone_farming(amount: float, member: str | None = None) -> dict[str, Any]:
    """A man of 60 alone, weak, no supporter, his farm income written for the household (or for `member`)."""
    line: dict[str, Any] = {"type": "agriculture", "amount": amount, **({"member": member} if member else {})}
    return household([member_of("p1", "head", "1966-02-10", labor_capacity="weak")], [line])


def grandmother_and_grandson(farm: float) -> dict[str, Any]:
    """A grandmother of 77 and her orphaned grandson of 10, no supporter, the farm income the household's."""
    return household([member_of("p1", "head", "1948-03-03", sex="female", labor_capacity="none"),
                      member_of("p2", "grandchild", "2015-06-06", student="compulsory", labor_capacity="none")],
                     [{"type": "agriculture", "amount": farm}])


def member_of(pid: str, relation: str, born: str, **fields: Any) -> dict[str, Any]:
    return member(pid, born, relation=relation, supporter="none", **fields)


def decide(policy: Policy, data: dict[str, Any], day: str = "2025-01-01") -> Decision:
    date = datetime.date.fromisoformat(day)
    return evaluate(policy, validate_household(data, policy, "test", today=date), date)


def switch_register(folder: Path, policy: str = POST) -> str:
    """A monitoring register of the example households as 2025 snapshots (transition policy), reassessed
    under the post-transition policy (or `policy`) on 2026-03-05; returns its path."""
    from click.testing import CliRunner

    from cli.main import cli

    export = folder / "2025.jsonl"
    with export.open("w", encoding="utf-8") as out:
        for path in sorted(EXAMPLES.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            out.write(json.dumps({**data, "date": "2025-06-30"}, ensure_ascii=False) + "\n")
    db = str(folder / "register.sqlite3")
    for args in (["ingest", str(export)], ["reassess", "--policy", policy, "--date", "2026-03-05"]):
        result = CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return db


def flood_gone_register(folder: Path) -> str:
    """A monitoring register of DS-0006 (周永红, other hardship for the flood losses of its last twelve months) as a
    2025 snapshot (transition policy), then as it is told on 2026-03-05 (post-transition policy), the flood more
    than a year back and its losses no longer of the last twelve months, and its p3 turned 18; returns its path."""
    from click.testing import CliRunner

    from cli.main import cli

    data = json.loads(next(EXAMPLES.glob("DS-0006-*.json")).read_text(encoding="utf-8"))
    later = {**data, "date": "2026-03-05", "expenses": [e for e in data["expenses"] if e["type"] != "disaster"]}
    db = str(folder / "register.sqlite3")
    for name, record in (("2025.jsonl", {**data, "date": "2025-06-30"}), ("2026.jsonl", later)):
        (folder / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["monitor", "ingest", str(folder / name), "--db", db], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return db


def decompressed(path: Path) -> bytes:
    """A whole compressed file's bytes, read by the standard library (zstd: Arrow), every stream of it."""
    import bz2
    import gzip
    import lzma

    if path.suffix == ".zst":
        import pyarrow as pa

        with pa.input_stream(str(path), compression="zstd") as stream:
            return bytes(stream.read())
    return {".gz": gzip, ".bz2": bz2, ".xz": lzma}[path.suffix.lower()].decompress(path.read_bytes())


def nulled(source: Path, target: Path, column: str, parts: int = 1, typed: bool = True) -> Path:
    """A Parquet file (or, `parts` > 1, a folder of that many part files) with `column` — `date`, a field of a group
    (`assets.deposits`) or of the members' structs — null in every row, as an export that lost it writes it: of its
    type, or (not `typed`) of type `null`, as pandas writes a field that is None in every row; its other columns as
    they were."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def nulls(n: int, kind: Any) -> Any:
        return pa.nulls(n, kind if typed else pa.null())

    table = pq.read_table(source)
    if column == "date":
        table = table.set_column(table.schema.get_field_index("date"), "date", nulls(len(table), pa.date32()))
    elif "." in column:
        group, name = column.split(".", 1)
        whole = table.column(group).combine_chunks()
        fields = [nulls(len(whole), f.type) if f.name == name else whole.field(f.name) for f in whole.type]
        table = table.set_column(table.schema.get_field_index(group), group,
                                 pa.StructArray.from_arrays(fields, names=[f.name for f in whole.type]))
    else:
        members = table.column("members").combine_chunks()
        inside = members.flatten()
        fields = [nulls(len(inside), f.type) if f.name == column else inside.field(f.name) for f in inside.type]
        structs = pa.StructArray.from_arrays(fields, names=[f.name for f in inside.type])
        table = table.set_column(table.schema.get_field_index("members"), "members",
                                 pa.ListArray.from_arrays(members.offsets, structs))
    if parts == 1:
        pq.write_table(table, target, row_group_size=50)  # several row groups: a column's nulls are counted in each
        return target
    target.mkdir()
    step = -(-len(table) // parts)
    for k in range(parts):
        pq.write_table(table.slice(k * step, step), target / f"part-{k:05d}.parquet")
    return target


def sent_row_by_row(tables: Path) -> Path:
    """The CSV tables in folder `tables`, made not plain with the same rows, lines and cells: the first household's
    id is written `"S"AMPLE-…`, text after a closing quote, which both readers read as `SAMPLE-…` but only the row
    reader is trusted with. The batch then reads the tables row by row instead of as columns."""
    table = tables / "households.csv"
    head, first, rest = table.read_text(encoding="utf-8").split("\n", 2)
    assert first[:1] not in ('"', ",", ""), "the first household's id is given, without quotes"
    table.write_text("\n".join([head, f'"{first[:1]}"{first[1:]}', rest]), encoding="utf-8", newline="")
    return tables


def interleaved(tables: Path, seed: int = 1) -> Path:
    """The CSV tables in folder `tables` with the rows of members.csv and lines.csv in a random order, as an export
    not sorted by household gives them: the households' rows mixed, each household's own rows in their order (a row
    with a line break in quotes kept whole)."""
    import random

    rng = random.Random(seed)
    for name in ("members.csv", "lines.csv"):
        table = tables / name
        if not table.is_file():
            continue
        head, *rows = _rows_of_text(table.read_bytes().rstrip(b"\r\n"))
        own: dict[bytes, list[bytes]] = {}
        for row in rows:
            own.setdefault(row.split(b",", 1)[0], []).append(row)
        turns = [row.split(b",", 1)[0] for row in rows]
        rng.shuffle(turns)  # whose row comes next, at each line
        table.write_bytes(b"\n".join([head, *(own[key].pop(0) for key in turns)]) + b"\n")
    return tables


def _rows_of_text(text: bytes) -> list[bytes]:
    """The rows of a CSV text, without their line breaks: its lines, those that end within quotes joined to the next."""
    rows: list[bytes] = []
    for line in text.split(b"\n"):
        if rows and rows[-1].count(b'"') % 2:  # a quote still open: the line break is a cell's
            rows[-1] += b"\n" + line
        else:
            rows.append(line)
    return rows


def with_columns_of_its_own(source: Path, target: Path) -> Path:
    """The households Parquet file `source` as an export with columns no policy reads: a column `phone`, and each
    member's `name` (a field of the `members` structs)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(source)
    table = table.append_column("phone", pa.array(["13800000000"] * table.num_rows))
    members = table.column("members").combine_chunks()
    inner = members.flatten()
    named = pa.StructArray.from_arrays([*inner.flatten(), pa.array(["张三"] * len(inner))],
                                       names=[*(f.name for f in inner.type), "name"])
    table = table.set_column(table.schema.get_field_index("members"), "members",
                             pa.ListArray.from_arrays(members.offsets, named, mask=members.is_null()))
    pq.write_table(table, target)
    return target


def county_standards() -> Policy:
    """The post-transition policy with its dibao and tekun standards set by a county document as well, as a county
    publishes the figures 大政发〔2024〕47号 leaves to it."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    county = ("    - id: xmz-2026-88\n      title: 县民发〔2026〕88号 关于公布农村低收入人口认定和救助标准的通知\n"
              "      cited_as: {zh: 县民发〔2026〕88号, en: 'County Civil Affairs Doc. [2026] No. 88'}\n"
              "      articles:\n        第一条: {en: Article 1}\n\nparameters:\n")
    assert text.count("\nparameters:\n") == 1
    text = text.replace("\nparameters:\n", "\n" + county, 1)
    for name in ("dibao_standard", "tekun_standard"):
        text, found = re.subn(rf"(\n  {name}:\n(?:    .*\n)*?    source: )([^\n]*)", r"\1\2; xmz-2026-88 第一条", text)
        assert found == 1, name
    return policy_from_text(text)


# dibao's vehicle clause as a county's own ground, which the document does not give: it carries a `confirm:` note
COUNTY_CLAUSE = {"label": {"zh": "无机动车辆（本县增设）", "en": "no motor vehicle (the county's own clause)"},
                 "confirm": {"zh": "本县增设的认定条件（待确认）", "en": "the county's own ground, to confirm"}}


def county_clause() -> Policy:
    """The post-transition policy with dibao's `no_vehicle` clause made a county's own ground to confirm
    (`COUNTY_CLAUSE`), as a county adds one to the clauses the document gives."""
    return policy_from_text(county_clause_text())


def county_clause_text() -> str:
    """The text of `county_clause`'s policy."""
    text = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    shipped = ("      - id: no_vehicle\n        label: {zh: 无机动车辆, en: no motor vehicle}\n"
               "        test: assets.vehicles == 0\n        source: dsz-2024-47 附件1\n")
    label, note = COUNTY_CLAUSE["label"], COUNTY_CLAUSE["confirm"]
    local = (f"      - id: no_vehicle\n        label: {{zh: {label['zh']}, en: {label['en']}}}\n"
             f"        test: assets.vehicles == 0\n        confirm: {{zh: {note['zh']}, en: \"{note['en']}\"}}\n")
    assert shipped in text
    return text.replace(shipped, local, 1)  # dibao's, the first: the margin's stays as it is


def in_an_exports_words() -> dict[str, Any]:
    """The example DS-0001 as a county export writes it: with a field of its own (`township`) and values in its own
    words (`户主`, `女`)."""
    data: dict[str, Any] = json.loads((EXAMPLES / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    data["township"] = "仁义镇"
    data["members"][0].update(relation="户主", sex="女")
    return data


# the one help of each error of `in_an_exports_words`, by language: the option that reads it at its end
_EACH_HELP = {
    "en": ("error[H002]", "  help: ",
           "allowed: id, date, members, income, expenses, assets, housing, drinking_water; or, if no policy is to "
           "read `township` (an export's own field), leave it out of every household with --ignore-column township",
           ("or read `户主` as `head` with --rename-value 户主=head",
            "or read `女` as `female` with --rename-value 女=female")),
    "zh": ("错误[H002]", "  提示：",
           "允许的字段：id、date、members、income、expenses、assets、housing、drinking_water；"
           "如果 `township` 本就不该由政策读取（导出时附带的字段），也可在每户中略去：加上 --ignore-column township",
           ("或把 `户主` 读作 `head`：加上 --rename-value 户主=head",
            "或把 `女` 读作 `female`：加上 --rename-value 女=female"))}


def helps_of_each_error(stderr: str, lang: str) -> list[int]:
    """Assert that each of the three errors of `in_an_exports_words` (said in `lang`) has one help, under it and
    before the next, which offers the option that reads it; returns the lines of the helps."""
    error, help, township, words = _EACH_HELP[lang]
    lines = stderr.splitlines()
    errors = [i for i, line in enumerate(lines) if error in line]
    helps = [i for i, line in enumerate(lines) if line.startswith(help)]
    assert len(errors) == len(helps) == 3, stderr
    after = [*errors[1:], len(lines)]
    assert all(e < h < a for e, h, a in zip(errors, helps, after, strict=True)), stderr
    said = [lines[h][len(help):] for h in helps]
    assert said[2] == township, said
    assert said[0].endswith(words[0]) and said[1].endswith(words[1]), said
    return helps


# an option, or its value, run into the punctuation after it (`--what-if;`, `--rename-column 出生日期=birth_date）`,
# `add --what-if.`, `give --date, or`, `（--undo：`, `--explain（`, `(--undo: withdrawn)`, `(or --policy FILE)`): a
# user copying the option copies that too. An option quoted as code (`` `--what-if`. ``) ends at its backtick
_GLUED_OPTION = re.compile(r"--[a-z][a-z-]*(?: [^\s;；，。）：（、`)]*[A-Za-z0-9_=/'…-])?"
                           r"(?:[;；，。）：（、)]|[.,:](?=\s|$))")


# a placeholder a help names alone (`to OUTPUT`, `Each FILE is`, `#N`, `--date D`), or a word of one (`FILE` of
# `FILE|DIR|-...`, `POLICY` of `POLICY.yaml`); not an id (`DS-0001`), a code (`C039`), a format (`YYYY-MM-DD`), a key
# (`Ctrl-C`), an environment variable (`$POLICY_REGISTER`) or a value (`sex:M=male`); a Chinese character beside it,
# which a regular expression counts as a letter of a word, does not hide it (`那一天D的`)
PLACEHOLDER_NAMED = re.compile(r"(?<![A-Za-z0-9_.$/:-])[A-Z][A-Z_]*(?![A-Za-z0-9_-])")


def command_of(run: str, paths: Collection[str]) -> str:
    """The command a quoted command line runs (`policy monitor void` of `policy monitor void --ingest NUMBER`): the
    longest of `paths` it starts with."""
    words = run.split()
    return next(" ".join(words[:n]) for n in range(len(words), 0, -1) if " ".join(words[:n]) in paths)


def glued_options(text: str) -> list[str]:
    """The options of `text` run into the punctuation after them (empty for none)."""
    return [found[0] for found in _GLUED_OPTION.finditer(text)]


def files_of_each_shape(folder: Path, items: list[dict[str, Any]]) -> dict[str, tuple[int, list[int]]]:
    """A folder of household files whose names and contents disagree (ten households in `items`, each once), each read
    as `docs/batch.md` says: a `.jsonl` file holding one household written over many lines, or a list (over many
    lines, or on one), is that document; a `.json` file holding JSON Lines is JSON Lines, and one written over many
    lines whose objects start lines of their own is one document; a `.jsonl` file whose first line is cut off is
    JSON Lines, that line a bad record. Each file's name → (its records as read, the lines of its bad records)."""
    written = {
        "a-one.jsonl": (json.dumps(items[0], indent=2), (1, [])),
        "b-list.jsonl": (json.dumps(items[1:3]), (2, [])),
        "c-list-lines.jsonl": (json.dumps(items[3:5], indent=2), (2, [])),
        "d-lines.json": ("".join(json.dumps(h) + "\n" for h in items[5:7]), (2, [])),
        "e-flush.json": (json.dumps(items[7], indent=2).replace("\n    {", "\n{"), (1, [])),
        "f-cut.jsonl": (json.dumps(items[8])[:-1] + "\n" + json.dumps(items[9]), (2, [1])),
    }
    folder.mkdir()
    for name, (text, _) in written.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    assert "\n{" in (folder / "e-flush.json").read_text(encoding="utf-8")
    return {name: read for name, (_, read) in written.items()}


def quotes_nested_alike(text: str) -> list[str]:
    """The lines of `text` that open a quote within a quote of the same kind (`“落实“两不愁三保障””`), where a quote
    within a quote is in the other kind (`“落实‘两不愁三保障’”`)."""
    found = []
    for line in text.splitlines():
        opened: list[str] = []
        for mark in re.findall("[“‘”’]", line):
            if mark in "“‘":
                if opened[-1:] == [mark]:
                    found.append(line)
                    break
                opened.append(mark)
            elif opened:
                opened.pop()
    return found
