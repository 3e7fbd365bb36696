"""Backups as the services hand them out: what a database file holds, a backup in the data
folder's ``cadangan/``, a restore's check, and what an undo would lose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jkn_desktop.domain import backups as B
from jkn_desktop.domain.wilayah import words_for_kode


@dataclass(frozen=True, slots=True)
class DbFacts:
    """What one database file holds, read from the file itself."""

    schema: str | None  # the Alembic revision, None for a file without one
    kode_wilayah: str  # "" when no identity is saved
    village: str  # the village's own name, "" when none
    residents: int
    households: int
    last_change: dt.datetime | None  # the newest audit entry
    audit_max_id: int  # the newest audit entry's id (0: none)
    size: int  # bytes

    @property
    def full_name(self) -> str:
        """ "Desa Girilayu", "Kelurahan Kalisoro"; "(belum ada identitas)" when none is saved."""
        if not self.village:
            return "(belum ada identitas)"
        if self.kode_wilayah.count(".") == 2:  # PP.KK.SS: a kecamatan's consolidation file
            return f"Kecamatan {self.village}"
        return words_for_kode(self.kode_wilayah).of(self.village)

    @property
    def empty(self) -> bool:
        """A new database: nobody registered yet (its identity may already be saved)."""
        return self.residents == 0 and self.households == 0

    def as_json(self) -> dict[str, object]:
        return {
            "schema": self.schema,
            "kode_wilayah": self.kode_wilayah,
            "village": self.village,
            "residents": self.residents,
            "households": self.households,
            "last_change": self.last_change.isoformat() if self.last_change else None,
            "audit_max_id": self.audit_max_id,
            "size": self.size,
        }


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup in ``cadangan/`` with its sidecar's facts."""

    path: Path
    kind: str
    moment: dt.datetime
    facts: DbFacts

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        return B.label(self.kind)

    def as_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "kind": self.kind,
            "moment": self.moment.isoformat(),
            **self.facts.as_json(),
        }


@dataclass(frozen=True, slots=True)
class ExportResult:
    """A backup written to a file the user chose."""

    path: Path
    encrypted: bool
    facts: DbFacts
    seconds: float


@dataclass(frozen=True, slots=True)
class RestoreCheck:
    """A backup file checked against the current database (nothing changed yet)."""

    source: Path
    encrypted: bool
    made: dt.datetime | None  # when the backup was made, when the file says so
    backup: DbFacts
    current: DbFacts


@dataclass(frozen=True, slots=True)
class RestoreResult:
    check: RestoreCheck
    safety: BackupInfo  # the copy of the database as it was just before
    seconds: float


@dataclass(frozen=True, slots=True)
class LostKind:
    """Changes of one kind made after a backup: ``records`` rows changed by ``entries``."""

    label: str
    records: int
    entries: int


@dataclass(frozen=True, slots=True)
class UndoPlan:
    """The last big step, the backup taken just before it, and what restoring it would lose."""

    backup: BackupInfo
    lost: list[LostKind] = field(default_factory=list)

    @property
    def step(self) -> str:
        return B.STEP_NAMES.get(self.backup.kind, B.label(self.backup.kind).lower())

    @property
    def entries(self) -> int:
        return sum(k.entries for k in self.lost)
