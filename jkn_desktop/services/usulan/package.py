"""The desa → kecamatan package: one .xlsx a person can open, with the data sheets the kecamatan
needs and a Manifest sheet holding a SHA-256 over a canonical serialisation of each data sheet and
of all of them together. Verification recomputes the hashes, so an edit by hand is detected and
the sheet named. Format: docs/package-format.md."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from jkn_desktop import __version__
from jkn_desktop.domain import codes
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.migrate import SCHEMA_HEAD
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
from jkn_desktop.records.usulan import PackageResult
from jkn_desktop.services import audit
from jkn_desktop.services.documents.rosters import require_village
from jkn_desktop.services.usulan.proposals import check_period

FORMAT = "jkn-desktop-paket-desa"
FORMAT_VERSION = "2"  # 2: the overall hash covers every Manifest field (1 is still read)
FUTURE_TOLERANCE = dt.timedelta(days=1)  # a village laptop's clock may be a little ahead
MANIFEST = "Manifest"
R, H, C, D, T = resident_t, household_t, jkn_current_t, household_desil_t, usulan_t
L, B = apbdes_line_t, apbdes_beneficiary_t


@dataclass(frozen=True, slots=True)
class DataSheet:
    name: str
    headers: tuple[str, ...]
    text: tuple[str, ...]  # columns written as text cells (identifiers, codes with leading zeros)
    rows: list[list[Any]] = field(default_factory=list)


def _s(value: Any) -> Any:
    """Dates as ISO text, so every reader sees the same cell."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def canonical(value: Any) -> str:
    """One cell as the hash sees it: empty for nothing, whole numbers without a decimal point
    (a reader may give 5.0 for 5), text as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return str(_s(value))
    return str(value)


def sheet_digest(name: str, rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 of a sheet: its name, then each row's cells joined by TAB, rows by LF (trailing
    empty cells and empty rows dropped, as spreadsheet readers do)."""
    return digest_and_count(name, rows)[0]


def digest_and_count(name: str, rows: Iterable[Sequence[Any]]) -> tuple[str, int]:
    """The sheet's digest and its rows that are not empty, in one pass over the cells (text, the
    most of them, is taken as it is)."""
    h = hashlib.sha256(name.encode("utf-8") + b"\n")
    update = h.update
    counted = 0
    for row in rows:
        cells = [v if type(v) is str else canonical(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            counted += 1
            update(("\t".join(cells) + "\n").encode("utf-8"))
    return h.hexdigest(), counted


def total_digest(
    digests: Sequence[tuple[str, str]], fields: Sequence[tuple[str, str]] | None = None
) -> str:
    """SHA-256 over the Manifest's own fields ("key=value" lines, format 2) and then the
    "name:digest" lines of every data sheet, in the package's order (format 1: the sheets only)."""
    head = "".join(f"{k}={v}\n" for k, v in fields) if fields is not None else ""
    tail = "".join(f"{n}:{d}\n" for n, d in digests)
    return hashlib.sha256((head + tail).encode("utf-8")).hexdigest()


def manifest_fields(info: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The Manifest rows the overall hash covers: every one but the hashes themselves (the sheet
    hashes enter through their own lines)."""
    return [(k, v) for k, v in info if k != "sha256" and not k.startswith("sha256:")]


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


def _sheets(work: Work, period: str) -> list[DataSheet]:
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
            ),
            ("nik", "no_kk"),
            [
                [*r[:6], codes.STATUS_DASAR.get(r[6], r[6]), *r[7:11], int(bool(r[11]))]
                for r in rows(t["people"])
            ],
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
    ]


def export_package(
    work: Work, period: str, out: Path, *, progress: Callable[[int, int], None] | None = None
) -> PackageResult:
    """The package of the month, stamped with the job's time (the village's wall clock)."""
    work.require(perm.EXPORT)
    period = check_period(period)
    if out.suffix.lower() != ".xlsx":
        raise UserError("JENIS_BERKAS", what="Paket desa", allowed=".xlsx", file=out.name)
    village = require_village(work)
    now = work.now.replace(microsecond=0, tzinfo=None)
    data = _sheets(work, period)
    if progress:
        progress(1, 2)
    digests = []
    for s in data:
        header_and_rows = [list(s.headers), *s.rows]
        digests.append((s.name, sheet_digest(s.name, header_and_rows)))
    fields: list[list[Any]] = [
        ["format", FORMAT],
        ["format_version", FORMAT_VERSION],
        ["kode_wilayah", village.kode_wilayah],
        ["desa", village.desa],
        ["kecamatan", village.kecamatan],
        ["kabupaten", village.kabupaten],
        ["periode", period],
        ["aplikasi", f"JKN Desktop {__version__}"],
        ["versi_skema", SCHEMA_HEAD],
        ["dibuat", now.isoformat(sep=" ")],
        ["operator", village.operator],
        *[[f"baris:{s.name}", len(s.rows)] for s in data],
    ]
    total = total_digest(
        digests, manifest_fields([(canonical(k), canonical(v)) for k, v in fields])
    )
    manifest = [*fields, *[[f"sha256:{n}", d] for n, d in digests], ["sha256", total]]
    sheets = [
        Sheet(MANIFEST, ["kunci", "nilai"], list(manifest), text_columns=(1,), widths=[24, 70])
    ]
    for s in data:
        text = [i for i, h in enumerate(s.headers) if h in s.text]
        sheets.append(Sheet(s.name, list(s.headers), s.rows, text_columns=text))
    write_sheets(out, sheets)
    if progress:
        progress(2, 2)
    counts = {s.name: len(s.rows) for s in data}
    audit.exported(
        work,
        document="Paket data untuk kecamatan",
        subject=period,
        rows=sum(counts.values()),
        masked=False,
        target=out,
    )
    return PackageResult(out, period, counts, total)
