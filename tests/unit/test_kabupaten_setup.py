"""Setting up a kabupaten's database and what it refuses, on both engines: every village of the
kabupaten expected, grouped by kecamatan; a village's or a kecamatan's database is not turned into
a kabupaten's (nor the other way round); a kecamatan's batch names what it could not include; a
batch of another kabupaten, or a file that is no batch, is refused with nothing stored."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from jkn_desktop.cli import main
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_package_file_t, kec_package_t, region_t
from jkn_desktop.services.kabupaten.batch import receive_batch
from jkn_desktop.services.kabupaten.identity import (
    init_kabupaten,
    kecamatan_names,
    require_kabupaten,
    villages_by_kecamatan,
)
from jkn_desktop.services.kecamatan.batch import receive_files
from jkn_desktop.services.kecamatan.forward import forward_month
from jkn_desktop.services.kecamatan.identity import database_kind, init_kecamatan, villages
from tests.engines import outside
from tests.kabupaten_helpers import MATESIH, VILLAGES, address, at, export, new_village


def _count(db: Any, table: Any) -> int:
    with db.work("t", write=False) as w:
        return int(w.conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_kabupaten_expects_every_village_by_kecamatan(new_db: Callable[..., Any]) -> None:
    kab = new_db("kabupaten")
    info = kab.run(init_kabupaten, "3313", kepala="Dra. Sri Wahyuni", kepala_nip="1970")
    assert (info.kode_wilayah, info.label, info.provinsi) == (
        "33.13",
        "Kabupaten Karanganyar",
        "Jawa Tengah",
    )
    assert kab.run(database_kind, write=False) == "kabupaten"
    with kab.work("t", write=False) as w:
        in_region = w.conn.execute(
            select(func.count())
            .select_from(region_t)
            .where(region_t.c.code.like("33.13.%"), region_t.c.level == 4)
        ).scalar_one()
    listed = kab.run(villages, write=False)
    assert len(listed) == in_region > 150
    names = kab.run(kecamatan_names, write=False)
    assert len(names) == 17
    assert names[MATESIH] == "Matesih"
    groups = kab.run(villages_by_kecamatan, write=False)
    assert len(groups[MATESIH]) == 9
    assert sum(len(vs) for vs in groups.values()) == len(listed)
    # set up again: the names refreshed, no village twice
    kab.run(init_kabupaten, "33.13")
    assert len(kab.run(villages, write=False)) == len(listed)
    # a kecamatan's set-up on the kabupaten's database, and a kabupaten's elsewhere, are refused
    with pytest.raises(UserError) as e:
        kab.run(init_kecamatan, MATESIH)
    assert e.value.code == "KEC_SUDAH_ADA"
    assert "Kabupaten Karanganyar" in e.value.message
    with pytest.raises(UserError) as e:
        kab.run(init_kabupaten, "33.08")
    assert e.value.code == "KAB_SUDAH_ADA"
    kec = new_db("kecamatan")
    kec.run(init_kecamatan, MATESIH)
    for code, kode in (("KAB_SUDAH_ADA", "33.13"), ("KAB_KODE", "33.13.05")):
        with pytest.raises(UserError) as e:
            kec.run(init_kabupaten, kode)
        assert e.value.code == code
    with pytest.raises(UserError) as e:
        kec.run(require_kabupaten, write=False)
    assert e.value.code == "KAB_BUKAN_KABUPATEN"
    village = new_village(new_db, VILLAGES[MATESIH][0], seed=1, residents=20)
    with pytest.raises(UserError) as e:
        village.run(init_kabupaten, "33.13")
    assert e.value.code == "KAB_SUDAH_ADA"


def test_batches_the_kabupaten_refuses(new_db: Callable[..., Any], tmp_path: Path) -> None:
    files = []
    for i, kode in enumerate(VILLAGES[MATESIH][:2]):
        db = new_village(new_db, kode, seed=20 + i, residents=40)
        files.append(export(db, "2026-10", tmp_path / "okt" / f"{kode}.xlsx", at=at(4)))
    kec = new_db("kecamatan")
    kec.run(init_kecamatan, MATESIH)
    assert not receive_files(kec, files, user="staf", register_new_keys=True).refused
    assert _count(kec, kec_package_file_t) == 2
    # a package taken in before the files were kept (before migration 0015): its village has
    # to send it itself. Made here from outside, as psql would (on a server the villages' rows
    # refuse a delete, so the guard is switched off for that session)
    with kec.work("t", write=False) as w:
        pid = w.conn.execute(
            select(kec_package_t.c.id).where(kec_package_t.c.kode_wilayah == VILLAGES[MATESIH][1])
        ).scalar_one()
    gone = f"DELETE FROM kec_package_file WHERE package_id = {int(pid)}"
    outside(kec, *(["SET session_replication_role = replica"] if kec.on_server else []), gone)
    sent = kec.run(forward_month, "2026-10", tmp_path / "okt.zip", user="staf", write=False)
    assert sent.files == [f"paket_{VILLAGES[MATESIH][0].replace('.', '')}_2026-10.xlsx"]
    assert sent.not_kept == ["Desa Dawung"]
    with zipfile.ZipFile(tmp_path / "okt.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
        assert z.read(sent.files[0]) == files[0].read_bytes()  # the village's bytes, unchanged
    assert manifest["tidak_disertakan"] == [
        {"kode_wilayah": VILLAGES[MATESIH][1], "desa": "Desa Dawung"}
    ]
    with pytest.raises(UserError) as e:
        kec.run(forward_month, "2026-09", tmp_path / "sep.zip", user="staf", write=False)
    assert e.value.code == "KEC_BELUM_ADA_PAKET"
    kec.run(forward_month, "2026-10", tmp_path / "folder", user="staf", write=False)
    with pytest.raises(UserError) as e:
        kec.run(forward_month, "2026-10", tmp_path / "folder", user="staf", write=False)
    assert e.value.code == "KIRIMAN_FOLDER_TERISI"

    other = new_db("magelang")
    other.run(init_kabupaten, "33.08")
    with pytest.raises(UserError) as e:
        receive_batch(other, tmp_path / "okt.zip", user="staf", register_new_keys=True)
    assert e.value.code == "KIRIMAN_KABUPATEN_LAIN"
    assert "bukan untuk Kabupaten Magelang" in e.value.message
    with pytest.raises(UserError) as e:
        other.run(forward_month, "2026-10", tmp_path / "x.zip", user="staf", write=False)
    assert e.value.code == "KEC_TERUSKAN_KABUPATEN"
    with zipfile.ZipFile(tmp_path / "bukan.zip", "w") as z:
        z.write(files[0], files[0].name)
    kab = new_db("kabupaten")
    kab.run(init_kabupaten, "33.13")
    with pytest.raises(UserError) as e:
        receive_batch(kab, tmp_path / "bukan.zip", user="staf")
    assert e.value.code == "KIRIMAN_BUKAN"
    assert _count(kab, kec_package_t) == 0
    assert _count(other, kec_package_t) == 0
    # the kabupaten's ordinary receiving takes a batch in too (the window's Penerimaan Paket)
    report = receive_files(kab, [tmp_path / "okt.zip"], user="staf", register_new_keys=True)
    assert [r.kode_wilayah for r in report.received] == [VILLAGES[MATESIH][0]]
    assert not report.refused
    # a listed file missing from the folder is refused; the other is taken in
    (tmp_path / "folder" / sent.files[0]).rename(tmp_path / "elsewhere.xlsx")
    batch = receive_batch(kab, tmp_path / "folder", user="staf", register_new_keys=True)
    assert [r.code for r in batch.report.refused] == ["KIRIMAN_BERKAS_HILANG"]
    assert batch.report.received == []


def test_the_command_line(
    new_db: Callable[..., Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_village(new_db, VILLAGES[MATESIH][0], seed=30, residents=40)
    package = export(db, "2026-10", tmp_path / "okt" / "a.xlsx", at=at(4))
    kec = new_db("kecamatan")
    kec.run(init_kecamatan, MATESIH)
    receive_files(kec, [package], user="staf", register_new_keys=True)
    kab = new_db("kabupaten")
    kab_db, kec_db = address(kab), address(kec)
    assert main(["--db", kab_db, "kabupaten", "init", "--kode-wilayah", "3313"]) == 0
    out = capsys.readouterr().out
    assert "Kabupaten Karanganyar, Jawa Tengah (33.13)" in out
    assert "17 kecamatan" in out
    zip_path = str(tmp_path / "kiriman.zip")
    assert (
        main(["--db", kec_db, "kecamatan", "forward", "--period", "2026-10", "-o", zip_path]) == 0
    )
    assert "1 paket desa" in capsys.readouterr().out
    args = ["--db", kab_db, "kabupaten", "receive", zip_path]
    assert main([*args, "--daftarkan-kunci"]) == 0
    out = capsys.readouterr().out
    assert "Kiriman Kecamatan Matesih (33.13.05), bulan 2026-10" in out
    assert "1 paket diterima, 0 ditolak." in out
    assert main(args) == 0
    assert "0 paket diterima, 1 sudah diterima sebelumnya, 0 ditolak." in capsys.readouterr().out
    assert main(["--db", kab_db, "kabupaten", "summary", "--period", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "1 dari " in out
    assert "Kecamatan Matesih (1/9 desa)" in out
    assert main(["--db", kec_db, "kabupaten", "summary", "--period", "2026-10"]) == 2
    assert "bukan basis data kabupaten" in capsys.readouterr().err
    assert main(["--db", kab_db, "kabupaten", "matrix", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "Kecamatan Matesih (33.13.05)" in out
    assert "2026-10: 1 dari 9 desa mengirim" in out
    book = tmp_path / "dinsos.xlsx"
    cmd = ["--db", kab_db, "kabupaten", "export-dinsos", "--period", "2026-10", "-o", str(book)]
    assert main([*cmd, "--program", "pbpu_pemda"]) == 0
    assert "usulan dari 1 desa/kelurahan" in capsys.readouterr().out
    assert "PBPU Pemda - Penambahan" in openpyxl.load_workbook(book).sheetnames
    verval = tmp_path / "verval.xlsx"
    cmd = ["--db", kab_db, "kabupaten", "verval", "--year", "2026", "--quarter", "4"]
    assert main([*cmd, "-o", str(verval)]) == 0
    assert "peserta dari 1 desa/kelurahan" in capsys.readouterr().out
    assert main([*cmd[:-1], "5", "-o", str(verval)]) == 2
    assert "Triwulan '5'" in capsys.readouterr().err
    # the kecamatan's own documents are refused on the kabupaten's database
    pdf = str(tmp_path / "rekap.pdf")
    assert main(["--db", kab_db, "kecamatan", "recap", "--period", "2026-10", "-o", pdf]) == 2
    assert "dibuat oleh kecamatan" in capsys.readouterr().err
