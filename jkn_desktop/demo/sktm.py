"""The demo village's SKTM register: about fifteen letters over the past year, issued in date order
through the service as an office would — most to the families the APBDes line pays for (renewed
every six months; one family's letter ends this month, two have none so the APBDes page warns),
some for school or hospital fees, a few to poor residents still uninsured (the list the Kepala
Desa reads with its cost), and one cancelled and issued again under a new number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import and_, func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    household_t,
    resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.sktm import SktmInput
from jkn_desktop.services.database import Database

R, H = resident_t, household_t


@dataclass(frozen=True, slots=True)
class _Plan:
    on: dt.date
    resident_id: int
    purpose: str
    note: str = ""
    # issued for the wrong purpose: cancelled today with this reason and issued again for this one
    corrected: str = ""


def sktm_demo(db: Database, today: dt.date, actor: str) -> None:
    from jkn_desktop.services.office.sktm import add_sktm, cancel_sktm
    from jkn_desktop.services.registry.village import get_village

    with db.work(actor, today=today) as work:
        village = get_village(work)
        signer = (village.kepala_desa if village else "") or _kepala(work)
        wrong: list[tuple[int, SktmInput, str]] = []
        for p in sorted(_plans(work, today), key=lambda p: (p.on, p.resident_id)):
            inp = SktmInput(
                resident_id=p.resident_id,
                purpose=p.purpose,
                issued_on=p.on,
                purpose_note=p.note,
                signer_name=signer,
                notes="data demo",
            )
            sid = add_sktm(work, inp)
            if p.corrected:
                wrong.append((sid, inp, p.corrected))
        for sid, inp, purpose in wrong:  # the correction: today, under a new number
            cancel_sktm(work, sid, "salah keperluan; diganti surat baru")
            add_sktm(work, replace(inp, purpose=purpose, issued_on=today, valid_until=None))


def _kepala(work: Work) -> str:
    """The demo's Kepala Desa (occupation 86) when the identity names none."""
    name = work.conn.execute(
        select(R.c.name).where(R.c.occupation == 86, R.c.status_dasar == codes.HIDUP).limit(1)
    ).scalar()
    return str(name or "Kepala Desa")


def _heads(work: Work, household_ids: list[int]) -> dict[int, int]:
    """The living head of each household (else its first living member)."""
    out: dict[int, int] = {}
    stmt = (
        select(R.c.household_id, R.c.id)
        .where(R.c.household_id.in_(household_ids), R.c.status_dasar == codes.HIDUP)
        .order_by(R.c.household_id, func.coalesce(R.c.shdk, 99), R.c.birth_date)
    )
    for hid, rid in work.conn.execute(stmt):
        out.setdefault(int(hid), int(rid))
    return out


def _plans(work: Work, today: dt.date) -> list[_Plan]:
    conn = work.conn
    funded = list(
        conn.execute(
            select(R.c.household_id)
            .select_from(apbdes_beneficiary_t)
            .join(apbdes_line_t, apbdes_line_t.c.id == apbdes_beneficiary_t.c.line_id)
            .join(R, R.c.id == apbdes_beneficiary_t.c.resident_id)
            .where(apbdes_line_t.c.year == today.year, R.c.household_id.is_not(None))
            .group_by(R.c.household_id)
            .order_by(R.c.household_id)
        ).scalars()
    )
    from jkn_desktop.services.membership.rules import rule_columns

    uninsured: dict[int, int] = {}  # household → its first uninsured living member
    for hid, rid in conn.execute(
        select(R.c.household_id, R.c.id)
        .join(H, H.c.id == R.c.household_id)
        .where(H.c.desil <= 4, rule_columns().uninsured, R.c.household_id.not_in(funded or [0]))
        .order_by(R.c.household_id, func.coalesce(R.c.shdk, 99), R.c.birth_date)
    ):
        uninsured.setdefault(int(hid), int(rid))
    poor_uninsured = list(uninsured)
    poor = list(
        conn.execute(
            select(H.c.id)
            .where(and_(H.c.desil <= 3, H.c.id.not_in([*funded, *poor_uninsured] or [0])))
            .order_by(H.c.id.desc())
        ).scalars()
    )
    officials = set(
        conn.execute(
            select(R.c.household_id).where(R.c.occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)))
        ).scalars()
    )  # the village's own officials give themselves no SKTM
    funded = [h for h in funded if h not in officials]
    poor_uninsured = [h for h in poor_uninsured if h not in officials][:3]
    poor = [h for h in poor if h not in officials and h not in poor_uninsured][:3]
    heads = _heads(work, [*funded, *poor_uninsured, *poor])

    def back(months: int, days: int = 0) -> dt.date:
        return O.add_months(today, -months) - dt.timedelta(days=days)

    plans: list[_Plan] = []
    # at most five families of the line hold one; at least two have none (the APBDes page warns)
    for i, hid in enumerate(funded[: max(1, min(5, len(funded) - 2))]):
        if hid not in heads:
            continue
        if i == 0:  # the letter that ends this month
            plans.append(_Plan(back(6), heads[hid], "iuran_jkn"))
            continue
        plans.append(_Plan(back(11, i % 7), heads[hid], "iuran_jkn"))  # expired, then renewed
        plans.append(_Plan(back(4, i % 7), heads[hid], "iuran_jkn"))
    for i, hid in enumerate(poor_uninsured):  # still waiting: no PBI yet, not on the line
        plans.append(_Plan(back(1, 3 * i + 2), uninsured[hid], "iuran_jkn"))
    others = (
        ("sekolah", "SMP Negeri 1", ""),
        ("rumah_sakit", "RSUD", ""),
        ("bantuan_sosial", "", "sekolah"),  # meant for school fees: corrected today
    )
    for i, hid in enumerate(poor):
        if hid in heads:
            purpose, note, corrected = others[i % len(others)]
            plans.append(_Plan(back(2, 4 * i + 1), heads[hid], purpose, note, corrected))
    return [p for p in plans if p.on <= today]
