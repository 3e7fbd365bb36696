"""The consolidated workbook to Dinas Sosial for a month (.xlsx): the proposals of every village
from its current package, with the village's columns (the layout of the village's own Dinsos
workbook, ``domain.dinsos``, as set in this file's Pengaturan) and the village in front; the two
programmes apart — a sheet per kind for PBI JK APBN (Kemensos) and another for PBPU/BP Pemda (the
kabupaten's budget) — a recap per village and a cover sheet. Full NIKs: ``perm.EXPORT``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from jkn_desktop.domain import dinsos as DS
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import angka, tanggal, tanggal_pendek
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.fastread import stream_rows
from jkn_desktop.persistence.tables import (
    kec_household_t,
    kec_package_t,
    kec_proposal_t,
    kec_resident_t,
    kec_village_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.reports.kecamatan_kop import month_label
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import require_kecamatan, villages
from jkn_desktop.services.kecamatan.packages import current_packages
from jkn_desktop.services.kecamatan.summary import check_period
from jkn_desktop.services.kecamatan.upward import require_suffix
from jkn_desktop.services.settings import get_setting

P, PR, R, H, V = kec_package_t, kec_proposal_t, kec_resident_t, kec_household_t, kec_village_t
NO_TRACK = ""  # a proposal from a package that did not name its programme (format 1)
TRACK_SHEETS = {**U.TRACK_SHORT, NO_TRACK: "Tanpa program"}
VILLAGE_FIELDS = [("desa", "DESA/KELURAHAN"), ("kode_wilayah", "KODE WILAYAH")]


def _date(value: Any) -> str:
    if value is None or value == "":
        return ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return tanggal_pendek(d)


def _records(work: Work, ids: list[int], info: KecamatanInfo) -> list[dict[str, Any]]:
    """Every proposal of the packages, as the village workbook's fields, in village order."""
    if not ids:
        return []
    stmt = (
        select(
            V.c.name,
            V.c.kind,
            P.c.kode_wilayah,
            PR.c.kind,
            PR.c.nik,
            PR.c.no_kk,
            PR.c.name,
            PR.c.card_no,
            PR.c.reason,
            PR.c.notes,
            PR.c.status,
            PR.c.approved_on,
            PR.c.replaces_nik,
            PR.c.replaces_name,
            PR.c.replaces_reason,
            PR.c.track,
            R.c.sex,
            R.c.birth_date,
            H.c.address,
            H.c.rt,
            H.c.rw,
            H.c.dusun,
            H.c.desil,
        )
        .select_from(
            PR.join(P, P.c.id == PR.c.package_id)
            .join(V, V.c.kode_wilayah == P.c.kode_wilayah)
            .outerjoin(R, and_(R.c.package_id == PR.c.package_id, R.c.nik == PR.c.nik))
            .outerjoin(H, and_(H.c.package_id == PR.c.package_id, H.c.no_kk == PR.c.no_kk))
        )
        .where(PR.c.package_id.in_(ids))
        .order_by(P.c.kode_wilayah, H.c.dusun, H.c.rw, H.c.rt, PR.c.no_kk, PR.c.name, PR.c.id)
    )
    out = []
    for r in stream_rows(work.conn, stmt):
        (vname, vkind, kode, kind, nik, no_kk, name, card, reason, notes, status, approved) = r[:12]
        (rnik, rname, rreason, track, sex, born, address, rt, rw, dusun, desil) = r[12:]
        out.append(
            {
                "desa": f"{'KELURAHAN' if vkind == 'kelurahan' else 'DESA'} {vname.upper()}",
                "kecamatan": info.kecamatan.upper(),
                "kode_wilayah": kode,
                "kind": kind,
                "track": track if track in U.TRACKS else NO_TRACK,
                "nik": nik,
                "no_kk": no_kk,
                "nama": name,
                "jenis_kelamin": {"L": "LAKI-LAKI", "P": "PEREMPUAN"}.get(sex or "", ""),
                "tempat_lahir": "",  # not in the package
                "tanggal_lahir": _date(born),
                "alamat": address or "",
                "rt": rt or "",
                "rw": rw or "",
                "dusun": dusun or "",
                "no_kartu": card,
                "desil": desil,
                "jenis_usulan": U.KINDS.get(kind, kind).upper(),
                "alasan": U.reason_label(kind, reason or ""),
                "keterangan": notes,
                "nik_diganti": rnik,
                "nama_diganti": rname,
                "alasan_diganti": U.reason_label(U.PENGHAPUSAN, rreason or ""),
                "status": U.STATUSES.get(status or "", status or ""),
                "tanggal_musdes": _date(approved),
                "segmen": U.TRACKS.get(track or "", ""),
            }
        )
    return out


def _sheet(
    title: str,
    cols: DS.Template,
    records: list[dict[str, Any]],
    place: list[tuple[str, str]] = VILLAGE_FIELDS,
) -> Sheet:
    """The village's layout with the village's name and code (``place``: the kabupaten's puts
    the kecamatan in front of them) after the number."""
    fields = [f for f, _ in cols if f not in ("desa", "kode_wilayah", "kecamatan")]
    at = 1 if fields and fields[0] == "no" else 0
    layout = [(f, h) for f, h in cols if f in fields]
    layout[at:at] = place
    keys = [f for f, _ in layout]
    rows = [[i if f == "no" else rec.get(f, "") for f in keys] for i, rec in enumerate(records, 1)]
    text = [i for i, f in enumerate(keys) if f in DS.TEXT_FIELDS]
    wide = ("nama", "alamat", "alasan", "keterangan", "nama_diganti", "desa")
    widths = [
        6 if f == "no" else 20 if f in DS.TEXT_FIELDS else 28 if f in wide else 14 for f in keys
    ]
    return Sheet(title, [h for _, h in layout], rows, text_columns=text, widths=widths)


def export_dinsos_kecamatan(work: Work, period: str, out: Path) -> KecDocument:
    """The month's consolidated workbook for Dinas Sosial (full NIKs), as of the job's day."""
    work.require(perm.EXPORT)
    require_suffix(out, "Buku kerja untuk Dinas Sosial", (".xlsx",))
    info = require_kecamatan(work)
    if info.is_kabupaten:  # the same workbook one level up, with the kecamatan of each village
        from jkn_desktop.services.kabupaten.dinsos import export_dinsos_kabupaten

        return export_dinsos_kabupaten(work, period, out)
    year, month = check_period(period)
    period = f"{year}-{month:02d}"
    held = current_packages(work, period)
    if not held:
        raise UserError("KEC_BELUM_ADA_PAKET", what=f"bulan {period}")
    layouts = DS.templates(get_setting(work, "dinsos_templates"))
    records = _records(work, list(held.values()), info)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        groups[(rec["track"], rec["kind"])].append(rec)
    tracks = [*U.TRACKS, *([NO_TRACK] if any(t == NO_TRACK for t, _ in groups) else [])]
    sheets = [_cover(work, info, period, held, groups, tracks)]
    sheets.append(_per_village(work, held, records))
    for track in tracks:
        for kind, label in U.KINDS.items():
            title = f"{TRACK_SHEETS[track]} - {label}"
            sheets.append(_sheet(title, layouts[kind], groups.get((track, kind), [])))
    write_sheets(out, sheets)
    audit.exported(
        work,
        document="Buku kerja usulan se-kecamatan untuk Dinas Sosial",
        subject=period,
        rows=len(records),
        masked=False,
        target=out,
    )
    return KecDocument(out, period, len(records), 0, len(held))


def _cover(
    work: Work,
    info: KecamatanInfo,
    period: str,
    held: dict[str, int],
    groups: dict[tuple[str, str], list[dict[str, Any]]],
    tracks: list[str],
) -> Sheet:
    expected = [v for v in villages(work) if v.expected]
    missing = [v.full_name for v in expected if v.kode_wilayah not in held]
    rows: list[list[Any]] = [
        ["Kecamatan", info.kecamatan],
        ["Kode wilayah Kemendagri", info.kode_wilayah],
        ["Kabupaten/Kota", info.kabupaten],
        ["Provinsi", info.provinsi],
        ["Periode usulan", f"{month_label(period)} ({period})"],
        ["Desa/kelurahan yang mengirim", f"{angka(len(held))} dari {angka(len(expected))}"],
        ["Belum mengirim", ", ".join(missing) or "-"],
    ]
    for track in tracks:
        name = U.TRACKS.get(track, "Program tidak disebut")
        for kind, label in U.KINDS.items():
            rows.append([f"{name}: {label.lower()}", angka(len(groups.get((track, kind), [])))])
    rows.append(["Jumlah usulan", angka(sum(len(g) for g in groups.values()))])
    rows += [["Camat", info.camat], ["NIP", info.camat_nip], ["Tanggal", tanggal(work.today)]]
    return Sheet("Sampul", ["Keterangan", "Isi"], rows, text_columns=(1,), widths=[42, 60])


def _per_village(work: Work, held: dict[str, int], records: list[dict[str, Any]]) -> Sheet:
    """Proposals per village, kind and programme."""
    count: dict[tuple[str, str, str], int] = defaultdict(int)
    for rec in records:
        count[(rec["kode_wilayah"], rec["track"], rec["kind"])] += 1
    headers = ["DESA/KELURAHAN", "KODE WILAYAH"]
    keys = [(t, k) for t in U.TRACKS for k in U.KINDS]
    headers += [f"{U.TRACK_SHORT[t].upper()} {U.KINDS[k].upper()}" for t, k in keys]
    headers.append("JUMLAH")
    rows = []
    for v in villages(work):
        if v.kode_wilayah not in held:
            continue
        cells = [count[(v.kode_wilayah, t, k)] for t, k in keys]
        total = sum(n for (kode, _t, _k), n in count.items() if kode == v.kode_wilayah)
        rows.append([v.full_name.upper(), v.kode_wilayah, *cells, total])
    return Sheet(
        "Rekap per desa",
        headers,
        rows,
        text_columns=(1,),
        widths=[28, 16, *[12] * len(keys), 10],
    )
