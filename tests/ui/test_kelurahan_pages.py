"""The window of a kelurahan: no APBDes page, a Lurah and a Musyawarah Kelurahan wherever the
window names the head or the meeting, and back to a desa's words when the code changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from jkn_desktop.domain import usulan as U
from jkn_desktop.services.usulan import proposals as S
from tests.ui.conftest import settle

KALISORO = "33.13.06.1003"  # Kelurahan Kalisoro, Kec. Tawangmangu, Kab. Karanganyar


@pytest.fixture
def kelurahan_db(db):
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    info = db.run(
        resolve_identity,
        KALISORO,
        kepala_desa="Bambang Sutopo",
        sekretaris_desa="Sri Lestari",
        operator="Operator Uji",
    )
    db.run(save_village, info)
    generate(db, 400, seed=3)
    return db


@pytest.fixture
def window(qtbot, kelurahan_db):
    from ui.app import build_window

    win = build_window(kelurahan_db.path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def _label(form, field) -> str:
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def test_a_kelurahan_has_no_apbdes_page(qtbot, window):
    assert window.ctx.village.kind == "kelurahan"
    shown = [
        window.sidebar.item(i).text()
        for i in range(window.sidebar.count())
        if not window.sidebar.item(i).isHidden()
    ]
    assert shown == [
        "Beranda",
        "Penduduk",
        "Keluarga",
        "Kepesertaan JKN",
        "Usulan PBI",
        "Pelayanan",  # a kelurahan has a counter and issues SKTMs too
        "Laporan",
        "Pengaturan",
        "Audit",
    ]
    assert window.visible_pages() == shown
    office = window.pages["Pelayanan"]
    assert office.tabs.tabText(2) == "Perangkat kelurahan"  # a kelurahan's own staff
    window._nth_page(6)  # Ctrl+7 opens the seventh page the sidebar shows
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.pages["Laporan"]
    assert "Kelurahan Kalisoro" in window.windowTitle()
    assert window.village_label.text().startswith("Kelurahan Kalisoro · 33.13.06.1003")
    beranda = window.show_page("Beranda")
    settle(qtbot, window)
    assert beranda.village_label.text().startswith("Kelurahan Kalisoro, Kecamatan Tawangmangu")
    assert "Desa " not in beranda.village_label.text()


def test_laporan_offers_no_apbdes_report_and_names_the_musyawarah_kelurahan(qtbot, window):
    page = window.show_page("Laporan")
    settle(qtbot, window)
    titles = {
        page.docs.item(i).data(Qt.ItemDataRole.UserRole): page.docs.item(i).text()
        for i in range(page.docs.count())
    }
    assert "apbdes" not in titles
    assert titles["berita_acara"] == "Berita acara Musyawarah Kelurahan (PDF)"
    assert titles["paket"] == "Paket data kelurahan untuk kecamatan (XLSX)"
    assert not any("Desa" in t or "APBDes" in t for t in titles.values())
    assert page.meeting_label.text() == "Musyawarah Kelurahan"
    page.docs.setCurrentRow(list(titles).index("berita_acara"))
    settle(qtbot, window)
    assert (
        page.preview.text()
        == "Belum ada Musyawarah Kelurahan yang dicatat. Catat di halaman Usulan PBI."
    )
    page.docs.setCurrentRow(list(titles).index("paket"))
    settle(qtbot, window)
    assert "Paket data kelurahan untuk kecamatan" in page.preview.text()
    assert "APBDes" not in page.preview.text()


def test_usulan_approves_in_a_musyawarah_kelurahan(qtbot, window, kelurahan_db, monkeypatch):
    from ui.pages import usulan as page_module

    page = window.show_page("Usulan PBI")
    settle(qtbot, window)
    assert page.musdes_btn.text() == "Setujui di Musyawarah Kelurahan…"
    assert page.tabs.tabText(2) == "Musyawarah Kelurahan"
    assert page.meeting_hint.text() == (
        "Berita acara dicetak dari halaman Laporan (Berita acara Musyawarah Kelurahan)."
    )
    page.suggest_view.selectRow(0)
    page._accept()
    settle(qtbot, window)
    seen = {}

    def meet(dialog):
        seen.update(
            title=dialog.windowTitle(),
            place=dialog.place.text(),
            hint=dialog.people.placeholderText(),
            note=" ".join(w.text() for w in dialog.findChildren(QLabel)),
        )
        dialog.ba.setText("400/01/BA/2026")
        dialog.people.setPlainText("Bambang Sutopo — Lurah\nHarjono — Ketua LPM")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved_id else QDialog.DialogCode.Rejected

    monkeypatch.setattr(page_module.MusdesDialog, "exec", meet)
    page._musdes()
    settle(qtbot, window)
    assert seen["title"] == "Catat Musyawarah Kelurahan"
    assert seen["place"] == "Kantor Kelurahan"
    assert "— Lurah" in seen["hint"]
    assert "Ketua LPM" in seen["hint"]
    assert "dicatat sebagai disetujui Musyawarah Kelurahan." in seen["note"]
    assert "Desa" not in seen["hint"]
    (approved,) = kelurahan_db.run(S.proposals, page.current_period(), write=False)
    assert approved.status == U.DISETUJUI
    assert page.model.data(page.model.index(0, 0)) == "Disetujui Musyawarah Kelurahan"
    laporan = window.show_page("Laporan")
    settle(qtbot, window)
    keys = [
        laporan.docs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(laporan.docs.count())
    ]
    laporan.docs.setCurrentRow(keys.index("berita_acara"))
    settle(qtbot, window)
    assert "halaman 1 dari 1" in laporan.preview_title.text()
    assert not laporan.preview.pixmap().isNull()


def test_pengaturan_shows_the_lurah_and_no_apbdes_settings(qtbot, window):
    page = window.show_page("Pengaturan")
    settle(qtbot, window)
    form = page.form
    assert _label(form.form, form.names["desa"]) == "Nama kelurahan"
    assert _label(form.form, form.kepala) == "Lurah"
    assert _label(form.form, form.sekdes) == "Sekretaris Kelurahan"
    assert form.kepala.text() == "Bambang Sutopo"
    assert page.tabs.tabText(0) == "Identitas kelurahan dan target"
    assert page.save_btn.text() == "Simpan identitas kelurahan"
    assert page.logo_box.title() == "Logo kelurahan (kop surat)"
    assert page.apbdes_box.isHidden()
    shown_tabs = [
        page.tabs.tabText(i) for i in range(page.tabs.count()) if page.tabs.isTabVisible(i)
    ]
    assert "Kode APBDes" not in shown_tabs
    assert "APBDes" not in page.rates.intro.text()
    # typing a desa's code: the labels follow before anything is saved
    form.kode.setText("33.13.05.2006")
    assert _label(form.form, form.kepala) == "Kepala Desa"
    assert _label(form.form, form.sekdes) == "Sekretaris Desa"
    assert _label(form.form, form.names["desa"]) == "Nama desa"


def test_saving_a_desa_code_brings_the_apbdes_page_back(qtbot, window):
    page = window.show_page("Pengaturan")
    settle(qtbot, window)
    form = page.form
    form.kode.setText("33.13.05.2006")
    form._kode_typed()
    settle(qtbot, window)
    form.kepala.setText("Sutrisno")
    form.sekdes.setText("Wahyuni")
    form.save()
    settle(qtbot, window)
    assert window.ctx.village.kind == "desa"
    assert "APBDes" in window.visible_pages()
    assert window.village_label.text().startswith("Desa Girilayu")
    assert not page.apbdes_box.isHidden()
    assert page.tabs.isTabVisible(page.tabs.indexOf(page.codes))
    assert page.tabs.tabText(0) == "Identitas desa dan target"
    usulan = window.show_page("Usulan PBI")
    settle(qtbot, window)
    assert usulan.musdes_btn.text() == "Setujui di Musdes…"
    assert usulan.tabs.tabText(2) == "Musyawarah Desa"
    laporan = window.show_page("Laporan")
    settle(qtbot, window)
    keys = [
        laporan.docs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(laporan.docs.count())
    ]
    assert "apbdes" in keys
    assert laporan.meeting_label.text() == "Musyawarah Desa"
    window.show_page("APBDes")
    settle(qtbot, window)


def test_first_run_labels_follow_the_chosen_village(qtbot, window):
    from ui.dialogs.identity import FirstRunDialog

    dialog = FirstRunDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, window)
    form = dialog.form
    intro = dialog.findChildren(QLabel)[0].text()
    assert "desa atau kelurahan" in intro
    assert "Lurah" in intro
    assert _label(form.form, form.kepala) == "Kepala Desa"  # nothing chosen yet
    form.kode.setText("3313091012")
    form._kode_typed()
    settle(qtbot, window)
    assert form.kode.text() == "33.13.09.1012"
    assert form.names["desa"].text() == "Gedong"
    assert _label(form.form, form.kepala) == "Lurah"
    assert _label(form.form, form.sekdes) == "Sekretaris Kelurahan"
    dialog.close()


def test_a_card_is_seen_at_the_kantor_kelurahan(qtbot, window, kelurahan_db):
    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.services.membership import kepesertaan
    from ui.dialogs.membership_dialog import MembershipDialog

    ids = kelurahan_db.run(kepesertaan.query_ids, JknFilter(segment="pbi_apbn"), write=False)
    person = kelurahan_db.run(kepesertaan.fetch_rows, ids[:1], write=False)[0]
    dialog = MembershipDialog(window.ctx, person, parent=window)
    qtbot.addWidget(dialog)
    choices = [dialog.source.itemText(i) for i in range(dialog.source.count())]
    assert "Kartu dilihat di kantor kelurahan" in choices
    assert not any("desa" in c for c in choices)
    dialog.close()
