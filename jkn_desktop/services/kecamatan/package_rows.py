"""A village package's data sheets as the rows of the kecamatan's tables: columns found by their
header (formats 1, 2 and 3 differ in columns, never in a column's meaning), values converted to
what the tables hold. Every sheet is read once; the same rows feed the hash check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_STATUS_CODE = {label.upper(): code for code, label in codes.STATUS_DASAR.items()}


class BadCell(ValueError):
    """A value the village program would never have written (sheet, row, column, value)."""

    def __init__(self, sheet: str, row: int, column: str, value: Any) -> None:
        super().__init__(f"{sheet}!{row}:{column}")
        self.sheet, self.row, self.column, self.value = sheet, row, column, value


class CachedBook:
    """An open workbook whose sheets are read once, for the verification and the rows alike."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.path = book.path
        self.names = book.names
        self._rows: dict[str, list[list[Any]]] = {}

    def rows(self, name: str) -> list[list[Any]]:
        found = self._rows.get(name)
        if found is None:
            found = self._rows[name] = self.book.rows(name)
        return found


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip() if not isinstance(v, str) else v


def _int(v: Any) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not v.is_integer():
            raise ValueError(v)
        return int(v)
    return int(str(v).strip())


def _bool(v: Any) -> bool | None:
    n = _int(v)
    return None if n is None else bool(n)


def _flag(v: Any) -> bool:
    return bool(_int(v) or 0)


def _status(v: Any) -> int:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return int(v)
    text = str(v).strip().upper()
    if text.isdigit():
        return int(text)
    return _STATUS_CODE[text]


def _money(v: Any) -> int:
    n = _int(v)
    return 0 if n is None else n


def _date_parser() -> Callable[[Any], dt.date | None]:
    seen: dict[str, dt.date] = {}

    def parse(v: Any) -> dt.date | None:
        if v is None or v == "":
            return None
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        text = str(v)
        found = seen.get(text)
        if found is None:
            if not _DATE.match(text):
                raise ValueError(text)
            found = seen[text] = dt.date.fromisoformat(text[:10])
        return found

    return parse


# sheet → [(header in the package, column in the table, converter kind)]
_T, _I, _D, _B, _F, _S, _M, _N = "t", "i", "d", "b", "f", "s", "m", "n"
SHEETS: dict[str, list[tuple[str, str, str]]] = {
    "Keluarga": [
        ("no_kk", "no_kk", _T),
        ("alamat", "address", _T),
        ("rt", "rt", _T),
        ("rw", "rw", _T),
        ("dusun", "dusun", _T),
        ("desil", "desil", _I),
        ("desil_per", "desil_as_of", _D),
    ],
    "Penduduk": [
        ("uid", "uid", _T),
        ("nik", "nik", _T),
        ("no_kk", "no_kk", _T),
        ("nama", "name", _T),
        ("jenis_kelamin", "sex", _T),
        ("tanggal_lahir", "birth_date", _D),
        ("nama_ibu", "mother_name", _T),
        ("shdk", "shdk", _I),
        ("status_dasar", "status_dasar", _S),
        ("tanggal_status", "status_date", _D),
        ("pekerjaan", "occupation", _I),
        ("disabilitas", "disability", _I),
        ("sakit_menahun", "chronic_illness", _I),
        ("hamil", "pregnant", _F),
        ("terdaftar", "registered", _B),
        ("aktif", "active", _B),
        ("alasan_belum", "uninsured_reason", _N),
    ],
    "Kepesertaan": [
        ("nik", "nik", _T),
        ("segmen", "segment", _N),
        ("kelas", "kelas", _I),
        ("no_kartu", "card_no", _T),
        ("status", "jkn_status", _N),
        ("per_tanggal", "jkn_as_of", _D),
        ("sumber", "jkn_source", _T),
    ],
    "Usulan": [
        ("periode", "period", _T),
        ("jenis", "kind", _T),
        ("alasan", "reason", _T),
        ("nik", "nik", _T),
        ("nama", "name", _T),
        ("no_kk", "no_kk", _T),
        ("no_kartu", "card_no", _T),
        ("nik_diganti", "replaces_nik", _T),
        ("nama_diganti", "replaces_name", _T),
        ("alasan_diganti", "replaces_reason", _T),
        ("catatan", "notes", _T),
        ("status", "status", _T),
        ("disetujui", "approved_on", _D),
        ("dikirim", "sent_on", _D),
        ("diputuskan", "decided_on", _D),
        ("program", "track", _T),
    ],
    "APBDes_Baris": [
        ("id", "line_no", _I),
        ("tahun", "year", _I),
        ("kegiatan", "kegiatan", _T),
        ("rekening", "rekening", _T),
        ("sumber_dana", "sumber", _T),
        ("pagu", "pagu", _M),
        ("pagu_perubahan", "pagu_revised", _I),
        ("tanggal_perubahan", "revised_on", _D),
        ("skema_segmen", "scheme_segment", _T),
        ("skema_kelas", "scheme_kelas", _I),
        ("skema_bagian", "scheme_share", _T),
        ("tarif_khusus", "custom_rate", _I),
        ("catatan", "notes", _T),
        ("komitmen", "committed", _M),
        ("realisasi", "realized", _M),
        ("penerima", "beneficiaries", _M),
    ],
    "APBDes_Penerima": [
        ("baris", "line_no", _I),
        ("nik", "nik", _T),
        ("nama", "name", _T),
        ("bulan_mulai", "start_month", _I),
        ("bulan_akhir", "end_month", _I),
        ("dikecualikan", "overridden", _T),
    ],
    "Pelayanan": [("bagian", "section", _T), ("ukuran", "measure", _T), ("jumlah", "value", _M)],
}

# what a table column holds when the package's format has no such column
MISSING: dict[str, Any] = {
    "uid": "",
    "mother_name": "",
    "registered": None,
    "active": None,
    "uninsured_reason": None,
    "pregnant": False,
    "track": "",
    "overridden": "",
    "committed": 0,
    "realized": 0,
    "beneficiaries": 0,
    "pagu": 0,
}


def _none_if_empty(v: Any) -> str | None:
    text = _text(v)
    return text or None


@dataclass(slots=True)
class SheetRows:
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


def read_sheet(book: CachedBook, sheet: str) -> SheetRows:
    """The sheet's data rows as tuples in the order of ``columns`` (the table's names); a sheet
    the package does not have gives no rows. A value the village program would not write raises
    :class:`BadCell` naming the cell (the first one, row by row)."""
    spec = SHEETS[sheet]
    columns = [target for _h, target, _k in spec]
    if sheet not in book.names:
        return SheetRows(columns)
    raw = book.rows(sheet)
    if not raw:
        return SheetRows(columns)
    header = [_text(h) for h in raw[0]]
    at = {h: i for i, h in enumerate(header) if h}
    kinds = _kinds()
    plan = [(at.get(h), kinds[k], k, target) for h, target, k in spec]
    try:
        return SheetRows(columns, _by_column(raw, plan))
    except (ValueError, KeyError, TypeError):
        pass  # a bad cell somewhere: find the first one, row by row, and name it
    for r, row in enumerate(raw[1:], start=2):
        n = len(row)
        for i, convert, _k, _target in plan:
            if i is None:
                continue
            cell = row[i] if i < n else ""
            try:
                convert(cell)
            except (ValueError, KeyError, TypeError) as exc:
                raise BadCell(sheet, r, header[i], cell) from exc
    raise AssertionError("a column failed that no cell fails")  # pragma: no cover


def _kinds() -> dict[str, Callable[[Any], Any]]:
    return {
        _T: _text,
        _I: _int,
        _D: _date_parser(),
        _B: _bool,
        _F: _flag,
        _S: _status,
        _M: _money,
        _N: _none_if_empty,
    }


def _by_column(
    raw: list[list[Any]], plan: list[tuple[int | None, Callable[[Any], Any], str, str]]
) -> list[tuple[Any, ...]]:
    """The data rows converted a column at a time: a column of text cells, or of whole numbers,
    is taken without a call per cell (a package's 5,000 residents are 85,000 cells). Raises
    what a converter raises; :func:`read_sheet` then finds the cell."""
    data = [row for row in raw[1:] if row]
    if not data:
        return []
    width = max(len(row) for row in data)
    if any(len(row) != width for row in data):
        data = [row + [""] * (width - len(row)) for row in data]
    cells = list(zip(*data, strict=True))
    out: list[Any] = []
    for i, convert, kind, target in plan:
        if i is None or i >= width:
            out.append([MISSING.get(target) if i is None else convert("")] * len(data))
            continue
        col = cells[i]
        if kind in (_T, _N) and all(type(v) is str for v in col):
            out.append(col if kind == _T else [v or None for v in col])
        elif kind in (_I, _M) and all(type(v) is float and v.is_integer() for v in col):
            out.append(list(map(int, col)))
        else:
            out.append(list(map(convert, col)))
    return list(zip(*out, strict=True))


def read_summary(book: CachedBook) -> dict[str, int]:
    """The village's own totals (sheet ``Ringkasan``, format 3): measure → number."""
    if "Ringkasan" not in book.names:
        return {}
    out: dict[str, int] = {}
    for row in book.rows("Ringkasan")[1:]:
        if len(row) >= 2 and _text(row[0]):
            try:
                out[_text(row[0])] = _money(row[1])
            except (ValueError, TypeError):
                continue
    return out


def totals_of(people: SheetRows) -> dict[str, int]:
    """The village's Ringkasan figures counted from its Penduduk rows (format 3: the village's own
    verdict per resident), as ``services.membership.coverage`` counts them: living residents, of
    them registered and active; households (a KK with a living member) wholly or partly without
    active cover. Residents without a KK count as people, not households."""
    at = {c: i for i, c in enumerate(people.columns)}
    st, kk, reg, act, why = (
        at["status_dasar"],
        at["no_kk"],
        at["registered"],
        at["active"],
        at["uninsured_reason"],
    )
    out = dict.fromkeys(("penduduk", "terdaftar", "aktif"), 0)
    homes: dict[str, list[int]] = {}
    for row in people.rows:
        if row[st] != codes.HIDUP:
            continue
        out["penduduk"] += 1
        out["terdaftar"] += bool(row[reg])
        out["aktif"] += bool(row[reg]) and bool(row[act])
        if row[kk]:
            home = homes.setdefault(row[kk], [0, 0])
            home[0] += 1
            home[1] += row[why] is not None
    flags = [J.household_flag(living, uninsured) for living, uninsured in homes.values()]
    out["kk"] = len(homes)
    out["kk_belum_seluruhnya"] = flags.count(J.FULLY_UNINSURED)
    out["kk_belum_sebagian"] = flags.count(J.PARTLY_UNINSURED)
    return out


def summary_differences(people: SheetRows, summary: dict[str, int]) -> list[str]:
    """The Ringkasan figures that do not equal the rows' own counts (none when the package has
    no Ringkasan, formats 1 and 2, or no verdict per resident)."""
    if not summary or "registered" not in people.columns:
        return []
    if people.rows and people.rows[0][people.columns.index("registered")] is None:
        return []
    counted = totals_of(people)
    return [
        f"{key} {summary[key]} (baris: {counted[key]})"
        for key in counted
        if key in summary and summary[key] != counted[key]
    ]
