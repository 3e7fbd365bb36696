"""Layout: the blocks of a document placed onto pages, so the page count is known before anything
is drawn. A signature block never stands alone on a page: the last section comes along."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from jkn_desktop.reports.pdf_blocks import (
    BOLD,
    FONT,
    LEADING,
    MARGIN,
    NO_DATA,
    Document,
    Fields,
    Letterhead,
    SignatureGrid,
    Signatures,
    StreamTable,
    Table,
    Text,
    register_fonts,
    width_of,
)
from jkn_desktop.reports.pdf_draw import (
    Op,
    Segment,
    field_op,
    fit_cells,
    row_op,
    table_header,
    text_op,
)


@dataclass
class Page:
    ops: list[tuple[float, Op]] = field(default_factory=list)  # (top y, draw)


@dataclass
class TableRun:
    """The rows of a held table on its latest page (their op indexes there), so that the last of
    them can move on with the signatures."""

    page: int
    header: Op
    header_h: float
    rows: list[int] = field(default_factory=list)


class Layout:
    def __init__(self, doc: Document) -> None:
        register_fonts()
        self.doc = doc
        self.w, self.h = doc.pagesize
        self.inner = self.w - 2 * MARGIN
        self.bottom = MARGIN + 10 * mm  # room for the footer
        self.pages: list[Page] = []
        self.y = 0.0
        # where the last heading began (page, op index, y): its section moves with the signatures
        # when they do not fit below it, so a signature never stands alone on a page
        self.mark: tuple[int, int, float] | None = None
        self.last_segment: Segment | None = None
        self.last_table: TableRun | None = None
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.h - MARGIN
        if self.doc.letterhead is not None and len(self.pages) == 1:
            self.y -= self._letterhead(self.doc.letterhead)

    def put(self, height: float, op: Op) -> None:
        self.pages[-1].ops.append((self.y, op))
        self.y -= height

    def room(self) -> float:
        return float(self.y - self.bottom)

    # kop surat -------------------------------------------------------------------------------
    def _letterhead(self, lh: Letterhead) -> float:
        sizes = [12.0] * len(lh.lines)
        if sizes:
            sizes[-1] = 14.0  # the desa line stands out
        height = sum(s * LEADING for s in sizes) + (9.0 * LEADING if lh.address else 0) + 4 * mm
        w, x0 = self.w, MARGIN

        def draw(c: Canvas, top: float) -> None:
            y = top
            if lh.logo:
                side = min(height - 4 * mm, 22 * mm)
                image: Any = lh.logo
                if isinstance(c, Canvas):  # ReportLab wants a reader; the pen and Qt take bytes
                    image = ImageReader(io.BytesIO(lh.logo))
                c.drawImage(
                    image, x0, top - side, side, side, preserveAspectRatio=True, mask="auto"
                )
            for text, size in zip(lh.lines, sizes, strict=True):
                y -= size * LEADING
                c.setFont(BOLD, size)
                c.drawCentredString(w / 2, y + size * 0.25, text)
            if lh.address:
                y -= 9.0 * LEADING
                c.setFont(FONT, 9.0)
                c.drawCentredString(w / 2, y + 2.5, lh.address)
            y -= 2 * mm
            c.setLineWidth(1.6)
            c.line(x0, y, w - MARGIN, y)
            c.setLineWidth(0.5)
            c.line(x0, y - 1.6, w - MARGIN, y - 1.6)

        self.pages[-1].ops.append((self.y, draw))
        return float(height + 3 * mm)

    # text ------------------------------------------------------------------------------------
    def text(self, t: Text) -> None:
        font = BOLD if t.bold else FONT
        lines = simpleSplit(t.text, font, t.size, self.inner) or [""]
        if t.keep and self.room() < t.space_before + len(lines) * t.size * LEADING + t.keep:
            self.new_page()
        elif t.space_before:
            self.y -= t.space_before
        if t.keep:
            self.mark = (len(self.pages) - 1, len(self.pages[-1].ops), self.y)
        for line in lines:
            if self.room() < t.size * LEADING:
                self.new_page()
            self.put(t.size * LEADING, text_op(line, font, t.size, t.align, self.w, t.underline))

    def fields(self, f: Fields) -> None:
        x_label = MARGIN + f.indent
        x_value = x_label + f.label_width + 10
        room = self.w - MARGIN - x_value
        line_h = f.size * LEADING + 1.5
        self.y -= f.space_before
        for label, value in f.rows:
            font = BOLD if label in f.bold else FONT
            for i, line in enumerate(simpleSplit(value, font, f.size, room) or [""]):
                if self.room() < line_h:
                    self.new_page()
                self.put(
                    line_h, field_op(label if i == 0 else "", line, font, f.size, x_label, x_value)
                )

    # tables ----------------------------------------------------------------------------------
    def no_data(self, sentence: str, space_before: float) -> None:
        """An empty table: a sentence in its place, never a header over nothing."""
        self.text(Text(sentence or NO_DATA, size=9.5, space_before=space_before + 2))
        self.y -= 4

    def table(self, t: Table) -> None:
        if not t.rows:
            self.no_data(t.empty, t.space_before)
            return
        total = sum(c.width for c in t.columns)
        widths = [self.inner * c.width / total for c in t.columns]
        pad = 2.0
        line_h = t.size * LEADING
        header_op, header_h = table_header(t.columns, widths, t.size, pad, self.inner)
        self.y -= t.space_before

        run = TableRun(0, header_op, header_h)
        self.last_table = run

        def start_page_of_table() -> None:
            self.put(header_h, header_op)
            run.page, run.rows = len(self.pages) - 1, []

        if self.room() < header_h + line_h + 2 * pad:
            self.new_page()
        start_page_of_table()
        fitted = [fit_cells(row, t.columns, widths, t.size, pad) for row in t.rows]
        heights = [max(len(c) for c in cells) * line_h + 2 * pad for cells in fitted]
        page_room = self.h - MARGIN - self.bottom - header_h  # a whole page under the header
        for i, (row, cells, h) in enumerate(zip(t.rows, fitted, heights, strict=True)):
            group = sum(heights[i : i + 1 + row.keep])  # the row and those kept with it
            if self.room() < h or (row.keep and self.room() < group <= page_room):
                self.new_page()
                start_page_of_table()
            run.rows.append(len(self.pages[-1].ops))
            self.put(h, row_op(row, cells, t.columns, widths, t.size, h, pad))

    def stream_table(self, t: StreamTable) -> None:
        if not t.groups or (not t.group_headers and not any(t.groups)):
            self.no_data(t.empty, t.space_before)
            return
        total = sum(c.width for c in t.columns)
        widths = [self.inner * c.width / total for c in t.columns]
        pad = 1.8
        row_h = t.size * LEADING + 2 * pad
        header_op, header_h = table_header(t.columns, widths, t.size, pad, self.inner)
        self.y -= t.space_before
        fonts = (FONT, BOLD)
        segment: Segment | None = None

        def start() -> Segment:
            if self.room() < header_h + 2 * row_h:
                self.new_page()
            self.put(header_h, header_op)
            seg = Segment(t, widths, row_h, pad, fonts)
            self.pages[-1].ops.append((self.y, seg.draw))
            return seg

        segment = start()
        for size in t.groups:
            needed = (row_h if t.group_headers else 0) + (
                row_h if size else 0
            )  # header + first row
            if self.room() < needed:
                segment = start()
            for _ in range(int(t.group_headers) + size):
                if self.room() < row_h:
                    segment = start()
                segment.count += 1
                self.y -= row_h
        self.last_segment = segment

    def signature_grid(self, g: SignatureGrid) -> None:
        size = 9.5
        line_h = size * LEADING
        col_w = self.inner / len(g.columns)
        # a title wider than its column wraps instead of running into the next one
        titles = [
            [part for line in t for part in simpleSplit(line, FONT, size, col_w - 8) or [""]]
            for t, _ in g.columns
        ]
        rows = max(len(t) for t in titles)
        gap = 18 * mm
        # the place and date as a line of its own above (10 pt, 6 pt before it), never apart
        dated_h = 6 + 10 * LEADING if g.dated else 0.0
        height = (rows + 1 + bool(g.intro)) * line_h + gap + 4
        if self.room() < dated_h + height + 4 * mm:
            carry_last_section(self, dated_h + height + 4 * mm)
        if g.dated:
            self.y -= 6
            self.put(10 * LEADING, text_op(g.dated, FONT, 10, "right", self.w))
        self.y -= 4 * mm
        page_w = self.w

        def draw(c: Canvas, top: float) -> None:
            y0 = top
            if g.intro:
                y0 -= line_h
                c.setFont(FONT, size)
                c.drawCentredString(page_w / 2, y0, g.intro)
            for i, (lines, (_, name)) in enumerate(zip(titles, g.columns, strict=True)):
                cx = MARGIN + col_w * i + col_w / 2
                y = y0
                c.setFont(FONT, size)
                for line in lines:
                    y -= line_h
                    c.drawCentredString(cx, y, line)
                y = y0 - rows * line_h - gap
                c.setFont(BOLD, size)
                shown = name or "(………………………………)"
                c.drawCentredString(cx, y, shown)
                if name:
                    half = width_of(shown, size, True) / 2
                    c.setLineWidth(0.6)
                    c.line(cx - half, y - 1.5, cx + half, y - 1.5)

        self.put(height, draw)

    # signatures ------------------------------------------------------------------------------
    def signatures(self, s: Signatures) -> None:
        size = 9.5
        line_h = size * LEADING
        rows = max(len(s.left_title), len(s.right_title))
        gap = 18 * mm  # room for the signature and the stamp
        height = (rows + 1) * line_h + gap + (line_h if s.left_id or s.right_id else 0) + 4
        if self.room() < height + 4 * mm:
            carry_last_section(self, height + 4 * mm)
        self.y -= 4 * mm
        col_w = self.inner / 2

        def draw(c: Canvas, top: float) -> None:
            for i, (titles, name, ident) in enumerate(
                ((s.left_title, s.left_name, s.left_id), (s.right_title, s.right_name, s.right_id))
            ):
                if not titles and not name:
                    continue  # one signer only (the Camat): the other side stays blank
                cx = MARGIN + col_w * i + col_w / 2
                y = top
                c.setFont(FONT, size)
                for line in titles:
                    y -= line_h
                    c.drawCentredString(cx, y, line)
                y -= gap
                c.setFont(BOLD, size)
                shown = name or "(………………………………)"
                c.drawCentredString(cx, y, shown)
                if name:
                    half = width_of(shown, size, True) / 2
                    c.setLineWidth(0.6)
                    c.line(cx - half, y - 1.5, cx + half, y - 1.5)
                if ident:
                    c.setFont(FONT, size)
                    c.drawCentredString(cx, y - line_h, ident)

        self.put(height, draw)


def carry_last_section(lay: Layout, needed: float) -> None:
    """Start a new page, taking the last section (from its heading) along when it fits there;
    after a long streamed list, its last rows come along instead."""
    seg = lay.last_segment
    if (
        seg is not None
        and lay.pages[-1].ops
        and lay.pages[-1].ops[-1][1] == seg.draw
        and seg.count > 4
    ):
        carried = 3
        seg.count -= carried
        lay.new_page()
        header_op, header_h = table_header(
            seg.table.columns, seg.widths, seg.table.size, seg.pad, lay.inner
        )
        lay.put(header_h, header_op)
        tail = Segment(seg.table, seg.widths, seg.row_h, seg.pad, seg.fonts)
        tail.count = carried
        lay.pages[-1].ops.append((lay.y, tail.draw))
        lay.y -= carried * seg.row_h
        return
    mark = lay.mark
    top = lay.h - MARGIN
    if (
        mark is not None
        and mark[0] == len(lay.pages) - 1
        and (mark[2] - lay.y) + needed <= top - lay.bottom
    ):
        _move_tail(lay, mark[1], mark[2])
        return
    run = lay.last_table
    if run is not None and run.page == len(lay.pages) - 1 and len(run.rows) > 4:
        # the last rows of a held table, and what follows them, come along under the header
        first = run.rows[-3]
        start = lay.pages[-1].ops[first][0]
        if run.header_h + (start - lay.y) + needed <= top - lay.bottom:
            _move_tail(lay, first, start, run.header, run.header_h)
            run.page, run.rows = len(lay.pages) - 1, []
            return
    lay.new_page()


def _move_tail(
    lay: Layout, first: int, start: float, header: Op | None = None, header_h: float = 0.0
) -> None:
    """Move the ops of the current page from index ``first`` (placed from ``start`` down) on to a
    new page, under ``header`` when given, keeping their spacing."""
    page = lay.pages[-1]
    moved = page.ops[first:]
    del page.ops[first:]
    used = start - lay.y
    lay.new_page()
    if header is not None:
        lay.put(header_h, header)
    shift = lay.y - start
    lay.pages[-1].ops.extend((y + shift, op) for y, op in moved)
    lay.y -= used


def layout(doc: Document) -> list[Page]:
    lay = Layout(doc)
    for block in doc.blocks:
        if isinstance(block, Text):
            lay.text(block)
        elif isinstance(block, Table):
            lay.table(block)
        elif isinstance(block, StreamTable):
            lay.stream_table(block)
        elif isinstance(block, SignatureGrid):
            lay.signature_grid(block)
        elif isinstance(block, Fields):
            lay.fields(block)
        else:
            lay.signatures(block)
    return lay.pages
