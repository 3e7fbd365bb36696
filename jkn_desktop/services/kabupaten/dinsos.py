"""The kabupaten's consolidated workbook of a month's proposals (decision 49): the kecamatan's
workbook (``services.kecamatan.dinsos``: the same records, the same village layouts) over every
village of the kabupaten, with the kecamatan in front of each village, and one track or both —
PBI JK APBN goes on to Kemensos, PBPU/BP Pemda stays with the kabupaten's budget, so Dinas Sosial
may want a file for each. Full NIKs: ``perm.EXPORT``."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from jkn_desktop.domain import dinsos as DS
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import angka, tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.reports.kecamatan_kop import month_label
from jkn_desktop.services import audit
from jkn_desktop.services.kabupaten.identity import (
    kecamatan_names,
    kecamatan_of,
    require_kabupaten,
    villages_by_kecamatan,
)
from jkn_desktop.services.kecamatan.dinsos import (
    NO_TRACK,
    TRACK_SHEETS,
    VILLAGE_FIELDS,
    _records,
    _sheet,
)
from jkn_desktop.services.kecamatan.packages import current_packages
from jkn_desktop.services.kecamatan.summary import check_period
from jkn_desktop.services.kecamatan.upward import require_suffix
from jkn_desktop.services.settings import get_setting

PLACE = [("kecamatan", "KECAMATAN"), *VILLAGE_FIELDS]


def export_dinsos_kabupaten(
    work: Work, period: str, out: Path, *, track: str | None = None
) -> KecDocument:
    """The month's proposals of every village that sent, a sheet per programme and kind (only
    ``track``'s when given: ``pbi_apbn`` or ``pbpu_pemda``), a recap per kecamatan and per
    village, and a cover sheet."""
    work.require(perm.EXPORT)
    require_suffix(out, "Buku kerja untuk Dinas Sosial", (".xlsx",))
    info = require_kabupaten(work)
    if track is not None and track not in U.TRACKS:
        raise UserError("KAB_PROGRAM", track=track)
    year, month = check_period(period)
    period = f"{year}-{month:02d}"
    held = current_packages(work, period)
    if not held:
        raise UserError("KEC_BELUM_ADA_PAKET", what=f"bulan {period}")
    names = kecamatan_names(work)
    records = _records(work, list(held.values()), info)
    for rec in records:
        kec = kecamatan_of(rec["kode_wilayah"])
        rec["kecamatan"] = names.get(kec, kec).upper()
    if track is not None:
        records = [r for r in records if r["track"] == track]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        groups[(rec["track"], rec["kind"])].append(rec)
    tracks = (
        [track]
        if track is not None
        else [*U.TRACKS, *([NO_TRACK] if any(t == NO_TRACK for t, _ in groups) else [])]
    )
    layouts = DS.templates(get_setting(work, "dinsos_templates"))
    sheets = [_cover(work, info, period, held, groups, tracks)]
    sheets += _recaps(work, held, records, tracks)
    for t in tracks:
        for kind, label in U.KINDS.items():
            sheets.append(
                _sheet(f"{TRACK_SHEETS[t]} - {label}", layouts[kind], groups[(t, kind)], PLACE)
            )
    write_sheets(out, sheets)
    audit.exported(
        work,
        document="Buku kerja usulan se-kabupaten untuk Dinas Sosial",
        subject=period if track is None else f"{period} {U.TRACK_SHORT[track]}",
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
    by_kec = villages_by_kecamatan(work)
    expected = sum(1 for vs in by_kec.values() for v in vs if v.expected)
    program = ", ".join(U.TRACKS.get(t, "Program tidak disebut") for t in tracks)
    rows: list[list[Any]] = [
        ["Kabupaten/Kota", info.kabupaten],
        ["Kode wilayah Kemendagri", info.kode_wilayah],
        ["Provinsi", info.provinsi],
        ["Periode usulan", f"{month_label(period)} ({period})"],
        ["Program", program],
        ["Kecamatan", angka(len(by_kec))],
        ["Desa/kelurahan yang mengirim", f"{angka(len(held))} dari {angka(expected)}"],
    ]
    for t in tracks:
        name = U.TRACKS.get(t, "Program tidak disebut")
        for kind, label in U.KINDS.items():
            rows.append([f"{name}: {label.lower()}", angka(len(groups.get((t, kind), [])))])
    rows.append(["Jumlah usulan", angka(sum(len(g) for g in groups.values()))])
    rows += [
        ["Kepala Dinas", info.camat],
        ["NIP", info.camat_nip],
        ["Tanggal", tanggal(work.today)],
    ]
    return Sheet("Sampul", ["Keterangan", "Isi"], rows, text_columns=(1,), widths=[42, 60])


def _recaps(
    work: Work, held: dict[str, int], records: list[dict[str, Any]], tracks: list[str]
) -> list[Sheet]:
    """Proposals per kecamatan and per village, by programme and kind."""
    keys = [(t, k) for t in tracks for k in U.KINDS]
    short = {**U.TRACK_SHORT, NO_TRACK: "TANPA PROGRAM"}
    kinds = [f"{short[t].upper()} {U.KINDS[k].upper()}" for t, k in keys]
    count: dict[tuple[str, str, str], int] = defaultdict(int)
    for rec in records:
        count[(rec["kode_wilayah"], rec["track"], rec["kind"])] += 1
    names = kecamatan_names(work)
    kec_rows, village_rows = [], []
    for kode_kec, vs in villages_by_kecamatan(work).items():
        sent = [v for v in vs if v.kode_wilayah in held]
        line = [sum(count[(v.kode_wilayah, t, k)] for v in sent) for t, k in keys]
        expected = sum(1 for v in vs if v.expected)
        kec_rows.append([names[kode_kec].upper(), kode_kec, len(sent), expected, *line, sum(line)])
        for v in sent:
            cells = [count[(v.kode_wilayah, t, k)] for t, k in keys]
            village_rows.append(
                [names[kode_kec].upper(), v.full_name.upper(), v.kode_wilayah, *cells, sum(cells)]
            )
    return [
        Sheet(
            "Rekap per kecamatan",
            ["KECAMATAN", "KODE WILAYAH", "DESA MENGIRIM", "DESA DIHARAPKAN", *kinds, "JUMLAH"],
            kec_rows,
            text_columns=(1,),
            widths=[24, 14, 14, 16, *[12] * len(keys), 10],
        ),
        Sheet(
            "Rekap per desa",
            ["KECAMATAN", "DESA/KELURAHAN", "KODE WILAYAH", *kinds, "JUMLAH"],
            village_rows,
            text_columns=(2,),
            widths=[24, 28, 16, *[12] * len(keys), 10],
        ),
    ]
