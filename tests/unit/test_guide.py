"""The user guide (resources/guide/panduan.md): one source for the Panduan window and the printed
PDF, whose headings, contents and page numbers a reader relies on, and whose screen words must be
the program's own (a renamed button makes this test fail, not the guide quietly wrong)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jkn_desktop.cli import main
from jkn_desktop.reports.guide_pdf import write_guide_pdf
from jkn_desktop.reports.guide_text import GuideError, load_guide, parse, to_html

ROOT = Path(__file__).resolve().parents[2]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def test_the_guide_covers_the_daily_tasks_of_a_village_operator():
    guide = load_guide()
    titles = [s.title for s in guide.sections]
    for task in ("penduduk", "PBI", "belum terlindungi", "daftar", "paket", "Cadangan"):
        assert any(task in t for t in titles), task
    assert any("kecamatan" in t.lower() and "menerima" in t.lower() for t in titles)
    assert len({s.anchor for s in guide.sections}) == len(titles)
    # every task is steps the operator can follow, not only prose
    for section in guide.sections[1:]:
        assert any(b.kind == "ol" for b in section.blocks), section.title


def test_the_source_outside_the_subset_is_refused_not_shown_with_stray_marks():
    with pytest.raises(GuideError):
        parse("# Judul\n\n## Bagian\n\nKlik **Simpan lalu tutup.\n")
    with pytest.raises(GuideError):
        parse("# Judul\n\n## Bagian\n\n#### terlalu dalam\n")
    with pytest.raises(GuideError):
        parse("# Judul\n\n## Bagian\n\n# Judul kedua\n")
    with pytest.raises(GuideError):
        parse("# Judul\n\n## Bagian\n\n2. langkah tanpa langkah pertama\n")
    guide = parse(
        "<!-- catatan\npenulis -->\n# Judul\n\n## Satu\n\n1. Klik **Simpan…**.\n   lanjut\n"
    )
    assert guide.sections[0].blocks[0].items == ("Klik **Simpan…**. lanjut",)
    assert "<b>Simpan…</b>" in to_html(guide)
    assert "catatan" not in to_html(guide)


def _screen_words() -> tuple[set[str], list[re.Pattern[str]]]:
    """Every string the ui code can show (f-strings as patterns), the documents' titles and the
    roles' names as a village office reads them."""
    from jkn_desktop.domain.roles import ROLE_WORDS
    from jkn_desktop.domain.wilayah import DESA_WORDS
    from jkn_desktop.services.documents.catalog import documents

    literals: set[str] = {d.title for d in documents(DESA_WORDS).values()}
    literals |= set(ROLE_WORDS.values())
    patterns: list[re.Pattern[str]] = []
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_f = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in inside_f:
                    literals.add(node.value.replace("&&", "&"))
            elif isinstance(node, ast.JoinedStr):
                fixed = [v.value for v in node.values if isinstance(v, ast.Constant)]
                if sum(len(str(f).strip()) for f in fixed) < 5:
                    continue  # f"{name}" would match any word at all
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else r"\S.*?"
                    for v in node.values
                ]
                patterns.append(re.compile("".join(parts)))
    return literals, patterns


def test_every_screen_word_the_guide_quotes_is_on_the_screen():
    literals, patterns = _screen_words()
    labels = load_guide().labels()
    assert len(labels) > 40
    missing = [
        label
        for label in dict.fromkeys(labels)
        if label not in literals and not any(p.fullmatch(label) for p in patterns)
    ]
    assert not missing, f"the guide names words the program does not show: {missing}"


@needs_poppler
def test_the_printed_guide_has_the_same_headings_its_contents_and_page_numbers(tmp_path):
    out = tmp_path / "panduan.pdf"
    total = write_guide_pdf(out)
    pages = _pages(out)
    assert len(pages) == total >= 4
    guide = load_guide()
    assert guide.title in pages[0]
    assert "Halaman" not in pages[0]
    for number, page in enumerate(pages[1:], 2):
        assert f"Halaman {number} dari {total}" in page
    contents = pages[1]
    assert contents.startswith("Daftar isi")
    for section in guide.sections:
        landed = next(i for i, p in enumerate(pages[2:], 3) if section.title in p)
        listed = re.search(re.escape(section.title) + r"[ .]*(\d+)", contents)
        assert listed is not None, section.title
        assert int(listed.group(1)) == landed, section.title


@needs_poppler
def test_the_command_writes_the_pdf_and_shows_the_guide_as_text(tmp_path, capsys):
    assert main(["panduan", "--pdf", str(tmp_path / "panduan")]) == 0
    written = tmp_path / "panduan.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    said = capsys.readouterr().out
    assert "Panduan tersimpan" in said
    assert str(written) in said
    assert "Mengirim paket bulanan ke kecamatan" in " ".join(_pages(written))

    assert main(["panduan"]) == 0
    text = capsys.readouterr().out
    for section in load_guide().sections:
        assert section.title in text
    assert "**" not in text
