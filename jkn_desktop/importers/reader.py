"""Read a sheet of cells from .xlsx/.xlsm/.xls/.ods (python-calamine) or .csv (comma, semicolon or
tab, sniffed; UTF-8 with or without BOM, or Windows-1252). Bad files become one Indonesian message."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jkn_desktop.errors import UserError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
SNIFF_LINES = 50
DELIMITERS = ",;\t"


class ImportFileError(UserError):
    """Nothing can be taken from the file; the database is untouched."""


@dataclass(frozen=True)
class RawSheet:
    path: Path
    name: str
    rows: list[list[Any]]
    sheet_names: list[str]
    kind: str  # "spreadsheet" or "csv"


def sheet_names(path: Path) -> list[str]:
    if path.suffix.lower() == ".csv":
        return [path.stem]
    return [str(n) for n in _open_workbook(path).sheet_names]


def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    if not path.exists():
        raise ImportFileError("FILE_NOT_FOUND", f"Berkas {path} tidak ditemukan.")
    head = path.read_bytes()[:8]
    if not head:
        raise ImportFileError("FILE_EMPTY", f"Berkas {path.name} kosong (0 bita).")
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types; all mean "cannot read this file"
        text = str(exc).lower()
        if (
            "password" in text
            or "encrypt" in text
            or (head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() in {".xlsx", ".xlsm"})
        ):
            raise ImportFileError(
                "FILE_PROTECTED",
                f"Berkas {path.name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                "(File → Info → Lindungi Buku Kerja), simpan, lalu impor lagi.",
            ) from exc
        raise ImportFileError(
            "FILE_UNREADABLE",
            f"Berkas {path.name} bukan lembar kerja yang bisa dibaca (rusak, terpotong, atau bukan "
            "berkas Excel/ODS/CSV). Buka di Excel lalu simpan ulang sebagai .xlsx.",
        ) from exc


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def csv_delimiter(sample: str) -> str:
    """The separator of a CSV: csv.Sniffer's answer over the first lines, else the one of comma,
    semicolon and tab found most often outside quoted cells (ties go to the comma). Commas inside
    quoted names and addresses of a semicolon file never count."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # title rows above the header, or a single line: no consistent pattern
        return _count_outside_quotes(sample)


def _count_outside_quotes(sample: str) -> str:
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(DELIMITERS, key=counts.__getitem__)


def _read_csv(path: Path) -> RawSheet:
    if not path.exists():
        raise ImportFileError("FILE_NOT_FOUND", f"Berkas {path} tidak ditemukan.")
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError("FILE_EMPTY", f"Berkas {path.name} kosong.")
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            "FILE_UNREADABLE",
            f"Berkas {path.name} bukan teks CSV (mungkin gambar atau berkas lain yang diganti namanya).",
        )
    text = _decode(data)
    sample = "\n".join(text.splitlines()[:SNIFF_LINES])
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=csv_delimiter(sample))]
    return RawSheet(path, path.stem, rows, [path.stem], "csv")


def read_sheet(path: Path, sheet: str | None = None, *, pick: Any = None) -> RawSheet:
    """Read one sheet. Without ``sheet``, ``pick(rows) -> bool`` chooses the first sheet with a
    recognisable header (or the first sheet when no ``pick`` is given)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    wb = _open_workbook(path)
    names: list[str] = list(wb.sheet_names)
    if not names:
        raise ImportFileError("SHEET_NONE", f"Berkas {path.name} tidak berisi lembar kerja.")
    if sheet is not None:
        if sheet not in names:
            raise ImportFileError(
                "SHEET_NOT_FOUND",
                f"Lembar '{sheet}' tidak ada di {path.name}. Lembar yang ada: {', '.join(names)}.",
            )
        candidates = [sheet]
    else:
        candidates = names
    first: RawSheet | None = None
    for name in candidates:
        try:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise ImportFileError(
                "FILE_UNREADABLE", f"Lembar '{name}' di {path.name} tidak bisa dibaca ({exc})."
            ) from exc
        raw = RawSheet(path, name, [list(r) for r in rows], names, "spreadsheet")
        if first is None:
            first = raw
        if pick is None or pick(raw.rows):
            return raw
    assert first is not None
    return first
