"""Parse a participant list (the monthly PBI list from Dinas Sosial, or a BPJS list): the same
forgiving reader as the resident import, its own column names. Pure: matching to residents is the
service's job (services/pbi_import.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.names import clean_name, clean_text, has_letter
from jkn_desktop.domain.nik import nik_is_sound, validate_nik
from jkn_desktop.importers import values as V
from jkn_desktop.importers.columns import HeaderMatch, detect_header, make_lookup, normalize_header
from jkn_desktop.importers.file_dates import list_period
from jkn_desktop.importers.reader import ImportFileError, read_sheet
from jkn_desktop.importers.resident_cells import Memo, text_flagged
from jkn_desktop.importers.resident_sheet import repeats_header
from jkn_desktop.records.imports import RowIssue

SYNONYMS: dict[str, tuple[str, ...]] = {
    "card_no": (
        "noka",
        "nokartu",
        "nomorkartu",
        "nokartujkn",
        "nokartubpjs",
        "nobpjs",
        "nomorbpjs",
        "nokis",
        "nokartukis",
        "nopeserta",
        "nomorpeserta",
        "nokartupeserta",
        "noasuransi",
    ),
    "nik": ("nik", "nonik", "nomornik", "nomorindukkependudukan", "nikpeserta"),
    "name": (
        "nama",
        "namapeserta",
        "namalengkap",
        "namaanggota",
        "namaanggotakeluarga",
        "namapenerima",
    ),
    "birth_date": ("tgllahir", "tanggallahir", "tgllhr", "tgllahirpeserta"),
    "address": ("alamat", "alamatpeserta", "alamatlengkap"),
    "segment": (
        "segmen",
        "segmenpeserta",
        "jenispeserta",
        "jeniskepesertaan",
        "kepesertaan",
        "segmentasi",
    ),
    "status": ("status", "statuspeserta", "statuskepesertaan", "statusaktif", "keteranganaktif"),
    "kelas": ("kelas", "kelasrawat", "hakkelas"),
    "fktp": ("fktp", "faskes", "kodefaskes", "faskestk1", "faskestingkat1", "kodefktp"),
    "no_kk": ("nokk", "nomorkk", "nomorkartukeluarga"),
    "sex": ("jk", "lp", "jeniskelamin", "kelamin", "sex"),
}
LABELS = {
    "card_no": "No. kartu JKN",
    "nik": "NIK",
    "name": "Nama",
    "birth_date": "Tanggal lahir",
    "address": "Alamat",
    "segment": "Segmen",
    "status": "Status",
    "kelas": "Kelas",
    "fktp": "FKTP",
    "no_kk": "No. KK",
    "sex": "Jenis kelamin",
}
LOOKUP = make_lookup(SYNONYMS)


@dataclass
class ListRow:
    line: int
    raw: list[Any]
    nik: str = ""  # "" when missing or unusable (cut by Excel, malformed)
    name: str = ""
    birth_date: dt.date | None = None
    card_no: str = ""
    address: str = ""
    segment: str | None = None
    status: str | None = None
    kelas: int | None = None
    fktp: str = ""
    issues: list[RowIssue] = field(default_factory=list)
    # filled by the matcher
    resident_id: int | None = None
    match: str = ""  # nik / name / confirmed / ambiguous / none / duplicate
    candidates: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    def add(self, column: str, code: str, severity: str, message: str) -> None:
        self.issues.append(RowIssue(self.line, column, code, severity, message))


@dataclass
class ParsedList:
    path: Path
    sheet: str
    match: HeaderMatch
    rows: list[ListRow]
    skipped_lines: list[int]
    period_in_file: str | None = None  # "YYYY-MM" from the title rows or the file name

    @property
    def header_row(self) -> int:
        return self.match.row + 1


def _date_or_error(value: Any) -> dt.date | ValueError | None:
    try:
        return V.parse_date(value)
    except ValueError as exc:
        return exc


class _Cells:
    """A list's cells converted once per distinct text (dates, addresses, health centres repeat
    down a list; see resident_cells.Memo), and the day each birth date is judged against."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.date = Memo(_date_or_error)
        self.address = Memo(lambda value: clean_text(V.text(value)))
        self.fktp = Memo(V.text)
        self.flag = Memo(text_flagged)  # a name or address like a formula: NAME_SUSPICIOUS
        self.implausible: dict[dt.date, tuple[str, str] | None] = {}

    def implausible_birth(self, born: dt.date) -> tuple[str, str] | None:
        if born not in self.implausible:
            self.implausible[born] = V.implausible_birth(born, self.today)
        return self.implausible[born]


def _has_header(rows: list[list[Any]]) -> bool:
    m = detect_header(rows, lookup=LOOKUP)
    return m is not None and bool(m.fields & {"nik", "name"})


def parse_list(path: Path, sheet: str | None = None, *, today: dt.date | None = None) -> ParsedList:
    today = today or dt.date.today()
    raw = read_sheet(Path(path), sheet, pick=_has_header)
    match = detect_header(raw.rows, lookup=LOOKUP)
    if match is None:
        raise ImportFileError(
            "HEADER_NOT_FOUND", sheet=raw.name, name=Path(path).name, columns="NIK, NAMA, NOKA"
        )
    if not match.fields & {"nik", "name"}:
        raise ImportFileError("NIK_COLUMN_MISSING.list", sheet=raw.name)
    col = {f: match.headers[i] or LABELS[f] for i, f in match.columns.items()}
    header_norm = [normalize_header(h) for h in match.headers]
    first = next((i for i, h in enumerate(header_norm) if h), 0)
    nik_columns = [i for i, f in match.columns.items() if f == "nik"]
    exact_nik = bool(V.exact_number_columns(raw.rows[match.row + 1 :], nik_columns))
    rows: list[ListRow] = []
    skipped: list[int] = []
    memo = _Cells(today)
    for idx in range(match.row + 1, len(raw.rows)):
        cells = raw.rows[idx]
        if all(V.is_blank(c) for c in cells):
            continue
        if repeats_header(cells, header_norm, first):
            continue
        cell = {f: cells[i] if i < len(cells) else None for i, f in match.columns.items()}
        if V.is_blank(cell.get("nik")) and V.is_blank(cell.get("name")):
            skipped.append(idx + 1)
            continue
        rows.append(_row(idx + 1, cells, cell, col, today, exact_nik, memo))
    period = list_period(raw.rows[: match.row], Path(path).name)
    return ParsedList(Path(path), raw.name, match, rows, skipped, period)


def _row(
    line: int,
    cells: list[Any],
    cell: dict[str, Any],
    col: dict[str, str],
    today: dt.date,
    exact_nik: bool = False,
    memo: _Cells | None = None,
) -> ListRow:
    """One participant; ``exact_nik``: the NIK column's numbers were written by a program;
    ``memo`` the list's conversions remembered."""
    memo = memo or _Cells(today)
    row = ListRow(line, cells)
    row.name = clean_name(V.text(cell.get("name")))
    if row.name and not has_letter(row.name):
        row.add(
            col["name"],
            "NAME_INVALID",
            "warning",
            f"Nama '{row.name}' tidak berisi huruf; peserta ini dicocokkan lewat NIK saja.",
        )
        row.name = ""
    elif (flag := memo.flag(cell.get("name"))) is not None:
        row.add(col["name"], *flag)
    if "nik" in cell and not V.is_blank(cell["nik"]):
        try:
            nik = V.identifier(cell["nik"], exact_numbers=exact_nik)
        except V.PrecisionLost:
            row.add(
                col["nik"],
                "NIK_PRECISION_LOST",
                "warning",
                "NIK tersimpan sebagai angka sehingga angka terakhirnya hilang; dicocokkan "
                "lewat nama dan tanggal lahir. Minta Dinsos mengirim kolom NIK sebagai Teks.",
            )
        else:
            errors = []
            if not nik_is_sound(nik, today):  # the many sound ones need no full check
                errors = [i.message for i in validate_nik(nik, today=today) if i.is_error]
            if errors:
                row.add(
                    col["nik"],
                    "NIK_FORMAT",
                    "warning",
                    f"{errors[0]} Peserta ini dicocokkan lewat nama dan tanggal lahir.",
                )
            else:
                row.nik = nik
    if "birth_date" in cell and not V.is_blank(cell["birth_date"]):
        born = memo.date(cell["birth_date"])
        if not isinstance(born, ValueError):
            row.birth_date = born
        else:
            row.add(
                col["birth_date"],
                "BIRTHDATE_INVALID",
                "warning",
                f"Tanggal lahir '{V.text(cell['birth_date'])}' tidak terbaca.",
            )
        if (
            row.birth_date is not None
            and (problem := memo.implausible_birth(row.birth_date)) is not None
        ):
            row.add(
                col["birth_date"],
                problem[0],
                "warning",
                f"{problem[1]} Tanggal lahir ini tidak dipakai untuk mencocokkan.",
            )
            row.birth_date = None
    if not row.nik and not row.name:
        row.add(
            col.get("name", "Nama"),
            "NAME_MISSING",
            "error",
            "Baris tanpa NIK yang sah dan tanpa nama tidak bisa dicocokkan.",
        )
    if "card_no" in cell and not V.is_blank(cell["card_no"]):
        row.card_no = J.clean_card_no(cell["card_no"])
        if not J.card_no_valid(row.card_no):
            row.add(
                col["card_no"],
                "CARD_FORMAT",
                "warning",
                f"Nomor kartu '{V.text(cell['card_no'])}' bukan 13 angka; tidak disimpan.",
            )
            row.card_no = ""
    row.address = memo.address(cell.get("address"))
    if row.address and (flag := memo.flag(cell.get("address"))) is not None:
        row.add(col["address"], *flag)
    if "segment" in cell and not V.is_blank(cell["segment"]):
        row.segment = J.parse_segment(cell["segment"])
        if row.segment is None:
            row.add(
                col["segment"],
                "CODE_UNKNOWN",
                "warning",
                f"Segmen '{V.text(cell['segment'])}' tidak dikenal; dipakai segmen daftar ini.",
            )
    if "status" in cell and not V.is_blank(cell["status"]):
        row.status = J.parse_status(cell["status"])
        if row.status is None:
            row.add(
                col["status"],
                "CODE_UNKNOWN",
                "warning",
                f"Status '{V.text(cell['status'])}' tidak dikenal; dianggap aktif karena ada di daftar.",
            )
    if "kelas" in cell and not V.is_blank(cell["kelas"]):
        digits = "".join(ch for ch in V.text(cell["kelas"]) if ch.isdigit())
        row.kelas = int(digits) if digits in ("1", "2", "3") else None
    row.fktp = memo.fktp(cell.get("fktp"))
    return row
