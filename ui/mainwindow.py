"""The main window: a sidebar of pages, the page stack, and a status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from jkn_desktop import APP_NAME, __version__
from ui import fitting
from ui.context import AppContext
from ui.pages.base import Page

if TYPE_CHECKING:
    from jkn_desktop.records.changes import Changes
    from jkn_desktop.records.kecamatan import KecamatanInfo
    from jkn_desktop.records.people import Actor
    from jkn_desktop.records.village import VillageInfo

PAGE_NAMES = [
    "Beranda",
    "Penduduk",
    "Keluarga",
    "Kepesertaan JKN",
    "Usulan PBI",
    "APBDes",
    "Pelayanan",
    "Laporan",
    "Pengaturan",
    "Audit",
]
# a kecamatan's file (issue #15): the pages of the consolidation; a page joins this list only
# once the service it shows exists
KECAMATAN_PAGE_NAMES = [
    "Beranda",
    "Penerimaan Paket",
    "Matriks Pengiriman",
    "Data Ganda",
    "Cari Warga",
    "Laporan",
    "Pengaturan",
    "Audit",
]


log = logging.getLogger("jkn.ui")
PREBUILD_AFTER_MS = 1500  # the first page's figures come first; the other pages are made after
PREBUILD_RETRY_MS = 250  # … when the worker is idle


class Pages:
    """The sidebar's pages by name, each made on first access (``pages["Penduduk"]``);
    ``built()`` lists only those made so far, ``name in pages`` says whether it is made."""

    def __init__(self, make: Callable[[str], Page], names: list[str]) -> None:
        self._make = make
        self.names = names
        self._built: dict[str, Page] = {}
        self.started = False

    def start(self) -> None:
        self.started = True

    def __getitem__(self, name: str) -> Page:
        page = self._built.get(name)
        if page is None:
            if not self.started or name not in self.names:
                raise KeyError(name)
            page = self._built[name] = self._make(name)
        return page

    def __contains__(self, name: object) -> bool:
        return name in self._built

    def built(self) -> list[Page]:
        return list(self._built.values())


class MainWindow(QMainWindow):
    integrity_checked = Signal(object)  # True: damaged, False: sound, None: could not check

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        ctx.on_changes = self.apply_changes
        ctx.on_replaced = self._database_replaced
        self.setWindowTitle(APP_NAME)
        # small enough for a 1024×600 netbook's free area, even at 125%; the size and place
        # come from ui.fitting (the last run's, else the screen's)
        self.setMinimumSize(QSize(640, 400))
        fitting.default_geometry(self)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        self.stack = QStackedWidget()
        # The shell paints before the database layer is even imported; the pages are built once
        # the database is open (see start()), which keeps the cold start short.
        loading = QLabel("Membuka basis data …")
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        loading.setObjectName("subtitle")
        self.stack.addWidget(loading)
        self.page_names = list(PAGE_NAMES)
        self.pages = Pages(self._make_page, self.page_names)
        self._fill_sidebar()
        for i in range(9):  # Ctrl+1 … Ctrl+9: the n-th page the sidebar shows
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(lambda i=i: self._nth_page(i))
        self.sidebar.currentRowChanged.connect(self._show_page)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        from ui.help import Help

        self.help = Help(self)  # the Bantuan button under the sidebar, and F1
        layout.addWidget(self.help.sidebar_column(self.sidebar))
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.village_label = QLabel()
        self.statusBar().addPermanentWidget(self.village_label)
        self.integrity_label = QLabel("Memeriksa basis data …")
        self.statusBar().addPermanentWidget(self.integrity_label)
        self.integrity_checked.connect(self._show_integrity)
        self.statusBar().showMessage("Membuka basis data …")
        self.ready = False
        self.closed = False
        self._closing = False  # closes once the runner is idle
        # making the other pages in the quiet moments (owned by the window: it dies with it)
        self._prebuild = QTimer(self)
        self._prebuild.setSingleShot(True)
        self._prebuild.timeout.connect(self._build_rest)

    def _fill_sidebar(self) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for name in self.page_names:
            item = QListWidgetItem(name)
            item.setSizeHint(QSize(180, 40))
            self.sidebar.addItem(item)
        self.sidebar.blockSignals(False)

    def _use_kecamatan_pages(self) -> None:
        """A kecamatan's file: its own pages in the sidebar instead of the village's."""
        self.page_names[:] = KECAMATAN_PAGE_NAMES
        self._fill_sidebar()

    def _build_pages(self) -> None:
        """The pages are made when first needed (the one shown at start at once, the others in
        the quiet moments after, or when asked for): importing and building all nine before the
        first figures cost a second at start."""
        self.pages.start()
        QShortcut(QKeySequence("Ctrl+K"), self).activated.connect(self.open_counter_check)

    def _make_page(self, name: str) -> Page:
        from ui.pages import factories

        page = factories.make(name, self.ctx)
        self.stack.addWidget(page)
        page.status_message.connect(lambda text, p=page: self._page_message(p, text))
        if name == "Pengaturan" and self.ctx.kecamatan is not None:
            page.kecamatan_saved.connect(self.set_kecamatan)  # type: ignore[attr-defined]
        elif name == "Pengaturan":
            page.village_saved.connect(self.set_village)  # type: ignore[attr-defined]
        if name == "Beranda" and self.ctx.kecamatan is None:
            page.navigate.connect(self.navigate)  # type: ignore[attr-defined]
        page.set_words(self.ctx.words)
        return page

    def _build_rest(self) -> None:
        """One more page per turn of the event loop, so none waits when first opened; only while
        no job runs, so that making a page (a few hundred milliseconds) never sits between the
        page the user opened and its first rows."""
        if self.ctx.runner.busy:
            self._prebuild.start(PREBUILD_RETRY_MS)
            return
        for name in self.page_names:
            if name not in self.pages:
                self.pages[name]  # built on access
                self._prebuild.start(0)
                return

    def navigate(self, name: str, flt: object) -> None:
        """Open a page with a filter set (Beranda's suggested actions)."""
        page = self.pages[name]
        if hasattr(page, "apply_filter"):
            page.apply_filter(flt)
        self.show_page(name)

    def open_counter_check(self) -> None:
        """Ctrl+K from every page: the counter check."""
        if not self.ready:
            return
        from ui.dialogs.counter_check import CounterCheckDialog

        if getattr(self, "_check", None) is None:
            self._check = CounterCheckDialog(self.ctx, self)
        self._check.show()
        self._check.activateWindow()
        self._check.search.setFocus()
        self._check.search.selectAll()

    def _page_message(self, page: QWidget, text: str) -> None:
        """A page's message reaches the status bar only while the user is looking at that page."""
        if self.stack.currentWidget() is page:
            self.statusBar().showMessage(text, 8000)

    def start(self, village: VillageInfo | None) -> None:
        """Called once the database is open (and the identity known, and the person in)."""
        if not self.pages.started:
            if self.ctx.kecamatan is not None:
                self._use_kecamatan_pages()
            self._build_pages()
        if self.ctx.kecamatan is not None:
            self.set_kecamatan(self.ctx.kecamatan)
        else:
            self.set_village(village)
        self._start_account()
        self.ready = True
        self.sidebar.setCurrentRow(0)
        self._show_page(0)
        self.statusBar().showMessage(f"Basis data: {self.ctx.db.location}", 10000)
        self._start_integrity_check()
        self._prebuild.start(PREBUILD_AFTER_MS)

    def _start_account(self) -> None:
        """The account button and the idle lock, on a file with accounts."""
        from jkn_desktop.services.settings import get_setting
        from ui.account import AccountButton, IdleLock

        self.idle_lock = IdleLock(self, 0)
        self.account_button = AccountButton(self)
        self.statusBar().insertPermanentWidget(0, self.account_button)
        if self.ctx.db.has_accounts:
            self.ctx.query(get_setting, "idle_lock_minutes", on_done=self.idle_lock.set_minutes)

    def set_person(self, actor: Actor | None) -> None:
        """Another person logged in (the lock screen's "Ganti pengguna")."""
        self.account_button.show_person(actor)
        self._hide_pages()
        for page in self.pages.built():
            page.stale = True
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.activate()

    def open_settings_tab(self, title: str) -> None:
        page = self.show_page("Pengaturan")
        show_tab = getattr(page, "show_tab", None)
        if show_tab is not None:
            show_tab(title)

    def _start_integrity_check(self) -> None:
        """SQLite's full check of the file, on a thread of its own (it reads every page, seconds at
        100,000 residents, and must not hold up the worker that serves the pages)."""
        import threading

        db = self.ctx.db

        def run() -> None:
            try:
                problems = db.check(full=True)
            except Exception as exc:
                problems = [str(exc)]
            if not problems:
                self._daily_backup(db)
            try:
                self.integrity_checked.emit(bool(problems))
            except RuntimeError:  # the window was closed before the check ended: nobody to tell
                log.info("integrity check ended after the window closed")

        threading.Thread(target=run, name="integrity-check", daemon=True).start()

    @staticmethod
    def _daily_backup(db: object) -> None:
        """The first start of the day backs the (sound) database up, on the check's own thread
        after the check; a backup that cannot be made (a full disk) is logged, never in the way."""
        from jkn_desktop.errors import UserError
        from jkn_desktop.services.backup.making import daily_backup

        try:
            daily_backup(db)  # type: ignore[arg-type]
        except UserError as exc:
            log.warning("daily backup not made: %s", exc.message)
        except Exception:
            log.exception("daily backup failed")

    def _show_integrity(self, damaged: bool | None) -> None:
        if damaged is None:
            self.integrity_label.setText("")
            return
        if not damaged:
            self.integrity_label.setText("Basis data utuh")
            return
        from jkn_desktop.services.database import damaged_message

        self.integrity_label.setText("BASIS DATA RUSAK — hanya baca")
        self.integrity_label.setStyleSheet("color: #b3261e; font-weight: 600;")
        QMessageBox.critical(self, "Basis data rusak", damaged_message(self.ctx.db.path))

    def _database_replaced(self) -> None:
        """A restore or an undo put another file in place: its identity, and every page anew."""
        from jkn_desktop.records.changes import EVERYTHING
        from jkn_desktop.services.registry.village import get_village

        self.integrity_label.setStyleSheet("")
        self.integrity_label.setText("Basis data utuh (dipulihkan)")
        if self.ctx.kecamatan is not None:
            from jkn_desktop.services.kecamatan.identity import get_kecamatan

            def got_kecamatan(info: KecamatanInfo | None) -> None:
                if info is not None:
                    self.set_kecamatan(info)
                self.apply_changes(EVERYTHING)

            self.ctx.query(get_kecamatan, on_done=got_kecamatan)
            return

        def got(village: VillageInfo | None) -> None:
            self.set_village(village)
            self.apply_changes(EVERYTHING)

        self.ctx.query(get_village, on_done=got)

    def set_village(self, village: VillageInfo | None) -> None:
        self.ctx.village = village
        if village is not None:
            self.setWindowTitle(f"{APP_NAME} — {village.full_name}, Kec. {village.kecamatan}")
            self.village_label.setText(
                f"{village.full_name} · {village.kode_wilayah} · v{__version__}"
            )
        words = self.ctx.words
        self._hide_pages()
        for page in self.pages.built():
            page.set_words(words)
            page.stale = True

    def set_kecamatan(self, info: KecamatanInfo) -> None:
        """The kecamatan's — or the kabupaten's — identity (read at the start or saved in
        Pengaturan): the title names it."""
        self.ctx.kecamatan = info
        where = info.label if info.is_kabupaten else f"{info.label}, {info.kabupaten}"
        self.setWindowTitle(f"{APP_NAME} — {where}")
        self.village_label.setText(f"{info.label} · {info.kode_wilayah} · v{__version__}")
        self._hide_pages()
        for page in self.pages.built():
            page.stale = True

    def _hide_pages(self) -> None:
        """A kelurahan has no APBDes; only a person allowed to see the audit trail (the Admin,
        the Kepala Desa; everyone on a file without accounts) has the Audit page."""
        from jkn_desktop.domain.roles import AUDIT

        session = self.ctx.db.session if self.ctx.db is not None else None
        hidden = {
            "APBDes": not self.ctx.words.has_apbdes,
            "Audit": session is not None and not session.can(AUDIT),
        }
        for row, name in enumerate(self.page_names):
            self.sidebar.item(row).setHidden(hidden.get(name, False))
        current = self.sidebar.currentRow()
        if self.pages.started and current >= 0 and self.sidebar.item(current).isHidden():
            self.sidebar.setCurrentRow(0)

    def visible_pages(self) -> list[str]:
        """The pages in the sidebar, in order."""
        return [n for i, n in enumerate(self.page_names) if not self.sidebar.item(i).isHidden()]

    def _nth_page(self, n: int) -> None:
        """Ctrl+1 … Ctrl+9: the n-th page the sidebar shows."""
        visible = self.visible_pages()
        if n < len(visible):
            self.sidebar.setCurrentRow(self.page_names.index(visible[n]))

    def apply_changes(self, changes: Changes) -> None:
        """A job committed: pages that show what it changed reload (the visible one at once)."""
        current = self.stack.currentWidget()
        for page in self.pages.built():
            if changes.touches(page.shows):
                page.stale = True
                if page is current and self.ready:
                    page.activate()

    def _show_page(self, row: int) -> None:
        if row < 0 or not self.pages.started:
            return
        # first of all: a background read (the Beranda's line) stops and lets go of the
        # interpreter, so building and filling the page the user asked for is not slowed by it
        self.ctx.runner.give_way()
        self.stack.setCurrentWidget(self.pages[self.page_names[row]])
        self.statusBar().clearMessage()
        if self.ready:
            page = self.pages[self.page_names[row]]
            page.activate()

    def show_page(self, name: str) -> Page:
        self.sidebar.setCurrentRow(self.page_names.index(name))
        return self.pages[name]

    def closeEvent(self, event: QCloseEvent) -> None:
        fitting.save_window(self)
        if self.ctx.runner.busy and self.ready:
            event.ignore()  # never gone while a job still writes: asked, or closed when it ends
            self._close_when_idle()
            return
        event.accept()
        self.closed = True
        if self.ctx.db is not None:
            # after the jobs before it: the file let go of, its writer lock released
            self.ctx.runner.run(self.ctx.db.close)

    def _close_when_idle(self) -> None:
        """Closing while jobs run (decision 43): the user's jobs stop (rolled back) if the user
        says so; the window says what it waits for and closes once the last job has ended."""
        from ui.tasks import ask_to_stop

        runner = self.ctx.runner
        labels = runner.running_labels()
        if labels and not ask_to_stop(self, labels):
            self.statusBar().showMessage("Pekerjaan dilanjutkan; jendela tetap terbuka.", 8000)
            return
        runner.stop_all()
        waiting = "Menghentikan pekerjaan" if labels else "Menunggu pekerjaan basis data selesai"
        self.statusBar().showMessage(f"{waiting} … Jendela tertutup sesudahnya.")
        if not self._closing:
            self._closing = True
            runner.idle.connect(self.close, Qt.ConnectionType.SingleShotConnection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F5 and self.ready:
            page = self.stack.currentWidget()
            if isinstance(page, Page):
                page.reload()
            return
        super().keyPressEvent(event)
