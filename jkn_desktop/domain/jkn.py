"""JKN membership: segments, statuses, sources, card numbers, and the rules that say who is
uninsured, why, and what the village should do next (see ../shared/domain.md).

The same rules run in SQL for lists and filters (services/jkn.py builds CASE expressions from the
tables below); a test checks that both give the same answer for every combination."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkn_desktop.domain import codes

# --- segments (Perpres 82/2018 and amendments) ----------------------------------------------
PBI_APBN = "pbi_apbn"
PBPU_PEMDA = "pbpu_pemda"
PPU = "ppu"
PBPU_MANDIRI = "pbpu_mandiri"
BP = "bp"
NON_PBI = "non_pbi"  # BPJS but not PBI, segment not known yet (OpenSID's id_asuransi 3)
BELUM_TERDAFTAR = "belum_terdaftar"
TIDAK_DIKETAHUI = "tidak_diketahui"

SEGMENTS: dict[str, str] = {
    PBI_APBN: "PBI JK (APBN)",
    PBPU_PEMDA: "PBPU/BP Pemda (PBI APBD)",
    PPU: "PPU (penerima upah)",
    PBPU_MANDIRI: "PBPU mandiri",
    BP: "BP (bukan pekerja)",
    NON_PBI: "JKN non-PBI (segmen belum jelas)",
    BELUM_TERDAFTAR: "Belum terdaftar",
    TIDAK_DIKETAHUI: "Tidak diketahui",
}
SEGMENT_SHORT: dict[str, str] = {
    PBI_APBN: "PBI APBN", PBPU_PEMDA: "PBI APBD", PPU: "PPU", PBPU_MANDIRI: "Mandiri", BP: "BP", NON_PBI: "Non-PBI",
    BELUM_TERDAFTAR: "Belum terdaftar", TIDAK_DIKETAHUI: "Tidak diketahui",
}  # fmt: skip
# segments that are a JKN membership (active or not)
JKN_SEGMENTS = (PBI_APBN, PBPU_PEMDA, PPU, PBPU_MANDIRI, BP, NON_PBI)
PBI_SEGMENTS = (PBI_APBN, PBPU_PEMDA)
SELF_PAID_SEGMENTS = (PBPU_MANDIRI, BP)

# --- statuses ----------------------------------------------------------------------------------
AKTIF = "aktif"
NONAKTIF = "nonaktif"
STATUS_TIDAK_DIKETAHUI = "tidak_diketahui"
STATUSES: dict[str, str] = {
    AKTIF: "Aktif",
    NONAKTIF: "Nonaktif",
    STATUS_TIDAK_DIKETAHUI: "Tidak diketahui",
}

# --- where an observation came from -------------------------------------------------------------
SOURCES: dict[str, str] = {
    "dinsos": "Daftar PBI Dinas Sosial",
    "bpjs": "Daftar peserta BPJS Kesehatan",
    "kartu": "Kartu dilihat di kantor desa",
    "pengakuan": "Keterangan warga",
    "impor": "Impor data penduduk",
}

# --- uninsured: reasons and next steps ---------------------------------------------------------
REASONS: dict[str, str] = {
    "belum_terdaftar": "Belum pernah terdaftar",
    "pbi_dihapus": "PBI dinonaktifkan",
    "menunggak": "Mandiri menunggak iuran",
    "tidak_diketahui": "Status belum diketahui",
}
STEPS: dict[str, str] = {
    "usul_pbi": "Usulkan PBI (desil 1–5)",
    "usul_dtsen": "Usulkan masuk DTSEN (desil belum ada)",
    "daftar_mandiri": "Daftar/aktifkan PBPU mandiri (desil 6–10)",
    "cek_status": "Cek status kepesertaan di BPJS",
    "cek_ppu": "Periksa: seharusnya PPU (bekerja penerima upah)",
    "usul_hapus": "Usulkan penghapusan PBI (meninggal/pindah)",
}
# occupations that are wage jobs: a PBI member with one should be checked for PPU
WAGE_OCCUPATIONS = frozenset({5, 6, 7, 15, 16, 17, 18, 85, 86})
OFFICIAL_OCCUPATIONS = frozenset({85, 86})  # perangkat desa, kepala desa


@dataclass(frozen=True, slots=True)
class Standing:
    """What the rules say about one person."""

    registered: bool
    active: bool
    uninsured: bool
    reason: str | None  # a key of REASONS when uninsured
    step: str | None  # a key of STEPS, or None when nothing is to be done


def standing(
    *,
    status_dasar: int,
    segment: str | None,
    status: str | None,
    desil: int | None,
    occupation: int | None,
) -> Standing:
    """The rules of issue #4: uninsured = alive and no active membership; the reason from the latest
    observation; the next step from desil, occupation and status dasar."""
    alive = status_dasar == codes.HIDUP
    registered = segment in JKN_SEGMENTS
    active = registered and status == AKTIF
    uninsured = alive and not active
    reason = None
    if uninsured:
        if not registered:
            reason = "belum_terdaftar" if segment != TIDAK_DIKETAHUI else "tidak_diketahui"
        elif segment in PBI_SEGMENTS and status == NONAKTIF:
            reason = "pbi_dihapus"
        elif segment in SELF_PAID_SEGMENTS and status == NONAKTIF:
            reason = "menunggak"
        else:
            reason = "tidak_diketahui"
    step = None
    pbi_member = segment in PBI_SEGMENTS and status != NONAKTIF
    if pbi_member and status_dasar in (codes.MATI, codes.PINDAH):
        step = "usul_hapus"
    elif pbi_member and alive and occupation in WAGE_OCCUPATIONS:
        step = "cek_ppu"
    elif uninsured and registered and status != NONAKTIF:
        step = "cek_status"  # on a list, but whether the card is active nobody knows yet
    elif uninsured:
        if desil is None:
            step = "usul_dtsen"
        elif desil <= 5:
            step = "usul_pbi"
        else:
            step = "daftar_mandiri"
    return Standing(registered, active, uninsured, reason, step)


# household flags
FULLY_UNINSURED = "tidak_tertanggung"
PARTLY_UNINSURED = "sebagian"
COVERED = "tertanggung"
HOUSEHOLD_FLAGS = {
    FULLY_UNINSURED: "Seluruh anggota belum tertanggung",
    PARTLY_UNINSURED: "Sebagian anggota belum tertanggung",
    COVERED: "Seluruh anggota tertanggung",
}


def household_flag(living: int, uninsured: int) -> str | None:
    """``None`` for a KK without living members."""
    if living <= 0:
        return None
    if uninsured == 0:
        return COVERED
    return FULLY_UNINSURED if uninsured >= living else PARTLY_UNINSURED


# --- values as lists write them --------------------------------------------------------------------
_NORM = re.compile(r"[^0-9a-z]+")
_SEGMENT_WORDS: dict[str, str] = {
    "pbi": PBI_APBN, "pbiapbn": PBI_APBN, "pbijk": PBI_APBN, "pbijkn": PBI_APBN, "pbijkapbn": PBI_APBN,
    "pbipusat": PBI_APBN, "kis": PBI_APBN, "kispbi": PBI_APBN,
    "pbiapbd": PBPU_PEMDA, "pbid": PBPU_PEMDA, "pbidaerah": PBPU_PEMDA, "pbpupemda": PBPU_PEMDA,
    "pbpubppemda": PBPU_PEMDA, "pemda": PBPU_PEMDA, "bppemda": PBPU_PEMDA, "jamkesda": PBPU_PEMDA,
    "pbpudanbppemda": PBPU_PEMDA, "uhc": PBPU_PEMDA,
    "ppu": PPU, "pekerjapenerimaupah": PPU, "ppupns": PPU, "ppupn": PPU, "ppubu": PPU, "asn": PPU,
    "pbpu": PBPU_MANDIRI, "mandiri": PBPU_MANDIRI, "pbpumandiri": PBPU_MANDIRI,
    "pekerjabukanpenerimaupah": PBPU_MANDIRI, "umum": PBPU_MANDIRI,
    "bp": BP, "bukanpekerja": BP, "nonpbi": NON_PBI, "bpjsnonpbi": NON_PBI,
    "belumterdaftar": BELUM_TERDAFTAR, "tidakterdaftar": BELUM_TERDAFTAR, "tidakada": BELUM_TERDAFTAR,
    "belumpunya": BELUM_TERDAFTAR, "tidakbelumpunya": BELUM_TERDAFTAR,
}  # fmt: skip
_STATUS_WORDS: dict[str, str] = {
    "aktif": AKTIF, "a": AKTIF, "1": AKTIF, "ya": AKTIF, "y": AKTIF,
    "nonaktif": NONAKTIF, "tidakaktif": NONAKTIF, "nonaktifkan": NONAKTIF, "n": NONAKTIF,
    "0": NONAKTIF, "tidak": NONAKTIF, "dinonaktifkan": NONAKTIF, "nonaktifsementara": NONAKTIF,
    "menunggak": NONAKTIF,
}  # fmt: skip


def _key(text: object) -> str:
    return _NORM.sub("", str(text or "").lower())


def parse_segment(text: object) -> str | None:
    """A SEGMEN column's value ("PBI (APBN)", "PBPU Pemda", "Mandiri", …) as a segment key."""
    key = _key(text)
    if not key:
        return None
    if key in _SEGMENT_WORDS:
        return _SEGMENT_WORDS[key]
    if key in SEGMENTS:
        return key
    return None


def parse_status(text: object) -> str | None:
    key = _key(text)
    if not key:
        return None
    return _STATUS_WORDS.get(key) or (key if key in STATUSES else None)


def clean_card_no(value: object) -> str:
    """A JKN card number as 13-digit text: spaces, dots and a leading apostrophe removed, and the
    leading zeros a number cell dropped put back."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):  # a number cell: Excel dropped the leading zeros
        return str(value).zfill(13) if 0 < value < 10**13 else str(value)
    return re.sub(r"[\s.'\u00a0-]", "", str(value))


def card_no_valid(card_no: str) -> bool:
    return len(card_no) == 13 and card_no.isdigit()


# OpenSID's id_asuransi: 1 none, 2 BPJS PBI, 3 BPJS non-PBI, 99 other insurance (not JKN)
# (99 is recorded as "not a JKN member", with a note)
OPENSID_ASURANSI: dict[int, str] = {
    1: BELUM_TERDAFTAR,
    2: PBI_APBN,
    3: NON_PBI,
    99: BELUM_TERDAFTAR,
}
