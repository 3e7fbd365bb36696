"""Backups: their kinds, and which of them the retention rules keep (pure: moments in, names out).

Every automatic or manual copy of the database in the data folder's ``cadangan/`` has a kind. The
kinds "before a big step" are what *undo* restores; the others are the daily and manual copies.

Retention (decision in docs/decisions.md) works like restic's ``forget --keep-daily 7
--keep-weekly 4 --keep-monthly 12``: of each calendar day (ISO week, month) that has backups the
newest one is kept, for the 7 (4, 12) most recent days (weeks, months) *that have backups*, so a
laptop left in a drawer for a year still keeps its last copies. On top of that the 10 most recent
backups of any kind are kept, so a manual copy made a minute ago, or the copies taken before the
last imports (what undo restores), are never pruned by the next backup of the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

DAILY = "harian"
MANUAL = "manual"
BEFORE_RESIDENT_IMPORT = "sebelum-impor-penduduk"
BEFORE_PBI_IMPORT = "sebelum-impor-pbi"
BEFORE_BULK_USULAN = "sebelum-usulan-massal"
BEFORE_RESTORE = "sebelum-pulihkan"
BEFORE_UPGRADE = "sebelum-pembaruan"
BEFORE_DEMO = "sebelum-demo"

LABELS = {
    DAILY: "Cadangan harian",
    MANUAL: "Cadangan manual",
    BEFORE_RESIDENT_IMPORT: "Sebelum impor penduduk",
    BEFORE_PBI_IMPORT: "Sebelum impor daftar PBI",
    BEFORE_BULK_USULAN: "Sebelum perubahan usulan sekaligus",
    BEFORE_RESTORE: "Sebelum pemulihan",
    BEFORE_UPGRADE: "Sebelum pembaruan aplikasi",
    BEFORE_DEMO: "Sebelum data demo",
}
KINDS = frozenset(LABELS)
# the big steps a user can undo: restoring the backup taken just before one of them
STEPS = frozenset({BEFORE_RESIDENT_IMPORT, BEFORE_PBI_IMPORT, BEFORE_BULK_USULAN})
# what undo calls the step it takes back
STEP_NAMES = {
    BEFORE_RESIDENT_IMPORT: "impor penduduk",
    BEFORE_PBI_IMPORT: "impor daftar PBI",
    BEFORE_BULK_USULAN: "perubahan usulan sekaligus",
}

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
KEEP_LAST = 10


def label(kind: str) -> str:
    return LABELS.get(kind, "Cadangan")


@dataclass(frozen=True, slots=True)
class Dated:
    """One backup as retention sees it: its name, moment and kind."""

    name: str
    moment: dt.datetime
    kind: str


def _newest_per_bucket(
    items: Sequence[Dated], bucket: Callable[[dt.datetime], Hashable], count: int
) -> set[str]:
    kept: set[str] = set()
    seen: set[Hashable] = set()
    for item in sorted(items, key=lambda i: i.moment, reverse=True):
        key = bucket(item.moment)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(item.name)
    return kept


def to_keep(items: Iterable[Dated]) -> set[str]:
    """The names retention keeps; every other backup may be deleted."""
    items = list(items)
    # moments in the computer's own zone: "a day" is the office's day
    local = [Dated(i.name, i.moment.astimezone(), i.kind) for i in items]
    keep = _newest_per_bucket(local, lambda m: m.date(), KEEP_DAILY)
    keep |= _newest_per_bucket(local, lambda m: m.isocalendar()[:2], KEEP_WEEKLY)
    keep |= _newest_per_bucket(local, lambda m: (m.year, m.month), KEEP_MONTHLY)
    newest = sorted(local, key=lambda i: i.moment)[-KEEP_LAST:]
    keep |= {i.name for i in newest}
    return keep


# what an undo would lose, in the audit trail's words: (entity, action) → a line for the user
ENTITY_NAMES = {
    "resident": "Penduduk",
    "household": "Keluarga (KK)",
    "usulan": "Usulan PBI",
    "usulan_dismissal": "Saran usulan",
    "musdes": "Musyawarah desa",
    "village": "Identitas desa",
    "counter_visit": "Buku tamu loket",
    "sktm": "SKTM",
    "official": "Perangkat desa",
    "apbdes_line": "Anggaran iuran APBDes",
    "apbdes_beneficiary": "Penerima iuran APBDes",
    "apbdes_payment": "Pembayaran iuran APBDes",
    "premium_rate": "Tarif iuran",
    "budget_code": "Kode APBDes",
    "setting": "Pengaturan",
}
ACTION_NAMES = {
    "create": "ditambahkan",
    "update": "diubah",
    "delete": "dihapus",
    "status": "statusnya diubah",
    "membership": "kepesertaan JKN dicatat",
    "move": "pindah KK",
    "dismiss": "diabaikan",
    "undismiss": "dimunculkan lagi",
    "cancel": "dibatalkan",
    "end": "diakhiri",
    "demo": "data demo",
    "version": "versi baru",
}


def change_label(entity: str, action: str) -> str:
    """``("resident", "create")`` → ``"Penduduk ditambahkan"``."""
    what = ENTITY_NAMES.get(entity, "Data lain")
    return f"{what} {ACTION_NAMES.get(action, 'diubah')}"
