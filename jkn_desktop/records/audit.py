"""The audit trail as the program hands it out: one record's history, the Audit page's filter and
rows, and what checking the chain found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jkn_desktop.domain import audit_words as W
from jkn_desktop.domain.formatting import angka, tanggal


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of a record's history, as the history dialog shows it."""

    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the Audit page and ``jkn-desktop audit list`` ask for. Empty means any."""

    user: str = ""  # the person's name as the trail records it (case does not matter)
    start: dt.date | None = None  # first day, inclusive
    end: dt.date | None = None  # last day, inclusive
    action: str = ""  # a key of audit_words.ACTION_KINDS ("ubah", "ekspor", …)
    record: str = ""  # part of the record's key: a NIK, a No. KK, a user name, a period
    sort: str = "at"  # at, actor, action, record
    descending: bool = True


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry as the Audit page, its workbook and the command line show it: the stored keys,
    and the same in plain Indonesian."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str

    @property
    def action_word(self) -> str:
        return W.action_word(self.action)

    @property
    def record_text(self) -> str:
        return W.record_text(self.entity, self.entity_key)

    @property
    def field_label(self) -> str:
        return W.field_label(self.field) if self.field else ""

    @property
    def old_text(self) -> str:
        return W.readable(self.field, self.old_value, self.entity) if self.field else ""

    @property
    def new_text(self) -> str:
        return W.readable(self.field, self.new_value, self.entity) if self.field else ""


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What checking the chain found: how many entries, how many do not hold, the first that does
    not (its id and time; none for the head) and what is wrong with it, and the fingerprint to
    write down (the last entry's chain)."""

    entries: int
    broken: int
    first_id: int | None = None
    first_at: dt.datetime | None = None
    problem: str = ""  # audit_chain.OUTSIDE / CHANGED / REMOVED / HEAD
    head_problem: str = ""
    fingerprint: str = ""
    last_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.broken == 0

    @property
    def problem_text(self) -> str:
        if self.problem == "head":
            return _HEAD_PROBLEMS.get(self.head_problem, _HEAD_PROBLEMS["count"])
        return _PROBLEMS.get(self.problem, "")

    def summary(self) -> str:
        """One paragraph for the person checking: intact (how many, until when, the fingerprint
        to write down), or broken (the first entry that does not hold, when, what is wrong)."""
        if self.ok:
            if not self.entries:
                return "Jejak audit utuh: belum ada catatan."
            until = f" sampai {moment(self.last_at)}" if self.last_at else ""
            return (
                f"Jejak audit utuh: {angka(self.entries)} catatan berantai{until}. "
                f"Sidik jari: {self.fingerprint[:16]}."
            )
        if self.problem == "head":
            where = "Ujung jejak"
        else:
            when = f" ({moment(self.first_at)})" if self.first_at else ""
            where = f"Catatan no. {self.first_id}{when}"
        return (
            f"Jejak audit RUSAK. {where}: {self.problem_text}. {angka(self.broken)} dari "
            f"{angka(self.entries)} catatan tidak cocok dengan rantainya."
        )

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "broken": self.broken,
            "first_broken": None
            if self.ok
            else {
                "id": self.first_id,
                "at": self.first_at.isoformat() if self.first_at else None,
                "problem": self.problem,
                "head_problem": self.head_problem or None,
                "text": self.problem_text,
            },
            "fingerprint": self.fingerprint,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "summary": self.summary(),
        }


_PROBLEMS = {
    "outside": "ditambahkan di luar program (tidak masuk rantai)",
    "changed": "diubah di luar program, atau catatan tepat sebelumnya dihapus",
    "removed": "catatan sebelumnya dihapus (nomor catatan melompat)",
}
_HEAD_PROBLEMS = {
    "missing": "ringkasan ujung rantai hilang",
    "several": "ringkasan ujung rantai berganda",
    "removed_at_end": "catatan terakhir dihapus",
    "count": "jumlah catatan tidak sesuai dengan ringkasan ujung rantai",
}


def moment(at: dt.datetime | None) -> str:
    """ "1 Desember 2026 pukul 14.38"."""
    if at is None:
        return ""
    return f"{tanggal(at.date())} pukul {at:%H.%M}"
