"""The window on a kabupaten's database (issue 17, decision 49): the consolidation's pages, named
for the kabupaten; Beranda shows the month per kecamatan, and a kecamatan opens to its villages."""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle

# the window opens the database file (db.path): SQLite only, as the other window tests
pytestmark = pytest.mark.file_only


@pytest.fixture
def kab_window(qtbot, db, new_db, tmp_path):  # type: ignore[no-untyped-def]
    """Kabupaten Karanganyar with one village of Matesih and one of Tawangmangu received."""
    from jkn_desktop.domain.roles import ROLES
    from jkn_desktop.records.people import Actor
    from jkn_desktop.services.kabupaten.identity import init_kabupaten
    from jkn_desktop.services.kecamatan.batch import receive_files
    from tests.kabupaten_helpers import at, export, new_village
    from ui.app import build_window

    db.run(init_kabupaten, "33.13", kepala="Dra. Sri Wahyuni")
    files = []
    for seed, kode in enumerate(("33.13.05.2001", "33.13.06.2001")):
        village = new_village(new_db, kode, seed=seed, residents=40)
        files.append(export(village, "2026-10", tmp_path / f"{kode}.xlsx", at=at(4)))
    assert not receive_files(db, files, user="staf", register_new_keys=True).refused
    win = build_window(db.path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def test_a_kabupaten_database_opens_the_consolidation_pages(kab_window) -> None:
    from ui.mainwindow import KECAMATAN_PAGE_NAMES

    assert kab_window.visible_pages() == KECAMATAN_PAGE_NAMES
    assert kab_window.windowTitle().endswith("— Kabupaten Karanganyar")
    assert kab_window.village_label.text().startswith("Kabupaten Karanganyar · 33.13 · v")
    assert "Kecamatan" not in kab_window.windowTitle()


def test_beranda_per_kecamatan_and_its_villages(qtbot, kab_window) -> None:
    from jkn_desktop.domain.formatting import angka
    from jkn_desktop.services.kabupaten.summary import kabupaten_summary

    kab_window.show_page("Beranda")
    page = kab_window.pages["Beranda"]
    settle(qtbot, kab_window)
    qtbot.waitUntil(lambda: page.table.rowCount() == 18, timeout=10000)  # 17 kecamatan + total
    k = kab_window.ctx.db.run(kabupaten_summary, "2026-10", write=False)
    table = page.table
    heads = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    matesih = heads.index("Kecamatan Matesih")
    assert heads[-1] == "Kabupaten"
    assert table.item(matesih, 0).text() == "1 dari 9 desa"
    row = next(r for r in k.kecamatan if r.name == "Matesih")
    assert table.item(matesih, 1).text() == angka(row.figures.population)
    assert table.item(17, 1).text() == angka(k.total.population)
    assert "2 dari" in page.sent_label.text()
    page.open_village(matesih)  # a double-click on the kecamatan
    qtbot.waitUntil(lambda: table.rowCount() == 10, timeout=10000)  # 9 villages + total
    assert page.back.isVisible()
    assert table.verticalHeaderItem(0).text() == "Desa Ngadiluwih"
    assert table.item(0, 1).text() == angka(row.figures.population)
    assert page.sent_label.text().startswith("Kecamatan Matesih: 1 dari 9 desa")
    page.back.click()
    qtbot.waitUntil(lambda: table.rowCount() == 18, timeout=10000)
    assert not page.back.isVisible()


def test_laporan_offers_the_kabupaten_documents(qtbot, kab_window, tmp_path) -> None:
    import openpyxl

    kab_window.show_page("Laporan")
    page = kab_window.pages["Laporan"]
    settle(qtbot, kab_window)
    titles = [page.docs.item(i).text() for i in range(page.docs.count())]
    assert titles[0] == "Buku kerja usulan se-kabupaten untuk Dinas Sosial (.xlsx)"
    assert not [t for t in titles if "Camat" in t or "Bupati" in t]
    page.docs.setCurrentRow(titles.index("Lembar verval peserta PBPU/BP Pemda triwulan (.xlsx)"))
    page.year.setValue(2026)
    page.quarter.setCurrentIndex(3)
    assert page.quarter.isVisible()
    assert not page.period.isVisible()
    out = tmp_path / "verval.xlsx"
    page.save_to(out)
    qtbot.waitUntil(lambda: page.status.text().startswith("Tersimpan"), timeout=10000)
    assert "Verval PBPU Pemda" in openpyxl.load_workbook(out).sheetnames
    page.docs.setCurrentRow(titles.index("Buku kerja usulan PBPU/BP Pemda (.xlsx)"))
    out = tmp_path / "pemda.xlsx"
    page.save_to(out)
    qtbot.waitUntil(lambda: page.status.text() == "Tersimpan: pemda.xlsx.", timeout=10000)
    names = openpyxl.load_workbook(out).sheetnames
    assert "PBPU Pemda - Penambahan" in names
    assert not [n for n in names if "APBN" in n]


def test_settings_keep_the_kabupaten_identity(qtbot, kab_window) -> None:
    from jkn_desktop.services.kecamatan.identity import get_kecamatan

    win = kab_window
    page = win.show_page("Pengaturan")
    settle(qtbot, win)
    panel = page.identity
    assert panel.kode.text() == "33.13"
    assert panel.camat.text() == "Dra. Sri Wahyuni"
    assert panel.save_btn.text() == "Simpan identitas kabupaten"
    panel.camat.setText("Dra. Sri Wahyuni, M.Si.")
    panel.names["kabupaten"].setText("Kabupaten Karanganyar (uji)")
    panel.save()
    settle(qtbot, win)
    info = win.ctx.db.run(get_kecamatan, write=False)
    assert (info.kode_wilayah, info.kabupaten, info.camat) == (
        "33.13",
        "Kabupaten Karanganyar (uji)",
        "Dra. Sri Wahyuni, M.Si.",
    )
    assert info.kecamatan == ""
    assert win.windowTitle().endswith("— Kabupaten Karanganyar (uji)")


def test_cari_warga_finds_a_resident_in_any_kecamatan(qtbot, kab_window) -> None:
    """The Dinas Sosial's staff answering a caller: the NIK typed with spaces finds the person in
    her village; a name finds everyone who has it; a short NIK is said plainly under the box."""
    from jkn_desktop.services.kecamatan.people import find_people

    kab_window.show_page("Cari Warga")
    page = kab_window.pages["Cari Warga"]
    settle(qtbot, kab_window)
    qtbot.waitUntil(lambda: page.period.count() == 1, timeout=10000)
    assert page.period.currentText() == "Oktober 2026"
    # a resident of the Tawangmangu village, found from the kabupaten
    from sqlalchemy import select

    from jkn_desktop.persistence.tables import kec_package_t, kec_resident_t

    with kab_window.ctx.db.work("uji", write=False) as job:
        nik, name = job.conn.execute(
            select(kec_resident_t.c.nik, kec_resident_t.c.name)
            .join(kec_package_t, kec_package_t.c.id == kec_resident_t.c.package_id)
            .where(kec_package_t.c.kode_wilayah == "33.13.06.2001")
            .order_by(kec_resident_t.c.id)
            .limit(1)
        ).one()
    page.text.setText(f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}")
    page.go.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    assert page.model.row_object(0).name == name
    assert page.model.data(page.model.index(0, 4)) == page.model.row_object(0).village
    assert page.count.text() == "1 warga ditemukan dalam paket desa bulan Oktober 2026."
    assert not page.error.isVisible()
    first_word = name.split()[0]
    expected = kab_window.ctx.db.run(find_people, first_word, write=False).people
    page.text.setText(first_word.lower())
    page.go.click()
    settle(qtbot, kab_window)
    shown = [page.model.row_object(r).nik for r in range(page.model.rowCount())]
    assert shown == [p.nik for p in expected]
    page.text.setText("3313 0559")
    page.go.click()
    qtbot.waitUntil(page.error.isVisible, timeout=10000)
    assert "16 angka" in page.error.text()
    assert "8 angka" in page.error.text()


def test_matriks_shows_one_kecamatan_at_a_time_with_its_counts(qtbot, kab_window) -> None:
    """A kabupaten's hundreds of villages: the page chooses a kecamatan (or all) and shows its
    villages and its own counts; the Camat's letter is not offered."""
    kab_window.show_page("Matriks Pengiriman")
    page = kab_window.pages["Matriks Pengiriman"]
    settle(qtbot, kab_window)
    qtbot.waitUntil(lambda: page.kab is not None, timeout=10000)
    assert page.kecamatan.isVisible()
    assert not page.letter_btn.isVisible()
    assert page.kecamatan.itemText(0) == "Semua kecamatan"
    everyone = page.table.rowCount()
    assert everyone == len(page.kab.matrix.villages)
    heads = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    october = heads.index("Oktober")
    assert page.counts.item(0, october).text().startswith("2 dari ")
    matesih = page.kecamatan.findText("Kecamatan Matesih")
    page.kecamatan.setCurrentIndex(matesih)
    page.kecamatan.activated.emit(matesih)
    assert page.table.rowCount() == 9
    assert page.table.verticalHeaderItem(0).text() == "Desa Ngadiluwih"
    assert page.counts.item(0, october).text() == "1 dari 9"
    page.kecamatan.setCurrentIndex(0)
    page.kecamatan.activated.emit(0)
    assert page.table.rowCount() == everyone
