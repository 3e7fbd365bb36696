"""The counter log (buku loket): the services the office gives at its counter, each visit with the
JKN state the office saw and what it decided, the follow-ups still open, and a month's counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O


def state_label(segment: str, status: str) -> str:
    """ "PBI APBN · Aktif", "Belum terdaftar", "Tidak diketahui": a JKN state in a few words."""
    if segment in J.JKN_SEGMENTS:
        return f"{J.SEGMENT_SHORT.get(segment, segment)} · {J.STATUSES.get(status, status)}"
    if segment == J.BELUM_TERDAFTAR:
        return "Belum terdaftar"
    return "Tidak diketahui"


def place(dusun: str, rt: str, rw: str) -> str:
    """ "Krajan RT 001/RW 002": where a resident lives, as the counter says it."""
    where = f"RT {rt or '-'}/RW {rw or '-'}" if rt or rw else ""
    return " ".join(x for x in (dusun, where) if x)


def is_active(segment: str | None, status: str | None) -> bool:
    return segment in J.JKN_SEGMENTS and status == J.AKTIF


@dataclass(frozen=True, slots=True)
class CounterService:
    """One service of the counter (a line of the ``counter_services`` setting)."""

    name: str
    requires_jkn: bool = False


@dataclass(frozen=True, slots=True)
class OfficeSettings:
    """What the Pengaturan page edits for the office in one go."""

    services: tuple[CounterService, ...]
    apbdes_sktm_rule: str  # a key of domain.office.APBDES_SKTM_RULES
    sktm_valid_months: int


@dataclass(frozen=True, slots=True)
class VisitInput:
    resident_id: int | None
    service: str
    outcome: str  # a key of domain.office.OUTCOMES
    note: str = ""
    track: str = J.PBI_APBN  # the programme of the proposal made for outcome diusulkan_pbi


@dataclass(frozen=True, slots=True)
class Visit:
    """One line of the counter log, with the resident as the registry knows them now."""

    id: int
    visited_on: dt.date
    resident_id: int
    name: str
    nik: str
    dusun: str
    rt: str
    rw: str
    service: str
    requires_jkn: bool
    jkn_segment: str  # the state the office saw on the day
    jkn_status: str
    advice: str  # a key of domain.office.ADVICE
    outcome: str
    note: str
    usulan_id: int | None
    closed_on: dt.date | None
    closed_note: str
    actor: str

    @property
    def outcome_label(self) -> str:
        return O.OUTCOMES.get(self.outcome, self.outcome)

    @property
    def outcome_short(self) -> str:
        return O.OUTCOME_SHORT.get(self.outcome, self.outcome)

    @property
    def state_label(self) -> str:
        return state_label(self.jkn_segment, self.jkn_status)

    @property
    def advice_label(self) -> str:
        return O.ADVICE.get(self.advice, self.advice)

    @property
    def place(self) -> str:
        return place(self.dusun, self.rt, self.rw)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "visited_on": self.visited_on.isoformat(),
            "nik": self.nik,
            "name": self.name,
            "service": self.service,
            "requires_jkn": self.requires_jkn,
            "jkn_segment": self.jkn_segment,
            "jkn_status": self.jkn_status,
            "advice": self.advice,
            "outcome": self.outcome,
            "note": self.note,
            "usulan_id": self.usulan_id,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "actor": self.actor,
        }


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A referral whose resident is not active yet, or a proposal to the APBDes line whose
    resident is not on it yet: the latest open visit of that resident and kind."""

    visit_id: int
    resident_id: int
    kind: str  # O.DIRUJUK or O.DIUSULKAN_APBDES
    visited_on: dt.date
    days_open: int
    name: str
    nik: str
    dusun: str
    rt: str
    rw: str
    service: str
    awaited: str  # what closes it, in words
    state_now: str  # the resident's JKN state today, in words
    note: str

    @property
    def kind_label(self) -> str:
        return O.OUTCOME_SHORT.get(self.kind, self.kind)

    @property
    def place(self) -> str:
        return place(self.dusun, self.rt, self.rw)

    def as_json(self) -> dict[str, Any]:
        return {
            "visit_id": self.visit_id,
            "kind": self.kind,
            "visited_on": self.visited_on.isoformat(),
            "days_open": self.days_open,
            "nik": self.nik,
            "name": self.name,
            "service": self.service,
            "awaited": self.awaited,
            "state_now": self.state_now,
        }


@dataclass(frozen=True, slots=True)
class CounterMonth:
    """A month at the counter, for the monthly report and the village package."""

    period: str
    total: int
    by_outcome: dict[str, int]  # every key of domain.office.OUTCOMES, zeros included
    by_service: dict[str, int]
    refused_without_offer: int  # ditolak while the rule advised offering a proposal
    followups_open: int  # open at the month's end (or on the job's day if earlier)
    followups_closed: int  # closed during the month (by hand or by becoming active / covered)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "total": self.total,
            "by_outcome": dict(self.by_outcome),
            "by_service": dict(self.by_service),
            "refused_without_offer": self.refused_without_offer,
            "followups_open": self.followups_open,
            "followups_closed": self.followups_closed,
        }


@dataclass(frozen=True, slots=True)
class CounterOverview:
    """What the Buku loket tab shows: one month's visits (filtered), its counts and the open
    follow-ups of today."""

    visits: list[Visit]
    month: CounterMonth
    followups: list[FollowUp] = field(default_factory=list)
