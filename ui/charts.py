"""Two small charts painted with QPainter (no web view, no QtCharts): horizontal bars per area and
a monthly line, each with the UHC targets as dashed lines. Percentages are 0–100."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

COVERAGE = QColor("#1b7a8c")
ACTIVE = QColor("#e09f3e")
TARGET = QColor("#b3261e")
GRID = QColor("#dde5e7")
TEXT = QColor("#262626")
# the charts paint their own light ground: readable whatever the window's palette
BACKGROUND = QColor("#ffffff")


def _pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "%"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    coverage: float
    active: float
    people: int


class BarChart(QWidget):
    """Coverage and keaktifan per area: two thin bars per row, the targets as dashed lines."""

    ROW = 34

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.targets = (98.0, 80.0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_data(self, bars: list[Bar], targets: tuple[float, float]) -> None:
        self.bars = bars
        self.targets = targets
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 40 + self.ROW * max(1, len(self.bars)))

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 40 + self.ROW * max(1, len(self.bars)))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        font = QFont(self.font())
        p.setFont(font)
        fm = p.fontMetrics()
        # the area names get up to a third of the width; the figure after the bar its own width
        widest = max((fm.horizontalAdvance(b.label) for b in self.bars), default=0) + 12
        label_w = min(widest, max(90, self.width() // 3))
        right = fm.horizontalAdvance("100,0%") + 14
        x0 = label_w
        width = max(50, self.width() - label_w - right)
        top = 22
        # legend
        p.setPen(TEXT)
        self._legend(p, 0, 4)
        for i, bar in enumerate(self.bars):
            y = top + i * self.ROW
            p.setPen(TEXT)
            p.drawText(
                QRectF(0, y, label_w - 8, self.ROW - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(bar.label, Qt.TextElideMode.ElideMiddle, label_w - 8),
            )
            p.fillRect(QRectF(x0, y + 2, width, self.ROW - 10), QColor("#f4f7f8"))
            p.fillRect(QRectF(x0, y + 3, width * min(bar.coverage, 100) / 100, 10), COVERAGE)
            p.fillRect(QRectF(x0, y + 15, width * min(bar.active, 100) / 100, 8), ACTIVE)
            p.setPen(TEXT)
            p.drawText(
                QRectF(x0 + width + 6, y, right, self.ROW - 6),
                Qt.AlignmentFlag.AlignVCenter,
                _pct(bar.coverage),
            )
        bottom = top + self.ROW * len(self.bars) - 6
        for target, color in ((self.targets[0], COVERAGE), (self.targets[1], ACTIVE)):
            x = x0 + width * target / 100
            pen = QPen(
                TARGET if color == COVERAGE else color.darker(140), 1.2, Qt.PenStyle.DashLine
            )
            p.setPen(pen)
            p.drawLine(QPointF(x, top - 2), QPointF(x, bottom))
        p.end()

    def _legend(self, p: QPainter, x: float, y: float) -> None:
        items = [
            (COVERAGE, "cakupan"),
            (ACTIVE, "keaktifan"),
            (TARGET, f"target {self.targets[0]:g}% / {self.targets[1]:g}%"),
        ]
        for color, text in items:
            p.fillRect(QRectF(x, y + 3, 12, 8), color)
            p.setPen(TEXT)
            p.drawText(QPointF(x + 16, y + 11), text)
            x += 24 + p.fontMetrics().horizontalAdvance(text)


class LineChart(QWidget):
    """Coverage and keaktifan month by month."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.months: list[str] = []
        self.coverage: list[float] = []
        self.active: list[float] = []
        self.targets = (98.0, 80.0)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self,
        months: list[str],
        coverage: list[float],
        active: list[float],
        targets: tuple[float, float],
    ) -> None:
        self.months, self.coverage, self.active, self.targets = months, coverage, active, targets
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        fm = p.fontMetrics()
        # room for "100%" and the month names at any font size or scaling
        left = fm.horizontalAdvance("100%") + 12
        right = fm.horizontalAdvance("Des 26") // 2 + 6
        top, bottom = fm.height() + 10, fm.height() + 12
        w = max(10, self.width() - left - right)
        h = max(10, self.height() - top - bottom)
        p.setPen(TEXT)
        # as many grid lines as there is height for their labels (a short chart: 0, 50, 100)
        grids = (0, 25, 50, 75, 100) if h >= 5 * (fm.height() + 2) else (0, 50, 100)
        for grid in grids:
            y = top + h - h * grid / 100
            p.setPen(GRID)
            p.drawLine(QPointF(left, y), QPointF(left + w, y))
            p.setPen(TEXT)
            p.drawText(
                QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{grid}%",
            )
        n = len(self.months)
        if n == 0:
            p.drawText(
                QRectF(left, top, w, h), Qt.AlignmentFlag.AlignCenter, "Belum ada data kepesertaan."
            )
            p.end()
            return

        def x_of(i: int) -> float:
            return left + (w * i / (n - 1) if n > 1 else w / 2)

        def y_of(v: float) -> float:
            return top + h - h * max(0.0, min(v, 100.0)) / 100

        for target, color in ((self.targets[0], TARGET), (self.targets[1], ACTIVE.darker(140))):
            p.setPen(QPen(color, 1.2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(left, y_of(target)), QPointF(left + w, y_of(target)))
        for series, color in ((self.coverage, COVERAGE), (self.active, ACTIVE)):
            path = QPainterPath()
            for i, v in enumerate(series):
                pt = QPointF(x_of(i), y_of(v))
                if i == 0:
                    path.moveTo(pt)
                else:
                    path.lineTo(pt)
            p.setPen(QPen(color, 2.4))
            p.drawPath(path)
            p.setBrush(color)
            for i, v in enumerate(series):
                p.drawEllipse(QPointF(x_of(i), y_of(v)), 3, 3)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(TEXT)
        step = max(1, n // 6)
        for i, m in enumerate(self.months):
            if (i % step == 0 and n - 1 - i >= max(1, step // 2 + 1)) or i == n - 1:
                label = _month_label(m)
                p.drawText(
                    QRectF(x_of(i) - 40, top + h + 6, 80, fm.height() + 2),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        if self.coverage:
            p.drawText(
                QPointF(left + 4, top - 6),
                f"Bulan ini: cakupan {_pct(self.coverage[-1])}, keaktifan {_pct(self.active[-1])}",
            )
        p.end()


_BULAN_PENDEK = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _month_label(period: str) -> str:
    year, month = period.split("-")
    return f"{_BULAN_PENDEK[int(month) - 1]} {year[2:]}"
