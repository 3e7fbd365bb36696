"""Usulan PBI and Laporan as the office uses them: suggestions become draft proposals, the
Musyawarah Desa approves them, a document is previewed, saved (PDF and .xlsx) and described."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from jkn_desktop.domain import usulan as U
from jkn_desktop.services.usulan import proposals as S
from jkn_desktop.services.usulan import suggestions as G
from tests.ui.conftest import settle


def test_suggestions_become_proposals_then_approved_in_musdes(qtbot, window, demo_db, monkeypatch):
    from ui.pages import usulan as page_module

    page = window.show_page("Usulan PBI")
    settle(qtbot, window)
    period = page.current_period()
    suggestions = page.suggest_model.rows()
    assert suggestions == demo_db.run(G.suggestions, period, write=False)
    assert suggestions
    page.suggest_view.selectRow(0)
    page._accept()
    settle(qtbot, window)
    (proposal,) = demo_db.run(S.proposals, period, write=False)
    assert (proposal.nik, proposal.status) == (suggestions[0].nik, U.DRAFT)
    assert page.suggest_model.rowCount() == len(suggestions) - 1
    assert page.model.rowCount() == 1

    def meet(dialog):
        dialog.place.setText("Balai Desa Girilayu")
        dialog.ba.setText("140/01/BA/2026")
        dialog.people.setPlainText("Sutrisno — Kepala Desa\nHarjono — Ketua BPD")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved_id else QDialog.DialogCode.Rejected

    monkeypatch.setattr(page_module.MusdesDialog, "exec", meet)
    page._musdes()
    settle(qtbot, window)
    (approved,) = demo_db.run(S.proposals, period, write=False)
    assert approved.status == U.DISETUJUI
    assert page.meeting_model.rowCount() == 1


def test_laporan_previews_and_saves_each_kind_of_document(qtbot, window, demo_db, tmp_path):
    page = window.show_page("Laporan")
    settle(qtbot, window)
    keys = [page.docs.item(i).data(0x0100) for i in range(page.docs.count())]
    assert keys[0] == "bulanan"  # the month's report to the Camat comes first
    assert "halaman 1 dari" in page.preview_title.text()
    assert not page.mask_nik.isVisible()  # figures only: no NIK to mask
    page.docs.setCurrentRow(keys.index("pbi"))
    settle(qtbot, window)
    assert "halaman 1 dari" in page.preview_title.text()
    assert page.mask_nik.isChecked()  # the PBI list is for posting: masked by default
    assert "6 angka pertama" in page.mask_rule.text()
    page.save_to(tmp_path / "pbi.pdf")
    settle(qtbot, window)
    assert (tmp_path / "pbi.pdf").read_bytes().startswith(b"%PDF")
    assert "halaman" in page.status.text()
    assert page.folder_btn.isEnabled()
    page.docs.setCurrentRow(keys.index("dinsos"))
    settle(qtbot, window)
    assert "Dinas Sosial" in page.preview.text()
    assert not page.mask_nik.isVisible()
    page.save_to(tmp_path / "dinsos.xlsx")
    settle(qtbot, window)
    assert (tmp_path / "dinsos.xlsx").stat().st_size > 3000
    page.docs.setCurrentRow(keys.index("usulan"))
    settle(qtbot, window)
    assert not page.mask_nik.isChecked()  # a working list, not for posting


def test_printing_sends_every_page_of_the_document_to_the_printer(
    qtbot, window, demo_db, tmp_path, monkeypatch
):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    page = window.show_page("Laporan")
    settle(qtbot, window)
    out = tmp_path / "cetak.pdf"

    def accept(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    page.print_()
    settle(qtbot, window)
    expected = page.preview_title.text().rsplit("dari ", 1)[1]
    assert page.status.text() == f"{expected} halaman dikirim ke pencetak."
    assert out.read_bytes().startswith(b"%PDF")
