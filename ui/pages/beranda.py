"""Beranda: JKN coverage at a glance. Coverage (registered ÷ living residents) and keaktifan
(active ÷ registered) against the targets in Pengaturan; the same per dusun and RW as bars; the
trend month by month; households with uninsured members; the suggested actions with counts, each
opening the filtered list on the Kepesertaan JKN page."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import angka
from jkn_desktop.errors import Cancelled
from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP, RESIDENT, SETTINGS, VILLAGE
from jkn_desktop.records.membership import TrendPoint
from jkn_desktop.services.membership.dashboard import Dashboard, dashboard, trend_of
from ui.charts import Bar, BarChart, LineChart
from ui.context import AppContext
from ui.flow import EllipsisButton
from ui.pages.base import Page


def pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "%"


class Card(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.value = QLabel("…")
        self.value.setObjectName("cardValue")
        self.caption = QLabel(label)
        self.caption.setObjectName("cardLabel")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: str, caption: str | None = None, ok: bool | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        color = {True: "#1e7b34", False: "#b3261e", None: "#0f4c5c"}[ok]
        self.value.setStyleSheet(f"color: {color};")


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class BerandaPage(Page):
    title = "Beranda"
    # the registry's counts, coverage, the targets and the village's name: nothing of APBDes or usulan
    shows = frozenset({RESIDENT, HOUSEHOLD, MEMBERSHIP, SETTINGS, VILLAGE})
    # (page name, filter) — e.g. ("Kepesertaan JKN", {"step": "usul_pbi"})
    navigate = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.data: Dashboard | None = None
        # the line's job gives way to any job the user starts: asked again when the page shows
        self._trend_wanted = False
        self.village_label = QLabel()
        self.village_label.setObjectName("subtitle")
        self.village_label.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.village_label, 1)
        # what the kecamatan's return file asks of the village (people counted twice, a package
        # sent back): where a secretary looks first
        self.corrections_btn = QPushButton("Koreksi dari kecamatan")
        self.corrections_btn.setToolTip(
            "Baca berkas koreksi dari kecamatan dan tandai koreksi yang sudah dikerjakan"
        )
        self.corrections_btn.clicked.connect(self.open_corrections)
        head.addWidget(self.corrections_btn)
        self.layout_.addLayout(head)

        cards = QGridLayout()
        self.cards = {
            "living": Card("penduduk hidup"),
            "coverage": Card("cakupan: terdaftar JKN ÷ penduduk hidup"),
            "active": Card("keaktifan: aktif ÷ terdaftar"),
            "full": Card("KK yang seluruh anggotanya belum terlindungi"),
            "part": Card("KK yang sebagian anggotanya belum terlindungi"),
        }
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, i)
        self.layout_.addLayout(cards)

        self.empty_hint = QLabel(
            "<b>Belum ada penduduk.</b> Impor data penduduk (OpenSID, SIAK, Buku Induk, atau daftar "
            "Excel) di halaman <b>Penduduk</b> dengan tombol <i>Impor dari Excel…</i>, atau tambahkan "
            "keluarga di halaman <b>Keluarga</b>. Setelah itu impor daftar PBI bulanan dari Dinas "
            "Sosial di halaman <b>Kepesertaan JKN</b>."
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("notice")
        self.empty_hint.hide()
        self.layout_.addWidget(self.empty_hint)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(_section("Cakupan dan keaktifan per dusun"))
        self.dusun_chart = BarChart()
        left.addWidget(self.dusun_chart)
        left.addWidget(_section("Per RW"))
        self.rw_chart = BarChart()
        rw_scroll = QScrollArea()
        rw_scroll.setWidgetResizable(True)
        rw_scroll.setFrameShape(QFrame.Shape.NoFrame)
        rw_scroll.setWidget(self.rw_chart)
        left.addWidget(rw_scroll, 1)
        right = QVBoxLayout()
        right.addWidget(_section("Perkembangan bulanan"))
        self.trend = LineChart()
        right.addWidget(self.trend, 1)
        right.addWidget(_section("Langkah yang disarankan"))
        # as many steps as the rules find (sixteen kinds): a list that scrolls, never squeezed
        actions = QWidget()
        self.actions_box = QVBoxLayout(actions)
        self.actions_box.setContentsMargins(0, 0, 0, 0)
        self.actions_box.setSpacing(4)
        actions_scroll = QScrollArea()
        actions_scroll.setWidgetResizable(True)
        actions_scroll.setFrameShape(QFrame.Shape.NoFrame)
        actions_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        actions_scroll.setWidget(actions)
        right.addWidget(actions_scroll, 1)
        body.addLayout(left, 5)
        body.addSpacing(16)
        body.addLayout(right, 4)
        self.layout_.addLayout(body, 1)
        self.action_buttons: dict[str, QPushButton] = {}

    def reload(self) -> None:
        v = self.ctx.village
        if v is not None:
            self.village_label.setText(
                f"{v.full_name}, Kecamatan {v.kecamatan}, {v.kabupaten}, {v.provinsi} · kode {v.kode_wilayah}"
            )
        # the figures first; the twelve-month line (a year of observations replayed) after
        # both give way to the page the user opens before they answer, and are asked again
        # when the Beranda is shown again
        # the corrections' count first: a job asked after a yielding one would cancel it
        self._ask_corrections()
        self.ctx.query(
            dashboard, trend=False, on_done=self.show_data, on_error=self._failed, yields=True
        )
        self._ask_trend()

    def _ask_corrections(self) -> None:
        from jkn_desktop.services.kecamatan.corrections import open_count

        self.ctx.query(open_count, on_done=self.show_corrections)

    def show_corrections(self, count: int) -> None:
        self.corrections_btn.setText(
            f"Koreksi dari kecamatan: {angka(count)} belum selesai"
            if count
            else "Koreksi dari kecamatan"
        )

    def open_corrections(self) -> None:
        from ui.dialogs.corrections_dialog import CorrectionsDialog

        dialog = CorrectionsDialog(self.ctx, self)
        dialog.exec()
        # a yielding job it cancels (the twelve-month line) asks itself again
        self._ask_corrections()

    def activate(self) -> None:
        super().activate()
        if self._trend_wanted:
            self._ask_trend()

    def _ask_trend(self) -> None:
        """The twelve-month line replays a year of observations (seconds at 100,000 residents):
        it runs when nothing else waits, and a job the user starts meanwhile cancels it."""
        self._trend_wanted = False
        self.ctx.query(trend_of, on_done=self.show_trend, on_error=self._trend_failed, yields=True)

    def _trend_failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            self.ctx.runner.report(error)
            return
        self._trend_wanted = True
        if self.isVisible():  # queued behind the job that cancelled it
            self._ask_trend()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            self.ctx.runner.report(error)
            return
        self.stale = True
        if self.isVisible():
            self.activate()

    def show_trend(self, points: list[TrendPoint]) -> None:
        if self.data is None:
            return
        self.data = replace(self.data, trend=points)
        targets = (self.data.target_coverage, self.data.target_active)
        self.trend.set_data(
            [p.month for p in points],
            [p.coverage_pct for p in points],
            [p.active_pct for p in points],
            targets,
        )

    def show_data(self, data: Dashboard) -> None:
        if self.data is not None and not data.trend:
            data = replace(data, trend=self.data.trend)  # keep the line until its job answers
        self.data = data
        t = data.coverage.total
        self.empty_hint.setVisible(data.stats.residents == 0)
        self.cards["living"].set(
            angka(t.population), f"penduduk hidup dalam {angka(t.households)} KK"
        )
        self.cards["coverage"].set(
            pct(t.coverage_pct),
            f"cakupan: {angka(t.registered)} terdaftar JKN · target {data.target_coverage:g}%",
            t.coverage_pct >= data.target_coverage if t.population else None,
        )
        self.cards["active"].set(
            pct(t.active_pct),
            f"keaktifan: {angka(t.active)} aktif · target {data.target_active:g}%",
            t.active_pct >= data.target_active if t.registered else None,
        )
        self.cards["full"].set(angka(t.households_fully_uninsured))
        self.cards["part"].set(angka(t.households_partly_uninsured))
        targets = (data.target_coverage, data.target_active)
        self.dusun_chart.set_data(
            [
                Bar(a.area or "(tanpa dusun)", a.coverage_pct, a.active_pct, a.population)
                for a in data.coverage.by_dusun
            ],
            targets,
        )
        self.rw_chart.set_data(
            [Bar(a.area, a.coverage_pct, a.active_pct, a.population) for a in data.coverage.by_rw],
            targets,
        )
        self.trend.set_data(
            [p.month for p in data.trend],
            [p.coverage_pct for p in data.trend],
            [p.active_pct for p in data.trend],
            targets,
        )
        self._fill_actions(data)

    def _fill_actions(self, data: Dashboard) -> None:
        while self.actions_box.count():
            item = self.actions_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.action_buttons = {}
        steps = sorted(data.coverage.steps.items(), key=lambda kv: -kv[1])
        if not steps:
            note = QLabel("Tidak ada langkah yang perlu diambil saat ini.")
            note.setObjectName("hint")
            self.actions_box.addWidget(note)
            return
        for step, count in steps:
            button = EllipsisButton(J.STEPS.get(step, step), f" — {angka(count)} orang")
            button.setStyleSheet("text-align: left; padding: 6px 10px;")
            button.setToolTip("Buka daftarnya di halaman Kepesertaan JKN")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(
                lambda _c=False, s=step: self.navigate.emit("Kepesertaan JKN", {"step": s})
            )
            button.setMinimumHeight(30)
            # as wide as the list, whatever the label (the full label is in the tooltip)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setToolTip(
                f"{J.STEPS.get(step, step)} ({J.STEP_BASIS.get(step, '')}): buka "
                "daftarnya di halaman Kepesertaan JKN"
            )
            self.actions_box.addWidget(button)
            self.action_buttons[step] = button
        self.actions_box.addStretch(1)
