"""APBDes premium allocations as the window, the command line and the report see them: budget
codes, lines with their money, beneficiaries and candidates, payments, the year, and the priority
list of households. Money is whole rupiah (``int``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.domain import apbdes as A


@dataclass(frozen=True, slots=True)
class BudgetCode:
    kind: str
    code: str
    name: str
    local: bool = False

    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True)
class LineChoices:
    """What the line dialog offers: the budget codes, and the rates that price a scheme."""

    codes: list[BudgetCode]
    rates: list[A.Rate]


@dataclass(frozen=True, slots=True)
class LineInput:
    year: int
    kegiatan: str
    rekening: str
    sumber: str
    pagu: int
    scheme: A.Scheme = field(default_factory=lambda: A.Scheme(*A.DEFAULT_SCHEME))
    pagu_revised: int | None = None
    revised_on: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    message: str
    line_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "line_id": self.line_id}


@dataclass(frozen=True, slots=True)
class LineSummary:
    id: int
    year: int
    kegiatan: str
    kegiatan_name: str
    rekening: str
    rekening_name: str
    sumber: str
    sumber_name: str
    pagu_original: int
    pagu_revised: int | None
    revised_on: dt.date | None
    scheme: A.Scheme
    per_month: tuple[int, ...]  # rate per person for each month
    notes: str
    beneficiaries: int  # distinct residents
    people: tuple[int, ...]  # people covered in each month
    paid: tuple[int, ...]  # realisation per month
    committed: int
    realized: int
    from_month: int  # first month a capacity question counts (13: none left this year)
    warnings: tuple[Warning, ...] = ()

    @property
    def pagu(self) -> int:
        """The pagu in force: the revised one after an APBDes Perubahan."""
        return self.pagu_original if self.pagu_revised is None else self.pagu_revised

    @property
    def remaining(self) -> int:
        return self.pagu - self.committed

    @property
    def months_left(self) -> int:
        return max(0, 13 - self.from_month)

    @property
    def rate(self) -> int:
        """The rate of the first month still open (December's when the year is over)."""
        return self.per_month[min(self.from_month, 12) - 1]

    @property
    def per_person_left(self) -> int:
        return A.months_cost(self.per_month, self.from_month, 12) if self.months_left else 0

    @property
    def capacity(self) -> int:
        return A.capacity(self.remaining, self.per_person_left)

    def label(self) -> str:
        return f"{self.kegiatan} {self.kegiatan_name} — {self.sumber_name}"

    def implied(self, month: int) -> int:
        """What the beneficiaries of a month cost: what the payment of that month should be."""
        return self.people[month - 1] * self.per_month[month - 1]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kegiatan": self.kegiatan,
            "kegiatan_nama": self.kegiatan_name,
            "rekening": self.rekening,
            "rekening_nama": self.rekening_name,
            "sumber_dana": self.sumber,
            "sumber_dana_nama": self.sumber_name,
            "pagu": self.pagu,
            "pagu_awal": self.pagu_original,
            "pagu_perubahan": self.pagu_revised,
            "skema": self.scheme.label(),
            "rate": self.rate,
            "committed": self.committed,
            "realized": self.realized,
            "remaining": self.remaining,
            "beneficiaries": self.beneficiaries,
            "capacity": self.capacity,
            "capacity_from": f"{self.year}-{self.from_month:02d}" if self.months_left else None,
        }


@dataclass(frozen=True, slots=True)
class YearLines:
    """The APBDes page's top: the years that have lines, and the lines of the year shown."""

    years: list[int]
    lines: list[LineSummary]


@dataclass(frozen=True, slots=True)
class Beneficiary:
    id: int
    line_id: int
    resident_id: int
    nik: str
    name: str
    no_kk: str
    dusun: str
    rt: str
    rw: str
    start: int
    end: int
    cost: int
    overridden: str
    notes: str
    guards: tuple[A.Guard, ...] = ()
    warnings: tuple[str, ...] = ()  # shown, never blocking: e.g. no valid SKTM (no ground to pay)

    @property
    def months(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True, slots=True)
class Candidate:
    """A resident proposed for a line, with what the guards say."""

    resident_id: int
    nik: str
    name: str
    guards: tuple[A.Guard, ...]
    warnings: tuple[str, ...] = ()  # shown, never blocking: someone else should pay


@dataclass(frozen=True, slots=True)
class AddResult:
    added: list[int]  # beneficiary ids
    candidates: list[Candidate]

    @property
    def blocked(self) -> list[Candidate]:
        return [c for c in self.candidates if c.guards]


@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    line_id: int
    month: int
    amount: int
    paid_on: dt.date
    reference: str
    notes: str


@dataclass(frozen=True, slots=True)
class YearReport:
    year: int
    lines: list[LineSummary]
    beneficiaries: dict[int, list[Beneficiary]]
    warnings: list[Warning]
    made_on: dt.date

    @property
    def totals(self) -> dict[str, int]:
        return {
            "pagu": sum(s.pagu for s in self.lines),
            "committed": sum(s.committed for s in self.lines),
            "realized": sum(s.realized for s in self.lines),
            "remaining": sum(s.remaining for s in self.lines),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "lines": [s.as_json() for s in self.lines],
            "totals": self.totals,
            "warnings": [w.as_json() for w in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class PriorityMember:
    resident_id: int
    name: str
    age: int | None
    needs: A.MemberNeeds


@dataclass(frozen=True, slots=True)
class PriorityHousehold:
    household_id: int
    no_kk: str
    head: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    members: tuple[PriorityMember, ...]
    score: A.Score
    cost: int  # covering the members from the chosen month to December
    running_total: int = 0
    within_budget: bool = True


@dataclass(frozen=True, slots=True)
class PriorityList:
    households: list[PriorityHousehold]
    from_month: int
    per_person: int
    remaining: int
    weights: A.PriorityWeights = field(default_factory=A.PriorityWeights)
