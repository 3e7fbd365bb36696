"""The import wizard, driven as an operator would: file, mapping, preview with issues, import,
summary and the workbook of rows to fix; a wrong column fixed by hand; a Cancel that writes
nothing; a file that is not a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt

from jkn_desktop.errors import Cancelled
from jkn_desktop.services.registry import resident_search
from jkn_desktop.services.registry.stats import registry_stats
from tests.ui.conftest import settle

HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK"]


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR WARGA BARU DESA GIRILAYU"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def open_wizard(qtbot, window, path):
    page = window.show_page("Penduduk")
    settle(qtbot, window)
    wizard = page.open_import(path)
    qtbot.addWidget(wizard)
    settle(qtbot, window)
    return page, wizard


def test_import_from_file_to_summary(qtbot, window, demo_db, tmp_path):
    before = demo_db.run(registry_stats).residents
    path = workbook(
        tmp_path / "warga.xlsx",
        [
            HEAD,
            [
                "3313051203800901",
                "3313050306229901",
                "BUDI UTOMO",
                "L",
                "12-03-1980",
                "Kepala Keluarga",
            ],
            ["3313054506850902", "3313050306229901", "SITI AMINAH", "P", "05-06-1985", "Istri"],
            ["3313053202850903", "3313050306229901", "TANPA TANGGAL", "L", "", "Anak"],  # day 32
        ],
    )
    page, wizard = open_wizard(qtbot, window, path)
    assert "baris 2" in wizard.file_step.header_info.text()
    assert wizard.next_btn.isEnabled()

    click(qtbot, wizard.next_btn)  # → mapping
    assert wizard.stack.currentIndex() == 1
    assert wizard.mapping() == {
        0: "nik",
        1: "no_kk",
        2: "name",
        3: "sex",
        4: "birth_date",
        5: "shdk",
    }

    click(qtbot, wizard.next_btn)  # → preview (dry run on the worker)
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 2
    preview = wizard.preview_step
    assert (preview.c_created.number.text(), preview.c_rejected.number.text()) == ("2", "1")
    assert demo_db.run(registry_stats).residents == before  # nothing written yet
    preview.issue_filter.setCurrentIndex(preview.issue_filter.findData("error"))
    shown = preview.issue_model.rows()
    assert [(i.row, i.code) for i in shown] == [(5, "NIK_DATE_INVALID")]

    click(qtbot, wizard.next_btn)  # Impor sekarang
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 3
    assert "2 penduduk ditambahkan" in wizard.done_step.done_text.text()
    assert demo_db.run(registry_stats).residents == before + 2
    settle(qtbot, window)
    budi = demo_db.run(resident_search.search, "BUDI UTOMO")[0]
    assert budi.id in page.model.ids()  # the Penduduk list was refreshed

    out = tmp_path / "perbaiki.xlsx"
    wizard.save_issues_to(out)
    settle(qtbot, window)
    assert "1 baris bermasalah" in wizard.done_step.saved_note.text()
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "3313053202850903"
    assert ws.cell(2, 1).data_type == "s"
    # the problem in words, never the program's internal code
    assert any(isinstance(v, str) and "tanggal" in v.lower() for v in rows[1][-2:])
    assert not any(isinstance(v, str) and "NIK_DATE_INVALID" in v for v in rows[1])


def test_unrecognised_nik_column_is_chosen_by_hand_and_remembered(qtbot, window, demo_db, tmp_path):
    rows = [
        ["IDENTITAS", "NO KK", "NAMA", "JK"],
        ["3313051203800911", "3313050306229911", "JOKO", "L"],
    ]
    path = workbook(tmp_path / "aneh.xlsx", rows)
    _, wizard = open_wizard(qtbot, window, path)
    click(qtbot, wizard.next_btn)
    assert wizard.stack.currentIndex() == 1
    assert not wizard.next_btn.isEnabled()
    assert "NIK" in wizard.message.text()
    wizard.set_field(0, "nik")
    assert wizard.next_btn.isEnabled()
    assert not wizard.message.text()
    wizard.set_field(2, "nik")  # the same field twice is refused
    assert not wizard.next_btn.isEnabled()
    assert "lebih dari satu kolom" in wizard.message.text()
    wizard.set_field(2, "name")
    click(qtbot, wizard.next_btn)
    settle(qtbot, window)
    click(qtbot, wizard.next_btn)
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 3
    wizard.close()

    # the next file with the same header opens with the mapping the operator chose
    again = workbook(tmp_path / "aneh2.xlsx", rows)
    _, second = open_wizard(qtbot, window, again)
    assert "diingat" in second.file_step.header_info.text()
    click(qtbot, second.next_btn)
    assert second.mapping()[0] == "nik"


def test_the_import_takes_the_rows_the_preview_showed(
    qtbot, window, demo_db, tmp_path, monkeypatch
):
    """The preview reads and checks the file; the import writes those rows without reading the
    file again, and the summary says what the preview said."""
    from jkn_desktop.services.registry import resident_import

    rows = [HEAD] + [
        [
            f"331305120380{i:04d}",
            "3313050306229931",
            f"WARGA PRATINJAU {i}",
            "L",
            "12-03-1980",
            "Anak",
        ]
        for i in range(1, 60)
    ]
    rows.append(["3313051203800000", "3313050306229931", "NOMOR URUT NOL", "L", "", "Anak"])
    path = workbook(tmp_path / "pratinjau.xlsx", rows)
    reads: list[str] = []
    parse = resident_import.parse_resident_sheet

    def counted(*args, **kwargs):
        reads.append(str(args[0]))
        return parse(*args, **kwargs)

    monkeypatch.setattr(resident_import, "parse_resident_sheet", counted)
    before = demo_db.run(registry_stats).residents
    _, wizard = open_wizard(qtbot, window, path)
    click(qtbot, wizard.next_btn)  # → mapping
    click(qtbot, wizard.next_btn)  # → preview
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 2
    shown = wizard.dry
    assert shown is not None
    assert (shown.created, shown.rejected) == (59, 1)
    assert len(reads) == 1

    click(qtbot, wizard.next_btn)  # Impor sekarang
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 3
    assert len(reads) == 1  # not read again
    done = wizard.outcome
    assert done is not None
    assert (done.created, done.rejected, done.issues) == (59, 1, shown.issues)
    assert demo_db.run(registry_stats).residents == before + 59
    assert len(demo_db.run(resident_search.search, "PRATINJAU")) == 59


def test_cancel_during_import_writes_nothing(qtbot, window, demo_db, tmp_path, monkeypatch):
    rows = [HEAD] + [
        [f"331305120380{i:04d}", "3313050306229921", f"WARGA {i}", "L", "12-03-1980", "Anak"]
        for i in range(1, 400)
    ]
    path = workbook(tmp_path / "banyak.xlsx", rows)
    before = demo_db.run(registry_stats)
    _, wizard = open_wizard(qtbot, window, path)
    click(qtbot, wizard.next_btn)
    click(qtbot, wizard.next_btn)
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 2

    from ui import tasks

    def press_cancel_halfway(self, done, total):
        if total and done > total // 2:  # the operator presses Batal while rows are written
            raise Cancelled()

    monkeypatch.setattr(tasks.Progress, "__call__", press_cancel_halfway)
    click(qtbot, wizard.next_btn)
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 2
    assert "dibatalkan" in wizard.message.text()
    assert "tidak berubah" in wizard.message.text()
    after = demo_db.run(registry_stats)
    assert (after.residents, after.households) == (before.residents, before.households)


def test_a_renamed_image_gets_one_clear_message(qtbot, window, tmp_path):
    fake = tmp_path / "foto.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    _, wizard = open_wizard(qtbot, window, fake)
    assert "bukan lembar kerja" in wizard.message.text()
    assert not wizard.next_btn.isEnabled()


def test_dropping_a_spreadsheet_on_penduduk_opens_the_wizard(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from ui.dialogs.import_wizard import ImportWizard

    path = workbook(
        tmp_path / "warga.xlsx",
        [HEAD, ["3313051203800901", "3313050306229901", "BUDI", "L", "", ""]],
    )
    page = window.show_page("Penduduk")
    settle(qtbot, window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        page.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(page.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    settle(qtbot, window)
    wizards = [w for w in page.findChildren(ImportWizard) if w.isVisible()]
    assert len(wizards) == 1
    assert wizards[0].file_step.file_label.text() == str(path)
    assert wizards[0].preview is not None  # the header was found
    wizards[0].close()
