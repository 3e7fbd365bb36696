"""An empty month or an empty choice prints a sentence in the table's place, never a header over
nothing: every PDF of the Laporan page, and the SKTM register and officials' list, saved for a
village with no residents and read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from jkn_desktop.records.documents import DocRequest
from jkn_desktop.reports.pdf_blocks import NO_DATA
from jkn_desktop.services.documents import catalog

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.mark.parametrize(
    ("key", "sentence", "header"),
    [
        ("pbi", NO_DATA, "Nama"),
        ("belum", NO_DATA, "Nama"),
        ("usulan", NO_DATA, "Nama"),
        ("semua", NO_DATA, "Nama"),
        ("apbdes", "belum ada baris anggaran iuran JKN pada tahun ini.", "Realisasi"),
        ("perangkat", "belum ada pejabat yang dicatat.", "Jabatan"),
    ],
)
def test_an_empty_document_says_so(village_db, tmp_path, key, sentence, header):
    today = dt.date.today()
    period = f"{today:%Y}" if key == "apbdes" else f"{today:%Y-%m}"
    out = tmp_path / f"{key}.pdf"
    village_db.run(catalog.save, DocRequest(key, period), out)
    text = text_of(out)
    assert sentence in text
    assert "Tidak ada data" in text
    # the sentence stands in the table's place: no column header is printed over nothing
    before = text.split("Tidak ada data")[0]
    assert header not in before[-120:]


def test_no_printout_shows_a_field_key_or_a_raw_code(demo_db, tmp_path):
    """Every PDF of the Laporan page on the demo village, read back as text."""
    from tests.wording import internal_words

    today = dt.date.today()
    found: dict[str, list[str]] = {}
    for key in ("bulanan", "pbi", "belum", "usulan", "semua", "apbdes", "perangkat"):
        period = f"{today:%Y}" if key == "apbdes" else f"{today:%Y-%m}"
        out = tmp_path / f"{key}.pdf"
        demo_db.run(catalog.save, DocRequest(key, period), out)
        words = internal_words(text_of(out))
        if words:
            found[key] = sorted(set(words))
    assert found == {}
