"""Command line: accounts (``jkn-desktop user add|list|passwd|disable|enable|roles|area``).

On a file without accounts, ``user add`` makes the first one, which must be an admin; after that
every command here needs an admin logged in with ``--user`` (``passwd`` without a name: one's own
password, any role). New passwords come from ``JKN_DESKTOP_NEW_PASSWORD`` or are asked twice.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, Parser, ask_password, open_db, out
from jkn_desktop.domain.roles import ROLE_HINTS, ROLES
from jkn_desktop.errors import UserError

_AREA_HELP = (
    "wilayah kerja: kode desa PP.KK.SS.DDDD, kecamatan PP.KK.SS atau kabupaten PP.KK; kosong "
    "atau *: seluruh basis data. Di server PostgreSQL akun ini hanya melihat data wilayahnya"
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("user", parents=[common], help="akun pengguna: tambah, daftar, kata sandi")
    psub = p.add_subparsers(dest="user_command", parser_class=Parser, required=True)
    roles_help = "; ".join(f"{k}: {v}" for k, v in ROLE_HINTS.items())
    s = psub.add_parser("add", parents=[common], help="tambah akun (akun pertama: admin)")
    s.add_argument("username", help="nama untuk masuk")
    s.add_argument("--peran", action="append", choices=list(ROLES), required=True, help=roles_help)
    s.add_argument("--nama-lengkap", default="", help="nama lengkap pemilik akun")
    s.add_argument("--wilayah", default="", help=_AREA_HELP)
    s = psub.add_parser("list", parents=[common], help="daftar akun dan perannya")
    s.add_argument("--json", action="store_true")
    s = psub.add_parser(
        "passwd", parents=[common], help="ganti kata sandi (sendiri, atau oleh admin)"
    )
    s.add_argument("username", nargs="?", default=None, help="akun orang lain (admin)")
    s = psub.add_parser("disable", parents=[common], help="nonaktifkan akun (riwayatnya tetap)")
    s.add_argument("username")
    s = psub.add_parser("enable", parents=[common], help="aktifkan lagi akun yang nonaktif")
    s.add_argument("username")
    s = psub.add_parser("roles", parents=[common], help="ubah peran sebuah akun")
    s.add_argument("username")
    s.add_argument("--peran", action="append", choices=list(ROLES), required=True)
    s = psub.add_parser("area", parents=[common], help="ubah wilayah kerja sebuah akun")
    s.add_argument("username")
    s.add_argument("--wilayah", required=True, help=_AREA_HELP)


def _new_password(name: str) -> str:
    given = os.environ.get("JKN_DESKTOP_NEW_PASSWORD")
    if given is not None:
        return given
    first = ask_password(f"Kata sandi baru untuk {name}: ", name, "JKN_DESKTOP_NEW_PASSWORD")
    again = ask_password("Ulangi kata sandi baru: ", name, "JKN_DESKTOP_NEW_PASSWORD")
    if first != again:
        raise UserError("PASSWORD_MISMATCH")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from jkn_desktop.services.people import accounts as A

    command = args.user_command
    db = open_db(args, write=command != "list")
    if command == "add":
        password = _new_password(args.username)
        db.run(
            A.add_account,
            args.username,
            password,
            args.peran,
            full_name=args.nama_lengkap,
            area=args.wilayah,
        )
        out(f"Akun {' '.join(args.username.split())} ditambahkan.")
    elif command == "list":
        users = db.run(A.list_accounts, write=False)
        if args.json:
            out(json.dumps([_as_json(u) for u in users], ensure_ascii=False, indent=2))
        else:
            for u in users:
                state = "nonaktif" if u.disabled else "aktif"
                extra = ", belum punya kata sandi sendiri" if u.must_change_password else ""
                area = u.area or "seluruh wilayah"
                out(f"{u.username}\t{u.roles_label}\t{area}\t{state}{extra}\t{u.full_name}")
    elif command == "passwd":
        name = args.username or (db.session.username if db.session else None)
        if not name:
            raise UserError("LOGIN_NEEDED")
        password = _new_password(name)
        db.run(A.set_password, name, password)
        out(f"Kata sandi {name} diganti.")
    elif command in ("disable", "enable"):
        db.run(A.set_disabled, args.username, command == "disable")
        word = "dinonaktifkan" if command == "disable" else "diaktifkan lagi"
        out(f"Akun {args.username} {word}.")
    elif command == "area":
        db.run(A.set_area, args.username, args.wilayah)
        out(f"Wilayah kerja {args.username} diubah.")
    elif command == "roles":
        db.run(A.set_roles, args.username, args.peran)
        out(f"Peran {args.username} diubah.")
    return EXIT_OK


def _as_json(u: Any) -> dict[str, object]:
    return {
        "username": u.username,
        "full_name": u.full_name,
        "roles": list(u.roles),
        "area": u.area,
        "disabled": u.disabled,
        "must_change_password": u.must_change_password,
        "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
    }


COMMANDS = {"user": cmd_user}
