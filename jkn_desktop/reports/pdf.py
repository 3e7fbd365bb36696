"""Printed documents drawn straight onto ReportLab's canvas: kop surat with a double rule, titles,
tables whose header repeats on every page, "Halaman X dari Y", and the signature block.

Why not platypus ``Table``: one table of every row grows superlinearly (minutes and a gigabyte at
100k rows). Here a document is a list of blocks; ``layout`` first places them on pages (so the
page count is known), then ``draw`` paints page by page. The fonts are DejaVu Sans from
resources/fonts, embedded in the file (Helvetica is not embedded and lacks some characters).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.exporters.tempfiles import temp_beside
from jkn_desktop.exporters.xlsx import writing
from jkn_desktop.paths import resources_dir

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
MARGIN = 15 * mm
LEADING = 1.25  # line height as a multiple of the font size


@cache
def register_fonts() -> None:
    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))


def width_of(text: str, size: float, bold: bool = False) -> float:
    register_fonts()
    return float(pdfmetrics.stringWidth(text, BOLD if bold else FONT, size))


# --- what a document is made of ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Letterhead:
    """Kop surat: the regency, kecamatan and desa lines, an address line, and the logo if set."""

    lines: tuple[str, ...]  # e.g. PEMERINTAH KABUPATEN KARANGANYAR / KECAMATAN … / DESA …
    address: str = ""
    logo: bytes | None = None  # a PNG (the setting "logo_png"), drawn at the left of the kop


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    size: float = 9.5
    bold: bool = False
    align: str = "left"  # left, center, right
    space_before: float = 0.0
    keep: float = 0.0  # room needed below (points) to stay on this page: a heading with its table


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float  # share of the printable width (normalised)
    align: str = "left"
    wrap: bool = False  # long text wraps onto more lines instead of being shortened


@dataclass(frozen=True, slots=True)
class Row:
    cells: Sequence[str]
    bold: bool = False
    shade: bool = False  # a group header or a total
    span: bool = False  # the first cell spans the whole width (group headers)


@dataclass(frozen=True, slots=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Row]
    size: float = 8.0
    space_before: float = 4.0


@dataclass(frozen=True, slots=True)
class Signatures:
    """Left: "Mengetahui, Kepala Desa …"; right: place and date, the second signer. Names are
    underlined; the space between is for the signature (and the stamp)."""

    left_title: Sequence[str]
    left_name: str
    right_title: Sequence[str]
    right_name: str
    left_id: str = ""  # e.g. NIP under the name
    right_id: str = ""


@dataclass
class StreamTable:
    """A long list drawn without holding its rows: every row is one line (text is shortened to
    fit), so pages are planned from the sizes alone — ``groups`` gives the number of rows under
    each group header (a household) — and ``rows`` yields, in the same order, each group's header
    row (``span``) followed by its rows, only while the pages are drawn."""

    columns: Sequence[Column]
    groups: Sequence[int]
    rows: Iterator[Row]
    size: float = 7.5
    group_headers: bool = True
    space_before: float = 4.0


@dataclass(frozen=True, slots=True)
class SignatureGrid:
    """Several signers side by side (e.g. Kepala Desa, BPD, community representative): per
    column the title lines and the name, underlined."""

    columns: Sequence[tuple[Sequence[str], str]]
    intro: str = ""  # e.g. "Yang menandatangani," above the row


Block = Text | Table | Signatures | StreamTable | SignatureGrid


@dataclass
class Document:
    letterhead: Letterhead | None
    blocks: list[Block]
    landscape: bool = True
    footer_left: str = ""  # e.g. "Dicetak 22 November 2026 — JKN Desktop"
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def pagesize(self) -> tuple[float, float]:
        size = landscape(A4) if self.landscape else portrait(A4)
        return float(size[0]), float(size[1])


# --- layout: blocks onto pages -----------------------------------------------------------------
Op = Callable[[Canvas, float], None]  # draws at the given top y


@dataclass
class _Page:
    ops: list[tuple[float, Op]] = field(default_factory=list)  # (top y, draw)


class _Layout:
    def __init__(self, doc: Document) -> None:
        register_fonts()
        self.doc = doc
        self.w, self.h = doc.pagesize
        self.inner = self.w - 2 * MARGIN
        self.bottom = MARGIN + 10 * mm  # room for the footer
        self.pages: list[_Page] = []
        self.y = 0.0
        # where the last heading began (page, op index, y): its section moves with the signatures
        # when they do not fit below it, so a signature never stands alone on a page
        self.mark: tuple[int, int, float] | None = None
        self.last_segment: _Segment | None = None
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(_Page())
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
                if isinstance(
                    c, Canvas
                ):  # ReportLab wants a reader; the Qt preview takes the bytes
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
            self.put(t.size * LEADING, _text_op(line, font, t.size, t.align, self.w))

    # tables ----------------------------------------------------------------------------------
    def table(self, t: Table) -> None:
        total = sum(c.width for c in t.columns)
        widths = [self.inner * c.width / total for c in t.columns]
        pad = 2.0
        line_h = t.size * LEADING
        header_op, header_h = _header(t.columns, widths, t.size, pad, self.inner)
        self.y -= t.space_before

        def start_page_of_table() -> None:
            self.put(header_h, header_op)

        if self.room() < header_h + line_h + 2 * pad:
            self.new_page()
        start_page_of_table()
        for row in t.rows:
            cells = _fit_cells(row, t.columns, widths, t.size, pad)
            h = max(len(c) for c in cells) * line_h + 2 * pad
            if self.room() < h:
                self.new_page()
                start_page_of_table()
            self.put(h, _row_op(row, cells, t.columns, widths, t.size, h, pad))

    def stream_table(self, t: StreamTable) -> None:
        total = sum(c.width for c in t.columns)
        widths = [self.inner * c.width / total for c in t.columns]
        pad = 1.8
        row_h = t.size * LEADING + 2 * pad
        header_op, header_h = _header(t.columns, widths, t.size, pad, self.inner)
        self.y -= t.space_before
        fonts = (FONT, BOLD)
        segment: _Segment | None = None

        def start() -> _Segment:
            if self.room() < header_h + 2 * row_h:
                self.new_page()
            self.put(header_h, header_op)
            seg = _Segment(t, widths, row_h, pad, fonts)
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
        titles = [[part for line in t for part in simpleSplit(line, FONT, size, col_w - 8) or [""]]
                  for t, _ in g.columns]  # fmt: skip
        rows = max(len(t) for t in titles)
        gap = 18 * mm
        height = (rows + 1 + bool(g.intro)) * line_h + gap + 4
        if self.room() < height + 4 * mm:
            _carry_last_section(self, height + 4 * mm)
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
            _carry_last_section(self, height + 4 * mm)
        self.y -= 4 * mm
        col_w = self.inner / 2

        def draw(c: Canvas, top: float) -> None:
            for i, (titles, name, ident) in enumerate(
                ((s.left_title, s.left_name, s.left_id), (s.right_title, s.right_name, s.right_id))
            ):
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


def _header(columns: Sequence[Column], widths: Sequence[float], size: float, pad: float,
            inner: float) -> tuple[Op, float]:  # fmt: skip
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
        _grid(c, top, header_h, widths)

    return draw, header_h


class _Segment:
    """The rows of a streamed table that fall on one page: drawn by pulling ``count`` rows from
    the table's iterator (pages are drawn in order, so each segment gets its own rows)."""

    def __init__(self, table: StreamTable, widths: Sequence[float], row_h: float, pad: float,
                 fonts: tuple[str, str]) -> None:  # fmt: skip
        self.table, self.widths, self.row_h, self.pad, self.fonts = table, widths, row_h, pad, fonts
        self.count = 0

    def draw(self, c: Canvas, top: float) -> None:
        t, widths, row_h, pad = self.table, self.widths, self.row_h, self.pad
        size = t.size
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
                c.drawString(MARGIN + pad, base, _shorten(row.cells[0], font, size, full - 2 * pad))
            else:
                for raw, col, x, w in zip(row.cells, t.columns, lefts, widths, strict=True):
                    if not raw:
                        continue
                    text = _shorten(raw, font, size, w - 2 * pad)
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


def _carry_last_section(layout: _Layout, needed: float) -> None:
    """Start a new page, taking the last section (from its heading) along when it fits there;
    after a long streamed list, its last rows come along instead."""
    seg = layout.last_segment
    if (
        seg is not None
        and layout.pages[-1].ops
        and layout.pages[-1].ops[-1][1] == seg.draw
        and seg.count > 4
    ):
        carried = 3
        seg.count -= carried
        layout.new_page()
        header_op, header_h = _header(
            seg.table.columns, seg.widths, seg.table.size, seg.pad, layout.inner
        )
        layout.put(header_h, header_op)
        tail = _Segment(seg.table, seg.widths, seg.row_h, seg.pad, seg.fonts)
        tail.count = carried
        layout.pages[-1].ops.append((layout.y, tail.draw))
        layout.y -= carried * seg.row_h
        return
    mark = layout.mark
    page = layout.pages[-1]
    top = layout.h - MARGIN
    if (
        mark is not None
        and mark[0] == len(layout.pages) - 1
        and (mark[2] - layout.y) + needed <= top - layout.bottom
    ):
        moved = page.ops[mark[1] :]
        del page.ops[mark[1] :]
        used = mark[2] - layout.y
        layout.new_page()
        shift = layout.y - mark[2]
        layout.pages[-1].ops.extend((y + shift, op) for y, op in moved)
        layout.y -= used
    else:
        layout.new_page()


def _text_op(line: str, font: str, size: float, align: str, page_w: float) -> Op:
    def draw(c: Canvas, top: float) -> None:
        c.setFont(font, size)
        y = top - size
        if align == "center":
            c.drawCentredString(page_w / 2, y, line)
        elif align == "right":
            c.drawRightString(page_w - MARGIN, y, line)
        else:
            c.drawString(MARGIN, y, line)

    return draw


def _shorten(text: str, font: str, size: float, room: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def _fit_cells(row: Row, columns: Sequence[Column], widths: Sequence[float], size: float,
               pad: float) -> list[list[str]]:  # fmt: skip
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
            else [_shorten(text, font, size, room)]
        )
    return out


def _row_op(row: Row, cells: list[list[str]], columns: Sequence[Column], widths: Sequence[float],
            size: float, h: float, pad: float) -> Op:  # fmt: skip
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
            _grid(c, top, h, [sum(widths)])
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
        _grid(c, top, h, widths)

    return draw


def _grid(c: Canvas, top: float, h: float, widths: Sequence[float]) -> None:
    c.setLineWidth(0.4)
    x = MARGIN
    c.rect(MARGIN, top - h, sum(widths), h, stroke=1, fill=0)
    for w in widths[:-1]:
        x += w
        c.line(x, top, x, top - h)


# --- drawing -----------------------------------------------------------------------------------
def layout(doc: Document) -> list[_Page]:
    lay = _Layout(doc)
    for block in doc.blocks:
        if isinstance(block, Text):
            lay.text(block)
        elif isinstance(block, Table):
            lay.table(block)
        elif isinstance(block, StreamTable):
            lay.stream_table(block)
        elif isinstance(block, SignatureGrid):
            lay.signature_grid(block)
        else:
            lay.signatures(block)
    return lay.pages


def render(doc: Document, out: Path, cancel: Callable[[], bool] | None = None,
           progress: Callable[[int, int], Any] | None = None) -> int:  # fmt: skip
    """Write the PDF (through a temporary file, so a failure leaves no half document); returns
    the number of pages. ``progress(page, pages)`` may raise ``Cancelled`` to stop."""
    pages = layout(doc)
    total = len(pages)
    with temp_beside(out) as tmp, writing(out):
        _paint(doc, pages, tmp, out, cancel, progress)
    return total


def _paint(doc: Document, pages: list[_Page], tmp: Path, out: Path,
           cancel: Callable[[], bool] | None, progress: Callable[[int, int], Any] | None) -> None:  # fmt: skip
    total = len(pages)
    w, h = doc.pagesize
    out.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(tmp), pagesize=(w, h), pageCompression=1)
    c.setTitle(doc.metadata.get("title", ""))
    c.setAuthor(doc.metadata.get("author", "JKN Desktop"))
    c.setCreator("JKN Desktop")
    try:
        for number, page in enumerate(pages, 1):
            if cancel is not None and cancel():
                from jkn_desktop.errors import Cancelled

                raise Cancelled()
            paint_page(c, doc, page, number, total)
            c.showPage()
            if progress is not None and (number % 20 == 0 or number == total):
                progress(number, total)
        c.save()
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def skip_page(page: _Page) -> None:
    """Pass over a page without drawing it: its share of a streamed list's rows is consumed, so
    the next page drawn gets its own rows (a preview of page N, for instance)."""
    for _top, op in page.ops:
        owner = getattr(op, "__self__", None)
        if isinstance(owner, _Segment):
            for _ in range(owner.count):
                next(owner.table.rows)


def paint_page(c: Any, doc: Document, page: _Page, number: int, total: int) -> None:
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
        c.drawString(MARGIN, MARGIN, _shorten(doc.footer_left, FONT, 7.5, room))
    c.setFillGray(0)


def printed_on(today: dt.date | None = None) -> str:
    return f"Dicetak {tanggal(today or dt.date.today())} dengan JKN Desktop"
