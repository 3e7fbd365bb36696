"""People counted twice across a kecamatan's villages, the reviews of them, and the return file
each village gets (plain records for the window, the command line and the exporters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return value.isoformat()


@dataclass(frozen=True, slots=True)
class DuplicateSide:
    """One village's record of the person, as its current package of the month holds it."""

    kode_wilayah: str
    village: str  # "Desa Sukamaju"
    nik: str
    name: str
    sex: str = ""
    birth_date: dt.date | None = None
    mother_name: str = ""
    status_dasar: int = 1
    status_date: dt.date | None = None  # the village's date of the status (e.g. moved in)
    segment: str | None = None
    jkn_status: str | None = None
    card_no: str = ""
    made_at: dt.datetime | None = None  # the package's creation time
    package_id: int = 0
    funded: str = ""  # apbdes_ganda: the months paid, "Jan–Jun 2026 (baris 3)"

    def as_json(self) -> dict[str, Any]:
        return {
            "kode_wilayah": self.kode_wilayah,
            "desa": self.village,
            "nik": self.nik,
            "name": self.name,
            "sex": self.sex,
            "birth_date": _iso(self.birth_date),
            "mother_name": self.mother_name,
            "status_dasar": self.status_dasar,
            "status_date": _iso(self.status_date),
            "segment": self.segment,
            "jkn_status": self.jkn_status,
            "card_no": self.card_no,
            "package_made_at": _iso(self.made_at),
            "funded": self.funded,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """A person's review of a candidate (it holds for the later months too)."""

    kind: str
    pair_key: str
    verdict: str  # sama / bukan
    correcting_village: str = ""  # sama: the village that should correct its record
    note: str = ""
    period: str = ""  # the month it was first decided in
    decided_at: dt.datetime | None = None
    decided_by: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "correcting_village": self.correcting_village,
            "note": self.note,
            "period": self.period,
            "decided_at": _iso(self.decided_at),
            "decided_by": self.decided_by,
        }


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """Two villages' records that may be one person: ``a`` and ``b`` sorted as in ``pair_key``.

    ``score``: 100 when the NIK (or card) is the same; for ``orang_sama`` the names' likeness
    (0–100) after titles, old spellings and the Muhammad variants were made one. ``newer``: the
    village whose record is newer and ``newer_basis`` why ("tanggal_status": the later status
    date; "waktu_paket": no status dates to compare, the later package)."""

    kind: str
    pair_key: str
    a: DuplicateSide
    b: DuplicateSide
    score: int
    mother_score: int | None = None
    newer: str = ""
    newer_basis: str = ""
    detail: str = ""  # what was found, in Indonesian
    verdict: Verdict | None = None

    @property
    def nik(self) -> str:
        return self.a.nik

    @property
    def villages(self) -> tuple[str, str]:
        return self.a.kode_wilayah, self.b.kode_wilayah

    @property
    def older(self) -> str:
        """The village whose record is older: the one that most likely should correct."""
        if not self.newer:
            return ""
        return self.b.kode_wilayah if self.newer == self.a.kode_wilayah else self.a.kode_wilayah

    def side(self, kode_wilayah: str) -> DuplicateSide:
        return self.a if self.a.kode_wilayah == kode_wilayah else self.b

    def other(self, kode_wilayah: str) -> DuplicateSide:
        return self.b if self.a.kode_wilayah == kode_wilayah else self.a

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "pair_key": self.pair_key,
            "nik": self.nik,
            "niks": sorted({self.a.nik, self.b.nik}),
            "villages": list(self.villages),
            "score": self.score,
            "mother_score": self.mother_score,
            "newer": self.newer,
            "newer_basis": self.newer_basis,
            "detail": self.detail,
            "records": [self.a.as_json(), self.b.as_json()],
            "verdict": self.verdict.as_json() if self.verdict else None,
        }


@dataclass(frozen=True, slots=True)
class DuplicateReport:
    period: str
    candidates: list[DuplicateCandidate] = field(default_factory=list)
    hidden: int = 0  # candidates judged "bukan orang yang sama", left out of the list
    villages: int = 0  # villages with a current package this month
    residents: int = 0  # living residents compared

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.candidates:
            out[c.kind] = out.get(c.kind, 0) + 1
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "villages": self.villages,
            "residents": self.residents,
            "hidden": self.hidden,
            "counts": self.counts(),
            "candidates": [c.as_json() for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One line of a village's return file: what it must correct."""

    kind: str
    nik: str
    name: str
    other_nik: str = ""
    other_name: str = ""
    other_village: str = ""  # "Desa Sukamaju (33.13.05.2001)"
    other_record: str = ""  # the other village's record in words
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReturnFileResult:
    path: Path
    period: str
    kode_wilayah: str
    rows: int
    sha256: str


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """A correction the kecamatan asked of this village (its return file, imported)."""

    id: int
    period: str
    kind: str
    nik: str
    name: str
    other_nik: str
    other_name: str
    other_village: str
    note: str
    received_at: dt.datetime
    source_file: str
    resolved_at: dt.datetime | None = None
    resolved_by: str = ""

    @property
    def open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True, slots=True)
class CorrectionImport:
    file: str
    period: str
    rows: int  # rows in the file
    added: int  # new ones (0 when the same file is read again)
