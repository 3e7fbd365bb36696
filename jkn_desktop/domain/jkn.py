"""JKN membership: segments, statuses, sources, card numbers, and the rules that say who is
uninsured, why, and what the village should do next (see ../shared/domain.md).

The same rules run in SQL for lists and filters (services/membership/rules.py builds CASE
expressions from the tables below); a test checks that both give the same answer for every
combination."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from jkn_desktop.domain import codes

# --- segments (Perpres 82/2018 and amendments) ----------------------------------------------
PBI_APBN = "pbi_apbn"
PBPU_PEMDA = "pbpu_pemda"
PPU = "ppu"
PBPU_MANDIRI = "pbpu_mandiri"
BP = "bp"
NON_PBI = "non_pbi"  # BPJS but not PBI, segment not known yet (OpenSID's id_asuransi 3)
JKN_LAIN = "jkn"  # a JKN member, segment unknown ("KIS", "JKN-KIS" on a list)
BELUM_TERDAFTAR = "belum_terdaftar"
TIDAK_DIKETAHUI = "tidak_diketahui"

SEGMENTS: dict[str, str] = {
    PBI_APBN: "PBI JK (APBN)",
    PBPU_PEMDA: "PBPU/BP Pemda (PBI APBD)",
    PPU: "PPU (penerima upah)",
    PBPU_MANDIRI: "PBPU mandiri",
    BP: "BP (bukan pekerja)",
    NON_PBI: "JKN non-PBI (segmen belum jelas)",
    JKN_LAIN: "JKN (segmen belum jelas)",
    BELUM_TERDAFTAR: "Belum terdaftar",
    TIDAK_DIKETAHUI: "Tidak diketahui",
}
SEGMENT_SHORT: dict[str, str] = {
    PBI_APBN: "PBI APBN",
    PBPU_PEMDA: "PBI APBD",
    PPU: "PPU",
    PBPU_MANDIRI: "Mandiri",
    BP: "BP",
    NON_PBI: "Non-PBI",
    JKN_LAIN: "JKN",
    BELUM_TERDAFTAR: "Belum terdaftar",
    TIDAK_DIKETAHUI: "Tidak diketahui",
}
# segments that are a JKN membership (active or not)
JKN_SEGMENTS = (PBI_APBN, PBPU_PEMDA, PPU, PBPU_MANDIRI, BP, NON_PBI, JKN_LAIN)
UNKNOWN_SEGMENTS = (NON_PBI, JKN_LAIN)  # a membership whose segment is not known
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

# --- where an observation came from, and how much it weighs ----------------------------------
SOURCES: dict[str, str] = {
    "bpjs": "Daftar peserta BPJS Kesehatan",
    "dinsos": "Daftar PBI Dinas Sosial",
    "kartu": "Kartu dilihat di kantor desa",
    "pengakuan": "Keterangan warga",
    "impor": "Isian berkas data penduduk",
}
# authority: a weaker source never overrides a stronger one (domain.md, "Sources of membership
# facts and their authority"); README "Which observation is the current state" has the table
SOURCE_WEIGHT: dict[str, int] = {"bpjs": 5, "dinsos": 4, "kartu": 3, "pengakuan": 2, "impor": 1}


@dataclass(frozen=True, slots=True)
class Fact:
    """One observation as the rule sees it. ``as_of`` is the date the source speaks for (the list's
    month, the day a card was seen, the date printed on a resident file), ``None`` when unknown;
    ``seq`` orders observations recorded for the same date (the row id). ``absent`` marks "not on
    this month's list": it says the person is no longer in ``segment``, and nothing else."""

    seq: int
    source: str
    as_of: dt.date | None
    segment: str
    status: str
    absent: bool = False

    @property
    def weight(self) -> int:
        return SOURCE_WEIGHT.get(self.source, 0)

    def rank(self) -> tuple[int, dt.date, int]:
        """Weight first, then the date it speaks for (unknown before any date), then the order
        recorded."""
        return (self.weight, self.as_of or dt.date.min, self.seq)


@dataclass(frozen=True, slots=True)
class Decision:
    """The current state: the observation that holds, and an active membership of another segment
    that also stands (one NIK should have one: a PBI member with a PPU card)."""

    current: Fact | None
    other_active: str | None = None


def _falls(p: Fact, absences: Sequence[Fact]) -> bool:
    for a in absences:
        if a.segment == p.segment:
            if a.rank() > p.rank():  # the list dropped the person from this segment
                return True
        elif a.weight > p.weight and (
            p.as_of is None or (a.as_of is not None and p.as_of <= a.as_of)
        ):  # a weaker, older claim of another segment is no better evidence than the list
            return True
    return False


def decide(facts: Sequence[Fact]) -> Decision:
    """The rule over authority and date:

    1. An observation outranks another when its source weighs more; at equal weight, when it
       speaks for a later date (an unknown date is older than any date); at the same date, when it
       was recorded later.
    2. "Not on the list" (``absent``) concerns only the list's segment: it removes the
       observations of that segment it outranks, and the weaker observations of other segments
       that are not dated after it. It never removes a membership of another segment seen later
       or from a stronger source.
    3. Of the observations left, the one that outranks all others is the current state; when
       none is left, the strongest "not on the list".
    """
    absences = [f for f in facts if f.absent]
    standing_ = [f for f in facts if not f.absent and not _falls(f, absences)]
    if standing_:
        current = max(standing_, key=Fact.rank)
    elif absences:
        current = max(absences, key=Fact.rank)
    else:
        return Decision(None)
    other = [
        f
        for f in standing_
        if f is not current
        and f.status == AKTIF
        and f.segment in JKN_SEGMENTS
        and f.segment != current.segment
        and current.segment in JKN_SEGMENTS
        and not (f.segment in UNKNOWN_SEGMENTS or current.segment in UNKNOWN_SEGMENTS)
    ]
    return Decision(current, max(other, key=Fact.rank).segment if other else None)


# --- uninsured: reasons and next steps (README "Next steps and their legal basis") ------------
REASONS: dict[str, str] = {
    "belum_dicatat": "Belum dicatat",
    "belum_terdaftar": "Belum terdaftar JKN",
    "pbi_dihapus": "PBI dinonaktifkan",
    "menunggak": "Mandiri menunggak iuran",
    "ppu_nonaktif": "PPU nonaktif",
    "tidak_diketahui": "Status kepesertaan belum jelas",
}
STEPS: dict[str, str] = {
    "cek_status": "Cek status kepesertaan di BPJS",
    "usul_pbi": "Usulkan PBI (desil 1–5)",
    "usul_dtsen": "Usulkan masuk DTSEN (desil belum ada)",
    "daftar_mandiri": "Daftar/aktifkan PBPU mandiri (desil 6–10)",
    "daftar_ppu": "Didaftarkan pemberi kerja sebagai PPU",
    "daftar_ppu_desa": "Didaftarkan Pemda sebagai PPU (perangkat desa)",
    "reaktivasi": "Reaktivasi PBI (surat fasilitas kesehatan)",
    "cek_ppu": "Periksa ke pemberi kerja/Disnaker: seharusnya PPU",
    "usul_hapus_ppu": "Usulkan penghapusan PBI: sudah PPU",
    "usul_hapus_mampu": "Usulkan penghapusan PBI: desil 6–10",
    "usul_hapus_meninggal": "Usulkan penghapusan PBI: meninggal",
    "usul_hapus_tidak_ditemukan": "Usulkan penghapusan PBI: tidak ditemukan",
    "usul_hapus_pindah": "Usulkan penghapusan PBI Pemda: pindah ke luar kabupaten",
    "perbaikan_domisili": "Usulkan perbaikan data (domisili baru)",
    "cek_tujuan_pindah": "Tanyakan tujuan pindah (dalam/luar kabupaten)",
    "lapor_bpjs": "Laporkan ke BPJS (meninggal/pindah) agar tagihan berhenti",
}
# legal basis per step, shown in the README table and on hover
STEP_BASIS: dict[str, str] = {
    "cek_status": "Inpres 1/2022, peserta aktif",
    "usul_pbi": "Permensos 3/2026, penambahan, desil 1–5 DTSEN",
    "usul_dtsen": "Inpres 4/2025, DTSEN",
    "daftar_mandiri": "Perpres 82/2018 Ps. 4, PBPU",
    "daftar_ppu": "Perpres 82/2018 Ps. 4; Halmahera Tengah Ps. 5–7",
    "daftar_ppu_desa": "Perpres 82/2018 Ps. 4, kepala/perangkat desa PPU oleh Pemda",
    "reaktivasi": "Permensos 3/2026 Ps. 20",
    "cek_ppu": "Pemalang 20c–d; Halmahera Tengah Ps. 7",
    "usul_hapus_ppu": "Permensos 3/2026 Ps. 12, 15, menjadi PPU",
    "usul_hapus_mampu": "Permensos 3/2026 Ps. 12, tidak miskin lagi, desil 6–10",
    "usul_hapus_meninggal": "Permensos 3/2026 Ps. 12, meninggal",
    "usul_hapus_tidak_ditemukan": "Permensos 3/2026 Ps. 12, tidak ditemukan",
    "usul_hapus_pindah": "Perbup PBPU Pemda, keluar kabupaten",
    "perbaikan_domisili": "Permensos 3/2026, perbaikan data; PBI tetap",
    "cek_tujuan_pindah": "Perbup PBPU Pemda, hanya keluar kabupaten yang dihapus",
    "lapor_bpjs": "Perpres 82/2018, perubahan data peserta",
}
# occupations (reference/pekerjaan.csv) that are wage jobs: PNS, TNI, POLRI, karyawan swasta,
# BUMN, BUMD, honorer, perangkat desa, kepala desa
WAGE_OCCUPATIONS = frozenset({5, 6, 7, 15, 16, 17, 18, 85, 86})
OFFICIAL_OCCUPATIONS = frozenset({85, 86})  # perangkat desa, kepala desa
GONE_UNFOUND = (codes.HILANG, codes.PERGI)


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
    other_active: str | None = None,
    needs_care: bool = False,
    moved_out: bool | None = None,
) -> Standing:
    """The rules of README "Next steps and their legal basis". ``segment`` None: nothing recorded;
    ``other_active``: an active membership of another segment that also stands; ``needs_care``:
    chronically ill or pregnant; ``moved_out``: moved out of the kabupaten (None: not known)."""
    alive = status_dasar == codes.HIDUP
    registered = segment in JKN_SEGMENTS
    active = registered and status == AKTIF
    uninsured = alive and not active
    reason = _reason(segment, status) if uninsured else None
    wage = occupation in WAGE_OCCUPATIONS
    official = occupation in OFFICIAL_OCCUPATIONS
    member = registered and status != NONAKTIF  # active, or not known to be inactive
    pbi = member and segment in PBI_SEGMENTS
    step: str | None = None
    if not alive:
        if pbi:
            step = _gone_pbi_step(status_dasar, segment, moved_out)
        elif member and status_dasar in (codes.MATI, codes.PINDAH):
            step = "lapor_bpjs"
    elif (pbi and other_active == PPU) or (
        member and segment == PPU and other_active in PBI_SEGMENTS
    ):
        step = "usul_hapus_ppu"  # registered in two segments: the PBI membership goes
    elif pbi and wage:
        step = "cek_ppu"
    elif pbi and segment == PBI_APBN and status == AKTIF and desil is not None and desil >= 6:
        step = "usul_hapus_mampu"
    elif uninsured:
        step = _uninsured_step(reason, registered, status, desil, wage, official, needs_care)
    return Standing(registered, active, uninsured, reason, step)


def _reason(segment: str | None, status: str | None) -> str:
    if segment is None:
        return "belum_dicatat"
    if segment not in JKN_SEGMENTS:
        return "tidak_diketahui" if segment == TIDAK_DIKETAHUI else "belum_terdaftar"
    if status == NONAKTIF:
        if segment in PBI_SEGMENTS:
            return "pbi_dihapus"
        if segment in SELF_PAID_SEGMENTS:
            return "menunggak"
        if segment == PPU:
            return "ppu_nonaktif"
    return "tidak_diketahui"


def _gone_pbi_step(status_dasar: int, segment: str | None, moved_out: bool | None) -> str | None:
    if status_dasar == codes.MATI:
        return "usul_hapus_meninggal"
    if status_dasar in GONE_UNFOUND:
        return "usul_hapus_tidak_ditemukan"
    if status_dasar == codes.PINDAH:
        if segment == PBI_APBN or moved_out is False:
            return "perbaikan_domisili"  # PBI APBN stays PBI anywhere in Indonesia
        return "usul_hapus_pindah" if moved_out else "cek_tujuan_pindah"
    return None


def _uninsured_step(
    reason: str | None,
    registered: bool,
    status: str | None,
    desil: int | None,
    wage: bool,
    official: bool,
    needs_care: bool,
) -> str:
    if reason in ("belum_dicatat", "tidak_diketahui") or (registered and status != NONAKTIF):
        return "cek_status"  # nobody knows yet: look it up before proposing anything
    if official:
        return "daftar_ppu_desa"
    if wage:
        return "daftar_ppu"
    if reason == "pbi_dihapus" and (needs_care or (desil is not None and desil <= 5)):
        return "reaktivasi"
    if desil is None:
        return "usul_dtsen"
    return "usul_pbi" if desil <= 5 else "daftar_mandiri"


# household flags
FULLY_UNINSURED = "tidak_terlindungi"
PARTLY_UNINSURED = "sebagian"
COVERED = "terlindungi"
HOUSEHOLD_FLAGS = {
    FULLY_UNINSURED: "Seluruh anggota belum terlindungi",
    PARTLY_UNINSURED: "Sebagian anggota belum terlindungi",
    COVERED: "Seluruh anggota terlindungi",
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
    "pbi": PBI_APBN,
    "pbiapbn": PBI_APBN,
    "pbijk": PBI_APBN,
    "pbijkn": PBI_APBN,
    "pbijkapbn": PBI_APBN,
    "pbipusat": PBI_APBN,
    "kispbi": PBI_APBN,
    "kis": JKN_LAIN,
    "jknkis": JKN_LAIN,
    "jkn": JKN_LAIN,
    "bpjs": JKN_LAIN,
    "bpjskesehatan": JKN_LAIN,
    "pbiapbd": PBPU_PEMDA,
    "pbid": PBPU_PEMDA,
    "pbidaerah": PBPU_PEMDA,
    "pbpupemda": PBPU_PEMDA,
    "pbpubppemda": PBPU_PEMDA,
    "pemda": PBPU_PEMDA,
    "bppemda": PBPU_PEMDA,
    "jamkesda": PBPU_PEMDA,
    "pbpudanbppemda": PBPU_PEMDA,
    "uhc": PBPU_PEMDA,
    "ppu": PPU,
    "pekerjapenerimaupah": PPU,
    "ppupns": PPU,
    "ppupn": PPU,
    "ppubu": PPU,
    "asn": PPU,
    "pbpu": PBPU_MANDIRI,
    "mandiri": PBPU_MANDIRI,
    "pbpumandiri": PBPU_MANDIRI,
    "pekerjabukanpenerimaupah": PBPU_MANDIRI,
    # "UMUM" on a list is a patient who pays cash: not a JKN member
    "umum": BELUM_TERDAFTAR,
    "pasienumum": BELUM_TERDAFTAR,
    "bp": BP,
    "bukanpekerja": BP,
    "nonpbi": NON_PBI,
    "bpjsnonpbi": NON_PBI,
    "belumterdaftar": BELUM_TERDAFTAR,
    "tidakterdaftar": BELUM_TERDAFTAR,
    "tidakada": BELUM_TERDAFTAR,
    "belumpunya": BELUM_TERDAFTAR,
    "tidakbelumpunya": BELUM_TERDAFTAR,
}
_STATUS_WORDS: dict[str, str] = {
    "aktif": AKTIF,
    "a": AKTIF,
    "1": AKTIF,
    "ya": AKTIF,
    "y": AKTIF,
    "nonaktif": NONAKTIF,
    "tidakaktif": NONAKTIF,
    "nonaktifkan": NONAKTIF,
    "n": NONAKTIF,
    "0": NONAKTIF,
    "tidak": NONAKTIF,
    "dinonaktifkan": NONAKTIF,
    "nonaktifsementara": NONAKTIF,
    "menunggak": NONAKTIF,
}


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


# OpenSID's id_asuransi (reference/asuransi_opensid.csv; domain.md): 1 "Tidak/Belum Punya" is
# OpenSID's default that operators rarely touch, so it records nothing; 2 BPJS PBI; 3 BPJS non-PBI;
# 4 BPJS Bantuan Daerah (PBPU Pemda); 99 other insurance, not JKN (recorded with a note)
OPENSID_ASURANSI: dict[int, str | None] = {
    1: None,
    2: PBI_APBN,
    3: NON_PBI,
    4: PBPU_PEMDA,
    99: BELUM_TERDAFTAR,
}


# --- the family as JKN counts it (Perpres 82/2018: PPU covers worker, spouse, three children) ----
NOT_COVERED_BY_PPU = "tidak_ditanggung_ppu"
NOT_COVERED_BY_PPU_LABEL = "Tidak ditanggung PPU keluarga ini"
MAX_PPU_CHILDREN = 3
PPU_CORE = (codes.KEPALA_KELUARGA, 2, 3)  # kepala keluarga, suami, istri
IN_SCHOOL = frozenset({2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})  # pendidikan sedang codes


@dataclass(frozen=True, slots=True)
class FamilyMember:
    id: int
    shdk: int | None
    age: int | None
    married: bool
    in_school: bool
    segment: str | None
    status: str | None
    uninsured: bool
    wage: bool = False  # has a wage job: a PPU membership of their own


def _child_covered(m: FamilyMember) -> bool:
    if m.married or m.age is None:
        return not m.married
    return m.age < 21 or (m.age < 25 and m.in_school)


def ppu_family(members: Sequence[FamilyMember]) -> set[int]:
    """Who a PPU worker (head or spouse) covers: head, spouse, three children (eldest first)."""
    kids = [m for m in members if m.shdk == 4 and _child_covered(m)]
    kids.sort(key=lambda m: -(m.age or 0))
    return {m.id for m in members if m.shdk in PPU_CORE} | {m.id for m in kids[:MAX_PPU_CHILDREN]}


def outside_ppu_family(members: Sequence[FamilyMember]) -> set[int]:
    """Living members of a KK with an active PPU worker (head or spouse) who are not in that
    worker's JKN family (``ppu_family``) and who are recorded as PPU (without a wage job of their
    own) or uninsured: the worker's card does not cover them unless the worker pays 1% more."""
    if not any(m.segment == PPU and m.status == AKTIF and m.shdk in PPU_CORE for m in members):
        return set()
    covered = ppu_family(members)
    return {
        m.id
        for m in members
        if m.id not in covered and ((m.segment == PPU and not m.wage) or m.uninsured)
    }
