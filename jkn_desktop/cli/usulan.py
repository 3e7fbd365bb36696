"""Command line: proposals to Dinas Sosial, the monthly workbook and the village package."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    actor,
    open_db,
    out,
    village_words,
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "export-package",
        parents=[common],
        help="paket data desa untuk kecamatan (.xlsx, ditandatangani kunci desa)",
    )
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True)
    s.add_argument("--json", action="store_true")
    s = sub.add_parser(
        "verify-package", parents=[common], help="periksa keutuhan dan tanda tangan paket desa"
    )
    s.add_argument("file", type=Path)
    s.add_argument("--json", action="store_true")

    u = sub.add_parser("usulan", parents=[common], help="usulan perubahan data PBI ke Dinas Sosial")
    usub = u.add_subparsers(dest="usulan_command", parser_class=Parser, required=True)
    s = usub.add_parser("suggest", parents=[common], help="saran usulan dari aturan kepesertaan")
    s.add_argument("--period", required=True, help="bulan usulan, TTTT-BB")
    s.add_argument("--accept", action="store_true", help="jadikan semua saran usulan draf")
    s.add_argument("--json", action="store_true")
    s = usub.add_parser("list", parents=[common], help="daftar usulan satu bulan")
    s.add_argument("--period", required=True, help="bulan usulan, TTTT-BB")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser(
        "export-dinsos", parents=[common], help="buku kerja bulanan untuk Dinas Sosial"
    )
    s.add_argument("--period", required=True, help="bulan usulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True)
    s.add_argument("--json", action="store_true")


def cmd_usulan(args: argparse.Namespace) -> int:
    if args.usulan_command == "suggest":
        return _suggest(args)
    from jkn_desktop.services.usulan import proposals as S

    db = open_db(args, write=False)
    period = S.check_period(args.period)
    items = db.run(S.proposals, period, user=actor(db), write=False)
    words = village_words(db)
    if args.json:
        out(
            json.dumps(
                {"period": period, "proposals": [p.as_json() for p in items]}, ensure_ascii=False
            )
        )
        return EXIT_OK
    if not items:
        out(f"Belum ada usulan untuk {args.period}.")
    for p in items:
        reason = f" ({p.reason_label})" if p.reason else ""
        out(f"  [{p.id}] {p.kind_label}{reason}: {p.nik} {p.name} — {words.status_label(p.status)}")
    return EXIT_OK


def _suggest(args: argparse.Namespace) -> int:
    """The month's suggestions, made draft proposals in the same job with ``--accept``."""
    from jkn_desktop.cli.backup import step_note
    from jkn_desktop.domain import usulan as U
    from jkn_desktop.domain.backups import BEFORE_BULK_USULAN
    from jkn_desktop.services.backup.making import before_step
    from jkn_desktop.services.usulan import suggestions as S
    from jkn_desktop.services.usulan.proposals import check_period

    db = open_db(args, write=args.accept)
    period = check_period(args.period)
    backup = before_step(db, BEFORE_BULK_USULAN) if args.accept else None
    with db.work(actor(db), write=args.accept) as work:
        found = S.suggestions(work, period)
        accepted = S.accept(work, period, found) if args.accept and found else []
    if args.json:
        out(
            json.dumps(
                {
                    "period": period,
                    "suggestions": [s.as_json() for s in found],
                    "accepted": len(accepted),
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    if not found:
        out(f"Tidak ada saran usulan baru untuk {args.period}.")
    for s in found:
        reason = f" ({U.reason_label(U.PENGHAPUSAN, s.reason)})" if s.reason else ""
        out(f"  {s.kind_label}{reason}: {s.nik} {s.name} — {s.why}")
    if accepted:
        out(f"{len(accepted)} saran dijadikan usulan draf bulan {args.period}.")
    if backup is not None and accepted:
        step_note(backup)
    return EXIT_OK


def cmd_export_dinsos(args: argparse.Namespace) -> int:
    from jkn_desktop.services.usulan.dinsos import export_dinsos

    db = open_db(args, write=False)
    r = db.run(export_dinsos, args.period, args.output, user=actor(db), write=False)
    if args.json:
        out(
            json.dumps(
                {
                    "file": str(r.path),
                    "period": r.period,
                    "proposals": r.proposals,
                    "pbi": r.pbi,
                    "joined": r.joined,
                    "left": r.left,
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    out(
        f"Buku kerja {r.period} disimpan di {r.path}: {sum(r.proposals.values())} usulan, {r.pbi} peserta "
        f"PBI, {r.joined} masuk dan {r.left} keluar daftar sejak bulan lalu."
    )
    return EXIT_OK


def cmd_export_package(args: argparse.Namespace) -> int:
    from jkn_desktop.services.usulan.package import export_package

    # a write: the village's key is made at the first package, residents get their stable id
    db = open_db(args, write=True)
    r = db.run(export_package, args.period, args.output, user=actor(db), write=True)
    if args.json:
        out(
            json.dumps(
                {
                    "file": str(r.path),
                    "period": r.period,
                    "rows": r.rows,
                    "sha256": r.sha256,
                    "fingerprint": r.fingerprint,
                }
            )
        )
        return EXIT_OK
    counts = ", ".join(f"{k} {v}" for k, v in r.rows.items())
    out(f"Paket {r.period} disimpan di {r.path} ({counts}); SHA-256 {r.sha256}.")
    out(f"Sidik kunci paket desa: {r.fingerprint}")
    return EXIT_OK


def cmd_verify_package(args: argparse.Namespace) -> int:
    from jkn_desktop.domain.formatting import waktu
    from jkn_desktop.domain.wilayah import words_for_kode
    from jkn_desktop.persistence.work import local_now
    from jkn_desktop.services.usulan.package_verify import parse_time, verify_package

    v = verify_package(args.file, local_now())
    if args.json:
        out(json.dumps(v.as_json(), ensure_ascii=False))
    elif v.ok:
        village = words_for_kode(v.kode_wilayah).of(v.desa)
        made = waktu(parse_time(v.created_at)) or v.created_at
        out(f"Paket utuh: {village} ({v.kode_wilayah}), periode {v.period}, dibuat {made}.")
        if v.signed:
            out(f"Ditandatangani desa, sidik kunci {v.fingerprint}.")
        else:
            out("Tanpa tanda tangan (format lama).")
    else:
        out(f"Paket TIDAK utuh: {v.desa or args.file.name} {v.period}".rstrip())
        for p in v.problems:
            out(f"  - {p}")
    if not v.readable:
        return EXIT_USAGE
    return EXIT_OK if v.ok else 1


COMMANDS = {
    "usulan": cmd_usulan,
    "export-dinsos": cmd_export_dinsos,
    "export-package": cmd_export_package,
    "verify-package": cmd_verify_package,
}
