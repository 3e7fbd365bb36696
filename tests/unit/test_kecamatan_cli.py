"""The kecamatan's command line as its staff and their scripts use it: init, receiving a folder
with a bad package in it (JSON shape, exit codes), the list of packages, returning one, the
matrix; a village command on the kecamatan file, and the kecamatan's on a village file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from jkn_desktop.cli import main
from tests.kecamatan_helpers import VILLAGES, at, export, make_village


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def drop(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A flash drive: two villages' October packages and one altered copy."""
    root = tmp_path_factory.mktemp("cli")
    folder = root / "flashdisk"
    for i, kode in enumerate(VILLAGES[:2]):
        db = make_village(template_db, root / "desa", kode, seed=40 + i, residents=120)
        export(db, "2026-10", folder / f"paket_{i}.xlsx", at=at(6))
        db.close()
    book = openpyxl.load_workbook(folder / "paket_0.xlsx")
    book["Keluarga"]["B2"] = "JL. DIUBAH"
    book.save(folder / "paket_0_edit.xlsx")
    return folder


def test_a_month_from_the_command_line(
    drop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kec = str(tmp_path / "kecamatan.sqlite3")
    code, out, _ = run(capsys, "--db", kec, "kecamatan", "init", "--kode-wilayah", "331305")
    assert code == 0
    assert "Kecamatan Matesih" in out
    # the altered copy claims the original's hash: it is read, found altered, and refused; the
    # original and the other village go in
    # the packages are signed (format 3): the staff compared the fingerprints and registers them
    code, out, _ = run(
        capsys, "--db", kec, "kecamatan", "receive", str(drop), "--daftarkan-kunci", "--json"
    )
    assert code == 1
    doc = json.loads(out)
    assert sorted(r["kode_wilayah"] for r in doc["received"]) == sorted(VILLAGES[:2])
    assert [(r["file"], r["code"]) for r in doc["refused"]] == [
        ("paket_0_edit.xlsx", "PAKET_DIUBAH")
    ]
    assert "Keluarga" in doc["refused"][0]["message"]
    code, out, _ = run(capsys, "--db", kec, "kecamatan", "receive", str(drop / "paket_0_edit.xlsx"))
    assert code == 1
    assert "DITOLAK Paket paket_0_edit.xlsx" in out
    code, out, _ = run(capsys, "--db", kec, "kecamatan", "receive", str(drop / "paket_0.xlsx"))
    assert (code, out.splitlines()[-1]) == (
        0,
        "0 paket diterima, 1 sudah diterima sebelumnya, 0 ditolak.",
    )
    # the list, a return with a note, the matrix
    code, out, _ = run(capsys, "--db", kec, "kecamatan", "packages", "--json")
    listed = json.loads(out)
    assert sorted(p["kode_wilayah"] for p in listed) == sorted(VILLAGES[:2])
    assert {p["state"] for p in listed} == {"current"}
    first = next(p["id"] for p in listed if p["kode_wilayah"] == VILLAGES[0])
    code, _, _ = run(
        capsys, "--db", kec, "kecamatan", "return", str(first), "--catatan", "RT kosong di 12 KK"
    )
    assert code == 0
    code, out, _ = run(capsys, "--db", kec, "kecamatan", "matrix", "--year", "2026", "--json")
    m = json.loads(out)
    october = {v["kode_wilayah"]: v["months"]["2026-10"]["state"] for v in m["villages"]}
    assert october[VILLAGES[0]] == "dikembalikan"
    assert october[VILLAGES[1]] in ("tepat_waktu", "terlambat")
    assert m["months"][9]["received"] == 2
    assert m["months"][9]["expected"] == 9
    code, out, _ = run(capsys, "--db", kec, "kecamatan", "matrix", "--year", "2026")
    assert "2026-10: 2 dari 9 desa mengirim (22.2%)" in out
    assert "dikembalikan" in out


def test_kinds_of_file_are_not_mixed(
    drop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kec = str(tmp_path / "kecamatan.sqlite3")
    assert run(capsys, "--db", kec, "kecamatan", "init", "--kode-wilayah", "33.13.05")[0] == 0
    code, out, err = run(
        capsys, "--db", kec, "export-package", "--period", "2026-10", "-o", str(tmp_path / "x.xlsx")
    )
    assert (code, out) == (2, "")
    assert "basis data kecamatan" in err
    village = str(tmp_path / "desa.sqlite3")
    assert run(capsys, "--db", village, "init", "--kode-wilayah", "33.13.05.2006")[0] == 0
    code, _, err = run(capsys, "--db", village, "kecamatan", "receive", str(drop))
    assert code == 2
    assert "bukan basis data kecamatan" in err
    code, _, err = run(capsys, "--db", village, "kecamatan", "init", "--kode-wilayah", "33.13.05")
    assert code == 2
    assert "sudah berisi data desa" in err
    code, _, err = run(capsys, "--db", kec, "kecamatan", "receive", str(tmp_path / "tidak_ada"))
    assert code == 1
    code, _, err = run(capsys, "--db", kec, "kecamatan", "init", "--kode-wilayah", "33.13")
    assert code == 2
    assert "PP.KK.SS" in err


def test_a_copy_in_a_whatsapp_folder_is_one_package(
    drop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kec = str(tmp_path / "kecamatan.sqlite3")
    assert run(capsys, "--db", kec, "kecamatan", "init", "--kode-wilayah", "33.13.05")[0] == 0
    wa = tmp_path / "WhatsApp Documents"
    wa.mkdir()
    shutil.copyfile(drop / "paket_1.xlsx", wa / "paket_1.xlsx")
    shutil.copyfile(drop / "paket_1.xlsx", wa / "paket_1 (1).xlsx")
    (wa / "~$paket_1.xlsx").write_bytes(b"lock")
    code, out, _ = run(
        capsys, "--db", kec, "kecamatan", "receive", str(wa), "--daftarkan-kunci", "--json"
    )
    doc = json.loads(out)
    assert code == 0
    assert [r["already_received"] for r in doc["received"]] == [False, True]
    assert doc["refused"] == []
