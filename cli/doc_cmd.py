"""`policy doc`: a policy file rendered as a readable document (markdown, zh or en)."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import (
    DOCUMENTS,
    OK,
    SPREADSHEETS,
    USAGE,
    file_in_existing_folder,
    lang_option,
    not_an_input,
    print_diagnostics,
    refuse_suffix,
    say_written,
    stop_on_policy_errors,
    why_not_written,
    write_atomically,
)
from engine.diagnostics import Said, path_in_prose


@click.command("doc")
@click.argument("policy_file", metavar="POLICY.yaml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@lang_option
@click.option("-o", "--output", metavar="OUTPUT", type=click.Path(path_type=Path), callback=file_in_existing_folder,
              help="Write the document to this file (atomically) instead of standard output.")
def doc(policy_file: Path, lang: str | None, output: Path | None) -> None:
    """Render a policy as a readable markdown document, for auditors and officers.

    The document has the title, the effective window and the sources; the parameters as a
    table with their values, units, sources and "local value to confirm" marks; the household
    inputs; which income types are counted (and at what share) or not, and which expenses
    are rigid; the plausible range of each figure that declares one, with its hints; the
    definitions and indicators with their formulas; every category as numbered clauses (in
    plain words, with the rule and the citation beside each); abolished categories; the
    assistance measures by department; and the process deadlines.

    \b
    Examples:
      policy doc policy/post-transition.yaml --lang en
      policy doc policy/2024-transition.yaml --lang zh -o 过渡期政策.md

    Exit codes: 0 written, 2 the policy has errors (each one located) or the file cannot be written.
    """
    from cli.common import default_lang
    from engine.diagnostics import PolicyError, shell_word, source_lines
    from engine.document import policy_markdown
    from engine.policy_cache import load_policy_file

    lang = lang or default_lang()
    not_an_input(output, (policy_file,), "'-o' / '--output'")
    if output is not None:
        markdown = output.with_suffix(".md").name
        convert = f"`pandoc {shell_word(markdown)} -o {shell_word(output.name)}`"
        named = path_in_prose(markdown)  # in the sentence, as the command takes it as one shell word
        refuse_suffix(output, DOCUMENTS + SPREADSHEETS, Said(f"a `{output.suffix}` document",
                                                             f"`{output.suffix}` 文档"),
                      Said(f"the document is markdown: name it {named} (e.g. {convert} converts it)",
                           f"文档是 markdown 格式，请把它命名为 {named}（可用 {convert} 等命令转换）"))
    try:
        policy, warnings = load_policy_file(policy_file)
    except PolicyError as error:
        stop_on_policy_errors(error, lang, Said("no document was written", "没有写出文档"))
    print_diagnostics(warnings, source_lines, lang=lang)
    text = policy_markdown(policy, lang)
    if output is None:
        click.echo(text, nl=False)
        raise SystemExit(OK)
    try:
        write_atomically(output, text)
    except OSError as error:
        why = why_not_written(error, output)
        click.echo(f"{output}: 错误：无法写入文档：{why.zh}" if lang == "zh" else
                   f"{output}: error: cannot write the document: {why.en}", err=True)
        raise SystemExit(USAGE) from None
    say_written(output, lang)
    raise SystemExit(OK)
