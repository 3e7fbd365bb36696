"""The Kepesertaan JKN page's tables: what each column shows and how it is coloured."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import rupiah, tanggal_pendek
from jkn_desktop.records.membership import JknRow
from ui.formatting import shdk_label, status_label
from ui.table_model import Column

RED, GREEN = "#b3261e", "#1e7b34"


def _jkn_state(p: JknRow) -> str:
    if p.segment not in J.JKN_SEGMENTS:
        return "—"
    return J.STATUSES.get(p.status, p.status)


def _color(p: JknRow) -> str | None:
    return RED if p.uninsured else (GREEN if p.segment in J.JKN_SEGMENTS else None)


def _age(p: JknRow) -> str:
    a = p.age()
    return "" if a is None else str(a)


def _jkn(p: JknRow) -> str:
    if p.segment not in J.JKN_SEGMENTS:
        return p.segment_label
    return f"{p.segment_label} · {_jkn_state(p)}"


PEOPLE_COLUMNS = [
    Column("nik", "NIK", lambda p: p.nik),
    Column("name", "Nama", lambda p: p.name, tooltip=lambda p: f"{p.name}, umur {_age(p)}"),
    Column("area", "Dusun", lambda p: p.dusun),
    Column(
        "",
        "RT/RW",
        lambda p: f"{p.rt}/{p.rw}" if p.rt or p.rw else "",
        Qt.AlignmentFlag.AlignHCenter,
    ),
    Column("desil", "Desil", lambda p: str(p.desil or ""), Qt.AlignmentFlag.AlignHCenter),
    Column("segment", "JKN", _jkn, color=_color),
    Column(
        "",
        "Alasan",
        lambda p: J.REASONS.get(p.reason or "", ""),
        color=_color,
        tooltip=lambda p: J.REASONS.get(p.reason or "", ""),
    ),
    Column(
        "",
        "Langkah berikutnya",
        lambda p: J.STEPS.get(p.step or "", ""),
        tooltip=lambda p: J.STEPS.get(p.step or "", ""),
    ),
    Column("", "No. kartu", lambda p: p.card_no),
    Column("as_of", "Per tanggal", lambda p: tanggal_pendek(p.as_of) if p.as_of else ""),
]
HOUSEHOLD_COLUMNS = [
    Column("", "No. KK", lambda h: h.no_kk),
    Column("", "Kepala keluarga", lambda h: h.head),
    Column("", "Dusun", lambda h: h.dusun),
    Column("", "RW", lambda h: h.rw, Qt.AlignmentFlag.AlignHCenter),
    Column("", "RT", lambda h: h.rt, Qt.AlignmentFlag.AlignHCenter),
    Column("", "Desil", lambda h: str(h.desil or ""), Qt.AlignmentFlag.AlignHCenter),
    Column("", "Hidup", lambda h: str(h.living), Qt.AlignmentFlag.AlignRight),
    Column("", "Belum terlindungi", lambda h: str(h.uninsured), Qt.AlignmentFlag.AlignRight),
    Column(
        "",
        "Iuran mandiri",
        lambda h: rupiah(h.mandiri_cost) if h.mandiri_cost else "",
        Qt.AlignmentFlag.AlignRight,
        tooltip=lambda h: (
            "Iuran sebulan bila anggota yang belum terlindungi didaftarkan PBPU "
            "mandiri kelas 3 (semua anggota KK didaftarkan bersama)"
        ),
    ),
    Column(
        "",
        "Keadaan KK",
        lambda h: h.flag_label,
        tooltip=lambda h: h.flag_label,
        color=lambda h: (
            RED
            if h.flag == J.FULLY_UNINSURED
            else ("#8a5a00" if h.flag == J.PARTLY_UNINSURED else GREEN)
        ),
    ),
]
MEMBER_COLUMNS = [
    Column("", "Hubungan", lambda p: shdk_label(p.shdk)),
    Column("", "Nama", lambda p: p.name),
    Column("", "NIK", lambda p: p.nik),
    Column("", "Umur", _age, Qt.AlignmentFlag.AlignRight),
    Column("", "Status", lambda p: status_label(p.status_dasar)),
    Column("", "Segmen", lambda p: p.segment_label, color=_color),
    Column("", "Status JKN", _jkn_state, color=_color),
    Column("", "No. kartu", lambda p: p.card_no),
    Column("", "Langkah berikutnya", lambda p: J.STEPS.get(p.step or "", "")),
]
