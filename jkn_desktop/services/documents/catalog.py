"""The documents of the Laporan page, in one place: what each is, how to build its printed pages
(for the preview and the printer), and how to save it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jkn_desktop.domain.wilayah import DESA_WORDS, VillageWords, no_apbdes_message
from jkn_desktop.errors import UserError
from jkn_desktop.reports.pdf import Document, StreamTable, render
from jkn_desktop.services.database import Database
from jkn_desktop.services.documents import rosters


@dataclass(frozen=True, slots=True)
class DocKind:
    key: str
    title: str
    suffix: str  # ".pdf" or ".xlsx"
    public: bool = False  # meant to be posted: NIK masked by default
    needs_meeting: bool = False
    file_stem: str = ""
    apbdes: bool = False  # only a desa has an APBDes

    def for_village(self, words: VillageWords) -> DocKind:
        """The title and file name with this village's words ({lower}, {meeting}, {stem_meeting})."""
        fill = {"lower": words.lower, "meeting": words.meeting,
                "stem_meeting": words.meeting_short.lower().replace(" ", "_")}  # fmt: skip
        return replace(
            self, title=self.title.format(**fill), file_stem=self.file_stem.format(**fill)
        )


DOCUMENTS: dict[str, DocKind] = {
    d.key: d
    for d in (
        DocKind("pbi", "Daftar peserta PBI JK", ".pdf", True, file_stem="daftar_peserta_pbi"),
        DocKind("belum", "Daftar KK dengan anggota belum terlindungi JKN", ".pdf", True, file_stem="daftar_belum_terlindungi"),
        DocKind("usulan", "Daftar usulan perubahan data PBI", ".pdf", file_stem="daftar_usulan_pbi"),
        DocKind("semua", "Daftar penduduk dan kepesertaan JKN", ".pdf", file_stem="daftar_penduduk_jkn"),
        DocKind("berita_acara", "Berita acara {meeting}", ".pdf", needs_meeting=True,
                file_stem="berita_acara_{stem_meeting}"),
        DocKind("apbdes", "Laporan iuran JKN dari APBDes (setahun)", ".pdf", file_stem="laporan_iuran_apbdes",
                apbdes=True),
        DocKind("dinsos", "Buku kerja bulanan untuk Dinas Sosial", ".xlsx", file_stem="usulan_pbi_dinsos"),
        DocKind("paket", "Paket data {lower} untuk kecamatan", ".xlsx", file_stem="paket_{lower}"),
    )
}  # fmt: skip


def documents(words: VillageWords = DESA_WORDS) -> dict[str, DocKind]:
    """The documents this village can make, named with its words: a kelurahan has no APBDes
    report."""
    return {
        k: d.for_village(words) for k, d in DOCUMENTS.items() if words.has_apbdes or not d.apbdes
    }


def document(key: str, words: VillageWords = DESA_WORDS) -> DocKind:
    """One document for this village; a kelurahan asking for the APBDes report is told why not."""
    found = documents(words).get(key)
    if found is not None:
        return found
    if key in DOCUMENTS:
        raise UserError("TANPA_APBDES", no_apbdes_message(words.unit))
    raise UserError("JENIS_DOKUMEN", "Jenis dokumen tidak dikenal.")


def _words(db: Database) -> VillageWords:
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    return village.words if village is not None else DESA_WORDS


@dataclass(frozen=True, slots=True)
class DocRequest:
    key: str
    period: str  # YYYY-MM (the year for the APBDes report)
    mask_nik: bool = False
    portrait: bool = False
    musdes_id: int | None = None


def file_name(req: DocRequest, desa: str, words: VillageWords = DESA_WORDS) -> str:
    kind = document(req.key, words)
    when = req.period[:4] if req.key == "apbdes" else req.period
    return f"{kind.file_stem}_{desa.lower().replace(' ', '_')}_{when}{kind.suffix}"


def build(
    db: Database, req: DocRequest, today: dt.date | None = None, *, read_all: bool = False
) -> Document:
    """The printed pages of a PDF document (a fresh one each time: a roster's rows are read as the
    pages are drawn, once). ``read_all`` reads a roster's rows now, so drawing the pages later
    (on the printer, in the window's thread) does not touch the database."""
    kind = document(req.key, _words(db))
    if kind.suffix != ".pdf":
        raise UserError("BUKAN_PDF", f"{kind.title} adalah buku kerja Excel, bukan dokumen cetak.")
    if req.key in rosters.KINDS:
        opts = replace(rosters.default_options(db, req.key, req.period), mask_nik=req.mask_nik,
                       portrait=req.portrait)  # fmt: skip
        doc = rosters.build_roster(db, opts, today)[0]
        if read_all:
            for block in doc.blocks:
                if isinstance(block, StreamTable):
                    block.rows = iter(list(block.rows))
        return doc
    if req.key == "berita_acara":
        from jkn_desktop.reports import berita_acara
        from jkn_desktop.services.registry.village import get_village
        from jkn_desktop.services.usulan import proposals as usulan

        meeting = next((m for m in usulan.meetings(db) if m.id == req.musdes_id), None)
        village = db.run(get_village, write=False)
        if meeting is None or village is None:
            raise UserError(
                "MUSDES_HILANG", f"Pilih {_words(db).meeting} yang berita acaranya dicetak."
            )
        from jkn_desktop.reports.letterhead import logo_of

        return berita_acara.build(
            meeting, usulan.proposals(db, musdes_id=meeting.id), village, logo_of(db)
        )
    from jkn_desktop.reports import apbdes_report
    from jkn_desktop.services.apbdes.payments import payments_of
    from jkn_desktop.services.apbdes.report import year_report
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    if village is None:
        raise UserError("NO_VILLAGE", "Identitas desa belum diisi. Isi dulu di Pengaturan.")
    report = db.run(year_report, int(req.period[:4]), write=False, today=today)
    paid = db.run(payments_of, [s.id for s in report.lines], write=False)
    from jkn_desktop.reports.letterhead import logo_of

    return apbdes_report.build_document(report, village, paid, logo_of(db))


def save(
    db: Database, req: DocRequest, out: Path, progress: Callable[[int, int], None] | None = None
) -> str:
    """Write the document; returns what to tell the user."""
    kind = document(req.key, _words(db))
    if out.suffix.lower() != kind.suffix:
        out = out.with_suffix(kind.suffix)
    if req.key == "dinsos":
        from jkn_desktop.services.usulan.dinsos import export_dinsos

        r = export_dinsos(db, req.period, out, progress=progress)
        return f"{kind.title} disimpan: {sum(r.proposals.values())} usulan, {r.pbi} peserta PBI ({out})."
    if req.key == "paket":
        from jkn_desktop.services.usulan.package import export_package

        p = export_package(db, req.period, out, progress=progress)
        return f"{kind.title} disimpan ({sum(p.rows.values())} baris data): {out}"
    pages = render(build(db, req), out, progress=progress)
    return f"{kind.title} disimpan, {pages} halaman: {out}"
