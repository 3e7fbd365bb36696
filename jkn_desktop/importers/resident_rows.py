"""Check a resident sheet's rows: identifiers (with Excel's damage detected), names, dates, sex,
coded columns, insurance, then duplicates and heads of household across the rows. Pure: no
database; the sheet is read by resident_sheet.py, and the service
(services/registry/resident_import.py) decides what to write."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.issues import Issue
from jkn_desktop.domain.names import clean_text
from jkn_desktop.domain.nik import parse_nik, validate_nik
from jkn_desktop.importers import values as V
from jkn_desktop.importers.columns import LABELS
from jkn_desktop.importers.resident_cells import Sheet
from jkn_desktop.records.imports import RowIssue

RESIDENT_FIELDS = (
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "shdk",
    "religion",
    "marital_status",
    "education",
    "occupation",
    "status_dasar",
    "mother_name",
    "phone",
    "notes",
    "disability",
    "chronic_illness",
    "pregnant",
)
HOUSEHOLD_FIELDS = ("address", "rt", "rw", "dusun")


@dataclass(slots=True)
class ParsedRow:
    line: int
    nik: str = ""
    no_kk: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    household: dict[str, str] = field(default_factory=dict)
    issues: list[RowIssue] = field(default_factory=list)
    action: str = ""  # created / updated / unchanged / rejected
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    jkn: dict[str, Any] = field(default_factory=dict)  # segment, status, card_no, note
    desil: int | None = None

    @property
    def rejected(self) -> bool:
        return bool(self.issues) and any(i.severity == "error" for i in self.issues)


def _issue(row: ParsedRow, column: str, item: Issue | tuple[str, str, str]) -> None:
    if isinstance(item, Issue):
        row.issues.append(RowIssue(row.line, column, item.code, item.severity, item.message))
    else:
        code, severity, message = item
        row.issues.append(RowIssue(row.line, column, code, severity, message))


def _add(row: ParsedRow, column: str, problem: tuple[str, str, str]) -> None:
    code, severity, message = problem
    row.issues.append(RowIssue(row.line, column, code, severity, message))


def parse_row(
    line: int,
    cells: list[Any],
    columns: list[tuple[int, str]],
    labels: dict[str, str],
    defaults: dict[str, str],
    context: dict[str, str],
    sheet: Sheet,
) -> ParsedRow:
    """One resident row. ``context`` is the household line above it in a BIP layout; ``defaults``
    are RT / RW / dusun from the title rows; ``sheet`` the conversions remembered for the sheet,
    the day, the region data and which identifier columns hold exact numbers
    (V.numbers_are_exact)."""
    row = ParsedRow(line)
    if len(cells) > sheet.last_column and sheet.columns is columns:
        cell = dict(zip(sheet.fields, sheet.pick(cells), strict=True))
    else:  # a short row (trailing cells empty), or columns the sheet was not told of
        width = len(cells)
        cell = {f: cells[i] if i < width else None for i, f in columns}
    col = labels
    if context:
        col = dict(labels)
        for f, v in context.items():
            if V.is_blank(cell.get(f)):
                cell[f] = v
                col.setdefault(f, f"{LABELS[f]} (baris keluarga)")
    today = sheet.today
    values = row.values

    # identifiers
    nik = cell.get("nik")
    try:
        row.nik = (
            nik
            if type(nik) is str and len(nik) == 16 and nik.isdigit() and nik.isascii()
            else sheet.identifier(nik, exact=sheet.exact_nik)
        )
    except V.PrecisionLost:
        _issue(
            row,
            col["nik"],
            (
                "NIK_PRECISION_LOST",
                "error",
                "NIK tersimpan sebagai angka sehingga angka terakhirnya hilang (Excel hanya menyimpan 15 "
                "angka). Format kolom NIK sebagai Teks di Excel lalu ketik ulang NIK dari KK/KTP.",
            ),
        )
    kk = cell.get("no_kk")
    try:
        row.no_kk = (
            kk
            if type(kk) is str and len(kk) == 16 and kk.isdigit() and kk.isascii()
            else sheet.identifier(kk, exact=sheet.exact_kk)
        )
    except V.PrecisionLost:
        _issue(
            row,
            col.get("no_kk", "No. KK"),
            (
                "KK_PRECISION_LOST",
                "error",
                "No. KK tersimpan sebagai angka sehingga angka terakhirnya hilang. Format kolom No. KK "
                "sebagai Teks di Excel lalu ketik ulang dari Kartu Keluarga.",
            ),
        )

    # name: invisible characters removed; it needs a letter
    value = cell.get("name")
    name, problem = sheet.name[value] if type(value) is str else sheet.name.fn(value)
    if problem is not None:
        _add(row, col.get("name", "Nama"), problem)
    values["name"] = name

    # sex and birth date (may come from the NIK)
    sex: str | None = None
    value = cell.get("sex")
    if value is not None and not V.is_blank(value):
        sex, problem = sheet.sex[value] if type(value) is str else sheet.sex.fn(value)
        if problem is not None:
            _add(row, col["sex"], problem)
    birth: dt.date | None = None
    place = ""
    if "birth_place_date" in cell:
        place, birth = V.split_place_date(cell["birth_place_date"])
        place = clean_text(place)
    value = cell.get("birth_date")
    if value is not None and not V.is_blank(value):
        birth, problem = (
            sheet.birth_date[value] if type(value) is str else sheet.birth_date.fn(value)
        )
        if problem is not None:
            _add(row, col["birth_date"], problem)
    value = cell.get("birth_place")
    if value is not None and not V.is_blank(value):
        place = sheet.place[value] if type(value) is str else sheet.place.fn(value)
    if birth is not None and (problem2 := sheet.implausible(birth)) is not None:
        _issue(
            row,
            col.get("birth_date", col.get("birth_place_date", "Tanggal lahir")),
            (problem2[0], "error", problem2[1]),
        )
        birth = None

    info = None
    issues = row.issues
    if not (issues and _has(row, "NIK_PRECISION_LOST")):
        info = sheet.plain_nik(row.nik, sex, birth)
        if info is None:  # something to say about it: the full check says it
            nik_issues = validate_nik(
                row.nik, sex=sex, birth_date=birth, region_known=sheet.region_known, today=today
            )
            for item in nik_issues:
                target = (
                    col.get(item.field, col.get("nik", "NIK"))
                    if item.field != "nik"
                    else col.get("nik", "NIK")
                )
                _issue(row, target, item)
            if not any(i.is_error for i in nik_issues):
                parsed = parse_nik(row.nik, today)
                info = None if parsed is None else (parsed.sex, parsed.birth_date)
    birth_invalid = bool(issues) and any(
        _has(row, code) for code in ("BIRTHDATE_INVALID", "BIRTHDATE_FUTURE", "BIRTHDATE_TOO_OLD")
    )
    sex_invalid = bool(issues) and _has(row, "SEX_INVALID")
    if sex is None and info is not None and not sex_invalid:
        sex = info[0]
        _issue(
            row,
            col.get("sex", "Jenis kelamin"),
            (
                "SEX_FROM_NIK",
                "warning",
                f"Jenis kelamin kosong; diambil dari NIK ({codes.SEX_LABEL[sex].lower()}).",
            ),
        )
    if birth is None and info is not None and not birth_invalid:
        birth = info[1]
        _issue(
            row,
            col.get("birth_date", "Tanggal lahir"),
            (
                "BIRTHDATE_FROM_NIK",
                "warning",
                f"Tanggal lahir kosong; diambil dari NIK ({birth:%d-%m-%Y}).",
            ),
        )
    if sex is not None:
        values["sex"] = sex
    if birth is not None:
        values["birth_date"] = birth
    if place or "birth_place" in cell or "birth_place_date" in cell:
        values["birth_place"] = place

    # the household
    kk_lost = bool(issues) and _has(row, "KK_PRECISION_LOST")
    for item in sheet.kk_issues(row.no_kk):
        if item.code in {"KK_MISSING", "KK_FORMAT"} and kk_lost:
            continue
        _issue(row, col.get("no_kk", "No. KK"), item)

    # coded columns
    for f, convert in sheet.coded:
        value = cell.get(f)
        if value is None:
            continue
        code, problem = convert[value] if type(value) is str else convert.fn(value)
        if code is None and problem is None:  # blank: nothing to take, nothing to say
            continue
        if problem is None:
            values[f] = code
        else:
            _add(row, col[f], problem)
    if "status_dasar" in cell:
        value = cell["status_dasar"]
        status, problem = (
            sheet.status_dasar[value] if type(value) is str else sheet.status_dasar.fn(value)
        )
        if problem is not None:
            _add(row, col["status_dasar"], problem)
        if status is not None:
            values["status_dasar"] = status
    if "mother_name" in cell:
        value = cell["mother_name"]
        mother = sheet.mother_name
        values["mother_name"] = mother[value] if type(value) is str else mother.fn(value)
        if (problem := sheet.flag(value)) is not None:
            _add(row, col.get("mother_name", "Nama ibu"), problem)
    for f, convert_text in sheet.text.items():
        if f in cell:
            value = cell[f]
            values[f] = convert_text[value] if type(value) is str else convert_text.fn(value)
    if "pregnant" in cell and not V.is_blank(cell["pregnant"]):
        try:
            values["pregnant"] = V.parse_yes_no(cell["pregnant"])
        except ValueError:
            _issue(
                row,
                col["pregnant"],
                (
                    "CODE_UNKNOWN",
                    "warning",
                    f"Isi kolom hamil '{V.text(cell['pregnant'])}' tidak dikenal (1/0, ya/tidak); dikosongkan.",
                ),
            )

    if sheet.jkn_columns:
        _parse_jkn(row, cell, col)

    for f, convert_area in sheet.area.items():
        if f in cell:
            value = cell[f]
            found = convert_area[value] if type(value) is str else convert_area.fn(value)
            if found:
                row.household[f] = found
        elif f in defaults:
            row.household[f] = defaults[f]
    if "address" in cell and (problem := sheet.flag(cell["address"])) is not None:
        _add(row, col.get("address", "Alamat"), problem)
    return row


def _parse_jkn(row: ParsedRow, cell: dict[str, Any], col: dict[str, str]) -> None:
    """The insurance columns become a membership observation (source: the imported file, the
    weakest): OpenSID's id_asuransi (see ``J.OPENSID_ASURANSI``; 1 is OpenSID's untouched default
    and records nothing), a segment column, a card number, a status column; and the household's
    desil."""
    segment: str | None = None
    note = ""
    if "asuransi" in cell and not V.is_blank(cell["asuransi"]):
        value = V.text(cell["asuransi"])
        code = int(value) if value.isdigit() else None
        if code is not None and code in J.OPENSID_ASURANSI:
            segment = J.OPENSID_ASURANSI[code]  # 1 (OpenSID's default) records nothing
        elif code is None and J.parse_segment(value) is not None:
            segment = J.parse_segment(value)
        else:
            _issue(
                row,
                col["asuransi"],
                (
                    "CODE_UNKNOWN",
                    "warning",
                    f"Asuransi '{value}' tidak dikenal (1 tidak/belum punya, 2 BPJS PBI, 3 BPJS non-PBI, "
                    "4 BPJS bantuan daerah, 99 asuransi lain).",
                ),
            )
        if code == 99:
            note = "asuransi lain, bukan JKN"
    if "jkn_segment" in cell and not V.is_blank(cell["jkn_segment"]):
        parsed = J.parse_segment(cell["jkn_segment"])
        if parsed is None:
            _issue(
                row,
                col["jkn_segment"],
                (
                    "CODE_UNKNOWN",
                    "warning",
                    f"Segmen JKN '{V.text(cell['jkn_segment'])}' tidak dikenal.",
                ),
            )
        else:
            segment = parsed
    card = ""
    if "card_no" in cell and not V.is_blank(cell["card_no"]):
        card = J.clean_card_no(cell["card_no"])
        if not J.card_no_valid(card):
            _issue(
                row,
                col["card_no"],
                (
                    "CARD_FORMAT",
                    "warning",
                    f"Nomor kartu JKN '{V.text(cell['card_no'])}' bukan 13 angka; tidak disimpan.",
                ),
            )
            card = ""
    status = None
    if "jkn_status" in cell and not V.is_blank(cell["jkn_status"]):
        status = J.parse_status(cell["jkn_status"])
        if status is None:
            _issue(
                row,
                col["jkn_status"],
                (
                    "CODE_UNKNOWN",
                    "warning",
                    f"Status JKN '{V.text(cell['jkn_status'])}' tidak dikenal.",
                ),
            )
    if card and segment is None:
        segment = J.JKN_LAIN  # a card means a membership of some kind
    if segment is not None:
        if segment not in J.JKN_SEGMENTS:
            status = None
        row.jkn = {
            "segment": segment,
            "status": status or J.STATUS_TIDAK_DIKETAHUI,
            "card_no": card if segment in J.JKN_SEGMENTS else "",
            "note": note,
        }
    if "desil" in cell and not V.is_blank(cell["desil"]):
        text = V.text(cell["desil"])
        if text.isdigit() and 1 <= int(text) <= 10:
            row.desil = int(text)
        else:
            _issue(
                row,
                col["desil"],
                (
                    "CODE_UNKNOWN",
                    "warning",
                    f"Desil '{text}' harus angka 1 sampai 10; tidak disimpan.",
                ),
            )


def _has(row: ParsedRow, code: str) -> bool:
    return bool(row.issues) and any(i.code == code for i in row.issues)


def mark_duplicates(rows: list[ParsedRow], nik_column: str) -> None:
    def counted(r: ParsedRow) -> bool:
        return len(r.nik) == 16 and r.nik.isdigit() and not _has(r, "STATUS_TIDAK_VALID")

    # only a NIK on two rows or more can be a duplicate: counted in C first, checked after
    twice = {nik for nik, n in Counter(r.nik for r in rows).items() if n > 1}
    if not twice:
        return
    seen = Counter(r.nik for r in rows if r.nik in twice and counted(r))
    by_nik: dict[str, list[ParsedRow]] = defaultdict(list)
    for r in rows:
        if r.nik in twice and seen[r.nik] > 1 and counted(r):
            by_nik[r.nik].append(r)
    for nik, group in by_nik.items():
        for r in group:
            others = ", ".join(str(o.line) for o in group if o is not r)
            _issue(
                r,
                nik_column,
                (
                    "NIK_DUPLICATE_IN_FILE",
                    "error",
                    f"NIK {nik} dipakai juga di baris {others}. Satu NIK hanya untuk satu orang; "
                    "periksa KK/KTP dan betulkan salah satunya.",
                ),
            )


def mark_heads(rows: list[ParsedRow], shdk_column: str | None) -> None:
    if shdk_column is None:
        return
    # each No. KK's first row and its heads, in one pass
    first: dict[str, ParsedRow] = {}
    heads_of: dict[str, list[ParsedRow]] = defaultdict(list)
    head = codes.KEPALA_KELUARGA
    for r in rows:
        if r.issues and r.rejected:
            continue
        first.setdefault(r.no_kk, r)
        if r.values.get("shdk") == head:
            heads_of[r.no_kk].append(r)
    for kk, leader in first.items():
        heads = heads_of.get(kk, [])
        if not heads:
            _issue(
                leader,
                shdk_column,
                (
                    "KK_HEAD_MISSING",
                    "warning",
                    f"KK {kk} tidak punya Kepala Keluarga di berkas ini.",
                ),
            )
        elif len(heads) > 1:
            lines = ", ".join(str(h.line) for h in heads)
            for h in heads:
                _issue(
                    h,
                    shdk_column,
                    (
                        "KK_HEAD_MULTIPLE",
                        "warning",
                        f"KK {kk} punya lebih dari satu Kepala Keluarga (baris {lines}).",
                    ),
                )
