"""Check a resident sheet's rows: identifiers (with Excel's damage detected), names, dates, sex,
coded columns, insurance, then duplicates and heads of household across the rows. Pure: no
database; the sheet is read by resident_sheet.py, and the service
(services/registry/resident_import.py) decides what to write."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.issues import Issue
from jkn_desktop.domain.names import clean_name, clean_text, has_letter
from jkn_desktop.domain.nik import parse_nik, validate_nik, validate_no_kk
from jkn_desktop.importers import values as V
from jkn_desktop.importers.columns import LABELS
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


@dataclass
class ParsedRow:
    line: int
    raw: list[Any]
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
        return any(i.severity == "error" for i in self.issues)


def _issue(row: ParsedRow, column: str, item: Issue | tuple[str, str, str]) -> None:
    if isinstance(item, Issue):
        row.issues.append(RowIssue(row.line, column, item.code, item.severity, item.message))
    else:
        code, severity, message = item
        row.issues.append(RowIssue(row.line, column, code, severity, message))


def _parse_status_dasar(row: ParsedRow, cell: dict[str, Any], col: dict[str, str]) -> None:
    """The words SIAK and the Buku Induk write become a code; an empty cell leaves the status alone
    (a new resident is HIDUP); an unknown word rejects the row rather than making it HIDUP."""
    if "status_dasar" not in cell:
        return
    value = cell["status_dasar"]
    try:
        status = V.parse_status(value)
    except ValueError:
        _issue(
            row,
            col["status_dasar"],
            (
                "STATUS_DASAR_UNKNOWN",
                "error",
                f"Status dasar '{V.text(value)}' tidak dikenal, jadi baris ini tidak diimpor. Tulis "
                f"salah satu: {V.STATUS_ACCEPTED}; kosongkan bila orangnya masih hidup.",
            ),
        )
        return
    if status == codes.TIDAK_VALID:
        _issue(
            row,
            col["status_dasar"],
            (
                "STATUS_TIDAK_VALID",
                "error",
                "Dukcapil menandai data ini Tidak Valid (biasanya NIK ganda atau data lama); baris ini "
                "tidak diimpor. Periksa NIK yang berlaku di KK terbaru.",
            ),
        )
    elif status is not None:
        row.values["status_dasar"] = status


def parse_row(
    line: int,
    cells: list[Any],
    columns: list[tuple[int, str]],
    labels: dict[str, str],
    defaults: dict[str, str],
    context: dict[str, str],
    region_known: Callable[[str], bool] | None,
    today: dt.date,
    exact: frozenset[str] = frozenset(),
) -> ParsedRow:
    """One resident row. ``context`` is the household line above it in a BIP layout; ``defaults``
    are RT / RW / dusun from the title rows; ``exact`` names the identifier columns whose numbers a
    program wrote (V.numbers_are_exact)."""
    row = ParsedRow(line, cells)
    width = len(cells)
    cell = {f: cells[i] if i < width else None for i, f in columns}
    col = labels
    if context:
        col = dict(labels)
        for f, v in context.items():
            if V.is_blank(cell.get(f)):
                cell[f] = v
                col.setdefault(f, f"{LABELS[f]} (baris keluarga)")

    # identifiers
    try:
        row.nik = V.identifier(cell.get("nik"), exact_numbers="nik" in exact)
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
    try:
        row.no_kk = V.identifier(cell.get("no_kk"), exact_numbers="no_kk" in exact)
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
    written = V.text(cell.get("name"))
    name = clean_name(written)
    if not name:
        _issue(
            row,
            col.get("name", "Nama"),
            (
                "NAME_MISSING",
                "error",
                "Nama kosong."
                if not written
                else "Nama hanya berisi karakter yang tidak terlihat (mis. spasi lebar-nol); tulis nama "
                "orangnya.",
            ),
        )
    elif not has_letter(name):
        _issue(
            row,
            col.get("name", "Nama"),
            ("NAME_INVALID", "error", f"Nama '{name}' tidak berisi huruf; tulis nama orangnya."),
        )
    row.values["name"] = name

    # sex and birth date (may come from the NIK)
    sex: str | None = None
    if "sex" in cell:
        try:
            sex = V.parse_sex(cell["sex"])
        except ValueError:
            _issue(
                row,
                col["sex"],
                (
                    "SEX_INVALID",
                    "error",
                    f"Jenis kelamin '{V.text(cell['sex'])}' tidak dikenali; tulis L atau P.",
                ),
            )
    birth: dt.date | None = None
    place = ""
    if "birth_place_date" in cell:
        place, birth = V.split_place_date(cell["birth_place_date"])
    if "birth_date" in cell and not V.is_blank(cell["birth_date"]):
        try:
            birth = V.parse_date(cell["birth_date"])
        except ValueError:
            birth = None
            _issue(
                row,
                col["birth_date"],
                (
                    "BIRTHDATE_INVALID",
                    "error",
                    f"Tanggal lahir '{V.text(cell['birth_date'])}' tidak terbaca atau bukan tanggal yang ada; "
                    "tulis seperti 12-03-1980.",
                ),
            )
    if "birth_place" in cell and not V.is_blank(cell["birth_place"]):
        place = V.text(cell["birth_place"])
    place = clean_text(place)
    if birth is not None and (problem := V.implausible_birth(birth, today)) is not None:
        _issue(
            row,
            col.get("birth_date", col.get("birth_place_date", "Tanggal lahir")),
            (problem[0], "error", problem[1]),
        )
        birth = None

    nik_issues: list[Issue] = []
    if not _has(row, "NIK_PRECISION_LOST"):
        nik_issues = validate_nik(
            row.nik, sex=sex, birth_date=birth, region_known=region_known, today=today
        )
        for item in nik_issues:
            target = (
                col.get(item.field, col.get("nik", "NIK"))
                if item.field != "nik"
                else col.get("nik", "NIK")
            )
            _issue(row, target, item)
    info = None
    if not nik_issues or not any(i.is_error for i in nik_issues):
        info = parse_nik(row.nik, today)
    birth_invalid = any(
        _has(row, code) for code in ("BIRTHDATE_INVALID", "BIRTHDATE_FUTURE", "BIRTHDATE_TOO_OLD")
    )
    sex_invalid = _has(row, "SEX_INVALID")
    if sex is None and info is not None and not sex_invalid:
        sex = info.sex
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
        birth = info.birth_date
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
        row.values["sex"] = sex
    if birth is not None:
        row.values["birth_date"] = birth
    if place or "birth_place" in cell or "birth_place_date" in cell:
        row.values["birth_place"] = place

    # the household
    for item in validate_no_kk(row.no_kk, region_known=region_known, today=today):
        if item.code in {"KK_MISSING", "KK_FORMAT"} and _has(row, "KK_PRECISION_LOST"):
            continue
        _issue(row, col.get("no_kk", "No. KK"), item)

    # coded columns
    for f, code_list in codes.coded_fields().items():
        if f not in cell or V.is_blank(cell[f]):
            continue
        value = code_list.lookup(V.text(cell[f]))
        if value is None:
            _issue(
                row,
                col[f],
                (
                    "CODE_UNKNOWN",
                    "warning",
                    f"{LABELS[f]} '{V.text(cell[f])}' tidak ada di daftar kode; kolom ini dikosongkan.",
                ),
            )
        else:
            row.values[f] = value
    _parse_status_dasar(row, cell, col)
    for f in ("mother_name", "phone", "notes"):
        if f in cell:
            row.values[f] = V.text(cell[f])
    if "mother_name" in row.values:
        row.values["mother_name"] = clean_name(str(row.values["mother_name"]))
    if "pregnant" in cell and not V.is_blank(cell["pregnant"]):
        try:
            row.values["pregnant"] = V.parse_yes_no(cell["pregnant"])
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

    _parse_jkn(row, cell, col)

    for f in HOUSEHOLD_FIELDS:
        if f in cell:
            area = V.area_code(cell[f]) if f in ("rt", "rw") else clean_text(V.text(cell[f]))
            if area:
                row.household[f] = area
        elif f in defaults:
            row.household[f] = defaults[f]
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
    by_nik: dict[str, list[ParsedRow]] = defaultdict(list)
    for r in rows:
        if len(r.nik) == 16 and r.nik.isdigit() and not _has(r, "STATUS_TIDAK_VALID"):
            by_nik[r.nik].append(r)
    for nik, group in by_nik.items():
        if len(group) < 2:
            continue
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
    by_kk: dict[str, list[ParsedRow]] = defaultdict(list)
    for r in rows:
        if not r.rejected:
            by_kk[r.no_kk].append(r)
    for kk, group in by_kk.items():
        heads = [r for r in group if r.values.get("shdk") == codes.KEPALA_KELUARGA]
        if not heads:
            _issue(
                group[0],
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
