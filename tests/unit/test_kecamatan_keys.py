"""Who sent a package: the kecamatan registers a village's key on its first signed package after a
person compared the fingerprint, refuses another key until the village is registered again with a
reason, refuses an unsigned package once a key is registered, and refuses a package whose own
Ringkasan disagrees with its rows (the village and the kecamatan never count differently)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from jkn_desktop.domain import signing
from jkn_desktop.importers.reader import open_workbook
from jkn_desktop.persistence.tables import audit_t, kec_package_t
from jkn_desktop.services.kecamatan.batch import receive_files
from jkn_desktop.services.kecamatan.identity import villages
from jkn_desktop.services.kecamatan.keys import key_history
from jkn_desktop.services.kecamatan.receive import receive_package
from jkn_desktop.services.usulan import package as P
from jkn_desktop.services.usulan.package_sign import stored_key
from tests.kecamatan_helpers import (
    VILLAGES,
    at,
    export,
    make_village,
    new_kecamatan,
    village_template,
)


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("kunci")
    # a village file made once; the kecamatan of each test follows the test's engine
    db = make_village(village_template(tmp_path_factory), root, VILLAGES[0], seed=77, residents=150)
    okt = export(db, "2026-10", root / "okt.xlsx", at=at(5))
    nov = export(db, "2026-11", root / "nov.xlsx", at=at(1, 12, hour=8))
    return {"db": db, "okt": okt, "nov": nov, "root": root, "key": db.run(stored_key, write=False)}


def _resign(path: Path, out: Path, private: str, edit: Any = None) -> Path:
    """The package rewritten and signed with ``private`` (a village program that miscounts, or a
    forger with a key of their own): ``edit(workbook)`` changes cells, every hash is recomputed."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    if edit is not None:
        edit(wb)
        wb.save(out)
        path = out
        wb = load_workbook(out)
    ws = wb["Manifest"]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=2)}
    book = open_workbook(path)
    for name in [k.split(":", 1)[1] for k in cells if str(k).startswith("sha256:")]:
        cells[f"sha256:{name}"].value = P.sheet_digest(name, book.rows(name))
    public = signing.public_of(private)
    cells["kunci_publik"].value = public
    cells["sidik_kunci"].value = signing.fingerprint_of(public)
    pairs = [(P.canonical(r[0].value), P.canonical(r[1].value)) for r in ws.iter_rows(min_row=2)]
    digests = [(k.split(":", 1)[1], v) for k, v in pairs if k.startswith("sha256:")]
    total = P.total_digest(digests, P.manifest_fields(pairs))
    cells["sha256"].value = total
    cells["tanda_tangan"].value = signing.sign(private, total.encode("ascii"))
    wb.save(out)
    return out


def test_first_key_confirmed_then_another_key_refused_until_registered_again(
    village: dict[str, Any], new_db: Any, tmp_path: Path
) -> None:
    kec = new_kecamatan(new_db)
    fingerprint = village["key"].fingerprint
    first = receive_files(kec, [village["okt"]], user="staf")
    assert first.received == []
    assert [(r.code, r.fingerprint) for r in first.to_confirm] == [
        ("PAKET_KUNCI_BARU", fingerprint)
    ]
    assert fingerprint in first.to_confirm[0].message
    # the staff compared it with the Berita Acara: registered and taken in
    ok = receive_files(kec, [village["okt"]], user="staf", register_new_keys=True)
    assert [(r.signed, r.fingerprint) for r in ok.received] == [(True, fingerprint)]
    listed = {v.kode_wilayah: v.fingerprint for v in kec.run(villages, write=False)}
    assert listed[VILLAGES[0]] == fingerprint
    # a package signed by someone else's key, even with every hash right, is refused
    stranger, _public = signing.new_pair()
    forged = _resign(village["nov"], tmp_path / "palsu.xlsx", stranger)
    refused = kec.run(receive_package, forged, register_new_key=True, write=True)
    assert refused.code == "PAKET_KUNCI_LAIN"
    assert fingerprint in refused.message
    # the village got a new laptop: registered again with a reason, audited, the old key kept
    again = kec.run(receive_package, forged, reregister_reason="Laptop desa diganti", write=True)
    assert again.signed
    history = kec.run(key_history, VILLAGES[0], write=False)
    assert [h[0] for h in history] == [
        signing.fingerprint_of(signing.public_of(stranger)),
        fingerprint,
    ]
    assert history[0][3] == "Laptop desa diganti"
    with kec.work("t", write=False) as w:
        reasons = list(
            w.conn.execute(
                select(audit_t.c.reason).where(audit_t.c.action == "register_key")
            ).scalars()
        )
    assert "Laptop desa diganti" in reasons
    # now the village's own key is the stranger: its real packages are refused in turn
    assert kec.run(receive_package, village["nov"], write=True).code == "PAKET_KUNCI_LAIN"


def test_an_unsigned_package_is_refused_once_the_village_has_a_key(
    village: dict[str, Any], new_db: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    kec = new_kecamatan(new_db)
    receive_files(kec, [village["okt"]], user="staf", register_new_keys=True)
    wb = load_workbook(village["nov"])
    ws = wb["Manifest"]
    rows = {r[0].value: r[0].row for r in ws.iter_rows(min_row=2)}
    ws.cell(row=rows["format_version"], column=2).value = "2"
    for key in ("tanda_tangan", "sidik_kunci", "kunci_publik"):
        ws.delete_rows({r[0].value: r[0].row for r in ws.iter_rows(min_row=2)}[key])
    pairs = [(P.canonical(r[0].value), P.canonical(r[1].value)) for r in ws.iter_rows(min_row=2)]
    digests = [(k.split(":", 1)[1], v) for k, v in pairs if k.startswith("sha256:")]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=2)}
    cells["sha256"].value = P.total_digest(digests, P.manifest_fields(pairs))
    wb.save(tmp_path / "tanpa.xlsx")
    r = kec.run(receive_package, tmp_path / "tanpa.xlsx", write=True)
    assert r.code == "PAKET_TANPA_TANDA_TANGAN"
    with kec.work("t", write=False) as w:
        assert len(list(w.conn.execute(select(kec_package_t.c.id)))) == 1


def test_a_ringkasan_that_disagrees_with_the_rows_is_refused(
    village: dict[str, Any], new_db: Any, tmp_path: Path
) -> None:
    kec = new_kecamatan(new_db)
    receive_files(kec, [village["okt"]], user="staf", register_new_keys=True)

    def miscount(wb: Any) -> None:
        for row in wb["Ringkasan"].iter_rows(min_row=2):
            if row[0].value == "aktif":
                row[1].value = int(row[1].value) + 5

    bad = _resign(
        village["nov"], tmp_path / "salah_hitung.xlsx", village["key"].private_key, miscount
    )
    r = kec.run(receive_package, bad, write=True)
    assert r.code == "PAKET_RINGKASAN"
    assert "aktif" in r.message
    # the honest package of the same month goes in, and its totals are the village's own
    good = kec.run(receive_package, village["nov"], write=True)
    assert good.rows > 0


@pytest.mark.file_only  # a backup file restored over the kecamatan's file
def test_a_village_backup_is_not_restored_over_the_kecamatan_file(
    village: dict[str, Any], new_db: Any, tmp_path: Path
) -> None:
    from jkn_desktop.errors import UserError
    from jkn_desktop.services.backup.making import take_backup
    from jkn_desktop.services.backup.restoring import restore_backup

    kec = new_kecamatan(new_db)
    receive_files(kec, [village["okt"]], user="staf", register_new_keys=True)
    backup = take_backup(village["db"])
    with pytest.raises(UserError) as exc:
        restore_backup(kec, backup.path)
    assert exc.value.code == "BACKUP_OTHER_VILLAGE"
    assert "Kecamatan Matesih" in exc.value.message
    assert len(kec.run(villages, write=False)) == 9  # still the kecamatan's file


def test_an_operator_cannot_register_a_key_but_the_batch_goes_on(
    village: dict[str, Any], new_db: Any, tmp_path: Path
) -> None:
    from jkn_desktop.errors import UserError
    from jkn_desktop.records.people import Actor

    kec = new_kecamatan(new_db)
    operator = Actor(username="staf", roles=("operator",))
    report = receive_files(
        kec, [village["okt"], village["nov"]], user=operator, register_new_keys=True
    )
    assert report.received == []
    assert [r.code for r in report.refused] == ["NOT_PERMITTED", "NOT_PERMITTED"]
    assert "Admin" in report.refused[0].message  # who may register a key
    pemeriksa = Actor(username="tamu", roles=("pemeriksa",))
    with pytest.raises(UserError) as exc:  # may not receive at all: told once, before any file
        receive_files(kec, [village["okt"]], user=pemeriksa)
    assert exc.value.code == "NOT_PERMITTED"


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (("Manifest", "versi_skema", "0099"), "PAKET_SKEMA_BARU"),
        (("Manifest", "periode", "2027-05"), "PAKET_PERIODE"),
        (("Penduduk", "status_dasar", "ENTAHLAH"), "PAKET_SEL"),
    ],
)
def test_a_package_the_village_signed_but_this_program_cannot_take_is_refused_whole(
    village: dict[str, Any],
    new_db: Any,
    tmp_path: Path,
    edit: tuple[str, str, str],
    code: str,
) -> None:
    """A newer program's package, a month still to come, a value the columns do not allow: all
    signed by the village's own key (so only these checks can catch them), all refused whole."""
    sheet, column, value = edit
    kec = new_kecamatan(new_db)
    receive_files(kec, [village["okt"]], user="staf", register_new_keys=True)

    def change(wb: Any) -> None:
        ws = wb[sheet]
        if sheet == "Manifest":
            for row in ws.iter_rows(min_row=2):
                if row[0].value == column:
                    row[1].value = value
            return
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index(column) + 1).value = value

    bad = _resign(village["nov"], tmp_path / "paket.xlsx", village["key"].private_key, change)
    r = kec.run(receive_package, bad, write=True)
    assert r.code == code
    assert "paket.xlsx" in r.message
    with kec.work("t", write=False) as w:
        assert len(list(w.conn.execute(select(kec_package_t.c.id)))) == 1  # October alone
