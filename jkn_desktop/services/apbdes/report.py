"""The year's report: every line with its money, its beneficiaries and the warnings (the notes
the Kepala Desa reads before signing), and the report saved as PDF or .xlsx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jkn_desktop.domain import office as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import Beneficiary, LineSummary, Warning, YearReport
from jkn_desktop.reports import apbdes_report
from jkn_desktop.services import audit
from jkn_desktop.services.apbdes.payments import payments_of
from jkn_desktop.services.apbdes.roster import line_beneficiaries
from jkn_desktop.services.apbdes.summaries import line_summaries
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.settings import logo


def year_report(work: Work, year: int) -> YearReport:
    lines = line_summaries(work, year)
    people = line_beneficiaries(work, [s.id for s in lines])
    warnings = [w for s in lines for w in s.warnings]
    for s in lines:
        warnings += _guard_warnings(s, people[s.id])
    return YearReport(year, lines, people, warnings, work.today)


def _guard_warnings(s: LineSummary, people: list[Beneficiary]) -> list[Warning]:
    out = []
    for b in people:
        out += [
            Warning(
                O.WARN_NO_GROUND,
                f"{b.name} ({b.nik}) di baris {s.id} ({s.kegiatan}, {s.sumber}): {w}.",
                s.id,
            )
            for w in b.warnings
        ]
        for g in b.guards:
            note = (
                " (sudah dikecualikan oleh operator)" if g.code in b.overridden.split(",") else ""
            )
            out.append(
                Warning(
                    g.code,
                    f"{b.name} ({b.nik}) di baris {s.id} ({s.kegiatan}, {s.sumber}): {g.message}{note}.",
                    s.id,
                )
            )
    return out


def export_report(
    work: Work, year: int, out: Path, *, progress: Callable[[int, int], None] | None = None
) -> YearReport:
    """The year's report as PDF or .xlsx, chosen by the file's extension."""
    work.require(perm.EXPORT)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise UserError("JENIS_BERKAS", what="Laporan", allowed=".pdf atau .xlsx", file=out.name)
    village = get_village(work)
    if village is None:
        raise UserError("NO_VILLAGE")
    report = year_report(work, year)
    paid = payments_of(work, [s.id for s in report.lines])
    if suffix == ".pdf":
        apbdes_report.write_pdf(report, village, paid, out, progress, logo(work))
    else:
        apbdes_report.write_xlsx(report, village, paid, out)
    people = sum(len(b) for b in report.beneficiaries.values())
    what = "Laporan iuran JKN dari APBDes"
    audit.exported(work, document=what, subject=str(year), rows=people, masked=False, target=out)
    return report
