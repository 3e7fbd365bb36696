"""Display helpers shared by the pages (Indonesian labels for codes, dates)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import tanggal_pendek
from jkn_desktop.records.residents import ResidentRow
from ui.table_model import Column

TODAY = dt.date.today


def shdk_label(code: int | None) -> str:
    return codes.shdk().label(code).title() if code else ""


def status_label(code: int) -> str:
    return codes.STATUS_DASAR.get(code, "?").title()


def _age(r: ResidentRow) -> str:
    a = r.age(TODAY())
    return "" if a is None else str(a)


RESIDENT_COLUMNS = [
    Column("nik", "NIK", lambda r: r.nik),
    Column("name", "Nama", lambda r: r.name),
    Column("sex", "L/P", lambda r: r.sex, Qt.AlignmentFlag.AlignHCenter),
    Column("birth_date", "Tgl. lahir", lambda r: tanggal_pendek(r.birth_date)),
    Column("age", "Umur", _age, Qt.AlignmentFlag.AlignRight),
    Column("no_kk", "No. KK", lambda r: r.no_kk),
    Column("shdk", "Hubungan", lambda r: shdk_label(r.shdk)),
    Column("dusun", "Dusun", lambda r: r.dusun),
    Column("rw", "RW", lambda r: r.rw, Qt.AlignmentFlag.AlignHCenter),
    Column("rt", "RT", lambda r: r.rt, Qt.AlignmentFlag.AlignHCenter),
    Column("status_dasar", "Status", lambda r: status_label(r.status_dasar)),
]

MEMBER_COLUMNS = [
    Column("", "Hubungan", lambda r: shdk_label(r.shdk)),
    Column("", "NIK", lambda r: r.nik),
    Column("", "Nama", lambda r: r.name),
    Column("", "L/P", lambda r: r.sex, Qt.AlignmentFlag.AlignHCenter),
    Column("", "Tgl. lahir", lambda r: tanggal_pendek(r.birth_date)),
    Column("", "Umur", _age, Qt.AlignmentFlag.AlignRight),
    Column("", "Status", lambda r: status_label(r.status_dasar)),
]
