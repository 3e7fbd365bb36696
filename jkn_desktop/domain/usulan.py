"""Proposals (usulan) of changes to the PBI data (Permensos 3/2026): kinds, removal reasons, the
steps a proposal goes through, and which suggestion the rules of the membership module make."""

from __future__ import annotations

from dataclasses import dataclass

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J

PENAMBAHAN, PENGHAPUSAN, PENGGANTIAN, REAKTIVASI, PERBAIKAN = (
    "penambahan", "penghapusan", "penggantian", "reaktivasi", "perbaikan_data",
)  # fmt: skip
KINDS: dict[str, str] = {
    PENAMBAHAN: "Penambahan",
    PENGHAPUSAN: "Penghapusan",
    PENGGANTIAN: "Penggantian",
    REAKTIVASI: "Reaktivasi",
    PERBAIKAN: "Perbaikan data",
}
REMOVAL_REASONS: dict[str, str] = {
    "meninggal": "Meninggal dunia",
    "data_ganda": "Data ganda",
    "pindah": "Pindah / tidak ditemukan",
    "sudah_mampu": "Sudah mampu (desil 6–10)",
    "menjadi_ppu": "Menjadi PPU (bekerja penerima upah)",
    "pbpu_sendiri": "Mendaftar PBPU sendiri",
    "nik_tidak_padan": "NIK tidak padan di Dukcapil",
    "lainnya": "Lainnya",
}

DRAFT, DISETUJUI, DIKIRIM, DITERIMA, DITOLAK = (
    "draft",
    "disetujui",
    "dikirim",
    "diterima",
    "ditolak",
)
STATUSES: dict[str, str] = {
    DRAFT: "Draf",
    DISETUJUI: "Disetujui Musdes",
    DIKIRIM: "Dikirim",
    DITERIMA: "Diterima",
    DITOLAK: "Ditolak",
}
# which step may follow which (a proposal only moves forward; a draft may also be deleted)
NEXT: dict[str, tuple[str, ...]] = {
    DRAFT: (DISETUJUI,),
    DISETUJUI: (DIKIRIM, DRAFT),
    DIKIRIM: (DITERIMA, DITOLAK),
    DITERIMA: (),
    DITOLAK: (),
}


def needs_reason(kind: str) -> bool:
    return kind in (PENGHAPUSAN, PENGGANTIAN)


def reason_label(kind: str, reason: str) -> str:
    if needs_reason(kind):
        return REMOVAL_REASONS.get(reason, reason)
    return reason


def check_move(current: str, new: str) -> str | None:
    """``None`` when the step is allowed, else what to tell the user."""
    if new == current:
        return None
    if new not in NEXT.get(current, ()):
        allowed = (
            ", ".join(STATUSES[s] for s in NEXT.get(current, ())) or "tidak ada (sudah selesai)"
        )
        return (
            f"Usulan berstatus {STATUSES.get(current, current)} tidak bisa diubah menjadi "
            f"{STATUSES.get(new, new)}; langkah berikutnya: {allowed}."
        )
    return None


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    reason: str
    why: str  # shown to the user: what the rule saw
    origin: str  # the rule


def suggest_for(
    *, status_dasar: int, segment: str | None, status: str | None, desil: int | None,
    step: str | None, reason: str | None,
) -> Suggestion | None:  # fmt: skip
    """The proposal the membership rules point to for one resident, if any."""
    if step == "usul_hapus":
        why = "meninggal" if status_dasar == codes.MATI else "pindah"
        label = codes.STATUS_DASAR.get(status_dasar, "").lower()
        return Suggestion(PENGHAPUSAN, why, f"peserta PBI berstatus {label}", step)
    if step == "cek_ppu":
        return Suggestion(
            PENGHAPUSAN, "menjadi_ppu", "peserta PBI yang bekerja sebagai penerima upah", step
        )
    if step == "usul_pbi":
        if reason == "pbi_dihapus":
            return Suggestion(
                REAKTIVASI,
                "",
                f"PBI dinonaktifkan, desil {desil}; perlu surat fasilitas kesehatan",
                step,
            )
        return Suggestion(PENAMBAHAN, "", f"belum terlindungi, desil {desil}", step)
    if (
        segment == J.PBI_APBN and status == J.AKTIF and desil is not None and desil >= 6
        and status_dasar == codes.HIDUP
    ):  # fmt: skip
        return Suggestion(
            PENGHAPUSAN, "sudah_mampu", f"peserta PBI APBN dengan desil {desil}", "sudah_mampu"
        )
    return None
