"""Draw the app icon (a teal rounded square with a white health cross) into resources/icons/.

Run once when the design changes:  python scripts/make_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2)
    p.fillPath(path, QColor("#0f4c5c"))
    arm, length = size * 0.2, size * 0.6
    c = size / 2
    p.fillRect(QRectF(c - arm / 2, c - length / 2, arm, length), QColor("white"))
    p.fillRect(QRectF(c - length / 2, c - arm / 2, length, arm), QColor("white"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2fb37a"))
    p.drawEllipse(QRectF(size * 0.68, size * 0.68, size * 0.22, size * 0.22))
    p.end()
    return img


def main() -> int:
    QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "jkn-desktop.png"))
    draw(64).save(str(OUT / "jkn-desktop.ico"), "ICO")
    return 0


if __name__ == "__main__":
    sys.exit(main())
