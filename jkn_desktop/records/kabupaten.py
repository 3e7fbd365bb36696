"""The kabupaten's dashboard: per kecamatan for a month, each with its villages (the drill-down),
and the submission matrix grouped by kecamatan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.records.kecamatan import ExpectedVillage
from jkn_desktop.records.kecamatan_matrix import MonthCount, SubmissionMatrix
from jkn_desktop.records.kecamatan_reports import VillageFigures


@dataclass(frozen=True, slots=True)
class KecamatanFigures:
    """One kecamatan's row: its villages' figures summed by the kecamatan's own rule
    (``services.kecamatan.summary.totals``), and how many of its expected villages sent."""

    kode_wilayah: str  # PP.KK.SS
    name: str
    expected: int
    sent: int
    figures: VillageFigures
    villages: list[VillageFigures] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kode_wilayah": self.kode_wilayah,
            "kecamatan": self.name,
            "villages_expected": self.expected,
            "villages_sent": self.sent,
            **{
                k: v for k, v in self.figures.as_json().items() if k not in ("kode_wilayah", "desa")
            },
        }


@dataclass(frozen=True, slots=True)
class KabSummary:
    period: str
    kode_wilayah: str  # PP.KK
    kabupaten: str
    target_coverage_pct: float
    target_active_pct: float
    kecamatan: list[KecamatanFigures]
    total: VillageFigures

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "kode_wilayah": self.kode_wilayah,
            "kabupaten": self.kabupaten,
            "target_coverage_pct": self.target_coverage_pct,
            "target_active_pct": self.target_active_pct,
            "kecamatan": [k.as_json() for k in self.kecamatan],
            "total": self.total.as_json(),
        }


@dataclass(frozen=True, slots=True)
class KecamatanMatrix:
    """One kecamatan's part of the kabupaten's matrix: its villages and its counts per month."""

    kode_wilayah: str
    name: str
    villages: list[ExpectedVillage]
    months: list[MonthCount]


@dataclass(slots=True)
class KabMatrix:
    matrix: SubmissionMatrix  # every village of the kabupaten, as the kecamatan's matrix
    kecamatan: list[KecamatanMatrix] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = self.matrix.as_json()
        data["kecamatan"] = [
            {
                "kode_wilayah": k.kode_wilayah,
                "kecamatan": k.name,
                "villages": [v.kode_wilayah for v in k.villages],
                "months": {
                    m.period: {
                        "expected": m.expected,
                        "received": m.received,
                        "on_time": m.on_time,
                        "late": m.late,
                        "replaced": m.replaced,
                        "returned": m.returned,
                        "missing": m.missing,
                        "reporting_rate": m.reporting_rate,
                    }
                    for m in k.months
                },
            }
            for k in self.kecamatan
        ]
        return data
