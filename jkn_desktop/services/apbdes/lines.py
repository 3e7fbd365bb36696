"""Budget lines: a kegiatan, rekening and funding source with a pagu (and the revised pagu of an
APBDes Perubahan) and the scheme that prices a person-month. A line with beneficiaries or payments
is history: it cannot be deleted or moved to another year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import LineInput, YearLines
from jkn_desktop.records.changes import APBDES
from jkn_desktop.services import audit
from jkn_desktop.services.apbdes import _common
from jkn_desktop.services.apbdes._common import B, L, P, line_key
from jkn_desktop.services.apbdes.codes import KINDS, code_exists
from jkn_desktop.services.apbdes.summaries import line_summaries
from jkn_desktop.services.edit_conflict import check_unchanged


def line_values(line: LineInput) -> dict[str, Any]:
    """The columns of a line as stored."""
    custom = line.scheme.is_custom
    return {
        "year": line.year,
        "kegiatan": line.kegiatan.strip(),
        "rekening": line.rekening.strip(),
        "sumber": line.sumber.strip().upper(),
        "pagu": line.pagu,
        "pagu_revised": line.pagu_revised,
        "revised_on": line.revised_on if line.pagu_revised is not None else None,
        "scheme_segment": None if custom else line.scheme.segment,
        "scheme_kelas": None if custom else line.scheme.kelas,
        "scheme_share": line.scheme.share,
        "custom_rate": line.scheme.custom_rate,
        "notes": line.notes.strip(),
    }


def _validate(conn: Connection, line: LineInput) -> None:
    if not 2000 <= line.year <= 2100:
        raise UserError("TAHUN", year=line.year)
    for kind, code in (
        ("kegiatan", line.kegiatan),
        ("rekening", line.rekening),
        ("sumber", line.sumber),
    ):
        if not code_exists(conn, kind, code):
            raise UserError("KODE_TIDAK_ADA", kind=KINDS[kind].lower(), code=code)
    if line.pagu <= 0:
        raise UserError("PAGU")
    if line.pagu_revised is not None and line.pagu_revised < 0:
        raise UserError("PAGU.perubahan")
    s = line.scheme
    if s.is_custom:
        if (s.custom_rate or 0) <= 0:
            raise UserError("TARIF_NOL")
    elif s.segment not in A.RATE_SEGMENTS or s.kelas not in (1, 2, 3) or s.share not in A.SHARES:
        raise UserError("SKEMA")


def add_line(work: Work, line: LineInput) -> int:
    work.require(perm.APBDES)
    conn = work.conn
    _validate(conn, line)
    values = line_values(line)
    lid = insert_id(conn, insert(L).values(**values, created_at=work.now, updated_at=work.now))
    audit.note(
        work,
        action="create",
        entity="apbdes_line",
        entity_id=lid,
        entity_key=line_key(values),
        changes={k: (None, v) for k, v in values.items() if v not in (None, "")},
    )
    work.touch(APBDES, lid)
    return lid


def update_line(
    work: Work, line_id: int, line: LineInput, *, opened: LineInput | None = None
) -> None:
    """Save an edit. ``opened``: the line as the dialog showed it; refused with
    :class:`EditConflict` when it changed since (None: overwrite)."""
    work.require(perm.APBDES)
    conn = work.conn
    _validate(conn, line)
    old = conn.execute(select(L).where(L.c.id == line_id)).mappings().first()
    if old is None:
        raise UserError("BARIS_HILANG", line=line_id)
    values = line_values(line)
    if opened is not None:
        check_unchanged(
            work,
            entity="apbdes_line",
            entity_id=line_id,
            what=f"baris anggaran {line_key(line_values(opened))}",
            opened=line_values(opened),
            current=dict(old),
        )
    if values["year"] != old["year"] and _has_children(conn, line_id):
        raise UserError("TAHUN_TERKUNCI")
    changes = audit.diff(dict(old), values)
    if not changes:
        return
    conn.execute(update(L).where(L.c.id == line_id).values(**values, updated_at=work.now))
    audit.note(
        work,
        action="update",
        entity="apbdes_line",
        entity_id=line_id,
        entity_key=line_key(values),
        changes=changes,
    )
    work.touch(APBDES, line_id)


def _has_children(conn: Connection, line_id: int) -> bool:
    return bool(
        conn.execute(select(func.count()).select_from(B).where(B.c.line_id == line_id)).scalar()
        or conn.execute(select(func.count()).select_from(P).where(P.c.line_id == line_id)).scalar()
    )


def delete_line(work: Work, line_id: int) -> None:
    """Only an empty line can go: beneficiaries and payments are history."""
    work.require(perm.APBDES)
    conn = work.conn
    old = conn.execute(select(L).where(L.c.id == line_id)).mappings().first()
    if old is None:
        return
    if _has_children(conn, line_id):
        raise UserError("BARIS_BERISI")
    conn.execute(delete(L).where(L.c.id == line_id))
    audit.note(
        work,
        action="delete",
        entity="apbdes_line",
        entity_id=line_id,
        entity_key=line_key(old),
        changes={"pagu": (old["pagu"], None)},
    )
    work.touch(APBDES, line_id)


def line_year(work: Work, line_id: int) -> int:
    """The fiscal year of a line; a clear message when there is no such line."""
    return _common.line_year(work.conn, line_id)


def years(work: Work) -> list[int]:
    """The fiscal years that have lines."""
    stmt = select(L.c.year).distinct().order_by(L.c.year)
    return [int(y) for y in work.conn.execute(stmt).scalars()]


def year_lines(work: Work, year: int) -> YearLines:
    """The APBDes page's top in one read: the years that have lines and the lines of ``year``."""
    return YearLines(years(work), line_summaries(work, year))
