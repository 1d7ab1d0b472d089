"""What a file's name says it holds, where that is a kind of file policy neither reads nor writes.

Input: a file name's suffix. Output: whether it names a spreadsheet (an Excel workbook among them,
said as which) or a document. Used to say so, for an input or an output, rather than read or write JSON under a
name that promises something else. Invariant: suffixes are compared in lower case.
"""

from __future__ import annotations

from pathlib import PurePath

from engine.diagnostics import Said

EXCEL = (".xlsx", ".xlsm", ".xls")
SPREADSHEETS = (*EXCEL, ".ods", ".numbers")
DOCUMENTS = (".html", ".htm", ".pdf", ".docx", ".doc", ".odt", ".rtf")
EXCEL_WORKBOOK = Said("an Excel workbook", "Excel 工作簿")


def spreadsheet(name: str | PurePath) -> Said | None:
    """What a file named as a spreadsheet is (`an Excel workbook`, `a spreadsheet`); None for any other name."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SPREADSHEETS:
        return None
    return EXCEL_WORKBOOK if suffix in EXCEL else Said("a spreadsheet", "电子表格")
