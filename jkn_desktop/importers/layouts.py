"""Rows that are not residents in Dukcapil's Buku Induk Penduduk (BIP) layouts and in templates:
household lines that give the No. KK and address of the members listed under them, column-number
rows under a header, and notes under the data. Pure functions over a row of cells."""

from __future__ import annotations

import re
from typing import Any

from jkn_desktop.importers import values as V
from jkn_desktop.importers.columns import normalize_header

# BIP 2016: "No. KK : 5202030102110012   Alamat : AIK DAREQ, Nama Dusun : -, RT/RW : 003/001"
_KK_LINE = re.compile(r"^\s*NO\.?\s*K\.?K\.?\s*:\s*([0-9][0-9 .\u00a0-]*)", re.I)
_ALAMAT = re.compile(r"ALAMAT\s*:\s*(.*)$", re.I)
_DUSUN = re.compile(r"(?:NAMA\s+)?DUSUN\s*:?\s*([^,]*)", re.I)
_RT_RW = re.compile(r"RT\s*/\s*RW\s*:?\s*([0-9-]+)\s*/\s*([0-9-]+)", re.I)
_RT = re.compile(r"\bRT\s*[:.]?\s*([0-9]{1,3})\b", re.I)
_RW = re.compile(r"\bRW\s*[:.]?\s*([0-9]{1,3})\b", re.I)
_COLUMN_NUMBER = re.compile(r"\(?\s*-?(\d{1,3})\s*\)?")
_NOISE = re.compile(r"^(?:-|KODE\s*POS\s*:?.*|RT\b.*|RW\b.*|(?:NAMA\s+)?DUSUN\s*:.*)$", re.I)


def _joined(cells: list[Any]) -> str:
    return " ".join(V.text(c) for c in cells if not V.is_blank(c))


def parse_address(text: str) -> dict[str, str]:
    """Address, dusun, RT and RW from one address text as Dukcapil prints it:
    "DUSUN KERANDANGAN, RT:001, RW:001, Kodepos:83355,-" or
    "AIK DAREQ, Nama Dusun : MERTAK PAOK, RT/RW : 005/-"."""
    found: dict[str, str] = {}
    m = _RT_RW.search(text)
    if m:
        rt, rw = m.group(1), m.group(2)
    else:
        rt = (_RT.search(text) or [None, ""])[1] or ""
        rw = (_RW.search(text) or [None, ""])[1] or ""
    if rt.strip("-"):
        found["rt"] = rt.strip("-").zfill(3)
    if rw.strip("-"):
        found["rw"] = rw.strip("-").zfill(3)
    d = _DUSUN.search(text)
    if d and d.group(1).strip(" -"):
        found["dusun"] = d.group(1).strip(" -").title()
    parts = [p.strip() for p in text.split(",")]
    kept = [p for p in parts if p and not _NOISE.match(p)]
    if kept:
        found["address"] = ", ".join(kept)
    return found


def household_line(cells: list[Any]) -> dict[str, str] | None:
    """The household of a BIP 2016 line ("No. KK : … Alamat : …"), or None for any other row."""
    line = _joined(cells)
    m = _KK_LINE.match(line)
    if not m:
        return None
    found: dict[str, str] = {"no_kk": re.sub(r"\D", "", m.group(1))}
    a = _ALAMAT.search(line)
    if a:
        found.update(parse_address(a.group(1)))
    return found


def household_block_columns(cells: list[Any]) -> dict[str, int] | None:
    """A BIP 2012 block header (NO.KK / NAMA.KK / ALAMAT, its values on the next row): the column
    of each, or None for any other row."""
    keys = {normalize_header(c): i for i, c in enumerate(cells) if not V.is_blank(c)}
    if "nokk" in keys and ("namakk" in keys or "alamat" in keys) and "nik" not in keys:
        return {k: keys[k] for k in ("nokk", "namakk", "alamat") if k in keys}
    return None


def household_block_values(cells: list[Any], columns: dict[str, int]) -> dict[str, str]:
    def at(key: str) -> str:
        i = columns.get(key)
        return V.text(cells[i]) if i is not None and i < len(cells) else ""

    found: dict[str, str] = {"no_kk": re.sub(r"[\s.\u00a0-]", "", at("nokk"))}
    found.update(parse_address(at("alamat")))
    return found


def is_column_numbers(cells: list[Any]) -> bool:
    """The row of column numbers printed under a header: (1) (2) (3) … or -1 -2 -3 …"""
    numbers: list[int] = []
    for c in cells:
        if V.is_blank(c):
            continue
        if isinstance(c, bool):
            return False
        if isinstance(c, int | float):
            if not float(c).is_integer():
                return False
            numbers.append(abs(int(c)))
            continue
        m = _COLUMN_NUMBER.fullmatch(str(c).strip())
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
