"""The command line. With no subcommand the window opens (through the hooks the ui layer passes in,
so this module never imports Qt). Exit codes: 0 success, 2 usage or input error (one Indonesian
line on stderr), 1 an unexpected error of ours (logged, never a traceback on screen)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from jkn_desktop import __version__
from jkn_desktop.domain import codes
from jkn_desktop.errors import UserError
from jkn_desktop.logsetup import setup_logging
from jkn_desktop.paths import default_db_path

log = logging.getLogger("jkn.cli")

EXIT_OK, EXIT_BUG, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class GuiHooks:
    """Provided by ui.launcher: open the window, or render every page to PNG files."""

    run_window: Callable[[Path], int]
    screenshots: Callable[[Path, Path], int]


_ARGPARSE_ID = [
    (r"the following arguments are required: (.*)", r"argumen wajib belum diisi: \1"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (\S+): invalid int value: '(.*)'", r"nilai \1 harus bilangan bulat, bukan '\2'"),
    (
        r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)",
        r"pilihan \1 '\2' tidak ada; pilih salah satu: \3",
    ),
    (r"argument (\S+): expected one argument", r"\1 perlu satu nilai"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


class _Parser(argparse.ArgumentParser):
    """argparse with one-line Indonesian errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for pattern, repl in _ARGPARSE_ID:
            if re.match(pattern, message):
                message = re.sub(pattern, repl, message)
                break
        self.exit(EXIT_USAGE, f"jkn-desktop: {message} (lihat jkn-desktop --help)\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="berkas basis data")
    p = _Parser(
        prog="jkn-desktop",
        description="JKN Desktop: data penduduk dan kepesertaan JKN desa. Tanpa perintah: buka jendela.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"JKN Desktop {__version__}")
    p.add_argument("--verbose", action="store_true", help="tulis log juga ke layar")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("init", parents=[common], help="isi identitas desa")
    s.add_argument("--kode-wilayah", required=True, help="kode Kemendagri, mis. 35.08.01.2001")
    s.add_argument("--kepala-desa", default="")
    s.add_argument("--sekretaris-desa", default="")
    s.add_argument("--operator", default="")
    for name in ("desa", "kecamatan", "kabupaten", "provinsi"):
        s.add_argument(f"--{name}", default=None, help=f"nama {name} (menimpa data wilayah)")

    s = sub.add_parser("demo", parents=[common], help="isi desa contoh (sintetis)")
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

    s = sub.add_parser("import-pbi", parents=[common], help="impor daftar PBI Dinsos / daftar BPJS")
    s.add_argument("file", type=Path)
    s.add_argument("--period", required=True, help="bulan daftar, TTTT-BB (mis. 2026-10)")
    s.add_argument("--source", choices=["dinsos", "bpjs"], default="dinsos")
    s.add_argument("--segment", choices=["pbi-apbn", "pbpu-pemda"], default="pbi-apbn",
                   help="segmen untuk baris tanpa kolom SEGMEN")  # fmt: skip
    s.add_argument("--sheet", default=None)
    s.add_argument("--dry-run", action="store_true", help="cocokkan saja, jangan tulis")
    s.add_argument("--report", type=Path, default=None, help="simpan baris bermasalah ke .xlsx")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("coverage", parents=[common], help="cakupan dan keaktifan JKN")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("uninsured", parents=[common], help="ekspor penduduk/KK belum tertanggung")
    s.add_argument("--households", action="store_true", help="per KK, bukan per orang")
    s.add_argument("-o", "--output", type=Path, required=True)

    s = sub.add_parser("check", parents=[common], help="cek kepesertaan di loket (NIK atau nama)")
    s.add_argument("text", nargs="+")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("screenshots", parents=[common], help="simpan gambar setiap halaman")
    s.add_argument("dir", type=Path)

    sub.add_parser("selftest", parents=[common], help="uji mandiri tanpa layar (untuk bundel)")
    return p


def _open(args: argparse.Namespace) -> Any:
    from jkn_desktop.services.database import open_database

    return open_database(_db_path(args))


def _db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_db_path())


def _actor(db: Any) -> str:
    from jkn_desktop.services.village import get_village

    village = get_village(db)
    return (village.operator if village else "") or "baris-perintah"


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _print_issues(issues: Sequence[Any]) -> None:
    """One line per row issue of an import, as the user finds it in the spreadsheet."""
    for issue in issues:
        tingkat = "GALAT" if issue.severity == "error" else "peringatan"
        _out(f"  baris {issue.row}, kolom {issue.column}: {tingkat} {issue.code} — {issue.message}")


def cmd_init(args: argparse.Namespace) -> int:
    from jkn_desktop.services.village import resolve_identity, save_village

    db = _open(args)
    info = resolve_identity(
        db,
        args.kode_wilayah,
        desa=args.desa,
        kecamatan=args.kecamatan,
        kabupaten=args.kabupaten,
        provinsi=args.provinsi,
        kepala_desa=args.kepala_desa,
        sekretaris_desa=args.sekretaris_desa,
        operator=args.operator,
    )
    save_village(db, info, args.operator or "baris-perintah")
    _out(
        f"Desa {info.desa}, Kecamatan {info.kecamatan}, {info.kabupaten}, {info.provinsi} "
        f"({info.kode_wilayah}) tersimpan di {db.path}."
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from jkn_desktop.services.demo import generate

    db = _open(args)
    result = generate(db, args.residents, seed=args.seed, force=args.force)
    _out(
        f"Data demo: {result.residents} penduduk dalam {result.households} KK "
        f"({result.seconds:.1f} detik)."
    )
    return EXIT_OK


def cmd_residents(args: argparse.Namespace) -> int:
    from jkn_desktop.services import residents

    db = _open(args)
    rows = residents.search(db, args.search)
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
        _out(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        lahir = r.birth_date.strftime("%d-%m-%Y") if r.birth_date else "-"
        status = codes.STATUS_DASAR.get(r.status_dasar, "?")
        _out(f"{r.nik}  {r.no_kk or '-':16}  {r.sex}  {lahir}  {status:6}  {r.name}")
    _out(f"{len(rows)} penduduk.")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from jkn_desktop.services.stats import registry_stats

    stats = registry_stats(_open(args))
    if args.json:
        _out(json.dumps(stats.as_json(), ensure_ascii=False))
        return EXIT_OK
    _out(f"Penduduk terdaftar: {stats.residents} (hidup {stats.living}), KK: {stats.households}")
    for k, v in stats.by_status.items():
        _out(f"  {k}: {v}")
    return EXIT_OK


def cmd_import_residents(args: argparse.Namespace) -> int:
    from jkn_desktop.services.regions import known_kecamatan_codes
    from jkn_desktop.services.resident_import import import_residents, save_issue_workbook

    db = _open(args)
    regions = known_kecamatan_codes(db)
    result = import_residents(
        db,
        args.file,
        sheet=args.sheet,
        dry_run=args.dry_run,
        actor=_actor(db),
        region_known=lambda code: code in regions,
    )
    if args.report is not None:
        save_issue_workbook(result, args.report)
    if args.json:
        _out(json.dumps(result.as_json(), ensure_ascii=False))
        return EXIT_OK
    verb = "akan" if args.dry_run else "telah"
    _out(
        f"{args.file.name} (lembar '{result.sheet}', judul kolom di baris {result.header_row}): "
        f"{result.rows} baris — {result.created} {verb} ditambahkan, {result.updated} {verb} diubah, "
        f"{result.unchanged} sama, {result.rejected} ditolak, {result.warnings} peringatan."
    )
    if result.unused_columns:
        _out("Kolom yang tidak dipakai: " + ", ".join(result.unused_columns))
    _print_issues(result.issues)
    if args.dry_run:
        _out("Uji coba: tidak ada yang ditulis ke basis data.")
    return EXIT_OK


def cmd_export_residents(args: argparse.Namespace) -> int:
    from jkn_desktop.exporters.residents_xlsx import export_residents

    n = export_residents(_open(args), args.output)
    _out(f"{n} penduduk diekspor ke {args.output}.")
    return EXIT_OK


def cmd_import_pbi(args: argparse.Namespace) -> int:
    from jkn_desktop.services.pbi_import import import_pbi, save_issue_workbook

    db = _open(args)
    result = import_pbi(
        db, args.file, period=args.period, source=args.source, segment=args.segment,
        sheet=args.sheet, dry_run=args.dry_run, actor=_actor(db),
    )  # fmt: skip
    if args.report is not None:
        save_issue_workbook(result, args.report)
    if args.json:
        _out(json.dumps(result.as_json(), ensure_ascii=False))
        return EXIT_OK
    verb = "akan dicatat" if args.dry_run else "dicatat"
    _out(
        f"{args.file.name} (lembar '{result.sheet}', periode {result.period}): {result.rows} baris — "
        f"{result.matched_nik} cocok lewat NIK, {result.matched_name} lewat nama dan tanggal lahir, "
        f"{result.ambiguous} perlu dipilih, {result.not_found} tidak ditemukan di desa; "
        f"{result.dropped} penduduk tidak ada lagi sejak daftar sebelumnya; "
        f"{result.observations} keadaan kepesertaan {verb}."
    )
    _print_issues(result.issues)
    for d in result.dropped_residents:
        _out(f"  tidak ada lagi di daftar: {d['nik']} {d['name']}")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.domain.formatting import angka
    from jkn_desktop.services.jkn import coverage

    cov = coverage(_open(args))
    if args.json:
        _out(json.dumps(cov.as_json(), ensure_ascii=False))
        return EXIT_OK
    t = cov.total

    def pct(x: float) -> str:
        return f"{x:.2f}".replace(".", ",") + "%"

    _out(f"Penduduk hidup: {angka(t.population)}; terdaftar JKN: {angka(t.registered)} "
         f"(cakupan {pct(t.coverage_pct)}); aktif: {angka(t.active)} (keaktifan {pct(t.active_pct)}).")  # fmt: skip
    _out(f"KK: {angka(t.households)}; seluruh anggota belum tertanggung: {angka(t.households_fully_uninsured)}; "
         f"sebagian: {angka(t.households_partly_uninsured)}.")  # fmt: skip
    for a in cov.by_dusun:
        _out(f"  {a.area or '(tanpa dusun)'}: {angka(a.population)} jiwa, cakupan {pct(a.coverage_pct)}, "
             f"keaktifan {pct(a.active_pct)}")  # fmt: skip
    for step, n in sorted(cov.steps.items(), key=lambda kv: -kv[1]):
        _out(f"  {J.STEPS.get(step, step)}: {angka(n)} orang")
    return EXIT_OK


def cmd_uninsured(args: argparse.Namespace) -> int:
    from jkn_desktop.services.kepesertaan import export_uninsured

    n = export_uninsured(_open(args), args.output, households=args.households)
    what = "KK" if args.households else "penduduk"
    _out(f"{n} {what} belum tertanggung diekspor ke {args.output}.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import codes
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.services.kepesertaan import counter_check

    text = " ".join(args.text)
    found = counter_check(_open(args), text)
    if args.json:
        _out(
            json.dumps({"query": text, "results": [r.as_json() for r in found]}, ensure_ascii=False)
        )
        return EXIT_OK
    if not found:
        _out(f"Tidak ada penduduk yang cocok dengan '{text}'.")
        return EXIT_OK
    for r in found:
        p = r.person
        active = p.segment in J.JKN_SEGMENTS and p.status == J.AKTIF
        verdict = "AKTIF" if active else "TIDAK AKTIF / BELUM TERDAFTAR"
        _out(f"{p.nik} {p.name} ({codes.STATUS_DASAR.get(p.status_dasar, '')}): {verdict} — "
             f"{J.SEGMENTS.get(p.segment, p.segment)}"
             f"{', kartu ' + p.card_no if p.card_no else ''}"
             f"{', per ' + p.as_of.strftime('%d-%m-%Y') if p.as_of else ''}"
             f"{' (' + J.SOURCES.get(p.source, p.source) + ')' if p.source else ''}")  # fmt: skip
        for m in r.household:
            if m.id != p.id:
                status = f" {m.status_label}" if m.segment in J.JKN_SEGMENTS else ""
                _out(f"    KK {p.no_kk}: {m.name} — {m.segment_label}{status}")
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    from jkn_desktop.selftest import run_selftest

    return run_selftest(getattr(args, "db", None))


def main(argv: Sequence[str] | None = None, gui: GuiHooks | None = None) -> int:
    args = _parser().parse_args(argv)
    log_path = setup_logging(args.verbose)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "init": cmd_init,
        "demo": cmd_demo,
        "residents": cmd_residents,
        "stats": cmd_stats,
        "selftest": cmd_selftest,
        "import-residents": cmd_import_residents,
        "export-residents": cmd_export_residents,
        "import-pbi": cmd_import_pbi,
        "coverage": cmd_coverage,
        "uninsured": cmd_uninsured,
        "check": cmd_check,
    }
    try:
        if args.command in handlers:
            return handlers[args.command](args)
        if gui is None:
            raise UserError("NO_GUI", "Jendela tidak tersedia di sini; jalankan lewat jkn-desktop.")
        if args.command == "screenshots":
            return gui.screenshots(_db_path(args), args.dir)
        return gui.run_window(_db_path(args))
    except UserError as exc:
        sys.stderr.write(f"jkn-desktop: {exc.message}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("jkn-desktop: dibatalkan.\n")
        return EXIT_USAGE
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        sys.stderr.write(
            "jkn-desktop: terjadi kesalahan tak terduga di aplikasi (bukan kesalahan Anda). "
            f"Rinciannya dicatat di {log_path}; kirimkan berkas itu ke pengembang.\n"
        )
        return EXIT_BUG


def today() -> dt.date:
    return dt.date.today()


if __name__ == "__main__":
    sys.exit(main())
