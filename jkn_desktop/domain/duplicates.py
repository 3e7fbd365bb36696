"""People counted twice across a kecamatan's villages: the kinds of candidate, their words, the
key a person's verdict is kept under, and when two names are near enough to be looked at.

Pure: no database. The search itself is ``services.kecamatan.duplicates``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz

NIK_SAMA = "nik_sama"  # one NIK, living, in two villages
ORANG_SAMA = "orang_sama"  # one person (same birth date and sex, near names) under two NIKs
PBI_GANDA = "pbi_ganda"  # one person on two villages' PBI APBN list, active
APBDES_GANDA = "apbdes_ganda"  # one person's premium paid by two villages' APBDes, same months
PAKET_DIKEMBALIKAN = "paket_dikembalikan"  # in the return file only: the package sent back

KINDS: dict[str, str] = {
    NIK_SAMA: "NIK sama di dua desa",
    ORANG_SAMA: "Orang sama dengan NIK berbeda",
    PBI_GANDA: "Terdaftar PBI di dua desa",
    APBDES_GANDA: "Iuran dibayar APBDes dua desa",
}
RETURN_KINDS: dict[str, str] = {**KINDS, PAKET_DIKEMBALIKAN: "Paket dikembalikan kecamatan"}

SAMA, BUKAN = "sama", "bukan"
VERDICTS: dict[str, str] = {SAMA: "Orang yang sama", BUKAN: "Bukan orang yang sama"}

# names compared after match_name (domain.names), scored 0–100 with RapidFuzz's token sort ratio
NAME_SURE = 90  # near enough on the name alone
NAME_WITH_MOTHER = 75  # near enough when the mothers' names agree
NAME_WEAK_DATE = 97  # the birth date is a placeholder: the name must be almost identical
MOTHER_AGREES = 90  # "Sri Pratiwi" / "Rini Pratiwi" (87) is not the same mother
MOTHER_DIFFERS = 60  # both mothers known and this far apart: two people


def similarity(a: str, b: str) -> int:
    """0–100: how alike two names already passed through ``match_name`` are (word order
    ignored: "Siti Aminah" and "Aminah Siti" score 100)."""
    if not a or not b:
        return 0
    return round(fuzz.token_sort_ratio(a, b))


def placeholder_birth_date(birth: dt.date | str | None) -> bool:
    """1 January or 31 December: what a register writes when only the year of birth is known,
    so sharing it says little (``str``: an ISO date as SQLite keeps it)."""
    if birth is None:
        return False
    text = birth.isoformat() if isinstance(birth, dt.date) else str(birth)
    return text[5:10] in ("01-01", "12-31")


def near_enough(name_score: int, mother_score: int | None, *, weak_date: bool = False) -> bool:
    """Whether two records are a candidate ``orang_sama``. ``mother_score`` is None when either
    mother's name is missing. The mother's name breaks ties: mothers that agree lift a middling
    name match, plainly different mothers make even identical names two people. ``weak_date``:
    the shared birth date is a placeholder (``placeholder_birth_date``) and proves little, so
    the names must be closer."""
    if mother_score is not None and mother_score < MOTHER_DIFFERS:
        return False
    if mother_score is not None and mother_score >= MOTHER_AGREES:
        return name_score >= (NAME_SURE if weak_date else NAME_WITH_MOTHER)
    return name_score >= (NAME_WEAK_DATE if weak_date else NAME_SURE)


@dataclass(frozen=True, slots=True)
class PairKey:
    """Who a candidate is about: two (NIK, village code) sides, sorted, so the same pair of
    records gets the same key every month whichever village is read first."""

    nik_a: str
    village_a: str
    nik_b: str
    village_b: str

    @classmethod
    def of(cls, nik_a: str, village_a: str, nik_b: str, village_b: str) -> PairKey:
        one, two = sorted(((nik_a, village_a), (nik_b, village_b)))
        return cls(one[0], one[1], two[0], two[1])

    def __str__(self) -> str:
        return f"{self.nik_a}@{self.village_a}|{self.nik_b}@{self.village_b}"

    @classmethod
    def parse(cls, text: str) -> PairKey | None:
        """The key back from its text; None when it is not one."""
        sides = text.strip().split("|")
        if len(sides) != 2 or any(s.count("@") != 1 for s in sides):
            return None
        (na, va), (nb, vb) = (s.split("@") for s in sides)
        if not all((na, va, nb, vb)):
            return None
        return cls.of(na, va, nb, vb)

    @property
    def villages(self) -> tuple[str, str]:
        return self.village_a, self.village_b
