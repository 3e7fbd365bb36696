"""No internal word on the screens a village uses: every page's labels, buttons, tabs, table
headers and list entries, and a resident's change history, are read for the program's keys
(snake_case such as ``no_kk`` or ``pbi_apbn``) and raw codes such as ``ppu/aktif``."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from tests.ui.conftest import settle
from tests.wording import internal_words


def test_the_pattern_finds_what_the_issue_reported():
    assert internal_words("Format (no_kk)") == ["no_kk"]
    assert internal_words("membership / jkn / ppu/aktif per 2026-10-12") == ["ppu/aktif"]
    assert internal_words("PBI APBN, aktif per 12 Oktober 2026 (No. KK)") == []
    assert internal_words("disimpan di /tmp/x_y/belum_terlindungi.xlsx") == []


def shown_texts(root: QWidget) -> dict[str, str]:
    """Every text a person can read in ``root``, by where it is."""
    found: dict[str, str] = {}
    for w in [root, *root.findChildren(QWidget)]:
        where = f"{type(w).__name__} {w.objectName()} #{id(w)}"
        if isinstance(w, QLabel | QAbstractButton):
            found[f"{where}: {w.text()}"] = w.text()
            found[f"{where} (tip)"] = w.toolTip()
        elif isinstance(w, QGroupBox):
            found[f"{where}: {w.title()}"] = w.title()
        elif isinstance(w, QLineEdit):
            found[f"{where}: {w.placeholderText()}"] = w.placeholderText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                found[f"{where} item {i}"] = w.itemText(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                found[f"{where} tab {i}"] = w.tabText(i)
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: one column
                columns = 1
            for c in range(columns):
                head = model.headerData(c, Qt.Orientation.Horizontal)
                found[f"{where} header {c}"] = str(head or "")
            for r in range(min(model.rowCount(QModelIndex()), 30)):
                for c in range(columns):
                    value = model.index(r, c).data()
                    found[f"{where} cell {r},{c}"] = "" if value is None else str(value)
    return found


def test_no_page_shows_a_field_key_or_a_raw_code(qtbot, window):
    bad: dict[str, list[str]] = {}
    for name in window.visible_pages():
        page = window.show_page(name)
        settle(qtbot, window)
        for where, text in shown_texts(page).items():
            words = internal_words(text)
            if words:
                bad[f"{name} › {where}"] = words
    assert not bad, bad


def test_a_residents_history_is_in_plain_words(qtbot, window):
    """The membership entries of a demo resident, and one in the codes an older version wrote
    ("ppu/aktif per 2026-10-12 (kartu)", what the issue saw), read as sentences."""
    import datetime as dt

    from jkn_desktop.persistence.tables import audit_t
    from jkn_desktop.services import audit
    from jkn_desktop.services.registry import resident_search
    from tests.jobs import writing
    from ui.dialogs.history import HistoryDialog

    db = window.ctx.db
    window.ctx.runner.wait_idle()
    person = db.run(resident_search.search, "a", write=False)[0]
    with writing(db) as conn:
        conn.execute(
            audit_t.insert().values(
                at=dt.datetime.now(),
                actor="operator",
                action="membership",
                entity="resident",
                entity_id=person.id,
                entity_key="",
                field="kepesertaan JKN",
                new_value="ppu/aktif per 2026-10-12 (kartu)",
                reason="",
            )
        )
    entries = db.run(audit.history, "resident", person.id, write=False)
    dialog = HistoryDialog(person.name, entries)
    qtbot.addWidget(dialog)
    texts = shown_texts(dialog)
    assert "PPU, aktif per 12 Oktober 2026 (kartu dilihat di kantor desa)" in texts.values()
    assert "catat kepesertaan" in texts.values()
    bad = {where: internal_words(t) for where, t in texts.items() if internal_words(t)}
    assert not bad, bad


def test_the_import_preview_and_mapping_speak_plainly(qtbot, window, tmp_path):
    """The mapping's field names, the preview's counts and the issues: no key, no code."""
    from tests.ui.test_import_wizard import HEAD, click, open_wizard, workbook

    path = workbook(
        tmp_path / "warga.xlsx",
        [
            HEAD,
            ["3313051203800901", "3313050306229901", "BUDI UTOMO", "L", "12-03-1980", "Ayah"],
            ["3313053202850903", "3313050306229901", "TANPA TANGGAL", "X", "", "Anak"],
        ],
    )
    _, wizard = open_wizard(qtbot, window, path)
    click(qtbot, wizard.next_btn)  # → mapping
    mapping = shown_texts(wizard.mapping_step)
    click(qtbot, wizard.next_btn)  # → preview
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 2
    preview = shown_texts(wizard.preview_step)
    assert any(t == "Kesalahan (ditolak)" for t in preview.values())
    codes = {i.code for i in wizard.dry.issues}
    assert codes  # the file has problems, each with its code behind the scenes
    bad = {
        where: text
        for where, text in {**mapping, **preview}.items()
        if internal_words(text) or any(code in text for code in codes)
    }
    assert not bad, bad
