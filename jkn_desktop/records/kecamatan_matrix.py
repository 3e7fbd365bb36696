"""The submission matrix: villages × months, and the counts per month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jkn_desktop.records.kecamatan import ExpectedVillage


@dataclass(frozen=True, slots=True)
class MatrixCell:
    period: str
    state: str  # "", menunggu, belum, tepat_waktu, terlambat, diganti, dikembalikan
    packages: int
    first_received: dt.datetime | None
    note: str = ""  # the note of a returned package
    on_time: bool = False


@dataclass(frozen=True, slots=True)
class MonthCount:
    period: str
    expected: int
    received: int
    on_time: int
    late: int
    replaced: int
    returned: int
    missing: int  # expected villages with nothing after the deadline
    deadline: dt.date

    @property
    def reporting_rate(self) -> float:
        """Received of expected, in percent (DHIS2's reporting rate)."""
        return round(100.0 * self.received / self.expected, 1) if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(100.0 * self.on_time / self.expected, 1) if self.expected else 0.0


@dataclass(slots=True)
class SubmissionMatrix:
    year: int
    deadline_day: int
    villages: list[ExpectedVillage]
    cells: dict[str, list[MatrixCell]] = field(default_factory=dict)  # kode → 12 cells
    months: list[MonthCount] = field(default_factory=list)

    def not_sent(self, period: str) -> list[ExpectedVillage]:
        """The expected villages with no package for ``period`` (the letter's addressees)."""
        month = int(period[5:7]) - 1
        return [
            v
            for v in self.villages
            if v.expected and self.cells[v.kode_wilayah][month].state in ("belum", "menunggu")
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "deadline_day": self.deadline_day,
            "villages": [
                {
                    "kode_wilayah": v.kode_wilayah,
                    "desa": v.name,
                    "expected": v.expected,
                    "months": {
                        c.period: {
                            "state": c.state,
                            "packages": c.packages,
                            "first_received": c.first_received.isoformat(sep=" ")
                            if c.first_received
                            else None,
                            "note": c.note,
                        }
                        for c in self.cells[v.kode_wilayah]
                    },
                }
                for v in self.villages
            ],
            "months": [
                {
                    "period": m.period,
                    "expected": m.expected,
                    "received": m.received,
                    "on_time": m.on_time,
                    "late": m.late,
                    "replaced": m.replaced,
                    "returned": m.returned,
                    "missing": m.missing,
                    "reporting_rate": m.reporting_rate,
                    "on_time_rate": m.on_time_rate,
                    "deadline": m.deadline.isoformat(),
                }
                for m in self.months
            ],
        }
