"""Command line: the counter log (buku loket). ``check … --log SERVICE --outcome OUTCOME`` writes a
visit after the counter check (``cli.membership``); ``loket list|followups|close|remove|services`` read
and close what the log holds."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jkn_desktop.cli.common import EXIT_OK, Parser, actor, open_db, out
from jkn_desktop.cli.common import today as common_today
from jkn_desktop.domain import office as O
from jkn_desktop.errors import UserError

# what the command line accepts for --outcome (with - or _, any letter case)
OUTCOME_ARGS: dict[str, str] = {
    "dilayani": O.DILAYANI,
    "dilayani-catatan": O.DILAYANI_CATATAN,
    "dilayani-dengan-catatan": O.DILAYANI_CATATAN,
    "dirujuk": O.DIRUJUK,
    "diusulkan-pbi": O.DIUSULKAN_PBI,
    "diusulkan-apbdes": O.DIUSULKAN_APBDES,
    "ditolak": O.DITOLAK,
}
LIMIT = 10  # the counter check's answers (services.membership.counter)
_SHOWN_ARGS = ", ".join(k for k in OUTCOME_ARGS if k != "dilayani-dengan-catatan")


def add_log_options(s: argparse.ArgumentParser) -> None:
    """``check``'s options to write what the office decided into the counter log."""
    s.add_argument(
        "--log",
        metavar="LAYANAN",
        default=None,
        help="catat di buku loket: layanan yang diminta (nama di daftar layanan, awalnya, atau sebagian namanya)",
    )
    s.add_argument(
        "--outcome", metavar="HASIL", default=None, help=f"hasil pelayanan: {_SHOWN_ARGS}"
    )
    s.add_argument("--note", default="", help="catatan kunjungan")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    u = sub.add_parser("loket", parents=[common], help="buku loket: layanan dan tindak lanjut")
    usub = u.add_subparsers(dest="loket_command", parser_class=Parser, required=True)
    s = usub.add_parser("list", parents=[common], help="kunjungan satu bulan dengan jumlahnya")
    s.add_argument("--month", default=None, help="bulan, TTTT-BB (bawaan: bulan ini)")
    s.add_argument("--outcome", default=None, help=f"hanya satu hasil: {_SHOWN_ARGS}")
    s.add_argument("--search", default="", help="nama, awal NIK, atau layanan")
    s.add_argument("--json", action="store_true")
    s = usub.add_parser("followups", parents=[common], help="tindak lanjut yang masih terbuka")
    s.add_argument("--json", action="store_true")
    s = usub.add_parser("close", parents=[common], help="tandai satu tindak lanjut selesai")
    s.add_argument("id", type=int, help="nomor kunjungan (lihat loket followups)")
    s.add_argument("--note", required=True, help="alasan ditutup, mis. sudah mendaftar di BPJS")
    s = usub.add_parser("remove", parents=[common], help="hapus catatan loket yang salah catat")
    s.add_argument("id", type=int, help="nomor kunjungan (lihat loket list)")
    s.add_argument("--reason", required=True, help="alasan, mis. salah orang atau salah hasil")
    s = usub.add_parser("services", parents=[common], help="daftar layanan loket dan aturannya")
    s.add_argument("--json", action="store_true")


def outcome_arg(text: str) -> str:
    """``diusulkan-pbi``, ``Diusulkan_PBI`` … → the outcome key; a clear message otherwise."""
    key = "-".join(text.strip().lower().replace("_", "-").split())
    if key in OUTCOME_ARGS:
        return OUTCOME_ARGS[key]
    raise UserError("LOKET_HASIL", choices=_SHOWN_ARGS)


def service_arg(names: Sequence[str], text: str) -> str:
    """The service named by ``text``: its whole name, else the one name it begins, else the one
    name holding it (letter case does not count)."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        raise UserError("LOKET_LAYANAN")
    for test in (
        lambda n: n.casefold() == wanted,
        lambda n: n.casefold().startswith(wanted),
        lambda n: wanted in n.casefold(),
    ):
        hits = [n for n in names if test(n)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise UserError("LOKET_LAYANAN.ganda", service=text, choices="; ".join(hits))
    raise UserError("LOKET_LAYANAN.tidak_ada", service=text, choices="; ".join(names))


@dataclass(frozen=True)
class Planned:
    """What ``check --log`` is about to write, all checked before anything is shown."""

    person: Any  # the JknRow of the one resident found
    service: str
    outcome: str


def planned(db: Any, args: argparse.Namespace, found: Sequence[Any], text: str) -> Planned | None:
    """None without ``--log``; else the one person, the service of the list and the outcome,
    or a clear message (nothing written) when any of them is wrong."""
    from jkn_desktop.services.office import counter_log as CL

    if args.log is None and args.outcome is None:
        return None
    if args.log is None or args.outcome is None:
        raise UserError("LOKET_HASIL.opsi")
    outcome = outcome_arg(args.outcome)
    names = [s.name for s in db.run(CL.services, write=False)]
    service = service_arg(names, args.log)
    if not found:
        raise UserError("LOKET_CARI.kosong", text=text)
    if len(found) > 1:
        people = ", ".join(f"{r.person.name} ({r.person.nik})" for r in found)
        count = (
            f"{len(found)} penduduk atau lebih" if len(found) >= LIMIT else f"{len(found)} penduduk"
        )
        raise UserError("LOKET_CARI.banyak", text=text, count=count, names=people)
    return Planned(found[0].person, service, outcome)


def log_check(db: Any, args: argparse.Namespace, plan: Planned) -> dict[str, Any]:
    """Show what the rule says, then write the visit; returns both for ``--json``."""
    from jkn_desktop.records.counter import VisitInput
    from jkn_desktop.services.office import counter_log as CL

    person = plan.person
    advice = db.run(CL.advice_for, person.id, plan.service, write=False)
    if not args.json:
        out(f"Aturan loket: {advice.text}")
    visit_in = VisitInput(person.id, plan.service, plan.outcome, args.note)
    vid = db.run(CL.log_visit, visit_in, user=actor(db))
    visit = db.run(CL.visit, vid, write=False)
    if not args.json:
        out(f"Tercatat di buku loket (no. {vid}): {_visit_line(visit)}")
        if visit.usulan_id:
            out(f"  Usulan PBI no. {visit.usulan_id} (draf) ada di halaman Usulan PBI.")
    return {
        "advice": {"code": advice.code, "text": advice.text, "suggested": advice.suggested},
        "visit": visit.as_json(),
    }


def _visit_line(v: Any) -> str:
    from jkn_desktop.domain.formatting import tanggal_pendek

    note = f" — {v.note}" if v.note else ""
    return (
        f"{tanggal_pendek(v.visited_on)} {v.name} ({v.nik}) — {v.service} — JKN saat itu: "
        f"{v.state_label} — {v.outcome_label}{note} — {v.actor}"
    )


def cmd_loket(args: argparse.Namespace) -> int:
    handlers = {
        "list": _list,
        "followups": _followups,
        "close": _close,
        "remove": _remove,
        "services": _services,
    }
    return handlers[args.loket_command](args)


def _list(args: argparse.Namespace) -> int:
    from jkn_desktop.services.membership.pbi_period import bulan_tahun
    from jkn_desktop.services.office import counter_log as CL
    from jkn_desktop.services.usulan.proposals import check_period

    db = open_db(args, write=False)
    if args.month:
        period = check_period(args.month)
    else:
        today = common_today()
        period = f"{today.year}-{today.month:02d}"
    outcome = outcome_arg(args.outcome) if args.outcome else None
    items = db.run(CL.visits, period, outcome, args.search, write=False)
    counts = db.run(CL.month_counts, period, write=False)
    if args.json:
        data = {"period": period, "visits": [v.as_json() for v in items], **counts.as_json()}
        out(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    out(f"Buku loket {bulan_tahun(period)}: {len(items)} kunjungan.")
    for v in items:
        out(f"  [{v.id}] {_visit_line(v)}")
    parts = [f"{O.OUTCOME_SHORT[k]} {n}" for k, n in counts.by_outcome.items()]
    out(f"Jumlah {bulan_tahun(period)}: {counts.total} kunjungan — " + " · ".join(parts) + ".")
    out(
        f"Tindak lanjut terbuka akhir bulan: {counts.followups_open}; selesai bulan ini: "
        f"{counts.followups_closed}."
    )
    if counts.refused_without_offer:
        out(
            f"Perhatian: {counts.refused_without_offer} penduduk miskin ditolak padahal aturan "
            "menyarankan usulan PBI/APBDes."
        )
    return EXIT_OK


def _followups(args: argparse.Namespace) -> int:
    from jkn_desktop.domain.formatting import tanggal_pendek
    from jkn_desktop.services.office import counter_log as CL

    items = open_db(args, write=False).run(CL.followups, write=False)
    if args.json:
        out(json.dumps([f.as_json() for f in items], ensure_ascii=False))
        return EXIT_OK
    if not items:
        out("Tidak ada tindak lanjut yang terbuka.")
    for f in items:
        out(
            f"  [{f.visit_id}] {tanggal_pendek(f.visited_on)} ({f.days_open} hari) {f.name} "
            f"({f.nik}) — {f.kind_label}: {f.service} — menunggu: {f.awaited} — JKN sekarang: "
            f"{f.state_now}"
        )
    return EXIT_OK


def _close(args: argparse.Namespace) -> int:
    from jkn_desktop.services.office import counter_log as CL

    db = open_db(args, write=True)
    n = db.run(CL.close_followup, args.id, args.note, user=actor(db))
    out(f"Tindak lanjut no. {args.id} ditandai selesai ({n} kunjungan).")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from jkn_desktop.services.office import counter_log as CL

    db = open_db(args, write=True)
    db.run(CL.remove_visit, args.id, args.reason, user=actor(db))
    out(f"Catatan loket no. {args.id} dihapus (tetap tercatat di riwayat perubahan).")
    return EXIT_OK


def _services(args: argparse.Namespace) -> int:
    from jkn_desktop.services.office import counter_log as CL

    items = open_db(args, write=False).run(CL.services, write=False)
    if args.json:
        out(
            json.dumps(
                [{"name": s.name, "requires_jkn": s.requires_jkn} for s in items],
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    out("Layanan loket (diatur di Pengaturan → Pelayanan):")
    for s in items:
        rule = "wajib JKN aktif" if s.requires_jkn else "tanpa syarat JKN"
        out(f"  {s.name} — {rule}")
    return EXIT_OK


COMMANDS = {"loket": cmd_loket}
