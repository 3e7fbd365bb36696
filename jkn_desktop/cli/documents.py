"""Command line: printed rosters and the monthly report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import (
    EXIT_OK,
    actor,
    open_db,
    out,
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "roster", parents=[common], help="cetak daftar (PDF) dengan kop dan tanda tangan"
    )
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True)
    s.add_argument(
        "--kind",
        choices=["pbi", "belum", "semua", "usulan"],
        default="pbi",
        help="pbi: peserta PBI JK; belum: KK dengan anggota belum terlindungi; semua: seluruh penduduk; usulan: usulan bulan itu",
    )
    s.add_argument(
        "--mask-nik",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="samarkan NIK dan No. KK (bawaan: ya untuk daftar yang diumumkan)",
    )
    s.add_argument("--portrait", action="store_true", help="A4 tegak (bawaan: mendatar)")

    s = sub.add_parser(
        "monthly-report",
        parents=[common],
        help="laporan bulanan JKN desa untuk Camat (PDF): cakupan, usulan, APBDes, loket, SKTM, perangkat",
    )
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True)


def cmd_roster(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from jkn_desktop.services.documents import rosters

    db = open_db(args, write=False)
    with db.work(actor(db), write=False) as work:
        opts = rosters.default_options(work, args.kind, args.period, portrait=args.portrait)
        if args.mask_nik is not None:
            opts = replace(opts, mask_nik=args.mask_nik)
        result = rosters.write_roster(work, opts, args.output)
    masked = " (NIK disamarkan)" if opts.mask_nik else ""
    out(
        f"{result.pages} halaman, {result.rows} baris dalam {result.households} kelompok{masked}: {args.output}"
    )
    return EXIT_OK


def cmd_monthly_report(args: argparse.Namespace) -> int:
    from jkn_desktop.records.documents import DocRequest
    from jkn_desktop.services.documents import catalog

    db = open_db(args, write=False)
    request = DocRequest("bulanan", args.period)
    message = db.run(catalog.save, request, args.output, user=actor(db), write=False)
    out(message)
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    from jkn_desktop.selftest import run_selftest

    return run_selftest(getattr(args, "db", None))


COMMANDS = {
    "roster": cmd_roster,
    "monthly-report": cmd_monthly_report,
    "selftest": cmd_selftest,
}
