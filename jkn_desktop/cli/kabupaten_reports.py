"""Command line: the kabupaten's dashboard per kecamatan and its drill-down, the matrix grouped by
kecamatan, the consolidated Dinas Sosial workbook and the quarterly PBPU Pemda verval worksheet
(``jkn-desktop kabupaten summary|matrix|export-dinsos|verval``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, open_db, out
from jkn_desktop.domain.formatting import angka, rupiah


def register(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "summary",
        parents=[common],
        help="ringkasan sebulan per kecamatan, atau desa satu kecamatan",
    )
    s.add_argument("--period", required=True, help="bulan TTTT-BB")
    s.add_argument("--kecamatan", default=None, help="kode kecamatan PP.KK.SS: rincian per desa")
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser(
        "matrix", parents=[common], help="matriks pengiriman paket setahun, per kecamatan"
    )
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser(
        "export-dinsos",
        parents=[common],
        help="buku kerja usulan se-kabupaten untuk Dinas Sosial (.xlsx, NIK lengkap)",
    )
    s.add_argument("--period", required=True, help="bulan TTTT-BB")
    s.add_argument(
        "--program",
        choices=("pbi_apbn", "pbpu_pemda"),
        default=None,
        help="hanya satu program: pbi_apbn (PBI JK APBN) atau pbpu_pemda (PBPU/BP Pemda)",
    )
    s.add_argument("-o", "--output", type=Path, required=True)
    s = ksub.add_parser(
        "verval",
        parents=[common],
        help="lembar verifikasi dan validasi peserta PBPU/BP Pemda satu triwulan (.xlsx)",
    )
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--quarter", type=int, required=True, help="triwulan 1–4")
    s.add_argument("-o", "--output", type=Path, required=True)


def _actor(db: Any) -> str:
    from jkn_desktop.cli.kabupaten import actor_or_cli

    return actor_or_cli(db)


def pct(x: float) -> str:
    return f"{x:.2f}".replace(".", ",") + "%"


def _line(kode: str, name: str, v: Any) -> str:
    a = v.apbdes
    return (
        f"{kode:<13}  {name}: penduduk {angka(v.population)}, terdaftar {angka(v.registered)} "
        f"({pct(v.coverage_pct)}), aktif {angka(v.active)} ({pct(v.active_pct)}); belum "
        f"terlindungi {angka(v.uninsured)}; usulan {angka(v.proposals_total)}; APBDes pagu "
        f"{rupiah(a.pagu)}, kebutuhan {rupiah(a.need)}"
    )


def _summary(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kabupaten.summary import kabupaten_summary, kecamatan_drilldown

    db = open_db(args, write=False)
    if args.kecamatan:
        s = db.run(kecamatan_drilldown, args.period, args.kecamatan, user=_actor(db), write=False)
        if args.json:
            out(json.dumps(s.as_json(), ensure_ascii=False, indent=2))
            return EXIT_OK
        out(
            f"Kecamatan {s.kecamatan}, bulan {s.period}: {len(s.sent)} dari "
            f"{sum(1 for v in s.villages if v.expected)} desa/kelurahan mengirim paket."
        )
        for v in s.villages:
            if not v.sent:
                out(f"{v.kode_wilayah:<13}  {v.full_name}: belum mengirim")
            else:
                out(_line(v.kode_wilayah, v.full_name, v))
        out(_line("", "JUMLAH KECAMATAN", s.total))
        return EXIT_OK
    k = db.run(kabupaten_summary, args.period, user=_actor(db), write=False)
    if args.json:
        out(json.dumps(k.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    sent = sum(r.sent for r in k.kecamatan)
    expected = sum(r.expected for r in k.kecamatan)
    out(
        f"{k.kabupaten}, bulan {k.period}: {angka(sent)} dari {angka(expected)} desa/kelurahan "
        f"mengirim paket. Target cakupan {pct(k.target_coverage_pct)}, keaktifan "
        f"{pct(k.target_active_pct)}."
    )
    for r in k.kecamatan:
        if not r.sent:
            out(f"{r.kode_wilayah:<13}  Kecamatan {r.name}: belum ada desa yang mengirim")
            continue
        out(_line(r.kode_wilayah, f"Kecamatan {r.name} ({r.sent}/{r.expected} desa)", r.figures))
    out(_line("", "JUMLAH KABUPATEN", k.total))
    return EXIT_OK


def _matrix(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kabupaten.summary import kabupaten_matrix
    from jkn_desktop.services.kecamatan.matrix import STATE_WORDS

    db = open_db(args, write=False)
    km = db.run(kabupaten_matrix, args.year, user=_actor(db), write=False)
    if args.json:
        out(json.dumps(km.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    m = km.matrix
    shown = [i for i in range(12) if any(m.cells[v.kode_wilayah][i].state for v in m.villages)]
    for k in km.kecamatan:
        if not any(k.months[i].received or k.months[i].missing for i in shown):
            continue
        out(f"Kecamatan {k.name} ({k.kode_wilayah})")
        for v in k.villages:
            cells = m.cells[v.kode_wilayah]
            states = [f"{STATE_WORDS[cells[i].state] or '-':<13}" for i in shown]
            out(f"  {v.full_name:<26} " + " | ".join(states))
        for i in shown:
            c = k.months[i]
            out(
                f"  {c.period}: {c.received} dari {c.expected} desa mengirim "
                f"({pct(c.reporting_rate)}), {c.on_time} tepat waktu, {c.late} terlambat, "
                f"{c.missing} belum."
            )
    for i in shown:
        c = m.months[i]
        out(
            f"Kabupaten {c.period}: {angka(c.received)} dari {angka(c.expected)} desa mengirim "
            f"({pct(c.reporting_rate)})."
        )
    return EXIT_OK


def _export_dinsos(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kabupaten.dinsos import export_dinsos_kabupaten

    db = open_db(args, write=False)
    r = db.run(
        export_dinsos_kabupaten,
        args.period,
        args.output,
        track=args.program,
        user=_actor(db),
        write=False,
    )
    out(
        f"Buku kerja Dinas Sosial disimpan di {r.path}: {angka(r.rows)} usulan dari "
        f"{angka(r.villages)} desa/kelurahan (NIK lengkap: simpan berkas ini hati-hati)."
    )
    return EXIT_OK


def _verval(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kabupaten.verval import verval_worksheet

    db = open_db(args, write=False)
    r = db.run(verval_worksheet, args.year, args.quarter, args.output, user=_actor(db), write=False)
    out(
        f"Lembar verval PBPU/BP Pemda disimpan di {r.path}: {angka(r.rows)} peserta dari "
        f"{angka(r.villages)} desa/kelurahan (NIK lengkap: simpan berkas ini hati-hati)."
    )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "summary": _summary,
    "matrix": _matrix,
    "export-dinsos": _export_dinsos,
    "verval": _verval,
}
