"""Proposals (usulan) of changes to the PBI data (Permensos 3/2026): kinds, removal reasons, the
steps a proposal goes through, and which suggestion the rules of the membership module make."""

from __future__ import annotations

from dataclasses import dataclass

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J

PENAMBAHAN, PENGHAPUSAN, PENGGANTIAN, REAKTIVASI, PERBAIKAN = (
    "penambahan",
    "penghapusan",
    "penggantian",
    "reaktivasi",
    "perbaikan_data",
)
KINDS: dict[str, str] = {
    PENAMBAHAN: "Penambahan",
    PENGHAPUSAN: "Penghapusan",
    PENGGANTIAN: "Penggantian",
    REAKTIVASI: "Reaktivasi",
    PERBAIKAN: "Perbaikan data",
}
# Removal grounds, Permensos 3/2026 Ps. 12 and 15 (a NIK that does not match at Dukcapil is a
# data correction, not a removal); the keys of earlier versions stay readable
REMOVAL_REASONS: dict[str, str] = {
    "meninggal": "Meninggal dunia",
    "sudah_mampu": "Tidak miskin lagi (desil 6–10)",
    "tidak_ditemukan": "Tidak ditemukan",
    "menjadi_ppu": "Menjadi PPU (bekerja penerima upah)",
    "pbpu_sendiri": "Mendaftar PBPU sendiri",
    "ganda_segmen": "Terdaftar di lebih dari satu segmen",
    "pindah_kabupaten": "Pindah ke luar kabupaten (PBPU Pemda)",
}
OLD_REMOVAL_REASONS: dict[str, str] = {
    "data_ganda": "Data ganda",
    "pindah": "Pindah / tidak ditemukan",
    "nik_tidak_padan": "NIK tidak padan di Dukcapil",
    "lainnya": "Lainnya",
}
# the two tracks (domain.md "PBI data changes"): every proposal says which programme it is for
TRACKS: dict[str, str] = {
    J.PBI_APBN: "PBI JK APBN (Kemensos)",
    J.PBPU_PEMDA: "PBPU/BP Pemda (APBD)",
}
TRACK_SHORT: dict[str, str] = {J.PBI_APBN: "PBI APBN", J.PBPU_PEMDA: "PBPU Pemda"}

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
        return REMOVAL_REASONS.get(reason) or OLD_REMOVAL_REASONS.get(reason, reason)
    return reason


def needs_musdes(kind: str) -> bool:
    """Reaktivasi is individual and urgent (Permensos 3/2026 Ps. 20): no Musdes."""
    return kind != REAKTIVASI


def next_steps(current: str, kind: str = PENAMBAHAN) -> tuple[str, ...]:
    """Reaktivasi goes from draft straight to sent: no Musdes (Permensos 3/2026 Ps. 20)."""
    if current == DRAFT and not needs_musdes(kind):
        return (DIKIRIM,)
    return NEXT.get(current, ())


def move_allowed(current: str, new: str, kind: str = PENAMBAHAN) -> bool:
    """Staying is always allowed; else only a next step."""
    return new == current or new in next_steps(current, kind)


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    reason: str
    why: str  # shown to the user: what the rule saw
    origin: str  # the rule (a key of domain.jkn.STEPS)
    track: str  # J.PBI_APBN or J.PBPU_PEMDA


# next step → (kind, removal reason); the steps that are checks or hand-offs propose nothing
STEP_PROPOSALS: dict[str, tuple[str, str]] = {
    "usul_pbi": (PENAMBAHAN, ""),
    "reaktivasi": (REAKTIVASI, ""),
    "usul_hapus_meninggal": (PENGHAPUSAN, "meninggal"),
    "usul_hapus_tidak_ditemukan": (PENGHAPUSAN, "tidak_ditemukan"),
    "usul_hapus_pindah": (PENGHAPUSAN, "pindah_kabupaten"),
    "usul_hapus_ppu": (PENGHAPUSAN, "menjadi_ppu"),
    "usul_hapus_mampu": (PENGHAPUSAN, "sudah_mampu"),
    "perbaikan_domisili": (PERBAIKAN, ""),
}


def suggest_for(
    *,
    status_dasar: int,
    segment: str | None,
    status: str | None,
    desil: int | None,
    step: str | None,
    reason: str | None,
) -> Suggestion | None:
    """The proposal the membership rules point to for one resident, if any."""
    if step not in STEP_PROPOSALS:
        return None
    kind, removal = STEP_PROPOSALS[step]
    track = segment if segment in TRACKS else J.PBI_APBN
    label = codes.STATUS_DASAR.get(status_dasar, "").lower()
    why = {
        "usul_pbi": f"belum terlindungi, desil {desil}",
        "reaktivasi": "PBI dinonaktifkan; sakit, hamil atau desil 1–5: perlu surat fasilitas kesehatan",
        "usul_hapus_meninggal": f"peserta {TRACK_SHORT.get(track, '')} berstatus {label}",
        "usul_hapus_tidak_ditemukan": f"peserta {TRACK_SHORT.get(track, '')} berstatus {label}",
        "usul_hapus_pindah": "peserta PBPU Pemda pindah ke luar kabupaten",
        "usul_hapus_ppu": "terdaftar juga sebagai PPU",
        "usul_hapus_mampu": f"peserta PBI APBN dengan desil {desil}",
        "perbaikan_domisili": "peserta PBI pindah: domisili perlu dibetulkan, PBI tetap",
    }[step]
    return Suggestion(kind, removal, why, step, track)
