"""Every page, driven as a village secretary would: search, filter, sort, add, edit, status, KK."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from jkn_desktop.domain import codes
from jkn_desktop.records.households import HouseholdFilter
from jkn_desktop.services.registry import households, resident_search, residents
from jkn_desktop.services.registry.stats import registry_stats
from tests.ui.conftest import settle
from ui.mainwindow import PAGE_NAMES


def visible_rows(model, db):
    """Every row the table lists, in its order (fetched directly: the view loads only what shows)."""
    return db.run(resident_search.fetch_rows, model.ids())


def test_every_page_opens_and_says_something(qtbot, window):
    for name in PAGE_NAMES:
        page = window.show_page(name)
        settle(qtbot, window)
        assert window.stack.currentWidget() is page
    laporan = window.pages["Laporan"]
    window.show_page("Laporan")
    settle(qtbot, window)
    assert not laporan.preview.pixmap().isNull()
    assert "halaman 1 dari" in laporan.preview_title.text()


def test_pages_not_on_screen_wait_with_their_queries(qtbot, window, demo_db):
    """At start only Beranda reads: the tables' default sorts and filter boxes, set while the
    window is built, do not queue whole-village queries in front of the figures."""
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.pages["Beranda"]
    for name in ("Penduduk", "Keluarga", "Kepesertaan JKN"):
        assert window.pages[name].stale
        assert window.pages[name].model.rowCount() == 0
    # a sort chosen on a hidden page is kept and applied when the page is shown
    people = window.pages["Penduduk"]
    people.model.sort(1, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    assert people.model.rowCount() == 0
    window.show_page("Penduduk")
    settle(qtbot, window)
    assert people.model.rowCount() == demo_db.run(registry_stats).living
    names = [r.name.upper() for r in visible_rows(people.model, demo_db)[:50]]
    assert names == sorted(names, reverse=True)


def test_the_other_pages_are_made_after_the_first_one_shows(qtbot, window):
    """The window starts with Beranda; the other pages are made in the quiet moments after (a
    page asked for sooner is made then), each once, each in the page stack."""
    qtbot.waitUntil(lambda: all(name in window.pages for name in PAGE_NAMES), timeout=15000)
    made = window.pages.built()
    assert len(made) == len(PAGE_NAMES) == len(set(map(id, made)))
    assert all(window.stack.indexOf(page) >= 0 for page in made)


def test_penduduk_lists_living_residents_with_counts(qtbot, window, demo_db):
    page = window.show_page("Penduduk")
    settle(qtbot, window)
    stats = demo_db.run(registry_stats)
    assert page.model.rowCount() == stats.living
    assert f"{stats.living:,}".replace(",", ".") in page.count_label.text()
    page.status.setCurrentIndex(page.status.findData(None))  # Semua status
    settle(qtbot, window)
    assert page.model.rowCount() == stats.residents


def test_search_as_you_type_by_name_and_nik_prefix(qtbot, window, demo_db):
    page = window.show_page("Penduduk")
    settle(qtbot, window)
    qtbot.keyClicks(page.search, "sri")
    qtbot.wait(250)
    settle(qtbot, window)
    rows = visible_rows(page.model, window.ctx.db)
    assert rows
    assert all("SRI" in r.name for r in rows)
    some = rows[0]
    page.search.setText(some.nik[:12])
    qtbot.wait(250)
    settle(qtbot, window)
    assert some.id in page.model.ids()
    assert all(
        r.nik.startswith(some.nik[:12]) or r.no_kk.startswith(some.nik[:12])
        for r in visible_rows(page.model, window.ctx.db)
    )


def test_filters_and_header_sort_run_through_sql(qtbot, window):
    page = window.show_page("Penduduk")
    settle(qtbot, window)
    page.sex.setCurrentIndex(page.sex.findData("P"))
    settle(qtbot, window)
    rows = visible_rows(page.model, window.ctx.db)
    assert rows
    assert {r.sex for r in rows} == {"P"}
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    names = [r.name.upper() for r in visible_rows(page.model, window.ctx.db)]
    assert names == sorted(names, reverse=True)


def test_add_resident_dialog_explains_errors_then_saves(qtbot, window, monkeypatch, demo_db):
    from ui.dialogs.resident_dialog import ResidentDialog

    page = window.show_page("Penduduk")
    settle(qtbot, window)
    hh = demo_db.run(
        households.fetch_rows, demo_db.run(households.query_ids, HouseholdFilter())[:1]
    )[0]
    dialog = ResidentDialog(window.ctx, parent=page)
    qtbot.addWidget(dialog)
    dialog.nik.setText("3313053102990001")  # 31 February
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "bukan tanggal yang ada" in dialog.errors["nik"].text()
    assert "Nama belum diisi" in dialog.errors["name"].text()
    assert dialog.result() != QDialog.DialogCode.Accepted

    dialog.nik.setText("3313055506990009")
    dialog._nik_entered()
    assert dialog.sex.code() == "P"  # filled from the NIK
    assert dialog.birth_date.value() == dt.date(1999, 6, 15)
    dialog.name.setText("Rina Puspitasari")
    dialog.no_kk.setText(hh.no_kk)
    dialog.shdk.set_code(4)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    saved = demo_db.run(residents.get, dialog.saved_id)
    assert (saved.name, saved.no_kk, saved.sex) == ("Rina Puspitasari", hh.no_kk, "P")


def test_marking_a_resident_dead_asks_the_date(qtbot, window, monkeypatch, demo_db):
    from ui.dialogs.simple import StatusDialog

    page = window.show_page("Penduduk")
    settle(qtbot, window)
    page.table.selectRow(0)
    settle(qtbot, window)
    target = page.selected_row()

    def fake_exec(self):
        self.status.set_code(codes.MATI)
        assert self.date.isVisibleTo(self)
        self.date.set_value(dt.date(2026, 11, 1))
        self.reason.setText("meninggal di rumah")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StatusDialog, "exec", fake_exec)
    page.change_status()
    settle(qtbot, window)
    detail = demo_db.run(residents.get, target.id)
    assert (detail.status_dasar, detail.status_changed_at) == (codes.MATI, dt.date(2026, 11, 1))
    assert target.id not in page.model.ids()  # the list shows living residents


def test_keluarga_shows_members_in_shdk_order_and_splits_a_kk(qtbot, window, monkeypatch, demo_db):
    from ui.dialogs.household_dialogs import SplitDialog

    page = window.show_page("Keluarga")
    settle(qtbot, window)
    assert page.model.rowCount() == demo_db.run(registry_stats).households
    # choose a household with at least three members
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        settle(qtbot, window)
        if page.members_model.rowCount() >= 3:
            break
    members = page.members_model.rows()
    assert members[0].shdk == codes.KEPALA_KELUARGA
    assert [m.shdk or 99 for m in members] == sorted(m.shdk or 99 for m in members)
    leaving = members[-1]

    def fake_exec(self):
        last = len(self.members) - 1
        self.table.item(last, 0).setCheckState(Qt.CheckState.Checked)
        self.combos[last].set_code(codes.KEPALA_KELUARGA)
        self.fields.no_kk.setText("3313051511260077")
        self.save()
        qtbot.waitUntil(lambda: self.result() == QDialog.DialogCode.Accepted, timeout=5000)
        return self.result()

    monkeypatch.setattr(SplitDialog, "exec", fake_exec)
    page.split_household()
    settle(qtbot, window)
    new = demo_db.run(households.find_by_no_kk, "3313051511260077")
    assert new is not None
    assert new.head_name == leaving.name
    assert page.selected_id() == new.id


def test_keluarga_moves_a_member_to_a_kk_named_by_its_number(qtbot, window, monkeypatch, demo_db):
    from ui.dialogs.household_dialogs import MoveDialog

    page = window.show_page("Keluarga")
    settle(qtbot, window)
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        settle(qtbot, window)
        if page.members_model.rowCount() >= 2:
            break
    source = page.selected_household()
    page.members.selectRow(page.members_model.rowCount() - 1)
    member = page.selected_member()
    every = demo_db.run(households.fetch_rows, demo_db.run(households.query_ids, HouseholdFilter()))
    target = next(h for h in every if h.id != source.id)

    def fake_exec(self):
        self.target.setText("3313050306229999")  # no such KK
        self.save()
        qtbot.waitUntil(self.buttons.isEnabled, timeout=5000)
        assert "belum terdaftar" in self.error.text()
        self.target.setText(target.no_kk)
        self.save()
        qtbot.waitUntil(lambda: self.result() == QDialog.DialogCode.Accepted, timeout=5000)
        return self.result()

    monkeypatch.setattr(MoveDialog, "exec", fake_exec)
    page.move_member()
    settle(qtbot, window)
    assert member.id in [m.id for m in demo_db.run(households.members, target.id)]
    assert page.selected_id() == source.id
    assert member.id not in [m.id for m in page.members_model.rows()]  # reloaded by the window


def test_pengaturan_saves_signatories(qtbot, window, demo_db):
    from jkn_desktop.services.registry.village import get_village

    page = window.show_page("Pengaturan")
    settle(qtbot, window)
    assert page.form.kode.text() == "33.13.05.2006"
    # the lists follow the saved code down to the village
    qtbot.waitUntil(lambda: page.form.combos[3].currentData() == "33.13.05.2006", timeout=5000)
    assert [c.currentData() for c in page.form.combos] == [
        "33",
        "33.13",
        "33.13.05",
        "33.13.05.2006",
    ]
    page.form.kepala.setText("Bambang Sutrisno")
    page.save_btn.click()
    settle(qtbot, window)
    assert demo_db.run(get_village).kepala_desa == "Bambang Sutrisno"
    assert window.ctx.village.kepala_desa == "Bambang Sutrisno"


def test_first_run_picks_the_village_from_the_region_lists(qtbot, db_path):
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.village import get_village
    from ui.app import build_window
    from ui.dialogs.identity import FirstRunDialog

    win = build_window(db_path, first_run=False)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    dialog = FirstRunDialog(win.ctx, win)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, win)
    form = dialog.form
    for level, code in enumerate(["33", "33.13", "33.13.05", "33.13.05.2006"]):
        combo = form.combos[level]
        qtbot.waitUntil(lambda c=combo, k=code: c.findData(k) >= 0, timeout=5000)
        combo.setCurrentIndex(combo.findData(code))
        form._picked(level)
        settle(qtbot, win)
    assert form.kode.text() == "33.13.05.2006"
    assert form.names["desa"].text() == "Girilayu"
    assert form.names["kecamatan"].text() == "Matesih"
    form.kepala.setText("Sutrisno")
    form.operator.setText("Wahyuni")
    form.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    win.ctx.runner.shutdown()
    win.ctx.db.close()
    db = open_database(db_path)
    village = db.run(get_village)
    assert (village.desa, village.kepala_desa, village.operator) == (
        "Girilayu",
        "Sutrisno",
        "Wahyuni",
    )
    db.close()


def test_crash_dialog_report_can_be_copied(qtbot):
    from PySide6.QtGui import QGuiApplication

    from ui.crash import CrashDialog

    dialog = CrashDialog("Traceback: contoh laporan")
    qtbot.addWidget(dialog)
    dialog.copy_report()
    assert QGuiApplication.clipboard().text() == "Traceback: contoh laporan"


def test_history_shows_labels_not_codes(qtbot):
    import datetime as dt_

    from jkn_desktop.domain.audit_words import readable
    from jkn_desktop.records.audit import AuditEntry
    from ui.dialogs.history import HistoryDialog

    assert readable("occupation", "9") == "Petani/Pekebun"
    assert readable("status_dasar", "2") == "Mati"
    assert readable("birth_date", "1980-03-12") == "12 Maret 1980"
    assert readable("phone", "") == "—"
    entry = AuditEntry(
        dt_.datetime(2026, 11, 22, 9, 30),
        "Wahyuni",
        "status",
        "resident",
        "3313051203800001",
        "status_dasar",
        "1",
        "2",
        "",
    )
    dialog = HistoryDialog("BUDI", [entry])
    qtbot.addWidget(dialog)
    table = dialog.layout().itemAt(0).widget()
    assert [table.item(0, c).text() for c in range(6)] == [
        "22-11-2026 09.30",
        "Wahyuni",
        "ubah status",
        "Status dasar",
        "Hidup",
        "Mati",
    ]


def test_empty_village_is_told_where_to_start(qtbot, village_db):
    from ui.app import build_window

    win = build_window(village_db.path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    settle(qtbot, win)
    beranda = win.pages["Beranda"]
    assert beranda.cards["living"].value.text() == "0"
    assert beranda.empty_hint.isVisible()
    assert "Belum ada penduduk" in beranda.empty_hint.text()
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def test_typing_the_code_fills_names_and_follows_with_the_lists(qtbot, window):
    from ui.dialogs.identity import FirstRunDialog

    dialog = FirstRunDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, window)
    form = dialog.form
    form.kode.setText("3508012001")
    form._kode_typed()
    qtbot.waitUntil(lambda: form.combos[3].currentData() == "35.08.01.2001", timeout=5000)
    assert form.kode.text() == "35.08.01.2001"
    assert form.names["kabupaten"].text() == "Kabupaten Lumajang"
    form.kode.setText("35.08")
    form._kode_typed()
    settle(qtbot, window)
    assert "PP.KK.SS.DDDD" in form.kode_error.text()
