"""Read a resident sheet: its header found (and what a column headed just "STATUS" holds), RT, RW
and dusun taken from the title rows, the rows that are not residents skipped (BIP household lines
and blocks, a repeated header, column numbers, notes under the data) and every other row checked
by resident_rows.py. Also the preview the wizard shows before the mapping step."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.importers import values as V
from jkn_desktop.importers.columns import (
    LABELS,
    HeaderMatch,
    apply_mapping,
    detect_header,
    normalize_header,
)
from jkn_desktop.importers.file_dates import file_date
from jkn_desktop.importers.layouts import (
    household_block_columns,
    household_block_values,
    household_line,
    is_column_numbers,
)
from jkn_desktop.importers.reader import ImportFileError, RawSheet, read_sheet
from jkn_desktop.importers.resident_cells import Sheet
from jkn_desktop.importers.resident_rows import ParsedRow, mark_duplicates, mark_heads, parse_row
from jkn_desktop.records.imports import SheetPreview

Progress = Callable[[int, int], None]
_TITLE_AREA = re.compile(
    r"\b(RT|RW)\s*[.:]?\s*(\d{1,3})\b|\bDUSUN\s+([A-Z][A-Z .'-]*?)(?=\s+(?:DESA|KEL|KEC|RT|RW)\b|$)",
    re.I,
)


def _has_header(rows: list[list[Any]]) -> bool:
    match = detect_header(rows)
    return match is not None and "nik" in match.fields


def _title_defaults(rows: list[list[Any]], header_row: int) -> dict[str, str]:
    """RT, RW and dusun written in the title rows ("DATA PENDUDUK RT 02 RW 03 DUSUN TLOGO")."""
    found: dict[str, str] = {}
    for r in rows[:header_row]:
        line = " ".join(V.text(c) for c in r if not V.is_blank(c))
        for m in _TITLE_AREA.finditer(line):
            if m.group(1):
                found.setdefault(m.group(1).lower(), m.group(2).zfill(3))
            elif m.group(3):
                found.setdefault("dusun", m.group(3).strip().title())
    return found


@dataclass
class ParsedSheet:
    path: Path
    sheet: str
    match: HeaderMatch
    rows: list[ParsedRow]
    skipped_lines: list[int] = field(default_factory=list)  # lines with no NIK, No. KK or name
    column_count: int = 0
    file_date: dt.date | None = None  # the day the file speaks for, from its title rows or name

    @property
    def header_row(self) -> int:
        return self.match.row + 1

    @property
    def mapping(self) -> dict[str, str]:
        return {self.match.headers[i]: LABELS[f] for i, f in self.match.columns.items()}


def _status_holds_marital(match: HeaderMatch, rows: list[list[Any]]) -> None:
    """A column headed just "STATUS" is status dasar in SIAK but marital status in the BIP 2012
    layout: decide by its values."""
    idx = next(
        (
            i
            for i, f in match.columns.items()
            if f == "status_dasar" and normalize_header(match.headers[i]) == "status"
        ),
        None,
    )
    if idx is None or "marital_status" in match.fields:
        return
    marital = dasar = 0
    kawin = codes.status_kawin()
    for cells in rows[match.row + 1 : match.row + 500]:
        value = cells[idx] if idx < len(cells) else None
        if V.is_blank(value) or isinstance(value, int | float):
            continue
        if kawin.lookup(V.text(value)) is not None:
            marital += 1
        elif V.is_status_word(value):
            dasar += 1
    if marital > dasar:
        match.columns[idx] = "marital_status"


def _exact_number_fields(body: list[list[Any]], match: HeaderMatch) -> frozenset[str]:
    """NIK / No. KK columns holding numbers a program wrote, decided for the whole column: a NIK
    ending in 0 is then real, not Excel's cut."""
    ids = [i for i, f in match.columns.items() if f in ("nik", "no_kk")]
    return frozenset(match.columns[i] for i in V.exact_number_columns(body, ids))


def repeats_header(cells: list[Any], header_norm: list[str], first: int) -> bool:
    """The header again, further down (BIP lists repeat it under every household)."""
    if first >= len(cells) or not isinstance(cells[first], str):
        return False
    if normalize_header(cells[first]) != header_norm[first]:
        return False
    return [normalize_header(c) for c in cells[: len(header_norm)]] == header_norm


def _starts_with_kk(cells: list[Any]) -> bool:
    """Cheap test before the household-line parsers: the first filled cell begins with "No KK"."""
    for c in cells:
        if not V.is_blank(c):
            return (
                isinstance(c, str)
                and c.lstrip()[:1] in ("N", "n")
                and normalize_header(c[:12]).startswith("nokk")
            )
    return False


MappingHook = Callable[[list[str]], dict[int, str] | None]


def _header(path: Path, sheet: str | None) -> tuple[RawSheet, HeaderMatch]:
    raw = read_sheet(Path(path), sheet, pick=_has_header)
    match = detect_header(raw.rows)
    if match is None:
        raise ImportFileError(
            "HEADER_NOT_FOUND", sheet=raw.name, name=Path(path).name, columns="NIK, NAMA, NO KK"
        )
    return raw, match


def inspect_sheet(path: Path, sheet: str | None = None, sample_rows: int = 8) -> SheetPreview:
    raw, match = _header(path, sheet)
    _status_holds_marital(match, raw.rows)
    sample = [
        list(r)
        for r in raw.rows[match.row + 1 : match.row + 1 + sample_rows * 3]
        if not all(V.is_blank(c) for c in r)
    ][:sample_rows]
    return SheetPreview(
        raw.name, raw.sheet_names, match.row + 1, list(match.headers), dict(match.columns), sample
    )


def parse_resident_sheet(
    path: Path,
    sheet: str | None = None,
    *,
    mapping: dict[int, str] | MappingHook | None = None,
    region_known: Callable[[str], bool] | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ParsedSheet:
    """Read the sheet and check every row; raises ImportFileError when nothing can be taken.
    ``mapping`` (column index → field; a column left out is not used) replaces the recognised
    columns; given as a function it is asked with the header texts (a remembered mapping)."""
    today = today or dt.date.today()
    raw, match = _header(path, sheet)
    chosen = mapping(list(match.headers)) if callable(mapping) else mapping
    if chosen is not None:
        match = apply_mapping(match, chosen)
    else:
        _status_holds_marital(match, raw.rows)
    if "nik" not in match.fields:
        found = ", ".join(LABELS[f] for f in sorted(match.fields)) or "tidak ada"
        raise ImportFileError("NIK_COLUMN_MISSING", sheet=raw.name, found=found)
    defaults = _title_defaults(raw.rows, match.row)
    header_norm = [normalize_header(h) for h in match.headers]
    first_header = next((i for i, h in enumerate(header_norm) if h), 0)
    columns = list(match.columns.items())
    labels = {f: match.headers[i] or LABELS.get(f, f) for i, f in columns}
    identity = [i for i, f in match.columns.items() if f in ("nik", "no_kk", "name")]
    exact = _exact_number_fields(raw.rows[match.row + 1 :], match)
    cells_of_sheet = Sheet(region_known, today, exact, columns)
    rows: list[ParsedRow] = []
    skipped: list[int] = []
    context: dict[str, str] = {}
    block: dict[str, int] | None = None
    total = len(raw.rows)
    # a row led by four ASCII digits in column A (a NIK, a No. KK) is a resident's: not blank,
    # no household line, no header again, no column numbers; when column A is the first
    # column headed and an identity column, and its heading is no number
    led = first_header == 0 and 0 in identity and not header_norm[0][:1].isdigit()
    for idx, cells in enumerate(raw.rows):
        if progress and idx % 2000 == 0:
            progress(idx, total * 2)
        lead = cells[0] if led and cells and block is None and idx > match.row else None
        if type(lead) is str and len(lead) > 3 and lead[:4].isdigit() and lead[:4].isascii():
            area = {} if context else defaults
            rows.append(parse_row(idx + 1, cells, columns, labels, area, context, cells_of_sheet))
            continue
        if all(V.is_blank(c) for c in cells):
            continue
        if block is not None:  # the values row under a BIP 2012 NO.KK / NAMA.KK / ALAMAT block
            context, block = household_block_values(cells, block), None
            continue
        if _starts_with_kk(cells):
            block = household_block_columns(cells)
            if block is None:
                context = household_line(cells) or context
            continue
        if idx <= match.row:
            continue
        if repeats_header(cells, header_norm, first_header):
            continue  # a header repeated further down the sheet
        if is_column_numbers(cells):
            continue
        line = idx + 1
        if all(V.is_blank(cells[i]) for i in identity if i < len(cells)):
            skipped.append(line)  # notes or totals under the data, not a resident
            continue
        # a BIP household line replaces what the title rows said about the area
        area = {} if context else defaults
        rows.append(parse_row(line, cells, columns, labels, area, context, cells_of_sheet))
    col = {f: match.headers[i] or LABELS[f] for i, f in match.columns.items()}
    mark_duplicates(rows, col["nik"])
    mark_heads(rows, col.get("shdk", LABELS["shdk"]) if "shdk" in match.fields else None)
    width = max((len(r) for r in raw.rows[: match.row + 1]), default=0)
    speaks_for = file_date(raw.rows[: match.row], Path(path).name)
    return ParsedSheet(Path(path), raw.name, match, rows, skipped, width, speaks_for)
