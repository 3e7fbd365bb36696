"""Penerimaan Paket in the window (issue #15): a folder dropped on the page with good and bad
packages shows both lists; a village's first signed package asks for its fingerprint; a package
signed with another key is taken in only after the key is re-registered with a reason; a package
is returned to its village with a note. Real village databases, real packages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from tests.kecamatan_helpers import VILLAGES, at, export, make_kecamatan, make_village
from tests.ui.conftest import settle


@pytest.fixture(scope="module")
def sent(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two villages of Matesih and one of another kecamatan, their October packages, a second
    laptop of the first village (another key), and what a WhatsApp folder also holds."""
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.regions import children

    root = tmp_path_factory.mktemp("kirim")
    a = make_village(template_db, root / "desa", VILLAGES[0], seed=21, residents=120)
    b = make_village(template_db, root / "desa", VILLAGES[1], seed=22, residents=120)
    probe = open_database(template_db)
    other_code = probe.run(children, "33.13.06", write=False)[0].code
    probe.close()
    c = make_village(template_db, root / "lain", other_code, seed=23, residents=60)
    a2 = make_village(template_db, root / "laptop_baru", VILLAGES[0], seed=24, residents=60)
    wa = root / "WhatsApp Documents"
    pa = export(a, "2026-10", wa / "paket_a_2026-10.xlsx", at=at(3))
    export(b, "2026-10", wa / "paket_b_2026-10.xlsx", at=at(4))
    export(c, "2026-10", wa / "paket_desa_lain_2026-10.xlsx", at=at(4))
    altered = wa / "paket_a_2026-10_diedit.xlsx"
    shutil.copyfile(pa, altered)
    book = openpyxl.load_workbook(altered)
    sheet = book["Penduduk"]
    sheet.cell(2, 3).value = "NAMA DIUBAH DI EXCEL"
    book.save(altered)
    notes = openpyxl.Workbook()
    notes.active.append(["catatan rapat", "bukan paket"])
    notes.save(wa / "catatan_rapat.xlsx")
    (wa / "foto_kegiatan.jpg").write_bytes(b"\xff\xd8\xff not really a photo")
    other_key = export(a2, "2026-11", root / "laptop_baru" / "paket_a_2026-11.xlsx", at=at(2, 12))
    for db in (a, b, c, a2):
        db.close()
    return {"folder": wa, "a": pa, "other_key": other_key, "other_code": other_code}


@pytest.fixture
def kec_window(qtbot, template_db: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from jkn_desktop.domain.roles import ROLES
    from jkn_desktop.records.people import Actor
    from ui.app import build_window

    db = make_kecamatan(template_db, tmp_path / "kec")
    path = db.path
    db.close()
    win = build_window(path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def _drop(page, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)


def _answer(cls, answer, seen: list, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Answer the next ``times`` dialogs of ``cls`` once each is up (they run modally); the
    polling ends after that, or after 20 seconds, so it never reaches into the next test."""
    import time

    until = time.monotonic() + 20
    left = [times]

    def poll() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, cls) and w.isVisible() and w not in seen:
                seen.append(w)
                left[0] -= 1
                answer(w)
                break
        if left[0] > 0 and time.monotonic() < until:
            QTimer.singleShot(30, poll)

    QTimer.singleShot(30, poll)


def _wait(qtbot, win, condition) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: (settle(qtbot, win, 1), bool(condition()))[1], timeout=30000)


def _confirm_keys(seen: list, villages: int) -> None:
    """Every village's new key confirmed (the staff compared the Berita Acara)."""
    from ui.dialogs.kecamatan_dialogs import KeyConfirmDialog

    _answer(KeyConfirmDialog, lambda d: d.yes.click(), seen, times=villages)


def test_a_dropped_folder_shows_what_was_received_and_what_was_refused(
    qtbot, kec_window, sent
) -> None:
    from jkn_desktop.services.kecamatan.packages import packages
    from ui.dialogs.kecamatan_dialogs import ReturnDialog

    win = kec_window
    page = win.show_page("Penerimaan Paket")
    settle(qtbot, win)
    asked: list = []
    _confirm_keys(asked, 2)
    _drop(page, [sent["folder"]])
    _wait(qtbot, win, lambda: len(page.received_model.rows()) == 2)
    received = page.received_model.rows()
    assert sorted(r.kode_wilayah for r in received) == list(VILLAGES[:2])
    refused = {r.file: r for r in page.refused_model.rows()}
    assert set(refused) == {
        "catatan_rapat.xlsx",
        "paket_a_2026-10_diedit.xlsx",
        "paket_desa_lain_2026-10.xlsx",
    }
    assert refused["paket_desa_lain_2026-10.xlsx"].code == "PAKET_KECAMATAN_LAIN"
    assert refused["paket_a_2026-10_diedit.xlsx"].code == "PAKET_DIUBAH"
    assert "foto_kegiatan.jpg" not in refused  # a folder's other files are passed over
    assert "2 paket baru diterima" in page.summary.text()
    assert "3 tidak diterima" in page.summary.text()
    assert page.refused_title.text() == "Tidak diterima (3)"
    # the reasons on screen are the Indonesian sentences, never the codes
    view = page.refused_view
    reason = view.model().index(0, 3).data()
    assert reason
    assert "PAKET_" not in reason
    assert len({a.fingerprint.text() for a in asked}) == len(asked)  # one question per village

    # the matrix: the two villages' October received, the others not (the state words depend on
    # today's date against the deadline, so either of the two words of each kind)
    from jkn_desktop.services.kecamatan.identity import villages

    listed = {v.kode_wilayah: v for v in win.ctx.db.run(villages, write=False)}
    matrix = win.show_page("Matriks Pengiriman")
    settle(qtbot, win)
    assert matrix.year.value() == 2026
    october = _headers(matrix.table).index("Oktober")
    sent_row = matrix.row_texts(listed[VILLAGES[0]].full_name)
    assert sent_row[october] in ("tepat waktu", "terlambat")
    silent = matrix.row_texts(listed[VILLAGES[2]].full_name)
    assert silent[october] in ("belum dikirim", "menunggu")
    expected = sum(v.expected for v in listed.values())
    assert matrix.row_texts("Diterima")[october] == f"2 dari {expected}"
    rate = f"{round(100 * 2 / expected, 1):.1f}%".replace(".", ",")
    assert matrix.row_texts("Tingkat pelaporan")[october] == rate
    page = win.show_page("Penerimaan Paket")
    settle(qtbot, win)

    # the list of packages; returning one to its village with a note
    page.tabs.setCurrentIndex(1)
    page.reload()
    settle(qtbot, win)
    assert len(page.package_model.rows()) == 2
    page.package_view.selectRow(0)
    assert page.return_btn.isEnabled()
    first = page.package_model.rows()[0]
    dialog = ReturnDialog(win.ctx, first, page)
    qtbot.addWidget(dialog)
    dialog._save()  # no note: refused under the field
    settle(qtbot, win)
    assert "catatan" in dialog.error.text().lower()
    dialog.note.setPlainText("Data kepesertaan bulan Oktober belum diperbarui.")
    dialog._save()
    _wait(qtbot, win, lambda: dialog.result() == 1)
    page.reload()
    settle(qtbot, win)
    row = next(p for p in page.package_model.rows() if p.id == first.id)
    assert row.returned_note == "Data kepesertaan bulan Oktober belum diperbarui."
    state_col = [c.header for c in page.package_model._columns].index("Keadaan")
    shown = page.package_model.rows().index(row)
    assert page.package_model.index(shown, state_col).data() == "dikembalikan ke desa"
    assert len(win.ctx.db.run(packages, write=False)) == 2
    matrix = win.show_page("Matriks Pengiriman")
    settle(qtbot, win)
    returned = next(v for v in listed.values() if v.kode_wilayah == first.kode_wilayah)
    assert matrix.row_texts(returned.full_name)[october] == "dikembalikan"


def _headers(table) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_a_new_key_is_registered_only_after_its_fingerprint_is_confirmed(
    qtbot, kec_window, sent
) -> None:
    from jkn_desktop.services.kecamatan.identity import villages
    from jkn_desktop.services.usulan.package_verify import verify_package
    from ui.dialogs.kecamatan_dialogs import KeyConfirmDialog

    win = kec_window
    page = win.show_page("Penerimaan Paket")
    settle(qtbot, win)
    check = verify_package(sent["a"], dt.datetime.now().astimezone())
    assert check.signed, "the village's package is signed (format 3)"
    # the staff find the fingerprint does not match the Berita Acara: nothing taken in
    asked: list = []
    _answer(KeyConfirmDialog, lambda d: d.no.click(), asked)
    _drop(page, [sent["a"]])
    _wait(qtbot, win, lambda: bool(asked) and page.refused_model.rows())
    assert asked[0].fingerprint.text() == check.fingerprint
    assert "Berita Acara" in " ".join(w.text() for w in asked[0].findChildren(type(page.summary)))
    assert page.received_model.rows() == []
    assert page.refused_model.rows()[0].code == "PAKET_KUNCI_BARU"
    kode = VILLAGES[0]
    assert (
        next(v for v in win.ctx.db.run(villages, write=False) if v.kode_wilayah == kode).fingerprint
        == ""
    )
    # dropped again and confirmed: the key is registered and the package taken in
    asked.clear()
    _answer(KeyConfirmDialog, lambda d: d.yes.click(), asked)
    _drop(page, [sent["a"]])
    _wait(qtbot, win, lambda: len(page.received_model.rows()) == 1)
    assert page.refused_model.rows() == []
    listed = next(v for v in win.ctx.db.run(villages, write=False) if v.kode_wilayah == kode)
    assert listed.fingerprint == check.fingerprint


def test_another_key_needs_the_village_re_registered_with_a_reason(qtbot, kec_window, sent) -> None:
    from jkn_desktop.services.kecamatan.identity import villages
    from ui.dialogs.kecamatan_dialogs import ReregisterDialog

    win = kec_window
    page = win.show_page("Penerimaan Paket")
    settle(qtbot, win)
    _confirm_keys([], 1)
    _drop(page, [sent["a"]])
    _wait(qtbot, win, lambda: len(page.received_model.rows()) == 1)
    # the village's new laptop signs November with another key: refused, and says why
    _drop(page, [sent["other_key"]])
    _wait(qtbot, win, lambda: len(page.refused_model.rows()) == 1)
    refusal = page.refused_model.rows()[0]
    assert refusal.code == "PAKET_KUNCI_LAIN"
    assert not page.reregister_btn.isEnabled()
    page.refused_view.selectRow(0)
    assert page.reregister_btn.isEnabled()

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog._accept()  # no reason: refused under the field
        assert "alasan" in dialog.error.text().lower()
        dialog.reason.setText("Laptop desa diganti, dipastikan lewat telepon ke Kepala Desa")
        dialog._accept()

    seen: list = []
    _answer(ReregisterDialog, answer, seen)
    page.reregister_btn.click()
    _wait(qtbot, win, lambda: len(page.received_model.rows()) == 1)
    assert page.received_model.rows()[0].period == "2026-11"
    assert page.refused_model.rows() == []
    listed = next(v for v in win.ctx.db.run(villages, write=False) if v.kode_wilayah == VILLAGES[0])
    assert listed.fingerprint == refusal.fingerprint


def test_cancel_stops_between_packages_and_keeps_what_was_taken_in(
    template_db: Path, tmp_path: Path, sent
) -> None:
    from jkn_desktop.services.kecamatan.packages import packages
    from ui.pages.kecamatan.penerimaan import receive_job
    from ui.tasks import Progress

    db = make_kecamatan(template_db, tmp_path / "kec")
    steps: list[tuple[int, int]] = []

    def seen(done: int, total: int) -> None:
        steps.append((done, total))
        if done >= 1:  # the person presses Batal once the first package is in
            progress.cancel()

    progress = Progress(seen)
    outcome = receive_job(db, [sent["folder"]], "demo", register_new_keys=True, progress=progress)
    assert outcome.cancelled
    assert outcome.total == 5  # the five .xlsx files of the folder (the photo passed over)
    read = len(outcome.report.received) + len(outcome.report.refused)
    assert read < outcome.total
    kept = db.run(packages, write=False)
    assert len(kept) == len([r for r in outcome.report.received if not r.already])
    db.close()
