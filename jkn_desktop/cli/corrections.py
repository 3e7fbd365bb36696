"""Command line at the village: the kecamatan's return file (``jkn-desktop import-corrections``,
``corrections``, ``correction-done``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, actor, open_db, out
from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.formatting import angka, waktu


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "import-corrections", parents=[common], help="baca berkas koreksi dari kecamatan (.xlsx)"
    )
    s.add_argument("file", type=Path)
    s = sub.add_parser("corrections", parents=[common], help="koreksi yang diminta kecamatan")
    s.add_argument("--terbuka", action="store_true", help="hanya yang belum selesai")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("correction-done", parents=[common], help="tandai koreksi selesai")
    s.add_argument("id", type=int, help="nomor koreksi (dari jkn-desktop corrections)")
    s.add_argument("--buka-lagi", action="store_true", help="tandai belum selesai lagi")


def _import(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.corrections import import_corrections

    db = open_db(args, write=True)
    r = db.run(import_corrections, args.file, user=actor(db))
    if r.added:
        out(f"Berkas koreksi {r.period} dari kecamatan: {angka(r.added)} koreksi baru disimpan.")
    else:
        out(f"Berkas koreksi {r.period} sudah pernah dibaca: tidak ada koreksi baru.")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.corrections import corrections

    db = open_db(args, write=False)
    rows = db.run(corrections, open_only=args.terbuka, write=False)
    if args.json:
        out(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "period": r.period,
                        "kind": r.kind,
                        "nik": r.nik,
                        "name": r.name,
                        "other_nik": r.other_nik,
                        "other_name": r.other_name,
                        "other_village": r.other_village,
                        "note": r.note,
                        "resolved_at": r.resolved_at.isoformat(sep=" ") if r.resolved_at else None,
                        "resolved_by": r.resolved_by,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not rows:
        out("Tidak ada koreksi dari kecamatan.")
    for r in rows:
        state = (
            f"selesai {waktu(r.resolved_at)} oleh {r.resolved_by}" if r.resolved_at else "terbuka"
        )
        who = f"{r.name} (NIK {r.nik})" if r.nik else f"paket {r.period}"
        other = (
            f"; di {r.other_village}: {r.other_name} (NIK {r.other_nik})" if r.other_village else ""
        )
        out(f"{r.id}. {r.period} {D.RETURN_KINDS.get(r.kind, 'Koreksi')}: {who}{other} — {state}")
        out(f"   {r.note}")
    return EXIT_OK


def _done(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.corrections import resolve_correction

    db = open_db(args, write=True)
    r = db.run(resolve_correction, args.id, done=not args.buka_lagi, user=actor(db))
    out(f"Koreksi {r.id} ditandai {'selesai' if r.resolved_at else 'belum selesai'}.")
    return EXIT_OK


COMMANDS = {"import-corrections": _import, "corrections": _list, "correction-done": _done}
