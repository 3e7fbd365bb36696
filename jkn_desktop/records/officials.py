"""The village's officials (kepala and perangkat desa) with their own JKN and their families', as the
Pelayanan page, the printed list, the command line and the package see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.office import PERANGKAT


@dataclass(frozen=True, slots=True)
class OfficialInput:
    """What the secretary types: who, the position, kepala or perangkat, the SK and its date."""

    resident_id: int
    position: str
    kind: str = PERANGKAT  # domain.office KEPALA / PERANGKAT
    sk_number: str = ""
    started_on: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Official:
    """One row of the list of officials (in office or, with ``ended_on``, history)."""

    id: int
    resident_id: int
    nik: str
    name: str
    position: str
    kind: str
    sk_number: str
    started_on: dt.date | None
    ended_on: dt.date | None
    notes: str

    def in_office(self, day: dt.date) -> bool:
        started = self.started_on is None or self.started_on <= day
        return started and (self.ended_on is None or self.ended_on > day)

    def as_input(self) -> OfficialInput:
        return OfficialInput(
            self.resident_id, self.position, self.kind, self.sk_number, self.started_on, self.notes
        )


@dataclass(frozen=True, slots=True)
class FamilyCoverage:
    """A member of an official's KK: counted in the PPU family (spouse, up to three children), or
    outside it and uninsured (covered only if the official pays 1% more for them)."""

    resident_id: int
    relation: str  # the SHDK as written on the KK ("Istri", "Anak")
    name: str
    nik: str
    age: int | None
    segment: str
    status: str
    card_no: str
    in_family: bool  # counted in the official's PPU family
    covered: bool  # under the official's active PPU, or by an active membership of their own
    note: str = ""

    @property
    def segment_label(self) -> str:
        return J.SEGMENT_SHORT.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
        return J.STATUSES.get(self.status, self.status) if self.segment in J.JKN_SEGMENTS else "—"

    def as_json(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "name": self.name,
            "nik": self.nik,
            "age": self.age,
            "segment": self.segment,
            "status": self.status if self.segment in J.JKN_SEGMENTS else None,
            "card_no": self.card_no,
            "in_ppu_family": self.in_family,
            "covered": self.covered,
            "note": self.note or None,
        }


@dataclass(frozen=True, slots=True)
class OfficialCoverage:
    """An official in office with their JKN state, what to do when it is not an active PPU
    membership, and their family."""

    official: Official
    segment: str
    status: str
    card_no: str
    on_ppu: bool  # an active PPU member
    flag: bool  # not an active PPU member (or no longer alive): something to do
    step: str | None  # a key of domain.officials.OFFICIAL_STEPS
    next_step: str  # the step in words ("" for none)
    family: tuple[FamilyCoverage, ...]  # spouse, then up to three children, eldest first
    outside: tuple[FamilyCoverage, ...]  # uninsured members outside the PPU family
    family_note: str = ""  # why no family is listed (not the head or spouse of the KK …)
    age: int | None = None

    @property
    def segment_label(self) -> str:
        return J.SEGMENT_SHORT.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
        return J.STATUSES.get(self.status, self.status) if self.segment in J.JKN_SEGMENTS else "—"

    @property
    def family_covered(self) -> int:
        return sum(1 for f in self.family if f.covered)

    def as_json(self) -> dict[str, Any]:
        o = self.official
        return {
            "id": o.id,
            "nik": o.nik,
            "name": o.name,
            "age": self.age,
            "position": o.position,
            "kind": o.kind,
            "sk_number": o.sk_number,
            "started_on": o.started_on.isoformat() if o.started_on else None,
            "segment": self.segment,
            "status": self.status if self.segment in J.JKN_SEGMENTS else None,
            "card_no": self.card_no,
            "on_ppu": self.on_ppu,
            "flag": self.flag,
            "next_step": self.next_step or None,
            "family": [f.as_json() for f in self.family],
            "outside_ppu_family": [f.as_json() for f in self.outside],
            "family_note": self.family_note or None,
        }


@dataclass(frozen=True, slots=True)
class OfficialsSummary:
    """The counts the package and the monthly report carry (officials in office on the job's
    day)."""

    officials: int
    on_ppu: int  # active PPU
    not_ppu: int
    family: int  # spouse + up to three children counted
    family_covered: int  # under the official's active PPU, or active JKN of their own
    family_uncovered: int

    def as_json(self) -> dict[str, int]:
        return {
            "officials": self.officials,
            "on_ppu": self.on_ppu,
            "not_ppu": self.not_ppu,
            "family": self.family,
            "family_covered": self.family_covered,
            "family_uncovered": self.family_uncovered,
        }


@dataclass(frozen=True, slots=True)
class OfficialSuggestion:
    """A living resident whose occupation says kepala or perangkat desa, not on the list yet,
    with the position and kind offered."""

    resident_id: int
    nik: str
    name: str
    occupation: int
    position: str
    kind: str


@dataclass(frozen=True, slots=True)
class OfficialsOverview:
    """What the Perangkat desa tab shows, read in one job."""

    on: dt.date
    items: list[OfficialCoverage]
    summary: OfficialsSummary
    suggestions: list[OfficialSuggestion]
