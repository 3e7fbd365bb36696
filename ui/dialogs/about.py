"""Tentang JKN Desktop: the version, the licence, and where this computer keeps the program's
files (data, log, the database and its size), with a button to copy it all for a support call
and one to open the database's folder."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop import APP_NAME, __version__
from jkn_desktop.domain.formatting import ukuran
from jkn_desktop.logsetup import log_file
from jkn_desktop.paths import Location, ServerAddress, data_dir, resources_dir

LICENCE_NAME = "Lisensi MIT"
LICENCE_WORDS = (
    "Program ini boleh dipakai, disalin, diubah dan dibagikan dengan bebas, termasuk oleh "
    "pemerintah desa dan kecamatan, tanpa biaya dan tanpa jaminan apa pun."
)


def licence_text() -> str | None:
    """The licence's full text where the program carries it: the source tree or the bundle
    (build.spec puts LICENSE beside resources/), else an installed wheel's metadata."""
    for candidate in (resources_dir() / "LICENSE", resources_dir().parent / "LICENSE"):
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError:
            continue
    try:
        dist = metadata.distribution("jkn-desktop")
    except metadata.PackageNotFoundError:
        return None
    # PEP 639 puts it under licenses/ in the .dist-info; older tools beside the metadata
    return dist.read_text("licenses/LICENSE") or dist.read_text("LICENSE")


def database_size(path: Path) -> int:
    """The database on disk: the file and the write-ahead log beside it (recent changes live
    there until the next checkpoint)."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            continue
    return total


class AboutDialog(QDialog):
    def __init__(self, db_path: Location | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Tentang {APP_NAME}")
        # a database on a server has no folder of ours and its size is the server's business
        self.db_path = db_path if isinstance(db_path, Path) else None
        self.details: list[tuple[str, str]] = [
            ("Versi", __version__),
            ("Folder data program", str(data_dir())),
            ("Folder log", str(log_file().parent)),
        ]
        if isinstance(db_path, ServerAddress):
            self.details.append(
                ("Basis data", f"{db_path.name} di server PostgreSQL {db_path.host}")
            )
        else:
            self.details += [
                ("Basis data", str(db_path) if db_path else "belum dibuka"),
                ("Ukuran basis data", ukuran(database_size(db_path)) if db_path else "-"),
            ]

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setSpacing(8)
        name = QLabel(APP_NAME)
        name.setObjectName("title")
        name.setStyleSheet("font-size: 20pt; font-weight: 600;")
        layout.addWidget(name)
        self.version_label = QLabel(f"Versi {__version__}")
        layout.addWidget(self.version_label)
        what = QLabel(
            "Data penduduk dan kepesertaan JKN untuk desa, kelurahan dan kecamatan. "
            "Bekerja tanpa internet; semua data tersimpan di komputer ini."
        )
        what.setWordWrap(True)
        layout.addWidget(what)

        self.licence_label = QLabel(f"<b>{LICENCE_NAME}.</b> {LICENCE_WORDS}")
        self.licence_label.setWordWrap(True)
        layout.addWidget(self.licence_label)
        text = licence_text()
        self.licence_box: QPlainTextEdit | None = None
        if text is not None:
            self.licence_box = QPlainTextEdit(text)
            self.licence_box.setReadOnly(True)
            self.licence_box.setMinimumHeight(90)
            self.licence_box.hide()
            self.licence_toggle = toggle = QPushButton("Lihat teks lisensi")
            toggle.setCheckable(True)
            toggle.toggled.connect(self.licence_box.setVisible)
            row = QHBoxLayout()
            row.addWidget(toggle)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addWidget(self.licence_box)

        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.details[1:]:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
            self.values[label] = shown
        layout.addLayout(form)

        self.tech = QLabel(self._tech_line())
        self.tech.setObjectName("hint")
        self.tech.setWordWrap(True)
        self.tech.setStyleSheet("font-size: 8pt;")
        layout.addWidget(self.tech)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        self.copy_btn = QPushButton("Salin keterangan")
        self.copy_btn.setToolTip("Salin versi dan letak berkas, mis. untuk dikirim ke pendamping")
        self.copy_btn.clicked.connect(self.copy_details)
        self.folder_btn = QPushButton("Buka folder data")
        self.folder_btn.setToolTip("Folder tempat basis data dan cadangan otomatis disimpan")
        self.folder_btn.clicked.connect(self.open_folder)
        self.folder_btn.setEnabled(self.db_path is not None)
        self.copied = QLabel()
        self.copied.setObjectName("hint")
        close = QPushButton("Tutup")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_btn)
        buttons.addWidget(self.folder_btn)
        buttons.addWidget(self.copied, 1)
        buttons.addWidget(close)

        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        self.resize(620, 400)

    @staticmethod
    def _tech_line() -> str:
        return (
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version} · "
            f"{platform.system()} {platform.release()}"
        )

    def details_text(self) -> str:
        """What "Salin keterangan" copies: one fact per line."""
        lines = [f"{APP_NAME} {__version__}", *(f"{k}: {v}" for k, v in self.details[1:])]
        return "\n".join([*lines, self._tech_line()])

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copied.setText("Keterangan disalin.")

    def open_folder(self) -> None:
        if self.db_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.db_path.parent)))
