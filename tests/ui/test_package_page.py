"""The Laporan page saves the signed package (a write job: the village's key is made at the first
one) and then shows the key's fingerprint to pass to the kecamatan."""

from __future__ import annotations

import os
from pathlib import Path

from jkn_desktop.persistence.work import local_now
from jkn_desktop.services.usulan.package import verify_package
from jkn_desktop.services.usulan.package_sign import key_fingerprint
from tests.ui.conftest import settle


def test_the_package_is_saved_signed_and_its_fingerprint_shown(qtbot, window, demo_db, tmp_path):
    page = window.show_page("Laporan")
    settle(qtbot, window)
    keys = [page.docs.item(i).data(0x0100) for i in range(page.docs.count())]
    page.docs.setCurrentRow(keys.index("paket"))
    settle(qtbot, window)
    assert "dibuat saat paket pertama disimpan" in page.preview.text()
    assert "tanda tangan digital desa" in page.preview.text()
    _look(window, "sebelum")
    out = tmp_path / "paket.xlsx"
    page.save_to(out)
    settle(qtbot, window, rounds=8)
    fingerprint = demo_db.run(key_fingerprint, write=False)
    assert fingerprint
    assert f"sidik kunci paket desa {fingerprint}" in page.status.text()
    assert f"Sidik kunci paket desa: <b>{fingerprint}</b>" in page.preview.text()
    v = verify_package(out, local_now())
    assert v.ok
    assert v.signed
    assert v.fingerprint == fingerprint
    _look(window, "sesudah")


def _look(window, name: str) -> None:
    """With JKN_LOOK=folder, the page at 1366×768 and 1024×600 as PNG, to be looked at."""
    folder = os.environ.get("JKN_LOOK")
    if not folder:
        return
    for w, h in ((1366, 768), (1024, 600)):
        window.resize(w, h)
        window.grab().save(str(Path(folder) / f"laporan_paket_{name}_{w}.png"))
