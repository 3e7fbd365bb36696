"""Households (Kartu Keluarga) as the Keluarga page and its dialogs see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HouseholdFilter:
    search: str = ""
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: int
    no_kk: str
    head_name: str
    members: int  # living members
    address: str
    rt: str
    rw: str
    dusun: str
    desil: int | None = None
    desil_as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class HouseholdInput:
    no_kk: str
    address: str = ""
    rt: str = ""
    rw: str = ""
    dusun: str = ""
    # DTSEN desil 1-10 with its as-of date (BPS re-ranks every three months); None = not known
    desil: int | None = None
    desil_as_of: dt.date | None = None
