"""A thin pen over ReportLab's canvas for pages with thousands of cells: the same few drawing calls
(``drawString`` and its right and centred kin, ``setFont``, ``setFillGray``, ``setLineWidth``,
``line``, ``rect``), written as the PDF operators they stand for, with each text's encoded form and
width computed once per document.

Why: ReportLab's ``drawString`` builds a text object, shapes, measures, subsets and escapes the text
and formats every number on each call; at 100,000 rows that is most of a roster's time. Here a cell
is one cached lookup and one formatted line. The text is encoded through the font's own documented
subset calls (``splitString`` / ``getSubsetInternalName``), so the embedded subsets are the ones
ReportLab writes; anything else (images, saving) goes to the canvas itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

CACHED = (
    50_000  # texts remembered per document (names and numbers rarely repeat: memory stays flat)
)


class Pen:
    """Draws on ``canvas``; its calls leave the page looking as the canvas's own would."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._code: Callable[[str], None] = canvas._code.append
        self._doc = canvas._doc
        self._font = ""
        self._size = 0.0
        self._face: Any = None
        self._tf = ""  # the font operator in force on the page ("" after a new page)
        self._encoded: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._widths: dict[tuple[str, str], float] = {}

    # --- state ------------------------------------------------------------------------------
    def setFont(self, name: str, size: float, leading: float | None = None) -> None:
        if name != self._font:
            self._face = pdfmetrics.getFont(name)
            if not getattr(self._face, "_dynamicFont", False):
                raise ValueError(f"Pen draws embedded TrueType fonts only, not {name}")
            self._font = name
        self._size = size

    def setFillGray(self, gray: float) -> None:
        self._code(f"{gray:.3g} g")

    def setLineWidth(self, width: float) -> None:
        self._code(f"{width:.3g} w")

    def showPage(self) -> None:
        self.canvas.showPage()
        self._code = self.canvas._code.append  # a new page is a new list
        self._tf = ""

    def drawImage(self, image: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(image, bytes):  # the kop's logo, as the Qt preview takes it
            image = ImageReader(io.BytesIO(image))
        self.canvas.drawImage(image, *args, **kwargs)
        self._tf = ""

    def __getattr__(self, name: str) -> Any:
        # anything else (drawImage, save, …) is the canvas's own; the font is set again after it
        self._tf = ""
        return getattr(self.canvas, name)

    # --- measuring --------------------------------------------------------------------------
    def width(self, text: str) -> float:
        """Width of ``text`` in the current font and size."""
        key = (self._font, text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > CACHED:
                self._widths.clear()
            w = self._widths[key] = pdfmetrics.stringWidth(text, self._font, 1000.0)
        return w * self._size / 1000.0

    # --- drawing ----------------------------------------------------------------------------
    def _chunks(self, text: str) -> tuple[tuple[str, str], ...]:
        key = (self._font, text)
        out = self._encoded.get(key)
        if out is None:
            if len(self._encoded) > CACHED:
                self._encoded.clear()
            face, doc = self._face, self._doc
            out = self._encoded[key] = tuple(
                (face.getSubsetInternalName(subset, doc), escapePDF(raw))
                for subset, raw in face.splitString(text, doc)
            )
        return out

    def fit(self, text: str, room: float) -> str:
        """``text`` shortened with "…" to fit ``room`` points in the current font and size."""
        if self.width(text) <= room:
            return text
        while text and self.width(text + "…") > room:
            text = text[:-1]
        return text + "…"

    def drawString(self, x: float, y: float, text: str) -> None:
        if not text:
            return
        size = self._size
        parts = [f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm"]
        for name, escaped in self._chunks(text):
            tf = f"{name} {size:g} Tf"
            if tf != self._tf:
                parts.append(tf)
                self._tf = tf
            parts.append(f"({escaped}) Tj")
        parts.append("ET")
        self._code(" ".join(parts))

    def drawRightString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - self.width(text), y, text)

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        self.drawString(x - self.width(text) / 2, y, text)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._code(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def rect(
        self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0
    ) -> None:
        op = "B" if stroke and fill else "f" if fill else "S" if stroke else "n"
        self._code(f"{x:.2f} {y:.2f} {width:.2f} {height:.2f} re {op}")
