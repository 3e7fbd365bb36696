"""Command line: the audit trail (``jkn-desktop audit list|export|verify``), for the Admin and the
Kepala Desa (``perm.AUDIT``; anyone else is refused, exit 2).

``audit verify`` exits 0 when the chain holds, 1 when it is broken (naming the first entry that
does not hold), 2 when the trail cannot be read."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, Parser, actor, open_db, out
from jkn_desktop.domain.audit_words import ACTION_KINDS

EXIT_BROKEN = 1
_PAGE = 2000


def _filters(s: argparse.ArgumentParser) -> None:
    # --user is the login (every command has it): the person filtered by is --by
    s.add_argument("--by", default="", help="hanya tindakan orang ini (nama pengguna)")
    s.add_argument("--from", dest="start", default="", help="mulai tanggal, TTTT-BB-HH")
    s.add_argument("--to", dest="end", default="", help="sampai tanggal, TTTT-BB-HH (termasuk)")
    s.add_argument(
        "--action",
        default="",
        help="jenis tindakan: " + ", ".join(k.replace(" ", "-") for k in ACTION_KINDS),
    )
    s.add_argument("--record", default="", help="NIK, No. KK, nama pengguna atau periode")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    a = sub.add_parser(
        "audit", parents=[common], help="jejak audit: siapa melakukan apa (Admin, Kepala Desa)"
    )
    asub = a.add_subparsers(dest="audit_command", parser_class=Parser, required=True)
    s = asub.add_parser("list", parents=[common], help="daftar catatan, terbaru dulu")
    _filters(s)
    s.add_argument("--limit", type=int, default=0, help="paling banyak sekian catatan (0: semua)")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser("export", parents=[common], help="ekspor catatan ke Excel (.xlsx)")
    _filters(s)
    s.add_argument("-o", "--output", type=Path, required=True)
    s = asub.add_parser("verify", parents=[common], help="periksa rantai hash jejak audit")
    s.add_argument("--json", action="store_true")


def _wanted(args: argparse.Namespace) -> Any:
    from jkn_desktop.records.audit import AuditFilter
    from jkn_desktop.services.audit_trail import parse_day

    return AuditFilter(
        user=args.by,
        start=parse_day(args.start),
        end=parse_day(args.end),
        action=args.action.replace("-", " ").replace("_", " "),
        record=args.record,
    )


def _as_json(r: Any) -> dict[str, object]:
    return {
        "id": r.id,
        "at": r.at.isoformat(),
        "user": r.actor,
        "action": r.action,
        "action_text": r.action_word,
        "entity": r.entity,
        "record": r.entity_key,
        "record_text": r.record_text,
        "field": r.field,
        "field_label": r.field_label,
        "old": r.old_value,
        "new": r.new_value,
        "old_text": r.old_text,
        "new_text": r.new_text,
        "reason": r.reason,
    }


def _list(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services import audit_trail as T

    flt = _wanted(args)
    with db.work(actor(db), write=False) as work:
        ids = T.query_ids(work, flt)
        if args.limit > 0:
            ids = ids[: args.limit]
        rows = [
            r
            for start in range(0, len(ids), _PAGE)
            for r in T.fetch_rows(work, ids[start : start + _PAGE])
        ]
    if args.json:
        out(json.dumps([_as_json(r) for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        out("\t".join(T.cells(r)))
    if not rows:
        out("Tidak ada catatan yang cocok.")
    return EXIT_OK


def _verify(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.audit_trail import verify_chain

    report = db.run(verify_chain, user=actor(db), write=False)
    if args.json:
        out(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        out(report.summary())
    return EXIT_OK if report.ok else EXIT_BROKEN


def cmd_audit(args: argparse.Namespace) -> int:
    from jkn_desktop.services.audit_trail import export_audit

    db = open_db(args, write=False)  # reads; an export's own entry is written beside a window
    command = args.audit_command
    if command == "list":
        return _list(db, args)
    if command == "verify":
        return _verify(db, args)
    n = db.run(export_audit, _wanted(args), args.output, user=actor(db), write=False)
    out(f"{n} catatan jejak audit diekspor ke {args.output}.")
    return EXIT_OK


COMMANDS = {"audit": cmd_audit}
