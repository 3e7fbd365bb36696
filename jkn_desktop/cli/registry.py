"""Command line: the village identity, residents, the demo village."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli.common import (
    EXIT_OK,
    actor,
    open_db,
    out,
    print_issues,
)
from jkn_desktop.domain import codes


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("init", parents=[common], help="isi identitas desa atau kelurahan")
    s.add_argument(
        "--kode-wilayah",
        required=True,
        help="kode Kemendagri, mis. 35.08.01.2001 (blok desa berawalan 1: kelurahan)",
    )
    s.add_argument("--kepala-desa", default="", help="nama Kepala Desa (di kelurahan: Lurah)")
    s.add_argument(
        "--sekretaris-desa",
        default="",
        help="nama Sekretaris Desa (di kelurahan: Sekretaris Kelurahan)",
    )
    s.add_argument("--operator", default="")
    for name in ("desa", "kecamatan", "kabupaten", "provinsi"):
        what = "desa atau kelurahan" if name == "desa" else name
        s.add_argument(f"--{name}", default=None, help=f"nama {what} (menimpa data wilayah)")

    s = sub.add_parser("demo", parents=[common], help="isi penduduk contoh (sintetis)")
    s.add_argument("--residents", type=int, required=True)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--force", action="store_true", help="ganti data yang ada (dicadangkan dulu)")

    s = sub.add_parser("residents", parents=[common], help="daftar penduduk")
    s.add_argument("--search", default="", help="nama, atau awalan NIK / No. KK")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("stats", parents=[common], help="ringkasan jumlah penduduk")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("import-residents", parents=[common], help="impor penduduk dari berkas")
    s.add_argument("file", type=Path)
    s.add_argument(
        "--sheet", default=None, help="nama lembar (bawaan: yang pertama berjudul kolom)"
    )
    s.add_argument("--dry-run", action="store_true", help="periksa saja, jangan tulis")
    s.add_argument("--report", type=Path, default=None, help="simpan baris bermasalah ke .xlsx")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("export-residents", parents=[common], help="ekspor penduduk ke .xlsx")
    s.add_argument("-o", "--output", type=Path, required=True)


def cmd_init(args: argparse.Namespace) -> int:
    from jkn_desktop.services.registry.village import set_identity

    db = open_db(args, write=True)
    info = db.run(
        set_identity,
        args.kode_wilayah,
        desa=args.desa,
        kecamatan=args.kecamatan,
        kabupaten=args.kabupaten,
        provinsi=args.provinsi,
        kepala_desa=args.kepala_desa,
        sekretaris_desa=args.sekretaris_desa,
        operator=args.operator,
        user=args.operator or "baris-perintah",
    )
    out(
        f"{info.full_name}, Kecamatan {info.kecamatan}, {info.kabupaten}, {info.provinsi} "
        f"({info.kode_wilayah}) tersimpan di {db.location}."
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from jkn_desktop.demo.village import generate

    db = open_db(args, write=True)
    result = generate(db, args.residents, seed=args.seed, force=args.force)
    out(
        f"Data demo: {result.residents} penduduk dalam {result.households} KK "
        f"({result.seconds:.1f} detik)."
    )
    return EXIT_OK


def cmd_residents(args: argparse.Namespace) -> int:
    from jkn_desktop.services.registry.resident_search import search

    db = open_db(args, write=False)
    rows = db.run(search, args.search, write=False)
    if args.json:
        data = [
            {
                "nik": r.nik,
                "no_kk": r.no_kk,
                "name": r.name,
                "sex": r.sex,
                "birth_place": r.birth_place,
                "birth_date": r.birth_date.isoformat() if r.birth_date else None,
                "shdk": codes.shdk().label(r.shdk) if r.shdk else None,
                "status_dasar": codes.STATUS_DASAR.get(r.status_dasar, str(r.status_dasar)),
                "dusun": r.dusun,
                "rw": r.rw,
                "rt": r.rt,
            }
            for r in rows
        ]
        out(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        lahir = r.birth_date.strftime("%d-%m-%Y") if r.birth_date else "-"
        status = codes.STATUS_DASAR.get(r.status_dasar, "?")
        out(f"{r.nik}  {r.no_kk or '-':16}  {r.sex}  {lahir}  {status:6}  {r.name}")
    out(f"{len(rows)} penduduk.")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from jkn_desktop.services.registry.stats import registry_stats

    stats = open_db(args, write=False).run(registry_stats, write=False)
    if args.json:
        out(json.dumps(stats.as_json(), ensure_ascii=False))
        return EXIT_OK
    out(f"Penduduk terdaftar: {stats.residents} (hidup {stats.living}), KK: {stats.households}")
    for k, v in stats.by_status.items():
        out(f"  {k}: {v}")
    return EXIT_OK


def cmd_import_residents(args: argparse.Namespace) -> int:
    from jkn_desktop.cli.backup import step_note
    from jkn_desktop.domain.backups import BEFORE_RESIDENT_IMPORT
    from jkn_desktop.services.backup.making import before_step
    from jkn_desktop.services.registry.regions import known_kecamatan_codes
    from jkn_desktop.services.registry.resident_import import import_residents, save_issue_workbook

    db = open_db(args, write=not args.dry_run)
    regions = db.run(known_kecamatan_codes, write=False)
    backup = None if args.dry_run else before_step(db, BEFORE_RESIDENT_IMPORT)
    result = db.run(
        import_residents,
        args.file,
        sheet=args.sheet,
        dry_run=args.dry_run,
        region_known=lambda code: code in regions,
        user=actor(db),
        write=not args.dry_run,
    )
    if args.report is not None:
        save_issue_workbook(result, args.report)
    if args.json:
        out(json.dumps(result.as_json(), ensure_ascii=False))
        return EXIT_OK
    verb = "akan" if args.dry_run else "telah"
    out(
        f"{args.file.name} (lembar '{result.sheet}', judul kolom di baris {result.header_row}): "
        f"{result.rows} baris — {result.created} {verb} ditambahkan, {result.updated} {verb} diubah, "
        f"{result.unchanged} sama, {result.rejected} ditolak, {result.warnings} peringatan."
    )
    if result.unused_columns:
        out("Kolom yang tidak dipakai: " + ", ".join(result.unused_columns))
    print_issues(result.issues)
    if args.dry_run:
        out("Uji coba: tidak ada yang ditulis ke basis data.")
    if backup is not None:
        step_note(backup)
    return EXIT_OK


def cmd_export_residents(args: argparse.Namespace) -> int:
    from jkn_desktop.services.registry.resident_export import export_residents

    db = open_db(args, write=False)
    n = db.run(export_residents, args.output, user=actor(db), write=False)
    out(f"{n} penduduk diekspor ke {args.output}.")
    return EXIT_OK


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "residents": cmd_residents,
    "stats": cmd_stats,
    "import-residents": cmd_import_residents,
    "export-residents": cmd_export_residents,
}
