"""The APBDes page as a village secretary uses it: the demo's two lines with their figures and the
Dana Desa warning, a new line through the dialog, beneficiaries added with the guards shown first
(an active PBI member stays out unless forced), a payment, the priority list, the calculator, and
a new rate in Pengaturan."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import jkn as J
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.services.apbdes import budget as S
from jkn_desktop.services.membership import kepesertaan
from tests.ui.conftest import settle


def test_lines_show_the_figures_of_the_service_and_the_dana_desa_warning(qtbot, window, demo_db):
    page = window.show_page("APBDes")
    settle(qtbot, window)
    lines = S.line_summaries(demo_db, dt.date.today().year)
    assert [s.sumber for s in page.line_model.rows()] == ["ADD", "DDS"]
    assert page.line_model.rowCount() == len(lines) == 2
    shown = {
        page.line_model.index(r, c).data()
        for r in range(2)
        for c in range(page.line_model.columnCount())
    }
    for s in lines:
        assert f"Rp{s.committed:,}".replace(",", ".") in shown
    assert "Dana Desa tidak boleh" in page.warnings.text()
    page.tabs.setCurrentIndex(0)
    settle(qtbot, window)
    assert page.people_model.rowCount() == lines[0].beneficiaries


def test_new_line_then_beneficiaries_with_guards_and_a_payment(qtbot, window, demo_db, monkeypatch):
    from ui.dialogs import apbdes_dialogs

    page = window.show_page("APBDes")
    settle(qtbot, window)
    year = dt.date.today().year

    def fill_line(dialog):
        dialog.sumber.setCurrentIndex(dialog.sumber.findData("PAD"))
        dialog.pagu.setText("12.600.000")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved_id else QDialog.DialogCode.Rejected

    monkeypatch.setattr(apbdes_dialogs.LineDialog, "exec", fill_line)
    page._add_line()
    settle(qtbot, window)
    new = [s for s in S.line_summaries(demo_db, year) if s.sumber == "PAD"]
    assert len(new) == 1
    assert page.current_line().id == new[0].id

    funded = {
        r
        for s in S.line_summaries(demo_db, year)
        for r in (b.resident_id for b in S.beneficiaries(demo_db, s.id))
    }
    free = [
        i
        for i in demo_db.run(kepesertaan.query_ids, JknFilter(uninsured=True), write=False)
        if i not in funded
    ][:2]
    pbi = demo_db.run(
        kepesertaan.query_ids, JknFilter(segment=J.PBI_APBN, status=J.AKTIF), write=False
    )[:1]
    seen = {}

    def add_people(dialog):
        settle(qtbot, window)
        seen["checks"] = {c.resident_id: [g.code for g in c.guards] for c in dialog.candidates}
        seen["summary"] = dialog.cost.text()
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.added else QDialog.DialogCode.Rejected

    monkeypatch.setattr(apbdes_dialogs.BeneficiaryDialog, "exec", add_people)
    page._add_people(free + pbi, 1)
    settle(qtbot, window)
    assert seen["checks"][pbi[0]] == [A.GUARD_DOUBLE]
    assert "1 orang bermasalah tidak ikut ditambahkan" in seen["summary"]
    people = S.beneficiaries(demo_db, new[0].id)
    assert sorted(b.resident_id for b in people) == sorted(free)  # the PBI member stayed out

    def pay(dialog):
        dialog.month.set_month(1)
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved else QDialog.DialogCode.Rejected

    monkeypatch.setattr(apbdes_dialogs.PaymentDialog, "exec", pay)
    page._pay()
    settle(qtbot, window)
    (line,) = [s for s in S.line_summaries(demo_db, year) if s.id == new[0].id]
    assert (
        line.paid[0] == line.implied(1) == 2 * 42_000
    )  # the proposed amount is what January costs


def test_priority_list_and_calculator(qtbot, window, demo_db):
    page = window.show_page("APBDes")
    settle(qtbot, window)
    page.tabs.setCurrentIndex(2)
    settle(qtbot, window)
    rows = page.priority_model.rows()
    assert rows
    assert [h.score.points for h in rows] == sorted((h.score.points for h in rows), reverse=True)
    assert all(not A.pbi_likely(h.desil) for h in rows)
    page.waiting.setChecked(True)
    settle(qtbot, window)
    assert len(page.priority_model.rows()) >= len(rows)
    page.tabs.setCurrentIndex(3)
    page.calc_remaining.setText("3.911.040.000")
    page.calc_rate.setText("42000")
    page.calc_months.setValue(6)
    assert page.calc_result.text() == "15.520 orang"


def test_a_new_perpres_rate_is_a_new_row(qtbot, window, demo_db, monkeypatch):
    from ui.pages import pengaturan

    page = window.show_page("Pengaturan")
    page.tabs.setCurrentIndex(1)
    settle(qtbot, window)
    before = page.rates.model.rowCount()

    def fill(dialog):
        dialog.segment.setCurrentIndex(dialog.segment.findData(J.PBPU_PEMDA))
        dialog.kelas.setCurrentIndex(dialog.kelas.findData(3))
        dialog.monthly.setText("50.000")
        dialog.participant.setText("0")
        dialog.government.setText("40.000")  # does not add up: refused in the dialog
        dialog._accept()
        seen = dialog.error.text()
        dialog.government.setText("50.000")
        dialog._accept()
        assert "harus sama" in seen
        return dialog.result()

    monkeypatch.setattr(pengaturan.RateDialog, "exec", fill)
    page.rates._edit(None)
    settle(qtbot, window)
    assert page.rates.model.rowCount() == before + 1
    assert S.current_rate(demo_db) == 50_000


def test_cancel_while_the_report_is_written_is_not_an_error(qtbot, window, monkeypatch, tmp_path):
    """Pressing Batal in the progress dialog stops the job: no message, no crash dialog, no file."""
    from PySide6.QtWidgets import QMessageBox

    from jkn_desktop.errors import Cancelled

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a))
    page = window.show_page("APBDes")
    settle(qtbot, window)
    out = tmp_path / "laporan.pdf"

    def cancelled(done, total):
        raise Cancelled()

    page.ctx.run(S.export_report, page.ctx.db, dt.date.today().year, out, progress=cancelled,
                 on_error=page._user_error)  # fmt: skip
    settle(qtbot, window)
    assert shown == []  # and crash_fails_test checks the crash dialog stayed shut
    assert not out.exists()
    assert not out.with_name(out.name + ".tmp").exists()
