"""The Audit page: the trail of a demo village filtered, sorted and exported from the window, the
chain checked, printouts noted, and a person without ``perm.AUDIT`` kept out."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import func, select

from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.records.people import Actor
from tests.ui.conftest import settle
from ui.pages.audit import SEARCH_DELAY_MS


def _count(db, **where) -> int:
    with db.engine.connect() as conn:
        stmt = select(func.count()).select_from(audit_t)
        stmt = stmt.where(*[audit_t.c[k] == v for k, v in where.items()])
        return int(conn.execute(stmt).scalar_one())


def _column(page, column: int, rows: int = 20) -> set[str]:
    model = page.model
    return {model.index(r, column).data() for r in range(min(rows, model.rowCount()))}


def test_the_page_filters_sorts_and_exports(qtbot, window, tmp_path: Path) -> None:
    db = window.ctx.db
    page = window.show_page("Audit")
    settle(qtbot, window)
    total = page.model.rowCount()
    assert total == _count(db) > 500
    assert page.count_label.text().endswith("catatan")
    assert "demo" in [page.user.itemData(i) for i in range(page.user.count())]

    page.action.setCurrentIndex(page.action.findData("tambah"))
    settle(qtbot, window)
    created = page.model.rowCount()
    assert 0 < created < total
    assert _column(page, 3) == {"tambah"}

    page.action.setCurrentIndex(0)
    with db.engine.connect() as conn:
        visit = conn.execute(
            select(audit_t.c.entity_key).where(audit_t.c.entity == "counter_visit").limit(1)
        ).scalar_one()
    nik = visit[:16]  # the counter's entries start with the visitor's NIK
    page.record.setText(nik)
    qtbot.wait(SEARCH_DELAY_MS + 50)
    settle(qtbot, window)
    assert 0 < page.model.rowCount() < total
    # the resident's own entries, and those that name the resident by id (its insurance)
    assert {text for text in _column(page, 4, 500) if nik not in text} <= {"Penduduk"}

    page.record.clear()
    page.dated.setChecked(True)
    page.start.setDate(page.end.date().addDays(1))
    settle(qtbot, window)
    assert "sesudah tanggal akhir" in page.refused.text()
    assert page.model.rowCount() == 0
    page.start.setDate(page.end.date())
    settle(qtbot, window)
    assert not page.refused.isVisible()
    assert page.model.rowCount() == total  # the demo was made today

    page.model.sort(2, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    first = [page.model.index(r, 2).data() for r in range(min(50, page.model.rowCount()))]
    assert first == sorted(first)

    out = tmp_path / "jejak.xlsx"
    page.export_to(out)
    settle(qtbot, window)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == total + 1
    assert _count(db, action="export", field="document", new_value="Jejak audit (Excel)") == 1
    assert _count(db, action="export", field="file", new_value=str(out)) == 1
    assert _count(db, action="export", actor="penguji") == 4


def test_the_chain_is_checked_from_the_page(qtbot, window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text: shown.append(text))
    )
    page = window.show_page("Audit")
    settle(qtbot, window)
    page.verify()
    settle(qtbot, window)
    assert shown
    assert shown[0].startswith("Jejak audit utuh")
    assert page.chain_label.text() == shown[0]


def test_a_person_without_the_permission_gets_the_refusal(qtbot, window) -> None:
    page = window.show_page("Audit")
    settle(qtbot, window)
    operator = Actor("budi", ("operator",), full_name="Budi")
    window.ctx.db.session = operator
    page.reload()
    settle(qtbot, window)
    assert page.refused.isVisible()
    assert "Kepala Desa atau Admin" in page.refused.text()
    assert not page.table.isVisible()
    assert not page.export_btn.isEnabled()
    assert page.model.rowCount() == 0
    # the sidebar no longer offers the page, and the window leaves it
    window.set_person(operator)
    settle(qtbot, window)
    assert "Audit" not in window.visible_pages()
    assert window.stack.currentWidget() is not page
    kepala = Actor("kades", ("kepala_desa",), full_name="Pak Kades")
    window.ctx.db.session = kepala
    window.set_person(kepala)
    assert "Audit" in window.visible_pages()


def test_a_printout_from_the_laporan_page_is_noted(qtbot, window, tmp_path, monkeypatch) -> None:
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
    db = window.ctx.db
    assert _count(db, action="print", field="printer", new_value=str(out)) == 1
    assert _count(db, action="print", actor="penguji") == 4

    monkeypatch.setattr(QPrintDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    page.print_()
    settle(qtbot, window)
    assert _count(db, action="print") == 4  # Batal: nothing printed, nothing noted
