"""A households.csv column that holds JSON text: a list (`members`, `income`, `expenses`) or a group of fields
(`assets`), as a data frame of households in the JSON form writes it to CSV.

Input: the path and header of households.csv, the policies, and where members.csv and lines.csv would be.
Output: nothing when no column holds such text; else `InputError` naming each column, where its rows or fields
belong, and a pandas line that writes them (`refuse_json_columns`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.batch.readers import InputError
from engine.diagnostics import Said
from engine.model import Policy


def refuse_json_columns(path: Path, header: Sequence[str], policies: Sequence[Policy], members: Path,
                        lines: Path) -> None:
    """Stop at a column `members`, `income` or `expenses` in households.csv: each household's list in one cell, most
    likely its JSON text (`[{"id": "p1", …}]`), as a data frame of households in the JSON form writes it to CSV.
    CSV tables hold no lists — members are rows of members.csv, lines rows of lines.csv —, so the run would say
    members.csv is not found, or that no policy reads the column (and removed, the household's income would go
    with it). The message names the table the rows belong in, whether it is there, and how to write it.
    A column named for a group of household inputs (`assets`, holding `{"deposits": 2000, …}`) is stopped too:
    its fields are columns of their own (`assets.deposits`), and removed as a column no policy reads, it would
    leave every household to the fields' defaults (deposits 0); the message names the columns and how to
    expand it: a cell `null` or empty gives no field, and columns of the group written flat already
    (`assets.deposits` beside `assets`) are named and kept by the pandas line, which takes only the other
    fields from the JSON text."""
    from engine.batch.input_columns import input_fields

    names = [cell.strip() for cell in header]
    nested = [name for name in ("members", "income", "expenses") if name in names]
    household = list(input_fields(policies, "household"))
    grouped = [name for name in dict.fromkeys(f.split(".", 1)[0] for f in household if "." in f) if name in names]
    if not nested and not grouped:
        return
    member = ", ".join(["household", "id", *input_fields(policies, "member")][:4]) + ", …"
    said = []
    for name in nested:
        table, columns = (members, Said(member, member)) if name == "members" else \
            (lines, Said("household, kind (income or expense), type, member, amount",
                         "household, kind（income 或 expense）, type, member, amount"))
        there = Said(f"{table.name} is there: remove the column" if table.is_file() else
                     f"there is no {table.name}: write it from the column, then remove the column",
                     f"{table.name} 已有：请删去这一列" if table.is_file() else
                     f"没有 {table.name}：请根据这一列写出它，再删去这一列")
        what = Said("a row of members.csv for each member" if name == "members" else
                    f"a row of lines.csv for each {'income' if name == 'income' else 'expense'} line",
                    "在 members.csv 中每位成员写一行" if name == "members" else
                    f"在 lines.csv 中每个{'收入' if name == 'income' else '支出'}条目写一行")
        said.append(Said(f"column `{name}` holds a list in each cell, most likely its JSON text "
                         f"(`[{{\"{'id' if name == 'members' else 'type'}\": …}}]`), but CSV tables hold no lists: "
                         f"{what.en} ({columns.en}); {there.en}",
                         f"`{name}` 列的每个单元格里是一个列表，像是它的 JSON 文本"
                         f"（`[{{\"{'id' if name == 'members' else 'type'}\": …}}]`），但 CSV 表格里放不下列表："
                         f"应{what.zh}（{columns.zh}）；{there.zh}"))
    flat = [name for name in names if "." in name and name.split(".", 1)[0] in grouped]  # already written flat
    for group in grouped:
        fields = [f for f in household if f.startswith(f"{group}.")]
        example = fields[0].split(".", 1)[1]
        written = [name for name in flat if name.startswith(f"{group}.")]
        both = Said("", "")
        if written:
            one = len(written) == 1
            rest = Said("only removes the column", "只删去这一列") if all(f in written for f in fields) else \
                Said("takes only the other fields from the JSON text", "只从 JSON 文本中取其余字段")
            both = Said(f"; households.csv also has the {'column' if one else 'columns'} {', '.join(written)}: the "
                        f"pandas line keeps {'it as it is' if one else 'them as they are'}, in place of the same "
                        f"{'field' if one else 'fields'} in the JSON text, and {rest.en}",
                        f"；households.csv 中同时已有 {', '.join(written)} 列：pandas 语句原样保留"
                        f"{'这一列' if one else '这些列'}，不用 JSON 文本中的同名字段，{rest.zh}")
        said.append(Said(f"column `{group}` holds a group of fields in each cell, most likely its JSON text "
                         f"(`{{\"{example}\": …}}`), but CSV tables give each field a column of its own: "
                         f"{', '.join(fields)}; removed, every household would be decided on these fields' defaults"
                         f"{both.en}",
                         f"`{group}` 列的每个单元格里是一组字段，像是它的 JSON 文本（`{{\"{example}\": …}}`），"
                         f"但 CSV 表格中每个字段各占一列：{', '.join(fields)}；若删去这一列，每户都会按这些字段的默认值"
                         f"认定{both.zh}"))
    steps = []
    if "members" in nested and not members.is_file():
        steps.append('`m = df.assign(members=df["members"].map(lambda s: json.loads(s or "[]"))).explode("members")'
                     '.dropna(subset=["members"]); pd.DataFrame([{k: str(v).lower() if isinstance(v, bool) else v '
                     'for k, v in p.items()} for p in m["members"]], dtype=object).assign(household=m["id"].tolist())'
                     '.to_csv("members.csv", index=False)`')
    if grouped:
        listed = "[" + ", ".join(f'"{group}"' for group in grouped) + "]"
        already = ", ".join(f'"{name}"' for name in flat)  # columns written flat already: kept, not the JSON's
        kept = f'.drop(columns=[{already}], errors="ignore")' if flat else ""
        steps.append(f'`df.drop(columns={listed}).join(pd.DataFrame([{{f"{{c}}.{{k}}": str(v).lower() if '
                     'isinstance(v, bool) else v for c, s in r.items() for k, v in (json.loads(s or "{}", '
                     f'parse_float=str) or {{}}).items()}} for _, r in df[{listed}].iterrows()], index=df.index, '
                     f'dtype=object){kept})'
                     '.to_csv("households.csv", index=False)`')
    read = '`df = pd.read_csv("households.csv", dtype=str, keep_default_na=False)`'
    how = Said(f"pandas, with {read}: {'; '.join(steps)}; ", f"pandas，先 {read}，再 {'；'.join(steps)}；") \
        if steps else Said("", "")
    sample = "`policy sample --n 3 --format csv -o example/`"
    tail = Said(f"{how.en}{sample} writes the three tables to copy"
                + (", and JSON Lines hold members and lines as lists" if nested else ""),
                f"{how.zh}{sample} 会写出可照着写的三张表" + ("；JSON Lines 则可以直接以列表存放成员和收支条目"
                                                             if nested else ""))
    if len(said) == 1:
        raise InputError(Said(f"{path}: {said[0].en} — {tail.en}", f"{path}：{said[0].zh}——{tail.zh}"))
    held = Said("columns that hold lists:", "以下各列存放的是列表：") if not grouped else \
        Said("columns that hold JSON text:", "以下各列存放的是 JSON 文本：")
    raise InputError(Said(f"{path}: {held.en}" + "".join(f"\n  {x.en}" for x in said) + f"\n{tail.en}",
                          f"{path}：{held.zh}" + "".join(f"\n  {x.zh}" for x in said) + f"\n{tail.zh}"))

