"""The uninsured rules (``J.standing``) as SQL expressions, and the FROM every coverage query uses;
a test compares the SQL with the Python rules over every combination."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, not_, or_, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.household_situation import needs_care_sql
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t
from jkn_desktop.persistence.work import Work

R = resident_t
H = household_t
C = jkn_current_t


@dataclass(frozen=True)
class RuleColumns:
    """SQL expressions over resident R, jkn_current C (outer-joined) and household H (outer-joined)."""

    segment: ColumnElement[str]
    status: ColumnElement[str]
    registered: ColumnElement[bool]
    active: ColumnElement[bool]
    uninsured: ColumnElement[bool]
    reason: ColumnElement[Any]
    step: ColumnElement[Any]


@dataclass(frozen=True)
class _Terms:
    """The pieces both the reason and the step are built from."""

    seg: ColumnElement[str]
    st: ColumnElement[str]
    sd: Any
    alive: ColumnElement[bool]
    registered: ColumnElement[bool]
    uninsured: ColumnElement[bool]


def _reason(t: _Terms) -> ColumnElement[Any]:
    """Why someone alive is not an active participant (None for the others)."""
    unknown_or_not = case((t.seg == J.TIDAK_DIKETAHUI, "tidak_diketahui"), else_="belum_terdaftar")
    return case(
        (not_(t.uninsured), literal(None)),
        (R.c.jkn_segment.is_(None), "belum_dicatat"),
        (not_(t.registered), unknown_or_not),
        (and_(t.seg.in_(J.PBI_SEGMENTS), t.st == J.NONAKTIF), "pbi_dihapus"),
        (and_(t.seg.in_(J.SELF_PAID_SEGMENTS), t.st == J.NONAKTIF), "menunggak"),
        (and_(t.seg == J.PPU, t.st == J.NONAKTIF), "ppu_nonaktif"),
        else_="tidak_diketahui",
    )


def _step(t: _Terms, reason: ColumnElement[Any]) -> ColumnElement[Any]:
    """The suggested next step, in the order of ``J.standing``."""
    seg, st, sd = t.seg, t.st, t.sd
    occupation = func.coalesce(R.c.occupation, 0)
    wage = occupation.in_(sorted(J.WAGE_OCCUPATIONS))
    official = occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS))
    other = func.coalesce(R.c.jkn_other, "")
    member = and_(t.registered, st != J.NONAKTIF)
    pbi = and_(member, seg.in_(J.PBI_SEGMENTS))
    desil = H.c.desil
    unknown = reason.in_(["belum_dicatat", "tidak_diketahui"])
    moved = and_(pbi, sd == codes.PINDAH)
    stays_registered = or_(seg == J.PBI_APBN, R.c.moved_out == False)  # noqa: E712
    lapsed_pbi = and_(seg.in_(J.PBI_SEGMENTS), st == J.NONAKTIF)
    return case(
        # gone: a PBI member's removal or correction; anyone else's report to BPJS
        (and_(pbi, sd == codes.MATI), "usul_hapus_meninggal"),
        (and_(pbi, sd.in_(J.GONE_UNFOUND)), "usul_hapus_tidak_ditemukan"),
        (and_(moved, stays_registered), "perbaikan_domisili"),
        (and_(moved, R.c.moved_out == True), "usul_hapus_pindah"),  # noqa: E712
        (moved, "cek_tujuan_pindah"),
        (and_(member, not_(pbi), sd.in_([codes.MATI, codes.PINDAH])), "lapor_bpjs"),
        (not_(t.alive), literal(None)),
        # alive PBI members
        (and_(pbi, other == J.PPU), "usul_hapus_ppu"),
        (and_(member, seg == J.PPU, other.in_(J.PBI_SEGMENTS)), "usul_hapus_ppu"),
        (and_(pbi, wage), "cek_ppu"),
        (and_(pbi, seg == J.PBI_APBN, st == J.AKTIF, desil >= 6), "usul_hapus_mampu"),
        (not_(t.uninsured), literal(None)),
        # uninsured
        (unknown, "cek_status"),
        (official, "daftar_ppu_desa"),
        (wage, "daftar_ppu"),
        (and_(lapsed_pbi, or_(needs_care_sql(), desil <= 5)), "reaktivasi"),
        (desil.is_(None), "usul_dtsen"),
        (desil <= 5, "usul_pbi"),
        else_="daftar_mandiri",
    )


@functools.cache
def rule_columns() -> RuleColumns:
    """``J.standing`` as SQL expressions (a test compares both over every combination). Built
    once: the expressions are immutable and building them costs milliseconds."""
    seg = func.coalesce(R.c.jkn_segment, "")
    st = func.coalesce(R.c.jkn_status, J.STATUS_TIDAK_DIKETAHUI)
    sd = R.c.status_dasar
    alive = sd == codes.HIDUP
    registered = seg.in_(J.JKN_SEGMENTS)
    active = and_(registered, st == J.AKTIF)
    uninsured = and_(alive, not_(active))
    terms = _Terms(seg, st, sd, alive, registered, uninsured)
    reason = _reason(terms)
    segment_shown = func.coalesce(R.c.jkn_segment, J.TIDAK_DIKETAHUI)
    return RuleColumns(
        segment_shown, st, registered, active, uninsured, reason, _step(terms, reason)
    )


def people_from() -> Any:
    """resident ⟕ jkn_current ⟕ household: the FROM every coverage query uses."""
    return R.outerjoin(C, C.c.resident_id == R.c.id).outerjoin(H, H.c.id == R.c.household_id)


def standing_of(work: Work, resident_ids: Iterable[int]) -> dict[int, J.Standing]:
    """The rules' verdict for some residents, computed by the SQL expressions."""
    rc = rule_columns()
    out: dict[int, J.Standing] = {}
    for part in chunks(list(resident_ids)):
        for rid, reg, act, unins, reason, step in work.conn.execute(
            select(R.c.id, rc.registered, rc.active, rc.uninsured, rc.reason, rc.step)
            .select_from(people_from())
            .where(R.c.id.in_(part))
        ):
            out[int(rid)] = J.Standing(bool(reg), bool(act), bool(unins), reason, step)
    return out
