"""The counter log as the officer at the counter uses it: Ctrl+K, a NIK, the office rule shown
before deciding, "Catat", and the visit on the Buku loket tab with the month's counts; a follow-up
marked done; the services list edited in Pengaturan and offered at the counter."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from jkn_desktop.domain import office as O
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.services.membership import kepesertaan
from jkn_desktop.services.office import counter_log as CL
from tests.ui.conftest import settle

DOMISILI = "Surat keterangan domisili"


def _referred_resident(db):
    """An uninsured resident the rule sends to register or reactivate for the domisili letter."""
    ids = db.run(kepesertaan.query_ids, JknFilter(uninsured=True), write=False)
    logged = {v.resident_id for v in db.run(CL.visits, write=False)}
    for person in db.run(kepesertaan.fetch_rows, ids[:200], write=False):
        if person.id in logged:
            continue
        advice = db.run(CL.advice_for, person.id, DOMISILI, write=False)
        if advice.code in (O.RUJUK_DAFTAR, O.RUJUK_AKTIFKAN):
            return person, advice
    raise AssertionError("the demo village has nobody to refer")


def test_a_visit_logged_at_the_counter_shows_on_the_buku_loket_tab(
    qtbot, window, demo_db, monkeypatch
):
    person, advice = _referred_resident(demo_db)
    window.open_counter_check()
    dialog = window._check
    qtbot.addWidget(dialog)
    assert dialog.width() <= 1024
    assert dialog.height() <= 600 - 30  # a 1024×600 screen, with the title bar
    panel = dialog.log
    dialog.search.setText(person.nik)
    dialog.run_query()
    settle(qtbot, window)
    panel.service.setCurrentIndex(panel.service.findData(DOMISILI))
    settle(qtbot, window)
    # the rule, before anyone decides, and the outcome it suggests preset
    assert panel.advice_label.text() == f"Aturan loket: {advice.text}"
    assert "mensyaratkan JKN aktif" in panel.advice_label.text()
    assert panel.outcome.currentData() == O.DIRUJUK
    panel.note.setText("Dirujuk ke BPJS Kecamatan")
    qtbot.mouseClick(panel.log_btn, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.done.text().startswith(f"Tercatat: {person.name} — {DOMISILI}: Dirujuk")
    assert dialog.isVisible()  # ready for the next person
    assert panel.note.text() == ""
    today = dt.date.today()
    (visit,) = [v for v in demo_db.run(CL.visits, write=False) if v.resident_id == person.id]
    assert (visit.visited_on, visit.outcome, visit.note) == (
        today,
        O.DIRUJUK,
        "Dirujuk ke BPJS Kecamatan",
    )
    assert visit.actor == window.ctx.actor()
    dialog.close()

    page = window.show_page("Pelayanan")
    settle(qtbot, window)
    tab = page.counter
    assert tab.current_period() == f"{today:%Y-%m}"
    shown = tab.model.rows()
    assert shown == demo_db.run(CL.visits, tab.current_period(), write=False)
    assert shown[0].id == visit.id  # newest first
    counts = demo_db.run(CL.month_counts, tab.current_period(), write=False)
    assert f"Dirujuk {counts.by_outcome[O.DIRUJUK]}" in tab.counts.text()
    assert f": {counts.total} kunjungan" in tab.counts.text()
    followed = [f.resident_id for f in tab.followup_model.rows()]
    assert person.id in followed
    # filtered by outcome and by a search, in SQL
    tab.outcome.setCurrentIndex(tab.outcome.findData(O.DITOLAK))
    settle(qtbot, window)
    assert all(v.outcome == O.DITOLAK for v in tab.model.rows())
    tab.outcome.setCurrentIndex(0)
    tab.search.setText(person.nik)
    tab.load()
    settle(qtbot, window)
    assert [v.id for v in tab.model.rows()] == [visit.id]
    assert tab.counts.text().startswith("Ditampilkan 1 kunjungan. ")
    assert f": {counts.total} kunjungan" in tab.counts.text()

    # the resident registered at the BPJS office: marked done, with the note asked for
    monkeypatch.setattr(
        "ui.pages.office.counter_tab.QInputDialog.getText",
        lambda *_a, **_k: ("Sudah mendaftar PBPU mandiri", True),
    )
    tab.followup_view.selectRow(followed.index(person.id))
    tab.close_selected()
    settle(qtbot, window)
    assert person.id not in [f.resident_id for f in tab.followup_model.rows()]
    closed = demo_db.run(CL.visit, visit.id, write=False)
    assert (closed.closed_on, closed.closed_note) == (today, "Sudah mendaftar PBPU mandiri")

    # a visit written by mistake: chosen in the log, taken back with the reason asked for
    tab.search.clear()
    tab.load()
    settle(qtbot, window)
    assert not tab.remove_btn.isEnabled()  # nothing chosen yet
    tab.view.selectRow([v.id for v in tab.model.rows()].index(visit.id))
    assert tab.remove_btn.isEnabled()
    monkeypatch.setattr(
        "ui.pages.office.counter_tab.QInputDialog.getText",
        lambda *_a, **_k: ("Salah orang", True),
    )
    tab.remove_selected()
    settle(qtbot, window)
    assert demo_db.run(CL.visit, visit.id, write=False) is None
    assert visit.id not in [v.id for v in tab.model.rows()]
    after = demo_db.run(CL.month_counts, tab.current_period(), write=False)
    assert after.total == counts.total - 1


def test_services_edited_in_pengaturan_are_offered_at_the_counter(qtbot, window, demo_db):
    settings = window.show_page("Pengaturan")
    settle(qtbot, window)
    panel = settings.office
    assert panel.table.rowCount() == len(O.DEFAULT_SERVICES)
    panel._add()
    panel.table.item(panel.table.rowCount() - 1, 0).setText("Legalisir fotokopi")
    panel.table.item(panel.table.rowCount() - 1, 1).setCheckState(Qt.CheckState.Checked)
    panel.months.setValue(12)
    panel.save()
    settle(qtbot, window)
    assert "tersimpan" in panel.saved.text()
    saved = demo_db.run(CL.office_settings, write=False)
    assert saved.services[-1].name == "Legalisir fotokopi"
    assert saved.services[-1].requires_jkn
    assert saved.sktm_valid_months == 12
    # a name written twice: the Indonesian message, nothing saved
    panel._add()
    panel.table.item(panel.table.rowCount() - 1, 0).setText("legalisir FOTOKOPI")
    panel.save()
    settle(qtbot, window)
    assert "tertulis dua kali" in panel.error.text()
    assert demo_db.run(CL.office_settings, write=False) == saved

    window.open_counter_check()
    dialog = window._check
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    names = [dialog.log.service.itemData(i) for i in range(dialog.log.service.count())]
    assert names[-1] == "Legalisir fotokopi"
    assert dialog.log.service.itemText(len(names) - 1).endswith("wajib JKN aktif")
    assert not dialog.log.log_btn.isEnabled()  # nobody chosen yet
    dialog.close()
