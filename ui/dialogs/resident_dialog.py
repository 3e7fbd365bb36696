"""Add or edit a resident, validated field by field with the messages the services give."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain.issues import Issue
from jkn_desktop.domain.nik import clean_identifier, parse_nik
from jkn_desktop.errors import ValidationError
from jkn_desktop.records.residents import ResidentDetail, ResidentInput, SaveResult
from jkn_desktop.services.edit_conflict import EditConflict
from jkn_desktop.services.registry import residents
from ui.context import AppContext
from ui.crash import show_error
from ui.widgets import SUSPICIOUS, CodeCombo, FieldError, OptionalDateEdit, confirmed_suspicious


class ResidentDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        detail: ResidentDetail | None = None,
        no_kk: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.saved_id: int | None = None
        self.setWindowTitle("Ubah data penduduk" if detail else "Tambah penduduk")
        self.resize(620, 720)
        self._make_fields(no_kk)
        layout = QVBoxLayout(self)
        layout.addWidget(self._form())
        layout.addLayout(self._bottom())

        # the names a formula-like warning was last shown for: Simpan saves them the second time
        self._warned: list[str] = []
        if detail is not None:
            self._load(detail)
        self._status_changed()
        self.status.currentIndexChanged.connect(self._status_changed)
        self.nik.editingFinished.connect(self._nik_entered)
        for w in (self.nik, self.name, self.phone, self.no_kk, self.mother):
            w.editingFinished.connect(self.check)
        if detail is not None:  # a name kept from an import that looks like a formula: say so
            self.show_issues([i for i in self._issues() if i.code == SUSPICIOUS])
        self.sex.currentIndexChanged.connect(self.check)
        self.birth_date.dateChanged.connect(self.check)

    def _make_fields(self, no_kk: str) -> None:
        self.nik = QLineEdit()
        self.nik.setMaxLength(22)
        self.nik.setPlaceholderText("16 angka, sesuai KTP / KK")
        self.name = QLineEdit()
        self.birth_place = QLineEdit()
        self.birth_date = OptionalDateEdit()
        self.sex = CodeCombo([("L", "Laki-laki"), ("P", "Perempuan")])
        self.no_kk = QLineEdit(no_kk)
        self.no_kk.setPlaceholderText("No. KK keluarga (16 angka)")
        self.shdk = CodeCombo.from_list(codes.shdk())
        self.religion = CodeCombo.from_list(codes.agama())
        self.marital = CodeCombo.from_list(codes.status_kawin())
        self.education = CodeCombo.from_list(codes.pendidikan())
        self.occupation = CodeCombo.from_list(codes.pekerjaan())
        self.status = CodeCombo(
            [(c, label.title()) for c, label in codes.STATUS_DASAR.items()], empty=None
        )
        self.status_date = OptionalDateEdit()
        self.status_date_label = QLabel("Tanggal perubahan status")
        self.mother = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("mis. 081234567890")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.disability = CodeCombo.from_list(codes.cacat(), empty="— belum dicatat —")
        self.chronic = CodeCombo.from_list(codes.sakit_menahun(), empty="— belum dicatat —")
        self.pregnant = QCheckBox("Sedang hamil")

    def _rows(self) -> list[tuple[str, QWidget, str]]:
        """(label, widget, field) in the form's order; the status date has its own label."""
        return [
            ("NIK *", self.nik, "nik"),
            ("Nama lengkap *", self.name, "name"),
            ("Jenis kelamin *", self.sex, "sex"),
            ("Tempat lahir", self.birth_place, "birth_place"),
            ("Tanggal lahir", self.birth_date, "birth_date"),
            ("No. KK", self.no_kk, "no_kk"),
            ("Hubungan dalam keluarga", self.shdk, "shdk"),
            ("Agama", self.religion, "religion"),
            ("Status perkawinan", self.marital, "marital_status"),
            ("Pendidikan (dalam KK)", self.education, "education"),
            ("Pekerjaan", self.occupation, "occupation"),
            ("Status dasar", self.status, "status_dasar"),
            ("", self.status_date, "status_changed_at"),
            ("Nama ibu kandung", self.mother, "mother_name"),
            ("No. HP", self.phone, "phone"),
            ("Disabilitas", self.disability, "disability"),
            ("Sakit menahun", self.chronic, "chronic_illness"),
            ("Kehamilan", self.pregnant, "pregnant"),
            ("Catatan", self.notes, "notes"),
        ]

    def _form(self) -> QScrollArea:
        """Every field over its error line, in a scroll area."""
        self.errors: dict[str, FieldError] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for label, widget, field in self._rows():
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(widget)
            err = FieldError()
            lay.addWidget(err)
            self.errors[field] = err
            is_date = field == "status_changed_at"
            form.addRow(self.status_date_label if is_date else QLabel(label), box)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        inner_layout.addStretch(1)  # rows keep their natural height; space goes below
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _bottom(self) -> QHBoxLayout:
        """The summary of issues beside Simpan and Batal."""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Simpan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        return bottom

    def _load(self, d: ResidentDetail) -> None:
        self.nik.setText(d.nik)
        self.name.setText(d.name)
        self.birth_place.setText(d.birth_place)
        self.birth_date.set_value(d.birth_date)
        self.sex.set_code(d.sex)
        self.no_kk.setText(d.no_kk)
        self.shdk.set_code(d.shdk)
        self.religion.set_code(d.religion)
        self.marital.set_code(d.marital_status)
        self.education.set_code(d.education)
        self.occupation.set_code(d.occupation)
        self.status.set_code(d.status_dasar)
        self.status_date.set_value(d.status_changed_at)
        self.mother.setText(d.mother_name)
        self.phone.setText(d.phone)
        self.notes.setPlainText(d.notes)
        self.disability.set_code(d.disability)
        self.chronic.set_code(d.chronic_illness)
        self.pregnant.setChecked(d.pregnant)

    def _status_changed(self) -> None:
        needs = self.status.code() in codes.STATUS_NEEDS_DATE
        self.status_date.setVisible(needs)
        self.status_date_label.setVisible(needs)
        if needs:
            label = codes.STATUS_DASAR[self.status.code()].lower()  # type: ignore[index]
            self.status_date_label.setText(f"Tanggal {label} *")
            if self.status_date.value() is None:
                self.status_date.set_value(dt.date.today())

    def _nik_entered(self) -> None:
        """Fill sex and birth date from a valid NIK when they are still empty."""
        info = parse_nik(clean_identifier(self.nik.text()))
        if info is None:
            return
        if self.sex.code() is None:
            self.sex.set_code(info.sex)
        if self.birth_date.value() is None:
            self.birth_date.set_value(info.birth_date)

    def value(self) -> ResidentInput:
        status = self.status.code()
        return ResidentInput(
            nik=self.nik.text(),
            name=self.name.text(),
            sex=str(self.sex.code() or ""),
            birth_place=self.birth_place.text(),
            birth_date=self.birth_date.value(),
            no_kk=self.no_kk.text(),
            shdk=self.shdk.code(),  # type: ignore[arg-type]
            religion=self.religion.code(),  # type: ignore[arg-type]
            marital_status=self.marital.code(),  # type: ignore[arg-type]
            education=self.education.code(),  # type: ignore[arg-type]
            occupation=self.occupation.code(),  # type: ignore[arg-type]
            status_dasar=int(status) if status is not None else codes.HIDUP,  # type: ignore[call-overload]
            status_changed_at=self.status_date.value()
            if status in codes.STATUS_NEEDS_DATE
            else None,
            mother_name=self.mother.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
            disability=self.disability.code(),  # type: ignore[arg-type]
            chronic_illness=self.chronic.code(),  # type: ignore[arg-type]
            pregnant=self.pregnant.isChecked() and self.sex.code() == "P",
        )

    def show_issues(self, issues: list[Issue]) -> None:
        for err in self.errors.values():
            err.clear_issue()
        for issue in issues:
            target = self.errors.get(issue.field) or self.errors["notes"]
            if target.isVisible() and issue.severity == "warning":
                continue  # an error already shown there wins
            target.show_issue(issue.message, issue.is_error)
        n_err = sum(i.is_error for i in issues)
        n_warn = len(issues) - n_err
        parts = []
        if n_err:
            parts.append(f"{n_err} isian harus dibetulkan")
        if n_warn:
            parts.append(f"{n_warn} peringatan (boleh disimpan, mohon diperiksa)")
        self.summary.setText("; ".join(parts))
        self.summary.setStyleSheet("color: #b3261e;" if n_err else "color: #8a5a00;")

    def _issues(self) -> list[Issue]:
        return residents.validate(
            self.value(), today=dt.date.today(), region_known=self.ctx.region_known
        )

    def check(self) -> list[Issue]:
        issues = self._issues()
        self.show_issues(issues)
        return issues

    def save(self, *, overwrite: bool = False) -> None:
        """Save; an edit is refused when the record changed since the dialog opened, unless the
        person chose to keep their entry (``overwrite``)."""
        issues = self.check()
        if any(i.is_error for i in issues):
            return
        if not confirmed_suspicious(issues, self._warned, self.summary):
            return
        data = self.value()
        known = self.ctx.region_known
        self.buttons.setEnabled(False)
        if self.detail is None:
            self.ctx.op(residents.create, data, known, on_done=self._saved, on_error=self._failed)
        else:
            self.ctx.op(
                residents.update_resident,
                self.detail.id,
                data,
                known,
                opened=None if overwrite else self.detail,
                on_done=self._saved,
                on_error=self._failed,
            )

    def _conflict(self, exc: EditConflict) -> None:
        from ui.dialogs import conflict

        choice = conflict.ask(exc, self)
        if choice == conflict.OVERWRITE:
            self.save(overwrite=True)
        elif choice == conflict.RELOAD and self.detail is not None:
            self.ctx.query(residents.get, self.detail.id, on_done=self._reloaded)

    def _reloaded(self, fresh: ResidentDetail) -> None:
        self.detail = fresh
        self._load(fresh)
        self._status_changed()

    def _saved(self, result: SaveResult) -> None:
        self.saved_id = result.id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, EditConflict):
            self._conflict(exc)
            return
        if isinstance(exc, ValidationError):
            self.show_issues(exc.issues)
            return
        show_error(exc, self)
