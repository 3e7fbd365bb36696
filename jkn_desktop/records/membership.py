"""JKN membership: what a source said (observations), the state the rule decides, coverage counts,
the Kepesertaan lists and the counter check, and the monthly PBI list's import result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import age_on

if TYPE_CHECKING:  # named for the type only: the row issues of an import
    from jkn_desktop.records.imports import RowIssue

OBSERVATION_FIELDS = (
    "resident_id",
    "segment",
    "kelas",
    "card_no",
    "status",
    "fktp",
    "as_of",
    "absent",
    "period",
    "source",
    "source_ref",
    "list_id",
    "note",
)


# --- evidence and the decided state ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Observation:
    """One thing a source said about a resident's membership. ``as_of`` is the date the source
    speaks for (None: the source does not say); ``absent``: "not on this month's list"."""

    resident_id: int
    segment: str
    status: str
    as_of: dt.date | None
    source: str
    kelas: int | None = None
    card_no: str = ""
    fktp: str = ""
    period: str = ""
    source_ref: str = ""
    list_id: int | None = None
    note: str = ""
    absent: bool = False

    def row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in OBSERVATION_FIELDS}


@dataclass(frozen=True, slots=True)
class MembershipEntry:
    id: int
    segment: str
    kelas: int | None
    card_no: str
    status: str
    fktp: str
    as_of: dt.date | None
    period: str
    source: str
    source_ref: str
    note: str
    actor: str
    created_at: dt.datetime
    absent: bool = False
    holds: bool = False  # the observation the rule takes as the current state

    @property
    def segment_label(self) -> str:
        return J.SEGMENTS.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
        if self.absent:
            return "Tidak ada di daftar"
        return J.STATUSES.get(self.status, self.status)

    @property
    def source_label(self) -> str:
        return J.SOURCES.get(self.source, self.source)


@dataclass(frozen=True, slots=True)
class CurrentState:
    membership_id: int
    segment: str
    kelas: int | None
    card_no: str
    status: str
    as_of: dt.date | None
    source: str
    other_active: str | None


# --- coverage ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CoverageCounts:
    population: int
    registered: int
    active: int

    @property
    def coverage_pct(self) -> float:
        return round(100.0 * self.registered / self.population, 2) if self.population else 0.0

    @property
    def active_pct(self) -> float:
        return round(100.0 * self.active / self.registered, 2) if self.registered else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "registered": self.registered,
            "active": self.active,
            "coverage_pct": self.coverage_pct,
            "active_pct": self.active_pct,
        }


@dataclass(frozen=True, slots=True)
class AreaCoverage(CoverageCounts):
    area: str = ""
    households: int = 0
    households_fully_uninsured: int = 0
    households_partly_uninsured: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            **CoverageCounts.as_json(self),
            "households": self.households,
            "households_fully_uninsured": self.households_fully_uninsured,
            "households_partly_uninsured": self.households_partly_uninsured,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    """All counts are over living residents (status dasar HIDUP)."""

    total: AreaCoverage
    by_dusun: list[AreaCoverage] = field(default_factory=list)
    by_rw: list[AreaCoverage] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)  # suggested next step -> people
    reasons: dict[str, int] = field(default_factory=dict)  # uninsured reason -> people
    segments: dict[str, int] = field(default_factory=dict)  # current segment -> living people

    def as_json(self) -> dict[str, Any]:
        return {
            **self.total.as_json(),
            "by_dusun": [{"dusun": a.area, **a.as_json()} for a in self.by_dusun],
            "by_rw": [{"rw": a.area, **a.as_json()} for a in self.by_rw],
            "next_steps": self.steps,
            "reasons": self.reasons,
            "segments": self.segments,
        }


@dataclass(frozen=True, slots=True)
class TrendPoint(CoverageCounts):
    month: str = ""  # YYYY-MM


# --- the Kepesertaan lists --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class JknFilter:
    search: str = ""
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None
    segment: str | None = None  # a key of J.SEGMENTS
    status: str | None = None  # a key of J.STATUSES
    uninsured: bool | None = None
    reason: str | None = None
    step: str | None = None
    officials: bool = False  # Kepala Desa / perangkat desa and their households
    living_only: bool = True


@dataclass(frozen=True, slots=True)
class JknRow:
    id: int
    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    shdk: int | None
    status_dasar: int
    occupation: int | None
    no_kk: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    segment: str
    kelas: int | None
    card_no: str
    status: str
    as_of: dt.date | None
    source: str
    uninsured: bool
    reason: str | None
    step: str | None
    household_id: int | None
    marital_status: int | None = None
    schooling: int | None = None

    @property
    def step_label(self) -> str:
        return J.STEPS.get(self.step or "", "")

    @property
    def segment_label(self) -> str:
        return J.SEGMENT_SHORT.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
        return J.STATUSES.get(self.status, self.status) if self.segment in J.JKN_SEGMENTS else "—"

    def age(self, today: dt.date | None = None) -> int | None:
        return age_on(self.birth_date, today or dt.date.today()) if self.birth_date else None


@dataclass(frozen=True, slots=True)
class HouseholdCoverage:
    id: int
    no_kk: str
    head: str
    address: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    living: int
    uninsured: int
    flag: str | None
    desil_as_of: dt.date | None = None
    # what registering the uninsured members as PBPU mandiri class 3 would cost a month (BPJS
    # registers every member of the KK together)
    mandiri_cost: int = 0

    @property
    def flag_label(self) -> str:
        return J.HOUSEHOLD_FLAGS.get(self.flag or "", "Tanpa anggota hidup")


@dataclass(frozen=True, slots=True)
class HouseholdDetail:
    """A KK's members with what the family rules and the money say about them."""

    members: list[JknRow]
    outside_ppu: frozenset[int]
    mandiri_cost: int
    warnings: list[str]


# --- the counter check ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CheckWarning:
    code: str
    message: str


def _person_json(p: JknRow, outside_ppu: frozenset[int]) -> dict[str, Any]:
    registered = p.segment in J.JKN_SEGMENTS
    return {
        "nik": p.nik,
        "name": p.name,
        "status_dasar": codes.STATUS_DASAR.get(p.status_dasar, ""),
        "segment": p.segment,
        "status": p.status if registered else None,
        "active": registered and p.status == J.AKTIF,
        "card_no": p.card_no,
        "as_of": p.as_of.isoformat() if p.as_of else None,
        "source": p.source,
        "reason": p.reason,
        "next_step": p.step,
        "family": J.NOT_COVERED_BY_PPU if p.id in outside_ppu else None,
    }


@dataclass(frozen=True, slots=True)
class CheckResult:
    person: JknRow
    household: list[JknRow]
    warnings: list[CheckWarning] = field(default_factory=list)
    outside_ppu: frozenset[int] = frozenset()  # members the worker's PPU does not cover
    mandiri_cost: int = 0  # the KK's uninsured members as PBPU mandiri class 3, a month

    def as_json(self) -> dict[str, Any]:
        return {
            **_person_json(self.person, self.outside_ppu),
            "no_kk": self.person.no_kk,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "household_mandiri_cost": self.mandiri_cost,
            "household": [_person_json(m, self.outside_ppu) for m in self.household],
        }


# --- the monthly PBI list -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    resident_id: int
    nik: str
    name: str
    birth_date: dt.date | None
    dusun: str
    rt: str
    rw: str


@dataclass
class PbiImportResult:
    file: str
    sheet: str
    header_row: int
    period: str
    source: str
    segment: str
    rows: int
    matched_nik: int
    matched_name: int
    confirmed: int
    not_found: int
    ambiguous: int
    dropped: int
    removal_candidates: int
    observations: int
    issues: list[RowIssue]
    written: bool
    unused_columns: list[str] = field(default_factory=list)
    # rows the user may confirm in the window: line -> candidates (ambiguous, or name-only)
    to_confirm: dict[int, list[Candidate]] = field(default_factory=dict)
    row_info: dict[int, tuple[str, dt.date | None]] = field(default_factory=dict)  # name, birth
    not_found_rows: list[dict[str, Any]] = field(default_factory=list)
    dropped_residents: list[dict[str, Any]] = field(default_factory=list)
    short_list: str = ""  # why this list looks cut short (the window asks before recording it)
    period_in_file: str | None = None  # the month the list itself names, if any

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "period": self.period,
            "source": self.source,
            "segment": self.segment,
            "rows": self.rows,
            "matched_nik": self.matched_nik,
            "matched_name": self.matched_name,
            "confirmed": self.confirmed,
            "not_found": self.not_found,
            "ambiguous": self.ambiguous,
            "dropped": self.dropped,
            "removal_candidates": self.removal_candidates,
            "observations": self.observations,
            "written": self.written,
            "not_found_rows": self.not_found_rows,
            "dropped_residents": self.dropped_residents,
            "short_list": self.short_list or None,
            "issues": [i.as_json() for i in self.issues],
        }
