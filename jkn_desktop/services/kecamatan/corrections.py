"""At the village: the kecamatan's return file (``return_file``) read in and kept in
``kecamatan_correction``, listed on the village's pages, each marked done when corrected.

The file is checked before anything is kept: its Manifest's marker and version, every SHA-256
(the same canonical functions as the village package, so an edit by hand is caught) and that it
is for THIS village's code. Reading the same file again adds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kecamatan_correction_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_duplicates import CorrectionImport, CorrectionRow
from jkn_desktop.services import audit
from jkn_desktop.services.documents.rosters import require_village
from jkn_desktop.services.kecamatan.return_file import FORMAT, FORMAT_VERSION, HEADERS, SHEET
from jkn_desktop.services.usulan.package import (
    MANIFEST,
    canonical,
    digest_and_count,
    manifest_fields,
    total_digest,
)

C = kecamatan_correction_t
_KIND_OF_WORDS = {words: kind for kind, words in D.RETURN_KINDS.items()}
_COLUMNS = (
    C.c.id,
    C.c.period,
    C.c.kind,
    C.c.nik,
    C.c.name,
    C.c.other_nik,
    C.c.other_name,
    C.c.other_village,
    C.c.note,
    C.c.received_at,
    C.c.source_file,
    C.c.resolved_at,
    C.c.resolved_by,
)


def read_return_file(path: Path, kode_wilayah: str) -> tuple[str, list[dict[str, str]]]:
    """``(period, rows)`` of a return file after every check (see the module's note); any
    problem is a ``UserError`` naming the file."""
    from jkn_desktop.importers.reader import open_workbook

    path = Path(path)
    wb = open_workbook(path)
    if MANIFEST not in wb.names:
        raise UserError("KOREKSI_BUKAN_BERKAS", file=path.name)
    pairs = [
        (canonical(r[0]), canonical(r[1]) if len(r) > 1 else "") for r in wb.rows(MANIFEST)[1:] if r
    ]
    pairs = [(k, v) for k, v in pairs if k]
    info = dict(pairs)
    if info.get("format") != FORMAT:
        raise UserError("KOREKSI_BUKAN_BERKAS", file=path.name)
    version = info.get("format_version", "")
    if version != FORMAT_VERSION:
        raise UserError("KOREKSI_VERSI", file=path.name, version=version or "?")
    if SHEET not in wb.names:
        raise UserError("KOREKSI_DIUBAH", file=path.name, problem=f"lembar {SHEET} hilang")
    extra = [n for n in wb.names if n not in (MANIFEST, SHEET)]
    if extra:
        raise UserError(
            "KOREKSI_DIUBAH", file=path.name, problem=f"lembar {', '.join(extra)} ditambahkan"
        )
    sheet_rows = wb.rows(SHEET)
    digest, _ = digest_and_count(SHEET, sheet_rows)
    if digest != info.get(f"sha256:{SHEET}"):
        raise UserError("KOREKSI_DIUBAH", file=path.name, problem=f"isi lembar {SHEET} berubah")
    if total_digest([(SHEET, digest)], manifest_fields(pairs)) != info.get("sha256"):
        raise UserError(
            "KOREKSI_DIUBAH", file=path.name, problem=f"isian lembar {MANIFEST} berubah"
        )
    if info.get("kode_wilayah") != kode_wilayah:
        raise UserError(
            "KOREKSI_DESA_LAIN",
            file=path.name,
            kode_berkas=info.get("kode_wilayah", "?"),
            kode_desa=kode_wilayah,
        )
    header = [canonical(h) for h in (sheet_rows[0] if sheet_rows else [])]
    at = {h: header.index(h) for h in HEADERS if h in header}
    if len(at) != len(HEADERS):
        raise UserError("KOREKSI_DIUBAH", file=path.name, problem="judul kolom berubah")
    rows: list[dict[str, str]] = []
    for raw in sheet_rows[1:]:
        cells = [canonical(v) for v in raw]
        if not any(cells):
            continue
        row = {h: (cells[i] if i < len(cells) else "") for h, i in at.items()}
        row["jenis"] = _KIND_OF_WORDS.get(row["jenis"], row["jenis"])
        rows.append(row)
    return info.get("periode", ""), rows


def import_corrections(work: Work, path: Path) -> CorrectionImport:
    """Keep the return file's rows (perm.IMPORT); the ones already kept are left as they are
    (their resolved mark too). Audited with the file's name and how many rows were new."""
    work.require(perm.IMPORT)
    village = require_village(work)
    path = Path(path)
    period, rows = read_return_file(path, village.kode_wilayah)
    have = {
        tuple(r)
        for r in work.conn.execute(
            select(C.c.period, C.c.kind, C.c.nik, C.c.other_nik, C.c.other_village)
        )
    }
    new: list[dict[str, Any]] = []
    for r in rows:
        key = (period, r["jenis"], r["nik"][:16], r["nik_lain"][:16], r["desa_lain"])
        if key in have:
            continue
        have.add(key)
        new.append(
            {
                "period": period,
                "kind": r["jenis"],
                "nik": key[2],
                "name": r["nama"],
                "other_nik": key[3],
                "other_name": r["nama_lain"],
                "other_village": r["desa_lain"],
                "note": r["catatan_kecamatan"],
                "received_at": work.now,
                "source_file": path.name,
                "resolved_by": "",
            }
        )
    if new:
        work.conn.execute(C.insert(), new)
    added = len(new)
    if added:
        audit.note(
            work,
            action="create",
            entity="kecamatan_correction",
            entity_id=None,
            entity_key=f"{period} {path.name}",
            changes={"rows": (None, added)},
        )
    return CorrectionImport(path.name, period, len(rows), added)


def corrections(work: Work, *, open_only: bool = False) -> list[CorrectionRow]:
    """The corrections kept, newest month first, the open ones before the done ones."""
    stmt = select(*_COLUMNS).order_by(
        C.c.period.desc(), C.c.resolved_at.is_not(None), C.c.kind, C.c.name, C.c.id
    )
    if open_only:
        stmt = stmt.where(C.c.resolved_at.is_(None))
    return [CorrectionRow(*r) for r in work.conn.execute(stmt)]


def open_count(work: Work) -> int:
    return int(
        work.conn.execute(
            select(func.count()).select_from(C).where(C.c.resolved_at.is_(None))
        ).scalar_one()
    )


def resolve_correction(work: Work, correction_id: int, *, done: bool = True) -> CorrectionRow:
    """Mark a correction done (or open again, ``done=False``): perm.REGISTRY, audited."""
    work.require(perm.REGISTRY)
    row = work.conn.execute(select(*_COLUMNS).where(C.c.id == correction_id)).first()
    if row is None:
        raise UserError("KOREKSI_TIDAK_ADA", id=correction_id)
    before = CorrectionRow(*row)
    values: dict[str, Any] = (
        {"resolved_at": work.now, "resolved_by": work.user}
        if done
        else {"resolved_at": None, "resolved_by": ""}
    )
    if (before.resolved_at is None) == done:  # otherwise nothing changes
        work.conn.execute(C.update().where(C.c.id == correction_id).values(**values))
        audit.note(
            work,
            action="update",
            entity="kecamatan_correction",
            entity_id=correction_id,
            entity_key=f"{before.period} {before.nik or before.kind}",
            changes={"resolved_at": (before.resolved_at, values["resolved_at"])},
        )
    after = work.conn.execute(select(*_COLUMNS).where(C.c.id == correction_id)).first()
    assert after is not None
    return CorrectionRow(*after)
