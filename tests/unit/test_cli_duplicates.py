"""The command line for people counted twice: the list (text and JSON), verdicts, the return file,
and at the village its import, list and done mark; bad input is one Indonesian line, exit 2."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from jkn_desktop.cli import main
from tests.kec_rows import V1, package, person

GIRILAYU = "33.13.05.2006"


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def kec_path(template_db: Path, tmp_path: Path, capsys: Any) -> Path:
    from jkn_desktop.services.database import open_database

    path = tmp_path / "kecamatan.sqlite3"
    shutil.copyfile(template_db, path)
    assert run(capsys, "--db", str(path), "kecamatan", "init", "--kode-wilayah", "33.13.05")[0] == 0
    db = open_database(path)
    package(
        db,
        GIRILAYU,
        "2026-10",
        [person("3313050101800001", "Budi Santoso", status_date=dt.date(2019, 5, 1))],
        returned_note="Desil belum diperbarui.",
    )
    package(
        db,
        V1,
        "2026-10",
        [person("3313050101800001", "BUDI SANTOSO", status_date=dt.date(2026, 8, 3))],
    )
    db.close()
    return path


def test_list_verdict_return_file_and_import_at_the_village(
    kec_path: Path, db_path: Path, tmp_path: Path, capsys: Any
) -> None:
    k = ("--db", str(kec_path), "kecamatan")
    code, out, _ = run(capsys, *k, "duplicates", "--period", "2026-10", "--json")
    assert code == 0
    data = json.loads(out)
    (c,) = data["candidates"]
    assert (c["kind"], c["nik"], c["villages"], c["score"], c["verdict"]) == (
        "nik_sama",
        "3313050101800001",
        [V1, GIRILAYU],
        100,
        None,
    )
    assert (c["newer"], c["newer_basis"]) == (V1, "tanggal_status")
    code, out, _ = run(capsys, *k, "duplicates", "--period", "2026-10")
    assert "NIK sama di dua desa — skor 100" in out
    assert "Lebih baru: Desa" in out
    assert "Putusan: belum dinilai" in out
    code, out, _ = run(
        capsys,
        *k,
        "verdict",
        "--period",
        "2026-10",
        "--kind",
        "nik_sama",
        "--key",
        c["pair_key"],
        "--sama",
        "3313052006",
        "--note",
        "Sudah pindah; catat PINDAH",
    )
    assert code == 0
    assert "Orang yang sama; Desa Girilayu (33.13.05.2006) memperbaiki datanya" in out
    code, out, _ = run(capsys, *k, "duplicates", "--period", "2026-10", "--json")
    assert json.loads(out)["candidates"][0]["verdict"]["correcting_village"] == GIRILAYU
    koreksi = tmp_path / "koreksi.xlsx"
    code, out, _ = run(
        capsys, *k, "return-file", "--period", "2026-10", "--desa", GIRILAYU, "-o", str(koreksi)
    )
    assert code == 0
    assert "2 baris" in out

    d = ("--db", str(db_path))
    assert run(capsys, *d, "init", "--kode-wilayah", GIRILAYU)[0] == 0
    code, out, _ = run(capsys, *d, "import-corrections", str(koreksi))
    assert (code, out.strip()) == (
        0,
        "Berkas koreksi 2026-10 dari kecamatan: 2 koreksi baru disimpan.",
    )
    code, out, _ = run(capsys, *d, "import-corrections", str(koreksi))
    assert "tidak ada koreksi baru" in out
    code, out, _ = run(capsys, *d, "corrections", "--json")
    rows = json.loads(out)
    assert [r["kind"] for r in rows] == ["nik_sama", "paket_dikembalikan"]
    code, out, _ = run(capsys, *d, "correction-done", str(rows[0]["id"]))
    assert code == 0
    code, out, _ = run(capsys, *d, "corrections", "--terbuka")
    assert "Paket dikembalikan kecamatan: paket 2026-10 — terbuka" in out
    assert "Budi" not in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("duplicates", "--period", "Oktober"), "Bulan 'Oktober' tidak dikenali"),
        (
            ("verdict", "--period", "2026-10", "--kind", "nik_sama", "--key", "x", "--bukan"),
            "Kunci pasangan 'x' tidak dikenal",
        ),
        (
            ("return-file", "--period", "2026-10", "--desa", "33.13.05.2999", "-o", "k.xlsx"),
            "Desa 33.13.05.2999 tidak ada dalam daftar desa",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    kec_path: Path, capsys: Any, args: tuple[str, ...], words: str
) -> None:
    code, _, err = run(capsys, "--db", str(kec_path), "kecamatan", *args)
    assert code == 2
    assert err.startswith("jkn-desktop: ")
    assert words in err
    assert err.count("\n") == 1
