"""Beranda, Kepesertaan JKN and the counter check, driven as the village office would: the dashboard
agrees with `coverage`, a suggested action opens its filtered list, a membership is recorded with
history, the monthly list is checked and imported with an ambiguous name picked by hand, and a
NIK typed at the counter shows the status at once."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from jkn_desktop.domain import jkn as J
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.services.membership import evidence, kepesertaan
from jkn_desktop.services.membership.coverage import coverage, coverage_trend
from tests.ui.conftest import settle


def test_beranda_agrees_with_the_coverage_counts(qtbot, window, demo_db):
    page = window.show_page("Beranda")
    settle(qtbot, window)
    cov = demo_db.run(coverage, write=False).total
    assert page.cards["living"].value.text() == f"{cov.population:,}".replace(",", ".")
    assert page.cards["coverage"].value.text() == f"{cov.coverage_pct:.1f}".replace(".", ",") + "%"
    assert page.cards["full"].value.text() == str(cov.households_fully_uninsured)
    assert page.cards["part"].value.text() == str(cov.households_partly_uninsured)
    assert [b.label for b in page.dusun_chart.bars] == [
        a.area for a in demo_db.run(coverage, write=False).by_dusun
    ]
    assert page.trend.months  # the monthly line has points
    # the line came in its own job after the figures, and it is the twelve months of the trend
    trend = demo_db.run(coverage_trend, 12, write=False)
    assert page.trend.months == [p.month for p in trend]
    assert page.data.trend == trend


def test_the_beranda_line_gives_way_to_the_page_the_user_opens(qtbot, window, demo_db):
    """The twelve-month line is cancelled by the next job the user starts, and asked for again
    when the Beranda is shown again: the page opened meanwhile is not queued behind it."""
    beranda = window.show_page("Beranda")
    settle(qtbot, window)
    trend = demo_db.run(coverage_trend, 12, write=False)
    beranda.data = None  # forget what was drawn: the line must come from the jobs below
    beranda.trend.set_data([], [], [], (0, 0))
    release = threading.Event()
    window.ctx.runner.run(lambda: release.wait(10))  # the worker is busy …
    beranda.reload()  # … the figures and the line queue behind it …
    penduduk = window.show_page("Penduduk")  # … and the user opens Penduduk
    release.set()
    settle(qtbot, window)
    assert penduduk.model.rowCount()  # Penduduk got its rows
    assert beranda.trend.months == []  # the line gave way and was not drawn
    window.show_page("Beranda")
    settle(qtbot, window)
    assert beranda.trend.months == [p.month for p in trend]
    assert beranda.data.trend == trend


def test_a_suggested_action_opens_its_filtered_list(qtbot, window, demo_db):
    beranda = window.show_page("Beranda")
    settle(qtbot, window)
    steps = demo_db.run(coverage, write=False).steps
    step = max(steps, key=steps.get)
    qtbot.mouseClick(beranda.action_buttons[step], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    page = window.pages["Kepesertaan JKN"]
    assert window.stack.currentWidget() is page
    assert page.step.currentData() == step
    assert page.model.rowCount() == steps[step]
    rows = demo_db.run(kepesertaan.fetch_rows, page.model.ids(), write=False)
    assert {r.step for r in rows} == {step}


def test_uninsured_filter_and_household_view(qtbot, window, demo_db):
    page = window.show_page("Kepesertaan JKN")
    settle(qtbot, window)
    page.covered.setCurrentIndex(page.covered.findData(True))
    settle(qtbot, window)
    cov = demo_db.run(coverage, write=False).total
    assert page.model.rowCount() == cov.population - cov.active
    page.tabs.setCurrentIndex(1)
    page.hh_flag.setCurrentIndex(page.hh_flag.findData(J.FULLY_UNINSURED))
    settle(qtbot, window)
    assert page.hh_model.rowCount() == cov.households_fully_uninsured
    settle(qtbot, window)
    members = page.member_model.rows()
    assert members
    assert all(m.uninsured for m in members if m.status_dasar == 1)


def test_recording_a_membership_adds_history(qtbot, window, demo_db, monkeypatch):
    page = window.show_page("Kepesertaan JKN")
    page.segment.setCurrentIndex(page.segment.findData(J.BELUM_TERDAFTAR))
    settle(qtbot, window)
    page.table.selectRow(0)
    settle(qtbot, window)
    person = page.selected_person()
    assert person is not None

    from ui.dialogs import membership_dialog

    seen = {}

    def fill_and_save(dialog):
        settle(qtbot, window)
        dialog.segment.set_code(J.PBPU_MANDIRI)
        dialog.kelas.set_code(3)
        dialog.card.setText("123")  # too short: refused with a message, nothing saved
        dialog._save()
        seen["error"] = dialog.error.text()
        dialog.card.setText("0001234567890")
        dialog.status.set_code(J.AKTIF)
        dialog.source.set_code("kartu")
        dialog.note.setText("kartu diperlihatkan di loket")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved else QDialog.DialogCode.Rejected

    monkeypatch.setattr(membership_dialog.MembershipDialog, "exec", fill_and_save)
    page.record_membership()
    settle(qtbot, window)
    assert "13 angka" in seen["error"]
    history = demo_db.run(evidence.history, person.id, write=False)
    assert (history[0].segment, history[0].status, history[0].card_no, history[0].source) == (
        J.PBPU_MANDIRI,
        J.AKTIF,
        "0001234567890",
        "kartu",
    )
    assert history[0].actor == "penguji"  # the person logged in, not a typed name
    assert person.id not in page.model.ids()  # no longer "belum terdaftar"


def test_monthly_list_checked_then_imported_with_a_hand_picked_match(
    qtbot, window, demo_db, tmp_path, monkeypatch
):
    from openpyxl import Workbook

    import ui.dialogs.pbi_import_dialog as dialog_module
    from jkn_desktop.services.registry.resident_search import search

    ids = demo_db.run(kepesertaan.query_ids, JknFilter(segment=J.BELUM_TERDAFTAR), write=False)
    people = demo_db.run(kepesertaan.fetch_rows, ids, write=False)[:2]
    a, b = people
    said = demo_db.run(
        evidence.history, a.id, write=False
    )  # what the demo recorded: their statement
    assert said
    assert said[0].segment == J.BELUM_TERDAFTAR
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR PESERTA PBI"])
    ws.append(["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR"])
    ws.append([1, "0000111122223", a.nik, a.name, a.birth_date.strftime("%d-%m-%Y")])
    ws.append([2, "0000111122224", "", b.name, ""])  # no NIK, no birth date: must be picked
    ws.append([3, "0000111122225", "3313064107690001", "ORANG LUAR", "01-07-1969"])
    path = tmp_path / "pbi.xlsx"
    wb.save(path)
    page = window.show_page("Kepesertaan JKN")
    settle(qtbot, window)
    dialog = page.open_import(path)
    qtbot.addWidget(dialog)
    dialog.set_period(f"{dt.date.today():%Y-%m}")
    dialog.check()
    settle(qtbot, window)
    assert dialog.dry is not None
    assert (dialog.dry.matched_nik, dialog.dry.not_found) == (1, 1)
    assert 4 in dialog.pickers  # row 4 waits for a choice
    assert demo_db.run(evidence.history, a.id, write=False) == said  # nothing written by the check
    dialog.pick(4, b.id)
    dialog.check()
    settle(qtbot, window)
    assert dialog.dry.confirmed == 1
    # three rows against the demo's hundreds: the dialog asks before marking the rest nonaktif
    asked: list[str] = []
    monkeypatch.setattr(
        dialog_module, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True
    )
    dialog.run_import()
    settle(qtbot, window)
    assert len(asked) == 1
    assert "akan dicatat nonaktif" in asked[0]
    assert dialog.outcome is not None
    # the demo's list of last month: everyone on it but not on this small list is named as dropped
    assert dialog.outcome.dropped > 0
    assert dialog.outcome.dropped_residents[0]["name"] in dialog.dropped_label.text()
    assert demo_db.run(evidence.history, write=False, resident_id=a.id)[0].segment == J.PBI_APBN
    assert (
        demo_db.run(evidence.history, write=False, resident_id=b.id)[0].card_no == "0000111122224"
    )
    assert demo_db.run(search, a.nik)[0].id == a.id


def test_counter_check_shows_status_and_household(qtbot, window, demo_db):
    ids = demo_db.run(
        kepesertaan.query_ids, JknFilter(segment=J.PBI_APBN, status=J.AKTIF), write=False
    )
    person = demo_db.run(kepesertaan.fetch_rows, ids[:1], write=False)[0]
    window.open_counter_check()
    dialog = window._check
    qtbot.addWidget(dialog)
    dialog.search.setText(person.nik)
    dialog.run_query()
    settle(qtbot, window)
    assert dialog.results[0].person.id == person.id
    assert dialog.verdict.text().startswith("AKTIF")
    assert person.card_no in dialog.detail.text()
    assert dialog.members.rowCount() == len(
        demo_db.run(kepesertaan.members, person.household_id, write=False)
    )
    dialog.search.setText("zz")
    dialog.run_query()
    assert "3 huruf" in dialog.note.text()


def test_household_dialog_records_desil_with_its_date(qtbot, window, demo_db):
    from jkn_desktop.records.households import HouseholdFilter
    from jkn_desktop.services.registry import households
    from ui.dialogs.household_dialogs import HouseholdDialog

    hid = demo_db.run(households.query_ids, HouseholdFilter())[0]
    row = demo_db.run(households.get, hid)
    dialog = HouseholdDialog(window.ctx, row, parent=window)
    qtbot.addWidget(dialog)
    assert row.desil_as_of is None or row.desil_as_of < dt.date.today().replace(day=1)
    dialog.fields.desil.set_code(2)
    dialog.fields.desil_as_of.set_value(dt.date.today().replace(day=1))  # newer than the demo's
    dialog.save()
    settle(qtbot, window)
    again = demo_db.run(households.get, hid)
    assert (again.desil, again.desil_as_of) == (2, dt.date.today().replace(day=1))


def test_targets_are_settings_the_dashboard_uses(qtbot, window, demo_db):
    page = window.show_page("Pengaturan")
    settle(qtbot, window)
    assert page.target_coverage.value() == 98.0
    page.target_coverage.setValue(75.0)
    page.target_active.setValue(85.5)
    page.save_targets()
    settle(qtbot, window)
    beranda = window.show_page("Beranda")
    settle(qtbot, window)
    assert beranda.dusun_chart.targets == (75.0, 85.5)
    assert "target 75%" in beranda.cards["coverage"].caption.text()


def test_the_list_dialog_offers_the_lists_own_month_and_asks_before_another(
    qtbot, window, demo_db, tmp_path, monkeypatch
):
    """The month comes from the list: the dialog shows it; choosing another month says so and asks
    before anything is written (issue #11, item 2)."""
    from openpyxl import Workbook

    import ui.dialogs.pbi_import_dialog as dialog_module

    ids = demo_db.run(kepesertaan.query_ids, JknFilter(), write=False)
    person = demo_db.run(kepesertaan.fetch_rows, ids, write=False)[0]
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR PESERTA PBI JK"])
    ws.append(["DESA CONTOH - BULAN SEPTEMBER 2026"])
    ws.append(["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR"])
    ws.append([1, "0000111122223", person.nik, person.name, person.birth_date.strftime("%d-%m-%Y")])
    path = tmp_path / "daftar.xlsx"
    wb.save(path)
    page = window.show_page("Kepesertaan JKN")
    settle(qtbot, window)
    dialog = page.open_import(path)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.period_text() == "2026-09"
    assert dialog.message.text() == ""
    dialog.set_period("2026-08")
    dialog.check()
    settle(qtbot, window)
    assert "September 2026" in dialog.message.text()
    assert "Agustus 2026" in dialog.message.text()
    asked: list[str] = []
    monkeypatch.setattr(
        dialog_module, "ask_yes_no", lambda _p, _t, text: asked.append(text) or False
    )
    before = len(demo_db.run(evidence.history, person.id, write=False))
    dialog.run_import()
    settle(qtbot, window)
    assert asked
    assert "September 2026" in asked[0]
    assert (
        len(demo_db.run(evidence.history, person.id, write=False)) == before
    )  # said no: nothing written
