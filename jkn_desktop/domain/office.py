"""The village office's own acts: what the counter decided for a service, the SKTM it issued, and
its officials' JKN.

Sources: Inbup Pemalang 1/2023 KETUJUH BELAS a (the Kepala Desa does not give certain public
services to residents who are not JKN participants, and moves them to register; the Camat's
counter likewise, KEENAM BELAS a); Inbup Lumajang 3/2022 h and n.2; Inbup Karanganyar 440/3/2022
KESEPULUH b, KETUJUH BELAS c (APBDes premiums for poor residents with an SKTM); Permendagri
84/2015 (the positions of the perangkat desa); Perpres 82/2018 (PPU family).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J

# --- the counter ------------------------------------------------------------------------------
DILAYANI = "dilayani"
DILAYANI_CATATAN = "dilayani_catatan"
DIRUJUK = "dirujuk"
DIUSULKAN_PBI = "diusulkan_pbi"
DIUSULKAN_APBDES = "diusulkan_apbdes"
DITOLAK = "ditolak"

OUTCOMES: dict[str, str] = {
    DILAYANI: "Dilayani",
    DILAYANI_CATATAN: "Dilayani dengan catatan",
    DIRUJUK: "Dirujuk untuk mendaftar/mengaktifkan JKN",
    DIUSULKAN_PBI: "Diusulkan PBI",
    DIUSULKAN_APBDES: "Diusulkan iuran APBDes",
    DITOLAK: "Ditolak",
}
# short words for tables and the monthly counts
OUTCOME_SHORT: dict[str, str] = {
    DILAYANI: "Dilayani",
    DILAYANI_CATATAN: "Dengan catatan",
    DIRUJUK: "Dirujuk",
    DIUSULKAN_PBI: "Usul PBI",
    DIUSULKAN_APBDES: "Usul APBDes",
    DITOLAK: "Ditolak",
}
# outcomes that leave something to follow: a referral until the person is active, a proposal to
# the APBDes line until the person is on it (a PBI proposal is followed on the Usulan page)
FOLLOWED_OUTCOMES = (DIRUJUK, DIUSULKAN_APBDES)

# The services a village counter commonly gives, with the office rule's default: whether the
# service needs active JKN. A setting (Pengaturan), because each regent names their own.
DEFAULT_SERVICES: tuple[tuple[str, bool], ...] = (
    ("Surat pengantar KTP/KK/akta", False),
    ("Surat keterangan tidak mampu (SKTM)", False),
    ("Surat keterangan domisili", True),
    ("Surat keterangan usaha/izin usaha", True),
    ("Surat pengantar SKCK", True),
    ("Surat pengantar nikah", True),
    ("Layanan lainnya", False),
)

# what the rule advises, before the user decides
BOLEH = "boleh"
BOLEH_SARANKAN = "boleh_sarankan"
TAWARKAN_USULAN = "tawarkan_usulan"
RUJUK_DAFTAR = "rujuk_daftar"
RUJUK_AKTIFKAN = "rujuk_aktifkan"
RUJUK_PPU = "rujuk_ppu"
TIDAK_HIDUP = "tidak_hidup"

ADVICE: dict[str, str] = {
    BOLEH: "Boleh dilayani",
    BOLEH_SARANKAN: "Boleh dilayani; sarankan mendaftar JKN",
    TAWARKAN_USULAN: "Syarat JKN aktif belum terpenuhi: tawarkan usulan PBI atau iuran APBDes",
    RUJUK_DAFTAR: "Syarat JKN aktif belum terpenuhi: rujuk untuk mendaftar",
    RUJUK_AKTIFKAN: "Syarat JKN aktif belum terpenuhi: rujuk untuk mengaktifkan kembali",
    RUJUK_PPU: "Syarat JKN aktif belum terpenuhi: didaftarkan sebagai PPU oleh pemberi kerja",
    TIDAK_HIDUP: "Penduduk ini tidak lagi berstatus hidup di desa",
}
POOR_DESIL = 5  # desil 1–5: the PBI target (Permensos 3/2026), and the APBDes one with no SKTM


@dataclass(frozen=True, slots=True)
class Advice:
    """What the office rule says for one person and one service, and the outcome it suggests."""

    code: str  # a key of ADVICE
    text: str  # the whole sentence shown before the user decides
    suggested: str  # a key of OUTCOMES
    blocks: bool  # the rule asks the office not to give the service as it stands


def is_poor(desil: int | None, has_valid_sktm: bool) -> bool:
    return has_valid_sktm or (desil is not None and 1 <= desil <= POOR_DESIL)


def advise(
    *,
    service: str,
    requires_jkn: bool,
    status_dasar: int,
    segment: str | None,
    status: str | None,
    desil: int | None,
    has_valid_sktm: bool,
    occupation: int | None,
) -> Advice:
    """The office rule for ``service``: when it needs active JKN and the person is not active, a
    poor person is offered a proposal (PBI or the APBDes line) rather than only a refusal, a wage
    worker goes to the employer (the Pemda for the kepala and perangkat desa), a lapsed member to
    reactivation, anyone else to registration."""
    active = segment in J.JKN_SEGMENTS and status == J.AKTIF
    if status_dasar != codes.HIDUP:
        word = codes.STATUS_DASAR.get(status_dasar, "tidak hidup").lower()
        return Advice(
            TIDAK_HIDUP,
            f"Penduduk ini tercatat {word}: periksa data sebelum melayani.",
            DITOLAK,
            True,
        )
    if active or not requires_jkn:
        if active:
            return Advice(BOLEH, f"{service}: peserta JKN aktif, boleh dilayani.", DILAYANI, False)
        return Advice(
            BOLEH_SARANKAN,
            f"{service} tidak mensyaratkan JKN aktif: boleh dilayani; sarankan mendaftar JKN.",
            DILAYANI,
            False,
        )
    need = f"{service} mensyaratkan JKN aktif"
    registered = segment in J.JKN_SEGMENTS
    if occupation in J.WAGE_OCCUPATIONS and not registered:
        who = "Pemda" if occupation in J.OFFICIAL_OCCUPATIONS else "pemberi kerja"
        return Advice(
            RUJUK_PPU, f"{need}: pekerja penerima upah didaftarkan PPU oleh {who}.", DIRUJUK, True
        )
    if is_poor(desil, has_valid_sktm) and (not registered or segment in J.PBI_SEGMENTS):
        why = "keluarganya memegang SKTM yang berlaku" if has_valid_sktm else f"desil {desil}"
        return Advice(
            TAWARKAN_USULAN,
            f"{need}; penduduk ini {why}: tawarkan usulan PBI atau iuran APBDes, jangan hanya "
            "ditolak.",
            DIUSULKAN_PBI,
            True,
        )
    if registered:
        return Advice(
            RUJUK_AKTIFKAN,
            f"{need}; kepesertaannya tidak aktif: rujuk untuk mengaktifkan kembali (tunggakan "
            "dibayar di BPJS).",
            DIRUJUK,
            True,
        )
    return Advice(
        RUJUK_DAFTAR,
        f"{need}; penduduk ini belum terdaftar: rujuk untuk mendaftar (PBPU mandiri, atau "
        "diusulkan bila miskin).",
        DIRUJUK,
        True,
    )


# --- the SKTM -----------------------------------------------------------------------------------
SKTM_PURPOSES: dict[str, str] = {
    "iuran_jkn": "Iuran JKN dari APBDes",
    "rumah_sakit": "Keringanan biaya rumah sakit",
    "sekolah": "Keringanan biaya sekolah/beasiswa",
    "bantuan_sosial": "Pengajuan bantuan sosial",
    "lainnya": "Keperluan lain",
}
SKTM_VALID_MONTHS = 6  # the default validity offered; the letter says its own date


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sktm_valid_on(
    valid_until: dt.date, issued_on: dt.date, cancelled_on: dt.date | None, day: dt.date
) -> bool:
    return issued_on <= day <= valid_until and (cancelled_on is None or cancelled_on > day)


# the APBDes beneficiary check (a setting: some kabupaten require the SKTM)
SKTM_RULE_SKTM_OR_DESIL = "sktm_atau_desil"
SKTM_RULE_SKTM = "sktm_wajib"
SKTM_RULE_NONE = "tidak_diperiksa"
APBDES_SKTM_RULES: dict[str, str] = {
    SKTM_RULE_SKTM_OR_DESIL: "Peringatkan bila penerima tidak punya SKTM berlaku dan bukan desil 1–5",
    SKTM_RULE_SKTM: "Peringatkan bila penerima tidak punya SKTM berlaku (SKTM wajib)",
    SKTM_RULE_NONE: "Tidak diperiksa",
}


def apbdes_without_ground(rule: str, desil: int | None, has_valid_sktm: bool) -> bool:
    """True when an APBDes beneficiary lacks what the setting asks for."""
    if rule == SKTM_RULE_NONE or has_valid_sktm:
        return False
    if rule == SKTM_RULE_SKTM:
        return True
    return not is_poor(desil, False)


# the warning on such a beneficiary (shown, never blocking), by rule; its code in the year report
WARN_NO_GROUND = "TANPA_SKTM"
APBDES_GROUND_WARNINGS: dict[str, str] = {
    SKTM_RULE_SKTM_OR_DESIL: "belum ada SKTM yang berlaku dan desil KK bukan 1–5",
    SKTM_RULE_SKTM: "belum ada SKTM yang berlaku (SKTM wajib menurut pengaturan)",
}


# --- the officials ------------------------------------------------------------------------------
KEPALA = "kepala"
PERANGKAT = "perangkat"
# Permendagri 84/2015: sekretariat, pelaksana kewilayahan, pelaksana teknis
POSITIONS: tuple[str, ...] = (
    "Kepala Desa",
    "Sekretaris Desa",
    "Kepala Urusan Tata Usaha dan Umum",
    "Kepala Urusan Keuangan",
    "Kepala Urusan Perencanaan",
    "Kepala Seksi Pemerintahan",
    "Kepala Seksi Kesejahteraan",
    "Kepala Seksi Pelayanan",
    "Kepala Dusun",
)
