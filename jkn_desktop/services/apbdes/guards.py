"""The guards on a beneficiary, read before anything is saved: a resident who died or moved, one
whose premium is paid already (PBI APBN, PPU, or PBPU Pemda from before the first month), and the
same person on another line of the year in overlapping months; and the warnings that never block:
someone else should pay (an employer, the Pemda), or the village has no ground to pay (no valid
SKTM, and not desil 1–5, as the setting ``apbdes_sktm_rule`` asks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.current_state import decide_rows, known_by, observation_rows
from jkn_desktop.persistence.work import Work
from jkn_desktop.services.apbdes._common import B, H, L, R
from jkn_desktop.services.office.sktm import valid_sktm_ids
from jkn_desktop.services.settings import get_setting

Guards = dict[int, list[A.Guard]]


def check_months(start: int, end: int) -> None:
    for month in (start, end):
        if not 1 <= month <= 12:
            raise UserError("BULAN", month=month)
    if end < start:
        raise UserError("BULAN.akhir", start=A.month_name(start))


def payer_warnings(occupation: int | None) -> tuple[str, ...]:
    """Shown, never blocking: the employer or the Pemda should pay this one's premium."""
    if occupation in J.OFFICIAL_OCCUPATIONS:
        return (A.OFFICIAL_WARNING,)
    if occupation in J.WAGE_OCCUPATIONS:
        return (A.WAGE_WARNING,)
    return ()


def ground_warnings(work: Work, year: int, resident_ids: Sequence[int]) -> dict[int, str]:
    """Beneficiaries of a line of ``year`` the village has no ground to pay for: no SKTM valid
    (theirs or their KK's) on the day checked — today, or the year's last day for a past year —
    and, unless the setting requires the SKTM, a desil outside 1–5 (Inbup Karanganyar 440/3/2022
    KESEPULUH b, KETUJUH BELAS c). Shown, never blocking."""
    rule = str(get_setting(work, "apbdes_sktm_rule"))
    if rule not in O.APBDES_GROUND_WARNINGS or not resident_ids:
        return {}
    day = min(work.today, dt.date(year, 12, 31))
    held = valid_sktm_ids(work.conn, resident_ids, day)
    desil: dict[int, int | None] = {}
    for part in chunks(list(resident_ids)):
        stmt = select(R.c.id, H.c.desil).outerjoin(H, H.c.id == R.c.household_id)
        desil.update((int(r[0]), r[1]) for r in work.conn.execute(stmt.where(R.c.id.in_(part))))
    return {
        rid: O.APBDES_GROUND_WARNINGS[rule]
        for rid in resident_ids
        if O.apbdes_without_ground(rule, desil.get(rid), rid in held)
    }


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def guards(
    conn: Connection,
    year: int,
    start: int,
    end: int,
    resident_ids: Sequence[int],
    today: dt.date,
    *,
    twice: bool = True,
) -> Guards:
    """The guards for each resident over months start..end of a year."""
    out: Guards = {rid: [] for rid in resident_ids}
    for part in chunks(list(resident_ids)):
        _gone(conn, year, start, end, part, out)
        _funded(conn, year, start, end, part, today, out)
        if twice:
            _twice(conn, year, start, end, part, out)
    return out


def _gone(
    conn: Connection, year: int, start: int, end: int, part: Sequence[int], out: Guards
) -> None:
    """MATI / PINDAH (and the other ways of leaving)."""
    for rid, sd, changed in conn.execute(
        select(R.c.id, R.c.status_dasar, R.c.status_changed_at).where(R.c.id.in_(part))
    ):
        if sd == codes.HIDUP:
            continue
        end_at = None
        if changed is not None and changed.year == year:
            end_at = max(start, min(end, changed.month))
        elif changed is not None and changed.year < year:
            end_at = start
        when = f" sejak {tanggal(changed)}" if changed else ""
        status = codes.STATUS_DASAR.get(sd, str(sd))
        out[rid].append(
            A.Guard(
                A.GUARD_GONE,
                f"berstatus {status}{when}; tanggungan seharusnya berakhir",
                (),
                end_at,
            )
        )


def _funded(
    conn: Connection,
    year: int,
    start: int,
    end: int,
    part: Sequence[int],
    today: dt.date,
    out: Guards,
) -> None:
    """Double funding: an active PBI APBN / PPU membership in one of the months, or an active PBPU
    Pemda membership before the first month (the kabupaten pays already); the state at each month
    end as the rule (J.decide) over what was known then decides it."""
    for rid, rows in observation_rows(conn, set(part)).items():

        def state_on(on: dt.date, rows: list[Any] = rows) -> Any:
            return decide_rows([r for r in rows if known_by(r, on)])

        months, funded = [], ""
        for m in range(start, end + 1):  # months still to come: the state today
            st = state_on(min(_month_end(year, m), today))
            if st and st.segment in A.FUNDED_ELSEWHERE and st.status == J.AKTIF:
                months.append(m)
                funded = st.segment
        if months:
            out[rid].append(
                A.Guard(
                    A.GUARD_DOUBLE,
                    f"sudah peserta {J.SEGMENT_SHORT.get(funded, funded)} aktif pada "
                    f"{A.months_text(months)} (iuran akan dibayar dua kali)",
                    tuple(months),
                )
            )
        before = min(dt.date(year, start, 1) - dt.timedelta(days=1), today)
        st = state_on(before)
        if st and st.segment == J.PBPU_PEMDA and st.status == J.AKTIF:
            out[rid].append(
                A.Guard(
                    A.GUARD_PEMDA,
                    f"sudah peserta PBPU Pemda aktif per {tanggal(before)}: iurannya "
                    "dibayar kabupaten",
                    (),
                )
            )


def _twice(
    conn: Connection, year: int, start: int, end: int, part: Sequence[int], out: Guards
) -> None:
    """The same person on a line of the same year in overlapping months."""
    stmt = (
        select(B.c.resident_id, B.c.start_month, B.c.end_month, L.c.id, L.c.kegiatan, L.c.sumber)
        .join(L, L.c.id == B.c.line_id)
        .where(
            L.c.year == year,
            B.c.resident_id.in_(part),
            B.c.start_month <= end,
            B.c.end_month >= start,
        )
    )
    for rid, s, e, lid, keg, sumber in conn.execute(stmt):
        overlap = list(range(max(s, start), min(e, end) + 1))
        out[rid].append(
            A.Guard(
                A.GUARD_TWICE,
                f"sudah ditanggung baris {lid} ({keg}, {sumber}) pada {A.months_text(overlap)}",
                tuple(overlap),
            )
        )
