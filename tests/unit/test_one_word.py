"""One word for one idea, and the command line's plain words: "belum terlindungi" is the word for a
resident not covered by JKN (decision 43), and an import's row problems read as sentences, their
codes only in ``--json``."""

from __future__ import annotations

import re
from pathlib import Path

from jkn_desktop.cli.common import print_issues
from jkn_desktop.domain import audit_words as W
from jkn_desktop.records.imports import RowIssue

ROOT = Path(__file__).resolve().parents[2]
RETIRED = re.compile(r"tertanggung", re.IGNORECASE)


def test_the_retired_word_is_gone_from_the_program():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder, pattern in (
            ("jkn_desktop", "*.py"),
            ("ui", "*.py"),
            ("resources/guide", "*.md"),
        )
        for path in sorted((ROOT / folder).rglob(pattern))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RETIRED.search(line)
    ]
    assert found == []


def test_row_issues_are_printed_without_codes(capsys):
    print_issues(
        [
            RowIssue(3, "TGL LAHIR", "NIK_DATE_INVALID", "error", "Tanggal di NIK tidak ada."),
            RowIssue(4, "NAMA", "NAME_SUSPICIOUS", "warning", "Nama berisi angka."),
        ]
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "  Baris 3, kolom TGL LAHIR: Kesalahan, baris ini tidak diambil. Tanggal di NIK tidak ada.",
        "  Baris 4, kolom NAMA: Peringatan, baris ini tetap diambil. Nama berisi angka.",
    ]


def test_a_membership_entry_of_an_older_version_reads_as_words():
    assert (
        W.readable("kepesertaan JKN", "pbi_apbn/nonaktif per 2026-10-12 (dinsos: SK 12)")
        == "PBI APBN, nonaktif per 12 Oktober 2026 (daftar PBI Dinas Sosial: SK 12)"
    )
    assert W.readable("jkn", "pbpu_mandiri") == "PBPU mandiri"
    assert W.field_label("jkn") == "Segmen JKN"


def test_a_refused_command_says_why_in_one_plain_line(tmp_path, capsys):
    """No code on the screen: the sentence alone (a script reads the exit code; the JSON of a
    command that succeeded carries the row issues' codes)."""
    from jkn_desktop.cli import main

    db = str(tmp_path / "desa.sqlite3")
    assert main(["--db", db, "usulan", "list", "--period", "2026-13", "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "jkn-desktop: Bulan '2026-13' tidak dikenali: tulis TTTT-BB, misalnya 2026-03.\n"
