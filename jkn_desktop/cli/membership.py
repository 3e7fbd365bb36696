"""Command line: JKN lists, coverage, the counter check."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from jkn_desktop.cli import counter as loket
from jkn_desktop.cli.common import (
    EXIT_OK,
    actor,
    open_db,
    out,
    print_issues,
    village_words,
)
from jkn_desktop.domain import codes


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("import-pbi", parents=[common], help="impor daftar PBI Dinsos / daftar BPJS")
    s.add_argument("file", type=Path)
    s.add_argument(
        "--period",
        default=None,
        help="bulan daftar, TTTT-BB (mis. 2026-10); bila kosong, diambil dari judul atau nama berkas",
    )
    s.add_argument(
        "--force-period",
        action="store_true",
        help="catat untuk --period walau berkas menyebut bulan lain",
    )
    s.add_argument(
        "--accept-short",
        action="store_true",
        help="catat walau daftar jauh lebih pendek dari daftar sebelumnya",
    )
    s.add_argument("--source", choices=["dinsos", "bpjs"], default="dinsos")
    s.add_argument(
        "--segment",
        choices=["pbi-apbn", "pbpu-pemda"],
        default="pbi-apbn",
        help="segmen untuk baris tanpa kolom SEGMEN",
    )
    s.add_argument("--sheet", default=None)
    s.add_argument("--dry-run", action="store_true", help="cocokkan saja, jangan tulis")
    s.add_argument("--report", type=Path, default=None, help="simpan baris bermasalah ke .xlsx")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("coverage", parents=[common], help="cakupan dan keaktifan JKN")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--periksa",
        action="store_true",
        help="periksa ringkasan cakupan terhadap data penduduk, bangun ulang bila tidak sesuai",
    )

    s = sub.add_parser(
        "step-list",
        parents=[common],
        help="ekspor orang dengan satu langkah berikutnya (mis. cek_ppu untuk pemberi kerja/Disnaker)",
    )
    s.add_argument(
        "--step", required=True, help="kode langkah, mis. cek_ppu, lapor_bpjs, daftar_ppu"
    )
    s.add_argument("-o", "--output", type=Path, required=True)

    s = sub.add_parser("uninsured", parents=[common], help="ekspor penduduk/KK belum terlindungi")
    s.add_argument("--households", action="store_true", help="per KK, bukan per orang")
    s.add_argument("-o", "--output", type=Path, required=True)

    s = sub.add_parser(
        "check",
        parents=[common],
        help="cek kepesertaan di loket (NIK atau nama); dengan --log, catat di buku loket",
    )
    s.add_argument("text", nargs="+")
    s.add_argument("--json", action="store_true")
    loket.add_log_options(s)


def cmd_import_pbi(args: argparse.Namespace) -> int:
    from jkn_desktop.cli.backup import step_note
    from jkn_desktop.domain.backups import BEFORE_PBI_IMPORT
    from jkn_desktop.services.backup.making import before_step
    from jkn_desktop.services.membership.pbi_import import import_pbi, save_issue_workbook
    from jkn_desktop.services.membership.pbi_period import bulan_tahun

    db = open_db(args, write=not args.dry_run)
    backup = None if args.dry_run else before_step(db, BEFORE_PBI_IMPORT)
    result = db.run(
        import_pbi,
        args.file,
        period=args.period,
        source=args.source,
        segment=args.segment,
        sheet=args.sheet,
        dry_run=args.dry_run,
        force_period=args.force_period,
        accept_short=args.accept_short,
        user=actor(db),
        write=not args.dry_run,
    )
    if args.report is not None:
        save_issue_workbook(result, args.report)
    if args.json:
        out(json.dumps(result.as_json(), ensure_ascii=False))
        return EXIT_OK
    verb = "akan dicatat" if args.dry_run else "dicatat"
    out(
        f"{args.file.name} (lembar '{result.sheet}', daftar bulan {bulan_tahun(result.period)}): {result.rows} baris — "
        f"{result.matched_nik} cocok lewat NIK, {result.matched_name} lewat nama dan tanggal lahir, "
        f"{result.ambiguous} perlu dipilih, {result.not_found} tidak ditemukan di {village_words(db).lower}; "
        f"{result.dropped} penduduk tidak ada lagi sejak daftar sebelumnya; "
        f"{result.observations} keadaan kepesertaan {verb}."
    )
    print_issues(result.issues)
    for d in result.dropped_residents:
        out(f"  tidak ada lagi di daftar: {d['nik']} {d['name']}")
    if backup is not None:
        step_note(backup)
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.domain.formatting import angka
    from jkn_desktop.services.membership.coverage import coverage, repair_summary

    db = open_db(args, write=args.periksa)
    if args.periksa:
        wrong = db.run(repair_summary)
        out(
            f"Ringkasan cakupan: {angka(wrong)} KK tidak sesuai, dibangun ulang."
            if wrong
            else "Ringkasan cakupan sesuai dengan data penduduk."
        )
    cov = db.run(coverage, write=False)
    if args.json:
        out(json.dumps(cov.as_json(), ensure_ascii=False))
        return EXIT_OK
    t = cov.total

    def pct(x: float) -> str:
        return f"{x:.2f}".replace(".", ",") + "%"

    out(
        f"Penduduk hidup: {angka(t.population)}; terdaftar JKN: {angka(t.registered)} "
        f"(cakupan {pct(t.coverage_pct)}); aktif: {angka(t.active)} (keaktifan {pct(t.active_pct)})."
    )
    out(
        f"KK: {angka(t.households)}; seluruh anggota belum terlindungi: {angka(t.households_fully_uninsured)}; "
        f"sebagian: {angka(t.households_partly_uninsured)}."
    )
    for a in cov.by_dusun:
        out(
            f"  {a.area or '(tanpa dusun)'}: {angka(a.population)} jiwa, cakupan {pct(a.coverage_pct)}, "
            f"keaktifan {pct(a.active_pct)}"
        )
    for step, n in sorted(cov.steps.items(), key=lambda kv: -kv[1]):
        out(f"  {J.STEPS.get(step, step)}: {angka(n)} orang")
    return EXIT_OK


def cmd_step_list(args: argparse.Namespace) -> int:
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.services.membership.exports import export_step

    db = open_db(args, write=False)
    n = db.run(export_step, args.output, args.step, user=actor(db), write=False)
    out(f"{n} orang dengan langkah “{J.STEPS[args.step]}” diekspor ke {args.output}.")
    return EXIT_OK


def cmd_uninsured(args: argparse.Namespace) -> int:
    from jkn_desktop.services.membership.exports import export_uninsured

    db = open_db(args, write=False)
    n = db.run(
        export_uninsured, args.output, households=args.households, user=actor(db), write=False
    )
    what = "KK" if args.households else "penduduk"
    out(f"{n} {what} belum terlindungi diekspor ke {args.output}.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """The counter check; with ``--log SERVICE --outcome OUTCOME`` the one person found is also
    written into the counter log, after the rule's advice is shown."""
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.services.membership.counter import counter_check

    text = " ".join(args.text)
    db = open_db(args, write=args.log is not None)
    found = db.run(counter_check, text, write=False)
    plan = loket.planned(db, args, found, text)
    words = village_words(db)
    if args.json:
        data: dict[str, Any] = {"query": text, "results": [r.as_json() for r in found]}
        if plan:
            data.update(loket.log_check(db, args, plan))
        out(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    if not found:
        out(f"Tidak ada penduduk yang cocok dengan '{text}'.")
        return EXIT_OK
    from jkn_desktop.domain.formatting import rupiah, tanggal

    for r in found:
        p = r.person
        active = p.segment in J.JKN_SEGMENTS and p.status == J.AKTIF
        verdict = "AKTIF" if active else "TIDAK AKTIF / BELUM TERDAFTAR"
        out(
            f"{p.nik} {p.name} ({codes.STATUS_DASAR.get(p.status_dasar, '')}): {verdict} — "
            f"{J.SEGMENTS.get(p.segment, p.segment)}"
            f"{', kartu ' + p.card_no if p.card_no else ''}"
            f"{', per ' + tanggal(p.as_of) if p.as_of else ', tanggal tidak diketahui' if p.source else ''}"
            f"{' (' + words.source_label(p.source) + ')' if p.source else ''}"
        )
        if p.reason and p.uninsured:
            out(f"    Alasan: {J.REASONS.get(p.reason, p.reason)}")
        if p.step:
            out(
                f"    Langkah berikutnya: {J.STEPS.get(p.step, p.step)} ({J.STEP_BASIS.get(p.step, '')})"
            )
        for w in r.warnings:
            out(f"    Perhatian: {w.message}")
        for m in r.household:
            if m.id != p.id:
                status = f" {m.status_label}" if m.segment in J.JKN_SEGMENTS else ""
                outside = f" — {J.NOT_COVERED_BY_PPU_LABEL}" if m.id in r.outside_ppu else ""
                out(f"    KK {p.no_kk}: {m.name} — {m.segment_label}{status}{outside}")
        if r.mandiri_cost:
            out(
                f"    Bila anggota KK yang belum terlindungi didaftarkan PBPU mandiri kelas 3: "
                f"{rupiah(r.mandiri_cost)} sebulan."
            )
    if plan:
        loket.log_check(db, args, plan)
    return EXIT_OK


COMMANDS = {
    "import-pbi": cmd_import_pbi,
    "coverage": cmd_coverage,
    "step-list": cmd_step_list,
    "uninsured": cmd_uninsured,
    "check": cmd_check,
}
