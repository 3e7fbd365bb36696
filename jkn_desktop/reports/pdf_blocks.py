"""What a printed document is made of: the kop surat, texts, tables (held or streamed), signature
blocks and the document itself, plus the embedded fonts their sizes are measured in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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


# what an empty table prints instead of a header over nothing (an empty month, an empty choice)
NO_DATA = "Tidak ada data untuk dicetak pada pilihan ini."


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    size: float = 9.5
    bold: bool = False
    align: str = "left"  # left, center, right
    space_before: float = 0.0
    keep: float = 0.0  # room needed below (points) to stay on this page: a heading with its table
    underline: bool = False  # a letter's title


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
    keep: int = 0  # the next rows that stay on this row's page (a person with their family)


@dataclass(frozen=True, slots=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Row]
    size: float = 8.0
    space_before: float = 4.0
    empty: str = ""  # printed in the table's place when it has no rows (default: NO_DATA)


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
    empty: str = ""  # printed in the list's place when it has no rows (default: NO_DATA)


@dataclass(frozen=True, slots=True)
class SignatureGrid:
    """Several signers side by side (e.g. Kepala Desa, BPD, community representative): per
    column the title lines and the name, underlined."""

    columns: Sequence[tuple[Sequence[str], str]]
    intro: str = ""  # e.g. "Yang menandatangani," above the row
    dated: str = ""  # place and date, at the right above the signers: they go together


@dataclass(frozen=True, slots=True)
class Fields:
    """A letter's particulars, one per line ("Nama : SUTRISNO"): the labels indented, the colons
    in one column, a long value wrapping under itself. ``bold`` names the labels whose value is
    printed bold (the name)."""

    rows: Sequence[tuple[str, str]]
    size: float = 10.0
    indent: float = 10 * mm
    label_width: float = 42 * mm
    bold: frozenset[str] = frozenset()
    space_before: float = 4.0


Block = Text | Table | Signatures | StreamTable | SignatureGrid | Fields


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
