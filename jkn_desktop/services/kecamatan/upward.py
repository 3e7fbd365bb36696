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

from sqlalchemy import func, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_package_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.reports import kecamatan_kop, kecamatan_letter, kecamatan_recap
from jkn_desktop.reports.pdf import render
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import (
    require_kecamatan_level,
    villages,
)
from jkn_desktop.services.kecamatan.packages import current_packages
from jkn_desktop.services.kecamatan.summary import check_period, kecamatan_summary
from jkn_desktop.services.settings import get_setting

P = kec_package_t


def require_suffix(out: Path, what: str, allowed: tuple[str, ...]) -> str:
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise UserError("JENIS_BERKAS", what=what, allowed=" atau ".join(allowed), file=out.name)
    return suffix


def write_recap(work: Work, period: str, out: Path) -> KecDocument:
    """The Camat's recap of ``period`` (PDF), dated the job's day."""
    work.require(perm.EXPORT_MASKED)
    require_suffix(out, "Rekap Camat", (".pdf",))
    info = require_kecamatan_level(work)
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


def default_deadline(work: Work, period: str) -> dt.date:
    """The day ``period``'s package was due: the deadline day (setting ``kec_deadline_day``) of
    the following month, as the submission matrix counts it."""
    from jkn_desktop.services.kecamatan.matrix import deadline

    return deadline(period, int(get_setting(work, "kec_deadline_day")))


def _last_sent(work: Work) -> dict[str, str]:
    """kode_wilayah → the latest month it sent a package for."""
    rows = work.conn.execute(
        select(P.c.kode_wilayah, func.max(P.c.period)).group_by(P.c.kode_wilayah)
    )
    return {str(k): str(p) for k, p in rows}


def write_letter(
    work: Work, period: str, out: Path, *, deadline: dt.date | None = None
) -> KecDocument:
    """The Camat's letter (PDF) to the expected villages with no package for ``period``, dated
    the job's day; ``deadline`` is the day the package was due (by default as the deadline
    setting says)."""
    work.require(perm.EXPORT_MASKED)
    require_suffix(out, "Surat kepada desa", (".pdf",))
    info = require_kecamatan_level(work)
    year, month = check_period(period)
    period = f"{year}-{month:02d}"
    held = current_packages(work, period)
    last = _last_sent(work)
    missing = [
        (
            v.full_name,
            v.kode_wilayah,
            kecamatan_kop.month_label(last[v.kode_wilayah])
            if v.kode_wilayah in last
            else "belum pernah",
        )
        for v in villages(work, expected_only=True)
        if v.kode_wilayah not in held
    ]
    if not missing:
        raise UserError("KEC_SEMUA_MENGIRIM", month=kecamatan_kop.month_label(period))
    due = deadline or default_deadline(work, period)
    pages = render(kecamatan_letter.build(info, period, missing, due, work.today), out)
    audit.exported(
        work,
        document="Surat kepada desa yang belum mengirim paket",
        subject=period,
        rows=len(missing),
        masked=True,
        target=out,
    )
    return KecDocument(out, period, len(missing), pages, len(missing))
