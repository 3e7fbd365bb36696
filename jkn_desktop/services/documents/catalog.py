"""The documents of the Laporan page, in one place: what each is, how to build its printed pages
(for the preview and the printer), and how to save it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.wilayah import DESA_WORDS, VillageWords
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.documents import DocChoices, DocKind, DocRequest
from jkn_desktop.reports import berita_acara
from jkn_desktop.reports.pdf import Document, StreamTable, render
from jkn_desktop.services import audit
from jkn_desktop.services.documents import rosters
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.settings import get_setting, logo
from jkn_desktop.services.usulan import musdes
from jkn_desktop.services.usulan.dinsos import export_dinsos
from jkn_desktop.services.usulan.package import export_package
from jkn_desktop.services.usulan.package_sign import key_fingerprint
from jkn_desktop.services.usulan.proposals import proposals

DOCUMENTS: dict[str, DocKind] = {
    d.key: d
    for d in (
        DocKind(
            "bulanan",
            "Laporan bulanan JKN {lower} untuk Camat",
            ".pdf",
            file_stem="laporan_bulanan_jkn",
        ),
        DocKind("pbi", "Daftar peserta PBI JK", ".pdf", True, file_stem="daftar_peserta_pbi"),
        DocKind(
            "belum",
            "Daftar KK dengan anggota belum terlindungi JKN",
            ".pdf",
            True,
            file_stem="daftar_belum_terlindungi",
        ),
        DocKind(
            "usulan", "Daftar usulan perubahan data PBI", ".pdf", file_stem="daftar_usulan_pbi"
        ),
        DocKind(
            "semua", "Daftar penduduk dan kepesertaan JKN", ".pdf", file_stem="daftar_penduduk_jkn"
        ),
        DocKind(
            "berita_acara",
            "Berita acara {meeting}",
            ".pdf",
            needs_meeting=True,
            file_stem="berita_acara_{stem_meeting}",
        ),
        DocKind(
            "apbdes",
            "Laporan iuran JKN dari APBDes (setahun)",
            ".pdf",
            file_stem="laporan_iuran_apbdes",
            apbdes=True,
        ),
        DocKind(
            "dinsos",
            "Buku kerja bulanan untuk Dinas Sosial",
            ".xlsx",
            file_stem="usulan_pbi_dinsos",
        ),
        DocKind(
            "perangkat",
            "Daftar kepesertaan JKN {head}, perangkat {lower} dan keluarganya",
            ".pdf",
            file_stem="daftar_jkn_perangkat_desa",
        ),
        DocKind("paket", "Paket data {lower} untuk kecamatan", ".xlsx", file_stem="paket_{lower}"),
    )
}


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
        raise UserError("TANPA_APBDES", village=words.unit)
    raise UserError("JENIS_DOKUMEN")


def _words(work: Work) -> VillageWords:
    village = get_village(work)
    return village.words if village is not None else DESA_WORDS


def choices(work: Work) -> DocChoices:
    """What the Laporan page needs besides the documents, read in one job: the digits a masked
    NIK keeps, the meetings whose Berita Acara can be printed and the package key's fingerprint."""
    return DocChoices(
        int(get_setting(work, "nik_mask_keep")), musdes.meetings(work), key_fingerprint(work)
    )


def file_name(req: DocRequest, desa: str, words: VillageWords = DESA_WORDS) -> str:
    kind = document(req.key, words)
    when = req.period[:4] if req.key == "apbdes" else req.period
    return f"{kind.file_stem}_{desa.lower().replace(' ', '_')}_{when}{kind.suffix}"


def _roster(work: Work, req: DocRequest, read_all: bool) -> tuple[Document, int]:
    opts = rosters.default_options(work, req.key, req.period)
    opts = replace(opts, mask_nik=req.mask_nik, portrait=req.portrait)
    doc, people, _ = rosters.build_roster(work, opts)
    if read_all:
        for block in doc.blocks:
            if isinstance(block, StreamTable):
                block.rows = iter(list(block.rows))
    return doc, people


def _berita_acara(work: Work, musdes_id: int | None) -> tuple[Document, int]:
    """The Berita Acara of one meeting with the proposals it approved, the logo in the kop."""
    meeting = musdes.meeting(work, musdes_id)
    village = get_village(work)
    if meeting is None or village is None:
        raise UserError("MUSDES_HILANG", meeting=_words(work).meeting)
    approved = proposals(work, musdes_id=meeting.id)
    doc = berita_acara.build(
        meeting, approved, village, logo(work), work.today, fingerprint=key_fingerprint(work)
    )
    return doc, len(approved)


def _apbdes(work: Work, year: int) -> tuple[Document, int]:
    from jkn_desktop.reports import apbdes_report
    from jkn_desktop.services.apbdes.payments import payments_of
    from jkn_desktop.services.apbdes.report import year_report

    village = rosters.require_village(work)
    report = year_report(work, year)
    paid = payments_of(work, [s.id for s in report.lines])
    people = sum(len(b) for b in report.beneficiaries.values())
    return apbdes_report.build_document(report, village, paid, logo(work)), people


def _officials(work: Work) -> tuple[Document, int]:
    """The officials in office on the job's day with their own JKN and their families'."""
    from jkn_desktop.reports import officials_list
    from jkn_desktop.services.office.officials import officials_list as coverage
    from jkn_desktop.services.office.officials import summarize

    village = rosters.require_village(work)
    items = coverage(work)
    doc = officials_list.build(items, summarize(items), village, logo(work), work.today)
    return doc, len(items)


def _monthly(work: Work, period: str) -> tuple[Document, int]:
    """The month's report to the Camat: coverage, proposals, APBDes, counter, SKTM, officials
    (figures only: it lists nobody)."""
    from jkn_desktop.reports import monthly_report
    from jkn_desktop.services.documents.monthly import monthly_report as read_report

    return monthly_report.build(read_report(work, period), logo(work)), 0


def _built(work: Work, req: DocRequest, read_all: bool) -> tuple[Document, int]:
    """The document's pages and how many people (rows) it lists."""
    work.require(perm.EXPORT_MASKED if req.mask_nik else perm.EXPORT)
    kind = document(req.key, _words(work))
    if kind.suffix != ".pdf":
        raise UserError("BUKAN_PDF", title=kind.title)
    if req.key in rosters.KINDS:
        return _roster(work, req, read_all)
    if req.key == "berita_acara":
        return _berita_acara(work, req.musdes_id)
    if req.key == "perangkat":
        return _officials(work)
    if req.key == "bulanan":
        return _monthly(work, req.period)
    return _apbdes(work, int(req.period[:4]))


def build(work: Work, req: DocRequest, *, read_all: bool = False) -> Document:
    """The printed pages of a PDF document as of the job's day (a fresh one each time: a roster's
    rows are read from the job's connection as the pages are drawn, once, inside the job).
    ``read_all`` reads a roster's rows now, so drawing the pages later (on the printer, in the
    window's thread) does not touch the database. Showing pages is not an export: nothing is
    noted (a printout is, by :func:`note_printed`)."""
    return _built(work, req, read_all)[0]


@dataclass(frozen=True)
class Printable:
    """A document read for the printer, and how many people it lists (for its audit entry)."""

    document: Document
    rows: int


def prepare_print(work: Work, req: DocRequest) -> Printable:
    """The pages to print, every row read now: the printer draws them in the window's thread."""
    doc, rows = _built(work, req, True)
    return Printable(doc, rows)


def _subject(req: DocRequest) -> str:
    return req.period[:4] if req.key == "apbdes" else req.period


def note_printed(work: Work, req: DocRequest, rows: int, printer: str) -> None:
    """The pages of ``req`` went to ``printer``: the audit trail's printout entry (UU 27/2022
    Ps. 31), written once the print dialog was accepted and the pages sent."""
    work.require(perm.EXPORT_MASKED if req.mask_nik else perm.EXPORT)
    kind = document(req.key, _words(work))
    audit.exported(
        work,
        document=kind.title,
        subject=_subject(req),
        rows=rows,
        masked=req.mask_nik,
        target=printer,
        printed=True,
    )


def save(
    work: Work, req: DocRequest, out: Path, progress: Callable[[int, int], None] | None = None
) -> str:
    """Write the document; returns what to tell the user."""
    work.require(perm.EXPORT_MASKED if req.mask_nik else perm.EXPORT)
    kind = document(req.key, _words(work))
    if out.suffix.lower() != kind.suffix:
        out = out.with_suffix(kind.suffix)
    if req.key == "dinsos":
        r = export_dinsos(work, req.period, out, progress=progress)
        return f"{kind.title} disimpan: {sum(r.proposals.values())} usulan, {r.pbi} peserta PBI ({out})."
    if req.key == "paket":
        # a write job (the window's ctx.op): the key is made at the first package, residents get
        # their stable id
        p = export_package(work, req.period, out, progress=progress)
        return (
            f"{kind.title} disimpan ({sum(p.rows.values())} baris data), sidik kunci paket desa "
            f"{p.fingerprint}: {out}"
        )
    doc, rows = _built(work, req, False)
    pages = render(doc, out, progress=progress)
    audit.exported(
        work,
        document=kind.title,
        subject=_subject(req),
        rows=rows,
        masked=req.mask_nik,
        target=out,
    )
    return f"{kind.title} disimpan, {pages} halaman: {out}"
