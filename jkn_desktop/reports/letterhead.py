"""The village's kop surat and signature block, the same on every printed document."""

from __future__ import annotations

import datetime as dt

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports.pdf import Letterhead, Signatures


def place_name(v: VillageInfo) -> str:
    """The village name as written in a sentence: "GIRILAYU" in the region data becomes "Girilayu"."""
    return v.desa.title() if v.desa.isupper() else v.desa


def letterhead(v: VillageInfo, address: str = "", logo: bytes | None = None) -> Letterhead:
    kab = v.kabupaten.strip()
    if not kab.lower().startswith(("kabupaten", "kota")):
        kab = f"Kabupaten {kab}"
    return Letterhead(
        (
            f"PEMERINTAH {kab.upper()}",
            f"KECAMATAN {v.kecamatan.upper()}",
            v.full_name.upper(),
        ),
        address,
        logo,
    )


def signatures(v: VillageInfo, on: dt.date | None = None) -> Signatures:
    """Left: "Mengetahui, Kepala Desa …" (a kelurahan: "Lurah …"); right: place and date,
    "Sekretaris Desa …" ("Sekretaris Kelurahan …")."""
    place = place_name(v)
    words = v.words
    return Signatures(
        ("Mengetahui,", f"{words.head} {place}"),
        v.kepala_desa,
        (f"{place}, {tanggal(on or dt.date.today())}", f"{words.secretary} {place}"),
        v.sekretaris_desa,
    )
