"""Printed documents drawn straight onto ReportLab's canvas: kop surat with a double rule, titles,
tables whose header repeats on every page, "Halaman X dari Y", and the signature block.

Why not platypus ``Table``: one table of every row grows superlinearly (minutes and a gigabyte at
100k rows). Here a document is a list of blocks (``pdf_blocks``); ``layout`` first places them on
pages (``pdf_layout``, so the page count is known), then ``render`` paints page by page. The fonts
are DejaVu Sans from resources/fonts, embedded in the file (Helvetica is not embedded and lacks
some characters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.exporters.tempfiles import temp_beside
from jkn_desktop.exporters.xlsx import writing
from jkn_desktop.paths import private_file
from jkn_desktop.reports.pdf_blocks import (
    BOLD,
    FONT,
    MARGIN,
    Block,
    Column,
    Document,
    Fields,
    Letterhead,
    Row,
    SignatureGrid,
    Signatures,
    StreamTable,
    Table,
    Text,
    width_of,
)
from jkn_desktop.reports.pdf_draw import Segment, shorten
from jkn_desktop.reports.pdf_fast import Pen
from jkn_desktop.reports.pdf_layout import Page, layout

__all__ = [
    "A4",
    "BOLD",
    "FONT",
    "MARGIN",
    "Block",
    "Column",
    "Document",
    "Fields",
    "Letterhead",
    "Page",
    "Row",
    "SignatureGrid",
    "Signatures",
    "StreamTable",
    "Table",
    "Text",
    "layout",
    "paint_page",
    "printed_on",
    "render",
    "skip_page",
    "width_of",
]


def render(
    doc: Document,
    out: Path,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], Any] | None = None,
) -> int:
    """Write the PDF (through a temporary file, so a failure leaves no half document); returns
    the number of pages. ``progress(page, pages)`` may raise ``Cancelled`` to stop."""
    pages = layout(doc)
    total = len(pages)
    with temp_beside(out) as tmp, writing(out):
        _paint(doc, pages, tmp, out, cancel, progress)
    return total


def _paint(
    doc: Document,
    pages: list[Page],
    tmp: Path,
    out: Path,
    cancel: Callable[[], bool] | None,
    progress: Callable[[int, int], Any] | None,
) -> None:
    total = len(pages)
    w, h = doc.pagesize
    out.parent.mkdir(parents=True, exist_ok=True)
    private_file(tmp)  # the user's alone from its first byte (README, "Privacy")
    canvas = Canvas(str(tmp), pagesize=(w, h), pageCompression=1)
    canvas.setTitle(doc.metadata.get("title", ""))
    canvas.setAuthor(doc.metadata.get("author", "JKN Desktop"))
    canvas.setCreator("JKN Desktop")
    c = Pen(canvas)
    a85 = rl_config.useA85  # page streams compressed, not also spelt out in ASCII (a fifth longer)
    rl_config.useA85 = 0
    try:
        for number, page in enumerate(pages, 1):
            if cancel is not None and cancel():
                from jkn_desktop.errors import Cancelled

                raise Cancelled()
            paint_page(c, doc, page, number, total)
            c.showPage()
            if progress is not None and (number % 20 == 0 or number == total):
                progress(number, total)
        canvas.save()
        tmp.replace(out)
    finally:
        rl_config.useA85 = a85
        tmp.unlink(missing_ok=True)


def skip_page(page: Page) -> None:
    """Pass over a page without drawing it: its share of a streamed list's rows is consumed, so
    the next page drawn gets its own rows (a preview of page N, for instance)."""
    for _top, op in page.ops:
        owner = getattr(op, "__self__", None)
        if isinstance(owner, Segment):
            for _ in range(owner.count):
                next(owner.table.rows)


def paint_page(c: Any, doc: Document, page: Page, number: int, total: int) -> None:
    """Draw one planned page and its footer on ``c``: ReportLab's canvas, or anything with the
    same few drawing calls (the window's preview and the Qt printer use a QPainter adapter)."""
    w = doc.pagesize[0]
    for top, op in page.ops:
        op(c, top)
    c.setFont(FONT, 7.5)
    c.setFillGray(0.3)
    c.drawRightString(w - MARGIN, MARGIN, f"Halaman {number} dari {total}")
    if doc.footer_left:
        room = w - 2 * MARGIN - width_of(f"Halaman {total} dari {total}", 7.5) - 12
        c.drawString(MARGIN, MARGIN, shorten(doc.footer_left, FONT, 7.5, room))
    c.setFillGray(0)


def printed_on(today: dt.date | None = None) -> str:
    return f"Dicetak {tanggal(today or dt.date.today())} dengan JKN Desktop"
