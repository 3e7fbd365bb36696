"""The APBDes premium report: a PDF for the Kepala Desa to sign (kop, lines, beneficiaries with
their months and cost, payments, totals in figures and in words, notes) and the same data as .xlsx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import angka, rupiah, tanggal, tanggal_pendek
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.records.apbdes import Payment, YearReport
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on, render

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def title_lines(report: YearReport, v: VillageInfo) -> list[str]:
    return [
        "LAPORAN IURAN JKN YANG DIBAYAR DARI APBDES",
        f"{v.full_name.upper()} TAHUN ANGGARAN {report.year}",
    ]


def build_document(
    report: YearReport,
    v: VillageInfo,
    payments: dict[int, list[Payment]],
    logo: bytes | None = None,
) -> Document:
    blocks: list[Any] = [Text(t, 11, True, "center") for t in title_lines(report, v)]
    blocks.append(Text(f"Keadaan per {tanggal(report.made_on)}", 9, False, "center", 2))
    blocks += _lines_part(report)
    blocks += _people_part(report)
    blocks += _payments_part(report, payments)
    blocks += _notes_part(report)
    blocks.append(kop.signatures(v, report.made_on))
    return Document(
        kop.letterhead(v, logo=logo),
        blocks,
        landscape=True,
        footer_left=printed_on(report.made_on),
        metadata={"title": " ".join(title_lines(report, v)), "author": v.operator or "JKN Desktop"},
    )


def _lines_part(report: YearReport) -> list[Any]:
    """A. The lines with their money, the revised pagu, and the totals in words."""
    blocks: list[Any] = [Text("A. Baris anggaran", 10, True, space_before=8, keep=90)]
    cols = [
        Column("No", 3, "center"),
        Column("Kegiatan", 17, wrap=True),
        Column("Rekening", 12, wrap=True),
        Column("Sumber dana", 8, wrap=True),
        Column("Tarif per orang per bulan", 12, wrap=True),
        Column("Pagu", 11, "right"),
        Column("Komitmen", 11, "right"),
        Column("Realisasi", 11, "right"),
        Column("Sisa", 11, "right"),
        Column("Penerima", 7, "right"),
        Column("Masih bisa ditanggung", 9, "right", wrap=True),
    ]
    rows = []
    for s in report.lines:
        pagu = rupiah(s.pagu) + (" *" if s.pagu_revised is not None else "")
        cap = f"{angka(s.capacity)} orang" if s.months_left else "—"
        rows.append(
            Row(
                [
                    str(s.id),
                    f"{s.kegiatan} {s.kegiatan_name}",
                    f"{s.rekening} {s.rekening_name}",
                    f"{s.sumber} {s.sumber_name}",
                    f"{s.scheme.label()}: {rupiah(s.rate)}",
                    pagu,
                    rupiah(s.committed),
                    rupiah(s.realized),
                    rupiah(s.remaining),
                    angka(s.beneficiaries),
                    cap,
                ]
            )
        )
    t = report.totals
    rows.append(
        Row(
            [
                "",
                "Jumlah",
                "",
                "",
                "",
                rupiah(t["pagu"]),
                rupiah(t["committed"]),
                rupiah(t["realized"]),
                rupiah(t["remaining"]),
                angka(sum(s.beneficiaries for s in report.lines)),
                "",
            ],
            bold=True,
            shade=True,
        )
    )
    empty = "Tidak ada data: belum ada baris anggaran iuran JKN pada tahun ini."
    blocks.append(Table(cols, rows if report.lines else [], empty=empty))
    if any(s.pagu_revised is not None for s in report.lines):
        revised = [
            f"baris {s.id} ({tanggal(s.revised_on)}: pagu awal {rupiah(s.pagu_original)})"
            for s in report.lines
            if s.pagu_revised is not None
        ]
        blocks.append(
            Text("* pagu setelah APBDes Perubahan: " + "; ".join(revised) + ".", 8, space_before=2)
        )
    first = next((s for s in report.lines if s.months_left), None)
    if first is not None:
        blocks.append(
            Text(
                f'Kolom "masih bisa ditanggung": sisa anggaran dibagi tarif × {first.months_left} bulan '
                f"({A.month_range(first.from_month, 12, report.year)}), dibulatkan ke bawah.",
                8,
                space_before=2,
            )
        )
    blocks.append(Text("Terbilang:", 9.5, True, space_before=6))
    for label, key in (
        ("Pagu", "pagu"),
        ("Komitmen", "committed"),
        ("Realisasi", "realized"),
        ("Sisa", "remaining"),
    ):
        blocks.append(Text(f"{label}: {rupiah(t[key])} ({A.terbilang_rupiah(t[key])}).", 9.5))
    return blocks


def _people_part(report: YearReport) -> list[Any]:
    """B. The beneficiaries of each line with their months."""
    blocks: list[Any] = [Text("B. Penerima per baris anggaran", 10, True, space_before=10, keep=90)]
    bcols = (
        [
            Column("No", 3, "center"),
            Column("NIK", 11),
            Column("Nama", 15, wrap=True),
            Column("Dusun / RT / RW", 11, wrap=True),
        ]
        + [Column(m, 2.6, "center") for m in MONTH_ABBR]
        + [Column("Bulan", 4, "right"), Column("Biaya", 9, "right")]
    )
    brows: list[Row] = []
    for s in report.lines:
        people = report.beneficiaries.get(s.id, [])
        brows.append(
            Row(
                [
                    f"Baris {s.id}: {s.kegiatan} {s.kegiatan_name} — {s.sumber_name} — "
                    f"{s.scheme.label()} — {angka(len(people))} penerima"
                ],
                bold=True,
                shade=True,
                span=True,
            )
        )
        for n, b in enumerate(people, 1):
            marks = ["✓" if b.start <= m <= b.end else "" for m in A.MONTHS]
            area = " / ".join(x for x in (b.dusun, b.rt, b.rw) if x)
            note = " (!)" if b.guards or b.warnings else ""
            brows.append(
                Row([str(n), b.nik, b.name + note, area, *marks, str(b.months), rupiah(b.cost)])
            )
        people_months = [str(s.people[m - 1]) for m in A.MONTHS]
        brows.append(
            Row(
                [
                    "",
                    "Jumlah",
                    "orang per bulan",
                    "",
                    *people_months,
                    str(sum(b.months for b in people)),
                    rupiah(s.committed),
                ],
                bold=True,
            )
        )
    empty = "Tidak ada data: belum ada penerima iuran APBDes pada tahun ini."
    blocks.append(Table(bcols, brows, size=7.5, empty=empty))
    if any(b.guards or b.warnings for bs in report.beneficiaries.values() for b in bs):
        blocks.append(
            Text("(!) ada catatan untuk penerima ini: lihat bagian D.", 8, space_before=2)
        )
    return blocks


def _payments_part(report: YearReport, payments: dict[int, list[Payment]]) -> list[Any]:
    """C. Payments month by month against what the beneficiaries imply."""
    title = "C. Realisasi pembayaran per bulan"
    blocks: list[Any] = [Text(title, 10, True, space_before=10, keep=90)]
    pcols = [
        Column("Bulan", 10),
        Column("Penerima", 7, "right"),
        Column("Seharusnya (penerima × tarif)", 13, "right"),
        Column("Dibayar", 12, "right"),
        Column("Selisih", 12, "right"),
        Column("Pembayaran (tanggal, referensi SPP / tagihan)", 36, wrap=True),
    ]
    prow: list[Row] = []
    for s in report.lines:
        by_month: dict[int, list[str]] = {}
        for p in payments.get(s.id, []):
            by_month.setdefault(p.month, []).append(
                f"{tanggal_pendek(p.paid_on)} {p.reference} {rupiah(p.amount)}".replace("  ", " ")
            )
        months = [m for m in A.MONTHS if s.paid[m - 1] or s.implied(m)]
        if not months:
            continue
        prow.append(
            Row([f"Baris {s.id}: {s.kegiatan} — {s.sumber_name}"], bold=True, shade=True, span=True)
        )
        due = A.last_due_month(s.year, report.made_on)
        for m in months:
            diff = s.paid[m - 1] - s.implied(m)
            paid_text = "; ".join(by_month.get(m, [])) or (
                "belum ada" if m <= due else "belum jatuh tempo"
            )
            prow.append(
                Row(
                    [
                        A.month_name(m),
                        angka(s.people[m - 1]),
                        rupiah(s.implied(m)),
                        rupiah(s.paid[m - 1]),
                        rupiah(diff) if diff and m <= due else "—",
                        paid_text,
                    ]
                )
            )
        prow.append(Row(["Jumlah", "", rupiah(s.committed), rupiah(s.realized), "", ""], bold=True))
    if not prow:
        prow.append(Row(["Belum ada penerima maupun pembayaran."], span=True))
    blocks.append(Table(pcols, prow))
    return blocks


def _notes_part(report: YearReport) -> list[Any]:
    """D. The warnings, numbered."""
    blocks: list[Any] = [Text("D. Catatan", 10, True, space_before=10, keep=90)]
    if report.warnings:
        for n, w in enumerate(report.warnings, 1):
            blocks.append(Text(f"{n}. {w.message}", 9))
    else:
        blocks.append(
            Text("Tidak ada catatan: semua penerima lolos pemeriksaan dan realisasi sesuai.", 9)
        )
    return blocks


def write_pdf(
    report: YearReport,
    v: VillageInfo,
    payments: dict[int, list[Payment]],
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    logo: bytes | None = None,
) -> int:
    return render(build_document(report, v, payments, logo), out, progress=progress)


def write_xlsx(
    report: YearReport, v: VillageInfo, payments: dict[int, list[Payment]], out: Path
) -> None:
    """Lines, beneficiaries (NIK and No. KK as text), payments and notes, one sheet each."""
    lines = [
        [
            s.id,
            s.kegiatan,
            s.kegiatan_name,
            s.rekening,
            s.rekening_name,
            s.sumber,
            s.sumber_name,
            s.scheme.label(),
            s.rate,
            s.pagu_original,
            s.pagu_revised,
            s.pagu,
            s.committed,
            s.realized,
            s.remaining,
            s.beneficiaries,
            s.capacity if s.months_left else None,
            A.month_range(s.from_month, 12) if s.months_left else "",
        ]
        for s in report.lines
    ]
    t = report.totals
    lines.append(
        [
            "Jumlah",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            None,
            None,
            None,
            t["pagu"],
            t["committed"],
            t["realized"],
            t["remaining"],
            sum(s.beneficiaries for s in report.lines),
            None,
            "",
        ]
    )
    people = [
        [
            s.id,
            b.nik,
            b.name,
            b.no_kk,
            b.dusun,
            b.rt,
            b.rw,
            A.month_name(b.start),
            A.month_name(b.end),
            b.months,
            b.cost,
            "; ".join([*(g.message for g in b.guards), *b.warnings]),
        ]
        for s in report.lines
        for b in report.beneficiaries.get(s.id, [])
    ]
    pays = [
        [s.id, A.month_name(p.month), p.paid_on, p.reference, p.amount, p.notes]
        for s in report.lines
        for p in payments.get(s.id, [])
    ]
    write_sheets(
        out,
        [
            Sheet(
                "Baris anggaran",
                [
                    "Baris",
                    "Kegiatan",
                    "Uraian kegiatan",
                    "Rekening",
                    "Uraian rekening",
                    "Sumber dana",
                    "Uraian sumber dana",
                    "Skema",
                    "Tarif per orang per bulan",
                    "Pagu awal",
                    "Pagu perubahan",
                    "Pagu berlaku",
                    "Komitmen",
                    "Realisasi",
                    "Sisa",
                    "Penerima",
                    "Masih bisa ditanggung",
                    "Dihitung untuk bulan",
                ],
                lines,
                text_columns=(1, 3),
                money_columns=(8, 9, 10, 11, 12, 13, 14),
                widths=[7, 11, 40, 10, 40, 8, 20, 36, 14, 16, 16, 16, 16, 16, 16, 10, 12, 20],
            ),
            Sheet(
                "Penerima",
                [
                    "Baris",
                    "NIK",
                    "Nama",
                    "No. KK",
                    "Dusun",
                    "RT",
                    "RW",
                    "Mulai",
                    "Sampai",
                    "Bulan",
                    "Biaya",
                    "Catatan",
                ],
                people,
                text_columns=(1, 3, 5, 6),
                money_columns=(10,),
                widths=[7, 19, 30, 19, 16, 5, 5, 11, 11, 7, 14, 60],
            ),
            Sheet(
                "Pembayaran",
                ["Baris", "Bulan", "Tanggal bayar", "Referensi", "Jumlah", "Keterangan"],
                pays,
                money_columns=(4,),
                widths=[7, 12, 14, 30, 16, 40],
            ),
            Sheet(
                "Catatan",
                ["Catatan"],
                [[w.message] for w in report.warnings],
                widths=[130],
            ),
            Sheet(
                "Identitas",
                ["Keterangan", "Isi"],
                [
                    ["Desa", v.desa],
                    ["Kode wilayah", v.kode_wilayah],
                    ["Kecamatan", v.kecamatan],
                    ["Kabupaten", v.kabupaten],
                    ["Tahun anggaran", report.year],
                    ["Keadaan per", tanggal(report.made_on)],
                    ["Dibuat oleh", v.operator],
                ],
                text_columns=(1,),
                widths=[18, 40],
            ),
        ],
    )
