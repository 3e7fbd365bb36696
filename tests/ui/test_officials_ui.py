"""Pelayanan › Perangkat desa as the secretary uses it: the demo's officials with their families and
flags, a newly appointed perangkat added from the dialog and flagged at once, a suggestion added in
one click, someone leaving office, and the list saved as PDF and previewed in Laporan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import officials as O
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.services.membership import kepesertaan
from jkn_desktop.services.office import officials as S
from tests.ui.conftest import settle


def _tab(qtbot, window):
    page = window.show_page("Pelayanan")
    settle(qtbot, window)
    page.tabs.setCurrentWidget(page.officials)
    settle(qtbot, window)
    return page.officials


def _top_items(tab):
    return [tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())]


def _item_of(tab, name):
    return next(item for item in _top_items(tab) if item.text(1) == name)


def test_the_tab_shows_the_officials_their_families_and_the_flags(qtbot, window, demo_db):
    tab = _tab(qtbot, window)
    summary = demo_db.run(S.summary, write=False)
    assert tab.tree.topLevelItemCount() == summary.officials
    assert f"{summary.on_ppu}</b> peserta PPU aktif" in tab.summary.text()
    assert f"{summary.not_ppu} bukan PPU aktif" in tab.summary.text()
    items = _top_items(tab)
    assert items[0].text(0) == "Kepala Desa"
    flagged = [i for i in items if i.text(5) == "Perlu tindakan"]
    assert len(flagged) == summary.not_ppu
    steps = {i.child(0).text(0) for i in flagged}
    assert f"⚠ Langkah berikutnya: {O.step_text(O.DAFTAR_PPU)}" in steps
    assert flagged[0].foreground(3).color().name() == "#b3261e"
    ok = next(i for i in items if i.text(5) == "PPU aktif")
    assert ok.foreground(3).color().name() == "#1e7b34"
    assert ok.childCount() >= 1  # the family under the official
    assert tab.hint.isVisible()
    assert tab.suggested.count() == len(demo_db.run(S.suggestions, write=False))


def test_adding_an_official_from_the_dialog_shows_the_flag(qtbot, window, demo_db, monkeypatch):
    from ui.dialogs.official_dialog import OfficialDialog
    from ui.pages.office import officials_tab

    tab = _tab(qtbot, window)
    before = tab.tree.topLevelItemCount()
    ids = demo_db.run(kepesertaan.query_ids, JknFilter(segment=J.BELUM_TERDAFTAR), write=False)
    listed = {o.resident_id for o in demo_db.run(S.officials, write=False)}
    person = next(
        p
        for p in demo_db.run(kepesertaan.fetch_rows, ids, write=False)
        if p.id not in listed and (p.age() or 0) >= 20
    )

    def fill(dialog: OfficialDialog) -> QDialog.DialogCode:
        dialog.search.setText(person.nik)
        dialog.search_now()
        settle(qtbot, window)
        dialog.found.selectRow(0)
        assert person.name in dialog.chosen.text()
        dialog.position.setCurrentText("Kepala Seksi Pemerintahan")
        dialog.sk.setText("141/40/KPTS/2026")
        dialog._save()
        settle(qtbot, window)
        return dialog.result()

    monkeypatch.setattr(officials_tab.OfficialDialog, "exec", fill)
    tab.add()
    settle(qtbot, window)
    assert tab.tree.topLevelItemCount() == before + 1
    item = _item_of(tab, person.name)
    assert item.text(0) == "Kepala Seksi Pemerintahan"
    assert item.text(5) == "Perlu tindakan"
    assert item.child(0).text(0) == f"⚠ Langkah berikutnya: {O.step_text(O.DAFTAR_PPU)}"
    assert item.foreground(3).color().name() == "#b3261e"


def test_a_bad_entry_is_explained_in_the_dialog(qtbot, window, demo_db):
    from ui.dialogs.official_dialog import OfficialDialog

    _tab(qtbot, window)
    dialog = OfficialDialog(window.ctx, parent=window)
    qtbot.addWidget(dialog)
    dialog._save()  # nobody picked
    settle(qtbot, window)
    assert dialog.error.text() == "✖ Pilih penduduk yang menjabat (cari dengan NIK atau nama)."
    head = next(
        c for c in demo_db.run(S.officials_list, write=False) if c.official.kind == "kepala"
    )
    dialog.search.setText(head.official.nik)
    dialog.search_now()
    settle(qtbot, window)
    dialog.found.selectRow(0)
    dialog.position.setCurrentText("Sekretaris Desa")
    dialog._save()
    settle(qtbot, window)
    assert "sudah tercatat menjabat sebagai Kepala Desa" in dialog.error.text()


def test_a_suggestion_is_added_in_one_click_then_ends_office(qtbot, window, demo_db, monkeypatch):
    from ui.pages.office import officials_tab

    tab = _tab(qtbot, window)
    offered = demo_db.run(S.suggestions, write=False)
    tab.suggested.setCurrentIndex(0)
    tab.suggest_btn.click()
    settle(qtbot, window)
    added = _item_of(tab, offered[0].name)
    assert added.text(0) == offered[0].position
    assert tab.suggested.count() == len(offered) - 1

    tab.tree.setCurrentItem(added)
    assert tab.end_btn.isEnabled()

    def leave(dialog) -> QDialog.DialogCode:
        dialog.reason.setText("mengundurkan diri")
        dialog._save()
        settle(qtbot, window)
        return dialog.result()

    monkeypatch.setattr(officials_tab.EndOfficeDialog, "exec", leave)
    tab.end()
    settle(qtbot, window)
    assert offered[0].name not in [i.text(1) for i in _top_items(tab)]
    history = demo_db.run(S.officials, write=False, include_ended=True)
    assert any(o.name == offered[0].name and o.ended_on for o in history)


def test_the_list_is_saved_as_pdf_and_offered_in_laporan(qtbot, window, tmp_path):
    tab = _tab(qtbot, window)
    out = tmp_path / "perangkat.pdf"
    tab.save_to(out)
    settle(qtbot, window)
    assert out.read_bytes().startswith(b"%PDF")
    assert "halaman" in tab.status.text()
    page = window.show_page("Laporan")
    settle(qtbot, window)
    keys = [page.docs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.docs.count())]
    page.docs.setCurrentRow(keys.index("perangkat"))
    settle(qtbot, window)
    assert "halaman 1 dari" in page.preview_title.text()
    assert not page.mask_nik.isVisible()
