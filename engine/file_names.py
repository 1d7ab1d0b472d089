"""What a file's name says it holds, where that is a kind of file policy neither reads nor writes.

Input: a file name's suffix. Output: whether it names a spreadsheet (an Excel workbook among them)
or a document. Used to say so, for an input or an output, rather than read or write JSON under a
name that promises something else. Invariant: suffixes are compared in lower case.
"""

from __future__ import annotations

EXCEL = (".xlsx", ".xlsm", ".xls")
SPREADSHEETS = (*EXCEL, ".ods", ".numbers")
DOCUMENTS = (".html", ".htm", ".pdf", ".docx", ".doc", ".odt", ".rtf")
