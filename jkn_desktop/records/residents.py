"""Residents as the Penduduk table, the resident dialog and the export see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import age_on
from jkn_desktop.domain.issues import Issue

# Age bands offered as a filter: label -> (min age, max age) inclusive.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "Balita (0–4)": (0, 4),
    "Anak (5–17)": (5, 17),
    "Dewasa (18–59)": (18, 59),
    "Lansia (60+)": (60, 200),
}


@dataclass(frozen=True, slots=True)
class ResidentFilter:
    search: str = ""
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None
    sex: str | None = None
    age_band: str | None = None
    status_dasar: int | None = None
    household_id: int | None = None


@dataclass(frozen=True, slots=True)
class ResidentRow:
    """One line of the Penduduk table."""

    id: int
    nik: str
    name: str
    sex: str
    birth_place: str
    birth_date: dt.date | None
    shdk: int | None
    status_dasar: int
    no_kk: str
    dusun: str
    rw: str
    rt: str
    address: str

    def age(self, today: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, today or dt.date.today())


@dataclass(frozen=True, slots=True)
class ResidentInput:
    """What the add/edit dialog and the importer send. ``no_kk`` names the household."""

    nik: str
    name: str
    sex: str
    birth_place: str = ""
    birth_date: dt.date | None = None
    no_kk: str = ""
    shdk: int | None = None
    religion: int | None = None
    marital_status: int | None = None
    education: int | None = None
    occupation: int | None = None
    status_dasar: int = codes.HIDUP
    status_changed_at: dt.date | None = None
    mother_name: str = ""
    phone: str = ""
    notes: str = ""
    disability: int | None = None  # reference/cacat.csv (7: tidak cacat)
    chronic_illness: int | None = None  # reference/sakit_menahun.csv (14: tidak sakit)
    pregnant: bool = False


@dataclass(frozen=True, slots=True)
class ResidentDetail(ResidentInput):
    id: int = 0
    household_id: int | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SaveResult:
    id: int
    warnings: list[Issue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ResidentExportRow:
    """One resident with the household's address, as the export writes it (codes, not labels)."""

    nik: str
    no_kk: str
    name: str
    sex: str
    birth_place: str
    birth_date: dt.date | None
    shdk: int | None
    religion: int | None
    marital_status: int | None
    education: int | None
    occupation: int | None
    status_dasar: int
    mother_name: str
    phone: str
    address: str
    rt: str
    rw: str
    dusun: str
    notes: str
