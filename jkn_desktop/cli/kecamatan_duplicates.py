"""Command line: people counted twice across the kecamatan's villages, the verdicts, and the
return file per village (``jkn-desktop kecamatan duplicates|verdict|return-file``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, open_db, out
from jkn_desktop.domain import codes
from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.formatting import angka, tanggal, waktu
from jkn_desktop.domain.jkn import SEGMENTS, STATUSES

BASIS = {"tanggal_status": "tanggal status lebih baru", "waktu_paket": "paket dibuat lebih akhir"}


def register(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "duplicates", parents=[common], help="penduduk yang tercatat ganda antardesa dalam sebulan"
    )
    s.add_argument("--period", required=True, help="bulan TTTT-BB")
    s.add_argument(
        "--kind", action="append", choices=list(D.KINDS), default=None, help="hanya jenis ini"
    )
    s.add_argument(
        "--semua",
        action="store_true",
        help="tampilkan juga yang sudah dinilai 'bukan orang yang sama'",
    )
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser("verdict", parents=[common], help="putusan atas satu kandidat data ganda")
    s.add_argument("--period", required=True, help="bulan yang sedang dinilai TTTT-BB")
    s.add_argument("--kind", required=True, choices=list(D.KINDS))
    s.add_argument("--key", required=True, help="kunci pasangan dari daftar data ganda")
    which = s.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--sama", metavar="KODE_DESA", help="orang yang sama; desa ini yang memperbaiki datanya"
    )
    which.add_argument("--bukan", action="store_true", help="bukan orang yang sama")
    s.add_argument("--note", default="", help="catatan (wajib untuk --bukan)")
    s = ksub.add_parser(
        "return-file", parents=[common], help="berkas koreksi untuk satu desa (.xlsx)"
    )
    s.add_argument("--period", required=True, help="bulan TTTT-BB")
    s.add_argument("--desa", required=True, help="kode desa PP.KK.SS.DDDD")
    s.add_argument("-o", "--output", type=Path, required=True)


def _side(side: Any) -> str:
    if not side.name:
        return f"{side.village} ({side.kode_wilayah}): NIK {side.nik}, tidak ada di data penduduk"
    parts = [
        f"{side.village} ({side.kode_wilayah}): {side.name}, NIK {side.nik}",
        f"lahir {tanggal(side.birth_date)}" if side.birth_date else "",
        codes.STATUS_DASAR.get(side.status_dasar, str(side.status_dasar)).capitalize()
        + (f" sejak {tanggal(side.status_date)}" if side.status_date else ""),
        f"ibu {side.mother_name}" if side.mother_name else "",
        " ".join(
            p
            for p in (SEGMENTS.get(side.segment or "", ""), STATUSES.get(side.jkn_status or "", ""))
            if p
        ),
        f"APBDes {side.funded}" if side.funded else "",
        f"paket dibuat {waktu(side.made_at)}" if side.made_at else "",
    ]
    return ", ".join(p for p in parts if p)


def _duplicates(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.duplicates import find_duplicates

    db = open_db(args, write=False)
    report = db.run(
        find_duplicates, args.period, kinds=args.kind, include_dismissed=args.semua, write=False
    )
    if args.json:
        out(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    out(
        f"Data ganda {args.period}: {angka(len(report.candidates))} kandidat dari "
        f"{angka(report.villages)} desa ({angka(report.residents)} penduduk hidup dibandingkan)."
    )
    if report.hidden:
        out(f"{angka(report.hidden)} kandidat dinilai bukan orang yang sama (tampilkan: --semua).")
    for c in report.candidates:
        names = {c.a.kode_wilayah: c.a.village, c.b.kode_wilayah: c.b.village}
        out("")
        out(f"{D.KINDS[c.kind]} — skor {c.score}")
        out(f"  {c.detail}")
        out(f"  {_side(c.a)}")
        out(f"  {_side(c.b)}")
        if c.newer:
            out(f"  Lebih baru: {names[c.newer]} ({BASIS[c.newer_basis]})")
        if c.verdict is None:
            out("  Putusan: belum dinilai")
        else:
            who = (
                f" — {names.get(c.verdict.correcting_village, c.verdict.correcting_village)} "
                "memperbaiki"
                if c.verdict.correcting_village
                else ""
            )
            note = f" ({c.verdict.note})" if c.verdict.note else ""
            out(f"  Putusan: {D.VERDICTS[c.verdict.verdict]}{who}{note}")
        out(f"  Kunci: {c.pair_key}")
    return EXIT_OK


def _verdict(args: argparse.Namespace) -> int:
    from jkn_desktop.cli.kecamatan import actor_or_cli
    from jkn_desktop.services.kecamatan.verdicts import set_verdict

    db = open_db(args, write=True)
    v = db.run(
        set_verdict,
        args.kind,
        args.key,
        D.BUKAN if args.bukan else D.SAMA,
        args.sama or "",
        args.note,
        period=args.period,
        user=actor_or_cli(db),
    )
    from jkn_desktop.services.kecamatan.identity import villages

    names = {x.kode_wilayah: x.full_name for x in db.run(villages, write=False)}
    who = (
        f"; {names.get(v.correcting_village, v.correcting_village)} ({v.correcting_village}) "
        "memperbaiki datanya"
        if v.correcting_village
        else ""
    )
    out(f"Putusan tersimpan: {D.VERDICTS[v.verdict]}{who}.")
    return EXIT_OK


def _return_file(args: argparse.Namespace) -> int:
    from jkn_desktop.cli.kecamatan import actor_or_cli
    from jkn_desktop.services.kecamatan.return_file import export_return_file

    db = open_db(args, write=False)
    r = db.run(
        export_return_file,
        args.period,
        args.desa,
        args.output,
        write=False,
        user=actor_or_cli(db),
    )
    out(
        f"Berkas koreksi {r.period} untuk desa {r.kode_wilayah}: {angka(r.rows)} baris, "
        f"tersimpan di {r.path}."
    )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "duplicates": _duplicates,
    "verdict": _verdict,
    "return-file": _return_file,
}
