"""The budget lines of a year as a table: pagu, committed, realised, remaining, capacity, and the
use of the pagu as a bar."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.apbdes import LineSummary
from ui.dialogs.apbdes import AMBER, RED
from ui.table_model import ROW_ROLE, Column

RIGHT, CENTER = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignHCenter


def _capacity(s: LineSummary) -> str:
    return f"{angka(s.capacity)} orang" if s.months_left else "—"


def _codes(s: LineSummary) -> str:
    return f"{s.kegiatan} {s.kegiatan_name}\n{s.rekening} {s.rekening_name}\n{s.notes}".strip()


def _pagu(s: LineSummary) -> str:
    return rupiah(s.pagu) + (" *" if s.pagu_revised is not None else "")


def _pagu_tip(s: LineSummary) -> str:
    revised = s.pagu_revised
    after = f", setelah perubahan {rupiah(revised)}" if revised is not None else ""
    return f"Pagu awal {rupiah(s.pagu_original)}{after}"


def _capacity_tip(s: LineSummary) -> str:
    if not s.months_left:
        return "Tahun anggaran sudah lewat"
    return (
        f"Masih bisa ditanggung: sisa {rupiah(s.remaining)} ÷ {rupiah(s.per_person_left)} per "
        f"orang ({A.month_range(s.from_month, 12)})"
    )


LINE_COLUMNS = [
    Column("", "Baris", lambda s: str(s.id), CENTER),
    Column("", "Kegiatan", lambda s: s.kegiatan, tooltip=_codes),
    Column(
        "",
        "Sumber dana",
        lambda s: s.sumber_name,
        color=lambda s: AMBER if s.sumber == A.DANA_DESA else None,
    ),
    Column(
        "",
        "Tarif",
        lambda s: rupiah(s.rate),
        RIGHT,
        tooltip=lambda s: f"{s.scheme.label()}: {rupiah(s.rate)} per orang per bulan",
    ),
    Column("", "Pagu", _pagu, RIGHT, tooltip=_pagu_tip),
    Column(
        "",
        "Komitmen",
        lambda s: rupiah(s.committed),
        RIGHT,
        color=lambda s: RED if s.committed > s.pagu else None,
    ),
    Column("", "Realisasi", lambda s: rupiah(s.realized), RIGHT),
    Column(
        "",
        "Sisa",
        lambda s: rupiah(s.remaining),
        RIGHT,
        color=lambda s: RED if s.remaining < 0 else None,
    ),
    Column("", "Penerima", lambda s: angka(s.beneficiaries), RIGHT),
    Column("", "Kapasitas", _capacity, RIGHT, tooltip=_capacity_tip),
    Column(
        "",
        "Pemakaian",
        lambda s: "",
        tooltip=lambda s: "Hijau tua: realisasi; hijau muda: komitmen; abu-abu: sisa pagu",
    ),
]
BAR_COLUMN = len(LINE_COLUMNS) - 1


class BarDelegate(QStyledItemDelegate):
    """Realised (dark) and committed (light) as shares of the pagu; red when over the pagu."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        s = index.data(ROW_ROLE)
        super().paint(painter, option, index)
        if not isinstance(s, LineSummary) or s.pagu <= 0:
            return
        r: QRect = option.rect.adjusted(4, 6, -4, -6)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e6e6"))
        painter.drawRect(r)
        committed = min(1.0, s.committed / s.pagu)
        realized = min(1.0, s.realized / s.pagu)
        painter.setBrush(QColor("#e8a09a" if s.committed > s.pagu else "#9fd3a8"))
        painter.drawRect(QRect(r.left(), r.top(), int(r.width() * committed), r.height()))
        painter.setBrush(QColor("#2e7d32"))
        painter.drawRect(QRect(r.left(), r.top(), int(r.width() * realized), r.height()))
        painter.setPen(QColor("#222222"))
        painter.drawText(
            r.adjusted(0, 0, -4, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{round(100 * s.committed / s.pagu)}%",
        )
        painter.restore()
