"""The command line as a script would use it: JSON shapes, exit codes, Indonesian one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from jkn_desktop.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_path(db_path, capsys):
    assert (
        run(
            capsys,
            "--db",
            str(db_path),
            "init",
            "--kode-wilayah",
            "3313052006",
            "--kepala-desa",
            "Sutrisno",
        )[0]
        == 0
    )
    assert run(capsys, "--db", str(db_path), "demo", "--residents", "300", "--seed", "5")[0] == 0
    return db_path


def test_init_fills_names_from_region_data(db_path, capsys):
    code, out, _ = run(capsys, "--db", str(db_path), "init", "--kode-wilayah", "33.13.05.2006")
    assert code == 0
    assert "Desa Girilayu, Kecamatan Matesih, Kabupaten Karanganyar, Jawa Tengah" in out


def test_init_rejects_a_malformed_or_unknown_code(db_path, capsys):
    code, out, err = run(capsys, "--db", str(db_path), "init", "--kode-wilayah", "35.08")
    assert (code, out) == (2, "")
    assert "PP.KK.SS.DDDD" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--db", str(db_path), "init", "--kode-wilayah", "99.99.99.2999")
    assert code == 2
    assert "tidak ada di data wilayah" in err


def test_unknown_region_is_accepted_when_every_name_is_given(db_path, capsys):
    code, out, _ = run(
        capsys,
        "--db",
        str(db_path),
        "init",
        "--kode-wilayah",
        "33.13.05.2999",
        "--desa",
        "Sukamaju",
        "--kecamatan",
        "Matesih",
        "--kabupaten",
        "Kabupaten Karanganyar",
        "--provinsi",
        "Jawa Tengah",
    )
    assert code == 0
    assert "Sukamaju" in out


def test_residents_json_has_the_documented_fields(demo_path, capsys):
    code, out, _ = run(capsys, "--db", str(demo_path), "residents", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 300
    first = data[0]
    assert {"nik", "no_kk", "name", "sex", "birth_date", "status_dasar"} <= set(first)
    assert first["sex"] in ("L", "P")
    assert len(first["birth_date"]) == 10
    assert first["birth_date"][4] == "-"
    assert {d["status_dasar"] for d in data} <= {"HIDUP", "MATI", "PINDAH", "HILANG", "PERGI"}


def test_residents_search_by_name_and_nik_prefix(demo_path, capsys):
    _, out, _ = run(capsys, "--db", str(demo_path), "residents", "--json")
    someone = json.loads(out)[7]
    _, out, _ = run(
        capsys, "--db", str(demo_path), "residents", "--search", someone["nik"][:14], "--json"
    )
    assert someone["nik"] in [d["nik"] for d in json.loads(out)]
    word = someone["name"].split()[0]
    _, out, _ = run(capsys, "--db", str(demo_path), "residents", "--search", word.lower(), "--json")
    found = json.loads(out)
    assert someone["nik"] in [d["nik"] for d in found]
    assert all(word in d["name"] for d in found)


def test_stats_json_counts_everyone_and_the_living(demo_path, capsys):
    code, out, _ = run(capsys, "--db", str(demo_path), "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    assert stats["residents"] == 300
    assert stats["living"] == stats["by_status_dasar"]["HIDUP"]
    assert sum(stats["by_status_dasar"].values()) == 300
    assert sum(stats["by_sex"].values()) == stats["living"] == sum(stats["by_dusun"].values())
    assert stats["households"] > 0


def test_demo_refuses_a_filled_database_unless_forced(demo_path, capsys):
    code, _, err = run(capsys, "--db", str(demo_path), "demo", "--residents", "50")
    assert code == 2
    assert "--force" in err
    code, _, _ = run(capsys, "--db", str(demo_path), "demo", "--residents", "50", "--force")
    assert code == 0
    assert list((demo_path.parent / "cadangan").glob("*.sqlite3"))  # backed up before replacing


def test_usage_errors_are_one_indonesian_line(capsys):
    for args in (["demo"], ["residents", "--bogus"], ["demo", "--residents", "banyak"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        _, err = capsys.readouterr()
        assert exc.value.code == 2
        assert len(err.strip().splitlines()) == 1
        assert "jkn-desktop --help" in err


def test_not_a_database_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "gambar.sqlite3"
    bad.write_bytes(b"GIF89a" + b"\0" * 64)
    proc = subprocess.run(
        [sys.executable, "-m", "jkn_desktop", "--db", str(bad), "stats", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "bukan basis data JKN Desktop" in proc.stderr


def test_environment_variable_chooses_the_database(db_path, capsys, monkeypatch):
    monkeypatch.setenv("JKN_DESKTOP_DB", str(db_path))
    assert run(capsys, "init", "--kode-wilayah", "33.13.05.2006")[0] == 0
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0
    assert json.loads(out)["residents"] == 0


def test_selftest_passes(capsys):
    code, out, _ = run(capsys, "selftest")
    assert code == 0
    assert "OK" in out


def test_screenshots_renders_every_page(demo_path, tmp_path):
    out = tmp_path / "gambar"
    proc = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--db", str(demo_path), "screenshots", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in out.glob("*.png")}
    pages = {
        "01_beranda.png",
        "02_penduduk.png",
        "03_keluarga.png",
        "04_kepesertaan_jkn.png",
        "05_usulan_pbi.png",
        "06_apbdes.png",
        "07_pelayanan.png",
        "08_laporan.png",
        "09_pengaturan.png",
    }
    dialogs = {
        "04b_kepesertaan_per_kk.png",
        "dialog_kepesertaan.png",
        "cek_loket.png",
        "impor_pbi.png",
        "impor_3_pratinjau.png",
        "dialog_penduduk.png",
        "dialog_penerima_apbdes.png",
        "09d_pengaturan_format_dinsos.png",
        "09e_pengaturan_pelayanan.png",
        "07c_pelayanan_perangkat.png",
        "dialog_perangkat.png",
        "07b_pelayanan_sktm.png",
        "dialog_sktm.png",
    }
    assert pages | dialogs <= names
    assert all(p.stat().st_size > 5000 for p in out.glob("*.png"))


def _sheet(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_import_residents_json_and_exit_codes(db_path, tmp_path, capsys):
    assert run(capsys, "--db", str(db_path), "init", "--kode-wilayah", "33.13.05.2006")[0] == 0
    src = _sheet(
        tmp_path / "warga.xlsx",
        [
            ["DAFTAR WARGA"],
            [],
            ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "KOLOM LAIN"],
            [
                "3313051203800001",
                "3313050306224132",
                "BUDI",
                "L",
                "12-03-1980",
                "Kepala Keluarga",
                "x",
            ],
            ["3313053102800001", "3313050306224132", "SALAH", "L", "", "Anak", ""],
        ],
    )
    code, out, _ = run(
        capsys, "--db", str(db_path), "import-residents", str(src), "--dry-run", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert {
        k: data[k]
        for k in ("sheet", "header_row", "rows", "created", "updated", "unchanged", "rejected")
    } == {
        "sheet": "Sheet",
        "header_row": 3,
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    issue = next(i for i in data["issues"] if i["code"] == "NIK_DATE_INVALID")
    assert (issue["row"], issue["column"], issue["severity"]) == (5, "NIK", "error")
    assert set(issue) == {"row", "column", "code", "severity", "message"}
    assert "KOLOM LAIN" in data["unused_columns"]
    assert json.loads(run(capsys, "--db", str(db_path), "stats", "--json")[1])["residents"] == 0
    report = tmp_path / "perbaiki.xlsx"
    code, out, _ = run(
        capsys, "--db", str(db_path), "import-residents", str(src), "--report", str(report)
    )
    assert code == 0
    assert "1 telah ditambahkan" in out
    assert report.exists()


def test_import_of_an_unreadable_file_exits_2_and_writes_nothing(db_path, tmp_path):
    bad = tmp_path / "foto.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jkn_desktop",
            "--db",
            str(db_path),
            "import-residents",
            str(bad),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "foto.xlsx" in proc.stderr


def test_export_residents_writes_text_identifiers(demo_path, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "penduduk.xlsx"
    code, text, _ = run(capsys, "--db", str(demo_path), "export-residents", "-o", str(out))
    assert code == 0
    assert "300 penduduk" in text
    ws = load_workbook(out).active
    assert ws.max_row == 301
    assert all(ws.cell(r, 1).data_type == "s" for r in range(2, 20))


def test_jkn_commands_json_shapes(demo_path, tmp_path, capsys):
    from openpyxl import load_workbook

    from jkn_desktop.demo.files import write_demo_pbi_list
    from jkn_desktop.services.database import open_database

    db = open_database(demo_path)
    expected = write_demo_pbi_list(db, tmp_path / "pbi.xlsx", removed=2, outsiders=1, mistyped=1)
    db.close()
    period = f"{__import__('datetime').date.today():%Y-%m}"
    code, out, _ = run(
        capsys,
        "--db",
        str(demo_path),
        "import-pbi",
        str(tmp_path / "pbi.xlsx"),
        "--period",
        period,
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert (data["rows"], data["matched_nik"], data["not_found"], data["dropped"]) == (
        expected.rows,
        expected.matched_nik,
        expected.not_found,
        expected.dropped,
    )
    assert {"rows", "matched_nik", "matched_name", "not_found", "dropped", "issues"} <= set(data)
    assert all(set(i) == {"row", "column", "code", "severity", "message"} for i in data["issues"])

    code, out, _ = run(capsys, "--db", str(demo_path), "coverage", "--json")
    cov = json.loads(out)
    keys = {
        "population",
        "registered",
        "active",
        "coverage_pct",
        "active_pct",
        "households",
        "households_fully_uninsured",
        "households_partly_uninsured",
        "by_dusun",
    }
    assert keys <= set(cov)
    assert sum(d["population"] for d in cov["by_dusun"]) == cov["population"]
    assert cov["coverage_pct"] == round(100 * cov["registered"] / cov["population"], 2)
    stats = json.loads(run(capsys, "--db", str(demo_path), "stats", "--json")[1])
    assert cov["population"] == stats["living"]

    out_xlsx = tmp_path / "belum.xlsx"
    code, text, _ = run(capsys, "--db", str(demo_path), "uninsured", "-o", str(out_xlsx))
    assert code == 0
    ws = load_workbook(out_xlsx).active
    uninsured = cov["population"] - cov["active"]
    assert ws.max_row - 1 == uninsured
    assert f"{uninsured} penduduk" in text
    assert ws.cell(2, 1).data_type == "s"
    hh = tmp_path / "kk.xlsx"
    assert run(capsys, "--db", str(demo_path), "uninsured", "--households", "-o", str(hh))[0] == 0
    assert load_workbook(hh).active.max_row - 1 == (
        cov["households_fully_uninsured"] + cov["households_partly_uninsured"]
    )

    nik = load_workbook(out_xlsx).active.cell(2, 1).value
    code, out, _ = run(capsys, "--db", str(demo_path), "check", nik, "--json")
    found = json.loads(out)["results"]
    assert found[0]["nik"] == nik
    assert found[0]["active"] is False
    assert {"segment", "status", "card_no", "as_of", "source", "household"} <= set(found[0])
