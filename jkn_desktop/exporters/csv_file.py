"""CSV written by the program: every text stays text in a spreadsheet, never a formula.

A CSV cell has no type: Excel and LibreOffice read each field as if typed, so "=HYPERLINK(…)",
"+SUM(1,1)", "-2+3" or "@SUM(1)" would run. A text that begins with one of those signs (or with a
tab or a carriage return, which some programs drop before reading on) is written after a single
quote, the mark a person types in a cell to say "this is text" (OWASP, "CSV Injection"). Numbers
are written as numbers, a negative one included; a NIK or a No. KK (digits only) and an ordinary
name are written as they are; a phone number "+62…" gets the quote and stays readable. A text
that already begins with quotes before such a sign gets one more, so :func:`unguarded` gives back
exactly what was written. docs/decisions.md, "Every text cell we write is text".
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from jkn_desktop.domain.cell_text import LEADS
from jkn_desktop.exporters.tempfiles import temp_beside
from jkn_desktop.exporters.xlsx import writing
from jkn_desktop.paths import private_file

QUOTE = "'"
DELIMITER = ";"  # Excel in an Indonesian locale splits on ";" (the decimal mark is ",")


def _guarded(text: str) -> bool:
    return text.lstrip(QUOTE)[:1] in LEADS


def csv_cell(value: Any) -> str:
    """One field as written: nothing for ``None``, 1/0 for a boolean, a number as itself, a date
    as YYYY-MM-DD, a text after a single quote when a spreadsheet could read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return QUOTE + text if _guarded(text) else text


def unguarded(field: str) -> str:
    """The text a field of ours stands for (the quote we added removed)."""
    return field[1:] if field[:1] == QUOTE and _guarded(field) else field


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``headers`` and ``rows`` to ``path`` (UTF-8 with a byte-order mark, so Excel reads
    the letters right; ";" between fields); an earlier file stays whole until the new one is.
    Returns the number of rows written."""
    path = Path(path)
    count = 0
    with writing(path), temp_beside(path) as tmp:
        private_file(tmp)  # the user's alone from its first byte (README, "Privacy")
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, delimiter=DELIMITER)
            out.writerow([csv_cell(h) for h in headers])
            for row in rows:
                out.writerow([csv_cell(v) for v in row])
                count += 1
        tmp.replace(path)
    return count
