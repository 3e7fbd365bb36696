"""The demo village's counter log: about thirty visits on the working days of the last two months,
written through the counter log service (so the office rule and its checks apply) — mostly served,
some referred to register, one poor resident proposed for PBI and one for the APBDes line, one
refused, and one referral closed by hand."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.errors import UserError
from jkn_desktop.records.counter import CounterService, VisitInput
from jkn_desktop.records.membership import JknFilter, JknRow
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership import kepesertaan as K
from jkn_desktop.services.office import counter_log as CL

# what the officer writes, by the decision and what the rule saw
SERVED_NOTES = (
    "Disarankan mendaftar JKN; diberi brosur PBPU mandiri",
    "KK belum diperbarui; diminta ke Dukcapil",
)
REFERRAL_NOTES = {
    O.RUJUK_DAFTAR: "Dirujuk ke kantor BPJS Kecamatan untuk mendaftar",
    O.RUJUK_AKTIFKAN: "Diminta melunasi tunggakan lewat Mobile JKN",
    O.RUJUK_PPU: "Diminta membawa surat keterangan kerja; didaftarkan pemberi kerja",
}
PBI_REFERRAL_NOTE = "Diminta surat keterangan puskesmas untuk reaktivasi PBI"
REFUSED_NOTE = "Tidak mau dirujuk; akan datang lagi setelah mendaftar"


def _note(outcome: str, advice: O.Advice, person: JknRow, rng: random.Random) -> str:
    if outcome == O.DILAYANI_CATATAN:
        return rng.choice(SERVED_NOTES)
    if outcome == O.DITOLAK:
        return REFUSED_NOTE
    if outcome != O.DIRUJUK:
        return ""
    if person.segment in J.PBI_SEGMENTS:
        return PBI_REFERRAL_NOTE
    return REFERRAL_NOTES.get(advice.code, REFERRAL_NOTES[O.RUJUK_DAFTAR])


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _visit_days(rng: random.Random, today: dt.date) -> list[dt.date]:
    """About 18 working days of last month and 12 of this one up to today, some twice."""
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    before = _working_days(last_month, this_month - dt.timedelta(days=1))
    now = _working_days(this_month, today)
    days = rng.sample(before, min(len(before), 16)) + rng.sample(now, min(len(now), 10))
    days += rng.sample(days, min(len(days), 6))
    return sorted(days)


def _people(db: Database, today: dt.date) -> tuple[list[JknRow], list[JknRow]]:
    """Living adults of the village, and those of them not active in JKN."""
    with db.work("demo", write=False, today=today) as work:
        everyone = K.fetch_rows(work, K.query_ids(work, JknFilter()))
    adults = [p for p in everyone if (p.age(today) or 0) >= 17]
    return adults, [p for p in adults if p.uninsured]


def _outcome(advice: O.Advice, made: dict[str, int], early: bool, has_apbdes: bool) -> str:
    """What the office decides: mostly what the rule suggests; a poor resident is proposed once
    for PBI (last month, so this month's Usulan page starts clean) and once for the APBDes line."""
    if not advice.blocks:
        return O.DILAYANI_CATATAN if made["seen"] % 6 == 5 else O.DILAYANI
    if advice.code == O.TAWARKAN_USULAN:
        if early and not made[O.DIUSULKAN_PBI]:
            return O.DIUSULKAN_PBI
        if has_apbdes and not made[O.DIUSULKAN_APBDES]:
            return O.DIUSULKAN_APBDES
    return O.DIRUJUK if advice.code != O.TIDAK_HIDUP else O.DITOLAK


def counter_demo(db: Database, today: dt.date, actor: str, *, has_apbdes: bool = True) -> None:
    rng = random.Random(18)
    adults, uninsured = _people(db, today)
    if not adults:
        return
    with db.work(actor, write=False, today=today) as work:
        offered: Sequence[CounterService] = CL.services(work)
    needing = [s for s in offered if s.requires_jkn] or list(offered)
    made = dict.fromkeys((*O.OUTCOMES, "seen"), 0)
    this_month = today.replace(day=1)
    referrals: list[tuple[int, dt.date]] = []
    days = _visit_days(rng, today)
    poor = [p for p in uninsured if p.desil is not None and p.desil <= O.POOR_DESIL]
    forced = {2, len(days) - 3} if poor else set()  # a poor resident asks for a service needing JKN
    covered = [p for p in adults if not p.uninsured] or adults
    # one uninsured resident, not poor, will not be referred and leaves without the letter
    poor_ids = {p.id for p in poor}
    unwilling = [
        p for p in uninsured if p.id not in poor_ids and p.occupation not in J.WAGE_OCCUPATIONS
    ]
    refusal = len(days) // 2 if unwilling else -1
    for i, day in enumerate(days):
        # most who come are covered; about one in five is not and asks for a service needing JKN
        asks_needing = i in forced or i == refusal or bool(uninsured and rng.random() < 0.2)
        pool = poor if i in forced else unwilling if i == refusal else uninsured
        person = rng.choice(pool if asks_needing else covered)
        service = rng.choice(needing if asks_needing else list(offered))
        with db.work(actor, write=False, today=day) as work:
            advice = CL.advice_for(work, person.id, service.name)
        refused = i == refusal and advice.blocks
        outcome = O.DITOLAK if refused else _outcome(advice, made, day < this_month, has_apbdes)
        note = _note(outcome, advice, person, rng)
        try:
            vid = db.run(
                CL.log_visit,
                VisitInput(person.id, service.name, outcome, note),
                user=actor,
                today=day,
            )
        except UserError:
            continue  # e.g. already in another proposal this month: the office decides otherwise
        made[outcome] += 1
        made["seen"] += 1
        if outcome == O.DIRUJUK and day < this_month:
            referrals.append((vid, day))
    if referrals:  # one referral registered at the BPJS office, told the counter a week later
        vid, day = referrals[0]
        closed_on = min(day + dt.timedelta(days=7), today)
        db.run(
            CL.close_followup,
            vid,
            "Sudah mendaftar PBPU mandiri di kantor BPJS; kartu menyusul",
            user=actor,
            today=closed_on,
        )
