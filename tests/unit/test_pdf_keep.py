"""A printed list never leaves a person's row at the bottom of a page with their family on the
next (``Row.keep``), unless the group is longer than a page."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, render

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")


def _doc(filler: int, keep: int, family: int = 6) -> Document:
    cols = [Column("Nama", 20), Column("Keterangan", 20)]
    rows = [Row([f"BARIS {i}", "isian"]) for i in range(filler)]
    rows.append(Row(["PEJABAT UTAMA", "kepala"], bold=True, keep=keep))
    rows += [Row([f"KELUARGA {i}", "anak"]) for i in range(family)]
    return Document(None, [Text("Daftar uji", 11, True), Table(cols, rows)], landscape=False)


def test_a_kept_group_moves_whole_to_the_next_page(tmp_path):
    # find a filler length that leaves the head on page 1 and its family on page 2 without keep
    for filler in range(30, 80):
        loose = tmp_path / "loose.pdf"
        render(_doc(filler, keep=0), loose)
        pages = _pages(loose)
        if "PEJABAT UTAMA" in pages[0] and "KELUARGA 5" in pages[1]:
            break
    else:
        pytest.fail("no page break fell inside the group")
    kept = tmp_path / "kept.pdf"
    render(_doc(filler, keep=6), kept)
    pages = _pages(kept)
    assert "PEJABAT UTAMA" not in pages[0]
    assert "PEJABAT UTAMA" in pages[1]
    assert all(f"KELUARGA {i}" in pages[1] for i in range(6))


def test_a_group_longer_than_a_page_is_not_moved(tmp_path):
    """Keeping could never succeed: the rows simply flow, as without keep."""
    out = tmp_path / "long.pdf"
    render(_doc(3, keep=200, family=200), out)
    pages = _pages(out)
    assert "PEJABAT UTAMA" in pages[0]
    assert len(pages) >= 3
