"""The return file per village (format ``jkn-desktop-koreksi-kecamatan``, docs/return-file.md):
an .xlsx with a Manifest (kecamatan, village, month, creation time, SHA-256 hashes computed with
the village package's own canonical functions) and one sheet, Koreksi, listing what that village
must correct: every candidate judged "orang yang sama" with this village to correct, while the
pair still shows in the month's current packages, and the village's package for the month if
the kecamatan returned it with a note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from jkn_desktop import __version__
from jkn_desktop.domain import codes
from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal, waktu
from jkn_desktop.domain.jkn import SEGMENTS, STATUSES
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.tables import kec_duplicate_verdict_t, kec_package_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_duplicates import (
    DuplicateSide,
    ReturnFileResult,
    ReturnRow,
)
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.duplicate_sides import month, side_of
from jkn_desktop.services.kecamatan.identity import normalize_code, require_kecamatan
from jkn_desktop.services.usulan.package import (
    MANIFEST,
    canonical,
    manifest_fields,
    sheet_digest,
    total_digest,
)
from jkn_desktop.services.usulan.proposals import check_period

FORMAT = "jkn-desktop-koreksi-kecamatan"
FORMAT_VERSION = "1"
SHEET = "Koreksi"
HEADERS = (
    "jenis",
    "nik",
    "nama",
    "nik_lain",
    "nama_lain",
    "desa_lain",
    "data_desa_lain",
    "catatan_kecamatan",
)
TEXT = ("nik", "nik_lain")
# what the village is asked to do when the kecamatan wrote no note of its own
ADVICE = {
    D.NIK_SAMA: (
        "NIK ini tercatat hidup juga di desa lain. Periksa apakah penduduk sudah pindah; bila "
        "ya, catat status PINDAH dengan tanggalnya."
    ),
    D.ORANG_SAMA: (
        "Orang ini tercatat juga di desa lain dengan NIK lain. Periksa KTP/KK-nya; perbaiki NIK "
        "atau catat status PINDAH."
    ),
    D.PBI_GANDA: (
        "Orang ini aktif sebagai PBI JK di dua desa. Periksa domisilinya dan perbaiki data "
        "kepesertaannya."
    ),
    D.APBDES_GANDA: (
        "Iuran orang ini juga dibayar APBDes desa lain pada bulan yang sama. Hentikan atau "
        "sesuaikan bulan pembayarannya."
    ),
}
V = kec_duplicate_verdict_t
LIST_KINDS = {D.PBI_GANDA, D.APBDES_GANDA}  # a pair that holds while both lists carry it


def _record(side: DuplicateSide) -> str:
    """The other village's record in words."""
    if not side.name:
        return f"tidak ada di data penduduk paket; {side.funded}".strip("; ")
    parts = [
        f"lahir {tanggal(side.birth_date)}" if side.birth_date else "",
        codes.STATUS_DASAR.get(side.status_dasar, str(side.status_dasar)).capitalize(),
        f"sejak {tanggal(side.status_date)}" if side.status_date else "",
        SEGMENTS.get(side.segment or "", ""),
        STATUSES.get(side.jkn_status or "", ""),
        f"APBDes {side.funded}" if side.funded else "",
        f"paket dibuat {waktu(side.made_at)}" if side.made_at else "",
    ]
    return "; ".join(p for p in parts if p)


def return_rows(work: Work, period: str, kode_wilayah: str) -> list[ReturnRow]:
    """What ``kode_wilayah`` must correct for ``period`` (see the module's note)."""
    require_kecamatan(work)
    period = check_period(period)
    kode = normalize_code(kode_wilayah)
    m = month(work, period)
    if kode not in m.names:
        raise UserError("KOREKSI_DESA_ASING", kode=kode_wilayah)
    out: list[ReturnRow] = []
    decided = work.conn.execute(
        select(V.c.kind, V.c.pair_key, V.c.note)
        .where(V.c.verdict == D.SAMA, V.c.correcting_village == kode)
        .order_by(V.c.kind, V.c.pair_key)
    ).all()
    lists = _still_listed(work, period, {k for k, _, _ in decided} & LIST_KINDS)
    for kind, pair_key, note in decided:
        key = D.PairKey.parse(pair_key)
        if key is None:
            continue
        mine = (key.nik_a, key.village_a) if key.village_a == kode else (key.nik_b, key.village_b)
        theirs = (
            (key.nik_b, key.village_b) if mine[1] == key.village_a else (key.nik_a, key.village_a)
        )
        me = side_of(work, m, kode, mine[0])
        other = side_of(work, m, theirs[1], theirs[0])
        if kind in LIST_KINDS:
            if (kind, pair_key) not in lists:
                continue  # off one of the two lists now
        elif not (_living(me) and _living(other)):
            continue  # recorded as moved or dead, or the NIK corrected: done
        out.append(
            ReturnRow(
                kind,
                me.nik,
                me.name,
                other.nik,
                other.name,
                f"{other.village} ({other.kode_wilayah})",
                _record(other),
                note or ADVICE[kind],
            )
        )
    for note in work.conn.execute(
        select(kec_package_t.c.returned_note)
        .where(
            kec_package_t.c.kode_wilayah == kode,
            kec_package_t.c.period == period,
            kec_package_t.c.returned_at.is_not(None),
        )
        .order_by(kec_package_t.c.returned_at)
    ).scalars():
        out.append(ReturnRow(D.PAKET_DIKEMBALIKAN, "", "", note=note or ""))
    return out


def _living(side: DuplicateSide) -> bool:
    return bool(side.name) and side.status_dasar == codes.HIDUP


def _still_listed(work: Work, period: str, kinds: set[str]) -> set[tuple[str, str]]:
    """(kind, pair_key) of the month's PBI and APBDes candidates (cheap: no names compared). A
    same-NIK or same-person pair holds while both records live; it needs no search, so a name
    corrected a little does not drop a pair a person judged to be one."""
    if not kinds:
        return set()
    from jkn_desktop.services.kecamatan.duplicates import find_duplicates

    report = find_duplicates(work, period, kinds=sorted(kinds), include_dismissed=True)
    return {(c.kind, c.pair_key) for c in report.candidates}


def export_return_file(work: Work, period: str, kode_wilayah: str, out: Path) -> ReturnFileResult:
    """Write the village's return file for ``period`` (full NIKs: perm.EXPORT; audited)."""
    work.require(perm.EXPORT)
    info = require_kecamatan(work)
    if out.suffix.lower() != ".xlsx":
        raise UserError("JENIS_BERKAS", what="Berkas koreksi", allowed=".xlsx", file=out.name)
    period = check_period(period)
    kode = normalize_code(kode_wilayah)
    rows = return_rows(work, period, kode)
    m = month(work, period)
    data = [
        [
            D.RETURN_KINDS[r.kind],
            r.nik,
            r.name,
            r.other_nik,
            r.other_name,
            r.other_village,
            r.other_record,
            r.note,
        ]
        for r in rows
    ]
    now = work.now.replace(microsecond=0, tzinfo=None)
    fields: list[list[Any]] = [
        ["format", FORMAT],
        ["format_version", FORMAT_VERSION],
        ["kode_kecamatan", info.kode_wilayah],
        ["kecamatan", info.kecamatan],
        ["kabupaten", info.kabupaten],
        ["kode_wilayah", kode],
        ["desa", m.names.get(kode, kode)],
        ["periode", period],
        ["aplikasi", f"JKN Desktop {__version__}"],
        ["dibuat", now.isoformat(sep=" ")],
        ["operator", work.user],
        [f"baris:{SHEET}", len(data)],
    ]
    digests = [(SHEET, sheet_digest(SHEET, [list(HEADERS), *data]))]
    total = total_digest(
        digests, manifest_fields([(canonical(k), canonical(v)) for k, v in fields])
    )
    manifest = [*fields, *[[f"sha256:{n}", d] for n, d in digests], ["sha256", total]]
    text = [i for i, h in enumerate(HEADERS) if h in TEXT]
    write_sheets(
        out,
        [
            Sheet(MANIFEST, ["kunci", "nilai"], manifest, text_columns=(1,), widths=[24, 70]),
            Sheet(
                SHEET,
                list(HEADERS),
                data,
                text_columns=text,
                widths=[30, 20, 28, 20, 28, 34, 60, 70],
            ),
        ],
    )
    audit.exported(
        work,
        document="Berkas koreksi untuk desa",
        subject=f"{period} {kode}",
        rows=len(data),
        masked=False,
        target=out,
    )
    return ReturnFileResult(out, period, kode, len(data), total)
