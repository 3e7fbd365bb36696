"""Command line: receiving packages, the list of packages, returning one, the submission matrix.

``kecamatan receive`` exits 0 when every package was taken in (or had been already), 1 when some
were refused (the others are still taken in), 2 on a usage error."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, open_db, out

EXIT_REFUSED = 1


def register(ksub: Any, common: argparse.ArgumentParser) -> None:
    s = ksub.add_parser(
        "receive", parents=[common], help="terima paket desa (berkas .xlsx atau folder)"
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
        help="ganti kunci terdaftar desa dengan kunci paket ini, dengan alasan (mis. laptop "
        "desa diganti)",
    )
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser("packages", parents=[common], help="daftar paket yang sudah diterima")
    s.add_argument("--period", default=None, help="bulan TTTT-BB")
    s.add_argument("--desa", default=None, help="kode desa")
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser("return", parents=[common], help="kembalikan paket ke desa dengan catatan")
    s.add_argument("package_id", type=int, metavar="NOMOR_PAKET")
    s.add_argument("--catatan", required=True, help="apa yang harus diperbaiki desa")
    s = ksub.add_parser("matrix", parents=[common], help="matriks pengiriman paket setahun")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--json", action="store_true")
    s = ksub.add_parser(
        "forward",
        parents=[common],
        help="kirim paket desa sebulan ke kabupaten (berkas .zip atau folder, tanda tangan desa "
        "utuh)",
    )
    s.add_argument("--period", required=True, help="bulan TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True, help="berkas .zip atau folder")
    s = ksub.add_parser("deadline", parents=[common], help="batas kirim: tanggal bulan berikutnya")
    s.add_argument("day", type=int, metavar="TANGGAL")


def _user(db: Any) -> str:
    from jkn_desktop.cli.kecamatan import actor_or_cli

    return actor_or_cli(db)


def _receive(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.kecamatan.identity import require_kecamatan

    db = open_db(args, write=True)
    db.run(require_kecamatan, write=False)
    report = receive_files(
        db,
        args.paths,
        user=_user(db),
        register_new_keys=args.daftarkan_kunci,
        reregister_reason=args.daftar_ulang_kunci,
    )
    if args.json:
        out(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for r in report.received:
            if r.already:
                out(f"{r.file}: sudah diterima sebelumnya (desa {r.village}, {r.period}).")
                continue
            what = "menggantikan paket sebelumnya" if r.replaced else "diterima"
            if r.superseded:
                what = "disimpan sebagai versi lama (sudah ada paket yang lebih baru)"
            sign = f"sidik kunci {r.fingerprint}" if r.signed else "tanpa tanda tangan"
            out(f"{r.file}: desa {r.village}, {r.period}: {r.rows} baris, {what} ({sign}).")
        for f in report.refused:
            out(f"DITOLAK {f.message}")
        new = sum(1 for r in report.received if not r.already)
        again = len(report.received) - new
        tail = f", {again} sudah diterima sebelumnya" if again else ""
        out(f"{new} paket diterima{tail}, {len(report.refused)} ditolak.")
    return EXIT_REFUSED if report.refused else EXIT_OK


def _packages(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.identity import require_kecamatan
    from jkn_desktop.services.kecamatan.packages import packages
    from jkn_desktop.services.kecamatan.receive import made_label

    db = open_db(args, write=False)
    db.run(require_kecamatan, write=False)
    rows = db.run(packages, period=args.period, kode_wilayah=args.desa, write=False)
    if args.json:
        out(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        state = "berlaku" if r.state == "current" else "diganti"
        sign = f"kunci {r.fingerprint}" if r.signed else "tanpa tanda tangan"
        back = f"; dikembalikan: {r.returned_note}" if r.returned_note else ""
        out(
            f"[{r.id}] {r.period}  {r.village}  dibuat {made_label(r.made_at)}  {r.rows} baris  "
            f"{state}  {sign}{back}"
        )
    if not rows:
        out("Belum ada paket yang diterima.")
    return EXIT_OK


def _return(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.matrix import return_package

    db = open_db(args, write=True)
    db.run(return_package, args.package_id, args.catatan, user=_user(db))
    out(f"Paket {args.package_id} dicatat dikembalikan ke desa.")
    return EXIT_OK


def _matrix(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.matrix import STATE_WORDS, submission_matrix

    db = open_db(args, write=False)
    m = db.run(submission_matrix, args.year, write=False)
    if args.json:
        out(json.dumps(m.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    shown = [i for i in range(12) if any(m.cells[v.kode_wilayah][i].state for v in m.villages)]
    if shown:
        out(f"{'':<28} " + " | ".join(f"{m.months[i].period:<13}" for i in shown))
    for v in m.villages:
        cells = m.cells[v.kode_wilayah]
        states = [f"{STATE_WORDS[cells[i].state] or '-':<13}" for i in shown]
        out(f"{v.full_name:<28} " + " | ".join(states))
    for c in m.months:
        waiting = c.expected - c.received - c.missing if c.deadline >= dt.date.today() else 0
        if c.received or c.missing:
            out(
                f"{c.period}: {c.received} dari {c.expected} desa mengirim "
                f"({c.reporting_rate:.1f}%), {c.on_time} tepat waktu, {c.late} terlambat, "
                f"{c.missing} belum" + (f", {waiting} menunggu batas kirim." if waiting else ".")
            )
    return EXIT_OK


def _deadline(args: argparse.Namespace) -> int:
    from jkn_desktop.errors import UserError
    from jkn_desktop.services.settings import set_setting

    if not 1 <= args.day <= 28:
        raise UserError("KEC_BATAS_HARI")
    db = open_db(args, write=True)
    db.run(set_setting, "kec_deadline_day", args.day, user=_user(db))
    out(f"Batas kirim paket: tanggal {args.day} bulan berikutnya.")
    return EXIT_OK


def _forward(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kecamatan.forward import forward_month

    db = open_db(args, write=False)
    r = db.run(forward_month, args.period, args.output, user=_user(db), write=False)
    out(
        f"Kiriman ke kabupaten bulan {r.period} disimpan di {r.target}: {len(r.files)} paket desa "
        "(NIK lengkap: kirimkan dengan hati-hati)."
    )
    if r.not_kept:
        out(
            "Tidak disertakan, karena diterima sebelum berkas paket disimpan (minta desa mengirim "
            f"langsung ke kabupaten): {', '.join(r.not_kept)}."
        )
    return EXIT_OK


HANDLERS = {
    "forward": _forward,
    "receive": _receive,
    "packages": _packages,
    "return": _return,
    "matrix": _matrix,
    "deadline": _deadline,
}
