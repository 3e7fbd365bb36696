"""The officials' own JKN (Inbup Lumajang 3/2022 n.2, Inbup Pemalang 1/2023 15a): the kepala and
perangkat desa are PPU registered by the Pemda — never PBI — with 5% of the wage (4% Pemda, 1% cut
from the ADD), and their PPU covers the spouse and up to three children (``jkn.ppu_family``).

What the village does next for an official who is not an active PPU member, in the words of a
desa or of a kelurahan (whose staff the Pemda pays from the wage, not the ADD)."""

from __future__ import annotations

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.office import KEPALA, PERANGKAT, POSITIONS
from jkn_desktop.domain.wilayah import DESA_WORDS, KELURAHAN_WORDS, VillageWords

KINDS = (KEPALA, PERANGKAT)

# the next step for an official by their JKN state (keys of official_step's answer)
DAFTAR_PPU = "daftar_ppu"
PBI_KE_PPU = "pbi_ke_ppu"
MANDIRI_KE_PPU = "mandiri_ke_ppu"
PPU_NONAKTIF = "ppu_nonaktif"
CEK_STATUS = "cek_status"
TIDAK_HIDUP = "tidak_hidup"
OFFICIAL_STEPS = (DAFTAR_PPU, PBI_KE_PPU, MANDIRI_KE_PPU, PPU_NONAKTIF, CEK_STATUS, TIDAK_HIDUP)


def kind_label(kind: str, words: VillageWords = DESA_WORDS) -> str:
    """ "Kepala Desa" / "Perangkat desa" (a kelurahan: "Lurah" / "Perangkat kelurahan")."""
    return words.head if kind == KEPALA else f"Perangkat {words.lower}"


def default_position(occupation: int | None, words: VillageWords = DESA_WORDS) -> tuple[str, str]:
    """The position and kind offered for a resident whose occupation says kepala (86) or
    perangkat desa (85)."""
    if occupation == 86:
        return words.head, KEPALA
    return f"Perangkat {words.unit}", PERANGKAT


def positions(words: VillageWords = DESA_WORDS) -> tuple[str, ...]:
    """The positions offered in the dialog (Permendagri 84/2015), with this village's words."""
    renamed = {"Kepala Desa": words.head, "Sekretaris Desa": words.secretary}
    return tuple(renamed.get(p, p) for p in POSITIONS)


def position_rank(position: str, kind: str) -> tuple[int, str]:
    """The order of a list of officials: the head first, then the positions of ``POSITIONS`` in
    their order ("Kepala Dusun Krajan" with "Kepala Dusun"), then any other position."""
    if kind == KEPALA:
        return (0, position)
    text = position.strip().lower()
    for i, names in enumerate(zip(POSITIONS, positions(KELURAHAN_WORDS), strict=True)):
        if i and text.startswith(tuple(n.lower() for n in names)):
            return (i, text)
    return (len(POSITIONS), text)


def on_ppu(segment: str | None, status: str | None) -> bool:
    return segment == J.PPU and status == J.AKTIF


def official_step(
    segment: str | None, status: str | None, status_dasar: int = codes.HIDUP
) -> str | None:
    """What to do for an official in this JKN state (``None``: an active PPU member)."""
    if status_dasar != codes.HIDUP:
        return TIDAK_HIDUP
    if segment == J.PPU:
        if status == J.AKTIF:
            return None
        return PPU_NONAKTIF if status == J.NONAKTIF else CEK_STATUS
    if segment in J.PBI_SEGMENTS:
        return PBI_KE_PPU
    if segment in J.SELF_PAID_SEGMENTS:
        return MANDIRI_KE_PPU
    if segment == J.BELUM_TERDAFTAR:
        return DAFTAR_PPU
    return CEK_STATUS  # nothing recorded, not known, or a membership whose segment is unknown


def step_text(step: str | None, words: VillageWords = DESA_WORDS) -> str:
    """The next step in a sentence the secretary can act on."""
    desa = words.has_apbdes
    via = "bagian pemerintahan desa/BKAD" if desa else "kecamatan/BKAD"
    share = "1% dari ADD" if desa else "1% dari penghasilan"
    texts = {
        DAFTAR_PPU: f"Daftarkan sebagai PPU oleh Pemda (melalui {via})",
        PBI_KE_PPU: (
            f"Kepala/perangkat {words.lower} bukan PBI: daftarkan PPU Pemda, lalu usulkan "
            "penghapusan PBI"
        ),
        MANDIRI_KE_PPU: f"Pindahkan ke PPU Pemda (iuran 4% Pemda, {share})",
        PPU_NONAKTIF: "Periksa ke BPJS/BKAD: PPU tidak aktif",
        CEK_STATUS: "Cek status di BPJS",
        TIDAK_HIDUP: "Tidak lagi tercatat hidup: catat berhenti menjabat",
    }
    return texts.get(step or "", "")


OUTSIDE_NOTE = "Di luar keluarga PPU: ditanggung bila pekerja membayar iuran tambahan 1% per orang"
