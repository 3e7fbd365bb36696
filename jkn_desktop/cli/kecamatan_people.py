"""Command line: find a person among the villages' packages of a month, by NIK or name
(``jkn-desktop kecamatan|kabupaten cari TEKS``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, open_db, out
from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import angka, tanggal
from jkn_desktop.domain.jkn import SEGMENT_SHORT, STATUSES


def register(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "cari", parents=[common], help="cari warga dengan NIK atau nama dalam paket desa sebulan"
    )
    s.add_argument("teks", help="NIK (16 angka) atau kata-kata nama")
    s.add_argument("--period", help="bulan TTTT-BB (bawaan: bulan terbaru yang diterima)")
    s.add_argument("--json", action="store_true")


def _cari(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.people import LIMIT, find_people

    db = open_db(args, write=False)
    found = db.run(find_people, args.teks, period=args.period, write=False)
    if args.json:
        out(
            json.dumps(
                {
                    "period": found.period,
                    "more": found.more,
                    "people": [p.as_json() for p in found.people],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not found.period:
        out("Belum ada paket desa yang diterima.")
        return EXIT_OK
    if not found.people:
        out(f"Tidak ada warga yang cocok dalam paket desa bulan {found.period}.")
        return EXIT_OK
    more = (
        f" (lebih dari {angka(LIMIT)} cocok; yang tampil {angka(LIMIT)} di antaranya)"
        if found.more
        else ""
    )
    out(f"{angka(len(found.people))} warga dalam paket desa bulan {found.period}{more}:")
    for p in found.people:
        jkn = " ".join(
            w for w in (SEGMENT_SHORT.get(p.segment or "", ""), STATUSES.get(p.jkn_status or "", ""))
            if w
        )  # fmt: skip
        out(
            f"  {p.name}, NIK {p.nik}, {p.sex}, lahir "
            f"{tanggal(p.birth_date) if p.birth_date else '—'}; {p.village} "
            f"({p.kode_wilayah}); {codes.STATUS_DASAR.get(p.status_dasar, '').title()}; "
            f"JKN: {jkn or 'belum terdaftar'}"
        )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"cari": _cari}
