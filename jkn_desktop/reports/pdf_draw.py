"""The drawing operations of a page plan: a table's header, its rows (held or streamed a page at a
time), a line of text, and the shortening of text that does not fit its cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from jkn_desktop.reports.pdf_blocks import BOLD, FONT, LEADING, MARGIN, Column, Row, StreamTable
from jkn_desktop.reports.pdf_fast import Pen

Op = Callable[[Canvas, float], None]  # draws at the given top y


def table_header(
    columns: Sequence[Column], widths: Sequence[float], size: float, pad: float, inner: float
) -> tuple[Op, float]:
    """The shaded header row of a table (repeated on every page) and its height."""
    line_h = size * LEADING
    header_lines = [
        simpleSplit(c.header, BOLD, size, w - 2 * pad) or [""]
        for c, w in zip(columns, widths, strict=True)
    ]
    header_h = max(len(x) for x in header_lines) * line_h + 2 * pad

    def draw(c: Canvas, top: float) -> None:
        c.setFillGray(0.88)
        c.rect(MARGIN, top - header_h, inner, header_h, stroke=0, fill=1)
        c.setFillGray(0)
        x = MARGIN
        c.setFont(BOLD, size)
        for lines, w in zip(header_lines, widths, strict=True):
            y = top - pad - size
            for ln in lines:
                c.drawCentredString(x + w / 2, y + 1, ln)
                y -= line_h
            x += w
        grid(c, top, header_h, widths)

    return draw, header_h


class Segment:
    """The rows of a streamed table that fall on one page: drawn by pulling ``count`` rows from
    the table's iterator (pages are drawn in order, so each segment gets its own rows)."""

    def __init__(
        self,
        table: StreamTable,
        widths: Sequence[float],
        row_h: float,
        pad: float,
        fonts: tuple[str, str],
    ) -> None:
        self.table, self.widths, self.row_h, self.pad, self.fonts = table, widths, row_h, pad, fonts
        self.count = 0

    def draw(self, c: Canvas, top: float) -> None:
        t, widths, row_h, pad = self.table, self.widths, self.row_h, self.pad
        size = t.size
        # the PDF pen measures each text once per document; the Qt preview measures as it goes
        fit: Callable[[str, str, float, float], str] = (
            (lambda text, _font, _size, room: c.fit(text, room)) if isinstance(c, Pen) else shorten
        )
        full = sum(widths)
        lefts = [MARGIN]
        for w in widths[:-1]:
            lefts.append(lefts[-1] + w)
        y = top
        c.setLineWidth(0.3)
        run_top: float | None = None  # the vertical rules stop at full-width group rows

        def rules(upper: float, lower: float) -> None:
            for x in lefts[1:]:
                c.line(x, upper, x, lower)

        for _ in range(self.count):
            row = next(t.rows)
            if row.span and run_top is not None:
                rules(run_top, y)
                run_top = None
            elif not row.span and run_top is None:
                run_top = y
            base = y - pad - size + 1
            if row.shade:
                c.setFillGray(0.93)
                c.rect(MARGIN, y - row_h, full, row_h, stroke=0, fill=1)
                c.setFillGray(0)
            font = self.fonts[1] if row.bold else self.fonts[0]
            c.setFont(font, size)
            if row.span:
                c.drawString(MARGIN + pad, base, fit(row.cells[0], font, size, full - 2 * pad))
            else:
                for raw, col, x, w in zip(row.cells, t.columns, lefts, widths, strict=True):
                    if not raw:
                        continue
                    text = fit(raw, font, size, w - 2 * pad)
                    if col.align == "right":
                        c.drawRightString(x + w - pad, base, text)
                    elif col.align == "center":
                        c.drawCentredString(x + w / 2, base, text)
                    else:
                        c.drawString(x + pad, base, text)
            c.line(MARGIN, y - row_h, MARGIN + full, y - row_h)
            y -= row_h
        if run_top is not None:
            rules(run_top, y)
        c.line(MARGIN, top, MARGIN, y)
        c.line(MARGIN + full, top, MARGIN + full, y)


def text_op(
    line: str, font: str, size: float, align: str, page_w: float, underline: bool = False
) -> Op:
    def draw(c: Canvas, top: float) -> None:
        c.setFont(font, size)
        y = top - size
        if align == "center":
            c.drawCentredString(page_w / 2, y, line)
        elif align == "right":
            c.drawRightString(page_w - MARGIN, y, line)
        else:
            c.drawString(MARGIN, y, line)
        if underline:
            w = pdfmetrics.stringWidth(line, font, size)
            x = {"center": (page_w - w) / 2, "right": page_w - MARGIN - w}.get(align, MARGIN)
            c.setLineWidth(0.7)
            c.line(x, y - 2, x + w, y - 2)

    return draw


def field_op(label: str, value: str, font: str, size: float, x_label: float, x_value: float) -> Op:
    """One line of a letter's particulars: label, colon, value (``label`` empty: a value's
    continuation line)."""

    def draw(c: Canvas, top: float) -> None:
        y = top - size
        c.setFont(FONT, size)
        if label:
            c.drawString(x_label, y, label)
            c.drawString(x_value - 8, y, ":")
        c.setFont(font, size)
        c.drawString(x_value, y, value)

    return draw


def shorten(text: str, font: str, size: float, room: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def fit_cells(
    row: Row, columns: Sequence[Column], widths: Sequence[float], size: float, pad: float
) -> list[list[str]]:
    font = BOLD if row.bold else FONT
    if row.span:
        room = sum(widths) - 2 * pad
        return [simpleSplit(row.cells[0], font, size, room) or [""]]
    out = []
    for text, col, w in zip(row.cells, columns, widths, strict=True):
        room = w - 2 * pad
        out.append(
            simpleSplit(text, font, size, room) or [""]
            if col.wrap
            else [shorten(text, font, size, room)]
        )
    return out


def row_op(
    row: Row,
    cells: list[list[str]],
    columns: Sequence[Column],
    widths: Sequence[float],
    size: float,
    h: float,
    pad: float,
) -> Op:
    line_h = size * LEADING

    def draw(c: Canvas, top: float) -> None:
        if row.shade:
            c.setFillGray(0.94)
            c.rect(MARGIN, top - h, sum(widths), h, stroke=0, fill=1)
            c.setFillGray(0)
        c.setFont(BOLD if row.bold else FONT, size)
        if row.span:
            y = top - pad - size
            for ln in cells[0]:
                c.drawString(MARGIN + pad, y + 1, ln)
                y -= line_h
            grid(c, top, h, [sum(widths)])
            return
        x = MARGIN
        for lines, col, w in zip(cells, columns, widths, strict=True):
            y = top - pad - size
            for ln in lines:
                if col.align == "right":
                    c.drawRightString(x + w - pad, y + 1, ln)
                elif col.align == "center":
                    c.drawCentredString(x + w / 2, y + 1, ln)
                else:
                    c.drawString(x + pad, y + 1, ln)
                y -= line_h
            x += w
        grid(c, top, h, widths)

    return draw


def grid(c: Canvas, top: float, h: float, widths: Sequence[float]) -> None:
    c.setLineWidth(0.4)
    x = MARGIN
    c.rect(MARGIN, top - h, sum(widths), h, stroke=1, fill=0)
    for w in widths[:-1]:
        x += w
        c.line(x, top, x, top - h)
