"""Indonesian presentation of dates and money: "22 November 2026", "Rp1.250.000"."""

from __future__ import annotations

import datetime as dt

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(value: dt.date | None) -> str:
    """``2026-11-22`` → ``22 November 2026``; empty for no date."""
    if value is None:
        return ""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def tanggal_pendek(value: dt.date | None) -> str:
    """``2026-11-22`` → ``22-11-2026`` (the way Indonesian forms write dates in tables)."""
    return "" if value is None else f"{value.day:02d}-{value.month:02d}-{value.year}"


def rupiah(amount: int) -> str:
    """Whole rupiah with dots: ``1250000`` → ``Rp1.250.000``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def angka(value: int) -> str:
    """A count with thousands dots: ``100000`` → ``100.000``."""
    return f"{value:,}".replace(",", ".")


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def waktu(value: dt.datetime | None) -> str:
    """A moment in the computer's zone: ``22 November 2026 pukul 14.03``; empty for none."""
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo is not None else value
    return f"{tanggal(local.date())} pukul {local.hour:02d}.{local.minute:02d}"


def ukuran(size: int) -> str:
    """A file size: ``263102464`` → ``250,9 MB`` (binary megabytes, Indonesian decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(size, 0) // 1024} KB"
    mb = size / (1024 * 1024)
    if mb < 1024:
        return f"{mb:.1f} MB".replace(".", ",")
    return f"{mb / 1024:.2f} GB".replace(".", ",")
