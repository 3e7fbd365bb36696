"""Command line: the SKTM register (surat keterangan tidak mampu) — issue, list, cancel, print."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, Parser, actor, open_db, out
from jkn_desktop.domain import office as O
from jkn_desktop.domain.formatting import angka, rupiah, tanggal
from jkn_desktop.errors import UserError

_PURPOSES = ", ".join(O.SKTM_PURPOSES)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    k = sub.add_parser("sktm", parents=[common], help="register surat keterangan tidak mampu")
    ksub = k.add_subparsers(dest="sktm_command", parser_class=Parser, required=True)
    s = ksub.add_parser("add", parents=[common], help="catat SKTM yang diterbitkan")
    s.add_argument("--nik", required=True, help="NIK penduduk yang diberi SKTM")
    s.add_argument(
        "--purpose",
        required=True,
        help=f"keperluan: {_PURPOSES} (atau satu kata dari namanya, mis. sekolah)",
    )
    s.add_argument("--number", default="", help="nomor surat (bawaan: nomor urut berikutnya)")
    s.add_argument("--date", default=None, help="tanggal surat TTTT-BB-HH (bawaan: hari ini)")
    s.add_argument(
        "--valid-until",
        dest="valid_until",
        default=None,
        help="berlaku sampai TTTT-BB-HH (bawaan: sesuai masa berlaku di Pengaturan)",
    )
    s.add_argument("--purpose-note", dest="purpose_note", default="", help="mis. nama sekolah")
    s.add_argument("--signer", default="", help="nama penandatangan (bawaan: Kepala Desa/Lurah)")
    s.add_argument("--signer-title", dest="signer_title", default="", help="jabatannya")
    s.add_argument("--notes", default="")
    s.add_argument("--json", action="store_true")

    s = ksub.add_parser("list", parents=[common], help="daftar SKTM")
    show = s.add_mutually_exclusive_group()
    show.add_argument("--month", default=None, help="yang diterbitkan pada bulan TTTT-BB")
    show.add_argument("--valid", action="store_true", help="yang masih berlaku hari ini")
    show.add_argument(
        "--uninsured",
        action="store_true",
        help="pemegang SKTM berlaku yang belum terlindungi JKN, dengan biaya iurannya",
    )
    show.add_argument("--expiring", default=None, help="yang berakhir pada bulan TTTT-BB")
    s.add_argument("--search", default="", help="nomor, nama atau NIK")
    s.add_argument(
        "-o", "--output", type=Path, default=None, help="cetak register bulan --month ke .pdf"
    )
    s.add_argument("--json", action="store_true")

    s = ksub.add_parser("cancel", parents=[common], help="batalkan SKTM (nomornya tetap terpakai)")
    s.add_argument("id", type=int, help="nomor urut (id) SKTM di register")
    s.add_argument("--reason", required=True)

    s = ksub.add_parser("print", parents=[common], help="cetak SKTM ke berkas PDF")
    s.add_argument("id", type=int, help="nomor urut (id) SKTM di register")
    s.add_argument("-o", "--output", type=Path, required=True)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError("TANGGAL", date=text) from exc


def cmd_sktm(args: argparse.Namespace) -> int:
    sub = args.sktm_command
    db = open_db(args, write=sub in ("add", "cancel"))
    if sub == "add":
        return _add(db, args)
    if sub == "list":
        return _list(db, args)
    if sub == "cancel":
        return _cancel(db, args)
    return _print(db, args)


def _add(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.records.sktm import SktmInput
    from jkn_desktop.services.office.sktm import add_sktm
    from jkn_desktop.services.office.sktm_lists import sktm_row

    inp = SktmInput(
        nik=args.nik,
        purpose=args.purpose,
        number=args.number,
        issued_on=_date(args.date),
        valid_until=_date(args.valid_until),
        purpose_note=args.purpose_note,
        signer_name=args.signer,
        signer_title=args.signer_title,
        notes=args.notes,
    )
    with db.work(actor(db)) as work:
        row = sktm_row(work, add_sktm(work, inp))
    if args.json:
        out(json.dumps(row.as_json(), ensure_ascii=False))
    else:
        out(
            f"SKTM {row.number} dicatat (id {row.id}): {row.name}, {row.purpose_label}, "
            f"tanggal {tanggal(row.issued_on)}, berlaku sampai {tanggal(row.valid_until)}; "
            f"ditandatangani {row.signer_name} ({row.signer_title})."
        )
    return EXIT_OK


def _filter(args: argparse.Namespace) -> Any:
    from jkn_desktop.records import sktm as S

    if args.month:
        return S.SktmFilter(S.SHOW_ISSUED, args.month, args.search)
    if args.expiring:
        return S.SktmFilter(S.SHOW_EXPIRING, args.expiring, args.search)
    if args.uninsured:
        return S.SktmFilter(S.SHOW_UNINSURED, search=args.search)
    if args.valid:
        return S.SktmFilter(S.SHOW_VALID, search=args.search)
    return S.SktmFilter(search=args.search)


def _list(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.office.sktm import month_counts
    from jkn_desktop.services.office.sktm_lists import sktm_list, summary, this_month
    from jkn_desktop.services.office.sktm_print import export_register

    flt = _filter(args)
    if args.output is not None:
        period = args.month or db.run(lambda w: this_month(w.today), write=False)
        n = db.run(export_register, period, args.output, user=actor(db), write=False)
        out(f"Register SKTM bulan {period} ({angka(n)} SKTM) disimpan di {args.output}.")
        return EXIT_OK
    rows = db.run(sktm_list, flt, write=False)
    counts = db.run(month_counts, args.month, write=False) if args.month else None
    totals = db.run(summary, write=False) if args.uninsured else None
    if args.json:
        data: dict[str, Any] = {"sktm": [r.as_json() for r in rows]}
        if counts is not None:
            data["month"] = counts.as_json()
        if totals is not None:
            data["monthly_cost"] = totals.monthly_cost
            data["cost_to_year_end"] = totals.cost_to_year_end
            data["rate"] = totals.rate
        out(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        out(
            f"[{r.id}] {r.number}  {tanggal(r.issued_on)}  {r.name} ({r.nik})  "
            f"{r.purpose_label}  s.d. {tanggal(r.valid_until)}  {r.state_label}  JKN: {r.jkn_label}"
        )
    out(f"{angka(len(rows))} SKTM.")
    if counts is not None:
        out(
            f"Bulan {counts.period}: {angka(counts.issued)} diterbitkan, {angka(counts.cancelled)} "
            f"dibatalkan, {angka(counts.expiring)} berakhir; {angka(counts.valid_at_end)} berlaku di "
            f"akhir bulan; {angka(counts.holders_uninsured)} pemegang belum terlindungi JKN."
        )
    if totals is not None:
        out(
            f"{angka(totals.holders_uninsured)} pemegang SKTM belum terlindungi JKN: iurannya "
            f"{rupiah(totals.monthly_cost)} per bulan ({rupiah(totals.rate)} per orang), "
            f"{_rest_of_year(totals)}."
        )
    return EXIT_OK


def _rest_of_year(totals: Any) -> str:
    from jkn_desktop.services.office.sktm_lists import months_label

    months = months_label(totals.from_month)
    if months:
        return f"{rupiah(totals.cost_to_year_end)} untuk {months}"
    return f"{rupiah(totals.cost_next_year)} untuk setahun anggaran berikutnya"


def _cancel(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.office.sktm import cancel_sktm
    from jkn_desktop.services.office.sktm_lists import sktm_row

    with db.work(actor(db)) as work:
        cancel_sktm(work, args.id, args.reason)
        row = sktm_row(work, args.id)
    out(f"SKTM {row.number} ({row.name}) dibatalkan per {tanggal(row.cancelled_on)}.")
    return EXIT_OK


def _print(db: Any, args: argparse.Namespace) -> int:
    from jkn_desktop.services.office.sktm_print import export_letter

    letter = db.run(export_letter, args.id, args.output, user=actor(db), write=False)
    out(f"SKTM {letter.sktm.number} ({letter.sktm.name}) disimpan di {args.output}.")
    return EXIT_OK


COMMANDS = {"sktm": cmd_sktm}
