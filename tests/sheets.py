"""Spreadsheets written by the tests themselves (never committed binaries)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def sheet(path: Path, rows: list[list[object]]) -> Path:
    """One worksheet with ``rows`` as they are, saved to ``path``."""
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path
