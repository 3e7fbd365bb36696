"""The area a job may touch: one village today; a kecamatan or a kabupaten on a server later."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    """An area by its Kemendagri code (``33.13.05.2006`` a village, ``33.13.05`` a kecamatan).

    The empty code is the whole database, which on a village's own laptop is its one village.
    """

    kode: str = ""
    level: str = "desa"

    def contains(self, kode: str) -> bool:
        """True when the area with ``kode`` lies inside this one."""
        return not self.kode or kode == self.kode or kode.startswith(self.kode + ".")


WHOLE = Scope()
