"""Command line: setting up a server database (``jkn-desktop --db postgresql://… server init``)."""

from __future__ import annotations

import argparse
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, Parser, db_path, open_db, out


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "server", parents=[common], help="basis data kecamatan atau kabupaten di server PostgreSQL"
    )
    psub = p.add_subparsers(dest="server_command", parser_class=Parser, required=True)
    s = psub.add_parser(
        "init",
        parents=[common],
        help="siapkan basis data di server: periksa server, perbarui skema, batasi wilayah "
        "pengguna, tulis identitas kecamatan atau kabupaten",
    )
    s.add_argument(
        "--kode-wilayah", required=True, help="kode kecamatan PP.KK.SS atau kabupaten PP.KK"
    )
    s.add_argument("--kepala", default="", help="nama Camat atau Kepala Dinas (tanda tangan)")
    s.add_argument("--nip", default="", help="NIP-nya")


def cmd_server(args: argparse.Namespace) -> int:
    from jkn_desktop.services.server_init import check_before_init, init_office

    kode, found = check_before_init(db_path(args), args.kode_wilayah)
    db = open_db(args, write=True)
    ready = db.run(init_office, kode, created=found is None, head=args.kepala, nip=args.nip)
    done = "disiapkan" if ready.created else "sudah disiapkan sebelumnya; namanya diperbarui"
    out(f"Basis data {db.name} untuk {ready.name} ({ready.kode}) {done}.")
    guard = ready.protection
    if guard.superuser:
        out(
            f"Peringatan: peran {guard.role} adalah superuser atau boleh melewati pembatasan "
            "baris (BYPASSRLS), jadi pembatasan wilayah pengguna tidak berlaku baginya. Buat "
            "peran biasa pemilik basis data ini untuk dipakai program (lihat README)."
        )
    elif guard.unprotected:
        out("Peringatan: tabel tanpa pembatasan wilayah: " + ", ".join(guard.unprotected) + ".")
    else:
        out(
            f"Pembatasan wilayah aktif untuk peran {guard.role}: setiap pengguna hanya melihat "
            "data wilayah kerjanya."
        )
    return EXIT_OK


COMMANDS = {"server": cmd_server}
