"""The printed pages drawn with QPainter: the Laporan page's preview and the Qt printer use the very
page plan the PDF is written from (jkn_desktop.reports.pdf), through a small adapter that offers
the few ReportLab canvas calls the pages make."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen

from jkn_desktop.paths import resources_dir
from jkn_desktop.reports.pdf import BOLD, Document, layout, paint_page, skip_page


@cache
def _family() -> str:
    """DejaVu Sans from resources/fonts, the font embedded in the PDFs."""
    families: list[str] = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        fid = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        families += QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    return families[0] if families else "Sans Serif"


class QtCanvas:
    """ReportLab's canvas calls on a QPainter. PDF points, origin bottom left → device pixels,
    origin top left."""

    def __init__(self, painter: QPainter, page_h: float, scale: float) -> None:
        self.p, self.h, self.k = painter, page_h, scale
        self.gray = 0.0
        self.width = 1.0
        self.font = QFont(_family())

    def _pt(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.k, (self.h - y) * self.k)

    def setFont(self, name: str, size: float) -> None:
        self.font = QFont(_family())
        self.font.setPixelSize(max(1, round(size * self.k)))
        self.font.setBold(name == BOLD)
        self.p.setFont(self.font)

    def setFillGray(self, gray: float) -> None:
        self.gray = gray

    def setLineWidth(self, width: float) -> None:
        self.width = width

    def _text(self, x: float, y: float, text: str, align: str) -> None:
        self.p.setPen(QColor.fromRgbF(self.gray, self.gray, self.gray))
        w = self.p.fontMetrics().horizontalAdvance(text) / self.k
        left = x - (w if align == "right" else w / 2 if align == "center" else 0)
        self.p.drawText(self._pt(left, y), text)

    def drawString(self, x: float, y: float, text: str) -> None:
        self._text(x, y, text, "left")

    def drawRightString(self, x: float, y: float, text: str) -> None:
        self._text(x, y, text, "right")

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        self._text(x, y, text, "center")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.p.setPen(QPen(QColor(0, 0, 0), max(0.5, self.width * self.k)))
        self.p.drawLine(self._pt(x1, y1), self._pt(x2, y2))

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1, fill: int = 0) -> None:
        r = QRectF(self._pt(x, y + h), self._pt(x + w, y)).normalized()
        self.p.setPen(
            QPen(QColor(0, 0, 0), max(0.5, self.width * self.k)) if stroke else Qt.PenStyle.NoPen
        )
        if fill:
            self.p.setBrush(QColor.fromRgbF(self.gray, self.gray, self.gray))
        else:
            self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(r)

    def drawImage(self, data: bytes, x: float, y: float, w: float, h: float, **_: Any) -> None:
        image = QImage.fromData(data)
        if not image.isNull():
            self.p.drawImage(QRectF(self._pt(x, y + h), self._pt(x + w, y)).normalized(), image)


def render_page(doc: Document, number: int = 1, width_px: int = 900) -> tuple[QImage, int]:
    """Page ``number`` as an image ``width_px`` wide, and the number of pages."""
    pages = layout(doc)
    w, h = doc.pagesize
    scale = width_px / w
    image = QImage(width_px, round(h * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        canvas = QtCanvas(painter, h, scale)
        for i, page in enumerate(pages, 1):
            if i == number:
                paint_page(canvas, doc, page, i, len(pages))
                break
            skip_page(page)
    finally:
        painter.end()
    return image, len(pages)


def print_document(doc: Document, printer: Any) -> int:
    """Send every page to a QPrinter (already set up by the print dialog); returns the pages."""
    from PySide6.QtGui import QPageLayout, QPageSize

    pages = layout(doc)
    w, h = doc.pagesize
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
    )
    printer.setFullPage(True)
    painter = QPainter(printer)
    try:
        rect = printer.pageRect(printer.Unit.DevicePixel)
        scale = rect.width() / w
        canvas = QtCanvas(painter, h, scale)
        for i, page in enumerate(pages, 1):
            if i > 1:
                printer.newPage()
            paint_page(canvas, doc, page, i, len(pages))
    finally:
        painter.end()
    return len(pages)
