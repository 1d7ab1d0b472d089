"""Citations: every `source:` of a policy names a declared source and an article in it (each document of one
that names several, parted by `;`, is checked on its own).

Input: a `Checker` (its policy, and `locate` for the span of each `source:` value). Output: C010
for a citation whose first word is no source declared under `policy.sources` (with the fix for a source
cited by its `cited_as` or `title` instead of its id, each article written in full where it is the start of one the
source lists; a forgotten space, the source of an article cited without it — the article in full where it is
the start of one —, a close id, or where to declare it — first, for an id that differs from a declared one in its
digits alone, as another year's or number's document does), C015 (a warning) for one that names no article.
Of a source that says how its articles read (`articles`): C016 (a warning) for an entry no citation
names — most likely a slip in the article's text — and C011 for an article cited without the wording
the entries give in a language, once per article, at its first citation (with the listed article it most likely
means: the same written otherwise, the one it is the start of, a close one, or one with a character mistyped).
C019 (a warning) for a rule explanations show with nothing cited for it.
Invariant: a citation repeated by the option of a single-form measure is reported once, at the measure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from engine.checker.hints import did_you_mean, listed, suggested
from engine.checker.inference import Checker, Path
from engine.diagnostics import Said, Span
from engine.model import cited_documents, cited_parts
from engine.spelling import a_typed_slip, closest, only_digits_differ

_ID_CHARACTER = re.compile(r"[A-Za-z0-9_.-]")  # of a source id (the schema's pattern)
# A mark typed between a source's id and its article in place of the space (`doc，附件1`, `doc：附件1`).
_PARTING_MARK = re.compile(r"\s*[，：、,:]\s*")
_NUMBERS = re.compile(r"[0-9一二三四五六七八九十百零〇]+")  # of an article: `附件1`, `第十二条`


def check_sources(checker: Checker) -> None:
    """Report citations of undeclared sources (C010) and citations without an article (C015)."""
    known = {s.id for s in checker.policy.meta.sources}
    for citation, span in _citations(checker):
        words = citation.split()
        first = words[0] if words else citation
        if first not in known:
            glued = next((s for s in sorted(known, key=len, reverse=True)  # `doc附件1`: the space forgotten
                          if first.startswith(s) and not _ID_CHARACTER.match(first[len(s):])), None)
            declared = Said(f"; declared: {listed(sorted(known))}",
                            f"；已声明的出处有：{listed(sorted(known), 'zh')}") if known else Said("", "")
            mark = _PARTING_MARK.match(citation, len(glued)) if glued else None  # `doc，附件1`: the mark for the space
            spaced = f"`{glued} {citation[mark.end() if mark else len(glued):]}`" if glued else ""
            close = closest(first, sorted(known))
            owner, named = _owner(checker, citation), _named(checker, citation)
            if named is not None:  # `大政发〔2024〕47号 附件1`: the document as explanations name it, not its id
                name, source_id = named
                written = f"`{(source_id + ' ' + _in_full(checker, source_id, citation[len(name):])).strip()}`"
                name = citation[:len(name)]  # as the citation writes it: `大政发[2024]47号`
                hint = Said(f"`{name}` is how `{source_id}` is named: a citation starts with the source's id, "
                            f"write {written}", f"`{name}` 是出处 `{source_id}` 的名称：引用时请写出处编号：{written}")
            elif owner is not None:  # `附件3`: an article of a declared source, the source id left out
                (source_id, begun), article = owner, citation.split(" / ")[0].strip()
                written = f"{source_id} {_in_full(checker, source_id, citation)}"
                hint = (Said(f"`{article}` is an article of `{source_id}`: write the source id first, `{written}`",
                             f"`{article}` 是出处 `{source_id}` 的条文：请先写出处编号，再空一格写条文：`{written}`")
                        if begun is None else  # `二、2`: the start of one it lists, as C011 tells it once cited
                        Said(f"`{article}` is the start of the article `{begun}` of `{source_id}`: "
                             f"{did_you_mean(written)}",
                             f"`{article}` 是出处 `{source_id}` 的条文 `{begun}` 的开头："
                             f"{did_you_mean(written, 'zh')}"))
            elif glued and mark is not None:
                typed = mark.group().strip()
                hint = Said(f"write a space, not `{typed}`, between the source and the article: {spaced}",
                            f"出处和条文之间请用一个空格，不用 `{typed}`：{spaced}")
            elif glued:
                hint = Said(f"put a space between the source and the article: {spaced}",
                            f"请在出处和条文之间加一个空格：{spaced}")
            elif close is not None and not only_digits_differ(first, close):
                hint = Said(did_you_mean(close), did_you_mean(close, "zh"))
            elif close is not None:  # `dsz-2025-01` beside `dsz-2024-47`: another year's document, most likely
                hint = Said(f"declare it under `policy.sources`; if it is a typo, {did_you_mean(close)}",
                            f"请在 `policy.sources` 下声明这个出处；如果是笔误，{did_you_mean(close, 'zh')}")
            else:
                hint = Said(f"declare it under `policy.sources`{declared.en}",
                            f"请在 `policy.sources` 下声明这个出处{declared.zh}")
            checker.error("C010", Said(f"unknown source `{first}`", f"未知出处 `{first}`"), span, hint)
        elif len(words) == 1:
            checker.warning("C015", Said(f"the citation `{first}` names no article",
                                         f"出处 `{first}` 没有写明具体条文"), span,
                            Said(f"write the article after the source id and a space, e.g. `{first} 附件1`",
                                 f"请在出处编号后空一格，写上条文，例如 `{first} 附件1`"))


def check_uncited(checker: Checker) -> None:
    """Report the rules an explanation shows with no article to point to (C019, a warning), in a policy that
    cites most of its rules, where one left out is most likely forgotten: a parameter, a definition or
    indicator, a category with a clause cited neither by itself nor by the category, a measure likewise (a
    clause or option without its own `source:` is covered by its category's or measure's), an income or
    expense type, an abolished category. A draft or a
    test policy that cites little is not told so rule by rule."""
    p = checker.policy
    rules: list[tuple[Said, Path, Span, bool]] = []  # (what, where, span, cited)
    for name, param in p.parameters.items():
        rules.append((Said(f"parameter `{name}`", f"参数 `{name}`"), ("parameters", name), param.span,
                      bool(param.source)))
    for name, d in p.definitions.items():
        section = "indicators" if d.indicator else "definitions"
        what = Said(f"{section[:-1]} `{name}`", f"{'指标' if d.indicator else '定义'} `{name}`")
        rules.append((what, (section, name), d.span, bool(d.source)))
    for i, category in enumerate(p.categories):
        cited = bool(category.source) or all(clause.source for clause in category.clauses)
        rules.append((Said(f"category `{category.id}`", f"类别 `{category.id}`"), ("categories", i, "id"),
                      category.span, cited))
    for i, measure in enumerate(p.assistance):
        cited = bool(measure.source) or all(option.source for option in measure.options)
        rules.append((Said(f"measure `{measure.id}`", f"救助措施 `{measure.id}`"), ("assistance", i, "id"),
                      measure.span, cited))
    for name, kind in p.income.items():  # the accounting an explanation shows, line by line
        rules.append((Said(f"income type `{name}`", f"收入类型 `{name}`"), ("income", name), kind.span,
                      bool(kind.source)))
    for name, expense in p.expenses.items():
        rules.append((Said(f"expense type `{name}`", f"支出类型 `{name}`"), ("expenses", name), expense.span,
                      bool(expense.source)))
    for i, gone in enumerate(p.abolished):  # `policy diff` names the article that abolished it
        rules.append((Said(f"abolished category `{gone.id}`", f"已取消的类别 `{gone.id}`"), ("abolished", i, "id"),
                      gone.span, bool(gone.source)))
    uncited = [r for r in rules if not r[3]]
    if not p.meta.sources or len(uncited) * 2 >= len(rules):
        return
    example = f"`source: {p.meta.sources[0].id} 附件1`"
    hint = Said(f"add the article it comes from, e.g. {example}", f"请注明它依据的条文，例如 {example}")
    others = len(rules) - len(uncited)
    for what, path, span, _ in uncited:
        checker.warning("C019", Said(f"{what.en} cites no article, unlike the other {others} rules of "
                                     "this file: its explanations cannot say where it comes from",
                                     f"{what.zh} 没有注明依据的条文，而本文件其他 {others} 条规则都注明了："
                                     "解释它时无法说明依据"),
                        checker.at(path, span, key=len(path) == 2), hint)


def check_articles(checker: Checker) -> None:
    """Report `articles` entries no citation names (C016) and cited articles left without wording (C011)."""
    cited: dict[str, dict[str, Span]] = {}  # source id → article → its first citation
    for citation, span in _citations(checker):
        for document, part in _articles(citation):
            cited.setdefault(document, {}).setdefault(part, span)
    # an entry that could not be built (a schema mistake) still cites what it cites: no C016 for those articles
    unbuilt = {(document, part) for citation in checker.unread_citations for each in cited_documents(citation)
               for document, part in _articles(each)}
    declared = {source.id for source in checker.policy.meta.sources}
    # the articles of a citation whose source is unknown (C010) may be meant for any source: no C016 for them
    astray = {part for document, parts in cited.items() if document not in declared for part in parts}
    for i, source in enumerate(checker.policy.meta.sources):
        if not source.articles:
            continue
        named = cited.get(source.id, {})
        wordings = dict(source.articles)
        unworded = [part for part in named if part not in wordings]  # what a slip in an entry most likely meant
        for written, _ in source.articles:
            if written in named or written in astray or (source.id, written) in unbuilt:
                continue
            # an entry for an article worded already is only a slip of it when it is that article written
            # otherwise (full-width, spaced): `附件4` is not a slip of `附件3`
            again = [part for part in named if _normalised(part) == _normalised(written)]
            hint = (Said("an entry holds one article: a citation separates its articles with ` / `",
                         "一个条目只写一条条文：引用多条条文时用 ` / ` 分隔") if " / " in written
                    else suggested(written, unworded) or suggested(written, again)
                    or Said(f"remove the entry, or cite the article as `{source.id} {written}`",
                            f"请删去这个条目，或按 `{source.id} {written}` 引用这条条文"))
            checker.warning("C016", Said(f"no citation names the article `{written}` of `{source.id}`",
                                         f"没有任何引用提到 `{source.id}` 的条文 `{written}`"),
                            checker.at(("policy", "sources", i, "articles", written), None, key=True),
                            hint)
        languages = [lang for lang in ("zh", "en") if any(getattr(w, lang) for w in wordings.values())]
        for part, span in named.items():
            wording = wordings.get(part)
            parted = _parted(part, list(wordings)) if wording is None else None
            # a slip in this citation: the article other citations name, in full-width characters or with other
            # spaces (an entry no citation names is the slip itself, C016 above)
            meant = next((w for w in wordings if w in named and _folded(w) == _folded(part)),
                         None) if wording is None else None
            if wording is None and meant is None:  # or the one listed article it is the start of: `二、2`
                meant = _begun(part, list(wordings))
            if wording is None and meant is None:
                # or a declared article no citation names, close to this one (`第五条` declared, `第六条` cited):
                # one of the two is a slip, and C016 above asks the same of the declaration
                meant = closest(part, [w for w in wordings if w not in named and _folded(w) != _folded(part)])
            if wording is None and meant is None:  # or a declared article with a character mistyped
                meant = _mistyped(part, list(wordings))
            # `附件9` where the entries list `附件1` to `附件4`: those of its kind, for a slip in the citation (not
            # where an entry is this article written otherwise, the entry's slip: C016 above)
            kin = [] if wording is not None or meant is not None or any(_folded(w) == _folded(part) for w in wordings) \
                else _of_its_kind(part, list(wordings))
            for lang in languages:
                if wording is None or getattr(wording, lang) is None:
                    entry = f"`{part}: {{{lang}: …}}`"
                    add = Said(f"add {entry} under `articles` of source `{source.id}`; until then "
                               f"{'Chinese' if lang == 'zh' else 'English'} explanations show it as written",
                               f"请在出处 `{source.id}` 的 `articles` 下加上 {entry}；在此之前，"
                               f"{'中文' if lang == 'zh' else '英文'}解释中照原样显示它")
                    hint = add
                    if parted is not None:  # `二、1 统一核算标准/附件1`: two listed articles, not one to list
                        written = f"`{source.id} {parted}`"
                        hint = Said(f"the articles of a citation are parted by ` / `, a space on each side: write "
                                    f"{written}", f"一处引用的各条条文之间用 ` / ` 分隔，两边各空一格：请写 {written}")
                    elif meant is not None:
                        hint = Said(f"{did_you_mean(meant)} If `{part}` is an article of the document, {add.en}",
                                    f"{did_you_mean(meant, 'zh')}如果 `{part}` 确是文件中的条文，{add.zh}")
                    elif kin:
                        hint = Said(f"`{source.id}` lists {listed(kin)}: if `{part}` is a slip, write one of them; "
                                    f"if it is an article of the document, {add.en}",
                                    f"`{source.id}` 列出的有 {listed(kin, 'zh')}：如果 `{part}` 是笔误，"
                                    f"请改为其中之一；如果它确是文件中的条文，{add.zh}")
                    message = (Said(f"the article `{part}` is not among the `articles` of `{source.id}`: it has no "
                                    f"`{lang}` wording",
                                    f"条文 `{part}` 不在 `{source.id}` 的 `articles` 中：它没有 `{lang}` 的文字")
                               if wording is None else
                               Said(f"the article `{part}` of `{source.id}` has no `{lang}` wording",
                                    f"`{source.id}` 的条文 `{part}` 没有 `{lang}` 的文字"))
                    checker.warning("C011", message, span, hint)


def _owner(checker: Checker, citation: str) -> tuple[str, str | None] | None:
    """The declared source whose `articles` list the article a citation starts with, written without its source, and
    None; or else the one that lists one article it is the start of (`二、2`), and that article."""
    first = citation.split(" / ")[0]
    sources = checker.policy.meta.sources
    whole = next((source.id for source in sources
                  if any(_normalised(written) == _normalised(first) for written, _ in source.articles)), None)
    if whole is not None:
        return whole, None
    return next(((source.id, begun) for source in sources
                 if (begun := _begun(first, [written for written, _ in source.articles])) is not None), None)


def _named(checker: Checker, citation: str) -> tuple[str, str] | None:
    """The longest name of a declared source (how citations name it, `cited_as`, or its `title`) the citation
    starts with, its brackets written in any common spelling and a space after it or not, and that source's id."""
    names = [(name.strip(), source.id) for source in checker.policy.meta.sources
             for name in (source.cited_as.zh if source.cited_as else None,
                          source.cited_as.en if source.cited_as else None, source.title.zh, source.title.en)
             if name and name.strip()]
    cited = citation.translate(_BRACKETS)
    return next(((name, source_id) for name, source_id in sorted(names, key=lambda n: -len(n[0]))
                 if cited.startswith(name.translate(_BRACKETS))
                 and not (_WORD.match(name[-1]) and _WORD.match(cited[len(name):len(name) + 1]))), None)


# The brackets a document's number is written in, in any of its common spellings (`[2024]`, `（2024）`, `【2024】`),
# as the one `〔2024〕` they stand for: each one character for one, so that a name keeps its length.
_WORD = re.compile(r"[A-Za-z0-9]")  # a name that ends in one, followed by one, is part of a longer word
_BRACKETS = str.maketrans("[（(【［]）)】］", "〔〔〔〔〔〕〕〕〕〕")


def _in_full(checker: Checker, source_id: str, articles: str) -> str:
    """The articles of a citation (parted by ` / `), each the start of one article the source lists written as that
    one (`二、2` as `二、2 健全帮扶政策体系`), the others as cited."""
    source = next(s for s in checker.policy.meta.sources if s.id == source_id)
    listed = [written for written, _ in source.articles]
    parts = [part.strip() for part in articles.split(" / ")] if articles.strip() else []
    return " / ".join(part if any(_folded(w) == _folded(part) for w in listed) else _begun(part, listed) or part
                      for part in parts)


def _begun(article: str, articles: list[str]) -> str | None:
    """The one of `articles` that `article` is the start of, its number whole (`二、2` of `二、2 健全帮扶政策体系`, but
    `附件1` not of `附件10`); none where it starts several (`二、1` of three)."""
    start = _folded(article)
    found = [a for a in articles if (whole := _folded(a)).startswith(start) and len(whole) > len(start)
             and not _NUMBERS.match(whole[len(start):])]
    return found[0] if len(found) == 1 else None


# What parts articles run together where a citation writes ` / `: a slash without its spaces, or a comma.
_RUN_TOGETHER = re.compile(r"\s*[/／,，]\s*")


def _parted(article: str, articles: list[str]) -> str | None:
    """`article` as the listed `articles` it runs together (`二、1 统一核算标准/附件1`, `附件1 附件2`), parted as a
    citation parts them (`二、1 统一核算标准 / 附件1`); None unless each part is one of them (a part between marks may
    be the start of one)."""
    found: list[str] = []
    for chunk in _RUN_TOGETHER.split(article):
        whole = _listed(chunk, articles) or _begun(chunk, articles)
        words, start = chunk.split(), 0
        while whole is None and start < len(words):  # `附件1 附件2`: the longest listed article from each word on
            ends = [(end, a) for end in range(len(words), start, -1)
                    if (a := _listed(" ".join(words[start:end]), articles)) is not None]
            if not ends:
                return None
            start = ends[0][0]
            found.append(ends[0][1])
        if whole is not None:
            found.append(whole)
    return " / ".join(found) if len(found) > 1 else None


def _listed(article: str, articles: list[str]) -> str | None:
    """The one of `articles` that `article` is, written otherwise or not (full-width, spaced)."""
    return next((a for a in articles if _folded(a) == _folded(article)), None)


def _of_its_kind(article: str, articles: list[str]) -> list[str]:
    """The articles written as `article` is but for their numbers (`附件1`, `附件2` for `附件9`; `第五条` for
    `第六条`), in the order listed."""
    return [a for a in articles if _kind(a) == _kind(article)]


def _kind(article: str) -> str:
    """An article as written but for its numbers: `附件#` for `附件9`."""
    return _NUMBERS.sub("#", _folded(article))


def _mistyped(article: str, articles: list[str]) -> str | None:
    """The one of `articles` that `article` is with a character mistyped (`spelling.a_typed_slip`: `二、2 健全帮扶体系`
    for `二、2 健全帮扶政策体系`); not one that differs in its numbers alone, another article of the document most
    likely, and none where several are as close."""
    found = [a for a in articles if a_typed_slip(_folded(article), _folded(a)) and _kind(a) != _kind(article)]
    return found[0] if len(found) == 1 else None


def _folded(article: str) -> str:
    """An article as compared for slips: full-width characters as their ASCII forms, no spaces."""
    return "".join(unicodedata.normalize("NFKC", article).split())


def _articles(document: str) -> list[tuple[str, str]]:
    """The source id and each article (parted by ` / `) of one document's part of a citation."""
    source, _, article = document.partition(" ")
    return [(source, part.strip()) for part in article.split(" / ")] if article.strip() else []


def _citations(checker: Checker) -> Iterator[tuple[str, Span]]:
    """Each document's part of every citation (a citation of several documents parts them with `;`), with the
    span of its `source:`, or of that part where the citation names several."""
    for citation, path, fallback in _sources(checker):
        span = checker.at(path, fallback)
        parts = cited_parts(citation)
        for document, start in parts:
            yield document, checker.within(path, start, start + len(document), span) if len(parts) > 1 else span


def _sources(checker: Checker) -> Iterator[tuple[str, Path, Span]]:
    """Every citation, with the path of its `source:` and the span of what it is the source of."""
    p = checker.policy
    for section, table in (("parameters", p.parameters), ("income", p.income), ("expenses", p.expenses)):
        for name, item in table.items():
            if item.source:
                yield item.source, (section, name, "source"), item.span
    for name, d in p.definitions.items():
        if d.source:
            yield d.source, ("indicators" if d.indicator else "definitions", name, "source"), d.span
    for i, category in enumerate(p.categories):
        if category.source:
            yield category.source, ("categories", i, "source"), category.span
        for j, clause in enumerate(category.clauses):
            if clause.source:
                yield clause.source, ("categories", i, "when", j, "source"), clause.span
    for i, gone in enumerate(p.abolished):
        if gone.source:
            yield gone.source, ("abolished", i, "source"), gone.span
    for i, measure in enumerate(p.assistance):
        if measure.source:
            yield measure.source, ("assistance", i, "source"), measure.span
        for j, option in enumerate(measure.options):
            if option.source and option.source != measure.source:  # a single-form measure repeats its own
                yield option.source, ("assistance", i, "options", j, "source"), option.span
    if p.process is not None and p.process.source:
        yield p.process.source, ("process", "source"), p.process.span


def _normalised(article: str) -> str:
    """An article as written whatever its width and spacing: `附件 １` and `附件1` are one article."""
    return unicodedata.normalize("NFKC", article).replace(" ", "")
