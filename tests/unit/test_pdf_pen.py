"""The pen that writes the PDF's text operators itself: whatever a name holds — brackets, a
backslash, letters beyond ASCII, something that looks like a formula — is printed as written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from jkn_desktop.reports.pdf_blocks import BOLD, FONT, register_fonts
from jkn_desktop.reports.pdf_fast import Pen

NAMES = [
    "SITI (ANI) AMINAH",
    "back\\slash ) ( unbalanced",
    "Ñoño – “kutip” Ł",
    '=HYPERLINK("http://contoh","klik")',
]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_every_text_is_printed_as_written(tmp_path: Path):
    register_fonts()
    out = tmp_path / "pen.pdf"
    canvas = Canvas(str(out))
    pen = Pen(canvas)
    for page in range(2):  # the font is set again on a new page
        for i, name in enumerate(NAMES):
            pen.setFont(BOLD if i % 2 else FONT, 11)
            pen.drawString(40, 760 - 30 * i, name)
            pen.drawRightString(560, 760 - 30 * i, f"{page + 1}.{i}")
        pen.showPage()
    canvas.save()
    text = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    for page_text in text.split("\f")[:2]:
        for name in NAMES:
            assert name in page_text
