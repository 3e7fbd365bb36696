"""The figures of the quarterly report to the Bupati and of the Camat's evaluation of each
village's APBDes premium allocation, and the files made of them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.tables import kec_package_t, kec_proposal_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_reports import (
    ApbdesFigures,
    EvaluationRow,
    EvaluationSheet,
    KecDocument,
    KecTrendPoint,
    QuarterlyReport,
    QuarterVillage,
)
from jkn_desktop.reports import kecamatan_evaluation, kecamatan_quarterly
from jkn_desktop.reports.kecamatan_kop import month_label
from jkn_desktop.reports.pdf import render
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan import figures as F
from jkn_desktop.services.kecamatan.identity import (
    require_kecamatan,
    require_kecamatan_level,
    villages,
)
from jkn_desktop.services.kecamatan.packages import current_packages
from jkn_desktop.services.kecamatan.summary import (
    kecamatan_summary,
    need_per_person,
    need_rates,
    points,
    previous_period,
)
from jkn_desktop.services.kecamatan.upward import require_suffix

P, PR = kec_package_t, kec_proposal_t
SENT = (U.DIKIRIM, U.DITERIMA, U.DITOLAK)


def check_year(year: int | str) -> int:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise UserError("KEC_TAHUN", year=year) from None
    if not 2000 <= y <= 2100:
        raise UserError("KEC_TAHUN", year=year)
    return y


def _sum(points_: list[KecTrendPoint], period: str) -> KecTrendPoint:
    return KecTrendPoint(
        period,
        "",
        sum(p.population for p in points_),
        sum(p.registered for p in points_),
        sum(p.active for p in points_),
        len(points_),
    )


def quarterly(work: Work, year: int, quarter: int) -> QuarterlyReport:
    """Each village at the start of the quarter (its package for the month before, else its
    first package in the quarter) and at its end (its last package in the quarter); the proposals
    of the quarter's months by the stage the packages reported; the dashboard of the quarter's
    last month received for the APBDes and the officials."""
    require_kecamatan(work)
    year = check_year(year)
    if quarter not in (1, 2, 3, 4):
        raise UserError("KEC_TRIWULAN", quarter=quarter)
    periods = [f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)]
    start_period = previous_period(periods[0])
    by_village = points(work, [start_period, *periods])
    ids = {p: current_packages(work, p) for p in periods}
    last = next((p for p in reversed(periods) if ids[p]), "")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    all_ids = [pid for held in ids.values() for pid in held.values()]
    if all_ids:
        stmt = (
            select(P.c.kode_wilayah, PR.c.status, func.count())
            .select_from(PR.join(P, P.c.id == PR.c.package_id))
            .where(PR.c.package_id.in_(all_ids))
            .group_by(P.c.kode_wilayah, PR.c.status)
        )
        for kode, status, n in work.conn.execute(stmt):
            counts[kode][status or ""] += int(n)
    rows: list[QuarterVillage] = []
    for v in villages(work):
        mine = by_village.get(v.kode_wilayah, {})
        inside = [mine[p] for p in periods if p in mine]
        if not v.expected and not inside:
            continue
        start = mine.get(start_period) or (inside[0] if inside else None)
        end = inside[-1] if inside else None
        c = counts.get(v.kode_wilayah, {})
        rows.append(
            QuarterVillage(
                v.kode_wilayah,
                v.name,
                v.kind,
                start,
                end,
                sum(c.values()),
                sum(c.get(s, 0) for s in SENT),
                c.get(U.DITERIMA, 0),
                c.get(U.DITOLAK, 0),
            )
        )
    starts = [r.start for r in rows if r.start is not None and r.end is not None]
    ends = [r.end for r in rows if r.end is not None]
    return QuarterlyReport(
        year,
        quarter,
        periods,
        start_period,
        last,
        rows,
        _sum(starts, start_period),
        _sum(ends, last),
        kecamatan_summary(work, last or periods[-1]),
    )


def write_quarterly(work: Work, year: int, quarter: int, out: Path) -> KecDocument:
    """The quarterly report to the Bupati (PDF), signed by the Camat, dated the job's day."""
    work.require(perm.EXPORT_MASKED)
    require_suffix(out, "Laporan triwulan", (".pdf",))
    info = require_kecamatan_level(work)
    q = quarterly(work, year, quarter)
    if not q.last_period:
        raise UserError("KEC_BELUM_ADA_PAKET", what=f"triwulan {quarter} tahun {q.year}")
    pages = render(kecamatan_quarterly.build(q, info, work.today), out)
    audit.exported(
        work,
        document="Laporan triwulan JKN kepada Bupati",
        subject=f"{q.year} triwulan {quarter}",
        rows=len(q.villages),
        masked=True,
        target=out,
    )
    return KecDocument(out, f"{q.year}-T{quarter}", len(q.villages), pages, len(q.villages))


# --- the evaluation of the APBDes premium allocations ---------------------------------------------
def apbdes_evaluation(work: Work, year: int) -> EvaluationSheet:
    """Per village: the year's premium lines (from its latest package of the year) against the
    need — the uninsured living residents of desil 1–5 households in that package, for the
    months of the year after it (all twelve when the latest package is of an earlier year)."""
    require_kecamatan(work)
    year = check_year(year)
    latest = dict(
        work.conn.execute(
            select(P.c.kode_wilayah, func.max(P.c.period))
            .where(P.c.state == "current", P.c.period <= f"{year}-12")
            .group_by(P.c.kode_wilayah)
        ).all()
    )
    pid_of: dict[str, int] = {}
    for kode, period in latest.items():
        pid_of[str(kode)] = current_packages(work, str(period))[str(kode)]
    ids = list(pid_of.values())
    money = F.apbdes(work, ids, year)
    numbers = F.counts(work, ids)
    rows: list[EvaluationRow] = []
    rate = need_rates(work, year)[0]  # January's, printed with the sheet
    for v in villages(work):
        pid = pid_of.get(v.kode_wilayah)
        if pid is None:
            if v.expected:
                rows.append(EvaluationRow(v.kode_wilayah, v.name, v.kind, "", ApbdesFigures()))
            continue
        period = str(latest[v.kode_wilayah])
        months, per_person, _r = need_per_person(work, period, year)
        lines, pagu, committed, realized, benef = money.get(pid, (0, 0, 0, 0, 0))
        n = numbers[pid].need if pid in numbers else 0
        figures = ApbdesFigures(
            lines,
            pagu,
            committed,
            realized,
            benef,
            max(0, pagu - committed),
            n,
            months,
            n * per_person,
        )
        rows.append(EvaluationRow(v.kode_wilayah, v.name, v.kind, period, figures))
    return EvaluationSheet(year, rate, rows)


def write_apbdes_evaluation(work: Work, year: int, out: Path) -> KecDocument:
    """The evaluation sheet (.xlsx or PDF), signed by the Camat on the PDF."""
    work.require(perm.EXPORT_MASKED)
    suffix = require_suffix(out, "Lembar evaluasi APBDes", (".xlsx", ".pdf"))
    info = require_kecamatan_level(work)
    sheet = apbdes_evaluation(work, year)
    pages = 0
    if suffix == ".pdf":
        pages = render(kecamatan_evaluation.build(sheet, info, work.today), out)
    else:
        write_sheets(out, [_evaluation_sheet(sheet)])
    audit.exported(
        work,
        document="Lembar evaluasi iuran JKN dalam APBDes",
        subject=str(sheet.year),
        rows=len(sheet.rows),
        masked=True,
        target=out,
    )
    return KecDocument(out, str(sheet.year), len(sheet.rows), pages, len(sheet.rows))


EVALUATION_HEADERS = [
    "NO",
    "DESA/KELURAHAN",
    "KODE WILAYAH",
    "DATA BULAN",
    "BARIS ANGGARAN",
    "PAGU (Rp)",
    "KOMITMEN (Rp)",
    "REALISASI (Rp)",
    "SISA PAGU (Rp)",
    "PERLU DITANGGUNG (ORANG)",
    "BULAN",
    "KEBUTUHAN (Rp)",
    "KEKURANGAN (Rp)",
    "PENILAIAN",
]


def _evaluation_sheet(sheet: EvaluationSheet) -> Sheet:
    rows = []
    for i, r in enumerate(sheet.rows, 1):
        a = r.apbdes
        rows.append(
            [
                i,
                r.full_name,
                r.kode_wilayah,
                month_label(r.period) if r.period else "",
                a.lines,
                a.pagu,
                a.committed,
                a.realized,
                a.capacity,
                a.need_people,
                a.need_months,
                a.need,
                a.gap,
                r.assessment if r.assessment != "Kurang" else f"Kurang {rupiah(a.gap)}",
            ]
        )
    return Sheet(
        f"Evaluasi APBDes {sheet.year}",
        EVALUATION_HEADERS,
        rows,
        text_columns=(2,),
        widths=[6, 28, 16, 14, 10, 16, 16, 16, 16, 12, 8, 16, 16, 30],
        money_columns=(5, 6, 7, 8, 11, 12),
    )
