"""A resident dialog left open while someone else corrected the record: saving shows who changed
what; "Muat ulang data terbaru" shows the newest data, "Simpan isian saya" overwrites on purpose."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTableWidget

from jkn_desktop.records.people import Actor
from jkn_desktop.records.residents import ResidentFilter
from jkn_desktop.services.registry import resident_search, residents
from tests.ui.conftest import settle

BUDI = Actor(username="budi", roles=("operator",), full_name="Budi")


def _answer(choose: str, seen: list[list[str]]) -> None:
    from ui.dialogs.conflict import ConflictDialog

    def act() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ConflictDialog) and w.isVisible():
                grid = w.findChild(QTableWidget)
                seen.append([grid.item(0, c).text() for c in range(3)] + [w.windowTitle()])
                (w.reload_btn if choose == "reload" else w.overwrite_btn).click()
                return
        QTimer.singleShot(30, act)

    QTimer.singleShot(30, act)


def test_a_stale_resident_dialog_shows_the_change_then_reloads_or_overwrites(
    qtbot, window, demo_db
) -> None:
    from ui.dialogs.resident_dialog import ResidentDialog

    rid = demo_db.run(resident_search.query_ids, ResidentFilter(), write=False)[0]
    detail = demo_db.run(residents.get, rid, write=False)
    dialog = ResidentDialog(window.ctx, detail, parent=window)
    qtbot.addWidget(dialog)
    # meanwhile Budi corrects the mother's name from another window
    demo_db.run(
        residents.update_resident,
        rid,
        dataclasses.replace(detail, mother_name="KARTINI"),
        opened=detail,
        user=BUDI,
    )
    dialog.phone.setText("081234567890")
    seen: list[list[str]] = []
    _answer("reload", seen)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    settle(qtbot, window)
    assert seen[0][0] == "Nama ibu"
    assert seen[0][2] == "KARTINI"
    assert dialog.mother.text() == "KARTINI"  # the newest data is on screen now
    assert demo_db.run(residents.get, rid, write=False).phone == detail.phone  # nothing written

    # saving again after the reload goes through: nothing changed since it was loaded
    dialog.phone.setText("081234567890")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    now = demo_db.run(residents.get, rid, write=False)
    assert (now.mother_name, now.phone) == ("KARTINI", "081234567890")
