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
from typing import TYPE_CHECKING, Any, NoReturn

from jkn_desktop import __version__
from jkn_desktop.domain import codes
from jkn_desktop.errors import UserError
from jkn_desktop.logsetup import setup_logging
from jkn_desktop.paths import default_db_path

if TYPE_CHECKING:
    from jkn_desktop.domain.wilayah import VillageWords

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
        description="JKN Desktop: data penduduk dan kepesertaan JKN desa atau kelurahan. Tanpa perintah: buka jendela.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"JKN Desktop {__version__}")
    p.add_argument("--verbose", action="store_true", help="tulis log juga ke layar")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("init", parents=[common], help="isi identitas desa atau kelurahan")
    s.add_argument("--kode-wilayah", required=True,
                   help="kode Kemendagri, mis. 35.08.01.2001 (blok desa berawalan 1: kelurahan)")  # fmt: skip
    s.add_argument("--kepala-desa", default="", help="nama Kepala Desa (di kelurahan: Lurah)")
    s.add_argument("--sekretaris-desa", default="",
                   help="nama Sekretaris Desa (di kelurahan: Sekretaris Kelurahan)")  # fmt: skip
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

    s = sub.add_parser("import-pbi", parents=[common], help="impor daftar PBI Dinsos / daftar BPJS")
    s.add_argument("file", type=Path)
    s.add_argument("--period", default=None,
                   help="bulan daftar, TTTT-BB (mis. 2026-10); bila kosong, diambil dari judul atau nama berkas")  # fmt: skip
    s.add_argument("--force-period", action="store_true",
                   help="catat untuk --period walau berkas menyebut bulan lain")  # fmt: skip
    s.add_argument("--accept-short", action="store_true",
                   help="catat walau daftar jauh lebih pendek dari daftar sebelumnya")  # fmt: skip
    s.add_argument("--source", choices=["dinsos", "bpjs"], default="dinsos")
    s.add_argument("--segment", choices=["pbi-apbn", "pbpu-pemda"], default="pbi-apbn",
                   help="segmen untuk baris tanpa kolom SEGMEN")  # fmt: skip
    s.add_argument("--sheet", default=None)
    s.add_argument("--dry-run", action="store_true", help="cocokkan saja, jangan tulis")
    s.add_argument("--report", type=Path, default=None, help="simpan baris bermasalah ke .xlsx")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("coverage", parents=[common], help="cakupan dan keaktifan JKN")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("step-list", parents=[common],
                       help="ekspor orang dengan satu langkah berikutnya (mis. cek_ppu untuk pemberi kerja/Disnaker)")  # fmt: skip
    s.add_argument("--step", required=True, help="kode langkah, mis. cek_ppu, lapor_bpjs, daftar_ppu")
    s.add_argument("-o", "--output", type=Path, required=True)

    s = sub.add_parser("uninsured", parents=[common], help="ekspor penduduk/KK belum tertanggung")
    s.add_argument("--households", action="store_true", help="per KK, bukan per orang")
    s.add_argument("-o", "--output", type=Path, required=True)

    s = sub.add_parser("check", parents=[common], help="cek kepesertaan di loket (NIK atau nama)")
    s.add_argument("text", nargs="+")
    s.add_argument("--json", action="store_true")

    _apbdes_parser(sub, common)

    s = sub.add_parser(
        "export-package", parents=[common], help="paket data desa untuk kecamatan (.xlsx)"
    )
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True)
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("verify-package", parents=[common], help="periksa keutuhan paket desa")
    s.add_argument("file", type=Path)
    s.add_argument("--json", action="store_true")

    u = sub.add_parser("usulan", parents=[common], help="usulan perubahan data PBI ke Dinas Sosial")
    usub = u.add_subparsers(dest="usulan_command", parser_class=_Parser, required=True)
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

    s = sub.add_parser(
        "roster", parents=[common], help="cetak daftar (PDF) dengan kop dan tanda tangan"
    )
    s.add_argument("--period", required=True, help="bulan, TTTT-BB")
    s.add_argument("-o", "--output", type=Path, required=True)
    s.add_argument("--kind", choices=["pbi", "belum", "semua", "usulan"], default="pbi",
                   help="pbi: peserta PBI JK; belum: KK dengan anggota belum terlindungi; semua: seluruh penduduk; usulan: usulan bulan itu")  # fmt: skip
    s.add_argument("--mask-nik", action=argparse.BooleanOptionalAction, default=None,
                   help="samarkan NIK dan No. KK (bawaan: ya untuk daftar yang diumumkan)")  # fmt: skip
    s.add_argument("--portrait", action="store_true", help="A4 tegak (bawaan: mendatar)")

    s = sub.add_parser("screenshots", parents=[common], help="simpan gambar setiap halaman")
    s.add_argument("dir", type=Path)

    sub.add_parser("selftest", parents=[common], help="uji mandiri tanpa layar (untuk bundel)")
    return p


def _rupiah_arg(text: str) -> int:
    """Whole rupiah as typed: 3911040000, 3.911.040.000 or Rp3.911.040.000 (no decimals)."""
    cleaned = (
        re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE)
        .replace(".", "")
        .replace(" ", "")
    )
    if cleaned.endswith(",00"):
        cleaned = cleaned[:-3]
    if not re.fullmatch(r"\d+", cleaned):
        raise argparse.ArgumentTypeError(f"'{text}' bukan jumlah rupiah bulat (contoh: 3911040000)")
    return int(cleaned)


def _apbdes_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    a = sub.add_parser(
        "apbdes", parents=[common], help="iuran JKN yang dibayar dari APBDes (hanya desa)"
    )
    asub = a.add_subparsers(dest="apbdes_command", parser_class=_Parser, required=True)
    s = asub.add_parser("capacity", parents=[common], help="berapa orang lagi yang bisa ditanggung")
    s.add_argument("--remaining", type=_rupiah_arg, required=True, help="sisa anggaran (rupiah)")
    s.add_argument("--months", type=int, required=True, help="jumlah bulan yang ditanggung")
    s.add_argument("--rate", type=_rupiah_arg, default=None,
                   help="iuran per orang per bulan (bawaan: tarif PBPU/BP Pemda kelas 3 yang berlaku)")  # fmt: skip
    s.add_argument("--json", action="store_true")
    s = asub.add_parser("add-line", parents=[common], help="tambah baris anggaran iuran")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--kegiatan", required=True, help="kode kegiatan, mis. 02.02.96")
    s.add_argument("--rekening", required=True, help="kode rekening, mis. 5.2.7")
    s.add_argument("--sumber", required=True, help="kode sumber dana, mis. ADD")
    s.add_argument("--pagu", type=_rupiah_arg, required=True)
    s.add_argument("--rate", type=_rupiah_arg, default=None,
                   help="tarif khusus per orang per bulan (bawaan: PBPU/BP Pemda kelas 3 sesuai tabel tarif)")  # fmt: skip
    s.add_argument("--notes", default="")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser(
        "add-beneficiary", parents=[common], help="tambah penerima ke baris anggaran"
    )
    s.add_argument("--line", type=int, required=True, help="nomor (id) baris anggaran")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--nik")
    who.add_argument("--no-kk", dest="no_kk", help="semua anggota KK yang masih hidup")
    s.add_argument("--from", dest="start", required=True, help="bulan mulai, TTTT-BB")
    s.add_argument("--to", dest="end", required=True, help="bulan akhir, TTTT-BB")
    s.add_argument("--force", action="store_true",
                   help="tetap tambahkan meski ada peringatan (dicatat di riwayat)")  # fmt: skip
    s.add_argument("--notes", default="")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser(
        "add-payment", parents=[common], help="catat pembayaran (realisasi) satu bulan"
    )
    s.add_argument("--line", type=int, required=True)
    s.add_argument("--month", required=True, help="bulan yang dibayar, TTTT-BB")
    s.add_argument("--amount", type=_rupiah_arg, required=True)
    s.add_argument(
        "--date", dest="paid_on", default=None, help="tanggal bayar TTTT-BB-HH (bawaan: hari ini)"
    )
    s.add_argument("--reference", default="", help="nomor SPP atau tagihan")
    s.add_argument("--json", action="store_true")
    s = asub.add_parser("report", parents=[common], help="laporan iuran APBDes setahun")
    s.add_argument("--year", type=int, required=True)
    s.add_argument("-o", "--output", type=Path, default=None, help="simpan sebagai .pdf atau .xlsx")
    s.add_argument("--json", action="store_true")


def _open(args: argparse.Namespace) -> Any:
    """The database, checked by SQLite first (``quick_check``): a damaged file is still read — with
    one warning line — but never written (imports, demo and every change are refused, exit 2)."""
    from jkn_desktop.persistence.migrate import damaged_message
    from jkn_desktop.services.database import open_database

    db = open_database(_db_path(args))
    if db.check():
        print("Peringatan: " + damaged_message(db.path), file=sys.stderr)
    return db


def _db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_db_path())


def _words(db: Any) -> VillageWords:
    """The village's words (Desa or Kelurahan …); a desa's while no identity is saved."""
    from jkn_desktop.domain.wilayah import DESA_WORDS
    from jkn_desktop.services.village import get_village

    village = get_village(db)
    return village.words if village else DESA_WORDS


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
        f"{info.full_name}, Kecamatan {info.kecamatan}, {info.kabupaten}, {info.provinsi} "
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
    from jkn_desktop.services.pbi_import import bulan_tahun, import_pbi, save_issue_workbook

    db = _open(args)
    result = import_pbi(
        db, args.file, period=args.period, source=args.source, segment=args.segment,
        sheet=args.sheet, dry_run=args.dry_run, force_period=args.force_period,
        accept_short=args.accept_short, actor=_actor(db),
    )  # fmt: skip
    if args.report is not None:
        save_issue_workbook(result, args.report)
    if args.json:
        _out(json.dumps(result.as_json(), ensure_ascii=False))
        return EXIT_OK
    verb = "akan dicatat" if args.dry_run else "dicatat"
    _out(
        f"{args.file.name} (lembar '{result.sheet}', daftar bulan {bulan_tahun(result.period)}): {result.rows} baris — "
        f"{result.matched_nik} cocok lewat NIK, {result.matched_name} lewat nama dan tanggal lahir, "
        f"{result.ambiguous} perlu dipilih, {result.not_found} tidak ditemukan di {_words(db).lower}; "
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


def cmd_step_list(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.services.kepesertaan import export_step

    n = export_step(_open(args), args.output, args.step)
    _out(f"{n} orang dengan langkah “{J.STEPS[args.step]}” diekspor ke {args.output}.")
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
    db = _open(args)
    found = counter_check(db, text)
    words = _words(db)
    if args.json:
        _out(
            json.dumps({"query": text, "results": [r.as_json() for r in found]}, ensure_ascii=False)
        )
        return EXIT_OK
    if not found:
        _out(f"Tidak ada penduduk yang cocok dengan '{text}'.")
        return EXIT_OK
    from jkn_desktop.domain.formatting import rupiah, tanggal

    for r in found:
        p = r.person
        active = p.segment in J.JKN_SEGMENTS and p.status == J.AKTIF
        verdict = "AKTIF" if active else "TIDAK AKTIF / BELUM TERDAFTAR"
        _out(f"{p.nik} {p.name} ({codes.STATUS_DASAR.get(p.status_dasar, '')}): {verdict} — "
             f"{J.SEGMENTS.get(p.segment, p.segment)}"
             f"{', kartu ' + p.card_no if p.card_no else ''}"
             f"{', per ' + tanggal(p.as_of) if p.as_of else ', tanggal tidak diketahui' if p.source else ''}"
             f"{' (' + words.source_label(p.source) + ')' if p.source else ''}")  # fmt: skip
        if p.reason and p.uninsured:
            _out(f"    Alasan: {J.REASONS.get(p.reason, p.reason)}")
        if p.step:
            _out(f"    Langkah berikutnya: {J.STEPS.get(p.step, p.step)} ({J.STEP_BASIS.get(p.step, '')})")
        for w in r.warnings:
            _out(f"    Perhatian: {w.message}")
        for m in r.household:
            if m.id != p.id:
                status = f" {m.status_label}" if m.segment in J.JKN_SEGMENTS else ""
                outside = f" — {J.NOT_COVERED_BY_PPU_LABEL}" if m.id in r.outside_ppu else ""
                _out(f"    KK {p.no_kk}: {m.name} — {m.segment_label}{status}{outside}")
        if r.mandiri_cost:
            _out(f"    Bila anggota KK yang belum tertanggung didaftarkan PBPU mandiri kelas 3: "
                 f"{rupiah(r.mandiri_cost)} sebulan.")  # fmt: skip
    return EXIT_OK


def _month_of_year(text: str, year: int | None = None) -> tuple[int, int]:
    from jkn_desktop.domain.apbdes import parse_period

    try:
        y, m = parse_period(text)
    except ValueError as exc:
        raise UserError("BULAN", str(exc)) from exc
    if year is not None and y != year:
        raise UserError("BULAN", f"Bulan {text} bukan di tahun anggaran baris ini ({year}).")
    return y, m


def _refuse_kelurahan(db: Any) -> None:
    """A kelurahan has no APBDes: every apbdes command stops here with the reason."""
    from jkn_desktop.domain.wilayah import no_apbdes_message
    from jkn_desktop.services.village import get_village

    village = get_village(db)
    if village is not None and not village.words.has_apbdes:
        raise UserError("TANPA_APBDES", no_apbdes_message(village.full_name))


def cmd_apbdes(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import apbdes as A
    from jkn_desktop.domain.formatting import angka, rupiah
    from jkn_desktop.services import apbdes as S

    sub = args.apbdes_command
    if _db_path(args).exists():  # capacity with --rate needs no database: none is made for it
        _refuse_kelurahan(_open(args))
    if sub == "capacity":
        if args.months < 1 or args.months > 12:
            raise UserError("BULAN", "--months harus antara 1 dan 12.")
        rate = args.rate if args.rate is not None else S.current_rate(_open(args))
        if rate <= 0:
            raise UserError("TARIF_NOL", "--rate harus lebih dari 0.")
        data = S.capacity_json(args.remaining, args.months, rate)
        if args.json:
            _out(json.dumps(data, ensure_ascii=False))
        else:
            _out(f"{angka(data['people'])} orang lagi bisa ditanggung selama {args.months} bulan "
                 f"(sisa {rupiah(args.remaining)} ÷ ({rupiah(rate)} × {args.months} bulan); "
                 f"tersisa {rupiah(data['leftover'])}).")  # fmt: skip
        return EXIT_OK
    db = _open(args)
    if sub == "add-line":
        scheme = (
            A.Scheme(custom_rate=args.rate)
            if args.rate is not None
            else A.Scheme(*A.DEFAULT_SCHEME)
        )
        line = S.LineInput(args.year, args.kegiatan, args.rekening, args.sumber, args.pagu, scheme,
                           notes=args.notes)  # fmt: skip
        lid = S.add_line(db, line, _actor(db))
        summary = next(x for x in S.line_summaries(db, args.year) if x.id == lid)
        if args.json:
            _out(json.dumps({"id": lid, **summary.as_json()}, ensure_ascii=False))
        else:
            _out(f"Baris anggaran {lid} dibuat: {summary.label()}, pagu {rupiah(summary.pagu)}, "
                 f"{summary.scheme.label()} ({rupiah(summary.rate)} per orang per bulan).")  # fmt: skip
            for w in summary.warnings:
                _out(f"  peringatan {w.code}: {w.message}")
        return EXIT_OK
    if sub == "add-beneficiary":
        year = S.line_year(db, args.line)
        _, start = _month_of_year(args.start, year)
        _, end = _month_of_year(args.end, year)
        ids = [S.resident_by_nik(db, args.nik)] if args.nik else S.household_members(db, args.no_kk)
        if args.no_kk:  # the members still living here; those who died or moved are not paid for
            living = {c.resident_id for c in S.candidates(db, args.line, ids, start, end)
                      if not any(g.code == A.GUARD_GONE for g in c.guards)}  # fmt: skip
            ids = [i for i in ids if i in living]
            if not ids:
                raise UserError(
                    "KK_KOSONG", f"Tidak ada anggota KK {args.no_kk} yang masih tinggal di desa."
                )
        result = S.add_beneficiaries(db, args.line, ids, start, end, _actor(db), force=args.force,
                                     notes=args.notes)  # fmt: skip
        if args.json:
            _out(json.dumps({"ids": result.added, "line": args.line, "from": args.start, "to": args.end,
                             "residents": [{"nik": c.nik, "name": c.name,
                                            "overridden": [g.code for g in c.guards],
                                            "warnings": list(c.warnings)} for c in result.candidates]},
                            ensure_ascii=False))  # fmt: skip
        else:
            _out(f"{len(result.added)} penerima ditambahkan ke baris {args.line} untuk "
                 f"{A.month_range(start, end, year)}.")  # fmt: skip
            for c in result.blocked:
                _out(
                    f"  dikecualikan dengan --force: {c.name} ({c.nik}): "
                    + "; ".join(g.message for g in c.guards)
                )
            for c in result.candidates:
                for note in c.warnings:
                    _out(f"  perhatian: {c.name} ({c.nik}) {note}")
        return EXIT_OK
    if sub == "add-payment":
        year = S.line_year(db, args.line)
        _, month = _month_of_year(args.month, year)
        try:
            paid_on = dt.date.fromisoformat(args.paid_on) if args.paid_on else today()
        except ValueError as exc:
            raise UserError(
                "TANGGAL", f"Tanggal {args.paid_on!r} tidak dikenali: tulis TTTT-BB-HH."
            ) from exc
        pid = S.add_payment(db, args.line, month, args.amount, paid_on, args.reference, _actor(db))
        if args.json:
            _out(json.dumps({"id": pid}))
        else:
            _out(
                f"Pembayaran {rupiah(args.amount)} untuk {A.month_range(month, month, year)} dicatat."
            )
        return EXIT_OK
    # report
    if args.output is not None:
        report = S.export_report(db, args.year, args.output)
    else:
        report = S.year_report(db, args.year)
    if args.json:
        _out(json.dumps(report.as_json(), ensure_ascii=False))
        return EXIT_OK
    t = report.totals
    _out(f"APBDes {args.year}: {len(report.lines)} baris; pagu {rupiah(t['pagu'])}, komitmen "
         f"{rupiah(t['committed'])}, realisasi {rupiah(t['realized'])}, sisa {rupiah(t['remaining'])}.")  # fmt: skip
    for s in report.lines:
        cap = f", masih bisa {angka(s.capacity)} orang lagi" if s.months_left else ""
        _out(f"  [{s.id}] {s.label()}: pagu {rupiah(s.pagu)}, {s.beneficiaries} penerima, "
             f"komitmen {rupiah(s.committed)}, sisa {rupiah(s.remaining)}{cap}")  # fmt: skip
    for w in report.warnings:
        _out(f"  peringatan {w.code}: {w.message}")
    if args.output is not None:
        _out(f"Laporan disimpan di {args.output}.")
    return EXIT_OK


def cmd_usulan(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import usulan as U
    from jkn_desktop.services import usulan as S

    db = _open(args)
    if args.usulan_command == "suggest":
        found = S.suggestions(db, args.period)
        accepted = S.accept(db, args.period, found, _actor(db)) if args.accept and found else []
        if args.json:
            _out(json.dumps({"period": S.check_period(args.period), "suggestions": [s.as_json() for s in found],
                             "accepted": len(accepted)}, ensure_ascii=False))  # fmt: skip
            return EXIT_OK
        if not found:
            _out(f"Tidak ada saran usulan baru untuk {args.period}.")
        for s in found:
            reason = f" ({U.reason_label(U.PENGHAPUSAN, s.reason)})" if s.reason else ""
            _out(f"  {s.kind_label}{reason}: {s.nik} {s.name} — {s.why}")
        if accepted:
            _out(f"{len(accepted)} saran dijadikan usulan draf bulan {args.period}.")
        return EXIT_OK
    items = S.proposals(db, args.period)
    words = _words(db)
    if args.json:
        _out(json.dumps({"period": S.check_period(args.period), "proposals": [p.as_json() for p in items]},
                        ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    if not items:
        _out(f"Belum ada usulan untuk {args.period}.")
    for p in items:
        reason = f" ({p.reason_label})" if p.reason else ""
        _out(
            f"  [{p.id}] {p.kind_label}{reason}: {p.nik} {p.name} — {words.status_label(p.status)}"
        )
    return EXIT_OK


def cmd_export_dinsos(args: argparse.Namespace) -> int:
    from jkn_desktop.services.dinsos import export_dinsos

    r = export_dinsos(_open(args), args.period, args.output)
    if args.json:
        _out(json.dumps({"file": str(r.path), "period": r.period, "proposals": r.proposals, "pbi": r.pbi,
                         "joined": r.joined, "left": r.left}, ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    _out(f"Buku kerja {r.period} disimpan di {r.path}: {sum(r.proposals.values())} usulan, {r.pbi} peserta "
         f"PBI, {r.joined} masuk dan {r.left} keluar daftar sejak bulan lalu.")  # fmt: skip
    return EXIT_OK


def cmd_export_package(args: argparse.Namespace) -> int:
    from jkn_desktop.services.package import export_package

    r = export_package(_open(args), args.period, args.output)
    if args.json:
        _out(
            json.dumps(
                {"file": str(r.path), "period": r.period, "rows": r.rows, "sha256": r.sha256}
            )
        )
        return EXIT_OK
    counts = ", ".join(f"{k} {v}" for k, v in r.rows.items())
    _out(f"Paket {r.period} disimpan di {r.path} ({counts}); SHA-256 {r.sha256}.")
    return EXIT_OK


def cmd_verify_package(args: argparse.Namespace) -> int:
    from jkn_desktop.domain.wilayah import words_for_kode
    from jkn_desktop.services.package import verify_package

    v = verify_package(args.file)
    if args.json:
        _out(json.dumps(v.as_json(), ensure_ascii=False))
    elif v.ok:
        village = words_for_kode(v.kode_wilayah).of(v.desa)
        _out(
            f"Paket utuh: {village} ({v.kode_wilayah}), periode {v.period}, dibuat {v.created_at}."
        )
    else:
        _out(f"Paket TIDAK utuh: {v.desa or args.file.name} {v.period}".rstrip())
        for p in v.problems:
            _out(f"  - {p}")
    if not v.readable:
        return EXIT_USAGE
    return EXIT_OK if v.ok else 1


def cmd_roster(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from jkn_desktop.services import rosters

    db = _open(args)
    opts = rosters.default_options(db, args.kind, args.period, portrait=args.portrait)
    if args.mask_nik is not None:
        opts = replace(opts, mask_nik=args.mask_nik)
    result = rosters.write_roster(db, opts, args.output)
    masked = " (NIK disamarkan)" if opts.mask_nik else ""
    _out(
        f"{result.pages} halaman, {result.rows} baris dalam {result.households} kelompok{masked}: {args.output}"
    )
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    from jkn_desktop.selftest import run_selftest

    return run_selftest(getattr(args, "db", None))


def main(argv: Sequence[str] | None = None, gui: GuiHooks | None = None) -> int:
    args = _parser().parse_args(argv)
    log_path = setup_logging(args.verbose)
    from jkn_desktop.exporters.tempfiles import sweep

    sweep()  # what an export killed midway left behind
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
        "step-list": cmd_step_list,
        "check": cmd_check,
        "apbdes": cmd_apbdes,
        "usulan": cmd_usulan,
        "roster": cmd_roster,
        "export-dinsos": cmd_export_dinsos,
        "export-package": cmd_export_package,
        "verify-package": cmd_verify_package,
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


def today() -> dt.date:
    return dt.date.today()


if __name__ == "__main__":
    sys.exit(main())
