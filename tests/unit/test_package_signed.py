"""Package format 3 (issue #15 item 2): the village's Ed25519 key signs the Manifest, each resident
carries a stable id, the Penduduk sheet carries the village's own verdict and the Ringkasan sheet
its totals — which agree with each other and with the village's coverage page."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from jkn_desktop.cli import main
from jkn_desktop.domain import signing
from jkn_desktop.errors import UserError
from jkn_desktop.importers.reader import open_workbook
from jkn_desktop.persistence.tables import resident_t
from jkn_desktop.persistence.work import local_now
from jkn_desktop.records.people import Actor
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.usulan import package as P
from jkn_desktop.services.usulan.package_sign import key_fingerprint, stored_key

PERIOD = f"{dt.date.today():%Y-%m}"


def _export(db: Any, out: Path, **kw: Any) -> Any:
    return db.run(P.export_package, PERIOD, out, write=True, **kw)


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts by header name (as the kecamatan's reader takes them)."""
    rows = open_workbook(path).rows(name)
    head = [str(h) for h in rows[0]]
    return [dict(zip(head, r, strict=False)) for r in rows[1:] if r]


def _manifest(wb: Any) -> dict[str, Any]:
    return {r[0].value: r[1] for r in wb["Manifest"].iter_rows(min_row=2)}


def _rehash(path: Path, out: Path, *, private: str | None = None, version: str | None = None):
    """Edit a package as a forger would: put another key in (or take the signature out for
    ``version`` "2"), recompute the overall hash over the Manifest and sign it again."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Manifest"]
    cells = _manifest(wb)
    if version is not None:
        cells["format_version"].value = version
        for key in ("sidik_kunci", "kunci_publik", "tanda_tangan"):
            ws.delete_rows(cells[key].row)
            cells = _manifest(wb)
    if private is not None:
        public = signing.public_of(private)
        cells["kunci_publik"].value = public
        cells["sidik_kunci"].value = signing.fingerprint_of(public)
    pairs = [(P.canonical(r[0].value), P.canonical(r[1].value)) for r in ws.iter_rows(min_row=2)]
    digests = [(k.split(":", 1)[1], v) for k, v in pairs if k.startswith("sha256:")]
    total = P.total_digest(digests, P.manifest_fields(pairs))
    cells["sha256"].value = total
    if private is not None:
        cells["tanda_tangan"].value = signing.sign(private, total.encode("ascii"))
    wb.save(out)
    return out


# --- the signature --------------------------------------------------------------------------


def test_the_first_package_makes_the_key_and_every_package_is_signed_with_it(demo_db, tmp_path):
    assert demo_db.run(key_fingerprint, write=False) == ""
    first = _export(demo_db, tmp_path / "satu.xlsx")
    key = demo_db.run(stored_key, write=False)
    assert key is not None
    assert first.fingerprint == key.fingerprint == signing.fingerprint_of(key.public_key)
    # "AB12-CD34-EF56-7890": four groups of four upper-case hex digits
    groups = key.fingerprint.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert key.fingerprint == key.fingerprint.upper()
    second = _export(demo_db, tmp_path / "dua.xlsx")
    assert second.fingerprint == first.fingerprint  # made once, kept
    v = P.verify_package(second.path, local_now())
    assert v.ok, v.problems
    assert (v.format_version, v.signed, v.fingerprint) == ("3", True, key.fingerprint)
    assert v.public_key == key.public_key
    # the private key is nowhere in the package
    from openpyxl import load_workbook

    wb = load_workbook(second.path)
    texts = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row}
    assert key.private_key not in texts
    assert key.public_key in texts


def test_a_changed_fingerprint_or_signature_is_named(demo_db, tmp_path):
    from openpyxl import load_workbook

    out = _export(demo_db, tmp_path / "paket.xlsx").path
    now = local_now()
    for key, value, words in (
        ("sidik_kunci", "AAAA-BBBB-CCCC-DDDD", "Manifest diubah"),
        ("tanda_tangan", signing.sign(signing.new_pair()[1], b"lain"), "tidak sah"),
        ("tanda_tangan", "", "tanpa tanda tangan"),
        ("kunci_publik", signing.new_pair()[0], "Manifest diubah"),
    ):
        wb = load_workbook(out)
        _manifest(wb)[key].value = value
        edited = tmp_path / f"diubah_{key}.xlsx"
        wb.save(edited)
        v = P.verify_package(edited, now)
        assert (v.ok, v.signed) == (False, False), key
        assert any(words in p for p in v.problems), (key, v.problems)
        if words != "Manifest diubah":
            assert any(edited.name in p for p in v.problems), v.problems  # names the file
    # the fingerprint edited and the overall hash made again: the signature no longer holds, and
    # the fingerprint does not match its key
    wb = load_workbook(out)
    _manifest(wb)["sidik_kunci"].value = "AAAA-BBBB-CCCC-DDDD"
    wb.save(tmp_path / "sidik.xlsx")
    rehashed = _rehash(tmp_path / "sidik.xlsx", tmp_path / "sidik_hash.xlsx")
    v = P.verify_package(rehashed, now)
    assert not v.ok
    assert any("Sidik kunci" in p and "sidik_hash.xlsx" in p for p in v.problems), v.problems
    assert any("tidak sah" in p for p in v.problems), v.problems


def test_a_package_re_signed_with_another_key_verifies_under_another_fingerprint(
    demo_db, village_db_factory, tmp_path
):
    """A forger who swaps the key and signs everything again makes a package that holds together
    — under the forger's fingerprint, which is not the one the kecamatan registered: that is
    what receiving compares."""
    out = _export(demo_db, tmp_path / "paket.xlsx").path
    village = demo_db.run(key_fingerprint, write=False)
    now = local_now()
    # a stranger's key
    _public, stranger = signing.new_pair()
    forged = _rehash(out, tmp_path / "palsu.xlsx", private=stranger)
    v = P.verify_package(forged, now)
    assert (v.ok, v.signed) == (True, True), v.problems
    assert v.fingerprint == signing.fingerprint_of(signing.public_of(stranger))
    assert v.fingerprint != village
    # another village's own key (a real database, its first package)
    other = village_db_factory("desa_lain")
    _export(other, tmp_path / "lain.xlsx")
    their = other.run(stored_key, write=False)
    assert their.fingerprint != village
    resigned = _rehash(out, tmp_path / "ditandatangani_lain.xlsx", private=their.private_key)
    v = P.verify_package(resigned, now)
    assert v.ok
    assert v.signed
    assert v.fingerprint == their.fingerprint != village


def test_older_formats_read_unsigned_and_newer_ones_are_refused(demo_db, tmp_path, capsys):
    out = _export(demo_db, tmp_path / "paket.xlsx").path
    old = _rehash(out, tmp_path / "format2.xlsx", version="2")
    v = P.verify_package(old, local_now())
    assert v.ok, v.problems
    assert (v.format_version, v.signed, v.fingerprint, v.public_key) == ("2", False, "", "")
    assert main(["verify-package", str(old)]) == 0
    assert "Tanpa tanda tangan (format lama)" in capsys.readouterr().out
    # format 3 with the signature rows taken out (and the hash made again): not signed, refused
    from openpyxl import load_workbook

    stripped = _rehash(out, tmp_path / "tanpa.xlsx", version="2")
    wb = load_workbook(stripped)
    _manifest(wb)["format_version"].value = "3"
    wb.save(stripped)
    stripped = _rehash(stripped, tmp_path / "tanpa_hash.xlsx")
    v = P.verify_package(stripped, local_now())
    assert not v.ok
    assert any("tanpa tanda tangan" in p and "tanpa_hash.xlsx" in p for p in v.problems)
    wb = load_workbook(out)
    _manifest(wb)["format_version"].value = "4"
    wb.save(tmp_path / "format4.xlsx")
    v = P.verify_package(tmp_path / "format4.xlsx", local_now())
    assert not v.ok
    assert not v.readable
    assert "lebih baru dari program ini" in v.problems[0]


def test_the_command_line_prints_the_fingerprint_and_the_time_in_words(
    demo_db, db_path, tmp_path, capsys
):
    demo_db.close()
    out = tmp_path / "paket.xlsx"
    assert main(["--db", str(db_path), "export-package", "--period", PERIOD, "-o", str(out)]) == 0
    said = capsys.readouterr().out
    line = next(t for t in said.splitlines() if t.startswith("Sidik kunci paket desa: "))
    fingerprint = line.rsplit(" ", 1)[1]
    assert len(fingerprint) == 19
    assert main(["--db", str(db_path), "verify-package", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"Ditandatangani desa, sidik kunci {fingerprint}." in said
    assert " pukul " in said
    assert "dibuat 20" not in said
    assert main(["--db", str(db_path), "verify-package", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["signed"], data["fingerprint"], data["format_version"]) == (
        True,
        fingerprint,
        "3",
    )
    assert (
        main(["--db", str(db_path), "export-package", "--period", PERIOD, "-o", str(out), "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["fingerprint"] == fingerprint


def test_a_role_without_export_cannot_make_the_package_nor_the_key(demo_db, tmp_path):
    clerk = Actor(username="budi", roles=("operator",))
    with pytest.raises(UserError) as caught:
        demo_db.run(P.export_package, PERIOD, tmp_path / "paket.xlsx", user=clerk, write=True)
    assert caught.value.code == "NOT_PERMITTED"
    assert not (tmp_path / "paket.xlsx").exists()
    assert demo_db.run(stored_key, write=False) is None


@pytest.mark.file_only  # a sealed backup is a copy of the database file
def test_a_restored_backup_keeps_the_same_key(demo_db, tmp_path):
    """The private key lives only in the database, so the sealed backup carries it: a village
    whose laptop is replaced signs with the same key after restoring."""
    from jkn_desktop.services.backup import making as M
    from jkn_desktop.services.backup import restoring as R

    before = _export(demo_db, tmp_path / "sebelum.xlsx").fingerprint
    flash = tmp_path / "flashdisk"
    flash.mkdir()
    sealed = M.export_backup(demo_db, flash / "cadangan.jknbak", "sandi-desa-2026").path
    assert b"package_key" not in sealed.read_bytes()  # sealed: nothing of it in clear
    con = sqlite3.connect(demo_db.path)  # the key lost (a new laptop, a damaged file)
    con.execute("DELETE FROM package_key")
    con.commit()
    con.close()
    assert demo_db.run(stored_key, write=False) is None
    R.restore_backup(demo_db, sealed, "sandi-desa-2026")
    assert demo_db.run(key_fingerprint, write=False) == before
    assert _export(demo_db, tmp_path / "sesudah.xlsx").fingerprint == before


@pytest.mark.file_only  # a sealed backup is a copy of the database file
def test_restoring_a_backup_older_than_the_key_keeps_the_key(demo_db, tmp_path):
    """A backup taken before the first package has no key; restoring it (or undoing a step taken
    before the first package) keeps the key the kecamatan registered."""
    from jkn_desktop.services.backup import making as M
    from jkn_desktop.services.backup import restoring as R

    flash = tmp_path / "flashdisk"
    flash.mkdir()
    sealed = M.export_backup(demo_db, flash / "sebelum_kunci.jknbak", "sandi-desa-2026").path
    key = _export(demo_db, tmp_path / "pertama.xlsx").fingerprint
    R.restore_backup(demo_db, sealed, "sandi-desa-2026")
    assert demo_db.run(key_fingerprint, write=False) == key
    assert _export(demo_db, tmp_path / "kedua.xlsx").fingerprint == key


# --- the residents' ids, the village's verdict and its totals ---------------------------------


def _uids(path: Path) -> dict[str, str]:
    return {r["nik"]: r["uid"] for r in _sheet(path, "Penduduk")}


def test_a_month_after_another_same_key_same_ids_totals_follow(demo_db, tmp_path):
    """A realistic sequence: the first package of the month; then three people move in and one
    insured resident dies; the next package carries the same ids for everyone already there (the
    dead one too, now MATI), ids for the newcomers, the same key, and totals that follow."""
    from jkn_desktop.domain import codes
    from jkn_desktop.services.registry.resident_import import import_residents
    from jkn_desktop.services.registry.residents import change_status
    from tests.unit.test_backup_restore import add_residents

    one = _export(demo_db, tmp_path / "satu.xlsx")
    first = _uids(one.path)
    totals_one = _agree(demo_db, one.path)
    assert len(first) == 600
    assert all(len(u) == 32 and int(u, 16) >= 0 for u in first.values())
    assert len(set(first.values())) == len(first)

    people = _sheet(one.path, "Penduduk")
    dying = next(r for r in people if r["status_dasar"] == "HIDUP" and int(r["aktif"]))
    rid = demo_db.run(
        lambda w: w.conn.execute(
            select(resident_t.c.id).where(resident_t.c.nik == dying["nik"])
        ).scalar_one(),
        write=False,
    )
    demo_db.run(change_status, rid, codes.MATI, dt.date.today(), "meninggal dunia")
    demo_db.run(import_residents, add_residents(tmp_path / "baru.csv", 3))

    two = _export(demo_db, tmp_path / "dua.xlsx")
    assert two.fingerprint == one.fingerprint
    second = _uids(two.path)
    assert {n: second[n] for n in first} == first  # the same ids
    new = set(second) - set(first)
    assert len(new) == 3
    assert len({second[n] for n in new} | set(first.values())) == 603
    totals_two = _agree(demo_db, two.path)
    assert totals_two["penduduk"] == totals_one["penduduk"] + 3 - 1
    assert totals_two["aktif"] == totals_one["aktif"] - 1
    row = next(r for r in _sheet(two.path, "Penduduk") if r["nik"] == dying["nik"])
    assert (row["status_dasar"], row["uid"]) == ("MATI", dying["uid"])
    for made in (one, two):
        v = P.verify_package(made.path, local_now())
        assert (v.ok, v.signed, v.fingerprint) == (True, True, one.fingerprint), v.problems


def _agree(db: Any, path: Path) -> dict[str, int]:
    """The sums over the living residents of the Penduduk sheet equal the Ringkasan, which equals
    the village's coverage; the reasons too."""
    people = _sheet(path, "Penduduk")
    living = [r for r in people if r["status_dasar"] == "HIDUP"]
    totals = {r["ukuran"]: int(r["jumlah"]) for r in _sheet(path, "Ringkasan")}
    c = db.run(coverage, write=False)
    assert totals == {
        "penduduk": c.total.population,
        "terdaftar": c.total.registered,
        "aktif": c.total.active,
        "kk": c.total.households,
        "kk_belum_seluruhnya": c.total.households_fully_uninsured,
        "kk_belum_sebagian": c.total.households_partly_uninsured,
    }
    assert len(living) == totals["penduduk"]
    assert sum(int(r["terdaftar"]) for r in living) == totals["terdaftar"]
    assert sum(int(r["aktif"]) for r in living) == totals["aktif"]
    reasons = Counter(r["alasan_belum"] for r in living if r["alasan_belum"])
    assert dict(reasons) == c.reasons
    # an active (insured) resident has no reason, every other living one has; active means
    # registered
    assert all(bool(r["alasan_belum"]) != bool(int(r["aktif"])) for r in living)
    assert all(int(r["terdaftar"]) for r in people if int(r["aktif"]))
    return totals


def test_the_verdicts_add_up_to_the_ringkasan_on_a_demo_village(demo_db, tmp_path):
    out = _export(demo_db, tmp_path / "paket.xlsx").path
    totals = _agree(demo_db, out)
    people = _sheet(out, "Penduduk")
    # residents in every kind of state
    kinds = {(r["terdaftar"], r["aktif"], bool(r["alasan_belum"])) for r in people}
    assert len(kinds) >= 3, kinds
    assert {r["status_dasar"] for r in people} - {"HIDUP"}
    assert 0 < totals["aktif"] < totals["terdaftar"] < totals["penduduk"]
    assert any(r["nama_ibu"] for r in people)
    assert P.verify_package(out, local_now()).ok


def test_the_verdicts_add_up_on_a_resident_file_without_insurance(village_db, tmp_path):
    from jkn_desktop.services.registry.resident_import import import_residents
    from tests.unit.test_backup_restore import add_residents

    village_db.run(import_residents, add_residents(tmp_path / "warga.csv", 6))
    out = _export(village_db, tmp_path / "paket.xlsx").path
    totals = _agree(village_db, out)
    assert totals["penduduk"] == 6
    assert totals["terdaftar"] == 0
    people = _sheet(out, "Penduduk")
    assert all(r["alasan_belum"] for r in people)
    assert P.verify_package(out, local_now()).ok


@pytest.fixture
def village_db_factory(new_db):
    """Another village's database (its own identity and key), of the test's engine."""
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    def make(name: str) -> Any:
        db = new_db(name)
        db.run(save_village, db.run(resolve_identity, "33.13.05.2001", operator="Operator Lain"))
        return db

    return make


def test_the_berita_acara_prints_the_fingerprint_once_there_is_a_key(demo_db, tmp_path):
    """The kecamatan compares the fingerprint on the Berita Acara (on paper, or read out on the
    telephone) with the one in the first package before it registers the village's key."""
    from jkn_desktop.records.documents import DocRequest
    from jkn_desktop.records.usulan import MusdesInput
    from jkn_desktop.reports.pdf import Text
    from jkn_desktop.services.documents import catalog as D
    from jkn_desktop.services.usulan import musdes as M
    from jkn_desktop.services.usulan import proposals as S
    from jkn_desktop.services.usulan import suggestions as G

    demo_db.run(G.accept, PERIOD, demo_db.run(G.suggestions, PERIOD))
    drafts = demo_db.run(S.proposals, PERIOD)
    minutes = MusdesInput(dt.date.today(), "Balai Desa", "Sutrisno — Kepala Desa", "BA/7")
    mid = demo_db.run(M.record_musdes, minutes, [p.id for p in drafts[:5]])

    def texts() -> list[str]:
        doc = demo_db.run(D.prepare_print, DocRequest("berita_acara", PERIOD, musdes_id=mid))
        return [b.text for b in doc.document.blocks if isinstance(b, Text)]

    assert not any("Sidik kunci" in t for t in texts())  # no package yet: no key to print
    fingerprint = _export(demo_db, tmp_path / "paket.xlsx").fingerprint
    assert f"Sidik kunci paket desa: {fingerprint}" in texts()
    out = tmp_path / "berita_acara.pdf"
    assert "disimpan" in demo_db.run(
        D.save, DocRequest("berita_acara", PERIOD, musdes_id=mid), out, write=False
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_starting_pays_nothing_for_the_signature_library():
    """``cryptography`` is imported when a key is made or a signature checked, not before."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import jkn_desktop.services.usulan.package, jkn_desktop.services.documents.catalog\n"
        "print('cryptography' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
