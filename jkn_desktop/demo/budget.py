"""The demo village's APBDes: a line for premiums, its beneficiaries and the months already paid."""

from __future__ import annotations

import datetime as dt

from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.work import Work
from jkn_desktop.services.database import Database

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def apbdes_demo(db: Database, today: dt.date, actor: str, population: int) -> None:
    """Two premium lines of this year, as a village would have them: one funded by ADD from
    January (revised upward in the APBDes Perubahan), one by Dana Desa from July (which the Dana
    Desa rule warns about); beneficiaries taken from the priority list; payments recorded for the
    months already past, so the current month shows as not yet paid."""
    from dataclasses import replace

    from jkn_desktop.domain import apbdes as A
    from jkn_desktop.records.apbdes import LineInput
    from jkn_desktop.services.apbdes.lines import add_line, update_line

    year = today.year
    pagu_add = max(10, round(population * 20_000 / 1_000_000)) * 1_000_000
    sktm = "Iuran JKN warga miskin non-PBI (SKTM)"
    by_add = LineInput(year, "02.02.96", "5.2.7", "ADD", pagu_add, notes=sktm)
    mandiri = A.Scheme(J.PBPU_MANDIRI, 3, A.SHARE_PARTICIPANT)
    by_dds = LineInput(
        year, "02.02.96", "5.2.7", "DDS", pagu_add // 4, mandiri, notes="Tambahan semester II"
    )
    with db.work(actor, today=today) as work:
        add, dds = add_line(work, by_add), add_line(work, by_dds)
        _demo_beneficiaries(work, add, 1, 0.6)
        _demo_beneficiaries(work, dds, 7, 0.7)
        revised = replace(
            by_add, pagu_revised=pagu_add + 5_000_000, revised_on=dt.date(year, 8, 15)
        )
        update_line(work, add, revised)
        _demo_payments(work, year)


def _demo_beneficiaries(work: Work, line: int, start: int, share: float) -> None:
    """The first households of the priority list, up to a share of the line's budget; whom a guard
    stops (a PBI member until last month's list, …) the operator leaves out."""
    from jkn_desktop.services.apbdes.beneficiaries import add_beneficiaries, candidates
    from jkn_desktop.services.apbdes.priority import priority_list

    plist = priority_list(work, line, from_month=start)
    chosen: list[int] = []
    spent = 0
    for h in plist.households:
        if spent + h.cost > plist.remaining * share:
            continue
        spent += h.cost
        chosen += [m.resident_id for m in h.members]
    chosen = [c.resident_id for c in candidates(work, line, chosen, start, 12) if not c.guards]
    if chosen:
        add_beneficiaries(work, line, chosen, start, 12, notes="data demo")


def _demo_payments(work: Work, year: int) -> None:
    """What each month already past cost, paid on the 8th with its SPP number."""
    from jkn_desktop.services.apbdes.payments import add_payment
    from jkn_desktop.services.apbdes.summaries import line_summaries

    today = work.today
    number = 0
    for s in line_summaries(work, year):
        for m in range(1, today.month if year == today.year else 13):
            if s.implied(m):
                number += 1
                spp = f"SPP {number:03d}/{_ROMAN[m - 1]}/{year}"
                add_payment(work, s.id, m, s.implied(m), dt.date(year, m, 8), spp)
