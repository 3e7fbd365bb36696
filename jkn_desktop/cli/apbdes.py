"""Command line: premiums paid from the village budget (APBDes)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import (
    EXIT_OK,
    Parser,
    actor,
    db_path,
    month_of_year,
    open_db,
    out,
    refuse_kelurahan,
)
from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.errors import UserError


def rupiah_arg(text: str) -> int:
    """Whole rupiah as typed: 3911040000, 3.911.040.000 or Rp3.911.040.000 (no decimals)."""
    cleaned = (
        re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE)
        .replace(".", "")
        .replace(" ", "")
    )
    if cleaned.endswith(",00"):
        cleaned = cleaned[:-3]
    if not re.fullmatch(r"\d+", cleaned):
        raise argparse.ArgumentTypeError(f"'{text}' bukan jumlah rupiah bulat (contoh: 3911040000)")
    return int(cleaned)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    a = sub.add_parser(
        "apbdes", parents=[common], help="iuran JKN yang dibayar dari APBDes (hanya desa)"
    )
    asub = a.add_subparsers(dest="apbdes_command", parser_class=Parser, required=True)
    s = asub.add_parser("capacity", parents=[common], help="berapa orang lagi yang bisa ditanggung")
    s.add_argument("--remaining", type=rupiah_arg, required=True, help="sisa anggaran (rupiah)")
    s.add_argument("--months", type=int, required=True, help="jumlah bulan yang ditanggung")
    s.add_argument(
        "--rate",
        type=rupiah_arg,
        default=None,
        help="iuran per orang per bulan (bawaan: tarif PBPU/BP Pemda kelas 3 yang berlaku)",
    )
    s.add_argument("--json", action="store_true")
    s = asub.add_parser("add-line", parents=[common], help="tambah baris anggaran iuran")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--kegiatan", required=True, help="kode kegiatan, mis. 02.02.96")
    s.add_argument("--rekening", required=True, help="kode rekening, mis. 5.2.7")
    s.add_argument("--sumber", required=True, help="kode sumber dana, mis. ADD")
    s.add_argument("--pagu", type=rupiah_arg, required=True)
    s.add_argument(
        "--rate",
        type=rupiah_arg,
        default=None,
        help="tarif khusus per orang per bulan (bawaan: PBPU/BP Pemda kelas 3 sesuai tabel tarif)",
    )
    s.add_argument("--notes", default="")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser(
        "add-beneficiary", parents=[common], help="tambah penerima ke baris anggaran"
    )
    s.add_argument("--line", type=int, required=True, help="nomor (id) baris anggaran")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--nik")
    who.add_argument("--no-kk", dest="no_kk", help="semua anggota KK yang masih hidup")
    s.add_argument("--from", dest="start", required=True, help="bulan mulai, TTTT-BB")
    s.add_argument("--to", dest="end", required=True, help="bulan akhir, TTTT-BB")
    s.add_argument(
        "--force",
        action="store_true",
        help="tetap tambahkan meski ada peringatan (dicatat di riwayat)",
    )
    s.add_argument("--notes", default="")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser(
        "add-payment", parents=[common], help="catat pembayaran (realisasi) satu bulan"
    )
    s.add_argument("--line", type=int, required=True)
    s.add_argument("--month", required=True, help="bulan yang dibayar, TTTT-BB")
    s.add_argument("--amount", type=rupiah_arg, required=True)
    s.add_argument(
        "--date", dest="paid_on", default=None, help="tanggal bayar TTTT-BB-HH (bawaan: hari ini)"
    )
    s.add_argument("--reference", default="", help="nomor SPP atau tagihan")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser("report", parents=[common], help="laporan iuran APBDes setahun")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("-o", "--output", type=Path, default=None, help="simpan sebagai .pdf atau .xlsx")
    s.add_argument("--json", action="store_true")


_WRITING = {"add-line", "add-beneficiary", "add-payment"}


def cmd_apbdes(args: argparse.Namespace) -> int:
    sub = args.apbdes_command
    where = db_path(args)
    if (
        not isinstance(where, Path) or where.exists()
    ):  # capacity with --rate needs no database: none is made for it
        refuse_kelurahan(open_db(args, write=sub in _WRITING))
    if sub == "capacity":
        return _capacity(args)
    db = open_db(args, write=sub in _WRITING)
    if sub == "add-line":
        return _add_line(db, args)
    if sub == "add-beneficiary":
        return _add_beneficiary(db, args)
    if sub == "add-payment":
        return _add_payment(db, args)
    return _report(db, args)


def _capacity(args: argparse.Namespace) -> int:
    from jkn_desktop.services.apbdes.rates import current_rate
    from jkn_desktop.services.apbdes.summaries import capacity_json

    if args.months < 1 or args.months > 12:
        raise UserError("BULAN.jumlah")
    rate = (
        args.rate
        if args.rate is not None
        else open_db(args, write=False).run(current_rate, write=False)
    )
    if rate <= 0:
        raise UserError("TARIF_NOL")
    data = capacity_json(args.remaining, args.months, rate)
    if args.json:
        out(json.dumps(data, ensure_ascii=False))
    else:
        out(
            f"{angka(data['people'])} orang lagi bisa ditanggung selama {args.months} bulan "
            f"(sisa {rupiah(args.remaining)} ÷ ({rupiah(rate)} × {args.months} bulan); "
            f"tersisa {rupiah(data['leftover'])})."
        )
    return EXIT_OK


def _add_line(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.records.apbdes import LineInput
    from jkn_desktop.services.apbdes.lines import add_line
    from jkn_desktop.services.apbdes.summaries import line_summary

    scheme = (
        A.Scheme(custom_rate=args.rate) if args.rate is not None else A.Scheme(*A.DEFAULT_SCHEME)
    )
    line = LineInput(
        args.year, args.kegiatan, args.rekening, args.sumber, args.pagu, scheme, notes=args.notes
    )
    with db.work(actor(db)) as work:
        lid = add_line(work, line)
        summary = line_summary(work, lid)
    if args.json:
        out(json.dumps({"id": lid, **summary.as_json()}, ensure_ascii=False))
    else:
        out(
            f"Baris anggaran {lid} dibuat: {summary.label()}, pagu {rupiah(summary.pagu)}, "
            f"{summary.scheme.label()} ({rupiah(summary.rate)} per orang per bulan)."
        )
        for w in summary.warnings:
            out(f"  Peringatan: {w.message}")
    return EXIT_OK


def _add_beneficiary(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.apbdes.beneficiaries import add_residents
    from jkn_desktop.services.apbdes.lines import line_year

    with db.work(actor(db)) as work:
        year = line_year(work, args.line)
        _, start = month_of_year(args.start, year)
        _, end = month_of_year(args.end, year)
        result = add_residents(
            work,
            args.line,
            start,
            end,
            nik=args.nik,
            no_kk=args.no_kk,
            force=args.force,
            notes=args.notes,
        )
    if args.json:
        out(
            json.dumps(
                {
                    "ids": result.added,
                    "line": args.line,
                    "from": args.start,
                    "to": args.end,
                    "residents": [
                        {
                            "nik": c.nik,
                            "name": c.name,
                            "overridden": [g.code for g in c.guards],
                            "warnings": list(c.warnings),
                        }
                        for c in result.candidates
                    ],
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    out(
        f"{len(result.added)} penerima ditambahkan ke baris {args.line} untuk "
        f"{A.month_range(start, end, year)}."
    )
    for c in result.blocked:
        out(
            f"  dikecualikan dengan --force: {c.name} ({c.nik}): "
            + "; ".join(g.message for g in c.guards)
        )
    for c in result.candidates:
        for note in c.warnings:
            out(f"  perhatian: {c.name} ({c.nik}) {note}")
    return EXIT_OK


def _add_payment(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.apbdes.lines import line_year
    from jkn_desktop.services.apbdes.payments import add_payment

    with db.work(actor(db)) as work:
        year = line_year(work, args.line)
        _, month = month_of_year(args.month, year)
        try:
            paid_on = dt.date.fromisoformat(args.paid_on) if args.paid_on else work.today
        except ValueError as exc:
            raise UserError("TANGGAL", date=args.paid_on) from exc
        pid = add_payment(work, args.line, month, args.amount, paid_on, args.reference)
    if args.json:
        out(json.dumps({"id": pid}))
    else:
        out(f"Pembayaran {rupiah(args.amount)} untuk {A.month_range(month, month, year)} dicatat.")
    return EXIT_OK


def _report(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.apbdes.report import export_report, year_report

    if args.output is not None:
        report = db.run(export_report, args.year, args.output, user=actor(db), write=False)
    else:
        report = db.run(year_report, args.year, write=False)
    if args.json:
        out(json.dumps(report.as_json(), ensure_ascii=False))
        return EXIT_OK
    t = report.totals
    out(
        f"APBDes {args.year}: {len(report.lines)} baris; pagu {rupiah(t['pagu'])}, komitmen "
        f"{rupiah(t['committed'])}, realisasi {rupiah(t['realized'])}, sisa {rupiah(t['remaining'])}."
    )
    for s in report.lines:
        cap = f", masih bisa {angka(s.capacity)} orang lagi" if s.months_left else ""
        out(
            f"  [{s.id}] {s.label()}: pagu {rupiah(s.pagu)}, {s.beneficiaries} penerima, "
            f"komitmen {rupiah(s.committed)}, sisa {rupiah(s.remaining)}{cap}"
        )
    for w in report.warnings:
        out(f"  Peringatan: {w.message}")
    if args.output is not None:
        out(f"Laporan disimpan di {args.output}.")
    return EXIT_OK


COMMANDS = {
    "apbdes": cmd_apbdes,
}
