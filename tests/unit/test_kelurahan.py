"""A kelurahan (village block of the Kemendagri code starting with 1): a Lurah instead of a Kepala
Desa, a Musyawarah Kelurahan instead of a Musdes, and no APBDes — in the printouts, the workbooks
and the command line. The rule itself: test_wilayah.py."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from jkn_desktop.cli import main
from jkn_desktop.domain.wilayah import DESA_WORDS, KELURAHAN
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import apbdes_line_t
from jkn_desktop.records.documents import DocRequest
from jkn_desktop.records.usulan import MusdesInput
from jkn_desktop.reports.pdf import SignatureGrid, Signatures, StreamTable, Text
from jkn_desktop.services.documents import catalog as D
from jkn_desktop.services.documents import rosters
from jkn_desktop.services.usulan import musdes as M
from jkn_desktop.services.usulan import suggestions as G
from tests.jobs import reading

KALISORO = "33.13.06.1003"  # Kelurahan Kalisoro, Kec. Tawangmangu, Kab. Karanganyar
PERIOD = f"{dt.date.today():%Y-%m}"


# --- a kelurahan database -------------------------------------------------------------------------
@pytest.fixture
def kelurahan(db):
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    info = db.run(
        resolve_identity,
        KALISORO,
        kepala_desa="Bambang Sutopo",
        sekretaris_desa="Sri Lestari",
        operator="Operator Uji",
    )
    db.run(save_village, info)
    generate(db, 400, seed=3)
    return db


@pytest.fixture
def meeting_id(kelurahan):
    ids = kelurahan.run(G.accept, PERIOD, kelurahan.run(G.suggestions, PERIOD)[:4], user="uji")
    assert ids
    people = "Bambang Sutopo — Lurah\nHarjono — Ketua LPM\nParto — tokoh masyarakat"
    minutes = MusdesInput(dt.date.today(), "Kantor Kelurahan Kalisoro", people, "400/01/BA/2026")
    return kelurahan.run(M.record_musdes, minutes, ids, user="uji")


def test_the_identity_knows_it_is_a_kelurahan_and_the_demo_makes_no_apbdes(kelurahan):
    from jkn_desktop.services.registry.village import get_village

    village = kelurahan.run(get_village)
    assert village is not None
    assert (village.kind, village.full_name, village.words.head) == (
        KELURAHAN,
        "Kelurahan Kalisoro",
        "Lurah",
    )
    with reading(kelurahan) as conn:
        assert conn.execute(select(func.count()).select_from(apbdes_line_t)).scalar_one() == 0


def _texts(doc) -> str:
    """Every string the page plan draws, in order (kop, text, signatures)."""
    out = list(doc.letterhead.lines)
    for block in doc.blocks:
        if isinstance(block, Text):
            out.append(block.text)
        elif isinstance(block, SignatureGrid):
            out += [" ".join(titles) + f" / {name}" for titles, name in block.columns]
        elif isinstance(block, Signatures):
            out += [*block.left_title, block.left_name, *block.right_title, block.right_name]
    return "\n".join(out)


def test_the_berita_acara_is_of_a_musyawarah_kelurahan_signed_by_the_lurah(
    kelurahan, meeting_id, tmp_path
):
    doc = kelurahan.run(
        D.build, DocRequest("berita_acara", PERIOD, musdes_id=meeting_id), write=False
    )
    text = _texts(doc)
    assert "KELURAHAN KALISORO" in doc.letterhead.lines
    assert "BERITA ACARA MUSYAWARAH KELURAHAN" in text
    assert "telah dilaksanakan Musyawarah Kelurahan Kalisoro untuk membahas" in text
    assert "Lurah Kalisoro / Bambang Sutopo" in text
    assert "Lembaga Pemberdayaan Masyarakat Kelurahan / Harjono" in text
    assert "Perwakilan masyarakat / Parto" in text
    for desa_word in ("Desa", "DESA", "Musdes", "BPD"):
        assert desa_word not in text
    assert doc.metadata["title"].startswith("Berita Acara Musyawarah Kelurahan Kalisoro")

    out = tmp_path / "ba.pdf"
    assert "Berita acara Musyawarah Kelurahan disimpan" in kelurahan.run(
        D.save, DocRequest("berita_acara", PERIOD, musdes_id=meeting_id), out, write=False
    )
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):  # the printed text itself, as a reader extracts it
        printed = " ".join(
            subprocess.run(
                ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
            ).stdout.split()
        )
        assert "BERITA ACARA MUSYAWARAH KELURAHAN" in printed
        assert "Musyawarah Kelurahan Kalisoro" in printed
        assert "Lurah Kalisoro" in printed
        assert "Kepala Desa" not in printed
        assert "MUSYAWARAH DESA" not in printed


def test_a_long_signer_title_wraps_inside_its_column(kelurahan, meeting_id, tmp_path, monkeypatch):
    """ "Lembaga Pemberdayaan Masyarakat Kelurahan" does not run into the next signer's title."""
    from jkn_desktop.reports import pdf
    from jkn_desktop.reports.pdf_fast import Pen  # the pen the pages are drawn with

    drawn: list[tuple[float, float, str]] = []
    original = Pen.drawCentredString

    def record(self, x, y, text, *args, **kwargs):
        drawn.append((x, y, text))
        return original(self, x, y, text, *args, **kwargs)

    monkeypatch.setattr(Pen, "drawCentredString", record)
    kelurahan.run(
        D.save, DocRequest("berita_acara", PERIOD, musdes_id=meeting_id), tmp_path / "ba.pdf"
    )
    col_w = (pdf.A4[0] - 2 * pdf.MARGIN) / 3
    lurah_y = next(y for _, y, t in drawn if t == "Lurah Kalisoro")
    row = [t for _, y, t in drawn if y == lurah_y]
    assert row == ["Lurah Kalisoro", "Lembaga Pemberdayaan", "Perwakilan masyarakat"]
    assert "Masyarakat Kelurahan" in [t for _, _, t in drawn]
    assert all(pdf.width_of(t, 9.5) < col_w for t in row)


def test_rosters_and_the_dinsos_cover_name_the_lurah(kelurahan, meeting_id, tmp_path):
    from openpyxl import load_workbook

    with kelurahan.work("uji", write=False) as work:
        doc = rosters.build_roster(work, rosters.default_options(work, "usulan", PERIOD))[0]
        table = next(b for b in doc.blocks if isinstance(b, StreamTable))
        statuses = {r.cells[-1] for r in table.rows if not r.span}
    text = _texts(doc)
    assert "KELURAHAN KALISORO KECAMATAN TAWANGMANGU" in text
    assert "Mengetahui,\nLurah Kalisoro\nBambang Sutopo" in text
    assert "Sekretaris Kelurahan Kalisoro\nSri Lestari" in text
    assert statuses == {"Disetujui Musyawarah Kelurahan"}
    assert "Kelurahan Kalisoro" in doc.footer_left

    out = tmp_path / "dinsos.xlsx"
    kelurahan.run(D.save, DocRequest("dinsos", PERIOD), out, write=False)
    cover = dict(load_workbook(out)["Sampul"].iter_rows(min_row=2, values_only=True))
    assert (cover["Kelurahan"], cover["Lurah"]) == ("Kalisoro", "Bambang Sutopo")
    assert not any("Desa" in str(k) for k in cover)


def test_a_kelurahan_has_no_apbdes_report(kelurahan, tmp_path):
    from jkn_desktop.services.registry.village import get_village

    words = kelurahan.run(get_village).words
    docs = D.documents(words)
    assert "apbdes" not in docs
    assert "apbdes" in D.documents(DESA_WORDS)
    assert docs["berita_acara"].title == "Berita acara Musyawarah Kelurahan"
    assert docs["paket"].title == "Paket data kelurahan untuk kecamatan"
    assert (
        D.file_name(DocRequest("paket", PERIOD), "Kalisoro", words)
        == f"paket_kelurahan_kalisoro_{PERIOD}.xlsx"
    )
    with pytest.raises(UserError, match="tidak mempunyai APBDes"):
        kelurahan.run(D.save, DocRequest("apbdes", PERIOD), tmp_path / "apbdes.pdf", write=False)
    assert not (tmp_path / "apbdes.pdf").exists()


# --- the command line ----------------------------------------------------------------------------
def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_says_kelurahan_and_refuses_apbdes(db_path, capsys):
    db = str(db_path)
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "init",
        "--kode-wilayah",
        "3313061003",
        "--kepala-desa",
        "Bambang Sutopo",
    )
    assert code == 0
    assert out.startswith("Kelurahan Kalisoro, Kecamatan Tawangmangu, Kabupaten Karanganyar")
    for args in (
        ("apbdes", "report", "--year", "2026"),
        ("apbdes", "capacity", "--remaining", "3911040000", "--months", "6", "--rate", "42000"),
        (
            "apbdes",
            "add-line",
            "--year",
            "2026",
            "--kegiatan",
            "02.02.96",
            "--rekening",
            "5.2.7",
            "--sumber",
            "ADD",
            "--pagu",
            "10000000",
        ),
    ):
        code, out, err = run(capsys, "--db", db, *args)
        assert (code, out) == (2, ""), args
        assert err.startswith("jkn-desktop: Kelurahan Kalisoro tidak mempunyai APBDes")
        assert len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "--db", db, "demo", "--residents", "200")
    assert code == 0
    assert run(capsys, "--db", db, "usulan", "suggest", "--period", PERIOD, "--accept")[0] == 0
    code, out, _ = run(capsys, "--db", db, "usulan", "list", "--period", PERIOD)
    assert code == 0
    assert "Draf" in out


def test_apbdes_still_works_for_a_desa(village_db, db_path, capsys):
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "apbdes",
        "capacity",
        "--remaining",
        "3911040000",
        "--months",
        "6",
        "--rate",
        "42000",
    )
    assert (code, err) == (0, "")
    assert out.startswith("15.520 orang")
