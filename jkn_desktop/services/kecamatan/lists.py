"""A village's lists behind the dashboard's figures (the drill-down), from its current package of
the month: the uninsured households, the uninsured residents, the proposals and the APBDes
beneficiaries. Paged and sorted in SQL; the cells are already in words (no codes on screen)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, select

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import (
    kec_apbdes_beneficiary_t,
    kec_apbdes_line_t,
    kec_household_t,
    kec_proposal_t,
    kec_resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_reports import VillageList
from jkn_desktop.services.kecamatan import figures as F
from jkn_desktop.services.kecamatan.identity import require_kecamatan
from jkn_desktop.services.kecamatan.packages import current_packages
from jkn_desktop.services.kecamatan.summary import check_period

R, H, PR = kec_resident_t, kec_household_t, kec_proposal_t
L, B = kec_apbdes_line_t, kec_apbdes_beneficiary_t

KINDS: dict[str, str] = {
    "kk_belum": "KK yang belum terlindungi",
    "penduduk_belum": "Penduduk yang belum terlindungi",
    "usulan": "Usulan bulan ini",
    "penerima_apbdes": "Penerima iuran APBDes",
}


def _households(pid: int) -> tuple[list[str], Select[Any], list[Any]]:
    per_kk = (
        select(
            R.c.no_kk.label("no_kk"),
            func.count().label("alive"),
            func.sum(F.active_expr()).label("act"),
            func.max(case((R.c.shdk == 1, R.c.name), else_=None)).label("head"),
        )
        .where(R.c.package_id == pid, F.living(), R.c.no_kk != "")
        .group_by(R.c.no_kk)
        .subquery()
    )
    stmt = (
        select(
            per_kk.c.no_kk,
            func.coalesce(per_kk.c.head, ""),
            func.coalesce(H.c.address, ""),
            func.coalesce(H.c.rt, ""),
            func.coalesce(H.c.rw, ""),
            func.coalesce(H.c.dusun, ""),
            H.c.desil,
            per_kk.c.alive,
            per_kk.c.alive - per_kk.c.act,
            case((per_kk.c.act == 0, "Seluruh anggota"), else_="Sebagian anggota"),
        )
        .select_from(per_kk.outerjoin(H, and_(H.c.package_id == pid, H.c.no_kk == per_kk.c.no_kk)))
        .where(per_kk.c.act < per_kk.c.alive)
    )
    cols = [
        "No. KK",
        "Kepala keluarga",
        "Alamat",
        "RT",
        "RW",
        "Dusun",
        "Desil",
        "Anggota hidup",
        "Belum terlindungi",
        "Yang belum terlindungi",
    ]
    return cols, stmt, [H.c.dusun, H.c.rw, H.c.rt, per_kk.c.no_kk]


def _residents(pid: int) -> tuple[list[str], Select[Any], list[Any]]:
    stmt = (
        select(
            R.c.nik,
            R.c.name,
            R.c.no_kk,
            R.c.sex,
            R.c.birth_date,
            R.c.segment,
            R.c.jkn_status,
            R.c.uninsured_reason,
            func.coalesce(H.c.dusun, ""),
            H.c.desil,
        )
        .select_from(R.outerjoin(H, and_(H.c.package_id == R.c.package_id, H.c.no_kk == R.c.no_kk)))
        .where(R.c.package_id == pid, F.living(), F.active_expr() == 0)
    )
    cols = [
        "NIK",
        "Nama",
        "No. KK",
        "L/P",
        "Tanggal lahir",
        "Segmen",
        "Status",
        "Sebab belum terlindungi",
        "Dusun",
        "Desil",
    ]
    return cols, stmt, [H.c.dusun, R.c.no_kk, R.c.name, R.c.nik, H.c.desil]


def _proposals(pid: int) -> tuple[list[str], Select[Any], list[Any]]:
    stmt = select(
        PR.c.kind,
        PR.c.nik,
        PR.c.name,
        PR.c.no_kk,
        PR.c.reason,
        PR.c.track,
        PR.c.status,
        PR.c.approved_on,
        PR.c.sent_on,
        PR.c.decided_on,
    ).where(PR.c.package_id == pid)
    cols = [
        "Jenis usulan",
        "NIK",
        "Nama",
        "No. KK",
        "Alasan",
        "Program",
        "Tahap",
        "Musdes",
        "Dikirim",
        "Diputuskan",
    ]
    return cols, stmt, [PR.c.kind, PR.c.name, PR.c.nik, PR.c.status, PR.c.id]


def _beneficiaries(pid: int, year: int) -> tuple[list[str], Select[Any], list[Any]]:
    stmt = (
        select(
            B.c.nik,
            B.c.name,
            L.c.kegiatan,
            L.c.rekening,
            B.c.start_month,
            B.c.end_month,
        )
        .select_from(B.join(L, and_(L.c.package_id == B.c.package_id, L.c.line_no == B.c.line_no)))
        .where(B.c.package_id == pid, L.c.year == year)
    )
    cols = ["NIK", "Nama", "Kegiatan", "Rekening", "Bulan mulai", "Bulan akhir"]
    return cols, stmt, [B.c.name, B.c.nik, L.c.kegiatan, B.c.start_month]


def _words(kind: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    from jkn_desktop.domain.apbdes import month_name

    if kind == "penduduk_belum":
        nik, name, kk, sex, born, seg, st, reason, dusun, desil = row
        return (
            nik,
            name,
            kk,
            sex,
            tanggal(born) if born else "",
            J.SEGMENTS.get(seg or "", "Belum tercatat"),
            J.STATUSES.get(st or "", ""),
            J.REASONS.get(reason or "", "") or _fallback_reason(seg, st),
            dusun,
            desil if desil is not None else "",
        )
    if kind == "usulan":
        k, nik, name, kk, reason, track, status, approved, sent, decided = row
        return (
            U.KINDS.get(k, k),
            nik,
            name,
            kk,
            U.reason_label(k, reason or ""),
            U.TRACK_SHORT.get(track or "", ""),
            U.STATUSES.get(status or "", status or ""),
            *(tanggal(d) if d else "" for d in (approved, sent, decided)),
        )
    if kind == "penerima_apbdes":
        nik, name, keg, rek, start, end = row
        return (nik, name, keg, rek, month_name(start), month_name(end))
    *head, desil, alive, missing, flag = row
    return (*head, desil if desil is not None else "", alive, missing, flag)


def _fallback_reason(segment: str | None, status: str | None) -> str:
    """In words, for a package without the village's verdict (format 1 and 2)."""
    if segment is None:
        return J.REASONS["belum_dicatat"]
    if segment not in J.JKN_SEGMENTS:
        return J.REASONS["belum_terdaftar"]
    return "Terdaftar, tidak aktif" if status == J.NONAKTIF else J.REASONS["tidak_diketahui"]


def village_lists(
    work: Work,
    period: str,
    kode_wilayah: str,
    kind: str,
    *,
    offset: int = 0,
    limit: int = 200,
    sort: int | None = None,
    descending: bool = False,
) -> VillageList:
    """One page of a village's list ``kind`` (see ``KINDS``) for ``period``; ``sort`` is the index
    of the column to sort by (the natural order of the list when ``None``)."""
    require_kecamatan(work)
    year, _m = check_period(period)
    if kind not in KINDS:
        raise UserError("KEC_DAFTAR_JENIS", kind=kind)
    pid = current_packages(work, period).get(kode_wilayah)
    if pid is None:
        return VillageList(kind, KINDS[kind], [], [], 0, offset)
    if kind == "kk_belum":
        cols, stmt, order = _households(pid)
    elif kind == "penduduk_belum":
        cols, stmt, order = _residents(pid)
    elif kind == "usulan":
        cols, stmt, order = _proposals(pid)
    else:
        cols, stmt, order = _beneficiaries(pid, year)
    total = int(work.conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())
    if sort is not None and 0 <= sort < len(cols):
        key = list(stmt.selected_columns)[sort]
        stmt = stmt.order_by(key.desc() if descending else key.asc())
    stmt = stmt.order_by(*order).offset(max(0, offset)).limit(max(1, limit))
    rows = [_words(kind, tuple(r)) for r in work.conn.execute(stmt)]
    return VillageList(kind, KINDS[kind], cols, rows, total, offset)
