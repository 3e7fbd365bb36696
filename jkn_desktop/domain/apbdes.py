"""APBDes premium allocations: rates in force, schemes, the money of a budget line, capacity, the
guards on beneficiaries, and the score that ranks households for village funding.

Money is whole rupiah in Python ``int`` everywhere (no floats): a budget of Rp3.911.040.000 must
divide exactly. Months are 1-12 within the line's fiscal year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import BULAN, rupiah

MONTHS = range(1, 13)
DANA_DESA = "DDS"  # funding source code of Dana Desa (Kemendes 2024: may not pay BPJS premiums)

# How a line prices one person-month: the full monthly premium of a segment and class, only the
# participant's share of it (the village pays what a mandiri member would), or a custom amount.
SHARE_FULL = "penuh"
SHARE_PARTICIPANT = "peserta"
SHARES = {SHARE_FULL: "iuran penuh", SHARE_PARTICIPANT: "bagian peserta"}

# segments a rate can be for (rates of PBPU mandiri also apply to BP)
RATE_SEGMENTS = (J.PBI_APBN, J.PBPU_PEMDA, J.PBPU_MANDIRI)
# the rate a capacity question uses when none is given: PBPU/BP Pemda class 3, paid in full
DEFAULT_SCHEME = (J.PBPU_PEMDA, 3, SHARE_FULL)


@dataclass(frozen=True, slots=True)
class Rate:
    """One row of the premium table (reference/iuran.csv, editable in Pengaturan)."""

    segment: str
    kelas: int
    monthly: int  # iuran per person per month
    participant: int  # paid by the participant
    government: int  # paid by the government
    valid_from: dt.date
    legal_basis: str = ""
    id: int | None = None

    def amount(self, share: str) -> int:
        return self.participant if share == SHARE_PARTICIPANT else self.monthly


@dataclass(frozen=True, slots=True)
class Scheme:
    """What a line pays per person per month: a rate from the table, or a custom amount."""

    segment: str | None = None
    kelas: int | None = None
    share: str = SHARE_FULL
    custom_rate: int | None = None

    @property
    def is_custom(self) -> bool:
        return self.custom_rate is not None

    def label(self) -> str:
        if self.custom_rate is not None:
            return f"Tarif khusus {rupiah(self.custom_rate)}"
        seg = J.SEGMENTS.get(self.segment or "", self.segment or "")
        if self.segment == J.PBPU_MANDIRI:
            seg = "PBPU/BP mandiri"
        return f"{seg} kelas {self.kelas}, {SHARES.get(self.share, self.share)}"


def rate_in_force(rates: Iterable[Rate], segment: str, kelas: int, on: dt.date) -> Rate | None:
    """The rate of a segment and class valid on a day: the latest one that started on or before."""
    best: Rate | None = None
    for r in rates:
        fits = r.segment == segment and r.kelas == kelas and r.valid_from <= on
        if fits and (best is None or r.valid_from > best.valid_from):
            best = r
    return best


def monthly_rates(scheme: Scheme, rates: Sequence[Rate], year: int) -> list[int]:
    """The amount per person for each month of a year (index 0 = January); 0 where no rate is in
    force yet, which the line's warnings then name."""
    if scheme.custom_rate is not None:
        return [scheme.custom_rate] * 12
    out = []
    for m in MONTHS:
        r = rate_in_force(rates, scheme.segment or "", scheme.kelas or 0, dt.date(year, m, 1))
        out.append(0 if r is None else r.amount(scheme.share))
    return out


def months_cost(per_month: Sequence[int], start: int, end: int) -> int:
    """Cost of one person from month ``start`` to ``end`` inclusive."""
    return sum(per_month[start - 1 : end])


def capacity(remaining: int, per_person: int) -> int:
    """How many more people the remaining budget pays for, each costing ``per_person`` (the rate ×
    the months left): floor(remaining ÷ per_person); never negative."""
    if per_person <= 0 or remaining <= 0:
        return 0
    return remaining // per_person


# --- months ------------------------------------------------------------------------------------
_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_period(text: str) -> tuple[int, int]:
    """``2026-03`` → ``(2026, 3)``; ValueError with an Indonesian message otherwise."""
    m = _PERIOD.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"Bulan {text!r} tidak dikenali: tulis TTTT-BB, misalnya 2026-03.")
    return int(m.group(1)), int(m.group(2))


def month_name(month: int) -> str:
    return BULAN[month - 1]


def month_range(start: int, end: int, year: int | None = None) -> str:
    """``(1, 6)`` → ``Januari–Juni``; one month alone is its name."""
    tail = f" {year}" if year else ""
    if start == end:
        return f"{month_name(start)}{tail}"
    return f"{month_name(start)}–{month_name(end)}{tail}"


def months_text(months: Sequence[int]) -> str:
    """Consecutive runs named as ranges: ``1, 2, 3, 7`` → ``Januari–Maret, Juli``."""
    runs: list[list[int]] = []
    for m in months:
        if runs and runs[-1][-1] == m - 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(month_range(r[0], r[-1]) for r in runs)


def last_due_month(year: int, today: dt.date) -> int:
    """The last month of ``year`` whose premium is due by ``today`` (0: none yet). A month's
    premium is due by its 10th, so the current month counts."""
    return 12 if year < today.year else (today.month if year == today.year else 0)


def default_from_month(year: int, today: dt.date) -> int:
    """Capacity counts from next month in the current year (this month is usually paid by the
    10th), from January for a later year; 13 (no months left) for a past year."""
    if year > today.year:
        return 1
    if year < today.year:
        return 13
    return today.month + 1


# --- guards on beneficiaries -------------------------------------------------------------------
GUARD_DOUBLE = "DANA_GANDA"
GUARD_GONE = "TIDAK_TINGGAL"
GUARD_TWICE = "PENERIMA_GANDA"
GUARD_NOT_FOUND = "BUKAN_WARGA"
GUARD_PEMDA = "DANA_GANDA_PEMDA"
GUARDS = {
    GUARD_PEMDA: "sudah peserta PBPU Pemda aktif sebelum bulan pertama (dibayar kabupaten)",
    GUARD_DOUBLE: "sudah peserta PBI/PPU aktif (iuran dibayar dua kali)",
    GUARD_GONE: "sudah meninggal atau pindah",
    GUARD_TWICE: "sudah menjadi penerima pada bulan yang sama",
    GUARD_NOT_FOUND: "tidak terdaftar sebagai penduduk desa ini",
}
# memberships another payer already funds: a village premium on top would be paid twice. PBPU
# Pemda is not here: that is how village-funded residents themselves appear on BPJS lists.
FUNDED_ELSEWHERE = (J.PBI_APBN, J.PPU)
# A PBPU Pemda membership *before* the first month is the kabupaten paying already: a guard.
WAGE_WARNING = "bekerja sebagai penerima upah: iurannya kewajiban pemberi kerja (PPU), bukan APBDes"
OFFICIAL_WARNING = (
    "kepala/perangkat desa: didaftarkan Pemda sebagai PPU, bukan dari baris iuran warga"
)


@dataclass(frozen=True, slots=True)
class Guard:
    code: str
    message: str
    months: tuple[int, ...] = ()  # the months concerned (double funding, overlap)
    end_at: int | None = None  # for GUARD_GONE: the month coverage should end with


# --- the money of a line -----------------------------------------------------------------------
# what a line's warnings are about
WARN_OVER = "MELEBIHI_PAGU"
WARN_REALISATION = "REALISASI_BEDA"
WARN_DANA_DESA = "DANA_DESA"
WARN_NO_RATE = "TARIF_KOSONG"


@dataclass(frozen=True, slots=True)
class Stint:
    """One beneficiary's months on a line."""

    start: int
    end: int


def committed(per_month: Sequence[int], stints: Iterable[Stint]) -> int:
    return sum(months_cost(per_month, s.start, s.end) for s in stints)


def people_per_month(stints: Iterable[Stint]) -> list[int]:
    counts = [0] * 12
    for s in stints:
        for m in range(s.start, s.end + 1):
            counts[m - 1] += 1
    return counts


# --- who to fund first -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PriorityWeights:
    """Points of the priority score (documented in the README; adjustable in the APBDes page)."""

    desil: int = 1  # × (11 − desil): desil 6 → 5 points … desil 10 → 1
    no_desil: int = 4  # a household BPS has not ranked yet
    elderly: int = 3  # per uninsured member aged 60 or more
    toddler: int = 3  # per uninsured member under 5
    pregnant: int = 4  # per uninsured pregnant member
    chronic: int = 3  # per uninsured member with a chronic illness
    disability: int = 3  # per uninsured member with a disability

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> PriorityWeights:
        known = {k: int(v) for k, v in data.items() if k in cls.__dataclass_fields__}  # type: ignore[call-overload]
        return cls(**known)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


WEIGHT_LABELS = {
    "desil": "Desil (× (11 − desil))",
    "no_desil": "KK belum berdesil",
    "elderly": "Per anggota umur ≥ 60",
    "toddler": "Per anggota umur < 5",
    "pregnant": "Per anggota hamil",
    "chronic": "Per anggota sakit menahun",
    "disability": "Per anggota penyandang disabilitas",
}


@dataclass(frozen=True, slots=True)
class MemberNeeds:
    age: int | None
    pregnant: bool = False
    chronic: bool = False
    disability: bool = False


@dataclass(frozen=True, slots=True)
class Score:
    points: int
    parts: dict[str, int] = field(default_factory=dict)  # weight name -> points it gave
    reasons: tuple[str, ...] = ()  # e.g. "desil 7 (+4)", "2 balita (+6)"

    def explain(self) -> str:
        return ", ".join(self.reasons)


_NEED_WORDS = {
    "elderly": "lansia",
    "toddler": "balita",
    "pregnant": "hamil",
    "chronic": "sakit menahun",
    "disability": "disabilitas",
}


def priority_score(desil: int | None, members: Iterable[MemberNeeds], w: PriorityWeights) -> Score:
    """Higher first. Only the uninsured members a village would pay for are passed in."""
    counts = dict.fromkeys(_NEED_WORDS, 0)
    for m in members:
        counts["elderly"] += m.age is not None and m.age >= 60
        counts["toddler"] += m.age is not None and m.age < 5
        counts["pregnant"] += m.pregnant
        counts["chronic"] += m.chronic
        counts["disability"] += m.disability
    parts = {"desil": w.no_desil if desil is None else w.desil * max(0, 11 - desil)}
    reasons = [f"{'belum berdesil' if desil is None else f'desil {desil}'} (+{parts['desil']})"]
    for key, n in counts.items():
        if n:
            parts[key] = n * getattr(w, key)
            reasons.append(f"{n} {_NEED_WORDS[key]} (+{parts[key]})")
    return Score(sum(parts.values()), parts, tuple(reasons))


def pbi_likely(desil: int | None) -> bool:
    """Desil 1–5: a PBI proposal should cover them; the village need not pay meanwhile unless it
    chooses to include those still waiting."""
    return desil is not None and desil <= 5


# --- terbilang ---------------------------------------------------------------------------------
_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ONES[hundreds], "ratus"]
    if rest < 12:
        if rest:
            words.append(_ONES[rest])
    elif rest < 20:
        words += [_ONES[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [_ONES[tens], "puluh"]
        if ones:
            words.append(_ONES[ones])
    return words


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: 1250000 → "satu juta dua ratus lima puluh ribu"."""
    if n == 0:
        return "nol"
    if n < 0:
        return "minus " + terbilang(-n)
    words: list[str] = []
    for size, name in _SCALES:
        if n >= size:
            words += [*terbilang(n // size).split(), name]
            n %= size
    thousands, n = divmod(n, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words += [*_below_thousand(thousands), "ribu"]
    words += _below_thousand(n)
    return " ".join(words)


def terbilang_rupiah(n: int) -> str:
    """ "Satu juta dua ratus lima puluh ribu rupiah" — capitalised, as written under totals."""
    text = terbilang(n) + " rupiah"
    return text[0].upper() + text[1:]
