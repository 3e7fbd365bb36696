"""The kecamatan's kop surat and the Camat's signature, the same on every document it prints, and
the small formats those documents share."""

from __future__ import annotations

import datetime as dt

from jkn_desktop.domain.formatting import BULAN, tanggal
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.reports.pdf import Letterhead, Signatures

# what a kecamatan's table of villages prints while it has none
NO_VILLAGES = "Tidak ada data: belum ada desa atau kelurahan yang tercatat di kecamatan ini."


def month_label(period: str) -> str:
    """``2026-03`` → ``Maret 2026``."""
    return f"{BULAN[int(period[5:]) - 1]} {period[:4]}"


def pct(x: float) -> str:
    return f"{x:.2f}".replace(".", ",") + "%"


def name_in_text(name: str) -> str:
    """ "MATESIH" in the region data becomes "Matesih" in a sentence."""
    return name.title() if name.isupper() else name


def kabupaten(info: KecamatanInfo) -> str:
    kab = info.kabupaten.strip()
    if not kab.lower().startswith(("kabupaten", "kota")):
        kab = f"Kabupaten {name_in_text(kab)}"
    return kab


def bupati(info: KecamatanInfo) -> str:
    """ "Bupati Karanganyar" (a kota: "Wali Kota …")."""
    kab = kabupaten(info)
    if kab.lower().startswith("kota"):
        return f"Wali Kota {kab[4:].strip()}"
    return f"Bupati {kab[9:].strip()}"


def letterhead(info: KecamatanInfo, logo: bytes | None = None) -> Letterhead:
    return Letterhead(
        (f"PEMERINTAH {kabupaten(info).upper()}", f"KECAMATAN {info.kecamatan.upper()}"),
        "",
        logo,
    )


def camat_signature(info: KecamatanInfo, on: dt.date | None) -> Signatures:
    """The Camat alone, at the right: place and date (none for a letter dated at its top),
    "Camat …", the name and the NIP."""
    place = name_in_text(info.kecamatan)
    dated = (f"{place}, {tanggal(on)}",) if on is not None else ()
    return Signatures(
        (),
        "",
        (*dated, f"Camat {place}"),
        info.camat,
        right_id=f"NIP. {info.camat_nip}" if info.camat_nip else "NIP. ……………………",
    )
