"""The demo village's list of officials: the Kepala Desa and eight perangkat desa, as a secretary
would have entered them.

Most come from the residents the demo made kepala or perangkat desa (occupation 86/85: PPU
registered by the Pemda, one of them lapsed); two lately appointed perangkat come from other
households and still carry their old JKN — one on the PBI list, one not registered — so the
flags show; two residents whose occupation says perangkat desa are left off, so the page has
suggestions to offer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, or_, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.office import KEPALA, PERANGKAT
from jkn_desktop.domain.officials import positions
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.officials import OfficialInput
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.evidence import add_observation
from jkn_desktop.services.office.officials import add_official, suggestions, words_of

R, H = resident_t, household_t
NEW = ("Kepala Seksi Pelayanan", "Kepala Dusun")


def officials_demo(db: Database, today: dt.date, actor: str) -> None:
    db.run(_fill, user=actor, today=today)


def _fill(work: Work) -> None:
    today = work.today
    words = words_of(work)
    settled = positions(words)[1:7]  # Sekretaris Desa … Kepala Seksi Kesejahteraan
    offered = suggestions(work)
    head = next((s for s in offered if s.occupation == 86), None)
    staff = [s for s in offered if s.occupation == 85]
    # the lapsed perangkat desa first, so their flag shows
    staff.sort(key=lambda s: (_active_ppu(work, s.resident_id), s.resident_id))
    if head is not None:
        started = _day(today, years=3, month=6)
        add_official(
            work,
            OfficialInput(head.resident_id, words.head, KEPALA, "141/215/2023", started),
        )
    for i, (s, position) in enumerate(zip(staff, settled, strict=False)):
        started = _day(today, years=2 + i % 4, month=1 + 2 * i)
        sk = f"141/{i + 3:02d}/KPTS/{started.year}"
        add_official(work, OfficialInput(s.resident_id, position, PERANGKAT, sk, started))
    for n, (position, segment) in enumerate(zip(NEW, (J.PBI_APBN, J.BELUM_TERDAFTAR), strict=True)):
        found = _newcomer(work, segment)
        if found is None:
            continue
        rid, dusun = found
        named = position
        if position == "Kepala Dusun":  # a kelurahan has no dusun heads among its staff
            named = f"Kepala Dusun {dusun}" if words.has_apbdes else "Kepala Seksi Ketertiban"
        started = (today.replace(day=1) - dt.timedelta(days=40 - 25 * n)).replace(day=2)
        sk = f"141/{21 + n:02d}/KPTS/{started.year}"
        add_official(work, OfficialInput(rid, named, PERANGKAT, sk, started))


def _day(today: dt.date, *, years: int, month: int) -> dt.date:
    return dt.date(today.year - years, (month - 1) % 12 + 1, 12)


def _active_ppu(work: Work, resident_id: int) -> bool:
    row = work.conn.execute(
        select(R.c.jkn_segment, R.c.jkn_status).where(R.c.id == resident_id)
    ).first()
    return row is not None and (row[0], row[1]) == (J.PPU, J.AKTIF)


def _newcomer(work: Work, segment: str) -> tuple[int, str] | None:
    """A kepala keluarga of working age, not an official, with a spouse, who is on the PBI list
    (active) or not registered; with nothing recorded, their statement is recorded now."""
    today = work.today
    spouse = resident_t.alias()
    if segment == J.PBI_APBN:
        state = [R.c.jkn_segment == segment, R.c.jkn_status == J.AKTIF]
    else:
        state = [or_(R.c.jkn_segment.in_([segment, J.TIDAK_DIKETAHUI]), R.c.jkn_segment.is_(None))]
    stmt = (
        select(R.c.id, R.c.jkn_segment, H.c.dusun)
        .select_from(R.join(H, H.c.id == R.c.household_id))
        .where(
            R.c.shdk == codes.KEPALA_KELUARGA,
            R.c.status_dasar == codes.HIDUP,
            R.c.birth_date.between(_years_ago(today, 55), _years_ago(today, 28)),
            R.c.occupation.not_in(sorted(J.WAGE_OCCUPATIONS)),
            R.c.household_id.in_(select(spouse.c.household_id).where(spouse.c.shdk == 3)),
            *state,
        )
        .order_by(case((R.c.jkn_segment == segment, 0), else_=1), R.c.id)
    )
    row = work.conn.execute(stmt.limit(1)).first()
    if row is None:
        return None
    rid, current, dusun = int(row[0]), row[1], row[2] or ""
    if current != segment:
        add_observation(
            work,
            Observation(
                rid,
                segment,
                J.STATUS_TIDAK_DIKETAHUI,
                today,
                "pengakuan",
                note="belum punya kartu JKN",
            ),
        )
    return rid, dusun


def _years_ago(today: dt.date, years: int) -> dt.date:
    return today.replace(year=today.year - years, day=min(today.day, 28))
