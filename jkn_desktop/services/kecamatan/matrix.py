"""Who sent what: the submission matrix (villages × months of a year), with counts and the
reporting rate per month as DHIS2 reports it (received of expected), and returning a package to
its village with a note.

A village's month is on time when its first package arrived by the deadline (the deadline day of
the following month, a setting); a month it sent more than once is "diganti"; a month whose
package in force was returned and not yet sent again is "dikembalikan". Months before the first
package the kecamatan ever received are not due (they were kept on paper)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import case, func, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_package_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_matrix import MatrixCell, MonthCount, SubmissionMatrix
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import require_kecamatan, villages
from jkn_desktop.services.kecamatan.packages import CURRENT
from jkn_desktop.services.settings import get_setting

P = kec_package_t

NOT_DUE, WAITING, MISSING = "", "menunggu", "belum"
ON_TIME, LATE, REPLACED, RETURNED = "tepat_waktu", "terlambat", "diganti", "dikembalikan"
STATE_WORDS = {
    NOT_DUE: "",
    WAITING: "menunggu",
    MISSING: "belum dikirim",
    ON_TIME: "tepat waktu",
    LATE: "terlambat",
    REPLACED: "diganti",
    RETURNED: "dikembalikan",
}


def deadline(period: str, day: int) -> dt.date:
    """The last day a month's package is on time: ``day`` of the following month (the month's
    last day when it is shorter)."""
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(dt.date(year, month, 1) + dt.timedelta(days=day - 1), first_next - dt.timedelta(1))


def submission_matrix(work: Work, year: int) -> SubmissionMatrix:
    """Every expected village (and any other that sent in the year) × the twelve months."""
    require_kecamatan(work)
    day = int(get_setting(work, "kec_deadline_day"))
    rows = work.conn.execute(
        select(
            P.c.kode_wilayah,
            P.c.period,
            func.count(),
            func.min(P.c.received_at),
            func.max(case((P.c.state == CURRENT, 1), else_=0)),
        )
        .where(P.c.period.like(f"{year}-%"))
        .group_by(P.c.kode_wilayah, P.c.period)
    ).all()
    returned = {
        (k, p): note
        for k, p, note in work.conn.execute(
            select(P.c.kode_wilayah, P.c.period, P.c.returned_note).where(
                P.c.period.like(f"{year}-%"), P.c.state == CURRENT, P.c.returned_at.is_not(None)
            )
        )
    }
    got = {(k, p): (int(n), first) for k, p, n, first, _c in rows}
    listed = villages(work)
    sent_codes = {k for k, _p in got}
    shown = [v for v in listed if v.expected or v.kode_wilayah in sent_codes]
    today = work.today
    # the months before the kecamatan's first package were kept on paper: nothing is due there
    first_period = work.conn.execute(select(func.min(P.c.period))).scalar() or f"{today:%Y-%m}"
    cells: dict[str, list[MatrixCell]] = {}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    expected_n = sum(1 for v in listed if v.expected)
    for v in shown:
        line = []
        for month in range(1, 13):
            period = f"{year}-{month:02d}"
            due = deadline(period, day)
            found = got.get((v.kode_wilayah, period))
            if found is None:
                started = period >= first_period and dt.date(year, month, 1) <= today.replace(day=1)
                state = NOT_DUE if not started else (MISSING if today > due else WAITING)
                line.append(MatrixCell(period, state, 0, None, ""))
                if state == MISSING and v.expected:
                    counts[month]["missing"] += 1
                continue
            n, first = found
            first_local = first.astimezone().date() if first is not None else None
            on_time = first_local is not None and first_local <= due
            note = returned.get((v.kode_wilayah, period), "")
            if (v.kode_wilayah, period) in returned:
                state = RETURNED
            elif n > 1:
                state = REPLACED
            else:
                state = ON_TIME if on_time else LATE
            line.append(MatrixCell(period, state, n, first, note, on_time))
            c = counts[month]
            c["received"] += 1
            c["on_time" if on_time else "late"] += 1
            c["replaced"] += n > 1
            c["returned"] += state == RETURNED
        cells[v.kode_wilayah] = line
    months = [
        MonthCount(
            f"{year}-{m:02d}",
            expected_n,
            counts[m]["received"],
            counts[m]["on_time"],
            counts[m]["late"],
            counts[m]["replaced"],
            counts[m]["returned"],
            counts[m]["missing"],
            deadline(f"{year}-{m:02d}", day),
        )
        for m in range(1, 13)
    ]
    return SubmissionMatrix(year, day, shown, cells, months)


def return_package(work: Work, package_id: int, note: str) -> None:
    """Send a package back to its village with a note (what to correct); the month shows
    "dikembalikan" until the village sends it again. The note goes into the village's return
    file."""
    work.require(perm.REVIEW)
    note = " ".join(note.split())
    if not note:
        raise UserError("KEC_CATATAN_KOSONG")
    row = work.conn.execute(
        select(P.c.kode_wilayah, P.c.period, P.c.returned_note).where(P.c.id == package_id)
    ).first()
    if row is None:
        raise UserError("KEC_PAKET_HILANG")
    work.conn.execute(
        P.update()
        .where(P.c.id == package_id)
        .values(returned_at=work.now, returned_by=work.actor.username, returned_note=note)
    )
    audit.note(
        work,
        action="return",
        entity="kec_package",
        entity_id=package_id,
        entity_key=f"{row[0]} {row[1]}",
        changes={"returned_note": (row[2] or None, note)},
    )
