"""CSV that people open in a spreadsheet: one rule for every CSV `policy` writes.

Excel and WPS on Chinese Windows read a CSV file without a byte-order mark in the system's code page (GBK), so
its Chinese comes out garbled when the file is double-clicked; with the UTF-8 byte-order mark at its start they
read it as UTF-8. So every CSV output starts with the mark — `policy batch --format csv`, `policy monitor alerts`
and `reassess --format csv` — and every CSV reader of the project skips it (`utf-8-sig`), as most tools do.
"""

from __future__ import annotations

BOM = "\ufeff"  # the UTF-8 byte-order mark, as text; b"\xef\xbb\xbf" once encoded


def for_spreadsheets(text: str) -> str:
    """The text of a whole CSV output (its header first) as spreadsheets read it: with the byte-order mark."""
    return BOM + text
