"""The village identity form: Kemendagri code picked from cascading lists or typed, names filled in
from the region data, signatories and operator. Used by the first-run dialog and Pengaturan. The
labels follow the code: a kelurahan's head is the Lurah, its secretary the Sekretaris Kelurahan."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.wilayah import words_for_kode
from jkn_desktop.errors import UserError
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.village import RegionItem, VillageInfo, VillageNames
from jkn_desktop.services.registry import regions
from jkn_desktop.services.registry.village import set_identity
from ui.context import AppContext
from ui.crash import show_error
from ui.widgets import FieldError


class IdentityForm(QWidget):
    saved = Signal(object)  # VillageInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.combos: list[QComboBox] = [QComboBox() for _ in range(4)]
        labels = ["Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"]
        pick = QGroupBox("Pilih dari daftar wilayah Kemendagri")
        pick_form = QFormLayout(pick)
        for label, combo in zip(labels, self.combos, strict=True):
            combo.setMinimumWidth(280)
            combo.setMaxVisibleItems(20)
            pick_form.addRow(label, combo)
        self.kode = QLineEdit()
        self.kode.setPlaceholderText("mis. 35.08.01.2001")
        self.kode_error = FieldError()
        self.names = {k: QLineEdit() for k in ("desa", "kecamatan", "kabupaten", "provinsi")}
        self.kepala = QLineEdit()
        self.sekdes = QLineEdit()
        self.operator = QLineEdit()
        self.operator.setPlaceholderText("nama yang tercatat di jejak perubahan")

        self.form = form = QFormLayout()
        form.addRow("Kode wilayah *", self.kode)
        form.addRow("", self.kode_error)
        form.addRow("Nama desa", self.names["desa"])
        form.addRow("Kecamatan", self.names["kecamatan"])
        form.addRow("Kabupaten/Kota", self.names["kabupaten"])
        form.addRow("Provinsi", self.names["provinsi"])
        form.addRow("Kepala Desa", self.kepala)
        form.addRow("Sekretaris Desa", self.sekdes)
        form.addRow("Operator", self.operator)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(pick)
        note = QLabel(
            "Atau ketik kode wilayahnya langsung; nama-nama terisi dari data wilayah dan boleh diubah."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addStretch(1)

        for level, combo in enumerate(self.combos):
            combo.activated.connect(lambda _i, lv=level: self._picked(lv))
        self.kode.editingFinished.connect(self._kode_typed)
        self.kode.textChanged.connect(self._show_kind)
        self._provinces_loaded = False
        self._show_kind("")

    def _show_kind(self, kode: str) -> None:
        """Desa or kelurahan, from the village block of the code as it stands."""
        words = words_for_kode(kode)
        for field, text in (
            (self.names["desa"], f"Nama {words.lower}"),
            (self.kepala, words.head),
            (self.sekdes, words.secretary),
        ):
            label = self.form.labelForField(field)
            if isinstance(label, QLabel):
                label.setText(text)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._provinces_loaded and self.ctx.db is not None:
            self._provinces_loaded = True
            self._load_level(0, None, self.kode.text() or None)
        super().showEvent(event)

    # --- cascading lists -------------------------------------------------------------------
    def _load_level(self, level: int, parent: str | None, select: str | None = None) -> None:
        for combo in self.combos[level:]:
            combo.clear()

        def fill(items: list[RegionItem]) -> None:
            combo = self.combos[level]
            combo.clear()
            combo.addItem("— pilih —", None)
            for item in items:
                combo.addItem(f"{item.name}  ({item.code})", item.code)
            # follow the current code down the levels (35 → 35.08 → 35.08.01 → 35.08.01.2001)
            if select and items:
                wanted = select[: len(items[0].code)]
                index = combo.findData(wanted)
                if index > 0:
                    combo.setCurrentIndex(index)
                    if level < 3:
                        self._load_level(level + 1, wanted, select)

        self.ctx.query(regions.children, parent, on_done=fill)

    def _picked(self, level: int) -> None:
        code = self.combos[level].currentData()
        if code is None:
            return
        if level < 3:
            self._load_level(level + 1, code)
        else:
            self.kode.setText(code)
            self._kode_typed()

    def _kode_typed(self) -> None:
        kode = regions.normalize_kode(self.kode.text())
        self.kode.setText(kode)
        if not kode:
            return

        def show(names: VillageNames | None) -> None:
            if names is None:
                if regions.KODE_DESA.match(kode):
                    self.kode_error.show_issue(
                        "Kode ini tidak ada di data wilayah 2025; isi sendiri nama-namanya.", False
                    )
                else:
                    self.kode_error.show_issue(
                        "Kode wilayah harus berpola PP.KK.SS.DDDD, mis. 35.08.01.2001.", True
                    )
                return
            self.kode_error.clear_issue()
            for key in self.names:
                self.names[key].setText(getattr(names, key))
            if self.combos[3].currentData() != names.kode_wilayah:
                self._load_level(0, None, names.kode_wilayah)  # the lists follow the typed code

        self.ctx.query(regions.names_for, kode, on_done=show)

    # --- values ----------------------------------------------------------------------------
    def set_info(self, info: VillageInfo) -> None:
        self.kode.setText(info.kode_wilayah)
        if self._provinces_loaded:
            self._load_level(0, None, info.kode_wilayah)
        for key in self.names:
            self.names[key].setText(getattr(info, key))
        self.kepala.setText(info.kepala_desa)
        self.sekdes.setText(info.sekretaris_desa)
        self.operator.setText(info.operator)

    def save(self) -> None:
        args = {
            "desa": self.names["desa"].text().strip() or None,
            "kecamatan": self.names["kecamatan"].text().strip() or None,
            "kabupaten": self.names["kabupaten"].text().strip() or None,
            "provinsi": self.names["provinsi"].text().strip() or None,
            "kepala_desa": self.kepala.text(),
            "sekretaris_desa": self.sekdes.text(),
            "operator": self.operator.text(),
        }
        kode = self.kode.text()
        ctx = self.ctx

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.kode_error.show_issue(exc.message, True)
            else:
                show_error(exc, self)

        ctx.op(set_identity, kode, **args, on_done=self.saved.emit, on_error=failed)


class FirstRunDialog(QDialog):
    """Shown once, when the database has no identity yet: a village's file or a kecamatan's."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        from ui.dialogs.kecamatan_identity import KecamatanForm

        self.setWindowTitle("Selamat datang di JKN Desktop")
        self.info: VillageInfo | None = None
        self.kecamatan: KecamatanInfo | None = None
        layout = QVBoxLayout(self)
        choice = QGroupBox("Basis data ini untuk")
        choice_row = QHBoxLayout(choice)
        self.as_village = QRadioButton("Desa / Kelurahan")
        self.as_kecamatan = QRadioButton("Kecamatan")
        self.as_village.setChecked(True)
        choice_row.addWidget(self.as_village)
        choice_row.addWidget(self.as_kecamatan)
        choice_row.addStretch(1)
        layout.addWidget(choice)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = IdentityForm(ctx)
        self.kecamatan_form = KecamatanForm(ctx)
        self.forms = QStackedWidget()
        for form in (self.form, self.kecamatan_form):  # scrolls on a 600-pixel-high screen
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(form)
            self.forms.addWidget(scroll)
        layout.addWidget(self.forms, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Simpan dan mulai")
        buttons.accepted.connect(self._save)
        layout.addWidget(buttons)
        self.form.saved.connect(self._saved)
        self.kecamatan_form.saved.connect(self._kecamatan_saved)
        self.as_kecamatan.toggled.connect(self._switch)
        self._switch(False)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 680
        self.resize(580, max(420, min(680, room)))

    def _switch(self, kecamatan: bool) -> None:
        self.forms.setCurrentIndex(1 if kecamatan else 0)
        self.intro.setText(
            "<b>Identitas kecamatan</b><br>Pilih kecamatan Anda. Basis data kecamatan menerima "
            "paket bulanan dari desa dan kelurahan, menunjukkan siapa yang sudah mengirim, mencari "
            "penduduk yang tercatat di dua desa, dan menyiapkan laporan ke kabupaten."
            if kecamatan
            else "<b>Identitas desa atau kelurahan</b><br>Pilih desa atau kelurahan Anda, lalu isi "
            "nama Kepala Desa (di kelurahan: Lurah) dan Sekretaris Desa (Sekretaris Kelurahan). "
            "Nama-nama ini dipakai pada cetakan dan laporan, dan bisa diubah kapan saja di "
            "Pengaturan."
        )

    def _save(self) -> None:
        if self.as_kecamatan.isChecked():
            self.kecamatan_form.save()
        else:
            self.form.save()

    def _saved(self, info: VillageInfo) -> None:
        self.info = info
        self.accept()

    def _kecamatan_saved(self, info: KecamatanInfo) -> None:
        self.kecamatan = info
        self.accept()
