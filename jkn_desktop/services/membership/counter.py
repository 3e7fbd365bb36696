"""The counter check: who is this, and are they covered? With the warnings that the status or the
desil may be out of date, who in the KK the worker's PPU does not cover, and what PBPU mandiri
would cost the KK."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.persistence.tables import household_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import CheckResult, CheckWarning, JknFilter, JknRow
from jkn_desktop.services.membership.kepesertaan import (
    family_members,
    fetch_rows,
    ids_by_number,
    mandiri_rate,
    members,
    months_between,
    query_ids,
)
from jkn_desktop.services.settings import get_setting

H = household_t


def staleness(
    p: JknRow, desil_as_of: dt.date | None, today: dt.date, *, max_days: int, desil_months: int
) -> list[CheckWarning]:
    """Warnings that the status or the household's desil may be out of date."""
    out = []
    if p.segment in J.JKN_SEGMENTS:
        if p.as_of is None:
            out.append(
                CheckWarning(
                    "STATUS_TANPA_TANGGAL",
                    "Status ini dari isian berkas penduduk tanpa tanggal: pastikan di BPJS "
                    "(aplikasi Mobile JKN atau kantor BPJS) sebelum memutuskan.",
                )
            )
        elif (today - p.as_of).days > max_days:
            out.append(
                CheckWarning(
                    "STATUS_LAMA",
                    f"Status ini per {tanggal(p.as_of)}, sudah {(today - p.as_of).days} hari: "
                    "pastikan di BPJS sebelum memutuskan.",
                )
            )
    if desil_as_of is not None and months_between(desil_as_of, today) > desil_months:
        out.append(
            CheckWarning(
                "DESIL_LAMA",
                f"Desil KK ini per {tanggal(desil_as_of)}, lebih dari {desil_months} bulan: DTSEN "
                "diperbarui tiap tiga bulan, periksa desil terbaru.",
            )
        )
    return out


def counter_check(work: Work, text: str, limit: int = 10) -> list[CheckResult]:
    """Who is this, and are they covered? A NIK (or its start), a card number or part of a name;
    every status dasar is searched, since a dead person's card is a finding too. Each result says
    when the status or the desil may be out of date (on the job's day), who in the KK the worker's
    PPU does not cover, and what the KK's uninsured members would cost as PBPU mandiri."""
    if not text.strip():
        return []
    today = work.today
    ids = ids_by_number(work, text)
    if ids is None:
        ids = query_ids(work, JknFilter(search=text, living_only=False), sort="name")
    ids = ids[:limit]
    people = fetch_rows(work, ids)
    hh_ids = sorted({p.household_id for p in people if p.household_id is not None})
    by_hh: dict[int, list[JknRow]] = {h: members(work, h) for h in hh_ids}
    desil_dates: dict[int, dt.date | None] = {}
    if hh_ids:
        desil_dates = dict(
            work.conn.execute(select(H.c.id, H.c.desil_as_of).where(H.c.id.in_(hh_ids))).all()
        )
    max_days = int(get_setting(work, "status_max_age_days"))
    desil_months = int(get_setting(work, "desil_max_age_months"))
    rate = mandiri_rate(work)
    out = []
    for p in people:
        family = by_hh.get(p.household_id, []) if p.household_id is not None else []
        living_uninsured = sum(1 for m in family if m.status_dasar == codes.HIDUP and m.uninsured)
        desil_as_of = desil_dates.get(p.household_id) if p.household_id is not None else None
        warnings = staleness(p, desil_as_of, today, max_days=max_days, desil_months=desil_months)
        outside = frozenset(J.outside_ppu_family(family_members(family, today)))
        out.append(CheckResult(p, family, warnings, outside, living_uninsured * rate))
    return out
