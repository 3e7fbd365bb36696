"""Command line: the village's officials (kepala and perangkat desa) and their own JKN."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, Parser, actor, open_db, out, village_words
from jkn_desktop.errors import UserError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "perangkat",
        parents=[common],
        help="kepala dan perangkat desa beserta keluarganya: kepesertaan JKN masing-masing",
    )
    psub = p.add_subparsers(dest="perangkat_command", parser_class=Parser, required=True)
    s = psub.add_parser("add", parents=[common], help="catat pejabat (penduduk desa) yang menjabat")
    s.add_argument("--nik", required=True, help="NIK penduduk yang menjabat")
    s.add_argument("--jabatan", required=True, help='mis. "Sekretaris Desa", "Kepala Dusun Krajan"')
    s.add_argument(
        "--kind",
        choices=["kepala", "perangkat"],
        default=None,
        help="bawaan: kepala bila jabatannya Kepala Desa (Lurah), selain itu perangkat",
    )
    s.add_argument("--sk", default="", help="nomor SK pengangkatan")
    s.add_argument("--mulai", default=None, help="tanggal mulai menjabat, TTTT-BB-HH")
    s.add_argument("--catatan", default="")
    s.add_argument("--json", action="store_true")
    s = psub.add_parser("list", parents=[common], help="daftar pejabat, status JKN dan keluarganya")
    s.add_argument("--json", action="store_true")
    s = psub.add_parser("end", parents=[common], help="catat berhenti menjabat (riwayat tetap)")
    s.add_argument("id", type=int, help="nomor pejabat (lihat perangkat list)")
    s.add_argument("--date", default=None, help="tanggal berhenti, TTTT-BB-HH (bawaan: hari ini)")
    s.add_argument("--reason", required=True, help="mis. mengundurkan diri, purnatugas")
    s = psub.add_parser("remove", parents=[common], help="hapus catatan yang salah input")
    s.add_argument("id", type=int)
    s.add_argument("--reason", required=True)
    s = psub.add_parser("print", parents=[common], help="cetak daftar (PDF) dengan kop")
    s.add_argument("-o", "--output", type=Path, required=True)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UserError("TANGGAL", date=text) from exc


def cmd_perangkat(args: argparse.Namespace) -> int:
    handlers = {"add": _add, "list": _list, "end": _end, "remove": _remove, "print": _print}
    return handlers[args.perangkat_command](args)


def _add(args: argparse.Namespace) -> int:
    from jkn_desktop.domain.office import KEPALA, PERANGKAT
    from jkn_desktop.records.officials import OfficialInput
    from jkn_desktop.services.office import officials as S

    db = open_db(args, write=True)
    words = village_words(db)
    kind = args.kind or (
        KEPALA if args.jabatan.strip().lower() == words.head.lower() else PERANGKAT
    )
    started = _date(args.mulai)
    with db.work(actor(db)) as work:
        rid = S.resident_for_nik(work, args.nik)
        new_id = S.add_official(
            work, OfficialInput(rid, args.jabatan, kind, args.sk, started, args.catatan)
        )
        o = S.official(work, new_id)
    if args.json:
        out(json.dumps({"id": new_id}))
    else:
        out(f"[{o.id}] {o.name} dicatat sebagai {o.position}.")
    return EXIT_OK


def _family_line(f: Any, ppu: bool) -> str:
    from jkn_desktop.domain import jkn as J

    age = f" ({f.age} th)" if f.age is not None else ""
    state = f.segment_label + (f" {f.status_label.lower()}" if f.segment in J.JKN_SEGMENTS else "")
    if not f.in_family:
        verdict = "di luar keluarga PPU, belum terlindungi (tambahan 1% per orang)"
    elif f.covered:
        verdict = "ditanggung PPU pejabat" if ppu else "terlindungi"
    else:
        verdict = "BELUM TERLINDUNGI"
    return f"    {f.relation} {f.name}{age}: {state} — {verdict}"


def _list(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.domain.formatting import tanggal
    from jkn_desktop.services.office import officials as S

    db = open_db(args, write=False)
    words = village_words(db)
    with db.work(actor(db), write=False) as work:
        items = S.officials_list(work)
        offered = S.suggestions(work)
        today = work.today
    s = S.summarize(items)
    if args.json:
        doc = {
            "as_of": today.isoformat(),
            "summary": s.as_json(),
            "officials": [c.as_json() for c in items],
            "suggestions": [
                {"nik": x.nik, "name": x.name, "position": x.position} for x in offered
            ],
        }
        out(json.dumps(doc, ensure_ascii=False))
        return EXIT_OK
    out(
        f"{words.head} dan perangkat {words.lower} per {tanggal(today)}: {s.officials} pejabat, "
        f"{s.on_ppu} peserta PPU aktif, {s.not_ppu} bukan PPU aktif; keluarga dihitung {s.family} "
        f"orang ({s.family_covered} terlindungi, {s.family_uncovered} belum)."
    )
    for c in items:
        o = c.official
        state = c.segment_label + (
            f" {c.status_label.lower()}" if c.segment in J.JKN_SEGMENTS else ""
        )
        card = f", kartu {c.card_no}" if c.card_no else ""
        flag = f" — PERLU TINDAKAN: {c.next_step}" if c.flag else ""
        extra = f" — {c.next_step}" if not c.flag and c.next_step else ""
        out(f"[{o.id}] {o.position} — {o.name} ({o.nik}): {state}{card}{flag}{extra}")
        for f in (*c.family, *c.outside):
            out(_family_line(f, c.on_ppu))
        if c.family_note:
            out(f"    {c.family_note}")
    if offered:
        names = ", ".join(f"{x.name} ({x.nik})" for x in offered)
        out(f"Belum tercatat, pekerjaannya kepala/perangkat {words.lower}: {names}.")
    return EXIT_OK


def _end(args: argparse.Namespace) -> int:
    from jkn_desktop.domain.formatting import tanggal
    from jkn_desktop.services.office import officials as S

    db = open_db(args, write=True)
    with db.work(actor(db)) as work:
        ended = _date(args.date) or work.today
        S.end_official(work, args.id, ended, args.reason)
        o = S.official(work, args.id)
    out(f"{o.name} ({o.position}) tercatat berhenti menjabat per {tanggal(ended)}.")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from jkn_desktop.services.office import officials as S

    db = open_db(args, write=True)
    with db.work(actor(db)) as work:
        o = S.official(work, args.id)
        S.remove_official(work, args.id, args.reason)
    out(f"Catatan {o.name} ({o.position}) dihapus.")
    return EXIT_OK


def _print(args: argparse.Namespace) -> int:
    from jkn_desktop.records.documents import DocRequest
    from jkn_desktop.services.documents.catalog import save

    db = open_db(args, write=False)
    with db.work(actor(db), write=False) as work:
        message = save(work, DocRequest("perangkat", f"{work.today:%Y-%m}"), args.output)
    out(message)
    return EXIT_OK


COMMANDS = {"perangkat": cmd_perangkat}
