"""The monthly report of a village to the Camat: everything it prints, read in one job."""

from __future__ import annotations

from sqlalchemy import func, select

from jkn_desktop.persistence.tables import usulan_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.office import MonthlyReport
from jkn_desktop.services.documents.rosters import require_village
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.office.month import office_month
from jkn_desktop.services.settings import targets
from jkn_desktop.services.usulan.proposals import check_period, counts


def monthly_report(work: Work, period: str) -> MonthlyReport:
    """The report of ``period`` (YYYY-MM) as of the job's day: coverage is today's (the report
    says so), proposals and the office's acts are the month's, APBDes lines the month's year."""
    from jkn_desktop.services.apbdes.summaries import line_summaries

    period = check_period(period)
    village = require_village(work)
    goals = targets(work)
    by_status = {
        str(s): int(n)
        for s, n in work.conn.execute(
            select(usulan_t.c.status, func.count())
            .where(usulan_t.c.period == period)
            .group_by(usulan_t.c.status)
        )
    }
    lines = line_summaries(work, int(period[:4])) if village.words.has_apbdes else []
    return MonthlyReport(
        period=period,
        made_on=work.today,
        village=village,
        coverage=coverage(work).total,
        target_coverage_pct=goals.coverage_pct,
        target_active_pct=goals.active_pct,
        proposals=counts(work, period),
        proposals_by_status=by_status,
        apbdes=lines,
        office=office_month(work, period),
    )
