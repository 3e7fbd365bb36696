"""The printed pages drawn with QPainter: the Laporan page's preview and the Qt printer use the very
page plan the PDF is written from (jkn_desktop.reports.pdf), through a small adapter that offers
the few ReportLab canvas calls the pages make."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

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


ZOOMS = (0.25, 0.35, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)  # of the page's width at 100%


class PageBrowser(QWidget):
    """A document's pages one at a time: previous / next with "Halaman 2 dari 7", zoom out and
    in, and "Pas lebar" (the page as wide as the view, the start). The page
    itself is drawn by whoever owns the browser: it asks with ``page_wanted(number)`` (drawn
    ``render_width()`` pixels wide) and answers with :meth:`show_image`."""

    page_wanted = Signal(int)

    def __init__(self, base_width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_width = base_width
        self.number, self.count = 1, 0
        self.zoom: float | None = None  # None: fit the width of the view
        self.image: QImage | None = None
        self.view = QLabel()  # the page (or a sentence in its place)
        self.view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.view.setObjectName("preview")
        self.view.setWordWrap(True)  # the notes on a workbook are text: wrap them
        self.view.setMargin(8)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.view)
        # small buttons, so the bar fits beside the form on a 1024-pixel screen
        self.prev_btn = QPushButton("‹")
        self.prev_btn.setToolTip("Halaman sebelumnya")
        self.next_btn = QPushButton("›")
        self.next_btn.setToolTip("Halaman berikutnya")
        self.page_label = QLabel()
        self.out_btn = QPushButton("−")
        self.out_btn.setToolTip("Perkecil")
        self.in_btn = QPushButton("+")
        self.in_btn.setToolTip("Perbesar")
        for small in (self.prev_btn, self.next_btn, self.out_btn, self.in_btn):
            small.setFixedWidth(36)
        self.fit_btn = QPushButton("Pas lebar")
        self.fit_btn.setToolTip("Halaman selebar tempat pratinjau")
        self.zoom_label = QLabel()
        bar = QHBoxLayout()
        for w in (self.prev_btn, self.page_label, self.next_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.out_btn, self.zoom_label, self.in_btn, self.fit_btn):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)
        self.prev_btn.clicked.connect(lambda: self.go(self.number - 1))
        self.next_btn.clicked.connect(lambda: self.go(self.number + 1))
        self.out_btn.clicked.connect(lambda: self.step_zoom(-1))
        self.in_btn.clicked.connect(lambda: self.step_zoom(+1))
        self.fit_btn.clicked.connect(self.fit)
        self._update_bar()

    # what the owner calls ----------------------------------------------------------------------
    def show_image(self, image: QImage, number: int, count: int) -> None:
        self.image, self.number, self.count = image, number, count
        self.view.setText("")
        self._scale()
        self._update_bar()

    def show_text(self, text: str) -> None:
        """A sentence in the page's place (a workbook's note, a message); no pages to turn."""
        self.image, self.number, self.count = None, 1, 0
        self.view.setPixmap(QPixmap())
        self.view.setText(text)
        self._update_bar()

    def render_width(self) -> int:
        """How wide to draw the page: enough for the zoom, so a large page stays sharp."""
        return max(self.base_width, round(self._shown_width()))

    # the person's buttons -----------------------------------------------------------------------
    def go(self, number: int) -> None:
        if 1 <= number <= self.count and number != self.number:
            self.number = number
            self._update_bar()
            self.page_wanted.emit(number)

    def step_zoom(self, direction: int) -> None:
        now = self._shown_width() / self.base_width
        if direction > 0:
            bigger = [z for z in ZOOMS if z > now + 0.01]
            self.zoom = bigger[0] if bigger else ZOOMS[-1]
        else:
            smaller = [z for z in ZOOMS if z < now - 0.01]
            self.zoom = smaller[-1] if smaller else ZOOMS[0]
        self._zoomed()

    def fit(self) -> None:
        self.zoom = None
        self._zoomed()

    # inside --------------------------------------------------------------------------------------
    def _zoomed(self) -> None:
        if self.image is not None and self.render_width() > self.image.width():
            self.page_wanted.emit(self.number)  # drawn again, wider: sharp, not blown up
        self._scale()
        self._update_bar()

    def _shown_width(self) -> float:
        if self.zoom is not None:
            return self.base_width * self.zoom
        return float(max(200, self.area.viewport().width() - 24))

    def _scale(self) -> None:
        if self.image is None:
            return
        width = round(self._shown_width())
        pixmap = QPixmap.fromImage(self.image)
        if width != pixmap.width():
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.view.setPixmap(pixmap)

    def _update_bar(self) -> None:
        paged = self.count > 0
        self.page_label.setText(f"Halaman {self.number} dari {self.count}" if paged else "")
        self.prev_btn.setEnabled(paged and self.number > 1)
        self.next_btn.setEnabled(paged and self.number < self.count)
        for b in (self.out_btn, self.in_btn, self.fit_btn):
            b.setEnabled(paged)
        percent = round(100 * self._shown_width() / self.base_width)
        self.zoom_label.setText(f"{percent}%" if paged else "")

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.zoom is None:
            self._scale()
            self._update_bar()
