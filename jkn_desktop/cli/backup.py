"""Command line: backups, restore, and undo of the last big step.

    jkn-desktop backup [--list] [-o FILE|FOLDER]
    jkn-desktop restore FILE [--dry-run] [--yes]
    jkn-desktop undo [--dry-run] [--yes]

The password of an encrypted backup (one written outside the data folder) comes from the
environment variable ``JKN_DESKTOP_BACKUP_PASSWORD`` or, at a terminal, from a prompt (asked twice
when a backup is written). It is not ``JKN_DESKTOP_PASSWORD``, which is the login's.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, open_db, out
from jkn_desktop.domain.formatting import angka, ukuran, waktu
from jkn_desktop.errors import UserError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "backup",
        parents=[common],
        help="cadangkan basis data (ke folder cadangan, atau ke berkas/flashdisk dengan -o)",
    )
    s.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="berkas atau folder tujuan; di luar folder data dikunci kata sandi "
        "(JKN_DESKTOP_BACKUP_PASSWORD atau ditanya)",
    )
    s.add_argument("--list", action="store_true", help="daftar cadangan di folder cadangan")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("restore", parents=[common], help="pulihkan basis data dari berkas cadangan")
    s.add_argument("file", type=Path)
    s.add_argument("--dry-run", action="store_true", help="periksa dan bandingkan saja")
    s.add_argument("--yes", action="store_true", help="pulihkan tanpa pertanyaan")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser(
        "undo", parents=[common], help="batalkan langkah besar terakhir (impor, daftar PBI, usulan)"
    )
    s.add_argument("--dry-run", action="store_true", help="tampilkan yang akan hilang saja")
    s.add_argument("--yes", action="store_true", help="batalkan tanpa pertanyaan")


def _password(*, new: bool, name: str) -> str:
    from jkn_desktop.services.backup.making import PASSWORD_ENV, check_new_password

    given = os.environ.get(PASSWORD_ENV)
    if given is None:
        if not sys.stdin.isatty():
            if new:
                raise UserError("BACKUP_PASSWORD_NEEDED", name=name)
            raise UserError("BACKUP_PASSWORD_MISSING", name=name)
        given = getpass.getpass("Kata sandi cadangan: ")
        if new:
            return check_new_password(given, getpass.getpass("Ulangi kata sandi: "))
    return check_new_password(given) if new else given


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UserError("RESTORE_CONFIRM")
    return input(f"{question} Ketik 'ya' untuk melanjutkan: ").strip().lower() == "ya"


def cmd_backup(args: argparse.Namespace) -> int:
    from jkn_desktop.services.backup import making as M

    db = open_db(args, write=False)  # a copy is read beside a window that writes
    if args.list:
        backups = M.list_backups(db)
        if args.json:
            out(json.dumps([b.as_json() for b in backups], ensure_ascii=False))
            return EXIT_OK
        for b in backups:
            f = b.facts
            out(
                f"{waktu(b.moment):32} {b.label:36} {angka(f.residents):>8} penduduk "
                f"{angka(f.households):>7} KK {ukuran(f.size):>10}  {b.name}"
            )
        out(f"{len(backups)} cadangan di {M.backup_folder(db)}.")
        return EXIT_OK
    if args.output is None:
        info = M.take_backup(db)
        if args.json:
            out(json.dumps(info.as_json(), ensure_ascii=False))
            return EXIT_OK
        out(
            f"Cadangan dibuat: {info.path} ({info.facts.full_name}, "
            f"{angka(info.facts.residents)} penduduk, {angka(info.facts.households)} KK, "
            f"{ukuran(info.facts.size)})."
        )
        return EXIT_OK
    target = Path(args.output).expanduser()
    probe = target / "x" if target.is_dir() else target
    password = None if M.inside_data_folder(db, probe) else _password(new=True, name=target.name)
    result = M.export_backup(db, target, password)
    if args.json:
        out(
            json.dumps(
                {"file": str(result.path), "encrypted": result.encrypted, **result.facts.as_json()},
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    locked = (
        "terkunci kata sandi; simpan kata sandinya terpisah dari flashdisk"
        if result.encrypted
        else "tanpa kata sandi, di folder data"
    )
    out(
        f"Cadangan ditulis ke {result.path} ({locked}): {result.facts.full_name}, "
        f"{angka(result.facts.residents)} penduduk, {angka(result.facts.households)} KK."
    )
    return EXIT_OK


def _comparison(check: Any) -> None:
    b, c = check.backup, check.current
    rows = [
        (
            "Desa/kelurahan",
            f"{b.full_name} ({b.kode_wilayah or '-'})",
            f"{c.full_name} ({c.kode_wilayah or '-'})",
        ),
        ("Tanggal cadangan", waktu(check.made) or "-", "-"),
        ("Penduduk", angka(b.residents), angka(c.residents)),
        ("Keluarga (KK)", angka(b.households), angka(c.households)),
        ("Perubahan terakhir", waktu(b.last_change) or "-", waktu(c.last_change) or "-"),
    ]
    locked = " (terkunci kata sandi)" if check.encrypted else ""
    out(f"Berkas cadangan: {check.source}{locked}")
    out(f"{'':20} {'Isi cadangan':40} Basis data sekarang")
    for label, mine, now in rows:
        out(f"{label:20} {mine:40} {now}")


def cmd_restore(args: argparse.Namespace) -> int:
    from jkn_desktop.services.backup import restoring as R

    db = open_db(args, write=not args.dry_run)
    source = Path(args.file).expanduser()
    password = _password(new=False, name=source.name) if R.is_encrypted(source) else None
    check = R.inspect_backup(db, source, password)
    if args.json and args.dry_run:
        out(
            json.dumps(
                {
                    "file": str(check.source),
                    "encrypted": check.encrypted,
                    "made": check.made.isoformat() if check.made else None,
                    "backup": check.backup.as_json(),
                    "current": check.current.as_json(),
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    _comparison(check)
    if args.dry_run:
        out("Uji coba: berkas cadangan utuh dan bisa dipulihkan; tidak ada yang diubah.")
        return EXIT_OK
    if not _confirmed(args, "Seluruh isi basis data diganti dengan isi cadangan ini."):
        out("Dibatalkan; tidak ada yang diubah.")
        return EXIT_OK
    result = R.restore_backup(db, source, password)
    out(
        f"Dipulihkan dalam {result.seconds:.1f} detik. Keadaan sebelumnya dicadangkan di "
        f"{result.safety.path}."
    )
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    from jkn_desktop.services.backup import undo as U

    db = open_db(args, write=not args.dry_run)
    plan = U.undo_plan(db)
    out(
        f"Langkah terakhir: {plan.step}, cadangan sebelumnya dibuat {waktu(plan.backup.moment)} "
        f"({plan.backup.name})."
    )
    if plan.lost:
        out("Yang akan hilang (tercatat di riwayat sejak cadangan itu):")
        for k in plan.lost:
            out(f"  {k.label}: {angka(k.records)} data, {angka(k.entries)} catatan")
    else:
        out("Riwayat tidak mencatat perubahan sejak cadangan itu.")
    if args.dry_run:
        out("Uji coba: tidak ada yang diubah.")
        return EXIT_OK
    if not _confirmed(args, f"Basis data dikembalikan ke keadaan sebelum {plan.step}."):
        out("Dibatalkan; tidak ada yang diubah.")
        return EXIT_OK
    result = U.undo_last_step(db, plan)
    out(
        f"Dikembalikan ke keadaan sebelum {plan.step}. Keadaan sebelum pembatalan ini "
        f"dicadangkan di {result.safety.path}."
    )
    return EXIT_OK


def step_note(info: Any) -> None:
    """After an import or a bulk action: where its backup is, and how to take the step back."""
    out(f"Cadangan sebelum langkah ini: {info.path}. Untuk membatalkannya: jkn-desktop undo")


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore, "undo": cmd_undo}
