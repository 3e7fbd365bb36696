"""Command line: the kecamatan's figures of a month and the documents it sends upward
(``jkn-desktop kecamatan summary|export-dinsos|recap|quarterly|apbdes-evaluation|letter``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, open_db, out
from jkn_desktop.domain.formatting import angka, rupiah


def register(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "summary", parents=[common], help="ringkasan kepesertaan JKN per desa dan kecamatan"
    )
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser(
        "export-dinsos", parents=[common], help="buku kerja usulan se-kecamatan untuk Dinas Sosial"
    )
    s.add_argument("--period", required=True, help="bulan usulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True, help="berkas .xlsx")
    s = ksub.add_parser("recap", parents=[common], help="rekap bulanan Camat (PDF)")
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True, help="berkas .pdf")
    s = ksub.add_parser("quarterly", parents=[common], help="laporan triwulan kepada Bupati (PDF)")
    s.add_argument("--year", required=True, help="tahun, TTTT")
    s.add_argument("--quarter", required=True, type=int, choices=(1, 2, 3, 4), help="triwulan")
    s.add_argument("-o", "--output", type=Path, required=True, help="berkas .pdf")
    s = ksub.add_parser(
        "apbdes-evaluation",
        parents=[common],
        help="lembar evaluasi anggaran iuran JKN dalam APBDes tiap desa (.xlsx atau .pdf)",
    )
    s.add_argument("--year", required=True, help="tahun anggaran, TTTT")
    s.add_argument("-o", "--output", type=Path, required=True, help="berkas .xlsx atau .pdf")
    s = ksub.add_parser(
        "letter", parents=[common], help="surat kepada desa yang belum mengirim paket (PDF)"
    )
    s.add_argument("--period", required=True, help="bulan paket, TTTT-BB")
    s.add_argument(
        "--batas",
        type=dt.date.fromisoformat,
        default=None,
        help="tanggal batas pengiriman TTTT-BB-HH (bawaan: menurut pengaturan batas kirim)",
    )
    s.add_argument("-o", "--output", type=Path, required=True, help="berkas .pdf")


def _actor(db: Any) -> str:
    from jkn_desktop.cli.kecamatan import actor_or_cli

    return actor_or_cli(db)


def _summary(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.summary import kecamatan_summary

    db = open_db(args, write=False)
    s = db.run(kecamatan_summary, args.period, user=_actor(db), write=False)
    if args.json:
        out(json.dumps(s.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK

    def pct(x: float) -> str:
        return f"{x:.2f}".replace(".", ",") + "%"

    out(
        f"Kecamatan {s.kecamatan}, bulan {s.period}: {len(s.sent)} dari "
        f"{sum(1 for v in s.villages if v.expected)} desa/kelurahan mengirim paket. Target cakupan "
        f"{pct(s.target_coverage_pct)}, keaktifan {pct(s.target_active_pct)}."
    )
    for v in [*s.villages, s.total]:
        name = v.full_name if v.kode_wilayah else "JUMLAH KECAMATAN"
        if not v.sent:
            out(f"{v.kode_wilayah}  {name}: belum mengirim")
            continue
        a = v.apbdes
        out(
            f"{v.kode_wilayah or ' ' * 13}  {name}: penduduk {angka(v.population)}, terdaftar "
            f"{angka(v.registered)} ({pct(v.coverage_pct)}), aktif {angka(v.active)} "
            f"({pct(v.active_pct)}); KK seluruhnya belum {angka(v.households_fully_uninsured)}, "
            f"sebagian {angka(v.households_partly_uninsured)}; usulan {angka(v.proposals_total)}; "
            f"perangkat bukan PPU {angka(v.officials_not_ppu)}; APBDes pagu {rupiah(a.pagu)}, "
            f"sisa {rupiah(a.capacity)}, kebutuhan {rupiah(a.need)}"
        )
    return EXIT_OK


def _done(what: str, r: Any, detail: str) -> int:
    out(f"{what} disimpan di {r.path}: {detail}.")
    return EXIT_OK


def _export_dinsos(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.dinsos import export_dinsos_kecamatan

    db = open_db(args, write=False)
    r = db.run(export_dinsos_kecamatan, args.period, args.output, user=_actor(db), write=False)
    return _done(
        "Buku kerja Dinas Sosial",
        r,
        f"{angka(r.rows)} usulan dari {angka(r.villages)} desa/kelurahan (NIK lengkap: simpan "
        "berkas ini hati-hati)",
    )


def _recap(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.upward import write_recap

    db = open_db(args, write=False)
    r = db.run(write_recap, args.period, args.output, user=_actor(db), write=False)
    return _done("Rekap Camat", r, f"{angka(r.villages)} desa/kelurahan, {r.pages} halaman")


def _quarterly(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.quarterly import write_quarterly

    db = open_db(args, write=False)
    r = db.run(write_quarterly, args.year, args.quarter, args.output, user=_actor(db), write=False)
    return _done("Laporan triwulan", r, f"{angka(r.rows)} desa/kelurahan, {r.pages} halaman")


def _evaluation(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.quarterly import write_apbdes_evaluation

    db = open_db(args, write=False)
    r = db.run(write_apbdes_evaluation, args.year, args.output, user=_actor(db), write=False)
    return _done("Lembar evaluasi APBDes", r, f"{angka(r.rows)} desa/kelurahan")


def _letter(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.upward import write_letter

    db = open_db(args, write=False)
    r = db.run(
        write_letter, args.period, args.output, deadline=args.batas, user=_actor(db), write=False
    )
    return _done("Surat kepada desa", r, f"{angka(r.rows)} desa/kelurahan belum mengirim")


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "summary": _summary,
    "export-dinsos": _export_dinsos,
    "recap": _recap,
    "quarterly": _quarterly,
    "apbdes-evaluation": _evaluation,
    "letter": _letter,
}
