"""The APBDes page as a village secretary uses it: the demo's two lines with their figures and the
Dana Desa warning, a new line through the dialog, beneficiaries added with the guards shown first
(an active PBI member stays out unless forced), a payment, the priority list, the calculator, and
a new rate in Pengaturan."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import QDialog

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import jkn as J
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.services.apbdes.beneficiaries import beneficiaries
from jkn_desktop.services.apbdes.priority import priority_weights
from jkn_desktop.services.apbdes.rates import current_rate
from jkn_desktop.services.apbdes.report import export_report
from jkn_desktop.services.apbdes.summaries import line_summaries
from jkn_desktop.services.membership import kepesertaan
from tests.ui.conftest import settle


def test_lines_show_the_figures_of_the_service_and_the_dana_desa_warning(qtbot, window, demo_db):
    page = window.show_page("APBDes")
    settle(qtbot, window)
    lines = demo_db.run(line_summaries, dt.date.today().year, write=False)
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
    assert page.people.model.rowCount() == lines[0].beneficiaries


def test_new_line_then_beneficiaries_with_guards_and_a_payment(qtbot, window, demo_db, monkeypatch):
    from ui.dialogs.apbdes import beneficiaries as people_dialogs
    from ui.dialogs.apbdes import line as line_dialog
    from ui.dialogs.apbdes import payment as payment_dialog

    page = window.show_page("APBDes")
    settle(qtbot, window)
    year = dt.date.today().year

    def fill_line(dialog):
        dialog.sumber.setCurrentIndex(dialog.sumber.findData("PAD"))
        dialog.pagu.setText("12.600.000")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved_id else QDialog.DialogCode.Rejected

    monkeypatch.setattr(line_dialog.LineDialog, "exec", fill_line)
    page.add_line()
    settle(qtbot, window)
    new = [s for s in demo_db.run(line_summaries, year, write=False) if s.sumber == "PAD"]
    assert len(new) == 1
    assert page.current_line().id == new[0].id

    funded = {
        r
        for s in demo_db.run(line_summaries, year, write=False)
        for r in (b.resident_id for b in demo_db.run(beneficiaries, s.id, write=False))
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

    monkeypatch.setattr(people_dialogs.BeneficiaryDialog, "exec", add_people)
    page.people.add(free + pbi, 1)
    settle(qtbot, window)
    assert seen["checks"][pbi[0]] == [A.GUARD_DOUBLE]
    assert "1 orang bermasalah tidak ikut ditambahkan" in seen["summary"]
    people = demo_db.run(beneficiaries, new[0].id, write=False)
    assert sorted(b.resident_id for b in people) == sorted(free)  # the PBI member stayed out

    def pay(dialog):
        dialog.month.set_month(1)
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved else QDialog.DialogCode.Rejected

    monkeypatch.setattr(payment_dialog.PaymentDialog, "exec", pay)
    page.payments.pay()
    settle(qtbot, window)
    (line,) = [s for s in demo_db.run(line_summaries, year, write=False) if s.id == new[0].id]
    assert (
        line.paid[0] == line.implied(1) == 2 * 42_000
    )  # the proposed amount is what January costs


def test_priority_list_and_calculator(qtbot, window, demo_db):
    page = window.show_page("APBDes")
    settle(qtbot, window)
    page.tabs.setCurrentIndex(2)
    settle(qtbot, window)
    rows = page.priority.model.rows()
    assert rows
    assert [h.score.points for h in rows] == sorted((h.score.points for h in rows), reverse=True)
    assert all(not A.pbi_likely(h.desil) for h in rows)
    page.priority.waiting.setChecked(True)
    settle(qtbot, window)
    assert len(page.priority.model.rows()) >= len(rows)
    page.tabs.setCurrentIndex(3)
    page.calculator.remaining.setText("3.911.040.000")
    page.calculator.rate.setText("42000")
    page.calculator.months.setValue(6)
    assert page.calculator.result.text() == "15.520 orang"


def test_a_new_perpres_rate_is_a_new_row(qtbot, window, demo_db, monkeypatch):
    from ui.pages import pengaturan_apbdes

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

    monkeypatch.setattr(pengaturan_apbdes.RateDialog, "exec", fill)
    page.rates._edit(None)
    settle(qtbot, window)
    assert page.rates.model.rowCount() == before + 1
    assert demo_db.run(current_rate, write=False) == 50_000


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

    page.ctx.query(
        export_report, dt.date.today().year, out, progress=cancelled, on_error=page._user_error
    )
    settle(qtbot, window)
    assert shown == []  # and crash_fails_test checks the crash dialog stayed shut
    assert not out.exists()
    assert not out.with_name(out.name + ".tmp").exists()


def test_saved_weights_rerank_the_priority_list_without_losing_the_month(
    qtbot, window, demo_db, monkeypatch
):
    """Saving the weights is one job; the window reloads the page because the job says it changed
    the settings, and the list comes back ranked by the new points, from the month chosen."""
    from ui.pages.apbdes import priority_tab

    page = window.show_page("APBDes")
    settle(qtbot, window)
    page.tabs.setCurrentIndex(2)
    page.priority.from_month.set_month(12)
    settle(qtbot, window)

    def heavier(dialog):
        dialog.boxes["toddler"].setValue(20)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(priority_tab.WeightsDialog, "exec", heavier)
    page.priority.edit_weights()
    settle(qtbot, window)
    assert demo_db.run(priority_weights, write=False).toddler == 20
    assert page.priority.from_month.month() == 12
    rows = page.priority.model.rows()
    assert [h.score.points for h in rows] == sorted((h.score.points for h in rows), reverse=True)
    toddlers = [h for h in rows if "toddler" in h.score.parts]
    assert toddlers
    assert all(h.score.parts["toddler"] % 20 == 0 for h in toddlers)


def test_editing_a_line_saves_and_a_stale_one_shows_the_change(qtbot, window, demo_db, monkeypatch):
    """The dialog's opened line equals the stored one (no false alarm); a line changed meanwhile
    is not overwritten unless the person says so (issue #14)."""
    from jkn_desktop.services.apbdes.codes import line_choices
    from jkn_desktop.services.apbdes.lines import update_line
    from ui.dialogs import conflict
    from ui.dialogs.apbdes.line import LineDialog

    year = dt.date.today().year
    line = demo_db.run(line_summaries, year, write=False)[0]
    choices = demo_db.run(line_choices, write=False)
    dialog = LineDialog(window.ctx, year, choices, line, parent=window)
    qtbot.addWidget(dialog)
    dialog.notes.setText("iuran warga ber-SKTM")
    dialog._save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    line = demo_db.run(line_summaries, year, write=False)[0]
    assert line.notes == "iuran warga ber-SKTM"

    stale = LineDialog(window.ctx, year, choices, line, parent=window)
    qtbot.addWidget(stale)
    assert stale.opened is not None
    demo_db.run(update_line, line.id, dataclasses.replace(stale.opened, notes="diubah orang lain"))
    asked: list[str] = []
    monkeypatch.setattr(
        conflict, "ask", lambda exc, parent=None: asked.append(exc.message) or conflict.CANCEL
    )
    stale.notes.setText("isian saya")
    stale._save()
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert "diubah" in asked[0]
    assert demo_db.run(line_summaries, year, write=False)[0].notes == "diubah orang lain"
