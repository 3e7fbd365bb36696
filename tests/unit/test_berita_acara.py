"""The Berita Acara of a Musyawarah Desa: the signed record a Kepala Desa (a Lurah) puts his name to
and Dinas Sosial acts on. Built the way the Laporan page builds it (one read job), written to a
real PDF, and read back as a reader extracts it: the day and date in Indonesian words, the place,
the number, who attended, every approved proposal with its full NIK (the document goes to Dinas
Sosial, not on a notice board), the count, the signatories, and only this meeting's proposals."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import insert

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U
from jkn_desktop.records.changes import USULAN
from jkn_desktop.records.documents import DocRequest
from jkn_desktop.records.usulan import MusdesInput, ProposalInput
from jkn_desktop.reports.pdf import SignatureGrid, Table, Text
from jkn_desktop.services.documents import catalog as D
from jkn_desktop.services.usulan import musdes as M
from jkn_desktop.services.usulan import proposals as S

TODAY = dt.date(2026, 11, 28)  # a Saturday: the Berita Acara is printed days after the meeting
HELD = dt.date(2026, 11, 23)  # Monday 23 November 2026
PERIOD = "2026-11"
BA_NUMBER = "140/27/BA/XI/2026"
ATTENDED = (
    "Sutrisno — Kepala Desa\n"
    "Harjono — Ketua BPD\n"
    "Wahyuni — Sekretaris Desa\n"
    "Parto — tokoh masyarakat\n"
    "Sri Rahayu — Pendamping PKH"
)
NOTE = "Usulan disampaikan ke Dinas Sosial melalui Kecamatan Matesih."
# (NIK, name, dusun, RT): the residents the proposals are about
PEOPLE = {
    "siti": ("3313054101850001", "SITI AMINAH", "Krajan", "002"),
    "suparman": ("3313051203450002", "SUPARMAN", "Krajan", "002"),
    "karto": ("3313050707400003", "KARTO SUWITO", "Tlogo", "004"),
    "dwi": ("3313054506900004", "DWI LESTARI", "Tlogo", "004"),
    "partini": ("3313055808700005", "PARTINI", "Ngemplak", "001"),
    "haryanto": ("3313051010750006", "HARYANTO", "Ngemplak", "001"),
    "bayu": ("3313050303000007", "BAYU PRATAMA", "Krajan", "003"),
    "warsini": ("3313054404600008", "WARSINI", "Krajan", "003"),
}
STRANGER = ("3313059999990009", "JOKO SUSILO")  # on the Dinsos list, not a resident
NOW = dt.datetime(2026, 1, 2)


def _residents(db, people: dict[str, tuple[str, str, str, str]]) -> None:
    """One household per dusun and RT, the people in it as the registry holds them."""
    from jkn_desktop.persistence.tables import household_t, resident_t

    with db.work("uji") as work:
        households: dict[tuple[str, str], int] = {}
        for i, (nik, name, dusun, rt) in enumerate(people.values()):
            if (dusun, rt) not in households:
                kk = f"33130501012000{len(households) + 1:02d}"
                households[dusun, rt] = work.conn.execute(
                    insert(household_t).values(
                        no_kk=kk,
                        dusun=dusun,
                        rw="001",
                        rt=rt,
                        desil=2,
                        created_at=NOW,
                        updated_at=NOW,
                    )
                ).inserted_primary_key[0]
            work.conn.execute(
                insert(resident_t).values(
                    nik=nik,
                    name=name,
                    name_key=name,
                    sex="P" if i % 2 else "L",
                    household_id=households[dusun, rt],
                    shdk=1 + (i % 3),
                    birth_date=dt.date(1970 + i, 1, 1),
                    status_dasar=codes.HIDUP,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )


def _proposals() -> list[ProposalInput]:
    """A month's proposals of every kind, for both programmes."""
    p = {k: v[0] for k, v in PEOPLE.items()}
    return [
        ProposalInput(PERIOD, U.PENAMBAHAN, p["siti"], "belum terlindungi, desil 2"),
        ProposalInput(PERIOD, U.PENGHAPUSAN, p["suparman"], "meninggal"),
        ProposalInput(
            PERIOD, U.PENGGANTIAN, p["dwi"], replaces_nik=p["karto"], replaces_reason="meninggal"
        ),
        ProposalInput(
            PERIOD, U.REAKTIVASI, p["partini"], notes="Surat RSUD Karanganyar 445/88/2026"
        ),
        ProposalInput(PERIOD, U.PERBAIKAN, p["haryanto"], notes="nama pada kartu salah"),
        ProposalInput(PERIOD, U.PENAMBAHAN, p["bayu"], "belum terlindungi", track=J.PBPU_PEMDA),
        ProposalInput(PERIOD, U.PENGHAPUSAN, STRANGER[0], "tidak_ditemukan", name=STRANGER[1]),
    ]


@pytest.fixture
def musdes(village_db):
    """Desa Girilayu's November meeting approved seven proposals; one draft waits for the next."""
    db = village_db
    _residents(db, PEOPLE)
    ids = [db.run(S.add, p, user="Operator Uji", today=TODAY) for p in _proposals()]
    waiting = ProposalInput(PERIOD, U.PENAMBAHAN, PEOPLE["warsini"][0], "belum terlindungi")
    db.run(S.add, waiting, user="Operator Uji", today=TODAY)
    minutes = MusdesInput(HELD, "Balai Desa Girilayu", ATTENDED, BA_NUMBER, NOTE)
    with db.work("Operator Uji", today=TODAY) as work:
        db.musdes_id = M.record_musdes(work, minutes, ids)
    # recording the meeting is one job that says which proposals it approved
    assert work.changes.ids(USULAN) == set(ids)
    db.approved = ids
    return db


def _build(db, musdes_id):
    request = DocRequest("berita_acara", PERIOD, musdes_id=musdes_id)
    return db.run(D.build, request, write=False, today=TODAY)


def _save(db, musdes_id, out: Path) -> str:
    request = DocRequest("berita_acara", PERIOD, musdes_id=musdes_id)
    return db.run(D.save, request, out, write=False, today=TODAY)


def _plan_text(doc) -> str:
    """Every string the page plan draws: kop, texts, table cells, signature titles and names."""
    out = list(doc.letterhead.lines)
    for block in doc.blocks:
        if isinstance(block, Text):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [" | ".join(row.cells) for row in block.rows]
        elif isinstance(block, SignatureGrid):
            out.append(block.dated)
            out += [" ".join(titles) + f" / {name}" for titles, name in block.columns]
    return "\n".join(out)


needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"
)


def _extracted(pdf: Path) -> str:
    """The printed text as a reader extracts it, laid out as on the page (a table row on one line,
    pages separated by form feeds)."""
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


# --- the page plan -------------------------------------------------------------------------------
def test_the_opening_names_the_day_date_place_and_number_in_words(musdes):
    text = _plan_text(_build(musdes, musdes.musdes_id))
    assert "BERITA ACARA MUSYAWARAH DESA" in text
    # both programmes are in this meeting: the subject names both
    assert (
        "TENTANG USULAN PERUBAHAN DATA PENERIMA BANTUAN IURAN JAMINAN KESEHATAN (PBI JK) DAN "
        "PESERTA PBPU/BP YANG DIDAFTARKAN PEMERINTAH DAERAH"
    ) in text
    assert f"Nomor: {BA_NUMBER}" in text
    assert (
        "Pada hari ini Senin, tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam "
        "(23 November 2026), bertempat di Balai Desa Girilayu, telah dilaksanakan Musyawarah Desa "
        "Girilayu untuk membahas usulan perubahan data PBI APBN dan PBPU Pemda bulan November 2026."
    ) in text
    assert "PEMERINTAH KABUPATEN KARANGANYAR\nKECAMATAN MATESIH\nDESA GIRILAYU" in text


def test_attendance_approved_proposals_and_signatories(musdes):
    doc = _build(musdes, musdes.musdes_id)
    text = _plan_text(doc)
    assert "Musyawarah dihadiri oleh:" in text
    for line in (
        "1. Sutrisno — Kepala Desa",
        "2. Harjono — Ketua BPD",
        "3. Wahyuni — Sekretaris Desa",
        "4. Parto — tokoh masyarakat",
        "5. Sri Rahayu — Pendamping PKH",
    ):
        assert line in text
    assert "Musyawarah menyetujui 7 usulan berikut untuk disampaikan kepada Dinas Sosial" in text
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    rows = [list(r.cells) for r in table.rows]
    assert [r[0] for r in rows] == [str(i) for i in range(1, 8)]  # numbered, nothing else
    by_nik = {r[1]: r for r in rows}
    # every approved person with the full NIK, the kind, the programme, the reason and the place
    assert by_nik[PEOPLE["siti"][0]][2:] == [
        "SITI AMINAH",
        "Penambahan",
        "PBI APBN",
        "belum terlindungi, desil 2",
        "Krajan / 002 / 001",
    ]
    assert by_nik[PEOPLE["suparman"][0]][2:6] == [
        "SUPARMAN",
        "Penghapusan",
        "PBI APBN",
        "Meninggal dunia",
    ]
    assert by_nik[PEOPLE["dwi"][0]][2:6] == [
        "DWI LESTARI",
        "Penggantian",
        "PBI APBN",
        f"menggantikan KARTO SUWITO ({PEOPLE['karto'][0]})",
    ]
    assert by_nik[PEOPLE["partini"][0]][3:6] == [
        "Reaktivasi",
        "PBI APBN",
        "Surat RSUD Karanganyar 445/88/2026",
    ]
    assert by_nik[PEOPLE["haryanto"][0]][3:6] == [
        "Perbaikan data",
        "PBI APBN",
        "nama pada kartu salah",
    ]
    assert by_nik[PEOPLE["bayu"][0]][2:5] == ["BAYU PRATAMA", "Penambahan", "PBPU Pemda"]
    assert by_nik[STRANGER[0]][2:6] == ["JOKO SUSILO", "Penghapusan", "PBI APBN", "Tidak ditemukan"]
    assert PEOPLE["warsini"][0] not in by_nik  # still a draft: not in this Berita Acara
    assert not any("*" in r[1] for r in rows)  # no NIK masked: Dinas Sosial needs them whole
    assert f"Catatan: {NOTE}" in text
    assert "Girilayu, 23 November 2026" in text
    (grid,) = [b for b in doc.blocks if isinstance(b, SignatureGrid)]
    assert [(list(t), n) for t, n in grid.columns] == [
        (["Kepala Desa Girilayu"], "Sutrisno"),
        (["Badan Permusyawaratan Desa"], "Harjono"),
        (["Perwakilan masyarakat"], "Parto"),
    ]
    assert doc.footer_left == "Dicetak 28 November 2026 dengan JKN Desktop"
    assert doc.metadata["title"] == f"Berita Acara Musyawarah Desa Girilayu {BA_NUMBER}"
    assert not doc.landscape


def test_only_the_meetings_own_proposals_and_one_programme_in_the_subject(musdes):
    """A second meeting approves the waiting draft: its Berita Acara holds that one proposal, its
    subject names PBI JK alone, and the first meeting's Berita Acara is unchanged."""
    (waiting,) = musdes.run(S.proposals, PERIOD, status=U.DRAFT, write=False)
    minutes = MusdesInput(
        TODAY, "Balai Desa Girilayu", "Sutrisno — Kepala Desa", "140/28/BA/XI/2026"
    )
    second = musdes.run(M.record_musdes, minutes, [waiting.id], today=TODAY)
    text = _plan_text(_build(musdes, second))
    assert "Musyawarah menyetujui 1 usulan berikut" in text
    assert "WARSINI" in text
    assert "SITI AMINAH" not in text
    assert (
        "TENTANG USULAN PERUBAHAN DATA PENERIMA BANTUAN IURAN JAMINAN KESEHATAN (PBI JK)\n" in text
    )
    assert "PBPU/BP YANG DIDAFTARKAN" not in text
    assert "Pada hari ini Sabtu, tanggal dua puluh delapan bulan November" in text
    # nobody from the BPD or the community signed the list: their places are left to be filled
    (grid,) = [b for b in _build(musdes, second).blocks if isinstance(b, SignatureGrid)]
    assert [n for _, n in grid.columns] == ["Sutrisno", "", ""]
    first = _plan_text(_build(musdes, musdes.musdes_id))
    assert "Musyawarah menyetujui 7 usulan berikut" in first
    assert "WARSINI" not in first


def test_a_meeting_without_proposals_says_so(musdes):
    """A meeting recorded without approving anything (the UI offers no such meeting, the service
    allows it) prints that nothing was approved, under the PBI JK subject."""
    minutes = MusdesInput(TODAY, "Balai Desa Girilayu", ATTENDED, "140/29/BA/XI/2026")
    with musdes.work("Operator Uji", today=TODAY) as work:
        empty = M.record_musdes(work, minutes, [])
    assert work.changes.touches([USULAN])
    doc = _build(musdes, empty)
    text = _plan_text(doc)
    assert "Musyawarah menyetujui 0 usulan berikut" in text
    assert "Tidak ada usulan yang disetujui." in text
    assert "PENERIMA BANTUAN IURAN JAMINAN KESEHATAN (PBI JK)" in text
    assert "bulan —." in text  # no month to name


def test_a_meeting_that_is_not_there_is_refused(musdes, tmp_path):
    from jkn_desktop.errors import UserError

    with pytest.raises(UserError, match="Pilih Musyawarah Desa yang berita acaranya dicetak"):
        _build(musdes, 999)
    with pytest.raises(UserError, match="Pilih Musyawarah Desa"):
        _build(musdes, None)
    future = MusdesInput(TODAY + dt.timedelta(days=1), "Balai Desa", "", "")
    with pytest.raises(UserError, match="di masa depan"):
        musdes.run(M.record_musdes, future, [], today=TODAY)
    out = tmp_path / "ba.pdf"
    with pytest.raises(UserError):
        _save(musdes, 999, out)
    assert not out.exists()


# --- the printed file -----------------------------------------------------------------------------
@needs_poppler
def test_the_printed_pdf_says_what_the_kepala_desa_signs(musdes, tmp_path):
    out = tmp_path / "berita_acara.pdf"
    message = _save(musdes, musdes.musdes_id, out)
    assert message == f"Berita acara Musyawarah Desa disimpan, 1 halaman: {out}"
    assert _pages(out) == 1
    layout = _extracted(out)
    printed = _one_line(layout)
    for expected in (
        "PEMERINTAH KABUPATEN KARANGANYAR",
        "KECAMATAN MATESIH",
        "DESA GIRILAYU",
        "BERITA ACARA MUSYAWARAH DESA",
        f"Nomor: {BA_NUMBER}",
        "Pada hari ini Senin, tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam",
        "(23 November 2026), bertempat di Balai Desa Girilayu",
        "Musyawarah menyetujui 7 usulan berikut",
        "Girilayu, 23 November 2026",
        "Dicetak 28 November 2026 dengan JKN Desktop",
        "Halaman 1 dari 1",
    ):
        assert expected in printed, expected
    for nik, name, _dusun, _rt in (PEOPLE[k] for k in PEOPLE if k not in ("karto", "warsini")):
        row = next((line for line in layout.splitlines() if nik in line), "")
        assert name in row, (nik, row)  # the person and the NIK on one printed row
    assert STRANGER[0] in printed
    assert STRANGER[1] in printed
    assert PEOPLE["warsini"][0] not in printed
    # the three signatories: titles on one line, names on another, left to right
    titles = next(line for line in layout.splitlines() if "Kepala Desa Girilayu" in line)
    assert re.search(
        r"Kepala Desa Girilayu\s+Badan Permusyawaratan Desa\s+Perwakilan masyarakat", titles
    )
    names = next(
        line for line in layout.splitlines() if re.search(r"Sutrisno\s+Harjono\s+Parto", line)
    )
    assert names.strip().startswith("Sutrisno")
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert f"Berita Acara Musyawarah Desa Girilayu {BA_NUMBER}" in info


@needs_poppler
def test_a_long_meeting_runs_over_pages_and_never_signs_a_page_alone(village_db, tmp_path):
    """Forty-five approved proposals fill two pages and a bit: the table continues under its
    header on every page, the pages are numbered "dari 3", and the signatures do not stand alone
    on the last page: the last rows of the table and the closing sentence come along with them."""
    db = village_db
    many = {
        f"p{i}": (f"33130541018{i:05d}", f"WARGA NOMOR {i}", "Krajan", f"{1 + i % 5:03d}")
        for i in range(45)
    }
    _residents(db, many)
    reason = "belum terlindungi, desil 1"
    ids = [
        db.run(S.add, ProposalInput(PERIOD, U.PENAMBAHAN, nik, reason), today=TODAY)
        for nik, *_ in many.values()
    ]
    minutes = MusdesInput(HELD, "Balai Desa Girilayu", ATTENDED, BA_NUMBER)
    mid = db.run(M.record_musdes, minutes, ids, today=TODAY)
    out = tmp_path / "ba.pdf"
    assert "3 halaman" in _save(db, mid, out)
    assert _pages(out) == 3
    pages = _extracted(out).split("\f")[:3]
    for number, page in enumerate(pages, 1):
        assert f"Halaman {number} dari 3" in page
        assert re.search(r"No\s+NIK\s+Nama\s+Jenis usulan", page)  # the header on each page
    assert "Musyawarah menyetujui 45 usulan berikut" in _one_line(pages[0])
    numbered = [
        [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+331305", page, re.M)] for page in pages
    ]
    assert sorted(n for page in numbered for n in page) == list(range(1, 46))  # each row once
    assert numbered[2] == [43, 44, 45]  # carried along with the signatures
    last = _one_line(pages[2])
    assert "Demikian berita acara ini dibuat dengan sebenarnya" in last
    assert "Girilayu, 23 November 2026" in last
    assert re.search(r"Sutrisno\s+Harjono\s+Parto", pages[2])
    assert "Sutrisno" not in pages[1]


@needs_poppler
def test_a_kelurahan_prints_a_musyawarah_kelurahan_signed_by_the_lurah(db, tmp_path):
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    info = db.run(
        resolve_identity,
        "33.13.06.1003",
        kepala_desa="Bambang Sutopo",
        sekretaris_desa="Sri Lestari",
        operator="Operator Uji",
    )
    db.run(save_village, info)
    _residents(db, {"siti": PEOPLE["siti"], "bayu": PEOPLE["bayu"]})
    ids = [
        db.run(S.add, p, today=TODAY)
        for p in _proposals()
        if p.nik in (PEOPLE["siti"][0], PEOPLE["bayu"][0])
    ]
    people = "Bambang Sutopo — Lurah\nHarjono — Ketua LPM\nParto — tokoh masyarakat"
    minutes = MusdesInput(HELD, "Kantor Kelurahan Kalisoro", people, "400/12/BA/2026")
    mid = db.run(M.record_musdes, minutes, ids, today=TODAY)
    out = tmp_path / "ba.pdf"
    assert "Berita acara Musyawarah Kelurahan disimpan, 1 halaman" in _save(db, mid, out)
    layout = _extracted(out)
    printed = _one_line(layout)
    for expected in (
        "KELURAHAN KALISORO",
        "KECAMATAN TAWANGMANGU",
        "BERITA ACARA MUSYAWARAH KELURAHAN",
        "Nomor: 400/12/BA/2026",
        "Pada hari ini Senin, tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam",
        "bertempat di Kantor Kelurahan Kalisoro, telah dilaksanakan Musyawarah Kelurahan Kalisoro",
        "Musyawarah menyetujui 2 usulan berikut",
        "Kalisoro, 23 November 2026",
        "Lurah Kalisoro",
        "Perwakilan masyarakat",
        "Bambang Sutopo",
        "Harjono",
        "Parto",
        PEOPLE["siti"][0],
        "SITI AMINAH",
        PEOPLE["bayu"][0],
        "BAYU PRATAMA",
    ):
        assert expected in printed, expected
    # the LPM's long title wraps inside its column
    assert "Lembaga Pemberdayaan" in printed
    assert "Masyarakat Kelurahan" in printed
    for desa_word in ("Desa", "DESA", "Musdes", "BPD", "Kepala"):
        assert desa_word not in printed, desa_word


@needs_poppler
def test_the_village_logo_is_in_the_kop(musdes, tmp_path):
    import base64

    from jkn_desktop.services.settings import set_setting
    from tests.unit.test_usulan_roster import _tiny_png

    plain = tmp_path / "tanpa_logo.pdf"
    _save(musdes, musdes.musdes_id, plain)
    assert b"/Subtype /Image" not in plain.read_bytes()
    musdes.run(set_setting, "logo_png", base64.b64encode(_tiny_png()).decode("ascii"))
    out = tmp_path / "dengan_logo.pdf"
    _save(musdes, musdes.musdes_id, out)
    assert b"/Subtype /Image" in out.read_bytes()
