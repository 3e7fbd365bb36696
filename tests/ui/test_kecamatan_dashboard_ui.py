"""Beranda Kecamatan and Laporan in the window (issue #15): each village's figures of the month,
its lists, and the documents upward previewed and saved."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import settle
from tests.ui.kecamatan_fixtures import kec_window, kecamatan_file

__all__ = ["kec_window", "kecamatan_file"]  # the fixtures, used by name


def test_the_dashboard_shows_each_village_and_opens_its_lists(qtbot, kec_window) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.kecamatan_lists import VillageListsDialog
    from ui.mainwindow import KECAMATAN_PAGE_NAMES

    win = kec_window
    assert win.visible_pages() == KECAMATAN_PAGE_NAMES
    page = win.show_page("Beranda")
    settle(qtbot, win)
    summary = page.summary
    assert summary is not None
    assert summary.period == "2026-10"
    assert len(summary.sent) == 2
    assert page.sent_label.text().startswith("2 dari ")
    assert page.table.rowCount() == len(summary.villages) + 1  # and the kecamatan's total
    last = page.table.verticalHeaderItem(page.table.rowCount() - 1)
    assert last is not None
    assert last.text() == "Kecamatan"
    sent_row = next(i for i, v in enumerate(summary.villages) if v.sent)
    page.open_village(sent_row)
    settle(qtbot, win)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, VillageListsDialog)]
    assert dialogs
    panel = dialogs[-1].panels[0]
    assert panel.loaded
    assert panel.count.text()  # "Baris 1–… dari …" or "Tidak ada."
    dialogs[-1].tabs.setCurrentIndex(1)
    settle(qtbot, win)
    assert dialogs[-1].panels[1].table.columnCount() > 0
    for d in dialogs:
        d.close()


def test_documents_are_previewed_and_saved(qtbot, kec_window, tmp_path: Path) -> None:
    win = kec_window
    page = win.show_page("Laporan")
    settle(qtbot, win)
    assert page.period.currentData() == "2026-10"
    assert not page.preview.pixmap().isNull()  # the recap's first page
    assert page.status.text().startswith("Halaman 1 dari ")
    page.save_to(tmp_path / "rekap.pdf")
    settle(qtbot, win)
    assert (tmp_path / "rekap.pdf").read_bytes()[:4] == b"%PDF"
    assert "Tersimpan" in page.status.text()
    page.docs.setCurrentRow(1)  # the Dinas Sosial workbook: described, not previewed
    settle(qtbot, win)
    assert page.preview.pixmap().isNull()
    assert not page.print_btn.isEnabled()
    page.docs.setCurrentRow(3)  # the APBDes evaluation of the year
    settle(qtbot, win)
    assert page.year.isVisibleTo(page)
    assert not page.period.isVisibleTo(page)
    page.save_to(tmp_path / "evaluasi.pdf")
    settle(qtbot, win)
    assert (tmp_path / "evaluasi.pdf").exists()


def test_the_letter_to_the_villages_that_have_not_sent(qtbot, kec_window, tmp_path: Path) -> None:
    win = kec_window
    page = win.show_page("Matriks Pengiriman")
    settle(qtbot, win)
    assert page._letter_months()[-1] == "2026-10"
    page.write_letter("2026-10", tmp_path / "surat.pdf")
    settle(qtbot, win)
    assert (tmp_path / "surat.pdf").read_bytes()[:4] == b"%PDF"
    assert page.letter_saved == tmp_path / "surat.pdf"
