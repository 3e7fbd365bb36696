"""The SKTM register as the window, the command line and the printouts see it: what a new SKTM is
made of, a row of the register with the holder's JKN today, the month's counts, and the tab's
summary line. Money is whole rupiah."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.records.membership import JknRow

# what the register shows (SktmFilter.show)
SHOW_ALL = "semua"
SHOW_VALID = "berlaku"
SHOW_EXPIRING = "berakhir_bulan"  # valid_until within a month
# valid; the holder alive, not active in JKN and on no APBDes line this month
SHOW_UNINSURED = "belum_jkn"
SHOW_ISSUED = "terbit_bulan"  # issued within a month (the month's printed list)
SHOWS: dict[str, str] = {
    SHOW_ALL: "Semua SKTM",
    SHOW_VALID: "Masih berlaku",
    SHOW_EXPIRING: "Berakhir bulan ini",
    SHOW_UNINSURED: "Pemegang belum terlindungi JKN",
    SHOW_ISSUED: "Diterbitkan pada bulan",
}

# the state of one SKTM on a day
BERLAKU = "berlaku"
BERAKHIR = "berakhir"
DIBATALKAN = "dibatalkan"
BELUM_BERLAKU = "belum_berlaku"
STATES: dict[str, str] = {
    BERLAKU: "Berlaku",
    BERAKHIR: "Berakhir",
    DIBATALKAN: "Dibatalkan",
    BELUM_BERLAKU: "Belum berlaku",
}


@dataclass(frozen=True, slots=True)
class SktmInput:
    """A new SKTM. Empty fields take the defaults: the next number, today's date, validity from
    the setting ``sktm_valid_months``, the Kepala Desa (Lurah) as signer."""

    resident_id: int | None = None
    nik: str = ""  # instead of resident_id (the command line)
    purpose: str = "iuran_jkn"  # a key of domain.office.SKTM_PURPOSES
    number: str = ""
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None
    purpose_note: str = ""  # which school, which hospital …
    signer_name: str = ""
    signer_title: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class SktmFilter:
    show: str = SHOW_ALL
    period: str = ""  # "2026-12": the month of SHOW_EXPIRING / SHOW_ISSUED (empty: this month)
    search: str = ""  # number, name or NIK


@dataclass(frozen=True, slots=True)
class SktmRow:
    """One SKTM as printed (name, NIK, KK and address as on the letter), with the holder's
    status and JKN state today and the household's desil."""

    id: int
    number: str
    issued_on: dt.date
    valid_until: dt.date
    purpose: str
    purpose_note: str
    resident_id: int
    nik: str
    name: str
    no_kk: str
    address: str
    signer_name: str
    signer_title: str
    notes: str
    cancelled_on: dt.date | None
    cancel_reason: str
    actor: str
    status_dasar: int
    jkn_segment: str | None
    jkn_status: str | None
    desil: int | None
    state: str  # a key of STATES, on the day the list was read

    @property
    def valid(self) -> bool:
        return self.state == BERLAKU

    @property
    def purpose_label(self) -> str:
        label = O.SKTM_PURPOSES.get(self.purpose, self.purpose)
        return f"{label} ({self.purpose_note})" if self.purpose_note else label

    @property
    def state_label(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def active_jkn(self) -> bool:
        return self.jkn_segment in J.JKN_SEGMENTS and self.jkn_status == J.AKTIF

    @property
    def jkn_label(self) -> str:
        """The holder today: "PBI APBN · Aktif", "Belum terdaftar", "Mati"."""
        if self.status_dasar != codes.HIDUP:
            return codes.STATUS_DASAR.get(self.status_dasar, "").title()
        if self.jkn_segment is None:
            return "Belum dicatat"
        short = J.SEGMENT_SHORT.get(self.jkn_segment, self.jkn_segment)
        if self.jkn_segment in J.JKN_SEGMENTS:
            return f"{short} · {J.STATUSES.get(self.jkn_status or '', 'Tidak diketahui')}"
        return short

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "nomor": self.number,
            "tanggal": self.issued_on.isoformat(),
            "berlaku_sampai": self.valid_until.isoformat(),
            "keperluan": self.purpose,
            "keperluan_nama": O.SKTM_PURPOSES.get(self.purpose, self.purpose),
            "keterangan_keperluan": self.purpose_note,
            "nik": self.nik,
            "nama": self.name,
            "no_kk": self.no_kk,
            "alamat": self.address,
            "penandatangan": self.signer_name,
            "jabatan_penandatangan": self.signer_title,
            "catatan": self.notes,
            "dibatalkan": self.cancelled_on.isoformat() if self.cancelled_on else None,
            "alasan_batal": self.cancel_reason,
            "status": self.state,
            "jkn": self.jkn_label,
            "jkn_aktif": self.active_jkn,
            "desil": self.desil,
        }


@dataclass(frozen=True, slots=True)
class SktmLetter:
    """What the printed SKTM needs beyond the register row: the holder's birth, sex and work."""

    sktm: SktmRow
    birth_place: str
    birth_date: dt.date | None
    sex: str  # "Laki-laki" / "Perempuan"
    occupation: str
    religion: str


@dataclass(frozen=True, slots=True)
class SktmMonth:
    """The SKTM register's counts for one month (the monthly report and the package)."""

    period: str
    issued: int
    cancelled: int
    valid_at_end: int  # valid on the month's last day (the job's day when that is earlier)
    expiring: int  # valid_until within the month (not cancelled)
    holders_uninsured: int  # valid holders, alive, not active in JKN, on no APBDes line yet
    uninsured_cost_month: int  # rupiah per month to cover them at the APBDes line's rate

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "issued": self.issued,
            "cancelled": self.cancelled,
            "valid_at_end": self.valid_at_end,
            "expiring": self.expiring,
            "holders_uninsured": self.holders_uninsured,
            "uninsured_cost_month": self.uninsured_cost_month,
        }


@dataclass(frozen=True, slots=True)
class SktmSummary:
    """The SKTM tab's line: valid SKTMs today, those ending this month, the holders still
    uninsured and what covering them from the APBDes line would cost."""

    valid: int
    expiring: int
    holders_uninsured: int
    rate: int  # PBPU/BP Pemda class 3 in force today
    monthly_cost: int
    cost_to_year_end: int
    from_month: int  # the first month the cost to the year's end counts (13: none left)
    cost_next_year: int  # all twelve months of next year (the next APBDes), at its rates


@dataclass(frozen=True, slots=True)
class SktmDefaults:
    """What the issue dialog offers before the user types: the next number, the validity in
    months (setting ``sktm_valid_months``) and the Kepala Desa (Lurah) who signs."""

    number: str
    valid_months: int
    signer_name: str
    signer_title: str


@dataclass(frozen=True, slots=True)
class SktmPick:
    """A living resident found by NIK, KK or name, with the number of an SKTM they already hold
    (valid today; empty when none)."""

    person: JknRow
    valid_sktm: str = ""
