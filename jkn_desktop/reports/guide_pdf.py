"""The printed user guide: the same source as the Panduan window (``guide_text``) laid out on A4
with a cover, the contents with page numbers, and "Halaman X dari Y" at the foot of each page.

Unlike the lists (``pdf``), the guide is a few pages of flowing text with numbered steps, so it
uses ReportLab's platypus, whose ``multiBuild`` fills the contents in with the pages the sections
landed on. Fonts are the reports' own DejaVu Sans, embedded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from jkn_desktop import APP_NAME, __version__
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.exporters.tempfiles import temp_beside
from jkn_desktop.exporters.xlsx import writing
from jkn_desktop.reports.guide_text import Block, Guide, inline_markup, load_guide
from jkn_desktop.reports.pdf_blocks import BOLD, FONT, register_fonts

MARGIN = 20 * mm
SECTION_STYLE = "Bagian"  # the headings the contents list


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    body = ParagraphStyle("Isi", fontName=FONT, fontSize=10.5, leading=15, spaceAfter=6)
    return {
        "body": body,
        "cover": ParagraphStyle(
            "Sampul", parent=body, fontName=BOLD, fontSize=26, leading=32, alignment=TA_CENTER
        ),
        "cover_sub": ParagraphStyle(
            "SampulSub", parent=body, fontSize=13, leading=18, alignment=TA_CENTER, spaceAfter=4
        ),
        "cover_small": ParagraphStyle(
            "SampulKecil", parent=body, fontSize=9.5, alignment=TA_CENTER, textColor=colors.grey
        ),
        "contents": ParagraphStyle(
            "DaftarIsi", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=12
        ),
        "section": ParagraphStyle(
            SECTION_STYLE,
            parent=body,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=14,
            spaceAfter=8,
            keepWithNext=True,
        ),
        "sub": ParagraphStyle(
            "SubBagian", parent=body, fontName=BOLD, fontSize=12, leading=16, keepWithNext=True
        ),
        "toc": ParagraphStyle("Isi1", parent=body, fontSize=11, leading=16, leftIndent=0),
    }


class _GuideDoc(BaseDocTemplate):  # type: ignore[misc]  # ReportLab has no type hints
    """A4, one frame; each section heading becomes an entry of the contents and a bookmark."""

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == SECTION_STYLE:
            text = flowable.getPlainText()
            key = f"bagian-{self.seq.nextf('bagian')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, 0)
            self.notify("TOCEntry", (0, text, self.page, key))


def _footer_canvas(footer: str) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each can say how many there are; the
    cover (page 1) has no footer."""

    class Numbered(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                if number > 1:
                    self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width = self._pagesize[0]
            self.setFont(FONT, 8)
            self.setFillGray(0.35)
            self.drawRightString(width - MARGIN, 12 * mm, f"Halaman {number} dari {total}")
            self.drawString(MARGIN, 12 * mm, footer)
            self.setFillGray(0)

    return Numbered


def _note(text: str, style: ParagraphStyle) -> Table:
    table = Table([[Paragraph(f"<b>Catatan:</b> {inline_markup(text)}", style)]])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#8a9bb0")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f1f4f8")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _flowables(blocks: tuple[Block, ...], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    body = styles["body"]
    out: list[Flowable] = []
    for block in blocks:
        if block.kind == "p":
            out.append(Paragraph(inline_markup(block.items[0]), body))
        elif block.kind == "h3":
            out.append(Paragraph(inline_markup(block.items[0]), styles["sub"]))
        elif block.kind == "note":
            out.extend([_note(block.items[0], body), Spacer(1, 6)])
        else:
            numbered = block.kind == "ol"
            items = [ListItem(Paragraph(inline_markup(t), body)) for t in block.items]
            out.append(
                ListFlowable(
                    items,
                    bulletType="1" if numbered else "bullet",
                    bulletFormat="%s." if numbered else None,
                    start=None if numbered else "•",
                    bulletFontName=FONT,
                    bulletFontSize=10.5,
                    leftIndent=18,
                    spaceAfter=6,
                )
            )
    return out


def story(guide: Guide, today: dt.date) -> list[Flowable]:
    styles = _styles()
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [styles["toc"]]
    parts: list[Flowable] = [
        Spacer(1, 55 * mm),
        Paragraph(inline_markup(guide.title), styles["cover"]),
        Spacer(1, 6 * mm),
        Paragraph("Pekerjaan sehari-hari operator desa dan kecamatan", styles["cover_sub"]),
        Spacer(1, 18 * mm),
        *_flowables(guide.intro, styles),
        Spacer(1, 30 * mm),
        Paragraph(f"{APP_NAME} versi {__version__}", styles["cover_small"]),
        Paragraph(f"Dicetak {tanggal(today)}", styles["cover_small"]),
        PageBreak(),
        Paragraph("Daftar isi", styles["contents"]),
        toc,
        PageBreak(),
    ]
    for section in guide.sections:
        parts.append(CondPageBreak(70 * mm))  # a section never starts at the foot of a page
        parts.append(Paragraph(inline_markup(section.title), styles["section"]))
        parts.extend(_flowables(section.blocks, styles))
    return parts


def write_guide_pdf(out: Path, guide: Guide | None = None, today: dt.date | None = None) -> int:
    """Write the printed guide to ``out`` (through a temporary file, so a failure leaves no half
    document); returns the number of pages."""
    guide = guide or load_guide()
    today = today or dt.date.today()
    with temp_beside(out) as tmp, writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        doc = _GuideDoc(
            str(tmp),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 6 * mm,
            title=guide.title,
            author=APP_NAME,
            creator=APP_NAME,
            lang="id",
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="isi")
        doc.addPageTemplates([PageTemplate(id="halaman", frames=[frame])])
        doc.multiBuild(
            story(guide, today),
            canvasmaker=_footer_canvas(f"{guide.title} · {APP_NAME} {__version__}"),
        )
        tmp.replace(out)
        return int(doc.page)
