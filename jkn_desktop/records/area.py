"""The area a job may touch: the whole database, a kabupaten, a kecamatan or one village."""

from __future__ import annotations

import re
from dataclasses import dataclass

# the level of an area by the shape of its Kemendagri code
_LEVELS = (
    (re.compile(r"^\d{2}\.\d{2}$"), "kabupaten"),
    (re.compile(r"^\d{2}\.\d{2}\.\d{2}$"), "kecamatan"),
    (re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"), "desa"),
)


def area_level(kode: str) -> str | None:
    """``"kabupaten"``, ``"kecamatan"`` or ``"desa"`` for a code of that shape; ``""`` for the
    empty code (everything); None for anything else."""
    if not kode:
        return ""
    for shape, level in _LEVELS:
        if shape.match(kode):
            return level
    return None


def normalize_area(text: str) -> str:
    """``3313``, ``33.13``, ``331305``, ``3313052006`` → the dotted code; other text as given
    (then refused by :func:`area_level`). ``*`` or nothing: the whole database (``""``)."""
    given = (text or "").strip()
    if given in ("", "*"):
        return ""
    digits = re.sub(r"\D", "", given)
    if not digits or not re.fullmatch(r"[\d.\s]+", given):
        return given
    cut = {4: (2, 4), 6: (2, 4, 6), 10: (2, 4, 6, 10)}.get(len(digits))
    if cut is None:
        return given
    parts, start = [], 0
    for end in cut:
        parts.append(digits[start:end])
        start = end
    return ".".join(parts)


@dataclass(frozen=True, slots=True)
class Scope:
    """An area by its Kemendagri code (``33.13.05.2006`` a village, ``33.13.05`` a kecamatan).

    The empty code is the whole database, which on a village's own laptop is its one village.
    """

    kode: str = ""
    level: str = "desa"

    @classmethod
    def of(cls, kode: str) -> Scope:
        """The scope of an account's area (``""``: the whole database)."""
        return cls(kode, area_level(kode) or "desa") if kode else WHOLE

    def contains(self, kode: str) -> bool:
        """True when the area with ``kode`` lies inside this one."""
        return not self.kode or kode == self.kode or kode.startswith(self.kode + ".")


WHOLE = Scope()
# the area of a job with nobody logged in on a database with accounts: no code lies inside it
NO_AREA = Scope("-", "")
