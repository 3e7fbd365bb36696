"""The village's kop surat and signature block, the same on every printed document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.reports.pdf import Letterhead, Signatures
from jkn_desktop.services.village import VillageInfo


def is_kelurahan(v: VillageInfo) -> bool:
    """Kemendagri village blocks start with 1 for a kelurahan, 2 for a desa."""
    block = v.kode_wilayah.replace(".", "")[6:]
    return block.startswith("1")


def desa_word(v: VillageInfo) -> str:
    return "Kelurahan" if is_kelurahan(v) else "Desa"


def head_title(v: VillageInfo) -> str:
    return "Lurah" if is_kelurahan(v) else "Kepala Desa"


def logo_of(db: Any) -> bytes | None:
    """The village logo saved in Pengaturan (PNG), if any."""
    import base64

    from jkn_desktop.settings import get_setting

    raw = str(get_setting(db, "logo_png") or "")
    return base64.b64decode(raw) if raw else None


def letterhead(v: VillageInfo, address: str = "", logo: bytes | None = None) -> Letterhead:
    kab = v.kabupaten.strip()
    if not kab.lower().startswith(("kabupaten", "kota")):
        kab = f"Kabupaten {kab}"
    return Letterhead(
        (
            f"PEMERINTAH {kab.upper()}",
            f"KECAMATAN {v.kecamatan.upper()}",
            f"{desa_word(v).upper()} {v.desa.upper()}",
        ),
        address,
        logo,
    )


def signatures(v: VillageInfo, on: dt.date | None = None) -> Signatures:
    """Left: "Mengetahui, Kepala Desa …"; right: place and date, "Sekretaris Desa …"."""
    place = v.desa.title() if v.desa.isupper() else v.desa
    word = desa_word(v)
    return Signatures(
        ("Mengetahui,", f"{head_title(v)} {place}"),
        v.kepala_desa,
        (f"{place}, {tanggal(on or dt.date.today())}", f"Sekretaris {word} {place}"),
        v.sekretaris_desa,
    )
