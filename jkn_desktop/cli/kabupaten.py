"""Command line: the kabupaten's consolidation database (``jkn-desktop kabupaten …``; decision
90): init, the villages by kecamatan, receiving village packages and kecamatan batches, the
packages list; the dashboard, matrix and documents are in ``kabupaten_reports``; the people
counted twice across the kabupaten use the kecamatan's commands (``kecamatan_duplicates``).

``kabupaten receive`` exits 0 when every package was taken in (or had been already), 1 when some
were refused (the others are still taken in), 2 on a usage error."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop.cli import kabupaten_reports, kecamatan_duplicates, kecamatan_people
from jkn_desktop.cli.common import EXIT_OK, Parser, open_db, out
from jkn_desktop.domain.formatting import angka

EXIT_REFUSED = 1


def _register_base(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "init", parents=[common], help="jadikan basis data ini basis data kabupaten (konsolidasi)"
    )
    s.add_argument("--kode-wilayah", required=True, help="kode kabupaten/kota PP.KK")
    s.add_argument(
        "--kabupaten", default=None, help="nama kabupaten (bila tidak ada di data wilayah)"
    )
    s.add_argument(
        "--provinsi", default=None, help="nama provinsi (bila tidak ada di data wilayah)"
    )
    s.add_argument("--kepala", default="", help="nama Kepala Dinas Sosial (untuk tanda tangan)")
    s.add_argument("--nip", default="", help="NIP Kepala Dinas Sosial")
    s = ksub.add_parser("villages", parents=[common], help="desa dan kelurahan per kecamatan")
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser(
        "receive",
        parents=[common],
        help="terima paket desa (.xlsx atau folder) dan kiriman kecamatan (.zip atau folder)",
    )
    s.add_argument("paths", nargs="+", type=Path, metavar="BERKAS_ATAU_FOLDER")
    s.add_argument(
        "--daftarkan-kunci",
        action="store_true",
        help="daftarkan kunci desa yang belum terdaftar (setelah sidiknya dicocokkan dengan "
        "Berita Acara desa)",
    )
    s.add_argument(
        "--daftar-ulang-kunci",
        default="",
        metavar="ALASAN",
        help="ganti kunci terdaftar desa dengan kunci paket ini, dengan alasan",
    )
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser("packages", parents=[common], help="daftar paket yang sudah diterima")
    s.add_argument("--period", default=None, help="bulan TTTT-BB")
    s.add_argument("--desa", default=None, help="kode desa")
    s.add_argument("--json", action="store_true")


def actor_or_cli(db: Any) -> str:
    return str(db.session.username) if db.session is not None else "baris-perintah"


def _init(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kabupaten.identity import init_kabupaten, kecamatan_names
    from jkn_desktop.services.kecamatan.identity import villages

    db = open_db(args, write=True)
    info = db.run(
        init_kabupaten,
        args.kode_wilayah,
        kabupaten=args.kabupaten,
        provinsi=args.provinsi,
        kepala=args.kepala,
        kepala_nip=args.nip,
        user=actor_or_cli(db),
    )
    n = len(db.run(villages, write=False))
    k = len(db.run(kecamatan_names, write=False))
    out(
        f"{info.label}, {info.provinsi} ({info.kode_wilayah}) tersimpan di {db.location}, dengan "
        f"{angka(k)} kecamatan dan {angka(n)} desa/kelurahan."
    )
    return EXIT_OK


def _villages(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kabupaten.identity import kecamatan_names, villages_by_kecamatan

    db = open_db(args, write=False)
    names = db.run(kecamatan_names, write=False)
    groups = db.run(villages_by_kecamatan, write=False)
    if args.json:
        doc = [
            {
                "kode_wilayah": kode,
                "kecamatan": names[kode],
                "villages": [
                    {"kode_wilayah": v.kode_wilayah, "desa": v.name, "expected": v.expected}
                    for v in vs
                ],
            }
            for kode, vs in groups.items()
        ]
        out(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    for kode, vs in groups.items():
        out(f"{kode}  Kecamatan {names[kode]}: {angka(len(vs))} desa/kelurahan")
        for v in vs:
            flag = "" if v.expected else " (tidak diharapkan mengirim)"
            key = f"  kunci {v.fingerprint}" if v.fingerprint else "  kunci belum terdaftar"
            out(f"    {v.kode_wilayah}  {v.full_name}{flag}{key}")
    return EXIT_OK


def _receive(args: argparse.Namespace) -> int:
    from jkn_desktop.records.kecamatan import ReceiveReport
    from jkn_desktop.services.kabupaten.batch import is_batch, receive_batch
    from jkn_desktop.services.kabupaten.identity import require_kabupaten
    from jkn_desktop.services.kecamatan.batch import receive_files

    db = open_db(args, write=True)
    db.run(require_kabupaten, write=False)
    user = actor_or_cli(db)
    keys = {"register_new_keys": args.daftarkan_kunci, "reregister_reason": args.daftar_ulang_kunci}
    total = ReceiveReport()
    batches = []
    for path in [p for p in args.paths if is_batch(p)]:
        b = receive_batch(db, path, user=user, **keys)
        batches.append(b)
        total.received += b.report.received
        total.refused += b.report.refused
    singles = [p for p in args.paths if not is_batch(p)]
    if singles:
        single = receive_files(db, singles, user=user, **keys)
        total.received += single.received
        total.refused += single.refused
    if args.json:
        doc = total.as_json()
        doc["batches"] = [b.as_json() for b in batches]
        out(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_REFUSED if total.refused else EXIT_OK
    for b in batches:
        out(f"Kiriman Kecamatan {b.kecamatan} ({b.kode_kecamatan}), bulan {b.period}:")
        if b.not_included:
            out(f"  tidak disertakan (desa mengirim langsung): {', '.join(b.not_included)}")
    for r in total.received:
        if r.already:
            out(f"{r.file}: sudah diterima sebelumnya (desa {r.village}, {r.period}).")
            continue
        what = "menggantikan paket sebelumnya" if r.replaced else "diterima"
        if r.superseded:
            what = "disimpan sebagai versi lama (sudah ada paket yang lebih baru)"
        sign = f"sidik kunci {r.fingerprint}" if r.signed else "tanpa tanda tangan"
        out(f"{r.file}: desa {r.village}, {r.period}: {r.rows} baris, {what} ({sign}).")
    for f in total.refused:
        out(f"DITOLAK {f.message}")
    new = sum(1 for r in total.received if not r.already)
    again = len(total.received) - new
    tail = f", {again} sudah diterima sebelumnya" if again else ""
    out(f"{new} paket diterima{tail}, {len(total.refused)} ditolak.")
    return EXIT_REFUSED if total.refused else EXIT_OK


def _packages(args: argparse.Namespace) -> int:
    from jkn_desktop.cli.kecamatan_receive import HANDLERS
    from jkn_desktop.services.kabupaten.identity import require_kabupaten

    db = open_db(args, write=False)
    db.run(require_kabupaten, write=False)
    return HANDLERS["packages"](args)


BASE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _init,
    "villages": _villages,
    "receive": _receive,
    "packages": _packages,
}
PARTS: tuple[Any, ...] = (kabupaten_reports, kecamatan_duplicates, kecamatan_people)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    k = sub.add_parser(
        "kabupaten",
        parents=[common],
        help="basis data kabupaten: terima paket desa dan kiriman kecamatan, ringkasan per "
        "kecamatan, matriks, data ganda, buku kerja Dinas Sosial, lembar verval",
    )
    ksub = k.add_subparsers(dest="kabupaten_command", parser_class=Parser, required=True)
    _register_base(ksub, common)
    for part in PARTS:
        part.register(ksub, common)


def cmd_kabupaten(args: argparse.Namespace) -> int:
    handlers = dict(BASE_HANDLERS)
    for part in PARTS:
        handlers.update(part.HANDLERS)
    return handlers[args.kabupaten_command](args)


COMMANDS = {"kabupaten": cmd_kabupaten}
