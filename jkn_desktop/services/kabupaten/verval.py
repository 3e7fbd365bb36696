"""The quarterly verification worksheet of the PBPU/BP Pemda members (decision 49): Dinas Sosial
verifies and validates them at least every three months (Karanganyar Inbup 440/3/2022, KELIMA
b). One row per member of the kabupaten's budget in every village, from each village's latest
package of the quarter (its current one for the last month of the quarter it sent), with what
the village's data already suggests checking, and empty columns for the verifier's verdict.

The hints follow the domain's rules: a member who died or is not found is removed; one who
moved keeps the cover unless they left the kabupaten; one in desil 6–10 may no longer be poor;
one with a wage job belongs in PPU; a member not active is checked with BPJS."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import angka, tanggal, tanggal_pendek
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.fastread import stream_rows
from jkn_desktop.persistence.tables import kec_household_t, kec_package_t, kec_resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.reports.kecamatan_kop import month_label
from jkn_desktop.services import audit
from jkn_desktop.services.kabupaten.identity import (
    kecamatan_names,
    kecamatan_of,
    require_kabupaten,
    villages_by_kecamatan,
)
from jkn_desktop.services.kecamatan.quarterly import check_year
from jkn_desktop.services.kecamatan.upward import require_suffix

P, R, H = kec_package_t, kec_resident_t, kec_household_t
VERDICT_HEADERS = ["HASIL VERVAL (TETAP/HAPUS/PERBAIKI DATA)", "ALASAN", "CATATAN", "TANGGAL"]
VERDICT_HEADERS.append("PEMERIKSA")
HEADERS = [
    "NO",
    "KECAMATAN",
    "DESA/KELURAHAN",
    "KODE WILAYAH",
    "NIK",
    "NO. KK",
    "NAMA",
    "JENIS KELAMIN",
    "TANGGAL LAHIR",
    "ALAMAT",
    "RT",
    "RW",
    "DUSUN",
    "DESIL",
    "NO. KARTU JKN",
    "STATUS JKN",
    "STATUS DASAR",
    "DATA BULAN",
    "PERLU DIPERIKSA",
    *VERDICT_HEADERS,
]
TEXT = [HEADERS.index(h) for h in ("KODE WILAYAH", "NIK", "NO. KK", "RT", "RW", "NO. KARTU JKN")]


def quarter_periods(year: int, quarter: int) -> list[str]:
    if quarter not in (1, 2, 3, 4):
        raise UserError("KEC_TRIWULAN", quarter=quarter)
    return [f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)]


def latest_packages(work: Work, periods: list[str]) -> dict[str, tuple[str, int]]:
    """kode_wilayah → (period, package id) of each village's current package of the latest of
    ``periods`` it sent."""
    rows = work.conn.execute(
        select(P.c.kode_wilayah, P.c.period, P.c.id).where(
            P.c.period.in_(periods), P.c.state == "current"
        )
    )
    out: dict[str, tuple[str, int]] = {}
    for kode, period, pid in rows:
        if kode not in out or period > out[kode][0]:
            out[str(kode)] = (str(period), int(pid))
    return out


def hints(status_dasar: int, desil: int | None, occupation: int | None, jkn: str | None) -> str:
    """What the village's data already suggests the verifier check."""
    out = []
    if status_dasar == codes.MATI:
        out.append("meninggal: hapus")
    elif status_dasar == codes.PINDAH:
        out.append("pindah: tetap bila masih di kabupaten ini")
    elif status_dasar in J.GONE_UNFOUND:
        out.append("tidak ditemukan")
    if desil is None:
        out.append("desil belum ada")
    elif desil > 5:
        out.append(f"desil {desil}: periksa kemampuan")
    if occupation in J.WAGE_OCCUPATIONS:
        out.append("pekerjaan penerima upah: periksa PPU")
    if jkn != J.AKTIF:
        out.append("tidak aktif: periksa di BPJS")
    return "; ".join(out)


def _date(value: Any) -> str:
    if value in (None, ""):
        return ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return tanggal_pendek(d)


def verval_worksheet(work: Work, year: int, quarter: int, out: Path) -> KecDocument:
    """The quarter's worksheet (.xlsx): a sheet of the members to verify, a recap per kecamatan
    and a cover sheet with how to fill it in. Full NIKs: ``perm.EXPORT``."""
    work.require(perm.EXPORT)
    require_suffix(out, "Lembar verval PBPU Pemda", (".xlsx",))
    info = require_kabupaten(work)
    year = check_year(year)
    periods = quarter_periods(year, quarter)
    held = latest_packages(work, periods)
    if not held:
        raise UserError("KAB_VERVAL_KOSONG", quarter=quarter, year=year)
    period_of = {pid: period for period, pid in held.values()}
    names = kecamatan_names(work)
    by_kec = villages_by_kecamatan(work)
    village_name = {v.kode_wilayah: v.full_name for vs in by_kec.values() for v in vs}
    stmt = (
        select(
            P.c.kode_wilayah,
            R.c.package_id,
            R.c.nik,
            R.c.no_kk,
            R.c.name,
            R.c.sex,
            R.c.birth_date,
            H.c.address,
            H.c.rt,
            H.c.rw,
            H.c.dusun,
            H.c.desil,
            R.c.card_no,
            R.c.jkn_status,
            R.c.status_dasar,
            R.c.occupation,
        )
        .select_from(
            R.join(P, P.c.id == R.c.package_id).outerjoin(
                H, and_(H.c.package_id == R.c.package_id, H.c.no_kk == R.c.no_kk)
            )
        )
        .where(R.c.package_id.in_(list(period_of)), R.c.segment == J.PBPU_PEMDA)
        .order_by(P.c.kode_wilayah, H.c.dusun, H.c.rw, H.c.rt, R.c.no_kk, R.c.name, R.c.id)
    )
    rows: list[list[Any]] = []
    members: dict[str, int] = defaultdict(int)
    flagged: dict[str, int] = defaultdict(int)
    for r in stream_rows(work.conn, stmt):
        kode, pid, nik, no_kk, name, sex, born, address, rt, rw, dusun, desil = r[:12]
        card, jkn, status, occupation = r[12:]
        kec = kecamatan_of(kode)
        hint = hints(int(status), desil, occupation, jkn)
        members[kec] += 1
        flagged[kec] += bool(hint)
        rows.append(
            [
                len(rows) + 1,
                names.get(kec, kec).upper(),
                village_name.get(kode, kode).upper(),
                kode,
                nik,
                no_kk or "",
                name,
                {"L": "LAKI-LAKI", "P": "PEREMPUAN"}.get(sex or "", ""),
                _date(born),
                address or "",
                rt or "",
                rw or "",
                dusun or "",
                desil if desil is not None else "",
                card or "",
                J.STATUSES.get(jkn or "", "Tidak diketahui"),
                codes.STATUS_DASAR.get(int(status), str(status)),
                month_label(period_of[int(pid)]),
                hint,
                *[""] * len(VERDICT_HEADERS),
            ]
        )
    widths = [6, 20, 24, 16, 20, 20, 28, 12, 14, 28, 6, 6, 14, 8, 16, 14, 12, 16, 36]
    sheets = [
        _cover(work, info.kabupaten, info.camat, info.camat_nip, year, quarter, rows, held),
        Sheet(
            "Verval PBPU Pemda",
            HEADERS,
            rows,
            text_columns=TEXT,
            widths=[*widths, 22, 28, 28, 14, 20],
        ),
        _recap(by_kec, names, held, members, flagged),
    ]
    write_sheets(out, sheets)
    audit.exported(
        work,
        document="Lembar verval PBPU/BP Pemda",
        subject=f"{year} triwulan {quarter}",
        rows=len(rows),
        masked=False,
        target=out,
    )
    return KecDocument(out, f"{year}-T{quarter}", len(rows), 0, len(held))


def _cover(
    work: Work,
    kabupaten: str,
    kepala: str,
    nip: str,
    year: int,
    quarter: int,
    rows: list[list[Any]],
    held: dict[str, tuple[str, int]],
) -> Sheet:
    months = f"{month_label(quarter_periods(year, quarter)[0])} – "
    months += month_label(quarter_periods(year, quarter)[-1])
    lines: list[list[Any]] = [
        ["Kabupaten/Kota", kabupaten],
        ["Triwulan", f"{quarter} tahun {year} ({months})"],
        ["Desa/kelurahan dengan data triwulan ini", angka(len(held))],
        ["Peserta PBPU/BP Pemda", angka(len(rows))],
        ["Perlu diperiksa menurut data desa", angka(sum(1 for r in rows if r[18]))],
        ["Cara mengisi", "Isi kolom HASIL VERVAL dengan TETAP, HAPUS atau PERBAIKI DATA;"],
        ["", "tulis alasannya, catatan, tanggal pemeriksaan dan nama pemeriksa."],
        ["Dasar", "Verifikasi dan validasi PBPU/BP Pemda paling sedikit tiga bulan sekali."],
        ["Kepala Dinas", kepala],
        ["NIP", nip],
        ["Tanggal", tanggal(work.today)],
    ]
    return Sheet("Sampul", ["Keterangan", "Isi"], lines, text_columns=(1,), widths=[40, 70])


def _recap(
    by_kec: dict[str, list[Any]],
    names: dict[str, str],
    held: dict[str, tuple[str, int]],
    members: dict[str, int],
    flagged: dict[str, int],
) -> Sheet:
    rows: list[list[Any]] = []
    sent_all = expected_all = 0
    for kode, vs in by_kec.items():
        sent = sum(1 for v in vs if v.kode_wilayah in held)
        expected = sum(1 for v in vs if v.expected)
        sent_all, expected_all = sent_all + sent, expected_all + expected
        rows.append([names[kode].upper(), kode, sent, expected, members[kode], flagged[kode]])
    rows.append(
        ["JUMLAH", "", sent_all, expected_all, sum(members.values()), sum(flagged.values())]
    )
    headers = ["KECAMATAN", "KODE WILAYAH", "DESA DENGAN DATA", "DESA DIHARAPKAN"]
    headers += ["PESERTA PBPU PEMDA", "PERLU DIPERIKSA"]
    return Sheet(
        "Rekap per kecamatan", headers, rows, text_columns=(1,), widths=[24, 14, 16, 16, 18, 16]
    )
