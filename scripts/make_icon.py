"""Draw the app icon (a teal rounded square with a white health cross) into resources/icons/:
jkn-desktop.png (256 px, the window's icon) and jkn-desktop.ico with every size Windows asks for
(16 to 256 px: the title bar, the taskbar, Explorer's views, the Start menu at 125-200 % scaling),
each drawn at its own size rather than scaled down. The .ico is committed; the bundle and the
installer take it from there.

Run once when the design changes:  python scripts/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
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


ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)


def _png(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data().data())


def _dib(img: QImage) -> bytes:
    """An icon entry as a 32-bit BMP: the header (height doubled for the mask), the BGRA rows
    bottom-up, then an all-zero AND mask (the alpha channel decides)."""
    size = img.width()
    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory, not premultiplied
    row = size * 4
    bits = bytes(img.constBits())[: row * size]
    pixels = b"".join(bits[y * row : (y + 1) * row] for y in reversed(range(size)))
    mask_row = ((size + 31) // 32) * 4
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    return header + pixels + bytes(mask_row * size)


def ico(images: list[QImage]) -> bytes:
    """A .ico holding every image: BMP entries below 256 px (what every reader of icons
    understands), PNG at 256 px (as Windows itself stores it)."""
    entries = [_png(img) if img.width() >= 256 else _dib(img) for img in images]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for img, data in zip(images, entries, strict=True):
        side = img.width() % 256  # 0 means 256
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(entries)


def main() -> int:
    QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "jkn-desktop.png"))
    (OUT / "jkn-desktop.ico").write_bytes(ico([draw(size) for size in ICO_SIZES]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
