"""Koreksi dari kecamatan at the village, as a secretary uses it from the Beranda: the return file
read through the file dialog, the list with the person, the other village and the kecamatan's
note, one marked done, the button's count; a file for another village refused on the dialog's
error line; the dialog at 1366×768 and 1024×600."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from jkn_desktop.domain import duplicates as D
from tests.kec_rows import V1, make_kecamatan, package, person
from tests.ui.conftest import settle

GIRILAYU = "33.13.05.2006"


@pytest.fixture
def return_files(template_db: Path, tmp_path: Path) -> dict[str, Path]:
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.duplicates import find_duplicates
    from jkn_desktop.services.kecamatan.return_file import export_return_file
    from jkn_desktop.services.kecamatan.verdicts import set_verdict

    path = tmp_path / "kecamatan.sqlite3"
    shutil.copyfile(template_db, path)
    kec = open_database(path)
    make_kecamatan(kec)
    package(
        kec,
        GIRILAYU,
        "2026-10",
        [person("3313050101800001", "Budi Santoso", status_date=dt.date(2019, 5, 1))],
        returned_note="Desil belum diperbarui; kirim ulang paket.",
    )
    package(
        kec,
        V1,
        "2026-10",
        [person("3313050101800001", "BUDI SANTOSO", status_date=dt.date(2026, 8, 3))],
    )
    (c,) = kec.run(find_duplicates, "2026-10", write=False).candidates
    kec.run(set_verdict, D.NIK_SAMA, c.pair_key, D.SAMA, GIRILAYU, "Catat PINDAH", user="staf")
    mine, other = tmp_path / "koreksi-girilayu.xlsx", tmp_path / "koreksi-ngadiluwih.xlsx"
    kec.run(export_return_file, "2026-10", GIRILAYU, mine, user="staf")
    kec.run(export_return_file, "2026-10", V1, other, user="staf")
    kec.close()
    return {"mine": mine, "other": other}


def test_read_the_return_file_list_and_mark_done(
    qtbot, window, monkeypatch, return_files, tmp_path
) -> None:
    from ui.dialogs import corrections_dialog as C

    page = window.show_page("Beranda")
    settle(qtbot, window)
    assert page.corrections_btn.text() == "Koreksi dari kecamatan"
    seen: dict[str, object] = {}

    def use(dialog: C.CorrectionsDialog) -> int:
        settle(qtbot, window)
        assert dialog.table.rowCount() == 0
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *a, **k: (str(return_files["other"]), "")
        )
        dialog.read_btn.click()
        settle(qtbot, window)
        seen["refused"] = dialog.error.text()
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *a, **k: (str(return_files["mine"]), "")
        )
        dialog.read_btn.click()
        settle(qtbot, window)
        seen["read"] = dialog.notice.text()
        seen["rows"] = [
            [dialog.table.item(i, j).text() for j in range(dialog.table.columnCount())]
            for i in range(dialog.table.rowCount())
        ]
        for size, name in (((1366, 768), "1366"), ((1024, 600), "1024")):
            dialog.resize(*size)
            qtbot.wait(10)
            dialog.grab().save(str(tmp_path / f"koreksi-{name}.png"))
        window.grab().save(str(tmp_path / "beranda.png"))
        dialog.table.selectRow(0)
        assert dialog.done_btn.isEnabled()
        dialog.done_btn.click()
        settle(qtbot, window)
        seen["after"] = dialog.table.rowCount()
        seen["summary"] = dialog.summary.text()
        dialog.show_done.setChecked(True)
        settle(qtbot, window)
        seen["all"] = dialog.table.rowCount()
        return 1

    monkeypatch.setattr(C.CorrectionsDialog, "exec", use)
    page.corrections_btn.click()
    settle(qtbot, window)
    assert "bukan desa ini (33.13.05.2006)" in str(seen["refused"])
    assert seen["read"] == "Berkas koreksi-girilayu.xlsx: 2 koreksi baru disimpan."
    rows = seen["rows"]
    assert isinstance(rows, list)
    assert rows[0][:2] == ["Oktober 2026", "NIK sama di dua desa"]
    assert rows[0][2] == "Budi Santoso\nNIK 3313050101800001"
    assert rows[0][3].startswith("Desa Ngadiluwih (33.13.05.2001)")
    assert rows[0][4] == "Belum selesai"
    assert rows[0][5] == "Catat PINDAH"
    assert rows[1][1:3] == ["Paket dikembalikan kecamatan", "Paket Oktober 2026"]
    assert seen["after"] == 1
    assert seen["summary"] == "1 koreksi belum selesai."
    assert seen["all"] == 2
    assert page.corrections_btn.text() == "Koreksi dari kecamatan: 1 belum selesai"
    assert (tmp_path / "koreksi-1024.png").exists()
