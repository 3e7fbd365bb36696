"""Command line: the kecamatan's consolidation database (``jkn-desktop kecamatan …``).

Each part of the kecamatan's work keeps its subcommands in its own module (``PARTS``): a part has
``register(ksub, common)`` adding its parsers to ``kecamatan``'s subcommands, and ``HANDLERS``
mapping each subcommand to its function."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop.cli import (
    kecamatan_duplicates,
    kecamatan_people,
    kecamatan_receive,
    kecamatan_reports,
)
from jkn_desktop.cli.common import EXIT_OK, Parser, actor, open_db, out


def _register_base(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "init", parents=[common], help="jadikan berkas ini basis data kecamatan (konsolidasi)"
    )
    s.add_argument("--kode-wilayah", required=True, help="kode kecamatan PP.KK.SS")
    for name in ("kecamatan", "kabupaten", "provinsi"):
        s.add_argument(
            f"--{name}", default=None, help=f"nama {name} (bila tidak ada di data wilayah)"
        )
    s.add_argument("--camat", default="", help="nama Camat (untuk tanda tangan)")
    s.add_argument("--nip", default="", help="NIP Camat")
    s = ksub.add_parser(
        "demo", parents=[common], help="kecamatan contoh: desa demo, paketnya, lalu diterima"
    )
    s.add_argument("--folder", type=Path, required=True, help="folder untuk basis data desa demo")
    s.add_argument("--kode-wilayah", default="", help="kode kecamatan (bawaan 33.08.02 Borobudur)")
    s.add_argument("--residents", type=int, default=800, help="penduduk per desa (kira-kira)")
    s.add_argument("--seed", type=int, default=1)
    s = ksub.add_parser("villages", parents=[common], help="desa dan kelurahan kecamatan ini")
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser("village", parents=[common], help="tambah atau ubah desa dalam daftar")
    s.add_argument("kode_wilayah", help="kode desa PP.KK.SS.DDDD")
    s.add_argument("--nama", required=True)
    s.add_argument("--jenis", choices=("desa", "kelurahan"), default=None)
    s.add_argument(
        "--tidak-diharapkan",
        action="store_true",
        help="tidak lagi diharapkan mengirim paket (paket lamanya tetap tersimpan)",
    )


def _init(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages

    db = open_db(args, write=True)
    info = db.run(
        init_kecamatan,
        args.kode_wilayah,
        kecamatan=args.kecamatan,
        kabupaten=args.kabupaten,
        provinsi=args.provinsi,
        camat=args.camat,
        camat_nip=args.nip,
        user=actor_or_cli(db),
    )
    n = len(db.run(villages, write=False))
    out(
        f"Kecamatan {info.kecamatan}, {info.kabupaten}, {info.provinsi} ({info.kode_wilayah}) "
        f"tersimpan di {db.location}, dengan {n} desa/kelurahan."
    )
    return EXIT_OK


def actor_or_cli(db: Any) -> str:
    """The logged-in person, else the command line (a kecamatan file has no village operator)."""
    return str(db.session.username) if db.session is not None else "baris-perintah"


def _villages(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.identity import require_kecamatan, villages

    db = open_db(args, write=False)
    db.run(require_kecamatan, write=False)
    rows = db.run(villages, write=False)
    if args.json:
        out(
            json.dumps(
                [
                    {
                        "kode_wilayah": v.kode_wilayah,
                        "desa": v.name,
                        "kind": v.kind,
                        "expected": v.expected,
                        "fingerprint": v.fingerprint,
                    }
                    for v in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    for v in rows:
        flag = "" if v.expected else " (tidak diharapkan mengirim)"
        key = f"  kunci {v.fingerprint}" if v.fingerprint else "  kunci belum terdaftar"
        out(f"{v.kode_wilayah}  {v.full_name}{flag}{key}")
    return EXIT_OK


def _village(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.identity import save_village

    db = open_db(args, write=True)
    v = db.run(
        save_village,
        args.kode_wilayah,
        args.nama,
        kind=args.jenis,
        expected=not args.tidak_diharapkan,
        user=actor(db) if db.session is not None else "baris-perintah",
    )
    out(f"{v.full_name} ({v.kode_wilayah}) tersimpan.")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from jkn_desktop.demo.kecamatan import DEFAULT_KECAMATAN, generate_kecamatan

    db = open_db(args, write=True)
    result = generate_kecamatan(
        db,
        args.folder,
        kode_kecamatan=args.kode_wilayah or DEFAULT_KECAMATAN,
        residents=args.residents,
        seed=args.seed,
    )
    oct_, nov, fix = result.received
    out(
        f"Kecamatan demo di {db.location}: {len(result.villages)} desa di {args.folder / 'desa'}; "
        f"Oktober {len(oct_.received)} paket diterima, November {len(nov.received)} diterima dan "
        f"{len(nov.refused)} ditolak ({result.altered}); kirim ulang {result.resent}: "
        f"{len(fix.received)} paket; {result.missing} tidak mengirim Oktober."
    )
    for kind, niks in sorted(result.planted.items()):
        out(f"  ditanam {kind}: {len(niks)}")
    return EXIT_OK


BASE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _demo,
    "init": _init,
    "villages": _villages,
    "village": _village,
}

# the parts' modules, each with register(ksub, common) and HANDLERS
PARTS: tuple[Any, ...] = (
    kecamatan_receive,
    kecamatan_duplicates,
    kecamatan_people,
    kecamatan_reports,
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    k = sub.add_parser(
        "kecamatan",
        parents=[common],
        help="basis data kecamatan: terima paket desa, matriks, ringkasan, data ganda, laporan",
    )
    ksub = k.add_subparsers(dest="kecamatan_command", parser_class=Parser, required=True)
    _register_base(ksub, common)
    for part in PARTS:
        part.register(ksub, common)


def cmd_kecamatan(args: argparse.Namespace) -> int:
    handlers = dict(BASE_HANDLERS)
    for part in PARTS:
        handlers.update(part.HANDLERS)
    return handlers[args.kecamatan_command](args)


COMMANDS = {"kecamatan": cmd_kecamatan}
