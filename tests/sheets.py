"""Spreadsheets written by the tests themselves (never committed binaries)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def sheet(path: Path, rows: list[list[object]]) -> Path:
    """One worksheet with ``rows`` as they are, saved to ``path``."""
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def text_sheet(path: Path, rows: list[list[object]]) -> Path:
    """One worksheet whose text cells are text whatever they begin with ("=…" too, as in a
    village's file that holds such names), control characters written as Excel itself writes them
    (``_x000D_``)."""
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, str):
                cell._value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
                cell.data_type = "s"
            else:
                cell.value = value
    wb.save(path)
    return path
