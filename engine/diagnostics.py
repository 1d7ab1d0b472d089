"""Source spans and diagnostics: how every stage reports a user's mistake.

Input: nothing (a leaf module). Output: `Span`, `Diagnostic`, `PolicyError`, and a
renderer for the DESIGN §10 shape. Invariants: a diagnostic has a stable code
from `CODES`, a one-line lowercase message without a final period, a span when
the mistake has a place, and at most one help line. Stages yield diagnostics;
they never print.
"""

from __future__ import annotations

import errno
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from engine.markdown_text import md_code

# A write that fails for want of room is the machine's state, not a bug: said as such, with what to do (the
# errnos of a full disk, a quota reached and a file too large for the filesystem).
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

Severity = Literal["error", "warning"]
WHOLE_HOUSEHOLD = "(the household)"  # the JSON path of a finding about a household as a whole
_LONGEST_ID = 24  # a member id longer than this is cut where a path names the member
INDEX = re.compile(r"\[\d+\]")  # a list's index in a JSON path: `members[1]`
_LISTS = ("members", "income", "expenses")  # a household's parts read from rows of their own (members.csv, lines.csv)
_WHOLE_ENTRY = re.compile(rf"({'|'.join(_LISTS)})\[\d+\]")  # a member or a line as a whole: `members[1]`


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def normalize_newlines(text: str) -> str:
    """Every line break YAML knows, as `\\n`, so that lines count the way PyYAML counts them."""
    return _LINE_BREAKS.sub("\n", text)


def text_lines(text: str) -> list[str]:
    """The lines of a policy file's text, numbered as diagnostics number them."""
    return normalize_newlines(text.lstrip("\ufeff")).split("\n")


def json_text_lines(text: str) -> list[str]:
    """The lines of household JSON or JSON Lines, numbered as its findings number them: split at `\\n` alone, as
    JSON counts lines; not at U+2028, U+2029 or U+0085 (`text_lines`, as YAML counts them), which JSON takes
    unescaped in a text."""
    return text.lstrip("\ufeff").split("\n")


_CSV_LINE_BREAKS = re.compile("\r\n|\r|\n")  # the line ends of Python's CSV reader (a lone `\r` too)


def _csv_text_lines(text: str) -> list[str]:
    """The lines of a CSV table, numbered as its rows' findings number them: split where the CSV reader ends a line,
    at `\\n`, `\\r\\n` or a lone `\\r`; not at U+2028, U+2029 or U+0085 (`text_lines`, as YAML counts them),
    which a cell holds as any other character."""
    return _CSV_LINE_BREAKS.split(text.lstrip("\ufeff"))


def _lines_as_counted(file: str) -> Callable[[str], list[str]]:
    """How the lines of a file are numbered by its findings: as YAML counts them for a policy or test cases; as the
    CSV reader counts them for a CSV table (`_csv_text_lines`); as JSON counts them for household JSON, whatever its
    name (`json_text_lines`)."""
    name = file.lower()
    if name.endswith(".csv"):
        return _csv_text_lines
    return text_lines if name.endswith((".yaml", ".yml")) else json_text_lines


@functools.cache
def cjk() -> re.Pattern[str]:
    """A Chinese character (`[\\u4e00-\\u9fff]`), compiled when first asked for: a range of every Chinese character
    takes 1–2 ms to compile, which every command would pay at start-up, and most never read one."""
    return re.compile(r"[\u4e00-\u9fff]")


def as_gbk(raw: bytes) -> str | None:
    """Bytes that are not UTF-8 read as GB18030 (GBK), as Chinese Windows saves text, when they so read as Chinese
    text; else None."""
    text = read_as_gb18030(raw)
    return text if text is not None and cjk().search(text) else None


def read_as_gb18030(raw: bytes) -> str | None:
    """Bytes read as GB18030 (GBK), whatever they read as (`，：“”` too, which a line of Chinese punctuation alone
    holds); None where they are not GB18030."""
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


# from a byte that is not UTF-8 to the next ASCII, in text read with `surrogateescape`: a pair of GBK bytes may
# happen to be UTF-8
NOT_UTF8_RUN = re.compile("[\udc80-\udcff][^\x00-\x7f]*")


def utf8_runs_into(run: str) -> re.Match[str] | None:
    """In a stretch beyond ASCII of a line read with `surrogateescape`, the bytes that are not UTF-8 (`NOT_UTF8_RUN`)
    that text plainly UTF-8 (`plainly_utf8`: `测试`, `王芳`) runs straight into, as text pasted in another encoding
    after it leaves them (`文件` of `测试文件`, `，` of `王芳，`); None where the stretch starts with them, or what
    comes before reads as UTF-8 by chance only (GBK's `女` read as `Ů`)."""
    bad = NOT_UTF8_RUN.search(run)
    if bad is None or bad.start() == 0 or not plainly_utf8(run[:bad.start()].encode("utf-8")):
        return None
    return bad


BEYOND_ASCII = re.compile("[^\x00-\x7f]+")  # a stretch of text beyond ASCII
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # bytes that are not UTF-8, in text read with `surrogateescape`


def gbk_after_utf8(line: bytes) -> tuple[int, bytes] | None:
    """A line whose first bytes that are not UTF-8 are GBK (GB18030) that UTF-8 Chinese runs into (`utf8_runs_into`):
    Chinese words (`测试` then `文件`), to the next ASCII, since a pair of GBK bytes is UTF-8 by chance as often as not;
    else the bytes that are not UTF-8, GBK with no Chinese letter (`王芳` then `，`); or a stretch of GBK of its own
    in a line holding UTF-8 Chinese in another (`utf8_apart`: `王芳` in one field, `，` in the next): where they start
    (the characters before them, as UTF-8 reads them) and what they are. Such a line mixes two encodings, which no
    conversion of it, or of its file, mends: the file is not read as GB18030 as a whole (`source_lines`), which
    garbles its UTF-8 (`王芳` reads as `鐜嬭姵`). None for any other line."""
    text = line.decode("utf-8", "surrogateescape")
    first = _ESCAPED_BYTES.search(text)
    if first is None:
        return None
    run = _stretch_at(text, first.start())
    pasted = utf8_runs_into(run.group())
    if pasted is None:
        stretch = run.group().encode("utf-8", "surrogateescape")  # GBK of its own, beside UTF-8 (`utf8_apart`)
        apart = utf8_apart(line, run.start()) is not None and read_as_gb18030(stretch) is not None
        return (run.start(), stretch) if apart else None
    words = pasted.group().encode("utf-8", "surrogateescape")
    bad = words if as_gbk(words) else first.group().encode("utf-8", "surrogateescape")
    return (first.start(), bad) if read_as_gb18030(bad) is not None else None


def utf8_apart(line: bytes, at: int) -> tuple[int, str] | None:
    """Of a line whose GBK (`gbk_after_utf8`) is in the stretch beyond ASCII holding character `at`, the UTF-8 Chinese
    in a stretch of its own (`plainly_utf8`: `王芳` of `"note": "王芳", "remark": "，"`, `，` in GBK): where it starts
    and what it is; None where UTF-8 runs straight into the GBK (`王芳，`), or the line holds no other UTF-8 Chinese."""
    text = line.decode("utf-8", "surrogateescape")
    if utf8_runs_into(_stretch_at(text, at).group()) is not None:
        return None
    return next(((run.start(), run.group()) for run in BEYOND_ASCII.finditer(text)
                 if not run.start() <= at < run.end() and plainly_utf8(run.group().encode("utf-8", "surrogateescape"))),
                None)


def _stretch_at(text: str, at: int) -> re.Match[str]:
    """The stretch beyond ASCII (`BEYOND_ASCII`) of a line that holds its character `at`, or the first after it."""
    return next(run for run in BEYOND_ASCII.finditer(text) if run.end() > at)


def gbk_punctuation_after_utf8(line: bytes) -> tuple[int, bytes] | None:
    """A line of UTF-8 Chinese then GBK punctuation (`gbk_after_utf8`: `王芳` then `，`): shown as UTF-8 reads it,
    not as GB18030, since no Chinese word of it reads so (`gbk_where_not_utf8`). None for any other line."""
    found = gbk_after_utf8(line)
    return found if found is not None and as_gbk(found[1]) is None else None


def gbk_where_not_utf8(line: bytes) -> str | None:
    """A line of UTF-8 text with each stretch that is not UTF-8 read as GB18030 (GBK), when each is GB18030
    (`测试` of a file saved as UTF-8, `文件` typed in later as GBK; `，` or `“”` alone, of a line whose only Chinese is
    punctuation); else the whole line read so, when it is GB18030 (a GBK character may end in an ASCII byte); else
    None. A line that is UTF-8 throughout is read so only where it reads as Chinese (`as_gbk`: `女` in GBK is UTF-8's
    `Ů`). None for a line of UTF-8 Chinese then GBK punctuation (`gbk_punctuation_after_utf8`), shown as UTF-8 reads
    it."""
    if gbk_punctuation_after_utf8(line) is not None:
        return None
    text = line.decode("utf-8", "surrogateescape")
    read = [read_as_gb18030(run.group().encode("utf-8", "surrogateescape")) for run in NOT_UTF8_RUN.finditer(text)]
    if not read:
        return as_gbk(line)
    if None in read:
        return read_as_gb18030(line)
    words = iter(read)
    return NOT_UTF8_RUN.sub(lambda _: next(words) or "", text)


def is_utf8(text: bytes) -> bool:
    """Whether these bytes are UTF-8 text."""
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def utf8_beyond_ascii(lines: Iterable[bytes]) -> bool:
    """Whether a line holds UTF-8 beyond ASCII that no other encoding wrote (`plainly_utf8`): a line of the same
    text that is not UTF-8 is then that line's mistake, not the text's encoding."""
    return any(not line.isascii() and plainly_utf8(line) for line in lines)


def plainly_utf8(line: bytes) -> bool:
    """Whether a line is UTF-8 that no other encoding wrote: it reads as UTF-8, with a character of three bytes or
    more, as every Chinese character is, or with a letter of two bytes in a word of ASCII letters as a name is written
    (`_latin_in_a_word`: `José`, `Müller`, `Ångström`, as a European export writes them). A line whose characters
    beyond ASCII are all of two bytes (`Ů`, `ë`, `·`) and stand in no such word tells nothing: GBK (GB18030) writes each
    Chinese character in two bytes, which are UTF-8 as often as not (`女`, C5 AE, reads as `Ů`; `毛` as `ë`), and a
    Chinese word stands apart (`"sex": "女"`, `,女,`) or is glued to letters no name is written with (`HN女` reads as
    `HNŮ`, `Li女士` as `LiŮʿ`)."""
    if _THREE_BYTES.search(line) is None and not _latin_in_a_word(line):
        return False
    return is_utf8(line)


_THREE_BYTES = re.compile(rb"[\xe0-\xf4]")  # the first byte of a character of three or four bytes, in UTF-8
# a letter of Latin-1 or Latin Extended-A (`é`, `ü`, `ő`; not `×` or `÷`), in UTF-8
_LATIN_LETTER = re.compile(rb"\xc3[\x80-\x96\x98-\xb6\xb8-\xbf]|[\xc4\xc5][\x80-\xbf]")


def _latin_in_a_word(line: bytes) -> bool:
    """Whether a letter of two bytes (`_LATIN_LETTER`) is in a word of ASCII letters as names are written: a small
    letter beside a small ASCII letter (`José`, `Zoë`, `Müller`); a capital that starts a word of small letters
    (`Ångström`, `Łukasz`), or stands between capitals (`MÜLLER`). A capital after a letter and at a word's end
    (`HNŮ`, `HN女` in GBK) or after a small letter (`LiŮ`), a small letter after capitals alone (`HNë`, `HN毛`):
    none."""
    for found in _LATIN_LETTER.finditer(line):
        letter = found.group().decode("utf-8")
        before = line[found.start() - 1:found.start()] if found.start() else b""
        after = line[found.end():found.end() + 1]
        if letter.islower() and (before.islower() or after.islower()):
            return True
        if letter.isupper() and ((not before.isalpha() and after.islower()) or (before.isupper() and after.isupper())):
            return True
    return False


def source_lines(file: str) -> list[str]:
    """The lines of a file for underlining diagnostics, numbered as its findings number them (`_lines_as_counted`:
    a U+2028 in a text of household JSON ends no line); empty when it cannot be read, or holds NUL bytes (UTF-16
    text, as Excel and Windows editors save "Unicode", or no text at all): read as UTF-8, its lines would print
    as noise, the NUL bytes raw to the terminal, while the finding's words say what is wrong. A line that is not
    UTF-8 is shown as GB18030 reads it where it so reads as Chinese (`gbk_where_not_utf8`), not as `����`, and the
    others as UTF-8 reads them (`line_shown`); every line of a file that so reads as a whole, with no line plainly
    UTF-8 (`utf8_beyond_ascii`), is: the finding says the file is GBK, and a line of it read as UTF-8 where its bytes
    happen to be (`元`, D4 AA, is `Ԫ`) would be garbled."""
    try:
        raw = Path(file).read_bytes()
    except OSError:
        return []
    if b"\x00" in raw:
        return []
    numbered = _lines_as_counted(file)
    try:
        return numbered(raw.decode("utf-8"))
    except UnicodeDecodeError:
        lines = raw.splitlines(keepends=True)
        whole = as_gbk(raw)
        first = next((line for line in lines if not is_utf8(line)), b"")  # (its help tells it: `utf8_said`)
        if whole is not None and not utf8_beyond_ascii(lines) and gbk_after_utf8(first) is None:
            return numbered(whole)
        return numbered("".join(map(line_shown, lines)))


def line_shown(line: bytes) -> str:
    """A line of a file that is not all UTF-8, as it is shown under a finding: as UTF-8 reads it where it is UTF-8
    (`王芳`, not the `鐜嬭姵` GB18030 reads it as), as the finding's column counts it; else with what is not UTF-8 read
    as GB18030 where it so reads (`gbk_where_not_utf8`), else each such byte as `�`."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return gbk_where_not_utf8(line) or line.decode("utf-8", errors="replace")


def line_read_as_gbk(raw: bytes, at: int) -> bool:
    """Whether the line of `raw` holding byte `at`, which is not UTF-8, is shown under a finding as GB18030 reads it
    (`source_lines`), so that the finding says so where it is shown (`Diagnostic.gbk_shown`)."""
    ends = raw.find(b"\n", at)
    return gbk_where_not_utf8(raw[raw.rfind(b"\n", 0, at) + 1:ends if ends >= 0 else len(raw)]) is not None


@dataclass(frozen=True, order=True)
class Span:
    """A region of a file, 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


# Stable codes, grouped: L load, S syntax, C check, H household input, E evaluation.
# docs/errors.md documents each one; a test keeps the two in step.
CODES: dict[str, str] = {
    "L001": "file cannot be read",
    "L002": "not valid YAML",
    "L003": "duplicate key",
    "L004": "document does not match the policy schema",
    "L005": "empty file",
    "L006": "tab used for indentation",
    "L007": "input too large or too deeply nested",
    "L008": "no policy in force, or several, on the evaluation date",
    "L009": "a working-day calendar file that does not hold a year's arrangement",
    "L010": "two policy files of one folder with the same version",
    "L011": "a file that takes over from another of one folder under another id",
    "S001": "unexpected character in an expression",
    "S002": "unexpected token in an expression",
    "S003": "expression ends too early",
    "S004": "unclosed bracket",
    "C001": "unknown name",
    "C002": "unit or type mismatch",
    "C003": "unknown enum value",
    "C004": "cycle among definitions",
    "C005": "unused parameter or definition",
    "C006": "category can never be assigned",
    "C007": "duplicate id",
    "C008": "unknown function or wrong arguments",
    "C009": "member-level name used at household level",
    "C010": "unknown source",
    "C011": "missing label translation",
    "C012": "abolished category mapping names an unknown category",
    "C013": "input default of the wrong type or out of range",
    "C014": "range that ends before it starts",
    "C015": "citation without an article",
    "C016": "article wording that no citation names",
    "C017": "share out of range",
    "C018": "group of one category",
    "C019": "rule without a citation",
    "C020": "share written as a plain number",
    "C021": "division by a constant zero",
    "C022": "amount of one period without `per`",
    "C023": "group name that is a slip of another group's",
    "C024": "rate multiplied or divided by a plain count of months",
    "C025": "amount of another period than its measure's `per`",
    "C026": "number too large to be a figure of a policy",
    "C027": "assistance amount below zero for every household",
    "C028": "`and` within `or` without brackets",
    "C029": "label that writes a number its rule does not have",
    "C030": "`given_with` names no other input of the same level",
    "C031": "condition that can never hold, or always holds",
    "C032": "`plausible` range that cannot be one",
    "C033": "comment that cuts a rule short",
    "C034": "percentage written as a plain number",
    "C035": "member's measure paid on a household total",
    "C036": "category that takes a group's households from the assistance of the one after it",
    "C037": "share of an income type that is not counted",
    "C038": "label the same as another's",
    "C039": "abolished category dated other than the day it was abolished",
    "C040": "department no measure names",
    "C041": "count of months multiplied by a duration",
    "C042": "enum values without words for explanations",
    "H001": "household input is not valid JSON",
    "H002": "household input does not match the schema",
    "H003": "income or expense type unknown to the policy",
    "H004": "reference to an unknown member",
    "H005": "duplicate member id",
    "H006": "date in the future or impossible",
    "H007": "a second record of a household on one date",
    "H008": "an input given without one it is given with",
    "H009": "an income or expense line given twice",
    "H010": "an expense line of no member that assistance given per member reads",
    "H011": "more than one head of household",
    "H012": "no head of household",
    "H013": "a figure outside the range the policy finds plausible",
    "H014": "no one able to support a member, though the household is paid maintenance",
    "H015": "no one able to support a member, though their spouse of working age earns or can work",
    "H016": "a control character in a text",
    "E001": "division by zero",
    "E002": "missing value",
    "E003": "aggregation over no member",
    "X001": "internal error while evaluating one record of a batch",
}


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


_HUGGED = " （）“”，：；。"  # nothing between these and what comes before or after


def chinese_joined(*parts: str) -> str:
    """Chinese words and `names` one after another: a space between a backticked name or a number and a
    Chinese character next to it, none between Chinese characters nor before or after Chinese punctuation."""
    out = ""
    for part in parts:
        if out and part and _cjk(out[-1]) != _cjk(part[0]) and out[-1] not in _HUGGED and part[0] not in _HUGGED:
            out += " "
        out += part
    return out


_SHELL_SPECIAL = re.compile(r"""[\s'"\\$`|&;<>()*?\[\]{}!#~^]""")


def counted(number: int, noun: str) -> str:
    """`1 decision`, `2 decisions`, `1,000 households`: a count with its noun in the right number."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def sentence(text: str) -> str:
    """`text` (English) begun as a sentence of its own, its first letter a capital, after the quote or bracket it may
    open with: after an option that ended the one before, which a `;` would have run on into it (`… --what-if.
    What-ifs …`); a quoted figure of the brief (`“Every member aged under 60 or over 100”: no.`, not `“every …`)."""
    i = len(text) - len(text.lstrip("“‘\"'(["))
    return text[:i] + text[i:i + 1].upper() + text[i + 1:]


CONTROL = "[\\x00-\\x1f\\x7f]"  # a control character, as a pattern (`engine.batch.arrow_intake` looks in columns too)
# what a line cannot show as it is, of the characters `str.isprintable` refuses: a control character (of C0, DEL, or
# of C1: U+0085 a next line, U+009B a terminal's escape) and a line or a paragraph separator (U+2028, U+2029), each of
# which breaks the line or hides where it stands; a format character, which cannot be seen (a zero-width space U+200B,
# a zero-width joiner U+200D, a byte-order mark U+FEFF), and a space seen as an ordinary one (a no-break space U+00A0,
# a thin space U+2009), as the household reader names each where JSON is read (`household_input._ODD_SPACES`): an id
# holding one is retyped without it. Not the full-width space (U+3000), seen as wide as a Chinese character and typed
# by a Chinese input method, nor a character of private use or of a later Unicode, which a font may draw (a rare
# character of a name).
_UNSEEN_KINDS = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"})


def _unseen(char: str) -> bool:
    """Whether a line cannot show `char` as it is (`_UNSEEN_KINDS`)."""
    return char not in " \u3000" and unicodedata.category(char) in _UNSEEN_KINDS


def holds_unseen(text: str) -> bool:
    """Whether `text` holds a character a line cannot show as it is (`_UNSEEN_KINDS`)."""
    return not text.isprintable() and any(map(_unseen, text))


def _as_json(char: str) -> str:
    """A character as JSON writes it escaped: `\\n`, `\\u200b`, `\\udb40\\udc01` (two halves, beyond U+FFFF)."""
    return json.dumps(char)[1:-1]


def _as_bash(char: str) -> str:
    """A character as bash's `$'…'` writes it escaped: as JSON does (`_as_json`), but `\\U000e0001` beyond U+FFFF,
    whose two halves bash would write as two characters, and a byte that is not UTF-8 (`_ESCAPED_BYTES`: 0x80, read
    as U+DC80) as that byte, `\\x80`, which Python reads back as U+DC80, where bash writes `\\udc80` in three bytes
    of UTF-8, read back as three characters."""
    if _ESCAPED_BYTES.fullmatch(char):
        return f"\\x{ord(char) - 0xDC00:02x}"
    return f"\\U{ord(char):08x}" if ord(char) > 0xFFFF else _as_json(char)


def escaped(text: str, escape: Callable[[str], str] = _as_json) -> str:
    """`text` with each character a line cannot show in it (`_UNSEEN_KINDS`) written as `json_quoted` writes it: the
    id read from `"C:\\new"` printed `C:\\new`, on one line, not `C:` and `ew` on two (H016 says how it came in); the
    id `DS\\u200b01`, not `DS01`, whose zero-width space no one sees."""
    if text.isprintable():
        return text
    return "".join(escape(char) if _unseen(char) else char for char in text)


def printable(value: Any) -> Any:
    """An explanation tree (or any part of one) with `escaped` texts and keys, for text and markdown to print; JSON
    prints the tree as it is, where a control character is written escaped anyway."""
    if isinstance(value, str):
        return escaped(value)
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable(v) for v in value)
    return value


def printable_tree(tree: dict[str, Any]) -> dict[str, Any]:
    """The explanation tree to print: `printable` where an id read from the household (its title's, a member's)
    holds what a line cannot show (`holds_unseen`: escaped as `id_shown` writes it everywhere else), or a text input
    holds a control character, as H016 warns (its doubts say so); else the tree itself, not walked, as the walk costs
    more than the rendering it comes before."""
    members = tree.get("household_members", ())
    ids = [tree.get("title", ""), *(m.get("id", "") for m in members if isinstance(m, dict))]
    warned = any(isinstance(d, dict) and d.get("code") == "H016" for d in tree.get("doubts", ()))
    return printable(tree) if warned or any(isinstance(i, str) and holds_unseen(i) for i in ids) else tree


def shell_word(text: str) -> str:
    """`text` as one word of a command to paste into a shell: as it is where the shell takes it so (`户主=head`,
    `A级（安全）=A`: full-width brackets are no shell's), else in single quotes (`'存款(元)=assets.deposits'`,
    `'出生 日期=birth_date'`), a quote in it written `'\\''`; one that holds what a line cannot show (a control
    character, an id read from `"DS\\n01"`; a line separator; a zero-width or a no-break space) in bash's `$'…'`, each
    written as an id shows it (`escaped`: `$'DS\\n01'`, `$'DS\\u202801'`, `$'DS\\u200b01'`; beyond U+FFFF as bash
    writes it, `\\U000e0001`; a byte that is not UTF-8, in a name read with `surrogateescape`, as that byte, `\\x80`),
    so that the command stays on one line and types the id as it is, as bash and zsh read it back (bash in a UTF-8
    locale: in `C` it keeps a `\\u0085` as it is)."""
    if holds_unseen(text):
        return "$'" + escaped(text.replace("\\", "\\\\").replace("'", "\\'"), _as_bash) + "'"
    if not text or _SHELL_SPECIAL.search(text) is not None:
        return "'" + text.replace("'", "'\\''") + "'"
    return text


def path_in_prose(path: str) -> str:
    """A file's path inside a sentence: as it is where a shell takes it as one word (`shell_word`), else set apart as
    code (`` `/tmp/next year (draft).yaml` ``: code in markdown, in backticks in text), so that its spaces do not run
    into the sentence's words."""
    return path if shell_word(path) == path else md_code(path)


@dataclass(frozen=True)
class Said:
    """A sentence in English and in Chinese: what a finding says to the person who reads it (a policy officer
    running `policy check`, a caseworker running `policy eval`), in the language of `--lang`."""

    en: str
    zh: str
    # the name or key the sentence is about, kept as data for code to read rather than its words: a finding's
    # (C001 `unknown name `x``, L004 ``is missing `value` ``, H002 `` `birth_date` is missing ``) the name unknown or
    # the key missing; a help's (``keys are written in English: write `value` …``) the key it tells to write
    subject: str | None = field(default=None, compare=False, kw_only=True)
    # of a help: it says what to write, or what a whole file needs, for every record of its problem alike, so that
    # `policy batch`'s summary gives it with the problem's example (`Diagnostic.summarized`)
    summarized: bool = field(default=False, compare=False, kw_only=True)

    def in_lang(self, lang: str) -> str:
        """The sentence as a reader of `lang` reads it."""
        return self.zh if lang == "zh" else self.en


NAME_MAX, _PATH_MAX = 255, 4096  # bytes: the longest name and path Linux filesystems take (ENAMETOOLONG beyond)


def too_long(path: Path | str, beside: str = "") -> tuple[Said, Said]:
    """What the system refused in a path it called too long (ENAMETOOLONG), and what to give instead (`a shorter
    path …`): the first name in it longer than a file or folder name may be, else the whole path, else (a
    filesystem with a lower limit) a name in it. Said by every command of a path it cannot use, --db and -o alike.
    `beside`: what is added to the file's name for a file kept beside it (SQLite's `-journal`), when that file's
    name is the one too long."""
    text = str(path)
    if beside and bytes_long(Path(text).name) <= NAME_MAX < bytes_long(Path(text).name + beside):
        return _too_long_beside(Path(text), beside)
    for name in Path(text).parts:
        size = bytes_long(name)
        if size > NAME_MAX:
            shown = f"`{name[:12]}…`"
            return (Said(f"the name {shown} is {size:,} bytes long, more than the {NAME_MAX} a file or folder name "
                         "may be", f"名字 {shown} 长 {size:,} 字节，超过了文件名或文件夹名最多 {NAME_MAX} 字节的限制"),
                    Said("a shorter file or folder name", "短一些的文件名或文件夹名"))
    size = bytes_long(text)
    shorter = Said("a shorter path (a folder nearer the top, or shorter folder names)",
                   "短一些的路径（层级浅一些的文件夹，或短一些的文件夹名）")
    if size > _PATH_MAX:
        return (Said(f"the path is {size:,} bytes long, more than the {_PATH_MAX:,} the system allows",
                     f"路径长 {size:,} 字节，超过了系统允许的最多 {_PATH_MAX:,} 字节"), shorter)
    return (Said("a name in the path is longer than its filesystem allows", "路径中有名字超过了所在文件系统允许的长度"),
            shorter)


def _too_long_beside(path: Path, beside: str) -> tuple[Said, Said]:
    """`too_long` of a file name that fits, but not with what is added to it for a file beside it; a file there
    (a register made by an earlier version, or renamed) is opened only once renamed, said with the command to."""
    name = path.name
    size, room, shown = bytes_long(name), bytes_long(beside), f"`{name[:12]}…`"
    shorter = Said(f"a file name of at most {NAME_MAX - room} bytes ({room} shorter, for `{beside}`)",
                   f"不超过 {NAME_MAX - room} 字节的文件名（为 `{beside}` 短 {room} 字节）")
    if path.is_file():
        rename = md_code(f"mv {shell_word(str(path))} {shell_word(str(_renamed_to_fit(path, NAME_MAX - room)))}")
        shorter = Said(f"{shorter.en}: to open the file there, rename it first, then give its new name: {rename}",
                       f"{shorter.zh}；要打开这个文件，请先给它改名，再给出新名字：{rename}")
    return (Said(f"the name {shown} is {size:,} bytes long: with the `{beside}` SQLite adds to it for a file beside "
                 f"it, more than the {NAME_MAX} a file name may be",
                 f"名字 {shown} 长 {size:,} 字节：加上 SQLite 为旁边的文件添加的 `{beside}`，超过了文件名最多 "
                 f"{NAME_MAX} 字节的限制"),
            shorter)


def _renamed_to_fit(path: Path, size: int) -> Path:
    """`path` with its name cut, on a character before its suffix (`.sqlite3`), to at most `size` bytes and to a
    name no file in its folder has: where to rename a file whose name is too long to be opened."""
    suffix = path.suffix if bytes_long(path.suffix) < size else ""
    stem = path.name[:len(path.name) - len(suffix)]
    renamed = path
    while stem and (bytes_long(renamed.name) > size or renamed.exists()):
        stem = stem[:-1]
        renamed = path.with_name(stem + suffix)
    return renamed


def bytes_long(name: str) -> int:
    """How many bytes the system counts in a name or a path (a byte not UTF-8, read with `surrogateescape`, as one)."""
    return len(name.encode("utf-8", "surrogateescape"))


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a policy or a household, located where it happened.

    `message` and `help` are English, as JSON output and the errors files give them; `zh` holds the
    Chinese of both (every finding about a policy or a household has it), for text read by people."""

    code: str
    message: str
    span: Span | None = None
    severity: Severity = "error"
    help: str | None = None
    path: str | None = None  # the JSON path of a finding about household input: `members[1].birth_date`
    source_file: str | None = field(default=None, compare=False)
    member: str | None = None  # the id of the member the path goes through, if it has one
    zh: tuple[str, str | None] | None = field(default=None, compare=False)  # (message, help) in Chinese
    # with `source_file` naming a row rather than a span (a CSV table's, `members.csv:8`; a JSON line as a whole,
    # `households.jsonl:17`): that row's line, kept as data for the errors file's `line`
    row: int | None = field(default=None, compare=False)
    # of a text given where a date is wanted (H002 `"2026/3/1" is not a date`): that text, kept as data for the run's
    # summary to tell the dates a spreadsheet wrote (`engine.batch.problems`)
    not_a_date: str | None = field(default=None, compare=False)
    # of a household finding whose help names another field of the household (H006: its `date`), that field's path,
    # whose line `HouseholdError.located` adds to the help where the household's text is known
    names: tuple[str | int, ...] | None = field(default=None, compare=False)
    # the name or key the finding is about (its message's `Said.subject`: C001 `unknown name `x`` → `x`), for code
    # to tell findings by, not by their words; not in JSON output, so not read back from an errors file
    subject: str | None = field(default=None, compare=False)
    # of a finding about a cell of a member's or a line's row of CSV tables (`source_file`: `members.csv:8`): the
    # cell's column as the file's header writes it (`扶养人`, read as `supporter` by `--rename-column`), which names
    # the finding's place in the table where its JSON path (`members[1].supporter`) names none (`in_table`); empty
    # for one about the row as a whole (a line given twice), placed at the row alone (`in_row`)
    header: str | None = field(default=None, compare=False)
    # of a value refused as none of a field's that is a word of them saved in GBK and read as UTF-8 (`Ů`, `女` in
    # GBK): that word, whose help says so for the file `source_file` names (`household_input.told_in_gbk`)
    gbk: str | None = field(default=None, compare=False)
    # of a finding with `gbk`: the word was read as Latin-1 by a tool and written again as UTF-8 (`Å®` is `女`), which
    # no conversion of the file mends, not read as UTF-8
    latin1: bool = field(default=False, compare=False)
    # its help says what to write, or what a whole file needs, for every record of its problem (`Said.summarized`):
    # `policy batch`'s summary gives it after the problem's example (`engine.batch.problems`)
    summarized: bool = field(default=False, compare=False)
    # of a finding placed at a byte that is not UTF-8 (L001, H001): its line is shown as GB18030 reads it
    # (`line_read_as_gbk`), which `render` says after the message where it shows the line, and nothing else does
    gbk_shown: bool = field(default=False, compare=False)

    @classmethod
    def said(cls, code: str, message: Said, span: Span | None = None, help: Said | None = None,
             **more: Any) -> Diagnostic:
        """A finding worded in both languages, about its message's subject; summarized where its help is."""
        more.setdefault("summarized", help is not None and help.summarized)
        return cls(code, message.en, span, help=help.en if help is not None else None,
                   zh=(message.zh, help.zh if help is not None else None), subject=message.subject, **more)

    def in_lang(self, lang: str) -> Diagnostic:
        """The finding as people read it in `lang`: in Chinese where it has the words (else as it is)."""
        if lang != "zh" or self.zh is None:
            return self
        message, help = self.zh
        return replace(self, message=message, help=help if help is not None or self.help is None else self.help)

    @property
    def shown_path(self) -> str | None:
        """The path as people read it: paths count from 0, so the member it goes through is named by its id too,
        `members[1] (p2).birth_date`."""
        if self.path is None or self.member is None or not self.path.startswith("members["):
            return self.path
        cut = self.path.index("]") + 1
        return f"{self.path[:cut]} ({member_shown(self.member)}){self.path[cut:]}"

    def place_in(self, lang: str) -> str:
        """Where the finding is, as its line begins, in `lang`: its span, or the row `source_file` names, then its
        path (`household.json:8:53: members[1] (p2).birth_date`); a cell of CSV tables by its row and column instead
        (`members.csv:8 (p2), column `birth_date``, `households.csv:5, column `存款` (assets.deposits)`, `in_row`)."""
        place = str(self.span) if self.span is not None else self.source_file
        if self.header is not None and place is not None:
            field = household_cell(self.path, self.subject) or field_of(self.path)
            return in_row(place, self.member, self.header or None, field).in_lang(lang)
        return ": ".join(part for part in (place, self.shown_path_in(lang)) if part)

    def shown_path_in(self, lang: str) -> str | None:
        """`shown_path` as said in `lang` (Chinese where the finding has it): `整户` for the whole household."""
        if self.path != WHOLE_HOUSEHOLD:
            return self.shown_path
        return _WORDS["zh" if lang == "zh" and self.zh is not None else "en"][WHOLE_HOUSEHOLD]

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return (self.source_file or "", 0, 0, self.code)
        return (self.span.file, self.span.line, self.span.column, self.code)

    def to_json(self, chinese: bool = False) -> dict[str, object]:
        """The finding as JSON (English); with `chinese`, its Chinese too, as `zh` (`message`, `help`)."""
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
        if self.span is not None:
            out.update(
                file=self.span.file,
                line=self.span.line,
                column=self.span.column,
                end_line=self.span.end_line,
                end_column=self.span.end_column,
            )
        elif self.source_file is not None:
            out["file"] = self.source_file
        if self.path is not None:
            out["path"] = self.path
        if self.member is not None:
            out["member"] = self.member
        if self.header:
            out["header"] = self.header
        if self.help is not None:
            out["help"] = self.help
        if chinese and self.zh is not None:
            message, help = self.zh
            out["zh"] = {"message": message, **({"help": help} if help is not None else {})}
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], record: str | None = None) -> Diagnostic:
        """The diagnostic `to_json` wrote (an errors file's line, read back to be shown; `record`: its entry's
        `source`). One placed at a member's or a line's row as a whole (`Diagnostic.header` empty, which JSON leaves
        out) is so again: its `file` names another row than the record's, with no column, and its path is the whole
        member or line (`members[1]`, `income[0]`)."""
        span = Span(data["file"], data["line"], data["column"], data["end_line"], data["end_column"]) \
            if data.get("column") is not None and "end_line" in data else None  # (a CSV row's has a line alone)
        zh = data.get("zh")
        file, path, header = data.get("file"), data.get("path"), data.get("header")
        if header is None and span is None and record is not None and file not in (None, record) \
                and data.get("line") is not None and _WHOLE_ENTRY.fullmatch(path or ""):
            header = ""
        return cls(data["code"], data["message"], span, data.get("severity", "error"), data.get("help"),
                   path, file if span is None else None, data.get("member"),
                   (zh["message"], zh.get("help")) if isinstance(zh, dict) and "message" in zh else None,
                   header=header)


def record_entry(source: str, line: int | None, household: Any, diagnostics: Iterable[Diagnostic], row: int | None,
                 chinese: bool = True) -> dict[str, Any]:
    """A household's record as a line of a file of findings writes it (`policy batch`'s errors file, `policy diff
    --warnings`, and the bad records of `policy diff --format json`): its `source`, the `line` of that file it starts
    on (`engine.batch.readers.line_in_source`), its `household` id and its findings, each `written_at` its place."""
    return {"source": source, "line": line, "household": household,
            "diagnostics": [written_at(d, source, row, chinese) for d in diagnostics]}


def written_at(diagnostic: Diagnostic, source: str, row: int | None, chinese: bool = True) -> dict[str, Any]:
    """A finding about a household as a line of a file of findings writes it (`policy batch`'s errors file, `policy
    diff --warnings`), with `file`, `line` and `column` always there: a finding placed by a row (`Diagnostic.row`: of
    a CSV table, `members.csv:8`) or by a record whose `source` names its line (`row`: `households.csv:5`,
    `households.jsonl:17`) has that line and no column (null); one placed by a record that names no line (Parquet's
    `in.parquet[row 6]`) neither. `chinese`: with its words in Chinese too (`zh`), as the files give them."""
    written = diagnostic.to_json(chinese=chinese)
    if diagnostic.span is not None:
        return written
    line = diagnostic.row
    if line is None and diagnostic.source_file == source:  # about the record as a whole
        line = row
    place = {"file": diagnostic.source_file, "line": line, "column": None}
    out: dict[str, Any] = {}
    for key, value in written.items():
        if key != "file":
            out[key] = value
        if key == "message":
            out.update(place)
    return out


def of_household(household: str, d: Diagnostic) -> Diagnostic:
    """A finding said of the household it stopped: `household H-1: …`, `家庭 H-1：…` (in the message, so its place
    and path still open the line, as `policy eval` places them); an id that holds a line break quoted, on the line
    (`id_shown`)."""
    zh, shown = d.in_lang("zh"), id_shown(household)
    return replace(d, message=f"household {shown}: {d.message}",
                   zh=(f"家庭 {shown}：{zh.message}", d.zh[1]) if d.zh is not None else None)


def at_record(d: Diagnostic, source: str, placed: bool = False) -> Diagnostic:
    """A finding about the policy or a rule, at the record it stopped (`source`: `households.jsonl:17`), in both
    languages (`placed`: with the place of the rule)."""
    zh = d.in_lang("zh")
    where = (f" (rule at {d.span})", f"（规则位于 {d.span}）") if placed and d.span else ("", "")
    help = None if d.help is None else Said(d.help, zh.help or d.help)
    return Diagnostic.said(d.code, Said(f"{d.message}{where[0]}", f"{zh.message}{where[1]}"), None, help=help,
                           source_file=source)


class PolicyError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic found so far."""

    def __init__(self, diagnostics: Iterable[Diagnostic], unchecked: bool = False):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        # a policy file whose rules were not checked, for these mistakes stop it before (`policy check` says so)
        self.unchecked = unchecked
        super().__init__("\n".join(d.message for d in self.diagnostics))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (Chinese) characters take two."""
    return sum(map(_char_width, text))


def is_wide(ch: str) -> bool:
    """Whether a terminal gives `ch` two columns (a Chinese character, a full-width sign)."""
    return unicodedata.east_asian_width(ch) in "WF"


def _char_width(ch: str) -> int:
    return 2 if is_wide(ch) else 1


# How a tab is shown in a source line: one column, as the diagnostic counts it, and visible, since a tab is
# often the mistake and would look like a space.
TAB_SHOWN = "→"

# A source line wider than this is shown as a window around the mistake, cut with `…`.
MAX_SHOWN = 160
_BEFORE = 40  # columns kept before the mistake in a window


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of a long line shown around characters [start, end), and where they fall in it."""
    if display_width(text) <= MAX_SHOWN:
        return text, start, end
    left, width = start, 0  # the window grows a character at a time: a long line costs its length, no more
    while left > 0 and width + _char_width(text[left - 1]) <= _BEFORE:
        left -= 1
        width += _char_width(text[left])
    right = start
    while right < len(text) and width + _char_width(text[right]) <= MAX_SHOWN - 2:
        width += _char_width(text[right])
        right += 1
    head = "…" if left > 0 else ""
    shown = head + text[left:right] + ("…" if right < len(text) else "")
    return shown, start - left + len(head), max(start, min(end, right)) - left + len(head)


def _unseen_escaped(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A source line with each character a line cannot show in it written escaped, as an id is (`escaped`: a
    zero-width space as `\\u200b`, a terminal's escape as `\\u001b`, a line separator as `\\u2028`), and where
    characters [start, end) fall in it: the caret stands under what it underlined, not as many columns to the left
    as the escapes add before it."""
    if text.isprintable():
        return text, start, end

    def moved(at: int) -> int:
        return at + len(escaped(text[:at])) - len(text[:at])

    return escaped(text), moved(start), moved(end)


_WORDS = {"en": {"error": "error", "warning": "warning", "help": "help: ", "rule at": " (rule at {})",
                 "help of places": "help (for all {} above): ", WHOLE_HOUSEHOLD: WHOLE_HOUSEHOLD,
                 "shown as GBK": " (shown below as GB18030 reads it)"},
          "zh": {"error": "错误", "warning": "警告", "help": "提示：", "rule at": "（规则位于 {}）",
                 "help of places": "提示（以上 {} 处）：", WHOLE_HOUSEHOLD: "整户",
                 "shown as GBK": "（下面按 GB18030 显示）"}}


def id_shown(given: str) -> str:
    """An id (a household's, a member's) as a line shows it: as it is, else quoted as JSON writes it where it holds
    what is not printed as a letter is, each character a line cannot show escaped (`json_quoted`): `"C:\\new"`, read
    from `"C:\\new"` with a line break, which would break the line; `"DS\\u200b01"`, whose zero-width space no one
    would see, and `"DS\\u00a001"`, whose no-break space would be retyped as an ordinary one; `"户　01"` as it is, its
    full-width space seen between the quotes."""
    return given if given.isprintable() else json_quoted(given)


def json_quoted(text: str) -> str:
    """A text quoted as JSON writes it, with each other character a line cannot show (`_UNSEEN_KINDS`) written as an
    escape too (a DEL, a C1 control, a line separator, a zero-width or a no-break space: `"p\\u007f3"`, `"DS\\u202801"`,
    `"DS\\u200b01"`): JSON leaves each as it is, and a line breaks where it is, or shows nothing or a plain space."""
    return escaped(json.dumps(text, ensure_ascii=False))


def member_shown(member: str) -> str:
    """A member's id as a place names it (`members[1] (p2)`): quoted where it holds what cannot be shown, cut where
    long."""
    shown = id_shown(member)
    return shown if len(shown) <= _LONGEST_ID else shown[:_LONGEST_ID - 1] + "…"


def in_table(row: str, member: str | None, header: str, field: str | None = None) -> Said:
    """A value of a household read from CSV tables, named where its reader finds it: its row (`members.csv:8`), the
    id of the member whose row it is, and its column as the file's header writes it, with the input it is read as
    where that is another name (`--rename-column 扶养人=supporter`): `members.csv:8 (p2), column `扶养人` (supporter)`,
    `lines.csv:97, column `amount``, `households.csv:5, column `存款` (assets.deposits)`."""
    whose = f"{row} ({member_shown(member)})" if member is not None else row
    column = in_column(header, field)
    return Said(f"{whose}, {column.en}", f"{whose} 的 {column.zh}")


def in_column(header: str, field: str | None = None) -> Said:
    """A column of CSV tables as the file's header writes it, with the input it is read as where that is another
    name: `column `存款` (assets.deposits)` (`in_table`, of a row said before it)."""
    read_as = field if field is not None and field != header else None
    return Said(f"column `{header}`" + (f" ({read_as})" if read_as else ""),
                f"`{header}` 列" + (f"（{read_as}）" if read_as else ""))


def in_row(row: str, member: str | None, header: str | None, field: str | None = None) -> Said:
    """`in_table`, or where the value is a member's or a line's row as a whole (`header` None), the row and the
    member's id: `members.csv:8 (p2)`."""
    if header is not None:
        return in_table(row, member, header, field)
    whose = f"{row} ({member_shown(member)})" if member is not None else row
    return Said(whose, whose)


def cell_of(path: str, entries: Iterable[str], headers: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Where the value at `path` of a household read from CSV tables is: the member or line among `entries` (JSON
    paths, `members[1]`, `income[0]`) whose row holds it, None for a row of households.csv; and its column as the
    file's header writes it (`headers`: JSON paths, indices left out, → the headers `--rename-column` renamed), None
    for the member's or line's row as a whole."""
    for entry in entries:
        if path == entry or path.startswith((entry + ".", entry + "[")):
            field = path[len(entry) + 1:] if path.startswith(entry + ".") else None
            return entry, headers.get(INDEX.sub("[]", path), field) if field is not None else None
    return None, headers.get(INDEX.sub("[]", path), path) if path else None


def household_cell(path: str | None, subject: str | None = None) -> str | None:
    """The input a finding about a household read from CSV tables is about, where that is a cell of the household's
    own row of households.csv: its path (`assets.deposits`), or the field its message names in the group at its path
    (`housing`, `` `safety_grade` is empty `` → `housing.safety_grade`); None for a member's, a line's, or the
    household as a whole (`members`: it has none)."""
    if not path or INDEX.search(path) or path.partition(".")[0] in _LISTS:
        return None
    if subject and "." not in path:  # a group, or the household (`(the household)`): the field its message names
        cell = key_path(path, subject)
        return cell if cell.partition(".")[0] not in _LISTS else None
    return path if path != WHOLE_HOUSEHOLD else None


def key_path(path: str | None, key: str) -> str:
    """The path of `key` in what a finding at `path` is about, which names it missing or empty: `members[0].id`,
    `housing.safety_grade`; the household's own, `date` (at `(the household)`)."""
    return key if not path or path == WHOLE_HOUSEHOLD else f"{path}.{key}"


def in_files_column(header: str) -> Said:
    """What a finding about a cell under a header `--rename-column` renamed says after its message, where its place
    names the input it is read as (`assets.deposits`): the header as the file writes it."""
    return Said(f", in the file's column `{header}`", f"，在文件中的 `{header}` 列")


def field_of(path: str | None) -> str | None:
    """The input a path ends in, its column in CSV tables: `members[1].supporter` → `supporter`; none for a whole
    member or line (`members[1]`)."""
    if not path or path.endswith("]"):
        return None
    return path.rsplit("].", 1)[1] if "]." in path else path


def _said_in(d: Diagnostic, lang: str) -> tuple[Diagnostic, dict[str, str]]:
    """The finding in `lang` and the words around it (`error`, `help:`), in one language: Chinese only where
    the finding has its Chinese."""
    return d.in_lang(lang), _WORDS["zh" if lang == "zh" and d.zh is not None else "en"]


def rule_failure(d: Diagnostic, lang: str = "en") -> str:
    """A rule that could not be computed for a household, on one line after the household's name:
    `error[E001]: division by zero (4,200.00 / 0.00) (rule at policy/x.yaml:311:15)`."""
    d, words = _said_in(d, lang)
    return headline(d, lang) + (words["rule at"].format(d.span) if d.span else "")


def finding_line(d: Diagnostic, lang: str = "en") -> str:
    """A finding about a household's data on one line after its place, with its help:
    `error[H002]: "户主" is not one of the allowed values — help: write `"head"` (户主)`."""
    d, words = _said_in(d, lang)
    return headline(d, lang) + (f" — {words['help']}{d.help}" if d.help else "")


def headline(diagnostic: Diagnostic, lang: str = "en") -> str:
    """What was found, without its place or help: `warning[H010]: type "medical", amount 3000: …`."""
    d, words = _said_in(diagnostic, lang)
    return f"{words[d.severity]}[{d.code}]: {d.message}"


def _column_said_once(d: Diagnostic) -> Diagnostic:
    """A finding whose place names its cell's column (`Diagnostic.header`), without the words after its message that
    name that column again (`in_files_column`)."""
    if d.header is None:
        return d
    said = in_files_column(d.header)
    return replace(d, message=d.message.removesuffix(said.en),
                   zh=(d.zh[0].removesuffix(said.zh), d.zh[1]) if d.zh is not None else None)


def found_at(diagnostic: Diagnostic, record: str, lang: str = "en") -> str:
    """Where a finding about a household is, as a report lists it before what it says: its line and column, else the
    row of CSV tables it is about (a member's, a line's) with its cell's column, in `lang`, as `render` places it
    (`members.csv:8 (p2), column `birth_date``, `Diagnostic.place_in`), else the household's `record`."""
    if diagnostic.span is not None:
        return str(diagnostic.span)
    if _by_cell(diagnostic):
        return diagnostic.place_in(lang)
    return diagnostic.source_file if diagnostic.source_file else record


def after_place(diagnostic: Diagnostic, lang: str = "en") -> tuple[str, Diagnostic]:
    """What a report says of a finding after `found_at` and before its headline: its path (`members[1]
    (p2).birth_date: `), none where its place names its row and column; and the finding, its column said no more
    where its place says it (`_column_said_once`)."""
    if _by_cell(diagnostic):
        return "", _column_said_once(diagnostic)
    path = diagnostic.shown_path_in(lang) if diagnostic.path else None
    return (f"{path}: " if path else ""), diagnostic


def _by_cell(diagnostic: Diagnostic) -> bool:
    """Whether a finding is placed by a row of CSV tables and its column (`Diagnostic.header`) rather than its path."""
    return diagnostic.span is None and diagnostic.header is not None and diagnostic.source_file is not None


def render(diagnostic: Diagnostic, source_lines: list[str] | None = None, lang: str = "en", places: int = 1) -> str:
    """Format a diagnostic as in DESIGN §10, with the source line underlined (in terminal columns); in
    Chinese (`lang` zh) where the finding has the words. `places`: how many findings, this one last, its help line
    is said for (`help_places`); none: it is said after a later one."""
    d, words = _said_in(diagnostic, lang)
    place = diagnostic.place_in(lang)
    span = d.span if d.span is not None and source_lines and 0 < d.span.line <= len(source_lines) else None
    lines = [(f"{place}: " if place else "") + headline(_column_said_once(diagnostic), lang)
             + (words["shown as GBK"] if span is not None and d.gbk_shown else "")]  # (only where its line is shown)
    if span is not None and source_lines:
        text = source_lines[span.line - 1].rstrip("\r\n").replace("\t", TAB_SHOWN)
        number = str(span.line)
        pad = " " * len(number)
        start = span.column - 1
        end = span.end_column - 1 if span.end_line == span.line else len(text)
        text, start, end = _window(*_unseen_escaped(text, start, end))
        caret = " " * display_width(text[:start]) + "^" * max(1, display_width(text[start:end]))
        lines.append(f"  {number} | {text}")
        lines.append(f"  {pad} | {caret}")
    if d.help and places:
        lines.append(f"  {words['help'] if places == 1 else words['help of places'].format(places)}{d.help}")
    return "\n".join(lines)


def help_places(diagnostics: Iterable[Diagnostic]) -> list[int]:
    """For each finding, how many its help line is said for: a name read in seven rules and declared nowhere is
    seven findings in a row, each its place and underline, with the one help after the last (7), none after the
    others (0); any other finding, its own (1). Findings in a row share it when their file, code, subject and help
    are the same."""
    def about(d: Diagnostic) -> tuple[object, ...] | None:
        return (d.span.file, d.code, d.subject, d.help, d.zh) if d.subject is not None and d.span and d.help else None

    places: list[int] = []
    kept = None
    for d in diagnostics:
        key = about(d)
        if key is not None and key == kept:
            places[-1:] = [0, places[-1] + 1]
        else:
            places.append(1)
        kept = key
    return places
