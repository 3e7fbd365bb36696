"""The office's month in figures: the counter, the SKTM register and the officials, read in the
caller's job (the monthly report and the package show the same numbers)."""

from __future__ import annotations

from jkn_desktop.persistence.work import Work
from jkn_desktop.records.office import OfficeMonth
from jkn_desktop.services.office import counter_log, officials, sktm


def office_month(work: Work, period: str) -> OfficeMonth:
    """The counts of ``period`` (YYYY-MM). The officials are those in office on the job's day:
    the list has no month of its own."""
    return OfficeMonth(
        period,
        counter_log.month_counts(work, period),
        sktm.month_counts(work, period),
        officials.summary(work),
    )
