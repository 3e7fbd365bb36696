"""The month a participant list is for: written TTTT-BB, taken from the list itself when it says,
checked against the month the user chose."""

from __future__ import annotations

import datetime as dt
import re

from jkn_desktop.domain.formatting import BULAN
from jkn_desktop.errors import UserError

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_start(period: str) -> dt.date:
    m = _PERIOD.match(period or "")
    if not m:
        raise UserError("PERIOD_FORMAT", period=period)
    return dt.date(int(m[1]), int(m[2]), 1)


def check_period(
    chosen: str | None, in_file: str | None, *, force: bool = False, fallback: str | None = None
) -> str:
    """The month to record: the one chosen, checked against what the list itself says; with
    nothing chosen, the list's own month, else ``fallback``."""
    if chosen is None:
        if in_file is None and fallback is not None:
            return check_period(fallback, None)
        if in_file is None:
            raise UserError("PERIOD_MISSING")
        return in_file
    period_start(chosen)
    if in_file is not None and in_file != chosen and not force:
        raise UserError("PERIOD_MISMATCH", in_file=bulan_tahun(in_file), chosen=bulan_tahun(chosen))
    return chosen


def bulan_tahun(period: str) -> str:
    """ "2026-10" → "Oktober 2026"."""
    start = period_start(period)
    return f"{BULAN[start.month - 1]} {start.year}"
