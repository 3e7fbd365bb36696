"""The monthly workbook to Dinas Sosial (.xlsx): a cover sheet, a sheet per proposal kind, the PBI
participants at the end of the month with full name and address, and the changes since the month
before. Column layouts come from the templates in Pengaturan (``domain.dinsos``); NIK, No. KK, card
numbers, RT and RW are text cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.domain import dinsos as DS
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import angka, tanggal, tanggal_pendek
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.current_state import states_at_each
from jkn_desktop.persistence.fastread import stream_rows
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t, usulan_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import CurrentState
from jkn_desktop.records.usulan import DinsosSummary
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.services import audit
from jkn_desktop.services.documents.rosters import (
    check_month,
    pbi_statement,
    period_end,
    period_label,
    require_village,
)
from jkn_desktop.services.settings import get_setting
from jkn_desktop.services.usulan.proposals import check_period

R, H, C, T = resident_t, household_t, jkn_current_t, usulan_t


def _date(value: Any) -> str:
    if value is None or value == "":
        return ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return tanggal_pendek(d)


def _sex(code: str | None) -> str:
    return {"L": "LAKI-LAKI", "P": "PEREMPUAN"}.get(code or "", "")


def _place(v: VillageInfo) -> dict[str, Any]:
    return {
        "desa": v.desa.upper(),
        "kecamatan": v.kecamatan.upper(),
        "kode_wilayah": v.kode_wilayah,
    }


def _proposal_records(work: Work, period: str, v: VillageInfo) -> dict[str, list[dict[str, Any]]]:
    stmt = (
        select(
            T.c.kind,
            T.c.nik,
            T.c.no_kk,
            T.c.name,
            T.c.card_no,
            T.c.reason,
            T.c.notes,
            T.c.status,
            T.c.approved_on,
            T.c.replaces_nik,
            T.c.replaces_name,
            T.c.replaces_reason,
            T.c.track,
            R.c.sex,
            R.c.birth_place,
            R.c.birth_date,
            H.c.address,
            H.c.rt,
            H.c.rw,
            H.c.dusun,
            H.c.desil,
        )
        .select_from(
            T.outerjoin(R, R.c.id == T.c.resident_id).outerjoin(H, H.c.id == R.c.household_id)
        )
        .where(T.c.period == period)
        .order_by(H.c.dusun, H.c.rw, H.c.rt, T.c.no_kk, T.c.name, T.c.id)
    )
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in U.KINDS}
    for r in stream_rows(work.conn, stmt):
        (
            kind,
            nik,
            no_kk,
            name,
            card,
            reason,
            notes,
            status,
            approved,
            rnik,
            rname,
            rreason,
            track,
            sex,
            born_in,
            born,
            address,
            rt,
            rw,
            dusun,
            desil,
        ) = r
        out[kind].append(
            {
                "nik": nik,
                "no_kk": no_kk,
                "nama": name,
                "jenis_kelamin": _sex(sex),
                "tempat_lahir": born_in or "",
                "tanggal_lahir": _date(born),
                "alamat": address or "",
                "rt": rt or "",
                "rw": rw or "",
                "dusun": dusun or "",
                "no_kartu": card,
                "desil": desil,
                "jenis_usulan": U.KINDS.get(kind, kind).upper(),
                "alasan": U.reason_label(kind, reason),
                "keterangan": notes,
                "nik_diganti": rnik,
                "nama_diganti": rname,
                "alasan_diganti": U.reason_label(U.PENGHAPUSAN, rreason),
                "status": v.words.status_label(status),
                "tanggal_musdes": _date(approved),
                "segmen": U.TRACKS.get(track, track),
                **_place(v),
            }
        )
    return out


def _pbi_records(
    work: Work, on: dt.date, v: VillageInfo, states: dict[int, CurrentState]
) -> dict[str, dict[str, Any]]:
    """PBI participants active at ``on`` (as ``states`` decide), keyed by NIK, in household order."""
    out: dict[str, dict[str, Any]] = {}
    for r in stream_rows(work.conn, pbi_statement(work, on, states)):
        (
            _hid,
            no_kk,
            dusun,
            rw,
            rt,
            address,
            nik,
            name,
            sex,
            born,
            _shdk,
            card,
            segment,
            kelas,
            born_in,
            desil,
        ) = r
        out[nik] = {
            "nik": nik,
            "no_kk": no_kk or "",
            "nama": name,
            "jenis_kelamin": _sex(sex),
            "tempat_lahir": born_in or "",
            "tanggal_lahir": _date(born),
            "alamat": address or "",
            "rt": rt or "",
            "rw": rw or "",
            "dusun": dusun or "",
            "no_kartu": card or "",
            "segmen": J.SEGMENTS.get(segment, segment),
            "kelas": kelas,
            "desil": desil,
            **_place(v),
        }
    return out


def _pbi_niks(work: Work, on: dt.date, states: dict[int, CurrentState]) -> list[tuple[int, str]]:
    """(resident id, NIK) of the PBI participants active at ``on``, alive then — the residents of
    :func:`_pbi_records` without their particulars."""
    held = {
        rid for rid, st in states.items() if st.segment in J.PBI_SEGMENTS and st.status == J.AKTIF
    }
    alive = (R.c.status_dasar == codes.HIDUP) | (R.c.status_changed_at > on)
    rows = work.conn.execute(select(R.c.id, R.c.nik).where(alive)).all()
    return [(rid, nik) for rid, nik in rows if rid in held]


def _sheet(key: str, cols: DS.Template, records: list[dict[str, Any]]) -> Sheet:
    fields = [f for f, _ in cols]
    rows = [
        [i if f == "no" else rec.get(f, "") for f in fields] for i, rec in enumerate(records, 1)
    ]
    text = [i for i, f in enumerate(fields) if f in DS.TEXT_FIELDS]
    widths = [
        6
        if f == "no"
        else 20
        if f in DS.TEXT_FIELDS
        else 28
        if f in ("nama", "alamat", "alasan", "keterangan", "nama_diganti")
        else 14
        for f in fields
    ]
    return Sheet(DS.SHEETS[key], [h for _, h in cols], rows, text_columns=text, widths=widths)


def _cover(
    village: VillageInfo,
    period: str,
    on: dt.date,
    today: dt.date,
    proposals: dict[str, list[dict[str, Any]]],
    pbi: int,
    joined: int,
    left: int,
) -> list[list[Any]]:
    """The Sampul sheet: who sends what for which month, with the counts."""
    counts = {k: len(v) for k, v in proposals.items()}
    return [
        [village.words.unit, village.desa],
        ["Kode wilayah Kemendagri", village.kode_wilayah],
        ["Kecamatan", village.kecamatan],
        ["Kabupaten/Kota", village.kabupaten],
        ["Provinsi", village.provinsi],
        ["Periode usulan", f"{period_label(period)} ({period})"],
        *[[f"Usulan {label.lower()}", angka(counts[k])] for k, label in U.KINDS.items()],
        ["Jumlah usulan", angka(sum(counts.values()))],
        *[
            [
                f"Usulan untuk {label}",
                angka(sum(1 for rows in proposals.values() for p in rows if p["segmen"] == label)),
            ]
            for label in U.TRACKS.values()
        ],
        [f"Peserta PBI JK per {tanggal(on)}", angka(pbi)],
        ["Masuk daftar sejak bulan lalu", angka(joined)],
        ["Keluar dari daftar sejak bulan lalu", angka(left)],
        [village.words.head, village.kepala_desa],
        ["Disiapkan oleh", village.operator or village.sekretaris_desa],
        ["Tanggal", tanggal(today)],
    ]


def export_dinsos(
    work: Work, period: str, out: Path, *, progress: Callable[[int, int], None] | None = None
) -> DinsosSummary:
    """The month's workbook for Dinas Sosial, as of the job's day."""
    work.require(perm.EXPORT)
    period = check_period(period)
    if out.suffix.lower() != ".xlsx":
        raise UserError(
            "JENIS_BERKAS", what="Buku kerja untuk Dinas Sosial", allowed=".xlsx", file=out.name
        )
    village = require_village(work)
    on = check_month(period, work.today)
    layouts = DS.templates(get_setting(work, "dinsos_templates"))
    proposals = _proposal_records(work, period, village)
    if progress:
        progress(1, 4)
    # the list at the month's end, and the month before only as far as the changes need it:
    # the observations read once for both days, full records only for those who left
    day_before = period_end(period).replace(day=1) - dt.timedelta(days=1)
    states_now, states_before = states_at_each(work.conn, [on, day_before])
    now = _pbi_records(work, on, village, states_now)
    was_pbi = _pbi_niks(work, day_before, states_before)
    before_niks = {nik for _rid, nik in was_pbi}
    left_ids = {rid for rid, nik in was_pbi if nik not in now}
    before = _pbi_records(
        work, day_before, village, {r: st for r, st in states_before.items() if r in left_ids}
    )
    if progress:
        progress(3, 4)
    changes = [
        {**rec, "perubahan": "MASUK DAFTAR"} for nik, rec in now.items() if nik not in before_niks
    ]
    joined = len(changes)
    changes += [
        {**rec, "perubahan": "KELUAR DARI DAFTAR"} for nik, rec in before.items() if nik not in now
    ]
    left = len(changes) - joined
    cover = _cover(village, period, on, work.today, proposals, len(now), joined, left)
    sheets = [Sheet("Sampul", ["Keterangan", "Isi"], cover, text_columns=(1,), widths=[38, 48])]
    sheets += [_sheet(k, layouts[k], proposals[k]) for k in DS.PROPOSAL_SHEETS]
    sheets.append(_sheet("pbi", layouts["pbi"], list(now.values())))
    sheets.append(_sheet("perubahan", layouts["perubahan"], changes))
    write_sheets(out, sheets)
    if progress:
        progress(4, 4)
    counts = {k: len(v) for k, v in proposals.items()}
    audit.exported(
        work,
        document="Buku kerja bulanan untuk Dinas Sosial",
        subject=period,
        rows=sum(counts.values()) + len(now) + len(changes),
        masked=False,
        target=out,
    )
    return DinsosSummary(out, period, counts, len(now), joined, left)
