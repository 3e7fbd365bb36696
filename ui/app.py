"""Start the window: logging, crash handlers, open the database on the worker thread, first run."""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from jkn_desktop import APP_NAME
from jkn_desktop.errors import DatabaseInUse, UserError
from jkn_desktop.paths import Location, resources_dir
from ui import fitting
from ui.context import AppContext
from ui.crash import install_handlers, show_error
from ui.mainwindow import MainWindow
from ui.qt_locale import install_indonesian
from ui.style import apply_theme
from ui.tasks import TaskRunner

log = logging.getLogger("jkn.ui")


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    install_indonesian(app)
    # every size the icon files hold (the .ico's small ones drawn for 16–48 pixels, the PNG for
    # the large ones): crisp title bar and taskbar at 125% and 150% too
    icon = QIcon()
    for name in ("jkn-desktop.ico", "jkn-desktop.png"):
        path = resources_dir() / "icons" / name
        if path.exists():
            icon.addFile(str(path))
    if not icon.isNull():
        app.setWindowIcon(icon)
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    apply_theme(app)
    fitting.install(app)
    return app


WINDOW = "jendela JKN Desktop"


def _open(db_path: Location, take_over: bool = False) -> tuple[Any, Any, frozenset[str], Any]:
    """Runs on the worker thread, so the database layer is imported while the window paints.
    The writer lock comes first: a database another program holds is refused before anything
    touches it; the lock then names the village's operator (the logged-in user, once there is
    one) instead of the system's user. A kecamatan's file has no village identity but its own."""
    from jkn_desktop.services.database import open_database, os_user
    from jkn_desktop.services.kecamatan.identity import get_kecamatan
    from jkn_desktop.services.registry.regions import known_kecamatan_codes
    from jkn_desktop.services.registry.village import get_village

    db = open_database(db_path, holder=os_user(), program=WINDOW, take_over=take_over)
    try:
        with db.work("-", write=False) as work:
            village, codes = get_village(work), known_kecamatan_codes(work)
            kecamatan = get_kecamatan(work)
        if village is not None and village.operator:
            db.rename_holder(village.operator)
    except BaseException:
        db.close()
        raise
    return db, village, codes, kecamatan


def take_over_box(window: MainWindow, exc: UserError) -> QMessageBox:
    """The holder is on another computer (a shared folder) or cannot be checked: only the user
    can say it has gone. No is the default."""
    p = exc.params
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Basis data sedang dibuka di komputer lain",
        f"Basis data ini tercatat sedang dibuka oleh {p['name']} di komputer {p['host']} sejak "
        f"{p['since']} ({p['program']}). Dari komputer ini tidak bisa dipastikan apakah program "
        "itu masih berjalan.\n\nAmbil alih hanya bila Anda yakin JKN Desktop di komputer "
        f"{p['host']} sudah ditutup atau komputernya mati: dua program yang mengubah data "
        "bersamaan bisa saling menimpa. Pengambilalihan dicatat di jejak audit.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    box.button(QMessageBox.StandardButton.Yes).setText("Ambil alih")
    box.button(QMessageBox.StandardButton.No).setText("Jangan, tutup")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box


def build_window(db_path: Location, on_failed: Any = None, first_run: bool = True) -> MainWindow:
    """Create the window at once and open the database on the worker thread."""
    runner = TaskRunner(show_error)
    ctx = AppContext(db=None, runner=runner)  # type: ignore[arg-type]
    window = MainWindow(ctx)

    def opened(result: tuple[Any, Any, frozenset[str], Any]) -> None:
        if window.closed:  # closed while the database was being opened: let go of it at once
            runner.run(result[0].close)
            return
        ctx.db, village, ctx.region_codes, ctx.kecamatan = result
        ctx.village = village
        if village is None and ctx.kecamatan is None and first_run:
            from ui.dialogs.identity import FirstRunDialog

            dialog = FirstRunDialog(ctx, window)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                village = dialog.info
                ctx.village = village
                ctx.kecamatan = dialog.kecamatan
        from ui.account import sign_in

        if not sign_in(ctx, window, first_run=first_run):
            window.close()
            QApplication.quit()
            return
        window.start(village)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DatabaseInUse) and exc.can_take_over:
            if take_over_box(window, exc).exec() == QMessageBox.StandardButton.Yes:
                open_job(take_over=True)
                return
        elif isinstance(exc, UserError):
            QMessageBox.critical(window, "Basis data tidak bisa dibuka", exc.message)
        else:
            show_error(exc, window)
        if on_failed is not None:
            on_failed()

    def open_job(take_over: bool = False) -> None:
        runner.run(
            _open,
            db_path,
            take_over,
            on_done=opened,
            on_error=failed,
            label="Membuka basis data …",
            parent=window,
        )

    open_job()
    return window


def run_app(db_path: Location) -> int:
    app = make_app()
    install_handlers()
    exit_code = {"code": 0}

    def failed() -> None:
        exit_code["code"] = 2
        app.quit()

    window = build_window(db_path, on_failed=failed)
    if fitting.restore_window(window):
        window.showMaximized()
    else:
        window.show()
    code = app.exec()
    window.ctx.runner.shutdown()
    if window.ctx.db is not None:
        window.ctx.db.close()
    return exit_code["code"] or code
