"""The data sheets of the desa → kecamatan package, read from the village database (the columns:
docs/package-format.md), and the stable id each resident carries in them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import roles as perm
from jkn_desktop.persistence import household_situation as situations
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    household_desil_t,
    household_t,
    jkn_current_t,
    resident_t,
    usulan_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.services.usulan.package_hash import cell_text as _s

R, H, C, D, T = resident_t, household_t, jkn_current_t, household_desil_t, usulan_t
L, B = apbdes_line_t, apbdes_beneficiary_t


@dataclass(frozen=True, slots=True)
class DataSheet:
    name: str
    headers: tuple[str, ...]
    text: tuple[str, ...]  # columns written as text cells (identifiers, codes with leading zeros)
    rows: list[list[Any]] = field(default_factory=list)


def fill_uids(work: Work) -> int:
    """Give every resident without one a stable id (uuid4, 32 hex digits), kept for good: the
    kecamatan knows a resident by it across packages even when the NIK is corrected. Returns how
    many were given. The resident's ``updated_at`` is left alone (nothing the user sees changed).
    Part of exporting the package: whoever may export it."""
    work.require(perm.EXPORT)
    missing = [
        r[0] for r in work.conn.execute(select(R.c.id).where(R.c.uid.is_(None) | (R.c.uid == "")))
    ]
    if missing:
        work.conn.execute(
            update(R).where(R.c.id == bindparam("rid")).values(uid=bindparam("new_uid")),
            [{"rid": rid, "new_uid": uuid.uuid4().hex} for rid in missing],
        )
    return len(missing)


def _read(conn: Connection, period: str, year: int) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every data sheet, as the database holds them."""
    households = read_rows(
        conn,
        select(
            H.c.no_kk, H.c.address, H.c.rt, H.c.rw, H.c.dusun, H.c.desil, H.c.desil_as_of
        ).order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk),
    )
    people = read_rows(
        conn,
        select(
            R.c.nik,
            H.c.no_kk,
            R.c.name,
            R.c.sex,
            R.c.birth_date,
            R.c.shdk,
            R.c.status_dasar,
            R.c.status_changed_at,
            R.c.occupation,
            R.c.disability,
            R.c.chronic_illness,
            R.c.pregnant,
            R.c.uid,
            R.c.mother_name,
            situations.situation_sql(),
            H.c.desil,
        )
        .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
        .order_by(H.c.no_kk, func.coalesce(R.c.shdk, 99), R.c.nik),
    )
    members = read_rows(
        conn,
        select(R.c.nik, C.c.segment, C.c.kelas, C.c.card_no, C.c.status, C.c.as_of, C.c.source)
        .select_from(C.join(R, R.c.id == C.c.resident_id))
        .order_by(R.c.nik),
    )
    desil = read_rows(
        conn,
        select(H.c.no_kk, D.c.desil, D.c.as_of, D.c.source)
        .select_from(D.join(H, H.c.id == D.c.household_id))
        .order_by(H.c.no_kk, D.c.as_of, D.c.id),
    )
    proposals = read_rows(
        conn,
        select(
            T.c.period,
            T.c.kind,
            T.c.reason,
            T.c.nik,
            T.c.name,
            T.c.no_kk,
            T.c.card_no,
            T.c.replaces_nik,
            T.c.replaces_name,
            T.c.replaces_reason,
            T.c.notes,
            T.c.status,
            T.c.approved_on,
            T.c.sent_on,
            T.c.decided_on,
            T.c.track,
        )
        .where(T.c.period == period)
        .order_by(T.c.kind, T.c.nik),
    )
    lines = read_rows(
        conn,
        select(
            L.c.id,
            L.c.year,
            L.c.kegiatan,
            L.c.rekening,
            L.c.sumber,
            L.c.pagu,
            L.c.pagu_revised,
            L.c.revised_on,
            L.c.scheme_segment,
            L.c.scheme_kelas,
            L.c.scheme_share,
            L.c.custom_rate,
            L.c.notes,
        )
        .where(L.c.year == year)
        .order_by(L.c.id),
    )
    funded = read_rows(
        conn,
        select(B.c.line_id, R.c.nik, R.c.name, B.c.start_month, B.c.end_month, B.c.overridden)
        .select_from(B.join(R, R.c.id == B.c.resident_id).join(L, L.c.id == B.c.line_id))
        .where(L.c.year == year)
        .order_by(B.c.line_id, R.c.nik, B.c.start_month),
    )
    return {
        "households": households,
        "people": people,
        "members": members,
        "desil": desil,
        "proposals": proposals,
        "lines": lines,
        "funded": funded,
    }


def data_sheets(work: Work, period: str) -> list[DataSheet]:
    from jkn_desktop.services.apbdes.summaries import line_summaries
    from jkn_desktop.services.office.month import office_month

    year = int(period[:4])
    t = _read(work.conn, period, year)
    money = {s.id: s for s in line_summaries(work, year)}

    def rows(data: Iterable[Sequence[Any]]) -> list[list[Any]]:
        return [[_s(v) for v in r] for r in data]

    return [
        DataSheet(
            "Keluarga",
            ("no_kk", "alamat", "rt", "rw", "dusun", "desil", "desil_per"),
            ("no_kk", "rt", "rw"),
            rows(t["households"]),
        ),
        DataSheet(
            "Penduduk",
            (
                "nik",
                "no_kk",
                "nama",
                "jenis_kelamin",
                "tanggal_lahir",
                "shdk",
                "status_dasar",
                "tanggal_status",
                "pekerjaan",
                "disabilitas",
                "sakit_menahun",
                "hamil",
                "uid",
                "nama_ibu",
                "terdaftar",
                "aktif",
                "alasan_belum",
            ),
            ("nik", "no_kk", "uid"),
            _people(t["people"]),
        ),
        DataSheet(
            "Kepesertaan",
            ("nik", "segmen", "kelas", "no_kartu", "status", "per_tanggal", "sumber"),
            ("nik", "no_kartu"),
            rows(t["members"]),
        ),
        DataSheet(
            "Desil", ("no_kk", "desil", "per_tanggal", "sumber"), ("no_kk",), rows(t["desil"])
        ),
        DataSheet(
            "Usulan",
            (
                "periode",
                "jenis",
                "alasan",
                "nik",
                "nama",
                "no_kk",
                "no_kartu",
                "nik_diganti",
                "nama_diganti",
                "alasan_diganti",
                "catatan",
                "status",
                "disetujui",
                "dikirim",
                "diputuskan",
                "program",
            ),
            ("nik", "no_kk", "no_kartu", "nik_diganti"),
            rows(t["proposals"]),
        ),
        DataSheet(
            "APBDes_Baris",
            (
                "id",
                "tahun",
                "kegiatan",
                "rekening",
                "sumber_dana",
                "pagu",
                "pagu_perubahan",
                "tanggal_perubahan",
                "skema_segmen",
                "skema_kelas",
                "skema_bagian",
                "tarif_khusus",
                "catatan",
                "komitmen",
                "realisasi",
                "penerima",
            ),
            ("kegiatan", "rekening"),
            [
                [*r, money[r[0]].committed, money[r[0]].realized, money[r[0]].beneficiaries]
                for r in rows(t["lines"])
            ],
        ),
        DataSheet(
            "APBDes_Penerima",
            ("baris", "nik", "nama", "bulan_mulai", "bulan_akhir", "dikecualikan"),
            ("nik",),
            rows(t["funded"]),
        ),
        # the office's own acts as counts only (the kecamatan needs no visitor's NIK)
        DataSheet(
            "Pelayanan",
            ("bagian", "ukuran", "jumlah"),
            ("bagian", "ukuran"),
            [list(r) for r in office_month(work, period).rows()],
        ),
        # format 3: the village's own totals by its rules, which the kecamatan sums as they are
        DataSheet("Ringkasan", ("ukuran", "jumlah"), ("ukuran",), _totals(work)),
    ]


def _people(people: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """The Penduduk rows: the resident as recorded, then the village's verdict by its rules on
    the resident's situation (the very function its coverage counts with): registered, active,
    and the reason key when not insured."""
    known: dict[tuple[str, int | None], Any] = {}
    out = []
    for r in people:
        code, desil = r[14], r[15]
        verdict = known.get((code, desil))
        if verdict is None:
            verdict = known[(code, desil)] = situations.member(code, desil)
        _step, _alive, _seg, reason, registered, active = verdict
        out.append(
            [
                *(_s(v) for v in r[:6]),
                codes.STATUS_DASAR.get(r[6], r[6]),
                *(_s(v) for v in r[7:11]),
                int(bool(r[11])),
                r[12] or "",
                r[13] or "",
                int(registered),
                int(registered and active),
                reason or "",
            ]
        )
    return out


def _totals(work: Work) -> list[list[Any]]:
    """The Ringkasan rows: the village's coverage figures (services.membership.coverage)."""
    from jkn_desktop.services.membership.coverage import coverage

    total = coverage(work).total
    return [
        ["penduduk", total.population],
        ["terdaftar", total.registered],
        ["aktif", total.active],
        ["kk", total.households],
        ["kk_belum_seluruhnya", total.households_fully_uninsured],
        ["kk_belum_sebagian", total.households_partly_uninsured],
    ]
