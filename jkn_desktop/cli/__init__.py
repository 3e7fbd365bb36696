"""The command line. With no subcommand the window opens (through the hooks the ui layer passes in,
so this module never imports Qt). Exit codes: 0 success, 2 usage or input error (one Indonesian
line on stderr), 1 an unexpected error of ours (logged, never a traceback on screen)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jkn_desktop import __version__
from jkn_desktop.cli import (
    apbdes,
    audit,
    backup,
    corrections,
    counter,
    documents,
    guide,
    kabupaten,
    kecamatan,
    membership,
    officials,
    people,
    registry,
    server,
    sktm,
    usulan,
)
from jkn_desktop.cli.common import (
    EXIT_BUG,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    close_databases,
    db_path,
)
from jkn_desktop.errors import UserError
from jkn_desktop.logsetup import setup_logging
from jkn_desktop.paths import Location

log = logging.getLogger("jkn.cli")

AREAS = (
    registry,
    membership,
    apbdes,
    usulan,
    documents,
    counter,
    sktm,
    officials,
    people,
    backup,
    audit,
    kecamatan,
    server,
    kabupaten,
    corrections,
    guide,
)


@dataclass(frozen=True)
class GuiHooks:
    """Provided by ui.launcher: open the window, or render every page to PNG files."""

    run_window: Callable[[Location], int]
    screenshots: Callable[[Location, Path], int]


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="berkas basis data, atau alamat server: postgresql://pengguna@server/nama",
    )
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        help="nama pengguna (basis data yang memakai akun); kata sandi ditanyakan atau dari "
        "JKN_DESKTOP_PASSWORD",
    )
    common.add_argument(
        "--ambil-alih",
        action="store_true",
        default=argparse.SUPPRESS,
        help="ambil alih basis data yang tercatat dibuka di komputer lain (hanya bila program di "
        "sana sudah ditutup; dicatat di jejak audit)",
    )
    p = Parser(
        prog="jkn-desktop",
        description="JKN Desktop: data penduduk dan kepesertaan JKN desa atau kelurahan. Tanpa perintah: buka jendela.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"JKN Desktop {__version__}")
    p.add_argument("--verbose", action="store_true", help="tulis log juga ke layar")
    sub = p.add_subparsers(dest="command", parser_class=Parser)

    for area in AREAS:
        area.register(sub, common)
    s = sub.add_parser("screenshots", parents=[common], help="simpan gambar setiap halaman")
    s.add_argument("dir", type=Path)

    sub.add_parser("selftest", parents=[common], help="uji mandiri tanpa layar (untuk bundel)")
    return p


def main(argv: Sequence[str] | None = None, gui: GuiHooks | None = None) -> int:
    args = build_parser().parse_args(argv)
    log_path = setup_logging(args.verbose)
    from jkn_desktop.exporters.tempfiles import sweep

    sweep()  # what an export killed midway left behind
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        name: cmd for area in AREAS for name, cmd in area.COMMANDS.items()
    }
    try:
        if args.command in handlers:
            return handlers[args.command](args)
        if gui is None:
            raise UserError("NO_GUI")
        if args.command == "screenshots":
            return gui.screenshots(db_path(args), args.dir)
        return gui.run_window(db_path(args))
    except UserError as exc:
        sys.stderr.write(f"jkn-desktop: {exc.message}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("jkn-desktop: dibatalkan.\n")
        return EXIT_USAGE
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        sys.stderr.write(
            "jkn-desktop: terjadi kesalahan tak terduga di aplikasi (bukan kesalahan Anda). "
            f"Rinciannya dicatat di {log_path}; kirimkan berkas itu ke pengembang.\n"
        )
        return EXIT_BUG
    finally:
        close_databases()
