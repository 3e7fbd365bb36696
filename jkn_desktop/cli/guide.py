"""Command line: the user guide, as text on the screen or as the printable PDF."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, out


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "panduan",
        parents=[common],
        help="panduan pemakaian: tampilkan di layar, atau simpan sebagai PDF untuk dicetak",
    )
    s.add_argument("--pdf", type=Path, metavar="BERKAS", help="simpan panduan sebagai PDF (A4)")


def cmd_guide(args: argparse.Namespace) -> int:
    from jkn_desktop.reports.guide_text import load_guide

    guide = load_guide()
    if args.pdf is not None:
        from jkn_desktop.reports.guide_pdf import write_guide_pdf

        target = args.pdf if args.pdf.suffix.lower() == ".pdf" else args.pdf.with_suffix(".pdf")
        pages = write_guide_pdf(target)
        out(f"Panduan tersimpan ({pages} halaman): {target}")
        return EXIT_OK
    out(as_text(guide))
    return EXIT_OK


def as_text(guide: Any) -> str:
    """The guide for a terminal: headings underlined, steps numbered, lines of 78 characters."""
    from jkn_desktop.reports.guide_text import plain

    lines = [guide.title, "=" * len(guide.title), ""]

    def blocks(items: Any) -> None:
        for block in items:
            if block.kind == "ol":
                for i, text in enumerate(block.items, 1):
                    lines.append(
                        textwrap.fill(
                            plain(text), 78, initial_indent=f"{i:>2}. ", subsequent_indent="    "
                        )
                    )
            elif block.kind == "ul":
                for text in block.items:
                    lines.append(
                        textwrap.fill(
                            plain(text), 78, initial_indent="  - ", subsequent_indent="    "
                        )
                    )
            elif block.kind == "note":
                lines.append(
                    textwrap.fill(
                        "Catatan: " + plain(block.items[0]),
                        78,
                        initial_indent="  ",
                        subsequent_indent="  ",
                    )
                )
            else:
                lines.append(textwrap.fill(plain(block.items[0]), 78))
            lines.append("")

    blocks(guide.intro)
    for section in guide.sections:
        lines.extend([section.title, "-" * len(section.title), ""])
        blocks(section.blocks)
    return "\n".join(lines).rstrip()


COMMANDS = {"panduan": cmd_guide}
