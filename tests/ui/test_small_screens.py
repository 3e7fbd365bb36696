"""A 1024×600 netbook: every page (each tab) and every dialog of a village's and a kecamatan's
file fits the screen, shows every button's and box's text whole and keeps its buttons in view,
and shows no English left from Qt;
the window opens within the screen and comes back where it was; a dark system theme leaves our
text readable."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from tests.ui.conftest import settle
from tests.ui.kecamatan_fixtures import kec_window, kecamatan_file  # noqa: F401
from tests.ui.qt_texts import english, texts
from ui.screen_checks import TASKBAR, TITLE, cut_texts, hidden_buttons, too_big

NETBOOK = QRect(0, 0, 1024, 600)
FREE = QRect(0, 0, 1024, 600 - TASKBAR)  # what the screen leaves above the taskbar


@pytest.fixture
def themed(qapp):
    """The program's own start (make_app: style, palette, stylesheet, dialogs fitted to the
    screen), undone after the test for the tests that run after it."""
    from ui.app import make_app
    from ui.fitting import DialogFitter

    palette, sheet, font = qapp.palette(), qapp.styleSheet(), qapp.font()
    make_app()
    yield qapp
    for fitter in qapp.findChildren(DialogFitter):
        qapp.removeEventFilter(fitter)
        fitter.deleteLater()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _walk(qtbot, window) -> tuple[list[str], list[str]]:
    """Every shot of the catalog at 1024×600: the problems found, the names walked."""
    from ui.catalog import catalog
    from ui.fitting import fit_to_area

    # the window maximised on the netbook: the screen less the taskbar and the title bar
    window.resize(NETBOOK.width() - 16, FREE.height() - TITLE)
    problems: list[str] = []
    names: list[str] = []
    for name, shown in catalog(window, lambda w: settle(qtbot, w)):
        if shown is not window:
            fit_to_area(shown, FREE)  # what ui.fitting does as a dialog opens on that screen
            qtbot.wait(20)
        found = too_big(shown, NETBOOK) + cut_texts(shown) + hidden_buttons(shown)
        # and no Qt English left on it: standard buttons, tooltips, menus, headers
        found += [f"teks Inggris: {t!r}" for t in english(texts(shown))]
        problems += [f"{name}: {p}" for p in found]
        names.append(name)
    return problems, names


def _dialog_names(window) -> set[str]:
    from ui.catalog_dialogs import kecamatan_dialogs, village_dialogs

    kec = window.ctx.kecamatan is not None
    return {n for n, _c, _m in (kecamatan_dialogs() if kec else village_dialogs())}


def test_every_village_page_and_dialog_fits_a_1024x600_screen(qtbot, themed, window) -> None:
    problems, names = _walk(qtbot, window)
    assert not problems, "\n".join(problems)
    # every page and every dialog was really shown (a dialog the demo had no data for would be
    # skipped silently otherwise)
    assert {"Beranda", "Penduduk", "Pengaturan / Tarif iuran JKN", "Audit"} <= set(names)
    assert _dialog_names(window) <= set(names), _dialog_names(window) - set(names)


def test_every_kecamatan_page_and_dialog_fits_a_1024x600_screen(
    qtbot,
    themed,
    kec_window,  # noqa: F811
) -> None:
    problems, names = _walk(qtbot, kec_window)
    assert not problems, "\n".join(problems)
    assert {"Beranda", "Penerimaan Paket", "Data Ganda"} <= set(names)
    assert _dialog_names(kec_window) <= set(names), _dialog_names(kec_window) - set(names)


def test_every_dialog_class_is_in_the_catalog() -> None:
    """A new dialog without a place in ui.catalog_dialogs would never be checked at 1024×600."""
    import ui.dialogs
    import ui.pages
    from ui.catalog_dialogs import all_dialog_classes
    from ui.crash import CrashDialog

    found = {CrashDialog}
    for package in (ui.dialogs, ui.pages):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                own = cls.__module__ == module.__name__ and not cls.__name__.startswith("_")
                if own and issubclass(cls, QDialog):
                    found.add(cls)
    missing = {c.__qualname__ for c in found - all_dialog_classes()}
    assert not missing, f"not in ui.catalog_dialogs: {sorted(missing)}"


def test_the_window_opens_within_small_screens_and_comes_back_where_it_was(qtbot, window) -> None:
    from ui import fitting

    laptop = QRect(0, 0, 1366, 728)
    assert fitting.default_geometry(window, NETBOOK.adjusted(0, 0, 0, -TASKBAR))  # maximised
    assert window.width() + 16 <= 1024
    assert window.height() + TITLE <= 560
    assert fitting.default_geometry(window, laptop)
    assert window.width() + 16 <= 1366
    assert window.height() + TITLE <= 728
    big = QRect(0, 0, 1920, 1040)
    assert not fitting.default_geometry(window, big)  # room enough: the usual size, centred
    assert window.size() == QSize(1280, 780)
    # the user's own size and place come back at the next start …
    window.setGeometry(10, 30, 770, 500)  # within the test's 800×800 screen
    qtbot.wait(10)
    fitting.save_window(window)
    window.setGeometry(0, 0, 780, 480)
    assert not fitting.restore_window(window)
    assert (window.geometry().x(), window.geometry().y()) == (10, 30)
    assert window.size() == QSize(770, 500)
    # … but not a place on a second monitor that is no longer there
    window.move(5000, 4000)
    fitting.save_window(window)
    fitting.restore_window(window)
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.contains(window.frameGeometry().topLeft())


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio: 1 (none) to 21 (black on white); 4.5 is readable text."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _dark() -> QPalette:
    """What a dark Windows theme hands the program (the same palette the shot tool uses)."""
    from ui.catalog_shots import dark_palette

    pal = dark_palette()
    assert isinstance(pal, QPalette)
    return pal


@pytest.fixture
def dark_system(qapp):
    """A dark Windows theme: the system's palette is dark before the program starts."""
    qapp.setPalette(_dark())
    return qapp


def test_a_dark_system_theme_leaves_titles_text_and_charts_readable(
    qtbot, dark_system, themed, window
) -> None:
    from ui.charts import BarChart, LineChart

    pal = QApplication.palette()
    for text, ground in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ):
        assert contrast(pal.color(text), pal.color(ground)) >= 4.5, text
    page = window.show_page("Beranda")
    settle(qtbot, window)
    title = next(w for w in page.findChildren(QLabel) if w.objectName() == "pageTitle")
    shot = window.grab().toImage()
    ground = shot.pixelColor(window.width() - 4, window.height() // 2)
    title_color = title.palette().color(QPalette.ColorRole.WindowText)
    assert contrast(title_color, ground) >= 4.5
    # the charts paint their own light ground under dark labels
    charts = page.findChildren(BarChart) + page.findChildren(LineChart)
    assert len(charts) == 3
    for chart in charts:
        image = chart.grab().toImage()
        assert image.pixelColor(2, image.height() - 2) == QColor("#ffffff")
        darkest = min(
            (image.pixelColor(x, y) for x in range(0, image.width(), 3) for y in range(40)),
            key=_luminance,
        )
        assert contrast(darkest, QColor("#ffffff")) >= 4.5
