"""A kecamatan fed by real packages of two demo villages (one resident of the first registered
in the second too), opened in the window: the fixtures of the kecamatan pages' tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.kecamatan_helpers import VILLAGES, at, export, make_kecamatan, make_village
from tests.ui.conftest import settle


@pytest.fixture(scope="module")
def kecamatan_file(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jkn_desktop.domain import codes
    from jkn_desktop.persistence.tables import resident_t as R
    from jkn_desktop.records.residents import ResidentInput
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.registry.residents import create

    root = tmp_path_factory.mktemp("kec_pages")
    a = make_village(template_db, root / "desa", VILLAGES[0], seed=31, residents=120)
    b = make_village(template_db, root / "desa", VILLAGES[1], seed=32, residents=120)
    with a.work("uji", write=False) as work:
        person = work.conn.execute(
            select(R.c.nik, R.c.name, R.c.sex, R.c.birth_date, R.c.mother_name)
            .where(R.c.status_dasar == codes.HIDUP, R.c.birth_date.is_not(None))
            .order_by(R.c.id)
            .limit(1)
        ).one()
    moved = ResidentInput(
        nik=person.nik,
        name=person.name,
        sex=person.sex,
        birth_date=person.birth_date,
        mother_name=person.mother_name or "",
    )
    b.run(create, moved, region_known=lambda _c: True, user="operator")
    kec = make_kecamatan(template_db, root / "kec")
    files = [
        export(a, "2026-10", root / "kirim" / "a.xlsx", at=at(3)),
        export(b, "2026-10", root / "kirim" / "b.xlsx", at=at(4)),
    ]
    report = receive_files(kec, files, user="demo", register_new_keys=True)
    assert len(report.received) == 2, report.refused
    path = kec.path
    for db in (a, b, kec):
        db.close()
    return path


@pytest.fixture
def kec_window(qtbot, kecamatan_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    import shutil

    from jkn_desktop.domain.roles import ROLES
    from jkn_desktop.records.people import Actor
    from ui.app import build_window

    path = tmp_path / "kecamatan.sqlite3"
    shutil.copyfile(kecamatan_file, path)
    win = build_window(path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()
