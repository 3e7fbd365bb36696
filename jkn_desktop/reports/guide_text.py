"""The user guide's one source (resources/guide/panduan.md), read into sections of blocks: the
Panduan window shows it as HTML (``to_html``) and the printed guide lays the same blocks out as a
PDF (``guide_pdf``), so the two cannot say different things (decision 38).

The source is a small subset of Markdown, and anything outside it is refused (``GuideError``)
rather than shown as stray asterisks: ``# `` the title (once), ``## `` a section, ``### `` a
subsection, paragraphs, ``1. `` numbered steps, ``- `` points, ``> `` a note, ``**bold**`` for
the words as they appear on the screen, ``<!-- … -->`` comments.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jkn_desktop.paths import resources_dir

BlockKind = Literal["p", "h3", "ol", "ul", "note"]

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


class GuideError(ValueError):
    """The guide's source breaks the subset (a developer's mistake, caught by the tests)."""


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    items: tuple[str, ...]  # one text for p, h3 and note; one per item for the lists


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    anchor: str  # "bagian-3": the window's contents jump here
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Guide:
    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]

    def labels(self) -> list[str]:
        """Every **bold** phrase (the screen's own words), in order of appearance."""
        found: list[str] = []
        for block in (*self.intro, *(b for s in self.sections for b in s.blocks)):
            for text in block.items:
                found.extend(_BOLD.findall(text))
        return found


def guide_path() -> Path:
    return resources_dir() / "guide" / "panduan.md"


def load_guide(path: Path | None = None) -> Guide:
    return parse(Path(path or guide_path()).read_text(encoding="utf-8"))


def parse(source: str) -> Guide:
    lines = _COMMENT.sub("", source).splitlines()
    title = ""
    intro: list[Block] = []
    sections: list[tuple[str, list[Block]]] = []
    current = intro
    paragraph: list[str] = []
    items: list[str] = []
    list_kind: BlockKind | None = None

    def flush() -> None:
        nonlocal list_kind
        if paragraph:
            current.append(Block("p", (" ".join(paragraph),)))
            paragraph.clear()
        if list_kind is not None:
            current.append(Block(list_kind, tuple(items)))
            items.clear()
            list_kind = None

    def start_item(kind: BlockKind, text: str) -> None:
        nonlocal list_kind
        if paragraph or (list_kind is not None and list_kind != kind):
            flush()
        list_kind = kind
        items.append(text)

    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif line.startswith("## "):
            flush()
            sections.append((stripped[3:].strip(), []))
            current = sections[-1][1]
        elif line.startswith("### "):
            flush()
            current.append(Block("h3", (stripped[4:].strip(),)))
        elif line.startswith("# "):
            if title or sections:
                raise GuideError(f"baris {number}: judul panduan hanya boleh satu, di awal")
            flush()
            title = stripped[2:].strip()
        elif line.startswith("> "):
            flush()
            current.append(Block("note", (stripped[2:].strip(),)))
        elif line.startswith("- "):
            start_item("ul", stripped[2:].strip())
        elif (m := _NUMBERED.match(line)) is not None:
            if list_kind != "ol" and m.group(1) != "1":
                raise GuideError(f"baris {number}: langkah bernomor harus mulai dari 1")
            start_item("ol", m.group(2).strip())
        elif line.startswith((" ", "\t")) and list_kind is not None:
            items[-1] = f"{items[-1]} {stripped}"  # a list item's continuation
        elif line.startswith("#"):
            raise GuideError(f"baris {number}: judul yang tidak dikenal: {stripped}")
        else:
            if list_kind is not None:
                flush()
            paragraph.append(stripped)
    flush()
    if not title:
        raise GuideError("panduan tanpa judul (baris '# …')")
    guide = Guide(
        title,
        tuple(intro),
        tuple(
            Section(name, f"bagian-{i}", tuple(blocks))
            for i, (name, blocks) in enumerate(sections, 1)
        ),
    )
    for block in (*guide.intro, *(b for s in guide.sections for b in s.blocks)):
        for text in block.items:
            if "**" in _BOLD.sub("", text):
                raise GuideError(f"tanda tebal (**) tidak berpasangan: {text}")
    return guide


def inline_markup(text: str) -> str:
    """A block's text with HTML's special characters escaped and **bold** as <b>…</b>: the
    markup both QTextBrowser and ReportLab's Paragraph understand."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def plain(text: str) -> str:
    """The text without its bold marks (a window title, a search)."""
    return _BOLD.sub(r"\1", text)


def _blocks_html(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if block.kind == "p":
            out.append(f"<p>{inline_markup(block.items[0])}</p>")
        elif block.kind == "h3":
            out.append(f"<h3>{inline_markup(block.items[0])}</h3>")
        elif block.kind == "note":
            out.append(
                '<table class="note" width="100%" cellpadding="8" cellspacing="0"><tr><td>'
                f"<b>Catatan:</b> {inline_markup(block.items[0])}</td></tr></table>"
            )
        else:
            tag = block.kind
            rows = "".join(f"<li>{inline_markup(item)}</li>" for item in block.items)
            out.append(f"<{tag}>{rows}</{tag}>")
    return out


def to_html(guide: Guide) -> str:
    """The whole guide as one HTML page, each section headed by an anchor (``Section.anchor``)."""
    parts = [
        "<html><head><style>",
        "body { font-size: 10.5pt; }",
        "h1 { font-size: 17pt; margin-bottom: 6px; }",
        "h2 { font-size: 13.5pt; margin-top: 20px; margin-bottom: 6px; }",
        "h3 { font-size: 11.5pt; margin-top: 12px; }",
        "li { margin-bottom: 4px; }",
        "table.note { border: 1px solid #8a9bb0; margin-top: 6px; margin-bottom: 6px; }",
        "</style></head><body>",
        f"<h1>{inline_markup(guide.title)}</h1>",
        *_blocks_html(guide.intro),
    ]
    for section in guide.sections:
        parts.append(f'<h2><a name="{section.anchor}"></a>{inline_markup(section.title)}</h2>')
        parts.extend(_blocks_html(section.blocks))
    parts.append("</body></html>")
    return "\n".join(parts)
