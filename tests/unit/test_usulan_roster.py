"""Proposals to Dinas Sosial and the printed rosters: suggestions from the rules, never twice for
one person and month, dismissals that stick, the steps with their dates, the Musdes approval, and
rosters grouped by household with masking that leaves no full NIK or No. KK."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from sqlalchemy import insert

from jkn_desktop.cli import main
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.records.changes import USULAN
from jkn_desktop.records.documents import RosterOptions
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.usulan import MusdesInput, ProposalInput
from jkn_desktop.services.documents import rosters
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.usulan import musdes as M
from jkn_desktop.services.usulan import proposals as S
from jkn_desktop.services.usulan import suggestions as G

NOW = dt.datetime(2026, 1, 2)
PERIOD = f"{dt.date.today():%Y-%m}"


@pytest.fixture
def village(village_db):
    db = village_db
    with db.work("uji") as work:
        conn = work.conn

        def hh(kk, desil):
            return conn.execute(
                insert(household_t).values(
                    no_kk=kk,
                    dusun="Krajan",
                    rw="001",
                    rt="002",
                    desil=desil,
                    created_at=NOW,
                    updated_at=NOW,
                )
            ).inserted_primary_key[0]

        def person(nik, hid, shdk=1, sd=codes.HIDUP, occupation=None):
            return conn.execute(
                insert(resident_t).values(
                    nik=nik,
                    name=f"WARGA {nik[-4:]}",
                    name_key=f"WARGA {nik[-4:]}",
                    sex="L",
                    household_id=hid,
                    shdk=shdk,
                    birth_date=dt.date(1980, 1, 1),
                    status_dasar=sd,
                    occupation=occupation,
                    status_changed_at=dt.date(2026, 1, 5) if sd != codes.HIDUP else None,
                    created_at=NOW,
                    updated_at=NOW,
                )
            ).inserted_primary_key[0]

        poor, rich = hh("3313050101200001", 3), hh("3313050101200002", 8)
        ids = {
            "poor": person("3313050101800001", poor),  # uninsured, desil 3 → penambahan
            "dead": person(
                "3313050101800002", poor, shdk=2, sd=codes.MATI
            ),  # PBI, MATI → penghapusan
            "removed": person(
                "3313050101800003", poor, shdk=3
            ),  # PBI nonaktif, desil 3 → reaktivasi
            "rich": person("3313050101800004", rich),  # PBI aktif, desil 8 → sudah mampu
            "worker": person(
                "3313050101800005", rich, shdk=2, occupation=15
            ),  # PBI + karyawan → PPU
        }
        on = dt.date.today()
        record_observations(
            work,
            [
                Observation(ids["dead"], J.PBI_APBN, J.AKTIF, on, "dinsos"),
                Observation(ids["removed"], J.PBI_APBN, J.NONAKTIF, on, "dinsos"),
                Observation(
                    ids["rich"], J.PBI_APBN, J.AKTIF, on, "dinsos", card_no="0001234567890"
                ),
                Observation(ids["worker"], J.PBI_APBN, J.AKTIF, on, "dinsos"),
                # the resident said so at the office: recorded as not registered (nothing recorded
                # would only ask for a check at BPJS)
                Observation(
                    ids["poor"], J.BELUM_TERDAFTAR, J.STATUS_TIDAK_DIKETAHUI, on, "pengakuan"
                ),
                # a PPU card seen: only now is removal "menjadi PPU" proposed (Permensos 3/2026 Ps. 12)
                Observation(ids["worker"], J.PPU, J.AKTIF, on, "kartu", card_no="0009876543210"),
            ],
        )
    db.ids = ids
    return db


def test_rules_suggest_each_kind_once_and_dismissals_stick(village):
    found = {s.nik[-1]: (s.kind, s.reason) for s in village.run(G.suggestions, PERIOD)}
    assert found == {
        "1": (U.PENAMBAHAN, ""),
        "2": (U.PENGHAPUSAN, "meninggal"),
        "3": (U.REAKTIVASI, ""),
        "4": (U.PENGHAPUSAN, "sudah_mampu"),
        "5": (U.PENGHAPUSAN, "menjadi_ppu"),
    }
    suggestions = village.run(G.suggestions, PERIOD)
    village.run(G.accept, PERIOD, [s for s in suggestions if s.nik.endswith("1")], user="uji")
    with pytest.raises(UserError, match="sudah ada dalam usulan"):
        village.run(
            S.add,
            ProposalInput(PERIOD, U.PERBAIKAN, "3313050101800001", notes="nama salah"),
            user="uji",
        )
    with pytest.raises(UserError, match="alasan"):
        village.run(S.add, ProposalInput(PERIOD, U.PENGHAPUSAN, "3313050101800004"), user="uji")
    village.run(
        G.dismiss,
        [s for s in suggestions if s.nik.endswith("4")],
        "desil sedang diperiksa ulang",
        PERIOD,
        user="uji",
    )
    left = {s.nik[-1] for s in village.run(G.suggestions, PERIOD)}
    assert left == {"2", "3", "5"}  # accepted and dismissed ones are gone
    next_month = "2099-01"
    assert "4" not in {s.nik[-1] for s in village.run(G.suggestions, next_month)}  # stays dismissed
    (dismissed,) = village.run(G.dismissals)
    assert (dismissed.nik, dismissed.actor) == ("3313050101800004", "uji")
    village.run(G.undismiss, "3313050101800004", U.PENGHAPUSAN, user="uji")
    assert "4" in {s.nik[-1] for s in village.run(G.suggestions, PERIOD)}
    (p,) = village.run(S.proposals, PERIOD)
    assert (p.kind, p.status, p.reason) == (U.PENAMBAHAN, U.DRAFT, "belum terlindungi, desil 3")


def test_steps_with_dates_musdes_and_the_reaktivasi_letter(village):
    ids = village.run(G.accept, PERIOD, village.run(G.suggestions, PERIOD), user="uji")
    held = dt.date.today()
    minutes = MusdesInput(
        held, "Balai Desa", "Sutrisno — Kepala Desa\nBudi — BPD", "140/01/BA/2026"
    )
    with village.work("uji") as work:
        mid = M.record_musdes(work, minutes, ids)
    assert work.changes.ids(USULAN) == set(ids)  # the job says which proposals it approved
    approved = village.run(S.proposals, PERIOD, musdes_id=mid)
    assert {p.status for p in approved} == {U.DISETUJUI}
    assert {p.approved_on for p in approved} == {held}
    reaktivasi = next(p for p in approved if p.kind == U.REAKTIVASI)
    with pytest.raises(UserError, match="surat keterangan"):
        village.run(S.set_status, [reaktivasi.id], U.DIKIRIM, user="uji", today=held)
    village.run(S.update_notes, reaktivasi.id, "Surat Puskesmas Matesih 445/112/2026", user="uji")
    village.run(S.set_status, ids, U.DIKIRIM, user="uji", today=held)
    with pytest.raises(UserError, match="tidak bisa diubah menjadi"):
        village.run(S.set_status, ids[:1], U.DISETUJUI, user="uji", today=held)
    village.run(S.set_status, ids[:1], U.DITERIMA, user="uji", today=held)
    first = next(p for p in village.run(S.proposals, PERIOD) if p.id == ids[0])
    assert (first.status, first.sent_on, first.decided_on) == (U.DITERIMA, held, held)
    with pytest.raises(UserError, match="draf"):
        village.run(S.delete_draft, ids[0], "salah", user="uji")
    (meeting,) = village.run(S.meetings)
    assert meeting.participant_list() == [("Sutrisno", "Kepala Desa"), ("Budi", "BPD")]


def test_each_write_says_what_it_changed_and_the_pages_read_in_one_job(village):
    """Issue #12: a write reports the proposals it touched (the window refreshes what shows them);
    the Usulan page's month and the Laporan page's choices are one read job each."""
    from jkn_desktop.services.documents import catalog

    def changes(fn, *args):
        with village.work("uji") as work:
            result = fn(work, *args)
        return result, work.changes

    ids, made = changes(G.accept, PERIOD, village.run(G.suggestions, PERIOD)[:2])
    assert made.ids(USULAN) == set(ids)
    _, noted = changes(S.update_notes, ids[0], "surat 1")
    assert noted.ids(USULAN) == {ids[0]}
    _, unchanged = changes(S.update_notes, ids[0], "surat 1")
    assert not unchanged  # nothing new: nothing to refresh
    _, deleted = changes(S.delete_draft, ids[1], "salah")
    assert deleted.ids(USULAN) == {ids[1]}
    rest = village.run(G.suggestions, PERIOD)
    _, dismissed = changes(G.dismiss, rest[:1], "sudah diurus", PERIOD)
    assert dismissed.touches([USULAN])
    _, restored = changes(G.undismiss, rest[0].nik, rest[0].kind)
    assert restored.touches([USULAN])
    minutes = MusdesInput(dt.date.today(), "Balai Desa", "Sutrisno — Kepala Desa", "BA/2")
    mid, approved = changes(M.record_musdes, minutes, [ids[0]])
    assert approved.ids(USULAN) == {ids[0]}
    _, sent = changes(S.set_status, [ids[0]], U.DIKIRIM)
    assert sent.ids(USULAN) == {ids[0]}

    month = village.run(G.month, PERIOD, write=False)
    assert [p.id for p in month.proposals] == [ids[0]]
    assert month.suggestions == village.run(G.suggestions, PERIOD)
    assert [m.id for m in month.meetings] == [mid]
    choices = village.run(catalog.choices, write=False)
    assert (choices.mask_keep, [m.id for m in choices.meetings]) == (6, [mid])


def test_roster_groups_by_household_and_masks(village, tmp_path):
    opts = RosterOptions(kind="pbi", period=PERIOD, mask_nik=True)
    with village.work("uji", write=False) as work:
        doc, people, households = rosters.build_roster(work, opts)
        table = next(b for b in doc.blocks if isinstance(b, rosters.StreamTable))
        rows = list(table.rows)  # the rows stream from the job's connection
    # the dead member and the one removed from PBI are not participants at the end of the month
    assert (people, households) == (2, 1)
    heads = [r.cells[0] for r in rows if r.span]
    assert heads == ["No. KK 331305********** — RT 002/RW 001, Dusun Krajan"]
    text = " ".join(" ".join(r.cells) for r in rows)
    for nik in ("3313050101800003", "3313050101800004", "3313050101800005", "3313050101200002"):
        assert nik not in text
    assert "331305**********" in text
    assert "0001234567890" not in text  # card numbers stay off public lists
    with village.work("uji", write=False) as work:
        plain = rosters.build_roster(
            work, RosterOptions(kind="pbi", period=PERIOD, mask_nik=False)
        )[0]
        plain_rows = list(next(b for b in plain.blocks if isinstance(b, rosters.StreamTable)).rows)
    assert "3313050101800004" in " ".join(" ".join(r.cells) for r in plain_rows)
    out = tmp_path / "pbi.pdf"
    result = village.run(rosters.write_roster, opts, out, write=False)
    assert result.pages == 1
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):  # the printed text itself, as a reader extracts it
        extracted = subprocess.run(
            ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "3313050101800004" not in extracted
        assert "Halaman 1 dari 1" in extracted
        assert "DAFTAR PESERTA PBI JK" in extracted


def test_command_line_usulan_and_roster(village, db_path, tmp_path, capsys):
    assert main(["--db", str(db_path), "usulan", "suggest", "--period", PERIOD, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["suggestions"]) == 5
    assert main(["--db", str(db_path), "usulan", "suggest", "--period", PERIOD, "--accept"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "usulan", "list", "--period", PERIOD, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["proposals"]
    assert {p["kind"] for p in listed} == {U.PENAMBAHAN, U.PENGHAPUSAN, U.REAKTIVASI}
    out = tmp_path / "usulan.pdf"
    assert (
        main(
            [
                "--db",
                str(db_path),
                "roster",
                "--period",
                PERIOD,
                "--kind",
                "usulan",
                "-o",
                str(out),
                "--portrait",
            ]
        )
        == 0
    )
    assert "5 baris dalam 3 kelompok" in capsys.readouterr().out
    assert main(["--db", str(db_path), "roster", "--period", "2099-01", "-o", str(out)]) == 2
    assert "belum tiba" in capsys.readouterr().err


def test_dinsos_workbook_has_text_identifiers_and_follows_the_template(
    village, db_path, tmp_path, capsys
):
    from openpyxl import load_workbook

    from jkn_desktop.domain import dinsos as DS
    from jkn_desktop.services.settings import set_setting

    village.run(G.accept, PERIOD, village.run(G.suggestions, PERIOD), user="uji")
    out = tmp_path / "dinsos.xlsx"
    assert (
        main(["--db", str(db_path), "export-dinsos", "--period", PERIOD, "-o", str(out), "--json"])
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["pbi"] == 2
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Sampul",
        *[DS.SHEETS[k] for k in DS.PROPOSAL_SHEETS],
        "Daftar PBI",
        "Perubahan",
    ]
    cover = {r[0]: r[1] for r in wb["Sampul"].iter_rows(min_row=2, values_only=True)}
    assert cover["Kode wilayah Kemendagri"] == "33.13.05.2006"
    removals = wb["Usulan Penghapusan"]
    header = [c.value for c in removals[1]]
    assert header[:4] == ["NO", "NIK", "NO KK", "NAMA"]
    for row in removals.iter_rows(min_row=2):
        nik, kk = row[1], row[2]
        assert (nik.data_type, nik.number_format, len(nik.value)) == ("s", "@", 16)
        assert kk.data_type == "s"
    pbi = wb["Daftar PBI"]
    card_col = [c.value for c in pbi[1]].index("NO KARTU JKN")
    assert pbi.cell(row=2, column=card_col + 1).value == "0001234567890"  # leading zeros kept
    # the district wants another shape: fields, order and header text from the template
    village.run(
        set_setting,
        "dinsos_templates",
        {"pbi": [["nik", "NOMOR INDUK"], ["nama", "NAMA PESERTA"], ["no_kartu", "NOKA"]]},
    )
    assert main(["--db", str(db_path), "export-dinsos", "--period", PERIOD, "-o", str(out)]) == 0
    again = load_workbook(out)["Daftar PBI"]
    assert [c.value for c in again[1]] == ["NOMOR INDUK", "NAMA PESERTA", "NOKA"]
    assert (
        DS.check_template("pbi", [("nama", "NAMA")])
        == "NIK wajib ada: Dinas Sosial mencocokkan data dengan NIK."
    )


def test_package_verifies_and_names_the_sheet_edited_by_hand(village, db_path, tmp_path, capsys):
    from openpyxl import load_workbook

    village.run(G.accept, PERIOD, village.run(G.suggestions, PERIOD), user="uji")
    out = tmp_path / "paket.xlsx"
    assert main(["--db", str(db_path), "export-package", "--period", PERIOD, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "verify-package", str(out), "--json"]) == 0
    ok = json.loads(capsys.readouterr().out)
    assert ok["ok"] is True
    assert (ok["kode_wilayah"], ok["period"]) == ("33.13.05.2006", PERIOD)
    assert ok["rows"]["Penduduk"] == 5
    assert ok["rows"]["Usulan"] == 5
    wb = load_workbook(out)
    assert wb["Penduduk"]["A2"].data_type == "s"
    wb["Usulan"]["E2"] = "NAMA LAIN"
    edited = tmp_path / "diubah.xlsx"
    wb.save(edited)
    assert main(["--db", str(db_path), "verify-package", str(edited), "--json"]) == 1
    bad = json.loads(capsys.readouterr().out)
    assert bad["ok"] is False
    assert len(bad["problems"]) == 1
    assert "Lembar Usulan" in bad["problems"][0]
    junk = tmp_path / "bukan.xlsx"
    junk.write_bytes(b"bukan zip")
    assert main(["--db", str(db_path), "verify-package", str(junk)]) == 2


def _manifest_row(wb, key):
    ws = wb["Manifest"]
    return next(r for r in ws.iter_rows(min_row=2) if r[0].value == key)


def test_the_whole_manifest_counts_format_2(village, tmp_path):
    """Issue #19 item 6: the overall hash covers every Manifest field, so a package edited to say it
    was made later (and would supersede the others) or by another village is refused; a creation
    time in the future is refused; a format 1 package is still read."""
    import datetime as dt

    from openpyxl import load_workbook

    from jkn_desktop.persistence.work import local_now
    from jkn_desktop.services.usulan import package as P

    out = tmp_path / "paket.xlsx"
    village.run(P.export_package, PERIOD, out, write=True)
    now = local_now()
    assert P.verify_package(out, now).format_version == "3"
    assert P.verify_package(out, now).ok
    for key, value in (
        ("dibuat", "2099-01-01 00:00:00"),
        ("kode_wilayah", "33.13.05.2001"),
        ("periode", "2020-01"),
        ("operator", "orang lain"),
    ):
        wb = load_workbook(out)
        _manifest_row(wb, key)[1].value = value
        edited = tmp_path / f"diubah_{key}.xlsx"
        wb.save(edited)
        v = P.verify_package(edited, now)
        assert not v.ok, key
        assert any("Manifest diubah" in p for p in v.problems), (key, v.problems)
    # made "in the future" with a consistent hash: refused by the clock
    future = tmp_path / "masa_depan.xlsx"
    with village.work("uji", write=True, now=now + dt.timedelta(days=30)) as work:
        P.export_package(work, PERIOD, future)
    v = P.verify_package(future, now)
    assert not v.ok
    assert any("masa depan" in p for p in v.problems)
    # format 1 (the overall hash over the sheets only) is still read
    wb = load_workbook(out)
    rows = {r[0].value: r for r in wb["Manifest"].iter_rows(min_row=2)}
    digests = [(k.split(":", 1)[1], r[1].value) for k, r in rows.items() if k.startswith("sha256:")]
    rows["format_version"][1].value = "1"
    rows["sha256"][1].value = P.total_digest(digests)
    old = tmp_path / "format1.xlsx"
    wb.save(old)
    v = P.verify_package(old, now)
    assert v.ok, v.problems
    assert v.format_version == "1"


def test_the_village_logo_goes_into_the_kop(village, tmp_path):
    import base64

    from jkn_desktop.services.settings import set_setting

    png = _tiny_png()
    village.run(set_setting, "logo_png", base64.b64encode(png).decode("ascii"))
    out = tmp_path / "pbi.pdf"
    village.run(rosters.write_roster, RosterOptions(kind="pbi", period=PERIOD), out, write=False)
    assert b"/Subtype /Image" in out.read_bytes()


def _tiny_png() -> bytes:
    """A 2×2 green PNG, written by hand (zlib + CRCs), so the test needs no image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x0b\x5e\x3b" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("command", ["export-dinsos", "export-package", "roster"])
def test_a_folder_that_cannot_be_written_gets_one_indonesian_line(
    village, db_path, tmp_path, command
):
    import sys

    blocker = tmp_path / "bukan_folder"
    blocker.write_text("berkas biasa")  # a file where a folder should be
    suffix = ".pdf" if command == "roster" else ".xlsx"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.launcher",
            "--db",
            str(db_path),
            command,
            "--period",
            PERIOD,
            "-o",
            str(blocker / f"hasil{suffix}"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1, proc.stderr  # one line, no traceback, nothing "ignored"
    assert "tidak bisa ditulis" in proc.stderr


def test_the_berita_acara_names_the_programmes_it_approved(village):
    """Two tracks (issue #11 item 4): the Berita Acara's subject and table say which programme each
    approved proposal is for — PBI JK APBN, PBPU/BP Pemda, or both."""
    import datetime as dt

    from jkn_desktop.reports import berita_acara
    from jkn_desktop.reports.pdf import Table, Text
    from jkn_desktop.services.registry.village import get_village

    village.run(G.accept, PERIOD, village.run(G.suggestions, PERIOD), user="uji")
    poor = next(p for p in village.run(S.proposals, PERIOD) if p.kind == U.PENAMBAHAN)
    village.run(S.delete_draft, poor.id, "diganti jalur Pemda", user="uji")
    village.run(
        S.add, ProposalInput(PERIOD, U.PENAMBAHAN, poor.nik, track=J.PBPU_PEMDA), user="uji"
    )
    drafts = village.run(S.proposals, PERIOD)
    minutes = MusdesInput(dt.date.today(), "Balai Desa", "Sutrisno — Kepala Desa", "BA/1")
    mid = village.run(M.record_musdes, minutes, [p.id for p in drafts], user="uji")
    meeting = next(m for m in village.run(S.meetings) if m.id == mid)
    approved = village.run(S.proposals, musdes_id=mid)
    doc = berita_acara.build(meeting, approved, village.run(get_village))
    texts = [b.text for b in doc.blocks if isinstance(b, Text)]
    assert any("PBI JK" in t and "PBPU/BP" in t for t in texts[:3])
    table = next(b for b in doc.blocks if isinstance(b, Table))
    programmes = {row.cells[4] for row in table.rows}
    assert programmes == {"PBI APBN", "PBPU Pemda"}
