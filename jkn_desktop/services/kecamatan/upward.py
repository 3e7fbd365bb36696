"""What the kecamatan sends upward and out, as files: the Camat's recap of a month (PDF), the
quarterly report to the Bupati (PDF), the evaluation of each village's APBDes premium allocation
(.xlsx or PDF) and the letter to the villages that have not sent the month's package (PDF).

Every one is a read job that writes a file and notes it in the audit trail (``audit.exported``).
They print figures and village names only — no NIK — so they need ``perm.EXPORT_MASKED`` (the
right for printouts posted or passed on without full NIKs); the consolidated Dinas Sosial workbook
with full NIKs is in ``services.kecamatan.dinsos`` and needs ``perm.EXPORT``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.reports import kecamatan_recap
from jkn_desktop.reports.pdf import render
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import require_kecamatan
from jkn_desktop.services.kecamatan.summary import check_period, kecamatan_summary


def require_suffix(out: Path, what: str, allowed: tuple[str, ...]) -> str:
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise UserError("JENIS_BERKAS", what=what, allowed=" atau ".join(allowed), file=out.name)
    return suffix


def write_recap(work: Work, period: str, out: Path) -> KecDocument:
    """The Camat's recap of ``period`` (PDF), dated the job's day."""
    work.require(perm.EXPORT_MASKED)
    require_suffix(out, "Rekap Camat", (".pdf",))
    info = require_kecamatan(work)
    year, month = check_period(period)
    period = f"{year}-{month:02d}"
    s = kecamatan_summary(work, period)
    if not s.sent:
        raise UserError("KEC_BELUM_ADA_PAKET", what=f"bulan {period}")
    pages = render(kecamatan_recap.build(s, info, work.today), out)
    audit.exported(
        work,
        document="Rekapitulasi JKN Camat",
        subject=period,
        rows=len(s.villages),
        masked=True,
        target=out,
    )
    return KecDocument(out, period, len(s.villages), pages, len(s.sent))


def default_deadline(period: str) -> dt.date:
    """The 10th of the month after ``period`` (until the lead's deadline setting is read here)."""
    year, month = check_period(period)
    return dt.date(year + (month == 12), month % 12 + 1, 10)
