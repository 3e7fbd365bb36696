"""The kecamatan's figures for a month (the dashboard), their trend, a village's lists, and what
the documents upward report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


@dataclass(frozen=True, slots=True)
class ApbdesFigures:
    """The village's APBDes premium lines of the period's year, summed, against the need.

    ``pagu``: each line's pagu_perubahan when set, else its pagu; ``capacity`` = pagu − committed
    (never below 0); ``need``: covering every uninsured living resident of a desil 1–5 household
    with PBPU/BP Pemda class 3 (full premium) for the months left in the year after the period;
    ``gap`` = need − capacity (never below 0)."""

    lines: int = 0
    pagu: int = 0
    committed: int = 0
    realized: int = 0
    beneficiaries: int = 0
    capacity: int = 0
    need_people: int = 0
    need_months: int = 0
    need: int = 0

    @property
    def gap(self) -> int:
        return max(0, self.need - self.capacity)

    def as_json(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "pagu": self.pagu,
            "committed": self.committed,
            "realized": self.realized,
            "beneficiaries": self.beneficiaries,
            "capacity": self.capacity,
            "need_people": self.need_people,
            "need_months": self.need_months,
            "need": self.need,
            "gap": self.gap,
        }


@dataclass(frozen=True, slots=True)
class VillageFigures:
    """One village's row of the month. ``sent`` False: no package ("belum mengirim"), every
    figure 0 and the PBI changes ``None``. ``pbi_joined``/``pbi_left`` are ``None`` when the
    village sent no package the month before (nothing to compare with)."""

    kode_wilayah: str
    name: str
    kind: str  # desa / kelurahan
    expected: bool
    sent: bool
    package_id: int | None = None
    population: int = 0  # living residents
    registered: int = 0
    active: int = 0
    households: int = 0  # KK with living members
    households_fully_uninsured: int = 0
    households_partly_uninsured: int = 0
    uninsured: int = 0  # living residents not active
    pbi_joined: int | None = None
    pbi_left: int | None = None
    proposals: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> status -> n
    officials: int = 0
    officials_not_ppu: int = 0
    officials_family: int = 0
    officials_family_uncovered: int = 0
    apbdes: ApbdesFigures = field(default_factory=ApbdesFigures)
    verdicts: bool = False  # the package carried the village's own verdicts (format 3)

    @property
    def full_name(self) -> str:
        return f"{'Kelurahan' if self.kind == 'kelurahan' else 'Desa'} {self.name}"

    @property
    def coverage_pct(self) -> float:
        return _pct(self.registered, self.population)

    @property
    def active_pct(self) -> float:
        return _pct(self.active, self.registered)

    @property
    def proposals_total(self) -> int:
        return sum(n for by_status in self.proposals.values() for n in by_status.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "kode_wilayah": self.kode_wilayah,
            "desa": self.name,
            "kind": self.kind,
            "expected": self.expected,
            "sent": self.sent,
            "state": "terkirim" if self.sent else "belum mengirim",
            "population": self.population,
            "registered": self.registered,
            "active": self.active,
            "coverage_pct": self.coverage_pct,
            "active_pct": self.active_pct,
            "households": self.households,
            "households_fully_uninsured": self.households_fully_uninsured,
            "households_partly_uninsured": self.households_partly_uninsured,
            "uninsured": self.uninsured,
            "pbi_joined": self.pbi_joined,
            "pbi_left": self.pbi_left,
            "proposals": self.proposals,
            "proposals_total": self.proposals_total,
            "officials": self.officials,
            "officials_not_ppu": self.officials_not_ppu,
            "officials_family": self.officials_family,
            "officials_family_uncovered": self.officials_family_uncovered,
            "apbdes": self.apbdes.as_json(),
        }


@dataclass(frozen=True, slots=True)
class KecSummary:
    """The kecamatan's month: one row per expected village (and any other that sent), totals over
    the villages that sent."""

    period: str
    kode_wilayah: str
    kecamatan: str
    target_coverage_pct: float
    target_active_pct: float
    rate: int  # PBPU/BP Pemda class 3 monthly premium used for the need (first month counted)
    villages: list[VillageFigures]
    total: VillageFigures

    @property
    def sent(self) -> list[VillageFigures]:
        return [v for v in self.villages if v.sent]

    @property
    def missing(self) -> list[VillageFigures]:
        return [v for v in self.villages if not v.sent and v.expected]

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "kode_wilayah": self.kode_wilayah,
            "kecamatan": self.kecamatan,
            "target_coverage_pct": self.target_coverage_pct,
            "target_active_pct": self.target_active_pct,
            "rate": self.rate,
            "villages_expected": sum(1 for v in self.villages if v.expected),
            "villages_sent": len(self.sent),
            "villages": [v.as_json() for v in self.villages],
            "total": {
                k: v
                for k, v in self.total.as_json().items()
                if k not in ("kode_wilayah", "desa", "kind", "expected", "sent", "state")
            },
        }


@dataclass(frozen=True, slots=True)
class KecTrendPoint:
    """Coverage and keaktifan of one month received, for the kecamatan (``kode_wilayah`` "")
    or one village."""

    period: str
    kode_wilayah: str
    population: int
    registered: int
    active: int
    villages_sent: int = 1

    @property
    def coverage_pct(self) -> float:
        return _pct(self.registered, self.population)

    @property
    def active_pct(self) -> float:
        return _pct(self.active, self.registered)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "kode_wilayah": self.kode_wilayah,
            "population": self.population,
            "registered": self.registered,
            "active": self.active,
            "coverage_pct": self.coverage_pct,
            "active_pct": self.active_pct,
            "villages_sent": self.villages_sent,
        }


@dataclass(frozen=True, slots=True)
class KecTrend:
    months: list[str]
    total: list[KecTrendPoint]  # one per month
    by_village: dict[str, list[KecTrendPoint]]  # kode_wilayah -> the months it sent


@dataclass(frozen=True, slots=True)
class VillageList:
    """One page of a village's list (the dashboard's drill-down): ``columns`` are the Indonesian
    headers, ``rows`` the cells in that order, ``total`` the rows of the whole list."""

    kind: str  # kk_belum / penduduk_belum / usulan / penerima_apbdes
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    total: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class KecDocument:
    """A document written for the kecamatan: where, how many pages or rows, for what."""

    path: Path
    subject: str
    rows: int
    pages: int = 0
    villages: int = 0


@dataclass(frozen=True, slots=True)
class QuarterVillage:
    """A village over a quarter: its figures at the start (the month before the quarter, else
    the quarter's first month it sent) and at the end (the last month of the quarter it sent),
    and the proposals of the quarter's months by the stage the packages reported."""

    kode_wilayah: str
    name: str
    kind: str
    start: KecTrendPoint | None
    end: KecTrendPoint | None
    proposals: int = 0
    sent: int = 0  # sent to Dinas Sosial (dikirim, diterima or ditolak)
    accepted: int = 0
    rejected: int = 0

    @property
    def full_name(self) -> str:
        return f"{'Kelurahan' if self.kind == 'kelurahan' else 'Desa'} {self.name}"


@dataclass(frozen=True, slots=True)
class QuarterlyReport:
    year: int
    quarter: int
    periods: list[str]  # the quarter's three months
    start_period: str  # the month before the quarter
    last_period: str  # the quarter's last month any village sent ("" when none)
    villages: list[QuarterVillage]
    start_total: KecTrendPoint
    end_total: KecTrendPoint
    summary: KecSummary  # the dashboard of ``last_period``: APBDes and officials


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    """One village's APBDes premium allocation for a year against the need (Inbup Karanganyar
    440/3/2022 KETUJUH BELAS c–d): ``period`` is the month of the data used (the year's latest
    package, else the latest before the year; "" when none)."""

    kode_wilayah: str
    name: str
    kind: str
    period: str
    apbdes: ApbdesFigures

    @property
    def full_name(self) -> str:
        return f"{'Kelurahan' if self.kind == 'kelurahan' else 'Desa'} {self.name}"

    @property
    def assessment(self) -> str:
        """The evaluation in words."""
        a = self.apbdes
        if self.kind == "kelurahan":
            return "Kelurahan: tidak mempunyai APBDes"
        if not self.period:
            return "Belum ada paket data"
        if a.need == 0:
            return "Tidak ada kebutuhan"
        if a.lines == 0:
            return "Belum menganggarkan iuran JKN"
        if a.gap == 0:
            return "Cukup"
        return "Kurang"


@dataclass(frozen=True, slots=True)
class EvaluationSheet:
    year: int
    rate: int
    rows: list[EvaluationRow]
