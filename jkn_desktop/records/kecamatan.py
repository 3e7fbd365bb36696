"""The kecamatan's consolidation: its identity, the villages it expects, the packages taken in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class KecamatanInfo:
    """The consolidation's identity: a kecamatan (PP.KK.SS), or a kabupaten (PP.KK, no
    kecamatan name; decision 49)."""

    kode_wilayah: str  # PP.KK.SS, or PP.KK for a kabupaten
    kecamatan: str
    kabupaten: str
    provinsi: str
    camat: str = ""
    camat_nip: str = ""

    @property
    def is_kabupaten(self) -> bool:
        return self.kode_wilayah.count(".") == 1

    @property
    def label(self) -> str:
        """ "Kecamatan Matesih" or "Kabupaten Karanganyar" (the region data's kabupaten name
        already says Kabupaten or Kota)."""
        if self.is_kabupaten:
            name = self.kabupaten
            return name if name.lower().startswith(("kabupaten", "kota")) else f"Kabupaten {name}"
        return f"Kecamatan {self.kecamatan}"


@dataclass(frozen=True, slots=True)
class ExpectedVillage:
    kode_wilayah: str  # PP.KK.SS.DDDD
    name: str
    kind: str  # desa / kelurahan
    expected: bool = True
    notes: str = ""
    fingerprint: str = ""  # the registered key's, "" before the first signed package

    @property
    def full_name(self) -> str:
        return f"{'Kelurahan' if self.kind == 'kelurahan' else 'Desa'} {self.name}"


@dataclass(frozen=True, slots=True)
class PackageRow:
    """One package taken in."""

    id: int
    kode_wilayah: str
    village: str
    period: str
    made_at: dt.datetime
    received_at: dt.datetime
    received_by: str
    file_name: str
    signed: bool
    fingerprint: str
    rows: int
    state: str  # current / replaced
    format_version: str = ""
    returned_at: dt.datetime | None = None
    returned_note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kode_wilayah": self.kode_wilayah,
            "desa": self.village,
            "period": self.period,
            "made_at": self.made_at.isoformat(sep=" "),
            "received_at": self.received_at.isoformat(sep=" "),
            "received_by": self.received_by,
            "file": self.file_name,
            "signed": self.signed,
            "fingerprint": self.fingerprint,
            "rows": self.rows,
            "state": self.state,
            "returned_note": self.returned_note,
        }


@dataclass(frozen=True, slots=True)
class Received:
    kode_wilayah: str
    village: str
    period: str
    rows: int
    replaced: bool  # it replaced an earlier package of the same village and month
    file: str = ""
    package_id: int = 0
    signed: bool = False
    fingerprint: str = ""
    already: bool = False  # the very same package was taken in before: nothing changed
    superseded: bool = False  # a later package of that month was already in: kept as replaced

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kode_wilayah": self.kode_wilayah,
            "desa": self.village,
            "period": self.period,
            "rows": self.rows,
            "replaced": self.replaced,
            "signed": self.signed,
            "fingerprint": self.fingerprint,
            "already_received": self.already,
            "superseded": self.superseded,
        }


@dataclass(frozen=True, slots=True)
class Refused:
    file: str
    code: str
    message: str
    # what the Manifest claimed, when it could be read (the window groups refusals by village)
    kode_wilayah: str = ""
    village: str = ""
    period: str = ""
    fingerprint: str = ""  # a key waiting for a person to confirm it

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "code": self.code, "message": self.message}


@dataclass(slots=True)
class ReceiveReport:
    received: list[Received] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    # packages signed by a key not yet registered, waiting for a person to confirm the fingerprint
    to_confirm: list[Refused] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "received": [r.as_json() for r in self.received],
            "refused": [r.as_json() for r in self.refused],
        }


@dataclass(frozen=True, slots=True)
class FoundPerson:
    """A resident found by NIK or name among the villages' packages of a month."""

    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    no_kk: str
    kode_wilayah: str
    village: str
    status_dasar: int
    segment: str | None
    jkn_status: str | None
    active: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "nik": self.nik,
            "name": self.name,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "no_kk": self.no_kk,
            "kode_wilayah": self.kode_wilayah,
            "desa": self.village,
            "status_dasar": self.status_dasar,
            "segment": self.segment,
            "jkn_status": self.jkn_status,
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class PeopleFound:
    """What a search found: the month searched (``""`` when no package was received yet), the
    rows (at most the limit) and whether more matched."""

    period: str
    people: list[FoundPerson] = field(default_factory=list)
    more: bool = False
