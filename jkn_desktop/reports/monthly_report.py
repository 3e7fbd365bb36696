"""The monthly report of a village to the Camat (Inbup Karanganyar 440/3/2022 KEDELAPAN BELAS):
coverage against the target, the month's proposals, the APBDes premiums, the counter, the SKTM
register and the officials' own coverage, signed by the Kepala Desa. Figures only: no NIK."""

from __future__ import annotations

from typing import Any

from jkn_desktop.domain import office as O
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import BULAN, angka, rupiah, tanggal
from jkn_desktop.records.office import MonthlyReport
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on

FIGURE = [Column("Uraian", 30), Column("Jumlah", 10, "right")]


def month_label(period: str) -> str:
    return f"{BULAN[int(period[5:]) - 1]} {period[:4]}"


def pct(x: float) -> str:
    return f"{x:.2f}".replace(".", ",") + "%"


def _heading(text: str) -> Text:
    return Text(text, 10, True, space_before=10, keep=90)


def _figures(rows: list[tuple[str, str]], *, total: int = -1) -> Table:
    """A two-column table of figures; the row at ``total`` is bold and shaded."""
    return Table(
        FIGURE,
        [Row([a, b], bold=i == total, shade=i == total) for i, (a, b) in enumerate(rows)],
        size=8.5,
    )


def _coverage(r: MonthlyReport) -> list[Any]:
    c = r.coverage
    return [
        _heading(f"A. Kepesertaan JKN (keadaan per {tanggal(r.made_on)})"),
        _figures(
            [
                ("Penduduk hidup", angka(c.population)),
                ("Terdaftar peserta JKN", angka(c.registered)),
                (f"Cakupan (target {pct(r.target_coverage_pct)})", pct(c.coverage_pct)),
                ("Peserta aktif", angka(c.active)),
                (f"Keaktifan (target {pct(r.target_active_pct)})", pct(c.active_pct)),
                ("Kartu keluarga", angka(c.households)),
                (
                    "KK yang seluruh anggotanya belum terlindungi",
                    angka(c.households_fully_uninsured),
                ),
                (
                    "KK yang sebagian anggotanya belum terlindungi",
                    angka(c.households_partly_uninsured),
                ),
            ]
        ),
    ]


def _proposals(r: MonthlyReport) -> list[Any]:
    rows = [(label, angka(r.proposals.get(kind, 0))) for kind, label in U.KINDS.items()]
    rows.append(("Jumlah usulan bulan ini", angka(sum(r.proposals.values()))))
    states = ", ".join(
        f"{label.lower()} {angka(r.proposals_by_status[s])}"
        for s, label in U.STATUSES.items()
        if r.proposals_by_status.get(s)
    )
    blocks: list[Any] = [
        _heading(f"B. Usulan perubahan data PBI bulan {month_label(r.period)}"),
        _figures(rows, total=len(rows) - 1),
    ]
    if states:
        blocks.append(Text(f"Menurut tahapnya: {states}.", 8.5, space_before=3))
    return blocks


def _apbdes(r: MonthlyReport) -> list[Any]:
    if not r.village.words.has_apbdes:
        return []
    year = r.period[:4]
    head = _heading(f"C. Iuran JKN dari APBDes tahun {year}")
    if not r.apbdes:
        return [head, Text(f"Belum ada baris anggaran iuran JKN untuk tahun {year}.", 8.5)]
    cols = [
        Column("Kegiatan / rekening", 15, wrap=True),
        Column("Sumber", 6),
        Column("Pagu", 8, "right"),
        Column("Komitmen", 8, "right"),
        Column("Realisasi", 8, "right"),
        Column("Sisa", 8, "right"),
        Column("Penerima", 6, "right"),
    ]
    rows = [
        Row(
            [
                f"{s.kegiatan} {s.kegiatan_name} / {s.rekening}",
                s.sumber,
                rupiah(s.pagu),
                rupiah(s.committed),
                rupiah(s.realized),
                rupiah(s.remaining),
                angka(s.beneficiaries),
            ]
        )
        for s in r.apbdes
    ]
    return [head, Table(cols, rows, size=8)]


def _counter(r: MonthlyReport, letter: str) -> list[Any]:
    c = r.office.counter
    rows = [(O.OUTCOMES[k], angka(c.by_outcome.get(k, 0))) for k in O.OUTCOMES]
    rows.append(("Jumlah layanan tercatat", angka(c.total)))
    blocks: list[Any] = [
        _heading(f"{letter}. Pelayanan di loket dan syarat kepesertaan JKN"),
        _figures(rows, total=len(rows) - 1),
    ]
    notes = [
        f"Tindak lanjut yang masih terbuka: {angka(c.followups_open)}; "
        f"selesai bulan ini: {angka(c.followups_closed)}."
    ]
    if c.refused_without_offer:
        notes.append(
            f"Ditolak padahal penduduk miskin yang dapat diusulkan: {angka(c.refused_without_offer)}."
        )
    if c.by_service:
        services = "; ".join(f"{name} {angka(n)}" for name, n in sorted(c.by_service.items()))
        notes.append(f"Menurut layanan: {services}.")
    blocks += [Text(n, 8.5, space_before=3) for n in notes]
    return blocks


def _sktm(r: MonthlyReport, letter: str) -> list[Any]:
    s = r.office.sktm
    return [
        _heading(f"{letter}. Surat Keterangan Tidak Mampu (SKTM)"),
        _figures(
            [
                ("SKTM diterbitkan bulan ini", angka(s.issued)),
                ("SKTM dibatalkan bulan ini", angka(s.cancelled)),
                ("SKTM berlaku pada akhir bulan", angka(s.valid_at_end)),
                ("SKTM yang berakhir bulan ini", angka(s.expiring)),
                ("Pemegang SKTM berlaku yang belum terlindungi JKN", angka(s.holders_uninsured)),
                (
                    "Biaya iuran untuk menanggung mereka dari APBDes",
                    f"{rupiah(s.uninsured_cost_month)} sebulan",
                ),
            ]
        ),
    ]


def _officials(r: MonthlyReport, letter: str) -> list[Any]:
    o = r.office.officials
    words = r.village.words
    who = "Lurah dan perangkat kelurahan" if not words.has_apbdes else "Kepala dan perangkat desa"
    return [
        _heading(f"{letter}. Kepesertaan JKN {who.lower()} beserta keluarganya"),
        _figures(
            [
                (f"{who} yang menjabat", angka(o.officials)),
                ("Terdaftar PPU dan aktif", angka(o.on_ppu)),
                ("Belum terdaftar PPU", angka(o.not_ppu)),
                ("Anggota keluarga (pasangan dan sampai tiga anak)", angka(o.family)),
                ("Anggota keluarga yang terlindungi JKN", angka(o.family_covered)),
                ("Anggota keluarga yang belum terlindungi", angka(o.family_uncovered)),
            ]
        ),
    ]


def build(r: MonthlyReport, logo: bytes | None = None) -> Document:
    """The report of ``r.period``; ``logo`` (PNG) goes into the kop."""
    v = r.village
    place = kop.place_name(v)
    blocks: list[Any] = [
        Text("LAPORAN BULANAN PELAKSANAAN JAMINAN KESEHATAN NASIONAL", 11, True, "center"),
        Text(
            f"{v.full_name.upper()} BULAN {month_label(r.period).upper()}",
            11,
            True,
            "center",
        ),
        Text(
            f"Kepada Yth. Camat {v.kecamatan.title() if v.kecamatan.isupper() else v.kecamatan}",
            9.5,
            space_before=10,
        ),
        Text(
            f"Bersama ini kami laporkan pelaksanaan program JKN di {v.full_name} sebagai berikut.",
            9.5,
            space_before=2,
        ),
        *_coverage(r),
        *_proposals(r),
    ]
    letters = iter("DEFG") if v.words.has_apbdes else iter("CDEF")
    blocks += _apbdes(r)
    blocks += _counter(r, next(letters))
    blocks += _sktm(r, next(letters))
    blocks += _officials(r, next(letters))
    blocks.append(
        Text(
            "Demikian laporan ini kami sampaikan untuk dipergunakan sebagaimana mestinya.",
            9.5,
            space_before=10,
        )
    )
    blocks.append(kop.signatures(v, r.made_on))
    return Document(
        kop.letterhead(v, logo=logo),
        blocks,
        landscape=False,
        footer_left=printed_on(r.made_on),
        metadata={"title": f"Laporan bulanan JKN {place} {month_label(r.period)}"},
    )
