"""Household dialogs: create or edit a KK, move a resident, split a KK (pecah KK)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain.issues import Issue
from jkn_desktop.errors import ValidationError
from jkn_desktop.records.households import HouseholdInput, HouseholdRow
from jkn_desktop.records.residents import ResidentRow
from jkn_desktop.services.edit_conflict import EditConflict
from jkn_desktop.services.registry import households
from ui.context import AppContext
from ui.crash import show_error
from ui.dialogs.simple import ok_cancel_buttons
from ui.widgets import (
    SUSPICIOUS,
    CodeCombo,
    FieldError,
    OptionalDateEdit,
    confirmed_suspicious,
)


def _checked(data: HouseholdInput, ctx: AppContext) -> list[Issue]:
    """The household's findings on the UI thread, before any job (the job checks again)."""
    return households.validate(data, today=dt.date.today(), region_known=ctx.region_known)


class HouseholdFields(QWidget):
    """No. KK, address, RT, RW and dusun with field errors."""

    def __init__(self, row: HouseholdRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.no_kk = QLineEdit(row.no_kk if row else "")
        self.no_kk.setPlaceholderText("16 angka")
        self.address = QLineEdit(row.address if row else "")
        self.rt = QLineEdit(row.rt if row else "")
        self.rw = QLineEdit(row.rw if row else "")
        for w in (self.rt, self.rw):
            w.setMaxLength(3)
            w.setMaximumWidth(80)
        self.dusun = QLineEdit(row.dusun if row else "")
        self.desil = CodeCombo([(d, f"Desil {d}") for d in range(1, 11)], empty="— belum ada —")
        self.desil.set_code(row.desil if row else None)
        self.desil.setToolTip("Peringkat DTSEN 1 (termiskin) sampai 10; PBI untuk desil 1–5")
        self.desil_as_of = OptionalDateEdit()
        self.desil_as_of.set_value(row.desil_as_of if row and row.desil_as_of else None)
        self.desil_as_of.setToolTip("Tanggal data desil (BPS memperbarui tiap tiga bulan)")
        self.errors = {k: FieldError() for k in ("no_kk", "address", "rt", "rw", "dusun", "desil")}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, key, widget in (
            ("No. KK *", "no_kk", self.no_kk),
            ("Alamat", "address", self.address),
            ("RT", "rt", self.rt),
            ("RW", "rw", self.rw),
            ("Dusun", "dusun", self.dusun),
            ("Desil DTSEN", "desil", self.desil),
        ):
            form.addRow(label, widget)
            if key == "desil":
                form.addRow("Desil per tanggal", self.desil_as_of)
            form.addRow("", self.errors[key])
        # why Simpan did not close the dialog (an address like a formula): shown when needed
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        form.addRow(self.notice)
        self._warned: list[str] = []

    def load(self, row: HouseholdRow) -> None:
        """Show the household as it is now (after "Muat ulang data terbaru")."""
        for box, text in (
            (self.no_kk, row.no_kk),
            (self.address, row.address),
            (self.rt, row.rt),
            (self.rw, row.rw),
            (self.dusun, row.dusun),
        ):
            box.setText(text)
        self.desil.set_code(row.desil)
        self.desil_as_of.set_value(row.desil_as_of)

    def value(self) -> HouseholdInput:
        return HouseholdInput(
            self.no_kk.text(),
            self.address.text(),
            self.rt.text(),
            self.rw.text(),
            self.dusun.text(),
            self.desil.code(),  # type: ignore[arg-type]
            self.desil_as_of.value() if self.desil.code() is not None else None,
        )

    def show_issues(self, issues: list[Issue]) -> bool:
        """Show issues under their fields; True when there is no error."""
        for e in self.errors.values():
            e.clear_issue()
        for i in issues:
            self.errors.get(i.field, self.errors["no_kk"]).show_issue(i.message, i.is_error)
        return not any(i.is_error for i in issues)

    def may_save(self, issues: list[Issue]) -> bool:
        """Shown, and no error; an address like a formula stops the first Simpan once."""
        return self.show_issues(issues) and confirmed_suspicious(issues, self._warned, self.notice)


class HouseholdDialog(QDialog):
    def __init__(
        self, ctx: AppContext, row: HouseholdRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved_id: int | None = None
        self.setWindowTitle("Ubah data KK" if row else "Keluarga (KK) baru")
        layout = QVBoxLayout(self)
        self.fields = HouseholdFields(row)
        layout.addWidget(self.fields)
        if row is not None:  # an address kept from an import that looks like a formula: say so
            found = _checked(self.fields.value(), ctx)
            self.fields.show_issues([i for i in found if i.code == SUSPICIOUS])
        if row is None:
            hint = QLabel(
                "Setelah KK dibuat, tambahkan anggotanya dengan tombol \u201cTambah anggota\u201d."
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.buttons = ok_cancel_buttons(self, "Simpan")
        self.buttons.accepted.connect(self.save)
        layout.addWidget(self.buttons)
        self.resize(480, 360)

    def save(self, *, overwrite: bool = False) -> None:
        data = self.fields.value()
        if not self.fields.may_save(_checked(data, self.ctx)):
            return
        self.buttons.setEnabled(False)
        if self.row is None:
            self.ctx.op(
                households.create,
                data,
                self.ctx.region_known,
                on_done=self._done,
                on_error=self._failed,
            )
        else:
            hid = self.row.id
            self.ctx.op(
                households.update_household,
                hid,
                data,
                opened=None if overwrite else self.row,
                on_done=lambda _: self._done(hid),
                on_error=self._failed,
            )

    def _done(self, hid: int) -> None:
        self.saved_id = hid
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, EditConflict):
            self._conflict(exc)
        elif isinstance(exc, ValidationError):
            self.fields.show_issues(exc.issues)
        else:
            show_error(exc, self)

    def _conflict(self, exc: EditConflict) -> None:
        from ui.dialogs import conflict

        choice = conflict.ask(exc, self)
        if choice == conflict.OVERWRITE:
            self.save(overwrite=True)
        elif choice == conflict.RELOAD and self.row is not None:
            self.ctx.query(households.get, self.row.id, on_done=self._reloaded)

    def _reloaded(self, fresh: HouseholdRow) -> None:
        self.row = fresh
        self.fields.load(fresh)


class MoveDialog(QDialog):
    """Move one resident to another KK (by No. KK), with the new SHDK."""

    def __init__(
        self, ctx: AppContext, resident: ResidentRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.resident = resident
        self.setWindowTitle("Pindahkan ke KK lain")
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                f"<b>{resident.name}</b> (NIK {resident.nik})<br>dari KK {resident.no_kk or '—'}"
            )
        )
        self.target = QLineEdit()
        self.target.setPlaceholderText("No. KK tujuan (16 angka)")
        self.shdk = CodeCombo.from_list(codes.shdk())
        self.shdk.set_code(resident.shdk)
        self.error = FieldError()
        form.addRow("KK tujuan", self.target)
        form.addRow("Hubungan di KK baru", self.shdk)
        form.addRow(self.error)
        self.buttons = ok_cancel_buttons(self, "Pindahkan")
        self.buttons.accepted.connect(self.save)
        form.addRow(self.buttons)
        self.resize(460, 200)

    def save(self) -> None:
        shdk = self.shdk.code()
        self.buttons.setEnabled(False)
        self.ctx.op(
            households.move_to_kk,
            self.resident.id,
            self.target.text(),
            shdk if isinstance(shdk, int) else None,
            on_done=lambda _: self.accept(),
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.error.show_issue(" ".join(i.message for i in exc.issues), True)
        else:
            show_error(exc, self)


class SplitDialog(QDialog):
    """Pecah KK: choose the members who leave, their SHDK in the new KK, and the new KK's data."""

    def __init__(
        self,
        ctx: AppContext,
        source: HouseholdRow,
        members: list[ResidentRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source = source
        self.members = members
        self.new_id: int | None = None
        self.setWindowTitle(f"Pecah KK {source.no_kk}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Centang anggota yang pindah ke KK baru dan pilih hubungannya di KK baru. Tepat satu orang menjadi Kepala Keluarga."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(members), 3)
        self.table.setHorizontalHeaderLabels(["Pindah", "Nama", "Hubungan di KK baru"])
        self.table.verticalHeader().setVisible(False)
        self.combos: list[CodeCombo] = []
        for i, m in enumerate(members):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(i, 0, check)
            name = QTableWidgetItem(f"{m.name} ({m.nik})")
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(i, 1, name)
            combo = CodeCombo.from_list(codes.shdk(), empty=None)
            combo.set_code(m.shdk)
            self.table.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("<b>Data KK baru</b>"))
        self.fields = HouseholdFields()
        self.fields.address.setText(source.address)
        self.fields.rt.setText(source.rt)
        self.fields.rw.setText(source.rw)
        self.fields.dusun.setText(source.dusun)
        layout.addWidget(self.fields)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self, "Pecah KK")
        self.buttons.accepted.connect(self.save)
        layout.addWidget(self.buttons)
        self.resize(620, 560)

    def selection(self) -> dict[int, int]:
        chosen = {}
        for i, m in enumerate(self.members):
            item = self.table.item(i, 0)
            shdk = self.combos[i].code()
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen[m.id] = shdk if isinstance(shdk, int) else int(str(shdk))
        return chosen

    def save(self) -> None:
        self.error.clear_issue()
        data = self.fields.value()
        if not self.fields.may_save(_checked(data, self.ctx)):
            return
        self.buttons.setEnabled(False)
        self.ctx.op(
            households.split_household,
            self.source.id,
            data,
            self.selection(),
            self.ctx.region_known,
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, new_id: int) -> None:
        self.new_id = new_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            field_issues = [i for i in exc.issues if i.field in self.fields.errors]
            self.fields.show_issues(field_issues)
            other = [i.message for i in exc.issues if i.field not in self.fields.errors]
            if other:
                self.error.show_issue(" ".join(other), True)
        else:
            show_error(exc, self)
