"""Proposals to Dinas Sosial, the suggestions they come from, the Musyawarah Desa that approves
them, and what the monthly workbook and the village package report back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    period: str
    kind: str
    reason: str
    resident_id: int | None
    nik: str
    name: str
    no_kk: str
    card_no: str
    replaces_nik: str
    replaces_name: str
    replaces_reason: str
    notes: str
    status: str
    approved_on: dt.date | None
    sent_on: dt.date | None
    decided_on: dt.date | None
    musdes_id: int | None
    origin: str
    track: str = J.PBI_APBN
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    address: str = ""

    @property
    def kind_label(self) -> str:
        return U.KINDS.get(self.kind, self.kind)

    @property
    def reason_label(self) -> str:
        return U.reason_label(self.kind, self.reason)

    @property
    def track_label(self) -> str:
        return U.TRACK_SHORT.get(self.track, self.track)

    @property
    def status_label(self) -> str:
        return U.STATUSES.get(self.status, self.status)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "period": self.period,
            "kind": self.kind,
            "reason": self.reason,
            "nik": self.nik,
            "name": self.name,
            "no_kk": self.no_kk,
            "card_no": self.card_no,
            "replaces_nik": self.replaces_nik or None,
            "replaces_name": self.replaces_name or None,
            "notes": self.notes,
            "status": self.status,
            "approved_on": self.approved_on.isoformat() if self.approved_on else None,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "origin": self.origin,
            "track": self.track,
            "dusun": self.dusun,
            "rw": self.rw,
            "rt": self.rt,
        }


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    kind: str
    reason: str
    why: str
    origin: str
    resident_id: int | None
    nik: str
    name: str
    no_kk: str = ""
    card_no: str = ""
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    track: str = J.PBI_APBN

    @property
    def kind_label(self) -> str:
        return U.KINDS.get(self.kind, self.kind)

    @property
    def track_label(self) -> str:
        return U.TRACK_SHORT.get(self.track, self.track)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "why": self.why,
            "origin": self.origin,
            "track": self.track,
            "nik": self.nik,
            "name": self.name,
            "no_kk": self.no_kk,
            "dusun": self.dusun,
            "rw": self.rw,
            "rt": self.rt,
        }


@dataclass(frozen=True, slots=True)
class ProposalInput:
    period: str
    kind: str
    nik: str
    reason: str = ""
    notes: str = ""
    replaces_nik: str = ""  # penggantian: who is removed
    replaces_reason: str = ""
    origin: str = "manual"
    name: str = ""  # for someone not in the registry (a removal of a stranger on the list)
    card_no: str = ""
    track: str = J.PBI_APBN  # J.PBI_APBN or J.PBPU_PEMDA


@dataclass(frozen=True, slots=True)
class Dismissal:
    nik: str
    kind: str
    name: str
    reason: str
    period: str
    actor: str


@dataclass(frozen=True, slots=True)
class MusdesInput:
    held_on: dt.date
    place: str
    participants: str  # one per line: "Nama — unsur"
    ba_number: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    held_on: dt.date
    place: str
    participants: str
    ba_number: str
    notes: str

    def participant_list(self) -> list[tuple[str, str]]:
        """(name, role) per line; the role after "—", "-" or "," if given."""
        out = []
        for raw in self.participants.splitlines():
            line = raw.strip()
            if not line:
                continue
            for sep in (" — ", " - ", ", "):
                if sep in line:
                    name, role = line.split(sep, 1)
                    out.append((name.strip(), role.strip()))
                    break
            else:
                out.append((line, ""))
        return out


@dataclass(frozen=True, slots=True)
class UsulanMonth:
    """What the Usulan PBI page shows for a month, read in one job."""

    suggestions: list[SuggestionRow]
    proposals: list[Proposal]
    meetings: list[Meeting]


@dataclass(frozen=True, slots=True)
class DinsosSummary:
    path: Path
    period: str
    proposals: dict[str, int]
    pbi: int
    joined: int
    left: int


@dataclass(frozen=True, slots=True)
class PackageResult:
    path: Path
    period: str
    rows: dict[str, int]
    sha256: str
    fingerprint: str = ""  # the village's key that signed it (format 3)


@dataclass
class Verification:
    ok: bool
    kode_wilayah: str = ""
    desa: str = ""
    period: str = ""
    created_at: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    readable: bool = True
    format_version: str = ""
    # format 3: the Manifest is signed with the village's Ed25519 key (its public key, base64, and
    # its short fingerprint); unsigned packages (format 1 and 2) read as "tanpa tanda tangan"
    signed: bool = False
    public_key: str = ""
    fingerprint: str = ""
    # the creation time is later than the checking computer's clock (one of the problems): a
    # clock set wrong on either computer, not an altered file, when it is the only one
    future: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "kode_wilayah": self.kode_wilayah,
            "desa": self.desa,
            "period": self.period,
            "created_at": self.created_at,
            "format_version": self.format_version,
            "rows": self.rows,
            "problems": self.problems,
            "signed": self.signed,
            "fingerprint": self.fingerprint,
        }
