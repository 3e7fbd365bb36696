"""The error workbook: rejected and warned rows with their original values, plus the spreadsheet
row number, severity and message (no internal code: a user reads sentences), in a layout the
user can fix and import again (the extra columns are ignored by the importer)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jkn_desktop.exporters.xlsx import write_table
from jkn_desktop.importers.columns import detect_header
from jkn_desktop.importers.reader import read_sheet
from jkn_desktop.importers.values import PrecisionLost, exact_number_columns, identifier
from jkn_desktop.records.imports import RowIssue

EXTRA = ["BARIS ASAL", "TINGKAT", "PESAN"]
# the weight of a row's worst issue, in the words of the import's summary
LEVELS = {"error": "KESALAHAN (ditolak)", "warning": "PERINGATAN"}


def write_issue_workbook(
    source: Path,
    issues: Sequence[RowIssue],
    out: Path,
    *,
    sheet: str | None,
    header_row: int,
    text_fields: Sequence[str] = ("nik", "no_kk", "phone", "rt", "rw"),
    lookup: dict[str, str] | None = None,
) -> int:
    """``header_row`` is 1-based, as the import reported it."""
    raw = read_sheet(Path(source), sheet)
    header_cells = raw.rows[header_row - 1] if 0 < header_row <= len(raw.rows) else []
    width = max(len(header_cells), max((len(r) for r in raw.rows), default=0))
    headers = [
        str(header_cells[i]).strip()
        if i < len(header_cells) and header_cells[i] not in (None, "")
        else f"KOLOM {i + 1}"
        for i in range(width)
    ]
    by_row: dict[int, list[RowIssue]] = defaultdict(list)
    for issue in issues:
        by_row[issue.row].append(issue)
    match = detect_header(raw.rows, lookup=lookup)
    text_cols = [i for i, f in (match.columns if match else {}).items() if f in text_fields]
    exact = exact_number_columns(raw.rows[match.row + 1 :], text_cols) if match else set()
    rows = []
    for line in sorted(by_row):
        cells = list(raw.rows[line - 1]) if line - 1 < len(raw.rows) else []
        cells = (cells + [""] * len(headers))[: len(headers)]
        found = by_row[line]
        worst = LEVELS["error" if any(i.severity == "error" for i in found) else "warning"]
        rows.append(
            [
                *[_as_text(c, i in exact) if i in text_cols else c for i, c in enumerate(cells)],
                line,
                worst,
                " | ".join(f"{i.column}: {i.message}" for i in found),
            ]
        )
    write_table(Path(out), "Perlu diperbaiki", [*headers, *EXTRA], rows, text_columns=text_cols)
    return len(rows)


def _as_text(value: Any, exact: bool) -> Any:
    """Identifiers as text, except a number Excel already cut: it stays the number it is, so the
    operator retypes it instead of re-importing a wrong NIK that now looks right. ``exact``: the
    column's numbers were written by a program, so one ending in 0 is real (as the import said)."""
    try:
        return (
            identifier(value, exact_numbers=exact)
            if isinstance(value, float)
            else ("" if value is None else str(value))
        )
    except PrecisionLost:
        return value
